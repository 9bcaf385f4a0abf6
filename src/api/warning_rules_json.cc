#include "api/warning_rules_json.h"

#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace gongjian::api {
namespace {

using core::Fail;
using core::Result;
using core::Status;
using engine::Measure;
using engine::Metric;
using nlohmann::json;

constexpr const char* kMeasureNames = "progress, start, registration, milestone, problem";
constexpr const char* kMetricNames =
    "points_behind, percent_of_schedule, shortfall, months_late, months_unregistered, days_overdue";
constexpr const char* kOpNames = "at_least, more_than, at_most, less_than";
constexpr const char* kScheduleNames = "monthly_targets, proportional";

// Far outside every range ValidateRuleSet accepts, so it reports out_of_range in the right unit.
constexpr int64_t kOutOfRange = int64_t{1} << 50;

std::string Path(const std::string& prefix, std::string_view key) {
  return prefix.empty() ? std::string(key) : prefix + "." + std::string(key);
}

// The member `key`, or nullptr when absent or null.
const json* Member(const json& object, std::string_view key) {
  auto it = object.find(key);
  return it == object.end() || it->is_null() ? nullptr : &*it;
}

Status OnlyKeys(const json& object, const std::string& prefix, std::initializer_list<std::string_view> known) {
  for (const auto& item : object.items()) {
    bool ok = false;
    for (std::string_view k : known) ok = ok || item.key() == k;
    if (!ok) {
      const std::string field = Path(prefix, item.key());
      return Status::Invalid(field, "unknown_field");
    }
  }
  return Status::Ok();
}

Result<std::optional<std::string>> OptionalString(const json& object, const std::string& prefix, std::string_view key) {
  const json* v = Member(object, key);
  if (!v) return std::optional<std::string>();
  const std::string field = Path(prefix, key);
  if (!v->is_string()) return Fail(Status::Invalid(field, "wrong_type_string"));
  return std::optional<std::string>(v->get<std::string>());
}

Result<std::string> RequiredString(const json& object, const std::string& prefix, std::string_view key) {
  auto v = OptionalString(object, prefix, key);
  if (!v) return Fail(v.error());
  const std::string field = Path(prefix, key);
  if (!*v) return Fail(Status::Invalid(field, "required"));
  return std::move(**v);
}

// A JSON integer as int64, saturating beyond (the validator then reports the range).
int64_t SaturatedInt(const json& v) {
  if (v.is_number_unsigned()) {
    const uint64_t u = v.get<uint64_t>();
    return u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) ? std::numeric_limits<int64_t>::max()
                                                                          : static_cast<int64_t>(u);
  }
  return v.get<int64_t>();
}

// A threshold value in the metric's user unit, converted to its engine unit.
Result<int64_t> ThresholdValue(const json& v, const std::string& field, Metric metric) {
  if (!engine::IsPercentMetric(metric)) {
    if (!v.is_number_integer()) return Fail(Status::Invalid(field, "wrong_type_integer"));
    const int64_t n = SaturatedInt(v);
    return n > kOutOfRange ? kOutOfRange : n < -kOutOfRange ? -kOutOfRange : n;
  }
  if (!v.is_number()) return Fail(Status::Invalid(field, "wrong_type_number"));
  const double percent = v.get<double>();
  if (!(std::fabs(percent) <= 1e9)) return percent > 0 ? kOutOfRange : -kOutOfRange;
  const double basis_points = percent * 100;
  const double rounded = std::round(basis_points);
  // Percent with at most two decimals is exact in basis points; 79.99 arrives as 7998.999….
  if (std::fabs(basis_points - rounded) > 1e-6) return Fail(Status::Invalid(field, "percent_precision"));
  return static_cast<int64_t>(rounded);
}

Result<engine::Threshold> ParseThreshold(const json& j, const std::string& prefix, Metric metric) {
  if (!j.is_object()) return Fail(Status::Invalid(prefix, "wrong_type_object"));
  GJ_FAIL_IF_ERROR(OnlyKeys(j, prefix, {"op", "value"}));
  auto op_name = RequiredString(j, prefix, "op");
  if (!op_name) return Fail(op_name.error());
  const std::string op_field = Path(prefix, "op");
  auto op = engine::ParseOp(*op_name);
  if (!op) return Fail(Status::Invalid(op_field, "invalid_enum", {kOpNames}));
  const json* v = Member(j, "value");
  const std::string value_field = Path(prefix, "value");
  if (!v) return Fail(Status::Invalid(value_field, "required"));
  auto value = ThresholdValue(*v, value_field, metric);
  if (!value) return Fail(value.error());
  return engine::Threshold{*op, *value};
}

// Refuses a parameter present on a rule whose measure does not use it.
Status OnlyFor(bool applies, const std::string& field, Measure measure) {
  if (!applies) return Status::Invalid(field, "not_for_measure", {std::string(engine::MeasureName(measure))});
  return Status::Ok();
}

Result<engine::Rule> ParseRule(const json& j, size_t index) {
  const std::string prefix = "rules[" + std::to_string(index) + "]";
  if (!j.is_object()) return Fail(Status::Invalid(prefix, "wrong_type_object"));
  GJ_FAIL_IF_ERROR(
      OnlyKeys(j, prefix, {"id", "measure", "metric", "yellow", "red", "schedule", "min_annual_plan", "due_soon_days"}));
  engine::Rule rule;
  auto id = RequiredString(j, prefix, "id");
  if (!id) return Fail(id.error());
  rule.id = std::move(*id);

  auto measure_name = RequiredString(j, prefix, "measure");
  if (!measure_name) return Fail(measure_name.error());
  const std::string measure_field = Path(prefix, "measure");
  auto measure = engine::ParseMeasure(*measure_name);
  if (!measure) return Fail(Status::Invalid(measure_field, "invalid_enum", {kMeasureNames}));
  rule.measure = *measure;

  auto metric_name = OptionalString(j, prefix, "metric");
  if (!metric_name) return Fail(metric_name.error());
  const std::string metric_field = Path(prefix, "metric");
  std::optional<Metric> metric = *metric_name ? engine::ParseMetric(**metric_name) : engine::DefaultMetric(rule.measure);
  if (!metric) {
    if (!*metric_name) return Fail(Status::Invalid(metric_field, "required"));
    return Fail(Status::Invalid(metric_field, "invalid_enum", {kMetricNames}));
  }
  rule.metric = *metric;

  for (const char* colour : {"yellow", "red"}) {
    if (const json* t = Member(j, colour)) {
      auto threshold = ParseThreshold(*t, Path(prefix, colour), rule.metric);
      if (!threshold) return Fail(threshold.error());
      (std::string_view(colour) == "yellow" ? rule.yellow : rule.red) = *threshold;
    }
  }

  const bool progress = rule.measure == Measure::kProgress;
  const bool deadline = rule.measure == Measure::kMilestone || rule.measure == Measure::kProblem;
  if (const json* v = Member(j, "schedule")) {
    const std::string field = Path(prefix, "schedule");
    GJ_FAIL_IF_ERROR(OnlyFor(progress, field, rule.measure));
    if (!v->is_string()) return Fail(Status::Invalid(field, "wrong_type_string"));
    auto basis = engine::ParseScheduleBasis(v->get<std::string>());
    if (!basis) return Fail(Status::Invalid(field, "invalid_enum", {kScheduleNames}));
    rule.schedule = *basis;
  }
  if (const json* v = Member(j, "min_annual_plan")) {
    const std::string field = Path(prefix, "min_annual_plan");
    GJ_FAIL_IF_ERROR(OnlyFor(progress, field, rule.measure));
    if (!v->is_number_integer()) return Fail(Status::Invalid(field, "wrong_type_integer"));
    rule.min_annual_plan = SaturatedInt(*v);  // ValidateRuleSet refuses negative and absurd amounts
  }
  if (const json* v = Member(j, "due_soon_days")) {
    const std::string field = Path(prefix, "due_soon_days");
    GJ_FAIL_IF_ERROR(OnlyFor(deadline, field, rule.measure));
    if (!v->is_number_integer()) return Fail(Status::Invalid(field, "wrong_type_integer"));
    const int64_t days = SaturatedInt(*v);
    if (days < 0 || days > engine::kMaxDueSoonDays) {
      return Fail(Status::Invalid(field, "out_of_range", {"0", std::to_string(engine::kMaxDueSoonDays)}));
    }
    rule.due_soon_days = static_cast<int>(days);
  }
  return rule;
}

json ThresholdToJson(Metric metric, const engine::Threshold& t) {
  json value;
  if (!engine::IsPercentMetric(metric)) {
    value = t.value;
  } else if (t.value % 100 == 0) {
    value = t.value / 100;
  } else {
    value = static_cast<double>(t.value) / 100.0;  // two decimals print back exactly: 79.99
  }
  return json{{"op", std::string(engine::OpName(t.op))}, {"value", value}};
}

}  // namespace

json RuleSetToJson(const engine::RuleSet& set) {
  json rules = json::array();
  for (const engine::Rule& r : set.rules) {
    json j = {{"id", r.id},
              {"measure", std::string(engine::MeasureName(r.measure))},
              {"metric", std::string(engine::MetricName(r.metric))}};
    if (r.yellow) j["yellow"] = ThresholdToJson(r.metric, *r.yellow);
    if (r.red) j["red"] = ThresholdToJson(r.metric, *r.red);
    if (r.measure == Measure::kProgress) {
      j["schedule"] = std::string(engine::ScheduleBasisName(r.schedule));
      j["min_annual_plan"] = r.min_annual_plan;
    }
    if (r.measure == Measure::kMilestone || r.measure == Measure::kProblem) j["due_soon_days"] = r.due_soon_days;
    rules.push_back(std::move(j));
  }
  return json{{"id", set.id}, {"name", set.name}, {"description", set.description}, {"rules", std::move(rules)}};
}

Result<engine::RuleSet> RuleSetFromJson(const json& j) {
  if (!j.is_object()) return Fail(Status::Invalid("body", "body_not_object"));
  const std::string root;
  GJ_FAIL_IF_ERROR(OnlyKeys(j, root, {"id", "name", "description", "rules"}));
  engine::RuleSet set;
  auto id = RequiredString(j, root, "id");
  if (!id) return Fail(id.error());
  set.id = std::move(*id);
  auto name = RequiredString(j, root, "name");
  if (!name) return Fail(name.error());
  set.name = std::move(*name);
  auto description = OptionalString(j, root, "description");
  if (!description) return Fail(description.error());
  set.description = description->value_or("");

  const json* rules = Member(j, "rules");
  if (!rules) return Fail(Status::Invalid("rules", "required"));
  if (!rules->is_array()) return Fail(Status::Invalid("rules", "wrong_type_list"));
  if (rules->size() > engine::kMaxRules) {
    return Fail(Status::Invalid("rules", "too_many", {std::to_string(engine::kMaxRules)}));
  }
  set.rules.reserve(rules->size());
  for (size_t i = 0; i < rules->size(); ++i) {
    auto rule = ParseRule((*rules)[i], i);
    if (!rule) return Fail(rule.error());
    set.rules.push_back(std::move(*rule));
  }
  GJ_FAIL_IF_ERROR(engine::ValidateRuleSet(set));
  return set;
}

}  // namespace gongjian::api
