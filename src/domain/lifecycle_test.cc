#include "domain/lifecycle.h"

#include <gtest/gtest.h>

#include <map>
#include <vector>

namespace gongjian::domain {
namespace {

using A = TransitionAction;

LifecycleState S(Stage s, Review r = Review::kNone) { return {s, r, std::nullopt, Review::kNone}; }
LifecycleState Side(Stage side, Stage from, Review from_review = Review::kNone) {
  return {side, Review::kNone, from, from_review};
}

struct Named {
  const char* name;
  LifecycleState state;
};

// Every state a project can be in.
const std::vector<Named>& States() {
  static const std::vector<Named> kStates = {
      {"planning", S(Stage::kPlanning)},
      {"reserve/pending_initial", S(Stage::kReserve, Review::kPendingInitial)},
      {"reserve/pending_final", S(Stage::kReserve, Review::kPendingFinal)},
      {"reserve/approved", S(Stage::kReserve, Review::kApproved)},
      {"preparation", S(Stage::kPreparation)},
      {"construction", S(Stage::kConstruction)},
      {"completed", S(Stage::kCompleted)},
      {"production", S(Stage::kProduction)},
      {"suspended<-preparation", Side(Stage::kSuspended, Stage::kPreparation)},
      {"suspended<-construction", Side(Stage::kSuspended, Stage::kConstruction)},
      {"withdrawn<-planning", Side(Stage::kWithdrawn, Stage::kPlanning)},
      {"withdrawn<-reserve/approved", Side(Stage::kWithdrawn, Stage::kReserve, Review::kApproved)},
      {"withdrawn<-preparation", Side(Stage::kWithdrawn, Stage::kPreparation)},
      {"withdrawn<-construction", Side(Stage::kWithdrawn, Stage::kConstruction)},
  };
  return kStates;
}

// The allowed moves; every other (state, action) pair must be refused.
const std::map<std::pair<std::string, A>, LifecycleState>& Allowed() {
  static const std::map<std::pair<std::string, A>, LifecycleState> kAllowed = {
      {{"planning", A::kSubmit}, S(Stage::kReserve, Review::kPendingInitial)},
      {{"planning", A::kWithdraw}, Side(Stage::kWithdrawn, Stage::kPlanning)},
      {{"reserve/pending_initial", A::kPassInitialReview}, S(Stage::kReserve, Review::kPendingFinal)},
      {{"reserve/pending_initial", A::kRejectReview}, S(Stage::kPlanning)},
      {{"reserve/pending_initial", A::kWithdraw}, Side(Stage::kWithdrawn, Stage::kReserve, Review::kPendingInitial)},
      {{"reserve/pending_final", A::kPassFinalReview}, S(Stage::kReserve, Review::kApproved)},
      {{"reserve/pending_final", A::kRejectReview}, S(Stage::kPlanning)},
      {{"reserve/pending_final", A::kWithdraw}, Side(Stage::kWithdrawn, Stage::kReserve, Review::kPendingFinal)},
      {{"reserve/approved", A::kStartPreparation}, S(Stage::kPreparation)},
      {{"reserve/approved", A::kWithdraw}, Side(Stage::kWithdrawn, Stage::kReserve, Review::kApproved)},
      {{"preparation", A::kStartConstruction}, S(Stage::kConstruction)},
      {{"preparation", A::kSuspend}, Side(Stage::kSuspended, Stage::kPreparation)},
      {{"preparation", A::kWithdraw}, Side(Stage::kWithdrawn, Stage::kPreparation)},
      {{"construction", A::kComplete}, S(Stage::kCompleted)},
      {{"construction", A::kSuspend}, Side(Stage::kSuspended, Stage::kConstruction)},
      {{"completed", A::kStartProduction}, S(Stage::kProduction)},
      {{"suspended<-preparation", A::kResume}, S(Stage::kPreparation)},
      {{"suspended<-preparation", A::kWithdraw}, Side(Stage::kWithdrawn, Stage::kPreparation)},
      {{"suspended<-construction", A::kResume}, S(Stage::kConstruction)},
      {{"suspended<-construction", A::kWithdraw}, Side(Stage::kWithdrawn, Stage::kConstruction)},
      {{"withdrawn<-planning", A::kRestore}, S(Stage::kPlanning)},
      {{"withdrawn<-reserve/approved", A::kRestore}, S(Stage::kReserve, Review::kApproved)},
      {{"withdrawn<-preparation", A::kRestore}, S(Stage::kPreparation)},
      {{"withdrawn<-construction", A::kRestore}, S(Stage::kConstruction)},
  };
  return kAllowed;
}

TEST(LifecycleTest, EveryStateAndActionPairHasTheExpectedOutcome) {
  int allowed = 0, refused = 0;
  for (const auto& [name, state] : States()) {
    for (int a = 0; a <= static_cast<int>(A::kRestore); ++a) {
      A action = static_cast<A>(a);
      auto result = ApplyTransition(state, action);
      auto it = Allowed().find({name, action});
      if (it != Allowed().end()) {
        ++allowed;
        ASSERT_TRUE(result) << name << " + " << TransitionActionName(action) << " should be allowed";
        EXPECT_EQ(*result, it->second) << name << " + " << TransitionActionName(action);
      } else {
        ++refused;
        ASSERT_FALSE(result) << name << " + " << TransitionActionName(action) << " should be refused, gave "
                             << StageName(result->stage);
        EXPECT_EQ(result.error().key(), "transition_not_allowed");
        EXPECT_EQ(result.error().field(), "action");
      }
    }
  }
  // Rows of the table that name no state would never be checked.
  for (const auto& [key, next] : Allowed()) {
    bool known = false;
    for (const auto& s : States()) known = known || key.first == s.name;
    EXPECT_TRUE(known) << key.first;
  }
  EXPECT_EQ(allowed, static_cast<int>(Allowed().size()));
  EXPECT_GT(refused, 100);
}

TEST(LifecycleTest, AWholeLifeFromIdeaToProduction) {
  LifecycleState s;
  for (A a : {A::kSubmit, A::kPassInitialReview, A::kPassFinalReview, A::kStartPreparation, A::kStartConstruction,
              A::kSuspend, A::kResume, A::kComplete, A::kStartProduction}) {
    auto next = ApplyTransition(s, a);
    ASSERT_TRUE(next) << TransitionActionName(a) << " from " << StageName(s.stage);
    s = *next;
  }
  EXPECT_EQ(s, S(Stage::kProduction));
}

TEST(LifecycleTest, ReasonsAreRequiredForSetbacksOnly) {
  EXPECT_TRUE(TransitionNeedsReason(A::kSuspend));
  EXPECT_TRUE(TransitionNeedsReason(A::kWithdraw));
  EXPECT_TRUE(TransitionNeedsReason(A::kRejectReview));
  EXPECT_TRUE(TransitionNeedsReason(A::kRestore));
  EXPECT_FALSE(TransitionNeedsReason(A::kStartConstruction));
  EXPECT_FALSE(TransitionNeedsReason(A::kSubmit));
}

TEST(LifecycleTest, NamesRoundTrip) {
  for (const auto& [name, state] : States()) {
    EXPECT_EQ(ParseStage(StageName(state.stage)), state.stage);
    EXPECT_EQ(ParseReview(ReviewName(state.review)), state.review);
  }
  for (int a = 0; a <= static_cast<int>(A::kRestore); ++a) {
    EXPECT_EQ(ParseTransitionAction(TransitionActionName(static_cast<A>(a))), static_cast<A>(a));
  }
  EXPECT_FALSE(ParseStage("demolished"));
}

}  // namespace
}  // namespace gongjian::domain

namespace gongjian::domain {
namespace {

TEST(AllowedTransitionsTest, ListsExactlyTheActionsApplyTransitionAccepts) {
  LifecycleState pending{Stage::kReserve, Review::kPendingInitial, std::nullopt, Review::kNone};
  EXPECT_EQ(AllowedTransitions(pending),
            (std::vector<TransitionAction>{TransitionAction::kPassInitialReview, TransitionAction::kRejectReview,
                                           TransitionAction::kWithdraw}));
  LifecycleState building{Stage::kConstruction, Review::kNone, std::nullopt, Review::kNone};
  EXPECT_EQ(AllowedTransitions(building),
            (std::vector<TransitionAction>{TransitionAction::kComplete, TransitionAction::kSuspend}));
}

TEST(AllowedTransitionsTest, ReviewDecisionsAreTheOfficesOnly) {
  EXPECT_TRUE(IsReviewDecision(TransitionAction::kPassFinalReview));
  EXPECT_TRUE(IsReviewDecision(TransitionAction::kRestore));
  EXPECT_FALSE(IsReviewDecision(TransitionAction::kStartConstruction));
  EXPECT_FALSE(IsReviewDecision(TransitionAction::kSubmit));
}

}  // namespace
}  // namespace gongjian::domain

namespace gongjian::domain {
namespace {

TEST(PathToTest, FindsTheShortestPathFromPlanning) {
  using A = TransitionAction;
  EXPECT_EQ(PathTo(LifecycleState{}), std::vector<A>{});
  EXPECT_EQ(PathTo({Stage::kConstruction, Review::kNone, std::nullopt, Review::kNone}),
            (std::vector<A>{A::kSubmit, A::kPassInitialReview, A::kPassFinalReview, A::kStartPreparation,
                            A::kStartConstruction}));
  EXPECT_EQ(PathTo({Stage::kWithdrawn, Review::kNone, Stage::kReserve, Review::kPendingFinal}),
            (std::vector<A>{A::kSubmit, A::kPassInitialReview, A::kWithdraw}));
  EXPECT_EQ(PathTo({Stage::kSuspended, Review::kNone, Stage::kPlanning, Review::kNone}), std::nullopt)
      << "a project in planning cannot be suspended";
}

}  // namespace
}  // namespace gongjian::domain
