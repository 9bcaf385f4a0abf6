// Warnings (红黄绿灯, SPEC §5): the district's rule set as data, recomputation when inputs
// change and once a day, and the routes that show and edit them.
#include "api/warnings.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "api/json_input.h"
#include "api/milestones.h"
#include "api/problems.h"
#include "api/projects.h"
#include "api/respond.h"
#include "api/session.h"
#include "api/warning_rules_json.h"
#include "engine/presets.h"
#include "store/user_repository.h"

namespace gongjian::api {

using core::Result;
using core::Status;
using nlohmann::json;

namespace {

domain::Date ChinaToday(const core::Clock& clock) {
  return domain::ChinaDate(std::chrono::duration_cast<std::chrono::seconds>(clock.Now().time_since_epoch()).count());
}

domain::Period MonthsBefore(domain::Period p, int months) {
  int index = p.year * 12 + (p.month - 1) - months;
  return {index / 12, index % 12 + 1};
}

// Records `today` as the day of the last full recompute.
Status MarkRecomputed(store::Connection& c, domain::Date today, const std::string& now) {
  auto current = store::GetSetting(c, kWarningsRecomputedKey);
  if (!current && current.error().code() != core::Code::kNotFound) return current.error();
  auto r = store::PutSetting(c, kWarningsRecomputedKey, today.ToString(), current ? current->version : 0, now);
  return r ? Status::Ok() : r.error();
}

}  // namespace

Result<ActiveRules> LoadActiveRules(store::Connection& c) {
  auto setting = store::GetSetting(c, kWarningRulesKey);
  if (!setting) {
    if (setting.error().code() != core::Code::kNotFound) return core::Fail(std::move(setting.error()));
    return ActiveRules{engine::YinchuanPreset(), 0};
  }
  json doc = json::parse(setting->value, nullptr, false);
  auto rules = RuleSetFromJson(doc);
  if (!rules) return core::Fail(Status::Internal("stored warning rules do not read: " + rules.error().ToString()));
  return ActiveRules{std::move(*rules), setting->version};
}

Result<domain::Period> WarningPeriod(store::Connection& c, domain::Date today) {
  auto round = store::LatestOpenedRound(c, today);
  if (!round) return core::Fail(std::move(round.error()));
  if (*round) return **round;
  return MonthsBefore({today.year, today.month}, 1);
}

bool WatchedStage(domain::Stage stage) { return stage != domain::Stage::kWithdrawn; }

engine::ProjectMeasures MeasuresOf(const store::WarningInputs& in, domain::Period period, domain::Date as_of) {
  engine::ProjectMeasures m;
  m.period = period;
  m.as_of = as_of;
  if (in.plan) {
    m.progress.annual_plan = in.plan->planned_investment;
    m.progress.monthly_targets = in.plan->monthly_targets;
  }
  m.progress.completed = in.completed;
  m.planned_start = in.planned_start;
  m.actual_start = in.actual_start;
  m.registered = in.registered_on;
  m.milestones.reserve(in.milestones.size());
  for (const auto& node : in.milestones) m.milestones.push_back({node.name, node.planned, node.actual, node.forecast});
  for (const auto& p : in.problems) m.problems.push_back({p.title, p.deadline, false});
  return m;
}

store::ProjectWarnings Assess(const engine::RuleSet& rules, const store::WarningInputs& in, domain::Period period,
                              domain::Date as_of, std::vector<engine::Warning>& buffer) {
  store::ProjectWarnings out;
  out.project_id = in.project_id;
  if (!WatchedStage(in.stage)) {
    out.record_history = false;
    return out;
  }
  buffer.clear();
  engine::EvaluateInto(rules, MeasuresOf(in, period, as_of), buffer);
  out.colour = std::string(engine::ColourName(engine::OverallColour(buffer)));
  out.rows.reserve(buffer.size());
  for (const auto& w : buffer) {
    out.rows.push_back({w.rule_id,
                        std::string(engine::MeasureName(w.measure)),
                        std::string(engine::ColourName(w.colour)),
                        w.reason,
                        w.evidence.value,
                        {}});
  }
  return out;
}

Status RecomputeWarnings(const ApiContext& ctx, store::Connection& c, int64_t project_id,
                         std::optional<domain::Period> changed) {
  auto rules = LoadActiveRules(c);
  if (!rules) return rules.error();
  domain::Date today = Today(ctx);
  auto period = WarningPeriod(c, today);
  if (!period) return period.error();
  std::string now = core::FormatTimestamp(ctx.clock.Now());
  std::vector<engine::Warning> buffer;
  auto inputs = store::LoadWarningInputs(c, project_id, *period);
  if (!inputs) return inputs.error();
  store::ProjectWarnings current = Assess(rules->rules, *inputs, *period, today, buffer);
  GJ_RETURN_IF_ERROR(store::SaveWarnings(c, current, *period, now));
  if (!current.record_history) return Status::Ok();  // not watched: no history either
  if (changed && *changed != *period) {
    auto past = store::LoadWarningInputs(c, project_id, *changed);
    if (!past) return past.error();
    store::ProjectWarnings then = Assess(rules->rules, *past, *changed, today, buffer);
    GJ_RETURN_IF_ERROR(store::SaveWarningHistory(c, project_id, *changed, then.colour, now));
  }
  return Status::Ok();
}

Result<RecomputeCounts> RecomputeAllWarnings(store::Connection& c, const engine::RuleSet& rules, domain::Date today,
                                             const std::string& now) {
  auto period = WarningPeriod(c, today);
  if (!period) return core::Fail(std::move(period.error()));
  auto inputs = store::LoadAllWarningInputs(c, *period);
  if (!inputs) return core::Fail(std::move(inputs.error()));
  RecomputeCounts counts;
  counts.period = *period;
  std::vector<store::ProjectWarnings> all;
  all.reserve(inputs->size());
  std::vector<engine::Warning> buffer;
  for (const auto& in : *inputs) {
    all.push_back(Assess(rules, in, *period, today, buffer));
    const store::ProjectWarnings& p = all.back();
    if (!p.record_history) continue;
    ++counts.projects;
    if (p.colour == "red") {
      ++counts.red;
    } else if (p.colour == "yellow") {
      ++counts.yellow;
    } else {
      ++counts.green;
    }
  }
  auto saved = store::SaveAllWarnings(c, *period, all, now);
  if (!saved) return core::Fail(std::move(saved.error()));
  counts.changed = saved->changed;
  GJ_FAIL_IF_ERROR(MarkRecomputed(c, today, now));
  return counts;
}

Result<int64_t> BackfillWarningHistory(store::Connection& c, const engine::RuleSet& rules, domain::Period through,
                                       int months, const std::string& now) {
  int64_t written = 0;
  std::vector<engine::Warning> buffer;
  for (int back = months; back >= 1; --back) {
    const domain::Period period = MonthsBefore(through, back);
    const domain::Period next = MonthsBefore(period, -1);
    // The month's last day: the day before the first of the next month.
    const domain::Date as_of = domain::DateFromDays(engine::DaysBetween({1970, 1, 1}, {next.year, next.month, 1}) - 1);
    auto inputs = store::LoadAllWarningInputs(c, period);
    if (!inputs) return core::Fail(std::move(inputs.error()));
    std::vector<store::ProjectWarnings> all;
    all.reserve(inputs->size());
    for (const auto& in : *inputs) all.push_back(Assess(rules, in, period, as_of, buffer));
    auto n = store::SaveAllWarningHistory(c, period, all, now);
    if (!n) return core::Fail(std::move(n.error()));
    written += *n;
  }
  return written;
}

Result<bool> RecomputeWarningsIfDue(store::Database& db, const core::Clock& clock, const store::AuditSigner& sign) {
  const std::string today = ChinaToday(clock).ToString();
  auto due = [&](store::Connection& c) -> Result<bool> {
    auto last = store::GetSetting(c, kWarningsRecomputedKey);
    if (!last && last.error().code() != core::Code::kNotFound) return core::Fail(std::move(last.error()));
    return !last || last->value < today;
  };
  auto before = db.ReadValue<bool>(due);  // cheap: most ticks find nothing to do
  if (!before) return before;
  if (!*before) return false;
  return db.WriteValue<bool>([&](store::Connection& c) -> Result<bool> {
    auto still = due(c);  // another instance may have done it meanwhile
    if (!still || !*still) return still;
    auto rules = LoadActiveRules(c);
    if (!rules) return core::Fail(std::move(rules.error()));
    if (sign) {
      auto climbed = EscalateOverdueProblems(c, clock, sign);
      if (!climbed) return core::Fail(std::move(climbed.error()));
      if (*climbed > 0) spdlog::info("{} overdue problems escalated by rule", *climbed);
    }
    // A node still unmet pushes its successors a day further: forecasts first, then the lights.
    auto moved = RefreshAllSchedules(c, ChinaToday(clock));
    if (!moved) return core::Fail(std::move(moved.error()));
    auto counts = RecomputeAllWarnings(c, rules->rules, ChinaToday(clock), core::FormatTimestamp(clock.Now()));
    if (!counts) return core::Fail(std::move(counts.error()));
    spdlog::info("warnings recomputed for {}: {} projects, {} red, {} yellow, {} changed", counts->period.ToString(),
                 counts->projects, counts->red, counts->yellow, counts->changed);
    return true;
  });
}

DailyWarningRecompute::DailyWarningRecompute(store::Database& db, const core::Clock& clock,
                                             std::chrono::milliseconds interval, store::AuditSigner sign) {
  thread_ = std::thread([this, &db, &clock, interval, sign = std::move(sign)] {
    std::unique_lock lock(mu_);
    while (!stop_) {
      lock.unlock();
      try {
        auto r = RecomputeWarningsIfDue(db, clock, sign);
        if (!r) spdlog::warn("daily warnings recompute failed: {}", r.error().ToString());
      } catch (const std::exception& e) {
        spdlog::error("daily warnings recompute threw: {}", e.what());
      }
      lock.lock();
      cv_.wait_for(lock, interval, [this] { return stop_; });
    }
  });
}

DailyWarningRecompute::~DailyWarningRecompute() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

namespace {

Status OfficeOnly(const http::Request& req) {
  return auth::Authorize(CurrentUser(req), auth::Action::kProjectReview, {.kind = auth::Object::Kind::kBusiness});
}

json CountsJson(const RecomputeCounts& c) {
  return {{"period", c.period.ToString()},
          {"projects", c.projects},
          {"red", c.red},
          {"yellow", c.yellow},
          {"green", c.green},
          {"changed", c.changed}};
}

json RulesBody(const ActiveRules& active, const http::Request& req, const std::optional<std::string>& recomputed_on) {
  json presets = json::array();
  for (const engine::RuleSet* p : engine::Presets()) presets.push_back(RuleSetToJson(*p));
  return {{"active", RuleSetToJson(active.rules)},
          {"version", active.version},
          {"presets", presets},
          {"recomputed_on", recomputed_on ? json(*recomputed_on) : json(nullptr)},
          {"can_edit", auth::Can(CurrentUser(req), auth::Action::kProjectReview,
                                 {.kind = auth::Object::Kind::kBusiness}) == auth::Decision::kAllow}};
}

Result<std::optional<std::string>> RecomputedOn(store::Connection& c) {
  auto s = store::GetSetting(c, kWarningsRecomputedKey);
  if (s) return std::optional<std::string>(s->value);
  if (s.error().code() == core::Code::kNotFound) return std::optional<std::string>();
  return core::Fail(std::move(s.error()));
}

http::Response GetRules(const ApiContext& ctx, http::Request& req) {
  if (Status s =
          auth::Authorize(CurrentUser(req), auth::Action::kBusinessRead, {.kind = auth::Object::Kind::kBusiness});
      !s.ok()) {
    return ErrorResponse(s, req);
  }
  std::optional<std::string> recomputed_on;
  auto active = ctx.db.ReadValue<ActiveRules>([&](store::Connection& c) -> Result<ActiveRules> {
    auto on = RecomputedOn(c);
    if (!on) return core::Fail(std::move(on.error()));
    recomputed_on = *on;
    return LoadActiveRules(c);
  });
  if (!active) return ErrorResponse(active.error(), req);
  return VersionedResponse(200, RulesBody(*active, req, recomputed_on), active->version);
}

http::Response PutRules(const ApiContext& ctx, http::Request& req) {
  const auth::Principal& who = CurrentUser(req);
  if (Status s = OfficeOnly(req); !s.ok()) return ErrorResponse(s, req);
  // The first choice replaces the built-in default, version 0.
  auto version = IfMatchSettingVersion(req);
  if (!version) return ErrorResponse(version.error(), req);
  auto in = JsonInput::Parse(req);
  if (!in) return ErrorResponse(in.error(), req);
  auto rules = RuleSetFromJson(in->Raw());
  if (!rules) return ErrorResponse(rules.error(), req);
  const std::string value = RuleSetToJson(*rules).dump();
  const std::string now = core::FormatTimestamp(ctx.clock.Now());
  const domain::Date today = Today(ctx);
  RecomputeCounts counts;
  auto saved = ctx.db.WriteValue<store::Setting>([&](store::Connection& c) -> Result<store::Setting> {
    auto before = LoadActiveRules(c);
    auto r = store::PutSetting(c, kWarningRulesKey, value, *version, now);
    if (!r) return r;
    store::AuditEntry e = AuditOf(ctx, req, &who, "warning_rules.update", "setting", kWarningRulesKey);
    e.changes =
        json{{"before", before ? RuleSetToJson(before->rules) : json(nullptr)}, {"after", RuleSetToJson(*rules)}}
            .dump();
    GJ_FAIL_IF_ERROR(Record(c, ctx, std::move(e)));
    auto done = RecomputeAllWarnings(c, *rules, today, now);
    if (!done) return core::Fail(std::move(done.error()));
    counts = *done;
    return r;
  });
  if (!saved) return ErrorResponse(saved.error(), req);
  json body = RulesBody({*rules, saved->version}, req, today.ToString());
  body["recompute"] = CountsJson(counts);
  return VersionedResponse(200, body, saved->version);
}

http::Response Recompute(const ApiContext& ctx, http::Request& req) {
  const auth::Principal& who = CurrentUser(req);
  if (Status s = OfficeOnly(req); !s.ok()) return ErrorResponse(s, req);
  const std::string now = core::FormatTimestamp(ctx.clock.Now());
  const domain::Date today = Today(ctx);
  auto counts = ctx.db.WriteValue<RecomputeCounts>([&](store::Connection& c) -> Result<RecomputeCounts> {
    auto rules = LoadActiveRules(c);
    if (!rules) return core::Fail(std::move(rules.error()));
    auto moved = RefreshAllSchedules(c, today);
    if (!moved) return core::Fail(std::move(moved.error()));
    auto done = RecomputeAllWarnings(c, rules->rules, today, now);
    if (!done) return done;
    store::AuditEntry e = AuditOf(ctx, req, &who, "warnings.recompute", "setting", kWarningsRecomputedKey);
    e.changes = CountsJson(*done).dump();
    GJ_FAIL_IF_ERROR(Record(c, ctx, std::move(e)));
    return done;
  });
  if (!counts) return ErrorResponse(counts.error(), req);
  return JsonResponse(200, CountsJson(*counts));
}

http::Response ProjectWarnings(const ApiContext& ctx, http::Request& req) {
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("project_not_found"), req);
  const domain::Date today = Today(ctx);
  auto body = ctx.db.ReadValue<json>([&](store::Connection& c) -> Result<json> {
    auto project = ProjectForAction(c, req, *id, auth::Action::kBusinessRead);
    if (!project) return core::Fail(std::move(project.error()));
    auto items = store::ListWarnings(c, *id);
    if (!items) return core::Fail(std::move(items.error()));
    auto period = WarningPeriod(c, today);
    if (!period) return core::Fail(std::move(period.error()));
    auto history = store::ListWarningHistory(c, *id, MonthsBefore(*period, 11), *period);
    if (!history) return core::Fail(std::move(history.error()));
    json list = json::array();
    for (const auto& w : *items) {
      list.push_back({{"rule_id", w.rule_id},
                      {"measure", w.measure},
                      {"colour", w.colour},
                      {"reason", w.reason},
                      {"value", w.value},
                      {"computed_at", w.computed_at}});
    }
    json months = json::array();
    for (const auto& h : *history) {
      months.push_back(
          {{"year", h.period.year}, {"month", h.period.month}, {"period", h.period.ToString()}, {"colour", h.colour}});
    }
    return json{{"colour", project->warning_colour},
                {"watched", WatchedStage(project->project.lifecycle.stage)},
                {"period", period->ToString()},
                {"items", list},
                {"history", months}};
  });
  if (!body) return ErrorResponse(body.error(), req);
  return JsonResponse(200, *body);
}

}  // namespace

void AddWarningRoutes(http::Router& router, const ApiContext& ctx) {
  router.Add("GET", "/api/warning-rules", [&ctx](http::Request& r) { return GetRules(ctx, r); });
  router.Add("PUT", "/api/warning-rules", [&ctx](http::Request& r) { return PutRules(ctx, r); });
  router.Add("POST", "/api/warnings/recompute", [&ctx](http::Request& r) { return Recompute(ctx, r); });
  router.Add("GET", "/api/projects/{id}/warnings", [&ctx](http::Request& r) { return ProjectWarnings(ctx, r); });
}

}  // namespace gongjian::api
