#pragma once

#include <string>
#include <string_view>

namespace gongjian::store {

// A LIKE pattern matching `text` anywhere, with %, _ and \ escaped so they match
// literally; use with ESCAPE '\'.
std::string LikeContains(std::string_view text);

}  // namespace gongjian::store
