// Pre-construction approvals over HTTP on both databases: items generated from a template with
// their departments resolved, live codes, the department's own updates, the overdue list and the
// to-do, and the analytics of the engine's hand-computed fixture (testdata/approval/district.json,
// first case) through the API.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/test_server.h"
#include "store/approval_repository.h"
#include "store/project_repository.h"

namespace gongjian::api {
namespace {

using domain::OrgKind;
using domain::Role;
using nlohmann::json;
using store::Engine;

class ApprovalApiTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    server_ = TestServer::Start(GetParam());
    if (!server_) GTEST_SKIP() << "GONGJIAN_TEST_PG is not set";
    // Sunday 2026-11-29, 10:00 in China.
    auto& clock = server_->clock();
    clock.Advance(std::chrono::sys_days{std::chrono::year{2026} / 11 / 29} + std::chrono::hours(2) - clock.Now());
    client_ = server_->Client();
    int64_t root = server_->RootOrg();
    planning_ = server_->AddOrg("区自然资源和规划局", OrgKind::kDepartment, root);
    ecology_ = server_->AddOrg("区生态环境局", OrgKind::kDepartment, root);
    housing_ = server_->AddOrg("区住房和城乡建设局", OrgKind::kDepartment, root);
    int64_t owner = server_->AddOrg("示范城投有限公司", OrgKind::kOwner, root);
    office_ = server_->SignedIn(Role::kOffice);
    owner_ = server_->Login("owner.a", server_->AddUser("owner.a", {Role::kOwner}, owner, false, domain::ScopeKind::kOwn));
    planner_ = server_->Login("planner", server_->AddUser("planner", {Role::kUnit}, planning_, false, domain::ScopeKind::kOwn));
    road_ = AddProject("纬三路", owner);
  }
  int64_t AddProject(const char* name, int64_t owner) {
    domain::Project p;
    p.name = name;
    p.owner_org_id = owner;
    return server_->db()
        .WriteValue<store::ProjectView>(
            [&](store::Connection& c) { return store::CreateProject(c, p, 1, "2025-01-01T00:00:00.000Z"); })
        ->project.id;
  }
  std::string Items(int64_t project) const { return "/api/projects/" + std::to_string(project) + "/approvals"; }
  static std::string One(const json& item) { return "/api/approvals/" + std::to_string(item["id"].get<int64_t>()); }
  httplib::Result Post(const TestSession& s, const std::string& path, const json& body) {
    return client_->Post(path.c_str(), s.Headers(), body.dump(), "application/json");
  }
  httplib::Result Patch(const TestSession& s, const std::string& path, const json& body, int64_t version) {
    return client_->Patch(path.c_str(), s.Headers({{"If-Match", "\"" + std::to_string(version) + "\""}}), body.dump(),
                          "application/json");
  }
  json Get(const TestSession& s, const std::string& path) {
    auto r = client_->Get(path.c_str(), s.Headers());
    EXPECT_EQ(r->status, 200) << path << ": " << r->body;
    return r->status == 200 ? json::parse(r->body) : json();
  }
  static json Named(const json& list, const std::string& name) {
    for (const auto& i : list["items"]) {
      if (i["name"] == name) return i;
    }
    return nullptr;
  }
  void Store(int64_t project, const char* name, std::optional<int64_t> dept, int limit, domain::LimitKind kind,
             domain::ApprovalStatus status, const char* applied, const char* approved) {
    domain::ApprovalItem a;
    a.project_id = project;
    a.position = -1;
    a.name = name;
    a.department_org_id = dept;
    if (limit > 0) a.limit_days = limit;
    a.limit_kind = kind;
    a.status = status;
    if (*applied) a.applied_on = domain::ParseDate(applied);
    if (*approved) a.approved_on = domain::ParseDate(approved);
    auto r = server_->db().WriteValue<domain::ApprovalItem>(
        [&](store::Connection& c) { return store::CreateApproval(c, a, "2026-01-01T00:00:00.000Z"); });
    ASSERT_TRUE(r) << r.error().ToString();
  }

  std::unique_ptr<TestServer> server_;
  std::unique_ptr<httplib::Client> client_;
  TestSession office_, owner_, planner_;
  int64_t planning_ = 0, ecology_ = 0, housing_ = 0, road_ = 0;
};

TEST_P(ApprovalApiTest, GeneratesFromTemplateAndCodesLiveItems) {
  json templates = Get(owner_, "/api/approval-templates");
  ASSERT_EQ(templates["items"].size(), 3u);
  EXPECT_EQ(templates["items"][0]["name"], "政府投资房建市政");
  auto r = Post(owner_, Items(road_) + "/from-template", {{"template_id", 1}});
  ASSERT_EQ(r->status, 201) << r->body;
  json list = json::parse(r->body);
  ASSERT_EQ(list["items"].size(), 15u);
  EXPECT_TRUE(list["can_edit"].get<bool>());
  json land = Named(list, "用地预审与选址意见书");
  EXPECT_EQ(land["department_org_id"], planning_);
  EXPECT_EQ(land["department_name"], "区自然资源和规划局");
  EXPECT_EQ(land["stage"], "project_land");
  EXPECT_EQ(land["status"], "not_started");
  EXPECT_EQ(land["code"], "none");
  EXPECT_EQ(Named(list, "施工许可证")["limit_kind"], "calendar");
  EXPECT_EQ(Post(owner_, Items(road_) + "/from-template", {{"template_id", 1}})->status, 409);
  EXPECT_EQ(Post(owner_, Items(road_) + "/from-template", {{"template_id", 9}})->status, 400);

  // Applied Friday 10-30 with 20 working days: due Friday 11-27; on Sunday 11-29 the limit has
  // been reached and not exceeded by half: yellow.
  r = Patch(owner_, One(land), {{"status", "in_progress"}, {"applied_on", "2026-10-30"}}, 1);
  ASSERT_EQ(r->status, 200) << r->body;
  json item = json::parse(r->body);
  EXPECT_EQ(r->get_header_value("ETag"), "\"2\"");
  EXPECT_EQ(item["elapsed_days"], 20);
  EXPECT_EQ(item["due_on"], "2026-11-27");
  EXPECT_EQ(item["code"], "yellow");
  // Applied 10-09, the day after the 2026 National Day holiday: 36 working days (make-up Saturday
  // 10-10 included) exceed 30: red.
  r = Patch(owner_, One(land), {{"applied_on", "2026-10-09"}}, 2);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body)["elapsed_days"], 36);
  EXPECT_EQ(json::parse(r->body)["code"], "red");
  EXPECT_EQ(Patch(owner_, One(land), {{"note", "x"}}, 2)->status, 412);
  EXPECT_EQ(client_->Patch(One(land).c_str(), owner_.Headers(), "{}", "application/json")->status, 428);

  // Status and dates must agree.
  r = Patch(owner_, One(land), {{"status", "obtained"}}, 3);
  ASSERT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["error"]["field"], "approved_on");
  r = Patch(owner_, One(land), {{"status", "obtained"}, {"approved_on", "2026-10-08"}}, 3);
  ASSERT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["error"]["reason"], "date_order");
  r = Patch(owner_, One(land), {{"status", "bogus"}}, 3);
  ASSERT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["error"]["field"], "status");

  // One more item, then deleted.
  r = Post(owner_, Items(road_), {{"stage", "construction"}, {"name", "人防设计审查"}, {"limit_days", 10}});
  ASSERT_EQ(r->status, 201) << r->body;
  json extra = json::parse(r->body);
  EXPECT_EQ(extra["position"], 15);
  EXPECT_EQ(extra["limit_kind"], "working");
  EXPECT_EQ(client_->Delete(One(extra).c_str(), planner_.Headers({{"If-Match", "\"1\""}}))->status, 404);
  EXPECT_EQ(client_->Delete(One(extra).c_str(), owner_.Headers({{"If-Match", "\"1\""}}))->status, 204);
  EXPECT_EQ(Get(owner_, Items(road_))["items"].size(), 15u);
}

TEST_P(ApprovalApiTest, TheApprovingDepartmentUpdatesItsOwnItemsOnly) {
  ASSERT_EQ(Post(owner_, Items(road_) + "/from-template", {{"template_id", 1}})->status, 201);
  json list = Get(owner_, Items(road_));
  json land = Named(list, "用地预审与选址意见书");
  json eia = Named(list, "环境影响评价审批（报告表）");
  ASSERT_EQ(Patch(owner_, One(land), {{"status", "in_progress"}, {"applied_on", "2026-10-09"}}, 1)->status, 200);
  ASSERT_EQ(Patch(owner_, One(eia), {{"status", "in_progress"}, {"applied_on", "2026-09-01"}}, 1)->status, 200);

  // The project is outside the planning bureau's scope, its items are not.
  EXPECT_EQ(client_->Get(Items(road_).c_str(), planner_.Headers())->status, 404);
  json overdue = Get(planner_, "/api/approvals/overdue");
  ASSERT_EQ(overdue["departments"].size(), 1u);
  EXPECT_EQ(overdue["departments"][0]["department_name"], "区自然资源和规划局");
  EXPECT_EQ(overdue["departments"][0]["red"], 1);
  EXPECT_EQ(overdue["departments"][0]["items"][0]["project_name"], "纬三路");
  json todo = Get(planner_, "/api/todo");
  ASSERT_TRUE(todo["groups"].contains("approvals_overdue"));
  EXPECT_EQ(todo["groups"]["approvals_overdue"]["total"], 1);
  EXPECT_EQ(todo["groups"]["approvals_overdue"]["items"][0]["name"], "用地预审与选址意见书");

  json all = Get(office_, "/api/approvals/overdue");
  EXPECT_EQ(all["red"], 2);
  ASSERT_EQ(all["departments"].size(), 2u);
  EXPECT_EQ(Get(office_, "/api/approvals/overdue?department_org_id=" + std::to_string(ecology_))["departments"].size(), 1u);

  auto r = Patch(planner_, One(land), {{"name", "改名"}}, 2);
  ASSERT_EQ(r->status, 403) << r->body;
  EXPECT_EQ(json::parse(r->body)["error"]["reason"], "approval_department_fields");
  EXPECT_EQ(json::parse(r->body)["error"]["field"], "name");
  EXPECT_EQ(Patch(planner_, One(eia), {{"note", "x"}}, 2)->status, 404);
  r = Patch(planner_, One(land),
            {{"status", "obtained"}, {"approved_on", "2026-11-27"}, {"doc_number", "用字第990101202600031号"}}, 2);
  ASSERT_EQ(r->status, 200) << r->body;
  json done = json::parse(r->body);
  EXPECT_EQ(done["code"], "none");
  EXPECT_EQ(done["duration_code"], "red");
  EXPECT_EQ(done["elapsed_days"], 36);
  EXPECT_EQ(Get(planner_, "/api/approvals/overdue")["departments"].size(), 0u);
  // The leader reads but does not write.
  TestSession leader = server_->SignedIn(Role::kLeader);
  EXPECT_EQ(Patch(leader, One(eia), {{"note", "x"}}, 2)->status, 403);
}

TEST_P(ApprovalApiTest, TheDepartmentDeskListsOpensAndFilesItsItemsOnAnyProject) {
  ASSERT_EQ(Post(owner_, Items(road_) + "/from-template", {{"template_id", 1}})->status, 201);
  json list = Get(owner_, Items(road_));
  json land = Named(list, "用地预审与选址意见书");
  json eia = Named(list, "环境影响评价审批（报告表）");
  ASSERT_EQ(Patch(owner_, One(land), {{"status", "in_progress"}, {"applied_on", "2026-10-09"}}, 1)->status, 200);
  ASSERT_EQ(Patch(owner_, One(eia), {{"status", "in_progress"}, {"applied_on", "2026-09-01"}}, 1)->status, 200);

  // The planning bureau's desk: its in-progress item first, then its others; none of ecology's.
  json desk = Get(planner_, "/api/approvals/desk");
  const int64_t planning_items = desk["total"].get<int64_t>();
  ASSERT_GE(planning_items, 2);
  for (const auto& i : desk["items"]) EXPECT_EQ(i["department_org_id"], planning_) << i["name"];
  json first = desk["items"][0];
  EXPECT_EQ(first["id"], land["id"]);
  EXPECT_EQ(first["project_name"], "纬三路");
  EXPECT_FALSE(first["project_visible"].get<bool>());
  EXPECT_TRUE(first["department_only"].get<bool>());
  EXPECT_TRUE(first["can_edit"].get<bool>());
  EXPECT_EQ(first["code"], "red");
  json open = Get(planner_, "/api/approvals/desk?status=in_progress");
  EXPECT_EQ(open["total"], 1);
  EXPECT_EQ(Get(planner_, "/api/approvals/desk?q=" + std::string("%E9%80%89%E5%9D%80"))["total"], 1) << "选址";
  EXPECT_EQ(Get(planner_, "/api/approvals/desk?q=%25")["total"], 0) << "a wildcard matches literally";
  auto r = client_->Get("/api/approvals/desk?status=done", planner_.Headers());
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["error"]["field"], "status");
  // The office's desk holds every department's items.
  EXPECT_EQ(Get(office_, "/api/approvals/desk?status=in_progress")["total"], 2);
  EXPECT_EQ(Get(office_, "/api/approvals/desk?status=in_progress&department_org_id=" + std::to_string(ecology_))["total"], 1);
  // The owner's own org is not a department: nothing on its desk.
  EXPECT_EQ(Get(owner_, "/api/approvals/desk")["total"], 0);

  // One item: the department reads and may edit its own, not another's.
  json one = Get(planner_, One(land));
  EXPECT_EQ(one["name"], "用地预审与选址意见书");
  EXPECT_TRUE(one["department_only"].get<bool>());
  EXPECT_TRUE(one["can_edit"].get<bool>());
  EXPECT_EQ(client_->Get(One(eia).c_str(), planner_.Headers())->status, 404);
  json as_owner = Get(owner_, One(land));
  EXPECT_FALSE(as_owner["department_only"].get<bool>());
  EXPECT_TRUE(as_owner["project_visible"].get<bool>());

  // The bureau files the approval document through the item and saves it on the item.
  const std::string files = One(land) + "/files?filename=";
  r = client_->Post((files + "批复.pdf").c_str(), planner_.Headers(), std::string("%PDF-1.4\n%%EOF\n"),
                    "application/octet-stream");
  ASSERT_EQ(r->status, 201) << r->body;
  json file = json::parse(r->body);
  EXPECT_EQ(client_->Post((One(eia) + "/files?filename=a.pdf").c_str(), planner_.Headers(),
                          std::string("%PDF-1.4\n%%EOF\n"), "application/octet-stream")
                ->status,
            404);
  const std::string url = file["url"].get<std::string>();
  EXPECT_EQ(client_->Get(url.c_str(), planner_.Headers())->status, 200) << "its own upload, not yet saved";
  TestSession ecologist =
      server_->Login("eco", server_->AddUser("eco", {Role::kUnit}, ecology_, false, domain::ScopeKind::kOwn));
  EXPECT_EQ(client_->Get(url.c_str(), ecologist.Headers())->status, 404);
  r = Patch(planner_, One(land),
            {{"status", "obtained"}, {"approved_on", "2026-11-27"}, {"attachment_id", file["id"]}}, 2);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body)["attachment_id"], file["id"]);
  EXPECT_EQ(client_->Get(url.c_str(), owner_.Headers())->status, 200) << "the item holds it now";
  // Another project's attachment is not reachable through this item.
  int64_t other = AddProject("经五路", server_->RootOrg());
  r = client_->Post(("/api/projects/" + std::to_string(other) + "/attachments?filename=b.pdf").c_str(),
                    office_.Headers(), std::string("%PDF-1.4\n%%EOF\n"), "application/octet-stream");
  ASSERT_EQ(r->status, 201) << r->body;
  const std::string foreign = One(land) + "/files/" + std::to_string(json::parse(r->body)["id"].get<int64_t>());
  EXPECT_EQ(client_->Get(foreign.c_str(), office_.Headers())->status, 404);
  EXPECT_EQ(Get(planner_, "/api/approvals/desk?status=in_progress")["total"], 0);
}

TEST_P(ApprovalApiTest, TheOfficesRulesSetWhenACodeTurnsRed) {
  // 10 calendar days allowed, applied 12 days before Sunday 11-29: yellow at the default 150%
  // (12 ≤ 15), red once the office sets 110% (12 > 11).
  Store(road_, "环评", ecology_, 10, domain::LimitKind::kCalendar, domain::ApprovalStatus::kInProgress, "2026-11-17", "");
  EXPECT_EQ(Named(Get(owner_, Items(road_)), "环评")["code"], "yellow");
  json rules = Get(owner_, "/api/supervision-rules");
  EXPECT_EQ(rules["overdue_working_days"], json({5, 10, 20}));
  EXPECT_EQ(rules["approval_red_percent"], 150);
  EXPECT_EQ(rules["version"], 0);
  EXPECT_FALSE(rules["can_edit"].get<bool>());
  EXPECT_TRUE(Get(office_, "/api/supervision-rules")["can_edit"].get<bool>());

  auto put = [&](const TestSession& s, const json& body, std::optional<int64_t> version) {
    httplib::Headers h = version ? s.Headers({{"If-Match", "\"" + std::to_string(*version) + "\""}}) : s.Headers();
    return client_->Put("/api/supervision-rules", h, body.dump(), "application/json");
  };
  const json tighter = {{"overdue_working_days", {3, 6, 12}}, {"approval_red_percent", 110}};
  EXPECT_EQ(put(owner_, tighter, 0)->status, 403);
  EXPECT_EQ(put(office_, tighter, std::nullopt)->status, 428);
  auto r = put(office_, {{"overdue_working_days", {3, 3, 12}}, {"approval_red_percent", 110}}, 0);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["error"]["field"], "overdue_working_days");
  r = put(office_, {{"overdue_working_days", {3, 6, 12}}, {"approval_red_percent", 100}}, 0);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["error"]["field"], "approval_red_percent");
  EXPECT_EQ(Get(owner_, "/api/supervision-rules")["version"], 0) << "nothing of the refused writes stuck";

  r = put(office_, tighter, 0);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->get_header_value("ETag"), "\"1\"");
  EXPECT_EQ(put(office_, tighter, 0)->status, 412) << "a second first choice is stale";
  rules = Get(owner_, "/api/supervision-rules");
  EXPECT_EQ(rules["overdue_working_days"], json({3, 6, 12}));
  EXPECT_EQ(rules["approval_red_percent"], 110);
  EXPECT_EQ(Named(Get(owner_, Items(road_)), "环评")["code"], "red");
  EXPECT_EQ(Get(office_, "/api/approvals/overdue")["red"], 1);
}

TEST_P(ApprovalApiTest, AnalyticsMatchTheHandComputedFixture) {
  using S = domain::ApprovalStatus;
  using K = domain::LimitKind;
  int64_t fixture = road_;
  // testdata/approval/district.json, first case, items a–o.
  Store(fixture, "用地预审与选址意见书", planning_, 20, K::kWorking, S::kObtained, "2025-03-03", "2025-03-31");
  Store(fixture, "用地预审与选址意见书", planning_, 20, K::kWorking, S::kObtained, "2025-03-03", "2025-04-14");
  Store(fixture, "建设用地规划许可证", planning_, 20, K::kWorking, S::kObtained, "2025-05-12", "2025-05-23");
  Store(fixture, "建设工程规划许可证", planning_, 20, K::kWorking, S::kObtained, "2025-06-02", "2025-07-14");
  Store(fixture, "建设工程规划许可证", planning_, 20, K::kWorking, S::kInProgress, "2025-12-01", "");
  Store(fixture, "用地预审与选址意见书", planning_, 20, K::kWorking, S::kObtained, "2024-11-04", "2024-12-02");
  Store(fixture, "规划核实", planning_, 20, K::kWorking, S::kNotStarted, "", "");
  Store(fixture, "环境影响评价审批", ecology_, 30, K::kCalendar, S::kObtained, "2025-03-03", "2025-03-24");
  Store(fixture, "环境影响评价审批", ecology_, 30, K::kCalendar, S::kObtained, "2025-06-03", "2025-07-29");
  Store(fixture, "环境影响评价审批", ecology_, 30, K::kCalendar, S::kInProgress, "2025-11-03", "");
  Store(fixture, "环境影响评价审批", ecology_, 30, K::kCalendar, S::kObtained, "2025-12-15", "2026-01-10");
  Store(fixture, "施工许可证", housing_, 7, K::kCalendar, S::kObtained, "2025-03-03", "2025-03-07");
  Store(fixture, "施工许可证", housing_, 7, K::kCalendar, S::kObtained, "2025-04-07", "2025-04-14");
  Store(fixture, "施工许可证", housing_, 7, K::kCalendar, S::kObtained, "2025-09-26", "2025-10-09");
  Store(fixture, "社会稳定风险评估", std::nullopt, 0, K::kWorking, S::kObtained, "2025-05-06", "2025-05-09");

  json a = Get(office_, "/api/approvals/analytics?year=2025");
  EXPECT_EQ(a["as_of"], "2025-12-31");
  EXPECT_EQ(a["unit"], "working_days");
  EXPECT_EQ(a["total"], json({{"name", ""}, {"department_org_id", nullptr}, {"count", 10}, {"median_days", 9},
                              {"p90_days", 30}, {"overdue", 6}, {"open", 3}, {"yellow", 1}, {"red", 1}}));
  ASSERT_EQ(a["by_department"].size(), 4u);
  EXPECT_EQ(a["by_department"][0], json({{"name", "区自然资源和规划局"}, {"department_org_id", planning_}, {"count", 4},
                                         {"median_days", 20}, {"p90_days", 30}, {"overdue", 3}, {"open", 1},
                                         {"yellow", 1}, {"red", 0}}));
  EXPECT_EQ(a["by_department"][1]["name"], "区生态环境局");
  EXPECT_EQ(a["by_department"][1]["median_days"], 15);
  EXPECT_EQ(a["by_department"][1]["p90_days"], 40);
  EXPECT_EQ(a["by_department"][1]["red"], 1);
  EXPECT_EQ(a["by_department"][2]["name"], "区住房和城乡建设局");
  EXPECT_EQ(a["by_department"][2]["median_days"], 4);
  EXPECT_EQ(a["by_department"][2]["p90_days"], 5);
  EXPECT_EQ(a["by_department"][2]["overdue"], 1);
  EXPECT_EQ(a["by_department"][3]["department_org_id"], nullptr);
  ASSERT_EQ(a["by_item"].size(), 6u);
  EXPECT_EQ(a["by_item"][0]["name"], "建设工程规划许可证");
  EXPECT_EQ(a["by_item"][1]["name"], "用地预审与选址意见书");
  EXPECT_EQ(a["by_item"][1]["p90_days"], 29);

  // The current year: codes as of today (second case of the fixture, without item p).
  json now = Get(office_, "/api/approvals/analytics");
  EXPECT_EQ(now["year"], 2026);
  EXPECT_EQ(now["total"]["count"], 1);
  EXPECT_EQ(now["total"]["median_days"], 18);
  EXPECT_EQ(now["total"]["red"], 2);

  // The planning bureau sees its own department's items only.
  json mine = Get(planner_, "/api/approvals/analytics?year=2025");
  ASSERT_EQ(mine["by_department"].size(), 1u);
  EXPECT_EQ(mine["total"]["count"], 4);
  EXPECT_EQ(mine["total"]["median_days"], 20);

  auto r = client_->Get("/api/approvals/analytics?year=2027", office_.Headers());
  EXPECT_EQ(r->status, 400);
}

INSTANTIATE_TEST_SUITE_P(Engines, ApprovalApiTest, ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const auto& info) { return store::EngineParamName(info.param); });

}  // namespace
}  // namespace gongjian::api
