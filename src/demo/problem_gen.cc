#include "demo/problem_gen.h"

#include <algorithm>
#include <random>

#include "core/sm3.h"
#include "domain/calendar.h"
#include "domain/problem.h"
#include "report/letter.h"
#include "store/problem_repository.h"

namespace gongjian::demo {
namespace {

using domain::Date;
using domain::EscalationLevel;
using domain::ProblemState;
using domain::ProblemType;

struct Sample {
  ProblemType type;
  const char* department;  // nullptr: the project's town
  const char* title;
  const char* description;
  const char* step;
  const char* result;
};

const std::vector<Sample>& Samples() {
  static const std::vector<Sample> kSamples = {
      {ProblemType::kLand, "区自然资源和规划局", "用地指标未落实", "项目二期约35亩建设用地指标尚未落实，影响土地挂牌和后续开工。",
       "已将用地指标需求纳入全区年度用地计划统筹", "用地指标已调剂落实，土地已挂牌出让"},
      {ProblemType::kLand, "区自然资源和规划局", "土地组卷报批滞后", "项目用地组卷材料退回补正两次，报批进度滞后约1个月。",
       "已安排专人指导补正组卷材料", "组卷材料已上报并获批复"},
      {ProblemType::kFunds, "区财政局", "专项债资金未到位", "年度计划使用专项债券资金8000万元，目前到位2000万元，工程款支付压力大。",
       "已与市财政局对接第二批专项债额度", "第二批专项债资金6000万元已拨付到项目"},
      {ProblemType::kDemolition, nullptr, "房屋征收未完成", "红线范围内仍有5户房屋未签订征收补偿协议，影响管线迁改。",
       "已逐户入户做工作，3户同意签约", "5户均已签约腾退，场地已移交"},
      {ProblemType::kApproval, "区行政审批服务局", "施工许可办理滞后", "施工图审查意见回复后，施工许可申请材料仍在补正，影响主体开工。",
       "已启用容缺受理，指导业主补齐材料", "施工许可证已核发"},
      {ProblemType::kUtilities, "区住房和城乡建设局", "施工用电未接入", "临时施工用电需新建10千伏线路约1.2公里，供电方案尚未批复。",
       "已协调供电公司现场踏勘并出具方案", "临时用电已接通"},
      {ProblemType::kUtilities, "区交通运输局", "进场道路未贯通", "项目进场道路约600米未贯通，大型设备无法进场。",
       "已将进场道路纳入今年农村公路建设计划", "进场道路已贯通"},
      {ProblemType::kEnergyEnv, "区生态环境局", "环评批复未取得", "环境影响报告书已完成技术审查，尚需补充大气环境监测数据。",
       "已指导企业补充监测数据并组织复核", "环评批复已取得"},
      {ProblemType::kConstruction, "区应急管理局", "施工安全隐患整改", "督查发现深基坑支护监测不到位，需停工整改。",
       "已下达整改通知书并现场复查", "隐患已整改到位，已复工"},
      {ProblemType::kPolicy, "区发展和改革局", "招商政策兑现", "企业申请的设备购置补贴尚未兑现，影响后续投资计划。",
       "已会同财政局审核补贴申请", "补贴资金已兑现"},
      {ProblemType::kOther, "区发展和改革局", "跨部门协调事项", "项目涉及的管线迁改需多家产权单位协同，进度推进缓慢。",
       "已召开专题协调会明确各单位任务", "管线迁改已全部完成"},
  };
  return kSamples;
}

const char* kDecisions[] = {"责成责任单位10个工作日内办结，区项目办跟踪督办", "由分管副区长牵头，相关部门联合办公限期解决",
                            "列入下一次协调会复核，逾期未办结的约谈单位负责人", "专题研究后明确资金来源和完成时限"};

std::string At(Date d, int hour) {
  std::string h = std::to_string(hour);
  return d.ToString() + "T" + (hour < 10 ? "0" + h : h) + ":00:00.000Z";
}

// The meetings of the ladder in the last six months: weekly dispatch meetings every Monday, a
// coordination meeting in the first week of each month, and two leaders' special meetings.
struct Meetings {
  std::vector<std::pair<Date, int64_t>> weekly, coordination, leaders;

  // The latest meeting of `level` held on or before `by` and after `after`; 0 when none.
  int64_t Latest(EscalationLevel level, Date after, Date by, Date& held) const {
    const auto& list = level == EscalationLevel::kWeekly ? weekly : level == EscalationLevel::kCoordination ? coordination : leaders;
    int64_t id = 0;
    for (const auto& [d, m] : list) {
      if (d > after && d <= by) {
        id = m;
        held = d;
      }
    }
    return id;
  }
};

core::Result<Meetings> InsertMeetings(store::Connection& c, Date today, int64_t office_user, const std::string& now) {
  Meetings out;
  auto add = [&](EscalationLevel kind, Date held, std::string title, const char* chair, const char* place) -> core::Result<int64_t> {
    store::Meeting m;
    m.kind = kind;
    m.title = std::move(title);
    m.held_on = held;
    m.chair = chair;
    m.location = place;
    auto made = store::CreateMeeting(c, m, office_user, now);
    if (!made) return core::Fail(made.error());
    return made->id;
  };
  const int64_t day0 = domain::DaysFromEpoch(today);
  // Mondays: 1970-01-01 was a Thursday.
  const int64_t monday = day0 - ((day0 + 3) % 7);
  for (int w = 25, n = 1; w >= 0; --w, ++n) {
    Date d = domain::AddDays(today, static_cast<int>(monday - 7 * w - day0));
    if (d > today) continue;
    auto id = add(EscalationLevel::kWeekly, d, "重大项目周调度会（" + std::to_string(d.month) + "月" + std::to_string(d.day) + "日）",
                  "区项目办主任", "区政府三楼会议室");
    if (!id) return core::Fail(id.error());
    out.weekly.emplace_back(d, *id);
  }
  for (int m = 5; m >= 0; --m) {
    int y = today.year, mo = static_cast<int>(today.month) - m;
    while (mo < 1) {
      mo += 12;
      --y;
    }
    Date d = domain::WorkCalendar::China().AddWorkingDays(Date{y, static_cast<unsigned>(mo), 1}, 3);
    if (d > today) continue;
    auto id = add(EscalationLevel::kCoordination, d, std::to_string(y) + "年" + std::to_string(mo) + "月区重大项目协调会",
                  "常务副区长", "区政府一楼会议室");
    if (!id) return core::Fail(id.error());
    out.coordination.emplace_back(d, *id);
  }
  for (int k : {75, 20}) {
    Date d = domain::WorkCalendar::China().AddWorkingDays(domain::AddDays(today, -k), 0);
    auto id = add(EscalationLevel::kLeaders, d, k > 30 ? "区委书记重大项目专题会" : "区长重大项目专题会",
                  k > 30 ? "区委书记" : "区长", "区委常委会议室");
    if (!id) return core::Fail(id.error());
    out.leaders.emplace_back(d, *id);
  }
  return out;
}

}  // namespace

core::Result<ProblemGenCounts> InsertProblems(store::Connection& c, const std::vector<domain::Project>& projects,
                                              const ProblemGenAccounts& acc, Date today, uint64_t seed,
                                              const std::string& now, io::FileStore* files) {
  ProblemGenCounts counts;
  std::vector<const domain::Project*> eligible;
  for (const auto& p : projects) {
    const auto s = p.lifecycle.stage;
    if (s == domain::Stage::kPreparation || s == domain::Stage::kConstruction || s == domain::Stage::kSuspended) {
      eligible.push_back(&p);
    }
  }
  const size_t wanted = std::min<size_t>(2000, (eligible.size() + 2) / 3);
  if (wanted == 0) return counts;
  auto meetings = InsertMeetings(c, today, acc.office_user_id, now);
  if (!meetings) return core::Fail(meetings.error());
  counts.meetings = static_cast<int64_t>(meetings->weekly.size() + meetings->coordination.size() + meetings->leaders.size());
  const auto& cal = domain::WorkCalendar::China();
  const domain::EscalationRule rule;
  std::mt19937_64 rng(seed * 7'777'777 + 3);
  auto pick = [&](int lo, int hi) { return lo + static_cast<int>(rng() % static_cast<uint64_t>(hi - lo + 1)); };
  int letters_left = files ? 12 : 0;
  for (size_t i = 0; i < wanted; ++i) {
    const domain::Project& project = *eligible[(i * 7 + seed) % eligible.size()];
    const Sample& sample = Samples()[(i * 5 + rng() % 3) % Samples().size()];
    const int slot = static_cast<int>(i % 20);
    const ProblemState state = slot < 3    ? ProblemState::kPending
                               : slot < 9  ? ProblemState::kInProgress
                               : slot < 11 ? ProblemState::kAwaitingConfirmation
                               : slot < 18 ? ProblemState::kClosed
                               : slot < 19 ? ProblemState::kReturned
                                           : ProblemState::kReopened;
    const bool overdue = state == ProblemState::kInProgress && slot % 2 == 0;
    // Dates, oldest first: raised, assigned, steps, submitted, (rejected, confirmed, closed, reopened).
    const int span = state == ProblemState::kPending ? pick(0, 6) : overdue ? pick(30, 70) : pick(20, 150);
    const Date raised = domain::AddDays(today, -span);
    const Date assigned = std::min(today, domain::AddDays(raised, pick(1, 3)));
    Date deadline = domain::AddDays(assigned, pick(15, 30));
    if (overdue) deadline = std::max(domain::AddDays(assigned, 7), std::min(deadline, domain::AddDays(today, -pick(4, 30))));
    else if (state == ProblemState::kInProgress) deadline = std::max(deadline, domain::AddDays(today, pick(3, 20)));
    const bool mine = project.owner_org_id == acc.owner_org_id || i % 9 == 0;
    store::Problem p;
    p.project_id = project.id;
    p.type = sample.type;
    p.title = sample.title;
    p.description = sample.description;
    p.raised_by = mine ? acc.owner_user_id : acc.office_user_id;
    p.raised_org_id = mine ? acc.owner_org_id : acc.office_org_id;
    p.raised_role = mine ? "owner" : "office";
    p.raised_on = raised;
    auto made = store::CreateProblem(c, p, now);
    if (!made) return core::Fail(made.error());
    p = *made;
    ++counts.problems;
    std::vector<store::ProblemEvent> events;
    auto event = [&](const char* kind, Date on, std::optional<int64_t> user, std::optional<int64_t> org, std::string text) {
      store::ProblemEvent e;
      e.problem_id = p.id;
      e.kind = kind;
      e.on = std::min(on, today);
      e.at = At(e.on, 1 + static_cast<int>(events.size() % 8));
      e.user_id = user;
      e.org_id = org;
      e.text = std::move(text);
      events.push_back(std::move(e));
      return &events.back();
    };
    event("raised", raised, p.raised_by, p.raised_org_id, p.title);
    if (state != ProblemState::kPending) {
      const int64_t responsible = sample.department && acc.departments.count(sample.department)
                                      ? acc.departments.at(sample.department)
                                      : project.town_org_id.value_or(acc.office_org_id);
      p.responsible_org_id = responsible;
      if (project.town_org_id && *project.town_org_id != responsible) p.cooperating = {{*project.town_org_id, ""}};
      p.deadline = deadline;
      p.status.state = ProblemState::kInProgress;
      event("assigned", assigned, acc.office_user_id, acc.office_org_id,
            std::string("交办责任单位，限") + deadline.ToString() + "前办结");
      Date cursor = std::min(today, domain::AddDays(assigned, pick(2, 6)));
      event("step", cursor, std::nullopt, responsible, sample.step);
      if (state != ProblemState::kInProgress) {
        const Date submitted = std::min(today, domain::AddDays(cursor, pick(3, 12)));
        event("submitted", submitted, std::nullopt, responsible, sample.result);
        p.result = sample.result;
        p.status.state = ProblemState::kAwaitingConfirmation;
        cursor = submitted;
        if (state == ProblemState::kReturned) {
          event("rejected", std::min(today, domain::AddDays(cursor, 2)), p.raised_by, p.raised_org_id, "现场核实问题尚未完全解决，请继续办理");
          p.status = {ProblemState::kReturned, false, p.status.level};
        } else if (state != ProblemState::kAwaitingConfirmation || slot == 10) {
          event("confirmed", std::min(today, domain::AddDays(cursor, 2)), p.raised_by, p.raised_org_id, "");
          p.status.confirmed = true;
          if (state == ProblemState::kClosed || state == ProblemState::kReopened) {
            const Date closed = std::min(today, domain::AddDays(cursor, pick(3, 6)));
            event("closed", closed, acc.office_user_id, acc.office_org_id, "");
            p.status.state = ProblemState::kClosed;
            p.closed_on = closed;
            if (state == ProblemState::kReopened) {
              event("reopened", std::min(today, domain::AddDays(closed, pick(5, 15))), acc.office_user_id, acc.office_org_id,
                    "回访发现问题反弹，重新交办");
              p.status = {ProblemState::kReopened, false, p.status.level};
              p.closed_on.reset();
            }
          }
        }
      }
      // The overdue climb the ladder at the meetings held after they became due there.
      if (overdue) {
        for (auto level : {EscalationLevel::kWeekly, EscalationLevel::kCoordination, EscalationLevel::kLeaders}) {
          const int threshold = rule.overdue_working_days[static_cast<size_t>(level) - 1];
          if (domain::OverdueWorkingDays(deadline, today, cal) < threshold) break;
          const Date due = cal.AddWorkingDays(deadline, threshold);
          Date held = due;
          const int64_t meeting = meetings->Latest(level, domain::AddDays(due, -1), today, held);
          auto* e = event("escalated", meeting ? held : due, acc.office_user_id, acc.office_org_id,
                          meeting ? kDecisions[(i + static_cast<size_t>(level)) % 4]
                                  : "超期" + std::to_string(threshold) + "个工作日，按规则提级至" +
                                        std::string(domain::EscalationLevelLabel(level)));
          e->level = level;
          if (meeting) {
            e->meeting_id = meeting;
            GJ_FAIL_IF_ERROR(store::SetMeetingDecision(c, meeting, p.id, e->text));
          }
          p.status.level = level;
        }
      }
    }
    std::sort(events.begin(), events.end(), [](const auto& a, const auto& b) { return a.on < b.on; });
    if (state != ProblemState::kPending) {
      p.version = 1;
      auto v = store::UpdateProblem(c, p, now);
      if (!v) return core::Fail(v.error());
    }
    for (const auto& e : events) {
      auto id = store::AddProblemEvent(c, e);
      if (!id) return core::Fail(id.error());
    }
    // Letters: a 交办函 for some in progress, a 督办函 for the overdue; half of them answered.
    if (letters_left > 0 && state == ProblemState::kInProgress && p.responsible_org_id) {
      --letters_left;
      const bool supervise = overdue;
      const std::string kind = supervise ? "supervise" : "assign";
      auto serial = store::NextLetterSerial(c, kind, today.year);
      if (!serial) return core::Fail(serial.error());
      auto names = c.Query("SELECT name FROM orgs WHERE id = $1 OR id = $2 ORDER BY (id = $1) DESC",
                           {*p.responsible_org_id, acc.office_org_id});
      if (!names) return core::Fail(names.error());
      report::LetterFacts f;
      f.kind = supervise ? report::LetterKind::kSupervise : report::LetterKind::kAssign;
      f.year = today.year;
      f.serial = *serial;
      f.issuer = names->Row(names->size() - 1).Text("name") + "重大项目攻坚指挥部办公室";
      f.addressee = names->Row(0).Text("name");
      f.project_name = project.name;
      f.problem_type = std::string(domain::ProblemTypeLabel(p.type));
      f.problem_text = p.description;
      f.raised_on = raised;
      f.handling_deadline = deadline;
      const Date issued = supervise ? std::min(today, domain::AddDays(deadline, 3)) : assigned;
      f.issued_on = issued;
      f.reply_deadline = cal.AddWorkingDays(issued, 5);
      if (supervise) f.overdue_working_days = domain::OverdueWorkingDays(deadline, issued, cal);
      const report::Letter letter = report::ComposeLetter(f);
      auto pdf = report::RenderLetterPdf(letter);
      if (!pdf) return core::Fail(pdf.error());
      auto key = files->Put(*pdf);
      if (!key) return core::Fail(key.error());
      store::Letter l;
      l.problem_id = p.id;
      l.kind = kind;
      l.year = today.year;
      l.serial = *serial;
      l.number = letter.number;
      l.title = letter.title;
      l.addressee_org_id = *p.responsible_org_id;
      l.issued_on = issued;
      l.reply_deadline = f.reply_deadline;
      l.file_key = *key;
      l.file_sm3 = core::Sm3Hex(*pdf);
      l.file_size = static_cast<int64_t>(pdf->size());
      auto made_letter = store::CreateLetter(c, l, acc.office_user_id, now);
      if (!made_letter) return core::Fail(made_letter.error());
      ++counts.letters;
      store::ProblemEvent e;
      e.problem_id = p.id;
      e.kind = "letter";
      e.on = issued;
      e.at = At(issued, 10);
      e.user_id = acc.office_user_id;
      e.org_id = acc.office_org_id;
      e.text = letter.number + " " + letter.title;
      e.letter_id = made_letter->id;
      auto ev = store::AddProblemEvent(c, e);
      if (!ev) return core::Fail(ev.error());
      if (letters_left % 2 == 0 && f.reply_deadline <= today) {
        const Date replied = std::min(today, domain::AddDays(issued, 3));
        GJ_FAIL_IF_ERROR(store::ReplyLetter(c, made_letter->id, "已按要求部署落实，将于近期办结并书面报告。", replied, std::nullopt));
      }
    }
  }
  return counts;
}

}  // namespace gongjian::demo
