#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

// Writing xlsx workbooks for every export of the product (lists, the standard report tables, the
// monthly briefing). Our own writer: the sheet XML is formatted straight into a buffer and
// deflated (zlib, level 1, on a thread of its own once a sheet passes 256 KB) into a temporary
// file as the rows come, so memory stays flat whatever the number of rows; Close assembles the
// zip. It replaced libxlsxwriter, whose per-cell
// allocations and fixed deflate level made a 50,000-project export take 2.5 s (see
// docs/performance.md). zlib's headers stay in xlsx_writer.cc.

namespace gongjian::io {

// How a cell is stored and shown. Every data cell gets a thin border, so a printed sheet is ruled.
enum class XlsxKind {
  kBlank,    // empty, bordered
  kText,     // a string, shown as is (control characters other than tab and newline as _xHHHH_)
  kInteger,  // a count: "#,##0"
  kMoney,    // an amount given in 分, stored and shown in 万元: "#,##0.00" (see XlsxCell::Money)
  kRate,     // a rate given in basis points, stored as a fraction and shown as a percentage: "0.00%"
  kPoints,   // a difference of rates given in basis points, shown in 百分点 with a sign: "+0.00"
  kNumber,   // any other number, "General"
  kDate,     // a calendar date, stored as an Excel date and shown "yyyy-mm-dd"
};

// One cell of a row. Build cells with the factories; the fields are public so that a caller can
// fill a reusable row buffer without allocating.
struct XlsxCell {
  XlsxKind kind = XlsxKind::kBlank;
  std::string text;                  // kText
  int64_t integer = 0;               // kInteger; kMoney (分); kRate and kPoints (basis points)
  double number = 0;                 // kNumber
  int year = 0, month = 0, day = 0;  // kDate

  static XlsxCell Blank() { return {}; }
  static XlsxCell Text(std::string text);
  static XlsxCell Integer(int64_t value);
  // The cell holds 分 / 1,000,000, i.e. 万元, as the double nearest to that decimal, with two
  // decimals shown (0.01万元 = 100元). The stored value is exact to the 分 in the sense that
  // llround(value × 1,000,000) gives `fen` back for every |fen| < 2^53 (far above kMaxMoney), and
  // the sheet XML carries it with 16 significant digits; sums Excel makes of such cells may
  // differ from the exact sum by far less than 0.01万元. Callers that need exact totals write
  // the total as its own Money cell computed in 分 (as the briefing does).
  static XlsxCell Money(int64_t fen);
  // Basis points (1 = 0.01%) as the fraction bp / 10,000 shown "78.50%"; blank when there is no
  // rate (a zero denominator).
  static XlsxCell Rate(std::optional<int64_t> basis_points);
  // Basis points as percentage points bp / 100 shown "+1.20" / "-3.00" / "0.00"; blank when none.
  static XlsxCell Points(std::optional<int64_t> basis_points);
  static XlsxCell Number(double value);
  // A date 1900-01-01..9999-12-31; an impossible date makes AddRow fail.
  static XlsxCell Date(int year, int month, int day);
};

// A row of figures (kData) or a totals row (kTotal: bold, outside the autofilter range).
enum class XlsxRowStyle { kData, kTotal };

struct XlsxColumn {
  std::string header;  // shown bold, centred and wrapped in the header row
  // Width in Excel's character units (a CJK character takes about 2); 0 sizes the column to its
  // header (at least 8).
  double width = 0;
};

struct XlsxSheetSpec {
  // 1–31 characters, none of []:*?/\ and not starting or ending with an apostrophe; unique
  // within the workbook.
  std::string name;
  // When not empty: a bold title row above the header, merged across all the columns.
  std::string title;
  std::vector<XlsxColumn> columns;  // at least one, at most 16,384
  // An autofilter on the header row over the data rows written before the first totals row.
  bool autofilter = true;
};

// Every workbook is written the same way: strings inline (no shared-strings table), each sheet's
// XML deflated into an unlinked temporary file as its rows come (flat memory, measured in
// xlsx_writer_test), the zip assembled at close without ZIP64 records.
struct XlsxOptions {
  // Directory for the sheets' temporary files; empty means $TMPDIR, else /tmp.
  std::string tmpdir;
  // The workbook's document title (docProps/core.xml); optional.
  std::string title;
  // The most bytes of XML a sheet may hold: AddRow fails beyond it. A zip without ZIP64 records
  // holds entries and offsets under 4 GiB; lower it to cap an export.
  uint64_t max_sheet_bytes = 0xFFFF'FFFEull;
};

class XlsxWriter;

// One worksheet of an XlsxWriter, owned by it and valid until the writer is closed or destroyed.
// Rows are appended in order below the title and header rows; the panes are frozen below the
// header, so the header stays in view while scrolling.
class XlsxSheet {
 public:
  ~XlsxSheet();
  XlsxSheet(const XlsxSheet&) = delete;
  XlsxSheet& operator=(const XlsxSheet&) = delete;

  // Appends one row. `cells` may be shorter than the columns (the rest are bordered blanks) but
  // not longer. Fails with kInternal, writing nothing of the row, when a text is not valid UTF-8
  // or longer than Excel's 32,767 characters, a date is impossible, the row has too many cells,
  // the sheet already has Excel's 1,048,576 rows or the row would pass max_sheet_bytes; the
  // workbook stays usable. kUnavailable when the temporary file cannot be written (disk full).
  core::Status AddRow(std::span<const XlsxCell> cells, XlsxRowStyle style = XlsxRowStyle::kData);

  // Rows appended so far (data and totals), without the title and header rows.
  int64_t rows() const { return rows_; }
  // Zero-based index of the header row in the sheet (0 without a title, else 1).
  int header_row() const { return header_row_; }

 private:
  friend class XlsxWriter;
  struct Stream;  // the sheet's XML buffer, deflater and temporary file
  XlsxSheet(XlsxWriter* writer, std::unique_ptr<Stream> stream, int columns, int header_row, bool autofilter);
  core::Status Finish();  // ends the sheet's XML (autofilter, merges) and its deflate stream

  XlsxWriter* writer_;
  std::unique_ptr<Stream> stream_;
  int columns_;
  int header_row_;
  bool autofilter_;
  int64_t rows_ = 0;
  int64_t data_rows_before_total_ = -1;  // data rows before the first totals row; -1 while none
};

// An xlsx workbook being written. Not thread-safe: one thread writes one workbook (separate
// workbooks are independent). Either Close or CloseToBytes ends it, once; destroying an unclosed
// writer discards the workbook and its temporary files.
class XlsxWriter {
 public:
  // A workbook that Close() writes to `path` (created or replaced at Close).
  static core::Result<std::unique_ptr<XlsxWriter>> ToFile(const std::string& path, const XlsxOptions& options = {});
  // A workbook that CloseToBytes() returns as bytes, assembled in memory (the sheets still wait
  // in temporary files in `options.tmpdir`, which must be a writable directory). The bytes are
  // held in memory whole: for exports of unbounded size write to a file and stream it instead.
  static core::Result<std::unique_ptr<XlsxWriter>> InMemory(const XlsxOptions& options = {});

  ~XlsxWriter();
  XlsxWriter(const XlsxWriter&) = delete;
  XlsxWriter& operator=(const XlsxWriter&) = delete;

  // Adds a worksheet after the existing ones and writes its title and header rows; sets the
  // column widths, the frozen panes and (at close) the autofilter. Fails with kInternal on an
  // invalid or duplicate name, no or too many columns, or text that is not valid UTF-8. The
  // returned sheet is owned by the writer.
  core::Result<XlsxSheet*> AddSheet(const XlsxSheetSpec& spec);

  // Writes the workbook to the path given to ToFile (a failed write removes what it wrote).
  // kInternal when the file cannot be written (e.g. the directory does not exist), the sheets
  // together pass 4 GiB, or for a writer made by InMemory; kUnavailable on a full disk.
  core::Status Close();
  // Returns the workbook's bytes (a writer made by InMemory only).
  core::Result<std::string> CloseToBytes();

 private:
  class Sink;
  XlsxWriter() = default;
  static core::Result<std::unique_ptr<XlsxWriter>> Open(const std::string& path, const XlsxOptions& options,
                                                        bool in_memory);
  core::Status Write(Sink& sink);

  std::vector<std::unique_ptr<XlsxSheet>> sheets_;
  std::vector<std::string> sheet_names_;
  std::string path_;
  std::string tmpdir_;
  std::string title_;
  uint64_t max_sheet_bytes_ = 0;
  bool in_memory_ = false;
  bool closed_ = false;

  friend class XlsxSheet;
};

// The display width of `text` in Excel's character units: 2 for a wide (CJK, full-width)
// character, 1 otherwise. For sizing columns to their contents.
double XlsxTextWidth(std::string_view text);

}  // namespace gongjian::io
