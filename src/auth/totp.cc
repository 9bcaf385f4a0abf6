#include "auth/totp.h"

#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <stdexcept>

#include "auth/crypto.h"

namespace gongjian::auth {
namespace {

constexpr std::string_view kBase32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr size_t kSecretSize = 20;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsUnreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || IsDigit(c) || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

std::string PercentEncode(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (IsUnreserved(c)) {
      out += c;
    } else {
      out += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    }
  }
  return out;
}

}  // namespace

Totp::Totp(int digits, int step_seconds, int window)
    : digits_(digits), step_seconds_(step_seconds), window_(window) {
  if (digits < 6 || digits > 8 || step_seconds <= 0 || window < 0) {
    throw std::invalid_argument("Totp: digits 6-8, step_seconds > 0, window >= 0");
  }
}

std::string_view Totp::Name() const { return "totp"; }

std::optional<int64_t> Totp::Verify(std::string_view secret, std::string_view code,
                                    int64_t unix_seconds) const {
  if (secret.empty() || code.size() != static_cast<size_t>(digits_) ||
      !std::all_of(code.begin(), code.end(), IsDigit)) {
    return std::nullopt;
  }
  int64_t now = unix_seconds / step_seconds_;
  for (int64_t step = now - window_; step <= now + window_; ++step) {
    if (step >= 0 && ConstantTimeEquals(CodeForStep(secret, step), code)) return step;
  }
  return std::nullopt;
}

std::string Totp::Code(std::string_view secret, int64_t unix_seconds) const {
  return CodeForStep(secret, unix_seconds / step_seconds_);
}

// RFC 4226 §5.3: HMAC-SHA1 over the big-endian counter, dynamic truncation, decimal digits.
std::string Totp::CodeForStep(std::string_view secret, int64_t step) const {
  unsigned char counter[8];
  for (int i = 7; i >= 0; --i, step >>= 8) counter[i] = static_cast<unsigned char>(step & 0xFF);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (HMAC(EVP_sha1(), secret.data(), static_cast<int>(secret.size()), counter, sizeof counter, mac,
           &len) == nullptr) {
    throw std::runtime_error("OpenSSL HMAC-SHA1 failed");
  }
  int offset = mac[len - 1] & 0x0F;
  uint32_t binary =
      (mac[offset] & 0x7Fu) << 24 | mac[offset + 1] << 16 | mac[offset + 2] << 8 | mac[offset + 3];
  uint32_t modulus = 1;
  for (int i = 0; i < digits_; ++i) modulus *= 10;
  return fmt::format("{:0{}}", binary % modulus, digits_);
}

std::string Base32Encode(std::string_view bytes) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char b : bytes) {
    buffer = buffer << 8 | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += kBase32Alphabet[(buffer >> bits) & 0x1F];
    }
  }
  if (bits > 0) out += kBase32Alphabet[(buffer << (5 - bits)) & 0x1F];
  return out;
}

std::optional<std::string> Base32Decode(std::string_view text) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  size_t symbols = 0;
  for (char c : text) {
    if (c == ' ' || c == '=') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    size_t value = kBase32Alphabet.find(c);
    if (value == std::string_view::npos) return std::nullopt;
    buffer = buffer << 5 | static_cast<uint32_t>(value);
    bits += 5;
    ++symbols;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  // 1 to 5 bytes take 2, 4, 5, 7 or 8 symbols: a last group of 1, 3 or 6 cannot occur.
  size_t tail = symbols % 8;
  if (tail == 1 || tail == 3 || tail == 6) return std::nullopt;
  return out;
}

std::string OtpAuthUri(std::string_view issuer, std::string_view account, std::string_view secret) {
  std::string encoded_issuer = PercentEncode(issuer);
  return fmt::format("otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits=6&period=30",
                     encoded_issuer, PercentEncode(account), Base32Encode(secret), encoded_issuer);
}

std::string NewTotpSecret() { return RandomBytes(kSecretSize); }

}  // namespace gongjian::auth
