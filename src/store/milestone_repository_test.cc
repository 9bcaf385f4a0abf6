#include "store/milestone_repository.h"

#include "store/org_repository.h"
#include "store/project_repository.h"
#include "store/user_repository.h"
#include "store_test_util.h"

namespace gongjian::store {
namespace {

using domain::Milestone;

constexpr char kNow[] = "2026-11-29T08:00:00.000Z";

domain::Date D(const char* text) { return *domain::ParseDate(text); }

class MilestoneRepositoryTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped()) return;
    domain::Org district;
    district.name = "示范区";
    district.kind = domain::OrgKind::kDistrict;
    root_ = db().WriteValue<domain::Org>([&](Connection& c) { return CreateOrg(c, district, kNow); })->id;
    domain::User u;
    u.username = "office";
    u.display_name = "项目办";
    u.org_id = root_;
    u.roles = {domain::Role::kOwner};
    u.scope = domain::ScopeKind::kAll;
    u.password_hash = "x";
    user_ = db().WriteValue<domain::User>([&](Connection& c) { return CreateUser(c, u, kNow); })->id;
    road_ = AddProject("纬三路");
    factory_ = AddProject("新材料工厂");
    school_ = AddProject("第二小学");
  }
  int64_t AddProject(const char* name) {
    domain::Project p;
    p.name = name;
    p.owner_org_id = root_;
    return db().WriteValue<ProjectView>([&](Connection& c) { return CreateProject(c, p, user_, kNow); })->project.id;
  }
  Milestone Add(int64_t project, const char* name, const char* planned, std::vector<domain::MilestoneDependency> deps = {}) {
    Milestone m;
    m.project_id = project;
    m.position = -1;
    m.name = name;
    m.planned = D(planned);
    m.deps = std::move(deps);
    auto r = db().WriteValue<Milestone>([&](Connection& c) { return CreateMilestone(c, m, kNow); });
    EXPECT_TRUE(r) << r.error().ToString();
    return r ? *r : Milestone{};
  }
  int64_t root_ = 0, user_ = 0, road_ = 0, factory_ = 0, school_ = 0;
};

TEST_P(MilestoneRepositoryTest, CreatesListsAndAppendsInOrder) {
  Milestone a = Add(road_, "用地", "2026-03-01");
  Milestone b = Add(road_, "开工", "2026-05-01", {{a.id, 10}});
  auto list = db().ReadValue<std::vector<Milestone>>([&](Connection& c) { return ListMilestones(c, road_); });
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].name, "用地");
  EXPECT_EQ((*list)[1].position, 1);
  ASSERT_EQ((*list)[1].deps.size(), 1u);
  EXPECT_EQ((*list)[1].deps[0].predecessor_id, a.id);
  EXPECT_EQ((*list)[1].deps[0].lag_days, 10);
  EXPECT_EQ((*list)[1].version, 1);
  EXPECT_EQ(b.planned, D("2026-05-01"));
}

TEST_P(MilestoneRepositoryTest, UpdatesAtTheCurrentVersionOnly) {
  Milestone a = Add(road_, "用地", "2026-03-01");
  Milestone b = Add(road_, "开工", "2026-05-01", {{a.id, 10}});
  b.actual = D("2026-05-03");
  b.deps.clear();
  auto updated = db().WriteValue<Milestone>([&](Connection& c) { return UpdateMilestone(c, b, 1, kNow); });
  ASSERT_TRUE(updated) << updated.error().ToString();
  EXPECT_EQ(updated->version, 2);
  EXPECT_EQ(updated->actual, D("2026-05-03"));
  EXPECT_TRUE(updated->deps.empty());
  auto stale = db().WriteValue<Milestone>([&](Connection& c) { return UpdateMilestone(c, b, 1, kNow); });
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().key(), "stale_version");
}

TEST_P(MilestoneRepositoryTest, RefusesUnknownReferencesAndLeavesNothing) {
  Milestone m;
  m.project_id = road_;
  m.position = -1;
  m.name = "开工";
  m.planned = D("2026-05-01");
  m.deps = {{987654, 0}};
  auto r = db().WriteValue<Milestone>([&](Connection& c) { return CreateMilestone(c, m, kNow); });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field(), "deps[0].predecessor_id");
  m.deps.clear();
  m.responsible_org_id = 987654;
  r = db().WriteValue<Milestone>([&](Connection& c) { return CreateMilestone(c, m, kNow); });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field(), "responsible_org_id");
  auto list = db().ReadValue<std::vector<Milestone>>([&](Connection& c) { return ListMilestones(c, road_); });
  EXPECT_TRUE(list->empty());
}

TEST_P(MilestoneRepositoryTest, DeleteRefusesANodeOthersDependOn) {
  Milestone a = Add(road_, "通车", "2026-09-01");
  Milestone f = Add(factory_, "开工", "2026-10-01", {{a.id, 5}});
  Status s = db().Write([&](Connection& c) { return DeleteMilestone(c, a.id, 1); });
  EXPECT_EQ(s.key(), "milestone_has_successors");
  EXPECT_EQ(db().Write([&](Connection& c) { return DeleteMilestone(c, f.id, 7); }).key(), "stale_version");
  ASSERT_TRUE(db().Write([&](Connection& c) { return DeleteMilestone(c, f.id, 1); }).ok());
  ASSERT_TRUE(db().Write([&](Connection& c) { return DeleteMilestone(c, a.id, 1); }).ok());
  auto gone = db().ReadValue<Milestone>([&](Connection& c) { return GetMilestone(c, a.id); });
  EXPECT_EQ(gone.error().key(), "milestone_not_found");
}

TEST_P(MilestoneRepositoryTest, LinkedProjectsFollowsLinksBothWaysTransitively) {
  Milestone r = Add(road_, "通车", "2026-09-01");
  Milestone f = Add(factory_, "开工", "2026-10-01", {{r.id, 5}});
  Add(factory_, "投产", "2027-10-01");
  Add(school_, "开学", "2027-09-01");
  auto linked = db().ReadValue<std::vector<int64_t>>([&](Connection& c) { return LinkedProjects(c, {factory_}); });
  ASSERT_TRUE(linked);
  EXPECT_EQ(*linked, (std::vector<int64_t>{road_, factory_}));
  // The school joins once the road depends on it: factory → road → school.
  Milestone s = Add(school_, "土方外运", "2026-06-01");
  r.deps = {{s.id, 0}};
  ASSERT_TRUE(db().WriteValue<Milestone>([&](Connection& c) { return UpdateMilestone(c, r, 1, kNow); }));
  linked = db().ReadValue<std::vector<int64_t>>([&](Connection& c) { return LinkedProjects(c, {factory_}); });
  EXPECT_EQ(*linked, (std::vector<int64_t>{road_, factory_, school_}));
  auto all = db().ReadValue<std::vector<Milestone>>(
      [&](Connection& c) { return MilestonesOfProjects(c, {road_, factory_}); });
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[1].id, f.id);
}

TEST_P(MilestoneRepositoryTest, SearchFindsByNodeOrProjectName) {
  Add(road_, "通车", "2026-09-01");
  Add(factory_, "开工", "2026-10-01");
  Viewer v{user_, domain::ScopeKind::kAll};
  auto hits = db().ReadValue<std::vector<MilestoneLabel>>([&](Connection& c) { return SearchMilestones(c, v, "纬三", 20); });
  ASSERT_TRUE(hits);
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].name, "通车");
  EXPECT_EQ((*hits)[0].project_name, "纬三路");
  hits = db().ReadValue<std::vector<MilestoneLabel>>([&](Connection& c) { return SearchMilestones(c, v, "%", 20); });
  EXPECT_TRUE(hits->empty()) << "a % in the query matches only a literal %";
}

TEST_P(MilestoneRepositoryTest, ShipsThreeValidTemplatesAndEditsThem) {
  auto list = db().ReadValue<std::vector<domain::MilestoneTemplate>>(
      [&](Connection& c) { return ListMilestoneTemplates(c); });
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 3u);
  for (auto t : *list) EXPECT_TRUE(domain::ValidateMilestoneTemplate(t).ok()) << t.name;
  EXPECT_EQ((*list)[0].name, "产业项目");
  EXPECT_EQ((*list)[0].nodes[4].name, "开工");
  domain::MilestoneTemplate t = (*list)[0];
  t.nodes.pop_back();
  t.name = "产业项目（简）";
  auto saved = db().WriteValue<domain::MilestoneTemplate>(
      [&](Connection& c) { return UpdateMilestoneTemplate(c, t, 1, kNow); });
  ASSERT_TRUE(saved) << saved.error().ToString();
  EXPECT_EQ(saved->version, 2);
  auto again = db().ReadValue<domain::MilestoneTemplate>([&](Connection& c) { return GetMilestoneTemplate(c, t.id); });
  EXPECT_EQ(again->nodes.size(), (*list)[0].nodes.size() - 1);
  domain::MilestoneTemplate fresh{0, "基础设施项目", {{"开工", domain::MilestoneAnchor::kStart, 0}}, 0};
  auto taken = db().WriteValue<domain::MilestoneTemplate>(
      [&](Connection& c) { return CreateMilestoneTemplate(c, fresh, kNow); });
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().key(), "template_name_taken");
  fresh.name = "水利项目";
  auto made = db().WriteValue<domain::MilestoneTemplate>(
      [&](Connection& c) { return CreateMilestoneTemplate(c, fresh, kNow); });
  ASSERT_TRUE(made) << made.error().ToString();
  EXPECT_GT(made->id, 3) << "ids continue after the shipped templates";
}

TEST_P(MilestoneRepositoryTest, CalendarAdditionsOverrideTheBuiltInDays) {
  auto cal = db().ReadValue<domain::WorkCalendar>([&](Connection& c) { return LoadWorkCalendar(c); });
  ASSERT_TRUE(cal);
  EXPECT_FALSE(cal->IsWorkingDay(D("2025-10-08")));
  std::vector<domain::CalendarDay> days = {{D("2025-10-08"), domain::CalendarDay::Kind::kWorkday, "取消"},
                                           {D("2025-06-03"), domain::CalendarDay::Kind::kHoliday, "区庆"}};
  ASSERT_TRUE(db().Write([&](Connection& c) { return ReplaceCalendarAdditions(c, days, kNow); }).ok());
  cal = db().ReadValue<domain::WorkCalendar>([&](Connection& c) { return LoadWorkCalendar(c); });
  EXPECT_TRUE(cal->IsWorkingDay(D("2025-10-08")));
  EXPECT_FALSE(cal->IsWorkingDay(D("2025-06-03")));
  EXPECT_EQ(cal->AddWorkingDays(D("2025-09-30"), 1), D("2025-10-08"));
  auto listed = db().ReadValue<std::vector<domain::CalendarDay>>([&](Connection& c) { return ListCalendarAdditions(c); });
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].date, D("2025-06-03"));
  EXPECT_EQ((*listed)[0].name, "区庆");
}

TEST_P(MilestoneRepositoryTest, SavesOnlyTheSchedulesThatMoved) {
  Milestone a = Add(road_, "用地", "2026-03-01");
  Milestone b = Add(road_, "开工", "2026-05-01", {{a.id, 10}});
  Milestone f = Add(factory_, "开工", "2026-06-01");
  auto save = [&](std::vector<StoredSchedule> list) {
    return db().WriteValue<int64_t>([&](Connection& c) { return SaveForecasts(c, list); });
  };
  auto n = save({{a.id, D("2026-03-01"), true}, {b.id, D("2026-05-01"), true}, {f.id, D("2026-06-01"), false}});
  ASSERT_TRUE(n) << n.error().ToString();
  EXPECT_EQ(*n, 3);
  EXPECT_EQ(*save({{a.id, D("2026-03-01"), true}, {b.id, D("2026-05-01"), true}, {f.id, D("2026-06-01"), false}}), 0);
  EXPECT_EQ(*save({{a.id, D("2026-03-01"), true}, {b.id, D("2026-05-08"), true}, {f.id, D("2026-06-01"), false}}), 1);
  EXPECT_EQ(*save({{b.id, D("2026-05-08"), true}}), 0) << "the moved one was stored";
  EXPECT_EQ(*save({{a.id, D("2026-03-01"), false}}), 1) << "a change of the critical flag alone is stored";
  auto all = db().ReadValue<std::vector<Milestone>>([&](Connection& c) { return AllMilestones(c); });
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[1].deps.size(), 1u);

  auto nodes = db().ReadValue<std::vector<GanttNode>>([&](Connection& c) { return GanttNodes(c, {factory_, road_}); });
  ASSERT_TRUE(nodes) << nodes.error().ToString();
  ASSERT_EQ(nodes->size(), 3u);
  std::map<int64_t, GanttNode> by_id;
  for (const auto& g : *nodes) by_id[g.id] = g;
  EXPECT_EQ(by_id[b.id].forecast, D("2026-05-08"));
  EXPECT_TRUE(by_id[b.id].critical);
  EXPECT_FALSE(by_id[a.id].critical);
  EXPECT_EQ(by_id[f.id].project_id, factory_);
  EXPECT_EQ(by_id[f.id].name, "开工");
  EXPECT_FALSE(by_id[f.id].actual.has_value());
}

TEST_P(MilestoneRepositoryTest, GanttNodesOfNoProjectsAreNone) {
  Add(road_, "用地", "2026-03-01");
  auto nodes = db().ReadValue<std::vector<GanttNode>>([&](Connection& c) { return GanttNodes(c, {}); });
  ASSERT_TRUE(nodes);
  EXPECT_TRUE(nodes->empty());
}

GJ_INSTANTIATE_ENGINES(MilestoneRepositoryTest);

}  // namespace
}  // namespace gongjian::store
