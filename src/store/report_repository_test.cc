#include "store/report_repository.h"

#include "store/org_repository.h"
#include "store/project_repository.h"
#include "store/user_repository.h"
#include "store_test_util.h"

namespace gongjian::store {
namespace {

using domain::MonthlyReport;
using domain::ReportAction;
using domain::ReportStatus;

constexpr char kNow[] = "2026-11-29T08:00:00.000Z";
constexpr domain::Fen kWan = 1'000'000;

class ReportRepositoryTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped()) return;
    domain::Org district;
    district.name = "示范区";
    district.kind = domain::OrgKind::kDistrict;
    int64_t root = db().WriteValue<domain::Org>([&](Connection& c) { return CreateOrg(c, district, kNow); })->id;
    domain::User u;
    u.username = "owner";
    u.display_name = "业主";
    u.org_id = root;
    u.roles = {domain::Role::kOwner};
    u.scope = domain::ScopeKind::kAll;
    u.password_hash = "x";
    user_ = db().WriteValue<domain::User>([&](Connection& c) { return CreateUser(c, u, kNow); })->id;
    domain::Project p;
    p.name = "月报项目";
    p.owner_org_id = root;
    project_ = db().WriteValue<ProjectView>([&](Connection& c) { return CreateProject(c, p, user_, kNow); })->project.id;
  }
  Result<MonthlyReport> Save(MonthlyReport r, int64_t version) {
    return db().WriteValue<MonthlyReport>([&](Connection& c) { return SaveReport(c, r, version, user_, kNow); });
  }
  Result<MonthlyReport> Review(const MonthlyReport& r, ReportAction a, std::string reason = {}) {
    return db().WriteValue<MonthlyReport>(
        [&](Connection& c) { return ReviewReport(c, r.id, a, reason, r.version, user_, kNow); });
  }
  MonthlyReport Draft(int year, int month, domain::Fen investment) {
    MonthlyReport r;
    r.project_id = project_;
    r.period = {year, month};
    r.investment = investment;
    r.funds_arrived = {{domain::FundSource::kSpecialBond, investment}};
    r.progress = 4550;
    r.progress_text = "主体结构施工";
    return r;
  }
  // Fill, submit and accept a month.
  MonthlyReport AcceptedMonth(int year, int month, domain::Fen investment) {
    auto r = Save(Draft(year, month, investment), 0);
    EXPECT_TRUE(r) << r.error().ToString();
    r = Review(*r, ReportAction::kSubmit);
    EXPECT_TRUE(r) << r.error().ToString();
    r = Review(*r, ReportAction::kAccept);
    EXPECT_TRUE(r) << r.error().ToString();
    return *r;
  }

  int64_t user_ = 0, project_ = 0;
};

TEST_P(ReportRepositoryTest, AReportIsFilledSubmittedReturnedFixedAndAccepted) {
  auto r = Save(Draft(2026, 10, 500 * kWan), 0);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->status, ReportStatus::kDraft);
  EXPECT_EQ(r->funds_arrived.size(), 1u);
  EXPECT_EQ(r->progress, 4550);
  auto dup = Save(Draft(2026, 10, 1), 0);
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().key(), "report_exists");
  r = Review(*r, ReportAction::kSubmit);
  ASSERT_TRUE(r);
  MonthlyReport edit = *r;
  edit.investment = 1;
  auto locked = Save(edit, r->version);
  ASSERT_FALSE(locked);
  EXPECT_EQ(locked.error().key(), "report_locked");
  r = Review(*r, ReportAction::kReturn, "投资额与形象进度不符");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, ReportStatus::kReturned);
  EXPECT_EQ(r->review_reason, "投资额与形象进度不符");
  edit = *r;
  edit.investment = 450 * kWan;
  auto stale = Save(edit, r->version - 1);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code(), core::Code::kFailedPrecondition);
  r = Save(edit, r->version);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->investment, 450 * kWan);
  r = Review(*r, ReportAction::kSubmit);
  ASSERT_TRUE(r);
  r = Review(*r, ReportAction::kAccept);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, ReportStatus::kAccepted);
  auto again = Review(*r, ReportAction::kReturn, "x");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().key(), "report_action_not_allowed");
}

TEST_P(ReportRepositoryTest, ACorrectionIsANewVersionThatSupersedesOnlyWhenAccepted) {
  MonthlyReport first = AcceptedMonth(2026, 9, 300 * kWan);
  auto correction = db().WriteValue<MonthlyReport>([&](Connection& c) { return StartCorrection(c, first.id, user_, kNow); });
  ASSERT_TRUE(correction) << correction.error().ToString();
  EXPECT_EQ(correction->version_no, 2);
  EXPECT_EQ(correction->status, ReportStatus::kDraft);
  EXPECT_EQ(correction->supersedes, first.id);
  auto twice = db().WriteValue<MonthlyReport>([&](Connection& c) { return StartCorrection(c, first.id, user_, kNow); });
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().key(), "correction_open");
  // Until the correction is accepted the figures still use the first version.
  auto accepted = db().ReadValue<std::vector<MonthlyReport>>([&](Connection& c) { return AcceptedReports(c, project_); });
  ASSERT_EQ(accepted->size(), 1u);
  EXPECT_EQ(accepted->front().investment, 300 * kWan);
  MonthlyReport fix = *correction;
  fix.investment = 320 * kWan + 1;
  auto saved = Save(fix, correction->version);
  ASSERT_TRUE(saved) << saved.error().ToString();
  auto submitted = Review(*saved, ReportAction::kSubmit);
  ASSERT_TRUE(submitted);
  ASSERT_TRUE(Review(*submitted, ReportAction::kAccept));
  auto versions = db().ReadValue<std::vector<MonthlyReport>>(
      [&](Connection& c) { return ListReportVersions(c, project_, {2026, 9}); });
  ASSERT_EQ(versions->size(), 2u);
  EXPECT_EQ(versions->at(0).status, ReportStatus::kAccepted);
  EXPECT_EQ(versions->at(1).status, ReportStatus::kSuperseded);
  EXPECT_EQ(versions->at(1).investment, 300 * kWan) << "the old version stays readable";
  accepted = db().ReadValue<std::vector<MonthlyReport>>([&](Connection& c) { return AcceptedReports(c, project_); });
  ASSERT_EQ(accepted->size(), 1u);
  EXPECT_EQ(accepted->front().investment, 320 * kWan + 1);
}

TEST_P(ReportRepositoryTest, FiguresAndYearToDateCountAcceptedReportsToTheFen) {
  AcceptedMonth(2025, 12, 1'000 * kWan);
  AcceptedMonth(2026, 1, 2'000 * kWan + 1);
  AcceptedMonth(2026, 2, 3'000 * kWan + 2);
  ASSERT_TRUE(Save(Draft(2026, 3, 9'999 * kWan), 0)) << "a draft counts for nothing";
  domain::AnnualPlan plan;
  plan.project_id = project_;
  plan.year = 2026;
  plan.planned_investment = 24'000 * kWan;
  auto saved = db().WriteValue<domain::AnnualPlan>([&](Connection& c) { return SaveAnnualPlan(c, plan, 0, kNow); });
  ASSERT_TRUE(saved) << saved.error().ToString();
  auto accepted = db().ReadValue<std::vector<MonthlyReport>>([&](Connection& c) { return AcceptedReports(c, project_); });
  ASSERT_TRUE(accepted);
  domain::ReportFigures f = domain::DeriveFigures(*accepted, *saved, {2026, 3});
  EXPECT_EQ(f.year_to_date, 5'000 * kWan + 3);
  EXPECT_EQ(f.since_start, 6'000 * kWan + 3);
  EXPECT_EQ(f.schedule_target, 6'000 * kWan);
  EXPECT_EQ(f.schedule_rate, 8333);
  auto ytd = db().ReadValue<std::map<int64_t, domain::Fen>>([&](Connection& c) { return YearToDate(c, 2026, 3); });
  ASSERT_TRUE(ytd);
  EXPECT_EQ(ytd->at(project_), 5'000 * kWan + 3);
}

TEST_P(ReportRepositoryTest, APlanIsEditableUntilSubmittedAndReviewedLikeAReport) {
  domain::AnnualPlan plan;
  plan.project_id = project_;
  plan.year = 2026;
  plan.planned_investment = 12;
  plan.monthly_targets = std::array<domain::Fen, 12>{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  auto saved = db().WriteValue<domain::AnnualPlan>([&](Connection& c) { return SaveAnnualPlan(c, plan, 0, kNow); });
  ASSERT_TRUE(saved) << saved.error().ToString();
  EXPECT_EQ(saved->monthly_targets, plan.monthly_targets);
  auto submitted = db().WriteValue<domain::AnnualPlan>(
      [&](Connection& c) { return ReviewAnnualPlan(c, saved->id, ReportAction::kSubmit, "", saved->version, kNow); });
  ASSERT_TRUE(submitted);
  plan.planned_investment = 24;
  plan.monthly_targets.reset();
  auto locked = db().WriteValue<domain::AnnualPlan>(
      [&](Connection& c) { return SaveAnnualPlan(c, plan, submitted->version, kNow); });
  ASSERT_FALSE(locked);
  EXPECT_EQ(locked.error().key(), "plan_locked");
  auto approved = db().WriteValue<domain::AnnualPlan>([&](Connection& c) {
    return ReviewAnnualPlan(c, saved->id, ReportAction::kAccept, "", submitted->version, kNow);
  });
  ASSERT_TRUE(approved);
  EXPECT_EQ(approved->status, ReportStatus::kAccepted);
}

GJ_INSTANTIATE_ENGINES(ReportRepositoryTest);

}  // namespace
}  // namespace gongjian::store
