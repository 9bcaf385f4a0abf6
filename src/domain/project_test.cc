#include "domain/project.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>

namespace gongjian::domain {
namespace {

// A valid project to vary: 智能制造产业园一期, 2.5亿元 split between a special bond and social capital.
Project Valid() {
  Project p;
  p.name = "智能制造产业园一期";
  p.national_code = "2501-640106-04-01-123456";
  p.category = ProjectCategory::kIndustry;
  p.total_investment = 25'000'000'000;  // 2.5亿元 in 分
  p.funds = {{FundSource::kSpecialBond, 10'000'000'000}, {FundSource::kSocialCapital, 15'000'000'000}};
  p.planned_start = ParseDate("2026-03-01");
  p.planned_completion = ParseDate("2028-12-31");
  p.longitude = 106.27;
  p.latitude = 38.47;
  p.tags = {"十五五", "攻坚"};
  return p;
}

struct Case {
  const char* name;
  std::function<void(Project&)> change;
  const char* field;  // "" when still valid
  const char* key;
};

TEST(ProjectTest, ValidationNamesTheOffendingField) {
  const Case cases[] = {
      {"valid", [](Project&) {}, "", ""},
      {"no_national_code_yet", [](Project& p) { p.national_code.clear(); }, "", ""},
      {"no_split", [](Project& p) { p.funds.clear(); }, "", ""},
      {"missing_name", [](Project& p) { p.name = " "; }, "name", "required"},
      {"long_name", [](Project& p) { p.name = std::string(201 * 3, 'x'); }, "name", "too_long"},
      {"code_short", [](Project& p) { p.national_code = "2501-640106-04-01-12345"; }, "national_code", "national_code_format"},
      {"code_letters", [](Project& p) { p.national_code = "2501-64010A-04-01-123456"; }, "national_code", "national_code_format"},
      {"code_separator", [](Project& p) { p.national_code = "2501_640106-04-01-123456"; }, "national_code", "national_code_format"},
      {"negative_total", [](Project& p) { p.total_investment = -1; p.funds.clear(); }, "total_investment", "money_negative"},
      {"absurd_total", [](Project& p) { p.total_investment = kMaxMoney + 1; p.funds.clear(); }, "total_investment", "money_too_large"},
      {"split_one_fen_short", [](Project& p) { p.funds[1].amount -= 1; }, "funds", "fund_split_mismatch"},
      {"split_negative_share", [](Project& p) { p.funds[0].amount = -5; }, "funds", "money_negative"},
      {"split_repeats_source", [](Project& p) { p.funds[1].source = FundSource::kSpecialBond; }, "funds", "fund_source_repeated"},
      {"planned_dates_reversed", [](Project& p) { p.planned_completion = ParseDate("2026-02-28"); }, "planned_completion", "date_order"},
      {"same_day_is_fine", [](Project& p) { p.planned_completion = p.planned_start; }, "", ""},
      {"actual_dates_reversed",
       [](Project& p) {
         p.actual_start = ParseDate("2026-05-01");
         p.actual_completion = ParseDate("2026-04-30");
       },
       "actual_completion", "date_order"},
      {"longitude_outside_china", [](Project& p) { p.longitude = 2.35; }, "longitude", "out_of_range"},
      {"latitude_nan", [](Project& p) { p.latitude = std::nan(""); }, "latitude", "out_of_range"},
      {"too_many_tags", [](Project& p) { p.tags.assign(21, "攻坚"); }, "tags", "too_many_tags"},
      {"repeated_tag", [](Project& p) { p.tags = {"攻坚", "攻坚"}; }, "tags", "tag_repeated"},
      {"blank_tag", [](Project& p) { p.tags = {""}; }, "tags", "required"},
      {"long_remarks", [](Project& p) { p.remarks = std::string(2001, 'r'); }, "remarks", "too_long"},
  };
  for (const auto& c : cases) {
    Project p = Valid();
    c.change(p);
    core::Status s = ValidateProject(p);
    EXPECT_EQ(s.field(), c.field) << c.name << ": " << s.ToString();
    EXPECT_EQ(s.key(), c.key) << c.name;
  }
}

TEST(ProjectTest, SplitMismatchNamesBothSumsExactlyInYuan) {
  Project p = Valid();
  p.funds[1].amount -= 1;
  core::Status s = ValidateProject(p);
  ASSERT_EQ(s.args().size(), 2u);
  EXPECT_EQ(s.args()[0], "249999999.99");
  EXPECT_EQ(s.args()[1], "250000000.00");
}

TEST(ProjectTest, MoneyFormatsExactly) {
  EXPECT_EQ(FormatYuan(0), "0.00");
  EXPECT_EQ(FormatYuan(5), "0.05");
  EXPECT_EQ(FormatYuan(123456789), "1234567.89");
  EXPECT_EQ(FormatYuan(-150), "-1.50");
  EXPECT_EQ(FormatYuan(kMaxMoney), "1000000000000.00");
}

TEST(ProjectTest, EnumerationNamesRoundTrip) {
  for (auto v : {ProjectLevel::kProvincial, ProjectLevel::kMunicipal, ProjectLevel::kDistrict, ProjectLevel::kGeneral}) {
    EXPECT_EQ(ParseProjectLevel(ProjectLevelName(v)), v);
  }
  for (int i = 0; i <= static_cast<int>(ProjectCategory::kPlatform); ++i) {
    auto v = static_cast<ProjectCategory>(i);
    EXPECT_EQ(ParseProjectCategory(ProjectCategoryName(v)), v);
  }
  for (int i = 0; i <= static_cast<int>(FundSource::kIndustryFund); ++i) {
    auto v = static_cast<FundSource>(i);
    EXPECT_EQ(ParseFundSource(FundSourceName(v)), v);
  }
  EXPECT_EQ(ParseConstructionNature("relocation"), ConstructionNature::kRelocation);
  EXPECT_EQ(ParseApprovalRegime("ratification"), ApprovalRegime::kRatification);
  EXPECT_EQ(ParseInvestmentSubject("foreign"), InvestmentSubject::kForeign);
  EXPECT_FALSE(ParseFundSource("lottery"));
}

}  // namespace
}  // namespace gongjian::domain

namespace gongjian::domain {
namespace {

TEST(ConstructionKindTest, NewStartInTheYearOfTheActualStartContinuingAfter) {
  Project p;
  p.lifecycle.stage = Stage::kConstruction;
  p.actual_start = Date{2026, 3, 1};
  EXPECT_EQ(ConstructionKindOf(p, 2026), ConstructionKind::kNewStart);
  EXPECT_EQ(ConstructionKindOf(p, 2027), ConstructionKind::kContinuing);
  p.lifecycle.stage = Stage::kCompleted;
  EXPECT_EQ(ConstructionKindOf(p, 2026), std::nullopt);
}

TEST(RelatedOrgsTest, ListsOwnerTownAgencyAndResponsibleOnce) {
  Project p;
  p.owner_org_id = 5;
  p.town_org_id = 7;
  p.responsible_org_ids = {9, 7};
  EXPECT_EQ(RelatedOrgIds(p), (std::vector<int64_t>{5, 7, 9}));
}

TEST(ValidateProjectTest, RefusesARepeatedResponsibleUnit) {
  Project p;
  p.name = "示范项目";
  p.responsible_org_ids = {3, 3};
  EXPECT_EQ(ValidateProject(p).field(), "responsible_org_ids");
}

}  // namespace
}  // namespace gongjian::domain
