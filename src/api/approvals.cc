// Pre-construction approvals (前期手续, SPEC §6): each project's approval items in four stages with
// their approving department and time limit, generated from templates per project kind; the
// yellow/red codes overdue items give their department; and the analytics of days per department
// and item (engine/approval_stats.h).
//
// Who may write: the project's writers (office, owner and unit with the project in scope) change
// everything; staff of the approving department (the department in their data scope, a writing
// role) may update the items their department approves — status, dates, document number, file and
// note — even on projects outside their scope.
#include "api/approvals.h"

#include <map>

#include <nlohmann/json.hpp>

#include "api/files.h"
#include "api/json_input.h"
#include "api/projects.h"
#include "api/respond.h"
#include "api/session.h"
#include "api/supervision_rules.h"
#include "domain/approval.h"
#include "engine/approval_stats.h"
#include "store/approval_repository.h"
#include "store/milestone_repository.h"
#include "store/org_repository.h"

namespace gongjian::api {
namespace {

using core::Result;
using core::Status;
using domain::ApprovalItem;
using nlohmann::json;

json OptDate(const std::optional<domain::Date>& d) { return d ? json(d->ToString()) : json(nullptr); }
template <typename T>
json OptJson(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

bool Allowed(const http::Request& req, auth::Action action) {
  return auth::Can(CurrentUser(req), action, {.kind = auth::Object::Kind::kBusiness}) == auth::Decision::kAllow;
}

template <typename E>
Status EnumField(const JsonInput& in, const char* field, std::optional<E> (*parse)(std::string_view), const char* values,
                 E& out) {
  auto text = in.String(field);
  if (!text) return text.error();
  if (!*text) return Status::Invalid(field, "required");
  auto v = parse(**text);
  if (!v) return Status::Invalid(field, "invalid_enum", {values});
  out = *v;
  return Status::Ok();
}

// The fields only a project writer may change.
constexpr std::string_view kWriterFields[] = {"stage", "name", "department_org_id", "limit_days", "limit_kind",
                                              "position"};

// Applies the body's fields to `a`: every field on create (stage and name required), those present
// on a PATCH.
Status ReadItem(const JsonInput& in, ApprovalItem& a, bool create) {
  if (create || in.Has("stage")) {
    GJ_RETURN_IF_ERROR(EnumField(in, "stage", &domain::ParseApprovalStage,
                                 "project_land, engineering, construction, completion", a.stage));
  }
  if (create || in.Has("name")) {
    auto name = in.RequiredString("name");
    if (!name) return name.error();
    a.name = *name;
  }
  if (in.Has("status")) {
    GJ_RETURN_IF_ERROR(EnumField(in, "status", &domain::ParseApprovalStatus,
                                 "not_started, in_progress, obtained, not_applicable", a.status));
  }
  if (in.Has("limit_kind")) {
    GJ_RETURN_IF_ERROR(EnumField(in, "limit_kind", &domain::ParseLimitKind, "working, calendar", a.limit_kind));
  }
  if (in.Has("department_org_id")) {
    auto org = in.Int("department_org_id");
    if (!org) return org.error();
    a.department_org_id = *org;
  }
  if (in.Has("attachment_id")) {
    auto att = in.Int("attachment_id");
    if (!att) return att.error();
    a.attachment_id = *att;
  }
  if (in.Has("limit_days")) {
    auto limit = in.Int("limit_days");
    if (!limit) return limit.error();
    if (*limit && (**limit < 1 || **limit > domain::kMaxApprovalLimitDays)) {
      return Status::Invalid("limit_days", "out_of_range", {"1", std::to_string(domain::kMaxApprovalLimitDays)});
    }
    a.limit_days = *limit ? std::optional<int>(static_cast<int>(**limit)) : std::nullopt;
  }
  if (in.Has("position")) {
    auto pos = in.Int("position");
    if (!pos) return pos.error();
    if (*pos && (**pos < 0 || **pos > domain::kMaxApprovalsPerProject)) {
      return Status::Invalid("position", "out_of_range", {"0", std::to_string(domain::kMaxApprovalsPerProject)});
    }
    if (*pos) a.position = static_cast<int>(**pos);
  }
  for (auto [field, target] : {std::pair{"applied_on", &a.applied_on}, std::pair{"approved_on", &a.approved_on}}) {
    if (!in.Has(field)) continue;
    auto d = in.Date(field);
    if (!d) return d.error();
    *target = *d;
  }
  for (auto [field, target] : {std::pair{"doc_number", &a.doc_number}, std::pair{"note", &a.note}}) {
    if (!in.Has(field)) continue;
    auto text = in.String(field);
    if (!text) return text.error();
    *target = text->value_or("");
  }
  return Status::Ok();
}

Result<JsonInput> ItemBody(const http::Request& req) {
  return JsonInput::Parse(req, {"stage", "name", "department_org_id", "limit_days", "limit_kind", "status",
                                "applied_on", "approved_on", "doc_number", "attachment_id", "note", "position"});
}

// What an item's timing depends on besides the item: the working-day calendar, today, and the
// share of the limit at which the code turns red (the supervision rules).
struct Timing {
  domain::WorkCalendar calendar;
  domain::Date today;
  int red_percent = domain::kDefaultRedPercent;

  domain::ApprovalTiming Of(const ApprovalItem& a) const { return domain::TimeApproval(a, calendar, today, red_percent); }
};

Result<Timing> LoadTiming(const ApiContext& ctx, store::Connection& c) {
  auto calendar = store::LoadWorkCalendar(c);
  if (!calendar) return core::Fail(calendar.error());
  auto rules = LoadSupervisionRules(c);
  if (!rules) return core::Fail(rules.error());
  return Timing{std::move(*calendar), Today(ctx), rules->approval_red_percent};
}

json ItemJson(const ApprovalItem& a, const std::string& department_name, const Timing& timing) {
  const domain::ApprovalTiming t = timing.Of(a);
  return {{"id", a.id},
          {"project_id", a.project_id},
          {"stage", domain::ApprovalStageName(a.stage)},
          {"position", a.position},
          {"name", a.name},
          {"department_org_id", OptJson(a.department_org_id)},
          {"department_name", a.department_org_id ? json(department_name) : json(nullptr)},
          {"limit_days", OptJson(a.limit_days)},
          {"limit_kind", domain::LimitKindName(a.limit_kind)},
          {"status", domain::ApprovalStatusName(a.status)},
          {"applied_on", OptDate(a.applied_on)},
          {"approved_on", OptDate(a.approved_on)},
          {"doc_number", a.doc_number},
          {"attachment_id", OptJson(a.attachment_id)},
          {"note", a.note},
          {"version", a.version},
          {"elapsed_days", OptJson(t.elapsed_days)},
          {"due_on", OptDate(t.due_on)},
          {"code", domain::ApprovalCodeName(t.live_code)},
          {"duration_code", domain::ApprovalCodeName(t.duration_code)},
          {"overdue", t.overdue}};
}

// The items as the API shows them, with their departments' names.
Result<json> ItemsJson(const ApiContext& ctx, store::Connection& c, const std::vector<ApprovalItem>& items) {
  std::vector<int64_t> orgs;
  for (const auto& a : items) {
    if (a.department_org_id) orgs.push_back(*a.department_org_id);
  }
  auto names = store::OrgNames(c, orgs);
  if (!names) return core::Fail(names.error());
  auto timing = LoadTiming(ctx, c);
  if (!timing) return core::Fail(timing.error());
  json out = json::array();
  for (const auto& a : items) {
    std::string name;
    if (a.department_org_id) {
      if (auto it = names->find(*a.department_org_id); it != names->end()) name = it->second;
    }
    out.push_back(ItemJson(a, name, *timing));
  }
  return out;
}

Result<json> ListBody(const ApiContext& ctx, store::Connection& c, const http::Request& req, int64_t project_id) {
  auto items = store::ListApprovals(c, project_id);
  if (!items) return core::Fail(items.error());
  auto list = ItemsJson(ctx, c, *items);
  if (!list) return list;
  return json{{"items", *list}, {"can_edit", Allowed(req, auth::Action::kBusinessWrite)}};
}

http::Response List(const ApiContext& ctx, http::Request& req) {
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("project_not_found"), req);
  auto body = ctx.db.ReadValue<json>([&](store::Connection& c) -> Result<json> {
    auto project = ProjectForAction(c, req, *id, auth::Action::kBusinessRead);
    if (!project) return core::Fail(project.error());
    return ListBody(ctx, c, req, *id);
  });
  if (!body) return ErrorResponse(body.error(), req);
  return JsonResponse(200, *body);
}

// After an item is written: the audit row records `changes` and the item as it now reads, in the
// same transaction, and the item is answered.
Result<json> Saved(const ApiContext& ctx, store::Connection& c, const http::Request& req, const ApprovalItem& a,
                   const char* event, json changes) {
  auto items = ItemsJson(ctx, c, {a});
  if (!items) return items;
  json out = (*items)[0];
  store::AuditEntry e = AuditOf(ctx, req, &CurrentUser(req), event, "approval", std::to_string(a.id));
  changes["after"] = out;
  e.changes = changes.dump();
  GJ_FAIL_IF_ERROR(Record(c, ctx, std::move(e)));
  return out;
}

http::Response Create(const ApiContext& ctx, http::Request& req) {
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("project_not_found"), req);
  auto in = ItemBody(req);
  if (!in) return ErrorResponse(in.error(), req);
  ApprovalItem a;
  a.project_id = *id;
  a.position = -1;
  if (Status s = ReadItem(*in, a, true); !s.ok()) return ErrorResponse(s, req);
  std::string now = core::FormatTimestamp(ctx.clock.Now());
  int64_t version = 0;
  auto body = ctx.db.WriteValue<json>([&](store::Connection& c) -> Result<json> {
    auto project = ProjectForAction(c, req, *id, auth::Action::kBusinessWrite);
    if (!project) return core::Fail(project.error());
    GJ_FAIL_IF_ERROR(domain::ValidateApprovalItem(a, Today(ctx)));
    auto made = store::CreateApproval(c, a, now);
    if (!made) return core::Fail(made.error());
    version = made->version;
    return Saved(ctx, c, req, *made, "approval.create", json::object());
  });
  if (!body) return ErrorResponse(body.error(), req);
  return VersionedResponse(201, *body, version);
}

// May the caller do `action` (read or write) on item `a`? As one with the project in scope (every
// field), or as staff of its approving department (`department_only`: status, dates, number, file
// and note). Out of both scopes the item does not exist for them.
Status ItemAccess(store::Connection& c, const http::Request& req, const ApprovalItem& a, auth::Action action,
                  bool& department_only) {
  department_only = false;
  auto project = ProjectForAction(c, req, a.project_id, action);
  if (project) return Status::Ok();
  Status project_error = project.error();
  if (project_error.code() != core::Code::kNotFound && project_error.code() != core::Code::kPermissionDenied) {
    return project_error;
  }
  if (a.department_org_id && Allowed(req, auth::Action::kBusinessRead)) {
    auto in_scope = store::DepartmentInScope(c, ViewerOf(req), *a.department_org_id);
    if (!in_scope) return in_scope.error();
    if (*in_scope) {
      if (!Allowed(req, action)) return Status(core::Code::kPermissionDenied, "permission_denied");
      department_only = true;
      return Status::Ok();
    }
  }
  if (project_error.code() == core::Code::kNotFound) return Status::NotFound("approval_not_found");
  return project_error;
}

http::Response Patch(const ApiContext& ctx, http::Request& req) {
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("approval_not_found"), req);
  auto expected = IfMatchVersion(req);
  if (!expected) return ErrorResponse(expected.error(), req);
  auto in = ItemBody(req);
  if (!in) return ErrorResponse(in.error(), req);
  std::string now = core::FormatTimestamp(ctx.clock.Now());
  int64_t version = 0;
  auto body = ctx.db.WriteValue<json>([&](store::Connection& c) -> Result<json> {
    auto a = store::GetApproval(c, *id);
    if (!a) return core::Fail(a.error());
    bool department_only = false;
    GJ_FAIL_IF_ERROR(ItemAccess(c, req, *a, auth::Action::kBusinessWrite, department_only));
    if (department_only) {
      for (std::string_view field : kWriterFields) {
        if (in->Has(field)) {
          return core::Fail(Status(core::Code::kPermissionDenied, "approval_department_fields", std::string(field)));
        }
      }
    }
    GJ_FAIL_IF_ERROR(ReadItem(*in, *a, false));
    GJ_FAIL_IF_ERROR(domain::ValidateApprovalItem(*a, Today(ctx)));
    auto saved = store::UpdateApproval(c, *a, *expected, now);
    if (!saved) return core::Fail(saved.error());
    version = saved->version;
    return Saved(ctx, c, req, *saved, "approval.update", json{{"fields", in->Raw()}});
  });
  if (!body) return ErrorResponse(body.error(), req);
  return VersionedResponse(200, *body, version);
}

http::Response Delete(const ApiContext& ctx, http::Request& req) {
  const auth::Principal& who = CurrentUser(req);
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("approval_not_found"), req);
  auto expected = IfMatchVersion(req);
  if (!expected) return ErrorResponse(expected.error(), req);
  Status s = ctx.db.Write([&](store::Connection& c) -> Status {
    auto a = store::GetApproval(c, *id);
    if (!a) return a.error();
    GJ_RETURN_IF_ERROR(CheckOwningProject(c, req, a->project_id, auth::Action::kBusinessWrite, "approval_not_found"));
    GJ_RETURN_IF_ERROR(store::DeleteApproval(c, *id, *expected));
    store::AuditEntry e = AuditOf(ctx, req, &who, "approval.delete", "approval", std::to_string(*id));
    e.changes = json{{"project_id", a->project_id}, {"name", a->name}}.dump();
    return Record(c, ctx, std::move(e));
  });
  if (!s.ok()) return ErrorResponse(s, req);
  return NoContentResponse();
}

http::Response FromTemplate(const ApiContext& ctx, http::Request& req) {
  const auth::Principal& who = CurrentUser(req);
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("project_not_found"), req);
  auto in = JsonInput::Parse(req, {"template_id"});
  if (!in) return ErrorResponse(in.error(), req);
  auto template_id = in->RequiredInt("template_id");
  if (!template_id) return ErrorResponse(template_id.error(), req);
  std::string now = core::FormatTimestamp(ctx.clock.Now());
  auto body = ctx.db.WriteValue<json>([&](store::Connection& c) -> Result<json> {
    auto project = ProjectForAction(c, req, *id, auth::Action::kBusinessWrite);
    if (!project) return core::Fail(project.error());
    auto t = store::GetApprovalTemplate(c, *template_id);
    if (!t) {
      if (t.error().code() == core::Code::kNotFound) {
        return core::Fail(Status::Invalid("template_id", "approval_template_not_found"));
      }
      return core::Fail(t.error());
    }
    auto existing = store::ListApprovals(c, *id);
    if (!existing) return core::Fail(existing.error());
    if (!existing->empty()) return core::Fail(Status::Conflict("approvals_exist"));
    auto orgs = store::DepartmentOrgs(c);
    if (!orgs) return core::Fail(orgs.error());
    int64_t count = 0;
    for (const ApprovalItem& a : domain::ApprovalsFromTemplate(*t, *id, *orgs)) {
      auto made = store::CreateApproval(c, a, now);
      if (!made) return core::Fail(made.error());
      ++count;
    }
    auto out = ListBody(ctx, c, req, *id);
    if (!out) return out;
    store::AuditEntry e = AuditOf(ctx, req, &who, "approval.from_template", "project", std::to_string(*id));
    e.changes = json{{"template_id", *template_id}, {"template", t->name}, {"count", count}}.dump();
    GJ_FAIL_IF_ERROR(Record(c, ctx, std::move(e)));
    return out;
  });
  if (!body) return ErrorResponse(body.error(), req);
  return JsonResponse(201, *body);
}

http::Response ListTemplates(const ApiContext& ctx, http::Request& req) {
  if (Status s = auth::Authorize(CurrentUser(req), auth::Action::kBusinessRead, {.kind = auth::Object::Kind::kBusiness});
      !s.ok()) {
    return ErrorResponse(s, req);
  }
  auto list = ctx.db.ReadValue<std::vector<domain::ApprovalTemplate>>(
      [&](store::Connection& c) { return store::ListApprovalTemplates(c); });
  if (!list) return ErrorResponse(list.error(), req);
  json items = json::array();
  for (const auto& t : *list) {
    json lines = json::array();
    for (const auto& i : t.items) {
      lines.push_back({{"stage", domain::ApprovalStageName(i.stage)},
                       {"name", i.name},
                       {"department", i.department},
                       {"limit_days", OptJson(i.limit_days)},
                       {"limit_kind", domain::LimitKindName(i.limit_kind)}});
    }
    items.push_back({{"id", t.id}, {"name", t.name}, {"items", lines}, {"version", t.version}});
  }
  return JsonResponse(200, {{"items", items}});
}

json StatsRow(const engine::ApprovalGroupStats& s) {
  return {{"name", s.name},
          {"department_org_id", OptJson(s.department_org_id)},
          {"count", s.count},
          {"median_days", OptJson(s.median_days)},
          {"p90_days", OptJson(s.p90_days)},
          {"overdue", s.overdue},
          {"open", s.open},
          {"yellow", s.yellow},
          {"red", s.red}};
}

http::Response Analytics(const ApiContext& ctx, http::Request& req) {
  if (Status s = auth::Authorize(CurrentUser(req), auth::Action::kBusinessRead, {.kind = auth::Object::Kind::kBusiness});
      !s.ok()) {
    return ErrorResponse(s, req);
  }
  const domain::Date today = Today(ctx);
  auto year = QueryInt(req, "year", today.year, 2000, today.year);
  if (!year) return ErrorResponse(year.error(), req);
  const domain::Date as_of = std::min(domain::Date{static_cast<int>(*year), 12, 31}, today);
  auto body = ctx.db.ReadValue<json>([&](store::Connection& c) -> Result<json> {
    auto rows = store::ApprovalsForYear(c, ViewerOf(req), static_cast<int>(*year), as_of);
    if (!rows) return core::Fail(rows.error());
    auto timing = LoadTiming(ctx, c);
    if (!timing) return core::Fail(timing.error());
    std::vector<ApprovalItem> items;
    std::map<int64_t, std::string> departments;
    items.reserve(rows->size());
    for (auto& r : *rows) {
      if (r.item.department_org_id) departments[*r.item.department_org_id] = r.department_name;
      items.push_back(std::move(r.item));
    }
    engine::ApprovalStats stats =
        engine::ComputeApprovalStats(items, departments, static_cast<int>(*year), today, timing->calendar,
                                     timing->red_percent);
    json by_department = json::array();
    for (const auto& s : stats.by_department) by_department.push_back(StatsRow(s));
    json by_item = json::array();
    for (const auto& s : stats.by_item) by_item.push_back(StatsRow(s));
    return json{{"year", stats.year},
                {"as_of", stats.as_of.ToString()},
                {"unit", "working_days"},
                {"percentile", "nearest_rank"},
                {"total", StatsRow(stats.total)},
                {"by_department", by_department},
                {"by_item", by_item}};
  });
  if (!body) return ErrorResponse(body.error(), req);
  return JsonResponse(200, *body);
}

}  // namespace

Result<json> OverdueApprovals(const ApiContext& ctx, store::Connection& c, const http::Request& req,
                              std::optional<int64_t> department_org_id, int64_t limit_per_department) {
  auto rows = store::OpenApprovals(c, ViewerOf(req), department_org_id);
  if (!rows) return core::Fail(rows.error());
  auto timing = LoadTiming(ctx, c);
  if (!timing) return core::Fail(timing.error());
  struct Group {
    json row;
    int yellow = 0;
    int red = 0;
    json items = json::array();
  };
  std::map<int64_t, Group> groups;
  for (const auto& r : *rows) {
    const domain::ApprovalTiming t = timing->Of(r.item);
    if (t.live_code == domain::ApprovalCode::kNone) continue;
    const int64_t dept = r.item.department_org_id.value_or(0);
    Group& g = groups[dept];
    if (g.row.is_null()) {
      g.row = {{"department_org_id", OptJson(r.item.department_org_id)}, {"department_name", r.department_name}};
    }
    (t.live_code == domain::ApprovalCode::kRed ? g.red : g.yellow)++;
    if (static_cast<int64_t>(g.items.size()) >= limit_per_department) continue;
    json item = ItemJson(r.item, r.department_name, *timing);
    item["project_name"] = r.project_name;
    item["project_visible"] = r.project_visible;
    g.items.push_back(std::move(item));
  }
  std::vector<Group*> order;
  for (auto& [id, g] : groups) order.push_back(&g);
  std::stable_sort(order.begin(), order.end(), [](const Group* a, const Group* b) {
    if (a->red != b->red) return a->red > b->red;
    return a->yellow > b->yellow;
  });
  json departments = json::array();
  int yellow = 0, red = 0;
  for (Group* g : order) {
    g->row["yellow"] = g->yellow;
    g->row["red"] = g->red;
    // Reddest first within the department, then the longest open.
    std::stable_sort(g->items.begin(), g->items.end(), [](const json& a, const json& b) {
      if ((a["code"] == "red") != (b["code"] == "red")) return a["code"] == "red";
      return a["elapsed_days"].get<int>() > b["elapsed_days"].get<int>();
    });
    g->row["items"] = std::move(g->items);
    yellow += g->yellow;
    red += g->red;
    departments.push_back(std::move(g->row));
  }
  return json{{"today", timing->today.ToString()}, {"yellow", yellow}, {"red", red}, {"departments", departments}};
}

namespace {

http::Response Overdue(const ApiContext& ctx, http::Request& req) {
  if (Status s = auth::Authorize(CurrentUser(req), auth::Action::kBusinessRead, {.kind = auth::Object::Kind::kBusiness});
      !s.ok()) {
    return ErrorResponse(s, req);
  }
  auto dept = QueryInt(req, "department_org_id", 0, 0, INT64_MAX);
  if (!dept) return ErrorResponse(dept.error(), req);
  auto limit = QueryInt(req, "limit", 200, 1, 1000);
  if (!limit) return ErrorResponse(limit.error(), req);
  auto body = ctx.db.ReadValue<json>([&](store::Connection& c) {
    return OverdueApprovals(ctx, c, req, *dept ? std::optional<int64_t>(*dept) : std::nullopt, *limit);
  });
  if (!body) return ErrorResponse(body.error(), req);
  return JsonResponse(200, *body);
}

// An item as the desk and its page show it: with its project's name, whether the caller may open
// the project, and what the caller may change.
json RowJson(const Timing& timing, const store::ApprovalRow& r, bool can_edit,
             bool department_only) {
  json out = ItemJson(r.item, r.department_name, timing);
  out["project_name"] = r.project_name;
  out["project_visible"] = r.project_visible;
  out["can_edit"] = can_edit;
  out["department_only"] = department_only;
  return out;
}

Result<store::DeskFilter> ReadDeskFilter(const http::Request& req) {
  store::DeskFilter f;
  if (auto status = req.Query("status"); status && !status->empty()) {
    f.status = domain::ParseApprovalStatus(*status);
    if (!f.status) {
      return core::Fail(Status::Invalid("status", "invalid_enum", {"not_started, in_progress, obtained, not_applicable"}));
    }
  }
  auto dept = QueryInt(req, "department_org_id", 0, 0, INT64_MAX);
  if (!dept) return core::Fail(dept.error());
  if (*dept) f.department_org_id = *dept;
  f.q = std::string(req.Query("q").value_or(""));
  return f;
}

// 本部门审批事项: the items the caller's departments approve, on any project.
http::Response Desk(const ApiContext& ctx, http::Request& req) {
  if (Status s = BusinessAccess(req, auth::Action::kBusinessRead); !s.ok()) return ErrorResponse(s, req);
  auto filter = ReadDeskFilter(req);
  if (!filter) return ErrorResponse(filter.error(), req);
  auto page = QueryInt(req, "page", 1, 1, 1'000'000);
  if (!page) return ErrorResponse(page.error(), req);
  auto size = QueryInt(req, "page_size", 20, 1, 200);
  if (!size) return ErrorResponse(size.error(), req);
  const bool can_edit = Allowed(req, auth::Action::kBusinessWrite);
  auto body = ctx.db.ReadValue<json>([&](store::Connection& c) -> Result<json> {
    auto list = store::DepartmentApprovals(c, ViewerOf(req), *filter, {*page, *size});
    if (!list) return core::Fail(list.error());
    auto timing = LoadTiming(ctx, c);
    if (!timing) return core::Fail(timing.error());
    json items = json::array();
    for (const auto& r : list->items) items.push_back(RowJson(*timing, r, can_edit, !r.project_visible));
    return json{{"items", items}, {"total", list->total}, {"page", *page}, {"page_size", *size}};
  });
  if (!body) return ErrorResponse(body.error(), req);
  return JsonResponse(200, *body);
}

http::Response Get(const ApiContext& ctx, http::Request& req) {
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("approval_not_found"), req);
  auto body = ctx.db.ReadValue<json>([&](store::Connection& c) -> Result<json> {
    auto row = store::GetApprovalRow(c, ViewerOf(req), *id);
    if (!row) return core::Fail(row.error());
    bool department_only = false;
    GJ_FAIL_IF_ERROR(ItemAccess(c, req, row->item, auth::Action::kBusinessRead, department_only));
    bool write_department_only = false;
    const bool can_edit =
        ItemAccess(c, req, row->item, auth::Action::kBusinessWrite, write_department_only).ok();
    auto timing = LoadTiming(ctx, c);
    if (!timing) return core::Fail(timing.error());
    return RowJson(*timing, *row, can_edit, can_edit ? write_department_only : department_only);
  });
  if (!body) return ErrorResponse(body.error(), req);
  return VersionedResponse(200, *body, (*body)["version"].get<int64_t>());
}

// The approval document, uploaded by whoever may write the item (its department's staff too) and
// kept as an attachment of the item's project; the item points to it once saved.
http::Response UploadFile(const ApiContext& ctx, http::Request& req) {
  const auth::Principal& who = CurrentUser(req);
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("approval_not_found"), req);
  // Authorise before the file touches the disk.
  auto check = [&](store::Connection& c) -> Result<ApprovalItem> {
    auto a = store::GetApproval(c, *id);
    if (!a) return a;
    bool department_only = false;
    GJ_FAIL_IF_ERROR(ItemAccess(c, req, *a, auth::Action::kBusinessWrite, department_only));
    return a;
  };
  auto first = ctx.db.ReadValue<ApprovalItem>(check);
  if (!first) return ErrorResponse(first.error(), req);
  auto file = StoreUpload(ctx, req);
  if (!file) return ErrorResponse(file.error(), req);
  auto saved = ctx.db.WriteValue<store::Attachment>([&](store::Connection& c) -> Result<store::Attachment> {
    auto a = check(c);
    if (!a) return core::Fail(a.error());
    auto made = store::CreateAttachment(
        c, AttachmentOf(*file, a->project_id, who.user_id, core::FormatTimestamp(ctx.clock.Now())));
    if (!made) return made;
    store::AuditEntry e = AuditOf(ctx, req, &who, "approval.file", "approval", std::to_string(a->id));
    e.changes = json{{"attachment_id", made->id}, {"filename", made->filename}, {"sm3", made->sm3}}.dump();
    GJ_FAIL_IF_ERROR(Record(c, ctx, std::move(e)));
    return made;
  });
  if (!saved) {
    DiscardUpload(ctx, *file);
    return ErrorResponse(saved.error(), req);
  }
  return JsonResponse(201, {{"id", saved->id},
                            {"filename", saved->filename},
                            {"content_type", saved->content_type},
                            {"size", saved->size},
                            {"url", "/api/approvals/" + std::to_string(*id) + "/files/" + std::to_string(saved->id)}});
}

// A file of the item's project that the item holds, or that the caller uploaded through the item:
// served to whoever may read the item.
http::Response File(const ApiContext& ctx, http::Request& req) {
  const auth::Principal& who = CurrentUser(req);
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("approval_not_found"), req);
  auto file_id = PathId(req, "file");
  if (!file_id) return ErrorResponse(Status::NotFound("attachment_not_found"), req);
  auto found = ctx.db.ReadValue<store::Attachment>([&](store::Connection& c) -> Result<store::Attachment> {
    auto a = store::GetApproval(c, *id);
    if (!a) return core::Fail(a.error());
    bool department_only = false;
    GJ_FAIL_IF_ERROR(ItemAccess(c, req, *a, auth::Action::kBusinessRead, department_only));
    auto f = store::GetAttachment(c, *file_id);
    if (!f) return f;
    const bool held = a->attachment_id == f->id;
    const bool own_upload = f->created_by == who.user_id;
    if (f->project_id != a->project_id || (!held && !own_upload)) {
      return core::Fail(Status::NotFound("attachment_not_found"));
    }
    return f;
  });
  if (!found) return ErrorResponse(found.error(), req);
  return FileResponse(ctx, req, found->storage_key, found->content_type, found->filename);
}

}  // namespace

void AddApprovalRoutes(http::Router& router, const ApiContext& ctx) {
  router.Add("GET", "/api/approval-templates", [&ctx](http::Request& r) { return ListTemplates(ctx, r); });
  router.Add("GET", "/api/projects/{id}/approvals", [&ctx](http::Request& r) { return List(ctx, r); });
  router.Add("POST", "/api/projects/{id}/approvals", [&ctx](http::Request& r) { return Create(ctx, r); });
  router.Add("POST", "/api/projects/{id}/approvals/from-template",
             [&ctx](http::Request& r) { return FromTemplate(ctx, r); });
  router.Add("GET", "/api/approvals/analytics", [&ctx](http::Request& r) { return Analytics(ctx, r); });
  router.Add("GET", "/api/approvals/overdue", [&ctx](http::Request& r) { return Overdue(ctx, r); });
  router.Add("GET", "/api/approvals/desk", [&ctx](http::Request& r) { return Desk(ctx, r); });
  router.Add("GET", "/api/approvals/{id}", [&ctx](http::Request& r) { return Get(ctx, r); });
  router.Add("POST", "/api/approvals/{id}/files", [&ctx](http::Request& r) { return UploadFile(ctx, r); },
             {.max_body = kMaxUpload, .json_body = false});
  router.Add("GET", "/api/approvals/{id}/files/{file}", [&ctx](http::Request& r) { return File(ctx, r); });
  router.Add("PATCH", "/api/approvals/{id}", [&ctx](http::Request& r) { return Patch(ctx, r); });
  router.Add("DELETE", "/api/approvals/{id}", [&ctx](http::Request& r) { return Delete(ctx, r); });
}

}  // namespace gongjian::api
