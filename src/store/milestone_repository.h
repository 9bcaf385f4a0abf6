#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/calendar.h"
#include "domain/milestone.h"
#include "store/database.h"
#include "store/project_repository.h"

namespace gongjian::store {

// A project's milestones ordered by position, with their dependencies (ordered by
// predecessor id).
Result<std::vector<domain::Milestone>> ListMilestones(Connection& c, int64_t project_id);

// The milestones of all these projects (ordered by project, then position), dependencies loaded.
Result<std::vector<domain::Milestone>> MilestonesOfProjects(Connection& c, const std::vector<int64_t>& project_ids);

// Every milestone, with dependencies, ordered by project and position (the daily schedule refresh).
Result<std::vector<domain::Milestone>> AllMilestones(Connection& c);

// kNotFound "milestone_not_found".
Result<domain::Milestone> GetMilestone(Connection& c, int64_t id);

// A node's computed schedule as stored beside it (engine::NodeSchedule's forecast and critical).
struct StoredSchedule {
  int64_t id = 0;
  domain::Date forecast;
  bool critical = false;
};

// Stores the schedules whose forecast or critical flag differ from the stored ones, in batches;
// returns how many changed.
Result<int64_t> SaveForecasts(Connection& c, const std::vector<StoredSchedule>& schedules);

// What the portfolio Gantt draws of a milestone: its dates and the stored schedule.
struct GanttNode {
  int64_t id = 0;
  int64_t project_id = 0;
  std::string name;
  domain::Date planned;
  std::optional<domain::Date> actual;
  std::optional<domain::Date> forecast;  // none until the schedule was first computed
  bool critical = false;
};

// The milestones of `project_ids` with their stored schedules, ordered by project and position:
// one query, no dependencies.
Result<std::vector<GanttNode>> GanttNodes(Connection& c, const std::vector<int64_t>& project_ids);

// The projects whose milestones are linked, directly or through others, to those of
// `project_ids` (in either direction), including these: the set a schedule must be computed
// over. Sorted.
Result<std::vector<int64_t>> LinkedProjects(Connection& c, std::vector<int64_t> project_ids);

// What a dependency shows of its predecessor.
struct MilestoneLabel {
  int64_t id = 0;
  int64_t project_id = 0;
  std::string name;
  std::string project_name;
  domain::Date planned;
};
Result<std::map<int64_t, MilestoneLabel>> MilestoneLabels(Connection& c, const std::vector<int64_t>& ids);

// Milestones whose name or project name contains `q`, in the viewer's scope, newest
// projects first; at most `limit`.
Result<std::vector<MilestoneLabel>> SearchMilestones(Connection& c, const Viewer& viewer, const std::string& q,
                                                     int limit);

// Inserts a milestone (already validated) with version 1. Each predecessor must exist
// (kInvalidArgument "deps[i].predecessor_id" "milestone_not_found"), the responsible org too
// ("responsible_org_id" "org_not_found"); a project holds at most kMaxMilestonesPerProject.
// A position < 0 appends. Call inside Database::Write.
Result<domain::Milestone> CreateMilestone(Connection& c, domain::Milestone m, const std::string& now);

// Replaces the fields and dependencies of milestone `m.id` if its version is still
// `expected_version` (kFailedPrecondition "stale_version" otherwise; its project is kept).
Result<domain::Milestone> UpdateMilestone(Connection& c, const domain::Milestone& m, int64_t expected_version,
                                          const std::string& now);

// Deletes a milestone at `expected_version` and its own dependencies. kConflict
// "milestone_has_successors" when another milestone depends on it.
Status DeleteMilestone(Connection& c, int64_t id, int64_t expected_version);

// Templates, by id.
Result<std::vector<domain::MilestoneTemplate>> ListMilestoneTemplates(Connection& c);
// kNotFound "template_not_found".
Result<domain::MilestoneTemplate> GetMilestoneTemplate(Connection& c, int64_t id);
// Inserts (validated) with version 1; kConflict "template_name_taken" (field "name").
Result<domain::MilestoneTemplate> CreateMilestoneTemplate(Connection& c, domain::MilestoneTemplate t,
                                                          const std::string& now);
// Replaces name and nodes at `expected_version`.
Result<domain::MilestoneTemplate> UpdateMilestoneTemplate(Connection& c, const domain::MilestoneTemplate& t,
                                                          int64_t expected_version, const std::string& now);

// The administrator's additions to the working-day calendar, by date.
Result<std::vector<domain::CalendarDay>> ListCalendarAdditions(Connection& c);
// Replaces all additions.
Status ReplaceCalendarAdditions(Connection& c, const std::vector<domain::CalendarDay>& days, const std::string& now);
// The calendar in force: the built-in State Council days followed by the additions (which win).
Result<domain::WorkCalendar> LoadWorkCalendar(Connection& c);

}  // namespace gongjian::store
