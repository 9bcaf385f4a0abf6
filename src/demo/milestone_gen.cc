#include "demo/milestone_gen.h"

#include <algorithm>
#include <map>
#include <random>

#include "domain/calendar.h"
#include "store/milestone_repository.h"

namespace gongjian::demo {
namespace {

using domain::Date;
using domain::Milestone;
using domain::Stage;

const char* const kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱"};
const char* const kGiven[] = {"建国", "海峰", "丽", "伟", "静", "军", "敏", "磊", "娟", "强", "洋", "勇", "艳", "杰"};

const domain::MilestoneTemplate* TemplateFor(const domain::Project& p,
                                             const std::vector<domain::MilestoneTemplate>& templates) {
  const char* name = p.category == domain::ProjectCategory::kInfrastructure ? "基础设施项目"
                     : p.category == domain::ProjectCategory::kSocial || p.category == domain::ProjectCategory::kLivelihood
                         ? "社会民生项目"
                         : "产业项目";
  for (const auto& t : templates) {
    if (t.name == name) return &t;
  }
  return templates.empty() ? nullptr : &templates.front();
}

bool HasNodes(Stage s) {
  return s != Stage::kPlanning && s != Stage::kReserve && s != Stage::kWithdrawn;
}

// Position of the template's start node (开工), or the first node anchored at the end.
size_t StartIndex(const domain::MilestoneTemplate& t) {
  for (size_t i = 0; i < t.nodes.size(); ++i) {
    if (t.nodes[i].name == "开工") return i;
  }
  return 0;
}

std::string Batch(size_t rows, size_t columns, size_t& param) {
  std::string out;
  for (size_t r = 0; r < rows; ++r) {
    out += r ? ", (" : "(";
    for (size_t k = 0; k < columns; ++k) out += (k ? ", $" : "$") + std::to_string(++param);
    out += ")";
  }
  return out;
}

}  // namespace

std::vector<Milestone> GenerateMilestones(const domain::Project& p, size_t index,
                                          const std::vector<domain::MilestoneTemplate>& templates, Date today,
                                          uint64_t seed) {
  const Stage stage = p.lifecycle.stage == Stage::kSuspended && p.lifecycle.resume_stage ? *p.lifecycle.resume_stage
                                                                                          : p.lifecycle.stage;
  if (!HasNodes(p.lifecycle.stage) || !HasNodes(stage) || !p.planned_start || !p.planned_completion) return {};
  const domain::MilestoneTemplate* t = TemplateFor(p, templates);
  if (!t) return {};
  std::mt19937_64 rng(seed * 1'000'003 + index * 7919 + 17);
  auto days = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const Date start = p.actual_start.value_or(*p.planned_start);
  std::vector<Milestone> nodes =
      domain::MilestonesFromTemplate(*t, *p.planned_start, *p.planned_completion, domain::WorkCalendar::China());
  const size_t start_at = StartIndex(*t);
  const bool started = p.actual_start.has_value();
  const bool finished = p.actual_completion.has_value();
  const bool laggard = days(0, 7) == 0;  // leaves its first due node unmet
  bool left_one = false;
  for (size_t i = 0; i < nodes.size(); ++i) {
    Milestone& m = nodes[i];
    const bool before_start = i < start_at;
    std::optional<Date> actual;
    if (i == start_at && started) {
      actual = *p.actual_start;
    } else if (before_start && started) {
      actual = std::min(domain::AddDays(m.planned, days(-15, 25)), start);
    } else if (finished && !before_start) {
      actual = domain::AddDays(m.planned, days(-10, 30));
      if (p.actual_completion && *actual > *p.actual_completion) actual = *p.actual_completion;
    } else if (m.planned < today) {
      if (laggard && !left_one) {
        left_one = true;  // overdue: a real one, not met yet
      } else {
        actual = domain::AddDays(m.planned, days(-5, 20));
      }
    }
    if (actual && *actual > today) actual = m.planned < today ? std::optional<Date>(today) : std::nullopt;
    m.actual = actual;
    m.responsible_person = std::string(kSurnames[days(0, 13)]) + kGiven[days(0, 13)];
  }
  return nodes;
}

core::Result<int64_t> InsertMilestones(store::Connection& c, const std::vector<domain::Project>& projects, Date today,
                                       uint64_t seed, const std::string& now) {
  auto templates = store::ListMilestoneTemplates(c);
  if (!templates) return core::Fail(templates.error());
  auto max = c.Query("SELECT COALESCE(MAX(id), 0) AS id FROM milestones");
  if (!max) return core::Fail(max.error());
  int64_t next_id = max->First().Int("id");

  std::vector<Milestone> all;
  std::vector<std::tuple<int64_t, int64_t, int64_t>> deps;  // successor, predecessor, lag
  struct Node {
    int64_t id;
    Date planned;
  };
  std::map<int64_t, Node> road_by_town;  // an infrastructure project's 主体完工 per town
  std::vector<std::pair<size_t, Node>> factory_starts;  // (project index, its unmet 开工)
  for (size_t index = 0; index < projects.size(); ++index) {
    const auto& p = projects[index];
    auto nodes = GenerateMilestones(p, index, *templates, today, seed);
    if (nodes.empty()) continue;
    const int64_t first = next_id + 1;
    for (auto& m : nodes) {
      m.id = ++next_id;
      m.project_id = p.id;
      if (!p.responsible_org_ids.empty()) {
        m.responsible_org_id = p.responsible_org_ids[static_cast<size_t>(m.position) % p.responsible_org_ids.size()];
      }
      for (const auto& d : m.deps) deps.emplace_back(m.id, first + d.predecessor_id, d.lag_days);
      if (p.town_org_id && m.name == "主体完工" && p.category == domain::ProjectCategory::kInfrastructure) {
        road_by_town.try_emplace(*p.town_org_id, Node{m.id, m.planned});
      }
      if (m.name == "开工" && !m.actual && p.category == domain::ProjectCategory::kIndustry && index % 4 == 1) {
        factory_starts.push_back({index, Node{m.id, m.planned}});
      }
    }
    for (auto& m : nodes) all.push_back(std::move(m));
  }
  // A road that a factory needs: the factory starts a week after the road's main works.
  for (const auto& [index, start] : factory_starts) {
    const auto& p = projects[index];
    if (!p.town_org_id) continue;
    auto road = road_by_town.find(*p.town_org_id);
    if (road == road_by_town.end() || road->second.planned >= start.planned) continue;
    deps.emplace_back(start.id, road->second.id, 5);
  }
  constexpr size_t kRows = 400;  // 11 columns: within every engine's parameter limit
  for (size_t start = 0; start < all.size(); start += kRows) {
    const size_t end = std::min(all.size(), start + kRows);
    size_t param = 0;
    store::Params params;
    for (size_t i = start; i < end; ++i) {
      const auto& m = all[i];
      params.insert(params.end(), {m.id, m.project_id, static_cast<int64_t>(m.position), m.name, m.planned.ToString(),
                                   m.actual ? store::Value(m.actual->ToString()) : store::Null(),
                                   store::Opt(m.responsible_org_id), m.responsible_person, std::string(), now, now});
    }
    auto r = c.Exec("INSERT INTO milestones (id, project_id, position, name, planned, actual, responsible_org_id,"
                    " responsible_person, note, created_at, updated_at) VALUES " + Batch(end - start, 11, param),
                    params);
    if (!r) return core::Fail(r.error());
  }
  for (size_t start = 0; start < deps.size(); start += 1000) {
    const size_t end = std::min(deps.size(), start + 1000);
    size_t param = 0;
    store::Params params;
    for (size_t i = start; i < end; ++i) {
      params.insert(params.end(), {std::get<0>(deps[i]), std::get<1>(deps[i]), std::get<2>(deps[i])});
    }
    auto r = c.Exec("INSERT INTO milestone_deps (successor_id, predecessor_id, lag_days) VALUES " +
                        Batch(end - start, 3, param),
                    params);
    if (!r) return core::Fail(r.error());
  }
  if (c.engine() == store::Engine::kPostgres && !all.empty()) {
    auto r = c.Exec("SELECT setval(pg_get_serial_sequence('milestones', 'id'), $1)", {next_id});
    if (!r) return core::Fail(r.error());
  }
  return static_cast<int64_t>(all.size());
}

}  // namespace gongjian::demo
