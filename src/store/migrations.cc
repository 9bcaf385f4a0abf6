#include "store/migrations.h"

#include <algorithm>
#include <map>

#include "core/clock.h"
#include "core/sm3.h"

namespace gongjian::store {
namespace {

struct FileName {
  int version = 0;
  std::string name;
  std::string engine;  // "", "sqlite" or "postgresql"
};

// Parses "0001_init.sql" / "0001_init.postgresql.sql"; nullopt for anything else.
std::optional<FileName> ParseName(std::string_view file) {
  if (file.size() < 9 || file.substr(file.size() - 4) != ".sql") return std::nullopt;
  file.remove_suffix(4);
  size_t digits = 0;
  while (digits < file.size() && std::isdigit(static_cast<unsigned char>(file[digits]))) ++digits;
  if (digits == 0 || digits >= file.size() || file[digits] != '_') return std::nullopt;
  FileName out;
  out.version = std::stoi(std::string(file.substr(0, digits)));
  std::string_view rest = file.substr(digits + 1);
  for (std::string_view engine : {"sqlite", "postgresql"}) {
    std::string suffix = "." + std::string(engine);
    if (rest.size() > suffix.size() && rest.substr(rest.size() - suffix.size()) == suffix) {
      out.engine = engine;
      rest.remove_suffix(suffix.size());
    }
  }
  out.name = rest;
  return out;
}

constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)";

}  // namespace

Result<std::vector<Migration>> PlanMigrations(std::span<const core::EmbeddedFile> files, Engine engine) {
  struct Texts {
    std::string name;
    std::optional<std::string> common, own;
  };
  std::map<int, Texts> by_version;
  for (const auto& f : files) {
    auto parsed = ParseName(f.name);
    if (!parsed) return core::Fail(Status::Internal("bad migration file name " + std::string(f.name)));
    Texts& t = by_version[parsed->version];
    if (!t.name.empty() && t.name != parsed->name) {
      return core::Fail(Status::Internal("two migrations numbered " + std::to_string(parsed->version)));
    }
    t.name = parsed->name;
    if (parsed->engine.empty()) {
      t.common = std::string(f.data);
    } else if (parsed->engine == EngineName(engine)) {
      t.own = std::string(f.data);
    }
  }
  std::vector<Migration> out;
  for (auto& [version, t] : by_version) {
    const auto& text = t.own ? t.own : t.common;
    if (!text) {
      return core::Fail(Status::Internal("migration " + std::to_string(version) + " has no text for " +
                                         std::string(EngineName(engine))));
    }
    out.push_back({version, t.name, *text, core::Sm3Hex(*text)});
  }
  return out;
}

Result<MigrateReport> Migrate(Database& db, std::span<const core::EmbeddedFile> files) {
  auto plan = PlanMigrations(files, db.engine());
  if (!plan) return core::Fail(std::move(plan.error()));
  MigrateReport report;
  // Serialise concurrent migrators (several servers starting at once) on PostgreSQL;
  // SQLite's BEGIN IMMEDIATE already does.
  Status s = db.Write([&](Connection& c) -> Status {
    if (c.engine() == Engine::kPostgres) {
      auto lock = c.Query("SELECT pg_advisory_xact_lock(727274) AS locked");
      if (!lock) return lock.error();
    }
    GJ_RETURN_IF_ERROR(c.ExecScript(kCreateTable));
    auto applied = c.Query("SELECT version, name, checksum FROM schema_migrations ORDER BY version");
    if (!applied) return applied.error();
    std::map<int, std::string> applied_sums;
    for (size_t i = 0; i < applied->size(); ++i) {
      auto row = applied->Row(i);
      applied_sums[static_cast<int>(row.Int("version"))] = row.Text("checksum");
    }
    for (const auto& [version, sum] : applied_sums) {
      auto it = std::find_if(plan->begin(), plan->end(), [&](const Migration& m) { return m.version == version; });
      if (it == plan->end()) {
        return Status(core::Code::kFailedPrecondition, "migration_unknown", "", {std::to_string(version)});
      }
      if (it->checksum != sum) {
        return Status(core::Code::kFailedPrecondition, "migration_changed", "", {std::to_string(version), it->name});
      }
    }
    for (const auto& m : *plan) {
      if (applied_sums.count(m.version)) continue;
      GJ_RETURN_IF_ERROR(c.ExecScript(m.sql));
      auto ins = c.Query("INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)",
                         {int64_t{m.version}, m.name, m.checksum, core::FormatTimestamp(core::SystemClock().Now())});
      if (!ins) return ins.error();
      report.applied.push_back(m.version);
    }
    report.current = plan->empty() ? 0 : plan->back().version;
    return Status::Ok();
  });
  if (!s.ok()) return core::Fail(std::move(s));
  return report;
}

Result<MigrateReport> Migrate(Database& db) { return Migrate(db, EmbeddedMigrations()); }

}  // namespace gongjian::store
