#include "api/session.h"

#include <nlohmann/json.hpp>

#include "api/errors.h"
#include "auth/crypto.h"
#include "core/sm3.h"
#include "store/user_repository.h"

namespace gongjian::api {
namespace {

using core::Status;

// Routes a user who must change the password may still call.
bool AllowedWhileRestricted(const http::Route& route) {
  return route.pattern == "/api/auth/me" || route.pattern == "/api/auth/password" ||
         route.pattern == "/api/auth/logout";
}

bool UnsafeMethod(std::string_view method) { return method != "GET" && method != "HEAD" && method != "OPTIONS"; }

std::optional<std::string> CookieValue(const http::Request& req, std::string_view name) {
  auto header = req.Header("Cookie");
  if (!header) return std::nullopt;
  std::string_view h = *header;
  while (!h.empty()) {
    size_t semi = h.find(';');
    std::string_view part = h.substr(0, semi);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (part.size() > name.size() && part.substr(0, name.size()) == name && part[name.size()] == '=') {
      return std::string(part.substr(name.size() + 1));
    }
    h = semi == std::string_view::npos ? std::string_view() : h.substr(semi + 1);
  }
  return std::nullopt;
}

// The Origin header, when sent, must name this host: a cross-site form or script fails here
// even before the CSRF token is compared.
bool SameOrigin(const http::Request& req) {
  auto origin = req.Header("Origin");
  if (!origin) return true;
  auto host = req.Header("Host");
  if (!host) return false;
  std::string_view o = *origin;
  auto scheme = o.find("://");
  if (scheme == std::string_view::npos) return false;
  return o.substr(scheme + 3) == *host;
}

auth::Principal ToPrincipal(const domain::User& u, const store::Session& s, bool restricted) {
  auth::Principal p;
  p.user_id = u.id;
  p.username = u.username;
  p.org_id = u.org_id;
  p.roles = u.roles;
  p.scope = u.scope;
  p.scope_orgs = u.scope_orgs;
  p.must_change_password = restricted;
  p.session_hash = s.token_hash;
  p.csrf_token = s.csrf_token;
  return p;
}

}  // namespace

std::string RolesText(const std::vector<domain::Role>& roles) {
  std::string out;
  for (auto r : roles) out += (out.empty() ? "" : ",") + std::string(domain::RoleName(r));
  return out;
}

auth::SecurityPolicy PolicyCache::Get(store::Database& db, core::TimePoint now) {
  std::lock_guard lock(mu_);
  if (valid_ && now - loaded_ < std::chrono::seconds(5) && now >= loaded_) return policy_;
  auto setting = db.ReadValue<store::Setting>(
      [](store::Connection& c) { return store::GetSetting(c, kPolicySettingKey); });
  auth::SecurityPolicy policy;
  if (setting) {
    auto parsed = PolicyFromJson(nlohmann::json::parse(setting->value, nullptr, false));
    if (parsed) policy = *parsed;
  }
  policy_ = policy;
  loaded_ = now;
  valid_ = true;
  return policy_;
}

void PolicyCache::Invalidate() {
  std::lock_guard lock(mu_);
  valid_ = false;
}

const auth::Principal& CurrentUser(const http::Request& request) {
  return std::any_cast<const auth::Principal&>(request.context);
}

std::string SessionCookieName(bool secure) { return secure ? "__Host-gj_session" : "gj_session"; }

std::string SessionCookie(const std::string& token, bool secure, long max_age_seconds) {
  std::string c = SessionCookieName(secure) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict";
  c += "; Max-Age=" + std::to_string(max_age_seconds > 0 ? max_age_seconds : 0);
  if (secure) c += "; Secure";
  return c;
}

bool SecureRequest(const ApiContext& ctx, const http::Request& request) {
  auto proto = request.Header("X-Forwarded-Proto");
  return ctx.secure_cookies || (proto && *proto == "https");
}

bool PasswordExpired(const auth::SecurityPolicy& policy, const std::string& changed_at, core::TimePoint now) {
  if (policy.password.expiry_days <= 0) return false;
  return changed_at < core::FormatTimestamp(now - std::chrono::hours(24) * policy.password.expiry_days);
}

void UseSessions(http::Router& router, const ApiContext& ctx) {
  router.Use([&ctx](http::Request& req, const http::Route& route, const http::Next& next) -> http::Response {
    if (!route.options.requires_session) return next(req);
    bool secure = SecureRequest(ctx, req);
    auto token = CookieValue(req, SessionCookieName(secure));
    if (!token || token->size() != 64) return ErrorResponse(Status(core::Code::kUnauthenticated, "unauthenticated"), req);
    std::string hash = core::Sm3Hex(*token);
    core::TimePoint now = ctx.clock.Now();
    auth::SecurityPolicy policy = ctx.policy->Get(ctx.db, now);
    std::string now_text = core::FormatTimestamp(now);
    std::string idle_limit = core::FormatTimestamp(now - std::chrono::minutes(policy.idle_minutes));

    auto found = ctx.db.ReadValue<std::pair<store::Session, domain::User>>(
        [&](store::Connection& c) { return store::FindSessionUser(c, hash); });
    if (!found) {
      if (found.error().code() == core::Code::kNotFound) {
        return ErrorResponse(Status(core::Code::kUnauthenticated, "unauthenticated"), req);
      }
      return ErrorResponse(found.error(), req);
    }
    const auto& [session, user] = *found;
    bool expired = session.expires_at <= now_text || session.last_seen_at < idle_limit;
    if (expired || !user.active) {
      ctx.db.Write([&](store::Connection& c) { return store::DeleteSession(c, hash); });
      return ErrorResponse(Status(core::Code::kUnauthenticated, expired ? "session_expired" : "account_disabled"), req);
    }
    if (UnsafeMethod(req.method)) {
      auto csrf = req.Header("X-CSRF-Token");
      if (!SameOrigin(req) || !csrf || !auth::ConstantTimeEquals(*csrf, session.csrf_token)) {
        return ErrorResponse(Status(core::Code::kPermissionDenied, "csrf_invalid"), req);
      }
    }
    bool restricted = user.must_change_password || PasswordExpired(policy, user.password_changed_at, now);
    if (restricted && !AllowedWhileRestricted(route)) {
      return ErrorResponse(Status(core::Code::kPermissionDenied, "password_change_required"), req);
    }
    // Record activity at most once a minute: the idle limit is in minutes, and a write per
    // request would queue every read behind SQLite's single writer.
    if (session.last_seen_at < core::FormatTimestamp(now - std::chrono::minutes(1))) {
      ctx.db.Write([&](store::Connection& c) { return store::TouchSession(c, hash, now_text); });
    }
    req.context = ToPrincipal(user, session, restricted);
    return next(req);
  });
}

store::AuditEntry AuditOf(const ApiContext& ctx, const http::Request& request, const auth::Principal* who,
                          std::string event_type, std::string object_type, std::string object_id) {
  store::AuditEntry e;
  e.ts_utc = core::FormatTimestamp(ctx.clock.Now());
  if (who) {
    e.actor_user_id = who->user_id;
    e.actor_login = who->username;
    e.actor_roles = RolesText(who->roles);
    e.session_hash = who->session_hash;
  }
  e.source_ip = request.remote_address;
  std::string agent(request.Header("User-Agent").value_or(""));
  for (auto& ch : agent) {
    if (static_cast<unsigned char>(ch) < 0x20) ch = ' ';
  }
  e.user_agent = agent.substr(0, 200);
  e.request_id = request.request_id;
  e.event_type = std::move(event_type);
  e.object_type = std::move(object_type);
  e.object_id = std::move(object_id);
  return e;
}

Status BusinessAccess(const http::Request& request, auth::Action action) {
  return auth::Authorize(CurrentUser(request), action, {.kind = auth::Object::Kind::kBusiness});
}

Status Record(store::Connection& c, const ApiContext& ctx, store::AuditEntry entry) {
  return store::AppendAudit(c, std::move(entry), [&ctx](std::string_view canonical) {
    return ctx.keys->SignAudit(canonical);
  });
}

nlohmann::json PolicyToJson(const auth::SecurityPolicy& p) {
  return {{"password_min_length", p.password.min_length},
          {"password_min_classes", p.password.min_classes},
          {"password_expiry_days", p.password.expiry_days},
          {"password_history", p.password.history},
          {"password_iterations", p.password.iterations},
          {"lockout_threshold", p.lockout_threshold},
          {"lockout_minutes", p.lockout_minutes},
          {"idle_minutes", p.idle_minutes},
          {"absolute_hours", p.absolute_hours},
          {"totp_required", p.totp_required},
          {"login_attempts_per_minute", p.login_attempts_per_minute}};
}

core::Result<auth::SecurityPolicy> PolicyFromJson(const nlohmann::json& j) {
  if (!j.is_object()) return core::Fail(Status::Invalid("body", "body_not_object"));
  auth::SecurityPolicy p;
  struct IntField {
    const char* name;
    int* target;
  };
  const IntField ints[] = {{"password_min_length", &p.password.min_length},
                           {"password_min_classes", &p.password.min_classes},
                           {"password_expiry_days", &p.password.expiry_days},
                           {"password_history", &p.password.history},
                           {"password_iterations", &p.password.iterations},
                           {"lockout_threshold", &p.lockout_threshold},
                           {"lockout_minutes", &p.lockout_minutes},
                           {"idle_minutes", &p.idle_minutes},
                           {"absolute_hours", &p.absolute_hours},
                           {"login_attempts_per_minute", &p.login_attempts_per_minute}};
  for (const auto& [key, value] : j.items()) {
    bool known = key == "totp_required";
    for (const auto& f : ints) known = known || key == f.name;
    if (!known) return core::Fail(Status::Invalid(key, "unknown_field"));
  }
  for (const auto& f : ints) {
    auto it = j.find(f.name);
    if (it == j.end()) continue;
    if (!it->is_number_integer() || it->get<int64_t>() < INT32_MIN || it->get<int64_t>() > INT32_MAX) {
      return core::Fail(Status::Invalid(f.name, "wrong_type_integer"));
    }
    *f.target = it->get<int>();
  }
  if (auto it = j.find("totp_required"); it != j.end()) {
    if (!it->is_boolean()) return core::Fail(Status::Invalid("totp_required", "wrong_type_boolean"));
    p.totp_required = it->get<bool>();
  }
  GJ_FAIL_IF_ERROR(auth::ValidateSecurityPolicy(p));
  return p;
}

}  // namespace gongjian::api
