#include <nlohmann/json.hpp>

#include "api/json_input.h"
#include "api/oc4ids.h"
#include "api/projects.h"
#include "api/respond.h"
#include "api/session.h"
#include "store/org_repository.h"
#include "store/user_repository.h"

namespace gongjian::api {

namespace {

using core::Result;
using core::Status;
using nlohmann::json;

constexpr const char* kDistrictMapKey = "district_geojson";
constexpr size_t kMaxMapBytes = 8 << 20;

Status BusinessReader(const http::Request& req) {
  return auth::Authorize(CurrentUser(req), auth::Action::kBusinessRead, {.kind = auth::Object::Kind::kBusiness});
}

http::Response District(const ApiContext& ctx, http::Request& req) {
  if (Status s = BusinessReader(req); !s.ok()) return ErrorResponse(s, req);
  auto setting = ctx.db.ReadValue<store::Setting>(
      [&](store::Connection& c) { return store::GetSetting(c, kDistrictMapKey); });
  if (!setting && setting.error().code() != core::Code::kNotFound) return ErrorResponse(setting.error(), req);
  std::string body = setting ? setting->value : R"({"type":"FeatureCollection","features":[]})";
  http::Response r = http::Response::Json(200, std::move(body));
  r.content_type = "application/geo+json";
  return r;
}

// A FeatureCollection of Polygon/MultiPolygon features with numeric coordinates: what
// the map can draw. The first problem found names the feature.
Status CheckDistrictMap(const json& j) {
  if (!j.is_object() || j.value("type", "") != "FeatureCollection" || !j.contains("features") ||
      !j["features"].is_array()) {
    return Status::Invalid("body", "geojson_not_feature_collection");
  }
  if (j["features"].size() > 2000) return Status::Invalid("body", "too_many", {"2000"});
  for (size_t i = 0; i < j["features"].size(); ++i) {
    const json& f = j["features"][i];
    const json* g = f.is_object() && f.contains("geometry") ? &f["geometry"] : nullptr;
    std::string type = g && g->is_object() ? g->value("type", "") : "";
    if (type != "Polygon" && type != "MultiPolygon") {
      return Status::Invalid("body", "geojson_feature_invalid", {std::to_string(i + 1)});
    }
    if (!f.contains("properties") || !f["properties"].is_object() || !f["properties"].contains("name") ||
        !f["properties"]["name"].is_string()) {
      return Status::Invalid("body", "geojson_feature_unnamed", {std::to_string(i + 1)});
    }
  }
  return Status::Ok();
}

http::Response PutDistrict(const ApiContext& ctx, http::Request& req) {
  const auth::Principal& who = CurrentUser(req);
  if (Status s = auth::Authorize(who, auth::Action::kSettingsWrite, {}); !s.ok()) return ErrorResponse(s, req);
  auto in = JsonInput::Parse(req);
  if (!in) return ErrorResponse(in.error(), req);
  if (Status s = CheckDistrictMap(in->Raw()); !s.ok()) return ErrorResponse(s, req);
  auto version = IfMatchVersion(req);
  int64_t expected = 0;
  if (version) {
    expected = *version;
  } else if (version.error().code() != core::Code::kPreconditionRequired) {
    return ErrorResponse(version.error(), req);
  }
  std::string now = core::FormatTimestamp(ctx.clock.Now());
  auto saved = ctx.db.WriteValue<store::Setting>([&](store::Connection& c) -> Result<store::Setting> {
    if (expected == 0) {
      // Without If-Match only a first upload is accepted; a replacement names the version it replaces.
      auto current = store::GetSetting(c, kDistrictMapKey);
      if (current) return core::Fail(Status(core::Code::kPreconditionRequired, "if_match_required", "If-Match"));
    }
    auto r = store::PutSetting(c, kDistrictMapKey, in->Raw().dump(), expected, now);
    if (!r) return r;
    store::AuditEntry e = AuditOf(ctx, req, &who, "setting.update", "setting", kDistrictMapKey);
    e.changes = json{{"features", in->Raw()["features"].size()}, {"bytes", req.body.size()}}.dump();
    GJ_FAIL_IF_ERROR(Record(c, ctx, std::move(e)));
    return r;
  });
  if (!saved) return ErrorResponse(saved.error(), req);
  return VersionedResponse(200, {{"features", in->Raw()["features"].size()}, {"version", saved->version}},
                           saved->version);
}

http::Response Points(const ApiContext& ctx, http::Request& req) {
  if (Status s = BusinessReader(req); !s.ok()) return ErrorResponse(s, req);
  auto filter = ReadProjectFilter(req);
  if (!filter) return ErrorResponse(filter.error(), req);
  auto points = ctx.db.ReadValue<std::vector<store::ProjectPoint>>(
      [&](store::Connection& c) { return store::ListProjectPoints(c, ViewerOf(req), *filter); });
  if (!points) return ErrorResponse(points.error(), req);
  json items = json::array();
  for (const auto& p : *points) {
    items.push_back({{"id", p.id},
                     {"name", p.name},
                     {"stage", domain::StageName(p.stage)},
                     {"category", domain::ProjectCategoryName(p.category)},
                     {"total_investment", p.total_investment},
                     {"longitude", p.longitude},
                     {"latitude", p.latitude},
                     {"town_name", p.town_name},
                     {"owner_name", p.owner_name},
                     {"warning_colour", p.warning_colour}});
  }
  return JsonResponse(200, {{"items", items}});
}

// The base URI the package names itself by: the request's own host, over https when
// the request came over TLS.
std::string BaseUri(const ApiContext& ctx, const http::Request& req) {
  std::string host = std::string(req.Header("Host").value_or("localhost"));
  for (char ch : host) {
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '-' || ch == ':' || ch == '[' ||
          ch == ']')) {
      host = "localhost";
      break;
    }
  }
  return std::string(SecureRequest(ctx, req) ? "https://" : "http://") + host;
}

http::Response ExportOc4ids(const ApiContext& ctx, http::Request& req) {
  const auth::Principal& who = CurrentUser(req);
  if (Status s = BusinessReader(req); !s.ok()) return ErrorResponse(s, req);
  auto filter = ReadProjectFilter(req);
  if (!filter) return ErrorResponse(filter.error(), req);
  Oc4idsInput input;
  auto loaded = ctx.db.Write([&](store::Connection& c) -> Status {
    auto all = store::ListAllProjects(c, ViewerOf(req), *filter);
    if (!all) return all.error();
    for (auto& v : *all) {
      for (int64_t org_id : domain::RelatedOrgIds(v.project)) {
        if (input.orgs.count(org_id)) continue;
        auto org = store::GetOrg(c, org_id);
        if (org) input.orgs.emplace(org_id, *org);
      }
      if (v.project.leader_user_id) input.user_names[*v.project.leader_user_id] = v.leader_name;
      input.projects.push_back(std::move(v.project));
    }
    auto root = c.Query("SELECT name, region_code FROM orgs WHERE parent_id IS NULL ORDER BY id LIMIT 1");
    if (!root) return root.error();
    if (!root->empty()) {
      input.publisher_name = root->First().Text("name");
      input.region_code = root->First().Text("region_code");
    }
    store::AuditEntry e = AuditOf(ctx, req, &who, "export.oc4ids", "project", "");
    e.changes = json{{"projects", input.projects.size()}, {"filter", req.Query("q").value_or("")}}.dump();
    return Record(c, ctx, std::move(e));
  });
  if (!loaded.ok()) return ErrorResponse(loaded, req);
  if (input.publisher_name.empty()) input.publisher_name = "Gongjian";
  if (input.region_code.empty()) input.region_code = "000000";
  input.base_uri = BaseUri(ctx, req);
  input.published_date = core::FormatTimestamp(ctx.clock.Now());
  http::Response r = JsonResponse(200, Oc4idsPackage(input));
  r.SetHeader("Content-Disposition", "attachment; filename=\"oc4ids-project-package.json\"");
  return r;
}

}  // namespace

void AddMapRoutes(http::Router& router, const ApiContext& ctx) {
  router.Add("GET", "/api/map/district", [&ctx](http::Request& r) { return District(ctx, r); });
  router.Add("PUT", "/api/map/district", [&ctx](http::Request& r) { return PutDistrict(ctx, r); },
             {.max_body = kMaxMapBytes});
  router.Add("GET", "/api/projects/map", [&ctx](http::Request& r) { return Points(ctx, r); });
  router.Add("GET", "/api/export/oc4ids", [&ctx](http::Request& r) { return ExportOc4ids(ctx, r); });
}

}  // namespace gongjian::api
