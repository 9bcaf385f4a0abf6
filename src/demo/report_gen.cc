#include "demo/report_gen.h"

#include <algorithm>
#include <array>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <map>
#include <optional>
#include <string_view>

#include "store/round_repository.h"

namespace gongjian::demo {
namespace {

using domain::AnnualPlan;
using domain::Date;
using domain::Fen;
using domain::FundShare;
using domain::FundSource;
using domain::MonthlyReport;
using domain::Period;
using domain::Project;
using domain::ReportStatus;
using domain::SiteStatus;
using domain::Stage;

constexpr Fen kUnit = 10'000;     // reports speak 万元 to two decimals: 100 元
constexpr Fen kWan = 1'000'000;   // plans speak whole 万元

// ---------------------------------------------------------------------------------------
// Randomness: the same generator as the projects' (project_gen.cc), with a stream of its own
// per project so that a project's history does not depend on the others.

uint64_t Mix(uint64_t z) {
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() { return Mix(state_ += 0x9e3779b97f4a7c15ULL); }
  size_t Below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(Next() % n); }
  int Between(int lo, int hi) { return lo + static_cast<int>(Below(static_cast<size_t>(hi - lo + 1))); }
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  double Uniform(double lo, double hi) { return lo + (hi - lo) * Unit(); }
  bool Chance(double p) { return Unit() < p; }
  template <typename T, size_t N>
  const T& Pick(const T (&a)[N]) {
    return a[Below(N)];
  }

 private:
  uint64_t state_;
};

// ---------------------------------------------------------------------------------------
// Months as one running number: year × 12 + month − 1.

int MonthIndex(int year, int month) { return year * 12 + month - 1; }
int MonthIndex(const Date& d) { return MonthIndex(d.year, d.month); }
int MonthIndex(const Period& p) { return MonthIndex(p.year, p.month); }
Period PeriodOf(int index) { return {index / 12, index % 12 + 1}; }

// Work on site by the season: the Spring Festival empties the sites in January and February,
// the heat and rains slow July and August, the year-end push fills December.
constexpr double kSeason[12] = {0.45, 0.35, 0.85, 1.0, 1.05, 1.1, 0.95, 0.95, 1.1, 1.1, 1.1, 1.2};

// ---------------------------------------------------------------------------------------
// Words.

enum class Work { kBuilding, kLinear, kWater, kEquipment };

bool Has(const std::string& s, std::string_view w) { return s.find(w) != std::string::npos; }

bool HasAny(const std::string& s, std::initializer_list<std::string_view> words) {
  for (auto w : words) {
    if (Has(s, w)) return true;
  }
  return false;
}

// What kind of site the project is, from its category and the words of its name (never a
// single character: town names such as 双桥 or 柳河 would mislead).
Work WorkOf(const Project& p) {
  const std::string& n = p.name;
  if (HasAny(n, {"生产线", "设备", "车间", "技改", "技术改造", "扩能", "光伏", "输变电", "充电", "5G", "算力"})) {
    return Work::kEquipment;
  }
  if (HasAny(n, {"河道", "水环境", "水系", "湿地", "堤防", "泵站", "疏浚", "排涝", "防洪", "黑臭", "污水", "水厂",
                 "生态修复", "国土绿化", "农田", "美丽乡村"})) {
    return Work::kWater;
  }
  if (HasAny(n, {"道路", "拓宽", "段）", "大桥", "危桥", "快速", "通道", "段改建", "管网", "管廊", "分流", "东延",
                 "西延", "南延", "北延", "综合提升", "供水"})) {
    return Work::kLinear;
  }
  return Work::kBuilding;
}

// Which of the work type's three kinds of site (kProgressText): road, bridge or pipes; river,
// plant or greenery; equipment, grid or photovoltaics. Buildings mix theirs.
int VariantOf(const Project& p, Work work) {
  const std::string& n = p.name;
  switch (work) {
    case Work::kLinear: return HasAny(n, {"大桥", "危桥"}) ? 1 : HasAny(n, {"管网", "管廊", "分流", "供水"}) ? 2 : 0;
    case Work::kWater:
      return HasAny(n, {"污水", "水厂", "泵站"})                                  ? 1
             : HasAny(n, {"湿地", "绿化", "农田", "美丽乡村", "生态修复"}) ? 2
                                                                            : 0;
    case Work::kEquipment:
      return Has(n, "光伏") ? 2 : HasAny(n, {"输变电", "充电", "5G", "算力"}) ? 1 : 0;
    case Work::kBuilding: return 0;
  }
  return 0;
}

// Image progress by work type, kind of site and phase (<10%, <30%, <60%, <85%, <100%, done).
// %P is a percentage within the phase, %F a storey, %K kilometres, %N a count. A building site
// reports any of its three aspects; the others keep to their kind.
constexpr const char* kProgressText[4][3][6] = {
    {{"施工单位进场，完成场地平整和临时设施搭建", "基础施工，承台及地下室底板完成%P%", "主体结构施工至第%F层",
      "主体结构全部封顶，二次结构砌筑完成%P%", "室内装饰装修和室外配套工程施工", "工程竣工验收合格"},
     {"完成“三通一平”，开始桩基施工", "地下室结构施工，完成%P%", "主体结构完成%P%", "机电安装和外墙施工，完成%P%",
      "设备安装调试，附属工程完成%P%", "完成竣工验收，交付使用"},
     {"桩基施工完成%P%", "基础工程验收合格，开始主体结构施工", "%N栋单体主体结构封顶，其余施工至第%F层",
      "屋面及外立面施工", "开展消防、节能等专项验收", "竣工验收完成，办理竣工备案"}},
    {{"施工单位进场，开展管线迁改和交通导改", "路基土方完成%P%", "路基施工完成%K公里", "水稳层施工完成%K公里",
      "沥青面层摊铺及交通设施施工", "完成交工验收"},
     {"清表及临时便道施工", "桥梁桩基完成%N根", "桥梁下部结构施工，完成%P%", "桥梁上部结构施工，完成%P%",
      "桥面系及附属设施施工", "工程竣工验收合格，通车运行"},
     {"施工单位进场，完成测量放线", "管网沟槽开挖%N米", "管道铺设完成%P%", "管道闭水试验及回填，完成%P%",
      "路面恢复和收尾工程", "竣工验收完成，移交管养"}},
    {{"施工准备，完成围堰和导流", "河道清淤完成%P%", "护岸砌筑完成%P%", "堤防加固完成%P%", "附属设施和景观提升",
      "工程完工验收"},
     {"施工准备，基坑开挖和降水", "基础及底板施工完成%P%", "池体及泵房主体结构施工，完成%P%", "设备安装完成%P%",
      "设备调试和试运行", "竣工验收合格，移交运行管理"},
     {"场地整理，苗木采购", "土方开挖和地形整理完成%P%", "湿地及景观工程施工，完成%P%", "绿化种植完成%P%",
      "补植补种和养护", "完成竣工验收"}},
    {{"完成设备选型和招标采购", "设备基础施工完成%P%", "设备安装完成%P%", "单机调试完成%P%", "联动试车和试生产准备",
      "竣工验收，具备投产条件"},
     {"站址土建和设备基础施工", "主要设备订货，%N台已到场", "线路敷设完成%P%", "电气安装和系统联调",
      "系统调试，准备投运", "竣工验收合格，投入运营"},
     {"场地平整，支架基础施工", "支架安装完成%P%", "组件安装完成%P%", "逆变器和箱变安装", "并网调试",
      "完成竣工验收，并网发电"}},
};

constexpr const char* kNextPlan[4][3][5] = {
    {{"加快桩基施工，力争下月完成基础工程", "完成地下室结构，全面开展主体施工", "加快主体结构施工，计划再完成两层",
      "推进二次结构和机电安装", "完成装饰装修，组织专项验收和竣工验收"},
     {"加快桩基施工，力争下月完成基础工程", "完成地下室结构，全面开展主体施工", "加快主体结构施工，争取主体封顶",
      "推进机电安装和外墙施工", "完成设备调试和附属工程，组织竣工验收"},
     {"完成桩基施工，开展承台施工", "全面开展主体结构施工", "推进其余单体主体结构施工",
      "完成屋面及外立面施工", "完成专项验收，组织竣工验收"}},
    {{"完成管线迁改，全面展开路基施工", "加快路基土方施工", "推进路基施工，开始水稳层施工",
      "完成水稳层，准备沥青摊铺", "完成交通设施，组织交工验收"},
     {"开始桥梁桩基施工", "完成桥梁桩基，开始下部结构施工", "推进桥梁下部结构施工", "推进桥梁上部结构施工",
      "完成桥面系及附属设施，组织竣工验收"},
     {"开始管网沟槽开挖", "加快沟槽开挖和管道铺设", "推进管道铺设", "完成闭水试验和回填", "完成路面恢复，组织竣工验收"}},
    {{"完成围堰导流，全面开展清淤", "加快河道清淤", "推进护岸砌筑", "推进堤防加固", "完成附属设施，组织完工验收"},
     {"完成基坑开挖，开始基础施工", "完成底板，开始主体结构施工", "推进主体结构施工，准备设备安装",
      "完成设备安装，准备调试", "完成试运行，组织竣工验收"},
     {"完成场地整理，开始土方施工", "推进地形整理和景观施工", "推进湿地及景观工程", "完成绿化种植",
      "做好养护，组织竣工验收"}},
    {{"完成设备采购合同签订，推进基础施工", "主要设备全部到场，开始安装", "加快设备安装，准备单机调试",
      "完成单机调试，准备联动试车", "完成试生产，组织竣工验收"},
     {"推进土建和设备基础施工", "主要设备全部到场，开始安装", "推进线路敷设和电气安装", "完成系统联调，准备投运",
      "完成调试，组织竣工验收"},
     {"推进支架基础施工", "完成支架安装，开始组件安装", "加快组件安装", "完成逆变器和箱变安装，准备并网",
      "完成并网调试，组织竣工验收"}},
};

constexpr const char* kProblems[] = {
    "部分区段征地拆迁尚未完成，影响施工作业面",
    "资金到位不及时，施工单位垫资压力较大",
    "钢材、水泥等主材价格上涨，施工成本增加",
    "雨天较多，有效施工天数减少",
    "管线迁改涉及多家产权单位，协调难度大",
    "设计变更审批时间较长，影响部分工序",
    "专项债资金尚未拨付到位",
    "施工用电增容尚未完成，临时用电不足",
    "大气污染防治管控期间土方作业暂停",
    "周边群众诉求较多，夜间施工受限",
    "部分设备供货周期长，到货延迟",
    "技术工人短缺，部分工序进度滞后",
};
constexpr const char* kWinterProblem = "春节前后工人返乡，现场用工不足";
constexpr const char* kSummerProblem = "高温天气影响施工，白天作业时间缩短";

// 前期 steps in their usual order, and what the next month aims at.
constexpr const char* kPrepSteps[] = {
    "完成项目建议书编制，正在报批",       "项目建议书已批复，开展可行性研究报告编制",
    "可行性研究报告已编制完成并报审",     "取得用地预审与选址意见书",
    "环境影响评价报告已报审",             "可行性研究报告已批复，开展初步设计",
    "初步设计及概算已批复，开展施工图设计", "取得建设工程规划许可证",
    "施工图审查中",                       "开展施工招标",
    "完成施工招标，办理施工许可",         "施工许可证已核发，施工单位准备进场",
};
constexpr const char* kPrepNext[] = {
    "争取项目建议书批复",   "完成可研报告编制并报审", "取得可研批复",       "办理环评审批",
    "取得环评批复",         "完成初步设计报批",       "完成施工图设计",     "办理建设工程规划许可",
    "完成施工图审查",       "完成施工招标",           "办理施工许可",       "组织施工单位进场开工",
};
constexpr size_t kPrepStepCount = std::size(kPrepSteps);
constexpr const char* kPrepProblems[] = {
    "用地指标尚未落实",       "规划方案调整，规划许可办理中", "环评审批时间较长",
    "项目资金来源尚未完全落实", "征地拆迁工作推进缓慢",         "可研评审意见修改中",
};
constexpr const char* kSuspendedText = "项目停工，现场已落实安全防护和看护措施";
constexpr const char* kSuspendedNext = "协调解决停工原因，争取早日复工";
constexpr const char* kReturnReasons[] = {
    "本月完成投资与资金到位情况不符，请核实后重报",
    "形象进度描述过于简单，请补充主要工程量",
    "现场施工人数与上月差异较大，请说明原因",
    "资金到位来源填写有误，请核实",
};

std::string Replace(std::string text, std::string_view key, const std::string& value) {
  for (size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size())) {
    text.replace(at, key.size(), value);
  }
  return text;
}

std::string ProgressText(Work work, int variant, int progress, int phase_pct, Rng& rng, bool done) {
  int phase = done ? 5 : progress < 1000 ? 0 : progress < 3000 ? 1 : progress < 6000 ? 2 : progress < 8500 ? 3 : 4;
  if (work == Work::kBuilding) variant = static_cast<int>(rng.Below(3));
  std::string t = kProgressText[static_cast<int>(work)][variant][phase];
  if (t.find('%') == std::string::npos) return t;
  char km[16];
  std::snprintf(km, sizeof km, "%.1f", 0.3 + phase_pct * 0.08);
  t = Replace(std::move(t), "%P", std::to_string(std::clamp(phase_pct / 5 * 5, 5, 95)));
  t = Replace(std::move(t), "%F", std::to_string(2 + phase_pct / 6));
  t = Replace(std::move(t), "%K", km);
  return Replace(std::move(t), "%N", std::to_string(2 + phase_pct * 3));
}

// ---------------------------------------------------------------------------------------
// Timestamps as the store writes them, from a date and a time of day in China (UTC+8; 9:00 to
// 17:59 there never crosses a day in UTC).

std::string Stamp(const Date& d, int hour_cn, int minute) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:00.000Z", d.year, d.month, d.day, hour_cn - 8, minute);
  return buf;
}
std::string Capped(std::string stamp, const std::string& now) { return stamp > now ? now : stamp; }

// ---------------------------------------------------------------------------------------
// One project's months.

enum class Kind { kPreparation, kConstruction, kSuspended };

struct Month {
  int index = 0;
  Kind kind = Kind::kConstruction;
  int k = 0;  // construction: month of the curve; preparation: the 前期 step
};

Pace DrawPace(Rng& rng) {
  double u = rng.Unit();
  return u < 0.7 ? Pace::kOnTrack : u < 0.9 ? Pace::kLagging : Pace::kBadlyLagging;
}

// A points-behind figure of `pace` that 序时 share `w` leaves room for, or a milder pace.
std::pair<Pace, double> LagFor(Pace pace, double w, Rng& rng) {
  if (pace == Pace::kBadlyLagging) {
    double hi = std::min(0.55, w - 0.08);
    if (hi >= 0.33) return {pace, rng.Uniform(0.33, hi)};
    pace = Pace::kLagging;
  }
  if (pace == Pace::kLagging) {
    double hi = std::min(0.28, w - 0.05);
    if (hi >= 0.12) return {pace, rng.Uniform(0.12, hi)};
  }
  return {Pace::kOnTrack, rng.Uniform(-0.06, std::min(0.07, w / 2))};
}

// Twelve monthly targets that add up to `planned` exactly, in proportion to `weights`.
std::array<Fen, 12> Targets(Fen planned, const std::array<double, 12>& weights) {
  double total = 0;
  for (double w : weights) total += w;
  std::array<Fen, 12> out{};
  Fen before = 0;
  double running = 0;
  for (size_t i = 0; i < 12; ++i) {
    running += weights[i];
    Fen cum = i == 11 ? planned
                      : std::clamp<Fen>(std::llround(static_cast<double>(planned) * running / total / kUnit) * kUnit,
                                        before, planned);
    out[i] = cum - before;
    before = cum;
  }
  return out;
}

std::vector<FundShare> FundSplit(const Project& p) {
  if (!p.funds.empty()) return p.funds;
  FundSource s = p.subject == domain::InvestmentSubject::kGovernment ? FundSource::kGovernment
                 : p.subject == domain::InvestmentSubject::kState    ? FundSource::kBankLoan
                                                                     : FundSource::kSocialCapital;
  return {{s, p.total_investment}};
}

}  // namespace

Period LastPeriod(Date today) { return PeriodOf(MonthIndex(today) - 1); }
Period FirstPeriod(const ReportGenInput& in) { return {in.today.year - std::max(1, in.years) + 1, 1}; }

ProjectHistory GenerateHistory(const Project& p, size_t index, const ReportGenInput& in, const std::string& now) {
  ProjectHistory h;
  const Stage stage = p.lifecycle.stage;
  const Stage origin = stage == Stage::kSuspended && p.lifecycle.resume_stage ? *p.lifecycle.resume_stage : stage;
  if (stage == Stage::kPlanning || stage == Stage::kReserve || stage == Stage::kWithdrawn) return h;
  Rng rng(Mix(in.seed * 0x100000001b3ULL ^ Mix(index + 0x7265706f7274ULL)));
  const int first = MonthIndex(FirstPeriod(in));
  const int last = MonthIndex(LastPeriod(in.today));
  const int this_year = in.today.year;
  const Fen total = p.total_investment;
  const Work work = WorkOf(p);
  const int variant = VariantOf(p, work);

  // When it was being prepared, built and suspended.
  std::vector<Month> months;  // every month of its history, also before `first`
  std::optional<int> start, finish, end;  // construction: first month, curve's last month, last month built
  std::optional<int> suspended_from;
  if (p.actual_start && (origin == Stage::kConstruction || origin == Stage::kCompleted || origin == Stage::kProduction)) {
    start = MonthIndex(*p.actual_start);
    int planned = p.planned_completion ? MonthIndex(*p.planned_completion) : *start + 18;
    if (p.actual_completion) {
      end = finish = std::max(*start, MonthIndex(*p.actual_completion));
    } else if (stage == Stage::kSuspended) {
      suspended_from = std::clamp(last - rng.Between(1, 10), std::min(*start + 1, last), last);
      end = *suspended_from - 1;
      finish = std::max({planned, *suspended_from + 3, *start + 2});
    } else {
      end = last;  // still building (or starting this month: then `end` < `start`)
      finish = std::max({planned, last + rng.Between(1, 6), *start + 2});
    }
  }
  int prep_from, prep_to;
  if (start) {
    prep_to = *start - 1;
    prep_from = *start - rng.Between(6, 24);  // 前期 of a major project: one to two years
  } else {
    prep_to = last;
    prep_from = last - rng.Between(3, 30);
    if (stage == Stage::kSuspended) {
      suspended_from = last - rng.Between(1, 6);
      prep_to = *suspended_from - 1;
      prep_from = std::min(prep_from, prep_to - 2);
    }
  }
  // The 前期 steps: a project that starts has gone through all of them; one still in 前期 is
  // somewhere along.
  int prep_len = prep_to - prep_from + 1;
  int step_end = start ? static_cast<int>(kPrepStepCount) : rng.Between(4, static_cast<int>(kPrepStepCount) - 1);
  for (int m = prep_from; m <= prep_to; ++m) {
    int step = std::max(0, step_end - 1 - static_cast<int>((prep_to - m) * step_end / std::max(prep_len, 1)));
    months.push_back({m, Kind::kPreparation, std::min(step, static_cast<int>(kPrepStepCount) - 1)});
  }
  if (start) {
    for (int m = *start; m <= *end; ++m) months.push_back({m, Kind::kConstruction, m - *start});
  }
  if (suspended_from) {
    for (int m = *suspended_from; m <= last; ++m) months.push_back({m, Kind::kSuspended, 0});
  }

  // The construction investment along an S-curve with the seasons, cumulated in whole 100 元;
  // the rest of the total goes to 前期 costs and what follows completion.
  const Fen construction = total * rng.Between(85, 96) / 100 / kUnit * kUnit;
  Fen prep_budget = (total - construction) / 2;
  std::vector<Fen> cum;     // construction investment up to and including curve month k
  std::vector<int> shape;   // image progress at curve month k, basis points
  if (start) {
    int n = *finish - *start + 1;
    std::vector<double> w(n);
    double sum = 0;
    for (int k = 0; k < n; ++k) {
      double x = (k + 0.5) / n;
      w[k] = (0.2 + 6 * x * (1 - x)) * kSeason[(*start + k) % 12] * rng.Uniform(0.75, 1.25);
      sum += w[k];
    }
    double running = 0;
    for (int k = 0; k < n; ++k) {
      running += w[k];
      double share = k == n - 1 ? 1.0 : running / sum;
      cum.push_back(static_cast<Fen>(static_cast<double>(construction) * share / kUnit) * kUnit);
      if (k > 0) cum[k] = std::max(cum[k], cum[k - 1]);
      double t = static_cast<double>(k + 1) / n;
      double time_share = t * t * (3 - 2 * t);
      shape.push_back(k == n - 1 && p.actual_completion ? domain::kProgressScale
                                                        : std::min(9900, static_cast<int>((share + time_share) * 50) * 100));
      if (k > 0) shape[k] = std::max(shape[k], shape[k - 1]);
    }
  }
  auto month_investment = [&](int k) { return cum[k] - (k > 0 ? cum[k - 1] : 0); };

  // The pace aimed at each year: one temperament per project, which past years sometimes left.
  const Pace temperament = DrawPace(rng);
  auto pace_of_year = [&](int year) {
    // The year it stopped, a suspended project fell far behind.
    if (suspended_from && start && PeriodOf(*suspended_from).year == year) return Pace::kBadlyLagging;
    if (year == this_year) return temperament;
    Rng yr(Mix(in.seed ^ Mix(index * 31 + static_cast<uint64_t>(year))));
    return yr.Chance(0.7) ? temperament : DrawPace(yr);
  };
  // Reports: values first, then the review states.
  std::vector<FundShare> split = FundSplit(p);
  std::vector<Fen> funds_left;
  for (const auto& f : split) funds_left.push_back(f.amount);
  Fen spent = 0;  // every investment reported or not, from the first month on
  std::map<int, Fen> spent_before;     // year → investment before its January
  std::map<int, Fen> year_total;       // year → investment in it (all months, reported or not)
  int progress = 0;
  for (const Month& mo : months) {
    Period period = PeriodOf(mo.index);
    if (!spent_before.count(period.year)) spent_before[period.year] = spent;
    Pace pace = pace_of_year(period.year);
    MonthlyReport r;
    r.project_id = p.id;
    r.period = period;
    r.status = ReportStatus::kAccepted;
    int cal = period.month - 1;
    if (mo.kind == Kind::kPreparation) {
      r.site = SiteStatus::kNotStarted;
      r.progress_text = kPrepSteps[mo.k];
      r.next_plan = kPrepNext[std::min<size_t>(mo.k + 1, kPrepStepCount - 1)];
      if (prep_budget >= 5 * kWan && rng.Chance(0.25)) {
        r.investment = std::min<Fen>(prep_budget, rng.Between(5, 200) * kWan) / kUnit * kUnit;
        prep_budget -= r.investment;
      }
      if (rng.Chance(0.2)) r.problems = rng.Pick(kPrepProblems);
    } else if (mo.kind == Kind::kSuspended) {
      r.site = SiteStatus::kSuspended;
      r.progress = progress;
      r.progress_text = kSuspendedText;
      r.problems = p.remarks.empty() ? "征地拆迁未完成，暂缓施工" : p.remarks;
      r.next_plan = kSuspendedNext;
      r.workers_on_site = r.workers_required = rng.Between(2, 5);
    } else {
      const int n = static_cast<int>(cum.size());
      const bool done = p.actual_completion && mo.k == n - 1;
      r.site = done ? SiteStatus::kCompleted : SiteStatus::kStarted;
      r.investment = month_investment(mo.k);
      progress = shape[mo.k];
      r.progress = progress;
      int lo = progress < 1000 ? 0 : progress < 3000 ? 1000 : progress < 6000 ? 3000 : progress < 8500 ? 6000 : 8500;
      int hi = progress < 1000 ? 1000 : progress < 3000 ? 3000 : progress < 6000 ? 6000 : progress < 8500 ? 8500 : 10000;
      int phase_pct = (progress - lo) * 100 / std::max(1, hi - lo);
      r.progress_text = ProgressText(work, variant, progress, phase_pct, rng, done);
      int phase = progress < 1000 ? 0 : progress < 3000 ? 1 : progress < 6000 ? 2 : progress < 8500 ? 3 : 4;
      r.next_plan = done ? "办理竣工验收备案，做好移交和投产运营准备" : kNextPlan[static_cast<int>(work)][variant][phase];
      double yuan = static_cast<double>(r.investment) / 100;
      r.workers_required = std::clamp(static_cast<int>(yuan / 32000 * rng.Uniform(0.8, 1.2)), 6, 3000);
      double ratio = pace == Pace::kOnTrack ? rng.Uniform(0.85, 1.05)
                     : pace == Pace::kLagging ? rng.Uniform(0.65, 0.9)
                                              : rng.Uniform(0.45, 0.75);
      if (cal < 2) ratio *= 0.6;
      r.workers_on_site = std::max(1, static_cast<int>(r.workers_required * ratio));
      double trouble = pace == Pace::kOnTrack ? 0.12 : pace == Pace::kLagging ? 0.5 : 0.8;
      if (rng.Chance(trouble)) {
        r.problems = cal < 2 && rng.Chance(0.5)       ? kWinterProblem
                     : (cal == 6 || cal == 7) && rng.Chance(0.4) ? kSummerProblem
                                                                 : rng.Pick(kProblems);
      }
    }
    // Funds arrive in lumps around the investment, by the project's sources, never past them.
    if (r.investment > 0 && !rng.Chance(0.2)) {
      double arrived = static_cast<double>(r.investment) * rng.Uniform(0.5, 1.5);
      for (size_t i = 0; i < split.size(); ++i) {
        double share = total > 0 ? static_cast<double>(split[i].amount) / static_cast<double>(total) : 0;
        Fen amount = std::min(funds_left[i], static_cast<Fen>(arrived * share / kUnit) * kUnit);
        if (amount <= 0) continue;
        funds_left[i] -= amount;
        r.funds_arrived.push_back({split[i].source, amount});
      }
    }
    spent += r.investment;
    year_total[period.year] += r.investment;
    if (mo.index < first || mo.index > last) continue;
    h.reports.push_back(std::move(r));
  }
  // The rest of today's year along the curve, for plans that look ahead.
  if (start && !suspended_from) {
    for (int m = std::max({*end + 1, last + 1, *start}); m <= std::min(*finish, MonthIndex(this_year, 12)); ++m) {
      year_total[this_year] += month_investment(m - *start);
    }
  }

  // The previous month: not everyone has reported, and not every report is through review.
  std::optional<ReportStatus> last_status = ReportStatus::kAccepted;
  bool in_round = stage == Stage::kPreparation || stage == Stage::kConstruction || stage == Stage::kSuspended;
  if (in_round && !h.reports.empty() && MonthIndex(h.reports.back().period) == last) {
    double u = rng.Unit();
    last_status = u < 0.10   ? std::nullopt
                  : u < 0.15 ? std::optional(ReportStatus::kDraft)
                  : u < 0.23 ? std::optional(ReportStatus::kSubmitted)
                  : u < 0.26 ? std::optional(ReportStatus::kReturned)
                             : std::optional(ReportStatus::kAccepted);
    if (!last_status) {
      h.reports.pop_back();
    } else {
      h.reports.back().status = *last_status;
      if (*last_status == ReportStatus::kReturned) h.reports.back().review_reason = rng.Pick(kReturnReasons);
    }
  }

  // Plans: every year it built in, and today's year for a project in 前期 that means to start.
  std::map<int, Fen> accepted;  // year → accepted investment of the reported months
  for (const auto& r : h.reports) {
    if (r.status == ReportStatus::kAccepted) accepted[r.period.year] += r.investment;
  }
  const int first_year = PeriodOf(first).year;
  for (int year = first_year; year <= this_year; ++year) {
    int jan = MonthIndex(year, 1), dec = MonthIndex(year, 12);
    std::array<double, 12> weights{};
    Fen natural = 0;
    bool new_start = false;
    if (start && *start <= dec && *finish >= jan && (!end || *end >= jan || *start > *end)) {
      int to = std::min(dec, *finish);
      for (int m = std::max(jan, *start); m <= to; ++m) weights[m - jan] = kSeason[m - jan];
      natural = year_total[year];
      new_start = *start >= jan;
    } else if (!start && stage != Stage::kSuspended && year == this_year && p.planned_start &&
               p.planned_start->year == this_year) {
      int from = MonthIndex(*p.planned_start);
      int to = p.planned_completion ? std::min(dec, MonthIndex(*p.planned_completion)) : dec;
      int span = p.planned_completion ? std::max(1, MonthIndex(*p.planned_completion) - from + 1) : 24;
      for (int m = from; m <= to; ++m) weights[m - jan] = kSeason[m - jan];
      natural = static_cast<Fen>(static_cast<double>(total) * 0.9 * (to - from + 1) / span);
      new_start = true;
    } else {
      continue;
    }
    double weight_sum = 0;
    for (double w : weights) weight_sum += w;
    if (weight_sum <= 0) continue;
    AnnualPlan plan;
    plan.project_id = p.id;
    plan.year = year;
    plan.status = ReportStatus::kAccepted;
    plan.version = 3;
    bool targets = new_start && year == this_year ? true : rng.Chance(0.5);
    // How far into the year the reports go, and the 序时 share there.
    int r = year < LastPeriod(in.today).year ? 12 : year == LastPeriod(in.today).year ? LastPeriod(in.today).month : 0;
    double w = 0;
    if (targets) {
      for (int m = 0; m < r; ++m) w += weights[m];
      w /= weight_sum;
    } else {
      w = r / 12.0;
    }
    Fen done = accepted[year];
    Fen planned = natural;
    // What is left of the total at the year's start bounds the plan.
    auto before = spent_before.find(year);
    const Fen room = std::max<Fen>(total - (before != spent_before.end() ? before->second : spent), 0) / kWan * kWan;
    // Set against what was accepted, once it has built in the months reported.
    if (start && *start <= MonthIndex(year, std::max(r, 1)) && done > 0 && r > 0 && w >= 0.05) {
      auto [pace, lag] = LagFor(pace_of_year(year), w, rng);
      if (year == this_year) h.pace = pace;
      double want = static_cast<double>(done) / (w - lag);
      if (want > static_cast<double>(room) && pace != Pace::kOnTrack) {
        // Too little left for a plan that far ahead: the site did less than its curve this year.
        double f = static_cast<double>(room) * (w - lag) / static_cast<double>(done) * 0.99;
        done = 0;
        for (auto& rep : h.reports) {
          if (rep.period.year != year || rep.status != ReportStatus::kAccepted) continue;
          if (rep.site == SiteStatus::kStarted) {
            rep.investment = static_cast<Fen>(static_cast<double>(rep.investment) * f) / kUnit * kUnit;
            for (auto& fund : rep.funds_arrived) fund.amount = static_cast<Fen>(static_cast<double>(fund.amount) * f) / kUnit * kUnit;
            std::erase_if(rep.funds_arrived, [](const FundShare& fund) { return fund.amount <= 0; });
          }
          done += rep.investment;
        }
        want = static_cast<double>(done) / (w - lag);
      }
      planned = static_cast<Fen>(want);
    }
    planned = std::min(std::max<Fen>(planned / kWan, 1) * kWan, room);
    if (planned <= 0) continue;
    plan.planned_investment = planned;
    if (targets) plan.monthly_targets = Targets(planned, weights);
    bool completes = p.actual_completion ? p.actual_completion->year == year
                                         : finish && PeriodOf(*finish).year == year && !suspended_from;
    if (completes) {
      plan.progress_goal = rng.Chance(0.5) ? "年内竣工验收并投入使用" : "年内建成投用";
    } else {
      int goal = start ? shape[std::clamp(dec - *start, 0, static_cast<int>(shape.size()) - 1)] / 100 : 5;
      if (!start || *start > dec) goal = 5;
      char text[160];
      if (new_start) {
        int month = start ? PeriodOf(*start).month : p.planned_start->month;
        std::snprintf(text, sizeof text, "%d月开工建设，年底形象进度达到%d%%", month, std::max(goal, 5));
      } else {
        std::snprintf(text, sizeof text, "完成年度投资计划，年底形象进度达到%d%%", std::max(goal, 5));
      }
      plan.progress_goal = text;
    }
    h.plans.push_back(std::move(plan));
    h.plan_stamps.push_back(Capped(Stamp({year, 1, rng.Between(15, 28)}, rng.Between(9, 17), rng.Between(0, 59)), now));
  }

  // Versions and stamps: a few corrections in the three months before the previous one, a
  // few reports returned once in the last half year.
  std::vector<MonthlyReport> out;
  out.reserve(h.reports.size() + 2);
  for (auto& r : h.reports) {
    int mi = MonthIndex(r.period);
    Period next = PeriodOf(mi + 1);
    int day = rng.Between(1, 8);
    int hour = rng.Between(9, 16);
    ProjectHistory::Stamps st;
    st.created = Capped(Stamp({next.year, next.month, day}, hour, rng.Between(0, 59)), now);
    if (r.status == ReportStatus::kAccepted && mi >= last - 6 && mi < last && rng.Chance(0.04)) {
      r.version = 6;  // submitted, returned, saved, submitted again, accepted
      st.submitted = Capped(Stamp({next.year, next.month, std::min(day + 2, 10)}, hour + 1, 0), now);
    } else if (r.status != ReportStatus::kDraft) {
      r.version = r.status == ReportStatus::kSubmitted ? 2 : 3;
      st.submitted = Capped(Stamp({next.year, next.month, day}, hour + 1, rng.Between(0, 59)), now);
    } else {
      r.version = rng.Between(1, 2);
    }
    if (r.status == ReportStatus::kAccepted || r.status == ReportStatus::kReturned) {
      st.reviewed = Capped(Stamp({next.year, next.month, std::min(day + rng.Between(1, 3), 12)}, 10, rng.Between(0, 59)), now);
      if (st.reviewed < st.submitted) st.reviewed = st.submitted;
    }
    if (r.status == ReportStatus::kAccepted && mi >= last - 3 && mi < last && rng.Chance(0.03)) {
      // The first version, accepted and later superseded by the correction.
      MonthlyReport v1 = r;
      v1.status = ReportStatus::kSuperseded;
      v1.version = 4;
      Fen wrong = r.investment * rng.Between(80, 120) / 100 / kUnit * kUnit;
      v1.investment = std::clamp<Fen>(wrong == r.investment ? r.investment + kUnit : wrong, 0, total);
      out.push_back(std::move(v1));
      h.stamps.push_back(st);
      r.version_no = 2;
      r.supersedes = static_cast<int64_t>(out.size());
      r.version = 4;
      Date fix{next.year, next.month, std::min(day + 5, 20)};
      st.created = Capped(Stamp(fix, 9, 30), now);
      st.submitted = Capped(Stamp(fix, 11, 0), now);
      st.reviewed = Capped(Stamp(fix, 15, 0), now);
    }
    out.push_back(std::move(r));
    h.stamps.push_back(std::move(st));
  }
  h.reports = std::move(out);
  return h;
}

std::optional<Date> RegistrationDate(const Project& p, size_t index, const ReportGenInput& in) {
  if (!p.actual_start || *p.actual_start > in.today) return std::nullopt;
  Rng rng(Mix(in.seed * 0x100000001b3ULL ^ Mix(index + 0x7265676973ULL)));
  std::chrono::sys_days start{std::chrono::year(p.actual_start->year) / p.actual_start->month / p.actual_start->day};
  std::chrono::sys_days today{std::chrono::year(in.today.year) / in.today.month / in.today.day};
  bool recent = today - start < std::chrono::days(122);
  if (recent && rng.Chance(1.0 / 6)) return std::nullopt;
  std::chrono::sys_days on = std::min(today, start + std::chrono::days(rng.Between(3, 28)));
  std::chrono::year_month_day ymd{on};
  return Date{static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
              static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

namespace {

// Rows appended to a multi-row INSERT and sent in statements of `rows_per_statement` rows, and
// of powers of two for the rest, so that few distinct SQL texts exist (SQLite keeps each one
// prepared; preparing one costs the square of its parameters, hence the modest size).
class BatchInsert {
 public:
  // Rows of `follower` may refer to rows of this one: it is flushed right after this one, and
  // only then (it never fills up by itself).
  BatchInsert(store::Connection& c, std::string head, size_t columns, size_t rows_per_statement,
              BatchInsert* follower = nullptr)
      : c_(c), head_(std::move(head)), columns_(columns), rows_(rows_per_statement), follower_(follower) {
    if (follower_) follower_->led_ = true;
  }

  core::Status Add(store::Params row) {
    for (auto& v : row) params_.push_back(std::move(v));
    if (!led_ && params_.size() >= columns_ * rows_) return Flush();
    return core::Status::Ok();
  }

  core::Status Flush() {
    size_t done = 0, left = params_.size() / columns_;
    while (left > 0) {
      size_t n = rows_;
      while (n > left) n = std::bit_floor(n - 1);
      std::string& sql = texts_[n];
      if (sql.empty()) sql = Sql(n);
      store::Params chunk(std::make_move_iterator(params_.begin() + static_cast<std::ptrdiff_t>(done * columns_)),
                          std::make_move_iterator(params_.begin() + static_cast<std::ptrdiff_t>((done + n) * columns_)));
      auto r = c_.Exec(sql, chunk);
      if (!r) return r.error();
      done += n;
      left -= n;
    }
    params_.clear();
    return follower_ ? follower_->Flush() : core::Status::Ok();
  }

 private:
  std::string Sql(size_t n) const {
    std::string sql = head_;
    sql.reserve(head_.size() + n * columns_ * 7);
    size_t p = 1;
    for (size_t i = 0; i < n; ++i) {
      sql += i ? ", (" : " (";
      for (size_t j = 0; j < columns_; ++j) {
        if (j) sql += ", ";
        sql += "$" + std::to_string(p++);
      }
      sql += ")";
    }
    return sql;
  }

  store::Connection& c_;
  std::string head_;
  size_t columns_;
  size_t rows_;
  BatchInsert* follower_;
  bool led_ = false;
  store::Params params_;
  std::map<size_t, std::string> texts_;
};

std::string StatusName(ReportStatus s) { return std::string(domain::ReportStatusName(s)); }

store::Value OrNull(const std::string& s) { return s.empty() ? store::Null() : store::Value(s); }

}  // namespace

core::Result<ReportGenCounts> InsertReportHistory(store::Connection& c, const std::vector<Project>& projects,
                                                  const ReportGenInput& in, const ReportGenAccounts& accounts,
                                                  const std::string& now) {
  ReportGenCounts counts;
  // The rounds: each month's window is the 1st to the 10th of the next.
  const int last = MonthIndex(LastPeriod(in.today));
  for (int m = MonthIndex(FirstPeriod(in)); m <= last; ++m) {
    Period period = PeriodOf(m), next = PeriodOf(m + 1);
    store::DispatchRound round;
    round.name = std::to_string(period.year) + "年" + std::to_string(period.month) + "月调度";
    round.period = period;
    round.opens_on = {next.year, next.month, 1};
    round.closes_on = {next.year, next.month, 10};
    if (m == last && in.today.day > 10) {
      // The office kept the last round open to the month's end for the latecomers.
      round.closes_on = {next.year, next.month, next.month == 2 ? 28 : (next.month == 4 || next.month == 6 || next.month == 9 || next.month == 11) ? 30 : 31};
    }
    Period before = PeriodOf(m);
    std::string created = Capped(Stamp({before.year, before.month, 28}, 9, 0), now);
    auto r = store::CreateRound(c, round, accounts.office_user_id, created);
    if (!r) return core::Fail(std::move(r.error()));
    ++counts.rounds;
  }

  auto max_id = c.Query("SELECT COALESCE(MAX(id), 0) AS n FROM monthly_reports");
  if (!max_id) return core::Fail(std::move(max_id.error()));
  int64_t next_id = max_id->First().Int("n") + 1;

  // Rows per statement. The SQLite driver binds "$N" by name, which SQLite looks up along the
  // statement's list of names: a statement costs the square of its parameters, so SQLite gets
  // small statements; PostgreSQL gets larger ones to save round trips.
  const bool sqlite = c.engine() == store::Engine::kSqlite;
  BatchInsert funds(c, "INSERT INTO report_funds (report_id, position, source, amount) VALUES", 4,
                    sqlite ? 32 : 512);
  BatchInsert plans(c,
                    "INSERT INTO annual_plans (project_id, year, planned_investment, monthly_targets, progress_goal,"
                    " status, review_reason, version, created_at, updated_at) VALUES",
                    10, sqlite ? 16 : 128);
  BatchInsert reports(c,
                      "INSERT INTO monthly_reports (id, project_id, year, month, version_no, supersedes_id, status,"
                      " investment, progress_text, progress, workers_required, workers_on_site, site_status, problems,"
                      " next_plan, review_reason, created_by, submitted_at, reviewed_by, reviewed_at, version,"
                      " created_at, updated_at) VALUES",
                      23, sqlite ? 8 : 128, &funds);

  for (size_t i = 0; i < projects.size(); ++i) {
    const Project& p = projects[i];
    ProjectHistory h = GenerateHistory(p, i, in, now);
    for (size_t k = 0; k < h.plans.size(); ++k) {
      const AnnualPlan& plan = h.plans[k];
      GJ_FAIL_IF_ERROR(domain::ValidateAnnualPlan(plan));
      std::string targets;
      if (plan.monthly_targets) {
        for (size_t m = 0; m < 12; ++m) targets += (m ? "," : "") + std::to_string((*plan.monthly_targets)[m]);
      }
      GJ_FAIL_IF_ERROR(plans.Add({plan.project_id, static_cast<int64_t>(plan.year), plan.planned_investment,
                                    OrNull(targets), plan.progress_goal, StatusName(plan.status), plan.review_reason,
                                    plan.version, h.plan_stamps[k], h.plan_stamps[k]}));
      ++counts.plans;
    }
    const int64_t base = next_id;
    bool own = accounts.owner_org_id && p.owner_org_id == accounts.owner_org_id && accounts.owner_user_id;
    store::Value author = own ? store::Value(*accounts.owner_user_id) : store::Null();
    for (size_t k = 0; k < h.reports.size(); ++k) {
      const MonthlyReport& r = h.reports[k];
      GJ_FAIL_IF_ERROR(domain::ValidateReport(r));
      const auto& st = h.stamps[k];
      int64_t id = base + static_cast<int64_t>(k);
      bool reviewed = !st.reviewed.empty();
      const std::string& updated = reviewed ? st.reviewed : !st.submitted.empty() ? st.submitted : st.created;
      GJ_FAIL_IF_ERROR(reports.Add(
          {id, p.id, static_cast<int64_t>(r.period.year), static_cast<int64_t>(r.period.month),
           static_cast<int64_t>(r.version_no), r.supersedes ? store::Value(base + *r.supersedes - 1) : store::Null(),
           StatusName(r.status), r.investment, r.progress_text, static_cast<int64_t>(r.progress),
           static_cast<int64_t>(r.workers_required), static_cast<int64_t>(r.workers_on_site),
           std::string(domain::SiteStatusName(r.site)), r.problems, r.next_plan, r.review_reason, author,
           OrNull(st.submitted), reviewed ? store::Value(accounts.office_user_id) : store::Null(), OrNull(st.reviewed),
           r.version, st.created, updated}));
      for (size_t f = 0; f < r.funds_arrived.size(); ++f) {
        GJ_FAIL_IF_ERROR(funds.Add({id, static_cast<int64_t>(f),
                                      std::string(domain::FundSourceName(r.funds_arrived[f].source)),
                                      r.funds_arrived[f].amount}));
        ++counts.funds;
      }
      ++counts.reports;
    }
    next_id += static_cast<int64_t>(h.reports.size());
  }
  GJ_FAIL_IF_ERROR(plans.Flush());
  GJ_FAIL_IF_ERROR(reports.Flush());  // and then the funds
  if (c.engine() == store::Engine::kPostgres && next_id > 1) {
    auto s = c.Query("SELECT setval(pg_get_serial_sequence('monthly_reports', 'id'), CAST($1 AS BIGINT))",
                     {next_id - 1});
    if (!s) return core::Fail(std::move(s.error()));
  }
  return counts;
}

}  // namespace gongjian::demo
