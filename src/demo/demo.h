#pragma once

#include <cstdint>
#include <string>

#include "core/clock.h"
#include "store/database.h"

namespace gongjian::demo {

enum class Scale { kDistrict, kCity, kProvince };

struct DemoOptions {
  Scale scale = Scale::kDistrict;
  uint64_t seed = 1;
};

struct DemoReport {
  bool created = false;  // false when the database already held data and was left alone
  int64_t orgs = 0;
};

// Fills an empty, migrated database with the fictional demo district 示范区: its
// departments, towns and streets, parks and owner units. Deterministic for a given
// seed. Does nothing when organisations already exist. All in one transaction.
core::Result<DemoReport> GenerateDemo(store::Database& db, const DemoOptions& options, const core::Clock& clock);

}  // namespace gongjian::demo
