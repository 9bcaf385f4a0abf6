#include "domain/inspection.h"

#include <gtest/gtest.h>

namespace gongjian::domain {
namespace {

InspectionInput Valid() {
  InspectionInput in;
  in.kind = InspectionKind::kVisit;
  in.held_on = {2026, 11, 20};
  in.title = "  区长走访重点项目 ";
  in.people = "王区长、项目办李主任";
  in.findings = "纬三路K3段进度滞后\n征迁仍有3户未签约";
  in.project_ids = {7, 3, 7};
  return in;
}

TEST(InspectionTest, KindsRoundTripAndHaveLabels) {
  for (auto k : {InspectionKind::kSupervision, InspectionKind::kVisit}) {
    EXPECT_EQ(ParseInspectionKind(InspectionKindName(k)), k);
  }
  EXPECT_EQ(InspectionKindLabel(InspectionKind::kSupervision), "督查");
  EXPECT_EQ(InspectionKindLabel(InspectionKind::kVisit), "走访");
  EXPECT_FALSE(ParseInspectionKind("inspection"));
}

TEST(InspectionTest, ValidationTrimsDeduplicatesAndKeepsMultiLineFindings) {
  InspectionInput in = Valid();
  ASSERT_TRUE(ValidateInspectionInput(in, {2026, 11, 29}).ok());
  EXPECT_EQ(in.title, "区长走访重点项目");
  EXPECT_EQ(in.project_ids, (std::vector<int64_t>{7, 3}));
  EXPECT_NE(in.findings.find('\n'), std::string::npos);
}

TEST(InspectionTest, EachBadFieldIsNamed) {
  const Date today{2026, 11, 29};
  auto field_of = [&](auto change) {
    InspectionInput in = Valid();
    change(in);
    core::Status s = ValidateInspectionInput(in, today);
    EXPECT_FALSE(s.ok());
    return std::pair{s.field(), s.key()};
  };
  EXPECT_EQ(field_of([](auto& in) { in.held_on = {2026, 11, 30}; }), (std::pair<std::string, std::string>{"held_on", "date_in_future"}));
  EXPECT_EQ(field_of([](auto& in) { in.held_on = {1999, 12, 31}; }).first, "held_on");
  EXPECT_EQ(field_of([](auto& in) { in.title = "　 "; }), (std::pair<std::string, std::string>{"title", "required"}));
  EXPECT_EQ(field_of([](auto& in) { in.title = std::string(61, 'x'); }).second, "too_long");
  EXPECT_EQ(field_of([](auto& in) { in.people = ""; }).first, "people");
  EXPECT_EQ(field_of([](auto& in) { in.people = "a\nb"; }).first, "people");
  EXPECT_EQ(field_of([](auto& in) { in.findings = std::string(4001, 'x'); }).first, "findings");
  EXPECT_EQ(field_of([](auto& in) { in.project_ids = {}; }), (std::pair<std::string, std::string>{"project_ids", "required"}));
  EXPECT_EQ(field_of([](auto& in) { in.project_ids = {0}; }).first, "project_ids");
  EXPECT_EQ(field_of([](auto& in) {
              in.project_ids.clear();
              for (int64_t i = 1; i <= 21; ++i) in.project_ids.push_back(i);
            }).second,
            "too_many");
}

}  // namespace
}  // namespace gongjian::domain
