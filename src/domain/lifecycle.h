#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace gongjian::domain {

// The pools and stages of SPEC §2: 谋划 → 储备 (初审, 终审) → 前期 → 在建 → 竣工 → 投产, with the
// side states 停缓建 (suspended) and 退库 (withdrawn). Whether a project under construction is
// 新开工 or 续建 is not a state: it follows from its actual start year and the year in view.
enum class Stage { kPlanning, kReserve, kPreparation, kConstruction, kCompleted, kProduction, kSuspended, kWithdrawn };

// Inside the reserve pool: where the entry review stands.
enum class Review { kNone, kPendingInitial, kPendingFinal, kApproved };

struct LifecycleState {
  Stage stage = Stage::kPlanning;
  Review review = Review::kNone;
  // For kSuspended and kWithdrawn: the state to return to on resume or restore.
  std::optional<Stage> resume_stage;
  Review resume_review = Review::kNone;

  bool operator==(const LifecycleState&) const = default;
};

enum class TransitionAction {
  kSubmit,             // 谋划 → 储备, awaiting first review
  kPassInitialReview,  // 初审通过
  kPassFinalReview,    // 终审通过: the project enters the reserve proper
  kRejectReview,       // 退回谋划
  kStartPreparation,   // 储备 → 前期
  kStartConstruction,  // 前期 → 在建 (开工)
  kComplete,           // 在建 → 竣工
  kStartProduction,    // 竣工 → 投产/运营
  kSuspend,            // 前期/在建 → 停缓建
  kResume,             // 停缓建 → the stage it left (复工)
  kWithdraw,           // 谋划/储备/前期/停缓建 → 退库
  kRestore,            // 退库 → the stage it left (恢复, after review)
};

std::string_view StageName(Stage stage);  // "planning", "reserve", …
std::optional<Stage> ParseStage(std::string_view name);
std::string_view ReviewName(Review review);
std::optional<Review> ParseReview(std::string_view name);
std::string_view TransitionActionName(TransitionAction action);  // "submit", "pass_initial_review", …
std::optional<TransitionAction> ParseTransitionAction(std::string_view name);

// True for the actions that must give a reason (rejections, suspension, withdrawal, restore).
bool TransitionNeedsReason(TransitionAction action);

// The state after `action`, or kConflict "transition_not_allowed" (field "action") when the
// life cycle does not allow it from `from`. Pure: who may do it is can()'s business.
core::Result<LifecycleState> ApplyTransition(const LifecycleState& from, TransitionAction action);

// The actions the life cycle allows from `from`, in declaration order.
std::vector<TransitionAction> AllowedTransitions(const LifecycleState& from);

// The shortest sequence of actions that takes a new project (planning) to `target`;
// nullopt when no sequence reaches it. For records that arrive in a later stage (imports,
// the demo district) so their timeline tells how they got there.
std::optional<std::vector<TransitionAction>> PathTo(const LifecycleState& target);

// True for the decisions the project office takes (reviews, withdrawal, restore), as
// opposed to the progress steps the responsible units and owners record.
bool IsReviewDecision(TransitionAction action);

}  // namespace gongjian::domain
