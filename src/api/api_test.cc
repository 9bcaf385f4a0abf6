#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "api/test_server.h"

namespace gongjian::api {
namespace {

using nlohmann::json;
using store::Engine;

class ApiTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    server_ = TestServer::Start(GetParam());
    if (!server_) GTEST_SKIP() << "GONGJIAN_TEST_PG is not set";
    client_ = server_->Client();
    admin_ = server_->SignedIn(domain::Role::kSystemAdmin);
  }

  // Requests as the signed-in system administrator.
  httplib::Result Get(const std::string& path, const httplib::Headers& headers = {}) {
    return client_->Get(path.c_str(), admin_.Headers(headers));
  }
  httplib::Result Delete(const std::string& path) { return client_->Delete(path.c_str(), admin_.Headers()); }
  httplib::Result Post(const std::string& path, const std::string& body, const httplib::Headers& headers = {},
                       const char* type = "application/json") {
    return client_->Post(path.c_str(), admin_.Headers(headers), body, type);
  }
  httplib::Result Patch(const std::string& path, const std::string& body, const httplib::Headers& headers) {
    return client_->Patch(path.c_str(), admin_.Headers(headers), body, "application/json");
  }

  // The district root (created with the administrator's account).
  int64_t District() { return server_->RootOrg(); }

  // Asserts the JSON error shape and returns the error object.
  static json ErrorOf(const httplib::Result& r, int status) {
    EXPECT_TRUE(r) << "no response";
    if (!r) return json::object();
    EXPECT_EQ(r->status, status) << r->body;
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/json; charset=utf-8");
    json body = json::parse(r->body, nullptr, false);
    EXPECT_TRUE(body.is_object() && body.contains("error")) << r->body;
    if (!body.is_object() || !body.contains("error")) return json::object();
    EXPECT_TRUE(body["error"]["code"].is_string());
    EXPECT_TRUE(body["error"]["message"].is_string());
    return body["error"];
  }

  std::unique_ptr<TestServer> server_;
  std::unique_ptr<httplib::Client> client_;
  TestSession admin_;
};

TEST_P(ApiTest, HealthReportsVersionAndDatabase) {
  auto r = Get("/api/health");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  json body = json::parse(r->body);
  EXPECT_EQ(body["status"], "ok");
  EXPECT_EQ(body["version"], "test");
  EXPECT_EQ(body["database"]["engine"], GetParam() == Engine::kSqlite ? "sqlite" : "postgresql");
  EXPECT_EQ(body["database"]["status"], "ok");
}

TEST_P(ApiTest, EveryAnswerCarriesSecurityHeadersAndRequestId) {
  auto r = Get("/api/health", {{"X-Request-Id", "trace-42"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->get_header_value("X-Request-Id"), "trace-42");
  EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(r->get_header_value("X-Frame-Options"), "DENY");
  EXPECT_NE(r->get_header_value("Content-Security-Policy").find("default-src 'self'"), std::string::npos);
  EXPECT_EQ(r->get_header_value("Cache-Control"), "no-store");
  auto forged = Get("/api/nowhere", {{"X-Request-Id", "bad id\r\nInjected: 1"}});
  ASSERT_TRUE(forged);
  EXPECT_NE(forged->get_header_value("X-Request-Id"), "");
  EXPECT_EQ(forged->get_header_value("X-Request-Id").find(' '), std::string::npos);
}

TEST_P(ApiTest, MalformedJsonIsBadRequestInChineseByDefault) {
  json e = ErrorOf(Post("/api/orgs", R"({"name": "示范区", )"), 400);
  EXPECT_EQ(e["code"], "invalid_argument");
  EXPECT_EQ(e["field"], "body");
  EXPECT_NE(e["message"].get<std::string>().find("不是有效的JSON"), std::string::npos) << e;
}

TEST_P(ApiTest, ErrorsAreInEnglishOnRequest) {
  json e = ErrorOf(Post("/api/orgs", "{oops", {{"Accept-Language", "en-US,en;q=0.9"}}), 400);
  EXPECT_NE(e["message"].get<std::string>().find("not valid JSON"), std::string::npos) << e;
}

TEST_P(ApiTest, WrongContentTypeIsUnsupportedMediaType) {
  json e = ErrorOf(Post("/api/orgs", "name=x", {}, "application/x-www-form-urlencoded"), 415);
  EXPECT_EQ(e["code"], "unsupported_media_type");
}

TEST_P(ApiTest, OversizeBodyIsPayloadTooLarge) {
  std::string big = R"({"name":")" + std::string(2 << 20, 'a') + R"("})";
  json e = ErrorOf(Post("/api/orgs", big), 413);
  EXPECT_EQ(e["code"], "payload_too_large");
}

TEST_P(ApiTest, InvalidUtf8BodyIsRejectedNamingTheBody) {
  json e = ErrorOf(Post("/api/orgs", "{\"name\":\"\xC0\xAF\",\"kind\":\"district\"}"), 400);
  EXPECT_EQ(e["field"], "body");
}

TEST_P(ApiTest, UnknownRouteIsNotFoundAndWrongMethodIsNotAllowed) {
  json e = ErrorOf(Get("/api/no/such/route"), 404);
  EXPECT_EQ(e["code"], "not_found");
  auto r = Delete("/api/orgs");
  json m = ErrorOf(r, 405);
  EXPECT_EQ(m["code"], "method_not_allowed");
  EXPECT_EQ(r->get_header_value("Allow"), "GET, POST");
}

TEST_P(ApiTest, ValidationErrorNamesTheFieldInBothLanguages) {
  int64_t d = District();
  std::string body = R"({"kind":"town","parent_id":)" + std::to_string(d) + "}";
  json zh = ErrorOf(Post("/api/orgs", body), 400);
  EXPECT_EQ(zh["field"], "name");
  EXPECT_EQ(zh["message"], "名称不能为空");
  json en = ErrorOf(Post("/api/orgs", body, {{"Accept-Language", "en"}}), 400);
  EXPECT_EQ(en["message"], "Name is required");
}

TEST_P(ApiTest, WrongTypesAndUnknownFieldsAreNamed) {
  json e1 = ErrorOf(Post("/api/orgs", R"({"name":5,"kind":"district"})"), 400);
  EXPECT_EQ(e1["field"], "name");
  json e2 = ErrorOf(Post("/api/orgs", R"({"name":"x","kind":"district","colour":"red"})"), 400);
  EXPECT_EQ(e2["field"], "colour");
  json e3 = ErrorOf(Post("/api/orgs", R"({"name":"x","kind":"village"})"), 400);
  EXPECT_EQ(e3["field"], "kind");
  json e4 = ErrorOf(Post("/api/orgs", R"(["not","an","object"])"), 400);
  EXPECT_EQ(e4["field"], "body");
  json e5 = ErrorOf(Post("/api/orgs", std::string(100, '[') + std::string(100, ']')), 400);
  EXPECT_EQ(e5["field"], "body");
}

TEST_P(ApiTest, BadPagingParametersAreNamed) {
  EXPECT_EQ(ErrorOf(Get("/api/orgs?page=0"), 400)["field"], "page");
  EXPECT_EQ(ErrorOf(Get("/api/orgs?page_size=abc"), 400)["field"], "page_size");
  EXPECT_EQ(ErrorOf(Get("/api/orgs?page_size=201"), 400)["field"], "page_size");
  EXPECT_EQ(ErrorOf(Get("/api/orgs?q=%ZZ"), 400)["field"], "query");
}

TEST_P(ApiTest, CreateGetAndVersionedUpdate) {
  int64_t d = District();
  auto created = Post("/api/orgs", R"({"name":"城关镇","kind":"town","parent_id":)" + std::to_string(d) + "}");
  ASSERT_EQ(created->status, 201) << created->body;
  json org = json::parse(created->body);
  std::string url = "/api/orgs/" + std::to_string(org["id"].get<int64_t>());
  EXPECT_EQ(created->get_header_value("Location"), url);
  EXPECT_EQ(created->get_header_value("ETag"), "\"1\"");

  auto got = Get(url);
  ASSERT_EQ(got->status, 200);
  EXPECT_EQ(json::parse(got->body)["name"], "城关镇");

  EXPECT_EQ(ErrorOf(Patch(url, R"({"name":"城关街道"})", {}), 428)["code"], "precondition_required");
  EXPECT_EQ(ErrorOf(Patch(url, R"({"name":"城关街道"})", {{"If-Match", "\"abc\""}}), 400)["field"], "If-Match");
  auto ok = Patch(url, R"({"name":"城关街道"})", {{"If-Match", "\"1\""}});
  ASSERT_EQ(ok->status, 200) << ok->body;
  EXPECT_EQ(ok->get_header_value("ETag"), "\"2\"");
  json stale = ErrorOf(Patch(url, R"({"name":"覆盖"})", {{"If-Match", "\"1\""}}), 412);
  EXPECT_EQ(stale["code"], "failed_precondition");
  EXPECT_NE(stale["message"].get<std::string>().find("2"), std::string::npos);  // names the current version
  EXPECT_EQ(json::parse(Get(url)->body)["name"], "城关街道");
}

TEST_P(ApiTest, MissingOrgIsNotFound) {
  EXPECT_EQ(ErrorOf(Get("/api/orgs/999999"), 404)["code"], "not_found");
  EXPECT_EQ(ErrorOf(Get("/api/orgs/abc"), 404)["code"], "not_found");
  EXPECT_EQ(ErrorOf(Get("/api/orgs/-1"), 404)["code"], "not_found");
}

TEST_P(ApiTest, FailedWriteLeavesNoPartialState) {
  int64_t d = District();
  ErrorOf(Post("/api/orgs", R"({"name":"孤儿","kind":"town","parent_id":987654})"), 400);
  ErrorOf(Post("/api/orgs", R"({"name":"测试区","kind":"district"})"), 409);
  auto list = Get("/api/orgs");
  json page = json::parse(list->body);
  EXPECT_EQ(page["total"], 1);  // only the root
  EXPECT_EQ(page["items"][0]["id"], d);
}

TEST_P(ApiTest, ListPagesAndFilters) {
  int64_t d = District();
  for (int i = 0; i < 5; ++i) {
    Post("/api/orgs", R"({"name":"镇)" + std::to_string(i) + R"(","kind":"town","parent_id":)" + std::to_string(d) + "}");
  }
  json page = json::parse(Get("/api/orgs?kind=town&page=2&page_size=2")->body);
  EXPECT_EQ(page["total"], 5);
  EXPECT_EQ(page["page"], 2);
  ASSERT_EQ(page["items"].size(), 2u);
  EXPECT_EQ(page["items"][0]["name"], "镇2");
  json found = json::parse(Get("/api/orgs?q=%E9%95%873")->body);  // q=镇3
  EXPECT_EQ(found["total"], 1);
}

// Random bytes and mangled JSON never produce a 500 or a non-JSON answer.
TEST_P(ApiTest, GarbageNeverCausesServerError) {
  std::mt19937 rng(20261129);
  const std::string seeds[] = {R"({"name":"x","kind":"district"})", R"({"name":"甲","kind":"town","parent_id":1})"};
  for (int i = 0; i < 150; ++i) {
    std::string body = seeds[i % 2];
    int edits = 1 + rng() % 6;
    for (int e = 0; e < edits && !body.empty(); ++e) body[rng() % body.size()] = static_cast<char>(rng() % 256);
    auto r = Post("/api/orgs", body);
    ASSERT_TRUE(r);
    EXPECT_LT(r->status, 500) << body;
    if (r->status >= 400) ErrorOf(r, r->status);
  }
}

TEST_P(ApiTest, OpenApiDocumentIsServed) {
  auto r = Get("/api/openapi.json");
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(json::parse(r->body)["openapi"], "3.0.3");
}

INSTANTIATE_TEST_SUITE_P(Engines, ApiTest, ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const auto& info) { return store::EngineParamName(info.param); });

class StaticServingTest : public ::testing::Test {
 public:
  httplib::Result Get(const char* path) { return client_->Get(path); }

 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() / ("gj_web_" + std::to_string(getpid()));
    std::filesystem::create_directories(root_ / "assets");
    std::ofstream(root_ / "index.html") << "<!doctype html><div id=app></div>";
    std::ofstream(root_ / "assets" / "app-1.js") << "1";
    server_ = TestServer::Start(Engine::kSqlite, root_.string());
    client_ = server_->Client();
  }
  void TearDown() override {
    server_.reset();
    std::filesystem::remove_all(root_);
  }
  std::filesystem::path root_;
  std::unique_ptr<TestServer> server_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(StaticServingTest, DeepLinksGetTheAppAndApiStaysJson) {
  auto deep = Get("/projects/12");
  ASSERT_EQ(deep->status, 200);
  EXPECT_EQ(deep->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(deep->body.find("id=app"), std::string::npos);
  auto js = Get("/assets/app-1.js");
  EXPECT_EQ(js->get_header_value("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(Get("/assets/missing.js")->status, 404);
  EXPECT_EQ(Get("/api/unknown")->get_header_value("Content-Type"), "application/json; charset=utf-8");
  EXPECT_EQ(client_->Post("/projects", "x", "text/plain")->status, 405);
}

}  // namespace
}  // namespace gongjian::api
