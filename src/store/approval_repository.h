#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/approval.h"
#include "store/database.h"
#include "store/page.h"
#include "store/project_repository.h"

namespace gongjian::store {

// Pre-construction approvals (前期手续, SPEC §6): templates and each project's items.

// Templates by id, items in order.
Result<std::vector<domain::ApprovalTemplate>> ListApprovalTemplates(Connection& c);
// kNotFound "approval_template_not_found".
Result<domain::ApprovalTemplate> GetApprovalTemplate(Connection& c, int64_t id);

// Every organisation of kind department, for resolving template department names.
Result<std::vector<domain::DepartmentName>> DepartmentOrgs(Connection& c);

// A project's items, by position.
Result<std::vector<domain::ApprovalItem>> ListApprovals(Connection& c, int64_t project_id);
// kNotFound "approval_not_found".
Result<domain::ApprovalItem> GetApproval(Connection& c, int64_t id);

// Inserts an item (already validated) with version 1. The department must be an organisation
// ("department_org_id" "org_not_found"); the attachment one of the item's project
// ("attachment_id" "attachment_not_usable"); a project holds at most kMaxApprovalsPerProject
// ("name" "too_many"). A position < 0 appends. Call inside Database::Write.
Result<domain::ApprovalItem> CreateApproval(Connection& c, domain::ApprovalItem a, const std::string& now);

// Replaces the fields of item `a.id` (its project is kept) if its version is still
// `expected_version` (kFailedPrecondition "stale_version" otherwise), with the checks of
// CreateApproval.
Result<domain::ApprovalItem> UpdateApproval(Connection& c, const domain::ApprovalItem& a, int64_t expected_version,
                                            const std::string& now);

// Deletes an item at `expected_version`.
Status DeleteApproval(Connection& c, int64_t id, int64_t expected_version);

// An item with what lists show beside it.
struct ApprovalRow {
  domain::ApprovalItem item;
  std::string project_name;
  std::string department_name;  // empty without a department
  bool project_visible = false;  // the project lies in the viewer's data scope (lists only)
};

// Who sees an item: the viewer's projects (their data scope) and the items whose approving
// department lies in their scope (a department's staff see the items they approve).
// The items that may count in year `year`'s analytics as of `as_of` (see engine/approval_stats.h):
// applied on or before as_of, in progress or obtained, not approved before 1 January; in no
// particular order. Only
// what the statistics read is filled in (no document number, note, file or project name). One
// query over two index walks, plus one for the departments' names.
Result<std::vector<ApprovalRow>> ApprovalsForYear(Connection& c, const Viewer& viewer, int year, domain::Date as_of);

// Items in progress with a time limit visible to `viewer`; with `department_org_id`, only that
// department's. By department, then application date. One query.
Result<std::vector<ApprovalRow>> OpenApprovals(Connection& c, const Viewer& viewer,
                                               std::optional<int64_t> department_org_id = std::nullopt);

// Item `id` with its names as `viewer` sees them (no scope check: the caller decides who may read
// it). kNotFound "approval_not_found".
Result<ApprovalRow> GetApprovalRow(Connection& c, const Viewer& viewer, int64_t id);

// What a department's desk (本部门审批事项) lists.
struct DeskFilter {
  std::optional<domain::ApprovalStatus> status;
  std::optional<int64_t> department_org_id;
  std::string q;  // part of the project's or the item's name; LIKE wildcards match literally
};

// A page of the items whose approving department lies in `viewer`'s data scope (whatever the
// project's scope), matching `filter`: open items first by application date (the longest waiting
// first), then the others, newest first. project_visible says whether the caller may open the project.
Result<Page<ApprovalRow>> DepartmentApprovals(Connection& c, const Viewer& viewer, const DeskFilter& filter,
                                              const PageRequest& page);

// The approval ledger (审批台账): every item `viewer` sees (its projects' items and its
// departments' items, as GetApprovalRow's callers decide) matching `filter`, by project and then
// the item's position; with `department_only`, only the items whose approving department lies in
// the viewer's scope, in the desk's order (DepartmentApprovals). Handed to `each` one at a time
// from one streamed query (flat memory on SQLite; PostgreSQL's driver reads the answer whole
// first), valid during the call only. Stops calling `each` once it fails and returns its Status;
// else the number of items.
Result<int64_t> ForEachApproval(Connection& c, const Viewer& viewer, const DeskFilter& filter, bool department_only,
                                const std::function<Status(const ApprovalRow&)>& each);

// Whether `viewer` sees item `id` through its approving department (the SQL scope filter on the
// department), regardless of the project's scope.
Result<bool> DepartmentInScope(Connection& c, const Viewer& viewer, int64_t department_org_id);

}  // namespace gongjian::store
