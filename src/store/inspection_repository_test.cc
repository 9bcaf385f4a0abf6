#include "store/inspection_repository.h"

#include "store/org_repository.h"
#include "store/problem_repository.h"
#include "store/project_repository.h"
#include "store/user_repository.h"
#include "store_test_util.h"

namespace gongjian::store {
namespace {

using domain::InspectionKind;

constexpr char kNow[] = "2026-11-29T08:00:00.000Z";

domain::Date D(const char* text) { return *domain::ParseDate(text); }

class InspectionRepositoryTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped()) return;
    root_ = AddOrg("示范区", domain::OrgKind::kDistrict, std::nullopt);
    town_ = AddOrg("柳河镇", domain::OrgKind::kTown, root_);
    other_town_ = AddOrg("东坝镇", domain::OrgKind::kTown, root_);
    third_town_ = AddOrg("西湖街道", domain::OrgKind::kTown, root_);
    office_ = AddUser("office", root_);
    town_user_ = AddUser("town", town_);
    other_user_ = AddUser("other", other_town_);
    third_user_ = AddUser("third", third_town_);
    plant_ = AddProject("柳河污水处理厂", town_);
    road_ = AddProject("东坝大道", other_town_);
  }
  int64_t AddOrg(const char* name, domain::OrgKind kind, std::optional<int64_t> parent) {
    domain::Org o;
    o.name = name;
    o.kind = kind;
    o.parent_id = parent;
    return db().WriteValue<domain::Org>([&](Connection& c) { return CreateOrg(c, o, kNow); })->id;
  }
  int64_t AddUser(const char* name, int64_t org) {
    domain::User u;
    u.username = name;
    u.display_name = name;
    u.org_id = org;
    u.roles = {domain::Role::kUnit};
    u.scope = domain::ScopeKind::kOwn;
    u.password_hash = "x";
    return db().WriteValue<domain::User>([&](Connection& c) { return CreateUser(c, u, kNow); })->id;
  }
  int64_t AddProject(const char* name, int64_t town) {
    domain::Project p;
    p.name = name;
    p.owner_org_id = town;
    p.town_org_id = town;
    return db().WriteValue<ProjectView>([&](Connection& c) { return CreateProject(c, p, office_, kNow); })->project.id;
  }
  Viewer ViewerOf(int64_t user) const { return {user, user == office_ ? domain::ScopeKind::kAll : domain::ScopeKind::kOwn}; }
  int64_t Record(const char* title, const char* on, InspectionKind kind, std::vector<int64_t> projects) {
    Inspection i;
    i.kind = kind;
    i.held_on = D(on);
    i.title = title;
    i.people = "王区长、李主任";
    i.findings = "征迁进度滞后";
    i.created_by = office_;
    i.project_ids = std::move(projects);
    auto id = db().WriteValue<int64_t>([&](Connection& c) { return CreateInspection(c, i, kNow); });
    EXPECT_TRUE(id) << id.error().ToString();
    return id ? *id : 0;
  }
  Page<Inspection> List(int64_t viewer, const InspectionFilter& f = {}, PageRequest page = {1, 20}) {
    auto r = db().ReadValue<Page<Inspection>>([&](Connection& c) { return ListInspections(c, ViewerOf(viewer), f, page); });
    EXPECT_TRUE(r) << r.error().ToString();
    return r ? *r : Page<Inspection>{};
  }
  Result<Inspection> Get(int64_t viewer, int64_t id) {
    return db().ReadValue<Inspection>([&](Connection& c) { return GetInspection(c, ViewerOf(viewer), id); });
  }
  static std::vector<std::string> Titles(const Page<Inspection>& p) {
    std::vector<std::string> out;
    for (const auto& i : p.items) out.push_back(i.title);
    return out;
  }
  int64_t root_ = 0, town_ = 0, other_town_ = 0, third_town_ = 0;
  int64_t office_ = 0, town_user_ = 0, other_user_ = 0, third_user_ = 0, plant_ = 0, road_ = 0;
};

TEST_P(InspectionRepositoryTest, RecordsAndReadsBackWithItsProjects) {
  const int64_t id = Record("区长走访", "2026-11-20", InspectionKind::kVisit, {road_, plant_});
  auto got = Get(office_, id);
  ASSERT_TRUE(got) << got.error().ToString();
  EXPECT_EQ(got->kind, InspectionKind::kVisit);
  EXPECT_EQ(got->held_on, D("2026-11-20"));
  EXPECT_EQ(got->people, "王区长、李主任");
  EXPECT_EQ(got->created_by_name, "office");
  EXPECT_EQ(got->version, 1);
  EXPECT_EQ(got->project_ids, (std::vector<int64_t>{plant_, road_}));
  ASSERT_EQ(got->projects.size(), 2u);
  EXPECT_EQ(got->projects[0].second, "柳河污水处理厂");
}

TEST_P(InspectionRepositoryTest, ListsNewestFirstWithFilters) {
  Record("一月督查", "2026-01-10", InspectionKind::kSupervision, {plant_});
  Record("六月走访", "2026-06-02", InspectionKind::kVisit, {plant_, road_});
  Record("十一月督查", "2026-11-03", InspectionKind::kSupervision, {road_});
  Record("同日后录", "2026-11-03", InspectionKind::kVisit, {road_});
  EXPECT_EQ(Titles(List(office_)), (std::vector<std::string>{"同日后录", "十一月督查", "六月走访", "一月督查"}));
  EXPECT_EQ(Titles(List(office_, {.kind = InspectionKind::kSupervision})),
            (std::vector<std::string>{"十一月督查", "一月督查"}));
  EXPECT_EQ(Titles(List(office_, {.project_id = plant_})), (std::vector<std::string>{"六月走访", "一月督查"}));
  EXPECT_EQ(Titles(List(office_, {.from = D("2026-06-02"), .to = D("2026-11-02")})), (std::vector<std::string>{"六月走访"}));
  EXPECT_EQ(Titles(List(office_, {.q = "月走"})), (std::vector<std::string>{"六月走访"}));
  EXPECT_EQ(List(office_, {.q = "李主任"}).total, 4) << "people are searched";
  EXPECT_EQ(List(office_, {.q = "%"}).total, 0) << "LIKE wildcards match literally";
  auto second = List(office_, {}, {2, 3});
  EXPECT_EQ(second.total, 4);
  EXPECT_EQ(Titles(second), (std::vector<std::string>{"一月督查"}));
}

TEST_P(InspectionRepositoryTest, VisibleWhenAnyVisitedProjectIsInScope) {
  const int64_t both = Record("联合督查", "2026-11-01", InspectionKind::kSupervision, {plant_, road_});
  const int64_t road_only = Record("东坝走访", "2026-11-02", InspectionKind::kVisit, {road_});
  EXPECT_EQ(Titles(List(town_user_)), (std::vector<std::string>{"联合督查"}));
  EXPECT_EQ(List(other_user_).total, 2);
  EXPECT_EQ(List(third_user_).total, 0);
  EXPECT_EQ(Get(town_user_, road_only).error().key(), "inspection_not_found");
  EXPECT_EQ(Get(office_, 999999).error().key(), "inspection_not_found");
  auto seen = Get(town_user_, both);
  ASSERT_TRUE(seen) << seen.error().ToString();
  EXPECT_EQ(seen->project_ids.size(), 2u) << "the ids of all visited projects";
  ASSERT_EQ(seen->projects.size(), 1u) << "names only of those in scope";
  EXPECT_EQ(seen->projects[0].first, plant_);
}

TEST_P(InspectionRepositoryTest, UpdatesAtItsVersionAndReplacesTheProjects) {
  const int64_t id = Record("督查", "2026-11-01", InspectionKind::kSupervision, {plant_});
  Inspection i = *Get(office_, id);
  i.title = "专项督查";
  i.project_ids = {road_};
  auto v = db().WriteValue<int64_t>([&](Connection& c) { return UpdateInspection(c, i, kNow); });
  ASSERT_TRUE(v) << v.error().ToString();
  EXPECT_EQ(*v, 2);
  auto stale = db().WriteValue<int64_t>([&](Connection& c) { return UpdateInspection(c, i, kNow); });
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().key(), "stale_version");
  auto after = Get(office_, id);
  EXPECT_EQ(after->title, "专项督查");
  EXPECT_EQ(after->project_ids, std::vector<int64_t>{road_});
  EXPECT_FALSE(Get(town_user_, id)) << "no longer visits the town's project";
  i.id = 999999;
  EXPECT_EQ(db().WriteValue<int64_t>([&](Connection& c) { return UpdateInspection(c, i, kNow); }).error().key(),
            "inspection_not_found");
}

TEST_P(InspectionRepositoryTest, ProblemsRaisedFromAnInspectionAreFoundByIt) {
  const int64_t id = Record("督查", "2026-11-01", InspectionKind::kSupervision, {plant_, road_});
  for (auto [project, from] : {std::pair{plant_, std::optional<int64_t>(id)}, std::pair{road_, std::optional<int64_t>(id)},
                               std::pair{plant_, std::optional<int64_t>()}}) {
    Problem p;
    p.project_id = project;
    p.title = "问题";
    p.description = "说明";
    p.raised_by = office_;
    p.raised_org_id = root_;
    p.raised_role = "office";
    p.raised_on = D("2026-11-01");
    p.inspection_id = from;
    ASSERT_TRUE(db().WriteValue<Problem>([&](Connection& c) { return CreateProblem(c, p, kNow); }));
  }
  auto raised = [&](int64_t viewer) {
    ProblemFilter f;
    f.inspection_id = id;
    return db().ReadValue<Page<Problem>>([&](Connection& c) {
      return ListProblems(c, ViewerOf(viewer), f, {1, 50}, D("2026-11-29"));
    })->total;
  };
  EXPECT_EQ(raised(office_), 2);
  EXPECT_EQ(raised(town_user_), 1) << "only those on projects in scope";
}

TEST_P(InspectionRepositoryTest, PhotosListOldestFirst) {
  const int64_t id = Record("督查", "2026-11-01", InspectionKind::kSupervision, {plant_});
  std::vector<int64_t> made;
  for (int k = 0; k < 2; ++k) {
    Attachment a;
    a.project_id = plant_;
    a.filename = "现场" + std::to_string(k) + ".jpg";
    a.content_type = "image/jpeg";
    a.size = 4;
    a.sm3 = "-";
    a.storage_key = "k" + std::to_string(k);
    a.created_at = kNow;
    auto att = db().WriteValue<Attachment>([&](Connection& c) { return CreateAttachment(c, a); });
    ASSERT_TRUE(att) << att.error().ToString();
    made.push_back(att->id);
  }
  for (auto it = made.rbegin(); it != made.rend(); ++it) {
    ASSERT_TRUE(db().Write([&](Connection& c) { return AddInspectionPhoto(c, id, *it); }).ok());
  }
  auto ids = db().ReadValue<std::vector<int64_t>>([&](Connection& c) { return InspectionPhotoIds(c, id); });
  EXPECT_EQ(*ids, made);
}

GJ_INSTANTIATE_ENGINES(InspectionRepositoryTest);

}  // namespace
}  // namespace gongjian::store
