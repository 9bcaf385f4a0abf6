#include "domain/milestone.h"

#include <gtest/gtest.h>

namespace gongjian::domain {
namespace {

Date D(const char* text) { return *ParseDate(text); }

Milestone Valid() {
  Milestone m;
  m.id = 5;
  m.name = "  施工许可 ";
  m.planned = D("2026-05-10");
  m.deps = {{3, 5}, {4, 0}};
  return m;
}

TEST(ValidateMilestoneTest, AcceptsAndTrims) {
  Milestone m = Valid();
  ASSERT_TRUE(ValidateMilestone(m, D("2026-06-01")).ok());
  EXPECT_EQ(m.name, "施工许可");
}

TEST(ValidateMilestoneTest, NamesTheFieldOfEachError) {
  struct Case {
    const char* why;
    void (*change)(Milestone&);
    const char* field;
    const char* key;
  };
  for (const Case& c : std::vector<Case>{
           {"empty name", [](Milestone& m) { m.name = " "; }, "name", "required"},
           {"long name", [](Milestone& m) { m.name = std::string(51, 'x'); }, "name", "too_long"},
           {"met tomorrow", [](Milestone& m) { m.actual = D("2026-06-02"); }, "actual", "date_in_future"},
           {"long note", [](Milestone& m) { m.note = std::string(501, 'x'); }, "note", "too_long"},
           {"self", [](Milestone& m) { m.deps[1].predecessor_id = 5; }, "deps[1].predecessor_id", "milestone_self"},
           {"twice", [](Milestone& m) { m.deps[1].predecessor_id = 3; }, "deps[1].predecessor_id", "repeated_value"},
           {"no id", [](Milestone& m) { m.deps[0].predecessor_id = 0; }, "deps[0].predecessor_id", "required"},
           {"negative lag", [](Milestone& m) { m.deps[0].lag_days = -1; }, "deps[0].lag_days", "out_of_range"},
           {"huge lag", [](Milestone& m) { m.deps[0].lag_days = 2001; }, "deps[0].lag_days", "out_of_range"},
       }) {
    Milestone m = Valid();
    c.change(m);
    core::Status s = ValidateMilestone(m, D("2026-06-01"));
    EXPECT_EQ(s.field(), c.field) << c.why;
    EXPECT_EQ(s.key(), c.key) << c.why;
  }
  Milestone edge = Valid();
  edge.actual = D("2026-06-01");
  edge.deps[0].lag_days = 2000;
  EXPECT_TRUE(ValidateMilestone(edge, D("2026-06-01")).ok());
}

TEST(MilestoneTemplateTest, ValidatesNodes) {
  MilestoneTemplate t{0, "产业项目", {{"开工", MilestoneAnchor::kStart, 0}, {"开工", MilestoneAnchor::kEnd, 0}}, 0};
  EXPECT_EQ(ValidateMilestoneTemplate(t).field(), "nodes[1].name");
  t.nodes[1] = {"竣工", MilestoneAnchor::kEnd, 3651};
  EXPECT_EQ(ValidateMilestoneTemplate(t).field(), "nodes[1].offset_days");
  t.nodes[1].offset_days = -3650;
  EXPECT_TRUE(ValidateMilestoneTemplate(t).ok());
  t.nodes.clear();
  EXPECT_EQ(ValidateMilestoneTemplate(t).field(), "nodes");
}

TEST(MilestoneTemplateTest, DatesNodesAndChainsThemWithTheirPlannedGap) {
  MilestoneTemplate t{0,
                      "t",
                      {{"施工许可", MilestoneAnchor::kStart, -30},
                       {"开工", MilestoneAnchor::kStart, 0},
                       {"竣工", MilestoneAnchor::kEnd, 0},
                       {"回头看", MilestoneAnchor::kStart, 10}},
                      0};
  const WorkCalendar& cal = WorkCalendar::China();
  auto nodes = MilestonesFromTemplate(t, D("2025-10-31"), D("2026-12-31"), cal);
  ASSERT_EQ(nodes.size(), 4u);
  EXPECT_EQ(nodes[0].planned, D("2025-10-01"));
  EXPECT_TRUE(nodes[0].deps.empty());
  EXPECT_EQ(nodes[1].planned, D("2025-10-31"));
  ASSERT_EQ(nodes[1].deps.size(), 1u);
  EXPECT_EQ(nodes[1].deps[0].predecessor_id, 0);
  // (10-01, 10-31]: 10-09, 10-10, the worked Saturday 10-11, then three full weeks.
  EXPECT_EQ(nodes[1].deps[0].lag_days, 18);
  EXPECT_EQ(nodes[2].deps[0].predecessor_id, 1);
  EXPECT_TRUE(nodes[3].deps.empty()) << "dated before its predecessor";
  EXPECT_EQ(nodes[3].position, 3);
}

}  // namespace
}  // namespace gongjian::domain
