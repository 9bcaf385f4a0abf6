#include "io/xlsx_reader.h"

#include <expat.h>
#include <fmt/format.h>
#include <zip.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>
#include <map>
#include <optional>
#include <utility>

#include "domain/date.h"

namespace gongjian::io {
namespace {

using core::Status;

constexpr uint64_t kMiB = 1ull << 20;
constexpr int kChunk = 64 * 1024;          // bytes inflated and parsed at a time
constexpr int64_t kExcelRows = 1'048'576;  // for merged ranges, which may reach past the data
constexpr int64_t kExcelColumns = 16'384;
// An escaped character (_x000D_) takes 7 characters in the XML: the raw text of a cell may be
// up to this many times the limit before it is decoded and counted.
constexpr int64_t kEscapeFactor = 7;

std::string Mb(uint64_t bytes) {
  if (bytes % kMiB == 0) return std::to_string(bytes / kMiB);
  return fmt::format("{:.2f}", static_cast<double>(bytes) / static_cast<double>(kMiB));
}

Status Malformed(std::string_view part, std::string detail) {
  return Status::Invalid("file", "xlsx_malformed", {std::string(part)}).WithDetail(std::move(detail));
}
Status EntryTooLarge(const XlsxLimits& limits, std::string detail) {
  return Status::Invalid("file", "xlsx_entry_too_large", {Mb(limits.max_entry_bytes)}).WithDetail(std::move(detail));
}
Status TooManyRows(std::string_view sheet, const XlsxLimits& limits) {
  return Status::Invalid("file", "xlsx_too_many_rows", {std::string(sheet), std::to_string(limits.max_rows)});
}
Status TooManyColumns(std::string_view sheet, const XlsxLimits& limits) {
  return Status::Invalid("file", "xlsx_too_many_columns", {std::string(sheet), std::to_string(limits.max_columns)});
}
Status TextTooLong(std::string where, const XlsxLimits& limits) {
  return Status::Invalid("file", "xlsx_text_too_long", {std::move(where), std::to_string(limits.max_text_chars)});
}

// ---- Little-endian fields of the zip's end records.

uint32_t Le16(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return static_cast<uint32_t>(u[0]) | static_cast<uint32_t>(u[1]) << 8;
}
uint32_t Le32(const char* p) { return Le16(p) | Le16(p + 2) << 16; }
uint64_t Le64(const char* p) { return static_cast<uint64_t>(Le32(p)) | static_cast<uint64_t>(Le32(p + 4)) << 32; }

// The entry count the zip's end-of-central-directory record declares (the ZIP64 record's when
// there is one), read before libzip allocates anything from it: the largest over every
// candidate record in the last 64 KiB, since libzip may pick any of them. nullopt when there is
// no such record (not a zip, or truncated).
std::optional<uint64_t> DeclaredEntries(std::string_view b) {
  constexpr size_t kEocd = 22, kLocator = 20, kEocd64 = 56;
  if (b.size() < kEocd) return std::nullopt;
  const size_t lowest = b.size() - kEocd > 65535 ? b.size() - kEocd - 65535 : 0;  // comment ≤ 64 KiB
  std::optional<uint64_t> most;
  for (size_t i = b.size() - kEocd;; --i) {
    const char* p = b.data() + i;
    if (Le32(p) == 0x06054b50 && i + kEocd + Le16(p + 20) <= b.size()) {
      uint64_t entries = Le16(p + 10);
      if (i >= kLocator && Le32(p - kLocator) == 0x07064b50) {
        const uint64_t at = Le64(p - kLocator + 8);
        if (at <= i - kLocator && i - kLocator - at >= kEocd64 && Le32(b.data() + at) == 0x06064b50) {
          entries = std::max(entries, Le64(b.data() + at + 32));
        }
      }
      most = std::max(most.value_or(0), entries);
    }
    if (i == lowest) return most;
  }
}

// ---- Text helpers.

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

int64_t CodePoints(std::string_view s) {
  return static_cast<int64_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | cp >> 6);
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | cp >> 12);
    out += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes OOXML's escapes of characters XML cannot hold (ST_Xstring): "_x000D_" is a carriage
// return, "_x005F_" an underscore. NUL and surrogates stay as written.
void DecodeEscapes(std::string& s) {
  if (s.find("_x") == std::string::npos) return;
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    if (s[i] == '_' && i + 6 < s.size() && s[i + 1] == 'x' && s[i + 6] == '_') {
      uint32_t cp = 0;
      bool hex = true;
      for (size_t k = i + 2; k < i + 6; ++k) {
        const int d = HexDigit(s[k]);
        hex = hex && d >= 0;
        cp = cp * 16 + static_cast<uint32_t>(std::max(d, 0));
      }
      if (hex && cp != 0 && (cp < 0xD800 || cp > 0xDFFF)) {
        AppendUtf8(out, cp);
        i += 7;
        continue;
      }
    }
    out += s[i++];
  }
  s = std::move(out);
}

// Parses a non-negative decimal integer (no sign, no spaces); false when it is not one or is
// above `max`.
bool ParseIndex(std::string_view s, uint64_t max, uint64_t* out) {
  if (s.empty()) return false;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
    if (v > max) return false;
  }
  *out = v;
  return true;
}

bool ParseNumber(std::string_view s, double* out) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && end == s.data() + s.size() && std::isfinite(*out);
}

enum class RefResult { kOk, kBad, kRowTooLarge, kColumnTooLarge };

// "AB12" (or "$AB$12") → zero-based row 11 and column 27. Row and column numbers are compared
// with the limits while they are read, so nothing overflows.
RefResult ParseRef(std::string_view ref, int64_t max_rows, int64_t max_columns, int64_t* row, int64_t* column) {
  size_t i = 0;
  if (i < ref.size() && ref[i] == '$') ++i;
  int64_t col = 0;
  const size_t letters = i;
  bool col_over = false;
  for (; i < ref.size() && std::isalpha(static_cast<unsigned char>(ref[i])); ++i) {
    col = col * 26 + (std::toupper(static_cast<unsigned char>(ref[i])) - 'A' + 1);
    if (col > max_columns) {
      col_over = true;
      col = max_columns + 1;
    }
  }
  if (i == letters) return RefResult::kBad;
  if (i < ref.size() && ref[i] == '$') ++i;
  int64_t r = 0;
  const size_t digits = i;
  bool row_over = false;
  for (; i < ref.size() && ref[i] >= '0' && ref[i] <= '9'; ++i) {
    r = r * 10 + (ref[i] - '0');
    if (r > max_rows) {
      row_over = true;
      r = max_rows + 1;
    }
  }
  if (i == digits || i != ref.size() || r == 0) return RefResult::kBad;
  if (col_over) return RefResult::kColumnTooLarge;
  if (row_over) return RefResult::kRowTooLarge;
  *row = r - 1;
  *column = col - 1;
  return RefResult::kOk;
}

std::string ColumnName(int64_t column) {
  std::string name;
  for (int64_t c = column + 1; c > 0; c = (c - 1) / 26) name.insert(name.begin(), static_cast<char>('A' + (c - 1) % 26));
  return name;
}

// ---- Calendar (domain/date's days_from_civil and civil_from_days).

int64_t DaysFromCivil(int y, int m, int d) { return domain::DaysFromDate({y, m, d}); }
void CivilFromDays(int64_t z, int* year, int* month, int* day) {
  const domain::Date date = domain::DateFromDays(z);
  *year = date.year;
  *month = date.month;
  *day = date.day;
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// An ISO 8601 date cell (t="d"): "2025-03-01", optionally "T08:30:00[.000][Z]".
std::optional<XlsxDateTime> ParseIsoDate(std::string_view s) {
  auto num = [&](size_t at, size_t len, int* out) {
    if (at + len > s.size()) return false;
    int v = 0;
    for (size_t i = at; i < at + len; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
  };
  XlsxDateTime t;
  if (!num(0, 4, &t.year) || s.size() < 10 || s[4] != '-' || !num(5, 2, &t.month) || s[7] != '-' ||
      !num(8, 2, &t.day)) {
    return std::nullopt;
  }
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (t.year < 1900 || t.month < 1 || t.month > 12 || t.day < 1 ||
      t.day > kDays[t.month - 1] + (t.month == 2 && IsLeap(t.year))) {
    return std::nullopt;
  }
  size_t i = 10;
  if (i < s.size() && (s[i] == 'T' || s[i] == ' ')) {
    if (!num(i + 1, 2, &t.hour) || s.size() < i + 9 || s[i + 3] != ':' || !num(i + 4, 2, &t.minute) ||
        s[i + 6] != ':' || !num(i + 7, 2, &t.second) || t.hour > 23 || t.minute > 59 || t.second > 59) {
      return std::nullopt;
    }
    i += 9;
    if (i < s.size() && s[i] == '.') {
      int ms = 0, digits = 0;
      for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++digits) {
        if (digits < 3) ms = ms * 10 + (s[i] - '0');
      }
      if (digits == 0) return std::nullopt;
      for (; digits < 3; ++digits) ms *= 10;
      t.millisecond = ms;
    }
    if (i < s.size() && s[i] == 'Z') ++i;
  }
  if (i != s.size()) return std::nullopt;
  return t;
}

// The serial of a date in the workbook's system (the inverse of XlsxSerialToDate).
double SerialOf(const XlsxDateTime& t, bool date1904) {
  const int64_t days = DaysFromCivil(t.year, t.month, t.day);
  int64_t serial;
  if (date1904) {
    serial = days - DaysFromCivil(1904, 1, 1);
  } else {
    serial = days - DaysFromCivil(1899, 12, 30);
    if (serial < 61) --serial;  // before Excel's fictitious 1900-02-29
  }
  return static_cast<double>(serial) +
         (t.hour * 3'600'000.0 + t.minute * 60'000.0 + t.second * 1000.0 + t.millisecond) / 86'400'000.0;
}

// ---- Streaming XML with expat.

// Receives the parse of one part. Element names come without their prefix (x:c and c alike:
// some writers prefix the main namespace; transitional and strict OOXML differ only in the
// namespace URIs); attributes by their name as written.
class SaxHandler {
 public:
  virtual ~SaxHandler() = default;
  virtual void Start(std::string_view local, const XML_Char** atts) = 0;
  virtual void End() = 0;
  virtual void Text(const char* s, int len) = 0;

  // Stops the parse with `status` (the first failure wins).
  void Fail(Status status) {
    if (failure_.ok()) failure_ = std::move(status);
    if (parser_ != nullptr) XML_StopParser(parser_, XML_FALSE);
  }
  bool failed() const { return !failure_.ok(); }
  const Status& failure() const { return failure_; }

  std::string part_;         // the part being parsed, for messages
  XML_Parser parser_ = nullptr;

 private:
  Status failure_;
};

// The value of the attribute named `name` (no namespace), or nullptr.
const char* Attr(const XML_Char** atts, std::string_view name) {
  for (int i = 0; atts[i] != nullptr; i += 2) {
    if (name == atts[i]) return atts[i + 1];
  }
  return nullptr;
}

// The r:id attribute (whatever its prefix), or nullptr.
const char* RelId(const XML_Char** atts) {
  for (int i = 0; atts[i] != nullptr; i += 2) {
    std::string_view name = atts[i];
    if (name.ends_with(":id") && name != "xml:id") return atts[i + 1];
  }
  return nullptr;
}

// One expat parser feeding a SaxHandler; no DTDs. Not namespace-aware: expat's namespace
// processing doubled the parse time of a large sheet (measured), and prefixes are all the
// reader needs to ignore.
class XmlParser {
 public:
  explicit XmlParser(SaxHandler* handler) : handler_(handler) {
    parser_ = XML_ParserCreate("UTF-8");
    if (parser_ == nullptr) return;
    handler_->parser_ = parser_;
    XML_SetUserData(parser_, handler_);
    XML_SetElementHandler(
        parser_,
        [](void* self, const XML_Char* name, const XML_Char** atts) {
          auto* h = static_cast<SaxHandler*>(self);
          if (h->failed()) return;
          const char* colon = std::strrchr(name, ':');
          h->Start(colon != nullptr ? colon + 1 : name, atts);
        },
        [](void* self, const XML_Char*) {
          auto* h = static_cast<SaxHandler*>(self);
          if (!h->failed()) h->End();
        });
    XML_SetCharacterDataHandler(parser_, [](void* self, const XML_Char* s, int len) {
      auto* h = static_cast<SaxHandler*>(self);
      if (!h->failed()) h->Text(s, len);
    });
    // OOXML has no DTDs: refusing them rules out entity expansion (billion laughs) and external
    // entities whatever expat's own protections.
    XML_SetStartDoctypeDeclHandler(parser_, [](void* self, const XML_Char*, const XML_Char*, const XML_Char*, int) {
      auto* h = static_cast<SaxHandler*>(self);
      h->Fail(Malformed(h->part_, h->part_ + ": a DTD is not allowed"));
    });
  }
  ~XmlParser() {
    if (parser_ != nullptr) XML_ParserFree(parser_);
  }
  XmlParser(const XmlParser&) = delete;
  XmlParser& operator=(const XmlParser&) = delete;

  XML_Parser get() const { return parser_; }

  // The failure after XML_ParseBuffer returned an error: the handler's, else expat's.
  Status Failure() const {
    if (handler_->failed()) return handler_->failure();
    return Malformed(handler_->part_,
                     fmt::format("{}: {} at line {}, column {}", handler_->part_, XML_ErrorString(XML_GetErrorCode(parser_)),
                                 XML_GetCurrentLineNumber(parser_), XML_GetCurrentColumnNumber(parser_)));
  }

 private:
  SaxHandler* handler_;
  XML_Parser parser_ = nullptr;
};

// ---- Handlers for the package's parts.

enum Tag : uint8_t { kOther, kRoot, kSheets, kSi, kR, kT, kNumFmts, kCellXfs, kSheetData, kRow, kC, kV, kF, kIs, kMergeCells };

// A handler that keeps the stack of interpreted elements.
class TagHandler : public SaxHandler {
 public:
  void Start(std::string_view local, const XML_Char** atts) final {
    if (tags_.empty()) {
      tags_.push_back(kRoot);
      return;
    }
    tags_.push_back(Interpret(tags_.back(), local, atts));
  }
  void End() final {
    const Tag tag = tags_.back();
    tags_.pop_back();
    Close(tag);
  }

 protected:
  // The tag for element `local` inside an element tagged `parent`; kOther when it does not
  // matter.
  virtual Tag Interpret(Tag parent, std::string_view local, const XML_Char** atts) = 0;
  virtual void Close(Tag) {}
  Tag top() const { return tags_.empty() ? kOther : tags_.back(); }

 private:
  std::vector<Tag> tags_;
};

// Text accumulated under a limit on characters, counted as it streams in.
struct LimitedText {
  std::string text;
  int64_t chars = 0;
  // False when the text passes `max_chars`.
  bool Append(const char* s, int len, int64_t max_chars) {
    chars += CodePoints(std::string_view(s, static_cast<size_t>(len)));
    if (chars > max_chars) return false;
    text.append(s, static_cast<size_t>(len));
    return true;
  }
  void Clear() {
    text.clear();
    chars = 0;
  }
};

// A relationships part: Id → Target and Type (external targets left out).
struct Relationship {
  std::string target;
  std::string type;
};
class RelsHandler : public TagHandler {
 public:
  std::map<std::string, Relationship> rels;

 protected:
  Tag Interpret(Tag parent, std::string_view local, const XML_Char** atts) override {
    if (parent == kRoot && local == "Relationship") {
      const char* id = Attr(atts, "Id");
      const char* target = Attr(atts, "Target");
      const char* type = Attr(atts, "Type");
      const char* mode = Attr(atts, "TargetMode");
      if (id != nullptr && target != nullptr && (mode == nullptr || std::string_view(mode) != "External")) {
        rels.emplace(id, Relationship{target, type != nullptr ? type : ""});
      }
    }
    return kOther;
  }
  void Text(const char*, int) override {}
};

struct SheetEntry {
  XlsxSheetInfo info;
  std::string rel_id;
};
class WorkbookHandler : public TagHandler {
 public:
  explicit WorkbookHandler(int64_t max_sheets) : max_sheets_(max_sheets) {}
  std::vector<SheetEntry> sheets;
  bool date1904 = false;

 protected:
  Tag Interpret(Tag parent, std::string_view local, const XML_Char** atts) override {
    if (parent == kRoot && local == "workbookPr") {
      const char* v = Attr(atts, "date1904");
      date1904 = v != nullptr && (std::string_view(v) == "1" || std::string_view(v) == "true");
    } else if (parent == kRoot && local == "sheets") {
      return kSheets;
    } else if (parent == kSheets && local == "sheet") {
      const char* name = Attr(atts, "name");
      const char* rid = RelId(atts);
      const char* state = Attr(atts, "state");
      if (name == nullptr || *name == '\0' || rid == nullptr) {
        Fail(Malformed(part_, part_ + ": a sheet without a name or r:id"));
      } else if (static_cast<int64_t>(sheets.size()) >= max_sheets_) {
        Fail(Malformed(part_, part_ + ": more sheets than the package has entries"));
      } else {
        const bool hidden = state != nullptr && std::string_view(state) != "visible";
        sheets.push_back({{name, hidden}, rid});
      }
    }
    return kOther;
  }
  void Text(const char*, int) override {}

 private:
  int64_t max_sheets_;
};

class StylesHandler : public TagHandler {
 public:
  std::map<int, std::string> custom_formats;  // numFmtId → formatCode
  std::vector<int> xf_format_ids;             // cellXfs, in order

 protected:
  Tag Interpret(Tag parent, std::string_view local, const XML_Char** atts) override {
    if (parent == kRoot && local == "numFmts") return kNumFmts;
    if (parent == kRoot && local == "cellXfs") return kCellXfs;
    if (parent == kNumFmts && local == "numFmt") {
      const char* id = Attr(atts, "numFmtId");
      const char* code = Attr(atts, "formatCode");
      uint64_t n;
      if (id != nullptr && code != nullptr && ParseIndex(id, 1'000'000, &n)) {
        custom_formats[static_cast<int>(n)] = code;
      }
    } else if (parent == kCellXfs && local == "xf") {
      const char* id = Attr(atts, "numFmtId");
      uint64_t n = 0;
      if (id == nullptr || !ParseIndex(id, 1'000'000, &n)) n = 0;
      xf_format_ids.push_back(static_cast<int>(n));
    }
    return kOther;
  }
  void Text(const char*, int) override {}
};

class SharedStringsHandler : public TagHandler {
 public:
  SharedStringsHandler(const XlsxLimits& limits, std::vector<std::string>* strings)
      : limits_(limits), strings_(strings) {}

 protected:
  Tag Interpret(Tag parent, std::string_view local, const XML_Char**) override {
    if (parent == kRoot && local == "si") {
      if (static_cast<int64_t>(strings_->size()) >= limits_.max_shared_strings) {
        Fail(Status::Invalid("file", "xlsx_too_many_strings", {std::to_string(limits_.max_shared_strings)}));
        return kOther;
      }
      current_.Clear();
      return kSi;
    }
    // Text is <si><t> or the runs' <si><r><t>; phonetic runs (<rPh><t>) are left out.
    if ((parent == kSi || parent == kR) && local == "t") return kT;
    if (parent == kSi && local == "r") return kR;
    return kOther;
  }
  void Close(Tag tag) override {
    if (tag != kSi) return;
    DecodeEscapes(current_.text);
    if (CodePoints(current_.text) > limits_.max_text_chars) return Fail(TextTooLong(part_, limits_));
    strings_->push_back(std::move(current_.text));
    current_.Clear();
  }
  void Text(const char* s, int len) override {
    if (top() == kT && !current_.Append(s, len, limits_.max_text_chars * kEscapeFactor)) {
      Fail(TextTooLong(part_, limits_));
    }
  }

 private:
  const XlsxLimits& limits_;
  std::vector<std::string>* strings_;
  LimitedText current_;
};

// The worksheet: rows of cells streamed to a callback, merged ranges collected.
class SheetHandler : public TagHandler {
 public:
  struct Context {
    const XlsxLimits& limits;
    const std::vector<std::string>& shared_strings;
    const std::vector<bool>& xf_is_date;
    bool date1904;
    const std::string& sheet;
    const std::function<Status(XlsxReadRow&&)>& on_row;
  };
  explicit SheetHandler(const Context& context) : c_(context) {}
  std::vector<XlsxMergeRange> merges;

 protected:
  Tag Interpret(Tag parent, std::string_view local, const XML_Char** atts) override {
    switch (parent) {
      case kRoot:
        if (local == "sheetData") return kSheetData;
        if (local == "mergeCells") return kMergeCells;
        break;
      case kSheetData:
        if (local == "row") {
          StartRow(atts);
          return kRow;
        }
        break;
      case kRow:
        if (local == "c") {
          StartCell(atts);
          return kC;
        }
        break;
      case kC:
        if (local == "v") {
          has_v_ = true;
          return kV;
        }
        if (local == "f") {
          formula_ = true;
          return kF;
        }
        if (local == "is") {
          has_is_ = true;
          return kIs;
        }
        break;
      case kIs:
        if (local == "t") return kT;
        if (local == "r") return kR;
        break;
      case kR:
        if (local == "t") return kT;
        break;
      case kMergeCells:
        if (local == "mergeCell") AddMerge(Attr(atts, "ref"));
        break;
      default:
        break;
    }
    return kOther;
  }

  void Close(Tag tag) override {
    if (tag == kC) {
      EndCell();
    } else if (tag == kRow) {
      EndRow();
    }
  }

  void Text(const char* s, int len) override {
    const Tag tag = top();
    LimitedText* text = tag == kV ? &v_ : tag == kT ? &is_ : nullptr;
    if (text != nullptr && !text->Append(s, len, c_.limits.max_text_chars * kEscapeFactor)) {
      Fail(TextTooLong(Where(), c_.limits));
    }
  }

 private:
  enum class Type { kNumber, kShared, kString, kInline, kBool, kError, kDate };

  std::string Where() const { return c_.sheet + "!" + ColumnName(column_) + std::to_string(row_.index + 1); }

  void StartRow(const XML_Char** atts) {
    row_.cells.clear();
    cells_in_row_ = 0;
    next_column_ = 0;
    row_explicit_ = false;
    if (const char* r = Attr(atts, "r")) {
      const std::string_view digits = Trim(r);
      uint64_t n = 0;
      const bool number = !digits.empty() && std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
      if (number && !ParseIndex(digits, static_cast<uint64_t>(c_.limits.max_rows), &n)) {
        return Fail(TooManyRows(c_.sheet, c_.limits));  // all digits, past the limit
      }
      if (!number || n == 0) return Fail(Malformed(part_, fmt::format("{}: row r=\"{}\"", part_, r)));
      SetRow(static_cast<int64_t>(n) - 1);
      row_explicit_ = true;
    } else {
      SetRow(previous_row_ + 1);
    }
  }

  // Makes `index` the current row, which must come after the previous one.
  void SetRow(int64_t index) {
    if (index + 1 > c_.limits.max_rows) return Fail(TooManyRows(c_.sheet, c_.limits));
    if (index <= previous_row_) {
      return Fail(Malformed(part_, fmt::format("{}: row {} after row {}", part_, index + 1, previous_row_ + 1)));
    }
    row_.index = static_cast<int32_t>(index);
  }

  void StartCell(const XML_Char** atts) {
    v_.Clear();
    is_.Clear();
    has_v_ = has_is_ = formula_ = false;
    int64_t column = next_column_;
    if (const char* r = Attr(atts, "r")) {
      int64_t ref_row = 0;
      switch (ParseRef(r, c_.limits.max_rows, c_.limits.max_columns, &ref_row, &column)) {
        case RefResult::kOk:
          break;
        case RefResult::kBad:
          return Fail(Malformed(part_, fmt::format("{}: cell r=\"{}\"", part_, r)));
        case RefResult::kRowTooLarge:
          return Fail(TooManyRows(c_.sheet, c_.limits));
        case RefResult::kColumnTooLarge:
          return Fail(TooManyColumns(c_.sheet, c_.limits));
      }
      // A <row> without r takes its number from its first cell's reference.
      if (!row_explicit_ && cells_in_row_ == 0) {
        SetRow(ref_row);
        if (failed()) return;
      }
    }
    if (column + 1 > c_.limits.max_columns) return Fail(TooManyColumns(c_.sheet, c_.limits));
    if (column < next_column_) {
      return Fail(Malformed(part_, fmt::format("{}: cell {}{} out of order", part_, ColumnName(column), row_.index + 1)));
    }
    column_ = static_cast<int32_t>(column);
    next_column_ = column + 1;
    ++cells_in_row_;

    type_ = Type::kNumber;
    if (const char* t = Attr(atts, "t")) {
      const std::string_view tv = t;
      if (tv == "n") {
        type_ = Type::kNumber;
      } else if (tv == "s") {
        type_ = Type::kShared;
      } else if (tv == "str") {
        type_ = Type::kString;
      } else if (tv == "inlineStr") {
        type_ = Type::kInline;
      } else if (tv == "b") {
        type_ = Type::kBool;
      } else if (tv == "e") {
        type_ = Type::kError;
      } else if (tv == "d") {
        type_ = Type::kDate;
      } else {
        return Fail(Malformed(part_, fmt::format("{}: cell {} has type t=\"{}\"", part_, Where(), tv)));
      }
    }
    date_style_ = false;
    if (const char* s = Attr(atts, "s")) {
      uint64_t style;
      date_style_ = ParseIndex(s, c_.xf_is_date.size(), &style) && style < c_.xf_is_date.size() && c_.xf_is_date[style];
    }
  }

  void EndCell() {
    XlsxReadCell cell;
    cell.row = row_.index;
    cell.column = column_;
    cell.formula = formula_;
    if (type_ != Type::kInline && type_ != Type::kString && v_.chars > c_.limits.max_text_chars) {
      return Fail(TextTooLong(Where(), c_.limits));
    }
    const std::string_view v = Trim(v_.text);
    auto bad = [&](std::string_view what) { Fail(Malformed(part_, fmt::format("{}: cell {} {}", part_, Where(), what))); };
    switch (type_) {
      case Type::kShared: {
        if (v.empty()) break;
        uint64_t index;
        if (!ParseIndex(v, UINT64_MAX / 10, &index) || index >= c_.shared_strings.size()) {
          return bad("refers to a missing shared string");
        }
        // Each cell gets its own copy: a few KB of sheet citing one long string again and again
        // must not make gigabytes, so the copies count against the uncompressed limit.
        shared_text_bytes_ += c_.shared_strings[index].size();
        if (shared_text_bytes_ > c_.limits.max_total_uncompressed_bytes) {
          return Fail(Status::Invalid("file", "xlsx_uncompressed_too_large", {Mb(c_.limits.max_total_uncompressed_bytes)})
                          .WithDetail(fmt::format("{}: shared strings copied into cells pass {} bytes at {}", part_,
                                                  c_.limits.max_total_uncompressed_bytes, Where())));
        }
        cell.kind = XlsxCellKind::kText;
        cell.text = c_.shared_strings[index];
        break;
      }
      case Type::kInline:
      case Type::kString:
        if (type_ == Type::kInline && has_is_) {
          cell.text = std::move(is_.text);
        } else if (has_v_) {
          cell.text = std::move(v_.text);
        } else {
          break;
        }
        DecodeEscapes(cell.text);
        if (CodePoints(cell.text) > c_.limits.max_text_chars) return Fail(TextTooLong(Where(), c_.limits));
        cell.kind = XlsxCellKind::kText;
        break;
      case Type::kBool:
        if (v.empty()) break;
        if (v == "1" || v == "true") {
          cell.number = 1;
          cell.text = "TRUE";
        } else if (v == "0" || v == "false") {
          cell.text = "FALSE";
        } else {
          return bad("is not a boolean");
        }
        cell.kind = XlsxCellKind::kBool;
        break;
      case Type::kError:
        if (v.empty()) break;
        cell.kind = XlsxCellKind::kError;
        cell.text = v;
        break;
      case Type::kNumber:
        if (v.empty()) break;
        if (!ParseNumber(v, &cell.number)) return bad("is not a number");
        cell.text = v;
        cell.kind = XlsxCellKind::kNumber;
        if (date_style_) {
          if (auto date = XlsxSerialToDate(cell.number, c_.date1904)) {
            cell.kind = XlsxCellKind::kDate;
            cell.date = *date;
          }
        }
        break;
      case Type::kDate: {
        if (v.empty()) break;
        auto date = ParseIsoDate(v);
        if (!date) return bad("is not an ISO 8601 date");
        cell.kind = XlsxCellKind::kDate;
        cell.date = *date;
        cell.text = v;
        cell.number = SerialOf(*date, c_.date1904);
        break;
      }
    }
    if (cell.kind == XlsxCellKind::kEmpty && !formula_) return;  // a styled blank
    row_.cells.push_back(std::move(cell));
  }

  void EndRow() {
    previous_row_ = row_.index;
    if (row_.cells.empty()) return;
    Status s = c_.on_row(std::move(row_));
    row_.cells = {};
    if (!s.ok()) Fail(std::move(s));
  }

  void AddMerge(const char* ref) {
    if (ref == nullptr) return Fail(Malformed(part_, part_ + ": a mergeCell without ref"));
    std::string_view r = ref;
    const size_t colon = r.find(':');
    std::string_view a = r.substr(0, colon), b = colon == std::string_view::npos ? a : r.substr(colon + 1);
    int64_t r1, c1, r2, c2;
    if (ParseRef(a, kExcelRows, kExcelColumns, &r1, &c1) != RefResult::kOk ||
        ParseRef(b, kExcelRows, kExcelColumns, &r2, &c2) != RefResult::kOk) {
      return Fail(Malformed(part_, fmt::format("{}: mergeCell ref=\"{}\"", part_, r)));
    }
    merges.push_back({static_cast<int32_t>(std::min(r1, r2)), static_cast<int32_t>(std::min(c1, c2)),
                      static_cast<int32_t>(std::max(r1, r2)), static_cast<int32_t>(std::max(c1, c2))});
  }

  const Context& c_;
  XlsxReadRow row_;
  int64_t previous_row_ = -1;  // the last <row> element's index, with cells or not
  bool row_explicit_ = false;  // the current row had an r attribute
  int64_t cells_in_row_ = 0;
  int64_t next_column_ = 0;
  int32_t column_ = 0;
  Type type_ = Type::kNumber;
  bool date_style_ = false;
  bool has_v_ = false, has_is_ = false, formula_ = false;
  LimitedText v_, is_;
  uint64_t shared_text_bytes_ = 0;  // shared strings copied into cells so far
};

// Resolves a relationship's target against the directory of its source part ("xl/"): an
// absolute target ("/xl/worksheets/sheet1.xml") is taken from the package root; "." and ".."
// are resolved. "" when the target climbs out of the package.
std::string ResolveTarget(std::string_view base_dir, std::string_view target) {
  std::string path = target.starts_with('/') ? std::string(target.substr(1)) : std::string(base_dir) + std::string(target);
  std::vector<std::string_view> parts;
  std::string_view rest = path;
  while (!rest.empty()) {
    const size_t slash = rest.find('/');
    std::string_view part = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (parts.empty()) return "";
      parts.pop_back();
      continue;
    }
    parts.push_back(part);
  }
  std::string out;
  for (auto p : parts) {
    if (!out.empty()) out += '/';
    out += p;
  }
  return out;
}

std::string DirOf(std::string_view part) {
  const size_t slash = part.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(part.substr(0, slash + 1));
}

// "xl/workbook.xml" → "xl/_rels/workbook.xml.rels".
std::string RelsOf(std::string_view part) {
  const size_t slash = part.rfind('/');
  const std::string_view name = slash == std::string_view::npos ? part : part.substr(slash + 1);
  return DirOf(part) + "_rels/" + std::string(name) + ".rels";
}

}  // namespace

// ---- Public helpers.

std::string XlsxDateTime::ToString() const {
  std::string s = fmt::format("{:04}-{:02}-{:02}", year, month, day);
  if (HasTime()) s += fmt::format(" {:02}:{:02}:{:02}", hour, minute, second);
  return s;
}

std::optional<XlsxDateTime> XlsxSerialToDate(double serial, bool date1904) {
  // 9999-12-31 is serial 2,958,465 in the 1900 system, 1,462 less in the 1904 system.
  const double end = date1904 ? 2'957'004.0 : 2'958'466.0;
  if (!std::isfinite(serial) || serial < 0 || serial >= end) return std::nullopt;
  const int64_t ms = std::llround(serial * 86'400'000.0);
  const int64_t day = ms / 86'400'000, in_day = ms % 86'400'000;
  if (day >= static_cast<int64_t>(end)) return std::nullopt;  // rounded up past the last day
  XlsxDateTime t;
  if (date1904) {
    CivilFromDays(DaysFromCivil(1904, 1, 1) + day, &t.year, &t.month, &t.day);
  } else if (day == 60) {
    t.year = 1900, t.month = 2, t.day = 29;  // Excel's fictitious leap day (Lotus 1-2-3's bug)
  } else if (day < 60) {
    CivilFromDays(DaysFromCivil(1899, 12, 31) + day, &t.year, &t.month, &t.day);
  } else {
    CivilFromDays(DaysFromCivil(1899, 12, 30) + day, &t.year, &t.month, &t.day);
  }
  t.hour = static_cast<int>(in_day / 3'600'000);
  t.minute = static_cast<int>(in_day / 60'000 % 60);
  t.second = static_cast<int>(in_day / 1000 % 60);
  t.millisecond = static_cast<int>(in_day % 1000);
  return t;
}

bool XlsxIsDateFormat(int num_fmt_id, std::string_view code) {
  if ((num_fmt_id >= 14 && num_fmt_id <= 22) || (num_fmt_id >= 27 && num_fmt_id <= 36) ||
      (num_fmt_id >= 45 && num_fmt_id <= 47) || (num_fmt_id >= 50 && num_fmt_id <= 58)) {
    return true;
  }
  if (code.empty() || IEquals(code, "General")) return false;
  for (size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (c == '"') {
      const size_t close = code.find('"', i + 1);
      if (close == std::string_view::npos) return false;
      i = close;
    } else if (c == '[') {
      const size_t close = code.find(']', i + 1);
      if (close == std::string_view::npos) return false;
      i = close;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;  // an escaped character, a space as wide as the next one, a fill character
    } else {
      switch (std::tolower(static_cast<unsigned char>(c))) {
        case 'y':
        case 'm':
        case 'd':
        case 'h':
        case 's':
          return true;
        default:
          break;
      }
    }
  }
  return false;
}

std::string XlsxReadCell::Ref() const { return ColumnName(column) + std::to_string(row + 1); }

const XlsxReadCell* XlsxSheetContent::At(int32_t row, int32_t column) const {
  auto r = std::lower_bound(rows.begin(), rows.end(), row, [](const XlsxReadRow& x, int32_t i) { return x.index < i; });
  if (r == rows.end() || r->index != row) return nullptr;
  auto c = std::lower_bound(r->cells.begin(), r->cells.end(), column,
                            [](const XlsxReadCell& x, int32_t i) { return x.column < i; });
  return c == r->cells.end() || c->column != column ? nullptr : &*c;
}

const XlsxMergeRange* XlsxSheetContent::MergeAt(int32_t row, int32_t column) const {
  for (const auto& m : merges) {
    if (row >= m.first_row && row <= m.last_row && column >= m.first_column && column <= m.last_column) return &m;
  }
  return nullptr;
}

// ---- The workbook.

struct XlsxWorkbook::Zip {
  zip_t* archive = nullptr;
  std::vector<uint64_t> sizes;  // declared uncompressed size of each entry, checked at Open
  ~Zip() {
    if (archive != nullptr) zip_discard(archive);  // also frees the source
  }

  // The entry named `name` (ASCII case-insensitive, as OPC part names are), or -1.
  int64_t Find(const std::string& name) const {
    if (name.empty()) return -1;
    return zip_name_locate(archive, name.c_str(), ZIP_FL_NOCASE);
  }

  // Streams entry `index` through `parser`, checking the bytes inflated against the entry's
  // declared size and the limit as they come.
  Status Parse(int64_t index, const std::string& part, const XlsxLimits& limits, SaxHandler& handler) const {
    handler.part_ = part;
    XmlParser parser(&handler);
    if (parser.get() == nullptr) return Status::Internal("xlsx: expat could not allocate a parser");
    const auto at = static_cast<zip_uint64_t>(index);
    const uint64_t declared = sizes[at];
    if (declared > limits.max_entry_bytes) return EntryTooLarge(limits, part + " declares " + std::to_string(declared));
    zip_file_t* file = zip_fopen_index(archive, at, 0);
    if (file == nullptr) return Malformed(part, part + ": " + zip_strerror(archive));
    uint64_t total = 0;
    Status status;
    for (;;) {
      void* buffer = XML_GetBuffer(parser.get(), kChunk);
      if (buffer == nullptr) {
        status = Status::Internal("xlsx: expat could not allocate a buffer");
        break;
      }
      const zip_int64_t got = zip_fread(file, buffer, kChunk);
      if (got < 0) {
        status = Malformed(part, part + ": " + zip_file_strerror(file));
        break;
      }
      total += static_cast<uint64_t>(got);
      if (total > declared || total > limits.max_entry_bytes) {
        status = EntryTooLarge(limits, fmt::format("{} inflates past {} bytes (declared {})", part, total, declared));
        break;
      }
      if (XML_ParseBuffer(parser.get(), static_cast<int>(got), got == 0) != XML_STATUS_OK) {
        status = parser.Failure();
        break;
      }
      if (got == 0) break;
    }
    zip_fclose(file);
    if (status.ok() && handler.failed()) status = handler.failure();
    return status;
  }
};

XlsxWorkbook::~XlsxWorkbook() = default;

core::Result<std::unique_ptr<XlsxWorkbook>> XlsxWorkbook::Open(std::string_view bytes, const XlsxLimits& requested) {
  XlsxLimits limits = requested;
  limits.max_rows = std::clamp<int64_t>(limits.max_rows, 0, kExcelRows);
  limits.max_columns = std::clamp<int64_t>(limits.max_columns, 0, kExcelColumns);
  limits.max_text_chars = std::clamp<int64_t>(limits.max_text_chars, 0, int64_t{1} << 30);  // no overflow below
  if (bytes.size() > limits.max_compressed_bytes) {
    return core::Fail(Status::Invalid("file", "xlsx_too_large", {Mb(limits.max_compressed_bytes)}));
  }
  const std::optional<uint64_t> declared_entries = DeclaredEntries(bytes);
  if (!declared_entries) {
    return core::Fail(Status::Invalid("file", "xlsx_not_zip").WithDetail("no end of central directory record"));
  }
  if (*declared_entries > static_cast<uint64_t>(std::max<int64_t>(limits.max_entries, 0))) {
    return core::Fail(Status::Invalid("file", "xlsx_too_many_entries", {std::to_string(limits.max_entries)})
                          .WithDetail(std::to_string(*declared_entries) + " entries declared"));
  }

  std::unique_ptr<XlsxWorkbook> book(new XlsxWorkbook());
  book->limits_ = limits;
  book->bytes_.assign(bytes);
  book->zip_ = std::make_unique<Zip>();
  {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(book->bytes_.data(), book->bytes_.size(), 0, &error);
    if (source == nullptr) {
      std::string detail = zip_error_strerror(&error);
      zip_error_fini(&error);
      return core::Fail(Status::Internal("xlsx: " + detail));
    }
    book->zip_->archive = zip_open_from_source(source, ZIP_RDONLY, &error);
    if (book->zip_->archive == nullptr) {
      std::string detail = zip_error_strerror(&error);
      zip_error_fini(&error);
      zip_source_free(source);
      return core::Fail(Status::Invalid("file", "xlsx_not_zip").WithDetail(std::move(detail)));
    }
    zip_error_fini(&error);
  }
  Zip& zip = *book->zip_;

  const zip_int64_t entries = zip_get_num_entries(zip.archive, 0);
  if (entries < 0 || entries > limits.max_entries) {
    return core::Fail(Status::Invalid("file", "xlsx_too_many_entries", {std::to_string(limits.max_entries)}));
  }
  uint64_t total = 0;
  zip.sizes.reserve(static_cast<size_t>(entries));
  for (zip_int64_t i = 0; i < entries; ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(zip.archive, static_cast<zip_uint64_t>(i), 0, &st) != 0 || (st.valid & ZIP_STAT_SIZE) == 0) {
      return core::Fail(Malformed("zip", "entry " + std::to_string(i) + ": no size"));
    }
    const std::string name = (st.valid & ZIP_STAT_NAME) != 0 && st.name != nullptr ? st.name : "";
    if (st.size > limits.max_entry_bytes) {
      return core::Fail(EntryTooLarge(limits, name + " declares " + std::to_string(st.size)));
    }
    if (st.size > limits.max_total_uncompressed_bytes - std::min(total, limits.max_total_uncompressed_bytes) ||
        total > limits.max_total_uncompressed_bytes) {
      return core::Fail(
          Status::Invalid("file", "xlsx_uncompressed_too_large", {Mb(limits.max_total_uncompressed_bytes)}));
    }
    total += st.size;
    zip.sizes.push_back(st.size);
  }

  // The package's relationships name the workbook part (almost always xl/workbook.xml).
  std::string workbook_part = "xl/workbook.xml";
  if (const int64_t at = zip.Find("_rels/.rels"); at >= 0) {
    RelsHandler rels;
    GJ_FAIL_IF_ERROR(zip.Parse(at, "_rels/.rels", limits, rels));
    for (const auto& [id, rel] : rels.rels) {
      if (rel.type.ends_with("/officeDocument")) {
        workbook_part = ResolveTarget("", rel.target);
        break;
      }
    }
  }
  const int64_t workbook_at = zip.Find(workbook_part);
  if (workbook_at < 0) {
    return core::Fail(Malformed(workbook_part.empty() ? "xl/workbook.xml" : workbook_part, "no workbook part"));
  }
  WorkbookHandler workbook(limits.max_entries);
  GJ_FAIL_IF_ERROR(zip.Parse(workbook_at, workbook_part, limits, workbook));
  if (workbook.sheets.empty()) return core::Fail(Malformed(workbook_part, workbook_part + ": no sheets"));
  book->date1904_ = workbook.date1904;

  const std::string rels_part = RelsOf(workbook_part);
  const int64_t rels_at = zip.Find(rels_part);
  if (rels_at < 0) return core::Fail(Malformed(rels_part, "no workbook relationships part"));
  RelsHandler rels;
  GJ_FAIL_IF_ERROR(zip.Parse(rels_at, rels_part, limits, rels));
  const std::string base = DirOf(workbook_part);
  for (const auto& sheet : workbook.sheets) {
    auto rel = rels.rels.find(sheet.rel_id);
    if (rel == rels.rels.end()) {
      return core::Fail(Malformed(rels_part, fmt::format("sheet {}: no relationship {}", sheet.info.name, sheet.rel_id)));
    }
    const std::string part = ResolveTarget(base, rel->second.target);
    if (zip.Find(part) < 0) {
      return core::Fail(Malformed(part.empty() ? rel->second.target : part,
                                  fmt::format("sheet {}: part {} missing", sheet.info.name, rel->second.target)));
    }
    book->sheets_.push_back(sheet.info);
    book->sheet_parts_.push_back(part);
  }

  // Styles (which cells hold dates) and shared strings: by relationship type, else by the
  // usual names; both are optional.
  auto part_of_type = [&](std::string_view type_suffix, const char* usual) {
    for (const auto& [id, rel] : rels.rels) {
      if (rel.type.ends_with(type_suffix)) return ResolveTarget(base, rel.target);
    }
    return std::string(usual);
  };
  const std::string styles_part = part_of_type("/styles", "xl/styles.xml");
  if (const int64_t at = zip.Find(styles_part); at >= 0) {
    StylesHandler styles;
    GJ_FAIL_IF_ERROR(zip.Parse(at, styles_part, limits, styles));
    book->xf_is_date_.reserve(styles.xf_format_ids.size());
    for (int id : styles.xf_format_ids) {
      auto custom = styles.custom_formats.find(id);
      book->xf_is_date_.push_back(
          XlsxIsDateFormat(id, custom == styles.custom_formats.end() ? std::string_view() : custom->second));
    }
  }
  const std::string strings_part = part_of_type("/sharedStrings", "xl/sharedStrings.xml");
  if (const int64_t at = zip.Find(strings_part); at >= 0) {
    SharedStringsHandler strings(limits, &book->shared_strings_);
    GJ_FAIL_IF_ERROR(zip.Parse(at, strings_part, limits, strings));
  }
  return book;
}

std::vector<std::string> XlsxWorkbook::sheet_names() const {
  std::vector<std::string> names;
  names.reserve(sheets_.size());
  for (const auto& s : sheets_) names.push_back(s.name);
  return names;
}

core::Result<std::vector<XlsxMergeRange>> XlsxWorkbook::StreamSheet(
    size_t index, const std::function<Status(XlsxReadRow&&)>& on_row) const {
  if (index >= sheets_.size()) {
    return core::Fail(Status::Invalid("file", "xlsx_sheet_not_found", {"#" + std::to_string(index + 1)}));
  }
  const std::string& part = sheet_parts_[index];
  const int64_t at = zip_->Find(part);
  if (at < 0) return core::Fail(Malformed(part, "sheet part missing"));
  SheetHandler::Context context{limits_, shared_strings_, xf_is_date_, date1904_, sheets_[index].name, on_row};
  SheetHandler handler(context);
  GJ_FAIL_IF_ERROR(zip_->Parse(at, part, limits_, handler));
  return std::move(handler.merges);
}

core::Result<XlsxSheetContent> XlsxWorkbook::ReadSheet(size_t index) const {
  XlsxSheetContent content;
  auto merges = StreamSheet(index, [&](XlsxReadRow&& row) {
    content.rows.push_back(std::move(row));
    return Status::Ok();
  });
  if (!merges) return core::Fail(std::move(merges.error()));
  content.name = sheets_[index].name;
  content.merges = std::move(*merges);
  return content;
}

core::Result<XlsxSheetContent> XlsxWorkbook::ReadSheet(std::string_view name) const {
  for (size_t i = 0; i < sheets_.size(); ++i) {
    if (sheets_[i].name == name) return ReadSheet(i);
  }
  return core::Fail(Status::Invalid("file", "xlsx_sheet_not_found", {std::string(name)}));
}

}  // namespace gongjian::io
