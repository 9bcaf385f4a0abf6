#include "domain/org.h"

#include <cctype>

#include "domain/enum_names.h"
#include "domain/text.h"

namespace gongjian::domain {
namespace {

constexpr EnumTable<OrgKind, 5> kKinds{{
    {OrgKind::kDistrict, "district"},
    {OrgKind::kDepartment, "department"},
    {OrgKind::kTown, "town"},
    {OrgKind::kPark, "park"},
    {OrgKind::kOwner, "owner"},
}};

}  // namespace

std::string_view OrgKindName(OrgKind kind) { return EnumName(kKinds, kind); }

std::optional<OrgKind> ParseOrgKind(std::string_view name) { return EnumParse(kKinds, name); }

void ApplyPatch(const OrgPatch& patch, Org& org) {
  if (patch.name) org.name = TrimSpaces(*patch.name);
  if (patch.kind) org.kind = *patch.kind;
  if (patch.parent_id) org.parent_id = *patch.parent_id;
  if (patch.region_code) org.region_code = *patch.region_code;
}

core::Status ValidateOrg(const Org& org) {
  GJ_RETURN_IF_ERROR(CheckName("name", org.name, kOrgNameMaxChars));
  if (org.kind == OrgKind::kDistrict && org.parent_id) {
    return core::Status::Invalid("parent_id", "district_has_no_parent");
  }
  if (org.kind != OrgKind::kDistrict && !org.parent_id) return core::Status::Invalid("parent_id", "required");
  if (org.parent_id && org.id != 0 && *org.parent_id == org.id) {
    return core::Status::Invalid("parent_id", "parent_is_self");
  }
  if (!org.region_code.empty()) {
    bool six_digits = org.region_code.size() == 6;
    for (char c : org.region_code) six_digits = six_digits && std::isdigit(static_cast<unsigned char>(c));
    if (!six_digits) return core::Status::Invalid("region_code", "region_code_format");
  }
  return core::Status::Ok();
}

}  // namespace gongjian::domain
