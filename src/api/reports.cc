// Annual plans and monthly reports of a project (SPEC §3): fill, submit, review, correct.
#include <nlohmann/json.hpp>

#include "api/cockpit.h"
#include "api/json_input.h"
#include "api/projects.h"
#include "api/reports.h"
#include "api/respond.h"
#include "api/session.h"
#include "api/warnings.h"
#include "domain/text.h"
#include "store/report_repository.h"
#include "store/round_repository.h"

namespace gongjian::api {
namespace {

using core::Result;
using core::Status;
using domain::AnnualPlan;
using domain::MonthlyReport;
using nlohmann::json;

constexpr std::string_view kFundSources =
    "government, special_bond, central_budget, bank_loan, social_capital, ppp, industry_fund";
constexpr std::string_view kSiteStatuses = "not_started, started, suspended, resumed, completed";

json OptRate(const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); }

json FiguresJson(const domain::ReportFigures& f) {
  return {{"month", f.month},
          {"year_to_date", f.year_to_date},
          {"since_start", f.since_start},
          {"schedule_target", f.schedule_target},
          {"plan_rate", OptRate(f.plan_rate)},
          {"schedule_rate", OptRate(f.schedule_rate)}};
}

json ReportJson(const MonthlyReport& r) {
  json funds = json::array();
  for (const auto& f : r.funds_arrived) funds.push_back({{"source", domain::FundSourceName(f.source)}, {"amount", f.amount}});
  return {{"id", r.id},
          {"project_id", r.project_id},
          {"period", r.period.ToString()},
          {"version_no", r.version_no},
          {"supersedes_id", r.supersedes ? json(*r.supersedes) : json(nullptr)},
          {"status", domain::ReportStatusName(r.status)},
          {"investment", r.investment},
          {"funds_arrived", funds},
          {"progress_text", r.progress_text},
          {"progress", r.progress},
          {"workers_required", r.workers_required},
          {"workers_on_site", r.workers_on_site},
          {"site_status", domain::SiteStatusName(r.site)},
          {"problems", r.problems},
          {"next_plan", r.next_plan},
          {"review_reason", r.review_reason},
          {"version", r.version}};
}

json PlanJson(const AnnualPlan& p) {
  json targets = nullptr;
  if (p.monthly_targets) targets = json(std::vector<domain::Fen>(p.monthly_targets->begin(), p.monthly_targets->end()));
  return {{"id", p.id},
          {"project_id", p.project_id},
          {"year", p.year},
          {"planned_investment", p.planned_investment},
          {"monthly_targets", targets},
          {"progress_goal", p.progress_goal},
          {"status", domain::ReportStatusName(p.status)},
          {"review_reason", p.review_reason},
          {"version", p.version}};
}

Status IntField(const JsonInput& in, const char* field, int64_t min, int64_t max, int64_t& out) {
  auto v = in.Int(field);
  if (!v) return v.error();
  if (!*v) return Status::Ok();
  if (**v < min || **v > max) return Status::Invalid(field, "out_of_range", {std::to_string(min), std::to_string(max)});
  out = **v;
  return Status::Ok();
}

Status TextField(const JsonInput& in, const char* field, std::string& out) {
  auto v = in.String(field);
  if (!v) return v.error();
  if (in.Has(field)) out = v->value_or("");
  return Status::Ok();
}

Status FundsField(const JsonInput& in, std::vector<domain::FundShare>& out) {
  if (!in.Has("funds_arrived")) return Status::Ok();
  const json& v = in.Raw().at("funds_arrived");
  out.clear();
  if (v.is_null()) return Status::Ok();
  if (!v.is_array() || v.size() > 20) return Status::Invalid("funds_arrived", "wrong_type_funds");
  for (const auto& item : v) {
    if (!item.is_object() || item.size() != 2 || !item.contains("source") || !item.contains("amount") ||
        !item["source"].is_string() || !item["amount"].is_number_integer() ||
        (item["amount"].is_number_unsigned() && item["amount"].get<uint64_t>() > static_cast<uint64_t>(INT64_MAX))) {
      return Status::Invalid("funds_arrived", "wrong_type_funds");
    }
    auto source = domain::ParseFundSource(item["source"].get<std::string>());
    if (!source) return Status::Invalid("funds_arrived", "invalid_enum", {std::string(kFundSources)});
    out.push_back({*source, item["amount"].get<int64_t>()});
  }
  return Status::Ok();
}

// Overlays the report fields present in the body on `r`.
Status ReadReport(const JsonInput& in, MonthlyReport& r) {
  int64_t investment = r.investment, progress = r.progress, required = r.workers_required,
          on_site = r.workers_on_site;
  GJ_RETURN_IF_ERROR(IntField(in, "investment", INT64_MIN, INT64_MAX, investment));
  GJ_RETURN_IF_ERROR(IntField(in, "progress", 0, domain::kProgressScale, progress));
  GJ_RETURN_IF_ERROR(IntField(in, "workers_required", 0, 1'000'000, required));
  GJ_RETURN_IF_ERROR(IntField(in, "workers_on_site", 0, 1'000'000, on_site));
  r.investment = investment;
  r.progress = static_cast<int>(progress);
  r.workers_required = static_cast<int>(required);
  r.workers_on_site = static_cast<int>(on_site);
  GJ_RETURN_IF_ERROR(FundsField(in, r.funds_arrived));
  GJ_RETURN_IF_ERROR(TextField(in, "progress_text", r.progress_text));
  GJ_RETURN_IF_ERROR(TextField(in, "problems", r.problems));
  GJ_RETURN_IF_ERROR(TextField(in, "next_plan", r.next_plan));
  auto site = in.String("site_status");
  if (!site) return site.error();
  if (*site) {
    auto parsed = domain::ParseSiteStatus(**site);
    if (!parsed) return Status::Invalid("site_status", "invalid_enum", {std::string(kSiteStatuses)});
    r.site = *parsed;
  }
  return Status::Ok();
}

Result<domain::Period> PeriodParam(const http::Request& req) {
  auto p = domain::ParsePeriod(req.PathParam("period"));
  if (!p) return core::Fail(Status::Invalid("period", "period_format"));
  return *p;
}

// The version a write is based on: If-Match, or 0 (a new record) when absent.
Result<int64_t> VersionOrNew(const http::Request& req) {
  if (!req.Header("If-Match")) return int64_t{0};
  return IfMatchVersion(req);
}

Result<domain::ReportAction> ReadAction(const JsonInput& in, std::string& reason) {
  auto text = in.RequiredString("action");
  if (!text) return core::Fail(text.error());
  auto action = domain::ParseReportAction(*text);
  if (!action) return core::Fail(Status::Invalid("action", "invalid_enum", {"submit, return, accept"}));
  GJ_FAIL_IF_ERROR(TextField(in, "reason", reason));
  reason = domain::TrimSpaces(reason);
  if (*action == domain::ReportAction::kReturn && reason.empty()) return core::Fail(Status::Invalid("reason", "required"));
  if (domain::CodePoints(reason) > 1000) return core::Fail(Status::Invalid("reason", "too_long", {"1000"}));
  return *action;
}

// Owners and units report inside an open round's window (or an extension the office
// granted); the office itself may fill in or submit for a project at any time.
Status CheckWindow(const ApiContext& ctx, store::Connection& c, const http::Request& req, int64_t project_id,
                   domain::Period period) {
  if (auth::Can(CurrentUser(req), auth::Action::kProjectReview, {.kind = auth::Object::Kind::kBusiness}) ==
      auth::Decision::kAllow) {
    return Status::Ok();
  }
  return store::CheckReportingWindow(c, project_id, period, Today(ctx));
}

// Returns need the office; submitting is for whoever may write the project.
auth::Action NeededFor(domain::ReportAction action) {
  return action == domain::ReportAction::kSubmit ? auth::Action::kBusinessWrite : auth::Action::kProjectReview;
}

domain::ReportFigures Figures(store::Connection& c, int64_t project_id, domain::Period period, Status& error) {
  auto accepted = store::AcceptedReports(c, project_id);
  if (!accepted) {
    error = accepted.error();
    return {};
  }
  std::optional<AnnualPlan> plan;
  auto p = store::GetAnnualPlan(c, project_id, period.year);
  if (p && p->status == domain::ReportStatus::kAccepted) plan = *p;
  return domain::DeriveFigures(*accepted, plan, period);
}

http::Response ListReports(const ApiContext& ctx, http::Request& req) {
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("project_not_found"), req);
  auto year = QueryInt(req, "year", Today(ctx).year, 1900, 2199);
  if (!year) return ErrorResponse(year.error(), req);
  auto body = ctx.db.ReadValue<json>([&](store::Connection& c) -> Result<json> {
    auto project = ProjectForAction(c, req, *id, auth::Action::kBusinessRead);
    if (!project) return core::Fail(project.error());
    json items = json::array();
    for (int month = 1; month <= 12; ++month) {
      auto versions = store::ListReportVersions(c, *id, {static_cast<int>(*year), month});
      if (!versions) return core::Fail(versions.error());
      if (versions->empty()) continue;
      Status error;
      json item = ReportJson(versions->front());
      item["figures"] = FiguresJson(Figures(c, *id, {static_cast<int>(*year), month}, error));
      if (!error.ok()) return core::Fail(error);
      items.push_back(std::move(item));
    }
    auto plan = store::GetAnnualPlan(c, *id, static_cast<int>(*year));
    return json{{"items", items}, {"plan", plan ? PlanJson(*plan) : json(nullptr)}};
  });
  if (!body) return ErrorResponse(body.error(), req);
  return JsonResponse(200, *body);
}

http::Response GetReportVersions(const ApiContext& ctx, http::Request& req) {
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("project_not_found"), req);
  auto period = PeriodParam(req);
  if (!period) return ErrorResponse(period.error(), req);
  auto body = ctx.db.ReadValue<json>([&](store::Connection& c) -> Result<json> {
    auto project = ProjectForAction(c, req, *id, auth::Action::kBusinessRead);
    if (!project) return core::Fail(project.error());
    auto versions = store::ListReportVersions(c, *id, *period);
    if (!versions) return core::Fail(versions.error());
    if (versions->empty()) return core::Fail(Status::NotFound("report_not_found"));
    json items = json::array();
    for (const auto& v : *versions) items.push_back(ReportJson(v));
    Status error;
    json figures = FiguresJson(Figures(c, *id, *period, error));
    if (!error.ok()) return core::Fail(error);
    return json{{"versions", items}, {"figures", figures}};
  });
  if (!body) return ErrorResponse(body.error(), req);
  return JsonResponse(200, *body);
}

http::Response PutReport(const ApiContext& ctx, http::Request& req) {
  const auth::Principal& who = CurrentUser(req);
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("project_not_found"), req);
  auto period = PeriodParam(req);
  if (!period) return ErrorResponse(period.error(), req);
  auto in = JsonInput::Parse(req, {"investment", "funds_arrived", "progress_text", "progress", "workers_required",
                                   "workers_on_site", "site_status", "problems", "next_plan"});
  if (!in) return ErrorResponse(in.error(), req);
  auto version = VersionOrNew(req);
  if (!version) return ErrorResponse(version.error(), req);
  std::string now = core::FormatTimestamp(ctx.clock.Now());
  auto saved = ctx.db.WriteValue<MonthlyReport>([&](store::Connection& c) -> Result<MonthlyReport> {
    auto project = ProjectForAction(c, req, *id, auth::Action::kBusinessWrite);
    if (!project) return core::Fail(project.error());
    GJ_FAIL_IF_ERROR(CheckWindow(ctx, c, req, *id, *period));
    auto versions = store::ListReportVersions(c, *id, *period);
    if (!versions) return core::Fail(versions.error());
    MonthlyReport r;
    if (versions->empty() && *version != 0) return core::Fail(Status::NotFound("report_not_found"));
    if (!versions->empty() && *version != 0) {
      r = versions->front();  // the version being edited (a draft, a returned report or a correction)
    } else {
      r.project_id = *id;
      r.period = *period;
    }
    GJ_FAIL_IF_ERROR(ReadReport(*in, r));
    auto out = store::SaveReport(c, r, *version, who.user_id, now);
    if (!out) return out;
    store::AuditEntry e = AuditOf(ctx, req, &who, *version == 0 ? "report.create" : "report.update", "report",
                                  std::to_string(out->id));
    e.changes = json{{"after", ReportJson(*out)}}.dump();
    GJ_FAIL_IF_ERROR(Record(c, ctx, std::move(e)));
    return out;
  });
  if (!saved) return ErrorResponse(saved.error(), req);
  return VersionedResponse(*version == 0 ? 201 : 200, ReportJson(*saved), saved->version);
}

http::Response ActOnReport(const ApiContext& ctx, http::Request& req) {
  const auth::Principal& who = CurrentUser(req);
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("report_not_found"), req);
  auto in = JsonInput::Parse(req, {"action", "reason"});
  if (!in) return ErrorResponse(in.error(), req);
  std::string reason;
  auto action = ReadAction(*in, reason);
  if (!action) return ErrorResponse(action.error(), req);
  std::string now = core::FormatTimestamp(ctx.clock.Now());
  auto done = ctx.db.WriteValue<MonthlyReport>([&](store::Connection& c) -> Result<MonthlyReport> {
    auto report = store::GetReport(c, *id);
    if (!report) return report;
    GJ_FAIL_IF_ERROR(CheckOwningProject(c, req, report->project_id, NeededFor(*action), "report_not_found"));
    if (*action == domain::ReportAction::kSubmit) {
      GJ_FAIL_IF_ERROR(CheckWindow(ctx, c, req, report->project_id, report->period));
    }
    auto version = IfMatchVersion(req);
    if (!version) return core::Fail(version.error());
    auto out = store::ReviewReport(c, *id, *action, reason, *version, who.user_id, now);
    if (!out) return out;
    if (out->status == domain::ReportStatus::kAccepted) {
      GJ_FAIL_IF_ERROR(RecomputeWarnings(ctx, c, out->project_id, out->period));
      GJ_FAIL_IF_ERROR(RefreshCockpitYear(c, out->project_id, out->period.year));
    }
    store::AuditEntry e = AuditOf(ctx, req, &who, "report." + std::string(domain::ReportActionName(*action)), "report",
                                  std::to_string(*id));
    e.changes = json{{"status", domain::ReportStatusName(out->status)}, {"reason", reason}}.dump();
    GJ_FAIL_IF_ERROR(Record(c, ctx, std::move(e)));
    return out;
  });
  if (!done) return ErrorResponse(done.error(), req);
  return VersionedResponse(200, ReportJson(*done), done->version);
}

http::Response Correct(const ApiContext& ctx, http::Request& req) {
  const auth::Principal& who = CurrentUser(req);
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("report_not_found"), req);
  std::string now = core::FormatTimestamp(ctx.clock.Now());
  auto made = ctx.db.WriteValue<MonthlyReport>([&](store::Connection& c) -> Result<MonthlyReport> {
    auto report = store::GetReport(c, *id);
    if (!report) return report;
    GJ_FAIL_IF_ERROR(CheckOwningProject(c, req, report->project_id, auth::Action::kBusinessWrite, "report_not_found"));
    auto out = store::StartCorrection(c, *id, who.user_id, now);
    if (!out) return out;
    store::AuditEntry e = AuditOf(ctx, req, &who, "report.correct", "report", std::to_string(out->id));
    e.changes = json{{"supersedes", *id}}.dump();
    GJ_FAIL_IF_ERROR(Record(c, ctx, std::move(e)));
    return out;
  });
  if (!made) return ErrorResponse(made.error(), req);
  return VersionedResponse(201, ReportJson(*made), made->version);
}

Result<AnnualPlan> ReadPlan(const JsonInput& in, AnnualPlan plan) {
  auto planned = in.Int("planned_investment");
  if (!planned) return core::Fail(planned.error());
  if (*planned) plan.planned_investment = **planned;
  if (in.Has("monthly_targets")) {
    const json& v = in.Raw().at("monthly_targets");
    if (v.is_null()) {
      plan.monthly_targets.reset();
    } else {
      if (!v.is_array() || v.size() != 12) return core::Fail(Status::Invalid("monthly_targets", "twelve_amounts"));
      std::array<domain::Fen, 12> t{};
      for (size_t i = 0; i < 12; ++i) {
        if (!v[i].is_number_integer() ||
            (v[i].is_number_unsigned() && v[i].get<uint64_t>() > static_cast<uint64_t>(INT64_MAX))) {
          return core::Fail(Status::Invalid("monthly_targets", "twelve_amounts"));
        }
        t[i] = v[i].get<int64_t>();
      }
      plan.monthly_targets = t;
    }
  }
  GJ_FAIL_IF_ERROR(TextField(in, "progress_goal", plan.progress_goal));
  return plan;
}

Result<int> YearParam(const http::Request& req) {
  auto n = domain::ParsePeriod(std::string(req.PathParam("year")) + "-01");
  if (!n) return core::Fail(Status::Invalid("year", "out_of_range", {"1900", "2199"}));
  return n->year;
}

http::Response GetPlan(const ApiContext& ctx, http::Request& req) {
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("project_not_found"), req);
  auto year = YearParam(req);
  if (!year) return ErrorResponse(year.error(), req);
  auto plan = ctx.db.ReadValue<AnnualPlan>([&](store::Connection& c) -> Result<AnnualPlan> {
    auto project = ProjectForAction(c, req, *id, auth::Action::kBusinessRead);
    if (!project) return core::Fail(project.error());
    return store::GetAnnualPlan(c, *id, *year);
  });
  if (!plan) return ErrorResponse(plan.error(), req);
  return VersionedResponse(200, PlanJson(*plan), plan->version);
}

http::Response PutPlan(const ApiContext& ctx, http::Request& req) {
  const auth::Principal& who = CurrentUser(req);
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("project_not_found"), req);
  auto year = YearParam(req);
  if (!year) return ErrorResponse(year.error(), req);
  auto in = JsonInput::Parse(req, {"planned_investment", "monthly_targets", "progress_goal"});
  if (!in) return ErrorResponse(in.error(), req);
  auto version = VersionOrNew(req);
  if (!version) return ErrorResponse(version.error(), req);
  std::string now = core::FormatTimestamp(ctx.clock.Now());
  auto saved = ctx.db.WriteValue<AnnualPlan>([&](store::Connection& c) -> Result<AnnualPlan> {
    auto project = ProjectForAction(c, req, *id, auth::Action::kBusinessWrite);
    if (!project) return core::Fail(project.error());
    AnnualPlan base;
    auto current = store::GetAnnualPlan(c, *id, *year);
    if (current) base = *current;
    base.project_id = *id;
    base.year = *year;
    auto plan = ReadPlan(*in, base);
    if (!plan) return plan;
    if (*version == 0 && !in->Has("planned_investment")) return core::Fail(Status::Invalid("planned_investment", "required"));
    auto out = store::SaveAnnualPlan(c, *plan, *version, now);
    if (!out) return out;
    store::AuditEntry e = AuditOf(ctx, req, &who, "plan.save", "plan", std::to_string(out->id));
    e.changes = json{{"after", PlanJson(*out)}}.dump();
    GJ_FAIL_IF_ERROR(Record(c, ctx, std::move(e)));
    return out;
  });
  if (!saved) return ErrorResponse(saved.error(), req);
  return VersionedResponse(*version == 0 ? 201 : 200, PlanJson(*saved), saved->version);
}

http::Response ActOnPlan(const ApiContext& ctx, http::Request& req) {
  const auth::Principal& who = CurrentUser(req);
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("plan_not_found"), req);
  auto in = JsonInput::Parse(req, {"action", "reason"});
  if (!in) return ErrorResponse(in.error(), req);
  std::string reason;
  auto action = ReadAction(*in, reason);
  if (!action) return ErrorResponse(action.error(), req);
  std::string now = core::FormatTimestamp(ctx.clock.Now());
  auto done = ctx.db.WriteValue<AnnualPlan>([&](store::Connection& c) -> Result<AnnualPlan> {
    auto row = c.Query("SELECT project_id FROM annual_plans WHERE id = $1", {*id});
    if (!row) return core::Fail(row.error());
    if (row->empty()) return core::Fail(Status::NotFound("plan_not_found"));
    GJ_FAIL_IF_ERROR(CheckOwningProject(c, req, row->First().Int("project_id"), NeededFor(*action), "plan_not_found"));
    auto version = IfMatchVersion(req);
    if (!version) return core::Fail(version.error());
    auto out = store::ReviewAnnualPlan(c, *id, *action, reason, *version, now);
    if (!out) return out;
    if (out->status == domain::ReportStatus::kAccepted) {
      GJ_FAIL_IF_ERROR(RecomputeWarnings(ctx, c, out->project_id));  // a new plan changes 序时进度
      GJ_FAIL_IF_ERROR(RefreshCockpitYear(c, out->project_id, out->year));
    }
    store::AuditEntry e = AuditOf(ctx, req, &who, "plan." + std::string(domain::ReportActionName(*action)), "plan",
                                  std::to_string(*id));
    e.changes = json{{"status", domain::ReportStatusName(out->status)}, {"reason", reason}}.dump();
    GJ_FAIL_IF_ERROR(Record(c, ctx, std::move(e)));
    return out;
  });
  if (!done) return ErrorResponse(done.error(), req);
  return VersionedResponse(200, PlanJson(*done), done->version);
}

}  // namespace

void AddReportRoutes(http::Router& router, const ApiContext& ctx) {
  router.Add("GET", "/api/projects/{id}/reports", [&ctx](http::Request& r) { return ListReports(ctx, r); });
  router.Add("GET", "/api/projects/{id}/reports/{period}", [&ctx](http::Request& r) { return GetReportVersions(ctx, r); });
  router.Add("PUT", "/api/projects/{id}/reports/{period}", [&ctx](http::Request& r) { return PutReport(ctx, r); });
  router.Add("POST", "/api/reports/{id}/actions", [&ctx](http::Request& r) { return ActOnReport(ctx, r); });
  router.Add("POST", "/api/reports/{id}/corrections", [&ctx](http::Request& r) { return Correct(ctx, r); });
  router.Add("GET", "/api/projects/{id}/plans/{year}", [&ctx](http::Request& r) { return GetPlan(ctx, r); });
  router.Add("PUT", "/api/projects/{id}/plans/{year}", [&ctx](http::Request& r) { return PutPlan(ctx, r); });
  router.Add("POST", "/api/plans/{id}/actions", [&ctx](http::Request& r) { return ActOnPlan(ctx, r); });
}

}  // namespace gongjian::api
