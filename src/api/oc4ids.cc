#include "api/oc4ids.h"

#include <algorithm>
#include <optional>
#include <utility>

#include <nlohmann/json.hpp>

namespace gongjian::api {
namespace {

using domain::ConstructionNature;
using domain::Fen;
using domain::FundSource;
using domain::Project;
using domain::ProjectCategory;
using domain::Stage;
using nlohmann::json;

// The register of 投资项目统一代码 (national investment project codes), kept by the NDRC's
// online approval platform (全国投资项目在线审批监管平台).
constexpr const char* kNationalCodeScheme = "CN-NDRC-TZXM";

// Civil dates are the district's: midnight in China Standard Time. The schema's date-time
// format (RFC 3339) wants an offset.
std::string DateTime(const domain::Date& d) { return d.ToString() + "T00:00:00+08:00"; }

// The yuan amount as a JSON number parsed from its exact decimal text, trailing zeros dropped.
json Yuan(Fen fen) {
  std::string text = domain::FormatYuan(fen);  // always "…d.dd"
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return json::parse(text);
}

json Value(Fen fen, const std::string& currency) { return {{"amount", Yuan(fen)}, {"currency", currency}}; }

std::string_view FundSourceLabel(FundSource source) {
  switch (source) {
    case FundSource::kGovernment: return "政府投资";
    case FundSource::kSpecialBond: return "专项债";
    case FundSource::kCentralBudget: return "中央预算内投资";
    case FundSource::kBankLoan: return "银行贷款";
    case FundSource::kSocialCapital: return "社会资本";
    case FundSource::kPpp: return "PPP";
    case FundSource::kIndustryFund: return "产业基金";
  }
  return "其他";
}

// projectType: 迁建 builds the asset anew elsewhere; 改建 and 恢复 work on an existing asset.
std::string_view ProjectType(ConstructionNature nature) {
  switch (nature) {
    case ConstructionNature::kNew: return "construction";
    case ConstructionNature::kExpansion: return "expansion";
    case ConstructionNature::kRenovation: return "rehabilitation";
    case ConstructionNature::kRelocation: return "construction";
    case ConstructionNature::kRestoration: return "rehabilitation";
  }
  return "construction";
}

// Keywords of the industry or name that tell a projectSector code more precisely than the
// category does; the first match wins, so the more specific keywords come first. Keywords are
// two characters or more: single ones hit place names (双桥镇).
struct SectorRule {
  std::string_view keyword;
  std::string_view sector;
  std::string_view subsector;  // empty, or "sector.mode"
};
constexpr SectorRule kSectorRules[] = {
    {"防洪", "naturalResources", "naturalResources.floodProtection"},
    {"堤防", "naturalResources", "naturalResources.floodProtection"},
    {"排涝", "naturalResources", "naturalResources.floodProtection"},
    {"光伏", "energy", "energy.solar"},
    {"太阳能", "energy", "energy.solar"},
    {"风电", "energy", "energy.wind"},
    {"生物质", "energy", "energy.biomass"},
    {"地热", "energy", "energy.geothermal"},
    {"燃气", "energy", ""},
    {"供热", "energy", ""},
    {"电力", "energy", ""},
    {"电网", "energy", ""},
    {"储能", "energy", ""},
    {"能源", "energy", ""},
    {"污水", "waterAndWaste", ""},
    {"供水", "waterAndWaste", ""},
    {"排水", "waterAndWaste", ""},
    {"水务", "waterAndWaste", ""},
    {"垃圾", "waterAndWaste", ""},
    {"固废", "waterAndWaste", ""},
    {"环卫", "waterAndWaste", ""},
    {"机场", "transport", "transport.air"},
    {"航空", "transport", "transport.air"},
    {"港口", "transport", "transport.water"},
    {"码头", "transport", "transport.water"},
    {"航道", "transport", "transport.water"},
    {"铁路", "transport", "transport.rail"},
    {"公交", "transport", "transport.urban"},
    {"轨道交通", "transport", "transport.urban"},
    {"公路", "transport", "transport.road"},
    {"道路", "transport", "transport.road"},
    {"桥梁", "transport", "transport.road"},
    {"大桥", "transport", "transport.road"},
    {"隧道", "transport", "transport.road"},
    {"交通", "transport", ""},
    {"通信", "communications", ""},
    {"5G", "communications", ""},
    {"数据中心", "communications", ""},
    {"算力", "communications", ""},
    {"学校", "education", ""},
    {"幼儿园", "education", ""},
    {"中学", "education", ""},
    {"小学", "education", ""},
    {"教育", "education", ""},
    {"医院", "health", ""},
    {"医疗", "health", ""},
    {"卫生", "health", ""},
    {"养老", "health", ""},
    {"保障房", "socialHousing", ""},
    {"保障性住房", "socialHousing", ""},
    {"安置", "socialHousing", ""},
    {"棚户", "socialHousing", ""},
    {"棚改", "socialHousing", ""},
    {"公租房", "socialHousing", ""},
    {"老旧小区", "socialHousing", ""},
    {"文化", "cultureSportsAndRecreation", ""},
    {"旅游", "cultureSportsAndRecreation", ""},
    {"文旅", "cultureSportsAndRecreation", ""},
    {"体育", "cultureSportsAndRecreation", ""},
    {"健身", "cultureSportsAndRecreation", ""},
    {"公园", "cultureSportsAndRecreation", ""},
    {"绿地", "cultureSportsAndRecreation", ""},
    {"景区", "cultureSportsAndRecreation", ""},
    {"水利", "naturalResources", ""},
    {"湿地", "naturalResources", ""},
    {"林业", "naturalResources", ""},
    {"造林", "naturalResources", ""},
    {"森林", "naturalResources", ""},
    {"土地整治", "naturalResources", ""},
    {"生态", "naturalResources", ""},
    {"农业", "economy", ""},
    {"农田", "economy", ""},
    {"政务", "governance", ""},
    {"应急", "governance", ""},
    {"消防", "governance", ""},
};

// The category's sector when no keyword tells better. 产业 and 发展平台 projects (factories,
// parks) are the economy's whatever their industry; 基础设施 in a district is mostly roads.
std::string_view CategorySector(ProjectCategory category) {
  switch (category) {
    case ProjectCategory::kIndustry: return "economy";
    case ProjectCategory::kInfrastructure: return "transport";
    case ProjectCategory::kLivelihood: return "socialHousing";
    case ProjectCategory::kEcology: return "naturalResources";
    case ProjectCategory::kSocial: return "education";
    case ProjectCategory::kPlatform: return "economy";
  }
  return "economy";
}

json Sectors(const Project& p) {
  bool refine = p.category != ProjectCategory::kIndustry && p.category != ProjectCategory::kPlatform;
  if (refine) {
    for (const std::string* text : {&p.industry, &p.name}) {
      for (const auto& rule : kSectorRules) {
        if (text->find(rule.keyword) == std::string::npos) continue;
        json out = json::array({rule.sector});
        if (!rule.subsector.empty()) out.push_back(rule.subsector);
        return out;
      }
    }
  }
  return json::array({CategorySector(p.category)});
}

std::string PartyId(int64_t org_id) { return "org-" + std::to_string(org_id); }

// One party per referenced org, in the order owner, responsible units, agency; an org in
// several places gets all their roles.
json Parties(const Project& p, const Oc4idsInput& in, json& public_authority) {
  std::vector<std::pair<int64_t, std::vector<std::string_view>>> parties;
  auto add = [&](int64_t org_id, std::initializer_list<std::string_view> roles) {
    if (!in.orgs.contains(org_id)) return;
    auto it = std::find_if(parties.begin(), parties.end(), [&](const auto& e) { return e.first == org_id; });
    if (it == parties.end()) it = parties.insert(parties.end(), {org_id, {}});
    for (std::string_view role : roles) {
      if (std::find(it->second.begin(), it->second.end(), role) == it->second.end()) it->second.push_back(role);
    }
  };
  // The owner unit pays for and procures the works; 0.9.5's partyRole has no "owner" code.
  if (p.owner_org_id) add(*p.owner_org_id, {"buyer", "procuringEntity"});
  // The responsible units are the government bodies answerable for delivering the project.
  std::optional<int64_t> lead;
  for (int64_t id : p.responsible_org_ids) {
    add(id, {"publicAuthority"});
    if (!lead && in.orgs.contains(id)) lead = id;
  }
  // The agency unit steers the approvals on the owner's behalf: the nearest code.
  if (p.agency_org_id) add(*p.agency_org_id, {"administrativeEntity"});

  json out = json::array();
  for (const auto& [org_id, roles] : parties) {
    const domain::Org& org = in.orgs.at(org_id);
    json party{{"id", PartyId(org_id)}, {"roles", roles}};
    if (!org.name.empty()) party["name"] = org.name;
    if (lead && org_id == *lead && p.leader_user_id) {
      auto name = in.user_names.find(*p.leader_user_id);
      if (name != in.user_names.end() && !name->second.empty()) {
        party["people"] = json::array({{{"id", "1"}, {"name", name->second}, {"jobTitle", "包联领导"}}});
      }
    }
    out.push_back(std::move(party));
  }
  if (lead) {
    public_authority = {{"id", PartyId(*lead)}};
    const std::string& name = in.orgs.at(*lead).name;
    if (!name.empty()) public_authority["name"] = name;
  }
  return out;
}

std::optional<json> Budget(const Project& p, const std::string& currency) {
  if (p.total_investment == 0 && p.funds.empty()) return std::nullopt;
  json budget{{"amount", Value(p.total_investment, currency)}};
  if (!p.funds.empty()) {
    json items = json::array();
    for (const auto& share : p.funds) {
      items.push_back({{"id", std::string(domain::FundSourceName(share.source))},
                       {"description", FundSourceLabel(share.source)},
                       {"amount", Value(share.amount, currency)}});
    }
    budget["budgetBreakdowns"] =
        json::array({{{"id", "fundSource"}, {"description", "按资金来源"}, {"budgetBreakdown", std::move(items)}}});
  }
  return budget;
}

std::optional<json> Period(const std::optional<domain::Date>& start, const std::optional<domain::Date>& end) {
  if (!start && !end) return std::nullopt;
  json period = json::object();
  if (start) period["startDate"] = DateTime(*start);
  if (end) period["endDate"] = DateTime(*end);
  return period;
}

std::optional<json> Location(const Project& p, const Oc4idsInput& in) {
  const domain::Org* town = nullptr;
  if (p.town_org_id) {
    auto it = in.orgs.find(*p.town_org_id);
    if (it != in.orgs.end() && !it->second.name.empty()) town = &it->second;
  }
  bool point = p.longitude && p.latitude;
  if (!point && p.address.empty() && !town) return std::nullopt;
  json location{{"id", "1"}};
  if (!p.address.empty()) location["description"] = p.address;
  // GeoJSON order: longitude first.
  if (point) location["geometry"] = {{"type", "Point"}, {"coordinates", json::array({*p.longitude, *p.latitude})}};
  json address{{"countryName", "中国"}};
  if (!p.address.empty()) address["streetAddress"] = p.address;
  if (town) {
    address["locality"] = town->name;
    if (town->parent_id) {
      auto parent = in.orgs.find(*town->parent_id);
      if (parent != in.orgs.end() && !parent->second.name.empty()) address["region"] = parent->second.name;
    }
  }
  location["address"] = std::move(address);
  return location;
}

json ProjectJson(const Project& p, const Oc4idsInput& in) {
  json out{{"id", "oc4ids-" + in.region_code + "-" + std::to_string(p.id)},
           {"language", "zh"},
           {"status", Oc4idsStatus(p.lifecycle)},
           {"type", ProjectType(p.nature)},
           {"sector", Sectors(p)}};
  if (!p.name.empty()) out["title"] = p.name;
  if (!p.content.empty()) out["description"] = p.content;
  if (!p.national_code.empty()) {
    out["identifiers"] = json::array({{{"id", p.national_code}, {"scheme", kNationalCodeScheme}}});
  }
  json public_authority;
  json parties = Parties(p, in, public_authority);
  if (!parties.empty()) out["parties"] = std::move(parties);
  if (!public_authority.is_null()) out["publicAuthority"] = std::move(public_authority);
  if (auto budget = Budget(p, in.currency)) out["budget"] = std::move(*budget);
  if (auto period = Period(p.planned_start, p.planned_completion)) out["period"] = std::move(*period);
  if (auto period = Period(p.actual_start, p.actual_completion)) out["implementationPeriod"] = std::move(*period);
  if (p.actual_completion) out["completion"] = {{"endDate", DateTime(*p.actual_completion)}};
  if (auto location = Location(p, in)) out["locations"] = json::array({std::move(*location)});
  return out;
}

}  // namespace

std::string_view Oc4idsStatus(Stage stage) {
  switch (stage) {
    case Stage::kPlanning: return "identification";
    case Stage::kReserve: return "identification";
    case Stage::kPreparation: return "preparation";
    case Stage::kConstruction: return "implementation";
    case Stage::kCompleted: return "completion";
    case Stage::kProduction: return "maintenance";
    case Stage::kSuspended: return "implementation";
    case Stage::kWithdrawn: return "cancelled";
  }
  return "identification";
}

std::string_view Oc4idsStatus(const domain::LifecycleState& state) {
  if (state.stage == Stage::kSuspended && state.resume_stage) return Oc4idsStatus(*state.resume_stage);
  return Oc4idsStatus(state.stage);
}

json Oc4idsPackage(const Oc4idsInput& in) {
  json projects = json::array();
  for (const auto& p : in.projects) projects.push_back(ProjectJson(p, in));
  return {{"uri", in.base_uri + "/api/export/oc4ids"},
          {"version", "0.9"},
          {"publishedDate", in.published_date},
          {"publisher", {{"name", in.publisher_name}}},
          {"projects", std::move(projects)}};
}

}  // namespace gongjian::api
