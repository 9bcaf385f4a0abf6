#include "store/backup.h"

#include <filesystem>
#include <fstream>

#include "store/org_repository.h"
#include "store_test_util.h"

namespace gongjian::store {
namespace {

class BackupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    t_ = TestDatabase::Create(Engine::kSqlite);
    dir_ = std::filesystem::path(t_->db().SqlitePath()).parent_path().string();
  }
  void AddOrg(const std::string& name) {
    domain::Org o;
    o.name = name;
    o.kind = domain::OrgKind::kDistrict;
    auto r = t_->db().WriteValue<domain::Org>([&](Connection& c) { return CreateOrg(c, o, "2026-01-01T00:00:00.000Z"); });
    ASSERT_TRUE(r) << r.error().ToString();
  }
  int64_t Orgs() {
    auto p = t_->db().ReadValue<Page<domain::Org>>([](Connection& c) { return ListOrgs(c, {}, {}); });
    return p ? p->total : -1;
  }
  std::unique_ptr<TestDatabase> t_;
  std::string dir_;
};

TEST_F(BackupTest, RestoreBringsBackTheStateAtBackupTime) {
  AddOrg("甲区");
  std::string backup = dir_ + "/copy.db";
  ASSERT_TRUE(BackupSqlite(t_->db().SqlitePath(), backup).ok());  // taken while the pool is open
  AddOrg("乙区");
  ASSERT_EQ(Orgs(), 2);
  std::string path = t_->db().SqlitePath();
  t_->Close();
  Status s = RestoreSqlite(backup, path);
  ASSERT_TRUE(s.ok()) << s.ToString();
  t_->Reopen();
  EXPECT_EQ(Orgs(), 1);
  EXPECT_TRUE(std::filesystem::exists(path + ".before-restore"));
}

TEST_F(BackupTest, CorruptBackupIsRefusedAndDatabaseUntouched) {
  AddOrg("甲区");
  std::string bad = dir_ + "/bad.db";
  std::ofstream(bad) << "this is not a database, just text pretending";
  std::string path = t_->db().SqlitePath();
  t_->Close();
  Status s = RestoreSqlite(bad, path);
  EXPECT_FALSE(s.ok());
  t_->Reopen();
  EXPECT_EQ(Orgs(), 1);
}

TEST_F(BackupTest, BackupOfMissingDatabaseFailsWithoutWritingTheTarget) {
  std::string target = dir_ + "/never.db";
  EXPECT_FALSE(BackupSqlite(dir_ + "/absent.db", target).ok());
  EXPECT_FALSE(std::filesystem::exists(target));
}

}  // namespace
}  // namespace gongjian::store
