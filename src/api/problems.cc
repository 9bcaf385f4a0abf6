// The problem closed loop (问题交办—办理—反馈—销号, SPEC §6): problems raised on projects, assigned by
// the office to a responsible unit with cooperating units and a deadline, handled step by step,
// confirmed by whoever raised them, closed by the office (or reopened); the escalation ladder
// (by hand at a meeting, or by rule when overdue), the meetings that decide them, and the
// supervision letters (两函一单) with their reply deadlines. Every move goes through the pure
// state machine (domain::ApplyProblemAction) and can(); each writes its event and its audit row
// in the same transaction.
#include "api/problems.h"

#include <nlohmann/json.hpp>

#include "api/files.h"
#include "api/json_input.h"
#include "api/projects.h"
#include "api/respond.h"
#include "api/session.h"
#include "api/supervision_rules.h"
#include "api/warnings.h"
#include "domain/problem.h"
#include "domain/text.h"
#include "io/file_store.h"
#include "report/issuer.h"
#include "report/letter.h"
#include "core/sm3.h"
#include "store/audit_repository.h"
#include "store/inspection_repository.h"
#include "store/milestone_repository.h"
#include "store/org_repository.h"
#include "store/problem_repository.h"
#include "store/user_repository.h"

namespace gongjian::api {
namespace {

using core::Result;
using core::Status;
using domain::ProblemAction;
using domain::ProblemState;
using nlohmann::json;
using store::Problem;

constexpr const char* kTypes = "land, funds, demolition, approval, utilities, energy_env, construction, policy, other";
constexpr const char* kStates = "pending, in_progress, awaiting_confirmation, closed, returned, reopened";
constexpr const char* kLevels = "unit, weekly, coordination, leaders";
constexpr const char* kLetterKinds = "assign, remind, supervise";
constexpr int64_t kMaxDeadlineDays = 366;

std::optional<report::LetterKind> ParseLetterKind(std::string_view name) {
  if (name == "assign") return report::LetterKind::kAssign;
  if (name == "remind") return report::LetterKind::kReminder;
  if (name == "supervise") return report::LetterKind::kSupervise;
  return std::nullopt;
}

json OptDate(const std::optional<domain::Date>& d) { return d ? json(d->ToString()) : json(nullptr); }

// The caller's part in a problem: whether its unit handles it (responsible or cooperating), is
// the responsible one, or raised it.
struct Part {
  bool handler = false;
  bool responsible = false;
  bool raiser = false;
};

Part PartOf(const auth::Principal& who, const Problem& p) {
  Part part;
  part.responsible = p.responsible_org_id && *p.responsible_org_id == who.org_id;
  part.handler = part.responsible;
  for (const auto& [org, name] : p.cooperating) part.handler = part.handler || org == who.org_id;
  part.raiser = p.raised_org_id == who.org_id;
  return part;
}

// The can() question for `action` on `p` as the caller's part makes it.
auth::Action ActionFor(ProblemAction a) {
  switch (a) {
    case ProblemAction::kStep:
    case ProblemAction::kSubmit: return auth::Action::kProblemHandle;
    case ProblemAction::kConfirm:
    case ProblemAction::kReject: return auth::Action::kProblemConfirm;
    default: return auth::Action::kProblemDecide;
  }
}

bool OwnFor(ProblemAction a, const Part& part) {
  switch (a) {
    case ProblemAction::kStep: return part.handler;
    case ProblemAction::kSubmit: return part.responsible;
    case ProblemAction::kConfirm:
    case ProblemAction::kReject: return part.raiser;
    default: return false;
  }
}

Status AuthorizeMove(const auth::Principal& who, const Problem& p, ProblemAction a) {
  return auth::Authorize(who, ActionFor(a), {.kind = auth::Object::Kind::kBusiness, .in_scope = true, .own = OwnFor(a, PartOf(who, p))});
}

bool MayMove(const auth::Principal& who, const Problem& p, ProblemAction a) {
  return AuthorizeMove(who, p, a).ok() && domain::ProblemActionAllowed(p.status, a);
}

json CanJson(const auth::Principal& who, const Problem& p) {
  const bool decide = auth::Authorize(who, auth::Action::kProblemDecide, {.kind = auth::Object::Kind::kBusiness}).ok();
  return {{"assign", MayMove(who, p, ProblemAction::kAssign)},
          {"step", MayMove(who, p, ProblemAction::kStep)},
          {"submit", MayMove(who, p, ProblemAction::kSubmit)},
          {"confirm", MayMove(who, p, ProblemAction::kConfirm)},
          {"close", MayMove(who, p, ProblemAction::kClose)},
          {"reopen", MayMove(who, p, ProblemAction::kReopen)},
          {"escalate", MayMove(who, p, ProblemAction::kEscalate)},
          {"letter", decide && p.responsible_org_id.has_value() && p.status.state != ProblemState::kClosed},
          {"photo", p.status.state != ProblemState::kClosed && (PartOf(who, p).raiser || MayMove(who, p, ProblemAction::kStep))}};
}

// Late: being handled (a result waiting for the raiser is not the units' delay) past the deadline.
bool Overdue(const Problem& p, domain::Date today) {
  return domain::IsBeingHandled(p.status.state) && p.deadline && *p.deadline < today;
}

json ProblemJson(const auth::Principal& who, const Problem& p, domain::Date today, const domain::WorkCalendar& cal) {
  json coop = json::array();
  for (const auto& [id, name] : p.cooperating) coop.push_back({{"id", id}, {"name", name}});
  const bool late = Overdue(p, today);
  return {{"id", p.id},
          {"project_id", p.project_id},
          {"project_name", p.project_name},
          {"type", domain::ProblemTypeName(p.type)},
          {"title", p.title},
          {"description", p.description},
          {"state", domain::ProblemStateName(p.status.state)},
          {"confirmed", p.status.confirmed},
          {"level", domain::EscalationLevelName(p.status.level)},
          {"raised_by", p.raised_by},
          {"raised_by_name", p.raised_by_name},
          {"raised_role", p.raised_role},
          {"raised_org_name", p.raised_org_name},
          {"raised_on", p.raised_on.ToString()},
          {"inspection_id", p.inspection_id ? json(*p.inspection_id) : json(nullptr)},
          {"responsible_org_id", p.responsible_org_id ? json(*p.responsible_org_id) : json(nullptr)},
          {"responsible_org_name", p.responsible_org_id ? json(p.responsible_org_name) : json(nullptr)},
          {"cooperating", coop},
          {"deadline", OptDate(p.deadline)},
          {"overdue", late},
          {"overdue_working_days", late ? domain::OverdueWorkingDays(*p.deadline, today, cal) : 0},
          {"result", p.result},
          {"closed_on", OptDate(p.closed_on)},
          {"version", p.version},
          {"can", CanJson(who, p)}};
}

json LetterJson(const store::Letter& l, domain::Date today) {
  return {{"id", l.id},
          {"problem_id", l.problem_id},
          {"project_name", l.project_name},
          {"kind", l.kind},
          {"number", l.number},
          {"title", l.title},
          {"addressee_org_id", l.addressee_org_id},
          {"addressee_name", l.addressee_name},
          {"issued_on", l.issued_on.ToString()},
          {"reply_deadline", l.reply_deadline.ToString()},
          {"replied_on", OptDate(l.replied_on)},
          {"reply_text", l.reply_text},
          {"overdue", !l.replied_on && l.reply_deadline < today},
          {"pdf_url", "/api/letters/" + std::to_string(l.id) + "/pdf"}};
}

json PhotoJson(int64_t problem_id, const store::Attachment& a) {
  const std::string base = "/api/problems/" + std::to_string(problem_id) + "/photos/" + std::to_string(a.id);
  return {{"id", a.id},
          {"filename", a.filename},
          {"content_type", a.content_type},
          {"url", base},
          {"thumbnail_url", a.thumbnail_key ? json(base + "/thumbnail") : json(nullptr)}};
}

// A date field; absent reads as Date{} unless `required`.
Result<domain::Date> ReadDate(const JsonInput& in, const char* field, bool required) {
  auto d = in.Date(field);
  if (!d) return core::Fail(d.error());
  if (!*d && required) return core::Fail(Status::Invalid(field, "required"));
  return d->value_or(domain::Date{});
}

Result<std::string> ReadText(const JsonInput& in, const char* field) {
  auto text = in.String(field);
  if (!text) return core::Fail(text.error());
  std::string out = text->value_or("");
  GJ_FAIL_IF_ERROR(domain::ValidateProblemText(out, field));
  return out;
}


// Loads the problem in the caller's scope (kNotFound otherwise).
Result<Problem> Load(store::Connection& c, const http::Request& req, int64_t id) {
  if (Status s = BusinessAccess(req, auth::Action::kBusinessRead); !s.ok()) return core::Fail(s);
  return store::GetProblem(c, ViewerOf(req), id);
}

Result<json> DetailJson(const ApiContext& ctx, store::Connection& c, const http::Request& req, const Problem& p) {
  auto cal = store::LoadWorkCalendar(c);
  if (!cal) return core::Fail(cal.error());
  const domain::Date today = Today(ctx);
  json out = ProblemJson(CurrentUser(req), p, today, *cal);
  auto events = store::ListProblemEvents(c, p.id);
  if (!events) return core::Fail(events.error());
  json ev = json::array();
  for (const auto& e : *events) {
    json j = {{"id", e.id},     {"kind", e.kind},          {"at", e.at},         {"on", e.on.ToString()},
              {"user_name", e.user_name}, {"org_name", e.org_name}, {"text", e.text}};
    if (e.level) j["level"] = domain::EscalationLevelName(*e.level);
    if (e.meeting_id) {
      j["meeting_id"] = *e.meeting_id;
      j["meeting_title"] = e.meeting_title;
    }
    if (e.letter_id) j["letter_id"] = *e.letter_id;
    ev.push_back(std::move(j));
  }
  out["events"] = ev;
  auto letters = store::ProblemLetters(c, p.id);
  if (!letters) return core::Fail(letters.error());
  json lj = json::array();
  for (const auto& l : *letters) lj.push_back(LetterJson(l, today));
  out["letters"] = lj;
  auto photo_ids = store::ProblemPhotoIds(c, p.id);
  if (!photo_ids) return core::Fail(photo_ids.error());
  json photos = json::array();
  for (int64_t id : *photo_ids) {
    auto a = store::GetAttachment(c, id);
    if (!a) return core::Fail(a.error());
    photos.push_back(PhotoJson(p.id, *a));
  }
  out["photos"] = photos;
  return out;
}

store::ProblemEvent EventOf(const ApiContext& ctx, const http::Request& req, const Problem& p, std::string kind,
                            std::string text) {
  const auth::Principal& who = CurrentUser(req);
  store::ProblemEvent e;
  e.problem_id = p.id;
  e.kind = std::move(kind);
  e.at = core::FormatTimestamp(ctx.clock.Now());
  e.on = Today(ctx);
  e.user_id = who.user_id;
  e.org_id = who.org_id;
  e.text = std::move(text);
  return e;
}

// Writes `after` (the moved problem) at the version the request was based on, its event and
// the audit row; answers the problem as it now reads.
Result<json> Commit(const ApiContext& ctx, store::Connection& c, const http::Request& req, const Problem& before,
                    Problem after, store::ProblemEvent event, int64_t& version) {
  auto v = store::UpdateProblem(c, after, core::FormatTimestamp(ctx.clock.Now()));
  if (!v) return core::Fail(v.error());
  version = *v;
  // A deadline set, moved or cleared by closing changes the project's problem warnings.
  GJ_FAIL_IF_ERROR(RecomputeWarnings(ctx, c, before.project_id));
  auto id = store::AddProblemEvent(c, event);
  if (!id) return core::Fail(id.error());
  store::AuditEntry e = AuditOf(ctx, req, &CurrentUser(req), "problem." + event.kind, "problem", std::to_string(before.id));
  e.changes = json{{"from", domain::ProblemStateName(before.status.state)},
                   {"to", domain::ProblemStateName(after.status.state)},
                   {"level", domain::EscalationLevelName(after.status.level)},
                   {"text", event.text}}
                  .dump();
  GJ_FAIL_IF_ERROR(Record(c, ctx, std::move(e)));
  auto fresh = store::GetProblem(c, ViewerOf(req), before.id);
  if (!fresh) {
    // A unit that was just unassigned may no longer see it: answer what it wrote.
    after.version = *v;
    auto cal = store::LoadWorkCalendar(c);
    if (!cal) return core::Fail(cal.error());
    return ProblemJson(CurrentUser(req), after, Today(ctx), *cal);
  }
  return DetailJson(ctx, c, req, *fresh);
}

// ---- Reading ----

Result<store::ProblemFilter> ReadFilter(const http::Request& req) {
  store::ProblemFilter f;
  if (auto raw = req.Query("state"); raw && !raw->empty()) {
    std::string_view rest = *raw;
    while (!rest.empty()) {
      size_t comma = rest.find(',');
      auto s = domain::ParseProblemState(rest.substr(0, comma));
      if (!s) return core::Fail(Status::Invalid("state", "invalid_enum", {kStates}));
      f.states.push_back(*s);
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
  }
  if (auto raw = req.Query("type"); raw && !raw->empty()) {
    f.type = domain::ParseProblemType(*raw);
    if (!f.type) return core::Fail(Status::Invalid("type", "invalid_enum", {kTypes}));
  }
  if (auto raw = req.Query("level"); raw && !raw->empty()) {
    f.level = domain::ParseEscalationLevel(*raw);
    if (!f.level) return core::Fail(Status::Invalid("level", "invalid_enum", {kLevels}));
  }
  for (auto [name, out] : {std::pair{"responsible_org_id", &f.responsible_org_id}, std::pair{"project_id", &f.project_id}}) {
    if (auto raw = req.Query(name); raw && !raw->empty()) {
      auto v = QueryInt(req, name, 0, 1, INT64_MAX);
      if (!v) return core::Fail(v.error());
      *out = *v;
    }
  }
  auto overdue = QueryInt(req, "overdue", 0, 0, 1);
  if (!overdue) return core::Fail(overdue.error());
  f.overdue_only = *overdue == 1;
  f.q = std::string(req.Query("q").value_or(""));
  if (domain::CodePoints(f.q) > 100) return core::Fail(Status::Invalid("q", "too_long", {"100"}));
  return f;
}

http::Response List(const ApiContext& ctx, http::Request& req) {
  if (Status s = BusinessAccess(req, auth::Action::kBusinessRead); !s.ok()) return ErrorResponse(s, req);
  auto filter = ReadFilter(req);
  if (!filter) return ErrorResponse(filter.error(), req);
  auto page = QueryInt(req, "page", 1, 1, 1'000'000);
  if (!page) return ErrorResponse(page.error(), req);
  auto size = QueryInt(req, "page_size", 20, 1, 200);
  if (!size) return ErrorResponse(size.error(), req);
  const domain::Date today = Today(ctx);
  auto body = ctx.db.ReadValue<json>([&](store::Connection& c) -> Result<json> {
    auto list = store::ListProblems(c, ViewerOf(req), *filter, {*page, *size}, today);
    if (!list) return core::Fail(list.error());
    auto counts = store::CountProblems(c, ViewerOf(req), *filter, today);
    if (!counts) return core::Fail(counts.error());
    auto cal = store::LoadWorkCalendar(c);
    if (!cal) return core::Fail(cal.error());
    json items = json::array();
    for (const auto& p : list->items) items.push_back(ProblemJson(CurrentUser(req), p, today, *cal));
    return json{{"items", items}, {"total", list->total}, {"page", *page}, {"page_size", *size}, {"counts", *counts}};
  });
  if (!body) return ErrorResponse(body.error(), req);
  return JsonResponse(200, *body);
}

http::Response Get(const ApiContext& ctx, http::Request& req) {
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("problem_not_found"), req);
  int64_t version = 0;
  auto body = ctx.db.ReadValue<json>([&](store::Connection& c) -> Result<json> {
    auto p = Load(c, req, *id);
    if (!p) return core::Fail(p.error());
    version = p->version;
    return DetailJson(ctx, c, req, *p);
  });
  if (!body) return ErrorResponse(body.error(), req);
  return VersionedResponse(200, *body, version);
}

// ---- Raising ----

std::string RaisedRole(const auth::Principal& who) {
  for (auto [role, name] : {std::pair{domain::Role::kOffice, "office"}, std::pair{domain::Role::kLeader, "leader"},
                            std::pair{domain::Role::kUnit, "unit"}, std::pair{domain::Role::kOwner, "owner"}}) {
    if (who.Has(role)) return name;
  }
  return "unit";
}

http::Response Create(const ApiContext& ctx, http::Request& req) {
  const auth::Principal& who = CurrentUser(req);
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("project_not_found"), req);
  auto in = JsonInput::Parse(req, {"type", "title", "description", "inspection_id"});
  if (!in) return ErrorResponse(in.error(), req);
  auto type_text = in->RequiredString("type");
  if (!type_text) return ErrorResponse(type_text.error(), req);
  auto type = domain::ParseProblemType(*type_text);
  if (!type) return ErrorResponse(Status::Invalid("type", "invalid_enum", {kTypes}), req);
  auto title = in->String("title");
  if (!title) return ErrorResponse(title.error(), req);
  auto description = in->String("description");
  if (!description) return ErrorResponse(description.error(), req);
  auto inspection = in->Int("inspection_id");
  if (!inspection) return ErrorResponse(inspection.error(), req);
  domain::ProblemInput input{*type, title->value_or(""), description->value_or("")};
  if (Status s = domain::ValidateProblemInput(input); !s.ok()) return ErrorResponse(s, req);
  const std::string now = core::FormatTimestamp(ctx.clock.Now());
  int64_t version = 0;
  auto body = ctx.db.WriteValue<json>([&](store::Connection& c) -> Result<json> {
    auto project = ProjectForAction(c, req, *id, auth::Action::kBusinessRead);
    if (!project) return core::Fail(project.error());
    GJ_FAIL_IF_ERROR(auth::Authorize(who, auth::Action::kProblemRaise, {.kind = auth::Object::Kind::kBusiness}));
    if (*inspection) {
      // Raised from an inspection: one the caller sees, that visited this project.
      auto from = store::GetInspection(c, ViewerOf(req), **inspection);
      if (!from) {
        if (from.error().code() == core::Code::kNotFound) return core::Fail(Status::Invalid("inspection_id", "inspection_not_found"));
        return core::Fail(from.error());
      }
      if (std::find(from->project_ids.begin(), from->project_ids.end(), *id) == from->project_ids.end()) {
        return core::Fail(Status::Invalid("inspection_id", "inspection_other_project"));
      }
    }
    Problem p;
    p.project_id = *id;
    p.project_name = project->project.name;
    p.type = input.type;
    p.title = input.title;
    p.description = input.description;
    p.raised_by = who.user_id;
    p.raised_org_id = who.org_id;
    p.raised_role = RaisedRole(who);
    p.raised_on = Today(ctx);
    p.inspection_id = *inspection;
    auto made = store::CreateProblem(c, p, now);
    if (!made) return core::Fail(made.error());
    version = made->version;
    auto ev = store::AddProblemEvent(c, EventOf(ctx, req, *made, "raised", made->title));
    if (!ev) return core::Fail(ev.error());
    store::AuditEntry e = AuditOf(ctx, req, &who, "problem.raise", "problem", std::to_string(made->id));
    e.changes = json{{"project_id", *id}, {"type", domain::ProblemTypeName(p.type)}, {"title", p.title}}.dump();
    GJ_FAIL_IF_ERROR(Record(c, ctx, std::move(e)));
    auto fresh = store::GetProblem(c, ViewerOf(req), made->id);
    if (!fresh) return core::Fail(fresh.error());
    return DetailJson(ctx, c, req, *fresh);
  });
  if (!body) return ErrorResponse(body.error(), req);
  http::Response r = VersionedResponse(201, *body, version);
  r.SetHeader("Location", "/api/problems/" + std::to_string((*body)["id"].get<int64_t>()));
  return r;
}

// ---- The moves ----

// Checks that every org id names an organisation; kInvalid on `field` otherwise.
Result<std::map<int64_t, std::string>> OrgsExist(store::Connection& c, const std::vector<int64_t>& ids, const char* field) {
  auto names = store::OrgNames(c, ids);
  if (!names) return core::Fail(names.error());
  for (int64_t id : ids) {
    if (!names->count(id)) return core::Fail(Status::Invalid(field, "org_not_found"));
  }
  return names;
}

// The body of one move, read and checked before the transaction; the rest needs the problem.
struct MoveInput {
  ProblemAction action = ProblemAction::kStep;
  std::string text;
  domain::Date on;
  std::optional<int64_t> responsible;
  std::vector<int64_t> cooperating;
  domain::Date deadline;
  std::optional<domain::EscalationLevel> level;
  std::optional<int64_t> meeting_id;
};

Result<MoveInput> ReadMove(const http::Request& req, std::string_view verb) {
  MoveInput m;
  if (verb == "assign") {
    auto in = JsonInput::Parse(req, {"responsible_org_id", "cooperating_org_ids", "deadline"});
    if (!in) return core::Fail(in.error());
    m.action = ProblemAction::kAssign;
    auto r = in->Int("responsible_org_id");
    if (!r) return core::Fail(r.error());
    if (!*r) return core::Fail(Status::Invalid("responsible_org_id", "required"));
    m.responsible = *r;
    auto coop = in->IntList("cooperating_org_ids");
    if (!coop) return core::Fail(coop.error());
    if (coop->size() > domain::kMaxCooperatingUnits) {
      return core::Fail(Status::Invalid("cooperating_org_ids", "too_many", {std::to_string(domain::kMaxCooperatingUnits)}));
    }
    for (int64_t id : *coop) {
      if (id != *m.responsible && std::find(m.cooperating.begin(), m.cooperating.end(), id) == m.cooperating.end()) {
        m.cooperating.push_back(id);
      }
    }
    auto d = ReadDate(*in, "deadline", true);
    if (!d) return core::Fail(d.error());
    m.deadline = *d;
  } else if (verb == "steps" || verb == "submit") {
    const char* field = verb == "steps" ? "text" : "result";
    auto in = verb == "steps" ? JsonInput::Parse(req, {"text", "on"}) : JsonInput::Parse(req, {"result"});
    if (!in) return core::Fail(in.error());
    m.action = verb == "steps" ? ProblemAction::kStep : ProblemAction::kSubmit;
    auto t = ReadText(*in, field);
    if (!t) return core::Fail(t.error());
    m.text = *t;
    if (verb == "steps") {
      auto on = ReadDate(*in, "on", false);
      if (!on) return core::Fail(on.error());
      m.on = *on;
    }
  } else if (verb == "confirm") {
    auto in = JsonInput::Parse(req, {"accept", "reason"});
    if (!in) return core::Fail(in.error());
    auto accept = in->Bool("accept");
    if (!accept) return core::Fail(accept.error());
    if (!*accept) return core::Fail(Status::Invalid("accept", "required"));
    m.action = **accept ? ProblemAction::kConfirm : ProblemAction::kReject;
    if (!**accept) {
      auto t = ReadText(*in, "reason");
      if (!t) return core::Fail(t.error());
      m.text = *t;
    } else {
      auto t = in->String("reason");
      if (!t) return core::Fail(t.error());
      m.text = domain::TrimSpaces(t->value_or(""));
      if (domain::CodePoints(m.text) > domain::kProblemTextMaxChars) {
        return core::Fail(Status::Invalid("reason", "too_long", {std::to_string(domain::kProblemTextMaxChars)}));
      }
    }
  } else if (verb == "close") {
    auto in = JsonInput::Parse(req, {"remark"});
    if (!in && in.error().field() != "body") return core::Fail(in.error());
    m.action = ProblemAction::kClose;
    if (in) {
      auto t = in->String("remark");
      if (!t) return core::Fail(t.error());
      m.text = domain::TrimSpaces(t->value_or(""));
    }
  } else if (verb == "reopen") {
    auto in = JsonInput::Parse(req, {"reason"});
    if (!in) return core::Fail(in.error());
    m.action = ProblemAction::kReopen;
    auto t = ReadText(*in, "reason");
    if (!t) return core::Fail(t.error());
    m.text = *t;
  } else if (verb == "escalate") {
    auto in = JsonInput::Parse(req, {"to_level", "meeting_id", "decision", "on"});
    if (!in) return core::Fail(in.error());
    m.action = ProblemAction::kEscalate;
    auto level = in->RequiredString("to_level");
    if (!level) return core::Fail(level.error());
    m.level = domain::ParseEscalationLevel(*level);
    if (!m.level) return core::Fail(Status::Invalid("to_level", "invalid_enum", {kLevels}));
    auto meeting = in->Int("meeting_id");
    if (!meeting) return core::Fail(meeting.error());
    m.meeting_id = *meeting;
    auto t = ReadText(*in, "decision");
    if (!t) return core::Fail(t.error());
    m.text = *t;
    auto on = ReadDate(*in, "on", false);
    if (!on) return core::Fail(on.error());
    m.on = *on;
  }
  return m;
}

std::string Join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

http::Response Move(const ApiContext& ctx, http::Request& req, std::string_view verb) {
  const auth::Principal& who = CurrentUser(req);
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("problem_not_found"), req);
  auto expected = IfMatchVersion(req);
  if (!expected) return ErrorResponse(expected.error(), req);
  auto move = ReadMove(req, verb);
  if (!move) return ErrorResponse(move.error(), req);
  const domain::Date today = Today(ctx);
  int64_t version = 0;
  auto body = ctx.db.WriteValue<json>([&](store::Connection& c) -> Result<json> {
    auto p = Load(c, req, *id);
    if (!p) return core::Fail(p.error());
    GJ_FAIL_IF_ERROR(AuthorizeMove(who, *p, move->action));
    if (p->version != *expected) {
      return core::Fail(Status(core::Code::kFailedPrecondition, "stale_version", "", {std::to_string(p->version)}));
    }
    auto status = domain::ApplyProblemAction(p->status, move->action, move->level);
    if (!status) return core::Fail(status.error());
    Problem after = *p;
    after.version = *expected;
    after.status = *status;
    std::string kind;
    std::string text = move->text;
    store::ProblemEvent event = EventOf(ctx, req, *p, "", "");
    switch (move->action) {
      case ProblemAction::kAssign: {
        if (move->deadline < today) return core::Fail(Status::Invalid("deadline", "date_in_past"));
        if (move->deadline > domain::AddDays(today, kMaxDeadlineDays)) {
          return core::Fail(Status::Invalid("deadline", "too_far", {std::to_string(kMaxDeadlineDays)}));
        }
        std::vector<int64_t> all = move->cooperating;
        all.push_back(*move->responsible);
        auto names = OrgsExist(c, all, "responsible_org_id");
        if (!names) {
          // Name the list when the bad id came from it.
          auto one = OrgsExist(c, {*move->responsible}, "responsible_org_id");
          if (!one) return core::Fail(one.error());
          return core::Fail(Status::Invalid("cooperating_org_ids", "org_not_found"));
        }
        after.responsible_org_id = move->responsible;
        after.responsible_org_name = (*names)[*move->responsible];
        after.cooperating.clear();
        std::vector<std::string> coop;
        for (int64_t o : move->cooperating) {
          after.cooperating.emplace_back(o, (*names)[o]);
          coop.push_back((*names)[o]);
        }
        after.deadline = move->deadline;
        kind = p->status.state == ProblemState::kPending ? "assigned" : "reassigned";
        text = "交办" + after.responsible_org_name + (coop.empty() ? "" : "，协办：" + Join(coop, "、")) + "，限" +
               move->deadline.ToString() + "前办结";
        break;
      }
      case ProblemAction::kStep:
        if (move->on != domain::Date{} && move->on > today) return core::Fail(Status::Invalid("on", "date_in_future"));
        kind = "step";
        if (move->on != domain::Date{}) event.on = move->on;
        break;
      case ProblemAction::kSubmit:
        after.result = move->text;
        kind = "submitted";
        break;
      case ProblemAction::kConfirm: kind = "confirmed"; break;
      case ProblemAction::kReject: kind = "rejected"; break;
      case ProblemAction::kClose:
        after.closed_on = today;
        kind = "closed";
        break;
      case ProblemAction::kReopen:
        after.closed_on.reset();
        kind = "reopened";
        break;
      case ProblemAction::kEscalate: {
        if (move->on != domain::Date{} && move->on > today) return core::Fail(Status::Invalid("on", "date_in_future"));
        if (move->meeting_id) {
          auto meeting = store::GetMeeting(c, *move->meeting_id);
          if (!meeting) {
            if (meeting.error().code() == core::Code::kNotFound) return core::Fail(Status::Invalid("meeting_id", "meeting_not_found"));
            return core::Fail(meeting.error());
          }
          GJ_FAIL_IF_ERROR(store::SetMeetingDecision(c, meeting->id, p->id, move->text));
          event.meeting_id = meeting->id;
          event.on = meeting->held_on;
        } else if (move->on != domain::Date{}) {
          event.on = move->on;
        }
        event.level = move->level;
        kind = "escalated";
        break;
      }
    }
    event.kind = kind;
    event.text = text;
    return Commit(ctx, c, req, *p, after, event, version);
  });
  if (!body) return ErrorResponse(body.error(), req);
  return VersionedResponse(200, *body, version);
}

// ---- Photos ----

http::Response UploadPhoto(const ApiContext& ctx, http::Request& req) {
  const auth::Principal& who = CurrentUser(req);
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("problem_not_found"), req);
  // Authorise before the file touches the disk.
  auto check = [&](store::Connection& c) -> Result<Problem> {
    auto p = Load(c, req, *id);
    if (!p) return p;
    const bool may = p->status.state != ProblemState::kClosed &&
                     (auth::Authorize(who, auth::Action::kProblemConfirm,
                                      {.kind = auth::Object::Kind::kBusiness, .own = PartOf(who, *p).raiser})
                          .ok() ||
                      AuthorizeMove(who, *p, ProblemAction::kStep).ok());
    if (!may) {
      GJ_FAIL_IF_ERROR(auth::Authorize(who, auth::Action::kProblemHandle, {.kind = auth::Object::Kind::kBusiness}));
      return core::Fail(Status(core::Code::kPermissionDenied, "permission_denied"));
    }
    return p;
  };
  auto first = ctx.db.ReadValue<Problem>(check);
  if (!first) return ErrorResponse(first.error(), req);
  auto file = StoreUpload(ctx, req);
  if (!file) return ErrorResponse(file.error(), req);
  if (!IsPhoto(*file)) {
    DiscardUpload(ctx, *file);
    return ErrorResponse(Status::Invalid("filename", "not_a_photo"), req);
  }
  auto saved = ctx.db.WriteValue<store::Attachment>([&](store::Connection& c) -> Result<store::Attachment> {
    auto p = check(c);
    if (!p) return core::Fail(p.error());
    auto made = store::CreateAttachment(
        c, AttachmentOf(*file, p->project_id, who.user_id, core::FormatTimestamp(ctx.clock.Now())));
    if (!made) return made;
    GJ_FAIL_IF_ERROR(store::AddProblemPhoto(c, p->id, made->id));
    store::AuditEntry e = AuditOf(ctx, req, &who, "problem.photo", "problem", std::to_string(p->id));
    e.changes = json{{"attachment_id", made->id}, {"filename", made->filename}, {"sm3", made->sm3}}.dump();
    GJ_FAIL_IF_ERROR(Record(c, ctx, std::move(e)));
    return made;
  });
  if (!saved) {
    DiscardUpload(ctx, *file);
    return ErrorResponse(saved.error(), req);
  }
  return JsonResponse(201, PhotoJson(*id, *saved));
}

http::Response Photo(const ApiContext& ctx, http::Request& req, bool thumbnail) {
  auto id = PathId(req);
  auto photo = PathId(req, "photo");
  if (!id || !photo) return ErrorResponse(Status::NotFound("attachment_not_found"), req);
  auto found = ctx.db.ReadValue<store::Attachment>([&](store::Connection& c) -> Result<store::Attachment> {
    auto p = Load(c, req, *id);
    if (!p) return core::Fail(p.error());
    auto ids = store::ProblemPhotoIds(c, p->id);
    if (!ids) return core::Fail(ids.error());
    if (std::find(ids->begin(), ids->end(), *photo) == ids->end()) return core::Fail(Status::NotFound("attachment_not_found"));
    return store::GetAttachment(c, *photo);
  });
  if (!found) return ErrorResponse(found.error(), req);
  if (thumbnail) {
    if (!found->thumbnail_key) return ErrorResponse(Status::NotFound("attachment_not_found"), req);
    return FileResponse(ctx, req, *found->thumbnail_key, "image/jpeg", found->filename);
  }
  return FileResponse(ctx, req, found->storage_key, found->content_type, found->filename);
}

// ---- Letters ----

http::Response IssueLetter(const ApiContext& ctx, http::Request& req) {
  const auth::Principal& who = CurrentUser(req);
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("problem_not_found"), req);
  auto in = JsonInput::Parse(req, {"kind", "reply_deadline"});
  if (!in) return ErrorResponse(in.error(), req);
  auto kind_text = in->RequiredString("kind");
  if (!kind_text) return ErrorResponse(kind_text.error(), req);
  auto kind = ParseLetterKind(*kind_text);
  if (!kind) return ErrorResponse(Status::Invalid("kind", "invalid_enum", {kLetterKinds}), req);
  auto reply = ReadDate(*in, "reply_deadline", true);
  if (!reply) return ErrorResponse(reply.error(), req);
  const domain::Date today = Today(ctx);
  if (*reply < today) return ErrorResponse(Status::Invalid("reply_deadline", "date_in_past"), req);
  if (*reply > domain::AddDays(today, kMaxDeadlineDays)) {
    return ErrorResponse(Status::Invalid("reply_deadline", "too_far", {std::to_string(kMaxDeadlineDays)}), req);
  }
  if (!ctx.files) return ErrorResponse(Status::Unavailable("storage_unavailable", "no file store configured"), req);
  std::optional<std::string> stored_key;
  auto body = ctx.db.WriteValue<json>([&](store::Connection& c) -> Result<json> {
    auto p = Load(c, req, *id);
    if (!p) return core::Fail(p.error());
    GJ_FAIL_IF_ERROR(auth::Authorize(who, auth::Action::kProblemDecide, {.kind = auth::Object::Kind::kBusiness}));
    if (!p->responsible_org_id) return core::Fail(Status::Conflict("problem_not_assigned"));
    if (p->status.state == ProblemState::kClosed) return core::Fail(Status::Conflict("problem_action_not_allowed", "action"));
    auto cal = store::LoadWorkCalendar(c);
    if (!cal) return core::Fail(cal.error());
    auto district = store::DistrictName(c);
    if (!district) return core::Fail(district.error());
    auto serial = store::NextLetterSerial(c, *kind_text, today.year);
    if (!serial) return core::Fail(serial.error());
    report::LetterFacts facts;
    facts.kind = *kind;
    facts.year = today.year;
    facts.serial = *serial;
    facts.issuer = *district + report::kOfficeTitle;
    facts.addressee = p->responsible_org_name;
    for (const auto& [org, name] : p->cooperating) facts.cooperating.push_back(name);
    facts.project_name = p->project_name;
    facts.problem_type = std::string(domain::ProblemTypeLabel(p->type));
    facts.problem_text = p->description;
    facts.raised_on = p->raised_on;
    facts.handling_deadline = p->deadline;
    facts.reply_deadline = *reply;
    facts.issued_on = today;
    if (Overdue(*p, today)) facts.overdue_working_days = domain::OverdueWorkingDays(*p->deadline, today, *cal);
    const report::Letter letter = report::ComposeLetter(facts);
    auto pdf = report::RenderLetterPdf(letter);
    if (!pdf) return core::Fail(pdf.error());
    auto key = ctx.files->Put(*pdf);
    if (!key) return core::Fail(key.error());
    stored_key = *key;
    store::Letter l;
    l.problem_id = p->id;
    l.kind = *kind_text;
    l.year = today.year;
    l.serial = *serial;
    l.number = letter.number;
    l.title = letter.title;
    l.addressee_org_id = *p->responsible_org_id;
    l.issued_on = today;
    l.reply_deadline = *reply;
    l.file_key = *key;
    l.file_sm3 = core::Sm3Hex(*pdf);
    l.file_size = static_cast<int64_t>(pdf->size());
    auto made = store::CreateLetter(c, l, who.user_id, core::FormatTimestamp(ctx.clock.Now()));
    if (!made) return core::Fail(made.error());
    store::ProblemEvent e = EventOf(ctx, req, *p, "letter", letter.number + " " + letter.title);
    e.letter_id = made->id;
    auto ev = store::AddProblemEvent(c, e);
    if (!ev) return core::Fail(ev.error());
    store::AuditEntry a = AuditOf(ctx, req, &who, "problem.letter", "problem", std::to_string(p->id));
    a.changes = json{{"letter_id", made->id}, {"number", made->number}, {"sm3", made->file_sm3}}.dump();
    GJ_FAIL_IF_ERROR(Record(c, ctx, std::move(a)));
    return LetterJson(*made, today);
  });
  if (!body) {
    if (stored_key) (void)ctx.files->Remove(*stored_key);
    return ErrorResponse(body.error(), req);
  }
  http::Response r = JsonResponse(201, *body);
  r.SetHeader("Location", "/api/letters/" + std::to_string((*body)["id"].get<int64_t>()));
  return r;
}

http::Response ListLetters(const ApiContext& ctx, http::Request& req) {
  if (Status s = BusinessAccess(req, auth::Action::kBusinessRead); !s.ok()) return ErrorResponse(s, req);
  auto awaiting = QueryInt(req, "awaiting_reply", 0, 0, 1);
  if (!awaiting) return ErrorResponse(awaiting.error(), req);
  const bool office = auth::Authorize(CurrentUser(req), auth::Action::kProblemDecide, {.kind = auth::Object::Kind::kBusiness}).ok();
  const domain::Date today = Today(ctx);
  auto body = ctx.db.ReadValue<json>([&](store::Connection& c) -> Result<json> {
    auto list = store::ListLetters(c, ViewerOf(req), *awaiting == 1, !office);
    if (!list) return core::Fail(list.error());
    json items = json::array();
    for (const auto& l : *list) items.push_back(LetterJson(l, today));
    return json{{"items", items}, {"total", items.size()}};
  });
  if (!body) return ErrorResponse(body.error(), req);
  return JsonResponse(200, *body);
}

http::Response LetterPdf(const ApiContext& ctx, http::Request& req) {
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("letter_not_found"), req);
  if (Status s = BusinessAccess(req, auth::Action::kBusinessRead); !s.ok()) return ErrorResponse(s, req);
  auto l = ctx.db.ReadValue<store::Letter>([&](store::Connection& c) { return store::GetLetter(c, ViewerOf(req), *id); });
  if (!l) return ErrorResponse(l.error(), req);
  return FileResponse(ctx, req, l->file_key, "application/pdf", l->number + ".pdf");
}

http::Response Reply(const ApiContext& ctx, http::Request& req) {
  const auth::Principal& who = CurrentUser(req);
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("letter_not_found"), req);
  auto in = JsonInput::Parse(req, {"text"});
  if (!in) return ErrorResponse(in.error(), req);
  auto text = ReadText(*in, "text");
  if (!text) return ErrorResponse(text.error(), req);
  const domain::Date today = Today(ctx);
  auto body = ctx.db.WriteValue<json>([&](store::Connection& c) -> Result<json> {
    if (Status s = BusinessAccess(req, auth::Action::kBusinessRead); !s.ok()) return core::Fail(s);
    auto l = store::GetLetter(c, ViewerOf(req), *id);
    if (!l) return core::Fail(l.error());
    GJ_FAIL_IF_ERROR(auth::Authorize(who, auth::Action::kProblemHandle,
                                     {.kind = auth::Object::Kind::kBusiness, .own = l->addressee_org_id == who.org_id}));
    GJ_FAIL_IF_ERROR(store::ReplyLetter(c, l->id, *text, today, who.user_id));
    auto p = store::GetProblem(c, ViewerOf(req), l->problem_id);
    if (!p) return core::Fail(p.error());
    store::ProblemEvent e = EventOf(ctx, req, *p, "replied", l->number + "：" + *text);
    e.letter_id = l->id;
    auto ev = store::AddProblemEvent(c, e);
    if (!ev) return core::Fail(ev.error());
    store::AuditEntry a = AuditOf(ctx, req, &who, "problem.letter_reply", "problem", std::to_string(p->id));
    a.changes = json{{"letter_id", l->id}, {"text", *text}}.dump();
    GJ_FAIL_IF_ERROR(Record(c, ctx, std::move(a)));
    auto fresh = store::GetLetter(c, ViewerOf(req), l->id);
    if (!fresh) return core::Fail(fresh.error());
    return LetterJson(*fresh, today);
  });
  if (!body) return ErrorResponse(body.error(), req);
  return JsonResponse(200, *body);
}

// ---- Meetings ----

json MeetingJson(const store::Meeting& m) {
  json minutes = nullptr;
  if (m.minutes_filename) {
    minutes = {{"filename", *m.minutes_filename},
               {"size", m.minutes_size},
               {"url", "/api/meetings/" + std::to_string(m.id) + "/minutes"}};
  }
  return {{"id", m.id},
          {"kind", domain::EscalationLevelName(m.kind)},
          {"title", m.title},
          {"held_on", m.held_on.ToString()},
          {"chair", m.chair},
          {"location", m.location},
          {"minutes", minutes},
          {"problem_count", m.problem_count},
          {"version", m.version}};
}

// Reads the meeting fields of a create (all required) or an edit (those given).
Status ReadMeeting(const JsonInput& in, store::Meeting& m, bool create) {
  if (create || in.Has("kind")) {
    auto k = in.RequiredString("kind");
    if (!k) return k.error();
    auto kind = domain::ParseEscalationLevel(*k);
    if (!kind || *kind == domain::EscalationLevel::kUnit) return Status::Invalid("kind", "invalid_enum", {"weekly, coordination, leaders"});
    m.kind = *kind;
  }
  for (auto [field, out, max] : {std::tuple{"title", &m.title, size_t{100}}, std::tuple{"chair", &m.chair, size_t{50}},
                                 std::tuple{"location", &m.location, size_t{100}}}) {
    if (!create && !in.Has(field)) continue;
    auto t = in.String(field);
    if (!t) return t.error();
    *out = domain::TrimSpaces(t->value_or(""));
    if (out->empty() && std::string_view(field) != "location") return Status::Invalid(field, "required");
    if (domain::CodePoints(*out) > max) return Status::Invalid(field, "too_long", {std::to_string(max)});
  }
  if (create || in.Has("held_on")) {
    auto d = ReadDate(in, "held_on", true);
    if (!d) return d.error();
    m.held_on = *d;
  }
  return Status::Ok();
}

Status OfficeOnly(const http::Request& req) {
  return auth::Authorize(CurrentUser(req), auth::Action::kProblemDecide, {.kind = auth::Object::Kind::kBusiness});
}

http::Response ListMeetings(const ApiContext& ctx, http::Request& req) {
  if (Status s = BusinessAccess(req, auth::Action::kBusinessRead); !s.ok()) return ErrorResponse(s, req);
  std::optional<domain::EscalationLevel> kind;
  if (auto raw = req.Query("kind"); raw && !raw->empty()) {
    kind = domain::ParseEscalationLevel(*raw);
    if (!kind) return ErrorResponse(Status::Invalid("kind", "invalid_enum", {kLevels}), req);
  }
  auto page = QueryInt(req, "page", 1, 1, 1'000'000);
  if (!page) return ErrorResponse(page.error(), req);
  auto size = QueryInt(req, "page_size", 20, 1, 200);
  if (!size) return ErrorResponse(size.error(), req);
  auto body = ctx.db.ReadValue<json>([&](store::Connection& c) -> Result<json> {
    auto list = store::ListMeetings(c, kind, {*page, *size});
    if (!list) return core::Fail(list.error());
    json items = json::array();
    for (const auto& m : list->items) items.push_back(MeetingJson(m));
    return json{{"items", items}, {"total", list->total}, {"page", *page}, {"page_size", *size}};
  });
  if (!body) return ErrorResponse(body.error(), req);
  return JsonResponse(200, *body);
}

http::Response GetMeeting(const ApiContext& ctx, http::Request& req) {
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("meeting_not_found"), req);
  if (Status s = BusinessAccess(req, auth::Action::kBusinessRead); !s.ok()) return ErrorResponse(s, req);
  int64_t version = 0;
  auto body = ctx.db.ReadValue<json>([&](store::Connection& c) -> Result<json> {
    auto m = store::GetMeeting(c, *id);
    if (!m) return core::Fail(m.error());
    version = m->version;
    auto agenda = store::MeetingAgenda(c, ViewerOf(req), *id);
    if (!agenda) return core::Fail(agenda.error());
    json out = MeetingJson(*m);
    json items = json::array();
    for (const auto& a : *agenda) {
      items.push_back({{"problem_id", a.problem_id},
                       {"problem_title", a.problem_title},
                       {"project_name", a.project_name},
                       {"state", domain::ProblemStateName(a.state)},
                       {"decision", a.decision}});
    }
    out["agenda"] = items;
    out["can_edit"] = OfficeOnly(req).ok();
    return out;
  });
  if (!body) return ErrorResponse(body.error(), req);
  return VersionedResponse(200, *body, version);
}

http::Response CreateMeeting(const ApiContext& ctx, http::Request& req) {
  const auth::Principal& who = CurrentUser(req);
  if (Status s = OfficeOnly(req); !s.ok()) return ErrorResponse(s, req);
  auto in = JsonInput::Parse(req, {"kind", "title", "held_on", "chair", "location"});
  if (!in) return ErrorResponse(in.error(), req);
  store::Meeting m;
  if (Status s = ReadMeeting(*in, m, true); !s.ok()) return ErrorResponse(s, req);
  auto body = ctx.db.WriteValue<json>([&](store::Connection& c) -> Result<json> {
    auto made = store::CreateMeeting(c, m, who.user_id, core::FormatTimestamp(ctx.clock.Now()));
    if (!made) return core::Fail(made.error());
    store::AuditEntry e = AuditOf(ctx, req, &who, "meeting.create", "meeting", std::to_string(made->id));
    e.changes = MeetingJson(*made).dump();
    GJ_FAIL_IF_ERROR(Record(c, ctx, std::move(e)));
    return MeetingJson(*made);
  });
  if (!body) return ErrorResponse(body.error(), req);
  return VersionedResponse(201, *body, 1);
}

http::Response PatchMeeting(const ApiContext& ctx, http::Request& req) {
  const auth::Principal& who = CurrentUser(req);
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("meeting_not_found"), req);
  if (Status s = BusinessAccess(req, auth::Action::kBusinessRead); !s.ok()) return ErrorResponse(s, req);
  auto expected = IfMatchVersion(req);
  if (!expected) return ErrorResponse(expected.error(), req);
  auto in = JsonInput::Parse(req, {"kind", "title", "held_on", "chair", "location"});
  if (!in) return ErrorResponse(in.error(), req);
  int64_t version = 0;
  auto body = ctx.db.WriteValue<json>([&](store::Connection& c) -> Result<json> {
    auto m = store::GetMeeting(c, *id);
    if (!m) return core::Fail(m.error());
    GJ_FAIL_IF_ERROR(OfficeOnly(req));
    json before = MeetingJson(*m);
    GJ_FAIL_IF_ERROR(ReadMeeting(*in, *m, false));
    m->version = *expected;
    auto v = store::UpdateMeeting(c, *m, core::FormatTimestamp(ctx.clock.Now()));
    if (!v) return core::Fail(v.error());
    version = *v;
    auto fresh = store::GetMeeting(c, *id);
    if (!fresh) return core::Fail(fresh.error());
    store::AuditEntry e = AuditOf(ctx, req, &who, "meeting.update", "meeting", std::to_string(*id));
    e.changes = json{{"before", before}, {"after", MeetingJson(*fresh)}}.dump();
    GJ_FAIL_IF_ERROR(Record(c, ctx, std::move(e)));
    return MeetingJson(*fresh);
  });
  if (!body) return ErrorResponse(body.error(), req);
  return VersionedResponse(200, *body, version);
}

http::Response UploadMinutes(const ApiContext& ctx, http::Request& req) {
  const auth::Principal& who = CurrentUser(req);
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("meeting_not_found"), req);
  if (Status s = BusinessAccess(req, auth::Action::kBusinessRead); !s.ok()) return ErrorResponse(s, req);
  auto exists = ctx.db.ReadValue<store::Meeting>([&](store::Connection& c) { return store::GetMeeting(c, *id); });
  if (!exists) return ErrorResponse(exists.error(), req);
  if (Status s = OfficeOnly(req); !s.ok()) return ErrorResponse(s, req);
  auto file = StoreUpload(ctx, req);
  if (!file) return ErrorResponse(file.error(), req);
  int64_t version = 0;
  auto body = ctx.db.WriteValue<json>([&](store::Connection& c) -> Result<json> {
    auto m = store::GetMeeting(c, *id);
    if (!m) return core::Fail(m.error());
    m->minutes_filename = file->filename;
    m->minutes_type = file->content_type;
    m->minutes_key = file->key;
    m->minutes_size = file->size;
    m->minutes_sm3 = file->sm3;
    auto v = store::UpdateMeeting(c, *m, core::FormatTimestamp(ctx.clock.Now()));
    if (!v) return core::Fail(v.error());
    version = *v;
    store::AuditEntry e = AuditOf(ctx, req, &who, "meeting.minutes", "meeting", std::to_string(*id));
    e.changes = json{{"filename", file->filename}, {"size", file->size}, {"sm3", file->sm3}}.dump();
    GJ_FAIL_IF_ERROR(Record(c, ctx, std::move(e)));
    auto fresh = store::GetMeeting(c, *id);
    if (!fresh) return core::Fail(fresh.error());
    return MeetingJson(*fresh);
  });
  if (!body) {
    DiscardUpload(ctx, *file);
    return ErrorResponse(body.error(), req);
  }
  return VersionedResponse(201, *body, version);
}

http::Response Minutes(const ApiContext& ctx, http::Request& req) {
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("meeting_not_found"), req);
  if (Status s = BusinessAccess(req, auth::Action::kBusinessRead); !s.ok()) return ErrorResponse(s, req);
  auto m = ctx.db.ReadValue<store::Meeting>([&](store::Connection& c) { return store::GetMeeting(c, *id); });
  if (!m) return ErrorResponse(m.error(), req);
  if (!m->minutes_filename) return ErrorResponse(Status::NotFound("attachment_not_found"), req);
  return FileResponse(ctx, req, m->minutes_key, m->minutes_type, *m->minutes_filename);
}

}  // namespace

Result<int64_t> EscalateOverdueProblems(store::Connection& c, const core::Clock& clock, const store::AuditSigner& sign) {
  const auto secs = std::chrono::duration_cast<std::chrono::seconds>(clock.Now().time_since_epoch()).count();
  const domain::Date today = domain::ChinaDate(secs);
  const std::string now = core::FormatTimestamp(clock.Now());
  auto rule = LoadSupervisionRules(c);
  if (!rule) return core::Fail(rule.error());
  auto cal = store::LoadWorkCalendar(c);
  if (!cal) return core::Fail(cal.error());
  auto overdue = store::OverdueOpenProblems(c, today);
  if (!overdue) return core::Fail(overdue.error());
  int64_t climbed = 0;
  for (Problem p : *overdue) {
    auto level = domain::LevelDueByRule(rule->escalation, p.status.level, *p.deadline, today, *cal);
    if (!level) continue;
    const int late = domain::OverdueWorkingDays(*p.deadline, today, *cal);
    Problem after = p;
    after.status.level = *level;
    auto v = store::UpdateProblem(c, after, now);
    if (!v) return core::Fail(v.error());
    store::ProblemEvent e;
    e.problem_id = p.id;
    e.kind = "escalated";
    e.at = now;
    e.on = today;
    e.level = *level;
    e.text = "超期" + std::to_string(late) + "个工作日，按规则提级至" + std::string(domain::EscalationLevelLabel(*level));
    auto ev = store::AddProblemEvent(c, e);
    if (!ev) return core::Fail(ev.error());
    store::AuditEntry a;
    a.ts_utc = now;
    a.actor_login = "system";
    a.event_type = "problem.escalated";
    a.object_type = "problem";
    a.object_id = std::to_string(p.id);
    a.outcome = "success";
    a.changes = json{{"from", domain::EscalationLevelName(p.status.level)},
                     {"to", domain::EscalationLevelName(*level)},
                     {"overdue_working_days", late},
                     {"by", "rule"}}
                    .dump();
    GJ_FAIL_IF_ERROR(store::AppendAudit(c, std::move(a), sign));
    ++climbed;
  }
  return climbed;
}

Result<json> ProblemTodo(const ApiContext& ctx, store::Connection& c, const http::Request& req, int64_t limit) {
  const auth::Principal& who = CurrentUser(req);
  const domain::Date today = Today(ctx);
  auto cal = store::LoadWorkCalendar(c);
  if (!cal) return core::Fail(cal.error());
  auto open = store::ListProblems(c, ViewerOf(req), {}, {1, 500}, today);
  if (!open) return core::Fail(open.error());
  json problems = json::array();
  int64_t total = 0;
  for (const auto& p : open->items) {
    const Part part = PartOf(who, p);
    const bool mine = (part.handler && domain::IsBeingHandled(p.status.state) && MayMove(who, p, ProblemAction::kStep)) ||
                      (MayMove(who, p, ProblemAction::kAssign) && p.status.state == ProblemState::kPending) ||
                      MayMove(who, p, ProblemAction::kClose) || MayMove(who, p, ProblemAction::kConfirm);
    if (!mine) continue;
    ++total;
    if (static_cast<int64_t>(problems.size()) < limit) problems.push_back(ProblemJson(who, p, today, *cal));
  }
  const bool office = auth::Authorize(who, auth::Action::kProblemDecide, {.kind = auth::Object::Kind::kBusiness}).ok();
  json letters = json::array();
  int64_t letter_total = 0;
  if (!office) {
    auto list = store::ListLetters(c, ViewerOf(req), true, true);
    if (!list) return core::Fail(list.error());
    letter_total = static_cast<int64_t>(list->size());
    for (const auto& l : *list) {
      if (static_cast<int64_t>(letters.size()) >= limit) break;
      letters.push_back(LetterJson(l, today));
    }
  }
  return json{{"problems_to_handle", {{"total", total}, {"items", problems}}},
              {"letters_to_reply", {{"total", letter_total}, {"items", letters}}}};
}

Result<store::ProblemFilter> ReadProblemFilter(const http::Request& req) { return ReadFilter(req); }

void AddProblemRoutes(http::Router& router, const ApiContext& ctx) {
  router.Add("GET", "/api/problems", [&ctx](http::Request& r) { return List(ctx, r); });
  router.Add("POST", "/api/projects/{id}/problems", [&ctx](http::Request& r) { return Create(ctx, r); });
  router.Add("GET", "/api/problems/{id}", [&ctx](http::Request& r) { return Get(ctx, r); });
  for (const char* verb : {"assign", "steps", "submit", "confirm", "close", "reopen", "escalate"}) {
    router.Add("POST", std::string("/api/problems/{id}/") + verb,
               [&ctx, verb](http::Request& r) { return Move(ctx, r, verb); });
  }
  router.Add("POST", "/api/problems/{id}/photos", [&ctx](http::Request& r) { return UploadPhoto(ctx, r); },
             {.max_body = kMaxUpload, .json_body = false});
  router.Add("GET", "/api/problems/{id}/photos/{photo}", [&ctx](http::Request& r) { return Photo(ctx, r, false); });
  router.Add("GET", "/api/problems/{id}/photos/{photo}/thumbnail", [&ctx](http::Request& r) { return Photo(ctx, r, true); });
  router.Add("POST", "/api/problems/{id}/letters", [&ctx](http::Request& r) { return IssueLetter(ctx, r); });
  router.Add("GET", "/api/letters", [&ctx](http::Request& r) { return ListLetters(ctx, r); });
  router.Add("GET", "/api/letters/{id}/pdf", [&ctx](http::Request& r) { return LetterPdf(ctx, r); });
  router.Add("POST", "/api/letters/{id}/reply", [&ctx](http::Request& r) { return Reply(ctx, r); });
  router.Add("GET", "/api/meetings", [&ctx](http::Request& r) { return ListMeetings(ctx, r); });
  router.Add("POST", "/api/meetings", [&ctx](http::Request& r) { return CreateMeeting(ctx, r); });
  router.Add("GET", "/api/meetings/{id}", [&ctx](http::Request& r) { return GetMeeting(ctx, r); });
  router.Add("PATCH", "/api/meetings/{id}", [&ctx](http::Request& r) { return PatchMeeting(ctx, r); });
  router.Add("POST", "/api/meetings/{id}/minutes", [&ctx](http::Request& r) { return UploadMinutes(ctx, r); },
             {.max_body = kMaxUpload, .json_body = false});
  router.Add("GET", "/api/meetings/{id}/minutes", [&ctx](http::Request& r) { return Minutes(ctx, r); });
}

}  // namespace gongjian::api
