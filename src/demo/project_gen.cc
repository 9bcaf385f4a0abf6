#include "demo/project_gen.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <numbers>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <utility>

#include <nlohmann/json.hpp>

#include "domain/text.h"

namespace gongjian::demo {
namespace {

using domain::ApprovalRegime;
using domain::ConstructionNature;
using domain::Date;
using domain::Fen;
using domain::FundShare;
using domain::FundSource;
using domain::InvestmentSubject;
using domain::LifecycleState;
using domain::Project;
using domain::ProjectCategory;
using domain::ProjectLevel;
using domain::Review;
using domain::Stage;

// ---------------------------------------------------------------------------------------
// Randomness. Our own generator and our own distributions, so that the output is the same
// with every standard library.

uint64_t Mix(uint64_t z) {
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// A number in [-1, 1] fixed by its arguments: jitter that does not depend on call order.
double Jitter(uint64_t a, uint64_t b, uint64_t c) {
  uint64_t h = Mix(Mix(Mix(a) ^ b) ^ c);
  return static_cast<double>(h >> 11) * 0x1.0p-52 - 1.0;
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
  // Roughly standard normal (Irwin–Hall of four uniforms).
  double Normal() {
    double sum = 0;
    for (int i = 0; i < 4; ++i) sum += Unit();  // one by one: `a() + b()` has no fixed order
    return (sum - 2.0) * std::sqrt(3.0);
  }
  template <typename T, size_t N>
  const T& Pick(const T (&a)[N]) {
    return a[Below(N)];
  }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[Below(v.size())];
  }

 private:
  uint64_t state_;
};

// An index into `weights` drawn in proportion to them.
template <size_t N>
size_t Weighted(Rng& rng, const int (&weights)[N]) {
  int total = 0;
  for (int w : weights) total += w;
  int x = static_cast<int>(rng.Below(static_cast<size_t>(total)));
  for (size_t i = 0; i < N; ++i) {
    if (x < weights[i]) return i;
    x -= weights[i];
  }
  return N - 1;
}

// ---------------------------------------------------------------------------------------
// The map: a grid of towns, rows from north to south, whose inner vertices are jittered and
// whose edges wiggle. Computed in a local plane in kilometres, then mapped to lon/lat.

constexpr double kLonMin = 117.10;
constexpr double kLonMax = 117.55;
constexpr double kLatMin = 31.70;
constexpr double kLatMax = 31.98;
constexpr double kKmPerDegLat = 111.0;
constexpr double kKmPerDegLon = 94.3;  // 111 km × cos(31.84°)
constexpr double kWidthKm = (kLonMax - kLonMin) * kKmPerDegLon;
constexpr double kHeightKm = (kLatMax - kLatMin) * kKmPerDegLat;
// Jitter of a vertex, as a share of the cell's size, and the three parts of an edge's wiggle
// (one bow, a meander, small noise), as shares of the cell size across the edge. PointInTown
// keeps kCoreMargin away from the nominal cell border, more than all of them together, so
// its points stay inside however the borders move.
constexpr double kVertexJitter = 0.14;
constexpr double kEdgeBow = 0.04;
constexpr double kEdgeMeander = 0.02;
constexpr double kEdgeWiggle = 0.03;
constexpr double kCoreMargin = 0.24;
static_assert(kVertexJitter + kEdgeBow + kEdgeMeander + kEdgeWiggle < kCoreMargin);

struct Pt {
  double x = 0;  // km east of kLonMin
  double y = 0;  // km north of kLatMin
};

struct Layout {
  size_t rows = 1;
  std::vector<size_t> cols;   // cells in each row
  std::vector<size_t> first;  // index of each row's first town
  double row_h = 0;
  double min_cell_w = 0;
};

// Rows chosen so that cells come out roughly square (10 towns: 2 rows of 5); the
// remainder goes to the northern rows, one extra cell each.
Layout MakeLayout(size_t n) {
  n = std::max<size_t>(n, 1);
  Layout l;
  l.rows = static_cast<size_t>(std::floor(std::sqrt(static_cast<double>(n) * kHeightKm / kWidthKm) + 0.25));
  l.rows = std::clamp<size_t>(l.rows, 1, n);
  size_t first = 0;
  size_t max_cols = 0;
  for (size_t r = 0; r < l.rows; ++r) {
    size_t c = n / l.rows + (r < n % l.rows ? 1 : 0);
    l.cols.push_back(c);
    l.first.push_back(first);
    first += c;
    max_cols = std::max(max_cols, c);
  }
  l.row_h = kHeightKm / static_cast<double>(l.rows);
  l.min_cell_w = kWidthKm / static_cast<double>(max_cols);
  return l;
}

std::pair<size_t, size_t> CellOf(const Layout& l, size_t index) {
  size_t r = l.rows - 1;
  while (r > 0 && l.first[r] > index) --r;
  return {r, index - l.first[r]};
}

// A vertex on horizontal line h (0 = northern border) at fraction k/c of the width.
struct Frac {
  size_t k = 0;
  size_t c = 1;
  double Value() const { return static_cast<double>(k) / static_cast<double>(c); }
  bool operator==(const Frac& o) const { return k * o.c == o.k * c; }
};

struct Line {
  std::vector<Frac> fracs;
  std::vector<Pt> nodes;
  std::vector<std::vector<Pt>> edges;  // edges[j] runs from nodes[j] to nodes[j + 1], west to east
};

// The points from a to b (both included), wiggled across the edge's direction. The wiggle
// vanishes towards both ends so that edges meet cleanly at vertices.
std::vector<Pt> WiggleEdge(Pt a, Pt b, double across, uint64_t salt) {
  double dx = b.x - a.x;
  double dy = b.y - a.y;
  double len = std::hypot(dx, dy);
  double scale = std::min(len, across);
  size_t steps = std::max<size_t>(2, static_cast<size_t>(std::ceil(len / 0.9)));
  double nx = -dy / len;
  double ny = dx / len;
  double bow = kEdgeBow * scale * Jitter(salt, 0, 1);
  double meander = kEdgeMeander * scale * Jitter(salt, 0, 7);
  double waves = 2 + static_cast<double>(Mix(salt) % 2);
  double wiggle = std::min(kEdgeWiggle * scale, 0.35);
  std::vector<Pt> out;
  out.reserve(steps + 1);
  out.push_back(a);
  for (size_t i = 1; i < steps; ++i) {
    double t = static_cast<double>(i) / static_cast<double>(steps);
    double off = std::sin(std::numbers::pi * t) *
                 (bow + meander * std::sin(std::numbers::pi * waves * t) + wiggle * Jitter(salt, i, 2));
    out.push_back({a.x + t * dx + nx * off, a.y + t * dy + ny * off});
  }
  out.push_back(b);
  return out;
}

size_t FindFrac(const Line& line, Frac f) {
  for (size_t i = 0; i < line.fracs.size(); ++i) {
    if (line.fracs[i] == f) return i;
  }
  return 0;  // unreachable: every cell corner is on its lines
}

// Each town's ring (counter-clockwise, closed) in the plane. Every shared border is made
// once and used by both neighbours, so they agree point for point.
std::vector<std::vector<Pt>> TownRings(size_t n) {
  const Layout l = MakeLayout(n);
  const size_t rows = l.rows;
  std::vector<Line> lines(rows + 1);
  for (size_t h = 0; h <= rows; ++h) {
    Line& line = lines[h];
    for (size_t r : {h - 1, h}) {
      if (r >= rows) continue;  // h - 1 wraps for h = 0
      for (size_t k = 0; k <= l.cols[r]; ++k) line.fracs.push_back({k, l.cols[r]});
    }
    std::sort(line.fracs.begin(), line.fracs.end(), [](const Frac& a, const Frac& b) { return a.k * b.c < b.k * a.c; });
    line.fracs.erase(std::unique(line.fracs.begin(), line.fracs.end()), line.fracs.end());
    double y0 = kHeightKm * (1.0 - static_cast<double>(h) / static_cast<double>(rows));
    bool inner_line = h > 0 && h < rows;
    for (size_t i = 0; i < line.fracs.size(); ++i) {
      double x0 = line.fracs[i].Value() * kWidthKm;
      double gap = kWidthKm;
      if (i > 0) gap = std::min(gap, x0 - line.fracs[i - 1].Value() * kWidthKm);
      if (i + 1 < line.fracs.size()) gap = std::min(gap, line.fracs[i + 1].Value() * kWidthKm - x0);
      bool inner_x = i > 0 && i + 1 < line.fracs.size();
      Pt p{x0, y0};
      if (inner_x) p.x += std::min(kVertexJitter * l.min_cell_w, 0.25 * gap) * Jitter(h, i, 3);
      if (inner_line) p.y += std::min(kVertexJitter * l.row_h, 0.12 * gap) * Jitter(h, i, 4);
      line.nodes.push_back(p);
    }
    for (size_t j = 0; j + 1 < line.nodes.size(); ++j) {
      line.edges.push_back(WiggleEdge(line.nodes[j], line.nodes[j + 1], l.row_h, Mix(h * 1000 + j) ^ 5));
    }
  }
  // verticals[r][k]: the border west of cell k of row r, from north to south.
  std::vector<std::vector<std::vector<Pt>>> verticals(rows);
  for (size_t r = 0; r < rows; ++r) {
    for (size_t k = 0; k <= l.cols[r]; ++k) {
      Frac f{k, l.cols[r]};
      Pt top = lines[r].nodes[FindFrac(lines[r], f)];
      Pt bottom = lines[r + 1].nodes[FindFrac(lines[r + 1], f)];
      verticals[r].push_back(WiggleEdge(top, bottom, l.min_cell_w, Mix(r * 1000 + k) ^ 6));
    }
  }
  std::vector<std::vector<Pt>> rings;
  auto append = [](std::vector<Pt>& ring, auto first, auto last) {
    for (auto it = first; it != last; ++it) {
      if (!ring.empty() && ring.back().x == it->x && ring.back().y == it->y) continue;
      ring.push_back(*it);
    }
  };
  for (size_t r = 0; r < rows; ++r) {
    for (size_t k = 0; k < l.cols[r]; ++k) {
      Frac west{k, l.cols[r]};
      Frac east{k + 1, l.cols[r]};
      std::vector<Pt> ring;
      const auto& left = verticals[r][k];
      append(ring, left.begin(), left.end());  // north-west to south-west
      const Line& south = lines[r + 1];
      for (size_t j = FindFrac(south, west); j < FindFrac(south, east); ++j) {
        append(ring, south.edges[j].begin(), south.edges[j].end());  // west to east
      }
      const auto& right = verticals[r][k + 1];
      append(ring, right.rbegin(), right.rend());  // south-east to north-east
      const Line& north = lines[r];
      for (size_t j = FindFrac(north, east); j > FindFrac(north, west); --j) {
        append(ring, north.edges[j - 1].rbegin(), north.edges[j - 1].rend());  // east to west
      }
      rings.push_back(std::move(ring));  // ends where it began: closed
    }
  }
  return rings;
}

double Round6(double v) { return std::round(v * 1e6) / 1e6; }

LonLat ToLonLat(Pt p) { return {kLonMin + p.x / kKmPerDegLon, kLatMin + p.y / kKmPerDegLat}; }

// PointInTown on a layout made once.
LonLat PointInCell(const Layout& l, size_t index, double u, double v) {
  auto [r, k] = CellOf(l, index);
  double cell_w = kWidthKm / static_cast<double>(l.cols[r]);
  double x0 = cell_w * static_cast<double>(k);
  double y0 = l.row_h * static_cast<double>(l.rows - 1 - r);
  u = std::clamp(u, 0.0, 1.0);
  v = std::clamp(v, 0.0, 1.0);
  return ToLonLat({x0 + cell_w * (kCoreMargin + u * (1 - 2 * kCoreMargin)),
                   y0 + l.row_h * (kCoreMargin + v * (1 - 2 * kCoreMargin))});
}

// ---------------------------------------------------------------------------------------
// Dates.

std::chrono::sys_days ToDays(const Date& d) {
  return std::chrono::sys_days(std::chrono::year(d.year) / std::chrono::month(static_cast<unsigned>(d.month)) /
                               std::chrono::day(static_cast<unsigned>(d.day)));
}

Date FromDays(std::chrono::sys_days s) {
  std::chrono::year_month_day ymd(s);
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

Date AddDays(const Date& d, int n) { return FromDays(ToDays(d) + std::chrono::days(n)); }

int DaysBetween(const Date& a, const Date& b) { return static_cast<int>((ToDays(b) - ToDays(a)).count()); }

// ---------------------------------------------------------------------------------------
// Vocabulary. Every name, company and place here is invented.

constexpr const char* kDistrict = "示范区";
constexpr const char* kRegionCode = "990101";  // fictional: no real division starts with 99

constexpr const char* kNumerals[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

// 1..99 in Chinese numerals.
std::string Numeral(int n) {
  n = std::clamp(n, 1, 99);
  std::string s;
  if (n >= 20) s += kNumerals[n / 10];
  if (n >= 10) s += "十";
  s += kNumerals[n % 10];
  return s;
}

struct Product {
  const char* name;
  const char* unit;
  std::array<int, 4> amounts;
  const char* industry;
  int code;  // 国民经济行业 division, for the national code
};

const Product kProducts[] = {
    {"锂电池隔膜", "万平方米", {5000, 10000, 20000, 30000}, "新材料", 29},
    {"光伏组件", "GW", {1, 2, 5, 10}, "新能源", 38},
    {"动力电池", "GWh", {2, 5, 10, 20}, "新能源", 38},
    {"储能电池", "GWh", {1, 2, 5, 10}, "新能源", 38},
    {"新能源汽车零部件", "万套", {10, 30, 50, 100}, "汽车零部件", 36},
    {"汽车线束", "万套", {50, 100, 200, 300}, "汽车零部件", 36},
    {"汽车轻量化部件", "万件", {50, 100, 200, 500}, "汽车零部件", 36},
    {"精密轴承", "万套", {100, 300, 500, 1000}, "高端装备制造", 34},
    {"工业机器人", "台", {500, 1000, 2000, 5000}, "高端装备制造", 34},
    {"液压元件", "万件", {20, 50, 100, 200}, "高端装备制造", 34},
    {"数控机床", "台", {300, 500, 1000, 2000}, "高端装备制造", 34},
    {"电动工具", "万台", {50, 100, 200, 500}, "高端装备制造", 34},
    {"智能家电", "万台", {50, 100, 200, 300}, "智能家电", 38},
    {"电子级化学品", "万吨", {1, 2, 3, 5}, "精细化工", 26},
    {"环保涂料", "万吨", {1, 3, 5, 10}, "精细化工", 26},
    {"高性能纤维", "万吨", {1, 2, 5, 10}, "新材料", 28},
    {"碳纤维复合材料", "吨", {1000, 2000, 5000, 10000}, "新材料", 30},
    {"功能性薄膜", "万吨", {1, 2, 3, 5}, "新材料", 29},
    {"特种钢材", "万吨", {10, 20, 30, 50}, "新材料", 31},
    {"再生铝", "万吨", {5, 10, 20, 30}, "有色金属", 32},
    {"铝合金型材", "万吨", {3, 5, 10, 15}, "新材料", 32},
    {"绿色建材", "万吨", {10, 20, 50, 100}, "绿色建材", 30},
    {"装配式建筑构件", "万立方米", {5, 10, 20, 30}, "装配式建筑", 30},
    {"光学镜片", "万片", {500, 1000, 2000, 5000}, "光电", 39},
    {"半导体封装材料", "亿只", {1, 5, 10, 20}, "集成电路", 39},
    {"智能传感器", "万只", {500, 1000, 3000, 5000}, "电子信息", 39},
    {"服务器", "万台", {5, 10, 20, 30}, "电子信息", 39},
    {"显示模组", "万片", {500, 1000, 2000, 3000}, "新型显示", 39},
    {"电子元器件", "亿只", {5, 10, 20, 50}, "电子信息", 39},
    {"医用耗材", "亿件", {1, 2, 5, 10}, "医疗器械", 35},
    {"医疗设备", "万台", {1, 2, 5, 10}, "医疗器械", 35},
    {"中药饮片", "吨", {2000, 5000, 10000, 20000}, "生物医药", 27},
    {"原料药", "吨", {100, 200, 500, 1000}, "生物医药", 27},
    {"预制菜", "万吨", {1, 3, 5, 10}, "绿色食品", 13},
    {"冷链食品", "万吨", {2, 5, 10, 20}, "绿色食品", 13},
    {"乳制品", "万吨", {5, 10, 20, 30}, "绿色食品", 14},
    {"包装饮用水", "万吨", {10, 20, 50, 100}, "绿色食品", 15},
    {"生物饲料", "万吨", {10, 20, 30, 50}, "农产品加工", 13},
    {"有机肥", "万吨", {5, 10, 20, 30}, "农产品加工", 26},
    {"纸制品", "万吨", {5, 10, 20, 30}, "轻工", 22},
    {"环保包装材料", "万吨", {2, 5, 10, 20}, "轻工", 29},
    {"纺织面料", "万米", {1000, 3000, 5000, 10000}, "纺织服装", 17},
    {"品牌服装", "万件", {100, 300, 500, 1000}, "纺织服装", 18},
    {"家居板材", "万立方米", {10, 20, 30, 50}, "现代家居", 20},
    {"定制家具", "万套", {5, 10, 20, 30}, "现代家居", 21},
    {"氢燃料电池电堆", "套", {1000, 2000, 5000, 10000}, "新能源", 38},
    {"风电装备", "套", {100, 200, 300, 500}, "新能源", 34},
    {"工业无人机", "架", {1000, 2000, 5000, 10000}, "低空经济", 37},
};

struct Sector {
  const char* name;  // 产业词
  int code;
};

const Sector kSectors[] = {
    {"高端装备", 34},   {"新能源汽车零部件", 36},
    {"新材料", 30},     {"电子信息", 39},
    {"生物医药", 27},   {"绿色食品", 13},
    {"节能环保", 35},   {"智能网联汽车", 36},
    {"纺织服装", 17},   {"光伏", 38},
    {"储能", 38},       {"现代家居", 21},
    {"精细化工", 26},   {"医疗器械", 35},
    {"智能家电", 38},   {"装配式建筑", 30},
    {"农产品加工", 13}, {"航空零部件", 37},
    {"低空经济", 37},   {"机器人", 34},
    {"集成电路", 39},   {"氢能", 38},
    {"新型显示", 39},   {"精密零部件", 34},
};

// Company names: two syllables, e.g. 鼎源, 瑞辰.
constexpr const char* kFirmA[] = {"华", "恒", "鼎", "瑞", "博", "嘉", "宏", "泰", "德", "信", "金", "元",
                                  "昊", "润", "锦", "远", "启", "卓", "联", "聚", "安", "盛", "中", "新"};
constexpr const char* kFirmB[] = {"晟", "邦", "源", "达", "川", "科", "拓", "创", "辰", "屹",
                                  "弘", "瀚", "宇", "腾", "峰", "越", "扬", "睿", "诺", "凯"};
constexpr const char* kRoadStems[] = {"长江", "淮河", "迎宾", "文昌", "兴业", "创新", "科技", "振兴", "和平",
                                      "人民", "建设", "光明", "新华", "幸福", "紫云", "翠微", "锦绣", "凤凰",
                                      "龙湖", "青年", "学府", "望江", "云谷", "明珠", "玉兰", "香樟", "银杏",
                                      "丹霞", "天河", "金桥", "宝塔", "东风", "朝阳", "团结", "友谊", "春晖"};
constexpr const char* kRoadKinds[] = {"路", "大道", "街", "东路", "西路", "南路", "北路"};
constexpr const char* kRiverStems[] = {"清溪", "柳溪", "白沙", "青龙", "金沙", "玉带", "杨柳", "桃花",
                                       "石门", "凤鸣", "龙潭", "双河", "月牙", "碧波", "黄泥", "永安"};
constexpr const char* kRiverKinds[] = {"河", "渠", "港", "沟", "湖"};
constexpr const char* kEstateStems[] = {"幸福", "和平", "东苑", "西苑", "南苑", "北苑", "康居", "安居",
                                        "怡景", "翠园", "锦苑", "丽景", "华庭", "阳光", "春晖", "桂花",
                                        "滨河", "育才", "振兴", "民主", "工人", "纺织", "粮站", "供销"};
constexpr const char* kEstateKinds[] = {"小区", "花园", "家园", "新村", "苑"};
constexpr const char* kScenic[] = {"青龙山", "白云湖", "凤凰岭", "桃花谷", "卧龙湾", "翠屏山",
                                   "明月湖", "云雾峰", "石门峡", "鹭鸣洲", "古驿道", "银杏湾"};
constexpr const char* kMountains[] = {"青龙山", "凤凰岭", "翠屏山", "云雾峰", "石门峡", "卧牛山", "紫金岭", "鹰嘴崖"};
// Quarters of a town, neutral enough for any town.
constexpr const char* kZones[] = {"滨湖", "高铁站前", "老城", "北站", "科学城",   "临港", "商务区", "滨河",
                                  "文教", "中心",     "站前", "临湖", "工业遗存", "老街", "湖畔",   "新区"};
constexpr const char* kVillageStems[] = {"李", "王", "张", "陈", "刘", "赵", "孙", "周", "吴", "郑",
                                         "钱", "杨", "胡", "朱", "高", "何", "罗", "许", "韩", "冯"};
constexpr const char* kVillageKinds[] = {"庄", "岗", "湾", "桥", "集", "圩", "店", "塘", "郢", "寨", "洼"};
constexpr const char* kDirections[] = {"东", "西", "南", "北"};
constexpr const char* kSurnames[] = {"张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴",
                                     "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "高", "罗",
                                     "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹"};
constexpr const char* kGivenNames[] = {"伟",   "芳", "娜", "敏", "静", "磊",   "强", "军", "洋", "勇",
                                       "艳",   "杰", "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英",
                                       "建华", "文", "华", "鑫", "浩", "宇",   "晨", "欣", "婷", "志远"};

// What the content sentence describes; each name pattern has one.
enum class Content {
  kFactoryLine,
  kMfgBase,
  kIndustrialPark,
  kRnD,
  kRetrofit,
  kRoad,
  kBridge,
  kHighway,
  kSewage,
  kWaterSupply,
  kPipeGallery,
  kSubstation,
  kSolar,
  kCharging,
  kBaseStation,
  kDataCenter,
  kGasPipe,
  kBusDepot,
  kParking,
  kLogistics,
  kFlood,
  kHospital,
  kClinic,
  kSchool,
  kKindergarten,
  kHousing,
  kResettlement,
  kOldCommunity,
  kElderly,
  kMarket,
  kRiver,
  kWetland,
  kGreening,
  kMine,
  kFarmland,
  kVillage,
  kWasteTransfer,
  kWasteToEnergy,
  kVenue,
  kSports,
  kTourism,
  kPublicBuilding,
  kParkInfra,
  kPlantBuildings,
  kUrbanRenewal,
  kIncubator,
  kTalentHousing,
};

// Which owner unit fits: matched against owner names.
enum class OwnerKind { kTransport, kWater, kCulture, kUrban, kIndustryInvest, kEnterprise };

// A name pattern's output. The name is stem + tail; a repeated stem, or a phased pattern,
// becomes stem + N期 + phase_tail.
struct Draft {
  std::string stem;
  std::string tail;
  bool phased = false;
  Content content = Content::kFactoryLine;
  std::string industry;
  int industry_code = 48;
  ConstructionNature nature = ConstructionNature::kNew;
  double log_shift = 0;  // investment scale against the category's, in decades
  OwnerKind owner = OwnerKind::kUrban;
  const char* dept_primary = "发展和改革";
  const char* dept_secondary = "住房和城乡建设";
  // For content sentences that repeat figures from the name.
  const Product* product = nullptr;
  int amount = 0;
};

// The places of one project: its town and some roads and rivers around.
struct Places {
  std::string town;        // 柳河镇
  std::string town_short;  // 柳河
  std::string other_town_short;
  std::string park;  // may be empty
};

std::string TownShort(const std::string& name) {
  for (std::string_view suffix : {"街道办事处", "街道", "镇", "乡"}) {
    if (name.size() > suffix.size() && std::string_view(name).substr(name.size() - suffix.size()) == suffix) {
      return name.substr(0, name.size() - suffix.size());
    }
  }
  return name;
}

// The parts joined, evaluated left to right: a braced list is sequenced where `a + b` is not,
// so names come out the same with every compiler.
std::string Cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view p : parts) out += p;
  return out;
}

std::string Firm(Rng& rng) { return Cat({rng.Pick(kFirmA), rng.Pick(kFirmB)}); }
std::string Road(Rng& rng) { return Cat({rng.Pick(kRoadStems), rng.Pick(kRoadKinds)}); }
std::string River(Rng& rng) { return Cat({rng.Pick(kRiverStems), rng.Pick(kRiverKinds)}); }
std::string Estate(Rng& rng) { return Cat({rng.Pick(kEstateStems), rng.Pick(kEstateKinds)}); }
std::string Village(Rng& rng) { return Cat({rng.Pick(kVillageStems), rng.Pick(kVillageKinds)}); }

std::string Amount(int n, const char* unit) { return std::to_string(n) + unit; }

Draft IndustryDraft(Rng& rng, const Places& at) {
  Draft d;
  d.owner = OwnerKind::kEnterprise;
  d.dept_primary = "经济和信息化";
  d.dept_secondary = "投资促进";
  const Product& p = rng.Pick(kProducts);
  const Sector& s = rng.Pick(kSectors);
  d.industry = p.industry;
  d.industry_code = p.code;
  static const int kWeights[] = {30, 18, 8, 16, 14, 8, 6};
  switch (Weighted(rng, kWeights)) {
    case 0: {  // 年产5万吨…生产线项目
      d.product = &p;
      d.amount = p.amounts[rng.Below(4)];
      std::string capacity = "年产" + Amount(d.amount, p.unit) + p.name;
      switch (rng.Below(4)) {
        case 0:
          d.stem = capacity;
          d.tail = "项目";
          break;
        case 1:
          d.stem = capacity + "生产线";
          d.tail = "项目";
          break;
        default:
          d.stem = Firm(rng) + capacity;
          d.tail = "项目";
          break;
      }
      d.content = Content::kFactoryLine;
      break;
    }
    case 1:
      d.stem = Firm(rng) + s.name + "智能制造基地";
      d.tail = "建设项目";
      d.industry = s.name;
      d.industry_code = s.code;
      d.content = Content::kMfgBase;
      d.log_shift = 0.15;
      break;
    case 2:
      d.stem = at.town_short + s.name + "产业园";
      d.phased = true;
      d.industry = s.name;
      d.industry_code = s.code;
      d.content = Content::kIndustrialPark;
      d.owner = OwnerKind::kIndustryInvest;
      d.log_shift = 0.2;
      break;
    case 3: {
      static const char* kKinds[] = {"研发生产基地", "总部及研发中心", "产业化", "生产基地"};
      d.stem = Cat({Firm(rng), rng.Chance(0.5) ? s.name : p.name, rng.Pick(kKinds)});
      d.tail = "项目";
      if (d.stem.find(s.name) != std::string::npos) {
        d.industry = s.name;
        d.industry_code = s.code;
      }
      d.content = Content::kRnD;
      break;
    }
    case 4: {
      static const char* kKinds[] = {"生产线智能化改造", "技术改造", "数字化车间改造", "设备更新改造"};
      std::string kind = rng.Pick(kKinds);
      d.stem = Firm(rng) + (kind == "数字化车间改造" || kind == "设备更新改造" ? std::string() : p.name) + kind;
      d.tail = "项目";
      d.nature = ConstructionNature::kRenovation;
      d.content = Content::kRetrofit;
      d.log_shift = -0.35;
      break;
    }
    case 5:
      d.stem = Firm(rng) + p.name + "扩能";
      d.tail = "项目";
      d.nature = ConstructionNature::kExpansion;
      d.product = &p;
      d.amount = p.amounts[rng.Below(4)];
      d.content = Content::kFactoryLine;
      break;
    default:
      d.stem = Firm(rng) + p.name + "生产基地搬迁";
      d.tail = "项目";
      d.nature = ConstructionNature::kRelocation;
      d.product = &p;
      d.amount = p.amounts[rng.Below(4)];
      d.content = Content::kFactoryLine;
      break;
  }
  return d;
}

Draft InfrastructureDraft(Rng& rng, const Places& at) {
  Draft d;
  d.owner = OwnerKind::kUrban;
  d.industry = "市政公用";
  d.industry_code = 48;
  d.dept_primary = "住房和城乡建设";
  d.dept_secondary = "发展和改革";
  const std::string& t = at.town_short;
  static const int kWeights[] = {34, 6, 7, 20, 16, 8, 9};
  switch (Weighted(rng, kWeights)) {
    case 0: {  // roads
      d.industry = "交通";
      d.owner = OwnerKind::kTransport;
      d.dept_primary = "交通运输";
      d.content = Content::kRoad;
      std::string road = Road(rng);
      switch (rng.Below(6)) {
        case 0:
          d.stem = road + "道路改造";
          d.tail = "工程";
          d.nature = ConstructionNature::kRenovation;
          break;
        case 1:
          d.stem = road + "拓宽改造";
          d.tail = "工程";
          d.nature = ConstructionNature::kRenovation;
          break;
        case 2:
          d.stem = Cat({road, "（", Road(rng), "至", Road(rng), "段）"});
          d.tail = "新建工程";
          break;
        case 3:
          d.stem = road + rng.Pick(kDirections) + "延";
          d.tail = "工程";
          break;
        case 4:
          d.stem = t + road + "综合提升";
          d.tail = "工程";
          d.nature = ConstructionNature::kRenovation;
          break;
        default:
          d.stem = road + "快速化改造";
          d.tail = "工程";
          d.nature = ConstructionNature::kRenovation;
          d.log_shift = 0.3;
          break;
      }
      break;
    }
    case 1:
      d.industry = "交通";
      d.owner = OwnerKind::kTransport;
      d.dept_primary = "交通运输";
      d.content = Content::kBridge;
      if (rng.Chance(0.6)) {
        d.stem = Cat({Road(rng), "跨", River(rng), "大桥"});
        d.tail = "工程";
      } else {
        d.stem = t + River(rng) + "危桥改造";
        d.tail = "工程";
        d.nature = ConstructionNature::kRenovation;
        d.log_shift = -0.5;
      }
      break;
    case 2:
      d.industry = "交通";
      d.owner = OwnerKind::kTransport;
      d.dept_primary = "交通运输";
      d.content = Content::kHighway;
      d.log_shift = 0.35;
      if (rng.Chance(0.5)) {
        d.stem = t + "至" + at.other_town_short + "快速通道";
        d.tail = "工程";
      } else {
        d.stem = "S" + std::to_string(rng.Between(201, 399)) + t + "段改建";
        d.tail = "工程";
        d.nature = ConstructionNature::kRenovation;
      }
      break;
    case 3: {  // water and sewage
      d.industry = "市政公用";
      d.industry_code = 46;
      d.owner = OwnerKind::kWater;
      d.dept_secondary = "水利";
      switch (rng.Below(7)) {
        case 0:
          d.stem = t + "污水处理厂提标改造";
          d.tail = "工程";
          d.nature = ConstructionNature::kRenovation;
          d.content = Content::kSewage;
          break;
        case 1:
          d.stem = t + "污水处理厂扩建";
          d.tail = "工程";
          d.nature = ConstructionNature::kExpansion;
          d.content = Content::kSewage;
          break;
        case 2:
          d.stem = t + Road(rng) + "片区雨污分流改造";
          d.tail = "工程";
          d.nature = ConstructionNature::kRenovation;
          d.content = Content::kSewage;
          d.log_shift = -0.3;
          break;
        case 3:
          d.stem = t + "供水管网改造";
          d.tail = "工程";
          d.nature = ConstructionNature::kRenovation;
          d.content = Content::kWaterSupply;
          break;
        case 4:
          d.stem = std::string(kDistrict) + "第" + Numeral(rng.Between(2, 6)) + "水厂";
          d.tail = "建设工程";
          d.content = Content::kWaterSupply;
          d.log_shift = 0.3;
          break;
        case 5:
          d.stem = Road(rng) + "地下综合管廊";
          d.tail = "工程";
          d.content = Content::kPipeGallery;
          d.owner = OwnerKind::kUrban;
          d.log_shift = 0.3;
          break;
        default:
          d.stem = t + "城乡供水一体化";
          d.tail = "工程";
          d.content = Content::kWaterSupply;
          break;
      }
      break;
    }
    case 4: {  // energy and new infrastructure
      d.dept_primary = "发展和改革";
      d.dept_secondary = "经济和信息化";
      d.owner = OwnerKind::kIndustryInvest;
      switch (rng.Below(6)) {
        case 0: {
          static const int kVolts[] = {35, 110, 220};
          int volts = rng.Pick(kVolts);
          d.stem = t + std::to_string(volts) + "千伏输变电";
          d.log_shift = volts == 35 ? -0.7 : volts == 110 ? -0.2 : 0.2;
          d.tail = "工程";
          d.industry = "能源";
          d.industry_code = 44;
          d.content = Content::kSubstation;
          break;
        }
        case 1:
          d.amount = rng.Between(2, 40) * 5;
          d.stem = t + std::to_string(d.amount) + "兆瓦分布式光伏";
          d.tail = "项目";
          d.industry = "新能源";
          d.industry_code = 44;
          d.content = Content::kSolar;
          d.owner = OwnerKind::kEnterprise;
          break;
        case 2:
          d.stem = t + "充电基础设施";
          d.tail = "建设项目";
          d.industry = "新型基础设施";
          d.industry_code = 44;
          d.content = Content::kCharging;
          d.log_shift = -0.5;
          break;
        case 3:
          d.stem = t + "5G基站";
          d.tail = "建设项目";
          d.industry = "新型基础设施";
          d.industry_code = 63;
          d.content = Content::kBaseStation;
          d.log_shift = -0.4;
          break;
        case 4:
          d.stem = std::string(kDistrict) + Firm(rng) + "算力中心";
          d.tail = "项目";
          d.industry = "新型基础设施";
          d.industry_code = 64;
          d.content = Content::kDataCenter;
          d.log_shift = 0.4;
          d.owner = OwnerKind::kEnterprise;
          break;
        default:
          d.stem = t + "天然气中压管网";
          d.tail = "工程";
          d.industry = "能源";
          d.industry_code = 45;
          d.content = Content::kGasPipe;
          d.log_shift = -0.3;
          break;
      }
      break;
    }
    case 5: {
      d.industry = "交通";
      d.owner = OwnerKind::kTransport;
      d.dept_primary = "交通运输";
      switch (rng.Below(4)) {
        case 0:
          d.stem = t + "公交首末站";
          d.tail = "建设项目";
          d.content = Content::kBusDepot;
          d.log_shift = -0.6;
          break;
        case 1:
          d.stem = t + Road(rng) + "智慧停车场";
          d.tail = "建设项目";
          d.content = Content::kParking;
          d.log_shift = -0.5;
          break;
        case 2:
          d.stem = t + "城乡物流配送中心";
          d.tail = "建设项目";
          d.content = Content::kLogistics;
          d.industry = "现代物流";
          d.industry_code = 59;
          break;
        default:
          d.stem = std::string(kDistrict) + Firm(rng) + "冷链物流园";
          d.tail = "项目";
          d.content = Content::kLogistics;
          d.industry = "现代物流";
          d.industry_code = 59;
          d.owner = OwnerKind::kEnterprise;
          break;
      }
      break;
    }
    default: {
      d.industry = "水利";
      d.industry_code = 76;
      d.owner = OwnerKind::kWater;
      d.dept_primary = "水利";
      d.content = Content::kFlood;
      std::string river = River(rng);
      switch (rng.Below(5)) {
        case 0:
          d.stem = river + "防洪排涝";
          d.tail = "工程";
          break;
        case 1:
          d.stem = t + river + "堤防加固";
          d.tail = "工程";
          d.nature = ConstructionNature::kRenovation;
          break;
        case 2:
          d.stem = t + Village(rng) + "排涝泵站";
          d.tail = "工程";
          d.log_shift = -0.5;
          break;
        case 3:
          d.stem = river + t + "段河道疏浚";
          d.tail = "工程";
          d.log_shift = -0.3;
          break;
        default:
          d.stem = t + "水毁设施灾后恢复重建";
          d.tail = "工程";
          d.nature = ConstructionNature::kRestoration;
          d.log_shift = -0.4;
          break;
      }
      break;
    }
  }
  return d;
}

Draft LivelihoodDraft(Rng& rng, const Places& at) {
  Draft d;
  d.owner = OwnerKind::kUrban;
  const std::string& t = at.town_short;
  const std::string district = kDistrict;
  static const int kWeights[] = {20, 30, 22, 15, 13};
  switch (Weighted(rng, kWeights)) {
    case 0: {
      d.industry = "医疗卫生";
      d.industry_code = 84;
      d.dept_primary = "卫生健康";
      d.content = Content::kHospital;
      static const char* kBuildings[] = {"门诊楼",       "住院综合楼",     "医技楼",
                                         "急诊急救中心", "感染性疾病科楼", "康复中心"};
      static const char* kHospitals[] = {"人民医院", "第二人民医院", "第三人民医院", "中医医院", "妇幼保健院"};
      switch (rng.Below(5)) {
        case 0:
        case 1:
          d.stem = Cat({district, rng.Pick(kHospitals), rng.Pick(kBuildings)});
          d.tail = "建设项目";
          break;
        case 2:
          d.stem = t + "卫生院改扩建";
          d.tail = "工程";
          d.nature = ConstructionNature::kExpansion;
          d.content = Content::kClinic;
          d.log_shift = -0.6;
          break;
        case 3:
          d.stem = t + Estate(rng) + "社区卫生服务站";
          d.tail = "建设项目";
          d.content = Content::kClinic;
          d.log_shift = -0.6;
          break;
        default:
          d.stem = district + rng.Pick(kHospitals) + "迁建";
          d.tail = "工程";
          d.nature = ConstructionNature::kRelocation;
          d.log_shift = 0.3;
          break;
      }
      break;
    }
    case 1: {
      d.industry = "教育";
      d.industry_code = 83;
      d.dept_primary = "教育";
      d.content = Content::kSchool;
      switch (rng.Below(7)) {
        case 0:
          d.stem = district + "第" + Numeral(rng.Between(1, 30)) + "实验小学";
          d.tail = "新建工程";
          break;
        case 1:
          d.stem = district + "第" + Numeral(rng.Between(1, 20)) + "中学";
          d.tail = "新建工程";
          break;
        case 2:
          d.stem = district + rng.Pick(kRoadStems) + "路小学";
          d.tail = "新建工程";
          break;
        case 3:
          d.stem = t + "中心小学改扩建";
          d.tail = "工程";
          d.nature = ConstructionNature::kExpansion;
          d.log_shift = -0.3;
          break;
        case 4: {
          static const char* kBuildings[] = {"教学楼", "综合楼", "学生宿舍楼", "食堂", "风雨操场", "实验楼"};
          d.stem = Cat({t, rng.Chance(0.5) ? "初级中学" : "中心学校", rng.Pick(kBuildings)});
          d.tail = "建设项目";
          d.log_shift = -0.4;
          break;
        }
        case 5:
          d.stem = district + "第" + Numeral(rng.Between(1, 40)) + "幼儿园";
          d.tail = "建设项目";
          d.content = Content::kKindergarten;
          d.log_shift = -0.6;
          break;
        default: {
          static const char* kSchools[] = {"职业技术学校", "特殊教育学校", "第一中学", "实验中学", "高级中学"};
          static const char* kBuildings[] = {"实训楼", "综合楼", "学生公寓", "图书馆", "体育馆", "教学楼"};
          d.stem = Cat({district, rng.Pick(kSchools), rng.Pick(kBuildings)});
          d.tail = "建设项目";
          d.log_shift = -0.3;
          break;
        }
      }
      break;
    }
    case 2: {
      d.industry = "住房保障";
      d.industry_code = 70;
      switch (rng.Below(4)) {
        case 0:
          d.stem = t + "保障性租赁住房";
          d.phased = true;
          d.tail = "项目";
          d.content = Content::kHousing;
          break;
        case 1:
          d.stem = t + Estate(rng) + "安置房";
          d.tail = "项目";
          d.content = Content::kResettlement;
          break;
        case 2:
          d.stem = t + Estate(rng) + "城中村改造";
          d.tail = "项目";
          d.content = Content::kResettlement;
          d.nature = ConstructionNature::kRenovation;
          d.log_shift = 0.3;
          break;
        default:
          d.stem = district + Road(rng) + "人才公寓";
          d.tail = "项目";
          d.content = Content::kHousing;
          break;
      }
      break;
    }
    case 3:
      d.industry = "城市更新";
      d.industry_code = 70;
      d.content = Content::kOldCommunity;
      d.nature = ConstructionNature::kRenovation;
      d.log_shift = -0.4;
      if (rng.Chance(0.7)) {
        d.stem = t + Estate(rng) + "老旧小区改造";
        d.tail = "项目";
      } else {
        d.stem = t + "老旧小区配套基础设施改造";
        d.tail = "项目";
      }
      break;
    default: {
      d.industry = "社会服务";
      d.industry_code = 85;
      d.dept_primary = "民政";
      d.content = Content::kElderly;
      d.log_shift = -0.6;
      switch (rng.Below(4)) {
        case 0:
          d.stem = t + "养老服务中心";
          d.tail = "建设项目";
          break;
        case 1:
          d.stem = t + Estate(rng) + "社区嵌入式服务设施";
          d.tail = "建设项目";
          break;
        case 2:
          d.stem = t + "农贸市场提升改造";
          d.tail = "项目";
          d.content = Content::kMarket;
          d.nature = ConstructionNature::kRenovation;
          d.dept_primary = "商务";
          break;
        default:
          d.stem = district + rng.Pick(kScenic) + "康养中心";
          d.tail = "项目";
          d.log_shift = 0.2;
          break;
      }
      break;
    }
  }
  return d;
}

Draft EcologyDraft(Rng& rng, const Places& at) {
  Draft d;
  d.owner = OwnerKind::kWater;
  d.industry = "生态环保";
  d.industry_code = 77;
  d.dept_primary = "生态环境";
  d.dept_secondary = "水利";
  const std::string& t = at.town_short;
  const std::string district = kDistrict;
  static const int kWeights[] = {32, 14, 16, 14, 16, 8};
  switch (Weighted(rng, kWeights)) {
    case 0: {
      d.content = Content::kRiver;
      std::string river = River(rng);
      switch (rng.Below(4)) {
        case 0:
          d.stem = river + "水环境综合治理";
          d.tail = "工程";
          d.phased = rng.Chance(0.3);
          break;
        case 1:
          d.stem = river + "（" + t + "段）生态修复";
          d.tail = "工程";
          break;
        case 2:
          d.stem = river + "水系连通";
          d.tail = "工程";
          break;
        default:
          d.stem = t + river + "黑臭水体治理";
          d.tail = "工程";
          d.log_shift = -0.4;
          break;
      }
      break;
    }
    case 1:
      d.content = Content::kWetland;
      d.stem = t + River(rng) + "湿地公园";
      d.tail = "建设项目";
      d.owner = OwnerKind::kCulture;
      break;
    case 2:
      d.content = Content::kGreening;
      d.dept_primary = "自然资源和规划";
      d.owner = OwnerKind::kUrban;
      if (rng.Chance(0.5)) {
        d.stem = t + "国土绿化";
        d.tail = "项目";
        d.phased = true;
      } else {
        d.stem = t + rng.Pick(kMountains) + "生态修复";
        d.tail = "工程";
        d.content = Content::kMine;
        d.nature = ConstructionNature::kRestoration;
      }
      break;
    case 3:
      d.content = Content::kFarmland;
      d.industry = "农业农村";
      d.industry_code = 1;
      d.dept_primary = "农业农村";
      d.owner = OwnerKind::kUrban;
      d.stem = t + "高标准农田";
      d.tail = "建设项目";
      d.phased = true;
      break;
    case 4:
      d.owner = OwnerKind::kUrban;
      d.dept_primary = "城市管理";
      d.dept_secondary = "生态环境";
      d.industry_code = 78;
      switch (rng.Below(5)) {
        case 0:
          d.stem = t + "生活垃圾中转站";
          d.tail = "建设项目";
          d.content = Content::kWasteTransfer;
          d.log_shift = -0.7;
          break;
        case 1:
          d.stem = district + "生活垃圾焚烧发电";
          d.tail = "项目";
          d.content = Content::kWasteToEnergy;
          d.log_shift = 0.5;
          d.owner = OwnerKind::kIndustryInvest;
          break;
        case 2:
          d.stem = district + "建筑垃圾资源化利用";
          d.tail = "项目";
          d.content = Content::kWasteToEnergy;
          break;
        case 3:
          d.stem = district + "餐厨垃圾无害化处理";
          d.tail = "项目";
          d.content = Content::kWasteToEnergy;
          break;
        default:
          d.stem = t + "垃圾分类处理中心";
          d.tail = "项目";
          d.content = Content::kWasteTransfer;
          d.log_shift = -0.5;
          break;
      }
      break;
    default:
      d.content = Content::kVillage;
      d.industry = "农业农村";
      d.industry_code = 78;
      d.dept_primary = "农业农村";
      d.owner = OwnerKind::kUrban;
      d.stem = t + Village(rng) + "美丽乡村示范点";
      d.tail = "建设项目";
      d.log_shift = -0.7;
      break;
  }
  return d;
}

Draft SocialDraft(Rng& rng, const Places& at) {
  Draft d;
  d.owner = OwnerKind::kCulture;
  d.industry = "文化旅游";
  d.industry_code = 88;
  d.dept_primary = "文化旅游";
  d.dept_secondary = "发展和改革";
  const std::string& t = at.town_short;
  const std::string district = kDistrict;
  static const int kWeights[] = {35, 40, 25};
  switch (Weighted(rng, kWeights)) {
    case 0: {
      static const char* kVenues[] = {"全民健身中心",   "图书馆新馆", "博物馆",   "文化艺术中心",
                                      "青少年活动中心", "科技馆",     "体育中心", "非遗展示馆"};
      static const char* kTownVenues[] = {"文化活动中心", "全民健身中心", "文化广场", "青少年活动中心", "老年活动中心"};
      switch (rng.Below(5)) {
        case 0:
          d.stem = district + rng.Pick(kVenues);
          d.tail = "建设项目";
          d.content = Content::kVenue;
          break;
        case 1:
          d.stem = t + rng.Pick(kTownVenues);
          d.tail = "建设项目";
          d.content = Content::kVenue;
          d.log_shift = -0.5;
          break;
        case 2:
          d.stem = t + Estate(rng) + "全民健身广场";
          d.tail = "项目";
          d.content = Content::kSports;
          d.industry = "体育";
          d.industry_code = 89;
          d.log_shift = -0.8;
          break;
        default:
          d.stem = t + rng.Pick(kScenic) + "体育公园";
          d.tail = "建设项目";
          d.content = Content::kSports;
          d.industry = "体育";
          d.industry_code = 89;
          break;
      }
      break;
    }
    case 1: {
      d.content = Content::kTourism;
      std::string scenic = rng.Pick(kScenic);
      switch (rng.Below(4)) {
        case 0:
          d.stem = scenic + "旅游度假区";
          d.tail = "建设项目";
          d.phased = true;
          d.log_shift = 0.4;
          break;
        case 1:
          d.stem = scenic + "景区提升改造";
          d.tail = "工程";
          d.nature = ConstructionNature::kRenovation;
          break;
        case 2:
          d.stem = t + Village(rng) + "田园综合体";
          d.tail = "项目";
          d.owner = OwnerKind::kEnterprise;
          break;
        default:
          d.stem = t + Village(rng) + "乡村旅游示范点";
          d.tail = "建设项目";
          d.log_shift = -0.6;
          break;
      }
      break;
    }
    default: {
      static const char* kBuildings[] = {"应急指挥中心",           "档案馆新馆", "政务服务中心",    "殡仪馆迁建",
                                         "疾病预防控制中心业务楼", "消防救援站", "城市运行管理中心"};
      d.content = Content::kPublicBuilding;
      d.industry = "公共服务";
      d.industry_code = 92;
      d.owner = OwnerKind::kUrban;
      static const char* kTownBuildings[] = {"综合文化站",   "消防救援站",     "综合便民服务中心", "派出所业务用房",
                                             "应急避难场所", "退役军人服务站", "新时代文明实践所", "司法所业务用房"};
      d.tail = "工程";
      if (rng.Chance(0.3)) {
        std::string b = rng.Pick(kBuildings);
        d.stem = district + b;
        if (b == "殡仪馆迁建") d.nature = ConstructionNature::kRelocation;
      } else {
        d.stem = t + rng.Pick(kTownBuildings);
        d.tail = "建设工程";
        d.log_shift = -0.5;
      }
      break;
    }
  }
  return d;
}

Draft PlatformDraft(Rng& rng, const Places& at) {
  Draft d;
  d.owner = OwnerKind::kIndustryInvest;
  d.industry = "园区建设";
  d.industry_code = 48;
  d.dept_primary = "发展和改革";
  d.dept_secondary = "投资促进";
  const std::string& t = at.town_short;
  const std::string park = at.park.empty() ? t + "工业集中区" : at.park;
  static const int kWeights[] = {40, 30, 30};
  switch (Weighted(rng, kWeights)) {
    case 0:
      switch (rng.Below(6)) {
        case 0:
          d.stem = park + "基础设施配套";
          d.tail = "工程";
          d.phased = true;
          d.content = Content::kParkInfra;
          break;
        case 1:
          d.stem = park + "标准化厂房";
          d.tail = "项目";
          d.phased = true;
          d.content = Content::kPlantBuildings;
          break;
        case 2:
        case 3:
          d.stem = park + Road(rng) + "及管网配套";
          d.tail = "工程";
          d.content = Content::kParkInfra;
          break;
        case 4:
          d.stem = park + rng.Pick(kSectors).name + "专业园厂房";
          d.tail = "项目";
          d.content = Content::kPlantBuildings;
          break;
        default:
          d.stem = park + "综合服务中心";
          d.tail = "项目";
          d.content = Content::kIncubator;
          d.log_shift = -0.3;
          break;
      }
      break;
    case 1:
      d.industry = "城市更新";
      d.content = Content::kUrbanRenewal;
      d.owner = OwnerKind::kUrban;
      d.dept_primary = "住房和城乡建设";
      d.dept_secondary = "自然资源和规划";
      d.log_shift = 0.35;
      switch (rng.Below(3)) {
        case 0:
          d.stem = t + rng.Pick(kZones) + "片区城市更新";
          d.tail = "项目";
          d.nature = ConstructionNature::kRenovation;
          break;
        case 1:
          d.stem = t + rng.Pick(kZones) + "片区综合开发";
          d.tail = "项目";
          d.phased = true;
          break;
        default:
          d.stem = t + Road(rng) + "片区土地整理";
          d.tail = "项目";
          break;
      }
      break;
    default:
      d.industry = "科技创新";
      d.industry_code = 73;
      d.content = Content::kIncubator;
      switch (rng.Below(4)) {
        case 0:
          d.stem = t + "科创中心";
          d.tail = "建设项目";
          break;
        case 1:
          d.stem = std::string(kDistrict) + rng.Pick(kSectors).name + "公共服务平台";
          d.tail = "建设项目";
          d.log_shift = -0.4;
          break;
        case 2:
          d.stem = t + "电子商务产业园";
          d.tail = "项目";
          d.phased = true;
          break;
        default:
          d.stem = park + Road(rng) + "人才公寓";
          d.tail = "项目";
          d.content = Content::kTalentHousing;
          break;
      }
      break;
  }
  return d;
}

Draft MakeDraft(ProjectCategory category, Rng& rng, const Places& at) {
  switch (category) {
    case ProjectCategory::kIndustry:
      return IndustryDraft(rng, at);
    case ProjectCategory::kInfrastructure:
      return InfrastructureDraft(rng, at);
    case ProjectCategory::kLivelihood:
      return LivelihoodDraft(rng, at);
    case ProjectCategory::kEcology:
      return EcologyDraft(rng, at);
    case ProjectCategory::kSocial:
      return SocialDraft(rng, at);
    case ProjectCategory::kPlatform:
      return PlatformDraft(rng, at);
  }
  return IndustryDraft(rng, at);
}

// ---------------------------------------------------------------------------------------
// Content sentences, with figures that fit the investment.

std::string Fmt(const char* format, double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}
std::string F1(double v) { return Fmt("%.1f", std::max(v, 0.1)); }
std::string F2(double v) { return Fmt("%.2f", std::max(v, 0.01)); }
std::string N(double v) { return std::to_string(std::max<long long>(1, std::llround(v))); }

std::string MakeContent(const Draft& d, Rng& rng, double wan) {
  // Building area at 3,000–6,000 元/m², in 万平方米; land at a plot ratio of about 1.2, in 亩.
  double area_wan = wan / rng.Uniform(0.3, 0.6) / 1e4;
  double mu = area_wan * 1e4 / rng.Uniform(1.0, 1.6) / 666.7;
  double km = wan / rng.Uniform(2500, 6000);
  static const int kWidths[] = {24, 30, 36, 40, 50, 60};
  switch (d.content) {
    case Content::kFactoryLine: {
      std::string s = "新建" + std::string(d.product ? d.product->name : "自动化") + "生产线" + N(rng.Between(2, 12)) +
                      "条及配套仓储、动力设施，总建筑面积约" + F1(area_wan) + "万平方米。";
      if (d.product) s += "达产后可形成年产" + Amount(d.amount, d.product->unit) + d.product->name + "的生产能力。";
      return s;
    }
    case Content::kMfgBase:
      return "规划用地约" + N(mu) + "亩，总建筑面积约" + F1(area_wan) +
             "万平方米，建设智能化生产车间、研发中心、仓储物流及配套设施。";
    case Content::kIndustrialPark:
      return "规划用地约" + N(mu) + "亩，建设标准化厂房约" + F1(area_wan) +
             "万平方米，配套建设研发中心、园区道路、供排水及电力管网等设施。";
    case Content::kRnD:
      return "总建筑面积约" + F1(area_wan) + "万平方米，建设研发中心、中试基地及生产厂房，购置研发、检测及生产设备" +
             N(wan / rng.Uniform(40, 120)) + "台（套）。";
    case Content::kRetrofit:
      return Cat({"利用现有厂房约", F1(area_wan * 1.5), "万平方米，购置智能化生产及检测设备",
                  N(wan / rng.Uniform(20, 60)), "台（套），建设数字化车间和能源管理系统。改造后生产效率提升约",
                  N(rng.Between(15, 40)), "%。"});
    case Content::kRoad:
      return "道路全长约" + F2(km) + "公里，红线宽度" + N(rng.Pick(kWidths)) +
             "米，建设内容包括道路、桥涵、排水、照明、绿化及交通工程。";
    case Content::kBridge:
      return Cat({"新建桥梁长约", N(std::clamp(wan / rng.Uniform(10, 25), 40.0, 3000.0)), "米，宽",
                  N(rng.Pick(kWidths)), "米，同步建设引道及附属工程。"});
    case Content::kHighway:
      return Cat({"路线全长约", F1(wan / rng.Uniform(3000, 8000)), "公里，按一级公路标准建设，设计速度",
                  N(rng.Chance(0.5) ? 80 : 60), "公里/小时，同步建设交叉、排水及安全设施。"});
    case Content::kSewage:
      return "污水处理规模" + F1(std::clamp(wan / rng.Uniform(3000, 6000), 0.5, 20.0)) +
             "万吨/日，出水执行一级A及以上标准，配套建设污水管网约" + F1(km * 2) + "公里。";
    case Content::kWaterSupply:
      return "供水规模" + F1(std::clamp(wan / rng.Uniform(2000, 5000), 0.5, 30.0)) + "万吨/日，新建及改造供水管网约" +
             F1(km * 3) + "公里。";
    case Content::kPipeGallery:
      return "建设综合管廊约" + F2(km / 3) + "公里，纳入给水、电力、通信、燃气等管线，同步建设监控中心。";
    case Content::kSubstation:
      return "新建变电站一座，主变容量2×" + N(rng.Chance(0.5) ? 50 : 80) + "兆伏安，配套建设输电线路约" + F1(km * 2) +
             "公里。";
    case Content::kSolar:
      return "利用厂房及公共建筑屋顶建设分布式光伏" + N(d.amount) + "兆瓦，年均发电量约" + N(d.amount * 110.0) +
             "万千瓦时。";
    case Content::kCharging:
      return "建设充电桩" + N(wan / rng.Uniform(3, 8)) + "个及配套变配电设施，覆盖主要公共停车场和居民小区。";
    case Content::kBaseStation:
      return "新建5G基站" + N(wan / rng.Uniform(20, 40)) + "个，实现重点区域连续覆盖。";
    case Content::kDataCenter:
      return "建设标准机柜" + N(wan / rng.Uniform(15, 30)) + "个，总建筑面积约" + F1(area_wan) +
             "万平方米，配套建设变电站及制冷系统。";
    case Content::kGasPipe:
      return "新建天然气中压管网约" + F1(km * 3) + "公里及调压设施，新增覆盖用户约" + N(wan / rng.Uniform(0.3, 0.8)) +
             "户。";
    case Content::kBusDepot:
      return "用地约" + N(mu * 2) + "亩，建设公交首末站、充电车位" + N(rng.Between(20, 80)) + "个及司乘休息用房。";
    case Content::kParking:
      return "建设智慧停车场一处，设停车位" + N(wan / rng.Uniform(8, 15)) + "个，配套充电桩及智能管理系统。";
    case Content::kLogistics:
      return "规划用地约" + N(mu) + "亩，建设仓储及分拣中心约" + F1(area_wan) + "万平方米、冷库及配套设施。";
    case Content::kFlood:
      return "治理河道约" + F1(km * 2) + "公里，新建及加固堤防约" + F1(km * 1.5) + "公里，新建排涝泵站" +
             N(rng.Between(1, 4)) + "座。";
    case Content::kHospital:
      return "总建筑面积约" + F1(area_wan) + "万平方米，设置床位" + N(area_wan * 1e4 / rng.Uniform(90, 130)) +
             "张，建设门急诊、医技及住院用房。";
    case Content::kClinic:
      return "总建筑面积约" + N(area_wan * 1e4) + "平方米，建设诊疗、公共卫生及康复用房，购置医疗设备" +
             N(rng.Between(20, 120)) + "台（套）。";
    case Content::kSchool:
      return "规划用地约" + N(mu * 1.5) + "亩，总建筑面积约" + N(area_wan * 1e4) + "平方米，设教学班" +
             N(std::clamp(area_wan * 1e4 / 900, 12.0, 72.0)) + "个，配套建设运动场及附属设施。";
    case Content::kKindergarten:
      return "总建筑面积约" + N(area_wan * 1e4) + "平方米，设幼儿班" + N(std::clamp(area_wan * 1e4 / 600, 6.0, 18.0)) +
             "个。";
    case Content::kHousing:
      return "建设保障性租赁住房" + N(area_wan * 1e4 / rng.Uniform(50, 75)) + "套，总建筑面积约" + F1(area_wan) +
             "万平方米，配套建设地下车库及公共服务设施。";
    case Content::kResettlement:
      return "总建筑面积约" + F1(area_wan) + "万平方米，建设安置住房" + N(area_wan * 1e4 / rng.Uniform(90, 120)) +
             "套及配套商业、社区用房。";
    case Content::kOldCommunity:
      return Cat({"改造老旧小区", N(rng.Between(3, 30)), "个，涉及居民", N(wan / rng.Uniform(2, 5)),
                  "户，实施雨污分流、管线入地、加装电梯及环境整治。"});
    case Content::kElderly:
      return "总建筑面积约" + N(area_wan * 1e4) + "平方米，设置养老床位" + N(area_wan * 1e4 / rng.Uniform(40, 60)) +
             "张，配套建设日间照料、助餐及康复设施。";
    case Content::kMarket:
      return "改造市场建筑约" + N(area_wan * 1e4) + "平方米，更新摊位" + N(rng.Between(80, 400)) +
             "个，完善排水、消防及智慧管理系统。";
    case Content::kRiver:
      return "综合治理河道长约" + F1(km * 2) + "公里，实施清淤疏浚、截污纳管、生态护岸及滨水步道建设。";
    case Content::kWetland:
      return "建设湿地公园约" + N(wan / rng.Uniform(20, 60)) + "公顷，实施水系梳理、植被恢复及科普游览设施建设。";
    case Content::kGreening:
      return "实施造林绿化约" + N(wan / rng.Uniform(0.3, 0.8)) + "亩，建设森林步道及防火设施。";
    case Content::kMine:
      return "修复废弃矿山及受损山体约" + N(wan / rng.Uniform(2, 6)) + "亩，实施边坡治理、土地复垦及植被恢复。";
    case Content::kFarmland:
      return "新建及提升高标准农田约" + N(wan / rng.Uniform(0.2, 0.3)) +
             "亩，实施土地平整、灌排渠系、田间道路及农田防护工程。";
    case Content::kVillage:
      return "实施村庄道路硬化约" + F1(km * 4) + "公里，建设污水收集设施、公共活动空间并开展村容村貌整治。";
    case Content::kWasteTransfer:
      return "新建垃圾转运设施，处理规模" + N(rng.Between(5, 30) * 10) + "吨/日，配套压缩及除臭设备。";
    case Content::kWasteToEnergy:
      return "建设处理规模" + N(std::clamp(wan / rng.Uniform(30, 80), 100.0, 3000.0)) +
             "吨/日的处理设施，配套分拣、渗滤液处理及资源化利用设施。";
    case Content::kVenue:
      return "总建筑面积约" + F1(area_wan) + "万平方米，建设展陈、活动及配套服务空间。";
    case Content::kSports:
      return "用地约" + N(mu * 3) + "亩，建设标准运动场、健身步道、球类场地及配套服务设施。";
    case Content::kTourism:
      return "建设游客服务中心、游览步道约" + F1(km * 3) + "公里、停车场及特色民宿，提升景区服务设施。";
    case Content::kPublicBuilding:
      return "总建筑面积约" + N(area_wan * 1e4) + "平方米，建设业务用房及配套设施。";
    case Content::kParkInfra:
      return "建设园区道路约" + F1(km) + "公里，配套给排水、电力、通信及燃气管网，完善园区绿化和公共设施。";
    case Content::kPlantBuildings:
      return "建设标准化厂房约" + F1(area_wan) + "万平方米及配套研发、仓储用房，可容纳企业" + N(rng.Between(10, 40)) +
             "家。";
    case Content::kUrbanRenewal:
      return "片区面积约" + F1(mu * 8 / 1500) + "平方公里，实施征迁安置、道路管网、公共服务设施建设及土地整理。";
    case Content::kIncubator:
      return "总建筑面积约" + F1(area_wan) + "万平方米，建设孵化器、加速器、展示中心及配套服务设施。";
    case Content::kTalentHousing:
      return "建设人才公寓" + N(area_wan * 1e4 / rng.Uniform(45, 70)) + "套，总建筑面积约" + F1(area_wan) +
             "万平方米。";
  }
  return {};
}

// ---------------------------------------------------------------------------------------
// Life-cycle states in district-like proportions (per mille).

struct Variant {
  LifecycleState state;
  int per_mille;
};

LifecycleState At(Stage s, Review r = Review::kNone) { return {s, r, std::nullopt, Review::kNone}; }
LifecycleState Aside(Stage side, Stage from, Review r = Review::kNone) { return {side, Review::kNone, from, r}; }

const Variant kVariants[] = {
    {At(Stage::kPlanning), 80},
    {At(Stage::kReserve, Review::kPendingInitial), 30},
    {At(Stage::kReserve, Review::kPendingFinal), 30},
    {At(Stage::kReserve, Review::kApproved), 60},
    {At(Stage::kPreparation), 150},
    {At(Stage::kConstruction), 400},
    {At(Stage::kCompleted), 120},
    {At(Stage::kProduction), 80},
    {Aside(Stage::kSuspended, Stage::kPreparation), 10},
    {Aside(Stage::kSuspended, Stage::kConstruction), 20},
    {Aside(Stage::kWithdrawn, Stage::kPlanning), 6},
    {Aside(Stage::kWithdrawn, Stage::kReserve, Review::kPendingInitial), 4},
    {Aside(Stage::kWithdrawn, Stage::kReserve, Review::kApproved), 4},
    {Aside(Stage::kWithdrawn, Stage::kPreparation), 6},
};
constexpr size_t kConstructionVariant = 5;

// One variant index per project, in exact proportion (largest remainder), shuffled; the
// first project is under construction.
std::vector<uint8_t> AssignVariants(size_t count, Rng& rng) {
  constexpr size_t kN = std::size(kVariants);
  std::array<size_t, kN> quota{};
  std::array<size_t, kN> order{};
  size_t given = 0;
  for (size_t i = 0; i < kN; ++i) {
    quota[i] = count * static_cast<size_t>(kVariants[i].per_mille) / 1000;
    given += quota[i];
    order[i] = i;
  }
  auto remainder = [&](size_t i) { return count * static_cast<size_t>(kVariants[i].per_mille) % 1000; };
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return remainder(a) > remainder(b); });
  for (size_t j = 0; given < count; ++j, ++given) ++quota[order[j % kN]];
  std::vector<uint8_t> out;
  out.reserve(count);
  for (size_t i = 0; i < kN; ++i) out.insert(out.end(), quota[i], static_cast<uint8_t>(i));
  for (size_t i = out.size(); i > 1; --i) std::swap(out[i - 1], out[rng.Below(i)]);
  if (!out.empty() && out[0] != kConstructionVariant) {
    auto it = std::find(out.begin(), out.end(), kConstructionVariant);
    if (it != out.end()) {
      std::swap(out[0], *it);
    } else {
      out[0] = kConstructionVariant;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Organisations, found by what their names say.

std::vector<size_t> Matching(const std::vector<NamedOrg>& orgs, std::initializer_list<std::string_view> words) {
  std::vector<size_t> out;
  for (size_t i = 0; i < orgs.size(); ++i) {
    for (std::string_view w : words) {
      if (orgs[i].name.find(w) != std::string::npos) {
        out.push_back(i);
        break;
      }
    }
  }
  return out;
}

struct OrgIndex {
  std::array<std::vector<size_t>, 6> owners_by_kind;  // by OwnerKind
  std::vector<size_t> state_owners;
  std::vector<size_t> enterprise_owners;

  explicit OrgIndex(const std::vector<NamedOrg>& owners) {
    owners_by_kind[static_cast<size_t>(OwnerKind::kTransport)] = Matching(owners, {"交通"});
    owners_by_kind[static_cast<size_t>(OwnerKind::kWater)] = Matching(owners, {"水务", "水利", "水投"});
    owners_by_kind[static_cast<size_t>(OwnerKind::kCulture)] = Matching(owners, {"文旅", "文化", "旅游"});
    owners_by_kind[static_cast<size_t>(OwnerKind::kUrban)] = Matching(owners, {"城市建设", "城建", "城投"});
    owners_by_kind[static_cast<size_t>(OwnerKind::kIndustryInvest)] = Matching(owners, {"产业投资", "产投", "开发"});
    state_owners =
        Matching(owners, {"交通", "水务", "水利", "文旅", "城市建设", "城建", "城投", "投资", "国有", "国资"});
    for (size_t i = 0; i < owners.size(); ++i) {
      if (std::find(state_owners.begin(), state_owners.end(), i) == state_owners.end()) enterprise_owners.push_back(i);
    }
    owners_by_kind[static_cast<size_t>(OwnerKind::kEnterprise)] = enterprise_owners;
  }
};

std::optional<int64_t> PickOwner(Rng& rng, const ProjectGenInput& in, const OrgIndex& idx, OwnerKind kind,
                                 InvestmentSubject subject) {
  if (in.owners.empty()) return std::nullopt;
  bool public_owner = subject == InvestmentSubject::kGovernment || subject == InvestmentSubject::kState;
  const std::vector<size_t>* pool = &idx.owners_by_kind[static_cast<size_t>(kind)];
  if (!public_owner) {
    pool = &idx.enterprise_owners;
  } else if (kind == OwnerKind::kEnterprise || pool->empty()) {
    pool = &idx.state_owners;
  }
  if (pool->empty()) return in.owners[rng.Below(in.owners.size())].id;
  return in.owners[rng.Pick(*pool)].id;
}

std::optional<size_t> PickDepartment(Rng& rng, const std::vector<NamedOrg>& depts, std::string_view word) {
  std::vector<size_t> hits;
  for (size_t i = 0; i < depts.size(); ++i) {
    if (depts[i].name.find(word) != std::string::npos) hits.push_back(i);
  }
  if (hits.empty()) return std::nullopt;
  return rng.Pick(hits);
}

// ---------------------------------------------------------------------------------------
// Money.

constexpr Fen kFenPerWan = 1'000'000;

// 万元, skewed: most 0.5–5亿元, a few up to 50亿元, none under 500万元. The tail stops at
// about six times the kind's median, so that a kindergarten never costs 20亿元.
int64_t InvestmentWan(Rng& rng, ProjectCategory category, double shift) {
  static const double kBase[] = {4.2, 4.35, 4.0, 4.0, 3.95, 4.45};  // log10(万元) by category
  double median = kBase[static_cast<size_t>(category)] + shift;
  double lg = median + 0.45 * rng.Normal();
  if (lg > median + 0.8) lg = median + 0.8 - rng.Uniform(0, 0.3);
  lg = std::clamp(lg, std::log10(500.0), std::log10(500000.0));
  double wan = std::pow(10.0, lg);
  double step = wan < 10000 ? 10 : wan < 100000 ? 100 : 1000;
  return std::max<int64_t>(500, static_cast<int64_t>(std::llround(wan / step) * step));
}

ProjectLevel LevelFor(Rng& rng, int64_t wan) {
  double x = rng.Unit();
  if (wan >= 100000) return x < 0.5 ? ProjectLevel::kProvincial : ProjectLevel::kMunicipal;
  if (wan >= 50000)
    return x < 0.1 ? ProjectLevel::kProvincial : x < 0.7 ? ProjectLevel::kMunicipal : ProjectLevel::kDistrict;
  if (wan >= 20000)
    return x < 0.2 ? ProjectLevel::kMunicipal : x < 0.9 ? ProjectLevel::kDistrict : ProjectLevel::kGeneral;
  return x < 0.55 ? ProjectLevel::kDistrict : ProjectLevel::kGeneral;
}

InvestmentSubject SubjectFor(Rng& rng, ProjectCategory category, OwnerKind owner) {
  // government, state, private, foreign, per category (percent)
  static const int kWeights[6][4] = {
      {0, 25, 60, 15}, {45, 50, 5, 0}, {65, 30, 5, 0}, {60, 40, 0, 0}, {60, 30, 10, 0}, {20, 75, 5, 0},
  };
  static const InvestmentSubject kSubjects[] = {InvestmentSubject::kGovernment, InvestmentSubject::kState,
                                                InvestmentSubject::kPrivate, InvestmentSubject::kForeign};
  int w[4];
  std::copy(std::begin(kWeights[static_cast<size_t>(category)]), std::end(kWeights[static_cast<size_t>(category)]), w);
  if (owner == OwnerKind::kEnterprise && category != ProjectCategory::kIndustry) {
    w[0] = 0;  // a company's project is not a government one
    w[2] += 30;
  }
  return kSubjects[Weighted(rng, w)];
}

ApprovalRegime RegimeFor(Rng& rng, InvestmentSubject subject, ProjectCategory category) {
  double x = rng.Unit();
  switch (subject) {
    case InvestmentSubject::kGovernment:
      return ApprovalRegime::kApproval;
    case InvestmentSubject::kState:
      if (category == ProjectCategory::kIndustry)
        return x < 0.8 ? ApprovalRegime::kFiling : ApprovalRegime::kRatification;
      return x < 0.65 ? ApprovalRegime::kApproval : x < 0.8 ? ApprovalRegime::kRatification : ApprovalRegime::kFiling;
    default:
      return x < 0.85 ? ApprovalRegime::kFiling : ApprovalRegime::kRatification;
  }
}

// An exact split of `wan` over 1–3 distinct sources that suit the investor.
std::vector<FundShare> SplitFunds(Rng& rng, int64_t wan, InvestmentSubject subject, ProjectCategory category) {
  std::vector<FundSource> primary;
  std::vector<FundSource> secondary;
  switch (subject) {
    case InvestmentSubject::kGovernment:
      primary = {FundSource::kGovernment, FundSource::kGovernment, FundSource::kSpecialBond,
                 FundSource::kCentralBudget};
      secondary = {FundSource::kGovernment, FundSource::kSpecialBond, FundSource::kCentralBudget,
                   FundSource::kBankLoan};
      break;
    case InvestmentSubject::kState:
      primary = {FundSource::kSpecialBond, FundSource::kBankLoan, FundSource::kBankLoan, FundSource::kPpp};
      if (category == ProjectCategory::kIndustry || category == ProjectCategory::kPlatform) {
        primary.push_back(FundSource::kIndustryFund);
      }
      secondary = {FundSource::kGovernment, FundSource::kBankLoan, FundSource::kSocialCapital,
                   FundSource::kIndustryFund, FundSource::kSpecialBond};
      break;
    default:
      primary = {FundSource::kSocialCapital, FundSource::kSocialCapital, FundSource::kBankLoan};
      secondary = {FundSource::kBankLoan, FundSource::kIndustryFund, FundSource::kSocialCapital};
      break;
  }
  static const int kCounts[] = {35, 45, 20};
  size_t want = Weighted(rng, kCounts) + 1;
  std::vector<FundSource> chosen{rng.Pick(primary)};
  for (size_t tries = 0; chosen.size() < want && tries < 8; ++tries) {
    FundSource s = rng.Pick(secondary);
    if (std::find(chosen.begin(), chosen.end(), s) == chosen.end()) chosen.push_back(s);
  }
  std::vector<int64_t> parts;
  int64_t left = wan;
  for (size_t i = 0; i + 1 < chosen.size(); ++i) {
    double share = i == 0 ? rng.Uniform(0.5, 0.85) : rng.Uniform(0.4, 0.7);
    int64_t part = std::clamp<int64_t>(std::llround(static_cast<double>(left) * share / 10) * 10, 1, left - 1);
    parts.push_back(part);
    left -= part;
  }
  parts.push_back(left);
  std::vector<FundShare> funds;
  for (size_t i = 0; i < chosen.size(); ++i) funds.push_back({chosen[i], parts[i] * kFenPerWan});
  return funds;
}

// ---------------------------------------------------------------------------------------
// One project.

struct Counters {
  std::unordered_map<std::string, int> stems;  // times each name stem has been used
  int serial = 0;                              // running number of national codes
};

std::string NameOf(const Draft& d, int phase) {
  if (phase == 0) return d.stem + d.tail;
  std::string tail = d.tail;
  for (std::string_view t : {"项目", "工程"}) {
    if (tail.size() >= t.size() && std::string_view(tail).substr(tail.size() - t.size()) == t) tail = t;
  }
  return d.stem + Numeral(phase) + "期" + tail;
}

// The name without its generic ending, when that is short enough to be a short name.
std::string ShortNameOf(const std::string& name) {
  std::string s = name;
  for (std::string_view t : {"建设项目", "新建工程", "建设工程", "项目", "工程"}) {
    if (s.size() > t.size() && std::string_view(s).substr(s.size() - t.size()) == t) {
      s.resize(s.size() - t.size());
      break;
    }
  }
  return domain::CodePoints(s) <= 16 ? s : std::string();
}

std::string Contact(Rng& rng) {
  static const char* kPrefixes[] = {"130", "133", "135", "136", "138", "139", "150", "152", "158", "186", "189"};
  char phone[24];
  const char* prefix = rng.Pick(kPrefixes);
  std::snprintf(phone, sizeof phone, "%s-0000-%04d", prefix, rng.Between(0, 9999));
  return Cat({rng.Pick(kSurnames), rng.Pick(kGivenNames), " ", phone});
}

std::string Address(Rng& rng, const Places& at, bool rural) {
  if (at.town.empty()) return Cat({kDistrict, Road(rng), std::to_string(rng.Between(1, 399)), "号"});
  switch (rng.Below(rural ? 4 : 3)) {
    case 0:
    case 1:
      return Cat({at.town, Road(rng), std::to_string(rng.Between(1, 399)), "号"});
    case 2:
      return Cat({at.town, Road(rng), "与", Road(rng), "交叉口", rng.Pick(kDirections), "侧"});
    default:
      return at.town + Village(rng) + "村";
  }
}

constexpr const char* kRemarks[] = {
    "已纳入年度重点项目计划。",
    "用地指标已落实。",
    "环评批复已取得。",
    "拟申报中央预算内投资。",
    "已落实专项债券额度。",
    "需协调解决施工用电接入问题。",
    "征迁工作基本完成。",
    "施工图设计已通过审查。",
    "已完成招标，施工单位进场。",
    "列入区领导包联项目。",
    "正在办理建设工程规划许可证。",
    "配套道路同步建设。",
};
constexpr const char* kSuspendReasons[] = {"因资金未到位暂缓实施。", "受规划调整影响暂停施工。",
                                           "企业经营调整，项目暂缓建设。", "因用地手续未完善暂停施工。"};
constexpr const char* kWithdrawReasons[] = {"因规划调整退出项目库。", "企业投资意向变化，项目退库。",
                                            "与其他项目合并实施，本项目退库。", "前期论证不充分，暂不实施。"};

struct Context {
  const ProjectGenInput& in;
  const OrgIndex& orgs;
  Date today;
  Counters& counters;
  Layout layout;  // of the town map
};

Project MakeProject(size_t i, const LifecycleState& state, Context& ctx) {
  const ProjectGenInput& in = ctx.in;
  Rng rng(Mix(in.seed * 0x100000001b3ULL ^ Mix(i + 1)));
  Project p;
  p.lifecycle = state;

  // Where.
  Places at;
  size_t town = 0;
  if (!in.towns.empty()) {
    town = rng.Below(in.towns.size());
    at.town = in.towns[town].name;
    at.town_short = TownShort(at.town);
    size_t other = (town + 1 + rng.Below(std::max<size_t>(in.towns.size() - 1, 1))) % in.towns.size();
    at.other_town_short = TownShort(in.towns[other].name);
    p.town_org_id = in.towns[town].id;
  } else {
    at.town_short = kDistrict;
    at.other_town_short = "城区";
  }
  if (at.other_town_short == at.town_short) at.other_town_short = "城区";
  if (!in.parks.empty()) at.park = in.parks[rng.Below(in.parks.size())].name;
  double u = rng.Unit();  // before v: the order of arguments is not fixed
  LonLat ll = PointInCell(ctx.layout, town, u, rng.Unit());
  p.longitude = ll.lon;
  p.latitude = ll.lat;

  // What.
  static const int kCategoryWeights[] = {35, 25, 15, 9, 8, 8};
  static const ProjectCategory kCategories[] = {ProjectCategory::kIndustry,   ProjectCategory::kInfrastructure,
                                                ProjectCategory::kLivelihood, ProjectCategory::kEcology,
                                                ProjectCategory::kSocial,     ProjectCategory::kPlatform};
  const bool flagship = i == 0;
  p.category = flagship ? ProjectCategory::kIndustry : kCategories[Weighted(rng, kCategoryWeights)];
  Draft d;
  int phase = 0;
  if (flagship) {
    d.stem = "智能制造产业园";
    d.phased = true;
    d.content = Content::kIndustrialPark;
    d.industry = "高端装备制造";
    d.industry_code = 34;
    d.owner = OwnerKind::kIndustryInvest;
    d.dept_primary = "经济和信息化";
    d.dept_secondary = "投资促进";
    d.log_shift = 0.6;
  } else {
    // A stem used three times already would make a fourth phase: try for a fresh name first.
    for (int tries = 0; tries < 8; ++tries) {
      d = MakeDraft(p.category, rng, at);
      auto it = ctx.counters.stems.find(d.stem);
      if (it == ctx.counters.stems.end() || it->second < 3) break;
    }
  }
  int& used = ctx.counters.stems[d.stem];
  ++used;
  if (d.phased || used > 1) phase = used;
  p.name = NameOf(d, phase);
  p.short_name = ShortNameOf(p.name);
  if (phase > 1 && d.nature == ConstructionNature::kNew && rng.Chance(0.5)) d.nature = ConstructionNature::kExpansion;
  p.nature = d.nature;
  p.industry = d.industry;

  // Who pays.
  p.subject = SubjectFor(rng, p.category, d.owner);
  p.regime = RegimeFor(rng, p.subject, p.category);
  int64_t wan = InvestmentWan(rng, p.category, d.log_shift);
  if (flagship) wan = std::max<int64_t>(wan, 80000);
  p.total_investment = wan * kFenPerWan;
  p.level = LevelFor(rng, wan);
  if (!rng.Chance(0.1)) p.funds = SplitFunds(rng, wan, p.subject, p.category);
  p.content = MakeContent(d, rng, static_cast<double>(wan));

  // When. Durations grow with the investment: about 6 months to 5 years.
  const Date today = ctx.today;
  int months =
      std::clamp(static_cast<int>(8 + 7 * (std::log10(static_cast<double>(wan)) - 3)) + rng.Between(-3, 6), 6, 60);
  int dur = months * 30 + rng.Between(0, 29);
  Stage stage = state.stage;
  Stage origin = (stage == Stage::kSuspended || stage == Stage::kWithdrawn) ? *state.resume_stage : stage;
  std::optional<Date> ps, pc, as, ac;
  const Date jan1{today.year, 1, 1};
  switch (stage) {
    case Stage::kPlanning:
      ps = AddDays(today, rng.Between(60, 720));
      break;
    case Stage::kReserve:
      ps = AddDays(today, rng.Between(30, 540));
      break;
    case Stage::kPreparation:
      ps = AddDays(today, rng.Between(-90, 365));
      break;
    case Stage::kConstruction: {
      bool new_start = flagship || rng.Chance(0.4);  // 新开工 this year, else 续建
      as = new_start ? AddDays(jan1, rng.Between(0, DaysBetween(jan1, today))) : AddDays(jan1, -rng.Between(1, 1000));
      ps = AddDays(*as, -rng.Between(0, 90));
      break;
    }
    case Stage::kCompleted:
    case Stage::kProduction: {
      ac = stage == Stage::kCompleted ? AddDays(today, -rng.Between(0, 540)) : AddDays(today, -rng.Between(120, 1100));
      as = AddDays(*ac, -std::max(150, dur + rng.Between(-60, 120)));
      ps = AddDays(*as, -rng.Between(0, 60));
      break;
    }
    case Stage::kSuspended:
      if (origin == Stage::kConstruction) {
        as = AddDays(today, -rng.Between(90, 900));
        ps = AddDays(*as, -rng.Between(0, 60));
      } else {
        ps = AddDays(today, -rng.Between(0, 300));
      }
      break;
    case Stage::kWithdrawn:
      ps = AddDays(today, rng.Between(-200, 400));
      break;
  }
  if (ps && (stage == Stage::kPlanning) && rng.Chance(0.15)) ps.reset();  // an idea without a timetable yet
  if (ps) {
    pc = AddDays(*ps, dur);
    // Most projects still being built are planned to finish after today.
    if (stage == Stage::kConstruction && *pc < today && rng.Chance(0.85)) pc = AddDays(today, rng.Between(30, 400));
  }
  p.planned_start = ps;
  p.planned_completion = pc;
  p.actual_start = as;
  p.actual_completion = ac;

  // Registration: 投资项目统一代码 from preparation on, and for some reserve projects.
  bool registered =
      origin == Stage::kPreparation || origin == Stage::kConstruction || origin == Stage::kCompleted ||
      origin == Stage::kProduction ||
      (origin == Stage::kReserve &&
       rng.Chance(state.review == Review::kApproved || state.resume_review == Review::kApproved ? 0.7 : 0.3));
  if (registered && ctx.counters.serial < 999999) {
    int start_year = as ? as->year : ps ? ps->year : today.year;
    int year = std::min(today.year, start_year) - static_cast<int>(rng.Below(2));
    int regime_code = p.regime == ApprovalRegime::kApproval ? 1 : p.regime == ApprovalRegime::kRatification ? 2 : 3;
    char code[40];
    std::snprintf(code, sizeof code, "%04d-%s-%02d-%02d-%06d", std::clamp(year, 1900, 2199), kRegionCode,
                  std::clamp(d.industry_code, 1, 99), regime_code, ++ctx.counters.serial);
    p.national_code = code;
  }

  // Organisations.
  p.owner_org_id = PickOwner(rng, in, ctx.orgs, d.owner, p.subject);
  if (!in.departments.empty()) {
    std::optional<size_t> first = PickDepartment(rng, in.departments, d.dept_primary);
    if (!first) first = PickDepartment(rng, in.departments, "发展和改革");
    if (!first) first = rng.Below(in.departments.size());
    p.responsible_org_ids.push_back(in.departments[*first].id);
    if (rng.Chance(0.45)) {
      std::optional<size_t> second = PickDepartment(rng, in.departments, d.dept_secondary);
      if (!second) second = rng.Below(in.departments.size());
      if (in.departments[*second].id != p.responsible_org_ids[0])
        p.responsible_org_ids.push_back(in.departments[*second].id);
    }
  }
  if (p.town_org_id && (p.responsible_org_ids.empty() || rng.Chance(0.3)))
    p.responsible_org_ids.push_back(*p.town_org_id);
  if (rng.Chance(0.4)) {
    if (p.category == ProjectCategory::kIndustry && !in.parks.empty() && rng.Chance(0.7)) {
      p.agency_org_id = in.parks[rng.Below(in.parks.size())].id;
    } else if (!in.departments.empty()) {
      std::optional<size_t> a = PickDepartment(rng, in.departments, rng.Chance(0.5) ? "行政审批" : "投资促进");
      p.agency_org_id = in.departments[a ? *a : rng.Below(in.departments.size())].id;
    }
  }
  if (!in.leader_user_ids.empty()) p.leader_user_id = in.leader_user_ids[i % in.leader_user_ids.size()];

  bool rural = at.town.size() > 3 && (TownShort(at.town) + "镇" == at.town || TownShort(at.town) + "乡" == at.town);
  p.address = Address(rng, at, rural);
  p.contacts = Contact(rng);
  if (rng.Chance(0.3)) p.contacts += "；" + Contact(rng);

  // Tags, at most three, distinct.
  auto tag = [&](const char* t) {
    if (p.tags.size() < 3 && std::find(p.tags.begin(), p.tags.end(), t) == p.tags.end()) p.tags.emplace_back(t);
  };
  if (p.level == ProjectLevel::kProvincial) tag("省重点");
  if (p.level == ProjectLevel::kMunicipal && rng.Chance(0.8)) tag("市重点");
  int start_year = as ? as->year : ps ? ps->year : today.year + 1;
  if (rng.Chance(0.45)) tag(start_year <= 2025 ? "十四五" : "十五五");
  if ((stage == Stage::kConstruction || stage == Stage::kPreparation) && rng.Chance(0.2)) tag("攻坚");
  if ((p.category == ProjectCategory::kInfrastructure || p.category == ProjectCategory::kEcology) &&
      rng.Chance(wan >= 20000 ? 0.35 : 0.1)) {
    tag("两重");
  }
  if (p.category == ProjectCategory::kIndustry && rng.Chance(d.content == Content::kRetrofit ? 0.6 : 0.08)) tag("两新");

  if (stage == Stage::kSuspended) {
    p.remarks = rng.Pick(kSuspendReasons);
  } else if (stage == Stage::kWithdrawn) {
    p.remarks = rng.Pick(kWithdrawReasons);
  } else if (rng.Chance(0.25)) {
    p.remarks = rng.Pick(kRemarks);
  }
  return p;
}

}  // namespace

std::vector<Project> GenerateProjects(const ProjectGenInput& in) {
  std::vector<Project> out;
  if (in.count <= 0) return out;
  const size_t count = static_cast<size_t>(in.count);
  Date today = in.today;
  if (!domain::ParseDate(today.ToString())) today = {2026, 6, 30};
  Rng rng(Mix(in.seed));
  std::vector<uint8_t> variants = AssignVariants(count, rng);
  OrgIndex orgs(in.owners);
  Counters counters;
  counters.stems.reserve(count);
  Context ctx{in, orgs, today, counters, MakeLayout(in.towns.size())};
  out.reserve(count);
  for (size_t i = 0; i < count; ++i) out.push_back(MakeProject(i, kVariants[variants[i]].state, ctx));
  return out;
}

std::string DistrictGeoJson(const std::vector<std::string>& town_names) {
  nlohmann::json features = nlohmann::json::array();
  if (!town_names.empty()) {
    std::vector<std::vector<Pt>> rings = TownRings(town_names.size());
    for (size_t i = 0; i < town_names.size(); ++i) {
      nlohmann::json ring = nlohmann::json::array();
      for (const Pt& p : rings[i]) {
        LonLat ll = ToLonLat(p);
        ring.push_back({Round6(ll.lon), Round6(ll.lat)});
      }
      features.push_back({
          {"type", "Feature"},
          {"properties", {{"name", town_names[i]}, {"index", i}}},
          {"geometry", {{"type", "Polygon"}, {"coordinates", nlohmann::json::array({ring})}}},
      });
    }
  }
  return nlohmann::json{{"type", "FeatureCollection"}, {"features", features}}.dump();
}

LonLat PointInTown(size_t index, size_t town_count, double u, double v) {
  town_count = std::max<size_t>(town_count, 1);
  index = std::min(index, town_count - 1);
  return PointInCell(MakeLayout(town_count), index, u, v);
}

}  // namespace gongjian::demo
