#include "api/bootstrap.h"

#include <nlohmann/json.hpp>

#include "api/users.h"
#include "auth/password.h"
#include "auth/security_policy.h"
#include "store/audit_repository.h"
#include "store/org_repository.h"
#include "store/user_repository.h"

namespace gongjian::api {

core::Result<std::vector<Credential>> InitAdministrators(store::Database& db, const auth::KeyRing& keys,
                                                         const core::Clock& clock, const std::string& district_name) {
  std::vector<Credential> out;
  std::string now = core::FormatTimestamp(clock.Now());
  auth::SecurityPolicy policy;
  core::Status s = db.Write([&](store::Connection& c) -> core::Status {
    auto existing = store::CountUsersWithRole(c, domain::Role::kSystemAdmin);
    if (!existing) return existing.error();
    if (*existing > 0) return core::Status::Ok();
    auto roots = store::ListOrgs(c, {.kind = domain::OrgKind::kDistrict}, {.page = 1, .page_size = 1});
    if (!roots) return roots.error();
    int64_t root_id;
    if (roots->items.empty()) {
      domain::Org district;
      district.name = district_name;
      district.kind = domain::OrgKind::kDistrict;
      auto created = store::CreateOrg(c, district, now);
      if (!created) return created.error();
      root_id = created->id;
    } else {
      root_id = roots->items.front().id;
    }
    const struct {
      const char* username;
      const char* name;
      domain::Role role;
    } admins[] = {{"sysadmin", "系统管理员", domain::Role::kSystemAdmin},
                  {"secadmin", "安全管理员", domain::Role::kSecurityAdmin},
                  {"auditadmin", "审计管理员", domain::Role::kAuditAdmin}};
    for (const auto& a : admins) {
      domain::User u;
      u.username = a.username;
      u.display_name = a.name;
      u.org_id = root_id;
      u.roles = {a.role};
      u.scope = domain::ScopeKind::kOwn;
      u.must_change_password = true;
      std::string password = NewOneTimePassword();
      u.password_hash = auth::HashPassword(password, keys.pepper, policy.password.iterations);
      auto created = store::CreateUser(c, u, now);
      if (!created) return created.error();
      out.push_back({a.username, password, std::string(domain::RoleName(a.role)), a.name});
    }
    store::AuditEntry e;
    e.ts_utc = now;
    e.actor_login = "system";
    e.event_type = "system.init";
    e.object_type = "user";
    e.changes = nlohmann::json{{"administrators", {"sysadmin", "secadmin", "auditadmin"}}}.dump();
    return store::AppendAudit(c, e, [&](std::string_view canonical) { return keys.SignAudit(canonical); });
  });
  if (!s.ok()) return core::Fail(std::move(s));
  return out;
}

}  // namespace gongjian::api
