// The to-do page and reminders over HTTP on both databases: each role sees what waits on it
// within its scope, and the office's 催报 reaches the owner's to-do and the round board.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/test_server.h"
#include "store/milestone_repository.h"
#include "store/project_repository.h"
#include "store/round_repository.h"

namespace gongjian::api {
namespace {

using domain::OrgKind;
using domain::Role;
using nlohmann::json;
using store::Engine;

constexpr char kNow[] = "2026-11-01T00:00:00.000Z";

class TodoApiTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    server_ = TestServer::Start(GetParam());
    if (!server_) GTEST_SKIP() << "GONGJIAN_TEST_PG is not set";
    // Thursday 2026-11-05, 10:00 in China: the October round is open until the 10th.
    auto& clock = server_->clock();
    clock.Advance(std::chrono::sys_days{std::chrono::year{2026} / 11 / 5} + std::chrono::hours(2) - clock.Now());
    client_ = server_->Client();
    int64_t root = server_->RootOrg();
    int64_t town = server_->AddOrg("城关街道", OrgKind::kTown, root);
    int64_t owner = server_->AddOrg("城关建设公司", OrgKind::kOwner, town);
    int64_t other_town = server_->AddOrg("柳河镇", OrgKind::kTown, root);
    office_ = server_->SignedIn(Role::kOffice);
    owner_ = server_->Login("owner.a", server_->AddUser("owner.a", {Role::kOwner}, owner, false, domain::ScopeKind::kOwn));
    outsider_ = server_->Login("unit.b",
                               server_->AddUser("unit.b", {Role::kUnit}, other_town, false, domain::ScopeKind::kOwn));
    project_ = AddProject("纬三路", owner, town, domain::Stage::kConstruction);
    AddProject("规划中的项目", owner, town, domain::Stage::kPlanning);  // does not report
    store::DispatchRound october{0, "2026年10月调度", {2026, 10}, {2026, 11, 1}, {2026, 11, 10}, 0};
    round_ = server_->db()
                 .WriteValue<store::DispatchRound>(
                     [&](store::Connection& c) { return store::CreateRound(c, october, 1, kNow); })
                 ->id;
    AddMilestone("施工许可", {2026, 11, 12});  // due in a week
    AddMilestone("用地", {2026, 10, 20});      // overdue
    AddMilestone("竣工", {2027, 6, 30});       // far off
  }
  int64_t AddProject(const char* name, int64_t owner, int64_t town, domain::Stage stage) {
    domain::Project p;
    p.name = name;
    p.owner_org_id = owner;
    p.town_org_id = town;
    return server_->db()
        .WriteValue<int64_t>([&](store::Connection& c) -> core::Result<int64_t> {
          auto made = store::CreateProject(c, p, 1, kNow);
          if (!made) return core::Fail(made.error());
          domain::Project moved = made->project;
          moved.lifecycle.stage = stage;
          auto saved = store::SaveLifecycle(c, {1, domain::ScopeKind::kAll}, moved, moved.version, kNow);
          if (!saved) return core::Fail(saved.error());
          return saved->project.id;
        })
        .value();
  }
  void AddMilestone(const char* name, domain::Date planned) {
    domain::Milestone m;
    m.project_id = project_;
    m.position = -1;
    m.name = name;
    m.planned = planned;
    ASSERT_TRUE(server_->db().WriteValue<domain::Milestone>(
        [&](store::Connection& c) { return store::CreateMilestone(c, m, kNow); }));
  }
  json Todo(const TestSession& s) {
    auto r = client_->Get("/api/todo", s.Headers());
    EXPECT_EQ(r->status, 200) << r->body;
    return json::parse(r->body);
  }
  httplib::Result Post(const TestSession& s, const std::string& path, const json& body, httplib::Headers h = {}) {
    return client_->Post(path.c_str(), s.Headers(h), body.dump(), "application/json");
  }

  std::unique_ptr<TestServer> server_;
  std::unique_ptr<httplib::Client> client_;
  TestSession office_, owner_, outsider_;
  int64_t project_ = 0, round_ = 0;
};

TEST_P(TodoApiTest, TheOwnerSeesItsReportAndMilestonesDue) {
  json todo = Todo(owner_);
  EXPECT_EQ(todo["today"], "2026-11-05");
  json fill = todo["groups"]["reports_to_fill"];
  ASSERT_EQ(fill["total"], 1) << fill.dump();
  EXPECT_EQ(fill["items"][0]["project_id"], project_);
  EXPECT_EQ(fill["items"][0]["period"], "2026-10");
  EXPECT_EQ(fill["items"][0]["days_left"], 5);
  EXPECT_TRUE(fill["items"][0]["status"].is_null());
  EXPECT_FALSE(todo["groups"].contains("to_review")) << "owners do not review";
  json due = todo["groups"]["milestones_due"];
  ASSERT_EQ(due["total"], 2) << due.dump();
  EXPECT_EQ(due["items"][0]["name"], "用地");
  EXPECT_EQ(due["items"][0]["days_left"], -16);
  EXPECT_EQ(due["items"][1]["name"], "施工许可");
  ASSERT_EQ(todo["open_rounds"].size(), 1u);
  EXPECT_EQ(todo["open_rounds"][0]["days_left"], 5);
  // A draft still waits; a submitted report moves to the office's list.
  auto r = client_->Put(("/api/projects/" + std::to_string(project_) + "/reports/2026-10").c_str(), owner_.Headers(),
                        json{{"investment", 100}}.dump(), "application/json");
  ASSERT_EQ(r->status, 201) << r->body;
  json report = json::parse(r->body);
  EXPECT_EQ(Todo(owner_)["groups"]["reports_to_fill"]["items"][0]["status"], "draft");
  EXPECT_EQ(Todo(office_)["groups"]["to_review"]["total"], 0);
  r = Post(owner_, "/api/reports/" + std::to_string(report["id"].get<int64_t>()) + "/actions", {{"action", "submit"}},
           {{"If-Match", "\"1\""}});
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(Todo(owner_)["groups"]["reports_to_fill"]["total"], 0);
  json review = Todo(office_)["groups"]["to_review"];
  ASSERT_EQ(review["total"], 1);
  EXPECT_EQ(review["items"][0]["kind"], "report");
  EXPECT_EQ(review["items"][0]["id"], report["id"]);
  EXPECT_FALSE(Todo(office_)["groups"].contains("reports_to_fill"));
}

TEST_P(TodoApiTest, AClosedRoundExtendedForTheProjectStillWaitsOnIt) {
  store::DispatchRound september{0, "2026年9月调度", {2026, 9}, {2026, 10, 1}, {2026, 10, 10}, 0};
  int64_t closed = server_->db()
                       .WriteValue<store::DispatchRound>(
                           [&](store::Connection& c) { return store::CreateRound(c, september, 1, kNow); })
                       ->id;
  EXPECT_EQ(Todo(owner_)["groups"]["reports_to_fill"]["total"], 1) << "September closed on 10-10";
  auto r = Post(office_, "/api/rounds/" + std::to_string(closed) + "/extensions",
                {{"project_id", project_}, {"until", "2026-11-20"}});
  ASSERT_EQ(r->status, 204) << r->body;
  json fill = Todo(owner_)["groups"]["reports_to_fill"];
  ASSERT_EQ(fill["total"], 2);
  EXPECT_EQ(fill["items"][0]["period"], "2026-10") << "closing soonest first";
  EXPECT_EQ(fill["items"][1]["period"], "2026-09");
  EXPECT_EQ(fill["items"][1]["closes_on"], "2026-11-20");
}

TEST_P(TodoApiTest, WarningsAndEverythingElseStayInScope) {
  ASSERT_TRUE(server_->db().Write([&](store::Connection& c) -> core::Status {
    auto r = c.Exec("UPDATE projects SET warning_colour = 'red' WHERE id = $1", {project_});
    return r ? core::Status::Ok() : r.error();
  }).ok());
  json warned = Todo(owner_)["groups"]["warnings"];
  ASSERT_EQ(warned["total"], 1);
  EXPECT_EQ(warned["items"][0]["colour"], "red");
  json outside = Todo(outsider_);
  EXPECT_EQ(outside["groups"]["warnings"]["total"], 0);
  EXPECT_EQ(outside["groups"]["reports_to_fill"]["total"], 0);
  EXPECT_EQ(outside["groups"]["milestones_due"]["total"], 0);
  TestSession admin = server_->SignedIn(Role::kSystemAdmin);
  EXPECT_EQ(client_->Get("/api/todo", admin.Headers())->status, 404) << "business data does not exist for administrators";
}

TEST_P(TodoApiTest, TheOfficesReminderReachesTheOwnerAndTheBoard) {
  EXPECT_EQ(Post(owner_, "/api/rounds/" + std::to_string(round_) + "/reminders", json::object())->status, 403);
  auto r = Post(office_, "/api/rounds/" + std::to_string(round_) + "/reminders", json::object());
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body)["reminded"], 1) << "the planning project does not report";
  json item = Todo(owner_)["groups"]["reports_to_fill"]["items"][0];
  EXPECT_EQ(item["reminded_at"], "2026-11-05T02:00:00.000Z");
  json board = json::parse(client_->Get(("/api/rounds/" + std::to_string(round_) + "/status").c_str(), office_.Headers())->body);
  ASSERT_EQ(board["items"].size(), 1u);
  EXPECT_EQ(board["items"][0]["reminded_at"], "2026-11-05T02:00:00.000Z");
  r = Post(office_, "/api/rounds/" + std::to_string(round_) + "/reminders", {{"project_ids", {987654}}});
  ASSERT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["error"]["field"], "project_ids");
}

INSTANTIATE_TEST_SUITE_P(Engines, TodoApiTest, ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const auto& info) { return std::string(store::EngineName(info.param)); });

}  // namespace
}  // namespace gongjian::api
