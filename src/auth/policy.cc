#include "auth/policy.h"

#include <algorithm>
#include <array>

namespace gongjian::auth {
namespace {

using domain::IsAdminRole;

// Which role may do which action on an object that is (or is not) its own; scope is decided
// separately.
bool RoleAllows(Role role, Action action, bool own) {
  switch (action) {
    case Action::kOrgRead:
      return true;  // the organisation tree is reference data every form needs
    case Action::kOrgWrite:
    case Action::kUserWrite:
      return role == Role::kSystemAdmin;
    case Action::kUserRead:
      return role == Role::kSystemAdmin || role == Role::kSecurityAdmin;
    case Action::kUserGrant:
    case Action::kUserUnlock:
    case Action::kUserResetPassword:
    case Action::kPolicyWrite:
      return role == Role::kSecurityAdmin;
    case Action::kPolicyRead:
      return role == Role::kSecurityAdmin || role == Role::kSystemAdmin;
    case Action::kAuditRead:
    case Action::kAuditExport:
      return role == Role::kAuditAdmin;
    case Action::kBusinessRead:
      return !IsAdminRole(role);
    case Action::kBusinessWrite:
      return role == Role::kOffice || role == Role::kUnit || role == Role::kOwner;
    case Action::kProjectReview:
      return role == Role::kOffice;
    case Action::kSettingsWrite:
      return role == Role::kSystemAdmin;
    case Action::kProblemRaise:
      return role == Role::kLeader || role == Role::kOffice || role == Role::kUnit || role == Role::kOwner;
    case Action::kProblemHandle:
      return role == Role::kOffice || (own && (role == Role::kUnit || role == Role::kOwner));
    case Action::kProblemConfirm:
      return own && (role == Role::kLeader || role == Role::kOffice || role == Role::kUnit || role == Role::kOwner);
    case Action::kProblemDecide:
      return role == Role::kOffice;
    case Action::kInspectionWrite:
      return role == Role::kOffice || role == Role::kLeader;
  }
  return false;
}

}  // namespace

bool Principal::Has(Role role) const { return std::find(roles.begin(), roles.end(), role) != roles.end(); }

bool Principal::IsAdmin() const { return std::any_of(roles.begin(), roles.end(), IsAdminRole); }

Decision Can(const Principal& who, Action action, const Object& object) {
  // Outside the data scope an object does not exist for the caller, whatever the action.
  if (!object.in_scope) return Decision::kHidden;
  bool allowed = std::any_of(who.roles.begin(), who.roles.end(), [&](Role r) { return RoleAllows(r, action, object.own); });
  // Administrators never see business data: to them it is not there at all.
  if (!allowed && object.kind == Object::Kind::kBusiness && who.IsAdmin()) return Decision::kHidden;
  return allowed ? Decision::kAllow : Decision::kForbidden;
}

core::Status Authorize(const Principal& who, Action action, const Object& object) {
  switch (Can(who, action, object)) {
    case Decision::kAllow: return core::Status::Ok();
    case Decision::kForbidden: return core::Status(core::Code::kPermissionDenied, "permission_denied");
    case Decision::kHidden: return core::Status::NotFound();
  }
  return core::Status::NotFound();
}

}  // namespace gongjian::auth
