#include "io/xlsx_reader.h"

#include <gtest/gtest.h>
#include <zip.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "io/xlsx_peek.h"
#include "io/xlsx_writer.h"

namespace gongjian::io {
namespace {

namespace fs = std::filesystem;
using Kind = XlsxCellKind;
using Parts = std::vector<std::pair<std::string, std::string>>;

// ---- Fixtures: zips of hand-written parts.

// Zips `parts` (name, bytes) in memory with libzip, deflated unless `store`.
std::string ZipParts(const Parts& parts, bool store = false) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* out = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_source_keep(out);
  zip_t* archive = zip_open_from_source(out, ZIP_TRUNCATE, &error);
  for (const auto& [name, bytes] : parts) {
    zip_source_t* s = zip_source_buffer(archive, bytes.data(), bytes.size(), 0);
    const zip_int64_t at = zip_file_add(archive, name.c_str(), s, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
    if (store) zip_set_file_compression(archive, static_cast<zip_uint64_t>(at), ZIP_CM_STORE, 0);
  }
  if (zip_close(archive) != 0) ADD_FAILURE() << "zip_close: " << zip_strerror(archive);
  std::string bytes;
  if (zip_source_open(out) == 0) {
    zip_source_seek(out, 0, SEEK_END);
    bytes.resize(static_cast<size_t>(zip_source_tell(out)));
    zip_source_seek(out, 0, SEEK_SET);
    zip_source_read(out, bytes.data(), bytes.size());
    zip_source_close(out);
  }
  zip_source_free(out);
  zip_error_fini(&error);
  return bytes;
}

constexpr const char* kMainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr const char* kRelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
constexpr const char* kWorksheetType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";

std::string Xml(const std::string& body) { return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n" + body; }

// A worksheet part with `rows` inside <sheetData> and `after` (e.g. <mergeCells>) after it.
std::string SheetXml(const std::string& rows, const std::string& after = "") {
  return Xml(std::string("<worksheet xmlns=\"") + kMainNs + "\" xmlns:r=\"" + kRelNs + "\"><dimension ref=\"A1\"/><sheetData>" +
             rows + "</sheetData>" + after + "</worksheet>");
}

// Cell styles of the hand-written books (cellXfs index → format):
//   0 General · 1 built-in 14 (date) · 2 custom yyyy"年"m"月"d"日" · 3 built-in 2 "0.00"
//   4 custom 0.00"y" (a quoted y: not a date) · 5 built-in 22 (date and time) · 6 custom [h]:mm:ss
//   7 custom #,##0.00_);[Red](#,##0.00)
const char* kStyles = R"X(<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="4"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>
<numFmt numFmtId="165" formatCode="0.00&quot;y&quot;"/><numFmt numFmtId="166" formatCode="[h]:mm:ss"/>
<numFmt numFmtId="167" formatCode="#,##0.00_);[Red](#,##0.00)"/></numFmts>
<fonts count="1"><font><sz val="11"/></font></fonts>
<cellStyleXfs count="1"><xf numFmtId="14" fontId="0"/></cellStyleXfs>
<cellXfs count="8"><xf numFmtId="0" fontId="0"/><xf numFmtId="14" fontId="0" applyNumberFormat="1"/>
<xf numFmtId="164" fontId="0"/><xf numFmtId="2" fontId="0"/><xf numFmtId="165" fontId="0"/><xf numFmtId="22"/>
<xf numFmtId="166"/><xf numFmtId="167"/></cellXfs></styleSheet>)X";

struct HandSheet {
  std::string name;
  std::string xml;             // the part's content
  std::string target;          // the relationship's target; "" → worksheets/sheet<N>.xml
  std::string state;           // "", "hidden", "veryHidden"
};

// A workbook written by hand, part by part, so every construct can be tested alone.
struct HandBook {
  std::vector<HandSheet> sheets;
  std::string shared_strings;  // the <si> elements; no part when empty and !empty_sst
  std::string styles = kStyles;
  std::string workbook_pr;     // e.g. <workbookPr date1904="1"/>
  Parts extra;                 // more parts (or replacements, by name)
  bool drop_workbook_rels = false;

  Parts ToParts() const {
    Parts parts;
    parts.emplace_back("[Content_Types].xml",
                       Xml("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                           "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>"));
    parts.emplace_back("_rels/.rels",
                       Xml("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                           "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
                           "relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"));
    std::string workbook = std::string("<workbook xmlns=\"") + kMainNs + "\" xmlns:r=\"" + kRelNs + "\">" + workbook_pr + "<sheets>";
    std::string rels = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
    for (size_t i = 0; i < sheets.size(); ++i) {
      const std::string rid = "rId" + std::to_string(10 + i);
      const std::string target = sheets[i].target.empty() ? "worksheets/sheet" + std::to_string(i + 1) + ".xml" : sheets[i].target;
      workbook += "<sheet name=\"" + sheets[i].name + "\" sheetId=\"" + std::to_string(i + 1) + "\"" +
                  (sheets[i].state.empty() ? "" : " state=\"" + sheets[i].state + "\"") + " r:id=\"" + rid + "\"/>";
      rels += "<Relationship Id=\"" + rid + "\" Type=\"" + kWorksheetType + "\" Target=\"" + target + "\"/>";
      // The part's name in the zip: the target resolved against xl/.
      std::string part = target.starts_with('/') ? target.substr(1) : "xl/" + target;
      if (auto dots = part.find("sheets/../"); dots != std::string::npos) part.erase(dots, 10);
      parts.emplace_back(part, sheets[i].xml);
    }
    workbook += "</sheets></workbook>";
    if (!styles.empty()) {
      rels += "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>";
      parts.emplace_back("xl/styles.xml", Xml(styles));
    }
    if (!shared_strings.empty()) {
      rels += "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>";
      parts.emplace_back("xl/sharedStrings.xml", Xml(std::string("<sst xmlns=\"") + kMainNs + "\">" + shared_strings + "</sst>"));
    }
    rels += "</Relationships>";
    parts.emplace_back("xl/workbook.xml", Xml(workbook));
    if (!drop_workbook_rels) parts.emplace_back("xl/_rels/workbook.xml.rels", Xml(rels));
    for (const auto& [name, bytes] : extra) {
      auto same = std::find_if(parts.begin(), parts.end(), [&](const auto& p) { return p.first == name; });
      if (same != parts.end()) {
        same->second = bytes;
      } else {
        parts.emplace_back(name, bytes);
      }
    }
    return parts;
  }
  std::string Zip() const { return ZipParts(ToParts()); }
};

HandBook OneSheet(const std::string& rows, const std::string& after = "") {
  HandBook book;
  book.sheets.push_back({"Sheet1", SheetXml(rows, after)});
  return book;
}

std::unique_ptr<XlsxWorkbook> OpenOk(const std::string& bytes, const XlsxLimits& limits = {}) {
  auto book = XlsxWorkbook::Open(bytes, limits);
  EXPECT_TRUE(book) << book.error().ToString();
  return book ? std::move(*book) : nullptr;
}

XlsxSheetContent ReadOk(const std::string& bytes, size_t index = 0, const XlsxLimits& limits = {}) {
  auto book = OpenOk(bytes, limits);
  if (!book) return {};
  auto sheet = book->ReadSheet(index);
  EXPECT_TRUE(sheet) << sheet.error().ToString();
  return sheet ? std::move(*sheet) : XlsxSheetContent{};
}

// The key of the failure of opening `bytes` and reading its first sheet; "" when both succeed.
std::string FailureKey(const std::string& bytes, const XlsxLimits& limits = {}, std::string* detail = nullptr) {
  auto book = XlsxWorkbook::Open(bytes, limits);
  const core::Status* failure = nullptr;
  core::Result<XlsxSheetContent> sheet;
  if (!book) {
    failure = &book.error();
  } else {
    sheet = (*book)->ReadSheet(size_t{0});
    if (!sheet) failure = &sheet.error();
  }
  if (failure == nullptr) return "";
  EXPECT_EQ(failure->code(), core::Code::kInvalidArgument) << failure->ToString();
  EXPECT_EQ(failure->field(), "file");
  if (detail != nullptr) *detail = failure->detail();
  return failure->key();
}

// Checks one cell's kind and text (and number for numbers, dates and booleans).
void ExpectCell(const XlsxSheetContent& s, int row, int column, Kind kind, const std::string& text,
                std::optional<double> number = std::nullopt) {
  const XlsxReadCell* c = s.At(row, column);
  ASSERT_NE(c, nullptr) << "no cell at " << row << "," << column;
  EXPECT_EQ(c->row, row);
  EXPECT_EQ(c->column, column);
  EXPECT_EQ(static_cast<int>(c->kind), static_cast<int>(kind)) << c->Ref() << " " << c->text;
  EXPECT_EQ(c->text, text) << c->Ref();
  if (number) {
    EXPECT_DOUBLE_EQ(c->number, *number) << c->Ref();
  }
}

size_t CellCount(const XlsxSheetContent& s) {
  size_t n = 0;
  for (const auto& r : s.rows) n += r.cells.size();
  return n;
}

// ---- Values.

const char* kSharedStrings =
    "<si><t>项目名称</t></si>"
    "<si><r><rPr><b/></rPr><t>总投资</t></r><r><t xml:space=\"preserve\">（万元） </t></r></si>"
    "<si><t xml:space=\"preserve\">  leading and trailing  </t></si>"
    "<si><t>東京</t><rPh sb=\"0\" eb=\"2\"><t>トウキョウ</t></rPh><phoneticPr fontId=\"1\"/></si>"
    "<si><t>line_x000D_\nbreak a_x005F_x000D_b &amp; &lt;tag&gt;</t></si>"
    "<si/>";

TEST(XlsxReaderTest, ReadsEveryKindOfCellValue) {
  HandBook book = OneSheet(
      R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>)"
      R"(<c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c></row>)"
      R"(<row r="3" spans="1:9"><c r="A3" t="inlineStr"><is><t>内联文本</t></is></c><c r="B3"><v>1234.5678</v></c>)"
      R"(<c r="C3" s="3"><v>-0.5</v></c><c r="D3"><v>1.5E-3</v></c><c r="E3" t="b"><v>1</v></c>)"
      R"(<c r="F3" t="b"><v>0</v></c><c r="G3" t="e"><v>#DIV/0!</v></c>)"
      R"(<c r="H3" t="inlineStr"><is><r><t>富</t></r><r><rPr><i/></rPr><t xml:space="preserve">文本 </t></r></is></c>)"
      R"(<c r="I3" s="1"/><c r="J3" t="n"><v>  42 </v></c></row>)"
      R"(<row r="4"><c r="A4"><f>SUM(B3:D3)</f><v>1233.8693</v></c><c r="B4" t="str"><f>A1&amp;"!"</f><v>项目名称!</v></c>)"
      R"(<c r="C4" t="b"><f>B3&gt;0</f><v>1</v></c><c r="D4" t="e"><f>1/0</f><v>#DIV/0!</v></c>)"
      R"(<c r="E4"><f>NOW()</f></c><c r="F4" t="str"><f>""</f><v></v></c></row>)"
      R"(<row r="6" s="1" customFormat="1"/>)"
      R"(<row r="1000"><c r="C1000" t="s"><v>5</v></c></row>)");
  book.shared_strings = kSharedStrings;
  XlsxSheetContent s = ReadOk(book.Zip());
  EXPECT_EQ(s.name, "Sheet1");

  // Shared strings: plain, rich-text runs joined, spaces kept, phonetic runs left out, escapes.
  ExpectCell(s, 0, 0, Kind::kText, "项目名称");
  ExpectCell(s, 0, 1, Kind::kText, "总投资（万元） ");
  ExpectCell(s, 0, 2, Kind::kText, "  leading and trailing  ");
  ExpectCell(s, 0, 3, Kind::kText, "東京");
  ExpectCell(s, 0, 4, Kind::kText, "line\r\nbreak a_x000D_b & <tag>");
  // Inline strings, numbers as stored, booleans, errors; a styled blank is no cell.
  ExpectCell(s, 2, 0, Kind::kText, "内联文本");
  ExpectCell(s, 2, 1, Kind::kNumber, "1234.5678", 1234.5678);
  ExpectCell(s, 2, 2, Kind::kNumber, "-0.5", -0.5);
  ExpectCell(s, 2, 3, Kind::kNumber, "1.5E-3", 0.0015);
  ExpectCell(s, 2, 4, Kind::kBool, "TRUE", 1);
  ExpectCell(s, 2, 5, Kind::kBool, "FALSE", 0);
  ExpectCell(s, 2, 6, Kind::kError, "#DIV/0!");
  ExpectCell(s, 2, 7, Kind::kText, "富文本 ");
  EXPECT_EQ(s.At(2, 8), nullptr) << "a styled cell without a value is not reported";
  ExpectCell(s, 2, 9, Kind::kNumber, "42", 42);
  // Formulas: their cached values, flagged.
  ExpectCell(s, 3, 0, Kind::kNumber, "1233.8693", 1233.8693);
  ExpectCell(s, 3, 1, Kind::kText, "项目名称!");
  ExpectCell(s, 3, 2, Kind::kBool, "TRUE", 1);
  ExpectCell(s, 3, 3, Kind::kError, "#DIV/0!");
  ExpectCell(s, 3, 4, Kind::kEmpty, "");
  ExpectCell(s, 3, 5, Kind::kText, "");
  for (int col = 0; col < 6; ++col) EXPECT_TRUE(s.At(3, col)->formula) << col;
  EXPECT_FALSE(s.At(2, 1)->formula);
  // Sparse rows: the empty row 6 is not reported; row 1000 is, with an empty shared string.
  ExpectCell(s, 999, 2, Kind::kText, "");
  ASSERT_EQ(s.rows.size(), 4u);
  EXPECT_EQ(s.rows[0].index, 0);
  EXPECT_EQ(s.rows[1].index, 2);
  EXPECT_EQ(s.rows[2].index, 3);
  EXPECT_EQ(s.rows[3].index, 999);
  EXPECT_EQ(CellCount(s), 5u + 9u + 6u + 1u);
  EXPECT_EQ(s.At(1, 0), nullptr);
  EXPECT_EQ(s.At(0, 5), nullptr);
  EXPECT_EQ(s.At(2, 1)->Ref(), "B3");
  EXPECT_EQ(s.At(999, 2)->Ref(), "C1000");
  EXPECT_TRUE(s.merges.empty());
}

TEST(XlsxReaderTest, DatesFollowTheCellStyle) {
  HandBook book = OneSheet(
      R"(<row r="1"><c r="A1" s="1"><v>45717</v></c><c r="B1" s="2"><v>45717</v></c><c r="C1" s="5"><v>45717.75</v></c>)"
      R"(<c r="D1" s="4"><v>45717</v></c><c r="E1" s="0"><v>45717</v></c><c r="F1" s="7"><v>45717</v></c>)"
      R"(<c r="G1" s="1"><v>-1</v></c><c r="H1" s="99"><v>5</v></c><c r="I1" t="d"><v>2025-03-01T08:30:00</v></c>)"
      R"(<c r="J1" s="6"><v>0.5</v></c><c r="K1" s="1"><f>TODAY()</f><v>46082</v></c><c r="L1"><v>45717</v></c></row>)");
  XlsxSheetContent s = ReadOk(book.Zip());
  ExpectCell(s, 0, 0, Kind::kDate, "45717", 45717);
  EXPECT_EQ(s.At(0, 0)->date, (XlsxDateTime{2025, 3, 1}));
  ExpectCell(s, 0, 1, Kind::kDate, "45717");
  EXPECT_EQ(s.At(0, 1)->date.ToString(), "2025-03-01");
  ExpectCell(s, 0, 2, Kind::kDate, "45717.75");
  EXPECT_EQ(s.At(0, 2)->date.ToString(), "2025-03-01 18:00:00");
  ExpectCell(s, 0, 3, Kind::kNumber, "45717");  // a quoted y is text, not a date part
  ExpectCell(s, 0, 4, Kind::kNumber, "45717");
  ExpectCell(s, 0, 5, Kind::kNumber, "45717");
  ExpectCell(s, 0, 6, Kind::kNumber, "-1");  // no date before the epoch
  ExpectCell(s, 0, 7, Kind::kNumber, "5");  // a style index past cellXfs
  ExpectCell(s, 0, 8, Kind::kDate, "2025-03-01T08:30:00", 45717 + 8.5 / 24);
  EXPECT_EQ(s.At(0, 8)->date, (XlsxDateTime{2025, 3, 1, 8, 30}));
  ExpectCell(s, 0, 9, Kind::kDate, "0.5");
  EXPECT_EQ(s.At(0, 9)->date, (XlsxDateTime{1899, 12, 31, 12}));
  ExpectCell(s, 0, 10, Kind::kDate, "46082");
  EXPECT_EQ(s.At(0, 10)->date, (XlsxDateTime{2026, 3, 1}));
  EXPECT_TRUE(s.At(0, 10)->formula);
  ExpectCell(s, 0, 11, Kind::kNumber, "45717");  // no style: a number

  // Without a styles part nothing is a date.
  book.styles.clear();
  s = ReadOk(book.Zip());
  ExpectCell(s, 0, 0, Kind::kNumber, "45717");
}

TEST(XlsxReaderTest, The1904DateSystem) {
  const std::string rows = R"(<row r="1"><c r="A1" s="1"><v>44255</v></c><c r="B1" s="5"><v>0</v></c></row>)";
  struct Case {
    std::string workbook_pr;
    bool date1904;
    XlsxDateTime a1, b1;
  };
  const Case cases[] = {
      {R"(<workbookPr date1904="1"/>)", true, {2025, 3, 1}, {1904, 1, 1}},
      {R"(<workbookPr date1904="true" defaultThemeVersion="124226"/>)", true, {2025, 3, 1}, {1904, 1, 1}},
      {R"(<workbookPr date1904="0"/>)", false, {2021, 2, 28}, {1899, 12, 31}},
      {R"(<workbookPr defaultThemeVersion="124226"/>)", false, {2021, 2, 28}, {1899, 12, 31}},
      {"", false, {2021, 2, 28}, {1899, 12, 31}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.workbook_pr);
    HandBook book = OneSheet(rows);
    book.workbook_pr = c.workbook_pr;
    auto wb = OpenOk(book.Zip());
    ASSERT_TRUE(wb);
    EXPECT_EQ(wb->date1904(), c.date1904);
    auto s = wb->ReadSheet(size_t{0});
    ASSERT_TRUE(s);
    ASSERT_NE(s->At(0, 0), nullptr);
    EXPECT_EQ(s->At(0, 0)->kind, Kind::kDate);
    EXPECT_EQ(s->At(0, 0)->date, c.a1);
    EXPECT_EQ(s->At(0, 1)->date, c.b1);
  }
  // An ISO date cell gets the serial of the workbook's system.
  HandBook book = OneSheet(R"(<row r="1"><c r="A1" t="d"><v>2025-03-01</v></c></row>)");
  book.workbook_pr = R"(<workbookPr date1904="1"/>)";
  EXPECT_DOUBLE_EQ(ReadOk(book.Zip()).At(0, 0)->number, 44255);
}

TEST(XlsxReaderTest, SerialsBecomeCalendarDates) {
  struct Case {
    double serial;
    bool date1904;
    std::optional<XlsxDateTime> want;
  };
  const Case cases[] = {
      {0, false, XlsxDateTime{1899, 12, 31}},  // Excel's "1900-01-00"
      {0.25, false, XlsxDateTime{1899, 12, 31, 6}},
      {1, false, XlsxDateTime{1900, 1, 1}},
      {59, false, XlsxDateTime{1900, 2, 28}},
      {60, false, XlsxDateTime{1900, 2, 29}},  // the day that never was, as Excel shows it
      {61, false, XlsxDateTime{1900, 3, 1}},
      {45717, false, XlsxDateTime{2025, 3, 1}},
      {45717.5, false, XlsxDateTime{2025, 3, 1, 12}},
      {45717 + 32480.0 / 86400, false, XlsxDateTime{2025, 3, 1, 9, 1, 20}},
      {45717.999999999, false, XlsxDateTime{2025, 3, 2}},  // rounds to the millisecond
      {45717 + 1.5 / 86400, false, XlsxDateTime{2025, 3, 1, 0, 0, 1, 500}},
      {46082, false, XlsxDateTime{2026, 3, 1}},
      {45351, false, XlsxDateTime{2024, 2, 29}},
      {2958465, false, XlsxDateTime{9999, 12, 31}},
      {2958465.9999999, false, XlsxDateTime{9999, 12, 31, 23, 59, 59, 991}},
      {2958465.9999999999, false, std::nullopt},  // rounds past 9999-12-31
      {2958466, false, std::nullopt},
      {-1, false, std::nullopt},
      {std::numeric_limits<double>::quiet_NaN(), false, std::nullopt},
      {std::numeric_limits<double>::infinity(), false, std::nullopt},
      {1e300, false, std::nullopt},
      {0, true, XlsxDateTime{1904, 1, 1}},
      {1, true, XlsxDateTime{1904, 1, 2}},
      {44255, true, XlsxDateTime{2025, 3, 1}},
      {44255 + 32480.0 / 86400, true, XlsxDateTime{2025, 3, 1, 9, 1, 20}},
      {2957003, true, XlsxDateTime{9999, 12, 31}},
      {2957004, true, std::nullopt},
      {-0.5, true, std::nullopt},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::to_string(c.serial) + (c.date1904 ? " (1904)" : " (1900)"));
    auto got = XlsxSerialToDate(c.serial, c.date1904);
    ASSERT_EQ(got.has_value(), c.want.has_value()) << (got ? got->ToString() : "nullopt");
    if (got) {
      EXPECT_EQ(*got, *c.want) << got->ToString() << " ms " << got->millisecond;
    }
  }
  EXPECT_EQ((XlsxDateTime{2025, 3, 1}).ToString(), "2025-03-01");
  EXPECT_EQ((XlsxDateTime{2025, 3, 1, 9, 1, 20}).ToString(), "2025-03-01 09:01:20");
}

TEST(XlsxReaderTest, DateFormatsAreRecognised) {
  struct Case {
    int id;
    const char* code;
    bool date;
  };
  const Case cases[] = {
      {14, "", true},   {15, "", true},   {17, "", true},    {20, "", true},   {22, "", true},
      {27, "", true},   {31, "", true},   {36, "", true},    {45, "", true},   {47, "", true},
      {50, "", true},   {55, "", true},   {58, "", true},    {0, "General", false},
      {1, "0", false},  {2, "", false},   {4, "", false},    {9, "", false},   {13, "", false},
      {23, "", false},  {26, "", false},  {37, "", false},   {44, "", false},  {48, "", false},
      {49, "@", false}, {59, "", false},
      {164, "yyyy-mm-dd", true},
      {164, "yyyy\"年\"m\"月\"d\"日\"", true},
      {164, "[$-804]yyyy年m月d日", true},
      {164, "[DBNum1][$-804]m月d日", true},
      {164, "m/d/yy h:mm", true},
      {164, "[h]:mm:ss", true},
      {164, "h:mm AM/PM", true},
      {164, "mmm-yy", true},
      {164, "YYYY/MM/DD", true},
      {164, "0.00\"y\"", false},
      {164, "#,##0.00_);[Red](#,##0.00)", false},
      {164, "_-* #,##0.00_-;-* #,##0.00_-;_-* \"-\"??_-;_-@_-", false},
      {164, "0.00E+00", false},
      {164, "0.00%", false},
      {164, "\\d0", false},
      {164, "[Red][<=100]0;[Blue]0", false},
      {164, "General", false},
      {164, "GENERAL", false},
      {164, "", false},
      {164, "\"unterminated d", false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(XlsxIsDateFormat(c.id, c.code), c.date) << c.id << " " << c.code;
  }
}

TEST(XlsxReaderTest, CellAndRowReferencesMayBeAbsent) {
  HandBook book = OneSheet(
      R"(<row><c t="inlineStr"><is><t>a</t></is></c><c><v>2</v></c><c r="E1"><v>5</v></c><c><v>6</v></c></row>)"
      R"(<row><c><v>7</v></c></row>)"
      R"(<row r="5"><c><v>8</v></c></row>)"
      R"(<row><c r="C6"><v>9</v></c><c><v>9.5</v></c></row>)"
      R"(<row><c r="B8"><v>10</v></c></row>)"
      R"(<row/><row><c r="A10"><v>11</v></c></row>)");
  XlsxSheetContent s = ReadOk(book.Zip());
  ExpectCell(s, 0, 0, Kind::kText, "a");
  ExpectCell(s, 0, 1, Kind::kNumber, "2");
  ExpectCell(s, 0, 4, Kind::kNumber, "5");
  ExpectCell(s, 0, 5, Kind::kNumber, "6");
  ExpectCell(s, 1, 0, Kind::kNumber, "7");
  ExpectCell(s, 4, 0, Kind::kNumber, "8");
  ExpectCell(s, 5, 2, Kind::kNumber, "9");
  ExpectCell(s, 5, 3, Kind::kNumber, "9.5");
  ExpectCell(s, 7, 1, Kind::kNumber, "10");  // a row without r takes its first cell's row
  ExpectCell(s, 9, 0, Kind::kNumber, "11");
  EXPECT_EQ(CellCount(s), 10u);
  EXPECT_EQ(s.rows.size(), 6u) << "rows 1, 2, 5, 6, 8 and 10";
}

TEST(XlsxReaderTest, MergedRangesAreReported) {
  HandBook book = OneSheet(
      R"(<row r="1"><c r="A1" t="inlineStr"><is><t>项目名称</t></is></c><c r="B1" t="inlineStr"><is><t>总投资（万元）</t></is></c>)"
      R"(<c r="D1" t="inlineStr"><is><t>开工时间</t></is></c></row>)"
      R"(<row r="2"><c r="B2" t="inlineStr"><is><t>合计</t></is></c><c r="C2" t="inlineStr"><is><t>其中：中央资金</t></is></c></row>)",
      R"(<mergeCells count="4"><mergeCell ref="A1:A2"/><mergeCell ref="B1:C1"/><mergeCell ref="D1:D2"/>)"
      R"(<mergeCell ref="$F$3:E4"/></mergeCells><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>)");
  XlsxSheetContent s = ReadOk(book.Zip());
  const std::vector<XlsxMergeRange> want = {{0, 0, 1, 0}, {0, 1, 0, 2}, {0, 3, 1, 3}, {2, 4, 3, 5}};
  EXPECT_EQ(s.merges, want);
  ASSERT_NE(s.MergeAt(1, 0), nullptr);
  EXPECT_EQ(*s.MergeAt(1, 0), want[0]);
  EXPECT_EQ(*s.MergeAt(0, 2), want[1]);
  EXPECT_EQ(s.MergeAt(1, 1), nullptr);
  EXPECT_EQ(s.At(1, 0), nullptr) << "the covered cell of a merge has no value";
  ExpectCell(s, 1, 2, Kind::kText, "其中：中央资金");

  // A bad merge reference is a malformed file.
  EXPECT_EQ(FailureKey(OneSheet("", R"(<mergeCells><mergeCell ref="A1:"/></mergeCells>)").Zip()), "xlsx_malformed");
  EXPECT_EQ(FailureKey(OneSheet("", R"(<mergeCells><mergeCell/></mergeCells>)").Zip()), "xlsx_malformed");
}

TEST(XlsxReaderTest, SheetsInWorkbookOrderWhateverTheirPartNames) {
  HandBook book;
  book.sheets.push_back({"数据", SheetXml(R"(<row r="2"><c r="B2"><v>1</v></c></row>)"), "worksheets/data_main.xml"});
  book.sheets.push_back({"空表", Xml(std::string("<worksheet xmlns=\"") + kMainNs + "\"><dimension ref=\"A1\"/></worksheet>"),
                         "/xl/worksheets/empty.xml"});
  book.sheets.push_back({"隐藏", SheetXml(""), "sheets/../worksheets/h.xml", "hidden"});
  book.sheets.push_back({"Sheet &amp; 4", SheetXml(R"(<row r="1"><c r="A1"><v>4</v></c></row>)"), "", "veryHidden"});
  auto wb = OpenOk(book.Zip());  // the zip's bytes are freed here: the workbook keeps its copy
  ASSERT_TRUE(wb);
  EXPECT_EQ(wb->sheet_names(), (std::vector<std::string>{"数据", "空表", "隐藏", "Sheet & 4"}));
  ASSERT_EQ(wb->sheets().size(), 4u);
  EXPECT_FALSE(wb->sheets()[0].hidden);
  EXPECT_FALSE(wb->sheets()[1].hidden);
  EXPECT_TRUE(wb->sheets()[2].hidden);
  EXPECT_TRUE(wb->sheets()[3].hidden);
  EXPECT_FALSE(wb->date1904());

  auto data = wb->ReadSheet("数据");
  ASSERT_TRUE(data) << data.error().ToString();
  EXPECT_EQ(data->name, "数据");
  ExpectCell(*data, 1, 1, Kind::kNumber, "1");
  for (size_t i : {1, 2}) {
    auto empty = wb->ReadSheet(i);
    ASSERT_TRUE(empty) << empty.error().ToString();
    EXPECT_TRUE(empty->rows.empty());
    EXPECT_TRUE(empty->merges.empty());
  }
  auto fourth = wb->ReadSheet("Sheet & 4");
  ASSERT_TRUE(fourth);
  ExpectCell(*fourth, 0, 0, Kind::kNumber, "4");

  auto missing = wb->ReadSheet("不存在");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().key(), "xlsx_sheet_not_found");
  EXPECT_EQ(missing.error().args(), std::vector<std::string>{"不存在"});
  auto past = wb->ReadSheet(size_t{4});
  ASSERT_FALSE(past);
  EXPECT_EQ(past.error().key(), "xlsx_sheet_not_found");
  EXPECT_EQ(past.error().args(), std::vector<std::string>{"#5"});
}

// The package relationships may put the workbook anywhere; its sheets are found relative to it.
TEST(XlsxReaderTest, TheWorkbookPartIsFoundThroughThePackageRelationships) {
  const std::string rels_ns = "http://schemas.openxmlformats.org/package/2006/relationships";
  const std::string type = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
  const Parts parts = {
      {"_rels/.rels", Xml("<Relationships xmlns=\"" + rels_ns + "\"><Relationship Id=\"a\" Type=\"" + type +
                          "extended-properties\" Target=\"docProps/app.xml\"/><Relationship Id=\"b\" Type=\"" + type +
                          "officeDocument\" Target=\"/book/Main.xml\"/></Relationships>")},
      {"book/Main.xml", Xml(std::string("<workbook xmlns=\"") + kMainNs + "\" xmlns:r=\"" + kRelNs +
                            "\"><sheets><sheet name=\"甲\" sheetId=\"7\" r:id=\"s\"/></sheets></workbook>")},
      {"book/_rels/Main.xml.rels", Xml("<Relationships xmlns=\"" + rels_ns + "\"><Relationship Id=\"s\" Type=\"" +
                                       type + "worksheet\" Target=\"tabs/one.xml\"/><Relationship Id=\"x\" Type=\"" +
                                       type + "hyperlink\" Target=\"https://example.org\" TargetMode=\"External\"/>"
                                       "</Relationships>")},
      {"book/tabs/one.xml", SheetXml(R"(<row r="1"><c r="A1"><v>1.25</v></c></row>)")},
  };
  XlsxSheetContent s = ReadOk(ZipParts(parts));
  EXPECT_EQ(s.name, "甲");
  ExpectCell(s, 0, 0, Kind::kNumber, "1.25", 1.25);
}

// Writers built on the .NET Open XML SDK prefix every element (x:c), and strict OOXML uses other
// namespace URIs; the same cells come out.
TEST(XlsxReaderTest, PrefixedElementsAndStrictNamespacesRead) {
  const std::string strict_main = "http://purl.oclc.org/ooxml/spreadsheetml/main";
  const std::string strict_rel = "http://purl.oclc.org/ooxml/officeDocument/relationships";
  HandBook book;
  book.sheets.push_back({"前缀", Xml("<x:worksheet xmlns:x=\"" + strict_main + "\"><x:sheetData><x:row r=\"1\">"
                                     "<x:c r=\"A1\" t=\"inlineStr\"><x:is><x:t>前缀</x:t></x:is></x:c>"
                                     "<x:c r=\"B1\" t=\"s\"><x:v>0</x:v></x:c><x:c r=\"C1\" s=\"1\"><x:v>45717</x:v></x:c>"
                                     "</x:row></x:sheetData><x:mergeCells><x:mergeCell ref=\"A2:B2\"/></x:mergeCells>"
                                     "</x:worksheet>")});
  book.shared_strings = "<si><t>共享</t></si>";
  book.extra.emplace_back("xl/workbook.xml",
                          Xml("<x:workbook xmlns:x=\"" + strict_main + "\" xmlns:rel=\"" + strict_rel +
                              "\"><x:workbookPr date1904=\"true\"/><x:sheets><x:sheet name=\"前缀\" sheetId=\"1\" rel:id=\"rId10\"/>"
                              "</x:sheets></x:workbook>"));
  auto wb = OpenOk(book.Zip());
  ASSERT_TRUE(wb);
  EXPECT_TRUE(wb->date1904());
  auto s = wb->ReadSheet("前缀");
  ASSERT_TRUE(s) << s.error().ToString();
  ExpectCell(*s, 0, 0, Kind::kText, "前缀");
  ExpectCell(*s, 0, 1, Kind::kText, "共享");
  ExpectCell(*s, 0, 2, Kind::kDate, "45717");
  EXPECT_EQ(s->At(0, 2)->date, (XlsxDateTime{2029, 3, 2}));  // 1904 system: 1,462 days later
  EXPECT_EQ(s->merges, (std::vector<XlsxMergeRange>{{1, 0, 1, 1}}));
}

TEST(XlsxReaderTest, StreamSheetPassesRowsOneAtATimeAndStopsOnAFailure) {
  std::string rows;
  for (int r = 1; r <= 10; ++r) rows += "<row r=\"" + std::to_string(r * 2) + "\"><c><v>" + std::to_string(r) + "</v></c></row>";
  auto wb = OpenOk(OneSheet(rows, R"(<mergeCells><mergeCell ref="A1:B1"/></mergeCells>)").Zip());
  ASSERT_TRUE(wb);
  std::vector<int> seen;
  auto merges = wb->StreamSheet(0, [&](XlsxReadRow&& row) {
    EXPECT_EQ(row.cells.size(), 1u);
    seen.push_back(row.index);
    return core::Status::Ok();
  });
  ASSERT_TRUE(merges) << merges.error().ToString();
  EXPECT_EQ(seen, (std::vector<int>{1, 3, 5, 7, 9, 11, 13, 15, 17, 19}));
  EXPECT_EQ(*merges, (std::vector<XlsxMergeRange>{{0, 0, 0, 1}}));

  seen.clear();
  auto stopped = wb->StreamSheet(0, [&](XlsxReadRow&& row) {
    seen.push_back(row.index);
    return seen.size() == 3 ? core::Status(core::Code::kConflict, "enough") : core::Status::Ok();
  });
  ASSERT_FALSE(stopped);
  EXPECT_EQ(stopped.error().key(), "enough");
  EXPECT_EQ(seen.size(), 3u);
}

// ---- Workbooks made by our own writer (XlsxWriter), in memory and to a file.

class XlsxReaderWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = fs::temp_directory_path() / ("gj_xlsxr_test_" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  fs::path dir_;
};

void WriteProjects(XlsxWriter& writer) {
  auto sheet = writer.AddSheet({.name = "分单位",
                                .title = "示范区重大项目分单位推进情况（2026年1-10月）",
                                .columns = {{"责任单位"}, {"项目数"}, {"年度计划（万元）"}, {"完成率"}, {"较序时（百分点）"}, {"开工日期"}}});
  ASSERT_TRUE(sheet) << sheet.error().ToString();
  std::vector<XlsxCell> row1 = {XlsxCell::Text("区住房和城乡建设局"), XlsxCell::Integer(12), XlsxCell::Money(1'234'567'891),
                                XlsxCell::Rate(7850),          XlsxCell::Points(120), XlsxCell::Date(2026, 3, 1)};
  std::vector<XlsxCell> row2 = {XlsxCell::Text("区交通运输局"), XlsxCell::Integer(3), XlsxCell::Money(99),
                                XlsxCell::Rate(std::nullopt), XlsxCell::Points(-305), XlsxCell::Date(1900, 3, 1)};
  std::vector<XlsxCell> total = {XlsxCell::Text("合计"), XlsxCell::Integer(15), XlsxCell::Money(1'234'567'990)};
  ASSERT_TRUE((*sheet)->AddRow(row1).ok());
  ASSERT_TRUE((*sheet)->AddRow(row2).ok());
  ASSERT_TRUE((*sheet)->AddRow(total, XlsxRowStyle::kTotal).ok());
  auto second = writer.AddSheet({.name = "第二页", .columns = {{"名称"}, {"金额"}}});
  ASSERT_TRUE(second);
  std::vector<XlsxCell> r = {XlsxCell::Text("区住房和城乡建设局"), XlsxCell::Number(0.1)};  // a repeated string
  ASSERT_TRUE((*second)->AddRow(r).ok());
}

void CheckProjects(const std::string& bytes) {
  auto wb = OpenOk(bytes);
  ASSERT_TRUE(wb);
  EXPECT_EQ(wb->sheet_names(), (std::vector<std::string>{"分单位", "第二页"}));
  auto got = wb->ReadSheet("分单位");
  ASSERT_TRUE(got) << got.error().ToString();
  const XlsxSheetContent& s = *got;
  ExpectCell(s, 0, 0, Kind::kText, "示范区重大项目分单位推进情况（2026年1-10月）");
  EXPECT_EQ(s.merges, (std::vector<XlsxMergeRange>{{0, 0, 0, 5}}));
  ExpectCell(s, 1, 0, Kind::kText, "责任单位");
  ExpectCell(s, 1, 5, Kind::kText, "开工日期");
  ExpectCell(s, 2, 0, Kind::kText, "区住房和城乡建设局");
  ExpectCell(s, 2, 1, Kind::kNumber, "12", 12);
  ExpectCell(s, 2, 2, Kind::kNumber, "1234.567891");
  ExpectCell(s, 2, 3, Kind::kNumber, "0.785");
  ExpectCell(s, 2, 4, Kind::kNumber, "1.2");
  ExpectCell(s, 2, 5, Kind::kDate, "46082", 46082);
  EXPECT_EQ(s.At(2, 5)->date, (XlsxDateTime{2026, 3, 1}));
  ExpectCell(s, 3, 2, Kind::kNumber, "9.899999999999999E-05");
  EXPECT_EQ(s.At(3, 3), nullptr) << "a bordered blank is no cell";
  ExpectCell(s, 3, 4, Kind::kNumber, "-3.05");
  ExpectCell(s, 3, 5, Kind::kDate, "61");
  EXPECT_EQ(s.At(3, 5)->date, (XlsxDateTime{1900, 3, 1}));
  ExpectCell(s, 4, 0, Kind::kText, "合计");
  ExpectCell(s, 4, 2, Kind::kNumber, "1234.56799");
  EXPECT_EQ(s.rows.size(), 5u);
  auto second = wb->ReadSheet(size_t{1});
  ASSERT_TRUE(second);
  ExpectCell(*second, 1, 0, Kind::kText, "区住房和城乡建设局");
  ExpectCell(*second, 1, 1, Kind::kNumber, "0.1", 0.1);
}

TEST_F(XlsxReaderWriterTest, ReadsBackWhatTheWriterWroteInMemory) {
  auto writer = XlsxWriter::InMemory({.tmpdir = dir_.string()});
  ASSERT_TRUE(writer);
  WriteProjects(**writer);
  auto bytes = (*writer)->CloseToBytes();
  ASSERT_TRUE(bytes) << bytes.error().ToString();
  CheckProjects(*bytes);
}

TEST_F(XlsxReaderWriterTest, ReadsBackWhatTheWriterWroteToAFile) {
  const std::string path = (dir_ / "cm.xlsx").string();
  auto writer = XlsxWriter::ToFile(path, {.tmpdir = dir_.string()});
  ASSERT_TRUE(writer);
  WriteProjects(**writer);
  ASSERT_TRUE((*writer)->Close().ok());
  const std::string bytes = testing::ReadFileBytes(path);
  auto peek = testing::PeekXlsx(bytes);
  ASSERT_TRUE(peek);
  EXPECT_NE(peek->entries["xl/worksheets/sheet1.xml"].find("inlineStr"), std::string::npos) << "inline strings";
  CheckProjects(bytes);
}

// ---- Bad files.

// Offsets of an entry's local header and central directory record in a zip.
size_t FindHeader(const std::string& zip, uint32_t signature, size_t name_at, size_t name_len_at, const std::string& name) {
  const std::string sig{static_cast<char>(signature & 0xFF), static_cast<char>(signature >> 8 & 0xFF),
                        static_cast<char>(signature >> 16 & 0xFF), static_cast<char>(signature >> 24 & 0xFF)};
  for (size_t at = zip.find(sig); at != std::string::npos; at = zip.find(sig, at + 1)) {
    const size_t len = static_cast<unsigned char>(zip[at + name_len_at]) | static_cast<unsigned char>(zip[at + name_len_at + 1]) << 8;
    if (zip.compare(at + name_at, len, name) == 0 && len == name.size()) return at;
  }
  ADD_FAILURE() << "no header for " << name;
  return 0;
}
void Put32(std::string& zip, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) zip[at + i] = static_cast<char>(v >> (8 * i) & 0xFF);
}

// A deflated run of `n` 'a's (in an XML comment): kilobytes in the zip, megabytes inflated.
std::string BombSheet(size_t n) {
  return SheetXml("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><!--" + std::string(n, 'a') + "-->");
}

TEST(XlsxReaderTest, BadFilesGetClearErrors) {
  const std::string good = OneSheet(R"(<row r="1"><c r="A1"><v>1</v></c></row>)").Zip();
  ASSERT_EQ(FailureKey(good), "");

  XlsxLimits small;
  small.max_entry_bytes = 1 << 20;
  small.max_total_uncompressed_bytes = 3 << 20;

  HandBook bomb;
  bomb.sheets.push_back({"Sheet1", BombSheet(5 << 20)});
  const std::string bomb_zip = bomb.Zip();
  EXPECT_LT(bomb_zip.size(), 64u * 1024) << "the bomb is small when compressed";

  // The same bomb with its declared size (local header and central directory) made to lie.
  std::string liar = bomb_zip;
  const std::string sheet_part = "xl/worksheets/sheet1.xml";
  Put32(liar, FindHeader(liar, 0x04034b50, 30, 26, sheet_part) + 22, 1000);
  Put32(liar, FindHeader(liar, 0x02014b50, 46, 28, sheet_part) + 24, 1000);

  // Entries that are each within the limit but too much together.
  HandBook heavy = OneSheet("");
  for (int i = 0; i < 4; ++i) heavy.extra.emplace_back("xl/media/blob" + std::to_string(i) + ".bin", std::string(900 << 10, 'x'));

  HandBook crowded = OneSheet("");
  for (int i = 0; i < 1001; ++i) crowded.extra.emplace_back("customXml/item" + std::to_string(i) + ".xml", "<a/>");

  HandBook missing_part = OneSheet("");
  missing_part.sheets[0].target = "worksheets/sheet1.xml";
  auto missing_parts = missing_part.ToParts();
  std::erase_if(missing_parts, [](const auto& p) { return p.first == "xl/worksheets/sheet1.xml"; });

  HandBook unknown_rel = OneSheet("");
  unknown_rel.extra.emplace_back("xl/workbook.xml", Xml(std::string("<workbook xmlns=\"") + kMainNs + "\" xmlns:r=\"" + kRelNs +
                                                         "\"><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId99\"/></sheets></workbook>"));
  HandBook no_sheets = OneSheet("");
  no_sheets.extra.emplace_back("xl/workbook.xml", Xml(std::string("<workbook xmlns=\"") + kMainNs + "\"><sheets/></workbook>"));
  HandBook bad_workbook_xml = OneSheet("");
  bad_workbook_xml.extra.emplace_back("xl/workbook.xml", "<workbook><sheets></workbook>");
  HandBook no_rels = OneSheet("");
  no_rels.drop_workbook_rels = true;
  HandBook escaping = OneSheet("");
  escaping.sheets[0].target = "../../outside.xml";
  HandBook laughs = OneSheet("");
  laughs.shared_strings = "<si><t>x</t></si>";
  laughs.extra.emplace_back("xl/sharedStrings.xml",
                            R"(<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>)"
                            R"(<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&b;</t></si></sst>)");
  HandBook many_strings = OneSheet("");
  many_strings.shared_strings = "<si><t>1</t></si><si><t>2</t></si><si><t>3</t></si><si><t>4</t></si>";
  XlsxLimits three_strings;
  three_strings.max_shared_strings = 3;
  HandBook long_string = OneSheet("");
  long_string.shared_strings = "<si><t>一二三四五六七八九十</t></si><si><r><t>一二三四五</t></r><r><t>六七八九十零</t></r></si>";
  XlsxLimits ten_chars;
  ten_chars.max_text_chars = 10;

  std::string corrupt = good;  // a byte of the sheet's deflated data changed
  {
    const size_t local = FindHeader(corrupt, 0x04034b50, 30, 26, sheet_part);
    const size_t name_len = static_cast<unsigned char>(corrupt[local + 26]) | static_cast<unsigned char>(corrupt[local + 27]) << 8;
    const size_t extra_len = static_cast<unsigned char>(corrupt[local + 28]) | static_cast<unsigned char>(corrupt[local + 29]) << 8;
    corrupt[local + 30 + name_len + extra_len + 5] ^= 0x55;
  }

  std::string huge_count = good;  // the end record claims 65,535 entries
  {
    const size_t eocd = huge_count.rfind(std::string("PK\x05\x06", 4));
    ASSERT_NE(eocd, std::string::npos);
    huge_count[eocd + 8] = huge_count[eocd + 9] = huge_count[eocd + 10] = huge_count[eocd + 11] = '\xFF';
  }

  XlsxLimits tiny_input;
  tiny_input.max_compressed_bytes = 100;
  XlsxLimits ten_entries;
  ten_entries.max_entries = 10;
  HandBook eleven = OneSheet("");
  for (int i = 0; i < 5; ++i) eleven.extra.emplace_back("x/" + std::to_string(i), "");

  struct Case {
    const char* what;
    std::string bytes;
    XlsxLimits limits;
    const char* key;
  };
  const Case cases[] = {
      {"empty input", "", {}, "xlsx_not_zip"},
      {"text", "项目名称,总投资\n示范项目,100\n", {}, "xlsx_not_zip"},
      {"an old .xls (OLE2 compound file)", std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(600, '\0'), {}, "xlsx_not_zip"},
      {"the first half of a workbook", good.substr(0, good.size() / 2), {}, "xlsx_not_zip"},
      {"a workbook without its last bytes", good.substr(0, good.size() - 10), {}, "xlsx_not_zip"},
      {"a workbook without its first bytes", good.substr(good.size() / 2), {}, "xlsx_not_zip"},
      {"over the input limit", good, tiny_input, "xlsx_too_large"},
      {"a zip bomb declaring its size", bomb_zip, small, "xlsx_entry_too_large"},
      {"a zip bomb lying about its size", liar, small, "xlsx_entry_too_large"},
      {"the lying bomb with default limits", liar, {}, "xlsx_entry_too_large"},
      {"entries too large together", heavy.Zip(), small, "xlsx_uncompressed_too_large"},
      {"1,001 entries", crowded.Zip(), {}, "xlsx_too_many_entries"},
      {"more entries than a low limit", eleven.Zip(), ten_entries, "xlsx_too_many_entries"},
      {"an end record declaring 65,535 entries", huge_count, {}, "xlsx_too_many_entries"},
      {"no workbook part", ZipParts({{"hello.txt", "hello"}}), {}, "xlsx_malformed"},
      {"a zip with nothing in it", ZipParts({}), {}, "xlsx_not_zip"},
      {"a sheet whose part is missing", ZipParts(missing_parts), {}, "xlsx_malformed"},
      {"a sheet with an unknown relationship", unknown_rel.Zip(), {}, "xlsx_malformed"},
      {"a workbook without sheets", no_sheets.Zip(), {}, "xlsx_malformed"},
      {"malformed workbook XML", bad_workbook_xml.Zip(), {}, "xlsx_malformed"},
      {"no workbook relationships", no_rels.Zip(), {}, "xlsx_malformed"},
      {"a target outside the package", escaping.Zip(), {}, "xlsx_malformed"},
      {"a DTD with entities", laughs.Zip(), {}, "xlsx_malformed"},
      {"too many shared strings", many_strings.Zip(), three_strings, "xlsx_too_many_strings"},
      {"a shared string too long", long_string.Zip(), ten_chars, "xlsx_text_too_long"},
      {"damaged deflate data", corrupt, {}, "xlsx_malformed"},
  };
  for (const auto& c : cases) {
    std::string detail;
    EXPECT_EQ(FailureKey(c.bytes, c.limits, &detail), c.key) << c.what << " (" << detail << ")";
  }
  // The bombs inflate fine with room to spare, and ten CJK characters are within ten.
  EXPECT_EQ(FailureKey(bomb_zip), "");
  XlsxLimits eleven_chars;
  eleven_chars.max_text_chars = 11;
  EXPECT_EQ(FailureKey(long_string.Zip(), eleven_chars), "");
  EXPECT_EQ(FailureKey(eleven.Zip(), {}), "");
  XlsxLimits entries_exact;
  entries_exact.max_entries = static_cast<int64_t>(eleven.ToParts().size());
  EXPECT_EQ(FailureKey(eleven.Zip(), entries_exact), "");
  // A stored (not deflated) workbook reads too.
  EXPECT_EQ(FailureKey(ZipParts(OneSheet(R"(<row r="1"><c r="A1"><v>1</v></c></row>)").ToParts(), /*store=*/true)), "");
}

TEST(XlsxReaderTest, BadSheetsGetClearErrors) {
  XlsxLimits hundred_rows;
  hundred_rows.max_rows = 100;
  XlsxLimits three_rows;
  three_rows.max_rows = 3;
  XlsxLimits five_columns;
  five_columns.max_columns = 5;
  XlsxLimits ten_chars;
  ten_chars.max_text_chars = 10;
  std::string rows101;
  for (int r = 1; r <= 101; ++r) rows101 += "<row r=\"" + std::to_string(r) + "\"><c r=\"A" + std::to_string(r) + "\"><v>1</v></c></row>";

  struct Case {
    const char* what;
    std::string rows;
    XlsxLimits limits;
    const char* key;
    std::string after = "";
  };
  const Case cases[] = {
      {"101 rows, limit 100", rows101, hundred_rows, "xlsx_too_many_rows"},
      {"row 2,000,000", R"(<row r="2000000"><c><v>1</v></c></row>)", {}, "xlsx_too_many_rows"},
      {"a huge row number", R"(<row r="99999999999999999999999"/>)", {}, "xlsx_too_many_rows"},
      {"a cell in row 2,000,000", R"(<row><c r="A2000000"><v>1</v></c></row>)", {}, "xlsx_too_many_rows"},
      {"rows without r past the limit", "<row/><row/><row/><row/>", three_rows, "xlsx_too_many_rows"},
      {"column XFE", R"(<row r="1"><c r="XFE1"><v>1</v></c></row>)", {}, "xlsx_too_many_columns"},
      {"a huge column", R"(<row r="1"><c r="AAAAAAAAAAAAAAAAAAAA1"><v>1</v></c></row>)", {}, "xlsx_too_many_columns"},
      {"column F, limit 5", R"(<row r="1"><c r="F1"><v>1</v></c></row>)", five_columns, "xlsx_too_many_columns"},
      {"cells without r past the limit", "<row><c/><c/><c/><c/><c/><c><v>1</v></c></row>", five_columns, "xlsx_too_many_columns"},
      {"an inline string too long", R"(<row r="1"><c r="A1" t="inlineStr"><is><t>12345678901</t></is></c></row>)", ten_chars, "xlsx_text_too_long"},
      {"a formula string too long", R"(<row r="1"><c r="A1" t="str"><f>A2</f><v>12345678901</v></c></row>)", ten_chars, "xlsx_text_too_long"},
      {"a number too long", "<row r=\"1\"><c r=\"A1\"><v>" + std::string(100'000, '1') + "</v></c></row>", {}, "xlsx_text_too_long"},
      {"unclosed cell", R"(<row r="1"><c r="A1"><v>1</v></row>)", {}, "xlsx_malformed"},
      {"not XML", "\x01\x02<<", {}, "xlsx_malformed"},
      {"a number that is not one", R"(<row r="1"><c r="A1"><v>abc</v></c></row>)", {}, "xlsx_malformed"},
      {"an infinite number", R"(<row r="1"><c r="A1"><v>inf</v></c></row>)", {}, "xlsx_malformed"},
      {"a number out of range", R"(<row r="1"><c r="A1"><v>1e999</v></c></row>)", {}, "xlsx_malformed"},
      {"a bad boolean", R"(<row r="1"><c r="A1" t="b"><v>yes</v></c></row>)", {}, "xlsx_malformed"},
      {"a shared string index past the table", R"(<row r="1"><c r="A1" t="s"><v>0</v></c></row>)", {}, "xlsx_malformed"},
      {"a shared string index that is not a number", R"(<row r="1"><c r="A1" t="s"><v>x</v></c></row>)", {}, "xlsx_malformed"},
      {"an unknown cell type", R"(<row r="1"><c r="A1" t="q"><v>1</v></c></row>)", {}, "xlsx_malformed"},
      {"a bad ISO date", R"(<row r="1"><c r="A1" t="d"><v>2025-02-30</v></c></row>)", {}, "xlsx_malformed"},
      {"rows out of order", R"(<row r="3"><c><v>1</v></c></row><row r="2"><c><v>1</v></c></row>)", {}, "xlsx_malformed"},
      {"a row twice", R"(<row r="2"><c><v>1</v></c></row><row r="2"><c r="B2"><v>1</v></c></row>)", {}, "xlsx_malformed"},
      {"cells out of order", R"(<row r="1"><c r="B1"><v>1</v></c><c r="A1"><v>1</v></c></row>)", {}, "xlsx_malformed"},
      {"a cell twice", R"(<row r="1"><c r="B1"><v>1</v></c><c r="B1"><v>1</v></c></row>)", {}, "xlsx_malformed"},
      {"a bad cell reference", R"(<row r="1"><c r="1A"><v>1</v></c></row>)", {}, "xlsx_malformed"},
      {"row zero", R"(<row r="0"><c><v>1</v></c></row>)", {}, "xlsx_malformed"},
      {"cell row zero", R"(<row><c r="A0"><v>1</v></c></row>)", {}, "xlsx_malformed"},
      {"a row number that is not one", R"(<row r="x1"><c><v>1</v></c></row>)", {}, "xlsx_malformed"},
      {"a DTD", "", {}, "xlsx_malformed"},
  };
  for (const auto& c : cases) {
    HandBook book = OneSheet(c.rows, c.after);
    if (std::string(c.what) == "a DTD") {
      book.sheets[0].xml = R"(<?xml version="1.0"?><!DOCTYPE worksheet SYSTEM "file:///etc/passwd"><worksheet/>)";
    }
    std::string detail;
    EXPECT_EQ(FailureKey(book.Zip(), c.limits, &detail), c.key) << c.what << " (" << detail << ")";
  }

  // Limits are inclusive: 100 rows, column E and ten characters pass.
  EXPECT_EQ(FailureKey(OneSheet(rows101.substr(0, rows101.rfind("<row"))).Zip(), hundred_rows), "");
  EXPECT_EQ(FailureKey(OneSheet(R"(<row r="1"><c r="E1"><v>1</v></c></row>)").Zip(), five_columns), "");
  EXPECT_EQ(FailureKey(OneSheet(R"(<row r="1"><c r="XFD1048576"><v>1</v></c></row>)").Zip(),
                       XlsxLimits{.max_rows = 1'048'576}),
            "");
  EXPECT_EQ(FailureKey(OneSheet(R"(<row r="1"><c r="A1" t="inlineStr"><is><t>一二三四五六七八九十</t></is></c></row>)").Zip(), ten_chars), "");
  // The failures carry what the message needs.
  auto wb = OpenOk(OneSheet(rows101).Zip(), hundred_rows);
  ASSERT_TRUE(wb);
  auto rows = wb->ReadSheet(size_t{0});
  ASSERT_FALSE(rows);
  EXPECT_EQ(rows.error().args(), (std::vector<std::string>{"Sheet1", "100"}));
  auto text = XlsxWorkbook::Open(OneSheet(R"(<row r="7"><c r="B7" t="inlineStr"><is><t>12345678901</t></is></c></row>)").Zip(),
                                 ten_chars);
  ASSERT_TRUE(text);
  auto long_text = (*text)->ReadSheet(size_t{0});
  ASSERT_FALSE(long_text);
  EXPECT_EQ(long_text.error().args(), (std::vector<std::string>{"Sheet1!B7", "10"}));
}

// Found while writing the fuzz target: every cell citing a shared string gets its own copy, so a
// 3.6 KB workbook of 50,000 cells citing one 32,767-character string took 1.5 GB to read (and a
// million such cells would take 32 GB). The copies now count against the uncompressed limit.
TEST(XlsxReaderTest, CellsCitingALongSharedStringCannotMultiplyIt) {
  const std::string cited = std::string(1'000, 'x');
  auto sheet_citing = [&](int cells) {
    std::string rows = "<row>";
    for (int c = 0; c < cells; ++c) rows += R"(<c t="s"><v>0</v></c>)";
    HandBook book = OneSheet(rows + "</row>");
    book.shared_strings = "<si><t>" + cited + "</t></si>";
    return book.Zip();
  };
  XlsxLimits limits;
  limits.max_total_uncompressed_bytes = 100'000;  // 100 copies
  EXPECT_EQ(FailureKey(sheet_citing(100), limits), "");
  std::string detail;
  EXPECT_EQ(FailureKey(sheet_citing(101), limits, &detail), "xlsx_uncompressed_too_large");
  EXPECT_NE(detail.find("Sheet1!CW1"), std::string::npos) << detail;  // the 101st cell
  // Streaming counts the same way: the 101st copy stops the read.
  auto wb = OpenOk(sheet_citing(101), limits);
  ASSERT_TRUE(wb);
  auto streamed = wb->StreamSheet(0, [](XlsxReadRow&&) { return core::Status::Ok(); });
  ASSERT_FALSE(streamed);
  EXPECT_EQ(streamed.error().key(), "xlsx_uncompressed_too_large");
  EXPECT_EQ(streamed.error().args(), std::vector<std::string>{"0.10"});
}

// Two million rows: refused once the limit is passed, without holding the rows.
TEST(XlsxReaderTest, AMillionAndOneRowsAreRefusedWhileStreaming) {
  std::string rows;
  rows.reserve(30u << 20);
  constexpr int kRows = 1'000'001;
  for (int r = 0; r < kRows; ++r) rows += "<row><c><v>1</v></c></row>";
  const std::string bytes = OneSheet(rows).Zip();
  auto wb = OpenOk(bytes);
  ASSERT_TRUE(wb);
  int64_t seen = 0;
  const auto start = std::chrono::steady_clock::now();
  auto result = wb->StreamSheet(0, [&](XlsxReadRow&&) {
    ++seen;
    return core::Status::Ok();
  });
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::printf("[ figure ] %d rows streamed to the limit in %.0f ms (zip %zu KB)\n", kRows, ms, bytes.size() / 1024);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().key(), "xlsx_too_many_rows");
  EXPECT_EQ(seen, 1'000'000);
}

// Random damage to a valid workbook, to its XML and to its zip bytes: every outcome is a
// success or an xlsx_ error, never a crash or an internal error.
TEST(XlsxReaderTest, RandomDamageNeverCrashes) {
  HandBook book = OneSheet(
      R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" s="1"><v>45717</v></c></row>)"
      R"(<row><c t="inlineStr"><is><r><t>富</t></r></is></c><c t="b"><v>1</v></c><c><f>1+1</f><v>2</v></c></row>)",
      R"(<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>)");
  book.shared_strings = kSharedStrings;
  const Parts parts = book.ToParts();
  const std::string good = ZipParts(parts);
  std::mt19937 rng(20260308);
  auto mutate = [&](std::string s) {
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits && !s.empty(); ++e) {
      const size_t at = rng() % s.size();
      switch (rng() % 4) {
        case 0: s[at] = static_cast<char>(rng()); break;
        case 1: s.erase(at, 1 + rng() % 8); break;
        case 2: s.insert(at, 1, "<>/\"=&;x0"[rng() % 9]); break;
        default: s[at] = "0123456789"[rng() % 10]; break;
      }
    }
    return s;
  };
  // GJ_XLSX_DAMAGE_RUNS raises the count for a longer run by hand (e.g. under ASan).
  const char* runs_env = std::getenv("GJ_XLSX_DAMAGE_RUNS");
  const int runs = runs_env != nullptr ? std::atoi(runs_env) : 600;
  int ok = 0, failed = 0;
  for (int i = 0; i < runs; ++i) {
    std::string bytes;
    if (i % 2 == 0) {
      Parts damaged = parts;
      auto& part = damaged[rng() % damaged.size()].second;
      part = mutate(part);
      bytes = ZipParts(damaged);
    } else {
      bytes = mutate(good);
    }
    auto wb = XlsxWorkbook::Open(bytes);
    if (!wb) {
      ++failed;
      EXPECT_TRUE(wb.error().key().starts_with("xlsx_")) << wb.error().ToString();
      continue;
    }
    for (size_t s = 0; s < (*wb)->sheets().size(); ++s) {
      auto sheet = (*wb)->ReadSheet(s);
      if (sheet) {
        ++ok;
      } else {
        ++failed;
        EXPECT_TRUE(sheet.error().key().starts_with("xlsx_")) << sheet.error().ToString();
      }
    }
  }
  std::printf("[ figure ] random damage: %d sheets read, %d refused\n", ok, failed);
  EXPECT_GT(ok, 0);
  EXPECT_GT(failed, 0);
}

// ---- A workbook converted by LibreOffice, when LibreOffice is installed.

TEST_F(XlsxReaderWriterTest, ReadsAWorkbookConvertedByLibreOffice) {
  std::string office;
  for (const char* name : {"libreoffice", "soffice"}) {
    if (std::system((std::string("command -v ") + name + " >/dev/null 2>&1").c_str()) == 0) office = name;
  }
  if (office.empty()) GTEST_SKIP() << "neither libreoffice nor soffice is installed";
  const fs::path csv = dir_ / "projects.csv";
  std::ofstream(csv) << "项目名称,总投资（万元）,开工日期\n示范区综合管廊一期,12345.6789,2025-03-01\n区人民医院迁建,800,2024-12-15\n";
  // UTF-8 (character set 76) with comma and double quote; a profile of its own, so parallel
  // tests do not share one.
  const std::string command = office + " -env:UserInstallation=file://" + (dir_ / "lo-profile").string() +
                              " --headless --infilter=CSV:44,34,76 --convert-to xlsx --outdir " + dir_.string() + " " +
                              csv.string() + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  const std::string bytes = testing::ReadFileBytes((dir_ / "projects.xlsx").string());
  XlsxSheetContent s = ReadOk(bytes);
  ExpectCell(s, 0, 0, Kind::kText, "项目名称");
  ExpectCell(s, 0, 1, Kind::kText, "总投资（万元）");
  ExpectCell(s, 1, 0, Kind::kText, "示范区综合管廊一期");
  ExpectCell(s, 1, 1, Kind::kNumber, "12345.6789");
  ASSERT_NE(s.At(1, 2), nullptr);
  EXPECT_EQ(s.At(1, 2)->kind, Kind::kDate);
  EXPECT_EQ(s.At(1, 2)->date, (XlsxDateTime{2025, 3, 1}));
  ExpectCell(s, 2, 1, Kind::kNumber, "800");
  EXPECT_EQ(s.At(2, 2)->date, (XlsxDateTime{2024, 12, 15}));
}

// ---- Figures (printed, not asserted).

void TimeRead(const fs::path& dir, int64_t rows) {
  const std::string path = (dir / ("perf" + std::to_string(rows) + ".xlsx")).string();
  {
    auto writer = XlsxWriter::ToFile(path, {.tmpdir = dir.string()});
    ASSERT_TRUE(writer);
    std::vector<XlsxColumn> columns;
    for (int c = 0; c < 20; ++c) columns.push_back({"列" + std::to_string(c + 1)});
    auto sheet = (*writer)->AddSheet({.name = "项目", .columns = columns});
    ASSERT_TRUE(sheet);
    std::vector<XlsxCell> row(20);
    for (int64_t r = 0; r < rows; ++r) {
      for (int c = 0; c < 20; ++c) {
        switch (c % 4) {
          case 0: row[c] = XlsxCell::Text("示范区第" + std::to_string(r) + "号项目" + std::to_string(c)); break;
          case 1: row[c] = XlsxCell::Money(123'456'789 + r); break;
          case 2: row[c] = XlsxCell::Date(2025, 1 + static_cast<int>(r % 12), 1 + static_cast<int>(r % 28)); break;
          default: row[c] = XlsxCell::Integer(r * c); break;
        }
      }
      ASSERT_TRUE((*sheet)->AddRow(row).ok());
    }
    ASSERT_TRUE((*writer)->Close().ok());
  }
  const std::string bytes = testing::ReadFileBytes(path);
  const auto start = std::chrono::steady_clock::now();
  auto wb = XlsxWorkbook::Open(bytes);
  ASSERT_TRUE(wb) << wb.error().ToString();
  auto s = (*wb)->ReadSheet(size_t{0});
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(s) << s.error().ToString();
  std::printf("[ figure ] read %lld rows x 20 columns (%zu KB): %.0f ms\n", static_cast<long long>(rows),
              bytes.size() / 1024, ms);
  ASSERT_EQ(s->rows.size(), static_cast<size_t>(rows + 1));
  const XlsxReadCell* last = s->At(static_cast<int32_t>(rows), 1);
  ASSERT_NE(last, nullptr);
  EXPECT_EQ(std::llround(last->number * 1e6), 123'456'789 + rows - 1);
  EXPECT_EQ(s->At(static_cast<int32_t>(rows), 2)->kind, Kind::kDate);
  EXPECT_EQ(s->At(static_cast<int32_t>(rows), 0)->text, "示范区第" + std::to_string(rows - 1) + "号项目0");
}

TEST_F(XlsxReaderWriterTest, TimeToReadTenThousandAndFiftyThousandRows) {
  TimeRead(dir_, 10'000);
  TimeRead(dir_, 50'000);
}

}  // namespace
}  // namespace gongjian::io
