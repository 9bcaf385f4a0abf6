#include "store/cockpit_repository.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <span>
#include <unordered_map>

#include "store/report_repository.h"
#include "store/scope.h"
#include "store/warning_repository.h"
#include "store/where.h"

namespace gongjian::store {
namespace {

// Column names by month, so that no SQL is built from a number.
constexpr std::array<std::string_view, 12> kDone = {"done_1", "done_2", "done_3", "done_4",  "done_5",  "done_6",
                                                    "done_7", "done_8", "done_9", "done_10", "done_11", "done_12"};
constexpr std::array<std::string_view, 12> kPlan = {"plan_1", "plan_2", "plan_3", "plan_4",  "plan_5",  "plan_6",
                                                    "plan_7", "plan_8", "plan_9", "plan_10", "plan_11", "plan_12"};
constexpr std::array<std::string_view, 12> kProp = {"prop_1", "prop_2", "prop_3", "prop_4",  "prop_5",  "prop_6",
                                                    "prop_7", "prop_8", "prop_9", "prop_10", "prop_11", "prop_12"};

std::string_view MonthColumn(const std::array<std::string_view, 12>& columns, int month) {
  return columns.at(static_cast<size_t>(std::clamp(month, 1, 12) - 1));
}

// The project columns of a row (aliased p) of cockpit_projects, and of a cockpit_years row
// selected through YearRows() under the same names.
std::string_view DimColumn(CockpitDim d) {
  switch (d) {
    case CockpitDim::kStage: return "p.stage";
    case CockpitDim::kCategory: return "p.category";
    case CockpitDim::kLevel: return "p.level";
    case CockpitDim::kTown: return "p.town_org_id";
    case CockpitDim::kUnit: return "p.unit_org_id";
    case CockpitDim::kNone:
    case CockpitDim::kProblemType:
    case CockpitDim::kDepartment: break;
  }
  return {};
}

bool NumericDim(CockpitDim d) { return d == CockpitDim::kTown || d == CockpitDim::kUnit; }

// The year's rows of cockpit_years as a table aliased p whose project id is p.id, as
// ProjectScopeSql expects; `year` is the parameter that holds the year.
std::string YearRows(const std::string& year) {
  return "(SELECT cy.*, cy.project_id AS id FROM cockpit_years cy WHERE cy.year = " + year + ") p";
}

// Keeps the projects (aliased p) in the scope's stages and the viewer's data scope. The whole
// district's statements walk a covering index of every project. A narrower scope (a town's
// staff, a leader) is its organisations' related projects, the organisations looked up first and
// named in the statement (ScopeOrgIds) so that their relations are read by index. On SQLite the
// statement is driven from those projects, their ids looked up one by one, rather than every
// project in the stage index probed against the scope (the unary '+' keeps the planner off that
// index); PostgreSQL does better with one hashed pass (see below). `narrowed`: the statement has
// a filter of its own that an index serves better (a drill-down's group, a leader's projects),
// so it keeps the form "led by the viewer OR related", which a filter checks row by row. A scope
// that is one organisation's subtree (CellRoot) reads its related projects, each once, from
// cockpit_scope_projects (migration 0024): one range of 9,500 ids for a town, where its 31
// organisations' relations are 20,000.
Result<std::optional<int64_t>> CellRoot(Connection& c, const Viewer& v);
Status AddScope(Connection& c, Where& w, const CockpitScope& s, bool narrowed = false) {
  const bool whole = s.viewer.scope == domain::ScopeKind::kAll;
  std::string in;
  for (const auto& stage : s.stages) in += (in.empty() ? "" : ", ") + w.Param(stage);
  const std::string stage = whole || narrowed || c.engine() != Engine::kSqlite ? "p.stage" : "+p.stage";
  w.Add(in.empty() ? std::string("1 = 0") : stage + " IN (" + in + ")");
  const std::string u = w.Param(s.viewer.user_id);
  auto root = CellRoot(c, s.viewer);
  if (!root) return root.error();
  if (*root) {
    const std::string related = "SELECT sp.project_id FROM cockpit_scope_projects sp WHERE sp.org_id = " + w.Param(**root);
    if (narrowed || c.engine() == Engine::kPostgres) {
      w.Add("(p.id IN (" + related + ") OR p.leader_user_id = " + u + ")");
    } else {
      w.Add("p.id IN (" + related + " UNION ALL SELECT x.id FROM projects x WHERE x.leader_user_id = " + u + ")");
    }
    return Status::Ok();
  }
  if (whole || narrowed) {
    w.Add(ProjectScopeSql(s.viewer, std::stoi(u.substr(1))));
    return Status::Ok();
  }
  auto orgs = ScopeOrgIds(c, s.viewer.user_id, s.viewer.scope);
  if (!orgs) return orgs.error();
  // The same projects as ProjectScopeSql's "an organisation in scope is related to it, or the
  // viewer leads it".
  std::string ids;
  for (int64_t id : *orgs) ids += (ids.empty() ? "" : ", ") + std::to_string(id);
  const std::string related =
      ids.empty() ? std::string() : "SELECT po.project_id FROM project_orgs po WHERE po.org_id IN (" + ids + ")";
  if (c.engine() == Engine::kPostgres) {
    // PostgreSQL hashes the related ids once and checks each row of one pass over the table
    // (or a covering index) against them: a town's 9,500 of 50,000 projects cost half as much
    // this way as looked up one by one, which it would choose from an estimate of 200 ids.
    w.Add("(" + (related.empty() ? std::string() : "p.id IN (" + related + ") OR ") + "p.leader_user_id = " + u + ")");
  } else {
    // SQLite looks the ids up one by one: its list of them drives the statement.
    w.Add("p.id IN (" + (related.empty() ? std::string() : related + " UNION ALL ") +
          "SELECT x.id FROM projects x WHERE x.leader_user_id = " + u + ")");
  }
  return Status::Ok();
}

std::optional<std::string> KeyOf(const Value& v) {
  if (const auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* d = std::get_if<double>(&v)) return std::to_string(static_cast<int64_t>(*d));
  return std::nullopt;
}

std::optional<domain::Date> OptDate(const RowRef& r, std::string_view column) {
  auto text = r.OptText(column);
  if (!text) return std::nullopt;
  return domain::ParseDate(*text);
}

// Adds the narrowing of a drill-down to a group; kInvalidArgument "key" for a key that does
// not fit. `problem` selects the problem's own columns for kUnit and kProblemType.
Status AddNarrow(Where& w, const CockpitNarrow& n, bool problem) {
  if (n.dim == CockpitDim::kNone) return Status::Ok();
  if (n.dim == CockpitDim::kDepartment) return Status::Invalid("dimension", "cockpit_dimension_not_for_figure");
  std::string column;
  bool numeric = NumericDim(n.dim);
  if (problem && n.dim == CockpitDim::kUnit) {
    column = "pr.responsible_org_id";
  } else if (n.dim == CockpitDim::kProblemType) {
    if (!problem) return Status::Invalid("dimension", "cockpit_dimension_not_for_figure");
    column = "pr.type";
  } else {
    column = std::string(DimColumn(n.dim));
  }
  if (!n.key) {
    w.Add(column + " IS NULL");
    return Status::Ok();
  }
  if (!numeric) {
    w.Add(column + " = " + w.Param(*n.key));
    return Status::Ok();
  }
  int64_t id = 0;
  auto [end, ec] = std::from_chars(n.key->data(), n.key->data() + n.key->size(), id);
  if (ec != std::errc() || end != n.key->data() + n.key->size()) return Status::Invalid("key", "wrong_type_integer");
  w.Add(column + " = " + w.Param(id));
  return Status::Ok();
}

// Runs `run(first, n)` over [0, total) in chunks of `big`, 8, then 1 rows: few statement shapes.
template <typename Run>
Status InChunks(size_t total, Run run, size_t big = 64) {
  size_t i = 0;
  for (size_t chunk : {big, size_t{8}, size_t{1}}) {
    while (total - i >= chunk) {
      GJ_RETURN_IF_ERROR(run(i, chunk));
      i += chunk;
    }
  }
  return Status::Ok();
}

// The money columns (planned, done_m, plan_m, prop_m), each written as `before` column `after`,
// separated by commas: MoneyList("SUM(y.", ")") is "SUM(y.planned), SUM(y.done_1), …".
std::string MoneyList(std::string_view before, std::string_view after) {
  const std::string b(before), a(after);
  std::string out = b + "planned" + a;
  for (const auto* columns : {&kDone, &kPlan, &kProp}) {
    for (auto c : *columns) out += ", " + b + std::string(c) + a;
  }
  return out;
}

std::string MoneyColumns() { return MoneyList("", ""); }

void AppendMoney(Params& p, const CockpitYearRow& r) {
  p.push_back(r.planned);
  for (const auto* a : {&r.done, &r.plan, &r.prop}) {
    for (int64_t v : *a) p.push_back(v);
  }
}

constexpr size_t kMoneyColumns = 1 + 36;

// Keeps the rows (aliased p) in the scope's stages.
std::string StagesIn(Where& w, const CockpitScope& s, std::string_view column = "p.stage") {
  std::string in;
  for (const auto& stage : s.stages) in += (in.empty() ? "" : ", ") + w.Param(stage);
  return in.empty() ? std::string("1 = 0") : std::string(column) + " IN (" + in + ")";
}

// StagesIn over OrgYearCells, OrgCountCells and the organisation's approval cells. SQLite pushes
// the condition into each branch of the union, and in the branch of the viewer's led projects
// would walk every project of those stages rather than look the viewer's up: the unary '+' keeps
// it off the stage indexes.
std::string OrgCellStagesIn(const Connection& c, Where& w, const CockpitScope& s) {
  return StagesIn(w, s, c.engine() == Engine::kSqlite ? "+p.stage" : "p.stage");
}

// The organisation whose subtree is a narrower viewer's data scope, so that its cells (migration
// 0024) hold the viewer's figures: for kOwn the user's organisation; for kOrgs the listed
// organisation that holds every other listed one. nullopt for the whole district, a user without
// an organisation, and separate subtrees (a project related to two of them would be counted
// twice if their cells were added up): those sum the project rows.
Result<std::optional<int64_t>> CellRoot(Connection& c, const Viewer& v) {
  if (v.scope == domain::ScopeKind::kAll) return std::optional<int64_t>();
  auto r = v.scope == domain::ScopeKind::kOwn
               ? c.Query("SELECT org_id FROM users WHERE id = $1 AND org_id IS NOT NULL", {v.user_id})
               : c.Query("SELECT s.org_id FROM user_scope_orgs s WHERE s.user_id = $1 AND NOT EXISTS ("
                         "SELECT 1 FROM user_scope_orgs t JOIN org_ancestors x ON x.ancestor_id = t.org_id"
                         " WHERE t.user_id = $1 AND t.org_id <> s.org_id AND x.org_id = s.org_id)",
                         {v.user_id});
  if (!r) return core::Fail(std::move(r.error()));
  if (r->size() != 1) return std::optional<int64_t>();
  return std::optional<int64_t>(r->First().Int("org_id"));
}

// The viewer's own projects (aliased `alias`, their id in `id`) that lie outside `root`'s
// scope: a narrower scope is its organisations' related projects and those the viewer leads.
// The statements below drive from cockpit_projects' leader index (SQLite's CROSS JOIN keeps that
// order; it would otherwise walk a year's approval items or year rows and check each one).
std::string LedOutside(Where& w, const CockpitScope& s, int64_t root, std::string_view alias, std::string_view id) {
  const std::string a(alias);
  return a + ".leader_user_id = " + w.Param(s.viewer.user_id) +
         " AND NOT EXISTS (SELECT 1 FROM cockpit_scope_projects sp WHERE sp.org_id = " + w.Param(root) +
         " AND sp.project_id = " + a + "." + std::string(id) + ")";
}

// A narrower scope's year as a table aliased p with the columns of cockpit_org_year_cells:
// `root`'s cells of `year` and the rows of the viewer's projects outside them.
std::string OrgYearCells(Where& w, const CockpitScope& s, int64_t root, int year) {
  const std::string y = w.Param(int64_t{year});
  return "(SELECT c.stage, c.category, c.level, c.town_org_id, c.unit_org_id, " + MoneyList("c.", "") +
         " FROM cockpit_org_year_cells c WHERE c.org_id = " + w.Param(root) + " AND c.year = " + y +
         " UNION ALL SELECT y.stage, y.category, y.level, COALESCE(y.town_org_id, 0), COALESCE(y.unit_org_id, 0), " +
         MoneyList("y.", "") + " FROM cockpit_projects x CROSS JOIN cockpit_years y WHERE " +
         LedOutside(w, s, root, "x", "id") + " AND y.year = " + y + " AND y.project_id = x.id) p";
}

// As OrgYearCells, the projects counted: cockpit_org_count_cells and the viewer's projects outside.
std::string OrgCountCells(Where& w, const CockpitScope& s, int64_t root) {
  return "(SELECT c.stage, c.category, c.level, c.town_org_id, c.unit_org_id, c.projects, c.total_investment"
         " FROM cockpit_org_count_cells c WHERE c.org_id = " + w.Param(root) +
         " UNION ALL SELECT x.stage, x.category, x.level, COALESCE(x.town_org_id, 0), COALESCE(x.unit_org_id, 0), 1,"
         " x.total_investment FROM cockpit_projects x WHERE " + LedOutside(w, s, root, "x", "id") + ") p";
}

// The recounts of the cells of migration 0024, from cockpit_scope_projects (the statements that
// filled them there).
const std::string& OrgYearCellsRecount() {
  static const std::string sql =
      "INSERT INTO cockpit_org_year_cells (org_id, year, stage, category, level, town_org_id, unit_org_id, " +
      MoneyColumns() +
      ") SELECT s.org_id, y.year, y.stage, y.category, y.level, COALESCE(y.town_org_id, 0),"
      " COALESCE(y.unit_org_id, 0), " + MoneyList("SUM(y.", ")") +
      " FROM cockpit_scope_projects s JOIN cockpit_years y ON y.project_id = s.project_id"
      " GROUP BY s.org_id, y.year, y.stage, y.category, y.level, COALESCE(y.town_org_id, 0),"
      " COALESCE(y.unit_org_id, 0)";
  return sql;
}

constexpr const char* kOrgApprovalCellsRecount =
    "INSERT INTO cockpit_org_approval_cells (org_id, year, month, department_org_id, stage, days, items)"
    " SELECT s.org_id, CAST(substr(a.approved_on, 1, 4) AS INTEGER), CAST(substr(a.approved_on, 6, 2) AS INTEGER),"
    " COALESCE(a.department_org_id, 0), p.stage, o2.ordinal - o1.ordinal, COUNT(*)"
    " FROM cockpit_scope_projects s JOIN project_approvals a ON a.project_id = s.project_id"
    " JOIN projects p ON p.id = a.project_id"
    " JOIN work_day_ordinals o1 ON o1.day = a.applied_on JOIN work_day_ordinals o2 ON o2.day = a.approved_on"
    " WHERE a.status = 'obtained' GROUP BY 1, 2, 3, 4, 5, 6";

// The year's money of the projects in scope as a table aliased p, with the conditions added to
// `w`: the whole district's cells (its scope condition holds for every project), a narrower scope
// that is one organisation's subtree its cells (OrgYearCells), any other scope the project rows.
// `cells`: the grouping columns hold 0 for none.
struct YearFrom {
  std::string sql;
  bool cells = false;
};
Result<YearFrom> YearSource(Connection& c, Where& w, const CockpitScope& scope, int year) {
  if (scope.viewer.scope == domain::ScopeKind::kAll) {
    YearFrom out{" FROM cockpit_year_cells p", true};
    w.Add("p.year = " + w.Param(int64_t{year}));
    w.Add(StagesIn(w, scope));
    return out;
  }
  auto root = CellRoot(c, scope.viewer);
  if (!root) return core::Fail(std::move(root.error()));
  if (*root) {
    YearFrom out{" FROM " + OrgYearCells(w, scope, **root, year), true};
    w.Add(OrgCellStagesIn(c, w, scope));
    return out;
  }
  YearFrom out{" FROM " + YearRows(w.Param(int64_t{year})), false};
  GJ_FAIL_IF_ERROR(AddScope(c, w, scope));
  return out;
}

}  // namespace

Result<int64_t> CacheGeneration(Connection& c, std::string_view name) {
  auto r = c.Query("SELECT generation FROM cache_generations WHERE name = $1", {std::string(name)});
  if (!r) return core::Fail(std::move(r.error()));
  return r->empty() ? int64_t{0} : r->First().Int("generation");
}

Result<CockpitYearInputs> LoadCockpitYearInputs(Connection& c, int64_t project_id, int year) {
  CockpitYearInputs in;
  in.project_id = project_id;
  in.year = year;
  auto plan = c.Query(
      "SELECT planned_investment, monthly_targets FROM annual_plans"
      " WHERE project_id = $1 AND year = $2 AND status = 'accepted'",
      {project_id, int64_t{year}});
  if (!plan) return core::Fail(std::move(plan.error()));
  if (!plan->empty()) {
    in.planned = plan->First().Int("planned_investment");
    in.targets = ParseTargets(plan->First().OptText("monthly_targets"));
  }
  auto months = c.Query(
      "SELECT month, investment FROM monthly_reports WHERE project_id = $1 AND year = $2 AND status = 'accepted'",
      {project_id, int64_t{year}});
  if (!months) return core::Fail(std::move(months.error()));
  for (size_t i = 0; i < months->size(); ++i) {
    auto r = months->Row(i);
    const int64_t m = r.Int("month");
    if (m >= 1 && m <= 12) in.done[m - 1] += r.Int("investment");
  }
  return in;
}

Result<std::vector<CockpitYearInputs>> LoadAllCockpitYearInputs(Connection& c) {
  std::map<std::pair<int64_t, int64_t>, CockpitYearInputs> by;
  auto at = [&](int64_t project, int64_t year) -> CockpitYearInputs& {
    CockpitYearInputs& in = by[{project, year}];
    in.project_id = project;
    in.year = static_cast<int>(year);
    return in;
  };
  auto plans = c.Query(
      "SELECT project_id, year, planned_investment, monthly_targets FROM annual_plans WHERE status = 'accepted'");
  if (!plans) return core::Fail(std::move(plans.error()));
  for (size_t i = 0; i < plans->size(); ++i) {
    auto r = plans->Row(i);
    CockpitYearInputs& in = at(r.Int("project_id"), r.Int("year"));
    in.planned = r.Int("planned_investment");
    in.targets = ParseTargets(r.OptText("monthly_targets"));
  }
  // At most one version of a month is accepted; the sum guards nothing but costs nothing either.
  auto months = c.Query(
      "SELECT project_id, year, month, SUM(investment) AS investment FROM monthly_reports"
      " WHERE status = 'accepted' GROUP BY project_id, year, month");
  if (!months) return core::Fail(std::move(months.error()));
  for (size_t i = 0; i < months->size(); ++i) {
    auto r = months->Row(i);
    const int64_t m = r.Int("month");
    if (m >= 1 && m <= 12) at(r.Int("project_id"), r.Int("year")).done[m - 1] += r.Int("investment");
  }
  std::vector<CockpitYearInputs> out;
  out.reserve(by.size());
  for (auto& [key, in] : by) out.push_back(std::move(in));
  return out;
}

Status SaveCockpitYear(Connection& c, int64_t project_id, int year, const std::optional<CockpitYearRow>& row) {
  if (!row) {
    auto r = c.Exec("DELETE FROM cockpit_years WHERE year = $1 AND project_id = $2", {int64_t{year}, project_id});
    return r ? Status::Ok() : r.error();
  }
  Params p{int64_t{year}, project_id};
  AppendMoney(p, *row);
  std::string values, updates;
  // Typed: PostgreSQL cannot infer a parameter's type from a SELECT list.
  for (size_t i = 0; i < kMoneyColumns; ++i) values += ", CAST($" + std::to_string(i + 3) + " AS BIGINT)";
  const std::string columns = MoneyColumns();
  std::string_view rest = columns;
  while (!rest.empty()) {
    size_t comma = rest.find(", ");
    std::string_view col = rest.substr(0, comma);
    updates += (updates.empty() ? "" : ", ") + std::string(col) + " = excluded." + std::string(col);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 2);
  }
  // WHERE on the SELECT also keeps SQLite from reading ON CONFLICT as a join constraint.
  auto r = c.Exec("INSERT INTO cockpit_years (year, project_id, stage, category, level, town_org_id, unit_org_id,"
                  " leader_user_id, " + columns + ") SELECT CAST($1 AS BIGINT), p.id, p.stage, p.category, p.level, p.town_org_id,"
                  " p.unit_org_id, p.leader_user_id" + values + " FROM cockpit_projects p WHERE p.id = $2"
                  " ON CONFLICT (year, project_id) DO UPDATE SET " + updates,
                  p);
  return r ? Status::Ok() : r.error();
}

Status ReplaceCockpitYears(Connection& c, const std::vector<CockpitYearRow>& rows) {
  // The cell triggers stand aside while cockpit_bulk holds a row; the cells are summed at the end.
  auto bulk = c.Exec("INSERT INTO cockpit_bulk (name) VALUES ('years')");
  if (!bulk) return bulk.error();
  auto cleared = c.Exec("DELETE FROM cockpit_years");
  if (!cleared) return cleared.error();
  // Each row is written whole, its grouping columns looked up first, and in (year, project)
  // order: on PostgreSQL a year's rows then fill pages of their own, so that a year's panels read
  // one stretch of the table rather than every page of six years (and no UPDATE of every row
  // doubles it afterwards). A project without a narrow row (none should lack one) keeps empty
  // grouping columns.
  std::unordered_map<int64_t, std::array<Value, 6>> groups;
  auto walked = c.QueryEach(
      "SELECT id, stage, category, level, town_org_id, unit_org_id, leader_user_id FROM cockpit_projects", {},
      [&](const std::vector<Value>& r) { groups[std::get<int64_t>(r[0])] = {r[1], r[2], r[3], r[4], r[5], r[6]}; });
  if (!walked) return walked.error();
  const std::array<Value, 6> none = {std::string(), std::string(), std::string(), Null(), Null(), Null()};
  std::vector<const CockpitYearRow*> ordered;
  ordered.reserve(rows.size());
  for (const auto& r : rows) ordered.push_back(&r);
  std::sort(ordered.begin(), ordered.end(), [](const CockpitYearRow* a, const CockpitYearRow* b) {
    return std::tie(a->year, a->project_id) < std::tie(b->year, b->project_id);
  });
  const std::string columns = MoneyColumns();
  GJ_RETURN_IF_ERROR(InChunks(ordered.size(), [&](size_t first, size_t n) -> Status {
    Params p;
    p.reserve(n * (kMoneyColumns + 8));
    std::string tuples;
    for (size_t i = first; i < first + n; ++i) {
      const CockpitYearRow& row = *ordered[i];
      const size_t before = p.size();
      p.push_back(int64_t{row.year});
      p.push_back(row.project_id);
      auto found = groups.find(row.project_id);
      for (const Value& v : found == groups.end() ? none : found->second) p.push_back(v);
      AppendMoney(p, row);
      tuples += i == first ? "(" : ", (";
      for (size_t k = before + 1; k <= p.size(); ++k) tuples += (k == before + 1 ? "$" : ", $") + std::to_string(k);
      tuples += ")";
    }
    auto r = c.Exec("INSERT INTO cockpit_years (year, project_id, stage, category, level, town_org_id, unit_org_id,"
                    " leader_user_id, " + columns + ") VALUES " + tuples,
                    p);
    return r ? Status::Ok() : r.error();
  }));
  for (const std::string& sql :
       {std::string("DELETE FROM cockpit_year_cells"),
        "INSERT INTO cockpit_year_cells (year, stage, category, level, town_org_id, unit_org_id, " + columns +
            ") SELECT year, stage, category, level, COALESCE(town_org_id, 0), COALESCE(unit_org_id, 0), " + MoneyList("SUM(", ")") +
            " FROM cockpit_years GROUP BY year, stage, category, level, COALESCE(town_org_id, 0),"
            " COALESCE(unit_org_id, 0)",
        std::string("DELETE FROM cockpit_org_year_cells"), OrgYearCellsRecount(),
        std::string("DELETE FROM cockpit_bulk WHERE name = 'years'")}) {
    auto r = c.Exec(sql);
    if (!r) return r.error();
  }
  return Status::Ok();
}

Result<std::vector<CockpitCountRow>> CockpitCounts(Connection& c, const CockpitScope& scope, CockpitDim dim,
                                                   bool colours, std::optional<CockpitDays> window) {
  // Each grouping is a prefix of one covering index (migration 0018), so the rows stream in order.
  std::string group;
  std::string key;
  if (colours) {
    switch (dim) {
      case CockpitDim::kNone: group = "p.stage, p.colour"; break;
      case CockpitDim::kTown: group = "p.stage, p.colour, p.town_org_id", key = "p.town_org_id"; break;
      case CockpitDim::kUnit: group = "p.stage, p.colour, p.town_org_id, p.unit_org_id", key = "p.unit_org_id"; break;
      default: return core::Fail(Status::Internal("cockpit counts: no colours by this dimension"));
    }
  } else if (dim == CockpitDim::kNone || dim == CockpitDim::kStage) {
    group = "p.stage";
    if (dim == CockpitDim::kStage) key = "p.stage";
  } else {
    key = std::string(DimColumn(dim));
    if (key.empty()) return core::Fail(Status::Internal("cockpit counts: not a project dimension"));
    group = "p.stage, " + key;
  }
  Where w;
  std::string dated;
  if (window && colours) {
    // The dates are in the colours index too: the summary needs one pass for everything.
    const std::string from = w.Param(window->from.ToString()), to = w.Param(window->to.ToString());
    dated = "COALESCE(SUM(CASE WHEN p.actual_start >= " + from + " AND p.actual_start <= " + to +
            " THEN 1 ELSE 0 END), 0) AS new_starts, COALESCE(SUM(CASE WHEN p.actual_completion >= " + from +
            " AND p.actual_completion <= " + to + " THEN 1 ELSE 0 END), 0) AS completions, ";
  }
  // A narrower scope's counts by a grouping column come from its organisation's cells (colours and
  // dates are not in them).
  std::optional<int64_t> root;
  if (!colours) {
    auto found = CellRoot(c, scope.viewer);
    if (!found) return core::Fail(std::move(found.error()));
    root = *found;
  }
  std::string sql;
  if (root) {
    const std::string from = OrgCountCells(w, scope, *root);
    w.Add(OrgCellStagesIn(c, w, scope));
    // Cells keep "no town" and "no unit" as 0; a cell the triggers emptied stays at 0 projects.
    const std::string k = NumericDim(dim) ? "NULLIF(" + key + ", 0)" : key;
    sql = "SELECT " + (key.empty() ? std::string() : k + " AS k, ") +
          "SUM(p.projects) AS projects, COALESCE(SUM(p.total_investment), 0) AS total FROM " + from + w.Sql() +
          " GROUP BY " + group + " HAVING SUM(p.projects) <> 0";
  } else {
    GJ_FAIL_IF_ERROR(AddScope(c, w, scope));
    sql = "SELECT " + (key.empty() ? std::string() : key + " AS k, ") + (colours ? "p.colour, " : "") + dated +
          "COUNT(*) AS projects, COALESCE(SUM(p.total_investment), 0) AS total FROM cockpit_projects p" + w.Sql() +
          " GROUP BY " + group;
  }
  auto r = c.Query(sql, w.params());
  if (!r) return core::Fail(std::move(r.error()));
  std::vector<CockpitCountRow> out;
  out.reserve(r->size());
  for (size_t i = 0; i < r->size(); ++i) {
    auto row = r->Row(i);
    CockpitCountRow x;
    if (!key.empty()) x.key = KeyOf(row.At("k"));
    if (colours) x.colour = row.Text("colour");
    x.projects = row.Int("projects");
    x.total_investment = row.Int("total");
    if (!dated.empty()) {
      x.new_starts = row.Int("new_starts");
      x.completions = row.Int("completions");
    }
    out.push_back(std::move(x));
  }
  return out;
}

Result<std::vector<CockpitMoneyRow>> CockpitMoney(Connection& c, const CockpitScope& scope,
                                                  const CockpitWindow& window, CockpitDim dim) {
  const std::string_view column = DimColumn(dim);
  const std::string done(MonthColumn(kDone, window.month));
  const std::string schedule(MonthColumn(window.proportional ? kProp : kPlan, window.month));
  Where w;
  auto from = YearSource(c, w, scope, window.year);
  if (!from) return core::Fail(std::move(from.error()));
  // Cells keep "no town" and "no unit" as 0.
  std::string key;
  if (!column.empty()) {
    key = from->cells && NumericDim(dim) ? "NULLIF(" + std::string(column) + ", 0)" : std::string(column);
  }
  auto r = c.Query("SELECT " + (key.empty() ? std::string() : key + " AS k, ") +
                       "COALESCE(SUM(p.planned), 0) AS planned, COALESCE(SUM(p." + done +
                       "), 0) AS completed, COALESCE(SUM(p." + schedule + "), 0) AS schedule" + from->sql + w.Sql() +
                       // A cell the triggers emptied (its projects moved to another group) stays at 0.
                       (key.empty() ? std::string()
                                    : " GROUP BY " + key + " HAVING SUM(p.planned) <> 0 OR SUM(p." + done +
                                          ") <> 0 OR SUM(p." + schedule + ") <> 0"),
                   w.params());
  if (!r) return core::Fail(std::move(r.error()));
  std::vector<CockpitMoneyRow> out;
  out.reserve(r->size());
  for (size_t i = 0; i < r->size(); ++i) {
    auto row = r->Row(i);
    CockpitMoneyRow x;
    if (!key.empty()) x.key = KeyOf(row.At("k"));
    x.annual_planned = row.Int("planned");
    x.completed = row.Int("completed");
    x.schedule = row.Int("schedule");
    out.push_back(std::move(x));
  }
  return out;
}

Result<CockpitCurves> CockpitTrend(Connection& c, const CockpitScope& scope, int year) {
  Where w;
  auto from = YearSource(c, w, scope, year);
  if (!from) return core::Fail(std::move(from.error()));
  std::string sums;
  for (const auto* columns : {&kDone, &kPlan, &kProp}) {
    for (auto col : *columns) {
      sums += (sums.empty() ? "" : ", ") + std::string("COALESCE(SUM(p.") + std::string(col) + "), 0) AS " +
              std::string(col);
    }
  }
  auto r = c.Query("SELECT " + sums + from->sql + w.Sql(), w.params());
  if (!r) return core::Fail(std::move(r.error()));
  CockpitCurves out;
  if (r->empty()) return out;
  auto row = r->First();
  for (size_t m = 0; m < 12; ++m) {
    out.done[m] = row.Int(kDone[m]);
    out.plan[m] = row.Int(kPlan[m]);
    out.prop[m] = row.Int(kProp[m]);
  }
  return out;
}

Result<std::vector<std::string>> ScopeOrgNames(Connection& c, const Viewer& viewer) {
  std::vector<std::string> out;
  if (viewer.scope == domain::ScopeKind::kAll) return out;
  auto r = viewer.scope == domain::ScopeKind::kOwn
               ? c.Query("SELECT o.name, o.parent_id FROM users u JOIN orgs o ON o.id = u.org_id WHERE u.id = $1",
                         {viewer.user_id})
               : c.Query("SELECT o.name, o.parent_id FROM user_scope_orgs s JOIN orgs o ON o.id = s.org_id"
                         " WHERE s.user_id = $1 ORDER BY o.id",
                         {viewer.user_id});
  if (!r) return core::Fail(std::move(r.error()));
  for (size_t i = 0; i < r->size(); ++i) {
    if (r->Row(i).IsNull("parent_id")) return std::vector<std::string>();  // the whole district
    out.push_back(r->Row(i).Text("name"));
  }
  return out;
}

Result<std::vector<CockpitProblemRow>> CockpitProblems(Connection& c, const CockpitScope& scope,
                                                      const CockpitWindow& window) {
  Where w;
  const std::string today = w.Param(window.today.ToString());
  const std::string from = w.Param(domain::Date{window.month_end.year, window.month_end.month, 1}.ToString());
  const std::string to = w.Param(window.month_end.ToString());
  GJ_FAIL_IF_ERROR(AddScope(c, w, scope));
  // Overdue as problem_repository's overdue filter: being handled (办理中, 已退回, 重新打开) past
  // the deadline; a result waiting for the raiser's confirmation is not late.
  auto r = c.Query(
      "SELECT pr.type, pr.responsible_org_id,"
      " SUM(CASE WHEN pr.state <> 'closed' THEN 1 ELSE 0 END) AS open_count,"
      " SUM(CASE WHEN pr.state IN ('in_progress', 'returned', 'reopened') AND pr.deadline < " + today +
          " THEN 1 ELSE 0 END) AS overdue,"
          " SUM(CASE WHEN pr.state = 'closed' AND pr.closed_on >= " + from + " AND pr.closed_on <= " + to +
          " THEN 1 ELSE 0 END) AS closed,"
          " SUM(CASE WHEN pr.raised_on >= " + from + " AND pr.raised_on <= " + to + " THEN 1 ELSE 0 END) AS raised"
          " FROM problems pr JOIN cockpit_projects p ON p.id = pr.project_id" + w.Sql() +
          " GROUP BY pr.type, pr.responsible_org_id",
      w.params());
  if (!r) return core::Fail(std::move(r.error()));
  std::vector<CockpitProblemRow> out;
  out.reserve(r->size());
  for (size_t i = 0; i < r->size(); ++i) {
    auto row = r->Row(i);
    out.push_back({row.Text("type"), row.OptInt("responsible_org_id"), row.Int("open_count"), row.Int("overdue"),
                   row.Int("closed"), row.Int("raised")});
  }
  return out;
}

Result<std::vector<CockpitOpenApproval>> CockpitOpenApprovals(Connection& c, const CockpitScope& scope) {
  Where w;
  GJ_FAIL_IF_ERROR(AddScope(c, w, scope));
  auto r = c.Query(
      // CROSS JOIN keeps SQLite walking the items in progress (a partial index) and looking each
      // project up, rather than every project's items; the '+' keeps it from carrying a narrower
      // scope's id list over to the items and probing every item of its projects.
      "SELECT a.project_id, a.department_org_id, a.applied_on, a.limit_days, a.limit_kind FROM project_approvals a"
      " CROSS JOIN cockpit_projects p" + w.Sql() + " AND p.id = +a.project_id AND a.status = 'in_progress'",
      w.params());
  if (!r) return core::Fail(std::move(r.error()));
  std::vector<CockpitOpenApproval> out;
  out.reserve(r->size());
  for (size_t i = 0; i < r->size(); ++i) {
    auto row = r->Row(i);
    CockpitOpenApproval a;
    a.project_id = row.Int("project_id");
    a.department = row.OptInt("department_org_id");
    a.applied_on = OptDate(row, "applied_on");
    if (auto l = row.OptInt("limit_days")) a.limit_days = static_cast<int>(*l);
    a.limit_kind = row.Text("limit_kind");
    out.push_back(std::move(a));
  }
  return out;
}

namespace {

// A narrower scope's durations: its projects first, then their items (few per project), then
// the ordinals of the days between the earliest application and the latest approval, looked up
// here rather than joined twice an item.
Result<std::vector<CockpitDurationRow>> NarrowDurations(Connection& c, const CockpitScope& scope, int year,
                                                       int month) {
  Where w;
  const std::string from = w.Param(domain::Date{year, 1, 1}.ToString());
  const std::string to = w.Param(domain::Date{year, std::clamp(month, 1, 12), 31}.ToString());
  GJ_FAIL_IF_ERROR(AddScope(c, w, scope));
  w.Add("a.project_id = p.id AND a.status = 'obtained' AND a.approved_on >= " + from + " AND a.approved_on <= " + to +
        " AND a.applied_on IS NOT NULL");
  struct Item {
    std::optional<int64_t> department;
    std::string applied_on;
    std::string approved_on;
  };
  std::vector<Item> items;
  std::string first, last;
  auto walked = c.QueryEach(
      "SELECT a.department_org_id, a.applied_on, a.approved_on FROM cockpit_projects p CROSS JOIN project_approvals a" +
          w.Sql(),
      w.params(), [&](const std::vector<Value>& row) {
        Item it;
        if (const auto* d = std::get_if<int64_t>(&row[0])) it.department = *d;
        it.applied_on = std::get<std::string>(row[1]);
        it.approved_on = std::get<std::string>(row[2]);
        for (const std::string* day : {&it.applied_on, &it.approved_on}) {
          if (first.empty() || *day < first) first = *day;
          last = std::max(last, *day);
        }
        items.push_back(std::move(it));
      });
  if (!walked) return core::Fail(std::move(walked.error()));
  if (items.empty()) return std::vector<CockpitDurationRow>();
  std::unordered_map<std::string, int64_t> ordinal;
  const Params range = {Value(first), Value(last)};
  auto days = c.QueryEach("SELECT day, ordinal FROM work_day_ordinals WHERE day >= $1 AND day <= $2", range,
                          [&](const std::vector<Value>& row) {
                            ordinal.emplace(std::get<std::string>(row[0]), std::get<int64_t>(row[1]));
                          });
  if (!days) return core::Fail(std::move(days.error()));
  std::map<std::pair<std::optional<int64_t>, int64_t>, int64_t> counts;
  for (const Item& it : items) {
    auto applied = ordinal.find(it.applied_on);
    auto approved = ordinal.find(it.approved_on);
    if (applied == ordinal.end() || approved == ordinal.end()) continue;  // outside 2000–2100
    ++counts[{it.department, approved->second - applied->second}];
  }
  std::vector<CockpitDurationRow> out;
  out.reserve(counts.size());
  for (const auto& [key, n] : counts) out.push_back({key.first, static_cast<int>(key.second), n});
  return out;
}

}  // namespace

Result<std::vector<CockpitDurationRow>> CockpitApprovalDurations(Connection& c, const CockpitScope& scope, int year,
                                                                 int month) {
  Where w;
  std::string sql = "SELECT NULLIF(p.department_org_id, 0) AS department, p.days, SUM(p.items) AS n FROM ";
  const bool whole = scope.viewer.scope == domain::ScopeKind::kAll;
  if (whole) {
    sql += "cockpit_approval_cells p";
    w.Add("p.year = " + w.Param(int64_t{year}) + " AND p.month <= " + w.Param(int64_t{month}));
  } else {
    auto root = CellRoot(c, scope.viewer);
    if (!root) return core::Fail(std::move(root.error()));
    if (!*root) return NarrowDurations(c, scope, year, month);
    // The organisation's cells and the items of the viewer's projects outside them.
    const std::string from = w.Param(domain::Date{year, 1, 1}.ToString());
    const std::string to = w.Param(domain::Date{year, std::clamp(month, 1, 12), 31}.ToString());
    sql += "(SELECT c.department_org_id, c.stage, c.days, c.items FROM cockpit_org_approval_cells c WHERE c.org_id = " +
           w.Param(**root) + " AND c.year = " + w.Param(int64_t{year}) + " AND c.month <= " +
           w.Param(int64_t{month}) +
           " UNION ALL SELECT COALESCE(a.department_org_id, 0), x.stage, o2.ordinal - o1.ordinal, 1"
           " FROM cockpit_projects x CROSS JOIN project_approvals a"
           " JOIN work_day_ordinals o1 ON o1.day = a.applied_on JOIN work_day_ordinals o2 ON o2.day = a.approved_on"
           " WHERE " + LedOutside(w, scope, **root, "x", "id") +
           " AND a.project_id = x.id AND a.status = 'obtained' AND a.approved_on >= " +
           from + " AND a.approved_on <= " + to + ") p";
  }
  w.Add(whole ? StagesIn(w, scope) : OrgCellStagesIn(c, w, scope));
  // Cells emptied by the triggers stay behind with 0 items.
  sql += w.Sql() + " GROUP BY p.department_org_id, p.days HAVING SUM(p.items) <> 0";
  auto r = c.Query(sql, w.params());
  if (!r) return core::Fail(std::move(r.error()));
  std::vector<CockpitDurationRow> out;
  out.reserve(r->size());
  for (size_t i = 0; i < r->size(); ++i) {
    auto row = r->Row(i);
    out.push_back({row.OptInt("department"), static_cast<int>(row.Int("days")), row.Int("n")});
  }
  return out;
}

Status ReplaceWorkDayOrdinals(Connection& c, const std::vector<int64_t>& ordinals) {
  auto cleared = c.Exec("DELETE FROM work_day_ordinals");
  if (!cleared) return cleared.error();
  const int64_t first = 10957;  // 2000-01-01, in days from 1970-01-01
  GJ_RETURN_IF_ERROR(InChunks(ordinals.size(), [&](size_t at, size_t n) -> Status {
    Params p;
    std::string tuples;
    for (size_t i = at; i < at + n; ++i) {
      p.push_back(domain::DateFromDays(first + static_cast<int64_t>(i)).ToString());
      p.push_back(ordinals[i]);
      tuples += (i == at ? "($" : ", ($") + std::to_string(p.size() - 1) + ", $" + std::to_string(p.size()) + ")";
    }
    auto r = c.Exec("INSERT INTO work_day_ordinals (day, ordinal) VALUES " + tuples, p);
    return r ? Status::Ok() : r.error();
  }, 512));
  return RecountApprovalCells(c);
}

Status RecountApprovalCells(Connection& c) {
  for (const char* sql :
       {"DELETE FROM cockpit_approval_cells",
        "INSERT INTO cockpit_approval_cells (year, month, department_org_id, stage, days, items)"
        " SELECT CAST(substr(a.approved_on, 1, 4) AS INTEGER), CAST(substr(a.approved_on, 6, 2) AS INTEGER),"
        " COALESCE(a.department_org_id, 0), p.stage, o2.ordinal - o1.ordinal, COUNT(*)"
        " FROM project_approvals a JOIN projects p ON p.id = a.project_id"
        " JOIN work_day_ordinals o1 ON o1.day = a.applied_on JOIN work_day_ordinals o2 ON o2.day = a.approved_on"
        " WHERE a.status = 'obtained' GROUP BY 1, 2, 3, 4, 5",
        "DELETE FROM cockpit_org_approval_cells", kOrgApprovalCellsRecount}) {
    auto r = c.Exec(sql);
    if (!r) return r.error();
  }
  return Status::Ok();
}

Status RecountOrgCells(Connection& c) {
  const std::string counts =
      "INSERT INTO cockpit_org_count_cells (org_id, stage, category, level, town_org_id, unit_org_id, projects,"
      " total_investment) SELECT s.org_id, p.stage, p.category, p.level, COALESCE(p.town_org_id, 0),"
      " COALESCE(p.unit_org_id, 0), COUNT(*), SUM(p.total_investment)"
      " FROM cockpit_scope_projects s JOIN cockpit_projects p ON p.id = s.project_id"
      " GROUP BY s.org_id, p.stage, p.category, p.level, COALESCE(p.town_org_id, 0), COALESCE(p.unit_org_id, 0)";
  // The cell triggers stand aside while the scopes are recounted.
  for (const std::string& sql :
       {std::string("INSERT INTO cockpit_bulk (name) VALUES ('org_cells')"), std::string("DELETE FROM org_ancestors"),
        std::string("WITH RECURSIVE up(org_id, ancestor_id) AS (SELECT id, id FROM orgs"
                    " UNION SELECT up.org_id, o.parent_id FROM up JOIN orgs o ON o.id = up.ancestor_id"
                    " WHERE o.parent_id IS NOT NULL)"
                    " INSERT INTO org_ancestors (org_id, ancestor_id) SELECT org_id, ancestor_id FROM up"),
        std::string("DELETE FROM cockpit_scope_projects"),
        std::string("INSERT INTO cockpit_scope_projects (org_id, project_id) SELECT DISTINCT x.ancestor_id,"
                    " po.project_id FROM project_orgs po JOIN org_ancestors x ON x.org_id = po.org_id"),
        std::string("DELETE FROM cockpit_org_year_cells"), OrgYearCellsRecount(),
        std::string("DELETE FROM cockpit_org_count_cells"), counts, std::string("DELETE FROM cockpit_org_approval_cells"),
        std::string(kOrgApprovalCellsRecount), std::string("DELETE FROM cockpit_bulk WHERE name = 'org_cells'")}) {
    auto r = c.Exec(sql);
    if (!r) return r.error();
  }
  return Status::Ok();
}

namespace {

// The points in scope and, when `bucket` is given, in that bucket.
Result<size_t> PointsOf(Connection& c, const CockpitScope& scope, std::optional<int64_t> bucket,
                        const std::function<void(const CockpitPoint&)>& each) {
  Where w;
  GJ_FAIL_IF_ERROR(AddScope(c, w, scope));
  w.Add("p.longitude IS NOT NULL AND p.latitude IS NOT NULL");
  if (bucket) {
    w.Add("p.id >= " + w.Param(*bucket * kMapBucketIds) + " AND p.id < " + w.Param((*bucket + 1) * kMapBucketIds));
  }
  auto real = [](const Value& v) {
    return std::holds_alternative<double>(v) ? std::get<double>(v) : static_cast<double>(std::get<int64_t>(v));
  };
  // Streamed, read by position (the SELECT's columns) without a copy: for the whole district one
  // walk of the covering index cockpit_projects_map (49,000 rows at province scale), for a
  // narrower scope its projects by id (AddScope).
  return c.QueryEach(
      "SELECT p.id, p.name, p.longitude, p.latitude, p.colour FROM cockpit_projects p" + w.Sql(), w.params(),
      [&](const std::vector<Value>& row) {
        each({std::get<int64_t>(row[0]), std::get<std::string>(row[1]), real(row[2]), real(row[3]),
              std::get<std::string>(row[4])});
      });
}

}  // namespace

Result<size_t> CockpitPoints(Connection& c, const CockpitScope& scope, const std::function<void(const CockpitPoint&)>& each) {
  return PointsOf(c, scope, std::nullopt, each);
}

Result<size_t> CockpitBucketPoints(Connection& c, const CockpitScope& scope, int64_t bucket,
                                   const std::function<void(const CockpitPoint&)>& each) {
  return PointsOf(c, scope, bucket, each);
}

Result<std::vector<MapBucketGeneration>> CockpitMapBuckets(Connection& c) {
  std::vector<MapBucketGeneration> out;
  auto r = c.QueryEach("SELECT bucket, generation FROM cockpit_map_buckets ORDER BY bucket", {},
                       [&](const std::vector<Value>& row) {
                         out.push_back({std::get<int64_t>(row[0]), std::get<int64_t>(row[1])});
                       });
  if (!r) return core::Fail(std::move(r.error()));
  return out;
}

Result<std::vector<CockpitLeaderProject>> CockpitLeaderProjects(Connection& c, const CockpitScope& scope,
                                                                const CockpitWindow& window) {
  Where w;
  const std::string year = w.Param(int64_t{window.year});
  GJ_FAIL_IF_ERROR(AddScope(c, w, scope, /*narrowed=*/true));
  w.Add("p.leader_user_id = " + w.Param(scope.viewer.user_id));
  auto r = c.Query("SELECT p.id, p.name, p.stage, p.colour, p.town_org_id, t.name AS town_name,"
                   " COALESCE(y.planned, 0) AS planned, COALESCE(y." + std::string(MonthColumn(kDone, window.month)) +
                       ", 0) AS completed FROM cockpit_projects p LEFT JOIN orgs t ON t.id = p.town_org_id"
                       " LEFT JOIN cockpit_years y ON y.year = " + year + " AND y.project_id = p.id" + w.Sql() +
                       " ORDER BY p.id",
                   w.params());
  if (!r) return core::Fail(std::move(r.error()));
  std::vector<CockpitLeaderProject> out;
  std::map<int64_t, size_t> at;
  Params ids;
  std::string in;
  for (size_t i = 0; i < r->size(); ++i) {
    auto row = r->Row(i);
    CockpitLeaderProject p;
    p.id = row.Int("id");
    p.name = row.Text("name");
    p.stage = row.Text("stage");
    p.colour = row.Text("colour");
    p.town_org_id = row.OptInt("town_org_id");
    p.town = row.Text("town_name");
    p.planned = row.Int("planned");
    p.completed = row.Int("completed");
    at[p.id] = out.size();
    ids.push_back(p.id);
    in += (in.empty() ? "$" : ", $") + std::to_string(ids.size());
    out.push_back(std::move(p));
  }
  if (out.empty()) return out;
  Params with_today = ids;
  with_today.push_back(window.today.ToString());
  const std::string today = "$" + std::to_string(with_today.size());
  auto problems = c.Query(
      "SELECT project_id, SUM(CASE WHEN state <> 'closed' THEN 1 ELSE 0 END) AS open_count,"
      " SUM(CASE WHEN state IN ('in_progress', 'returned', 'reopened') AND deadline < " + today +
          " THEN 1 ELSE 0 END) AS overdue FROM problems WHERE project_id IN (" + in + ") GROUP BY project_id",
      with_today);
  if (!problems) return core::Fail(std::move(problems.error()));
  for (size_t i = 0; i < problems->size(); ++i) {
    auto row = problems->Row(i);
    CockpitLeaderProject& p = out[at[row.Int("project_id")]];
    p.open_problems = row.Int("open_count");
    p.overdue_problems = row.Int("overdue");
  }
  auto reasons = WorstReasons(c, " WHERE w.project_id IN (" + in + ")", ids);
  if (!reasons) return core::Fail(std::move(reasons.error()));
  for (auto& [id, reason] : *reasons) out[at[id]].reason = std::move(reason);
  return out;
}

bool IsProblemFigure(CockpitFigure f) {
  return f == CockpitFigure::kProblemsOpen || f == CockpitFigure::kProblemsOverdue ||
         f == CockpitFigure::kProblemsClosed || f == CockpitFigure::kProblemsRaised;
}

bool IsApprovalFigure(CockpitFigure f) {
  return f == CockpitFigure::kApprovalsInProgress || f == CockpitFigure::kApprovalsYellow ||
         f == CockpitFigure::kApprovalsRed;
}

namespace {

// The count, the sum and the page of `rows` (columns id, value: integers), ordered by value
// descending, then id, in one walk: the year's money rows are wide, and a second walk for the
// page cost as much as the first.
Status CountSumAndPage(Connection& c, const std::string& rows, const Params& params, const PageRequest& page,
                       CockpitItems& out) {
  std::vector<std::pair<int64_t, int64_t>> all;  // value, id
  auto walked = c.QueryEach(rows, params, [&](const std::vector<Value>& r) {
    all.emplace_back(std::get<int64_t>(r[1]), std::get<int64_t>(r[0]));
  });
  if (!walked) return walked.error();
  out.total = static_cast<int64_t>(all.size());
  out.sum = 0;
  for (const auto& [v, id] : all) out.sum += v;
  const size_t first = std::min(all.size(), static_cast<size_t>(page.Offset()));
  const size_t last = std::min(all.size(), first + static_cast<size_t>(page.page_size));
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(last), all.end(),
                    [](const auto& x, const auto& y) { return x.first != y.first ? x.first > y.first : x.second < y.second; });
  for (size_t i = first; i < last; ++i) {
    CockpitItem item;
    item.project_id = all[i].second;
    item.value = all[i].first;
    out.items.push_back(std::move(item));
  }
  return Status::Ok();
}

}  // namespace

Result<CockpitItems> CockpitProjects(Connection& c, const CockpitScope& scope, const CockpitWindow& window,
                                     CockpitFigure figure, const CockpitNarrow& narrow, const PageRequest& page) {
  if (IsApprovalFigure(figure)) return core::Fail(Status::Internal("cockpit drill-down: approval figures are the API's"));
  CockpitItems out;
  Where w;
  std::string from, value, order;
  const bool problem = IsProblemFigure(figure);
  // Only the parameters a figure uses: PostgreSQL cannot type one that appears nowhere.
  const bool money = figure == CockpitFigure::kAnnualPlanned || figure == CockpitFigure::kCompletedYtd ||
                     figure == CockpitFigure::kCompletedMonth;
  const std::string year = money ? w.Param(int64_t{window.year}) : std::string();
  // The month alone: the cumulative columns' difference (as engine::TrendOf's completed_month).
  const std::string done = "p." + std::string(MonthColumn(kDone, window.month));
  const std::string month_done =
      window.month > 1 ? "(" + done + " - p." + std::string(MonthColumn(kDone, window.month - 1)) + ")" : done;
  // The window's month, as CockpitProblems counts closings and raisings.
  auto in_month = [&](const std::string& column) {
    w.Add(column + " >= " + w.Param(domain::Date{window.month_end.year, window.month_end.month, 1}.ToString()) +
          " AND " + column + " <= " + w.Param(window.month_end.ToString()));
  };
  GJ_FAIL_IF_ERROR(AddScope(c, w, scope, /*narrowed=*/true));
  GJ_FAIL_IF_ERROR(AddNarrow(w, narrow, problem));
  auto within = [&](const char* column) {
    w.Add(std::string(column) + " >= " + w.Param(domain::Date{window.year, 1, 1}.ToString()) + " AND " + column +
          " <= " + w.Param(window.month_end.ToString()));
  };
  std::string group_by;
  switch (figure) {
    case CockpitFigure::kProjects: break;
    case CockpitFigure::kTotalInvestment: w.Add("p.total_investment <> 0"); break;
    case CockpitFigure::kNewStarts: within("p.actual_start"); break;
    case CockpitFigure::kCompletions: within("p.actual_completion"); break;
    case CockpitFigure::kRed: w.Add("p.colour = 'red'"); break;
    case CockpitFigure::kYellow: w.Add("p.colour = 'yellow'"); break;
    case CockpitFigure::kGreen: w.Add("p.colour NOT IN ('red', 'yellow')"); break;
    case CockpitFigure::kAnnualPlanned: w.Add("p.planned <> 0"); break;
    case CockpitFigure::kCompletedYtd: w.Add(done + " <> 0"); break;
    case CockpitFigure::kCompletedMonth: w.Add(month_done + " <> 0"); break;
    case CockpitFigure::kProblemsOpen: w.Add("pr.state <> 'closed'"); break;
    case CockpitFigure::kProblemsOverdue:
      w.Add("pr.state IN ('in_progress', 'returned', 'reopened') AND pr.deadline < " + w.Param(window.today.ToString()));
      break;
    case CockpitFigure::kProblemsClosed:
      w.Add("pr.state = 'closed'");
      in_month("pr.closed_on");
      break;
    case CockpitFigure::kProblemsRaised: in_month("pr.raised_on"); break;
    case CockpitFigure::kApprovalsInProgress:
    case CockpitFigure::kApprovalsYellow:
    case CockpitFigure::kApprovalsRed: break;  // refused above
  }
  if (money) {
    // The year's money rows carry no name: equal amounts in project id order (CountSumAndPage).
    from = " FROM " + YearRows(year);
    value = figure == CockpitFigure::kAnnualPlanned ? std::string("p.planned")
            : figure == CockpitFigure::kCompletedYtd ? done
                                                      : month_done;
  } else if (problem) {
    from = ", p.name FROM problems pr JOIN cockpit_projects p ON p.id = pr.project_id";
    value = "COUNT(*)";
    group_by = " GROUP BY p.id, p.name";
    order = " ORDER BY t.value DESC, t.name, t.id";
  } else if (figure == CockpitFigure::kTotalInvestment) {
    from = ", p.name FROM cockpit_projects p";
    value = "p.total_investment";
    order = " ORDER BY t.value DESC, t.name, t.id";
  } else {
    from = ", p.name FROM cockpit_projects p";
    value = "1";
    order = " ORDER BY t.name, t.id";
  }
  const std::string rows = "SELECT p.id, " + value + " AS value" + from + w.Sql() + group_by;
  if (money) {
    GJ_FAIL_IF_ERROR(CountSumAndPage(c, rows, w.params(), page, out));
    GJ_FAIL_IF_ERROR(NameCockpitItems(c, out.items));
    return out;
  }
  // The count and the sum, then the page (two plain passes are faster in SQLite than one with
  // window functions, which copies every row aside before sorting).
  auto totals = c.Query("SELECT COUNT(*) AS n, COALESCE(SUM(value), 0) AS s FROM (" + rows + ") t", w.params());
  if (!totals) return core::Fail(std::move(totals.error()));
  out.total = totals->First().Int("n");
  out.sum = totals->First().Int("s");
  Where paged = w;
  const std::string limit = paged.Param(page.page_size);
  const std::string offset = paged.Param(page.Offset());
  auto items = c.Query("SELECT t.* FROM (" + rows + ") t" + order + " LIMIT " + limit + " OFFSET " + offset,
                       paged.params());
  if (!items) return core::Fail(std::move(items.error()));
  for (size_t i = 0; i < items->size(); ++i) {
    auto r = items->Row(i);
    CockpitItem item;
    item.project_id = r.Int("id");
    item.value = r.Int("value");
    out.items.push_back(std::move(item));
  }
  GJ_FAIL_IF_ERROR(NameCockpitItems(c, out.items));
  return out;
}

Status NameCockpitItems(Connection& c, std::vector<CockpitItem>& items) {
  std::map<int64_t, std::array<std::string, 3>> by_id;
  // A page at once (one statement as before); longer lists in lists of 500 ids.
  constexpr size_t kChunk = 500;
  for (size_t first = 0; first < items.size(); first += kChunk) {
    const size_t n = std::min(kChunk, items.size() - first);
    Params ids;
    std::string in;
    for (size_t i = first; i < first + n; ++i) {
      ids.push_back(items[i].project_id);
      in += (in.empty() ? "$" : ", $") + std::to_string(ids.size());
    }
    auto names = c.Query(
        "SELECT p.id, p.name, t.name AS town, u.name AS unit FROM cockpit_projects p"
        " LEFT JOIN orgs t ON t.id = p.town_org_id LEFT JOIN orgs u ON u.id = p.unit_org_id WHERE p.id IN (" + in + ")",
        ids);
    if (!names) return names.error();
    for (size_t i = 0; i < names->size(); ++i) {
      auto r = names->Row(i);
      by_id[r.Int("id")] = {r.Text("name"), r.Text("town"), r.Text("unit")};
    }
  }
  for (CockpitItem& item : items) {
    if (auto it = by_id.find(item.project_id); it != by_id.end()) {
      item.name = it->second[0];
      item.town = it->second[1];
      item.unit = it->second[2];
    }
  }
  return Status::Ok();
}

}  // namespace gongjian::store
