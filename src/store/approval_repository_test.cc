#include "store/approval_repository.h"

#include <algorithm>

#include "store/org_repository.h"
#include "store/project_repository.h"
#include "store/user_repository.h"
#include "store_test_util.h"

namespace gongjian::store {
namespace {

using domain::ApprovalItem;
using domain::ApprovalStatus;

constexpr char kNow[] = "2026-11-29T08:00:00.000Z";

domain::Date D(const char* text) { return *domain::ParseDate(text); }

class ApprovalRepositoryTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped()) return;
    root_ = AddOrg("示范区", domain::OrgKind::kDistrict, std::nullopt);
    planning_ = AddOrg("区自然资源和规划局", domain::OrgKind::kDepartment, root_);
    ecology_ = AddOrg("区生态环境局", domain::OrgKind::kDepartment, root_);
    owner_org_ = AddOrg("示范城投有限公司", domain::OrgKind::kOwner, root_);
    office_ = AddUser("office", root_, domain::ScopeKind::kAll);
    planner_ = AddUser("planner", planning_, domain::ScopeKind::kOwn);
    owner_ = AddUser("owner", owner_org_, domain::ScopeKind::kOwn);
    road_ = AddProject("纬三路");
  }
  int64_t AddOrg(const char* name, domain::OrgKind kind, std::optional<int64_t> parent) {
    domain::Org o;
    o.name = name;
    o.kind = kind;
    o.parent_id = parent;
    return db().WriteValue<domain::Org>([&](Connection& c) { return CreateOrg(c, o, kNow); })->id;
  }
  int64_t AddUser(const char* name, int64_t org, domain::ScopeKind scope) {
    domain::User u;
    u.username = name;
    u.display_name = name;
    u.org_id = org;
    u.roles = {domain::Role::kUnit};
    u.scope = scope;
    u.password_hash = "x";
    return db().WriteValue<domain::User>([&](Connection& c) { return CreateUser(c, u, kNow); })->id;
  }
  int64_t AddProject(const char* name) {
    domain::Project p;
    p.name = name;
    p.owner_org_id = owner_org_;
    return db().WriteValue<ProjectView>([&](Connection& c) { return CreateProject(c, p, office_, kNow); })->project.id;
  }
  ApprovalItem Add(const char* name, std::optional<int64_t> dept, ApprovalStatus status, const char* applied,
                   const char* approved) {
    ApprovalItem a;
    a.project_id = road_;
    a.position = -1;
    a.name = name;
    a.department_org_id = dept;
    a.limit_days = 20;
    a.status = status;
    if (*applied) a.applied_on = D(applied);
    if (*approved) a.approved_on = D(approved);
    auto r = db().WriteValue<ApprovalItem>([&](Connection& c) { return CreateApproval(c, a, kNow); });
    EXPECT_TRUE(r) << r.error().ToString();
    return r ? *r : ApprovalItem{};
  }
  static std::vector<ApprovalRow> ById(std::vector<ApprovalRow> rows) {
    std::sort(rows.begin(), rows.end(), [](const ApprovalRow& a, const ApprovalRow& b) { return a.item.id < b.item.id; });
    return rows;
  }
  std::vector<std::string> Names(const std::vector<ApprovalRow>& rows) {
    std::vector<std::string> out;
    for (const auto& r : rows) out.push_back(r.item.name);
    return out;
  }
  int64_t root_ = 0, planning_ = 0, ecology_ = 0, owner_org_ = 0, office_ = 0, planner_ = 0, owner_ = 0, road_ = 0;
};

TEST_P(ApprovalRepositoryTest, ShipsThreeTemplatesResolvedToTheDistrictsDepartments) {
  auto templates = db().ReadValue<std::vector<domain::ApprovalTemplate>>(
      [](Connection& c) { return ListApprovalTemplates(c); });
  ASSERT_TRUE(templates) << templates.error().ToString();
  ASSERT_EQ(templates->size(), 3u);
  EXPECT_EQ((*templates)[0].name, "政府投资房建市政");
  EXPECT_EQ((*templates)[1].name, "企业投资产业");
  EXPECT_EQ((*templates)[2].name, "线性基础设施");
  const auto& permit = (*templates)[0].items[11];
  EXPECT_EQ(permit.name, "施工许可证");
  EXPECT_EQ(permit.limit_days, 7);
  EXPECT_EQ(permit.limit_kind, domain::LimitKind::kCalendar);
  EXPECT_EQ(permit.stage, domain::ApprovalStage::kConstruction);
  auto orgs = db().ReadValue<std::vector<domain::DepartmentName>>([](Connection& c) { return DepartmentOrgs(c); });
  ASSERT_TRUE(orgs);
  auto items = domain::ApprovalsFromTemplate((*templates)[0], road_, *orgs);
  EXPECT_EQ(items[1].name, "用地预审与选址意见书");
  EXPECT_EQ(items[1].department_org_id, planning_);
  EXPECT_EQ(items[5].department_org_id, ecology_);
  EXPECT_EQ(items[0].department_org_id, std::nullopt);  // no 发展和改革局 in this district
  auto missing = db().ReadValue<domain::ApprovalTemplate>([](Connection& c) { return GetApprovalTemplate(c, 99); });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().key(), "approval_template_not_found");
}

TEST_P(ApprovalRepositoryTest, CreatesUpdatesWithVersionsAndDeletes) {
  ApprovalItem a = Add("用地预审与选址意见书", planning_, ApprovalStatus::kInProgress, "2026-03-02", "");
  ApprovalItem b = Add("环评", ecology_, ApprovalStatus::kNotStarted, "", "");
  EXPECT_EQ(a.position, 0);
  EXPECT_EQ(b.position, 1);
  a.status = ApprovalStatus::kObtained;
  a.approved_on = D("2026-03-20");
  a.doc_number = "用字第1号";
  auto updated = db().WriteValue<ApprovalItem>([&](Connection& c) { return UpdateApproval(c, a, 1, kNow); });
  ASSERT_TRUE(updated) << updated.error().ToString();
  EXPECT_EQ(updated->version, 2);
  EXPECT_EQ(updated->approved_on, D("2026-03-20"));
  EXPECT_EQ(updated->doc_number, "用字第1号");
  auto stale = db().WriteValue<ApprovalItem>([&](Connection& c) { return UpdateApproval(c, a, 1, kNow); });
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().key(), "stale_version");
  a.department_org_id = 999999;
  auto bad_org = db().WriteValue<ApprovalItem>([&](Connection& c) { return UpdateApproval(c, a, 2, kNow); });
  ASSERT_FALSE(bad_org);
  EXPECT_EQ(bad_org.error().field(), "department_org_id");
  a.department_org_id = planning_;
  a.attachment_id = 424242;
  auto bad_file = db().WriteValue<ApprovalItem>([&](Connection& c) { return UpdateApproval(c, a, 2, kNow); });
  ASSERT_FALSE(bad_file);
  EXPECT_EQ(bad_file.error().key(), "attachment_not_usable");
  auto list = db().ReadValue<std::vector<ApprovalItem>>([&](Connection& c) { return ListApprovals(c, road_); });
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].status, ApprovalStatus::kObtained);
  EXPECT_EQ(db().Write([&](Connection& c) { return DeleteApproval(c, b.id, 7); }).key(), "stale_version");
  EXPECT_TRUE(db().Write([&](Connection& c) { return DeleteApproval(c, b.id, 1); }).ok());
  auto gone = db().ReadValue<ApprovalItem>([&](Connection& c) { return GetApproval(c, b.id); });
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().key(), "approval_not_found");
}

TEST_P(ApprovalRepositoryTest, YearQuerySelectsByDatesAndScope) {
  Add("去年已取得", planning_, ApprovalStatus::kObtained, "2024-11-04", "2024-12-02");
  Add("今年已取得", planning_, ApprovalStatus::kObtained, "2025-03-03", "2025-03-31");
  Add("跨年取得", ecology_, ApprovalStatus::kObtained, "2025-12-15", "2026-01-10");
  Add("办理中", ecology_, ApprovalStatus::kInProgress, "2025-11-03", "");
  Add("明年申请", planning_, ApprovalStatus::kInProgress, "2026-02-02", "");
  Add("未启动", planning_, ApprovalStatus::kNotStarted, "", "");
  auto year = [&](int64_t user, domain::ScopeKind scope) {
    auto r = db().ReadValue<std::vector<ApprovalRow>>(
        [&](Connection& c) { return ApprovalsForYear(c, {user, scope}, 2025, D("2025-12-31")); });
    EXPECT_TRUE(r) << r.error().ToString();
    return r ? Names(ById(*r)) : std::vector<std::string>{};
  };
  EXPECT_EQ(year(office_, domain::ScopeKind::kAll),
            (std::vector<std::string>{"今年已取得", "跨年取得", "办理中"}));
  // The planning bureau's staff do not see the project, only the items they approve.
  EXPECT_EQ(year(planner_, domain::ScopeKind::kOwn), (std::vector<std::string>{"今年已取得"}));
  // The owner sees its project's items whatever the department.
  EXPECT_EQ(year(owner_, domain::ScopeKind::kOwn), (std::vector<std::string>{"今年已取得", "跨年取得", "办理中"}));
  auto rows = db().ReadValue<std::vector<ApprovalRow>>(
      [&](Connection& c) { return ApprovalsForYear(c, {office_, domain::ScopeKind::kAll}, 2025, D("2025-12-31")); });
  ASSERT_TRUE(rows);
  *rows = ById(*rows);
  EXPECT_EQ((*rows)[0].department_name, "区自然资源和规划局");
  EXPECT_EQ((*rows)[0].item.applied_on, D("2025-03-03"));
  EXPECT_EQ((*rows)[0].item.approved_on, D("2025-03-31"));
  EXPECT_EQ((*rows)[0].item.limit_days, 20);
  EXPECT_EQ((*rows)[2].item.status, ApprovalStatus::kInProgress);
}

TEST_P(ApprovalRepositoryTest, OpenItemsByDepartment) {
  Add("办理中甲", planning_, ApprovalStatus::kInProgress, "2026-03-02", "");
  Add("办理中乙", ecology_, ApprovalStatus::kInProgress, "2026-02-02", "");
  Add("已取得", planning_, ApprovalStatus::kObtained, "2026-01-05", "2026-01-20");
  auto open = [&](int64_t user, domain::ScopeKind scope, std::optional<int64_t> dept) {
    auto r = db().ReadValue<std::vector<ApprovalRow>>(
        [&](Connection& c) { return OpenApprovals(c, {user, scope}, dept); });
    EXPECT_TRUE(r) << r.error().ToString();
    return r ? Names(*r) : std::vector<std::string>{};
  };
  EXPECT_EQ(open(office_, domain::ScopeKind::kAll, std::nullopt).size(), 2u);
  EXPECT_EQ(open(office_, domain::ScopeKind::kAll, ecology_), (std::vector<std::string>{"办理中乙"}));
  EXPECT_EQ(open(planner_, domain::ScopeKind::kOwn, std::nullopt), (std::vector<std::string>{"办理中甲"}));
  auto in = db().ReadValue<bool>([&](Connection& c) { return DepartmentInScope(c, {planner_, domain::ScopeKind::kOwn}, planning_); });
  auto out = db().ReadValue<bool>([&](Connection& c) { return DepartmentInScope(c, {planner_, domain::ScopeKind::kOwn}, ecology_); });
  ASSERT_TRUE(in && out);
  EXPECT_TRUE(*in);
  EXPECT_FALSE(*out);
}

GJ_INSTANTIATE_ENGINES(ApprovalRepositoryTest);

}  // namespace
}  // namespace gongjian::store
