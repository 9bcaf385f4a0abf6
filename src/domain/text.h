#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/status.h"

namespace gongjian::domain {

// Number of Unicode code points in well-formed UTF-8 `s` (a Chinese character counts one).
size_t CodePoints(std::string_view s);

// Trims ASCII and full-width (U+3000) spaces from both ends.
std::string TrimSpaces(std::string_view s);

// Checks a required single-line text field: non-empty after trimming, at most `max_chars`
// code points, no control characters. The error names `field`.
core::Status CheckName(std::string_view field, std::string_view value, size_t max_chars);

}  // namespace gongjian::domain
