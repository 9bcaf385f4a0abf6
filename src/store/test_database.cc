#include "store/test_database.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <random>

#include "store/migrations.h"

namespace gongjian::store {
namespace {

std::string UniqueSuffix() {
  static std::atomic<int> counter{0};
  std::random_device rd;
  return std::to_string(getpid()) + "_" + std::to_string(counter++) + "_" + std::to_string(rd() % 100000);
}

}  // namespace

std::string EngineParamName(Engine engine) { return std::string(EngineName(engine)); }

std::unique_ptr<TestDatabase> TestDatabase::Create(Engine engine, bool migrate) {
  std::unique_ptr<TestDatabase> t(new TestDatabase());
  if (engine == Engine::kSqlite) {
    t->dir_ = (std::filesystem::temp_directory_path() / ("gongjian_test_" + UniqueSuffix())).string();
    std::filesystem::create_directories(t->dir_);
    t->url_ = "sqlite:" + t->dir_ + "/test.db";
  } else {
    const char* base = std::getenv("GONGJIAN_TEST_PG");
    if (!base || !*base) return nullptr;
    t->admin_url_ = base;
    t->schema_ = "t_" + UniqueSuffix();
    auto admin = Database::Open(t->admin_url_, {.pool_size = 1});
    if (!admin) throw std::runtime_error("cannot reach test PostgreSQL: " + admin.error().ToString());
    Status s = (*admin)->Write([&](Connection& c) { return c.ExecScript("CREATE SCHEMA " + t->schema_); });
    if (!s.ok()) throw std::runtime_error("create schema: " + s.ToString());
    t->url_ = t->admin_url_ + (t->admin_url_.find('?') == std::string::npos ? "?" : "&") +
              "options=-csearch_path%3D" + t->schema_;
  }
  t->Reopen();
  if (migrate) {
    auto m = Migrate(t->db());
    if (!m) throw std::runtime_error("migrate: " + m.error().ToString());
  }
  return t;
}

void TestDatabase::Reopen() {
  auto db = Database::Open(url_, {.pool_size = 4, .busy_timeout = std::chrono::milliseconds(5000)});
  if (!db) throw std::runtime_error("open test database: " + db.error().ToString());
  db_ = std::move(*db);
}

TestDatabase::~TestDatabase() {
  db_.reset();
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  if (!schema_.empty()) {
    auto admin = Database::Open(admin_url_, {.pool_size = 1});
    if (admin) (*admin)->Write([&](Connection& c) { return c.ExecScript("DROP SCHEMA " + schema_ + " CASCADE"); });
  }
}

}  // namespace gongjian::store
