#include "engine/schedule.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

namespace gongjian::engine {
namespace {

using domain::Date;
using nlohmann::json;

// ---- The data-driven cases in testdata/schedule/*.json ----
//
// Each file is a list of cases:
//   {"name": "...", "today": "2025-09-01",
//    "nodes": [{"id": 1, "planned": "…", "actual": "…", "deps": [[predecessor id, lag in working days]]}],
//    "expect": {"<id>": {"forecast", "late" (null when met), "float", "delay", "critical", "state"}}
//    or "error": "milestone_cycle"}
// Every node of a case must appear in "expect". The calendar is the built-in China one.

struct Case {
  std::string label;
  json data;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.label; }

std::vector<Case> LoadCases() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(GJ_ENGINE_TESTDATA "/schedule")) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<Case> cases;
  for (const auto& path : files) {
    std::ifstream in(path);
    json list = json::parse(in);
    for (const auto& c : list) cases.push_back({path.stem().string() + ": " + c.at("name").get<std::string>(), c});
  }
  return cases;
}

Date D(const json& text) { return *domain::ParseDate(text.get<std::string>()); }

std::vector<ScheduleNode> NodesOf(const json& list) {
  std::vector<ScheduleNode> nodes;
  for (const auto& n : list) {
    ScheduleNode node;
    node.id = n.at("id").get<int64_t>();
    node.planned = D(n.at("planned"));
    if (n.contains("actual")) node.actual = D(n.at("actual"));
    for (const auto& d : n.value("deps", json::array())) node.deps.push_back({d.at(0).get<int64_t>(), d.at(1).get<int>()});
    nodes.push_back(std::move(node));
  }
  return nodes;
}

class ScheduleCaseTest : public testing::TestWithParam<Case> {};

TEST_P(ScheduleCaseTest, MatchesTheHandWorkedAnswer) {
  const json& c = GetParam().data;
  const auto nodes = NodesOf(c.at("nodes"));
  auto got = ComputeSchedule(nodes, D(c.at("today")), domain::WorkCalendar::China());
  if (c.contains("error")) {
    ASSERT_FALSE(got.has_value());
    EXPECT_EQ(got.error().key(), c.at("error").get<std::string>());
    return;
  }
  ASSERT_TRUE(got.has_value()) << got.error().key();
  ASSERT_EQ(got->size(), nodes.size());
  ASSERT_EQ(c.at("expect").size(), nodes.size()) << "every node needs an expectation";
  for (size_t i = 0; i < nodes.size(); ++i) {
    const NodeSchedule& s = (*got)[i];
    const std::string id = std::to_string(nodes[i].id);
    const json& want = c.at("expect").at(id);
    EXPECT_EQ(s.id, nodes[i].id);
    EXPECT_EQ(s.forecast.ToString(), want.at("forecast").get<std::string>()) << "node " << id;
    if (want.at("late").is_null()) {
      EXPECT_FALSE(s.late.has_value()) << "node " << id;
    } else {
      ASSERT_TRUE(s.late.has_value()) << "node " << id;
      EXPECT_EQ(s.late->ToString(), want.at("late").get<std::string>()) << "node " << id;
    }
    EXPECT_EQ(s.float_days, want.at("float").get<int>()) << "node " << id;
    EXPECT_EQ(s.delay_days, want.at("delay").get<int>()) << "node " << id;
    EXPECT_EQ(s.critical, want.at("critical").get<bool>()) << "node " << id;
    EXPECT_EQ(MilestoneStateName(s.state), want.at("state").get<std::string>()) << "node " << id;
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, ScheduleCaseTest, testing::ValuesIn(LoadCases()));

TEST(ScheduleTest, ALongChainComputesInOrderWhateverTheInputOrder) {
  // 2,000 nodes chained back to front, each 1 working day after the one it depends on.
  std::vector<ScheduleNode> nodes;
  const Date start = *domain::ParseDate("2030-01-01");
  for (int i = 0; i < 2000; ++i) {
    ScheduleNode n;
    n.id = 2000 - i;
    n.planned = start;
    if (n.id > 1) n.deps.push_back({n.id - 1, 1});
    nodes.push_back(n);
  }
  auto got = ComputeSchedule(nodes, start, domain::WorkCalendar::China());
  ASSERT_TRUE(got.has_value());
  const auto& cal = domain::WorkCalendar::China();
  // Node k is met k-1 working days after node 1.
  EXPECT_EQ(cal.WorkingDaysBetween((*got)[1999].forecast, (*got)[0].forecast), 1999);
  EXPECT_EQ((*got)[0].delay_days, 1999);
}

}  // namespace
}  // namespace gongjian::engine
