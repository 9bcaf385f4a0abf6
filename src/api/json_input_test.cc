#include "api/json_input.h"

#include <gtest/gtest.h>

namespace gongjian::api {
namespace {

http::Request WithBody(std::string body) {
  http::Request r;
  r.body = std::move(body);
  return r;
}

TEST(JsonInputTest, ParseErrorsNameTheBody) {
  EXPECT_EQ(JsonInput::Parse(WithBody("")).error().key(), "required");
  auto bad = JsonInput::Parse(WithBody(R"({"a": })"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().key(), "malformed_json");
  EXPECT_EQ(bad.error().field(), "body");
  EXPECT_EQ(bad.error().args().at(0), "7");
  EXPECT_EQ(JsonInput::Parse(WithBody("42")).error().key(), "body_not_object");
  EXPECT_EQ(JsonInput::Parse(WithBody(std::string(33, '[') + std::string(33, ']'))).error().key(), "json_too_deep");
  // Brackets inside strings do not count as nesting.
  EXPECT_TRUE(JsonInput::Parse(WithBody(R"({"a":")" + std::string(100, '[') + R"("})")));
}

TEST(JsonInputTest, DuplicateKeysAreRefusedNamingTheKey) {
  auto dup = JsonInput::Parse(WithBody(R"({"name":"a","kind":"town","name":"b"})"));
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().key(), "duplicate_field");
  EXPECT_EQ(dup.error().field(), "name");
  // The same key in different objects is fine.
  EXPECT_TRUE(JsonInput::Parse(WithBody(R"({"a":{"x":1},"b":{"x":2}})")));
}

TEST(JsonInputTest, TypedAccessorsDistinguishAbsentNullAndWrongType) {
  auto in = JsonInput::Parse(WithBody(R"({"s":"文本","n":12,"z":null,"f":1.5,"big":18446744073709551615})"));
  ASSERT_TRUE(in);
  EXPECT_EQ(*in->String("s").value(), "文本");
  EXPECT_EQ(*in->Int("n").value(), 12);
  EXPECT_FALSE(in->String("absent").value().has_value());
  EXPECT_FALSE(in->Has("absent"));
  EXPECT_TRUE(in->Has("z"));
  EXPECT_TRUE(in->IsNull("z"));
  EXPECT_EQ(in->String("n").error().key(), "wrong_type_string");
  EXPECT_EQ(in->Int("f").error().key(), "wrong_type_integer");
  EXPECT_EQ(in->Int("big").error().field(), "big");
  EXPECT_EQ(in->OnlyFields({"s", "n", "z", "f"}).field(), "big");
  // Required values: absent or null is "required", the wrong type says so.
  EXPECT_EQ(*in->RequiredInt("n"), 12);
  EXPECT_EQ(in->RequiredInt("absent").error().key(), "required");
  EXPECT_EQ(in->RequiredInt("z").error().key(), "required");
  EXPECT_EQ(in->RequiredInt("z").error().field(), "z");
  EXPECT_EQ(in->RequiredInt("s").error().key(), "wrong_type_integer");
}

TEST(JsonInputTest, IfMatchAcceptsQuotedWeakAndBareVersions) {
  http::Request r;
  EXPECT_EQ(IfMatchVersion(r).error().code(), core::Code::kPreconditionRequired);
  for (const char* v : {"\"3\"", "W/\"3\"", "3"}) {
    r.headers = {{"If-Match", v}};
    EXPECT_EQ(IfMatchVersion(r).value(), 3) << v;
  }
  for (const char* v : {"\"\"", "*", "\"-1\"", "\"3x\""}) {
    r.headers = {{"If-Match", v}};
    EXPECT_EQ(IfMatchVersion(r).error().field(), "If-Match") << v;
  }
}

TEST(JsonInputTest, QueryIntChecksRange) {
  http::Request r;
  r.query = {{"page", "3"}, {"bad", "x"}, {"neg", "-2"}};
  EXPECT_EQ(QueryInt(r, "page", 1, 1, 10).value(), 3);
  EXPECT_EQ(QueryInt(r, "absent", 7, 1, 10).value(), 7);
  EXPECT_EQ(QueryInt(r, "bad", 1, 1, 10).error().field(), "bad");
  EXPECT_EQ(QueryInt(r, "neg", 1, 1, 10).error().key(), "out_of_range");
}

}  // namespace
}  // namespace gongjian::api
