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
