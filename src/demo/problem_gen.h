#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "domain/date.h"
#include "domain/project.h"
#include "io/file_store.h"
#include "store/database.h"

namespace gongjian::demo {

// Who acts in the demo's problem loop.
struct ProblemGenAccounts {
  int64_t office_user_id = 0;
  int64_t office_org_id = 0;   // the district
  int64_t owner_user_id = 0;   // the demo owner account …
  int64_t owner_org_id = 0;    // … and its company: its projects' problems are raised by it
  std::map<std::string, int64_t> departments;  // name → org id (区自然资源和规划局 …)
};

struct ProblemGenCounts {
  int64_t problems = 0;
  int64_t meetings = 0;
  int64_t letters = 0;
};

// The problem loop of the demo district (SPEC §6): about one problem for every six projects past
// 储备 (at most 2,000), raised over the last six months, of every type, with its responsible
// department chosen by type (用地 → 自然资源和规划局, 资金 → 财政局, 拆迁安置 → the project's town …)
// and its town cooperating; in every state (待交办, 办理中 — some overdue —, 待确认, 已销号, 已退回,
// 重新打开) with the timeline that led there, and on every step of the escalation ladder with the
// weekly, coordination and leaders' meetings that decided them (a meeting's agenda lists them).
// With `files`, supervision letters (archived PDFs) for a dozen of the overdue and escalated ones,
// some answered. Deterministic for `seed`.
core::Result<ProblemGenCounts> InsertProblems(store::Connection& c, const std::vector<domain::Project>& projects,
                                              const ProblemGenAccounts& accounts, domain::Date today, uint64_t seed,
                                              const std::string& now, io::FileStore* files);

}  // namespace gongjian::demo
