#include "domain/report.h"

#include <algorithm>
#include <cstdio>

#include "domain/enum_names.h"
#include "domain/text.h"

namespace gongjian::domain {
namespace {

using core::Status;

constexpr EnumTable<SiteStatus, 5> kSiteStatuses{{
    {SiteStatus::kNotStarted, "not_started"},
    {SiteStatus::kStarted, "started"},
    {SiteStatus::kSuspended, "suspended"},
    {SiteStatus::kResumed, "resumed"},
    {SiteStatus::kCompleted, "completed"},
}};
constexpr EnumTable<ReportStatus, 5> kReportStatuses{{
    {ReportStatus::kDraft, "draft"},
    {ReportStatus::kSubmitted, "submitted"},
    {ReportStatus::kReturned, "returned"},
    {ReportStatus::kAccepted, "accepted"},
    {ReportStatus::kSuperseded, "superseded"},
}};
constexpr EnumTable<ReportAction, 3> kReportActions{{
    {ReportAction::kSubmit, "submit"},
    {ReportAction::kReturn, "return"},
    {ReportAction::kAccept, "accept"},
}};

Status CheckMoney(const char* field, Fen amount) {
  if (amount < 0) return Status::Invalid(field, "money_negative");
  if (amount > kMaxMoney) return Status::Invalid(field, "money_too_large");
  return Status::Ok();
}

Status CheckText(const char* field, const std::string& text, size_t max_chars) {
  if (CodePoints(text) > max_chars) return Status::Invalid(field, "too_long", {std::to_string(max_chars)});
  return Status::Ok();
}

Status CheckCount(const char* field, int n) {
  if (n < 0 || n > 1'000'000) return Status::Invalid(field, "out_of_range", {"0", "1000000"});
  return Status::Ok();
}

// a / b in basis points, rounded half up; b > 0, a ≥ 0.
int64_t Rate(Fen a, Fen b) {
  // Sums of several months can pass 10^15 分: compute in 128 bits.
  __int128 n = static_cast<__int128>(a) * 2 * kProgressScale + b;
  return static_cast<int64_t>(n / (static_cast<__int128>(2) * b));
}

}  // namespace

std::string Period::ToString() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  return buf;
}

std::optional<Period> ParsePeriod(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  int year = 0, month = 0;
  for (size_t i = 0; i < 7; ++i) {
    if (i == 4) continue;
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    (i < 4 ? year : month) = (i < 4 ? year : month) * 10 + (text[i] - '0');
  }
  if (year < 1900 || year > 2199 || month < 1 || month > 12) return std::nullopt;
  return Period{year, month};
}

Status ValidateAnnualPlan(const AnnualPlan& plan) {
  if (plan.year < 1900 || plan.year > 2199) return Status::Invalid("year", "out_of_range", {"1900", "2199"});
  GJ_RETURN_IF_ERROR(CheckMoney("planned_investment", plan.planned_investment));
  if (plan.monthly_targets) {
    Fen sum = 0;
    for (Fen t : *plan.monthly_targets) {
      GJ_RETURN_IF_ERROR(CheckMoney("monthly_targets", t));
      sum += t;  // 12 × 10^14 fits
    }
    if (sum != plan.planned_investment) {
      return Status::Invalid("monthly_targets", "monthly_targets_mismatch",
                             {FormatYuan(sum), FormatYuan(plan.planned_investment)});
    }
  }
  return CheckText("progress_goal", plan.progress_goal, 2000);
}

Fen ScheduleTarget(const AnnualPlan& plan, int month) {
  month = std::clamp(month, 0, 12);
  if (plan.monthly_targets) {
    Fen sum = 0;
    for (int m = 0; m < month; ++m) sum += (*plan.monthly_targets)[m];
    return sum;
  }
  return (plan.planned_investment * month * 2 + 12) / 24;  // × month / 12, half up
}

std::string_view SiteStatusName(SiteStatus s) { return EnumName(kSiteStatuses, s); }
std::optional<SiteStatus> ParseSiteStatus(std::string_view n) { return EnumParse(kSiteStatuses, n); }
std::string_view ReportStatusName(ReportStatus s) { return EnumName(kReportStatuses, s); }
std::optional<ReportStatus> ParseReportStatus(std::string_view n) { return EnumParse(kReportStatuses, n); }
std::string_view ReportActionName(ReportAction a) { return EnumName(kReportActions, a); }
std::optional<ReportAction> ParseReportAction(std::string_view n) { return EnumParse(kReportActions, n); }

core::Result<ReportStatus> ApplyReportAction(ReportStatus from, ReportAction action) {
  switch (action) {
    case ReportAction::kSubmit:
      if (from == ReportStatus::kDraft || from == ReportStatus::kReturned) return ReportStatus::kSubmitted;
      break;
    case ReportAction::kReturn:
      if (from == ReportStatus::kSubmitted) return ReportStatus::kReturned;
      break;
    case ReportAction::kAccept:
      if (from == ReportStatus::kSubmitted) return ReportStatus::kAccepted;
      break;
  }
  return core::Fail(Status::Conflict("report_action_not_allowed", "action"));
}

bool ReportEditable(ReportStatus status) { return status == ReportStatus::kDraft || status == ReportStatus::kReturned; }

Status ValidateReport(const MonthlyReport& r) {
  if (!ParsePeriod(r.period.ToString())) return Status::Invalid("period", "period_format");
  GJ_RETURN_IF_ERROR(CheckMoney("investment", r.investment));
  for (size_t i = 0; i < r.funds_arrived.size(); ++i) {
    GJ_RETURN_IF_ERROR(CheckMoney("funds_arrived", r.funds_arrived[i].amount));
    for (size_t j = 0; j < i; ++j) {
      if (r.funds_arrived[j].source == r.funds_arrived[i].source) {
        return Status::Invalid("funds_arrived", "fund_source_repeated",
                               {std::string(FundSourceName(r.funds_arrived[i].source))});
      }
    }
  }
  if (r.progress < 0 || r.progress > kProgressScale) return Status::Invalid("progress", "out_of_range", {"0", "100"});
  GJ_RETURN_IF_ERROR(CheckText("progress_text", r.progress_text, 2000));
  GJ_RETURN_IF_ERROR(CheckCount("workers_required", r.workers_required));
  GJ_RETURN_IF_ERROR(CheckCount("workers_on_site", r.workers_on_site));
  GJ_RETURN_IF_ERROR(CheckText("problems", r.problems, 2000));
  GJ_RETURN_IF_ERROR(CheckText("next_plan", r.next_plan, 2000));
  return CheckText("review_reason", r.review_reason, 1000);
}

ReportFigures DeriveFigures(const std::vector<MonthlyReport>& accepted, const std::optional<AnnualPlan>& plan,
                            Period period) {
  ReportFigures f;
  for (const auto& r : accepted) {
    if (r.period > period) continue;
    f.since_start += r.investment;
    if (r.period.year == period.year) f.year_to_date += r.investment;
    if (r.period == period) f.month = r.investment;
  }
  if (plan && plan->year == period.year) {
    f.schedule_target = ScheduleTarget(*plan, period.month);
    if (plan->planned_investment > 0) f.plan_rate = Rate(f.year_to_date, plan->planned_investment);
    if (f.schedule_target > 0) f.schedule_rate = Rate(f.year_to_date, f.schedule_target);
  }
  return f;
}

}  // namespace gongjian::domain
