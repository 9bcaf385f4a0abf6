// The authorisation matrix: every route × every role (and no session) × every kind of
// object the route takes (own, another in scope, one outside the caller's scope, a missing
// one) has an expected outcome, checked over HTTP on both databases. The table is keyed by
// the router's own route list, so a new route without rows fails the test.
//
// Organisations and accounts are reference and administration data, not scoped business
// data: for them an object "outside the caller's scope" answers like any other. Scoped
// business records (projects and what hangs off them) answer 404 outside the caller's
// scope, and 404 to the three administrators, for whom business data does not exist.
// Every actor's data scope is its own organisation, a town, so "out of scope" is real.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "api/session.h"
#include "api/supervision_rules.h"
#include "api/test_server.h"
#include "api/warning_rules_json.h"
#include "api/warnings.h"
#include "engine/presets.h"
#include "io/file_store.h"
#include "store/approval_repository.h"
#include "store/briefing_repository.h"
#include "store/import_repository.h"
#include "store/milestone_repository.h"
#include "store/problem_repository.h"
#include "store/inspection_repository.h"
#include "store/org_repository.h"
#include "store/project_repository.h"
#include "store/report_repository.h"
#include "store/round_repository.h"
#include "store/user_repository.h"

namespace gongjian::api {
namespace {

using domain::Role;
using nlohmann::json;

enum class Target { kNone, kOwn, kOther, kOutOfScope, kMissing };
const char* Name(Target t) {
  switch (t) {
    case Target::kNone: return "-";
    case Target::kOwn: return "own";
    case Target::kOther: return "in-scope";
    case Target::kOutOfScope: return "out-of-scope";
    case Target::kMissing: return "missing";
  }
  return "?";
}

struct Actor {
  std::optional<Role> role;  // nullopt: no session
  std::string username;
  std::string password;
  int64_t user_id = 0;
  TestSession session;
};

struct Call {
  std::string method;
  std::string path;
  std::string body;
  httplib::Headers headers;
  std::string content_type;  // empty: JSON when there is a body
};

class Matrix;
struct Row {
  std::vector<Role> allowed;  // roles that may act; empty with public_route means anyone
  bool public_route = false;
  std::vector<Target> targets;
  std::set<int> ok;                // statuses when allowed
  std::set<Target> conflict_own;   // targets answered 409 for the allowed (acting on oneself)
  std::function<Call(Matrix&, Actor&, Target)> call;
  bool business = false;           // scoped business data: hidden from administrators and outside scope
};

class Matrix {
 public:
  explicit Matrix(TestServer& s) : server(s) {
    root = s.RootOrg();
    outside_org = s.AddOrg("矩阵外单位", domain::OrgKind::kTown, root);
    home = s.AddOrg("矩阵镇", domain::OrgKind::kTown, root);
    home_owner = s.AddOrg("矩阵业主", domain::OrgKind::kOwner, home);
    outside_owner = s.AddOrg("外部业主", domain::OrgKind::kOwner, outside_org);
    s.AddUser("victim.user", {Role::kViewer});
    s.AddUser("outside.user", {Role::kViewer}, outside_org);
    victim = UserId("victim.user");
    outside_user = UserId("outside.user");
    store::DispatchRound open{0, "矩阵调度", {2026, 10}, {2026, 1, 1}, {2199, 12, 31}, 0};
    round = s.db()
                .WriteValue<store::DispatchRound>(
                    [&](store::Connection& c) { return store::CreateRound(c, open, victim, "2026-01-01T00:00:00.000Z"); })
                ->id;
  }

  int64_t UserId(const std::string& name) {
    return server.db()
        .ReadValue<domain::User>([&](store::Connection& c) { return store::FindUserByUsername(c, name); })
        ->id;
  }
  int64_t UserVersion(int64_t id) {
    auto u = server.db().ReadValue<domain::User>([&](store::Connection& c) { return store::GetUser(c, id); });
    return u ? u->version : 1;
  }
  int64_t OrgVersion(int64_t id) {
    auto o = server.db().ReadValue<domain::Org>([&](store::Connection& c) { return store::GetOrg(c, id); });
    return o ? o->version : 1;
  }
  int64_t UserFor(Actor& a, Target t) {
    return t == Target::kOwn ? a.user_id : t == Target::kOther ? victim : t == Target::kOutOfScope ? outside_user : 999999;
  }
  int64_t OrgFor(Target t) {
    return t == Target::kOwn || t == Target::kOther ? root : t == Target::kOutOfScope ? outside_org : 999999;
  }
  std::string Unique(const char* prefix) { return prefix + std::to_string(++counter); }

  // A fresh import of a header-only project list by `a` (own), or a missing id.
  int64_t ImportFor(Actor& a, Target t) {
    if (t != Target::kOwn || !a.role) return 999999;
    const std::string csv = "项目名称,总投资（万元）\n";
    store::ImportRecord r;
    r.kind = "projects";
    r.file_name = "a.csv";
    r.file_key = *server.files().Put(csv);
    r.file_sm3 = "x";
    r.file_size = static_cast<int64_t>(csv.size());
    r.created_by = a.user_id;
    r.created_at = "2026-01-01T00:00:00.000Z";
    return server.db().WriteValue<store::ImportRecord>([&](store::Connection& c) { return store::CreateImport(c, r); })->id;
  }
  // The fingerprint of import `id`'s preview as `a` sees it ("x" when `a` may not see it).
  std::string ImportFingerprint(Actor& a, int64_t id) {
    auto client = server.Client();
    auto r = client->Get(("/api/imports/" + std::to_string(id)).c_str(), a.session.Headers());
    if (!r || r->status != 200) return "x";
    return json::parse(r->body)["fingerprint"];
  }

  // A new project in the actors' home town (own and in-scope targets) or outside it, in
  // the planning stage at version 1; 999999 for a missing one.
  int64_t ProjectFor(Target t) {
    if (t == Target::kMissing) return 999999;
    domain::Project p;
    p.name = Unique("矩阵项目");
    bool inside = t != Target::kOutOfScope;
    p.owner_org_id = inside ? home_owner : outside_owner;
    p.town_org_id = inside ? home : outside_org;
    auto v = server.db().WriteValue<store::ProjectView>(
        [&](store::Connection& c) { return store::CreateProject(c, p, victim, "2026-01-01T00:00:00.000Z"); });
    return v->project.id;
  }
  // A milestone (version 1) of a new project for the target.
  int64_t MilestoneFor(Target t) {
    if (t == Target::kMissing) return 999999;
    domain::Milestone m;
    m.project_id = ProjectFor(t);
    m.position = -1;
    m.name = "矩阵节点";
    m.planned = {2026, 6, 1};
    return server.db()
        .WriteValue<domain::Milestone>(
            [&](store::Connection& c) { return store::CreateMilestone(c, m, "2026-01-01T00:00:00.000Z"); })
        ->id;
  }
  // An approval item (version 1, no department) of a new project for the target.
  int64_t ApprovalFor(Target t) {
    if (t == Target::kMissing) return 999999;
    domain::ApprovalItem a;
    a.project_id = ProjectFor(t);
    a.position = -1;
    a.name = "矩阵事项";
    return server.db()
        .WriteValue<domain::ApprovalItem>(
            [&](store::Connection& c) { return store::CreateApproval(c, a, "2026-01-01T00:00:00.000Z"); })
        ->id;
  }
  // A problem of a new project for the target, raised by the actors' town (so every actor is its
  // raiser), in `state`; once past 待交办 it is assigned to the town (every actor's unit handles
  // it). Returns the id; its version is ProblemVersion(id).
  int64_t ProblemFor(Target t, domain::ProblemState state = domain::ProblemState::kPending, bool confirmed = false) {
    if (t == Target::kMissing) return 999999;
    const bool inside = t != Target::kOutOfScope;
    store::Problem p;
    p.project_id = ProjectFor(t);
    p.type = domain::ProblemType::kLand;
    p.title = "矩阵问题";
    p.description = "矩阵";
    p.raised_by = victim;
    p.raised_org_id = inside ? home : outside_org;
    p.raised_role = "owner";
    p.raised_on = {2026, 1, 1};
    auto made = server.db().WriteValue<store::Problem>(
        [&](store::Connection& c) { return store::CreateProblem(c, p, "2026-01-01T00:00:00.000Z"); });
    if (state == domain::ProblemState::kPending) return made->id;
    made->status = {state, confirmed, domain::EscalationLevel::kUnit};
    made->responsible_org_id = inside ? home : outside_org;
    made->deadline = domain::Date{2199, 1, 1};
    (void)server.db().WriteValue<int64_t>(
        [&](store::Connection& c) { return store::UpdateProblem(c, *made, "2026-01-01T00:00:00.000Z"); });
    return made->id;
  }
  int64_t ProblemVersion(int64_t id) {
    auto r = server.db().ReadValue<int64_t>([&](store::Connection& c) -> core::Result<int64_t> {
      auto q = c.Query("SELECT version FROM problems WHERE id = $1", {id});
      if (!q) return core::Fail(q.error());
      return q->empty() ? int64_t{1} : q->First().Int("version");
    });
    return r ? *r : 1;
  }
  // A photo of a new problem for the target (with a thumbnail).
  std::string PhotoPath(Target t) {
    const int64_t problem = ProblemFor(t == Target::kMissing ? Target::kOther : t);
    if (t == Target::kMissing) return "/api/problems/" + std::to_string(problem) + "/photos/999999";
    const int64_t attachment = AttachmentFor(t);
    (void)server.db().Write([&](store::Connection& c) { return store::AddProblemPhoto(c, problem, attachment); });
    return "/api/problems/" + std::to_string(problem) + "/photos/" + std::to_string(attachment);
  }
  // A letter (unanswered, with a stored PDF) to the target's unit about a new assigned problem.
  int64_t LetterFor(Target t) {
    if (t == Target::kMissing) return 999999;
    const int64_t problem = ProblemFor(t, domain::ProblemState::kInProgress);
    store::Letter l;
    l.problem_id = problem;
    l.kind = "assign";
    l.year = 2026;
    l.number = "区重大项目办交〔2026〕" + std::to_string(++counter) + "号";
    l.title = "矩阵函";
    l.addressee_org_id = t == Target::kOutOfScope ? outside_org : home;
    l.issued_on = {2026, 1, 1};
    l.reply_deadline = {2199, 1, 1};
    l.file_key = *server.files().Put("%PDF-1.4\n%%EOF\n");
    l.file_sm3 = "-";
    return server.db()
        .WriteValue<store::Letter>([&](store::Connection& c) -> core::Result<store::Letter> {
          auto n = store::NextLetterSerial(c, "assign", 2026);
          if (!n) return core::Fail(n.error());
          l.serial = *n;
          return store::CreateLetter(c, l, victim, "2026-01-01T00:00:00.000Z");
        })
        ->id;
  }
  // A published briefing (the briefings are the whole district's: no target but a missing one).
  int64_t BriefingFor(Target t) {
    if (t == Target::kMissing) return 999999;
    store::Briefing b;
    std::tie(b.year, b.month) = FreeMonth();
    b.issue_number = b.month;
    b.title = "矩阵通报";
    b.pdf_key = *server.files().Put("%PDF-1.4\n%%EOF\n");
    b.xlsx_key = *server.files().Put("PK");
    b.created_by = victim;
    b.created_at = "2026-01-01T00:00:00.000Z";
    return server.db().WriteValue<store::Briefing>([&](store::Connection& c) { return store::CreateBriefing(c, b); })->id;
  }
  // A month no briefing has been published for: January 2000 onwards, one per call.
  std::pair<int, int> FreeMonth() {
    const int n = months++;
    return {2000 + n / 12, 1 + n % 12};
  }
  // An inspection (version 1) visiting a new project for the target.
  int64_t InspectionFor(Target t) {
    if (t == Target::kMissing) return 999999;
    store::Inspection i;
    i.kind = domain::InspectionKind::kSupervision;
    i.held_on = {2026, 1, 5};
    i.title = "矩阵督查";
    i.people = "项目办";
    i.created_by = victim;
    i.project_ids = {ProjectFor(t)};
    return *server.db().WriteValue<int64_t>(
        [&](store::Connection& c) { return store::CreateInspection(c, i, "2026-01-01T00:00:00.000Z"); });
  }
  // The path of a photo (with a thumbnail) of a new inspection for the target.
  std::string InspectionPhotoPath(Target t) {
    const int64_t id = InspectionFor(t == Target::kMissing ? Target::kOther : t);
    if (t == Target::kMissing) return "/api/inspections/" + std::to_string(id) + "/photos/999999";
    auto i = server.db().ReadValue<store::Inspection>(
        [&](store::Connection& c) { return store::GetInspection(c, {victim, domain::ScopeKind::kAll}, id); });
    store::Attachment a;
    a.project_id = i->project_ids.front();
    a.filename = "督查照片.jpg";
    a.content_type = "image/jpeg";
    a.size = 4;
    a.sm3 = "-";
    a.storage_key = *server.files().Put("jpeg");
    a.thumbnail_key = *server.files().Put("thumb");
    a.created_at = "2026-01-01T00:00:00.000Z";
    const int64_t photo =
        server.db().WriteValue<store::Attachment>([&](store::Connection& c) { return store::CreateAttachment(c, a); })->id;
    (void)server.db().Write([&](store::Connection& c) { return store::AddInspectionPhoto(c, id, photo); });
    return "/api/inspections/" + std::to_string(id) + "/photos/" + std::to_string(photo);
  }
  // A meeting (version 1), with minutes when asked.
  int64_t MeetingFor(bool minutes = false) {
    store::Meeting m;
    m.kind = domain::EscalationLevel::kWeekly;
    m.title = Unique("矩阵周调度会");
    m.held_on = {2026, 1, 5};
    m.chair = "项目办主任";
    auto made = server.db().WriteValue<store::Meeting>(
        [&](store::Connection& c) { return store::CreateMeeting(c, m, victim, "2026-01-01T00:00:00.000Z"); });
    if (!minutes) return made->id;
    made->minutes_filename = "纪要.pdf";
    made->minutes_type = "application/pdf";
    made->minutes_key = *server.files().Put("%PDF-1.4\n%%EOF\n");
    (void)server.db().WriteValue<int64_t>(
        [&](store::Connection& c) { return store::UpdateMeeting(c, *made, "2026-01-01T00:00:00.000Z"); });
    return made->id;
  }
  // The day after `days` from the server's today, as the API writes dates.
  std::string DaysAhead(int days) {
    auto secs = std::chrono::duration_cast<std::chrono::seconds>(server.clock().Now().time_since_epoch()).count();
    return domain::AddDays(domain::ChinaDate(secs), days).ToString();
  }

  // A draft report (2026-10) of a new project for the target, at version 1.
  int64_t ReportFor(Target t) {
    if (t == Target::kMissing) return 999999;
    domain::MonthlyReport r;
    r.project_id = ProjectFor(t);
    r.period = {2026, 10};
    return server.db()
        .WriteValue<domain::MonthlyReport>(
            [&](store::Connection& c) { return store::SaveReport(c, r, 0, victim, "2026-01-01T00:00:00.000Z"); })
        ->id;
  }
  // A draft 2026 plan of a new project for the target, at version 1.
  int64_t PlanFor(Target t) {
    if (t == Target::kMissing) return 999999;
    domain::AnnualPlan p;
    p.project_id = ProjectFor(t);
    p.year = 2026;
    p.planned_investment = 1200;
    return server.db()
        .WriteValue<domain::AnnualPlan>(
            [&](store::Connection& c) { return store::SaveAnnualPlan(c, p, 0, "2026-01-01T00:00:00.000Z"); })
        ->id;
  }
  // An attachment (with a thumbnail) of a new project for the target.
  int64_t AttachmentFor(Target t) {
    if (t == Target::kMissing) return 999999;
    store::Attachment a;
    a.project_id = ProjectFor(t);
    a.filename = "现场照片.jpg";
    a.content_type = "image/jpeg";
    a.size = 4;
    a.sm3 = "-";
    a.storage_key = *server.files().Put("jpeg");
    a.thumbnail_key = *server.files().Put("thumb");
    a.created_at = "2026-01-01T00:00:00.000Z";
    return server.db().WriteValue<store::Attachment>([&](store::Connection& c) { return store::CreateAttachment(c, a); })->id;
  }

  // An approval item holding a file of its project, for the target: {item, file}.
  std::pair<int64_t, int64_t> ApprovalFileFor(Target t) {
    if (t == Target::kMissing) return {999999, 999999};
    const int64_t file = AttachmentFor(t);
    domain::ApprovalItem a;
    a.project_id = server.db().ReadValue<store::Attachment>([&](store::Connection& c) {
      return store::GetAttachment(c, file);
    })->project_id;
    a.position = -1;
    a.name = "矩阵事项";
    a.attachment_id = file;
    const int64_t item = server.db()
                             .WriteValue<domain::ApprovalItem>(
                                 [&](store::Connection& c) { return store::CreateApproval(c, a, "2026-01-01T00:00:00.000Z"); })
                             ->id;
    return {item, file};
  }

  TestServer& server;
  int64_t root = 0, outside_org = 0, victim = 0, outside_user = 0;
  int64_t home = 0, home_owner = 0, outside_owner = 0, round = 0;
  int counter = 0;
  int months = 0;  // FreeMonth's
};

std::string Etag(int64_t v) { return "\"" + std::to_string(v) + "\""; }

const std::vector<Role> kAdmins = {Role::kSystemAdmin, Role::kSecurityAdmin, Role::kAuditAdmin};
std::vector<Role> Everyone() { return domain::AllRoles(); }
const std::vector<Target> kIds = {Target::kOwn, Target::kOther, Target::kOutOfScope, Target::kMissing};

const std::vector<Role> kReaders = {Role::kLeader, Role::kOffice, Role::kUnit, Role::kOwner, Role::kViewer};
const std::vector<Role> kWriters = {Role::kOffice, Role::kUnit, Role::kOwner};

void AddBusinessRows(std::map<std::pair<std::string, std::string>, Row>& t) {
  auto read = [](std::string path) {
    return [path](Matrix&, Actor&, Target) { return Call{"GET", path, "", {}}; };
  };
  auto project_path = [](std::string suffix) {
    return [suffix](Matrix& m, Actor&, Target x) {
      return Call{"GET", "/api/projects/" + std::to_string(m.ProjectFor(x)) + suffix, "", {}};
    };
  };
  t[{"GET", "/api/projects"}] = {kReaders, false, {Target::kNone}, {200}, {}, read("/api/projects"), true};
  t[{"GET", "/api/projects/map"}] = {kReaders, false, {Target::kNone}, {200}, {}, read("/api/projects/map"), true};
  t[{"GET", "/api/map/district"}] = {kReaders, false, {Target::kNone}, {200}, {}, read("/api/map/district"), true};
  t[{"GET", "/api/leaders"}] = {kReaders, false, {Target::kNone}, {200}, {}, read("/api/leaders"), true};
  t[{"GET", "/api/export/oc4ids"}] = {kReaders, false, {Target::kNone}, {200}, {}, read("/api/export/oc4ids"), true};
  // The xlsx exports: the standard tables are business reads in the caller's scope; any list as
  // the UI shows it is open to every signed-in user (it holds only what was sent).
  t[{"GET", "/api/projects/export"}] = {kReaders, false, {Target::kNone}, {200}, {}, read("/api/projects/export"), true};
  t[{"GET", "/api/problems/export"}] = {kReaders, false, {Target::kNone}, {200}, {}, read("/api/problems/export"), true};
  t[{"GET", "/api/approvals/export"}] = {kReaders, false, {Target::kNone}, {200}, {}, read("/api/approvals/export"), true};
  t[{"GET", "/api/reports/progress-by-unit/export"}] = {kReaders, false, {Target::kNone}, {200}, {},
                                                        read("/api/reports/progress-by-unit/export"), true};
  t[{"POST", "/api/export/table"}] = {Everyone(), false, {Target::kNone}, {200}, {}, [](Matrix&, Actor&, Target) {
    json body = {{"title", "矩阵"}, {"columns", {{{"header", "名称"}, {"kind", "text"}}}}, {"rows", json::array({json::array({"甲"})})}};
    return Call{"POST", "/api/export/table", body.dump(), {}};
  }};
  t[{"POST", "/api/projects"}] = {kWriters, false, {Target::kNone}, {201}, {}, [](Matrix& m, Actor&, Target) {
    json body = {{"name", m.Unique("矩阵新建")}, {"level", "district"}, {"category", "industry"}, {"nature", "new"},
                 {"regime", "filing"}, {"subject", "private"}, {"owner_org_id", m.home_owner}, {"town_org_id", m.home}};
    return Call{"POST", "/api/projects", body.dump(), {}};
  }, true};
  t[{"GET", "/api/projects/{id}"}] = {kReaders, false, kIds, {200}, {}, project_path(""), true};
  t[{"GET", "/api/projects/{id}/events"}] = {kReaders, false, kIds, {200}, {}, project_path("/events"), true};
  t[{"GET", "/api/projects/{id}/attachments"}] = {kReaders, false, kIds, {200}, {}, project_path("/attachments"), true};
  t[{"PATCH", "/api/projects/{id}"}] = {kWriters, false, kIds, {200}, {}, [](Matrix& m, Actor&, Target x) {
    return Call{"PATCH", "/api/projects/" + std::to_string(m.ProjectFor(x)), json{{"remarks", "矩阵"}}.dump(),
                {{"If-Match", Etag(1)}}};
  }, true};
  t[{"POST", "/api/projects/{id}/transitions"}] = {kWriters, false, kIds, {200}, {}, [](Matrix& m, Actor&, Target x) {
    return Call{"POST", "/api/projects/" + std::to_string(m.ProjectFor(x)) + "/transitions",
                json{{"action", "submit"}}.dump(), {{"If-Match", Etag(1)}}};
  }, true};
  t[{"POST", "/api/projects/{id}/attachments"}] = {kWriters, false, kIds, {201}, {}, [](Matrix& m, Actor&, Target x) {
    return Call{"POST", "/api/projects/" + std::to_string(m.ProjectFor(x)) + "/attachments?filename=a.pdf",
                "%PDF-1.4\n%%EOF\n", {}, "application/octet-stream"};
  }, true};
  t[{"GET", "/api/attachments/{id}"}] = {kReaders, false, kIds, {200}, {}, [](Matrix& m, Actor&, Target x) {
    return Call{"GET", "/api/attachments/" + std::to_string(m.AttachmentFor(x)), "", {}};
  }, true};
  t[{"GET", "/api/attachments/{id}/thumbnail"}] = {kReaders, false, kIds, {200}, {}, [](Matrix& m, Actor&, Target x) {
    return Call{"GET", "/api/attachments/" + std::to_string(m.AttachmentFor(x)) + "/thumbnail", "", {}};
  }, true};
  // Plans and reports hang off a project: a new project for each call, a report or plan
  // made directly in the store where the route needs one.
  auto reports = [](std::string suffix) {
    return [suffix](Matrix& m, Actor&, Target x) {
      return Call{"GET", "/api/projects/" + std::to_string(m.ProjectFor(x)) + "/reports" + suffix, "", {}};
    };
  };
  t[{"GET", "/api/projects/{id}/reports"}] = {kReaders, false, kIds, {200}, {}, reports(""), true};
  // A month without a report: found project, missing report.
  t[{"GET", "/api/projects/{id}/reports/{period}"}] = {kReaders, false, kIds, {404}, {}, reports("/2026-10"), true};
  t[{"PUT", "/api/projects/{id}/reports/{period}"}] = {kWriters, false, kIds, {201}, {}, [](Matrix& m, Actor&, Target x) {
    return Call{"PUT", "/api/projects/" + std::to_string(m.ProjectFor(x)) + "/reports/2026-10",
                json{{"investment", 100}}.dump(), {}};
  }, true};
  t[{"POST", "/api/reports/{id}/actions"}] = {kWriters, false, kIds, {200}, {}, [](Matrix& m, Actor&, Target x) {
    return Call{"POST", "/api/reports/" + std::to_string(m.ReportFor(x)) + "/actions", json{{"action", "submit"}}.dump(),
                {{"If-Match", Etag(1)}}};
  }, true};
  // Only an accepted report can be corrected; a draft answers 409 to those allowed.
  t[{"POST", "/api/reports/{id}/corrections"}] = {kWriters, false, kIds, {409}, {}, [](Matrix& m, Actor&, Target x) {
    return Call{"POST", "/api/reports/" + std::to_string(m.ReportFor(x)) + "/corrections", "", {}};
  }, true};
  t[{"GET", "/api/projects/{id}/plans/{year}"}] = {kReaders, false, kIds, {404}, {}, [](Matrix& m, Actor&, Target x) {
    return Call{"GET", "/api/projects/" + std::to_string(m.ProjectFor(x)) + "/plans/2026", "", {}};
  }, true};
  t[{"PUT", "/api/projects/{id}/plans/{year}"}] = {kWriters, false, kIds, {201}, {}, [](Matrix& m, Actor&, Target x) {
    return Call{"PUT", "/api/projects/" + std::to_string(m.ProjectFor(x)) + "/plans/2026",
                json{{"planned_investment", 1200}}.dump(), {}};
  }, true};
  t[{"POST", "/api/plans/{id}/actions"}] = {kWriters, false, kIds, {200}, {}, [](Matrix& m, Actor&, Target x) {
    return Call{"POST", "/api/plans/" + std::to_string(m.PlanFor(x)) + "/actions", json{{"action", "submit"}}.dump(),
                {{"If-Match", Etag(1)}}};
  }, true};
  t[{"GET", "/api/rounds"}] = {kReaders, false, {Target::kNone}, {200}, {}, read("/api/rounds"), true};
  t[{"POST", "/api/rounds"}] = {{Role::kOffice}, false, {Target::kNone}, {201}, {}, [](Matrix& m, Actor&, Target) {
    int month = 1 + m.counter++ % 9;  // a new month each time the office succeeds; others are refused first
    return Call{"POST", "/api/rounds",
                json{{"name", m.Unique("矩阵调度")}, {"period", "2025-0" + std::to_string(month)},
                     {"opens_on", "2025-01-01"}, {"closes_on", "2025-12-31"}}.dump(), {}};
  }, true};
  t[{"GET", "/api/rounds/{id}/status"}] = {kReaders, false, {Target::kNone}, {200}, {}, [](Matrix& m, Actor&, Target) {
    return Call{"GET", "/api/rounds/" + std::to_string(m.round) + "/status", "", {}};
  }, true};
  t[{"POST", "/api/rounds/{id}/extensions"}] = {{Role::kOffice}, false, kIds, {204}, {}, [](Matrix& m, Actor&, Target x) {
    return Call{"POST", "/api/rounds/" + std::to_string(m.round) + "/extensions",
                json{{"project_id", m.ProjectFor(x)}, {"until", "2199-01-01"}}.dump(), {}};
  }, true};
  t[{"GET", "/api/approval-templates"}] = {kReaders, false, {Target::kNone}, {200}, {}, read("/api/approval-templates"), true};
  t[{"GET", "/api/projects/{id}/approvals"}] = {kReaders, false, kIds, {200}, {}, project_path("/approvals"), true};
  t[{"POST", "/api/projects/{id}/approvals"}] = {kWriters, false, kIds, {201}, {}, [](Matrix& m, Actor&, Target x) {
    return Call{"POST", "/api/projects/" + std::to_string(m.ProjectFor(x)) + "/approvals",
                json{{"stage", "project_land"}, {"name", "矩阵事项"}}.dump(), {}};
  }, true};
  t[{"POST", "/api/projects/{id}/approvals/from-template"}] = {kWriters, false, kIds, {201}, {},
                                                               [](Matrix& m, Actor&, Target x) {
    return Call{"POST", "/api/projects/" + std::to_string(m.ProjectFor(x)) + "/approvals/from-template",
                json{{"template_id", 1}}.dump(), {}};
  }, true};
  t[{"PATCH", "/api/approvals/{id}"}] = {kWriters, false, kIds, {200}, {}, [](Matrix& m, Actor&, Target x) {
    return Call{"PATCH", "/api/approvals/" + std::to_string(m.ApprovalFor(x)), json{{"note", "矩阵"}}.dump(),
                {{"If-Match", Etag(1)}}};
  }, true};
  t[{"DELETE", "/api/approvals/{id}"}] = {kWriters, false, kIds, {204}, {}, [](Matrix& m, Actor&, Target x) {
    return Call{"DELETE", "/api/approvals/" + std::to_string(m.ApprovalFor(x)), "", {{"If-Match", Etag(1)}}};
  }, true};
  t[{"GET", "/api/approvals/{id}"}] = {kReaders, false, kIds, {200}, {}, [](Matrix& m, Actor&, Target x) {
    return Call{"GET", "/api/approvals/" + std::to_string(m.ApprovalFor(x)), "", {}};
  }, true};
  t[{"POST", "/api/approvals/{id}/files"}] = {kWriters, false, kIds, {201}, {}, [](Matrix& m, Actor&, Target x) {
    return Call{"POST", "/api/approvals/" + std::to_string(m.ApprovalFor(x)) + "/files?filename=a.pdf",
                "%PDF-1.4\n%%EOF\n", {}, "application/octet-stream"};
  }, true};
  t[{"GET", "/api/approvals/{id}/files/{file}"}] = {kReaders, false, kIds, {200}, {}, [](Matrix& m, Actor&, Target x) {
    auto [item, file] = m.ApprovalFileFor(x);
    return Call{"GET", "/api/approvals/" + std::to_string(item) + "/files/" + std::to_string(file), "", {}};
  }, true};
  t[{"GET", "/api/approvals/desk"}] = {kReaders, false, {Target::kNone}, {200}, {}, read("/api/approvals/desk"), true};
  t[{"GET", "/api/approvals/analytics"}] = {kReaders, false, {Target::kNone}, {200}, {}, read("/api/approvals/analytics"), true};
  t[{"GET", "/api/approvals/overdue"}] = {kReaders, false, {Target::kNone}, {200}, {}, read("/api/approvals/overdue"), true};
  t[{"GET", "/api/projects/{id}/milestones"}] = {kReaders, false, kIds, {200}, {}, project_path("/milestones"), true};
  t[{"POST", "/api/projects/{id}/milestones"}] = {kWriters, false, kIds, {201}, {}, [](Matrix& m, Actor&, Target x) {
    return Call{"POST", "/api/projects/" + std::to_string(m.ProjectFor(x)) + "/milestones",
                json{{"name", "施工许可"}, {"planned", "2026-06-01"}}.dump(), {}};
  }, true};
  // The matrix's projects have no planned dates: those allowed are told to fill them in first.
  t[{"POST", "/api/projects/{id}/milestones/from-template"}] = {kWriters, false, kIds, {400}, {},
                                                                 [](Matrix& m, Actor&, Target x) {
    return Call{"POST", "/api/projects/" + std::to_string(m.ProjectFor(x)) + "/milestones/from-template",
                json{{"template_id", 1}}.dump(), {}};
  }, true};
  t[{"GET", "/api/milestones/search"}] = {kReaders, false, {Target::kNone}, {200}, {}, read("/api/milestones/search?q=x"), true};
  t[{"PATCH", "/api/milestones/{id}"}] = {kWriters, false, kIds, {200}, {}, [](Matrix& m, Actor&, Target x) {
    return Call{"PATCH", "/api/milestones/" + std::to_string(m.MilestoneFor(x)), json{{"note", "矩阵"}}.dump(),
                {{"If-Match", Etag(1)}}};
  }, true};
  t[{"DELETE", "/api/milestones/{id}"}] = {kWriters, false, kIds, {204}, {}, [](Matrix& m, Actor&, Target x) {
    return Call{"DELETE", "/api/milestones/" + std::to_string(m.MilestoneFor(x)), "", {{"If-Match", Etag(1)}}};
  }, true};
  t[{"GET", "/api/milestone-templates"}] = {kReaders, false, {Target::kNone}, {200}, {}, read("/api/milestone-templates"), true};
  t[{"POST", "/api/milestone-templates"}] = {{Role::kOffice}, false, {Target::kNone}, {201}, {}, [](Matrix& m, Actor&, Target) {
    return Call{"POST", "/api/milestone-templates",
                json{{"name", m.Unique("矩阵模板")}, {"nodes", {{{"name", "开工"}}}}}.dump(), {}};
  }, true};
  t[{"PUT", "/api/milestone-templates/{id}"}] = {{Role::kOffice}, false, {Target::kNone}, {200}, {},
                                                 [](Matrix& m, Actor&, Target) {
    auto t = m.server.db().ReadValue<domain::MilestoneTemplate>(
        [](store::Connection& c) { return store::GetMilestoneTemplate(c, 3); });
    return Call{"PUT", "/api/milestone-templates/3", json{{"name", t->name}, {"nodes", {{{"name", "开工"}}}}}.dump(),
                {{"If-Match", Etag(t->version)}}};
  }, true};
  t[{"GET", "/api/gantt"}] = {kReaders, false, {Target::kNone}, {200}, {}, read("/api/gantt"), true};
  // Warnings: everyone in business reads the rule set and a project's lights; the office
  // chooses the rules and recomputes.
  t[{"GET", "/api/warning-rules"}] = {kReaders, false, {Target::kNone}, {200}, {}, read("/api/warning-rules"), true};
  t[{"PUT", "/api/warning-rules"}] = {{Role::kOffice}, false, {Target::kNone}, {200}, {}, [](Matrix& m, Actor&, Target) {
    auto s = m.server.db().ReadValue<store::Setting>(
        [](store::Connection& c) { return store::GetSetting(c, kWarningRulesKey); });
    return Call{"PUT", "/api/warning-rules", RuleSetToJson(engine::WuhanPreset()).dump(),
                {{"If-Match", Etag(s ? s->version : 0)}}};
  }, true};
  t[{"GET", "/api/supervision-rules"}] = {kReaders, false, {Target::kNone}, {200}, {}, read("/api/supervision-rules"), true};
  t[{"PUT", "/api/supervision-rules"}] = {{Role::kOffice}, false, {Target::kNone}, {200}, {}, [](Matrix& m, Actor&, Target) {
    auto s = m.server.db().ReadValue<store::Setting>(
        [](store::Connection& c) { return store::GetSetting(c, kSupervisionRulesKey); });
    return Call{"PUT", "/api/supervision-rules",
                json{{"overdue_working_days", {5, 10, 20}}, {"approval_red_percent", 150}}.dump(),
                {{"If-Match", Etag(s ? s->version : 0)}}};
  }, true};
  t[{"POST", "/api/warnings/recompute"}] = {{Role::kOffice}, false, {Target::kNone}, {200}, {}, [](Matrix&, Actor&, Target) {
    return Call{"POST", "/api/warnings/recompute", "", {}};
  }, true};
  t[{"GET", "/api/projects/{id}/warnings"}] = {kReaders, false, kIds, {200}, {}, project_path("/warnings"), true};
  // The working-day calendar is reference data everyone reads; the system administrator keeps it.
  t[{"GET", "/api/calendar"}] = {Everyone(), false, {Target::kNone}, {200}, {}, read("/api/calendar?year=2025")};
  t[{"PUT", "/api/calendar"}] = {{Role::kSystemAdmin}, false, {Target::kNone}, {200}, {}, [](Matrix&, Actor&, Target) {
    return Call{"PUT", "/api/calendar",
                json{{"additions", {{{"date", "2025-06-03"}, {"kind", "holiday"}, {"name", "区庆"}}}}}.dump(), {}};
  }};
  t[{"GET", "/api/todo"}] = {kReaders, false, {Target::kNone}, {200}, {}, read("/api/todo"), true};
  // The cockpit: every business reader, each in its own scope (the leader's view lists what it leads).
  for (const char* panel : {"summary", "lights", "problems", "approvals", "trend", "ranking", "map", "mine"}) {
    const std::string path = std::string("/api/cockpit/") + panel;
    t[{"GET", path}] = {kReaders, false, {Target::kNone}, {200}, {}, read(path), true};
  }
  t[{"GET", "/api/cockpit/breakdown"}] = {kReaders, false, {Target::kNone}, {200}, {},
                                         read("/api/cockpit/breakdown?dimension=town"), true};
  t[{"GET", "/api/cockpit/projects"}] = {kReaders, false, {Target::kNone}, {200}, {},
                                        read("/api/cockpit/projects?figure=red&dimension=town&key=null"), true};
  // The monthly briefing: every business reader reads the published issues; the office publishes.
  // Imports: business writers upload; an import is its uploader's alone (another's is missing).
  const std::vector<Target> kImportIds = {Target::kOwn, Target::kMissing};
  t[{"POST", "/api/imports"}] = {kWriters, false, {Target::kNone}, {201}, {}, [](Matrix&, Actor&, Target) {
    return Call{"POST", "/api/imports?kind=projects&filename=a.csv", "项目名称,总投资\n", {}, "application/octet-stream"};
  }, true};
  t[{"GET", "/api/imports/templates/{kind}"}] = {kWriters, false, {Target::kNone}, {200}, {},
                                                  read("/api/imports/templates/projects"), true};
  t[{"GET", "/api/imports/{id}"}] = {kWriters, false, kImportIds, {200}, {}, [](Matrix& m, Actor& a, Target x) {
    return Call{"GET", "/api/imports/" + std::to_string(m.ImportFor(a, x)), "", {}};
  }, true};
  t[{"POST", "/api/imports/{id}/preview"}] = {kWriters, false, kImportIds, {200}, {}, [](Matrix& m, Actor& a, Target x) {
    return Call{"POST", "/api/imports/" + std::to_string(m.ImportFor(a, x)) + "/preview", json{{"header_row", 1}}.dump(), {}};
  }, true};
  t[{"POST", "/api/imports/{id}/apply"}] = {kWriters, false, kImportIds, {200}, {}, [](Matrix& m, Actor& a, Target x) {
    int64_t id = m.ImportFor(a, x);
    return Call{"POST", "/api/imports/" + std::to_string(id) + "/apply",
                json{{"fingerprint", m.ImportFingerprint(a, id)}}.dump(), {}};
  }, true};
  t[{"GET", "/api/briefings"}] = {kReaders, false, {Target::kNone}, {200}, {}, read("/api/briefings?year=2026"), true};
  t[{"POST", "/api/briefings"}] = {{Role::kOffice}, false, {Target::kNone}, {201}, {}, [](Matrix& m, Actor&, Target) {
    auto [year, month] = m.FreeMonth();
    return Call{"POST", "/api/briefings", json{{"year", year}, {"month", month}}.dump(), {}};
  }, true};
  t[{"GET", "/api/briefings/preview"}] = {{Role::kOffice}, false, {Target::kNone}, {200}, {},
                                         read("/api/briefings/preview?year=2025&month=12"), true};
  for (const char* tail : {"", "/pdf", "/xlsx"}) {
    t[{"GET", std::string("/api/briefings/{id}") + tail}] = {kReaders, false, {Target::kNone, Target::kMissing}, {200}, {},
                                                            [tail](Matrix& m, Actor&, Target x) {
      return Call{"GET", "/api/briefings/" + std::to_string(m.BriefingFor(x)) + tail, "", {}};
    }, true};
  }
  t[{"POST", "/api/rounds/{id}/reminders"}] = {{Role::kOffice}, false, {Target::kNone}, {200}, {}, [](Matrix& m, Actor&, Target) {
    return Call{"POST", "/api/rounds/" + std::to_string(m.round) + "/reminders", json{{"project_ids", json::array()}}.dump(), {}};
  }, true};
  // The problem loop: anyone in business but the viewer raises; the office decides; the units
  // the problem is assigned to handle it; whoever raised it confirms. Every actor's town both
  // raised and handles the matrix's problems, so "own" and "in scope" answer alike.
  const std::vector<Role> raisers = {Role::kLeader, Role::kOffice, Role::kUnit, Role::kOwner};
  const std::vector<Role> handlers = {Role::kOffice, Role::kUnit, Role::kOwner};
  const std::vector<Role> office = {Role::kOffice};
  t[{"GET", "/api/problems"}] = {kReaders, false, {Target::kNone}, {200}, {}, read("/api/problems"), true};
  t[{"POST", "/api/projects/{id}/problems"}] = {raisers, false, kIds, {201}, {}, [](Matrix& m, Actor&, Target x) {
    return Call{"POST", "/api/projects/" + std::to_string(m.ProjectFor(x)) + "/problems",
                json{{"type", "land"}, {"title", "征地未完成"}, {"description", "尚有3户未签约"}}.dump(), {}};
  }, true};
  t[{"GET", "/api/problems/{id}"}] = {kReaders, false, kIds, {200}, {}, [](Matrix& m, Actor&, Target x) {
    return Call{"GET", "/api/problems/" + std::to_string(m.ProblemFor(x)), "", {}};
  }, true};
  auto move = [](const char* verb, domain::ProblemState state, bool confirmed, std::function<json(Matrix&)> body) {
    return [=](Matrix& m, Actor&, Target x) {
      const int64_t id = m.ProblemFor(x, state, confirmed);
      return Call{"POST", "/api/problems/" + std::to_string(id) + "/" + verb, body(m).dump(),
                  {{"If-Match", Etag(m.ProblemVersion(id))}}};
    };
  };
  using S = domain::ProblemState;
  t[{"POST", "/api/problems/{id}/assign"}] = {office, false, kIds, {200}, {}, move("assign", S::kPending, false, [](Matrix& m) {
    return json{{"responsible_org_id", m.home}, {"cooperating_org_ids", {m.home_owner}}, {"deadline", m.DaysAhead(30)}};
  }), true};
  t[{"POST", "/api/problems/{id}/steps"}] = {handlers, false, kIds, {200}, {}, move("steps", S::kInProgress, false, [](Matrix&) {
    return json{{"text", "已约谈"}};
  }), true};
  t[{"POST", "/api/problems/{id}/submit"}] = {handlers, false, kIds, {200}, {}, move("submit", S::kInProgress, false, [](Matrix&) {
    return json{{"result", "已签约"}};
  }), true};
  t[{"POST", "/api/problems/{id}/confirm"}] = {raisers, false, kIds, {200}, {},
                                               move("confirm", S::kAwaitingConfirmation, false, [](Matrix&) {
    return json{{"accept", true}};
  }), true};
  t[{"POST", "/api/problems/{id}/close"}] = {office, false, kIds, {200}, {}, move("close", S::kAwaitingConfirmation, true, [](Matrix&) {
    return json::object();
  }), true};
  t[{"POST", "/api/problems/{id}/reopen"}] = {office, false, kIds, {200}, {}, move("reopen", S::kClosed, true, [](Matrix&) {
    return json{{"reason", "复发"}};
  }), true};
  t[{"POST", "/api/problems/{id}/escalate"}] = {office, false, kIds, {200}, {}, move("escalate", S::kInProgress, false, [](Matrix&) {
    return json{{"to_level", "weekly"}, {"decision", "周调度会研究"}};
  }), true};
  t[{"POST", "/api/problems/{id}/photos"}] = {raisers, false, kIds, {201}, {}, [](Matrix& m, Actor&, Target x) {
    return Call{"POST", "/api/problems/" + std::to_string(m.ProblemFor(x, S::kInProgress)) + "/photos?filename=a.jpg",
                TestJpeg(32, 24), {}, "application/octet-stream"};
  }, true};
  t[{"GET", "/api/problems/{id}/photos/{photo}"}] = {kReaders, false, kIds, {200}, {}, [](Matrix& m, Actor&, Target x) {
    return Call{"GET", m.PhotoPath(x), "", {}};
  }, true};
  t[{"GET", "/api/problems/{id}/photos/{photo}/thumbnail"}] = {kReaders, false, kIds, {200}, {},
                                                               [](Matrix& m, Actor&, Target x) {
    return Call{"GET", m.PhotoPath(x) + "/thumbnail", "", {}};
  }, true};
  t[{"POST", "/api/problems/{id}/letters"}] = {office, false, kIds, {201}, {}, [](Matrix& m, Actor&, Target x) {
    return Call{"POST", "/api/problems/" + std::to_string(m.ProblemFor(x, S::kInProgress)) + "/letters",
                json{{"kind", "assign"}, {"reply_deadline", m.DaysAhead(10)}}.dump(), {}};
  }, true};
  t[{"GET", "/api/letters"}] = {kReaders, false, {Target::kNone}, {200}, {}, read("/api/letters?awaiting_reply=1"), true};
  t[{"GET", "/api/letters/{id}/pdf"}] = {kReaders, false, kIds, {200}, {}, [](Matrix& m, Actor&, Target x) {
    return Call{"GET", "/api/letters/" + std::to_string(m.LetterFor(x)) + "/pdf", "", {}};
  }, true};
  t[{"POST", "/api/letters/{id}/reply"}] = {handlers, false, kIds, {200}, {}, [](Matrix& m, Actor&, Target x) {
    return Call{"POST", "/api/letters/" + std::to_string(m.LetterFor(x)) + "/reply", json{{"text", "已办结"}}.dump(), {}};
  }, true};
  t[{"GET", "/api/meetings"}] = {kReaders, false, {Target::kNone}, {200}, {}, read("/api/meetings"), true};
  t[{"POST", "/api/meetings"}] = {office, false, {Target::kNone}, {201}, {}, [](Matrix& m, Actor&, Target) {
    return Call{"POST", "/api/meetings",
                json{{"kind", "weekly"}, {"title", m.Unique("周调度会")}, {"held_on", "2026-01-05"}, {"chair", "主任"}}.dump(), {}};
  }, true};
  t[{"GET", "/api/meetings/{id}"}] = {kReaders, false, {Target::kNone}, {200}, {}, [](Matrix& m, Actor&, Target) {
    return Call{"GET", "/api/meetings/" + std::to_string(m.MeetingFor()), "", {}};
  }, true};
  t[{"PATCH", "/api/meetings/{id}"}] = {office, false, {Target::kNone}, {200}, {}, [](Matrix& m, Actor&, Target) {
    return Call{"PATCH", "/api/meetings/" + std::to_string(m.MeetingFor()), json{{"location", "三楼会议室"}}.dump(),
                {{"If-Match", Etag(1)}}};
  }, true};
  t[{"POST", "/api/meetings/{id}/minutes"}] = {office, false, {Target::kNone}, {201}, {}, [](Matrix& m, Actor&, Target) {
    return Call{"POST", "/api/meetings/" + std::to_string(m.MeetingFor()) + "/minutes?filename=a.pdf",
                "%PDF-1.4\n%%EOF\n", {}, "application/octet-stream"};
  }, true};
  t[{"GET", "/api/meetings/{id}/minutes"}] = {kReaders, false, {Target::kNone}, {200}, {}, [](Matrix& m, Actor&, Target) {
    return Call{"GET", "/api/meetings/" + std::to_string(m.MeetingFor(true)) + "/minutes", "", {}};
  }, true};
  // Inspections: everyone in business reads those visiting a project in scope; the office and
  // leaders record and edit them and add photos.
  const std::vector<Role> inspectors = {Role::kOffice, Role::kLeader};
  t[{"GET", "/api/inspections"}] = {kReaders, false, {Target::kNone}, {200}, {}, read("/api/inspections?kind=visit"), true};
  t[{"POST", "/api/inspections"}] = {inspectors, false, {Target::kNone}, {201}, {}, [](Matrix& m, Actor&, Target) {
    return Call{"POST", "/api/inspections",
                json{{"kind", "supervision"}, {"held_on", "2026-01-05"}, {"title", "矩阵督查"}, {"people", "项目办"},
                     {"project_ids", {m.ProjectFor(Target::kOwn)}}}.dump(), {}};
  }, true};
  t[{"GET", "/api/inspections/{id}"}] = {kReaders, false, kIds, {200}, {}, [](Matrix& m, Actor&, Target x) {
    return Call{"GET", "/api/inspections/" + std::to_string(m.InspectionFor(x)), "", {}};
  }, true};
  t[{"PATCH", "/api/inspections/{id}"}] = {inspectors, false, kIds, {200}, {}, [](Matrix& m, Actor&, Target x) {
    return Call{"PATCH", "/api/inspections/" + std::to_string(m.InspectionFor(x)), json{{"findings", "已协调"}}.dump(),
                {{"If-Match", Etag(1)}}};
  }, true};
  t[{"POST", "/api/inspections/{id}/photos"}] = {inspectors, false, kIds, {201}, {}, [](Matrix& m, Actor&, Target x) {
    return Call{"POST", "/api/inspections/" + std::to_string(m.InspectionFor(x)) + "/photos?filename=a.jpg",
                TestJpeg(32, 24), {}, "application/octet-stream"};
  }, true};
  t[{"GET", "/api/inspections/{id}/photos/{photo}"}] = {kReaders, false, kIds, {200}, {}, [](Matrix& m, Actor&, Target x) {
    return Call{"GET", m.InspectionPhotoPath(x), "", {}};
  }, true};
  t[{"GET", "/api/inspections/{id}/photos/{photo}/thumbnail"}] = {kReaders, false, kIds, {200}, {},
                                                                  [](Matrix& m, Actor&, Target x) {
    return Call{"GET", m.InspectionPhotoPath(x) + "/thumbnail", "", {}};
  }, true};
  // The district map is a setting: the system administrator's, not business data.
  t[{"PUT", "/api/map/district"}] = {{Role::kSystemAdmin}, false, {Target::kNone}, {200}, {}, [](Matrix& m, Actor&, Target) {
    json map = {{"type", "FeatureCollection"},
                {"features", json::array({{{"type", "Feature"},
                                           {"properties", {{"name", "矩阵镇"}}},
                                           {"geometry", {{"type", "Polygon"},
                                                         {"coordinates", {{{117.1, 31.7}, {117.2, 31.7}, {117.2, 31.8}, {117.1, 31.7}}}}}}}})}};
    auto s = m.server.db().ReadValue<store::Setting>(
        [](store::Connection& c) { return store::GetSetting(c, "district_geojson"); });
    httplib::Headers h;
    if (s) h.emplace("If-Match", Etag(s->version));
    return Call{"PUT", "/api/map/district", map.dump(), h};
  }};
}

std::map<std::pair<std::string, std::string>, Row> Table() {
  std::map<std::pair<std::string, std::string>, Row> t;
  auto get = [](std::string path) { return [path](Matrix&, Actor&, Target) { return Call{"GET", path, "", {}}; }; };
  t[{"GET", "/api/health"}] = {{}, true, {Target::kNone}, {200}, {}, get("/api/health")};
  t[{"GET", "/api/openapi.json"}] = {{}, true, {Target::kNone}, {200}, {}, get("/api/openapi.json")};
  t[{"POST", "/api/auth/login"}] = {{}, true, {Target::kNone}, {200}, {}, [](Matrix& m, Actor&, Target) {
    std::string name = m.Unique("login.user");
    std::string pw = m.server.AddUser(name, {Role::kViewer});
    return Call{"POST", "/api/auth/login", json{{"username", name}, {"password", pw}}.dump(), {}};
  }};
  t[{"POST", "/api/auth/logout"}] = {Everyone(), false, {Target::kNone}, {204}, {}, get("")};  // built specially
  t[{"GET", "/api/auth/me"}] = {Everyone(), false, {Target::kNone}, {200}, {}, get("/api/auth/me")};
  t[{"POST", "/api/auth/password"}] = {Everyone(), false, {Target::kNone}, {204}, {}, [](Matrix& m, Actor& a, Target) {
    std::string next = "Matrix-" + m.Unique("pw") + "-Zq9!";
    Call c{"POST", "/api/auth/password", json{{"current_password", a.password}, {"new_password", next}}.dump(), {}};
    a.password = next;  // takes effect when the call is allowed; otherwise never used again
    return c;
  }};
  t[{"POST", "/api/auth/totp/setup"}] = {Everyone(), false, {Target::kNone}, {200}, {}, [](Matrix&, Actor&, Target) {
    return Call{"POST", "/api/auth/totp/setup", "", {}};
  }};
  // A wrong code is a validation error: the caller was allowed to try.
  t[{"POST", "/api/auth/totp/enable"}] = {Everyone(), false, {Target::kNone}, {400}, {}, [](Matrix&, Actor&, Target) {
    return Call{"POST", "/api/auth/totp/enable", json{{"otp", "000000"}}.dump(), {}};
  }};
  t[{"GET", "/api/orgs"}] = {Everyone(), false, {Target::kNone}, {200}, {}, get("/api/orgs")};
  t[{"POST", "/api/orgs"}] = {{Role::kSystemAdmin}, false, {Target::kNone}, {201}, {}, [](Matrix& m, Actor&, Target) {
    return Call{"POST", "/api/orgs", json{{"name", m.Unique("矩阵镇")}, {"kind", "town"}, {"parent_id", m.root}}.dump(), {}};
  }};
  t[{"GET", "/api/orgs/{id}"}] = {Everyone(), false, kIds, {200}, {}, [](Matrix& m, Actor&, Target x) {
    return Call{"GET", "/api/orgs/" + std::to_string(m.OrgFor(x)), "", {}};
  }};
  t[{"PATCH", "/api/orgs/{id}"}] = {{Role::kSystemAdmin}, false, kIds, {200}, {}, [](Matrix& m, Actor&, Target x) {
    int64_t id = m.OrgFor(x);
    return Call{"PATCH", "/api/orgs/" + std::to_string(id), json{{"region_code", "990101"}}.dump(),
                {{"If-Match", Etag(m.OrgVersion(id))}}};
  }};
  t[{"GET", "/api/users"}] = {{Role::kSystemAdmin, Role::kSecurityAdmin}, false, {Target::kNone}, {200}, {},
                              get("/api/users")};
  t[{"POST", "/api/users"}] = {{Role::kSystemAdmin}, false, {Target::kNone}, {201}, {}, [](Matrix& m, Actor&, Target) {
    return Call{"POST", "/api/users",
                json{{"username", m.Unique("made.user")}, {"display_name", "新用户"}, {"org_id", m.root}}.dump(), {}};
  }};
  t[{"GET", "/api/users/{id}"}] = {{Role::kSystemAdmin, Role::kSecurityAdmin}, false, kIds, {200}, {},
                                   [](Matrix& m, Actor& a, Target x) {
                                     return Call{"GET", "/api/users/" + std::to_string(m.UserFor(a, x)), "", {}};
                                   }};
  t[{"PATCH", "/api/users/{id}"}] = {{Role::kSystemAdmin}, false, kIds, {200}, {}, [](Matrix& m, Actor& a, Target x) {
    int64_t id = m.UserFor(a, x);
    return Call{"PATCH", "/api/users/" + std::to_string(id), json{{"display_name", "改名"}}.dump(),
                {{"If-Match", Etag(m.UserVersion(id))}}};
  }};
  t[{"PUT", "/api/users/{id}/grants"}] = {{Role::kSecurityAdmin}, false, kIds, {200}, {Target::kOwn},
                                          [](Matrix& m, Actor& a, Target x) {
                                            int64_t id = m.UserFor(a, x);
                                            return Call{"PUT", "/api/users/" + std::to_string(id) + "/grants",
                                                        json{{"roles", {"viewer"}}, {"scope", "all"}}.dump(),
                                                        {{"If-Match", Etag(m.UserVersion(id))}}};
                                          }};
  t[{"POST", "/api/users/{id}/unlock"}] = {{Role::kSecurityAdmin}, false, kIds, {204}, {},
                                           [](Matrix& m, Actor& a, Target x) {
                                             return Call{"POST", "/api/users/" + std::to_string(m.UserFor(a, x)) + "/unlock", "", {}};
                                           }};
  t[{"POST", "/api/users/{id}/reset-password"}] = {
      {Role::kSecurityAdmin}, false, kIds, {200}, {Target::kOwn}, [](Matrix& m, Actor& a, Target x) {
        return Call{"POST", "/api/users/" + std::to_string(m.UserFor(a, x)) + "/reset-password", "", {}};
      }};
  t[{"GET", "/api/security/policy"}] = {{Role::kSystemAdmin, Role::kSecurityAdmin}, false, {Target::kNone}, {200}, {},
                                        get("/api/security/policy")};
  t[{"PUT", "/api/security/policy"}] = {{Role::kSecurityAdmin}, false, {Target::kNone}, {200}, {},
                                        [](Matrix& m, Actor&, Target) {
                                          auto s = m.server.db().ReadValue<store::Setting>(
                                              [](store::Connection& c) { return store::GetSetting(c, kPolicySettingKey); });
                                          return Call{"PUT", "/api/security/policy", s->value, {{"If-Match", Etag(s->version)}}};
                                        }};
  t[{"GET", "/api/audit"}] = {{Role::kAuditAdmin}, false, {Target::kNone}, {200}, {}, get("/api/audit")};
  t[{"GET", "/api/audit/export"}] = {{Role::kAuditAdmin}, false, {Target::kNone}, {200}, {}, get("/api/audit/export")};
  AddBusinessRows(t);
  return t;
}

class AuthzMatrixTest : public ::testing::TestWithParam<store::Engine> {};

TEST_P(AuthzMatrixTest, EveryRouteRoleAndObjectHasTheExpectedOutcome) {
  auto server = TestServer::Start(GetParam());
  if (!server) GTEST_SKIP() << "GONGJIAN_TEST_PG is not set";
  auto table = Table();
  std::set<std::pair<std::string, std::string>> routed;
  for (const auto& r : server->router().routes()) routed.insert({r->method, r->pattern});
  for (const auto& key : routed) ASSERT_TRUE(table.count(key)) << key.first << " " << key.second << " has no matrix rows";
  for (const auto& [key, row] : table) ASSERT_TRUE(routed.count(key)) << key.first << " " << key.second << " is not routed";

  Matrix m(*server);
  std::vector<Actor> actors = {Actor{}};  // first: no session
  for (Role role : domain::AllRoles()) {
    Actor a;
    a.role = role;
    a.username = std::string(domain::RoleName(role));
    for (auto& ch : a.username) ch = ch == '_' ? '.' : ch;
    a.password = server->AddUser(a.username, {role}, m.home, false, domain::ScopeKind::kOwn);
    a.user_id = m.UserId(a.username);
    a.session = server->Login(a.username, a.password);
    actors.push_back(a);
  }
  auto client = server->Client();
  int checked = 0;
  for (auto& [key, row] : table) {
    for (Actor& a : actors) {
      for (Target target : row.targets) {
        bool signs_in = key.second == "/api/auth/login" || key.second == "/api/auth/logout";
        // Sign-ins spend the address's per-minute budget: give each its own minute.
        if (signs_in) server->clock().Advance(std::chrono::minutes(1));
        Call call = row.call(m, a, target);
        TestSession session = a.session;
        if (key.second == "/api/auth/logout" && a.role) session = server->Login(a.username, a.password);
        if (key.second == "/api/auth/logout") call = Call{"POST", "/api/auth/logout", "", {}};
        httplib::Headers headers = a.role ? session.Headers(call.headers) : call.headers;
        const char* type = !call.content_type.empty() ? call.content_type.c_str()
                           : call.body.empty()          ? ""
                                                        : "application/json";
        httplib::Result r = call.method == "GET"     ? client->Get(call.path.c_str(), headers)
                            : call.method == "POST"  ? client->Post(call.path.c_str(), headers, call.body, type)
                            : call.method == "PUT"   ? client->Put(call.path.c_str(), headers, call.body, type)
                            : call.method == "DELETE" ? client->Delete(call.path.c_str(), headers)
                                                     : client->Patch(call.path.c_str(), headers, call.body, type);
        ASSERT_TRUE(r);
        bool allowed = row.public_route || (a.role && std::count(row.allowed.begin(), row.allowed.end(), *a.role));
        std::set<int> expected;
        if (row.public_route) expected = row.ok;
        else if (!a.role) expected = {401};
        else if (row.business && domain::IsAdminRole(*a.role)) expected = {404};
        else if (row.business && (target == Target::kOutOfScope || target == Target::kMissing)) expected = {404};
        else if (!allowed) expected = {403};
        else if (target == Target::kMissing) expected = {404};
        else if (row.conflict_own.count(target)) expected = {409};
        else expected = row.ok;
        ++checked;
        EXPECT_TRUE(expected.count(r->status))
            << key.first << " " << key.second << " as " << (a.role ? domain::RoleName(*a.role) : "anonymous") << " on "
            << Name(target) << ": got " << r->status << " " << r->body.substr(0, 200);
      }
    }
  }
  EXPECT_GT(checked, 300);
}

INSTANTIATE_TEST_SUITE_P(Engines, AuthzMatrixTest, ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         [](const auto& info) { return store::EngineParamName(info.param); });

}  // namespace
}  // namespace gongjian::api
