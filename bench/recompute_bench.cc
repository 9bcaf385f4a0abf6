// Warnings recomputed from the database at province scale (SPEC §14): 50,000 projects and
// 3 million monthly report rows on SQLite. Targets from the issue: a full recompute of every
// project's warnings, loading and saving included, ≤ 1 s; the recompute after one report ≤ 5 ms.
//
//   build/release/bench/recompute_bench     (generates /tmp/gongjian-bench-warnings.db once:
//                                            the province demo, topped up to 3 million reports)
//   GONGJIAN_BENCH_WARNINGS_DB=path.db build/release/bench/recompute_bench
//
// Each benchmark reports single-call percentiles (p50_ms, p90_ms) beside the mean.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "api/context.h"
#include "api/warnings.h"
#include "auth/crypto.h"
#include "demo/demo.h"
#include "engine/presets.h"
#include "store/migrations.h"

namespace gj = gongjian;

namespace {

constexpr int64_t kReportRows = 3'000'000;

void Check(const gj::core::Status& s, const char* what) {
  if (s.ok()) return;
  std::fprintf(stderr, "%s: %s\n", what, s.ToString().c_str());
  std::abort();
}

int64_t Count(gj::store::Database& db, const char* sql) {
  auto n = db.ReadValue<int64_t>([&](gj::store::Connection& c) -> gj::core::Result<int64_t> {
    auto r = c.Query(sql);
    if (!r) return gj::core::Fail(r.error());
    return r->First().Int("n");
  });
  if (!n) Check(n.error(), sql);
  return *n;
}

gj::domain::Date Today(const gj::core::Clock& clock) {
  return gj::domain::ChinaDate(
      std::chrono::duration_cast<std::chrono::seconds>(clock.Now().time_since_epoch()).count());
}

// Fills every project's months of the last five years (sixty months up to the previous one:
// 50,000 × 60 = 3 million) that have no report with an accepted one, as the province of SPEC §14
// would have; in statements of 5,000 projects.
void TopUpReports(gj::store::Database& db, gj::domain::Date today) {
  const int64_t last = int64_t{today.year} * 12 + today.month - 2;  // the previous month, as year * 12 + month - 1
  const int64_t first = last - 59;
  const int64_t max_id = Count(db, "SELECT COALESCE(MAX(id), 0) AS n FROM projects");
  for (int64_t from = 1; from <= max_id; from += 5000) {
    Check(db.Write([&](gj::store::Connection& c) -> gj::core::Status {
      auto r = c.Exec(
          "WITH RECURSIVE months(k) AS (SELECT $1 UNION ALL SELECT k + 1 FROM months WHERE k < $2)"
          " INSERT INTO monthly_reports (project_id, year, month, version_no, status, investment, progress,"
          " site_status, created_at, updated_at)"
          " SELECT p.id, k / 12, k % 12 + 1, 1, 'accepted', (p.id * 7919 + k * 104729) % 3000 * 1000000, 5000,"
          " 'started', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'"
          " FROM projects p CROSS JOIN months WHERE p.id BETWEEN $3 AND $4 AND NOT EXISTS (SELECT 1"
          " FROM monthly_reports r WHERE r.project_id = p.id AND r.year = k / 12 AND r.month = k % 12 + 1)",
          {first, last, from, from + 4999});
      return r ? gj::core::Status::Ok() : r.error();
    }),
          "top up reports");
  }
  Check(db.Write([](gj::store::Connection& c) { return c.ExecScript("ANALYZE"); }), "analyze");
}

gj::store::Database& ProvinceDb() {
  static std::unique_ptr<gj::store::Database> db = [] {
    const char* env = std::getenv("GONGJIAN_BENCH_WARNINGS_DB");
    std::string path = env ? env : "/tmp/gongjian-bench-warnings.db";
    bool fresh = !std::filesystem::exists(path);
    auto opened = gj::store::Database::Open("sqlite:" + path);
    if (!opened) Check(opened.error(), "open");
    if (auto m = gj::store::Migrate(**opened); !m) Check(m.error(), "migrate");
    gj::core::SystemClock clock;
    if (fresh) {
      auto r = gj::demo::GenerateDemo(**opened, {.scale = gj::demo::Scale::kProvince, .seed = 1}, clock,
                                      gj::auth::KeyRing::Derive(gj::auth::RandomBytes(32)));
      if (!r) Check(r.error(), "demo");
      if (Count(**opened, "SELECT COUNT(*) AS n FROM monthly_reports") < kReportRows)
        TopUpReports(**opened, Today(clock));
    }
    std::fprintf(stderr, "%s: %lld projects, %lld report rows\n", path.c_str(),
                 static_cast<long long>(Count(**opened, "SELECT COUNT(*) AS n FROM projects")),
                 static_cast<long long>(Count(**opened, "SELECT COUNT(*) AS n FROM monthly_reports")));
    return std::move(*opened);
  }();
  return *db;
}

void Percentiles(benchmark::State& state, std::vector<double>& ms) {
  std::sort(ms.begin(), ms.end());
  state.counters["p50_ms"] = ms.empty() ? 0 : ms[ms.size() / 2];
  state.counters["p90_ms"] = ms.empty() ? 0 : ms[ms.size() * 9 / 10];
}

// One full recompute in its own write transaction, commit included, with `rules(i)`; with
// `warm_up`, one untimed run first with rules(0), so that the timed ones start from its result.
template <typename Rules>
void RunFull(benchmark::State& state, Rules rules, bool warm_up) {
  auto& db = ProvinceDb();
  gj::core::SystemClock clock;
  std::vector<double> ms;
  gj::api::RecomputeCounts last;
  int i = 0;
  if (warm_up) {
    auto first = db.WriteValue<gj::api::RecomputeCounts>([&](gj::store::Connection& c) {
      return gj::api::RecomputeAllWarnings(c, rules(0), Today(clock), gj::core::FormatTimestamp(clock.Now()));
    });
    if (!first) Check(first.error(), "warm-up");
  }
  for (auto _ : state) {
    const gj::engine::RuleSet& set = rules(i++);
    auto start = std::chrono::steady_clock::now();
    auto counts = db.WriteValue<gj::api::RecomputeCounts>([&](gj::store::Connection& c) {
      return gj::api::RecomputeAllWarnings(c, set, Today(clock), gj::core::FormatTimestamp(clock.Now()));
    });
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    if (!counts) {
      state.SkipWithError(counts.error().ToString().c_str());
      return;
    }
    last = *counts;
  }
  Percentiles(state, ms);
  state.counters["projects"] = static_cast<double>(last.projects);
  state.counters["red"] = static_cast<double>(last.red);
  state.counters["yellow"] = static_cast<double>(last.yellow);
  state.counters["changed"] = static_cast<double>(last.changed);
}

}  // namespace

// The daily run: the same rules and inputs as the run before (an untimed warm-up), so the
// findings are unchanged and only the reads, the engine and the comparison remain.
static void BM_FullRecomputeDaily(benchmark::State& state) {
  RunFull(
      state, [](int) -> const gj::engine::RuleSet& { return gj::engine::YinchuanPreset(); }, true);
}
BENCHMARK(BM_FullRecomputeDaily)->Unit(benchmark::kMillisecond)->Iterations(5);

// The office switches the rule set: every iteration alternates Yinchuan and Sanya, so a large
// share of the findings and colours are rewritten.
static void BM_FullRecomputeRuleChange(benchmark::State& state) {
  RunFull(
      state,
      [](int i) -> const gj::engine::RuleSet& {
        return i % 2 ? gj::engine::SanyaPreset() : gj::engine::YinchuanPreset();
      },
      false);
}
BENCHMARK(BM_FullRecomputeRuleChange)->Unit(benchmark::kMillisecond)->Iterations(6);

// The parts of a full recompute, to see where its time goes: the set-based reads alone …
static void BM_LoadAllInputs(benchmark::State& state) {
  auto& db = ProvinceDb();
  gj::core::SystemClock clock;
  std::vector<double> ms;
  for (auto _ : state) {
    auto start = std::chrono::steady_clock::now();
    auto inputs = db.ReadValue<std::vector<gj::store::WarningInputs>>(
        [&](gj::store::Connection& c) -> gj::core::Result<std::vector<gj::store::WarningInputs>> {
          auto period = gj::api::WarningPeriod(c, Today(clock));
          if (!period) return gj::core::Fail(period.error());
          return gj::store::LoadAllWarningInputs(c, *period);
        });
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    if (!inputs) state.SkipWithError(inputs.error().ToString().c_str());
  }
  Percentiles(state, ms);
}
BENCHMARK(BM_LoadAllInputs)->Unit(benchmark::kMillisecond)->Iterations(5);

// … and the engine over the loaded inputs (the Chinese sentences included).
static void BM_AssessAll(benchmark::State& state) {
  auto& db = ProvinceDb();
  gj::core::SystemClock clock;
  gj::domain::Period period;
  auto inputs = db.ReadValue<std::vector<gj::store::WarningInputs>>(
      [&](gj::store::Connection& c) -> gj::core::Result<std::vector<gj::store::WarningInputs>> {
        auto p = gj::api::WarningPeriod(c, Today(clock));
        if (!p) return gj::core::Fail(p.error());
        period = *p;
        return gj::store::LoadAllWarningInputs(c, *p);
      });
  if (!inputs) Check(inputs.error(), "load");
  std::vector<gj::engine::Warning> buffer;
  std::vector<double> ms;
  for (auto _ : state) {
    auto start = std::chrono::steady_clock::now();
    std::vector<gj::store::ProjectWarnings> all;
    all.reserve(inputs->size());
    for (const auto& in : *inputs)
      all.push_back(gj::api::Assess(gj::engine::YinchuanPreset(), in, period, Today(clock), buffer));
    benchmark::DoNotOptimize(all.data());
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  Percentiles(state, ms);
}
BENCHMARK(BM_AssessAll)->Unit(benchmark::kMillisecond)->Iterations(5);

// A report is accepted: its investment changes and the project is recomputed in the same
// transaction (api::RecomputeWarnings: the active rules, the period, the project's inputs,
// the engine, the save). Timed: the recompute alone; counter txn_ms: the whole transaction
// with the change and the commit.
static void BM_RecomputeAfterOneReport(benchmark::State& state) {
  auto& db = ProvinceDb();
  gj::core::SystemClock clock;
  gj::api::ApiContext ctx{db, clock, "bench"};
  struct Target {
    int64_t project_id, report_id, year, month;
  };
  std::vector<Target> targets;
  Check(db.Read([&](gj::store::Connection& c) -> gj::core::Status {
    auto period = gj::api::WarningPeriod(c, Today(clock));
    if (!period) return period.error();
    auto r = c.Query(
        "SELECT r.project_id, r.id FROM monthly_reports r JOIN annual_plans a ON a.project_id = r.project_id"
        " AND a.year = r.year AND a.status = 'accepted' WHERE r.year = $1 AND r.month = $2"
        " AND r.status = 'accepted' ORDER BY r.project_id LIMIT 200",
        {int64_t{period->year}, int64_t{period->month}});
    if (!r) return r.error();
    for (size_t i = 0; i < r->size(); ++i) {
      targets.push_back({r->Row(i).Int("project_id"), r->Row(i).Int("id"), period->year, period->month});
    }
    return gj::core::Status::Ok();
  }),
        "targets");
  if (targets.empty()) {
    state.SkipWithError("no accepted report with a plan in the current period");
    return;
  }
  std::vector<double> ms, txn;
  size_t i = 0;
  for (auto _ : state) {
    const Target& t = targets[i++ % targets.size()];
    const int64_t delta = (i / targets.size()) % 2 ? -5'000'000'000 : 5'000'000'000;  // ±5000万元
    double took = 0;
    auto start = std::chrono::steady_clock::now();
    Check(db.Write([&](gj::store::Connection& c) -> gj::core::Status {
      auto changed =
          c.Exec("UPDATE monthly_reports SET investment = MAX(0, investment + $2) WHERE id = $1", {t.report_id, delta});
      if (!changed) return changed.error();
      auto begin = std::chrono::steady_clock::now();
      gj::core::Status s = gj::api::RecomputeWarnings(
          ctx, c, t.project_id, gj::domain::Period{static_cast<int>(t.year), static_cast<int>(t.month)});
      took = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - begin).count();
      return s;
    }),
          "recompute one");
    txn.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    ms.push_back(took);
    state.SetIterationTime(took / 1000);
  }
  Percentiles(state, ms);
  std::sort(txn.begin(), txn.end());
  state.counters["txn_ms"] = txn[txn.size() / 2];
}
BENCHMARK(BM_RecomputeAfterOneReport)->Unit(benchmark::kMillisecond)->UseManualTime()->Iterations(400);
