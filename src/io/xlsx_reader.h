#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

// Reading xlsx workbooks uploaded by users (the import of project lists and monthly reports):
// libzip for the package, expat for the XML, streamed (no DOM), with hard limits so that a zip
// bomb or a malformed file gets a clear error instead of exhausting memory or crashing. The
// libzip and expat headers stay in xlsx_reader.cc.
//
// Every failure is a core::Status kInvalidArgument on field "file" with one of these keys (the
// messages are in api/errors.cc):
//   xlsx_too_large               the input is over max_compressed_bytes (args: limit in MB)
//   xlsx_not_zip                 not a zip: an old .xls, an encrypted workbook, a truncated or
//                                damaged file, or any other format
//   xlsx_too_many_entries        more zip entries than max_entries (args: limit)
//   xlsx_uncompressed_too_large  the entries' declared sizes add up to more than
//                                max_total_uncompressed_bytes, or so do the shared strings a
//                                sheet read copies into its cells (args: limit in MB)
//   xlsx_entry_too_large         one entry declares, or inflates to, more than max_entry_bytes,
//                                or inflates past the size it declares (args: limit in MB)
//   xlsx_malformed               bad XML, a missing or unknown part, a cell value that does not
//                                fit its type, rows or cells out of order (args: the part name;
//                                the detail says what and where)
//   xlsx_too_many_strings        more shared strings than max_shared_strings (args: limit)
//   xlsx_too_many_rows           a row number above max_rows (args: sheet, limit)
//   xlsx_too_many_columns        a column number above max_columns (args: sheet, limit)
//   xlsx_text_too_long           a text longer than max_text_chars characters (args: where, as
//                                "Sheet1!B7" or the shared-strings part name; limit)
//   xlsx_sheet_not_found         no sheet of that name or index (args: the name or index)

namespace gongjian::io {

// Hard limits for reading one workbook. The defaults suit an upload of a district's or a
// province's project list; tests lower them.
struct XlsxLimits {
  uint64_t max_compressed_bytes = 50ull << 20;          // the xlsx file itself
  uint64_t max_total_uncompressed_bytes = 200ull << 20;  // all entries together, as declared
  uint64_t max_entry_bytes = 100ull << 20;               // any one entry, declared and inflated
  int64_t max_entries = 1'000;                           // zip entries
  int64_t max_rows = 1'000'000;  // highest row number in a sheet (at most Excel's 1,048,576)
  int64_t max_columns = 16'384;  // highest column number (at most Excel's 16,384, XFD)
  int64_t max_shared_strings = 2'000'000;
  int64_t max_text_chars = 32'767;  // Unicode characters in one cell's text (Excel's limit; ≤ 2^30)
};

// What a cell holds.
enum class XlsxCellKind {
  kEmpty,   // no value: a formula without a cached value; also what XlsxSheetContent::At gives
            // for a cell that is not in the sheet
  kText,    // a shared or inline string, or a formula's string result (t="str")
  kNumber,  // a number (or a formula's number result) not formatted as a date
  kBool,    // TRUE / FALSE
  kError,   // an error value such as "#DIV/0!" or "#N/A"
  kDate,    // a number formatted as a date or time (or an ISO date cell, t="d")
};

// A calendar date and time of day, as Excel shows it (no time zone).
struct XlsxDateTime {
  int year = 0, month = 0, day = 0;                    // month 1–12, day 1–31
  int hour = 0, minute = 0, second = 0, millisecond = 0;

  bool HasTime() const { return hour != 0 || minute != 0 || second != 0 || millisecond != 0; }
  // "2025-03-01", or "2025-03-01 08:30:00" when there is a time (milliseconds dropped).
  std::string ToString() const;
  bool operator==(const XlsxDateTime&) const = default;
};

// The calendar date of an Excel serial number. In the 1900 system serial 1 is 1900-01-01 and
// serial 60 is Excel's fictitious 1900-02-29 (kept, so 61 is 1900-03-01 as Excel shows it);
// serial 0 (and a time alone, 0 ≤ serial < 1) gives 1899-12-31, Excel's "1900-01-00". In the 1904
// system serial 0 is 1904-01-01. The time of day is the fraction rounded to the millisecond.
// nullopt for a negative, non-finite or too large serial (after 9999-12-31 23:59:59.999).
std::optional<XlsxDateTime> XlsxSerialToDate(double serial, bool date1904);

// Whether a number format shows a date or time: the built-in ids 14–22, 27–36, 45–47 and 50–58,
// or a format code (a custom id) with y, m, d, h or s outside quoted text, [brackets] and escaped
// characters, "General" excepted. `format_code` is ignored for the built-in date ids.
bool XlsxIsDateFormat(int num_fmt_id, std::string_view format_code);

// One cell read from a sheet.
struct XlsxReadCell {
  int32_t row = 0;     // zero-based (row 1 is 0)
  int32_t column = 0;  // zero-based (column A is 0)
  XlsxCellKind kind = XlsxCellKind::kEmpty;
  bool formula = false;  // the cell has a formula; the value is its cached result
  // kText: the text (rich-text runs joined, phonetic runs left out, spaces kept as stored).
  // kNumber and kDate: the number exactly as stored in the sheet ("1234.5678", "1.5E-3"), so
  // amounts can be converted to 分 without going through a double. kBool: "TRUE" or "FALSE".
  // kError: the error, e.g. "#DIV/0!". kEmpty: "".
  std::string text;
  // kNumber and kDate: the stored number (the date's serial); kBool: 1 or 0; else 0.
  double number = 0;
  // kDate only: the date and time the serial stands for in the workbook's date system.
  XlsxDateTime date;

  // "B7" for row 6, column 1.
  std::string Ref() const;
};

// The cells of one row that holds at least one cell with a value (or formula).
struct XlsxReadRow {
  int32_t index = 0;                // zero-based row number
  std::vector<XlsxReadCell> cells;  // ascending columns, no duplicates, no empty styled cells
};

// A merged range, zero-based and inclusive: A1:C2 is rows 0–1, columns 0–2.
struct XlsxMergeRange {
  int32_t first_row = 0, first_column = 0, last_row = 0, last_column = 0;
  bool operator==(const XlsxMergeRange&) const = default;
};

// One sheet read whole.
struct XlsxSheetContent {
  std::string name;
  std::vector<XlsxReadRow> rows;        // rows with at least one cell, ascending, gaps skipped
  std::vector<XlsxMergeRange> merges;  // as listed in the sheet

  // The cell at (row, column), zero-based, or nullptr when the sheet has none there (binary
  // search; an empty cell of a merged range is absent: look its range up in `merges`).
  const XlsxReadCell* At(int32_t row, int32_t column) const;
  // The merged range covering (row, column), or nullptr.
  const XlsxMergeRange* MergeAt(int32_t row, int32_t column) const;
};

struct XlsxSheetInfo {
  std::string name;
  bool hidden = false;  // state="hidden" or "veryHidden"
};

// An xlsx workbook opened from bytes in memory. Open reads the package structure, the workbook,
// its styles and shared strings; sheets are read on demand, streaming. Not thread-safe (one
// thread at a time); separate workbooks are independent.
class XlsxWorkbook {
 public:
  // Opens the workbook in `bytes`, which are copied (once the size is checked), so the caller
  // may free them at once. Checks, in this order: the input size, that it is a zip, the
  // entry count (before libzip reads the central directory, and after), every entry's declared
  // size and their sum; then reads _rels/.rels, the workbook part (normally xl/workbook.xml) and
  // its relationships to find each sheet's part whatever its name, the styles (for dates) and
  // the shared strings, every part streamed and checked while it inflates. Fails with one of the
  // keys listed at the top of this file; never allocates from a size the file declares before
  // checking it against `limits`.
  static core::Result<std::unique_ptr<XlsxWorkbook>> Open(std::string_view bytes, const XlsxLimits& limits = {});

  ~XlsxWorkbook();
  XlsxWorkbook(const XlsxWorkbook&) = delete;
  XlsxWorkbook& operator=(const XlsxWorkbook&) = delete;

  // The sheets in workbook (tab) order; at least one.
  const std::vector<XlsxSheetInfo>& sheets() const { return sheets_; }
  std::vector<std::string> sheet_names() const;
  // The workbook uses the 1904 date system (workbookPr date1904="1" or "true").
  bool date1904() const { return date1904_; }

  // Reads the sheet at `index` (in sheets() order) whole: rows of cells and merged ranges.
  // Memory is proportional to the cells with values. Fails with xlsx_sheet_not_found for an
  // index out of range, else as StreamSheet. (A literal 0 is ambiguous between the two
  // overloads: write size_t{0}.)
  core::Result<XlsxSheetContent> ReadSheet(size_t index) const;
  // The first sheet whose name is exactly `name`; xlsx_sheet_not_found when there is none.
  core::Result<XlsxSheetContent> ReadSheet(std::string_view name) const;

  // Reads the sheet at `index`, calling `on_row` for each row with at least one cell, in
  // ascending order, as the XML streams by (only one row is held at a time). A failed status from
  // `on_row` stops the read and is returned as is. Returns the merged ranges (listed after the
  // cells in the sheet XML, so they come at the end). Fails with xlsx_sheet_not_found,
  // xlsx_entry_too_large, xlsx_uncompressed_too_large, xlsx_malformed, xlsx_too_many_rows,
  // xlsx_too_many_columns or xlsx_text_too_long; rows already passed to `on_row` stay passed.
  core::Result<std::vector<XlsxMergeRange>> StreamSheet(size_t index,
                                                        const std::function<core::Status(XlsxReadRow&&)>& on_row) const;

 private:
  struct Zip;
  XlsxWorkbook() = default;

  std::string bytes_;         // the zip, owned (libzip reads it in place)
  std::unique_ptr<Zip> zip_;  // after bytes_: destroyed first
  XlsxLimits limits_;
  std::vector<XlsxSheetInfo> sheets_;
  std::vector<std::string> sheet_parts_;  // each sheet's zip entry name
  std::vector<std::string> shared_strings_;
  std::vector<bool> xf_is_date_;  // by cell style index (cellXfs)
  bool date1904_ = false;
};

}  // namespace gongjian::io
