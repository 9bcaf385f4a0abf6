// Inspections (督查/走访) over HTTP on both databases: the office records a visit of two projects
// with a photo, a problem raised from it keeps the link both ways; a town sees only the
// inspections that visited its projects (and only those projects); every field is checked.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "api/test_server.h"
#include "domain/calendar.h"
#include "store/audit_repository.h"
#include "store/project_repository.h"

namespace gongjian::api {
namespace {

using domain::OrgKind;
using domain::Role;
using nlohmann::json;
using store::Engine;

class InspectionApiTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    server_ = TestServer::Start(GetParam());
    if (!server_) GTEST_SKIP() << "GONGJIAN_TEST_PG is not set";
    client_ = server_->Client();
    const int64_t root = server_->RootOrg();
    town_ = server_->AddOrg("城关街道", OrgKind::kTown, root);
    other_town_ = server_->AddOrg("柳河镇", OrgKind::kTown, root);
    office_ = server_->SignedIn(Role::kOffice);
    leader_ = server_->Login("leader.a", server_->AddUser("leader.a", {Role::kLeader}));
    town_user_ = server_->Login("town.a", server_->AddUser("town.a", {Role::kUnit}, town_, false, domain::ScopeKind::kOwn));
    other_user_ =
        server_->Login("other.a", server_->AddUser("other.a", {Role::kUnit}, other_town_, false, domain::ScopeKind::kOwn));
    road_ = AddProject("纬三路", town_);
    plant_ = AddProject("柳河污水处理厂", other_town_);
  }
  int64_t AddProject(const char* name, int64_t town) {
    domain::Project p;
    p.name = name;
    p.owner_org_id = town;
    p.town_org_id = town;
    return server_->db()
        .WriteValue<store::ProjectView>(
            [&](store::Connection& c) { return store::CreateProject(c, p, 1, "2025-01-01T00:00:00.000Z"); })
        ->project.id;
  }
  std::string Yesterday() {
    auto secs = std::chrono::duration_cast<std::chrono::seconds>(server_->clock().Now().time_since_epoch()).count();
    return domain::AddDays(domain::ChinaDate(secs), -1).ToString();
  }
  json Body() {
    return {{"kind", "visit"},
            {"held_on", Yesterday()},
            {"title", "区长走访重点项目"},
            {"people", "王区长、项目办李主任"},
            {"findings", "纬三路征迁滞后；污水厂设备未到场"},
            {"project_ids", {road_, plant_}}};
  }
  httplib::Result Post(const TestSession& s, const std::string& path, const json& body) {
    return client_->Post(path.c_str(), s.Headers(), body.dump(), "application/json");
  }
  httplib::Result Get(const TestSession& s, const std::string& path) { return client_->Get(path.c_str(), s.Headers()); }
  json Record(const TestSession& s, const json& body) {
    auto r = Post(s, "/api/inspections", body);
    EXPECT_EQ(r->status, 201) << r->body;
    return r->status == 201 ? json::parse(r->body) : json::object();
  }
  // The field and key of a refused create.
  std::pair<std::string, std::string> Refusal(const json& body) {
    auto r = Post(office_, "/api/inspections", body);
    EXPECT_EQ(r->status, 400) << body.dump() << " → " << r->body;
    json e = json::parse(r->body)["error"];
    return {e.value("field", ""), e.value("reason", "")};
  }

  std::unique_ptr<TestServer> server_;
  std::unique_ptr<httplib::Client> client_;
  TestSession office_, leader_, town_user_, other_user_;
  int64_t town_ = 0, other_town_ = 0, road_ = 0, plant_ = 0;
};

TEST_P(InspectionApiTest, AnInspectionWithAPhotoAndAProblemRaisedFromItLinkedBothWays) {
  json i = Record(office_, Body());
  const std::string path = "/api/inspections/" + std::to_string(i["id"].get<int64_t>());
  EXPECT_EQ(i["kind"], "visit");
  EXPECT_EQ(i["projects"].size(), 2u);
  EXPECT_EQ(i["version"], 1);
  EXPECT_TRUE(i["can_edit"].get<bool>());

  // A photo of the second project, with a thumbnail; a document is refused.
  auto up = client_->Post((path + "/photos?filename=site.jpg&project_id=" + std::to_string(plant_)).c_str(),
                          office_.Headers(), TestJpeg(64, 48), "application/octet-stream");
  ASSERT_EQ(up->status, 201) << up->body;
  json photo = json::parse(up->body);
  EXPECT_EQ(photo["project_id"], plant_);
  EXPECT_EQ(Get(office_, photo["thumbnail_url"])->status, 200);
  auto doc = client_->Post((path + "/photos?filename=a.pdf").c_str(), office_.Headers(), "%PDF-1.4\n%%EOF\n",
                           "application/octet-stream");
  EXPECT_EQ(doc->status, 400) << doc->body;
  auto elsewhere = client_->Post((path + "/photos?filename=b.jpg&project_id=999").c_str(), office_.Headers(),
                                 TestJpeg(8, 8), "application/octet-stream");
  EXPECT_EQ(elsewhere->status, 400) << "a project the inspection did not visit";

  // A problem raised from it on a visited project keeps the link; the inspection lists it.
  auto raised = Post(office_, "/api/projects/" + std::to_string(road_) + "/problems",
                     {{"type", "demolition"}, {"title", "征迁滞后"}, {"description", "K3段尚有3户未签约"},
                      {"inspection_id", i["id"]}});
  ASSERT_EQ(raised->status, 201) << raised->body;
  json problem = json::parse(raised->body);
  EXPECT_EQ(problem["inspection_id"], i["id"]);
  json detail = json::parse(Get(office_, path)->body);
  ASSERT_EQ(detail["problems"].size(), 1u);
  EXPECT_EQ(detail["problems"][0]["id"], problem["id"]);
  EXPECT_EQ(detail["problems"][0]["project_name"], "纬三路");
  ASSERT_EQ(detail["photos"].size(), 1u);

  // Not from a project it did not visit, nor from a missing inspection.
  const int64_t third = AddProject("东环路", town_);
  auto wrong = Post(office_, "/api/projects/" + std::to_string(third) + "/problems",
                    {{"type", "land"}, {"title", "x"}, {"description", "y"}, {"inspection_id", i["id"]}});
  EXPECT_EQ(wrong->status, 400);
  EXPECT_EQ(json::parse(wrong->body)["error"]["field"], "inspection_id");
  auto missing = Post(office_, "/api/projects/" + std::to_string(road_) + "/problems",
                      {{"type", "land"}, {"title", "x"}, {"description", "y"}, {"inspection_id", 999999}});
  EXPECT_EQ(missing->status, 400);
  EXPECT_EQ(json::parse(missing->body)["error"]["reason"], "inspection_not_found");

  // Edited at its version; a stale version is refused.
  httplib::Headers h{{"If-Match", "\"1\""}};
  auto patched = client_->Patch(path.c_str(), office_.Headers(h), json{{"findings", "已现场协调"}}.dump(), "application/json");
  ASSERT_EQ(patched->status, 200) << patched->body;
  EXPECT_EQ(json::parse(patched->body)["findings"], "已现场协调");
  EXPECT_EQ(patched->get_header_value("ETag"), "\"2\"");
  auto stale = client_->Patch(path.c_str(), office_.Headers(h), json{{"title", "改"}}.dump(), "application/json");
  EXPECT_EQ(stale->status, 412);
  EXPECT_EQ(client_->Patch(path.c_str(), office_.Headers(), json{{"title", "改"}}.dump(), "application/json")->status, 428);

  // Each write is in the audit chain: the record, the photo, the edit (not the refused ones).
  auto audit = server_->db().ReadValue<store::Page<store::AuditEntry>>([&](store::Connection& c) {
    return store::ListAudit(c, {.event_type = "inspection."}, {1, 50});
  });
  ASSERT_TRUE(audit);
  std::multiset<std::string> kinds;
  for (const auto& e : audit->items) kinds.insert(e.event_type);
  EXPECT_EQ(kinds, (std::multiset<std::string>{"inspection.create", "inspection.photo", "inspection.update"}));
}

TEST_P(InspectionApiTest, ATownSeesOnlyTheInspectionsOfItsProjects) {
  json both = Record(office_, Body());
  json b = Body();
  b["title"] = "污水厂督查";
  b["kind"] = "supervision";
  b["project_ids"] = {plant_};
  json plant_only = Record(leader_, b);
  auto list = json::parse(Get(town_user_, "/api/inspections")->body);
  ASSERT_EQ(list["total"], 1);
  EXPECT_EQ(list["items"][0]["id"], both["id"]);
  ASSERT_EQ(list["items"][0]["projects"].size(), 1u) << "only the town's own project is named";
  EXPECT_EQ(list["items"][0]["projects"][0]["id"], road_);
  EXPECT_EQ(list["items"][0]["project_count"], 2);
  EXPECT_FALSE(list["can_create"].get<bool>());
  EXPECT_EQ(Get(town_user_, "/api/inspections/" + std::to_string(plant_only["id"].get<int64_t>()))->status, 404);
  EXPECT_EQ(json::parse(Get(other_user_, "/api/inspections")->body)["total"], 2);
  EXPECT_EQ(json::parse(Get(office_, "/api/inspections?kind=supervision")->body)["total"], 1);
  EXPECT_EQ(json::parse(Get(office_, "/api/inspections?project_id=" + std::to_string(road_))->body)["total"], 1);
  EXPECT_EQ(json::parse(Get(office_, "/api/inspections?q=" + std::string("%E7%9D%A3%E6%9F%A5"))->body)["total"], 1);  // 督查
  EXPECT_EQ(json::parse(Get(office_, "/api/inspections?from=2000-01-01&to=2000-12-31")->body)["total"], 0);
  EXPECT_EQ(Get(office_, "/api/inspections?kind=walk")->status, 400);
  EXPECT_EQ(Get(office_, "/api/inspections?from=yesterday")->status, 400);

  // A unit may not record one, nor name a project it cannot see when it could.
  EXPECT_EQ(Post(town_user_, "/api/inspections", Body())->status, 403);
  // The town's photo on the other town's project is not served to it.
  const std::string path = "/api/inspections/" + std::to_string(both["id"].get<int64_t>());
  auto up = client_->Post((path + "/photos?filename=p.jpg&project_id=" + std::to_string(plant_)).c_str(),
                          office_.Headers(), TestJpeg(16, 16), "application/octet-stream");
  ASSERT_EQ(up->status, 201) << up->body;
  EXPECT_EQ(json::parse(Get(town_user_, path)->body)["photos"].size(), 0u);
  EXPECT_EQ(Get(town_user_, json::parse(up->body)["url"])->status, 404);
  EXPECT_EQ(Get(other_user_, json::parse(up->body)["url"])->status, 200);
}

TEST_P(InspectionApiTest, EveryFieldIsCheckedAndNamed) {
  using P = std::pair<std::string, std::string>;
  auto with = [&](const char* field, json value) {
    json b = Body();
    if (value.is_null()) b.erase(field);
    else b[field] = value;
    return Refusal(b);
  };
  EXPECT_EQ(with("kind", "walk"), (P{"kind", "invalid_enum"}));
  EXPECT_EQ(with("kind", nullptr), (P{"kind", "required"}));
  EXPECT_EQ(with("held_on", "2026/11/01"), (P{"held_on", "date_format"}));
  EXPECT_EQ(with("held_on", "2199-01-01"), (P{"held_on", "date_in_future"}));
  EXPECT_EQ(with("title", " "), (P{"title", "required"}));
  EXPECT_EQ(with("title", std::string(61, 'x')), (P{"title", "too_long"}));
  EXPECT_EQ(with("people", nullptr), (P{"people", "required"}));
  EXPECT_EQ(with("findings", std::string(4001, 'x')), (P{"findings", "too_long"}));
  EXPECT_EQ(with("project_ids", json::array()), (P{"project_ids", "required"}));
  EXPECT_EQ(with("project_ids", {999999}).first, "project_ids");
  EXPECT_EQ(with("project_ids", "1").first, "project_ids");
  EXPECT_EQ(with("leader_user_id", 1), (P{"leader_user_id", "leader_not_found"}));
  EXPECT_EQ(with("extra", 1).second, "unknown_field");
  // A town-scoped leader cannot name a project outside its scope.
  auto scoped = server_->Login("leader.b", server_->AddUser("leader.b", {Role::kLeader}, town_, false, domain::ScopeKind::kOwn));
  json b = Body();
  auto r = Post(scoped, "/api/inspections", b);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["error"]["field"], "project_ids");
  b["project_ids"] = {road_};
  EXPECT_EQ(Post(scoped, "/api/inspections", b)->status, 201);
}

INSTANTIATE_TEST_SUITE_P(Engines, InspectionApiTest, ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const auto& info) { return store::EngineParamName(info.param); });

}  // namespace
}  // namespace gongjian::api
