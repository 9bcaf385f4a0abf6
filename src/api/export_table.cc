#include "api/export_table.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "core/utf8.h"
#include "domain/date.h"
#include "domain/text.h"
#include "io/xlsx_writer.h"

namespace gongjian::api {
namespace {

using core::Result;
using core::Status;
using io::XlsxCell;
using io::XlsxKind;
using nlohmann::json;

// Integers a double holds exactly: what a cell may carry.
constexpr int64_t kMaxExact = (int64_t{1} << 53) - 1;
constexpr size_t kMaxCellChars = 32'767;

enum class Kind { kText, kInteger, kMoney, kRate, kDate };

std::optional<Kind> ParseKind(std::string_view s) {
  if (s == "text") return Kind::kText;
  if (s == "integer") return Kind::kInteger;
  if (s == "money") return Kind::kMoney;
  if (s == "rate") return Kind::kRate;
  if (s == "date") return Kind::kDate;
  return std::nullopt;
}

const char* CellKey(Kind k) {
  switch (k) {
    case Kind::kText: return "table_cell_text";
    case Kind::kInteger: return "table_cell_integer";
    case Kind::kMoney: return "table_cell_money";
    case Kind::kRate: return "table_cell_rate";
    case Kind::kDate: return "table_cell_date";
  }
  return "table_cell_text";
}

struct Column {
  std::string header;
  std::optional<Kind> kind;
  double width = 0;
  bool has_header = false;
};

struct Spec {
  std::optional<std::string> title;
  std::optional<std::string> file_name;
  std::vector<Column> columns;
  bool has_columns = false;
  bool has_rows = false;
  int64_t rows = 0;
};

// Reads the body as nlohmann's SAX events. Pass kMeta reads the title, the file name and the
// columns, and counts the rows (refusing more than kMaxTableRows, and rows that are not lists);
// pass kRows, given the columns, checks every cell against its column and appends the rows to
// `sheet`. Containers a pass does not read are skipped. The first failure is kept in `status`
// and stops the parse.
class TableReader {
 public:
  enum class Pass { kMeta, kRows };
  TableReader(Pass pass, Spec& spec, io::XlsxSheet* sheet) : pass_(pass), spec_(spec), sheet_(sheet) {
    if (pass_ == Pass::kRows) row_.resize(spec_.columns.size());
  }

  Status status;

  // ---- nlohmann::json SAX ----
  bool null() { return Value(Scalar::kNull, {}, 0, 0); }
  bool boolean(bool) { return Value(Scalar::kOther, {}, 0, 0); }
  bool number_integer(json::number_integer_t v) { return Value(Scalar::kInteger, {}, v, 0); }
  bool number_unsigned(json::number_unsigned_t v) {
    if (v > static_cast<json::number_unsigned_t>(INT64_MAX)) return Value(Scalar::kOther, {}, 0, 0);
    return Value(Scalar::kInteger, {}, static_cast<int64_t>(v), 0);
  }
  bool number_float(json::number_float_t v, const json::string_t&) { return Value(Scalar::kFloat, {}, 0, v); }
  bool string(json::string_t& v) { return Value(Scalar::kString, v, 0, 0); }
  bool binary(json::binary_t&) { return Value(Scalar::kOther, {}, 0, 0); }

  bool start_object(std::size_t) {
    if (stack_.empty()) return Push(At::kRoot);
    switch (stack_.back()) {
      case At::kSkip: return Push(At::kSkip);
      case At::kColumns:
        spec_.columns.emplace_back();
        if (static_cast<int64_t>(spec_.columns.size()) > kMaxTableColumns) {
          return Fail(Status::Invalid("columns", "too_many", {std::to_string(kMaxTableColumns)}));
        }
        return Push(At::kColumn);
      default: return Container();
    }
  }
  bool end_object() { return Pop(); }
  bool start_array(std::size_t) {
    if (stack_.empty()) return Fail(Status::Invalid("body", "body_not_object"));
    switch (stack_.back()) {
      case At::kSkip: return Push(At::kSkip);
      case At::kRoot:
        if (key_ == "columns") {
          if (pass_ == Pass::kRows) return Push(At::kSkip);
          spec_.has_columns = true;
          return Push(At::kColumns);
        }
        if (key_ == "rows") {
          spec_.has_rows = true;
          return Push(At::kRows);
        }
        return Container();
      case At::kRows:
        if (pass_ == Pass::kMeta) {
          if (++spec_.rows > kMaxTableRows) {
            return Fail(Status::Invalid("rows", "too_many", {std::to_string(kMaxTableRows)}));
          }
          return Push(At::kSkip);
        }
        cell_ = 0;
        return Push(At::kRow);
      default: return Container();
    }
  }
  bool end_array() {
    if (!stack_.empty() && stack_.back() == At::kRow) {
      if (cell_ != spec_.columns.size()) return RowLength();
      if (Status s = sheet_->AddRow(row_); !s.ok()) return Fail(std::move(s));
      ++row_index_;
    }
    return Pop();
  }
  bool key(json::string_t& k) {
    if (stack_.empty()) return false;
    if (stack_.back() == At::kSkip) return true;
    if (stack_.back() == At::kRoot) {
      if (k != "title" && k != "file_name" && k != "columns" && k != "rows") {
        return Fail(Status::Invalid(k, "unknown_field"));
      }
      for (const auto& seen : root_keys_) {
        if (seen == k) return Fail(Status::Invalid(k, "duplicate_field"));
      }
      root_keys_.push_back(k);
      key_ = k;
      return true;
    }
    if (stack_.back() == At::kColumn) {
      const std::string field = ColumnField() + "." + k;
      if (k != "header" && k != "kind" && k != "width") return Fail(Status::Invalid(field, "unknown_field"));
      key_ = k;
      return true;
    }
    return true;
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception&) {
    if (status.ok()) status = Status::Invalid("body", "malformed_json", {std::to_string(position)});
    return false;
  }

  size_t rows_written() const { return row_index_; }

 private:
  enum class At { kRoot, kColumns, kColumn, kRows, kRow, kSkip };
  enum class Scalar { kNull, kInteger, kFloat, kString, kOther };

  bool Fail(Status s) {
    if (status.ok()) status = std::move(s);
    return false;
  }
  bool Push(At at) {
    // The table needs three levels; what is skipped may nest a little more, not without end.
    if (stack_.size() >= 32) return Fail(Status::Invalid("body", "json_too_deep"));
    stack_.push_back(at);
    return true;
  }
  bool Pop() {
    if (stack_.empty()) return false;
    const At at = stack_.back();
    stack_.pop_back();
    if (at == At::kColumn && pass_ == Pass::kMeta) return CheckColumn();
    return true;
  }
  std::string ColumnField() const { return fmt::format("columns[{}]", spec_.columns.size() - 1); }
  // The row being read: in the first pass, the number of rows counted before it.
  std::string RowField() const {
    return fmt::format("rows[{}]", pass_ == Pass::kMeta ? static_cast<size_t>(spec_.rows) : row_index_);
  }

  // An object or a list where a value was due.
  bool Container() {
    if (stack_.empty()) return Fail(Status::Invalid("body", "body_not_object"));
    switch (stack_.back()) {
      case At::kRoot: return Value(Scalar::kOther, {}, 0, 0);
      case At::kColumns:
        return Fail(Status::Invalid(fmt::format("columns[{}]", spec_.columns.size()), "wrong_type_object"));
      case At::kColumn: return Value(Scalar::kOther, {}, 0, 0);
      case At::kRows: return Fail(Status::Invalid(RowField(), "wrong_type_list"));
      case At::kRow: return Value(Scalar::kOther, {}, 0, 0);
      case At::kSkip: return Push(At::kSkip);
    }
    return false;
  }

  bool Value(Scalar type, std::string_view text, int64_t integer, double) {
    if (stack_.empty()) return Fail(Status::Invalid("body", "body_not_object"));
    switch (stack_.back()) {
      case At::kSkip: return true;
      case At::kRoot: return RootValue(type, text);
      case At::kColumn: return ColumnValue(type, text, integer);
      case At::kColumns:
        return Fail(Status::Invalid(fmt::format("columns[{}]", spec_.columns.size()), "wrong_type_object"));
      case At::kRows: return Fail(Status::Invalid(RowField(), "wrong_type_list"));
      case At::kRow: return Cell(type, text, integer);
    }
    return false;
  }

  bool RootValue(Scalar type, std::string_view text) {
    if (key_ == "columns" || key_ == "rows") return Fail(Status::Invalid(key_, "wrong_type_list"));
    // title, file_name
    if (pass_ == Pass::kRows) return true;
    if (type == Scalar::kNull) return true;
    if (type != Scalar::kString) return Fail(Status::Invalid(key_, "wrong_type_string"));
    (key_ == "title" ? spec_.title : spec_.file_name) = std::string(text);
    return true;
  }

  bool ColumnValue(Scalar type, std::string_view text, int64_t integer) {
    if (pass_ == Pass::kRows) return true;
    Column& c = spec_.columns.back();
    const std::string field = ColumnField() + "." + key_;
    if (key_ == "header") {
      if (type != Scalar::kString) return Fail(Status::Invalid(field, "wrong_type_string"));
      c.header = std::string(text);
      c.has_header = true;
    } else if (key_ == "kind") {
      if (type != Scalar::kString) return Fail(Status::Invalid(field, "wrong_type_string"));
      c.kind = ParseKind(text);
      if (!c.kind) return Fail(Status::Invalid(field, "invalid_enum", {"text, integer, money, rate, date"}));
    } else if (key_ == "width") {
      if (type == Scalar::kNull) return true;
      if (type != Scalar::kInteger || integer < 1 || integer > 100) {
        return Fail(Status::Invalid(field, "out_of_range", {"1", "100"}));
      }
      c.width = static_cast<double>(integer);
    }
    return true;
  }

  bool CheckColumn() {
    const Column& c = spec_.columns.back();
    const std::string field = ColumnField();
    const std::string header = domain::TrimSpaces(c.header);
    if (!c.has_header || header.empty()) return Fail(Status::Invalid(field + ".header", "required"));
    if (domain::CodePoints(header) > static_cast<size_t>(kMaxTableTitle)) {
      return Fail(Status::Invalid(field + ".header", "too_long", {std::to_string(kMaxTableTitle)}));
    }
    if (!c.kind) return Fail(Status::Invalid(field + ".kind", "required"));
    spec_.columns.back().header = header;
    return true;
  }

  bool RowLength() {
    return Fail(Status::Invalid(RowField(), "table_row_length",
                                {std::to_string(row_index_ + 1), std::to_string(spec_.columns.size())}));
  }

  bool WrongCell(Kind kind) {
    return Fail(Status::Invalid(fmt::format("rows[{}][{}]", row_index_, cell_), CellKey(kind),
                                {std::to_string(row_index_ + 1), std::to_string(cell_ + 1), spec_.columns[cell_].header}));
  }

  bool Cell(Scalar type, std::string_view text, int64_t integer) {
    if (cell_ >= spec_.columns.size()) return RowLength();
    const Kind kind = *spec_.columns[cell_].kind;
    XlsxCell& out = row_[cell_];
    out.kind = XlsxKind::kBlank;
    if (type == Scalar::kNull) {
      ++cell_;
      return true;
    }
    switch (kind) {
      case Kind::kText:
        if (type != Scalar::kString) return WrongCell(kind);
        if (domain::CodePoints(text) > kMaxCellChars) {
          return Fail(Status::Invalid(fmt::format("rows[{}][{}]", row_index_, cell_), "too_long",
                                      {std::to_string(kMaxCellChars)}));
        }
        out.kind = XlsxKind::kText;
        out.text.assign(text);
        break;
      case Kind::kInteger:
      case Kind::kMoney:
      case Kind::kRate:
        if (type != Scalar::kInteger || integer > kMaxExact || integer < -kMaxExact) return WrongCell(kind);
        out.kind = kind == Kind::kInteger ? XlsxKind::kInteger : kind == Kind::kMoney ? XlsxKind::kMoney : XlsxKind::kRate;
        out.integer = integer;
        break;
      case Kind::kDate: {
        if (type != Scalar::kString) return WrongCell(kind);
        if (text.empty()) break;
        auto d = domain::ParseDate(text);
        if (!d) return WrongCell(kind);
        out.kind = XlsxKind::kDate;
        out.year = d->year;
        out.month = d->month;
        out.day = d->day;
        break;
      }
    }
    ++cell_;
    return true;
  }

  Pass pass_;
  Spec& spec_;
  io::XlsxSheet* sheet_;
  std::vector<At> stack_;
  std::string key_;
  std::vector<std::string> root_keys_;
  std::vector<XlsxCell> row_;
  size_t cell_ = 0;
  size_t row_index_ = 0;
};

Status Parse(std::string_view body, TableReader& reader) {
  try {
    const bool ok = json::sax_parse(body.begin(), body.end(), &reader);
    if (!reader.status.ok()) return reader.status;
    if (!ok) return Status::Invalid("body", "malformed_json", {"0"});
  } catch (const std::exception&) {
    if (!reader.status.ok()) return reader.status;
    return Status::Invalid("body", "malformed_json", {"0"});
  }
  return Status::Ok();
}

// A text field of the body: trimmed, at most kMaxTableTitle characters, no control characters.
Result<std::string> NameField(const std::optional<std::string>& value, const char* field) {
  std::string s = domain::TrimSpaces(value.value_or(""));
  if (domain::CodePoints(s) > static_cast<size_t>(kMaxTableTitle)) {
    return core::Fail(Status::Invalid(field, "too_long", {std::to_string(kMaxTableTitle)}));
  }
  for (unsigned char ch : s) {
    if (ch < 0x20 || ch == 0x7F) return core::Fail(Status::Invalid(field, "control_characters"));
  }
  return s;
}

// The sheet's name: the title without the characters Excel refuses ([]:*?/\), apostrophes at the
// ends and anything past 31 characters; "数据" when nothing is left.
std::string SheetName(const std::string& title) {
  std::string out;
  size_t chars = 0;
  for (size_t i = 0; i < title.size() && chars < 31;) {
    const unsigned char b = static_cast<unsigned char>(title[i]);
    const size_t len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    if (len == 1 && std::string_view("[]:*?/\\").find(title[i]) != std::string_view::npos) {
      ++i;
      continue;
    }
    out.append(title, i, len);
    i += len;
    ++chars;
  }
  while (!out.empty() && out.front() == '\'') out.erase(out.begin());
  while (!out.empty() && out.back() == '\'') out.pop_back();
  return out.empty() ? "数据" : out;
}

double DefaultWidth(const Column& c) {
  const double header = io::XlsxTextWidth(c.header) + 2;
  switch (*c.kind) {
    case Kind::kText: return std::max(16.0, header);
    case Kind::kDate: return std::max(12.0, header);
    case Kind::kMoney: return std::max(14.0, header);
    default: return std::max(10.0, header);
  }
}

}  // namespace

Result<TableExport> BuildTableExport(std::string_view body) {
  Spec spec;
  {
    TableReader meta(TableReader::Pass::kMeta, spec, nullptr);
    GJ_FAIL_IF_ERROR(Parse(body, meta));
  }
  auto title = NameField(spec.title, "title");
  if (!title) return core::Fail(title.error());
  if (title->empty()) return core::Fail(Status::Invalid("title", "required"));
  auto file_name = NameField(spec.file_name, "file_name");
  if (!file_name) return core::Fail(file_name.error());
  if (!spec.has_columns || spec.columns.empty()) return core::Fail(Status::Invalid("columns", "required"));
  if (!spec.has_rows) return core::Fail(Status::Invalid("rows", "required"));

  auto writer = io::XlsxWriter::InMemory({.title = *title});
  if (!writer) return core::Fail(writer.error());
  io::XlsxSheetSpec sheet_spec{.name = SheetName(*title), .title = *title};
  for (const Column& c : spec.columns) sheet_spec.columns.push_back({c.header, c.width > 0 ? c.width : DefaultWidth(c)});
  auto sheet = (*writer)->AddSheet(sheet_spec);
  if (!sheet) return core::Fail(sheet.error());
  TableReader rows(TableReader::Pass::kRows, spec, *sheet);
  GJ_FAIL_IF_ERROR(Parse(body, rows));
  auto bytes = (*writer)->CloseToBytes();
  if (!bytes) return core::Fail(bytes.error());
  return TableExport{std::move(*bytes), file_name->empty() ? *title : *file_name, spec.rows};
}

}  // namespace gongjian::api
