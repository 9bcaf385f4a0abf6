#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/status.h"
#include "http/message.h"
#include "http/router.h"
#include "http/static_files.h"

namespace gongjian::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;  // 0 picks a free port (tests)
  size_t io_threads = 1;
  size_t workers = 4;
  size_t max_queued = 4096;            // worker backlog before 503
  size_t max_body_hard = 64u << 20;    // connections sending more are dropped outright
  std::chrono::milliseconds read_timeout{15000};    // to receive a whole request; also keep-alive idle
  std::chrono::milliseconds write_timeout{30000};   // to send a response to a slow client
  std::chrono::milliseconds handle_timeout{60000};  // for a handler to produce a response
  std::chrono::milliseconds drain_timeout{30000};   // in-flight requests get this long at shutdown
};

// Renders an expected failure as the JSON error response in the request's language.
// Supplied by api/, which owns the message catalogue: the one place Status meets HTTP.
using ErrorRenderer = std::function<Response(const core::Status&, const Request&)>;

// The HTTP server. Every request passes, in order: request id (X-Request-Id, kept from
// the client when sane, else generated), access log, security headers, routing (404/405),
// body checks (413 over the route's limit, 415 when not JSON, 400 on invalid UTF-8), the
// router's middleware and the handler; an exception in a handler is logged with the
// request id and answered 500. API handlers run on the worker pool; static files and
// inline routes on the I/O thread.
class Server {
 public:
  Server(ServerOptions options, std::shared_ptr<const Router> router, StaticFiles static_files,
         ErrorRenderer render_error);
  ~Server();

  // Listens and serves until Stop() or SIGTERM/SIGINT. Shutdown is graceful: the listening
  // socket closes, requests already received run to completion and are answered (with
  // Connection: close), for up to drain_timeout, and then Run returns. `on_listening`
  // gets the bound port once the server accepts connections.
  core::Status Run(const std::function<void(uint16_t)>& on_listening = {});

  // Asks Run to shut down gracefully. Thread-safe; harmless when not running.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gongjian::http
