#include "demo/project_gen.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include <nlohmann/json.hpp>

#include "domain/lifecycle.h"

namespace gongjian::demo {
namespace {

using domain::Date;
using domain::Project;
using domain::Review;
using domain::Stage;

constexpr Date kToday{2026, 11, 1};

ProjectGenInput DistrictInput(int count, uint64_t seed = 1) {
  ProjectGenInput in;
  in.count = count;
  in.seed = seed;
  in.today = kToday;
  int64_t id = 100;
  for (const char* name :
       {"城关街道", "东城街道", "西城街道", "南湖街道", "北塬镇", "柳河镇", "青石镇", "双桥镇", "杨庄镇", "白水乡"}) {
    in.towns.push_back({id++, name});
  }
  for (const char* name : {"区发展和改革局", "区经济和信息化局", "区住房和城乡建设局", "区自然资源和规划局",
                           "区生态环境局", "区交通运输局", "区水利局", "区投资促进中心", "区行政审批服务局"}) {
    in.departments.push_back({id++, name});
  }
  for (const char* name : {"示范区高新技术产业开发区", "临港物流园区", "现代农业产业园"})
    in.parks.push_back({id++, name});
  for (const char* name : {"示范区城市建设投资集团有限公司", "示范区交通投资有限公司", "示范区水务有限公司",
                           "示范区文旅发展有限公司", "示范区产业投资集团有限公司", "示范区新能源科技有限公司",
                           "示范区智能制造股份有限公司", "示范区医药科技有限公司"}) {
    in.owners.push_back({id++, name});
  }
  in.leader_user_ids = {7, 8, 9};
  return in;
}

std::vector<std::string> Names(size_t n) {
  std::vector<std::string> names;
  for (size_t i = 0; i < n; ++i) names.push_back("镇" + std::to_string(i));
  return names;
}

using Ring = std::vector<std::pair<double, double>>;

std::vector<Ring> ParseRings(const std::string& geojson) {
  auto doc = nlohmann::json::parse(geojson);
  std::vector<Ring> rings;
  for (const auto& f : doc.at("features")) {
    Ring ring;
    for (const auto& c : f.at("geometry").at("coordinates").at(0))
      ring.emplace_back(c.at(0).get<double>(), c.at(1).get<double>());
    rings.push_back(std::move(ring));
  }
  return rings;
}

// Ray casting: true when (x, y) is inside the closed ring.
bool Inside(const Ring& ring, double x, double y) {
  bool in = false;
  for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
    auto [xi, yi] = ring[i];
    auto [xj, yj] = ring[j];
    if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) in = !in;
  }
  return in;
}

double SignedArea(const Ring& ring) {
  double a = 0;
  for (size_t i = 0; i + 1 < ring.size(); ++i)
    a += ring[i].first * ring[i + 1].second - ring[i + 1].first * ring[i].second;
  return a / 2;
}

// Every state the life cycle can reach from 谋划.
std::set<std::tuple<int, int, int, int>> ReachableStates() {
  auto key = [](const domain::LifecycleState& s) {
    return std::make_tuple(static_cast<int>(s.stage), static_cast<int>(s.review),
                           s.resume_stage ? static_cast<int>(*s.resume_stage) : -1, static_cast<int>(s.resume_review));
  };
  std::set<std::tuple<int, int, int, int>> seen;
  std::vector<domain::LifecycleState> todo{domain::LifecycleState{}};
  seen.insert(key(todo[0]));
  while (!todo.empty()) {
    domain::LifecycleState s = todo.back();
    todo.pop_back();
    for (int a = 0; a <= static_cast<int>(domain::TransitionAction::kRestore); ++a) {
      auto next = domain::ApplyTransition(s, static_cast<domain::TransitionAction>(a));
      if (next && seen.insert(key(*next)).second) todo.push_back(*next);
    }
  }
  return seen;
}

TEST(ProjectGenTest, EveryGeneratedProjectPassesValidation) {
  for (int count : {300, 5000}) {
    auto projects = GenerateProjects(DistrictInput(count));
    ASSERT_EQ(projects.size(), static_cast<size_t>(count));
    for (const Project& p : projects) {
      core::Status s = domain::ValidateProject(p);
      ASSERT_TRUE(s.ok()) << p.name << ": " << s.ToString();
      EXPECT_EQ(p.id, 0);
      EXPECT_EQ(p.version, 0);
    }
  }
}

TEST(ProjectGenTest, SameInputGivesIdenticalProjects) {
  auto a = GenerateProjects(DistrictInput(1000, 42));
  auto b = GenerateProjects(DistrictInput(1000, 42));
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].name, b[i].name);
    EXPECT_EQ(a[i].national_code, b[i].national_code);
    EXPECT_EQ(a[i].total_investment, b[i].total_investment);
    ASSERT_EQ(a[i].funds.size(), b[i].funds.size());
    for (size_t j = 0; j < a[i].funds.size(); ++j) EXPECT_EQ(a[i].funds[j].amount, b[i].funds[j].amount);
    EXPECT_EQ(a[i].lifecycle, b[i].lifecycle);
    EXPECT_EQ(a[i].actual_start, b[i].actual_start);
    EXPECT_EQ(a[i].planned_completion, b[i].planned_completion);
    EXPECT_EQ(a[i].longitude, b[i].longitude);
    EXPECT_EQ(a[i].content, b[i].content);
    EXPECT_EQ(a[i].contacts, b[i].contacts);
  }
}

TEST(ProjectGenTest, AnotherSeedGivesOtherProjects) {
  auto a = GenerateProjects(DistrictInput(300, 1));
  auto b = GenerateProjects(DistrictInput(300, 2));
  int same = 0;
  for (size_t i = 1; i < a.size(); ++i) same += a[i].name == b[i].name ? 1 : 0;
  EXPECT_LT(same, 30);
}

TEST(ProjectGenTest, FirstProjectIsTheSmartManufacturingParkUnderConstruction) {
  for (int count : {1, 2, 300}) {
    auto projects = GenerateProjects(DistrictInput(count));
    ASSERT_FALSE(projects.empty());
    EXPECT_EQ(projects[0].name, "智能制造产业园一期");
    EXPECT_EQ(projects[0].category, domain::ProjectCategory::kIndustry);
    EXPECT_EQ(projects[0].lifecycle.stage, Stage::kConstruction);
    int named = 0;
    for (const Project& p : projects) named += p.name == "智能制造产业园一期" ? 1 : 0;
    EXPECT_EQ(named, 1);
  }
}

TEST(ProjectGenTest, ThreeHundredProjectsCoverEveryStageAndReview) {
  auto projects = GenerateProjects(DistrictInput(300));
  std::map<Stage, int> stages;
  std::set<Review> reviews;
  std::set<Stage> suspended_from;
  std::set<Stage> withdrawn_from;
  for (const Project& p : projects) {
    ++stages[p.lifecycle.stage];
    if (p.lifecycle.stage == Stage::kReserve) reviews.insert(p.lifecycle.review);
    if (p.lifecycle.stage == Stage::kSuspended) suspended_from.insert(*p.lifecycle.resume_stage);
    if (p.lifecycle.stage == Stage::kWithdrawn) withdrawn_from.insert(*p.lifecycle.resume_stage);
  }
  for (int s = 0; s <= static_cast<int>(Stage::kWithdrawn); ++s) {
    EXPECT_GT(stages[static_cast<Stage>(s)], 0) << domain::StageName(static_cast<Stage>(s));
  }
  EXPECT_EQ(reviews, (std::set<Review>{Review::kPendingInitial, Review::kPendingFinal, Review::kApproved}));
  EXPECT_EQ(suspended_from, (std::set<Stage>{Stage::kPreparation, Stage::kConstruction}));
  EXPECT_EQ(withdrawn_from, (std::set<Stage>{Stage::kPlanning, Stage::kReserve, Stage::kPreparation}));
  // A district-like mix: construction dominates.
  EXPECT_EQ(stages[Stage::kConstruction], 120);
  EXPECT_EQ(stages[Stage::kPlanning], 24);
}

TEST(ProjectGenTest, LifecycleStatesAreReachableByTransitions) {
  auto reachable = ReachableStates();
  for (const Project& p : GenerateProjects(DistrictInput(2000))) {
    const auto& s = p.lifecycle;
    auto key =
        std::make_tuple(static_cast<int>(s.stage), static_cast<int>(s.review),
                        s.resume_stage ? static_cast<int>(*s.resume_stage) : -1, static_cast<int>(s.resume_review));
    EXPECT_TRUE(reachable.count(key)) << p.name << " " << domain::StageName(s.stage);
  }
}

TEST(ProjectGenTest, DatesAgreeWithTheStage) {
  int new_starts = 0;
  int continuing = 0;
  for (const Project& p : GenerateProjects(DistrictInput(5000))) {
    Stage stage = p.lifecycle.stage;
    Stage origin = p.lifecycle.resume_stage.value_or(stage);
    bool started = origin == Stage::kConstruction || origin == Stage::kCompleted || origin == Stage::kProduction;
    EXPECT_EQ(p.actual_start.has_value(), started) << p.name;
    EXPECT_EQ(p.actual_completion.has_value(), stage == Stage::kCompleted || stage == Stage::kProduction) << p.name;
    if (p.actual_start) {
      EXPECT_LE(*p.actual_start, kToday);
    }
    if (p.actual_completion) {
      EXPECT_LE(*p.actual_completion, kToday);
    }
    if (p.planned_start) {
      EXPECT_TRUE(p.planned_completion.has_value());
    }
    if (stage != Stage::kPlanning) {
      EXPECT_TRUE(p.planned_start.has_value()) << p.name;
    }
    if (stage == Stage::kConstruction) (p.actual_start->year == kToday.year ? new_starts : continuing)++;
  }
  EXPECT_GT(new_starts, 300);
  EXPECT_GT(continuing, 300);
}

TEST(ProjectGenTest, NationalCodesAreUniqueAndFollowRegistration) {
  std::set<std::string> codes;
  int reserve_with_code = 0;
  int reserve_without_code = 0;
  for (const Project& p : GenerateProjects(DistrictInput(5000))) {
    Stage origin = p.lifecycle.resume_stage.value_or(p.lifecycle.stage);
    if (origin == Stage::kPlanning) {
      EXPECT_TRUE(p.national_code.empty()) << p.name;
    }
    if (origin == Stage::kReserve) (p.national_code.empty() ? reserve_without_code : reserve_with_code)++;
    if (origin != Stage::kPlanning && origin != Stage::kReserve) {
      EXPECT_FALSE(p.national_code.empty()) << p.name;
    }
    if (p.national_code.empty()) continue;
    EXPECT_TRUE(domain::IsNationalCode(p.national_code)) << p.national_code;
    EXPECT_EQ(p.national_code.substr(5, 6), "990101");
    EXPECT_TRUE(codes.insert(p.national_code).second) << p.national_code;
  }
  EXPECT_GT(reserve_with_code, 0);
  EXPECT_GT(reserve_without_code, 0);
}

TEST(ProjectGenTest, MoneyIsInWholeWanAndFundsSplitExactly) {
  int without_funds = 0;
  auto projects = GenerateProjects(DistrictInput(5000));
  int mid_range = 0;
  for (const Project& p : projects) {
    EXPECT_EQ(p.total_investment % 1'000'000, 0);
    EXPECT_GE(p.total_investment, 500LL * 1'000'000);
    EXPECT_LE(p.total_investment, 500'000LL * 1'000'000);
    if (p.total_investment >= 5'000LL * 1'000'000 && p.total_investment <= 50'000LL * 1'000'000) ++mid_range;
    if (p.funds.empty()) ++without_funds;
    EXPECT_LE(p.funds.size(), 3u);
    domain::Fen sum = 0;
    for (const auto& f : p.funds) {
      EXPECT_GT(f.amount, 0);
      EXPECT_EQ(f.amount % 1'000'000, 0);
      sum += f.amount;
    }
    if (!p.funds.empty()) {
      EXPECT_EQ(sum, p.total_investment);
    }
  }
  EXPECT_GT(without_funds, 300);
  EXPECT_LT(without_funds, 700);
  EXPECT_GT(mid_range, 2500);  // most between 0.5 and 5亿元
}

TEST(ProjectGenTest, ProjectsReferToTheGivenOrganisations) {
  ProjectGenInput in = DistrictInput(1000);
  std::set<int64_t> towns, departments, owners, agencies;
  for (const auto& o : in.towns) towns.insert(o.id);
  for (const auto& o : in.departments) departments.insert(o.id);
  for (const auto& o : in.owners) owners.insert(o.id);
  for (const auto& o : in.parks) agencies.insert(o.id);
  agencies.insert(departments.begin(), departments.end());
  size_t i = 0;
  for (const Project& p : GenerateProjects(in)) {
    ASSERT_TRUE(p.town_org_id.has_value());
    EXPECT_TRUE(towns.count(*p.town_org_id));
    ASSERT_TRUE(p.owner_org_id.has_value());
    EXPECT_TRUE(owners.count(*p.owner_org_id));
    ASSERT_FALSE(p.responsible_org_ids.empty());
    EXPECT_LE(p.responsible_org_ids.size(), 3u);
    EXPECT_TRUE(departments.count(p.responsible_org_ids[0]));
    std::set<int64_t> distinct(p.responsible_org_ids.begin(), p.responsible_org_ids.end());
    EXPECT_EQ(distinct.size(), p.responsible_org_ids.size());
    if (p.agency_org_id) {
      EXPECT_TRUE(agencies.count(*p.agency_org_id));
    }
    EXPECT_EQ(p.leader_user_id, in.leader_user_ids[i++ % in.leader_user_ids.size()]);
    EXPECT_FALSE(p.address.empty());
    EXPECT_FALSE(p.content.empty());
    EXPECT_NE(p.contacts.find("-0000-"), std::string::npos) << p.contacts;
    EXPECT_LE(p.tags.size(), 3u);
  }
}

TEST(ProjectGenTest, WorksWithoutOrganisationsOrLeaders) {
  ProjectGenInput in;
  in.count = 100;
  in.today = kToday;
  for (const Project& p : GenerateProjects(in)) {
    EXPECT_TRUE(domain::ValidateProject(p).ok()) << p.name;
    EXPECT_FALSE(p.leader_user_id.has_value());
    EXPECT_FALSE(p.owner_org_id.has_value());
  }
  in.count = 0;
  EXPECT_TRUE(GenerateProjects(in).empty());
}

TEST(ProjectGenTest, NamesStayDistinctAtProvinceScale) {
  auto projects = GenerateProjects(DistrictInput(50000));
  std::set<std::string> names;
  for (const Project& p : projects) names.insert(p.name);
  EXPECT_GT(names.size(), 49500u);
}

TEST(ProjectGenTest, EveryProjectLiesInsideItsTownOnTheMap) {
  ProjectGenInput in = DistrictInput(5000);
  std::vector<std::string> town_names;
  std::map<int64_t, size_t> town_index;
  for (size_t i = 0; i < in.towns.size(); ++i) {
    town_names.push_back(in.towns[i].name);
    town_index[in.towns[i].id] = i;
  }
  std::vector<Ring> rings = ParseRings(DistrictGeoJson(town_names));
  ASSERT_EQ(rings.size(), in.towns.size());
  for (const Project& p : GenerateProjects(in)) {
    size_t town = town_index.at(*p.town_org_id);
    EXPECT_TRUE(Inside(rings[town], *p.longitude, *p.latitude)) << p.name << " in " << town_names[town];
    for (size_t other = 0; other < rings.size(); ++other) {
      if (other != town) {
        EXPECT_FALSE(Inside(rings[other], *p.longitude, *p.latitude));
      }
    }
  }
}

TEST(DistrictGeoJsonTest, OneClosedCounterClockwisePolygonPerTownWithNameAndIndex) {
  std::vector<std::string> names = {"城关街道", "东城街道", "西城街道", "南湖街道", "北塬镇",
                                    "柳河镇",   "青石镇",   "双桥镇",   "杨庄镇",   "白水乡"};
  auto doc = nlohmann::json::parse(DistrictGeoJson(names));
  EXPECT_EQ(doc.at("type"), "FeatureCollection");
  ASSERT_EQ(doc.at("features").size(), names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    const auto& f = doc["features"][i];
    EXPECT_EQ(f.at("type"), "Feature");
    EXPECT_EQ(f.at("properties").at("name"), names[i]);
    EXPECT_EQ(f.at("properties").at("index"), i);
    EXPECT_EQ(f.at("geometry").at("type"), "Polygon");
    const auto& ring = f["geometry"]["coordinates"][0];
    ASSERT_GT(ring.size(), 8u);  // wiggly borders, not a rectangle
    EXPECT_EQ(ring.front(), ring.back());
    for (const auto& c : ring) {
      double lon = c[0].get<double>();
      double lat = c[1].get<double>();
      EXPECT_GT(lon, 117.0);
      EXPECT_LT(lon, 117.65);
      EXPECT_GT(lat, 31.6);
      EXPECT_LT(lat, 32.05);
      EXPECT_DOUBLE_EQ(std::round(lon * 1e6) / 1e6, lon);
    }
  }
  for (const Ring& r : ParseRings(DistrictGeoJson(names))) EXPECT_GT(SignedArea(r), 0);
  EXPECT_EQ(nlohmann::json::parse(DistrictGeoJson({})).at("features").size(), 0u);
  EXPECT_EQ(DistrictGeoJson(names), DistrictGeoJson(names));
}

TEST(DistrictGeoJsonTest, NeighboursShareTheirBorderPointForPoint) {
  std::vector<Ring> rings = ParseRings(DistrictGeoJson(Names(10)));
  // Count how many towns use each vertex: inner border vertices belong to two or more,
  // and the map has plenty of them.
  std::map<std::pair<double, double>, std::set<size_t>> owners;
  for (size_t i = 0; i < rings.size(); ++i) {
    for (const auto& p : rings[i]) owners[p].insert(i);
  }
  int shared = 0;
  for (const auto& [p, towns] : owners) shared += towns.size() >= 2 ? 1 : 0;
  EXPECT_GT(shared, 100);
  // Towns 0 and 1 (neighbours in the first row) share a run of vertices.
  int common = 0;
  for (const auto& [p, towns] : owners) common += towns.count(0) && towns.count(1) ? 1 : 0;
  EXPECT_GT(common, 5);
}

// True when segments ab and cd cross at a point inside both.
bool Cross(std::pair<double, double> a, std::pair<double, double> b, std::pair<double, double> c,
           std::pair<double, double> d) {
  auto orient = [](auto p, auto q, auto r) {
    return (q.first - p.first) * (r.second - p.second) - (q.second - p.second) * (r.first - p.first);
  };
  return orient(a, b, c) * orient(a, b, d) < 0 && orient(c, d, a) * orient(c, d, b) < 0;
}

TEST(DistrictGeoJsonTest, TownBordersNeverCrossThemselves) {
  for (size_t n = 1; n <= 30; ++n) {
    for (const Ring& r : ParseRings(DistrictGeoJson(Names(n)))) {
      size_t m = r.size() - 1;  // segments
      for (size_t i = 0; i < m; ++i) {
        for (size_t j = i + 2; j < m; ++j) {
          if (i == 0 && j == m - 1) continue;  // they share the closing vertex
          ASSERT_FALSE(Cross(r[i], r[i + 1], r[j], r[j + 1])) << n << " towns";
        }
      }
    }
  }
}

TEST(DistrictGeoJsonTest, TownsTileTheDistrictWithoutGapsOrOverlaps) {
  for (size_t n = 1; n <= 24; ++n) {
    std::vector<Ring> rings = ParseRings(DistrictGeoJson(Names(n)));
    ASSERT_EQ(rings.size(), n);
    std::vector<std::array<double, 4>> boxes;  // min lon, min lat, max lon, max lat
    for (const Ring& r : rings) {
      std::array<double, 4> b{r[0].first, r[0].second, r[0].first, r[0].second};
      for (auto [x, y] : r) b = {std::min(b[0], x), std::min(b[1], y), std::max(b[2], x), std::max(b[3], y)};
      boxes.push_back(b);
    }
    // Sample a grid over the district and a little beyond.
    for (int ix = 0; ix <= 90; ++ix) {
      for (int iy = 0; iy <= 70; ++iy) {
        double lon = 117.08 + 0.49 * (ix + 0.37) / 91;
        double lat = 31.68 + 0.32 * (iy + 0.41) / 71;
        int hits = 0;
        for (size_t i = 0; i < rings.size(); ++i) {
          const auto& b = boxes[i];
          if (lon >= b[0] && lon <= b[2] && lat >= b[1] && lat <= b[3] && Inside(rings[i], lon, lat)) ++hits;
        }
        ASSERT_LE(hits, 1) << n << " towns, overlap at " << lon << "," << lat;
        bool well_inside = lon > 117.13 && lon < 117.52 && lat > 31.72 && lat < 31.96;
        if (well_inside) {
          ASSERT_EQ(hits, 1) << n << " towns, gap at " << lon << "," << lat;
        }
      }
    }
  }
}

TEST(PointInTownTest, StaysInsideTheTownForAnyCountAndCorner) {
  for (size_t n = 1; n <= 30; ++n) {
    std::vector<Ring> rings = ParseRings(DistrictGeoJson(Names(n)));
    for (size_t i = 0; i < n; ++i) {
      for (double u : {0.0, 0.001, 0.5, 0.999, 1.0}) {
        for (double v : {0.0, 0.001, 0.5, 0.999, 1.0}) {
          LonLat p = PointInTown(i, n, u, v);
          ASSERT_TRUE(Inside(rings[i], p.lon, p.lat)) << n << " towns, town " << i << " u=" << u << " v=" << v;
        }
      }
    }
  }
}

}  // namespace
}  // namespace gongjian::demo
