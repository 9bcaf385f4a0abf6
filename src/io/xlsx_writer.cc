#include "io/xlsx_writer.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <condition_variable>
#include <deque>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <mutex>
#include <thread>

#include "core/utf8.h"
#include "domain/date.h"
#include "io/sheet_table.h"

namespace gongjian::io {
namespace {

constexpr int64_t kMaxRows = 1'048'576;  // Excel's rows per sheet
constexpr int kMaxColumns = 16'384;
constexpr size_t kMaxChars = 32'767;  // characters in a cell
constexpr uint64_t kZipLimit = 0xFFFF'FFFFull;  // sizes and offsets without ZIP64 records
// zlib level 1: a third faster than the default 6 on sheet XML for files about a third larger.
constexpr int kDeflateLevel = 1;
constexpr size_t kFlushAt = 256 * 1024;  // XML bytes buffered before they are deflated

core::Status Error(std::string what) { return core::Status::Internal("xlsx: " + std::move(what)); }
core::Status IoError(const std::string& what, int err) {
  if (err == ENOSPC || err == EDQUOT) return core::Status::Unavailable("disk_full", "xlsx: " + what + ": " + std::strerror(err));
  return Error(what + ": " + std::strerror(err));
}

size_t CodePoints(std::string_view s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// Checks a text before it goes into the XML.
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

// Excel's serial number of a valid date in the 1900 system: days since 1899-12-30, except that
// January and February 1900 count from 1899-12-31 (Excel's phantom 1900-02-29 sits between).
int64_t ExcelSerial(int y, int m, int d) {
  const int64_t serial = domain::DaysFromDate({y, m, d}) - domain::DaysFromDate({1899, 12, 30});
  return (y == 1900 && m <= 2) ? serial - 1 : serial;
}

// Unicode East Asian Wide and Fullwidth ranges that occur in Chinese text.
bool IsWide(char32_t c) {
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0x33FF) ||
         (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
         (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
         (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
}

// options.tmpdir, else $TMPDIR, else /tmp.
std::string TemporaryDirectory(const XlsxOptions& options) {
  if (!options.tmpdir.empty()) return options.tmpdir;
  const char* env = getenv("TMPDIR");
  return env != nullptr && *env != '\0' ? env : "/tmp";
}

// A sheet name Excel accepts: 1–31 characters, none of []:*?/\, no apostrophe at either end.
bool ValidSheetName(std::string_view name) {
  const size_t n = CodePoints(name);
  if (n == 0 || n > 31 || name.front() == '\'' || name.back() == '\'') return false;
  return name.find_first_of("[]:*?/\\") == std::string_view::npos;
}

bool SameSheetName(std::string_view a, std::string_view b) {  // Excel compares names case-blind
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// --- XML text ---

void AppendInt(std::string& out, int64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

// A double as Excel writes it: 16 significant digits, "%.16G" ("9.899999999999999E-05").
void AppendDouble(std::string& out, double v) {
  char buf[40];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 16);
  for (char* p = buf; p != end; ++p) {
    if (*p == 'e') *p = 'E';
  }
  out.append(buf, end);
}

// Appends `text` escaped for XML character data or an attribute: & < > " and control characters
// other than tab and newline as Excel's _xHHHH_ (XML 1.0 cannot carry them).
void AppendEscaped(std::string& out, std::string_view text) {
  size_t plain = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const char* entity = nullptr;
    char control[8];
    switch (c) {
      case '&': entity = "&amp;"; break;
      case '<': entity = "&lt;"; break;
      case '>': entity = "&gt;"; break;
      case '"': entity = "&quot;"; break;
      default:
        if (c >= 0x20 || c == '\t' || c == '\n') continue;
        std::snprintf(control, sizeof control, "_x%04X_", c);
        entity = control;
    }
    out.append(text.data() + plain, i - plain);
    out.append(entity);
    plain = i + 1;
  }
  out.append(text.data() + plain, text.size() - plain);
}

std::string Escaped(std::string_view text) {
  std::string out;
  AppendEscaped(out, text);
  return out;
}

// The width Excel stores for a column of `width` characters (Calibri 11: 7-pixel digits and 5
// pixels of padding, to 1/256 of a character), as Excel itself writes it.
double StoredWidth(double width) {
  constexpr double kDigit = 7, kPadding = 5;
  const double w = width < 1 ? static_cast<int>(width * (kDigit + kPadding) + 0.5) / kDigit
                             : (static_cast<int>(width * kDigit + 0.5) + kPadding) / kDigit;
  return static_cast<int>(w * 256) / 256.0;
}

// --- Styles: one cell format per kind for data rows and for totals rows, the header, the title ---

constexpr int kKinds = 8;
int StyleOf(XlsxKind kind, XlsxRowStyle style) {
  return 1 + static_cast<int>(kind) + (style == XlsxRowStyle::kTotal ? kKinds : 0);
}
constexpr int kHeaderStyle = 1 + 2 * kKinds;
constexpr int kTitleStyle = kHeaderStyle + 1;

const std::string& StylesXml() {
  static const std::string kXml = [] {
    // Number formats by kind: built-in ids where Excel has one, 164+ for ours.
    static constexpr int kFormatOf[kKinds] = {0, 0, 3, 4, 10, 165, 0, 164};
    std::string xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        "<numFmts count=\"2\"><numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd\"/>"
        "<numFmt numFmtId=\"165\" formatCode=\"+0.00;-0.00;0.00\"/></numFmts>"
        "<fonts count=\"3\"><font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
        "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
        "<font><b/><sz val=\"14\"/><name val=\"Calibri\"/><family val=\"2\"/></font></fonts>"
        "<fills count=\"3\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/>"
        "</fill><fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFD9E1F2\"/><bgColor indexed=\"64\"/>"
        "</patternFill></fill></fills>"
        "<borders count=\"2\"><border><left/><right/><top/><bottom/><diagonal/></border><border>"
        "<left style=\"thin\"><color auto=\"1\"/></left><right style=\"thin\"><color auto=\"1\"/></right>"
        "<top style=\"thin\"><color auto=\"1\"/></top><bottom style=\"thin\"><color auto=\"1\"/></bottom>"
        "<diagonal/></border></borders>"
        "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>";
    xml += "<cellXfs count=\"" + std::to_string(kTitleStyle + 1) + "\">";
    xml += "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>";
    for (int total = 0; total < 2; ++total) {
      for (int kind = 0; kind < kKinds; ++kind) {
        const int format = kFormatOf[kind];
        const char* horizontal = static_cast<XlsxKind>(kind) == XlsxKind::kDate ? " horizontal=\"center\"" : "";
        xml += fmt::format(
            "<xf numFmtId=\"{}\" fontId=\"{}\" fillId=\"0\" borderId=\"1\" xfId=\"0\"{}{} applyBorder=\"1\""
            " applyAlignment=\"1\"><alignment{} vertical=\"center\"/></xf>",
            format, total, format != 0 ? " applyNumberFormat=\"1\"" : "", total ? " applyFont=\"1\"" : "", horizontal);
      }
    }
    xml +=
        "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"2\" borderId=\"1\" xfId=\"0\" applyFont=\"1\" applyFill=\"1\""
        " applyBorder=\"1\" applyAlignment=\"1\"><alignment horizontal=\"center\" vertical=\"center\" wrapText=\"1\"/></xf>"
        "<xf numFmtId=\"0\" fontId=\"2\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyAlignment=\"1\">"
        "<alignment horizontal=\"center\" vertical=\"center\"/></xf></cellXfs>"
        "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
        "<dxfs count=\"0\"/><tableStyles count=\"0\" defaultTableStyle=\"TableStyleMedium9\""
        " defaultPivotStyle=\"PivotStyleLight16\"/></styleSheet>";
    return xml;
  }();
  return kXml;
}

// --- Deflating into a file ---

// A raw deflate stream (zip method 8) of one zip entry, written to an unlinked temporary file.
// The deflating runs on a thread of its own once a second buffer arrives, so that formatting the
// next rows and deflating the last ones overlap (deflate is a third of a big export's time); at
// most two buffers wait for it, so memory stays flat.
class Deflated {
 public:
  Deflated() = default;
  ~Deflated() {
    if (worker_.joinable()) {
      {
        std::lock_guard lock(mu_);
        stop_ = true;
      }
      wake_.notify_all();
      worker_.join();
    }
    if (started_) deflateEnd(&z_);
    if (fd_ >= 0) ::close(fd_);
  }
  Deflated(const Deflated&) = delete;
  Deflated& operator=(const Deflated&) = delete;

  core::Status Open(const std::string& dir) {
    std::string name = dir + "/gj-xlsx-XXXXXX";
    fd_ = mkstemp(name.data());
    if (fd_ < 0) return IoError("temporary file in " + dir, errno);
    unlink(name.c_str());  // gone with the descriptor, whatever happens
    if (deflateInit2(&z_, kDeflateLevel, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) return Error("deflateInit2");
    started_ = true;
    return core::Status::Ok();
  }

  // Hands `data` over to be deflated and leaves it empty (with a spare buffer's capacity); with
  // `last`, ends the stream and waits until everything is written. An error of an earlier buffer
  // comes back from a later call.
  core::Status Add(std::string& data, bool last) {
    raw_ += data.size();
    if (!worker_.joinable()) {
      if (last) return Compress(data, true);  // one buffer in all: no thread
      worker_ = std::thread([this] { Work(); });
    }
    std::unique_lock lock(mu_);
    room_.wait(lock, [&] { return queue_.size() < 2 || !error_.ok(); });
    if (!error_.ok()) return error_;
    std::string next;
    if (!spare_.empty()) {
      next = std::move(spare_.back());
      spare_.pop_back();
    }
    queue_.push_back({std::move(data), last});
    data = std::move(next);
    data.clear();
    wake_.notify_one();
    if (!last) return core::Status::Ok();
    room_.wait(lock, [&] { return done_; });
    lock.unlock();
    worker_.join();
    return error_;
  }

  // Valid once Add(…, last) has returned.
  uint32_t crc() const { return static_cast<uint32_t>(crc_); }
  uint64_t size() const { return written_; }
  int fd() const { return fd_; }
  // The bytes handed over so far (the producer's count, valid at any time).
  uint64_t raw_size() const { return raw_; }

 private:
  struct Piece {
    std::string data;
    bool last = false;
  };

  void Work() {
    for (;;) {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [&] { return stop_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopped
      Piece piece = std::move(queue_.front());
      queue_.pop_front();
      lock.unlock();
      core::Status status = Compress(piece.data, piece.last);
      lock.lock();
      if (!status.ok() && error_.ok()) error_ = status;
      spare_.push_back(std::move(piece.data));
      done_ = piece.last || !error_.ok();
      room_.notify_all();
      if (done_) return;
    }
  }

  core::Status Compress(std::string_view data, bool last) {
    crc_ = crc32_z(crc_, reinterpret_cast<const Bytef*>(data.data()), data.size());
    z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));  // zlib only reads
    z_.avail_in = static_cast<uInt>(data.size());
    int rc;
    do {
      z_.next_out = reinterpret_cast<Bytef*>(out_.data());
      z_.avail_out = static_cast<uInt>(out_.size());
      rc = deflate(&z_, last ? Z_FINISH : Z_NO_FLUSH);
      if (rc == Z_STREAM_ERROR) return Error("deflate");
      GJ_RETURN_IF_ERROR(WriteOut(out_.size() - z_.avail_out));
    } while (z_.avail_out == 0 || (last && rc != Z_STREAM_END));
    return core::Status::Ok();
  }

  core::Status WriteOut(size_t n) {
    const char* p = out_.data();
    while (n > 0) {
      const ssize_t w = ::write(fd_, p, n);
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) return IoError("write temporary file", errno);
      p += w;
      n -= static_cast<size_t>(w);
      written_ += static_cast<uint64_t>(w);
    }
    return core::Status::Ok();
  }

  // The worker's (the caller's while there is no worker; read by the caller after the join).
  z_stream z_{};
  bool started_ = false;
  int fd_ = -1;
  uLong crc_ = crc32_z(0, nullptr, 0);
  uint64_t written_ = 0;
  std::array<char, 64 * 1024> out_;
  // The caller's.
  uint64_t raw_ = 0;
  std::thread worker_;
  // Shared, under mu_.
  std::mutex mu_;
  std::condition_variable wake_;  // the worker waits for a piece or the stop
  std::condition_variable room_;  // the caller waits for room in the queue or the end
  std::deque<Piece> queue_;
  std::vector<std::string> spare_;
  core::Status error_;
  bool done_ = false;
  bool stop_ = false;
};

std::string DeflateString(std::string_view data) {
  z_stream z{};
  deflateInit2(&z, kDeflateLevel, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, data.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);  // the bound guarantees one call finishes
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
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

// --- Sheets ---

struct XlsxSheet::Stream {
  Deflated deflated;
  std::string xml;                        // XML not yet deflated
  std::vector<std::string> column_names;  // "A", "B", …
  std::string merge;                      // the title's merged range, or empty
  std::string filter;                     // the autofilter's range as $A$2:$F$9, set by Finish
  uint64_t max_bytes = 0;
  bool finished = false;

  uint64_t bytes() const { return deflated.raw_size() + xml.size(); }
  core::Status Flush(bool last) { return deflated.Add(xml, last); }  // leaves xml empty
};

XlsxSheet::XlsxSheet(XlsxWriter* writer, std::unique_ptr<Stream> stream, int columns, int header_row, bool autofilter)
    : writer_(writer), stream_(std::move(stream)), columns_(columns), header_row_(header_row), autofilter_(autofilter) {}
XlsxSheet::~XlsxSheet() = default;

namespace {

void AppendTextCell(std::string& out, std::string_view ref_column, int64_t row, int style, std::string_view text) {
  out += "<c r=\"";
  out += ref_column;
  AppendInt(out, row + 1);
  out += "\" s=\"";
  AppendInt(out, style);
  if (text.empty()) {
    out += "\"/>";
    return;
  }
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n'; };
  out += space(text.front()) || space(text.back()) ? "\" t=\"inlineStr\"><is><t xml:space=\"preserve\">"
                                                   : "\" t=\"inlineStr\"><is><t>";
  AppendEscaped(out, text);
  out += "</t></is></c>";
}

}  // namespace

core::Result<XlsxSheet*> XlsxWriter::AddSheet(const XlsxSheetSpec& spec) {
  if (closed_) return core::Fail(Error("workbook already closed"));
  GJ_FAIL_IF_ERROR(CheckText(spec.name, "sheet name"));
  GJ_FAIL_IF_ERROR(CheckText(spec.title, fmt::format("sheet {} title", spec.name)));
  for (const XlsxColumn& column : spec.columns)
    GJ_FAIL_IF_ERROR(CheckText(column.header, "sheet " + spec.name + " header"));
  if (spec.columns.empty() || spec.columns.size() > static_cast<size_t>(kMaxColumns)) {
    return core::Fail(Error(fmt::format("sheet {}: {} columns", spec.name, spec.columns.size())));
  }
  if (!ValidSheetName(spec.name)) return core::Fail(Error("sheet name " + spec.name + ": not allowed by Excel"));
  for (const std::string& name : sheet_names_) {
    if (SameSheetName(name, spec.name)) return core::Fail(Error("sheet name " + spec.name + ": already used"));
  }
  auto stream = std::make_unique<XlsxSheet::Stream>();
  GJ_FAIL_IF_ERROR(stream->deflated.Open(tmpdir_));
  stream->max_bytes = max_sheet_bytes_;
  const int columns = static_cast<int>(spec.columns.size());
  for (int c = 0; c < columns; ++c) stream->column_names.push_back(ColumnLetter(c));
  const int header_row = spec.title.empty() ? 0 : 1;
  const std::string first_data = "A" + std::to_string(header_row + 2);

  std::string& xml = stream->xml;
  xml = fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
      " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
      "<sheetViews><sheetView {}workbookViewId=\"0\"><pane ySplit=\"{}\" topLeftCell=\"{}\" activePane=\"bottomLeft\""
      " state=\"frozen\"/><selection pane=\"bottomLeft\" activeCell=\"{}\" sqref=\"{}\"/></sheetView></sheetViews>"
      "<sheetFormatPr defaultRowHeight=\"15\"/><cols>",
      sheets_.empty() ? "tabSelected=\"1\" " : "", header_row + 1, first_data, first_data, first_data);
  int header_lines = 1;
  for (int c = 0; c < columns; ++c) {
    const XlsxColumn& column = spec.columns[c];
    const double header_width = XlsxTextWidth(column.header);
    const double width = column.width > 0 ? column.width : std::max(8.0, header_width + 2);
    header_lines = std::max(header_lines, static_cast<int>(std::ceil(header_width / std::max(1.0, width - 1))));
    xml += fmt::format("<col min=\"{0}\" max=\"{0}\" width=\"", c + 1);
    AppendDouble(xml, StoredWidth(width));
    xml += "\" customWidth=\"1\"/>";
  }
  xml += "</cols><sheetData>";
  if (!spec.title.empty()) {
    xml += "<row r=\"1\" ht=\"28\" customHeight=\"1\">";
    for (int c = 0; c < columns; ++c) AppendTextCell(xml, stream->column_names[c], 0, kTitleStyle, c == 0 ? spec.title : "");
    xml += "</row>";
    if (columns > 1) stream->merge = "A1:" + stream->column_names.back() + "1";
  }
  xml += fmt::format("<row r=\"{}\"", header_row + 1);
  if (header_lines > 1) xml += fmt::format(" ht=\"{}\" customHeight=\"1\"", 15 * header_lines);
  xml += ">";
  for (int c = 0; c < columns; ++c) {
    AppendTextCell(xml, stream->column_names[c], header_row, kHeaderStyle, spec.columns[c].header);
  }
  xml += "</row>";
  sheets_.push_back(
      std::unique_ptr<XlsxSheet>(new XlsxSheet(this, std::move(stream), columns, header_row, spec.autofilter)));
  sheet_names_.push_back(spec.name);
  return sheets_.back().get();
}

core::Status XlsxSheet::AddRow(std::span<const XlsxCell> cells, XlsxRowStyle style) {
  if (writer_->closed_ || stream_->finished) return Error("workbook already closed");
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
  std::string& xml = stream_->xml;
  const size_t mark = xml.size();
  xml += "<row r=\"";
  AppendInt(xml, row + 1);
  xml += "\">";
  const XlsxCell blank;
  for (int c = 0; c < columns_; ++c) {
    const XlsxCell& cell = static_cast<size_t>(c) < cells.size() ? cells[c] : blank;
    const int s = StyleOf(cell.kind, style);
    if (cell.kind == XlsxKind::kText || cell.kind == XlsxKind::kBlank) {
      AppendTextCell(xml, stream_->column_names[c], row, s, cell.kind == XlsxKind::kText ? cell.text : "");
      continue;
    }
    xml += "<c r=\"";
    xml += stream_->column_names[c];
    AppendInt(xml, row + 1);
    xml += "\" s=\"";
    AppendInt(xml, s);
    xml += "\"><v>";
    switch (cell.kind) {
      case XlsxKind::kInteger: AppendInt(xml, cell.integer); break;
      case XlsxKind::kMoney: AppendDouble(xml, static_cast<double>(cell.integer) / 1'000'000.0); break;
      case XlsxKind::kRate: AppendDouble(xml, static_cast<double>(cell.integer) / 10'000.0); break;
      case XlsxKind::kPoints: AppendDouble(xml, static_cast<double>(cell.integer) / 100.0); break;
      case XlsxKind::kNumber: AppendDouble(xml, cell.number); break;
      case XlsxKind::kDate: AppendInt(xml, ExcelSerial(cell.year, cell.month, cell.day)); break;
      default: break;
    }
    xml += "</v></c>";
  }
  xml += "</row>";
  if (stream_->bytes() > stream_->max_bytes) {
    xml.resize(mark);
    return Error(fmt::format("row {}: the sheet would pass {} bytes", rows_ + 1, stream_->max_bytes));
  }
  if (style == XlsxRowStyle::kTotal && data_rows_before_total_ < 0) data_rows_before_total_ = rows_;
  ++rows_;
  if (xml.size() >= kFlushAt) return stream_->Flush(false);
  return core::Status::Ok();
}

core::Status XlsxSheet::Finish() {
  Stream& s = *stream_;
  if (s.finished) return core::Status::Ok();
  s.xml += "</sheetData>";
  if (autofilter_) {
    const int64_t data_rows = data_rows_before_total_ >= 0 ? data_rows_before_total_ : rows_;
    const std::string& last = s.column_names.back();
    const int64_t top = header_row_ + 1, bottom = header_row_ + 1 + data_rows;
    s.xml += fmt::format("<autoFilter ref=\"A{}:{}{}\"/>", top, last, bottom);
    s.filter = fmt::format("$A${}:${}${}", top, last, bottom);
  }
  if (!s.merge.empty()) s.xml += "<mergeCells count=\"1\"><mergeCell ref=\"" + s.merge + "\"/></mergeCells>";
  s.xml +=
      "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
      "</worksheet>";
  GJ_RETURN_IF_ERROR(s.Flush(true));
  s.finished = true;
  return core::Status::Ok();
}

// --- The workbook ---

core::Result<std::unique_ptr<XlsxWriter>> XlsxWriter::ToFile(const std::string& path, const XlsxOptions& options) {
  return Open(path, options, /*in_memory=*/false);
}

core::Result<std::unique_ptr<XlsxWriter>> XlsxWriter::InMemory(const XlsxOptions& options) {
  return Open({}, options, /*in_memory=*/true);
}

core::Result<std::unique_ptr<XlsxWriter>> XlsxWriter::Open(const std::string& path, const XlsxOptions& options,
                                                           bool in_memory) {
  GJ_FAIL_IF_ERROR(CheckText(options.title, "workbook title"));
  std::unique_ptr<XlsxWriter> w(new XlsxWriter());
  w->path_ = path;
  w->tmpdir_ = TemporaryDirectory(options);
  w->title_ = options.title;
  w->max_sheet_bytes_ = std::min(options.max_sheet_bytes, kZipLimit - 1024);
  w->in_memory_ = in_memory;
  if (access(w->tmpdir_.c_str(), W_OK | X_OK) != 0) return core::Fail(IoError("temporary directory " + w->tmpdir_, errno));
  return w;
}

XlsxWriter::~XlsxWriter() = default;  // the sheets' temporary files are unlinked already

// Where the zip goes: a file descriptor or a string, counting the bytes for the offsets.
class XlsxWriter::Sink {
 public:
  explicit Sink(std::string* bytes) : bytes_(bytes) {}
  explicit Sink(int fd) : fd_(fd) {}

  core::Status Put(std::string_view data) {
    offset_ += data.size();
    if (bytes_ != nullptr) {
      bytes_->append(data);
      return core::Status::Ok();
    }
    while (!data.empty()) {
      const ssize_t w = ::write(fd_, data.data(), data.size());
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) return IoError("write workbook", errno);
      data.remove_prefix(static_cast<size_t>(w));
    }
    return core::Status::Ok();
  }
  // Copies the first `n` bytes of the file `from`.
  core::Status Copy(int from, uint64_t n) {
    std::string buffer(1 << 20, '\0');
    for (uint64_t at = 0; at < n;) {
      const ssize_t r = pread(from, buffer.data(), std::min<uint64_t>(buffer.size(), n - at), static_cast<off_t>(at));
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) return r < 0 ? IoError("read temporary file", errno) : Error("temporary file shorter than written");
      GJ_RETURN_IF_ERROR(Put(std::string_view(buffer.data(), static_cast<size_t>(r))));
      at += static_cast<uint64_t>(r);
    }
    return core::Status::Ok();
  }
  uint64_t offset() const { return offset_; }
  // Sizes a string sink for `bytes` at once (no doubling while it grows).
  void Reserve(uint64_t bytes) {
    if (bytes_ != nullptr) bytes_->reserve(static_cast<size_t>(std::min(bytes, kZipLimit)));
  }

 private:
  std::string* bytes_ = nullptr;
  int fd_ = -1;
  uint64_t offset_ = 0;
};

namespace {

void Put16(std::string& s, uint32_t v) {
  s += static_cast<char>(v & 0xFF);
  s += static_cast<char>(v >> 8 & 0xFF);
}
void Put32(std::string& s, uint64_t v) {
  Put16(s, static_cast<uint32_t>(v & 0xFFFF));
  Put16(s, static_cast<uint32_t>(v >> 16 & 0xFFFF));
}

struct ZipEntry {
  std::string name;
  uint32_t crc = 0;
  uint64_t size = 0;  // deflated
  uint64_t raw = 0;
  uint64_t offset = 0;
};

// The fields a local header and a central directory record share, from "version needed" on.
std::string CommonFields(const ZipEntry& e, uint32_t dos_time, uint32_t dos_date) {
  std::string s;
  Put16(s, 20);  // version needed: deflate
  Put16(s, 0);   // flags
  Put16(s, 8);   // deflate
  Put16(s, dos_time);
  Put16(s, dos_date);
  Put32(s, e.crc);
  Put32(s, e.size);
  Put32(s, e.raw);
  Put16(s, static_cast<uint32_t>(e.name.size()));
  Put16(s, 0);  // extra field
  return s;
}

std::string ContentTypes(size_t sheets) {
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
      "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
      "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
      "<Override PartName=\"/docProps/app.xml\""
      " ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
      "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
      "<Override PartName=\"/xl/styles.xml\""
      " ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
      "<Override PartName=\"/xl/workbook.xml\""
      " ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>";
  for (size_t i = 1; i <= sheets; ++i) {
    xml += fmt::format(
        "<Override PartName=\"/xl/worksheets/sheet{}.xml\""
        " ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>",
        i);
  }
  return xml + "</Types>";
}

constexpr std::string_view kRootRels =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\""
    " Target=\"xl/workbook.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\""
    " Target=\"docProps/core.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\""
    " Target=\"docProps/app.xml\"/></Relationships>";

constexpr std::string_view kAppXml =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\""
    " xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
    "<Application>Gongjian</Application></Properties>";

std::string CoreXml(const std::string& title, const std::tm& now) {
  const std::string stamp = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", now.tm_year + 1900, now.tm_mon + 1,
                                        now.tm_mday, now.tm_hour, now.tm_min, now.tm_sec);
  return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
         "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\""
         " xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\""
         " xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">" +
         (title.empty() ? std::string() : "<dc:title>" + Escaped(title) + "</dc:title>") +
         "<dc:creator>Gongjian</dc:creator><dcterms:created xsi:type=\"dcterms:W3CDTF\">" + stamp +
         "</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">" + stamp +
         "</dcterms:modified></cp:coreProperties>";
}

// A sheet's name in a formula: quoted, apostrophes doubled.
std::string QuotedSheet(const std::string& name) {
  std::string out = "'";
  for (char c : name) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

}  // namespace

core::Status XlsxWriter::Write(Sink& sink) {
  if (closed_) return Error("workbook already closed");
  if (sheets_.empty()) return Error("a workbook needs at least one sheet");
  uint64_t sheet_bytes = 0;
  for (auto& sheet : sheets_) {
    GJ_RETURN_IF_ERROR(sheet->Finish());
    sheet_bytes += sheet->stream_->deflated.size();
  }
  closed_ = true;
  sink.Reserve(sheet_bytes + 64 * 1024);  // the small parts and the directory fit in the rest

  const std::time_t t = std::time(nullptr);
  std::tm local{}, utc{};
  localtime_r(&t, &local);
  gmtime_r(&t, &utc);
  const uint32_t dos_time = static_cast<uint32_t>(local.tm_hour << 11 | local.tm_min << 5 | local.tm_sec / 2);
  const uint32_t dos_date =
      static_cast<uint32_t>(std::max(0, local.tm_year - 80) << 9 | (local.tm_mon + 1) << 5 | local.tm_mday);

  std::vector<ZipEntry> entries;
  auto header = [&](const ZipEntry& e) -> core::Status {
    if (e.raw >= kZipLimit || e.size >= kZipLimit || e.offset >= kZipLimit) {
      return Error("the workbook passes 4 GiB (xlsx without ZIP64)");
    }
    std::string h;
    Put32(h, 0x04034b50);
    h += CommonFields(e, dos_time, dos_date);
    h += e.name;
    return sink.Put(h);
  };
  auto small = [&](std::string name, std::string_view xml) -> core::Status {
    ZipEntry e{std::move(name), static_cast<uint32_t>(crc32_z(0, reinterpret_cast<const Bytef*>(xml.data()), xml.size())),
               0, xml.size(), sink.offset()};
    const std::string deflated = DeflateString(xml);
    e.size = deflated.size();
    GJ_RETURN_IF_ERROR(header(e));
    GJ_RETURN_IF_ERROR(sink.Put(deflated));
    entries.push_back(std::move(e));
    return core::Status::Ok();
  };

  std::string workbook =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
      " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
      "<bookViews><workbookView/></bookViews><sheets>";
  std::string names, rels =
                         "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                         "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
  for (size_t i = 0; i < sheets_.size(); ++i) {
    workbook += fmt::format("<sheet name=\"{}\" sheetId=\"{}\" r:id=\"rId{}\"/>", Escaped(sheet_names_[i]), i + 1, i + 1);
    rels += fmt::format(
        "<Relationship Id=\"rId{0}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\""
        " Target=\"worksheets/sheet{0}.xml\"/>",
        i + 1);
    const std::string& filter = sheets_[i]->stream_->filter;
    if (!filter.empty()) {
      names += fmt::format("<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"{}\" hidden=\"1\">{}!{}</definedName>",
                           i, Escaped(QuotedSheet(sheet_names_[i])), filter);
    }
  }
  workbook += "</sheets>";
  if (!names.empty()) workbook += "<definedNames>" + names + "</definedNames>";
  workbook += "<calcPr calcId=\"124519\" fullCalcOnLoad=\"1\"/></workbook>";
  rels += fmt::format(
      "<Relationship Id=\"rId{}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\""
      " Target=\"styles.xml\"/></Relationships>",
      sheets_.size() + 1);

  GJ_RETURN_IF_ERROR(small("[Content_Types].xml", ContentTypes(sheets_.size())));
  GJ_RETURN_IF_ERROR(small("_rels/.rels", kRootRels));
  GJ_RETURN_IF_ERROR(small("docProps/app.xml", kAppXml));
  GJ_RETURN_IF_ERROR(small("docProps/core.xml", CoreXml(title_, utc)));
  GJ_RETURN_IF_ERROR(small("xl/workbook.xml", workbook));
  GJ_RETURN_IF_ERROR(small("xl/_rels/workbook.xml.rels", rels));
  GJ_RETURN_IF_ERROR(small("xl/styles.xml", StylesXml()));
  for (size_t i = 0; i < sheets_.size(); ++i) {
    const Deflated& d = sheets_[i]->stream_->deflated;
    ZipEntry e{fmt::format("xl/worksheets/sheet{}.xml", i + 1), d.crc(), d.size(), d.raw_size(), sink.offset()};
    GJ_RETURN_IF_ERROR(header(e));
    GJ_RETURN_IF_ERROR(sink.Copy(d.fd(), d.size()));
    entries.push_back(std::move(e));
  }

  const uint64_t directory = sink.offset();
  std::string central;
  for (const ZipEntry& e : entries) {
    Put32(central, 0x02014b50);
    Put16(central, 20);  // version made by: MS-DOS, 2.0
    central += CommonFields(e, dos_time, dos_date);
    Put16(central, 0);  // comment
    Put16(central, 0);  // disk
    Put16(central, 0);  // internal attributes
    Put32(central, 0);  // external attributes
    Put32(central, e.offset);
    central += e.name;
  }
  if (directory + central.size() >= kZipLimit) return Error("the workbook passes 4 GiB (xlsx without ZIP64)");
  Put32(central, 0x06054b50);
  Put16(central, 0);
  Put16(central, 0);
  Put16(central, static_cast<uint32_t>(entries.size()));
  Put16(central, static_cast<uint32_t>(entries.size()));
  Put32(central, central.size() - 12);  // the records so far, without this record's first 12 bytes
  Put32(central, directory);
  Put16(central, 0);
  return sink.Put(central);
}

core::Status XlsxWriter::Close() {
  if (in_memory_) return Error("Close on an in-memory workbook: use CloseToBytes");
  if (closed_) return Error("workbook already closed");
  const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    closed_ = true;
    return IoError("write " + path_, errno);
  }
  Sink sink(fd);
  core::Status status = Write(sink);
  if (::close(fd) != 0 && status.ok()) status = IoError("write " + path_, errno);
  if (!status.ok()) unlink(path_.c_str());
  closed_ = true;
  return status;
}

core::Result<std::string> XlsxWriter::CloseToBytes() {
  if (!in_memory_) return core::Fail(Error("CloseToBytes on a workbook written to a file: use Close"));
  std::string bytes;
  Sink sink(&bytes);
  GJ_FAIL_IF_ERROR(Write(sink));
  return bytes;
}

}  // namespace gongjian::io
