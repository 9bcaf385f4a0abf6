// Exports to xlsx: the standard tables (项目清单, 问题台账, 审批台账, 分单位月度进度表), the audit log,
// and any list of the UI (export_table.cc). See exports.h for the contract.
#include "api/exports.h"

#include <fmt/format.h>

#include <cstdio>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "api/cockpit.h"
#include "api/export_table.h"
#include "api/files.h"
#include "api/json_input.h"
#include "api/problems.h"
#include "api/projects.h"
#include "api/respond.h"
#include "api/session.h"
#include "api/supervision_rules.h"
#include "domain/approval.h"
#include "domain/problem.h"
#include "domain/text.h"
#include "engine/cockpit.h"
#include "io/xlsx_writer.h"
#include "store/approval_repository.h"
#include "store/milestone_repository.h"
#include "store/problem_repository.h"
#include "store/project_repository.h"

namespace gongjian::api {
namespace {

using core::Result;
using core::Status;
using io::XlsxCell;
using io::XlsxKind;

constexpr const char* kXlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// ---- Cells ----

void SetText(XlsxCell& c, std::string_view text) {
  c.kind = XlsxKind::kText;
  c.text.assign(text);
}
void SetInteger(XlsxCell& c, int64_t v) {
  c.kind = XlsxKind::kInteger;
  c.integer = v;
}
void SetMoney(XlsxCell& c, int64_t fen) {
  c.kind = XlsxKind::kMoney;
  c.integer = fen;
}
void SetDate(XlsxCell& c, const std::optional<domain::Date>& d) {
  if (!d) {
    c.kind = XlsxKind::kBlank;
    return;
  }
  c.kind = XlsxKind::kDate;
  c.year = d->year;
  c.month = d->month;
  c.day = d->day;
}
void SetBlank(XlsxCell& c) { c.kind = XlsxKind::kBlank; }

std::string Joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) {
    if (p.empty()) continue;
    out += (out.empty() ? "" : "、") + p;
  }
  return out;
}

// A stored UTC timestamp ("2026-03-01T02:03:04.000Z") as China's wall-clock time
// ("2026-03-01 10:03:04"); the text as stored when it is not one.
std::string ChinaTime(const std::string& utc) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (std::sscanf(utc.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) != 6) return utc;
  int64_t seconds = domain::DaysFromDate({y, mo, d}) * 86400 + h * 3600 + mi * 60 + s + 8 * 3600;
  const domain::Date day = domain::DateFromDays(seconds / 86400 - (seconds % 86400 < 0 ? 1 : 0));
  int64_t rest = ((seconds % 86400) + 86400) % 86400;
  return fmt::format("{} {:02}:{:02}:{:02}", day.ToString(), rest / 3600, rest / 60 % 60, rest % 60);
}

std::string DateStamp(domain::Date d) { return fmt::format("{:04}{:02}{:02}", d.year, d.month, d.day); }
std::string DateCn(domain::Date d) { return fmt::format("{}年{}月{}日", d.year, d.month, d.day); }

http::Response XlsxResponse(std::string bytes, const std::string& base_name, domain::Date today) {
  http::Response r;
  r.status = 200;
  r.content_type = kXlsxType;
  r.body = std::move(bytes);
  r.SetHeader("Content-Disposition", ContentDisposition(false, base_name + "_" + DateStamp(today) + ".xlsx"));
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

// A workbook with its one sheet: the rows go to `sheet` (the writer deflates them into a
// temporary file as they come), the bytes come from Finish once the rows are done (outside the
// read transaction: zipping takes time). Dropped unfinished, it leaves nothing behind.
struct Book {
  std::unique_ptr<io::XlsxWriter> writer;
  io::XlsxSheet* sheet = nullptr;

  Result<std::string> Finish() { return writer->CloseToBytes(); }
};

Result<Book> OpenBook(const std::string& doc_title, io::XlsxSheetSpec spec) {
  auto writer = io::XlsxWriter::InMemory({.title = doc_title});
  if (!writer) return core::Fail(writer.error());
  Book b{std::move(*writer)};
  auto sheet = b.writer->AddSheet(spec);
  if (!sheet) return core::Fail(sheet.error());
  b.sheet = *sheet;
  return b;
}

// The finished workbook as the answer, or the error of whichever step failed.
http::Response Deliver(Result<Book>& book, const std::string& base_name, domain::Date today,
                       const http::Request& req) {
  if (!book) return ErrorResponse(book.error(), req);
  auto bytes = book->Finish();
  if (!bytes) return ErrorResponse(bytes.error(), req);
  return XlsxResponse(std::move(*bytes), base_name, today);
}

// ---- 项目清单 ----

std::string_view Colour(const std::string& c) {
  return c == "red" ? "红灯" : c == "yellow" ? "黄灯" : c == "green" ? "绿灯" : std::string_view(c);
}

std::string StageText(const domain::Project& p) {
  std::string stage = engine::KeyLabel(engine::Dimension::kStage, domain::StageName(p.lifecycle.stage));
  if (p.lifecycle.stage != domain::Stage::kReserve) return stage;
  switch (p.lifecycle.review) {
    case domain::Review::kPendingInitial: return stage + "（待初审）";
    case domain::Review::kPendingFinal: return stage + "（待终审）";
    case domain::Review::kApproved: return stage + "（已入库）";
    default: return stage;
  }
}

struct ProjectColumn {
  std::string_view key;
  std::string_view header;
  double width;
  bool children;  // needs the responsible units or the tags
  void (*fill)(const store::ProjectView&, int year, XlsxCell&);
};

const std::vector<ProjectColumn>& ProjectColumns() {
  using V = const store::ProjectView&;
  static const std::vector<ProjectColumn> kColumns = {
      {"national_code", "项目代码", 24, false, [](V v, int, XlsxCell& c) { SetText(c, v.project.national_code); }},
      {"name", "项目名称", 40, false, [](V v, int, XlsxCell& c) { SetText(c, v.project.name); }},
      {"short_name", "项目简称", 16, false, [](V v, int, XlsxCell& c) { SetText(c, v.project.short_name); }},
      {"warning", "预警灯", 8, false, [](V v, int, XlsxCell& c) { SetText(c, Colour(v.warning_colour)); }},
      {"stage", "阶段", 14, false, [](V v, int, XlsxCell& c) { SetText(c, StageText(v.project)); }},
      {"construction_kind", "建设状态", 10, false,
       [](V v, int year, XlsxCell& c) {
         auto kind = domain::ConstructionKindOf(v.project, year);
         if (!kind) return SetBlank(c);
         SetText(c, *kind == domain::ConstructionKind::kNewStart ? "新开工" : "续建");
       }},
      {"category", "项目类别", 10, false,
       [](V v, int, XlsxCell& c) {
         SetText(c, engine::KeyLabel(engine::Dimension::kCategory, domain::ProjectCategoryName(v.project.category)));
       }},
      {"level", "项目级别", 10, false,
       [](V v, int, XlsxCell& c) {
         SetText(c, engine::KeyLabel(engine::Dimension::kLevel, domain::ProjectLevelName(v.project.level)));
       }},
      {"industry", "所属行业", 14, false, [](V v, int, XlsxCell& c) { SetText(c, v.project.industry); }},
      {"town", "所在镇街", 14, false, [](V v, int, XlsxCell& c) { SetText(c, v.town_name); }},
      {"address", "建设地点", 24, false, [](V v, int, XlsxCell& c) { SetText(c, v.project.address); }},
      {"owner", "业主单位", 28, false, [](V v, int, XlsxCell& c) { SetText(c, v.owner_name); }},
      {"responsible", "责任单位", 28, true, [](V v, int, XlsxCell& c) { SetText(c, Joined(v.responsible_names)); }},
      {"agency", "代办单位", 20, false, [](V v, int, XlsxCell& c) { SetText(c, v.agency_name); }},
      {"leader", "包联领导", 10, false, [](V v, int, XlsxCell& c) { SetText(c, v.leader_name); }},
      {"total_investment", "总投资（万元）", 14, false,
       [](V v, int, XlsxCell& c) { SetMoney(c, v.project.total_investment); }},
      {"planned_start", "计划开工日期", 12, false, [](V v, int, XlsxCell& c) { SetDate(c, v.project.planned_start); }},
      {"planned_completion", "计划竣工日期", 12, false,
       [](V v, int, XlsxCell& c) { SetDate(c, v.project.planned_completion); }},
      {"actual_start", "实际开工日期", 12, false, [](V v, int, XlsxCell& c) { SetDate(c, v.project.actual_start); }},
      {"actual_completion", "实际竣工日期", 12, false,
       [](V v, int, XlsxCell& c) { SetDate(c, v.project.actual_completion); }},
      {"registered_on", "纳入统计库日期", 14, false, [](V v, int, XlsxCell& c) { SetDate(c, v.project.registered_on); }},
      {"tags", "标签", 16, true, [](V v, int, XlsxCell& c) { SetText(c, Joined(v.project.tags)); }},
      {"updated_at", "更新时间", 20, false, [](V v, int, XlsxCell& c) { SetText(c, ChinaTime(v.updated_at)); }},
  };
  return kColumns;
}

// The standard 项目清单's columns, when the request names none.
constexpr std::string_view kStandardProjectColumns[] = {
    "national_code", "name",        "stage",         "construction_kind", "category",           "level",
    "industry",      "town",        "owner",         "responsible",       "leader",             "total_investment",
    "planned_start", "planned_completion", "actual_start", "actual_completion", "warning"};

// `columns=a,b,c`: the UI's column keys in order; "planned" (the list's 计划工期) is the two planned
// dates. Absent or empty: the standard set.
Result<std::vector<const ProjectColumn*>> ReadProjectColumns(const http::Request& req) {
  const auto& all = ProjectColumns();
  auto find = [&](std::string_view key) -> const ProjectColumn* {
    for (const auto& c : all) {
      if (c.key == key) return &c;
    }
    return nullptr;
  };
  std::vector<const ProjectColumn*> out;
  std::string_view raw = req.Query("columns").value_or("");
  if (raw.empty()) {
    for (auto key : kStandardProjectColumns) out.push_back(find(key));
    return out;
  }
  std::string keys = "planned";
  for (const auto& c : all) keys += ", " + std::string(c.key);
  while (!raw.empty()) {
    const size_t comma = raw.find(',');
    std::string_view key = raw.substr(0, comma);
    raw = comma == std::string_view::npos ? std::string_view() : raw.substr(comma + 1);
    if (key.empty()) continue;
    if (key == "planned") {
      out.push_back(find("planned_start"));
      out.push_back(find("planned_completion"));
    } else if (const ProjectColumn* c = find(key)) {
      out.push_back(c);
    } else {
      return core::Fail(Status::Invalid("columns", "invalid_enum", {keys}));
    }
    if (out.size() > 60) return core::Fail(Status::Invalid("columns", "too_many", {"60"}));
  }
  if (out.empty()) return core::Fail(Status::Invalid("columns", "required"));
  return out;
}

http::Response ExportProjects(const ApiContext& ctx, http::Request& req) {
  if (Status s = BusinessAccess(req, auth::Action::kBusinessRead); !s.ok()) return ErrorResponse(s, req);
  auto filter = ReadProjectFilter(req);
  if (!filter) return ErrorResponse(filter.error(), req);
  auto order = ReadProjectOrder(req);
  if (!order) return ErrorResponse(order.error(), req);
  auto columns = ReadProjectColumns(req);
  if (!columns) return ErrorResponse(columns.error(), req);
  const domain::Date today = Today(ctx);
  bool children = false;
  io::XlsxSheetSpec spec{.name = "项目清单", .title = fmt::format("重大项目清单（截至{}）", DateCn(today))};
  spec.columns.push_back({"序号", 7});
  for (const ProjectColumn* c : *columns) {
    spec.columns.push_back({std::string(c->header), c->width});
    children = children || c->children;
  }
  auto book = ctx.db.ReadValue<Book>([&](store::Connection& c) -> Result<Book> {
    auto b = OpenBook("重大项目清单", spec);
    if (!b) return b;
    std::vector<XlsxCell> row(columns->size() + 1);
    int64_t n = 0;
    auto done = store::ForEachProject(c, ViewerOf(req), *filter, *order, children, [&](const store::ProjectView& v) {
      SetInteger(row[0], ++n);
      for (size_t i = 0; i < columns->size(); ++i) (*columns)[i]->fill(v, today.year, row[i + 1]);
      return b->sheet->AddRow(row);
    });
    if (!done) return core::Fail(std::move(done.error()));
    return b;
  });
  return Deliver(book, "项目清单", today, req);
}

// ---- 问题台账 ----

std::string_view ProblemStateLabel(domain::ProblemState s) {
  switch (s) {
    case domain::ProblemState::kPending: return "待交办";
    case domain::ProblemState::kInProgress: return "办理中";
    case domain::ProblemState::kAwaitingConfirmation: return "待确认";
    case domain::ProblemState::kClosed: return "已销号";
    case domain::ProblemState::kReturned: return "已退回";
    case domain::ProblemState::kReopened: return "重新打开";
  }
  return "";
}

http::Response ExportProblems(const ApiContext& ctx, http::Request& req) {
  if (Status s = BusinessAccess(req, auth::Action::kBusinessRead); !s.ok()) return ErrorResponse(s, req);
  auto filter = ReadProblemFilter(req);
  if (!filter) return ErrorResponse(filter.error(), req);
  const domain::Date today = Today(ctx);
  io::XlsxSheetSpec spec{.name = "问题台账",
                         .title = fmt::format("重大项目问题台账（截至{}）", DateCn(today)),
                         .columns = {{"序号", 7},
                                     {"问题编号", 9},
                                     {"项目名称", 36},
                                     {"问题类型", 14},
                                     {"问题标题", 30},
                                     {"问题描述", 48},
                                     {"状态", 10},
                                     {"协调层级", 16},
                                     {"反映单位", 24},
                                     {"反映人", 10},
                                     {"反映日期", 12},
                                     {"责任单位", 24},
                                     {"配合单位", 24},
                                     {"办理时限", 12},
                                     {"超期（工作日）", 10},
                                     {"办理结果", 36},
                                     {"销号日期", 12}}};
  auto book = ctx.db.ReadValue<Book>([&](store::Connection& c) -> Result<Book> {
    auto calendar = store::LoadWorkCalendar(c);
    if (!calendar) return core::Fail(std::move(calendar.error()));
    auto b = OpenBook("重大项目问题台账", spec);
    if (!b) return b;
    std::vector<XlsxCell> row(spec.columns.size());
    int64_t n = 0;
    // Page by page in the list's order, all in this transaction's snapshot: a ledger holds
    // thousands of problems, not a province's projects.
    constexpr int64_t kPage = 500;
    for (int64_t page = 1;; ++page) {
      auto list = store::ListProblems(c, ViewerOf(req), *filter, {page, kPage}, today);
      if (!list) return core::Fail(std::move(list.error()));
      for (const store::Problem& p : list->items) {
        std::vector<std::string> cooperating;
        for (const auto& [id, name] : p.cooperating) cooperating.push_back(name);
        const bool late = domain::IsBeingHandled(p.status.state) && p.deadline && *p.deadline < today;
        SetInteger(row[0], ++n);
        SetInteger(row[1], p.id);
        SetText(row[2], p.project_name);
        SetText(row[3], domain::ProblemTypeLabel(p.type));
        SetText(row[4], p.title);
        SetText(row[5], p.description);
        SetText(row[6], ProblemStateLabel(p.status.state));
        SetText(row[7], domain::EscalationLevelLabel(p.status.level));
        SetText(row[8], p.raised_org_name);
        SetText(row[9], p.raised_by_name);
        SetDate(row[10], p.raised_on);
        SetText(row[11], p.responsible_org_id ? p.responsible_org_name : std::string());
        SetText(row[12], Joined(cooperating));
        SetDate(row[13], p.deadline);
        if (late) {
          SetInteger(row[14], domain::OverdueWorkingDays(*p.deadline, today, *calendar));
        } else {
          SetBlank(row[14]);
        }
        SetText(row[15], p.result);
        SetDate(row[16], p.closed_on);
        GJ_FAIL_IF_ERROR(b->sheet->AddRow(row));
      }
      if (static_cast<int64_t>(list->items.size()) < kPage) break;
    }
    return b;
  });
  return Deliver(book, "问题台账", today, req);
}

// ---- 审批台账 ----

std::string_view ApprovalStageLabel(domain::ApprovalStage s) {
  switch (s) {
    case domain::ApprovalStage::kProjectLand: return "立项用地规划许可";
    case domain::ApprovalStage::kEngineering: return "工程建设许可";
    case domain::ApprovalStage::kConstruction: return "施工许可";
    case domain::ApprovalStage::kCompletion: return "竣工验收";
  }
  return "";
}

std::string_view ApprovalStatusLabel(domain::ApprovalStatus s) {
  switch (s) {
    case domain::ApprovalStatus::kNotStarted: return "未启动";
    case domain::ApprovalStatus::kInProgress: return "办理中";
    case domain::ApprovalStatus::kObtained: return "已取得";
    case domain::ApprovalStatus::kNotApplicable: return "不涉及";
  }
  return "";
}

http::Response ExportApprovals(const ApiContext& ctx, http::Request& req) {
  if (Status s = BusinessAccess(req, auth::Action::kBusinessRead); !s.ok()) return ErrorResponse(s, req);
  // The desk's filters (GET /api/approvals/desk).
  store::DeskFilter filter;
  if (auto status = req.Query("status"); status && !status->empty()) {
    filter.status = domain::ParseApprovalStatus(*status);
    if (!filter.status) {
      return ErrorResponse(
          Status::Invalid("status", "invalid_enum", {"not_started, in_progress, obtained, not_applicable"}), req);
    }
  }
  auto dept = QueryInt(req, "department_org_id", 0, 0, INT64_MAX);
  if (!dept) return ErrorResponse(dept.error(), req);
  if (*dept) filter.department_org_id = *dept;
  filter.q = std::string(req.Query("q").value_or(""));
  if (domain::CodePoints(filter.q) > 100) return ErrorResponse(Status::Invalid("q", "too_long", {"100"}), req);
  const std::string view(req.Query("view").value_or(""));
  if (!view.empty() && view != "all" && view != "desk") {
    return ErrorResponse(Status::Invalid("view", "invalid_enum", {"all, desk"}), req);
  }
  const bool desk = view == "desk";
  const domain::Date today = Today(ctx);
  const std::string title = desk ? "审批事项办理台账" : "前期手续审批台账";
  io::XlsxSheetSpec spec{.name = desk ? "审批事项" : "审批台账",
                         .title = fmt::format("{}（截至{}）", title, DateCn(today)),
                         .columns = {{"序号", 7},
                                     {"项目名称", 36},
                                     {"审批阶段", 16},
                                     {"事项名称", 28},
                                     {"审批部门", 24},
                                     {"办理状态", 10},
                                     {"申请日期", 12},
                                     {"取得日期", 12},
                                     {"批复文号", 24},
                                     {"办理时限（天）", 10},
                                     {"时限单位", 8},
                                     {"已用时（天）", 10},
                                     {"办结期限", 12},
                                     {"超期（天）", 10},
                                     {"红黄码", 8},
                                     {"备注", 24}}};
  auto book = ctx.db.ReadValue<Book>([&](store::Connection& c) -> Result<Book> {
    // What an item's timing depends on, as GET /api/approvals/desk reads it.
    auto calendar = store::LoadWorkCalendar(c);
    if (!calendar) return core::Fail(std::move(calendar.error()));
    auto rules = LoadSupervisionRules(c);
    if (!rules) return core::Fail(std::move(rules.error()));
    auto b = OpenBook(title, spec);
    if (!b) return b;
    std::vector<XlsxCell> row(spec.columns.size());
    int64_t n = 0;
    auto done = store::ForEachApproval(c, ViewerOf(req), filter, desk, [&](const store::ApprovalRow& r) {
      const domain::ApprovalItem& a = r.item;
      const domain::ApprovalTiming t = domain::TimeApproval(a, *calendar, today, rules->approval_red_percent);
      SetInteger(row[0], ++n);
      SetText(row[1], r.project_name);
      SetText(row[2], ApprovalStageLabel(a.stage));
      SetText(row[3], a.name);
      SetText(row[4], r.department_name);
      SetText(row[5], ApprovalStatusLabel(a.status));
      SetDate(row[6], a.applied_on);
      SetDate(row[7], a.approved_on);
      SetText(row[8], a.doc_number);
      if (a.limit_days) {
        SetInteger(row[9], *a.limit_days);
        SetText(row[10], a.limit_kind == domain::LimitKind::kWorking ? "工作日" : "自然日");
      } else {
        SetBlank(row[9]);
        SetBlank(row[10]);
      }
      if (t.elapsed_days) {
        SetInteger(row[11], *t.elapsed_days);
      } else {
        SetBlank(row[11]);
      }
      SetDate(row[12], t.due_on);
      if (t.overdue && t.elapsed_days && a.limit_days && *t.elapsed_days > *a.limit_days) {
        SetInteger(row[13], *t.elapsed_days - *a.limit_days);
      } else {
        SetBlank(row[13]);
      }
      SetText(row[14], t.live_code == domain::ApprovalCode::kRed      ? "红码"
                       : t.live_code == domain::ApprovalCode::kYellow ? "黄码"
                                                                      : "");
      SetText(row[15], a.note);
      return b->sheet->AddRow(row);
    });
    if (!done) return core::Fail(std::move(done.error()));
    return b;
  });
  return Deliver(book, title, today, req);
}

// ---- 分单位月度进度表 ----

http::Response ExportProgressByUnit(const ApiContext& ctx, http::Request& req) {
  if (Status s = BusinessAccess(req, auth::Action::kBusinessRead); !s.ok()) return ErrorResponse(s, req);
  auto asked = ReadYearMonth(req);
  if (!asked) return ErrorResponse(asked.error(), req);
  const domain::Date today = Today(ctx);
  auto table = ctx.db.ReadValue<UnitProgress>(
      [&](store::Connection& c) { return UnitProgressTable(c, ViewerOf(req), *asked, today); });
  if (!table) return ErrorResponse(table.error(), req);
  const std::string period =
      table->month == 1 ? fmt::format("{}年1月", table->year) : fmt::format("{}年1-{}月", table->year, table->month);
  io::XlsxSheetSpec spec{.name = "分单位进度",
                         .title = fmt::format("{}重大项目分责任单位月度进度表（{}）", table->scope, period),
                         .columns = {{"序号", 7},
                                     {"责任单位", 28},
                                     {"项目数", 8},
                                     {"年度计划投资（万元）", 14},
                                     {fmt::format("{}月完成投资（万元）", table->month), 14},
                                     {"累计完成投资（万元）", 14},
                                     {"序时进度投资（万元）", 14},
                                     {"完成年度计划", 12},
                                     {"序时进度", 10},
                                     {"较序时进度（百分点）", 12}}};
  auto book = OpenBook("分单位月度进度表", spec);
  if (!book) return ErrorResponse(book.error(), req);
  auto cells = [](XlsxCell first, const UnitProgressRow& r) {
    return std::vector<XlsxCell>{std::move(first),
                                 XlsxCell::Text(r.name),
                                 XlsxCell::Integer(r.projects),
                                 XlsxCell::Money(r.annual_planned),
                                 XlsxCell::Money(r.completed_month),
                                 XlsxCell::Money(r.completed_ytd),
                                 XlsxCell::Money(r.schedule_ytd),
                                 XlsxCell::Rate(r.completion_rate),
                                 XlsxCell::Rate(r.schedule_rate),
                                 XlsxCell::Points(r.points_vs_schedule)};
  };
  int64_t n = 0;
  for (const UnitProgressRow& r : table->rows) {
    if (Status s = book->sheet->AddRow(cells(XlsxCell::Integer(++n), r)); !s.ok()) return ErrorResponse(s, req);
  }
  if (Status s = book->sheet->AddRow(cells(XlsxCell::Blank(), table->total), io::XlsxRowStyle::kTotal); !s.ok()) {
    return ErrorResponse(s, req);
  }
  auto bytes = book->Finish();
  if (!bytes) return ErrorResponse(bytes.error(), req);
  return XlsxResponse(std::move(*bytes), fmt::format("分单位月度进度表_{}年{}月", table->year, table->month), today);
}

// ---- Any list ----

http::Response ExportTable(const ApiContext& ctx, http::Request& req) {
  // Open to every signed-in user (the session middleware saw to that): the workbook holds only
  // what the caller sent.
  auto table = BuildTableExport(req.body);
  if (!table) return ErrorResponse(table.error(), req);
  return XlsxResponse(std::move(table->bytes), table->file_name, Today(ctx));
}

}  // namespace

// ---- The audit log ----

http::Response AuditXlsxResponse(const ApiContext& ctx, const http::Request& req, const store::AuditFilter& filter) {
  constexpr int64_t kMaxRows = 100'000;  // as the CSV export
  constexpr int64_t kPage = 1000;
  const domain::Date today = Today(ctx);
  io::XlsxSheetSpec spec{.name = "审计日志",
                         .title = fmt::format("审计日志（导出于{}，时间为北京时间）", DateCn(today)),
                         .columns = {{"编号", 9},
                                     {"时间", 20},
                                     {"操作人", 14},
                                     {"角色", 16},
                                     {"来源地址", 16},
                                     {"终端", 30},
                                     {"请求编号", 20},
                                     {"事件类型", 22},
                                     {"对象类型", 14},
                                     {"对象编号", 10},
                                     {"结果", 8},
                                     {"原因", 20},
                                     {"变更内容", 60}}};
  int64_t rows = 0;
  auto book = ctx.db.ReadValue<Book>([&](store::Connection& c) -> Result<Book> {
    auto b = OpenBook("审计日志", spec);
    if (!b) return b;
    std::vector<XlsxCell> row(spec.columns.size());
    for (int64_t page = 1; rows < kMaxRows; ++page) {
      auto list = store::ListAudit(c, filter, {page, kPage});
      if (!list) return core::Fail(std::move(list.error()));
      for (const store::AuditEntry& e : list->items) {
        if (rows >= kMaxRows) break;
        SetInteger(row[0], e.id);
        SetText(row[1], ChinaTime(e.ts_utc));
        SetText(row[2], e.actor_login);
        SetText(row[3], e.actor_roles);
        SetText(row[4], e.source_ip);
        SetText(row[5], e.user_agent);
        SetText(row[6], e.request_id);
        SetText(row[7], e.event_type);
        SetText(row[8], e.object_type);
        SetText(row[9], e.object_id);
        SetText(row[10], e.outcome == "success" ? "成功" : e.outcome == "failure" ? "失败" : std::string_view(e.outcome));
        SetText(row[11], e.reason_code);
        SetText(row[12], e.changes == "{}" ? std::string() : e.changes);
        GJ_FAIL_IF_ERROR(b->sheet->AddRow(row));
        ++rows;
      }
      if (static_cast<int64_t>(list->items.size()) < kPage) break;
    }
    return b;
  });
  if (!book) return ErrorResponse(book.error(), req);
  auto bytes = book->Finish();
  if (!bytes) return ErrorResponse(bytes.error(), req);
  const auth::Principal& who = CurrentUser(req);
  Status s = ctx.db.Write([&](store::Connection& c) -> Status {
    store::AuditEntry e = AuditOf(ctx, req, &who, "audit.export", "audit_log", "");
    e.changes = nlohmann::json{{"rows", rows},          {"format", "xlsx"},           {"from", filter.from},
                               {"to", filter.to},       {"actor", filter.actor_login}, {"event_type", filter.event_type}}
                    .dump();
    return Record(c, ctx, std::move(e));
  });
  if (!s.ok()) return ErrorResponse(s, req);
  return XlsxResponse(std::move(*bytes), "审计日志", today);
}

void AddExportRoutes(http::Router& router, const ApiContext& ctx) {
  router.Add("GET", "/api/projects/export", [&ctx](http::Request& r) { return ExportProjects(ctx, r); });
  router.Add("GET", "/api/problems/export", [&ctx](http::Request& r) { return ExportProblems(ctx, r); });
  router.Add("GET", "/api/approvals/export", [&ctx](http::Request& r) { return ExportApprovals(ctx, r); });
  router.Add("GET", "/api/reports/progress-by-unit/export",
             [&ctx](http::Request& r) { return ExportProgressByUnit(ctx, r); });
  router.Add("POST", "/api/export/table", [&ctx](http::Request& r) { return ExportTable(ctx, r); },
             {.max_body = kMaxTableBody});
}

}  // namespace gongjian::api
