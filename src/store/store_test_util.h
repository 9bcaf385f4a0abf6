#pragma once

// Shared by the store tests: a fixture parameterised over both engines.

#include <gtest/gtest.h>

#include "store/test_database.h"

namespace gongjian::store {

class EngineTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    test_db_ = TestDatabase::Create(GetParam(), Migrated());
    if (!test_db_) GTEST_SKIP() << "GONGJIAN_TEST_PG is not set; PostgreSQL cases need it (make test sets it)";
  }
  virtual bool Migrated() const { return true; }
  Database& db() { return test_db_->db(); }

  std::unique_ptr<TestDatabase> test_db_;
};

#define GJ_INSTANTIATE_ENGINES(Fixture)                                                         \
  INSTANTIATE_TEST_SUITE_P(Engines, Fixture, ::testing::Values(Engine::kSqlite, Engine::kPostgres), \
                           [](const auto& info) { return EngineParamName(info.param); })

}  // namespace gongjian::store
