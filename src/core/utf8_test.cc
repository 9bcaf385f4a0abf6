#include "core/utf8.h"

#include <gtest/gtest.h>

namespace gongjian::core {
namespace {

struct Case {
  const char* name;
  std::string bytes;
  bool valid;
};

TEST(Utf8Test, AcceptsWellFormedAndRejectsMalformed) {
  const Case cases[] = {
      {"ascii", "project", true},
      {"empty", "", true},
      {"chinese", "重大项目攻坚", true},
      {"four_byte", "\xF0\x9F\x98\x80", true},
      {"max_code_point", "\xF4\x8F\xBF\xBF", true},
      {"lone_continuation", "\x80", false},
      {"truncated_three_byte", "\xE9\x87", false},
      {"overlong_slash", "\xC0\xAF", false},
      {"overlong_three_byte", "\xE0\x80\xAF", false},
      {"surrogate", "\xED\xA0\x80", false},
      {"above_max", "\xF4\x90\x80\x80", false},
      {"invalid_lead", "\xFF", false},
      {"bad_continuation", "\xE9\x41\x41", false},
      {"valid_then_truncated", std::string("ok\xE9", 3), false},
  };
  for (const auto& c : cases) EXPECT_EQ(IsValidUtf8(c.bytes), c.valid) << c.name;
}

}  // namespace
}  // namespace gongjian::core
