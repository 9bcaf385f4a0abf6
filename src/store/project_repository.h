#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/account.h"
#include "domain/project.h"
#include "store/database.h"
#include "store/page.h"

namespace gongjian::store {

// Whose data scope a query runs in: the user's id and scope kind. The scope itself is
// resolved in SQL (see scope.h). A project is in scope when any organisation it is bound
// to (owner, town, agency, responsible units) lies in the user's scope, or when the user
// is its 包联领导.
struct Viewer {
  int64_t user_id = 0;
  domain::ScopeKind scope = domain::ScopeKind::kOwn;
};

struct ProjectFilter {
  std::string q;                          // full text over name, short name, content, address, code
  std::vector<domain::Stage> stages;      // any of; empty matches all
  std::optional<domain::ProjectCategory> category;
  std::optional<domain::ProjectLevel> level;
  std::optional<int64_t> town_org_id;
  std::optional<int64_t> responsible_org_id;
  std::optional<int64_t> owner_org_id;
  std::optional<int64_t> leader_user_id;
  std::string tag;
  std::optional<int> year;  // planned construction period overlaps this year
  std::vector<std::string> warning_colours;  // any of "red", "yellow", "green" (as last computed); empty matches all
};

// Sort keys a client may ask for; ties are broken by id in the same direction.
enum class ProjectSort { kId, kName, kTotalInvestment, kPlannedStart, kPlannedCompletion, kUpdatedAt, kStage, kLevel };
std::optional<ProjectSort> ParseProjectSort(std::string_view name);

struct ProjectOrder {
  ProjectSort key = ProjectSort::kId;
  bool descending = true;
};

// A project with the names a list or a page shows beside the ids.
struct ProjectView {
  domain::Project project;
  std::string town_name;
  std::string owner_name;
  std::string agency_name;
  std::string leader_name;
  std::vector<std::string> responsible_names;  // parallel to project.responsible_org_ids
  std::string warning_colour = "green";        // 红黄绿灯 as last computed
  std::string created_at;
  std::string updated_at;
};

// The SQL condition keeping the projects (aliased `p`) in the viewer's scope, with the
// viewer's user id bound to parameter $`param`. For other repositories' scoped queries.
std::string ProjectScopeSql(const Viewer& viewer, int param);

// One page of the projects in the viewer's scope matching `filter`. Items carry the
// summary fields and names; funds and responsible units are loaded too.
Result<Page<ProjectView>> ListProjects(Connection& c, const Viewer& viewer, const ProjectFilter& filter,
                                       const ProjectOrder& order, const PageRequest& page);

// The projects with these ids, fully loaded, ordered by id; ids that do not exist are left out.
// No scope check: the caller chose the ids from a scoped query (imports).
Result<std::vector<ProjectView>> ProjectsByIds(Connection& c, const std::vector<int64_t>& ids);

// Every project in scope matching `filter`, fully loaded, ordered by id (exports, maps).
Result<std::vector<ProjectView>> ListAllProjects(Connection& c, const Viewer& viewer, const ProjectFilter& filter);

// Every project in scope matching `filter`, in `order` (the list's), handed to `each` one at a
// time without keeping them: for exports of any size. The rows stream from one query (a cursor
// on PostgreSQL), so memory stays flat whatever their number (see Connection::QueryEach). With
// `with_children`, responsible units and tags are loaded too (funds never are): on SQLite one
// query each per 256 projects, on PostgreSQL aggregated into the same statement. The view passed
// to `each` is valid during the call only. Stops calling `each` once it fails and returns its
// Status; else the number of projects.
Result<int64_t> ForEachProject(Connection& c, const Viewer& viewer, const ProjectFilter& filter,
                               const ProjectOrder& order, bool with_children,
                               const std::function<Status(const ProjectView&)>& each);

// A project as a point on the map.
struct ProjectPoint {
  int64_t id = 0;
  std::string name;
  domain::Stage stage = domain::Stage::kPlanning;
  domain::ProjectCategory category = domain::ProjectCategory::kIndustry;
  domain::Fen total_investment = 0;
  double longitude = 0;
  double latitude = 0;
  std::string town_name;
  std::string owner_name;
  std::string warning_colour = "green";
};

// What the portfolio Gantt (挂图作战) draws of a project: one row.
struct ProjectBar {
  int64_t id = 0;
  std::string name;
  domain::Stage stage = domain::Stage::kPlanning;
  std::string warning_colour = "green";
  std::optional<domain::Date> planned_start;
  std::optional<domain::Date> planned_completion;
  std::optional<domain::Date> actual_start;
  std::optional<domain::Date> actual_completion;
};

// A page of the projects in scope matching `filter`, by planned start (those without one last,
// then by id): only the columns a Gantt row draws, so 2,000 rows load without their details.
Result<Page<ProjectBar>> ListProjectBars(Connection& c, const Viewer& viewer, const ProjectFilter& filter,
                                         const PageRequest& page);

// The projects in scope matching `filter` that have coordinates, ordered by id: only the
// columns a map draws, so a province's 50,000 points load without their details.
Result<std::vector<ProjectPoint>> ListProjectPoints(Connection& c, const Viewer& viewer, const ProjectFilter& filter);

// The project, fully loaded; kNotFound "project_not_found" when absent or out of scope.
Result<ProjectView> GetProject(Connection& c, const Viewer& viewer, int64_t id);

// Validates `project` and the organisations and leader it refers to, inserts it in the
// planning stage with version 1, and records its "create" event by `user_id`. Call inside
// Database::Write. kInvalidArgument naming the field; kConflict "national_code_taken".
Result<ProjectView> CreateProject(Connection& c, domain::Project project, int64_t user_id, const std::string& now);

// Replaces the editable fields of project `project.id` (its life-cycle state is kept) if
// its version is still `expected_version`; kFailedPrecondition "stale_version" otherwise.
Result<ProjectView> UpdateProject(Connection& c, const Viewer& viewer, const domain::Project& project,
                                  int64_t expected_version, const std::string& now);

// Writes a new life-cycle state (and actual dates) if the version is still
// `expected_version`. The caller has checked the transition with domain::ApplyTransition.
Result<ProjectView> SaveLifecycle(Connection& c, const Viewer& viewer, const domain::Project& project,
                                  int64_t expected_version, const std::string& now);

// An entry of a project's timeline.
struct ProjectEvent {
  int64_t id = 0;
  int64_t project_id = 0;
  std::string kind;    // "create", "edit", "transition"
  std::string action;  // the transition action's name, for transitions
  std::optional<domain::LifecycleState> from;
  std::optional<domain::LifecycleState> to;
  std::string reason;
  std::optional<domain::Date> date;
  std::optional<int64_t> user_id;
  std::string user_name;
  std::string changes = "{}";  // JSON text: {field: [before, after]} for edits
  std::string created_at;
};

// Appends an event and returns its id.
Result<int64_t> AppendProjectEvent(Connection& c, const ProjectEvent& event);

// The project's events, newest first.
Result<std::vector<ProjectEvent>> ListProjectEvents(Connection& c, int64_t project_id);

struct Attachment {
  int64_t id = 0;
  int64_t project_id = 0;
  std::optional<int64_t> event_id;
  std::string filename;
  std::string content_type;
  int64_t size = 0;
  std::string sm3;
  std::string storage_key;
  std::optional<std::string> thumbnail_key;
  std::optional<int64_t> created_by;
  std::string user_name;
  std::string created_at;
};

// Inserts an attachment's metadata (the file is already stored) and returns it with its id.
Result<Attachment> CreateAttachment(Connection& c, Attachment attachment);
// kNotFound "attachment_not_found" when absent.
Result<Attachment> GetAttachment(Connection& c, int64_t id);
Result<std::vector<Attachment>> ListAttachments(Connection& c, int64_t project_id);
// Binds the attachments to an event. Each must belong to the project and be unbound:
// kInvalidArgument field "attachment_ids" otherwise.
Status BindAttachments(Connection& c, int64_t project_id, int64_t event_id, const std::vector<int64_t>& ids);

// Display names of the accounts holding the leader role, for the 包联领导 choice.
struct NamedUser {
  int64_t id = 0;
  std::string display_name;
};
Result<std::vector<NamedUser>> ListLeaders(Connection& c);

}  // namespace gongjian::store
