#include "demo/demo.h"

#include <map>
#include <random>
#include <vector>

#include <nlohmann/json.hpp>

#include "auth/crypto.h"
#include "auth/password.h"
#include "auth/security_policy.h"
#include "store/audit_repository.h"
#include "demo/project_gen.h"
#include "demo/approval_gen.h"
#include "demo/milestone_gen.h"
#include "demo/problem_gen.h"
#include "demo/inspection_gen.h"
#include "demo/report_gen.h"
#include "store/org_repository.h"
#include "store/project_repository.h"
#include "store/user_repository.h"

namespace gongjian::demo {
namespace {

using domain::Org;
using domain::OrgKind;

// A fictional district: its region code starts with 99, which no real division uses.
constexpr const char* kDistrictName = "示范区";
constexpr const char* kRegionCode = "990101";

const std::vector<const char*> kDepartments = {
    "区发展和改革局", "区经济和信息化局", "区住房和城乡建设局", "区自然资源和规划局", "区生态环境局",
    "区交通运输局",   "区水利局",         "区财政局",           "区投资促进中心",     "区行政审批服务局",
    "区统计局",       "区应急管理局",
};
const std::vector<const char*> kTowns = {
    "城关街道", "东城街道", "西城街道", "南湖街道", "北塬镇", "柳河镇", "青石镇", "双桥镇", "杨庄镇", "白水乡",
};
const std::vector<const char*> kParks = {"示范区高新技术产业开发区", "临港物流园区", "现代农业产业园"};
const std::vector<const char*> kOwnerStems = {"城市建设投资", "交通投资", "水务", "文旅发展", "产业投资",
                                              "新能源科技",   "智能制造", "现代农业", "医药科技", "物流"};
const std::vector<const char*> kOwnerForms = {"集团有限公司", "有限公司", "股份有限公司"};

struct DemoAccount {
  const char* username;
  const char* display_name;
  domain::Role role;
  domain::ScopeKind scope;
  const char* org;  // name of the organisation the account belongs to
};

const DemoAccount kAccounts[] = {
    {"sysadmin", "系统管理员", domain::Role::kSystemAdmin, domain::ScopeKind::kOwn, kDistrictName},
    {"secadmin", "安全管理员", domain::Role::kSecurityAdmin, domain::ScopeKind::kOwn, kDistrictName},
    {"auditadmin", "审计管理员", domain::Role::kAuditAdmin, domain::ScopeKind::kOwn, kDistrictName},
    {"leader", "王区长", domain::Role::kLeader, domain::ScopeKind::kAll, kDistrictName},
    {"leader.zhang", "张副区长", domain::Role::kLeader, domain::ScopeKind::kAll, kDistrictName},
    {"leader.liu", "刘副区长", domain::Role::kLeader, domain::ScopeKind::kAll, kDistrictName},
    {"office", "李项目办", domain::Role::kOffice, domain::ScopeKind::kAll, "区发展和改革局"},
    {"unit.zjj", "赵住建", domain::Role::kUnit, domain::ScopeKind::kOwn, "区住房和城乡建设局"},
    {"town.cgjd", "钱城关", domain::Role::kUnit, domain::ScopeKind::kOwn, "城关街道"},
    {"owner.ctjt", "孙业主", domain::Role::kOwner, domain::ScopeKind::kOwn, nullptr},  // the first owner unit
    {"viewer", "周查看", domain::Role::kViewer, domain::ScopeKind::kAll, kDistrictName},
};

// A random password that satisfies the default policy: 16 characters of four classes.
std::string DemoPassword() {
  static constexpr std::string_view kSets[] = {"ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnpqrstuvwxyz", "23456789",
                                               "#%+=@"};
  std::string bytes = auth::RandomBytes(16);
  std::string out;
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::string_view set = kSets[i % 4];
    out += set[static_cast<unsigned char>(bytes[i]) % set.size()];
  }
  return out;
}

int ProjectCount(Scale scale) {
  switch (scale) {
    case Scale::kDistrict: return 300;
    case Scale::kCity: return 5'000;
    case Scale::kProvince: return 50'000;
  }
  return 300;
}

// Calendar years of reports: three for a district and a city; five for a province, as SPEC §14
// sizes it (see docs/performance.md for the rows that makes).
int HistoryYears(Scale scale) { return scale == Scale::kProvince ? 5 : 3; }

// Owner units beyond the ten district platforms: companies named after the towns, so a
// larger scale has as many owners as a city or province would.
size_t OwnerCount(Scale scale) { return scale == Scale::kDistrict ? 10 : scale == Scale::kCity ? 60 : 300; }

std::string TownStem(std::string name) {
  for (std::string suffix : {"街道", "镇", "乡"}) {
    if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      return name.substr(0, name.size() - suffix.size());
    }
  }
  return name;
}

// Inserts a generated project, then replays the life cycle that brought it to its stage so
// its timeline reads like a real one: one event per step, dated between its creation and
// its actual start. Returns the project's id.
core::Result<int64_t> InsertProject(store::Connection& c, const domain::Project& p, int64_t office_user,
                                    const std::string& now) {
  auto created = store::CreateProject(c, p, office_user, now);
  if (!created) return core::Fail(std::move(created.error()));
  auto path = domain::PathTo(p.lifecycle);
  if (!path) return core::Fail(core::Status::Internal("demo project in an unreachable state"));
  if (path->empty()) return created->project.id;
  domain::Project saved = created->project;
  saved.lifecycle = p.lifecycle;
  auto moved = store::SaveLifecycle(c, {office_user, domain::ScopeKind::kAll}, saved, saved.version, now);
  if (!moved) return core::Fail(std::move(moved.error()));
  domain::LifecycleState state;
  for (auto action : *path) {
    store::ProjectEvent e;
    e.project_id = saved.id;
    e.kind = "transition";
    e.action = std::string(domain::TransitionActionName(action));
    e.from = state;
    state = *domain::ApplyTransition(state, action);
    e.to = state;
    if (domain::TransitionNeedsReason(action)) e.reason = action == domain::TransitionAction::kSuspend ? "征地拆迁未完成，暂缓施工" : "项目条件变化，暂不推进";
    if (action == domain::TransitionAction::kStartConstruction) e.date = p.actual_start;
    if (action == domain::TransitionAction::kComplete) e.date = p.actual_completion;
    e.user_id = office_user;
    e.created_at = now;
    auto id = store::AppendProjectEvent(c, e);
    if (!id) return core::Fail(std::move(id.error()));
  }
  return saved.id;
}

// The warnings of every project once the reports are in: the caller's bulk recompute.
core::Status RecomputeDemoWarnings(store::Connection& c, const DemoOptions& options, domain::Date today,
                                   const std::string& now) {
  if (!options.recompute_warnings) return core::Status::Ok();
  return options.recompute_warnings(c, today, now);
}

}  // namespace

core::Result<DemoReport> GenerateDemo(store::Database& db, const DemoOptions& options, const core::Clock& clock,
                                      const auth::KeyRing& keys) {
  std::mt19937_64 rng(options.seed);
  std::string now = core::FormatTimestamp(clock.Now());
  DemoReport report;
  core::Status s = db.Write([&](store::Connection& c) -> core::Status {
    auto existing = c.Query("SELECT COUNT(*) AS n FROM orgs");
    if (!existing) return existing.error();
    if (existing->First().Int("n") > 0) return core::Status::Ok();
    auto add = [&](std::string name, OrgKind kind, std::optional<int64_t> parent) -> core::Result<Org> {
      Org o;
      o.name = std::move(name);
      o.kind = kind;
      o.parent_id = parent;
      o.region_code = kRegionCode;
      auto r = store::CreateOrg(c, o, now);
      if (r) ++report.orgs;
      return r;
    };
    std::map<std::string, int64_t> org_ids;
    auto district = add(kDistrictName, OrgKind::kDistrict, std::nullopt);
    if (!district) return district.error();
    org_ids[kDistrictName] = district->id;
    for (const char* name : kDepartments) {
      auto r = add(name, OrgKind::kDepartment, district->id);
      if (!r) return r.error();
      org_ids[name] = r->id;
    }
    for (const char* name : kTowns) {
      auto r = add(name, OrgKind::kTown, district->id);
      if (!r) return r.error();
      org_ids[name] = r->id;
    }
    std::vector<int64_t> parks;
    for (const char* name : kParks) {
      auto r = add(name, OrgKind::kPark, district->id);
      if (!r) return r.error();
      parks.push_back(r->id);
    }
    // Owner units: state platforms under the district, companies under the parks.
    std::optional<std::pair<std::string, int64_t>> first_owner;
    std::vector<NamedOrg> owners;
    for (size_t i = 0; i < OwnerCount(options.scale); ++i) {
      const char* stem = kOwnerStems[i % kOwnerStems.size()];
      const char* form = kOwnerForms[rng() % kOwnerForms.size()];
      std::string name;
      int64_t parent;
      if (i < kOwnerStems.size()) {
        name = std::string("示范区") + stem + form;
        parent = i < 4 ? district->id : parks[rng() % parks.size()];
      } else {
        // Town companies: town × stem × form gives 300 distinct names under 10 towns.
        size_t town = (i / kOwnerStems.size() - 1) % kTowns.size();
        name = TownStem(kTowns[town]) + stem + kOwnerForms[(i / (kOwnerStems.size() * kTowns.size())) % kOwnerForms.size()];
        parent = org_ids.at(kTowns[town]);
      }
      auto r = add(name, OrgKind::kOwner, parent);
      if (!r) return r.error();
      if (!first_owner) first_owner = {name, r->id};
      owners.push_back({r->id, name});
    }
    auth::SecurityPolicy policy;
    std::vector<int64_t> leaders;
    int64_t office_user = 0;
    std::optional<int64_t> owner_user;
    for (const auto& a : kAccounts) {
      domain::User u;
      u.username = a.username;
      u.display_name = a.display_name;
      u.org_id = a.org ? org_ids.at(a.org) : first_owner->second;
      u.roles = {a.role};
      u.scope = a.scope;
      u.must_change_password = false;
      std::string password = DemoPassword();
      u.password_hash = auth::HashPassword(password, keys.pepper, policy.password.iterations);
      auto created = store::CreateUser(c, u, now);
      if (!created) return created.error();
      if (a.role == domain::Role::kLeader) leaders.push_back(created->id);
      if (a.role == domain::Role::kOffice) office_user = created->id;
      if (a.role == domain::Role::kOwner && !owner_user) owner_user = created->id;
      report.credentials.push_back({a.username, password, std::string(domain::RoleName(a.role)), a.display_name,
                                    a.org ? a.org : first_owner->first});
    }
    ProjectGenInput gen;
    gen.count = ProjectCount(options.scale);
    gen.seed = options.seed;
    gen.today = domain::ChinaDate(std::chrono::duration_cast<std::chrono::seconds>(clock.Now().time_since_epoch()).count());
    std::vector<std::string> town_names;
    for (const char* name : kTowns) {
      gen.towns.push_back({org_ids.at(name), name});
      town_names.push_back(name);
    }
    for (const char* name : kDepartments) gen.departments.push_back({org_ids.at(name), name});
    for (size_t i = 0; i < parks.size(); ++i) gen.parks.push_back({parks[i], kParks[i]});
    gen.owners = owners;
    gen.leader_user_ids = leaders;
    // Three (five) years of rounds, plans and reports up to the previous month.
    ReportGenInput history{.today = gen.today, .years = HistoryYears(options.scale), .seed = options.seed};
    std::vector<domain::Project> projects = GenerateProjects(gen);
    for (size_t i = 0; i < projects.size(); ++i) {
      domain::Project& p = projects[i];
      if (!p.registered_on) p.registered_on = RegistrationDate(p, i, history);
      auto id = InsertProject(c, p, office_user, now);
      if (!id) return id.error();
      p.id = *id;
      ++report.projects;
    }
    ReportGenAccounts accounts{.office_user_id = office_user, .owner_org_id = first_owner->second,
                               .owner_user_id = owner_user};
    auto counts = InsertReportHistory(c, projects, history, accounts, now);
    if (!counts) return counts.error();
    report.rounds = counts->rounds;
    report.plans = counts->plans;
    report.reports = counts->reports;
    report.report_funds = counts->funds;
    auto nodes = InsertMilestones(c, projects, gen.today, options.seed, now);
    if (!nodes) return nodes.error();
    report.milestones = *nodes;
    auto approvals = InsertApprovals(c, projects, gen.today, options.seed, now);
    if (!approvals) return approvals.error();
    ProblemGenAccounts problem_accounts{.office_user_id = office_user, .office_org_id = district->id,
                                        .owner_user_id = *owner_user, .owner_org_id = first_owner->second};
    for (const char* name : kDepartments) problem_accounts.departments[name] = org_ids.at(name);
    auto problems = InsertProblems(c, projects, problem_accounts, gen.today, options.seed, now, options.files);
    if (!problems) return problems.error();
    report.problems = problems->problems;
    auto inspections = InsertInspections(c, projects, office_user, leaders, gen.today, options.seed, now);
    if (!inspections) return inspections.error();
    report.inspections = *inspections;
    auto map = store::PutSetting(c, "district_geojson", DistrictGeoJson(town_names), 0, now);
    if (!map) return map.error();
    // Statistics for the query planner, now that the tables hold data (both engines).
    auto analyzed = c.Exec("ANALYZE");
    if (!analyzed) return analyzed.error();
    GJ_RETURN_IF_ERROR(RecomputeDemoWarnings(c, options, gen.today, now));
    auto flag = store::PutSetting(c, kDemoSettingKey, "1", 0, now);
    if (!flag) return flag.error();
    store::AuditEntry e;
    e.ts_utc = now;
    e.actor_login = "system";
    e.event_type = "system.demo";
    e.object_type = "database";
    e.changes = nlohmann::json{{"orgs", report.orgs}, {"users", report.credentials.size()},
                                 {"projects", report.projects}, {"rounds", report.rounds}, {"plans", report.plans},
                                 {"reports", report.reports}, {"milestones", report.milestones}, {"problems", report.problems},
                                 {"inspections", report.inspections},
                                 {"seed", options.seed}}.dump();
    GJ_RETURN_IF_ERROR(
        store::AppendAudit(c, e, [&](std::string_view canonical) { return keys.SignAudit(canonical); }));
    report.created = true;
    return core::Status::Ok();
  });
  if (!s.ok()) return core::Fail(std::move(s));
  return report;
}

}  // namespace gongjian::demo
