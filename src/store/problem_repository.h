#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/date.h"
#include "domain/problem.h"
#include "store/database.h"
#include "store/page.h"
#include "store/project_repository.h"

namespace gongjian::store {

// A problem as stored, with the names a list shows beside the ids.
struct Problem {
  int64_t id = 0;
  int64_t project_id = 0;
  std::string project_name;
  domain::ProblemType type = domain::ProblemType::kOther;
  std::string title;
  std::string description;
  domain::ProblemStatus status;
  int64_t raised_by = 0;
  std::string raised_by_name;
  int64_t raised_org_id = 0;
  std::string raised_org_name;
  std::string raised_role;  // the raiser's role: "owner", "unit", "office", "leader"
  domain::Date raised_on;
  std::optional<int64_t> inspection_id;
  std::optional<int64_t> responsible_org_id;
  std::string responsible_org_name;
  std::vector<std::pair<int64_t, std::string>> cooperating;  // id, name
  std::optional<domain::Date> deadline;
  std::string result;
  std::optional<domain::Date> closed_on;
  int64_t version = 0;
  std::string created_at;
  std::string updated_at;
};

struct ProblemFilter {
  std::vector<domain::ProblemState> states;  // any of; empty matches all
  std::optional<domain::ProblemType> type;
  std::optional<int64_t> responsible_org_id;
  std::optional<int64_t> project_id;
  std::optional<domain::EscalationLevel> level;
  std::optional<int64_t> inspection_id;  // those raised from this inspection
  bool overdue_only = false;  // being handled (办理中, 已退回, 重新打开), with a deadline before `today`
  std::string q;              // in the title, the description or the project's name
};

// The SQL condition keeping the problems (aliased `pr`) the viewer may see: those on projects in
// its scope, those assigned to a unit in its scope, and those raised by one. Viewer id at $`param`.
std::string ProblemScopeSql(const Viewer& viewer, int param);

// A page of the problems in scope matching `filter`: overdue open ones first (oldest deadline
// first), then open ones by deadline, then the rest newest first.
Result<Page<Problem>> ListProblems(Connection& c, const Viewer& viewer, const ProblemFilter& filter,
                                   const PageRequest& page, domain::Date today);

// Counts of the problems in scope matching `filter` apart from its states: by state name, and
// "overdue" for those being handled past their deadline.
Result<std::map<std::string, int64_t>> CountProblems(Connection& c, const Viewer& viewer, ProblemFilter filter,
                                                     domain::Date today);

// kNotFound "problem_not_found" when it does not exist or lies outside the viewer's scope.
Result<Problem> GetProblem(Connection& c, const Viewer& viewer, int64_t id);

// Inserts a new problem (state pending, version 1); returns it as stored.
Result<Problem> CreateProblem(Connection& c, const Problem& problem, const std::string& now);

// Writes the status, assignment, deadline, result and closing date of `p` when its stored version
// is `p.version` (kFailedPrecondition "stale_version" otherwise), replacing its units; returns
// the new version.
Result<int64_t> UpdateProblem(Connection& c, const Problem& p, const std::string& now);

// One entry of a problem's timeline.
struct ProblemEvent {
  int64_t id = 0;
  int64_t problem_id = 0;
  std::string kind;  // raised, assigned, reassigned, step, submitted, confirmed, rejected, closed, reopened, escalated, letter, replied
  std::string at;    // timestamp
  domain::Date on;   // the day it happened (a step may be recorded later)
  std::optional<int64_t> user_id;
  std::string user_name;
  std::optional<int64_t> org_id;
  std::string org_name;
  std::string text;
  std::optional<domain::EscalationLevel> level;
  std::optional<int64_t> meeting_id;
  std::string meeting_title;
  std::optional<int64_t> letter_id;
};
Result<int64_t> AddProblemEvent(Connection& c, const ProblemEvent& e);
Result<std::vector<ProblemEvent>> ListProblemEvents(Connection& c, int64_t problem_id);

Status AddProblemPhoto(Connection& c, int64_t problem_id, int64_t attachment_id);
// The ids of a problem's photos (attachments of its project), oldest first.
Result<std::vector<int64_t>> ProblemPhotoIds(Connection& c, int64_t problem_id);

// Problems being handled (办理中, 已退回, 重新打开) with a deadline before `today`: candidates for
// escalation by rule.
Result<std::vector<Problem>> OverdueOpenProblems(Connection& c, domain::Date today);

// ---- Meetings of the escalation ladder ----

struct Meeting {
  int64_t id = 0;
  domain::EscalationLevel kind = domain::EscalationLevel::kWeekly;
  std::string title;
  domain::Date held_on;
  std::string chair;
  std::string location;
  std::optional<std::string> minutes_filename;
  std::string minutes_type;
  std::string minutes_key;
  int64_t minutes_size = 0;
  std::string minutes_sm3;
  int64_t problem_count = 0;
  int64_t version = 0;
};
Result<Meeting> CreateMeeting(Connection& c, const Meeting& m, int64_t user_id, const std::string& now);
// kNotFound "meeting_not_found".
Result<Meeting> GetMeeting(Connection& c, int64_t id);
// Newest first; kind filters when given.
Result<Page<Meeting>> ListMeetings(Connection& c, std::optional<domain::EscalationLevel> kind, const PageRequest& page);
// Writes title, date, chair, location and minutes when the stored version is m.version.
Result<int64_t> UpdateMeeting(Connection& c, const Meeting& m, const std::string& now);

struct AgendaItem {
  int64_t problem_id = 0;
  std::string problem_title;
  std::string project_name;
  domain::ProblemState state = domain::ProblemState::kPending;
  std::string decision;
};
// Records (or replaces) the meeting's decision on a problem.
Status SetMeetingDecision(Connection& c, int64_t meeting_id, int64_t problem_id, const std::string& decision);
// The agenda, only the problems the viewer may see.
Result<std::vector<AgendaItem>> MeetingAgenda(Connection& c, const Viewer& viewer, int64_t meeting_id);

// ---- Supervision letters ----

struct Letter {
  int64_t id = 0;
  int64_t problem_id = 0;
  std::string project_name;
  std::string kind;  // "assign", "remind", "supervise"
  int year = 0;
  int serial = 0;
  std::string number;
  std::string title;
  int64_t addressee_org_id = 0;
  std::string addressee_name;
  domain::Date issued_on;
  domain::Date reply_deadline;
  std::optional<domain::Date> replied_on;
  std::string reply_text;
  std::string file_key;
  std::string file_sm3;
  int64_t file_size = 0;
};
// The next serial of `kind` in `year`: 1, 2, 3 … without gaps or duplicates, also under concurrent
// transactions (a counter row updated in the caller's transaction; a rolled-back letter gives its
// number back).
Result<int> NextLetterSerial(Connection& c, const std::string& kind, int year);
Result<Letter> CreateLetter(Connection& c, const Letter& l, int64_t user_id, const std::string& now);
// kNotFound "letter_not_found" when it does not exist or its problem is outside the viewer's scope.
Result<Letter> GetLetter(Connection& c, const Viewer& viewer, int64_t id);
Result<std::vector<Letter>> ProblemLetters(Connection& c, int64_t problem_id);
// Letters in scope, newest first; only those not yet replied to when `awaiting_reply`; only those
// addressed to a unit in the viewer's own scope when `addressed_to_viewer`.
Result<std::vector<Letter>> ListLetters(Connection& c, const Viewer& viewer, bool awaiting_reply,
                                        bool addressed_to_viewer);
// Records the reply (once: kConflict "letter_replied" after).
Status ReplyLetter(Connection& c, int64_t id, const std::string& text, domain::Date on, std::optional<int64_t> user_id);

}  // namespace gongjian::store
