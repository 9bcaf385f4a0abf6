#include "domain/labels.h"

#include <array>
#include <string>
#include <utility>

#include "domain/text.h"

namespace gongjian::domain {
namespace {

// A value, its label (first) and the other words that mean it.
template <typename E>
struct Words {
  E value;
  std::string_view label;
  std::array<std::string_view, 4> variants;
};

template <typename E, size_t N>
std::string_view LabelOf(const std::array<Words<E>, N>& table, E value) {
  for (const auto& w : table) {
    if (w.value == value) return w.label;
  }
  return {};
}

// The value whose label, variant or API key is `text` (trimmed); a label followed by 项目 or 类
// also counts ("产业项目", "基础设施类").
template <typename E, size_t N>
std::optional<E> ParseWords(const std::array<Words<E>, N>& table, std::string_view text,
                            std::optional<E> (*parse_key)(std::string_view)) {
  std::string t = TrimSpaces(text);
  if (t.empty()) return std::nullopt;
  for (std::string_view suffix : {std::string_view("项目"), std::string_view("类")}) {
    if (t.size() > suffix.size() && t.ends_with(suffix)) {
      std::string stem = t.substr(0, t.size() - suffix.size());
      for (const auto& w : table) {
        if (w.label == stem) return w.value;
      }
    }
  }
  for (const auto& w : table) {
    if (w.label == t) return w.value;
    for (std::string_view v : w.variants) {
      if (!v.empty() && v == t) return w.value;
    }
  }
  return parse_key ? parse_key(t) : std::nullopt;
}

constexpr std::array<Words<ProjectLevel>, 4> kLevels{{
    {ProjectLevel::kProvincial, "省重点", {"省级重点", "省重点项目", "省级", "省重大"}},
    {ProjectLevel::kMunicipal, "市重点", {"市级重点", "市重点项目", "市级", "市重大"}},
    {ProjectLevel::kDistrict, "区重点", {"区级重点", "区重点项目", "区级", "区重大"}},
    {ProjectLevel::kGeneral, "一般", {"一般项目", "其他", "", ""}},
}};
constexpr std::array<Words<ProjectCategory>, 6> kCategories{{
    {ProjectCategory::kIndustry, "产业", {"工业", "产业发展", "", ""}},
    {ProjectCategory::kInfrastructure, "基础设施", {"基础设施建设", "基建", "", ""}},
    {ProjectCategory::kLivelihood, "民生", {"民生保障", "", "", ""}},
    {ProjectCategory::kEcology, "生态环保", {"生态环境", "生态", "环保", ""}},
    {ProjectCategory::kSocial, "社会事业", {"社会", "", "", ""}},
    {ProjectCategory::kPlatform, "发展平台", {"平台", "", "", ""}},
}};
constexpr std::array<Words<ConstructionNature>, 5> kNatures{{
    {ConstructionNature::kNew, "新建", {"", "", "", ""}},
    {ConstructionNature::kExpansion, "扩建", {"改扩建", "", "", ""}},
    {ConstructionNature::kRenovation, "改建", {"改造", "", "", ""}},
    {ConstructionNature::kRelocation, "迁建", {"", "", "", ""}},
    {ConstructionNature::kRestoration, "恢复", {"恢复建设", "", "", ""}},
}};
constexpr std::array<Words<ApprovalRegime>, 3> kRegimes{{
    {ApprovalRegime::kApproval, "审批", {"审批制", "", "", ""}},
    {ApprovalRegime::kRatification, "核准", {"核准制", "", "", ""}},
    {ApprovalRegime::kFiling, "备案", {"备案制", "", "", ""}},
}};
constexpr std::array<Words<InvestmentSubject>, 4> kSubjects{{
    {InvestmentSubject::kState, "国有", {"国企", "国有企业", "", ""}},
    {InvestmentSubject::kPrivate, "民营", {"民企", "民营企业", "民间", "私营"}},
    {InvestmentSubject::kForeign, "外资", {"外商", "外资企业", "港澳台", ""}},
    {InvestmentSubject::kGovernment, "政府", {"政府投资", "财政", "", ""}},
}};
constexpr std::array<Words<Stage>, 8> kStages{{
    {Stage::kPlanning, "谋划", {"谋划中", "", "", ""}},
    {Stage::kReserve, "储备", {"", "", "", ""}},
    {Stage::kPreparation, "前期", {"前期工作", "", "", ""}},
    {Stage::kConstruction, "在建", {"续建", "新开工", "", ""}},
    {Stage::kCompleted, "竣工", {"已竣工", "", "", ""}},
    {Stage::kProduction, "投产", {"已投产", "", "", ""}},
    {Stage::kSuspended, "停缓建", {"停建", "缓建", "", ""}},
    {Stage::kWithdrawn, "退库", {"已退库", "", "", ""}},
}};
constexpr std::array<Words<SiteStatus>, 5> kSites{{
    {SiteStatus::kNotStarted, "未开工", {"未动工", "", "", ""}},
    {SiteStatus::kStarted, "已开工", {"在建", "施工中", "开工", ""}},
    {SiteStatus::kSuspended, "停工", {"已停工", "", "", ""}},
    {SiteStatus::kResumed, "复工", {"已复工", "", "", ""}},
    {SiteStatus::kCompleted, "已完工", {"完工", "竣工", "", ""}},
}};

}  // namespace

std::string_view ProjectLevelLabel(ProjectLevel v) { return LabelOf(kLevels, v); }
std::optional<ProjectLevel> ParseProjectLevelLabel(std::string_view t) { return ParseWords(kLevels, t, ParseProjectLevel); }
std::string_view ProjectCategoryLabel(ProjectCategory v) { return LabelOf(kCategories, v); }
std::optional<ProjectCategory> ParseProjectCategoryLabel(std::string_view t) {
  return ParseWords(kCategories, t, ParseProjectCategory);
}
std::string_view ConstructionNatureLabel(ConstructionNature v) { return LabelOf(kNatures, v); }
std::optional<ConstructionNature> ParseConstructionNatureLabel(std::string_view t) {
  return ParseWords(kNatures, t, ParseConstructionNature);
}
std::string_view ApprovalRegimeLabel(ApprovalRegime v) { return LabelOf(kRegimes, v); }
std::optional<ApprovalRegime> ParseApprovalRegimeLabel(std::string_view t) {
  return ParseWords(kRegimes, t, ParseApprovalRegime);
}
std::string_view InvestmentSubjectLabel(InvestmentSubject v) { return LabelOf(kSubjects, v); }
std::optional<InvestmentSubject> ParseInvestmentSubjectLabel(std::string_view t) {
  return ParseWords(kSubjects, t, ParseInvestmentSubject);
}
std::string_view StageLabel(Stage v) { return LabelOf(kStages, v); }
std::optional<Stage> ParseStageLabel(std::string_view t) { return ParseWords(kStages, t, ParseStage); }
std::string_view SiteStatusLabel(SiteStatus v) { return LabelOf(kSites, v); }
std::optional<SiteStatus> ParseSiteStatusLabel(std::string_view t) { return ParseWords(kSites, t, ParseSiteStatus); }

}  // namespace gongjian::domain
