#pragma once

#include <memory>
#include <string>

#include "store/database.h"

namespace gongjian::store {

// A throwaway database for one test: a new SQLite file in a temporary directory, or a new
// schema in the PostgreSQL named by the environment variable GONGJIAN_TEST_PG (a URL).
// Dropped when destroyed.
class TestDatabase {
 public:
  // nullptr when the engine is not available here (PostgreSQL without GONGJIAN_TEST_PG).
  static std::unique_ptr<TestDatabase> Create(Engine engine, bool migrate = true);
  ~TestDatabase();

  Database& db() { return *db_; }
  // The URL that opens this same database, e.g. for a server under test.
  const std::string& url() const { return url_; }
  // Closes the pooled connections (the data stays).
  void Close() { db_.reset(); }
  // Opens it again after Close().
  void Reopen();

 private:
  TestDatabase() = default;
  std::unique_ptr<Database> db_;
  std::string url_;
  std::string dir_;     // SQLite: the temporary directory
  std::string schema_;  // PostgreSQL: the schema
  std::string admin_url_;
};

// Test-name suffix for a parameterised test over engines: "sqlite" / "postgresql".
std::string EngineParamName(Engine engine);

}  // namespace gongjian::store
