#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "api/context.h"
#include "auth/policy.h"
#include "http/router.h"
#include "store/audit_repository.h"

namespace gongjian::api {

// Installs the session middleware on every route that requires a session:
// - reads the session cookie, finds the session by the SM3 hash of its token, and ends
//   it when idle too long or past its absolute limit (401);
// - on unsafe methods, requires X-CSRF-Token to match the session's token and a
//   same-origin Origin header when one is sent (403);
// - while the password must be changed (first sign-in, after a reset, or expired) allows
//   only me, password change and logout (403 otherwise);
// - puts the Principal in the request for CurrentUser().
void UseSessions(http::Router& router, const ApiContext& ctx);

// The signed-in user of a request that passed the session middleware.
const auth::Principal& CurrentUser(const http::Request& request);

// The session cookie's name: __Host-gj_session behind TLS, gj_session otherwise.
std::string SessionCookieName(bool secure);
// A Set-Cookie value that sets (max_age_seconds > 0) or clears the session cookie.
std::string SessionCookie(const std::string& token, bool secure, long max_age_seconds);
// True when the request came over TLS (configured, or X-Forwarded-Proto: https).
bool SecureRequest(const ApiContext& ctx, const http::Request& request);

// The password expired under `policy` (expiry 0 means never).
bool PasswordExpired(const auth::SecurityPolicy& policy, const std::string& changed_at, core::TimePoint now);

// can() for `action` on business data in general (before any record is loaded): 401 without a
// session, 404 to the administrators (business data does not exist for them), 403 when the role
// may not.
core::Status BusinessAccess(const http::Request& request, auth::Action action);

// An audit entry for `request`, filled with who, from where and when.
store::AuditEntry AuditOf(const ApiContext& ctx, const http::Request& request, const auth::Principal* who,
                          std::string event_type, std::string object_type, std::string object_id);
// "office,viewer": the roles as the audit log records them.
std::string RolesText(const std::vector<domain::Role>& roles);

// Appends `entry` to the chain in the caller's transaction.
core::Status Record(store::Connection& c, const ApiContext& ctx, store::AuditEntry entry);

// The security policy as JSON (for the API and for the settings row) and back.
nlohmann::json PolicyToJson(const auth::SecurityPolicy& policy);
core::Result<auth::SecurityPolicy> PolicyFromJson(const nlohmann::json& j);

inline constexpr const char* kPolicySettingKey = "security_policy";

}  // namespace gongjian::api
