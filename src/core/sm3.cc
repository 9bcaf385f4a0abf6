#include "core/sm3.h"

#include <openssl/evp.h>

#include <stdexcept>

namespace gongjian::core {

std::string Sm3Hex(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), md, &len, EVP_sm3(), nullptr) != 1) {
    throw std::runtime_error("OpenSSL SM3 digest failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[md[i] >> 4];
    out += kHex[md[i] & 0xF];
  }
  return out;
}

}  // namespace gongjian::core
