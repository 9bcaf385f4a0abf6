#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <tl/expected.hpp>

namespace gongjian::core {

// The small set of expected failure kinds. api/ maps each to one HTTP status.
enum class Code {
  kOk,
  kInvalidArgument,       // bad input; names the field
  kNotFound,              // no such object, or outside the caller's scope
  kConflict,              // uniqueness or state conflict
  kPermissionDenied,      // object visible, action not allowed
  kUnauthenticated,       // no valid session
  kFailedPrecondition,    // stale version (If-Match did not match)
  kPreconditionRequired,  // If-Match missing on a versioned write
  kMethodNotAllowed,
  kPayloadTooLarge,
  kUnsupportedMediaType,
  kTooManyRequests,       // throttled; retry later
  kUnavailable,           // retryable: database busy, overloaded, shutting down
  kInternal,              // a bug or an unexpected system failure
};

// Stable snake_case name used in the JSON error body, e.g. "invalid_argument".
std::string_view CodeName(Code code);

// The outcome of an operation that can fail in an expected way.
//
// A failure carries a message key (looked up in the message catalogue of api/ in the
// request's language), the field it concerns (a JSON field name, or empty), positional
// arguments for the message, and a detail for the log that is never shown to users.
class Status {
 public:
  Status() = default;
  static Status Ok() { return Status(); }

  Status(Code code, std::string key, std::string field = {}, std::vector<std::string> args = {})
      : code_(code), key_(std::move(key)), field_(std::move(field)), args_(std::move(args)) {}

  // Shorthands for the common kinds.
  static Status Invalid(std::string field, std::string key, std::vector<std::string> args = {}) {
    return Status(Code::kInvalidArgument, std::move(key), std::move(field), std::move(args));
  }
  static Status NotFound(std::string key = "not_found") { return Status(Code::kNotFound, std::move(key)); }
  static Status Conflict(std::string key, std::string field = {}) {
    return Status(Code::kConflict, std::move(key), std::move(field));
  }
  static Status Unavailable(std::string key, std::string detail = {}) {
    return Status(Code::kUnavailable, std::move(key)).WithDetail(std::move(detail));
  }
  // An unexpected failure; `detail` goes to the log only.
  static Status Internal(std::string detail) {
    return Status(Code::kInternal, "internal").WithDetail(std::move(detail));
  }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& key() const { return key_; }
  const std::string& field() const { return field_; }
  const std::vector<std::string>& args() const { return args_; }
  const std::string& detail() const { return detail_; }

  Status WithDetail(std::string detail) && {
    detail_ = std::move(detail);
    return std::move(*this);
  }

  // For logs and test failure messages: "invalid_argument name required (detail)".
  std::string ToString() const;

 private:
  Code code_ = Code::kOk;
  std::string key_;
  std::string field_;
  std::vector<std::string> args_;
  std::string detail_;
};

template <typename T>
using Result = tl::expected<T, Status>;

// Wraps a failed Status for returning from a function that returns Result<T>.
inline tl::unexpected<Status> Fail(Status s) { return tl::unexpected<Status>(std::move(s)); }

}  // namespace gongjian::core

// Returns early from the enclosing function when `expr` (a Status) failed.
#define GJ_RETURN_IF_ERROR(expr)                    \
  do {                                              \
    ::gongjian::core::Status gj_status_ = (expr);   \
    if (!gj_status_.ok()) return gj_status_;        \
  } while (0)

// In a function returning Result<T>: returns early when `expr` (a Status) failed.
#define GJ_FAIL_IF_ERROR(expr)                                       \
  do {                                                               \
    ::gongjian::core::Status gj_status_ = (expr);                    \
    if (!gj_status_.ok()) return ::gongjian::core::Fail(gj_status_); \
  } while (0)
