#include <gtest/gtest.h>

#include <set>

#include "auth/crypto.h"
#include "demo/demo.h"
#include "domain/calendar.h"
#include "store/inspection_repository.h"
#include "store/problem_repository.h"
#include "store/test_database.h"

namespace gongjian::demo {
namespace {

// The demo district's inspections: a dozen over the last year, leaders' 走访 and the office's 督查,
// 1–4 projects each, some with the problems raised from them.
TEST(InspectionGenTest, ADozenVisitsAndSupervisionsOverTheLastYearLinkedToProblems) {
  core::FakeClock clock(std::chrono::sys_days(std::chrono::year(2026) / 11 / 1));
  const domain::Date today{2026, 11, 1};
  for (auto engine : {store::Engine::kSqlite, store::Engine::kPostgres}) {
    auto t = store::TestDatabase::Create(engine);
    if (!t) continue;  // PostgreSQL without GONGJIAN_TEST_PG
    auto report = GenerateDemo(t->db(), {.seed = 3}, clock, auth::KeyRing::Derive(auth::RandomBytes(32)));
    ASSERT_TRUE(report) << report.error().ToString();
    EXPECT_EQ(report->inspections, 12);
    store::Viewer all{1, domain::ScopeKind::kAll};
    auto list = t->db().ReadValue<store::Page<store::Inspection>>(
        [&](store::Connection& c) { return store::ListInspections(c, all, {}, {1, 100}); });
    ASSERT_TRUE(list) << list.error().ToString();
    ASSERT_EQ(list->total, 12);
    std::set<domain::InspectionKind> kinds;
    int linked = 0;
    for (const auto& i : list->items) {
      kinds.insert(i.kind);
      EXPECT_GE(i.project_ids.size(), 1u);
      EXPECT_LE(i.project_ids.size(), 4u);
      EXPECT_LE(i.held_on, today);
      EXPECT_GE(i.held_on, domain::AddDays(today, -366));
      EXPECT_EQ(i.kind == domain::InspectionKind::kVisit, i.leader_user_id.has_value()) << i.title;
      EXPECT_FALSE(i.findings.empty());
      store::ProblemFilter f;
      f.inspection_id = i.id;
      auto raised = t->db().ReadValue<store::Page<store::Problem>>(
          [&](store::Connection& c) { return store::ListProblems(c, all, f, {1, 10}, today); });
      ASSERT_TRUE(raised);
      for (const auto& p : raised->items) {
        EXPECT_NE(std::find(i.project_ids.begin(), i.project_ids.end(), p.project_id), i.project_ids.end());
        EXPECT_GE(p.raised_on, i.held_on);
      }
      linked += raised->total > 0;
    }
    EXPECT_EQ(kinds.size(), 2u);
    EXPECT_GT(linked, 0) << "some problems came from an inspection";
  }
}

}  // namespace
}  // namespace gongjian::demo
