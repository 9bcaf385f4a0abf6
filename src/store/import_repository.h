#pragma once

#include <cstdint>
#include <optional>
#include <map>
#include <string>
#include <unordered_map>

#include "store/database.h"
#include "store/project_repository.h"

namespace gongjian::store {

// An uploaded spreadsheet being imported (migration 0020).
struct ImportRecord {
  int64_t id = 0;
  std::string kind;  // "projects" or "reports"
  std::string file_name;
  std::string file_key;  // in the file store
  std::string file_sm3;
  int64_t file_size = 0;
  std::string period;  // "2026-10" for reports; empty for projects
  int sheet = 0;
  std::optional<int32_t> header_line;  // the user's choice of header row; nullopt: detected
  std::string mapping = "{}";          // JSON {"<column>": "<field>" | null}: the user's overrides
  std::string fingerprint;             // of the last preview
  std::string status = "previewed";    // or "applied"
  std::string result = "{}";           // JSON counts once applied
  int64_t created_by = 0;
  std::string created_at;
  std::string applied_at;
};

// Inserts `record` and returns it with its id.
Result<ImportRecord> CreateImport(Connection& c, const ImportRecord& record);

// The import `id` created by `user_id`; kNotFound "import_not_found" when absent or another's.
Result<ImportRecord> GetImport(Connection& c, int64_t id, int64_t user_id);

// Saves the preview choices and fingerprint of a previewed import.
core::Status SavePreviewChoices(Connection& c, const ImportRecord& record);

// Marks a previewed import applied with its result; kConflict "import_applied" when it was
// already applied (by a concurrent request).
core::Status MarkImportApplied(Connection& c, int64_t id, const std::string& result, const std::string& applied_at);

// A project as an import matches it: by national code or name.
struct ProjectKey {
  int64_t id = 0;
  std::string national_code;
  std::string name;
};

// The id, code and name of every project in the viewer's scope (one light query, so a preview
// loads in full only the projects its rows name).
Result<std::vector<ProjectKey>> ProjectKeys(Connection& c, const Viewer& viewer);

// Every project's national code (those that have one) → its id, whatever the scope: an import
// must not create a second project under a code another unit's project holds.
Result<std::unordered_map<std::string, int64_t>> ProjectIdsByNationalCode(Connection& c);

// Every organisation's name → its ids (names are unique only under one parent).
Result<std::multimap<std::string, int64_t>> OrgIdsByName(Connection& c);

}  // namespace gongjian::store
