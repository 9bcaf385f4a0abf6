#include "store/project_repository.h"

#include <set>

#include "store/org_repository.h"
#include "store/user_repository.h"
#include "store_test_util.h"

namespace gongjian::store {
namespace {

using domain::OrgKind;
using domain::Project;
using domain::ScopeKind;
using domain::Stage;

constexpr char kNow[] = "2026-11-29T08:00:00.000Z";

class ProjectRepositoryTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped()) return;
    district_ = Org("示范区", OrgKind::kDistrict, std::nullopt);
    town_a_ = Org("城关街道", OrgKind::kTown, district_);
    town_b_ = Org("柳河镇", OrgKind::kTown, district_);
    dept_ = Org("区住房和城乡建设局", OrgKind::kDepartment, district_);
    owner_a_ = Org("城关建设公司", OrgKind::kOwner, town_a_);
    owner_b_ = Org("柳河实业公司", OrgKind::kOwner, town_b_);
    office_ = User("office", district_, domain::Role::kOffice, ScopeKind::kAll);
    leader_ = User("leader", district_, domain::Role::kLeader, ScopeKind::kOrgs, {town_a_});
  }
  int64_t Org(const char* name, OrgKind kind, std::optional<int64_t> parent) {
    domain::Org o;
    o.name = name;
    o.kind = kind;
    o.parent_id = parent;
    auto r = db().WriteValue<domain::Org>([&](Connection& c) { return CreateOrg(c, o, kNow); });
    EXPECT_TRUE(r) << r.error().ToString();
    return r ? r->id : 0;
  }
  int64_t User(const char* name, int64_t org, domain::Role role, ScopeKind scope, std::vector<int64_t> orgs = {}) {
    domain::User u;
    u.username = name;
    u.display_name = name;
    u.org_id = org;
    u.roles = {role};
    u.scope = scope;
    u.scope_orgs = std::move(orgs);
    u.password_hash = "x";
    auto r = db().WriteValue<domain::User>([&](Connection& c) { return CreateUser(c, u, kNow); });
    EXPECT_TRUE(r) << r.error().ToString();
    return r ? r->id : 0;
  }
  Project Make(std::string name, int64_t owner, int64_t town) {
    Project p;
    p.name = std::move(name);
    p.owner_org_id = owner;
    p.town_org_id = town;
    p.total_investment = 250'000'000'00;
    p.funds = {{domain::FundSource::kSpecialBond, 100'000'000'00}, {domain::FundSource::kSocialCapital, 150'000'000'00}};
    p.planned_start = domain::Date{2026, 3, 1};
    p.planned_completion = domain::Date{2028, 6, 30};
    return p;
  }
  Result<ProjectView> Create(const Project& p) {
    return db().WriteValue<ProjectView>([&](Connection& c) { return CreateProject(c, p, office_, kNow); });
  }
  std::vector<std::string> Names(const Viewer& v, const ProjectFilter& f, ProjectOrder order = {}) {
    auto page = db().ReadValue<Page<ProjectView>>(
        [&](Connection& c) { return ListProjects(c, v, f, order, PageRequest{1, 50}); });
    EXPECT_TRUE(page) << page.error().ToString();
    std::vector<std::string> out;
    if (!page) return out;
    EXPECT_EQ(page->total, static_cast<int64_t>(page->items.size()));
    for (const auto& i : page->items) out.push_back(i.project.name);
    return out;
  }
  Viewer Office() const { return {office_, ScopeKind::kAll}; }

  int64_t district_ = 0, town_a_ = 0, town_b_ = 0, dept_ = 0, owner_a_ = 0, owner_b_ = 0, office_ = 0, leader_ = 0;
};

TEST_P(ProjectRepositoryTest, CreateThenGetKeepsEveryFieldAndStartsInPlanning) {
  Project p = Make("智能制造产业园一期", owner_a_, town_a_);
  p.national_code = "2026-990101-48-01-000001";
  p.responsible_org_ids = {dept_, town_a_};
  p.tags = {"十五五", "攻坚"};
  p.longitude = 117.25;
  p.latitude = 31.8;
  p.leader_user_id = leader_;
  auto created = Create(p);
  ASSERT_TRUE(created) << created.error().ToString();
  auto got = db().ReadValue<ProjectView>([&](Connection& c) { return GetProject(c, Office(), created->project.id); });
  ASSERT_TRUE(got) << got.error().ToString();
  EXPECT_EQ(got->project.name, "智能制造产业园一期");
  EXPECT_EQ(got->project.national_code, p.national_code);
  EXPECT_EQ(got->project.total_investment, p.total_investment);
  ASSERT_EQ(got->project.funds.size(), 2u);
  EXPECT_EQ(got->project.funds[1].amount, 150'000'000'00);
  EXPECT_EQ(got->project.responsible_org_ids, (std::vector<int64_t>{dept_, town_a_}));
  EXPECT_EQ(got->responsible_names, (std::vector<std::string>{"区住房和城乡建设局", "城关街道"}));
  EXPECT_EQ(got->project.tags, (std::vector<std::string>{"十五五", "攻坚"}));
  EXPECT_EQ(got->project.planned_completion, (domain::Date{2028, 6, 30}));
  EXPECT_EQ(got->project.lifecycle.stage, Stage::kPlanning);
  EXPECT_EQ(got->town_name, "城关街道");
  EXPECT_EQ(got->owner_name, "城关建设公司");
  EXPECT_EQ(got->leader_name, "leader");
  EXPECT_EQ(got->project.version, 1);
  auto events = db().ReadValue<std::vector<ProjectEvent>>(
      [&](Connection& c) { return ListProjectEvents(c, created->project.id); });
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ(events->front().kind, "create");
}

TEST_P(ProjectRepositoryTest, RefusesBadReferencesNamingTheField) {
  Project p = Make("项目", owner_a_, owner_b_);  // an owner unit is not a town
  auto r = Create(p);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field(), "town_org_id");
  EXPECT_EQ(r.error().key(), "org_kind_mismatch");
  p = Make("项目", 999'999, town_a_);
  r = Create(p);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field(), "owner_org_id");
  p = Make("项目", owner_a_, town_a_);
  p.leader_user_id = office_;  // not a leader
  r = Create(p);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field(), "leader_user_id");
}

TEST_P(ProjectRepositoryTest, ADuplicateNationalCodeIsAConflictOnThatField) {
  Project p = Make("甲", owner_a_, town_a_);
  p.national_code = "2026-990101-48-01-000002";
  ASSERT_TRUE(Create(p));
  p.name = "乙";
  auto r = Create(p);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().key(), "national_code_taken");
  EXPECT_EQ(r.error().field(), "national_code");
  auto all = Names(Office(), {});
  EXPECT_EQ(all, (std::vector<std::string>{"甲"})) << "the failed create left nothing behind";
}

TEST_P(ProjectRepositoryTest, ChineseFullTextSearchFindsSubstringsOfNamesAndContent) {
  ASSERT_TRUE(Create(Make("智能制造产业园一期", owner_a_, town_a_)));
  Project road = Make("滨河路道路改造工程", owner_b_, town_b_);
  road.content = "道路全长3.2公里，双向四车道，配套雨污管网。";
  ASSERT_TRUE(Create(road));
  ASSERT_TRUE(Create(Make("第三实验小学新建工程", owner_b_, town_b_)));
  EXPECT_EQ(Names(Office(), {.q = "产业园"}), (std::vector<std::string>{"智能制造产业园一期"}));
  EXPECT_EQ(Names(Office(), {.q = "雨污管网"}), (std::vector<std::string>{"滨河路道路改造工程"}));
  EXPECT_EQ(Names(Office(), {.q = "道路"}), (std::vector<std::string>{"滨河路道路改造工程"})) << "two characters";
  EXPECT_EQ(Names(Office(), {.q = "工程 小学"}), (std::vector<std::string>{"第三实验小学新建工程"}));
  EXPECT_TRUE(Names(Office(), {.q = "产业园 小学"}).empty());
  EXPECT_TRUE(Names(Office(), {.q = "\"%_\\"}).empty()) << "quotes and wildcards are literal";
}

TEST_P(ProjectRepositoryTest, SearchFollowsEditsOfTheName) {
  auto created = Create(Make("老城区棚户区改造", owner_a_, town_a_));
  ASSERT_TRUE(created);
  Project p = created->project;
  p.name = "新城数据中心";
  auto updated = db().WriteValue<ProjectView>(
      [&](Connection& c) { return UpdateProject(c, Office(), p, created->project.version, kNow); });
  ASSERT_TRUE(updated) << updated.error().ToString();
  EXPECT_TRUE(Names(Office(), {.q = "棚户区"}).empty());
  EXPECT_EQ(Names(Office(), {.q = "数据中心"}), (std::vector<std::string>{"新城数据中心"}));
}

TEST_P(ProjectRepositoryTest, FiltersCombineAndSortIsStable) {
  Project a = Make("甲项目", owner_a_, town_a_);
  a.total_investment = 300;
  a.funds.clear();
  a.tags = {"攻坚"};
  a.responsible_org_ids = {dept_};
  Project b = Make("乙项目", owner_b_, town_b_);
  b.total_investment = 100;
  b.funds.clear();
  b.level = domain::ProjectLevel::kProvincial;
  b.planned_start = domain::Date{2029, 1, 1};
  b.planned_completion = domain::Date{2030, 1, 1};
  Project c = Make("丙项目", owner_b_, town_b_);
  c.total_investment = 200;
  c.funds.clear();
  for (const auto& p : {a, b, c}) ASSERT_TRUE(Create(p));
  EXPECT_EQ(Names(Office(), {}, {ProjectSort::kTotalInvestment, true}),
            (std::vector<std::string>{"甲项目", "丙项目", "乙项目"}));
  EXPECT_EQ(Names(Office(), {}, {ProjectSort::kTotalInvestment, false}),
            (std::vector<std::string>{"乙项目", "丙项目", "甲项目"}));
  EXPECT_EQ(Names(Office(), {.town_org_id = town_b_}, {ProjectSort::kId, false}),
            (std::vector<std::string>{"乙项目", "丙项目"}));
  EXPECT_EQ(Names(Office(), {.tag = "攻坚"}), (std::vector<std::string>{"甲项目"}));
  EXPECT_EQ(Names(Office(), {.responsible_org_id = dept_}), (std::vector<std::string>{"甲项目"}));
  EXPECT_EQ(Names(Office(), {.level = domain::ProjectLevel::kProvincial}), (std::vector<std::string>{"乙项目"}));
  EXPECT_EQ(Names(Office(), {.year = 2029}), (std::vector<std::string>{"乙项目"}));
  EXPECT_EQ(Names(Office(), {.year = 2027}, {ProjectSort::kId, false}), (std::vector<std::string>{"甲项目", "丙项目"}));
  EXPECT_EQ(Names(Office(), {.stages = {Stage::kConstruction}}).size(), 0u);
  EXPECT_EQ(Names(Office(), {.stages = {Stage::kConstruction, Stage::kPlanning}}).size(), 3u);
}

TEST_P(ProjectRepositoryTest, ScopeShowsOnlyProjectsBoundToTheUsersOrganisationsOrLed) {
  Project a = Make("城关项目", owner_a_, town_a_);
  Project b = Make("柳河项目", owner_b_, town_b_);
  b.responsible_org_ids = {dept_};
  Project led = Make("柳河包联项目", owner_b_, town_b_);
  led.leader_user_id = leader_;
  int64_t a_id = Create(a)->project.id;
  int64_t b_id = Create(b)->project.id;
  ASSERT_TRUE(Create(led));
  int64_t town_user = User("town.a", town_a_, domain::Role::kUnit, ScopeKind::kOwn);
  int64_t dept_user = User("dept", dept_, domain::Role::kUnit, ScopeKind::kOwn);
  int64_t owner_user = User("owner.b", owner_b_, domain::Role::kOwner, ScopeKind::kOwn);
  EXPECT_EQ(Names({town_user, ScopeKind::kOwn}, {}), (std::vector<std::string>{"城关项目"}));
  EXPECT_EQ(Names({dept_user, ScopeKind::kOwn}, {}), (std::vector<std::string>{"柳河项目"}));
  EXPECT_EQ(Names({owner_user, ScopeKind::kOwn}, {}, {ProjectSort::kId, false}),
            (std::vector<std::string>{"柳河项目", "柳河包联项目"}));
  EXPECT_EQ(Names({leader_, ScopeKind::kOrgs}, {}, {ProjectSort::kId, false}),
            (std::vector<std::string>{"城关项目", "柳河包联项目"}))
      << "a leader sees the projects of their scope and the ones they lead";
  auto hidden = db().ReadValue<ProjectView>(
      [&](Connection& c) { return GetProject(c, {town_user, ScopeKind::kOwn}, b_id); });
  ASSERT_FALSE(hidden);
  EXPECT_EQ(hidden.error().code(), core::Code::kNotFound);
  EXPECT_TRUE(db().ReadValue<ProjectView>([&](Connection& c) { return GetProject(c, {town_user, ScopeKind::kOwn}, a_id); }));
}

TEST_P(ProjectRepositoryTest, AStaleVersionIsRefusedAndChangesNothing) {
  auto created = Create(Make("甲", owner_a_, town_a_));
  ASSERT_TRUE(created);
  Project p = created->project;
  p.name = "乙";
  ASSERT_TRUE(db().WriteValue<ProjectView>([&](Connection& c) { return UpdateProject(c, Office(), p, 1, kNow); }));
  p.name = "丙";
  auto stale = db().WriteValue<ProjectView>([&](Connection& c) { return UpdateProject(c, Office(), p, 1, kNow); });
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code(), core::Code::kFailedPrecondition);
  EXPECT_EQ(Names(Office(), {}), (std::vector<std::string>{"乙"}));
}

TEST_P(ProjectRepositoryTest, AttachmentsBindOnceToAnEventOfTheirProject) {
  int64_t id = Create(Make("甲", owner_a_, town_a_))->project.id;
  int64_t other = Create(Make("乙", owner_a_, town_a_))->project.id;
  Attachment a;
  a.project_id = id;
  a.filename = "开工令.pdf";
  a.content_type = "application/pdf";
  a.size = 10;
  a.sm3 = "00";
  a.storage_key = "0123456789abcdef0123456789abcdef";
  a.created_by = office_;
  a.created_at = kNow;
  auto att = db().WriteValue<Attachment>([&](Connection& c) { return CreateAttachment(c, a); });
  ASSERT_TRUE(att) << att.error().ToString();
  EXPECT_EQ(att->user_name, "office");
  ProjectEvent e;
  e.project_id = id;
  e.kind = "transition";
  e.created_at = kNow;
  auto event = db().WriteValue<int64_t>([&](Connection& c) { return AppendProjectEvent(c, e); });
  ASSERT_TRUE(event);
  Status wrong_project = db().Write([&](Connection& c) { return BindAttachments(c, other, *event, {att->id}); });
  EXPECT_EQ(wrong_project.field(), "attachment_ids");
  EXPECT_TRUE(db().Write([&](Connection& c) { return BindAttachments(c, id, *event, {att->id}); }).ok());
  Status twice = db().Write([&](Connection& c) { return BindAttachments(c, id, *event, {att->id}); });
  EXPECT_EQ(twice.key(), "attachment_not_usable");
}

TEST_P(ProjectRepositoryTest, ForEachStreamsEveryProjectInTheListsOrderWithItsUnitsAndTags) {
  // More than one chunk of 256 (the children are loaded per chunk), and a last chunk that is short.
  constexpr int kCount = 600;
  Status s = db().Write([&](Connection& c) -> Status {
    for (int i = 0; i < kCount; ++i) {
      Project p = Make("批量项目" + std::to_string(i), i % 2 ? owner_a_ : owner_b_, i % 2 ? town_a_ : town_b_);
      p.total_investment = 1'000'00 * (i % 7 + 1);
      p.funds.clear();
      p.responsible_org_ids = i % 3 ? std::vector<int64_t>{dept_} : std::vector<int64_t>{dept_, town_a_};
      // Colons and digits in a tag: PostgreSQL's aggregated children must split them back exactly.
      p.tags = {"第" + std::to_string(i) + "号", "批量", "12:3:冒号"};
      auto r = CreateProject(c, p, office_, kNow);
      if (!r) return r.error();
    }
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  struct Seen {
    int64_t id = 0;
    int64_t total = 0;
    std::string name;
    std::vector<std::string> tags, units;
    std::vector<int64_t> unit_ids;
  };
  auto each = [&](const Viewer& v, const ProjectFilter& f, ProjectOrder order, bool children) {
    std::vector<Seen> out;
    auto n = db().ReadValue<int64_t>([&](Connection& c) {
      return ForEachProject(c, v, f, order, children, [&](const ProjectView& view) {
        out.push_back({view.project.id, view.project.total_investment, view.project.name, view.project.tags,
                       view.responsible_names, view.project.responsible_org_ids});
        return Status::Ok();
      });
    });
    EXPECT_TRUE(n) << n.error().ToString();
    EXPECT_EQ(n.value_or(-1), static_cast<int64_t>(out.size()));
    return out;
  };
  std::vector<Seen> all = each(Office(), {}, {}, true);
  ASSERT_EQ(all.size(), static_cast<size_t>(kCount));
  for (size_t i = 1; i < all.size(); ++i) EXPECT_GT(all[i - 1].id, all[i].id);  // newest first, as the list
  for (const Seen& p : all) {
    const int i = std::stoi(p.name.substr(std::string("批量项目").size()));
    ASSERT_EQ(p.tags, (std::vector<std::string>{"第" + std::to_string(i) + "号", "批量", "12:3:冒号"})) << p.name;
    const std::vector<std::string> units = i % 3 ? std::vector<std::string>{"区住房和城乡建设局"}
                                                 : std::vector<std::string>{"区住房和城乡建设局", "城关街道"};
    ASSERT_EQ(p.units, units) << p.name;
    ASSERT_EQ(p.unit_ids, i % 3 ? std::vector<int64_t>{dept_} : (std::vector<int64_t>{dept_, town_a_})) << p.name;
  }
  // The list's order and filters; without children, none are loaded.
  ProjectFilter town;
  town.town_org_id = town_a_;
  std::vector<Seen> sorted = each(Office(), town, {ProjectSort::kTotalInvestment, false}, false);
  ASSERT_EQ(sorted.size(), static_cast<size_t>(kCount / 2));
  for (size_t i = 1; i < sorted.size(); ++i) {
    EXPECT_TRUE(sorted[i - 1].total < sorted[i].total ||
                (sorted[i - 1].total == sorted[i].total && sorted[i - 1].id < sorted[i].id));
  }
  EXPECT_TRUE(sorted.front().tags.empty());
  // The scope: the leader sees town A's projects only (and those bound to it as a responsible unit).
  std::vector<Seen> led = each({leader_, ScopeKind::kOrgs}, {}, {}, false);
  EXPECT_EQ(led.size(), static_cast<size_t>(kCount / 2 + kCount / 6));
  // With children in a scope and a filter (PostgreSQL aggregates them for the matching projects only).
  ProjectFilter town_b;
  town_b.town_org_id = town_b_;
  std::vector<Seen> led_b = each({leader_, ScopeKind::kOrgs}, town_b, {}, true);
  ASSERT_EQ(led_b.size(), static_cast<size_t>(kCount / 6));
  for (const Seen& p : led_b) {
    EXPECT_EQ(p.tags.size(), 3u) << p.name;
    EXPECT_EQ(p.units, (std::vector<std::string>{"区住房和城乡建设局", "城关街道"})) << p.name;
  }
  // A failing callback stops the walk and its Status comes back.
  int calls = 0;
  auto stopped = db().ReadValue<int64_t>([&](Connection& c) {
    return ForEachProject(c, Office(), {}, {}, true, [&](const ProjectView&) {
      return ++calls == 300 ? Status::Internal("disk full") : Status::Ok();
    });
  });
  ASSERT_FALSE(stopped);
  EXPECT_EQ(stopped.error().detail(), "disk full");
  EXPECT_EQ(calls, 300);
}

GJ_INSTANTIATE_ENGINES(ProjectRepositoryTest);

}  // namespace
}  // namespace gongjian::store
