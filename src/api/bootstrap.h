#pragma once

#include <string>
#include <vector>

#include "auth/keyring.h"
#include "core/clock.h"
#include "store/database.h"

namespace gongjian::api {

struct Credential {
  std::string username;
  std::string password;
  std::string role;
  std::string display_name;
};

// First run: creates the district's root organisation when there is none and the three
// administrators (system, security, audit) when no system administrator exists yet, each
// with a random one-time password that must be changed at first sign-in. Audited as
// "system.init". Returns the new credentials; empty when already initialised.
core::Result<std::vector<Credential>> InitAdministrators(store::Database& db, const auth::KeyRing& keys,
                                                         const core::Clock& clock, const std::string& district_name);

}  // namespace gongjian::api
