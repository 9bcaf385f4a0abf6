#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace gongjian::auth {

// Password rules. Composition rules and expiry deviate from ASVS 2.1.9/2.1.10 on purpose:
// 等保 L3 asks for complexity and periodic change (security research §1.3).
struct PasswordPolicy {
  int min_length = 12;   // Unicode code points
  int min_classes = 3;   // of: lowercase, uppercase, digits, other (incl. non-ASCII, e.g. 汉字)
  int max_length = 128;  // code points
  int expiry_days = 90;  // enforced by the caller
  int history = 5;       // enforced by the caller: last N hashes may not be reused
  int iterations = 100000;  // PBKDF2 iterations for new hashes
};

// Checks a new password against `policy` and returns the first rule it breaks, as
// Status::Invalid("new_password", key, args) with key:
//   password_invalid_utf8        not well-formed UTF-8
//   password_control_characters  contains U+0000–U+001F, U+007F or U+0080–U+009F
//   password_too_short           fewer than policy.min_length code points; args {min_length}
//   password_too_long            more than policy.max_length code points; args {max_length}
//   password_classes             fewer than policy.min_classes classes; args {min_classes}
//   password_contains_username   contains a non-empty `username`, ignoring ASCII case
//   password_common              on the built-in list of common passwords, ignoring ASCII case,
//                                as is or without its trailing ASCII digits and punctuation
//                                ("Password2024!" counts as "password")
// The password is checked as given; normalising it (e.g. NFKC) is the caller's job.
core::Status CheckPasswordStrength(const PasswordPolicy& policy, std::string_view password,
                                   std::string_view username);

// Hashes a password for storage as "pbkdf2-sm3$<iterations>$<base64 salt>$<base64 key>": PBKDF2-
// HMAC-SM3 with a fresh 16-byte salt and a 32-byte key, over HMAC-SM3(pepper, password). The
// pepper is a server secret kept outside the database, so a stolen table alone cannot be attacked
// offline. `iterations` must be within [1000, 10'000'000]; throws std::invalid_argument otherwise.
std::string HashPassword(std::string_view password, std::string_view pepper, int iterations);

// True when `password` with `pepper` matches `encoded` from HashPassword. False for anything
// malformed: unknown algorithm, iterations outside [1000, 10'000'000], bad base64, a salt other
// than 16 bytes or a key other than 32. Compares in constant time.
bool VerifyPassword(std::string_view password, std::string_view pepper, std::string_view encoded);

// True when `encoded` should be replaced by a fresh HashPassword(…, iterations) after the next
// successful login: it is malformed, uses another algorithm, or another iteration count.
bool NeedsRehash(std::string_view encoded, int iterations);

// Does the work of one VerifyPassword against a hash with `iterations` (same range as
// HashPassword), for a login to an unknown account, so that it takes as long as a wrong password
// for a real one and does not reveal which accounts exist.
void BurnPasswordCheck(std::string_view pepper, int iterations);

}  // namespace gongjian::auth
