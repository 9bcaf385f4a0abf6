// Pieces of a request, measured alone: build/release/bench/core_bench
#include <benchmark/benchmark.h>

#include "api/errors.h"
#include "api/routes.h"
#include "auth/crypto.h"
#include "demo/demo.h"
#include "store/org_repository.h"
#include "store/test_database.h"

namespace gj = gongjian;

static void BM_RouterFind(benchmark::State& state) {
  auto t = gj::store::TestDatabase::Create(gj::store::Engine::kSqlite);
  gj::core::SystemClock clock;
  gj::api::ApiContext ctx{t->db(), clock, "bench"};
  auto router = gj::api::BuildRouter(ctx);
  for (auto _ : state) benchmark::DoNotOptimize(router->Find("PATCH", "/api/orgs/12345").route);
}
BENCHMARK(BM_RouterFind);

static void BM_ErrorResponseChinese(benchmark::State& state) {
  gj::http::Request req;
  req.request_id = "bench";
  auto s = gj::core::Status::Invalid("name", "too_long", {"100"});
  for (auto _ : state) benchmark::DoNotOptimize(gj::api::ErrorResponse(s, req).body.size());
}
BENCHMARK(BM_ErrorResponseChinese);

// A read transaction fetching one organisation by id from the demo district on SQLite.
static void BM_SqliteGetOrg(benchmark::State& state) {
  auto t = gj::store::TestDatabase::Create(gj::store::Engine::kSqlite);
  gj::core::SystemClock clock;
  gj::demo::GenerateDemo(t->db(), {}, clock, gj::auth::KeyRing::Derive(gj::auth::RandomBytes(32)));
  for (auto _ : state) {
    auto o = t->db().ReadValue<gj::domain::Org>([](gj::store::Connection& c) { return gj::store::GetOrg(c, 5); });
    benchmark::DoNotOptimize(o->id);
  }
}
BENCHMARK(BM_SqliteGetOrg);

// The store half of GET /api/orgs?page_size=20: count plus one page.
static void BM_SqliteListOrgsPage(benchmark::State& state) {
  auto t = gj::store::TestDatabase::Create(gj::store::Engine::kSqlite);
  gj::core::SystemClock clock;
  gj::demo::GenerateDemo(t->db(), {}, clock, gj::auth::KeyRing::Derive(gj::auth::RandomBytes(32)));
  for (auto _ : state) {
    auto p = t->db().ReadValue<gj::store::Page<gj::domain::Org>>(
        [](gj::store::Connection& c) { return gj::store::ListOrgs(c, {}, {.page = 1, .page_size = 20}); });
    benchmark::DoNotOptimize(p->total);
  }
}
BENCHMARK(BM_SqliteListOrgsPage);
