#include "demo/milestone_gen.h"

#include <gtest/gtest.h>

namespace gongjian::demo {
namespace {

using domain::Date;
using domain::Stage;

std::vector<domain::MilestoneTemplate> Templates() {
  using A = domain::MilestoneAnchor;
  return {{1, "产业项目", {{"立项", A::kStart, -180}, {"施工许可", A::kStart, -30}, {"开工", A::kStart, 0},
                          {"主体完工", A::kEnd, -120}, {"竣工验收", A::kEnd, 0}, {"投产", A::kEnd, 30}}, 1}};
}

domain::Project Project(Stage stage) {
  domain::Project p;
  p.lifecycle.stage = stage;
  p.planned_start = Date{2025, 3, 1};
  p.planned_completion = Date{2027, 6, 30};
  if (stage == Stage::kConstruction || stage == Stage::kCompleted) p.actual_start = Date{2025, 3, 20};
  if (stage == Stage::kCompleted) p.planned_completion = Date{2026, 6, 30}, p.actual_completion = Date{2026, 7, 10};
  return p;
}

const Date kToday{2026, 11, 29};

TEST(MilestoneGenTest, AStartedProjectMetEverythingBeforeItsStartOnItsStartDay) {
  for (size_t index = 0; index < 40; ++index) {
    auto nodes = GenerateMilestones(Project(Stage::kConstruction), index, Templates(), kToday, 1);
    ASSERT_EQ(nodes.size(), 6u);
    EXPECT_EQ(nodes[2].name, "开工");
    EXPECT_EQ(nodes[2].actual, Date(2025, 3, 20));
    for (size_t i = 0; i < 2; ++i) {
      ASSERT_TRUE(nodes[i].actual) << index << " " << nodes[i].name;
      EXPECT_LE(*nodes[i].actual, Date(2025, 3, 20));
    }
    EXPECT_FALSE(nodes[5].actual) << "投产 lies in 2027";
    for (const auto& m : nodes) {
      if (m.actual) EXPECT_LE(*m.actual, kToday);
      for (const auto& d : m.deps) EXPECT_LT(d.predecessor_id, m.position);
      EXPECT_FALSE(m.responsible_person.empty());
    }
  }
}

TEST(MilestoneGenTest, ACompletedProjectMetItsNodesUpToCompletion) {
  auto nodes = GenerateMilestones(Project(Stage::kCompleted), 3, Templates(), kToday, 1);
  ASSERT_EQ(nodes.size(), 6u);
  for (size_t i = 0; i < 5; ++i) ASSERT_TRUE(nodes[i].actual) << nodes[i].name;
  EXPECT_LE(*nodes[4].actual, Date(2026, 7, 10));
}

TEST(MilestoneGenTest, SomeProjectsInPreparationHaveAnOverdueNode) {
  int overdue = 0;
  const int n = 400;
  for (int index = 0; index < n; ++index) {
    domain::Project p = Project(Stage::kPreparation);
    p.planned_start = Date{2027, 1, 15};  // 立项 and 施工许可 lie in the past
    auto nodes = GenerateMilestones(p, static_cast<size_t>(index), Templates(), kToday, 7);
    bool late = false;
    for (const auto& m : nodes) late = late || (!m.actual && m.planned < kToday);
    overdue += late;
  }
  EXPECT_GT(overdue, n / 16);
  EXPECT_LT(overdue, n / 5);
}

TEST(MilestoneGenTest, NoNodesBeforeTheLibraryOrWithoutDates) {
  EXPECT_TRUE(GenerateMilestones(Project(Stage::kPlanning), 0, Templates(), kToday, 1).empty());
  EXPECT_TRUE(GenerateMilestones(Project(Stage::kWithdrawn), 0, Templates(), kToday, 1).empty());
  domain::Project p = Project(Stage::kConstruction);
  p.planned_completion.reset();
  EXPECT_TRUE(GenerateMilestones(p, 0, Templates(), kToday, 1).empty());
}

TEST(MilestoneGenTest, Deterministic) {
  auto a = GenerateMilestones(Project(Stage::kConstruction), 11, Templates(), kToday, 5);
  auto b = GenerateMilestones(Project(Stage::kConstruction), 11, Templates(), kToday, 5);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].actual, b[i].actual);
    EXPECT_EQ(a[i].responsible_person, b[i].responsible_person);
  }
}

}  // namespace
}  // namespace gongjian::demo
