#pragma once

#include "api/context.h"
#include "http/router.h"

namespace gongjian::api {

// Imports of spreadsheets (SPEC §11): upload a project list as xlsx or csv, get a preview of
// what it would create, update or skip with per-cell errors, adjust the sheet, header row and
// column mapping, then apply it in one transaction, all or nothing, audited, refused when the
// data changed since the preview. The contract is in docs/imports.md.
//   POST /api/imports?kind=projects&filename=…   (raw body) → 201 preview
//   GET  /api/imports/{id}                        → the preview, recomputed
//   POST /api/imports/{id}/preview {sheet, header_row, mapping} → 200 preview
//   POST /api/imports/{id}/apply {fingerprint}    → 200 counts; 409 import_stale / import_applied;
//                                                   400 import_has_errors
//   GET  /api/imports/templates/projects          → the template workbook
// Only the uploader sees an import. Business write (kBusinessWrite) is required throughout.
void AddImportRoutes(http::Router& router, const ApiContext& ctx);

}  // namespace gongjian::api
