// Milestone nodes (关键节点, SPEC §4): each project's nodes with finish-to-start links, also
// across projects, their templates, the schedule (forecast, float, critical path) over the
// working-day calendar, the portfolio Gantt (挂图作战), and the calendar's administration.
#include <map>
#include <set>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "api/cockpit.h"
#include "api/json_input.h"
#include "api/milestones.h"
#include "api/projects.h"
#include "api/respond.h"
#include "api/session.h"
#include "api/warnings.h"
#include "domain/text.h"
#include "engine/schedule.h"
#include "store/milestone_repository.h"
#include "store/org_repository.h"

namespace gongjian::api {
namespace {

using core::Result;
using core::Status;
using domain::Milestone;
using nlohmann::json;

json OptDate(const std::optional<domain::Date>& d) { return d ? json(d->ToString()) : json(nullptr); }

bool Allowed(const http::Request& req, auth::Action action) {
  return auth::Can(CurrentUser(req), action, {.kind = auth::Object::Kind::kBusiness}) == auth::Decision::kAllow;
}

Result<int64_t> IntIn(const json& j, const std::string& field, int64_t min, int64_t max) {
  if (!j.is_number_integer()) return core::Fail(Status::Invalid(field, "wrong_type_integer"));
  const int64_t v = j.get<int64_t>();
  if (v < min || v > max) return core::Fail(Status::Invalid(field, "out_of_range", {std::to_string(min), std::to_string(max)}));
  return v;
}

Result<std::vector<domain::MilestoneDependency>> DepsField(const JsonInput& in) {
  const json& raw = in.Raw().at("deps");
  if (!raw.is_array()) return core::Fail(Status::Invalid("deps", "wrong_type_list"));
  std::vector<domain::MilestoneDependency> out;
  for (size_t i = 0; i < raw.size(); ++i) {
    const std::string at = "deps[" + std::to_string(i) + "]";
    const json& d = raw[i];
    if (!d.is_object()) return core::Fail(Status::Invalid(at, "wrong_type_object"));
    for (const auto& [key, value] : d.items()) {
      if (key != "predecessor_id" && key != "lag_days") return core::Fail(Status::Invalid(at + "." + key, "unknown_field"));
    }
    if (!d.contains("predecessor_id")) return core::Fail(Status::Invalid(at + ".predecessor_id", "required"));
    auto pred = IntIn(d["predecessor_id"], at + ".predecessor_id", 1, INT64_MAX);
    if (!pred) return core::Fail(pred.error());
    int64_t lag = 0;
    if (d.contains("lag_days")) {
      auto l = IntIn(d["lag_days"], at + ".lag_days", 0, domain::kMaxLagDays);
      if (!l) return core::Fail(l.error());
      lag = *l;
    }
    out.push_back({*pred, static_cast<int>(lag)});
  }
  return out;
}

// Applies the body's fields to `m`: every field on create (name and planned required), only
// those present on a PATCH.
Status ReadMilestone(const JsonInput& in, Milestone& m, bool create) {
  if (create || in.Has("name")) {
    auto name = in.RequiredString("name");
    if (!name) return name.error();
    m.name = *name;
  }
  if (create || in.Has("planned")) {
    auto planned = in.Date("planned");
    if (!planned) return planned.error();
    if (!*planned) return Status::Invalid("planned", "required");
    m.planned = **planned;
  }
  if (in.Has("actual")) {
    auto actual = in.Date("actual");
    if (!actual) return actual.error();
    m.actual = *actual;
  }
  if (in.Has("responsible_org_id")) {
    auto org = in.Int("responsible_org_id");
    if (!org) return org.error();
    m.responsible_org_id = *org;
  }
  for (auto [field, target] : {std::pair{"responsible_person", &m.responsible_person}, std::pair{"note", &m.note}}) {
    if (!in.Has(field)) continue;
    auto text = in.String(field);
    if (!text) return text.error();
    *target = text->value_or("");
  }
  if (in.Has("position")) {
    auto pos = in.Int("position");
    if (!pos) return pos.error();
    if (*pos && (**pos < 0 || **pos > domain::kMaxMilestonesPerProject)) {
      return Status::Invalid("position", "out_of_range", {"0", std::to_string(domain::kMaxMilestonesPerProject)});
    }
    if (*pos) m.position = static_cast<int>(**pos);
  }
  if (in.Has("deps") && !in.IsNull("deps")) {
    auto deps = DepsField(in);
    if (!deps) return deps.error();
    m.deps = std::move(*deps);
  } else if (in.Has("deps")) {
    m.deps.clear();
  }
  return Status::Ok();
}

// A milestone's JSON body, refusing fields it does not have.
Result<JsonInput> MilestoneBody(const http::Request& req) {
  return JsonInput::Parse(req, {"name", "planned", "actual", "responsible_org_id", "responsible_person", "note",
                                "position", "deps"});
}

// The schedule of every milestone linked to the given projects.
struct Schedule {
  std::vector<Milestone> nodes;
  std::map<int64_t, engine::NodeSchedule> by_id;
};

Result<Schedule> LoadSchedule(store::Connection& c, const std::vector<int64_t>& project_ids, domain::Date today) {
  auto linked = store::LinkedProjects(c, project_ids);
  if (!linked) return core::Fail(linked.error());
  auto nodes = store::MilestonesOfProjects(c, *linked);
  if (!nodes) return core::Fail(nodes.error());
  auto calendar = store::LoadWorkCalendar(c);
  if (!calendar) return core::Fail(calendar.error());
  std::vector<engine::ScheduleNode> network;
  network.reserve(nodes->size());
  for (const auto& m : *nodes) network.push_back({m.id, m.planned, m.actual, m.deps});
  auto computed = engine::ComputeSchedule(network, today, *calendar);
  if (!computed) return core::Fail(computed.error());
  Schedule out;
  out.nodes = std::move(*nodes);
  for (const auto& s : *computed) out.by_id.emplace(s.id, s);
  return out;
}

json ScheduleJson(const engine::NodeSchedule& s) {
  return {{"forecast", s.forecast.ToString()},
          {"float_days", s.float_days},
          {"delay_days", s.delay_days},
          {"critical", s.critical},
          {"status", engine::MilestoneStateName(s.state)}};
}

// The milestones of one project as the API shows them, with their predecessors' labels.
Result<json> ProjectMilestonesJson(store::Connection& c, int64_t project_id, const Schedule& schedule) {
  std::vector<int64_t> preds;
  std::vector<int64_t> orgs;
  for (const auto& m : schedule.nodes) {
    if (m.project_id != project_id) continue;
    for (const auto& d : m.deps) preds.push_back(d.predecessor_id);
    if (m.responsible_org_id) orgs.push_back(*m.responsible_org_id);
  }
  auto labels = store::MilestoneLabels(c, preds);
  if (!labels) return core::Fail(labels.error());
  auto names = store::OrgNames(c, orgs);
  if (!names) return core::Fail(names.error());
  json items = json::array();
  for (const auto& m : schedule.nodes) {
    if (m.project_id != project_id) continue;
    json deps = json::array();
    for (const auto& d : m.deps) {
      json dep = {{"predecessor_id", d.predecessor_id}, {"lag_days", d.lag_days}};
      if (auto it = labels->find(d.predecessor_id); it != labels->end()) {
        dep["predecessor_name"] = it->second.name;
        dep["predecessor_project_id"] = it->second.project_id;
        dep["predecessor_project_name"] = it->second.project_name;
      }
      deps.push_back(std::move(dep));
    }
    json j = {{"id", m.id},
              {"project_id", m.project_id},
              {"position", m.position},
              {"name", m.name},
              {"planned", m.planned.ToString()},
              {"actual", OptDate(m.actual)},
              {"responsible_org_id", m.responsible_org_id ? json(*m.responsible_org_id) : json(nullptr)},
              {"responsible_org_name", json(nullptr)},
              {"responsible_person", m.responsible_person},
              {"note", m.note},
              {"deps", deps},
              {"version", m.version}};
    if (m.responsible_org_id) {
      if (auto it = names->find(*m.responsible_org_id); it != names->end()) j["responsible_org_name"] = it->second;
    }
    if (auto it = schedule.by_id.find(m.id); it != schedule.by_id.end()) j.update(ScheduleJson(it->second));
    items.push_back(std::move(j));
  }
  return items;
}

// Each predecessor must be one the caller can see: a node of a project outside the scope
// does not exist for them.
Status CheckPredecessorsVisible(store::Connection& c, const http::Request& req, const Milestone& m) {
  std::vector<int64_t> ids;
  for (const auto& d : m.deps) ids.push_back(d.predecessor_id);
  auto labels = store::MilestoneLabels(c, ids);
  if (!labels) return labels.error();
  for (size_t i = 0; i < m.deps.size(); ++i) {
    const std::string field = "deps[" + std::to_string(i) + "].predecessor_id";
    auto it = labels->find(m.deps[i].predecessor_id);
    if (it == labels->end()) return Status::Invalid(field, "milestone_not_found");
    if (it->second.project_id == m.project_id) continue;
    auto project = ProjectForAction(c, req, it->second.project_id, auth::Action::kBusinessRead);
    if (!project) return Status::Invalid(field, "milestone_not_found");
  }
  return Status::Ok();
}

// After a write: the network must stay acyclic, and the warnings of every linked project see
// the new schedule in the same transaction.
Status AfterWrite(const ApiContext& ctx, store::Connection& c, int64_t project_id) {
  auto schedule = LoadSchedule(c, {project_id}, Today(ctx));
  if (!schedule) return schedule.error();
  std::vector<store::StoredSchedule> forecasts;
  for (const auto& [id, s] : schedule->by_id) forecasts.push_back({id, s.forecast, s.critical});
  auto saved = store::SaveForecasts(c, forecasts);
  if (!saved) return saved.error();
  std::set<int64_t> projects;
  for (const auto& m : schedule->nodes) projects.insert(m.project_id);
  projects.insert(project_id);
  for (int64_t p : projects) GJ_RETURN_IF_ERROR(RecomputeWarnings(ctx, c, p));
  return Status::Ok();
}

json ListBody(store::Connection& c, const http::Request& req, int64_t project_id, const Schedule& schedule,
              Status& error) {
  auto items = ProjectMilestonesJson(c, project_id, schedule);
  if (!items) {
    error = items.error();
    return {};
  }
  return {{"items", *items}, {"can_edit", Allowed(req, auth::Action::kBusinessWrite)}};
}

http::Response List(const ApiContext& ctx, http::Request& req) {
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("project_not_found"), req);
  auto body = ctx.db.ReadValue<json>([&](store::Connection& c) -> Result<json> {
    auto project = ProjectForAction(c, req, *id, auth::Action::kBusinessRead);
    if (!project) return core::Fail(project.error());
    auto schedule = LoadSchedule(c, {*id}, Today(ctx));
    if (!schedule) return core::Fail(schedule.error());
    Status error;
    json out = ListBody(c, req, *id, *schedule, error);
    if (!error.ok()) return core::Fail(error);
    return out;
  });
  if (!body) return ErrorResponse(body.error(), req);
  return JsonResponse(200, *body);
}

// The one milestone as the API shows it, after a write.
Result<json> OneJson(const ApiContext& ctx, store::Connection& c, const Milestone& m) {
  auto schedule = LoadSchedule(c, {m.project_id}, Today(ctx));
  if (!schedule) return core::Fail(schedule.error());
  auto items = ProjectMilestonesJson(c, m.project_id, *schedule);
  if (!items) return core::Fail(items.error());
  for (auto& j : *items) {
    if (j["id"] == m.id) return std::move(j);
  }
  return core::Fail(Status::NotFound("milestone_not_found"));
}

// After a node is written: the linked schedules and warnings follow, the audit row records
// `changes` plus the node as it now reads, and the node is answered.
Result<json> Saved(const ApiContext& ctx, store::Connection& c, const http::Request& req, const Milestone& m,
                   const char* event, json changes) {
  GJ_FAIL_IF_ERROR(AfterWrite(ctx, c, m.project_id));
  auto out = OneJson(ctx, c, m);
  if (!out) return out;
  store::AuditEntry e = AuditOf(ctx, req, &CurrentUser(req), event, "milestone", std::to_string(m.id));
  changes["after"] = *out;
  e.changes = changes.dump();
  GJ_FAIL_IF_ERROR(Record(c, ctx, std::move(e)));
  return out;
}

http::Response Create(const ApiContext& ctx, http::Request& req) {
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("project_not_found"), req);
  auto in = MilestoneBody(req);
  if (!in) return ErrorResponse(in.error(), req);
  Milestone m;
  m.project_id = *id;
  m.position = -1;
  if (Status s = ReadMilestone(*in, m, true); !s.ok()) return ErrorResponse(s, req);
  std::string now = core::FormatTimestamp(ctx.clock.Now());
  int64_t version = 0;
  auto body = ctx.db.WriteValue<json>([&](store::Connection& c) -> Result<json> {
    auto project = ProjectForAction(c, req, *id, auth::Action::kBusinessWrite);
    if (!project) return core::Fail(project.error());
    GJ_FAIL_IF_ERROR(domain::ValidateMilestone(m, Today(ctx)));
    GJ_FAIL_IF_ERROR(CheckPredecessorsVisible(c, req, m));
    auto made = store::CreateMilestone(c, m, now);
    if (!made) return core::Fail(made.error());
    version = made->version;
    return Saved(ctx, c, req, *made, "milestone.create", json::object());
  });
  if (!body) return ErrorResponse(body.error(), req);
  return VersionedResponse(201, *body, version);
}

http::Response Patch(const ApiContext& ctx, http::Request& req) {
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("milestone_not_found"), req);
  auto expected = IfMatchVersion(req);
  if (!expected) return ErrorResponse(expected.error(), req);
  auto in = MilestoneBody(req);
  if (!in) return ErrorResponse(in.error(), req);
  std::string now = core::FormatTimestamp(ctx.clock.Now());
  int64_t version = 0;
  auto body = ctx.db.WriteValue<json>([&](store::Connection& c) -> Result<json> {
    auto m = store::GetMilestone(c, *id);
    if (!m) return core::Fail(m.error());
    GJ_FAIL_IF_ERROR(CheckOwningProject(c, req, m->project_id, auth::Action::kBusinessWrite, "milestone_not_found"));
    auto before = OneJson(ctx, c, *m);
    if (!before) return before;
    GJ_FAIL_IF_ERROR(ReadMilestone(*in, *m, false));
    GJ_FAIL_IF_ERROR(domain::ValidateMilestone(*m, Today(ctx)));
    GJ_FAIL_IF_ERROR(CheckPredecessorsVisible(c, req, *m));
    auto saved = store::UpdateMilestone(c, *m, *expected, now);
    if (!saved) return core::Fail(saved.error());
    version = saved->version;
    return Saved(ctx, c, req, *saved, "milestone.update", json{{"before", *before}});
  });
  if (!body) return ErrorResponse(body.error(), req);
  return VersionedResponse(200, *body, version);
}

http::Response Delete(const ApiContext& ctx, http::Request& req) {
  const auth::Principal& who = CurrentUser(req);
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("milestone_not_found"), req);
  auto expected = IfMatchVersion(req);
  if (!expected) return ErrorResponse(expected.error(), req);
  Status s = ctx.db.Write([&](store::Connection& c) -> Status {
    auto m = store::GetMilestone(c, *id);
    if (!m) return m.error();
    GJ_RETURN_IF_ERROR(CheckOwningProject(c, req, m->project_id, auth::Action::kBusinessWrite, "milestone_not_found"));
    GJ_RETURN_IF_ERROR(store::DeleteMilestone(c, *id, *expected));
    GJ_RETURN_IF_ERROR(AfterWrite(ctx, c, m->project_id));
    store::AuditEntry e = AuditOf(ctx, req, &who, "milestone.delete", "milestone", std::to_string(*id));
    e.changes = json{{"project_id", m->project_id}, {"name", m->name}}.dump();
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
    const auto& p = project->project;
    if (!p.planned_start || !p.planned_completion) {
      return core::Fail(Status::Invalid("template_id", "project_dates_required"));
    }
    auto existing = store::ListMilestones(c, *id);
    if (!existing) return core::Fail(existing.error());
    if (!existing->empty()) return core::Fail(Status::Conflict("milestones_exist"));
    auto t = store::GetMilestoneTemplate(c, *template_id);
    if (!t) {
      if (t.error().code() == core::Code::kNotFound) return core::Fail(Status::Invalid("template_id", "template_not_found"));
      return core::Fail(t.error());
    }
    auto calendar = store::LoadWorkCalendar(c);
    if (!calendar) return core::Fail(calendar.error());
    std::vector<int64_t> ids;  // by position: the template names predecessors by position
    for (Milestone m : domain::MilestonesFromTemplate(*t, *p.planned_start, *p.planned_completion, *calendar)) {
      m.project_id = *id;
      for (auto& d : m.deps) d.predecessor_id = ids[static_cast<size_t>(d.predecessor_id)];
      auto made = store::CreateMilestone(c, m, now);
      if (!made) return core::Fail(made.error());
      ids.push_back(made->id);
    }
    GJ_FAIL_IF_ERROR(AfterWrite(ctx, c, *id));
    auto schedule = LoadSchedule(c, {*id}, Today(ctx));
    if (!schedule) return core::Fail(schedule.error());
    Status error;
    json out = ListBody(c, req, *id, *schedule, error);
    if (!error.ok()) return core::Fail(error);
    store::AuditEntry e = AuditOf(ctx, req, &who, "milestone.from_template", "project", std::to_string(*id));
    e.changes = json{{"template_id", *template_id}, {"template", t->name}, {"count", ids.size()}}.dump();
    GJ_FAIL_IF_ERROR(Record(c, ctx, std::move(e)));
    return out;
  });
  if (!body) return ErrorResponse(body.error(), req);
  return JsonResponse(201, *body);
}

http::Response Search(const ApiContext& ctx, http::Request& req) {
  if (Status s = BusinessAccess(req, auth::Action::kBusinessRead); !s.ok()) return ErrorResponse(s, req);
  auto limit = QueryInt(req, "limit", 20, 1, 100);
  if (!limit) return ErrorResponse(limit.error(), req);
  std::string q = std::string(req.Query("q").value_or(""));
  if (domain::CodePoints(q) > 100) return ErrorResponse(Status::Invalid("q", "too_long", {"100"}), req);
  auto hits = ctx.db.ReadValue<std::vector<store::MilestoneLabel>>(
      [&](store::Connection& c) { return store::SearchMilestones(c, ViewerOf(req), q, static_cast<int>(*limit)); });
  if (!hits) return ErrorResponse(hits.error(), req);
  json items = json::array();
  for (const auto& h : *hits) {
    items.push_back({{"id", h.id},
                     {"name", h.name},
                     {"planned", h.planned.ToString()},
                     {"project_id", h.project_id},
                     {"project_name", h.project_name}});
  }
  return JsonResponse(200, {{"items", items}});
}

// ---- Templates ----

json TemplateJson(const domain::MilestoneTemplate& t) {
  json nodes = json::array();
  for (const auto& n : t.nodes) {
    nodes.push_back({{"name", n.name}, {"anchor", domain::MilestoneAnchorName(n.anchor)}, {"offset_days", n.offset_days}});
  }
  return {{"id", t.id}, {"name", t.name}, {"nodes", nodes}, {"version", t.version}};
}

Result<domain::MilestoneTemplate> ReadTemplate(const JsonInput& in) {
  domain::MilestoneTemplate t;
  auto name = in.RequiredString("name");
  if (!name) return core::Fail(name.error());
  t.name = *name;
  if (!in.Has("nodes")) return core::Fail(Status::Invalid("nodes", "required"));
  const json& raw = in.Raw().at("nodes");
  if (!raw.is_array()) return core::Fail(Status::Invalid("nodes", "wrong_type_list"));
  if (raw.size() > domain::kMaxTemplateNodes) {
    return core::Fail(Status::Invalid("nodes", "too_many", {std::to_string(domain::kMaxTemplateNodes)}));
  }
  for (size_t i = 0; i < raw.size(); ++i) {
    const std::string at = "nodes[" + std::to_string(i) + "]";
    const json& n = raw[i];
    if (!n.is_object()) return core::Fail(Status::Invalid(at, "wrong_type_object"));
    for (const auto& [key, value] : n.items()) {
      if (key != "name" && key != "anchor" && key != "offset_days") {
        return core::Fail(Status::Invalid(at + "." + key, "unknown_field"));
      }
    }
    domain::TemplateNode node;
    if (!n.contains("name") || !n["name"].is_string()) return core::Fail(Status::Invalid(at + ".name", "wrong_type_string"));
    node.name = n["name"].get<std::string>();
    if (n.contains("anchor")) {
      auto anchor = n["anchor"].is_string() ? domain::ParseMilestoneAnchor(n["anchor"].get<std::string>()) : std::nullopt;
      if (!anchor) return core::Fail(Status::Invalid(at + ".anchor", "invalid_enum", {"start, end"}));
      node.anchor = *anchor;
    }
    if (n.contains("offset_days")) {
      auto off = IntIn(n["offset_days"], at + ".offset_days", -domain::kMaxTemplateOffsetDays,
                       domain::kMaxTemplateOffsetDays);
      if (!off) return core::Fail(off.error());
      node.offset_days = static_cast<int>(*off);
    }
    t.nodes.push_back(std::move(node));
  }
  GJ_FAIL_IF_ERROR(domain::ValidateMilestoneTemplate(t));
  return t;
}

http::Response ListTemplates(const ApiContext& ctx, http::Request& req) {
  if (Status s = BusinessAccess(req, auth::Action::kBusinessRead); !s.ok()) return ErrorResponse(s, req);
  auto list = ctx.db.ReadValue<std::vector<domain::MilestoneTemplate>>(
      [&](store::Connection& c) { return store::ListMilestoneTemplates(c); });
  if (!list) return ErrorResponse(list.error(), req);
  json items = json::array();
  for (const auto& t : *list) items.push_back(TemplateJson(t));
  return JsonResponse(200, {{"items", items}, {"can_edit", Allowed(req, auth::Action::kProjectReview)}});
}

http::Response SaveTemplate(const ApiContext& ctx, http::Request& req, bool create) {
  const auth::Principal& who = CurrentUser(req);
  if (Status s = BusinessAccess(req, auth::Action::kProjectReview); !s.ok()) return ErrorResponse(s, req);
  std::optional<int64_t> id;
  std::optional<int64_t> expected;
  if (!create) {
    auto path = PathId(req);
    if (!path) return ErrorResponse(Status::NotFound("template_not_found"), req);
    id = *path;
    auto v = IfMatchVersion(req);
    if (!v) return ErrorResponse(v.error(), req);
    expected = *v;
  }
  auto in = JsonInput::Parse(req, {"name", "nodes"});
  if (!in) return ErrorResponse(in.error(), req);
  auto t = ReadTemplate(*in);
  if (!t) return ErrorResponse(t.error(), req);
  if (id) t->id = *id;
  std::string now = core::FormatTimestamp(ctx.clock.Now());
  auto saved = ctx.db.WriteValue<domain::MilestoneTemplate>([&](store::Connection& c) -> Result<domain::MilestoneTemplate> {
    auto out = create ? store::CreateMilestoneTemplate(c, *t, now) : store::UpdateMilestoneTemplate(c, *t, *expected, now);
    if (!out) return out;
    store::AuditEntry e = AuditOf(ctx, req, &who, create ? "milestone_template.create" : "milestone_template.update",
                                  "milestone_template", std::to_string(out->id));
    e.changes = json{{"after", TemplateJson(*out)}}.dump();
    GJ_FAIL_IF_ERROR(Record(c, ctx, std::move(e)));
    return out;
  });
  if (!saved) return ErrorResponse(saved.error(), req);
  return VersionedResponse(create ? 201 : 200, TemplateJson(*saved), saved->version);
}

// ---- Portfolio Gantt ----

// The rows draw the stored schedules (refreshed on every milestone write and daily), so a page of
// 2,000 projects is three indexed reads. Nodes are arrays [id, name (an index into node_names),
// planned, actual, forecast, status, critical]: the names repeat from the templates.
http::Response Gantt(const ApiContext& ctx, http::Request& req) {
  if (Status s = BusinessAccess(req, auth::Action::kBusinessRead); !s.ok()) return ErrorResponse(s, req);
  auto filter = ReadProjectFilter(req);
  if (!filter) return ErrorResponse(filter.error(), req);
  auto page = QueryInt(req, "page", 1, 1, 1'000'000);
  if (!page) return ErrorResponse(page.error(), req);
  auto size = QueryInt(req, "page_size", 1000, 1, 2000);
  if (!size) return ErrorResponse(size.error(), req);
  const domain::Date today = Today(ctx);
  auto body = ctx.db.ReadValue<json>([&](store::Connection& c) -> Result<json> {
    auto projects = store::ListProjectBars(c, ViewerOf(req), *filter, {*page, *size});
    if (!projects) return core::Fail(projects.error());
    std::vector<int64_t> ids;
    for (const auto& p : projects->items) ids.push_back(p.id);
    auto nodes = store::GanttNodes(c, ids);
    if (!nodes) return core::Fail(nodes.error());
    std::unordered_map<std::string, size_t> name_index;
    json names = json::array();
    std::unordered_map<int64_t, json> by_project;
    for (const auto& n : *nodes) {
      auto [at, fresh] = name_index.try_emplace(n.name, names.size());
      if (fresh) names.push_back(n.name);
      const domain::Date forecast = n.forecast.value_or(std::max(n.planned, today));
      auto state = engine::MilestoneStateOf(n.planned, n.actual, forecast, today);
      auto [row, added] = by_project.try_emplace(n.project_id, json::array());
      row->second.push_back(json::array({n.id, at->second, n.planned.ToString(), OptDate(n.actual),
                                         n.actual ? n.actual->ToString() : forecast.ToString(),
                                         engine::MilestoneStateName(state), n.critical && !n.actual}));
    }
    json items = json::array();
    for (auto& p : projects->items) {
      auto it = by_project.find(p.id);
      items.push_back({{"project_id", p.id},
                       {"name", std::move(p.name)},
                       {"stage", domain::StageName(p.stage)},
                       {"warning_colour", std::move(p.warning_colour)},
                       {"planned_start", OptDate(p.planned_start)},
                       {"planned_end", OptDate(p.planned_completion)},
                       {"actual_start", OptDate(p.actual_start)},
                       {"actual_end", OptDate(p.actual_completion)},
                       {"nodes", it == by_project.end() ? json::array() : std::move(it->second)}});
    }
    return json{{"items", std::move(items)}, {"node_names", std::move(names)}, {"total", projects->total},
                {"page", *page}, {"page_size", *size}};
  });
  if (!body) return ErrorResponse(body.error(), req);
  return JsonResponse(200, *body);
}

// ---- The working-day calendar ----

http::Response GetCalendar(const ApiContext& ctx, http::Request& req) {
  auto year = QueryInt(req, "year", Today(ctx).year, 1900, 2199);
  if (!year) return ErrorResponse(year.error(), req);
  auto additions = ctx.db.ReadValue<std::vector<domain::CalendarDay>>(
      [&](store::Connection& c) { return store::ListCalendarAdditions(c); });
  if (!additions) return ErrorResponse(additions.error(), req);
  auto kind = [](domain::CalendarDay::Kind k) { return k == domain::CalendarDay::Kind::kWorkday ? "workday" : "holiday"; };
  std::map<std::string, json> days;  // by date: additions win over the built-in list
  for (const auto& d : domain::ChinaHolidays()) {
    if (d.date.year != *year) continue;
    days[d.date.ToString()] = {{"date", d.date.ToString()}, {"kind", kind(d.kind)}, {"name", d.name}, {"builtin", true}};
  }
  json added = json::array();
  for (const auto& d : *additions) {
    json j = {{"date", d.date.ToString()}, {"kind", kind(d.kind)}, {"name", d.name}, {"builtin", false}};
    added.push_back(j);
    if (d.date.year == *year) days[d.date.ToString()] = j;
  }
  json list = json::array();
  for (auto& [date, j] : days) list.push_back(std::move(j));
  const domain::WorkCalendar calendar = [&] {
    std::vector<domain::CalendarDay> all = domain::ChinaHolidays();
    all.insert(all.end(), additions->begin(), additions->end());
    return domain::WorkCalendar(std::move(all));
  }();
  const int working = calendar.WorkingDaysBetween({static_cast<int>(*year) - 1, 12, 31}, {static_cast<int>(*year), 12, 31});
  return JsonResponse(200, {{"year", *year},
                            {"days", list},
                            {"additions", added},
                            {"working_days", working},
                            {"can_edit", auth::Can(CurrentUser(req), auth::Action::kSettingsWrite, {}) ==
                                             auth::Decision::kAllow}});
}

http::Response PutCalendar(const ApiContext& ctx, http::Request& req) {
  const auth::Principal& who = CurrentUser(req);
  if (Status s = auth::Authorize(who, auth::Action::kSettingsWrite, {}); !s.ok()) return ErrorResponse(s, req);
  auto in = JsonInput::Parse(req, {"additions"});
  if (!in) return ErrorResponse(in.error(), req);
  if (!in->Has("additions")) return ErrorResponse(Status::Invalid("additions", "required"), req);
  const json& raw = in->Raw().at("additions");
  if (!raw.is_array()) return ErrorResponse(Status::Invalid("additions", "wrong_type_list"), req);
  if (raw.size() > 1000) return ErrorResponse(Status::Invalid("additions", "too_many", {"1000"}), req);
  std::vector<domain::CalendarDay> days;
  std::set<domain::Date> seen;
  for (size_t i = 0; i < raw.size(); ++i) {
    const std::string at = "additions[" + std::to_string(i) + "]";
    const json& d = raw[i];
    if (!d.is_object()) return ErrorResponse(Status::Invalid(at, "wrong_type_object"), req);
    for (const auto& [key, value] : d.items()) {
      if (key != "date" && key != "kind" && key != "name") {
        return ErrorResponse(Status::Invalid(at + "." + key, "unknown_field"), req);
      }
    }
    auto date = d.contains("date") && d["date"].is_string() ? domain::ParseDate(d["date"].get<std::string>()) : std::nullopt;
    if (!date) return ErrorResponse(Status::Invalid(at + ".date", "date_format"), req);
    if (!seen.insert(*date).second) return ErrorResponse(Status::Invalid(at + ".date", "repeated_value", {date->ToString()}), req);
    const std::string kind = d.contains("kind") && d["kind"].is_string() ? d["kind"].get<std::string>() : "";
    if (kind != "holiday" && kind != "workday") {
      return ErrorResponse(Status::Invalid(at + ".kind", "invalid_enum", {"holiday, workday"}), req);
    }
    std::string name = d.contains("name") && d["name"].is_string() ? domain::TrimSpaces(d["name"].get<std::string>()) : "";
    if (Status s = domain::CheckName(at + ".name", name, 30); !s.ok()) return ErrorResponse(s, req);
    days.push_back({*date, kind == "workday" ? domain::CalendarDay::Kind::kWorkday : domain::CalendarDay::Kind::kHoliday,
                    name});
  }
  std::string now = core::FormatTimestamp(ctx.clock.Now());
  Status s = ctx.db.Write([&](store::Connection& c) -> Status {
    GJ_RETURN_IF_ERROR(store::ReplaceCalendarAdditions(c, days, now));
    GJ_RETURN_IF_ERROR(RefreshCockpitCalendar(c, now));  // the approvals' durations count working days
    store::AuditEntry e = AuditOf(ctx, req, &who, "calendar.update", "calendar", "additions");
    e.changes = json{{"additions", raw}}.dump();
    return Record(c, ctx, std::move(e));
  });
  if (!s.ok()) return ErrorResponse(s, req);
  return GetCalendar(ctx, req);
}

}  // namespace

core::Result<int64_t> RefreshAllSchedules(store::Connection& c, domain::Date today) {
  auto nodes = store::AllMilestones(c);
  if (!nodes) return core::Fail(nodes.error());
  auto calendar = store::LoadWorkCalendar(c);
  if (!calendar) return core::Fail(calendar.error());
  std::vector<engine::ScheduleNode> network;
  network.reserve(nodes->size());
  for (const auto& m : *nodes) network.push_back({m.id, m.planned, m.actual, m.deps});
  auto computed = engine::ComputeSchedule(network, today, *calendar);
  if (!computed) return core::Fail(computed.error());
  std::vector<store::StoredSchedule> forecasts;
  forecasts.reserve(computed->size());
  for (const auto& s : *computed) forecasts.push_back({s.id, s.forecast, s.critical});
  return store::SaveForecasts(c, forecasts);
}

void AddMilestoneRoutes(http::Router& router, const ApiContext& ctx) {
  router.Add("GET", "/api/projects/{id}/milestones", [&ctx](http::Request& r) { return List(ctx, r); });
  router.Add("POST", "/api/projects/{id}/milestones", [&ctx](http::Request& r) { return Create(ctx, r); });
  router.Add("POST", "/api/projects/{id}/milestones/from-template",
             [&ctx](http::Request& r) { return FromTemplate(ctx, r); });
  router.Add("GET", "/api/milestones/search", [&ctx](http::Request& r) { return Search(ctx, r); });
  router.Add("PATCH", "/api/milestones/{id}", [&ctx](http::Request& r) { return Patch(ctx, r); });
  router.Add("DELETE", "/api/milestones/{id}", [&ctx](http::Request& r) { return Delete(ctx, r); });
  router.Add("GET", "/api/milestone-templates", [&ctx](http::Request& r) { return ListTemplates(ctx, r); });
  router.Add("POST", "/api/milestone-templates", [&ctx](http::Request& r) { return SaveTemplate(ctx, r, true); });
  router.Add("PUT", "/api/milestone-templates/{id}", [&ctx](http::Request& r) { return SaveTemplate(ctx, r, false); });
  router.Add("GET", "/api/gantt", [&ctx](http::Request& r) { return Gantt(ctx, r); });
  router.Add("GET", "/api/calendar", [&ctx](http::Request& r) { return GetCalendar(ctx, r); });
  router.Add("PUT", "/api/calendar", [&ctx](http::Request& r) { return PutCalendar(ctx, r); });
}

}  // namespace gongjian::api
