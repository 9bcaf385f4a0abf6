#include "auth/password.h"

#include <fmt/format.h>

#include <charconv>
#include <optional>
#include <stdexcept>
#include <unordered_set>
#include <utility>
#include <vector>

#include "auth/crypto.h"
#include "core/utf8.h"

namespace gongjian::auth {
namespace {

constexpr std::string_view kAlgorithm = "pbkdf2-sm3";
constexpr int kMinIterations = 1000;
constexpr int kMaxIterations = 10'000'000;
constexpr size_t kSaltSize = 16;
constexpr size_t kKeySize = 32;

// Stripped from the end before the second look-up in the common list.
constexpr std::string_view kTrailingNoise = "0123456789 !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

constexpr std::string_view kCommonPasswords[] = {
#include "auth/common_passwords.inc"
};

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

const std::unordered_set<std::string>& CommonPasswords() {
  static const auto* const set = [] {
    auto* s = new std::unordered_set<std::string>();
    for (std::string_view p : kCommonPasswords) s->insert(AsciiLower(p));
    return s;
  }();
  return *set;
}

bool IsCommon(std::string_view password) {
  const auto& common = CommonPasswords();
  std::string lower = AsciiLower(password);
  if (common.contains(lower)) return true;
  size_t end = lower.find_last_not_of(kTrailingNoise);
  return end != std::string::npos && common.contains(lower.substr(0, end + 1));
}

// For well-formed UTF-8: C0 controls, DEL, and C1 controls (encoded as C2 80 … C2 9F).
bool HasControlCharacter(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7F) return true;
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) < 0xA0) return true;
  }
  return false;
}

// For well-formed UTF-8: every byte that is not a continuation byte starts a code point.
int CountCodePoints(std::string_view s) {
  int n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

int CountClasses(std::string_view s) {
  bool lower = false, upper = false, digit = false, other = false;
  for (char c : s) {
    if (c >= 'a' && c <= 'z') {
      lower = true;
    } else if (c >= 'A' && c <= 'Z') {
      upper = true;
    } else if (c >= '0' && c <= '9') {
      digit = true;
    } else {
      other = true;
    }
  }
  return lower + upper + digit + other;
}

core::Status Weak(std::string key, std::vector<std::string> args = {}) {
  return core::Status::Invalid("new_password", std::move(key), std::move(args));
}

void CheckIterations(int iterations) {
  if (iterations < kMinIterations || iterations > kMaxIterations) {
    throw std::invalid_argument(fmt::format("PBKDF2 iterations {} out of range", iterations));
  }
}

std::string DeriveKey(std::string_view password, std::string_view pepper, std::string_view salt,
                      int iterations) {
  std::string peppered = HmacSm3(pepper, password);
  std::string key = Pbkdf2HmacSm3(peppered, salt, iterations, kKeySize);
  Cleanse(peppered);
  return key;
}

std::string EncodeHash(int iterations, std::string_view salt, std::string_view key) {
  return fmt::format("{}${}${}${}", kAlgorithm, iterations, Base64Encode(salt), Base64Encode(key));
}

struct ParsedHash {
  int iterations = 0;
  std::string salt;
  std::string key;
};

std::optional<ParsedHash> ParseHash(std::string_view encoded) {
  std::vector<std::string_view> parts;
  for (size_t start = 0;;) {
    size_t end = encoded.find('$', start);
    parts.push_back(encoded.substr(start, end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  if (parts.size() != 4 || parts[0] != kAlgorithm) return std::nullopt;
  ParsedHash parsed;
  std::string_view digits = parts[1];
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), parsed.iterations);
  if (ec != std::errc() || ptr != digits.data() + digits.size() ||
      parsed.iterations < kMinIterations || parsed.iterations > kMaxIterations) {
    return std::nullopt;
  }
  std::optional<std::string> salt = Base64Decode(parts[2]);
  std::optional<std::string> key = Base64Decode(parts[3]);
  if (!salt || salt->size() != kSaltSize || !key || key->size() != kKeySize) return std::nullopt;
  parsed.salt = std::move(*salt);
  parsed.key = std::move(*key);
  return parsed;
}

}  // namespace

core::Status CheckPasswordStrength(const PasswordPolicy& policy, std::string_view password,
                                   std::string_view username) {
  if (!core::IsValidUtf8(password)) return Weak("password_invalid_utf8");
  if (HasControlCharacter(password)) return Weak("password_control_characters");
  int length = CountCodePoints(password);
  if (length < policy.min_length) {
    return Weak("password_too_short", {std::to_string(policy.min_length)});
  }
  if (length > policy.max_length) {
    return Weak("password_too_long", {std::to_string(policy.max_length)});
  }
  if (CountClasses(password) < policy.min_classes) {
    return Weak("password_classes", {std::to_string(policy.min_classes)});
  }
  if (!username.empty() && AsciiLower(password).find(AsciiLower(username)) != std::string::npos) {
    return Weak("password_contains_username");
  }
  if (IsCommon(password)) return Weak("password_common");
  return core::Status::Ok();
}

std::string HashPassword(std::string_view password, std::string_view pepper, int iterations) {
  CheckIterations(iterations);
  std::string salt = RandomBytes(kSaltSize);
  return EncodeHash(iterations, salt, DeriveKey(password, pepper, salt, iterations));
}

bool VerifyPassword(std::string_view password, std::string_view pepper, std::string_view encoded) {
  std::optional<ParsedHash> parsed = ParseHash(encoded);
  if (!parsed) return false;
  return ConstantTimeEquals(DeriveKey(password, pepper, parsed->salt, parsed->iterations),
                            parsed->key);
}

bool NeedsRehash(std::string_view encoded, int iterations) {
  std::optional<ParsedHash> parsed = ParseHash(encoded);
  return !parsed || parsed->iterations != iterations;
}

void BurnPasswordCheck(std::string_view pepper, int iterations) {
  CheckIterations(iterations);
  std::string dummy =
      EncodeHash(iterations, std::string(kSaltSize, '\0'), std::string(kKeySize, '\0'));
  (void)VerifyPassword("", pepper, dummy);
}

}  // namespace gongjian::auth
