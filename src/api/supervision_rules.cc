#include "api/supervision_rules.h"

#include <nlohmann/json.hpp>

#include "api/json_input.h"
#include "api/respond.h"
#include "api/session.h"
#include "store/user_repository.h"

namespace gongjian::api {
namespace {

using core::Result;
using core::Status;
using nlohmann::json;

json RulesJson(const SupervisionRules& r) {
  return {{"overdue_working_days", r.escalation.overdue_working_days},
          {"approval_red_percent", r.approval_red_percent},
          {"version", r.version}};
}

// The rules of a PUT body: both fields required.
Result<SupervisionRules> ReadRules(const JsonInput& in) {
  SupervisionRules r;
  const json& raw = in.Raw();
  const json& days = raw.contains("overdue_working_days") ? raw["overdue_working_days"] : json();
  if (days.is_null()) return core::Fail(Status::Invalid("overdue_working_days", "required"));
  if (!days.is_array() || days.size() != 3) return core::Fail(Status::Invalid("overdue_working_days", "thresholds_not_rising"));
  for (size_t i = 0; i < 3; ++i) {
    if (!days[i].is_number_integer()) return core::Fail(Status::Invalid("overdue_working_days", "thresholds_not_rising"));
    const int64_t d = days[i].get<int64_t>();
    if (d < 1 || d > 250) return core::Fail(Status::Invalid("overdue_working_days", "thresholds_not_rising"));
    r.escalation.overdue_working_days[i] = static_cast<int>(d);
  }
  GJ_FAIL_IF_ERROR(domain::ValidateEscalationRule(r.escalation));
  auto percent = in.Int("approval_red_percent");
  if (!percent) return core::Fail(percent.error());
  if (!*percent) return core::Fail(Status::Invalid("approval_red_percent", "required"));
  if (**percent < domain::kMinRedPercent || **percent > domain::kMaxRedPercent) {
    return core::Fail(Status::Invalid("approval_red_percent", "out_of_range",
                                      {std::to_string(domain::kMinRedPercent), std::to_string(domain::kMaxRedPercent)}));
  }
  r.approval_red_percent = static_cast<int>(**percent);
  return r;
}

http::Response Get(const ApiContext& ctx, http::Request& req) {
  if (Status s = BusinessAccess(req, auth::Action::kBusinessRead); !s.ok()) return ErrorResponse(s, req);
  auto rules = ctx.db.ReadValue<SupervisionRules>([](store::Connection& c) { return LoadSupervisionRules(c); });
  if (!rules) return ErrorResponse(rules.error(), req);
  json body = RulesJson(*rules);
  body["can_edit"] =
      auth::Authorize(CurrentUser(req), auth::Action::kProblemDecide, {.kind = auth::Object::Kind::kBusiness}).ok();
  return VersionedResponse(200, body, rules->version);
}

http::Response Put(const ApiContext& ctx, http::Request& req) {
  const auth::Principal& who = CurrentUser(req);
  if (Status s = auth::Authorize(who, auth::Action::kProblemDecide, {.kind = auth::Object::Kind::kBusiness}); !s.ok()) {
    return ErrorResponse(s, req);
  }
  auto version = IfMatchSettingVersion(req);
  if (!version) return ErrorResponse(version.error(), req);
  auto in = JsonInput::Parse(req, {"overdue_working_days", "approval_red_percent"});
  if (!in) return ErrorResponse(in.error(), req);
  auto rules = ReadRules(*in);
  if (!rules) return ErrorResponse(rules.error(), req);
  const std::string now = core::FormatTimestamp(ctx.clock.Now());
  auto saved = ctx.db.WriteValue<SupervisionRules>([&](store::Connection& c) -> Result<SupervisionRules> {
    auto before = LoadSupervisionRules(c);
    if (!before) return before;
    json value = RulesJson(*rules);
    value.erase("version");
    auto put = store::PutSetting(c, kSupervisionRulesKey, value.dump(), *version, now);
    if (!put) return core::Fail(put.error());
    SupervisionRules out = *rules;
    out.version = put->version;
    store::AuditEntry e = AuditOf(ctx, req, &who, "supervision_rules.update", "setting", kSupervisionRulesKey);
    json old = RulesJson(*before);
    old.erase("version");
    e.changes = json{{"before", old}, {"after", value}}.dump();
    GJ_FAIL_IF_ERROR(Record(c, ctx, std::move(e)));
    return out;
  });
  if (!saved) return ErrorResponse(saved.error(), req);
  json body = RulesJson(*saved);
  body["can_edit"] = true;
  return VersionedResponse(200, body, saved->version);
}

}  // namespace

Result<SupervisionRules> LoadSupervisionRules(store::Connection& c) {
  SupervisionRules rules;
  auto s = store::GetSetting(c, kSupervisionRulesKey);
  if (!s) {
    if (s.error().code() == core::Code::kNotFound) return rules;
    return core::Fail(s.error());
  }
  rules.version = s->version;
  json j = json::parse(s->value, nullptr, false);
  if (!j.is_object()) return rules;
  domain::EscalationRule escalation;
  if (j["overdue_working_days"].is_array() && j["overdue_working_days"].size() == 3) {
    for (size_t i = 0; i < 3; ++i) {
      if (j["overdue_working_days"][i].is_number_integer()) {
        escalation.overdue_working_days[i] = j["overdue_working_days"][i].get<int>();
      }
    }
  }
  if (domain::ValidateEscalationRule(escalation).ok()) rules.escalation = escalation;
  if (j["approval_red_percent"].is_number_integer()) {
    const int percent = j["approval_red_percent"].get<int>();
    if (percent >= domain::kMinRedPercent && percent <= domain::kMaxRedPercent) rules.approval_red_percent = percent;
  }
  return rules;
}

void AddSupervisionRuleRoutes(http::Router& router, const ApiContext& ctx) {
  router.Add("GET", "/api/supervision-rules", [&ctx](http::Request& r) { return Get(ctx, r); });
  router.Add("PUT", "/api/supervision-rules", [&ctx](http::Request& r) { return Put(ctx, r); });
}

}  // namespace gongjian::api
