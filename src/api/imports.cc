#include "api/imports.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

#include "api/errors.h"
#include "api/json_input.h"
#include "api/projects.h"
#include "api/respond.h"
#include "api/session.h"
#include "api/warnings.h"
#include "auth/policy.h"
#include "core/sm3.h"
#include "core/clock.h"
#include "domain/labels.h"
#include "domain/report.h"
#include "domain/sheet_values.h"
#include "domain/text.h"
#include "io/file_store.h"
#include "io/sheet_table.h"
#include "io/xlsx_writer.h"
#include "store/audit_repository.h"
#include "store/import_repository.h"
#include "store/project_repository.h"
#include "store/report_repository.h"
#include "store/round_repository.h"

namespace gongjian::api {
namespace {

using core::Result;
using core::Status;
using domain::Project;
using nlohmann::json;

constexpr size_t kMaxImportBytes = 20 << 20;

// ---- The fields of a project list, in template order ----

const std::vector<io::ImportFieldSpec>& ProjectFields() {
  static const std::vector<io::ImportFieldSpec> kFields = {
      {"national_code", "项目代码", false, {"统一代码", "投资项目统一代码", "项目统一代码", "全国投资项目代码", "项目编码", "备案代码"}},
      {"name", "项目名称", true, {"名称", "项目全称"}},
      {"short_name", "项目简称", false, {"简称"}},
      {"level", "项目级别", false, {"级别", "重点级别", "项目层级"}},
      {"category", "项目类别", false, {"类别", "项目类型", "项目分类"}},
      {"industry", "所属行业", false, {"行业", "国民经济行业"}},
      {"nature", "建设性质", false, {"性质"}},
      {"regime", "审批类型", false, {"审批方式", "立项方式", "核准备案类型"}},
      {"subject", "投资主体", false, {"主体类型", "投资主体类型"}},
      {"town", "所在镇街", false, {"镇街", "所在乡镇", "乡镇街道", "所属镇街", "属地"}},
      {"address", "建设地点", false, {"项目地址", "详细地址", "地址", "项目地点"}},
      {"longitude", "经度", false, {}},
      {"latitude", "纬度", false, {}},
      {"content", "建设内容及规模", false, {"建设内容", "建设规模及内容", "主要建设内容", "建设规模"}},
      {"total_investment", "总投资（万元）", false, {"总投资", "计划总投资", "项目总投资", "总投资额"}},
      {"planned_start", "计划开工时间", false, {"开工时间", "计划开工", "计划开工日期", "开工日期"}},
      {"planned_completion", "计划竣工时间", false, {"竣工时间", "计划竣工", "计划竣工日期", "竣工日期", "计划完工时间"}},
      {"owner_org", "业主单位", false, {"项目业主", "建设单位", "项目单位", "业主"}},
      {"responsible_orgs", "责任单位", false, {"牵头单位", "责任部门", "主要责任单位"}},
      {"contacts", "联系人及电话", false, {"联系人", "联系方式", "联系电话"}},
      {"tags", "标签", false, {"项目标签"}},
      {"remarks", "备注", false, {"说明"}},
  };
  return kFields;
}

// The fields of a monthly report sheet: the project (by code or name) and the month's figures.
const std::vector<io::ImportFieldSpec>& ReportFields() {
  static const std::vector<io::ImportFieldSpec> kFields = {
      {"national_code", "项目代码", false, {"统一代码", "投资项目统一代码", "项目统一代码", "全国投资项目代码", "项目编码"}},
      {"name", "项目名称", true, {"名称", "项目全称"}},
      {"investment", "本月完成投资（万元）", false, {"本月完成投资", "当月完成投资", "月度完成投资", "本月投资", "完成投资"}},
      {"progress_text", "形象进度", false, {"本月形象进度", "工程进度", "进展情况", "本月进展"}},
      {"progress", "形象进度百分比", false, {"形象进度%", "进度百分比", "完成比例", "工程进度%", "形象进度完成比例"}},
      {"workers_required", "用工需求（人）", false, {"用工需求", "需用工人数"}},
      {"workers_on_site", "在岗人数（人）", false, {"在岗人数", "现场用工", "施工人数", "用工人数", "在岗工人"}},
      {"site", "施工状态", false, {"开工状态", "现场状态", "建设状态"}},
      {"problems", "存在问题及困难", false, {"存在问题", "问题及困难", "存在的问题"}},
      {"next_plan", "下月工作计划", false, {"下月计划", "下步计划", "下一步工作计划"}},
  };
  return kFields;
}

const std::vector<io::ImportFieldSpec>& FieldsOf(std::string_view kind) {
  return kind == "reports" ? ReportFields() : ProjectFields();
}

// What the user chose for a preview.
struct Choices {
  size_t sheet = 0;
  std::optional<int32_t> header_line;
  std::map<int32_t, std::string> mapping;  // column → field key, "" = not imported
};

json MappingJson(const Choices& c) {
  json m = json::object();
  for (const auto& [column, field] : c.mapping) m[std::to_string(column)] = field.empty() ? json(nullptr) : json(field);
  return m;
}

Result<Choices> ChoicesOf(const store::ImportRecord& r) {
  Choices c;
  c.sheet = static_cast<size_t>(r.sheet);
  c.header_line = r.header_line;
  json m = json::parse(r.mapping, nullptr, false);
  if (m.is_object()) {
    for (const auto& [k, v] : m.items()) c.mapping[std::stoi(k)] = v.is_string() ? v.get<std::string>() : "";
  }
  return c;
}

// ---- One row's outcome ----

struct CellError {
  std::string column;  // "C", or "" when the field has no column
  std::string field;
  std::string message;
};

struct RowOutcome {
  int32_t line = 0;
  std::string action;  // create, update, unchanged, skipped, error
  std::optional<int64_t> project_id;
  int64_t version = 0;
  std::string name;
  std::string reason;
  json changes = json::object();
  std::vector<CellError> errors;
  Project project;  // what create/update writes (projects)
  domain::MonthlyReport report;  // what create/update writes (reports); version 0 for a new one
};

struct Preview {
  io::Table table;
  io::TableLayout layout;
  std::vector<RowOutcome> rows;
  std::vector<std::string> missing_required;
  std::string fingerprint;
};

// The display text of a project's importable fields, for comparing and for showing changes.
std::map<std::string, std::string> Display(const Project& p, const std::map<int64_t, std::string>& org_names) {
  auto org = [&](const std::optional<int64_t>& id) -> std::string {
    if (!id) return "";
    auto it = org_names.find(*id);
    return it == org_names.end() ? std::to_string(*id) : it->second;
  };
  auto date = [](const std::optional<domain::Date>& d) { return d ? d->ToString() : std::string(); };
  auto real = [](const std::optional<double>& v) {
    if (!v) return std::string();
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6f", *v);
    return std::string(buf);
  };
  std::string responsible, tags;
  for (int64_t id : p.responsible_org_ids) responsible += (responsible.empty() ? "" : "、") + org(id);
  for (const auto& t : p.tags) tags += (tags.empty() ? "" : "、") + t;
  std::string yuan = domain::FormatYuan(p.total_investment);
  return {{"national_code", p.national_code},
          {"name", p.name},
          {"short_name", p.short_name},
          {"level", std::string(domain::ProjectLevelLabel(p.level))},
          {"category", std::string(domain::ProjectCategoryLabel(p.category))},
          {"industry", p.industry},
          {"nature", std::string(domain::ConstructionNatureLabel(p.nature))},
          {"regime", std::string(domain::ApprovalRegimeLabel(p.regime))},
          {"subject", std::string(domain::InvestmentSubjectLabel(p.subject))},
          {"town", org(p.town_org_id)},
          {"address", p.address},
          {"longitude", real(p.longitude)},
          {"latitude", real(p.latitude)},
          {"content", p.content},
          {"total_investment", yuan + "元"},
          {"planned_start", date(p.planned_start)},
          {"planned_completion", date(p.planned_completion)},
          {"owner_org", org(p.owner_org_id)},
          {"responsible_orgs", responsible},
          {"contacts", p.contacts},
          {"tags", tags},
          {"remarks", p.remarks}};
}

// What the preview needs from the database: the scope's projects by code and name, and in full
// only those the sheet names.
struct Directory {
  std::vector<store::ProjectKey> keys;  // in the viewer's scope
  std::unordered_map<std::string, size_t> by_code;
  std::unordered_multimap<std::string, size_t> by_name;
  std::map<int64_t, store::ProjectView> projects;  // the named ones, fully loaded
  std::unordered_map<std::string, int64_t> all_codes;  // whatever the scope
  std::multimap<std::string, int64_t> orgs;
  std::map<int64_t, std::string> org_names;
};

// The trimmed text of `field`'s column in every data row.
std::vector<std::string> ColumnTexts(const io::Table& t, const io::TableLayout& layout, std::string_view field) {
  std::vector<std::string> out;
  const io::TableColumn* col = layout.ColumnOf(field);
  if (!col) return out;
  for (size_t i = layout.header_last + 1; i < t.rows.size(); ++i) {
    std::string text = domain::TrimSpaces(t.At(i, static_cast<size_t>(col->index)).text);
    if (!text.empty()) out.push_back(std::move(text));
  }
  return out;
}

Result<Directory> LoadDirectory(store::Connection& c, const store::Viewer& viewer, const io::Table& t,
                                const io::TableLayout& layout) {
  Directory d;
  auto keys = store::ProjectKeys(c, viewer);
  if (!keys) return core::Fail(keys.error());
  d.keys = std::move(*keys);
  for (size_t i = 0; i < d.keys.size(); ++i) {
    if (!d.keys[i].national_code.empty()) d.by_code.emplace(d.keys[i].national_code, i);
    d.by_name.emplace(d.keys[i].name, i);
  }
  std::set<int64_t> named;
  for (const std::string& code : ColumnTexts(t, layout, "national_code")) {
    if (auto it = d.by_code.find(code); it != d.by_code.end()) named.insert(d.keys[it->second].id);
  }
  for (const std::string& name : ColumnTexts(t, layout, "name")) {
    auto [from, to] = d.by_name.equal_range(name);
    for (auto it = from; it != to; ++it) named.insert(d.keys[it->second].id);
  }
  auto views = store::ProjectsByIds(c, std::vector<int64_t>(named.begin(), named.end()));
  if (!views) return core::Fail(views.error());
  for (auto& v : *views) d.projects.emplace(v.project.id, std::move(v));
  auto codes = store::ProjectIdsByNationalCode(c);
  if (!codes) return core::Fail(codes.error());
  d.all_codes = std::move(*codes);
  auto orgs = store::OrgIdsByName(c);
  if (!orgs) return core::Fail(orgs.error());
  d.orgs = std::move(*orgs);
  for (const auto& [name, id] : d.orgs) d.org_names[id] = name;
  return d;
}

// Reads a row's mapped cells into `p` (only the cells with a value change it). Errors go to `out`.
class RowReader {
 public:
  RowReader(const io::Table& t, size_t row, const io::TableLayout& layout, const Directory& dir, std::string_view lang,
            RowOutcome& out)
      : t_(t), row_(row), layout_(layout), dir_(dir), lang_(lang), out_(out) {}

  // The trimmed text of `field`'s cell; nullopt when unmapped or blank.
  std::optional<std::string> Text(std::string_view field, const io::TableCell** cell = nullptr) const {
    const io::TableColumn* col = layout_.ColumnOf(field);
    if (!col) return std::nullopt;
    const io::TableCell& c = t_.At(row_, static_cast<size_t>(col->index));
    std::string text = domain::TrimSpaces(c.text);
    if (text.empty()) return std::nullopt;
    if (cell) *cell = &c;
    return text;
  }

  void Fail(std::string_view field, const Status& s) {
    const io::TableColumn* col = layout_.ColumnOf(field);
    std::string header = col ? col->header : std::string(field);
    std::erase(header, '*');  // the template marks required columns
    Status named = Status::Invalid("", s.key(), s.args());
    std::string message = Message(named, lang_);
    // The catalogue names the field by its API label; the user knows the column's header.
    out_.errors.push_back({col ? io::ColumnLetter(col->index) : "", std::string(field), header + "：" + message});
  }

  void ReadText(std::string_view field, std::string& target) {
    if (auto v = Text(field)) target = *v;
  }

  template <typename E>
  void ReadEnum(std::string_view field, std::optional<E> (*parse)(std::string_view), E& target) {
    auto v = Text(field);
    if (!v) return;
    if (auto e = parse(*v)) {
      target = *e;
    } else {
      Fail(field, Status::Invalid("", "import_unknown_value", {*v}));
    }
  }

  void ReadMoney(std::string_view field, domain::Fen& target) {
    const io::TableCell* cell = nullptr;
    auto v = Text(field, &cell);
    if (!v) return;
    const io::TableColumn* col = layout_.ColumnOf(field);
    auto fen = domain::ParseAmount(field, *v, domain::AmountUnitOfHeader(col->header),
                                   cell->kind == io::TableCellKind::kNumber);
    if (fen) {
      target = *fen;
    } else {
      Fail(field, fen.error());
    }
  }

  void ReadDate(std::string_view field, std::optional<domain::Date>& target) {
    const io::TableCell* cell = nullptr;
    auto v = Text(field, &cell);
    if (!v) return;
    std::optional<domain::Date> d = cell->kind == io::TableCellKind::kNumber ? domain::DateFromExcelSerial(*v)
                                                                              : domain::ParseLooseDate(*v);
    if (d) {
      target = d;
    } else {
      Fail(field, Status::Invalid("", "import_not_a_date", {*v}));
    }
  }

  void ReadPercent(std::string_view field, int& target) {
    const io::TableCell* cell = nullptr;
    auto v = Text(field, &cell);
    if (!v) return;
    auto bp = domain::ParsePercent(field, *v, cell->kind == io::TableCellKind::kNumber);
    if (bp) {
      target = *bp;
    } else {
      Fail(field, bp.error());
    }
  }

  void ReadCount(std::string_view field, int& target) {
    auto v = Text(field);
    if (!v) return;
    auto n = domain::ParseCount(field, *v);
    if (n) {
      target = static_cast<int>(*n);
    } else {
      Fail(field, n.error());
    }
  }

  void ReadReal(std::string_view field, std::optional<double>& target) {
    auto v = Text(field);
    if (!v) return;
    std::string s = domain::FoldFullWidth(*v);
    char* end = nullptr;
    double d = std::strtod(s.c_str(), &end);
    if (end == s.c_str() || *end != '\0') {
      Fail(field, Status::Invalid("", "not_a_number", {*v}));
      return;
    }
    target = d;
  }

  // One organisation by name; nullopt (with an error) when unknown or ambiguous.
  std::optional<int64_t> Org(std::string_view field, const std::string& name) {
    auto [from, to] = dir_.orgs.equal_range(name);
    if (from == to) {
      Fail(field, Status::Invalid("", "import_unknown_org", {name}));
      return std::nullopt;
    }
    if (std::next(from) != to) {
      Fail(field, Status::Invalid("", "import_ambiguous_org", {name}));
      return std::nullopt;
    }
    return from->second;
  }

  void ReadOrg(std::string_view field, std::optional<int64_t>& target) {
    auto v = Text(field);
    if (!v) return;
    if (auto id = Org(field, *v)) target = id;
  }

  // Names separated by 、，,；; or line breaks.
  static std::vector<std::string> SplitList(const std::string& text) {
    std::string s = text;
    for (std::string_view sep : {"、", "，", "；", ";", "\n", "\r"}) {
      for (size_t at; (at = s.find(sep)) != std::string::npos;) s.replace(at, sep.size(), ",");
    }
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= s.size()) {
      size_t end = s.find(',', start);
      if (end == std::string::npos) end = s.size();
      std::string part = domain::TrimSpaces(s.substr(start, end - start));
      if (!part.empty()) out.push_back(part);
      start = end + 1;
    }
    return out;
  }

  void ReadOrgList(std::string_view field, std::vector<int64_t>& target) {
    auto v = Text(field);
    if (!v) return;
    std::vector<int64_t> ids;
    for (const std::string& name : SplitList(*v)) {
      if (auto id = Org(field, name)) ids.push_back(*id);
    }
    target = ids;
  }

  void ReadTags(std::string_view field, std::vector<std::string>& target) {
    if (auto v = Text(field)) target = SplitList(*v);
  }

 private:
  const io::Table& t_;
  size_t row_;
  const io::TableLayout& layout_;
  const Directory& dir_;
  std::string_view lang_;
  RowOutcome& out_;
};

void ReadProjectRow(RowReader& r, Project& p) {
  r.ReadText("national_code", p.national_code);
  r.ReadText("name", p.name);
  r.ReadText("short_name", p.short_name);
  r.ReadEnum("level", domain::ParseProjectLevelLabel, p.level);
  r.ReadEnum("category", domain::ParseProjectCategoryLabel, p.category);
  r.ReadText("industry", p.industry);
  r.ReadEnum("nature", domain::ParseConstructionNatureLabel, p.nature);
  r.ReadEnum("regime", domain::ParseApprovalRegimeLabel, p.regime);
  r.ReadEnum("subject", domain::ParseInvestmentSubjectLabel, p.subject);
  r.ReadOrg("town", p.town_org_id);
  r.ReadText("address", p.address);
  r.ReadReal("longitude", p.longitude);
  r.ReadReal("latitude", p.latitude);
  r.ReadText("content", p.content);
  r.ReadMoney("total_investment", p.total_investment);
  r.ReadDate("planned_start", p.planned_start);
  r.ReadDate("planned_completion", p.planned_completion);
  r.ReadOrg("owner_org", p.owner_org_id);
  r.ReadOrgList("responsible_orgs", p.responsible_org_ids);
  r.ReadText("contacts", p.contacts);
  r.ReadTags("tags", p.tags);
  r.ReadText("remarks", p.remarks);
}

// The import field a validation error of domain::ValidateProject belongs to.
std::string ImportFieldOf(std::string_view field) {
  if (field == "town_org_id") return "town";
  if (field == "owner_org_id") return "owner_org";
  if (field == "responsible_org_ids") return "responsible_orgs";
  if (field.starts_with("funds")) return "total_investment";
  return std::string(field);
}

// The project a row names: by national code, else by exact name (unique in scope). Reports
// errors on the row for a code held outside the scope and for an ambiguous name.
const store::ProjectView* MatchProject(RowReader& reader, const Directory& dir, const std::optional<std::string>& code,
                                       const std::optional<std::string>& name) {
  auto view = [&](size_t key) -> const store::ProjectView* {
    auto it = dir.projects.find(dir.keys[key].id);
    return it == dir.projects.end() ? nullptr : &it->second;
  };
  if (code) {
    if (auto it = dir.by_code.find(*code); it != dir.by_code.end()) return view(it->second);
    if (dir.all_codes.contains(*code)) reader.Fail("national_code", Status::Invalid("", "import_code_out_of_scope", {*code}));
    return nullptr;
  }
  if (!name) return nullptr;
  auto [from, to] = dir.by_name.equal_range(*name);
  if (from == to) return nullptr;
  if (std::next(from) != to) {
    reader.Fail("name", Status::Invalid("", "import_ambiguous_name", {*name}));
    return nullptr;
  }
  return view(from->second);
}

// Rows naming the same project twice: the second is an error naming the first.
class SeenRows {
 public:
  void Check(RowReader& reader, const std::optional<std::string>& code, const std::optional<std::string>& name,
             int32_t line) {
    if (!code && !name) return;
    int32_t& first = code ? codes_[*code] : names_[*name];
    if (first != 0) {
      reader.Fail(code ? "national_code" : "name", Status::Invalid("", "import_duplicate_row", {std::to_string(first)}));
    } else {
      first = line;
    }
  }

 private:
  std::unordered_map<std::string, int32_t> codes_, names_;
};

// `after` against `before` as {field: [before, after]} for the fields that differ.
json ChangesOf(std::map<std::string, std::string> before, const std::map<std::string, std::string>& after) {
  json changes = json::object();
  for (const auto& [field, value] : after) {
    if (before[field] != value) changes[field] = json::array({before[field], value});
  }
  return changes;
}

// Starts the outcome of data row `i`; when the row is a totals row, a heading or a note, lists it
// as skipped with the reason and returns true.
bool ListedAsSkipped(Preview& pv, size_t i, RowOutcome& out) {
  out.line = pv.table.rows[i].line;
  std::string reason = io::SkipReason(pv.table.rows[i]);
  if (reason.empty()) return false;
  out.action = "skipped";
  out.reason = std::move(reason);
  pv.rows.push_back(std::move(out));
  return true;
}

// Works out what each data row of a project list would do.
void PreviewProjects(Preview& pv, const Directory& dir, std::string_view lang) {
  const io::Table& t = pv.table;
  SeenRows seen;
  for (size_t i = pv.layout.header_last + 1; i < t.rows.size(); ++i) {
    RowOutcome out;
    if (ListedAsSkipped(pv, i, out)) continue;
    RowReader reader(t, i, pv.layout, dir, lang, out);
    auto code = reader.Text("national_code");
    auto name = reader.Text("name");
    const store::ProjectView* match = MatchProject(reader, dir, code, name);
    seen.Check(reader, code, name, out.line);
    Project p;
    if (match) {
      p = match->project;
      out.project_id = p.id;
      out.version = p.version;
    } else {
      p.level = domain::ProjectLevel::kGeneral;
    }
    ReadProjectRow(reader, p);
    if (!match) {
      if (!name) reader.Fail("name", Status::Invalid("", "required"));
      for (const char* field : {"category", "owner_org", "total_investment"}) {
        if (!reader.Text(field)) reader.Fail(field, Status::Invalid("", "import_required_for_new"));
      }
    }
    // The import does not carry the funds split: it is dropped when the total changes, since
    // it would no longer add up.
    if (match && p.total_investment != match->project.total_investment) p.funds.clear();
    if (out.errors.empty()) {
      if (Status s = domain::ValidateProject(p); !s.ok()) reader.Fail(ImportFieldOf(s.field()), s);
    }
    out.name = p.name;
    if (!out.errors.empty()) {
      out.action = "error";
    } else if (!match) {
      out.action = "create";
    } else {
      out.changes = ChangesOf(Display(match->project, dir.org_names), Display(p, dir.org_names));
      out.action = out.changes.empty() ? "unchanged" : "update";
    }
    out.project = std::move(p);
    pv.rows.push_back(std::move(out));
  }
}

// The display text of a report's importable fields.
std::map<std::string, std::string> Display(const domain::MonthlyReport& r) {
  char progress[16];
  std::snprintf(progress, sizeof progress, "%d.%02d%%", r.progress / 100, r.progress % 100);
  return {{"investment", domain::FormatYuan(r.investment) + "元"},
          {"progress_text", r.progress_text},
          {"progress", progress},
          {"workers_required", std::to_string(r.workers_required)},
          {"workers_on_site", std::to_string(r.workers_on_site)},
          {"site", std::string(domain::SiteStatusLabel(r.site))},
          {"problems", r.problems},
          {"next_plan", r.next_plan}};
}

// Works out what each data row of a monthly report sheet would do for `period`: create the
// month's draft, update an editable one (draft or returned), or refuse a submitted or accepted
// one; outside an open dispatch round only the office may import.
Status PreviewReports(Preview& pv, store::Connection& c, const Directory& dir, domain::Period period, bool office,
                      domain::Date today, std::string_view lang) {
  const io::Table& t = pv.table;
  SeenRows seen;
  for (size_t i = pv.layout.header_last + 1; i < t.rows.size(); ++i) {
    RowOutcome out;
    if (ListedAsSkipped(pv, i, out)) continue;
    RowReader reader(t, i, pv.layout, dir, lang, out);
    auto code = reader.Text("national_code");
    auto name = reader.Text("name");
    out.name = name.value_or("");
    const store::ProjectView* match = MatchProject(reader, dir, code, name);
    seen.Check(reader, code, name, out.line);
    if (!match && out.errors.empty()) reader.Fail(code ? "national_code" : "name", Status::Invalid("", "import_no_project"));
    domain::MonthlyReport r;
    std::optional<domain::MonthlyReport> current;
    if (match) {
      out.project_id = match->project.id;
      out.name = match->project.name;
      auto versions = store::ListReportVersions(c, match->project.id, period);
      if (!versions) return versions.error();
      if (!versions->empty()) current = versions->front();
      if (current && !domain::ReportEditable(current->status)) {
        reader.Fail("name", Status::Invalid("", "import_report_locked"));
      }
      if (!office) {
        if (Status w = store::CheckReportingWindow(c, match->project.id, period, today); !w.ok()) {
          reader.Fail("name", Status::Invalid("", "import_round_not_open", {period.ToString()}));
        }
      }
      if (current) {
        r = *current;
        out.version = current->version;
      } else {
        r.project_id = match->project.id;
        r.period = period;
      }
    }
    reader.ReadMoney("investment", r.investment);
    reader.ReadText("progress_text", r.progress_text);
    reader.ReadPercent("progress", r.progress);
    reader.ReadCount("workers_required", r.workers_required);
    reader.ReadCount("workers_on_site", r.workers_on_site);
    reader.ReadEnum("site", domain::ParseSiteStatusLabel, r.site);
    reader.ReadText("problems", r.problems);
    reader.ReadText("next_plan", r.next_plan);
    if (out.errors.empty()) {
      if (Status s = domain::ValidateReport(r); !s.ok()) reader.Fail(s.field() == "site_status" ? "site" : s.field(), s);
    }
    if (!out.errors.empty()) {
      out.action = "error";
    } else if (!current) {
      out.action = "create";
    } else {
      out.changes = ChangesOf(Display(*current), Display(r));
      out.action = out.changes.empty() ? "unchanged" : "update";
    }
    out.report = std::move(r);
    pv.rows.push_back(std::move(out));
  }
  return Status::Ok();
}

std::string Fingerprint(const store::ImportRecord& record, const Choices& choices, const Preview& pv) {
  std::string s = record.file_sm3 + "|" + std::to_string(choices.sheet) + "|" + std::to_string(pv.layout.header_last) +
                  "|" + MappingJson(choices).dump() + "|";
  for (const auto& r : pv.rows) {
    s += std::to_string(r.line) + r.action + std::to_string(r.project_id.value_or(0)) + ":" + std::to_string(r.version) +
         ":" + r.changes.dump() + ":" + std::to_string(r.errors.size()) + ";";
  }
  return core::Sm3Hex(s);
}

// Builds the preview of `record` with `choices`, in the caller's transaction.
Result<Preview> BuildPreview(const ApiContext& ctx, store::Connection& c, const store::ImportRecord& record,
                             const Choices& choices, const http::Request& req) {
  if (!ctx.files) return core::Fail(Status::Unavailable("storage_unavailable"));
  auto bytes = ctx.files->Get(record.file_key);
  if (!bytes) return core::Fail(bytes.error());
  auto table = io::ReadTable(*bytes, choices.sheet);
  if (!table) return core::Fail(table.error());
  Preview pv;
  pv.table = std::move(*table);
  const auto& fields = FieldsOf(record.kind);
  pv.layout = io::DetectLayout(pv.table, fields, choices.header_line);
  for (auto& col : pv.layout.columns) {
    if (auto m = choices.mapping.find(col.index); m != choices.mapping.end()) col.field = m->second;
  }
  // A field mapped by the user takes it from any column the detection gave it to.
  for (const auto& [column, field] : choices.mapping) {
    if (field.empty()) continue;
    for (auto& col : pv.layout.columns) {
      if (col.field == field && col.index != column) col.field.clear();
    }
  }
  for (const auto& f : fields) {
    if (f.required && !pv.layout.ColumnOf(f.key)) pv.missing_required.emplace_back(f.key);
  }
  if (pv.missing_required.empty()) {
    auto dir = LoadDirectory(c, ViewerOf(req), pv.table, pv.layout);
    if (!dir) return core::Fail(dir.error());
    if (record.kind == "reports") {
      auto period = domain::ParsePeriod(record.period);
      if (!period) return core::Fail(Status::Invalid("period", "period_format"));
      const bool office = auth::Can(CurrentUser(req), auth::Action::kProjectReview,
                                    {.kind = auth::Object::Kind::kBusiness}) == auth::Decision::kAllow;
      GJ_FAIL_IF_ERROR(PreviewReports(pv, c, *dir, *period, office, Today(ctx), req.Language()));
    } else {
      PreviewProjects(pv, *dir, req.Language());
    }
  }
  pv.fingerprint = Fingerprint(record, choices, pv);
  return pv;
}

json PreviewJson(const store::ImportRecord& record, const Choices& choices, const Preview& pv) {
  json columns = json::array();
  for (const auto& col : pv.layout.columns) {
    columns.push_back({{"index", col.index},
                       {"letter", io::ColumnLetter(col.index)},
                       {"header", col.header},
                       {"field", col.field.empty() ? json(nullptr) : json(col.field)}});
  }
  json fields = json::array();
  for (const auto& f : FieldsOf(record.kind)) fields.push_back({{"key", f.key}, {"label", f.label}, {"required", f.required}});
  std::map<std::string, int> counts = {{"create", 0}, {"update", 0}, {"unchanged", 0}, {"skipped", 0}, {"error", 0}};
  json rows = json::array();
  for (const auto& r : pv.rows) {
    ++counts[r.action];
    json row = {{"row", r.line},
                {"action", r.action},
                {"project_id", r.project_id ? json(*r.project_id) : json(nullptr)},
                {"project_name", r.name}};
    if (!r.reason.empty()) row["reason"] = r.reason;
    if (!r.changes.empty()) row["changes"] = r.changes;
    if (!r.errors.empty()) {
      json errors = json::array();
      for (const auto& e : r.errors) errors.push_back({{"column", e.column}, {"field", e.field}, {"message", e.message}});
      row["errors"] = errors;
    }
    rows.push_back(std::move(row));
  }
  json header_row = pv.layout.header_last < pv.table.rows.size() ? json(pv.table.rows[pv.layout.header_last].line) : json(nullptr);
  return {{"id", record.id},
          {"kind", record.kind},
          {"file_name", record.file_name},
          {"period", record.period.empty() ? json(nullptr) : json(record.period)},
          {"status", record.status},
          {"sheets", pv.table.sheets},
          {"sheet", choices.sheet},
          {"header_row", header_row},
          {"header_found", pv.layout.found},
          {"columns", columns},
          {"fields", fields},
          {"missing_required", pv.missing_required},
          {"counts", counts},
          {"rows", rows},
          {"fingerprint", pv.fingerprint},
          {"created_at", record.created_at}};
}

Status CanImport(const http::Request& req) {
  return auth::Authorize(CurrentUser(req), auth::Action::kBusinessWrite, {.kind = auth::Object::Kind::kBusiness});
}

// ---- Handlers ----

http::Response Upload(const ApiContext& ctx, http::Request& req) {
  if (Status s = CanImport(req); !s.ok()) return ErrorResponse(s, req);
  const auth::Principal& who = CurrentUser(req);
  std::string kind(req.Query("kind").value_or(""));
  if (kind != "projects" && kind != "reports") {
    return ErrorResponse(Status::Invalid("kind", "invalid_enum", {"projects, reports"}), req);
  }
  std::string period;
  if (kind == "reports") {
    auto p = domain::ParsePeriod(req.Query("period").value_or(""));
    if (!p) return ErrorResponse(Status::Invalid("period", "period_format"), req);
    period = p->ToString();
  }
  std::string filename(req.Query("filename").value_or(""));
  if (filename.empty()) filename = "import.xlsx";
  if (req.body.empty()) return ErrorResponse(Status::Invalid("file", "required"), req);
  if (!ctx.files) return ErrorResponse(Status::Unavailable("storage_unavailable"), req);
  // Refuse an unreadable file before storing it.
  auto table = io::ReadTable(req.body, 0);
  if (!table) return ErrorResponse(table.error(), req);
  auto key = ctx.files->Put(req.body);
  if (!key) return ErrorResponse(key.error(), req);
  store::ImportRecord record;
  record.kind = kind;
  record.period = period;
  record.file_name = filename;
  record.file_key = *key;
  record.file_sm3 = core::Sm3Hex(req.body);
  record.file_size = static_cast<int64_t>(req.body.size());
  record.created_by = who.user_id;
  record.created_at = core::FormatTimestamp(ctx.clock.Now());
  json body;
  auto saved = ctx.db.WriteValue<store::ImportRecord>([&](store::Connection& c) -> Result<store::ImportRecord> {
    auto r = store::CreateImport(c, record);
    if (!r) return r;
    Choices choices;
    auto pv = BuildPreview(ctx, c, *r, choices, req);
    if (!pv) return core::Fail(pv.error());
    r->fingerprint = pv->fingerprint;
    GJ_FAIL_IF_ERROR(store::SavePreviewChoices(c, *r));
    store::AuditEntry e = AuditOf(ctx, req, &who, "import.upload", "import", std::to_string(r->id));
    e.changes = json{{"kind", kind}, {"file_name", filename}, {"sm3", r->file_sm3}, {"size", r->file_size}}.dump();
    GJ_FAIL_IF_ERROR(Record(c, ctx, std::move(e)));
    body = PreviewJson(*r, choices, *pv);
    return r;
  });
  if (!saved) {
    (void)ctx.files->Remove(*key);  // the record was refused: keep no orphan file
    return ErrorResponse(saved.error(), req);
  }
  http::Response r = JsonResponse(201, body);
  r.SetHeader("Location", "/api/imports/" + std::to_string(saved->id));
  return r;
}

http::Response Get(const ApiContext& ctx, http::Request& req) {
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("import_not_found"), req);
  auto body = ctx.db.ReadValue<json>([&](store::Connection& c) -> Result<json> {
    auto r = store::GetImport(c, *id, CurrentUser(req).user_id);
    if (!r) return core::Fail(r.error());
    GJ_FAIL_IF_ERROR(CanImport(req));
    auto choices = ChoicesOf(*r);
    if (!choices) return core::Fail(choices.error());
    auto pv = BuildPreview(ctx, c, *r, *choices, req);
    if (!pv) return core::Fail(pv.error());
    return PreviewJson(*r, *choices, *pv);
  });
  if (!body) return ErrorResponse(body.error(), req);
  return JsonResponse(200, *body);
}

// Reads {sheet, header_row, mapping} over the import's current choices.
Result<Choices> ReadChoices(const JsonInput& in, Choices c, std::string_view kind) {
  auto sheet = in.Int("sheet");
  if (!sheet) return core::Fail(sheet.error());
  if (*sheet) {
    if (**sheet < 0 || **sheet > 1000) return core::Fail(Status::Invalid("sheet", "out_of_range", {"0", "1000"}));
    if (static_cast<size_t>(**sheet) != c.sheet) c.header_line.reset(), c.mapping.clear();
    c.sheet = static_cast<size_t>(**sheet);
  }
  auto line = in.Int("header_row");
  if (!line) return core::Fail(line.error());
  if (*line) {
    if (**line < 1 || **line > 1'048'576) return core::Fail(Status::Invalid("header_row", "out_of_range", {"1", "1048576"}));
    c.header_line = static_cast<int32_t>(**line);
  } else if (in.Has("header_row")) {
    c.header_line.reset();
  }
  if (in.Has("mapping")) {
    const json& m = in.Raw()["mapping"];
    if (!m.is_object() || m.size() > 16384) return core::Fail(Status::Invalid("mapping", "wrong_type_object"));
    std::set<std::string> keys;
    for (const auto& f : FieldsOf(kind)) keys.insert(std::string(f.key));
    for (const auto& [k, v] : m.items()) {
      int column = -1;
      try {
        size_t used = 0;
        column = std::stoi(k, &used);
        if (used != k.size()) column = -1;
      } catch (const std::exception&) {
      }
      if (column < 0 || column >= 16384) return core::Fail(Status::Invalid("mapping", "import_bad_column", {k}));
      if (!v.is_null() && !(v.is_string() && keys.contains(v.get<std::string>()))) {
        return core::Fail(Status::Invalid("mapping", "import_bad_field", {v.dump()}));
      }
      c.mapping[column] = v.is_null() ? "" : v.get<std::string>();
    }
  }
  return c;
}

http::Response Repreview(const ApiContext& ctx, http::Request& req) {
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("import_not_found"), req);
  auto in = JsonInput::Parse(req, {"sheet", "header_row", "mapping"});
  if (!in) return ErrorResponse(in.error(), req);
  json body;
  auto done = ctx.db.Write([&](store::Connection& c) -> Status {
    auto r = store::GetImport(c, *id, CurrentUser(req).user_id);
    if (!r) return r.error();
    GJ_RETURN_IF_ERROR(CanImport(req));
    if (r->status == "applied") return Status::Conflict("import_applied", "id");
    auto current = ChoicesOf(*r);
    if (!current) return current.error();
    auto choices = ReadChoices(*in, *current, r->kind);
    if (!choices) return choices.error();
    auto pv = BuildPreview(ctx, c, *r, *choices, req);
    if (!pv) return pv.error();
    r->sheet = static_cast<int>(choices->sheet);
    r->header_line = choices->header_line;
    r->mapping = MappingJson(*choices).dump();
    r->fingerprint = pv->fingerprint;
    GJ_RETURN_IF_ERROR(store::SavePreviewChoices(c, *r));
    body = PreviewJson(*r, *choices, *pv);
    return Status::Ok();
  });
  if (!done.ok()) return ErrorResponse(done, req);
  return JsonResponse(200, body);
}

// Creates or updates the project of a previewed row, with its warnings, event and audit entry;
// returns the project's id.
Result<int64_t> ApplyProjectRow(const ApiContext& ctx, store::Connection& c, const http::Request& req,
                                const store::ImportRecord& record, const RowOutcome& row, const std::string& now) {
  const auth::Principal& who = CurrentUser(req);
  const store::Viewer viewer = ViewerOf(req);
  const int year = Today(ctx).year;
  if (row.action == "create") {
    auto v = store::CreateProject(c, row.project, who.user_id, now);
    if (!v) return core::Fail(v.error());
    if (!store::GetProject(c, viewer, v->project.id)) return core::Fail(Status::Invalid("owner_org_id", "org_out_of_scope"));
    GJ_FAIL_IF_ERROR(RecomputeWarnings(ctx, c, v->project.id));
    store::AuditEntry e = AuditOf(ctx, req, &who, "project.create", "project", std::to_string(v->project.id));
    e.changes = json{{"import", record.id}, {"after", ProjectDetailJson(*v, year)}}.dump();
    GJ_FAIL_IF_ERROR(Record(c, ctx, std::move(e)));
    return v->project.id;
  }
  auto v = store::UpdateProject(c, viewer, row.project, row.version, now);
  if (!v) return core::Fail(v.error());
  GJ_FAIL_IF_ERROR(RecomputeWarnings(ctx, c, v->project.id));
  store::ProjectEvent event;
  event.project_id = v->project.id;
  event.kind = "edit";
  event.user_id = who.user_id;
  event.changes = row.changes.dump();
  event.reason = "导入：" + record.file_name;
  event.created_at = now;
  if (auto appended = store::AppendProjectEvent(c, event); !appended) return core::Fail(appended.error());
  store::AuditEntry e = AuditOf(ctx, req, &who, "project.update", "project", std::to_string(v->project.id));
  e.changes = json{{"import", record.id}, {"changes", row.changes}}.dump();
  GJ_FAIL_IF_ERROR(Record(c, ctx, std::move(e)));
  return v->project.id;
}

// Creates or updates the month's draft report of a previewed row, with its audit entry; returns
// the report's id.
Result<int64_t> ApplyReportRow(const ApiContext& ctx, store::Connection& c, const http::Request& req,
                               const RowOutcome& row, const std::string& now) {
  const auth::Principal& who = CurrentUser(req);
  auto out = store::SaveReport(c, row.report, row.action == "create" ? 0 : row.version, who.user_id, now);
  if (!out) return core::Fail(out.error());
  store::AuditEntry e = AuditOf(ctx, req, &who, row.action == "create" ? "report.create" : "report.update", "report",
                                std::to_string(out->id));
  e.changes = json{{"project_id", out->project_id}, {"period", out->period.ToString()}, {"changes", row.changes}}.dump();
  GJ_FAIL_IF_ERROR(Record(c, ctx, std::move(e)));
  return out->id;
}

http::Response Apply(const ApiContext& ctx, http::Request& req) {
  const auth::Principal& who = CurrentUser(req);
  auto id = PathId(req);
  if (!id) return ErrorResponse(Status::NotFound("import_not_found"), req);
  auto in = JsonInput::Parse(req, {"fingerprint"});
  if (!in) return ErrorResponse(in.error(), req);
  auto fingerprint = in->RequiredString("fingerprint");
  if (!fingerprint) return ErrorResponse(fingerprint.error(), req);
  const std::string now = core::FormatTimestamp(ctx.clock.Now());
  json result;
  auto done = ctx.db.Write([&](store::Connection& c) -> Status {
    auto r = store::GetImport(c, *id, who.user_id);
    if (!r) return r.error();
    GJ_RETURN_IF_ERROR(CanImport(req));
    if (r->status == "applied") return Status::Conflict("import_applied", "id");
    auto choices = ChoicesOf(*r);
    if (!choices) return choices.error();
    auto pv = BuildPreview(ctx, c, *r, *choices, req);
    if (!pv) return pv.error();
    if (!pv->missing_required.empty()) return Status::Invalid("mapping", "import_missing_columns");
    if (pv->fingerprint != *fingerprint) {
      return Status::Conflict("import_stale", "fingerprint");
    }
    std::map<std::string, int> counts = {{"created", 0}, {"updated", 0}, {"unchanged", 0}, {"skipped", 0}};
    for (const auto& row : pv->rows) {
      if (row.action == "error") return Status::Invalid("rows", "import_has_errors");
    }
    json created = json::array(), updated = json::array();
    for (auto& row : pv->rows) {
      if (row.action == "create" || row.action == "update") {
        auto written = r->kind == "reports" ? ApplyReportRow(ctx, c, req, row, now) : ApplyProjectRow(ctx, c, req, *r, row, now);
        if (!written) return written.error();
        (row.action == "create" ? created : updated).push_back(*written);
        ++counts[row.action == "create" ? "created" : "updated"];
      } else {
        ++counts[row.action == "unchanged" ? "unchanged" : "skipped"];
      }
    }
    result = {{"id", r->id}};
    for (const auto& [k, n] : counts) result[k] = n;
    GJ_RETURN_IF_ERROR(store::MarkImportApplied(c, r->id, result.dump(), now));
    store::AuditEntry e = AuditOf(ctx, req, &who, "import.apply", "import", std::to_string(r->id));
    e.changes = json{{"kind", r->kind}, {"file_name", r->file_name}, {"sm3", r->file_sm3}, {"created", created},
                     {"updated", updated}}
                    .dump();
    return Record(c, ctx, std::move(e));
  });
  if (!done.ok()) return ErrorResponse(done, req);
  return JsonResponse(200, result);
}

// What our own template of a kind holds besides its header.
struct TemplateContent {
  std::string title, sheet, file_name;
  std::vector<io::XlsxCell> example;
  std::vector<std::string> notes;
};

TemplateContent TemplateOf(std::string_view kind) {
  using io::XlsxCell;
  if (kind == "reports") {
    return {"月度报表导入模板",
            "月度报表",
            "%E6%9C%88%E5%BA%A6%E6%8A%A5%E8%A1%A8%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx",
            {XlsxCell::Text("2026-330100-48-01-000001"), XlsxCell::Text("示例：某某产业园标准厂房项目"), XlsxCell::Money(8'000'000'00),
             XlsxCell::Text("主体结构施工至三层"), XlsxCell::Text("35%"), XlsxCell::Integer(120), XlsxCell::Integer(96),
             XlsxCell::Text("已开工"), XlsxCell::Text("无"), XlsxCell::Text("完成主体封顶")},
            {"1. 每行一个项目：按项目代码匹配，没有项目代码时按项目名称完全匹配；上传时选择报表所属月份。",
             "2. 导入生成或更新该月的报表草稿，之后由填报人提交审核；已提交或已审核通过的报表不会被修改。",
             "3. 本月完成投资默认单位为万元，表头写明“亿元”或“元”的按该单位换算，精确到分。",
             "4. 形象进度百分比可写 35%、35 或 0.35；施工状态：未开工、已开工、停工、复工、已完工。",
             "5. 合计、小计行和空行导入时自动跳过。"}};
  }
  return {"项目库导入模板",
          "项目清单",
          "%E9%A1%B9%E7%9B%AE%E5%BA%93%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx",
          {XlsxCell::Text(""), XlsxCell::Text("示例：某某产业园标准厂房项目"), XlsxCell::Text("标准厂房"), XlsxCell::Text("区重点"),
           XlsxCell::Text("产业"), XlsxCell::Text("制造业"), XlsxCell::Text("新建"), XlsxCell::Text("备案"), XlsxCell::Text("国有"),
           XlsxCell::Text(""), XlsxCell::Text(""), XlsxCell::Blank(), XlsxCell::Blank(), XlsxCell::Text("新建标准厂房10万平方米"),
           XlsxCell::Money(12'000'000'000), XlsxCell::Date(2026, 3, 1), XlsxCell::Date(2027, 12, 31), XlsxCell::Text(""),
           XlsxCell::Text(""), XlsxCell::Text("张三 13800000000"), XlsxCell::Text("攻坚"), XlsxCell::Text("示例行，导入前请删除")},
          {"1. 带*的列必须填写；新建项目还须填写项目类别、业主单位和总投资。",
           "2. 已有项目按项目代码匹配，没有项目代码时按项目名称完全匹配；匹配到的项目只更新填写了内容的列。",
           "3. 金额默认单位为万元；表头写明“亿元”或“元”的列按该单位换算，精确到分。",
           "4. 日期可写作 2025-03-01、2025/3/1、2025.03、2025年3月 等。",
           "5. 项目级别：省重点、市重点、区重点、一般；项目类别：产业、基础设施、民生、生态环保、社会事业、发展平台。",
           "6. 建设性质：新建、扩建、改建、迁建、恢复；审批类型：审批、核准、备案；投资主体：国有、民营、外资、政府。",
           "7. 所在镇街、业主单位、责任单位填写系统中的单位全称；多个责任单位用顿号分隔。",
           "8. 合计、小计行和空行导入时自动跳过。"}};
}

// Our own template: a title row, the header, one example row, and a sheet of notes.
http::Response Template(const ApiContext& ctx, http::Request& req) {
  (void)ctx;
  if (Status s = CanImport(req); !s.ok()) return ErrorResponse(s, req);
  std::string kind(req.PathParam("kind"));
  if (kind != "projects" && kind != "reports") return ErrorResponse(Status::NotFound("import_template_not_found"), req);
  const TemplateContent content = TemplateOf(kind);
  auto writer = io::XlsxWriter::InMemory({.title = content.title});
  if (!writer) return ErrorResponse(writer.error(), req);
  io::XlsxSheetSpec spec;
  spec.name = content.sheet;
  spec.title = content.title;
  for (const auto& f : FieldsOf(kind)) {
    spec.columns.push_back({std::string(f.label) + (f.required ? "*" : ""), std::max(12.0, io::XlsxTextWidth(f.label) + 2)});
  }
  auto sheet = (*writer)->AddSheet(spec);
  if (!sheet) return ErrorResponse(sheet.error(), req);
  if (Status s = (*sheet)->AddRow(content.example); !s.ok()) return ErrorResponse(s, req);
  auto notes = (*writer)->AddSheet({.name = "填写说明", .title = "", .columns = {{"说明", 100}}, .autofilter = false});
  if (!notes) return ErrorResponse(notes.error(), req);
  for (const std::string& line : content.notes) {
    std::vector<io::XlsxCell> row = {io::XlsxCell::Text(line)};
    if (Status s = (*notes)->AddRow(row); !s.ok()) return ErrorResponse(s, req);
  }
  auto bytes = (*writer)->CloseToBytes();
  if (!bytes) return ErrorResponse(bytes.error(), req);
  http::Response r;
  r.status = 200;
  r.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  r.body = std::move(*bytes);
  r.SetHeader("Content-Disposition", "attachment; filename=\"template.xlsx\"; filename*=UTF-8''" + content.file_name);
  r.SetHeader("Cache-Control", "private, no-store");
  return r;
}

}  // namespace

void AddImportRoutes(http::Router& router, const ApiContext& ctx) {
  router.Add("POST", "/api/imports", [&ctx](http::Request& r) { return Upload(ctx, r); },
             {.max_body = kMaxImportBytes, .json_body = false});
  router.Add("GET", "/api/imports/templates/{kind}", [&ctx](http::Request& r) { return Template(ctx, r); });
  router.Add("GET", "/api/imports/{id}", [&ctx](http::Request& r) { return Get(ctx, r); });
  router.Add("POST", "/api/imports/{id}/preview", [&ctx](http::Request& r) { return Repreview(ctx, r); });
  router.Add("POST", "/api/imports/{id}/apply", [&ctx](http::Request& r) { return Apply(ctx, r); });
}

}  // namespace gongjian::api
