#pragma once

#include <string>

#include "core/clock.h"
#include "store/database.h"

namespace gongjian::api {

class DbMonitor;

// What handlers share: the database, the clock and the build's version. Outlives the server.
struct ApiContext {
  store::Database& db;
  const core::Clock& clock;
  std::string version;
  const DbMonitor* monitor = nullptr;  // health answers "unknown" without one
};

}  // namespace gongjian::api
