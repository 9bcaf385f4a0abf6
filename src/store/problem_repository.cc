#include "store/problem_repository.h"

#include "domain/text.h"
#include "store/like.h"
#include "store/scope.h"
#include "store/where.h"

namespace gongjian::store {
namespace {

using domain::Date;

constexpr std::string_view kSelect =
    "SELECT pr.id, pr.project_id, p.name AS project_name, pr.type, pr.title, pr.description, pr.state,"
    " pr.confirmed, pr.level, pr.raised_by, u.display_name AS raised_by_name, pr.raised_org_id,"
    " ro.name AS raised_org_name, pr.raised_role, pr.raised_on, pr.inspection_id, pr.responsible_org_id,"
    " o.name AS responsible_org_name, pr.deadline, pr.result, pr.closed_on, pr.version, pr.created_at,"
    " pr.updated_at FROM problems pr JOIN projects p ON p.id = pr.project_id"
    " LEFT JOIN users u ON u.id = pr.raised_by LEFT JOIN orgs ro ON ro.id = pr.raised_org_id"
    " LEFT JOIN orgs o ON o.id = pr.responsible_org_id";

std::optional<Date> OptDate(const RowRef& r, std::string_view column) {
  auto text = r.OptText(column);
  if (!text) return std::nullopt;
  return domain::ParseDate(*text);
}

Value DateValue(const std::optional<Date>& d) { return d ? Value(d->ToString()) : Null(); }

Problem FromRow(const RowRef& r) {
  Problem p;
  p.id = r.Int("id");
  p.project_id = r.Int("project_id");
  p.project_name = r.Text("project_name");
  p.type = domain::ParseProblemType(r.Text("type")).value_or(domain::ProblemType::kOther);
  p.title = r.Text("title");
  p.description = r.Text("description");
  p.status.state = domain::ParseProblemState(r.Text("state")).value_or(domain::ProblemState::kPending);
  p.status.confirmed = r.Int("confirmed") != 0;
  p.status.level = domain::ParseEscalationLevel(r.Text("level")).value_or(domain::EscalationLevel::kUnit);
  p.raised_by = r.Int("raised_by");
  p.raised_by_name = r.OptText("raised_by_name").value_or("");
  p.raised_org_id = r.Int("raised_org_id");
  p.raised_org_name = r.OptText("raised_org_name").value_or("");
  p.raised_role = r.Text("raised_role");
  p.raised_on = domain::ParseDate(r.Text("raised_on")).value_or(Date{});
  p.inspection_id = r.OptInt("inspection_id");
  p.responsible_org_id = r.OptInt("responsible_org_id");
  p.responsible_org_name = r.OptText("responsible_org_name").value_or("");
  p.deadline = OptDate(r, "deadline");
  p.result = r.Text("result");
  p.closed_on = OptDate(r, "closed_on");
  p.version = r.Int("version");
  p.created_at = r.Text("created_at");
  p.updated_at = r.Text("updated_at");
  return p;
}

std::string IdList(const std::vector<int64_t>& ids) {
  std::string out;
  for (int64_t id : ids) out += (out.empty() ? "" : ", ") + std::to_string(id);
  return out;
}

// Fills the cooperating units of `problems` in one query.
Status LoadCooperating(Connection& c, std::vector<Problem>& problems) {
  if (problems.empty()) return Status::Ok();
  std::vector<int64_t> ids;
  for (const auto& p : problems) ids.push_back(p.id);
  auto r = c.Query("SELECT po.problem_id, po.org_id, o.name FROM problem_orgs po JOIN orgs o ON o.id = po.org_id"
                   " WHERE po.responsible = 0 AND po.problem_id IN (" + IdList(ids) + ") ORDER BY po.problem_id, o.id");
  if (!r) return r.error();
  std::map<int64_t, size_t> at;
  for (size_t i = 0; i < problems.size(); ++i) at[problems[i].id] = i;
  for (size_t i = 0; i < r->size(); ++i) {
    auto row = r->Row(i);
    problems[at[row.Int("problem_id")]].cooperating.emplace_back(row.Int("org_id"), row.Text("name"));
  }
  return Status::Ok();
}

// The states in which a deadline runs: the units are handling it (a result waiting for the
// raiser's confirmation is not late).
const char* kOpen = "pr.state IN ('in_progress', 'returned', 'reopened')";

Where BuildWhere(const Viewer& viewer, const ProblemFilter& f, Date today, bool with_states) {
  Where w;
  const std::string u = w.Param(viewer.user_id);
  w.Add(ProblemScopeSql(viewer, std::stoi(u.substr(1))));
  if (with_states && !f.states.empty()) {
    std::string in;
    for (auto s : f.states) in += (in.empty() ? "" : ", ") + w.Param(std::string(domain::ProblemStateName(s)));
    w.Add("pr.state IN (" + in + ")");
  }
  if (f.type) w.Add("pr.type = " + w.Param(std::string(domain::ProblemTypeName(*f.type))));
  if (f.responsible_org_id) w.Add("pr.responsible_org_id = " + w.Param(*f.responsible_org_id));
  if (f.project_id) w.Add("pr.project_id = " + w.Param(*f.project_id));
  if (f.level) w.Add("pr.level = " + w.Param(std::string(domain::EscalationLevelName(*f.level))));
  if (f.inspection_id) w.Add("pr.inspection_id = " + w.Param(*f.inspection_id));
  if (f.overdue_only) w.Add(std::string(kOpen) + " AND pr.deadline < " + w.Param(today.ToString()));
  const std::string q = domain::TrimSpaces(f.q);
  if (!q.empty()) {
    const std::string like = w.Param(LikeContains(q));
    w.Add("(pr.title LIKE " + like + " ESCAPE '\\' OR pr.description LIKE " + like + " ESCAPE '\\' OR p.name LIKE " +
          like + " ESCAPE '\\')");
  }
  return w;
}

Meeting MeetingFromRow(const RowRef& r) {
  Meeting m;
  m.id = r.Int("id");
  m.kind = domain::ParseEscalationLevel(r.Text("kind")).value_or(domain::EscalationLevel::kWeekly);
  m.title = r.Text("title");
  m.held_on = domain::ParseDate(r.Text("held_on")).value_or(Date{});
  m.chair = r.Text("chair");
  m.location = r.Text("location");
  m.minutes_filename = r.OptText("minutes_filename");
  m.minutes_type = r.OptText("minutes_type").value_or("");
  m.minutes_key = r.OptText("minutes_key").value_or("");
  m.minutes_size = r.OptInt("minutes_size").value_or(0);
  m.minutes_sm3 = r.OptText("minutes_sm3").value_or("");
  m.problem_count = r.Int("problem_count");
  m.version = r.Int("version");
  return m;
}

constexpr std::string_view kMeetingSelect =
    "SELECT m.id, m.kind, m.title, m.held_on, m.chair, m.location, m.minutes_filename, m.minutes_type,"
    " m.minutes_key, m.minutes_size, m.minutes_sm3, m.version,"
    " (SELECT COUNT(*) FROM meeting_problems mp WHERE mp.meeting_id = m.id) AS problem_count FROM meetings m";

constexpr std::string_view kLetterSelect =
    "SELECT l.id, l.problem_id, p.name AS project_name, l.kind, l.year, l.serial, l.number, l.title,"
    " l.addressee_org_id, o.name AS addressee_name, l.issued_on, l.reply_deadline, l.replied_on, l.reply_text,"
    " l.file_key, l.file_sm3, l.file_size FROM letters l JOIN problems pr ON pr.id = l.problem_id"
    " JOIN projects p ON p.id = pr.project_id JOIN orgs o ON o.id = l.addressee_org_id";

Letter LetterFromRow(const RowRef& r) {
  Letter l;
  l.id = r.Int("id");
  l.problem_id = r.Int("problem_id");
  l.project_name = r.Text("project_name");
  l.kind = r.Text("kind");
  l.year = static_cast<int>(r.Int("year"));
  l.serial = static_cast<int>(r.Int("serial"));
  l.number = r.Text("number");
  l.title = r.Text("title");
  l.addressee_org_id = r.Int("addressee_org_id");
  l.addressee_name = r.Text("addressee_name");
  l.issued_on = domain::ParseDate(r.Text("issued_on")).value_or(Date{});
  l.reply_deadline = domain::ParseDate(r.Text("reply_deadline")).value_or(Date{});
  l.replied_on = OptDate(r, "replied_on");
  l.reply_text = r.Text("reply_text");
  l.file_key = r.Text("file_key");
  l.file_sm3 = r.Text("file_sm3");
  l.file_size = r.Int("file_size");
  return l;
}

Status Stale(Connection& c, std::string_view table, int64_t id, const char* missing) {
  auto r = c.Query("SELECT version FROM " + std::string(table) + " WHERE id = $1", {id});
  if (!r) return r.error();
  if (r->empty()) return Status::NotFound(missing);
  return Status(core::Code::kFailedPrecondition, "stale_version", "", {std::to_string(r->First().Int("version"))});
}

}  // namespace

std::string ProblemScopeSql(const Viewer& viewer, int param) {
  if (viewer.scope == domain::ScopeKind::kAll) return ScopeCondition("pr.raised_org_id", param, viewer.scope);
  return "(" + ProjectScopeSql(viewer, param) +
         " OR pr.id IN (SELECT po.problem_id FROM problem_orgs po WHERE " +
         ScopeCondition("po.org_id", param, viewer.scope) + ") OR " +
         ScopeCondition("pr.raised_org_id", param, viewer.scope) + ")";
}

Result<Page<Problem>> ListProblems(Connection& c, const Viewer& viewer, const ProblemFilter& filter,
                                   const PageRequest& page, Date today) {
  Where w = BuildWhere(viewer, filter, today, true);
  auto count = c.Query("SELECT COUNT(*) AS n FROM problems pr JOIN projects p ON p.id = pr.project_id" + w.Sql(),
                       w.params());
  if (!count) return core::Fail(std::move(count.error()));
  const std::string t = w.Param(today.ToString());
  const std::string limit = w.Param(page.page_size);
  const std::string offset = w.Param(page.Offset());
  auto rows = c.Query(std::string(kSelect) + w.Sql() + " ORDER BY CASE WHEN " + kOpen +
                          " AND pr.deadline < " + t + " THEN 0 WHEN " + kOpen +
                          " AND pr.deadline IS NOT NULL THEN 1 WHEN " + kOpen +
                          " THEN 2 ELSE 3 END, CASE WHEN " + kOpen + " THEN pr.deadline END, pr.id DESC LIMIT " +
                          limit + " OFFSET " + offset,
                      w.params());
  if (!rows) return core::Fail(std::move(rows.error()));
  Page<Problem> out;
  out.total = count->First().Int("n");
  for (size_t i = 0; i < rows->size(); ++i) out.items.push_back(FromRow(rows->Row(i)));
  GJ_FAIL_IF_ERROR(LoadCooperating(c, out.items));
  return out;
}

Result<std::map<std::string, int64_t>> CountProblems(Connection& c, const Viewer& viewer, ProblemFilter filter,
                                                     Date today) {
  filter.overdue_only = false;
  Where w = BuildWhere(viewer, filter, today, false);
  const std::string t = w.Param(today.ToString());
  auto rows = c.Query("SELECT pr.state, COUNT(*) AS n, SUM(CASE WHEN " + std::string(kOpen) + " AND pr.deadline < " +
                          t + " THEN 1 ELSE 0 END) AS overdue FROM problems pr JOIN projects p ON p.id = pr.project_id" +
                          w.Sql() + " GROUP BY pr.state",
                      w.params());
  if (!rows) return core::Fail(std::move(rows.error()));
  std::map<std::string, int64_t> out;
  for (auto s : {domain::ProblemState::kPending, domain::ProblemState::kInProgress,
                 domain::ProblemState::kAwaitingConfirmation, domain::ProblemState::kClosed,
                 domain::ProblemState::kReturned, domain::ProblemState::kReopened}) {
    out[std::string(domain::ProblemStateName(s))] = 0;
  }
  out["overdue"] = 0;
  for (size_t i = 0; i < rows->size(); ++i) {
    auto r = rows->Row(i);
    out[r.Text("state")] = r.Int("n");
    out["overdue"] += r.OptInt("overdue").value_or(0);
  }
  return out;
}

Result<Problem> GetProblem(Connection& c, const Viewer& viewer, int64_t id) {
  Where w;
  const std::string u = w.Param(viewer.user_id);
  w.Add(ProblemScopeSql(viewer, std::stoi(u.substr(1))));
  w.Add("pr.id = " + w.Param(id));
  auto rows = c.Query(std::string(kSelect) + w.Sql(), w.params());
  if (!rows) return core::Fail(std::move(rows.error()));
  if (rows->empty()) return core::Fail(Status::NotFound("problem_not_found"));
  std::vector<Problem> one{FromRow(rows->First())};
  GJ_FAIL_IF_ERROR(LoadCooperating(c, one));
  return std::move(one.front());
}

Result<Problem> CreateProblem(Connection& c, const Problem& p, const std::string& now) {
  auto r = c.Query(
      "INSERT INTO problems (project_id, type, title, description, state, confirmed, level, raised_by, raised_org_id,"
      " raised_role, raised_on, inspection_id, version, created_at, updated_at)"
      " VALUES ($1, $2, $3, $4, 'pending', 0, 'unit', $5, $6, $7, $8, $9, 1, $10, $10) RETURNING id",
      {p.project_id, std::string(domain::ProblemTypeName(p.type)), p.title, p.description, p.raised_by,
       p.raised_org_id, p.raised_role, p.raised_on.ToString(), p.inspection_id ? Value(*p.inspection_id) : Null(),
       now});
  if (!r) return core::Fail(std::move(r.error()));
  Problem out = p;
  out.id = r->First().Int("id");
  out.status = {};
  out.version = 1;
  out.created_at = out.updated_at = now;
  return out;
}

Result<int64_t> UpdateProblem(Connection& c, const Problem& p, const std::string& now) {
  auto r = c.Query(
      "UPDATE problems SET state = $1, confirmed = $2, level = $3, responsible_org_id = $4, deadline = $5,"
      " result = $6, closed_on = $7, version = version + 1, updated_at = $8 WHERE id = $9 AND version = $10"
      " RETURNING version",
      {std::string(domain::ProblemStateName(p.status.state)), int64_t{p.status.confirmed ? 1 : 0},
       std::string(domain::EscalationLevelName(p.status.level)),
       p.responsible_org_id ? Value(*p.responsible_org_id) : Null(), DateValue(p.deadline), p.result,
       DateValue(p.closed_on), now, p.id, p.version});
  if (!r) return core::Fail(std::move(r.error()));
  if (r->empty()) return core::Fail(Stale(c, "problems", p.id, "problem_not_found"));
  auto cleared = c.Exec("DELETE FROM problem_orgs WHERE problem_id = $1", {p.id});
  if (!cleared) return core::Fail(std::move(cleared.error()));
  if (p.responsible_org_id) {
    auto a = c.Exec("INSERT INTO problem_orgs (problem_id, org_id, responsible) VALUES ($1, $2, 1)",
                    {p.id, *p.responsible_org_id});
    if (!a) return core::Fail(std::move(a.error()));
  }
  for (const auto& [org, name] : p.cooperating) {
    if (p.responsible_org_id && org == *p.responsible_org_id) continue;
    auto a = c.Exec("INSERT INTO problem_orgs (problem_id, org_id, responsible) VALUES ($1, $2, 0)", {p.id, org});
    if (!a) return core::Fail(std::move(a.error()));
  }
  return p.version + 1;
}

Result<int64_t> AddProblemEvent(Connection& c, const ProblemEvent& e) {
  auto r = c.Query(
      "INSERT INTO problem_events (problem_id, kind, at, on_date, user_id, org_id, text, level, meeting_id, letter_id)"
      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
      {e.problem_id, e.kind, e.at, e.on.ToString(), e.user_id ? Value(*e.user_id) : Null(),
       e.org_id ? Value(*e.org_id) : Null(), e.text,
       e.level ? Value(std::string(domain::EscalationLevelName(*e.level))) : Null(),
       e.meeting_id ? Value(*e.meeting_id) : Null(), e.letter_id ? Value(*e.letter_id) : Null()});
  if (!r) return core::Fail(std::move(r.error()));
  return r->First().Int("id");
}

Result<std::vector<ProblemEvent>> ListProblemEvents(Connection& c, int64_t problem_id) {
  auto rows = c.Query(
      "SELECT e.id, e.problem_id, e.kind, e.at, e.on_date, e.user_id, u.display_name AS user_name, e.org_id,"
      " o.name AS org_name, e.text, e.level, e.meeting_id, m.title AS meeting_title, e.letter_id"
      " FROM problem_events e LEFT JOIN users u ON u.id = e.user_id LEFT JOIN orgs o ON o.id = e.org_id"
      " LEFT JOIN meetings m ON m.id = e.meeting_id WHERE e.problem_id = $1 ORDER BY e.id",
      {problem_id});
  if (!rows) return core::Fail(std::move(rows.error()));
  std::vector<ProblemEvent> out;
  for (size_t i = 0; i < rows->size(); ++i) {
    auto r = rows->Row(i);
    ProblemEvent e;
    e.id = r.Int("id");
    e.problem_id = r.Int("problem_id");
    e.kind = r.Text("kind");
    e.at = r.Text("at");
    e.on = domain::ParseDate(r.Text("on_date")).value_or(Date{});
    e.user_id = r.OptInt("user_id");
    e.user_name = r.OptText("user_name").value_or("");
    e.org_id = r.OptInt("org_id");
    e.org_name = r.OptText("org_name").value_or("");
    e.text = r.Text("text");
    if (auto l = r.OptText("level")) e.level = domain::ParseEscalationLevel(*l);
    e.meeting_id = r.OptInt("meeting_id");
    e.meeting_title = r.OptText("meeting_title").value_or("");
    e.letter_id = r.OptInt("letter_id");
    out.push_back(std::move(e));
  }
  return out;
}

Status AddProblemPhoto(Connection& c, int64_t problem_id, int64_t attachment_id) {
  auto r = c.Exec("INSERT INTO problem_photos (problem_id, attachment_id) VALUES ($1, $2)", {problem_id, attachment_id});
  return r ? Status::Ok() : r.error();
}

Result<std::vector<int64_t>> ProblemPhotoIds(Connection& c, int64_t problem_id) {
  auto r = c.Query("SELECT attachment_id FROM problem_photos WHERE problem_id = $1 ORDER BY attachment_id", {problem_id});
  if (!r) return core::Fail(std::move(r.error()));
  std::vector<int64_t> out;
  for (size_t i = 0; i < r->size(); ++i) out.push_back(r->Row(i).Int("attachment_id"));
  return out;
}

Result<std::vector<Problem>> OverdueOpenProblems(Connection& c, Date today) {
  auto rows = c.Query(std::string(kSelect) + " WHERE " + kOpen + " AND pr.deadline < $1 ORDER BY pr.id",
                      {today.ToString()});
  if (!rows) return core::Fail(std::move(rows.error()));
  std::vector<Problem> out;
  for (size_t i = 0; i < rows->size(); ++i) out.push_back(FromRow(rows->Row(i)));
  GJ_FAIL_IF_ERROR(LoadCooperating(c, out));
  return out;
}

// ---- Meetings ----

Result<Meeting> CreateMeeting(Connection& c, const Meeting& m, int64_t user_id, const std::string& now) {
  auto r = c.Query(
      "INSERT INTO meetings (kind, title, held_on, chair, location, version, created_by, created_at, updated_at)"
      " VALUES ($1, $2, $3, $4, $5, 1, $6, $7, $7) RETURNING id",
      {std::string(domain::EscalationLevelName(m.kind)), m.title, m.held_on.ToString(), m.chair, m.location, user_id,
       now});
  if (!r) return core::Fail(std::move(r.error()));
  return GetMeeting(c, r->First().Int("id"));
}

Result<Meeting> GetMeeting(Connection& c, int64_t id) {
  auto r = c.Query(std::string(kMeetingSelect) + " WHERE m.id = $1", {id});
  if (!r) return core::Fail(std::move(r.error()));
  if (r->empty()) return core::Fail(Status::NotFound("meeting_not_found"));
  return MeetingFromRow(r->First());
}

Result<Page<Meeting>> ListMeetings(Connection& c, std::optional<domain::EscalationLevel> kind, const PageRequest& page) {
  Where w;
  if (kind) w.Add("m.kind = " + w.Param(std::string(domain::EscalationLevelName(*kind))));
  auto count = c.Query("SELECT COUNT(*) AS n FROM meetings m" + w.Sql(), w.params());
  if (!count) return core::Fail(std::move(count.error()));
  const std::string limit = w.Param(page.page_size);
  const std::string offset = w.Param(page.Offset());
  auto rows = c.Query(std::string(kMeetingSelect) + w.Sql() + " ORDER BY m.held_on DESC, m.id DESC LIMIT " + limit +
                          " OFFSET " + offset,
                      w.params());
  if (!rows) return core::Fail(std::move(rows.error()));
  Page<Meeting> out;
  out.total = count->First().Int("n");
  for (size_t i = 0; i < rows->size(); ++i) out.items.push_back(MeetingFromRow(rows->Row(i)));
  return out;
}

Result<int64_t> UpdateMeeting(Connection& c, const Meeting& m, const std::string& now) {
  auto r = c.Query(
      "UPDATE meetings SET kind = $1, title = $2, held_on = $3, chair = $4, location = $5, minutes_filename = $6,"
      " minutes_type = $7, minutes_key = $8, minutes_size = $9, minutes_sm3 = $10, version = version + 1,"
      " updated_at = $11 WHERE id = $12 AND version = $13 RETURNING version",
      {std::string(domain::EscalationLevelName(m.kind)), m.title, m.held_on.ToString(), m.chair, m.location,
       m.minutes_filename ? Value(*m.minutes_filename) : Null(), m.minutes_filename ? Value(m.minutes_type) : Null(),
       m.minutes_filename ? Value(m.minutes_key) : Null(), m.minutes_filename ? Value(m.minutes_size) : Null(),
       m.minutes_filename ? Value(m.minutes_sm3) : Null(), now, m.id, m.version});
  if (!r) return core::Fail(std::move(r.error()));
  if (r->empty()) return core::Fail(Stale(c, "meetings", m.id, "meeting_not_found"));
  return m.version + 1;
}

Status SetMeetingDecision(Connection& c, int64_t meeting_id, int64_t problem_id, const std::string& decision) {
  auto d = c.Exec("DELETE FROM meeting_problems WHERE meeting_id = $1 AND problem_id = $2", {meeting_id, problem_id});
  if (!d) return d.error();
  auto r = c.Exec("INSERT INTO meeting_problems (meeting_id, problem_id, decision) VALUES ($1, $2, $3)",
                  {meeting_id, problem_id, decision});
  return r ? Status::Ok() : r.error();
}

Result<std::vector<AgendaItem>> MeetingAgenda(Connection& c, const Viewer& viewer, int64_t meeting_id) {
  auto rows = c.Query(
      "SELECT mp.problem_id, pr.title, p.name AS project_name, pr.state, mp.decision FROM meeting_problems mp"
      " JOIN problems pr ON pr.id = mp.problem_id JOIN projects p ON p.id = pr.project_id"
      " WHERE mp.meeting_id = $2 AND " + ProblemScopeSql(viewer, 1) + " ORDER BY mp.problem_id",
      {viewer.user_id, meeting_id});
  if (!rows) return core::Fail(std::move(rows.error()));
  std::vector<AgendaItem> out;
  for (size_t i = 0; i < rows->size(); ++i) {
    auto r = rows->Row(i);
    out.push_back({r.Int("problem_id"), r.Text("title"), r.Text("project_name"),
                   domain::ParseProblemState(r.Text("state")).value_or(domain::ProblemState::kPending),
                   r.Text("decision")});
  }
  return out;
}

// ---- Letters ----

Result<int> NextLetterSerial(Connection& c, const std::string& kind, int year) {
  // One statement: the row is created or incremented under its lock, so concurrent
  // transactions queue on it and each sees the number the previous one committed.
  auto r = c.Query(
      "INSERT INTO letter_counters (kind, year, last) VALUES ($1, $2, 1)"
      " ON CONFLICT (kind, year) DO UPDATE SET last = letter_counters.last + 1 RETURNING last",
      {kind, static_cast<int64_t>(year)});
  if (!r) return core::Fail(std::move(r.error()));
  return static_cast<int>(r->First().Int("last"));
}

Result<Letter> CreateLetter(Connection& c, const Letter& l, int64_t user_id, const std::string& now) {
  auto r = c.Query(
      "INSERT INTO letters (problem_id, kind, year, serial, number, title, addressee_org_id, issued_on, reply_deadline,"
      " file_key, file_sm3, file_size, created_by, created_at)"
      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
      {l.problem_id, l.kind, static_cast<int64_t>(l.year), static_cast<int64_t>(l.serial), l.number, l.title,
       l.addressee_org_id, l.issued_on.ToString(), l.reply_deadline.ToString(), l.file_key, l.file_sm3, l.file_size,
       user_id, now});
  if (!r) return core::Fail(std::move(r.error()));
  auto rows = c.Query(std::string(kLetterSelect) + " WHERE l.id = $1", {r->First().Int("id")});
  if (!rows) return core::Fail(std::move(rows.error()));
  return LetterFromRow(rows->First());
}

Result<Letter> GetLetter(Connection& c, const Viewer& viewer, int64_t id) {
  auto rows = c.Query(std::string(kLetterSelect) + " WHERE l.id = $2 AND " + ProblemScopeSql(viewer, 1),
                      {viewer.user_id, id});
  if (!rows) return core::Fail(std::move(rows.error()));
  if (rows->empty()) return core::Fail(Status::NotFound("letter_not_found"));
  return LetterFromRow(rows->First());
}

Result<std::vector<Letter>> ProblemLetters(Connection& c, int64_t problem_id) {
  auto rows = c.Query(std::string(kLetterSelect) + " WHERE l.problem_id = $1 ORDER BY l.id", {problem_id});
  if (!rows) return core::Fail(std::move(rows.error()));
  std::vector<Letter> out;
  for (size_t i = 0; i < rows->size(); ++i) out.push_back(LetterFromRow(rows->Row(i)));
  return out;
}

Result<std::vector<Letter>> ListLetters(Connection& c, const Viewer& viewer, bool awaiting_reply,
                                        bool addressed_to_viewer) {
  std::string sql = std::string(kLetterSelect) + " WHERE " + ProblemScopeSql(viewer, 1);
  if (awaiting_reply) sql += " AND l.replied_on IS NULL";
  if (addressed_to_viewer) sql += " AND " + ScopeCondition("l.addressee_org_id", 1, viewer.scope);
  auto rows = c.Query(sql + " ORDER BY l.reply_deadline, l.id LIMIT 500", {viewer.user_id});
  if (!rows) return core::Fail(std::move(rows.error()));
  std::vector<Letter> out;
  for (size_t i = 0; i < rows->size(); ++i) out.push_back(LetterFromRow(rows->Row(i)));
  return out;
}

Status ReplyLetter(Connection& c, int64_t id, const std::string& text, Date on, std::optional<int64_t> user_id) {
  auto r = c.Query("UPDATE letters SET replied_on = $1, reply_text = $2, replied_by = $3"
                   " WHERE id = $4 AND replied_on IS NULL RETURNING id",
                   {on.ToString(), text, user_id ? Value(*user_id) : Null(), id});
  if (!r) return r.error();
  if (r->empty()) return Status::Conflict("letter_replied");
  return Status::Ok();
}

}  // namespace gongjian::store
