#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "process.h"
#include "store/database.h"

namespace gongjian::app_test {
namespace {

namespace fs = std::filesystem;

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("gj_cli_" + std::to_string(getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = "sqlite:" + (dir_ / "nested" / "g.db").string();
    keys_ = " --key-file " + (dir_ / "gongjian.key").string() + " ";
    creds_ = " --credentials-file " + (dir_ / "creds.json").string();
  }
  // The database, key file and demo credentials of this test, as options.
  std::string Db() const { return "--db " + db_ + keys_; }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
  std::string db_;
  std::string keys_;
  std::string creds_;
};

TEST_F(CliTest, VersionPrintsTheVersion) {
  auto r = RunGongjian("version");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.output.rfind("gongjian ", 0), 0u) << r.output;
}

TEST_F(CliTest, DemoCreatesTheDatabaseAndIsIdempotent) {
  auto first = RunGongjian(Db() + "demo" + creds_);
  ASSERT_EQ(first.exit_code, 0) << first.output;
  EXPECT_NE(first.output.find("demo district created"), std::string::npos) << first.output;
  auto second = RunGongjian(Db() + "demo" + creds_);
  EXPECT_EQ(second.exit_code, 0);
  EXPECT_NE(second.output.find("already holds data"), std::string::npos) << second.output;
}

TEST_F(CliTest, EnvironmentAndConfigFileSupplyTheDatabase) {
  auto by_env = RunGongjian("migrate", "GONGJIAN_DB=" + db_);
  ASSERT_EQ(by_env.exit_code, 0) << by_env.output;
  EXPECT_TRUE(fs::exists(dir_ / "nested" / "g.db"));
  std::string other = (dir_ / "other.db").string();
  std::ofstream(dir_ / "gongjian.ini") << "db=sqlite:" << other << "\n";
  auto by_file = RunGongjian("--config " + (dir_ / "gongjian.ini").string() + " migrate");
  ASSERT_EQ(by_file.exit_code, 0) << by_file.output;
  EXPECT_TRUE(fs::exists(other));
}

TEST_F(CliTest, BackupThenRestoreRoundTrips) {
  ASSERT_EQ(RunGongjian(Db() + "demo" + creds_).exit_code, 0);
  std::string copy = (dir_ / "backup.db").string();
  auto b = RunGongjian(Db() + "backup --to " + copy);
  ASSERT_EQ(b.exit_code, 0) << b.output;
  EXPECT_NE(b.output.find("integrity_check ok"), std::string::npos);
  auto r = RunGongjian(Db() + "restore --from " + copy);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto bad = RunGongjian(Db() + "restore --from " + (dir_ / "absent.db").string());
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.output.find("文件不存在"), std::string::npos) << bad.output;
}

TEST_F(CliTest, ServerRefusesToStartOnAChangedMigration) {
  ASSERT_EQ(RunGongjian(Db() + "migrate").exit_code, 0);
  {
    auto db = store::Database::Open(db_);
    ASSERT_TRUE(db);
    ASSERT_TRUE((*db)->Write([](store::Connection& c) -> core::Status {
                       auto r = c.Query("UPDATE schema_migrations SET checksum = 'tampered' WHERE version = 1");
                       return r ? core::Status::Ok() : r.error();
                     }).ok());
  }
  auto r = RunGongjian(Db() + "serve --listen 127.0.0.1:0");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("拒绝启动"), std::string::npos) << r.output;
}

TEST_F(CliTest, BadDatabaseUrlIsExplained) {
  auto r = RunGongjian("--db mysql://x migrate");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("sqlite:"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace gongjian::app_test
