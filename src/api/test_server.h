#pragma once

// Runs the real HTTP server with the real API on a loopback port for a test.

#include <httplib.h>

#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "api/context.h"
#include "api/health.h"
#include "api/login_guard.h"
#include "domain/account.h"
#include "domain/org.h"
#include "http/server.h"
#include "io/file_store.h"
#include "store/test_database.h"

namespace gongjian::api {

// A signed-in client's credentials: the session cookie and the CSRF token.
// A real JPEG of the given size (a gradient), encoded with libjpeg: for upload tests.
std::string TestJpeg(int width, int height);

struct TestSession {
  std::string cookie;  // "gj_session=…"
  std::string csrf;
  // Headers that authenticate a request, plus `extra`.
  httplib::Headers Headers(httplib::Headers extra = {}) const;
};

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

  // The district root organisation, created on first use.
  int64_t RootOrg();
  // Creates an organisation directly in the store and returns its id.
  int64_t AddOrg(const std::string& name, domain::OrgKind kind, std::optional<int64_t> parent);
  // Creates an account directly in the store and returns its password.
  std::string AddUser(const std::string& username, std::vector<domain::Role> roles, std::optional<int64_t> org = {},
                      bool must_change = false, domain::ScopeKind scope = domain::ScopeKind::kAll);
  // Signs in over HTTP; fails the test (and returns an empty session) when that fails.
  TestSession Login(const std::string& username, const std::string& password);
  // A user with `role`, signed in.
  TestSession SignedIn(domain::Role role);
  const auth::KeyRing& keys() const { return keys_; }
  core::FakeClock& clock() { return clock_; }
  store::Database& db() { return test_db_->db(); }
  io::FileStore& files() { return *files_; }
  const http::Router& router() const { return *router_; }

 private:
  TestServer() = default;
  std::unique_ptr<store::TestDatabase> test_db_;
  core::FakeClock clock_{std::chrono::system_clock::now()};
  auth::KeyRing keys_;
  LoginGuard guard_;
  PolicyCache policy_;
  int64_t root_org_ = 0;
  int users_ = 0;
  std::unique_ptr<DbMonitor> monitor_;
  std::unique_ptr<ApiContext> ctx_;
  std::filesystem::path files_dir_;
  std::unique_ptr<io::FileStore> files_;
  std::shared_ptr<http::Router> router_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
  uint16_t port_ = 0;
};

}  // namespace gongjian::api
