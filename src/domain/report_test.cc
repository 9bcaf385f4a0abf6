#include "domain/report.h"

#include <gtest/gtest.h>

namespace gongjian::domain {
namespace {

constexpr Fen kWan = 1'000'000;  // 1 万元 in 分

MonthlyReport Accepted(int year, int month, Fen investment) {
  MonthlyReport r;
  r.period = {year, month};
  r.status = ReportStatus::kAccepted;
  r.investment = investment;
  return r;
}

TEST(PeriodTest, ParsesAndPrintsYearAndMonth) {
  EXPECT_EQ(ParsePeriod("2026-10"), (Period{2026, 10}));
  EXPECT_EQ(Period({2026, 3}).ToString(), "2026-03");
  for (const char* bad : {"2026-13", "2026-00", "2026-1", "26-10", "2026/10", "2026-1x"}) {
    EXPECT_EQ(ParsePeriod(bad), std::nullopt) << bad;
  }
  EXPECT_LT((Period{2025, 12}), (Period{2026, 1}));
}

TEST(ScheduleTargetTest, IsTheElapsedShareOfThePlanOrTheSumOfMonthlyTargets) {
  AnnualPlan plan;
  plan.year = 2026;
  plan.planned_investment = 12'000 * kWan;  // 1.2亿元
  EXPECT_EQ(ScheduleTarget(plan, 1), 1'000 * kWan);
  EXPECT_EQ(ScheduleTarget(plan, 10), 10'000 * kWan);
  EXPECT_EQ(ScheduleTarget(plan, 12), plan.planned_investment);
  plan.planned_investment = 7;  // 7 分 × 5/12 = 2.916… → 3
  EXPECT_EQ(ScheduleTarget(plan, 5), 3);
  plan.planned_investment = 12'000 * kWan;
  std::array<Fen, 12> targets{};
  targets[0] = 0;
  targets[1] = 0;
  targets[2] = 3'000 * kWan;
  for (int m = 3; m < 12; ++m) targets[m] = 1'000 * kWan;
  plan.monthly_targets = targets;
  EXPECT_EQ(ScheduleTarget(plan, 2), 0);
  EXPECT_EQ(ScheduleTarget(plan, 3), 3'000 * kWan);
  EXPECT_EQ(ScheduleTarget(plan, 4), 4'000 * kWan);
}

TEST(AnnualPlanTest, MonthlyTargetsMustAddUpToThePlan) {
  AnnualPlan plan;
  plan.year = 2026;
  plan.planned_investment = 12;
  plan.monthly_targets = std::array<Fen, 12>{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  EXPECT_TRUE(ValidateAnnualPlan(plan).ok());
  (*plan.monthly_targets)[0] = 2;
  EXPECT_EQ(ValidateAnnualPlan(plan).key(), "monthly_targets_mismatch");
  (*plan.monthly_targets)[0] = -1;
  EXPECT_EQ(ValidateAnnualPlan(plan).key(), "money_negative");
  plan.monthly_targets.reset();
  plan.planned_investment = -1;
  EXPECT_EQ(ValidateAnnualPlan(plan).field(), "planned_investment");
}

struct ActionCase {
  ReportStatus from;
  ReportAction action;
  std::optional<ReportStatus> to;
};

TEST(ReportActionTest, FollowsTheReviewLifeCycle) {
  using S = ReportStatus;
  using A = ReportAction;
  const ActionCase cases[] = {
      {S::kDraft, A::kSubmit, S::kSubmitted},     {S::kReturned, A::kSubmit, S::kSubmitted},
      {S::kSubmitted, A::kReturn, S::kReturned},  {S::kSubmitted, A::kAccept, S::kAccepted},
      {S::kSubmitted, A::kSubmit, std::nullopt},  {S::kDraft, A::kAccept, std::nullopt},
      {S::kDraft, A::kReturn, std::nullopt},      {S::kAccepted, A::kSubmit, std::nullopt},
      {S::kAccepted, A::kReturn, std::nullopt},   {S::kAccepted, A::kAccept, std::nullopt},
      {S::kSuperseded, A::kSubmit, std::nullopt}, {S::kReturned, A::kAccept, std::nullopt},
  };
  for (const auto& c : cases) {
    auto r = ApplyReportAction(c.from, c.action);
    if (c.to) {
      ASSERT_TRUE(r) << ReportStatusName(c.from) << " " << ReportActionName(c.action);
      EXPECT_EQ(*r, *c.to);
    } else {
      ASSERT_FALSE(r) << ReportStatusName(c.from) << " " << ReportActionName(c.action);
      EXPECT_EQ(r.error().key(), "report_action_not_allowed");
    }
  }
  EXPECT_TRUE(ReportEditable(S::kReturned));
  EXPECT_FALSE(ReportEditable(S::kAccepted));
}

TEST(ValidateReportTest, NamesTheFirstBadField) {
  MonthlyReport r = Accepted(2026, 10, 5 * kWan);
  EXPECT_TRUE(ValidateReport(r).ok());
  r.investment = -1;
  EXPECT_EQ(ValidateReport(r).field(), "investment");
  r.investment = 0;
  r.progress = 10'001;
  EXPECT_EQ(ValidateReport(r).field(), "progress");
  r.progress = 10'000;
  r.funds_arrived = {{FundSource::kBankLoan, 1}, {FundSource::kBankLoan, 2}};
  EXPECT_EQ(ValidateReport(r).key(), "fund_source_repeated");
  r.funds_arrived.clear();
  r.workers_on_site = -3;
  EXPECT_EQ(ValidateReport(r).field(), "workers_on_site");
}

TEST(DeriveFiguresTest, SumsToTheFenAndRatesAgainstPlanAndSchedule) {
  AnnualPlan plan;
  plan.year = 2026;
  plan.planned_investment = 36'000 * kWan;  // 3.6亿元
  std::vector<MonthlyReport> accepted = {Accepted(2025, 11, 800 * kWan), Accepted(2025, 12, 1'200 * kWan),
                                         Accepted(2026, 1, 2'000 * kWan + 1), Accepted(2026, 2, 1'000 * kWan),
                                         Accepted(2026, 3, 3'000 * kWan), Accepted(2026, 4, 9'999 * kWan)};
  ReportFigures f = DeriveFigures(accepted, plan, {2026, 3});
  EXPECT_EQ(f.month, 3'000 * kWan);
  EXPECT_EQ(f.year_to_date, 6'000 * kWan + 1) << "to the 分";
  EXPECT_EQ(f.since_start, 8'000 * kWan + 1) << "later periods are not counted";
  EXPECT_EQ(f.schedule_target, 9'000 * kWan);
  EXPECT_EQ(f.plan_rate, 1667) << "6000/36000 = 16.67%";
  EXPECT_EQ(f.schedule_rate, 6667) << "6000/9000 = 66.67%";
  ReportFigures none = DeriveFigures(accepted, std::nullopt, {2026, 3});
  EXPECT_EQ(none.plan_rate, std::nullopt);
  EXPECT_EQ(none.schedule_target, 0);
  EXPECT_EQ(none.year_to_date, 6'000 * kWan + 1);
}

TEST(DeriveFiguresTest, RatesDoNotOverflowAtTheLargestAmounts) {
  AnnualPlan plan;
  plan.year = 2026;
  plan.planned_investment = kMaxMoney;
  std::vector<MonthlyReport> accepted;
  for (int m = 1; m <= 12; ++m) accepted.push_back(Accepted(2026, m, kMaxMoney));
  ReportFigures f = DeriveFigures(accepted, plan, {2026, 12});
  EXPECT_EQ(f.plan_rate, 12 * kProgressScale);
}

}  // namespace
}  // namespace gongjian::domain
