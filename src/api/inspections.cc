// Inspections (督查/走访, SPEC §6). An inspection visits one or more projects; whoever sees one of
// them sees the inspection, but only the visited projects (and their photos) in its own scope.
// Problems raised from an inspection (POST /api/projects/{id}/problems with inspection_id) are
// listed on it. Every write checks can() and records its audit row in the same transaction.
#include "api/inspections.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "api/files.h"
#include "api/json_input.h"
#include "api/projects.h"
#include "api/respond.h"
#include "api/session.h"
#include "domain/inspection.h"
#include "domain/text.h"
#include "store/audit_repository.h"
#include "store/inspection_repository.h"
#include "store/problem_repository.h"

namespace gongjian::api {
namespace {

using core::Result;
using core::Status;
using nlohmann::json;
using store::Inspection;

constexpr const char* kKinds = "supervision, visit";
constexpr int64_t kMaxProblemsShown = 200;

Status WriteAccess(const http::Request& req) {
  return auth::Authorize(CurrentUser(req), auth::Action::kInspectionWrite,
                         {.kind = auth::Object::Kind::kBusiness, .in_scope = true});
}

json InspectionJson(const http::Request& req, const Inspection& i) {
  json projects = json::array();
  for (const auto& [id, name] : i.projects) projects.push_back({{"id", id}, {"name", name}});
  return {{"id", i.id},
          {"kind", domain::InspectionKindName(i.kind)},
          {"held_on", i.held_on.ToString()},
          {"title", i.title},
          {"people", i.people},
          {"leader_user_id", i.leader_user_id ? json(*i.leader_user_id) : json(nullptr)},
          {"leader_name", i.leader_user_id ? json(i.leader_name) : json(nullptr)},
          {"findings", i.findings},
          {"created_by_name", i.created_by_name},
          {"projects", projects},
          {"project_count", i.project_ids.size()},
          {"version", i.version},
          {"can_edit", WriteAccess(req).ok()}};
}

json PhotoJson(int64_t inspection_id, const store::Attachment& a) {
  const std::string base = "/api/inspections/" + std::to_string(inspection_id) + "/photos/" + std::to_string(a.id);
  return {{"id", a.id},
          {"project_id", a.project_id},
          {"filename", a.filename},
          {"content_type", a.content_type},
          {"url", base},
          {"thumbnail_url", a.thumbnail_key ? json(base + "/thumbnail") : json(nullptr)}};
}

bool Visible(const Inspection& i, int64_t project_id) {
  return std::any_of(i.projects.begin(), i.projects.end(), [&](const auto& p) { return p.first == project_id; });
}

// The inspection's photos the caller may see: those of visited projects in its scope.
Result<std::vector<store::Attachment>> VisiblePhotos(store::Connection& c, const Inspection& i) {
  auto ids = store::InspectionPhotoIds(c, i.id);
  if (!ids) return core::Fail(ids.error());
  std::vector<store::Attachment> out;
  for (int64_t id : *ids) {
    auto a = store::GetAttachment(c, id);
    if (!a) return core::Fail(a.error());
    if (Visible(i, a->project_id)) out.push_back(std::move(*a));
  }
  return out;
}

Result<json> DetailJson(const ApiContext& ctx, store::Connection& c, const http::Request& req, const Inspection& i) {
  json out = InspectionJson(req, i);
  auto photos = VisiblePhotos(c, i);
  if (!photos) return core::Fail(photos.error());
  json pj = json::array();
  for (const auto& a : *photos) pj.push_back(PhotoJson(i.id, a));
  out["photos"] = pj;
  store::ProblemFilter f;
  f.inspection_id = i.id;
  auto problems = store::ListProblems(c, ViewerOf(req), f, {1, kMaxProblemsShown}, Today(ctx));
  if (!problems) return core::Fail(problems.error());
  json list = json::array();
  for (const auto& p : problems->items) {
    list.push_back({{"id", p.id},
                    {"project_id", p.project_id},
                    {"project_name", p.project_name},
                    {"type", domain::ProblemTypeName(p.type)},
                    {"title", p.title},
                    {"state", domain::ProblemStateName(p.status.state)},
                    {"level", domain::EscalationLevelName(p.status.level)},
                    {"raised_on", p.raised_on.ToString()},
                    {"responsible_org_name", p.responsible_org_id ? json(p.responsible_org_name) : json(nullptr)},
                    {"deadline", p.deadline ? json(p.deadline->ToString()) : json(nullptr)}});
  }
  out["problems"] = list;
  return out;
}

// ---- Reading ----

Result<std::optional<domain::Date>> QueryDate(const http::Request& req, const char* name) {
  auto raw = req.Query(name);
  if (!raw || raw->empty()) return std::optional<domain::Date>();
  auto d = domain::ParseDate(*raw);
  if (!d) return core::Fail(Status::Invalid(name, "date_format"));
  return std::optional<domain::Date>(*d);
}

Result<store::InspectionFilter> ReadFilter(const http::Request& req) {
  store::InspectionFilter f;
  if (auto raw = req.Query("kind"); raw && !raw->empty()) {
    f.kind = domain::ParseInspectionKind(*raw);
    if (!f.kind) return core::Fail(Status::Invalid("kind", "invalid_enum", {kKinds}));
  }
  if (auto raw = req.Query("project_id"); raw && !raw->empty()) {
    auto v = QueryInt(req, "project_id", 0, 1, INT64_MAX);
    if (!v) return core::Fail(v.error());
    f.project_id = *v;
  }
  auto from = QueryDate(req, "from");
  if (!from) return core::Fail(from.error());
  f.from = *from;
  auto to = QueryDate(req, "to");
  if (!to) return core::Fail(to.error());
  f.to = *to;
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
  auto body = ctx.db.ReadValue<json>([&](store::Connection& c) -> Result<json> {
    auto list = store::ListInspections(c, ViewerOf(req), *filter, {*page, *size});
    if (!list) return core::Fail(list.error());
    json items = json::array();
    for (const auto& i : list->items) items.push_back(InspectionJson(req, i));
    return json{{"items", items}, {"total", list->total}, {"page", *page}, {"page_size", *size},
                {"can_create", WriteAccess(req).ok()}};
  });
  if (!body) return ErrorResponse(body.error(), req);
  return JsonResponse(200, *body);
}

Result<Inspection> Load(store::Connection& c, const http::Request& req, int64_t id) {
  GJ_FAIL_IF_ERROR(BusinessAccess(req, auth::Action::kBusinessRead));
  return store::GetInspection(c, ViewerOf(req), id);
}

http::Response Get(const ApiContext& ctx, http::Request& req) {
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("inspection_not_found"), req);
  int64_t version = 0;
  auto body = ctx.db.ReadValue<json>([&](store::Connection& c) -> Result<json> {
    auto i = Load(c, req, *id);
    if (!i) return core::Fail(i.error());
    version = i->version;
    return DetailJson(ctx, c, req, *i);
  });
  if (!body) return ErrorResponse(body.error(), req);
  return VersionedResponse(200, *body, version);
}

// ---- Writing ----

// The fields of a create (kind, held_on, title, people and project_ids required) or an edit
// (those given), read over `in` (the stored fields for an edit). Field-named errors.
struct Fields {
  domain::InspectionInput input;
  std::optional<int64_t> leader_user_id;
  bool projects_given = false;
};

Status ReadFields(const JsonInput& body, bool create, Fields& f) {
  if (create || body.Has("kind")) {
    auto k = body.RequiredString("kind");
    if (!k) return k.error();
    auto kind = domain::ParseInspectionKind(*k);
    if (!kind) return Status::Invalid("kind", "invalid_enum", {kKinds});
    f.input.kind = *kind;
  }
  if (create || body.Has("held_on")) {
    auto d = body.RequiredString("held_on");
    if (!d) return d.error();
    auto parsed = domain::ParseDate(*d);
    if (!parsed) return Status::Invalid("held_on", "date_format");
    f.input.held_on = *parsed;
  }
  for (auto [field, out] : {std::pair{"title", &f.input.title}, std::pair{"people", &f.input.people},
                            std::pair{"findings", &f.input.findings}}) {
    if (!create && !body.Has(field)) continue;
    auto t = body.String(field);
    if (!t) return t.error();
    *out = t->value_or("");
  }
  if (create || body.Has("leader_user_id")) {
    auto l = body.Int("leader_user_id");
    if (!l) return l.error();
    f.leader_user_id = *l;
  }
  if (create || body.Has("project_ids")) {
    auto ids = body.IntList("project_ids");
    if (!ids) return ids.error();
    f.input.project_ids = *ids;
    f.projects_given = true;
  }
  return Status::Ok();
}

// Checks that the leader (when named) holds the leader role and that every given project is
// visible to the caller; kInvalid naming the field otherwise.
Status CheckReferences(store::Connection& c, const http::Request& req, const Fields& f) {
  if (f.leader_user_id) {
    auto r = c.Query("SELECT 1 AS ok FROM user_roles WHERE user_id = $1 AND role = 'leader'", {*f.leader_user_id});
    if (!r) return r.error();
    if (r->empty()) return Status::Invalid("leader_user_id", "leader_not_found");
  }
  if (f.projects_given) {
    for (int64_t id : f.input.project_ids) {
      auto p = store::GetProject(c, ViewerOf(req), id);
      if (!p) {
        if (p.error().code() == core::Code::kNotFound) return Status::Invalid("project_ids", "project_not_found");
        return p.error();
      }
    }
  }
  return Status::Ok();
}

json AuditJson(const Inspection& i) {
  return {{"kind", domain::InspectionKindName(i.kind)}, {"held_on", i.held_on.ToString()}, {"title", i.title},
          {"people", i.people}, {"leader_user_id", i.leader_user_id ? json(*i.leader_user_id) : json(nullptr)},
          {"findings", i.findings}, {"project_ids", i.project_ids}};
}

http::Response Create(const ApiContext& ctx, http::Request& req) {
  const auth::Principal& who = CurrentUser(req);
  if (Status s = WriteAccess(req); !s.ok()) return ErrorResponse(s, req);
  auto in = JsonInput::Parse(req, {"kind", "held_on", "title", "people", "leader_user_id", "findings", "project_ids"});
  if (!in) return ErrorResponse(in.error(), req);
  Fields f;
  if (Status s = ReadFields(*in, true, f); !s.ok()) return ErrorResponse(s, req);
  if (Status s = domain::ValidateInspectionInput(f.input, Today(ctx)); !s.ok()) return ErrorResponse(s, req);
  const std::string now = core::FormatTimestamp(ctx.clock.Now());
  int64_t version = 1;
  auto body = ctx.db.WriteValue<json>([&](store::Connection& c) -> Result<json> {
    GJ_FAIL_IF_ERROR(CheckReferences(c, req, f));
    Inspection i;
    i.kind = f.input.kind;
    i.held_on = f.input.held_on;
    i.title = f.input.title;
    i.people = f.input.people;
    i.leader_user_id = f.leader_user_id;
    i.findings = f.input.findings;
    i.created_by = who.user_id;
    i.project_ids = f.input.project_ids;
    auto id = store::CreateInspection(c, i, now);
    if (!id) return core::Fail(id.error());
    store::AuditEntry e = AuditOf(ctx, req, &who, "inspection.create", "inspection", std::to_string(*id));
    e.changes = AuditJson(i).dump();
    GJ_FAIL_IF_ERROR(Record(c, ctx, std::move(e)));
    auto fresh = store::GetInspection(c, ViewerOf(req), *id);
    if (!fresh) return core::Fail(fresh.error());
    version = fresh->version;
    return DetailJson(ctx, c, req, *fresh);
  });
  if (!body) return ErrorResponse(body.error(), req);
  http::Response r = VersionedResponse(201, *body, version);
  r.SetHeader("Location", "/api/inspections/" + std::to_string((*body)["id"].get<int64_t>()));
  return r;
}

http::Response Patch(const ApiContext& ctx, http::Request& req) {
  const auth::Principal& who = CurrentUser(req);
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("inspection_not_found"), req);
  if (Status s = BusinessAccess(req, auth::Action::kBusinessRead); !s.ok()) return ErrorResponse(s, req);
  auto expected = IfMatchVersion(req);
  if (!expected) return ErrorResponse(expected.error(), req);
  auto in = JsonInput::Parse(req, {"kind", "held_on", "title", "people", "leader_user_id", "findings", "project_ids"});
  if (!in) return ErrorResponse(in.error(), req);
  const std::string now = core::FormatTimestamp(ctx.clock.Now());
  int64_t version = 0;
  auto body = ctx.db.WriteValue<json>([&](store::Connection& c) -> Result<json> {
    auto current = Load(c, req, *id);
    if (!current) return core::Fail(current.error());
    GJ_FAIL_IF_ERROR(WriteAccess(req));
    Fields f;
    f.input = {current->kind, current->held_on, current->title, current->people, current->findings, {}};
    for (const auto& [pid, name] : current->projects) f.input.project_ids.push_back(pid);
    f.leader_user_id = current->leader_user_id;
    GJ_FAIL_IF_ERROR(ReadFields(*in, false, f));
    GJ_FAIL_IF_ERROR(domain::ValidateInspectionInput(f.input, Today(ctx)));
    GJ_FAIL_IF_ERROR(CheckReferences(c, req, f));
    Inspection after = *current;
    after.kind = f.input.kind;
    after.held_on = f.input.held_on;
    after.title = f.input.title;
    after.people = f.input.people;
    after.leader_user_id = f.leader_user_id;
    after.findings = f.input.findings;
    after.version = *expected;
    // The caller replaces the visited projects it sees; those outside its scope stay.
    after.project_ids = f.input.project_ids;
    for (int64_t pid : current->project_ids) {
      if (!Visible(*current, pid)) after.project_ids.push_back(pid);
    }
    std::sort(after.project_ids.begin(), after.project_ids.end());
    auto v = store::UpdateInspection(c, after, now);
    if (!v) return core::Fail(v.error());
    version = *v;
    store::AuditEntry e = AuditOf(ctx, req, &who, "inspection.update", "inspection", std::to_string(*id));
    e.changes = json{{"before", AuditJson(*current)}, {"after", AuditJson(after)}}.dump();
    GJ_FAIL_IF_ERROR(Record(c, ctx, std::move(e)));
    auto fresh = store::GetInspection(c, ViewerOf(req), *id);
    if (!fresh) return core::Fail(fresh.error());
    return DetailJson(ctx, c, req, *fresh);
  });
  if (!body) return ErrorResponse(body.error(), req);
  return VersionedResponse(200, *body, version);
}

// ---- Photos ----

http::Response UploadPhoto(const ApiContext& ctx, http::Request& req) {
  const auth::Principal& who = CurrentUser(req);
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("inspection_not_found"), req);
  std::optional<int64_t> wanted;
  if (auto raw = req.Query("project_id"); raw && !raw->empty()) {
    auto v = QueryInt(req, "project_id", 0, 1, INT64_MAX);
    if (!v) return ErrorResponse(v.error(), req);
    wanted = *v;
  }
  // Authorise, and choose the visited project the photo belongs to, before the file touches the disk.
  auto check = [&](store::Connection& c) -> Result<std::pair<Inspection, int64_t>> {
    auto i = Load(c, req, *id);
    if (!i) return core::Fail(i.error());
    GJ_FAIL_IF_ERROR(WriteAccess(req));
    if (wanted && !Visible(*i, *wanted)) return core::Fail(Status::Invalid("project_id", "project_not_visited"));
    if (i->projects.empty()) return core::Fail(Status::NotFound("inspection_not_found"));
    return std::pair{*i, wanted.value_or(i->projects.front().first)};
  };
  auto first = ctx.db.ReadValue<std::pair<Inspection, int64_t>>(check);
  if (!first) return ErrorResponse(first.error(), req);
  auto file = StoreUpload(ctx, req);
  if (!file) return ErrorResponse(file.error(), req);
  if (!IsPhoto(*file)) {
    DiscardUpload(ctx, *file);
    return ErrorResponse(Status::Invalid("filename", "not_a_photo"), req);
  }
  auto saved = ctx.db.WriteValue<store::Attachment>([&](store::Connection& c) -> Result<store::Attachment> {
    auto checked = check(c);
    if (!checked) return core::Fail(checked.error());
    auto made = store::CreateAttachment(
        c, AttachmentOf(*file, checked->second, who.user_id, core::FormatTimestamp(ctx.clock.Now())));
    if (!made) return made;
    GJ_FAIL_IF_ERROR(store::AddInspectionPhoto(c, *id, made->id));
    store::AuditEntry e = AuditOf(ctx, req, &who, "inspection.photo", "inspection", std::to_string(*id));
    e.changes = json{{"attachment_id", made->id}, {"project_id", made->project_id}, {"filename", made->filename},
                     {"sm3", made->sm3}}
                    .dump();
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
    auto i = Load(c, req, *id);
    if (!i) return core::Fail(i.error());
    auto photos = VisiblePhotos(c, *i);
    if (!photos) return core::Fail(photos.error());
    for (auto& a : *photos) {
      if (a.id == *photo) return std::move(a);
    }
    return core::Fail(Status::NotFound("attachment_not_found"));
  });
  if (!found) return ErrorResponse(found.error(), req);
  if (thumbnail) {
    if (!found->thumbnail_key) return ErrorResponse(Status::NotFound("attachment_not_found"), req);
    return FileResponse(ctx, req, *found->thumbnail_key, "image/jpeg", found->filename);
  }
  return FileResponse(ctx, req, found->storage_key, found->content_type, found->filename);
}

}  // namespace

void AddInspectionRoutes(http::Router& router, const ApiContext& ctx) {
  router.Add("GET", "/api/inspections", [&ctx](http::Request& r) { return List(ctx, r); });
  router.Add("POST", "/api/inspections", [&ctx](http::Request& r) { return Create(ctx, r); });
  router.Add("GET", "/api/inspections/{id}", [&ctx](http::Request& r) { return Get(ctx, r); });
  router.Add("PATCH", "/api/inspections/{id}", [&ctx](http::Request& r) { return Patch(ctx, r); });
  router.Add("POST", "/api/inspections/{id}/photos", [&ctx](http::Request& r) { return UploadPhoto(ctx, r); },
             {.max_body = kMaxUpload, .json_body = false});
  router.Add("GET", "/api/inspections/{id}/photos/{photo}", [&ctx](http::Request& r) { return Photo(ctx, r, false); });
  router.Add("GET", "/api/inspections/{id}/photos/{photo}/thumbnail",
             [&ctx](http::Request& r) { return Photo(ctx, r, true); });
}

}  // namespace gongjian::api
