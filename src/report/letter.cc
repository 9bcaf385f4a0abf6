#include "report/letter.h"

#include <fmt/format.h>

#include <string_view>

#include "domain/text.h"

namespace gongjian::report {
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// "滨江大道快速化改造" → "滨江大道快速化改造项目"; a name already ending in 项目 stays as it is.
std::string ProjectPhrase(const std::string& name) {
  std::string trimmed = domain::TrimSpaces(name);
  return EndsWith(trimmed, "项目") ? trimmed : trimmed + "项目";
}

// "用地" → "用地问题"; no type → "有关问题".
std::string ProblemPhrase(const std::string& type) {
  std::string trimmed = domain::TrimSpaces(type);
  if (trimmed.empty()) return "有关问题";
  return EndsWith(trimmed, "问题") ? trimmed : trimmed + "问题";
}

// Ends `s` with sentence punctuation when the writer left it off.
std::string EndSentence(std::string s) {
  for (std::string_view end : {"。", "！", "？", "；", "…", ".", "!", "?"}) {
    if (EndsWith(s, end)) return s;
  }
  return s + "。";
}

// The non-empty lines of a free text, trimmed.
std::vector<std::string> Lines(std::string_view text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string line = domain::TrimSpaces(text.substr(start, end - start));
    while (!line.empty() && line.back() == '\r') line.pop_back();
    line = domain::TrimSpaces(line);
    if (!line.empty()) lines.push_back(std::move(line));
    start = end + 1;
  }
  return lines;
}

std::string Join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const std::string& part : parts) {
    std::string trimmed = domain::TrimSpaces(part);
    if (trimmed.empty()) continue;
    if (!out.empty()) out += separator;
    out += trimmed;
  }
  return out;
}

}  // namespace

std::string ChineseDate(const domain::Date& date) {
  return fmt::format("{}年{}月{}日", date.year, date.month, date.day);
}

std::string LetterNumber(LetterKind kind, int year, int serial) {
  std::string_view mark = kind == LetterKind::kAssign ? "交" : kind == LetterKind::kReminder ? "提" : "督";
  return fmt::format("区重大项目办{}〔{}〕{}号", mark, year, serial);
}

Letter ComposeLetter(const LetterFacts& facts) {
  Letter letter;
  letter.number = LetterNumber(facts.kind, facts.year, facts.serial);
  letter.addressee = domain::TrimSpaces(facts.addressee);
  letter.closing_issuer = domain::TrimSpaces(facts.issuer);
  letter.date_text = ChineseDate(facts.issued_on);
  letter.copy_to = Join(facts.cooperating, "，");
  letter.contact = domain::TrimSpaces(facts.contact);

  const std::string subject = ProjectPhrase(facts.project_name) + ProblemPhrase(facts.problem_type);
  const std::string project = ProjectPhrase(facts.project_name);
  const std::string problem = ProblemPhrase(facts.problem_type);
  const std::string raised = ChineseDate(facts.raised_on);
  const std::string reply = ChineseDate(facts.reply_deadline);
  const std::string issued = ChineseDate(facts.issued_on);
  const std::string cooperating = Join(facts.cooperating, "、");
  const std::string feedback_to = letter.closing_issuer.empty() ? std::string("我办") : letter.closing_issuer;
  const std::optional<std::string> deadline =
      facts.handling_deadline ? std::optional(ChineseDate(*facts.handling_deadline)) : std::nullopt;
  const int overdue = facts.overdue_working_days.value_or(0);

  std::vector<std::string> lines = Lines(facts.problem_text);
  std::string first_line = lines.empty() ? std::string() : EndSentence(lines.front());
  auto add_further_lines = [&] {
    for (size_t i = 1; i < lines.size(); ++i) letter.paragraphs.push_back(EndSentence(lines[i]));
  };
  // The sentence on who leads and who helps, e.g. "交由你单位牵头办理，区财政局配合办理".
  std::string lead = "交由你单位牵头办理";
  if (!cooperating.empty()) lead += "，" + cooperating + "配合办理";

  switch (facts.kind) {
    case LetterKind::kAssign: {
      letter.title = "关于交办" + subject + "的函";
      letter.paragraphs.push_back(first_line.empty() ? raised + "，" + project + "反映" + problem + "，需协调解决。"
                                                     : raised + "，" + project + "反映" + problem + "：" + first_line);
      add_further_lines();
      std::string act = deadline ? "于" + *deadline + "前办理完毕" : std::string("抓紧办理");
      letter.paragraphs.push_back("经研究，现将该问题" + lead + "。请你单位高度重视，明确责任领导和具体责任人，" + act +
                                  "，并于" + reply + "前将办理情况书面反馈" + feedback_to + "。");
      letter.paragraphs.push_back("特此函告。");
      break;
    }
    case LetterKind::kReminder:
    case LetterKind::kSupervise: {
      const bool supervise = facts.kind == LetterKind::kSupervise;
      letter.title = (supervise ? "关于督办" : "关于提醒办理") + subject + "的函";
      std::string opening = project + "于" + raised + "反映的" + problem + "，已" + lead + "。";
      if (!first_line.empty()) opening += "问题情况：" + first_line;
      letter.paragraphs.push_back(opening);
      add_further_lines();

      const bool passed = overdue > 0 || (facts.handling_deadline && *facts.handling_deadline < facts.issued_on);
      std::string state = deadline ? "该问题办理时限为" + *deadline + "，" : std::string();
      if (overdue > 0) {
        state += fmt::format("截至{}已超过办理时限{}个工作日，仍未办结", issued, overdue);
      } else if (passed) {
        state += "截至" + issued + "已超过办理时限，仍未办结";
      } else if (deadline) {
        state += "办理时限即将届满，截至" + issued + "尚未办结";
      } else {
        state += "截至" + issued + "尚未办结";
      }
      if (!supervise) {
        std::string ask = passed ? "请你单位抓紧推进，尽快办结" : "请你单位加快办理进度，确保在办理时限内办结";
        letter.paragraphs.push_back(state + "。" + ask + "，并于" + reply + "前将办理进展及结果书面反馈" + feedback_to +
                                    "。");
      } else {
        letter.paragraphs.push_back(state + "，影响项目建设推进。");
        std::string with = cooperating.empty() ? std::string() : "会同" + cooperating;
        letter.paragraphs.push_back("现对该问题予以督办。请你单位主要负责同志亲自过问、亲自部署，" + with +
                                    "制定切实可行的解决措施，于" + reply + "前办结，并将办理结果书面反馈" +
                                    feedback_to + "。该问题办理情况纳入你单位年度目标绩效考核；逾期仍未办结的，" +
                                    "将提请区重大项目协调会研究并予以通报。");
      }
      letter.paragraphs.push_back("特此函告。");
      break;
    }
  }
  return letter;
}

}  // namespace gongjian::report
