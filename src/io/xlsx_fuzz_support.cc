#include "io/xlsx_fuzz_support.h"

#include <fmt/format.h>
#include <zip.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace gongjian::io::fuzzing {
namespace {

constexpr size_t kMaxParts = 64;
constexpr time_t kEntryTime = 1735689600;  // 2025-01-01T00:00:00Z

// The sentinel StreamSheet must hand back as is when on_row fails.
// Not a user-facing error: it only stops a read early, so it has no catalogue message.
constexpr const char* kStopKey = "fuzz_stop";
core::Status Stop() { return core::Status::Invalid("fuzz", kStopKey); }

bool SameCell(const XlsxReadCell& a, const XlsxReadCell& b) {
  return a.row == b.row && a.column == b.column && a.kind == b.kind && a.formula == b.formula && a.text == b.text &&
         (a.number == b.number || (std::isnan(a.number) && std::isnan(b.number))) && a.date == b.date;
}

bool SameRows(const std::vector<XlsxReadRow>& a, const std::vector<XlsxReadRow>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].index != b[i].index || a[i].cells.size() != b[i].cells.size()) return false;
    for (size_t k = 0; k < a[i].cells.size(); ++k) {
      if (!SameCell(a[i].cells[k], b[i].cells[k])) return false;
    }
  }
  return true;
}

int64_t CodePoints(const std::string& s) {
  return static_cast<int64_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

class Checker {
 public:
  Checker(const XlsxLimits& limits, bool date1904, Outcome* out) : limits_(limits), date1904_(date1904), out_(out) {}

  void Violation(std::string what) { out_->violations.push_back(std::move(what)); }

  // A failure must be one of the reader's keys on field "file".
  void CheckFailure(const core::Status& s, std::string_view where) {
    if (s.ok()) return;
    if (s.code() != core::Code::kInvalidArgument || s.field() != "file" || !s.key().starts_with("xlsx_")) {
      Violation(fmt::format("{}: unexpected failure {}", where, s.ToString()));
    }
  }

  void CheckSheet(const XlsxSheetContent& sheet) {
    int64_t previous_row = -1;
    for (const XlsxReadRow& row : sheet.rows) {
      if (row.index <= previous_row || row.index < 0 || row.index >= limits_.max_rows) {
        Violation(fmt::format("{}: row {} after {} (max_rows {})", sheet.name, row.index, previous_row, limits_.max_rows));
      }
      previous_row = row.index;
      if (row.cells.empty()) Violation(fmt::format("{}: row {} has no cells", sheet.name, row.index));
      int64_t previous_column = -1;
      for (const XlsxReadCell& cell : row.cells) {
        if (cell.row != row.index || cell.column <= previous_column || cell.column < 0 ||
            cell.column >= limits_.max_columns) {
          Violation(fmt::format("{}: cell ({}, {}) in row {} after column {}", sheet.name, cell.row, cell.column,
                                row.index, previous_column));
        }
        previous_column = cell.column;
        CheckCell(sheet, cell);
        if (sheet.At(cell.row, cell.column) != &cell) Violation(fmt::format("{}: At misses {}", sheet.name, cell.Ref()));
        (void)sheet.MergeAt(cell.row, cell.column);
      }
      // Just past the last cell there is none.
      if (!row.cells.empty() && row.cells.back().column < INT32_MAX &&
          sheet.At(row.index, row.cells.back().column + 1) != nullptr) {
        Violation(fmt::format("{}: At finds a cell past the end of row {}", sheet.name, row.index));
      }
    }
    if (previous_row < INT32_MAX && sheet.At(static_cast<int32_t>(previous_row + 1), 0) != nullptr) {
      Violation(fmt::format("{}: At finds a cell past the last row", sheet.name));
    }
    for (const XlsxMergeRange& m : sheet.merges) {
      if (m.first_row < 0 || m.first_column < 0 || m.first_row > m.last_row || m.first_column > m.last_column ||
          m.last_row >= 1'048'576 || m.last_column >= 16'384) {
        Violation(fmt::format("{}: merge ({}, {})–({}, {})", sheet.name, m.first_row, m.first_column, m.last_row,
                              m.last_column));
        continue;
      }
      const XlsxMergeRange* found = sheet.MergeAt(m.last_row, m.last_column);
      if (found == nullptr || found->first_row > m.last_row || found->last_row < m.last_row ||
          found->first_column > m.last_column || found->last_column < m.last_column) {
        Violation(fmt::format("{}: MergeAt misses a merged range", sheet.name));
      }
    }
  }

 private:
  void CheckCell(const XlsxSheetContent& sheet, const XlsxReadCell& cell) {
    const std::string where = sheet.name + "!" + cell.Ref();
    switch (cell.kind) {
      case XlsxCellKind::kEmpty:
        if (!cell.formula || !cell.text.empty()) Violation(where + ": an empty cell without a formula, or with text");
        break;
      case XlsxCellKind::kText:
        if (CodePoints(cell.text) > limits_.max_text_chars) Violation(where + ": text past max_text_chars");
        break;
      case XlsxCellKind::kBool:
        if (!((cell.text == "TRUE" && cell.number == 1) || (cell.text == "FALSE" && cell.number == 0))) {
          Violation(where + ": boolean " + cell.text);
        }
        break;
      case XlsxCellKind::kError:
        if (cell.text.empty()) Violation(where + ": an error without text");
        break;
      case XlsxCellKind::kNumber:
        if (!std::isfinite(cell.number) || cell.text.empty()) Violation(where + ": number " + cell.text);
        (void)XlsxSerialToDate(cell.number, date1904_);
        (void)XlsxSerialToDate(cell.number, !date1904_);
        break;
      case XlsxCellKind::kDate: {
        const XlsxDateTime& d = cell.date;
        if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31 || d.hour < 0 || d.hour > 23 || d.minute < 0 ||
            d.minute > 59 || d.second < 0 || d.second > 59 || d.millisecond < 0 || d.millisecond > 999 ||
            d.year < 1899 || d.year > 9999) {
          Violation(where + ": date " + d.ToString());
        }
        // The date is the one its serial stands for (a date cell t="d" before 1904-01-01 in the
        // 1904 system has a negative serial, which stands for none).
        if (auto again = XlsxSerialToDate(cell.number, date1904_); again && !(*again == d)) {
          Violation(fmt::format("{}: date {} but serial {} gives {}", where, d.ToString(), cell.number, again->ToString()));
        }
        break;
      }
    }
  }

  const XlsxLimits& limits_;
  bool date1904_;
  Outcome* out_;
};

}  // namespace

XlsxLimits FuzzLimits() {
  XlsxLimits limits;
  limits.max_compressed_bytes = 8ull << 20;
  limits.max_total_uncompressed_bytes = 64ull << 20;
  limits.max_entry_bytes = 16ull << 20;
  limits.max_entries = 1'000;
  limits.max_rows = 10'000;
  limits.max_columns = 1'000;
  limits.max_shared_strings = 100'000;
  return limits;
}

std::string ZipParts(const XlsxParts& parts, bool store) {
  zip_error_t error;
  zip_error_init(&error);
  std::string bytes;
  zip_source_t* out = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (out == nullptr) {
    zip_error_fini(&error);
    return bytes;
  }
  zip_source_keep(out);
  zip_t* archive = zip_open_from_source(out, ZIP_TRUNCATE, &error);
  if (archive != nullptr) {
    for (const auto& [name, content] : parts) {
      zip_source_t* s = zip_source_buffer(archive, content.data(), content.size(), 0);
      if (s == nullptr) continue;
      const zip_int64_t at = zip_file_add(archive, name.c_str(), s, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
      if (at < 0) {
        zip_source_free(s);
        continue;
      }
      zip_set_file_compression(archive, static_cast<zip_uint64_t>(at), store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 9);
      zip_file_set_mtime(archive, static_cast<zip_uint64_t>(at), kEntryTime, 0);
    }
    if (zip_close(archive) != 0) zip_discard(archive);
  }
  if (zip_source_open(out) == 0) {
    zip_source_seek(out, 0, SEEK_END);
    const zip_int64_t size = zip_source_tell(out);
    zip_source_seek(out, 0, SEEK_SET);
    if (size > 0) {
      bytes.resize(static_cast<size_t>(size));
      if (zip_source_read(out, bytes.data(), bytes.size()) != size) bytes.clear();
    }
    zip_source_close(out);
  }
  zip_source_free(out);
  zip_error_fini(&error);
  return bytes;
}

std::string PartsInput(const XlsxParts& parts) {
  std::string out(kPartsMagic);
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += '\n';
    out += "@@ " + parts[i].first + "\n" + parts[i].second;
  }
  return out;
}

std::string PackageOf(std::string_view input) {
  if (!input.starts_with(kPartsMagic)) return std::string(input);
  input.remove_prefix(kPartsMagic.size());
  XlsxParts parts;
  // `at` is where a "@@ " header starts.
  size_t at = input.starts_with("@@ ") ? 0 : input.find("\n@@ ");
  if (at != std::string_view::npos && input[at] == '\n') ++at;
  while (at != std::string_view::npos && parts.size() < kMaxParts) {
    const size_t name_begin = at + 3;
    const size_t name_end = input.find('\n', name_begin);
    if (name_end == std::string_view::npos) {
      parts.emplace_back(std::string(input.substr(name_begin)), "");
      break;
    }
    const size_t next = input.find("\n@@ ", name_end);
    const size_t content_end = next == std::string_view::npos ? input.size() : next;
    parts.emplace_back(std::string(input.substr(name_begin, name_end - name_begin)),
                       content_end > name_end ? std::string(input.substr(name_end + 1, content_end - name_end - 1)) : "");
    at = next == std::string_view::npos ? next : next + 1;
  }
  return ZipParts(parts, /*store=*/true);
}

Outcome RunOne(std::string_view input) {
  Outcome out;
  const XlsxLimits limits = FuzzLimits();
  const std::string bytes = PackageOf(input);
  auto opened = XlsxWorkbook::Open(bytes, limits);
  if (!opened) {
    out.failure = opened.error();
    Checker(limits, false, &out).CheckFailure(out.failure, "Open");
    return out;
  }
  const XlsxWorkbook& book = **opened;
  Checker check(limits, book.date1904(), &out);
  out.sheets = static_cast<int>(book.sheets().size());
  if (book.sheets().empty()) check.Violation("Open succeeded with no sheets");
  if (book.sheet_names().size() != book.sheets().size()) check.Violation("sheet_names() and sheets() differ");

  std::optional<XlsxSheetContent> first;
  for (size_t i = 0; i < book.sheets().size(); ++i) {
    auto sheet = book.ReadSheet(i);
    if (!sheet) {
      check.CheckFailure(sheet.error(), "ReadSheet");
      if (out.failure.ok()) out.failure = sheet.error();
      if (i == 0) {
        // StreamSheet fails the same way.
        auto streamed = book.StreamSheet(0, [](XlsxReadRow&&) { return core::Status::Ok(); });
        if (streamed || streamed.error().key() != sheet.error().key()) {
          check.Violation("StreamSheet and ReadSheet fail differently: " + sheet.error().ToString());
        }
      }
      continue;
    }
    ++out.sheets_read;
    if (sheet->name != book.sheets()[i].name) check.Violation("ReadSheet names the sheet " + sheet->name);
    for (const auto& row : sheet->rows) out.cells += static_cast<int64_t>(row.cells.size());
    check.CheckSheet(*sheet);
    if (i == 0) first = std::move(*sheet);
  }
  if (auto past = book.ReadSheet(book.sheets().size()); past || past.error().key() != "xlsx_sheet_not_found") {
    check.Violation("ReadSheet past the last sheet did not fail with xlsx_sheet_not_found");
  }

  if (first) {
    // StreamSheet passes the rows ReadSheet collected, and hands back on_row's failure as is.
    std::vector<XlsxReadRow> rows;
    auto merges = book.StreamSheet(0, [&](XlsxReadRow&& row) {
      rows.push_back(std::move(row));
      return core::Status::Ok();
    });
    if (!merges) {
      check.Violation("StreamSheet failed where ReadSheet did not: " + merges.error().ToString());
    } else if (!SameRows(rows, first->rows) || *merges != first->merges) {
      check.Violation("StreamSheet and ReadSheet disagree");
    }
    int calls = 0;
    auto stopped = book.StreamSheet(0, [&](XlsxReadRow&&) {
      ++calls;
      return Stop();
    });
    if (first->rows.empty() ? (!stopped || calls != 0)
                            : (stopped || calls != 1 || stopped.error().key() != Stop().key() ||
                               stopped.error().field() != Stop().field())) {
      check.Violation(fmt::format("StreamSheet stopped by on_row: {} calls, {}", calls,
                                  stopped ? "succeeded" : stopped.error().ToString()));
    }
  }
  return out;
}

}  // namespace gongjian::io::fuzzing
