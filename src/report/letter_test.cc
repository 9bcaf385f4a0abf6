#include "report/letter.h"

#include <gtest/gtest.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <regex>
#include <string>
#include <thread>
#include <vector>

// Under LeakSanitizer (`make test-asan`): cairo 1.16 leaks about 1.5 KB per PDF document in its
// font subsetting (upstream cairo issue 805), and fontconfig keeps its caches until exit. Neither
// is ours; a layout or context that the renderer forgot to release still shows (libpango, glib).
extern "C" const char* __lsan_default_suppressions() { return "leak:libcairo.so\nleak:libfontconfig.so\n"; }

namespace gongjian::report {
namespace {

constexpr char kIssuer[] = "某某区重大项目攻坚指挥部办公室";

LetterFacts Facts(LetterKind kind) {
  LetterFacts f;
  f.kind = kind;
  f.year = 2026;
  f.serial = 12;
  f.issuer = kIssuer;
  f.addressee = "区自然资源局";
  f.cooperating = {"区住房和城乡建设局", "区财政局"};
  f.project_name = "滨江大道快速化改造";
  f.problem_type = "用地";
  f.problem_text = "项目红线内仍有3户未签订征收补偿协议，影响主线桥梁桩基施工";
  f.raised_on = {2026, 11, 2};
  f.handling_deadline = domain::Date{2026, 11, 20};
  f.reply_deadline = {2026, 12, 4};
  f.issued_on = {2026, 11, 29};
  f.contact = "张明，0951-5012345";
  return f;
}

std::string Body(const Letter& letter) {
  std::string all;
  for (const std::string& p : letter.paragraphs) all += p;
  return all;
}

TEST(ChineseDateTest, WritesYearMonthDayWithoutLeadingZeros) {
  EXPECT_EQ(ChineseDate({2026, 3, 1}), "2026年3月1日");
  EXPECT_EQ(ChineseDate({2026, 11, 29}), "2026年11月29日");
}

TEST(LetterNumberTest, MarksTheKindAfterTheOfficeName) {
  EXPECT_EQ(LetterNumber(LetterKind::kAssign, 2026, 1), "区重大项目办交〔2026〕1号");
  EXPECT_EQ(LetterNumber(LetterKind::kReminder, 2026, 3), "区重大项目办提〔2026〕3号");
  EXPECT_EQ(LetterNumber(LetterKind::kSupervise, 2026, 12), "区重大项目办督〔2026〕12号");
}

TEST(ComposeLetterTest, AssignLetterAsksToHandleByTheDeadlineAndReplyInWriting) {
  LetterFacts f = Facts(LetterKind::kAssign);
  f.serial = 7;
  Letter letter = ComposeLetter(f);
  EXPECT_EQ(letter.number, "区重大项目办交〔2026〕7号");
  EXPECT_EQ(letter.title, "关于交办滨江大道快速化改造项目用地问题的函");
  EXPECT_EQ(letter.addressee, "区自然资源局");
  EXPECT_EQ(letter.closing_issuer, kIssuer);
  EXPECT_EQ(letter.date_text, "2026年11月29日");
  EXPECT_EQ(letter.copy_to, "区住房和城乡建设局，区财政局");
  EXPECT_EQ(letter.contact, "张明，0951-5012345");
  ASSERT_EQ(letter.paragraphs.size(), 3u);
  EXPECT_EQ(letter.paragraphs[0],
            "2026年11月2日，滨江大道快速化改造项目反映用地问题：项目红线内仍有3户未签订征收补偿协议，"
            "影响主线桥梁桩基施工。");
  EXPECT_NE(letter.paragraphs[1].find("交由你单位牵头办理，区住房和城乡建设局、区财政局配合办理"), std::string::npos);
  EXPECT_NE(letter.paragraphs[1].find("于2026年11月20日前办理完毕"), std::string::npos);
  EXPECT_NE(letter.paragraphs[1].find("于2026年12月4日前将办理情况书面反馈某某区重大项目攻坚指挥部办公室。"),
            std::string::npos);
  EXPECT_EQ(letter.paragraphs[2], "特此函告。");
  EXPECT_EQ(Body(letter).find("工作日"), std::string::npos);
}

TEST(ComposeLetterTest, AssignLetterWithoutDeadlineOrHelpersAsksToHandleSoon) {
  LetterFacts f = Facts(LetterKind::kAssign);
  f.handling_deadline.reset();
  f.cooperating.clear();
  Letter letter = ComposeLetter(f);
  EXPECT_NE(Body(letter).find("交由你单位牵头办理。"), std::string::npos);
  EXPECT_NE(Body(letter).find("抓紧办理，并于2026年12月4日前"), std::string::npos);
  EXPECT_EQ(letter.copy_to, "");
}

TEST(ComposeLetterTest, ReminderBeforeTheDeadlineSaysItIsNear) {
  LetterFacts f = Facts(LetterKind::kReminder);
  f.handling_deadline = domain::Date{2026, 12, 3};
  Letter letter = ComposeLetter(f);
  EXPECT_EQ(letter.number, "区重大项目办提〔2026〕12号");
  EXPECT_EQ(letter.title, "关于提醒办理滨江大道快速化改造项目用地问题的函");
  std::string body = Body(letter);
  EXPECT_NE(body.find("该问题办理时限为2026年12月3日，办理时限即将届满"), std::string::npos) << body;
  EXPECT_NE(body.find("确保在办理时限内办结"), std::string::npos);
  EXPECT_NE(body.find("于2026年12月4日前将办理进展及结果书面反馈"), std::string::npos);
  EXPECT_EQ(body.find("已超过"), std::string::npos);
}

TEST(ComposeLetterTest, ReminderAfterTheDeadlineNamesTheOverdueWorkingDays) {
  LetterFacts f = Facts(LetterKind::kReminder);
  f.overdue_working_days = 6;
  std::string body = Body(ComposeLetter(f));
  EXPECT_NE(body.find("截至2026年11月29日已超过办理时限6个工作日，仍未办结。请你单位抓紧推进"), std::string::npos)
      << body;
  EXPECT_EQ(body.find("绩效考核"), std::string::npos);
}

TEST(ComposeLetterTest, SuperviseLetterNamesOverdueDaysAndTheAssessment) {
  LetterFacts f = Facts(LetterKind::kSupervise);
  f.overdue_working_days = 5;
  Letter letter = ComposeLetter(f);
  EXPECT_EQ(letter.number, "区重大项目办督〔2026〕12号");
  EXPECT_EQ(letter.title, "关于督办滨江大道快速化改造项目用地问题的函");
  std::string body = Body(letter);
  EXPECT_NE(body.find("已超过办理时限5个工作日，仍未办结，影响项目建设推进。"), std::string::npos) << body;
  EXPECT_NE(body.find("现对该问题予以督办"), std::string::npos);
  EXPECT_NE(body.find("主要负责同志亲自过问"), std::string::npos);
  EXPECT_NE(body.find("会同区住房和城乡建设局、区财政局"), std::string::npos);
  EXPECT_NE(body.find("于2026年12月4日前办结"), std::string::npos);
  EXPECT_NE(body.find("纳入你单位年度目标绩效考核"), std::string::npos);
  EXPECT_EQ(letter.paragraphs.back(), "特此函告。");
}

TEST(ComposeLetterTest, ProjectNameEndingInXiangmuIsNotDoubledAndNoTypeSaysYouGuan) {
  LetterFacts f = Facts(LetterKind::kAssign);
  f.project_name = "智能装备产业园项目";
  f.problem_type = "";
  EXPECT_EQ(ComposeLetter(f).title, "关于交办智能装备产业园项目有关问题的函");
}

TEST(ComposeLetterTest, EachLineOfTheProblemTextBecomesAParagraph) {
  LetterFacts f = Facts(LetterKind::kAssign);
  f.problem_text = "  一是征收协议未签。\r\n\n二是管线迁改未完成  \n";
  Letter letter = ComposeLetter(f);
  ASSERT_EQ(letter.paragraphs.size(), 4u);
  EXPECT_EQ(letter.paragraphs[0], "2026年11月2日，滨江大道快速化改造项目反映用地问题：一是征收协议未签。");
  EXPECT_EQ(letter.paragraphs[1], "二是管线迁改未完成。");
}

// --- PDF, read back with poppler-utils ---

class TempFile {
 public:
  explicit TempFile(const std::string& bytes) {
    char name[] = "/tmp/gj-letter-XXXXXX.pdf";
    int fd = mkstemps(name, 4);
    if (fd < 0) return;
    close(fd);
    path_ = name;
    std::ofstream(path_, std::ios::binary) << bytes;
  }
  ~TempFile() {
    if (!path_.empty()) unlink(path_.c_str());
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Runs `command` and returns its standard output; fails the test when it does not exit 0.
std::string RunCommand(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    ADD_FAILURE() << "cannot run " << command;
    return out;
  }
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  int status = pclose(pipe);
  EXPECT_EQ(status, 0) << command << " failed (poppler-utils installed? scripts/install-deps.sh)";
  return out;
}

// The PDF's text without any whitespace or page breaks, so that wrapped lines join again.
std::string PdfText(const std::string& pdf) {
  TempFile file(pdf);
  std::string text = RunCommand("pdftotext -enc UTF-8 '" + file.path() + "' -");
  text.erase(
      std::remove_if(text.begin(), text.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }),
      text.end());
  return text;
}

// `text` (from PdfText) without the page numbers "— 2 —", which break a paragraph that runs on.
std::string WithoutPageNumbers(const std::string& text) { return std::regex_replace(text, std::regex("—[0-9]+—"), ""); }

int PdfPages(const std::string& pdf) {
  TempFile file(pdf);
  std::string info = RunCommand("pdfinfo '" + file.path() + "'");
  size_t at = info.find("Pages:");
  if (at == std::string::npos) return -1;
  return std::atoi(info.c_str() + at + 6);
}

std::string PdfFonts(const std::string& pdf) {
  TempFile file(pdf);
  return RunCommand("pdffonts '" + file.path() + "'");
}

TEST(RenderLetterPdfTest, ChineseTextIsExtractableFromTheOnePagePdf) {
  Letter letter = ComposeLetter(Facts(LetterKind::kAssign));
  core::Result<std::string> pdf = RenderLetterPdf(letter);
  ASSERT_TRUE(pdf.has_value()) << pdf.error().ToString();
  ASSERT_EQ(pdf->rfind("%PDF-", 0), 0u);
  EXPECT_EQ(PdfPages(*pdf), 1);

  std::string text = PdfText(*pdf);
  // The issuer heads the letter (red 发文机关标志), then come the number and the title.
  EXPECT_EQ(text.find(std::string(kIssuer) + "区重大项目办交〔2026〕12号关于交办滨江大道快速化改造项目用地问题的函"
                                             "区自然资源局："),
            0u)
      << text;
  EXPECT_NE(text.find("项目红线内仍有3户未签订征收补偿协议，影响主线桥梁桩基施工。"), std::string::npos) << text;
  EXPECT_NE(text.find("于2026年11月20日前办理完毕"), std::string::npos) << text;
  EXPECT_NE(text.find("于2026年12月4日前将办理情况书面反馈某某区重大项目攻坚指挥部办公室。"), std::string::npos)
      << text;
  // The issuer signs above the date, then the contact note and the 抄送 line follow.
  EXPECT_NE(text.find("特此函告。" + std::string(kIssuer) +
                      "2026年11月29日（联系人：张明，0951-5012345）"
                      "抄送：区住房和城乡建设局，区财政局。"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("—1—"), std::string::npos) << "a one-page letter has no page number";

  std::string fonts = PdfFonts(*pdf);
  EXPECT_NE(fonts.find("NotoSerifCJK"), std::string::npos) << fonts;
}

TEST(RenderLetterPdfTest, ClosingThatDoesNotFitTakesTheBodysLastLinesToTheNextPage) {
  LetterFacts f = Facts(LetterKind::kSupervise);
  f.overdue_working_days = 5;
  core::Result<std::string> pdf = RenderLetterPdf(ComposeLetter(f));
  ASSERT_TRUE(pdf.has_value()) << pdf.error().ToString();
  ASSERT_EQ(PdfPages(*pdf), 2) << "the test letter is meant to run just over one page";
  std::string text = PdfText(*pdf);
  EXPECT_NE(text.find("已超过办理时限5个工作日"), std::string::npos) << text;
  EXPECT_NE(text.find("—1—"), std::string::npos) << text;
  EXPECT_NE(text.find("—2—"), std::string::npos) << text;

  TempFile file(*pdf);
  std::string second = RunCommand("pdftotext -enc UTF-8 -f 2 -l 2 '" + file.path() + "' -");
  second.erase(std::remove_if(second.begin(), second.end(),
                              [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }),
               second.end());
  EXPECT_NE(second.find("特此函告。" + std::string(kIssuer) + "2026年11月29日"), std::string::npos) << second;
  EXPECT_FALSE(second.starts_with("特此函告。")) << "more than the last paragraph moves: " << second;
}

TEST(RenderLetterPdfTest, LongBodyBreaksAcrossNumberedPagesWithTextIntact) {
  Letter letter = ComposeLetter(Facts(LetterKind::kAssign));
  letter.paragraphs.clear();
  for (int i = 1; i <= 40; ++i) {
    letter.paragraphs.push_back("第" + std::to_string(i) +
                                "段：该项目涉及征地拆迁、管线迁改和交通导改等多项前置工作，" +
                                "请各责任单位按照职责分工密切配合，倒排工期、挂图作战，确保节点目标按期实现。");
  }
  core::Result<std::string> pdf = RenderLetterPdf(letter);
  ASSERT_TRUE(pdf.has_value()) << pdf.error().ToString();
  int pages = PdfPages(*pdf);
  EXPECT_GE(pages, 2);

  std::string numbered = PdfText(*pdf);
  EXPECT_NE(numbered.find("—1—"), std::string::npos);
  EXPECT_NE(numbered.find("—" + std::to_string(pages) + "—"), std::string::npos);
  std::string text = WithoutPageNumbers(numbered);
  size_t at = 0;
  for (int i = 1; i <= 40; ++i) {
    std::string paragraph = "第" + std::to_string(i) +
                            "段：该项目涉及征地拆迁、管线迁改和交通导改等多项前置工作，"
                            "请各责任单位按照职责分工密切配合，倒排工期、挂图作战，确保节点目标按期实现。";
    size_t found = text.find(paragraph, at);
    ASSERT_NE(found, std::string::npos) << "paragraph " << i << " missing or out of order";
    at = found + paragraph.size();
  }
  EXPECT_NE(text.find(std::string(kIssuer) + "2026年11月29日", at), std::string::npos) << "closing after the body";
}

TEST(RenderLetterPdfTest, InvalidUtf8IsAnInternalErrorNotACrash) {
  Letter letter = ComposeLetter(Facts(LetterKind::kAssign));
  letter.paragraphs.push_back("\xC0\x80");
  core::Result<std::string> pdf = RenderLetterPdf(letter);
  ASSERT_FALSE(pdf.has_value());
  EXPECT_EQ(pdf.error().code(), core::Code::kInternal);
}

TEST(RenderLetterPdfTest, RendersConcurrentlyOnWorkerThreads) {
  Letter letter = ComposeLetter(Facts(LetterKind::kAssign));
  std::vector<std::string> pdfs(4);
  std::vector<std::thread> threads;
  for (std::string& out : pdfs) {
    threads.emplace_back([&letter, &out] {
      for (int i = 0; i < 3; ++i) {
        core::Result<std::string> pdf = RenderLetterPdf(letter);
        out = pdf.has_value() ? *pdf : std::string();
        if (!pdf.has_value()) return;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (const std::string& pdf : pdfs) {
    ASSERT_EQ(pdf.rfind("%PDF-", 0), 0u);
    EXPECT_NE(PdfText(pdf).find("关于交办滨江大道快速化改造项目用地问题的函"), std::string::npos);
  }
}

TEST(RenderLetterPdfTest, ReportsRenderTime) {
  Letter letter = ComposeLetter(Facts(LetterKind::kReminder));
  ASSERT_TRUE(RenderLetterPdf(letter).has_value());  // warm up: fontconfig, font map
  constexpr int kRounds = 20;
  size_t bytes = 0;
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kRounds; ++i) {
    core::Result<std::string> pdf = RenderLetterPdf(letter);
    ASSERT_TRUE(pdf.has_value());
    bytes = pdf->size();
  }
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() / kRounds;
  std::cout << "one letter: " << ms << " ms, " << bytes << " bytes\n";
  RecordProperty("render_ms", std::to_string(ms));
}

}  // namespace
}  // namespace gongjian::report
