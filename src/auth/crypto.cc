#include "auth/crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <exception>
#include <memory>
#include <stdexcept>

#include "core/sm3.h"

namespace gongjian::auth {
namespace {

constexpr std::string_view kHexDigits = "0123456789abcdef";
constexpr std::string_view kBase64Alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr char kSealVersion = 1;
constexpr size_t kSm4KeySize = 16;
constexpr size_t kMacKeySize = 32;
constexpr size_t kIvSize = 16;
constexpr size_t kTagSize = 32;

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

unsigned char* Bytes(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }

// OpenSSL takes int lengths; anything larger is a programming error here.
int IntSize(size_t n) {
  if (n > INT_MAX) throw std::length_error("input too large for OpenSSL");
  return static_cast<int>(n);
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

int Base64Value(char c) {
  size_t pos = kBase64Alphabet.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

// Encrypts `in` with an SM4 mode and no padding. In CTR mode this also decrypts.
std::string Sm4Transform(const EVP_CIPHER* cipher, std::string_view key, std::string_view iv,
                         std::string_view in) {
  std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(EVP_CIPHER_CTX_new(),
                                                                      &EVP_CIPHER_CTX_free);
  std::string out(in.size(), '\0');
  int len = 0;
  int final_len = 0;
  if (!ctx ||
      EVP_EncryptInit_ex(ctx.get(), cipher, nullptr, Bytes(key),
                         iv.empty() ? nullptr : Bytes(iv)) != 1 ||
      EVP_CIPHER_CTX_set_padding(ctx.get(), 0) != 1 ||
      EVP_EncryptUpdate(ctx.get(), Bytes(out), &len, Bytes(in), IntSize(in.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), Bytes(out) + len, &final_len) != 1 ||
      static_cast<size_t>(len + final_len) != in.size()) {
    throw std::runtime_error("OpenSSL SM4 failed");
  }
  return out;
}

void CheckSealKeys(const SealKeys& keys) {
  if (keys.enc_key.size() != kSm4KeySize || keys.mac_key.size() != kMacKeySize) {
    throw std::invalid_argument("SealKeys must be 16 + 32 bytes");
  }
}

// HMAC over len(aad) || aad || body, where body = version || iv || ciphertext.
std::string SealTag(const SealKeys& keys, std::string_view aad, std::string_view body) {
  std::string input;
  input.reserve(8 + aad.size() + body.size());
  for (int shift = 56; shift >= 0; shift -= 8) {
    input += static_cast<char>((static_cast<uint64_t>(aad.size()) >> shift) & 0xFF);
  }
  input += aad;
  input += body;
  return HmacSm3(keys.mac_key, input);
}

core::Status SealedDataInvalid() {
  return core::Status(core::Code::kInvalidArgument, "sealed_data_invalid");
}

// Known-answer tests for CryptoSelfTest. Each returns true when the answer matches.

bool Sm3Kat() {  // GB/T 32905-2016, appendix A.1
  return core::Sm3Hex("abc") == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0";
}

bool Sm4Kat() {  // GB/T 32907-2016, appendix A.1
  std::string block = *HexDecode("0123456789abcdeffedcba9876543210");
  return HexEncode(Sm4Transform(EVP_sm4_ecb(), block, {}, block)) ==
         "681edf34d206965e86b3e94f536e4246";
}

// From the openssl CLI (OpenSSL 3.0.19, Debian 12; Python's hmac module agrees), on one line:
//   printf 'The quick brown fox jumps over the lazy dog' > fox.txt
//   openssl mac -digest SM3 -in fox.txt
//     -macopt hexkey:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f HMAC
bool HmacSm3Kat() {
  std::string key = *HexDecode("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  return HexEncode(HmacSm3(key, "The quick brown fox jumps over the lazy dog")) ==
         "be1c9ca286f325f95cf8d9020e4242747d60faa7069d1e9758a28597c712eb46";
}

// From the openssl CLI, on one line:
//   openssl kdf -keylen 32 -kdfopt digest:SM3 -kdfopt pass:password
//     -kdfopt salt:saltsaltsaltsalt -kdfopt iter:1000 PBKDF2
bool Pbkdf2Kat() {
  return HexEncode(Pbkdf2HmacSm3("password", "saltsaltsaltsalt", 1000, 32)) ==
         "46e6ed70c267ca135d1560f8ded5465aa370f041539a744f75dba9c0e91ae4af";
}

bool SealKat() {
  SealKeys keys = DeriveSealKeys("self-test master key", "self_test");
  std::string sealed = Seal(keys, "重大项目攻坚", "self/test");
  core::Result<std::string> opened = Open(keys, sealed, "self/test");
  std::string tampered = sealed;
  tampered[1 + kIvSize] ^= 0x01;
  return opened && *opened == "重大项目攻坚" && !Open(keys, tampered, "self/test") &&
         !Open(keys, sealed, "self/other");
}

}  // namespace

std::string RandomBytes(size_t n) {
  std::string out(n, '\0');
  if (RAND_bytes(Bytes(out), IntSize(n)) != 1) {
    throw std::runtime_error("OpenSSL RAND_bytes failed");
  }
  return out;
}

std::string HexEncode(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char b : bytes) {
    out += kHexDigits[b >> 4];
    out += kHexDigits[b & 0xF];
  }
  return out;
}

std::optional<std::string> HexDecode(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out;
  out.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = HexValue(hex[i]);
    int lo = HexValue(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi << 4 | lo);
  }
  return out;
}

std::string Base64Encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (size_t i = 0; i < bytes.size(); i += 3) {
    size_t chunk = std::min<size_t>(3, bytes.size() - i);
    uint32_t n = 0;
    for (size_t j = 0; j < chunk; ++j) {
      n |= static_cast<uint32_t>(static_cast<unsigned char>(bytes[i + j])) << (16 - 8 * j);
    }
    for (size_t j = 0; j < 4; ++j) {
      out += j <= chunk ? kBase64Alphabet[(n >> (18 - 6 * j)) & 0x3F] : '=';
    }
  }
  return out;
}

std::optional<std::string> Base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (size_t i = 0; i < text.size(); i += 4) {
    size_t pad = 0;
    if (i + 4 == text.size() && text[i + 3] == '=') pad = text[i + 2] == '=' ? 2 : 1;
    uint32_t n = 0;
    for (size_t j = 0; j < 4 - pad; ++j) {
      int v = Base64Value(text[i + j]);
      if (v < 0) return std::nullopt;
      n |= static_cast<uint32_t>(v) << (18 - 6 * j);
    }
    if ((n & ((1u << (8 * pad)) - 1)) != 0) return std::nullopt;  // unused bits must be zero
    for (size_t j = 0; j < 3 - pad; ++j) out += static_cast<char>((n >> (16 - 8 * j)) & 0xFF);
  }
  return out;
}

std::string HmacSm3(std::string_view key, std::string_view data) {
  std::string out(EVP_MAX_MD_SIZE, '\0');
  unsigned int len = 0;
  if (HMAC(EVP_sm3(), key.data(), IntSize(key.size()), Bytes(data), data.size(), Bytes(out),
           &len) == nullptr) {
    throw std::runtime_error("OpenSSL HMAC-SM3 failed");
  }
  out.resize(len);
  return out;
}

std::string Pbkdf2HmacSm3(std::string_view password, std::string_view salt, int iterations,
                          size_t out_len) {
  std::string out(out_len, '\0');
  if (PKCS5_PBKDF2_HMAC(password.data(), IntSize(password.size()), Bytes(salt),
                        IntSize(salt.size()), iterations, EVP_sm3(), IntSize(out_len),
                        Bytes(out)) != 1) {
    throw std::runtime_error("OpenSSL PBKDF2-HMAC-SM3 failed");
  }
  return out;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

void Cleanse(std::string& s) {
  s.resize(s.capacity());
  OPENSSL_cleanse(s.data(), s.size());
  s.clear();
}

SealKeys DeriveSealKeys(std::string_view master, std::string_view purpose) {
  std::string enc = HmacSm3(master, std::string(purpose) + "/enc");
  SealKeys keys{enc.substr(0, kSm4KeySize), HmacSm3(master, std::string(purpose) + "/mac")};
  Cleanse(enc);
  return keys;
}

std::string Seal(const SealKeys& keys, std::string_view plaintext, std::string_view aad) {
  CheckSealKeys(keys);
  std::string iv = RandomBytes(kIvSize);
  std::string sealed(1, kSealVersion);
  sealed += iv;
  sealed += Sm4Transform(EVP_sm4_ctr(), keys.enc_key, iv, plaintext);
  sealed += SealTag(keys, aad, sealed);
  return sealed;
}

core::Result<std::string> Open(const SealKeys& keys, std::string_view sealed,
                               std::string_view aad) {
  CheckSealKeys(keys);
  if (sealed.size() < 1 + kIvSize + kTagSize || sealed[0] != kSealVersion) {
    return core::Fail(SealedDataInvalid());
  }
  std::string_view body = sealed.substr(0, sealed.size() - kTagSize);
  if (!ConstantTimeEquals(SealTag(keys, aad, body), sealed.substr(body.size()))) {
    return core::Fail(SealedDataInvalid());
  }
  return Sm4Transform(EVP_sm4_ctr(), keys.enc_key, body.substr(1, kIvSize),
                      body.substr(1 + kIvSize));
}

core::Status CryptoSelfTest() {
  struct Kat {
    const char* name;
    bool (*passes)();
  };
  static constexpr Kat kKats[] = {
      {"SM3", Sm3Kat},          {"SM4-ECB", Sm4Kat},
      {"HMAC-SM3", HmacSm3Kat}, {"PBKDF2-HMAC-SM3", Pbkdf2Kat},
      {"Seal/Open", SealKat},
  };
  for (const Kat& kat : kKats) {
    std::string failure;
    try {
      if (!kat.passes()) failure = "wrong answer";
    } catch (const std::exception& e) {
      failure = e.what();
    }
    if (!failure.empty()) {
      return core::Status::Internal(std::string("crypto self-test ") + kat.name +
                                    " failed: " + failure);
    }
  }
  return core::Status::Ok();
}

}  // namespace gongjian::auth
