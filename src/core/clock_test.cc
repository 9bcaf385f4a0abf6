#include "core/clock.h"

#include <gtest/gtest.h>

namespace gongjian::core {
namespace {

TEST(ClockTest, FormatsUtcWithMilliseconds) {
  // 2026-11-29T02:03:04.567Z
  TimePoint t = std::chrono::sys_days(std::chrono::year(2026) / 11 / 29) + std::chrono::hours(2) +
                std::chrono::minutes(3) + std::chrono::seconds(4) + std::chrono::milliseconds(567);
  EXPECT_EQ(FormatTimestamp(t), "2026-11-29T02:03:04.567Z");
}

TEST(ClockTest, FakeClockMovesOnlyWhenAdvanced) {
  FakeClock clock(std::chrono::sys_days(std::chrono::year(2026) / 1 / 1));
  TimePoint before = clock.Now();
  EXPECT_EQ(clock.Now(), before);
  clock.Advance(std::chrono::minutes(31));
  EXPECT_EQ(clock.Now() - before, std::chrono::minutes(31));
}

}  // namespace
}  // namespace gongjian::core
