// The leaders' cockpit over HTTP on both databases: every figure of every panel against a district
// whose answers were computed by hand (the arithmetic beside each assertion), the drill-down lists
// adding up to the figures they explain, a town's user seeing only its town everywhere, and the
// cache answering identically until a report, a problem or an approval changes.
//
// The district, October 2025 (money in 万元; every project has coordinates):
//   P1 城关街道 (T1), unit 发改局 (U1), 在建, 产业, 省重点, total 20000, started 2025-03-15, plan 12000
//      (no monthly targets), reports March–October 800 each; red; led by the leader.
//   P2 T1, U2 住建局, 在建, 基础设施, 市重点, total 30000, started 2024-06-01, plan 24000 with targets
//      1000,1000,2000×8,3000,3000; reports January–October 1600 each; yellow.
//   P3 柳河镇 (T2), U1, 竣工, 产业, 区重点, total 8000, started 2023-04-01, completed 2025-09-30, plan 3000,
//      reports January–September 300 each; green; led by the leader.
//   P4 no town (its owner is a district company), no unit, 前期, 民生, 一般, total 5000, nothing
//      planned or reported; green.
//   P5 T1, U1: plan 1000 and a May report of 100 accepted, then put back to 谋划 (a draft): left out
//      everywhere, with its problem and its approval items.
//   P6 T2, U2, 退库 (withdrawn), total 777: left out.
//   P7 T2, U2, 在建, 产业, 省重点, total 10000, started 2025-11-05 (after October), plan 6000, no reports; red.
// The same district (with ids for names) is engine/testdata/cockpit/district.json, where the
// engine's definitions are checked; here the SQL sums and the HTTP answers are.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "api/cockpit.h"
#include "api/map_points.h"
#include "api/test_server.h"
#include "core/sm3.h"
#include "io/file_store.h"
#include "io/xlsx_peek.h"
#include "domain/problem.h"
#include "engine/cockpit.h"
#include "store/approval_repository.h"
#include "store/problem_repository.h"
#include "store/project_repository.h"
#include "store/user_repository.h"

namespace gongjian::api {
namespace {

using domain::OrgKind;
using domain::Role;
using nlohmann::json;
using core::Status;
using store::Engine;

constexpr int64_t kWan = 1'000'000;  // 分 in 1万元
constexpr const char* kPeriod = "year=2025&month=10";

class CockpitApiTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    server_ = TestServer::Start(GetParam());
    if (!server_) GTEST_SKIP() << "GONGJIAN_TEST_PG is not set";
    client_ = server_->Client();
    // The working-day ordinals the approvals' durations use, as `serve` fills them at start-up.
    auto ensured = EnsureCockpit(server_->db(), server_->clock());
    ASSERT_TRUE(ensured) << ensured.error().ToString();
    const int64_t root = server_->RootOrg();
    t1_ = server_->AddOrg("城关街道", OrgKind::kTown, root);
    t2_ = server_->AddOrg("柳河镇", OrgKind::kTown, root);
    u1_ = server_->AddOrg("区发展和改革局", OrgKind::kDepartment, root);
    u2_ = server_->AddOrg("区住房和城乡建设局", OrgKind::kDepartment, root);
    const int64_t owner1 = server_->AddOrg("城关建设公司", OrgKind::kOwner, t1_);
    const int64_t owner2 = server_->AddOrg("柳河实业公司", OrgKind::kOwner, t2_);
    const int64_t owner0 = server_->AddOrg("区城投公司", OrgKind::kOwner, root);
    office_ = server_->SignedIn(Role::kOffice);
    leader_ = server_->Login("leader.a", server_->AddUser("leader.a", {Role::kLeader}));
    leader_id_ = UserId("leader.a");
    town_ = server_->Login("town.a", server_->AddUser("town.a", {Role::kUnit}, t1_, false, domain::ScopeKind::kOwn));
    town_id_ = UserId("town.a");

    p1_ = Project("城关智能制造产业园", owner1, t1_, u1_, "industry", "provincial", 20000, domain::Date{2025, 3, 15}, {}, leader_id_);
    p2_ = Project("城关大道改造", owner1, t1_, u2_, "infrastructure", "municipal", 30000, domain::Date{2024, 6, 1}, {}, {});
    p3_ = Project("柳河标准化厂房", owner2, t2_, u1_, "industry", "district", 8000, domain::Date{2023, 4, 1}, domain::Date{2025, 9, 30}, leader_id_);
    p4_ = Project("区养老服务中心", owner0, {}, {}, "livelihood", "general", 5000, {}, {}, {});
    p5_ = Project("城关谋划项目", owner1, t1_, u1_, "industry", "district", 9999, {}, {}, {});
    p6_ = Project("柳河退库项目", owner2, t2_, u2_, "social", "general", 777, {}, {}, {});
    p7_ = Project("柳河新材料项目", owner2, t2_, u2_, "industry", "provincial", 10000, domain::Date{2025, 11, 5}, {}, {});

    Plan(p1_, 12000);
    Plan(p2_, 24000, json::array({1000 * kWan, 1000 * kWan, 2000 * kWan, 2000 * kWan, 2000 * kWan, 2000 * kWan,
                                  2000 * kWan, 2000 * kWan, 2000 * kWan, 2000 * kWan, 3000 * kWan, 3000 * kWan}));
    Plan(p3_, 3000);
    Plan(p5_, 1000);
    Plan(p7_, 6000);
    for (int m = 3; m <= 10; ++m) Report(p1_, m, 800);
    for (int m = 1; m <= 10; ++m) Report(p2_, m, 1600);
    for (int m = 1; m <= 9; ++m) Report(p3_, m, 300);
    september_p3_ = last_report_;
    Report(p5_, 5, 100);

    Stage(p1_, "construction");
    Stage(p2_, "construction");
    Stage(p3_, "completed");
    Stage(p4_, "preparation");
    Stage(p5_, "planning");
    Stage(p6_, "withdrawn");
    Stage(p7_, "construction");
    // The lights as the test wants them (the warnings recomputed on each accepted report are another
    // test's business); the worst finding of each red or yellow project.
    Colour(p1_, "red", {{"yellow", "关键节点“施工许可”还有7天到期"}, {"red", "问题“征地拆迁”已超过办理时限5天"}});
    Colour(p2_, "yellow", {{"yellow", "1-10月完成投资1.6亿元，低于序时进度11.11个百分点"}});
    Colour(p3_, "green", {});
    Colour(p4_, "green", {});
    Colour(p5_, "red", {});
    Colour(p6_, "green", {});
    Colour(p7_, "red", {{"red", "计划2025年6月开工，已延后5个月未开工"}});

    // Problems (October 2025 is "this month"):
    //   q1 on P1, 用地, 办理中, unit U1, deadline 2025-01-10: open and overdue.
    //   q2 on P1, 资金, 办理中, unit U2, deadline 2199: open; raised 10-08.
    //   q3 on P2, 用地, 已销号 on 2025-10-20, unit U1: closed this month.
    //   q4 on P3, 审批手续, 待确认, unit U2, deadline 2025-02-01 (past, but a result waiting for the
    //      raiser is not late): open; raised 10-15.
    //   q5 on P5 (a draft): open and overdue, left out.
    //   q6 on P4, 其他, 待交办 (no unit, no deadline): open; raised 10-30.
    q1_ = Problem(p1_, domain::ProblemType::kLand, "征地拆迁", {2025, 1, 5}, domain::ProblemState::kInProgress, u1_,
                  domain::Date{2025, 1, 10});
    Problem(p1_, domain::ProblemType::kFunds, "资金缺口", {2025, 10, 8}, domain::ProblemState::kInProgress, u2_,
            domain::Date{2199, 1, 1});
    Problem(p2_, domain::ProblemType::kLand, "用地指标", {2025, 9, 1}, domain::ProblemState::kClosed, u1_,
            domain::Date{2025, 10, 30}, domain::Date{2025, 10, 20});
    Problem(p3_, domain::ProblemType::kApproval, "验收手续", {2025, 10, 15}, domain::ProblemState::kAwaitingConfirmation,
            u2_, domain::Date{2025, 2, 1});
    Problem(p5_, domain::ProblemType::kLand, "谋划用地", {2025, 10, 2}, domain::ProblemState::kInProgress, u1_,
            domain::Date{2025, 1, 1});
    Problem(p4_, domain::ProblemType::kOther, "选址待定", {2025, 10, 30}, domain::ProblemState::kPending, {}, {});

    // Approval items. Open ones are coded as of today: a1 (P1, U1) applied 60 days ago with a limit
    // of 20 calendar days: 60 > 30 = 20 × 150% → red; a2 (P2, U2) 2 days ago, limit 20: no code;
    // a3 (P3, U2) 35 days ago, limit 30 calendar: 30 <= 35 <= 45 → yellow; a5 on the draft P5,
    // red, left out.
    // Obtained in 2025 up to 10-31, in working days (engine/testdata/approval's cases): f1 P1 U1
    // 03-03→03-31 = 20; f2 P1 U1 05-12→05-23 = 9; f3 P1 U1 06-02→07-14 = 30; f4 P3 U2 03-03→03-24 =
    // 15; f5 on P5 left out; f6 P1 U1 approved 2025-11-10, after October, left out.
    a1_ = Approval(p1_, u1_, "用地预审", "in_progress", DaysAgo(60), {}, 20);
    a2_ = Approval(p2_, u2_, "施工许可", "in_progress", DaysAgo(2), {}, 20);
    Approval(p3_, u2_, "竣工验收", "in_progress", DaysAgo(35), {}, 30);
    Approval(p5_, u2_, "草稿事项", "in_progress", DaysAgo(100), {}, 10);
    Approval(p1_, u1_, "选址意见书", "obtained", domain::Date{2025, 3, 3}, domain::Date{2025, 3, 31}, 20);
    Approval(p1_, u1_, "规划许可", "obtained", domain::Date{2025, 5, 12}, domain::Date{2025, 5, 23}, 20);
    Approval(p1_, u1_, "工程规划许可", "obtained", domain::Date{2025, 6, 2}, domain::Date{2025, 7, 14}, 20);
    Approval(p3_, u2_, "环评", "obtained", domain::Date{2025, 3, 3}, domain::Date{2025, 3, 24}, 30);
    Approval(p5_, u2_, "草稿批复", "obtained", domain::Date{2025, 3, 3}, domain::Date{2025, 4, 30}, 30);
    Approval(p1_, u1_, "节能审查", "obtained", domain::Date{2025, 10, 20}, domain::Date{2025, 11, 10}, 20);
  }

  int64_t UserId(const std::string& name) {
    return server_->db()
        .ReadValue<domain::User>([&](store::Connection& c) { return store::FindUserByUsername(c, name); })
        ->id;
  }
  domain::Date DaysAgo(int days) {
    auto secs = std::chrono::duration_cast<std::chrono::seconds>(server_->clock().Now().time_since_epoch()).count();
    return domain::ChinaDate(secs - int64_t{days} * 86400);
  }
  int64_t Project(const std::string& name, int64_t owner, std::optional<int64_t> town, std::optional<int64_t> unit,
                  const std::string& category, const std::string& level, int64_t total_wan,
                  std::optional<domain::Date> start, std::optional<domain::Date> completion,
                  std::optional<int64_t> leader) {
    domain::Project p;
    p.name = name;
    p.owner_org_id = owner;
    p.town_org_id = town;
    if (unit) p.responsible_org_ids = {*unit};
    p.category = *domain::ParseProjectCategory(category);
    p.level = *domain::ParseProjectLevel(level);
    p.total_investment = total_wan * kWan;
    p.actual_start = start;
    p.actual_completion = completion;
    p.leader_user_id = leader;
    p.longitude = 106.2 + 0.01 * ++projects_;
    p.latitude = 38.4;
    auto made = server_->db().WriteValue<store::ProjectView>(
        [&](store::Connection& c) { return store::CreateProject(c, p, 1, "2025-01-01T00:00:00.000Z"); });
    EXPECT_TRUE(made) << made.error().ToString();
    return made->project.id;
  }
  void Sql(const std::string& sql, const store::Params& params) {
    Status s = server_->db().Write([&](store::Connection& c) -> Status {
      auto r = c.Exec(sql, params);
      return r ? Status::Ok() : r.error();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }
  void Stage(int64_t project, const std::string& stage) {
    Sql("UPDATE projects SET stage = $1 WHERE id = $2", {stage, project});
  }
  void Colour(int64_t project, const std::string& colour, std::vector<std::pair<std::string, std::string>> findings) {
    Sql("DELETE FROM project_warnings WHERE project_id = $1", {project});
    Sql("UPDATE projects SET warning_colour = $1 WHERE id = $2", {colour, project});
    for (size_t i = 0; i < findings.size(); ++i) {
      Sql("INSERT INTO project_warnings (project_id, position, rule_id, measure, colour, reason, value, computed_at)"
          " VALUES ($1, $2, $3, 'progress', $4, $5, 0, '2025-11-01T00:00:00.000Z')",
          {project, static_cast<int64_t>(i), "rule" + std::to_string(i), findings[i].first, findings[i].second});
    }
  }
  httplib::Result Post(const TestSession& s, const std::string& path, const json& body, httplib::Headers h = {}) {
    return client_->Post(path.c_str(), s.Headers(h), body.dump(), "application/json");
  }
  httplib::Result Put(const TestSession& s, const std::string& path, const json& body, httplib::Headers h = {}) {
    return client_->Put(path.c_str(), s.Headers(h), body.dump(), "application/json");
  }
  static httplib::Headers Version(const json& record) {
    return {{"If-Match", "\"" + std::to_string(record["version"].get<int64_t>()) + "\""}};
  }
  // The office saves, submits and accepts a record (plan or report) at `path`.
  json Approved(const std::string& path, const json& body, const std::string& actions_prefix) {
    auto r = Put(office_, path, body);
    EXPECT_EQ(r->status, 201) << path << ": " << r->body;
    json record = json::parse(r->body);
    const std::string actions = actions_prefix + std::to_string(record["id"].get<int64_t>()) + "/actions";
    record = json::parse(Post(office_, actions, {{"action", "submit"}}, Version(record))->body);
    r = Post(office_, actions, {{"action", "accept"}}, Version(record));
    EXPECT_EQ(r->status, 200) << path << ": " << r->body;
    return json::parse(r->body);
  }
  void Plan(int64_t project, int64_t wan, json targets = nullptr) {
    json body = {{"planned_investment", wan * kWan}};
    if (!targets.is_null()) body["monthly_targets"] = targets;
    Approved("/api/projects/" + std::to_string(project) + "/plans/2025", body, "/api/plans/");
  }
  void Report(int64_t project, int month, int64_t wan) {
    char period[8];
    std::snprintf(period, sizeof period, "2025-%02d", month);
    last_report_ = Approved("/api/projects/" + std::to_string(project) + "/reports/" + period,
                            {{"investment", wan * kWan}}, "/api/reports/");
  }
  int64_t Problem(int64_t project, domain::ProblemType type, const std::string& title, domain::Date raised,
                  domain::ProblemState state, std::optional<int64_t> unit, std::optional<domain::Date> deadline,
                  std::optional<domain::Date> closed = {}) {
    store::Problem p;
    p.project_id = project;
    p.type = type;
    p.title = title;
    p.description = title;
    p.raised_by = leader_id_;
    p.raised_org_id = server_->RootOrg();
    p.raised_role = "leader";
    p.raised_on = raised;
    auto made = server_->db().WriteValue<store::Problem>(
        [&](store::Connection& c) { return store::CreateProblem(c, p, "2025-10-01T00:00:00.000Z"); });
    EXPECT_TRUE(made) << made.error().ToString();
    if (state == domain::ProblemState::kPending) return made->id;
    made->status = {state, false, domain::EscalationLevel::kUnit};
    made->responsible_org_id = unit;
    made->deadline = deadline;
    made->closed_on = closed;
    auto v = server_->db().WriteValue<int64_t>(
        [&](store::Connection& c) { return store::UpdateProblem(c, *made, "2025-10-01T00:00:00.000Z"); });
    EXPECT_TRUE(v) << v.error().ToString();
    return made->id;
  }
  int64_t Approval(int64_t project, std::optional<int64_t> department, const std::string& name, const std::string& status,
                   domain::Date applied, std::optional<domain::Date> approved, int limit) {
    domain::ApprovalItem a;
    a.project_id = project;
    a.position = -1;
    a.name = name;
    a.department_org_id = department;
    a.limit_days = limit;
    a.limit_kind = domain::LimitKind::kCalendar;
    a.status = *domain::ParseApprovalStatus(status);
    a.applied_on = applied;
    a.approved_on = approved;
    auto made = server_->db().WriteValue<domain::ApprovalItem>(
        [&](store::Connection& c) { return store::CreateApproval(c, a, "2025-01-01T00:00:00.000Z"); });
    EXPECT_TRUE(made) << made.error().ToString();
    return made->id;
  }
  json Get(const TestSession& s, const std::string& path, int status = 200) {
    auto r = client_->Get(path.c_str(), s.Headers());
    EXPECT_EQ(r->status, status) << path << ": " << r->body;
    return json::parse(r->body);
  }
  json Panel(const TestSession& s, const std::string& panel, const std::string& query = "") {
    return Get(s, "/api/cockpit/" + panel + "?" + kPeriod + (query.empty() ? "" : "&" + query));
  }
  // Every item of a drill-down (one page of 200), checked to add up to its sum.
  json Drill(const TestSession& s, const std::string& query) {
    json d = Panel(s, "projects", query + "&page_size=200");
    int64_t added = 0;
    for (const auto& i : d["items"]) added += i["value"].get<int64_t>();
    EXPECT_EQ(added, d["sum"].get<int64_t>()) << query;
    EXPECT_EQ(static_cast<int64_t>(d["items"].size()), d["total"].get<int64_t>()) << query;
    return d;
  }
  // A drill-down at another month of 2025 (the trend's bars), checked like Drill.
  json DrillAt(const TestSession& s, int month, const std::string& query) {
    json d = Get(s, "/api/cockpit/projects?year=2025&month=" + std::to_string(month) + "&" + query + "&page_size=200");
    int64_t added = 0;
    for (const auto& i : d["items"]) added += i["value"].get<int64_t>();
    EXPECT_EQ(added, d["sum"].get<int64_t>()) << query;
    EXPECT_EQ(static_cast<int64_t>(d["items"].size()), d["total"].get<int64_t>()) << query;
    return d;
  }
  static std::string KeyOf(const json& key) {
    return key.is_null() ? "null" : key.is_string() ? key.get<std::string>() : std::to_string(key.get<int64_t>());
  }
  static std::set<int64_t> Ids(const json& items, const char* field) {
    std::set<int64_t> out;
    for (const auto& i : items) out.insert(i[field].get<int64_t>());
    return out;
  }

  std::unique_ptr<TestServer> server_;
  std::unique_ptr<httplib::Client> client_;
  TestSession office_, leader_, town_;
  int64_t leader_id_ = 0, town_id_ = 0;
  int64_t t1_ = 0, t2_ = 0, u1_ = 0, u2_ = 0;
  int64_t p1_ = 0, p2_ = 0, p3_ = 0, p4_ = 0, p5_ = 0, p6_ = 0, p7_ = 0;
  int64_t q1_ = 0, a1_ = 0, a2_ = 0;
  json last_report_, september_p3_;
  int projects_ = 0;
};

TEST_P(CockpitApiTest, SummaryOfTheHandComputedDistrict) {
  json s = Panel(office_, "summary");
  EXPECT_EQ(s["year"], 2025);
  EXPECT_EQ(s["month"], 10);
  EXPECT_EQ(s["as_of"], "2025-10-31");
  // P1, P2, P3, P4, P7 (P5 is a draft, P6 withdrawn).
  EXPECT_EQ(s["projects"], 5);
  EXPECT_EQ(s["total_investment"], 73000 * kWan);  // 20000 + 30000 + 8000 + 5000 + 10000
  EXPECT_EQ(s["annual_planned"], 45000 * kWan);    // 12000 + 24000 + 3000 + 6000 (P5's 1000 left out)
  EXPECT_EQ(s["completed_ytd"], 25100 * kWan);     // 8 × 800 + 10 × 1600 + 9 × 300 (P5's 100 left out)
  // 序时 through October: P1 12000 × 10/12 = 10000; P2's targets 1000 + 1000 + 8 × 2000 = 18000;
  // P3 3000 × 10/12 = 2500; P7 6000 × 10/12 = 5000.
  EXPECT_EQ(s["schedule_ytd"], 35500 * kWan);
  EXPECT_EQ(s["completion_rate"], 5578);        // 25100 / 45000 = 55.777…%
  EXPECT_EQ(s["schedule_rate"], 7889);          // 35500 / 45000 = 78.888…%
  EXPECT_EQ(s["points_vs_schedule"], -2311);    // 5578 − 7889
  EXPECT_EQ(s["new_starts"], 1);                // P1 (2025-03-15); P7 started in November
  EXPECT_EQ(s["completions"], 1);               // P3 (2025-09-30)
  EXPECT_EQ(s["lights"], json({{"red", 2}, {"yellow", 1}, {"green", 2}}));  // red P1 P7, yellow P2, green P3 P4
  EXPECT_EQ(s["sentence"], "1-10月，全区5个重大项目完成投资2.51亿元，完成年度计划的55.78%，低于序时进度23.11个百分点");
  EXPECT_FALSE(s["generated_at"].get<std::string>().empty());

  // Months 1..3 only: P1 800 + P2 3 × 1600 + P3 3 × 300 = 6500; 序时 P1 3000, P2 4000, P3 750,
  // P7 1500 = 9250; 6500 / 45000 = 14.444…% → 1444; 9250 / 45000 = 20.555…% → 2056.
  json march = Get(office_, "/api/cockpit/summary?year=2025&month=3");
  EXPECT_EQ(march["completed_ytd"], 6500 * kWan);
  EXPECT_EQ(march["schedule_ytd"], 9250 * kWan);
  EXPECT_EQ(march["points_vs_schedule"], 1444 - 2056);
  EXPECT_EQ(march["new_starts"], 1);
  EXPECT_EQ(march["completions"], 0);
  EXPECT_EQ(march["as_of"], "2025-03-31");
  // A year without plans or reports: the projects and lights are the library's; no rates.
  json empty = Get(office_, "/api/cockpit/summary?year=2024");
  EXPECT_EQ(empty["month"], 12);
  EXPECT_EQ(empty["projects"], 5);
  EXPECT_EQ(empty["annual_planned"], 0);
  EXPECT_EQ(empty["completion_rate"], nullptr);
  EXPECT_EQ(empty["new_starts"], 1);  // P2 started 2024-06-01
  EXPECT_EQ(empty["sentence"], "1-12月，全区5个重大项目完成投资0万元");

  // The period is checked: no month after the current one, no year outside 2000..now.
  auto today = DaysAgo(0);
  if (today.month < 12) {
    json bad = Get(office_, "/api/cockpit/summary?year=" + std::to_string(today.year) + "&month=12", 400);
    EXPECT_EQ(bad["error"]["field"], "month");
  }
  EXPECT_EQ(Get(office_, "/api/cockpit/summary?year=1999", 400)["error"]["field"], "year");
  EXPECT_EQ(Get(office_, "/api/cockpit/summary?month=13", 400)["error"]["field"], "month");
  EXPECT_EQ(Get(office_, "/api/cockpit/summary?month=x", 400)["error"]["field"], "month");
}

TEST_P(CockpitApiTest, BreakdownsLightsRankingAndTrend) {
  json towns = Panel(office_, "breakdown", "dimension=town");
  EXPECT_EQ(towns["dimension"], "town");
  ASSERT_EQ(towns["rows"].size(), 3u) << towns.dump();
  // 城关街道: P1 + P2: 2 projects, 50000, plan 36000, done 6400 + 16000 = 22400 → 62.22%.
  EXPECT_EQ(towns["rows"][0], json({{"key", t1_}, {"name", "城关街道"}, {"projects", 2}, {"total_investment", 50000 * kWan},
                                    {"annual_planned", 36000 * kWan}, {"completed_ytd", 22400 * kWan}, {"completion_rate", 6222}}));
  // 柳河镇: P3 + P7 (P6 withdrawn): 8000 + 10000, plan 3000 + 6000, done 2700 → 30%.
  EXPECT_EQ(towns["rows"][1], json({{"key", t2_}, {"name", "柳河镇"}, {"projects", 2}, {"total_investment", 18000 * kWan},
                                    {"annual_planned", 9000 * kWan}, {"completed_ytd", 2700 * kWan}, {"completion_rate", 3000}}));
  EXPECT_EQ(towns["rows"][2], json({{"key", nullptr}, {"name", "未指定"}, {"projects", 1}, {"total_investment", 5000 * kWan},
                                    {"annual_planned", 0}, {"completed_ytd", 0}, {"completion_rate", nullptr}}));
  EXPECT_EQ(towns["total"], json({{"projects", 5}, {"total_investment", 73000 * kWan}, {"annual_planned", 45000 * kWan},
                                  {"completed_ytd", 25100 * kWan}, {"completion_rate", 5578}}));

  // By category, largest plan first: 基础设施 P2 24000; 产业 P1 + P3 + P7 12000 + 3000 + 6000 = 21000 with
  // 6400 + 2700 = 9100 done → 43.33%; 民生 P4 nothing.
  json categories = Panel(office_, "breakdown", "dimension=category");
  ASSERT_EQ(categories["rows"].size(), 3u);
  EXPECT_EQ(categories["rows"][0]["key"], "infrastructure");
  EXPECT_EQ(categories["rows"][0]["name"], "基础设施");
  EXPECT_EQ(categories["rows"][0]["completion_rate"], 6667);  // 16000 / 24000
  EXPECT_EQ(categories["rows"][1]["key"], "industry");
  EXPECT_EQ(categories["rows"][1]["projects"], 3);
  EXPECT_EQ(categories["rows"][1]["annual_planned"], 21000 * kWan);
  EXPECT_EQ(categories["rows"][1]["completion_rate"], 4333);
  EXPECT_EQ(categories["rows"][2]["key"], "livelihood");
  // By stage: 在建 P1 P2 P7 (plan 42000, done 22400 → 53.33%), 竣工 P3 (90%), 前期 P4.
  json stages = Panel(office_, "breakdown", "dimension=stage");
  ASSERT_EQ(stages["rows"].size(), 3u);
  EXPECT_EQ(stages["rows"][0]["name"], "在建");
  EXPECT_EQ(stages["rows"][0]["completion_rate"], 5333);
  EXPECT_EQ(stages["rows"][1]["name"], "竣工");
  EXPECT_EQ(stages["rows"][1]["completion_rate"], 9000);
  EXPECT_EQ(stages["rows"][2]["key"], "preparation");
  // By level: 市重点 P2 24000 before 省重点 P1 + P7 18000 (6400 done → 35.56%).
  json levels = Panel(office_, "breakdown", "dimension=level");
  ASSERT_EQ(levels["rows"].size(), 4u);
  EXPECT_EQ(levels["rows"][0]["key"], "municipal");
  EXPECT_EQ(levels["rows"][1]["key"], "provincial");
  EXPECT_EQ(levels["rows"][1]["completion_rate"], 3556);
  // By unit: 住建局 P2 + P7 (plan 30000), 发改局 P1 + P3 (15000), 未指定 P4.
  json units = Panel(office_, "breakdown", "dimension=unit");
  ASSERT_EQ(units["rows"].size(), 3u);
  EXPECT_EQ(units["rows"][0]["key"], u2_);
  EXPECT_EQ(units["rows"][0]["name"], "区住房和城乡建设局");
  EXPECT_EQ(units["rows"][1]["key"], u1_);
  EXPECT_EQ(units["rows"][2]["key"], nullptr);
  EXPECT_EQ(Get(office_, "/api/cockpit/breakdown?dimension=colour", 400)["error"]["field"], "dimension");
  EXPECT_EQ(Get(office_, "/api/cockpit/breakdown", 400)["error"]["field"], "dimension");

  // Lights by town: 城关街道 red P1 yellow P2; 柳河镇 red P7 green P3; 未指定 green P4. Equal red:
  // more yellow first.
  json lights = Panel(office_, "lights");
  EXPECT_EQ(lights["counts"], json({{"red", 2}, {"yellow", 1}, {"green", 2}}));
  EXPECT_EQ(lights["by_town"], json::array({{{"key", t1_}, {"name", "城关街道"}, {"red", 1}, {"yellow", 1}, {"green", 0}},
                                             {{"key", t2_}, {"name", "柳河镇"}, {"red", 1}, {"yellow", 0}, {"green", 1}},
                                             {{"key", nullptr}, {"name", "未指定"}, {"red", 0}, {"yellow", 0}, {"green", 1}}}));

  // Ranking: 发改局 (P1 + P3) 9100 / 15000 = 60.67%, 序时 10000 + 2500 = 12500 → 83.33%: −22.66 points;
  // 住建局 (P2 + P7) 16000 / 30000 = 53.33%, 序时 18000 + 5000 = 23000 → 76.67%: −23.34 points.
  json ranking = Panel(office_, "ranking");
  ASSERT_EQ(ranking["rows"].size(), 2u) << ranking.dump();
  EXPECT_EQ(ranking["rows"][0], json({{"rank", 1}, {"key", u1_}, {"name", "区发展和改革局"}, {"projects", 2},
                                       {"annual_planned", 15000 * kWan}, {"completed_ytd", 9100 * kWan},
                                       {"completion_rate", 6067}, {"points_vs_schedule", -2266}, {"red", 1}, {"yellow", 0}}));
  EXPECT_EQ(ranking["rows"][1], json({{"rank", 2}, {"key", u2_}, {"name", "区住房和城乡建设局"}, {"projects", 2},
                                       {"annual_planned", 30000 * kWan}, {"completed_ytd", 16000 * kWan},
                                       {"completion_rate", 5333}, {"points_vs_schedule", -2334}, {"red", 1}, {"yellow", 1}}));

  // Trend: planned_cum = P1 1000m + P3 250m + P7 500m + P2's targets so far; completed as reported.
  json trend = Panel(office_, "trend");
  ASSERT_EQ(trend["months"].size(), 10u);
  const int64_t planned[] = {2750, 5500, 9250, 13000, 16750, 20500, 24250, 28000, 31750, 35500};
  const int64_t done[] = {1900, 3800, 6500, 9200, 11900, 14600, 17300, 20000, 22700, 25100};
  for (int m = 0; m < 10; ++m) {
    const json& t = trend["months"][m];
    EXPECT_EQ(t["month"], m + 1);
    EXPECT_EQ(t["planned_cum"], planned[m] * kWan) << m + 1;
    EXPECT_EQ(t["schedule_cum"], planned[m] * kWan) << m + 1;  // the Yinchuan rules: monthly targets
    EXPECT_EQ(t["completed_cum"], done[m] * kWan) << m + 1;
    EXPECT_EQ(t["completed_month"], (done[m] - (m ? done[m - 1] : 0)) * kWan) << m + 1;
  }
}

TEST_P(CockpitApiTest, ProblemsApprovalsMapAndTheLeadersOwnProjects) {
  // Open: q1 q2 q4 q6 (q3 closed, q5 a draft's); overdue: q1; closed in October: q3; raised in October:
  // q2, q4, q6.
  json p = Panel(office_, "problems");
  EXPECT_EQ(p["open"], 4);
  EXPECT_EQ(p["overdue"], 1);
  EXPECT_EQ(p["closed_this_month"], 1);
  EXPECT_EQ(p["raised_this_month"], 3);
  ASSERT_EQ(p["by_type"].size(), 4u) << p.dump();
  EXPECT_EQ(p["by_type"][0], json({{"key", "land"}, {"name", "用地"}, {"open", 1}, {"overdue", 1}, {"closed_this_month", 1}}));
  // By the problem's responsible unit: 发改局 q1 (overdue) and q3 (closed); 住建局 q2 q4; none q6.
  ASSERT_EQ(p["by_unit"].size(), 3u) << p.dump();
  EXPECT_EQ(p["by_unit"][0], json({{"key", u1_}, {"name", "区发展和改革局"}, {"open", 1}, {"overdue", 1}, {"closed_this_month", 1}}));
  EXPECT_EQ(p["by_unit"][1], json({{"key", u2_}, {"name", "区住房和城乡建设局"}, {"open", 2}, {"overdue", 0}, {"closed_this_month", 0}}));
  EXPECT_EQ(p["by_unit"][2], json({{"key", nullptr}, {"name", "未指定"}, {"open", 1}, {"overdue", 0}, {"closed_this_month", 0}}));

  // In progress a1 (red), a2, a3 (yellow); a5 is a draft's. 发改局 finished 20, 9, 30 days: median
  // rank 2 of [9, 20, 30] = 20, p90 rank 3 = 30; 住建局 15 (f5 a draft's, f6 after October).
  json a = Panel(office_, "approvals");
  EXPECT_EQ(a["in_progress"], 3);
  EXPECT_EQ(a["yellow"], 1);
  EXPECT_EQ(a["red"], 1);
  ASSERT_EQ(a["departments"].size(), 2u) << a.dump();
  EXPECT_EQ(a["departments"][0], json({{"key", u1_}, {"name", "区发展和改革局"}, {"in_progress", 1}, {"yellow", 0}, {"red", 1},
                                        {"median_days", 20}, {"p90_days", 30}}));
  EXPECT_EQ(a["departments"][1], json({{"key", u2_}, {"name", "区住房和城乡建设局"}, {"in_progress", 2}, {"yellow", 1}, {"red", 0},
                                        {"median_days", 15}, {"p90_days", 15}}));

  // The map: rows of the named columns, coordinates to 6 decimals, the colour an index into "colours".
  json map = Panel(office_, "map");
  EXPECT_EQ(map["columns"], json({"id", "name", "lng", "lat", "colour"}));
  EXPECT_EQ(map["colours"], json({"green", "yellow", "red"}));
  ASSERT_EQ(map["points"].size(), 5u);
  std::set<int64_t> on_map;
  for (const auto& point : map["points"]) {
    ASSERT_EQ(point.size(), 5u);
    on_map.insert(point[0].get<int64_t>());
    if (point[0] == p1_) {
      EXPECT_EQ(point[1], "城关智能制造产业园");
      EXPECT_NEAR(point[2].get<double>(), 106.21, 1e-9);
      EXPECT_NEAR(point[3].get<double>(), 38.4, 1e-9);
      EXPECT_EQ(map["colours"][point[4].get<size_t>()], "red");
    }
    if (point[0] == p3_) EXPECT_EQ(map["colours"][point[4].get<size_t>()], "green");
  }
  EXPECT_EQ(on_map, (std::set<int64_t>{p1_, p2_, p3_, p4_, p7_}));

  // The leader leads P1 (red: its worst finding is the red one) and P3 (green).
  json mine = Panel(leader_, "mine");
  ASSERT_EQ(mine["projects"].size(), 2u) << mine.dump();
  EXPECT_EQ(mine["projects"][0], json({{"id", p1_}, {"name", "城关智能制造产业园"}, {"stage", "construction"}, {"colour", "red"},
                                        {"reason", "问题“征地拆迁”已超过办理时限5天"}, {"open_problems", 2},
                                        {"overdue_problems", 1}, {"completion_rate", 5333},  // 6400 / 12000
                                        {"town", "城关街道"}, {"town_org_id", t1_}}));
  EXPECT_EQ(mine["projects"][1]["id"], p3_);
  EXPECT_EQ(mine["projects"][1]["reason"], "");
  EXPECT_EQ(mine["projects"][1]["completion_rate"], 9000);  // 2700 / 3000
  EXPECT_EQ(mine["projects"][1]["open_problems"], 1);       // q4
  EXPECT_EQ(mine["projects"][1]["overdue_problems"], 0);
  // The office leads nothing.
  EXPECT_EQ(Panel(office_, "mine")["projects"].size(), 0u);
}

TEST_P(CockpitApiTest, EveryDrillDownAddsUpToItsFigure) {
  json s = Panel(office_, "summary");
  json p = Panel(office_, "problems");
  const std::map<std::string, int64_t> figures = {
      {"projects", s["projects"]},       {"annual_planned", s["annual_planned"]},
      {"completed_ytd", s["completed_ytd"]}, {"new_starts", s["new_starts"]},
      {"completions", s["completions"]}, {"red", s["lights"]["red"]},
      {"yellow", s["lights"]["yellow"]}, {"green", s["lights"]["green"]},
      {"problems_open", p["open"]},      {"problems_overdue", p["overdue"]}};
  for (const auto& [figure, shown] : figures) {
    json d = Drill(office_, "figure=" + figure);
    EXPECT_EQ(d["figure"], figure);
    EXPECT_EQ(d["sum"].get<int64_t>(), shown) << figure;
  }
  // What is behind them, largest first.
  json done = Drill(office_, "figure=completed_ytd");
  ASSERT_EQ(done["items"].size(), 3u);
  EXPECT_EQ(done["items"][0], json({{"project_id", p2_}, {"name", "城关大道改造"}, {"town", "城关街道"},
                                     {"unit", "区住房和城乡建设局"}, {"value", 16000 * kWan}}));
  EXPECT_EQ(done["items"][1]["project_id"], p1_);
  EXPECT_EQ(done["items"][2]["project_id"], p3_);
  EXPECT_EQ(Ids(Drill(office_, "figure=red")["items"], "project_id"), (std::set<int64_t>{p1_, p7_}));
  EXPECT_EQ(Ids(Drill(office_, "figure=new_starts")["items"], "project_id"), (std::set<int64_t>{p1_}));
  json open = Drill(office_, "figure=problems_open");
  ASSERT_EQ(open["items"].size(), 3u);  // P1 (q1, q2), P3 (q4), P4 (q6)
  EXPECT_EQ(open["items"][0]["project_id"], p1_);
  EXPECT_EQ(open["items"][0]["value"], 2);

  // A breakdown row's figures drill down to the same sums.
  json towns = Panel(office_, "breakdown", "dimension=town");
  for (const auto& row : towns["rows"]) {
    const std::string key = row["key"].is_null() ? "null" : std::to_string(row["key"].get<int64_t>());
    EXPECT_EQ(Drill(office_, "figure=annual_planned&dimension=town&key=" + key)["sum"], row["annual_planned"]) << key;
    EXPECT_EQ(Drill(office_, "figure=completed_ytd&dimension=town&key=" + key)["sum"], row["completed_ytd"]) << key;
    EXPECT_EQ(Drill(office_, "figure=projects&dimension=town&key=" + key)["sum"], row["projects"]) << key;
  }
  json lights = Panel(office_, "lights");
  for (const auto& row : lights["by_town"]) {
    const std::string key = row["key"].is_null() ? "null" : std::to_string(row["key"].get<int64_t>());
    for (const char* colour : {"red", "yellow", "green"}) {
      EXPECT_EQ(Drill(office_, std::string("figure=") + colour + "&dimension=town&key=" + key)["sum"], row[colour]);
    }
  }
  const json category_rows = Panel(office_, "breakdown", "dimension=category")["rows"];
  for (const auto& row : category_rows) {
    EXPECT_EQ(Drill(office_, "figure=completed_ytd&dimension=category&key=" + row["key"].get<std::string>())["sum"],
              row["completed_ytd"]);
  }
  for (const auto& row : p["by_type"]) {
    EXPECT_EQ(Drill(office_, "figure=problems_open&dimension=type&key=" + row["key"].get<std::string>())["sum"],
              row["open"]);
  }
  for (const auto& row : p["by_unit"]) {
    const std::string key = row["key"].is_null() ? "null" : std::to_string(row["key"].get<int64_t>());
    EXPECT_EQ(Drill(office_, "figure=problems_overdue&dimension=unit&key=" + key)["sum"], row["overdue"]);
  }
  // Pages keep the total and the sum.
  json first = Panel(office_, "projects", "figure=completed_ytd&page_size=1");
  json second = Panel(office_, "projects", "figure=completed_ytd&page_size=1&page=2");
  EXPECT_EQ(first["items"][0]["project_id"], p2_);
  EXPECT_EQ(second["items"][0]["project_id"], p1_);
  EXPECT_EQ(second["total"], 3);
  EXPECT_EQ(second["sum"], 25100 * kWan);
  // Bad queries name their field.
  EXPECT_EQ(Get(office_, "/api/cockpit/projects", 400)["error"]["field"], "figure");
  EXPECT_EQ(Get(office_, "/api/cockpit/projects?figure=money", 400)["error"]["field"], "figure");
  EXPECT_EQ(Get(office_, "/api/cockpit/projects?figure=red&dimension=town", 400)["error"]["field"], "key");
  EXPECT_EQ(Get(office_, "/api/cockpit/projects?figure=red&dimension=town&key=abc", 400)["error"]["field"], "key");
  EXPECT_EQ(Get(office_, "/api/cockpit/projects?figure=red&dimension=stage&key=abc", 400)["error"]["field"], "key");
  EXPECT_EQ(Get(office_, "/api/cockpit/projects?figure=red&dimension=type&key=land", 400)["error"]["field"], "dimension");
}

TEST_P(CockpitApiTest, TheTotalTheMonthTheProblemsClosedAndRaisedAndTheApprovalsDrillDownToo) {
  // One more item in progress, on P1 with no department: applied 50 days ago, limit 20 calendar
  // days: 50 > 30 → red. In progress now a1 (P1 U1 red), a2 (P2 U2), a3 (P3 U2 yellow), a7 (P1, none, red).
  Approval(p1_, std::nullopt, "消防审查", "in_progress", DaysAgo(50), {}, 20);
  json s = Panel(office_, "summary");
  json p = Panel(office_, "problems");
  json a = Panel(office_, "approvals");
  EXPECT_EQ(a["in_progress"], 4);
  EXPECT_EQ(a["yellow"], 1);
  EXPECT_EQ(a["red"], 2);
  ASSERT_EQ(a["departments"].size(), 3u) << a.dump();
  const std::map<std::string, int64_t> figures = {
      {"total_investment", s["total_investment"]},   {"problems_closed", p["closed_this_month"]},
      {"problems_raised", p["raised_this_month"]},    {"approvals_in_progress", a["in_progress"]},
      {"approvals_yellow", a["yellow"]},              {"approvals_red", a["red"]}};
  for (const auto& [figure, shown] : figures) {
    json d = Drill(office_, "figure=" + figure);
    EXPECT_EQ(d["figure"], figure);
    EXPECT_EQ(d["sum"].get<int64_t>(), shown) << figure;
  }

  // 总投资: P2 30000, P1 20000, P7 10000, P3 8000, P4 5000 (P5 a draft, P6 withdrawn).
  json total = Drill(office_, "figure=total_investment");
  EXPECT_EQ(total["sum"], 73000 * kWan);
  ASSERT_EQ(total["items"].size(), 5u);
  EXPECT_EQ(total["items"][0], json({{"project_id", p2_}, {"name", "城关大道改造"}, {"town", "城关街道"},
                                      {"unit", "区住房和城乡建设局"}, {"value", 30000 * kWan}}));
  EXPECT_EQ(total["items"][4]["project_id"], p4_);
  EXPECT_EQ(total["items"][4]["town"], "");
  for (const char* dim : {"town", "unit", "category", "stage", "level"}) {
    const json rows = Panel(office_, "breakdown", std::string("dimension=") + dim)["rows"];
    for (const auto& row : rows) {
      EXPECT_EQ(Drill(office_, std::string("figure=total_investment&dimension=") + dim + "&key=" + KeyOf(row["key"]))["sum"],
                row["total_investment"])
          << dim << " " << row["key"];
    }
  }
  EXPECT_EQ(Drill(office_, "figure=total_investment&dimension=town&key=null")["sum"], 5000 * kWan);  // P4

  // 当月完成投资, month by month as the trend's bars: October P2 1600 + P1 800; September also P3 300;
  // January P2 1600 + P3 300.
  json trend = Panel(office_, "trend");
  for (int m = 1; m <= 10; ++m) {
    EXPECT_EQ(DrillAt(office_, m, "figure=completed_month")["sum"], trend["months"][m - 1]["completed_month"]) << m;
  }
  json october = DrillAt(office_, 10, "figure=completed_month");
  EXPECT_EQ(october["sum"], 2400 * kWan);
  ASSERT_EQ(october["items"].size(), 2u);
  EXPECT_EQ(october["items"][0]["project_id"], p2_);
  EXPECT_EQ(october["items"][0]["value"], 1600 * kWan);
  EXPECT_EQ(october["items"][1]["project_id"], p1_);
  EXPECT_EQ(october["items"][1]["value"], 800 * kWan);
  EXPECT_EQ(DrillAt(office_, 9, "figure=completed_month")["sum"], 2700 * kWan);
  EXPECT_EQ(Ids(DrillAt(office_, 1, "figure=completed_month")["items"], "project_id"), (std::set<int64_t>{p2_, p3_}));
  EXPECT_EQ(DrillAt(office_, 10, "figure=completed_month&dimension=town&key=" + std::to_string(t1_))["sum"],
            2400 * kWan);
  EXPECT_EQ(DrillAt(office_, 10, "figure=completed_month&dimension=town&key=" + std::to_string(t2_))["sum"], 0);

  // Problems closed in October: q3 on P2 (用地, 发改局); raised: q2 on P1 (资金, 住建局), q4 on P3
  // (审批手续, 住建局), q6 on P4 (其他, no unit).
  json closed = Drill(office_, "figure=problems_closed");
  ASSERT_EQ(closed["items"].size(), 1u);
  EXPECT_EQ(closed["items"][0]["project_id"], p2_);
  for (const auto& row : p["by_type"]) {
    EXPECT_EQ(Drill(office_, "figure=problems_closed&dimension=type&key=" + KeyOf(row["key"]))["sum"],
              row["closed_this_month"])
        << row["key"];
  }
  for (const auto& row : p["by_unit"]) {
    EXPECT_EQ(Drill(office_, "figure=problems_closed&dimension=unit&key=" + KeyOf(row["key"]))["sum"],
              row["closed_this_month"])
        << row["key"];
  }
  EXPECT_EQ(Drill(office_, "figure=problems_closed&dimension=type&key=land")["sum"], 1);
  EXPECT_EQ(Drill(office_, "figure=problems_closed&dimension=unit&key=" + std::to_string(u2_))["sum"], 0);
  EXPECT_EQ(Ids(Drill(office_, "figure=problems_raised")["items"], "project_id"), (std::set<int64_t>{p1_, p3_, p4_}));
  EXPECT_EQ(Ids(Drill(office_, "figure=problems_raised&dimension=type&key=funds")["items"], "project_id"),
            (std::set<int64_t>{p1_}));
  EXPECT_EQ(Drill(office_, "figure=problems_raised&dimension=unit&key=" + std::to_string(u2_))["sum"], 2);
  EXPECT_EQ(Ids(Drill(office_, "figure=problems_raised&dimension=unit&key=null")["items"], "project_id"),
            (std::set<int64_t>{p4_}));
  EXPECT_EQ(Drill(office_, "figure=problems_raised&dimension=type&key=land")["sum"], 0);  // q1 in January, q5 a draft's

  // Approvals: P1 has two items in progress (a1, a7), both red; P2 a2; P3 a3, yellow.
  json open = Drill(office_, "figure=approvals_in_progress");
  ASSERT_EQ(open["items"].size(), 3u);
  EXPECT_EQ(open["items"][0], json({{"project_id", p1_}, {"name", "城关智能制造产业园"}, {"town", "城关街道"},
                                     {"unit", "区发展和改革局"}, {"value", 2}}));
  EXPECT_EQ(open["items"][1]["project_id"], p2_);  // 城关… before 柳河…
  EXPECT_EQ(open["items"][2]["project_id"], p3_);
  json red = Drill(office_, "figure=approvals_red");
  ASSERT_EQ(red["items"].size(), 1u);
  EXPECT_EQ(red["items"][0]["project_id"], p1_);
  EXPECT_EQ(red["items"][0]["value"], 2);
  EXPECT_EQ(Ids(Drill(office_, "figure=approvals_yellow")["items"], "project_id"), (std::set<int64_t>{p3_}));
  // Each department's row, the one without a department (key null) included.
  bool unassigned = false;
  for (const auto& row : a["departments"]) {
    unassigned = unassigned || row["key"].is_null();
    for (const char* figure : {"in_progress", "yellow", "red"}) {
      json d = Drill(office_, std::string("figure=approvals_") + figure + "&dimension=department&key=" + KeyOf(row["key"]));
      EXPECT_EQ(d["sum"], row[figure]) << figure << " " << row["key"];
      EXPECT_EQ(d["dimension"], "department");
      EXPECT_EQ(d["key"], row["key"]);
    }
  }
  EXPECT_TRUE(unassigned);
  json none = Drill(office_, "figure=approvals_red&dimension=department&key=null");
  ASSERT_EQ(none["items"].size(), 1u);
  EXPECT_EQ(none["items"][0]["project_id"], p1_);
  EXPECT_EQ(none["items"][0]["value"], 1);
  EXPECT_EQ(Drill(office_, "figure=approvals_in_progress&dimension=department&key=" + std::to_string(u2_))["sum"], 2);
  // Pages keep the total and the sum, in the same order.
  json second = Panel(office_, "projects", "figure=approvals_in_progress&page_size=1&page=2");
  EXPECT_EQ(second["total"], 3);
  EXPECT_EQ(second["sum"], 4);
  ASSERT_EQ(second["items"].size(), 1u);
  EXPECT_EQ(second["items"][0]["project_id"], p2_);
  EXPECT_EQ(Panel(office_, "projects", "figure=approvals_in_progress&page_size=2&page=3")["items"].size(), 0u);

  // A town's user: only P1 and P2 behind every figure, and its own panels' sums.
  const std::set<int64_t> mine = {p1_, p2_};
  json ts = Panel(town_, "summary");
  json tp = Panel(town_, "problems");
  json ta = Panel(town_, "approvals");
  EXPECT_EQ(ta["in_progress"], 3);  // a1, a7 on P1; a2 on P2
  EXPECT_EQ(ta["red"], 2);
  const std::map<std::string, int64_t> town_figures = {
      {"total_investment", ts["total_investment"]},  {"problems_closed", tp["closed_this_month"]},
      {"problems_raised", tp["raised_this_month"]},   {"approvals_in_progress", ta["in_progress"]},
      {"approvals_yellow", ta["yellow"]},             {"approvals_red", ta["red"]}};
  for (const auto& [figure, shown] : town_figures) {
    json d = Drill(town_, "figure=" + figure);
    EXPECT_EQ(d["sum"].get<int64_t>(), shown) << figure;
    for (const auto& item : d["items"]) EXPECT_TRUE(mine.count(item["project_id"].get<int64_t>())) << figure;
  }
  EXPECT_EQ(Drill(town_, "figure=total_investment")["sum"], 50000 * kWan);
  json town_month = DrillAt(town_, 9, "figure=completed_month");
  EXPECT_EQ(town_month["sum"], 2400 * kWan);  // P3's 300 is 柳河镇's
  EXPECT_EQ(Ids(town_month["items"], "project_id"), mine);
  EXPECT_EQ(Drill(town_, "figure=approvals_in_progress&dimension=department&key=" + std::to_string(u2_))["sum"], 1);

  // Bad queries name their field.
  EXPECT_EQ(Get(office_, "/api/cockpit/projects?figure=approvals_red&dimension=town&key=1", 400)["error"]["field"],
            "dimension");
  EXPECT_EQ(Get(office_, "/api/cockpit/projects?figure=approvals_red&dimension=department&key=abc", 400)["error"]["field"],
            "key");
  EXPECT_EQ(Get(office_, "/api/cockpit/projects?figure=approvals_red&dimension=department", 400)["error"]["field"], "key");
  EXPECT_EQ(Get(office_, "/api/cockpit/projects?figure=total_investment&dimension=department&key=1", 400)["error"]["field"],
            "dimension");
  EXPECT_EQ(Get(office_, "/api/cockpit/projects?figure=completed_month&dimension=type&key=land", 400)["error"]["field"],
            "dimension");
}

TEST_P(CockpitApiTest, ATownsUserSeesOnlyItsTownEverywhere) {
  // 城关街道's scope: P1 and P2 (P5 is a draft). Plan 12000 + 24000 = 36000, done 22400, 序时 10000 +
  // 18000 = 28000: 62.22% against 77.78%, −15.56 points.
  json s = Panel(town_, "summary");
  EXPECT_EQ(s["projects"], 2);
  EXPECT_EQ(s["total_investment"], 50000 * kWan);
  EXPECT_EQ(s["annual_planned"], 36000 * kWan);
  EXPECT_EQ(s["completed_ytd"], 22400 * kWan);
  EXPECT_EQ(s["schedule_ytd"], 28000 * kWan);
  EXPECT_EQ(s["points_vs_schedule"], 6222 - 7778);
  EXPECT_EQ(s["new_starts"], 1);
  EXPECT_EQ(s["completions"], 0);
  EXPECT_EQ(s["lights"], json({{"red", 1}, {"yellow", 1}, {"green", 0}}));
  EXPECT_EQ(s["scope"], "城关街道");
  EXPECT_EQ(s["sentence"], "1-10月，城关街道2个重大项目完成投资2.24亿元，完成年度计划的62.22%，低于序时进度15.56个百分点");

  const std::set<int64_t> mine = {p1_, p2_};
  for (const char* d : {"stage", "category", "level", "town", "unit"}) {
    json b = Panel(town_, "breakdown", std::string("dimension=") + d);
    int64_t projects = 0;
    for (const auto& row : b["rows"]) projects += row["projects"].get<int64_t>();
    EXPECT_EQ(projects, 2) << d;
    EXPECT_EQ(b["total"]["annual_planned"], 36000 * kWan) << d;
  }
  json towns = Panel(town_, "breakdown", "dimension=town");
  ASSERT_EQ(towns["rows"].size(), 1u);
  EXPECT_EQ(towns["rows"][0]["key"], t1_);
  json lights = Panel(town_, "lights");
  ASSERT_EQ(lights["by_town"].size(), 1u);
  EXPECT_EQ(lights["by_town"][0]["key"], t1_);
  // q1 (overdue), q2 on P1; q3 closed on P2.
  json p = Panel(town_, "problems");
  EXPECT_EQ(p["open"], 2);
  EXPECT_EQ(p["overdue"], 1);
  EXPECT_EQ(p["closed_this_month"], 1);
  EXPECT_EQ(p["raised_this_month"], 1);
  // a1 (P1, red) and a2 (P2); finished f1–f3 on P1 (发改局).
  json a = Panel(town_, "approvals");
  EXPECT_EQ(a["in_progress"], 2);
  EXPECT_EQ(a["red"], 1);
  EXPECT_EQ(a["yellow"], 0);
  ASSERT_EQ(a["departments"].size(), 2u);
  EXPECT_EQ(a["departments"][0]["median_days"], 20);
  EXPECT_EQ(a["departments"][1]["median_days"], nullptr);  // 住建局's f4 is P3's
  // Ranking: 住建局 (P2) 16000 / 24000 = 66.67% before 发改局 (P1) 6400 / 12000 = 53.33%.
  json ranking = Panel(town_, "ranking");
  ASSERT_EQ(ranking["rows"].size(), 2u);
  EXPECT_EQ(ranking["rows"][0]["key"], u2_);
  EXPECT_EQ(ranking["rows"][0]["completion_rate"], 6667);
  EXPECT_EQ(ranking["rows"][1]["completion_rate"], 5333);
  // Trend: P1 and P2 only: October's completed_cum 22400.
  EXPECT_EQ(Panel(town_, "trend")["months"][9]["completed_cum"], 22400 * kWan);
  std::set<int64_t> town_map;
  const json town_points = Panel(town_, "map")["points"];
  for (const auto& point : town_points) town_map.insert(point[0].get<int64_t>());
  EXPECT_EQ(town_map, mine);
  for (const char* figure : {"projects", "annual_planned", "completed_ytd", "new_starts", "completions", "red", "yellow",
                             "green", "problems_open", "problems_overdue"}) {
    json d = Drill(town_, std::string("figure=") + figure);
    for (const auto& item : d["items"]) EXPECT_TRUE(mine.count(item["project_id"].get<int64_t>())) << figure;
  }
  EXPECT_EQ(Drill(town_, "figure=projects")["sum"], 2);
  // Another town's group is empty for it.
  EXPECT_EQ(Drill(town_, "figure=projects&dimension=town&key=" + std::to_string(t2_))["sum"], 0);
  EXPECT_EQ(Panel(town_, "mine")["projects"].size(), 0u);
}

// The whole district's money and approval durations come from the summed cells, a narrower
// scope's from the rows: a user whose own organisation is the district sees every project through
// the rows, and must read exactly what the office reads.
// The office reads the whole district's cells; a user whose own organisation is the district reads
// that organisation's cells (migration 0024) and, for colours, problems and lists, the rows.
TEST_P(CockpitApiTest, TheCellsAndTheRowsAgreeForTheWholeDistrict) {
  TestSession own = server_->Login(
      "office.own", server_->AddUser("office.own", {Role::kOffice}, server_->RootOrg(), false, domain::ScopeKind::kOwn));
  for (const std::string& panel : std::vector<std::string>{"summary", "breakdown?dimension=town", "breakdown?dimension=unit",
                                  "breakdown?dimension=stage", "lights", "problems", "approvals", "trend", "ranking",
                                  "projects?figure=completed_ytd", "projects?figure=annual_planned&dimension=unit&key=" +
                                                                       std::to_string(u2_),
                                  "projects?figure=completed_month", "projects?figure=total_investment",
                                  "projects?figure=approvals_in_progress", "projects?figure=problems_raised"}) {
    const std::string path = "/api/cockpit/" + panel + (panel.find('?') == std::string::npos ? "?" : "&") + kPeriod;
    json a = Get(office_, path), b = Get(own, path);
    a.erase("generated_at");
    b.erase("generated_at");
    EXPECT_EQ(a, b) << panel;
  }
}

TEST_P(CockpitApiTest, AnOrganisationsCellsAgreeWithTheRowsOfItsProjects) {
  // A scope that is one organisation's subtree reads that organisation's cells (migration 0024),
  // plus the rows of the projects its user leads outside it; a scope of separate subtrees reads
  // the rows. Listing an organisation without projects beside the first gives the same projects
  // the second way. The second case leads P1 (in T1) from T2.
  const int64_t empty = server_->AddOrg("区档案馆", OrgKind::kDepartment, server_->RootOrg());
  const std::string password = server_->AddUser("scope.both", {Role::kUnit}, t1_, false, domain::ScopeKind::kOwn);
  const int64_t user = UserId("scope.both");
  Sql("UPDATE users SET scope_kind = $1 WHERE id = $2", {std::string(ScopeKindName(domain::ScopeKind::kOrgs)), user});
  auto answers = [&](std::vector<int64_t> listed) {
    Sql("DELETE FROM user_scope_orgs WHERE user_id = $1", {user});
    for (int64_t org : listed) Sql("INSERT INTO user_scope_orgs (user_id, org_id) VALUES ($1, $2)", {user, org});
    TestSession s = server_->Login("scope.both", password);
    std::map<std::string, json> out;
    for (const std::string& panel : std::vector<std::string>{
             "summary", "breakdown?dimension=town", "breakdown?dimension=unit", "breakdown?dimension=stage",
          "breakdown?dimension=category", "breakdown?dimension=level", "lights", "problems", "approvals", "trend",
          "ranking", "projects?figure=annual_planned&dimension=unit&key=" + std::to_string(u1_)}) {
      const std::string path = "/api/cockpit/" + panel + (panel.find('?') == std::string::npos ? "?" : "&") + kPeriod;
      json a = Get(s, path);
      for (const char* volatile_key : {"generated_at", "scope", "sentence"}) a.erase(volatile_key);
      out[panel] = a;
    }
    return out;
  };
  for (auto [org, leads] : {std::pair<int64_t, bool>{t1_, false}, {t2_, true}}) {
    if (leads) Sql("UPDATE projects SET leader_user_id = $1 WHERE id = $2", {user, p1_});
    auto rows = answers({org, empty});
    auto cells = answers({org});
    ASSERT_EQ(rows.size(), cells.size());
    for (const auto& [panel, answer] : rows) EXPECT_EQ(cells[panel], answer) << panel << " of " << org;
    // Not trivially equal: the town has money and projects (P1 is T2's only by its leader).
    EXPECT_GT(cells["summary"]["completed_ytd"].get<int64_t>(), 0) << org;
    EXPECT_GT(cells["breakdown?dimension=unit"]["rows"].size(), 0u) << org;
  }
}

TEST_P(CockpitApiTest, CachedAnswersAreIdenticalUntilAReportAProblemOrAnApprovalChanges) {
  json first = Panel(office_, "summary");
  server_->clock().Advance(std::chrono::seconds(2));
  json again = Panel(office_, "summary");
  // The same answer, computed once: a new computation would carry a new generated_at.
  EXPECT_EQ(again, first);
  // Another user of the whole district shares it; a town's user has its own.
  EXPECT_EQ(Panel(leader_, "summary"), first);
  EXPECT_NE(Panel(town_, "summary")["projects"], first["projects"]);

  // A report accepted (a correction of P3's September: 300 → 500) moves completed on by 200.
  auto r = Post(office_, "/api/reports/" + std::to_string(september_p3_["id"].get<int64_t>()) + "/corrections",
                json::object());
  ASSERT_EQ(r->status, 201) << r->body;
  json fix = json::parse(r->body);
  fix = json::parse(Put(office_, "/api/projects/" + std::to_string(p3_) + "/reports/2025-09", {{"investment", 500 * kWan}},
                        Version(fix))
                        ->body);
  const std::string actions = "/api/reports/" + std::to_string(fix["id"].get<int64_t>()) + "/actions";
  fix = json::parse(Post(office_, actions, {{"action", "submit"}}, Version(fix))->body);
  // Submitted but not accepted: still the old figure (and still cached).
  EXPECT_EQ(Panel(office_, "summary"), first);
  ASSERT_EQ(Post(office_, actions, {{"action", "accept"}}, Version(fix))->status, 200);
  json corrected = Panel(office_, "summary");
  EXPECT_EQ(corrected["completed_ytd"], 25300 * kWan);  // the latest accepted version only: 25100 − 300 + 500
  EXPECT_NE(corrected["generated_at"], first["generated_at"]);
  EXPECT_EQ(Drill(office_, "figure=completed_ytd")["sum"], 25300 * kWan);

  // A problem moved: q1's result submitted, so it waits for the raiser and is no longer late.
  json before = Panel(office_, "problems");
  EXPECT_EQ(before["overdue"], 1);
  json q1 = Get(office_, "/api/problems/" + std::to_string(q1_));
  r = Post(office_, "/api/problems/" + std::to_string(q1_) + "/submit", {{"result", "已完成征地"}},
           {{"If-Match", "\"" + std::to_string(q1["version"].get<int64_t>()) + "\""}});
  ASSERT_EQ(r->status, 200) << r->body;
  json after = Panel(office_, "problems");
  EXPECT_EQ(after["overdue"], 0);
  EXPECT_EQ(after["open"], before["open"]);
  EXPECT_EQ(Panel(leader_, "mine")["projects"][0]["overdue_problems"], 0);

  // An approval changed: a2 obtained today, so three in progress become two.
  json a = Panel(office_, "approvals");
  EXPECT_EQ(a["in_progress"], 3);
  json item = Get(office_, "/api/approvals/" + std::to_string(a2_));
  r = client_->Patch(("/api/approvals/" + std::to_string(a2_)).c_str(),
                     office_.Headers({{"If-Match", "\"" + std::to_string(item["version"].get<int64_t>()) + "\""}}),
                     json({{"status", "obtained"}, {"approved_on", DaysAgo(0).ToString()}}).dump(), "application/json");
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(Panel(office_, "approvals")["in_progress"], 2);
}

TEST_P(CockpitApiTest, AnEditOfWhatTheCockpitDoesNotShowKeepsItsAnswers) {
  auto patch = [&](int64_t project, const json& body) {
    json current = Get(office_, "/api/projects/" + std::to_string(project));
    auto r = client_->Patch(("/api/projects/" + std::to_string(project)).c_str(), office_.Headers(Version(current)),
                            body.dump(), "application/json");
    ASSERT_TRUE(r && r->status == 200) << (r ? r->body : "no response");
  };
  // P4 (no unit, green, no findings): what the warnings find for it does not change either.
  json first = Panel(office_, "breakdown", "dimension=unit");
  server_->clock().Advance(std::chrono::seconds(2));
  // A remark: the project's relations are kept as they are, so nothing the cockpit reads moves.
  patch(p4_, {{"remarks", "周例会已协调"}});
  EXPECT_EQ(Panel(office_, "breakdown", "dimension=unit"), first);
  // A responsible unit given: P4 joins U2 (with P2 and P7), and the answer is computed again.
  patch(p4_, {{"responsible_org_ids", {u2_}}});
  json given = Panel(office_, "breakdown", "dimension=unit");
  EXPECT_NE(given["generated_at"], first["generated_at"]);
  std::map<std::string, int64_t> projects;
  for (const auto& row : given["rows"]) projects[KeyOf(row["key"])] = row["projects"].get<int64_t>();
  EXPECT_EQ(projects[std::to_string(u2_)], 3);
  EXPECT_EQ(projects.count("null"), 0u);
}

TEST_P(CockpitApiTest, TheWholeDistrictsMapReadsAgainOnlyTheBucketsWrittenSince) {
  store::CockpitScope all{{UserId("leader.a"), domain::ScopeKind::kAll}, {}};
  for (auto s : engine::CockpitStages()) all.stages.emplace_back(domain::StageName(s));
  // The points of `kept`, after reading what moved; a MapBuckets of its own reads every point.
  auto points = [&](MapBuckets& kept) {
    std::string out = "[";
    Status s = server_->db().Read([&](store::Connection& c) { return kept.Append(c, all, out); });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return json::parse(out + "]");
  };
  auto whole = [&] {
    MapBuckets fresh;
    return points(fresh);
  };
  auto patch = [&](int64_t project, const json& body) {
    json current = Get(office_, "/api/projects/" + std::to_string(project));
    auto r = client_->Patch(("/api/projects/" + std::to_string(project)).c_str(), office_.Headers(Version(current)),
                            body.dump(), "application/json");
    ASSERT_TRUE(r && r->status == 200) << (r ? r->body : "no response");
  };
  auto by_id = [](const json& list) {
    std::map<int64_t, json> out;
    for (const auto& p : list) out[p[0].get<int64_t>()] = p;
    return out;
  };

  MapBuckets kept;
  const json first = points(kept);
  EXPECT_EQ(kept.last_reads(), 1u);  // every point, once
  EXPECT_EQ(by_id(first).size(), 5u);
  EXPECT_EQ(by_id(first), by_id(Panel(office_, "map")["points"]));
  EXPECT_EQ(points(kept), first);
  EXPECT_EQ(kept.last_reads(), 0u);  // nothing written

  // What the map shows, changed through the API and by the lights: each change is read again, and
  // nothing else.
  patch(p1_, {{"name", "城关智能制造产业园（一期）"}});
  patch(p2_, {{"longitude", 117.123456}, {"latitude", 31.5}});
  Colour(p3_, "yellow", {{"yellow", "进度滞后"}});
  Stage(p7_, "withdrawn");  // off the map
  patch(p4_, {{"remarks", "不在地图上"}});
  const json changed = points(kept);
  EXPECT_EQ(kept.last_reads(), 1u);  // the test's projects share one bucket of ids
  auto now = by_id(changed);
  EXPECT_EQ(now, by_id(whole()));
  EXPECT_EQ(now, by_id(Panel(office_, "map")["points"]));
  ASSERT_EQ(now.size(), 4u);
  EXPECT_EQ(now[p1_][1], "城关智能制造产业园（一期）");
  EXPECT_EQ(now[p2_][2], 117.123456);
  EXPECT_EQ(now[p3_][4], 1);
  EXPECT_EQ(now.count(p7_), 0u);

  // Points far apart: a bucket of their own each, read alone; many buckets at once, every point again.
  const int64_t next = (p7_ / store::kMapBucketIds + 1) * store::kMapBucketIds;
  auto far = [&](int64_t id, const char* colour) {
    Sql("INSERT INTO cockpit_projects (id, name, stage, category, level, total_investment, longitude, latitude, colour)"
        " VALUES ($1, '远处', 'construction', 'industry', 'district', 1, 106.25, 38.5, $2)",
        {id, std::string(colour)});
  };
  far(next, "red");
  far(next + 1, "green");
  EXPECT_EQ(by_id(points(kept)), by_id(whole()));
  EXPECT_EQ(kept.last_reads(), 1u);
  for (int64_t i = 1; i <= 10; ++i) far(next + i * store::kMapBucketIds, "yellow");
  const json many = points(kept);
  EXPECT_EQ(kept.last_reads(), 1u);
  EXPECT_EQ(by_id(many), by_id(whole()));
  EXPECT_EQ(by_id(many).size(), 16u);
  Sql("DELETE FROM cockpit_projects WHERE id = $1", {next});
  Sql("UPDATE cockpit_projects SET name = '远处二' WHERE id = $1", {next + 3 * store::kMapBucketIds});
  const json fewer = points(kept);
  EXPECT_EQ(kept.last_reads(), 2u);
  EXPECT_EQ(by_id(fewer), by_id(whole()));
  EXPECT_EQ(by_id(fewer).size(), 15u);
  EXPECT_EQ(by_id(fewer), by_id(Panel(office_, "map")["points"]));
}

TEST(CockpitCacheTest, ServesOnlyTheCurrentGenerationAndForgetsTheLeastRecentlyUsed) {
  CockpitCache cache(100);
  auto body = [](char c, size_t n) { return std::make_shared<const std::string>(n, c); };
  cache.Put("a", 7, body('a', 30));
  EXPECT_EQ(*cache.Get("a", 7), std::string(30, 'a'));
  EXPECT_EQ(cache.Get("a", 8), nullptr);  // the data moved on since
  EXPECT_EQ(cache.Get("b", 7), nullptr);
  // An answer computed at an older generation does not replace a newer one.
  cache.Put("a", 9, body('A', 30));
  cache.Put("a", 8, body('x', 30));
  EXPECT_EQ(*cache.Get("a", 9), std::string(30, 'A'));
  cache.Put("b", 9, body('b', 30));
  (void)cache.Get("a", 9);                  // "a" is now the most recently used
  cache.Put("c", 9, body('c', 30));         // 3 × (30 + 1) = 93 bytes: all fit
  EXPECT_EQ(cache.entries(), 3u);
  cache.Put("d", 9, body('d', 30));         // 124 bytes: the least recently used ("b") goes
  EXPECT_EQ(cache.Get("b", 9), nullptr);
  EXPECT_NE(cache.Get("a", 9), nullptr);
  EXPECT_NE(cache.Get("d", 9), nullptr);
  EXPECT_LE(cache.bytes(), 100u);
}

// ---- The monthly briefing (api/briefings.cc), from the same district ----

// The text of a PDF, whitespace removed so that wrapped lines join (poppler-utils' pdftotext).
std::string PdfText(const std::string& pdf) {
  char path[] = "/tmp/gj-briefing-XXXXXX";
  const int fd = mkstemp(path);
  EXPECT_GE(fd, 0);
  EXPECT_EQ(write(fd, pdf.data(), pdf.size()), static_cast<ssize_t>(pdf.size()));
  close(fd);
  std::string out;
  if (FILE* pipe = popen(("pdftotext -enc UTF-8 '" + std::string(path) + "' -").c_str(), "r")) {
    char buffer[4096];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
    EXPECT_EQ(pclose(pipe), 0) << "pdftotext failed (poppler-utils installed?)";
  }
  unlink(path);
  out.erase(std::remove_if(out.begin(), out.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)); }),
            out.end());
  return out;
}

// Every value of a sheet, one after another.
std::string SheetText(const io::testing::PeekSheet& sheet) {
  std::string out;
  for (const auto& [at, cell] : sheet.cells) out += cell.value + "|";
  return out;
}

// 万元 in a cell back to 分.
int64_t FenAt(const io::testing::PeekSheet& s, int row, int col) { return std::llround(s.Number(row, col) * 1'000'000.0); }

TEST_P(CockpitApiTest, TheOfficePublishesTheMonthsBriefingWithTheCockpitsFigures) {
  auto r = Post(office_, "/api/briefings", {{"year", 2025}, {"month", 10}});
  ASSERT_EQ(r->status, 201) << r->body;
  json b = json::parse(r->body);
  EXPECT_EQ(b["issue_number"], 1);
  EXPECT_EQ(b["year"], 2025);
  EXPECT_EQ(b["month"], 10);
  EXPECT_EQ(r->get_header_value("Location"), "/api/briefings/" + std::to_string(b["id"].get<int64_t>()));
  const json summary = Panel(office_, "summary");
  const std::string sentence = summary["sentence"];
  EXPECT_EQ(b["summary"].get<std::string>().rfind(sentence + "。", 0), 0u) << b["summary"] << "\n" << sentence;
  // 1 new start, 1 completion; 2 red, 1 yellow, 2 green; problems q1 q2 q4 q6 open, q1 overdue,
  // q3 closed and q2 q4 q6 raised in October; approvals a1 a2 a3 in progress, a1 red, a3 yellow.
  EXPECT_NE(b["summary"].get<std::string>().find("其中，新开工项目1个，竣工项目1个；红灯项目2个、黄灯项目1个、绿灯项目2个。"),
            std::string::npos) << b["summary"];
  EXPECT_NE(b["summary"].get<std::string>().find("未办结问题4个，其中超过办理时限1个；本月新增问题3个、办结问题1个。"),
            std::string::npos) << b["summary"];
  EXPECT_NE(b["summary"].get<std::string>().find("前期手续在办3项，其中黄灯1项、红灯1项。"), std::string::npos) << b["summary"];

  // The PDF: the summary sentence with the right numbers, the red and yellow projects with their
  // reasons, the overdue problem; not the draft's.
  const std::string id = std::to_string(b["id"].get<int64_t>());
  auto pdf = client_->Get(("/api/briefings/" + id + "/pdf").c_str(), office_.Headers());
  ASSERT_EQ(pdf->status, 200);
  EXPECT_EQ(pdf->get_header_value("Content-Type"), "application/pdf");
  EXPECT_EQ(core::Sm3Hex(pdf->body), b["pdf"]["sm3"]);
  EXPECT_EQ(static_cast<int64_t>(pdf->body.size()), b["pdf"]["size"]);
  const std::string text = PdfText(pdf->body);
  EXPECT_NE(text.find("1-10月，全区5个重大项目完成投资2.51亿元，完成年度计划的55.78%，低于序时进度23.11个百分点"),
            std::string::npos) << text;
  EXPECT_NE(text.find("2025年第1期"), std::string::npos);
  // (A reason wrapped in its cell interleaves with its neighbours in pdftotext's text: the
  // workbook's cells are checked for those below.)
  for (const char* s : {"（一）红灯项目（2个）", "城关智能制造产业园", "问题“征地拆迁”已超过办理时限5天", "柳河新材料项目",
                        "（二）黄灯项目（1个）", "城关大道改造", "超期（工作日）"}) {
    EXPECT_NE(text.find(s), std::string::npos) << s;
  }
  EXPECT_EQ(text.find("城关谋划项目"), std::string::npos) << "a draft is in no list";

  // The workbook: its totals are the cockpit's.
  auto xlsx = client_->Get(("/api/briefings/" + id + "/xlsx").c_str(), office_.Headers());
  ASSERT_EQ(xlsx->status, 200);
  EXPECT_EQ(core::Sm3Hex(xlsx->body), b["xlsx"]["sm3"]);
  EXPECT_NE(xlsx->get_header_value("Content-Disposition").find("attachment"), std::string::npos);
  auto book = io::testing::PeekXlsx(xlsx->body);
  ASSERT_TRUE(book);
  for (const char* sheet : {"分单位", "分类别"}) {
    const json panel = Panel(office_, "breakdown", std::string("dimension=") + (sheet == std::string("分单位") ? "unit" : "category"));
    auto s = book->Sheet(sheet);
    ASSERT_TRUE(s) << sheet;
    const int total = s->rows - 1;
    EXPECT_EQ(s->Value(total, 1), "合计") << SheetText(*s);
    EXPECT_EQ(s->Number(total, 2), 5) << sheet;
    EXPECT_EQ(FenAt(*s, total, 3), summary["total_investment"]) << sheet;  // 73000万元
    EXPECT_EQ(FenAt(*s, total, 4), summary["annual_planned"]) << sheet;
    EXPECT_EQ(FenAt(*s, total, 5), summary["completed_ytd"]) << sheet;
    // Each row is the breakdown's row of that name.
    ASSERT_EQ(total - 2, static_cast<int>(panel["rows"].size())) << sheet;
    for (int row = 2; row < total; ++row) {
      bool found = false;
      for (const auto& p : panel["rows"]) {
        if (p["name"] != s->Value(row, 1)) continue;
        found = true;
        EXPECT_EQ(s->Number(row, 2), p["projects"].get<double>()) << sheet << " " << p["name"];
        EXPECT_EQ(FenAt(*s, row, 3), p["total_investment"]) << sheet << " " << p["name"];
        EXPECT_EQ(FenAt(*s, row, 5), p["completed_ytd"]) << sheet << " " << p["name"];
      }
      EXPECT_TRUE(found) << sheet << " row " << s->Value(row, 1);
    }
  }
  // The unit table in the ranking's order: 住建局 (16000 / 30000 = 53.33%) … ranks as the panel does.
  const json ranking = Panel(office_, "ranking");
  auto units = book->Sheet("分单位");
  for (size_t i = 0; i < ranking["rows"].size(); ++i) {
    EXPECT_EQ(units->Value(2 + static_cast<int>(i), 1), ranking["rows"][i]["name"]) << i;
  }
  const std::string lights = SheetText(*book->Sheet("红黄灯项目"));
  EXPECT_NE(lights.find("城关智能制造产业园"), std::string::npos) << lights;
  EXPECT_NE(lights.find("城关大道改造"), std::string::npos) << lights;
  EXPECT_EQ(lights.find("城关谋划项目"), std::string::npos) << lights;
  for (const char* reason : {"问题“征地拆迁”已超过办理时限5天", "计划2025年6月开工，已延后5个月未开工",
                             "1-10月完成投资1.6亿元，低于序时进度11.11个百分点"}) {
    EXPECT_NE(lights.find(reason), std::string::npos) << reason << " in " << lights;
  }
  const std::string overdue = SheetText(*book->Sheet("超期问题"));
  EXPECT_NE(overdue.find("城关智能制造产业园|用地|区发展和改革局"), std::string::npos) << overdue;
  EXPECT_EQ(overdue.find("城关谋划项目"), std::string::npos) << overdue;

  // Listed for every business user, a town's included: the briefing is sent to every unit.
  json list = Get(town_, "/api/briefings?year=2025");
  ASSERT_EQ(list["items"].size(), 1u);
  EXPECT_EQ(list["items"][0]["summary"], b["summary"]);
  EXPECT_EQ(Get(town_, "/api/briefings/" + id)["issue_number"], 1);
}

TEST_P(CockpitApiTest, APublishedBriefingNeverChangesAndAMonthHasOneIssue) {
  auto first = Post(office_, "/api/briefings", {{"year", 2025}, {"month", 10}});
  ASSERT_EQ(first->status, 201) << first->body;
  json b = json::parse(first->body);
  const std::string id = std::to_string(b["id"].get<int64_t>());
  const std::string pdf = client_->Get(("/api/briefings/" + id + "/pdf").c_str(), office_.Headers())->body;

  // A correction moves the cockpit's figures; the published issue keeps its own.
  const json before = Panel(office_, "summary");
  Report(p7_, 10, 500);
  EXPECT_NE(Panel(office_, "summary")["completed_ytd"], before["completed_ytd"]);
  EXPECT_EQ(client_->Get(("/api/briefings/" + id + "/pdf").c_str(), office_.Headers())->body, pdf);
  EXPECT_EQ(Get(office_, "/api/briefings/" + id)["summary"], b["summary"]);

  // The same month again: refused, naming the month; nothing stored.
  const auto files_before = std::distance(std::filesystem::recursive_directory_iterator(server_->files().root()),
                                          std::filesystem::recursive_directory_iterator());
  auto again = Post(office_, "/api/briefings", {{"year", 2025}, {"month", 10}});
  ASSERT_EQ(again->status, 409) << again->body;
  EXPECT_EQ(json::parse(again->body)["error"]["field"], "month");
  EXPECT_EQ(json::parse(again->body)["error"]["reason"], "briefing_exists");
  EXPECT_EQ(std::distance(std::filesystem::recursive_directory_iterator(server_->files().root()),
                          std::filesystem::recursive_directory_iterator()),
            files_before);
  // The next month of the year takes the next number.
  auto sep = Post(office_, "/api/briefings", {{"year", 2025}, {"month", 9}});
  ASSERT_EQ(sep->status, 201) << sep->body;
  EXPECT_EQ(json::parse(sep->body)["issue_number"], 2);
  EXPECT_EQ(Get(office_, "/api/briefings?year=2025")["items"].size(), 2u);
}

TEST_P(CockpitApiTest, OnlyTheOfficePublishesAndPreviewsAndBadMonthsAreNamed) {
  EXPECT_EQ(Post(town_, "/api/briefings", {{"year", 2025}, {"month", 10}})->status, 403);
  EXPECT_EQ(Post(leader_, "/api/briefings", {{"year", 2025}, {"month", 10}})->status, 403);
  EXPECT_EQ(client_->Get("/api/briefings/preview?year=2025&month=10", leader_.Headers())->status, 403);
  auto field_of = [&](const json& body) {
    auto r = Post(office_, "/api/briefings", body);
    EXPECT_EQ(r->status, 400) << body << ": " << r->body;
    return json::parse(r->body)["error"].value("field", std::string());
  };
  EXPECT_EQ(field_of({{"year", 2025}, {"month", 13}}), "month");
  EXPECT_EQ(field_of({{"year", 2025}, {"month", 0}}), "month");
  EXPECT_EQ(field_of({{"month", 10}}), "year");
  EXPECT_EQ(field_of({{"year", 2025}}), "month");
  EXPECT_EQ(field_of({{"year", "2025"}, {"month", 10}}), "year");
  EXPECT_EQ(field_of({{"year", 9000}, {"month", 1}}), "year");
  const domain::Date today = DaysAgo(0);
  if (today.month < 12) EXPECT_EQ(field_of({{"year", today.year}, {"month", today.month + 1}}), "month");

  // The preview is the PDF as it would be published, and publishes nothing.
  auto preview = client_->Get("/api/briefings/preview?year=2025&month=10", office_.Headers());
  ASSERT_EQ(preview->status, 200) << preview->body;
  EXPECT_EQ(preview->get_header_value("Content-Type"), "application/pdf");
  EXPECT_NE(PdfText(preview->body).find("2025年第1期"), std::string::npos);
  EXPECT_TRUE(Get(office_, "/api/briefings")["items"].empty());
  EXPECT_EQ(client_->Get("/api/briefings/999", office_.Headers())->status, 404);
}

INSTANTIATE_TEST_SUITE_P(Engines, CockpitApiTest, ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const auto& info) { return store::EngineParamName(info.param); });

}  // namespace
}  // namespace gongjian::api
