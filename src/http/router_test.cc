#include "http/router.h"

#include <gtest/gtest.h>

namespace gongjian::http {
namespace {

Handler Answer(std::string body) {
  return [body](Request&) { return Response::Json(200, body); };
}

TEST(RouterTest, MatchesLiteralAndParameterSegments) {
  Router r;
  r.Add("GET", "/api/orgs", Answer("list"));
  r.Add("GET", "/api/orgs/{id}", Answer("one"));
  r.Add("PATCH", "/api/orgs/{id}", Answer("patch"));
  auto m = r.Find("GET", "/api/orgs/42");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/orgs/{id}");
  EXPECT_EQ(m.params["id"], "42");
  EXPECT_EQ(r.Find("GET", "/api/orgs").route->pattern, "/api/orgs");
}

TEST(RouterTest, WrongMethodListsAllowedMethods) {
  Router r;
  r.Add("GET", "/api/orgs/{id}", Answer("one"));
  r.Add("PATCH", "/api/orgs/{id}", Answer("patch"));
  auto m = r.Find("DELETE", "/api/orgs/1");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allowed, (std::vector<std::string>{"GET", "PATCH"}));
}

TEST(RouterTest, HeadIsServedByTheGetRoute) {
  Router r;
  r.Add("GET", "/api/health", Answer("ok"));
  auto m = r.Find("HEAD", "/api/health");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->method, "GET");
}

TEST(RouterTest, UnknownPathsAndEmptySegmentsDoNotMatch) {
  Router r;
  r.Add("GET", "/api/orgs/{id}", Answer("one"));
  EXPECT_EQ(r.Find("GET", "/api/orgs/").route, nullptr);
  EXPECT_EQ(r.Find("GET", "/api/orgs/1/extra").route, nullptr);
  EXPECT_EQ(r.Find("GET", "/api/other/1").route, nullptr);
  EXPECT_TRUE(r.Find("GET", "/api/other/1").allowed.empty());
  EXPECT_EQ(r.Find("GET", "").route, nullptr);
}

TEST(RouterTest, MiddlewareWrapsHandlerOutermostFirst) {
  Router r;
  std::string trace;
  r.Use([&](Request& req, const Route&, const Next& next) {
    trace += "a<";
    Response resp = next(req);
    trace += ">a";
    return resp;
  });
  r.Use([&](Request& req, const Route&, const Next& next) {
    trace += "b<";
    Response resp = next(req);
    trace += ">b";
    return resp;
  });
  r.Add("GET", "/x", [&](Request&) {
    trace += "h";
    return Response::Json(200, "{}");
  });
  Request req;
  auto m = r.Find("GET", "/x");
  r.Dispatch(*m.route, req);
  EXPECT_EQ(trace, "a<b<h>b>a");
}

TEST(RouterTest, MiddlewareCanAnswerWithoutCallingTheHandler) {
  Router r;
  bool handler_ran = false;
  r.Use([](Request&, const Route&, const Next&) { return Response::Json(401, "{}"); });
  r.Add("GET", "/x", [&](Request&) {
    handler_ran = true;
    return Response::Json(200, "{}");
  });
  Request req;
  EXPECT_EQ(r.Dispatch(*r.Find("GET", "/x").route, req).status, 401);
  EXPECT_FALSE(handler_ran);
}

}  // namespace
}  // namespace gongjian::http
