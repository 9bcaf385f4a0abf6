#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "api/routes.h"
#include "core/clock.h"
#include "store/test_database.h"

namespace gongjian::api {
namespace {

using Operation = std::pair<std::string, std::string>;  // (METHOD, path)

std::set<Operation> DocumentedOperations() {
  auto doc = nlohmann::json::parse(OpenApiDocument());
  std::set<Operation> ops;
  for (const auto& [path, item] : doc["paths"].items()) {
    for (const auto& [method, op] : item.items()) {
      if (method == "parameters") continue;
      std::string upper = method;
      for (auto& c : upper) c = static_cast<char>(std::toupper(c));
      ops.insert({upper, path});
    }
  }
  return ops;
}

std::set<Operation> RoutedOperations() {
  auto t = store::TestDatabase::Create(store::Engine::kSqlite, false);
  core::SystemClock clock;
  ApiContext ctx{t->db(), clock, "test"};
  auto router = BuildRouter(ctx);
  std::set<Operation> ops;
  for (const auto& r : router->routes()) ops.insert({r->method, r->pattern});
  return ops;
}

TEST(OpenApiTest, DocumentListsExactlyTheRoutesTheServerHas) {
  auto documented = DocumentedOperations();
  auto routed = RoutedOperations();
  for (const auto& op : routed) {
    EXPECT_TRUE(documented.count(op)) << op.first << " " << op.second << " is routed but not in openapi.json";
  }
  for (const auto& op : documented) {
    EXPECT_TRUE(routed.count(op)) << op.first << " " << op.second << " is in openapi.json but not routed";
  }
  EXPECT_FALSE(routed.empty());
}

TEST(OpenApiTest, EveryOperationDocumentsItsResponsesAndRefsResolve) {
  auto doc = nlohmann::json::parse(OpenApiDocument());
  EXPECT_EQ(doc["openapi"].get<std::string>().substr(0, 2), "3.");
  for (const auto& [path, item] : doc["paths"].items()) {
    for (const auto& [method, op] : item.items()) {
      if (method == "parameters") continue;
      EXPECT_TRUE(op.contains("responses") && !op["responses"].empty()) << method << " " << path;
    }
  }
  // Every "$ref" points at something that exists.
  std::function<void(const nlohmann::json&)> walk = [&](const nlohmann::json& j) {
    if (j.is_object()) {
      for (const auto& [k, v] : j.items()) {
        if (k == "$ref") {
          std::string ref = v.get<std::string>();
          ASSERT_EQ(ref.rfind("#/", 0), 0u) << ref;
          EXPECT_NO_THROW(doc.at(nlohmann::json::json_pointer(ref.substr(1)))) << ref;
        } else {
          walk(v);
        }
      }
    } else if (j.is_array()) {
      for (const auto& v : j) walk(v);
    }
  };
  walk(doc);
}

}  // namespace
}  // namespace gongjian::api
