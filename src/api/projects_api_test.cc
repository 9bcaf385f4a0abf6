// The project library over HTTP on both databases: validation errors naming the field,
// every allowed and forbidden life-cycle transition, search in Chinese, data scope,
// versions, attachments, the map and the OC4IDS export.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "api/test_server.h"
#include "store/audit_repository.h"
#include "store/org_repository.h"

namespace gongjian::api {
namespace {

using domain::OrgKind;
using domain::Role;
using nlohmann::json;
using store::Engine;

std::string Jpeg(int width, int height) { return TestJpeg(width, height); }

class ProjectApiTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    server_ = TestServer::Start(GetParam());
    if (!server_) GTEST_SKIP() << "GONGJIAN_TEST_PG is not set";
    client_ = server_->Client();
    int64_t root = server_->RootOrg();
    town_a_ = Org("城关街道", OrgKind::kTown, root);
    town_b_ = Org("柳河镇", OrgKind::kTown, root);
    dept_ = Org("区住房和城乡建设局", OrgKind::kDepartment, root);
    owner_a_ = Org("城关建设公司", OrgKind::kOwner, town_a_);
    owner_b_ = Org("柳河实业公司", OrgKind::kOwner, town_b_);
    office_ = server_->SignedIn(Role::kOffice);
    std::string pw = server_->AddUser("unit.a", {Role::kUnit}, town_a_, false, domain::ScopeKind::kOwn);
    unit_a_ = server_->Login("unit.a", pw);
    pw = server_->AddUser("owner.b", {Role::kOwner}, owner_b_, false, domain::ScopeKind::kOwn);
    owner_b_session_ = server_->Login("owner.b", pw);
  }
  int64_t Org(const char* name, OrgKind kind, int64_t parent) { return server_->AddOrg(name, kind, parent); }
  json Valid(std::string name, int64_t owner, int64_t town) {
    return {{"name", std::move(name)},
            {"level", "district"},
            {"category", "industry"},
            {"nature", "new"},
            {"regime", "filing"},
            {"subject", "private"},
            {"owner_org_id", owner},
            {"town_org_id", town},
            {"total_investment", 25000000000},
            {"funds", {{{"source", "special_bond"}, {"amount", 10000000000}}, {{"source", "social_capital"}, {"amount", 15000000000}}}},
            {"planned_start", "2026-03-01"},
            {"planned_completion", "2028-06-30"}};
  }
  httplib::Result Post(const TestSession& s, const std::string& path, const json& body, httplib::Headers h = {}) {
    return client_->Post(path.c_str(), s.Headers(h), body.dump(), "application/json");
  }
  httplib::Result Get(const TestSession& s, const std::string& path) { return client_->Get(path.c_str(), s.Headers()); }
  json Create(const json& body, const TestSession* as = nullptr) {
    auto r = Post(as ? *as : office_, "/api/projects", body);
    EXPECT_TRUE(r && r->status == 201) << (r ? r->body : "no response");
    return r && r->status == 201 ? json::parse(r->body) : json::object();
  }
  // Performs `action`; returns the status and the body.
  std::pair<int, json> Move(int64_t id, int64_t version, const std::string& action, const json& extra = json::object(),
                            const TestSession* as = nullptr) {
    json body = extra;
    body["action"] = action;
    if (!body.contains("reason")) body["reason"] = "测试原因";
    auto r = Post(as ? *as : office_, "/api/projects/" + std::to_string(id) + "/transitions", body,
                  {{"If-Match", "\"" + std::to_string(version) + "\""}});
    if (!r) return {0, json::object()};
    return {r->status, json::parse(r->body, nullptr, false)};
  }
  static json Error(const httplib::Result& r, int status) {
    EXPECT_TRUE(r);
    if (!r) return json::object();
    EXPECT_EQ(r->status, status) << r->body;
    json body = json::parse(r->body, nullptr, false);
    return body.is_object() && body.contains("error") ? body["error"] : json::object();
  }
  std::vector<std::string> ListNames(const TestSession& s, const std::string& query) {
    auto r = Get(s, "/api/projects?" + query);
    EXPECT_TRUE(r && r->status == 200) << (r ? r->body : "");
    std::vector<std::string> out;
    if (!r || r->status != 200) return out;
    json page = json::parse(r->body);
    for (const auto& item : page["items"]) out.push_back(item["name"]);
    return out;
  }

  std::unique_ptr<TestServer> server_;
  std::unique_ptr<httplib::Client> client_;
  TestSession office_, unit_a_, owner_b_session_;
  int64_t town_a_ = 0, town_b_ = 0, dept_ = 0, owner_a_ = 0, owner_b_ = 0;
};

struct FieldCase {
  const char* field;
  json value;
  const char* reason;
};

TEST_P(ProjectApiTest, EachInvalidFieldIsRefusedNamingThatFieldAndNothingIsStored) {
  const std::vector<FieldCase> cases = {
      {"national_code", "123", "national_code_format"},
      {"name", "", "required"},
      {"name", std::string(201 * 3, 'a'), "too_long"},
      {"level", "important", "invalid_enum"},
      {"category", 3, "wrong_type_string"},
      {"total_investment", -1, "money_negative"},
      {"total_investment", 1.5, "wrong_type_integer"},
      {"funds", json::array({{{"source", "special_bond"}, {"amount", 1}}}), "fund_split_mismatch"},
      {"funds", json::array({{{"source", "lottery"}, {"amount", 25000000000}}}), "invalid_enum"},
      {"funds", "all of it", "wrong_type_funds"},
      {"planned_completion", "2025-01-01", "date_order"},
      {"planned_start", "2026-02-30", "date_format"},
      {"longitude", 200, "out_of_range"},
      {"latitude", "north", "wrong_type_number"},
      {"town_org_id", 999999, "org_not_found"},
      {"owner_org_id", nullptr, "required"},
      {"responsible_org_ids", json::array({1, 1}), "repeated_value"},
      {"tags", json::array({"攻坚", "攻坚"}), "tag_repeated"},
      {"leader_user_id", 999999, "leader_not_found"},
      {"stage", "construction", "unknown_field"},
  };
  for (const auto& c : cases) {
    json body = Valid("校验项目", owner_a_, town_a_);
    body[c.field] = c.value;
    auto r = Post(office_, "/api/projects", body);
    json e = Error(r, 400);
    EXPECT_EQ(e.value("field", ""), c.field) << c.field << " " << c.value.dump() << ": " << (r ? r->body : "");
    EXPECT_EQ(e.value("reason", ""), c.reason) << c.field << " " << c.value.dump();
    EXPECT_FALSE(e.value("message", "").empty());
  }
  EXPECT_TRUE(ListNames(office_, "").empty()) << "no refused project was stored";
  // English on request.
  json body = Valid("校验项目", owner_a_, town_a_);
  body["national_code"] = "123";
  auto r = client_->Post("/api/projects", office_.Headers({{"Accept-Language", "en"}}), body.dump(), "application/json");
  EXPECT_NE(Error(r, 400).value("message", "").find("National project code"), std::string::npos) << r->body;
}

// The states of the life cycle, each reached from a new project by a path of actions, and
// the actions each allows. Written out here rather than taken from the domain code, so
// this test checks it.
struct StateCase {
  const char* name;
  std::vector<const char*> path;
  std::set<std::string> allowed;
};

TEST_P(ProjectApiTest, EveryTransitionIsAllowedExactlyWhereTheLifeCycleSays) {
  const std::vector<std::string> all = {"submit", "pass_initial_review", "pass_final_review", "reject_review",
                                        "start_preparation", "start_construction", "complete", "start_production",
                                        "suspend", "resume", "withdraw", "restore"};
  const std::vector<StateCase> states = {
      {"planning", {}, {"submit", "withdraw"}},
      {"pending_initial", {"submit"}, {"pass_initial_review", "reject_review", "withdraw"}},
      {"pending_final", {"submit", "pass_initial_review"}, {"pass_final_review", "reject_review", "withdraw"}},
      {"approved", {"submit", "pass_initial_review", "pass_final_review"}, {"start_preparation", "withdraw"}},
      {"preparation", {"submit", "pass_initial_review", "pass_final_review", "start_preparation"},
       {"start_construction", "suspend", "withdraw"}},
      {"construction", {"submit", "pass_initial_review", "pass_final_review", "start_preparation", "start_construction"},
       {"complete", "suspend"}},
      {"completed",
       {"submit", "pass_initial_review", "pass_final_review", "start_preparation", "start_construction", "complete"},
       {"start_production"}},
      {"production",
       {"submit", "pass_initial_review", "pass_final_review", "start_preparation", "start_construction", "complete",
        "start_production"},
       {}},
      {"suspended",
       {"submit", "pass_initial_review", "pass_final_review", "start_preparation", "start_construction", "suspend"},
       {"resume", "withdraw"}},
      {"withdrawn", {"submit", "pass_initial_review", "pass_final_review", "start_preparation", "withdraw"}, {"restore"}},
  };
  int n = 0;
  auto reach = [&](const StateCase& s) -> std::pair<int64_t, int64_t> {
    json p = Create(Valid("生命周期项目" + std::to_string(++n), owner_a_, town_a_));
    int64_t id = p["id"], version = p["version"];
    for (const char* step : s.path) {
      auto [status, body] = Move(id, version, step);
      EXPECT_EQ(status, 200) << s.name << " via " << step << ": " << body.dump();
      version = body.value("version", version);
    }
    return {id, version};
  };
  for (const auto& s : states) {
    auto [id, version] = reach(s);
    for (const auto& action : all) {
      if (s.allowed.count(action)) continue;
      auto [status, body] = Move(id, version, action);
      EXPECT_EQ(status, 409) << s.name << " must refuse " << action;
      EXPECT_EQ(body["error"].value("reason", ""), "transition_not_allowed") << s.name << " " << action;
    }
    auto page = json::parse(Get(office_, "/api/projects/" + std::to_string(id))->body);
    EXPECT_EQ(page["version"], version) << s.name << ": refused transitions changed nothing";
    std::set<std::string> offered(page["allowed_actions"].begin(), page["allowed_actions"].end());
    EXPECT_EQ(offered, s.allowed) << s.name << ": the page offers what the server allows";
    for (const auto& action : s.allowed) {
      auto [fresh, fresh_version] = reach(s);
      auto [status, body] = Move(fresh, fresh_version, action);
      EXPECT_EQ(status, 200) << s.name << " must allow " << action << ": " << body.dump();
    }
  }
}

TEST_P(ProjectApiTest, ATransitionIsATimelineEventWithWhoWhenWhyAndItsDate) {
  json p = Create(Valid("开工项目", owner_a_, town_a_));
  int64_t id = p["id"];
  int64_t v = p["version"];
  for (const char* step : {"submit", "pass_initial_review", "pass_final_review", "start_preparation"}) {
    auto [status, body] = Move(id, v, step);
    ASSERT_EQ(status, 200) << body.dump();
    v = body["version"];
  }
  auto [status, body] = Move(id, v, "start_construction", {{"date", "2026-03-15"}, {"reason", "取得施工许可"}});
  ASSERT_EQ(status, 200) << body.dump();
  EXPECT_EQ(body["stage"], "construction");
  EXPECT_EQ(body["actual_start"], "2026-03-15");
  auto events = json::parse(Get(office_, "/api/projects/" + std::to_string(id) + "/events")->body)["items"];
  ASSERT_EQ(events.size(), 6u);
  EXPECT_EQ(events[0]["kind"], "transition");
  EXPECT_EQ(events[0]["action"], "start_construction");
  EXPECT_EQ(events[0]["from_stage"], "preparation");
  EXPECT_EQ(events[0]["to_stage"], "construction");
  EXPECT_EQ(events[0]["reason"], "取得施工许可");
  EXPECT_EQ(events[0]["date"], "2026-03-15");
  EXPECT_FALSE(events[0]["user_name"].get<std::string>().empty());
  EXPECT_EQ(events[5]["kind"], "create");
  // The audit chain has the transition in it.
  auto audit = server_->db().ReadValue<store::Page<store::AuditEntry>>([&](store::Connection& c) {
    return store::ListAudit(c, {.event_type = "project.transition"}, {1, 50});
  });
  ASSERT_TRUE(audit);
  EXPECT_EQ(audit->total, 5);
}

TEST_P(ProjectApiTest, ReasonsDatesReviewRightsAndVersionsAreEnforced) {
  json p = Create(Valid("规则项目", owner_a_, town_a_));
  int64_t id = p["id"];
  // Withdrawal needs a reason.
  auto [status, body] = Move(id, 1, "withdraw", {{"reason", "  "}});
  EXPECT_EQ(status, 400);
  EXPECT_EQ(body["error"]["field"], "reason");
  // A unit may submit, but reviews are the office's.
  std::tie(status, body) = Move(id, 1, "submit", json::object(), &unit_a_);
  ASSERT_EQ(status, 200) << body.dump();
  std::tie(status, body) = Move(id, 2, "pass_initial_review", json::object(), &unit_a_);
  EXPECT_EQ(status, 403);
  // A stale version is refused; no version at all is refused too.
  std::tie(status, body) = Move(id, 1, "pass_initial_review");
  EXPECT_EQ(status, 412);
  auto r = Post(office_, "/api/projects/" + std::to_string(id) + "/transitions", {{"action", "pass_initial_review"}});
  EXPECT_EQ(Error(r, 428).value("reason", ""), "if_match_required");
  // A date in the future is refused.
  std::tie(status, body) = Move(id, 2, "pass_initial_review", {{"date", "2199-01-01"}});
  EXPECT_EQ(status, 400);
  EXPECT_EQ(body["error"]["field"], "date");
}

TEST_P(ProjectApiTest, EditsNeedTheCurrentVersionAndLandInTheHistory) {
  json p = Create(Valid("编辑项目", owner_a_, town_a_));
  std::string path = "/api/projects/" + std::to_string(p["id"].get<int64_t>());
  auto r = client_->Patch(path.c_str(), office_.Headers({{"If-Match", "\"1\""}}),
                          json{{"name", "编辑后项目"}, {"tags", {"攻坚"}}}.dump(), "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->get_header_value("ETag"), "\"2\"");
  r = client_->Patch(path.c_str(), office_.Headers({{"If-Match", "\"1\""}}), json{{"name", "丢失的修改"}}.dump(),
                     "application/json");
  EXPECT_EQ(Error(r, 412).value("code", ""), "failed_precondition");
  json page = json::parse(Get(office_, path)->body);
  EXPECT_EQ(page["name"], "编辑后项目");
  auto events = json::parse(Get(office_, path + "/events")->body)["items"];
  ASSERT_GE(events.size(), 2u);
  EXPECT_EQ(events[0]["kind"], "edit");
  EXPECT_EQ(events[0]["changes"]["name"], json::array({"编辑项目", "编辑后项目"}));
  EXPECT_FALSE(events[0]["changes"].contains("address")) << "only changed fields are listed";
}

TEST_P(ProjectApiTest, SearchInChineseFiltersAndSorts) {
  Create(Valid("智能制造产业园一期", owner_a_, town_a_));
  json road = Valid("滨河路道路改造工程", owner_b_, town_b_);
  road["content"] = "道路全长3.2公里，配套雨污管网。";
  road["total_investment"] = 100;
  road["funds"] = json::array();
  Create(road);
  EXPECT_EQ(ListNames(office_, "q=%E4%BA%A7%E4%B8%9A%E5%9B%AD"), (std::vector<std::string>{"智能制造产业园一期"}));  // 产业园
  EXPECT_EQ(ListNames(office_, "q=%E9%9B%A8%E6%B1%A1"), (std::vector<std::string>{"滨河路道路改造工程"}));  // 雨污
  EXPECT_EQ(ListNames(office_, "sort=total_investment"),
            (std::vector<std::string>{"滨河路道路改造工程", "智能制造产业园一期"}));
  EXPECT_EQ(ListNames(office_, "town_org_id=" + std::to_string(town_a_)), (std::vector<std::string>{"智能制造产业园一期"}));
  EXPECT_TRUE(ListNames(office_, "stage=construction").empty());
  EXPECT_EQ(Error(Get(office_, "/api/projects?stage=building"), 400).value("field", ""), "stage");
  EXPECT_EQ(Error(Get(office_, "/api/projects?sort=-colour"), 400).value("field", ""), "sort");
  auto r = Get(office_, "/api/projects?page_size=1");
  json page = json::parse(r->body);
  EXPECT_EQ(page["total"], 2);
  EXPECT_EQ(page["items"].size(), 1u);
}

TEST_P(ProjectApiTest, EachUserSeesOnlyTheirScopeAndOthersProjectsAreNotFound) {
  json a = Create(Valid("城关项目", owner_a_, town_a_));
  json b = Create(Valid("柳河项目", owner_b_, town_b_));
  EXPECT_EQ(ListNames(unit_a_, ""), (std::vector<std::string>{"城关项目"}));
  EXPECT_EQ(ListNames(owner_b_session_, ""), (std::vector<std::string>{"柳河项目"}));
  std::string other = "/api/projects/" + std::to_string(b["id"].get<int64_t>());
  EXPECT_EQ(Error(Get(unit_a_, other), 404).value("code", ""), "not_found");
  EXPECT_EQ(Error(Get(unit_a_, other + "/events"), 404).value("code", ""), "not_found");
  auto r = client_->Patch(other.c_str(), unit_a_.Headers({{"If-Match", "\"1\""}}), json{{"remarks", "x"}}.dump(),
                          "application/json");
  EXPECT_EQ(Error(r, 404).value("code", ""), "not_found");
  // A unit cannot create a project it would not see, nor move one out of its scope.
  auto created = Post(unit_a_, "/api/projects", Valid("越权项目", owner_b_, town_b_));
  EXPECT_EQ(Error(created, 400).value("reason", ""), "org_out_of_scope");
  std::string mine = "/api/projects/" + std::to_string(a["id"].get<int64_t>());
  r = client_->Patch(mine.c_str(), unit_a_.Headers({{"If-Match", "\"1\""}}),
                     json{{"town_org_id", town_b_}, {"owner_org_id", owner_b_}}.dump(), "application/json");
  EXPECT_EQ(Error(r, 400).value("reason", ""), "org_out_of_scope");
  EXPECT_EQ(ListNames(office_, "sort=id"), (std::vector<std::string>{"城关项目", "柳河项目"}));
  // The map and the export follow the scope too.
  auto points = json::parse(Get(unit_a_, "/api/projects/map")->body)["items"];
  EXPECT_EQ(points.size(), 0u) << "no coordinates were given";
  auto package = json::parse(Get(unit_a_, "/api/export/oc4ids")->body);
  ASSERT_EQ(package["projects"].size(), 1u);
  EXPECT_EQ(package["projects"][0]["title"], "城关项目");
}

TEST_P(ProjectApiTest, UploadsAreTypedByContentThumbnailedAndServedOnlyInScope) {
  json p = Create(Valid("附件项目", owner_a_, town_a_));
  std::string base = "/api/projects/" + std::to_string(p["id"].get<int64_t>()) + "/attachments";
  // An executable renamed .jpg is refused.
  std::string exe = "MZ\x90";
  exe += std::string(200, '\0');
  auto r = client_->Post((base + "?filename=photo.jpg").c_str(), office_.Headers(), exe, "application/octet-stream");
  EXPECT_EQ(Error(r, 400).value("reason", ""), "file_type_unsupported");
  // A PNG named .jpg is refused as a mismatch.
  std::string png = "\x89PNG\r\n\x1a\n" + std::string(64, '\0');
  r = client_->Post((base + "?filename=photo.jpg").c_str(), office_.Headers(), png, "application/octet-stream");
  EXPECT_EQ(Error(r, 400).value("reason", ""), "file_type_mismatch");
  // A real photo is stored with a thumbnail.
  std::string photo = Jpeg(640, 480);
  r = client_->Post((base + "?filename=%E7%8E%B0%E5%9C%BA.jpg").c_str(), office_.Headers(), photo,
                    "application/octet-stream");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  json a = json::parse(r->body);
  EXPECT_EQ(a["filename"], "现场.jpg");
  EXPECT_EQ(a["content_type"], "image/jpeg");
  EXPECT_TRUE(a["has_thumbnail"].get<bool>());
  std::string file = "/api/attachments/" + std::to_string(a["id"].get<int64_t>());
  auto got = Get(office_, file);
  ASSERT_EQ(got->status, 200);
  EXPECT_EQ(got->body, photo);
  auto thumb = Get(office_, file + "/thumbnail");
  ASSERT_EQ(thumb->status, 200);
  EXPECT_EQ(thumb->get_header_value("Content-Type"), "image/jpeg");
  EXPECT_LT(thumb->body.size(), photo.size());
  EXPECT_EQ(thumb->body.substr(0, 3), "\xFF\xD8\xFF");
  // Someone outside the project's scope cannot fetch it, nor upload to it.
  EXPECT_EQ(Get(owner_b_session_, file)->status, 404);
  EXPECT_EQ(Get(owner_b_session_, file + "/thumbnail")->status, 404);
  r = client_->Post((base + "?filename=a.jpg").c_str(), owner_b_session_.Headers(), photo, "application/octet-stream");
  EXPECT_EQ(r->status, 404);
  // The attachment can go with a transition, once.
  auto [status, body] = Move(p["id"], 1, "submit", {{"attachment_ids", {a["id"]}}});
  ASSERT_EQ(status, 200) << body.dump();
  auto events = json::parse(Get(office_, "/api/projects/" + std::to_string(p["id"].get<int64_t>()) + "/events")->body);
  ASSERT_EQ(events["items"][0]["attachments"].size(), 1u);
  std::tie(status, body) = Move(p["id"], 2, "withdraw", {{"attachment_ids", {a["id"]}}});
  EXPECT_EQ(status, 400);
  EXPECT_EQ(body["error"]["field"], "attachment_ids");
}

TEST_P(ProjectApiTest, TheDistrictMapIsSetByTheSystemAdministratorAndReadByBusinessUsers) {
  json empty = json::parse(Get(office_, "/api/map/district")->body);
  EXPECT_EQ(empty["features"].size(), 0u);
  TestSession sysadmin = server_->SignedIn(Role::kSystemAdmin);
  json map = {{"type", "FeatureCollection"},
              {"features", json::array({{{"type", "Feature"},
                                         {"properties", {{"name", "城关街道"}}},
                                         {"geometry", {{"type", "Polygon"},
                                                       {"coordinates", {{{117.1, 31.7}, {117.2, 31.7}, {117.2, 31.8}, {117.1, 31.7}}}}}}}})}};
  auto r = client_->Put("/api/map/district", sysadmin.Headers(), json{{"type", "Topology"}}.dump(), "application/json");
  EXPECT_EQ(Error(r, 400).value("reason", ""), "geojson_not_feature_collection");
  r = client_->Put("/api/map/district", sysadmin.Headers(), map.dump(), "application/json");
  ASSERT_EQ(r->status, 200) << r->body;
  r = client_->Put("/api/map/district", sysadmin.Headers(), map.dump(), "application/json");
  EXPECT_EQ(r->status, 428) << "a replacement names the version it replaces";
  json got = json::parse(Get(office_, "/api/map/district")->body);
  EXPECT_EQ(got["features"][0]["properties"]["name"], "城关街道");
  json p = Valid("地图项目", owner_a_, town_a_);
  p["longitude"] = 117.15;
  p["latitude"] = 31.75;
  Create(p);
  auto points = json::parse(Get(office_, "/api/projects/map")->body)["items"];
  ASSERT_EQ(points.size(), 1u);
  EXPECT_EQ(points[0]["name"], "地图项目");
  EXPECT_DOUBLE_EQ(points[0]["longitude"].get<double>(), 117.15);
}

INSTANTIATE_TEST_SUITE_P(Engines, ProjectApiTest, ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const auto& info) { return store::EngineParamName(info.param); });

}  // namespace
}  // namespace gongjian::api
