#include "io/xlsx_peek.h"

#include <expat.h>
#include <zip.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <iterator>

namespace gongjian::io::testing {
namespace {

using Attrs = std::map<std::string, std::string>;

// A streaming expat parse with three callbacks; element names as written (no namespace split).
struct Sax {
  std::function<void(const std::string&, const Attrs&)> start;
  std::function<void(const std::string&)> end;
  std::function<void(const char*, int)> text;

  bool Parse(const std::string& xml) {
    XML_Parser parser = XML_ParserCreate("UTF-8");
    XML_SetUserData(parser, this);
    XML_SetElementHandler(
        parser,
        [](void* self, const XML_Char* name, const XML_Char** atts) {
          auto* sax = static_cast<Sax*>(self);
          if (!sax->start) return;
          Attrs attrs;
          for (int i = 0; atts[i] != nullptr; i += 2) attrs[atts[i]] = atts[i + 1];
          sax->start(name, attrs);
        },
        [](void* self, const XML_Char* name) {
          auto* sax = static_cast<Sax*>(self);
          if (sax->end) sax->end(name);
        });
    XML_SetCharacterDataHandler(parser, [](void* self, const XML_Char* s, int len) {
      auto* sax = static_cast<Sax*>(self);
      if (sax->text) sax->text(s, len);
    });
    bool ok = XML_Parse(parser, xml.data(), static_cast<int>(xml.size()), XML_TRUE) == XML_STATUS_OK;
    XML_ParserFree(parser);
    return ok;
  }
};

std::string Get(const Attrs& attrs, const std::string& key) {
  auto it = attrs.find(key);
  return it == attrs.end() ? std::string() : it->second;
}

// "AB12" → (11, 27): zero-based row and column.
std::pair<int, int> ParseRef(const std::string& ref) {
  int col = 0;
  size_t i = 0;
  while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z') col = col * 26 + (ref[i++] - 'A' + 1);
  return {std::atoi(ref.c_str() + i) - 1, col - 1};
}

std::string BuiltinFormat(int id) {
  switch (id) {
    case 0:
      return "General";
    case 1:
      return "0";
    case 2:
      return "0.00";
    case 3:
      return "#,##0";
    case 4:
      return "#,##0.00";
    case 9:
      return "0%";
    case 10:
      return "0.00%";
    case 14:
      return "mm-dd-yy";
    default:
      return "builtin:" + std::to_string(id);
  }
}

struct Styles {
  std::vector<std::string> xf_format;
  std::vector<bool> xf_bold;
};

Styles ParseStyles(const std::string& xml) {
  std::map<int, std::string> custom;
  std::vector<bool> font_bold;
  Styles styles;
  bool in_fonts = false, in_cell_xfs = false;
  Sax sax;
  sax.start = [&](const std::string& name, const Attrs& a) {
    if (name == "numFmt") custom[std::atoi(Get(a, "numFmtId").c_str())] = Get(a, "formatCode");
    if (name == "fonts") in_fonts = true;
    if (in_fonts && name == "font") font_bold.push_back(false);
    if (in_fonts && name == "b" && !font_bold.empty()) font_bold.back() = true;
    if (name == "cellXfs") in_cell_xfs = true;
    if (in_cell_xfs && name == "xf") {
      int id = std::atoi(Get(a, "numFmtId").c_str());
      styles.xf_format.push_back(custom.count(id) ? custom[id] : BuiltinFormat(id));
      size_t font = static_cast<size_t>(std::atoi(Get(a, "fontId").c_str()));
      styles.xf_bold.push_back(font < font_bold.size() && font_bold[font]);
    }
  };
  sax.end = [&](const std::string& name) {
    if (name == "fonts") in_fonts = false;
    if (name == "cellXfs") in_cell_xfs = false;
  };
  sax.Parse(xml);
  return styles;
}

std::vector<std::string> ParseSharedStrings(const std::string& xml) {
  std::vector<std::string> strings;
  bool in_t = false;
  Sax sax;
  sax.start = [&](const std::string& name, const Attrs&) {
    if (name == "si") strings.emplace_back();
    if (name == "t") in_t = true;
  };
  sax.end = [&](const std::string& name) {
    if (name == "t") in_t = false;
  };
  sax.text = [&](const char* s, int len) {
    if (in_t && !strings.empty()) strings.back().append(s, len);
  };
  sax.Parse(xml);
  return strings;
}

}  // namespace

const PeekCell* PeekSheet::At(int row, int column) const {
  auto it = cells.find({row, column});
  return it == cells.end() ? nullptr : &it->second;
}

std::string PeekSheet::Value(int row, int column) const {
  const PeekCell* cell = At(row, column);
  return cell == nullptr ? std::string() : cell->value;
}

double PeekSheet::Number(int row, int column) const {
  const PeekCell* cell = At(row, column);
  return cell == nullptr || !cell->type.empty() ? 0 : std::strtod(cell->value.c_str(), nullptr);
}

std::optional<PeekSheet> PeekWorkbook::Sheet(const std::string& name) const {
  auto entry = [&](const std::string& n) {
    auto it = entries.find(n);
    return it == entries.end() ? std::string() : it->second;
  };
  // workbook.xml names the sheets and their relationship ids; the rels give the part names.
  std::string rid;
  Sax workbook;
  workbook.start = [&](const std::string& element, const Attrs& a) {
    if (element == "sheet" && Get(a, "name") == name) rid = Get(a, "r:id");
  };
  workbook.Parse(entry("xl/workbook.xml"));
  if (rid.empty()) return std::nullopt;
  std::string target;
  Sax rels;
  rels.start = [&](const std::string& element, const Attrs& a) {
    if (element == "Relationship" && Get(a, "Id") == rid) target = Get(a, "Target");
  };
  rels.Parse(entry("xl/_rels/workbook.xml.rels"));
  if (target.empty()) return std::nullopt;

  PeekSheet sheet;
  sheet.xml = entry("xl/" + target);
  const std::vector<std::string> shared = ParseSharedStrings(entry("xl/sharedStrings.xml"));
  const Styles styles = ParseStyles(entry("xl/styles.xml"));

  PeekCell* current = nullptr;
  bool in_value = false;
  Sax sax;
  sax.start = [&](const std::string& element, const Attrs& a) {
    if (element == "c") {
      auto [row, col] = ParseRef(Get(a, "r"));
      current = &sheet.cells[{row, col}];
      current->type = Get(a, "t");
      size_t style = static_cast<size_t>(std::atoi(Get(a, "s").c_str()));
      current->num_format = style < styles.xf_format.size() ? styles.xf_format[style] : "General";
      current->bold = style < styles.xf_bold.size() && styles.xf_bold[style];
      sheet.rows = std::max(sheet.rows, row + 1);
    } else if (current != nullptr && (element == "v" || element == "t")) {
      in_value = true;
    }
  };
  sax.end = [&](const std::string& element) {
    if (element == "v" || element == "t") in_value = false;
    if (element == "c" && current != nullptr) {
      if (current->type == "s") {
        size_t index = static_cast<size_t>(std::atoi(current->value.c_str()));
        current->value = index < shared.size() ? shared[index] : "";
      }
      current = nullptr;
    }
  };
  sax.text = [&](const char* s, int len) {
    if (in_value && current != nullptr) current->value.append(s, len);
  };
  if (!sax.Parse(sheet.xml)) return std::nullopt;
  return sheet;
}

std::optional<PeekWorkbook> PeekXlsx(const std::string& bytes) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) return std::nullopt;
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (archive == nullptr) {
    zip_source_free(source);
    return std::nullopt;
  }
  PeekWorkbook book;
  const zip_int64_t n = zip_get_num_entries(archive, 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    const char* name = zip_get_name(archive, static_cast<zip_uint64_t>(i), 0);
    zip_file_t* file = zip_fopen_index(archive, static_cast<zip_uint64_t>(i), 0);
    if (name == nullptr || file == nullptr) continue;
    std::string content;
    char buffer[65536];
    zip_int64_t got;
    while ((got = zip_fread(file, buffer, sizeof buffer)) > 0) content.append(buffer, static_cast<size_t>(got));
    zip_fclose(file);
    book.entries[name] = std::move(content);
  }
  zip_close(archive);  // also frees the source
  Sax workbook;
  workbook.start = [&](const std::string& element, const Attrs& a) {
    if (element == "sheet") book.sheet_names.push_back(Get(a, "name"));
  };
  workbook.Parse(book.entries["xl/workbook.xml"]);
  return book;
}

std::string ReadFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace gongjian::io::testing
