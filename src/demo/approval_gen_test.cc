#include "demo/approval_gen.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "engine/approval_stats.h"
#include "store/approval_repository.h"
#include "store/test_database.h"

namespace gongjian::demo {
namespace {

using domain::ApprovalStatus;
using domain::Date;
using domain::Stage;

const Date kToday{2026, 11, 29};

// The shipped templates, read from a freshly migrated database.
std::vector<domain::ApprovalTemplate> Templates() {
  static const std::vector<domain::ApprovalTemplate> templates = [] {
    auto db = store::TestDatabase::Create(store::Engine::kSqlite, true);
    return *db->db().ReadValue<std::vector<domain::ApprovalTemplate>>(
        [](store::Connection& c) { return store::ListApprovalTemplates(c); });
  }();
  return templates;
}

const std::vector<domain::DepartmentName> kDepartments = {
    {1, "区发展和改革局"}, {2, "区自然资源和规划局"}, {3, "区生态环境局"}, {4, "区住房和城乡建设局"}, {5, "区水利局"}};

domain::Project Project(Stage stage, domain::ProjectCategory category, int64_t id) {
  domain::Project p;
  p.id = id;
  p.category = category;
  p.lifecycle.stage = stage;
  p.planned_start = Date{2025, 3, 1};
  p.planned_completion = Date{2026, 6, 30};
  if (stage == Stage::kConstruction || stage == Stage::kCompleted) p.actual_start = Date{2025, 3, 20};
  if (stage == Stage::kCompleted) p.actual_completion = Date{2026, 7, 10};
  return p;
}

TEST(ApprovalGenTest, ItemsAreValidAndDeterministicWithTheTemplateOfTheCategory) {
  auto p = Project(Stage::kConstruction, domain::ProjectCategory::kIndustry, 7);
  auto a = GenerateApprovals(p, 3, Templates(), kDepartments, kToday, 1);
  auto b = GenerateApprovals(p, 3, Templates(), kDepartments, kToday, 1);
  ASSERT_EQ(a.size(), 13u);  // 企业投资产业
  EXPECT_EQ(a[0].name, "企业投资项目核准/备案");
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].status, b[i].status);
    EXPECT_EQ(a[i].approved_on, b[i].approved_on);
    EXPECT_EQ(a[i].project_id, 7);
    domain::ApprovalItem copy = a[i];
    EXPECT_TRUE(domain::ValidateApprovalItem(copy, kToday).ok()) << a[i].name;
    // Started: everything before 竣工验收 obtained (or not needed) before the start.
    if (a[i].stage != domain::ApprovalStage::kCompletion) {
      EXPECT_TRUE(a[i].status == ApprovalStatus::kObtained || a[i].status == ApprovalStatus::kNotApplicable) << a[i].name;
      if (a[i].approved_on) EXPECT_LT(*a[i].approved_on, Date(2025, 3, 20)) << a[i].name;
    } else {
      EXPECT_EQ(a[i].status, ApprovalStatus::kNotStarted) << "not completed yet";
    }
  }
  EXPECT_TRUE(GenerateApprovals(Project(Stage::kReserve, domain::ProjectCategory::kIndustry, 8), 0, Templates(),
                                kDepartments, kToday, 1)
                  .empty());
  EXPECT_EQ(GenerateApprovals(Project(Stage::kCompleted, domain::ProjectCategory::kInfrastructure, 9), 0, Templates(),
                              kDepartments, kToday, 1)
                .back()
                .status,
            ApprovalStatus::kObtained);  // 竣工验收备案 after completion
}

TEST(ApprovalGenTest, PlanningAndEcologyAreSlowerAndSomeOpenItemsAreOverdue) {
  std::vector<domain::ApprovalItem> all;
  for (size_t i = 0; i < 300; ++i) {
    auto category = i % 3 == 0 ? domain::ProjectCategory::kIndustry
                    : i % 3 == 1 ? domain::ProjectCategory::kInfrastructure
                                 : domain::ProjectCategory::kSocial;
    domain::Project p = Project(i % 2 ? Stage::kConstruction : Stage::kPreparation, category, static_cast<int64_t>(i + 1));
    p.planned_start = domain::AddDays(Date{2026, 6, 1}, static_cast<int>(i % 200));
    if (!p.actual_start) p.planned_start = domain::AddDays(kToday, static_cast<int>(i % 150));
    auto items = GenerateApprovals(p, i, Templates(), kDepartments, kToday, 42);
    all.insert(all.end(), items.begin(), items.end());
  }
  std::map<int64_t, std::string> names;
  for (const auto& d : kDepartments) names[d.id] = d.name;
  auto stats = engine::ComputeApprovalStats(all, names, 2026, kToday, domain::WorkCalendar::China());
  std::map<std::string, int> median;
  for (const auto& row : stats.by_department) median[row.name] = row.median_days.value_or(0);
  EXPECT_GT(median["区自然资源和规划局"], median["区发展和改革局"]);
  EXPECT_GT(median["区自然资源和规划局"], median["区住房和城乡建设局"]);
  EXPECT_GT(median["区生态环境局"], median["区住房和城乡建设局"]);
  EXPECT_GT(stats.total.red + stats.total.yellow, 0) << "some items in progress are overdue";
  EXPECT_GT(stats.total.open, stats.total.red + stats.total.yellow) << "and some are not";
}

}  // namespace
}  // namespace gongjian::demo
