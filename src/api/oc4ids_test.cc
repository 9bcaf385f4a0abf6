#include "api/oc4ids.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

namespace gongjian::api {
namespace {

using domain::ConstructionNature;
using domain::Date;
using domain::Fen;
using domain::FundSource;
using domain::LifecycleState;
using domain::Org;
using domain::OrgKind;
using domain::Project;
using domain::ProjectCategory;
using domain::Stage;
using nlohmann::json;

constexpr Stage kStages[] = {Stage::kPlanning,  Stage::kReserve,    Stage::kPreparation, Stage::kConstruction,
                             Stage::kCompleted, Stage::kProduction, Stage::kSuspended,   Stage::kWithdrawn};

Org MakeOrg(int64_t id, std::string name, OrgKind kind, std::optional<int64_t> parent = 1) {
  Org o;
  o.id = id;
  o.name = std::move(name);
  o.kind = kind;
  o.parent_id = parent;
  o.region_code = "990101";
  return o;
}

Oc4idsInput BaseInput() {
  Oc4idsInput in;
  in.publisher_name = "示范区发展和改革局";
  in.base_uri = "https://gongjian.example.gov.cn";
  in.published_date = "2026-11-29T04:00:00Z";
  in.region_code = "990101";
  for (Org o :
       {MakeOrg(1, "示范区", OrgKind::kDistrict, std::nullopt), MakeOrg(2, "区发展和改革局", OrgKind::kDepartment),
        MakeOrg(3, "区住房和城乡建设局", OrgKind::kDepartment), MakeOrg(4, "城关街道", OrgKind::kTown),
        MakeOrg(5, "示范区城市建设投资集团有限公司", OrgKind::kOwner),
        MakeOrg(6, "区行政审批服务局", OrgKind::kDepartment)}) {
    in.orgs.emplace(o.id, o);
  }
  in.user_names = {{7, "王区长"}};
  return in;
}

// A project with every field the mapping reads.
Project FullProject(int64_t id) {
  Project p;
  p.id = id;
  p.national_code = "2025-990101-48-01-000123";
  p.name = "城关街道滨河路道路改造工程";
  p.category = ProjectCategory::kInfrastructure;
  p.industry = "市政道路";
  p.nature = ConstructionNature::kRenovation;
  p.town_org_id = 4;
  p.address = "城关街道滨河路";
  p.longitude = 113.6253;
  p.latitude = 34.7466;
  p.content = "改造道路2.4公里，含排水管网和路灯。";
  p.total_investment = 123456789;
  p.funds = {{FundSource::kGovernment, 23456789}, {FundSource::kSpecialBond, 100000000}};
  p.planned_start = Date{2025, 3, 1};
  p.planned_completion = Date{2026, 12, 31};
  p.actual_start = Date{2025, 4, 15};
  p.owner_org_id = 5;
  p.responsible_org_ids = {3, 4};
  p.agency_org_id = 6;
  p.leader_user_id = 7;
  p.contacts = "张三 13800000000";
  p.lifecycle.stage = Stage::kConstruction;
  return p;
}

Project BareProject(int64_t id) {
  Project p;
  p.id = id;
  p.name = "谋划中的产业项目";
  return p;
}

// Exact 分 from a JSON number's text ("1234567.89" → 123456789), without floating point.
Fen FenOf(const json& number) {
  std::string text = number.dump();
  size_t dot = text.find('.');
  std::string whole = text.substr(0, dot);
  std::string frac = dot == std::string::npos ? "" : text.substr(dot + 1);
  EXPECT_LE(frac.size(), 2u) << text;
  EXPECT_EQ(text.find_first_of("eE"), std::string::npos) << text;
  frac.resize(2, '0');
  return std::stoll(whole) * 100 + std::stoll(frac);
}

// The codes of one column-"Code" codelist in the repository's copy of the schema.
std::set<std::string> Codelist(const std::string& name) {
  std::ifstream file(std::string(GJ_SOURCE_DIR) + "/docs/oc4ids/codelists/" + name);
  EXPECT_TRUE(file) << name;
  std::set<std::string> codes;
  std::string line;
  std::getline(file, line);  // header
  while (std::getline(file, line)) {
    if (!line.empty()) codes.insert(line.substr(0, line.find(',')));
  }
  return codes;
}

void ExpectNoEmptyStrings(const json& j, const std::string& path) {
  if (j.is_string()) {
    EXPECT_FALSE(j.get<std::string>().empty()) << path;
  }
  if (j.is_object() || j.is_array()) {
    EXPECT_FALSE(j.empty()) << path << " is an empty container";
    for (auto it = j.begin(); it != j.end(); ++it) {
      ExpectNoEmptyStrings(*it, path + "/" + (j.is_object() ? it.key() : "[]"));
    }
  }
}

TEST(Oc4idsStatusTest, MapsEveryStageToItsSpecStatus) {
  const std::map<Stage, std::string> expected = {
      {Stage::kPlanning, "identification"},  {Stage::kReserve, "identification"},
      {Stage::kPreparation, "preparation"},  {Stage::kConstruction, "implementation"},
      {Stage::kCompleted, "completion"},     {Stage::kProduction, "maintenance"},
      {Stage::kSuspended, "implementation"}, {Stage::kWithdrawn, "cancelled"},
  };
  for (Stage s : kStages) EXPECT_EQ(Oc4idsStatus(s), expected.at(s)) << domain::StageName(s);
}

TEST(Oc4idsStatusTest, EveryStatusIsInTheClosedCodelist) {
  std::set<std::string> codes = Codelist("projectStatus.csv");
  ASSERT_FALSE(codes.empty());
  for (Stage s : kStages) EXPECT_TRUE(codes.contains(std::string(Oc4idsStatus(s)))) << domain::StageName(s);
}

TEST(Oc4idsStatusTest, SuspendedProjectKeepsTheStatusOfTheStageItLeft) {
  EXPECT_EQ(Oc4idsStatus(LifecycleState{Stage::kSuspended, {}, Stage::kPreparation, {}}), "preparation");
  EXPECT_EQ(Oc4idsStatus(LifecycleState{Stage::kSuspended, {}, Stage::kConstruction, {}}), "implementation");
  // Withdrawn is cancelled whatever it left.
  EXPECT_EQ(Oc4idsStatus(LifecycleState{Stage::kWithdrawn, {}, Stage::kConstruction, {}}), "cancelled");
  EXPECT_EQ(Oc4idsStatus(LifecycleState{Stage::kReserve, domain::Review::kApproved, {}, {}}), "identification");

  Oc4idsInput in = BaseInput();
  Project p = FullProject(1);
  p.lifecycle = {Stage::kSuspended, {}, Stage::kPreparation, {}};
  in.projects = {p};
  EXPECT_EQ(Oc4idsPackage(in)["projects"][0]["status"], "preparation");
}

TEST(Oc4idsPackageTest, HasTheRequiredPackageFields) {
  Oc4idsInput in = BaseInput();
  in.projects = {FullProject(11), BareProject(12), FullProject(13)};
  json pkg = Oc4idsPackage(in);
  EXPECT_EQ(pkg["uri"], "https://gongjian.example.gov.cn/api/export/oc4ids");
  EXPECT_EQ(pkg["version"], "0.9");
  EXPECT_EQ(pkg["publishedDate"], "2026-11-29T04:00:00Z");
  EXPECT_EQ(pkg["publisher"], json({{"name", "示范区发展和改革局"}}));
  ASSERT_EQ(pkg["projects"].size(), 3u);
  std::set<std::string> ids;
  for (const json& p : pkg["projects"]) {
    ids.insert(p["id"].get<std::string>());
    EXPECT_TRUE(p.contains("title"));
    EXPECT_TRUE(p.contains("status"));
  }
  EXPECT_EQ(ids, (std::set<std::string>{"oc4ids-990101-11", "oc4ids-990101-12", "oc4ids-990101-13"}));
  EXPECT_EQ(pkg["projects"][0]["title"], "城关街道滨河路道路改造工程");
  EXPECT_EQ(pkg["projects"][0]["description"], "改造道路2.4公里，含排水管网和路灯。");
  EXPECT_EQ(pkg["projects"][0]["language"], "zh");
  ExpectNoEmptyStrings(pkg, "");
}

TEST(Oc4idsPackageTest, IdentifiersOnlyWithANationalCode) {
  Oc4idsInput in = BaseInput();
  Project without = FullProject(2);
  without.national_code.clear();
  in.projects = {FullProject(1), without};
  json pkg = Oc4idsPackage(in);
  EXPECT_EQ(pkg["projects"][0]["identifiers"],
            json::parse(R"([{"id":"2025-990101-48-01-000123","scheme":"CN-NDRC-TZXM"}])"));
  EXPECT_FALSE(pkg["projects"][1].contains("identifiers"));
}

TEST(Oc4idsPackageTest, BudgetBreakdownSumsToTheBudget) {
  Oc4idsInput in = BaseInput();
  Project p = FullProject(1);
  p.total_investment = 987654321987;
  p.funds = {{FundSource::kGovernment, 1},
             {FundSource::kSpecialBond, 87654321986},
             {FundSource::kBankLoan, 400000000000},
             {FundSource::kSocialCapital, 500000000000}};
  in.projects = {p};
  json budget = Oc4idsPackage(in)["projects"][0]["budget"];
  EXPECT_EQ(budget["amount"]["currency"], "CNY");
  EXPECT_EQ(FenOf(budget["amount"]["amount"]), 987654321987);
  ASSERT_EQ(budget["budgetBreakdowns"].size(), 1u);
  const json& breakdown = budget["budgetBreakdowns"][0]["budgetBreakdown"];
  ASSERT_EQ(breakdown.size(), 4u);
  Fen sum = 0;
  for (const json& b : breakdown) {
    sum += FenOf(b["amount"]["amount"]);
    EXPECT_EQ(b["amount"]["currency"], "CNY");
    EXPECT_FALSE(b["description"].get<std::string>().empty());
  }
  EXPECT_EQ(sum, p.total_investment);
  EXPECT_EQ(breakdown[0]["id"], "government");
  EXPECT_EQ(breakdown[0]["description"], "政府投资");
  EXPECT_EQ(breakdown[1]["description"], "专项债");
}

TEST(Oc4idsPackageTest, AmountsAreTheExactDecimalText) {
  const std::vector<std::pair<Fen, std::string>> cases = {{10000000000001, "100000000000.01"},
                                                          {123456789, "1234567.89"},
                                                          {domain::kMaxMoney - 1, "999999999999.99"},
                                                          {domain::kMaxMoney, "1000000000000"},
                                                          {120, "1.2"},
                                                          {100, "1"},
                                                          {1, "0.01"},
                                                          {10, "0.1"},
                                                          {99999999999, "999999999.99"},
                                                          {30000000, "300000"},
                                                          {2333333333, "23333333.33"}};
  for (const auto& [fen, text] : cases) {
    Oc4idsInput in = BaseInput();
    Project p = BareProject(1);
    p.total_investment = fen;
    in.projects = {p};
    json amount = Oc4idsPackage(in)["projects"][0]["budget"]["amount"]["amount"];
    EXPECT_EQ(amount.dump(), text) << fen;
    EXPECT_EQ(FenOf(amount), fen);
  }
}

TEST(Oc4idsPackageTest, EveryCentUpToAMillionYuanRoundTrips) {
  // The amount passes through a double; its text must still be the exact decimal.
  Oc4idsInput in = BaseInput();
  for (Fen fen = 0; fen < 100'000'000; fen += 9973) {
    Project p = BareProject(1);
    p.total_investment = fen + 1;
    in.projects = {p};
    ASSERT_EQ(FenOf(Oc4idsPackage(in)["projects"][0]["budget"]["amount"]["amount"]), fen + 1);
  }
}

TEST(Oc4idsPackageTest, OmitsWhatIsNotKnownRatherThanWritingEmptyValues) {
  Oc4idsInput in = BaseInput();
  in.projects = {BareProject(5)};
  json p = Oc4idsPackage(in)["projects"][0];
  for (const char* absent : {"description", "identifiers", "parties", "publicAuthority", "budget", "period",
                             "implementationPeriod", "completion", "locations"}) {
    EXPECT_FALSE(p.contains(absent)) << absent;
  }
  EXPECT_EQ(p["status"], "identification");
  EXPECT_EQ(p["type"], "construction");
  EXPECT_EQ(p["sector"], json::array({"economy"}));
  ExpectNoEmptyStrings(p, "");
}

TEST(Oc4idsPackageTest, PeriodsAreMidnightBeijingTime) {
  Oc4idsInput in = BaseInput();
  Project p = FullProject(1);
  p.lifecycle.stage = Stage::kCompleted;
  p.actual_completion = Date{2026, 11, 20};
  in.projects = {p};
  json j = Oc4idsPackage(in)["projects"][0];
  EXPECT_EQ(j["period"],
            json::parse(R"({"startDate":"2025-03-01T00:00:00+08:00","endDate":"2026-12-31T00:00:00+08:00"})"));
  EXPECT_EQ(j["implementationPeriod"],
            json::parse(R"({"startDate":"2025-04-15T00:00:00+08:00","endDate":"2026-11-20T00:00:00+08:00"})"));
  EXPECT_EQ(j["completion"], json::parse(R"({"endDate":"2026-11-20T00:00:00+08:00"})"));
  EXPECT_EQ(j["status"], "completion");
}

TEST(Oc4idsPackageTest, LocationIsAGeoJsonPointWithTheAddress) {
  Oc4idsInput in = BaseInput();
  Project no_point = FullProject(2);
  no_point.longitude.reset();
  no_point.latitude.reset();
  in.projects = {FullProject(1), no_point};
  json pkg = Oc4idsPackage(in);
  EXPECT_EQ(pkg["projects"][0]["locations"], json::parse(R"([{
    "id": "1", "description": "城关街道滨河路",
    "geometry": {"type": "Point", "coordinates": [113.6253, 34.7466]},
    "address": {"streetAddress": "城关街道滨河路", "locality": "城关街道", "region": "示范区", "countryName": "中国"}}])"));
  EXPECT_FALSE(pkg["projects"][1]["locations"][0].contains("geometry"));
  EXPECT_EQ(pkg["projects"][1]["locations"][0]["address"]["locality"], "城关街道");
}

TEST(Oc4idsPackageTest, PartiesCarryCodelistRolesAndTheLeadIsThePublicAuthority) {
  Oc4idsInput in = BaseInput();
  Project p = FullProject(1);
  p.responsible_org_ids = {3, 5};  // the owner is also a responsible unit: one party, both roles
  in.projects = {p};
  json j = Oc4idsPackage(in)["projects"][0];
  EXPECT_EQ(j["parties"], json::parse(R"([
    {"id": "org-5", "name": "示范区城市建设投资集团有限公司", "roles": ["buyer", "procuringEntity", "publicAuthority"]},
    {"id": "org-3", "name": "区住房和城乡建设局", "roles": ["publicAuthority"],
     "people": [{"id": "1", "name": "王区长", "jobTitle": "包联领导"}]},
    {"id": "org-6", "name": "区行政审批服务局", "roles": ["administrativeEntity"]}])"));
  EXPECT_EQ(j["publicAuthority"], json::parse(R"({"id": "org-3", "name": "区住房和城乡建设局"})"));

  std::set<std::string> roles = Codelist("partyRole.csv");
  for (const json& party : j["parties"]) {
    for (const json& role : party["roles"]) EXPECT_TRUE(roles.contains(role.get<std::string>())) << role;
  }
  // Contacts (names and telephone numbers) are not published.
  EXPECT_EQ(j.dump().find("13800000000"), std::string::npos);
}

TEST(Oc4idsPackageTest, OrgsAndLeadersMissingFromTheMapsAreLeftOut) {
  Oc4idsInput in = BaseInput();
  Project p = FullProject(1);
  p.owner_org_id = 404;
  p.responsible_org_ids = {405, 3};
  p.leader_user_id = 406;
  in.projects = {p};
  json j = Oc4idsPackage(in)["projects"][0];
  EXPECT_EQ(j["parties"], json::parse(R"([{"id": "org-3", "name": "区住房和城乡建设局", "roles": ["publicAuthority"]},
    {"id": "org-6", "name": "区行政审批服务局", "roles": ["administrativeEntity"]}])"));
  EXPECT_EQ(j["publicAuthority"]["id"], "org-3");
}

TEST(Oc4idsPackageTest, TypeFollowsTheConstructionNature) {
  const std::map<ConstructionNature, std::string> expected = {{ConstructionNature::kNew, "construction"},
                                                              {ConstructionNature::kExpansion, "expansion"},
                                                              {ConstructionNature::kRenovation, "rehabilitation"},
                                                              {ConstructionNature::kRelocation, "construction"},
                                                              {ConstructionNature::kRestoration, "rehabilitation"}};
  std::set<std::string> codes = Codelist("projectType.csv");
  for (const auto& [nature, type] : expected) {
    Oc4idsInput in = BaseInput();
    Project p = BareProject(1);
    p.nature = nature;
    in.projects = {p};
    EXPECT_EQ(Oc4idsPackage(in)["projects"][0]["type"], type);
    EXPECT_TRUE(codes.contains(type));
  }
}

TEST(Oc4idsPackageTest, SectorFromCategoryRefinedByKeywords) {
  struct Case {
    ProjectCategory category;
    std::string industry;
    std::string name;
    json sector;
  };
  const std::vector<Case> cases = {
      {ProjectCategory::kIndustry, "智能制造", "年产10万台光伏逆变器项目", {"economy"}},
      {ProjectCategory::kPlatform, "", "临港物流园区基础设施", {"economy"}},
      {ProjectCategory::kInfrastructure, "市政道路", "滨河路改造", {"transport", "transport.road"}},
      {ProjectCategory::kInfrastructure, "", "双桥镇污水处理厂", {"waterAndWaste"}},
      {ProjectCategory::kInfrastructure, "", "分布式光伏电站", {"energy", "energy.solar"}},
      {ProjectCategory::kInfrastructure, "", "城区综合管廊", {"transport"}},
      {ProjectCategory::kLivelihood, "", "双桥镇中心小学", {"education"}},
      {ProjectCategory::kLivelihood, "", "城关街道安置房", {"socialHousing"}},
      {ProjectCategory::kSocial, "卫生", "区人民医院门诊楼", {"health"}},
      {ProjectCategory::kSocial, "", "全民健身中心", {"cultureSportsAndRecreation"}},
      {ProjectCategory::kSocial, "", "区职业技能实训基地", {"education"}},
      {ProjectCategory::kEcology, "", "柳河防洪堤加固", {"naturalResources", "naturalResources.floodProtection"}},
      {ProjectCategory::kEcology, "", "南湖湿地公园", {"cultureSportsAndRecreation"}},
      {ProjectCategory::kEcology, "", "矿山生态修复", {"naturalResources"}},
  };
  std::set<std::string> codes = Codelist("projectSector.csv");
  for (const auto& c : cases) {
    Oc4idsInput in = BaseInput();
    Project p = BareProject(1);
    p.category = c.category;
    p.industry = c.industry;
    p.name = c.name;
    in.projects = {p};
    json sector = Oc4idsPackage(in)["projects"][0]["sector"];
    EXPECT_EQ(sector, c.sector) << c.name;
    for (const json& s : sector) EXPECT_TRUE(codes.contains(s.get<std::string>())) << s;
  }
}

// A sample of every shape the mapping produces, for validating against the schema (from the
// repository root, with web/node_modules installed):
//   GONGJIAN_OC4IDS_SAMPLE=/tmp/oc4ids-sample.json build/…/src/api/oc4ids_test
//   node --input-type=module -e "import {validateOc4idsPackage as v, formatErrors as f} from
//     './web/e2e/oc4ids-schema.mjs'; import {readFileSync as r} from 'node:fs'; const {valid, errors} =
//     v(JSON.parse(r('/tmp/oc4ids-sample.json', 'utf8'))); console.log(valid || f(errors));
//     process.exit(valid ? 0 : 1)"
TEST(Oc4idsPackageTest, WritesASamplePackageWhenAsked) {
  const char* path = std::getenv("GONGJIAN_OC4IDS_SAMPLE");
  if (!path || !*path) GTEST_SKIP() << "GONGJIAN_OC4IDS_SAMPLE is not set";
  Oc4idsInput in = BaseInput();
  int64_t id = 100;
  for (Stage s : kStages) {
    Project p = FullProject(++id);
    p.lifecycle = {s, {}, std::nullopt, {}};
    if (s == Stage::kSuspended || s == Stage::kWithdrawn) p.lifecycle.resume_stage = Stage::kPreparation;
    if (s == Stage::kCompleted || s == Stage::kProduction) p.actual_completion = Date{2026, 10, 8};
    p.nature = static_cast<ConstructionNature>(id % 5);
    p.category = static_cast<ProjectCategory>(id % 6);
    in.projects.push_back(p);
  }
  Project no_code = FullProject(++id);
  no_code.national_code.clear();
  no_code.funds.clear();
  no_code.longitude.reset();
  no_code.latitude.reset();
  in.projects.push_back(no_code);
  in.projects.push_back(BareProject(++id));
  Project max = BareProject(++id);
  max.total_investment = domain::kMaxMoney;
  max.funds = {{FundSource::kPpp, domain::kMaxMoney - 1}, {FundSource::kIndustryFund, 1}};
  in.projects.push_back(max);
  std::ofstream out(path);
  ASSERT_TRUE(out) << path;
  out << Oc4idsPackage(in).dump(2) << '\n';
  ASSERT_TRUE(out.good());
}

}  // namespace
}  // namespace gongjian::api
