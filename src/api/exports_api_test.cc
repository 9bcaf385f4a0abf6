// The xlsx exports over HTTP on both databases, each workbook read back: Chinese headers, the
// frozen header and the autofilter; the list's filters, sort and columns honoured; the caller's
// data scope honoured (a town's user does not get another town's projects, problems or items);
// money exact to the 分; the progress table's totals row the sum of its rows and the cockpit's own
// figures; bad parameters and bad cells answered 400 naming the field.
//
// The district: towns T1 城关街道 and T2 柳河镇, units U1 区发展和改革局 and U2 区住房和城乡建设局.
//   A 城关智能制造产业园 (T1, U1), 在建, total 12,345,678.91元, planned 2025-03-01 ~ 2027-06-30, tags 攻坚、两重
//   B 城关大道改造 (T1, U2 and U1), 前期, total 3,000万元
//   C 柳河标准化厂房 (T2, U1), 在建, total 8,000万元
//   D 柳河谋划项目 (T2, U2), 谋划 (a draft: the library lists it, the cockpit does not), total 500万元
// Plans and reports (2025, accepted): A plan 1,200万 with reports March–October 100万 each;
// C plan 3,000万 with reports January–October 250万 each.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "api/cockpit.h"
#include "api/export_table.h"
#include "api/test_server.h"
#include "io/xlsx_peek.h"
#include "store/approval_repository.h"
#include "store/audit_repository.h"
#include "store/problem_repository.h"
#include "store/project_repository.h"
#include "store/user_repository.h"

namespace gongjian::api {
namespace {

using domain::OrgKind;
using domain::Role;
using io::testing::PeekSheet;
using io::testing::PeekXlsx;
using nlohmann::json;
using store::Engine;

constexpr int64_t kWan = 1'000'000;  // 分 in 1万元
constexpr int64_t kOddFen = 1'234'567'891;  // 12,345,678.91元: 1234.567891万元

int64_t FenAt(const PeekSheet& s, int row, int col) { return std::llround(s.Number(row, col) * 1'000'000.0); }

std::vector<std::string> RowValues(const PeekSheet& s, int row) {
  std::vector<std::string> out;
  for (int col = 0;; ++col) {
    if (!s.At(row, col)) return out;
    out.push_back(s.Value(row, col));
  }
}

// The names in column `col` of the data rows (below the title and header rows).
std::vector<std::string> Column(const PeekSheet& s, int col, int last_row) {
  std::vector<std::string> out;
  for (int row = 2; row <= last_row; ++row) out.push_back(s.Value(row, col));
  return out;
}

class ExportsApiTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    server_ = TestServer::Start(GetParam());
    if (!server_) GTEST_SKIP() << "GONGJIAN_TEST_PG is not set";
    client_ = server_->Client();
    auto ensured = EnsureCockpit(server_->db(), server_->clock());
    ASSERT_TRUE(ensured) << ensured.error().ToString();
    const int64_t root = server_->RootOrg();
    t1_ = server_->AddOrg("城关街道", OrgKind::kTown, root);
    t2_ = server_->AddOrg("柳河镇", OrgKind::kTown, root);
    u1_ = server_->AddOrg("区发展和改革局", OrgKind::kDepartment, root);
    u2_ = server_->AddOrg("区住房和城乡建设局", OrgKind::kDepartment, root);
    const int64_t owner1 = server_->AddOrg("城关建设公司", OrgKind::kOwner, t1_);
    const int64_t owner2 = server_->AddOrg("柳河实业公司", OrgKind::kOwner, t2_);
    office_ = server_->SignedIn(Role::kOffice);
    town_ = server_->Login("town.a", server_->AddUser("town.a", {Role::kUnit}, t1_, false, domain::ScopeKind::kOwn));
    raiser_id_ = UserId(server_->db(), "town.a");

    a_ = Project("城关智能制造产业园", owner1, t1_, {u1_}, kOddFen, domain::Date{2025, 3, 1}, domain::Date{2027, 6, 30},
                 {"攻坚", "两重"});
    b_ = Project("城关大道改造", owner1, t1_, {u2_, u1_}, 3000 * kWan, {}, {}, {});
    c_ = Project("柳河标准化厂房", owner2, t2_, {u1_}, 8000 * kWan, domain::Date{2024, 5, 1}, {}, {});
    d_ = Project("柳河谋划项目", owner2, t2_, {u2_}, 500 * kWan, {}, {}, {});
  }

  static int64_t UserId(store::Database& db, const std::string& name) {
    return db.ReadValue<domain::User>([&](store::Connection& c) { return store::FindUserByUsername(c, name); })->id;
  }
  int64_t Project(const std::string& name, int64_t owner, int64_t town, std::vector<int64_t> units, int64_t total,
                  std::optional<domain::Date> start, std::optional<domain::Date> completion,
                  std::vector<std::string> tags) {
    domain::Project p;
    p.name = name;
    p.owner_org_id = owner;
    p.town_org_id = town;
    p.responsible_org_ids = std::move(units);
    p.total_investment = total;
    p.planned_start = start;
    p.planned_completion = completion;
    p.tags = std::move(tags);
    auto made = server_->db().WriteValue<store::ProjectView>(
        [&](store::Connection& c) { return store::CreateProject(c, p, 1, "2025-01-01T00:00:00.000Z"); });
    EXPECT_TRUE(made) << made.error().ToString();
    return made->project.id;
  }
  void Stage(int64_t project, const std::string& stage) {
    core::Status s = server_->db().Write([&](store::Connection& c) -> core::Status {
      auto r = c.Exec("UPDATE projects SET stage = $1 WHERE id = $2", {stage, project});
      return r ? core::Status::Ok() : r.error();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }
  httplib::Result Post(const TestSession& s, const std::string& path, const json& body, httplib::Headers h = {}) {
    return client_->Post(path.c_str(), s.Headers(h), body.dump(), "application/json");
  }
  static httplib::Headers Version(const json& record) {
    return {{"If-Match", "\"" + std::to_string(record["version"].get<int64_t>()) + "\""}};
  }
  // The office saves, submits and accepts a plan or report at `path`.
  void Approved(const std::string& path, const json& body, const std::string& actions_prefix) {
    auto r = client_->Put(path.c_str(), office_.Headers(), body.dump(), "application/json");
    ASSERT_EQ(r->status, 201) << path << ": " << r->body;
    json record = json::parse(r->body);
    const std::string actions = actions_prefix + std::to_string(record["id"].get<int64_t>()) + "/actions";
    record = json::parse(Post(office_, actions, {{"action", "submit"}}, Version(record))->body);
    r = Post(office_, actions, {{"action", "accept"}}, Version(record));
    ASSERT_EQ(r->status, 200) << path << ": " << r->body;
  }
  void Plan(int64_t project, int64_t wan) {
    Approved("/api/projects/" + std::to_string(project) + "/plans/2025", {{"planned_investment", wan * kWan}},
             "/api/plans/");
  }
  void Report(int64_t project, int month, int64_t wan) {
    char period[8];
    std::snprintf(period, sizeof period, "2025-%02d", month);
    Approved("/api/projects/" + std::to_string(project) + "/reports/" + period, {{"investment", wan * kWan}},
             "/api/reports/");
  }
  int64_t Problem(int64_t project, const std::string& title, domain::ProblemState state, std::optional<int64_t> unit,
                  std::optional<domain::Date> deadline) {
    store::Problem p;
    p.project_id = project;
    p.type = domain::ProblemType::kLand;
    p.title = title;
    p.description = title + "的情况";
    p.raised_by = raiser_id_;
    p.raised_org_id = server_->RootOrg();
    p.raised_role = "office";
    p.raised_on = {2025, 9, 1};
    auto made = server_->db().WriteValue<store::Problem>(
        [&](store::Connection& c) { return store::CreateProblem(c, p, "2025-09-01T00:00:00.000Z"); });
    EXPECT_TRUE(made) << made.error().ToString();
    if (state == domain::ProblemState::kPending) return made->id;
    made->status = {state, false, domain::EscalationLevel::kUnit};
    made->responsible_org_id = unit;
    made->deadline = deadline;
    auto v = server_->db().WriteValue<int64_t>(
        [&](store::Connection& c) { return store::UpdateProblem(c, *made, "2025-09-02T00:00:00.000Z"); });
    EXPECT_TRUE(v) << v.error().ToString();
    return made->id;
  }
  int64_t Approval(int64_t project, int64_t department, const std::string& name, domain::ApprovalStatus status,
                   std::optional<domain::Date> applied, std::optional<domain::Date> approved, int limit) {
    domain::ApprovalItem a;
    a.project_id = project;
    a.position = -1;
    a.name = name;
    a.department_org_id = department;
    a.limit_days = limit;
    a.limit_kind = domain::LimitKind::kCalendar;
    a.status = status;
    a.applied_on = applied;
    a.approved_on = approved;
    auto made = server_->db().WriteValue<domain::ApprovalItem>(
        [&](store::Connection& c) { return store::CreateApproval(c, a, "2025-01-01T00:00:00.000Z"); });
    EXPECT_TRUE(made) << made.error().ToString();
    return made->id;
  }

  // GETs an export that must succeed and reads its one sheet back.
  PeekSheet Export(const TestSession& s, const std::string& path, const std::string& sheet) {
    auto r = client_->Get(path.c_str(), s.Headers());
    EXPECT_EQ(r->status, 200) << path << ": " << r->body;
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    EXPECT_EQ(r->get_header_value("Content-Disposition").rfind("attachment; filename=", 0), 0u);
    auto book = PeekXlsx(r->body);
    EXPECT_TRUE(book) << path;
    if (!book) return {};
    EXPECT_EQ(book->sheet_names, std::vector<std::string>{sheet}) << path;
    auto found = book->Sheet(sheet);
    EXPECT_TRUE(found) << path;
    return found ? *found : PeekSheet{};
  }
  // The error an export must answer with: its status and field.
  void Refused(const TestSession& s, const std::string& path, int status, const std::string& field) {
    auto r = client_->Get(path.c_str(), s.Headers());
    ASSERT_EQ(r->status, status) << path << ": " << r->body;
    EXPECT_EQ(json::parse(r->body)["error"]["field"], field) << path << ": " << r->body;
  }
  // The frozen header and the autofilter over the data rows, as the sheet's XML holds them: the
  // panes split below the header row (row 2, under the title) and the filter from the header row
  // down to `last_row` (zero-based) across `columns` columns.
  static void ExpectFrozenAndFiltered(const PeekSheet& s, int columns, int last_row) {
    EXPECT_NE(s.xml.find(R"(ySplit="2")"), std::string::npos) << s.xml.substr(0, 1500);
    EXPECT_NE(s.xml.find(R"(state="frozen")"), std::string::npos);
    const std::string last_column(1, static_cast<char>('A' + columns - 1));
    EXPECT_NE(s.xml.find("<autoFilter ref=\"A2:" + last_column + std::to_string(last_row + 1) + "\""), std::string::npos)
        << s.xml.substr(s.xml.find("<autoFilter") == std::string::npos ? 0 : s.xml.find("<autoFilter"), 80);
  }

  std::unique_ptr<TestServer> server_;
  std::unique_ptr<httplib::Client> client_;
  TestSession office_, town_;
  int64_t raiser_id_ = 0;
  int64_t t1_ = 0, t2_ = 0, u1_ = 0, u2_ = 0;
  int64_t a_ = 0, b_ = 0, c_ = 0, d_ = 0;
};

TEST_P(ExportsApiTest, ProjectListHasChineseHeadersFrozenHeaderAutofilterAndMoneyExactToTheFen) {
  Stage(a_, "construction");
  Stage(b_, "preparation");
  Stage(c_, "construction");
  auto r = client_->Get("/api/projects/export", office_.Headers());
  ASSERT_EQ(r->status, 200) << r->body;
  // 项目清单_YYYYMMDD.xlsx in filename* (percent-encoded on the wire; httplib decodes header values).
  EXPECT_NE(r->get_header_value("Content-Disposition").find("filename*=UTF-8''项目清单_2"), std::string::npos)
      << r->get_header_value("Content-Disposition");
  PeekSheet s = Export(office_, "/api/projects/export", "项目清单");
  EXPECT_NE(s.Value(0, 0).find("重大项目清单"), std::string::npos);
  EXPECT_EQ(RowValues(s, 1), (std::vector<std::string>{"序号", "项目代码", "项目名称", "阶段", "建设状态", "项目类别",
                                                       "项目级别", "所属行业", "所在镇街", "业主单位", "责任单位",
                                                       "包联领导", "总投资（万元）", "计划开工日期", "计划竣工日期",
                                                       "实际开工日期", "实际竣工日期", "预警灯"}));
  ASSERT_EQ(s.rows, 6);  // title, header, four projects
  ExpectFrozenAndFiltered(s, 18, 5);
  // Newest first, as the list.
  EXPECT_EQ(Column(s, 2, 5),
            (std::vector<std::string>{"柳河谋划项目", "柳河标准化厂房", "城关大道改造", "城关智能制造产业园"}));
  EXPECT_EQ(s.Value(5, 0), "4");
  EXPECT_EQ(s.Value(5, 3), "在建");
  EXPECT_EQ(s.Value(5, 8), "城关街道");
  EXPECT_EQ(s.Value(5, 9), "城关建设公司");
  EXPECT_EQ(s.Value(4, 10), "区住房和城乡建设局、区发展和改革局");
  EXPECT_EQ(s.Value(4, 3), "前期");
  EXPECT_EQ(s.Value(2, 3), "谋划");
  // Money in 万元, exact to the 分; shown with two decimals.
  EXPECT_EQ(FenAt(s, 5, 12), kOddFen);
  EXPECT_EQ(s.At(5, 12)->num_format, "#,##0.00");
  EXPECT_EQ(FenAt(s, 3, 12), 8000 * kWan);
  // Dates as dates.
  EXPECT_EQ(s.At(5, 13)->num_format, "yyyy-mm-dd");
  EXPECT_EQ(s.Number(5, 13), 45717);  // 2025-03-01 as Excel's serial
  EXPECT_TRUE(s.Value(4, 13).empty());
}

TEST_P(ExportsApiTest, ProjectListHonoursFiltersSortAndTheColumnsInTheirOrder) {
  Stage(a_, "construction");
  Stage(c_, "construction");
  PeekSheet s = Export(office_, "/api/projects/export?stage=construction&sort=total_investment", "项目清单");
  ASSERT_EQ(s.rows, 4);
  EXPECT_EQ(Column(s, 2, 3), (std::vector<std::string>{"城关智能制造产业园", "柳河标准化厂房"}));

  s = Export(office_, "/api/projects/export?town_org_id=" + std::to_string(t2_) + "&sort=-name", "项目清单");
  EXPECT_EQ(s.rows, 4);
  s = Export(office_, "/api/projects/export?q=" + std::string("%E5%A4%A7%E9%81%93"), "项目清单");  // 大道
  ASSERT_EQ(s.rows, 3);
  EXPECT_EQ(s.Value(2, 2), "城关大道改造");
  s = Export(office_, "/api/projects/export?tag=%E6%94%BB%E5%9D%9A", "项目清单");  // 攻坚
  ASSERT_EQ(s.rows, 3);
  EXPECT_EQ(s.Value(2, 2), "城关智能制造产业园");

  // The list's visible columns, in the list's order; "planned" is the two planned dates.
  s = Export(office_, "/api/projects/export?columns=total_investment,name,planned,tags,warning&sort=name", "项目清单");
  EXPECT_EQ(RowValues(s, 1), (std::vector<std::string>{"序号", "总投资（万元）", "项目名称", "计划开工日期",
                                                       "计划竣工日期", "标签", "预警灯"}));
  ASSERT_EQ(s.rows, 6);
  ExpectFrozenAndFiltered(s, 7, 5);
  for (int row = 2; row < 6; ++row) {
    if (s.Value(row, 2) != "城关智能制造产业园") continue;
    EXPECT_EQ(FenAt(s, row, 1), kOddFen);
    EXPECT_EQ(s.Value(row, 5), "攻坚、两重");
    EXPECT_EQ(s.Value(row, 6), "绿灯");
  }
}

TEST_P(ExportsApiTest, ProjectListRefusesBadColumnsFiltersAndSortNamingTheField) {
  Refused(office_, "/api/projects/export?columns=name,budget", 400, "columns");
  Refused(office_, "/api/projects/export?stage=building", 400, "stage");
  Refused(office_, "/api/projects/export?sort=-colour", 400, "sort");
  Refused(office_, "/api/projects/export?town_org_id=abc", 400, "town_org_id");
  // Business data does not exist for the administrators.
  EXPECT_EQ(client_->Get("/api/projects/export", server_->SignedIn(Role::kSystemAdmin).Headers())->status, 404);
  EXPECT_EQ(client_->Get("/api/projects/export")->status, 401);
}

TEST_P(ExportsApiTest, ATownsUserExportsOnlyItsOwnProjectsProblemsAndApprovals) {
  PeekSheet s = Export(town_, "/api/projects/export", "项目清单");
  ASSERT_EQ(s.rows, 4);
  std::vector<std::string> names = Column(s, 2, 3);
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()),
            (std::set<std::string>{"城关智能制造产业园", "城关大道改造"}));

  Problem(a_, "征地拆迁", domain::ProblemState::kInProgress, u1_, domain::Date{2025, 10, 1});
  Problem(c_, "柳河用地", domain::ProblemState::kInProgress, u1_, domain::Date{2025, 10, 1});
  s = Export(town_, "/api/problems/export", "问题台账");
  ASSERT_EQ(s.rows, 3);
  EXPECT_EQ(s.Value(2, 2), "城关智能制造产业园");

  Approval(a_, u1_, "用地预审", domain::ApprovalStatus::kInProgress, domain::Date{2025, 9, 1}, {}, 20);
  Approval(c_, u1_, "柳河环评", domain::ApprovalStatus::kInProgress, domain::Date{2025, 9, 1}, {}, 20);
  s = Export(town_, "/api/approvals/export", "审批台账");
  ASSERT_EQ(s.rows, 3);
  EXPECT_EQ(s.Value(2, 3), "用地预审");
  s = Export(office_, "/api/approvals/export", "审批台账");
  EXPECT_EQ(s.rows, 4);
}

TEST_P(ExportsApiTest, ProblemLedgerHonoursTheListsFilters) {
  const int64_t late = Problem(a_, "征地拆迁", domain::ProblemState::kInProgress, u1_, domain::Date{2025, 1, 10});
  Problem(b_, "资金缺口", domain::ProblemState::kInProgress, u2_, domain::Date{2199, 1, 1});
  Problem(c_, "选址待定", domain::ProblemState::kPending, {}, {});
  PeekSheet s = Export(office_, "/api/problems/export", "问题台账");
  EXPECT_EQ(RowValues(s, 1), (std::vector<std::string>{"序号", "问题编号", "项目名称", "问题类型", "问题标题", "问题描述",
                                                       "状态", "协调层级", "反映单位", "反映人", "反映日期", "责任单位",
                                                       "配合单位", "办理时限", "超期（工作日）", "办理结果", "销号日期"}));
  ASSERT_EQ(s.rows, 5);
  ExpectFrozenAndFiltered(s, 17, 4);

  s = Export(office_, "/api/problems/export?state=pending", "问题台账");
  ASSERT_EQ(s.rows, 3);
  EXPECT_EQ(s.Value(2, 4), "选址待定");
  EXPECT_EQ(s.Value(2, 6), "待交办");

  s = Export(office_, "/api/problems/export?overdue=1", "问题台账");
  ASSERT_EQ(s.rows, 3);
  EXPECT_EQ(s.Value(2, 1), std::to_string(late));
  EXPECT_EQ(s.Value(2, 3), "用地");
  EXPECT_EQ(s.Value(2, 6), "办理中");
  EXPECT_EQ(s.Value(2, 11), "区发展和改革局");
  EXPECT_GT(s.Number(2, 14), 100);  // working days since 2025-01-10

  s = Export(office_, "/api/problems/export?responsible_org_id=" + std::to_string(u2_), "问题台账");
  ASSERT_EQ(s.rows, 3);
  EXPECT_EQ(s.Value(2, 4), "资金缺口");
  Refused(office_, "/api/problems/export?state=lost", 400, "state");
  Refused(office_, "/api/problems/export?overdue=2", 400, "overdue");
}

TEST_P(ExportsApiTest, ApprovalLedgerListsEveryItemInScopeWithItsTiming) {
  Approval(a_, u1_, "用地预审", domain::ApprovalStatus::kInProgress, domain::Date{2025, 9, 1}, {}, 20);
  Approval(a_, u2_, "施工许可", domain::ApprovalStatus::kObtained, domain::Date{2025, 3, 3},
           domain::Date{2025, 3, 10}, 20);
  Approval(c_, u2_, "环评", domain::ApprovalStatus::kNotStarted, {}, {}, 30);
  PeekSheet s = Export(office_, "/api/approvals/export", "审批台账");
  EXPECT_EQ(RowValues(s, 1),
            (std::vector<std::string>{"序号", "项目名称", "审批阶段", "事项名称", "审批部门", "办理状态", "申请日期",
                                      "取得日期", "批复文号", "办理时限（天）", "时限单位", "已用时（天）", "办结期限",
                                      "超期（天）", "红黄码", "备注"}));
  ASSERT_EQ(s.rows, 5);
  ExpectFrozenAndFiltered(s, 16, 4);
  // By project, then position: A's two items, then C's.
  EXPECT_EQ(Column(s, 3, 4), (std::vector<std::string>{"用地预审", "施工许可", "环评"}));
  EXPECT_EQ(s.Value(2, 5), "办理中");
  EXPECT_EQ(s.Value(2, 14), "红码");  // open far beyond 20 × 150% calendar days
  EXPECT_GT(s.Number(2, 13), 30);     // overdue days
  EXPECT_EQ(s.Value(3, 5), "已取得");
  EXPECT_EQ(s.Number(3, 11), 7);  // 03-03 → 03-10 in calendar days
  EXPECT_TRUE(s.Value(3, 13).empty());
  EXPECT_EQ(s.Value(4, 10), "自然日");

  s = Export(office_, "/api/approvals/export?status=obtained", "审批台账");
  ASSERT_EQ(s.rows, 3);
  EXPECT_EQ(s.Value(2, 3), "施工许可");
  s = Export(office_, "/api/approvals/export?department_org_id=" + std::to_string(u2_), "审批台账");
  EXPECT_EQ(s.rows, 4);
  // The desk's view: a department's user gets the items it approves, on any project.
  TestSession bureau =
      server_->Login("u2.a", server_->AddUser("u2.a", {Role::kUnit}, u2_, false, domain::ScopeKind::kOwn));
  s = Export(bureau, "/api/approvals/export?view=desk", "审批事项");
  ASSERT_EQ(s.rows, 4);
  std::vector<std::string> items = Column(s, 3, 3);
  EXPECT_EQ(std::set<std::string>(items.begin(), items.end()), (std::set<std::string>{"施工许可", "环评"}));
  Refused(office_, "/api/approvals/export?status=done", 400, "status");
  Refused(office_, "/api/approvals/export?view=mine", 400, "view");
}

TEST_P(ExportsApiTest, ProgressByUnitHasTheCockpitsRowsAndATotalsRowThatIsTheirSum) {
  Plan(a_, 1200);
  for (int m = 3; m <= 10; ++m) Report(a_, m, 100);
  Plan(c_, 3000);
  for (int m = 1; m <= 10; ++m) Report(c_, m, 250);
  Stage(a_, "construction");
  Stage(b_, "preparation");
  Stage(c_, "construction");
  PeekSheet s = Export(office_, "/api/reports/progress-by-unit/export?year=2025&month=10", "分单位进度");
  EXPECT_EQ(RowValues(s, 1), (std::vector<std::string>{"序号", "责任单位", "项目数", "年度计划投资（万元）",
                                                       "10月完成投资（万元）", "累计完成投资（万元）",
                                                       "序时进度投资（万元）", "完成年度计划", "序时进度",
                                                       "较序时进度（百分点）"}));
  EXPECT_NE(s.Value(0, 0).find("2025年1-10月"), std::string::npos) << s.Value(0, 0);
  // Units: U1 (A, C: plans 4200万) and U2 (B: no plan); D is a draft. Totals below.
  ASSERT_EQ(s.rows, 5);
  const int total = 4;
  EXPECT_EQ(s.Value(2, 1), "区发展和改革局");
  EXPECT_EQ(s.Number(2, 2), 2);
  EXPECT_EQ(FenAt(s, 2, 3), 4200 * kWan);
  EXPECT_EQ(FenAt(s, 2, 4), 350 * kWan);   // October: 100 + 250
  EXPECT_EQ(FenAt(s, 2, 5), 3300 * kWan);  // 800 + 2500
  EXPECT_EQ(s.Value(3, 1), "区住房和城乡建设局");
  EXPECT_EQ(s.Number(3, 2), 1);
  EXPECT_TRUE(s.Value(3, 7).empty());  // no plan, no rate
  EXPECT_EQ(s.Value(total, 1), "合计");
  EXPECT_TRUE(s.At(total, 1)->bold);
  for (int col : {2, 3, 4, 5, 6}) {
    int64_t sum = 0;
    for (int row = 2; row < total; ++row) sum += col == 2 ? static_cast<int64_t>(s.Number(row, col)) : FenAt(s, row, col);
    EXPECT_EQ(col == 2 ? static_cast<int64_t>(s.Number(total, col)) : FenAt(s, total, col), sum) << "column " << col;
  }
  // 3300 / 4200 = 78.57%.
  EXPECT_NEAR(s.Number(total, 7), 0.7857, 1e-9);
  // The autofilter stops above the totals row.
  ExpectFrozenAndFiltered(s, 10, 3);

  // The very figures of the cockpit's breakdown by unit.
  auto panel = client_->Get("/api/cockpit/breakdown?dimension=unit&year=2025&month=10", office_.Headers());
  ASSERT_EQ(panel->status, 200);
  json p = json::parse(panel->body);
  ASSERT_EQ(p["rows"].size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(p["rows"][i]["name"], s.Value(2 + static_cast<int>(i), 1));
    EXPECT_EQ(p["rows"][i]["annual_planned"], FenAt(s, 2 + static_cast<int>(i), 3));
    EXPECT_EQ(p["rows"][i]["completed_ytd"], FenAt(s, 2 + static_cast<int>(i), 5));
  }
  EXPECT_EQ(p["total"]["completed_ytd"], FenAt(s, total, 5));

  // The town's user: only its projects (A, B).
  s = Export(town_, "/api/reports/progress-by-unit/export?year=2025&month=10", "分单位进度");
  ASSERT_EQ(s.rows, 5);
  EXPECT_EQ(FenAt(s, 4, 5), 800 * kWan);
  EXPECT_EQ(s.Value(0, 0).find("城关街道"), 0u) << s.Value(0, 0);
  Refused(office_, "/api/reports/progress-by-unit/export?year=2025&month=13", 400, "month");
}

TEST_P(ExportsApiTest, AnyListTurnsIntoAWorkbookExactlyAsSent) {
  const json table = {
      {"title", "督查走访记录"},
      {"file_name", "督查走访"},
      {"columns",
       {{{"header", "日期"}, {"kind", "date"}},
        {{"header", "标题"}, {"kind", "text"}, {"width", 30}},
        {{"header", "项目数"}, {"kind", "integer"}},
        {{"header", "投资（万元）"}, {"kind", "money"}},
        {{"header", "完成率"}, {"kind", "rate"}}}},
      {"rows",
       {{"2026-03-01", "城关片区督查", 3, kOddFen, 7857},
        {nullptr, "=SUM(A1)", nullptr, -100, nullptr},
        {"", "", 0, 0, 0}}}};
  auto r = Post(office_, "/api/export/table", table);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_NE(r->get_header_value("Content-Disposition").find("filename*=UTF-8''督查走访_2"), std::string::npos)
      << r->get_header_value("Content-Disposition");
  auto book = PeekXlsx(r->body);
  ASSERT_TRUE(book);
  auto s = book->Sheet("督查走访记录");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->Value(0, 0), "督查走访记录");
  EXPECT_EQ(RowValues(*s, 1), (std::vector<std::string>{"日期", "标题", "项目数", "投资（万元）", "完成率"}));
  ASSERT_EQ(s->rows, 5);
  ExpectFrozenAndFiltered(*s, 5, 4);
  EXPECT_EQ(s->Number(2, 0), 46082);  // 2026-03-01
  EXPECT_EQ(s->Value(2, 1), "城关片区督查");
  EXPECT_EQ(s->Number(2, 2), 3);
  EXPECT_EQ(FenAt(*s, 2, 3), kOddFen);
  EXPECT_NEAR(s->Number(2, 4), 0.7857, 1e-12);
  EXPECT_EQ(s->Value(3, 1), "=SUM(A1)");  // a text, never a formula
  EXPECT_EQ(s->At(3, 1)->type, "inlineStr");
  EXPECT_EQ(FenAt(*s, 3, 3), -100);
  EXPECT_TRUE(s->Value(3, 0).empty());
  EXPECT_TRUE(s->Value(4, 0).empty());

  // Every signed-in user may: it shows only what they sent. Not without a session.
  EXPECT_EQ(Post(server_->SignedIn(Role::kSystemAdmin), "/api/export/table", table)->status, 200);
  EXPECT_EQ(client_->Post("/api/export/table", table.dump(), "application/json")->status, 401);
}

TEST_P(ExportsApiTest, AnyListRefusesACellOfTheWrongKindNamingIt) {
  const json columns = {{{"header", "名称"}, {"kind", "text"}},
                        {{"header", "数量"}, {"kind", "integer"}},
                        {{"header", "金额"}, {"kind", "money"}},
                        {{"header", "日期"}, {"kind", "date"}}};
  auto refused = [&](const json& body, const std::string& field, const std::string& reason) {
    auto r = Post(office_, "/api/export/table", body);
    EXPECT_EQ(r->status, 400) << body.dump() << ": " << r->body;
    json e = json::parse(r->body)["error"];
    EXPECT_EQ(e["field"], field) << r->body;
    EXPECT_EQ(e["reason"], reason) << r->body;
    return e;
  };
  json rows = {{"甲", 1, 100, "2026-01-01"}, {"乙", 2, 200, "2026-01-02"}, {"丙", 3, 300, "2026-01-03"},
               {"丁", 4, 1.5, "2026-01-04"}};
  json e = refused({{"title", "清单"}, {"columns", columns}, {"rows", rows}}, "rows[3][2]", "table_cell_money");
  EXPECT_EQ(e["message"], "第4行第3列（金额）应为以分为单位的整数金额") << e;
  rows[3][2] = 400;
  rows[1][0] = 5;
  refused({{"title", "清单"}, {"columns", columns}, {"rows", rows}}, "rows[1][0]", "table_cell_text");
  rows[1][0] = "乙";
  rows[2][3] = "2026-02-30";
  refused({{"title", "清单"}, {"columns", columns}, {"rows", rows}}, "rows[2][3]", "table_cell_date");
  rows[2][3] = "2026-01-03";
  rows[0][1] = "1";
  refused({{"title", "清单"}, {"columns", columns}, {"rows", rows}}, "rows[0][1]", "table_cell_integer");
  rows[0][1] = 1;
  rows[2].push_back("多余");
  refused({{"title", "清单"}, {"columns", columns}, {"rows", rows}}, "rows[2]", "table_row_length");
  rows[2].erase(4);
  rows[1] = "乙";
  refused({{"title", "清单"}, {"columns", columns}, {"rows", rows}}, "rows[1]", "wrong_type_list");
  refused({{"columns", columns}, {"rows", json::array()}}, "title", "required");
  refused({{"title", "清单"}, {"columns", json::array()}, {"rows", json::array()}}, "columns", "required");
  refused({{"title", "清单"}, {"columns", {{{"header", "名称"}, {"kind", "percent"}}}}, {"rows", json::array()}},
          "columns[0].kind", "invalid_enum");
  refused({{"title", "清单"}, {"columns", {{{"kind", "text"}}}}, {"rows", json::array()}}, "columns[0].header",
          "required");
  refused({{"title", "清单"}, {"columns", columns}, {"rows", json::array()}, {"sheet", "x"}}, "sheet", "unknown_field");
  json wide = json::array();
  for (int i = 0; i < 101; ++i) wide.push_back({{"header", "列" + std::to_string(i)}, {"kind", "text"}});
  refused({{"title", "清单"}, {"columns", wide}, {"rows", json::array()}}, "columns", "too_many");
  // More than 50,000 rows.
  std::string many = R"({"title":"清单","columns":[{"header":"n","kind":"integer"}],"rows":[)";
  for (int i = 0; i <= 50'000; ++i) many += i ? ",[1]" : "[1]";
  many += "]}";
  auto r = client_->Post("/api/export/table", office_.Headers(), many, "application/json");
  ASSERT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["error"]["field"], "rows");
  // A body over 20 MiB is refused before it is read.
  r = client_->Post("/api/export/table", office_.Headers(), "{" + std::string(kMaxTableBody, ' ') + "}",
                    "application/json");
  EXPECT_EQ(r->status, 413);
  // Columns may follow the rows: the body is read for its columns first.
  r = client_->Post("/api/export/table", office_.Headers(),
                    R"({"rows":[["甲",1,100,"2026-01-01"]],"title":"清单","columns":)" + columns.dump() + "}",
                    "application/json");
  EXPECT_EQ(r->status, 200) << r->body;
  r = client_->Post("/api/export/table", office_.Headers(), R"({"title":"清单","columns":[)", "application/json");
  ASSERT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["error"]["field"], "body");
}

TEST_P(ExportsApiTest, TheAuditLogExportsAsAWorkbookAndTheExportIsAudited) {
  TestSession auditor = server_->SignedIn(Role::kAuditAdmin);
  PeekSheet s = Export(auditor, "/api/audit/export?format=xlsx&event_type=auth.", "审计日志");
  EXPECT_EQ(RowValues(s, 1), (std::vector<std::string>{"编号", "时间", "操作人", "角色", "来源地址", "终端", "请求编号",
                                                       "事件类型", "对象类型", "对象编号", "结果", "原因", "变更内容"}));
  ASSERT_GE(s.rows, 3);
  for (int row = 2; row < s.rows; ++row) EXPECT_EQ(s.Value(row, 7).rfind("auth.", 0), 0u) << s.Value(row, 7);
  EXPECT_EQ(s.Value(2, 10), "成功");
  ExpectFrozenAndFiltered(s, 13, s.rows - 1);
  auto audit = server_->db().ReadValue<store::Page<store::AuditEntry>>([](store::Connection& c) {
    return store::ListAudit(c, {.event_type = "audit.export"}, {1, 10});
  });
  ASSERT_TRUE(audit);
  ASSERT_EQ(audit->items.size(), 1u);
  EXPECT_NE(audit->items[0].changes.find(R"("format":"xlsx")"), std::string::npos) << audit->items[0].changes;
  Refused(auditor, "/api/audit/export?format=pdf", 400, "format");
  EXPECT_EQ(client_->Get("/api/audit/export?format=xlsx", office_.Headers())->status, 403);
}

INSTANTIATE_TEST_SUITE_P(Engines, ExportsApiTest, ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const auto& info) { return store::EngineParamName(info.param); });

}  // namespace
}  // namespace gongjian::api
