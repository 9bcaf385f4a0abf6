#include <nlohmann/json.hpp>

#include "api/files.h"
#include "api/json_input.h"
#include "api/projects.h"
#include "api/respond.h"
#include "api/session.h"
#include "core/sm3.h"
#include "io/content_type.h"
#include "io/file_store.h"
#include "io/thumbnail.h"

namespace gongjian::api {
namespace {

using core::Result;
using core::Status;
using nlohmann::json;


json AttachmentJson(const store::Attachment& a) {
  return {{"id", a.id},
          {"project_id", a.project_id},
          {"event_id", a.event_id ? json(*a.event_id) : json(nullptr)},
          {"filename", a.filename},
          {"content_type", a.content_type},
          {"size", a.size},
          {"is_image", a.content_type.rfind("image/", 0) == 0 && a.content_type != "image/vnd.dwg"},
          {"has_thumbnail", a.thumbnail_key.has_value()},
          {"user_name", a.user_name},
          {"created_at", a.created_at}};
}

http::Response Upload(const ApiContext& ctx, http::Request& req) {
  const auth::Principal& who = CurrentUser(req);
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("project_not_found"), req);
  if (!ctx.files) return ErrorResponse(Status::Unavailable("storage_unavailable", "no file store configured"), req);
  // Authorise before the file touches the disk.
  auto project = ctx.db.ReadValue<store::ProjectView>(
      [&](store::Connection& c) { return ProjectForAction(c, req, *id, auth::Action::kBusinessWrite); });
  if (!project) return ErrorResponse(project.error(), req);
  auto file = StoreUpload(ctx, req);
  if (!file) return ErrorResponse(file.error(), req);
  const store::Attachment a = AttachmentOf(*file, *id, who.user_id, core::FormatTimestamp(ctx.clock.Now()));
  auto saved = ctx.db.WriteValue<store::Attachment>([&](store::Connection& c) -> Result<store::Attachment> {
    auto again = ProjectForAction(c, req, *id, auth::Action::kBusinessWrite);
    if (!again) return core::Fail(again.error());
    auto r = store::CreateAttachment(c, a);
    if (!r) return r;
    store::AuditEntry e = AuditOf(ctx, req, &who, "attachment.upload", "project", std::to_string(*id));
    e.changes = json{{"attachment_id", r->id}, {"filename", r->filename}, {"size", r->size}, {"sm3", r->sm3}}.dump();
    GJ_FAIL_IF_ERROR(Record(c, ctx, std::move(e)));
    return r;
  });
  if (!saved) {
    DiscardUpload(ctx, *file);
    return ErrorResponse(saved.error(), req);
  }
  http::Response r = JsonResponse(201, AttachmentJson(*saved));
  r.SetHeader("Location", "/api/attachments/" + std::to_string(saved->id));
  return r;
}

http::Response List(const ApiContext& ctx, http::Request& req) {
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("project_not_found"), req);
  auto list = ctx.db.ReadValue<std::vector<store::Attachment>>(
      [&](store::Connection& c) -> Result<std::vector<store::Attachment>> {
        auto project = ProjectForAction(c, req, *id, auth::Action::kBusinessRead);
        if (!project) return core::Fail(project.error());
        return store::ListAttachments(c, *id);
      });
  if (!list) return ErrorResponse(list.error(), req);
  json items = json::array();
  for (const auto& a : *list) items.push_back(AttachmentJson(a));
  return JsonResponse(200, {{"items", items}});
}

// Serves the file or its thumbnail to a user who may see the attachment's project.
http::Response Download(const ApiContext& ctx, http::Request& req, bool thumbnail) {
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("attachment_not_found"), req);
  if (!ctx.files) return ErrorResponse(Status::NotFound("attachment_not_found"), req);
  auto found = ctx.db.ReadValue<store::Attachment>([&](store::Connection& c) -> Result<store::Attachment> {
    auto a = store::GetAttachment(c, *id);
    if (!a) return a;
    GJ_FAIL_IF_ERROR(CheckOwningProject(c, req, a->project_id, auth::Action::kBusinessRead, "attachment_not_found"));
    return a;
  });
  if (!found) return ErrorResponse(found.error(), req);
  if (thumbnail && !found->thumbnail_key) return ErrorResponse(Status::NotFound("attachment_not_found"), req);
  if (thumbnail) return FileResponse(ctx, req, *found->thumbnail_key, "image/jpeg", found->filename);
  return FileResponse(ctx, req, found->storage_key, found->content_type, found->filename);
}

}  // namespace

void AddAttachmentRoutes(http::Router& router, const ApiContext& ctx) {
  router.Add("GET", "/api/projects/{id}/attachments", [&ctx](http::Request& r) { return List(ctx, r); });
  router.Add("POST", "/api/projects/{id}/attachments", [&ctx](http::Request& r) { return Upload(ctx, r); },
             {.max_body = kMaxUpload, .json_body = false});
  router.Add("GET", "/api/attachments/{id}", [&ctx](http::Request& r) { return Download(ctx, r, false); });
  router.Add("GET", "/api/attachments/{id}/thumbnail", [&ctx](http::Request& r) { return Download(ctx, r, true); });
}

}  // namespace gongjian::api
