// RenderBriefingPdf: the briefing laid out with pango and drawn on a cairo PDF surface. Layout
// runs first (every line, cell, rule and the chart get a page and a position), drawing second,
// so that the page numbers know the page count.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <numbers>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "report/briefing.h"
#include "report/briefing_text.h"
#include "report/letter.h"
#include "report/pdf_canvas.h"

namespace gongjian::report {
namespace {

namespace text = briefing_text;

constexpr double kMm = 72.0 / 25.4;  // PDF user units are points
constexpr double kPageWidth = 210 * kMm;
constexpr double kPageHeight = 297 * kMm;
constexpr double kTop = 30 * kMm;
constexpr double kBottom = kPageHeight - 28 * kMm;  // lower edge of the type area
constexpr double kLeft = 25 * kMm;
constexpr double kTextWidth = kPageWidth - kLeft - 25 * kMm;  // 160 mm
constexpr double kBodySize = 14;                              // 四号
constexpr double kPitch = kBodySize * 1.8;                    // body line pitch
constexpr double kHeadingSize = 16;                           // 三号 for 一、二、…
constexpr double kTableSize = 10.5;                           // 五号
constexpr double kCellPadX = 1.6 * kMm;
constexpr double kCellPadY = 1.3 * kMm;
constexpr double kRuleWidth = 0.5;
constexpr double kChartHeight = 78 * kMm;
// The most rows a list (red, yellow, overdue) prints; a province's thousands go to the workbook.
constexpr size_t kPdfListLimit = 50;

// Families in order of preference; pango falls back along the list per glyph.
constexpr const char* kSerif = "Noto Serif CJK SC, Noto Sans CJK SC, WenQuanYi Micro Hei, Noto Sans CJK, serif";
constexpr const char* kSans = "Noto Sans CJK SC, WenQuanYi Micro Hei, Noto Sans CJK, sans-serif";

using pdf::Rgb;
constexpr Rgb kBlack{0, 0, 0};
constexpr Rgb kRed{0.86, 0.0, 0.06};
constexpr Rgb kHeaderFill{0.90, 0.92, 0.95};
constexpr Rgb kGrid{0.85, 0.85, 0.85};
constexpr Rgb kBarColour{0.55, 0.70, 0.88};
constexpr Rgb kCompletedColour{0.80, 0.10, 0.10};
constexpr Rgb kPlannedColour{0.20, 0.20, 0.20};
constexpr Rgb kScheduleColour{0.90, 0.55, 0.00};

using pdf::FontUnref;
using pdf::GPtr;
using pdf::IterUnref;
using pdf::Points;

struct TextStyle {
  const char* family = kSerif;
  double size = kBodySize;
  bool bold = false;
  double width = kTextWidth;  // wrap width; < 0 for one line
  PangoAlignment align = PANGO_ALIGN_LEFT;
  double indent = 0;  // first-line indent
  bool justify = false;
};

// Drawing operations, each on a page.
struct LineOp {  // one line of a paragraph, at its baseline
  int page;
  double x, baseline;
  PangoLayoutLine* line;
  Rgb color;
};
struct BlockOp {  // a whole layout with its top-left corner at (x, y)
  int page;
  double x, y;
  PangoLayout* layout;
  Rgb color;
};
struct RuleOp {
  int page;
  double x0, y0, x1, y1, width;
  Rgb color;
};
struct FillOp {
  int page;
  double x, y, w, h;
  Rgb color;
};
struct ChartOp {
  int page;
  double x, y, w, h;
};

// A table column: its header, a relative width and the alignment of its cells.
struct Column {
  std::string header;
  double weight;
  PangoAlignment align = PANGO_ALIGN_CENTER;
};
struct TableRow {
  std::vector<std::string> cells;
  bool total = false;  // bold
};

// The document being laid out: pages of the type area, filled from the top.
class Doc {
 public:
  explicit Doc(PangoContext* context) : context_(context) {}

  PangoLayout* Layout(const std::string& s, const TextStyle& style) {
    GPtr<PangoLayout> layout(pango_layout_new(context_));
    std::unique_ptr<PangoFontDescription, FontUnref> font(pango_font_description_from_string(style.family));
    pango_font_description_set_size(font.get(), static_cast<int>(style.size * PANGO_SCALE));
    pango_font_description_set_weight(font.get(), style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout.get(), font.get());
    pango_layout_set_width(layout.get(), style.width < 0 ? -1 : static_cast<int>(style.width * PANGO_SCALE));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(layout.get(), style.align);
    pango_layout_set_indent(layout.get(), static_cast<int>(style.indent * PANGO_SCALE));
    pango_layout_set_justify(layout.get(), style.justify);
    pango_layout_set_text(layout.get(), s.data(), static_cast<int>(s.size()));
    layouts_.push_back(std::move(layout));
    return layouts_.back().get();
  }

  static double Width(PangoLayout* layout) {
    PangoRectangle logical;
    pango_layout_get_extents(layout, nullptr, &logical);
    return Points(logical.width);
  }
  static double Height(PangoLayout* layout) {
    PangoRectangle logical;
    pango_layout_get_extents(layout, nullptr, &logical);
    return Points(logical.height);
  }
  double NaturalWidth(const std::string& s, TextStyle style) {
    style.width = -1;
    return Width(Layout(s, style));
  }

  // Places `layout` line by line at `pitch` (at least each line's height), breaking pages
  // between lines.
  void Paragraph(PangoLayout* layout, double x, double pitch = kPitch, Rgb color = kBlack) {
    std::unique_ptr<PangoLayoutIter, IterUnref> iter(pango_layout_get_iter(layout));
    do {
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(iter.get(), nullptr, &logical);
      const double height = std::max(pitch, Points(logical.height));
      if (y_ + height > kBottom + 0.01) NewPage();
      const double above_baseline = Points(pango_layout_iter_get_baseline(iter.get()) - logical.y);
      lines_.push_back({page_, x + Points(logical.x), y_ + (height - Points(logical.height)) / 2 + above_baseline,
                        pango_layout_iter_get_line_readonly(iter.get()), color});
      y_ += height;
    } while (pango_layout_iter_next_line(iter.get()));
  }

  // A body paragraph with a two-character first-line indent.
  void Body(const std::string& s) {
    if (s.empty()) return;
    Paragraph(Layout(s, {.indent = 2 * kBodySize, .justify = true}), kLeft);
  }

  // "一、总体情况": kept on a page with at least `keep` points of what follows.
  void Heading(const std::string& s, double keep) {
    PangoLayout* layout = Layout(s, {.family = kSans, .size = kHeadingSize, .bold = true, .indent = 2 * kBodySize});
    Space(0.4 * kPitch);
    EnsureRoom(kPitch * 1.2 + keep);
    Paragraph(layout, kLeft, kPitch * 1.2);
  }
  // "（一）红灯项目（3个）".
  void Subheading(const std::string& s, double keep) {
    PangoLayout* layout = Layout(s, {.bold = true, .indent = 2 * kBodySize});
    EnsureRoom(kPitch + keep);
    Paragraph(layout, kLeft);
  }

  // A ruled table across the type area. Rows never split; a row that does not fit goes to the
  // next page, where the header row is repeated.
  void Table(const std::vector<Column>& columns, const std::vector<TableRow>& rows) {
    double total_weight = 0;
    for (const Column& c : columns) total_weight += c.weight;
    std::vector<double> x(columns.size() + 1, kLeft);
    for (size_t i = 0; i < columns.size(); ++i) x[i + 1] = x[i] + kTextWidth * columns[i].weight / total_weight;

    auto lay_out_row = [&](const std::vector<std::string>& cells, bool header, bool bold, double& height) {
      std::vector<PangoLayout*> layouts;
      height = 0;
      for (size_t i = 0; i < columns.size(); ++i) {
        const std::string& s = i < cells.size() ? cells[i] : std::string();
        PangoLayout* layout = Layout(s, {.family = header ? kSans : kSerif,
                                         .size = kTableSize,
                                         .bold = bold,
                                         .width = x[i + 1] - x[i] - 2 * kCellPadX,
                                         .align = header ? PANGO_ALIGN_CENTER : columns[i].align});
        pango_layout_set_spacing(layout, static_cast<int>(1.5 * PANGO_SCALE));
        height = std::max(height, Height(layout));
        layouts.push_back(layout);
      }
      height += 2 * kCellPadY;
      return layouts;
    };
    auto place_row = [&](const std::vector<PangoLayout*>& layouts, double height, bool header) {
      if (header) {
        fills_.push_back({page_, x.front(), y_, x.back() - x.front(), height, kHeaderFill});
        rules_.push_back({page_, x.front(), y_, x.back(), y_, kRuleWidth, kBlack});
      }
      for (size_t i = 0; i < layouts.size(); ++i) {
        const double top = y_ + (height - Height(layouts[i])) / 2;
        blocks_.push_back({page_, x[i] + kCellPadX, top, layouts[i], kBlack});
      }
      for (double edge : x) rules_.push_back({page_, edge, y_, edge, y_ + height, kRuleWidth, kBlack});
      rules_.push_back({page_, x.front(), y_ + height, x.back(), y_ + height, kRuleWidth, kBlack});
      y_ += height;
    };

    std::vector<std::string> headers;
    for (const Column& c : columns) headers.push_back(c.header);
    double header_height = 0;
    const std::vector<PangoLayout*> header = lay_out_row(headers, /*header=*/true, /*bold=*/true, header_height);
    bool first = true;
    for (const TableRow& row : rows) {
      double height = 0;
      std::vector<PangoLayout*> cells = lay_out_row(row.cells, /*header=*/false, row.total, height);
      if (first) {
        EnsureRoom(header_height + height);
        place_row(header, header_height, true);
        first = false;
      } else if (y_ + height > kBottom + 0.01) {
        NewPage();
        place_row(header, header_height, true);
      }
      place_row(cells, height, false);
    }
    if (first) {  // no rows: the header alone
      EnsureRoom(header_height);
      place_row(header, header_height, true);
    }
    Space(0.5 * kPitch);
  }

  void Chart(double height) {
    EnsureRoom(height);
    charts_.push_back({page_, kLeft, y_, kTextWidth, height});
    y_ += height;
  }

  // A centred line of small text, e.g. a figure's caption.
  void Caption(const std::string& s) {
    Paragraph(Layout(s, {.size = kTableSize, .align = PANGO_ALIGN_CENTER}), kLeft, kTableSize * 1.8);
  }

  void Rule(double x0, double x1, double y, double width, Rgb color) {
    rules_.push_back({page_, x0, y, x1, y, width, color});
  }
  void Block(PangoLayout* layout, double x, double y, Rgb color) { blocks_.push_back({page_, x, y, layout, color}); }

  void Space(double points) {
    if (y_ > kTop + 0.01) y_ = std::min(y_ + points, kBottom + 1);
  }
  void EnsureRoom(double height) {
    if (y_ + height > kBottom + 0.01 && y_ > kTop + 0.01) NewPage();
  }
  void NewPage() {
    ++page_;
    y_ = kTop;
  }

  double y() const { return y_; }
  void set_y(double y) { y_ = y; }
  int pages() const { return page_ + 1; }
  const std::vector<LineOp>& lines() const { return lines_; }
  const std::vector<BlockOp>& blocks() const { return blocks_; }
  const std::vector<RuleOp>& rules() const { return rules_; }
  const std::vector<FillOp>& fills() const { return fills_; }
  const std::vector<ChartOp>& charts() const { return charts_; }

 private:
  PangoContext* context_;
  std::vector<GPtr<PangoLayout>> layouts_;
  std::vector<LineOp> lines_;
  std::vector<BlockOp> blocks_;
  std::vector<RuleOp> rules_;
  std::vector<FillOp> fills_;
  std::vector<ChartOp> charts_;
  int page_ = 0;
  double y_ = kTop;
};

const char* const kSectionNumbers[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};

std::string Count(int64_t n) { return std::to_string(n); }

std::vector<Column> BreakdownColumns(const std::string& dimension) {
  // Weights are millimetres of the 160 mm type area; 序号 fits "120" and its own two characters.
  return {{"序号", 11},
          {dimension, 40},
          {"项目数\n（个）", 17},
          {"年度计划\n（万元）", 24},
          {"累计完成\n（万元）", 24},
          {"完成年度\n计划", 20},
          {"较序时进度\n（百分点）", 24}};
}

std::vector<TableRow> BreakdownRows(const BriefingBreakdown& breakdown) {
  std::vector<TableRow> rows;
  int n = 0;
  auto cells = [](std::string first, const BriefingBreakdownRow& r) {
    return std::vector<std::string>{std::move(first),
                                    r.name,
                                    Count(r.projects),
                                    text::Wan(r.annual_planned),
                                    text::Wan(r.completed_ytd),
                                    text::Rate(r.completion_rate),
                                    text::Points(r.points_vs_schedule)};
  };
  for (const BriefingBreakdownRow& r : breakdown.rows) rows.push_back({cells(std::to_string(++n), r), false});
  BriefingBreakdownRow total = breakdown.total;
  total.name = "合计";
  rows.push_back({cells("", total), true});
  return rows;
}

std::vector<Column> LightColumns() {
  return {{"序号", 11}, {"项目名称", 42}, {"责任单位", 37}, {"预警原因", 70, PANGO_ALIGN_LEFT}};
}

// The rows of a list the PDF prints: the first kPdfListLimit (the workbook has them all).
template <typename T>
std::span<const T> Printed(const std::vector<T>& list) {
  return {list.data(), std::min(list.size(), kPdfListLimit)};
}

// "（以上列出前50个，其余12个见通报附表“红黄灯项目”。）" under a list cut short, else nothing.
template <typename T>
void MoreLine(Doc& doc, const std::vector<T>& list, const char* unit, const char* sheet) {
  if (list.size() <= kPdfListLimit) return;
  doc.Body(fmt::format("（以上列出前{}{}，其余{}{}见通报附表“{}”。）", kPdfListLimit, unit, list.size() - kPdfListLimit,
                       unit, sheet));
}

std::vector<TableRow> LightRows(std::span<const BriefingLightItem> items) {
  std::vector<TableRow> rows;
  int n = 0;
  for (const BriefingLightItem& item : items) {
    rows.push_back({{std::to_string(++n), item.project, text::OrUnspecified(item.unit), item.reason}, false});
  }
  return rows;
}

// Lays the briefing out on `doc`.
void LayOut(const BriefingFacts& facts, Doc& doc) {
  // 报头: the red title shrunk to one line, 第N期, the issuer and the date over a red rule.
  TextStyle title{.size = 26, .bold = true, .align = PANGO_ALIGN_CENTER};
  const std::string title_text = text::Title(facts);
  const double title_width = doc.NaturalWidth(title_text, title);
  if (title_width > kTextWidth) title.size = std::max(16.0, std::floor(title.size * kTextWidth / title_width));
  doc.Paragraph(doc.Layout(title_text, title), kLeft, title.size * 1.5, kRed);
  doc.Space(0.2 * kPitch);
  doc.Paragraph(
      doc.Layout(fmt::format("{}年第{}期", facts.year, facts.issue_number), {.size = 15, .align = PANGO_ALIGN_CENTER}),
      kLeft);
  doc.Space(0.3 * kPitch);
  {
    const double line_top = doc.y();
    PangoLayout* issuer = doc.Layout(facts.issuer, {.size = 12, .width = kTextWidth * 0.68});
    PangoLayout* date = doc.Layout(ChineseDate(facts.issued_on), {.size = 12, .width = -1});
    doc.Block(issuer, kLeft, line_top, kBlack);
    doc.Block(date, kLeft + kTextWidth - Doc::Width(date), line_top, kBlack);
    const double rule_y = line_top + std::max(Doc::Height(issuer), Doc::Height(date)) + 1.5 * kMm;
    doc.Rule(kLeft, kLeft + kTextWidth, rule_y, 1.6, kRed);
    doc.Rule(kLeft, kLeft + kTextWidth, rule_y + 2.2, 0.6, kRed);
    doc.set_y(rule_y + 2.2 + 0.6 * kPitch);
  }

  int section = 0;
  auto heading = [&](const std::string& name, double keep) {
    doc.Heading(fmt::format("{}、{}", kSectionNumbers[section++], name), keep);
  };
  const std::string period = BriefingPeriod(facts.month);

  // 一、总体情况
  heading("总体情况", 2 * kPitch);
  doc.Body(ComposeBriefingSummary(facts));
  if (!facts.trend.empty()) {
    doc.Space(0.3 * kPitch);
    doc.Chart(kChartHeight);
    doc.Caption(fmt::format("图1  {}{}重大项目完成投资情况（亿元）", period, facts.scope_name));
  }

  // 二、分责任单位推进情况; 三、分类别推进情况
  const double table_keep = 3 * kPitch;
  heading("分责任单位推进情况", table_keep);
  doc.Body(text::UnitsSentence(facts));
  doc.Table(BreakdownColumns("责任单位"), BreakdownRows(facts.by_unit));
  heading("分类别推进情况", table_keep);
  doc.Body(text::CategoriesSentence(facts));
  doc.Table(BreakdownColumns("项目类别"), BreakdownRows(facts.by_category));

  // 四、红黄灯项目
  heading("红黄灯项目", 2 * kPitch);
  doc.Body(text::LightsSentence(facts));
  const BriefingLights& lights = facts.summary.lights;
  if (lights.red != 0 || lights.yellow != 0 || !facts.red_projects.empty() || !facts.yellow_projects.empty()) {
    int sub = 0;
    const char* const kSub[] = {"（一）", "（二）"};
    for (const auto& [name, list, count] : {std::tuple{"红灯项目", &facts.red_projects, lights.red},
                                            std::tuple{"黄灯项目", &facts.yellow_projects, lights.yellow}}) {
      doc.Subheading(fmt::format("{}{}（{}个）", kSub[sub++], name, count), 2 * kPitch);
      if (list->empty()) {
        doc.Body("无。");
      } else {
        doc.Table(LightColumns(), LightRows(Printed(*list)));
        MoreLine(doc, *list, "个", "红黄灯项目");
      }
    }
  }

  // 五、超期未办结问题
  heading("超期未办结问题", table_keep);
  doc.Body(text::ProblemsSentence(facts));
  if (!facts.problems.overdue_list.empty()) {
    std::vector<TableRow> rows;
    int n = 0;
    for (const BriefingOverdueProblem& p : Printed(facts.problems.overdue_list)) {
      rows.push_back({{std::to_string(++n), p.project, p.type.empty() ? std::string("其他") : p.type,
                       text::OrUnspecified(p.unit), ChineseDate(p.deadline), Count(p.overdue_working_days)},
                      false});
    }
    doc.Table({{"序号", 11},
               {"项目名称", 40},
               {"问题类型", 20},
               {"责任单位", 33},
               {"办理时限", 32},
               {"超期\n（工作日）", 24}},
              rows);
    MoreLine(doc, facts.problems.overdue_list, "个", "超期问题");
  }

  // 六、前期手续审批堵点
  heading("前期手续审批堵点", table_keep);
  doc.Body(text::ApprovalsSentence(facts));
  if (!facts.approvals.departments.empty()) {
    std::vector<TableRow> rows;
    int n = 0;
    auto days = [](std::optional<int> d) { return d ? std::to_string(*d) : std::string("—"); };
    for (const BriefingApprovalDepartment& d : facts.approvals.departments) {
      rows.push_back({{std::to_string(++n), d.name, Count(d.in_progress), Count(d.yellow), Count(d.red),
                       days(d.median_days), days(d.p90_days)},
                      false});
    }
    doc.Table({{"序号", 11},
               {"审批部门", 45},
               {"在办\n（项）", 18},
               {"黄灯\n（项）", 18},
               {"红灯\n（项）", 18},
               {"用时中位数\n（工作日）", 25},
               {"用时P90\n（工作日）", 25}},
              rows);
  }
}

// --- The trend chart ---

void SetColour(cairo_t* cr, Rgb c) { cairo_set_source_rgb(cr, c.r, c.g, c.b); }

void ShowText(cairo_t* cr, PangoLayout* layout, double x, double y, Rgb color = kBlack) {
  SetColour(cr, color);
  cairo_move_to(cr, x, y);
  pango_cairo_show_layout(cr, layout);
}

// A "nice" axis step (1, 2, 2.5 or 5 × 10^k) giving at most about `ticks` intervals over `span`.
double NiceStep(double span, int ticks) {
  const double raw = span / ticks;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double norm = raw / magnitude;
  const double nice = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10;
  return nice * magnitude;
}

// Decimals needed to print multiples of `step` exactly (at most 3).
int StepDecimals(double step) {
  for (int d = 0; d < 3; ++d) {
    const double scaled = step * std::pow(10.0, d);
    if (std::fabs(scaled - std::round(scaled)) < 1e-9) return d;
  }
  return 3;
}

double Yi(domain::Fen fen) { return static_cast<double>(fen) / 1e10; }  // display only

void DrawChart(cairo_t* cr, Doc& doc, const BriefingFacts& facts, const ChartOp& box) {
  const auto& trend = facts.trend;
  int months = facts.month;
  for (const BriefingTrendMonth& m : trend) months = std::max(months, m.month);
  bool schedule_differs = false;
  double high = 0, low = 0;
  for (const BriefingTrendMonth& m : trend) {
    for (domain::Fen v : {m.planned_cum, m.schedule_cum, m.completed_cum, m.completed_month}) {
      high = std::max(high, Yi(v));
      low = std::min(low, Yi(v));
    }
    schedule_differs = schedule_differs || m.schedule_cum != m.planned_cum;
  }
  if (high - low <= 0) high = 1;
  const double step = NiceStep(high - low, 5);
  const double top = std::ceil(high / step - 1e-9) * step;
  const double bottom = std::floor(low / step + 1e-9) * step;
  const int decimals = StepDecimals(step);

  const TextStyle small{.family = kSans, .size = 8.5, .width = -1};
  // Legend across the top.
  struct Entry {
    const char* label;
    Rgb colour;
    int kind;  // 0 bar, 1 solid line, 2 dashed, 3 dotted
  };
  std::vector<Entry> legend = {
      {"当月完成投资", kBarColour, 0}, {"累计完成投资", kCompletedColour, 1}, {"计划累计", kPlannedColour, 2}};
  if (schedule_differs) legend.push_back({"序时进度累计", kScheduleColour, 3});
  double legend_width = 0;
  std::vector<PangoLayout*> labels;
  for (const Entry& e : legend) {
    labels.push_back(doc.Layout(e.label, small));
    legend_width += 9 * kMm + Doc::Width(labels.back()) + 5 * kMm;
  }
  auto dash = [&](int kind) {
    static const double kDashed[] = {5, 3};
    static const double kDotted[] = {1.5, 2};
    if (kind == 2)
      cairo_set_dash(cr, kDashed, 2, 0);
    else if (kind == 3)
      cairo_set_dash(cr, kDotted, 2, 0);
    else
      cairo_set_dash(cr, nullptr, 0, 0);
  };
  double lx = box.x + (box.w - legend_width) / 2;
  const double ly = box.y + 2;
  for (size_t i = 0; i < legend.size(); ++i) {
    const double mid = ly + Doc::Height(labels[i]) / 2;
    SetColour(cr, legend[i].colour);
    if (legend[i].kind == 0) {
      cairo_rectangle(cr, lx, mid - 3, 7 * kMm, 6);
      cairo_fill(cr);
    } else {
      dash(legend[i].kind);
      cairo_set_line_width(cr, 1.5);
      cairo_move_to(cr, lx, mid);
      cairo_line_to(cr, lx + 7 * kMm, mid);
      cairo_stroke(cr);
      dash(0);
    }
    ShowText(cr, labels[i], lx + 9 * kMm, ly);
    lx += 9 * kMm + Doc::Width(labels[i]) + 5 * kMm;
  }

  // Plot area, gridlines and the 亿元 axis.
  const double plot_left = box.x + 15 * kMm;
  const double plot_right = box.x + box.w - 3 * kMm;
  const double plot_top = box.y + 14 * kMm;
  const double plot_bottom = box.y + box.h - 8 * kMm;
  auto y_of = [&](double v) { return plot_bottom - (v - bottom) / (top - bottom) * (plot_bottom - plot_top); };
  PangoLayout* unit = doc.Layout("亿元", small);
  ShowText(cr, unit, plot_left - Doc::Width(unit) - 2, plot_top - Doc::Height(unit) - 6);
  cairo_set_line_width(cr, 0.4);
  for (double v = bottom; v <= top + step / 2; v += step) {
    const double y = y_of(v);
    SetColour(cr, std::fabs(v) < step / 2 ? kBlack : kGrid);
    cairo_move_to(cr, plot_left, y);
    cairo_line_to(cr, plot_right, y);
    cairo_stroke(cr);
    PangoLayout* tick = doc.Layout(fmt::format("{:.{}f}", std::fabs(v) < step / 2 ? 0.0 : v, decimals), small);
    ShowText(cr, tick, plot_left - Doc::Width(tick) - 4, y - Doc::Height(tick) / 2);
  }
  SetColour(cr, kBlack);
  cairo_move_to(cr, plot_left, plot_top);
  cairo_line_to(cr, plot_left, plot_bottom);
  cairo_stroke(cr);

  // Months along the bottom, bars of the month's completion, lines of the cumulative figures.
  const double slot = (plot_right - plot_left) / std::max(1, months);
  auto x_of = [&](int month) { return plot_left + (month - 0.5) * slot; };
  for (int m = 1; m <= months; ++m) {
    PangoLayout* label = doc.Layout(fmt::format("{}月", m), small);
    ShowText(cr, label, x_of(m) - Doc::Width(label) / 2, plot_bottom + 1.5 * kMm);
  }
  SetColour(cr, kBarColour);
  for (const BriefingTrendMonth& m : trend) {
    const double y0 = y_of(0), y1 = y_of(Yi(m.completed_month));
    cairo_rectangle(cr, x_of(m.month) - slot * 0.25, std::min(y0, y1), slot * 0.5, std::fabs(y1 - y0));
  }
  cairo_fill(cr);
  auto series = [&](domain::Fen BriefingTrendMonth::*field, Rgb colour, int kind, bool markers) {
    SetColour(cr, colour);
    dash(kind);
    cairo_set_line_width(cr, 1.5);
    bool first = true;
    for (const BriefingTrendMonth& m : trend) {
      const double x = x_of(m.month), y = y_of(Yi(m.*field));
      if (first)
        cairo_move_to(cr, x, y);
      else
        cairo_line_to(cr, x, y);
      first = false;
    }
    cairo_stroke(cr);
    dash(0);
    if (!markers) return;
    for (const BriefingTrendMonth& m : trend) {
      cairo_arc(cr, x_of(m.month), y_of(Yi(m.*field)), 2, 0, 2 * std::numbers::pi);
      cairo_fill(cr);
    }
  };
  series(&BriefingTrendMonth::planned_cum, kPlannedColour, 2, false);
  if (schedule_differs) series(&BriefingTrendMonth::schedule_cum, kScheduleColour, 3, false);
  series(&BriefingTrendMonth::completed_cum, kCompletedColour, 1, true);
  // The last cumulative figure, printed by its point.
  const BriefingTrendMonth& last = trend.back();
  PangoLayout* value = doc.Layout(text::Yi(last.completed_cum), small);
  ShowText(cr, value, std::min(x_of(last.month) - Doc::Width(value) / 2, plot_right - Doc::Width(value)),
           y_of(Yi(last.completed_cum)) - Doc::Height(value) - 3, kCompletedColour);
}

core::Result<std::string> Render(const BriefingFacts& facts) {
  GJ_FAIL_IF_ERROR(text::CheckFacts(facts));
  const std::string title = fmt::format("{}（{}年第{}期）", text::Title(facts), facts.year, facts.issue_number);
  auto canvas = pdf::Canvas::Open("briefing", kPageWidth, kPageHeight, title);
  if (!canvas) return core::Fail(std::move(canvas.error()));
  cairo_t* cr = (*canvas)->cr();
  PangoContext* context = (*canvas)->pango();

  Doc doc(context);
  // Without a CJK font every character would print as a box: refuse rather than issue that.
  if (pdf::MissingGlyphs(doc.Layout("月度通报", {})) ||
      pdf::MissingGlyphs(doc.Layout("月度通报", {.family = kSans}))) {
    return core::Fail(core::Status::Internal("briefing pdf: no CJK font installed (fonts-noto-cjk)"));
  }
  LayOut(facts, doc);

  const int pages = doc.pages();
  size_t next_line = 0, next_block = 0, next_rule = 0, next_fill = 0, next_chart = 0;
  for (int page = 0; page < pages; ++page) {
    for (; next_fill < doc.fills().size() && doc.fills()[next_fill].page == page; ++next_fill) {
      const FillOp& f = doc.fills()[next_fill];
      SetColour(cr, f.color);
      cairo_rectangle(cr, f.x, f.y, f.w, f.h);
      cairo_fill(cr);
    }
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_SQUARE);
    for (; next_rule < doc.rules().size() && doc.rules()[next_rule].page == page; ++next_rule) {
      const RuleOp& r = doc.rules()[next_rule];
      SetColour(cr, r.color);
      cairo_set_line_width(cr, r.width);
      cairo_move_to(cr, r.x0, r.y0);
      cairo_line_to(cr, r.x1, r.y1);
      cairo_stroke(cr);
    }
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    for (; next_line < doc.lines().size() && doc.lines()[next_line].page == page; ++next_line) {
      const LineOp& line = doc.lines()[next_line];
      SetColour(cr, line.color);
      cairo_move_to(cr, line.x, line.baseline);
      pango_cairo_show_layout_line(cr, line.line);
    }
    for (; next_block < doc.blocks().size() && doc.blocks()[next_block].page == page; ++next_block) {
      const BlockOp& b = doc.blocks()[next_block];
      ShowText(cr, b.layout, b.x, b.y, b.color);
    }
    for (; next_chart < doc.charts().size() && doc.charts()[next_chart].page == page; ++next_chart) {
      cairo_save(cr);
      DrawChart(cr, doc, facts, doc.charts()[next_chart]);
      cairo_restore(cr);
    }
    if (pages > 1) {
      // "— 1 —" under the type area, odd pages right and even pages left, one character in.
      PangoLayout* number = doc.Layout(fmt::format("— {} —", page + 1), {.size = 12, .width = -1});
      const double width = Doc::Width(number);
      const double x = page % 2 == 0 ? kLeft + kTextWidth - 12 - width : kLeft + 12;
      ShowText(cr, number, x, kBottom + 8 * kMm);
    }
    cairo_show_page(cr);
  }
  return (*canvas)->Finish();
}

}  // namespace

core::Result<std::string> RenderBriefingPdf(const BriefingFacts& facts) {
  return pdf::Guarded("briefing", [&] { return Render(facts); });
}

}  // namespace gongjian::report
