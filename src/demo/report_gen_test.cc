#include "demo/report_gen.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <tuple>

#include "auth/crypto.h"
#include "demo/demo.h"
#include "demo/project_gen.h"
#include "store/report_repository.h"
#include "store/round_repository.h"
#include "store/test_database.h"

namespace gongjian::demo {
namespace {

using domain::Date;
using domain::Fen;
using domain::MonthlyReport;
using domain::Period;
using domain::Project;
using domain::ReportStatus;
using domain::Stage;

constexpr Date kToday{2026, 11, 1};  // the previous month, 2026-10, is the open round
const std::string kNow = "2026-11-01T02:00:00.000Z";

std::vector<Project> Projects(int count, uint64_t seed) {
  ProjectGenInput in;
  in.count = count;
  in.seed = seed;
  in.today = kToday;
  std::vector<Project> out = GenerateProjects(in);
  for (size_t i = 0; i < out.size(); ++i) out[i].id = static_cast<int64_t>(i) + 1;
  return out;
}

struct Generated {
  std::vector<Project> projects;
  std::vector<ProjectHistory> histories;
};

Generated Generate(int count, uint64_t seed, int years = 3) {
  Generated g;
  g.projects = Projects(count, seed);
  ReportGenInput in{.today = kToday, .years = years, .seed = seed};
  for (size_t i = 0; i < g.projects.size(); ++i) g.histories.push_back(GenerateHistory(g.projects[i], i, in, kNow));
  return g;
}

// A city's worth of projects: enough for the proportions to mean something.
const Generated& City() {
  static const Generated g = Generate(5'000, 3);
  return g;
}

bool Reported(Stage s) { return s != Stage::kPlanning && s != Stage::kReserve && s != Stage::kWithdrawn; }

TEST(ReportGenTest, TheSameSeedGivesTheSameHistoryAndAnotherSeedAnother) {
  Generated a = Generate(300, 7), b = Generate(300, 7), c = Generate(300, 8);
  auto key = [](const Generated& g) {
    std::vector<std::tuple<int64_t, int, int, int, std::string, Fen, int, int, std::string, size_t>> rows;
    for (const auto& h : g.histories) {
      for (const auto& r : h.reports) {
        rows.emplace_back(r.project_id, r.period.year, r.period.month, r.version_no,
                          std::string(domain::ReportStatusName(r.status)), r.investment, r.progress,
                          r.workers_on_site, r.progress_text + r.problems + r.next_plan, r.funds_arrived.size());
      }
      for (const auto& p : h.plans) rows.emplace_back(p.project_id, p.year, 0, 0, p.progress_goal, p.planned_investment, 0, 0, "", 0);
    }
    return rows;
  };
  EXPECT_EQ(key(a), key(b));
  EXPECT_NE(key(a), key(c));
  EXPECT_GT(key(a).size(), 2'000u);
}

TEST(ReportGenTest, EveryReportAndPlanKeepsTheDomainRules) {
  const Generated& g = City();
  const Period first{2024, 1}, last{2026, 10};
  EXPECT_EQ(LastPeriod(kToday), last);
  EXPECT_EQ(FirstPeriod({.today = kToday, .years = 3}), first);
  int64_t completed_checked = 0;
  for (size_t i = 0; i < g.projects.size(); ++i) {
    const Project& p = g.projects[i];
    const ProjectHistory& h = g.histories[i];
    SCOPED_TRACE(p.name);
    if (!Reported(p.lifecycle.stage)) {
      EXPECT_TRUE(h.reports.empty());
      EXPECT_TRUE(h.plans.empty());
      continue;
    }
    ASSERT_EQ(h.stamps.size(), h.reports.size());
    ASSERT_EQ(h.plan_stamps.size(), h.plans.size());
    Fen accepted = 0;
    std::map<std::pair<int, int>, int> accepted_per_month;
    std::map<domain::FundSource, Fen> arrived;
    int progress = 0;
    for (size_t k = 0; k < h.reports.size(); ++k) {
      const MonthlyReport& r = h.reports[k];
      ASSERT_TRUE(domain::ValidateReport(r).ok()) << domain::ValidateReport(r).ToString();
      EXPECT_EQ(r.project_id, p.id);
      EXPECT_GE(r.period, first);
      EXPECT_LE(r.period, last);
      EXPECT_LE(h.stamps[k].created, kNow);
      EXPECT_LE(h.stamps[k].reviewed, kNow);
      EXPECT_EQ(h.stamps[k].submitted.empty(), r.status == ReportStatus::kDraft);
      if (r.supersedes) {
        ASSERT_GE(*r.supersedes, 1);
        const MonthlyReport& old = h.reports[*r.supersedes - 1];
        EXPECT_EQ(old.status, ReportStatus::kSuperseded);
        EXPECT_EQ(old.period, r.period);
        EXPECT_EQ(r.version_no, old.version_no + 1);
      }
      if (r.status != ReportStatus::kAccepted) {
        // Only the previous month waits for review; older months are through.
        if (r.status != ReportStatus::kSuperseded) {
          EXPECT_EQ(r.period, last);
        }
        continue;
      }
      accepted += r.investment;
      ++accepted_per_month[{r.period.year, r.period.month}];
      for (const auto& f : r.funds_arrived) arrived[f.source] += f.amount;
      EXPECT_GE(r.progress, progress) << r.period.ToString();
      progress = r.progress;
      if (r.site == domain::SiteStatus::kCompleted) {
        EXPECT_EQ(r.progress, domain::kProgressScale);
        ++completed_checked;
      } else if (r.site == domain::SiteStatus::kNotStarted) {
        EXPECT_EQ(r.progress, 0);
      } else {
        EXPECT_LT(r.progress, domain::kProgressScale);
      }
    }
    EXPECT_LE(accepted, p.total_investment) << "since the start, never past the total";
    for (const auto& [month, n] : accepted_per_month) EXPECT_EQ(n, 1) << "one accepted version a month";
    // Funds arrive by the project's own sources and never past their share.
    for (const auto& [source, amount] : arrived) {
      Fen budget = 0;
      for (const auto& f : p.funds) budget += f.source == source ? f.amount : 0;
      if (p.funds.empty()) budget = p.total_investment;
      EXPECT_LE(amount, budget) << domain::FundSourceName(source);
    }
    std::set<int> years;
    for (const auto& plan : h.plans) {
      ASSERT_TRUE(domain::ValidateAnnualPlan(plan).ok()) << domain::ValidateAnnualPlan(plan).ToString();
      EXPECT_EQ(plan.status, ReportStatus::kAccepted);
      EXPECT_GT(plan.planned_investment, 0);
      EXPECT_LE(plan.planned_investment, p.total_investment);
      EXPECT_TRUE(years.insert(plan.year).second) << "one plan a year";
      EXPECT_FALSE(plan.progress_goal.empty());
      if (plan.monthly_targets) {
        Fen sum = 0;
        for (Fen t : *plan.monthly_targets) sum += t;
        EXPECT_EQ(sum, plan.planned_investment);
      }
    }
    // A completed project's last report says so (when its completion month was reported).
    if (p.actual_completion && Period{p.actual_completion->year, p.actual_completion->month} <= last &&
        Period{p.actual_completion->year, p.actual_completion->month} >= first) {
      ASSERT_FALSE(h.reports.empty());
      EXPECT_EQ(h.reports.back().site, domain::SiteStatus::kCompleted);
      EXPECT_EQ(h.reports.back().progress, domain::kProgressScale);
    }
  }
  EXPECT_GT(completed_checked, 100);
}

TEST(ReportGenTest, PlansAreAboutHalfWithSeasonalMonthlyTargets) {
  const Generated& g = City();
  int64_t plans = 0, with_targets = 0;
  Fen winter = 0, autumn = 0;
  for (const auto& h : g.histories) {
    for (const auto& p : h.plans) {
      ++plans;
      if (!p.monthly_targets) continue;
      ++with_targets;
      if (p.year == 2025) {  // a whole year of continuing projects mostly
        winter += (*p.monthly_targets)[0] + (*p.monthly_targets)[1];
        autumn += (*p.monthly_targets)[8] + (*p.monthly_targets)[9];
      }
    }
  }
  EXPECT_GT(plans, 2'000);
  EXPECT_GT(with_targets * 100, plans * 45);
  EXPECT_LT(with_targets * 100, plans * 65);
  EXPECT_LT(winter * 2, autumn) << "January and February, around the Spring Festival, are the slow months";
}

// Points behind 序时 as the Yinchuan rule measures them: (序时 − completed) / plan.
double PointsBehind(const domain::AnnualPlan& plan, Fen done, int month) {
  return 100.0 * static_cast<double>(domain::ScheduleTarget(plan, month) - done) /
         static_cast<double>(plan.planned_investment);
}

TEST(ReportGenTest, AboutSeventyPerCentOfProjectsUnderConstructionAreOnTrack) {
  const Generated& g = City();
  int on = 0, lagging = 0, bad = 0, agree = 0;
  for (size_t i = 0; i < g.projects.size(); ++i) {
    const Project& p = g.projects[i];
    const ProjectHistory& h = g.histories[i];
    if (p.lifecycle.stage != Stage::kConstruction || !h.pace) continue;
    const domain::AnnualPlan* plan = nullptr;
    for (const auto& candidate : h.plans) plan = candidate.year == 2026 ? &candidate : plan;
    ASSERT_NE(plan, nullptr);
    std::vector<MonthlyReport> accepted;
    for (const auto& r : h.reports) {
      if (r.status == ReportStatus::kAccepted) accepted.push_back(r);
    }
    domain::ReportFigures f = domain::DeriveFigures(accepted, *plan, {2026, 10});
    double behind = PointsBehind(*plan, f.year_to_date, 10);
    Pace measured = behind < 10 ? Pace::kOnTrack : behind <= 30 ? Pace::kLagging : Pace::kBadlyLagging;
    (measured == Pace::kOnTrack ? on : measured == Pace::kLagging ? lagging : bad)++;
    agree += measured == *h.pace;
  }
  int n = on + lagging + bad;
  ASSERT_GT(n, 1'000);
  EXPECT_NEAR(on / static_cast<double>(n), 0.70, 0.06);
  EXPECT_NEAR(lagging / static_cast<double>(n), 0.20, 0.05);
  EXPECT_NEAR(bad / static_cast<double>(n), 0.10, 0.04);
  EXPECT_GT(agree, n * 95 / 100) << "the pace aimed at is the pace measured";
}

TEST(ReportGenTest, ThePreviousMonthIsStillBeingReportedAndOlderOnesWereCorrected) {
  const Generated& g = City();
  std::map<ReportStatus, int> last_month;
  int must_report = 0, unreported = 0, corrected = 0, returned_once = 0;
  for (size_t i = 0; i < g.projects.size(); ++i) {
    Stage s = g.projects[i].lifecycle.stage;
    const auto& reports = g.histories[i].reports;
    for (const auto& r : reports) {
      if (r.period == Period{2026, 10}) ++last_month[r.status];
      if (r.version_no == 2 && r.status == ReportStatus::kAccepted) ++corrected;
      if (r.version == 6 && r.status == ReportStatus::kAccepted) ++returned_once;
    }
    if (s != Stage::kPreparation && s != Stage::kConstruction && s != Stage::kSuspended) continue;
    ++must_report;
    if (reports.empty() || reports.back().period != Period{2026, 10}) ++unreported;
  }
  EXPECT_NEAR(unreported / static_cast<double>(must_report), 0.10, 0.03);
  EXPECT_GT(last_month[ReportStatus::kDraft], 20);
  EXPECT_GT(last_month[ReportStatus::kSubmitted], 50);
  EXPECT_GT(last_month[ReportStatus::kReturned], 10);
  EXPECT_GT(last_month[ReportStatus::kAccepted], must_report / 2);
  EXPECT_GT(corrected, 20);
  EXPECT_GT(returned_once, 20);
}

TEST(ReportGenTest, FiveYearsForAProvinceReachBackFurther) {
  Generated three = Generate(1'000, 5, 3), five = Generate(1'000, 5, 5);
  size_t n3 = 0, n5 = 0;
  Period oldest{2100, 1};
  for (const auto& h : three.histories) n3 += h.reports.size();
  for (const auto& h : five.histories) {
    n5 += h.reports.size();
    for (const auto& r : h.reports) oldest = std::min(oldest, r.period);
  }
  EXPECT_GT(n5, n3);
  EXPECT_EQ(oldest, (Period{2022, 1}));
}

TEST(ReportGenTest, StartedProjectsAreRegisteredWithStatisticsSoonAfter) {
  const Generated& g = City();
  ReportGenInput in{.today = kToday, .years = 3, .seed = 3};
  int started = 0, registered = 0, late = 0;
  for (size_t i = 0; i < g.projects.size(); ++i) {
    const Project& p = g.projects[i];
    auto on = RegistrationDate(p, i, in);
    EXPECT_EQ(on, RegistrationDate(p, i, in));
    if (!p.actual_start) {
      EXPECT_FALSE(on);
      continue;
    }
    ++started;
    if (!on) {
      EXPECT_GE(*p.actual_start, (Date{2026, 7, 1})) << "only recent starts wait for registration";
      continue;
    }
    ++registered;
    EXPECT_GE(*on, *p.actual_start);
    EXPECT_LE(*on, kToday);
    auto days = [](const Date& d) {
      return std::chrono::sys_days{std::chrono::year(d.year) / d.month / d.day}.time_since_epoch().count();
    };
    late += days(*on) - days(*p.actual_start) > 28;
  }
  EXPECT_GT(started, 2'000);
  EXPECT_GT(registered, started * 95 / 100);
  EXPECT_LT(registered, started);
  EXPECT_EQ(late, 0) << "within four weeks of the start, before the registration rule's first month is up";
}

auth::KeyRing TestKeys() { return auth::KeyRing::Derive(auth::RandomBytes(32)); }

int64_t Count(store::Database& db, const std::string& sql) {
  auto r = db.ReadValue<int64_t>([&](store::Connection& c) -> core::Result<int64_t> {
    auto q = c.Query(sql);
    if (!q) return core::Fail(std::move(q.error()));
    return q->First().Int("n");
  });
  EXPECT_TRUE(r) << r.error().ToString();
  return r.value_or(-1);
}

TEST(ReportGenTest, TheDemoDistrictHasRoundsPlansAndReportsOnBothDatabases) {
  core::FakeClock clock(std::chrono::sys_days(std::chrono::year(2026) / 11 / 1) + std::chrono::hours(2));
  for (auto engine : {store::Engine::kSqlite, store::Engine::kPostgres}) {
    auto t = store::TestDatabase::Create(engine);
    if (!t) continue;  // PostgreSQL without GONGJIAN_TEST_PG
    SCOPED_TRACE(store::EngineName(engine));
    int64_t seen_in_hook = -1;
    Date hook_today;
    DemoOptions options;
    options.recompute_warnings = [&](store::Connection& c, Date today, const std::string&) -> core::Status {
      auto n = c.Query("SELECT COUNT(*) AS n FROM monthly_reports");
      if (!n) return n.error();
      seen_in_hook = n->First().Int("n");
      hook_today = today;
      return core::Status::Ok();
    };
    auto report = GenerateDemo(t->db(), options, clock, TestKeys());
    ASSERT_TRUE(report) << report.error().ToString();
    EXPECT_EQ(report->rounds, 34);  // 2024-01 … 2026-10
    EXPECT_GT(report->plans, 150);
    EXPECT_GT(report->reports, 3'000);
    EXPECT_GT(report->report_funds, 2'000);
    EXPECT_EQ(seen_in_hook, report->reports) << "the warnings hook runs once the reports are in";
    EXPECT_EQ(hook_today, kToday);
    EXPECT_EQ(Count(t->db(), "SELECT COUNT(*) AS n FROM monthly_reports"), report->reports);
    EXPECT_EQ(Count(t->db(), "SELECT COUNT(*) AS n FROM report_funds"), report->report_funds);
    EXPECT_EQ(Count(t->db(), "SELECT COUNT(*) AS n FROM annual_plans WHERE status = 'accepted'"), report->plans);
    // Nowhere does the accepted investment pass the project's total.
    EXPECT_EQ(Count(t->db(), "SELECT COUNT(*) AS n FROM projects p WHERE p.total_investment < (SELECT"
                             " COALESCE(SUM(r.investment), 0) FROM monthly_reports r WHERE r.project_id = p.id"
                             " AND r.status = 'accepted')"),
              0);

    store::Viewer office{1, domain::ScopeKind::kAll};
    auto board = t->db().ReadValue<std::vector<store::RoundEntry>>(
        [&](store::Connection& c) -> core::Result<std::vector<store::RoundEntry>> {
          auto round = store::RoundForPeriod(c, {2026, 10});
          if (!round) return core::Fail(std::move(round.error()));
          if (!*round) return core::Fail(core::Status::NotFound("round_not_found"));
          EXPECT_EQ((*round)->opens_on, (Date{2026, 11, 1}));
          EXPECT_EQ((*round)->closes_on, (Date{2026, 11, 10}));
          auto none = store::RoundForPeriod(c, {2026, 11});
          EXPECT_TRUE(none && !*none) << "this month's round is the office's to open";
          return store::RoundStatus(c, office, **round);
        });
    ASSERT_TRUE(board) << board.error().ToString();
    std::map<std::string, int> states;
    for (const auto& e : *board) states[e.status ? std::string(domain::ReportStatusName(*e.status)) : "none"]++;
    EXPECT_GT(states["none"], 3) << "some projects have not reported";
    EXPECT_GT(states["accepted"], static_cast<int>(board->size()) / 2);
    EXPECT_GT(states["submitted"] + states["draft"] + states["returned"], 3);

    // The store reads what the generator wrote: funds, figures, plans.
    auto check = t->db().ReadValue<int>([&](store::Connection& c) -> core::Result<int> {
      auto funded = c.Query("SELECT MIN(f.report_id) AS n FROM report_funds f JOIN monthly_reports r ON r.id = f.report_id"
                              " WHERE r.site_status = 'started' AND r.status = 'accepted'");
      if (!funded) return core::Fail(std::move(funded.error()));
      auto r = store::GetReport(c, funded->First().Int("n"));
      if (!r) return core::Fail(std::move(r.error()));
      EXPECT_FALSE(r->funds_arrived.empty());
      EXPECT_TRUE(domain::ValidateReport(*r).ok());
      auto accepted = store::AcceptedReports(c, r->project_id);
      if (!accepted) return core::Fail(std::move(accepted.error()));
      auto plan = store::GetAnnualPlan(c, r->project_id, r->period.year);
      if (!plan) return core::Fail(std::move(plan.error()));
      EXPECT_TRUE(domain::ValidateAnnualPlan(*plan).ok());
      auto f = domain::DeriveFigures(*accepted, *plan, r->period);
      EXPECT_GT(f.since_start, 0);
      EXPECT_TRUE(f.plan_rate.has_value());
      return 0;
    });
    ASSERT_TRUE(check) << check.error().ToString();

    // The id sequence moved past the demo's reports: a new report for this month saves.
    auto saved = t->db().WriteValue<MonthlyReport>([&](store::Connection& c) -> core::Result<MonthlyReport> {
      auto id = c.Query("SELECT MIN(id) AS n FROM projects WHERE stage = 'construction'");
      if (!id) return core::Fail(std::move(id.error()));
      MonthlyReport r;
      r.project_id = id->First().Int("n");
      r.period = {2026, 11};
      r.investment = 100;
      return store::SaveReport(c, r, 0, 1, kNow);
    });
    ASSERT_TRUE(saved) << saved.error().ToString();
    EXPECT_GT(saved->id, report->reports);
  }
}

TEST(ReportGenTest, TheSameSeedWritesTheSameFigures) {
  core::FakeClock clock(std::chrono::sys_days(std::chrono::year(2026) / 11 / 1));
  auth::KeyRing keys = TestKeys();
  auto figures = [&](store::Database& db) {
    auto r = db.ReadValue<std::vector<std::string>>([](store::Connection& c) -> core::Result<std::vector<std::string>> {
      auto q = c.Query(
          "SELECT project_id, year, month, version_no, status, investment, progress, progress_text FROM monthly_reports"
          " ORDER BY id");
      if (!q) return core::Fail(std::move(q.error()));
      std::vector<std::string> out;
      for (size_t i = 0; i < q->size(); ++i) {
        auto row = q->Row(i);
        out.push_back(std::to_string(row.Int("project_id")) + " " + std::to_string(row.Int("year")) + "-" +
                      std::to_string(row.Int("month")) + " v" + std::to_string(row.Int("version_no")) + " " +
                      row.Text("status") + " " + std::to_string(row.Int("investment")) + " " +
                      std::to_string(row.Int("progress")) + " " + row.Text("progress_text"));
      }
      auto plans = c.Query("SELECT project_id, year, planned_investment, monthly_targets FROM annual_plans ORDER BY id");
      if (!plans) return core::Fail(std::move(plans.error()));
      for (size_t i = 0; i < plans->size(); ++i) {
        auto row = plans->Row(i);
        out.push_back(std::to_string(row.Int("project_id")) + " " + std::to_string(row.Int("year")) + " " +
                      std::to_string(row.Int("planned_investment")) + " " + row.Text("monthly_targets"));
      }
      return out;
    });
    EXPECT_TRUE(r) << r.error().ToString();
    return r.value_or(std::vector<std::string>{});
  };
  auto a = store::TestDatabase::Create(store::Engine::kSqlite);
  auto b = store::TestDatabase::Create(store::Engine::kSqlite);
  ASSERT_TRUE(GenerateDemo(a->db(), {.seed = 11}, clock, keys));
  ASSERT_TRUE(GenerateDemo(b->db(), {.seed = 11}, clock, keys));
  auto fa = figures(a->db());
  EXPECT_GT(fa.size(), 3'000u);
  EXPECT_EQ(fa, figures(b->db()));
}

}  // namespace
}  // namespace gongjian::demo
