#include "demo/approval_gen.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

#include "domain/calendar.h"
#include "store/approval_repository.h"

namespace gongjian::demo {
namespace {

using domain::ApprovalItem;
using domain::ApprovalStage;
using domain::ApprovalStatus;
using domain::Date;
using domain::Stage;

bool PastReserve(Stage s) { return s != Stage::kPlanning && s != Stage::kReserve && s != Stage::kWithdrawn; }

// The short name a department's document numbers carry: 示发改, 示自然资规, …
std::string DocPrefix(const std::string& department) {
  for (auto [stem, prefix] : {std::pair{"发展和改革", "示发改审批"}, {"自然资源", "示自然资规"}, {"生态环境", "示环审"},
                              {"住房和城乡建设", "示建"}, {"水利", "示水许"}}) {
    if (department.find(stem) != std::string::npos) return prefix;
  }
  return "示";
}

// Items a project often does not need (不涉及): about one in five of these.
bool OftenNotNeeded(const std::string& name) {
  return name == "洪水影响评价" || name == "节能审查" || name == "社会稳定风险评估" || name == "消防设计审查";
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

double DepartmentPace(const std::string& department) {
  if (department.find("自然资源") != std::string::npos) return 1.3;
  if (department.find("生态环境") != std::string::npos) return 1.2;
  if (department.find("发展和改革") != std::string::npos) return 0.55;
  if (department.find("住房和城乡建设") != std::string::npos) return 0.7;
  if (department.find("水利") != std::string::npos) return 0.9;
  return 1.0;
}

std::vector<ApprovalItem> GenerateApprovals(const domain::Project& p, size_t index,
                                            const std::vector<domain::ApprovalTemplate>& templates,
                                            const std::vector<domain::DepartmentName>& departments, Date today,
                                            uint64_t seed) {
  const Stage stage = p.lifecycle.stage == Stage::kSuspended && p.lifecycle.resume_stage ? *p.lifecycle.resume_stage
                                                                                          : p.lifecycle.stage;
  if (!PastReserve(p.lifecycle.stage) || !PastReserve(stage) || !p.planned_start) return {};
  const std::string_view wanted = domain::DefaultApprovalTemplateFor(p.category);
  const domain::ApprovalTemplate* t = nullptr;
  for (const auto& candidate : templates) {
    if (candidate.name == wanted) t = &candidate;
  }
  if (!t) return {};
  const domain::WorkCalendar& calendar = domain::WorkCalendar::China();
  std::mt19937_64 rng(seed * 2'000'003 + index * 104'729 + 29);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::normal_distribution<double> spread(0.0, 0.4);

  const Date start = p.actual_start.value_or(*p.planned_start);
  const bool started = p.actual_start.has_value();
  // The first application some ten months before the start.
  Date stage_begins = domain::AddDays(start, -uniform(260, 330));
  std::vector<ApprovalItem> items = domain::ApprovalsFromTemplate(*t, p.id, departments);
  int serial = static_cast<int>(index % 97) + 1;
  ApprovalStage current = ApprovalStage::kProjectLand;
  Date stage_end = stage_begins;
  for (size_t i = 0; i < items.size(); ++i) {
    ApprovalItem& a = items[i];
    const domain::ApprovalTemplateItem& ti = t->items[i];
    if (a.stage != current) {
      current = a.stage;
      stage_begins = domain::AddDays(stage_end, uniform(3, 20));
      if (current == ApprovalStage::kCompletion) {
        if (!p.actual_completion) continue;  // not yet: 未启动
        stage_begins = domain::AddDays(*p.actual_completion, uniform(5, 30));
      }
    }
    if (current == ApprovalStage::kCompletion && !p.actual_completion) continue;
    if (OftenNotNeeded(a.name) && uniform(0, 4) == 0) {
      a.status = ApprovalStatus::kNotApplicable;
      continue;
    }
    Date applied = calendar.AddWorkingDays(domain::AddDays(stage_begins, uniform(0, 25)), 0);
    const int limit = a.limit_days.value_or(20);
    const double pace = DepartmentPace(ti.department) * std::exp(spread(rng));
    const int took = std::max(1, static_cast<int>(std::lround(limit * pace)));
    Date approved = domain::ApprovalDeadline(applied, took, a.limit_kind, calendar);
    if (started && current != ApprovalStage::kCompletion && approved >= *p.actual_start) {
      // A project that started had its permits: squeeze the history before the start.
      approved = calendar.SubtractWorkingDays(domain::AddDays(*p.actual_start, -1), uniform(0, 5));
      applied = std::min(applied, calendar.SubtractWorkingDays(approved, std::max(1, took / 2)));
    }
    stage_end = std::max(stage_end, approved);
    if (applied > today) continue;  // not started yet
    a.applied_on = applied;
    if (approved > today) {
      a.status = ApprovalStatus::kInProgress;
      continue;
    }
    a.status = ApprovalStatus::kObtained;
    a.approved_on = approved;
    a.doc_number = DocPrefix(ti.department) + "〔" + std::to_string(approved.year) + "〕" + std::to_string(serial++) + "号";
  }
  return items;
}

core::Result<int64_t> InsertApprovals(store::Connection& c, const std::vector<domain::Project>& projects, Date today,
                                      uint64_t seed, const std::string& now) {
  auto templates = store::ListApprovalTemplates(c);
  if (!templates) return core::Fail(templates.error());
  auto departments = store::DepartmentOrgs(c);
  if (!departments) return core::Fail(departments.error());
  std::vector<ApprovalItem> all;
  for (size_t i = 0; i < projects.size(); ++i) {
    auto items = GenerateApprovals(projects[i], i, *templates, *departments, today, seed);
    all.insert(all.end(), std::make_move_iterator(items.begin()), std::make_move_iterator(items.end()));
  }
  constexpr size_t kRows = 300;  // 13 columns: within every engine's parameter limit
  auto date = [](const std::optional<Date>& d) { return d ? store::Value(d->ToString()) : store::Null(); };
  for (size_t start = 0; start < all.size(); start += kRows) {
    const size_t end = std::min(all.size(), start + kRows);
    size_t param = 0;
    store::Params params;
    for (size_t i = start; i < end; ++i) {
      const auto& a = all[i];
      params.insert(params.end(),
                    {a.project_id, std::string(domain::ApprovalStageName(a.stage)), static_cast<int64_t>(a.position),
                     a.name, store::Opt(a.department_org_id),
                     a.limit_days ? store::Value(static_cast<int64_t>(*a.limit_days)) : store::Null(),
                     std::string(domain::LimitKindName(a.limit_kind)), std::string(domain::ApprovalStatusName(a.status)),
                     date(a.applied_on), date(a.approved_on), a.doc_number, now, now});
    }
    auto r = c.Exec("INSERT INTO project_approvals (project_id, stage, position, name, department_org_id, limit_days,"
                    " limit_kind, status, applied_on, approved_on, doc_number, created_at, updated_at) VALUES " +
                        Batch(end - start, 13, param),
                    params);
    if (!r) return core::Fail(r.error());
  }
  return static_cast<int64_t>(all.size());
}

}  // namespace gongjian::demo
