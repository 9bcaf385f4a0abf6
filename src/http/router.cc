#include "http/router.h"

namespace gongjian::http {
namespace {

std::vector<std::string> Split(std::string_view path) {
  std::vector<std::string> out;
  size_t start = 1;  // paths begin with '/'
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    out.emplace_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

bool IsParam(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

void Router::Add(std::string method, std::string pattern, Handler handler, RouteOptions options) {
  auto r = std::make_unique<Route>();
  r->segments = Split(pattern);
  r->method = std::move(method);
  r->pattern = std::move(pattern);
  r->handler = std::move(handler);
  r->options = options;
  routes_.push_back(std::move(r));
}

void Router::Use(Middleware middleware) { middleware_.push_back(std::move(middleware)); }

Router::Match Router::Find(std::string_view method, std::string_view path) const {
  Match m;
  if (path.empty() || path.front() != '/') return m;
  std::vector<std::string> parts = Split(path);
  for (const auto& r : routes_) {
    if (r->segments.size() != parts.size()) continue;
    std::map<std::string, std::string, std::less<>> params;
    bool ok = true;
    for (size_t i = 0; i < parts.size() && ok; ++i) {
      const std::string& seg = r->segments[i];
      if (IsParam(seg)) {
        ok = !parts[i].empty();
        params[seg.substr(1, seg.size() - 2)] = parts[i];
      } else {
        ok = seg == parts[i];
      }
    }
    if (!ok) continue;
    // HEAD is answered by the GET route; the server drops the body.
    if (r->method == method || (method == "HEAD" && r->method == "GET")) {
      m.route = r.get();
      m.params = std::move(params);
      return m;
    }
    m.allowed.push_back(r->method);
  }
  return m;
}

Response Next::operator()(Request& request) const {
  if (index_ == router_.middleware_.size()) return route_.handler(request);
  return router_.middleware_[index_](request, route_, Next(router_, route_, index_ + 1));
}

Response Router::Dispatch(const Route& route, Request& request) const { return Next(*this, route, 0)(request); }

}  // namespace gongjian::http
