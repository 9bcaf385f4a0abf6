#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "io/xlsx_reader.h"

// An uploaded spreadsheet (xlsx, or csv in UTF-8 or GB18030) as one table of text cells, and the
// search for its header: which row holds it (below any title rows, one row or two with merged
// cells) and which column holds which field, by the header's words and their synonyms. Pure
// apart from decoding; the imports (api/imports.cc) build on it.

namespace gongjian::io {

enum class TableCellKind { kEmpty, kText, kNumber, kDate };

struct TableCell {
  TableCellKind kind = TableCellKind::kEmpty;
  // kText: the text as typed; kNumber: the number exactly as stored ("1234.5599999999999");
  // kDate: "2025-03-01" (a time of day is dropped).
  std::string text;
};

struct TableRow {
  int32_t line = 0;              // 1-based: the sheet's row number, or the csv record's number
  std::vector<TableCell> cells;  // by column, trailing empties trimmed
};

struct Table {
  std::vector<std::string> sheets;  // the workbook's sheet names; one "" for csv
  size_t sheet = 0;                 // which one this is
  std::vector<TableRow> rows;       // rows with at least one non-blank cell, ascending
  std::vector<XlsxMergeRange> merges;

  // The cell at 0-based (row index in `rows`, column); an empty cell when absent.
  const TableCell& At(size_t row, size_t column) const;
  // The text of (row index, column), or of the top-left cell of the merged range covering it.
  std::string_view FilledText(size_t row, size_t column) const;
};

// Limits for a table read from an upload.
struct TableLimits {
  XlsxLimits xlsx;
  int64_t max_rows = 200'000;   // data rows in the table (a csv has no other limit)
  int64_t max_columns = 200;
  uint64_t max_bytes = 20ull << 20;
};

// Reads `bytes` as a table: an xlsx (a zip: "PK\3\4" at the start) sheet `sheet`, else csv
// (RFC 4180; comma, or tab or semicolon when the first line has more of them; a UTF-8 BOM, valid
// UTF-8, or else GB18030). Errors are kInvalidArgument on field "file": the xlsx_* keys of
// xlsx_reader.h, and
//   csv_encoding        neither UTF-8 nor GB18030
//   csv_malformed       an unterminated quoted field (args: the line)
//   table_too_many_rows more rows than max_rows (args: limit)
//   table_too_many_columns more columns than max_columns (args: limit)
//   table_empty         no cell with a value
// and "sheet" / xlsx_sheet_not_found for a sheet index out of range.
core::Result<Table> ReadTable(std::string_view bytes, size_t sheet, const TableLimits& limits = {});

// A field an import can fill: its key, the header of our own template, and the other headers
// that mean it (compared after Normalise: "项目名称（全称）" matches "项目名称").
struct ImportFieldSpec {
  std::string_view key;
  std::string_view label;
  bool required = false;
  std::vector<std::string_view> synonyms;
};

// A header as compared: full-width folded, spaces, line breaks, '*' and parenthesised notes
// ("（万元）", "(必填)") removed, except a per cent sign: "形象进度（%）" reads "形象进度%".
std::string NormaliseHeader(std::string_view header);

struct TableColumn {
  int32_t index = 0;         // 0-based column
  std::string header;        // as shown: "总投资（万元）", or "计划工期/开工时间" under a two-row header
  std::string field;         // the field's key; empty when not imported
};

struct TableLayout {
  size_t header_first = 0;  // index in Table::rows of the header's first row
  size_t header_last = 0;   // … and last (header_first + 1 for a two-row header)
  bool found = false;       // a header with at least two known fields was found
  std::vector<TableColumn> columns;  // every column that has a header or data

  // The column mapped to `field`, or nullptr.
  const TableColumn* ColumnOf(std::string_view field) const;
};

// Finds the header among the first 30 rows: the row (or pair of rows, the upper one's merged
// cells spanning the lower one's) whose cells name the most fields; at least two. With
// `header_line` (1-based sheet row of the header's last row) that row is the header, with the row
// above it as the upper header row when that improves the match. Each field goes to one column:
// the best match (lower-row text, then upper+lower, then upper), leftmost first.
TableLayout DetectLayout(const Table& table, std::span<const ImportFieldSpec> fields,
                         std::optional<int32_t> header_line = std::nullopt);

// Why a data row is not imported, or "" when it is: a totals row ("合计行": a short cell reading
// 合计, 总计, 小计, 共计), a group heading ("分组标题行": "一、产业项目" and at most one other
// value) or a note ("说明行": one value alone, e.g. "填报单位（盖章）：").
std::string SkipReason(const TableRow& row);

// "A" for 0, "AB" for 27.
std::string ColumnLetter(int32_t column);

}  // namespace gongjian::io
