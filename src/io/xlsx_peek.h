#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

// Test support (linked into tests only): opens an xlsx held in memory with libzip and reads a
// sheet's cells back with expat, so tests can check what a writer produced. Not the product's
// xlsx reader (issue 8 builds that, with the limits against zip bombs): this trusts its input.

namespace gongjian::io::testing {

struct PeekCell {
  std::string value;       // the text (shared or inline strings resolved) or the <v> number text
  std::string type;        // the t attribute: "s", "inlineStr", "str", "b" or "" for numbers
  std::string num_format;  // the cell style's number format code ("General" when none)
  bool bold = false;       // the cell style's font is bold
};

struct PeekSheet {
  std::string xml;                                // the sheet's XML as stored
  std::map<std::pair<int, int>, PeekCell> cells;  // by (row, column), zero-based
  int rows = 0;                                   // 1 + the last row index holding a cell

  // The cell at (row, column), or nullptr.
  const PeekCell* At(int row, int column) const;
  // The value at (row, column), "" when there is no cell.
  std::string Value(int row, int column) const;
  // The number at (row, column) (0 when absent or not a number).
  double Number(int row, int column) const;
};

struct PeekWorkbook {
  std::vector<std::string> sheet_names;        // in workbook order
  std::map<std::string, std::string> entries;  // every zip entry's bytes by name

  // The named sheet parsed, or nullopt when there is no such sheet.
  std::optional<PeekSheet> Sheet(const std::string& name) const;
};

// Opens the zip in `bytes`; nullopt when it is not a zip.
std::optional<PeekWorkbook> PeekXlsx(const std::string& bytes);

// Reads the file at `path` whole.
std::string ReadFileBytes(const std::string& path);

}  // namespace gongjian::io::testing
