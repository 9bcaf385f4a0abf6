#pragma once

#include <optional>
#include <utility>
#include <string>
#include <vector>

#include "domain/account.h"
#include "store/database.h"
#include "store/page.h"

namespace gongjian::store {

using domain::User;

struct UserFilter {
  std::string q;  // substring of username or display name
  std::optional<int64_t> org_id;
  std::optional<domain::Role> role;
};

// kNotFound when absent. Includes roles and scope.
Result<User> GetUser(Connection& c, int64_t id);
// Looks a user up by login name, case-insensitively; kNotFound when absent.
Result<User> FindUserByUsername(Connection& c, std::string_view username);
Result<Page<User>> ListUsers(Connection& c, const UserFilter& filter, const PageRequest& page);
// Number of accounts holding `role` (active or not).
Result<int64_t> CountUsersWithRole(Connection& c, domain::Role role);

// Validates and inserts `user` with its roles and scope; kConflict on field "username"
// when the name is taken (case-insensitively), kInvalidArgument "org_id" when the
// organisation does not exist. Call inside Database::Write.
Result<User> CreateUser(Connection& c, User user, const std::string& now);

// Replaces display name, organisation and active flag if the version still matches.
Result<User> UpdateUserProfile(Connection& c, int64_t id, int64_t expected_version, const std::string& display_name,
                               int64_t org_id, bool active, const std::string& now);
// Replaces roles and data scope if the version still matches.
Result<User> UpdateUserGrants(Connection& c, int64_t id, int64_t expected_version, std::vector<domain::Role> roles,
                              domain::ScopeKind scope, std::vector<int64_t> scope_orgs, const std::string& now);

// Sign-in bookkeeping; does not change the record's version.
Status SaveLoginState(Connection& c, int64_t id, int64_t failed_logins, const std::optional<std::string>& locked_until,
                      const std::optional<std::string>& last_login_at);
// Sets a new password hash, remembers it in the history (keeping the newest `keep`), and
// sets or clears the forced-change flag. Bumps the version.
Status SetPassword(Connection& c, int64_t id, const std::string& hash, bool must_change, int keep,
                   const std::string& now);
// The newest `limit` password hashes, newest first (the current one included).
Result<std::vector<std::string>> PasswordHistory(Connection& c, int64_t id, int limit);
// Stores the sealed TOTP secrets and the last accepted time step.
Status SaveTotp(Connection& c, int64_t id, const std::optional<std::string>& secret,
                const std::optional<std::string>& pending, int64_t last_step);

struct Session {
  std::string token_hash;
  int64_t user_id = 0;
  std::string csrf_token;
  std::string created_at;
  std::string last_seen_at;
  std::string expires_at;
};

Status CreateSession(Connection& c, const Session& s, const std::string& source_ip, const std::string& user_agent);
// The session and its user (with roles and scope) in one round of queries, for the check
// every request makes. kNotFound when there is no such session.
Result<std::pair<Session, User>> FindSessionUser(Connection& c, const std::string& token_hash);
Status TouchSession(Connection& c, const std::string& token_hash, const std::string& now);
Status DeleteSession(Connection& c, const std::string& token_hash);
// Ends every session of the user except `keep_hash` (empty ends them all).
Status DeleteUserSessions(Connection& c, int64_t user_id, const std::string& keep_hash);

// Settings: a value and its version; kNotFound when never set.
struct Setting {
  std::string value;
  int64_t version = 0;
};
Result<Setting> GetSetting(Connection& c, const std::string& key);
// Writes `key` if its version is still `expected_version` (0: not yet set).
Result<Setting> PutSetting(Connection& c, const std::string& key, const std::string& value, int64_t expected_version,
                           const std::string& now);

}  // namespace gongjian::store
