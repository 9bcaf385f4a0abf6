#pragma once

#include <nlohmann/json.hpp>

#include "api/errors.h"
#include "http/message.h"

namespace gongjian::api {

// A JSON answer. Strings from users may hold anything; invalid UTF-8 is replaced, never thrown on.
inline http::Response JsonResponse(int status, const nlohmann::json& body) {
  return http::Response::Json(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

// A JSON answer for a versioned record, with its version as the ETag for If-Match.
inline http::Response VersionedResponse(int status, const nlohmann::json& body, int64_t version) {
  http::Response r = JsonResponse(status, body);
  r.SetHeader("ETag", "\"" + std::to_string(version) + "\"");
  return r;
}

// 204 No Content: an action done, nothing to say.
inline http::Response NoContentResponse() {
  http::Response r;
  r.status = 204;
  return r;
}

}  // namespace gongjian::api
