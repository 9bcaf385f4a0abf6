#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/embedded.h"
#include "store/database.h"

namespace gongjian::store {

// One numbered schema step as it applies to one engine.
struct Migration {
  int version = 0;
  std::string name;      // "init" from "0001_init.sql"
  std::string sql;       // the engine's text: its override if one exists, else the common file
  std::string checksum;  // SM3 of sql
};

// Builds the ordered migration list for `engine` from files named NNNN_name.sql, with
// optional per-engine overrides NNNN_name.sqlite.sql / NNNN_name.postgresql.sql that
// replace the common file for that engine. Fails on a duplicate version or a version
// with no text for this engine.
Result<std::vector<Migration>> PlanMigrations(std::span<const core::EmbeddedFile> files, Engine engine);

// The migrations compiled into this binary (src/store/migrations/).
std::span<const core::EmbeddedFile> EmbeddedMigrations();

struct MigrateReport {
  std::vector<int> applied;  // versions applied by this call
  int current = 0;           // highest version now applied
};

// Brings the schema up to date: all pending migrations and their schema_migrations rows
// run in one transaction, so a failure applies none of them. Fails with kFailedPrecondition, changing nothing,
// when an applied migration's checksum differs from the embedded one or the database
// has a version this binary does not know.
Result<MigrateReport> Migrate(Database& db, std::span<const core::EmbeddedFile> files);

// Migrate with the embedded migrations.
Result<MigrateReport> Migrate(Database& db);

}  // namespace gongjian::store
