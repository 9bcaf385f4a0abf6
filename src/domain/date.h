#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gongjian::domain {

// A civil date (no time, no zone), as planned and actual dates are in the project world.
struct Date {
  int year = 0;
  int month = 0;
  int day = 0;

  auto operator<=>(const Date&) const = default;
  // "2026-03-01".
  std::string ToString() const;
};

// Parses "YYYY-MM-DD" (a real calendar date, years 1900–2199); nullopt otherwise.
std::optional<Date> ParseDate(std::string_view text);

// The civil date `days` days after 1970-01-01 (negative before it).
Date DateFromDays(int64_t days);
// The inverse: days from 1970-01-01 to `date` (any proleptic Gregorian date).
int64_t DaysFromDate(const Date& date);

// The civil date in China (UTC+8, no daylight saving) at `unix_seconds`.
Date ChinaDate(int64_t unix_seconds);

}  // namespace gongjian::domain
