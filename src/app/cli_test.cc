#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "process.h"
#include "store/database.h"
#include "store/audit_repository.h"
#include "store/user_repository.h"

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
  // The restore drill is recorded, and the restored chain still verifies.
  auto db = store::Database::Open(db_);
  auto drills = (*db)->ReadValue<store::Page<store::AuditEntry>>([](store::Connection& c) {
    return store::ListAudit(c, {.event_type = "system.restore"}, {});
  });
  ASSERT_TRUE(drills);
  EXPECT_EQ(drills->total, 1);
  db->reset();
  EXPECT_EQ(RunGongjian(Db() + "audit verify").exit_code, 0);
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

TEST_F(CliTest, InitCreatesTheThreeAdministratorsOnceWithOneTimePasswords) {
  auto first = RunGongjian(Db() + "init --district-name 测试区");
  ASSERT_EQ(first.exit_code, 0) << first.output;
  for (const char* name : {"sysadmin", "secadmin", "auditadmin"}) {
    EXPECT_NE(first.output.find(name), std::string::npos) << first.output;
  }
  auto db = store::Database::Open(db_);
  ASSERT_TRUE(db);
  auto admin = (*db)->ReadValue<domain::User>(
      [](store::Connection& c) { return store::FindUserByUsername(c, "sysadmin"); });
  ASSERT_TRUE(admin);
  EXPECT_TRUE(admin->must_change_password);
  EXPECT_EQ(admin->roles, std::vector<domain::Role>{domain::Role::kSystemAdmin});
  auto again = RunGongjian(Db() + "init");
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_NE(again.output.find("nothing changed"), std::string::npos) << again.output;
  auto mode = fs::status(dir_ / "gongjian.key").permissions();
  EXPECT_EQ(mode & (fs::perms::group_all | fs::perms::others_all), fs::perms::none);
}

TEST_F(CliTest, DemoCredentialsFileIsPrivate) {
  ASSERT_EQ(RunGongjian(Db() + "demo" + creds_).exit_code, 0);
  auto mode = fs::status(dir_ / "creds.json").permissions();
  EXPECT_EQ(mode & (fs::perms::group_all | fs::perms::others_all), fs::perms::none);
}

// Someone with the database file drops the trigger and edits a row: the chain names it.
TEST_F(CliTest, AuditVerifyNamesTheFirstTamperedRow) {
  ASSERT_EQ(RunGongjian(Db() + "demo" + creds_).exit_code, 0);
  ASSERT_EQ(RunGongjian(Db() + "init").exit_code, 0);  // a no-op, but the demo wrote rows
  auto clean = RunGongjian(Db() + "audit verify");
  EXPECT_EQ(clean.exit_code, 0) << clean.output;
  EXPECT_NE(clean.output.find("intact"), std::string::npos);
  {
    auto db = store::Database::Open(db_);
    ASSERT_TRUE(db);
    // Forge a second row first so the tampered one is not simply the last.
    ASSERT_TRUE((*db)->Write([](store::Connection& c) -> core::Status {
                       return c.ExecScript(
                           "INSERT INTO audit_log SELECT id + 1, ts_utc, actor_user_id, actor_login, actor_roles,"
                           " session_hash, source_ip, user_agent, request_id, 'system.noop', object_type, object_id,"
                           " outcome, reason_code, changes, hmac, hmac FROM audit_log WHERE id = 1;"
                           "DROP TRIGGER audit_log_no_update;"
                           "UPDATE audit_log SET actor_login = 'nobody' WHERE id = 1;");
                     }).ok());
  }
  auto tampered = RunGongjian(Db() + "audit verify");
  EXPECT_EQ(tampered.exit_code, 3) << tampered.output;
  EXPECT_NE(tampered.output.find("first bad row id 1"), std::string::npos) << tampered.output;
}

TEST_F(CliTest, AuditVerifyWithTheWrongKeyFails) {
  ASSERT_EQ(RunGongjian(Db() + "demo" + creds_).exit_code, 0);
  auto other = RunGongjian("--db " + db_ + " --key-file " + (dir_ / "other.key").string() + " audit verify");
  EXPECT_EQ(other.exit_code, 3) << other.output;
}

TEST_F(CliTest, BadDatabaseUrlIsExplained) {
  auto r = RunGongjian("--db mysql://x migrate");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("sqlite:"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace gongjian::app_test
