#include "domain/sheet_values.h"

#include <cctype>
#include <charconv>
#include <string>

#include "domain/report.h"
#include "domain/text.h"

namespace gongjian::domain {
namespace {

using core::Status;
using Int = __int128;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A decimal number as mantissa × 10^exponent.
struct Decimal {
  bool negative = false;
  Int mantissa = 0;
  int exponent = 0;
};

// Parses [+-]digits[.digits][(e|E)[+-]digits] with ',' thousands separators; at most 30
// significant digits. nullopt for anything else.
std::optional<Decimal> ParseDecimal(std::string_view s) {
  Decimal d;
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) d.negative = s[i++] == '-';
  int digits = 0, significant = 0;
  bool dot = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (IsDigit(c)) {
      ++digits;
      if (significant > 0 || c != '0') ++significant;
      if (significant > 30) return std::nullopt;
      d.mantissa = d.mantissa * 10 + (c - '0');
      if (dot) --d.exponent;
    } else if (c == ',' && !dot && digits > 0) {
      continue;
    } else if (c == '.' && !dot) {
      dot = true;
    } else {
      break;
    }
  }
  if (digits == 0) return std::nullopt;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool neg = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
    int e = 0;
    auto [end, ec] = std::from_chars(s.data() + i, s.data() + s.size(), e);
    if (ec != std::errc() || end == s.data() + i || e > 400) return std::nullopt;
    i = static_cast<size_t>(end - s.data());
    d.exponent += neg ? -e : e;
  }
  if (i != s.size()) return std::nullopt;
  return d;
}

Int Pow10(int n) {
  Int p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

// Removes a trailing unit word and returns the unit it states, if any.
std::optional<AmountUnit> StripUnit(std::string& s) {
  struct Suffix {
    std::string_view text;
    AmountUnit unit;
  };
  for (Suffix u : {Suffix{"万元", AmountUnit::kWanYuan}, Suffix{"亿元", AmountUnit::kYiYuan}, Suffix{"万", AmountUnit::kWanYuan},
                   Suffix{"亿", AmountUnit::kYiYuan}, Suffix{"元", AmountUnit::kYuan}}) {
    if (s.size() > u.text.size() && s.ends_with(u.text)) {
      s.resize(s.size() - u.text.size());
      s = TrimSpaces(s);
      return u.unit;
    }
  }
  return std::nullopt;
}

// The text with spaces removed inside and around (people type "1 200.00").
std::string Compact(std::string_view text) {
  std::string folded = FoldFullWidth(text);
  std::string out;
  for (char c : folded) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') out.push_back(c);
  }
  return out;
}

// value × 10^shift as an integer: exact, or rounded half away from zero when `lenient` and the
// remainder is noise (within a thousandth of a unit of an integer). nullopt when inexact.
std::optional<Int> Scale(const Decimal& d, int shift, bool lenient) {
  int e = d.exponent + shift;
  if (e >= 0) {
    if (e > 20) return d.mantissa == 0 ? std::optional<Int>(0) : std::nullopt;
    return d.mantissa * Pow10(e);
  }
  if (-e > 36) return d.mantissa == 0 || lenient ? std::optional<Int>(0) : std::nullopt;
  Int div = Pow10(-e);
  Int q = d.mantissa / div, r = d.mantissa % div;
  if (r == 0) return q;
  if (!lenient) return std::nullopt;
  // Noise: r / div < 0.001 or > 0.999.
  if (r * 1000 < div) return q;
  if ((div - r) * 1000 < div) return q + 1;
  return std::nullopt;
}

}  // namespace

std::string FoldFullWidth(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    // U+FF01..U+FF5E is EF BC 81..EF BD 9E; U+3000 is E3 80 80.
    if (c == 0xEF && i + 2 < text.size()) {
      auto b1 = static_cast<unsigned char>(text[i + 1]), b2 = static_cast<unsigned char>(text[i + 2]);
      unsigned cp = 0xF000u | ((b1 & 0x3Fu) << 6) | (b2 & 0x3Fu);
      if (cp >= 0xFF01 && cp <= 0xFF5E) {
        out.push_back(static_cast<char>(cp - 0xFF01 + 0x21));
        i += 3;
        continue;
      }
    }
    if (c == 0xE3 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
        static_cast<unsigned char>(text[i + 2]) == 0x80) {
      out.push_back(' ');
      i += 3;
      continue;
    }
    out.push_back(text[i]);
    ++i;
  }
  return out;
}

AmountUnit AmountUnitOfHeader(std::string_view header) {
  if (header.find("亿元") != std::string_view::npos) return AmountUnit::kYiYuan;
  if (header.find("万元") != std::string_view::npos) return AmountUnit::kWanYuan;
  std::string h = FoldFullWidth(header);
  for (std::string_view yuan : {"(元)", "（元）", "/元", "元)", "单位：元", "单位:元"}) {
    if (h.find(yuan) != std::string::npos) return AmountUnit::kYuan;
  }
  return AmountUnit::kWanYuan;
}

core::Result<Fen> ParseAmount(std::string_view field, std::string_view text, AmountUnit unit, bool number_cell) {
  std::string s = Compact(text);
  if (auto stated = StripUnit(s)) unit = *stated;
  auto d = ParseDecimal(s);
  if (!d) return core::Fail(Status::Invalid(std::string(field), "not_a_number", {std::string(text)}));
  const int shift = unit == AmountUnit::kYuan ? 2 : unit == AmountUnit::kWanYuan ? 6 : 10;
  auto fen = Scale(*d, shift, number_cell);
  if (!fen) return core::Fail(Status::Invalid(std::string(field), "amount_too_precise", {std::string(text)}));
  if (*fen > kMaxMoney) return core::Fail(Status::Invalid(std::string(field), "amount_out_of_range"));
  Fen value = static_cast<Fen>(*fen);
  return d->negative ? -value : value;
}

std::optional<Date> ParseLooseDate(std::string_view text) {
  std::string s = FoldFullWidth(TrimSpaces(text));
  if (auto space = s.find(' '); space != std::string::npos) s.resize(space);  // a time after the date
  // Split into runs of digits; the separators between them must all be one kind.
  std::vector<std::string> parts;
  std::string separators;
  std::string digits;
  for (size_t i = 0; i < s.size();) {
    if (IsDigit(s[i])) {
      digits.push_back(s[i++]);
      continue;
    }
    if (!digits.empty()) parts.push_back(std::move(digits)), digits.clear();
    size_t len = (static_cast<unsigned char>(s[i]) & 0x80) ? 3 : 1;  // 年 月 日 are 3 bytes
    separators.append(s, i, len);
    separators.push_back('|');
    i += len;
  }
  if (!digits.empty()) parts.push_back(std::move(digits));
  auto num = [](const std::string& p) { return std::stoi(p.size() > 6 ? p.substr(0, 6) : p); };
  int year = 0, month = 0, day = 1;
  if (parts.size() == 1 && separators.empty()) {
    const std::string& p = parts[0];
    if (p.size() == 8) {
      year = num(p.substr(0, 4)), month = num(p.substr(4, 2)), day = num(p.substr(6, 2));
    } else if (p.size() == 6) {
      year = num(p.substr(0, 4)), month = num(p.substr(4, 2));
    } else {
      return std::nullopt;
    }
  } else if (parts.size() == 2 || parts.size() == 3) {
    static const std::string kChinese2 = "年|月|", kChinese3 = "年|月|日|";
    bool chinese = separators == kChinese2 || separators == "年|" || separators == kChinese3 ||
                   (parts.size() == 3 && separators == "年|月|");
    bool plain = false;
    for (std::string_view sep : {"-", "/", "."}) {
      std::string one = std::string(sep) + "|";
      std::string expected = parts.size() == 2 ? one : one + one;
      if (separators == expected) plain = true;
    }
    if (!chinese && !plain) return std::nullopt;
    if (parts[0].size() != 4 || parts[1].size() > 2 || (parts.size() == 3 && parts[2].size() > 2)) return std::nullopt;
    year = num(parts[0]), month = num(parts[1]);
    if (parts.size() == 3) day = num(parts[2]);
  } else {
    return std::nullopt;
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return ParseDate(buf);
}

std::optional<Date> DateFromExcelSerial(std::string_view number_text) {
  int64_t serial = 0;
  auto [end, ec] = std::from_chars(number_text.data(), number_text.data() + number_text.size(), serial);
  if (ec != std::errc() || end != number_text.data() + number_text.size()) return std::nullopt;
  if (serial < 1 || serial > 109574) return std::nullopt;
  // Serial 60 is Excel's fictitious 1900-02-29; serials after it are one day ahead.
  if (serial == 60) return std::nullopt;
  int64_t days_since_1899_12_31 = serial < 60 ? serial : serial - 1;
  return DateFromDays(days_since_1899_12_31 - 25568);  // 1899-12-31 is day -25568 from 1970-01-01
}

core::Result<int> ParsePercent(std::string_view field, std::string_view text, bool number_cell) {
  std::string s = Compact(text);
  bool percent_sign = s.ends_with('%');
  if (percent_sign) s.pop_back();
  auto d = ParseDecimal(s);
  if (!d) return core::Fail(Status::Invalid(std::string(field), "not_a_number", {std::string(text)}));
  // A decimal of at most 1 without a % sign is a fraction (a %-formatted cell stores 0.455, and
  // people type 0.455 meaning the same): 0.455 → 45.5%. "1" stays 1%.
  bool fraction = !percent_sign && d->exponent < 0 && d->mantissa <= Pow10(-d->exponent);
  auto bp = Scale(*d, fraction ? 4 : 2, number_cell);
  if (!bp) return core::Fail(Status::Invalid(std::string(field), "amount_too_precise", {std::string(text)}));
  if (d->negative || *bp > kProgressScale) return core::Fail(Status::Invalid(std::string(field), "progress_out_of_range"));
  return static_cast<int>(*bp);
}

core::Result<int64_t> ParseCount(std::string_view field, std::string_view text) {
  std::string s = Compact(text);
  for (std::string_view unit : {"人", "个", "项"}) {
    if (s.size() > unit.size() && s.ends_with(unit)) s.resize(s.size() - unit.size());
  }
  auto d = ParseDecimal(s);
  if (!d) return core::Fail(Status::Invalid(std::string(field), "not_a_number", {std::string(text)}));
  auto n = Scale(*d, 0, true);
  if (!n || *n > 10'000'000) return core::Fail(Status::Invalid(std::string(field), "not_a_number", {std::string(text)}));
  if (d->negative && *n != 0) return core::Fail(Status::Invalid(std::string(field), "negative_value"));
  return static_cast<int64_t>(*n);
}

}  // namespace gongjian::domain
