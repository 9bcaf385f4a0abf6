#pragma once

#include <compare>
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

}  // namespace gongjian::domain
