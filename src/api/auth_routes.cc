#include "api/auth_routes.h"

#include "api/json_input.h"
#include "api/login_guard.h"
#include "api/respond.h"
#include "api/session.h"
#include "auth/crypto.h"
#include "auth/password.h"
#include "auth/totp.h"
#include "core/sm3.h"
#include "store/user_repository.h"

namespace gongjian::api {
namespace {

using core::Code;
using core::Result;
using core::Status;
using domain::User;

constexpr const char* kIssuer = "重大项目攻坚平台";

nlohmann::json UserMeJson(const User& u, bool must_change, bool expired) {
  nlohmann::json roles = nlohmann::json::array();
  for (auto r : u.roles) roles.push_back(domain::RoleName(r));
  return {{"id", u.id},
          {"username", u.username},
          {"display_name", u.display_name},
          {"org_id", u.org_id},
          {"roles", roles},
          {"scope", {{"kind", domain::ScopeKindName(u.scope)}, {"org_ids", u.scope_orgs}}},
          {"must_change_password", must_change},
          {"password_expired", expired},
          {"totp_enabled", u.totp_secret.has_value()}};
}

// What a sign-in attempt came to, decided inside the transaction that records it.
struct LoginOutcome {
  Status status;  // ok on success
  User user;
  std::string token;
  std::string csrf;
};

struct Attempt {
  std::string username;
  std::string password;
  std::optional<std::string> otp;
};

Status Fail(LoginOutcome& out, std::string key, std::string field = {}) {
  out.status = Status(Code::kUnauthenticated, std::move(key), std::move(field));
  return Status::Ok();  // commit the bookkeeping and the audit row
}

Status LoginInTransaction(const ApiContext& ctx, const http::Request& req, const Attempt& a,
                          const auth::SecurityPolicy& policy, LoginOutcome& out, store::Connection& c) {
  core::TimePoint now = ctx.clock.Now();
  std::string now_text = core::FormatTimestamp(now);
  auto audit = [&](const char* event, const char* outcome, const char* reason, const User* u) {
    store::AuditEntry e = AuditOf(ctx, req, nullptr, event, "user", u ? std::to_string(u->id) : "");
    e.actor_user_id = u ? std::optional<int64_t>(u->id) : std::nullopt;
    e.actor_login = a.username.substr(0, 64);
    if (u) e.actor_roles = RolesText(u->roles);
    e.outcome = outcome;
    e.reason_code = reason;
    return Record(c, ctx, std::move(e));
  };
  auto found = store::FindUserByUsername(c, a.username);
  if (!found && found.error().code() != Code::kNotFound) return found.error();
  if (!found || !found->active) {
    // Same work and same answer as a wrong password: no account enumeration.
    auth::BurnPasswordCheck(ctx.keys->pepper, policy.password.iterations);
    bool locked = ctx.guard->RecordUnknownFailure(domain::UsernameKey(a.username), now, policy.lockout_threshold,
                                                  std::chrono::minutes(policy.lockout_minutes));
    GJ_RETURN_IF_ERROR(audit("auth.login_failed", "failure", found ? "account_disabled" : "unknown_user", nullptr));
    return Fail(out, locked ? "account_locked" : "invalid_credentials");
  }
  User& u = *found;
  if (u.locked_until && *u.locked_until > now_text) {
    auth::BurnPasswordCheck(ctx.keys->pepper, policy.password.iterations);
    GJ_RETURN_IF_ERROR(audit("auth.login_failed", "failure", "locked", &u));
    return Fail(out, "account_locked");
  }
  auto failed = [&](const char* reason, const char* key) -> Status {
    int64_t failures = u.failed_logins + 1;
    std::optional<std::string> locked_until;
    if (failures >= policy.lockout_threshold) {
      locked_until = core::FormatTimestamp(now + std::chrono::minutes(policy.lockout_minutes));
      failures = 0;
    }
    GJ_RETURN_IF_ERROR(store::SaveLoginState(c, u.id, failures, locked_until, std::nullopt));
    GJ_RETURN_IF_ERROR(audit("auth.login_failed", "failure", reason, &u));
    if (locked_until) {
      GJ_RETURN_IF_ERROR(audit("auth.lockout", "success", "too_many_failures", &u));
      return Fail(out, "account_locked");
    }
    return Fail(out, key);
  };
  if (!auth::VerifyPassword(a.password, ctx.keys->pepper, u.password_hash)) {
    return failed("wrong_password", "invalid_credentials");
  }
  if (u.totp_secret) {
    if (!a.otp || a.otp->empty()) return Fail(out, "otp_required", "otp");
    auto secret = auth::Open(ctx.keys->totp, auth::HexDecode(*u.totp_secret).value_or(""), "totp:" + std::to_string(u.id));
    if (!secret) return Status::Internal("sealed TOTP secret of user " + std::to_string(u.id) + " does not open");
    auto step = auth::Totp().Verify(*secret, *a.otp, std::chrono::duration_cast<std::chrono::seconds>(
                                                         now.time_since_epoch()).count());
    if (!step || *step <= u.totp_last_step) return failed("wrong_otp", "otp_invalid");
    GJ_RETURN_IF_ERROR(store::SaveTotp(c, u.id, u.totp_secret, u.totp_pending, *step));
  }
  GJ_RETURN_IF_ERROR(store::SaveLoginState(c, u.id, 0, std::nullopt, now_text));
  out.token = auth::HexEncode(auth::RandomBytes(32));
  out.csrf = auth::HexEncode(auth::RandomBytes(32));
  store::Session s{core::Sm3Hex(out.token), u.id, out.csrf, now_text, now_text,
                   core::FormatTimestamp(now + std::chrono::hours(policy.absolute_hours))};
  GJ_RETURN_IF_ERROR(store::CreateSession(c, s, req.remote_address,
                                          std::string(req.Header("User-Agent").value_or("")).substr(0, 200)));
  store::AuditEntry e = AuditOf(ctx, req, nullptr, "auth.login", "user", std::to_string(u.id));
  e.actor_user_id = u.id;
  e.actor_login = u.username;
  e.actor_roles = RolesText(u.roles);
  e.session_hash = s.token_hash;
  GJ_RETURN_IF_ERROR(Record(c, ctx, std::move(e)));
  out.user = u;
  out.status = Status::Ok();
  return Status::Ok();
}

http::Response Login(const ApiContext& ctx, http::Request& req) {
  core::TimePoint now = ctx.clock.Now();
  auth::SecurityPolicy policy = ctx.policy->Get(ctx.db, now);
  if (!ctx.guard->AllowAttempt(req.remote_address, now, policy.login_attempts_per_minute)) {
    const std::string wait = std::to_string(LoginGuard::SecondsUntilNextWindow(now));
    http::Response r = ErrorResponse(Status(Code::kTooManyRequests, "too_many_attempts", {}, {wait}), req);
    r.SetHeader("Retry-After", wait);
    return r;
  }
  auto in = JsonInput::Parse(req, {"username", "password", "otp"});
  if (!in) return ErrorResponse(in.error(), req);
  Attempt a;
  auto username = in->RequiredString("username");
  if (!username) return ErrorResponse(username.error(), req);
  auto password = in->RequiredString("password");
  if (!password) return ErrorResponse(password.error(), req);
  auto otp = in->String("otp");
  if (!otp) return ErrorResponse(otp.error(), req);
  a.username = std::move(*username);
  a.password = std::move(*password);
  a.otp = *otp;
  if (a.username.size() > 64 || a.password.size() > 1024) {
    return ErrorResponse(Status(Code::kUnauthenticated, "invalid_credentials"), req);
  }
  LoginOutcome out;
  Status s = ctx.db.Write([&](store::Connection& c) { return LoginInTransaction(ctx, req, a, policy, out, c); });
  auth::Cleanse(a.password);
  if (!s.ok()) return ErrorResponse(s, req);
  if (!out.status.ok()) return ErrorResponse(out.status, req);
  bool expired = PasswordExpired(policy, out.user.password_changed_at, now);
  http::Response r = JsonResponse(200, {{"user", UserMeJson(out.user, out.user.must_change_password || expired, expired)},
                                        {"csrf_token", out.csrf}});
  r.SetHeader("Set-Cookie", SessionCookie(out.token, SecureRequest(ctx, req), policy.absolute_hours * 3600L));
  return r;
}

http::Response Logout(const ApiContext& ctx, http::Request& req) {
  const auth::Principal& who = CurrentUser(req);
  Status s = ctx.db.Write([&](store::Connection& c) -> Status {
    GJ_RETURN_IF_ERROR(store::DeleteSession(c, who.session_hash));
    return Record(c, ctx, AuditOf(ctx, req, &who, "auth.logout", "user", std::to_string(who.user_id)));
  });
  if (!s.ok()) return ErrorResponse(s, req);
  http::Response r = NoContentResponse();
  r.SetHeader("Set-Cookie", SessionCookie("", SecureRequest(ctx, req), 0));
  return r;
}

http::Response Me(const ApiContext& ctx, http::Request& req) {
  const auth::Principal& who = CurrentUser(req);
  auto u = ctx.db.ReadValue<User>([&](store::Connection& c) { return store::GetUser(c, who.user_id); });
  if (!u) return ErrorResponse(u.error(), req);
  auth::SecurityPolicy policy = ctx.policy->Get(ctx.db, ctx.clock.Now());
  bool expired = PasswordExpired(policy, u->password_changed_at, ctx.clock.Now());
  return JsonResponse(200, {{"user", UserMeJson(*u, who.must_change_password, expired)},
                            {"csrf_token", who.csrf_token},
                            {"demo", ctx.demo}});
}

http::Response ChangePassword(const ApiContext& ctx, http::Request& req) {
  const auth::Principal& who = CurrentUser(req);
  auto in = JsonInput::Parse(req, {"current_password", "new_password"});
  if (!in) return ErrorResponse(in.error(), req);
  auto current = in->RequiredString("current_password");
  if (!current) return ErrorResponse(current.error(), req);
  auto next = in->RequiredString("new_password");
  if (!next) return ErrorResponse(next.error(), req);
  auth::SecurityPolicy policy = ctx.policy->Get(ctx.db, ctx.clock.Now());
  std::string now = core::FormatTimestamp(ctx.clock.Now());
  Status s = ctx.db.Write([&](store::Connection& c) -> Status {
    auto u = store::GetUser(c, who.user_id);
    if (!u) return u.error();
    if (!auth::VerifyPassword(*current, ctx.keys->pepper, u->password_hash)) {
      return Status::Invalid("current_password", "wrong_password");
    }
    GJ_RETURN_IF_ERROR(auth::CheckPasswordStrength(policy.password, *next, u->username));
    auto history = store::PasswordHistory(c, u->id, policy.password.history);
    if (!history) return history.error();
    for (const auto& old : *history) {
      if (auth::VerifyPassword(*next, ctx.keys->pepper, old)) {
        return Status::Invalid("new_password", "password_reused", {std::to_string(policy.password.history)});
      }
    }
    std::string hash = auth::HashPassword(*next, ctx.keys->pepper, policy.password.iterations);
    GJ_RETURN_IF_ERROR(store::SetPassword(c, u->id, hash, false, policy.password.history, now));
    GJ_RETURN_IF_ERROR(store::DeleteUserSessions(c, u->id, who.session_hash));
    return Record(c, ctx, AuditOf(ctx, req, &who, "auth.password_change", "user", std::to_string(u->id)));
  });
  auth::Cleanse(*current);
  auth::Cleanse(*next);
  if (!s.ok()) return ErrorResponse(s, req);
  return NoContentResponse();
}

// Starts TOTP enrolment: a new secret, kept sealed as pending until a first code proves
// the user's authenticator has it.
http::Response TotpSetup(const ApiContext& ctx, http::Request& req) {
  const auth::Principal& who = CurrentUser(req);
  std::string secret = auth::NewTotpSecret();
  std::string sealed = auth::HexEncode(auth::Seal(ctx.keys->totp, secret, "totp:" + std::to_string(who.user_id)));
  Status s = ctx.db.Write([&](store::Connection& c) -> Status {
    auto u = store::GetUser(c, who.user_id);
    if (!u) return u.error();
    GJ_RETURN_IF_ERROR(store::SaveTotp(c, u->id, u->totp_secret, sealed, u->totp_last_step));
    return Record(c, ctx, AuditOf(ctx, req, &who, "auth.totp_setup", "user", std::to_string(u->id)));
  });
  if (!s.ok()) return ErrorResponse(s, req);
  std::string b32 = auth::Base32Encode(secret);
  return JsonResponse(200, {{"secret", b32}, {"otpauth_uri", auth::OtpAuthUri(kIssuer, who.username, secret)}});
}

http::Response TotpEnable(const ApiContext& ctx, http::Request& req) {
  const auth::Principal& who = CurrentUser(req);
  auto in = JsonInput::Parse(req, {"otp"});
  if (!in) return ErrorResponse(in.error(), req);
  auto otp = in->RequiredString("otp");
  if (!otp) return ErrorResponse(otp.error(), req);
  int64_t now = std::chrono::duration_cast<std::chrono::seconds>(ctx.clock.Now().time_since_epoch()).count();
  Status s = ctx.db.Write([&](store::Connection& c) -> Status {
    auto u = store::GetUser(c, who.user_id);
    if (!u) return u.error();
    if (!u->totp_pending) return Status::Invalid("otp", "totp_not_started");
    auto secret = auth::Open(ctx.keys->totp, auth::HexDecode(*u->totp_pending).value_or(""), "totp:" + std::to_string(u->id));
    if (!secret) return Status::Internal("pending TOTP secret does not open");
    auto step = auth::Totp().Verify(*secret, *otp, now);
    if (!step) return Status::Invalid("otp", "otp_invalid");
    GJ_RETURN_IF_ERROR(store::SaveTotp(c, u->id, u->totp_pending, std::nullopt, *step));
    return Record(c, ctx, AuditOf(ctx, req, &who, "auth.totp_enable", "user", std::to_string(u->id)));
  });
  if (!s.ok()) return ErrorResponse(s, req);
  return NoContentResponse();
}

}  // namespace

void AddAuthRoutes(http::Router& router, const ApiContext& ctx) {
  router.Add("POST", "/api/auth/login", [&ctx](http::Request& r) { return Login(ctx, r); },
             {.max_body = 4096, .requires_session = false});
  router.Add("POST", "/api/auth/logout", [&ctx](http::Request& r) { return Logout(ctx, r); }, {.json_body = false});
  router.Add("GET", "/api/auth/me", [&ctx](http::Request& r) { return Me(ctx, r); });
  router.Add("POST", "/api/auth/password", [&ctx](http::Request& r) { return ChangePassword(ctx, r); },
             {.max_body = 4096});
  router.Add("POST", "/api/auth/totp/setup", [&ctx](http::Request& r) { return TotpSetup(ctx, r); },
             {.json_body = false});
  router.Add("POST", "/api/auth/totp/enable", [&ctx](http::Request& r) { return TotpEnable(ctx, r); });
}

}  // namespace gongjian::api
