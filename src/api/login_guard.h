#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/clock.h"

namespace gongjian::api {

// In-memory defences of the sign-in endpoint, per server instance:
// - a per-address budget of attempts per minute, checked before any password work, so a
//   flood cannot burn the CPU on PBKDF2;
// - the lockout rule applied to login names that have no account, so an unknown name and
//   a real one answer alike even after five failures (no account enumeration).
// Thread-safe. Memory is bounded: the tables are cleared when they grow past a limit.
class LoginGuard {
 public:
  // False when `address` has used its `per_minute` attempts in the current minute.
  bool AllowAttempt(const std::string& address, core::TimePoint now, int per_minute);

  // Whole seconds from `now` until the next minute's budget begins (1–60): the Retry-After
  // of a refused attempt.
  static int SecondsUntilNextWindow(core::TimePoint now);

  // For names without an account: records a failure and says whether the name now counts
  // as locked (threshold failures within the lockout window).
  bool RecordUnknownFailure(const std::string& username_key, core::TimePoint now, int threshold,
                            std::chrono::minutes lockout);
  bool UnknownLocked(const std::string& username_key, core::TimePoint now) const;

 private:
  struct Window {
    int64_t minute = 0;
    int count = 0;
  };
  struct Failures {
    int count = 0;
    core::TimePoint locked_until{};
  };
  static constexpr size_t kMaxEntries = 100000;

  mutable std::mutex mu_;
  std::unordered_map<std::string, Window> addresses_;
  std::unordered_map<std::string, Failures> unknown_;
};

}  // namespace gongjian::api
