#include "api/users.h"

#include <cctype>

#include "api/exports.h"
#include "api/json_input.h"
#include "api/respond.h"
#include "api/session.h"
#include "auth/crypto.h"
#include "auth/password.h"
#include "store/audit_repository.h"
#include "store/user_repository.h"

namespace gongjian::api {
namespace {

using auth::Action;
using auth::Object;
using core::Code;
using core::Result;
using core::Status;
using domain::User;

nlohmann::json UserJson(const User& u, const std::string& now_text) {
  nlohmann::json roles = nlohmann::json::array();
  for (auto r : u.roles) roles.push_back(domain::RoleName(r));
  return {{"id", u.id},
          {"username", u.username},
          {"display_name", u.display_name},
          {"org_id", u.org_id},
          {"active", u.active},
          {"roles", roles},
          {"scope", {{"kind", domain::ScopeKindName(u.scope)}, {"org_ids", u.scope_orgs}}},
          {"locked", u.locked_until.has_value() && *u.locked_until > now_text},
          {"must_change_password", u.must_change_password},
          {"totp_enabled", u.totp_secret.has_value()},
          {"last_login_at", u.last_login_at ? nlohmann::json(*u.last_login_at) : nlohmann::json(nullptr)},
          {"version", u.version},
          {"created_at", u.created_at},
          {"updated_at", u.updated_at}};
}

// Runs `fn` when the caller may do `action`; the one door every handler here goes through.
template <typename Fn>
http::Response Guarded(const http::Request& req, Action action, Object::Kind kind, Fn&& fn) {
  if (Status s = auth::Authorize(CurrentUser(req), action, {.kind = kind}); !s.ok()) return ErrorResponse(s, req);
  return fn();
}

std::string Now(const ApiContext& ctx) { return core::FormatTimestamp(ctx.clock.Now()); }


http::Response ListUsersHandler(const ApiContext& ctx, http::Request& req) {
  auto page = QueryInt(req, "page", 1, 1, 1'000'000);
  if (!page) return ErrorResponse(page.error(), req);
  auto size = QueryInt(req, "page_size", 20, 1, 200);
  if (!size) return ErrorResponse(size.error(), req);
  store::UserFilter f;
  f.q = std::string(req.Query("q").value_or(""));
  if (req.Query("org_id")) {
    auto org = QueryInt(req, "org_id", 0, 1, INT64_MAX);
    if (!org) return ErrorResponse(org.error(), req);
    f.org_id = *org;
  }
  if (auto role = req.Query("role")) {
    f.role = domain::ParseRole(*role);
    if (!f.role) return ErrorResponse(Status::Invalid("role", "invalid_enum", {"system_admin, security_admin, audit_admin, leader, office, unit, owner, viewer"}), req);
  }
  auto result = ctx.db.ReadValue<store::Page<User>>(
      [&](store::Connection& c) { return store::ListUsers(c, f, {*page, *size}); });
  if (!result) return ErrorResponse(result.error(), req);
  std::string now = Now(ctx);
  nlohmann::json items = nlohmann::json::array();
  for (const auto& u : result->items) items.push_back(UserJson(u, now));
  return JsonResponse(200, {{"items", items}, {"total", result->total}, {"page", *page}, {"page_size", *size}});
}

http::Response GetUserHandler(const ApiContext& ctx, http::Request& req) {
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("user_not_found"), req);
  auto u = ctx.db.ReadValue<User>([&](store::Connection& c) { return store::GetUser(c, *id); });
  if (!u) return ErrorResponse(u.error(), req);
  return VersionedResponse(200, UserJson(*u, Now(ctx)), u->version);
}

http::Response CreateUserHandler(const ApiContext& ctx, http::Request& req) {
  auto in = JsonInput::Parse(req, {"username", "display_name", "org_id"});
  if (!in) return ErrorResponse(in.error(), req);
  User u;
  auto username = in->RequiredString("username");
  if (!username) return ErrorResponse(username.error(), req);
  auto display = in->RequiredString("display_name");
  if (!display) return ErrorResponse(display.error(), req);
  auto org = in->Int("org_id");
  if (!org) return ErrorResponse(org.error(), req);
  if (!*org) return ErrorResponse(Status::Invalid("org_id", "required"), req);
  u.username = *username;
  u.display_name = *display;
  u.org_id = **org;
  u.must_change_password = true;
  auth::SecurityPolicy policy = ctx.policy->Get(ctx.db, ctx.clock.Now());
  std::string one_time = NewOneTimePassword();
  u.password_hash = auth::HashPassword(one_time, ctx.keys->pepper, policy.password.iterations);
  const auth::Principal& who = CurrentUser(req);
  auto created = ctx.db.WriteValue<User>([&](store::Connection& c) -> Result<User> {
    auto r = store::CreateUser(c, u, Now(ctx));
    if (!r) return r;
    store::AuditEntry e = AuditOf(ctx, req, &who, "user.create", "user", std::to_string(r->id));
    e.changes = nlohmann::json{{"username", r->username}, {"display_name", r->display_name}, {"org_id", r->org_id}}.dump();
    GJ_FAIL_IF_ERROR(Record(c, ctx, std::move(e)));
    return r;
  });
  if (!created) return ErrorResponse(created.error(), req);
  http::Response r = VersionedResponse(201, {{"user", UserJson(*created, Now(ctx))}, {"one_time_password", one_time}},
                                       created->version);
  r.SetHeader("Location", "/api/users/" + std::to_string(created->id));
  return r;
}

http::Response UpdateUserHandler(const ApiContext& ctx, http::Request& req) {
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("user_not_found"), req);
  auto version = IfMatchVersion(req);
  if (!version) return ErrorResponse(version.error(), req);
  auto in = JsonInput::Parse(req, {"display_name", "org_id", "active"});
  if (!in) return ErrorResponse(in.error(), req);
  auto display = in->String("display_name");
  if (!display) return ErrorResponse(display.error(), req);
  auto org = in->Int("org_id");
  if (!org) return ErrorResponse(org.error(), req);
  auto active = in->Bool("active");
  if (!active) return ErrorResponse(active.error(), req);
  const auth::Principal& who = CurrentUser(req);
  if (*id == who.user_id && active->has_value() && !**active) {
    return ErrorResponse(Status(Code::kConflict, "cannot_disable_self"), req);
  }
  auto updated = ctx.db.WriteValue<User>([&](store::Connection& c) -> Result<User> {
    auto before = store::GetUser(c, *id);
    if (!before) return before;
    auto r = store::UpdateUserProfile(c, *id, *version, display->value_or(before->display_name),
                                      org->value_or(before->org_id), active->value_or(before->active), Now(ctx));
    if (!r) return r;
    if (!r->active) GJ_FAIL_IF_ERROR(store::DeleteUserSessions(c, r->id, ""));
    store::AuditEntry e = AuditOf(ctx, req, &who, "user.update", "user", std::to_string(r->id));
    e.changes = nlohmann::json{{"before", {{"display_name", before->display_name}, {"org_id", before->org_id}, {"active", before->active}}},
                               {"after", {{"display_name", r->display_name}, {"org_id", r->org_id}, {"active", r->active}}}}
                    .dump();
    GJ_FAIL_IF_ERROR(Record(c, ctx, std::move(e)));
    return r;
  });
  if (!updated) return ErrorResponse(updated.error(), req);
  return VersionedResponse(200, UserJson(*updated, Now(ctx)), updated->version);
}

Result<std::vector<domain::Role>> ReadRoles(const nlohmann::json& body) {
  auto it = body.find("roles");
  if (it == body.end() || !it->is_array()) return core::Fail(Status::Invalid("roles", "required"));
  std::vector<domain::Role> roles;
  for (const auto& r : *it) {
    auto role = r.is_string() ? domain::ParseRole(r.get<std::string>()) : std::nullopt;
    if (!role) {
      return core::Fail(Status::Invalid("roles", "invalid_enum",
                                        {"system_admin, security_admin, audit_admin, leader, office, unit, owner, viewer"}));
    }
    roles.push_back(*role);
  }
  return roles;
}

http::Response GrantHandler(const ApiContext& ctx, http::Request& req) {
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("user_not_found"), req);
  auto version = IfMatchVersion(req);
  if (!version) return ErrorResponse(version.error(), req);
  auto in = JsonInput::Parse(req, {"roles", "scope", "scope_orgs"});
  if (!in) return ErrorResponse(in.error(), req);
  auto roles = ReadRoles(in->Raw());
  if (!roles) return ErrorResponse(roles.error(), req);
  auto scope_text = in->String("scope");
  if (!scope_text) return ErrorResponse(scope_text.error(), req);
  auto scope = domain::ParseScopeKind(scope_text->value_or("own"));
  if (!scope) return ErrorResponse(Status::Invalid("scope", "invalid_enum", {"own, orgs, all"}), req);
  auto scope_orgs = in->IntList("scope_orgs");
  if (!scope_orgs) return ErrorResponse(scope_orgs.error(), req);
  const auth::Principal& who = CurrentUser(req);
  if (*id == who.user_id) return ErrorResponse(Status(Code::kConflict, "cannot_change_own_grants"), req);
  auto updated = ctx.db.WriteValue<User>([&](store::Connection& c) -> Result<User> {
    auto before = store::GetUser(c, *id);
    if (!before) return before;
    auto r = store::UpdateUserGrants(c, *id, *version, *roles, *scope, *scope_orgs, Now(ctx));
    if (!r) return r;
    auto grants = [](const User& u) {
      nlohmann::json roles = nlohmann::json::array();
      for (auto role : u.roles) roles.push_back(domain::RoleName(role));
      return nlohmann::json{{"roles", roles}, {"scope", domain::ScopeKindName(u.scope)}, {"scope_orgs", u.scope_orgs}};
    };
    store::AuditEntry e = AuditOf(ctx, req, &who, "role.grant", "user", std::to_string(r->id));
    e.changes = nlohmann::json{{"before", grants(*before)}, {"after", grants(*r)}}.dump();
    GJ_FAIL_IF_ERROR(Record(c, ctx, std::move(e)));
    return r;
  });
  if (!updated) return ErrorResponse(updated.error(), req);
  return VersionedResponse(200, UserJson(*updated, Now(ctx)), updated->version);
}

http::Response UnlockHandler(const ApiContext& ctx, http::Request& req) {
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("user_not_found"), req);
  const auth::Principal& who = CurrentUser(req);
  Status s = ctx.db.Write([&](store::Connection& c) -> Status {
    auto u = store::GetUser(c, *id);
    if (!u) return u.error();
    GJ_RETURN_IF_ERROR(store::SaveLoginState(c, u->id, 0, std::nullopt, std::nullopt));
    return Record(c, ctx, AuditOf(ctx, req, &who, "user.unlock", "user", std::to_string(u->id)));
  });
  return s.ok() ? NoContentResponse() : ErrorResponse(s, req);
}

http::Response ResetPasswordHandler(const ApiContext& ctx, http::Request& req) {
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("user_not_found"), req);
  const auth::Principal& who = CurrentUser(req);
  if (*id == who.user_id) return ErrorResponse(Status(Code::kConflict, "cannot_reset_own_password"), req);
  auth::SecurityPolicy policy = ctx.policy->Get(ctx.db, ctx.clock.Now());
  std::string one_time = NewOneTimePassword();
  std::string hash = auth::HashPassword(one_time, ctx.keys->pepper, policy.password.iterations);
  Status s = ctx.db.Write([&](store::Connection& c) -> Status {
    auto u = store::GetUser(c, *id);
    if (!u) return u.error();
    GJ_RETURN_IF_ERROR(store::SetPassword(c, u->id, hash, true, policy.password.history, Now(ctx)));
    GJ_RETURN_IF_ERROR(store::DeleteUserSessions(c, u->id, ""));
    return Record(c, ctx, AuditOf(ctx, req, &who, "user.password_reset", "user", std::to_string(u->id)));
  });
  if (!s.ok()) return ErrorResponse(s, req);
  return JsonResponse(200, {{"one_time_password", one_time}});
}

http::Response GetPolicyHandler(const ApiContext& ctx, http::Request& req) {
  auto setting = ctx.db.ReadValue<store::Setting>(
      [](store::Connection& c) { return store::GetSetting(c, kPolicySettingKey); });
  if (!setting && setting.error().code() != Code::kNotFound) return ErrorResponse(setting.error(), req);
  auth::SecurityPolicy policy = ctx.policy->Get(ctx.db, ctx.clock.Now());
  return VersionedResponse(200, PolicyToJson(policy), setting ? setting->version : 0);
}

http::Response PutPolicyHandler(const ApiContext& ctx, http::Request& req) {
  auto raw = req.Header("If-Match");
  int64_t version = 0;
  if (!raw || (*raw != "\"0\"" && *raw != "0")) {
    auto v = IfMatchVersion(req);
    if (!v) return ErrorResponse(v.error(), req);
    version = *v;
  }
  auto in = JsonInput::Parse(req);
  if (!in) return ErrorResponse(in.error(), req);
  auto policy = PolicyFromJson(in->Raw());
  if (!policy) return ErrorResponse(policy.error(), req);
  const auth::Principal& who = CurrentUser(req);
  std::string value = PolicyToJson(*policy).dump();
  auto saved = ctx.db.WriteValue<store::Setting>([&](store::Connection& c) -> Result<store::Setting> {
    auto before = store::GetSetting(c, kPolicySettingKey);
    auto r = store::PutSetting(c, kPolicySettingKey, value, version, Now(ctx));
    if (!r) return r;
    store::AuditEntry e = AuditOf(ctx, req, &who, "policy.update", "setting", kPolicySettingKey);
    e.changes = nlohmann::json{{"before", before ? nlohmann::json::parse(before->value, nullptr, false) : nullptr},
                               {"after", nlohmann::json::parse(value)}}
                    .dump();
    GJ_FAIL_IF_ERROR(Record(c, ctx, std::move(e)));
    return r;
  });
  if (!saved) return ErrorResponse(saved.error(), req);
  ctx.policy->Invalidate();
  return VersionedResponse(200, PolicyToJson(*policy), saved->version);
}

// "2026-11-29", "2026-11-29T08", "2026-11-29T08:30:00.000Z": a prefix of the stored UTC form.
bool ValidTimestampPrefix(const std::string& s) {
  static constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd.dddZ";
  if (s.size() < 10 || s.size() > kShape.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    bool digit = std::isdigit(static_cast<unsigned char>(s[i]));
    if (kShape[i] == 'd' ? !digit : s[i] != kShape[i]) return false;
  }
  return true;
}

Result<store::AuditFilter> ReadAuditFilter(const http::Request& req) {
  store::AuditFilter f;
  f.from = std::string(req.Query("from").value_or(""));
  f.to = std::string(req.Query("to").value_or(""));
  f.actor_login = std::string(req.Query("actor").value_or(""));
  f.event_type = std::string(req.Query("event_type").value_or(""));
  f.outcome = std::string(req.Query("outcome").value_or(""));
  // Timestamps compare as text, so a malformed bound would filter wrongly without a word.
  for (auto [field, value] : {std::pair<const char*, std::string*>{"from", &f.from}, {"to", &f.to}}) {
    if (!value->empty() && !ValidTimestampPrefix(*value)) return core::Fail(Status::Invalid(field, "timestamp_format"));
  }
  if (!f.outcome.empty() && f.outcome != "success" && f.outcome != "failure") {
    return core::Fail(Status::Invalid("outcome", "invalid_enum", {"success, failure"}));
  }
  return f;
}

nlohmann::json AuditJson(const store::AuditEntry& e) {
  return {{"id", e.id},
          {"ts_utc", e.ts_utc},
          {"actor_user_id", e.actor_user_id ? nlohmann::json(*e.actor_user_id) : nlohmann::json(nullptr)},
          {"actor_login", e.actor_login},
          {"actor_roles", e.actor_roles},
          {"source_ip", e.source_ip},
          {"user_agent", e.user_agent},
          {"request_id", e.request_id},
          {"event_type", e.event_type},
          {"object_type", e.object_type},
          {"object_id", e.object_id},
          {"outcome", e.outcome},
          {"reason_code", e.reason_code},
          {"changes", nlohmann::json::parse(e.changes, nullptr, false)}};
}

http::Response ListAuditHandler(const ApiContext& ctx, http::Request& req) {
  auto page = QueryInt(req, "page", 1, 1, 1'000'000);
  if (!page) return ErrorResponse(page.error(), req);
  auto size = QueryInt(req, "page_size", 50, 1, 500);
  if (!size) return ErrorResponse(size.error(), req);
  auto filter = ReadAuditFilter(req);
  if (!filter) return ErrorResponse(filter.error(), req);
  auto result = ctx.db.ReadValue<store::Page<store::AuditEntry>>(
      [&](store::Connection& c) { return store::ListAudit(c, *filter, {*page, *size}); });
  if (!result) return ErrorResponse(result.error(), req);
  nlohmann::json items = nlohmann::json::array();
  for (const auto& e : result->items) items.push_back(AuditJson(e));
  return JsonResponse(200, {{"items", items}, {"total", result->total}, {"page", *page}, {"page_size", *size}});
}

std::string CsvField(const std::string& s) {
  std::string out = "\"";
  // A leading = + - @ would make a spreadsheet evaluate the cell: neutralise it.
  if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@')) out += '\'';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// The filtered log as CSV (UTF-8 with a byte-order mark for Excel; format=xlsx: a workbook, see
// AuditXlsxResponse), at most 100,000 rows;
// the export itself is audited in the same transaction that reads it.
http::Response ExportAuditHandler(const ApiContext& ctx, http::Request& req) {
  auto filter = ReadAuditFilter(req);
  if (!filter) return ErrorResponse(filter.error(), req);
  const std::string_view format = req.Query("format").value_or("csv");
  if (format == "xlsx") return AuditXlsxResponse(ctx, req, *filter);
  if (format != "csv" && !format.empty()) {
    return ErrorResponse(Status::Invalid("format", "invalid_enum", {"csv, xlsx"}), req);
  }
  const auth::Principal& who = CurrentUser(req);
  std::string csv = "\xEF\xBB\xBFid,ts_utc,actor_login,actor_roles,source_ip,user_agent,request_id,event_type,"
                    "object_type,object_id,outcome,reason_code,changes\r\n";
  Status s = ctx.db.Write([&](store::Connection& c) -> Status {
    auto page = store::ListAudit(c, *filter, {1, 100000});
    if (!page) return page.error();
    for (const auto& e : page->items) {
      csv += std::to_string(e.id) + "," + CsvField(e.ts_utc) + "," + CsvField(e.actor_login) + "," +
             CsvField(e.actor_roles) + "," + CsvField(e.source_ip) + "," + CsvField(e.user_agent) + "," +
             CsvField(e.request_id) + "," +
             CsvField(e.event_type) + "," + CsvField(e.object_type) + "," + CsvField(e.object_id) + "," +
             CsvField(e.outcome) + "," + CsvField(e.reason_code) + "," + CsvField(e.changes) + "\r\n";
    }
    store::AuditEntry e = AuditOf(ctx, req, &who, "audit.export", "audit_log", "");
    e.changes = nlohmann::json{{"rows", page->items.size()}, {"from", filter->from}, {"to", filter->to},
                               {"actor", filter->actor_login}, {"event_type", filter->event_type}}
                    .dump();
    return Record(c, ctx, std::move(e));
  });
  if (!s.ok()) return ErrorResponse(s, req);
  http::Response r;
  r.content_type = "text/csv; charset=utf-8";
  r.body = std::move(csv);
  r.SetHeader("Content-Disposition", "attachment; filename=\"audit-log.csv\"");
  return r;
}

}  // namespace

std::string NewOneTimePassword() {
  static constexpr std::string_view kLower = "abcdefghijkmnpqrstuvwxyz", kUpper = "ABCDEFGHJKLMNPQRSTUVWXYZ",
                                    kDigits = "23456789", kOther = "#%+=@";
  std::string bytes = auth::RandomBytes(20);
  std::string out;
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::string_view set = i % 5 == 4 ? kOther : i % 3 == 0 ? kUpper : i % 3 == 1 ? kLower : kDigits;
    out += set[static_cast<unsigned char>(bytes[i]) % set.size()];
  }
  return out;
}

void AddUserRoutes(http::Router& router, const ApiContext& ctx) {
  using K = Object::Kind;
  auto add = [&](const char* method, const char* pattern, Action action, K kind, auto handler,
                 http::RouteOptions options = {}) {
    router.Add(method, pattern, [&ctx, action, kind, handler](http::Request& r) {
      return Guarded(r, action, kind, [&] { return handler(ctx, r); });
    }, options);
  };
  add("GET", "/api/users", Action::kUserRead, K::kUser, ListUsersHandler);
  add("POST", "/api/users", Action::kUserWrite, K::kUser, CreateUserHandler);
  add("GET", "/api/users/{id}", Action::kUserRead, K::kUser, GetUserHandler);
  add("PATCH", "/api/users/{id}", Action::kUserWrite, K::kUser, UpdateUserHandler);
  add("PUT", "/api/users/{id}/grants", Action::kUserGrant, K::kUser, GrantHandler);
  add("POST", "/api/users/{id}/unlock", Action::kUserUnlock, K::kUser, UnlockHandler, {.json_body = false});
  add("POST", "/api/users/{id}/reset-password", Action::kUserResetPassword, K::kUser, ResetPasswordHandler,
      {.json_body = false});
  add("GET", "/api/security/policy", Action::kPolicyRead, K::kPolicy, GetPolicyHandler);
  add("PUT", "/api/security/policy", Action::kPolicyWrite, K::kPolicy, PutPolicyHandler);
  add("GET", "/api/audit", Action::kAuditRead, K::kAudit, ListAuditHandler);
  add("GET", "/api/audit/export", Action::kAuditExport, K::kAudit, ExportAuditHandler);
}

}  // namespace gongjian::api
