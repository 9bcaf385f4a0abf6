#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "domain/date.h"
#include "domain/project.h"

// Reading the values staff type into spreadsheets: amounts in 元, 万元 or 亿元 converted to 分
// exactly, dates in the half-dozen ways districts write them, per cents and counts. Pure text in,
// value out; the caller names the field (every error is kInvalidArgument on `field`).

namespace gongjian::domain {

enum class AmountUnit { kYuan, kWanYuan, kYiYuan };

// The unit a column header states: "（亿元）" → 亿元, "(元)" or "金额/元" → 元, else 万元 (what
// project lists use when they say nothing).
AmountUnit AmountUnitOfHeader(std::string_view header);

// `text` in `unit` as 分, exactly: "12,345.67", "1.5E3", full-width digits and punctuation, a
// leading sign; a trailing 元/万元/万/亿元/亿 overrides `unit`. Errors (on `field`):
//   not_a_number      anything else (args: the text)
//   amount_too_precise more decimals than a 分 (e.g. 0.123456789 万元; args: the text)
//   amount_out_of_range |value| above kMaxMoney
// `number_cell` says the text is a spreadsheet number as stored (a double printed with up to 17
// digits, so 1234.56 may arrive as "1234.5599999999999"): there, a remainder under a thousandth of
// a 分 is taken as binary noise and rounded away instead of refused.
core::Result<Fen> ParseAmount(std::string_view field, std::string_view text, AmountUnit unit, bool number_cell);

// A date written "2025-03-01", "2025/3/1", "2025.03.01", "2025年3月1日", "20250301", optionally with a
// time after a space (ignored); or a month alone, "2025-03", "2025.03", "2025/3", "2025年3月",
// "202503", taken as its first day. Years 1900–2199. nullopt for anything else, including
// impossible dates.
std::optional<Date> ParseLooseDate(std::string_view text);

// An Excel serial date (1900 system) written as a plain number, as a column formatted General
// shows it: whole numbers 1..109574 (1900-01-01..2199-12-31). nullopt otherwise.
std::optional<Date> DateFromExcelSerial(std::string_view number_text);

// A per cent as basis points of a per cent (4550 = 45.50%): "45.5%", "45.5", "４５％"; a decimal
// of at most 1 without a % sign is a fraction ("0.455", what a %-formatted cell stores; "1" is 1%). Errors on
// `field`: not_a_number; progress_out_of_range outside 0–100%; amount_too_precise past 0.01%.
core::Result<int> ParsePercent(std::string_view field, std::string_view text, bool number_cell);

// A whole count "12", "12人", "1,200"; errors on `field`: not_a_number, negative_value.
core::Result<int64_t> ParseCount(std::string_view field, std::string_view text);

// `text` with full-width ASCII (Ｕ+FF01–FF5E) folded to ASCII, the ideographic space to a space.
std::string FoldFullWidth(std::string_view text);

}  // namespace gongjian::domain
