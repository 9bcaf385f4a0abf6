// The gongjian command: serve, migrate, demo, backup, restore, version.
// Options come from flags, then GONGJIAN_* environment variables, then a config file
// (--config, INI/TOML), in that order of precedence.

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include "api/bootstrap.h"
#include "api/cockpit.h"
#include "api/errors.h"
#include "api/login_guard.h"
#include "api/health.h"
#include "api/routes.h"
#include "api/milestones.h"
#include "api/warnings.h"
#include "demo/demo.h"
#include "http/server.h"
#include "io/file_store.h"
#include "auth/crypto.h"
#include "store/audit_repository.h"
#include "store/backup.h"
#include "store/user_repository.h"
#include "store/migrations.h"

namespace gj = gongjian;
using gj::core::Status;

namespace {

struct Options {
  std::string db = "sqlite:data/gongjian.db";
  std::string log_level = "info";
  std::string listen = "127.0.0.1:8080";
  std::string web_root = "web/dist";
  size_t workers = 4;
  size_t io_threads = 1;
  std::string demo_scale = "district";
  uint64_t demo_seed = 1;
  std::string backup_to;
  std::string restore_from;
  std::string key_file = "data/gongjian.key";
  std::string files_dir = "data/files";
  std::string district_name = "本区";
  std::string credentials_file = "data/demo-credentials.json";
  bool secure_cookies = false;
};

// Prints a failure for an operator: the message in Chinese (English when LANG says so)
// and the technical detail.
int Report(const Status& s) {
  const char* lang_env = std::getenv("LANG");
  std::string_view lang = lang_env && std::string_view(lang_env).rfind("en", 0) == 0 ? "en" : "zh";
  std::cerr << "gongjian: " << gj::api::Message(s, lang);
  if (!s.detail().empty()) std::cerr << " (" << s.detail() << ")";
  std::cerr << "\n";
  return 1;
}

gj::core::Result<std::unique_ptr<gj::store::Database>> OpenMigrated(const Options& o, size_t pool) {
  auto db = gj::store::Database::Open(o.db, {.pool_size = pool});
  if (!db) return gj::core::Fail(db.error());
  auto m = gj::store::Migrate(**db);
  if (!m) return gj::core::Fail(m.error());
  if (!m->applied.empty()) spdlog::info("applied {} migration(s); schema at version {}", m->applied.size(), m->current);
  return db;
}

// The crypto known-answer tests, then the key ring from the key file (created on first use).
gj::core::Result<gj::auth::KeyRing> LoadKeys(const Options& o) {
  if (Status s = gj::auth::CryptoSelfTest(); !s.ok()) return gj::core::Fail(s);
  auto master = gj::auth::LoadOrCreateMasterKey(o.key_file);
  if (!master) return gj::core::Fail(master.error());
  gj::auth::KeyRing keys = gj::auth::KeyRing::Derive(*master);
  gj::auth::Cleanse(*master);
  return keys;
}

int Serve(const Options& o) {
  auto colon = o.listen.rfind(':');
  int port = colon == std::string::npos ? -1 : std::atoi(o.listen.c_str() + colon + 1);
  if (port < 0 || port > 65535 || colon == 0) {
    std::cerr << "gongjian: --listen must be HOST:PORT, e.g. 127.0.0.1:8080\n";
    return 2;
  }
  auto keys = LoadKeys(o);
  if (!keys) return Report(keys.error());
  auto db = OpenMigrated(o, o.workers + 1);
  if (!db) return Report(db.error());
  gj::core::SystemClock clock;
  // A database from before the cockpit (or from an older definition of its figures, or another
  // calendar) gets the cockpit's derived figures once, before the first request.
  if (auto built = gj::api::EnsureCockpit(**db, clock); !built) return Report(built.error());
  gj::api::DbMonitor monitor(**db, std::chrono::seconds(2));
  gj::api::LoginGuard guard;
  gj::api::PolicyCache policy;
  auto demo_flag = (*db)->ReadValue<gj::store::Setting>(
      [](gj::store::Connection& c) { return gj::store::GetSetting(c, gj::demo::kDemoSettingKey); });
  gj::api::ApiContext ctx{**db,     clock,   GONGJIAN_VERSION, &monitor, &*keys, &guard, &policy, o.secure_cookies,
                          demo_flag.has_value()};
  gj::io::FileStore file_store(o.files_dir);
  ctx.files = &file_store;
  // Start and milestone warnings depend on the date: recompute at start-up when a day was
  // missed, then after each midnight in China (a cheap check every minute).
  // Overdue problems climb the escalation ladder by rule in the same daily run.
  gj::api::DailyWarningRecompute daily_warnings(**db, clock, std::chrono::minutes(1),
                                                [&keys](std::string_view canonical) { return keys->SignAudit(canonical); });
  auto admins = (*db)->ReadValue<int64_t>([](gj::store::Connection& c) {
    return gj::store::CountUsersWithRole(c, gj::domain::Role::kSystemAdmin);
  });
  if (admins && *admins == 0) {
    spdlog::warn("no administrator account yet: run `gongjian init` to create the three administrators");
  }
  auto files = gj::http::StaticFiles::Load(o.web_root);
  if (!files) return Report(files.error());
  if (files->empty()) spdlog::warn("no web UI at {}: serving the API only (build it with `make web`)", o.web_root);
  gj::http::ServerOptions so;
  so.address = o.listen.substr(0, colon);
  so.port = static_cast<uint16_t>(port);
  so.workers = o.workers;
  so.io_threads = o.io_threads;
  gj::http::Server server(so, gj::api::BuildRouter(ctx), std::move(*files), gj::api::ErrorResponse);
  Status s = server.Run([&](uint16_t bound) {
    std::printf("Gongjian %s serving http://%s:%u  (database %s)\n", GONGJIAN_VERSION, so.address.c_str(), bound,
                (*db)->DisplayUrl().c_str());
    std::fflush(stdout);
  });
  return s.ok() ? 0 : Report(s);
}

int Migrate(const Options& o) {
  auto db = gj::store::Database::Open(o.db, {.pool_size = 1});
  if (!db) return Report(db.error());
  auto m = gj::store::Migrate(**db);
  if (!m) return Report(m.error());
  std::printf("schema at version %d (%zu applied now)\n", m->current, m->applied.size());
  return 0;
}

int Demo(const Options& o) {
  gj::demo::DemoOptions d;
  if (o.demo_scale == "district") d.scale = gj::demo::Scale::kDistrict;
  else if (o.demo_scale == "city") d.scale = gj::demo::Scale::kCity;
  else if (o.demo_scale == "province") d.scale = gj::demo::Scale::kProvince;
  else {
    std::cerr << "gongjian: --scale must be district, city or province\n";
    return 2;
  }
  d.seed = o.demo_seed;
  // The demo's lights are on from the start: every project's warnings once its reports are in.
  d.recompute_warnings = [](gj::store::Connection& c, gj::domain::Date today, const std::string& now) -> Status {
    auto rules = gj::api::LoadActiveRules(c);
    if (!rules) return rules.error();
    auto moved = gj::api::RefreshAllSchedules(c, today);
    if (!moved) return moved.error();
    auto counts = gj::api::RecomputeAllWarnings(c, rules->rules, today, now);
    if (!counts) return counts.error();
    // And the year before, so the 12-month strips have a past.
    auto history = gj::api::BackfillWarningHistory(c, rules->rules, counts->period, 11, now);
    if (!history) return history.error();
    // The cockpit's per-project year figures and approval durations of what was just written.
    auto years = gj::api::RebuildCockpit(c, now);
    return years ? Status::Ok() : years.error();
  };
  auto keys = LoadKeys(o);
  if (!keys) return Report(keys.error());
  auto db = OpenMigrated(o, 1);
  if (!db) return Report(db.error());
  gj::io::FileStore files(o.files_dir);  // the demo's supervision letters, as the server will serve them
  d.files = &files;
  gj::core::SystemClock clock;
  auto started = std::chrono::steady_clock::now();
  auto r = gj::demo::GenerateDemo(**db, d, clock, *keys);
  if (!r) return Report(r.error());
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (r->created) {
    nlohmann::json accounts = nlohmann::json::array();
    for (const auto& c : r->credentials) {
      accounts.push_back({{"username", c.username}, {"password", c.password}, {"role", c.role},
                          {"display_name", c.display_name}, {"org", c.org}});
    }
    std::filesystem::path file(o.credentials_file);
    if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
    {
      std::ofstream out(file, std::ios::trunc);
      ::chmod(file.c_str(), 0600);
      out << nlohmann::json{{"database", (*db)->DisplayUrl()}, {"accounts", accounts}}.dump(2) << "\n";
      if (!out.flush()) {
        std::cerr << "gongjian: cannot write " << o.credentials_file << "\n";
        return 1;
      }
    }
    std::printf("demo district created in %s in %.1f s: %lld organisations, %zu accounts, %lld projects;"
                " sign-in details in %s\n",
                (*db)->DisplayUrl().c_str(), seconds, static_cast<long long>(r->orgs), r->credentials.size(),
                static_cast<long long>(r->projects), o.credentials_file.c_str());
  } else {
    std::printf("%s already holds data; left as it is\n", (*db)->DisplayUrl().c_str());
  }
  return 0;
}

int Init(const Options& o) {
  auto keys = LoadKeys(o);
  if (!keys) return Report(keys.error());
  auto db = OpenMigrated(o, 1);
  if (!db) return Report(db.error());
  gj::core::SystemClock clock;
  auto created = gj::api::InitAdministrators(**db, *keys, clock, o.district_name);
  if (!created) return Report(created.error());
  if (created->empty()) {
    std::printf("%s already has its administrators; nothing changed\n", (*db)->DisplayUrl().c_str());
    return 0;
  }
  std::printf("Administrators created. These one-time passwords are shown once and must be changed at first "
              "sign-in:\n");
  for (const auto& c : *created) {
    std::printf("  %-12s %-16s %s\n", c.username.c_str(), c.role.c_str(), c.password.c_str());
  }
  return 0;
}

int AuditVerify(const Options& o) {
  auto keys = LoadKeys(o);
  if (!keys) return Report(keys.error());
  auto db = gj::store::Database::Open(o.db, {.pool_size = 1});
  if (!db) return Report(db.error());
  auto v = (*db)->ReadValue<gj::store::AuditVerification>([&](gj::store::Connection& c) {
    return gj::store::VerifyAuditChain(c, [&](std::string_view canonical) { return keys->SignAudit(canonical); });
  });
  if (!v) return Report(v.error());
  if (v->first_bad_id) {
    std::printf("audit log TAMPERED: first bad row id %lld (%s); %lld rows checked\n",
                static_cast<long long>(*v->first_bad_id), v->problem.c_str(), static_cast<long long>(v->rows));
    return 3;
  }
  std::printf("audit log intact: %lld rows, chain verified\n", static_cast<long long>(v->rows));
  return 0;
}

std::string SqlitePathOr(const Options& o, int& rc) {
  if (o.db.rfind("sqlite:", 0) == 0) return o.db.substr(7);
  std::cerr << "gongjian: backup and restore here are for SQLite; back up PostgreSQL with pg_dump "
               "(see docs/operations.md)\n";
  rc = 2;
  return {};
}

// Appends an administrative act to the audit chain of the database at o.db.
Status AuditAct(const Options& o, const gj::auth::KeyRing& keys, const std::string& event, nlohmann::json details) {
  auto db = OpenMigrated(o, 1);
  if (!db) return db.error();
  gj::core::SystemClock clock;
  return (*db)->Write([&](gj::store::Connection& c) {
    gj::store::AuditEntry e;
    e.ts_utc = gj::core::FormatTimestamp(clock.Now());
    e.actor_login = "system";
    e.event_type = event;
    e.object_type = "database";
    e.changes = details.dump();
    return gj::store::AppendAudit(c, e, [&](std::string_view canonical) { return keys.SignAudit(canonical); });
  });
}

int Backup(const Options& o) {
  int rc = 0;
  std::string path = SqlitePathOr(o, rc);
  if (rc) return rc;
  auto keys = LoadKeys(o);
  if (!keys) return Report(keys.error());
  Status s = gj::store::BackupSqlite(path, o.backup_to);
  if (!s.ok()) return Report(s);
  s = AuditAct(o, *keys, "system.backup", {{"to", o.backup_to}, {"integrity_check", "ok"}});
  if (!s.ok()) return Report(s);
  std::printf("backed up %s to %s (integrity_check ok)\n", path.c_str(), o.backup_to.c_str());
  return 0;
}

int Restore(const Options& o) {
  int rc = 0;
  std::string path = SqlitePathOr(o, rc);
  if (rc) return rc;
  auto keys = LoadKeys(o);
  if (!keys) return Report(keys.error());
  Status s = gj::store::RestoreSqlite(o.restore_from, path);
  if (!s.ok()) return Report(s);
  // The drill is itself a record (等保: evidence of recent restore tests).
  s = AuditAct(o, *keys, "system.restore", {{"from", o.restore_from}, {"integrity_check", "ok"}});
  if (!s.ok()) return Report(s);
  std::printf("restored %s from %s; the previous file is kept as %s.before-restore\n", path.c_str(),
              o.restore_from.c_str(), path.c_str());
  return 0;
}

void SetUpLogging(const std::string& level) {
  auto logger = spdlog::stderr_color_mt("gongjian");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  logger->set_level(spdlog::level::from_str(level));
  spdlog::set_default_logger(logger);
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App app{"Gongjian (攻坚): the district platform for major investment projects"};
  app.set_config("--config", "", "Config file (INI/TOML) with option values")->envname("GONGJIAN_CONFIG");
  app.add_option("--db", o.db, "Database: sqlite:PATH or postgresql://…")->envname("GONGJIAN_DB")->capture_default_str();
  app.add_option("--files-dir", o.files_dir, "Directory for uploaded attachments, outside the web root")
      ->envname("GONGJIAN_FILES_DIR")
      ->capture_default_str();
  app.add_option("--key-file", o.key_file, "Master key file (created with mode 0600 if absent)")
      ->envname("GONGJIAN_KEY_FILE")
      ->capture_default_str();
  app.add_option("--log-level", o.log_level, "trace, debug, info, warn, error")
      ->envname("GONGJIAN_LOG_LEVEL")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));
  app.require_subcommand(1);

  auto* serve = app.add_subcommand("serve", "Serve the UI and the API");
  serve->add_option("--listen", o.listen, "HOST:PORT")->envname("GONGJIAN_LISTEN")->capture_default_str();
  serve->add_option("--web-root", o.web_root, "Built web UI")->envname("GONGJIAN_WEB_ROOT")->capture_default_str();
  serve->add_option("--workers", o.workers, "Database worker threads")->envname("GONGJIAN_WORKERS")->check(CLI::Range(1, 256));
  serve->add_flag("--secure-cookies", o.secure_cookies, "Behind TLS: Secure, __Host- session cookies")
      ->envname("GONGJIAN_SECURE_COOKIES");
  serve->add_option("--io-threads", o.io_threads, "HTTP I/O threads")->envname("GONGJIAN_IO_THREADS")->check(CLI::Range(1, 64));

  app.add_subcommand("migrate", "Bring the database schema up to date");

  auto* init = app.add_subcommand("init", "Create the three administrators with one-time passwords");
  init->add_option("--district-name", o.district_name, "Name of the district's root organisation")
      ->capture_default_str();

  auto* audit = app.add_subcommand("audit", "Audit log tools");
  audit->add_subcommand("verify", "Check the audit chain; exit 3 and name the first bad row if tampered");
  audit->require_subcommand(1);

  auto* demo = app.add_subcommand("demo", "Create the demo district in an empty database");
  demo->add_option("--scale", o.demo_scale, "district, city or province")->capture_default_str();
  demo->add_option("--seed", o.demo_seed, "Random seed")->capture_default_str();
  demo->add_option("--credentials-file", o.credentials_file, "Where to write the demo accounts (mode 0600)")
      ->capture_default_str();

  auto* backup = app.add_subcommand("backup", "Copy a live SQLite database and check the copy");
  backup->add_option("--to", o.backup_to, "Backup file")->required();

  auto* restore = app.add_subcommand("restore", "Replace the SQLite database with a checked backup (server stopped)");
  restore->add_option("--from", o.restore_from, "Backup file")->required();

  app.add_subcommand("version", "Print the version");

  CLI11_PARSE(app, argc, argv);
  SetUpLogging(o.log_level);

  if (app.got_subcommand("version")) {
    std::printf("gongjian %s\n", GONGJIAN_VERSION);
    return 0;
  }
  if (app.got_subcommand(serve)) return Serve(o);
  if (app.got_subcommand("migrate")) return Migrate(o);
  if (app.got_subcommand(init)) return Init(o);
  if (app.got_subcommand(audit)) return AuditVerify(o);
  if (app.got_subcommand(demo)) return Demo(o);
  if (app.got_subcommand(backup)) return Backup(o);
  if (app.got_subcommand(restore)) return Restore(o);
  return 2;
}
