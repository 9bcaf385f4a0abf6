#include "io/xlsx_hand.h"

#include <zip.h>

#include <cstdio>
#include <utility>

namespace gongjian::io {
namespace {

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string Ref(size_t row, size_t column) {
  std::string letters;
  for (size_t n = column + 1; n > 0; n = (n - 1) / 26) letters.insert(letters.begin(), static_cast<char>('A' + (n - 1) % 26));
  return letters + std::to_string(row + 1);
}

std::string SheetXml(const HandSheetSpec& s) {
  std::string x =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>";
  for (size_t r = 0; r < s.rows.size(); ++r) {
    x += "<row r=\"" + std::to_string(r + static_cast<size_t>(s.first_row)) + "\">";
    for (size_t c = 0; c < s.rows[r].size(); ++c) {
      const std::string& v = s.rows[r][c];
      if (v.empty()) continue;
      const std::string ref = Ref(r + static_cast<size_t>(s.first_row) - 1, c);
      if (v.starts_with("n:")) {
        x += "<c r=\"" + ref + "\"><v>" + v.substr(2) + "</v></c>";
      } else if (v.starts_with("d:")) {
        x += "<c r=\"" + ref + "\" s=\"1\"><v>" + v.substr(2) + "</v></c>";
      } else {
        x += "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t xml:space=\"preserve\">" + Escape(v) + "</t></is></c>";
      }
    }
    x += "</row>";
  }
  x += "</sheetData>";
  if (!s.merges.empty()) {
    x += "<mergeCells count=\"" + std::to_string(s.merges.size()) + "\">";
    for (const auto& m : s.merges) x += "<mergeCell ref=\"" + m + "\"/>";
    x += "</mergeCells>";
  }
  return x + "</worksheet>";
}

}  // namespace

std::string HandXlsx(const std::vector<HandSheetSpec>& sheets) {
  std::vector<std::pair<std::string, std::string>> parts;
  parts.emplace_back("[Content_Types].xml",
                     "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                     "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>");
  parts.emplace_back("_rels/.rels",
                     "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                     "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                     "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
  std::string workbook =
      "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
      "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>";
  std::string rels =
      "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
      "Target=\"styles.xml\"/>";
  for (size_t i = 0; i < sheets.size(); ++i) {
    const std::string n = std::to_string(i + 1), rid = "rId" + std::to_string(i + 10);
    workbook += "<sheet name=\"" + Escape(sheets[i].name) + "\" sheetId=\"" + n + "\" r:id=\"" + rid + "\"/>";
    rels += "<Relationship Id=\"" + rid +
            "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
            "Target=\"worksheets/sheet" + n + ".xml\"/>";
    parts.emplace_back("xl/worksheets/sheet" + n + ".xml", SheetXml(sheets[i]));
  }
  parts.emplace_back("xl/workbook.xml", workbook + "</sheets></workbook>");
  parts.emplace_back("xl/_rels/workbook.xml.rels", rels + "</Relationships>");
  parts.emplace_back("xl/styles.xml",
                     "<?xml version=\"1.0\"?><styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                     "<cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\" applyNumberFormat=\"1\"/></cellXfs>"
                     "</styleSheet>");
  return HandZip(parts);
}

std::string HandZip(const std::vector<std::pair<std::string, std::string>>& parts) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* out = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_source_keep(out);
  zip_t* archive = zip_open_from_source(out, ZIP_TRUNCATE, &error);
  for (const auto& [name, bytes] : parts) {
    zip_source_t* s = zip_source_buffer(archive, bytes.data(), bytes.size(), 0);
    zip_file_add(archive, name.c_str(), s, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
  }
  std::string result;
  if (zip_close(archive) == 0 && zip_source_open(out) == 0) {
    zip_source_seek(out, 0, SEEK_END);
    result.resize(static_cast<size_t>(zip_source_tell(out)));
    zip_source_seek(out, 0, SEEK_SET);
    zip_source_read(out, result.data(), result.size());
    zip_source_close(out);
  }
  zip_source_free(out);
  zip_error_fini(&error);
  return result;
}

}  // namespace gongjian::io
