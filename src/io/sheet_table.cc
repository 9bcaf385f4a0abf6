#include "io/sheet_table.h"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <map>

#include "domain/sheet_values.h"
#include "domain/text.h"

namespace gongjian::io {
namespace {

using core::Status;

Status FileError(std::string key, std::vector<std::string> args = {}) {
  return Status::Invalid("file", std::move(key), std::move(args));
}

bool IsBlank(std::string_view s) { return domain::TrimSpaces(s).empty(); }

void TrimRow(TableRow& row) {
  while (!row.cells.empty() && (row.cells.back().kind == TableCellKind::kEmpty || IsBlank(row.cells.back().text))) {
    row.cells.pop_back();
  }
}

Status CheckWidth(const TableRow& row, const TableLimits& limits) {
  if (static_cast<int64_t>(row.cells.size()) > limits.max_columns) {
    return FileError("table_too_many_columns", {std::to_string(limits.max_columns)});
  }
  return Status::Ok();
}

core::Result<Table> ReadXlsx(std::string_view bytes, size_t sheet, const TableLimits& limits) {
  auto book = XlsxWorkbook::Open(bytes, limits.xlsx);
  if (!book) return core::Fail(book.error());
  Table table;
  table.sheets = (*book)->sheet_names();
  table.sheet = sheet;
  if (sheet >= table.sheets.size()) return core::Fail(Status::Invalid("sheet", "xlsx_sheet_not_found", {std::to_string(sheet + 1)}));
  auto merges = (*book)->StreamSheet(sheet, [&](XlsxReadRow&& in) -> Status {
    TableRow row;
    row.line = in.index + 1;
    for (XlsxReadCell& c : in.cells) {
      if (c.column >= limits.max_columns) return FileError("table_too_many_columns", {std::to_string(limits.max_columns)});
      if (row.cells.size() <= static_cast<size_t>(c.column)) row.cells.resize(static_cast<size_t>(c.column) + 1);
      TableCell& cell = row.cells[static_cast<size_t>(c.column)];
      switch (c.kind) {
        case XlsxCellKind::kText:
        case XlsxCellKind::kBool:
        case XlsxCellKind::kError:
          cell.kind = TableCellKind::kText;
          cell.text = std::move(c.text);
          break;
        case XlsxCellKind::kNumber:
          cell.kind = TableCellKind::kNumber;
          cell.text = std::move(c.text);
          break;
        case XlsxCellKind::kDate: {
          cell.kind = TableCellKind::kDate;
          XlsxDateTime d = c.date;
          d.hour = d.minute = d.second = d.millisecond = 0;
          cell.text = d.ToString();
          break;
        }
        case XlsxCellKind::kEmpty:
          break;
      }
    }
    TrimRow(row);
    if (row.cells.empty()) return Status::Ok();
    if (static_cast<int64_t>(table.rows.size()) >= limits.max_rows) {
      return FileError("table_too_many_rows", {std::to_string(limits.max_rows)});
    }
    table.rows.push_back(std::move(row));
    return Status::Ok();
  });
  if (!merges) return core::Fail(merges.error());
  table.merges = std::move(*merges);
  return table;
}

bool ValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    if (n == 2 && c < 0xC2) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

core::Result<std::string> Gb18030ToUtf8(std::string_view in) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1)) return core::Fail(FileError("csv_encoding"));
  std::string out(in.size() * 2 + 16, '\0');
  char* src = const_cast<char*>(in.data());
  size_t src_left = in.size();
  char* dst = out.data();
  size_t dst_left = out.size();
  size_t r = iconv(cd, &src, &src_left, &dst, &dst_left);
  iconv_close(cd);
  if (r == static_cast<size_t>(-1)) return core::Fail(FileError("csv_encoding"));
  out.resize(out.size() - dst_left);
  return out;
}

// The delimiter of a csv: ',' unless the first line has more tabs or semicolons.
char Delimiter(std::string_view text) {
  std::string_view first = text.substr(0, text.find('\n'));
  auto n = [&](char c) { return std::count(first.begin(), first.end(), c); };
  if (n('\t') > n(',') && n('\t') >= n(';')) return '\t';
  if (n(';') > n(',')) return ';';
  return ',';
}

core::Result<Table> ReadCsv(std::string_view bytes, const TableLimits& limits) {
  std::string text;
  if (bytes.starts_with("\xEF\xBB\xBF")) {
    text.assign(bytes.substr(3));
    if (!ValidUtf8(text)) return core::Fail(FileError("csv_encoding"));
  } else if (ValidUtf8(bytes)) {
    text.assign(bytes);
  } else {
    auto decoded = Gb18030ToUtf8(bytes);
    if (!decoded) return core::Fail(decoded.error());
    text = std::move(*decoded);
  }
  if (text.find('\0') != std::string::npos) return core::Fail(FileError("csv_encoding"));
  Table table;
  table.sheets = {""};
  const char delim = Delimiter(text);
  TableRow row;
  std::string field;
  bool quoted_field = false;
  int32_t record = 1, line = 1, record_line = 1;
  auto end_field = [&] {
    TableCell cell;
    if (!IsBlank(field) || quoted_field) {
      cell.kind = TableCellKind::kText;
      cell.text = std::move(field);
    }
    row.cells.push_back(std::move(cell));
    field.clear();
    quoted_field = false;
  };
  auto end_record = [&]() -> Status {
    end_field();
    GJ_RETURN_IF_ERROR(CheckWidth(row, limits));
    TrimRow(row);
    row.line = record++;
    if (!row.cells.empty()) {
      if (static_cast<int64_t>(table.rows.size()) >= limits.max_rows) {
        return FileError("table_too_many_rows", {std::to_string(limits.max_rows)});
      }
      table.rows.push_back(std::move(row));
    }
    row = TableRow{};
    record_line = line;
    return Status::Ok();
  };
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == '"' && field.empty() && !quoted_field) {
      quoted_field = true;
      ++i;
      for (;;) {
        if (i >= text.size()) return core::Fail(FileError("csv_malformed", {std::to_string(record_line)}));
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        if (text[i] == '\n') ++line;
        field.push_back(text[i++]);
      }
      continue;
    }
    if (c == delim) {
      end_field();
      if (static_cast<int64_t>(row.cells.size()) > limits.max_columns) {
        return core::Fail(FileError("table_too_many_columns", {std::to_string(limits.max_columns)}));
      }
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      ++line;
      if (Status s = end_record(); !s.ok()) return core::Fail(s);
    } else {
      field.push_back(c);
    }
    ++i;
  }
  if (!field.empty() || !row.cells.empty() || quoted_field) {
    if (Status s = end_record(); !s.ok()) return core::Fail(s);
  }
  return table;
}

// Whether `s` (normalised) is a totals label.
bool IsTotalLabel(std::string_view s) {
  if (domain::CodePoints(s) > 8) return false;
  for (std::string_view word : {"合计", "总计", "小计", "共计", "累计"}) {
    if (s.find(word) != std::string_view::npos) return true;
  }
  return false;
}

// "一、…", "（一）…", "1、…" style group headings.
bool IsGroupHeading(std::string_view s) {
  static const std::string_view kNumerals[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
  size_t i = s.starts_with("(") ? 1 : 0;  // full-width brackets are folded by the caller
  size_t start = i;
  while (i < s.size()) {
    bool numeral = false;
    for (auto n : kNumerals) {
      if (s.substr(i).starts_with(n)) {
        i += n.size();
        numeral = true;
        break;
      }
    }
    if (!numeral) break;
  }
  if (i == start) return false;
  std::string_view rest = s.substr(i);
  return rest.starts_with("、") || rest.starts_with(")") || rest.starts_with(".");
}

}  // namespace

const TableCell& Table::At(size_t row, size_t column) const {
  static const TableCell kEmpty;
  if (row >= rows.size() || column >= rows[row].cells.size()) return kEmpty;
  return rows[row].cells[column];
}

std::string_view Table::FilledText(size_t row, size_t column) const {
  if (row >= rows.size()) return {};
  const int32_t r = rows[row].line - 1;
  const auto c = static_cast<int32_t>(column);
  for (const XlsxMergeRange& m : merges) {
    if (r >= m.first_row && r <= m.last_row && c >= m.first_column && c <= m.last_column) {
      // The top-left cell: find its row among `rows`.
      for (size_t k = row + 1; k-- > 0;) {
        if (rows[k].line - 1 == m.first_row) return At(k, static_cast<size_t>(m.first_column)).text;
        if (rows[k].line - 1 < m.first_row) break;
      }
      return {};
    }
  }
  return At(row, column).text;
}

core::Result<Table> ReadTable(std::string_view bytes, size_t sheet, const TableLimits& limits) {
  if (bytes.size() > limits.max_bytes) return core::Fail(FileError("xlsx_too_large", {std::to_string(limits.max_bytes >> 20)}));
  core::Result<Table> table = bytes.starts_with("PK") ? ReadXlsx(bytes, sheet, limits) : ReadCsv(bytes, limits);
  if (!table) return table;
  if (table->rows.empty()) return core::Fail(FileError("table_empty"));
  return table;
}

std::string NormaliseHeader(std::string_view header) {
  std::string folded = domain::FoldFullWidth(header);
  std::string out;
  int depth = 0;
  for (size_t i = 0; i < folded.size(); ++i) {
    char c = folded[i];
    if (c == '(') {
      ++depth;
    } else if (c == ')') {
      if (depth > 0) --depth;
    } else if (c == '%' || (depth == 0 && c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '*')) {
      out.push_back(c);
    }
  }
  return out;
}

const TableColumn* TableLayout::ColumnOf(std::string_view field) const {
  for (const TableColumn& c : columns) {
    if (c.field == field) return &c;
  }
  return nullptr;
}

namespace {

// The field whose label or synonym is `normalised`, or -1.
int FieldOf(std::string_view normalised, std::span<const ImportFieldSpec> fields) {
  if (normalised.empty()) return -1;
  for (size_t f = 0; f < fields.size(); ++f) {
    if (NormaliseHeader(fields[f].label) == normalised) return static_cast<int>(f);
    for (std::string_view s : fields[f].synonyms) {
      if (NormaliseHeader(s) == normalised) return static_cast<int>(f);
    }
  }
  return -1;
}

struct Candidate {
  TableLayout layout;
  int score = 0;
};

// The layout with the header's last row at `last` (and its upper row at last - 1 when `two_rows`).
Candidate LayoutAt(const Table& t, size_t last, bool two_rows, std::span<const ImportFieldSpec> fields) {
  Candidate out;
  out.layout.header_first = two_rows ? last - 1 : last;
  out.layout.header_last = last;
  size_t width = 0;
  for (const TableRow& r : t.rows) width = std::max(width, r.cells.size());
  // quality of each (column, field): 3 lower text, 2 upper+lower, 1 upper.
  struct Match {
    int quality;
    size_t column;
    int field;
  };
  std::vector<Match> matches;
  for (size_t c = 0; c < width; ++c) {
    TableColumn col;
    col.index = static_cast<int32_t>(c);
    std::string lower(t.FilledText(last, c));
    std::string upper = two_rows ? std::string(t.FilledText(last - 1, c)) : std::string();
    lower = domain::TrimSpaces(lower);
    upper = domain::TrimSpaces(upper);
    col.header = upper.empty() || upper == lower ? lower : lower.empty() ? upper : upper + "/" + lower;
    out.layout.columns.push_back(col);
    if (int f = FieldOf(NormaliseHeader(lower), fields); f >= 0) matches.push_back({3, c, f});
    if (two_rows && !upper.empty() && upper != lower) {
      if (int f = FieldOf(NormaliseHeader(upper + lower), fields); f >= 0) matches.push_back({2, c, f});
      if (int f = FieldOf(NormaliseHeader(upper), fields); f >= 0) matches.push_back({1, c, f});
    }
  }
  std::stable_sort(matches.begin(), matches.end(), [](const Match& a, const Match& b) {
    return a.quality != b.quality ? a.quality > b.quality : a.column < b.column;
  });
  std::vector<bool> field_taken(fields.size()), column_taken(width);
  for (const Match& m : matches) {
    if (field_taken[static_cast<size_t>(m.field)] || column_taken[m.column]) continue;
    field_taken[static_cast<size_t>(m.field)] = column_taken[m.column] = true;
    out.layout.columns[m.column].field = std::string(fields[static_cast<size_t>(m.field)].key);
    out.score += 1;
  }
  out.layout.found = out.score >= 2;
  return out;
}

// Whether a merged range starts on row index `upper` and reaches the row below it.
bool MergedDown(const Table& t, size_t upper) {
  if (upper + 1 >= t.rows.size()) return false;
  const int32_t top = t.rows[upper].line - 1, below = t.rows[upper + 1].line - 1;
  return std::any_of(t.merges.begin(), t.merges.end(),
                     [&](const XlsxMergeRange& m) { return m.first_row == top && m.last_row >= below; });
}

}  // namespace

TableLayout DetectLayout(const Table& table, std::span<const ImportFieldSpec> fields, std::optional<int32_t> header_line) {
  Candidate best;
  best.score = -1;
  // A two-row header when it names more fields than the lower row alone, or as many with cells
  // merged down across both rows (a one-row header below a title row ties too, but titles merge
  // across, not down).
  auto consider = [&](size_t last) {
    Candidate pick = LayoutAt(table, last, false, fields);
    if (last > 0) {
      Candidate two = LayoutAt(table, last, true, fields);
      if (two.score > pick.score || (two.score == pick.score && MergedDown(table, last - 1))) pick = std::move(two);
    }
    if (pick.score > best.score) best = std::move(pick);
  };
  if (header_line) {
    for (size_t i = 0; i < table.rows.size(); ++i) {
      if (table.rows[i].line == *header_line) consider(i);
    }
    if (best.score >= 0) {
      best.layout.found = true;
      return best.layout;
    }
  }
  for (size_t i = 0; i < table.rows.size() && i < 30; ++i) consider(i);
  if (best.score < 2) {
    // No header: take the first row as one so the user can map the columns.
    Candidate first = LayoutAt(table, 0, false, fields);
    first.layout.found = false;
    return first.layout;
  }
  return best.layout;
}

std::string SkipReason(const TableRow& row) {
  int values = 0;
  bool total = false, heading = false;
  for (const TableCell& c : row.cells) {
    if (c.kind == TableCellKind::kEmpty || IsBlank(c.text)) continue;
    ++values;
    if (c.kind != TableCellKind::kText) continue;
    std::string n = NormaliseHeader(c.text);
    if (IsTotalLabel(n)) total = true;
    if (values == 1 && IsGroupHeading(domain::FoldFullWidth(domain::TrimSpaces(c.text)))) heading = true;
  }
  if (total) return "合计行";
  if (heading && values <= 2) return "分组标题行";
  if (values == 1) return "说明行";
  return "";
}

std::string ColumnLetter(int32_t column) {
  std::string out;
  for (int64_t n = static_cast<int64_t>(column) + 1; n > 0; n = (n - 1) / 26) {
    out.insert(out.begin(), static_cast<char>('A' + (n - 1) % 26));
  }
  return out;
}

}  // namespace gongjian::io
