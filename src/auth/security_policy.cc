#include "auth/security_policy.h"

#include <string>

namespace gongjian::auth {
namespace {

core::Status InRange(const char* field, int value, int min, int max) {
  if (value < min || value > max) {
    return core::Status::Invalid(field, "out_of_range", {std::to_string(min), std::to_string(max)});
  }
  return core::Status::Ok();
}

}  // namespace

core::Status ValidateSecurityPolicy(const SecurityPolicy& p) {
  GJ_RETURN_IF_ERROR(InRange("password_min_length", p.password.min_length, 8, 64));
  GJ_RETURN_IF_ERROR(InRange("password_min_classes", p.password.min_classes, 1, 4));
  GJ_RETURN_IF_ERROR(InRange("password_expiry_days", p.password.expiry_days, 0, 3650));
  GJ_RETURN_IF_ERROR(InRange("password_history", p.password.history, 1, 24));
  GJ_RETURN_IF_ERROR(InRange("password_iterations", p.password.iterations, 10000, 2000000));
  GJ_RETURN_IF_ERROR(InRange("lockout_threshold", p.lockout_threshold, 3, 20));
  GJ_RETURN_IF_ERROR(InRange("lockout_minutes", p.lockout_minutes, 1, 1440));
  GJ_RETURN_IF_ERROR(InRange("idle_minutes", p.idle_minutes, 5, 240));
  GJ_RETURN_IF_ERROR(InRange("absolute_hours", p.absolute_hours, 1, 24));
  GJ_RETURN_IF_ERROR(InRange("login_attempts_per_minute", p.login_attempts_per_minute, 5, 1000));
  return core::Status::Ok();
}

}  // namespace gongjian::auth
