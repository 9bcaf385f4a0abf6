#include "domain/inspection.h"

#include <algorithm>

#include "domain/enum_names.h"
#include "domain/text.h"

namespace gongjian::domain {
namespace {

using core::Status;

constexpr EnumTable<InspectionKind, 2> kKinds = {{{InspectionKind::kSupervision, "supervision"},
                                                  {InspectionKind::kVisit, "visit"}}};
constexpr EnumTable<InspectionKind, 2> kKindLabels = {{{InspectionKind::kSupervision, "督查"},
                                                       {InspectionKind::kVisit, "走访"}}};

}  // namespace

std::string_view InspectionKindName(InspectionKind v) { return EnumName(kKinds, v); }
std::optional<InspectionKind> ParseInspectionKind(std::string_view name) { return EnumParse(kKinds, name); }
std::string_view InspectionKindLabel(InspectionKind v) { return EnumName(kKindLabels, v); }

Status ValidateInspectionInput(InspectionInput& in, Date today) {
  if (in.held_on < Date{2000, 1, 1}) return Status::Invalid("held_on", "out_of_range", {"2000-01-01", today.ToString()});
  if (today < in.held_on) return Status::Invalid("held_on", "date_in_future");
  in.title = TrimSpaces(in.title);
  GJ_RETURN_IF_ERROR(CheckName("title", in.title, kInspectionTitleMaxChars));
  in.people = TrimSpaces(in.people);
  GJ_RETURN_IF_ERROR(CheckName("people", in.people, kInspectionPeopleMaxChars));
  in.findings = TrimSpaces(in.findings);
  if (CodePoints(in.findings) > kInspectionFindingsMaxChars) {
    return Status::Invalid("findings", "too_long", {std::to_string(kInspectionFindingsMaxChars)});
  }
  std::vector<int64_t> unique;
  for (int64_t id : in.project_ids) {
    if (id <= 0) return Status::Invalid("project_ids", "project_not_found");
    if (std::find(unique.begin(), unique.end(), id) == unique.end()) unique.push_back(id);
  }
  in.project_ids = std::move(unique);
  if (in.project_ids.empty()) return Status::Invalid("project_ids", "required");
  if (in.project_ids.size() > kMaxInspectionProjects) {
    return Status::Invalid("project_ids", "too_many", {std::to_string(kMaxInspectionProjects)});
  }
  return Status::Ok();
}

}  // namespace gongjian::domain
