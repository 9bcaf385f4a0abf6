#include "domain/sheet_values.h"

#include <gtest/gtest.h>

#include "domain/labels.h"

namespace gongjian::domain {
namespace {

struct AmountCase {
  std::string text;
  AmountUnit unit;
  bool number_cell;
  Fen fen;           // expected when key is empty
  std::string key;   // expected error key
};

TEST(ParseAmount, ConvertsEveryUnitExactlyToTheFen) {
  const AmountCase cases[] = {
      {"12345.67", AmountUnit::kWanYuan, false, 123'456'700'00, ""},
      {"1.23456789", AmountUnit::kYiYuan, false, 1'234'567'890'0, ""},
      {"1.2345678901", AmountUnit::kYiYuan, false, 12'345'678'901, ""},
      {"1.23456789012", AmountUnit::kYiYuan, false, 0, "amount_too_precise"},
      {"12,000", AmountUnit::kWanYuan, false, 12'000'000'000, ""},
      {"１２，０００．５", AmountUnit::kWanYuan, false, 12'000'500'000, ""},
      {"0.000001", AmountUnit::kWanYuan, false, 1, ""},
      {"0.0000001", AmountUnit::kWanYuan, false, 0, "amount_too_precise"},
      {"1234.5599999999999", AmountUnit::kWanYuan, true, 1'234'560'000, ""},
      {"1234.5599999999999", AmountUnit::kWanYuan, false, 0, "amount_too_precise"},
      {"0.30000000000000004", AmountUnit::kYuan, true, 30, ""},
      {"1.5E3", AmountUnit::kWanYuan, true, 1'500'000'000, ""},
      {"2.5亿元", AmountUnit::kWanYuan, false, 2'500'000'000'0, ""},
      {"3000万", AmountUnit::kYiYuan, false, 3'000'000'000, ""},
      {"88.12元", AmountUnit::kWanYuan, false, 8812, ""},
      {"-5", AmountUnit::kWanYuan, false, -5'000'000, ""},
      {"一百万", AmountUnit::kWanYuan, false, 0, "not_a_number"},
      {"", AmountUnit::kWanYuan, false, 0, "not_a_number"},
      {"12.3.4", AmountUnit::kWanYuan, false, 0, "not_a_number"},
      {"99999999999", AmountUnit::kYiYuan, false, 0, "amount_out_of_range"},
  };
  for (const auto& c : cases) {
    auto r = ParseAmount("total_investment", c.text, c.unit, c.number_cell);
    if (c.key.empty()) {
      ASSERT_TRUE(r) << c.text << ": " << r.error().ToString();
      EXPECT_EQ(*r, c.fen) << c.text;
    } else {
      ASSERT_FALSE(r) << c.text << " gave " << *r;
      EXPECT_EQ(r.error().key(), c.key) << c.text;
      EXPECT_EQ(r.error().field(), "total_investment");
    }
  }
}

TEST(AmountUnitOfHeader, ReadsTheUnitTheHeaderStates) {
  EXPECT_EQ(AmountUnitOfHeader("总投资（亿元）"), AmountUnit::kYiYuan);
  EXPECT_EQ(AmountUnitOfHeader("总投资(万元)"), AmountUnit::kWanYuan);
  EXPECT_EQ(AmountUnitOfHeader("本月完成投资（元）"), AmountUnit::kYuan);
  EXPECT_EQ(AmountUnitOfHeader("总投资"), AmountUnit::kWanYuan);
}

TEST(ParseLooseDate, ReadsTheWaysDistrictsWriteDates) {
  const std::pair<std::string, std::string> ok[] = {
      {"2025-03-01", "2025-03-01"}, {"2025/3/1", "2025-03-01"},     {"2025.03.01", "2025-03-01"},
      {"2025年3月1日", "2025-03-01"}, {"2025年3月", "2025-03-01"},     {"2025.03", "2025-03-01"},
      {"2025-3", "2025-03-01"},     {"20250315", "2025-03-15"},      {"202512", "2025-12-01"},
      {" 2025-03-01 00:00:00", "2025-03-01"}, {"２０２５年１２月", "2025-12-01"},
  };
  for (const auto& [text, want] : ok) {
    auto d = ParseLooseDate(text);
    ASSERT_TRUE(d) << text;
    EXPECT_EQ(d->ToString(), want) << text;
  }
  for (std::string bad : {"2025-02-30", "2025/13", "25.3.1", "2025-03/01", "明年三月", "", "2025", "1899-12-31", "2025年"}) {
    EXPECT_FALSE(ParseLooseDate(bad)) << bad;
  }
}

TEST(DateFromExcelSerial, FollowsExcelsCalendar) {
  EXPECT_EQ(DateFromExcelSerial("1")->ToString(), "1900-01-01");
  EXPECT_EQ(DateFromExcelSerial("61")->ToString(), "1900-03-01");
  EXPECT_EQ(DateFromExcelSerial("45717")->ToString(), "2025-03-01");
  EXPECT_FALSE(DateFromExcelSerial("60"));
  EXPECT_FALSE(DateFromExcelSerial("45717.5"));
  EXPECT_FALSE(DateFromExcelSerial("0"));
}

TEST(ParsePercent, ReadsPerCentsAndFractions) {
  EXPECT_EQ(*ParsePercent("progress", "45.5%", false), 4550);
  EXPECT_EQ(*ParsePercent("progress", "45.5", false), 4550);
  EXPECT_EQ(*ParsePercent("progress", "0.455", true), 4550);
  EXPECT_EQ(*ParsePercent("progress", "0.2", false), 2000);
  EXPECT_EQ(*ParsePercent("progress", "1", false), 100);
  EXPECT_EQ(*ParsePercent("progress", "1.0", false), 10000);
  EXPECT_EQ(*ParsePercent("progress", "100", true), 10000);
  EXPECT_EQ(ParsePercent("progress", "101%", false).error().key(), "progress_out_of_range");
  EXPECT_EQ(ParsePercent("progress", "-1", false).error().key(), "progress_out_of_range");
  EXPECT_EQ(ParsePercent("progress", "过半", false).error().key(), "not_a_number");
}

TEST(ParseCount, ReadsCountsWithTheirUnit) {
  EXPECT_EQ(*ParseCount("workers_on_site", "1,200人"), 1200);
  EXPECT_EQ(ParseCount("workers_on_site", "-3").error().key(), "negative_value");
  EXPECT_EQ(ParseCount("workers_on_site", "三十").error().key(), "not_a_number");
}

TEST(Labels, ParseLabelsVariantsAndKeysAndRoundTrip) {
  EXPECT_EQ(ParseProjectLevelLabel("省级重点"), ProjectLevel::kProvincial);
  EXPECT_EQ(ParseProjectLevelLabel(" 市重点 "), ProjectLevel::kMunicipal);
  EXPECT_EQ(ParseProjectLevelLabel("district"), ProjectLevel::kDistrict);
  EXPECT_EQ(ParseProjectCategoryLabel("产业项目"), ProjectCategory::kIndustry);
  EXPECT_EQ(ParseProjectCategoryLabel("基础设施类"), ProjectCategory::kInfrastructure);
  EXPECT_EQ(ParseConstructionNatureLabel("改扩建"), ConstructionNature::kExpansion);
  EXPECT_EQ(ParseInvestmentSubjectLabel("民营企业"), InvestmentSubject::kPrivate);
  EXPECT_EQ(ParseStageLabel("在建"), Stage::kConstruction);
  EXPECT_EQ(ParseSiteStatusLabel("已开工"), SiteStatus::kStarted);
  EXPECT_FALSE(ParseProjectLevelLabel("国家级"));
  EXPECT_FALSE(ParseApprovalRegimeLabel(""));
  for (auto v : {ProjectLevel::kProvincial, ProjectLevel::kMunicipal, ProjectLevel::kDistrict, ProjectLevel::kGeneral}) {
    EXPECT_EQ(ParseProjectLevelLabel(ProjectLevelLabel(v)), v);
  }
  for (auto v : {ApprovalRegime::kApproval, ApprovalRegime::kRatification, ApprovalRegime::kFiling}) {
    EXPECT_EQ(ParseApprovalRegimeLabel(ApprovalRegimeLabel(v)), v);
  }
}

}  // namespace
}  // namespace gongjian::domain
