#pragma once

#include <nlohmann/json_fwd.hpp>

#include "api/context.h"
#include "domain/date.h"
#include "auth/policy.h"
#include "http/router.h"
#include "store/project_repository.h"

namespace gongjian::api {

// The project library: list, search, read, create, edit, life-cycle transitions, the
// timeline, the leaders to choose from.
void AddProjectRoutes(http::Router& router, const ApiContext& ctx);

// Project attachments (upload, list, download, thumbnails).
void AddAttachmentRoutes(http::Router& router, const ApiContext& ctx);

// The project map (district GeoJSON, project points) and the OC4IDS export.
void AddMapRoutes(http::Router& router, const ApiContext& ctx);

// Every field of a project, as the project page and the edit history show them (the audit's
// "after" of a created project).
nlohmann::json ProjectDetailJson(const store::ProjectView& view, int year);

// The list filters of GET /api/projects (also used by the map and the export).
core::Result<store::ProjectFilter> ReadProjectFilter(const http::Request& request);

// The `sort` of GET /api/projects ("name", "-total_investment"; absent: newest id first), also
// the export's; kInvalidArgument field "sort" for an unknown key.
core::Result<store::ProjectOrder> ReadProjectOrder(const http::Request& request);

// The data scope of the request's user, for store queries.
store::Viewer ViewerOf(const http::Request& request);

// Today's civil date in China by the context's clock.
domain::Date Today(const ApiContext& ctx);

// Loads project `id` in the caller's scope and checks `action` on it: kNotFound when
// absent or out of scope, kPermissionDenied when the caller may see but not do it.
core::Result<store::ProjectView> ProjectForAction(store::Connection& c, const http::Request& request, int64_t id,
                                                  auth::Action action);

// ProjectForAction for a record that belongs to project `project_id` (an attachment, a
// report, a plan): outside the caller's scope the record does not exist either, so
// kNotFound carries `missing`, the record's own key ("report_not_found").
core::Status CheckOwningProject(store::Connection& c, const http::Request& request, int64_t project_id,
                                auth::Action action, const char* missing);

}  // namespace gongjian::api
