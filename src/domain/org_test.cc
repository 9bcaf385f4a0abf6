#include "domain/org.h"

#include <gtest/gtest.h>

namespace gongjian::domain {
namespace {

Org Town() {
  Org o;
  o.name = "城关镇";
  o.kind = OrgKind::kTown;
  o.parent_id = 1;
  return o;
}

struct Case {
  const char* name;
  void (*mutate)(Org&);
  const char* field;  // "" when valid
  const char* key;
};

TEST(OrgTest, ValidationNamesTheOffendingField) {
  const Case cases[] = {
      {"valid_town", [](Org&) {}, "", ""},
      {"empty_name", [](Org& o) { o.name = ""; }, "name", "required"},
      {"blank_name", [](Org& o) { o.name = "\xE3\x80\x80"; }, "name", "required"},
      {"long_name", [](Org& o) { o.name = std::string(101 * 3, 'a'); }, "name", "too_long"},
      {"town_without_parent", [](Org& o) { o.parent_id.reset(); }, "parent_id", "required"},
      {"district_with_parent", [](Org& o) { o.kind = OrgKind::kDistrict; }, "parent_id", "district_has_no_parent"},
      {"own_parent", [](Org& o) { o.id = 1; }, "parent_id", "parent_is_self"},
      {"region_code_letters", [](Org& o) { o.region_code = "64010a"; }, "region_code", "region_code_format"},
      {"region_code_short", [](Org& o) { o.region_code = "6401"; }, "region_code", "region_code_format"},
      {"region_code_ok", [](Org& o) { o.region_code = "640106"; }, "", ""},
  };
  for (const auto& c : cases) {
    Org o = Town();
    c.mutate(o);
    core::Status s = ValidateOrg(o);
    EXPECT_EQ(s.field(), c.field) << c.name;
    EXPECT_EQ(s.key(), c.key) << c.name;
  }
}

TEST(OrgTest, KindNamesRoundTrip) {
  for (auto k : {OrgKind::kDistrict, OrgKind::kDepartment, OrgKind::kTown, OrgKind::kPark, OrgKind::kOwner}) {
    EXPECT_EQ(ParseOrgKind(OrgKindName(k)), k);
  }
  EXPECT_FALSE(ParseOrgKind("village").has_value());
}

TEST(OrgTest, PatchChangesOnlyGivenFieldsAndTrimsName) {
  Org o = Town();
  OrgPatch p;
  p.name = "  新城街道 ";
  ApplyPatch(p, o);
  EXPECT_EQ(o.name, "新城街道");
  EXPECT_EQ(o.kind, OrgKind::kTown);
  EXPECT_EQ(o.parent_id, 1);
}

}  // namespace
}  // namespace gongjian::domain
