#include "domain/calendar.h"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace gongjian::domain {

namespace {

using Kind = CalendarDay::Kind;

// One holiday of a State Council notice: the days off [first, last] and the weekend days worked instead.
struct Period {
  const char* name;
  Date first;
  Date last;
  std::vector<Date> workdays;  // 调休上班
};

// The notices as published. Each year lists exactly the 放假 and 上班 dates of its notice; the
// notice text was read at the address given, and the weekdays it states were checked against the
// dates (see calendar_test.cc). To add a year, copy its notice here the same way.
const std::vector<Period>& Periods() {
  static const std::vector<Period> kPeriods = {
      // 2024 — 国务院办公厅关于2024年部分节假日安排的通知, 国办发明电〔2023〕7号, 2023-10-25.
      // Read at https://zh.wikisource.org/wiki/国务院办公厅关于2024年部分节假日安排的通知 (with the
      // document number) and http://paper.people.com.cn/rmrb/html/2023-10/26/nw.D110000renmrb_20231026_3-06.htm
      // (人民日报 2023-10-26 第6版). 除夕 (02-09) is only "encouraged" off, so it stays a working day.
      {"元旦", {2024, 1, 1}, {2024, 1, 1}, {}},
      {"春节", {2024, 2, 10}, {2024, 2, 17}, {{2024, 2, 4}, {2024, 2, 18}}},
      {"清明节", {2024, 4, 4}, {2024, 4, 6}, {{2024, 4, 7}}},
      {"劳动节", {2024, 5, 1}, {2024, 5, 5}, {{2024, 4, 28}, {2024, 5, 11}}},
      {"端午节", {2024, 6, 10}, {2024, 6, 10}, {}},
      {"中秋节", {2024, 9, 15}, {2024, 9, 17}, {{2024, 9, 14}}},
      {"国庆节", {2024, 10, 1}, {2024, 10, 7}, {{2024, 9, 29}, {2024, 10, 12}}},

      // 2025 — 国务院办公厅关于2025年部分节假日安排的通知, 国办发明电〔2024〕12号, 2024-11-12; the first
      // year under the 2024 revision of 全国年节及纪念日放假办法 (13 statutory days: 除夕 and 5月2日 added).
      // Text read at https://m.gmw.cn/2024-11/12/content_1303894933.htm (新华社 release, 光明网). That
      // release omits the document number; it appears with the full text on reprint pages, and other
      // projects cite https://www.gov.cn/zhengce/content/202411/content_6986382.htm and 国务院公报
      // 2024年第33号 for it (those official pages were not read here).
      {"元旦", {2025, 1, 1}, {2025, 1, 1}, {}},
      {"春节", {2025, 1, 28}, {2025, 2, 4}, {{2025, 1, 26}, {2025, 2, 8}}},
      {"清明节", {2025, 4, 4}, {2025, 4, 6}, {}},
      {"劳动节", {2025, 5, 1}, {2025, 5, 5}, {{2025, 4, 27}}},
      {"端午节", {2025, 5, 31}, {2025, 6, 2}, {}},
      {"国庆节、中秋节", {2025, 10, 1}, {2025, 10, 8}, {{2025, 9, 28}, {2025, 10, 11}}},

      // 2026 — 国务院办公厅关于2026年部分节假日安排的通知, 2025-11-04. Text read at
      // https://politics.gmw.cn/2025-11/04/content_38391083.htm (新华社 release, 光明网), which omits the
      // document number; other projects cite it as 国办发明电〔2025〕7号 at
      // https://www.gov.cn/zhengce/content/202511/content_7047090.htm (not read here): confirm the
      // number there before quoting it in a formal document. The dates themselves are verified.
      {"元旦", {2026, 1, 1}, {2026, 1, 3}, {{2026, 1, 4}}},
      {"春节", {2026, 2, 15}, {2026, 2, 23}, {{2026, 2, 14}, {2026, 2, 28}}},
      {"清明节", {2026, 4, 4}, {2026, 4, 6}, {}},
      {"劳动节", {2026, 5, 1}, {2026, 5, 5}, {{2026, 5, 9}}},
      {"端午节", {2026, 6, 19}, {2026, 6, 21}, {}},
      {"中秋节", {2026, 9, 25}, {2026, 9, 27}, {}},
      {"国庆节", {2026, 10, 1}, {2026, 10, 7}, {{2026, 9, 20}, {2026, 10, 10}}},
  };
  return kPeriods;
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0); }

bool IsWeekdayDay(int64_t day) { return Weekday(DateFromDays(day)) < 5; }

// Mon–Fri days in [anchor, day], where the anchor is Monday 1969-12-29 (day -3); for days before the
// anchor the value is negative, so differences still count Mon–Fri days in (a, b].
int64_t CumulativeWeekdays(int64_t day) {
  const int64_t m = day + 3 + 1;  // days in [anchor, day]
  const int64_t weeks = FloorDiv(m, 7);
  const int64_t rest = m - weeks * 7;  // 0..6 leading days of a week starting on Monday
  return weeks * 5 + std::min<int64_t>(rest, 5);
}

}  // namespace

int64_t DaysFromEpoch(Date d) {
  // Howard Hinnant's days_from_civil.
  const int64_t y = static_cast<int64_t>(d.year) - (d.month <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t mp = d.month > 2 ? d.month - 3 : d.month + 9;
  const int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int Weekday(Date d) {
  // 1970-01-01 was a Thursday (3).
  const int64_t w = (DaysFromEpoch(d) + 3) % 7;
  return static_cast<int>(w < 0 ? w + 7 : w);
}

Date AddDays(Date d, int64_t n) { return DateFromDays(DaysFromEpoch(d) + n); }

std::vector<CalendarDay> ChinaHolidays() {
  std::vector<CalendarDay> out;
  for (const Period& p : Periods()) {
    for (int64_t day = DaysFromEpoch(p.first), last = DaysFromEpoch(p.last); day <= last; ++day) {
      out.push_back({DateFromDays(day), Kind::kHoliday, p.name});
    }
    for (const Date& w : p.workdays) out.push_back({w, Kind::kWorkday, p.name});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const CalendarDay& a, const CalendarDay& b) { return a.date < b.date; });
  return out;
}

const WorkCalendar& WorkCalendar::China() {
  static const WorkCalendar kChina(ChinaHolidays());
  return kChina;
}

WorkCalendar::WorkCalendar(std::vector<CalendarDay> exceptions) {
  std::stable_sort(exceptions.begin(), exceptions.end(),
                   [](const CalendarDay& a, const CalendarDay& b) { return a.date < b.date; });
  for (CalendarDay& e : exceptions) {
    if (!exceptions_.empty() && exceptions_.back().date == e.date) {
      exceptions_.back() = std::move(e);  // a later entry for the same date wins
    } else {
      exceptions_.push_back(std::move(e));
    }
  }
  exception_days_.reserve(exceptions_.size());
  shift_sum_.push_back(0);
  for (const CalendarDay& e : exceptions_) {
    const int64_t day = DaysFromEpoch(e.date);
    exception_days_.push_back(day);
    const int shift = (e.kind == Kind::kWorkday ? 1 : 0) - (IsWeekdayDay(day) ? 1 : 0);
    if (shift != 0) {
      shift_days_.push_back(day);
      shift_sum_.push_back(shift_sum_.back() + shift);
    }
  }
}

bool WorkCalendar::IsWorkingDay(Date d) const {
  const int64_t day = DaysFromEpoch(d);
  auto it = std::lower_bound(exception_days_.begin(), exception_days_.end(), day);
  if (it != exception_days_.end() && *it == day) {
    return exceptions_[it - exception_days_.begin()].kind == Kind::kWorkday;
  }
  return Weekday(d) < 5;
}

int64_t WorkCalendar::CumulativeWorkingDays(int64_t day) const {
  const auto shifts_up_to_day = std::upper_bound(shift_days_.begin(), shift_days_.end(), day) - shift_days_.begin();
  return CumulativeWeekdays(day) + shift_sum_[shifts_up_to_day];
}

int WorkCalendar::WorkingDaysBetween(Date from, Date to) const {
  return static_cast<int>(CumulativeWorkingDays(DaysFromEpoch(to)) - CumulativeWorkingDays(DaysFromEpoch(from)));
}

Date WorkCalendar::AddWorkingDays(Date from, int n) const {
  if (n < 0) throw std::invalid_argument("AddWorkingDays: n must be >= 0");
  // The answer is the first day after `base` by which `count` working days have passed.
  // n == 0 asks for the first working day on or after `from`, i.e. the first after the day before.
  const int64_t base = DaysFromEpoch(from) - (n == 0 ? 1 : 0);
  const int64_t count = n == 0 ? 1 : n;
  const int64_t target = CumulativeWorkingDays(base) + count;
  // Bracket the answer in (lo, hi], starting from the plain Mon–Fri estimate and doubling past any
  // run of holidays, then binary-search: each probe is two binary searches over the exceptions.
  int64_t lo = base;
  int64_t span = count / 5 * 7 + 7;
  int64_t hi = base + span;
  while (CumulativeWorkingDays(hi) < target) {
    lo = hi;
    span *= 2;
    hi = base + span;
  }
  while (hi - lo > 1) {
    const int64_t mid = lo + (hi - lo) / 2;
    if (CumulativeWorkingDays(mid) >= target) {
      hi = mid;
    } else {
      lo = mid;
    }
  }
  return DateFromDays(hi);
}

Date WorkCalendar::SubtractWorkingDays(Date to, int n) const {
  if (n < 0) throw std::invalid_argument("SubtractWorkingDays: n must be >= 0");
  // The answer is the first day whose running count reaches `target`: counts step up on working
  // days only, so that day is a working day with exactly n working days after it up to `to`.
  const int64_t top = DaysFromEpoch(to);
  const int64_t target = CumulativeWorkingDays(top) - n;
  int64_t hi = top;
  int64_t span = static_cast<int64_t>(n) / 5 * 7 + 7;
  int64_t lo = top - span;
  while (CumulativeWorkingDays(lo) >= target) {
    hi = lo;
    span *= 2;
    lo = top - span;
  }
  while (hi - lo > 1) {
    const int64_t mid = lo + (hi - lo) / 2;
    if (CumulativeWorkingDays(mid) >= target) {
      hi = mid;
    } else {
      lo = mid;
    }
  }
  return DateFromDays(hi);
}

}  // namespace gongjian::domain
