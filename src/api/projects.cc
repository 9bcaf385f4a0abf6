#include "api/projects.h"

#include <cmath>

#include <nlohmann/json.hpp>

#include "api/json_input.h"
#include "api/respond.h"
#include "api/session.h"
#include "api/warnings.h"
#include "domain/text.h"
#include "store/warning_repository.h"

namespace gongjian::api {
namespace {

using core::Result;
using core::Status;
using domain::Project;
using nlohmann::json;
using store::ProjectView;

constexpr std::string_view kLevels = "provincial, municipal, district, general";
constexpr std::string_view kCategories = "industry, infrastructure, livelihood, ecology, social, platform";
constexpr std::string_view kNatures = "new, expansion, renovation, relocation, restoration";
constexpr std::string_view kRegimes = "approval, ratification, filing";
constexpr std::string_view kSubjects = "state, private, foreign, government";
constexpr std::string_view kFundSources =
    "government, special_bond, central_budget, bank_loan, social_capital, ppp, industry_fund";
constexpr std::string_view kStages =
    "planning, reserve, preparation, construction, completed, production, suspended, withdrawn";
constexpr std::string_view kColours = "red, yellow, green";
constexpr std::string_view kActions =
    "submit, pass_initial_review, pass_final_review, reject_review, start_preparation, start_construction, complete,"
    " start_production, suspend, resume, withdraw, restore";

// The fields a client may set on a project.
#define GJ_PROJECT_FIELDS                                                                                          \
  "national_code", "name", "short_name", "level", "category", "industry", "nature", "regime", "subject",            \
      "town_org_id", "address", "longitude", "latitude", "content", "total_investment", "funds", "planned_start",  \
      "planned_completion", "actual_start", "actual_completion", "owner_org_id", "responsible_org_ids",            \
      "agency_org_id", "leader_user_id", "contacts", "tags", "remarks", "registered_on"

json OptJson(const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); }
json OptJson(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }
json OptJson(const std::optional<domain::Date>& v) { return v ? json(v->ToString()) : json(nullptr); }

// The fields a list shows.
json SummaryJson(const ProjectView& v, int year) {
  const Project& p = v.project;
  auto kind = domain::ConstructionKindOf(p, year);
  return {{"id", p.id},
          {"national_code", p.national_code},
          {"name", p.name},
          {"short_name", p.short_name},
          {"level", domain::ProjectLevelName(p.level)},
          {"category", domain::ProjectCategoryName(p.category)},
          {"industry", p.industry},
          {"stage", domain::StageName(p.lifecycle.stage)},
          {"review", domain::ReviewName(p.lifecycle.review)},
          {"construction_kind", kind ? json(domain::ConstructionKindName(*kind)) : json(nullptr)},
          {"town_org_id", OptJson(p.town_org_id)},
          {"town_name", v.town_name},
          {"owner_org_id", OptJson(p.owner_org_id)},
          {"owner_name", v.owner_name},
          {"leader_user_id", OptJson(p.leader_user_id)},
          {"leader_name", v.leader_name},
          {"total_investment", p.total_investment},
          {"planned_start", OptJson(p.planned_start)},
          {"planned_completion", OptJson(p.planned_completion)},
          {"tags", p.tags},
          {"longitude", OptJson(p.longitude)},
          {"latitude", OptJson(p.latitude)},
          {"updated_at", v.updated_at},
          {"warning_colour", v.warning_colour},
          {"version", p.version}};
}

// Every field, as the project page and the edit history need them.
json DetailJson(const ProjectView& v, int year) {
  const Project& p = v.project;
  json j = SummaryJson(v, year);
  json funds = json::array();
  for (const auto& f : p.funds) funds.push_back({{"source", domain::FundSourceName(f.source)}, {"amount", f.amount}});
  json responsible = json::array();
  for (size_t i = 0; i < p.responsible_org_ids.size(); ++i) {
    responsible.push_back({{"id", p.responsible_org_ids[i]},
                           {"name", i < v.responsible_names.size() ? v.responsible_names[i] : std::string()}});
  }
  j.update({{"nature", domain::ConstructionNatureName(p.nature)},
            {"regime", domain::ApprovalRegimeName(p.regime)},
            {"subject", domain::InvestmentSubjectName(p.subject)},
            {"address", p.address},
            {"content", p.content},
            {"funds", funds},
            {"actual_start", OptJson(p.actual_start)},
            {"actual_completion", OptJson(p.actual_completion)},
            {"registered_on", OptJson(p.registered_on)},
            {"responsible_org_ids", p.responsible_org_ids},
            {"responsible_orgs", responsible},
            {"agency_org_id", OptJson(p.agency_org_id)},
            {"agency_name", v.agency_name},
            {"contacts", p.contacts},
            {"remarks", p.remarks},
            {"resume_stage", p.lifecycle.resume_stage ? json(domain::StageName(*p.lifecycle.resume_stage)) : json(nullptr)},
            {"created_at", v.created_at}});
  return j;
}

// What the caller may do with the project now: edit, and which transitions.
json PageJson(const ProjectView& v, const auth::Principal& who, int year) {
  json j = DetailJson(v, year);
  json actions = json::array();
  for (auto a : domain::AllowedTransitions(v.project.lifecycle)) {
    auto needed = domain::IsReviewDecision(a) ? auth::Action::kProjectReview : auth::Action::kBusinessWrite;
    if (auth::Can(who, needed, {.kind = auth::Object::Kind::kBusiness}) == auth::Decision::kAllow) {
      actions.push_back(domain::TransitionActionName(a));
    }
  }
  j["allowed_actions"] = actions;
  j["can_edit"] = auth::Can(who, auth::Action::kBusinessWrite, {.kind = auth::Object::Kind::kBusiness}) ==
                  auth::Decision::kAllow;
  return j;
}

template <typename E>
Status EnumField(const JsonInput& in, const char* field, std::optional<E> (*parse)(std::string_view),
                 std::string_view choices, E& out) {
  auto text = in.String(field);
  if (!text) return text.error();
  if (!in.Has(field)) return Status::Ok();
  if (!*text) return Status::Invalid(field, "required");
  auto v = parse(**text);
  if (!v) return Status::Invalid(field, "invalid_enum", {std::string(choices)});
  out = *v;
  return Status::Ok();
}

Status TextField(const JsonInput& in, const char* field, std::string& out) {
  auto text = in.String(field);
  if (!text) return text.error();
  if (in.Has(field)) out = text->value_or("");
  return Status::Ok();
}

Status IdField(const JsonInput& in, const char* field, std::optional<int64_t>& out) {
  auto v = in.Int(field);
  if (!v) return v.error();
  if (in.Has(field)) out = *v;
  return Status::Ok();
}

Status DateField(const JsonInput& in, const char* field, std::optional<domain::Date>& out) {
  auto text = in.String(field);
  if (!text) return text.error();
  if (!in.Has(field)) return Status::Ok();
  if (!*text || (*text)->empty()) {
    out.reset();
    return Status::Ok();
  }
  auto d = domain::ParseDate(**text);
  if (!d) return Status::Invalid(field, "date_format");
  out = *d;
  return Status::Ok();
}

Status RealField(const JsonInput& in, const char* field, std::optional<double>& out) {
  if (!in.Has(field)) return Status::Ok();
  const json& v = in.Raw().at(field);
  if (v.is_null()) {
    out.reset();
    return Status::Ok();
  }
  if (!v.is_number()) return Status::Invalid(field, "wrong_type_number");
  out = v.get<double>();
  return Status::Ok();
}

Status MoneyField(const JsonInput& in, const char* field, domain::Fen& out) {
  auto v = in.Int(field);
  if (!v) return v.error();
  if (!in.Has(field)) return Status::Ok();
  if (!*v) return Status::Invalid(field, "required");
  out = **v;
  return Status::Ok();
}

Status FundsField(const JsonInput& in, std::vector<domain::FundShare>& out) {
  if (!in.Has("funds")) return Status::Ok();
  const json& v = in.Raw().at("funds");
  out.clear();
  if (v.is_null()) return Status::Ok();
  if (!v.is_array()) return Status::Invalid("funds", "wrong_type_funds");
  if (v.size() > 20) return Status::Invalid("funds", "too_many", {"20"});
  for (const auto& item : v) {
    if (!item.is_object() || !item.contains("source") || !item.contains("amount") || item.size() != 2 ||
        !item["source"].is_string() || !item["amount"].is_number_integer()) {
      return Status::Invalid("funds", "wrong_type_funds");
    }
    auto source = domain::ParseFundSource(item["source"].get<std::string>());
    if (!source) return Status::Invalid("funds", "invalid_enum", {std::string(kFundSources)});
    if (item["amount"].is_number_unsigned() && item["amount"].get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
      return Status::Invalid("funds", "money_too_large");
    }
    out.push_back({*source, item["amount"].get<int64_t>()});
  }
  return Status::Ok();
}

Status TagsField(const JsonInput& in, std::vector<std::string>& out) {
  if (!in.Has("tags")) return Status::Ok();
  const json& v = in.Raw().at("tags");
  out.clear();
  if (v.is_null()) return Status::Ok();
  if (!v.is_array()) return Status::Invalid("tags", "wrong_type_string_list");
  if (v.size() > domain::kMaxTags) return Status::Invalid("tags", "too_many_tags", {std::to_string(domain::kMaxTags)});
  for (const auto& t : v) {
    if (!t.is_string()) return Status::Invalid("tags", "wrong_type_string_list");
    out.push_back(t.get<std::string>());
  }
  return Status::Ok();
}

// Overlays the fields present in `in` on `p`. Absent fields keep their value; null clears
// optional ones.
Status ReadProject(const JsonInput& in, Project& p) {
  GJ_RETURN_IF_ERROR(TextField(in, "national_code", p.national_code));
  GJ_RETURN_IF_ERROR(TextField(in, "name", p.name));
  GJ_RETURN_IF_ERROR(TextField(in, "short_name", p.short_name));
  GJ_RETURN_IF_ERROR(EnumField(in, "level", domain::ParseProjectLevel, kLevels, p.level));
  GJ_RETURN_IF_ERROR(EnumField(in, "category", domain::ParseProjectCategory, kCategories, p.category));
  GJ_RETURN_IF_ERROR(TextField(in, "industry", p.industry));
  GJ_RETURN_IF_ERROR(EnumField(in, "nature", domain::ParseConstructionNature, kNatures, p.nature));
  GJ_RETURN_IF_ERROR(EnumField(in, "regime", domain::ParseApprovalRegime, kRegimes, p.regime));
  GJ_RETURN_IF_ERROR(EnumField(in, "subject", domain::ParseInvestmentSubject, kSubjects, p.subject));
  GJ_RETURN_IF_ERROR(IdField(in, "town_org_id", p.town_org_id));
  GJ_RETURN_IF_ERROR(TextField(in, "address", p.address));
  GJ_RETURN_IF_ERROR(RealField(in, "longitude", p.longitude));
  GJ_RETURN_IF_ERROR(RealField(in, "latitude", p.latitude));
  GJ_RETURN_IF_ERROR(TextField(in, "content", p.content));
  GJ_RETURN_IF_ERROR(MoneyField(in, "total_investment", p.total_investment));
  GJ_RETURN_IF_ERROR(FundsField(in, p.funds));
  GJ_RETURN_IF_ERROR(DateField(in, "planned_start", p.planned_start));
  GJ_RETURN_IF_ERROR(DateField(in, "planned_completion", p.planned_completion));
  GJ_RETURN_IF_ERROR(DateField(in, "actual_start", p.actual_start));
  GJ_RETURN_IF_ERROR(DateField(in, "actual_completion", p.actual_completion));
  GJ_RETURN_IF_ERROR(DateField(in, "registered_on", p.registered_on));
  GJ_RETURN_IF_ERROR(IdField(in, "owner_org_id", p.owner_org_id));
  if (in.Has("responsible_org_ids")) {
    auto ids = in.IntList("responsible_org_ids");
    if (!ids) return ids.error();
    p.responsible_org_ids = *ids;
  }
  GJ_RETURN_IF_ERROR(IdField(in, "agency_org_id", p.agency_org_id));
  GJ_RETURN_IF_ERROR(IdField(in, "leader_user_id", p.leader_user_id));
  GJ_RETURN_IF_ERROR(TextField(in, "contacts", p.contacts));
  GJ_RETURN_IF_ERROR(TagsField(in, p.tags));
  GJ_RETURN_IF_ERROR(TextField(in, "remarks", p.remarks));
  return Status::Ok();
}

// Checks what needs today's date: statistics registration cannot lie in the future.
Status CheckDates(const Project& p, domain::Date today) {
  if (p.registered_on && *p.registered_on > today) return Status::Invalid("registered_on", "date_in_future");
  return Status::Ok();
}

// Recomputes the project's warnings after a change in the caller's transaction and puts the
// new colour in `view`, so the answer shows the light the change caused.
Status RecomputeInto(const ApiContext& ctx, store::Connection& c, ProjectView& view) {
  GJ_RETURN_IF_ERROR(RecomputeWarnings(ctx, c, view.project.id));
  auto row = c.Query("SELECT warning_colour FROM projects WHERE id = $1", {view.project.id});
  if (!row) return row.error();
  if (!row->empty()) view.warning_colour = row->First().Text("warning_colour");
  return Status::Ok();
}

// Fields that must be given when a project is created.
Status RequireCreateFields(const JsonInput& in) {
  for (const char* field : {"name", "level", "category", "nature", "regime", "subject", "owner_org_id"}) {
    if (!in.Has(field) || in.IsNull(field)) return Status::Invalid(field, "required");
  }
  return Status::Ok();
}

// {field: [before, after]} for the editable fields that differ.
json Changes(const json& before, const json& after) {
  json out = json::object();
  for (const char* field : {GJ_PROJECT_FIELDS}) {
    if (before.contains(field) && after.contains(field) && before[field] != after[field]) {
      out[field] = json::array({before[field], after[field]});
    }
  }
  return out;
}

// Parses a comma-separated list of stage names.
Result<std::vector<domain::Stage>> StagesQuery(const http::Request& req) {
  std::vector<domain::Stage> out;
  auto raw = req.Query("stage");
  if (!raw || raw->empty()) return out;
  std::string_view rest = *raw;
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string_view name = rest.substr(0, comma);
    auto stage = domain::ParseStage(name);
    if (!stage) return core::Fail(Status::Invalid("stage", "invalid_enum", {std::string(kStages)}));
    out.push_back(*stage);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  return out;
}

template <typename E>
Status EnumQuery(const http::Request& req, const char* name, std::optional<E> (*parse)(std::string_view),
                 std::string_view choices, std::optional<E>& out) {
  auto raw = req.Query(name);
  if (!raw || raw->empty()) return Status::Ok();
  out = parse(*raw);
  if (!out) return Status::Invalid(name, "invalid_enum", {std::string(choices)});
  return Status::Ok();
}

Status IdQuery(const http::Request& req, const char* name, std::optional<int64_t>& out) {
  if (!req.Query(name) || req.Query(name)->empty()) return Status::Ok();
  auto v = QueryInt(req, name, 0, 1, INT64_MAX);
  if (!v) return v.error();
  out = *v;
  return Status::Ok();
}

// Parses a comma-separated list of warning colours.
Result<std::vector<std::string>> ColoursQuery(const http::Request& req) {
  std::vector<std::string> out;
  auto raw = req.Query("warning");
  if (!raw || raw->empty()) return out;
  std::string_view rest = *raw;
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string_view name = rest.substr(0, comma);
    if (name != "red" && name != "yellow" && name != "green") {
      return core::Fail(Status::Invalid("warning", "invalid_enum", {std::string(kColours)}));
    }
    out.emplace_back(name);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  return out;
}

}  // namespace

Result<store::ProjectFilter> ReadProjectFilter(const http::Request& req) {
  store::ProjectFilter f;
  f.q = std::string(req.Query("q").value_or(""));
  if (f.q.size() > 200) return core::Fail(Status::Invalid("q", "too_long", {"200"}));
  auto stages = StagesQuery(req);
  if (!stages) return core::Fail(stages.error());
  f.stages = *stages;
  GJ_FAIL_IF_ERROR(EnumQuery(req, "category", domain::ParseProjectCategory, kCategories, f.category));
  GJ_FAIL_IF_ERROR(EnumQuery(req, "level", domain::ParseProjectLevel, kLevels, f.level));
  GJ_FAIL_IF_ERROR(IdQuery(req, "town_org_id", f.town_org_id));
  GJ_FAIL_IF_ERROR(IdQuery(req, "responsible_org_id", f.responsible_org_id));
  GJ_FAIL_IF_ERROR(IdQuery(req, "owner_org_id", f.owner_org_id));
  GJ_FAIL_IF_ERROR(IdQuery(req, "leader_user_id", f.leader_user_id));
  auto colours = ColoursQuery(req);
  if (!colours) return core::Fail(colours.error());
  f.warning_colours = *colours;
  f.tag = std::string(req.Query("tag").value_or(""));
  if (req.Query("year") && !req.Query("year")->empty()) {
    auto year = QueryInt(req, "year", 0, 1900, 2199);
    if (!year) return core::Fail(year.error());
    f.year = static_cast<int>(*year);
  }
  return f;
}

Result<store::ProjectOrder> ReadProjectOrder(const http::Request& req) {
  store::ProjectOrder order;
  if (auto sort = req.Query("sort"); sort && !sort->empty()) {
    std::string_view key = *sort;
    order.descending = key.front() == '-';
    if (order.descending) key.remove_prefix(1);
    auto parsed = store::ParseProjectSort(key);
    if (!parsed) {
      return core::Fail(Status::Invalid("sort", "invalid_enum",
                                        {"id, name, total_investment, planned_start, planned_completion, "
                                         "updated_at, stage, level"}));
    }
    order.key = *parsed;
  }
  return order;
}

json ProjectDetailJson(const ProjectView& view, int year) { return DetailJson(view, year); }

store::Viewer ViewerOf(const http::Request& request) {
  const auth::Principal& who = CurrentUser(request);
  return {who.user_id, who.scope};
}

domain::Date Today(const ApiContext& ctx) {
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(ctx.clock.Now().time_since_epoch()).count();
  return domain::ChinaDate(secs);
}

Result<ProjectView> ProjectForAction(store::Connection& c, const http::Request& request, int64_t id,
                                     auth::Action action) {
  const auth::Principal& who = CurrentUser(request);
  // Administrators are refused before the query: business data does not exist for them.
  GJ_FAIL_IF_ERROR(auth::Authorize(who, auth::Action::kBusinessRead, {.kind = auth::Object::Kind::kBusiness}));
  auto view = store::GetProject(c, ViewerOf(request), id);
  if (!view) return view;
  GJ_FAIL_IF_ERROR(auth::Authorize(who, action, {.kind = auth::Object::Kind::kBusiness, .in_scope = true}));
  return view;
}

core::Status CheckOwningProject(store::Connection& c, const http::Request& request, int64_t project_id,
                                auth::Action action, const char* missing) {
  auto project = ProjectForAction(c, request, project_id, action);
  if (project) return Status::Ok();
  if (project.error().code() == core::Code::kNotFound) return Status::NotFound(missing);
  return project.error();
}

namespace {

http::Response List(const ApiContext& ctx, http::Request& req) {
  const auth::Principal& who = CurrentUser(req);
  if (Status s = auth::Authorize(who, auth::Action::kBusinessRead, {.kind = auth::Object::Kind::kBusiness}); !s.ok()) {
    return ErrorResponse(s, req);
  }
  auto page = QueryInt(req, "page", 1, 1, 1'000'000);
  if (!page) return ErrorResponse(page.error(), req);
  auto size = QueryInt(req, "page_size", 20, 1, 200);
  if (!size) return ErrorResponse(size.error(), req);
  auto filter = ReadProjectFilter(req);
  if (!filter) return ErrorResponse(filter.error(), req);
  auto order = ReadProjectOrder(req);
  if (!order) return ErrorResponse(order.error(), req);
  store::PageRequest paging{*page, *size};
  auto result = ctx.db.ReadValue<store::Page<ProjectView>>(
      [&](store::Connection& c) { return store::ListProjects(c, ViewerOf(req), *filter, *order, paging); });
  if (!result) return ErrorResponse(result.error(), req);
  int year = Today(ctx).year;
  json items = json::array();
  for (const auto& v : result->items) items.push_back(SummaryJson(v, year));
  return JsonResponse(200, {{"items", items}, {"total", result->total}, {"page", *page}, {"page_size", *size}});
}

http::Response Get(const ApiContext& ctx, http::Request& req) {
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("project_not_found"), req);
  std::vector<store::WarningRow> warnings;
  auto view = ctx.db.ReadValue<ProjectView>([&](store::Connection& c) -> Result<ProjectView> {
    auto v = ProjectForAction(c, req, *id, auth::Action::kBusinessRead);
    if (!v) return v;
    auto w = store::ListWarnings(c, *id);
    if (!w) return core::Fail(w.error());
    warnings = std::move(*w);
    return v;
  });
  if (!view) return ErrorResponse(view.error(), req);
  json page = PageJson(*view, CurrentUser(req), Today(ctx).year);
  json list = json::array();
  for (const auto& w : warnings) {
    list.push_back({{"rule_id", w.rule_id},
                    {"measure", w.measure},
                    {"colour", w.colour},
                    {"reason", w.reason},
                    {"value", w.value},
                    {"computed_at", w.computed_at}});
  }
  page["warnings"] = list;
  return VersionedResponse(200, page, view->project.version);
}

http::Response Create(const ApiContext& ctx, http::Request& req) {
  const auth::Principal& who = CurrentUser(req);
  if (Status s = auth::Authorize(who, auth::Action::kBusinessWrite, {.kind = auth::Object::Kind::kBusiness}); !s.ok()) {
    return ErrorResponse(s, req);
  }
  auto in = JsonInput::Parse(req, {GJ_PROJECT_FIELDS});
  if (!in) return ErrorResponse(in.error(), req);
  if (Status s = RequireCreateFields(*in); !s.ok()) return ErrorResponse(s, req);
  Project p;
  if (Status s = ReadProject(*in, p); !s.ok()) return ErrorResponse(s, req);
  if (Status s = CheckDates(p, Today(ctx)); !s.ok()) return ErrorResponse(s, req);
  std::string now = core::FormatTimestamp(ctx.clock.Now());
  int year = Today(ctx).year;
  auto created = ctx.db.WriteValue<ProjectView>([&](store::Connection& c) -> Result<ProjectView> {
    auto r = store::CreateProject(c, p, who.user_id, now);
    if (!r) return r;
    // A user may only create what they can see: the project must fall in their scope.
    auto visible = store::GetProject(c, ViewerOf(req), r->project.id);
    if (!visible) return core::Fail(Status::Invalid("owner_org_id", "org_out_of_scope"));
    GJ_FAIL_IF_ERROR(RecomputeInto(ctx, c, *r));
    store::AuditEntry e = AuditOf(ctx, req, &who, "project.create", "project", std::to_string(r->project.id));
    e.changes = json{{"after", DetailJson(*r, year)}}.dump();
    GJ_FAIL_IF_ERROR(Record(c, ctx, std::move(e)));
    return r;
  });
  if (!created) return ErrorResponse(created.error(), req);
  http::Response r = VersionedResponse(201, PageJson(*created, who, year), created->project.version);
  r.SetHeader("Location", "/api/projects/" + std::to_string(created->project.id));
  return r;
}

http::Response Update(const ApiContext& ctx, http::Request& req) {
  const auth::Principal& who = CurrentUser(req);
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("project_not_found"), req);
  auto in = JsonInput::Parse(req, {GJ_PROJECT_FIELDS});
  if (!in) return ErrorResponse(in.error(), req);
  std::string now = core::FormatTimestamp(ctx.clock.Now());
  int year = Today(ctx).year;
  auto updated = ctx.db.WriteValue<ProjectView>([&](store::Connection& c) -> Result<ProjectView> {
    auto before = ProjectForAction(c, req, *id, auth::Action::kBusinessWrite);
    if (!before) return before;
    auto version = IfMatchVersion(req);
    if (!version) return core::Fail(version.error());
    Project p = before->project;
    GJ_FAIL_IF_ERROR(ReadProject(*in, p));
    GJ_FAIL_IF_ERROR(CheckDates(p, Today(ctx)));
    auto r = store::UpdateProject(c, ViewerOf(req), p, *version, now);
    if (!r) return r;
    if (!store::GetProject(c, ViewerOf(req), *id)) return core::Fail(Status::Invalid("owner_org_id", "org_out_of_scope"));
    GJ_FAIL_IF_ERROR(RecomputeInto(ctx, c, *r));  // dates and registration feed the warnings
    json changes = Changes(DetailJson(*before, year), DetailJson(*r, year));
    store::ProjectEvent event;
    event.project_id = *id;
    event.kind = "edit";
    event.user_id = who.user_id;
    event.changes = changes.dump();
    event.created_at = now;
    auto appended = store::AppendProjectEvent(c, event);
    if (!appended) return core::Fail(appended.error());
    store::AuditEntry e = AuditOf(ctx, req, &who, "project.update", "project", std::to_string(*id));
    e.changes = changes.dump();
    GJ_FAIL_IF_ERROR(Record(c, ctx, std::move(e)));
    return r;
  });
  if (!updated) return ErrorResponse(updated.error(), req);
  return VersionedResponse(200, PageJson(*updated, who, year), updated->project.version);
}

struct TransitionInput {
  domain::TransitionAction action;
  std::string reason;
  std::optional<domain::Date> date;
  std::vector<int64_t> attachment_ids;
};

Result<TransitionInput> ReadTransition(const http::Request& req) {
  auto in = JsonInput::Parse(req, {"action", "reason", "date", "attachment_ids"});
  if (!in) return core::Fail(in.error());
  auto action_text = in->RequiredString("action");
  if (!action_text) return core::Fail(action_text.error());
  auto action = domain::ParseTransitionAction(*action_text);
  if (!action) return core::Fail(Status::Invalid("action", "invalid_enum", {std::string(kActions)}));
  TransitionInput t{*action, {}, {}, {}};
  GJ_FAIL_IF_ERROR(TextField(*in, "reason", t.reason));
  t.reason = domain::TrimSpaces(t.reason);
  if (domain::CodePoints(t.reason) > 1000) return core::Fail(Status::Invalid("reason", "too_long", {"1000"}));
  if (domain::TransitionNeedsReason(t.action) && t.reason.empty()) {
    return core::Fail(Status::Invalid("reason", "required"));
  }
  GJ_FAIL_IF_ERROR(DateField(*in, "date", t.date));
  auto ids = in->IntList("attachment_ids");
  if (!ids) return core::Fail(ids.error());
  if (ids->size() > 50) return core::Fail(Status::Invalid("attachment_ids", "too_many", {"50"}));
  t.attachment_ids = *ids;
  return t;
}

http::Response Transition(const ApiContext& ctx, http::Request& req) {
  const auth::Principal& who = CurrentUser(req);
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("project_not_found"), req);
  auto input = ReadTransition(req);
  if (!input) return ErrorResponse(input.error(), req);
  domain::Date today = Today(ctx);
  if (input->date && *input->date > today) return ErrorResponse(Status::Invalid("date", "date_in_future"), req);
  std::string now = core::FormatTimestamp(ctx.clock.Now());
  auto needed = domain::IsReviewDecision(input->action) ? auth::Action::kProjectReview : auth::Action::kBusinessWrite;
  auto moved = ctx.db.WriteValue<ProjectView>([&](store::Connection& c) -> Result<ProjectView> {
    auto before = ProjectForAction(c, req, *id, needed);
    if (!before) return before;
    auto version = IfMatchVersion(req);
    if (!version) return core::Fail(version.error());
    if (*version != before->project.version) {
      return core::Fail(Status(core::Code::kFailedPrecondition, "stale_version", "",
                               {std::to_string(before->project.version)}));
    }
    auto next = domain::ApplyTransition(before->project.lifecycle, input->action);
    if (!next) return core::Fail(next.error());
    Project p = before->project;
    p.lifecycle = *next;
    domain::Date effective = input->date.value_or(today);
    if (input->action == domain::TransitionAction::kStartConstruction) p.actual_start = effective;
    if (input->action == domain::TransitionAction::kComplete) p.actual_completion = effective;
    if (Status s = domain::ValidateProject(p); !s.ok()) {
      // The only field a transition changes is an actual date: blame the date given.
      return core::Fail(Status::Invalid("date", s.key(), s.args()));
    }
    auto r = store::SaveLifecycle(c, ViewerOf(req), p, *version, now);
    if (!r) return r;
    store::ProjectEvent event;
    event.project_id = *id;
    event.kind = "transition";
    event.action = std::string(domain::TransitionActionName(input->action));
    event.from = before->project.lifecycle;
    event.to = p.lifecycle;
    event.reason = input->reason;
    event.date = effective;
    event.user_id = who.user_id;
    event.created_at = now;
    auto event_id = store::AppendProjectEvent(c, event);
    if (!event_id) return core::Fail(event_id.error());
    GJ_FAIL_IF_ERROR(store::BindAttachments(c, *id, *event_id, input->attachment_ids));
    GJ_FAIL_IF_ERROR(RecomputeInto(ctx, c, *r));  // a start, a suspension or a withdrawal changes them
    store::AuditEntry e = AuditOf(ctx, req, &who, "project.transition", "project", std::to_string(*id));
    e.changes = json{{"action", event.action},
                     {"from", domain::StageName(before->project.lifecycle.stage)},
                     {"to", domain::StageName(p.lifecycle.stage)},
                     {"reason", input->reason},
                     {"date", effective.ToString()}}
                    .dump();
    GJ_FAIL_IF_ERROR(Record(c, ctx, std::move(e)));
    return r;
  });
  if (!moved) return ErrorResponse(moved.error(), req);
  return VersionedResponse(200, PageJson(*moved, who, today.year), moved->project.version);
}

json StateJson(const std::optional<domain::LifecycleState>& s, bool review) {
  if (!s) return nullptr;
  return review ? json(domain::ReviewName(s->review)) : json(domain::StageName(s->stage));
}

http::Response Events(const ApiContext& ctx, http::Request& req) {
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("project_not_found"), req);
  struct Timeline {
    std::vector<store::ProjectEvent> events;
    std::vector<store::Attachment> attachments;
  };
  auto timeline = ctx.db.ReadValue<Timeline>([&](store::Connection& c) -> Result<Timeline> {
    auto view = ProjectForAction(c, req, *id, auth::Action::kBusinessRead);
    if (!view) return core::Fail(view.error());
    auto events = store::ListProjectEvents(c, *id);
    if (!events) return core::Fail(events.error());
    auto attachments = store::ListAttachments(c, *id);
    if (!attachments) return core::Fail(attachments.error());
    return Timeline{std::move(*events), std::move(*attachments)};
  });
  if (!timeline) return ErrorResponse(timeline.error(), req);
  json items = json::array();
  for (const auto& e : timeline->events) {
    json files = json::array();
    for (const auto& a : timeline->attachments) {
      if (a.event_id == e.id) files.push_back({{"id", a.id}, {"filename", a.filename}, {"content_type", a.content_type}});
    }
    json changes = json::parse(e.changes, nullptr, false);
    items.push_back({{"id", e.id},
                     {"kind", e.kind},
                     {"action", e.action},
                     {"from_stage", StateJson(e.from, false)},
                     {"from_review", StateJson(e.from, true)},
                     {"to_stage", StateJson(e.to, false)},
                     {"to_review", StateJson(e.to, true)},
                     {"reason", e.reason},
                     {"date", OptJson(e.date)},
                     {"user_id", OptJson(e.user_id)},
                     {"user_name", e.user_name},
                     {"created_at", e.created_at},
                     {"changes", changes.is_discarded() ? json::object() : changes},
                     {"attachments", files}});
  }
  return JsonResponse(200, {{"items", items}});
}

http::Response Leaders(const ApiContext& ctx, http::Request& req) {
  const auth::Principal& who = CurrentUser(req);
  if (Status s = auth::Authorize(who, auth::Action::kBusinessRead, {.kind = auth::Object::Kind::kBusiness}); !s.ok()) {
    return ErrorResponse(s, req);
  }
  auto leaders = ctx.db.ReadValue<std::vector<store::NamedUser>>(
      [&](store::Connection& c) { return store::ListLeaders(c); });
  if (!leaders) return ErrorResponse(leaders.error(), req);
  json items = json::array();
  for (const auto& l : *leaders) items.push_back({{"id", l.id}, {"display_name", l.display_name}});
  return JsonResponse(200, {{"items", items}});
}

}  // namespace

void AddProjectRoutes(http::Router& router, const ApiContext& ctx) {
  router.Add("GET", "/api/projects", [&ctx](http::Request& r) { return List(ctx, r); });
  router.Add("POST", "/api/projects", [&ctx](http::Request& r) { return Create(ctx, r); });
  router.Add("GET", "/api/projects/{id}", [&ctx](http::Request& r) { return Get(ctx, r); });
  router.Add("PATCH", "/api/projects/{id}", [&ctx](http::Request& r) { return Update(ctx, r); });
  router.Add("POST", "/api/projects/{id}/transitions", [&ctx](http::Request& r) { return Transition(ctx, r); });
  router.Add("GET", "/api/projects/{id}/events", [&ctx](http::Request& r) { return Events(ctx, r); });
  router.Add("GET", "/api/leaders", [&ctx](http::Request& r) { return Leaders(ctx, r); });
}

}  // namespace gongjian::api
