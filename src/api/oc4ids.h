#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "domain/lifecycle.h"
#include "domain/org.h"
#include "domain/project.h"

namespace gongjian::api {

// What an OC4IDS export needs besides the projects themselves.
struct Oc4idsInput {
  std::vector<domain::Project> projects;
  std::map<int64_t, domain::Org> orgs;        // every org a project refers to (owner, town, responsible, agency)
  std::map<int64_t, std::string> user_names;  // 包联领导 display names by user id
  std::string publisher_name;                 // e.g. "示范区发展和改革局"
  std::string base_uri;                       // e.g. "https://gongjian.example.gov.cn" (no trailing slash)
  std::string published_date;                 // ISO 8601 date-time, e.g. "2026-11-29T04:00:00Z"
  std::string region_code;                    // "990101"
  std::string currency = "CNY";
};

// An OC4IDS 0.9.5 project package of `in.projects`, in their order, valid against
// project-package-schema.json and project-schema.json when the input is: a publisher name, an
// absolute base URI, a date-time, at least one project (the schema wants minItems 1; an empty
// list gives an empty array, which the caller must not publish as a package), distinct project
// ids, and projects that pass domain::ValidateProject.
//
// Each project: id "oc4ids-{region_code}-{project.id}"; language "zh"; the national code as
// identifier of scheme "CN-NDRC-TZXM" when there is one; status from Oc4idsStatus(lifecycle);
// type from the construction nature; sector from the category, refined by keywords in the
// industry and name; parties from the referenced orgs with partyRole codes (responsible units
// publicAuthority, the first being project.publicAuthority and carrying the 包联领导 as a person;
// owner buyer + procuringEntity; agency administrativeEntity; one party per org, roles merged);
// budget with a breakdown by fund source; period from the planned dates, implementationPeriod
// from the actual start (and completion), completion.endDate from the actual completion; one
// location from the address, town and coordinates. Civil dates become midnight Beijing time,
// "2026-03-01T00:00:00+08:00". Empty fields are left out, never written as "".
//
// Money is exact: an amount's JSON number is the decimal text of domain::FormatYuan (trailing
// zeros dropped: 123456789 分 → 1234567.89, 100 分 → 1), parsed into a double. Every amount up
// to domain::kMaxMoney has at most 15 significant digits, so the double serialises back to the
// same text (nlohmann writes the shortest round-trip form); no arithmetic is done in floating point.
//
// Orgs or leaders missing from the maps are left out. Pure: no I/O.
nlohmann::json Oc4idsPackage(const Oc4idsInput& in);

// The OC4IDS projectStatus code for a life-cycle stage (SPEC §11): planning, reserve →
// identification; preparation → preparation; construction → implementation; completed →
// completion; production → maintenance; withdrawn → cancelled. A suspended project keeps the
// status of the stage it left, which the stage alone does not tell: kSuspended gives
// "implementation" (most suspensions stop a construction site); use the LifecycleState overload.
std::string_view Oc4idsStatus(domain::Stage stage);

// As above, but a suspended project has the status of its resume_stage.
std::string_view Oc4idsStatus(const domain::LifecycleState& state);

}  // namespace gongjian::api
