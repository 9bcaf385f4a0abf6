#include "api/health.h"

#include "api/respond.h"

namespace gongjian::api {

DbMonitor::DbMonitor(store::Database& db, std::chrono::milliseconds interval) : db_(db) {
  healthy_ = db_.Ping().ok();
  thread_ = std::thread([this, interval] {
    std::unique_lock lock(mu_);
    while (!cv_.wait_for(lock, interval, [&] { return stop_; })) {
      lock.unlock();
      healthy_ = db_.Ping().ok();
      lock.lock();
    }
  });
}

DbMonitor::~DbMonitor() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void AddHealthRoutes(http::Router& router, const ApiContext& ctx) {
  router.Add(
      "GET", "/api/health",
      [&ctx](http::Request&) {
        const char* db_status = !ctx.monitor ? "unknown" : ctx.monitor->healthy() ? "ok" : "unavailable";
        bool ok = std::string_view(db_status) == "ok";
        return JsonResponse(200, {{"status", ok ? "ok" : "degraded"},
                                  {"version", ctx.version},
                                  {"demo", ctx.demo},
                                  {"database", {{"engine", store::EngineName(ctx.db.engine())}, {"status", db_status}}}});
      },
      {.exec = http::Exec::kInline, .requires_session = false});
}

}  // namespace gongjian::api
