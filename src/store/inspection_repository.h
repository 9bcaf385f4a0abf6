#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/date.h"
#include "domain/inspection.h"
#include "store/database.h"
#include "store/page.h"
#include "store/project_repository.h"

namespace gongjian::store {

// An inspection (督查/走访) as stored, with the names a list shows beside the ids.
struct Inspection {
  int64_t id = 0;
  domain::InspectionKind kind = domain::InspectionKind::kSupervision;
  domain::Date held_on;
  std::string title;
  std::string people;
  std::optional<int64_t> leader_user_id;
  std::string leader_name;
  std::string findings;
  int64_t created_by = 0;
  std::string created_by_name;
  // Every visited project's id (whatever the reader's scope), ascending.
  std::vector<int64_t> project_ids;
  // The visited projects in the reader's scope, by id: id, name (filled by List/Get, not by writes).
  std::vector<std::pair<int64_t, std::string>> projects;
  int64_t version = 0;
  std::string created_at;
  std::string updated_at;
};

struct InspectionFilter {
  std::optional<domain::InspectionKind> kind;
  std::optional<int64_t> project_id;  // inspections that visited this project
  std::optional<domain::Date> from;   // held on or after
  std::optional<domain::Date> to;     // held on or before
  std::string q;                      // in the title, the people or the findings
};

// The SQL condition keeping the inspections (aliased `i`) the viewer may see: those that visited
// a project in its scope (ProjectScopeSql); everything for scope kAll. Viewer id at $`param`.
std::string InspectionScopeSql(const Viewer& viewer, int param);

// A page of the inspections in scope matching `filter`, newest first (by date, then by id).
Result<Page<Inspection>> ListInspections(Connection& c, const Viewer& viewer, const InspectionFilter& filter,
                                         const PageRequest& page);

// kNotFound "inspection_not_found" when it does not exist or lies outside the viewer's scope.
Result<Inspection> GetInspection(Connection& c, const Viewer& viewer, int64_t id);

// Inserts `i` (version 1) with its visited projects (`i.project_ids`, each an existing project)
// and returns its id.
Result<int64_t> CreateInspection(Connection& c, const Inspection& i, const std::string& now);

// Writes kind, date, title, people, leader, findings and the visited projects (replacing them by
// `i.project_ids`) when the stored version is `i.version` (kFailedPrecondition "stale_version"
// otherwise, kNotFound "inspection_not_found" when it is gone); returns the new version.
Result<int64_t> UpdateInspection(Connection& c, const Inspection& i, const std::string& now);

Status AddInspectionPhoto(Connection& c, int64_t inspection_id, int64_t attachment_id);
// The ids of an inspection's photos (attachments of its visited projects), oldest first.
Result<std::vector<int64_t>> InspectionPhotoIds(Connection& c, int64_t inspection_id);

}  // namespace gongjian::store
