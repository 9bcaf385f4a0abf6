#include "domain/lifecycle.h"

#include "domain/enum_names.h"

#include <algorithm>

namespace gongjian::domain {
namespace {

constexpr EnumTable<Stage, 8> kStages{{
    {Stage::kPlanning, "planning"},
    {Stage::kReserve, "reserve"},
    {Stage::kPreparation, "preparation"},
    {Stage::kConstruction, "construction"},
    {Stage::kCompleted, "completed"},
    {Stage::kProduction, "production"},
    {Stage::kSuspended, "suspended"},
    {Stage::kWithdrawn, "withdrawn"},
}};

constexpr EnumTable<Review, 4> kReviews{{
    {Review::kNone, "none"},
    {Review::kPendingInitial, "pending_initial"},
    {Review::kPendingFinal, "pending_final"},
    {Review::kApproved, "approved"},
}};

constexpr EnumTable<TransitionAction, 12> kActions{{
    {TransitionAction::kSubmit, "submit"},
    {TransitionAction::kPassInitialReview, "pass_initial_review"},
    {TransitionAction::kPassFinalReview, "pass_final_review"},
    {TransitionAction::kRejectReview, "reject_review"},
    {TransitionAction::kStartPreparation, "start_preparation"},
    {TransitionAction::kStartConstruction, "start_construction"},
    {TransitionAction::kComplete, "complete"},
    {TransitionAction::kStartProduction, "start_production"},
    {TransitionAction::kSuspend, "suspend"},
    {TransitionAction::kResume, "resume"},
    {TransitionAction::kWithdraw, "withdraw"},
    {TransitionAction::kRestore, "restore"},
}};

LifecycleState At(Stage stage, Review review = Review::kNone) { return {stage, review, std::nullopt, Review::kNone}; }

// Leaves the current state for a side state, remembering where to come back to.
LifecycleState Aside(const LifecycleState& from, Stage side) {
  return {side, Review::kNone, from.stage, from.review};
}

core::Status NotAllowed() { return core::Status::Conflict("transition_not_allowed", "action"); }

}  // namespace

std::string_view StageName(Stage stage) { return EnumName(kStages, stage); }
std::optional<Stage> ParseStage(std::string_view name) { return EnumParse(kStages, name); }
std::string_view ReviewName(Review review) { return EnumName(kReviews, review); }
std::optional<Review> ParseReview(std::string_view name) { return EnumParse(kReviews, name); }
std::string_view TransitionActionName(TransitionAction action) { return EnumName(kActions, action); }
std::optional<TransitionAction> ParseTransitionAction(std::string_view name) { return EnumParse(kActions, name); }

bool TransitionNeedsReason(TransitionAction action) {
  return action == TransitionAction::kRejectReview || action == TransitionAction::kSuspend ||
         action == TransitionAction::kWithdraw || action == TransitionAction::kRestore;
}

core::Result<LifecycleState> ApplyTransition(const LifecycleState& from, TransitionAction action) {
  const Stage s = from.stage;
  const Review r = from.review;
  switch (action) {
    case TransitionAction::kSubmit:
      if (s == Stage::kPlanning) return At(Stage::kReserve, Review::kPendingInitial);
      break;
    case TransitionAction::kPassInitialReview:
      if (s == Stage::kReserve && r == Review::kPendingInitial) return At(Stage::kReserve, Review::kPendingFinal);
      break;
    case TransitionAction::kPassFinalReview:
      if (s == Stage::kReserve && r == Review::kPendingFinal) return At(Stage::kReserve, Review::kApproved);
      break;
    case TransitionAction::kRejectReview:
      if (s == Stage::kReserve && (r == Review::kPendingInitial || r == Review::kPendingFinal)) {
        return At(Stage::kPlanning);
      }
      break;
    case TransitionAction::kStartPreparation:
      if (s == Stage::kReserve && r == Review::kApproved) return At(Stage::kPreparation);
      break;
    case TransitionAction::kStartConstruction:
      if (s == Stage::kPreparation) return At(Stage::kConstruction);
      break;
    case TransitionAction::kComplete:
      if (s == Stage::kConstruction) return At(Stage::kCompleted);
      break;
    case TransitionAction::kStartProduction:
      if (s == Stage::kCompleted) return At(Stage::kProduction);
      break;
    case TransitionAction::kSuspend:
      if (s == Stage::kPreparation || s == Stage::kConstruction) return Aside(from, Stage::kSuspended);
      break;
    case TransitionAction::kResume:
      if (s == Stage::kSuspended && from.resume_stage) return At(*from.resume_stage, from.resume_review);
      break;
    case TransitionAction::kWithdraw:
      if (s == Stage::kPlanning || s == Stage::kReserve || s == Stage::kPreparation) return Aside(from, Stage::kWithdrawn);
      // A suspended project withdrawn keeps the stage it was suspended from.
      if (s == Stage::kSuspended) return LifecycleState{Stage::kWithdrawn, Review::kNone, from.resume_stage, from.resume_review};
      break;
    case TransitionAction::kRestore:
      if (s == Stage::kWithdrawn && from.resume_stage) return At(*from.resume_stage, from.resume_review);
      break;
  }
  return core::Fail(NotAllowed());
}

}  // namespace gongjian::domain

namespace gongjian::domain {

std::vector<TransitionAction> AllowedTransitions(const LifecycleState& from) {
  std::vector<TransitionAction> out;
  for (const auto& [action, name] : kActions) {
    if (ApplyTransition(from, action)) out.push_back(action);
  }
  return out;
}

std::optional<std::vector<TransitionAction>> PathTo(const LifecycleState& target) {
  struct Node {
    LifecycleState state;
    std::vector<TransitionAction> path;
  };
  std::vector<Node> frontier = {{LifecycleState{}, {}}};
  std::vector<LifecycleState> seen = {LifecycleState{}};
  // Breadth first; the reachable states are few (stages × reviews × resume states).
  for (size_t i = 0; i < frontier.size(); ++i) {
    if (frontier[i].state == target) return frontier[i].path;
    for (auto action : AllowedTransitions(frontier[i].state)) {
      LifecycleState next = *ApplyTransition(frontier[i].state, action);
      if (std::find(seen.begin(), seen.end(), next) != seen.end()) continue;
      seen.push_back(next);
      Node node{next, frontier[i].path};
      node.path.push_back(action);
      frontier.push_back(std::move(node));
    }
  }
  return std::nullopt;
}

bool IsReviewDecision(TransitionAction action) {
  return action == TransitionAction::kPassInitialReview || action == TransitionAction::kPassFinalReview ||
         action == TransitionAction::kRejectReview || action == TransitionAction::kWithdraw ||
         action == TransitionAction::kRestore;
}

}  // namespace gongjian::domain
