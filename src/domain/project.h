#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "domain/date.h"
#include "domain/lifecycle.h"

namespace gongjian::domain {

// Money is exact: integer 分 (fen), never binary floating point. The UI speaks 万元/亿元.
using Fen = int64_t;
inline constexpr Fen kMaxMoney = 100'000'000'000'000;  // 1万亿元 (10^12 元) in 分: far above any district project

// "1234567.89" (元) from 分, exact.
std::string FormatYuan(Fen fen);

enum class ProjectLevel { kProvincial, kMunicipal, kDistrict, kGeneral };                 // 省重点/市重点/区重点/一般
enum class ProjectCategory { kIndustry, kInfrastructure, kLivelihood, kEcology, kSocial, kPlatform };
enum class ConstructionNature { kNew, kExpansion, kRenovation, kRelocation, kRestoration };  // 新建/扩建/改建/迁建/恢复
enum class ApprovalRegime { kApproval, kRatification, kFiling };                           // 审批/核准/备案
enum class InvestmentSubject { kState, kPrivate, kForeign, kGovernment };                  // 国有/民营/外资/政府
enum class FundSource {
  kGovernment,     // 政府投资
  kSpecialBond,    // 专项债
  kCentralBudget,  // 中央预算内
  kBankLoan,       // 银行贷款
  kSocialCapital,  // 社会资本
  kPpp,            // PPP
  kIndustryFund,   // 产业基金
};

std::string_view ProjectLevelName(ProjectLevel v);
std::optional<ProjectLevel> ParseProjectLevel(std::string_view name);
std::string_view ProjectCategoryName(ProjectCategory v);
std::optional<ProjectCategory> ParseProjectCategory(std::string_view name);
std::string_view ConstructionNatureName(ConstructionNature v);
std::optional<ConstructionNature> ParseConstructionNature(std::string_view name);
std::string_view ApprovalRegimeName(ApprovalRegime v);
std::optional<ApprovalRegime> ParseApprovalRegime(std::string_view name);
std::string_view InvestmentSubjectName(InvestmentSubject v);
std::optional<InvestmentSubject> ParseInvestmentSubject(std::string_view name);
std::string_view FundSourceName(FundSource v);
std::optional<FundSource> ParseFundSource(std::string_view name);

struct FundShare {
  FundSource source = FundSource::kGovernment;
  Fen amount = 0;
};

// A major project (SPEC §2). Organisation and user references are ids; whether they exist
// and lie in scope is the store's business.
struct Project {
  int64_t id = 0;
  std::string national_code;  // 投资项目统一代码; empty until registered
  std::string name;
  std::string short_name;
  ProjectLevel level = ProjectLevel::kGeneral;
  ProjectCategory category = ProjectCategory::kIndustry;
  std::string industry;
  ConstructionNature nature = ConstructionNature::kNew;
  ApprovalRegime regime = ApprovalRegime::kFiling;
  InvestmentSubject subject = InvestmentSubject::kState;
  std::optional<int64_t> town_org_id;  // 所在镇街
  std::string address;
  std::optional<double> longitude;
  std::optional<double> latitude;
  std::string content;  // 建设内容及规模
  Fen total_investment = 0;
  std::vector<FundShare> funds;  // empty, or a split that adds up to total_investment
  std::optional<Date> planned_start;
  std::optional<Date> planned_completion;
  std::optional<Date> actual_start;
  std::optional<Date> actual_completion;
  std::optional<Date> registered_on;  // 纳入统计库 (入库); the API refuses a date after today
  std::optional<int64_t> owner_org_id;           // 业主单位
  std::vector<int64_t> responsible_org_ids;      // 责任单位
  std::optional<int64_t> agency_org_id;          // 代办单位
  std::optional<int64_t> leader_user_id;         // 包联领导
  std::string contacts;
  std::vector<std::string> tags;  // 十四五, 十五五, 攻坚, 两重, 两新 …
  std::string remarks;
  LifecycleState lifecycle;
  int64_t version = 0;
};

inline constexpr size_t kProjectNameMaxChars = 200;
inline constexpr size_t kMaxTags = 20;
inline constexpr size_t kMaxResponsible = 10;

// Checks a project's own fields and their consistency: a name; the national code pattern
// ^\d{4}-\d{6}-\d{2}-\d{2}-\d{6}$ when given; money non-negative and within range; a fund
// split without repeated sources that adds up exactly to the total investment; planned and
// actual dates in order; a location inside China's extent; tags short, few and distinct;
// text lengths. The first error found names its field.
core::Status ValidateProject(const Project& project);

// True when the text has the national project code's shape.
bool IsNationalCode(std::string_view code);

// Under construction, a project is a new start (新开工) in the year its actual start falls
// in and continuing (续建) afterwards. nullopt when the project is not under construction.
enum class ConstructionKind { kNewStart, kContinuing };
std::optional<ConstructionKind> ConstructionKindOf(const Project& project, int year);
std::string_view ConstructionKindName(ConstructionKind kind);  // "new_start", "continuing"

// Where a project is located and who it belongs to, as relations to organisations.
std::vector<int64_t> RelatedOrgIds(const Project& project);

}  // namespace gongjian::domain
