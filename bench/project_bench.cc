// The project library at province scale (50,000 projects) on SQLite, measured at the store:
// the queries behind GET /api/projects. Each benchmark reports the p50 and p90 of single
// calls (counters p50_ms, p90_ms) besides Google Benchmark's mean.
//
//   build/release/bench/project_bench            (generates /tmp/gongjian-bench-province.db once)
//   GONGJIAN_BENCH_DB=path.db build/release/bench/project_bench
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>

#include "auth/crypto.h"
#include "demo/demo.h"
#include "store/migrations.h"
#include "store/project_repository.h"
#include "store/user_repository.h"

namespace gj = gongjian;
using gj::store::ProjectFilter;
using gj::store::ProjectOrder;
using gj::store::ProjectSort;

namespace {

// The province-scale demo database, generated on first use and then reused.
gj::store::Database& ProvinceDb() {
  static std::unique_ptr<gj::store::Database> db = [] {
    const char* env = std::getenv("GONGJIAN_BENCH_DB");
    std::string path = env ? env : "/tmp/gongjian-bench-province.db";
    bool fresh = !std::filesystem::exists(path);
    auto opened = gj::store::Database::Open("sqlite:" + path);
    if (!opened) std::abort();
    if (!gj::store::Migrate(**opened)) std::abort();
    if (fresh) {
      gj::core::SystemClock clock;
      auto r = gj::demo::GenerateDemo(**opened, {.scale = gj::demo::Scale::kProvince, .seed = 1}, clock,
                                      gj::auth::KeyRing::Derive(gj::auth::RandomBytes(32)));
      if (!r) std::abort();
    }
    return std::move(*opened);
  }();
  return *db;
}

gj::store::Viewer ViewerFor(const char* username) {
  auto u = ProvinceDb().ReadValue<gj::domain::User>(
      [&](gj::store::Connection& c) { return gj::store::FindUserByUsername(c, username); });
  if (!u) std::abort();
  return {u->id, u->scope};
}

int64_t OrgId(const char* name) {
  auto r = ProvinceDb().ReadValue<gj::store::ResultSet>(
      [&](gj::store::Connection& c) { return c.Query("SELECT id FROM orgs WHERE name = $1", {std::string(name)}); });
  if (!r || r->empty()) std::abort();
  return r->First().Int("id");
}

// Runs one page query per iteration and reports single-call percentiles.
void RunPage(benchmark::State& state, const gj::store::Viewer& viewer, const ProjectFilter& filter,
             const ProjectOrder& order, int64_t page = 1) {
  auto& db = ProvinceDb();
  std::vector<double> ms;
  int64_t total = 0;
  for (auto _ : state) {
    auto start = std::chrono::steady_clock::now();
    auto r = db.ReadValue<gj::store::Page<gj::store::ProjectView>>([&](gj::store::Connection& c) {
      return gj::store::ListProjects(c, viewer, filter, order, {page, 20});
    });
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    if (!r) state.SkipWithError(r.error().ToString().c_str());
    if (r) total = r->total;
  }
  std::sort(ms.begin(), ms.end());
  state.counters["p50_ms"] = ms.empty() ? 0 : ms[ms.size() / 2];
  state.counters["p90_ms"] = ms.empty() ? 0 : ms[ms.size() * 9 / 10];
  state.counters["total"] = static_cast<double>(total);
}

}  // namespace

// The office (all of the province): projects under construction of one category, the
// largest first — the list a director opens most.
static void BM_FilteredSortedPage(benchmark::State& state) {
  ProjectFilter f;
  f.stages = {gj::domain::Stage::kConstruction};
  f.category = gj::domain::ProjectCategory::kIndustry;
  RunPage(state, ViewerFor("office"), f, {ProjectSort::kTotalInvestment, true});
}
BENCHMARK(BM_FilteredSortedPage)->Unit(benchmark::kMillisecond);

// The same for a town's staff, whose data scope is resolved in SQL.
static void BM_FilteredSortedPageTownScope(benchmark::State& state) {
  ProjectFilter f;
  f.stages = {gj::domain::Stage::kConstruction};
  RunPage(state, ViewerFor("town.cgjd"), f, {ProjectSort::kTotalInvestment, true});
}
BENCHMARK(BM_FilteredSortedPageTownScope)->Unit(benchmark::kMillisecond);

// Filters that an index cannot answer alone: a town and a year, sorted by planned start.
static void BM_TownYearByPlannedStart(benchmark::State& state) {
  ProjectFilter f;
  f.town_org_id = OrgId("柳河镇");
  f.year = 2026;
  RunPage(state, ViewerFor("office"), f, {ProjectSort::kPlannedStart, false});
}
BENCHMARK(BM_TownYearByPlannedStart)->Unit(benchmark::kMillisecond);

// Page 100 of everything by name.
static void BM_DeepPageByName(benchmark::State& state) {
  RunPage(state, ViewerFor("office"), {}, {ProjectSort::kName, false}, 100);
}
BENCHMARK(BM_DeepPageByName)->Unit(benchmark::kMillisecond);

// Chinese full text through the trigram index.
static void BM_ChineseFullText(benchmark::State& state) {
  RunPage(state, ViewerFor("office"), {.q = "产业园"}, {});
}
BENCHMARK(BM_ChineseFullText)->Unit(benchmark::kMillisecond);

// A longer phrase from the content, with a stage filter.
static void BM_ChineseFullTextFiltered(benchmark::State& state) {
  ProjectFilter f;
  f.q = "标准化厂房";
  f.stages = {gj::domain::Stage::kConstruction, gj::domain::Stage::kPreparation};
  RunPage(state, ViewerFor("office"), f, {ProjectSort::kTotalInvestment, true});
}
BENCHMARK(BM_ChineseFullTextFiltered)->Unit(benchmark::kMillisecond);

// Two characters are below the trigram index: LIKE over the text.
static void BM_TwoCharacterSearch(benchmark::State& state) {
  RunPage(state, ViewerFor("office"), {.q = "道路"}, {});
}
BENCHMARK(BM_TwoCharacterSearch)->Unit(benchmark::kMillisecond);

// One project page, fully loaded.
static void BM_GetProject(benchmark::State& state) {
  auto viewer = ViewerFor("office");
  auto& db = ProvinceDb();
  for (auto _ : state) {
    auto r = db.ReadValue<gj::store::ProjectView>(
        [&](gj::store::Connection& c) { return gj::store::GetProject(c, viewer, 25'000); });
    if (!r) state.SkipWithError(r.error().ToString().c_str());
  }
}
BENCHMARK(BM_GetProject)->Unit(benchmark::kMillisecond);
