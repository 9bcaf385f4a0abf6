#include "domain/account.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "domain/enum_names.h"
#include "domain/text.h"

namespace gongjian::domain {
namespace {

constexpr EnumTable<Role, 8> kRoles{{
    {Role::kSystemAdmin, "system_admin"},
    {Role::kSecurityAdmin, "security_admin"},
    {Role::kAuditAdmin, "audit_admin"},
    {Role::kLeader, "leader"},
    {Role::kOffice, "office"},
    {Role::kUnit, "unit"},
    {Role::kOwner, "owner"},
    {Role::kViewer, "viewer"},
}};

constexpr EnumTable<ScopeKind, 3> kScopes{{
    {ScopeKind::kOwn, "own"},
    {ScopeKind::kOrgs, "orgs"},
    {ScopeKind::kAll, "all"},
}};

}  // namespace

std::string_view RoleName(Role role) { return EnumName(kRoles, role); }

std::optional<Role> ParseRole(std::string_view name) { return EnumParse(kRoles, name); }

bool IsAdminRole(Role role) {
  return role == Role::kSystemAdmin || role == Role::kSecurityAdmin || role == Role::kAuditAdmin;
}

const std::vector<Role>& AllRoles() {
  static const std::vector<Role> kAll = [] {
    std::vector<Role> out;
    for (const auto& [r, name] : kRoles) out.push_back(r);
    return out;
  }();
  return kAll;
}

core::Status CheckRoleSet(const std::vector<Role>& roles) {
  if (roles.empty()) return core::Status::Invalid("roles", "required");
  for (size_t i = 0; i < roles.size(); ++i) {
    if (std::count(roles.begin(), roles.end(), roles[i]) > 1) return core::Status::Invalid("roles", "roles_repeated");
    if (IsAdminRole(roles[i]) && roles.size() > 1) return core::Status::Invalid("roles", "admin_role_exclusive");
  }
  return core::Status::Ok();
}

std::string_view ScopeKindName(ScopeKind kind) { return EnumName(kScopes, kind); }

std::optional<ScopeKind> ParseScopeKind(std::string_view name) { return EnumParse(kScopes, name); }

std::string UsernameKey(std::string_view username) {
  std::string key(username);
  for (auto& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return key;
}

core::Status CheckUsername(std::string_view username) {
  if (username.empty()) return core::Status::Invalid("username", "required");
  bool ok = username.size() >= 3 && username.size() <= 32 && std::isalpha(static_cast<unsigned char>(username[0]));
  for (char c : username) {
    ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-');
  }
  return ok ? core::Status::Ok() : core::Status::Invalid("username", "username_format");
}

core::Status ValidateUser(const User& user) {
  GJ_RETURN_IF_ERROR(CheckUsername(user.username));
  GJ_RETURN_IF_ERROR(CheckName("display_name", user.display_name, kDisplayNameMaxChars));
  if (!user.roles.empty()) GJ_RETURN_IF_ERROR(CheckRoleSet(user.roles));
  if (user.scope == ScopeKind::kOrgs && user.scope_orgs.empty()) return core::Status::Invalid("scope_orgs", "required");
  return core::Status::Ok();
}

}  // namespace gongjian::domain
