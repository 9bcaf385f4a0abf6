#include "engine/approval_stats.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace gongjian::engine {
namespace {

using domain::Date;
using nlohmann::json;

// ---- The data-driven cases in testdata/approval/*.json ----
//
// Each file is a list of cases:
//   {"name", "comment", "year", "today", "red_percent" (default 150), "departments": {"id": "name"},
//    "items": [{"id" (a label), "name", "department" (org id), "limit", "kind": "working"|"calendar",
//               "status", "applied", "approved"}],
//    "expect": {"as_of", "total": {row}, "by_department": [rows in order], "by_item": [rows in order]}}
// A row: {"name", "department", "count", "median", "p90", "overdue", "open", "yellow", "red"}; median
// and p90 absent when there is no finished item. The answers are computed by hand (see "comment").

struct Case {
  std::string file;
  std::string name;
  json data;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.file << ".json: " << c.name; }

std::vector<Case> LoadCases() {
  std::vector<Case> cases;
  for (const auto& entry : std::filesystem::directory_iterator(GJ_ENGINE_TESTDATA "/approval")) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path());
    json list = json::parse(in);
    for (const auto& c : list) cases.push_back({entry.path().stem().string(), c.at("name").get<std::string>(), c});
  }
  std::sort(cases.begin(), cases.end(), [](const Case& a, const Case& b) { return a.file + a.name < b.file + b.name; });
  return cases;
}

void CheckKeys(const json& object, const std::set<std::string>& known, const std::string& where) {
  for (const auto& item : object.items()) {
    if (!known.count(item.key())) throw std::runtime_error("unknown key " + item.key() + " in " + where);
  }
}

Date D(const json& v) {
  auto d = domain::ParseDate(v.get<std::string>());
  if (!d) throw std::runtime_error("bad date " + v.dump());
  return *d;
}

domain::ApprovalItem Item(const json& j, int64_t id) {
  CheckKeys(j, {"id", "name", "department", "limit", "kind", "status", "applied", "approved"}, "item");
  domain::ApprovalItem a;
  a.id = id;
  a.name = j.at("name").get<std::string>();
  if (j.contains("department")) a.department_org_id = j["department"].get<int64_t>();
  if (j.contains("limit")) a.limit_days = j["limit"].get<int>();
  a.limit_kind = domain::ParseLimitKind(j.value("kind", "working")).value();
  a.status = domain::ParseApprovalStatus(j.at("status").get<std::string>()).value();
  if (j.contains("applied")) a.applied_on = D(j["applied"]);
  if (j.contains("approved")) a.approved_on = D(j["approved"]);
  return a;
}

ApprovalGroupStats Row(const json& j) {
  CheckKeys(j, {"name", "department", "count", "median", "p90", "overdue", "open", "yellow", "red"}, "row");
  ApprovalGroupStats r;
  r.name = j.value("name", "");
  if (j.contains("department")) r.department_org_id = j["department"].get<int64_t>();
  r.count = j.at("count").get<int>();
  if (j.contains("median")) r.median_days = j["median"].get<int>();
  if (j.contains("p90")) r.p90_days = j["p90"].get<int>();
  r.overdue = j.at("overdue").get<int>();
  r.open = j.at("open").get<int>();
  r.yellow = j.at("yellow").get<int>();
  r.red = j.at("red").get<int>();
  return r;
}

std::string Show(const ApprovalGroupStats& r) {
  auto opt = [](const std::optional<int>& v) { return v ? std::to_string(*v) : std::string("-"); };
  return r.name + " dept=" + (r.department_org_id ? std::to_string(*r.department_org_id) : "-") +
         " count=" + std::to_string(r.count) + " median=" + opt(r.median_days) + " p90=" + opt(r.p90_days) +
         " overdue=" + std::to_string(r.overdue) + " open=" + std::to_string(r.open) +
         " yellow=" + std::to_string(r.yellow) + " red=" + std::to_string(r.red);
}

void ExpectRows(const std::vector<ApprovalGroupStats>& got, const json& want, const std::string& what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(Show(got[i]), Show(Row(want[i]))) << what << "[" << i << "]";
  }
}

class ApprovalStatsCaseTest : public testing::TestWithParam<Case> {};

TEST_P(ApprovalStatsCaseTest, MatchesHandComputedFigures) {
  const json& c = GetParam().data;
  CheckKeys(c, {"name", "comment", "year", "today", "red_percent", "departments", "items", "expect"}, "case");
  std::map<int64_t, std::string> departments;
  for (const auto& [id, name] : c.at("departments").items()) departments[std::stoll(id)] = name.get<std::string>();
  std::vector<domain::ApprovalItem> items;
  for (const auto& j : c.at("items")) items.push_back(Item(j, static_cast<int64_t>(items.size() + 1)));
  ApprovalStats s = ComputeApprovalStats(items, departments, c.at("year").get<int>(), D(c.at("today")),
                                         domain::WorkCalendar::China(), c.value("red_percent", domain::kDefaultRedPercent));
  const json& e = c.at("expect");
  CheckKeys(e, {"as_of", "total", "by_department", "by_item"}, "expect");
  EXPECT_EQ(s.as_of, D(e.at("as_of")));
  EXPECT_EQ(Show(s.total), Show(Row(e.at("total"))));
  ExpectRows(s.by_department, e.at("by_department"), "by_department");
  ExpectRows(s.by_item, e.at("by_item"), "by_item");
}

INSTANTIATE_TEST_SUITE_P(TestData, ApprovalStatsCaseTest, testing::ValuesIn(LoadCases()),
                         [](const testing::TestParamInfo<Case>& info) {
                           return info.param.file + "_" + std::to_string(info.index);
                         });

TEST(NearestRankPercentileTest, KnownRanks) {
  const std::vector<int> ten = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  EXPECT_EQ(NearestRankPercentile(ten, 50), 5);
  EXPECT_EQ(NearestRankPercentile(ten, 90), 9);
  EXPECT_EQ(NearestRankPercentile(ten, 91), 10);
  EXPECT_EQ(NearestRankPercentile(ten, 100), 10);
  EXPECT_EQ(NearestRankPercentile({7}, 90), 7);
  EXPECT_EQ(NearestRankPercentile({1, 2, 3}, 50), 2);
  EXPECT_THROW(NearestRankPercentile({}, 50), std::invalid_argument);
}

}  // namespace
}  // namespace gongjian::engine
