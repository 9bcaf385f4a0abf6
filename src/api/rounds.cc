// Dispatch rounds (调度任务, SPEC §3): the office opens a month's round with a fill-in
// window, sees who has and has not reported, and lets a late project report.
#include <nlohmann/json.hpp>

#include "api/json_input.h"
#include "api/projects.h"
#include "api/reports.h"
#include "api/respond.h"
#include "api/session.h"
#include "store/round_repository.h"

namespace gongjian::api {
namespace {

using core::Result;
using core::Status;
using nlohmann::json;
using store::DispatchRound;

json RoundJson(const DispatchRound& r) {
  return {{"id", r.id},
          {"name", r.name},
          {"period", r.period.ToString()},
          {"opens_on", r.opens_on.ToString()},
          {"closes_on", r.closes_on.ToString()},
          {"version", r.version}};
}

Result<domain::Date> DateField(const JsonInput& in, const char* field) {
  auto text = in.RequiredString(field);
  if (!text) return core::Fail(text.error());
  auto d = domain::ParseDate(*text);
  if (!d) return core::Fail(Status::Invalid(field, "date_format"));
  return *d;
}

http::Response List(const ApiContext& ctx, http::Request& req) {
  if (Status s = BusinessAccess(req, auth::Action::kBusinessRead); !s.ok()) return ErrorResponse(s, req);
  auto page = QueryInt(req, "page", 1, 1, 1'000'000);
  if (!page) return ErrorResponse(page.error(), req);
  auto size = QueryInt(req, "page_size", 20, 1, 200);
  if (!size) return ErrorResponse(size.error(), req);
  auto rounds = ctx.db.ReadValue<store::Page<DispatchRound>>(
      [&](store::Connection& c) { return store::ListRounds(c, {*page, *size}); });
  if (!rounds) return ErrorResponse(rounds.error(), req);
  json items = json::array();
  for (const auto& r : rounds->items) items.push_back(RoundJson(r));
  return JsonResponse(200, {{"items", items}, {"total", rounds->total}, {"page", *page}, {"page_size", *size}});
}

http::Response Create(const ApiContext& ctx, http::Request& req) {
  const auth::Principal& who = CurrentUser(req);
  if (Status s = BusinessAccess(req, auth::Action::kProjectReview); !s.ok()) return ErrorResponse(s, req);
  auto in = JsonInput::Parse(req, {"name", "period", "opens_on", "closes_on"});
  if (!in) return ErrorResponse(in.error(), req);
  DispatchRound round;
  auto name = in->RequiredString("name");
  if (!name) return ErrorResponse(name.error(), req);
  round.name = *name;
  auto period_text = in->RequiredString("period");
  if (!period_text) return ErrorResponse(period_text.error(), req);
  auto period = domain::ParsePeriod(*period_text);
  if (!period) return ErrorResponse(Status::Invalid("period", "period_format"), req);
  round.period = *period;
  auto opens = DateField(*in, "opens_on");
  if (!opens) return ErrorResponse(opens.error(), req);
  auto closes = DateField(*in, "closes_on");
  if (!closes) return ErrorResponse(closes.error(), req);
  round.opens_on = *opens;
  round.closes_on = *closes;
  std::string now = core::FormatTimestamp(ctx.clock.Now());
  auto created = ctx.db.WriteValue<DispatchRound>([&](store::Connection& c) -> Result<DispatchRound> {
    auto r = store::CreateRound(c, round, who.user_id, now);
    if (!r) return r;
    store::AuditEntry e = AuditOf(ctx, req, &who, "round.create", "round", std::to_string(r->id));
    e.changes = json{{"after", RoundJson(*r)}}.dump();
    GJ_FAIL_IF_ERROR(Record(c, ctx, std::move(e)));
    return r;
  });
  if (!created) return ErrorResponse(created.error(), req);
  return VersionedResponse(201, RoundJson(*created), created->version);
}

http::Response Board(const ApiContext& ctx, http::Request& req) {
  if (Status s = BusinessAccess(req, auth::Action::kBusinessRead); !s.ok()) return ErrorResponse(s, req);
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("round_not_found"), req);
  auto body = ctx.db.ReadValue<json>([&](store::Connection& c) -> Result<json> {
    auto round = store::GetRound(c, *id);
    if (!round) return core::Fail(round.error());
    auto entries = store::RoundStatus(c, ViewerOf(req), *round);
    if (!entries) return core::Fail(entries.error());
    std::map<std::string, int64_t> counts = {{"not_reported", 0}, {"draft", 0},    {"submitted", 0},
                                             {"returned", 0},     {"accepted", 0}, {"superseded", 0}};
    json items = json::array();
    for (const auto& e : *entries) {
      std::string status = e.status ? std::string(domain::ReportStatusName(*e.status)) : "not_reported";
      ++counts[status];
      items.push_back({{"project_id", e.project_id},
                       {"project_name", e.project_name},
                       {"owner_name", e.owner_name},
                       {"status", status},
                       {"extended_until", e.extended_until ? json(e.extended_until->ToString()) : json(nullptr)},
                       {"reminded_at", e.reminded_at.empty() ? json(nullptr) : json(e.reminded_at)}});
    }
    return json{{"round", RoundJson(*round)}, {"items", items}, {"counts", counts}, {"total", entries->size()}};
  });
  if (!body) return ErrorResponse(body.error(), req);
  return JsonResponse(200, *body);
}

http::Response Extend(const ApiContext& ctx, http::Request& req) {
  const auth::Principal& who = CurrentUser(req);
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("round_not_found"), req);
  auto in = JsonInput::Parse(req, {"project_id", "until"});
  if (!in) return ErrorResponse(in.error(), req);
  auto project_id = in->Int("project_id");
  if (!project_id) return ErrorResponse(project_id.error(), req);
  if (!*project_id) return ErrorResponse(Status::Invalid("project_id", "required"), req);
  auto until = DateField(*in, "until");
  if (!until) return ErrorResponse(until.error(), req);
  std::string now = core::FormatTimestamp(ctx.clock.Now());
  Status s = ctx.db.Write([&](store::Connection& c) -> Status {
    auto round = store::GetRound(c, *id);
    if (!round) return round.error();
    auto project = ProjectForAction(c, req, **project_id, auth::Action::kProjectReview);
    if (!project) return project.error();
    if (*until < round->opens_on) return Status::Invalid("until", "date_order");
    GJ_RETURN_IF_ERROR(store::GrantExtension(c, *id, **project_id, *until, who.user_id, now));
    store::AuditEntry e = AuditOf(ctx, req, &who, "round.extend", "round", std::to_string(*id));
    e.changes = json{{"project_id", **project_id}, {"until", until->ToString()}}.dump();
    return Record(c, ctx, std::move(e));
  });
  if (!s.ok()) return ErrorResponse(s, req);
  return NoContentResponse();
}

}  // namespace

void AddRoundRoutes(http::Router& router, const ApiContext& ctx) {
  router.Add("GET", "/api/rounds", [&ctx](http::Request& r) { return List(ctx, r); });
  router.Add("POST", "/api/rounds", [&ctx](http::Request& r) { return Create(ctx, r); });
  router.Add("GET", "/api/rounds/{id}/status", [&ctx](http::Request& r) { return Board(ctx, r); });
  router.Add("POST", "/api/rounds/{id}/extensions", [&ctx](http::Request& r) { return Extend(ctx, r); });
}

}  // namespace gongjian::api
