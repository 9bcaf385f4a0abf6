#pragma once

#include <any>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gongjian::http {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// An HTTP request as handlers see it, independent of the server library.
struct Request {
  std::string method;  // upper case: "GET"
  std::string path;    // percent-decoded, without the query
  HeaderList query;    // decoded query parameters in order
  HeaderList headers;
  std::string body;
  std::string request_id;
  std::string remote_address;
  std::map<std::string, std::string, std::less<>> path_params;  // from {name} segments of the route
  // Set by middleware for the handlers, e.g. the signed-in user.
  std::any context;

  // Case-insensitive header lookup; the first occurrence wins.
  std::optional<std::string_view> Header(std::string_view name) const;
  std::optional<std::string_view> Query(std::string_view name) const;
  // The value of a {name} segment; empty when the route has no such segment.
  std::string_view PathParam(std::string_view name) const;
  // "en" when Accept-Language prefers English, else "zh" (the default).
  std::string_view Language() const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  // A body shared with a cache, sent as it is (a province's cockpit map is 3.4 MB); when set,
  // `body` is not sent.
  std::shared_ptr<const std::string> shared_body;
  HeaderList headers;

  static Response Json(int status, std::string body) {
    Response r;
    r.status = status;
    r.body = std::move(body);
    return r;
  }
  static Response Json(int status, std::shared_ptr<const std::string> body) {
    Response r;
    r.status = status;
    r.shared_body = std::move(body);
    return r;
  }
  size_t BodySize() const { return shared_body ? shared_body->size() : body.size(); }
  void SetHeader(std::string name, std::string value) { headers.emplace_back(std::move(name), std::move(value)); }
};

// Decodes %XX escapes (and '+' as space when `plus_is_space`); nullopt on a malformed
// escape or a decoded NUL byte.
std::optional<std::string> PercentDecode(std::string_view s, bool plus_is_space);

// Parses "a=1&b=%E4%B8%AD" into pairs; nullopt when an escape is malformed.
std::optional<HeaderList> ParseQuery(std::string_view query);

bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace gongjian::http
