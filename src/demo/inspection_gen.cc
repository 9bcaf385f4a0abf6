#include "demo/inspection_gen.h"

#include <algorithm>
#include <array>
#include <map>
#include <random>

#include "domain/calendar.h"
#include "store/inspection_repository.h"

namespace gongjian::demo {
namespace {

constexpr std::array<const char*, 6> kVisitTitles = {"重点项目现场走访", "一线调研重大项目建设", "重大项目“双月”走访",
                                                     "走访企业项目解难题", "节后复工项目走访", "重点片区项目调研"};
constexpr std::array<const char*, 6> kSupervisionTitles = {"重大项目进度专项督查", "开工项目现场督查", "序时进度滞后项目督查",
                                                           "安全生产与文明施工督查", "问题整改落实情况督查", "年度目标冲刺督查"};
constexpr std::array<const char*, 4> kOfficePeople = {"项目办李主任、督查科陈科长", "项目办李主任、区发改局周副局长",
                                                      "督查科陈科长、区住建局吴科长", "项目办李主任、区统计局郑科长"};
constexpr std::array<const char*, 8> kFindings = {
    "施工单位人员到位，主体结构按计划推进；",
    "现场作业面不足，劳动力仅达计划的六成；",
    "征迁尚有少量户未签约，影响施工便道贯通；",
    "设备采购合同已签订，主要设备预计下月进场；",
    "月度投资完成低于序时进度，资金拨付偏慢；",
    "临时用电未接入，施工依靠发电机；",
    "安全文明施工措施落实到位，扬尘管控良好；",
    "施工许可手续尚在办理，需加快审批；"};

bool Visitable(const domain::Project& p) {
  const auto s = p.lifecycle.stage;
  return s == domain::Stage::kPreparation || s == domain::Stage::kConstruction;
}

}  // namespace

core::Result<int64_t> InsertInspections(store::Connection& c, const std::vector<domain::Project>& projects,
                                        int64_t office_user_id, const std::vector<int64_t>& leader_user_ids,
                                        domain::Date today, uint64_t seed, const std::string& now) {
  std::mt19937_64 rng(seed * 7'000'003 + 41);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  // The projects one can visit, by town (an inspection stays in one town).
  std::map<int64_t, std::vector<const domain::Project*>> by_town;
  for (const auto& p : projects) {
    if (Visitable(p) && p.id > 0 && p.town_org_id) by_town[*p.town_org_id].push_back(&p);
  }
  if (by_town.empty()) return int64_t{0};
  std::vector<int64_t> towns;
  for (const auto& [town, list] : by_town) towns.push_back(town);
  std::map<int64_t, std::string> leader_names;
  for (int64_t id : leader_user_ids) {
    auto r = c.Query("SELECT display_name FROM users WHERE id = $1", {id});
    if (!r) return core::Fail(r.error());
    if (!r->empty()) leader_names[id] = r->First().Text("display_name");
  }
  const int64_t count = std::min<int64_t>(kMaxDemoInspections, 12 + static_cast<int64_t>(projects.size()) / 2'000);
  int64_t made = 0;
  for (int64_t k = 0; k < count; ++k) {
    // Spread over the last year, oldest first, a few days' jitter each.
    const int days_ago = static_cast<int>((count - k) * 360 / count) - uniform(0, 10);
    const domain::Date held_on = domain::AddDays(today, -std::max(1, days_ago));
    const bool visit = k % 2 == 0 && !leader_user_ids.empty();
    store::Inspection i;
    i.kind = visit ? domain::InspectionKind::kVisit : domain::InspectionKind::kSupervision;
    i.held_on = held_on;
    i.created_by = office_user_id;
    const auto& list = by_town[towns[static_cast<size_t>(uniform(0, static_cast<int>(towns.size()) - 1))]];
    const int n = std::min<int>(static_cast<int>(list.size()), uniform(1, 4));
    std::vector<size_t> picks(list.size());
    for (size_t j = 0; j < picks.size(); ++j) picks[j] = j;
    std::shuffle(picks.begin(), picks.end(), rng);
    std::string findings;
    for (int j = 0; j < n; ++j) {
      const domain::Project& p = *list[picks[static_cast<size_t>(j)]];
      i.project_ids.push_back(p.id);
      findings += p.name + "：" + kFindings[static_cast<size_t>(uniform(0, kFindings.size() - 1))] + "\n";
    }
    std::sort(i.project_ids.begin(), i.project_ids.end());
    if (visit) {
      const int64_t leader = leader_user_ids[static_cast<size_t>(k / 2) % leader_user_ids.size()];
      i.leader_user_id = leader;
      i.people = leader_names[leader] + "、项目办李主任";
      i.title = kVisitTitles[static_cast<size_t>(k / 2) % kVisitTitles.size()];
    } else {
      i.people = kOfficePeople[static_cast<size_t>(k / 2) % kOfficePeople.size()];
      i.title = kSupervisionTitles[static_cast<size_t>(k / 2) % kSupervisionTitles.size()];
    }
    i.findings = findings + "要求责任单位对发现问题限期整改。";
    auto id = store::CreateInspection(c, i, now);
    if (!id) return core::Fail(id.error());
    ++made;
    // The first problem raised on a visited project after the visit came from it.
    std::string in;
    for (int64_t pid : i.project_ids) in += (in.empty() ? "" : ", ") + std::to_string(pid);
    auto first = c.Query("SELECT id FROM problems WHERE inspection_id IS NULL AND raised_on >= $1 AND project_id IN (" + in +
                             ") ORDER BY raised_on, id LIMIT 1",
                         {held_on.ToString()});
    if (!first) return core::Fail(first.error());
    if (!first->empty()) {
      auto linked = c.Exec("UPDATE problems SET inspection_id = $1 WHERE id = $2", {*id, first->First().Int("id")});
      if (!linked) return core::Fail(linked.error());
    }
  }
  return made;
}

}  // namespace gongjian::demo
