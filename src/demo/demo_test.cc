#include "demo/demo.h"

#include <gtest/gtest.h>

#include "store/org_repository.h"
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

TEST(DemoTest, SameSeedGivesTheSameDistrictAndRerunChangesNothing) {
  core::FakeClock clock(std::chrono::sys_days(std::chrono::year(2026) / 11 / 1));
  auto a = store::TestDatabase::Create(store::Engine::kSqlite);
  auto b = store::TestDatabase::Create(store::Engine::kSqlite);
  auto ra = GenerateDemo(a->db(), {.seed = 7}, clock);
  ASSERT_TRUE(ra) << ra.error().ToString();
  EXPECT_TRUE(ra->created);
  EXPECT_GT(ra->orgs, 30);
  ASSERT_TRUE(GenerateDemo(b->db(), {.seed = 7}, clock));
  EXPECT_EQ(OrgNames(a->db()), OrgNames(b->db()));

  auto again = GenerateDemo(a->db(), {.seed = 7}, clock);
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->created);
  EXPECT_EQ(OrgNames(a->db()).size(), static_cast<size_t>(ra->orgs));
}

TEST(DemoTest, DistrictHasEveryKindOfOrganisation) {
  core::SystemClock clock;
  auto t = store::TestDatabase::Create(store::Engine::kSqlite);
  ASSERT_TRUE(GenerateDemo(t->db(), {}, clock));
  for (auto kind : {domain::OrgKind::kDistrict, domain::OrgKind::kDepartment, domain::OrgKind::kTown,
                    domain::OrgKind::kPark, domain::OrgKind::kOwner}) {
    auto page = t->db().ReadValue<store::Page<domain::Org>>(
        [&](store::Connection& c) { return store::ListOrgs(c, {.kind = kind}, {}); });
    EXPECT_GT(page->total, 0) << domain::OrgKindName(kind);
  }
}

}  // namespace
}  // namespace gongjian::demo
