#include "store/org_repository.h"

#include "store_test_util.h"

namespace gongjian::store {
namespace {

using domain::Org;
using domain::OrgKind;

constexpr char kNow[] = "2026-11-29T08:00:00.000Z";
constexpr char kLater[] = "2026-11-29T09:00:00.000Z";

class OrgRepositoryTest : public EngineTest {
 protected:
  Result<Org> Create(std::string name, OrgKind kind, std::optional<int64_t> parent) {
    Org o;
    o.name = std::move(name);
    o.kind = kind;
    o.parent_id = parent;
    return db().WriteValue<Org>([&](Connection& c) { return CreateOrg(c, o, kNow); });
  }
  Result<Org> Update(int64_t id, int64_t version, const domain::OrgPatch& p) {
    return db().WriteValue<Org>([&](Connection& c) { return UpdateOrg(c, id, version, p, kLater); });
  }
  Result<Page<Org>> List(const OrgFilter& f, PageRequest page = {}) {
    return db().ReadValue<Page<Org>>([&](Connection& c) { return ListOrgs(c, f, page); });
  }
};

TEST_P(OrgRepositoryTest, CreateThenGetReturnsTheSameRecord) {
  auto district = Create("示范区", OrgKind::kDistrict, std::nullopt);
  ASSERT_TRUE(district) << district.error().ToString();
  auto town = Create(" 城关镇 ", OrgKind::kTown, district->id);
  ASSERT_TRUE(town) << town.error().ToString();
  EXPECT_EQ(town->name, "城关镇");
  EXPECT_EQ(town->version, 1);
  EXPECT_EQ(town->created_at, kNow);
  auto got = db().ReadValue<Org>([&](Connection& c) { return GetOrg(c, town->id); });
  ASSERT_TRUE(got);
  EXPECT_EQ(got->name, "城关镇");
  EXPECT_EQ(got->parent_id, district->id);
  EXPECT_EQ(got->kind, OrgKind::kTown);
}

TEST_P(OrgRepositoryTest, MissingOrgIsNotFound) {
  auto got = db().ReadValue<Org>([&](Connection& c) { return GetOrg(c, 424242); });
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code(), core::Code::kNotFound);
}

TEST_P(OrgRepositoryTest, UnknownParentNamesParentField) {
  auto r = Create("经信局", OrgKind::kDepartment, 999);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field(), "parent_id");
  EXPECT_EQ(r.error().key(), "parent_not_found");
  auto all = List({});
  ASSERT_TRUE(all) << all.error().ToString();
  EXPECT_EQ(all->total, 0);
}

TEST_P(OrgRepositoryTest, DuplicateNameUnderOneParentIsConflictOnName) {
  auto d = Create("示范区", OrgKind::kDistrict, std::nullopt);
  ASSERT_TRUE(Create("发改局", OrgKind::kDepartment, d->id));
  auto again = Create("发改局", OrgKind::kDepartment, d->id);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), core::Code::kConflict);
  EXPECT_EQ(again.error().field(), "name");
}

TEST_P(OrgRepositoryTest, UpdateBumpsVersionAndRejectsStaleVersion) {
  auto d = Create("示范区", OrgKind::kDistrict, std::nullopt);
  auto t = Create("城关镇", OrgKind::kTown, d->id);
  domain::OrgPatch p;
  p.name = "城关街道";
  auto u = Update(t->id, 1, p);
  ASSERT_TRUE(u) << u.error().ToString();
  EXPECT_EQ(u->version, 2);
  EXPECT_EQ(u->name, "城关街道");
  EXPECT_EQ(u->updated_at, kLater);
  EXPECT_EQ(u->created_at, kNow);
  p.name = "lost update";
  auto stale = Update(t->id, 1, p);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code(), core::Code::kFailedPrecondition);
  auto got = db().ReadValue<Org>([&](Connection& c) { return GetOrg(c, t->id); });
  EXPECT_EQ(got->name, "城关街道");
}

TEST_P(OrgRepositoryTest, UpdateRefusesAParentCycle) {
  auto d = Create("示范区", OrgKind::kDistrict, std::nullopt);
  auto park = Create("高新区", OrgKind::kPark, d->id);
  auto owner = Create("高新区建设公司", OrgKind::kOwner, park->id);
  domain::OrgPatch p;
  p.parent_id = std::optional<int64_t>(owner->id);
  auto r = Update(park->id, park->version, p);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().key(), "parent_cycle");
}

TEST_P(OrgRepositoryTest, ListFiltersPagesAndEscapesWildcards) {
  auto d = Create("示范区", OrgKind::kDistrict, std::nullopt);
  for (int i = 0; i < 7; ++i) ASSERT_TRUE(Create("街道" + std::to_string(i), OrgKind::kTown, d->id));
  ASSERT_TRUE(Create("100%达标办", OrgKind::kDepartment, d->id));
  ASSERT_TRUE(Create("1000达标办", OrgKind::kDepartment, d->id));

  auto towns = List({.kind = OrgKind::kTown}, {.page = 2, .page_size = 3});
  ASSERT_TRUE(towns) << towns.error().ToString();
  EXPECT_EQ(towns->total, 7);
  ASSERT_EQ(towns->items.size(), 3u);
  EXPECT_EQ(towns->items[0].name, "街道3");

  auto percent = List({.q = "100%"});
  ASSERT_TRUE(percent) << percent.error().ToString();
  ASSERT_EQ(percent->total, 1);  // "%" is literal, so "1000达标办" does not match
  EXPECT_EQ(percent->items[0].name, "100%达标办");

  auto children = List({.parent_id = d->id});
  ASSERT_TRUE(children) << children.error().ToString();
  EXPECT_EQ(children->total, 9);
}

GJ_INSTANTIATE_ENGINES(OrgRepositoryTest);

}  // namespace
}  // namespace gongjian::store
