#include "store/user_repository.h"

#include <algorithm>

#include "domain/text.h"
#include "store/like.h"

namespace gongjian::store {
namespace {

using domain::Role;

constexpr std::string_view kColumns =
    "id, org_id, username, display_name, status, scope_kind, password_hash, password_changed_at,"
    " must_change_password, failed_logins, locked_until, totp_secret, totp_pending, totp_last_step, last_login_at,"
    " version, created_at, updated_at";

User FromRow(const RowRef& r) {
  User u;
  u.id = r.Int("id");
  u.org_id = r.Int("org_id");
  u.username = r.Text("username");
  u.display_name = r.Text("display_name");
  u.active = r.Text("status") == "active";
  u.scope = domain::ParseScopeKind(r.Text("scope_kind")).value_or(domain::ScopeKind::kOwn);
  u.password_hash = r.Text("password_hash");
  u.password_changed_at = r.Text("password_changed_at");
  u.must_change_password = r.Int("must_change_password") != 0;
  u.failed_logins = r.Int("failed_logins");
  u.locked_until = r.OptText("locked_until");
  u.totp_secret = r.OptText("totp_secret");
  u.totp_pending = r.OptText("totp_pending");
  u.totp_last_step = r.Int("totp_last_step");
  u.last_login_at = r.OptText("last_login_at");
  u.version = r.Int("version");
  u.created_at = r.Text("created_at");
  u.updated_at = r.Text("updated_at");
  return u;
}

Status LoadGrants(Connection& c, User& u) {
  auto roles = c.Query("SELECT role FROM user_roles WHERE user_id = $1 ORDER BY role", {u.id});
  if (!roles) return roles.error();
  u.roles.clear();
  for (size_t i = 0; i < roles->size(); ++i) {
    if (auto r = domain::ParseRole(roles->Row(i).Text("role"))) u.roles.push_back(*r);
  }
  u.scope_orgs.clear();
  if (u.scope != domain::ScopeKind::kOrgs) return Status::Ok();
  auto orgs = c.Query("SELECT org_id FROM user_scope_orgs WHERE user_id = $1 ORDER BY org_id", {u.id});
  if (!orgs) return orgs.error();
  for (size_t i = 0; i < orgs->size(); ++i) u.scope_orgs.push_back(orgs->Row(i).Int("org_id"));
  return Status::Ok();
}

Result<User> LoadOne(Connection& c, std::string_view where, const Params& params) {
  auto r = c.Query("SELECT " + std::string(kColumns) + " FROM users WHERE " + std::string(where), params);
  if (!r) return core::Fail(r.error());
  if (r->empty()) return core::Fail(Status::NotFound("user_not_found"));
  User u = FromRow(r->First());
  GJ_FAIL_IF_ERROR(LoadGrants(c, u));
  return u;
}

Status CheckOrgExists(Connection& c, int64_t org_id, const char* field) {
  auto r = c.Query("SELECT 1 AS one FROM orgs WHERE id = $1", {org_id});
  if (!r) return r.error();
  return r->empty() ? Status::Invalid(field, "org_not_found") : Status::Ok();
}

Status WriteGrants(Connection& c, const User& u) {
  for (const char* sql : {"DELETE FROM user_roles WHERE user_id = $1", "DELETE FROM user_scope_orgs WHERE user_id = $1"}) {
    auto r = c.Query(sql, {u.id});
    if (!r) return r.error();
  }
  for (Role role : u.roles) {
    auto r = c.Query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)", {u.id, std::string(domain::RoleName(role))});
    if (!r) return r.error();
  }
  for (int64_t org : u.scope_orgs) {
    GJ_RETURN_IF_ERROR(CheckOrgExists(c, org, "scope_orgs"));
    auto r = c.Query("INSERT INTO user_scope_orgs (user_id, org_id) VALUES ($1, $2)", {u.id, org});
    if (!r) return r.error();
  }
  return Status::Ok();
}

Status StaleOr(const Result<ResultSet>& r) {
  if (!r) return r.error();
  if (r->empty()) return Status(core::Code::kFailedPrecondition, "stale_version");
  return Status::Ok();
}

}  // namespace

Result<User> GetUser(Connection& c, int64_t id) { return LoadOne(c, "id = $1", {id}); }

Result<User> FindUserByUsername(Connection& c, std::string_view username) {
  return LoadOne(c, "username_key = $1", {domain::UsernameKey(username)});
}

Result<Page<User>> ListUsers(Connection& c, const UserFilter& f, const PageRequest& page) {
  Params where = {f.q.empty() ? Null() : Value(LikeContains(f.q)), Opt(f.org_id),
                  f.role ? Value(std::string(domain::RoleName(*f.role))) : Null()};
  const std::string kWhere =
      " WHERE (CAST($1 AS TEXT) IS NULL OR username LIKE $1 ESCAPE '\\' OR display_name LIKE $1 ESCAPE '\\')"
      " AND (CAST($2 AS BIGINT) IS NULL OR org_id = $2)"
      " AND (CAST($3 AS TEXT) IS NULL OR id IN (SELECT user_id FROM user_roles WHERE role = $3))";
  auto count = c.Query("SELECT COUNT(*) AS n FROM users" + kWhere, where);
  if (!count) return core::Fail(count.error());
  Params params = where;
  params.push_back(page.page_size);
  params.push_back(page.Offset());
  auto rows = c.Query("SELECT " + std::string(kColumns) + " FROM users" + kWhere + " ORDER BY id LIMIT $4 OFFSET $5",
                      params);
  if (!rows) return core::Fail(rows.error());
  Page<User> out;
  out.total = count->First().Int("n");
  for (size_t i = 0; i < rows->size(); ++i) {
    User u = FromRow(rows->Row(i));
    GJ_FAIL_IF_ERROR(LoadGrants(c, u));
    out.items.push_back(std::move(u));
  }
  return out;
}

Result<int64_t> CountUsersWithRole(Connection& c, Role role) {
  auto r = c.Query("SELECT COUNT(*) AS n FROM user_roles WHERE role = $1", {std::string(domain::RoleName(role))});
  if (!r) return core::Fail(r.error());
  return r->First().Int("n");
}

Result<User> CreateUser(Connection& c, User u, const std::string& now) {
  u.display_name = domain::TrimSpaces(u.display_name);
  GJ_FAIL_IF_ERROR(domain::ValidateUser(u));
  GJ_FAIL_IF_ERROR(CheckOrgExists(c, u.org_id, "org_id"));
  auto r = c.Query(
      "INSERT INTO users (org_id, username, username_key, display_name, status, scope_kind, password_hash,"
      " password_changed_at, must_change_password, version, created_at, updated_at)"
      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $8, $8) RETURNING id",
      {u.org_id, u.username, domain::UsernameKey(u.username), u.display_name,
       std::string(u.active ? "active" : "disabled"), std::string(domain::ScopeKindName(u.scope)), u.password_hash,
       now, int64_t{u.must_change_password ? 1 : 0}});
  if (!r) {
    if (r.error().key() == "duplicate") return core::Fail(Status::Conflict("username_taken", "username"));
    return core::Fail(r.error());
  }
  u.id = r->First().Int("id");
  GJ_FAIL_IF_ERROR(WriteGrants(c, u));
  auto hist = c.Query("INSERT INTO password_history (user_id, password_hash, created_at) VALUES ($1, $2, $3)",
                      {u.id, u.password_hash, now});
  if (!hist) return core::Fail(hist.error());
  return GetUser(c, u.id);
}

Result<User> UpdateUserProfile(Connection& c, int64_t id, int64_t expected_version, const std::string& display_name,
                               int64_t org_id, bool active, const std::string& now) {
  auto current = GetUser(c, id);
  if (!current) return current;
  if (current->version != expected_version) {
    return core::Fail(Status(core::Code::kFailedPrecondition, "stale_version", "", {std::to_string(current->version)}));
  }
  User u = *current;
  u.display_name = domain::TrimSpaces(display_name);
  u.org_id = org_id;
  u.active = active;
  GJ_FAIL_IF_ERROR(domain::ValidateUser(u));
  GJ_FAIL_IF_ERROR(CheckOrgExists(c, org_id, "org_id"));
  GJ_FAIL_IF_ERROR(StaleOr(c.Query(
      "UPDATE users SET display_name = $3, org_id = $4, status = $5, version = version + 1, updated_at = $6"
      " WHERE id = $1 AND version = $2 RETURNING id",
      {id, expected_version, u.display_name, org_id, std::string(active ? "active" : "disabled"), now})));
  return GetUser(c, id);
}

Result<User> UpdateUserGrants(Connection& c, int64_t id, int64_t expected_version, std::vector<Role> roles,
                              domain::ScopeKind scope, std::vector<int64_t> scope_orgs, const std::string& now) {
  auto current = GetUser(c, id);
  if (!current) return current;
  if (current->version != expected_version) {
    return core::Fail(Status(core::Code::kFailedPrecondition, "stale_version", "", {std::to_string(current->version)}));
  }
  User u = *current;
  u.roles = std::move(roles);
  // Administrators see no business data, so a data scope means nothing for them.
  bool admin = std::any_of(u.roles.begin(), u.roles.end(), domain::IsAdminRole);
  if (admin) scope = domain::ScopeKind::kOwn;
  u.scope = scope;
  u.scope_orgs = scope == domain::ScopeKind::kOrgs ? std::move(scope_orgs) : std::vector<int64_t>{};
  GJ_FAIL_IF_ERROR(domain::CheckRoleSet(u.roles));
  GJ_FAIL_IF_ERROR(domain::ValidateUser(u));
  GJ_FAIL_IF_ERROR(StaleOr(c.Query(
      "UPDATE users SET scope_kind = $3, version = version + 1, updated_at = $4 WHERE id = $1 AND version = $2"
      " RETURNING id",
      {id, expected_version, std::string(domain::ScopeKindName(scope)), now})));
  GJ_FAIL_IF_ERROR(WriteGrants(c, u));
  return GetUser(c, id);
}

Status SaveLoginState(Connection& c, int64_t id, int64_t failed_logins, const std::optional<std::string>& locked_until,
                      const std::optional<std::string>& last_login_at) {
  auto r = c.Query(
      "UPDATE users SET failed_logins = $2, locked_until = $3, last_login_at = COALESCE($4, last_login_at)"
      " WHERE id = $1",
      {id, failed_logins, Opt(locked_until), Opt(last_login_at)});
  return r ? Status::Ok() : r.error();
}

Status SetPassword(Connection& c, int64_t id, const std::string& hash, bool must_change, int keep,
                   const std::string& now) {
  auto r = c.Query(
      "UPDATE users SET password_hash = $2, password_changed_at = $3, must_change_password = $4, failed_logins = 0,"
      " locked_until = NULL, version = version + 1, updated_at = $3 WHERE id = $1",
      {id, hash, now, int64_t{must_change ? 1 : 0}});
  if (!r) return r.error();
  auto h = c.Query(
      "INSERT INTO password_history (user_id, password_hash, created_at) VALUES ($1, $2, $3)"
      " ON CONFLICT (user_id, password_hash) DO UPDATE SET created_at = $3",
      {id, hash, now});
  if (!h) return h.error();
  // Keep only the newest `keep` entries.
  auto prune = c.Query(
      "DELETE FROM password_history WHERE user_id = $1 AND password_hash NOT IN ("
      " SELECT password_hash FROM password_history WHERE user_id = $1 ORDER BY created_at DESC LIMIT $2)",
      {id, int64_t{std::max(keep, 1)}});
  return prune ? Status::Ok() : prune.error();
}

Result<std::vector<std::string>> PasswordHistory(Connection& c, int64_t id, int limit) {
  auto r = c.Query("SELECT password_hash FROM password_history WHERE user_id = $1 ORDER BY created_at DESC LIMIT $2",
                   {id, int64_t{limit}});
  if (!r) return core::Fail(r.error());
  std::vector<std::string> out;
  for (size_t i = 0; i < r->size(); ++i) out.push_back(r->Row(i).Text("password_hash"));
  return out;
}

Status SaveTotp(Connection& c, int64_t id, const std::optional<std::string>& secret,
                const std::optional<std::string>& pending, int64_t last_step) {
  auto r = c.Query("UPDATE users SET totp_secret = $2, totp_pending = $3, totp_last_step = $4 WHERE id = $1",
                   {id, Opt(secret), Opt(pending), last_step});
  return r ? Status::Ok() : r.error();
}

Status CreateSession(Connection& c, const Session& s, const std::string& source_ip, const std::string& user_agent) {
  auto r = c.Query(
      "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, source_ip,"
      " user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
      {s.token_hash, s.user_id, s.csrf_token, s.created_at, s.last_seen_at, s.expires_at, source_ip, user_agent});
  return r ? Status::Ok() : r.error();
}

Result<std::pair<Session, User>> FindSessionUser(Connection& c, const std::string& token_hash) {
  std::string columns;
  for (std::string_view rest = kColumns; !rest.empty();) {
    size_t comma = rest.find(',');
    std::string_view col = rest.substr(0, comma);
    while (!col.empty() && col.front() == ' ') col.remove_prefix(1);
    columns += (columns.empty() ? "u." : ", u.") + std::string(col);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  auto r = c.Query("SELECT " + columns +
                       ", s.token_hash AS s_token_hash, s.csrf_token AS s_csrf_token, s.created_at AS s_created_at,"
                       " s.last_seen_at AS s_last_seen_at, s.expires_at AS s_expires_at"
                       " FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1",
                   {token_hash});
  if (!r) return core::Fail(r.error());
  if (r->empty()) return core::Fail(Status::NotFound("session_not_found"));
  auto row = r->First();
  User u = FromRow(row);
  GJ_FAIL_IF_ERROR(LoadGrants(c, u));
  Session s{row.Text("s_token_hash"), u.id, row.Text("s_csrf_token"), row.Text("s_created_at"),
            row.Text("s_last_seen_at"), row.Text("s_expires_at")};
  return std::make_pair(std::move(s), std::move(u));
}

Status TouchSession(Connection& c, const std::string& token_hash, const std::string& now) {
  auto r = c.Query("UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1", {token_hash, now});
  return r ? Status::Ok() : r.error();
}

Status DeleteSession(Connection& c, const std::string& token_hash) {
  auto r = c.Query("DELETE FROM sessions WHERE token_hash = $1", {token_hash});
  return r ? Status::Ok() : r.error();
}

Status DeleteUserSessions(Connection& c, int64_t user_id, const std::string& keep_hash) {
  auto r = c.Query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2", {user_id, keep_hash});
  return r ? Status::Ok() : r.error();
}

Result<Setting> GetSetting(Connection& c, const std::string& key) {
  auto r = c.Query("SELECT value, version FROM settings WHERE key = $1", {key});
  if (!r) return core::Fail(r.error());
  if (r->empty()) return core::Fail(Status::NotFound("setting_not_found"));
  return Setting{r->First().Text("value"), r->First().Int("version")};
}

Result<Setting> PutSetting(Connection& c, const std::string& key, const std::string& value, int64_t expected_version,
                           const std::string& now) {
  Result<ResultSet> r = expected_version == 0
                            ? c.Query("INSERT INTO settings (key, value, version, updated_at) VALUES ($1, $2, 1, $3)"
                                      " ON CONFLICT (key) DO NOTHING RETURNING version",
                                      {key, value, now})
                            : c.Query("UPDATE settings SET value = $2, version = version + 1, updated_at = $4"
                                      " WHERE key = $1 AND version = $3 RETURNING version",
                                      {key, value, expected_version, now});
  if (!r) return core::Fail(r.error());
  if (r->empty()) {
    auto current = GetSetting(c, key);
    std::string now_version = current ? std::to_string(current->version) : "0";
    return core::Fail(Status(core::Code::kFailedPrecondition, "stale_version", "", {now_version}));
  }
  return Setting{value, r->First().Int("version")};
}

}  // namespace gongjian::store
