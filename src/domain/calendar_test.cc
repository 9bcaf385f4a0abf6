#include "domain/calendar.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace gongjian::domain {
namespace {

using Kind = CalendarDay::Kind;

Date D(const char* iso) {
  auto d = ParseDate(iso);
  if (!d) throw std::invalid_argument(iso);
  return *d;
}

// Weekday as the notices write it: 周一 = 1 .. 周日 = 7.
int Zhou(Date d) { return Weekday(d) + 1; }

// ---- Weekday, AddDays, DaysFromEpoch ------------------------------------------------------------

TEST(WeekdayTest, KnownDates) {
  struct Case {
    const char* date;
    int weekday;  // 0 = Monday
  };
  for (const Case& c : std::vector<Case>{{"1900-01-01", 0},
                                         {"1969-12-31", 2},
                                         {"1970-01-01", 3},
                                         {"2000-01-01", 5},
                                         {"2024-02-29", 3},
                                         {"2025-01-26", 6},
                                         {"2025-10-01", 2},
                                         {"2026-02-14", 5},
                                         {"2199-12-31", 1}}) {
    EXPECT_EQ(Weekday(D(c.date)), c.weekday) << c.date;
  }
}

TEST(DaysFromEpochTest, KnownValues) {
  EXPECT_EQ(DaysFromEpoch(D("1970-01-01")), 0);
  EXPECT_EQ(DaysFromEpoch(D("1969-12-31")), -1);
  EXPECT_EQ(DaysFromEpoch(D("1900-01-01")), -25567);
  EXPECT_EQ(DaysFromEpoch(D("2000-03-01")), 11017);
  EXPECT_EQ(DaysFromEpoch(D("2199-12-31")), 84005);
}

TEST(DaysFromEpochTest, RoundTripsEveryDayFrom1900To2199) {
  const int64_t first = DaysFromEpoch(D("1900-01-01"));
  const int64_t last = DaysFromEpoch(D("2199-12-31"));
  Date prev = DateFromDays(first - 1);
  for (int64_t day = first; day <= last; ++day) {
    const Date d = DateFromDays(day);
    ASSERT_EQ(DaysFromEpoch(d), day) << d.ToString();
    ASSERT_LT(prev, d);
    ASSERT_TRUE(ParseDate(d.ToString())) << d.ToString();
    ASSERT_EQ(Weekday(d), ((day % 7) + 7 + 3) % 7);
    prev = d;
  }
  // Every day of the range was produced once, consecutive and valid: 300 years have 109,573 days.
  EXPECT_EQ(last - first + 1, 300 * 365 + 73);
}

TEST(AddDaysTest, CrossesMonthsYearsAndLeapDays) {
  EXPECT_EQ(AddDays(D("2024-02-28"), 1), D("2024-02-29"));
  EXPECT_EQ(AddDays(D("2025-02-28"), 1), D("2025-03-01"));
  EXPECT_EQ(AddDays(D("2025-12-31"), 1), D("2026-01-01"));
  EXPECT_EQ(AddDays(D("2026-01-01"), -1), D("2025-12-31"));
  EXPECT_EQ(AddDays(D("2026-03-01"), 0), D("2026-03-01"));
  EXPECT_EQ(AddDays(D("2000-01-01"), 366), D("2001-01-01"));
}

// ---- The State Council data -------------------------------------------------------------------

// One holiday of a notice, as the notice words it, with the weekdays it names (周一 = 1 .. 周日 = 7,
// 0 where the notice names none).
struct NoticePeriod {
  const char* name;
  const char* first;
  int first_zhou;
  const char* last;
  int last_zhou;
  std::vector<std::pair<const char*, int>> workdays;  // 上班 dates and the weekday the notice gives
};

const std::vector<NoticePeriod>& Notices() {
  static const std::vector<NoticePeriod> kNotices = {
      // 国办发明电〔2023〕7号 (2024). The 2024 notice names weekdays only for the 上班 days.
      {"元旦", "2024-01-01", 0, "2024-01-01", 0, {}},
      {"春节", "2024-02-10", 0, "2024-02-17", 0, {{"2024-02-04", 7}, {"2024-02-18", 7}}},
      {"清明节", "2024-04-04", 0, "2024-04-06", 0, {{"2024-04-07", 7}}},
      {"劳动节", "2024-05-01", 0, "2024-05-05", 0, {{"2024-04-28", 7}, {"2024-05-11", 6}}},
      {"端午节", "2024-06-10", 0, "2024-06-10", 0, {}},
      {"中秋节", "2024-09-15", 0, "2024-09-17", 0, {{"2024-09-14", 6}}},
      {"国庆节", "2024-10-01", 0, "2024-10-07", 0, {{"2024-09-29", 7}, {"2024-10-12", 6}}},
      // 国办发明电〔2024〕12号 (2025).
      {"元旦", "2025-01-01", 3, "2025-01-01", 3, {}},
      {"春节", "2025-01-28", 2, "2025-02-04", 2, {{"2025-01-26", 7}, {"2025-02-08", 6}}},
      {"清明节", "2025-04-04", 5, "2025-04-06", 7, {}},
      {"劳动节", "2025-05-01", 4, "2025-05-05", 1, {{"2025-04-27", 7}}},
      {"端午节", "2025-05-31", 6, "2025-06-02", 1, {}},
      {"国庆节、中秋节", "2025-10-01", 3, "2025-10-08", 3, {{"2025-09-28", 7}, {"2025-10-11", 6}}},
      // 2026 notice of 2025-11-04.
      {"元旦", "2026-01-01", 4, "2026-01-03", 6, {{"2026-01-04", 7}}},
      {"春节", "2026-02-15", 7, "2026-02-23", 1, {{"2026-02-14", 6}, {"2026-02-28", 6}}},
      {"清明节", "2026-04-04", 6, "2026-04-06", 1, {}},
      {"劳动节", "2026-05-01", 5, "2026-05-05", 2, {{"2026-05-09", 6}}},
      {"端午节", "2026-06-19", 5, "2026-06-21", 7, {}},
      {"中秋节", "2026-09-25", 5, "2026-09-27", 7, {}},
      {"国庆节", "2026-10-01", 4, "2026-10-07", 3, {{"2026-09-20", 7}, {"2026-10-10", 6}}},
  };
  return kNotices;
}

class ChinaCalendarNoticeTest : public testing::TestWithParam<NoticePeriod> {};

TEST_P(ChinaCalendarNoticeTest, EveryDayOffIsOffAndEveryMakeUpWeekendIsWorked) {
  const NoticePeriod& p = GetParam();
  const WorkCalendar& cal = WorkCalendar::China();
  const Date first = D(p.first);
  const Date last = D(p.last);
  if (p.first_zhou != 0) {
    EXPECT_EQ(Zhou(first), p.first_zhou) << p.first;
  }
  if (p.last_zhou != 0) {
    EXPECT_EQ(Zhou(last), p.last_zhou) << p.last;
  }
  for (Date d = first; d <= last; d = AddDays(d, 1)) {
    EXPECT_FALSE(cal.IsWorkingDay(d)) << p.name << " " << d.ToString();
  }
  for (const auto& [date, zhou] : p.workdays) {
    const Date w = D(date);
    EXPECT_EQ(Zhou(w), zhou) << p.name << " " << date << ": the notice's weekday";
    EXPECT_GE(Weekday(w), 5) << date << " is a weekend made a working day";
    EXPECT_TRUE(cal.IsWorkingDay(w)) << p.name << " " << date;
  }
}

INSTANTIATE_TEST_SUITE_P(Notices2024To2026, ChinaCalendarNoticeTest, testing::ValuesIn(Notices()));

TEST(ChinaCalendarTest, BuiltInListIsExactlyTheNotices) {
  std::map<Date, CalendarDay> expected;
  for (const NoticePeriod& p : Notices()) {
    for (Date d = D(p.first); d <= D(p.last); d = AddDays(d, 1)) expected[d] = {d, Kind::kHoliday, p.name};
    for (const auto& [date, zhou] : p.workdays) expected[D(date)] = {D(date), Kind::kWorkday, p.name};
  }
  std::vector<CalendarDay> want;
  for (auto& [d, day] : expected) want.push_back(day);
  EXPECT_EQ(ChinaHolidays(), want);
  EXPECT_EQ(WorkCalendar::China().exceptions(), want);
}

TEST(ChinaCalendarTest, StatutoryDaysOffPerYear) {
  // Days off per notice: 2024 has 元旦1+春节8+清明3+劳动5+端午1+中秋3+国庆7 = 28 listed days;
  // 2025: 1+8+3+5+3+8 = 28; 2026: 3+9+3+5+3+3+7 = 33.
  std::map<int, int> off, worked;
  for (const CalendarDay& e : ChinaHolidays()) {
    std::map<int, int>& tally = e.kind == Kind::kHoliday ? off : worked;
    ++tally[e.date.year];
  }
  EXPECT_EQ(off, (std::map<int, int>{{2024, 28}, {2025, 28}, {2026, 33}}));
  EXPECT_EQ(worked, (std::map<int, int>{{2024, 8}, {2025, 5}, {2026, 6}}));
}

TEST(ChinaCalendarTest, WorkingDaysPerYear) {
  // Mon–Fri days less the notice's weekday holidays plus its make-up weekends:
  // 2024: 262 - 19 + 8 = 251; 2025: 261 - 18 + 5 = 248; 2026: 261 - 19 + 6 = 248.
  const WorkCalendar& cal = WorkCalendar::China();
  EXPECT_EQ(cal.WorkingDaysBetween(D("2023-12-31"), D("2024-12-31")), 251);
  EXPECT_EQ(cal.WorkingDaysBetween(D("2024-12-31"), D("2025-12-31")), 248);
  EXPECT_EQ(cal.WorkingDaysBetween(D("2025-12-31"), D("2026-12-31")), 248);
}

TEST(ChinaCalendarTest, EveOfSpringFestival2024IsOnlyEncouragedOff) {
  // 2024: "鼓励各单位…安排职工在除夕(2月9日)休息" — not a day off in the notice.
  EXPECT_TRUE(WorkCalendar::China().IsWorkingDay(D("2024-02-09")));
  // From 2025 除夕 is a statutory holiday.
  EXPECT_FALSE(WorkCalendar::China().IsWorkingDay(D("2025-01-28")));
}

TEST(ChinaCalendarTest, OutsideTheNoticesPlainMondayToFriday) {
  const WorkCalendar& cal = WorkCalendar::China();
  EXPECT_TRUE(cal.IsWorkingDay(D("2023-10-02")));   // Monday; 2023 has no data
  EXPECT_TRUE(cal.IsWorkingDay(D("2027-10-01")));   // Friday; 2027 not yet published
  EXPECT_FALSE(cal.IsWorkingDay(D("2027-10-02")));  // Saturday
  EXPECT_EQ(cal.WorkingDaysBetween(D("2027-01-01"), D("2027-12-31")), 260);
}

// ---- IsWorkingDay, AddWorkingDays, WorkingDaysBetween -----------------------------------------

TEST(WorkCalendarTest, PlainWeekWithoutExceptions) {
  const WorkCalendar cal({});
  EXPECT_TRUE(cal.exceptions().empty());
  EXPECT_TRUE(cal.IsWorkingDay(D("2025-10-01")));
  EXPECT_FALSE(cal.IsWorkingDay(D("2025-10-04")));
  EXPECT_EQ(cal.AddWorkingDays(D("2025-10-03"), 1), D("2025-10-06"));  // Fri + 1 = Mon
  EXPECT_EQ(cal.AddWorkingDays(D("2025-10-04"), 1), D("2025-10-06"));  // Sat + 1 = Mon
  EXPECT_EQ(cal.AddWorkingDays(D("2025-10-06"), 5), D("2025-10-13"));  // Mon + 5 = next Mon
  EXPECT_EQ(cal.AddWorkingDays(D("2025-10-06"), 500), D("2027-09-06"));
}

struct AddCase {
  const char* from;
  int n;
  const char* want;
  const char* why;
};

class WorkingDayAddTest : public testing::TestWithParam<AddCase> {};

TEST_P(WorkingDayAddTest, CountsFromTheDayAfterAcceptance) {
  const AddCase& c = GetParam();
  const WorkCalendar& cal = WorkCalendar::China();
  EXPECT_EQ(cal.AddWorkingDays(D(c.from), c.n).ToString(), c.want) << c.why;
  if (c.n >= 1) {
    EXPECT_EQ(cal.WorkingDaysBetween(D(c.from), D(c.want)), c.n) << c.why;
  }
}

INSTANTIATE_TEST_SUITE_P(
    AcrossNationalDayAndSpringFestival, WorkingDayAddTest,
    testing::ValuesIn(std::vector<AddCase>{
        // 国庆 2025: 10-01..10-08 off, 09-28 (Sun) and 10-11 (Sat) worked.
        {"2025-09-26", 1, "2025-09-28", "Fri + 1: the make-up Sunday"},
        {"2025-09-30", 1, "2025-10-09", "Tue + 1 skips the eight days off"},
        {"2025-09-30", 3, "2025-10-11", "the make-up Saturday counts"},
        {"2025-09-30", 4, "2025-10-13", ""},
        {"2025-10-03", 1, "2025-10-09", "accepted on a holiday: counting starts after it"},
        {"2025-09-15", 20, "2025-10-17", "a 20-working-day approval across 国庆"},
        // 国庆 2024: 10-01..10-07 off, 09-29 (Sun) and 10-12 (Sat) worked.
        {"2024-09-27", 1, "2024-09-29", ""},
        {"2024-09-27", 2, "2024-09-30", ""},
        {"2024-09-27", 3, "2024-10-08", ""},
        {"2024-10-11", 1, "2024-10-12", ""},
        // 春节 2025: 01-28..02-04 off, 01-26 (Sun) and 02-08 (Sat) worked.
        {"2025-01-24", 1, "2025-01-26", ""},
        {"2025-01-24", 2, "2025-01-27", ""},
        {"2025-01-24", 3, "2025-02-05", ""},
        {"2025-01-24", 6, "2025-02-08", ""},
        {"2025-01-24", 7, "2025-02-10", ""},
        // 春节 2026: 02-15..02-23 off, 02-14 (Sat) and 02-28 (Sat) worked.
        {"2026-02-13", 1, "2026-02-14", ""},
        {"2026-02-13", 2, "2026-02-24", ""},
        {"2026-02-13", 6, "2026-02-28", ""},
        {"2026-02-13", 7, "2026-03-02", ""},
        // Year ends: 2025-12-31 (Wed) + 1 over 元旦 2026 (01-01..01-03 off, 01-04 worked).
        {"2025-12-31", 1, "2026-01-04", ""},
        // n == 0: the day itself when it is a working day, else the next one.
        {"2025-10-09", 0, "2025-10-09", "a working day"},
        {"2025-10-11", 0, "2025-10-11", "a make-up Saturday"},
        {"2025-10-03", 0, "2025-10-09", "a holiday"},
        {"2025-10-12", 0, "2025-10-13", "a Sunday"},
        // Long limits run past the published years on plain Mon–Fri.
        {"2025-01-02", 500, "2027-01-07", "247 left in 2025, 248 in 2026, then 2027-01-01 and 01-04..07"},
    }));

TEST(WorkingDayTest, AddWorkingDaysMatchesAStepByStepCount) {
  const WorkCalendar& cal = WorkCalendar::China();
  for (Date from = D("2023-12-01"); from <= D("2027-01-31"); from = AddDays(from, 1)) {
    Date want = from;
    if (!cal.IsWorkingDay(want)) {
      do want = AddDays(want, 1);
      while (!cal.IsWorkingDay(want));
    }
    ASSERT_EQ(cal.AddWorkingDays(from, 0), want) << from.ToString();
    Date d = from;
    for (int n = 1; n <= 40; ++n) {
      do d = AddDays(d, 1);
      while (!cal.IsWorkingDay(d));
      ASSERT_EQ(cal.AddWorkingDays(from, n), d) << from.ToString() << " + " << n;
    }
  }
}

TEST(WorkingDayTest, WorkingDaysBetweenMatchesAStepByStepCount) {
  const WorkCalendar& cal = WorkCalendar::China();
  const Date from = D("2023-12-20");
  int count = 0;
  for (Date to = from; to <= D("2027-01-10"); to = AddDays(to, 1)) {
    if (to != from && cal.IsWorkingDay(to)) ++count;
    ASSERT_EQ(cal.WorkingDaysBetween(from, to), count) << to.ToString();
    ASSERT_EQ(cal.WorkingDaysBetween(to, from), -count) << to.ToString();
  }
}

TEST(WorkingDayTest, WorkingDaysBetweenIsHalfOpenAndAntisymmetric) {
  const WorkCalendar& cal = WorkCalendar::China();
  struct Case {
    const char* from;
    const char* to;
    int want;
  };
  for (const Case& c : std::vector<Case>{
           {"2025-10-09", "2025-10-09", 0},
           {"2025-10-08", "2025-10-09", 1},   // (holiday, working day]
           {"2025-10-09", "2025-10-10", 1},
           {"2025-09-30", "2025-10-08", 0},   // nothing but 国庆
           {"2025-09-27", "2025-10-12", 6},   // 09-28 (Sun), 09-29, 09-30, 10-09, 10-10, 10-11 (Sat)
           {"2025-01-24", "2025-02-10", 7},
           {"2026-02-13", "2026-03-02", 7},
           {"2025-12-31", "2026-01-05", 2},   // 01-04 (Sun, worked) and 01-05
       }) {
    const Date a = D(c.from);
    const Date b = D(c.to);
    EXPECT_EQ(cal.WorkingDaysBetween(a, b), c.want) << c.from << " → " << c.to;
    EXPECT_EQ(cal.WorkingDaysBetween(b, a), -c.want) << c.to << " → " << c.from;
  }
}

TEST(WorkingDayTest, SubtractWorkingDaysMatchesAStepByStepCount) {
  const WorkCalendar& cal = WorkCalendar::China();
  for (Date to = D("2024-01-01"); to <= D("2027-01-31"); to = AddDays(to, 1)) {
    Date d = to;
    while (!cal.IsWorkingDay(d)) d = AddDays(d, -1);
    ASSERT_EQ(cal.SubtractWorkingDays(to, 0), d) << to.ToString();
    for (int n = 1; n <= 40; ++n) {
      do d = AddDays(d, -1);
      while (!cal.IsWorkingDay(d));
      ASSERT_EQ(cal.SubtractWorkingDays(to, n), d) << to.ToString() << " - " << n;
      ASSERT_LE(cal.AddWorkingDays(d, n), to) << to.ToString() << " - " << n;
    }
  }
}

TEST(WorkingDayTest, SubtractWorkingDaysAcrossNationalDay) {
  const WorkCalendar& cal = WorkCalendar::China();
  // 10-01..10-08 are 国庆 and 中秋; 09-28 (Sun) and 10-11 (Sat) are worked.
  EXPECT_EQ(cal.SubtractWorkingDays(D("2025-10-09"), 1), D("2025-09-30"));
  EXPECT_EQ(cal.SubtractWorkingDays(D("2025-10-05"), 0), D("2025-09-30"));
  EXPECT_EQ(cal.SubtractWorkingDays(D("2025-10-09"), 3), D("2025-09-28"));
  const Date long_ago = cal.SubtractWorkingDays(D("2025-10-06"), 500);
  EXPECT_TRUE(cal.IsWorkingDay(long_ago));
  EXPECT_EQ(cal.WorkingDaysBetween(long_ago, D("2025-09-30")), 500);
  EXPECT_EQ(cal.AddWorkingDays(long_ago, 500), D("2025-09-30"));
}

TEST(WorkingDayTest, NegativeCountIsAProgrammerError) {
  EXPECT_THROW(WorkCalendar::China().AddWorkingDays(D("2025-10-09"), -1), std::invalid_argument);
  EXPECT_THROW(WorkCalendar::China().SubtractWorkingDays(D("2025-10-09"), -1), std::invalid_argument);
}

// ---- Administrator's additions ----------------------------------------------------------------

TEST(WorkCalendarTest, AdministratorAdditionOverridesABuiltInDay) {
  std::vector<CalendarDay> days = ChinaHolidays();
  // The district works on 2025-10-08 (a built-in 国庆 day off) and closes on Tuesday 2025-06-03.
  days.push_back({D("2025-10-08"), Kind::kWorkday, "区政府值守"});
  days.push_back({D("2025-06-03"), Kind::kHoliday, "防汛停工"});
  const WorkCalendar cal(std::move(days));

  EXPECT_FALSE(WorkCalendar::China().IsWorkingDay(D("2025-10-08")));
  EXPECT_TRUE(cal.IsWorkingDay(D("2025-10-08")));
  EXPECT_FALSE(cal.IsWorkingDay(D("2025-06-03")));
  EXPECT_EQ(cal.AddWorkingDays(D("2025-09-30"), 1), D("2025-10-08"));
  EXPECT_EQ(cal.AddWorkingDays(D("2025-06-02"), 1), D("2025-06-04"));
  EXPECT_EQ(cal.WorkingDaysBetween(D("2024-12-31"), D("2025-12-31")), 248);  // +1 −1

  // One entry per date, sorted, the later one kept.
  const auto& ex = cal.exceptions();
  EXPECT_EQ(ex.size(), ChinaHolidays().size() + 1);
  EXPECT_TRUE(std::is_sorted(ex.begin(), ex.end(),
                             [](const CalendarDay& a, const CalendarDay& b) { return a.date < b.date; }));
  auto it = std::find_if(ex.begin(), ex.end(), [](const CalendarDay& e) { return e.date == Date{2025, 10, 8}; });
  ASSERT_NE(it, ex.end());
  EXPECT_EQ(it->kind, Kind::kWorkday);
  EXPECT_EQ(it->name, "区政府值守");
}

TEST(WorkCalendarTest, LaterEntryForTheSameDateWinsWhateverTheInputOrder) {
  const WorkCalendar cal({{D("2027-02-01"), Kind::kHoliday, "first"},
                          {D("2025-05-05"), Kind::kWorkday, "kept"},
                          {D("2027-02-01"), Kind::kWorkday, "second"},
                          {D("2027-02-01"), Kind::kHoliday, "third"}});
  ASSERT_EQ(cal.exceptions().size(), 2u);
  EXPECT_EQ(cal.exceptions()[0].name, "kept");
  EXPECT_EQ(cal.exceptions()[1].name, "third");
  EXPECT_FALSE(cal.IsWorkingDay(D("2027-02-01")));
  EXPECT_TRUE(cal.IsWorkingDay(D("2025-05-05")));
}

TEST(WorkCalendarTest, RedundantExceptionsChangeNothing) {
  // A holiday on a Saturday and a working Monday are no-ops for counting.
  const WorkCalendar cal({{D("2027-01-02"), Kind::kHoliday, "Sat"}, {D("2027-01-04"), Kind::kWorkday, "Mon"}});
  const WorkCalendar plain({});
  for (Date d = D("2026-12-25"); d <= D("2027-01-20"); d = AddDays(d, 1)) {
    EXPECT_EQ(cal.IsWorkingDay(d), plain.IsWorkingDay(d)) << d.ToString();
    EXPECT_EQ(cal.AddWorkingDays(d, 3), plain.AddWorkingDays(d, 3)) << d.ToString();
    EXPECT_EQ(cal.WorkingDaysBetween(D("2026-12-25"), d), plain.WorkingDaysBetween(D("2026-12-25"), d));
  }
}

}  // namespace
}  // namespace gongjian::domain
