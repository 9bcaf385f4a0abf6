// The problem closed loop over HTTP on both databases: the whole loop by the roles that may
// act (and the moves each role may not make), escalation by rule across the National Day
// holiday, supervision letters (numbering under concurrent requests, the PDF's text), the
// meetings' agenda, the project's light when a problem is overdue, and scope.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "api/problems.h"
#include "api/test_server.h"
#include "store/project_repository.h"

namespace gongjian::api {
namespace {

using domain::OrgKind;
using domain::Role;
using nlohmann::json;
using store::Engine;

class ProblemApiTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    server_ = TestServer::Start(GetParam());
    if (!server_) GTEST_SKIP() << "GONGJIAN_TEST_PG is not set";
    SetToday(2025, 9, 22);  // a Monday; National Day (10-01..10-08) is ahead
    client_ = server_->Client();
    int64_t root = server_->RootOrg();
    town_ = server_->AddOrg("城关街道", OrgKind::kTown, root);
    int64_t owner = server_->AddOrg("城关建设公司", OrgKind::kOwner, town_);
    bureau_ = server_->AddOrg("区自然资源局", OrgKind::kDepartment, root);
    helper_ = server_->AddOrg("区住建局", OrgKind::kDepartment, root);
    int64_t other_town = server_->AddOrg("柳河镇", OrgKind::kTown, root);
    office_ = server_->SignedIn(Role::kOffice);
    owner_ = server_->Login("owner.a", server_->AddUser("owner.a", {Role::kOwner}, owner, false, domain::ScopeKind::kOwn));
    unit_ = server_->Login("bureau.a", server_->AddUser("bureau.a", {Role::kUnit}, bureau_, false, domain::ScopeKind::kOwn));
    helper_user_ =
        server_->Login("helper.a", server_->AddUser("helper.a", {Role::kUnit}, helper_, false, domain::ScopeKind::kOwn));
    outsider_ =
        server_->Login("unit.b", server_->AddUser("unit.b", {Role::kUnit}, other_town, false, domain::ScopeKind::kOwn));
    domain::Project p;
    p.name = "纬三路";
    p.owner_org_id = owner;
    p.town_org_id = town_;
    road_ = server_->db()
                .WriteValue<store::ProjectView>(
                    [&](store::Connection& c) { return store::CreateProject(c, p, 1, "2025-01-01T00:00:00.000Z"); })
                ->project.id;
  }
  void SetToday(int y, unsigned m, unsigned d) {
    auto& clock = server_->clock();
    clock.Advance(std::chrono::sys_days{std::chrono::year{y} / m / d} + std::chrono::hours(2) - clock.Now());
  }
  static std::string Etag(int64_t v) { return "\"" + std::to_string(v) + "\""; }
  httplib::Result Post(const TestSession& s, const std::string& path, const json& body, std::optional<int64_t> version = {}) {
    httplib::Headers h;
    if (version) h.emplace("If-Match", Etag(*version));
    return client_->Post(path.c_str(), s.Headers(h), body.dump(), "application/json");
  }
  json Get(const TestSession& s, int64_t id) {
    auto r = client_->Get(("/api/problems/" + std::to_string(id)).c_str(), s.Headers());
    EXPECT_EQ(r->status, 200) << r->body;
    return json::parse(r->body);
  }
  // A move that must succeed; returns the problem as answered.
  json Move(const TestSession& s, const json& problem, const char* verb, const json& body) {
    auto r = Post(s, "/api/problems/" + std::to_string(problem["id"].get<int64_t>()) + "/" + verb, body,
                  problem["version"].get<int64_t>());
    EXPECT_EQ(r->status, 200) << verb << ": " << r->body;
    return r->status == 200 ? json::parse(r->body) : problem;
  }
  // The status of a move that must fail.
  int Refused(const TestSession& s, const json& problem, const char* verb, const json& body) {
    return Post(s, "/api/problems/" + std::to_string(problem["id"].get<int64_t>()) + "/" + verb, body,
                problem["version"].get<int64_t>())
        ->status;
  }
  json Raise(const char* title = "征地未完成") {
    auto r = Post(owner_, "/api/projects/" + std::to_string(road_) + "/problems",
                  {{"type", "land"}, {"title", title}, {"description", "K3+200段尚有3户未签约，影响路基施工"}});
    EXPECT_EQ(r->status, 201) << r->body;
    return json::parse(r->body);
  }
  json Assign(const json& p, const char* deadline) {
    return Move(office_, p, "assign", {{"responsible_org_id", bureau_}, {"cooperating_org_ids", {helper_}}, {"deadline", deadline}});
  }
  static std::vector<std::string> Kinds(const json& p) {
    std::vector<std::string> out;
    for (const auto& e : p["events"]) out.push_back(e["kind"]);
    return out;
  }

  std::unique_ptr<TestServer> server_;
  std::unique_ptr<httplib::Client> client_;
  TestSession office_, owner_, unit_, helper_user_, outsider_;
  int64_t town_ = 0, bureau_ = 0, helper_ = 0, road_ = 0;
};

TEST_P(ProblemApiTest, TheLoopRunsFromRaisingToClosingByTheRolesThatMayAct) {
  json p = Raise();
  EXPECT_EQ(p["state"], "pending");
  EXPECT_EQ(p["raised_role"], "owner");
  EXPECT_FALSE(p["can"]["assign"].get<bool>()) << "an owner cannot assign";
  EXPECT_EQ(Refused(owner_, p, "assign", {{"responsible_org_id", bureau_}, {"deadline", "2025-09-29"}}), 403);
  EXPECT_EQ(client_->Get(("/api/problems/" + std::to_string(p["id"].get<int64_t>())).c_str(), unit_.Headers())->status, 404)
      << "not yet assigned: the bureau does not see the town's project";

  p = Assign(Get(office_, p["id"]), "2025-09-29");
  EXPECT_EQ(p["state"], "in_progress");
  EXPECT_EQ(p["responsible_org_name"], "区自然资源局");
  ASSERT_EQ(p["cooperating"].size(), 1u);
  EXPECT_EQ(p["cooperating"][0]["name"], "区住建局");

  // The bureau now sees it although the project lies outside its scope; the other town does not.
  p = Get(unit_, p["id"]);
  EXPECT_TRUE(p["can"]["step"].get<bool>());
  EXPECT_TRUE(p["can"]["submit"].get<bool>());
  EXPECT_FALSE(p["can"]["close"].get<bool>());
  EXPECT_EQ(client_->Get(("/api/problems/" + std::to_string(p["id"].get<int64_t>())).c_str(), outsider_.Headers())->status, 404);
  p = Move(unit_, p, "steps", {{"text", "已约谈3户，2户同意签约"}});
  // A cooperating unit records steps but does not report the result.
  json h = Get(helper_user_, p["id"]);
  EXPECT_TRUE(h["can"]["step"].get<bool>());
  EXPECT_FALSE(h["can"]["submit"].get<bool>());
  EXPECT_EQ(Refused(helper_user_, h, "submit", {{"result", "x"}}), 403);
  p = Move(helper_user_, h, "steps", {{"text", "已出具规划意见"}});
  EXPECT_EQ(Refused(unit_, p, "close", json::object()), 403) << "a unit cannot close its own problem";
  p = Move(unit_, p, "submit", {{"result", "3户均已签约，地块已交付"}});
  EXPECT_EQ(p["state"], "awaiting_confirmation");
  EXPECT_EQ(Refused(office_, p, "close", json::object()), 409) << "the raiser has not accepted yet";
  EXPECT_EQ(Refused(office_, p, "confirm", {{"accept", true}}), 403) << "only the raiser confirms";

  // The owner rejects once, the unit reports again, the owner accepts, the office closes.
  p = Move(owner_, Get(owner_, p["id"]), "confirm", {{"accept", false}, {"reason", "仍有1户未腾退"}});
  EXPECT_EQ(p["state"], "returned");
  p = Move(unit_, Get(unit_, p["id"]), "submit", {{"result", "最后1户已腾退"}});
  p = Move(owner_, Get(owner_, p["id"]), "confirm", {{"accept", true}});
  EXPECT_EQ(p["state"], "awaiting_confirmation");
  EXPECT_TRUE(p["confirmed"].get<bool>());
  p = Move(office_, Get(office_, p["id"]), "close", json::object());
  EXPECT_EQ(p["state"], "closed");
  EXPECT_EQ(p["closed_on"], "2025-09-22");
  EXPECT_EQ(Kinds(p), (std::vector<std::string>{"raised", "assigned", "step", "step", "submitted", "rejected", "submitted",
                                                "confirmed", "closed"}));
  EXPECT_EQ(p["events"][5]["text"], "仍有1户未腾退");
  EXPECT_EQ(p["events"][2]["org_name"], "区自然资源局");
  EXPECT_EQ(Refused(unit_, Get(office_, p["id"]), "steps", {{"text", "x"}}), 409) << "closed";
  p = Move(office_, Get(office_, p["id"]), "reopen", {{"reason", "雨后复发"}});
  EXPECT_EQ(p["state"], "reopened");
  EXPECT_TRUE(p["closed_on"].is_null());
}

TEST_P(ProblemApiTest, WritesNeedTheCurrentVersionAndValidFields) {
  json p = Raise();
  const std::string assign = "/api/problems/" + std::to_string(p["id"].get<int64_t>()) + "/assign";
  json body = {{"responsible_org_id", bureau_}, {"deadline", "2025-09-29"}};
  EXPECT_EQ(Post(office_, assign, body)->status, 428);
  EXPECT_EQ(Post(office_, assign, body, 7)->status, 412);
  auto r = Post(office_, assign, {{"responsible_org_id", bureau_}, {"deadline", "2025-09-01"}}, 1);
  ASSERT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["error"]["field"], "deadline");
  EXPECT_NE(json::parse(r->body)["error"]["message"].get<std::string>().find("办结时限"), std::string::npos) << r->body;
  r = Post(office_, assign, {{"responsible_org_id", 999999}, {"deadline", "2025-09-29"}}, 1);
  EXPECT_EQ(json::parse(r->body)["error"]["field"], "responsible_org_id");
  r = Post(office_, assign, {{"responsible_org_id", bureau_}, {"cooperating_org_ids", {999999}}, {"deadline", "2025-09-29"}}, 1);
  EXPECT_EQ(json::parse(r->body)["error"]["field"], "cooperating_org_ids");
  r = Post(owner_, "/api/projects/" + std::to_string(road_) + "/problems", {{"type", "weather"}, {"title", "x"}, {"description", "y"}});
  EXPECT_EQ(json::parse(r->body)["error"]["field"], "type");
  r = client_->Post(("/api/projects/" + std::to_string(road_) + "/problems").c_str(),
                    owner_.Headers({{"Accept-Language", "en"}}), json{{"type", "land"}, {"title", " "}, {"description", "y"}}.dump(),
                    "application/json");
  EXPECT_EQ(json::parse(r->body)["error"]["message"], "Title is required");
  // Nothing of the refused writes stuck.
  json now = Get(office_, p["id"]);
  EXPECT_EQ(now["state"], "pending");
  EXPECT_EQ(now["version"], 1);
  EXPECT_EQ(Kinds(now), std::vector<std::string>{"raised"});
}

TEST_P(ProblemApiTest, OverdueProblemsClimbTheLadderByWorkingDaysAcrossNationalDay) {
  json p = Assign(Get(office_, Raise()["id"]), "2025-09-29");
  auto escalate = [&] {
    return server_->db().WriteValue<int64_t>([&](store::Connection& c) {
      return EscalateOverdueProblems(c, server_->clock(), [&](std::string_view t) { return server_->keys().SignAudit(t); });
    });
  };
  SetToday(2025, 10, 11);  // 09-30, 10-09, 10-10 and the make-up Saturday 10-11: 4 working days late
  office_ = server_->SignedIn(Role::kOffice);  // the old session timed out over the holiday
  ASSERT_TRUE(escalate());
  p = Get(office_, p["id"]);
  EXPECT_EQ(p["level"], "unit");
  EXPECT_TRUE(p["overdue"].get<bool>());
  EXPECT_EQ(p["overdue_working_days"], 4);
  SetToday(2025, 10, 13);  // Monday: the fifth working day late
  office_ = server_->SignedIn(Role::kOffice);
  EXPECT_EQ(*escalate(), 1);
  EXPECT_EQ(*escalate(), 0) << "once per level";
  p = Get(office_, p["id"]);
  EXPECT_EQ(p["level"], "weekly");
  EXPECT_EQ(p["events"].back()["text"], "超期5个工作日，按规则提级至周调度会");
  // The board lists it first among the overdue ones, and the counts say so.
  json list = json::parse(client_->Get("/api/problems?overdue=1", office_.Headers())->body);
  ASSERT_EQ(list["total"], 1);
  EXPECT_EQ(list["counts"]["overdue"], 1);
  // The project's light turns red on the next recompute (the daily run; here by hand).
  ASSERT_EQ(client_->Post("/api/warnings/recompute", office_.Headers(), "", "application/json")->status, 200);
  json warnings = json::parse(client_->Get(("/api/projects/" + std::to_string(road_) + "/warnings").c_str(), office_.Headers())->body);
  bool red_problem = false;
  for (const auto& w : warnings["items"]) red_problem = red_problem || (w["measure"] == "problem" && w["colour"] == "red");
  EXPECT_TRUE(red_problem) << warnings.dump();
}

TEST_P(ProblemApiTest, TheOfficesRulesSetTheLadderThresholds) {
  json p = Assign(Get(office_, Raise()["id"]), "2025-09-29");
  auto r = client_->Put("/api/supervision-rules", office_.Headers({{"If-Match", "\"0\""}}),
                        json{{"overdue_working_days", {2, 4, 6}}, {"approval_red_percent", 150}}.dump(), "application/json");
  ASSERT_EQ(r->status, 200) << r->body;
  SetToday(2025, 10, 11);  // 4 working days late: past the second threshold of 2, 4, 6
  office_ = server_->SignedIn(Role::kOffice);
  auto escalated = server_->db().WriteValue<int64_t>([&](store::Connection& c) {
    return EscalateOverdueProblems(c, server_->clock(), [&](std::string_view t) { return server_->keys().SignAudit(t); });
  });
  ASSERT_TRUE(escalated) << escalated.error().ToString();
  EXPECT_EQ(*escalated, 1);
  EXPECT_EQ(Get(office_, p["id"])["level"], "coordination") << "under the default 5, 10, 20 it would stay with the unit";
}

TEST_P(ProblemApiTest, EscalationAtAMeetingRecordsItsDecisionOnTheAgenda) {
  json p = Assign(Get(office_, Raise()["id"]), "2025-09-29");
  auto m = Post(office_, "/api/meetings",
                {{"kind", "coordination"}, {"title", "第12次区重大项目协调会"}, {"held_on", "2025-09-20"}, {"chair", "王区长"}});
  ASSERT_EQ(m->status, 201) << m->body;
  const int64_t meeting = json::parse(m->body)["id"];
  p = Move(office_, p, "escalate", {{"to_level", "coordination"}, {"meeting_id", meeting}, {"decision", "自然资源局牵头，10月10日前完成"}});
  EXPECT_EQ(p["level"], "coordination");
  EXPECT_EQ(p["events"].back()["meeting_title"], "第12次区重大项目协调会");
  EXPECT_EQ(p["events"].back()["on"], "2025-09-20") << "the day of the meeting";
  EXPECT_EQ(Refused(office_, p, "escalate", {{"to_level", "weekly"}, {"decision", "x"}}), 400) << "only upward";
  json detail = json::parse(client_->Get(("/api/meetings/" + std::to_string(meeting)).c_str(), unit_.Headers())->body);
  ASSERT_EQ(detail["agenda"].size(), 1u);
  EXPECT_EQ(detail["agenda"][0]["decision"], "自然资源局牵头，10月10日前完成");
  json hidden = json::parse(client_->Get(("/api/meetings/" + std::to_string(meeting)).c_str(), outsider_.Headers())->body);
  EXPECT_TRUE(hidden["agenda"].empty()) << "the agenda shows only problems in the caller's scope";
}

std::string PdfText(const std::string& pdf) {
  const auto dir = std::filesystem::temp_directory_path() / ("gj-letter-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto file = dir / "letter.pdf";
  std::ofstream(file, std::ios::binary) << pdf;
  std::string text;
  if (FILE* f = ::popen(("pdftotext -layout " + file.string() + " -").c_str(), "r")) {
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
    ::pclose(f);
  }
  std::filesystem::remove_all(dir);
  return text;
}

TEST_P(ProblemApiTest, LettersAreNumberedWithoutGapsAndTheirPdfReadsInChinese) {
  json p = Assign(Get(office_, Raise()["id"]), "2025-09-29");
  const std::string path = "/api/problems/" + std::to_string(p["id"].get<int64_t>()) + "/letters";
  EXPECT_EQ(Post(owner_, path, {{"kind", "assign"}, {"reply_deadline", "2025-09-30"}})->status, 403);
  constexpr int kThreads = 4;
  constexpr int kEach = 2;
  std::mutex mu;
  std::vector<std::string> numbers;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      auto client = server_->Client();
      for (int i = 0; i < kEach; ++i) {
        auto r = client->Post(path.c_str(), office_.Headers(), json{{"kind", "supervise"}, {"reply_deadline", "2025-09-30"}}.dump(),
                              "application/json");
        std::lock_guard lock(mu);
        numbers.push_back(r && r->status == 201 ? json::parse(r->body)["number"].get<std::string>() : "failed " + (r ? r->body : ""));
      }
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::string> expected;
  for (int i = 1; i <= kThreads * kEach; ++i) expected.insert("区重大项目办督〔2025〕" + std::to_string(i) + "号");
  EXPECT_EQ(std::set<std::string>(numbers.begin(), numbers.end()), expected);
  auto r = Post(office_, path, {{"kind", "assign"}, {"reply_deadline", "2025-09-30"}});
  ASSERT_EQ(r->status, 201) << r->body;
  json letter = json::parse(r->body);
  EXPECT_EQ(letter["number"], "区重大项目办交〔2025〕1号") << "each kind counts on its own";
  auto pdf = client_->Get(letter["pdf_url"].get<std::string>().c_str(), unit_.Headers());
  ASSERT_EQ(pdf->status, 200);
  EXPECT_EQ(pdf->get_header_value("Content-Type"), "application/pdf");
  const std::string text = PdfText(pdf->body);
  for (const char* want : {"区重大项目办交〔2025〕1号", "区自然资源局", "纬三路", "2025年9月30日", "2025年9月22日"}) {
    EXPECT_NE(text.find(want), std::string::npos) << want << " not in:\n" << text;
  }
  // The unit answers in writing, once; its to-do no longer lists the letter.
  json todo = json::parse(client_->Get("/api/todo", unit_.Headers())->body);
  EXPECT_EQ(todo["groups"]["letters_to_reply"]["total"], kThreads * kEach + 1);
  const std::string reply = "/api/letters/" + std::to_string(letter["id"].get<int64_t>()) + "/reply";
  EXPECT_EQ(Post(helper_user_, reply, {{"text", "x"}})->status, 403) << "only the addressee answers";
  r = Post(unit_, reply, {{"text", "已组织签约，10月底前完成"}});
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body)["replied_on"], "2025-09-22");
  EXPECT_EQ(Post(unit_, reply, {{"text", "again"}})->status, 409);
  todo = json::parse(client_->Get("/api/todo", unit_.Headers())->body);
  EXPECT_EQ(todo["groups"]["letters_to_reply"]["total"], kThreads * kEach);
  EXPECT_EQ(Kinds(Get(office_, p["id"])).back(), "replied");
}

TEST_P(ProblemApiTest, PhotosAreOnlyPhotosAndFollowTheProblemsScope) {
  json p = Raise();
  const std::string path = "/api/problems/" + std::to_string(p["id"].get<int64_t>()) + "/photos?filename=";
  auto r = client_->Post((path + "site.jpg").c_str(), owner_.Headers(), TestJpeg(64, 48), "application/octet-stream");
  ASSERT_EQ(r->status, 201) << r->body;
  json photo = json::parse(r->body);
  r = client_->Post((path + "a.pdf").c_str(), owner_.Headers(), std::string("%PDF-1.4\n%%EOF\n"), "application/octet-stream");
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["error"]["reason"], "not_a_photo");
  p = Get(office_, p["id"]);
  ASSERT_EQ(p["photos"].size(), 1u);
  EXPECT_EQ(client_->Get(photo["thumbnail_url"].get<std::string>().c_str(), office_.Headers())->status, 200);
  EXPECT_EQ(client_->Get(photo["url"].get<std::string>().c_str(), outsider_.Headers())->status, 404);
  EXPECT_EQ(client_->Get(photo["url"].get<std::string>().c_str(), unit_.Headers())->status, 404) << "not assigned yet";
  Assign(p, "2025-09-29");
  EXPECT_EQ(client_->Get(photo["url"].get<std::string>().c_str(), unit_.Headers())->status, 200);
  // The to-do: the unit has it to handle, the office nothing (assigned, not yet accepted).
  json todo = json::parse(client_->Get("/api/todo", unit_.Headers())->body);
  EXPECT_EQ(todo["groups"]["problems_to_handle"]["total"], 1);
  todo = json::parse(client_->Get("/api/todo", office_.Headers())->body);
  EXPECT_EQ(todo["groups"]["problems_to_handle"]["total"], 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, ProblemApiTest, ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const auto& info) { return store::EngineParamName(info.param); });

}  // namespace
}  // namespace gongjian::api
