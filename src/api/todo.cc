// The to-do page (工作台, issue 5): what waits on the signed-in user. Owners and units see the
// reports they must still fill (with the office's reminders), the office the reports and
// plans to review, writers the milestones due within two weeks, everyone the red and yellow
// projects in their scope, and the rounds open now.
#include <nlohmann/json.hpp>

#include "api/approvals.h"
#include "api/problems.h"
#include "api/json_input.h"
#include "api/projects.h"
#include "api/respond.h"
#include "api/session.h"
#include "api/todo.h"
#include "domain/calendar.h"
#include "store/round_repository.h"
#include "store/todo_repository.h"

namespace gongjian::api {
namespace {

using core::Result;
using core::Status;
using nlohmann::json;

constexpr int kMilestoneHorizonDays = 14;

bool Allowed(const auth::Principal& who, auth::Action action) {
  return auth::Can(who, action, {.kind = auth::Object::Kind::kBusiness}) == auth::Decision::kAllow;
}

template <typename T, typename F>
json Group(const store::Page<T>& page, F item) {
  json items = json::array();
  for (const auto& i : page.items) items.push_back(item(i));
  return {{"total", page.total}, {"items", items}};
}

Result<json> TodoFor(const ApiContext& ctx, store::Connection& c, const http::Request& req, int64_t limit) {
  const auth::Principal& who = CurrentUser(req);
  const store::Viewer viewer = ViewerOf(req);
  const domain::Date today = Today(ctx);
  const bool reviewer = Allowed(who, auth::Action::kProjectReview);
  const bool writer = Allowed(who, auth::Action::kBusinessWrite);
  json groups = json::object();
  if (writer && !reviewer) {
    auto fill = store::ReportsToFill(c, viewer, today, limit);
    if (!fill) return core::Fail(fill.error());
    groups["reports_to_fill"] = Group(*fill, [&](const store::ReportToFill& f) {
      return json{{"project_id", f.project_id},
                  {"project_name", f.project_name},
                  {"round_id", f.round_id},
                  {"period", f.period.ToString()},
                  {"closes_on", f.closes_on.ToString()},
                  {"days_left", domain::DaysFromEpoch(f.closes_on) - domain::DaysFromEpoch(today)},
                  {"status", f.status ? json(domain::ReportStatusName(*f.status)) : json(nullptr)},
                  {"report_id", f.report_id ? json(*f.report_id) : json(nullptr)},
                  {"reminded_at", f.reminded_at.empty() ? json(nullptr) : json(f.reminded_at)}};
    });
  }
  if (reviewer) {
    auto review = store::ItemsToReview(c, viewer, limit);
    if (!review) return core::Fail(review.error());
    groups["to_review"] = Group(*review, [](const store::ReviewItem& r) {
      return json{{"kind", r.kind},           {"id", r.id},         {"project_id", r.project_id},
                  {"project_name", r.project_name}, {"period", r.period}, {"submitted_at", r.submitted_at}};
    });
  }
  if (writer) {
    auto due = store::MilestonesDue(c, viewer, domain::AddDays(today, kMilestoneHorizonDays), limit);
    if (!due) return core::Fail(due.error());
    groups["milestones_due"] = Group(*due, [&](const store::MilestoneDue& m) {
      return json{{"id", m.id},
                  {"project_id", m.project_id},
                  {"project_name", m.project_name},
                  {"name", m.name},
                  {"planned", m.planned.ToString()},
                  {"days_left", domain::DaysFromEpoch(m.planned) - domain::DaysFromEpoch(today)},
                  {"responsible_person", m.responsible_person}};
    });
  }
  if (writer) {
    // 前期手续: the yellow and red items the user's own department approves.
    auto overdue = OverdueApprovals(ctx, c, req, who.org_id, limit);
    if (!overdue) return core::Fail(overdue.error());
    json items = json::array();
    int64_t total = 0;
    for (const auto& d : (*overdue)["departments"]) {
      total += d["yellow"].get<int64_t>() + d["red"].get<int64_t>();
      for (const auto& i : d["items"]) items.push_back(i);
    }
    groups["approvals_overdue"] = {{"total", total}, {"items", items}};
  }
  // The problem loop: what to assign, handle, confirm or close, and the letters to answer.
  auto problems = ProblemTodo(ctx, c, req, limit);
  if (!problems) return core::Fail(problems.error());
  for (auto& [name, group] : problems->items()) groups[name] = group;
  auto warned = store::WarnedProjects(c, viewer, limit);
  if (!warned) return core::Fail(warned.error());
  groups["warnings"] = Group(*warned, [](const store::WarnedProject& w) {
    return json{{"project_id", w.project_id}, {"project_name", w.project_name}, {"colour", w.colour}, {"reason", w.reason}};
  });
  auto rounds = store::ListRounds(c, {1, 12});
  if (!rounds) return core::Fail(rounds.error());
  json open = json::array();
  for (const auto& r : rounds->items) {
    if (r.opens_on <= today && today <= r.closes_on) {
      open.push_back({{"id", r.id},
                      {"name", r.name},
                      {"period", r.period.ToString()},
                      {"closes_on", r.closes_on.ToString()},
                      {"days_left", domain::DaysFromEpoch(r.closes_on) - domain::DaysFromEpoch(today)}});
    }
  }
  return json{{"today", today.ToString()}, {"groups", groups}, {"open_rounds", open}};
}

http::Response Todo(const ApiContext& ctx, http::Request& req) {
  if (Status s = auth::Authorize(CurrentUser(req), auth::Action::kBusinessRead, {.kind = auth::Object::Kind::kBusiness});
      !s.ok()) {
    return ErrorResponse(s, req);
  }
  auto limit = QueryInt(req, "limit", 20, 1, 200);
  if (!limit) return ErrorResponse(limit.error(), req);
  auto body = ctx.db.ReadValue<json>([&](store::Connection& c) { return TodoFor(ctx, c, req, *limit); });
  if (!body) return ErrorResponse(body.error(), req);
  return JsonResponse(200, *body);
}

// 催报: the office reminds the projects of a round that have not reported (all those in its
// scope when no ids are given). Each reminder shows on the owner's to-do and the board.
http::Response Remind(const ApiContext& ctx, http::Request& req) {
  const auth::Principal& who = CurrentUser(req);
  if (Status s = auth::Authorize(who, auth::Action::kProjectReview, {.kind = auth::Object::Kind::kBusiness}); !s.ok()) {
    return ErrorResponse(s, req);
  }
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("round_not_found"), req);
  auto in = JsonInput::Parse(req, {"project_ids"});
  if (!in) return ErrorResponse(in.error(), req);
  auto ids = in->IntList("project_ids");
  if (!ids) return ErrorResponse(ids.error(), req);
  std::string now = core::FormatTimestamp(ctx.clock.Now());
  auto sent = ctx.db.WriteValue<int64_t>([&](store::Connection& c) -> Result<int64_t> {
    auto round = store::GetRound(c, *id);
    if (!round) return core::Fail(round.error());
    auto entries = store::RoundStatus(c, ViewerOf(req), *round);
    if (!entries) return core::Fail(entries.error());
    std::vector<int64_t> targets;
    for (const auto& e : *entries) {
      const bool waiting = !e.status || *e.status == domain::ReportStatus::kDraft ||
                           *e.status == domain::ReportStatus::kReturned;
      const bool asked = ids->empty() || std::find(ids->begin(), ids->end(), e.project_id) != ids->end();
      if (waiting && asked) targets.push_back(e.project_id);
    }
    if (!ids->empty() && targets.size() != ids->size()) {
      return core::Fail(Status::Invalid("project_ids", "not_waiting"));
    }
    GJ_FAIL_IF_ERROR(store::RecordReminders(c, *id, targets, who.user_id, now));
    store::AuditEntry e = AuditOf(ctx, req, &who, "round.remind", "round", std::to_string(*id));
    e.changes = json{{"project_ids", targets}}.dump();
    GJ_FAIL_IF_ERROR(Record(c, ctx, std::move(e)));
    return static_cast<int64_t>(targets.size());
  });
  if (!sent) return ErrorResponse(sent.error(), req);
  return JsonResponse(200, {{"reminded", *sent}, {"sent_at", now}});
}

}  // namespace

void AddTodoRoutes(http::Router& router, const ApiContext& ctx) {
  router.Add("GET", "/api/todo", [&ctx](http::Request& r) { return Todo(ctx, r); });
  router.Add("POST", "/api/rounds/{id}/reminders", [&ctx](http::Request& r) { return Remind(ctx, r); });
}

}  // namespace gongjian::api
