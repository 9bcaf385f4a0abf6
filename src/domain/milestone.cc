#include "domain/milestone.h"

#include <set>

#include "domain/text.h"

namespace gongjian::domain {
namespace {

using core::Status;

std::string DepField(size_t i, const char* name) { return "deps[" + std::to_string(i) + "]." + name; }

Status CheckText(const char* field, const std::string& text, size_t max_chars) {
  if (CodePoints(text) > max_chars) return Status::Invalid(field, "too_long", {std::to_string(max_chars)});
  return Status::Ok();
}

}  // namespace

Status ValidateMilestone(Milestone& m, Date today) {
  m.name = TrimSpaces(m.name);
  m.responsible_person = TrimSpaces(m.responsible_person);
  GJ_RETURN_IF_ERROR(CheckName("name", m.name, kMilestoneNameMaxChars));
  if (!m.responsible_person.empty()) {
    GJ_RETURN_IF_ERROR(CheckName("responsible_person", m.responsible_person, kMilestonePersonMaxChars));
  }
  GJ_RETURN_IF_ERROR(CheckText("note", m.note, kMilestoneNoteMaxChars));
  if (m.actual && *m.actual > today) return Status::Invalid("actual", "date_in_future");
  if (m.deps.size() > kMaxMilestoneDeps) {
    return Status::Invalid("deps", "too_many", {std::to_string(kMaxMilestoneDeps)});
  }
  std::set<int64_t> seen;
  for (size_t i = 0; i < m.deps.size(); ++i) {
    const auto& d = m.deps[i];
    if (d.predecessor_id <= 0) return Status::Invalid(DepField(i, "predecessor_id"), "required");
    if (m.id != 0 && d.predecessor_id == m.id) return Status::Invalid(DepField(i, "predecessor_id"), "milestone_self");
    if (!seen.insert(d.predecessor_id).second) return Status::Invalid(DepField(i, "predecessor_id"), "repeated_value",
                                                                         {std::to_string(d.predecessor_id)});
    if (d.lag_days < 0 || d.lag_days > kMaxLagDays) {
      return Status::Invalid(DepField(i, "lag_days"), "out_of_range", {"0", std::to_string(kMaxLagDays)});
    }
  }
  return Status::Ok();
}

std::string_view MilestoneAnchorName(MilestoneAnchor anchor) {
  return anchor == MilestoneAnchor::kStart ? "start" : "end";
}

std::optional<MilestoneAnchor> ParseMilestoneAnchor(std::string_view name) {
  if (name == "start") return MilestoneAnchor::kStart;
  if (name == "end") return MilestoneAnchor::kEnd;
  return std::nullopt;
}

Status ValidateMilestoneTemplate(MilestoneTemplate& t) {
  t.name = TrimSpaces(t.name);
  GJ_RETURN_IF_ERROR(CheckName("name", t.name, kMilestoneNameMaxChars));
  if (t.nodes.empty()) return Status::Invalid("nodes", "required");
  if (t.nodes.size() > kMaxTemplateNodes) {
    return Status::Invalid("nodes", "too_many", {std::to_string(kMaxTemplateNodes)});
  }
  std::set<std::string> names;
  for (size_t i = 0; i < t.nodes.size(); ++i) {
    auto& n = t.nodes[i];
    const std::string field = "nodes[" + std::to_string(i) + "]";
    n.name = TrimSpaces(n.name);
    GJ_RETURN_IF_ERROR(CheckName(field + ".name", n.name, kMilestoneNameMaxChars));
    if (!names.insert(n.name).second) return Status::Invalid(field + ".name", "repeated_value", {n.name});
    if (n.offset_days < -kMaxTemplateOffsetDays || n.offset_days > kMaxTemplateOffsetDays) {
      return Status::Invalid(field + ".offset_days", "out_of_range",
                             {std::to_string(-kMaxTemplateOffsetDays), std::to_string(kMaxTemplateOffsetDays)});
    }
  }
  return Status::Ok();
}

std::vector<Milestone> MilestonesFromTemplate(const MilestoneTemplate& t, Date start, Date end,
                                              const WorkCalendar& calendar) {
  std::vector<Milestone> out;
  out.reserve(t.nodes.size());
  for (size_t i = 0; i < t.nodes.size(); ++i) {
    const auto& n = t.nodes[i];
    Milestone m;
    m.position = static_cast<int>(i);
    m.name = n.name;
    m.planned = AddDays(n.anchor == MilestoneAnchor::kStart ? start : end, n.offset_days);
    if (i > 0 && out.back().planned <= m.planned) {
      m.deps.push_back({static_cast<int64_t>(i - 1), calendar.WorkingDaysBetween(out.back().planned, m.planned)});
    }
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace gongjian::domain
