#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/status.h"
#include "http/message.h"

namespace gongjian::http {

// The built web UI (web/dist), held in memory and served with content types, ETags and
// caching: hashed files under /assets/ are immutable for a year, index.html is always
// revalidated. Paths that name no file and have no extension get index.html, so the
// UI's own routes (/projects/12) load the single-page app. Read-only after Load: thread-safe.
class StaticFiles {
 public:
  StaticFiles() = default;
  // Reads every regular file under `root`. An absent root gives an empty set.
  static core::Result<StaticFiles> Load(const std::string& root);

  // The response for a GET or HEAD of `path`, or nullopt when there is nothing to serve.
  std::optional<Response> Serve(std::string_view path, std::optional<std::string_view> if_none_match) const;
  bool empty() const { return files_.empty(); }

  // The Content-Type for a file name, by its extension.
  static std::string_view ContentType(std::string_view name);

 private:
  struct File {
    std::string body;
    std::string content_type;
    std::string etag;
    std::string cache_control;
  };
  std::unordered_map<std::string, File> files_;  // key: "/assets/index-abc.js"
};

}  // namespace gongjian::http
