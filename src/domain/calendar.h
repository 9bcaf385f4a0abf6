#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/date.h"

namespace gongjian::domain {

// One exception to the Mon–Fri rule: a public holiday (放假), or a weekend made a working day (调休上班).
// A holiday may fall on a weekend (every day of a 放假 period is listed, so it can be displayed whole);
// a working day may fall on a weekday (an administrator cancelling a holiday). Both are harmless.
struct CalendarDay {
  Date date;
  enum class Kind { kHoliday, kWorkday } kind = Kind::kHoliday;
  // The festival it belongs to, e.g. "春节", for its days off and its make-up working days alike;
  // an administrator's own text for additions.
  std::string name;

  bool operator==(const CalendarDay&) const = default;
};

// The working-day calendar (工作日历): Monday to Friday are working days, Saturday and Sunday are not,
// except for the dates listed as exceptions. Immutable once built, so safe to share between threads.
class WorkCalendar {
 public:
  // The built-in calendar: Mon–Fri working days plus the State Council exceptions for 2024–2026
  // (ChinaHolidays()). Dates outside those years follow plain Mon–Fri. Built on first use; thread-safe.
  static const WorkCalendar& China();

  // A calendar with these exceptions (e.g. ChinaHolidays() followed by an administrator's additions).
  // When several entries share a date the last one wins, so additions appended after the built-in
  // list override it. Dates must be valid civil dates (as ParseDate returns).
  explicit WorkCalendar(std::vector<CalendarDay> exceptions);

  // Whether `d` is a working day: its exception if it has one, else Monday to Friday.
  bool IsWorkingDay(Date d) const;

  // The deadline of a time limit of `n` working days counted from `from` (n >= 0), by the usual
  // administrative-licensing convention (limits in working days without statutory holidays, 行政许可法
  // 第八十二条; the start day itself not counted, 民法典 第二百零一条): for n >= 1, the n-th working
  // day strictly after `from`, whatever kind of day `from` is.
  // E.g. accepted on Tuesday 2025-09-30 with 1 working day: 2025-10-09 (10-01..10-08 are 国庆).
  // For n == 0: `from` itself if it is a working day, else the first working day after it.
  // Throws std::invalid_argument if n < 0 (a programmer error). O(log(n) · log(exceptions)).
  Date AddWorkingDays(Date from, int n) const;

  // The latest date from which a time limit of `n` working days (n >= 0) still ends on or before
  // `to`, taken as a working day: for n == 0 the last working day on or before `to`; for n >= 1 the
  // working day n working days before that one. So AddWorkingDays(SubtractWorkingDays(to, n), n) <=
  // to, and WorkingDaysBetween(SubtractWorkingDays(to, n), to) == n for a working day `to`.
  // Throws std::invalid_argument if n < 0. O(log(n) · log(exceptions)).
  Date SubtractWorkingDays(Date to, int n) const;

  // The number of working days in the half-open interval (from, to]: `from` is not counted, `to` is.
  // Zero when from == to; when to < from, minus the number of working days in (to, from], so that
  // WorkingDaysBetween(a, b) == -WorkingDaysBetween(b, a), and for n >= 1
  // WorkingDaysBetween(from, AddWorkingDays(from, n)) == n. O(log(exceptions)).
  int WorkingDaysBetween(Date from, Date to) const;

  // The exceptions this calendar uses: sorted by date, one per date (the winner of any duplicates).
  const std::vector<CalendarDay>& exceptions() const { return exceptions_; }

 private:
  // Working days in (epoch anchor, day]: a monotone step function whose differences count working days.
  int64_t CumulativeWorkingDays(int64_t day) const;

  std::vector<CalendarDay> exceptions_;  // sorted by date, unique dates
  std::vector<int64_t> exception_days_;  // DaysFromEpoch of exceptions_[i]
  // Exceptions that change the Mon–Fri answer (a holiday on a weekday, a working weekend), with the
  // running sum of their effect (+1 or -1): shift_sum_[i] is the sum over shift_days_[0..i).
  std::vector<int64_t> shift_days_;
  std::vector<int64_t> shift_sum_;
};

// The built-in exception list: every day off and every make-up working day in the State Council
// General Office notices for 2024, 2025 and 2026, sorted by date. For display, and for merging with
// an administrator's additions (append them, then construct a WorkCalendar).
std::vector<CalendarDay> ChinaHolidays();

// Day of the week, 0 = Monday .. 6 = Sunday.
int Weekday(Date d);

// The civil date `n` days after `d` (before it when n < 0).
Date AddDays(Date d, int64_t n);

// Days from 1970-01-01 to `d` (negative before it); the inverse of DateFromDays.
int64_t DaysFromEpoch(Date d);

}  // namespace gongjian::domain
