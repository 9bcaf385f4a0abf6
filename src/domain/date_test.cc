#include "domain/date.h"

#include <gtest/gtest.h>

namespace gongjian::domain {
namespace {

TEST(DateTest, ParsesRealCalendarDatesOnly) {
  EXPECT_EQ(ParseDate("2026-03-01"), (Date{2026, 3, 1}));
  EXPECT_EQ(ParseDate("2024-02-29"), (Date{2024, 2, 29}));  // leap year
  for (const char* bad : {"2025-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026/03/01", "2026-3-1", "",
                          "1899-12-31", "２０２６-03-01", "2026-03-01T00:00"}) {
    EXPECT_FALSE(ParseDate(bad)) << bad;
  }
}

TEST(DateTest, OrdersChronologicallyAndPrintsIso) {
  EXPECT_LT(*ParseDate("2025-12-31"), *ParseDate("2026-01-01"));
  EXPECT_EQ(ParseDate("2026-07-09")->ToString(), "2026-07-09");
}

}  // namespace
}  // namespace gongjian::domain

namespace gongjian::domain {
namespace {

TEST(DateFromDaysTest, CountsFromTheUnixEpochAcrossLeapYears) {
  EXPECT_EQ(DateFromDays(0), (Date{1970, 1, 1}));
  EXPECT_EQ(DateFromDays(-1), (Date{1969, 12, 31}));
  EXPECT_EQ(DateFromDays(11016), (Date{2000, 2, 29}));
  EXPECT_EQ(DateFromDays(20786), (Date{2026, 11, 29}));
}

TEST(DaysFromDateTest, IsTheInverseOfDateFromDays) {
  EXPECT_EQ(DaysFromDate({1970, 1, 1}), 0);
  EXPECT_EQ(DaysFromDate({1899, 12, 30}), -25569);  // Excel's day 0 of the 1900 system
  EXPECT_EQ(DaysFromDate({2000, 3, 1}), 11017);
  for (int64_t days = -800'000; days <= 3'000'000; days += 97) {
    ASSERT_EQ(DaysFromDate(DateFromDays(days)), days) << days;
  }
}

TEST(ChinaDateTest, TheDayTurnsAtSixteenHundredUtc) {
  EXPECT_EQ(ChinaDate(1795967999), (Date{2026, 11, 29})) << "2026-11-29T15:59:59Z";
  EXPECT_EQ(ChinaDate(1795968000), (Date{2026, 11, 30})) << "2026-11-29T16:00:00Z";
}

}  // namespace
}  // namespace gongjian::domain
