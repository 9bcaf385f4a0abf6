#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "domain/date.h"
#include "domain/project.h"

// The monthly briefing (月度通报, SPEC §10): from plain figures to the summary paragraph, an A4
// PDF and an xlsx workbook. Pure of the database: the caller (api/) fills BriefingFacts from the
// cockpit's aggregates (docs: /tmp/notes/cockpit-api.md; each struct below names the endpoint
// whose answer it mirrors) and archives what these functions return.
//
// Conventions, as in the cockpit's JSON: money is integer 分 (domain::Fen); rates are basis
// points (1 = 0.01%), std::nullopt when the denominator is 0; texts are well-formed UTF-8 (the
// renderers refuse anything else). Lists are printed in the order given.

namespace gongjian::report {

// Projects by warning colour.
struct BriefingLights {
  int64_t red = 0;
  int64_t yellow = 0;
  int64_t green = 0;
};

// The headline figures: /api/cockpit/summary without its "sentence".
struct BriefingSummary {
  int64_t projects = 0;
  domain::Fen total_investment = 0;
  domain::Fen annual_planned = 0;
  domain::Fen completed_ytd = 0;
  domain::Fen schedule_ytd = 0;               // 序时进度 amount
  std::optional<int64_t> completion_rate;     // completed_ytd / annual_planned
  std::optional<int64_t> schedule_rate;       // schedule_ytd / annual_planned
  std::optional<int64_t> points_vs_schedule;  // completion_rate − schedule_rate; > 0 ahead of 序时
  int64_t new_starts = 0;
  int64_t completions = 0;
  BriefingLights lights;
};

// One month of /api/cockpit/trend; cumulative figures run from January.
struct BriefingTrendMonth {
  int month = 0;  // 1..12
  domain::Fen planned_cum = 0;
  domain::Fen schedule_cum = 0;
  domain::Fen completed_cum = 0;
  domain::Fen completed_month = 0;
};

// One row of /api/cockpit/breakdown (dimension unit or category). points_vs_schedule is not
// in the breakdown answer: for units take it from /api/cockpit/ranking (same key); leave it
// empty where there is none (printed "—").
struct BriefingBreakdownRow {
  std::string name;  // "未指定" for the null key, as the cockpit names it
  int64_t projects = 0;
  domain::Fen total_investment = 0;
  domain::Fen annual_planned = 0;
  domain::Fen completed_ytd = 0;
  std::optional<int64_t> completion_rate;
  std::optional<int64_t> points_vs_schedule;
};

// A breakdown's rows (printed in this order: the ranking's order suits the unit table) and its
// totals row (the breakdown's "total", printed as 合计; the renderers never re-add the rows).
struct BriefingBreakdown {
  std::vector<BriefingBreakdownRow> rows;
  BriefingBreakdownRow total;
};

// A red or yellow project: the drill-down items of figure=red / figure=yellow with the reason
// of the project's worst warning (the sentence engine/warning writes, as /api/cockpit/mine
// gives it).
struct BriefingLightItem {
  std::string project;
  std::string unit;    // responsible unit; empty prints "未指定"
  std::string reason;  // e.g. "1-10月完成投资2.1亿元，低于序时进度31.5个百分点"
};

// A problem past its handling deadline (overdue as store/problem_repository defines it).
struct BriefingOverdueProblem {
  std::string project;
  std::string type;  // 问题类型, e.g. "用地"
  std::string unit;  // responsible unit
  domain::Date deadline;
  int overdue_working_days = 0;
};

// /api/cockpit/problems' counts and the overdue problems to list (most overdue first, say).
struct BriefingProblems {
  int64_t open = 0;
  int64_t overdue = 0;
  int64_t closed_this_month = 0;
  int64_t raised_this_month = 0;
  std::vector<BriefingOverdueProblem> overdue_list;
};

// One department of /api/cockpit/approvals (top 10 by red then yellow).
struct BriefingApprovalDepartment {
  std::string name;
  int64_t in_progress = 0;
  int64_t yellow = 0;
  int64_t red = 0;
  std::optional<int> median_days;  // working days; none when nothing was approved this year
  std::optional<int> p90_days;
};

struct BriefingApprovals {
  int64_t in_progress = 0;
  int64_t yellow = 0;
  int64_t red = 0;
  std::vector<BriefingApprovalDepartment> departments;
};

// Everything one issue of the briefing shows.
struct BriefingFacts {
  std::string area_name;   // the district, for the title: "示范区" → "示范区重大项目建设月度通报"
  std::string scope_name;  // subject of the sentences: "全区" for the district, else the org's name
  std::string issuer;      // e.g. "示范区重大项目攻坚指挥部办公室"
  int year = 0;
  int month = 0;           // 1..12: figures for January to this month
  int issue_number = 0;    // 第N期, counted per year by the caller
  domain::Date issued_on;  // date of the issuer line

  BriefingSummary summary;
  std::vector<BriefingTrendMonth> trend;  // months 1..month
  BriefingBreakdown by_unit;
  BriefingBreakdown by_category;
  std::vector<BriefingLightItem> red_projects;
  std::vector<BriefingLightItem> yellow_projects;
  BriefingProblems problems;
  BriefingApprovals approvals;
};

// "1-10月" (or "1月" for January), as engine/warning labels the period.
std::string BriefingPeriod(int month);

// The headline sentence, without a full stop, in the words of the cockpit's summary "sentence":
// "1-10月，全区86个重大项目完成投资52.3亿元，完成年度计划的78.5%，高于序时进度1.2个百分点"
// (低于 when behind, "与序时进度持平" when level; without a completion rate — no annual plan —
// it stops after the amount: "…完成投资52.3亿元，年度投资计划尚未下达"). Money as
// engine::FormatMoneyCn writes it, rates as engine::FormatBasisPoints. Pure.
std::string BriefingHeadline(const BriefingFacts& facts);

// The summary paragraph in the office's voice: the headline, then "其中，新开工项目12个，竣工项目
// 5个；红灯项目3个、黄灯项目7个、绿灯项目76个。", the problems ("未办结问题15个，其中超过办理时限4个；
// 本月新增问题6个、办结问题9个。") and the approvals in progress ("前期手续在办32项，其中黄灯5项、
// 红灯2项。"; left out when none are in progress). Pure; never fails.
std::string ComposeBriefingSummary(const BriefingFacts& facts);

// Renders the briefing as an A4 PDF: the red title "XX重大项目建设月度通报", "第N期", the issuer
// and the date over a red rule; sections 一、总体情况 (the summary paragraph and a chart drawn
// with cairo: monthly completed investment as bars, cumulative completed and planned (and 序时
// when it differs) as lines, in 亿元), 二、分责任单位推进情况, 三、分类别推进情况 (a sentence and a
// ruled table each, with the totals row), 四、红黄灯项目, 五、超期未办结问题, 六、前期手续审批
// 堵点 (a sentence and a table, or "无。"). The red, yellow and overdue tables print their first
// 50 rows and then say how many more the workbook lists. Body in Noto Serif CJK SC, headings in Noto Sans CJK
// SC (falling back as report/letter does); tables break between rows across pages and repeat
// their header row on every page; a heading stays with what follows; page numbers "— N —".
// Returns the PDF bytes, or kInternal when a text is not valid UTF-8, the month is not 1..12,
// no CJK font is installed, or cairo/pango fail. Never throws; thread-safe.
core::Result<std::string> RenderBriefingPdf(const BriefingFacts& facts);

// Renders the briefing as an xlsx workbook (io/xlsx_writer) with the sheets 汇总 (the figures,
// one a row, and the summary paragraph), 分单位, 分类别 (the breakdown rows and the totals row
// as given), 红黄灯项目, 超期问题, 审批堵点 (with a totals row of the approvals' counts) and
// 月度趋势. Money in 万元, rates as percentages, each sheet with a title row, a frozen header
// and an autofilter. Returns the bytes, or kInternal as RenderBriefingPdf does.
core::Result<std::string> RenderBriefingXlsx(const BriefingFacts& facts);

}  // namespace gongjian::report
