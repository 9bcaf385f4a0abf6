#include "domain/problem.h"

#include <gtest/gtest.h>

#include <map>
#include <tuple>

namespace gongjian::domain {
namespace {

using A = ProblemAction;
using S = ProblemState;
using L = EscalationLevel;

Date D(const char* s) { return *ParseDate(s); }

constexpr S kAllStates[] = {S::kPending, S::kInProgress, S::kAwaitingConfirmation, S::kClosed, S::kReturned, S::kReopened};
constexpr A kAllActions[] = {A::kAssign, A::kStep, A::kSubmit, A::kConfirm, A::kReject, A::kClose, A::kReopen};

// Every move the loop allows (escalation is tested on its own): (state, confirmed, action) →
// (state, confirmed). Everything not listed must be refused.
const std::map<std::tuple<S, bool, A>, std::pair<S, bool>>& AllowedMoves() {
  static const std::map<std::tuple<S, bool, A>, std::pair<S, bool>> moves = {
      {{S::kPending, false, A::kAssign}, {S::kInProgress, false}},
      {{S::kInProgress, false, A::kAssign}, {S::kInProgress, false}},
      {{S::kReturned, false, A::kAssign}, {S::kReturned, false}},
      {{S::kReopened, false, A::kAssign}, {S::kReopened, false}},
      {{S::kInProgress, false, A::kStep}, {S::kInProgress, false}},
      {{S::kReturned, false, A::kStep}, {S::kReturned, false}},
      {{S::kReopened, false, A::kStep}, {S::kReopened, false}},
      {{S::kInProgress, false, A::kSubmit}, {S::kAwaitingConfirmation, false}},
      {{S::kReturned, false, A::kSubmit}, {S::kAwaitingConfirmation, false}},
      {{S::kReopened, false, A::kSubmit}, {S::kAwaitingConfirmation, false}},
      {{S::kAwaitingConfirmation, false, A::kConfirm}, {S::kAwaitingConfirmation, true}},
      {{S::kAwaitingConfirmation, false, A::kReject}, {S::kReturned, false}},
      {{S::kAwaitingConfirmation, true, A::kReject}, {S::kReturned, false}},
      {{S::kAwaitingConfirmation, true, A::kClose}, {S::kClosed, true}},
      {{S::kClosed, true, A::kReopen}, {S::kReopened, false}},
      {{S::kClosed, false, A::kReopen}, {S::kReopened, false}},
  };
  return moves;
}

TEST(ProblemLoopTest, AllowsExactlyTheMovesOfTheClosedLoop) {
  int allowed = 0;
  for (S state : kAllStates) {
    for (bool confirmed : {false, true}) {
      // Only a problem waiting for confirmation (or closed after it) can carry the flag.
      if (confirmed && state != S::kAwaitingConfirmation && state != S::kClosed) continue;
      for (A action : kAllActions) {
        const ProblemStatus from{state, confirmed, L::kUnit};
        auto got = ApplyProblemAction(from, action);
        auto it = AllowedMoves().find({state, confirmed, action});
        const std::string what = std::string(ProblemStateName(state)) + (confirmed ? "+confirmed " : " ") +
                                 std::string(ProblemActionName(action));
        EXPECT_EQ(ProblemActionAllowed(from, action), it != AllowedMoves().end()) << what;
        if (it == AllowedMoves().end()) {
          ASSERT_FALSE(got) << what;
          EXPECT_EQ(got.error().key(), "problem_action_not_allowed") << what;
          continue;
        }
        ++allowed;
        ASSERT_TRUE(got) << what << ": " << got.error().ToString();
        EXPECT_EQ(got->state, it->second.first) << what;
        EXPECT_EQ(got->confirmed, it->second.second) << what;
        EXPECT_EQ(got->level, L::kUnit) << what;
      }
    }
  }
  EXPECT_EQ(allowed, static_cast<int>(AllowedMoves().size()));
}

TEST(ProblemLoopTest, ClosingNeedsTheRaisersAcceptance) {
  ProblemStatus s{S::kPending, false, L::kUnit};
  for (A a : {A::kAssign, A::kStep, A::kSubmit}) s = *ApplyProblemAction(s, a);
  EXPECT_FALSE(ApplyProblemAction(s, A::kClose)) << "the raiser has not accepted yet";
  s = *ApplyProblemAction(s, A::kConfirm);
  EXPECT_EQ(ApplyProblemAction(s, A::kClose)->state, S::kClosed);
}

TEST(ProblemLoopTest, EscalatesOnlyUpwardAndNeverWhenClosed) {
  ProblemStatus s{S::kInProgress, false, L::kUnit};
  auto up = ApplyProblemAction(s, A::kEscalate, L::kCoordination);
  ASSERT_TRUE(up);
  EXPECT_EQ(up->level, L::kCoordination);
  EXPECT_EQ(up->state, S::kInProgress) << "escalation does not change the state";
  auto same = ApplyProblemAction(*up, A::kEscalate, L::kWeekly);
  ASSERT_FALSE(same);
  EXPECT_EQ(same.error().field(), "level");
  EXPECT_EQ(same.error().key(), "level_not_higher");
  EXPECT_FALSE(ApplyProblemAction(*up, A::kEscalate)) << "a level is required";
  EXPECT_TRUE(ApplyProblemAction({S::kPending, false, L::kUnit}, A::kEscalate, L::kWeekly));
  EXPECT_FALSE(ApplyProblemAction({S::kClosed, true, L::kUnit}, A::kEscalate, L::kWeekly));
  EXPECT_FALSE(ProblemActionAllowed({S::kInProgress, false, L::kLeaders}, A::kEscalate)) << "the top of the ladder";
}

TEST(ProblemInputTest, TrimsAndNamesTheFieldOfEachError) {
  ProblemInput in{ProblemType::kLand, "  征地未完成 ", "　地块尚有3户未签约。 "};
  ASSERT_TRUE(ValidateProblemInput(in).ok());
  EXPECT_EQ(in.title, "征地未完成");
  EXPECT_EQ(in.description, "地块尚有3户未签约。");
  ProblemInput no_title{ProblemType::kLand, " ", "x"};
  EXPECT_EQ(ValidateProblemInput(no_title).field(), "title");
  ProblemInput long_text{ProblemType::kLand, "t", std::string(2001 * 3, 'a')};
  auto s = ValidateProblemInput(long_text);
  EXPECT_EQ(s.field(), "description");
  EXPECT_EQ(s.key(), "too_long");
  std::string reason = "  ";
  EXPECT_EQ(ValidateProblemText(reason, "reason").field(), "reason");
}

TEST(ProblemEnumsTest, NamesRoundTrip) {
  for (auto t : {ProblemType::kLand, ProblemType::kEnergyEnv, ProblemType::kOther}) {
    EXPECT_EQ(ParseProblemType(ProblemTypeName(t)), t);
    EXPECT_FALSE(ProblemTypeLabel(t).empty());
  }
  for (S st : kAllStates) EXPECT_EQ(ParseProblemState(ProblemStateName(st)), st);
  for (L l : {L::kUnit, L::kWeekly, L::kCoordination, L::kLeaders}) EXPECT_EQ(ParseEscalationLevel(EscalationLevelName(l)), l);
  EXPECT_FALSE(ParseProblemState("done"));
}

// Escalation by rule counts working days after the deadline with the State Council calendar:
// 2025's National Day holiday ran 10-01..10-08, with Sunday 09-28 and Saturday 10-11 worked.
struct RuleCase {
  const char* deadline;
  const char* today;
  L current;
  int overdue;
  std::optional<L> due;
};

TEST(EscalationRuleTest, CountsWorkingDaysAcrossNationalDay) {
  const EscalationRule rule;  // 5, 10, 20
  const RuleCase cases[] = {
      {"2025-09-29", "2025-09-29", L::kUnit, 0, std::nullopt},          // due today: not late
      {"2025-09-29", "2025-10-08", L::kUnit, 1, std::nullopt},          // only 09-30 worked
      {"2025-09-29", "2025-10-10", L::kUnit, 3, std::nullopt},          // 09-30, 10-09, 10-10
      {"2025-09-29", "2025-10-11", L::kUnit, 4, std::nullopt},          // the make-up Saturday counts
      {"2025-09-29", "2025-10-12", L::kUnit, 4, std::nullopt},          // Sunday does not
      {"2025-09-29", "2025-10-13", L::kUnit, 5, L::kWeekly},            // exactly the first threshold
      {"2025-09-29", "2025-10-13", L::kWeekly, 5, std::nullopt},        // already there
      {"2025-09-29", "2025-10-20", L::kWeekly, 10, L::kCoordination},   // exactly the second
      {"2025-09-29", "2025-10-17", L::kUnit, 9, L::kWeekly},
      {"2025-09-29", "2025-11-03", L::kUnit, 20, L::kLeaders},          // straight to the top
      {"2025-09-29", "2025-11-03", L::kLeaders, 20, std::nullopt},
      {"2025-09-29", "2025-11-03", L::kCoordination, 20, L::kLeaders},
  };
  for (const auto& c : cases) {
    const std::string what = std::string(c.deadline) + " → " + c.today;
    EXPECT_EQ(OverdueWorkingDays(D(c.deadline), D(c.today), WorkCalendar::China()), c.overdue) << what;
    EXPECT_EQ(LevelDueByRule(rule, c.current, D(c.deadline), D(c.today), WorkCalendar::China()), c.due) << what;
  }
}

TEST(EscalationRuleTest, ThresholdsMustRise) {
  EXPECT_TRUE(ValidateEscalationRule({{3, 6, 9}}).ok());
  EXPECT_EQ(ValidateEscalationRule({{5, 5, 9}}).field(), "overdue_working_days");
  EXPECT_FALSE(ValidateEscalationRule({{0, 5, 9}}).ok());
}

}  // namespace
}  // namespace gongjian::domain
