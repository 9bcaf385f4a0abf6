#include "domain/account.h"

#include <gtest/gtest.h>

namespace gongjian::domain {
namespace {

TEST(AccountTest, RoleSetsKeepAdministratorsAlone) {
  EXPECT_TRUE(CheckRoleSet({Role::kUnit, Role::kOwner}).ok());
  EXPECT_TRUE(CheckRoleSet({Role::kAuditAdmin}).ok());
  EXPECT_EQ(CheckRoleSet({}).key(), "required");
  EXPECT_EQ(CheckRoleSet({Role::kSystemAdmin, Role::kSecurityAdmin}).key(), "admin_role_exclusive");
  EXPECT_EQ(CheckRoleSet({Role::kAuditAdmin, Role::kViewer}).key(), "admin_role_exclusive");
  EXPECT_EQ(CheckRoleSet({Role::kUnit, Role::kUnit}).key(), "roles_repeated");
  EXPECT_EQ(CheckRoleSet({Role::kUnit, Role::kUnit}).field(), "roles");
}

TEST(AccountTest, NamesRoundTrip) {
  for (Role r : AllRoles()) EXPECT_EQ(ParseRole(RoleName(r)), r);
  for (auto k : {ScopeKind::kOwn, ScopeKind::kOrgs, ScopeKind::kAll}) EXPECT_EQ(ParseScopeKind(ScopeKindName(k)), k);
  EXPECT_FALSE(ParseRole("root"));
}

TEST(AccountTest, UsernamesArePlainAsciiAndCaseFolded) {
  EXPECT_TRUE(CheckUsername("zhang.san").ok());
  EXPECT_TRUE(CheckUsername("Office_01").ok());
  EXPECT_EQ(CheckUsername("").key(), "required");
  for (const char* bad : {"ab", "1abc", "张三", "has space", "semi;colon", "a23456789012345678901234567890123"}) {
    EXPECT_EQ(CheckUsername(bad).key(), "username_format") << bad;
  }
  EXPECT_EQ(UsernameKey("Zhang.San"), "zhang.san");
}

TEST(AccountTest, ValidateUserChecksNameRolesAndScope) {
  User u;
  u.username = "owner01";
  u.display_name = "业主甲";
  u.roles = {Role::kOwner};
  EXPECT_TRUE(ValidateUser(u).ok());
  u.display_name = "";
  EXPECT_EQ(ValidateUser(u).field(), "display_name");
  u.display_name = "业主甲";
  u.roles = {Role::kOwner, Role::kSystemAdmin};
  EXPECT_EQ(ValidateUser(u).field(), "roles");
  u.roles = {Role::kOwner};
  u.scope = ScopeKind::kOrgs;
  EXPECT_EQ(ValidateUser(u).field(), "scope_orgs");
}

}  // namespace
}  // namespace gongjian::domain
