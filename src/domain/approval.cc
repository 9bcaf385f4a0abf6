#include "domain/approval.h"

#include <stdexcept>

#include "domain/enum_names.h"
#include "domain/text.h"

namespace gongjian::domain {
namespace {

using core::Status;

constexpr EnumTable<ApprovalStage, 4> kStages = {{{ApprovalStage::kProjectLand, "project_land"},
                                                  {ApprovalStage::kEngineering, "engineering"},
                                                  {ApprovalStage::kConstruction, "construction"},
                                                  {ApprovalStage::kCompletion, "completion"}}};
constexpr EnumTable<ApprovalStatus, 4> kStatuses = {{{ApprovalStatus::kNotStarted, "not_started"},
                                                     {ApprovalStatus::kInProgress, "in_progress"},
                                                     {ApprovalStatus::kObtained, "obtained"},
                                                     {ApprovalStatus::kNotApplicable, "not_applicable"}}};
constexpr EnumTable<LimitKind, 2> kLimitKinds = {{{LimitKind::kWorking, "working"}, {LimitKind::kCalendar, "calendar"}}};
constexpr EnumTable<ApprovalCode, 3> kCodes = {
    {{ApprovalCode::kNone, "none"}, {ApprovalCode::kYellow, "yellow"}, {ApprovalCode::kRed, "red"}}};

Status CheckText(const char* field, const std::string& text, size_t max_chars) {
  if (CodePoints(text) > max_chars) return Status::Invalid(field, "too_long", {std::to_string(max_chars)});
  return Status::Ok();
}

}  // namespace

std::string_view ApprovalStageName(ApprovalStage v) { return EnumName(kStages, v); }
std::optional<ApprovalStage> ParseApprovalStage(std::string_view name) { return EnumParse(kStages, name); }
std::string_view ApprovalStatusName(ApprovalStatus v) { return EnumName(kStatuses, v); }
std::optional<ApprovalStatus> ParseApprovalStatus(std::string_view name) { return EnumParse(kStatuses, name); }
std::string_view LimitKindName(LimitKind v) { return EnumName(kLimitKinds, v); }
std::optional<LimitKind> ParseLimitKind(std::string_view name) { return EnumParse(kLimitKinds, name); }
std::string_view ApprovalCodeName(ApprovalCode v) { return EnumName(kCodes, v); }

Status ValidateApprovalItem(ApprovalItem& item, Date today) {
  item.name = TrimSpaces(item.name);
  item.doc_number = TrimSpaces(item.doc_number);
  GJ_RETURN_IF_ERROR(CheckName("name", item.name, kApprovalNameMaxChars));
  if (item.limit_days && (*item.limit_days < 1 || *item.limit_days > kMaxApprovalLimitDays)) {
    return Status::Invalid("limit_days", "out_of_range", {"1", std::to_string(kMaxApprovalLimitDays)});
  }
  GJ_RETURN_IF_ERROR(CheckText("doc_number", item.doc_number, kApprovalDocNumberMaxChars));
  GJ_RETURN_IF_ERROR(CheckText("note", item.note, kApprovalNoteMaxChars));
  if (item.applied_on && *item.applied_on > today) return Status::Invalid("applied_on", "date_in_future");
  if (item.approved_on && *item.approved_on > today) return Status::Invalid("approved_on", "date_in_future");
  if (item.applied_on && item.approved_on && *item.approved_on < *item.applied_on) {
    return Status::Invalid("approved_on", "date_order");
  }
  switch (item.status) {
    case ApprovalStatus::kNotStarted:
    case ApprovalStatus::kNotApplicable:
      if (item.applied_on) return Status::Invalid("applied_on", "approval_status_mismatch");
      if (item.approved_on) return Status::Invalid("approved_on", "approval_status_mismatch");
      break;
    case ApprovalStatus::kInProgress:
      if (!item.applied_on) return Status::Invalid("applied_on", "required");
      if (item.approved_on) return Status::Invalid("approved_on", "approval_status_mismatch");
      break;
    case ApprovalStatus::kObtained:
      if (!item.approved_on) return Status::Invalid("approved_on", "required");
      break;
  }
  return Status::Ok();
}

int ElapsedDays(Date from, Date to, LimitKind kind, const WorkCalendar& calendar) {
  if (kind == LimitKind::kWorking) return calendar.WorkingDaysBetween(from, to);
  return static_cast<int>(DaysFromEpoch(to) - DaysFromEpoch(from));
}

Date ApprovalDeadline(Date from, int limit, LimitKind kind, const WorkCalendar& calendar) {
  if (kind == LimitKind::kWorking) return calendar.AddWorkingDays(from, limit);
  return AddDays(from, limit);
}

ApprovalCode CodeForDays(int days, int limit, bool finished, int red_percent) {
  if (limit <= 0) return ApprovalCode::kNone;
  if (int64_t{days} * 100 > int64_t{limit} * red_percent) return ApprovalCode::kRed;
  if (finished ? days > limit : days >= limit) return ApprovalCode::kYellow;
  return ApprovalCode::kNone;
}

ApprovalTiming TimeApproval(const ApprovalItem& item, const WorkCalendar& calendar, Date today, int red_percent) {
  ApprovalTiming t;
  if (!item.applied_on) return t;
  const bool open = item.status == ApprovalStatus::kInProgress;
  const bool done = item.status == ApprovalStatus::kObtained && item.approved_on;
  if (!open && !done) return t;
  t.elapsed_days = ElapsedDays(*item.applied_on, done ? *item.approved_on : today, item.limit_kind, calendar);
  if (!item.limit_days) return t;
  t.due_on = ApprovalDeadline(*item.applied_on, *item.limit_days, item.limit_kind, calendar);
  const ApprovalCode code = CodeForDays(*t.elapsed_days, *item.limit_days, done, red_percent);
  (done ? t.duration_code : t.live_code) = code;
  t.overdue = code != ApprovalCode::kNone;
  return t;
}

std::string_view DefaultApprovalTemplateFor(ProjectCategory category) {
  switch (category) {
    case ProjectCategory::kIndustry: return "企业投资产业";
    case ProjectCategory::kInfrastructure: return "线性基础设施";
    default: return "政府投资房建市政";
  }
}

std::optional<int64_t> ResolveDepartment(const std::vector<DepartmentName>& orgs, std::string_view department) {
  if (department.empty()) return std::nullopt;
  const DepartmentName* best = nullptr;
  for (const auto& o : orgs) {
    if (o.name == department) {
      if (!best || best->name != department || o.id < best->id) best = &o;
      continue;
    }
    if (best && best->name == department) continue;
    if (!std::string_view(o.name).ends_with(department)) continue;
    if (!best || o.name.size() < best->name.size() || (o.name.size() == best->name.size() && o.id < best->id)) {
      best = &o;
    }
  }
  if (!best) return std::nullopt;
  return best->id;
}

std::vector<ApprovalItem> ApprovalsFromTemplate(const ApprovalTemplate& t, int64_t project_id,
                                                const std::vector<DepartmentName>& orgs) {
  std::vector<ApprovalItem> out;
  out.reserve(t.items.size());
  for (size_t i = 0; i < t.items.size(); ++i) {
    const auto& ti = t.items[i];
    ApprovalItem a;
    a.project_id = project_id;
    a.stage = ti.stage;
    a.position = static_cast<int>(i);
    a.name = ti.name;
    a.department_org_id = ResolveDepartment(orgs, ti.department);
    a.limit_days = ti.limit_days;
    a.limit_kind = ti.limit_kind;
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace gongjian::domain
