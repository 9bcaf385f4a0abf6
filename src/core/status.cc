#include "core/status.h"

namespace gongjian::core {

std::string_view CodeName(Code code) {
  switch (code) {
    case Code::kOk: return "ok";
    case Code::kInvalidArgument: return "invalid_argument";
    case Code::kNotFound: return "not_found";
    case Code::kConflict: return "conflict";
    case Code::kPermissionDenied: return "permission_denied";
    case Code::kUnauthenticated: return "unauthenticated";
    case Code::kFailedPrecondition: return "failed_precondition";
    case Code::kPreconditionRequired: return "precondition_required";
    case Code::kMethodNotAllowed: return "method_not_allowed";
    case Code::kPayloadTooLarge: return "payload_too_large";
    case Code::kUnsupportedMediaType: return "unsupported_media_type";
    case Code::kTooManyRequests: return "too_many_requests";
    case Code::kUnavailable: return "unavailable";
    case Code::kInternal: return "internal";
  }
  return "internal";
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  std::string s(CodeName(code_));
  s += ' ';
  s += key_;
  if (!field_.empty()) s += " field=" + field_;
  for (const auto& a : args_) s += " [" + a + "]";
  if (!detail_.empty()) s += " (" + detail_ + ")";
  return s;
}

}  // namespace gongjian::core
