#pragma once

#include <string>

#include "core/status.h"

namespace gongjian::store {

using core::Status;

// Copies the live SQLite database at `db_path` to `to_path` with the online backup API
// (safe while the server writes), then runs PRAGMA integrity_check on the copy. The copy
// is written to a temporary name and renamed only once it checked out, so `to_path`
// never holds a half-written backup. PostgreSQL is backed up with pg_dump (docs/operations.md).
Status BackupSqlite(const std::string& db_path, const std::string& to_path);

// Replaces the database at `db_path` with the backup at `from_path` after checking the
// backup's integrity. The server must be stopped. The previous file is kept as
// `db_path.before-restore`.
Status RestoreSqlite(const std::string& from_path, const std::string& db_path);

// Runs PRAGMA integrity_check on a SQLite file; ok when it answers "ok".
Status CheckSqliteIntegrity(const std::string& path);

}  // namespace gongjian::store
