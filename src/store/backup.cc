#include "store/backup.h"

#include <sqlite3.h>

#include <cstdio>
#include <filesystem>

namespace gongjian::store {
namespace {

struct Handle {
  sqlite3* db = nullptr;
  ~Handle() { sqlite3_close_v2(db); }
};

Status Open(const std::string& path, int flags, Handle& h) {
  if (sqlite3_open_v2(path.c_str(), &h.db, flags, nullptr) != SQLITE_OK) {
    return Status::Unavailable("db_unavailable", "open " + path + ": " + sqlite3_errmsg(h.db));
  }
  sqlite3_busy_timeout(h.db, 5000);
  return Status::Ok();
}

// Copies every page of `from` into `to` with the online backup API.
Status CopyDatabase(sqlite3* from, sqlite3* to) {
  sqlite3_backup* b = sqlite3_backup_init(to, "main", from, "main");
  if (!b) return Status::Internal(std::string("backup init: ") + sqlite3_errmsg(to));
  int rc;
  do {
    rc = sqlite3_backup_step(b, 256);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
  } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) {
    if (rc == SQLITE_FULL) return Status::Unavailable("disk_full", sqlite3_errmsg(to));
    return Status::Internal(std::string("backup step: ") + sqlite3_errstr(rc));
  }
  return Status::Ok();
}

}  // namespace

Status CheckSqliteIntegrity(const std::string& path) {
  if (!std::filesystem::exists(path)) return Status::Invalid("file", "file_not_found", {path});
  Handle h;
  GJ_RETURN_IF_ERROR(Open(path, SQLITE_OPEN_READONLY, h));
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(h.db, "PRAGMA integrity_check", -1, &s, nullptr) != SQLITE_OK) {
    return Status(core::Code::kInvalidArgument, "backup_corrupt", "file", {path}).WithDetail(sqlite3_errmsg(h.db));
  }
  std::string answer;
  if (sqlite3_step(s) == SQLITE_ROW) answer = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
  sqlite3_finalize(s);
  if (answer != "ok") {
    return Status(core::Code::kInvalidArgument, "backup_corrupt", "file", {path}).WithDetail(answer);
  }
  return Status::Ok();
}

Status BackupSqlite(const std::string& db_path, const std::string& to_path) {
  if (!std::filesystem::exists(db_path)) return Status::Invalid("db", "file_not_found", {db_path});
  std::string tmp = to_path + ".partial";
  std::filesystem::remove(tmp);
  {
    Handle from, to;
    GJ_RETURN_IF_ERROR(Open(db_path, SQLITE_OPEN_READONLY, from));
    GJ_RETURN_IF_ERROR(Open(tmp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, to));
    Status s = CopyDatabase(from.db, to.db);
    if (!s.ok()) {
      std::filesystem::remove(tmp);
      return s;
    }
  }
  Status check = CheckSqliteIntegrity(tmp);
  if (!check.ok()) {
    std::filesystem::remove(tmp);
    return check;
  }
  std::error_code ec;
  std::filesystem::rename(tmp, to_path, ec);
  if (ec) return Status::Internal("rename backup: " + ec.message());
  return Status::Ok();
}

Status RestoreSqlite(const std::string& from_path, const std::string& db_path) {
  GJ_RETURN_IF_ERROR(CheckSqliteIntegrity(from_path));
  std::error_code ec;
  if (std::filesystem::exists(db_path)) {
    std::filesystem::copy_file(db_path, db_path + ".before-restore",
                               std::filesystem::copy_options::overwrite_existing, ec);
    if (ec) return Status::Internal("keep previous database: " + ec.message());
  }
  Handle from, to;
  GJ_RETURN_IF_ERROR(Open(from_path, SQLITE_OPEN_READONLY, from));
  GJ_RETURN_IF_ERROR(Open(db_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, to));
  GJ_RETURN_IF_ERROR(CopyDatabase(from.db, to.db));
  return Status::Ok();
}

}  // namespace gongjian::store
