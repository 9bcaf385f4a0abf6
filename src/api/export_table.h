#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

// POST /api/export/table: any list of the UI turned into a workbook, exactly as the user sees it.
// The UI fetches every page of the list with its current filters and sends
//   {"title": "督查走访记录", "file_name": "督查走访",            (file_name optional: the title)
//    "columns": [{"header": "日期", "kind": "date", "width": 12}, …],   (width optional, 1–100)
//    "rows": [["2026-03-01", …], …]}
// Kinds and the cells they take (null is an empty cell in every kind):
//   text     a string (at most 32,767 characters)
//   integer  an integer (|n| < 2^53)
//   money    an integer amount in 分 (|n| < 2^53), shown in 万元 (io::XlsxCell::Money)
//   rate     an integer in basis points (1 = 0.01%), shown as a percentage
//   date     "YYYY-MM-DD" ("" is empty)

namespace gongjian::api {

inline constexpr size_t kMaxTableBody = size_t{20} << 20;  // bytes
inline constexpr int64_t kMaxTableRows = 50'000;
inline constexpr int64_t kMaxTableColumns = 100;
inline constexpr int64_t kMaxTableTitle = 100;  // characters, also file_name and each header

struct TableExport {
  std::string bytes;      // the workbook
  std::string file_name;  // the name asked for (or the title), without date or extension
  int64_t rows = 0;
};

// Checks the request body above and writes its workbook: one sheet named after the title, the title
// row, the headers (frozen, with an autofilter), the rows in order. Every cell is checked against its
// column's kind. kInvalidArgument naming the field: "body" (not a JSON object, malformed),
// "title"/"file_name" (required/too long/control characters), "columns" (none, more than 100),
// "columns[1].kind", "columns[1].header", "rows" (more than 50,000), "rows[3]" (not a list, or
// not one value per column: "table_row_length") and "rows[3][2]" for a cell of the wrong kind
// ("table_cell_text", "table_cell_integer", "table_cell_money", "table_cell_rate", "table_cell_date",
// with the 1-based row, column and header as arguments). The body is read twice with a SAX parser
// (first the title and columns, then the rows), so memory does not grow with the rows beyond the
// body itself and the workbook.
core::Result<TableExport> BuildTableExport(std::string_view body);

}  // namespace gongjian::api
