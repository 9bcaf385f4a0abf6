#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "domain/project.h"

namespace gongjian::domain {

// A reporting period: a calendar month.
struct Period {
  int year = 0;
  int month = 0;  // 1..12

  auto operator<=>(const Period&) const = default;
  std::string ToString() const;  // "2026-10"
};

// Parses "2026-10" (years 1900–2199); nullopt otherwise.
std::optional<Period> ParsePeriod(std::string_view text);

// What the project's site was doing in the month.
enum class SiteStatus { kNotStarted, kStarted, kSuspended, kResumed, kCompleted };
std::string_view SiteStatusName(SiteStatus status);  // "not_started", "started", …
std::optional<SiteStatus> ParseSiteStatus(std::string_view name);

// The review life cycle of a monthly report. An accepted report is locked; a correction is
// a new version (the old one becomes superseded and stays visible).
enum class ReportStatus { kDraft, kSubmitted, kReturned, kAccepted, kSuperseded };
std::string_view ReportStatusName(ReportStatus status);
std::optional<ReportStatus> ParseReportStatus(std::string_view name);

enum class ReportAction { kSubmit, kReturn, kAccept };
std::string_view ReportActionName(ReportAction action);
std::optional<ReportAction> ParseReportAction(std::string_view name);

// The status after `action`, or kConflict "report_action_not_allowed" (field "action"):
// draft/returned → submitted; submitted → returned or accepted.
core::Result<ReportStatus> ApplyReportAction(ReportStatus from, ReportAction action);

// True while the report's fields may still be edited (draft or returned).
bool ReportEditable(ReportStatus status);

// A project's plan for one year (SPEC §3): the investment it means to complete and the
// image progress it aims at, optionally split into twelve monthly targets that then
// define 序时进度 instead of the time-proportional share.
struct AnnualPlan {
  int64_t id = 0;
  int64_t project_id = 0;
  int year = 0;
  Fen planned_investment = 0;
  std::optional<std::array<Fen, 12>> monthly_targets;  // when given, they add up to planned_investment
  std::string progress_goal;                           // 形象进度目标, free text
  ReportStatus status = ReportStatus::kDraft;          // plans go through the same review as reports
  std::string review_reason;
  int64_t version = 0;
};


// Checks the plan's own fields: a year, non-negative money within range, monthly targets
// that are non-negative and add up exactly to the planned investment. The first error
// names its field.
core::Status ValidateAnnualPlan(const AnnualPlan& plan);

// 序时进度 of `plan` at the end of `month` (1..12): the sum of the monthly targets up to
// and including the month when the plan has them, otherwise planned × month / 12, in 分,
// rounded half up (the only rounding; SPEC §5).
Fen ScheduleTarget(const AnnualPlan& plan, int month);

inline constexpr int kProgressScale = 10000;  // progress in basis points of a per cent: 4550 = 45.50%

// One project's report for one month (SPEC §3, domain-research §2.2).
struct MonthlyReport {
  int64_t id = 0;
  int64_t project_id = 0;
  Period period;
  int version_no = 1;                  // 1, then 2, 3 … for corrections of an accepted report
  std::optional<int64_t> supersedes;   // the accepted report a correction replaces
  ReportStatus status = ReportStatus::kDraft;
  Fen investment = 0;                  // 本月完成投资
  std::vector<FundShare> funds_arrived;  // 本月资金到位, by source
  std::string progress_text;           // 形象进度
  int progress = 0;                    // image progress in basis points (0..10000)
  int workers_required = 0;
  int workers_on_site = 0;
  SiteStatus site = SiteStatus::kNotStarted;
  std::string problems;                // 存在问题及困难
  std::string next_plan;               // 下月工作计划
  std::string review_reason;           // the office's reasons when returned
  int64_t version = 0;                 // optimistic-lock version of the row
};

// Checks a report's own fields; the first error names its field.
core::Status ValidateReport(const MonthlyReport& report);

// The figures derived from a project's accepted reports (one per period, the latest
// version) for `period`: this month, year to date, since the start of the project's
// reporting, and the completion rates against the annual plan and against 序时进度 in
// basis points (nullopt when the plan is absent or zero).
struct ReportFigures {
  Fen month = 0;
  Fen year_to_date = 0;
  Fen since_start = 0;
  Fen schedule_target = 0;               // 序时进度 in 分 (0 without a plan)
  std::optional<int64_t> plan_rate;      // year_to_date / planned, basis points
  std::optional<int64_t> schedule_rate;  // year_to_date / schedule_target, basis points
};

// `accepted` holds the project's accepted reports, any order, at most one per period.
// Rates round half up to a basis point.
ReportFigures DeriveFigures(const std::vector<MonthlyReport>& accepted, const std::optional<AnnualPlan>& plan,
                            Period period);

}  // namespace gongjian::domain
