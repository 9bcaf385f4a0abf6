#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "domain/date.h"
#include "domain/project.h"

namespace gongjian::demo {

// An organisation the generator may refer to: its id is copied into projects, its name
// into names and addresses.
struct NamedOrg {
  int64_t id = 0;
  std::string name;
};

struct ProjectGenInput {
  int count = 300;  // 300 district, 5,000 city, 50,000 province
  uint64_t seed = 1;
  domain::Date today;                 // the generator's "now"; dates are placed around it
  std::vector<NamedOrg> towns;        // 10 towns/streets; index i is town i of the map
  std::vector<NamedOrg> departments;  // responsible departments (区发改局, 区住建局, 区交通运输局 …)
  std::vector<NamedOrg> parks;
  std::vector<NamedOrg> owners;          // owner units (业主单位)
  std::vector<int64_t> leader_user_ids;  // 包联领导 accounts; may be empty
};

// `in.count` fictional projects of the district (id and version left 0), every one of
// which passes domain::ValidateProject. Pure and deterministic: the same input gives the
// same projects, field for field. The first is always "智能制造产业园一期" (industry, under
// construction). The stages follow a district-like mix in exact proportions, which from
// 250 projects on covers every Stage, every reserve Review and both kinds of side state;
// each life-cycle state is one that domain::ApplyTransition can reach, and the dates agree
// with it relative to `in.today` (a real date; otherwise 2026-06-30 is used). Every project
// lies in one of `in.towns` (town_org_id set, coordinates from PointInTown) when towns are
// given; owners and departments are matched to projects by what their names say (交通,
// 水务, 住房和城乡建设 …), falling back to any. Linear in `in.count`; 50,000 projects take
// well under a second.
std::vector<domain::Project> GenerateProjects(const ProjectGenInput& in);

// The district's towns as a GeoJSON FeatureCollection (RFC 7946, coordinates rounded to 6
// decimals): one Polygon feature per town, in order, with properties {"name", "index"}.
// The towns tile the district (about 42 km × 31 km around lon 117.1–117.55, lat 31.7–31.98)
// without gaps or overlaps; a border shared by two towns has the same vertices in both.
// Deterministic; an empty list gives an empty collection.
std::string DistrictGeoJson(const std::vector<std::string>& town_names);

struct LonLat {
  double lon = 0;
  double lat = 0;
};

// A point strictly inside the polygon of town `index` (< town_count) of the map that
// DistrictGeoJson draws for `town_count` towns, for u, v in [0, 1] (west to east, south to
// north across the town's core). Values outside [0, 1] are clamped.
LonLat PointInTown(size_t index, size_t town_count, double u, double v);

}  // namespace gongjian::demo
