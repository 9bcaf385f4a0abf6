#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "domain/calendar.h"
#include "domain/date.h"

namespace gongjian::domain {

// What blocks a project (SPEC §6).
enum class ProblemType { kLand, kFunds, kDemolition, kApproval, kUtilities, kEnergyEnv, kConstruction, kPolicy, kOther };
std::string_view ProblemTypeName(ProblemType v);  // "land", "funds", "demolition", "approval", "utilities", …
std::optional<ProblemType> ParseProblemType(std::string_view name);
std::string_view ProblemTypeLabel(ProblemType v);  // "用地", "资金", … (for letters and briefings)

// The closed loop 交办 → 办理 → 反馈 → 销号: 待交办 → 办理中 → 待确认 → 已销号, with 已退回 (the raiser
// rejected the result; the units handle it again) and 重新打开 (the office reopened a closed one).
enum class ProblemState { kPending, kInProgress, kAwaitingConfirmation, kClosed, kReturned, kReopened };
std::string_view ProblemStateName(ProblemState v);  // "pending", "in_progress", "awaiting_confirmation", …
std::optional<ProblemState> ParseProblemState(std::string_view name);
// True for the states in which the units work on it (办理中, 已退回, 重新打开).
bool IsBeingHandled(ProblemState s);

// The escalation ladder: unit → 周调度会 → 区重大项目协调会 → 书记/区长专题会.
enum class EscalationLevel { kUnit, kWeekly, kCoordination, kLeaders };
std::string_view EscalationLevelName(EscalationLevel v);  // "unit", "weekly", "coordination", "leaders"
std::optional<EscalationLevel> ParseEscalationLevel(std::string_view name);
std::string_view EscalationLevelLabel(EscalationLevel v);  // "周调度会", …

enum class ProblemAction {
  kAssign,    // the office names the responsible unit, cooperating units and deadline (also again)
  kStep,      // a unit records what it did
  kSubmit,    // the responsible unit reports the result: waits for the raiser
  kConfirm,   // the raiser accepts the result: waits for 销号
  kReject,    // the raiser rejects it: back to the units (已退回)
  kClose,     // 销号, once the raiser has accepted
  kReopen,    // a closed problem comes back
  kEscalate,  // one or more steps up the ladder
};
std::string_view ProblemActionName(ProblemAction v);  // "assign", "step", …

// Where a problem stands: its state, whether the raiser accepted the result, and its level.
struct ProblemStatus {
  ProblemState state = ProblemState::kPending;
  bool confirmed = false;
  EscalationLevel level = EscalationLevel::kUnit;

  bool operator==(const ProblemStatus&) const = default;
};

// The status after `action`, or kConflict "problem_action_not_allowed" (field "action") when the
// loop does not allow it from `from` (e.g. closing before the raiser accepted, escalating a closed
// problem). For kEscalate, `to_level` must be above the current level (kInvalid "level",
// "level_not_higher" otherwise). Who may act is can()'s business, not this function's. Pure.
core::Result<ProblemStatus> ApplyProblemAction(const ProblemStatus& from, ProblemAction action,
                                               std::optional<EscalationLevel> to_level = std::nullopt);

// Whether ApplyProblemAction would accept `action` from `from` (for kEscalate: to some higher level).
bool ProblemActionAllowed(const ProblemStatus& from, ProblemAction action);

// A problem's own fields as a user gives them.
struct ProblemInput {
  ProblemType type = ProblemType::kOther;
  std::string title;        // ≤ kProblemTitleMaxChars
  std::string description;  // ≤ kProblemTextMaxChars
};
inline constexpr size_t kProblemTitleMaxChars = 60;
inline constexpr size_t kProblemTextMaxChars = 2000;
inline constexpr size_t kMaxCooperatingUnits = 10;

// Trims and checks: a title and a description within their lengths (kInvalid naming the field).
core::Status ValidateProblemInput(ProblemInput& in);

// Checks a handling text (step, result, reason, decision): required, ≤ kProblemTextMaxChars.
core::Status ValidateProblemText(std::string& text, std::string_view field);

// Escalation by rule: a problem overdue by at least `overdue_working_days[i]` working days climbs
// to level i + 1 (周调度 at the first threshold, 协调会 at the second, 专题会 at the third). The
// thresholds rise strictly; the office sets them.
struct EscalationRule {
  std::array<int, 3> overdue_working_days = {5, 10, 20};
};
core::Status ValidateEscalationRule(const EscalationRule& rule);  // kInvalid "overdue_working_days"

// Working days a problem is overdue on `today`: those after its deadline up to today
// (the deadline itself is the last day in time); 0 when not yet overdue.
int OverdueWorkingDays(Date deadline, Date today, const WorkCalendar& calendar);

// The level the rule puts a problem at on `today`, when that is above `current`; nullopt otherwise.
std::optional<EscalationLevel> LevelDueByRule(const EscalationRule& rule, EscalationLevel current, Date deadline,
                                              Date today, const WorkCalendar& calendar);

}  // namespace gongjian::domain
