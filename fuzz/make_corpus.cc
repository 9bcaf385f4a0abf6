// Writes the seed corpus of the xlsx reader's fuzz target (src/io/xlsx_reader_fuzz.cc):
//
//   build/fuzz/src/io/xlsx_make_corpus fuzz/corpus/xlsx_reader
//
// (built with -DGONGJIAN_FUZZ=ON; see docs/fuzzing.md). Three kinds of seeds, each < 64 KB:
// workbooks written by io::XlsxWriter (our own exports), workbooks zipped from hand-written
// parts (each a construct the reader must handle) together with some of them as "parts" inputs
// the fuzzer mutates as XML, and broken files. The hand-zipped seeds come out byte for byte the
// same each run; the XlsxWriter ones carry the time they were written (the writer dates its
// docProps and zip entries), so regenerating changes their bytes, not their content.

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "io/xlsx_fuzz_support.h"
#include "io/xlsx_writer.h"

namespace {

namespace fs = std::filesystem;
using gongjian::io::XlsxCell;
using gongjian::io::XlsxColumn;
using gongjian::io::XlsxRowStyle;
using gongjian::io::XlsxWriter;
using gongjian::io::fuzzing::XlsxParts;

constexpr const char* kMainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr const char* kRelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
constexpr const char* kPkgRelNs = "http://schemas.openxmlformats.org/package/2006/relationships";
constexpr const char* kRelType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";

std::string Xml(const std::string& body) { return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n" + body; }

std::string SheetXml(const std::string& rows, const std::string& after = "") {
  return Xml(std::string("<worksheet xmlns=\"") + kMainNs + "\" xmlns:r=\"" + kRelNs + "\"><dimension ref=\"A1\"/><sheetData>" +
             rows + "</sheetData>" + after + "</worksheet>");
}

// cellXfs: 0 General · 1 built-in 14 (date) · 2 custom yyyy"年"m"月"d"日" · 3 built-in 2 "0.00"
// · 4 custom 0.00"y" (not a date) · 5 built-in 22 (date and time) · 6 custom [h]:mm:ss
// · 7 custom #,##0.00_);[Red](#,##0.00)
const char* kStyles = R"X(<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="4"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>
<numFmt numFmtId="165" formatCode="0.00&quot;y&quot;"/><numFmt numFmtId="166" formatCode="[h]:mm:ss"/>
<numFmt numFmtId="167" formatCode="#,##0.00_);[Red](#,##0.00)"/></numFmts>
<fonts count="1"><font><sz val="11"/></font></fonts>
<cellStyleXfs count="1"><xf numFmtId="14" fontId="0"/></cellStyleXfs>
<cellXfs count="8"><xf numFmtId="0" fontId="0"/><xf numFmtId="14" fontId="0" applyNumberFormat="1"/>
<xf numFmtId="164" fontId="0"/><xf numFmtId="2" fontId="0"/><xf numFmtId="165" fontId="0"/><xf numFmtId="22"/>
<xf numFmtId="166"/><xf numFmtId="167"/></cellXfs></styleSheet>)X";

const char* kSharedStrings =
    "<si><t>项目名称</t></si>"
    "<si><r><rPr><b/></rPr><t>总投资</t></r><r><t xml:space=\"preserve\">（万元） </t></r></si>"
    "<si><t xml:space=\"preserve\">  leading and trailing  </t></si>"
    "<si><t>東京</t><rPh sb=\"0\" eb=\"2\"><t>トウキョウ</t></rPh><phoneticPr fontId=\"1\"/></si>"
    "<si><t>line_x000D_\nbreak a_x005F_x000D_b &amp; &lt;tag&gt;</t></si>"
    "<si/>";

struct HandSheet {
  std::string name;
  std::string xml;
  std::string target;  // "" → worksheets/sheet<N>.xml
  std::string state;   // "", "hidden", "veryHidden"
};

// A workbook written part by part (as in xlsx_reader_test.cc).
struct HandBook {
  std::vector<HandSheet> sheets;
  std::string shared_strings;  // the <si> elements; no part when empty
  std::string styles = kStyles;
  std::string workbook_pr;
  XlsxParts extra;  // more parts, or replacements by name

  XlsxParts ToParts() const {
    XlsxParts parts;
    parts.emplace_back("[Content_Types].xml",
                       Xml("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                           "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>"));
    parts.emplace_back("_rels/.rels", Xml(std::string("<Relationships xmlns=\"") + kPkgRelNs +
                                          "\"><Relationship Id=\"rId1\" Type=\"" + kRelType +
                                          "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"));
    std::string workbook = std::string("<workbook xmlns=\"") + kMainNs + "\" xmlns:r=\"" + kRelNs + "\">" + workbook_pr + "<sheets>";
    std::string rels = std::string("<Relationships xmlns=\"") + kPkgRelNs + "\">";
    for (size_t i = 0; i < sheets.size(); ++i) {
      const std::string rid = "rId" + std::to_string(10 + i);
      const std::string target = sheets[i].target.empty() ? "worksheets/sheet" + std::to_string(i + 1) + ".xml" : sheets[i].target;
      workbook += "<sheet name=\"" + sheets[i].name + "\" sheetId=\"" + std::to_string(i + 1) + "\"" +
                  (sheets[i].state.empty() ? "" : " state=\"" + sheets[i].state + "\"") + " r:id=\"" + rid + "\"/>";
      rels += "<Relationship Id=\"" + rid + "\" Type=\"" + kRelType + "worksheet\" Target=\"" + target + "\"/>";
      std::string part = target.starts_with('/') ? target.substr(1) : "xl/" + target;
      if (auto dots = part.find("sheets/../"); dots != std::string::npos) part.erase(dots, 10);
      parts.emplace_back(part, sheets[i].xml);
    }
    workbook += "</sheets></workbook>";
    if (!styles.empty()) {
      rels += std::string("<Relationship Id=\"rId1\" Type=\"") + kRelType + "styles\" Target=\"styles.xml\"/>";
      parts.emplace_back("xl/styles.xml", Xml(styles));
    }
    if (!shared_strings.empty()) {
      rels += std::string("<Relationship Id=\"rId2\" Type=\"") + kRelType + "sharedStrings\" Target=\"sharedStrings.xml\"/>";
      parts.emplace_back("xl/sharedStrings.xml", Xml(std::string("<sst xmlns=\"") + kMainNs + "\">" + shared_strings + "</sst>"));
    }
    rels += "</Relationships>";
    parts.emplace_back("xl/workbook.xml", Xml(workbook));
    parts.emplace_back("xl/_rels/workbook.xml.rels", Xml(rels));
    for (const auto& [name, bytes] : extra) {
      bool replaced = false;
      for (auto& p : parts) {
        if (p.first == name) {
          p.second = bytes;
          replaced = true;
        }
      }
      if (!replaced) parts.emplace_back(name, bytes);
    }
    return parts;
  }
};

HandBook OneSheet(const std::string& rows, const std::string& after = "") {
  HandBook book;
  book.sheets.push_back({"Sheet1", SheetXml(rows, after)});
  return book;
}

// ---- The hand-written workbooks.

HandBook SharedStrings() {
  HandBook book = OneSheet(
      R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>)"
      R"(<c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c></row>)"
      R"(<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2"><v>1234.5678</v></c><c r="C2" s="3"><v>-0.5</v></c>)"
      R"(<c r="D2"><v>1.5E-3</v></c><c r="E2" t="b"><v>1</v></c><c r="F2" t="b"><v>0</v></c><c r="G2" t="e"><v>#DIV/0!</v></c>)"
      R"(<c r="H2" s="1"/><c r="I2" t="n"><v>  42 </v></c></row>)"
      R"(<row r="6" s="1" customFormat="1"/><row r="1000"><c r="C1000" t="s"><v>5</v></c></row>)");
  book.shared_strings = kSharedStrings;
  return book;
}

HandBook InlineStrings() {
  return OneSheet(
      R"(<row r="1"><c r="A1" t="inlineStr"><is><t>内联文本</t></is></c>)"
      R"(<c r="B1" t="inlineStr"><is><r><t>富</t></r><r><rPr><i/></rPr><t xml:space="preserve">文本 </t></r></is></c>)"
      R"(<c r="C1" t="inlineStr"><is><t>a_x000D_b_x005F_c &amp;amp;</t><rPh sb="0" eb="1"><t>ア</t></rPh></is></c>)"
      R"(<c r="D1" t="str"><v>公式文本</v></c><c r="E1" t="inlineStr"/></row>)");
}

HandBook Dates1900() {
  return OneSheet(
      R"(<row r="1"><c r="A1" s="1"><v>45717</v></c><c r="B1" s="2"><v>45717</v></c><c r="C1" s="5"><v>45717.75</v></c>)"
      R"(<c r="D1" s="4"><v>45717</v></c><c r="E1" s="0"><v>45717</v></c><c r="F1" s="7"><v>45717</v></c>)"
      R"(<c r="G1" s="1"><v>-1</v></c><c r="H1" s="99"><v>5</v></c><c r="I1" t="d"><v>2025-03-01T08:30:00.250Z</v></c>)"
      R"(<c r="J1" s="6"><v>0.5</v></c><c r="K1" s="1"><v>60</v></c><c r="L1" s="1"><v>61</v></c><c r="M1" s="1"><v>0</v></c>)"
      R"(<c r="N1" s="5"><v>2958465.9999999</v></c><c r="O1" t="d"><v>1900-02-28</v></c></row>)");
}

HandBook Dates1904() {
  HandBook book = OneSheet(
      R"(<row r="1"><c r="A1" s="1"><v>44255</v></c><c r="B1" s="5"><v>0</v></c><c r="C1" t="d"><v>2025-03-01</v></c>)"
      R"(<c r="D1" t="d"><v>1903-12-31</v></c><c r="E1" s="2"><v>2957003.5</v></c></row>)");
  book.workbook_pr = R"(<workbookPr date1904="1" defaultThemeVersion="124226"/>)";
  return book;
}

HandBook Merged() {
  return OneSheet(
      R"(<row r="1"><c r="A1" t="inlineStr"><is><t>项目名称</t></is></c><c r="B1" t="inlineStr"><is><t>总投资（万元）</t></is></c>)"
      R"(<c r="D1" t="inlineStr"><is><t>开工时间</t></is></c></row>)"
      R"(<row r="2"><c r="B2" t="inlineStr"><is><t>合计</t></is></c><c r="C2" t="inlineStr"><is><t>其中：中央资金</t></is></c></row>)",
      R"(<mergeCells count="5"><mergeCell ref="A1:A2"/><mergeCell ref="B1:C1"/><mergeCell ref="D1:D2"/>)"
      R"(<mergeCell ref="$F$3:E4"/><mergeCell ref="XFD1048576"/></mergeCells>)"
      R"(<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>)");
}

HandBook SeveralSheets() {
  HandBook book;
  book.sheets.push_back({"数据", SheetXml(R"(<row r="2"><c r="B2"><v>1</v></c></row>)"), "worksheets/data_main.xml"});
  book.sheets.push_back({"空表", Xml(std::string("<worksheet xmlns=\"") + kMainNs + "\"><dimension ref=\"A1\"/></worksheet>"),
                         "/xl/worksheets/empty.xml"});
  book.sheets.push_back({"隐藏", SheetXml(R"(<row r="1"><c r="A1"><v>3</v></c></row>)"), "sheets/../worksheets/h.xml", "hidden"});
  book.sheets.push_back({"Sheet &amp; 4", SheetXml(R"(<row r="1"><c r="A1"><v>4</v></c></row>)"), "", "veryHidden"});
  return book;
}

HandBook Formulas() {
  HandBook book = OneSheet(
      R"(<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row>)"
      R"(<row r="2"><c r="A2"><f>SUM(A1:B1)</f><v>3</v></c><c r="B2" t="str"><f>A1&amp;"!"</f><v>1!</v></c>)"
      R"(<c r="C2" t="b"><f>B1&gt;0</f><v>1</v></c><c r="D2" t="e"><f>1/0</f><v>#DIV/0!</v></c>)"
      R"(<c r="E2"><f>NOW()</f></c><c r="F2" t="str"><f>""</f><v></v></c>)"
      R"(<c r="G2"><f t="shared" ref="G2:G3" si="0">A2*2</f><v>6</v></c><c r="H2" s="1"><f>TODAY()</f><v>46082</v></c></row>)"
      R"(<row r="3"><c r="G3"><f t="shared" si="0"/><v>0</v></c><c r="H3"><f t="array" ref="H3">SUM(A1:A2*B1:B2)</f><v>8</v></c></row>)");
  book.shared_strings = "<si><t>未用</t></si>";
  return book;
}

HandBook NoReferences() {
  return OneSheet(
      R"(<row><c><v>1</v></c><c><v>2</v></c></row><row r="2"><c><v>3</v></c><c r="C2"><v>4</v></c><c><v>5</v></c></row>)"
      R"(<row><c r="B8"><v>10</v></c></row><row r="10"><c><v>11</v></c></row>)");
}

HandBook PrefixedStrict() {
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
  return book;
}

// The package relationships put the workbook elsewhere; its sheets are found relative to it.
XlsxParts WorkbookElsewhere() {
  const std::string type = kRelType;
  return {
      {"_rels/.rels", Xml(std::string("<Relationships xmlns=\"") + kPkgRelNs + "\"><Relationship Id=\"a\" Type=\"" + type +
                          "extended-properties\" Target=\"docProps/app.xml\"/><Relationship Id=\"b\" Type=\"" + type +
                          "officeDocument\" Target=\"/book/Main.xml\"/></Relationships>")},
      {"book/Main.xml", Xml(std::string("<workbook xmlns=\"") + kMainNs + "\" xmlns:r=\"" + kRelNs +
                            "\"><sheets><sheet name=\"甲\" sheetId=\"7\" r:id=\"s\"/></sheets></workbook>")},
      {"book/_rels/Main.xml.rels",
       Xml(std::string("<Relationships xmlns=\"") + kPkgRelNs + "\"><Relationship Id=\"s\" Type=\"" + type +
           "worksheet\" Target=\"tabs/one.xml\"/><Relationship Id=\"x\" Type=\"" + type +
           "hyperlink\" Target=\"https://example.org\" TargetMode=\"External\"/></Relationships>")},
      {"book/tabs/one.xml", SheetXml(R"(<row r="1"><c r="A1"><v>1.25</v></c></row>)")},
  };
}

// A typical import: a header row, then project rows with text, amounts and dates.
HandBook ProjectList() {
  std::string rows =
      R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>)";
  for (int r = 2; r <= 30; ++r) {
    const std::string n = std::to_string(r);
    rows += "<row r=\"" + n + "\"><c r=\"A" + n + "\" t=\"inlineStr\"><is><t>示范区第" + n + "号项目</t></is></c><c r=\"B" + n +
            "\" s=\"3\"><v>" + std::to_string(1000 + r * 37) + "." + std::to_string(r % 100) + "</v></c><c r=\"C" + n +
            "\" s=\"1\"><v>" + std::to_string(45600 + r) + "</v></c><c r=\"D" + n + "\" t=\"s\"><v>" + std::to_string(4 + r % 2) +
            "</v></c></row>";
  }
  HandBook book = OneSheet(rows, R"(<autoFilter ref="A1:D30"/>)");
  book.shared_strings = "<si><t>项目名称</t></si><si><t>总投资（万元）</t></si><si><t>开工日期</t></si><si><t>状态</t></si>"
                        "<si><t>在建</t></si><si><t>已完工</t></si>";
  return book;
}

// ---- Broken files.

// A sheet that inflates past the fuzz target's per-entry limit (16 MB) from a few KB.
XlsxParts BombSheet() {
  HandBook book = OneSheet("");
  XlsxParts parts = book.ToParts();
  for (auto& [name, bytes] : parts) {
    if (name == "xl/worksheets/sheet1.xml") bytes = SheetXml(std::string(20 << 20, ' '));
  }
  return parts;
}

// 2,100 cells citing one 32,767-character shared string: 3 KB zipped, 69 MB of copies, past
// the fuzz target's 64 MB uncompressed limit (it took 1.5 GB per 50,000 cells before the
// reader counted the copies).
XlsxParts SharedStringCopies() {
  std::string rows;
  for (int r = 0; r < 3; ++r) {
    rows += "<row>";
    for (int c = 0; c < 700; ++c) rows += R"(<c t="s"><v>0</v></c>)";
    rows += "</row>";
  }
  HandBook book = OneSheet(rows);
  book.shared_strings = "<si><t>" + std::string(32'767, 'x') + "</t></si>";
  return book.ToParts();
}

// ---- XlsxWriter workbooks.

std::string WriterBook(int sheets, bool title) {
  auto writer = XlsxWriter::InMemory({.title = "示范区重大项目"});
  if (!writer) return "";
  for (int s = 0; s < sheets; ++s) {
    gongjian::io::XlsxSheetSpec spec{.name = s == 0 ? "项目清单" : "第" + std::to_string(s + 1) + "表",
                                     .title = title ? "2026年3月重大项目推进情况" : "",
                                     .columns = {XlsxColumn{"项目名称", 30}, XlsxColumn{"个数"}, XlsxColumn{"总投资（万元）"},
                                                 XlsxColumn{"完成率"}, XlsxColumn{"比上月"}, XlsxColumn{"开工日期"},
                                                 XlsxColumn{"备注"}}};
    auto sheet = (*writer)->AddSheet(spec);
    if (!sheet) return "";
    for (int r = 0; r < 12; ++r) {
      std::vector<XlsxCell> row = {XlsxCell::Text("区第" + std::to_string(r + 1) + "号项目"),
                                   XlsxCell::Integer(r),
                                   XlsxCell::Money(1'234'567'891 + r * 1013),
                                   XlsxCell::Rate(r % 3 == 0 ? std::nullopt : std::optional<int64_t>(7850 + r)),
                                   XlsxCell::Points(r % 4 == 0 ? std::nullopt : std::optional<int64_t>(120 - 50 * r)),
                                   XlsxCell::Date(2025, 1 + r % 12, 1 + r * 2),
                                   r % 2 == 0 ? XlsxCell::Blank() : XlsxCell::Text("备注 & <说明>\n第二行")};
      if (!(*sheet)->AddRow(row).ok()) return "";
    }
    std::vector<XlsxCell> total = {XlsxCell::Text("合计"), XlsxCell::Integer(66), XlsxCell::Money(14'814'881'058),
                                   XlsxCell::Rate(7849), XlsxCell::Points(-305), XlsxCell::Blank(),
                                   XlsxCell::Number(3.14159)};
    if (!(*sheet)->AddRow(total, XlsxRowStyle::kTotal).ok()) return "";
  }
  auto bytes = (*writer)->CloseToBytes();
  return bytes ? *bytes : "";
}

bool Write(const fs::path& dir, const std::string& name, const std::string& bytes) {
  if (bytes.size() >= 64 * 1024) {
    std::fprintf(stderr, "%s: %zu bytes, over 64 KB\n", name.c_str(), bytes.size());
    return false;
  }
  std::ofstream out(dir / name, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  std::printf("%-36s %6zu bytes\n", name.c_str(), bytes.size());
  return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
  using gongjian::io::fuzzing::PartsInput;
  using gongjian::io::fuzzing::ZipParts;
  const fs::path dir = argc > 1 ? argv[1] : "fuzz/corpus/xlsx_reader";
  fs::create_directories(dir);
  bool ok = true;
  auto zip = [&](const std::string& name, const XlsxParts& parts, bool store = false) {
    ok = Write(dir, name, ZipParts(parts, store)) && ok;
  };
  auto parts = [&](const std::string& name, const XlsxParts& p) { ok = Write(dir, name, PartsInput(p)) && ok; };

  // Our own exports.
  // (writer_constant_memory_zip64.xlsx in the corpus was libxlsxwriter's, before our own writer:
  // kept as a seed with ZIP64 records and shared strings.)
  ok = Write(dir, "writer_list.xlsx", WriterBook(1, false)) && ok;
  ok = Write(dir, "writer_titled_two_sheets.xlsx", WriterBook(2, true)) && ok;

  // Hand-zipped: deflated as Excel writes them, and a few stored.
  zip("shared_strings.xlsx", SharedStrings().ToParts());
  zip("inline_strings.xlsx", InlineStrings().ToParts());
  zip("dates_1900.xlsx", Dates1900().ToParts());
  zip("dates_1904.xlsx", Dates1904().ToParts());
  zip("merged_cells.xlsx", Merged().ToParts());
  zip("several_sheets_hidden.xlsx", SeveralSheets().ToParts());
  zip("formulas_cached_values.xlsx", Formulas().ToParts());
  zip("no_cell_references_stored.xlsx", NoReferences().ToParts(), /*store=*/true);
  zip("prefixed_strict_ooxml.xlsx", PrefixedStrict().ToParts());
  zip("workbook_elsewhere_stored.xlsx", WorkbookElsewhere(), /*store=*/true);
  zip("project_list.xlsx", ProjectList().ToParts());

  // The same constructs as parts inputs, for mutating the XML itself.
  parts("parts_shared_strings.txt", SharedStrings().ToParts());
  parts("parts_inline_strings.txt", InlineStrings().ToParts());
  parts("parts_dates_1900.txt", Dates1900().ToParts());
  parts("parts_dates_1904.txt", Dates1904().ToParts());
  parts("parts_merged_cells.txt", Merged().ToParts());
  parts("parts_several_sheets_hidden.txt", SeveralSheets().ToParts());
  parts("parts_formulas.txt", Formulas().ToParts());
  parts("parts_workbook_elsewhere.txt", WorkbookElsewhere());

  // Broken.
  ok = Write(dir, "broken_empty.bin", "") && ok;
  ok = Write(dir, "broken_not_a_zip.xls", std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(504, '\0')) && ok;
  const std::string whole = ZipParts(SharedStrings().ToParts(), false);
  ok = Write(dir, "broken_truncated.xlsx", whole.substr(0, whole.size() / 2)) && ok;
  zip("broken_no_workbook.xlsx", {{"[Content_Types].xml", Xml("<Types/>")}, {"docProps/app.xml", Xml("<Properties/>")}});
  zip("broken_bomb_sheet.xlsx", BombSheet());
  zip("broken_shared_string_copies.xlsx", SharedStringCopies());
  {
    HandBook dtd = OneSheet(R"(<row r="1"><c r="A1" t="inlineStr"><is><t>&lol;</t></is></c></row>)");
    dtd.sheets[0].xml = Xml("<!DOCTYPE worksheet [<!ENTITY lol \"lol\">]>") +
                        dtd.sheets[0].xml.substr(dtd.sheets[0].xml.find('\n') + 1);
    parts("broken_parts_dtd.txt", dtd.ToParts());
  }
  parts("broken_parts_rows_out_of_order.txt",
        OneSheet(R"(<row r="3"><c r="A3"><v>1</v></c></row><row r="2"><c r="B2" t="s"><v>9</v></c></row>)").ToParts());
  return ok ? 0 : 1;
}
