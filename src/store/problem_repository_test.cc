#include "store/problem_repository.h"

#include <set>
#include <thread>

#include "store/org_repository.h"
#include "store/project_repository.h"
#include "store/user_repository.h"
#include "store_test_util.h"

namespace gongjian::store {
namespace {

using domain::ProblemState;

constexpr char kNow[] = "2026-11-29T08:00:00.000Z";

domain::Date D(const char* text) { return *domain::ParseDate(text); }

class ProblemRepositoryTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped()) return;
    root_ = AddOrg("示范区", domain::OrgKind::kDistrict, std::nullopt);
    land_bureau_ = AddOrg("区自然资源局", domain::OrgKind::kDepartment, root_);
    town_ = AddOrg("柳河镇", domain::OrgKind::kTown, root_);
    other_town_ = AddOrg("东坝镇", domain::OrgKind::kTown, root_);
    office_ = AddUser("office", root_, domain::ScopeKind::kAll);
    owner_ = AddUser("owner", town_, domain::ScopeKind::kOwn);
    bureau_user_ = AddUser("bureau", land_bureau_, domain::ScopeKind::kOwn);
    other_ = AddUser("other", other_town_, domain::ScopeKind::kOwn);
    domain::Project p;
    p.name = "柳河污水处理厂";
    p.owner_org_id = town_;
    project_ = db().WriteValue<ProjectView>([&](Connection& c) { return CreateProject(c, p, office_, kNow); })->project.id;
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
  Viewer ViewerOf(int64_t user) const {
    return {user, user == office_ ? domain::ScopeKind::kAll : domain::ScopeKind::kOwn};
  }
  Problem Raise(const char* title, const char* raised_on = "2026-11-01") {
    Problem p;
    p.project_id = project_;
    p.type = domain::ProblemType::kLand;
    p.title = title;
    p.description = "地块尚有3户未签约";
    p.raised_by = owner_;
    p.raised_org_id = town_;
    p.raised_role = "owner";
    p.raised_on = D(raised_on);
    auto r = db().WriteValue<Problem>([&](Connection& c) { return CreateProblem(c, p, kNow); });
    EXPECT_TRUE(r) << r.error().ToString();
    return *r;
  }
  Result<Problem> Get(int64_t viewer, int64_t id) {
    return db().ReadValue<Problem>([&](Connection& c) { return GetProblem(c, ViewerOf(viewer), id); });
  }
  int64_t root_ = 0, land_bureau_ = 0, town_ = 0, other_town_ = 0;
  int64_t office_ = 0, owner_ = 0, bureau_user_ = 0, other_ = 0, project_ = 0;
};

TEST_P(ProblemRepositoryTest, AnAssignedUnitSeesTheProblemOutsideItsProjectScope) {
  Problem p = Raise("征地未完成");
  EXPECT_EQ(Get(bureau_user_, p.id).error().key(), "problem_not_found") << "not assigned yet";
  EXPECT_TRUE(Get(owner_, p.id)) << "the owner's project";
  p.status.state = ProblemState::kInProgress;
  p.responsible_org_id = land_bureau_;
  p.deadline = D("2026-11-20");
  auto v = db().WriteValue<int64_t>([&](Connection& c) { return UpdateProblem(c, p, kNow); });
  ASSERT_TRUE(v) << v.error().ToString();
  EXPECT_EQ(*v, 2);
  auto seen = Get(bureau_user_, p.id);
  ASSERT_TRUE(seen) << seen.error().ToString();
  EXPECT_EQ(seen->responsible_org_name, "区自然资源局");
  EXPECT_EQ(seen->status.state, ProblemState::kInProgress);
  EXPECT_EQ(Get(other_, p.id).error().key(), "problem_not_found");
  auto list = db().ReadValue<Page<Problem>>([&](Connection& c) {
    return ListProblems(c, ViewerOf(bureau_user_), {}, {1, 20}, D("2026-11-29"));
  });
  ASSERT_EQ(list->total, 1);
  auto none = db().ReadValue<Page<Problem>>([&](Connection& c) {
    return ListProblems(c, ViewerOf(other_), {}, {1, 20}, D("2026-11-29"));
  });
  EXPECT_EQ(none->total, 0);
}

TEST_P(ProblemRepositoryTest, AStaleVersionWritesNothing) {
  Problem p = Raise("征地未完成");
  Problem a = p;
  a.status.state = ProblemState::kInProgress;
  a.responsible_org_id = land_bureau_;
  ASSERT_TRUE(db().WriteValue<int64_t>([&](Connection& c) { return UpdateProblem(c, a, kNow); }));
  Problem b = p;  // still at version 1
  b.status.state = ProblemState::kInProgress;
  b.responsible_org_id = town_;
  auto stale = db().WriteValue<int64_t>([&](Connection& c) { return UpdateProblem(c, b, kNow); });
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().key(), "stale_version");
  EXPECT_EQ(Get(office_, p.id)->responsible_org_id, land_bureau_);
}

TEST_P(ProblemRepositoryTest, ListsOverdueFirstAndCountsByState) {
  Problem late = Raise("逾期");
  Problem soon = Raise("未到期");
  Problem fresh = Raise("待交办");
  for (auto [p, deadline] : {std::pair{late, "2026-11-10"}, std::pair{soon, "2026-12-10"}}) {
    p.status.state = ProblemState::kInProgress;
    p.responsible_org_id = land_bureau_;
    p.cooperating = {{other_town_, ""}};
    p.deadline = D(deadline);
    ASSERT_TRUE(db().WriteValue<int64_t>([&](Connection& c) { return UpdateProblem(c, p, kNow); }));
  }
  auto list = db().ReadValue<Page<Problem>>([&](Connection& c) {
    return ListProblems(c, ViewerOf(office_), {}, {1, 20}, D("2026-11-29"));
  });
  ASSERT_EQ(list->items.size(), 3u);
  EXPECT_EQ(list->items[0].id, late.id);
  EXPECT_EQ(list->items[1].id, soon.id);
  EXPECT_EQ(list->items[2].id, fresh.id);
  ASSERT_EQ(list->items[0].cooperating.size(), 1u);
  EXPECT_EQ(list->items[0].cooperating[0].second, "东坝镇");
  ProblemFilter overdue;
  overdue.overdue_only = true;
  auto only = db().ReadValue<Page<Problem>>([&](Connection& c) {
    return ListProblems(c, ViewerOf(office_), overdue, {1, 20}, D("2026-11-29"));
  });
  ASSERT_EQ(only->total, 1);
  auto counts = db().ReadValue<std::map<std::string, int64_t>>([&](Connection& c) {
    return CountProblems(c, ViewerOf(office_), {}, D("2026-11-29"));
  });
  EXPECT_EQ((*counts)["pending"], 1);
  EXPECT_EQ((*counts)["in_progress"], 2);
  EXPECT_EQ((*counts)["closed"], 0);
  EXPECT_EQ((*counts)["overdue"], 1);
  // The cooperating town sees the problems it helps with.
  auto town = db().ReadValue<Page<Problem>>([&](Connection& c) {
    return ListProblems(c, ViewerOf(other_), {}, {1, 20}, D("2026-11-29"));
  });
  EXPECT_EQ(town->total, 2);
}

TEST_P(ProblemRepositoryTest, LetterNumbersHaveNoGapsOrDuplicatesUnderConcurrentRequests) {
  constexpr int kThreads = 8;
  constexpr int kEach = 5;
  std::vector<std::thread> threads;
  std::mutex mu;
  std::vector<int> got;
  std::vector<std::string> errors;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        auto n = db().WriteValue<int>([&](Connection& c) { return NextLetterSerial(c, "supervise", 2026); });
        std::lock_guard lock(mu);
        if (n) got.push_back(*n);
        else errors.push_back(n.error().ToString());
      }
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_TRUE(errors.empty()) << errors.front();
  std::set<int> unique(got.begin(), got.end());
  EXPECT_EQ(unique.size(), got.size()) << "no duplicates";
  ASSERT_EQ(got.size(), static_cast<size_t>(kThreads * kEach));
  EXPECT_EQ(*unique.begin(), 1);
  EXPECT_EQ(*unique.rbegin(), kThreads * kEach) << "no gaps";
  // Each kind and year counts on its own; a rolled-back letter gives its number back.
  EXPECT_EQ(*db().WriteValue<int>([&](Connection& c) { return NextLetterSerial(c, "assign", 2026); }), 1);
  EXPECT_EQ(*db().WriteValue<int>([&](Connection& c) { return NextLetterSerial(c, "supervise", 2027); }), 1);
  auto failed = db().WriteValue<int>([&](Connection& c) -> Result<int> {
    auto n = NextLetterSerial(c, "assign", 2026);
    if (!n) return n;
    return core::Fail(Status::Invalid("x", "rollback"));
  });
  EXPECT_FALSE(failed);
  EXPECT_EQ(*db().WriteValue<int>([&](Connection& c) { return NextLetterSerial(c, "assign", 2026); }), 2);
}

TEST_P(ProblemRepositoryTest, MeetingsKeepTheirAgendaAndTheTimelineItsEvents) {
  Problem p = Raise("征地未完成");
  Meeting m;
  m.kind = domain::EscalationLevel::kCoordination;
  m.title = "第12次区重大项目协调会";
  m.held_on = D("2026-11-20");
  m.chair = "王区长";
  auto made = db().WriteValue<Meeting>([&](Connection& c) -> Result<Meeting> {
    auto r = CreateMeeting(c, m, office_, kNow);
    if (!r) return r;
    GJ_FAIL_IF_ERROR(SetMeetingDecision(c, r->id, p.id, "自然资源局牵头，12月10日前完成"));
    GJ_FAIL_IF_ERROR(SetMeetingDecision(c, r->id, p.id, "自然资源局牵头，12月5日前完成"));
    ProblemEvent e;
    e.problem_id = p.id;
    e.kind = "escalated";
    e.at = kNow;
    e.on = D("2026-11-20");
    e.user_id = office_;
    e.level = domain::EscalationLevel::kCoordination;
    e.meeting_id = r->id;
    e.text = "自然资源局牵头，12月5日前完成";
    auto id = AddProblemEvent(c, e);
    if (!id) return core::Fail(id.error());
    return GetMeeting(c, r->id);
  });
  ASSERT_TRUE(made) << made.error().ToString();
  EXPECT_EQ(made->problem_count, 1);
  auto agenda = db().ReadValue<std::vector<AgendaItem>>([&](Connection& c) {
    return MeetingAgenda(c, ViewerOf(office_), made->id);
  });
  ASSERT_EQ(agenda->size(), 1u);
  EXPECT_EQ((*agenda)[0].decision, "自然资源局牵头，12月5日前完成") << "the later decision replaces the earlier";
  auto hidden = db().ReadValue<std::vector<AgendaItem>>([&](Connection& c) {
    return MeetingAgenda(c, ViewerOf(other_), made->id);
  });
  EXPECT_TRUE(hidden->empty()) << "the agenda shows only problems in scope";
  auto events = db().ReadValue<std::vector<ProblemEvent>>([&](Connection& c) { return ListProblemEvents(c, p.id); });
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].meeting_title, "第12次区重大项目协调会");
  EXPECT_EQ((*events)[0].level, domain::EscalationLevel::kCoordination);
}

GJ_INSTANTIATE_ENGINES(ProblemRepositoryTest);

}  // namespace
}  // namespace gongjian::store
