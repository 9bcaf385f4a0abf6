#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "api/context.h"
#include "domain/date.h"
#include "engine/warning.h"
#include "http/router.h"
#include "store/audit_repository.h"
#include "store/database.h"
#include "store/warning_repository.h"

namespace gongjian::api {

// The setting that holds the district's rule set: a JSON document as api/warning_rules_json.h
// writes it. Its version is the one PUT /api/warning-rules names in If-Match.
inline constexpr const char* kWarningRulesKey = "warning_rules";
// The China civil date ("2026-11-29") of the last full recompute.
inline constexpr const char* kWarningsRecomputedKey = "warnings_recomputed_on";

// Warnings (红黄绿灯, SPEC §5): GET/PUT /api/warning-rules, POST /api/warnings/recompute,
// GET /api/projects/{id}/warnings.
void AddWarningRoutes(http::Router& router, const ApiContext& ctx);

// The district's active rule set and its setting's version: the office's choice, or the
// Yinchuan preset with version 0 while it has chosen none. kInternal when the stored document
// no longer reads (it was validated when saved).
struct ActiveRules {
  engine::RuleSet rules;
  int64_t version = 0;
};
core::Result<ActiveRules> LoadActiveRules(store::Connection& c);

// The period the current warnings are computed for on `today`: that of the latest dispatch
// round whose fill-in window has opened by then (its reports are the newest expected), else
// the calendar month before today's.
core::Result<domain::Period> WarningPeriod(store::Connection& c, domain::Date today);

// Whether the rules watch a project in `stage`: all but withdrawn (退库) ones, which get no
// warnings and no history.
bool WatchedStage(domain::Stage stage);

// What the rules see of a project's stored inputs for `period`, as of the end of `as_of`. Pure.
engine::ProjectMeasures MeasuresOf(const store::WarningInputs& inputs, domain::Period period, domain::Date as_of);

// Evaluates `rules` for one project into what the store keeps: its findings in rule order and
// its overall colour (green without findings, and for projects not watched). `buffer` is
// scratch space a bulk caller reuses.
store::ProjectWarnings Assess(const engine::RuleSet& rules, const store::WarningInputs& inputs, domain::Period period,
                              domain::Date as_of, std::vector<engine::Warning>& buffer);

// Recomputes one project's warnings in the caller's write transaction, the moment an input
// changes (a report or plan accepted, the project edited or moved on): its current findings
// and colour for WarningPeriod(today), with that month's history, and when `changed` names
// another month whose inputs changed, that month's history too.
core::Status RecomputeWarnings(const ApiContext& ctx, store::Connection& c, int64_t project_id,
                               std::optional<domain::Period> changed = std::nullopt);

// What a full recompute found and did.
struct RecomputeCounts {
  domain::Period period;
  int64_t projects = 0;  // projects watched
  int64_t red = 0;
  int64_t yellow = 0;
  int64_t green = 0;
  int64_t changed = 0;  // projects whose findings or colour changed
};

// Recomputes every project's warnings for WarningPeriod(today) with `rules` in the caller's
// write transaction (a few set-based reads, the engine, batched writes of what changed; see
// store::SaveAllWarnings), and records `today` as the last full recompute.
core::Result<RecomputeCounts> RecomputeAllWarnings(store::Connection& c, const engine::RuleSet& rules,
                                                   domain::Date today, const std::string& now);

// Fills the history of the `months` months before `through` (a first installation, the demo):
// each month's colours as the rules judge that month's inputs at its last day. Current findings
// are left alone. Returns the history rows written. In the caller's write transaction.
core::Result<int64_t> BackfillWarningHistory(store::Connection& c, const engine::RuleSet& rules, domain::Period through,
                                             int months, const std::string& now);

// The daily recompute: start/milestone findings depend on the date, not only on inputs. In
// one write transaction, recomputes everything with the active rules when the last full
// recompute was before today in China; returns whether it did.
// With `sign` (the audit signer), overdue problems first climb the escalation ladder by rule
// (EscalateOverdueProblems), in the same transaction.
core::Result<bool> RecomputeWarningsIfDue(store::Database& db, const core::Clock& clock,
                                          const store::AuditSigner& sign = {});

// Calls RecomputeWarningsIfDue at once and then every `interval` until destroyed, so the
// server recomputes at start-up when it missed a day and within `interval` after each
// midnight in China. Failures are logged and retried at the next tick. Thread-safe.
class DailyWarningRecompute {
 public:
  DailyWarningRecompute(store::Database& db, const core::Clock& clock,
                        std::chrono::milliseconds interval = std::chrono::minutes(1), store::AuditSigner sign = {});
  ~DailyWarningRecompute();
  DailyWarningRecompute(const DailyWarningRecompute&) = delete;
  DailyWarningRecompute& operator=(const DailyWarningRecompute&) = delete;

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace gongjian::api
