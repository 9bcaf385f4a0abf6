// Sign-in, sessions, CSRF, lockout, password rules and the audit trail, over HTTP against
// the real server on both databases. Time moves through the server's injected FakeClock.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/test_server.h"
#include "auth/crypto.h"
#include "auth/totp.h"
#include "store/audit_repository.h"

namespace gongjian::api {
namespace {

using domain::Role;
using nlohmann::json;
using store::Engine;

class AuthTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    server_ = TestServer::Start(GetParam());
    if (!server_) GTEST_SKIP() << "GONGJIAN_TEST_PG is not set";
    client_ = server_->Client();
  }

  httplib::Result Login(const std::string& user, const std::string& password, httplib::Headers headers = {},
                        std::optional<std::string> otp = std::nullopt) {
    json body = {{"username", user}, {"password", password}};
    if (otp) body["otp"] = *otp;
    return client_->Post("/api/auth/login", headers, body.dump(), "application/json");
  }
  static TestSession SessionOf(const httplib::Result& r) {
    std::string c = r->get_header_value("Set-Cookie");
    return {c.substr(0, c.find(';')), json::parse(r->body)["csrf_token"]};
  }
  static std::string Code(const httplib::Result& r) {
    auto j = json::parse(r->body, nullptr, false);
    return j.contains("error") ? j["error"].value("code", "") + "/" + j["error"].value("message", "") : "";
  }
  std::vector<store::AuditEntry> Audit(const std::string& event_type) {
    auto page = server_->db().ReadValue<store::Page<store::AuditEntry>>([&](store::Connection& c) {
      return store::ListAudit(c, {.event_type = event_type}, {.page = 1, .page_size = 100});
    });
    return page ? page->items : std::vector<store::AuditEntry>{};
  }
  void Advance(std::chrono::minutes m) { server_->clock().Advance(m); }

  std::unique_ptr<TestServer> server_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_P(AuthTest, SignInSetsAHardenedSessionCookieAndAudits) {
  std::string pw = server_->AddUser("office1", {Role::kOffice});
  auto r = Login("office1", pw);
  ASSERT_EQ(r->status, 200) << r->body;
  std::string cookie = r->get_header_value("Set-Cookie");
  EXPECT_EQ(cookie.rfind("gj_session=", 0), 0u) << cookie;
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_NE(cookie.find("Path=/"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos);  // plain HTTP on loopback
  json body = json::parse(r->body);
  EXPECT_EQ(body["user"]["username"], "office1");
  EXPECT_EQ(body["user"]["roles"], json::array({"office"}));
  EXPECT_EQ(body["csrf_token"].get<std::string>().size(), 64u);
  auto logins = Audit("auth.login");
  ASSERT_EQ(logins.size(), 1u);
  EXPECT_EQ(logins[0].actor_login, "office1");
  EXPECT_EQ(logins[0].outcome, "success");
  EXPECT_EQ(logins[0].session_hash.size(), 64u);
  EXPECT_EQ(logins[0].actor_roles, "office");
  EXPECT_EQ(cookie.find(logins[0].session_hash), std::string::npos);  // the hash, never the token

  auto tls = Login("office1", pw, {{"X-Forwarded-Proto", "https"}});
  std::string secure = tls->get_header_value("Set-Cookie");
  EXPECT_EQ(secure.rfind("__Host-gj_session=", 0), 0u) << secure;
  EXPECT_NE(secure.find("Secure"), std::string::npos);
}

TEST_P(AuthTest, UnknownUserAndWrongPasswordGetTheSameAnswer) {
  server_->AddUser("real.user", {Role::kViewer});
  auto wrong = Login("real.user", "Not-The-Password-1");
  auto unknown = Login("no.such.user", "Not-The-Password-1");
  EXPECT_EQ(wrong->status, 401);
  EXPECT_EQ(unknown->status, 401);
  EXPECT_EQ(wrong->body, unknown->body);
  EXPECT_EQ(Code(wrong), "unauthenticated/用户名或密码错误");
  EXPECT_EQ(Audit("auth.login_failed").size(), 2u);
}

TEST_P(AuthTest, FiveFailuresLockForFifteenMinutesForRealAndUnknownNames) {
  std::string pw = server_->AddUser("locked.user", {Role::kUnit});
  for (int i = 0; i < 4; ++i) EXPECT_EQ(Code(Login("locked.user", "Wrong-Password-9")), "unauthenticated/用户名或密码错误");
  auto fifth = Login("locked.user", "Wrong-Password-9");
  EXPECT_NE(Code(fifth).find("锁定"), std::string::npos) << fifth->body;
  EXPECT_NE(Code(Login("locked.user", pw)).find("锁定"), std::string::npos);  // even the right password
  EXPECT_EQ(Audit("auth.lockout").size(), 1u);
  // A name without an account behaves the same: no enumeration through lockout.
  for (int i = 0; i < 4; ++i) Login("ghost.user", "Wrong-Password-9");
  EXPECT_EQ(Code(Login("ghost.user", "Wrong-Password-9")), Code(fifth));

  Advance(std::chrono::minutes(14));
  EXPECT_NE(Code(Login("locked.user", pw)).find("锁定"), std::string::npos);
  Advance(std::chrono::minutes(2));
  EXPECT_EQ(Login("locked.user", pw)->status, 200);
}

TEST_P(AuthTest, SecurityAdministratorCanUnlock) {
  std::string pw = server_->AddUser("to.unlock", {Role::kUnit});
  for (int i = 0; i < 5; ++i) Login("to.unlock", "Wrong-Password-9");
  ASSERT_NE(Code(Login("to.unlock", pw)).find("锁定"), std::string::npos);
  TestSession sec = server_->SignedIn(Role::kSecurityAdmin);
  auto users = client_->Get("/api/users?q=to.unlock", sec.Headers());
  int64_t id = json::parse(users->body)["items"][0]["id"];
  EXPECT_TRUE(json::parse(users->body)["items"][0]["locked"].get<bool>());
  EXPECT_EQ(client_->Post(("/api/users/" + std::to_string(id) + "/unlock").c_str(), sec.Headers(), "", "")->status, 204);
  EXPECT_EQ(Login("to.unlock", pw)->status, 200);
}

TEST_P(AuthTest, ResetGivesAOneTimePasswordThatMustBeChangedAndEndsSessions) {
  std::string pw = server_->AddUser("forgetful", {Role::kOwner});
  TestSession old = SessionOf(Login("forgetful", pw));
  TestSession sec = server_->SignedIn(Role::kSecurityAdmin);
  int64_t id = json::parse(client_->Get("/api/users?q=forgetful", sec.Headers())->body)["items"][0]["id"];
  auto reset = client_->Post(("/api/users/" + std::to_string(id) + "/reset-password").c_str(), sec.Headers(), "", "");
  ASSERT_EQ(reset->status, 200);
  std::string one_time = json::parse(reset->body)["one_time_password"];
  EXPECT_EQ(client_->Get("/api/auth/me", old.Headers())->status, 401);  // the old session ended
  EXPECT_EQ(Login("forgetful", pw)->status, 401);
  auto r = Login("forgetful", one_time);
  ASSERT_EQ(r->status, 200);
  EXPECT_TRUE(json::parse(r->body)["user"]["must_change_password"].get<bool>());
  EXPECT_EQ(Audit("user.password_reset").size(), 1u);
}

TEST_P(AuthTest, EachAddressHasAPerMinuteBudgetAndIsToldWhenTheNextBegins) {
  server_->clock().Advance(std::chrono::seconds(17));  // somewhere inside a minute
  int throttled = 0;
  std::string retry_after;
  for (int i = 0; i < 21; ++i) {
    auto r = Login("nobody" + std::to_string(i), "Wrong-Password-9");
    if (r->status != 429) continue;
    ++throttled;
    retry_after = r->get_header_value("Retry-After");
    // The message names the same wait.
    EXPECT_EQ(json::parse(r->body)["error"]["message"], "登录尝试过于频繁，请" + retry_after + "秒后再试");
  }
  EXPECT_EQ(throttled, 1);
  ASSERT_FALSE(retry_after.empty());
  int wait = std::stoi(retry_after);
  ASSERT_GE(wait, 1);
  ASSERT_LE(wait, 60);
  if (wait > 1) {
    server_->clock().Advance(std::chrono::seconds(wait - 1));
    EXPECT_EQ(Login("nobody", "Wrong-Password-9")->status, 429);  // still this minute
  }
  server_->clock().Advance(std::chrono::seconds(1));
  EXPECT_EQ(Login("nobody", "Wrong-Password-9")->status, 401);
}

TEST_P(AuthTest, SessionsEndAfterIdleAndAbsoluteLimits) {
  std::string pw = server_->AddUser("idle.user", {Role::kViewer});
  TestSession s = SessionOf(Login("idle.user", pw));
  Advance(std::chrono::minutes(29));
  EXPECT_EQ(client_->Get("/api/orgs", s.Headers())->status, 200);
  Advance(std::chrono::minutes(31));
  auto expired = client_->Get("/api/orgs", s.Headers());
  EXPECT_EQ(expired->status, 401);
  EXPECT_NE(Code(expired).find("超时"), std::string::npos);

  TestSession busy = SessionOf(Login("idle.user", pw));
  for (int i = 0; i < 36; ++i) {  // active every 20 minutes for 12 hours
    Advance(std::chrono::minutes(20));
    if (i < 35) ASSERT_EQ(client_->Get("/api/orgs", busy.Headers())->status, 200) << i;
  }
  EXPECT_EQ(client_->Get("/api/orgs", busy.Headers())->status, 401);
}

TEST_P(AuthTest, LogoutEndsTheSessionOnTheServer) {
  std::string pw = server_->AddUser("leaving", {Role::kViewer});
  TestSession s = SessionOf(Login("leaving", pw));
  auto out = client_->Post("/api/auth/logout", s.Headers(), "", "");
  EXPECT_EQ(out->status, 204);
  EXPECT_NE(out->get_header_value("Set-Cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(client_->Get("/api/auth/me", s.Headers())->status, 401);  // the old cookie is dead
  EXPECT_EQ(Audit("auth.logout").size(), 1u);
}

TEST_P(AuthTest, UnsafeRequestsNeedTheCsrfTokenAndSameOrigin) {
  TestSession admin = server_->SignedIn(Role::kSystemAdmin);
  std::string body = json{{"name", "新区"}, {"kind", "town"}, {"parent_id", server_->RootOrg()}}.dump();
  httplib::Headers no_token = {{"Cookie", admin.cookie}};
  EXPECT_EQ(Code(client_->Post("/api/orgs", no_token, body, "application/json")).rfind("permission_denied", 0), 0u);
  httplib::Headers wrong = {{"Cookie", admin.cookie}, {"X-CSRF-Token", std::string(64, 'a')}};
  EXPECT_EQ(client_->Post("/api/orgs", wrong, body, "application/json")->status, 403);
  EXPECT_EQ(client_->Post("/api/orgs", admin.Headers({{"Origin", "http://evil.example"}}), body, "application/json")->status,
            403);
  EXPECT_EQ(client_->Post("/api/orgs", admin.Headers(), body, "application/json")->status, 201);
  EXPECT_EQ(client_->Get("/api/orgs", no_token)->status, 200);  // safe methods need no token
}

TEST_P(AuthTest, ForcedPasswordChangeAllowsOnlyTheChangeThenEverything) {
  std::string pw = server_->AddUser("newcomer", {Role::kOffice}, std::nullopt, /*must_change=*/true);
  auto r = Login("newcomer", pw);
  ASSERT_EQ(r->status, 200);
  EXPECT_TRUE(json::parse(r->body)["user"]["must_change_password"].get<bool>());
  TestSession s = SessionOf(r);
  EXPECT_EQ(Code(client_->Get("/api/orgs", s.Headers())), "permission_denied/请先修改密码");
  EXPECT_EQ(client_->Get("/api/auth/me", s.Headers())->status, 200);
  auto change = [&](const std::string& current, const std::string& next) {
    return client_->Post("/api/auth/password", s.Headers(),
                         json{{"current_password", current}, {"new_password", next}}.dump(), "application/json");
  };
  auto weak = change(pw, "short");
  EXPECT_EQ(json::parse(weak->body)["error"]["field"], "new_password");
  EXPECT_EQ(json::parse(change("Wrong-Current-1", "Brand-New-Pass-42")->body)["error"]["field"], "current_password");
  EXPECT_EQ(json::parse(change(pw, pw)->body)["error"]["field"], "new_password");  // reused
  EXPECT_EQ(change(pw, "Brand-New-Pass-42")->status, 204);
  EXPECT_EQ(client_->Get("/api/orgs", s.Headers())->status, 200);
  EXPECT_EQ(Login("newcomer", pw)->status, 401);
  EXPECT_EQ(Login("newcomer", "Brand-New-Pass-42")->status, 200);
}

TEST_P(AuthTest, PasswordChangeEndsOtherSessions) {
  std::string pw = server_->AddUser("two.places", {Role::kViewer});
  TestSession a = SessionOf(Login("two.places", pw));
  TestSession b = SessionOf(Login("two.places", pw));
  ASSERT_EQ(client_->Post("/api/auth/password", a.Headers(),
                          json{{"current_password", pw}, {"new_password", "Another-Strong-77"}}.dump(), "application/json")
                ->status,
            204);
  EXPECT_EQ(client_->Get("/api/auth/me", a.Headers())->status, 200);
  EXPECT_EQ(client_->Get("/api/auth/me", b.Headers())->status, 401);
}

TEST_P(AuthTest, ExpiredPasswordMustBeChanged) {
  std::string pw = server_->AddUser("old.pass", {Role::kViewer});
  Advance(std::chrono::hours(24 * 91));
  auto r = Login("old.pass", pw);
  ASSERT_EQ(r->status, 200);
  EXPECT_TRUE(json::parse(r->body)["user"]["password_expired"].get<bool>());
  EXPECT_EQ(client_->Get("/api/orgs", SessionOf(r).Headers())->status, 403);
}

TEST_P(AuthTest, TotpEnrolmentThenSignInNeedsAFreshCode) {
  std::string pw = server_->AddUser("two.factor", {Role::kLeader});
  TestSession s = SessionOf(Login("two.factor", pw));
  auto setup = client_->Post("/api/auth/totp/setup", s.Headers(), "", "");
  ASSERT_EQ(setup->status, 200) << setup->body;
  std::string secret = *auth::Base32Decode(json::parse(setup->body)["secret"].get<std::string>());
  auth::Totp totp;
  auto now = [&] {
    return std::chrono::duration_cast<std::chrono::seconds>(server_->clock().Now().time_since_epoch()).count();
  };
  EXPECT_EQ(client_->Post("/api/auth/totp/enable", s.Headers(), json{{"otp", "000000"}}.dump(), "application/json")->status,
            400);
  std::string code = totp.Code(secret, now());
  ASSERT_EQ(client_->Post("/api/auth/totp/enable", s.Headers(), json{{"otp", code}}.dump(), "application/json")->status,
            204);
  auto without = Login("two.factor", pw);
  EXPECT_EQ(json::parse(without->body)["error"]["field"], "otp");
  EXPECT_EQ(Login("two.factor", pw, {}, code)->status, 401);  // the enrolment code cannot be replayed
  server_->clock().Advance(std::chrono::seconds(30));
  EXPECT_EQ(Login("two.factor", pw, {}, totp.Code(secret, now()))->status, 200);
}

TEST_P(AuthTest, AdministratorRolesStayApart) {
  TestSession sec = server_->SignedIn(Role::kSecurityAdmin);
  TestSession sys = server_->SignedIn(Role::kSystemAdmin);
  server_->AddUser("target", {Role::kViewer});
  auto list = client_->Get("/api/users?q=target", sec.Headers());
  json target = json::parse(list->body)["items"][0];
  std::string url = "/api/users/" + std::to_string(target["id"].get<int64_t>()) + "/grants";
  std::string etag = "\"" + std::to_string(target["version"].get<int64_t>()) + "\"";
  auto grant = [&](const TestSession& who, json roles) {
    return client_->Put(url.c_str(), who.Headers({{"If-Match", etag}}), json{{"roles", roles}, {"scope", "all"}}.dump(),
                        "application/json");
  };
  EXPECT_EQ(json::parse(grant(sec, {"system_admin", "leader"})->body)["error"]["field"], "roles");
  EXPECT_EQ(json::parse(grant(sec, {"audit_admin", "security_admin"})->body)["error"]["field"], "roles");
  EXPECT_EQ(grant(sys, {"leader"})->status, 403);  // granting is the security administrator's job
  EXPECT_EQ(grant(sec, {"leader"})->status, 200);
  EXPECT_EQ(grant(sec, {"viewer"})->status, 412);  // stale version
  auto own = client_->Get("/api/auth/me", sec.Headers());
  std::string own_url = "/api/users/" + std::to_string(json::parse(own->body)["user"]["id"].get<int64_t>()) + "/grants";
  EXPECT_EQ(client_->Put(own_url.c_str(), sec.Headers({{"If-Match", "\"1\""}}), json{{"roles", {"leader"}}}.dump(),
                         "application/json")
                ->status,
            409);
  EXPECT_EQ(client_->Get("/api/users", server_->SignedIn(Role::kAuditAdmin).Headers())->status, 403);
  EXPECT_EQ(client_->Get("/api/audit", sys.Headers())->status, 403);
  EXPECT_EQ(client_->Get("/api/audit", sec.Headers())->status, 403);
  auto grants = Audit("role.grant");
  ASSERT_EQ(grants.size(), 1u);
  EXPECT_NE(grants[0].changes.find("leader"), std::string::npos);
}

TEST_P(AuthTest, OnlyTheAuditAdministratorReadsAndExportsTheLogAndExportIsAudited) {
  TestSession auditor = server_->SignedIn(Role::kAuditAdmin);
  auto page = client_->Get("/api/audit?event_type=auth.", auditor.Headers());
  ASSERT_EQ(page->status, 200) << page->body;
  EXPECT_GE(json::parse(page->body)["total"].get<int>(), 1);
  auto csv = client_->Get("/api/audit/export?event_type=auth.login", auditor.Headers());
  ASSERT_EQ(csv->status, 200);
  EXPECT_EQ(csv->body.rfind("\xEF\xBB\xBFid,ts_utc", 0), 0u);
  EXPECT_EQ(Audit("audit.export").size(), 1u);
  for (Role r : {Role::kLeader, Role::kOffice, Role::kViewer, Role::kSystemAdmin}) {
    EXPECT_EQ(client_->Get("/api/audit/export", server_->SignedIn(r).Headers())->status, 403);
  }
}

TEST_P(AuthTest, ErrorsCarryAMachineReadableReason) {
  std::string pw = server_->AddUser("reasons", {Role::kLeader}, std::nullopt, /*must_change=*/true);
  TestSession s = SessionOf(Login("reasons", pw));
  EXPECT_EQ(json::parse(client_->Get("/api/orgs", s.Headers())->body)["error"]["reason"], "password_change_required");
  EXPECT_EQ(json::parse(Login("reasons", "Wrong-Password-9")->body)["error"]["reason"], "invalid_credentials");
}

TEST_P(AuthTest, StalePolicyWriteNamesTheCurrentVersion) {
  TestSession sec = server_->SignedIn(Role::kSecurityAdmin);
  auto got = client_->Get("/api/security/policy", sec.Headers());
  ASSERT_EQ(got->status, 200);
  std::string etag = got->get_header_value("ETag");
  auto first = client_->Put("/api/security/policy", sec.Headers({{"If-Match", etag}}), got->body, "application/json");
  ASSERT_EQ(first->status, 200) << first->body;
  auto stale = client_->Put("/api/security/policy", sec.Headers({{"If-Match", etag}}), got->body, "application/json");
  ASSERT_EQ(stale->status, 412);
  std::string message = json::parse(stale->body)["error"]["message"];
  EXPECT_NE(message.find(first->get_header_value("ETag").substr(1, 1)), std::string::npos) << message;
  EXPECT_EQ(message.find('?'), std::string::npos) << message;
}

TEST_P(AuthTest, AdministratorsHoldNoDataScope) {
  TestSession sec = server_->SignedIn(Role::kSecurityAdmin);
  server_->AddUser("future.admin", {Role::kViewer});
  json u = json::parse(client_->Get("/api/users?q=future.admin", sec.Headers())->body)["items"][0];
  auto r = client_->Put(("/api/users/" + std::to_string(u["id"].get<int64_t>()) + "/grants").c_str(),
                        sec.Headers({{"If-Match", "\"" + std::to_string(u["version"].get<int64_t>()) + "\""}}),
                        json{{"roles", {"audit_admin"}}, {"scope", "all"}}.dump(), "application/json");
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body)["scope"]["kind"], "own");
}

TEST_P(AuthTest, AuditSearchRefusesMalformedTimes) {
  TestSession auditor = server_->SignedIn(Role::kAuditAdmin);
  auto bad = client_->Get("/api/audit?from=yesterday", auditor.Headers());
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(json::parse(bad->body)["error"]["field"], "from");
  EXPECT_EQ(client_->Get("/api/audit?from=2026-01-01&to=2099-01-01T00:00", auditor.Headers())->status, 200);
}

TEST_P(AuthTest, AuditRowsCannotBeChangedOrDeleted) {
  server_->SignedIn(Role::kViewer);  // writes an auth.login row
  for (const char* sql : {"UPDATE audit_log SET outcome = 'failure'", "DELETE FROM audit_log"}) {
    core::Status s = server_->db().Write([&](store::Connection& c) -> core::Status {
      auto r = c.Query(sql);
      return r ? core::Status::Ok() : r.error();
    });
    EXPECT_FALSE(s.ok()) << sql;
  }
  EXPECT_EQ(Audit("auth.login").size(), 1u);
}

TEST_P(AuthTest, AuditChainVerifiesAndNamesATamperedRow) {
  for (int i = 0; i < 3; ++i) server_->SignedIn(Role::kViewer);
  auto sign = [&](std::string_view canonical) { return server_->keys().SignAudit(canonical); };
  auto ok = server_->db().ReadValue<store::AuditVerification>(
      [&](store::Connection& c) { return store::VerifyAuditChain(c, sign); });
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->rows, 3);
  EXPECT_FALSE(ok->first_bad_id);
  // Another key (someone rebuilt the chain without ours) fails at the first row.
  auth::KeyRing other = auth::KeyRing::Derive(auth::RandomBytes(32));
  auto forged = server_->db().ReadValue<store::AuditVerification>([&](store::Connection& c) {
    return store::VerifyAuditChain(c, [&](std::string_view canonical) { return other.SignAudit(canonical); });
  });
  EXPECT_EQ(forged->first_bad_id, 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, AuthTest, ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const auto& info) { return store::EngineParamName(info.param); });

}  // namespace
}  // namespace gongjian::api
