#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace gongjian::domain {

// What an organisation is in the district's tree (SPEC §1).
enum class OrgKind { kDistrict, kDepartment, kTown, kPark, kOwner };

std::string_view OrgKindName(OrgKind kind);  // "district", "department", …
std::optional<OrgKind> ParseOrgKind(std::string_view name);

inline constexpr size_t kOrgNameMaxChars = 100;

struct Org {
  int64_t id = 0;
  std::optional<int64_t> parent_id;
  std::string name;
  OrgKind kind = OrgKind::kDepartment;
  std::string region_code;  // 行政区划代码, six digits, or empty
  int64_t version = 0;
  std::string created_at;
  std::string updated_at;
};

// A change to an organisation: fields left empty stay as they are.
struct OrgPatch {
  std::optional<std::string> name;
  std::optional<OrgKind> kind;
  std::optional<std::optional<int64_t>> parent_id;  // set to nullopt-inside to clear
  std::optional<std::string> region_code;
};

// Applies `patch` to `org` (trimming the name).
void ApplyPatch(const OrgPatch& patch, Org& org);

// Checks an organisation's own fields: a name, a district has no parent and everything
// else has one, a region code is six digits. Whether the parent exists is the store's
// business. The error names the field.
core::Status ValidateOrg(const Org& org);

}  // namespace gongjian::domain
