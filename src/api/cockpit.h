#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "api/context.h"
#include "core/status.h"
#include "domain/date.h"
#include "http/router.h"
#include "store/database.h"
#include "store/project_repository.h"

namespace gongjian::api {

// The leaders' cockpit (驾驶舱, SPEC §10, issue 7): one GET per panel under /api/cockpit/ (summary,
// breakdown, lights, problems, approvals, trend, ranking, map, projects — the drill-down behind
// every figure — and mine, a leader's own projects), every figure in the caller's data scope. The
// definitions are engine/cockpit's, the SQL store/cockpit_repository's, the fields openapi.json's.
// Answers are cached in process (CockpitCache).
void AddCockpitRoutes(http::Router& router, const ApiContext& ctx);

// Recomputes one project's figures for `year` (cockpit_years) from its approved plan and accepted
// reports, in the caller's write transaction: call it in the transaction that accepts a report of
// that year (a correction included) or approves the year's plan.
core::Status RefreshCockpitYear(store::Connection& c, int64_t project_id, int year);

// Recomputes every project's year figures from the plans and reports (a bulk load such as the
// demo, or a new definition), records the definition version (setting kCockpitYearsKey) and
// returns the rows written. In the caller's write transaction.
core::Result<int64_t> RebuildCockpitYears(store::Connection& c, const std::string& now);

// Refills the working-day ordinals from the calendar (built-in days and the administrator's
// additions) and recounts the approval durations, recording the calendar's fingerprint (setting
// kCockpitCalendarKey). In the caller's write transaction: call it in the one that changes the calendar.
core::Status RefreshCockpitCalendar(store::Connection& c, const std::string& now);

// Both of the above: after a bulk load (the demo). Returns the year rows written.
core::Result<int64_t> RebuildCockpit(store::Connection& c, const std::string& now);

// Settings recording which definition of the year figures cockpit_years holds (and the current
// one), and which calendar the ordinals were counted with.
inline constexpr const char* kCockpitYearsKey = "cockpit_years_version";
inline constexpr const char* kCockpitYearsVersion = "1";
inline constexpr const char* kCockpitCalendarKey = "cockpit_calendar";

// Rebuilds what is stale in one write transaction: the year figures when the database's were made
// by another definition or never (a database from before the cockpit), the ordinals when the
// calendar is not the one they were counted with. At start-up. Returns whether it did anything.
core::Result<bool> EnsureCockpit(store::Database& db, const core::Clock& clock);

// The `year` and `month` query parameters the cockpit's panels take, each absent when missing or
// empty; kInvalidArgument naming the parameter when it is not a number in 0..9999 (year) or
// 0..99 (month). engine::ResolveCockpitPeriod says which values are a period.
struct YearMonth {
  std::optional<int> year, month;
};
core::Result<YearMonth> ReadYearMonth(const http::Request& req);

// The panels the monthly briefing prints, for the whole district (every project, whoever asks) in
// `year`/`month` (resolved as the cockpit resolves them on `today`): the very answers
// /api/cockpit/summary, breakdown (unit, category), ranking, problems, approvals and trend give a
// user who sees everything, computed by the same code, uncached. `user_id` is the asker's (an
// existing user: the scope filter binds it). In the caller's read transaction.
struct DistrictCockpit {
  nlohmann::json summary, by_unit, by_category, ranking, problems, approvals, trend;
};
core::Result<DistrictCockpit> DistrictCockpitAnswers(store::Connection& c, int64_t user_id, int year, int month,
                                                      domain::Date today, const std::string& now);

// The monthly progress table by responsible unit (分单位月度进度表, the standard table of issue 8):
// the breakdown panel's rows by unit (GET /api/cockpit/breakdown?dimension=unit: the same projects,
// groups, sums and order, computed by the same code) for `viewer`'s scope in the period `asked`
// resolves to on `today`, with this month's completed investment added (the year's cumulative
// figure through the month less that through the month before), and a totals row that is the sum
// of the rows in 分 with its rates computed from those sums. Money in 分, rates in basis points
// (none when the plan is 0). In the caller's read transaction.
struct UnitProgressRow {
  std::optional<int64_t> unit_org_id;  // none: 未指定 (projects without a responsible unit)
  std::string name;
  int64_t projects = 0;
  int64_t annual_planned = 0;
  int64_t completed_month = 0;
  int64_t completed_ytd = 0;
  int64_t schedule_ytd = 0;                  // 序时进度 through the month, in 分
  std::optional<int64_t> completion_rate;    // completed_ytd / annual_planned
  std::optional<int64_t> schedule_rate;      // schedule_ytd / annual_planned
  std::optional<int64_t> points_vs_schedule;  // completion_rate − schedule_rate
};
struct UnitProgress {
  int year = 0;
  int month = 0;
  domain::Date as_of;
  std::string scope;  // "全区", or the names of the viewer's organisations
  std::vector<UnitProgressRow> rows;
  UnitProgressRow total;  // name "合计"
};
core::Result<UnitProgress> UnitProgressTable(store::Connection& c, const store::Viewer& viewer, const YearMonth& asked,
                                             domain::Date today);

// Answers of the cockpit kept in process, by request (the endpoint, its resolved query, the
// caller's scope and the day) with the cache generation they were computed at
// (store::CacheGeneration): an answer is served only while the generation is unchanged, so any
// committed change to what the cockpit reads, through any server instance, retires it. Least
// recently used answers go when the bodies exceed `max_bytes`. Thread-safe.
class CockpitCache {
 public:
  explicit CockpitCache(size_t max_bytes = size_t{64} << 20) : max_bytes_(max_bytes) {}

  // The body stored for `key` at `generation`, or null.
  std::shared_ptr<const std::string> Get(const std::string& key, int64_t generation);
  // Stores `body` for `key` at `generation` (replacing an older one).
  void Put(const std::string& key, int64_t generation, std::shared_ptr<const std::string> body);

  size_t bytes() const;
  size_t entries() const;

 private:
  struct Entry {
    std::string key;
    int64_t generation = 0;
    std::shared_ptr<const std::string> body;
  };
  void EvictLocked();

  const size_t max_bytes_;
  mutable std::mutex mu_;
  std::list<Entry> lru_;  // most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
  size_t bytes_ = 0;
};

}  // namespace gongjian::api
