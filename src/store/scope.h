#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/account.h"
#include "store/database.h"

namespace gongjian::store {

// A WHERE condition that keeps only rows whose `org_column` lies in the data scope of the
// user whose id is bound to parameter $`param`: for kOwn the subtree of the user's own
// organisation, for kOrgs the subtrees of the organisations in user_scope_orgs, for kAll
// everything. The scope is resolved inside SQL from the accounts tables, so a query
// needs one parameter whatever the scope's size, and the filter runs in the database,
// never after loading rows. `org_column` must be a trusted column name, not input.
std::string ScopeCondition(std::string_view org_column, int param, domain::ScopeKind kind);

// The organisations of ScopeCondition's scope for kOwn and kOrgs, looked up before a statement
// that names them: a planner then sees how few they are (a town's 31), where it guesses
// thousands for the recursive CTE inside a statement and scans the whole table it filters.
// Ascending ids; empty when the user has no organisation. Not for kAll (kInternal).
Result<std::vector<int64_t>> ScopeOrgIds(Connection& c, int64_t user_id, domain::ScopeKind kind);

}  // namespace gongjian::store
