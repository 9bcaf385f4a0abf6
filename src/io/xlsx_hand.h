#pragma once

#include <string>
#include <utility>
#include <vector>

// Test support: small xlsx workbooks written by hand (libzip, no libxlsxwriter), so tests can
// build exactly the layouts users' spreadsheets have (title rows, merged two-row headers, number
// and date cells) and feed them to the imports.

namespace gongjian::io {

struct HandSheetSpec {
  std::string name = "Sheet1";
  // Rows from row 1. A cell "n:1234.5" is a number, "d:45717" a date-formatted serial
  // (yyyy-mm-dd), "" nothing; any other text is an inline string.
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> merges;  // "A1:F1"
  int first_row = 1;                // the sheet row number of rows[0]
};

// The workbook's bytes.
std::string HandXlsx(const std::vector<HandSheetSpec>& sheets);

// A zip of `parts` (name, bytes), deflated: for packages that are not workbooks, or are broken.
std::string HandZip(const std::vector<std::pair<std::string, std::string>>& parts);

}  // namespace gongjian::io
