#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "domain/date.h"
#include "domain/project.h"
#include "domain/report.h"
#include "store/database.h"

namespace gongjian::demo {

// The reporting history of the demo (SPEC §3, §15): dispatch rounds, approved annual plans
// and monthly reports, placed around the generator's "today".
struct ReportGenInput {
  domain::Date today;  // a real date; the current month has no reports, the previous one is the open round
  int years = 3;       // calendar years of history: January of today.year − years + 1 up to the previous month
  uint64_t seed = 1;
};

// The month before today's: the newest period with reports, whose round is still open.
domain::Period LastPeriod(domain::Date today);
// January of the first year of history.
domain::Period FirstPeriod(const ReportGenInput& in);

// How a project's accepted investment of a year stands against its plan's 序时进度 at the
// year's last reported month (December for past years), in the Yinchuan measure
// (序时 − completed) / plan: on track below 10 points, lagging 10–30, badly lagging above 30.
enum class Pace { kOnTrack, kLagging, kBadlyLagging };

// One project's history. Pure data: ids of reports are positions in `reports` + 1 until the
// writer numbers them (`supersedes` refers to that same numbering).
struct ProjectHistory {
  std::vector<domain::AnnualPlan> plans;       // status approved, oldest year first
  std::vector<domain::MonthlyReport> reports;  // oldest period first; versions of a month in order
  std::optional<Pace> pace;  // the pace aimed at in today's year (nullopt without a plan with reports)
  // Timestamps ("2026-10-05T02:00:00.000Z", never after `now`) per report: created,
  // submitted (empty for drafts) and reviewed (empty unless returned, accepted or superseded).
  struct Stamps {
    std::string created, submitted, reviewed;
  };
  std::vector<Stamps> stamps;  // parallel to reports
  std::vector<std::string> plan_stamps;  // parallel to plans: when approved
};

// The history of `project` (the index-th of the demo, which seeds its randomness together
// with in.seed), as a real district's would read:
// - preparation months (site not_started, progress 0, now and then a small 前期 cost) before
//   the actual start, or up to the previous month for a project still in 前期;
// - construction months from the actual start to the completion month (site completed, image
//   progress 100%) or the previous month, investment along an S-curve with the Spring Festival
//   dip, funds arrived by the project's own fund sources, workers, problems and next month's
//   plan in Chinese; a suspended project reports suspended months with nothing invested;
// - an approved plan for every year with construction months, and for today's year when a
//   project in 前期 plans to start in it; about half (every new start of today's year) with
//   twelve seasonal monthly targets. The plans are set against the accepted investment so that
//   about 70% of projects are on track, 20% lagging and 10% badly lagging (Pace); where too
//   little of the total is left for a plan that far ahead, the year's accepted construction
//   investment is lowered instead (the site did less);
// - every report accepted, except in the previous month, where about 10% of the projects that
//   must report have not, and some reports are still drafts, submitted or returned. In the three
//   months before that a few accepted reports were corrected (a superseded version 1 and an
//   accepted version 2), and a few in the last half year were returned once before acceptance.
// Deterministic: the same project, index and input give the same history. Every report passes
// domain::ValidateReport and every plan domain::ValidateAnnualPlan; the accepted investment
// since the start never exceeds the project's total investment, nor does any plan. Projects
// in 谋划, 储备 or 退库 have no history. `now` caps the timestamps.
ProjectHistory GenerateHistory(const domain::Project& project, size_t index, const ReportGenInput& in,
                               const std::string& now);

// When the project was registered with the statistics bureau (纳入统计库, 入库): for one that
// has started building, within four weeks of its actual start, never after in.today; a
// few recent starts (about one in six of those that started within the last four months) not
// yet. nullopt for projects that have not started. Deterministic like GenerateHistory.
std::optional<domain::Date> RegistrationDate(const domain::Project& project, size_t index, const ReportGenInput& in);

struct ReportGenCounts {
  int64_t rounds = 0;
  int64_t plans = 0;
  int64_t reports = 0;  // monthly_reports rows, every version
  int64_t funds = 0;    // report_funds rows
};

// The accounts the history names: the office opens rounds and reviews; reports of the
// projects of `owner_org_id` are filled in by `owner_user_id`, the others by no account.
struct ReportGenAccounts {
  int64_t office_user_id = 0;
  std::optional<int64_t> owner_org_id;
  std::optional<int64_t> owner_user_id;
};

// Writes a round for every month from FirstPeriod to LastPeriod (window the 1st–10th of the
// next month; the last one stays open to the end of today's month when today is past the
// 10th), then every project's history (`projects[i]` with its id set is the i-th of the
// demo), in multi-row INSERTs (a few rows each on SQLite, whose driver binds parameters by
// name at a cost that grows with their number; 128 report rows on PostgreSQL). Expects the
// tables to be empty.
// Call inside Database::Write; on PostgreSQL the report id sequence is moved past the ids
// written.
core::Result<ReportGenCounts> InsertReportHistory(store::Connection& c, const std::vector<domain::Project>& projects,
                                                  const ReportGenInput& in, const ReportGenAccounts& accounts,
                                                  const std::string& now);

}  // namespace gongjian::demo
