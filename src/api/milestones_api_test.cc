// Milestones over HTTP on both databases: nodes and links, the schedule the API shows (the
// hand-worked National Day case of testdata/schedule), cycles refused, links across projects
// within the caller's scope, templates, the portfolio Gantt and the calendar's additions.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/test_server.h"
#include "store/project_repository.h"

namespace gongjian::api {
namespace {

using domain::OrgKind;
using domain::Role;
using nlohmann::json;
using store::Engine;

class MilestoneApiTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    server_ = TestServer::Start(GetParam());
    if (!server_) GTEST_SKIP() << "GONGJIAN_TEST_PG is not set";
    // Thursday 2025-09-25, 10:00 in China: National Day (10-01..10-08) is ahead.
    auto& clock = server_->clock();
    clock.Advance(std::chrono::sys_days{std::chrono::year{2025} / 9 / 25} + std::chrono::hours(2) - clock.Now());
    client_ = server_->Client();
    int64_t root = server_->RootOrg();
    town_ = server_->AddOrg("城关街道", OrgKind::kTown, root);
    int64_t owner = server_->AddOrg("城关建设公司", OrgKind::kOwner, town_);
    int64_t other_town = server_->AddOrg("柳河镇", OrgKind::kTown, root);
    office_ = server_->SignedIn(Role::kOffice);
    owner_ = server_->Login("owner.a", server_->AddUser("owner.a", {Role::kOwner}, owner, false, domain::ScopeKind::kOwn));
    outsider_ = server_->Login("unit.b",
                               server_->AddUser("unit.b", {Role::kUnit}, other_town, false, domain::ScopeKind::kOwn));
    road_ = AddProject("纬三路", owner, town_);
    factory_ = AddProject("新材料工厂", owner, town_);
    far_ = AddProject("柳河水厂", server_->AddOrg("柳河水务", OrgKind::kOwner, other_town), other_town);
  }
  int64_t AddProject(const char* name, int64_t owner, int64_t town) {
    domain::Project p;
    p.name = name;
    p.owner_org_id = owner;
    p.town_org_id = town;
    p.planned_start = domain::Date{2025, 10, 31};
    p.planned_completion = domain::Date{2026, 12, 31};
    return server_->db()
        .WriteValue<store::ProjectView>(
            [&](store::Connection& c) { return store::CreateProject(c, p, 1, "2025-01-01T00:00:00.000Z"); })
        ->project.id;
  }
  std::string Nodes(int64_t project) const { return "/api/projects/" + std::to_string(project) + "/milestones"; }
  httplib::Result Post(const TestSession& s, const std::string& path, const json& body) {
    return client_->Post(path.c_str(), s.Headers(), body.dump(), "application/json");
  }
  httplib::Result Patch(const TestSession& s, const std::string& path, const json& body, int64_t version) {
    return client_->Patch(path.c_str(), s.Headers({{"If-Match", "\"" + std::to_string(version) + "\""}}), body.dump(),
                          "application/json");
  }
  json Add(const TestSession& s, int64_t project, const json& body) {
    auto r = Post(s, Nodes(project), body);
    EXPECT_EQ(r->status, 201) << r->body;
    return json::parse(r->body);
  }
  json List(const TestSession& s, int64_t project) {
    auto r = client_->Get(Nodes(project).c_str(), s.Headers());
    EXPECT_EQ(r->status, 200) << r->body;
    return json::parse(r->body);
  }
  static json ById(const json& list, int64_t id) {
    for (const auto& m : list["items"]) {
      if (m["id"] == id) return m;
    }
    return nullptr;
  }

  std::unique_ptr<TestServer> server_;
  std::unique_ptr<httplib::Client> client_;
  TestSession office_, owner_, outsider_;
  int64_t town_ = 0, road_ = 0, factory_ = 0, far_ = 0;
};

TEST_P(MilestoneApiTest, AnOverdueNodePushesItsChainAcrossNationalDay) {
  json a = Add(owner_, road_, {{"name", "用地"}, {"planned", "2025-09-15"}});
  json b = Add(owner_, road_, {{"name", "规划许可"}, {"planned", "2025-09-22"},
                               {"deps", {{{"predecessor_id", a["id"]}, {"lag_days", 5}}}}});
  json c = Add(owner_, road_, {{"name", "施工许可"}, {"planned", "2025-10-10"},
                               {"deps", {{{"predecessor_id", b["id"]}, {"lag_days", 5}}}}});
  json list = List(owner_, road_);
  ASSERT_EQ(list["items"].size(), 3u);
  EXPECT_TRUE(list["can_edit"].get<bool>());
  json got_a = ById(list, a["id"]), got_b = ById(list, b["id"]), got_c = ById(list, c["id"]);
  EXPECT_EQ(got_a["forecast"], "2025-09-25");
  EXPECT_EQ(got_a["status"], "overdue");
  EXPECT_EQ(got_a["delay_days"], 8);
  EXPECT_EQ(got_b["forecast"], "2025-10-09");
  EXPECT_EQ(got_b["float_days"], -4);
  EXPECT_EQ(got_c["forecast"], "2025-10-15");
  EXPECT_EQ(got_c["delay_days"], 4);
  EXPECT_EQ(got_c["status"], "late_forecast");
  EXPECT_TRUE(got_c["critical"].get<bool>());
  EXPECT_EQ(got_c["deps"][0]["predecessor_name"], "规划许可");
  EXPECT_EQ(got_c["deps"][0]["lag_days"], 5);

  // Met on 09-12: 规划许可 is overdue itself now (due 09-22), but met today it still leaves
  // 施工许可 its plan, with one working day to spare (09-26 + 5 = 10-10).
  auto r = Patch(owner_, "/api/milestones/" + std::to_string(a["id"].get<int64_t>()), {{"actual", "2025-09-12"}}, 1);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->get_header_value("ETag"), "\"2\"");
  EXPECT_EQ(json::parse(r->body)["status"], "done");
  list = List(owner_, road_);
  EXPECT_EQ(ById(list, b["id"])["forecast"], "2025-09-25");
  EXPECT_EQ(ById(list, b["id"])["status"], "overdue");
  EXPECT_EQ(ById(list, b["id"])["float_days"], 1);
  EXPECT_EQ(ById(list, c["id"])["forecast"], "2025-10-10");
  EXPECT_EQ(ById(list, c["id"])["status"], "pending");
  // The same version again is stale.
  r = Patch(owner_, "/api/milestones/" + std::to_string(a["id"].get<int64_t>()), {{"actual", "2025-09-11"}}, 1);
  EXPECT_EQ(r->status, 412);
}

TEST_P(MilestoneApiTest, TheLightsSeeAMilestoneTheMomentItIsWritten) {
  auto colour = [&](int64_t project) {
    auto r = client_->Get(("/api/projects/" + std::to_string(project) + "/warnings").c_str(), owner_.Headers());
    EXPECT_EQ(r->status, 200) << r->body;
    return json::parse(r->body);
  };
  json road = Add(owner_, road_, {{"name", "道路通车"}, {"planned", "2025-10-09"}});
  json start = Add(owner_, factory_, {{"name", "开工"}, {"planned", "2025-10-20"},
                                      {"deps", {{{"predecessor_id", road["id"]}, {"lag_days", 3}}}}});
  // The road slips past the factory's start, 25 days away: the factory is warned now, not when
  // it is late (10-17 + 3 working days = 10-22).
  auto r = Patch(owner_, "/api/milestones/" + std::to_string(road["id"].get<int64_t>()), {{"planned", "2025-10-17"}}, 1);
  ASSERT_EQ(r->status, 200) << r->body;
  json factory = colour(factory_);
  EXPECT_EQ(factory["colour"], "yellow") << factory.dump();
  bool slip = false;
  for (const auto& w : factory["items"]) {
    slip = slip || w["reason"].get<std::string>().find("受前置节点延误影响预计推迟至2025-10-22") != std::string::npos;
  }
  EXPECT_TRUE(slip) << factory.dump();
  // A node already past its date turns its project red on the spot.
  Add(owner_, road_, {{"name", "用地"}, {"planned", "2025-09-15"}});
  json now = colour(road_);
  EXPECT_EQ(now["colour"], "red") << now.dump();
}

TEST_P(MilestoneApiTest, RefusesACycleAndKeepsTheOldLinks) {
  json a = Add(owner_, road_, {{"name", "A"}, {"planned", "2025-12-01"}});
  json b = Add(owner_, road_, {{"name", "B"}, {"planned", "2025-12-02"}, {"deps", {{{"predecessor_id", a["id"]}}}}});
  json c = Add(owner_, road_, {{"name", "C"}, {"planned", "2025-12-03"}, {"deps", {{{"predecessor_id", b["id"]}}}}});
  auto r = Patch(owner_, "/api/milestones/" + std::to_string(a["id"].get<int64_t>()),
                 {{"deps", {{{"predecessor_id", c["id"]}}}}}, 1);
  ASSERT_EQ(r->status, 409) << r->body;
  json error = json::parse(r->body)["error"];
  EXPECT_EQ(error["field"], "deps");
  EXPECT_NE(error["message"].get<std::string>().find("循环"), std::string::npos);
  json list = List(owner_, road_);
  EXPECT_TRUE(ById(list, a["id"])["deps"].empty());
  EXPECT_EQ(ById(list, a["id"])["version"], 1);
}

TEST_P(MilestoneApiTest, FieldErrorsNameTheFieldInChineseOrEnglish) {
  json a = Add(owner_, road_, {{"name", "A"}, {"planned", "2025-12-01"}});
  struct Case {
    json body;
    const char* field;
    const char* zh;
  };
  for (const Case& c : std::vector<Case>{
           {{{"planned", "2025-12-01"}}, "name", "名称不能为空"},
           {{{"name", "X"}, {"planned", "2025-13-01"}}, "planned", "计划完成日期应为日期"},
           {{{"name", "X"}, {"planned", "2025-12-01"}, {"actual", "2025-09-26"}}, "actual", "实际完成日期不能晚于今天"},
           {{{"name", "X"}, {"planned", "2025-12-01"}, {"deps", {{{"predecessor_id", a["id"]}, {"lag_days", -1}}}}},
            "deps[0].lag_days", "前置节点第1项间隔工作日"},
           {{{"name", "X"}, {"planned", "2025-12-01"}, {"deps", {{{"predecessor_id", 987654}}}}},
            "deps[0].predecessor_id", "关键节点不存在"},
           {{{"name", "X"}, {"planned", "2025-12-01"}, {"deps", {{{"predecessor_id", a["id"]}, {"lag", 1}}}}},
            "deps[0].lag", "不支持的字段"},
           {{{"name", "X"}, {"planned", "2025-12-01"}, {"responsible_org_id", 987654}}, "responsible_org_id", "组织不存在"},
           {{{"name", "X"}, {"planned", "2025-12-01"}, {"owner", 1}}, "owner", "不支持的字段"},
       }) {
    auto r = Post(owner_, Nodes(road_), c.body);
    ASSERT_EQ(r->status, 400) << c.body.dump() << r->body;
    json error = json::parse(r->body)["error"];
    EXPECT_EQ(error["field"], c.field) << c.body.dump();
    EXPECT_NE(error["message"].get<std::string>().find(c.zh), std::string::npos) << error["message"];
  }
  auto r = client_->Post(Nodes(road_).c_str(), owner_.Headers({{"Accept-Language", "en"}}),
                         json{{"name", "X"}, {"planned", "soon"}}.dump(), "application/json");
  EXPECT_EQ(json::parse(r->body)["error"]["message"], "Planned date must be a date such as 2026-03-01");
  EXPECT_EQ(List(owner_, road_)["items"].size(), 1u) << "nothing was written by the refused requests";
}

TEST_P(MilestoneApiTest, LinksAcrossProjectsStayInsideTheCallersScope) {
  json road_open = Add(owner_, road_, {{"name", "道路通车"}, {"planned", "2025-11-28"}});
  json far_node = Add(office_, far_, {{"name", "水厂通水"}, {"planned", "2025-11-28"}});
  // The factory waits for the road: a link across projects, shown with the road's name.
  json start = Add(owner_, factory_, {{"name", "开工"}, {"planned", "2025-12-10"},
                                      {"deps", {{{"predecessor_id", road_open["id"]}, {"lag_days", 3}}}}});
  EXPECT_EQ(start["deps"][0]["predecessor_project_name"], "纬三路");
  // The owner cannot see the far town's node, so cannot link to it either.
  auto r = Post(owner_, Nodes(factory_), {{"name", "通水"}, {"planned", "2025-12-20"},
                                          {"deps", {{{"predecessor_id", far_node["id"]}}}}});
  ASSERT_EQ(r->status, 400) << r->body;
  EXPECT_EQ(json::parse(r->body)["error"]["field"], "deps[0].predecessor_id");
  // A slip of the road moves the factory's start.
  r = Patch(owner_, "/api/milestones/" + std::to_string(road_open["id"].get<int64_t>()), {{"planned", "2025-12-19"}}, 1);
  ASSERT_EQ(r->status, 200) << r->body;
  json factory = List(owner_, factory_);
  EXPECT_EQ(factory["items"][0]["forecast"], "2025-12-24");
  EXPECT_EQ(factory["items"][0]["status"], "late_forecast");
  // The road's node cannot go while the factory depends on it.
  r = client_->Delete(("/api/milestones/" + std::to_string(road_open["id"].get<int64_t>())).c_str(),
                      owner_.Headers({{"If-Match", "\"2\""}}));
  EXPECT_EQ(r->status, 409);
  // Outside the scope the project's nodes do not exist.
  EXPECT_EQ(client_->Get(Nodes(road_).c_str(), outsider_.Headers())->status, 404);
  auto search = client_->Get("/api/milestones/search?q=%E9%80%9A", owner_.Headers());  // 通
  json hits = json::parse(search->body)["items"];
  ASSERT_EQ(hits.size(), 1u) << hits.dump();
  EXPECT_EQ(hits[0]["name"], "道路通车");
}

TEST_P(MilestoneApiTest, GeneratesNodesFromATemplateOnce) {
  auto templates = json::parse(client_->Get("/api/milestone-templates", owner_.Headers())->body);
  ASSERT_EQ(templates["items"].size(), 3u);
  EXPECT_FALSE(templates["can_edit"].get<bool>());
  int64_t industry = templates["items"][0]["id"];
  auto r = Post(owner_, Nodes(factory_) + "/from-template", {{"template_id", industry}});
  ASSERT_EQ(r->status, 201) << r->body;
  json list = json::parse(r->body);
  ASSERT_EQ(list["items"].size(), templates["items"][0]["nodes"].size());
  json start = list["items"][4];
  EXPECT_EQ(start["name"], "开工");
  EXPECT_EQ(start["planned"], "2025-10-31");
  EXPECT_EQ(start["deps"][0]["predecessor_name"], "施工许可");
  // 施工许可 on 10-01: its gap to 开工 is the working days of (10-01, 10-31].
  EXPECT_EQ(start["deps"][0]["lag_days"], 18);
  EXPECT_EQ(Post(owner_, Nodes(factory_) + "/from-template", {{"template_id", industry}})->status, 409);
  r = Post(owner_, Nodes(road_) + "/from-template", {{"template_id", 999}});
  EXPECT_EQ(json::parse(r->body)["error"]["field"], "template_id");
}

TEST_P(MilestoneApiTest, TheOfficeEditsTemplates) {
  json t = {{"name", "水利项目"}, {"nodes", {{{"name", "开工"}, {"anchor", "start"}, {"offset_days", 0}},
                                             {{"name", "完工"}, {"anchor", "end"}, {"offset_days", 0}}}}};
  EXPECT_EQ(Post(owner_, "/api/milestone-templates", t)->status, 403);
  auto r = Post(office_, "/api/milestone-templates", t);
  ASSERT_EQ(r->status, 201) << r->body;
  json made = json::parse(r->body);
  t["nodes"][1]["anchor"] = "middle";
  r = client_->Put(("/api/milestone-templates/" + std::to_string(made["id"].get<int64_t>())).c_str(),
                   office_.Headers({{"If-Match", "\"1\""}}), t.dump(), "application/json");
  ASSERT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["error"]["field"], "nodes[1].anchor");
  t["nodes"][1]["anchor"] = "end";
  t["nodes"][1]["name"] = "开工";
  r = client_->Put(("/api/milestone-templates/" + std::to_string(made["id"].get<int64_t>())).c_str(),
                   office_.Headers({{"If-Match", "\"1\""}}), t.dump(), "application/json");
  EXPECT_EQ(json::parse(r->body)["error"]["field"], "nodes[1].name") << "names are distinct";
  EXPECT_NE(json::parse(r->body)["error"]["message"].get<std::string>().find("“开工”重复"), std::string::npos)
      << r->body;
}

TEST_P(MilestoneApiTest, PortfolioGanttListsProjectsInScopeWithTheirNodes) {
  Add(owner_, road_, {{"name", "用地"}, {"planned", "2025-09-15"}});
  Add(office_, far_, {{"name", "通水"}, {"planned", "2025-12-15"}});
  auto r = client_->Get("/api/gantt", owner_.Headers());
  ASSERT_EQ(r->status, 200) << r->body;
  json g = json::parse(r->body);
  EXPECT_EQ(g["total"], 2) << "the owner sees its own town's two projects";
  json road;
  for (const auto& row : g["items"]) {
    if (row["project_id"] == road_) road = row;
  }
  ASSERT_FALSE(road.is_null());
  EXPECT_EQ(road["planned_start"], "2025-10-31");
  EXPECT_EQ(road["planned_end"], "2026-12-31");
  ASSERT_EQ(road["nodes"].size(), 1u);
  // [id, name index, planned, actual, forecast, status, critical]
  EXPECT_EQ(g["node_names"][road["nodes"][0][1].get<size_t>()], "用地");
  EXPECT_EQ(road["nodes"][0][2], "2025-09-15");
  EXPECT_TRUE(road["nodes"][0][3].is_null());
  EXPECT_EQ(road["nodes"][0][5], "overdue");
  g = json::parse(client_->Get("/api/gantt?q=%E6%9F%B3%E6%B2%B3", office_.Headers())->body);  // 柳河
  ASSERT_EQ(g["items"].size(), 1u);
  EXPECT_EQ(g["node_names"][g["items"][0]["nodes"][0][1].get<size_t>()], "通水");
  EXPECT_EQ(client_->Get("/api/gantt?page_size=5000", office_.Headers())->status, 400);
}

TEST_P(MilestoneApiTest, PortfolioGanttShowsTheSameScheduleAsTheMilestoneTab) {
  // A chain across projects: the far project's node waits on the road's overdue one, so its
  // forecast moves with it and both lie on the critical path.
  json land = Add(owner_, road_, {{"name", "用地"}, {"planned", "2025-09-15"}});
  json water = Add(office_, far_, {{"name", "通水"}, {"planned", "2025-10-20"},
                                   {"deps", json::array({{{"predecessor_id", land["id"]}, {"lag_days", 30}}})}});
  Add(office_, far_, {{"name", "竣工"}, {"planned", "2027-06-30"}});
  json g = json::parse(client_->Get("/api/gantt", office_.Headers())->body);
  int checked = 0;
  for (int64_t project : {road_, far_}) {
    json tab = List(office_, project);
    for (const auto& row : g["items"]) {
      if (row["project_id"] != project) continue;
      ASSERT_EQ(row["nodes"].size(), tab["items"].size());
      for (const auto& n : row["nodes"]) {
        json m = ById(tab, n[0].get<int64_t>());
        EXPECT_EQ(g["node_names"][n[1].get<size_t>()], m["name"]);
        EXPECT_EQ(n[4], m["forecast"]) << m.dump();
        EXPECT_EQ(n[5], m["status"]) << m.dump();
        EXPECT_EQ(n[6], m["critical"]) << m.dump();
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 3);
  json w = ById(List(office_, far_), water["id"].get<int64_t>());
  EXPECT_GT(w["forecast"].get<std::string>(), "2025-10-20") << "the slip moved the successor";
  EXPECT_TRUE(w["critical"].get<bool>());
}

TEST_P(MilestoneApiTest, TheAdministratorsCalendarAdditionsMoveWorkingDayCounts) {
  auto before = json::parse(client_->Get("/api/calendar?year=2025", owner_.Headers())->body);
  EXPECT_EQ(before["working_days"], 248);
  EXPECT_FALSE(before["can_edit"].get<bool>());
  json a = Add(owner_, road_, {{"name", "A"}, {"planned", "2025-10-09"}});
  json b = Add(owner_, road_, {{"name", "B"}, {"planned", "2025-10-09"}, {"deps", {{{"predecessor_id", a["id"]}, {"lag_days", 1}}}}});
  EXPECT_EQ(ById(List(owner_, road_), b["id"])["forecast"], "2025-10-10");
  TestSession admin = server_->SignedIn(Role::kSystemAdmin);
  json body = {{"additions", {{{"date", "2025-10-10"}, {"kind", "holiday"}, {"name", "区庆"}}}}};
  EXPECT_EQ(client_->Put("/api/calendar", owner_.Headers(), body.dump(), "application/json")->status, 403);
  auto r = client_->Put("/api/calendar?year=2025", admin.Headers(), body.dump(), "application/json");
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body)["working_days"], 247);
  EXPECT_EQ(ById(List(owner_, road_), b["id"])["forecast"], "2025-10-11") << "the worked Saturday after the new holiday";
  body = {{"additions", {{{"date", "2025-10-10"}, {"kind", "rest"}}}}};
  r = client_->Put("/api/calendar", admin.Headers(), body.dump(), "application/json");
  EXPECT_EQ(json::parse(r->body)["error"]["field"], "additions[0].kind");
}

INSTANTIATE_TEST_SUITE_P(Engines, MilestoneApiTest, ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const auto& info) { return std::string(store::EngineName(info.param)); });

}  // namespace
}  // namespace gongjian::api
