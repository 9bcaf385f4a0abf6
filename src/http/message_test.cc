#include "http/message.h"

#include <gtest/gtest.h>

namespace gongjian::http {
namespace {

TEST(MessageTest, PercentDecodeHandlesChineseAndRejectsBadEscapes) {
  EXPECT_EQ(PercentDecode("%E6%94%BB%E5%9D%9A", false), "攻坚");
  EXPECT_EQ(PercentDecode("a+b", true), "a b");
  EXPECT_EQ(PercentDecode("a+b", false), "a+b");
  EXPECT_EQ(PercentDecode("%2", false), std::nullopt);
  EXPECT_EQ(PercentDecode("%", false), std::nullopt);
  EXPECT_EQ(PercentDecode("%zz", false), std::nullopt);
  EXPECT_EQ(PercentDecode("%00", false), std::nullopt);
}

TEST(MessageTest, ParseQueryKeepsOrderAndDecodes) {
  auto q = ParseQuery("page=2&q=%E5%8F%91%E6%94%B9&&flag&kind=town");
  ASSERT_TRUE(q);
  ASSERT_EQ(q->size(), 4u);
  EXPECT_EQ((*q)[1].second, "发改");
  EXPECT_EQ((*q)[2].first, "flag");
  EXPECT_EQ((*q)[2].second, "");
  EXPECT_FALSE(ParseQuery("a=%G1"));
}

TEST(MessageTest, HeaderLookupIgnoresCase) {
  Request r;
  r.headers = {{"Content-Type", "application/json"}, {"X-A", "1"}, {"x-a", "2"}};
  EXPECT_EQ(r.Header("content-type"), "application/json");
  EXPECT_EQ(r.Header("X-A"), "1");
  EXPECT_EQ(r.Header("Missing"), std::nullopt);
}

TEST(MessageTest, LanguageIsChineseUnlessEnglishComesFirst) {
  Request r;
  EXPECT_EQ(r.Language(), "zh");
  r.headers = {{"Accept-Language", "en-US,en;q=0.9"}};
  EXPECT_EQ(r.Language(), "en");
  r.headers = {{"Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8"}};
  EXPECT_EQ(r.Language(), "zh");
  r.headers = {{"Accept-Language", "EN"}};
  EXPECT_EQ(r.Language(), "en");
}

}  // namespace
}  // namespace gongjian::http
