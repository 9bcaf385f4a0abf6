#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "api/context.h"
#include "http/router.h"

namespace gongjian::api {

// Pings the database in the background so /api/health answers from memory, on the I/O
// thread, without queueing behind database work.
class DbMonitor {
 public:
  DbMonitor(store::Database& db, std::chrono::milliseconds interval);
  ~DbMonitor();
  bool healthy() const { return healthy_.load(); }

 private:
  store::Database& db_;
  std::atomic<bool> healthy_{false};
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

// GET /api/health: {"status":"ok"|"degraded","version":…,"database":{"engine":…,"status":"ok"|"unavailable"}}.
// Always 200 while the process serves, so it also tells "up but the database is down".
void AddHealthRoutes(http::Router& router, const ApiContext& ctx);

}  // namespace gongjian::api
