#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "store/value.h"

namespace gongjian::store {

using core::Result;
using core::Status;

enum class Engine { kSqlite, kPostgres };
std::string_view EngineName(Engine engine);  // "sqlite" or "postgresql"

// The URL without its password: postgresql://user:secret@host/db -> postgresql://user@host/db.
std::string RedactUrl(std::string_view url);

// One open connection to the database. Not thread-safe: a connection is used by one
// thread at a time, handed out by Database.
//
// SQL text is shared by both engines: parameters are written $1..$N. Database errors are
// translated to Status: a unique violation is kConflict "duplicate" (detail names the
// constraint), a busy/locked database, lost connection or full disk is kUnavailable, and
// anything else is kInternal with the driver's message as detail.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual Engine engine() const = 0;

  // Runs one statement and returns its rows (empty for statements without RETURNING).
  virtual Result<ResultSet> Query(std::string_view sql, const Params& params = {}) = 0;
  // Runs one statement and calls `row` with each row's values (in the SELECT's column order;
  // valid during the call only), returning how many there were: for large answers, where
  // keeping every row would cost more than using it. SQLite streams the rows through one
  // reused buffer; PostgreSQL fetches them from a cursor 1,000 at a time (in a transaction, as
  // every Database connection is). `row` may run other statements on this connection.
  virtual Result<size_t> QueryEach(std::string_view sql, const Params& params,
                                   const std::function<void(const std::vector<Value>&)>& row);
  // Runs a script of several statements without parameters (migrations).
  virtual Status ExecScript(std::string_view sql) = 0;
  // False when the connection is broken and must be replaced.
  virtual bool Healthy() = 0;

  // Transaction control, used by Database; write=true takes the write lock at once.
  virtual Status Begin(bool write) = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;

  // Shorthand: runs `sql`, returns the number of rows it returned.
  Result<size_t> Exec(std::string_view sql, const Params& params = {});
};

struct DatabaseOptions {
  // Connections kept per pool; one per worker thread is enough.
  size_t pool_size = 4;
  // How long a write waits for a lock before failing with kUnavailable.
  std::chrono::milliseconds busy_timeout{5000};
};

// A thread-safe handle to the database: a pool of connections and the transaction
// discipline. For SQLite there is one writer connection (writes queue for it) and up to
// pool_size read-only readers; for PostgreSQL one pool serves both.
class Database {
 public:
  virtual ~Database() = default;

  // Opens "sqlite:PATH" (the file is created if absent) or "postgresql://…"/"postgres://…".
  static Result<std::unique_ptr<Database>> Open(std::string_view url, DatabaseOptions options = {});

  virtual Engine engine() const = 0;
  // The URL with any password removed, for logs and the health endpoint.
  virtual const std::string& DisplayUrl() const = 0;
  // For SQLite: the database file path; empty for PostgreSQL.
  virtual const std::string& SqlitePath() const = 0;

  // Runs `fn` in a read-only transaction and returns its Status.
  virtual Status Read(const std::function<Status(Connection&)>& fn) = 0;
  // Runs `fn` in a write transaction (BEGIN IMMEDIATE on SQLite); commits when `fn`
  // returns ok and rolls back otherwise (also when it throws, then rethrows). An
  // acknowledged commit is durable (synchronous=FULL on SQLite).
  virtual Status Write(const std::function<Status(Connection&)>& fn) = 0;
  // Checks that the database answers a trivial query.
  virtual Status Ping() = 0;

  template <typename T>
  Result<T> ReadValue(const std::function<Result<T>(Connection&)>& fn) {
    return Run<T>(fn, false);
  }
  template <typename T>
  Result<T> WriteValue(const std::function<Result<T>(Connection&)>& fn) {
    return Run<T>(fn, true);
  }

 private:
  template <typename T>
  Result<T> Run(const std::function<Result<T>(Connection&)>& fn, bool write) {
    std::optional<T> out;
    auto body = [&](Connection& c) -> Status {
      auto r = fn(c);
      if (!r) return std::move(r.error());
      out = std::move(*r);
      return Status::Ok();
    };
    Status s = write ? Write(body) : Read(body);
    if (!s.ok()) return core::Fail(std::move(s));
    return std::move(*out);
  }
};

}  // namespace gongjian::store
