#include "domain/problem.h"

#include "domain/enum_names.h"
#include "domain/text.h"

namespace gongjian::domain {
namespace {

using core::Status;

constexpr EnumTable<ProblemType, 9> kTypes = {{{ProblemType::kLand, "land"},
                                               {ProblemType::kFunds, "funds"},
                                               {ProblemType::kDemolition, "demolition"},
                                               {ProblemType::kApproval, "approval"},
                                               {ProblemType::kUtilities, "utilities"},
                                               {ProblemType::kEnergyEnv, "energy_env"},
                                               {ProblemType::kConstruction, "construction"},
                                               {ProblemType::kPolicy, "policy"},
                                               {ProblemType::kOther, "other"}}};
constexpr EnumTable<ProblemType, 9> kTypeLabels = {{{ProblemType::kLand, "用地"},
                                                    {ProblemType::kFunds, "资金"},
                                                    {ProblemType::kDemolition, "拆迁安置"},
                                                    {ProblemType::kApproval, "审批手续"},
                                                    {ProblemType::kUtilities, "水电气路等配套"},
                                                    {ProblemType::kEnergyEnv, "能耗/环评"},
                                                    {ProblemType::kConstruction, "施工/安全/环保"},
                                                    {ProblemType::kPolicy, "政策"},
                                                    {ProblemType::kOther, "其他"}}};
constexpr EnumTable<ProblemState, 6> kStates = {{{ProblemState::kPending, "pending"},
                                                 {ProblemState::kInProgress, "in_progress"},
                                                 {ProblemState::kAwaitingConfirmation, "awaiting_confirmation"},
                                                 {ProblemState::kClosed, "closed"},
                                                 {ProblemState::kReturned, "returned"},
                                                 {ProblemState::kReopened, "reopened"}}};
constexpr EnumTable<EscalationLevel, 4> kLevels = {{{EscalationLevel::kUnit, "unit"},
                                                    {EscalationLevel::kWeekly, "weekly"},
                                                    {EscalationLevel::kCoordination, "coordination"},
                                                    {EscalationLevel::kLeaders, "leaders"}}};
constexpr EnumTable<EscalationLevel, 4> kLevelLabels = {{{EscalationLevel::kUnit, "责任单位"},
                                                         {EscalationLevel::kWeekly, "周调度会"},
                                                         {EscalationLevel::kCoordination, "区重大项目协调会"},
                                                         {EscalationLevel::kLeaders, "书记/区长专题会"}}};
constexpr EnumTable<ProblemAction, 8> kActions = {{{ProblemAction::kAssign, "assign"},
                                                   {ProblemAction::kStep, "step"},
                                                   {ProblemAction::kSubmit, "submit"},
                                                   {ProblemAction::kConfirm, "confirm"},
                                                   {ProblemAction::kReject, "reject"},
                                                   {ProblemAction::kClose, "close"},
                                                   {ProblemAction::kReopen, "reopen"},
                                                   {ProblemAction::kEscalate, "escalate"}}};

Status CheckText(std::string& text, std::string_view field, size_t max_chars) {
  text = TrimSpaces(text);
  if (text.empty()) return Status::Invalid(std::string(field), "required");
  if (CodePoints(text) > max_chars) return Status::Invalid(std::string(field), "too_long", {std::to_string(max_chars)});
  return Status::Ok();
}

}  // namespace

std::string_view ProblemTypeName(ProblemType v) { return EnumName(kTypes, v); }
std::optional<ProblemType> ParseProblemType(std::string_view name) { return EnumParse(kTypes, name); }
std::string_view ProblemTypeLabel(ProblemType v) { return EnumName(kTypeLabels, v); }
std::string_view ProblemStateName(ProblemState v) { return EnumName(kStates, v); }
std::optional<ProblemState> ParseProblemState(std::string_view name) { return EnumParse(kStates, name); }
std::string_view EscalationLevelName(EscalationLevel v) { return EnumName(kLevels, v); }
std::optional<EscalationLevel> ParseEscalationLevel(std::string_view name) { return EnumParse(kLevels, name); }
std::string_view EscalationLevelLabel(EscalationLevel v) { return EnumName(kLevelLabels, v); }
std::string_view ProblemActionName(ProblemAction v) { return EnumName(kActions, v); }

bool IsBeingHandled(ProblemState s) {
  return s == ProblemState::kInProgress || s == ProblemState::kReturned || s == ProblemState::kReopened;
}

bool ProblemActionAllowed(const ProblemStatus& from, ProblemAction action) {
  const ProblemState s = from.state;
  switch (action) {
    case ProblemAction::kAssign: return s == ProblemState::kPending || IsBeingHandled(s);
    case ProblemAction::kStep:
    case ProblemAction::kSubmit: return IsBeingHandled(s);
    case ProblemAction::kConfirm: return s == ProblemState::kAwaitingConfirmation && !from.confirmed;
    case ProblemAction::kReject: return s == ProblemState::kAwaitingConfirmation;
    case ProblemAction::kClose: return s == ProblemState::kAwaitingConfirmation && from.confirmed;
    case ProblemAction::kReopen: return s == ProblemState::kClosed;
    case ProblemAction::kEscalate: return s != ProblemState::kClosed && from.level != EscalationLevel::kLeaders;
  }
  return false;
}

core::Result<ProblemStatus> ApplyProblemAction(const ProblemStatus& from, ProblemAction action,
                                               std::optional<EscalationLevel> to_level) {
  if (!ProblemActionAllowed(from, action)) return core::Fail(Status::Conflict("problem_action_not_allowed", "action"));
  ProblemStatus to = from;
  switch (action) {
    case ProblemAction::kAssign:
      if (from.state == ProblemState::kPending) to.state = ProblemState::kInProgress;
      break;
    case ProblemAction::kStep: break;
    case ProblemAction::kSubmit:
      to.state = ProblemState::kAwaitingConfirmation;
      to.confirmed = false;
      break;
    case ProblemAction::kConfirm: to.confirmed = true; break;
    case ProblemAction::kReject:
      to.state = ProblemState::kReturned;
      to.confirmed = false;
      break;
    case ProblemAction::kClose: to.state = ProblemState::kClosed; break;
    case ProblemAction::kReopen:
      to.state = ProblemState::kReopened;
      to.confirmed = false;
      break;
    case ProblemAction::kEscalate:
      if (!to_level) return core::Fail(Status::Invalid("level", "required"));
      if (*to_level <= from.level) return core::Fail(Status::Invalid("level", "level_not_higher"));
      to.level = *to_level;
      break;
  }
  return to;
}

Status ValidateProblemInput(ProblemInput& in) {
  GJ_RETURN_IF_ERROR(CheckText(in.title, "title", kProblemTitleMaxChars));
  return CheckText(in.description, "description", kProblemTextMaxChars);
}

Status ValidateProblemText(std::string& text, std::string_view field) {
  return CheckText(text, field, kProblemTextMaxChars);
}

Status ValidateEscalationRule(const EscalationRule& rule) {
  int last = 0;
  for (int days : rule.overdue_working_days) {
    if (days <= last || days > 250) return Status::Invalid("overdue_working_days", "thresholds_not_rising");
    last = days;
  }
  return Status::Ok();
}

int OverdueWorkingDays(Date deadline, Date today, const WorkCalendar& calendar) {
  if (today <= deadline) return 0;
  return calendar.WorkingDaysBetween(deadline, today);
}

std::optional<EscalationLevel> LevelDueByRule(const EscalationRule& rule, EscalationLevel current, Date deadline,
                                              Date today, const WorkCalendar& calendar) {
  const int late = OverdueWorkingDays(deadline, today, calendar);
  std::optional<EscalationLevel> due;
  for (size_t i = 0; i < rule.overdue_working_days.size(); ++i) {
    if (late >= rule.overdue_working_days[i]) due = static_cast<EscalationLevel>(i + 1);
  }
  if (due && *due > current) return due;
  return std::nullopt;
}

}  // namespace gongjian::domain
