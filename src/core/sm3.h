#pragma once

#include <string>
#include <string_view>

namespace gongjian::core {

// SM3 digest (GB/T 32905) of `data` as 64 lowercase hex characters, via OpenSSL 3.
std::string Sm3Hex(std::string_view data);

}  // namespace gongjian::core
