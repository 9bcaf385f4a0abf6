#pragma once

#include <string>

#include "api/context.h"
#include "core/status.h"
#include "http/router.h"
#include "store/audit_repository.h"

// Exports to xlsx (issue 8): the standard tables, built on the server from the same filters and the
// same data scope as their JSON lists, and any other list of the UI, built from the rows the UI
// sends. Every workbook has one sheet with a title row, Chinese headers, a frozen header, an
// autofilter over the data rows, money in 万元 (stored exactly to the 分, io::XlsxCell::Money), and
// is written by io::XlsxWriter (rows deflated into a temporary file as they come, flat memory) and
// its bytes are the answer (http::Response holds its body whole), named "<table>_<YYYYMMDD>.xlsx" (China's date) in
// an RFC 5987 attachment. No paging: every matching row is exported.

namespace gongjian::api {

// The export routes:
//   GET  /api/projects/export                  项目清单: GET /api/projects's filters and sort, and
//                                              columns=key,key,… (the list's column keys, in order;
//                                              absent or empty: the standard set; unknown: 400
//                                              naming "columns"). Rows stream from the store.
//   GET  /api/problems/export                  问题台账: GET /api/problems's filters.
//   GET  /api/approvals/export                 审批台账: every item the caller sees (its projects' and
//                                              its departments'), with the desk's filters (status,
//                                              department_org_id, q); view=desk keeps only the items
//                                              of the caller's departments, as the desk lists them.
//   GET  /api/reports/progress-by-unit/export  分单位月度进度表 for year/month (UnitProgressTable).
//   POST /api/export/table                     any list as the UI shows it (see export_table.h).
// The first four are business reads (auth::Action::kBusinessRead: administrators get 404) in the
// caller's data scope; the last is open to every signed-in user, since it holds only what the
// caller sent. Register before the routes with an {id} under the same prefixes: the router takes
// the first route that matches.
void AddExportRoutes(http::Router& router, const ApiContext& ctx);

// The audit log matching `filter` as a workbook (GET /api/audit/export?format=xlsx): at most
// 100,000 rows, newest first, as the CSV export; the export is recorded in the audit log ("audit.export")
// in a write transaction after the workbook is built and before it is sent, so an export that
// could not be recorded is not sent. The caller has checked auth::Action::kAuditExport.
http::Response AuditXlsxResponse(const ApiContext& ctx, const http::Request& request, const store::AuditFilter& filter);

}  // namespace gongjian::api
