#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "domain/date.h"

namespace gongjian::report {

// The three supervision letters of 两函一单 (SPEC §6), from mild to strong.
enum class LetterKind {
  kAssign,     // 交办函: hands a problem to its responsible unit
  kReminder,   // 提醒函: the handling deadline is near or has passed
  kSupervise,  // 督办函: overdue; the outcome enters the unit's assessment
};

// The plain facts of one letter, filled by the caller (api/) from a problem and its project.
// All text is well-formed UTF-8 (validated at the edge); empty optional texts are left out.
struct LetterFacts {
  LetterKind kind = LetterKind::kAssign;
  int year = 0;           // 〔year〕 of the number
  int serial = 0;         // serial of the number, counted per year and kind by the caller
  std::string issuer;     // 发文机关 and 落款, e.g. "某某区重大项目攻坚指挥部办公室"
  std::string addressee;  // 主送: the responsible unit, e.g. "区自然资源局"
  std::vector<std::string> cooperating;  // 协办单位; they are also copied (抄送)
  std::string project_name;
  std::string problem_type;  // e.g. "用地"; empty gives "有关问题"
  std::string problem_text;  // the problem's description; line breaks start new paragraphs
  domain::Date raised_on;
  std::optional<domain::Date> handling_deadline;  // 办理时限 of the problem
  domain::Date reply_deadline;                    // the unit replies in writing by this date
  domain::Date issued_on;                         // 成文日期
  std::optional<int> overdue_working_days;        // 提醒函/督办函: working days past the deadline
  std::string contact;                            // 联系人及电话, e.g. "张三，0951-5012345"
};

// A composed letter: the text of each part, without layout. Labels and punctuation that belong
// to the layout are added by the renderer (the "：" after the addressee, "抄送：…。",
// "（联系人：…）"), so a preview in the UI can show the same parts.
struct Letter {
  std::string number;                   // 发文字号, e.g. "区重大项目办督〔2026〕12号"
  std::string title;                    // e.g. "关于督办滨江大道项目用地问题的函"
  std::string addressee;                // 主送机关, e.g. "区自然资源局"
  std::vector<std::string> paragraphs;  // 正文, each one paragraph (first-line indent in print)
  std::string closing_issuer;           // 落款 (also the red 发文机关标志 at the top)
  std::string date_text;                // 成文日期, e.g. "2026年11月29日"
  std::string copy_to;                  // 抄送机关 separated by "，", or empty
  std::string contact;                  // 联系人及电话, or empty
};

// "2026年11月29日": a date as official documents write it (Arabic digits, no leading zeros).
std::string ChineseDate(const domain::Date& date);

// "区重大项目办交〔2026〕12号" (提醒函 "…办提…", 督办函 "…办督…").
std::string LetterNumber(LetterKind kind, int year, int serial);

// Composes the letter's text from `facts`: the number, the title ("关于交办/提醒办理/督办XX项目YY
// 问题的函"), the body in the wording of the kind (交办: handle by the deadline and reply in
// writing; 提醒: the deadline is near or has passed; 督办: names the overdue working days, asks
// the unit's head to see to it and says the result enters the unit's assessment), a sentence
// with the reply deadline, and the dates in Chinese. Pure; never fails.
Letter ComposeLetter(const LetterFacts& facts);

// Renders `letter` as an A4 PDF in GB/T 9704's letter format (信函格式, 党政机关公文格式) as far
// as it applies: margins 37/26/35/28 mm (top/right/bottom/left); the issuer as the red
// 发文机关标志 30 mm from the top edge over a red double line, the number centred under it
// (another red double line 20 mm above the foot of the first page); the title in 22 pt bold on
// balanced lines; body text in 16 pt serif (Noto Serif CJK SC, falling back to Noto Sans CJK SC /
// WenQuanYi Micro Hei) with a two-character first-line indent, 22 lines to a page, paragraphs
// broken across pages as needed; issuer and date right-aligned, never alone on a page (the pitch
// tightens to at most 24 lines, else the body's last two lines move with them); the contact note;
// 抄送 at the foot of the last page; page numbers "— 1 —" when there is more than one page.
// Returns the PDF bytes, or kInternal when cairo or pango fail, no CJK font is installed or a text
// is not valid UTF-8. Never throws. Thread-safe (pango keeps one font map per thread); takes
// some 40–60 ms on one core, most of it cairo subsetting and compressing the CJK fonts.
core::Result<std::string> RenderLetterPdf(const Letter& letter);

}  // namespace gongjian::report
