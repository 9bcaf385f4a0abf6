#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "http/message.h"

namespace gongjian::api {

// The HTTP status for a Status code: invalid_argument 400, unauthenticated 401,
// permission_denied 403, not_found 404, method_not_allowed 405, conflict 409,
// failed_precondition 412, payload_too_large 413, unsupported_media_type 415,
// precondition_required 428, internal 500, unavailable 503.
int HttpStatus(core::Code code);

// The user-facing message for `status` in `lang` ("zh" or "en"), with the field's label
// and the status's arguments filled in. Unknown keys fall back to a generic message for
// the code, so a missing catalogue entry never breaks an answer.
std::string Message(const core::Status& status, std::string_view lang, std::string_view request_id = {});

// The one place a Status becomes an HTTP answer:
// {"error":{"code":"invalid_argument","message":"名称不能为空","field":"name"}}.
// Internal errors are logged with their detail and the request id, and the user sees only
// a generic message quoting the request id. 503 answers carry Retry-After.
http::Response ErrorResponse(const core::Status& status, const http::Request& request);

// Keys of the message catalogue, for tests.
std::vector<std::string_view> MessageKeys();

}  // namespace gongjian::api
