#pragma once

#include <string>
#include <string_view>

#include "domain/account.h"

namespace gongjian::store {

// A WHERE condition that keeps only rows whose `org_column` lies in the data scope of the
// user whose id is bound to parameter $`param`: for kOwn the subtree of the user's own
// organisation, for kOrgs the subtrees of the organisations in user_scope_orgs, for kAll
// everything. The scope is resolved inside SQL from the accounts tables, so a query
// needs one parameter whatever the scope's size, and the filter runs in the database,
// never after loading rows. `org_column` must be a trusted column name, not input.
std::string ScopeCondition(std::string_view org_column, int param, domain::ScopeKind kind);

}  // namespace gongjian::store
