// The monthly briefings' records on both engines: numbering per year, one issue a month, a record
// that reads back as written. (What the briefing lists is checked over HTTP, in cockpit_api_test.)
#include "store/briefing_repository.h"

#include "store/org_repository.h"
#include "store/user_repository.h"
#include "store_test_util.h"

namespace gongjian::store {
namespace {

constexpr char kNow[] = "2026-11-29T08:00:00.000Z";

class BriefingRepositoryTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped()) return;
    domain::Org o;
    o.name = "示范区";
    o.kind = domain::OrgKind::kDistrict;
    const int64_t root = db().WriteValue<domain::Org>([&](Connection& c) { return CreateOrg(c, o, kNow); })->id;
    domain::User u;
    u.username = "office";
    u.display_name = "项目办";
    u.org_id = root;
    u.roles = {domain::Role::kOffice};
    u.scope = domain::ScopeKind::kAll;
    u.password_hash = "x";
    user_ = db().WriteValue<domain::User>([&](Connection& c) { return CreateUser(c, u, kNow); })->id;
  }
  Result<Briefing> Publish(int year, int month) {
    return db().WriteValue<Briefing>([&](Connection& c) -> Result<Briefing> {
      auto n = NextBriefingNumber(c, year);
      if (!n) return core::Fail(std::move(n.error()));
      Briefing b;
      b.year = year;
      b.month = month;
      b.issue_number = *n;
      b.title = "示范区重大项目建设月度通报";
      b.summary = "1-" + std::to_string(month) + "月，全区…";
      b.pdf_key = std::string(32, 'a');
      b.pdf_sm3 = std::string(64, '1');
      b.pdf_size = 12345;
      b.xlsx_key = std::string(32, 'b');
      b.xlsx_sm3 = std::string(64, '2');
      b.xlsx_size = 6789;
      b.created_by = user_;
      b.created_at = kNow;
      return CreateBriefing(c, b);
    });
  }
  int64_t user_ = 0;
};

TEST_P(BriefingRepositoryTest, IssuesAreNumberedPerYearAndReadBackAsWritten) {
  auto sep = Publish(2025, 9);
  ASSERT_TRUE(sep) << sep.error().ToString();
  EXPECT_EQ(sep->issue_number, 1);
  EXPECT_EQ(sep->created_by_name, "项目办");
  EXPECT_EQ(sep->pdf_size, 12345);
  EXPECT_EQ(sep->xlsx_sm3, std::string(64, '2'));
  EXPECT_EQ(Publish(2025, 10)->issue_number, 2);
  EXPECT_EQ(Publish(2026, 1)->issue_number, 1);  // a new year starts again at 第1期

  auto y2025 = db().ReadValue<std::vector<Briefing>>([](Connection& c) { return ListBriefings(c, 2025); });
  ASSERT_TRUE(y2025);
  ASSERT_EQ(y2025->size(), 2u);
  EXPECT_EQ((*y2025)[0].month, 10);  // latest month first
  EXPECT_EQ((*y2025)[1].month, 9);
  auto all = db().ReadValue<std::vector<Briefing>>([](Connection& c) { return ListBriefings(c, 0); });
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].year, 2026);

  auto got = db().ReadValue<Briefing>([&](Connection& c) { return GetBriefing(c, sep->id); });
  ASSERT_TRUE(got);
  EXPECT_EQ(got->summary, "1-9月，全区…");
  auto missing = db().ReadValue<Briefing>([](Connection& c) { return GetBriefing(c, 999); });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().key(), "briefing_not_found");
}

TEST_P(BriefingRepositoryTest, AMonthHasOneIssueAndARefusedOneLeavesNothing) {
  ASSERT_TRUE(Publish(2025, 9));
  auto again = Publish(2025, 9);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), core::Code::kConflict);
  EXPECT_EQ(again.error().key(), "briefing_exists");
  EXPECT_EQ(again.error().field(), "month");
  auto all = db().ReadValue<std::vector<Briefing>>([](Connection& c) { return ListBriefings(c, 2025); });
  EXPECT_EQ(all->size(), 1u);
  EXPECT_EQ(Publish(2025, 10)->issue_number, 2);  // the refused one took no number
}

GJ_INSTANTIATE_ENGINES(BriefingRepositoryTest);

}  // namespace
}  // namespace gongjian::store
