#include "report/briefing.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "io/xlsx_peek.h"
#include "report/briefing_text.h"

namespace gongjian::report {
namespace {

constexpr domain::Fen kYi = 10'000'000'000;  // 1亿元 in 分

// The hand-computed fixture: a district of 86 projects at the end of October 2026. The units'
// and the categories' rows add up to the totals; 52.3亿元 of 66.6亿元 is 78.53%, 51.5亿元 of
// 序时 is 77.33%, so 1.2 points ahead.
BriefingFacts Fixture() {
  BriefingFacts f;
  f.area_name = "示范区";
  f.scope_name = "全区";
  f.issuer = "示范区重大项目攻坚指挥部办公室";
  f.year = 2026;
  f.month = 10;
  f.issue_number = 10;
  f.issued_on = {2026, 11, 5};
  BriefingSummary& s = f.summary;
  s.projects = 86;
  s.total_investment = 35812 * kYi / 100;  // 358.12亿元
  s.annual_planned = 666 * kYi / 10;       // 66.6亿元
  s.completed_ytd = 523 * kYi / 10;        // 52.3亿元
  s.schedule_ytd = 515 * kYi / 10;         // 51.5亿元
  s.completion_rate = 7853;
  s.schedule_rate = 7733;
  s.points_vs_schedule = 120;
  s.new_starts = 12;
  s.completions = 5;
  s.lights = {3, 7, 76};

  const int64_t completed_month[] = {20, 35, 48, 55, 60, 58, 62, 65, 58, 62};  // 亿元 / 10
  domain::Fen cumulative = 0;
  for (int m = 1; m <= 10; ++m) {
    cumulative += completed_month[m - 1] * kYi / 10;
    f.trend.push_back(
        {m, s.annual_planned * m / 12, s.annual_planned * m / 12, cumulative, completed_month[m - 1] * kYi / 10});
  }

  f.by_unit.rows = {
      {"区住房和城乡建设局", 30, 150 * kYi, 25 * kYi, 21 * kYi, 8400, 667},
      {"区交通运输局", 20, 90 * kYi, 18 * kYi, 126 * kYi / 10, 7000, -733},
      {"区发展和改革局", 25, 7812 * kYi / 100, 15 * kYi, 12 * kYi, 8000, 267},
      {"未指定", 11, 40 * kYi, 86 * kYi / 10, 67 * kYi / 10, 7791, 58},
  };
  f.by_unit.total = {"", 86, s.total_investment, s.annual_planned, s.completed_ytd, 7853, 120};
  f.by_category.rows = {
      {"产业项目", 40, 180 * kYi, 30 * kYi, 24 * kYi, 8000, std::nullopt},
      {"基础设施项目", 30, 12812 * kYi / 100, 266 * kYi / 10, 203 * kYi / 10, 7632, std::nullopt},
      {"社会民生项目", 16, 50 * kYi, 10 * kYi, 8 * kYi, 8000, std::nullopt},
  };
  f.by_category.total = {"", 86, s.total_investment, s.annual_planned, s.completed_ytd, 7853, 120};

  f.red_projects = {
      {"滨江大道快速化改造", "区交通运输局", "1-10月完成投资2.1亿元，低于序时进度31.5个百分点"},
      {"城北污水处理厂二期", "区住房和城乡建设局", "问题“征地拆迁”已超过办理时限12天"},
      {"智能装备产业园", "", "计划2026年3月开工，已延后7个月未开工"},
  };
  for (int i = 1; i <= 7; ++i) {
    f.yellow_projects.push_back({"黄灯示例项目" + std::to_string(i), "区发展和改革局",
                                 "关键节点“施工许可”计划2026-10-10完成，已逾期" + std::to_string(i) + "天"});
  }
  f.problems = {15, 4, 9, 6, {}};
  f.problems.overdue_list = {
      {"滨江大道快速化改造", "用地", "区自然资源局", {2026, 9, 15}, 32},
      {"城北污水处理厂二期", "征地拆迁", "城关街道", {2026, 10, 8}, 16},
      {"第一中学扩建", "规划", "区自然资源局", {2026, 10, 20}, 8},
      {"智能装备产业园", "", "", {2026, 10, 28}, 2},
  };
  f.approvals.in_progress = 32;
  f.approvals.yellow = 5;
  f.approvals.red = 2;
  f.approvals.departments = {
      {"区自然资源局", 12, 3, 1, 18, 35},
      {"区住房和城乡建设局", 9, 1, 1, 12, 20},
      {"区生态环境分局", 4, 1, 0, std::nullopt, std::nullopt},
  };
  return f;
}

// --- Words ---

TEST(BriefingHeadlineTest, SaysTheCockpitSentenceWithTheExactFigures) {
  EXPECT_EQ(BriefingHeadline(Fixture()),
            "1-10月，全区86个重大项目完成投资52.3亿元，完成年度计划的78.53%，高于序时进度1.2个百分点");
}

TEST(BriefingHeadlineTest, SaysBehindLevelJanuaryAndNoPlan) {
  BriefingFacts f = Fixture();
  f.summary.points_vs_schedule = -480;
  f.scope_name = "城关街道";
  EXPECT_EQ(BriefingHeadline(f),
            "1-10月，城关街道86个重大项目完成投资52.3亿元，完成年度计划的78.53%，低于序时进度4.8个百分点");
  f.summary.points_vs_schedule = 0;
  f.month = 1;
  f.summary.completed_ytd = 5'000'000'000;  // 5000万元
  EXPECT_EQ(BriefingHeadline(f), "1月，城关街道86个重大项目完成投资5000万元，完成年度计划的78.53%，与序时进度持平");
  f.summary.completion_rate.reset();
  f.summary.points_vs_schedule.reset();
  EXPECT_EQ(BriefingHeadline(f), "1月，城关街道86个重大项目完成投资5000万元，年度投资计划尚未下达");
}

TEST(ComposeBriefingSummaryTest, ReadsLikeTheOfficeWithEveryFigure) {
  EXPECT_EQ(ComposeBriefingSummary(Fixture()),
            "1-10月，全区86个重大项目完成投资52.3亿元，完成年度计划的78.53%，高于序时进度1.2个百分点。"
            "其中，新开工项目12个，竣工项目5个；红灯项目3个、黄灯项目7个、绿灯项目76个。"
            "未办结问题15个，其中超过办理时限4个；本月新增问题6个、办结问题9个。"
            "前期手续在办32项，其中黄灯5项、红灯2项。");
}

TEST(ComposeBriefingSummaryTest, LeavesOutWhatIsNotThere) {
  BriefingFacts f = Fixture();
  f.summary.new_starts = 0;
  f.summary.completions = 0;
  f.summary.lights = {0, 0, 86};
  f.problems = {0, 0, 3, 1, {}};
  f.approvals = {};
  EXPECT_EQ(ComposeBriefingSummary(f),
            "1-10月，全区86个重大项目完成投资52.3亿元，完成年度计划的78.53%，高于序时进度1.2个百分点。"
            "其中，无红灯、黄灯项目，86个项目均为绿灯。"
            "目前无未办结问题；本月新增问题1个、办结问题3个。");
  f.summary.completions = 2;
  f.problems = {5, 0, 0, 0, {}};
  EXPECT_NE(ComposeBriefingSummary(f).find("其中，竣工项目2个；无红灯"), std::string::npos);
  EXPECT_NE(ComposeBriefingSummary(f).find("未办结问题5个，均在办理时限内；"), std::string::npos);
}

TEST(BriefingTextTest, AmountsRoundHalfAwayFromZeroInWanAndYi) {
  EXPECT_EQ(briefing_text::Wan(0), "0.00");
  EXPECT_EQ(briefing_text::Wan(4'999), "0.00");
  EXPECT_EQ(briefing_text::Wan(5'000), "0.01");
  EXPECT_EQ(briefing_text::Wan(-5'000), "-0.01");
  EXPECT_EQ(briefing_text::Wan(1'234'567'891), "1234.57");
  EXPECT_EQ(briefing_text::Wan(523 * kYi / 10), "523000.00");
  EXPECT_EQ(briefing_text::Yi(523 * kYi / 10), "52.30");
  EXPECT_EQ(briefing_text::Yi(kYi / 200), "0.01");
  EXPECT_EQ(briefing_text::Rate(std::nullopt), "—");
  EXPECT_EQ(briefing_text::Points(120), "+1.2");
  EXPECT_EQ(briefing_text::Points(-733), "-7.33");
  EXPECT_EQ(briefing_text::Points(0), "0");
}

// --- PDF, read back with poppler-utils ---

class TempFile {
 public:
  explicit TempFile(const std::string& bytes, const char* suffix = ".pdf") {
    std::string name = std::string("/tmp/gj-briefing-XXXXXX") + suffix;
    int fd = mkstemps(name.data(), static_cast<int>(std::string(suffix).size()));
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
  EXPECT_EQ(pclose(pipe), 0) << command << " failed (poppler-utils installed? scripts/install-deps.sh)";
  return out;
}

std::string Squeeze(std::string text) {
  text.erase(
      std::remove_if(text.begin(), text.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }),
      text.end());
  return text;
}

// The text of `pdf` (pages first..last, 0 for all) without whitespace, so wrapped lines join;
// with `layout`, pdftotext's -layout text as it is (table rows stay on one line).
std::string PdfText(const std::string& pdf, int first = 0, int last = 0, bool layout = false) {
  TempFile file(pdf);
  std::string pages = first > 0 ? fmt::format(" -f {} -l {}", first, last) : "";
  std::string text =
      RunCommand("pdftotext -enc UTF-8" + pages + (layout ? " -layout" : "") + " '" + file.path() + "' -");
  return layout ? text : Squeeze(text);
}

int PdfPages(const std::string& pdf) {
  TempFile file(pdf);
  std::string info = RunCommand("pdfinfo '" + file.path() + "'");
  size_t at = info.find("Pages:");
  return at == std::string::npos ? -1 : std::atoi(info.c_str() + at + 6);
}

TEST(RenderBriefingPdfTest, TextHoldsTheSummaryWithExactFiguresTheSectionsAndTheRows) {
  BriefingFacts f = Fixture();
  core::Result<std::string> pdf = RenderBriefingPdf(f);
  ASSERT_TRUE(pdf.has_value()) << pdf.error().ToString();
  ASSERT_EQ(pdf->rfind("%PDF-", 0), 0u);
  const std::string text = PdfText(*pdf);

  EXPECT_EQ(text.find("示范区重大项目建设月度通报2026年第10期示范区重大项目攻坚指挥部办公室2026年11月5日一、总体情况"),
            0u)
      << text;
  EXPECT_NE(text.find(ComposeBriefingSummary(f)), std::string::npos) << text;
  EXPECT_NE(text.find("1-10月，全区86个重大项目完成投资52.3亿元，完成年度计划的78.53%，高于序时进度1.2个百分点。"),
            std::string::npos);
  // Sections in order.
  size_t at = 0;
  for (const char* title : {"一、总体情况", "图11-10月全区重大项目完成投资情况（亿元）", "二、分责任单位推进情况",
                            "三、分类别推进情况", "四、红黄灯项目", "（一）红灯项目（3个）", "（二）黄灯项目（7个）",
                            "五、超期未办结问题", "六、前期手续审批堵点"}) {
    size_t found = text.find(title, at);
    ASSERT_NE(found, std::string::npos) << title << " missing or out of order";
    at = found;
  }
  // The sentences of the sections.
  EXPECT_NE(text.find("从责任单位看，4个有年度计划的单位中，完成年度计划比例居前的是区住房和城乡建设局（84%）、"
                      "区发展和改革局（80%）、未指定（77.91%）；1个单位低于序时进度，其中区交通运输局低于序时进度"
                      "7.33个百分点，差距最大。"),
            std::string::npos)
      << text;
  EXPECT_NE(
      text.find("从项目类别看，产业项目40个，完成投资24亿元，完成年度计划的80%；基础设施项目30个，完成投资20.3亿元"),
      std::string::npos);
  EXPECT_NE(text.find("截至10月底，全区未办结问题15个，其中超过办理时限4个"), std::string::npos);
  EXPECT_NE(text.find("前期手续在办32项，其中黄灯5项、红灯2项。"), std::string::npos);
  // The chart's axis and months.
  EXPECT_NE(text.find("亿元"), std::string::npos);
  EXPECT_NE(text.find("当月完成投资累计完成投资计划累计"), std::string::npos) << "legend";

  // Table rows, one line each in -layout mode.
  const std::string layout = PdfText(*pdf, 0, 0, /*layout=*/true);
  auto has_row = [&](const std::string& pattern) { return std::regex_search(layout, std::regex(pattern)); };
  EXPECT_TRUE(has_row(R"(1\s+区住房和城乡建设局\s+30\s+250000\.00\s+210000\.00\s+84%\s+\+6\.67)")) << layout;
  EXPECT_TRUE(has_row(R"(2\s+区交通运输局\s+20\s+180000\.00\s+126000\.00\s+70%\s+-7\.33)"));
  EXPECT_TRUE(has_row(R"(合计\s+86\s+666000\.00\s+523000\.00\s+78\.53%\s+\+1\.2)"));
  EXPECT_TRUE(has_row(R"(2\s+基础设施项目\s+30\s+266000\.00\s+203000\.00\s+76\.32%\s+—)"));
  EXPECT_TRUE(has_row(R"(1\s+滨江大道快速化改造\s+用地\s+区自然资源局\s+2026年9月15日\s+32)"));
  EXPECT_TRUE(has_row(R"(4\s+智能装备产业园\s+其他\s+未指定\s+2026年10月28日\s+2)"));
  EXPECT_TRUE(has_row(R"(3\s+区生态环境分局\s+4\s+1\s+0\s+—\s+—)"));
  EXPECT_TRUE(has_row(R"(1\s+区自然资源局\s+12\s+3\s+1\s+18\s+35)"));
  EXPECT_TRUE(has_row(R"(1\s+滨江大道快速化改造\s+区交通运输局)"));
  EXPECT_TRUE(has_row(R"(3\s+智能装备产业园\s+未指定)"));
  EXPECT_NE(text.find("1-10月完成投资2.1亿元，低于序时进度31.5个百分点"), std::string::npos) << text;
  EXPECT_NE(text.find("黄灯示例项目7"), std::string::npos);
  TempFile file(*pdf);
  std::string fonts = RunCommand("pdffonts '" + file.path() + "'");
  EXPECT_NE(fonts.find("NotoSerifCJK"), std::string::npos) << fonts;
  EXPECT_NE(fonts.find("NotoSansCJK"), std::string::npos) << fonts;
}

TEST(RenderBriefingPdfTest, TableOfManyUnitsBreaksAcrossPagesWithHeaderOnEachAndNoRowLost) {
  BriefingFacts f = Fixture();
  f.by_unit.rows.clear();
  for (int i = 1; i <= 120; ++i) {
    f.by_unit.rows.push_back({fmt::format("第{:03}责任单位", i), 1, kYi, kYi / 10, kYi / 20, 5000, -2733});
  }
  core::Result<std::string> pdf = RenderBriefingPdf(f);
  ASSERT_TRUE(pdf.has_value()) << pdf.error().ToString();
  const int pages = PdfPages(*pdf);
  ASSERT_GE(pages, 4);

  // Table rows are lines "N  第NNN责任单位  1  1000.00 …" in pdftotext's -layout text.
  const std::regex row(R"(^\s*(\d+)\s+第(\d{3})责任单位\s+1\s+1000\.00\s+500\.00\s+50%\s+-27\.33\s*$)");
  std::vector<int> seen;
  int table_pages = 0;
  for (int page = 1; page <= pages; ++page) {
    const std::string text = PdfText(*pdf, page, page, /*layout=*/true);
    EXPECT_NE(Squeeze(text).find(fmt::format("—{}—", page)), std::string::npos) << "page number " << page;
    std::istringstream lines(text);
    std::string line;
    bool header = false, rows = false;
    while (std::getline(lines, line)) {
      std::smatch m;
      if (line.find("序号") != std::string::npos) header = true;
      if (!std::regex_match(line, m, row)) continue;
      EXPECT_EQ(m[1], m[2].str().erase(0, m[2].str().find_first_not_of('0'))) << line;
      EXPECT_TRUE(header) << "page " << page << ": a row before the header row: " << line;
      seen.push_back(std::stoi(m[2]));
      rows = true;
    }
    table_pages += rows ? 1 : 0;
  }
  std::vector<int> all(120);
  for (int i = 0; i < 120; ++i) all[i] = i + 1;
  EXPECT_EQ(seen, all) << "every unit once, in order";
  EXPECT_GE(table_pages, 3);
  const std::string layout = PdfText(*pdf, 0, 0, /*layout=*/true);
  EXPECT_TRUE(std::regex_search(layout, std::regex(R"(合计\s+86\s+666000\.00)")));
  EXPECT_NE(PdfText(*pdf).find("120个有年度计划的单位"), std::string::npos);
}

TEST(RenderBriefingPdfTest, EmptyListsSayNoneAndNoChartWithoutTrend) {
  BriefingFacts f = Fixture();
  f.trend.clear();
  f.summary.lights = {0, 0, 86};
  f.red_projects.clear();
  f.yellow_projects.clear();
  f.problems = {2, 0, 1, 1, {}};
  f.approvals = {};
  f.by_unit.rows.clear();
  f.by_category.rows.clear();
  core::Result<std::string> pdf = RenderBriefingPdf(f);
  ASSERT_TRUE(pdf.has_value()) << pdf.error().ToString();
  const std::string text = std::regex_replace(PdfText(*pdf), std::regex("—[0-9]+—"), "");
  EXPECT_EQ(text.find("图1"), std::string::npos);
  EXPECT_NE(text.find("四、红黄灯项目截至10月底，全区无红灯、黄灯项目。五、"), std::string::npos) << text;
  EXPECT_NE(text.find("截至10月底，全区未办结问题2个，均在办理时限内。六、"), std::string::npos) << text;
  EXPECT_NE(text.find("目前无在办前期手续。"), std::string::npos) << text;
}

TEST(RenderBriefingTest, InvalidUtf8OrMonthIsAnInternalErrorNotACrash) {
  std::vector<BriefingFacts> bad(6, Fixture());
  bad[0].by_unit.rows[1].name = "\xC0\x80";
  bad[1].red_projects[0].reason = "原因\xE4\xB8";
  bad[2].problems.overdue_list[0].type = "\xFF";
  bad[3].approvals.departments[0].name = std::string("局\0", 4);
  bad[4].area_name = "\xED\xA0\x80";  // a surrogate
  bad[5].month = 13;
  for (size_t i = 0; i < bad.size(); ++i) {
    ComposeBriefingSummary(bad[i]);  // pure text: whatever it is given, it returns
    core::Result<std::string> pdf = RenderBriefingPdf(bad[i]);
    ASSERT_FALSE(pdf.has_value()) << i;
    EXPECT_EQ(pdf.error().code(), core::Code::kInternal);
    core::Result<std::string> xlsx = RenderBriefingXlsx(bad[i]);
    ASSERT_FALSE(xlsx.has_value()) << i;
    EXPECT_EQ(xlsx.error().code(), core::Code::kInternal);
  }
}

TEST(RenderBriefingPdfTest, RendersConcurrentlyOnWorkerThreads) {
  const BriefingFacts f = Fixture();
  std::vector<std::string> pdfs(3);
  std::vector<std::thread> threads;
  for (std::string& out : pdfs) {
    threads.emplace_back([&f, &out] {
      core::Result<std::string> pdf = RenderBriefingPdf(f);
      if (pdf.has_value()) out = *pdf;
    });
  }
  for (std::thread& t : threads) t.join();
  for (const std::string& pdf : pdfs) {
    ASSERT_EQ(pdf.rfind("%PDF-", 0), 0u);
    EXPECT_NE(PdfText(pdf).find(ComposeBriefingSummary(f)), std::string::npos);
  }
}

// --- xlsx ---

using io::testing::PeekSheet;
using io::testing::PeekXlsx;

domain::Fen Fen(const PeekSheet& s, int row, int col) { return std::llround(s.Number(row, col) * 1'000'000.0); }

TEST(RenderBriefingXlsxTest, SheetsHoldTheFiguresAndTheirTotalsEqualTheFacts) {
  const BriefingFacts f = Fixture();
  core::Result<std::string> xlsx = RenderBriefingXlsx(f);
  ASSERT_TRUE(xlsx.has_value()) << xlsx.error().ToString();
  auto book = PeekXlsx(*xlsx);
  ASSERT_TRUE(book);
  EXPECT_EQ(book->sheet_names,
            (std::vector<std::string>{"汇总", "分单位", "分类别", "红黄灯项目", "超期问题", "审批堵点", "月度趋势"}));

  auto summary = book->Sheet("汇总");
  ASSERT_TRUE(summary);
  EXPECT_EQ(summary->Value(0, 0), "示范区重大项目建设月度通报（2026年第10期，2026年1-10月）");
  std::map<std::string, int> row_of;
  for (int r = 2; r < summary->rows; ++r) row_of[summary->Value(r, 0)] = r;
  EXPECT_EQ(summary->Number(row_of["重大项目"], 1), 86);
  EXPECT_EQ(Fen(*summary, row_of["总投资"], 1), f.summary.total_investment);
  EXPECT_EQ(Fen(*summary, row_of["年度计划投资"], 1), f.summary.annual_planned);
  EXPECT_EQ(Fen(*summary, row_of["累计完成投资"], 1), f.summary.completed_ytd);
  EXPECT_EQ(Fen(*summary, row_of["序时进度投资"], 1), f.summary.schedule_ytd);
  EXPECT_EQ(summary->At(row_of["累计完成投资"], 1)->num_format, "#,##0.00");
  EXPECT_EQ(summary->Value(row_of["完成年度计划"], 1), "0.7853");
  EXPECT_EQ(summary->At(row_of["完成年度计划"], 1)->num_format, "0.00%");
  EXPECT_EQ(summary->Value(row_of["较序时进度"], 1), "1.2");
  EXPECT_EQ(summary->Number(row_of["新开工项目"], 1), 12);
  EXPECT_EQ(summary->Number(row_of["红灯项目"], 1), 3);
  EXPECT_EQ(summary->Number(row_of["黄灯项目"], 1), 7);
  EXPECT_EQ(summary->Number(row_of["超过办理时限问题"], 1), 4);
  EXPECT_EQ(summary->Number(row_of["前期手续红灯"], 1), 2);
  EXPECT_EQ(summary->Value(row_of["综述"], 1), ComposeBriefingSummary(f));

  for (const auto& [name, breakdown] : {std::pair{"分单位", &f.by_unit}, std::pair{"分类别", &f.by_category}}) {
    auto s = book->Sheet(name);
    ASSERT_TRUE(s) << name;
    const int first = 2, n = static_cast<int>(breakdown->rows.size()), total = first + n;
    EXPECT_EQ(s->rows, total + 1) << name;
    domain::Fen planned = 0, completed = 0, investment = 0;
    double projects = 0;
    for (int r = first; r < total; ++r) {
      EXPECT_EQ(s->Value(r, 1), breakdown->rows[r - first].name);
      projects += s->Number(r, 2);
      investment += Fen(*s, r, 3);
      planned += Fen(*s, r, 4);
      completed += Fen(*s, r, 5);
    }
    EXPECT_EQ(s->Value(total, 1), "合计");
    EXPECT_TRUE(s->At(total, 1)->bold);
    EXPECT_EQ(s->Number(total, 2), 86);
    EXPECT_EQ(Fen(*s, total, 3), f.summary.total_investment);
    EXPECT_EQ(Fen(*s, total, 4), f.summary.annual_planned);
    EXPECT_EQ(Fen(*s, total, 5), f.summary.completed_ytd);
    EXPECT_EQ(s->Value(total, 6), "0.7853");
    // The rows add up to the totals row.
    EXPECT_EQ(projects, 86);
    EXPECT_EQ(investment, f.summary.total_investment);
    EXPECT_EQ(planned, f.summary.annual_planned);
    EXPECT_EQ(completed, f.summary.completed_ytd);
    EXPECT_NE(s->xml.find(fmt::format("<autoFilter ref=\"A2:H{}\"/>", total)), std::string::npos)
        << "filter without 合计";
    EXPECT_NE(s->xml.find("state=\"frozen\""), std::string::npos);
  }
  auto units = book->Sheet("分单位");
  EXPECT_EQ(units->Value(3, 7), "-7.33");
  EXPECT_EQ(book->Sheet("分类别")->Value(2, 7), "") << "no points for categories";

  auto lights = book->Sheet("红黄灯项目");
  ASSERT_TRUE(lights);
  EXPECT_EQ(lights->rows, 2 + 3 + 7);
  int red = 0, yellow = 0;
  for (int r = 2; r < lights->rows; ++r) (lights->Value(r, 1) == "红灯" ? red : yellow) += 1;
  EXPECT_EQ(red, f.summary.lights.red);
  EXPECT_EQ(yellow, f.summary.lights.yellow);
  EXPECT_EQ(lights->Value(4, 3), "未指定");
  EXPECT_EQ(lights->Value(2, 4), "1-10月完成投资2.1亿元，低于序时进度31.5个百分点");

  auto problems = book->Sheet("超期问题");
  ASSERT_TRUE(problems);
  EXPECT_EQ(problems->rows, 2 + 4);
  EXPECT_EQ(problems->Value(2, 1), "滨江大道快速化改造");
  EXPECT_EQ(problems->Value(2, 4), "46280");  // 2026-09-15
  EXPECT_EQ(problems->At(2, 4)->num_format, "yyyy-mm-dd");
  EXPECT_EQ(problems->Number(2, 5), 32);

  auto approvals = book->Sheet("审批堵点");
  ASSERT_TRUE(approvals);
  EXPECT_EQ(approvals->rows, 2 + 3 + 1);
  EXPECT_EQ(approvals->Value(5, 1), "全部审批部门");
  EXPECT_EQ(approvals->Number(5, 2), 32);
  EXPECT_EQ(approvals->Number(5, 3), 5);
  EXPECT_EQ(approvals->Number(5, 4), 2);
  EXPECT_EQ(approvals->Value(4, 5), "") << "no median without approvals this year";

  auto trend = book->Sheet("月度趋势");
  ASSERT_TRUE(trend);
  EXPECT_EQ(trend->rows, 2 + 10);
  domain::Fen months = 0;
  for (int r = 2; r < trend->rows; ++r) months += Fen(*trend, r, 1);
  EXPECT_EQ(months, f.summary.completed_ytd);
  EXPECT_EQ(Fen(*trend, 11, 2), f.summary.completed_ytd);
}

TEST(RenderBriefingPdfTest, LongListsPrintTheirFirstFiftyAndPointToTheWorkbook) {
  BriefingFacts f = Fixture();
  f.red_projects.clear();
  for (int i = 1; i <= 62; ++i) f.red_projects.push_back({fmt::format("红灯第{}号项目", i), "区发改局", "原因"});
  f.summary.lights.red = 62;
  f.problems.overdue_list.resize(51, f.problems.overdue_list[0]);
  f.problems.overdue_list[50].project = "第五十一个超期项目";
  core::Result<std::string> pdf = RenderBriefingPdf(f);
  ASSERT_TRUE(pdf.has_value()) << pdf.error().ToString();
  const std::string text = PdfText(*pdf);
  EXPECT_NE(text.find("（一）红灯项目（62个）"), std::string::npos);
  EXPECT_NE(text.find("红灯第50号项目"), std::string::npos);
  EXPECT_EQ(text.find("红灯第51号项目"), std::string::npos);
  EXPECT_NE(text.find("（以上列出前50个，其余12个见通报附表“红黄灯项目”。）"), std::string::npos) << text;
  EXPECT_NE(text.find("（以上列出前50个，其余1个见通报附表“超期问题”。）"), std::string::npos);
  EXPECT_EQ(text.find("第五十一个超期项目"), std::string::npos);
  // The yellow list (7) is whole, with no such line.
  EXPECT_EQ(text.find("个见通报附表“红黄灯项目”。）", text.find("（二）黄灯项目")), std::string::npos);
  // The workbook lists everything.
  auto xlsx = RenderBriefingXlsx(f);
  ASSERT_TRUE(xlsx.has_value());
  auto book = io::testing::PeekXlsx(*xlsx);
  ASSERT_TRUE(book);
  auto text_of = [&](const char* name) {
    std::string out;
    const auto sheet = book->Sheet(name);
    for (const auto& [at, cell] : sheet->cells) out += cell.value + "|";
    return out;
  };
  EXPECT_NE(text_of("红黄灯项目").find("红灯第62号项目"), std::string::npos);
  const std::string overdue = text_of("超期问题");
  EXPECT_NE(overdue.find("第五十一个超期项目"), std::string::npos);
}

// --- Render time at district size ---

BriefingFacts DistrictFixture() {
  BriefingFacts f = Fixture();
  f.by_unit.rows.clear();
  for (int i = 1; i <= 40; ++i) {
    f.by_unit.rows.push_back({fmt::format("区第{}责任单位", i), 8, 9 * kYi, kYi * 17 / 10, kYi * 13 / 10, 7647, -86});
  }
  f.by_category.rows.resize(8, f.by_category.rows[0]);
  f.red_projects.resize(25, f.red_projects[0]);
  f.yellow_projects.resize(50, f.yellow_projects[0]);
  f.problems.overdue_list.resize(60, f.problems.overdue_list[0]);
  f.approvals.departments.resize(10, f.approvals.departments[0]);
  return f;
}

TEST(RenderBriefingTest, ReportsRenderTimeAtDistrictSize) {
  const BriefingFacts f = DistrictFixture();
  ASSERT_TRUE(RenderBriefingPdf(f).has_value());  // warm up: fontconfig, font map
  constexpr int kRounds = 5;
  size_t pdf_bytes = 0, xlsx_bytes = 0;
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kRounds; ++i) {
    core::Result<std::string> pdf = RenderBriefingPdf(f);
    ASSERT_TRUE(pdf.has_value());
    pdf_bytes = pdf->size();
  }
  auto middle = std::chrono::steady_clock::now();
  for (int i = 0; i < kRounds; ++i) {
    core::Result<std::string> xlsx = RenderBriefingXlsx(f);
    ASSERT_TRUE(xlsx.has_value());
    xlsx_bytes = xlsx->size();
  }
  auto end = std::chrono::steady_clock::now();
  auto ms = [](auto d) { return std::chrono::duration<double, std::milli>(d).count(); };
  core::Result<std::string> pdf = RenderBriefingPdf(f);
  std::printf(
      "[ figure ] briefing, 40 units, 8 categories, 75 lights, 60 problems, 10 departments: PDF %.1f ms "
      "(%d pages, %zu KB), xlsx %.1f ms (%zu KB)\n",
      ms(middle - start) / kRounds, PdfPages(*pdf), pdf_bytes / 1024, ms(end - middle) / kRounds, xlsx_bytes / 1024);
}

}  // namespace
}  // namespace gongjian::report
