#include "core/status.h"

#include <gtest/gtest.h>

namespace gongjian::core {
namespace {

Status FailsWhenNegative(int x) {
  if (x < 0) return Status::Invalid("x", "must_not_be_negative");
  return Status::Ok();
}

Status Chain(int x) {
  GJ_RETURN_IF_ERROR(FailsWhenNegative(x));
  return Status(Code::kConflict, "reached_end");
}

TEST(StatusTest, DefaultIsOk) {
  EXPECT_TRUE(Status().ok());
  EXPECT_EQ(Status().ToString(), "ok");
}

TEST(StatusTest, InvalidNamesTheField) {
  Status s = Status::Invalid("name", "required");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), Code::kInvalidArgument);
  EXPECT_EQ(s.field(), "name");
  EXPECT_EQ(s.ToString(), "invalid_argument required field=name");
}

TEST(StatusTest, ReturnIfErrorStopsAtFirstFailure) {
  EXPECT_EQ(Chain(-1).key(), "must_not_be_negative");
  EXPECT_EQ(Chain(1).key(), "reached_end");
}

TEST(StatusTest, InternalKeepsDetailForTheLogOnly) {
  Status s = Status::Internal("disk exploded");
  EXPECT_EQ(s.key(), "internal");
  EXPECT_EQ(s.detail(), "disk exploded");
}

TEST(StatusTest, ResultCarriesValueOrStatus) {
  Result<int> good = 3;
  Result<int> bad = Fail(Status::NotFound());
  ASSERT_TRUE(good.has_value());
  EXPECT_EQ(*good, 3);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code(), Code::kNotFound);
}

TEST(StatusTest, EveryCodeHasADistinctName) {
  std::vector<std::string_view> names;
  for (int c = 0; c <= static_cast<int>(Code::kInternal); ++c) names.push_back(CodeName(static_cast<Code>(c)));
  std::sort(names.begin(), names.end());
  EXPECT_EQ(std::adjacent_find(names.begin(), names.end()), names.end());
}

}  // namespace
}  // namespace gongjian::core
