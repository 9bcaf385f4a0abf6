#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "domain/account.h"

namespace gongjian::auth {

using domain::Role;
using domain::ScopeKind;

// The signed-in user as the request sees it.
struct Principal {
  int64_t user_id = 0;
  std::string username;
  int64_t org_id = 0;
  std::vector<Role> roles;
  ScopeKind scope = ScopeKind::kOwn;
  std::vector<int64_t> scope_orgs;  // for kOrgs
  bool must_change_password = false;
  std::string session_hash;  // SM3 of the session token: for audit, never the token
  std::string csrf_token;

  bool Has(Role role) const;
  bool IsAdmin() const;
};

// What a request wants to do.
enum class Action {
  kOrgRead,
  kOrgWrite,
  kUserRead,
  kUserWrite,          // create, rename, move, disable: the system administrator
  kUserGrant,          // roles and data scope: the security administrator
  kUserUnlock,
  kUserResetPassword,
  kPolicyRead,
  kPolicyWrite,
  kAuditRead,
  kAuditExport,
  kBusinessRead,       // any business record in scope (projects from the library issue on)
  kBusinessWrite,
  kProjectReview,      // the project office's decisions: entry reviews, withdrawal, restore
  kSettingsWrite,      // system settings such as the district map: the system administrator
  kProblemRaise,       // raise a problem on a project in scope: leaders, the office, units, owners
  kProblemHandle,      // record steps and the result: the office, or a unit the problem is assigned to (own)
  kProblemConfirm,     // accept or reject the result: the raiser's organisation (own), never anyone else
  kProblemDecide,      // assign, close (销号), reopen, escalate, issue letters, run meetings: the office
  kInspectionWrite,    // record and edit inspections (督查/走访) and their photos: the office and leaders
};

// The object an action concerns, as far as authorisation needs to know it.
struct Object {
  enum class Kind { kNone, kOrg, kUser, kPolicy, kAudit, kBusiness } kind = Kind::kNone;
  bool in_scope = true;  // false when the caller's data scope does not cover it
  bool own = false;      // the caller's own record (their account, their organisation's data; for a
                         // problem: handling, the caller's unit is assigned; confirming, it raised it)
};

enum class Decision {
  kAllow,
  kForbidden,  // 403: the object is visible but the action is not allowed
  kHidden,     // 404: the object is outside the caller's scope; its existence is not revealed
};

// The one authorisation function every handler calls. Pure: no I/O.
Decision Can(const Principal& who, Action action, const Object& object);

// Can() as a Status for handlers: ok, kPermissionDenied or kNotFound.
core::Status Authorize(const Principal& who, Action action, const Object& object);

}  // namespace gongjian::auth
