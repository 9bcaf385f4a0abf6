#include "demo/demo.h"

#include <random>
#include <vector>

#include "store/org_repository.h"

namespace gongjian::demo {
namespace {

using domain::Org;
using domain::OrgKind;

// A fictional district: its region code starts with 99, which no real division uses.
constexpr const char* kDistrictName = "示范区";
constexpr const char* kRegionCode = "990101";

const std::vector<const char*> kDepartments = {
    "区发展和改革局", "区经济和信息化局", "区住房和城乡建设局", "区自然资源和规划局", "区生态环境局",
    "区交通运输局",   "区水利局",         "区财政局",           "区投资促进中心",     "区行政审批服务局",
    "区统计局",       "区应急管理局",
};
const std::vector<const char*> kTowns = {
    "城关街道", "东城街道", "西城街道", "南湖街道", "北塬镇", "柳河镇", "青石镇", "双桥镇", "杨庄镇", "白水乡",
};
const std::vector<const char*> kParks = {"示范区高新技术产业开发区", "临港物流园区", "现代农业产业园"};
const std::vector<const char*> kOwnerStems = {"城市建设投资", "交通投资", "水务", "文旅发展", "产业投资",
                                              "新能源科技",   "智能制造", "现代农业", "医药科技", "物流"};
const std::vector<const char*> kOwnerForms = {"集团有限公司", "有限公司", "股份有限公司"};

}  // namespace

core::Result<DemoReport> GenerateDemo(store::Database& db, const DemoOptions& options, const core::Clock& clock) {
  std::mt19937_64 rng(options.seed);
  std::string now = core::FormatTimestamp(clock.Now());
  DemoReport report;
  core::Status s = db.Write([&](store::Connection& c) -> core::Status {
    auto existing = c.Query("SELECT COUNT(*) AS n FROM orgs");
    if (!existing) return existing.error();
    if (existing->First().Int("n") > 0) return core::Status::Ok();
    auto add = [&](std::string name, OrgKind kind, std::optional<int64_t> parent) -> core::Result<Org> {
      Org o;
      o.name = std::move(name);
      o.kind = kind;
      o.parent_id = parent;
      o.region_code = kRegionCode;
      auto r = store::CreateOrg(c, o, now);
      if (r) ++report.orgs;
      return r;
    };
    auto district = add(kDistrictName, OrgKind::kDistrict, std::nullopt);
    if (!district) return district.error();
    for (const char* name : kDepartments) {
      if (auto r = add(name, OrgKind::kDepartment, district->id); !r) return r.error();
    }
    for (const char* name : kTowns) {
      if (auto r = add(name, OrgKind::kTown, district->id); !r) return r.error();
    }
    std::vector<int64_t> parks;
    for (const char* name : kParks) {
      auto r = add(name, OrgKind::kPark, district->id);
      if (!r) return r.error();
      parks.push_back(r->id);
    }
    // Owner units: state platforms under the district, companies under the parks.
    for (size_t i = 0; i < kOwnerStems.size(); ++i) {
      std::string name = std::string("示范区") + kOwnerStems[i] + kOwnerForms[rng() % kOwnerForms.size()];
      int64_t parent = i < 4 ? district->id : parks[rng() % parks.size()];
      if (auto r = add(name, OrgKind::kOwner, parent); !r) return r.error();
    }
    report.created = true;
    return core::Status::Ok();
  });
  if (!s.ok()) return core::Fail(std::move(s));
  return report;
}

}  // namespace gongjian::demo
