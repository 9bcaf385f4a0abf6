#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "domain/date.h"

namespace gongjian::domain {

// A site visit (SPEC §6): 督查 by the office, 走访 by the district's leaders.
enum class InspectionKind { kSupervision, kVisit };
std::string_view InspectionKindName(InspectionKind v);  // "supervision", "visit"
std::optional<InspectionKind> ParseInspectionKind(std::string_view name);
std::string_view InspectionKindLabel(InspectionKind v);  // "督查", "走访"

// An inspection's own fields as a user gives them.
struct InspectionInput {
  InspectionKind kind = InspectionKind::kSupervision;
  Date held_on;
  std::string title;     // required, ≤ kInspectionTitleMaxChars, one line
  std::string people;    // the names of those who went; required, ≤ kInspectionPeopleMaxChars, one line
  std::string findings;  // what they found; optional, ≤ kInspectionFindingsMaxChars
  std::vector<int64_t> project_ids;  // the visited projects: 1 … kMaxInspectionProjects, no repeats
};
inline constexpr size_t kInspectionTitleMaxChars = 60;
inline constexpr size_t kInspectionPeopleMaxChars = 200;
inline constexpr size_t kInspectionFindingsMaxChars = 4000;
inline constexpr size_t kMaxInspectionProjects = 20;

// Trims the texts, drops repeated project ids (keeping the first), and checks every field:
// kInvalid naming it ("title", "people", "findings", "project_ids", "held_on"). `today` bounds
// the date: an inspection is recorded after it happened, so held_on may not lie after today
// ("date_in_future"), nor before 2000-01-01 ("out_of_range"). Pure.
core::Status ValidateInspectionInput(InspectionInput& in, Date today);

}  // namespace gongjian::domain
