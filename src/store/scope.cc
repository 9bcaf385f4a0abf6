#include "store/scope.h"

namespace gongjian::store {

std::string ScopeCondition(std::string_view org_column, int param, domain::ScopeKind kind) {
  std::string p = "$" + std::to_string(param);
  if (kind == domain::ScopeKind::kAll) return "CAST(" + p + " AS BIGINT) > 0";  // binds $N on every engine
  std::string roots = kind == domain::ScopeKind::kOwn
                          ? "SELECT org_id FROM users WHERE id = " + p
                          : "SELECT org_id FROM user_scope_orgs WHERE user_id = " + p;
  return std::string(org_column) +
         " IN (WITH RECURSIVE scope_tree(id) AS (" + roots +
         " UNION SELECT o.id FROM orgs o JOIN scope_tree s ON o.parent_id = s.id) SELECT id FROM scope_tree)";
}

}  // namespace gongjian::store
