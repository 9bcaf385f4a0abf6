// Plans and monthly reports over HTTP on both databases: the report life cycle as the
// owner and the office live it, derived figures to the 分, rights and versions.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/test_server.h"
#include "store/project_repository.h"
#include "store/round_repository.h"

namespace gongjian::api {
namespace {

using domain::OrgKind;
using domain::Role;
using nlohmann::json;
using store::Engine;

constexpr int64_t kWan = 1'000'000;

class ReportApiTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    server_ = TestServer::Start(GetParam());
    if (!server_) GTEST_SKIP() << "GONGJIAN_TEST_PG is not set";
    client_ = server_->Client();
    int64_t root = server_->RootOrg();
    int64_t town = server_->AddOrg("城关街道", OrgKind::kTown, root);
    int64_t owner = server_->AddOrg("城关建设公司", OrgKind::kOwner, town);
    int64_t other_town = server_->AddOrg("柳河镇", OrgKind::kTown, root);
    office_ = server_->SignedIn(Role::kOffice);
    owner_ = server_->Login("owner.a", server_->AddUser("owner.a", {Role::kOwner}, owner, false, domain::ScopeKind::kOwn));
    outsider_ = server_->Login("unit.b", server_->AddUser("unit.b", {Role::kUnit}, other_town, false, domain::ScopeKind::kOwn));
    domain::Project p;
    p.name = "月报项目";
    p.owner_org_id = owner;
    p.town_org_id = town;
    project_ = server_->db()
                   .WriteValue<store::ProjectView>(
                       [&](store::Connection& c) { return store::CreateProject(c, p, 1, "2026-01-01T00:00:00.000Z"); })
                   ->project.id;
    for (int month : {1, 2, 10}) OpenRound({2026, month}, {2026, 1, 1}, {2199, 12, 31});
  }
  int64_t OpenRound(domain::Period period, domain::Date opens, domain::Date closes) {
    store::DispatchRound round{0, period.ToString() + "调度", period, opens, closes, 0};
    return server_->db()
        .WriteValue<store::DispatchRound>(
            [&](store::Connection& c) { return store::CreateRound(c, round, 1, "2026-01-01T00:00:00.000Z"); })
        ->id;
  }
  httplib::Result Put(const TestSession& s, const std::string& path, const json& body, httplib::Headers h = {}) {
    return client_->Put(path.c_str(), s.Headers(h), body.dump(), "application/json");
  }
  httplib::Result Post(const TestSession& s, const std::string& path, const json& body, httplib::Headers h = {}) {
    return client_->Post(path.c_str(), s.Headers(h), body.dump(), "application/json");
  }
  static httplib::Headers Version(const json& record) {
    return {{"If-Match", "\"" + std::to_string(record["version"].get<int64_t>()) + "\""}};
  }
  std::string Reports() const { return "/api/projects/" + std::to_string(project_) + "/reports"; }
  // Fills, submits and accepts a month; returns the accepted report.
  json AcceptedMonth(const std::string& period, int64_t investment) {
    auto r = Put(owner_, Reports() + "/" + period, {{"investment", investment}});
    EXPECT_EQ(r->status, 201) << r->body;
    json report = json::parse(r->body);
    r = Post(owner_, "/api/reports/" + std::to_string(report["id"].get<int64_t>()) + "/actions", {{"action", "submit"}},
             Version(report));
    report = json::parse(r->body);
    r = Post(office_, "/api/reports/" + std::to_string(report["id"].get<int64_t>()) + "/actions", {{"action", "accept"}},
             Version(report));
    EXPECT_EQ(r->status, 200) << r->body;
    return json::parse(r->body);
  }

  std::unique_ptr<TestServer> server_;
  std::unique_ptr<httplib::Client> client_;
  TestSession office_, owner_, outsider_;
  int64_t project_ = 0;
};

TEST_P(ReportApiTest, TheOwnerFillsTheOfficeReturnsTheOwnerFixesTheOfficeAccepts) {
  json body = {{"investment", 520 * kWan},
               {"funds_arrived", {{{"source", "special_bond"}, {"amount", 300 * kWan}}}},
               {"progress_text", "主体结构完成至5层"},
               {"progress", 4550},
               {"workers_required", 120},
               {"workers_on_site", 96},
               {"site_status", "started"},
               {"problems", "钢材价格上涨"},
               {"next_plan", "完成主体结构封顶"}};
  auto r = Put(owner_, Reports() + "/2026-10", body);
  ASSERT_EQ(r->status, 201) << r->body;
  json report = json::parse(r->body);
  EXPECT_EQ(report["status"], "draft");
  EXPECT_EQ(report["progress"], 4550);
  std::string actions = "/api/reports/" + std::to_string(report["id"].get<int64_t>()) + "/actions";
  r = Post(owner_, actions, {{"action", "submit"}}, Version(report));
  ASSERT_EQ(r->status, 200) << r->body;
  report = json::parse(r->body);
  // The owner cannot judge their own report.
  EXPECT_EQ(Post(owner_, actions, {{"action", "accept"}}, Version(report))->status, 403);
  // A return needs its reasons.
  r = Post(office_, actions, {{"action", "return"}}, Version(report));
  EXPECT_EQ(json::parse(r->body)["error"]["field"], "reason");
  r = Post(office_, actions, {{"action", "return"}, {"reason", "到位资金大于完成投资，请核实"}}, Version(report));
  ASSERT_EQ(r->status, 200) << r->body;
  report = json::parse(r->body);
  EXPECT_EQ(report["status"], "returned");
  EXPECT_EQ(report["review_reason"], "到位资金大于完成投资，请核实");
  r = Put(owner_, Reports() + "/2026-10", {{"investment", 600 * kWan}}, Version(report));
  ASSERT_EQ(r->status, 200) << r->body;
  report = json::parse(r->body);
  EXPECT_EQ(report["investment"], 600 * kWan);
  EXPECT_EQ(report["progress_text"], "主体结构完成至5层") << "fields not sent are kept";
  r = Post(owner_, actions, {{"action", "submit"}}, Version(report));
  report = json::parse(r->body);
  r = Post(office_, actions, {{"action", "accept"}}, Version(report));
  ASSERT_EQ(r->status, 200) << r->body;
  report = json::parse(r->body);
  EXPECT_EQ(report["status"], "accepted");
  // Locked now.
  r = Put(owner_, Reports() + "/2026-10", {{"investment", 1}}, Version(report));
  EXPECT_EQ(json::parse(r->body)["error"]["reason"], "report_locked");
}

TEST_P(ReportApiTest, FiguresAreToTheFenAndACorrectionKeepsTheOldVersionVisible) {
  auto r = Put(owner_, "/api/projects/" + std::to_string(project_) + "/plans/2026", {{"planned_investment", 12'000 * kWan}});
  ASSERT_EQ(r->status, 201) << r->body;
  json plan = json::parse(r->body);
  std::string plan_actions = "/api/plans/" + std::to_string(plan["id"].get<int64_t>()) + "/actions";
  plan = json::parse(Post(owner_, plan_actions, {{"action", "submit"}}, Version(plan))->body);
  r = Post(office_, plan_actions, {{"action", "accept"}}, Version(plan));
  ASSERT_EQ(r->status, 200) << r->body;
  AcceptedMonth("2026-01", 1'000 * kWan + 1);
  json feb = AcceptedMonth("2026-02", 500 * kWan);
  json got = json::parse(client_->Get((Reports() + "/2026-02").c_str(), owner_.Headers())->body);
  EXPECT_EQ(got["figures"]["year_to_date"], 1'500 * kWan + 1);
  EXPECT_EQ(got["figures"]["schedule_target"], 2'000 * kWan);
  EXPECT_EQ(got["figures"]["schedule_rate"], 7500);
  EXPECT_EQ(got["figures"]["plan_rate"], 1250);
  // Correct February: the old version stays, and counts until the correction is accepted.
  r = Post(owner_, "/api/reports/" + std::to_string(feb["id"].get<int64_t>()) + "/corrections", json::object());
  ASSERT_EQ(r->status, 201) << r->body;
  json fix = json::parse(r->body);
  EXPECT_EQ(fix["version_no"], 2);
  r = Put(owner_, Reports() + "/2026-02", {{"investment", 1'000 * kWan}}, Version(fix));
  ASSERT_EQ(r->status, 200) << r->body;
  fix = json::parse(r->body);
  got = json::parse(client_->Get((Reports() + "/2026-02").c_str(), owner_.Headers())->body);
  EXPECT_EQ(got["figures"]["year_to_date"], 1'500 * kWan + 1);
  std::string actions = "/api/reports/" + std::to_string(fix["id"].get<int64_t>()) + "/actions";
  fix = json::parse(Post(owner_, actions, {{"action", "submit"}}, Version(fix))->body);
  ASSERT_EQ(Post(office_, actions, {{"action", "accept"}}, Version(fix))->status, 200);
  got = json::parse(client_->Get((Reports() + "/2026-02").c_str(), owner_.Headers())->body);
  EXPECT_EQ(got["figures"]["year_to_date"], 2'000 * kWan + 1);
  ASSERT_EQ(got["versions"].size(), 2u);
  EXPECT_EQ(got["versions"][1]["status"], "superseded");
  EXPECT_EQ(got["versions"][1]["investment"], 500 * kWan);
  json year = json::parse(client_->Get((Reports() + "?year=2026").c_str(), office_.Headers())->body);
  ASSERT_EQ(year["items"].size(), 2u);
  EXPECT_EQ(year["plan"]["status"], "accepted");
}

TEST_P(ReportApiTest, BadFieldsAreNamedAndOthersReportsAreNotFound) {
  auto r = Put(owner_, Reports() + "/2026-13", {{"investment", 1}});
  EXPECT_EQ(json::parse(r->body)["error"]["field"], "period");
  r = Put(owner_, Reports() + "/2026-10", {{"investment", -1}});
  EXPECT_EQ(json::parse(r->body)["error"]["field"], "investment");
  r = Put(owner_, Reports() + "/2026-10", {{"progress", 10001}});
  EXPECT_EQ(json::parse(r->body)["error"]["field"], "progress");
  r = Put(owner_, Reports() + "/2026-10", {{"site_status", "flying"}});
  EXPECT_EQ(json::parse(r->body)["error"]["field"], "site_status");
  r = Put(owner_, Reports() + "/2026-10", {{"funds_arrived", {{{"source", "gold"}, {"amount", 1}}}}});
  EXPECT_EQ(json::parse(r->body)["error"]["field"], "funds_arrived");
  r = Put(owner_, "/api/projects/" + std::to_string(project_) + "/plans/2026",
          {{"planned_investment", 12}, {"monthly_targets", {1, 1, 1}}});
  EXPECT_EQ(json::parse(r->body)["error"]["reason"], "twelve_amounts");
  json report = json::parse(Put(owner_, Reports() + "/2026-10", {{"investment", 1}})->body);
  EXPECT_EQ(client_->Get((Reports() + "/2026-10").c_str(), outsider_.Headers())->status, 404);
  r = Post(outsider_, "/api/reports/" + std::to_string(report["id"].get<int64_t>()) + "/actions",
           {{"action", "submit"}}, Version(report));
  EXPECT_EQ(r->status, 404);
  r = Put(owner_, Reports() + "/2026-10", {{"investment", 2}});
  EXPECT_EQ(json::parse(r->body)["error"]["reason"], "report_exists") << "a second report for the month needs If-Match";
}

TEST_P(ReportApiTest, OwnersReportInsideTheRoundsWindowOrWithTheOfficesExtension) {
  // No round for March: the owner cannot report, the office can.
  auto r = Put(owner_, Reports() + "/2026-03", {{"investment", 1}});
  EXPECT_EQ(json::parse(r->body)["error"]["reason"], "round_not_open");
  // A round whose window has closed.
  int64_t round = OpenRound({2026, 4}, {2026, 5, 1}, {2026, 5, 10});
  r = Put(owner_, Reports() + "/2026-04", {{"investment", 1}});
  EXPECT_EQ(r->status, 409);
  EXPECT_EQ(json::parse(r->body)["error"]["field"], "period");
  r = Post(office_, "/api/rounds/" + std::to_string(round) + "/extensions",
           {{"project_id", project_}, {"until", "2199-01-01"}});
  ASSERT_EQ(r->status, 204) << r->body;
  r = Put(owner_, Reports() + "/2026-04", {{"investment", 1}});
  EXPECT_EQ(r->status, 201) << r->body;
  // The board shows who has reported.
  json board = json::parse(client_->Get(("/api/rounds/" + std::to_string(round) + "/status").c_str(), office_.Headers())->body);
  EXPECT_EQ(board["total"], 0) << "a project in planning need not report";
  r = Post(owner_, "/api/rounds", {{"name", "x"}, {"period", "2026-05"}, {"opens_on", "2026-05-01"}, {"closes_on", "2026-05-10"}});
  EXPECT_EQ(r->status, 403) << "only the office opens rounds";
  r = Post(office_, "/api/rounds", {{"name", "2026年4月调度"}, {"period", "2026-04"}, {"opens_on", "2026-05-01"}, {"closes_on", "2026-05-10"}});
  EXPECT_EQ(json::parse(r->body)["error"]["reason"], "round_exists");
  r = Post(office_, "/api/rounds", {{"name", "2026年6月调度"}, {"period", "2026-06"}, {"opens_on", "2026-07-10"}, {"closes_on", "2026-07-01"}});
  EXPECT_EQ(json::parse(r->body)["error"]["field"], "closes_on");
}

TEST_P(ReportApiTest, TheLightChangesTheMomentTheReportThatCausesItIsAccepted) {
  std::string project = "/api/projects/" + std::to_string(project_);
  auto r = Put(owner_, project + "/plans/2026", {{"planned_investment", 12'000 * kWan}});
  json plan = json::parse(r->body);
  std::string plan_actions = "/api/plans/" + std::to_string(plan["id"].get<int64_t>()) + "/actions";
  plan = json::parse(Post(owner_, plan_actions, {{"action", "submit"}}, Version(plan))->body);
  ASSERT_EQ(Post(office_, plan_actions, {{"action", "accept"}}, Version(plan))->status, 200);
  json page = json::parse(client_->Get(project.c_str(), office_.Headers())->body);
  EXPECT_EQ(page["warning_colour"], "red") << "nothing of 序时进度 1亿 accepted by October";
  // October: 2000万 against 序时 10000万 of a 1.2亿 plan is 66.67 points behind: red (Yinchuan).
  json october = AcceptedMonth("2026-10", 2'000 * kWan);
  page = json::parse(client_->Get(project.c_str(), office_.Headers())->body);
  EXPECT_EQ(page["warning_colour"], "red");
  ASSERT_EQ(page["warnings"].size(), 1u);
  EXPECT_EQ(page["warnings"][0]["reason"], "1-10月完成投资2000万元，低于序时进度66.67个百分点");
  // A submitted correction changes nothing; accepted, it turns the light green.
  r = Post(owner_, "/api/reports/" + std::to_string(october["id"].get<int64_t>()) + "/corrections", json::object());
  json fix = json::parse(r->body);
  fix = json::parse(Put(owner_, Reports() + "/2026-10", {{"investment", 9'000 * kWan}}, Version(fix))->body);
  std::string actions = "/api/reports/" + std::to_string(fix["id"].get<int64_t>()) + "/actions";
  fix = json::parse(Post(owner_, actions, {{"action", "submit"}}, Version(fix))->body);
  page = json::parse(client_->Get(project.c_str(), office_.Headers())->body);
  EXPECT_EQ(page["warning_colour"], "red");
  ASSERT_EQ(Post(office_, actions, {{"action", "accept"}}, Version(fix))->status, 200);
  page = json::parse(client_->Get(project.c_str(), office_.Headers())->body);
  EXPECT_EQ(page["warning_colour"], "green") << "9000万 is 8.33 points behind";
  EXPECT_EQ(page["warnings"].size(), 0u);
  json list = json::parse(client_->Get("/api/projects?page_size=5", office_.Headers())->body);
  EXPECT_EQ(list["items"][0]["warning_colour"], "green");
}

INSTANTIATE_TEST_SUITE_P(Engines, ReportApiTest, ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const auto& info) { return store::EngineParamName(info.param); });

}  // namespace
}  // namespace gongjian::api
