#include "api/briefings.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "api/cockpit.h"
#include "api/errors.h"
#include "api/files.h"
#include "api/json_input.h"
#include "api/projects.h"
#include "api/respond.h"
#include "api/session.h"
#include "core/sm3.h"
#include "domain/problem.h"
#include "engine/cockpit.h"
#include "io/file_store.h"
#include "report/briefing.h"
#include "report/issuer.h"
#include "store/audit_repository.h"
#include "store/briefing_repository.h"
#include "store/milestone_repository.h"
#include "store/org_repository.h"

namespace gongjian::api {
namespace {

using core::Result;
using core::Status;
using nlohmann::json;

json BriefingJson(const store::Briefing& b) {
  return {{"id", b.id},
          {"year", b.year},
          {"month", b.month},
          {"issue_number", b.issue_number},
          {"title", b.title},
          {"summary", b.summary},
          {"pdf", {{"size", b.pdf_size}, {"sm3", b.pdf_sm3}}},
          {"xlsx", {{"size", b.xlsx_size}, {"sm3", b.xlsx_sm3}}},
          {"created_by_name", b.created_by_name},
          {"created_at", b.created_at}};
}

// The file name a download takes: "示范区重大项目建设月度通报（2025年第3期）.pdf".
std::string FileName(const store::Briefing& b, const char* extension) {
  return b.title + "（" + std::to_string(b.year) + "年第" + std::to_string(b.issue_number) + "期）." + extension;
}

std::optional<int64_t> OptInt(const json& j) {
  if (j.is_null()) return std::nullopt;
  return j.get<int64_t>();
}
std::optional<int> OptSmall(const json& j) {
  if (j.is_null()) return std::nullopt;
  return j.get<int>();
}

// ---- From the cockpit's answers to the briefing's facts ----

void FillSummary(const json& s, report::BriefingSummary& out) {
  out.projects = s["projects"];
  out.total_investment = s["total_investment"];
  out.annual_planned = s["annual_planned"];
  out.completed_ytd = s["completed_ytd"];
  out.schedule_ytd = s["schedule_ytd"];
  out.completion_rate = OptInt(s["completion_rate"]);
  out.schedule_rate = OptInt(s["schedule_rate"]);
  out.points_vs_schedule = OptInt(s["points_vs_schedule"]);
  out.new_starts = s["new_starts"];
  out.completions = s["completions"];
  out.lights = {s["lights"]["red"], s["lights"]["yellow"], s["lights"]["green"]};
}

report::BriefingBreakdownRow RowOf(const json& r) {
  report::BriefingBreakdownRow row;
  row.name = r.value("name", std::string());
  row.projects = r["projects"];
  row.total_investment = r["total_investment"];
  row.annual_planned = r["annual_planned"];
  row.completed_ytd = r["completed_ytd"];
  row.completion_rate = OptInt(r["completion_rate"]);
  return row;
}

// The unit table: the breakdown's rows in the ranking's order, with the ranking's points against
// 序时; the units the ranking leaves out follow in the breakdown's order.
report::BriefingBreakdown UnitTable(const json& breakdown, const json& ranking) {
  report::BriefingBreakdown out;
  std::set<size_t> used;
  const json& rows = breakdown["rows"];
  for (const auto& r : ranking["rows"]) {
    for (size_t i = 0; i < rows.size(); ++i) {
      if (used.count(i) || rows[i]["key"] != r["key"]) continue;
      used.insert(i);
      report::BriefingBreakdownRow row = RowOf(rows[i]);
      row.points_vs_schedule = OptInt(r["points_vs_schedule"]);
      out.rows.push_back(std::move(row));
      break;
    }
  }
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!used.count(i)) out.rows.push_back(RowOf(rows[i]));
  }
  out.total = RowOf(breakdown["total"]);
  out.total.name = "合计";
  return out;
}

report::BriefingBreakdown CategoryTable(const json& breakdown) {
  report::BriefingBreakdown out;
  for (const auto& r : breakdown["rows"]) out.rows.push_back(RowOf(r));
  out.total = RowOf(breakdown["total"]);
  out.total.name = "合计";
  return out;
}

report::BriefingApprovals ApprovalsOf(const json& a) {
  report::BriefingApprovals out;
  out.in_progress = a["in_progress"];
  out.yellow = a["yellow"];
  out.red = a["red"];
  for (const auto& d : a["departments"]) {
    out.departments.push_back({d["name"], d["in_progress"], d["yellow"], d["red"], OptSmall(d["median_days"]),
                               OptSmall(d["p90_days"])});
  }
  return out;
}

std::vector<report::BriefingLightItem> LightItems(const std::vector<store::BriefingLightProject>& projects) {
  std::vector<report::BriefingLightItem> out;
  out.reserve(projects.size());
  for (const auto& p : projects) out.push_back({p.name, p.unit, p.reason});
  return out;
}

// Everything issue `number` of `year`/`month` shows, as of `today`, for the whole district.
Result<report::BriefingFacts> Facts(const ApiContext& ctx, const http::Request& req, store::Connection& c, int year,
                                    int month, int number, domain::Date today) {
  auto answers = DistrictCockpitAnswers(c, CurrentUser(req).user_id, year, month, today,
                                        core::FormatTimestamp(ctx.clock.Now()));
  if (!answers) return core::Fail(std::move(answers.error()));
  auto district = store::DistrictName(c);
  if (!district) return core::Fail(std::move(district.error()));
  std::vector<std::string> stages;
  for (auto s : engine::CockpitStages()) stages.emplace_back(domain::StageName(s));
  auto red = store::BriefingLightProjects(c, stages, "red");
  if (!red) return core::Fail(std::move(red.error()));
  auto yellow = store::BriefingLightProjects(c, stages, "yellow");
  if (!yellow) return core::Fail(std::move(yellow.error()));
  auto overdue = store::BriefingOverdueProblems(c, stages, today);
  if (!overdue) return core::Fail(std::move(overdue.error()));
  auto calendar = store::LoadWorkCalendar(c);
  if (!calendar) return core::Fail(std::move(calendar.error()));

  report::BriefingFacts f;
  f.area_name = *district;
  f.scope_name = answers->summary["scope"];
  f.issuer = *district + report::kOfficeTitle;
  f.year = year;
  f.month = month;
  f.issue_number = number;
  f.issued_on = today;
  FillSummary(answers->summary, f.summary);
  for (const auto& m : answers->trend["months"]) {
    f.trend.push_back({m["month"], m["planned_cum"], m["schedule_cum"], m["completed_cum"], m["completed_month"]});
  }
  f.by_unit = UnitTable(answers->by_unit, answers->ranking);
  f.by_category = CategoryTable(answers->by_category);
  f.red_projects = LightItems(*red);
  f.yellow_projects = LightItems(*yellow);
  const json& p = answers->problems;
  f.problems.open = p["open"];
  f.problems.overdue = p["overdue"];
  f.problems.closed_this_month = p["closed_this_month"];
  f.problems.raised_this_month = p["raised_this_month"];
  for (const auto& o : *overdue) {
    auto type = domain::ParseProblemType(o.type);
    f.problems.overdue_list.push_back({o.project, type ? std::string(domain::ProblemTypeLabel(*type)) : o.type,
                                       o.unit, o.deadline,
                                       domain::OverdueWorkingDays(o.deadline, today, *calendar)});
  }
  // Most overdue first in working days (the calendar may reorder equal deadlines' neighbours).
  std::stable_sort(f.problems.overdue_list.begin(), f.problems.overdue_list.end(),
                   [](const auto& x, const auto& y) { return x.overdue_working_days > y.overdue_working_days; });
  f.approvals = ApprovalsOf(answers->approvals);
  return f;
}

// The year and month a briefing is for, from the JSON body or the query: both required, then as
// the cockpit checks them (no month after this one). Bounded before narrowing to int so that a
// huge number cannot wrap into a valid one.
struct Month {
  int year = 0;
  int month = 0;
};

Result<Month> CheckMonth(std::optional<int64_t> year, std::optional<int64_t> month, domain::Date today) {
  if (!year) return core::Fail(Status::Invalid("year", "required"));
  if (!month) return core::Fail(Status::Invalid("month", "required"));
  auto narrow = [](int64_t v) { return static_cast<int>(std::clamp<int64_t>(v, -1, 10'000)); };
  auto period = engine::ResolveCockpitPeriod(narrow(*year), narrow(*month), today);
  if (!period) return core::Fail(std::move(period.error()));
  return Month{period->year, period->month};
}

Result<Month> MonthOfQuery(const http::Request& req, domain::Date today) {
  auto asked = ReadYearMonth(req);
  if (!asked) return core::Fail(std::move(asked.error()));
  return CheckMonth(asked->year, asked->month, today);
}

Status OfficeOnly(const http::Request& req) {
  GJ_RETURN_IF_ERROR(BusinessAccess(req, auth::Action::kBusinessRead));
  return auth::Authorize(CurrentUser(req), auth::Action::kProjectReview, {.kind = auth::Object::Kind::kBusiness});
}

// ---- Handlers ----

http::Response List(const ApiContext& ctx, http::Request& req) {
  if (Status s = BusinessAccess(req, auth::Action::kBusinessRead); !s.ok()) return ErrorResponse(s, req);
  auto year = QueryInt(req, "year", 0, 0, 9999);
  if (!year) return ErrorResponse(year.error(), req);
  auto list = ctx.db.ReadValue<std::vector<store::Briefing>>(
      [&](store::Connection& c) { return store::ListBriefings(c, static_cast<int>(*year)); });
  if (!list) return ErrorResponse(list.error(), req);
  json items = json::array();
  for (const auto& b : *list) items.push_back(BriefingJson(b));
  return JsonResponse(200, {{"items", items}, {"total", items.size()}});
}

http::Response Preview(const ApiContext& ctx, http::Request& req) {
  if (Status s = OfficeOnly(req); !s.ok()) return ErrorResponse(s, req);
  const domain::Date today = Today(ctx);
  auto when = MonthOfQuery(req, today);
  if (!when) return ErrorResponse(when.error(), req);
  auto facts = ctx.db.ReadValue<report::BriefingFacts>([&](store::Connection& c) -> Result<report::BriefingFacts> {
    auto number = store::NextBriefingNumber(c, when->year);
    if (!number) return core::Fail(std::move(number.error()));
    return Facts(ctx, req, c, when->year, when->month, *number, today);
  });
  if (!facts) return ErrorResponse(facts.error(), req);
  auto pdf = report::RenderBriefingPdf(*facts);
  if (!pdf) return ErrorResponse(pdf.error(), req);
  http::Response r;
  r.body = std::move(*pdf);
  r.content_type = "application/pdf";
  r.SetHeader("Content-Disposition", "inline");
  r.SetHeader("Cache-Control", "no-store");
  r.SetHeader("Content-Security-Policy", "default-src 'none'; sandbox");
  return r;
}

http::Response Publish(const ApiContext& ctx, http::Request& req) {
  if (Status s = OfficeOnly(req); !s.ok()) return ErrorResponse(s, req);
  auto in = JsonInput::Parse(req, {"year", "month"});
  if (!in) return ErrorResponse(in.error(), req);
  auto year = in->Int("year");
  if (!year) return ErrorResponse(year.error(), req);
  auto month = in->Int("month");
  if (!month) return ErrorResponse(month.error(), req);
  const domain::Date today = Today(ctx);
  auto when = CheckMonth(*year, *month, today);
  if (!when) return ErrorResponse(when.error(), req);
  if (!ctx.files) return ErrorResponse(Status::Unavailable("storage_unavailable", "no file store configured"), req);

  // The figures in one read transaction; the documents rendered outside any; the record written
  // in one write transaction, where the unique month and number settle a race.
  auto facts = ctx.db.ReadValue<report::BriefingFacts>([&](store::Connection& c) -> Result<report::BriefingFacts> {
    auto published = store::ListBriefings(c, when->year);
    if (!published) return core::Fail(std::move(published.error()));
    for (const auto& b : *published) {
      if (b.month == when->month) return core::Fail(Status::Conflict("briefing_exists", "month"));
    }
    auto number = store::NextBriefingNumber(c, when->year);
    if (!number) return core::Fail(std::move(number.error()));
    return Facts(ctx, req, c, when->year, when->month, *number, today);
  });
  if (!facts) return ErrorResponse(facts.error(), req);
  auto pdf = report::RenderBriefingPdf(*facts);
  if (!pdf) return ErrorResponse(pdf.error(), req);
  auto xlsx = report::RenderBriefingXlsx(*facts);
  if (!xlsx) return ErrorResponse(xlsx.error(), req);

  store::Briefing b;
  b.year = facts->year;
  b.month = facts->month;
  b.issue_number = facts->issue_number;
  b.title = facts->area_name + "重大项目建设月度通报";
  b.summary = report::ComposeBriefingSummary(*facts);
  b.pdf_sm3 = core::Sm3Hex(*pdf);
  b.pdf_size = static_cast<int64_t>(pdf->size());
  b.xlsx_sm3 = core::Sm3Hex(*xlsx);
  b.xlsx_size = static_cast<int64_t>(xlsx->size());
  std::vector<std::string> stored;
  auto discard = [&] {
    for (const auto& key : stored) (void)ctx.files->Remove(key);
  };
  for (auto [bytes, key] : {std::pair{&*pdf, &b.pdf_key}, std::pair{&*xlsx, &b.xlsx_key}}) {
    auto put = ctx.files->Put(*bytes);
    if (!put) {
      discard();
      return ErrorResponse(put.error(), req);
    }
    *key = *put;
    stored.push_back(*put);
  }
  const auth::Principal& who = CurrentUser(req);
  b.created_by = who.user_id;
  b.created_at = core::FormatTimestamp(ctx.clock.Now());
  auto made = ctx.db.WriteValue<store::Briefing>([&](store::Connection& c) -> Result<store::Briefing> {
    auto m = store::CreateBriefing(c, b);
    if (!m) return m;
    store::AuditEntry e = AuditOf(ctx, req, &who, "briefing.publish", "briefing", std::to_string(m->id));
    e.changes = json{{"year", m->year},
                     {"month", m->month},
                     {"issue_number", m->issue_number},
                     {"pdf_sm3", m->pdf_sm3},
                     {"xlsx_sm3", m->xlsx_sm3}}
                    .dump();
    GJ_FAIL_IF_ERROR(Record(c, ctx, std::move(e)));
    return m;
  });
  if (!made) {
    discard();
    return ErrorResponse(made.error(), req);
  }
  http::Response r = JsonResponse(201, BriefingJson(*made));
  r.SetHeader("Location", "/api/briefings/" + std::to_string(made->id));
  return r;
}

Result<store::Briefing> Load(const ApiContext& ctx, http::Request& req) {
  GJ_FAIL_IF_ERROR(BusinessAccess(req, auth::Action::kBusinessRead));
  auto id = PathId(req);
  if (!id) return core::Fail(Status::NotFound("briefing_not_found"));
  return ctx.db.ReadValue<store::Briefing>([&](store::Connection& c) { return store::GetBriefing(c, *id); });
}

}  // namespace

void AddBriefingRoutes(http::Router& router, const ApiContext& ctx) {
  router.Add("GET", "/api/briefings", [&ctx](http::Request& r) { return List(ctx, r); });
  router.Add("POST", "/api/briefings", [&ctx](http::Request& r) { return Publish(ctx, r); });
  router.Add("GET", "/api/briefings/preview", [&ctx](http::Request& r) { return Preview(ctx, r); });
  router.Add("GET", "/api/briefings/{id}", [&ctx](http::Request& r) {
    auto b = Load(ctx, r);
    if (!b) return ErrorResponse(b.error(), r);
    return JsonResponse(200, BriefingJson(*b));
  });
  router.Add("GET", "/api/briefings/{id}/pdf", [&ctx](http::Request& r) {
    auto b = Load(ctx, r);
    if (!b) return ErrorResponse(b.error(), r);
    return FileResponse(ctx, r, b->pdf_key, "application/pdf", FileName(*b, "pdf"));
  });
  router.Add("GET", "/api/briefings/{id}/xlsx", [&ctx](http::Request& r) {
    auto b = Load(ctx, r);
    if (!b) return ErrorResponse(b.error(), r);
    return FileResponse(ctx, r, b->xlsx_key, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        FileName(*b, "xlsx"));
  });
}

}  // namespace gongjian::api
