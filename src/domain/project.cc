#include "domain/project.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "domain/enum_names.h"
#include "domain/text.h"

namespace gongjian::domain {
namespace {

using core::Status;

constexpr EnumTable<ProjectLevel, 4> kLevels{{
    {ProjectLevel::kProvincial, "provincial"},
    {ProjectLevel::kMunicipal, "municipal"},
    {ProjectLevel::kDistrict, "district"},
    {ProjectLevel::kGeneral, "general"},
}};
constexpr EnumTable<ProjectCategory, 6> kCategories{{
    {ProjectCategory::kIndustry, "industry"},
    {ProjectCategory::kInfrastructure, "infrastructure"},
    {ProjectCategory::kLivelihood, "livelihood"},
    {ProjectCategory::kEcology, "ecology"},
    {ProjectCategory::kSocial, "social"},
    {ProjectCategory::kPlatform, "platform"},
}};
constexpr EnumTable<ConstructionNature, 5> kNatures{{
    {ConstructionNature::kNew, "new"},
    {ConstructionNature::kExpansion, "expansion"},
    {ConstructionNature::kRenovation, "renovation"},
    {ConstructionNature::kRelocation, "relocation"},
    {ConstructionNature::kRestoration, "restoration"},
}};
constexpr EnumTable<ApprovalRegime, 3> kRegimes{{
    {ApprovalRegime::kApproval, "approval"},
    {ApprovalRegime::kRatification, "ratification"},
    {ApprovalRegime::kFiling, "filing"},
}};
constexpr EnumTable<InvestmentSubject, 4> kSubjects{{
    {InvestmentSubject::kState, "state"},
    {InvestmentSubject::kPrivate, "private"},
    {InvestmentSubject::kForeign, "foreign"},
    {InvestmentSubject::kGovernment, "government"},
}};
constexpr EnumTable<FundSource, 7> kFundSources{{
    {FundSource::kGovernment, "government"},
    {FundSource::kSpecialBond, "special_bond"},
    {FundSource::kCentralBudget, "central_budget"},
    {FundSource::kBankLoan, "bank_loan"},
    {FundSource::kSocialCapital, "social_capital"},
    {FundSource::kPpp, "ppp"},
    {FundSource::kIndustryFund, "industry_fund"},
}};

Status CheckMoney(const char* field, Fen amount) {
  if (amount < 0) return Status::Invalid(field, "money_negative");
  if (amount > kMaxMoney) return Status::Invalid(field, "money_too_large");
  return Status::Ok();
}

Status CheckFunds(const Project& p) {
  if (p.funds.empty()) return Status::Ok();
  Fen sum = 0;
  for (size_t i = 0; i < p.funds.size(); ++i) {
    GJ_RETURN_IF_ERROR(CheckMoney("funds", p.funds[i].amount));
    for (size_t j = 0; j < i; ++j) {
      if (p.funds[j].source == p.funds[i].source) {
        return Status::Invalid("funds", "fund_source_repeated", {std::string(FundSourceName(p.funds[i].source))});
      }
    }
    sum += p.funds[i].amount;  // cannot overflow: at most 7 shares of at most kMaxMoney
  }
  if (sum != p.total_investment) {
    return Status::Invalid("funds", "fund_split_mismatch", {FormatYuan(sum), FormatYuan(p.total_investment)});
  }
  return Status::Ok();
}

Status CheckOrder(const std::optional<Date>& start, const std::optional<Date>& end, const char* end_field) {
  if (start && end && *end < *start) return Status::Invalid(end_field, "date_order");
  return Status::Ok();
}

std::string FormatNumber(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

Status CheckRange(const char* field, const std::optional<double>& v, double min, double max) {
  if (v && !(*v >= min && *v <= max)) {  // also refuses NaN
    return Status::Invalid(field, "out_of_range", {FormatNumber(min), FormatNumber(max)});
  }
  return Status::Ok();
}

Status CheckText(const char* field, const std::string& text, size_t max_chars) {
  if (CodePoints(text) > max_chars) return Status::Invalid(field, "too_long", {std::to_string(max_chars)});
  return Status::Ok();
}

Status CheckTags(const std::vector<std::string>& tags) {
  if (tags.size() > kMaxTags) return Status::Invalid("tags", "too_many_tags", {std::to_string(kMaxTags)});
  for (size_t i = 0; i < tags.size(); ++i) {
    GJ_RETURN_IF_ERROR(CheckName("tags", tags[i], 20));
    if (std::find(tags.begin(), tags.begin() + i, tags[i]) != tags.begin() + i) {
      return Status::Invalid("tags", "tag_repeated", {tags[i]});
    }
  }
  return Status::Ok();
}

Status CheckResponsible(const std::vector<int64_t>& ids) {
  if (ids.size() > kMaxResponsible) return Status::Invalid("responsible_org_ids", "too_many", {std::to_string(kMaxResponsible)});
  for (size_t i = 0; i < ids.size(); ++i) {
    if (std::find(ids.begin(), ids.begin() + i, ids[i]) != ids.begin() + i) {
      return Status::Invalid("responsible_org_ids", "repeated_value", {std::to_string(ids[i])});
    }
  }
  return Status::Ok();
}

}  // namespace

std::string FormatYuan(Fen fen) {
  char buf[40];
  unsigned long long abs = fen < 0 ? 0ULL - static_cast<unsigned long long>(fen) : static_cast<unsigned long long>(fen);
  std::snprintf(buf, sizeof buf, "%s%llu.%02llu", fen < 0 ? "-" : "", abs / 100, abs % 100);
  return buf;
}

std::string_view ProjectLevelName(ProjectLevel v) { return EnumName(kLevels, v); }
std::optional<ProjectLevel> ParseProjectLevel(std::string_view n) { return EnumParse(kLevels, n); }
std::string_view ProjectCategoryName(ProjectCategory v) { return EnumName(kCategories, v); }
std::optional<ProjectCategory> ParseProjectCategory(std::string_view n) { return EnumParse(kCategories, n); }
std::string_view ConstructionNatureName(ConstructionNature v) { return EnumName(kNatures, v); }
std::optional<ConstructionNature> ParseConstructionNature(std::string_view n) { return EnumParse(kNatures, n); }
std::string_view ApprovalRegimeName(ApprovalRegime v) { return EnumName(kRegimes, v); }
std::optional<ApprovalRegime> ParseApprovalRegime(std::string_view n) { return EnumParse(kRegimes, n); }
std::string_view InvestmentSubjectName(InvestmentSubject v) { return EnumName(kSubjects, v); }
std::optional<InvestmentSubject> ParseInvestmentSubject(std::string_view n) { return EnumParse(kSubjects, n); }
std::string_view FundSourceName(FundSource v) { return EnumName(kFundSources, v); }
std::optional<FundSource> ParseFundSource(std::string_view n) { return EnumParse(kFundSources, n); }

bool IsNationalCode(std::string_view code) {
  static constexpr std::string_view kShape = "dddd-dddddd-dd-dd-dddddd";
  if (code.size() != kShape.size()) return false;
  for (size_t i = 0; i < code.size(); ++i) {
    bool digit = code[i] >= '0' && code[i] <= '9';
    if (kShape[i] == 'd' ? !digit : code[i] != '-') return false;
  }
  return true;
}

std::optional<ConstructionKind> ConstructionKindOf(const Project& p, int year) {
  if (p.lifecycle.stage != Stage::kConstruction) return std::nullopt;
  if (p.actual_start && p.actual_start->year == year) return ConstructionKind::kNewStart;
  return ConstructionKind::kContinuing;
}

std::string_view ConstructionKindName(ConstructionKind kind) {
  return kind == ConstructionKind::kNewStart ? "new_start" : "continuing";
}

std::vector<int64_t> RelatedOrgIds(const Project& p) {
  std::vector<int64_t> ids;
  auto add = [&](std::optional<int64_t> id) {
    if (id && std::find(ids.begin(), ids.end(), *id) == ids.end()) ids.push_back(*id);
  };
  add(p.owner_org_id);
  add(p.town_org_id);
  add(p.agency_org_id);
  for (int64_t id : p.responsible_org_ids) add(id);
  return ids;
}

Status ValidateProject(const Project& p) {
  GJ_RETURN_IF_ERROR(CheckName("name", p.name, kProjectNameMaxChars));
  if (!p.short_name.empty()) GJ_RETURN_IF_ERROR(CheckName("short_name", p.short_name, 30));
  if (!p.national_code.empty() && !IsNationalCode(p.national_code)) {
    return Status::Invalid("national_code", "national_code_format");
  }
  GJ_RETURN_IF_ERROR(CheckText("industry", p.industry, 50));
  GJ_RETURN_IF_ERROR(CheckText("address", p.address, 200));
  GJ_RETURN_IF_ERROR(CheckRange("longitude", p.longitude, 73.0, 136.0));
  GJ_RETURN_IF_ERROR(CheckRange("latitude", p.latitude, 3.0, 54.0));
  GJ_RETURN_IF_ERROR(CheckText("content", p.content, 5000));
  GJ_RETURN_IF_ERROR(CheckMoney("total_investment", p.total_investment));
  GJ_RETURN_IF_ERROR(CheckFunds(p));
  GJ_RETURN_IF_ERROR(CheckOrder(p.planned_start, p.planned_completion, "planned_completion"));
  GJ_RETURN_IF_ERROR(CheckOrder(p.actual_start, p.actual_completion, "actual_completion"));
  GJ_RETURN_IF_ERROR(CheckText("contacts", p.contacts, 500));
  GJ_RETURN_IF_ERROR(CheckTags(p.tags));
  GJ_RETURN_IF_ERROR(CheckResponsible(p.responsible_org_ids));
  GJ_RETURN_IF_ERROR(CheckText("remarks", p.remarks, 2000));
  return Status::Ok();
}

}  // namespace gongjian::domain
