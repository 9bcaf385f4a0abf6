// Warnings over HTTP on both databases: the rule set as an editable document with versions
// and field errors, a rule change that flips a light, recomputation when a project's dates
// change and once a day, and the project's warnings scoped like its other records.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/test_server.h"
#include "api/warnings.h"
#include "engine/presets.h"
#include "store/project_repository.h"
#include "store/round_repository.h"
#include "store/user_repository.h"

namespace gongjian::api {
namespace {

using domain::OrgKind;
using domain::Role;
using nlohmann::json;
using store::Engine;

constexpr int64_t kWan = 1'000'000;

class WarningApiTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    server_ = TestServer::Start(GetParam());
    if (!server_) GTEST_SKIP() << "GONGJIAN_TEST_PG is not set";
    client_ = server_->Client();
    int64_t root = server_->RootOrg();
    town_ = server_->AddOrg("城关街道", OrgKind::kTown, root);
    owner_org_ = server_->AddOrg("城关建设公司", OrgKind::kOwner, town_);
    int64_t other_town = server_->AddOrg("柳河镇", OrgKind::kTown, root);
    office_ = server_->SignedIn(Role::kOffice);
    owner_ = server_->Login("owner.a",
                            server_->AddUser("owner.a", {Role::kOwner}, owner_org_, false, domain::ScopeKind::kOwn));
    outsider_ =
        server_->Login("unit.b", server_->AddUser("unit.b", {Role::kUnit}, other_town, false, domain::ScopeKind::kOwn));
    // The period of the current warnings: October 2026, whose round opened long ago.
    store::DispatchRound round{0, "2026年10月调度", {2026, 10}, {2026, 1, 1}, {2199, 12, 31}, 0};
    ASSERT_TRUE(server_->db().WriteValue<store::DispatchRound>(
        [&](store::Connection& c) { return store::CreateRound(c, round, 1, "2026-01-01T00:00:00.000Z"); }));
  }
  // A project made directly in the store (so nothing is computed for it yet).
  int64_t Project(std::optional<domain::Date> planned_start, std::optional<domain::Date> actual_start,
                  std::optional<domain::Date> registered) {
    domain::Project p;
    p.name = "预警项目" + std::to_string(++projects_);
    p.owner_org_id = owner_org_;
    p.town_org_id = town_;
    p.planned_start = planned_start;
    p.actual_start = actual_start;
    p.registered_on = registered;
    p.longitude = 106.23;
    p.latitude = 38.49;
    return server_->db()
        .WriteValue<store::ProjectView>(
            [&](store::Connection& c) { return store::CreateProject(c, p, 1, "2026-01-01T00:00:00.000Z"); })
        ->project.id;
  }
  // The China civil date `days` days from the server's today.
  domain::Date DaysFromToday(int days) {
    auto secs = std::chrono::duration_cast<std::chrono::seconds>(server_->clock().Now().time_since_epoch()).count();
    return domain::ChinaDate(secs + int64_t{days} * 86400);
  }
  httplib::Result Put(const TestSession& s, const std::string& path, const json& body, httplib::Headers h = {}) {
    return client_->Put(path.c_str(), s.Headers(h), body.dump(), "application/json");
  }
  httplib::Result Post(const TestSession& s, const std::string& path, const json& body, httplib::Headers h = {}) {
    return client_->Post(path.c_str(), s.Headers(h), body.dump(), "application/json");
  }
  httplib::Result Patch(const TestSession& s, const std::string& path, const json& body, httplib::Headers h = {}) {
    return client_->Patch(path.c_str(), s.Headers(h), body.dump(), "application/json");
  }
  json Get(const TestSession& s, const std::string& path) {
    auto r = client_->Get(path.c_str(), s.Headers());
    EXPECT_EQ(r->status, 200) << path << ": " << r->body;
    return json::parse(r->body);
  }
  static httplib::Headers Version(int64_t v) { return {{"If-Match", "\"" + std::to_string(v) + "\""}}; }
  static httplib::Headers Version(const json& record) { return Version(record["version"].get<int64_t>()); }
  // The office saves, submits and approves; reports need no round for it.
  void Approved(const std::string& put_path, const json& body, const std::string& actions_prefix) {
    auto r = Put(office_, put_path, body);
    ASSERT_EQ(r->status, 201) << r->body;
    json record = json::parse(r->body);
    std::string actions = actions_prefix + std::to_string(record["id"].get<int64_t>()) + "/actions";
    record = json::parse(Post(office_, actions, {{"action", "submit"}}, Version(record))->body);
    r = Post(office_, actions, {{"action", "accept"}}, Version(record));
    ASSERT_EQ(r->status, 200) << r->body;
  }
  std::string Path(int64_t project) const { return "/api/projects/" + std::to_string(project); }

  std::unique_ptr<TestServer> server_;
  std::unique_ptr<httplib::Client> client_;
  TestSession office_, owner_, outsider_;
  int64_t town_ = 0, owner_org_ = 0;
  int projects_ = 0;
};

TEST_P(WarningApiTest, ChangingTheRuleSetRecomputesAndFlipsTheLight) {
  // Started and registered: only progress can warn. 序时 of a 1.2亿 plan in October is 1亿.
  int64_t id = Project(domain::Date{2026, 3, 1}, domain::Date{2026, 3, 1}, domain::Date{2026, 3, 20});
  Approved(Path(id) + "/plans/2026", {{"planned_investment", 12'000 * kWan}}, "/api/plans/");
  Approved(Path(id) + "/reports/2026-10", {{"investment", 8'000 * kWan}}, "/api/reports/");
  json w = Get(owner_, Path(id) + "/warnings");
  EXPECT_EQ(w["colour"], "yellow") << w.dump();
  EXPECT_EQ(w["period"], "2026-10");
  ASSERT_EQ(w["items"].size(), 1u) << w.dump();
  EXPECT_EQ(w["items"][0]["rule_id"], "progress");
  EXPECT_EQ(w["items"][0]["reason"], "1-10月完成投资8000万元，低于序时进度16.67个百分点");
  EXPECT_EQ(w["items"][0]["value"], 1667);

  // The built-in default: Yinchuan, version 0; only the office may change it.
  json rules = Get(owner_, "/api/warning-rules");
  EXPECT_EQ(rules["active"]["id"], "yinchuan");
  EXPECT_EQ(rules["version"], 0);
  ASSERT_EQ(rules["presets"].size(), 3u);
  EXPECT_EQ(rules["presets"][1]["id"], "wuhan");
  EXPECT_FALSE(rules["can_edit"]);
  EXPECT_TRUE(Get(office_, "/api/warning-rules")["can_edit"]);
  json wuhan = rules["presets"][1];
  EXPECT_EQ(Put(owner_, "/api/warning-rules", wuhan, Version(0))->status, 403);

  // Wuhan: exactly 80% of 序时 is not below 80%, so green.
  auto r = Put(office_, "/api/warning-rules", wuhan, Version(0));
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->get_header_value("ETag"), "\"1\"");
  json saved = json::parse(r->body);
  EXPECT_EQ(saved["active"]["id"], "wuhan");
  EXPECT_EQ(saved["recompute"]["period"], "2026-10");
  EXPECT_EQ(saved["recompute"]["projects"], 1);
  EXPECT_EQ(saved["recompute"]["green"], 1);
  EXPECT_EQ(Get(office_, Path(id))["warning_colour"], "green");
  EXPECT_TRUE(Get(office_, Path(id) + "/warnings")["items"].empty());

  // A stale version changes nothing.
  wuhan["rules"][0]["yellow"] = {{"op", "less_than"}, {"value", 85}};
  r = Put(office_, "/api/warning-rules", wuhan, Version(0));
  EXPECT_EQ(r->status, 412) << r->body;
  EXPECT_EQ(Get(office_, "/api/warning-rules")["active"]["rules"][0]["yellow"]["value"], 80);
  // The office's own threshold: below 85% is yellow.
  r = Put(office_, "/api/warning-rules", wuhan, Version(1));
  ASSERT_EQ(r->status, 200) << r->body;
  w = Get(owner_, Path(id) + "/warnings");
  EXPECT_EQ(w["colour"], "yellow");
  EXPECT_EQ(w["items"][0]["reason"], "1-10月完成投资8000万元，仅为序时进度1亿元的80%");
  ASSERT_EQ(w["history"].size(), 1u);
  EXPECT_EQ(w["history"][0], (json{{"year", 2026}, {"month", 10}, {"period", "2026-10"}, {"colour", "yellow"}}));
  EXPECT_EQ(Get(office_, "/api/warning-rules")["version"], 2);
  // Each change is audited.
  auto audited = server_->db().ReadValue<int64_t>([](store::Connection& c) -> core::Result<int64_t> {
    auto n = c.Query("SELECT COUNT(*) AS n FROM audit_log WHERE event_type = 'warning_rules.update'");
    if (!n) return core::Fail(n.error());
    return n->First().Int("n");
  });
  EXPECT_EQ(*audited, 2);
}

TEST_P(WarningApiTest, ABadRuleSetIsRefusedNamingTheField) {
  json doc = Get(office_, "/api/warning-rules")["active"];
  auto field = [&](const json& body, httplib::Headers h) {
    auto r = Put(office_, "/api/warning-rules", body, h);
    EXPECT_EQ(r->status, 400) << r->body;
    return json::parse(r->body)["error"]["field"].get<std::string>();
  };
  json bad = doc;
  bad["rules"][0]["red"]["value"] = 101;
  EXPECT_EQ(field(bad, Version(0)), "rules[0].red.value");
  bad = doc;
  bad["rules"][1]["colour"] = "red";
  EXPECT_EQ(field(bad, Version(0)), "rules[1].colour");
  bad = doc;
  bad["rules"][0]["yellow"]["value"] = 12.345;
  EXPECT_EQ(field(bad, Version(0)), "rules[0].yellow.value");
  bad = doc;
  bad["name"] = "";
  EXPECT_EQ(field(bad, Version(0)), "name");
  EXPECT_EQ(field(json::array(), Version(0)), "body");
  // The message speaks the user's unit (percent).
  bad = doc;
  bad["rules"][0]["red"]["value"] = 101;
  auto r = Put(office_, "/api/warning-rules", bad, Version(0));
  EXPECT_EQ(json::parse(r->body)["error"]["message"], "预警规则第1项红灯阈值应在0到100之间") << r->body;
  // A write names the version it replaces.
  EXPECT_EQ(Put(office_, "/api/warning-rules", doc)->status, 428);
  EXPECT_EQ(Get(office_, "/api/warning-rules")["version"], 0) << "nothing was saved";
}

TEST_P(WarningApiTest, EditingAProjectsRegistrationRecomputesItsWarnings) {
  // Started about three months ago and never registered with statistics: red.
  domain::Date started = DaysFromToday(-100);
  int64_t id = Project(started, started, std::nullopt);
  json page = Get(office_, Path(id));
  EXPECT_EQ(page["warning_colour"], "green") << "nothing computed yet";
  EXPECT_TRUE(page["registered_on"].is_null());
  auto r = Patch(office_, Path(id), {{"remarks", "复核"}}, Version(page));
  ASSERT_EQ(r->status, 200) << r->body;
  page = json::parse(r->body);
  json w = Get(owner_, Path(id) + "/warnings");
  EXPECT_EQ(w["colour"], "red");
  ASSERT_EQ(w["items"].size(), 1u);
  EXPECT_EQ(w["items"][0]["rule_id"], "registration");
  EXPECT_NE(w["items"][0]["reason"].get<std::string>().find("未纳入统计库"), std::string::npos);
  json list = Get(office_, "/api/projects?warning=red,yellow");
  ASSERT_EQ(list["total"], 1);
  EXPECT_EQ(list["items"][0]["id"], id);
  EXPECT_EQ(list["items"][0]["warning_colour"], "red");
  EXPECT_EQ(Get(office_, "/api/projects?warning=green")["total"], 0);
  r = client_->Get("/api/projects?warning=blue", office_.Headers());
  EXPECT_EQ(json::parse(r->body)["error"]["field"], "warning");

  // Registration cannot be in the future.
  r = Patch(office_, Path(id), {{"registered_on", DaysFromToday(1).ToString()}}, Version(page));
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["error"]["field"], "registered_on");
  r = Patch(office_, Path(id), {{"registered_on", "2026-02-30"}}, Version(page));
  EXPECT_EQ(json::parse(r->body)["error"]["field"], "registered_on");
  domain::Date registered = DaysFromToday(-90);
  r = Patch(office_, Path(id), {{"registered_on", registered.ToString()}}, Version(page));
  ASSERT_EQ(r->status, 200) << r->body;
  page = json::parse(r->body);
  EXPECT_EQ(page["registered_on"], registered.ToString());
  EXPECT_EQ(page["warning_colour"], "green") << "recomputed in the same transaction";
  EXPECT_TRUE(Get(owner_, Path(id) + "/warnings")["items"].empty());
  EXPECT_EQ(Get(office_, "/api/projects?warning=green")["total"], 1);
  // The timeline records the change like any other field.
  json events = Get(office_, Path(id) + "/events");
  EXPECT_EQ(events["items"][0]["changes"]["registered_on"], (json{nullptr, registered.ToString()}));
}

TEST_P(WarningApiTest, TheDailyRecomputeRunsOncePerChinaDayAndTheOfficeCanRunItNow) {
  // Planned to start four months ago and not started: the date alone makes it red.
  int64_t id = Project(DaysFromToday(-130), std::nullopt, std::nullopt);
  auto due = RecomputeWarningsIfDue(server_->db(), server_->clock());
  ASSERT_TRUE(due) << due.error().ToString();
  EXPECT_TRUE(*due);
  json w = Get(office_, Path(id) + "/warnings");
  EXPECT_EQ(w["colour"], "red");
  EXPECT_EQ(w["items"][0]["rule_id"], "start");
  auto day = server_->db().ReadValue<store::Setting>(
      [](store::Connection& c) { return store::GetSetting(c, kWarningsRecomputedKey); });
  ASSERT_TRUE(day);
  EXPECT_EQ(day->value, DaysFromToday(0).ToString());
  EXPECT_FALSE(*RecomputeWarningsIfDue(server_->db(), server_->clock())) << "once a day";

  // The office runs it at once; others may not.
  EXPECT_EQ(Post(owner_, "/api/warnings/recompute", json::object())->status, 403);
  auto r = Post(office_, "/api/warnings/recompute", json::object());
  ASSERT_EQ(r->status, 200) << r->body;
  json counts = json::parse(r->body);
  EXPECT_EQ(counts["projects"], 1);
  EXPECT_EQ(counts["red"], 1);
  EXPECT_EQ(counts["yellow"], 0);
  EXPECT_EQ(counts["green"], 0);
  EXPECT_EQ(counts["changed"], 0) << "nothing changed since the daily run";
  EXPECT_EQ(Get(office_, "/api/warning-rules")["recomputed_on"], DaysFromToday(0).ToString());

  // A withdrawn project is not watched: its light goes out.
  json page = Get(office_, Path(id));
  r = Post(office_, Path(id) + "/transitions", {{"action", "withdraw"}, {"reason", "项目取消"}}, Version(page));
  ASSERT_EQ(r->status, 200) << r->body;
  w = Get(office_, Path(id) + "/warnings");
  EXPECT_EQ(w["colour"], "green");
  EXPECT_FALSE(w["watched"]);
  EXPECT_TRUE(w["items"].empty());

  // The next day in China it runs again (sessions have expired by then: no HTTP after this).
  server_->clock().Advance(std::chrono::hours(24));
  EXPECT_TRUE(*RecomputeWarningsIfDue(server_->db(), server_->clock())) << "the next day again";
  EXPECT_FALSE(*RecomputeWarningsIfDue(server_->db(), server_->clock()));
}

TEST_P(WarningApiTest, TheHistoryOfPastMonthsIsFilledAsEachMonthsLastDaySawIt) {
  // Planned for March 2025 and never started: late by one month at the end of March (yellow), by
  // three at the end of May (red).
  int64_t late = Project(domain::Date{2025, 3, 10}, std::nullopt, std::nullopt);
  int64_t quiet = Project(std::nullopt, std::nullopt, std::nullopt);
  auto written = server_->db().WriteValue<int64_t>([&](store::Connection& c) {
    return BackfillWarningHistory(c, engine::YinchuanPreset(), {2025, 8}, 5, "2026-01-01T00:00:00.000Z");
  });
  ASSERT_TRUE(written) << written.error().ToString();
  EXPECT_EQ(*written, 10);
  auto colours = [&](int64_t id) {
    auto h = server_->db().ReadValue<std::vector<store::WarningHistoryEntry>>([&](store::Connection& c) {
      return store::ListWarningHistory(c, id, {2025, 1}, {2025, 12});
    });
    std::string out;
    for (const auto& e : *h) out += e.period.ToString() + " " + e.colour + "; ";
    return out;
  };
  EXPECT_EQ(colours(late), "2025-03 yellow; 2025-04 yellow; 2025-05 red; 2025-06 red; 2025-07 red; ");
  EXPECT_EQ(colours(quiet), "2025-03 green; 2025-04 green; 2025-05 green; 2025-06 green; 2025-07 green; ");
  EXPECT_EQ(Get(office_, Path(late))["warning_colour"], "green") << "current findings are left alone";
  // Again: nothing new to write.
  written = server_->db().WriteValue<int64_t>([&](store::Connection& c) {
    return BackfillWarningHistory(c, engine::YinchuanPreset(), {2025, 8}, 5, "2026-01-01T00:00:00.000Z");
  });
  EXPECT_EQ(*written, 0);
}

TEST_P(WarningApiTest, AProjectsWarningsAreScopedLikeTheProject) {
  int64_t id = Project(std::nullopt, std::nullopt, std::nullopt);
  EXPECT_EQ(client_->Get((Path(id) + "/warnings").c_str(), owner_.Headers())->status, 200);
  EXPECT_EQ(client_->Get((Path(id) + "/warnings").c_str(), outsider_.Headers())->status, 404);
  EXPECT_EQ(client_->Get("/api/projects/999999/warnings", office_.Headers())->status, 404);
  TestSession admin = server_->SignedIn(Role::kSystemAdmin);
  EXPECT_EQ(client_->Get((Path(id) + "/warnings").c_str(), admin.Headers())->status, 404);
  EXPECT_EQ(client_->Get("/api/warning-rules", admin.Headers())->status, 404);
  json map = Get(owner_, "/api/projects/map");
  ASSERT_EQ(map["items"].size(), 1u);
  EXPECT_EQ(map["items"][0]["warning_colour"], "green");
  EXPECT_TRUE(Get(outsider_, "/api/projects/map")["items"].empty());
}

INSTANTIATE_TEST_SUITE_P(Engines, WarningApiTest, ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const auto& info) { return store::EngineParamName(info.param); });

}  // namespace
}  // namespace gongjian::api
