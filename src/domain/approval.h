#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "domain/calendar.h"
#include "domain/date.h"
#include "domain/project.h"

namespace gongjian::domain {

// The four stages of the national approval reform (工程建设项目审批制度改革, SPEC §6).
enum class ApprovalStage {
  kProjectLand,   // 立项用地规划许可
  kEngineering,   // 工程建设许可
  kConstruction,  // 施工许可
  kCompletion,    // 竣工验收
};
std::string_view ApprovalStageName(ApprovalStage v);  // "project_land", "engineering", "construction", "completion"
std::optional<ApprovalStage> ParseApprovalStage(std::string_view name);

enum class ApprovalStatus {
  kNotStarted,     // 未启动
  kInProgress,     // 办理中
  kObtained,       // 已取得
  kNotApplicable,  // 不涉及
};
std::string_view ApprovalStatusName(ApprovalStatus v);  // "not_started", "in_progress", "obtained", "not_applicable"
std::optional<ApprovalStatus> ParseApprovalStatus(std::string_view name);

// How an item's time limit is counted: in working days (行政许可法 第八十二条, the usual case) or
// calendar days (e.g. 施工许可 7 days, 环评 60/30/15 days).
enum class LimitKind { kWorking, kCalendar };
std::string_view LimitKindName(LimitKind v);  // "working", "calendar"
std::optional<LimitKind> ParseLimitKind(std::string_view name);

// The code an overdue item gives its approving department (红黄码).
enum class ApprovalCode { kNone, kYellow, kRed };
std::string_view ApprovalCodeName(ApprovalCode v);  // "none", "yellow", "red"

// One approval item (前期手续事项) of a project.
struct ApprovalItem {
  int64_t id = 0;
  int64_t project_id = 0;
  ApprovalStage stage = ApprovalStage::kProjectLand;
  int position = 0;  // order within the project's list
  std::string name;  // "建设用地规划许可证"
  std::optional<int64_t> department_org_id;  // the approving department
  std::optional<int> limit_days;             // none: no statutory limit, never coded
  LimitKind limit_kind = LimitKind::kWorking;
  ApprovalStatus status = ApprovalStatus::kNotStarted;
  std::optional<Date> applied_on;   // 受理/申请日期
  std::optional<Date> approved_on;  // 批复/取得日期
  std::string doc_number;           // 批复文号, e.g. "示发改审批〔2026〕12号"
  std::optional<int64_t> attachment_id;  // the approval document, an attachment of the project
  std::string note;
  int64_t version = 0;
};

inline constexpr size_t kApprovalNameMaxChars = 50;
inline constexpr size_t kApprovalDocNumberMaxChars = 100;
inline constexpr size_t kApprovalNoteMaxChars = 500;
inline constexpr int kMaxApprovalLimitDays = 365;
inline constexpr int kMaxApprovalsPerProject = 100;
// A red code when the elapsed time exceeds the limit by half again (Dazhou's 红码 practice): 150%
// of the limit. The project office may choose another share (the supervision rules), an integer
// percent so that the comparison is exact.
inline constexpr int kDefaultRedPercent = 150;
inline constexpr int kMinRedPercent = 101;
inline constexpr int kMaxRedPercent = 500;

// Checks the fields a user gives (trimming the texts): a name; a limit in 1..kMaxApprovalLimitDays
// when given; dates not after `today`, the approval not before the application
// ("approved_on" "date_order"); and status and dates consistent: 未启动 and 不涉及 carry no dates
// ("applied_on"/"approved_on" "approval_status_mismatch"), 办理中 needs applied_on ("required") and no
// approved_on, 已取得 needs approved_on (applied_on optional, for items obtained before tracking);
// the document number and note within their lengths. Errors name the field.
core::Status ValidateApprovalItem(ApprovalItem& item, Date today);

// Days from `from` (not counted) to `to` (counted) in `kind`: working days of `calendar`, or
// calendar days. Negative when to < from.
int ElapsedDays(Date from, Date to, LimitKind kind, const WorkCalendar& calendar);

// The last day of a limit of `limit` days (>= 0) counted from `from`: AddWorkingDays for working
// days, plain days otherwise.
Date ApprovalDeadline(Date from, int limit, LimitKind kind, const WorkCalendar& calendar);

// The code for `days` elapsed against `limit` (> 0): red when days > limit × red_percent / 100
// (exactly, in integers); else yellow
// when the limit is reached — days >= limit for an item still open (the deadline has come and no
// approval), days > limit for a finished one (approved on the deadline is on time); else none.
ApprovalCode CodeForDays(int days, int limit, bool finished, int red_percent = kDefaultRedPercent);

// How an item stands on `today`.
struct ApprovalTiming {
  // Days since application in the item's unit: to approved_on for an obtained item, to today for
  // one in progress; none without an application date.
  std::optional<int> elapsed_days;
  std::optional<Date> due_on;               // the deadline, when applied and limited
  ApprovalCode live_code = ApprovalCode::kNone;      // items in progress only
  ApprovalCode duration_code = ApprovalCode::kNone;  // obtained items, by their actual duration
  bool overdue = false;  // finished after the limit, or still open with the limit reached
};
ApprovalTiming TimeApproval(const ApprovalItem& item, const WorkCalendar& calendar, Date today,
                            int red_percent = kDefaultRedPercent);

// A line of an approval template. The department is a name ("自然资源和规划局") resolved to the
// district's organisation when a project's items are generated (ResolveDepartment).
struct ApprovalTemplateItem {
  ApprovalStage stage = ApprovalStage::kProjectLand;
  std::string name;
  std::string department;
  std::optional<int> limit_days;
  LimitKind limit_kind = LimitKind::kWorking;

  bool operator==(const ApprovalTemplateItem&) const = default;
};

struct ApprovalTemplate {
  int64_t id = 0;
  std::string name;  // "政府投资房建市政"
  std::vector<ApprovalTemplateItem> items;
  int64_t version = 0;
};

// The name of the shipped template that suits a project of `category`: industry → 企业投资产业,
// infrastructure → 线性基础设施, the others (livelihood, social, ecology, platform) →
// 政府投资房建市政.
std::string_view DefaultApprovalTemplateFor(ProjectCategory category);

// A department organisation, for resolving template department names.
struct DepartmentName {
  int64_t id = 0;
  std::string name;
};
// The organisation a template's department name denotes: one named exactly so, else the one with
// the shortest name ending with it ("区自然资源和规划局" for "自然资源和规划局"), ties by smaller id;
// none when no name matches.
std::optional<int64_t> ResolveDepartment(const std::vector<DepartmentName>& orgs, std::string_view department);

// The items of template `t` for project `project_id`: positions 0.., not started, departments
// resolved among `orgs`.
std::vector<ApprovalItem> ApprovalsFromTemplate(const ApprovalTemplate& t, int64_t project_id,
                                                const std::vector<DepartmentName>& orgs);

}  // namespace gongjian::domain
