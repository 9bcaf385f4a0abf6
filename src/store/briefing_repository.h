#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/date.h"
#include "store/database.h"

namespace gongjian::store {

// The monthly briefings (月度通报) the project office has published: records, never changed.
struct Briefing {
  int64_t id = 0;
  int year = 0;
  int month = 0;
  int issue_number = 0;  // 第N期, counted per year
  std::string title;
  std::string summary;  // the summary paragraph, as printed
  std::string pdf_key;
  std::string pdf_sm3;
  int64_t pdf_size = 0;
  std::string xlsx_key;
  std::string xlsx_sm3;
  int64_t xlsx_size = 0;
  int64_t created_by = 0;
  std::string created_by_name;
  std::string created_at;
};

// The issue number the next briefing of `year` takes: one more than the year's last.
Result<int> NextBriefingNumber(Connection& c, int year);

// Inserts `b` (id, creator's name ignored). kConflict "briefing_exists" when the month or
// the issue number of the year is taken (by a concurrent publisher, say).
Result<Briefing> CreateBriefing(Connection& c, const Briefing& b);

// The briefings of `year`, latest month first; every year, newest first, when `year` is 0.
Result<std::vector<Briefing>> ListBriefings(Connection& c, int year);

// kNotFound "briefing_not_found".
Result<Briefing> GetBriefing(Connection& c, int64_t id);

// ---- What the briefing lists (the whole district; the projects in one of `stages`) ----

// A project lit red or yellow now, with the reason of its worst finding.
struct BriefingLightProject {
  int64_t project_id = 0;
  std::string name;
  std::string unit;    // responsible unit's name; empty when none
  std::string reason;  // the worst finding's (red before yellow, then the rules' order)
};
// The projects whose colour (cockpit_projects) is `colour` ("red" or "yellow"), grouped by unit
// (in the units' order of creation, none last), then by id: the projects the cockpit's red/yellow
// figure counts. (Ids, not names, order them: the two engines collate Chinese differently.)
Result<std::vector<BriefingLightProject>> BriefingLightProjects(Connection& c, const std::vector<std::string>& stages,
                                                                std::string_view colour);

// An open problem past its handling deadline.
struct BriefingOverdue {
  int64_t problem_id = 0;
  std::string project;
  std::string type;  // problem type code, e.g. "land"
  std::string unit;  // responsible unit's name; empty when none
  domain::Date deadline;
};
// The problems overdue on `today` as the cockpit counts them (being handled — 办理中, 已退回, 重新
// 打开 — with a deadline before `today`), longest overdue first (earliest deadline, then id).
Result<std::vector<BriefingOverdue>> BriefingOverdueProblems(Connection& c, const std::vector<std::string>& stages,
                                                             domain::Date today);

}  // namespace gongjian::store
