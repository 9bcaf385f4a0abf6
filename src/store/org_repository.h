#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/org.h"
#include "store/database.h"
#include "store/page.h"

namespace gongjian::store {

struct OrgFilter {
  std::optional<domain::OrgKind> kind;
  std::optional<int64_t> parent_id;
  std::string q;  // substring of the name; empty matches all
};

// Lists organisations ordered by id.
Result<Page<domain::Org>> ListOrgs(Connection& c, const OrgFilter& filter, const PageRequest& page);

// The names of these organisations by id (unknown ids are left out).
Result<std::map<int64_t, std::string>> OrgNames(Connection& c, const std::vector<int64_t>& ids);

// The district's name: the first root organisation's (empty when there is none).
Result<std::string> DistrictName(Connection& c);

// kNotFound when there is no such organisation.
Result<domain::Org> GetOrg(Connection& c, int64_t id);

// Validates and inserts `org` (id and version are assigned), stamping it with `now`.
// Fails with kInvalidArgument on a bad field or missing parent, kConflict field "name"
// when the parent already has an organisation of that name. Call inside Database::Write.
Result<domain::Org> CreateOrg(Connection& c, domain::Org org, const std::string& now);

// Applies `patch` to organisation `id` if its version is still `expected_version`.
// kNotFound when absent, kFailedPrecondition when the version moved on, kInvalidArgument
// on a bad field or a parent that would make a cycle. Call inside Database::Write.
Result<domain::Org> UpdateOrg(Connection& c, int64_t id, int64_t expected_version, const domain::OrgPatch& patch,
                              const std::string& now);

}  // namespace gongjian::store
