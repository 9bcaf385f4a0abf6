#pragma once

// Internal to store/: the two drivers behind Connection.

#include <chrono>
#include <memory>
#include <string>

#include "store/database.h"

namespace gongjian::store {

// Opens a SQLite connection with the house settings (WAL, synchronous=FULL,
// foreign_keys, busy_timeout, secure_delete). A read-only connection cannot write.
Result<std::unique_ptr<Connection>> OpenSqlite(const std::string& path, bool read_only,
                                               std::chrono::milliseconds busy_timeout);

// Opens a libpq connection from a URL or keyword/value conninfo string.
Result<std::unique_ptr<Connection>> OpenPostgres(const std::string& conninfo);

}  // namespace gongjian::store
