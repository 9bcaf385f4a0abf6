#pragma once

// Internal to the briefing (briefing.cc, briefing_pdf.cc): the wording and number formats both
// renderers share. Not for other callers.

#include <optional>
#include <string>

#include "core/status.h"
#include "report/briefing.h"

namespace gongjian::report::briefing_text {

// 万元 with two decimals, rounded half away from zero, exact: 523'000'000'000 → "523000.00".
std::string Wan(domain::Fen fen);
// 亿元 with two decimals, likewise: 523'000'000'000 → "52.30".
std::string Yi(domain::Fen fen);
// "78.53%", or "—" without a rate.
std::string Rate(std::optional<int64_t> basis_points);
// "+1.2", "-4.8", "0", or "—" without a figure.
std::string Points(std::optional<int64_t> basis_points);
// `name`, or "未指定" when empty.
std::string OrUnspecified(const std::string& name);
// "示范区重大项目建设月度通报".
std::string Title(const BriefingFacts& facts);

// The sentence that opens each section ("" when there is nothing to say).
std::string UnitsSentence(const BriefingFacts& facts);
std::string CategoriesSentence(const BriefingFacts& facts);
std::string LightsSentence(const BriefingFacts& facts);
std::string ProblemsSentence(const BriefingFacts& facts);
std::string ApprovalsSentence(const BriefingFacts& facts);

// kInternal when the month is not 1..12 or a text is not valid UTF-8 (or holds a NUL).
core::Status CheckFacts(const BriefingFacts& facts);

}  // namespace gongjian::report::briefing_text
