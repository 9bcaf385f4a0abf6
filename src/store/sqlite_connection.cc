#include <sqlite3.h>

#include <cstdlib>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/drivers.h"

namespace gongjian::store {
namespace {

Status Translate(sqlite3* db, int rc, std::string_view what) {
  std::string detail = std::string(what) + ": " + sqlite3_errmsg(db);
  switch (rc & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::Unavailable("db_busy", detail);
    case SQLITE_FULL:
      return Status::Unavailable("disk_full", detail);
    case SQLITE_READONLY:
      return Status::Internal("write on a read-only connection: " + detail);
    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return Status::Conflict("duplicate").WithDetail(detail);
      }
      if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) {
        return Status::Conflict("reference_violation").WithDetail(detail);
      }
      return Status::Internal(detail);
    default:
      return Status::Internal(detail);
  }
}

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  Engine engine() const override { return Engine::kSqlite; }
  bool Healthy() override { return true; }

  Result<ResultSet> Query(std::string_view sql, const Params& params) override {
    auto stmt = Prepare(sql);
    if (!stmt) return core::Fail(std::move(stmt.error()));
    sqlite3_stmt* s = *stmt;
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    GJ_FAIL_IF_ERROR(Bind(s, sql, params));
    ResultSet out;
    int ncol = sqlite3_column_count(s);
    out.columns.reserve(ncol);
    for (int i = 0; i < ncol; ++i) out.columns.emplace_back(sqlite3_column_name(s, i));
    for (;;) {
      int rc = sqlite3_step(s);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        Status err = Translate(db_, sqlite3_extended_errcode(db_), "step");
        sqlite3_reset(s);
        return core::Fail(std::move(err));
      }
      std::vector<Value> row;
      row.reserve(ncol);
      for (int i = 0; i < ncol; ++i) row.push_back(Column(s, i));
      out.rows.push_back(std::move(row));
    }
    sqlite3_reset(s);
    return out;
  }

  Result<size_t> QueryEach(std::string_view sql, const Params& params,
                           const std::function<void(const std::vector<Value>&)>& each) override {
    auto stmt = Prepare(sql);
    if (!stmt) return core::Fail(std::move(stmt.error()));
    sqlite3_stmt* s = *stmt;
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    GJ_FAIL_IF_ERROR(Bind(s, sql, params));
    const int ncol = sqlite3_column_count(s);
    std::vector<Value> row(ncol);
    size_t n = 0;
    for (;; ++n) {
      int rc = sqlite3_step(s);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        Status err = Translate(db_, sqlite3_extended_errcode(db_), "step");
        sqlite3_reset(s);
        return core::Fail(std::move(err));
      }
      for (int i = 0; i < ncol; ++i) ColumnInto(s, i, row[i]);
      each(row);
    }
    sqlite3_reset(s);
    return n;
  }

  Status ExecScript(std::string_view sql) override {
    std::string text(sql);
    char* err = nullptr;
    int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
    if (err) sqlite3_free(err);
    if (rc != SQLITE_OK) return Translate(db_, sqlite3_extended_errcode(db_), "exec");
    return Status::Ok();
  }

  Status Begin(bool write) override { return ExecScript(write ? "BEGIN IMMEDIATE" : "BEGIN"); }
  Status Commit() override { return ExecScript("COMMIT"); }
  Status Rollback() override {
    if (sqlite3_get_autocommit(db_)) return Status::Ok();  // already rolled back by SQLite
    return ExecScript("ROLLBACK");
  }

 private:
  Result<sqlite3_stmt*> Prepare(std::string_view sql) {
    std::string key(sql);
    if (auto it = statements_.find(key); it != statements_.end()) return it->second;
    sqlite3_stmt* s = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v3(db_, key.data(), static_cast<int>(key.size()), SQLITE_PREPARE_PERSISTENT, &s,
                                &tail);
    if (rc != SQLITE_OK) return core::Fail(Translate(db_, rc, "prepare: " + key));
    statements_.emplace(std::move(key), s);
    return s;
  }

  // The "$N" of each SQLite parameter index, read from the SQL text: SQLite numbers named
  // parameters by first appearance outside string literals and quoted names. Empty when the
  // text has other kinds of parameter or comments, so that the caller asks SQLite instead.
  // Linear in the text, where sqlite3_bind_parameter_name is linear per call (quadratic for
  // a statement with a thousand parameters).
  static std::vector<size_t> ParameterNumbers(std::string_view sql) {
    std::vector<size_t> out;
    std::vector<bool> seen;
    char quote = 0;
    for (size_t i = 0; i < sql.size(); ++i) {
      const char ch = sql[i];
      if (quote) {
        if (ch == quote) quote = 0;  // a doubled quote re-enters at once: still inside
        continue;
      }
      if (ch == '\'' || ch == '"') {
        quote = ch;
      } else if (ch == '?' || ch == ':' || ch == '@' || (ch == '-' && i + 1 < sql.size() && sql[i + 1] == '-') ||
                 (ch == '/' && i + 1 < sql.size() && sql[i + 1] == '*')) {
        return {};
      } else if (ch == '$') {
        size_t n = 0;
        size_t j = i + 1;
        while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9' && n < 1'000'000) n = n * 10 + (sql[j++] - '0');
        if (j == i + 1) return {};
        if (n >= seen.size()) seen.resize(n + 1, false);
        if (!seen[n]) {
          seen[n] = true;
          out.push_back(n);
        }
        i = j - 1;
      }
    }
    return out;
  }

  // SQLite numbers "$N" parameters by first appearance, so bind by name, never position.
  Status Bind(sqlite3_stmt* s, std::string_view sql, const Params& params) {
    int count = sqlite3_bind_parameter_count(s);
    std::vector<size_t> numbers = ParameterNumbers(sql);
    if (numbers.size() != static_cast<size_t>(count)) numbers.clear();
    for (int i = 1; i <= count; ++i) {
      size_t n = 0;
      if (!numbers.empty()) {
        n = numbers[static_cast<size_t>(i - 1)];
      } else {
        const char* name = sqlite3_bind_parameter_name(s, i);
        if (!name || name[0] != '$') return Status::Internal("only $N parameters are allowed");
        n = std::strtoul(name + 1, nullptr, 10);
      }
      if (n == 0 || n > params.size()) {
        return Status::Internal("parameter $" + std::to_string(n) + " has no value");
      }
      const Value& v = params[n - 1];
      int rc = SQLITE_OK;
      if (auto* iv = std::get_if<int64_t>(&v)) {
        rc = sqlite3_bind_int64(s, i, *iv);
      } else if (auto* dv = std::get_if<double>(&v)) {
        rc = sqlite3_bind_double(s, i, *dv);
      } else if (auto* sv = std::get_if<std::string>(&v)) {
        rc = sqlite3_bind_text64(s, i, sv->data(), sv->size(), SQLITE_STATIC, SQLITE_UTF8);
      } else {
        rc = sqlite3_bind_null(s, i);
      }
      if (rc != SQLITE_OK) return Translate(db_, rc, "bind");
    }
    return Status::Ok();
  }

  static Value Column(sqlite3_stmt* s, int i) {
    Value v;
    ColumnInto(s, i, v);
    return v;
  }

  // Column i of the current row into `into`, reusing a string's storage for text.
  static void ColumnInto(sqlite3_stmt* s, int i, Value& into) {
    switch (sqlite3_column_type(s, i)) {
      case SQLITE_INTEGER: into = static_cast<int64_t>(sqlite3_column_int64(s, i)); return;
      case SQLITE_FLOAT: into = sqlite3_column_double(s, i); return;
      case SQLITE_NULL: into = std::monostate{}; return;
      default: break;
    }
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, i));
    const auto size = static_cast<size_t>(sqlite3_column_bytes(s, i));
    if (auto* text = std::get_if<std::string>(&into)) {
      text->assign(p ? p : "", size);
    } else {
      into = std::string(p ? p : "", size);
    }
  }

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

}  // namespace

Result<std::unique_ptr<Connection>> OpenSqlite(const std::string& path, bool read_only,
                                               std::chrono::milliseconds busy_timeout) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_NOMUTEX | (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string detail = "open " + path + ": " + (db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close_v2(db);
    return core::Fail(Status::Unavailable("db_unavailable", detail));
  }
  sqlite3_extended_result_codes(db, 1);
  auto conn = std::make_unique<SqliteConnection>(db);
  std::string pragmas = "PRAGMA busy_timeout=" + std::to_string(busy_timeout.count()) +
                        ";PRAGMA foreign_keys=ON;PRAGMA secure_delete=ON;PRAGMA trusted_schema=OFF;"
                        // A 16 MiB page cache per connection keeps a list query's hot pages. No
                        // memory map: whenever another connection has written, SQLite unmaps the
                        // whole file before its next read (pagerBeginReadTransaction), and
                        // unmapping the pages a connection touched, then faulting them back in,
                        // cost more than reading them (a session lookup right after a write took
                        // 2.3–2.6 ms mapped, 1.0 ms not; warm list queries are the same either way).
                        "PRAGMA mmap_size=0;PRAGMA cache_size=-16384;";
  if (!read_only) pragmas += "PRAGMA journal_mode=WAL;PRAGMA synchronous=FULL;";
  GJ_FAIL_IF_ERROR(conn->ExecScript(pragmas));
  return std::unique_ptr<Connection>(std::move(conn));
}

}  // namespace gongjian::store
