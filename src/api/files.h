#pragma once

#include <optional>
#include <string>

#include "api/context.h"
#include "core/status.h"
#include "http/message.h"
#include "store/project_repository.h"

namespace gongjian::api {

// The largest upload: a phone photo or a scanned approval document.
inline constexpr size_t kMaxUpload = 20 << 20;  // 20 MiB

// An uploaded file as it lies in the file store.
struct StoredFile {
  std::string filename;
  std::string content_type;
  int64_t size = 0;
  std::string sm3;
  std::string key;
  std::optional<std::string> thumbnail_key;  // photos (JPEG, PNG) get one
};

// Checks an upload (the `filename` query parameter and the raw body, by content: a renamed
// executable or a PNG named .jpg is refused; a photo that does not decode too) and puts it, with
// a thumbnail for photos, in the file store. kUnavailable without a file store.
core::Result<StoredFile> StoreUpload(const ApiContext& ctx, const http::Request& req);

// Whether a stored upload is a photo (JPEG, PNG, WebP): what problems and inspections accept.
bool IsPhoto(const StoredFile& file);

// The attachment record of `file` on project `project_id`, uploaded by `user_id` at `created_at`
// (not yet in the database).
store::Attachment AttachmentOf(const StoredFile& file, int64_t project_id, int64_t user_id, std::string created_at);

// Removes a stored upload's files, after the database refused its record.
void DiscardUpload(const ApiContext& ctx, const StoredFile& file);

// The Content-Disposition for `filename` (RFC 6266/5987): "inline" or "attachment", an ASCII
// fallback name (other characters as "_") and the UTF-8 name percent-encoded in filename*.
std::string ContentDisposition(bool inline_view, const std::string& filename);

// Serves stored bytes under `key` as `content_type`: inline for photos and PDF, else as a download
// named `filename`, privately cacheable (files never change under their key), sandboxed.
http::Response FileResponse(const ApiContext& ctx, const http::Request& req, const std::string& key,
                            const std::string& content_type, const std::string& filename);

}  // namespace gongjian::api
