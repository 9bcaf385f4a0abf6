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

Result<std::vector<int64_t>> ScopeOrgIds(Connection& c, int64_t user_id, domain::ScopeKind kind) {
  if (kind == domain::ScopeKind::kAll) return core::Fail(Status::Internal("ScopeOrgIds: the whole district is not a list"));
  std::vector<int64_t> ids;
  auto r = c.QueryEach("SELECT DISTINCT o.id FROM orgs o WHERE " + ScopeCondition("o.id", 1, kind) + " ORDER BY o.id",
                       {user_id}, [&](const std::vector<Value>& row) { ids.push_back(std::get<int64_t>(row[0])); });
  if (!r) return core::Fail(std::move(r.error()));
  return ids;
}

}  // namespace gongjian::store
