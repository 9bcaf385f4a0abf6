#include "api/json_input.h"

#include <algorithm>
#include <charconv>
#include <vector>
#include <nlohmann/json.hpp>

namespace gongjian::api {
namespace {

using core::Status;
using nlohmann::json;

constexpr int kMaxDepth = 32;

// Nesting depth of brackets outside strings; the parser is then never fed a pathological body.
bool TooDeep(std::string_view body) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > kMaxDepth) return true;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return false;
}

std::optional<int64_t> ParseInt(std::string_view s) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

JsonInput::JsonInput(std::unique_ptr<json> j) : json_(std::move(j)) {}
JsonInput::~JsonInput() = default;
JsonInput::JsonInput(JsonInput&&) noexcept = default;

core::Result<JsonInput> JsonInput::Parse(const http::Request& request) {
  if (request.body.empty()) return core::Fail(Status::Invalid("body", "required"));
  if (TooDeep(request.body)) return core::Fail(Status::Invalid("body", "json_too_deep"));
  auto j = std::make_unique<json>();
  // Duplicate keys are refused rather than silently resolved (parameter pollution).
  std::vector<std::vector<std::string>> keys_per_object;
  std::string duplicate;
  auto on_event = [&](int /*depth*/, json::parse_event_t event, json& parsed) {
    if (event == json::parse_event_t::object_start) {
      keys_per_object.emplace_back();
    } else if (event == json::parse_event_t::object_end) {
      keys_per_object.pop_back();
    } else if (event == json::parse_event_t::key && !keys_per_object.empty()) {
      auto& seen = keys_per_object.back();
      const auto& key = parsed.get_ref<const std::string&>();
      if (duplicate.empty() && std::find(seen.begin(), seen.end(), key) != seen.end()) duplicate = key;
      seen.push_back(key);
    }
    return true;
  };
  try {
    *j = json::parse(request.body, on_event);
  } catch (const json::parse_error& e) {
    return core::Fail(Status::Invalid("body", "malformed_json", {std::to_string(e.byte)}));
  }
  if (!duplicate.empty()) return core::Fail(Status::Invalid(duplicate, "duplicate_field"));
  if (!j->is_object()) return core::Fail(Status::Invalid("body", "body_not_object"));
  return JsonInput(std::move(j));
}

core::Result<JsonInput> JsonInput::Parse(const http::Request& request, std::initializer_list<std::string_view> known) {
  auto in = Parse(request);
  if (in) GJ_FAIL_IF_ERROR(in->OnlyFields(known));
  return in;
}

core::Result<std::string> JsonInput::RequiredString(std::string_view field) const {
  auto v = String(field);
  if (!v) return core::Fail(v.error());
  if (!*v || (*v)->empty()) return core::Fail(Status::Invalid(std::string(field), "required"));
  return **v;
}

core::Result<int64_t> JsonInput::RequiredInt(std::string_view field) const {
  auto v = Int(field);
  if (!v) return core::Fail(v.error());
  if (!*v) return core::Fail(Status::Invalid(std::string(field), "required"));
  return **v;
}

Status JsonInput::OnlyFields(std::initializer_list<std::string_view> known) const {
  for (const auto& [key, value] : json_->items()) {
    bool ok = false;
    for (auto k : known) ok = ok || k == key;
    if (!ok) return Status::Invalid(key, "unknown_field");
  }
  return Status::Ok();
}

bool JsonInput::Has(std::string_view field) const { return json_->contains(field); }

bool JsonInput::IsNull(std::string_view field) const {
  auto it = json_->find(field);
  return it != json_->end() && it->is_null();
}

core::Result<std::optional<std::string>> JsonInput::String(std::string_view field) const {
  auto it = json_->find(field);
  if (it == json_->end() || it->is_null()) return std::optional<std::string>();
  if (!it->is_string()) return core::Fail(Status::Invalid(std::string(field), "wrong_type_string"));
  return std::optional<std::string>(it->get<std::string>());
}

core::Result<std::optional<int64_t>> JsonInput::Int(std::string_view field) const {
  auto it = json_->find(field);
  if (it == json_->end() || it->is_null()) return std::optional<int64_t>();
  if (it->is_number_integer()) {
    if (it->is_number_unsigned() && it->get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
      return core::Fail(Status::Invalid(std::string(field), "wrong_type_integer"));
    }
    return std::optional<int64_t>(it->get<int64_t>());
  }
  return core::Fail(Status::Invalid(std::string(field), "wrong_type_integer"));
}

core::Result<std::optional<bool>> JsonInput::Bool(std::string_view field) const {
  auto it = json_->find(field);
  if (it == json_->end() || it->is_null()) return std::optional<bool>();
  if (!it->is_boolean()) return core::Fail(Status::Invalid(std::string(field), "wrong_type_boolean"));
  return std::optional<bool>(it->get<bool>());
}

core::Result<std::optional<domain::Date>> JsonInput::Date(std::string_view field) const {
  auto text = String(field);
  if (!text) return core::Fail(text.error());
  if (!*text || (*text)->empty()) return std::optional<domain::Date>();
  auto d = domain::ParseDate(**text);
  if (!d) return core::Fail(Status::Invalid(std::string(field), "date_format"));
  return std::optional<domain::Date>(*d);
}

core::Result<std::vector<int64_t>> JsonInput::IntList(std::string_view field) const {
  std::vector<int64_t> out;
  auto it = json_->find(field);
  if (it == json_->end() || it->is_null()) return out;
  if (!it->is_array()) return core::Fail(Status::Invalid(std::string(field), "wrong_type_integer_list"));
  for (const auto& v : *it) {
    if (!v.is_number_integer() || (v.is_number_unsigned() && v.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX))) {
      return core::Fail(Status::Invalid(std::string(field), "wrong_type_integer_list"));
    }
    out.push_back(v.get<int64_t>());
  }
  return out;
}

core::Result<int64_t> QueryInt(const http::Request& request, std::string_view name, int64_t fallback, int64_t min,
                               int64_t max) {
  auto raw = request.Query(name);
  if (!raw) return fallback;
  auto v = ParseInt(*raw);
  if (!v || *v < min || *v > max) {
    return core::Fail(Status::Invalid(std::string(name), "out_of_range", {std::to_string(min), std::to_string(max)}));
  }
  return *v;
}

namespace {

core::Result<int64_t> IfMatchAtLeast(const http::Request& request, int64_t min) {
  auto raw = request.Header("If-Match");
  if (!raw) return core::Fail(Status(core::Code::kPreconditionRequired, "if_match_required", "If-Match"));
  std::string_view v = *raw;
  if (v.substr(0, 2) == "W/") v.remove_prefix(2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  auto n = ParseInt(v);
  if (!n || *n < min) return core::Fail(Status::Invalid("If-Match", "if_match_invalid"));
  return *n;
}

}  // namespace

core::Result<int64_t> IfMatchVersion(const http::Request& request) { return IfMatchAtLeast(request, 1); }

core::Result<int64_t> IfMatchSettingVersion(const http::Request& request) { return IfMatchAtLeast(request, 0); }

core::Result<int64_t> PathId(const http::Request& request, std::string_view name) {
  auto n = ParseInt(request.PathParam(name));
  if (!n || *n < 1) return core::Fail(Status::NotFound());
  return *n;
}

}  // namespace gongjian::api
