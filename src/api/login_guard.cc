#include "api/login_guard.h"

namespace gongjian::api {

bool LoginGuard::AllowAttempt(const std::string& address, core::TimePoint now, int per_minute) {
  int64_t minute = std::chrono::duration_cast<std::chrono::minutes>(now.time_since_epoch()).count();
  std::lock_guard lock(mu_);
  if (addresses_.size() > kMaxEntries) addresses_.clear();
  Window& w = addresses_[address];
  if (w.minute != minute) w = Window{minute, 0};
  return ++w.count <= per_minute;
}

int LoginGuard::SecondsUntilNextWindow(core::TimePoint now) {
  auto into_minute = now.time_since_epoch() % std::chrono::minutes(1);
  return static_cast<int>(std::chrono::ceil<std::chrono::seconds>(std::chrono::minutes(1) - into_minute).count());
}

bool LoginGuard::RecordUnknownFailure(const std::string& username_key, core::TimePoint now, int threshold,
                                      std::chrono::minutes lockout) {
  std::lock_guard lock(mu_);
  if (unknown_.size() > kMaxEntries) unknown_.clear();
  Failures& f = unknown_[username_key];
  if (f.locked_until > now) return true;
  if (++f.count >= threshold) {
    f.count = 0;
    f.locked_until = now + lockout;
    return true;
  }
  return false;
}

bool LoginGuard::UnknownLocked(const std::string& username_key, core::TimePoint now) const {
  std::lock_guard lock(mu_);
  auto it = unknown_.find(username_key);
  return it != unknown_.end() && it->second.locked_until > now;
}

}  // namespace gongjian::api
