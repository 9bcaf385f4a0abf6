#include "io/xlsx_writer.h"

#include <fmt/format.h>
#include <stdlib.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>

#include "core/utf8.h"

namespace gongjian::io {
namespace {

constexpr int64_t kMaxRows = 1'048'576;  // Excel's rows per sheet
constexpr int kMaxColumns = 16'384;
constexpr size_t kMaxChars = 32'767;  // characters in a cell

core::Status Error(std::string what) { return core::Status::Internal("xlsx: " + std::move(what)); }
core::Status LxwError(lxw_error e, const std::string& where) {
  return Error(fmt::format("{}: {}", where, lxw_strerror(e)));
}

lxw_worksheet* Ws(void* p) { return static_cast<lxw_worksheet*>(p); }
lxw_workbook* Wb(void* p) { return static_cast<lxw_workbook*>(p); }

size_t CodePoints(std::string_view s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// Checks a text before it goes to libxlsxwriter, which takes C strings and trusts its input.
core::Status CheckText(std::string_view text, const std::string& where) {
  if (!core::IsValidUtf8(text) || text.find('\0') != std::string_view::npos) {
    return Error(where + ": text is not valid UTF-8");
  }
  if (CodePoints(text) > kMaxChars) return Error(where + ": text longer than 32767 characters");
  return core::Status::Ok();
}

bool ValidDate(int y, int m, int d) {
  if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

// Unicode East Asian Wide and Fullwidth ranges that occur in Chinese text.
bool IsWide(char32_t c) {
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0x33FF) ||
         (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
         (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
         (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
}

// options.tmpdir, else $TMPDIR, else /tmp (libxlsxwriter's own default, tmpfile(), ignores
// $TMPDIR).
std::string TemporaryDirectory(const XlsxOptions& options) {
  if (!options.tmpdir.empty()) return options.tmpdir;
  const char* env = getenv("TMPDIR");
  return env != nullptr && *env != '\0' ? env : "/tmp";
}

}  // namespace

XlsxCell XlsxCell::Text(std::string text) {
  XlsxCell c;
  c.kind = XlsxKind::kText;
  c.text = std::move(text);
  return c;
}
XlsxCell XlsxCell::Integer(int64_t value) {
  XlsxCell c;
  c.kind = XlsxKind::kInteger;
  c.integer = value;
  return c;
}
XlsxCell XlsxCell::Money(int64_t fen) {
  XlsxCell c;
  c.kind = XlsxKind::kMoney;
  c.integer = fen;
  return c;
}
XlsxCell XlsxCell::Rate(std::optional<int64_t> basis_points) {
  if (!basis_points) return Blank();
  XlsxCell c;
  c.kind = XlsxKind::kRate;
  c.integer = *basis_points;
  return c;
}
XlsxCell XlsxCell::Points(std::optional<int64_t> basis_points) {
  if (!basis_points) return Blank();
  XlsxCell c;
  c.kind = XlsxKind::kPoints;
  c.integer = *basis_points;
  return c;
}
XlsxCell XlsxCell::Number(double value) {
  XlsxCell c;
  c.kind = XlsxKind::kNumber;
  c.number = value;
  return c;
}
XlsxCell XlsxCell::Date(int year, int month, int day) {
  XlsxCell c;
  c.kind = XlsxKind::kDate;
  c.year = year;
  c.month = month;
  c.day = day;
  return c;
}

double XlsxTextWidth(std::string_view text) {
  double width = 0;
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char b = static_cast<unsigned char>(text[i]);
    const int len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    char32_t c = len == 1 ? b : (b & (0x7F >> len));
    for (int k = 1; k < len && i + k < text.size(); ++k)
      c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    width += IsWide(c) ? 2 : 1;
    i += len;
  }
  return width;
}

// The workbook's formats, made once: one per cell kind for data rows and for totals rows, the
// header and the title. libxlsxwriter owns them.
struct XlsxWriter::Formats {
  lxw_format* data[8] = {};
  lxw_format* total[8] = {};
  lxw_format* header = nullptr;
  lxw_format* title = nullptr;

  lxw_format* For(XlsxKind kind, XlsxRowStyle style) const {
    return (style == XlsxRowStyle::kTotal ? total : data)[static_cast<int>(kind)];
  }
};

core::Result<std::unique_ptr<XlsxWriter>> XlsxWriter::ToFile(const std::string& path, const XlsxOptions& options) {
  return Open(path, options, /*in_memory=*/false);
}

core::Result<std::unique_ptr<XlsxWriter>> XlsxWriter::InMemory(const XlsxOptions& options) {
  const std::string dir = TemporaryDirectory(options);
  std::string name = dir + "/gj-xlsx-XXXXXX.xlsx";
  int fd = mkstemps(name.data(), 5);
  if (fd < 0) return core::Fail(Error(fmt::format("temporary file in {}: {}", dir, std::strerror(errno))));
  close(fd);
  auto writer = Open(name, options, /*in_memory=*/true);
  if (!writer) unlink(name.c_str());
  return writer;
}

core::Result<std::unique_ptr<XlsxWriter>> XlsxWriter::Open(const std::string& path, const XlsxOptions& options,
                                                           bool in_memory) {
  GJ_FAIL_IF_ERROR(CheckText(options.title, "workbook title"));
  std::unique_ptr<XlsxWriter> w(new XlsxWriter());
  w->path_ = path;
  w->tmpdir_ = TemporaryDirectory(options);
  w->title_ = options.title;
  w->in_memory_ = in_memory;
  lxw_workbook_options lxw_options{};
  lxw_options.constant_memory = options.constant_memory ? LXW_TRUE : LXW_FALSE;
  // The C struct's field is a non-const char* that libxlsxwriter only reads.
  lxw_options.tmpdir = const_cast<char*>(w->tmpdir_.c_str());
  // Big exports may pass 4 GB of sheet XML, which needs ZIP64; small workbooks go without it,
  // as some older readers stumble over ZIP64 records.
  lxw_options.use_zip64 = options.constant_memory ? LXW_TRUE : LXW_FALSE;
  w->workbook_ = workbook_new_opt(w->path_.c_str(), &lxw_options);
  if (w->workbook_ == nullptr) return core::Fail(Error("cannot create the workbook (out of memory or tmpdir)"));

  lxw_workbook* wb = Wb(w->workbook_);
  auto formats = std::make_unique<Formats>();
  static constexpr const char* kNumFormats[8] = {nullptr, nullptr,     "#,##0", "#,##0.00", "0.00%", "+0.00;-0.00;0.00",
                                                 nullptr, "yyyy-mm-dd"};
  for (int style = 0; style < 2; ++style) {
    for (int kind = 0; kind < 8; ++kind) {
      lxw_format* f = workbook_add_format(wb);
      if (f == nullptr) return core::Fail(Error("out of memory"));
      format_set_border(f, LXW_BORDER_THIN);
      format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
      if (kNumFormats[kind] != nullptr) format_set_num_format(f, kNumFormats[kind]);
      if (static_cast<XlsxKind>(kind) == XlsxKind::kDate) format_set_align(f, LXW_ALIGN_CENTER);
      if (style == 1) format_set_bold(f);
      (style == 1 ? formats->total : formats->data)[kind] = f;
    }
  }
  formats->header = workbook_add_format(wb);
  formats->title = workbook_add_format(wb);
  if (formats->header == nullptr || formats->title == nullptr) return core::Fail(Error("out of memory"));
  format_set_bold(formats->header);
  format_set_border(formats->header, LXW_BORDER_THIN);
  format_set_align(formats->header, LXW_ALIGN_CENTER);
  format_set_align(formats->header, LXW_ALIGN_VERTICAL_CENTER);
  format_set_text_wrap(formats->header);
  format_set_bg_color(formats->header, 0xD9E1F2);
  format_set_bold(formats->title);
  format_set_font_size(formats->title, 14);
  format_set_align(formats->title, LXW_ALIGN_CENTER);
  format_set_align(formats->title, LXW_ALIGN_VERTICAL_CENTER);
  w->formats_ = std::move(formats);

  if (!w->title_.empty()) {
    lxw_doc_properties properties{};
    properties.title = const_cast<char*>(w->title_.c_str());  // read only
    properties.author = const_cast<char*>("Gongjian");
    if (lxw_error e = workbook_set_properties(wb, &properties); e != LXW_NO_ERROR) {
      return core::Fail(LxwError(e, "properties"));
    }
  }
  return w;
}

XlsxWriter::~XlsxWriter() {
  if (!closed_ && workbook_ != nullptr) lxw_workbook_free(Wb(workbook_));  // closes its temporary files
  if (in_memory_) unlink(path_.c_str());
}

core::Result<XlsxSheet*> XlsxWriter::AddSheet(const XlsxSheetSpec& spec) {
  if (closed_) return core::Fail(Error("workbook already closed"));
  GJ_FAIL_IF_ERROR(CheckText(spec.name, "sheet name"));
  GJ_FAIL_IF_ERROR(CheckText(spec.title, fmt::format("sheet {} title", spec.name)));
  for (const XlsxColumn& column : spec.columns)
    GJ_FAIL_IF_ERROR(CheckText(column.header, "sheet " + spec.name + " header"));
  if (spec.columns.empty() || spec.columns.size() > static_cast<size_t>(kMaxColumns)) {
    return core::Fail(Error(fmt::format("sheet {}: {} columns", spec.name, spec.columns.size())));
  }
  lxw_workbook* wb = Wb(workbook_);
  if (lxw_error e = workbook_validate_sheet_name(wb, spec.name.c_str()); e != LXW_NO_ERROR) {
    return core::Fail(LxwError(e, "sheet name " + spec.name));
  }
  lxw_worksheet* ws = workbook_add_worksheet(wb, spec.name.c_str());
  if (ws == nullptr) return core::Fail(Error("cannot add sheet " + spec.name));

  const int columns = static_cast<int>(spec.columns.size());
  const int header_row = spec.title.empty() ? 0 : 1;
  // Column widths and pane settings must precede the rows (constant-memory mode writes the
  // <cols> element before the first row).
  int header_lines = 1;
  for (int c = 0; c < columns; ++c) {
    const XlsxColumn& column = spec.columns[c];
    const double header_width = XlsxTextWidth(column.header);
    double width = column.width > 0 ? column.width : std::max(8.0, header_width + 2);
    header_lines = std::max(header_lines, static_cast<int>(std::ceil(header_width / std::max(1.0, width - 1))));
    if (lxw_error e = worksheet_set_column(ws, c, c, width, nullptr); e != LXW_NO_ERROR) {
      return core::Fail(LxwError(e, "column width"));
    }
  }
  worksheet_freeze_panes(ws, static_cast<lxw_row_t>(header_row + 1), 0);

  if (!spec.title.empty()) {
    worksheet_set_row(ws, 0, 28, nullptr);
    lxw_error e = columns > 1 ? worksheet_merge_range(ws, 0, 0, 0, static_cast<lxw_col_t>(columns - 1),
                                                      spec.title.c_str(), formats_->title)
                              : worksheet_write_string(ws, 0, 0, spec.title.c_str(), formats_->title);
    if (e != LXW_NO_ERROR) return core::Fail(LxwError(e, "title"));
  }
  if (header_lines > 1) worksheet_set_row(ws, static_cast<lxw_row_t>(header_row), 15.0 * header_lines, nullptr);
  for (int c = 0; c < columns; ++c) {
    lxw_error e = worksheet_write_string(ws, static_cast<lxw_row_t>(header_row), static_cast<lxw_col_t>(c),
                                         spec.columns[c].header.c_str(), formats_->header);
    if (e != LXW_NO_ERROR) return core::Fail(LxwError(e, "header"));
  }
  sheets_.push_back(std::unique_ptr<XlsxSheet>(new XlsxSheet(this, ws, columns, header_row, spec.autofilter)));
  return sheets_.back().get();
}

core::Status XlsxSheet::AddRow(std::span<const XlsxCell> cells, XlsxRowStyle style) {
  if (writer_->closed_) return Error("workbook already closed");
  if (cells.size() > static_cast<size_t>(columns_)) {
    return Error(fmt::format("row {}: {} cells for {} columns", rows_ + 1, cells.size(), columns_));
  }
  const int64_t row = header_row_ + 1 + rows_;
  if (row >= kMaxRows) return Error("more rows than a sheet holds (1048576)");
  // Check everything first, so a failed row leaves nothing behind.
  for (size_t c = 0; c < cells.size(); ++c) {
    const XlsxCell& cell = cells[c];
    if (cell.kind == XlsxKind::kText) {
      // The cell's name is formatted only for the message: a big export checks a million texts.
      if (!CheckText(cell.text, {}).ok()) return CheckText(cell.text, fmt::format("row {} column {}", rows_ + 1, c + 1));
    } else if (cell.kind == XlsxKind::kDate && !ValidDate(cell.year, cell.month, cell.day)) {
      return Error(
          fmt::format("row {} column {}: no date {}-{}-{}", rows_ + 1, c + 1, cell.year, cell.month, cell.day));
    } else if (cell.kind == XlsxKind::kNumber && !std::isfinite(cell.number)) {
      return Error(fmt::format("row {} column {}: number is not finite", rows_ + 1, c + 1));
    }
  }
  if (style == XlsxRowStyle::kTotal && data_rows_before_total_ < 0) {
    // The filter ends above the first totals row. Set it now: in constant-memory mode
    // libxlsxwriter refuses a range that ends above the row being written.
    data_rows_before_total_ = rows_;
    GJ_RETURN_IF_ERROR(Finish());
  }
  lxw_worksheet* ws = Ws(worksheet_);
  const auto& formats = *writer_->formats_;
  const lxw_row_t r = static_cast<lxw_row_t>(row);
  for (int c = 0; c < columns_; ++c) {
    const XlsxCell blank;
    const XlsxCell& cell = static_cast<size_t>(c) < cells.size() ? cells[c] : blank;
    lxw_format* f = formats.For(cell.kind, style);
    const lxw_col_t col = static_cast<lxw_col_t>(c);
    lxw_error e = LXW_NO_ERROR;
    switch (cell.kind) {
      case XlsxKind::kBlank:
        e = worksheet_write_blank(ws, r, col, f);
        break;
      case XlsxKind::kText:
        e = cell.text.empty() ? worksheet_write_blank(ws, r, col, f)
                              : worksheet_write_string(ws, r, col, cell.text.c_str(), f);
        break;
      case XlsxKind::kInteger:
        e = worksheet_write_number(ws, r, col, static_cast<double>(cell.integer), f);
        break;
      case XlsxKind::kMoney:
        e = worksheet_write_number(ws, r, col, static_cast<double>(cell.integer) / 1'000'000.0, f);
        break;
      case XlsxKind::kRate:
        e = worksheet_write_number(ws, r, col, static_cast<double>(cell.integer) / 10'000.0, f);
        break;
      case XlsxKind::kPoints:
        e = worksheet_write_number(ws, r, col, static_cast<double>(cell.integer) / 100.0, f);
        break;
      case XlsxKind::kNumber:
        e = worksheet_write_number(ws, r, col, cell.number, f);
        break;
      case XlsxKind::kDate: {
        lxw_datetime date{cell.year, cell.month, cell.day, 0, 0, 0};
        e = worksheet_write_datetime(ws, r, col, &date, f);
        break;
      }
    }
    if (e != LXW_NO_ERROR) return LxwError(e, fmt::format("row {} column {}", rows_ + 1, c + 1));
  }
  ++rows_;
  return core::Status::Ok();
}

core::Status XlsxSheet::Finish() {
  if (!autofilter_ || filtered_) return core::Status::Ok();
  const int64_t data_rows = data_rows_before_total_ >= 0 ? data_rows_before_total_ : rows_;
  lxw_error e =
      worksheet_autofilter(Ws(worksheet_), static_cast<lxw_row_t>(header_row_), 0,
                           static_cast<lxw_row_t>(header_row_ + data_rows), static_cast<lxw_col_t>(columns_ - 1));
  if (e != LXW_NO_ERROR) return LxwError(e, "autofilter");
  filtered_ = true;
  return core::Status::Ok();
}

core::Status XlsxWriter::Write() {
  if (closed_) return Error("workbook already closed");
  core::Status status;
  for (auto& sheet : sheets_) {
    status = sheet->Finish();
    if (!status.ok()) break;
  }
  if (!status.ok()) return status;  // the destructor frees the workbook
  closed_ = true;
  lxw_error e = workbook_close(Wb(workbook_));  // frees the workbook whatever the outcome
  workbook_ = nullptr;
  return e == LXW_NO_ERROR ? core::Status::Ok() : LxwError(e, "write " + path_);
}

core::Status XlsxWriter::Close() {
  if (in_memory_) return Error("Close on an in-memory workbook: use CloseToBytes");
  return Write();
}

core::Result<std::string> XlsxWriter::CloseToBytes() {
  if (!in_memory_) return core::Fail(Error("CloseToBytes on a workbook written to a file: use Close"));
  GJ_FAIL_IF_ERROR(Write());
  std::ifstream in(path_, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad() || bytes.empty()) return core::Fail(Error("cannot read back " + path_));
  unlink(path_.c_str());
  in_memory_ = false;  // nothing left to remove
  return bytes;
}

}  // namespace gongjian::io
