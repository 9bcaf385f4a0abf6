#include "domain/text.h"

#include <gtest/gtest.h>

namespace gongjian::domain {
namespace {

TEST(TextTest, CountsChineseCharactersAsOne) {
  EXPECT_EQ(CodePoints("攻坚"), 2u);
  EXPECT_EQ(CodePoints("A区"), 2u);
  EXPECT_EQ(CodePoints(""), 0u);
}

TEST(TextTest, TrimsAsciiAndIdeographicSpaces) {
  EXPECT_EQ(TrimSpaces("\xE3\x80\x80 发改局 \xE3\x80\x80"), "发改局");
  EXPECT_EQ(TrimSpaces("   "), "");
}

TEST(TextTest, CheckNameNamesTheFieldAndTheRule) {
  EXPECT_TRUE(CheckName("name", "发改局", 10).ok());
  EXPECT_EQ(CheckName("name", " \xE3\x80\x80", 10).key(), "required");
  EXPECT_EQ(CheckName("name", "一二三四五六七八九十一", 10).key(), "too_long");
  EXPECT_TRUE(CheckName("name", "一二三四五六七八九十", 10).ok());  // exactly at the limit
  core::Status s = CheckName("title", "a\nb", 10);
  EXPECT_EQ(s.key(), "control_characters");
  EXPECT_EQ(s.field(), "title");
}

}  // namespace
}  // namespace gongjian::domain
