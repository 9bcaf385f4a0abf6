#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/status.h"
#include "domain/date.h"
#include "http/message.h"

namespace gongjian::api {

// A request's JSON object body with typed, field-naming accessors. Absent fields and
// JSON null both read as nullopt; Has/IsNull tell them apart for PATCH semantics.
class JsonInput {
 public:
  // Parses the body: empty, malformed (with the byte where it broke), nested deeper than
  // 32 levels, or not an object -> kInvalidArgument on field "body".
  static core::Result<JsonInput> Parse(const http::Request& request);
  // Parse, then refuse any field not in `known` (mass assignment).
  static core::Result<JsonInput> Parse(const http::Request& request, std::initializer_list<std::string_view> known);
  ~JsonInput();
  JsonInput(JsonInput&&) noexcept;

  // kInvalidArgument "unknown_field" naming the first field not in `known`.
  core::Status OnlyFields(std::initializer_list<std::string_view> known) const;
  bool Has(std::string_view field) const;
  bool IsNull(std::string_view field) const;
  core::Result<std::optional<std::string>> String(std::string_view field) const;
  // A string that must be present and non-empty ("required" otherwise).
  core::Result<std::string> RequiredString(std::string_view field) const;
  core::Result<std::optional<int64_t>> Int(std::string_view field) const;
  // An integer that must be present ("required" otherwise).
  core::Result<int64_t> RequiredInt(std::string_view field) const;
  core::Result<std::optional<bool>> Bool(std::string_view field) const;
  // A "YYYY-MM-DD" date; absent, null or "" read as nullopt, anything else as "date_format".
  core::Result<std::optional<domain::Date>> Date(std::string_view field) const;
  // A list of integers; absent or null reads as empty.
  core::Result<std::vector<int64_t>> IntList(std::string_view field) const;
  // The parsed object, for readers of nested values.
  const nlohmann::json& Raw() const { return *json_; }

 private:
  explicit JsonInput(std::unique_ptr<nlohmann::json> json);
  std::unique_ptr<nlohmann::json> json_;
};

// Reads an optional integer query parameter in [min, max]; `fallback` when absent.
core::Result<int64_t> QueryInt(const http::Request& request, std::string_view name, int64_t fallback, int64_t min,
                               int64_t max);

// Reads the version a write is based on from If-Match ("3" or W/"3" or 3).
// kPreconditionRequired when absent, kInvalidArgument when malformed.
core::Result<int64_t> IfMatchVersion(const http::Request& request);

// IfMatchVersion for a setting, where 0 names the built-in default that nobody has stored yet.
core::Result<int64_t> IfMatchSettingVersion(const http::Request& request);

// Parses a positive integer id path segment; kNotFound when it is not one.
core::Result<int64_t> PathId(const http::Request& request, std::string_view name = "id");

}  // namespace gongjian::api
