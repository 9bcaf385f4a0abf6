// RenderLetterPdf: the letter laid out after GB/T 9704 with pango, drawn on a cairo PDF surface.
// Layout runs first (every line gets a page and a position), drawing second, so the page
// numbers know the page count.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "core/utf8.h"
#include "report/letter.h"
#include "report/pdf_canvas.h"

namespace gongjian::report {
namespace {

constexpr double kMm = 72.0 / 25.4;  // PDF user units are points
constexpr double kPageWidth = 210 * kMm;
constexpr double kPageHeight = 297 * kMm;
constexpr double kTop = 37 * kMm;
constexpr double kBottom = kPageHeight - 35 * kMm;  // lower edge of the type area
constexpr double kLeft = 28 * kMm;
constexpr double kTextWidth = kPageWidth - kLeft - 26 * kMm;  // 156 mm
constexpr double kBodySize = 16;                              // 三号
constexpr int kLinesPerPage = 22;                             // GB/T 9704: 22 lines of 28 characters
constexpr int kMostLinesPerPage = 24;                         // tightened line pitch to keep the 落款 with the body
constexpr double kNoteSize = 14;                              // 四号: 版记 and page numbers
constexpr double kRuleLength = 170 * kMm;                     // the red double lines of the letter format

// Families in order of preference; pango falls back along the list per glyph.
constexpr const char* kSerif = "Noto Serif CJK SC, Noto Sans CJK SC, WenQuanYi Micro Hei, Noto Sans CJK, serif";

using pdf::Rgb;
constexpr Rgb kBlack{0, 0, 0};
constexpr Rgb kRed{0.86, 0.0, 0.06};

using pdf::FontUnref;
using pdf::GPtr;
using pdf::IterUnref;
using pdf::Points;

struct PlacedLine {
  int page;
  double x;
  double top;             // top of the line's slot
  double baseline;        // baseline, inside the slot
  PangoLayoutLine* line;  // owned by a layout in Flow::layouts_
  Rgb color;
};

struct PlacedRule {
  int page;
  double x0, x1, y, width;
  Rgb color;
};

struct TextStyle {
  double size = kBodySize;
  bool bold = false;
  double width = kTextWidth;  // wrap width
  PangoAlignment align = PANGO_ALIGN_LEFT;
  double indent = 0;  // first-line indent; negative hangs the following lines
  bool justify = false;
};

// Places text line by line on pages of the type area, breaking pages between lines.
class Flow {
 public:
  Flow(PangoContext* context, int lines_per_page) : context_(context), pitch_((kBottom - kTop) / lines_per_page) {}

  PangoLayout* Layout(const std::string& text, const TextStyle& style) {
    GPtr<PangoLayout> layout(pango_layout_new(context_));
    std::unique_ptr<PangoFontDescription, FontUnref> font(pango_font_description_from_string(kSerif));
    pango_font_description_set_size(font.get(), static_cast<int>(style.size * PANGO_SCALE));
    pango_font_description_set_weight(font.get(), style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout.get(), font.get());
    pango_layout_set_width(layout.get(), style.width < 0 ? -1 : static_cast<int>(style.width * PANGO_SCALE));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(layout.get(), style.align);
    pango_layout_set_indent(layout.get(), static_cast<int>(style.indent * PANGO_SCALE));
    pango_layout_set_justify(layout.get(), style.justify);
    pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
    layouts_.push_back(std::move(layout));
    return layouts_.back().get();
  }

  // Width of `text` on one line in `style`.
  double NaturalWidth(const std::string& text, TextStyle style) {
    style.width = -1;
    PangoRectangle logical;
    pango_layout_get_extents(Layout(text, style), nullptr, &logical);
    return Points(logical.width);
  }

  // A centred block that wraps `text` into as few lines as at full width but of even length,
  // so that a title never ends in one lonely character. Its left edge is at
  // kLeft + (kTextWidth - width)/2 where width is pango_layout_get_width.
  PangoLayout* Balanced(const std::string& text, TextStyle style) {
    PangoLayout* full = Layout(text, style);
    int lines = pango_layout_get_line_count(full);
    if (lines <= 1) return full;
    double low = NaturalWidth(text, style) / lines, high = style.width;
    for (int i = 0; i < 12; ++i) {
      style.width = (low + high) / 2;
      if (pango_layout_get_line_count(Layout(text, style)) > lines)
        low = style.width;
      else
        high = style.width;
    }
    style.width = high;
    return Layout(text, style);
  }

  // Lines of `layout` and the height they need at `pitch` (at least each line's own height).
  double Height(PangoLayout* layout, double pitch) const {
    return pango_layout_get_line_count(layout) * std::max(pitch, LineHeight(layout));
  }
  double Height(PangoLayout* layout) const { return Height(layout, pitch_); }

  // Places every line of `layout` with its left edge at `x`, at the body pitch unless `pitch`
  // is given (each line gets at least its own height).
  void Place(PangoLayout* layout, double x, Rgb color = kBlack, double pitch = 0) {
    pitch = std::max(pitch > 0 ? pitch : pitch_, LineHeight(layout));
    std::unique_ptr<PangoLayoutIter, IterUnref> iter(pango_layout_get_iter(layout));
    do {
      if (y_ + pitch > kBottom + 0.01) NewPage();
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(iter.get(), nullptr, &logical);
      double above_baseline = Points(pango_layout_iter_get_baseline(iter.get()) - logical.y);
      double baseline = y_ + (pitch - Points(logical.height)) / 2 + above_baseline;
      lines_.push_back(
          {page_, x + Points(logical.x), y_, baseline, pango_layout_iter_get_line_readonly(iter.get()), color});
      y_ += pitch;
    } while (pango_layout_iter_next_line(iter.get()));
  }

  // Makes room for `height` below the last placed line. When the page has not that much left,
  // the last `keep` lines move to the next page, so that what follows (the 落款) never stands
  // alone there. Returns true when it had to break the page.
  bool KeepWithPrevious(double height, int keep) {
    if (y_ + height <= kBottom + 0.01) return false;
    size_t on_page = 0;
    while (on_page < lines_.size() && lines_[lines_.size() - 1 - on_page].page == page_) ++on_page;
    NewPage();
    if (on_page <= static_cast<size_t>(keep)) return true;  // nothing would remain: break only
    for (size_t i = lines_.size() - keep; i < lines_.size(); ++i) {
      PlacedLine& line = lines_[i];
      line.page = page_;
      line.baseline += y_ - line.top;
      line.top = y_;
      y_ += pitch_;
    }
    return true;
  }

  // Leaves `n` empty body lines, except at the top of a page.
  void Skip(double n) {
    if (y_ <= kTop + 0.01) return;
    y_ = std::min(y_ + n * pitch_, kBottom + 1);
  }

  void Rule(double x0, double x1, double y, double width, Rgb color) {
    rules_.push_back({page_, x0, x1, y, width, color});
  }

  void NewPage() {
    ++page_;
    y_ = kTop;
  }

  double pitch() const { return pitch_; }
  double y() const { return y_; }
  void set_y(double y) { y_ = y; }
  int page() const { return page_; }
  const std::vector<PlacedLine>& lines() const { return lines_; }
  const std::vector<PlacedRule>& rules() const { return rules_; }

 private:
  static double LineHeight(PangoLayout* layout) {
    PangoLayoutLine* line = pango_layout_get_line_readonly(layout, 0);
    if (line == nullptr) return 0;
    PangoRectangle logical;
    pango_layout_line_get_extents(line, nullptr, &logical);
    return Points(logical.height);
  }

  PangoContext* context_;
  double pitch_;
  std::vector<GPtr<PangoLayout>> layouts_;
  std::vector<PlacedLine> lines_;
  std::vector<PlacedRule> rules_;
  int page_ = 0;
  double y_ = kTop;
};

// A red double line of the letter format, kRuleLength long and centred on the page; `thick_first`
// puts the heavy line on top.
void DoubleRule(Flow& flow, double y, bool thick_first) {
  double x0 = (kPageWidth - kRuleLength) / 2, x1 = x0 + kRuleLength;
  flow.Rule(x0, x1, y, thick_first ? 1.6 : 0.6, kRed);
  flow.Rule(x0, x1, y + 2.2, thick_first ? 0.6 : 1.6, kRed);
}

// Lays the letter out; returns true when the 落款 had to take body lines to a new page.
bool LayOut(const Letter& letter, Flow& flow) {
  // 版头 in the letter format (信函格式): the issuer in red 30 mm from the top edge of the page,
  // shrunk to fit one line, a red double line 4 mm under it, the number centred under that;
  // another red double line 20 mm above the bottom edge of the first page.
  TextStyle head{.size = 26, .bold = true, .align = PANGO_ALIGN_CENTER};
  double head_width = flow.NaturalWidth(letter.closing_issuer, head);
  if (head_width > kTextWidth) head.size = std::max(16.0, std::floor(head.size * kTextWidth / head_width));
  PangoLayout* issuer = flow.Layout(letter.closing_issuer, head);
  flow.set_y(30 * kMm);
  flow.Place(issuer, kLeft, kRed, flow.Height(issuer, 0));
  double rule_y = flow.y() + 4 * kMm;
  DoubleRule(flow, rule_y, /*thick_first=*/true);
  DoubleRule(flow, kPageHeight - 20 * kMm, /*thick_first=*/false);
  flow.set_y(rule_y + 2 * kMm);
  flow.Place(flow.Layout(letter.number, {.align = PANGO_ALIGN_CENTER}), kLeft);
  flow.Skip(1);

  // 标题 (balanced lines), 主送机关, 正文.
  PangoLayout* title = flow.Balanced(letter.title, {.size = 22, .bold = true, .align = PANGO_ALIGN_CENTER});
  flow.Place(title, kLeft + (kTextWidth - Points(pango_layout_get_width(title))) / 2);
  flow.Skip(1);
  if (!letter.addressee.empty()) flow.Place(flow.Layout(letter.addressee + "：", {}), kLeft);
  TextStyle body{.indent = 2 * kBodySize, .justify = true};
  for (const std::string& paragraph : letter.paragraphs) flow.Place(flow.Layout(paragraph, body), kLeft);

  // The tail: 落款 and 成文日期 (one block right-aligned two characters in, each centred in it),
  // 附注 (the contact, in brackets, two characters in), and the 版记 (抄送 between two rules at
  // the foot of the last page, one character in on both sides, wrapped lines aligned after the
  // colon). It stays on one page together with at least the body's last two lines.
  double right = kLeft + kTextWidth - 2 * kBodySize;
  double block = std::max(flow.NaturalWidth(letter.closing_issuer, {}), flow.NaturalWidth(letter.date_text, {}));
  block = std::min(block, right - kLeft);
  std::string closing_text =
      letter.closing_issuer.empty() ? letter.date_text : letter.closing_issuer + "\n" + letter.date_text;
  PangoLayout* closing = flow.Layout(closing_text, {.width = block, .align = PANGO_ALIGN_CENTER});
  PangoLayout* contact = letter.contact.empty()
                             ? nullptr
                             : flow.Layout("（联系人：" + letter.contact + "）", {.width = kTextWidth - 2 * kBodySize});
  PangoLayout* copy = nullptr;
  constexpr double kNotePitch = kNoteSize * 1.75;
  if (!letter.copy_to.empty()) {
    const std::string label = "抄送：";
    double label_width = flow.NaturalWidth(label, {.size = kNoteSize});
    copy = flow.Layout(label + letter.copy_to + "。",
                       {.size = kNoteSize, .width = kTextWidth - 2 * kNoteSize, .indent = -label_width});
  }
  double tail = flow.pitch() + flow.Height(closing) + (contact ? flow.Height(contact) : 0) +
                (copy ? 0.5 * flow.pitch() + flow.Height(copy, kNotePitch) : 0);
  bool broke = flow.KeepWithPrevious(tail, 2);
  flow.Skip(1);
  flow.Place(closing, right - block);
  if (contact) flow.Place(contact, kLeft + 2 * kBodySize);
  if (copy) {
    double top = kBottom - flow.Height(copy, kNotePitch);
    if (flow.y() > top - 0.5 * flow.pitch()) flow.NewPage();  // only when the tail is taller than a page
    flow.Rule(kLeft, kLeft + kTextWidth, top, 0.35 * kMm, kBlack);
    flow.set_y(top);
    flow.Place(copy, kLeft + kNoteSize, kBlack, kNotePitch);
    flow.Rule(kLeft, kLeft + kTextWidth, kBottom, 0.35 * kMm, kBlack);
  }
  return broke;
}

core::Result<std::string> Render(const Letter& letter) {
  std::vector<const std::string*> texts = {&letter.number,         &letter.title,     &letter.addressee,
                                           &letter.closing_issuer, &letter.date_text, &letter.copy_to,
                                           &letter.contact};
  for (const std::string& paragraph : letter.paragraphs) texts.push_back(&paragraph);
  for (const std::string* text : texts) {
    if (!core::IsValidUtf8(*text) || text->find('\0') != std::string::npos) {
      return core::Fail(core::Status::Internal("letter pdf: text is not valid UTF-8"));
    }
  }

  auto canvas = pdf::Canvas::Open("letter", kPageWidth, kPageHeight, letter.title);
  if (!canvas) return core::Fail(std::move(canvas.error()));
  cairo_t* cr = (*canvas)->cr();
  PangoContext* context = (*canvas)->pango();

  // Without a CJK font every character would print as a box: refuse rather than issue that.
  {
    Flow probe(context, kLinesPerPage);
    if (pdf::MissingGlyphs(probe.Layout("督办函", {}))) {
      return core::Fail(core::Status::Internal("letter pdf: no CJK font installed (fonts-noto-cjk)"));
    }
  }
  // GB/T 9704 allows a tighter line pitch so that the 落款 fits with the body (7.3.5): try up to
  // kMostLinesPerPage lines before carrying body lines over to a new page.
  std::unique_ptr<Flow> flow;
  for (int lines = kLinesPerPage; lines <= kMostLinesPerPage; ++lines) {
    auto attempt = std::make_unique<Flow>(context, lines);
    bool broke = LayOut(letter, *attempt);
    if (!flow || !broke) flow = std::move(attempt);
    if (!broke) break;
  }

  const int pages = flow->page() + 1;
  size_t next_line = 0;
  size_t next_rule = 0;
  for (int page = 0; page < pages; ++page) {
    for (; next_rule < flow->rules().size() && flow->rules()[next_rule].page == page; ++next_rule) {
      const PlacedRule& rule = flow->rules()[next_rule];
      cairo_set_source_rgb(cr, rule.color.r, rule.color.g, rule.color.b);
      cairo_set_line_width(cr, rule.width);
      cairo_move_to(cr, rule.x0, rule.y);
      cairo_line_to(cr, rule.x1, rule.y);
      cairo_stroke(cr);
    }
    for (; next_line < flow->lines().size() && flow->lines()[next_line].page == page; ++next_line) {
      const PlacedLine& line = flow->lines()[next_line];
      cairo_set_source_rgb(cr, line.color.r, line.color.g, line.color.b);
      cairo_move_to(cr, line.x, line.baseline);
      pango_cairo_show_layout_line(cr, line.line);
    }
    if (pages > 1) {
      // 页码: "— 1 —" 7 mm under the type area, odd pages right and even pages left, one
      // character in.
      PangoLayout* number = flow->Layout(fmt::format("— {} —", page + 1), {.size = kNoteSize, .width = -1});
      PangoRectangle logical;
      pango_layout_get_extents(number, nullptr, &logical);
      double width = static_cast<double>(logical.width) / PANGO_SCALE;
      double x = page % 2 == 0 ? kLeft + kTextWidth - kNoteSize - width : kLeft + kNoteSize;
      cairo_set_source_rgb(cr, 0, 0, 0);
      cairo_move_to(cr, x, kBottom + 7 * kMm);
      pango_cairo_show_layout(cr, number);
    }
    cairo_show_page(cr);
  }
  return (*canvas)->Finish();
}

}  // namespace

core::Result<std::string> RenderLetterPdf(const Letter& letter) {
  return pdf::Guarded("letter", [&] { return Render(letter); });
}

}  // namespace gongjian::report
