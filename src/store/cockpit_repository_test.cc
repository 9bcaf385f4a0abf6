// The cockpit's store on both engines: the narrow project rows the triggers keep, the year rows
// that copy their grouping columns, the bulk loader and rebuild, and the cache generation that
// moves on with every committed change to what the cockpit reads (and only then).
#include "store/cockpit_repository.h"

#include <map>

#include "store/org_repository.h"
#include "store/project_repository.h"
#include "store/user_repository.h"
#include "store_test_util.h"

#include <latch>
#include <set>
#include <thread>

namespace gongjian::store {
namespace {

constexpr char kNow[] = "2026-11-29T08:00:00.000Z";

class CockpitRepositoryTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped()) return;
    root_ = Org("示范区", domain::OrgKind::kDistrict, {});
    town_ = Org("城关街道", domain::OrgKind::kTown, root_);
    unit_a_ = Org("区发展和改革局", domain::OrgKind::kDepartment, root_);
    unit_b_ = Org("区住房和城乡建设局", domain::OrgKind::kDepartment, root_);
    user_ = User("office", root_, domain::Role::kOffice, domain::ScopeKind::kAll);
  }
  int64_t User(const std::string& name, int64_t org, domain::Role role, domain::ScopeKind scope) {
    domain::User u;
    u.username = name;
    u.display_name = "用户" + name;
    u.org_id = org;
    u.roles = {role};
    u.scope = scope;
    u.password_hash = "x";
    return db().WriteValue<domain::User>([&](Connection& c) { return CreateUser(c, u, kNow); })->id;
  }
  int64_t Org(const std::string& name, domain::OrgKind kind, std::optional<int64_t> parent) {
    domain::Org o;
    o.name = name;
    o.kind = kind;
    o.parent_id = parent;
    return db().WriteValue<domain::Org>([&](Connection& c) { return CreateOrg(c, o, kNow); })->id;
  }
  void Exec(const std::string& sql, const Params& params = {}) {
    Status s = db().Write([&](Connection& c) -> Status {
      auto r = c.Exec(sql, params);
      return r ? Status::Ok() : r.error();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }
  ResultSet Query(const std::string& sql, const Params& params = {}) {
    auto r = db().ReadValue<ResultSet>([&](Connection& c) { return c.Query(sql, params); });
    EXPECT_TRUE(r) << r.error().ToString();
    return r ? *r : ResultSet{};
  }
  int64_t Generation() {
    return *db().ReadValue<int64_t>([](Connection& c) { return CacheGeneration(c, "cockpit"); });
  }
  domain::Project Made(const std::string& name, std::vector<int64_t> units) {
    domain::Project p;
    p.name = name;
    p.owner_org_id = root_;
    p.town_org_id = town_;
    p.responsible_org_ids = std::move(units);
    p.total_investment = 5000;
    p.longitude = 106.5;
    p.latitude = 38.5;
    auto v = db().WriteValue<ProjectView>([&](Connection& c) { return CreateProject(c, p, user_, kNow); });
    EXPECT_TRUE(v) << v.error().ToString();
    return v->project;
  }
  CockpitScope All() const { return {{user_, domain::ScopeKind::kAll}, {"planning", "construction"}}; }
  // The same user as if its scope were its own organisation, the district: every project, read from
  // the district organisation's cells (migration 0024) instead of the whole district's.
  CockpitScope Own() const { return {{user_, domain::ScopeKind::kOwn}, {"planning", "construction"}}; }

  int64_t root_ = 0, town_ = 0, unit_a_ = 0, unit_b_ = 0, user_ = 0;
};

TEST_P(CockpitRepositoryTest, TheNarrowRowFollowsTheProjectAndItsFirstResponsibleUnit) {
  domain::Project p = Made("城关智能制造产业园", {unit_b_, unit_a_});
  ResultSet r = Query("SELECT * FROM cockpit_projects WHERE id = $1", {p.id});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r.First().Text("name"), "城关智能制造产业园");
  EXPECT_EQ(r.First().Text("stage"), "planning");
  EXPECT_EQ(r.First().Int("town_org_id"), town_);
  EXPECT_EQ(r.First().Int("unit_org_id"), unit_b_);  // the first responsible unit
  EXPECT_EQ(r.First().Int("total_investment"), 5000);
  EXPECT_EQ(r.First().Text("colour"), "green");

  // An edit that swaps the units and the investment; then a new light.
  p.responsible_org_ids = {unit_a_};
  p.total_investment = 7000;
  auto edited = db().WriteValue<ProjectView>(
      [&](Connection& c) { return UpdateProject(c, {user_, domain::ScopeKind::kAll}, p, p.version, kNow); });
  ASSERT_TRUE(edited) << edited.error().ToString();
  Exec("UPDATE projects SET warning_colour = 'red', stage = 'construction' WHERE id = $1", {p.id});
  r = Query("SELECT * FROM cockpit_projects WHERE id = $1", {p.id});
  EXPECT_EQ(r.First().Int("unit_org_id"), unit_a_);
  EXPECT_EQ(r.First().Int("total_investment"), 7000);
  EXPECT_EQ(r.First().Text("colour"), "red");
  EXPECT_EQ(r.First().Text("stage"), "construction");
  // The light alone, as a warnings recompute writes it.
  Exec("UPDATE projects SET warning_colour = 'yellow' WHERE id = $1", {p.id});
  EXPECT_EQ(Query("SELECT colour FROM cockpit_projects WHERE id = $1", {p.id}).First().Text("colour"), "yellow");
  // No responsible unit at all.
  Exec("DELETE FROM project_orgs WHERE project_id = $1 AND relation = 'responsible'", {p.id});
  EXPECT_TRUE(Query("SELECT unit_org_id FROM cockpit_projects WHERE id = $1", {p.id}).First().IsNull("unit_org_id"));
}

// A narrower scope is the projects an organisation in it is related to (its subtree included)
// and those the viewer leads, whatever the statement: counts, points, trend rows.
TEST_P(CockpitRepositoryTest, ANarrowScopeIsItsOrganisationsProjectsAndThoseTheViewerLeads) {
  const int64_t village = Org("东村", domain::OrgKind::kDepartment, town_);
  const int64_t leader = User("leader", unit_b_, domain::Role::kLeader, domain::ScopeKind::kOwn);
  domain::Project led = Made("领导包联的项目", {unit_a_});
  domain::Project related = Made("住建局负责的项目", {unit_b_});
  domain::Project other = Made("无关的项目", {unit_a_});
  Exec("UPDATE projects SET leader_user_id = $1 WHERE id = $2", {leader, led.id});
  Exec("UPDATE projects SET town_org_id = NULL WHERE id IN ($1, $2, $3)", {led.id, related.id, other.id});
  Exec("DELETE FROM project_orgs WHERE relation = 'town'");

  auto ids = [&](const CockpitScope& scope) {
    std::set<int64_t> out;
    auto n = db().ReadValue<size_t>([&](Connection& c) {
      return CockpitPoints(c, scope, [&](const CockpitPoint& p) { out.insert(p.id); });
    });
    EXPECT_TRUE(n) << n.error().ToString();
    return out;
  };
  auto projects = [&](const CockpitScope& scope) {
    auto rows = db().ReadValue<std::vector<CockpitCountRow>>(
        [&](Connection& c) { return CockpitCounts(c, scope, CockpitDim::kNone, true, std::nullopt); });
    EXPECT_TRUE(rows) << rows.error().ToString();
    int64_t n = 0;
    for (const auto& r : *rows) n += r.projects;
    return n;
  };
  const CockpitScope mine{{leader, domain::ScopeKind::kOwn}, {"planning", "construction"}};
  EXPECT_EQ(ids(mine), (std::set<int64_t>{led.id, related.id}));
  EXPECT_EQ(projects(mine), 2);
  EXPECT_EQ(ids(All()).size(), 3u);
  EXPECT_EQ(projects(All()), 3);

  // The scope's organisations with their subtree: the town sees what its village is related to.
  Exec("UPDATE users SET org_id = $1 WHERE id = $2", {town_, leader});
  Exec("INSERT INTO project_orgs (project_id, relation, org_id, position) VALUES ($1, 'owner', $2, 0)",
       {other.id, village});
  EXPECT_EQ(ids(mine), (std::set<int64_t>{led.id, other.id}));
  EXPECT_EQ(projects(mine), 2);

  // A scope of listed organisations with none listed: only the projects the viewer leads.
  const CockpitScope none{{leader, domain::ScopeKind::kOrgs}, {"planning", "construction"}};
  EXPECT_EQ(ids(none), (std::set<int64_t>{led.id}));
  EXPECT_EQ(projects(none), 1);
}

TEST_P(CockpitRepositoryTest, YearRowsCopyTheGroupingColumnsAndFollowThem) {
  domain::Project p = Made("城关大道改造", {unit_a_});
  CockpitYearRow row;
  row.project_id = p.id;
  row.year = 2025;
  row.planned = 1200;
  for (int m = 0; m < 12; ++m) {
    row.done[m] = 50 * (m + 1);
    row.plan[m] = 100 * (m + 1);
    row.prop[m] = 100 * (m + 1);
  }
  ASSERT_TRUE(db().Write([&](Connection& c) { return SaveCockpitYear(c, p.id, 2025, row); }).ok());
  ResultSet r = Query("SELECT * FROM cockpit_years WHERE project_id = $1", {p.id});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r.First().Text("stage"), "planning");
  EXPECT_EQ(r.First().Int("unit_org_id"), unit_a_);
  EXPECT_EQ(r.First().Int("done_10"), 500);
  // Saving again replaces the money; the grouping columns follow the project.
  row.done[9] = 777;
  ASSERT_TRUE(db().Write([&](Connection& c) { return SaveCockpitYear(c, p.id, 2025, row); }).ok());
  Exec("UPDATE projects SET stage = 'construction', category = 'ecology' WHERE id = $1", {p.id});
  Exec("UPDATE project_orgs SET org_id = $1 WHERE project_id = $2 AND relation = 'responsible'", {unit_b_, p.id});
  r = Query("SELECT * FROM cockpit_years WHERE project_id = $1", {p.id});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r.First().Int("done_10"), 777);
  EXPECT_EQ(r.First().Text("stage"), "construction");
  EXPECT_EQ(r.First().Text("category"), "ecology");
  EXPECT_EQ(r.First().Int("unit_org_id"), unit_b_);

  // Sums: the whole district's from the cells, a narrower scope's from the rows; the same here.
  CockpitWindow w{2025, 10, {2025, 10, 31}, {2026, 11, 29}, false};
  for (const CockpitScope& scope : {All(), Own()}) {
    auto money = db().ReadValue<std::vector<CockpitMoneyRow>>(
        [&](Connection& c) { return CockpitMoney(c, scope, w, CockpitDim::kUnit); });
    ASSERT_TRUE(money) << money.error().ToString();
    ASSERT_EQ(money->size(), 1u);
    EXPECT_EQ((*money)[0].key, std::to_string(unit_b_));
    EXPECT_EQ((*money)[0].annual_planned, 1200);
    EXPECT_EQ((*money)[0].completed, 777);
    EXPECT_EQ((*money)[0].schedule, 1000);
    w.proportional = true;
  }
  auto counts = db().ReadValue<std::vector<CockpitCountRow>>(
      [&](Connection& c) { return CockpitCounts(c, All(), CockpitDim::kUnit, true); });
  ASSERT_TRUE(counts) << counts.error().ToString();
  ASSERT_EQ(counts->size(), 1u);
  EXPECT_EQ((*counts)[0].colour, "green");
  EXPECT_EQ((*counts)[0].projects, 1);

  ASSERT_TRUE(db().Write([&](Connection& c) { return SaveCockpitYear(c, p.id, 2025, std::nullopt); }).ok());
  EXPECT_TRUE(Query("SELECT * FROM cockpit_years WHERE project_id = $1", {p.id}).empty());
}

TEST_P(CockpitRepositoryTest, InputsCountApprovedPlansAndAcceptedReportsOnly) {
  domain::Project a = Made("甲", {unit_a_});
  domain::Project b = Made("乙", {});
  Exec("INSERT INTO annual_plans (project_id, year, planned_investment, monthly_targets, status, created_at, updated_at)"
       " VALUES ($1, 2025, 1200, '100,100,100,100,100,100,100,100,100,100,100,100', 'accepted', $3, $3),"
       " ($2, 2025, 999, NULL, 'submitted', $3, $3)",
       {a.id, b.id, std::string(kNow)});
  Exec("INSERT INTO monthly_reports (project_id, year, month, version_no, status, investment, created_at, updated_at)"
       " VALUES ($1, 2025, 3, 1, 'superseded', 10, $3, $3), ($1, 2025, 3, 2, 'accepted', 30, $3, $3),"
       " ($1, 2025, 4, 1, 'accepted', 40, $3, $3), ($1, 2024, 12, 1, 'accepted', 5, $3, $3),"
       " ($2, 2025, 1, 1, 'draft', 70, $3, $3)",
       {a.id, b.id, std::string(kNow)});
  auto all = db().ReadValue<std::vector<CockpitYearInputs>>([](Connection& c) { return LoadAllCockpitYearInputs(c); });
  ASSERT_TRUE(all) << all.error().ToString();
  ASSERT_EQ(all->size(), 2u);  // a's 2024 and 2025; b has nothing approved or accepted
  EXPECT_EQ((*all)[0].year, 2024);
  EXPECT_EQ((*all)[0].done[11], 5);
  EXPECT_EQ((*all)[1].planned, 1200);
  ASSERT_TRUE((*all)[1].targets);
  EXPECT_EQ((*(*all)[1].targets)[0], 100);
  EXPECT_EQ((*all)[1].done[2], 30);  // the accepted version, not the superseded one
  EXPECT_EQ((*all)[1].done[3], 40);
  auto one = db().ReadValue<CockpitYearInputs>([&](Connection& c) { return LoadCockpitYearInputs(c, a.id, 2025); });
  ASSERT_TRUE(one);
  EXPECT_EQ(one->planned, (*all)[1].planned);
  EXPECT_EQ(one->done, (*all)[1].done);

  // A rebuild writes every row with its project's grouping columns, and sums the cells afresh.
  std::vector<CockpitYearRow> rows(70);
  for (size_t i = 0; i < rows.size(); ++i) {
    rows[i].project_id = i % 2 ? a.id : b.id;
    rows[i].year = 2000 + static_cast<int>(i);
    rows[i].planned = 1;
  }
  ASSERT_TRUE(db().Write([&](Connection& c) { return ReplaceCockpitYears(c, rows); }).ok());
  EXPECT_EQ(Query("SELECT COUNT(*) AS n FROM cockpit_years").First().Int("n"), 70);
  EXPECT_EQ(Query("SELECT COUNT(*) AS n FROM cockpit_years WHERE stage = 'planning'").First().Int("n"), 70);
  EXPECT_EQ(Query("SELECT COUNT(*) AS n FROM cockpit_years WHERE unit_org_id = $1", {unit_a_}).First().Int("n"), 35);
  EXPECT_EQ(Query("SELECT SUM(planned) AS n FROM cockpit_org_year_cells WHERE org_id = $1", {unit_a_}).First().Int("n"),
            35);
  EXPECT_EQ(Query("SELECT SUM(planned) AS n FROM cockpit_year_cells").First().Int("n"), 70);
}

TEST_P(CockpitRepositoryTest, ApprovalDurationsFromTheOrdinalsByCellAndByRow) {
  domain::Project p = Made("丁", {});
  // A calendar without weekends for the test: day n from 2000-01-01 has ordinal n + 1 (so a
  // duration is the calendar days), except that 2025-05-01 is a holiday (ordinals stay put).
  std::vector<int64_t> ordinals;
  int64_t n = 0;
  const int64_t holiday = 20209;  // 2025-05-01 in days from 1970-01-01
  for (int64_t day = 10957; day <= 10957 + 40000; ++day) ordinals.push_back(day == holiday ? n : ++n);
  ASSERT_TRUE(db().Write([&](Connection& c) { return ReplaceWorkDayOrdinals(c, ordinals); }).ok());
  auto item = [&](const char* applied, const char* approved, std::optional<int64_t> department) {
    Exec("INSERT INTO project_approvals (project_id, stage, position, name, department_org_id, status, applied_on,"
         " approved_on, created_at, updated_at) VALUES ($1, 'project_land', 0, '事项', $2, 'obtained', $3, $4, $5, $5)",
         {p.id, department ? Value(*department) : Null(), std::string(applied), std::string(approved), std::string(kNow)});
  };
  item("2025-04-28", "2025-05-06", unit_a_);  // 8 days, one of them the holiday: 7
  item("2025-03-01", "2025-03-11", unit_a_);  // 10
  item("2025-06-01", "2025-06-11", unit_a_);  // 10, but in June
  item("2025-02-01", "2025-02-04", std::nullopt);
  item("1999-12-20", "2025-05-06", unit_a_);  // applied before the ordinals begin: left out
  auto durations = [&](const CockpitScope& scope, int month) {
    auto r = db().ReadValue<std::vector<CockpitDurationRow>>(
        [&](Connection& c) { return CockpitApprovalDurations(c, scope, 2025, month); });
    EXPECT_TRUE(r) << r.error().ToString();
    std::map<std::pair<int64_t, int>, int64_t> out;
    for (const auto& d : *r) out[{d.department.value_or(0), d.days}] += d.count;
    return out;
  };
  const std::map<std::pair<int64_t, int>, int64_t> may = {{{unit_a_, 7}, 1}, {{unit_a_, 10}, 1}, {{0, 3}, 1}};
  EXPECT_EQ(durations(All(), 5), may);
  EXPECT_EQ(durations(Own(), 5), may);
  EXPECT_EQ((durations(All(), 6)[{unit_a_, 10}]), 2);
  // A project leaving the stages that count takes its items along (the cells follow its stage).
  Exec("UPDATE projects SET stage = 'withdrawn' WHERE id = $1", {p.id});
  EXPECT_TRUE(durations(All(), 12).empty());
  EXPECT_TRUE(durations(Own(), 12).empty());
  Exec("UPDATE projects SET stage = 'construction' WHERE id = $1", {p.id});
  EXPECT_EQ(durations(All(), 5), may);
  // An item un-obtained leaves its cell; a recount from scratch agrees with the triggers.
  Exec("UPDATE project_approvals SET status = 'in_progress', approved_on = NULL WHERE applied_on = '2025-03-01'");
  const std::map<std::pair<int64_t, int>, int64_t> after = {{{unit_a_, 7}, 1}, {{0, 3}, 1}};
  EXPECT_EQ(durations(All(), 5), after);
  ASSERT_TRUE(db().Write([](Connection& c) { return RecountApprovalCells(c); }).ok());
  EXPECT_EQ(durations(All(), 5), after);
  EXPECT_EQ(durations(Own(), 5), after);
}

TEST_P(CockpitRepositoryTest, MoneyDrillDownsPageByAmountThenIdAndKeepTheTotalsPastTheEnd) {
  domain::Project a = Made("甲", {unit_a_});
  domain::Project b = Made("乙", {unit_a_});
  domain::Project c = Made("丙", {unit_a_});
  for (const auto& [id, done] : std::vector<std::pair<int64_t, int64_t>>{{a.id, 100}, {b.id, 100}, {c.id, 300}}) {
    CockpitYearRow row;
    row.project_id = id;
    row.year = 2025;
    row.done.fill(done);
    ASSERT_TRUE(db().Write([&](Connection& conn) { return SaveCockpitYear(conn, id, 2025, row); }).ok());
  }
  auto page = [&](const CockpitScope& scope, int64_t number) {
    CockpitWindow w{2025, 3, {2025, 3, 31}, {2026, 11, 29}, false};
    auto r = db().ReadValue<CockpitItems>([&](Connection& conn) {
      return CockpitProjects(conn, scope, w, CockpitFigure::kCompletedYtd, {}, {number, 2});
    });
    EXPECT_TRUE(r) << r.error().ToString();
    EXPECT_EQ(r->total, 3);
    EXPECT_EQ(r->sum, 500);
    std::vector<std::pair<int64_t, int64_t>> out;
    for (const auto& item : r->items) out.emplace_back(item.project_id, item.value);
    return out;
  };
  for (const CockpitScope& scope : {All(), Own()}) {
    // The largest first; equal amounts in project id order.
    using Items = std::vector<std::pair<int64_t, int64_t>>;
    EXPECT_EQ(page(scope, 1), (Items{{c.id, 300}, {a.id, 100}}));
    EXPECT_EQ(page(scope, 2), (Items{{b.id, 100}}));
    EXPECT_TRUE(page(scope, 3).empty());
  }
}

TEST_P(CockpitRepositoryTest, DrillDownsListEachTotalTheMonthAloneAndTheOpenItemsWithTheirProjects) {
  domain::Project a = Made("甲", {unit_a_});
  domain::Project b = Made("乙", {});
  Exec("UPDATE projects SET total_investment = 7000 WHERE id = $1", {b.id});
  // Cumulative completed amounts: a 100 in March and 150 in May; b 10 every month.
  for (const auto& [id, done] : std::vector<std::pair<int64_t, std::array<int64_t, 12>>>{
           {a.id, {0, 0, 100, 100, 250, 250, 250, 250, 250, 250, 250, 250}},
           {b.id, {10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120}}}) {
    CockpitYearRow row;
    row.project_id = id;
    row.year = 2025;
    row.done = done;
    ASSERT_TRUE(db().Write([&](Connection& c) { return SaveCockpitYear(c, id, 2025, row); }).ok());
  }
  auto drill = [&](const CockpitScope& scope, int month, CockpitFigure f, CockpitNarrow n = {}) {
    CockpitWindow w{2025, month, {2025, month, 28}, {2026, 11, 29}, false};
    return db().ReadValue<CockpitItems>([&](Connection& c) { return CockpitProjects(c, scope, w, f, n, {1, 20}); });
  };
  for (const CockpitScope& scope : {All(), Own()}) {
    auto total = drill(scope, 10, CockpitFigure::kTotalInvestment);
    ASSERT_TRUE(total) << total.error().ToString();
    EXPECT_EQ(total->sum, 12000);
    ASSERT_EQ(total->items.size(), 2u);
    EXPECT_EQ(total->items[0].project_id, b.id);  // the larger first
    EXPECT_EQ(total->items[0].value, 7000);
    EXPECT_EQ(total->items[1].name, "甲");
    EXPECT_EQ(total->items[1].town, "城关街道");
    EXPECT_EQ(total->items[1].unit, "区发展和改革局");
    auto unit = drill(scope, 10, CockpitFigure::kTotalInvestment, {CockpitDim::kUnit, std::to_string(unit_a_)});
    ASSERT_TRUE(unit);
    EXPECT_EQ(unit->sum, 5000);
    auto none = drill(scope, 10, CockpitFigure::kTotalInvestment, {CockpitDim::kUnit, std::nullopt});
    ASSERT_TRUE(none);
    ASSERT_EQ(none->items.size(), 1u);
    EXPECT_EQ(none->items[0].project_id, b.id);

    // The month alone: May a 250 − 100, b 10; April a nothing (left out); January b's first 10.
    auto may = drill(scope, 5, CockpitFigure::kCompletedMonth);
    ASSERT_TRUE(may) << may.error().ToString();
    EXPECT_EQ(may->sum, 160);
    EXPECT_EQ(may->total, 2);
    EXPECT_EQ(may->items[0].project_id, a.id);
    EXPECT_EQ(may->items[0].value, 150);
    auto april = drill(scope, 4, CockpitFigure::kCompletedMonth);
    ASSERT_TRUE(april);
    EXPECT_EQ(april->sum, 10);
    ASSERT_EQ(april->items.size(), 1u);
    EXPECT_EQ(april->items[0].project_id, b.id);
    auto january = drill(scope, 1, CockpitFigure::kCompletedMonth);
    ASSERT_TRUE(january);
    EXPECT_EQ(january->sum, 10);
  }
  // The approval figures are the API's, and the department is theirs alone.
  auto refused = drill(All(), 10, CockpitFigure::kApprovalsRed);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), core::Code::kInternal);
  auto wrong = drill(All(), 10, CockpitFigure::kTotalInvestment, {CockpitDim::kDepartment, std::nullopt});
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code(), core::Code::kInvalidArgument);

  // The open items carry their project; a project leaving the stages takes its items along.
  auto item = [&](int64_t project, std::optional<int64_t> department, const char* status) {
    Exec("INSERT INTO project_approvals (project_id, stage, position, name, department_org_id, status, applied_on,"
         " created_at, updated_at) VALUES ($1, 'project_land', 0, '事项', $2, $3, '2025-06-01', $4, $4)",
         {project, department ? Value(*department) : Null(), std::string(status), std::string(kNow)});
  };
  item(a.id, unit_b_, "in_progress");
  item(b.id, std::nullopt, "in_progress");
  item(b.id, unit_b_, "not_started");
  auto open = [&](const CockpitScope& scope) {
    auto r = db().ReadValue<std::vector<CockpitOpenApproval>>([&](Connection& c) { return CockpitOpenApprovals(c, scope); });
    EXPECT_TRUE(r) << r.error().ToString();
    std::map<int64_t, std::optional<int64_t>> out;
    for (const auto& o : *r) out[o.project_id] = o.department;
    return out;
  };
  const std::map<int64_t, std::optional<int64_t>> both = {{a.id, unit_b_}, {b.id, std::nullopt}};
  EXPECT_EQ(open(All()), both);
  EXPECT_EQ(open(Own()), both);
  Exec("UPDATE projects SET stage = 'withdrawn' WHERE id = $1", {b.id});
  EXPECT_EQ(open(All()), (std::map<int64_t, std::optional<int64_t>>{{a.id, unit_b_}}));
}

TEST_P(CockpitRepositoryTest, TheGenerationMovesOnWithCommittedChangesOnly) {
  const int64_t start = Generation();
  domain::Project p = Made("丙", {});
  const int64_t made = Generation();
  EXPECT_GT(made, start);
  // Reading changes nothing.
  (void)Query("SELECT * FROM cockpit_projects");
  EXPECT_EQ(Generation(), made);
  // A rolled-back change leaves it.
  Status failed = db().Write([&](Connection& c) -> Status {
    auto r = c.Exec("UPDATE projects SET warning_colour = 'red' WHERE id = $1", {p.id});
    if (!r) return r.error();
    return Status::Internal("rolled back on purpose");
  });
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(Generation(), made);
  // A committed change to each table the cockpit reads moves it on.
  const std::vector<std::pair<std::string, Params>> changes = {
      {"UPDATE projects SET warning_colour = 'yellow' WHERE id = $1", {p.id}},
      {"UPDATE orgs SET name = name WHERE id = $1", {root_}},
      {"UPDATE users SET scope_kind = 'all' WHERE id = $1", {user_}},
      {"INSERT INTO project_warnings (project_id, position, rule_id, measure, colour, reason, value, computed_at)"
       " VALUES ($1, 0, 'progress', 'progress', 'yellow', '落后', 0, $2)",
       {p.id, std::string(kNow)}},
      {"INSERT INTO settings (key, value, version, updated_at) VALUES ('cockpit_test', '1', 1, $1)", {std::string(kNow)}}};
  for (const auto& [sql, params] : changes) {
    const int64_t before = Generation();
    Exec(sql, params);
    EXPECT_GT(Generation(), before) << sql;
  }
  // Sign-in bookkeeping on the users table does not.
  const int64_t before = Generation();
  Exec("UPDATE users SET failed_logins = 1 WHERE id = $1", {user_});
  EXPECT_EQ(Generation(), before);
}

TEST_P(CockpitRepositoryTest, AProjectEditMovesTheGenerationOnlyForWhatTheCockpitShows) {
  domain::Project p = Made("丁", {});
  // What the cockpit does not show: remarks, the version, a rewrite of a shown column to its own
  // value.
  for (const char* sql : {"UPDATE projects SET remarks = 'a note' WHERE id = $1",
                          "UPDATE projects SET version = version + 1 WHERE id = $1",
                          "UPDATE projects SET name = name, total_investment = total_investment WHERE id = $1"}) {
    const int64_t before = Generation();
    Exec(sql, {p.id});
    EXPECT_EQ(Generation(), before) << sql;
  }
  // Each column it shows.
  const std::string lead = "UPDATE projects SET leader_user_id = " + std::to_string(user_) + " WHERE id = $1";
  for (const char* sql : {"UPDATE projects SET name = '丁二' WHERE id = $1",
                          "UPDATE projects SET stage = 'construction' WHERE id = $1",
                          "UPDATE projects SET category = 'social' WHERE id = $1",
                          "UPDATE projects SET level = 'city' WHERE id = $1",
                          "UPDATE projects SET town_org_id = NULL WHERE id = $1",
                          lead.c_str(),
                          "UPDATE projects SET total_investment = total_investment + 1 WHERE id = $1",
                          "UPDATE projects SET actual_start = '2026-03-01' WHERE id = $1",
                          "UPDATE projects SET actual_completion = '2026-09-30' WHERE id = $1",
                          "UPDATE projects SET longitude = 118.5 WHERE id = $1",
                          "UPDATE projects SET latitude = 31.5 WHERE id = $1",
                          "UPDATE projects SET warning_colour = 'red' WHERE id = $1"}) {
    const int64_t before = Generation();
    Exec(sql, {p.id});
    EXPECT_GT(Generation(), before) << sql;
  }
  // Several shown changes in one transaction move it on (PostgreSQL: once, at commit).
  const int64_t before = Generation();
  ASSERT_TRUE(db().Write([&](Connection& c) -> Status {
                    for (const char* sql : {"UPDATE projects SET name = '丁三' WHERE id = $1",
                                            "UPDATE projects SET latitude = 31.6 WHERE id = $1"}) {
                      auto r = c.Exec(sql, {p.id});
                      if (!r) return r.error();
                    }
                    return Status::Ok();
                  }).ok());
  EXPECT_GT(Generation(), before);
}

TEST_P(CockpitRepositoryTest, AMapBucketsCounterMovesWithWhatTheMapShowsOfItsProjectsOnly) {
  auto counter = [&](int64_t bucket) {
    auto listed = db().ReadValue<std::vector<MapBucketGeneration>>([](Connection& c) { return CockpitMapBuckets(c); });
    EXPECT_TRUE(listed) << listed.error().ToString();
    for (const auto& b : *listed) {
      if (b.bucket == bucket) return b.generation;
    }
    return int64_t{0};
  };
  domain::Project p = Made("甲", {});
  const int64_t mine = p.id / kMapBucketIds;
  EXPECT_GT(counter(mine), 0);  // a project added
  // A point of another bucket, written directly.
  const int64_t far = (mine + 3) * kMapBucketIds + 1, other = mine + 3;
  Exec("INSERT INTO cockpit_projects (id, name, stage, category, level, total_investment, longitude, latitude, colour)"
       " VALUES ($1, '远', 'construction', 'industry', 'district', 1, 106.1, 38.1, 'green')",
       {far});
  EXPECT_GT(counter(other), 0);
  // What the map neither shows nor filters on, and a shown column rewritten to its value.
  for (const char* sql : {"UPDATE projects SET total_investment = total_investment + 1 WHERE id = $1",
                          "UPDATE projects SET category = 'social' WHERE id = $1",
                          "UPDATE projects SET name = name, latitude = latitude WHERE id = $1"}) {
    const int64_t before = counter(mine);
    Exec(sql, {p.id});
    EXPECT_EQ(counter(mine), before) << sql;
  }
  // Each thing it shows or filters on, and in the project's bucket only.
  for (const char* sql : {"UPDATE projects SET name = '甲二' WHERE id = $1",
                          "UPDATE projects SET stage = 'construction' WHERE id = $1",
                          "UPDATE projects SET longitude = 118.5 WHERE id = $1",
                          "UPDATE projects SET latitude = NULL WHERE id = $1",
                          "UPDATE projects SET warning_colour = 'red' WHERE id = $1"}) {
    const int64_t before = counter(mine), left = counter(other);
    Exec(sql, {p.id});
    EXPECT_GT(counter(mine), before) << sql;
    EXPECT_EQ(counter(other), left) << sql;
  }
  // A rolled-back change leaves it; several in one transaction move it on.
  int64_t before = counter(mine);
  Status failed = db().Write([&](Connection& c) -> Status {
    auto r = c.Exec("UPDATE projects SET warning_colour = 'yellow' WHERE id = $1", {p.id});
    if (!r) return r.error();
    return Status::Internal("rolled back on purpose");
  });
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(counter(mine), before);
  ASSERT_TRUE(db().Write([&](Connection& c) -> Status {
                    for (const char* sql : {"UPDATE projects SET name = '甲三' WHERE id = $1",
                                            "UPDATE projects SET warning_colour = 'green' WHERE id = $1"}) {
                      auto r = c.Exec(sql, {p.id});
                      if (!r) return r.error();
                    }
                    return Status::Ok();
                  }).ok());
  EXPECT_GT(counter(mine), before);
  // A point changed and removed without a project (every writer of the table counts; projects
  // themselves are never deleted).
  before = counter(other);
  Exec("UPDATE cockpit_projects SET colour = 'red' WHERE id = $1", {far});
  EXPECT_GT(counter(other), before);
  before = counter(other);
  Exec("DELETE FROM cockpit_projects WHERE id = $1", {far});
  EXPECT_GT(counter(other), before);
}

TEST_P(CockpitRepositoryTest, TwoWritersOfTheSameBucketsInOppositeOrdersBothCommitAndBothCount) {
  if (GetParam() != Engine::kPostgres) GTEST_SKIP() << "SQLite has one writer at a time";
  auto counter = [&](int64_t bucket) {
    return Query("SELECT COALESCE(MAX(generation), 0) AS g FROM cockpit_map_buckets WHERE bucket = $1", {bucket})
        .First()
        .Int("g");
  };
  const int64_t b0 = 100, b1 = 101;
  for (int64_t id : {b0 * kMapBucketIds + 1, b0 * kMapBucketIds + 2, b1 * kMapBucketIds + 1, b1 * kMapBucketIds + 2}) {
    Exec("INSERT INTO cockpit_projects (id, name, stage, category, level, total_investment, colour)"
         " VALUES ($1, '点', 'construction', 'industry', 'district', 1, 'green')",
         {id});
  }
  const int64_t before0 = counter(b0), before1 = counter(b1);
  // Each writer changes a point of one bucket, waits until the other has too, then changes a point
  // of the other bucket: had the triggers taken the buckets' row locks as they ran, each would now
  // wait for the other.
  std::latch both_started(2);
  auto writer = [&](int64_t first, int64_t second) {
    return db().Write([&](Connection& c) -> Status {
      auto r = c.Exec("UPDATE cockpit_projects SET colour = 'red' WHERE id = $1", {first});
      both_started.arrive_and_wait();
      if (r) r = c.Exec("UPDATE cockpit_projects SET colour = 'red' WHERE id = $1", {second});
      return r ? Status::Ok() : r.error();
    });
  };
  Status one;
  std::thread t([&] { one = writer(b0 * kMapBucketIds + 1, b1 * kMapBucketIds + 1); });
  Status two = writer(b1 * kMapBucketIds + 2, b0 * kMapBucketIds + 2);
  t.join();
  EXPECT_TRUE(one.ok()) << one.ToString();
  EXPECT_TRUE(two.ok()) << two.ToString();
  EXPECT_EQ(counter(b0), before0 + 2);
  EXPECT_EQ(counter(b1), before1 + 2);
}

TEST_P(CockpitRepositoryTest, ABucketsPointsAreTheWholeMapsPointsWithItsIds) {
  const int64_t a = Made("甲", {}).id, b = Made("乙", {}).id;
  const int64_t far = (a / kMapBucketIds + 1) * kMapBucketIds + 7;
  Exec("INSERT INTO cockpit_projects (id, name, stage, category, level, total_investment, longitude, latitude, colour)"
       " VALUES ($1, '远', 'construction', 'industry', 'district', 1, 106.1, 38.1, 'green')",
       {far});
  Exec("UPDATE projects SET stage = 'construction'");
  Exec("UPDATE projects SET longitude = NULL WHERE id = $1", {b});
  auto points = [&](std::optional<int64_t> bucket) {
    std::set<int64_t> out;
    auto n = db().ReadValue<size_t>([&](Connection& c) {
      auto add = [&](const CockpitPoint& p) { out.insert(p.id); };
      return bucket ? CockpitBucketPoints(c, All(), *bucket, add) : CockpitPoints(c, All(), add);
    });
    EXPECT_TRUE(n) << n.error().ToString();
    return out;
  };
  EXPECT_EQ(points(std::nullopt), (std::set<int64_t>{a, far}));
  EXPECT_EQ(points(a / kMapBucketIds), (std::set<int64_t>{a}));
  EXPECT_EQ(points(far / kMapBucketIds), (std::set<int64_t>{far}));
}

GJ_INSTANTIATE_ENGINES(CockpitRepositoryTest);

// The text of every row of migration 0024's tables that holds something (a cell the triggers
// emptied stays behind at 0), in key order.
std::vector<std::string> OrgCellsSnapshot(Connection& c) {
  std::string money = "planned";
  for (const char* kind : {"done_", "plan_", "prop_"}) {
    for (int m = 1; m <= 12; ++m) money += std::string(", ") + kind + std::to_string(m);
  }
  std::string nonzero;
  for (std::string_view rest = money; !rest.empty();) {
    const size_t comma = rest.find(", ");
    nonzero += (nonzero.empty() ? "" : " OR ") + std::string(rest.substr(0, comma)) + " <> 0";
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 2);
  }
  std::vector<std::string> out;
  for (const std::string& sql :
       {std::string("SELECT 'ancestor', org_id, ancestor_id FROM org_ancestors ORDER BY 2, 3"),
        std::string("SELECT 'scope', org_id, project_id FROM cockpit_scope_projects ORDER BY 2, 3"),
        "SELECT 'year', org_id, year, stage, category, level, town_org_id, unit_org_id, " + money +
            " FROM cockpit_org_year_cells WHERE " + nonzero + " ORDER BY 2, 3, 4, 5, 6, 7, 8",
        std::string("SELECT 'count', org_id, stage, category, level, town_org_id, unit_org_id, projects,"
                    " total_investment FROM cockpit_org_count_cells WHERE projects <> 0 OR total_investment <> 0"
                    " ORDER BY 2, 3, 4, 5, 6, 7"),
        std::string("SELECT 'approval', org_id, year, month, department_org_id, stage, days, items"
                    " FROM cockpit_org_approval_cells WHERE items <> 0 ORDER BY 2, 3, 4, 5, 6, 7")}) {
    auto walked = c.QueryEach(sql, {}, [&](const std::vector<Value>& row) {
      std::string line;
      for (const Value& v : row) {
        if (const auto* i = std::get_if<int64_t>(&v)) line += std::to_string(*i) + "|";
        else if (const auto* t = std::get_if<std::string>(&v)) line += *t + "|";
        else line += "null|";
      }
      out.push_back(line);
    });
    EXPECT_TRUE(walked) << walked.error().ToString();
  }
  return out;
}

// The organisations' cells as the triggers keep them through relations edited, organisations
// moved, years saved and removed, items obtained and withdrawn, and projects changing stage,
// town and investment, checked after each step against a recount from scratch (RecountOrgCells),
// and the figures a scope reads from them against the project rows.
TEST_P(CockpitRepositoryTest, TheOrganisationsCellsFollowEveryChangeAsARecountFindsThem) {
  const int64_t village = Org("东村", domain::OrgKind::kDepartment, town_);
  const int64_t office_c = Org("区自然资源局", domain::OrgKind::kDepartment, unit_a_);
  std::vector<int64_t> ordinals;
  for (int64_t day = 0; day <= 40000; ++day) ordinals.push_back(day + 1);  // every day a working day
  ASSERT_TRUE(db().Write([&](Connection& c) { return ReplaceWorkDayOrdinals(c, ordinals); }).ok());
  domain::Project p1 = Made("甲", {unit_a_});
  domain::Project p2 = Made("乙", {unit_b_, unit_a_});
  domain::Project p3 = Made("丙", {village});
  auto year = [&](int64_t project, int y, int64_t planned, int64_t done) {
    CockpitYearRow row;
    row.project_id = project;
    row.year = y;
    row.planned = planned;
    row.done.fill(done);
    row.plan.fill(planned / 2);
    row.prop.fill(planned / 3);
    ASSERT_TRUE(db().Write([&](Connection& c) { return SaveCockpitYear(c, project, y, row); }).ok());
  };
  auto item = [&](int64_t project, const char* applied, const char* approved, int64_t department) {
    Exec("INSERT INTO project_approvals (project_id, stage, position, name, department_org_id, status, applied_on,"
         " approved_on, created_at, updated_at) VALUES ($1, 'project_land', 0, '事项', $2, 'obtained', $3, $4, $5, $5)",
         {project, department, std::string(applied), std::string(approved), std::string(kNow)});
  };
  auto agrees = [&](const std::string& step) {
    auto kept = db().ReadValue<std::vector<std::string>>([](Connection& c) { return OrgCellsSnapshot(c); });
    ASSERT_TRUE(kept);
    ASSERT_TRUE(db().Write([](Connection& c) { return RecountOrgCells(c); }).ok()) << step;
    auto recounted = db().ReadValue<std::vector<std::string>>([](Connection& c) { return OrgCellsSnapshot(c); });
    EXPECT_EQ(*kept, *recounted) << step;
  };
  year(p1.id, 2025, 900, 100);
  year(p2.id, 2025, 600, 50);
  year(p2.id, 2024, 300, 30);
  year(p3.id, 2025, 1200, 70);
  item(p1.id, "2025-03-01", "2025-03-11", unit_a_);
  item(p3.id, "2025-04-01", "2025-04-08", office_c);
  item(p2.id, "2025-05-01", "2025-05-03", unit_b_);
  agrees("filled");
  // The town holds p1, p2 (their town) and p3 (its village); unit_a holds p1 and p2 once each.
  auto scope_projects = [&](int64_t org) {
    return Query("SELECT COUNT(*) AS n FROM cockpit_scope_projects WHERE org_id = $1", {org}).First().Int("n");
  };
  EXPECT_EQ(scope_projects(unit_a_), 2);
  EXPECT_EQ(scope_projects(village), 1);

  // An edit that moves p2 from both units to the office under unit_a: it stays in unit_a's scope
  // (through the office) and leaves unit_b's.
  p2.responsible_org_ids = {office_c};
  auto edited = db().WriteValue<ProjectView>(
      [&](Connection& c) { return UpdateProject(c, {user_, domain::ScopeKind::kAll}, p2, p2.version, kNow); });
  ASSERT_TRUE(edited) << edited.error().ToString();
  agrees("relations edited");
  EXPECT_EQ(scope_projects(unit_a_), 2);
  // The village moves under unit_b, and the office under the village: their projects follow.
  Exec("UPDATE orgs SET parent_id = $1 WHERE id = $2", {unit_b_, village});
  agrees("village moved");
  Exec("UPDATE orgs SET parent_id = $1 WHERE id = $2", {village, office_c});
  agrees("office moved");
  EXPECT_EQ(scope_projects(unit_a_), 1);  // p1 alone
  EXPECT_EQ(scope_projects(village), 2);  // p3 and, through the office, p2
  // Money, stage, town and investment change; an item is withdrawn; a year goes.
  year(p3.id, 2025, 1500, 90);
  Exec("UPDATE projects SET stage = 'construction', total_investment = 8000 WHERE id = $1", {p3.id});
  Exec("UPDATE projects SET town_org_id = NULL WHERE id = $1", {p1.id});
  Exec("UPDATE project_approvals SET status = 'in_progress', approved_on = NULL WHERE project_id = $1", {p1.id});
  ASSERT_TRUE(db().Write([&](Connection& c) { return SaveCockpitYear(c, p2.id, 2024, std::nullopt); }).ok());
  agrees("figures changed");
  Exec("DELETE FROM project_orgs WHERE project_id = $1", {p3.id});
  agrees("relations removed");

  // A scope reads its organisation's cells: the village now holds p2 alone (through the office;
  // p3 has no relations left).
  const int64_t villager = User("village", village, domain::Role::kUnit, domain::ScopeKind::kOwn);
  const CockpitScope mine{{villager, domain::ScopeKind::kOwn}, {"planning", "construction"}};
  auto money = db().ReadValue<std::vector<CockpitMoneyRow>>([&](Connection& c) {
    return CockpitMoney(c, mine, {2025, 12, {2025, 12, 31}, {2026, 11, 29}, false}, CockpitDim::kNone);
  });
  ASSERT_TRUE(money) << money.error().ToString();
  ASSERT_EQ(money->size(), 1u);
  EXPECT_EQ((*money)[0].annual_planned, 600);
  EXPECT_EQ((*money)[0].completed, 50);
  auto counts = db().ReadValue<std::vector<CockpitCountRow>>(
      [&](Connection& c) { return CockpitCounts(c, mine, CockpitDim::kUnit, false); });
  ASSERT_TRUE(counts) << counts.error().ToString();
  ASSERT_EQ(counts->size(), 1u);
  EXPECT_EQ((*counts)[0].key, std::to_string(office_c));
  EXPECT_EQ((*counts)[0].projects, 1);
}

}  // namespace
}  // namespace gongjian::store
