#include "domain/org.h"

#include <array>
#include <cctype>

#include "domain/text.h"

namespace gongjian::domain {
namespace {

constexpr std::array<std::pair<OrgKind, std::string_view>, 5> kKinds{{
    {OrgKind::kDistrict, "district"},
    {OrgKind::kDepartment, "department"},
    {OrgKind::kTown, "town"},
    {OrgKind::kPark, "park"},
    {OrgKind::kOwner, "owner"},
}};

}  // namespace

std::string_view OrgKindName(OrgKind kind) {
  for (const auto& [k, name] : kKinds) {
    if (k == kind) return name;
  }
  return "department";
}

std::optional<OrgKind> ParseOrgKind(std::string_view name) {
  for (const auto& [k, n] : kKinds) {
    if (n == name) return k;
  }
  return std::nullopt;
}

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
