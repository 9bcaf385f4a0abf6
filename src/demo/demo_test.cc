#include "demo/demo.h"

#include <gtest/gtest.h>

#include <map>

#include <filesystem>
#include <set>
#include <unistd.h>

#include "auth/crypto.h"
#include "store/milestone_repository.h"
#include "store/org_repository.h"
#include "store/project_repository.h"
#include "store/user_repository.h"
#include "store/test_database.h"

namespace gongjian::demo {
namespace {

std::vector<std::string> OrgNames(store::Database& db) {
  auto page = db.ReadValue<store::Page<domain::Org>>(
      [](store::Connection& c) { return store::ListOrgs(c, {}, {.page = 1, .page_size = 1000}); });
  std::vector<std::string> names;
  for (const auto& o : page->items) names.push_back(o.name);
  return names;
}

auth::KeyRing TestKeys() { return auth::KeyRing::Derive(auth::RandomBytes(32)); }

TEST(DemoTest, SameSeedGivesTheSameDistrictAndRerunChangesNothing) {
  core::FakeClock clock(std::chrono::sys_days(std::chrono::year(2026) / 11 / 1));
  auth::KeyRing keys = TestKeys();
  auto a = store::TestDatabase::Create(store::Engine::kSqlite);
  auto b = store::TestDatabase::Create(store::Engine::kSqlite);
  auto ra = GenerateDemo(a->db(), {.seed = 7}, clock, keys);
  ASSERT_TRUE(ra) << ra.error().ToString();
  EXPECT_TRUE(ra->created);
  EXPECT_GT(ra->orgs, 30);
  ASSERT_TRUE(GenerateDemo(b->db(), {.seed = 7}, clock, keys));
  EXPECT_EQ(OrgNames(a->db()), OrgNames(b->db()));

  auto again = GenerateDemo(a->db(), {.seed = 7}, clock, keys);
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->created);
  EXPECT_EQ(OrgNames(a->db()).size(), static_cast<size_t>(ra->orgs));
}

TEST(DemoTest, DistrictHasEveryKindOfOrganisation) {
  core::SystemClock clock;
  auto t = store::TestDatabase::Create(store::Engine::kSqlite);
  auto report = GenerateDemo(t->db(), {}, clock, TestKeys());
  ASSERT_TRUE(report) << report.error().ToString();
  for (auto kind : {domain::OrgKind::kDistrict, domain::OrgKind::kDepartment, domain::OrgKind::kTown,
                    domain::OrgKind::kPark, domain::OrgKind::kOwner}) {
    auto page = t->db().ReadValue<store::Page<domain::Org>>(
        [&](store::Connection& c) { return store::ListOrgs(c, {.kind = kind}, {}); });
    EXPECT_GT(page->total, 0) << domain::OrgKindName(kind);
  }
}

TEST(DemoTest, EveryRoleHasAnAccountWithItsOwnRandomPassword) {
  core::SystemClock clock;
  auto t = store::TestDatabase::Create(store::Engine::kSqlite);
  auto report = GenerateDemo(t->db(), {}, clock, TestKeys());
  ASSERT_TRUE(report) << report.error().ToString();
  std::set<std::string> roles, passwords;
  for (const auto& c : report->credentials) {
    roles.insert(c.role);
    passwords.insert(c.password);
    auto u = t->db().ReadValue<domain::User>([&](store::Connection& conn) { return store::FindUserByUsername(conn, c.username); });
    ASSERT_TRUE(u) << c.username;
    EXPECT_FALSE(u->must_change_password);
    EXPECT_EQ(u->password_hash.find(c.password), std::string::npos);  // only the hash is stored
  }
  EXPECT_EQ(roles.size(), domain::AllRoles().size());
  EXPECT_EQ(passwords.size(), report->credentials.size());
}

TEST(DemoTest, TheDistrictHasItsProjectsInEveryStageWithTimelinesAndAMap) {
  core::FakeClock clock(std::chrono::sys_days(std::chrono::year(2026) / 11 / 1));
  for (auto engine : {store::Engine::kSqlite, store::Engine::kPostgres}) {
    auto t = store::TestDatabase::Create(engine);
    if (!t) continue;  // PostgreSQL without GONGJIAN_TEST_PG
    auto report = GenerateDemo(t->db(), {}, clock, TestKeys());
    ASSERT_TRUE(report) << report.error().ToString();
    EXPECT_EQ(report->projects, 300);
    store::Viewer all{1, domain::ScopeKind::kAll};
    auto projects = t->db().ReadValue<std::vector<store::ProjectView>>(
        [&](store::Connection& c) { return store::ListAllProjects(c, all, {}); });
    ASSERT_TRUE(projects) << projects.error().ToString();
    ASSERT_EQ(projects->size(), 300u);
    std::set<domain::Stage> stages;
    for (const auto& v : *projects) stages.insert(v.project.lifecycle.stage);
    EXPECT_EQ(stages.size(), 8u) << "every stage, the side states included";
    auto found = t->db().ReadValue<store::Page<store::ProjectView>>([&](store::Connection& c) {
      return store::ListProjects(c, all, {.q = "产业园"}, {}, {1, 100});
    });
    ASSERT_TRUE(found);
    bool park = false;
    for (const auto& v : found->items) park = park || v.project.name == "智能制造产业园一期";
    EXPECT_TRUE(park) << "a search for 产业园 finds 智能制造产业园一期";
    // A project under construction got there step by step.
    for (const auto& v : *projects) {
      if (v.project.lifecycle.stage != domain::Stage::kConstruction) continue;
      auto events = t->db().ReadValue<std::vector<store::ProjectEvent>>(
          [&](store::Connection& c) { return store::ListProjectEvents(c, v.project.id); });
      ASSERT_TRUE(events);
      ASSERT_EQ(events->size(), 6u);
      EXPECT_EQ(events->front().action, "start_construction");
      EXPECT_EQ(events->front().date, v.project.actual_start);
      break;
    }
    auto map = t->db().ReadValue<store::Setting>(
        [](store::Connection& c) { return store::GetSetting(c, "district_geojson"); });
    ASSERT_TRUE(map);
    EXPECT_NE(map->value.find("城关街道"), std::string::npos);
    // Milestones: from the templates, a few waiting on another project's node, and a new node
    // gets a fresh id after the batch (the PostgreSQL sequence follows the explicit ids).
    EXPECT_GT(report->milestones, 1000);
    auto nodes = t->db().ReadValue<std::vector<domain::Milestone>>(
        [](store::Connection& c) { return store::AllMilestones(c); });
    ASSERT_TRUE(nodes);
    EXPECT_EQ(static_cast<int64_t>(nodes->size()), report->milestones);
    std::map<int64_t, int64_t> project_of;
    for (const auto& m : *nodes) project_of[m.id] = m.project_id;
    int across = 0;
    for (const auto& m : *nodes) {
      for (const auto& d : m.deps) across += project_of.at(d.predecessor_id) != m.project_id;
    }
    EXPECT_GT(across, 0) << "some factory waits for a road";
    domain::Milestone extra;
    extra.project_id = nodes->front().project_id;
    extra.position = -1;
    extra.name = "补充节点";
    extra.planned = {2027, 1, 1};
    auto made = t->db().WriteValue<domain::Milestone>(
        [&](store::Connection& c) { return store::CreateMilestone(c, extra, "2026-11-01T00:00:00.000Z"); });
    ASSERT_TRUE(made) << made.error().ToString();
    EXPECT_GT(made->id, nodes->back().id);
  }
}

// The problem loop's demo: every state and every step of the ladder, the meetings that decided
// the escalations, and archived letters (with a file store), on both engines.
TEST(DemoTest, TheDistrictHasProblemsInEveryStateOnEveryStepWithMeetingsAndLetters) {
  core::FakeClock clock(std::chrono::sys_days(std::chrono::year(2026) / 11 / 1));
  for (auto engine : {store::Engine::kSqlite, store::Engine::kPostgres}) {
    auto t = store::TestDatabase::Create(engine);
    if (!t) continue;  // PostgreSQL without GONGJIAN_TEST_PG
    const auto dir = std::filesystem::temp_directory_path() / ("gj-demo-files-" + std::to_string(::getpid()));
    io::FileStore files(dir);
    auto report = GenerateDemo(t->db(), {.files = &files}, clock, TestKeys());
    ASSERT_TRUE(report) << report.error().ToString();
    EXPECT_GT(report->problems, 40);
    auto rows = t->db().ReadValue<store::ResultSet>([](store::Connection& c) {
      return c.Query("SELECT state, level, COUNT(*) AS n FROM problems GROUP BY state, level");
    });
    ASSERT_TRUE(rows);
    std::set<std::string> states, levels;
    for (size_t i = 0; i < rows->size(); ++i) {
      states.insert(rows->Row(i).Text("state"));
      levels.insert(rows->Row(i).Text("level"));
    }
    EXPECT_EQ(states, (std::set<std::string>{"pending", "in_progress", "awaiting_confirmation", "closed", "returned", "reopened"}));
    EXPECT_EQ(levels, (std::set<std::string>{"unit", "weekly", "coordination", "leaders"}));
    auto linked = t->db().ReadValue<store::ResultSet>([](store::Connection& c) {
      return c.Query("SELECT COUNT(*) AS n FROM problem_events e JOIN meeting_problems mp"
                     " ON mp.meeting_id = e.meeting_id AND mp.problem_id = e.problem_id WHERE e.kind = 'escalated'");
    });
    EXPECT_GT(linked->First().Int("n"), 0) << "escalations decided at meetings are on their agendas";
    auto letters = t->db().ReadValue<store::ResultSet>([](store::Connection& c) {
      return c.Query("SELECT file_key, number FROM letters ORDER BY id");
    });
    ASSERT_GT(letters->size(), 0u);
    auto pdf = files.Get(letters->Row(0).Text("file_key"));
    ASSERT_TRUE(pdf);
    EXPECT_EQ(pdf->substr(0, 5), "%PDF-");
    std::filesystem::remove_all(dir);
  }
}

}  // namespace
}  // namespace gongjian::demo
