#include "api/errors.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

namespace gongjian::api {
namespace {

using core::Code;
using core::Status;

TEST(ErrorsTest, EachCodeMapsToItsHttpStatus) {
  const std::pair<Code, int> expected[] = {
      {Code::kInvalidArgument, 400}, {Code::kUnauthenticated, 401},      {Code::kPermissionDenied, 403},
      {Code::kNotFound, 404},        {Code::kMethodNotAllowed, 405},     {Code::kConflict, 409},
      {Code::kFailedPrecondition, 412}, {Code::kPayloadTooLarge, 413}, {Code::kUnsupportedMediaType, 415},
      {Code::kPreconditionRequired, 428}, {Code::kInternal, 500},      {Code::kUnavailable, 503},
  };
  for (auto [code, status] : expected) EXPECT_EQ(HttpStatus(code), status) << core::CodeName(code);
}

TEST(ErrorsTest, MessagesFillFieldLabelAndArguments) {
  Status s = Status::Invalid("name", "too_long", {"100"});
  EXPECT_EQ(Message(s, "zh"), "名称不能超过100个字");
  EXPECT_EQ(Message(s, "en"), "Name must be at most 100 characters");
}

TEST(ErrorsTest, PathsOfNestedFieldsAreLabelledPartByPart) {
  EXPECT_EQ(Message(Status::Invalid("deps[1].lag_days", "required"), "zh"), "前置节点第2项间隔工作日不能为空");
  EXPECT_EQ(Message(Status::Invalid("deps[1].lag_days", "required"), "en"), "Predecessors #2 Lag (working days) is required");
  EXPECT_EQ(Message(Status::Invalid("zz[0].yy", "required"), "zh"), "zz第1项yy不能为空");
  EXPECT_EQ(Message(Status::Invalid("deps[x", "required"), "zh"), "deps[x不能为空");
}

TEST(ErrorsTest, UnknownKeyFallsBackToTheCodesMessage) {
  EXPECT_EQ(Message(Status(Code::kConflict, "no_such_key"), "zh"), "操作与现有数据冲突");
}

TEST(ErrorsTest, InternalErrorShowsRequestIdButNeverTheDetail) {
  http::Request req;
  req.request_id = "abc-123";
  http::Response r = ErrorResponse(Status::Internal("password=hunter2 in SQL"), req);
  EXPECT_EQ(r.status, 500);
  EXPECT_NE(r.body.find("abc-123"), std::string::npos);
  EXPECT_EQ(r.body.find("hunter2"), std::string::npos);
}

TEST(ErrorsTest, UnavailableAsksToRetry) {
  http::Request req;
  http::Response r = ErrorResponse(Status::Unavailable("db_busy"), req);
  EXPECT_EQ(r.status, 503);
  ASSERT_FALSE(r.headers.empty());
  EXPECT_EQ(r.headers.back().first, "Retry-After");
}

TEST(ErrorsTest, FieldsFromUsersCannotBreakTheJson) {
  http::Request req;
  http::Response r = ErrorResponse(Status::Invalid("\xC0\x80\"}", "unknown_field"), req);
  EXPECT_TRUE(nlohmann::json::accept(r.body)) << r.body;
}

TEST(ErrorsTest, EveryMessageRendersInBothLanguages) {
  for (auto key : MessageKeys()) {
    Status s(Code::kInvalidArgument, std::string(key), "name", {"1", "2"});
    std::string zh = Message(s, "zh", "rid"), en = Message(s, "en", "rid");
    EXPECT_FALSE(zh.empty()) << key;
    EXPECT_NE(zh, en) << key;
    EXPECT_EQ(zh.find('{'), std::string::npos) << key << ": " << zh;
    EXPECT_EQ(en.find('{'), std::string::npos) << key << ": " << en;
  }
}

// Every message key the code uses has a catalogue entry, so no user ever sees the
// generic fallback because someone forgot to write the message.
TEST(ErrorsTest, EveryKeyUsedInTheSourceIsInTheCatalogue) {
  std::set<std::string> known;
  for (auto k : MessageKeys()) known.insert(std::string(k));
  const std::regex patterns[] = {
      std::regex(R"re(Status::Invalid\(\s*"[^"]*",\s*"([a-z_0-9]+)")re"),
      std::regex(R"re(Status::Invalid\(\s*[a-z_:.()]+,\s*"([a-z_0-9]+)")re"),
      std::regex(R"re(Status::(?:NotFound|Conflict|Unavailable)\(\s*"([a-z_0-9]+)")re"),
      std::regex(R"re(Status\(\s*(?:core::)?Code::k[A-Za-z]+,\s*"([a-z_0-9]+)")re"),
  };
  int found = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(GJ_SOURCE_DIR "/src")) {
    auto ext = entry.path().extension();
    if ((ext != ".cc" && ext != ".h") || entry.path().filename().string().find("_test") != std::string::npos) continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    std::string src = text.str();
    for (const auto& re : patterns) {
      for (std::sregex_iterator it(src.begin(), src.end(), re), end; it != end; ++it) {
        ++found;
        EXPECT_TRUE(known.count((*it)[1])) << (*it)[1] << " used in " << entry.path() << " has no message";
      }
    }
  }
  EXPECT_GT(found, 20);  // the scan itself works
}

}  // namespace
}  // namespace gongjian::api
