#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/report.h"
#include "store/database.h"

namespace gongjian::store {

// A plan's monthly targets as stored ("1,2,…,12", no JSON in the store); nullopt when absent
// or malformed.
std::optional<std::array<domain::Fen, 12>> ParseTargets(const std::optional<std::string>& text);

// kNotFound "plan_not_found" when the project has no plan for the year.
Result<domain::AnnualPlan> GetAnnualPlan(Connection& c, int64_t project_id, int year);

// Creates (expected_version 0) or replaces the plan of `plan.project_id` for `plan.year`
// while it is a draft or returned; it becomes a draft again. kFailedPrecondition
// "stale_version" when the version moved on, kConflict "plan_locked" once submitted or
// approved, kInvalidArgument naming a bad field. Call inside Database::Write.
Result<domain::AnnualPlan> SaveAnnualPlan(Connection& c, domain::AnnualPlan plan, int64_t expected_version,
                                          const std::string& now);

// Submits, returns (with `reason`) or approves the plan; kConflict
// "report_action_not_allowed" when its state does not allow it.
Result<domain::AnnualPlan> ReviewAnnualPlan(Connection& c, int64_t plan_id, domain::ReportAction action,
                                            const std::string& reason, int64_t expected_version,
                                            const std::string& now);

// kNotFound "report_not_found".
Result<domain::MonthlyReport> GetReport(Connection& c, int64_t id);

// Every version of the project's report for the period, newest first (empty when none).
Result<std::vector<domain::MonthlyReport>> ListReportVersions(Connection& c, int64_t project_id,
                                                              domain::Period period);

// Creates a draft for a month that has none yet (`report.id` 0), or saves the fields of an
// editable draft or returned report whose version is still `expected_version`. kConflict
// "report_exists" when the month already has a report, "report_locked" when it is
// submitted or accepted. Call inside Database::Write.
Result<domain::MonthlyReport> SaveReport(Connection& c, domain::MonthlyReport report, int64_t expected_version,
                                         int64_t user_id, const std::string& now);

// Applies a review step. Accepting a correction supersedes the version it corrects, in
// the same transaction, so at most one version of a month is accepted.
Result<domain::MonthlyReport> ReviewReport(Connection& c, int64_t report_id, domain::ReportAction action,
                                           const std::string& reason, int64_t expected_version, int64_t user_id,
                                           const std::string& now);

// Starts the correction of an accepted report: a new draft version with its fields.
// kConflict "correction_open" when a later version is already in progress,
// "report_action_not_allowed" when the report is not the accepted one.
Result<domain::MonthlyReport> StartCorrection(Connection& c, int64_t accepted_id, int64_t user_id,
                                              const std::string& now);

// The project's accepted reports (one per month), oldest first.
Result<std::vector<domain::MonthlyReport>> AcceptedReports(Connection& c, int64_t project_id);

// Accepted investment of every project in `year` up to and including `month`, by project.
Result<std::map<int64_t, domain::Fen>> YearToDate(Connection& c, int year, int month);

}  // namespace gongjian::store
