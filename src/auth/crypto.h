#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

// Cryptographic primitives on OpenSSL 3.0 with the national (SM) algorithms. All byte strings
// are raw bytes in std::string. Every function here is thread-safe. OpenSSL failures that
// cannot happen on a working installation throw std::runtime_error.
namespace gongjian::auth {

// `n` bytes from OpenSSL's CSPRNG (RAND_bytes). Throws std::runtime_error if it fails.
std::string RandomBytes(size_t n);

// Lowercase hex of `bytes`.
std::string HexEncode(std::string_view bytes);

// The bytes of `hex` (either case), or nullopt for an odd length or a non-hex character.
std::optional<std::string> HexDecode(std::string_view hex);

// RFC 4648 base64, standard alphabet, with '=' padding.
std::string Base64Encode(std::string_view bytes);

// Strict inverse of Base64Encode: nullopt unless `text` is exactly what Base64Encode would
// produce for some input (no whitespace, padding required, unused bits zero).
std::optional<std::string> Base64Decode(std::string_view text);

// HMAC-SM3 of `data` under `key`: 32 raw bytes.
std::string HmacSm3(std::string_view key, std::string_view data);

// PBKDF2 (RFC 8018) with HMAC-SM3: `out_len` raw bytes. `iterations` must be positive.
std::string Pbkdf2HmacSm3(std::string_view password, std::string_view salt, int iterations,
                          size_t out_len);

// True when `a` and `b` are equal. Runs in time independent of the contents (not of the
// lengths); false at once when the sizes differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// Overwrites every byte `s` owns (up to its capacity) in a way the compiler cannot elide,
// then clears it.
void Cleanse(std::string& s);

// Keys for Seal/Open. Keep them apart: never use one key for both roles.
struct SealKeys {
  std::string enc_key;  // 16 bytes, SM4
  std::string mac_key;  // 32 bytes, HMAC-SM3
};

// Derives the two keys for one purpose (e.g. "totp_secret") from a master secret:
//   enc_key = first 16 bytes of HMAC-SM3(master, purpose + "/enc")
//   mac_key = HMAC-SM3(master, purpose + "/mac")
// Different purposes give unrelated keys, so a blob sealed for one cannot be opened as another.
SealKeys DeriveSealKeys(std::string_view master, std::string_view purpose);

// Authenticated encryption of a field at rest (OpenSSL 3.0 has no SM4-GCM): SM4-CTR under a
// random 16-byte IV, then HMAC-SM3 (encrypt-then-MAC). Returns
//   version (1 byte, = 1) || iv (16) || ciphertext (= plaintext size) || tag (32)
// where tag = HMAC-SM3(mac_key, len(aad) as 8 bytes big-endian || aad || version || iv ||
// ciphertext). The length prefix keeps the aad/iv boundary unambiguous. `aad` is not stored:
// bind the blob to its context (e.g. "user/42/totp_secret") and pass the same aad to Open.
// Keys must have the sizes above; throws std::invalid_argument otherwise.
std::string Seal(const SealKeys& keys, std::string_view plaintext, std::string_view aad);

// The plaintext of a blob made by Seal with the same keys and aad. Fails with kInvalidArgument
// "sealed_data_invalid" when the blob is truncated, has an unknown version, or its tag does not
// match (any altered byte, wrong aad, wrong key). The tag is checked, in constant time, before
// anything is decrypted.
core::Result<std::string> Open(const SealKeys& keys, std::string_view sealed, std::string_view aad);

// Known-answer tests, to run once at server start (refuse to start on failure): SM3 and SM4
// against the GB/T 32905 and GB/T 32907 examples, HMAC-SM3 and PBKDF2-HMAC-SM3 against vectors
// from the openssl command line, and a Seal/Open round trip that must reject a tampered blob.
// Returns Status::Internal whose detail names the first failed test.
core::Status CryptoSelfTest();

}  // namespace gongjian::auth
