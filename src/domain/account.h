#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace gongjian::domain {

// The roles of SPEC §1. The three administrators (三权分立) exclude each other and every
// business role; none of them may read business data.
enum class Role {
  kSystemAdmin,    // 系统管理员: accounts, organisations, system settings, backups
  kSecurityAdmin,  // 安全管理员: roles, data scopes, security policy, unlocking, resets
  kAuditAdmin,     // 审计管理员: reads and exports the audit log
  kLeader,         // 区领导: reads everything in scope
  kOffice,         // 项目办: runs the library, rounds, reviews, assignments
  kUnit,           // 责任单位: handles the projects and problems of their unit
  kOwner,          // 业主: reports on their own projects
  kViewer,         // 只读
};

std::string_view RoleName(Role role);  // "system_admin", "security_admin", …
std::optional<Role> ParseRole(std::string_view name);
bool IsAdminRole(Role role);
const std::vector<Role>& AllRoles();

// Checks a set of roles for one account: not empty, no repeats, and an administrator role
// only alone. kInvalidArgument on field "roles" otherwise.
core::Status CheckRoleSet(const std::vector<Role>& roles);

// Which organisations' data a user sees: their own organisation's subtree, the subtrees
// of a chosen set, or everything.
enum class ScopeKind { kOwn, kOrgs, kAll };
std::string_view ScopeKindName(ScopeKind kind);
std::optional<ScopeKind> ParseScopeKind(std::string_view name);

// An account. Secrets (password hash, TOTP secret) travel in this struct inside the server
// only; the API never returns them.
struct User {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string username;
  std::string display_name;
  bool active = true;
  std::vector<Role> roles;
  ScopeKind scope = ScopeKind::kOwn;
  std::vector<int64_t> scope_orgs;
  std::string password_hash;
  std::string password_changed_at;
  bool must_change_password = true;
  int64_t failed_logins = 0;
  std::optional<std::string> locked_until;
  std::optional<std::string> totp_secret;   // sealed
  std::optional<std::string> totp_pending;  // sealed, awaiting the first code
  int64_t totp_last_step = 0;
  std::optional<std::string> last_login_at;
  int64_t version = 0;
  std::string created_at;
  std::string updated_at;
};

inline constexpr size_t kDisplayNameMaxChars = 50;

// The case-folded form of a login name, used for uniqueness and look-up.
std::string UsernameKey(std::string_view username);

// A login name: 3 to 32 characters of ASCII letters, digits, '.', '_' and '-', starting
// with a letter. kInvalidArgument on field "username" otherwise.
core::Status CheckUsername(std::string_view username);

// Checks an account's own fields (username, display name, roles when present).
core::Status ValidateUser(const User& user);

}  // namespace gongjian::domain
