#include "http/static_files.h"

#include <array>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/sm3.h"

namespace gongjian::http {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 20> kTypes{{
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json; charset=utf-8"},
    {".geojson", "application/geo+json"},
    {".map", "application/json; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".jpeg", "image/jpeg"},
    {".gif", "image/gif"},
    {".webp", "image/webp"},
    {".ico", "image/x-icon"},
    {".woff", "font/woff"},
    {".woff2", "font/woff2"},
    {".ttf", "font/ttf"},
    {".txt", "text/plain; charset=utf-8"},
    {".wasm", "application/wasm"},
    {".pdf", "application/pdf"},
}};

bool HasExtension(std::string_view path) {
  size_t slash = path.rfind('/');
  return path.find('.', slash == std::string_view::npos ? 0 : slash) != std::string_view::npos;
}

}  // namespace

std::string_view StaticFiles::ContentType(std::string_view name) {
  for (const auto& [ext, type] : kTypes) {
    if (name.size() >= ext.size() && name.substr(name.size() - ext.size()) == ext) return type;
  }
  return "application/octet-stream";
}

core::Result<StaticFiles> StaticFiles::Load(const std::string& root) {
  StaticFiles out;
  std::error_code ec;
  if (root.empty() || !std::filesystem::is_directory(root, ec)) return out;
  for (auto it = std::filesystem::recursive_directory_iterator(root, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream data;
    data << in.rdbuf();
    if (!in) return core::Fail(core::Status::Internal("read " + it->path().string()));
    std::string key = "/" + std::filesystem::relative(it->path(), root).generic_string();
    File f;
    f.body = data.str();
    f.content_type = ContentType(key);
    f.etag = "\"" + core::Sm3Hex(f.body).substr(0, 20) + "\"";
    if (key.rfind("/assets/", 0) == 0) {
      f.cache_control = "public, max-age=31536000, immutable";
    } else if (key == "/index.html") {
      f.cache_control = "no-cache";
    } else {
      f.cache_control = "public, max-age=3600";
    }
    out.files_.emplace(std::move(key), std::move(f));
  }
  if (ec) return core::Fail(core::Status::Internal("list " + root + ": " + ec.message()));
  return out;
}

std::optional<Response> StaticFiles::Serve(std::string_view path, std::optional<std::string_view> if_none_match) const {
  auto it = files_.find(std::string(path == "/" ? "/index.html" : path));
  if (it == files_.end() && !HasExtension(path)) it = files_.find("/index.html");
  if (it == files_.end()) return std::nullopt;
  const File& f = it->second;
  Response r;
  r.content_type = f.content_type;
  r.SetHeader("ETag", f.etag);
  r.SetHeader("Cache-Control", f.cache_control);
  if (if_none_match && *if_none_match == f.etag) {
    r.status = 304;
    return r;
  }
  r.body = f.body;
  return r;
}

}  // namespace gongjian::http
