#pragma once

#include "auth/password.h"

namespace gongjian::auth {

// The settings the security administrator owns (security-research.md §1.2 defaults).
struct SecurityPolicy {
  PasswordPolicy password;
  int lockout_threshold = 5;   // failed sign-ins before the account locks
  int lockout_minutes = 15;
  int idle_minutes = 30;       // a session unused this long ends
  int absolute_hours = 12;     // a session ends this long after sign-in regardless
  bool totp_required = false;  // every account must enrol a second factor
  int login_attempts_per_minute = 20;  // per source address, before any password work
};

// kInvalidArgument naming the field when a value is outside its sane range.
core::Status ValidateSecurityPolicy(const SecurityPolicy& policy);

}  // namespace gongjian::auth
