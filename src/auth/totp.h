#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gongjian::auth {

// A one-time-code second factor. TOTP today; an SM3/SM4 token (GM/T 0021, GB/T 38556) can
// implement the same interface later. Implementations are immutable and thread-safe.
class SecondFactor {
 public:
  virtual ~SecondFactor() = default;

  // Stable identifier stored with the user's enrolment, e.g. "totp".
  virtual std::string_view Name() const = 0;

  // Returns the time step that `code` matches for `secret` (raw bytes) at `unix_seconds`,
  // trying the current step and `window` steps either side; nullopt when none match or the code
  // is malformed. Replay protection is the caller's job: store the last accepted step per user
  // and reject a result that is <= it, so each code works once. Rate-limit attempts as well.
  virtual std::optional<int64_t> Verify(std::string_view secret, std::string_view code,
                                        int64_t unix_seconds) const = 0;
};

// RFC 6238 TOTP with HMAC-SHA1 (RFC 4226 HOTP over the time step), the variant every
// authenticator app supports. `unix_seconds` must not be negative.
class Totp final : public SecondFactor {
 public:
  // `digits` in [6, 8], `step_seconds` > 0, `window` >= 0; throws std::invalid_argument otherwise.
  explicit Totp(int digits = 6, int step_seconds = 30, int window = 1);

  // "totp".
  std::string_view Name() const override;

  // Accepts only exactly `digits` ASCII digits; never matches an empty secret.
  std::optional<int64_t> Verify(std::string_view secret, std::string_view code,
                                int64_t unix_seconds) const override;

  // The code for `secret` (raw bytes) at `unix_seconds`, zero-padded to `digits`.
  std::string Code(std::string_view secret, int64_t unix_seconds) const;

 private:
  std::string CodeForStep(std::string_view secret, int64_t step) const;

  int digits_;
  int step_seconds_;
  int window_;
};

// RFC 4648 base32, upper case, without padding: how authenticator apps take secrets.
std::string Base32Encode(std::string_view bytes);

// The bytes of base32 `text`, ignoring case, spaces and '=' padding; nullopt for any other
// character or a length no encoding can have.
std::optional<std::string> Base32Decode(std::string_view text);

// The enrolment URI to show as a QR code (Google Authenticator key-URI format):
// otpauth://totp/<issuer>:<account>?secret=<BASE32>&issuer=<issuer>&algorithm=SHA1&digits=6&period=30
// with issuer and account percent-encoded as UTF-8 (RFC 3986 unreserved characters kept).
// `secret` is raw bytes. The URI contains the secret: never log it.
std::string OtpAuthUri(std::string_view issuer, std::string_view account, std::string_view secret);

// A fresh 20-byte (160-bit, as RFC 4226 recommends) secret. Store it sealed (auth/crypto.h Seal).
std::string NewTotpSecret();

}  // namespace gongjian::auth
