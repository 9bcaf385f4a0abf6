// The briefing's words (summary, section sentences) and its xlsx workbook. The PDF is in
// briefing_pdf.cc.

#include "report/briefing.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

#include "core/utf8.h"
#include "engine/cockpit.h"
#include "engine/warning.h"
#include "io/xlsx_writer.h"
#include "report/briefing_text.h"
#include "report/letter.h"

namespace gongjian::report {

using engine::FormatBasisPoints;
using engine::FormatMoneyCn;

std::string BriefingPeriod(int month) { return engine::PeriodLabel(month); }

std::string BriefingHeadline(const BriefingFacts& facts) {
  const BriefingSummary& s = facts.summary;
  engine::Figures f;
  f.projects = s.projects;
  f.completed_ytd = s.completed_ytd;
  const engine::Rates r{s.completion_rate, s.schedule_rate, s.points_vs_schedule};
  // The cockpit's sentence, word for word; the office adds why there is no rate.
  std::string text = engine::SummarySentence(facts.month, facts.scope_name, f, r);
  return s.completion_rate ? text : text + "，年度投资计划尚未下达";
}

std::string ComposeBriefingSummary(const BriefingFacts& facts) {
  const BriefingSummary& s = facts.summary;
  std::string text = BriefingHeadline(facts) + "。";
  std::vector<std::string> starts;
  if (s.new_starts > 0) starts.push_back(fmt::format("新开工项目{}个", s.new_starts));
  if (s.completions > 0) starts.push_back(fmt::format("竣工项目{}个", s.completions));
  std::string lights =
      s.lights.red == 0 && s.lights.yellow == 0
          ? fmt::format("无红灯、黄灯项目，{}个项目均为绿灯", s.lights.green)
          : fmt::format("红灯项目{}个、黄灯项目{}个、绿灯项目{}个", s.lights.red, s.lights.yellow, s.lights.green);
  text += "其中，";
  for (size_t i = 0; i < starts.size(); ++i) text += starts[i] + (i + 1 < starts.size() ? "，" : "；");
  text += lights + "。";

  const BriefingProblems& p = facts.problems;
  if (p.open == 0) {
    text += fmt::format("目前无未办结问题；本月新增问题{}个、办结问题{}个。", p.raised_this_month, p.closed_this_month);
  } else {
    text += fmt::format("未办结问题{}个，", p.open);
    text += p.overdue > 0 ? fmt::format("其中超过办理时限{}个；", p.overdue) : std::string("均在办理时限内；");
    text += fmt::format("本月新增问题{}个、办结问题{}个。", p.raised_this_month, p.closed_this_month);
  }
  const BriefingApprovals& a = facts.approvals;
  if (a.in_progress > 0) {
    text += fmt::format("前期手续在办{}项", a.in_progress);
    text += a.yellow == 0 && a.red == 0 ? std::string("，均在办理时限内。")
                                        : fmt::format("，其中黄灯{}项、红灯{}项。", a.yellow, a.red);
  }
  return text;
}

namespace briefing_text {

std::string Wan(domain::Fen fen) {
  // Rounded to 0.01万元 = 10,000分, half away from zero, in integers.
  const bool negative = fen < 0;
  const uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(fen) : static_cast<uint64_t>(fen);
  const uint64_t hundredths = (magnitude + 5'000) / 10'000;
  if (hundredths == 0) return "0.00";
  return fmt::format("{}{}.{:02}", negative ? "-" : "", hundredths / 100, hundredths % 100);
}

std::string Yi(domain::Fen fen) {
  const bool negative = fen < 0;
  const uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(fen) : static_cast<uint64_t>(fen);
  const uint64_t hundredths = (magnitude + 50'000'000) / 100'000'000;  // 0.01亿元 = 10^8 分
  if (hundredths == 0) return "0.00";
  return fmt::format("{}{}.{:02}", negative ? "-" : "", hundredths / 100, hundredths % 100);
}

std::string Rate(std::optional<int64_t> basis_points) {
  return basis_points ? FormatBasisPoints(*basis_points) + "%" : std::string("—");
}

std::string Points(std::optional<int64_t> basis_points) {
  if (!basis_points) return "—";
  return (*basis_points > 0 ? "+" : "") + FormatBasisPoints(*basis_points);
}

std::string OrUnspecified(const std::string& name) { return name.empty() ? std::string("未指定") : name; }

std::string Title(const BriefingFacts& facts) { return facts.area_name + "重大项目建设月度通报"; }

std::string UnitsSentence(const BriefingFacts& facts) {
  std::vector<const BriefingBreakdownRow*> rated;
  for (const BriefingBreakdownRow& row : facts.by_unit.rows) {
    if (row.completion_rate) rated.push_back(&row);
  }
  if (rated.empty()) return "";
  std::stable_sort(rated.begin(), rated.end(), [](const BriefingBreakdownRow* a, const BriefingBreakdownRow* b) {
    if (*a->completion_rate != *b->completion_rate) return *a->completion_rate > *b->completion_rate;
    return a->completed_ytd > b->completed_ytd;
  });
  std::string text = fmt::format("从责任单位看，{}个有年度计划的单位中，完成年度计划比例居前的是", rated.size());
  const size_t top = std::min<size_t>(3, rated.size());
  for (size_t i = 0; i < top; ++i) {
    text +=
        fmt::format("{}{}（{}%）", i == 0 ? "" : "、", rated[i]->name, FormatBasisPoints(*rated[i]->completion_rate));
  }
  std::vector<const BriefingBreakdownRow*> behind;
  for (const BriefingBreakdownRow* row : rated) {
    if (row->points_vs_schedule && *row->points_vs_schedule < 0) behind.push_back(row);
  }
  if (behind.empty()) return text + "；各单位均达到序时进度。";
  const BriefingBreakdownRow* worst =
      *std::min_element(behind.begin(), behind.end(), [](const BriefingBreakdownRow* a, const BriefingBreakdownRow* b) {
        return *a->points_vs_schedule < *b->points_vs_schedule;
      });
  return text + fmt::format("；{}个单位低于序时进度，其中{}低于序时进度{}个百分点，差距最大。", behind.size(),
                            worst->name, FormatBasisPoints(-*worst->points_vs_schedule));
}

std::string CategoriesSentence(const BriefingFacts& facts) {
  if (facts.by_category.rows.empty()) return "";
  std::string text = "从项目类别看，";
  bool first = true;
  for (const BriefingBreakdownRow& row : facts.by_category.rows) {
    text += fmt::format("{}{}{}个，完成投资{}", first ? "" : "；", row.name, row.projects,
                        FormatMoneyCn(row.completed_ytd));
    if (row.completion_rate) text += fmt::format("，完成年度计划的{}%", FormatBasisPoints(*row.completion_rate));
    first = false;
  }
  return text + "。";
}

std::string LightsSentence(const BriefingFacts& facts) {
  const BriefingLights& l = facts.summary.lights;
  if (l.red == 0 && l.yellow == 0)
    return fmt::format("截至{}月底，{}无红灯、黄灯项目。", facts.month, facts.scope_name);
  return fmt::format(
      "截至{}月底，{}红灯项目{}个、黄灯项目{}个，名单如下。请各责任单位对照预警原因逐项研究整改措施，"
      "加快推进，尽早转为绿灯。",
      facts.month, facts.scope_name, l.red, l.yellow);
}

std::string ProblemsSentence(const BriefingFacts& facts) {
  const BriefingProblems& p = facts.problems;
  if (p.overdue == 0 && p.overdue_list.empty()) {
    return fmt::format("截至{}月底，{}未办结问题{}个，均在办理时限内。", facts.month, facts.scope_name, p.open);
  }
  return fmt::format(
      "截至{}月底，{}未办结问题{}个，其中超过办理时限{}个，列表如下。请责任单位主要负责同志亲自过问，"
      "限期办结并书面反馈。",
      facts.month, facts.scope_name, p.open, p.overdue);
}

std::string ApprovalsSentence(const BriefingFacts& facts) {
  const BriefingApprovals& a = facts.approvals;
  if (a.in_progress == 0) return "目前无在办前期手续。";
  std::string text = fmt::format("前期手续在办{}项，其中黄灯{}项、红灯{}项。", a.in_progress, a.yellow, a.red);
  if (!a.departments.empty()) text += "各审批部门办理情况如下（用时按工作日计）。";
  return text;
}

core::Status CheckFacts(const BriefingFacts& facts) {
  if (facts.month < 1 || facts.month > 12)
    return core::Status::Internal(fmt::format("briefing: month {}", facts.month));
  std::vector<const std::string*> texts = {&facts.area_name, &facts.scope_name, &facts.issuer};
  for (const auto* breakdown : {&facts.by_unit, &facts.by_category}) {
    texts.push_back(&breakdown->total.name);
    for (const BriefingBreakdownRow& row : breakdown->rows) texts.push_back(&row.name);
  }
  for (const auto* list : {&facts.red_projects, &facts.yellow_projects}) {
    for (const BriefingLightItem& item : *list) {
      texts.insert(texts.end(), {&item.project, &item.unit, &item.reason});
    }
  }
  for (const BriefingOverdueProblem& p : facts.problems.overdue_list) {
    texts.insert(texts.end(), {&p.project, &p.type, &p.unit});
  }
  for (const BriefingApprovalDepartment& d : facts.approvals.departments) texts.push_back(&d.name);
  for (const std::string* text : texts) {
    if (!core::IsValidUtf8(*text) || text->find('\0') != std::string::npos) {
      return core::Status::Internal("briefing: text is not valid UTF-8");
    }
  }
  return core::Status::Ok();
}

}  // namespace briefing_text

namespace {

using io::XlsxCell;
using io::XlsxRowStyle;
using io::XlsxSheet;
namespace text = briefing_text;

core::Status AddBreakdown(io::XlsxWriter& writer, const std::string& name, const std::string& title,
                          const std::string& dimension, const BriefingBreakdown& breakdown) {
  auto sheet = writer.AddSheet({.name = name,
                                .title = title,
                                .columns = {{"序号", 6},
                                            {dimension, 28},
                                            {"项目数", 8},
                                            {"总投资（万元）", 16},
                                            {"年度计划（万元）", 16},
                                            {"累计完成（万元）", 16},
                                            {"完成年度计划", 12},
                                            {"较序时进度（百分点）", 12}}});
  if (!sheet) return sheet.error();
  int64_t n = 0;
  auto row_of = [](XlsxCell first, const BriefingBreakdownRow& row) {
    return std::vector<XlsxCell>{std::move(first),
                                 XlsxCell::Text(row.name),
                                 XlsxCell::Integer(row.projects),
                                 XlsxCell::Money(row.total_investment),
                                 XlsxCell::Money(row.annual_planned),
                                 XlsxCell::Money(row.completed_ytd),
                                 XlsxCell::Rate(row.completion_rate),
                                 XlsxCell::Points(row.points_vs_schedule)};
  };
  for (const BriefingBreakdownRow& row : breakdown.rows) {
    GJ_RETURN_IF_ERROR((*sheet)->AddRow(row_of(XlsxCell::Integer(++n), row)));
  }
  BriefingBreakdownRow total = breakdown.total;
  total.name = "合计";
  return (*sheet)->AddRow(row_of(XlsxCell::Blank(), total), XlsxRowStyle::kTotal);
}

core::Result<std::string> RenderXlsx(const BriefingFacts& facts) {
  GJ_FAIL_IF_ERROR(text::CheckFacts(facts));
  const std::string period = fmt::format("{}年{}", facts.year, BriefingPeriod(facts.month));
  const std::string title = text::Title(facts);
  auto writer =
      io::XlsxWriter::InMemory({.title = fmt::format("{}（{}年第{}期）", title, facts.year, facts.issue_number)});
  if (!writer) return core::Fail(writer.error());
  io::XlsxWriter& w = **writer;

  {
    auto sheet =
        w.AddSheet({.name = "汇总",
                    .title = fmt::format("{}（{}年第{}期，{}）", title, facts.year, facts.issue_number, period),
                    .columns = {{"指标", 24}, {"数值", 18}, {"单位", 10}},
                    .autofilter = false});
    if (!sheet) return core::Fail(sheet.error());
    const BriefingSummary& s = facts.summary;
    const BriefingProblems& p = facts.problems;
    const BriefingApprovals& a = facts.approvals;
    const std::vector<std::vector<XlsxCell>> rows = {
        {XlsxCell::Text("统计期"), XlsxCell::Text(period), XlsxCell::Blank()},
        {XlsxCell::Text("统计范围"), XlsxCell::Text(facts.scope_name), XlsxCell::Blank()},
        {XlsxCell::Text("重大项目"), XlsxCell::Integer(s.projects), XlsxCell::Text("个")},
        {XlsxCell::Text("总投资"), XlsxCell::Money(s.total_investment), XlsxCell::Text("万元")},
        {XlsxCell::Text("年度计划投资"), XlsxCell::Money(s.annual_planned), XlsxCell::Text("万元")},
        {XlsxCell::Text("累计完成投资"), XlsxCell::Money(s.completed_ytd), XlsxCell::Text("万元")},
        {XlsxCell::Text("序时进度投资"), XlsxCell::Money(s.schedule_ytd), XlsxCell::Text("万元")},
        {XlsxCell::Text("完成年度计划"), XlsxCell::Rate(s.completion_rate), XlsxCell::Blank()},
        {XlsxCell::Text("序时进度"), XlsxCell::Rate(s.schedule_rate), XlsxCell::Blank()},
        {XlsxCell::Text("较序时进度"), XlsxCell::Points(s.points_vs_schedule), XlsxCell::Text("百分点")},
        {XlsxCell::Text("新开工项目"), XlsxCell::Integer(s.new_starts), XlsxCell::Text("个")},
        {XlsxCell::Text("竣工项目"), XlsxCell::Integer(s.completions), XlsxCell::Text("个")},
        {XlsxCell::Text("红灯项目"), XlsxCell::Integer(s.lights.red), XlsxCell::Text("个")},
        {XlsxCell::Text("黄灯项目"), XlsxCell::Integer(s.lights.yellow), XlsxCell::Text("个")},
        {XlsxCell::Text("绿灯项目"), XlsxCell::Integer(s.lights.green), XlsxCell::Text("个")},
        {XlsxCell::Text("未办结问题"), XlsxCell::Integer(p.open), XlsxCell::Text("个")},
        {XlsxCell::Text("超过办理时限问题"), XlsxCell::Integer(p.overdue), XlsxCell::Text("个")},
        {XlsxCell::Text("本月新增问题"), XlsxCell::Integer(p.raised_this_month), XlsxCell::Text("个")},
        {XlsxCell::Text("本月办结问题"), XlsxCell::Integer(p.closed_this_month), XlsxCell::Text("个")},
        {XlsxCell::Text("在办前期手续"), XlsxCell::Integer(a.in_progress), XlsxCell::Text("项")},
        {XlsxCell::Text("前期手续黄灯"), XlsxCell::Integer(a.yellow), XlsxCell::Text("项")},
        {XlsxCell::Text("前期手续红灯"), XlsxCell::Integer(a.red), XlsxCell::Text("项")},
        {XlsxCell::Text("综述"), XlsxCell::Text(ComposeBriefingSummary(facts)), XlsxCell::Blank()},
    };
    for (const auto& row : rows) GJ_FAIL_IF_ERROR((*sheet)->AddRow(row));
  }
  GJ_FAIL_IF_ERROR(AddBreakdown(w, "分单位", fmt::format("{}分责任单位推进情况（{}）", facts.scope_name, period),
                                "责任单位", facts.by_unit));
  GJ_FAIL_IF_ERROR(AddBreakdown(w, "分类别", fmt::format("{}分类别推进情况（{}）", facts.scope_name, period),
                                "项目类别", facts.by_category));
  {
    auto sheet =
        w.AddSheet({.name = "红黄灯项目",
                    .title = fmt::format("红黄灯项目名单（截至{}年{}月底）", facts.year, facts.month),
                    .columns = {{"序号", 6}, {"灯色", 6}, {"项目名称", 36}, {"责任单位", 24}, {"预警原因", 60}}});
    if (!sheet) return core::Fail(sheet.error());
    int64_t n = 0;
    for (const auto& [colour, list] :
         {std::pair{"红灯", &facts.red_projects}, std::pair{"黄灯", &facts.yellow_projects}}) {
      for (const BriefingLightItem& item : *list) {
        GJ_FAIL_IF_ERROR((*sheet)->AddRow(
            std::vector<XlsxCell>{XlsxCell::Integer(++n), XlsxCell::Text(colour), XlsxCell::Text(item.project),
                                  XlsxCell::Text(text::OrUnspecified(item.unit)), XlsxCell::Text(item.reason)}));
      }
    }
  }
  {
    auto sheet = w.AddSheet({.name = "超期问题",
                             .title = fmt::format("超过办理时限的问题（截至{}年{}月底）", facts.year, facts.month),
                             .columns = {{"序号", 6},
                                         {"项目名称", 36},
                                         {"问题类型", 12},
                                         {"责任单位", 24},
                                         {"办理时限", 12},
                                         {"超期（工作日）", 10}}});
    if (!sheet) return core::Fail(sheet.error());
    int64_t n = 0;
    for (const BriefingOverdueProblem& p : facts.problems.overdue_list) {
      GJ_FAIL_IF_ERROR(
          (*sheet)->AddRow(std::vector<XlsxCell>{XlsxCell::Integer(++n), XlsxCell::Text(p.project),
                                                 XlsxCell::Text(p.type), XlsxCell::Text(text::OrUnspecified(p.unit)),
                                                 XlsxCell::Date(p.deadline.year, p.deadline.month, p.deadline.day),
                                                 XlsxCell::Integer(p.overdue_working_days)}));
    }
  }
  {
    auto sheet = w.AddSheet({.name = "审批堵点",
                             .title = fmt::format("前期手续审批办理情况（截至{}年{}月底）", facts.year, facts.month),
                             .columns = {{"序号", 6},
                                         {"审批部门", 28},
                                         {"在办", 8},
                                         {"黄灯", 8},
                                         {"红灯", 8},
                                         {"用时中位数（工作日）", 12},
                                         {"用时P90（工作日）", 12}}});
    if (!sheet) return core::Fail(sheet.error());
    int64_t n = 0;
    auto days = [](std::optional<int> d) { return d ? XlsxCell::Integer(*d) : XlsxCell::Blank(); };
    for (const BriefingApprovalDepartment& d : facts.approvals.departments) {
      GJ_FAIL_IF_ERROR((*sheet)->AddRow(std::vector<XlsxCell>{
          XlsxCell::Integer(++n), XlsxCell::Text(d.name), XlsxCell::Integer(d.in_progress), XlsxCell::Integer(d.yellow),
          XlsxCell::Integer(d.red), days(d.median_days), days(d.p90_days)}));
    }
    const BriefingApprovals& a = facts.approvals;
    GJ_FAIL_IF_ERROR((*sheet)->AddRow(
        std::vector<XlsxCell>{XlsxCell::Blank(), XlsxCell::Text("全部审批部门"), XlsxCell::Integer(a.in_progress),
                              XlsxCell::Integer(a.yellow), XlsxCell::Integer(a.red)},
        XlsxRowStyle::kTotal));
  }
  {
    auto sheet = w.AddSheet({.name = "月度趋势",
                             .title = fmt::format("{}完成投资月度趋势（{}年）", facts.scope_name, facts.year),
                             .columns = {{"月份", 8},
                                         {"当月完成（万元）", 16},
                                         {"累计完成（万元）", 16},
                                         {"计划累计（万元）", 16},
                                         {"序时进度累计（万元）", 18}}});
    if (!sheet) return core::Fail(sheet.error());
    for (const BriefingTrendMonth& m : facts.trend) {
      GJ_FAIL_IF_ERROR((*sheet)->AddRow(std::vector<XlsxCell>{
          XlsxCell::Text(fmt::format("{}月", m.month)), XlsxCell::Money(m.completed_month),
          XlsxCell::Money(m.completed_cum), XlsxCell::Money(m.planned_cum), XlsxCell::Money(m.schedule_cum)}));
    }
  }
  return w.CloseToBytes();
}

}  // namespace

core::Result<std::string> RenderBriefingXlsx(const BriefingFacts& facts) {
  try {
    return RenderXlsx(facts);
  } catch (const std::exception& e) {
    return core::Fail(core::Status::Internal(fmt::format("briefing xlsx: {}", e.what())));
  }
}

}  // namespace gongjian::report
