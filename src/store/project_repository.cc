#include "store/project_repository.h"

#include <algorithm>
#include <map>
#include <set>

#include "domain/org.h"
#include "domain/text.h"
#include "store/like.h"
#include "store/scope.h"
#include "store/where.h"

namespace gongjian::store {
namespace {

using domain::Project;

constexpr std::string_view kSelect =
    "SELECT p.id, p.region_code, p.national_code, p.name, p.short_name, p.level, p.category, p.industry,"
    " p.nature, p.regime, p.subject, p.town_org_id, p.address, p.longitude, p.latitude, p.content,"
    " p.total_investment, p.planned_start, p.planned_completion, p.actual_start, p.actual_completion,"
    " p.owner_org_id, p.agency_org_id, p.leader_user_id, p.contacts, p.remarks, p.stage, p.review,"
    " p.resume_stage, p.resume_review, p.version, p.created_at, p.updated_at, p.warning_colour, p.registered_on,"
    " t.name AS town_name, o.name AS owner_name, a.name AS agency_name, u.display_name AS leader_name"
    " FROM projects p LEFT JOIN orgs t ON t.id = p.town_org_id LEFT JOIN orgs o ON o.id = p.owner_org_id"
    " LEFT JOIN orgs a ON a.id = p.agency_org_id LEFT JOIN users u ON u.id = p.leader_user_id";

std::optional<double> OptReal(const RowRef& r, std::string_view column) {
  if (r.IsNull(column)) return std::nullopt;
  return r.Real(column);
}

std::optional<domain::Date> OptDate(const RowRef& r, std::string_view column) {
  auto text = r.OptText(column);
  if (!text) return std::nullopt;
  return domain::ParseDate(*text);
}

Value DateValue(const std::optional<domain::Date>& d) { return d ? Value(d->ToString()) : Null(); }

template <typename E>
std::string Name(std::string_view (*name)(E), E v) {
  return std::string(name(v));
}

ProjectView FromRow(const RowRef& r) {
  ProjectView v;
  Project& p = v.project;
  p.id = r.Int("id");
  p.national_code = r.Text("national_code");
  p.name = r.Text("name");
  p.short_name = r.Text("short_name");
  p.level = domain::ParseProjectLevel(r.Text("level")).value_or(domain::ProjectLevel::kGeneral);
  p.category = domain::ParseProjectCategory(r.Text("category")).value_or(domain::ProjectCategory::kIndustry);
  p.industry = r.Text("industry");
  p.nature = domain::ParseConstructionNature(r.Text("nature")).value_or(domain::ConstructionNature::kNew);
  p.regime = domain::ParseApprovalRegime(r.Text("regime")).value_or(domain::ApprovalRegime::kFiling);
  p.subject = domain::ParseInvestmentSubject(r.Text("subject")).value_or(domain::InvestmentSubject::kState);
  p.town_org_id = r.OptInt("town_org_id");
  p.address = r.Text("address");
  p.longitude = OptReal(r, "longitude");
  p.latitude = OptReal(r, "latitude");
  p.content = r.Text("content");
  p.total_investment = r.Int("total_investment");
  p.planned_start = OptDate(r, "planned_start");
  p.planned_completion = OptDate(r, "planned_completion");
  p.actual_start = OptDate(r, "actual_start");
  p.actual_completion = OptDate(r, "actual_completion");
  p.registered_on = OptDate(r, "registered_on");
  p.owner_org_id = r.OptInt("owner_org_id");
  p.agency_org_id = r.OptInt("agency_org_id");
  p.leader_user_id = r.OptInt("leader_user_id");
  p.contacts = r.Text("contacts");
  p.remarks = r.Text("remarks");
  p.lifecycle.stage = domain::ParseStage(r.Text("stage")).value_or(domain::Stage::kPlanning);
  p.lifecycle.review = domain::ParseReview(r.Text("review")).value_or(domain::Review::kNone);
  if (auto s = r.OptText("resume_stage")) p.lifecycle.resume_stage = domain::ParseStage(*s);
  p.lifecycle.resume_review = domain::ParseReview(r.Text("resume_review")).value_or(domain::Review::kNone);
  p.version = r.Int("version");
  v.created_at = r.Text("created_at");
  v.updated_at = r.Text("updated_at");
  v.town_name = r.Text("town_name");
  v.owner_name = r.Text("owner_name");
  v.agency_name = r.Text("agency_name");
  v.leader_name = r.Text("leader_name");
  v.warning_colour = r.Text("warning_colour");
  return v;
}

// Loads funds (unless `funds` is false), responsible units and tags for the projects whose ids
// `id_set` selects ("IN (…)" text with its parameters) and attaches them to `views`, which are
// keyed by id.
Status LoadChildren(Connection& c, const std::string& id_set, const Params& params, std::vector<ProjectView>& views,
                    bool funds = true) {
  std::map<int64_t, ProjectView*> by_id;
  for (auto& v : views) by_id[v.project.id] = &v;
  if (funds) {
    auto rows = c.Query("SELECT project_id, source, amount FROM project_funds WHERE project_id " + id_set +
                            " ORDER BY project_id, position",
                        params);
    if (!rows) return rows.error();
    for (size_t i = 0; i < rows->size(); ++i) {
      auto row = rows->Row(i);
      auto it = by_id.find(row.Int("project_id"));
      auto source = domain::ParseFundSource(row.Text("source"));
      if (it == by_id.end() || !source) continue;
      it->second->project.funds.push_back({*source, row.Int("amount")});
    }
  }
  auto orgs = c.Query("SELECT po.project_id, po.org_id, g.name FROM project_orgs po JOIN orgs g ON g.id = po.org_id"
                      " WHERE po.relation = 'responsible' AND po.project_id " + id_set +
                          " ORDER BY po.project_id, po.position",
                      params);
  if (!orgs) return orgs.error();
  for (size_t i = 0; i < orgs->size(); ++i) {
    auto row = orgs->Row(i);
    auto it = by_id.find(row.Int("project_id"));
    if (it == by_id.end()) continue;
    it->second->project.responsible_org_ids.push_back(row.Int("org_id"));
    it->second->responsible_names.push_back(row.Text("name"));
  }
  auto tags = c.Query("SELECT project_id, tag FROM project_tags WHERE project_id " + id_set +
                          " ORDER BY project_id, position",
                      params);
  if (!tags) return tags.error();
  for (size_t i = 0; i < tags->size(); ++i) {
    auto row = tags->Row(i);
    auto it = by_id.find(row.Int("project_id"));
    if (it != by_id.end()) it->second->project.tags.push_back(row.Text("tag"));
  }
  return Status::Ok();
}

void AddScope(Where& w, const Viewer& viewer) {
  std::string u = w.Param(viewer.user_id);
  w.Add(ProjectScopeSql(viewer, std::stoi(u.substr(1))));
}

// Splits the query on spaces; each term must occur somewhere in the project's text.
void AddSearch(Where& w, Engine engine, const std::string& q) {
  std::vector<std::string> terms;
  std::string term;
  for (char ch : q + " ") {
    if (ch == ' ' || ch == '\t' || ch == '\n') {
      if (!term.empty()) terms.push_back(term);
      term.clear();
    } else {
      term += ch;
    }
  }
  std::string phrases;
  for (const auto& t : terms) {
    // The trigram index answers terms of three characters or more; shorter ones are
    // matched by LIKE over the same text (PostgreSQL's trigram index serves both).
    if (engine == Engine::kSqlite && domain::CodePoints(t) >= 3) {
      std::string quoted = "\"";
      for (char ch : t) quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
      phrases += (phrases.empty() ? "" : " ") + quoted + "\"";
    } else if (engine == Engine::kSqlite && std::any_of(t.begin(), t.end(), [](char ch) { return ch & 0x80; })) {
      // Chinese has no case: instr() compares bytes, twice as fast as LIKE's folding.
      std::string n = w.Param(t);
      w.Add("(instr(p.name, " + n + ") > 0 OR instr(p.short_name, " + n + ") > 0 OR instr(p.content, " + n +
            ") > 0 OR instr(p.address, " + n + ") > 0)");
    } else if (engine == Engine::kSqlite) {
      w.Add("(p.name || ' ' || p.short_name || ' ' || p.content || ' ' || p.address || ' ' || p.national_code)"
            " LIKE " + w.Param(LikeContains(t)) + " ESCAPE '\\'");
    } else {
      w.Add("p.search_text ILIKE " + w.Param(LikeContains(t)) + " ESCAPE '\\'");
    }
  }
  if (!phrases.empty()) {
    w.Add("p.id IN (SELECT rowid FROM project_fts WHERE project_fts MATCH " + w.Param(phrases) + ")");
  }
}

Where BuildWhere(Engine engine, const Viewer& viewer, const ProjectFilter& f) {
  Where w;
  AddScope(w, viewer);
  if (!f.q.empty()) AddSearch(w, engine, f.q);
  if (!f.stages.empty()) {
    std::string in;
    for (auto s : f.stages) in += (in.empty() ? "" : ", ") + w.Param(Name(domain::StageName, s));
    w.Add("p.stage IN (" + in + ")");
  }
  if (f.category) w.Add("p.category = " + w.Param(Name(domain::ProjectCategoryName, *f.category)));
  if (f.level) w.Add("p.level = " + w.Param(Name(domain::ProjectLevelName, *f.level)));
  if (f.town_org_id) w.Add("p.town_org_id = " + w.Param(*f.town_org_id));
  if (f.owner_org_id) w.Add("p.owner_org_id = " + w.Param(*f.owner_org_id));
  if (f.leader_user_id) w.Add("p.leader_user_id = " + w.Param(*f.leader_user_id));
  if (f.responsible_org_id) {
    w.Add("p.id IN (SELECT project_id FROM project_orgs WHERE relation = 'responsible' AND org_id = " +
          w.Param(*f.responsible_org_id) + ")");
  }
  if (!f.tag.empty()) w.Add("p.id IN (SELECT project_id FROM project_tags WHERE tag = " + w.Param(f.tag) + ")");
  if (!f.warning_colours.empty()) {
    std::string in;
    for (const auto& colour : f.warning_colours) in += (in.empty() ? "" : ", ") + w.Param(colour);
    w.Add("p.warning_colour IN (" + in + ")");
  }
  if (f.year) {
    std::string year = std::to_string(*f.year);
    w.Add("p.planned_start <= " + w.Param(year + "-12-31") + " AND (p.planned_completion IS NULL OR " +
          "p.planned_completion >= " + w.Param(year + "-01-01") + ")");
  }
  return w;
}

std::string OrderBy(const ProjectOrder& order) {
  std::string dir = order.descending ? " DESC" : " ASC";
  std::string key;
  switch (order.key) {
    case ProjectSort::kId: return " ORDER BY p.id" + dir;
    case ProjectSort::kName: key = "p.name"; break;
    case ProjectSort::kTotalInvestment: key = "p.total_investment"; break;
    case ProjectSort::kUpdatedAt: key = "p.updated_at"; break;
    case ProjectSort::kPlannedStart: return " ORDER BY (p.planned_start IS NULL), p.planned_start" + dir + ", p.id" + dir;
    case ProjectSort::kPlannedCompletion:
      return " ORDER BY (p.planned_completion IS NULL), p.planned_completion" + dir + ", p.id" + dir;
    case ProjectSort::kStage:
      key = "CASE p.stage WHEN 'planning' THEN 1 WHEN 'reserve' THEN 2 WHEN 'preparation' THEN 3"
            " WHEN 'construction' THEN 4 WHEN 'completed' THEN 5 WHEN 'production' THEN 6"
            " WHEN 'suspended' THEN 7 ELSE 8 END";
      break;
    case ProjectSort::kLevel:
      key = "CASE p.level WHEN 'provincial' THEN 1 WHEN 'municipal' THEN 2 WHEN 'district' THEN 3 ELSE 4 END";
      break;
  }
  return " ORDER BY " + key + dir + ", p.id" + dir;
}

std::vector<ProjectView> Views(const ResultSet& rows) {
  std::vector<ProjectView> out;
  out.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) out.push_back(FromRow(rows.Row(i)));
  return out;
}

// Checks that the organisations and the leader a project names exist and have a kind
// that fits their relation.
Status CheckReferences(Connection& c, const Project& p) {
  struct Ref {
    const char* field;
    std::optional<int64_t> id;
    std::vector<domain::OrgKind> kinds;  // empty: any kind
  };
  using K = domain::OrgKind;
  std::vector<Ref> refs = {{"owner_org_id", p.owner_org_id, {}},
                           {"town_org_id", p.town_org_id, {K::kTown}},
                           {"agency_org_id", p.agency_org_id, {}}};
  for (int64_t id : p.responsible_org_ids) refs.push_back({"responsible_org_ids", id, {K::kDepartment, K::kTown, K::kPark}});
  for (const auto& ref : refs) {
    if (!ref.id) continue;
    auto r = c.Query("SELECT kind FROM orgs WHERE id = $1", {*ref.id});
    if (!r) return r.error();
    if (r->empty()) return Status::Invalid(ref.field, "org_not_found", {std::to_string(*ref.id)});
    auto kind = domain::ParseOrgKind(r->First().Text("kind"));
    if (!ref.kinds.empty() && (!kind || std::find(ref.kinds.begin(), ref.kinds.end(), *kind) == ref.kinds.end())) {
      return Status::Invalid(ref.field, "org_kind_mismatch", {std::to_string(*ref.id)});
    }
  }
  if (!p.owner_org_id) return Status::Invalid("owner_org_id", "required");
  if (p.leader_user_id) {
    auto r = c.Query("SELECT 1 AS ok FROM user_roles WHERE user_id = $1 AND role = 'leader'", {*p.leader_user_id});
    if (!r) return r.error();
    if (r->empty()) return Status::Invalid("leader_user_id", "leader_not_found");
  }
  return Status::Ok();
}

Status CodeTakenOr(Status s) {
  if (s.code() == core::Code::kConflict && s.key() == "duplicate") {
    return Status::Conflict("national_code_taken", "national_code").WithDetail(s.detail());
  }
  return s;
}

// Brings the project's related organisations (project_orgs) to what `p` names, writing only the
// rows that change: an edit that keeps them (a remark, a contact, a new name) then moves neither
// the cockpit's cache generation nor its organisations' cells (migration 0024), whose triggers
// follow these rows. A repeated (relation, organisation) keeps its first position.
Status WriteRelations(Connection& c, const Project& p) {
  std::map<std::pair<std::string, int64_t>, int64_t> want;  // (relation, org) -> position
  if (p.owner_org_id) want.emplace(std::make_pair(std::string("owner"), *p.owner_org_id), 0);
  if (p.town_org_id) want.emplace(std::make_pair(std::string("town"), *p.town_org_id), 0);
  if (p.agency_org_id) want.emplace(std::make_pair(std::string("agency"), *p.agency_org_id), 0);
  for (size_t i = 0; i < p.responsible_org_ids.size(); ++i) {
    want.emplace(std::make_pair(std::string("responsible"), p.responsible_org_ids[i]), static_cast<int64_t>(i));
  }
  auto have = c.Query("SELECT relation, org_id, position FROM project_orgs WHERE project_id = $1", {p.id});
  if (!have) return have.error();
  for (size_t i = 0; i < have->size(); ++i) {
    auto row = have->Row(i);
    const std::pair<std::string, int64_t> key{row.Text("relation"), row.Int("org_id")};
    auto wanted = want.find(key);
    Result<size_t> r = size_t{0};
    if (wanted == want.end()) {
      r = c.Exec("DELETE FROM project_orgs WHERE project_id = $1 AND relation = $2 AND org_id = $3",
                 {p.id, key.first, key.second});
    } else if (wanted->second != row.Int("position")) {
      r = c.Exec("UPDATE project_orgs SET position = $4 WHERE project_id = $1 AND relation = $2 AND org_id = $3",
                 {p.id, key.first, key.second, wanted->second});
    }
    if (!r) return r.error();
    if (wanted != want.end()) want.erase(wanted);
  }
  for (const auto& [key, position] : want) {
    auto r = c.Exec("INSERT INTO project_orgs (project_id, relation, org_id, position) VALUES ($1, $2, $3, $4)",
                    {p.id, key.first, key.second, position});
    if (!r) return r.error();
  }
  return Status::Ok();
}

// Rewrites the child rows (funds, related organisations, tags) of a project.
Status WriteChildren(Connection& c, const Project& p) {
  for (const char* table : {"project_funds", "project_tags"}) {
    auto r = c.Exec(std::string("DELETE FROM ") + table + " WHERE project_id = $1", {p.id});
    if (!r) return r.error();
  }
  for (size_t i = 0; i < p.funds.size(); ++i) {
    auto r = c.Exec("INSERT INTO project_funds (project_id, position, source, amount) VALUES ($1, $2, $3, $4)",
                    {p.id, static_cast<int64_t>(i), Name(domain::FundSourceName, p.funds[i].source), p.funds[i].amount});
    if (!r) return r.error();
  }
  GJ_RETURN_IF_ERROR(WriteRelations(c, p));
  for (size_t i = 0; i < p.tags.size(); ++i) {
    auto r = c.Exec("INSERT INTO project_tags (project_id, tag, position) VALUES ($1, $2, $3)",
                    {p.id, p.tags[i], static_cast<int64_t>(i)});
    if (!r) return r.error();
  }
  return Status::Ok();
}

Params FieldParams(const Project& p) {
  return {p.national_code,
          p.name,
          p.short_name,
          Name(domain::ProjectLevelName, p.level),
          Name(domain::ProjectCategoryName, p.category),
          p.industry,
          Name(domain::ConstructionNatureName, p.nature),
          Name(domain::ApprovalRegimeName, p.regime),
          Name(domain::InvestmentSubjectName, p.subject),
          Opt(p.town_org_id),
          p.address,
          Opt(p.longitude),
          Opt(p.latitude),
          p.content,
          p.total_investment,
          DateValue(p.planned_start),
          DateValue(p.planned_completion),
          DateValue(p.actual_start),
          DateValue(p.actual_completion),
          Opt(p.owner_org_id),
          Opt(p.agency_org_id),
          Opt(p.leader_user_id),
          p.contacts,
          p.remarks,
          DateValue(p.registered_on)};
}

constexpr std::string_view kFieldColumns =
    "national_code, name, short_name, level, category, industry, nature, regime, subject, town_org_id, address,"
    " longitude, latitude, content, total_investment, planned_start, planned_completion, actual_start,"
    " actual_completion, owner_org_id, agency_org_id, leader_user_id, contacts, remarks, registered_on";
constexpr int kFieldCount = 25;

Project Normalised(Project p) {
  p.name = domain::TrimSpaces(p.name);
  p.short_name = domain::TrimSpaces(p.short_name);
  p.national_code = domain::TrimSpaces(p.national_code);
  for (auto& t : p.tags) t = domain::TrimSpaces(t);
  return p;
}

Status StaleVersion(Connection& c, int64_t id) {
  auto r = c.Query("SELECT version FROM projects WHERE id = $1", {id});
  if (!r) return r.error();
  if (r->empty()) return Status::NotFound("project_not_found");
  return Status(core::Code::kFailedPrecondition, "stale_version", "", {std::to_string(r->First().Int("version"))});
}

// SQLite's trigram index is external-content: it is told what a row's text was before a
// change ("delete") and what it is after. PostgreSQL's index follows the table itself.
Status UnindexText(Connection& c, int64_t id) {
  if (c.engine() != Engine::kSqlite) return Status::Ok();
  auto r = c.Exec(
      "INSERT INTO project_fts (project_fts, rowid, name, short_name, content, address, national_code)"
      " SELECT 'delete', id, name, short_name, content, address, national_code FROM projects WHERE id = $1",
      {id});
  return r ? Status::Ok() : r.error();
}

Status IndexText(Connection& c, int64_t id) {
  if (c.engine() != Engine::kSqlite) return Status::Ok();
  auto r = c.Exec(
      "INSERT INTO project_fts (rowid, name, short_name, content, address, national_code)"
      " SELECT id, name, short_name, content, address, national_code FROM projects WHERE id = $1",
      {id});
  return r ? Status::Ok() : r.error();
}

std::string StateText(const std::optional<domain::Stage>& s) { return s ? std::string(domain::StageName(*s)) : ""; }

}  // namespace

std::optional<ProjectSort> ParseProjectSort(std::string_view name) {
  static const std::map<std::string_view, ProjectSort> kKeys = {
      {"id", ProjectSort::kId},
      {"name", ProjectSort::kName},
      {"total_investment", ProjectSort::kTotalInvestment},
      {"planned_start", ProjectSort::kPlannedStart},
      {"planned_completion", ProjectSort::kPlannedCompletion},
      {"updated_at", ProjectSort::kUpdatedAt},
      {"stage", ProjectSort::kStage},
      {"level", ProjectSort::kLevel}};
  auto it = kKeys.find(name);
  if (it == kKeys.end()) return std::nullopt;
  return it->second;
}

std::string ProjectScopeSql(const Viewer& viewer, int param) {
  if (viewer.scope == domain::ScopeKind::kAll) return ScopeCondition("p.owner_org_id", param, viewer.scope);
  const std::string u = "$" + std::to_string(param);
  return "(p.leader_user_id = " + u + " OR p.id IN (SELECT po.project_id FROM project_orgs po WHERE " +
         ScopeCondition("po.org_id", param, viewer.scope) + "))";
}

Result<Page<ProjectView>> ListProjects(Connection& c, const Viewer& viewer, const ProjectFilter& filter,
                                       const ProjectOrder& order, const PageRequest& page) {
  Where w = BuildWhere(c.engine(), viewer, filter);
  auto count = c.Query("SELECT COUNT(*) AS n FROM projects p" + w.Sql(), w.params());
  if (!count) return core::Fail(std::move(count.error()));
  Where paged = w;
  std::string limit = paged.Param(page.page_size);
  std::string offset = paged.Param(page.Offset());
  // The page's ids first, from the projects table alone (a covering index serves the
  // filters and the sort), then the 20 rows with their names.
  std::string page_ids = "SELECT p.id FROM projects p" + w.Sql() + OrderBy(order) + " LIMIT " + limit + " OFFSET " + offset;
  std::string select(kSelect);
  select.replace(select.find(" FROM projects p"), 16, " FROM (" + page_ids + ") page JOIN projects p ON p.id = page.id");
  auto rows = c.Query(select + OrderBy(order), paged.params());
  if (!rows) return core::Fail(std::move(rows.error()));
  Page<ProjectView> out;
  out.total = count->First().Int("n");
  out.items = Views(*rows);
  if (out.items.empty()) return out;
  std::string in;
  Params ids;
  for (const auto& v : out.items) {
    ids.push_back(v.project.id);
    in += (in.empty() ? "$" : ", $") + std::to_string(ids.size());
  }
  GJ_FAIL_IF_ERROR(LoadChildren(c, "IN (" + in + ")", ids, out.items));
  return out;
}

Result<std::vector<ProjectView>> ProjectsByIds(Connection& c, const std::vector<int64_t>& ids) {
  constexpr size_t kChunk = 500;  // parameters per statement, well under both engines' limits
  std::vector<ProjectView> out;
  for (size_t start = 0; start < ids.size(); start += kChunk) {
    Params params;
    std::string in;
    for (size_t i = start; i < std::min(ids.size(), start + kChunk); ++i) {
      params.emplace_back(ids[i]);
      in += (in.empty() ? "$" : ", $") + std::to_string(params.size());
    }
    auto rows = c.Query(std::string(kSelect) + " WHERE p.id IN (" + in + ") ORDER BY p.id", params);
    if (!rows) return core::Fail(std::move(rows.error()));
    std::vector<ProjectView> chunk = Views(*rows);
    if (chunk.empty()) continue;
    GJ_FAIL_IF_ERROR(LoadChildren(c, "IN (" + in + ")", params, chunk));
    std::move(chunk.begin(), chunk.end(), std::back_inserter(out));
  }
  std::sort(out.begin(), out.end(), [](const ProjectView& a, const ProjectView& b) { return a.project.id < b.project.id; });
  return out;
}

Result<std::vector<ProjectView>> ListAllProjects(Connection& c, const Viewer& viewer, const ProjectFilter& filter) {
  Where w = BuildWhere(c.engine(), viewer, filter);
  auto rows = c.Query(std::string(kSelect) + w.Sql() + " ORDER BY p.id", w.params());
  if (!rows) return core::Fail(std::move(rows.error()));
  std::vector<ProjectView> out = Views(*rows);
  if (out.empty()) return out;
  GJ_FAIL_IF_ERROR(LoadChildren(c, "IN (SELECT p.id FROM projects p" + w.Sql() + ")", w.params(), out));
  return out;
}

namespace {

// The names of kSelect's columns, in order: the alias after AS, else the name after the table's
// alias ("p.name" → "name"), for reading streamed rows (which come by position) by name.
const std::vector<std::string>& SelectColumns() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> out;
    std::string_view list = kSelect.substr(7, kSelect.find(" FROM ") - 7);
    while (!list.empty()) {
      const size_t comma = list.find(',');
      std::string_view item = list.substr(0, comma);
      while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
      if (size_t as = item.find(" AS "); as != std::string_view::npos) {
        item = item.substr(as + 4);
      } else if (size_t dot = item.find('.'); dot != std::string_view::npos) {
        item = item.substr(dot + 1);
      }
      out.emplace_back(item);
      list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    }
    return out;
  }();
  return kNames;
}

// PostgreSQL: the responsible units and tags of the projects matching `where` (a Where's Sql(),
// over alias p), aggregated in the same statement as two more columns, each item written
// "<bytes>:<text>" (units "<id>:<bytes>:<name>") so that any text splits back exactly. One hash
// aggregate each, instead of a round trip and a plan per 256 projects (1.8 s for 50,000 projects).
constexpr std::string_view kChildColumns = ", ch_units.units AS child_units, ch_tags.tags AS child_tags";
std::string ChildJoins(const std::string& where) {
  const std::string in = where.empty() ? "" : "project_id IN (SELECT p.id FROM projects p" + where + ")";
  const std::string only_units = in.empty() ? "" : " AND po." + in;
  const std::string only_tags = in.empty() ? "" : " WHERE " + in;
  return " LEFT JOIN (SELECT po.project_id, string_agg(po.org_id || ':' || octet_length(g.name) || ':' || g.name, ''"
         " ORDER BY po.position) AS units FROM project_orgs po JOIN orgs g ON g.id = po.org_id"
         " WHERE po.relation = 'responsible'" + only_units + " GROUP BY po.project_id) ch_units ON ch_units.project_id = p.id"
         " LEFT JOIN (SELECT project_id, string_agg(octet_length(tag) || ':' || tag, '' ORDER BY position) AS tags"
         " FROM project_tags" + only_tags + " GROUP BY project_id) ch_tags ON ch_tags.project_id = p.id";
}

// Reads "<bytes>:" at `at` and returns the text after it, moving `at` past it; nullopt when malformed.
std::optional<std::string> TakeCounted(std::string_view s, size_t& at) {
  const size_t colon = s.find(':', at);
  if (colon == std::string_view::npos) return std::nullopt;
  size_t n = 0;
  for (size_t i = at; i < colon; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    n = n * 10 + static_cast<size_t>(s[i] - '0');
  }
  if (colon == at || colon + 1 + n > s.size()) return std::nullopt;
  at = colon + 1 + n;
  return std::string(s.substr(colon + 1, n));
}

Status ReadChildren(const Value& units, const Value& tags, ProjectView& v) {
  const Status bad = Status::Internal("malformed aggregated children of project " + std::to_string(v.project.id));
  if (const auto* text = std::get_if<std::string>(&units)) {
    for (size_t at = 0; at < text->size();) {
      const size_t colon = text->find(':', at);
      if (colon == std::string::npos || colon == at) return bad;
      int64_t id = 0;
      for (size_t i = at; i < colon; ++i) {
        if ((*text)[i] < '0' || (*text)[i] > '9') return bad;
        id = id * 10 + ((*text)[i] - '0');
      }
      at = colon + 1;
      auto name = TakeCounted(*text, at);
      if (!name) return bad;
      v.project.responsible_org_ids.push_back(id);
      v.responsible_names.push_back(std::move(*name));
    }
  }
  if (const auto* text = std::get_if<std::string>(&tags)) {
    for (size_t at = 0; at < text->size();) {
      auto tag = TakeCounted(*text, at);
      if (!tag) return bad;
      v.project.tags.push_back(std::move(*tag));
    }
  }
  return Status::Ok();
}

}  // namespace

Result<int64_t> ForEachProject(Connection& c, const Viewer& viewer, const ProjectFilter& filter,
                               const ProjectOrder& order, bool with_children,
                               const std::function<Status(const ProjectView&)>& each) {
  if (with_children && c.engine() == Engine::kPostgres) {
    Where w = BuildWhere(c.engine(), viewer, filter);
    const std::vector<std::string>& columns = SelectColumns();
    const size_t from = kSelect.find(" FROM ");
    const std::string sql = std::string(kSelect.substr(0, from)) + std::string(kChildColumns) +
                            std::string(kSelect.substr(from)) + ChildJoins(w.Sql()) + w.Sql() + OrderBy(order);
    Status failed;
    int64_t n = 0;
    auto rows = c.QueryEach(sql, w.params(), [&](const std::vector<Value>& row) {
      if (!failed.ok()) return;
      ProjectView v = FromRow(RowRef(columns, row));
      failed = ReadChildren(row[columns.size()], row[columns.size() + 1], v);
      if (failed.ok()) failed = each(v);
      ++n;
    });
    if (!rows) return core::Fail(std::move(rows.error()));
    if (!failed.ok()) return core::Fail(std::move(failed));
    return n;
  }
  // Projects wait in chunks of kChunk for their children's three queries. Every chunk's query
  // has kChunk parameters (the last chunk repeats its last id), so that the statement cache holds
  // one text whatever the number of projects.
  constexpr size_t kChunk = 256;
  std::string id_set;
  for (size_t i = 1; i <= kChunk; ++i) id_set += (i == 1 ? "IN ($" : ", $") + std::to_string(i);
  id_set += ")";
  std::vector<ProjectView> chunk;
  chunk.reserve(with_children ? kChunk : 1);
  Status failed;
  int64_t n = 0;
  auto flush = [&]() {
    if (chunk.empty() || !failed.ok()) return;
    if (with_children) {
      Params ids;
      ids.reserve(kChunk);
      for (const auto& v : chunk) ids.push_back(v.project.id);
      while (ids.size() < kChunk) ids.push_back(chunk.back().project.id);
      failed = LoadChildren(c, id_set, ids, chunk, /*funds=*/false);
    }
    for (const auto& v : chunk) {
      if (!failed.ok()) break;
      failed = each(v);
      ++n;
    }
    chunk.clear();
  };
  Where w = BuildWhere(c.engine(), viewer, filter);
  const std::vector<std::string>& columns = SelectColumns();
  auto rows = c.QueryEach(std::string(kSelect) + w.Sql() + OrderBy(order), w.params(),
                          [&](const std::vector<Value>& row) {
                            if (!failed.ok()) return;  // the rest are read and dropped
                            chunk.push_back(FromRow(RowRef(columns, row)));
                            if (!with_children || chunk.size() == kChunk) flush();
                          });
  if (!rows) return core::Fail(std::move(rows.error()));
  flush();
  if (!failed.ok()) return core::Fail(std::move(failed));
  return n;
}

Result<Page<ProjectBar>> ListProjectBars(Connection& c, const Viewer& viewer, const ProjectFilter& filter,
                                         const PageRequest& page) {
  Where w = BuildWhere(c.engine(), viewer, filter);
  auto count = c.Query("SELECT COUNT(*) AS n FROM projects p" + w.Sql(), w.params());
  if (!count) return core::Fail(std::move(count.error()));
  const std::string order = OrderBy({ProjectSort::kPlannedStart, false});
  std::string limit = w.Param(page.page_size);
  std::string offset = w.Param(page.Offset());
  auto rows = c.Query(
      "SELECT p.id, p.name, p.stage, p.warning_colour, p.planned_start, p.planned_completion, p.actual_start,"
      " p.actual_completion FROM projects p" + w.Sql() + order + " LIMIT " + limit + " OFFSET " + offset,
      w.params());
  if (!rows) return core::Fail(std::move(rows.error()));
  Page<ProjectBar> out;
  out.total = count->First().Int("n");
  out.items.reserve(rows->size());
  for (size_t i = 0; i < rows->size(); ++i) {
    auto r = rows->Row(i);
    ProjectBar b;
    b.id = r.Int("id");
    b.name = r.Text("name");
    b.stage = domain::ParseStage(r.Text("stage")).value_or(domain::Stage::kPlanning);
    b.warning_colour = r.Text("warning_colour");
    b.planned_start = OptDate(r, "planned_start");
    b.planned_completion = OptDate(r, "planned_completion");
    b.actual_start = OptDate(r, "actual_start");
    b.actual_completion = OptDate(r, "actual_completion");
    out.items.push_back(std::move(b));
  }
  return out;
}

Result<std::vector<ProjectPoint>> ListProjectPoints(Connection& c, const Viewer& viewer, const ProjectFilter& filter) {
  Where w = BuildWhere(c.engine(), viewer, filter);
  w.Add("p.longitude IS NOT NULL AND p.latitude IS NOT NULL");
  auto rows = c.Query(
      "SELECT p.id, p.name, p.stage, p.category, p.total_investment, p.longitude, p.latitude, p.warning_colour,"
      " t.name AS town_name, o.name AS owner_name FROM projects p LEFT JOIN orgs t ON t.id = p.town_org_id"
      " LEFT JOIN orgs o ON o.id = p.owner_org_id" + w.Sql() + " ORDER BY p.id",
      w.params());
  if (!rows) return core::Fail(std::move(rows.error()));
  std::vector<ProjectPoint> out;
  out.reserve(rows->size());
  for (size_t i = 0; i < rows->size(); ++i) {
    auto r = rows->Row(i);
    ProjectPoint p;
    p.id = r.Int("id");
    p.name = r.Text("name");
    p.stage = domain::ParseStage(r.Text("stage")).value_or(domain::Stage::kPlanning);
    p.category = domain::ParseProjectCategory(r.Text("category")).value_or(domain::ProjectCategory::kIndustry);
    p.total_investment = r.Int("total_investment");
    p.longitude = r.Real("longitude");
    p.latitude = r.Real("latitude");
    p.town_name = r.Text("town_name");
    p.owner_name = r.Text("owner_name");
    p.warning_colour = r.Text("warning_colour");
    out.push_back(std::move(p));
  }
  return out;
}

Result<ProjectView> GetProject(Connection& c, const Viewer& viewer, int64_t id) {
  Where w;
  AddScope(w, viewer);
  w.Add("p.id = " + w.Param(id));
  auto rows = c.Query(std::string(kSelect) + w.Sql(), w.params());
  if (!rows) return core::Fail(std::move(rows.error()));
  if (rows->empty()) return core::Fail(Status::NotFound("project_not_found"));
  std::vector<ProjectView> views = Views(*rows);
  GJ_FAIL_IF_ERROR(LoadChildren(c, "= $1", {id}, views));
  return std::move(views.front());
}

Result<ProjectView> CreateProject(Connection& c, Project project, int64_t user_id, const std::string& now) {
  project = Normalised(std::move(project));
  project.lifecycle = domain::LifecycleState{};
  GJ_FAIL_IF_ERROR(domain::ValidateProject(project));
  GJ_FAIL_IF_ERROR(CheckReferences(c, project));
  Params params = FieldParams(project);
  std::string values;
  for (int i = 1; i <= kFieldCount; ++i) values += "$" + std::to_string(i) + ", ";
  params.push_back(now);
  params.push_back(user_id);
  std::string n_now = "$" + std::to_string(kFieldCount + 1);
  std::string n_user = "$" + std::to_string(kFieldCount + 2);
  auto r = c.Query("INSERT INTO projects (" + std::string(kFieldColumns) +
                       ", region_code, stage, review, version, created_by, created_at, updated_at) VALUES (" + values +
                       "(SELECT region_code FROM orgs WHERE id = $20), 'planning', 'none', 1, " + n_user + ", " +
                       n_now + ", " + n_now + ") RETURNING id",
                   params);
  if (!r) return core::Fail(CodeTakenOr(std::move(r.error())));
  project.id = r->First().Int("id");
  GJ_FAIL_IF_ERROR(IndexText(c, project.id));
  GJ_FAIL_IF_ERROR(WriteChildren(c, project));
  ProjectEvent e;
  e.project_id = project.id;
  e.kind = "create";
  e.to = project.lifecycle;
  e.user_id = user_id;
  e.created_at = now;
  auto event = AppendProjectEvent(c, e);
  if (!event) return core::Fail(std::move(event.error()));
  return GetProject(c, Viewer{user_id, domain::ScopeKind::kAll}, project.id);
}

Result<ProjectView> UpdateProject(Connection& c, const Viewer& viewer, const Project& input, int64_t expected_version,
                                  const std::string& now) {
  Project project = Normalised(input);
  GJ_FAIL_IF_ERROR(domain::ValidateProject(project));
  GJ_FAIL_IF_ERROR(CheckReferences(c, project));
  Params params = FieldParams(project);
  params.push_back(now);
  params.push_back(project.id);
  params.push_back(expected_version);
  std::string set;
  size_t start = 0;
  int i = 1;
  std::string_view columns = kFieldColumns;
  while (start < columns.size()) {
    size_t end = columns.find(',', start);
    if (end == std::string_view::npos) end = columns.size();
    std::string_view col = columns.substr(start, end - start);
    while (!col.empty() && col.front() == ' ') col.remove_prefix(1);
    set += std::string(col) + " = $" + std::to_string(i++) + ", ";
    start = end + 1;
  }
  GJ_FAIL_IF_ERROR(UnindexText(c, project.id));
  auto r = c.Query("UPDATE projects SET " + set +
                       "region_code = (SELECT region_code FROM orgs WHERE id = $20), version = version + 1, updated_at = $" +
                       std::to_string(kFieldCount + 1) + " WHERE id = $" + std::to_string(kFieldCount + 2) +
                       " AND version = $" + std::to_string(kFieldCount + 3) + " RETURNING id",
                   params);
  if (!r) return core::Fail(CodeTakenOr(std::move(r.error())));
  if (r->empty()) return core::Fail(StaleVersion(c, project.id));  // the caller rolls back the unindexing
  GJ_FAIL_IF_ERROR(IndexText(c, project.id));
  GJ_FAIL_IF_ERROR(WriteChildren(c, project));
  return GetProject(c, Viewer{viewer.user_id, domain::ScopeKind::kAll}, project.id);
}

Result<ProjectView> SaveLifecycle(Connection& c, const Viewer& viewer, const Project& p, int64_t expected_version,
                                  const std::string& now) {
  GJ_FAIL_IF_ERROR(domain::ValidateProject(p));
  auto r = c.Query(
      "UPDATE projects SET stage = $3, review = $4, resume_stage = $5, resume_review = $6, actual_start = $7,"
      " actual_completion = $8, version = version + 1, updated_at = $9 WHERE id = $1 AND version = $2 RETURNING id",
      {p.id, expected_version, Name(domain::StageName, p.lifecycle.stage), Name(domain::ReviewName, p.lifecycle.review),
       p.lifecycle.resume_stage ? Value(StateText(p.lifecycle.resume_stage)) : Null(),
       Name(domain::ReviewName, p.lifecycle.resume_review), DateValue(p.actual_start), DateValue(p.actual_completion), now});
  if (!r) return core::Fail(std::move(r.error()));
  if (r->empty()) return core::Fail(StaleVersion(c, p.id));
  return GetProject(c, Viewer{viewer.user_id, domain::ScopeKind::kAll}, p.id);
}

Result<int64_t> AppendProjectEvent(Connection& c, const ProjectEvent& e) {
  auto state = [](const std::optional<domain::LifecycleState>& s, bool review) -> Value {
    if (!s) return Null();
    return review ? Name(domain::ReviewName, s->review) : Name(domain::StageName, s->stage);
  };
  auto r = c.Query(
      "INSERT INTO project_events (project_id, kind, action, from_stage, from_review, to_stage, to_review, reason,"
      " event_date, user_id, changes, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
      " RETURNING id",
      {e.project_id, e.kind, e.action, state(e.from, false), state(e.from, true), state(e.to, false),
       state(e.to, true), e.reason, DateValue(e.date), Opt(e.user_id), e.changes, e.created_at});
  if (!r) return core::Fail(std::move(r.error()));
  return r->First().Int("id");
}

Result<std::vector<ProjectEvent>> ListProjectEvents(Connection& c, int64_t project_id) {
  auto r = c.Query(
      "SELECT e.id, e.project_id, e.kind, e.action, e.from_stage, e.from_review, e.to_stage, e.to_review, e.reason,"
      " e.event_date, e.user_id, e.changes, e.created_at, u.display_name AS user_name"
      " FROM project_events e LEFT JOIN users u ON u.id = e.user_id WHERE e.project_id = $1 ORDER BY e.id DESC",
      {project_id});
  if (!r) return core::Fail(std::move(r.error()));
  std::vector<ProjectEvent> out;
  auto state = [](const RowRef& row, const char* stage, const char* review) -> std::optional<domain::LifecycleState> {
    auto s = row.OptText(stage);
    if (!s) return std::nullopt;
    domain::LifecycleState st;
    st.stage = domain::ParseStage(*s).value_or(domain::Stage::kPlanning);
    st.review = domain::ParseReview(row.Text(review)).value_or(domain::Review::kNone);
    return st;
  };
  for (size_t i = 0; i < r->size(); ++i) {
    auto row = r->Row(i);
    ProjectEvent e;
    e.id = row.Int("id");
    e.project_id = row.Int("project_id");
    e.kind = row.Text("kind");
    e.action = row.Text("action");
    e.from = state(row, "from_stage", "from_review");
    e.to = state(row, "to_stage", "to_review");
    e.reason = row.Text("reason");
    e.date = OptDate(row, "event_date");
    e.user_id = row.OptInt("user_id");
    e.user_name = row.Text("user_name");
    e.changes = row.Text("changes");
    e.created_at = row.Text("created_at");
    out.push_back(std::move(e));
  }
  return out;
}

namespace {

constexpr std::string_view kAttachmentSelect =
    "SELECT a.id, a.project_id, a.event_id, a.filename, a.content_type, a.size, a.sm3, a.storage_key,"
    " a.thumbnail_key, a.created_by, a.created_at, u.display_name AS user_name"
    " FROM attachments a LEFT JOIN users u ON u.id = a.created_by";

Attachment AttachmentFromRow(const RowRef& r) {
  Attachment a;
  a.id = r.Int("id");
  a.project_id = r.Int("project_id");
  a.event_id = r.OptInt("event_id");
  a.filename = r.Text("filename");
  a.content_type = r.Text("content_type");
  a.size = r.Int("size");
  a.sm3 = r.Text("sm3");
  a.storage_key = r.Text("storage_key");
  a.thumbnail_key = r.OptText("thumbnail_key");
  a.created_by = r.OptInt("created_by");
  a.created_at = r.Text("created_at");
  a.user_name = r.Text("user_name");
  return a;
}

}  // namespace

Result<Attachment> CreateAttachment(Connection& c, Attachment a) {
  auto r = c.Query(
      "INSERT INTO attachments (project_id, event_id, filename, content_type, size, sm3, storage_key, thumbnail_key,"
      " created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
      {a.project_id, Opt(a.event_id), a.filename, a.content_type, a.size, a.sm3, a.storage_key, Opt(a.thumbnail_key),
       Opt(a.created_by), a.created_at});
  if (!r) return core::Fail(std::move(r.error()));
  return GetAttachment(c, r->First().Int("id"));
}

Result<Attachment> GetAttachment(Connection& c, int64_t id) {
  auto r = c.Query(std::string(kAttachmentSelect) + " WHERE a.id = $1", {id});
  if (!r) return core::Fail(std::move(r.error()));
  if (r->empty()) return core::Fail(Status::NotFound("attachment_not_found"));
  return AttachmentFromRow(r->First());
}

Result<std::vector<Attachment>> ListAttachments(Connection& c, int64_t project_id) {
  auto r = c.Query(std::string(kAttachmentSelect) + " WHERE a.project_id = $1 ORDER BY a.id DESC", {project_id});
  if (!r) return core::Fail(std::move(r.error()));
  std::vector<Attachment> out;
  for (size_t i = 0; i < r->size(); ++i) out.push_back(AttachmentFromRow(r->Row(i)));
  return out;
}

Status BindAttachments(Connection& c, int64_t project_id, int64_t event_id, const std::vector<int64_t>& ids) {
  std::set<int64_t> seen;
  for (int64_t id : ids) {
    if (!seen.insert(id).second) return Status::Invalid("attachment_ids", "repeated_value", {std::to_string(id)});
    auto r = c.Query("UPDATE attachments SET event_id = $3 WHERE id = $1 AND project_id = $2 AND event_id IS NULL"
                     " RETURNING id",
                     {id, project_id, event_id});
    if (!r) return r.error();
    if (r->empty()) return Status::Invalid("attachment_ids", "attachment_not_usable", {std::to_string(id)});
  }
  return Status::Ok();
}

Result<std::vector<NamedUser>> ListLeaders(Connection& c) {
  auto r = c.Query(
      "SELECT u.id, u.display_name FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'leader'"
      " WHERE u.status = 'active' ORDER BY u.id");
  if (!r) return core::Fail(std::move(r.error()));
  std::vector<NamedUser> out;
  for (size_t i = 0; i < r->size(); ++i) out.push_back({r->Row(i).Int("id"), r->Row(i).Text("display_name")});
  return out;
}

}  // namespace gongjian::store
