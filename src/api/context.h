#pragma once

#include <atomic>
#include <mutex>
#include <string>

#include "auth/keyring.h"
#include "auth/security_policy.h"
#include "core/clock.h"
#include "store/database.h"

namespace gongjian::io {
class FileStore;
}

namespace gongjian::api {

class DbMonitor;
class LoginGuard;

// The security policy, read from the settings table and kept for a few seconds so the
// session check does not query it on every request. Thread-safe.
class PolicyCache {
 public:
  // The current policy (defaults when never set).
  auth::SecurityPolicy Get(store::Database& db, core::TimePoint now);
  void Invalidate();

 private:
  std::mutex mu_;
  auth::SecurityPolicy policy_;
  core::TimePoint loaded_{};
  bool valid_ = false;
};

// What handlers share. Outlives the server.
struct ApiContext {
  store::Database& db;
  const core::Clock& clock;
  std::string version;
  const DbMonitor* monitor = nullptr;  // health answers "unknown" without one
  const auth::KeyRing* keys = nullptr;
  LoginGuard* guard = nullptr;
  PolicyCache* policy = nullptr;
  bool secure_cookies = false;  // behind TLS: Secure and __Host- cookies
  bool demo = false;            // a demo database: the UI shows a banner
  io::FileStore* files = nullptr;  // attachments; uploads answer 503 without one
};

}  // namespace gongjian::api
