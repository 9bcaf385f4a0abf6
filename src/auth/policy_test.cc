#include "auth/policy.h"

#include <gtest/gtest.h>

#include <map>

namespace gongjian::auth {
namespace {

using domain::AllRoles;
using domain::RoleName;

Principal As(std::vector<Role> roles) {
  Principal p;
  p.user_id = 7;
  p.roles = std::move(roles);
  return p;
}

// The 三权分立 table of security-research.md §1.4, one row per action: which roles may do it.
TEST(PolicyTest, EachRoleMayDoExactlyItsOwnActions) {
  const std::map<Action, std::vector<Role>> allowed = {
      {Action::kOrgRead, AllRoles()},
      {Action::kOrgWrite, {Role::kSystemAdmin}},
      {Action::kUserRead, {Role::kSystemAdmin, Role::kSecurityAdmin}},
      {Action::kUserWrite, {Role::kSystemAdmin}},
      {Action::kUserGrant, {Role::kSecurityAdmin}},
      {Action::kUserUnlock, {Role::kSecurityAdmin}},
      {Action::kUserResetPassword, {Role::kSecurityAdmin}},
      {Action::kPolicyRead, {Role::kSystemAdmin, Role::kSecurityAdmin}},
      {Action::kPolicyWrite, {Role::kSecurityAdmin}},
      {Action::kAuditRead, {Role::kAuditAdmin}},
      {Action::kAuditExport, {Role::kAuditAdmin}},
      {Action::kBusinessRead, {Role::kLeader, Role::kOffice, Role::kUnit, Role::kOwner, Role::kViewer}},
      {Action::kBusinessWrite, {Role::kOffice, Role::kUnit, Role::kOwner}},
  };
  for (const auto& [action, roles] : allowed) {
    for (Role role : AllRoles()) {
      bool expect = std::find(roles.begin(), roles.end(), role) != roles.end();
      Decision d = Can(As({role}), action, {});
      EXPECT_EQ(d == Decision::kAllow, expect) << RoleName(role) << " action " << static_cast<int>(action);
    }
  }
}

// The problem loop: who may act depends on whether the problem is the caller's own (its unit is
// assigned, for handling; its organisation raised it, for confirming).
TEST(PolicyTest, ProblemActionsFollowTheRoleAndTheCallersPartInTheProblem) {
  const std::vector<Role> raisers = {Role::kLeader, Role::kOffice, Role::kUnit, Role::kOwner};
  // action, own → roles allowed
  const std::map<std::pair<Action, bool>, std::vector<Role>> allowed = {
      {{Action::kProblemRaise, false}, raisers},
      {{Action::kProblemRaise, true}, raisers},
      {{Action::kProblemHandle, false}, {Role::kOffice}},
      {{Action::kProblemHandle, true}, {Role::kOffice, Role::kUnit, Role::kOwner}},
      {{Action::kProblemConfirm, false}, {}},
      {{Action::kProblemConfirm, true}, raisers},
      {{Action::kProblemDecide, false}, {Role::kOffice}},
      {{Action::kProblemDecide, true}, {Role::kOffice}},
      {{Action::kInspectionWrite, false}, {Role::kOffice, Role::kLeader}},
      {{Action::kInspectionWrite, true}, {Role::kOffice, Role::kLeader}},
  };
  for (const auto& [key, roles] : allowed) {
    const auto [action, own] = key;
    for (Role role : AllRoles()) {
      const bool expect = std::find(roles.begin(), roles.end(), role) != roles.end();
      Object problem{.kind = Object::Kind::kBusiness, .in_scope = true, .own = own};
      const Decision d = Can(As({role}), action, problem);
      EXPECT_EQ(d == Decision::kAllow, expect) << RoleName(role) << " action " << static_cast<int>(action) << " own " << own;
      if (domain::IsAdminRole(role)) EXPECT_EQ(d, Decision::kHidden) << RoleName(role);
    }
  }
}

TEST(PolicyTest, OutOfScopeIsHiddenEvenFromThoseWhoMayAct) {
  Object away{.kind = Object::Kind::kBusiness, .in_scope = false};
  EXPECT_EQ(Can(As({Role::kOffice}), Action::kBusinessRead, away), Decision::kHidden);
  Object here{.kind = Object::Kind::kBusiness, .in_scope = true};
  EXPECT_EQ(Can(As({Role::kViewer}), Action::kBusinessWrite, here), Decision::kForbidden);
  EXPECT_EQ(Can(As({Role::kViewer}), Action::kBusinessRead, here), Decision::kAllow);
}

TEST(PolicyTest, AdministratorsDoNotSeeBusinessDataAtAll) {
  Object project{.kind = Object::Kind::kBusiness};
  for (Role admin : {Role::kSystemAdmin, Role::kSecurityAdmin, Role::kAuditAdmin}) {
    EXPECT_EQ(Can(As({admin}), Action::kBusinessRead, project), Decision::kHidden) << RoleName(admin);
    EXPECT_EQ(Can(As({admin}), Action::kBusinessWrite, project), Decision::kHidden) << RoleName(admin);
  }
}

TEST(PolicyTest, AuthorizeMapsDecisionsToStatus) {
  EXPECT_TRUE(Authorize(As({Role::kAuditAdmin}), Action::kAuditRead, {}).ok());
  EXPECT_EQ(Authorize(As({Role::kSystemAdmin}), Action::kAuditRead, {}).code(), core::Code::kPermissionDenied);
  EXPECT_EQ(Authorize(As({Role::kOffice}), Action::kBusinessRead, {.in_scope = false}).code(), core::Code::kNotFound);
}

}  // namespace
}  // namespace gongjian::auth
