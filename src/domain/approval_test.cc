#include "domain/approval.h"

#include <gtest/gtest.h>

namespace gongjian::domain {
namespace {

Date D(const char* text) { return *ParseDate(text); }

ApprovalItem Valid() {
  ApprovalItem a;
  a.name = " 建设用地规划许可证 ";
  a.limit_days = 20;
  a.status = ApprovalStatus::kObtained;
  a.applied_on = D("2026-03-02");
  a.approved_on = D("2026-03-20");
  a.doc_number = " 地字第990101202600012号 ";
  return a;
}

TEST(ValidateApprovalItemTest, AcceptsAndTrims) {
  ApprovalItem a = Valid();
  ASSERT_TRUE(ValidateApprovalItem(a, D("2026-06-01")).ok());
  EXPECT_EQ(a.name, "建设用地规划许可证");
  EXPECT_EQ(a.doc_number, "地字第990101202600012号");
}

TEST(ValidateApprovalItemTest, NamesTheFieldOfEachError) {
  struct Case {
    const char* why;
    void (*change)(ApprovalItem&);
    const char* field;  // empty: valid
    const char* key;
  };
  for (const Case& c : std::vector<Case>{
           {"empty name", [](ApprovalItem& a) { a.name = " "; }, "name", "required"},
           {"long name", [](ApprovalItem& a) { a.name = std::string(51, 'x'); }, "name", "too_long"},
           {"zero limit", [](ApprovalItem& a) { a.limit_days = 0; }, "limit_days", "out_of_range"},
           {"huge limit", [](ApprovalItem& a) { a.limit_days = 366; }, "limit_days", "out_of_range"},
           {"long doc number", [](ApprovalItem& a) { a.doc_number = std::string(101, 'x'); }, "doc_number", "too_long"},
           {"long note", [](ApprovalItem& a) { a.note = std::string(501, 'x'); }, "note", "too_long"},
           {"applied tomorrow", [](ApprovalItem& a) { a.applied_on = D("2026-06-02"); a.approved_on.reset(); a.status = ApprovalStatus::kInProgress; }, "applied_on", "date_in_future"},
           {"approved tomorrow", [](ApprovalItem& a) { a.approved_on = D("2026-06-02"); }, "approved_on", "date_in_future"},
           {"approved before applied", [](ApprovalItem& a) { a.approved_on = D("2026-03-01"); }, "approved_on", "date_order"},
           {"approved the day applied", [](ApprovalItem& a) { a.approved_on = D("2026-03-02"); }, "", ""},
           {"obtained without date", [](ApprovalItem& a) { a.approved_on.reset(); }, "approved_on", "required"},
           {"obtained without application", [](ApprovalItem& a) { a.applied_on.reset(); }, "", ""},
           {"in progress without application", [](ApprovalItem& a) { a.status = ApprovalStatus::kInProgress; a.applied_on.reset(); a.approved_on.reset(); }, "applied_on", "required"},
           {"in progress but approved", [](ApprovalItem& a) { a.status = ApprovalStatus::kInProgress; }, "approved_on", "approval_status_mismatch"},
           {"not started with application", [](ApprovalItem& a) { a.status = ApprovalStatus::kNotStarted; a.approved_on.reset(); }, "applied_on", "approval_status_mismatch"},
           {"not applicable with approval", [](ApprovalItem& a) { a.status = ApprovalStatus::kNotApplicable; a.applied_on.reset(); }, "approved_on", "approval_status_mismatch"},
           {"not started, no dates", [](ApprovalItem& a) { a.status = ApprovalStatus::kNotStarted; a.applied_on.reset(); a.approved_on.reset(); a.limit_days.reset(); }, "", ""},
       }) {
    ApprovalItem a = Valid();
    c.change(a);
    core::Status s = ValidateApprovalItem(a, D("2026-06-01"));
    if (std::string(c.field).empty()) {
      EXPECT_TRUE(s.ok()) << c.why << ": " << s.key();
      continue;
    }
    EXPECT_EQ(s.field(), c.field) << c.why;
    EXPECT_EQ(s.key(), c.key) << c.why;
  }
}

TEST(ApprovalNamesTest, RoundTrip) {
  for (auto s : {ApprovalStage::kProjectLand, ApprovalStage::kEngineering, ApprovalStage::kConstruction,
                 ApprovalStage::kCompletion}) {
    EXPECT_EQ(ParseApprovalStage(ApprovalStageName(s)), s);
  }
  for (auto s : {ApprovalStatus::kNotStarted, ApprovalStatus::kInProgress, ApprovalStatus::kObtained,
                 ApprovalStatus::kNotApplicable}) {
    EXPECT_EQ(ParseApprovalStatus(ApprovalStatusName(s)), s);
  }
  EXPECT_EQ(ParseLimitKind("calendar"), LimitKind::kCalendar);
  EXPECT_FALSE(ParseApprovalStatus("done").has_value());
  EXPECT_EQ(ApprovalCodeName(ApprovalCode::kRed), "red");
}

// Applied on Friday 2025-09-26, just before the 2025 National Day and Mid-Autumn holiday
// (10-01..10-08 off; Sunday 09-28 and Saturday 10-11 are make-up working days). Five working
// days after it: 09-28, 09-29, 09-30, 10-09, 10-10.
struct TimingCase {
  const char* why;
  ApprovalStatus status;
  std::optional<int> limit;
  LimitKind kind;
  const char* approved;  // "" when none
  const char* today;
  int red_percent;
  std::optional<int> elapsed;
  const char* due;  // "" when none
  ApprovalCode live;
  ApprovalCode duration;
  bool overdue;
};

class ApprovalTimingTest : public testing::TestWithParam<TimingCase> {};

TEST_P(ApprovalTimingTest, CodesByElapsedDays) {
  const TimingCase& c = GetParam();
  ApprovalItem a;
  a.name = "x";
  a.status = c.status;
  a.limit_days = c.limit;
  a.limit_kind = c.kind;
  if (c.status != ApprovalStatus::kNotStarted) a.applied_on = D("2025-09-26");
  if (*c.approved) a.approved_on = D(c.approved);
  ApprovalTiming t = TimeApproval(a, WorkCalendar::China(), D(c.today), c.red_percent);
  EXPECT_EQ(t.elapsed_days, c.elapsed);
  if (*c.due) {
    EXPECT_EQ(t.due_on, D(c.due));
  } else {
    EXPECT_FALSE(t.due_on.has_value());
  }
  EXPECT_EQ(t.live_code, c.live);
  EXPECT_EQ(t.duration_code, c.duration);
  EXPECT_EQ(t.overdue, c.overdue);
}

using S = ApprovalStatus;
using K = LimitKind;
using C = ApprovalCode;
constexpr S kOpen = S::kInProgress;
constexpr S kDone = S::kObtained;

INSTANTIATE_TEST_SUITE_P(
    NationalDay2025, ApprovalTimingTest,
    testing::Values(
        TimingCase{"working: 4 of 5 days, across the holiday", kOpen, 5, K::kWorking, "", "2025-10-09", 150, 4, "2025-10-10", C::kNone, C::kNone, false},
        TimingCase{"working: in the holiday, still 3 days", kOpen, 5, K::kWorking, "", "2025-10-05", 150, 3, "2025-10-10", C::kNone, C::kNone, false},
        TimingCase{"working: deadline day reached", kOpen, 5, K::kWorking, "", "2025-10-10", 150, 5, "2025-10-10", C::kYellow, C::kNone, true},
        TimingCase{"working: make-up Saturday counts", kOpen, 5, K::kWorking, "", "2025-10-11", 150, 6, "2025-10-10", C::kYellow, C::kNone, true},
        TimingCase{"working: 7 is not beyond 7.5", kOpen, 5, K::kWorking, "", "2025-10-13", 150, 7, "2025-10-10", C::kYellow, C::kNone, true},
        TimingCase{"working: 8 exceeds 7.5", kOpen, 5, K::kWorking, "", "2025-10-14", 150, 8, "2025-10-10", C::kRed, C::kNone, true},
        TimingCase{"200%: 8 is not beyond 10", kOpen, 5, K::kWorking, "", "2025-10-14", 200, 8, "2025-10-10", C::kYellow, C::kNone, true},
        TimingCase{"calendar: 6 of 7", kOpen, 7, K::kCalendar, "", "2025-10-02", 150, 6, "2025-10-03", C::kNone, C::kNone, false},
        TimingCase{"calendar: holidays count", kOpen, 7, K::kCalendar, "", "2025-10-03", 150, 7, "2025-10-03", C::kYellow, C::kNone, true},
        TimingCase{"calendar: 10 is not beyond 10.5", kOpen, 7, K::kCalendar, "", "2025-10-06", 150, 10, "2025-10-03", C::kYellow, C::kNone, true},
        TimingCase{"calendar: 11 exceeds 10.5", kOpen, 7, K::kCalendar, "", "2025-10-07", 150, 11, "2025-10-03", C::kRed, C::kNone, true},
        TimingCase{"115%: 23 is not beyond 20 × 1.15 (exact in integers)", kOpen, 20, K::kCalendar, "", "2025-10-19", 115, 23, "2025-10-16", C::kYellow, C::kNone, true},
        TimingCase{"115%: 24 is beyond 23", kOpen, 20, K::kCalendar, "", "2025-10-20", 115, 24, "2025-10-16", C::kRed, C::kNone, true},
        TimingCase{"obtained on the deadline: on time", kDone, 5, K::kWorking, "2025-10-10", "2025-12-01", 150, 5, "2025-10-10", C::kNone, C::kNone, false},
        TimingCase{"obtained a day late", kDone, 5, K::kWorking, "2025-10-11", "2025-12-01", 150, 6, "2025-10-10", C::kNone, C::kYellow, true},
        TimingCase{"obtained very late", kDone, 5, K::kWorking, "2025-10-14", "2025-12-01", 150, 8, "2025-10-10", C::kNone, C::kRed, true},
        TimingCase{"no limit: never coded", kOpen, std::nullopt, K::kCalendar, "", "2026-03-01", 150, 156, "", C::kNone, C::kNone, false},
        TimingCase{"not started: no timing", S::kNotStarted, 5, K::kWorking, "", "2026-03-01", 150, std::nullopt, "", C::kNone, C::kNone, false}),
    [](const testing::TestParamInfo<TimingCase>& info) { return "Case" + std::to_string(info.index); });

TEST(ResolveDepartmentTest, ExactNameFirstThenShortestSuffix) {
  std::vector<DepartmentName> orgs = {{7, "市自然资源和规划局"}, {3, "区自然资源和规划局"}, {9, "区生态环境局"}, {4, "生态环境局"}};
  EXPECT_EQ(ResolveDepartment(orgs, "自然资源和规划局"), 3);
  EXPECT_EQ(ResolveDepartment(orgs, "生态环境局"), 4);
  EXPECT_EQ(ResolveDepartment(orgs, "水利局"), std::nullopt);
  EXPECT_EQ(ResolveDepartment(orgs, ""), std::nullopt);
}

TEST(ApprovalsFromTemplateTest, PositionsAndDepartments) {
  ApprovalTemplate t;
  t.items = {{ApprovalStage::kProjectLand, "用地预审与选址意见书", "自然资源和规划局", 20, LimitKind::kWorking},
             {ApprovalStage::kConstruction, "施工许可证", "住房和城乡建设局", 7, LimitKind::kCalendar}};
  auto items = ApprovalsFromTemplate(t, 42, {{5, "区自然资源和规划局"}});
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].project_id, 42);
  EXPECT_EQ(items[0].department_org_id, 5);
  EXPECT_EQ(items[1].position, 1);
  EXPECT_EQ(items[1].department_org_id, std::nullopt);
  EXPECT_EQ(items[1].limit_kind, LimitKind::kCalendar);
  EXPECT_EQ(items[1].status, ApprovalStatus::kNotStarted);
}

TEST(DefaultApprovalTemplateForTest, ByCategory) {
  EXPECT_EQ(DefaultApprovalTemplateFor(ProjectCategory::kIndustry), "企业投资产业");
  EXPECT_EQ(DefaultApprovalTemplateFor(ProjectCategory::kInfrastructure), "线性基础设施");
  EXPECT_EQ(DefaultApprovalTemplateFor(ProjectCategory::kSocial), "政府投资房建市政");
}

}  // namespace
}  // namespace gongjian::domain
