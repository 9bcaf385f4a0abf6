#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "auth/keyring.h"
#include "core/clock.h"
#include "domain/date.h"
#include "io/file_store.h"
#include "store/database.h"

namespace gongjian::demo {

enum class Scale { kDistrict, kCity, kProvince };

// Computes every project's warnings once the demo's reports are in: called inside the demo's
// write transaction with the demo's "today" and timestamp. The demo library cannot reach the
// warnings (they live in api/, beside it), so the caller hands the bulk recompute in.
using DemoWarningsHook = std::function<core::Status(store::Connection&, domain::Date today, const std::string& now)>;

struct DemoOptions {
  Scale scale = Scale::kDistrict;
  uint64_t seed = 1;
  DemoWarningsHook recompute_warnings;  // empty: no warnings until the server's first recompute
  io::FileStore* files = nullptr;       // where the demo's supervision letters go; none without it
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
  int64_t rounds = 0;        // dispatch rounds
  int64_t plans = 0;         // approved annual plans
  int64_t reports = 0;       // monthly_reports rows, every version
  int64_t report_funds = 0;  // their funds-arrived rows
  int64_t milestones = 0;    // milestone nodes (关键节点)
  int64_t problems = 0;      // problems of the closed loop, in every state
  int64_t inspections = 0;   // inspections (督查/走访)
  std::vector<DemoCredential> credentials;
};

inline constexpr const char* kDemoSettingKey = "demo";

// Fills an empty, migrated database with the fictional demo district 示范区: its
// departments, towns and streets, parks and owner units, and one account for every role
// (the three administrators included) with a random password each — there is no default
// password — returned in the report. Demo accounts need no password change at first
// sign-in. Then the projects of the scale (300, 5,000 or 50,000) across every stage, each
// with the timeline of transitions that brought it there, and the district map (setting
// "district_geojson"). Then the reporting history (demo/report_gen.h): a dispatch round for
// every month, approved annual plans and monthly reports for three calendar years up to the
// clock's month (five at province scale), the previous month's round still open; the
// milestone nodes of every project past 储备 (demo/milestone_gen.h); then
// options.recompute_warnings, when given. Marks the database as a demo (setting "demo"). The data is
// deterministic for a given seed; the passwords are not. Does nothing when organisations
// already exist.
// All in one transaction, audited as "system.demo".
core::Result<DemoReport> GenerateDemo(store::Database& db, const DemoOptions& options, const core::Clock& clock,
                                      const auth::KeyRing& keys);

}  // namespace gongjian::demo
