#include "store/database.h"

#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <vector>

#include "store/drivers.h"

namespace gongjian::store {

std::string_view EngineName(Engine engine) {
  return engine == Engine::kSqlite ? "sqlite" : "postgresql";
}

Result<size_t> Connection::QueryEach(std::string_view sql, const Params& params,
                                     const std::function<void(const std::vector<Value>&)>& row) {
  auto r = Query(sql, params);
  if (!r) return core::Fail(std::move(r.error()));
  for (const auto& values : r->rows) row(values);
  return r->size();
}

Result<size_t> Connection::Exec(std::string_view sql, const Params& params) {
  auto r = Query(sql, params);
  if (!r) return core::Fail(std::move(r.error()));
  return r->size();
}

namespace {

using Factory = std::function<Result<std::unique_ptr<Connection>>()>;

// A bounded set of connections created on demand. Checkout blocks while all are busy.
class Pool {
 public:
  Pool(Factory factory, size_t max) : factory_(std::move(factory)), max_(max) {}

  // A connection on loan; returns itself to the pool when destroyed.
  class Lease {
   public:
    Lease(Pool* pool, std::unique_ptr<Connection> c) : pool_(pool), conn_(std::move(c)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (pool_ && conn_) pool_->Return(std::move(conn_));
    }
    Connection& operator*() { return *conn_; }

   private:
    Pool* pool_;
    std::unique_ptr<Connection> conn_;
  };

  Result<Lease> Acquire() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !idle_.empty() || created_ < max_; });
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(c));
    }
    ++created_;
    lock.unlock();
    auto c = factory_();
    if (!c) {
      std::lock_guard relock(mu_);
      --created_;
      cv_.notify_one();
      return core::Fail(std::move(c.error()));
    }
    return Lease(this, std::move(*c));
  }

 private:
  void Return(std::unique_ptr<Connection> c) {
    std::lock_guard lock(mu_);
    if (c->Healthy()) {
      idle_.push_back(std::move(c));
    } else {
      --created_;  // dropped; a fresh one is made on the next Acquire
    }
    cv_.notify_one();
  }

  Factory factory_;
  size_t max_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
  size_t created_ = 0;
};

Status RunInTransaction(Connection& c, bool write, const std::function<Status(Connection&)>& fn) {
  GJ_RETURN_IF_ERROR(c.Begin(write));
  Status s;
  try {
    s = fn(c);
  } catch (...) {
    c.Rollback();
    throw;
  }
  if (!s.ok()) {
    c.Rollback();
    return s;
  }
  Status commit = c.Commit();
  if (!commit.ok()) c.Rollback();
  return commit;
}

class PooledDatabase final : public Database {
 public:
  PooledDatabase(Engine engine, std::string display_url, std::string sqlite_path, Factory writer, Factory reader,
                 size_t pool_size)
      : engine_(engine),
        display_url_(std::move(display_url)),
        sqlite_path_(std::move(sqlite_path)),
        writers_(std::move(writer), engine == Engine::kSqlite ? 1 : pool_size),
        readers_(engine == Engine::kSqlite ? std::make_unique<Pool>(std::move(reader), pool_size) : nullptr) {}

  Engine engine() const override { return engine_; }
  const std::string& DisplayUrl() const override { return display_url_; }
  const std::string& SqlitePath() const override { return sqlite_path_; }

  Status Read(const std::function<Status(Connection&)>& fn) override {
    auto lease = (readers_ ? *readers_ : writers_).Acquire();
    if (!lease) return lease.error();
    return RunInTransaction(**lease, false, fn);
  }

  Status Write(const std::function<Status(Connection&)>& fn) override {
    auto lease = writers_.Acquire();
    if (!lease) return lease.error();
    return RunInTransaction(**lease, true, fn);
  }

  Status Ping() override {
    return Read([](Connection& c) -> Status {
      auto r = c.Query("SELECT 1 AS one");
      return r ? Status::Ok() : r.error();
    });
  }

 private:
  Engine engine_;
  std::string display_url_;
  std::string sqlite_path_;
  Pool writers_;
  std::unique_ptr<Pool> readers_;
};

}  // namespace

std::string RedactUrl(std::string_view url) {
  auto scheme = url.find("://");
  auto at = url.find('@');
  if (scheme == std::string_view::npos || at == std::string_view::npos) return std::string(url);
  auto colon = url.find(':', scheme + 3);
  if (colon == std::string_view::npos || colon > at) return std::string(url);
  return std::string(url.substr(0, colon)) + std::string(url.substr(at));
}

Result<std::unique_ptr<Database>> Database::Open(std::string_view url, DatabaseOptions options) {
  std::unique_ptr<Database> db;
  if (url.rfind("sqlite:", 0) == 0) {
    std::string path(url.substr(7));
    if (path.empty()) return core::Fail(Status::Invalid("db", "db_url_invalid"));
    std::error_code ec;
    auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    auto busy = options.busy_timeout;
    db = std::make_unique<PooledDatabase>(
        Engine::kSqlite, std::string(url), path, [path, busy] { return OpenSqlite(path, false, busy); },
        [path, busy] { return OpenSqlite(path, true, busy); }, options.pool_size);
    // Create the file and switch it to WAL before any reader opens it.
    GJ_FAIL_IF_ERROR(db->Write([](Connection&) { return Status::Ok(); }));
  } else if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    std::string conninfo(url);
    db = std::make_unique<PooledDatabase>(Engine::kPostgres, RedactUrl(url), "",
                                          [conninfo] { return OpenPostgres(conninfo); }, nullptr, options.pool_size);
    GJ_FAIL_IF_ERROR(db->Ping());
  } else {
    return core::Fail(Status::Invalid("db", "db_url_invalid"));
  }
  return db;
}

}  // namespace gongjian::store
