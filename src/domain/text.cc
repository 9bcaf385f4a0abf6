#include "domain/text.h"

namespace gongjian::domain {

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string TrimSpaces(std::string_view s) {
  static constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
  for (;;) {
    if (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
      s.remove_prefix(1);
    } else if (s.substr(0, 3) == kIdeographicSpace) {
      s.remove_prefix(3);
    } else {
      break;
    }
  }
  for (;;) {
    if (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
      s.remove_suffix(1);
    } else if (s.size() >= 3 && s.substr(s.size() - 3) == kIdeographicSpace) {
      s.remove_suffix(3);
    } else {
      break;
    }
  }
  return std::string(s);
}

core::Status CheckName(std::string_view field, std::string_view value, size_t max_chars) {
  if (TrimSpaces(value).empty()) return core::Status::Invalid(std::string(field), "required");
  if (CodePoints(value) > max_chars) {
    return core::Status::Invalid(std::string(field), "too_long", {std::to_string(max_chars)});
  }
  for (unsigned char c : value) {
    if (c < 0x20 || c == 0x7F) return core::Status::Invalid(std::string(field), "control_characters");
  }
  return core::Status::Ok();
}

}  // namespace gongjian::domain
