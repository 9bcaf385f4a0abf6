// The schedule engine at province scale: 50,000 projects of eight milestone nodes each (400,000
// nodes), chained finish-to-start with their planned gaps as lags, one project in a hundred
// waiting on another's node; a third of the nodes met. The daily refresh computes all of it.
//
//   build/release/bench/schedule_bench
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "domain/calendar.h"
#include "engine/schedule.h"

namespace gj = gongjian;
using gj::domain::Date;
using gj::engine::ScheduleNode;

namespace {

std::vector<ScheduleNode> Network(int projects) {
  std::mt19937_64 rng(20261129);
  auto days = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const auto& cal = gj::domain::WorkCalendar::China();
  std::vector<ScheduleNode> nodes;
  nodes.reserve(static_cast<size_t>(projects) * 8);
  int64_t id = 0;
  for (int p = 0; p < projects; ++p) {
    Date planned = gj::domain::AddDays(Date{2025, 1, 1}, days(0, 900));
    const int met = days(0, 8);
    for (int k = 0; k < 8; ++k) {
      ScheduleNode n;
      n.id = ++id;
      if (k > 0) {
        const Date before = planned;
        planned = gj::domain::AddDays(planned, days(20, 120));
        n.deps.push_back({id - 1, cal.WorkingDaysBetween(before, planned)});
      }
      n.planned = planned;
      if (k < met) n.actual = gj::domain::AddDays(planned, days(-10, 30));
      if (k == 4 && p > 0 && p % 100 == 0) n.deps.push_back({id - 8 * 50, 5});  // waits on another project
      nodes.push_back(std::move(n));
    }
  }
  return nodes;
}

void BM_ScheduleProvince(benchmark::State& state) {
  const auto nodes = Network(static_cast<int>(state.range(0)));
  const Date today{2026, 11, 29};
  for (auto _ : state) {
    auto s = gj::engine::ComputeSchedule(nodes, today, gj::domain::WorkCalendar::China());
    benchmark::DoNotOptimize(s);
  }
  state.counters["nodes"] = static_cast<double>(nodes.size());
}
BENCHMARK(BM_ScheduleProvince)->Arg(50'000)->Unit(benchmark::kMillisecond);

void BM_ScheduleOneProject(benchmark::State& state) {
  const auto nodes = Network(1);
  const Date today{2026, 11, 29};
  for (auto _ : state) {
    auto s = gj::engine::ComputeSchedule(nodes, today, gj::domain::WorkCalendar::China());
    benchmark::DoNotOptimize(s);
  }
}
BENCHMARK(BM_ScheduleOneProject)->Unit(benchmark::kMicrosecond);

}  // namespace
