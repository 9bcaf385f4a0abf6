// The warnings engine at province scale: a full recompute of 50,000 synthetic projects under the
// Yinchuan preset (target ≤ 1 s) and one project's recompute (target ≤ 5 ms).
//
//   build/release/bench/warning_bench
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "engine/presets.h"
#include "engine/warning.h"

namespace gj = gongjian;
using gj::domain::Date;
using gj::engine::ProjectMeasures;
using gj::engine::Warning;

namespace {

constexpr int kProjects = 50'000;
constexpr gj::domain::Fen kWan = 1'000'000;  // 1万元 in 分
const char* const kNodes[] = {"立项", "用地", "规划许可", "施工许可", "开工", "主体完工", "竣工验收", "投产"};
const char* const kProblems[] = {"征地拆迁", "资金缺口", "管线迁改", "环评批复", "电力接入"};

Date Shift(Date d, int64_t days) {
  return gj::domain::DateFromDays(gj::engine::DaysBetween(Date{1970, 1, 1}, d) + days);
}

// A district-like mix: most projects with an annual plan (a third split by month), starts
// spread over two and a half years, eight milestone nodes (most past ones met, some late), a few
// problems. About two fifths of the projects end up red and a fifth yellow: a pessimistic mix,
// since each warning costs a formatted sentence.
std::vector<ProjectMeasures> Synthetic(int n) {
  std::mt19937_64 rng(20261031);
  auto uniform = [&](double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng); };
  auto chance = [&](double p) { return uniform(0, 1) < p; };
  auto days = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const Date as_of{2026, 10, 31};
  std::vector<ProjectMeasures> out(n);
  for (ProjectMeasures& m : out) {
    m.as_of = as_of;
    m.period = {2026, 10};
    if (chance(0.85)) {
      const auto plan = static_cast<gj::domain::Fen>(std::pow(10.0, uniform(2.7, 5.3))) * kWan;  // 500万–20亿元
      m.progress.annual_plan = plan;
      if (chance(0.3)) {
        std::array<gj::domain::Fen, 12> targets{};
        for (int i = 0; i < 12; ++i) targets[i] = plan / 12;
        targets[11] += plan - plan / 12 * 12;
        m.progress.monthly_targets = targets;
      }
      const double share = std::clamp(std::normal_distribution<double>(0.95, 0.25)(rng), 0.0, 1.5);  // of 序时
      m.progress.completed = static_cast<gj::domain::Fen>(static_cast<double>(plan) * 10 / 12 * share);
    }
    m.planned_start = Shift(Date{2025, 1, 1}, days(0, 900));
    if (*m.planned_start <= as_of && chance(0.9)) {
      m.actual_start = Shift(*m.planned_start, days(-20, 120));
      if (chance(0.9)) m.registered = Shift(*m.actual_start, days(10, 90));
    }
    Date node = Shift(*m.planned_start, -days(120, 240));
    for (const char* name : kNodes) {
      node = Shift(node, days(20, 150));
      std::optional<Date> actual;
      if (node <= as_of && chance(0.97)) actual = Shift(node, days(-10, 20));
      m.milestones.push_back({name, node, actual});
    }
    const int problems = chance(0.3) ? days(1, 3) : 0;
    for (int i = 0; i < problems; ++i) {
      m.problems.push_back({kProblems[days(0, 4)], Shift(as_of, days(-60, 90)), chance(0.6)});
    }
  }
  return out;
}

const std::vector<ProjectMeasures>& Projects() {
  static const std::vector<ProjectMeasures> kAll = Synthetic(kProjects);
  return kAll;
}

// A full recompute into one reused buffer, as a batch job would before writing the results.
void BM_FullRecomputeYinchuan(benchmark::State& state) {
  const auto& projects = Projects();
  const auto& rules = gj::engine::YinchuanPreset();
  std::vector<Warning> warnings;
  warnings.reserve(projects.size() * 3);
  size_t red = 0;
  size_t yellow = 0;
  for (auto _ : state) {
    warnings.clear();
    red = yellow = 0;
    for (const ProjectMeasures& m : projects) {
      const size_t first = warnings.size();
      gj::engine::EvaluateInto(rules, m, warnings);
      const auto overall = gj::engine::OverallColour(std::span<const Warning>(warnings).subspan(first));
      red += overall == gj::engine::Colour::kRed;
      yellow += overall == gj::engine::Colour::kYellow;
    }
    benchmark::DoNotOptimize(warnings.data());
  }
  state.counters["projects"] = static_cast<double>(projects.size());
  state.counters["warnings"] = static_cast<double>(warnings.size());
  state.counters["red_projects"] = static_cast<double>(red);
  state.counters["yellow_projects"] = static_cast<double>(yellow);
}
BENCHMARK(BM_FullRecomputeYinchuan)->Unit(benchmark::kMillisecond);

// The same with a fresh vector per project (the plain Evaluate call).
void BM_FullRecomputeYinchuanFreshVectors(benchmark::State& state) {
  const auto& projects = Projects();
  const auto& rules = gj::engine::YinchuanPreset();
  for (auto _ : state) {
    size_t count = 0;
    for (const ProjectMeasures& m : projects) count += gj::engine::Evaluate(rules, m).size();
    benchmark::DoNotOptimize(count);
  }
}
BENCHMARK(BM_FullRecomputeYinchuanFreshVectors)->Unit(benchmark::kMillisecond);

// One project at its worst: every rule fires, 50 overdue nodes and 20 overdue problems.
void BM_OneProjectWorstCase(benchmark::State& state) {
  ProjectMeasures m;
  m.as_of = {2026, 10, 31};
  m.period = {2026, 10};
  m.progress.annual_plan = 120'000'000'000;
  m.progress.completed = 10'000'000'000;
  m.planned_start = Date{2026, 1, 10};
  for (int i = 0; i < 50; ++i) m.milestones.push_back({"施工许可", Shift(m.as_of, -1 - i), std::nullopt});
  for (int i = 0; i < 20; ++i) m.problems.push_back({"征地拆迁", Shift(m.as_of, -1 - i), false});
  for (auto _ : state) benchmark::DoNotOptimize(gj::engine::Evaluate(gj::engine::YinchuanPreset(), m));
}
BENCHMARK(BM_OneProjectWorstCase)->Unit(benchmark::kMicrosecond);

}  // namespace
