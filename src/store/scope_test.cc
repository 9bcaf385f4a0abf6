#include "store/scope.h"

#include <set>

#include "store/org_repository.h"
#include "store_test_util.h"
#include "store/user_repository.h"

namespace gongjian::store {
namespace {

using domain::OrgKind;
using domain::ScopeKind;

class ScopeTest : public EngineTest {
 protected:
  int64_t Org(const char* name, OrgKind kind, std::optional<int64_t> parent) {
    domain::Org o;
    o.name = name;
    o.kind = kind;
    o.parent_id = parent;
    auto r = db().WriteValue<domain::Org>([&](Connection& c) { return CreateOrg(c, o, "2026-01-01T00:00:00.000Z"); });
    EXPECT_TRUE(r) << r.error().ToString();
    return r->id;
  }
  int64_t User(const char* name, int64_t org, ScopeKind scope, std::vector<int64_t> scope_orgs = {}) {
    domain::User u;
    u.username = name;
    u.display_name = name;
    u.org_id = org;
    u.roles = {domain::Role::kUnit};
    u.scope = scope;
    u.scope_orgs = std::move(scope_orgs);
    u.password_hash = "x";
    auto r = db().WriteValue<domain::User>([&](Connection& c) { return CreateUser(c, u, "2026-01-01T00:00:00.000Z"); });
    EXPECT_TRUE(r) << r.error().ToString();
    return r->id;
  }
  // The organisations a user's scope covers, by filtering the orgs table itself.
  std::set<int64_t> Visible(int64_t user, ScopeKind kind) {
    auto rows = db().ReadValue<ResultSet>([&](Connection& c) {
      return c.Query("SELECT id FROM orgs WHERE " + ScopeCondition("id", 1, kind) + " ORDER BY id", {user});
    });
    EXPECT_TRUE(rows) << rows.error().ToString();
    std::set<int64_t> out;
    for (size_t i = 0; rows && i < rows->size(); ++i) out.insert(rows->Row(i).Int("id"));
    return out;
  }
};

TEST_P(ScopeTest, EachScopeKindCoversItsSubtreesOnly) {
  int64_t district = Org("示范区", OrgKind::kDistrict, std::nullopt);
  int64_t town_a = Org("甲镇", OrgKind::kTown, district);
  int64_t owner_a = Org("甲镇建设公司", OrgKind::kOwner, town_a);
  int64_t town_b = Org("乙镇", OrgKind::kTown, district);
  int64_t park = Org("园区", OrgKind::kPark, district);
  int64_t owner_p = Org("园区企业", OrgKind::kOwner, park);

  int64_t own = User("town.a", town_a, ScopeKind::kOwn);
  int64_t several = User("two.places", district, ScopeKind::kOrgs, {town_b, park});
  int64_t all = User("everything", town_b, ScopeKind::kAll);

  EXPECT_EQ(Visible(own, ScopeKind::kOwn), (std::set<int64_t>{town_a, owner_a}));
  EXPECT_EQ(Visible(several, ScopeKind::kOrgs), (std::set<int64_t>{town_b, park, owner_p}));
  EXPECT_EQ(Visible(all, ScopeKind::kAll), (std::set<int64_t>{district, town_a, owner_a, town_b, park, owner_p}));
  EXPECT_TRUE(Visible(999, ScopeKind::kOwn).empty());  // no such user sees nothing
}

TEST_P(ScopeTest, TheListedOrganisationsAreTheConditionsOnesOnceEachInOrder) {
  int64_t district = Org("示范区", OrgKind::kDistrict, std::nullopt);
  int64_t town_a = Org("甲镇", OrgKind::kTown, district);
  int64_t owner_a = Org("甲镇建设公司", OrgKind::kOwner, town_a);
  int64_t town_b = Org("乙镇", OrgKind::kTown, district);
  int64_t owner_b = Org("乙镇企业", OrgKind::kOwner, town_b);
  // Overlapping subtrees (乙镇 and one of its own) list each organisation once.
  int64_t overlapping = User("overlap", district, ScopeKind::kOrgs, {owner_b, town_b});
  int64_t own = User("town.a", town_a, ScopeKind::kOwn);

  auto listed = [&](int64_t user, ScopeKind kind) {
    return db().ReadValue<std::vector<int64_t>>([&](Connection& c) { return ScopeOrgIds(c, user, kind); });
  };
  auto list = listed(overlapping, ScopeKind::kOrgs);
  ASSERT_TRUE(list) << list.error().ToString();
  EXPECT_EQ(*list, (std::vector<int64_t>{town_b, owner_b}));
  EXPECT_EQ(std::set<int64_t>(list->begin(), list->end()), Visible(overlapping, ScopeKind::kOrgs));
  list = listed(own, ScopeKind::kOwn);
  ASSERT_TRUE(list) << list.error().ToString();
  EXPECT_EQ(*list, (std::vector<int64_t>{town_a, owner_a}));
  list = listed(999, ScopeKind::kOwn);  // no such user: nothing
  ASSERT_TRUE(list) << list.error().ToString();
  EXPECT_TRUE(list->empty());
  EXPECT_FALSE(listed(own, ScopeKind::kAll));  // the whole district is not a list
}

GJ_INSTANTIATE_ENGINES(ScopeTest);

}  // namespace
}  // namespace gongjian::store
