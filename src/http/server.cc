// The only file that includes RESTinio: handlers never see it.
#include "http/server.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <random>
#include <restinio/all.hpp>
#include <thread>

#include "core/utf8.h"
#include "http/worker_pool.h"

namespace gongjian::http {
namespace {

using core::Code;
using core::Status;
using Clock = std::chrono::steady_clock;

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 412: return "Precondition Failed";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 428: return "Precondition Required";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Status";
  }
}

// A client's id is kept only when short and plain, so it cannot inject into logs.
bool SaneRequestId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

std::string NewRequestId() {
  static std::atomic<uint64_t> counter{0};
  static const uint64_t prefix = std::random_device{}();
  return fmt::format("{:08x}-{:06x}", static_cast<uint32_t>(prefix), counter++ & 0xFFFFFF);
}

bool IsJsonContentType(std::string_view ct) {
  constexpr std::string_view kJson = "application/json";
  return ct.size() >= kJson.size() && EqualsIgnoreCase(ct.substr(0, kJson.size()), kJson) &&
         (ct.size() == kJson.size() || ct[kJson.size()] == ';' || ct[kJson.size()] == ' ');
}

void AddSecurityHeaders(const Request& req, Response& resp) {
  resp.SetHeader("X-Content-Type-Options", "nosniff");
  resp.SetHeader("X-Frame-Options", "DENY");
  resp.SetHeader("Referrer-Policy", "no-referrer");
  resp.SetHeader("Content-Security-Policy",
                 "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                 "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; "
                 "frame-ancestors 'none'; base-uri 'self'; form-action 'self'");
  bool has_cache_control = false;
  for (const auto& [k, v] : resp.headers) has_cache_control = has_cache_control || EqualsIgnoreCase(k, "Cache-Control");
  if (!has_cache_control) resp.SetHeader("Cache-Control", "no-store");
}

}  // namespace

struct Server::Impl {
  using Traits = restinio::default_traits_t;

  ServerOptions options;
  std::shared_ptr<const Router> router;
  StaticFiles static_files;
  ErrorRenderer render_error;

  asio::io_context io;
  std::unique_ptr<WorkerPool> workers;
  std::atomic<int> in_flight{0};
  std::atomic<bool> draining{false};
  std::atomic<bool> stop_requested{false};

  Response Error(const Status& s, const Request& req) const { return render_error(s, req); }

  // Fills a Request from RESTinio's; a malformed path or query gives the error to answer.
  std::optional<Response> Build(const restinio::request_handle_t& h, Request& req) const {
    const auto& header = h->header();
    req.method = std::string(header.method().c_str());
    header.for_each_field([&req](const auto& f) { req.headers.emplace_back(f.name(), f.value()); });
    auto client_id = req.Header("X-Request-Id");
    req.request_id = client_id && SaneRequestId(*client_id) ? std::string(*client_id) : NewRequestId();
    req.remote_address = h->remote_endpoint().address().to_string();
    req.body = h->body();
    auto path = PercentDecode(header.path(), false);
    if (!path || !core::IsValidUtf8(*path)) {
      req.path = std::string(header.path());
      return Error(Status::Invalid("path", "bad_path"), req);
    }
    req.path = std::move(*path);
    auto query = ParseQuery(header.query());
    if (!query) return Error(Status::Invalid("query", "bad_query"), req);
    for (const auto& [k, v] : *query) {
      if (!core::IsValidUtf8(k) || !core::IsValidUtf8(v)) return Error(Status::Invalid("query", "invalid_utf8"), req);
    }
    req.query = std::move(*query);
    return std::nullopt;
  }

  // The checks a route's options ask for, before any handler runs.
  std::optional<Status> CheckBody(const Route& route, const Request& req) const {
    if (req.body.size() > route.options.max_body) {
      return Status(Code::kPayloadTooLarge, "payload_too_large", "body", {std::to_string(route.options.max_body)});
    }
    if (!route.options.json_body || req.body.empty()) return std::nullopt;
    auto ct = req.Header("Content-Type");
    if (!ct || !IsJsonContentType(*ct)) return Status(Code::kUnsupportedMediaType, "unsupported_media_type", "body");
    if (!core::IsValidUtf8(req.body)) return Status::Invalid("body", "invalid_utf8");
    return std::nullopt;
  }

  Response RunHandler(const Route& route, Request& req) const {
    try {
      return router->Dispatch(route, req);
    } catch (const std::exception& e) {
      spdlog::error("{} unhandled exception in {} {}: {}", req.request_id, req.method, route.pattern, e.what());
    } catch (...) {
      spdlog::error("{} unhandled non-standard exception in {} {}", req.request_id, req.method, route.pattern);
    }
    return Error(Status::Internal("exception"), req);
  }

  void Send(const restinio::request_handle_t& h, const Request& req, Response resp, Clock::time_point start) {
    AddSecurityHeaders(req, resp);
    auto builder = h->create_response(restinio::http_status_line_t{
        restinio::http_status_code_t{static_cast<std::uint16_t>(resp.status)},
        std::string(ReasonPhrase(resp.status))});
    builder.append_header_date_field();
    builder.append_header("X-Request-Id", req.request_id);
    if (resp.BodySize() != 0 || resp.status != 304) {
      builder.append_header(restinio::http_field::content_type, resp.content_type);
    }
    for (auto& [k, v] : resp.headers) builder.append_header(std::move(k), std::move(v));
    if (draining.load()) builder.connection_close();
    size_t bytes = resp.BodySize();
    if (req.method != "HEAD") {
      if (resp.shared_body) {
        builder.set_body(restinio::writable_item_t(std::move(resp.shared_body)));
      } else {
        builder.set_body(std::move(resp.body));
      }
    }
    builder.done();
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
    spdlog::info("{} {} {} {} {} {}B {:.1f}ms", req.request_id, req.remote_address, req.method, req.path,
                 resp.status, bytes, us / 1000.0);
  }

  restinio::request_handling_status_t Handle(restinio::request_handle_t h) {
    auto start = Clock::now();
    auto req = std::make_shared<Request>();
    if (auto bad = Build(h, *req)) {
      Send(h, *req, std::move(*bad), start);
      return restinio::request_accepted();
    }
    bool api = req->path == "/api" || req->path.rfind("/api/", 0) == 0;
    if (!api) {
      ServeStatic(h, *req, start);
      return restinio::request_accepted();
    }
    auto match = router->Find(req->method, req->path);
    if (!match.route) {
      Response resp;
      if (match.allowed.empty()) {
        resp = Error(Status(Code::kNotFound, "route_not_found"), *req);
      } else {
        resp = Error(Status(Code::kMethodNotAllowed, "method_not_allowed"), *req);
        std::string allow;
        for (const auto& m : match.allowed) allow += (allow.empty() ? "" : ", ") + m;
        resp.SetHeader("Allow", allow);
      }
      Send(h, *req, std::move(resp), start);
      return restinio::request_accepted();
    }
    const Route& route = *match.route;
    req->path_params = std::move(match.params);
    if (auto bad = CheckBody(route, *req)) {
      Send(h, *req, Error(*bad, *req), start);
      return restinio::request_accepted();
    }
    if (route.options.exec == Exec::kInline) {
      Send(h, *req, RunHandler(route, *req), start);
      return restinio::request_accepted();
    }
    ++in_flight;
    bool posted = workers->Post([this, h, req, &route, start] {
      Send(h, *req, RunHandler(route, *req), start);
      --in_flight;
    });
    if (!posted) {
      --in_flight;
      Send(h, *req, Error(Status::Unavailable("overloaded"), *req), start);
    }
    return restinio::request_accepted();
  }

  void ServeStatic(const restinio::request_handle_t& h, Request& req, Clock::time_point start) {
    if (req.method != "GET" && req.method != "HEAD") {
      Response resp = Error(Status(Code::kMethodNotAllowed, "method_not_allowed"), req);
      resp.SetHeader("Allow", "GET, HEAD");
      Send(h, req, std::move(resp), start);
      return;
    }
    auto file = static_files.Serve(req.path, req.Header("If-None-Match"));
    Send(h, req, file ? std::move(*file) : Error(Status(Code::kNotFound, "route_not_found"), req), start);
  }
};

Server::Server(ServerOptions options, std::shared_ptr<const Router> router, StaticFiles static_files,
               ErrorRenderer render_error)
    : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->router = std::move(router);
  impl_->static_files = std::move(static_files);
  impl_->render_error = std::move(render_error);
}

Server::~Server() = default;

void Server::Stop() {
  impl_->stop_requested = true;
  asio::post(impl_->io, [] {});  // wake the drain watcher
}

Status Server::Run(const std::function<void(uint16_t)>& on_listening) {
  Impl& im = *impl_;
  const ServerOptions& o = im.options;
  im.workers = std::make_unique<WorkerPool>(o.workers, o.max_queued);
  std::atomic<uint16_t> bound_port{0};

  auto settings = restinio::server_settings_t<Impl::Traits>{}
                      .address(o.address)
                      .port(o.port)
                      .read_next_http_message_timelimit(o.read_timeout)
                      .write_http_response_timelimit(o.write_timeout)
                      .handle_request_timeout(o.handle_timeout)
                      .max_pipelined_requests(16)
                      .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}.max_body_size(o.max_body_hard))
                      .acceptor_post_bind_hook([&bound_port](asio::ip::tcp::acceptor& a) {
                        bound_port = a.local_endpoint().port();
                      })
                      .request_handler([&im](restinio::request_handle_t h) { return im.Handle(std::move(h)); });
  restinio::http_server_t<Impl::Traits> server{restinio::external_io_context(im.io), std::move(settings)};

  try {
    server.open_sync();
  } catch (const std::exception& e) {
    im.workers->Stop();
    return Status::Unavailable("listen_failed", fmt::format("{}:{}: {}", o.address, o.port, e.what()));
  }
  spdlog::info("listening on http://{}:{}", o.address, bound_port.load());
  if (on_listening) on_listening(bound_port.load());

  // Shutdown: stop accepting, wait for in-flight requests, give their responses a moment
  // to leave the socket, then stop the I/O threads.
  asio::signal_set signals(im.io, SIGTERM, SIGINT);
  std::atomic<bool> shutting_down{false};
  asio::steady_timer watcher(im.io);
  std::function<void()> begin_shutdown = [&] {
    if (shutting_down.exchange(true)) return;
    spdlog::info("shutting down: {} request(s) in flight", im.in_flight.load());
    // Close the listener before answering anything with Connection: close, so a client
    // that reconnects is refused outright instead of landing in a backlog about to be reset.
    server.close_sync();
    im.draining = true;
    signals.cancel();
    auto deadline = Clock::now() + o.drain_timeout;
    auto poll = std::make_shared<std::function<void()>>();
    *poll = [&, deadline, poll] {
      if (im.in_flight.load() > 0 && Clock::now() < deadline) {
        watcher.expires_after(std::chrono::milliseconds(10));
        watcher.async_wait([poll](const asio::error_code&) { (*poll)(); });
        return;
      }
      im.workers->Stop();
      watcher.expires_after(std::chrono::milliseconds(200));
      watcher.async_wait([&, poll](const asio::error_code&) {
        *poll = nullptr;  // break the self-reference
        im.io.stop();
      });
    };
    (*poll)();
  };
  signals.async_wait([&](const asio::error_code& ec, int) {
    if (!ec) begin_shutdown();
  });
  // Stop() may come from any thread: check for it periodically on the I/O context.
  asio::steady_timer stop_check(im.io);
  std::function<void()> check_stop = [&] {
    if (im.stop_requested.load()) {
      begin_shutdown();
      return;
    }
    stop_check.expires_after(std::chrono::milliseconds(50));
    stop_check.async_wait([&](const asio::error_code& ec) {
      if (!ec) check_stop();
    });
  };
  check_stop();

  std::vector<std::thread> io_threads;
  for (size_t i = 1; i < o.io_threads; ++i) io_threads.emplace_back([&] { im.io.run(); });
  im.io.run();
  for (auto& t : io_threads) t.join();
  im.workers->Stop();
  spdlog::info("stopped");
  return Status::Ok();
}

}  // namespace gongjian::http
