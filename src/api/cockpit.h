#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>

#include "api/context.h"
#include "core/status.h"
#include "domain/date.h"
#include "http/router.h"
#include "store/database.h"

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
