#pragma once

#include <cstdint>
#include <string>

#include <vector>

#include "auth/keyring.h"
#include "core/clock.h"
#include "store/database.h"

namespace gongjian::demo {

enum class Scale { kDistrict, kCity, kProvince };

struct DemoOptions {
  Scale scale = Scale::kDistrict;
  uint64_t seed = 1;
};

// A demo account and its password, for data/demo-credentials.json.
struct DemoCredential {
  std::string username;
  std::string password;
  std::string role;
  std::string display_name;
  std::string org;
};

struct DemoReport {
  bool created = false;  // false when the database already held data and was left alone
  int64_t orgs = 0;
  int64_t projects = 0;
  std::vector<DemoCredential> credentials;
};

inline constexpr const char* kDemoSettingKey = "demo";

// Fills an empty, migrated database with the fictional demo district 示范区: its
// departments, towns and streets, parks and owner units, and one account for every role
// (the three administrators included) with a random password each — there is no default
// password — returned in the report. Demo accounts need no password change at first
// sign-in. Then the projects of the scale (300, 5,000 or 50,000) across every stage, each
// with the timeline of transitions that brought it there, and the district map (setting
// "district_geojson"). Marks the database as a demo (setting "demo"). The data is
// deterministic for a given seed; the passwords are not. Does nothing when organisations
// already exist.
// All in one transaction, audited as "system.demo".
core::Result<DemoReport> GenerateDemo(store::Database& db, const DemoOptions& options, const core::Clock& clock,
                                      const auth::KeyRing& keys);

}  // namespace gongjian::demo
