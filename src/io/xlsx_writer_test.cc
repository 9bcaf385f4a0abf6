#include "io/xlsx_writer.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "io/xlsx_peek.h"

namespace gongjian::io {
namespace {

namespace fs = std::filesystem;
using testing::PeekSheet;
using testing::PeekXlsx;

class XlsxWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = fs::temp_directory_path() / ("gj_xlsx_test_" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  // Files left in the test directory (temporary files must not stay behind).
  size_t FilesLeft() const { return static_cast<size_t>(std::distance(fs::directory_iterator(dir_), {})); }

  fs::path dir_;
};

XlsxSheetSpec ProjectsSpec() {
  return {.name = "分单位",
          .title = "示范区重大项目分单位推进情况（2026年1-10月）",
          .columns = {{"责任单位", 24},
                      {"项目数", 8},
                      {"年度计划（万元）", 16},
                      {"完成率", 10},
                      {"较序时（百分点）", 12},
                      {"开工日期", 12}}};
}

// Writes the same small table: two data rows and a totals row.
void WriteProjects(XlsxSheet& sheet) {
  std::vector<XlsxCell> row1 = {XlsxCell::Text("区住房和城乡建设局"),
                                XlsxCell::Integer(12),
                                XlsxCell::Money(1'234'567'891),  // 1234.567891万元
                                XlsxCell::Rate(7850),
                                XlsxCell::Points(120),
                                XlsxCell::Date(2026, 3, 1)};
  std::vector<XlsxCell> row2 = {XlsxCell::Text("区交通运输局"), XlsxCell::Integer(3), XlsxCell::Money(99),
                                XlsxCell::Rate(std::nullopt), XlsxCell::Points(-305)};
  std::vector<XlsxCell> total = {XlsxCell::Text("合计"), XlsxCell::Integer(15), XlsxCell::Money(1'234'567'990),
                                 XlsxCell::Rate(7849)};
  ASSERT_TRUE(sheet.AddRow(row1).ok());
  ASSERT_TRUE(sheet.AddRow(row2).ok());
  ASSERT_TRUE(sheet.AddRow(total, XlsxRowStyle::kTotal).ok());
}

int64_t FenOf(double wan) { return std::llround(wan * 1'000'000.0); }

TEST_F(XlsxWriterTest, InMemoryWorkbookHoldsValuesFormatsFrozenHeaderAndAutofilter) {
  auto writer = XlsxWriter::InMemory({.tmpdir = dir_.string(), .title = "月度通报"});
  ASSERT_TRUE(writer) << writer.error().ToString();
  auto sheet = (*writer)->AddSheet(ProjectsSpec());
  ASSERT_TRUE(sheet) << sheet.error().ToString();
  EXPECT_EQ((*sheet)->header_row(), 1);
  WriteProjects(**sheet);
  EXPECT_EQ((*sheet)->rows(), 3);
  auto bytes = (*writer)->CloseToBytes();
  ASSERT_TRUE(bytes) << bytes.error().ToString();
  EXPECT_EQ(FilesLeft(), 0u) << "the temporary workbook is removed";

  auto book = PeekXlsx(*bytes);
  ASSERT_TRUE(book);
  EXPECT_EQ(book->sheet_names, std::vector<std::string>{"分单位"});
  EXPECT_NE(book->entries["docProps/core.xml"].find("<dc:title>月度通报</dc:title>"), std::string::npos);
  auto s = book->Sheet("分单位");
  ASSERT_TRUE(s);
  // Merged title, header, frozen below the header, autofilter over the data rows only.
  EXPECT_EQ(s->Value(0, 0), "示范区重大项目分单位推进情况（2026年1-10月）");
  EXPECT_NE(s->xml.find("<mergeCell ref=\"A1:F1\"/>"), std::string::npos) << s->xml;
  EXPECT_EQ(s->Value(1, 0), "责任单位");
  EXPECT_EQ(s->Value(1, 2), "年度计划（万元）");
  EXPECT_TRUE(s->At(1, 2)->bold);
  EXPECT_NE(s->xml.find("<pane ySplit=\"2\" topLeftCell=\"A3\" activePane=\"bottomLeft\" state=\"frozen\"/>"),
            std::string::npos)
      << s->xml;
  EXPECT_NE(s->xml.find("<autoFilter ref=\"A2:F4\"/>"), std::string::npos) << s->xml;
  EXPECT_NE(s->xml.find("<col min=\"1\" max=\"1\" width=\"24.7109375\""), std::string::npos) << s->xml;

  // Values and their formats.
  EXPECT_EQ(s->Value(2, 0), "区住房和城乡建设局");
  EXPECT_EQ(s->Number(2, 1), 12);
  EXPECT_EQ(s->At(2, 1)->num_format, "#,##0");
  EXPECT_EQ(s->Value(2, 2), "1234.567891");
  EXPECT_EQ(FenOf(s->Number(2, 2)), 1'234'567'891);
  EXPECT_EQ(s->At(2, 2)->num_format, "#,##0.00");
  EXPECT_EQ(s->Value(2, 3), "0.785");
  EXPECT_EQ(s->At(2, 3)->num_format, "0.00%");
  EXPECT_EQ(s->Value(2, 4), "1.2");
  EXPECT_EQ(s->At(2, 4)->num_format, "+0.00;-0.00;0.00");
  EXPECT_EQ(s->Value(2, 5), "46082");  // 2026-03-01 as an Excel serial date
  EXPECT_EQ(s->At(2, 5)->num_format, "yyyy-mm-dd");
  EXPECT_EQ(FenOf(s->Number(3, 2)), 99) << s->Value(3, 2);  // written "9.899999999999999E-05": 16 digits
  EXPECT_EQ(s->Value(3, 3), "") << "no rate: a blank cell";
  ASSERT_NE(s->At(3, 3), nullptr) << "blank cells keep their border";
  EXPECT_EQ(s->Value(3, 4), "-3.05");
  // The totals row is bold and outside the filter.
  EXPECT_EQ(s->Value(4, 0), "合计");
  EXPECT_TRUE(s->At(4, 0)->bold);
  EXPECT_FALSE(s->At(3, 0)->bold);
  EXPECT_EQ(FenOf(s->Number(4, 2)), 1'234'567'990);
  EXPECT_EQ(s->rows, 5);
}

TEST_F(XlsxWriterTest, MoneyKeepsEveryFenUpToTheLargestAmount) {
  auto writer = XlsxWriter::InMemory({.tmpdir = dir_.string()});
  ASSERT_TRUE(writer);
  auto sheet = (*writer)->AddSheet({.name = "金额", .columns = {{"金额（万元）"}}});
  ASSERT_TRUE(sheet);
  const std::vector<int64_t> amounts = {0,
                                        1,
                                        -1,
                                        99,
                                        100,
                                        999'999,
                                        1'000'001,
                                        523'000'000'000,
                                        9'999'999'999'999,
                                        100'000'000'000'000 - 1,
                                        100'000'000'000'000,
                                        -7'654'321'098'765};
  for (int64_t fen : amounts) {
    std::vector<XlsxCell> row = {XlsxCell::Money(fen)};
    ASSERT_TRUE((*sheet)->AddRow(row).ok());
  }
  auto bytes = (*writer)->CloseToBytes();
  ASSERT_TRUE(bytes);
  auto s = PeekXlsx(*bytes)->Sheet("金额");
  ASSERT_TRUE(s);
  for (size_t i = 0; i < amounts.size(); ++i) {
    EXPECT_EQ(FenOf(s->Number(static_cast<int>(i) + 1, 0)), amounts[i]) << s->Value(static_cast<int>(i) + 1, 0);
  }
}

TEST_F(XlsxWriterTest, FileWorkbookWritesInlineStringsAndTheSameStructure) {
  const std::string path = (dir_ / "导出.xlsx").string();
  auto writer = XlsxWriter::ToFile(path, {.tmpdir = dir_.string()});
  ASSERT_TRUE(writer) << writer.error().ToString();
  auto sheet = (*writer)->AddSheet(ProjectsSpec());
  ASSERT_TRUE(sheet);
  WriteProjects(**sheet);
  auto second = (*writer)->AddSheet({.name = "说明", .columns = {{"说明"}}, .autofilter = false});
  ASSERT_TRUE(second);
  std::vector<XlsxCell> note = {XlsxCell::Text("金额单位：万元")};
  ASSERT_TRUE((*second)->AddRow(note).ok());
  core::Status closed = (*writer)->Close();
  ASSERT_TRUE(closed.ok()) << closed.ToString();

  auto book = PeekXlsx(testing::ReadFileBytes(path));
  ASSERT_TRUE(book);
  EXPECT_EQ(book->sheet_names, (std::vector<std::string>{"分单位", "说明"}));
  auto s = book->Sheet("分单位");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->Value(0, 0), "示范区重大项目分单位推进情况（2026年1-10月）");
  EXPECT_EQ(s->Value(1, 5), "开工日期");
  EXPECT_EQ(s->At(2, 0)->type, "inlineStr");
  EXPECT_EQ(s->Value(2, 0), "区住房和城乡建设局");
  EXPECT_EQ(FenOf(s->Number(2, 2)), 1'234'567'891);
  EXPECT_EQ(s->At(2, 3)->num_format, "0.00%");
  EXPECT_NE(s->xml.find("<mergeCell ref=\"A1:F1\"/>"), std::string::npos);
  EXPECT_NE(s->xml.find("state=\"frozen\""), std::string::npos);
  EXPECT_NE(s->xml.find("<autoFilter ref=\"A2:F4\"/>"), std::string::npos);
  auto notes = book->Sheet("说明");
  ASSERT_TRUE(notes);
  EXPECT_EQ(notes->Value(1, 0), "金额单位：万元");
  EXPECT_EQ(notes->xml.find("autoFilter"), std::string::npos);
  EXPECT_EQ(FilesLeft(), 1u) << "only the workbook remains";
}

TEST_F(XlsxWriterTest, InvalidUtf8FailsTheRowAndWritesNothingOfIt) {
  auto writer = XlsxWriter::InMemory({.tmpdir = dir_.string()});
  ASSERT_TRUE(writer);
  auto sheet = (*writer)->AddSheet({.name = "问题", .columns = {{"项目"}, {"问题"}}});
  ASSERT_TRUE(sheet);
  std::vector<XlsxCell> bad = {XlsxCell::Text("好项目"), XlsxCell::Text("断\xE4\xB8")};
  core::Status status = (*sheet)->AddRow(bad);
  EXPECT_EQ(status.code(), core::Code::kInternal);
  EXPECT_NE(status.detail().find("not valid UTF-8"), std::string::npos) << status.ToString();
  std::vector<XlsxCell> nul = {XlsxCell::Text(std::string("a\0b", 3))};
  EXPECT_FALSE((*sheet)->AddRow(nul).ok());
  std::vector<XlsxCell> too_many = {XlsxCell::Text("a"), XlsxCell::Text("b"), XlsxCell::Text("c")};
  EXPECT_FALSE((*sheet)->AddRow(too_many).ok());
  std::vector<XlsxCell> bad_date = {XlsxCell::Text("a"), XlsxCell::Date(2026, 2, 29)};
  EXPECT_FALSE((*sheet)->AddRow(bad_date).ok());
  std::vector<XlsxCell> good = {XlsxCell::Text("好项目"), XlsxCell::Text("控制字符\x01照样写入")};
  ASSERT_TRUE((*sheet)->AddRow(good).ok());
  EXPECT_EQ((*sheet)->rows(), 1);
  auto bytes = (*writer)->CloseToBytes();
  ASSERT_TRUE(bytes);
  auto s = PeekXlsx(*bytes)->Sheet("问题");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->Value(1, 0), "好项目") << "the good row directly under the header";
  EXPECT_EQ(s->Value(1, 1), "控制字符_x0001_照样写入");
  EXPECT_EQ(s->rows, 2);
}

TEST_F(XlsxWriterTest, RefusesBadSheetsAndTexts) {
  auto writer = XlsxWriter::InMemory({.tmpdir = dir_.string()});
  ASSERT_TRUE(writer);
  EXPECT_FALSE((*writer)->AddSheet({.name = "a/b", .columns = {{"x"}}}));
  EXPECT_FALSE((*writer)->AddSheet(
      {.name = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二", .columns = {{"x"}}}));
  EXPECT_FALSE((*writer)->AddSheet({.name = "空", .columns = {}}));
  EXPECT_FALSE((*writer)->AddSheet({.name = "\xFF", .columns = {{"x"}}}));
  EXPECT_FALSE((*writer)->AddSheet({.name = "表", .columns = {{"\xC0\x80"}}}));
  EXPECT_TRUE((*writer)->AddSheet({.name = "汇总", .columns = {{"x"}}}));
  EXPECT_FALSE((*writer)->AddSheet({.name = "汇总", .columns = {{"x"}}})) << "duplicate";
  EXPECT_FALSE((*writer)->Close().ok()) << "an in-memory workbook closes to bytes";
  EXPECT_FALSE(XlsxWriter::InMemory({.tmpdir = (dir_ / "missing").string()}));
  auto to_file = XlsxWriter::ToFile((dir_ / "missing" / "x.xlsx").string());
  ASSERT_TRUE(to_file);
  ASSERT_TRUE((*to_file)->AddSheet({.name = "s", .columns = {{"x"}}}));
  core::Status closed = (*to_file)->Close();
  EXPECT_EQ(closed.code(), core::Code::kInternal) << "no such directory";
  EXPECT_FALSE((*to_file)->Close().ok()) << "closes once";
}

TEST_F(XlsxWriterTest, ARowPastTheSheetLimitFailsAndTheRowsBeforeItStay) {
  auto writer = XlsxWriter::InMemory({.tmpdir = dir_.string(), .max_sheet_bytes = 4096});
  ASSERT_TRUE(writer);
  auto sheet = (*writer)->AddSheet({.name = "项目", .columns = {{"项目名称"}, {"金额"}}});
  ASSERT_TRUE(sheet);
  core::Status status;
  int written = 0;
  for (; written < 1000; ++written) {
    std::vector<XlsxCell> row = {XlsxCell::Text("第" + std::to_string(written) + "号项目"), XlsxCell::Money(written)};
    status = (*sheet)->AddRow(row);
    if (!status.ok()) break;
  }
  EXPECT_EQ(status.code(), core::Code::kInternal);
  EXPECT_NE(status.detail().find("4096 bytes"), std::string::npos) << status.ToString();
  EXPECT_GT(written, 10);
  EXPECT_EQ((*sheet)->rows(), written);
  auto bytes = (*writer)->CloseToBytes();
  ASSERT_TRUE(bytes) << bytes.error().ToString();
  auto s = PeekXlsx(*bytes)->Sheet("项目");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->rows, 1 + written) << "the failed row left nothing behind";
  EXPECT_EQ(s->Value(written, 0), "第" + std::to_string(written - 1) + "号项目");
}

TEST_F(XlsxWriterTest, AWorkbookWithoutSheetsIsRefused) {
  auto writer = XlsxWriter::InMemory({.tmpdir = dir_.string()});
  ASSERT_TRUE(writer);
  auto bytes = (*writer)->CloseToBytes();
  ASSERT_FALSE(bytes);
  EXPECT_NE(bytes.error().detail().find("at least one sheet"), std::string::npos);
}

TEST_F(XlsxWriterTest, UnclosedWorkbookLeavesNoFilesBehind) {
  {
    auto writer = XlsxWriter::InMemory({.tmpdir = dir_.string()});
    ASSERT_TRUE(writer);
    auto sheet = (*writer)->AddSheet({.name = "s", .columns = {{"x"}}});
    ASSERT_TRUE(sheet);
    std::vector<XlsxCell> row = {XlsxCell::Integer(1)};
    ASSERT_TRUE((*sheet)->AddRow(row).ok());
  }
  EXPECT_EQ(FilesLeft(), 0u);
}

// LibreOffice opens what the writer wrote and shows every cell as its number format says: the
// check that the package, the styles and the sheet XML are what a spreadsheet program expects.
TEST_F(XlsxWriterTest, LibreOfficeShowsTheCellsInTheirFormats) {
  std::string office;
  for (const char* name : {"libreoffice", "soffice"}) {
    if (std::system((std::string("command -v ") + name + " >/dev/null 2>&1").c_str()) == 0) office = name;
  }
  if (office.empty()) GTEST_SKIP() << "neither libreoffice nor soffice is installed";
  const fs::path xlsx = dir_ / "units.xlsx";
  {
    auto writer = XlsxWriter::ToFile(xlsx.string(), {.tmpdir = dir_.string(), .title = "月度通报"});
    ASSERT_TRUE(writer);
    auto sheet = (*writer)->AddSheet(ProjectsSpec());
    ASSERT_TRUE(sheet);
    WriteProjects(**sheet);
    std::vector<XlsxCell> odd = {XlsxCell::Text("A & <B> \"C\""), XlsxCell::Integer(-7)};
    ASSERT_TRUE((*sheet)->AddRow(odd).ok());
    auto second = (*writer)->AddSheet({.name = "说明'一", .columns = {{"说明"}}});
    ASSERT_TRUE(second);
    ASSERT_TRUE((*writer)->Close().ok());
  }
  // Comma, double quote, UTF-8 (76), from line 1, cells as shown (the ninth token); a profile
  // of its own, so parallel tests do not share one.
  const std::string command = office + " -env:UserInstallation=file://" + (dir_ / "lo-profile").string() +
                              " --headless --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true'"
                              " --outdir " + dir_.string() + " " + xlsx.string() + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  EXPECT_EQ(testing::ReadFileBytes((dir_ / "units.csv").string()),
            "示范区重大项目分单位推进情况（2026年1-10月）,,,,,\n"
            "责任单位,项目数,年度计划（万元）,完成率,较序时（百分点）,开工日期\n"
            "区住房和城乡建设局,12,\"1,234.57\",78.50%,+1.20,2026-03-01\n"
            "区交通运输局,3,0.00,,-3.05,\n"
            "合计,15,\"1,234.57\",78.49%,,\n"
            "\"A & <B> \"\"C\"\"\",-7,,,,\n");
}

TEST(XlsxTextWidthTest, CountsWideCharactersTwice) {
  EXPECT_EQ(XlsxTextWidth("abc"), 3);
  EXPECT_EQ(XlsxTextWidth("年度计划（万元）"), 16);
  EXPECT_EQ(XlsxTextWidth("1-10月"), 6);
}

// --- Memory: 200,000 rows keep the peak flat ---

long PeakRssKb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

// Writes `rows` rows of a typical project export (8 columns: texts, counts, money, a rate, a
// date) to `path` in a forked child, and returns the growth of the child's peak RSS in KB
// between the first 1,000 rows and the closed workbook, or -1 on failure. A child, because the
// peak RSS of this process is a high-water mark that earlier tests may have raised. The child
// also holds `ballast_kb` of touched memory from row 1,000 on: the control that shows the
// measurement sees memory that stays.
long PeakGrowthWritingKb(const std::string& path, const std::string& tmpdir, int64_t rows, long ballast_kb = 0) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return -1;
  pid_t pid = fork();
  if (pid == 0) {
    close(pipe_fds[0]);
    long growth = -1;
    auto writer = XlsxWriter::ToFile(path, {.tmpdir = tmpdir});
    std::vector<char> ballast;
    if (writer) {
      XlsxSheetSpec spec{.name = "项目",
                         .title = "项目清单",
                         .columns = {{"序号", 8},
                                     {"项目名称", 40},
                                     {"责任单位", 24},
                                     {"项目数", 8},
                                     {"总投资（万元）", 16},
                                     {"累计完成（万元）", 16},
                                     {"完成率", 10},
                                     {"开工日期", 12}}};
      auto sheet = (*writer)->AddSheet(spec);
      long baseline = 0;
      bool ok = static_cast<bool>(sheet);
      std::vector<XlsxCell> row(8);
      for (int64_t i = 0; ok && i < rows; ++i) {
        if (i == 1000) {
          baseline = PeakRssKb();
          ballast.assign(static_cast<size_t>(ballast_kb) * 1024, 'x');
        }
        row[0] = XlsxCell::Integer(i + 1);
        row[1] = XlsxCell::Text("示范区第" + std::to_string(i + 1) + "号重大产业项目（一期）");
        row[2] = XlsxCell::Text(i % 2 == 0 ? "区住房和城乡建设局" : "区发展和改革局");
        row[3] = XlsxCell::Integer(i % 7);
        row[4] = XlsxCell::Money(123'456'789 + i);
        row[5] = XlsxCell::Money(98'765'432 + i);
        row[6] = XlsxCell::Rate(i % 10'000);
        row[7] = XlsxCell::Date(2026, 1 + static_cast<int>(i % 12), 1 + static_cast<int>(i % 28));
        ok = (*sheet)->AddRow(row).ok();
      }
      ok = ok && (*writer)->Close().ok();
      if (ok) growth = PeakRssKb() - baseline + (ballast.empty() ? 0 : ballast.back() - 'x');
    }
    if (write(pipe_fds[1], &growth, sizeof growth) != sizeof growth) _exit(2);
    _exit(0);
  }
  close(pipe_fds[1]);
  long growth = -1;
  if (pid < 0 || read(pipe_fds[0], &growth, sizeof growth) != sizeof growth) growth = -1;
  close(pipe_fds[0]);
  if (pid > 0) waitpid(pid, nullptr, 0);
  return growth;
}

// The bound: the writer holds one row's cells, at most 256 KB of XML before it is deflated,
// zlib's state (some 300 KB at level 1) and a 64 KB output buffer; Close copies the sheet in 1 MB
// pieces. The peak should not move by more than allocator noise, a few MB at most, whatever the
// row count; the 200,000 rows' XML alone is some 70 MB, deflated some 12 MB, so holding either
// would pass the bound (as libxlsxwriter's normal mode did, by 225 MB).
constexpr long kFlatBoundKb = 8 * 1024;

TEST_F(XlsxWriterTest, TwoHundredThousandRowsKeepThePeakFlat) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "AddressSanitizer's quarantine keeps freed memory resident";
#endif
  constexpr int64_t kRows = 200'000;
  const std::string path = (dir_ / "big.xlsx").string();
  long growth = PeakGrowthWritingKb(path, dir_.string(), kRows);
  ASSERT_GE(growth, 0) << "the child failed to write the workbook";
  std::printf("[ figure ] %lld rows x 8 columns: peak RSS grew %ld KB, file %lld KB\n",
              static_cast<long long>(kRows), growth, static_cast<long long>(fs::file_size(path) / 1024));
  EXPECT_LT(growth, kFlatBoundKb);

  // Every row is there, in order.
  auto book = PeekXlsx(testing::ReadFileBytes(path));
  ASSERT_TRUE(book);
  auto s = book->Sheet("项目");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->rows, 2 + kRows);
  EXPECT_EQ(s->Value(2 + kRows - 1, 1), "示范区第200000号重大产业项目（一期）");
  EXPECT_EQ(std::llround(s->Number(2 + kRows - 1, 4) * 1e6), 123'456'789 + kRows - 1);
  EXPECT_NE(s->xml.find("<autoFilter ref=\"A2:H200002\"/>"), std::string::npos);

  // The measurement can tell: 16 MB that stay during the same writing show past the bound.
  fs::remove(path);
  long control = PeakGrowthWritingKb(path, dir_.string(), kRows / 4, 16 * 1024);
  std::printf("[ figure ] control, 50000 rows and 16 MB held: peak RSS grew %ld KB\n", control);
  EXPECT_GT(control, kFlatBoundKb);
}

}  // namespace
}  // namespace gongjian::io
