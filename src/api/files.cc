#include "api/files.h"

#include <cctype>

#include "api/respond.h"
#include "core/sm3.h"
#include "io/content_type.h"
#include "io/file_store.h"
#include "io/thumbnail.h"

namespace gongjian::api {

std::string ContentDisposition(bool inline_view, const std::string& filename) {
  static const char* kHex = "0123456789ABCDEF";
  std::string encoded;
  std::string ascii;
  for (unsigned char ch : filename) {
    if (std::isalnum(ch) || ch == '.' || ch == '-' || ch == '_') {
      encoded += static_cast<char>(ch);
      ascii += static_cast<char>(ch);
    } else {
      encoded += '%';
      encoded += kHex[ch >> 4];
      encoded += kHex[ch & 15];
      if (ch < 0x80) ascii += '_';
    }
  }
  if (ascii.empty() || ascii.front() == '.') ascii = "file" + ascii;
  return std::string(inline_view ? "inline" : "attachment") + "; filename=\"" + ascii + "\"; filename*=UTF-8''" +
         encoded;
}

core::Result<StoredFile> StoreUpload(const ApiContext& ctx, const http::Request& req) {
  if (!ctx.files) return core::Fail(core::Status::Unavailable("storage_unavailable", "no file store configured"));
  StoredFile out;
  out.filename = std::string(req.Query("filename").value_or(""));
  auto type = io::CheckUpload(out.filename, req.body);
  if (!type) return core::Fail(type.error());
  std::optional<std::string> thumbnail;
  if (*type == io::FileType::kJpeg || *type == io::FileType::kPng) {
    auto t = io::MakeThumbnail(req.body, *type);
    if (!t) return core::Fail(t.error());  // a photo that does not decode is refused, not stored
    thumbnail = std::move(*t);
  }
  auto key = ctx.files->Put(req.body);
  if (!key) return core::Fail(key.error());
  out.key = *key;
  if (thumbnail) {
    auto k = ctx.files->Put(*thumbnail);
    if (!k) {
      (void)ctx.files->Remove(*key);
      return core::Fail(k.error());
    }
    out.thumbnail_key = *k;
  }
  out.content_type = std::string(io::MimeType(*type));
  out.size = static_cast<int64_t>(req.body.size());
  out.sm3 = core::Sm3Hex(req.body);
  return out;
}

bool IsPhoto(const StoredFile& file) {
  return file.content_type == "image/jpeg" || file.content_type == "image/png" || file.content_type == "image/webp";
}

store::Attachment AttachmentOf(const StoredFile& file, int64_t project_id, int64_t user_id, std::string created_at) {
  store::Attachment a;
  a.project_id = project_id;
  a.filename = file.filename;
  a.content_type = file.content_type;
  a.size = file.size;
  a.sm3 = file.sm3;
  a.storage_key = file.key;
  a.thumbnail_key = file.thumbnail_key;
  a.created_by = user_id;
  a.created_at = std::move(created_at);
  return a;
}

void DiscardUpload(const ApiContext& ctx, const StoredFile& file) {
  if (!ctx.files) return;
  (void)ctx.files->Remove(file.key);
  if (file.thumbnail_key) (void)ctx.files->Remove(*file.thumbnail_key);
}

http::Response FileResponse(const ApiContext& ctx, const http::Request& req, const std::string& key,
                            const std::string& content_type, const std::string& filename) {
  if (!ctx.files) return ErrorResponse(core::Status::NotFound("attachment_not_found"), req);
  auto bytes = ctx.files->Get(key);
  if (!bytes) return ErrorResponse(bytes.error(), req);
  http::Response r;
  r.status = 200;
  r.body = std::move(*bytes);
  r.content_type = content_type;
  const bool inline_view = content_type == "image/jpeg" || content_type == "image/png" ||
                           content_type == "image/webp" || content_type == "application/pdf";
  r.SetHeader("Content-Disposition", ContentDisposition(inline_view, filename));
  // Files are immutable under their key; a private cache may keep them.
  r.SetHeader("Cache-Control", "private, max-age=3600");
  r.SetHeader("Content-Security-Policy", "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox");
  return r;
}

}  // namespace gongjian::api
