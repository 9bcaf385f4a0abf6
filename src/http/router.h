#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"

namespace gongjian::http {

// Where a handler runs: on the I/O thread (only for work that never blocks, such as the
// health answer) or on the worker pool (anything touching the database).
enum class Exec { kInline, kWorker };

struct RouteOptions {
  Exec exec = Exec::kWorker;
  // Largest request body accepted, in bytes; larger bodies get 413.
  size_t max_body = 1 << 20;
  // Requests with a body must be application/json and valid UTF-8.
  bool json_body = true;
  // False for the few routes anyone may call (health, sign-in); middleware reads it.
  bool requires_session = true;
};

using Handler = std::function<Response(Request&)>;
struct Route;
class Router;

// The rest of the chain after a middleware: calling it runs the next middleware or, at the
// end, the route's handler. A plain value: building it allocates nothing.
class Next {
 public:
  Next(const Router& router, const Route& route, size_t index) : router_(router), route_(route), index_(index) {}
  Response operator()(Request& request) const;

 private:
  const Router& router_;
  const Route& route_;
  size_t index_;
};

// Wraps the rest of the chain for `route`: may answer itself or call next(request).
using Middleware = std::function<Response(Request&, const Route&, const Next&)>;

struct Route {
  std::string method;
  std::string pattern;  // "/api/orgs/{id}"
  Handler handler;
  RouteOptions options;
  std::vector<std::string> segments;  // pattern split on '/'
};

// The table of API routes and the middleware that wraps every handler. Built once at
// start-up, then only read (thread-safe for concurrent Find and Dispatch).
class Router {
 public:
  void Add(std::string method, std::string pattern, Handler handler, RouteOptions options = {});
  // Middleware runs in the order added, outermost first, on the thread that runs the handler.
  void Use(Middleware middleware);

  struct Match {
    const Route* route = nullptr;            // null when nothing matched method and path
    std::vector<std::string> allowed;        // methods the path does answer, for 405
    std::map<std::string, std::string, std::less<>> params;
  };
  Match Find(std::string_view method, std::string_view path) const;

  // Runs the middleware chain around `route`'s handler.
  Response Dispatch(const Route& route, Request& request) const;

  const std::vector<std::unique_ptr<Route>>& routes() const { return routes_; }

 private:
  friend class Next;
  std::vector<std::unique_ptr<Route>> routes_;
  std::vector<Middleware> middleware_;
};

}  // namespace gongjian::http
