#include "api/orgs.h"

#include "api/json_input.h"
#include "api/respond.h"
#include "api/session.h"
#include "store/org_repository.h"

namespace gongjian::api {
namespace {

using core::Result;
using core::Status;
using domain::Org;

constexpr std::string_view kKindChoices = "district, department, town, park, owner";

nlohmann::json ToJson(const Org& o) {
  return {{"id", o.id},
          {"parent_id", o.parent_id ? nlohmann::json(*o.parent_id) : nlohmann::json(nullptr)},
          {"name", o.name},
          {"kind", domain::OrgKindName(o.kind)},
          {"region_code", o.region_code},
          {"version", o.version},
          {"created_at", o.created_at},
          {"updated_at", o.updated_at}};
}

Result<std::optional<domain::OrgKind>> KindField(std::optional<std::string> raw, std::string field) {
  if (!raw) return std::optional<domain::OrgKind>();
  auto kind = domain::ParseOrgKind(*raw);
  if (!kind) return core::Fail(Status::Invalid(std::move(field), "invalid_enum", {std::string(kKindChoices)}));
  return kind;
}

// Reads the fields a client may set; absent fields stay unset in the patch.
// The body of a create or change, with only the fields a client may set.
Result<JsonInput> ParseBody(const http::Request& req) {
  return JsonInput::Parse(req, {"name", "kind", "parent_id", "region_code"});
}

Result<domain::OrgPatch> ReadPatch(const JsonInput& in) {
  domain::OrgPatch p;
  auto name = in.String("name");
  if (!name) return core::Fail(name.error());
  if (in.Has("name")) p.name = name->value_or("");
  auto kind_text = in.String("kind");
  if (!kind_text) return core::Fail(kind_text.error());
  auto kind = KindField(*kind_text, "kind");
  if (!kind) return core::Fail(kind.error());
  p.kind = *kind;
  auto parent = in.Int("parent_id");
  if (!parent) return core::Fail(parent.error());
  if (in.Has("parent_id")) p.parent_id = *parent;
  auto region = in.String("region_code");
  if (!region) return core::Fail(region.error());
  if (in.Has("region_code")) p.region_code = region->value_or("");
  return p;
}

http::Response List(const ApiContext& ctx, http::Request& req) {
  if (Status s = auth::Authorize(CurrentUser(req), auth::Action::kOrgRead, {.kind = auth::Object::Kind::kOrg}); !s.ok()) {
    return ErrorResponse(s, req);
  }
  auto page = QueryInt(req, "page", 1, 1, 1'000'000);
  if (!page) return ErrorResponse(page.error(), req);
  auto size = QueryInt(req, "page_size", 20, 1, 200);
  if (!size) return ErrorResponse(size.error(), req);
  store::OrgFilter filter;
  auto kind = KindField(req.Query("kind") ? std::optional<std::string>(*req.Query("kind")) : std::nullopt, "kind");
  if (!kind) return ErrorResponse(kind.error(), req);
  filter.kind = *kind;
  if (req.Query("parent_id")) {
    auto parent = QueryInt(req, "parent_id", 0, 1, INT64_MAX);
    if (!parent) return ErrorResponse(parent.error(), req);
    filter.parent_id = *parent;
  }
  filter.q = std::string(req.Query("q").value_or(""));
  store::PageRequest paging{*page, *size};
  auto result = ctx.db.ReadValue<store::Page<Org>>(
      [&](store::Connection& c) { return store::ListOrgs(c, filter, paging); });
  if (!result) return ErrorResponse(result.error(), req);
  nlohmann::json items = nlohmann::json::array();
  for (const auto& o : result->items) items.push_back(ToJson(o));
  return JsonResponse(200, {{"items", items}, {"total", result->total}, {"page", *page}, {"page_size", *size}});
}

http::Response Get(const ApiContext& ctx, http::Request& req) {
  if (Status s = auth::Authorize(CurrentUser(req), auth::Action::kOrgRead, {.kind = auth::Object::Kind::kOrg}); !s.ok()) {
    return ErrorResponse(s, req);
  }
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("org_not_found"), req);
  auto org = ctx.db.ReadValue<Org>([&](store::Connection& c) { return store::GetOrg(c, *id); });
  if (!org) return ErrorResponse(org.error(), req);
  return VersionedResponse(200, ToJson(*org), org->version);
}

http::Response Create(const ApiContext& ctx, http::Request& req) {
  const auth::Principal& who = CurrentUser(req);
  if (Status s = auth::Authorize(who, auth::Action::kOrgWrite, {.kind = auth::Object::Kind::kOrg}); !s.ok()) {
    return ErrorResponse(s, req);
  }
  auto in = ParseBody(req);
  if (!in) return ErrorResponse(in.error(), req);
  auto patch = ReadPatch(*in);
  if (!patch) return ErrorResponse(patch.error(), req);
  if (!patch->kind) return ErrorResponse(Status::Invalid("kind", "required"), req);
  Org org;
  domain::ApplyPatch(*patch, org);
  std::string now = core::FormatTimestamp(ctx.clock.Now());
  auto created = ctx.db.WriteValue<Org>([&](store::Connection& c) -> Result<Org> {
    auto r = store::CreateOrg(c, org, now);
    if (!r) return r;
    store::AuditEntry e = AuditOf(ctx, req, &who, "org.create", "org", std::to_string(r->id));
    e.changes = nlohmann::json{{"after", ToJson(*r)}}.dump();
    GJ_FAIL_IF_ERROR(Record(c, ctx, std::move(e)));
    return r;
  });
  if (!created) return ErrorResponse(created.error(), req);
  http::Response r = VersionedResponse(201, ToJson(*created), created->version);
  r.SetHeader("Location", "/api/orgs/" + std::to_string(created->id));
  return r;
}

http::Response Update(const ApiContext& ctx, http::Request& req) {
  const auth::Principal& who = CurrentUser(req);
  if (Status s = auth::Authorize(who, auth::Action::kOrgWrite, {.kind = auth::Object::Kind::kOrg}); !s.ok()) {
    return ErrorResponse(s, req);
  }
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("org_not_found"), req);
  auto version = IfMatchVersion(req);
  if (!version) return ErrorResponse(version.error(), req);
  auto in = ParseBody(req);
  if (!in) return ErrorResponse(in.error(), req);
  auto patch = ReadPatch(*in);
  if (!patch) return ErrorResponse(patch.error(), req);
  std::string now = core::FormatTimestamp(ctx.clock.Now());
  auto updated = ctx.db.WriteValue<Org>([&](store::Connection& c) -> Result<Org> {
    auto before = store::GetOrg(c, *id);
    if (!before) return before;
    auto r = store::UpdateOrg(c, *id, *version, *patch, now);
    if (!r) return r;
    store::AuditEntry e = AuditOf(ctx, req, &who, "org.update", "org", std::to_string(r->id));
    e.changes = nlohmann::json{{"before", ToJson(*before)}, {"after", ToJson(*r)}}.dump();
    GJ_FAIL_IF_ERROR(Record(c, ctx, std::move(e)));
    return r;
  });
  if (!updated) return ErrorResponse(updated.error(), req);
  return VersionedResponse(200, ToJson(*updated), updated->version);
}

}  // namespace

void AddOrgRoutes(http::Router& router, const ApiContext& ctx) {
  router.Add("GET", "/api/orgs", [&ctx](http::Request& r) { return List(ctx, r); });
  router.Add("POST", "/api/orgs", [&ctx](http::Request& r) { return Create(ctx, r); });
  router.Add("GET", "/api/orgs/{id}", [&ctx](http::Request& r) { return Get(ctx, r); });
  router.Add("PATCH", "/api/orgs/{id}", [&ctx](http::Request& r) { return Update(ctx, r); });
}

}  // namespace gongjian::api
