#pragma once

// Runs the real HTTP server with the real API on a loopback port for a test.

#include <httplib.h>

#include <memory>
#include <string>
#include <thread>

#include "api/context.h"
#include "api/health.h"
#include "http/server.h"
#include "store/test_database.h"

namespace gongjian::api {

class TestServer {
 public:
  // Null when the engine is not available (PostgreSQL without GONGJIAN_TEST_PG).
  // `static_root` is served as the web UI when given.
  static std::unique_ptr<TestServer> Start(store::Engine engine, const std::string& static_root = {},
                                           http::ServerOptions options = {});
  ~TestServer();

  // A client for this server with TCP_NODELAY (else every keep-alive request waits ~40 ms).
  std::unique_ptr<httplib::Client> Client() const;
  uint16_t port() const { return port_; }
  store::Database& db() { return test_db_->db(); }
  const http::Router& router() const { return *router_; }

 private:
  TestServer() = default;
  std::unique_ptr<store::TestDatabase> test_db_;
  core::SystemClock clock_;
  std::unique_ptr<DbMonitor> monitor_;
  std::unique_ptr<ApiContext> ctx_;
  std::shared_ptr<http::Router> router_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
  uint16_t port_ = 0;
};

}  // namespace gongjian::api
