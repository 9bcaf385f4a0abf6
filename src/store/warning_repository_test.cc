// The warnings' store on both engines: the bulk loader against hand-counted answers, and a
// bulk save that writes only what changed while keeping each period's history complete.
#include "store/warning_repository.h"

#include "store/cockpit_repository.h"
#include "store/org_repository.h"
#include "store/project_repository.h"
#include "store/report_repository.h"
#include "store/round_repository.h"
#include "store/user_repository.h"
#include "store_test_util.h"

namespace gongjian::store {
namespace {

using domain::ReportAction;

constexpr char kNow[] = "2026-11-29T08:00:00.000Z";
constexpr char kLater[] = "2026-11-30T08:00:00.000Z";
constexpr domain::Fen kWan = 1'000'000;

class WarningRepositoryTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped()) return;
    domain::Org district;
    district.name = "示范区";
    district.kind = domain::OrgKind::kDistrict;
    root_ = db().WriteValue<domain::Org>([&](Connection& c) { return CreateOrg(c, district, kNow); })->id;
    domain::User u;
    u.username = "office";
    u.display_name = "项目办";
    u.org_id = root_;
    u.roles = {domain::Role::kOffice};
    u.scope = domain::ScopeKind::kAll;
    u.password_hash = "x";
    user_ = db().WriteValue<domain::User>([&](Connection& c) { return CreateUser(c, u, kNow); })->id;
  }
  int64_t Project(const std::string& name, std::optional<domain::Date> planned_start = {},
                  std::optional<domain::Date> actual_start = {}, std::optional<domain::Date> registered = {}) {
    domain::Project p;
    p.name = name;
    p.owner_org_id = root_;
    p.planned_start = planned_start;
    p.actual_start = actual_start;
    p.registered_on = registered;
    auto v = db().WriteValue<ProjectView>([&](Connection& c) { return CreateProject(c, p, user_, kNow); });
    EXPECT_TRUE(v) << v.error().ToString();
    return v->project.id;
  }
  // Saves a plan and takes it through review as far as `accept` says.
  void Plan(int64_t project, int year, domain::Fen planned, bool accept,
            std::optional<std::array<domain::Fen, 12>> targets = std::nullopt) {
    domain::AnnualPlan plan;
    plan.project_id = project;
    plan.year = year;
    plan.planned_investment = planned;
    plan.monthly_targets = targets;
    Status s = db().Write([&](Connection& c) -> Status {
      auto p = SaveAnnualPlan(c, plan, 0, kNow);
      if (!p) return p.error();
      p = ReviewAnnualPlan(c, p->id, ReportAction::kSubmit, "", p->version, kNow);
      if (!p) return p.error();
      if (!accept) return Status::Ok();
      p = ReviewAnnualPlan(c, p->id, ReportAction::kAccept, "", p->version, kNow);
      return p ? Status::Ok() : p.error();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }
  void Report(int64_t project, domain::Period period, domain::Fen investment, bool accept) {
    domain::MonthlyReport r;
    r.project_id = project;
    r.period = period;
    r.investment = investment;
    Status s = db().Write([&](Connection& c) -> Status {
      auto saved = SaveReport(c, r, 0, user_, kNow);
      if (!saved) return saved.error();
      saved = ReviewReport(c, saved->id, ReportAction::kSubmit, "", saved->version, user_, kNow);
      if (!saved) return saved.error();
      if (!accept) return Status::Ok();
      saved = ReviewReport(c, saved->id, ReportAction::kAccept, "", saved->version, user_, kNow);
      return saved ? Status::Ok() : saved.error();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }
  Result<SaveAllCounts> SaveAll(domain::Period period, const std::vector<ProjectWarnings>& all, const char* now) {
    return db().WriteValue<SaveAllCounts>([&](Connection& c) { return SaveAllWarnings(c, period, all, now); });
  }
  std::vector<WarningRow> Findings(int64_t project) {
    return *db().ReadValue<std::vector<WarningRow>>([&](Connection& c) { return ListWarnings(c, project); });
  }
  std::string Colour(int64_t project) {
    auto v = db().ReadValue<ProjectView>([&](Connection& c) {
      return GetProject(c, {user_, domain::ScopeKind::kAll}, project);
    });
    return v ? v->warning_colour : "?";
  }
  std::vector<WarningHistoryEntry> History(int64_t project, domain::Period from, domain::Period to) {
    return *db().ReadValue<std::vector<WarningHistoryEntry>>(
        [&](Connection& c) { return ListWarningHistory(c, project, from, to); });
  }

  int64_t root_ = 0, user_ = 0;
};

TEST_P(WarningRepositoryTest, TheBulkLoaderCountsOnlyApprovedPlansAndAcceptedReportsOfTheYearUpToThePeriod) {
  int64_t a = Project("甲", domain::Date{2026, 3, 1}, domain::Date{2026, 3, 20}, domain::Date{2026, 5, 6});
  int64_t b = Project("乙", domain::Date{2026, 6, 1});
  int64_t c = Project("丙");
  std::array<domain::Fen, 12> targets{};
  targets.fill(100 * kWan);
  Plan(a, 2026, 1200 * kWan, true, targets);
  Plan(b, 2026, 500 * kWan, false);  // submitted, not approved
  Plan(c, 2025, 800 * kWan, true);   // another year
  Report(a, {2026, 1}, 100 * kWan, true);
  Report(a, {2026, 2}, 250 * kWan + 7, true);
  Report(a, {2026, 3}, 400 * kWan, true);   // after the period
  Report(a, {2025, 12}, 900 * kWan, true);  // last year
  Report(b, {2026, 1}, 30 * kWan, false);   // submitted only
  Report(c, {2026, 2}, 12 * kWan, true);

  auto all = db().ReadValue<std::vector<WarningInputs>>([&](Connection& conn) {
    return LoadAllWarningInputs(conn, {2026, 2});
  });
  ASSERT_TRUE(all) << all.error().ToString();
  ASSERT_EQ(all->size(), 3u);
  const WarningInputs& ia = (*all)[0];
  EXPECT_EQ(ia.project_id, a);
  ASSERT_TRUE(ia.plan.has_value());
  EXPECT_EQ(ia.plan->planned_investment, 1200 * kWan);
  EXPECT_EQ(ia.plan->monthly_targets, targets);
  EXPECT_EQ(ia.completed, 350 * kWan + 7);
  EXPECT_EQ(ia.planned_start, (domain::Date{2026, 3, 1}));
  EXPECT_EQ(ia.actual_start, (domain::Date{2026, 3, 20}));
  EXPECT_EQ(ia.registered_on, (domain::Date{2026, 5, 6}));
  EXPECT_EQ(ia.stage, domain::Stage::kPlanning);
  const WarningInputs& ib = (*all)[1];
  EXPECT_EQ(ib.project_id, b);
  EXPECT_FALSE(ib.plan.has_value()) << "a plan counts once approved";
  EXPECT_EQ(ib.completed, 0) << "a report counts once accepted";
  EXPECT_EQ(ib.planned_start, (domain::Date{2026, 6, 1}));
  EXPECT_FALSE(ib.registered_on.has_value());
  const WarningInputs& ic = (*all)[2];
  EXPECT_FALSE(ic.plan.has_value()) << "last year's plan is not this year's";
  EXPECT_EQ(ic.completed, 12 * kWan);

  // The one-project loader agrees with the bulk one.
  for (const WarningInputs& bulk : *all) {
    auto one = db().ReadValue<WarningInputs>([&](Connection& conn) {
      return LoadWarningInputs(conn, bulk.project_id, {2026, 2});
    });
    ASSERT_TRUE(one) << one.error().ToString();
    EXPECT_EQ(one->completed, bulk.completed);
    EXPECT_EQ(one->plan.has_value(), bulk.plan.has_value());
    if (one->plan) EXPECT_EQ(one->plan->monthly_targets, bulk.plan->monthly_targets);
    EXPECT_EQ(one->planned_start, bulk.planned_start);
    EXPECT_EQ(one->registered_on, bulk.registered_on);
  }
  auto missing = db().ReadValue<WarningInputs>([&](Connection& conn) {
    return LoadWarningInputs(conn, 999999, {2026, 2});
  });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().key(), "project_not_found");
}

TEST_P(WarningRepositoryTest, TheBulkSaveWritesOnlyWhatChangedButKeepsEveryPeriodsHistory) {
  int64_t a = Project("甲"), b = Project("乙"), c = Project("丙"), gone = Project("退库");
  WarningRow late{"start", "start", "yellow", "计划2026年3月开工，已延后1个月未开工", 1, {}};
  WarningRow behind{"progress", "progress", "red", "1-10月完成投资2000万元，低于序时进度66.67个百分点", 6667, {}};
  std::vector<ProjectWarnings> first = {{a, "red", {behind, late}, true},
                                        {b, "yellow", {late}, true},
                                        {c, "green", {}, true},
                                        {gone, "green", {}, false}};
  auto saved = SaveAll({2026, 10}, first, kNow);
  ASSERT_TRUE(saved) << saved.error().ToString();
  EXPECT_EQ(saved->changed, 2) << "c and the withdrawn project were green already";
  EXPECT_EQ(saved->history_written, 3) << "green c gets its month too; the unwatched project none";
  EXPECT_EQ(Colour(a), "red");
  EXPECT_EQ(Colour(b), "yellow");
  auto fa = Findings(a);
  ASSERT_EQ(fa.size(), 2u);
  EXPECT_EQ(fa[0].rule_id, "progress");
  EXPECT_EQ(fa[0].value, 6667);
  EXPECT_EQ(fa[1].reason, late.reason);
  EXPECT_EQ(fa[1].computed_at, kNow);

  // The same outcome again: nothing is written, the findings keep their time.
  saved = SaveAll({2026, 10}, first, kLater);
  ASSERT_TRUE(saved) << saved.error().ToString();
  EXPECT_EQ(saved->changed, 0);
  EXPECT_EQ(saved->history_written, 0);
  EXPECT_EQ(Findings(a)[0].computed_at, kNow);

  // b catches up, a turns yellow: only they are rewritten.
  WarningRow still_behind = behind;
  still_behind.colour = "yellow";
  still_behind.value = 2000;
  std::vector<ProjectWarnings> second = {
      {a, "yellow", {still_behind}, true}, {b, "green", {}, true}, {c, "green", {}, true}, {gone, "green", {}, false}};
  saved = SaveAll({2026, 10}, second, kLater);
  ASSERT_TRUE(saved) << saved.error().ToString();
  EXPECT_EQ(saved->changed, 2);
  EXPECT_EQ(saved->history_written, 2);
  EXPECT_EQ(Colour(a), "yellow");
  EXPECT_EQ(Colour(b), "green");
  EXPECT_TRUE(Findings(b).empty());
  ASSERT_EQ(Findings(a).size(), 1u);
  EXPECT_EQ(Findings(a)[0].computed_at, kLater);

  // A new period: unchanged findings stay, yet every watched project gets the month.
  saved = SaveAll({2026, 11}, second, kLater);
  ASSERT_TRUE(saved) << saved.error().ToString();
  EXPECT_EQ(saved->changed, 0);
  EXPECT_EQ(saved->history_written, 3);
  auto h = History(a, {2025, 12}, {2026, 11});
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0].period, (domain::Period{2026, 10}));
  EXPECT_EQ(h[0].colour, "yellow");
  EXPECT_EQ(h[1].period, (domain::Period{2026, 11}));
  EXPECT_TRUE(History(gone, {2025, 12}, {2026, 11}).empty());
  EXPECT_EQ(History(a, {2026, 11}, {2026, 11}).size(), 1u) << "the range is inclusive and bounded";

  // A project the rules stop watching loses its findings.
  std::vector<ProjectWarnings> third = {{a, "green", {}, false}};
  saved = SaveAll({2026, 11}, third, kLater);
  ASSERT_TRUE(saved) << saved.error().ToString();
  EXPECT_EQ(saved->changed, 1);
  EXPECT_TRUE(Findings(a).empty());
  EXPECT_EQ(Colour(a), "green");
  EXPECT_EQ(History(a, {2026, 11}, {2026, 11})[0].colour, "yellow") << "history is not rewritten for it";
}

TEST_P(WarningRepositoryTest, ManyProjectsAreSavedInBatchesAndTheOneProjectSaveAgrees) {
  // More than one batch of 256 findings and of 16, and single rows at the end.
  std::vector<ProjectWarnings> all;
  for (int i = 0; i < 200; ++i) {
    int64_t id = Project("项目" + std::to_string(i));
    ProjectWarnings p{id, i % 3 == 0 ? "red" : i % 3 == 1 ? "yellow" : "green", {}, true};
    if (p.colour != "green") {
      p.rows.push_back({"progress", "progress", p.colour, "原因" + std::to_string(i), i, {}});
      p.rows.push_back({"start", "start", "yellow", "开工" + std::to_string(i), 1, {}});
    }
    all.push_back(p);
  }
  auto saved = SaveAll({2026, 10}, all, kNow);
  ASSERT_TRUE(saved) << saved.error().ToString();
  EXPECT_EQ(saved->changed, 134);
  EXPECT_EQ(saved->history_written, 200);
  for (int i : {0, 1, 2, 97, 199}) {
    EXPECT_EQ(Colour(all[i].project_id), all[i].colour) << i;
    auto f = Findings(all[i].project_id);
    ASSERT_EQ(f.size(), all[i].rows.size()) << i;
    if (!f.empty()) EXPECT_EQ(f[0].reason, "原因" + std::to_string(i));
  }
  // The one-project save: unchanged leaves computed_at, a change rewrites.
  Status s = db().Write([&](Connection& c) { return SaveWarnings(c, all[0], {2026, 10}, kLater); });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Findings(all[0].project_id)[0].computed_at, kNow);
  ProjectWarnings green{all[0].project_id, "green", {}, true};
  s = db().Write([&](Connection& c) { return SaveWarnings(c, green, {2026, 10}, kLater); });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_TRUE(Findings(all[0].project_id).empty());
  EXPECT_EQ(Colour(all[0].project_id), "green");
  EXPECT_EQ(History(all[0].project_id, {2026, 10}, {2026, 10})[0].colour, "green");
  s = db().Write([&](Connection& c) { return SaveWarningHistory(c, all[0].project_id, {2026, 9}, "red", kLater); });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(History(all[0].project_id, {2026, 1}, {2026, 12}).size(), 2u);
  EXPECT_EQ(Colour(all[0].project_id), "green") << "history alone leaves the current colour";
}

// A bulk save moves the cockpit's cache generation on once, however many rows it writes (the
// per-row triggers stand aside, migration 0021), and not at all when nothing changed; the
// cockpit's copy of each colour follows, and a later single-row write moves the generation again.
TEST_P(WarningRepositoryTest, ABulkSaveMovesTheCockpitGenerationOnceAndTheCockpitColoursFollow) {
  std::vector<ProjectWarnings> all;
  for (int i = 0; i < 40; ++i) {
    ProjectWarnings p{Project("项目" + std::to_string(i)), i % 2 ? "red" : "yellow", {}, true};
    p.rows.push_back({"progress", "progress", p.colour, "原因" + std::to_string(i), i, {}});
    all.push_back(p);
  }
  auto generation = [&] {
    return *db().ReadValue<int64_t>([](Connection& c) { return CacheGeneration(c, "cockpit"); });
  };
  auto query = [&](const std::string& sql) {
    return *db().ReadValue<int64_t>([&](Connection& c) -> Result<int64_t> {
      auto r = c.Query(sql);
      if (!r) return core::Fail(std::move(r.error()));
      return r->First().Int("n");
    });
  };
  const int64_t before = generation();
  auto saved = SaveAll({2026, 10}, all, kNow);
  ASSERT_TRUE(saved) << saved.error().ToString();
  EXPECT_EQ(saved->changed, 40);
  EXPECT_EQ(generation(), before + 1) << "40 recoloured projects and 40 findings: one move";
  EXPECT_EQ(query("SELECT COUNT(*) AS n FROM cockpit_bulk"), 0) << "the marker goes with the save";
  EXPECT_EQ(query("SELECT COUNT(*) AS n FROM cockpit_projects WHERE colour = 'red'"), 20);
  EXPECT_EQ(query("SELECT COUNT(*) AS n FROM cockpit_projects WHERE colour = 'yellow'"), 20);

  saved = SaveAll({2026, 10}, all, kLater);
  ASSERT_TRUE(saved) << saved.error().ToString();
  EXPECT_EQ(saved->changed, 0);
  EXPECT_EQ(generation(), before + 1) << "nothing written, nothing retired";

  for (auto& p : all) {
    p.colour = "green";
    p.rows.clear();
  }
  saved = SaveAll({2026, 10}, all, kLater);
  ASSERT_TRUE(saved) << saved.error().ToString();
  EXPECT_EQ(generation(), before + 2);
  EXPECT_EQ(query("SELECT COUNT(*) AS n FROM cockpit_projects WHERE colour = 'green'"), 40);
  EXPECT_EQ(query("SELECT COUNT(*) AS n FROM project_warnings"), 0);

  ProjectWarnings one{all[0].project_id, "red", {{"progress", "progress", "red", "落后", 1, {}}}, true};
  Status s = db().Write([&](Connection& c) { return SaveWarnings(c, one, {2026, 10}, kLater); });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_GT(generation(), before + 2) << "a single project's save still retires the cockpit's answers";
}

TEST_P(WarningRepositoryTest, TheLatestRoundWhoseWindowHasOpenedNamesThePeriod) {
  auto latest = [&](domain::Date today) {
    return *db().ReadValue<std::optional<domain::Period>>([&](Connection& c) { return LatestOpenedRound(c, today); });
  };
  EXPECT_FALSE(latest({2026, 11, 29}).has_value());
  for (auto [period, opens] : {std::pair<domain::Period, domain::Date>{{2026, 9}, {2026, 10, 1}},
                               {{2026, 10}, {2026, 11, 1}},
                               {{2026, 11}, {2026, 12, 1}}}) {
    DispatchRound r{0, period.ToString(), period, opens, {opens.year, opens.month, 10}, 0};
    auto made = db().WriteValue<DispatchRound>([&](Connection& c) { return CreateRound(c, r, user_, kNow); });
    ASSERT_TRUE(made) << made.error().ToString();
  }
  EXPECT_EQ(latest({2026, 11, 29}), (domain::Period{2026, 10}));
  EXPECT_EQ(latest({2026, 12, 1}), (domain::Period{2026, 11}));
  EXPECT_EQ(latest({2026, 10, 1}), (domain::Period{2026, 9}));
  EXPECT_FALSE(latest({2026, 9, 30}).has_value());
}

GJ_INSTANTIATE_ENGINES(WarningRepositoryTest);

}  // namespace
}  // namespace gongjian::store
