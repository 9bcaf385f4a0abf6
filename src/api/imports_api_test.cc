// Imports of project lists over HTTP on both databases: our template as csv (UTF-8 and GB18030),
// the real-world xlsx variants (title rows, two-row merged headers, 亿元, dates written four ways,
// totals rows, blank rows), matching by code and by name, column mapping, preview then apply in
// one transaction, refusals (errors, stale data, a second apply) and bad files that leave the
// database as it was.
#include <gtest/gtest.h>
#include <iconv.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "api/test_server.h"
#include "io/xlsx_hand.h"

namespace gongjian::api {
namespace {

using domain::OrgKind;
using domain::Role;
using nlohmann::json;
using store::Engine;

std::string ToGb18030(const std::string& utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  std::string out(utf8.size() * 2, '\0');
  char* src = const_cast<char*>(utf8.data());
  size_t src_left = utf8.size(), dst_left = out.size();
  char* dst = out.data();
  iconv(cd, &src, &src_left, &dst, &dst_left);
  iconv_close(cd);
  out.resize(out.size() - dst_left);
  return out;
}

class ImportApiTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    server_ = TestServer::Start(GetParam());
    if (!server_) GTEST_SKIP() << "GONGJIAN_TEST_PG is not set";
    client_ = server_->Client();
    int64_t root = server_->RootOrg();
    town_a_ = server_->AddOrg("城关街道", OrgKind::kTown, root);
    town_b_ = server_->AddOrg("柳河镇", OrgKind::kTown, root);
    owner_a_ = server_->AddOrg("城关建设公司", OrgKind::kOwner, town_a_);
    owner_b_ = server_->AddOrg("柳河实业公司", OrgKind::kOwner, town_b_);
    dept_ = server_->AddOrg("区住房和城乡建设局", OrgKind::kDepartment, root);
    office_ = server_->SignedIn(Role::kOffice);
    std::string pw = server_->AddUser("unit.a", {Role::kUnit}, town_a_, false, domain::ScopeKind::kOwn);
    unit_a_ = server_->Login("unit.a", pw);
    pw = server_->AddUser("viewer", {Role::kLeader}, std::nullopt, false, domain::ScopeKind::kAll);
    leader_ = server_->Login("viewer", pw);
  }

  // Uploads `bytes`; returns the status and the body.
  std::pair<int, json> Upload(const std::string& bytes, const std::string& filename, const TestSession* as = nullptr) {
    auto r = client_->Post(("/api/imports?kind=projects&filename=" + filename).c_str(), (as ? *as : office_).Headers(),
                           bytes, "application/octet-stream");
    if (!r) return {0, json::object()};
    return {r->status, json::parse(r->body, nullptr, false)};
  }
  std::pair<int, json> PostJson(const std::string& path, const json& body, const TestSession* as = nullptr) {
    auto r = client_->Post(path.c_str(), (as ? *as : office_).Headers(), body.dump(), "application/json");
    if (!r) return {0, json::object()};
    return {r->status, json::parse(r->body, nullptr, false)};
  }
  std::pair<int, json> Apply(const json& preview) {
    return PostJson("/api/imports/" + std::to_string(preview["id"].get<int64_t>()) + "/apply",
                    {{"fingerprint", preview["fingerprint"]}});
  }
  json Projects(const std::string& query = "") {
    auto r = client_->Get(("/api/projects?page_size=200" + query).c_str(), office_.Headers());
    EXPECT_TRUE(r && r->status == 200);
    return r ? json::parse(r->body)["items"] : json::array();
  }
  json Project(int64_t id) {
    auto r = client_->Get(("/api/projects/" + std::to_string(id)).c_str(), office_.Headers());
    EXPECT_TRUE(r && r->status == 200);
    return r ? json::parse(r->body) : json::object();
  }
  json ByName(const std::string& name) {
    for (const auto& p : Projects()) {
      if (p["name"] == name) return Project(p["id"].get<int64_t>());
    }
    ADD_FAILURE() << "no project " << name;
    return json::object();
  }
  static const json* Row(const json& preview, int line) {
    for (const auto& r : preview["rows"]) {
      if (r["row"] == line) return &r;
    }
    return nullptr;
  }
  int64_t CountImports() {
    int64_t n = -1;
    (void)server_->db().Read([&](store::Connection& c) {
      auto r = c.Query("SELECT COUNT(*) AS n FROM imports");
      if (r) n = r->First().Int("n");
      return core::Status::Ok();
    });
    return n;
  }

  // Our own template's header, as csv.
  static std::string TemplateCsv(const std::vector<std::string>& rows) {
    std::string csv = "项目代码,项目名称*,项目级别,项目类别,建设性质,审批类型,投资主体,所在镇街,总投资（万元）,计划开工时间,计划竣工时间,业主单位,责任单位,标签\n";
    for (const auto& r : rows) csv += r + "\n";
    return csv;
  }

  std::unique_ptr<TestServer> server_;
  std::unique_ptr<httplib::Client> client_;
  int64_t town_a_ = 0, town_b_ = 0, owner_a_ = 0, owner_b_ = 0, dept_ = 0;
  TestSession office_, unit_a_, leader_;
};

TEST_P(ImportApiTest, TemplateCsvPreviewsThenAppliesEveryValueToTheFen) {
  std::string csv = TemplateCsv({
      "2026-330100-48-01-000001,城关标准厂房项目,区重点,产业,新建,备案,民营,城关街道,12345.67,2026-03-01,2027.12,城关建设公司,区住房和城乡建设局、城关街道,攻坚、两重",
      "\"\",\"柳河污水处理厂\",市级重点,生态环保,改扩建,审批,政府,柳河镇,\"1,000\",2026年5月,2028年6月30日,柳河实业公司,,",
  });
  auto [status, preview] = Upload(csv, "清单.csv");
  ASSERT_EQ(status, 201) << preview.dump();
  EXPECT_EQ(preview["header_row"], 1);
  EXPECT_TRUE(preview["missing_required"].empty());
  EXPECT_EQ(preview["counts"]["create"], 2) << preview.dump();
  EXPECT_EQ(preview["counts"]["error"], 0);
  EXPECT_TRUE(Projects().empty()) << "a preview writes nothing";

  auto [applied, result] = Apply(preview);
  ASSERT_EQ(applied, 200) << result.dump();
  EXPECT_EQ(result["created"], 2);

  json a = ByName("城关标准厂房项目");
  EXPECT_EQ(a["national_code"], "2026-330100-48-01-000001");
  EXPECT_EQ(a["total_investment"], 123'456'700'00);  // 12,345.67 万元 in 分
  EXPECT_EQ(a["level"], "district");
  EXPECT_EQ(a["subject"], "private");
  EXPECT_EQ(a["town_org_id"], town_a_);
  EXPECT_EQ(a["owner_org_id"], owner_a_);
  EXPECT_EQ(a["responsible_org_ids"], json::array({dept_, town_a_}));
  EXPECT_EQ(a["planned_start"], "2026-03-01");
  EXPECT_EQ(a["planned_completion"], "2027-12-01");
  EXPECT_EQ(a["tags"], json::array({"攻坚", "两重"}));
  json b = ByName("柳河污水处理厂");
  EXPECT_EQ(b["total_investment"], 1'000'000'000);  // 1,000 万元
  EXPECT_EQ(b["level"], "municipal");
  EXPECT_EQ(b["nature"], "expansion");
  EXPECT_EQ(b["planned_start"], "2026-05-01");
  EXPECT_EQ(b["planned_completion"], "2028-06-30");

  // Applied once only.
  auto [again, body] = Apply(preview);
  EXPECT_EQ(again, 409);
  EXPECT_EQ(body["error"]["reason"], "import_applied");
  EXPECT_EQ(Projects().size(), 2u);
}

TEST_P(ImportApiTest, Gb18030CsvReadsLikeUtf8) {
  std::string csv = ToGb18030(TemplateCsv({",柳河仓储物流中心,一般,产业,新建,备案,民营,柳河镇,800,2026-09-01,2027-09-01,柳河实业公司,,"}));
  auto [status, preview] = Upload(csv, "gbk.csv");
  ASSERT_EQ(status, 201) << preview.dump();
  ASSERT_EQ(preview["counts"]["create"], 1) << preview.dump();
  EXPECT_EQ(preview["rows"][0]["project_name"], "柳河仓储物流中心");
  ASSERT_EQ(Apply(preview).first, 200);
  EXPECT_EQ(ByName("柳河仓储物流中心")["total_investment"], 800'000'000);
}

// A sheet the way districts send them: two title rows, a two-row header with merged cells,
// amounts in 亿元, dates as text, as date cells and as plain serial numbers, group headings,
// subtotal and total rows, a blank row and a footer.
TEST_P(ImportApiTest, RealWorldSheetWithTitlesMergedHeadersAndTotals) {
  io::HandSheetSpec s;
  s.name = "2026年重大项目";
  s.rows = {
      {"2026年全区重大项目计划表"},
      {"填报单位：区发改局", "", "", "", "", "", "单位：亿元"},
      {"序号", "项目名称", "建设单位", "项目类别", "总投资（亿元）", "计划工期", ""},
      {"", "", "", "", "", "开工时间", "竣工时间"},
      {"一、产业项目"},
      {"n:1", "城关智能制造产业园", "城关建设公司", "产业", "n:2.5", "2026年3月", "d:46752"},
      {"n:2", "城关新材料项目", "城关建设公司", "产业项目", "1.23456789", "d:46082", "n:46752"},
      {"", "小计", "", "", "n:3.73456789"},
      {},
      {"二、基础设施"},
      {"n:3", "柳河大桥", "柳河实业公司", "基础设施", "n:0.3", "2026.06", "2027-06-30"},
      {"", "合计", "", "", "n:4.03456789"},
      {"填报人：张三"},
  };
  s.merges = {"A1:G1", "A3:A4", "B3:B4", "C3:C4", "D3:D4", "E3:E4", "F3:G3"};
  auto [status, preview] = Upload(io::HandXlsx({s}), "全区.xlsx");
  ASSERT_EQ(status, 201) << preview.dump();
  EXPECT_EQ(preview["header_row"], 4);
  EXPECT_EQ(preview["sheets"], json::array({"2026年重大项目"}));
  std::map<std::string, std::string> fields;
  for (const auto& c : preview["columns"]) {
    if (!c["field"].is_null()) fields[c["letter"]] = c["field"];
  }
  EXPECT_EQ(fields, (std::map<std::string, std::string>{{"B", "name"},
                                                         {"C", "owner_org"},
                                                         {"D", "category"},
                                                         {"E", "total_investment"},
                                                         {"F", "planned_start"},
                                                         {"G", "planned_completion"}}));
  EXPECT_EQ(preview["counts"]["create"], 3) << preview.dump();
  EXPECT_EQ(preview["counts"]["error"], 0) << preview.dump();
  EXPECT_EQ(preview["counts"]["skipped"], 5) << preview.dump();  // 2 headings, subtotal, total, footer
  EXPECT_EQ((*Row(preview, 8))["reason"], "合计行");
  EXPECT_EQ((*Row(preview, 5))["reason"], "分组标题行");
  EXPECT_EQ((*Row(preview, 13))["reason"], "说明行");
  EXPECT_EQ(Row(preview, 9), nullptr) << "blank rows are not listed";

  ASSERT_EQ(Apply(preview).first, 200);
  json a = ByName("城关智能制造产业园");
  EXPECT_EQ(a["total_investment"], 25'000'000'000);  // 2.5 亿元
  EXPECT_EQ(a["planned_start"], "2026-03-01");
  EXPECT_EQ(a["planned_completion"], "2027-12-31");  // date cell 46752
  EXPECT_EQ(a["level"], "general");
  json b = ByName("城关新材料项目");
  EXPECT_EQ(b["total_investment"], 12'345'678'900);  // 1.23456789 亿元, exact
  EXPECT_EQ(b["planned_start"], "2026-03-01");       // date cell 46082
  EXPECT_EQ(b["planned_completion"], "2027-12-31");  // a serial in a General cell
  EXPECT_EQ(b["category"], "industry");
  json c = ByName("柳河大桥");
  EXPECT_EQ(c["total_investment"], 3'000'000'000);
  EXPECT_EQ(c["category"], "infrastructure");
  EXPECT_EQ(c["owner_org_id"], owner_b_);
}

TEST_P(ImportApiTest, MatchesByCodeOrNameUpdatesOnlyWhatChangedAndAudits) {
  std::string first = TemplateCsv({
      "2026-330100-48-01-000002,城关学校扩建,区重点,社会事业,扩建,审批,政府,城关街道,5000,2026-03-01,2027-08-31,城关建设公司,,",
      ",柳河公园,一般,生态环保,新建,备案,政府,柳河镇,600,2026-04-01,2026-12-31,柳河实业公司,,",
  });
  auto [s1, p1] = Upload(first, "a.csv");
  ASSERT_EQ(s1, 201);
  ASSERT_EQ(Apply(p1).first, 200);
  json school = ByName("城关学校扩建");
  json park = ByName("柳河公园");

  // By code: the name and the total change; by name: nothing changes; a new one.
  std::string second = TemplateCsv({
      "2026-330100-48-01-000002,城关第一学校扩建,区重点,社会事业,扩建,审批,政府,城关街道,5200.5,2026-03-01,2027-08-31,城关建设公司,,",
      ",柳河公园,一般,生态环保,新建,备案,政府,柳河镇,600,2026-04-01,2026-12-31,柳河实业公司,,",
  });
  auto [s2, p2] = Upload(second, "b.csv");
  ASSERT_EQ(s2, 201) << p2.dump();
  EXPECT_EQ(p2["counts"]["update"], 1) << p2.dump();
  EXPECT_EQ(p2["counts"]["unchanged"], 1);
  const json* update = Row(p2, 2);
  ASSERT_NE(update, nullptr);
  EXPECT_EQ((*update)["project_id"], school["id"]);
  EXPECT_EQ((*update)["changes"]["name"], json::array({"城关学校扩建", "城关第一学校扩建"}));
  EXPECT_EQ((*update)["changes"]["total_investment"], json::array({"50000000.00元", "52005000.00元"}));
  EXPECT_FALSE((*update)["changes"].contains("level"));
  EXPECT_EQ((*Row(p2, 3))["project_id"], park["id"]);

  ASSERT_EQ(Apply(p2).first, 200);
  json after = Project(school["id"].get<int64_t>());
  EXPECT_EQ(after["name"], "城关第一学校扩建");
  EXPECT_EQ(after["total_investment"], 5'200'500'000);
  EXPECT_EQ(after["version"], school["version"].get<int64_t>() + 1);
  EXPECT_EQ(Project(park["id"].get<int64_t>())["version"], park["version"]);

  auto events = client_->Get(("/api/projects/" + std::to_string(school["id"].get<int64_t>()) + "/events").c_str(),
                             office_.Headers());
  ASSERT_TRUE(events && events->status == 200);
  EXPECT_NE(events->body.find("导入：b.csv"), std::string::npos) << events->body;
  int64_t audits = -1;
  (void)server_->db().Read([&](store::Connection& c) {
    auto r = c.Query("SELECT COUNT(*) AS n FROM audit_log WHERE event_type = 'import.apply'");
    if (r) audits = r->First().Int("n");
    return core::Status::Ok();
  });
  EXPECT_EQ(audits, 2);
}

TEST_P(ImportApiTest, CellErrorsNameTheCellAndApplyingRefusesWholly) {
  std::string csv = TemplateCsv({
      ",好项目,区重点,产业,新建,备案,民营,城关街道,100,2026-03-01,2027-03-01,城关建设公司,,",
      ",坏项目,国家级,产业,新建,备案,民营,城关街道,一百万,明年三月,2027-03-01,不存在的公司,,",
      ",好项目,区重点,产业,新建,备案,民营,城关街道,100,2026-03-01,2027-03-01,城关建设公司,,",
  });
  auto [status, preview] = Upload(csv, "bad.csv");
  ASSERT_EQ(status, 201) << preview.dump();
  EXPECT_EQ(preview["counts"]["error"], 2) << preview.dump();
  const json* bad = Row(preview, 3);
  ASSERT_NE(bad, nullptr);
  std::map<std::string, std::string> by_column;
  for (const auto& e : (*bad)["errors"]) by_column[e["column"]] = e["message"];
  EXPECT_EQ(by_column["C"], "项目级别：“国家级”不是可选的取值");
  EXPECT_EQ(by_column["I"], "总投资（万元）：“一百万”不是数字");
  EXPECT_NE(by_column["J"].find("“明年三月”不是可识别的日期"), std::string::npos) << by_column["J"];
  EXPECT_EQ(by_column["L"], "业主单位：“不存在的公司”在系统中不存在，请填写单位全称");
  EXPECT_EQ((*Row(preview, 4))["errors"][0]["message"], "项目名称：与第2行重复");

  auto [applied, body] = Apply(preview);
  EXPECT_EQ(applied, 400);
  EXPECT_EQ(body["error"]["reason"], "import_has_errors");
  EXPECT_TRUE(Projects().empty()) << "nothing is applied when any row has an error";

  // English on request.
  auto r = client_->Get(("/api/imports/" + std::to_string(preview["id"].get<int64_t>())).c_str(),
                        office_.Headers({{"Accept-Language", "en"}}));
  ASSERT_TRUE(r && r->status == 200);
  EXPECT_NE(r->body.find("is not a number"), std::string::npos);
}

TEST_P(ImportApiTest, ApplyRefusesWhenTheDataChangedSincePreview) {
  auto [s1, p1] = Upload(TemplateCsv({",城关体育馆,一般,社会事业,新建,备案,政府,城关街道,300,2026-03-01,2027-03-01,城关建设公司,,"}), "a.csv");
  ASSERT_EQ(Apply(p1).first, 200);
  json gym = ByName("城关体育馆");
  auto [s2, p2] = Upload(TemplateCsv({",城关体育馆,一般,社会事业,新建,备案,政府,城关街道,350,2026-03-01,2027-03-01,城关建设公司,,"}), "b.csv");
  ASSERT_EQ(p2["counts"]["update"], 1);
  // Someone edits the project after the preview.
  auto patch = client_->Patch(("/api/projects/" + std::to_string(gym["id"].get<int64_t>())).c_str(),
                              office_.Headers({{"If-Match", "\"" + std::to_string(gym["version"].get<int64_t>()) + "\""}}),
                              json{{"remarks", "改过"}}.dump(), "application/json");
  ASSERT_TRUE(patch && patch->status == 200);
  auto [applied, body] = Apply(p2);
  EXPECT_EQ(applied, 409);
  EXPECT_EQ(body["error"]["reason"], "import_stale");
  EXPECT_EQ(body["error"]["field"], "fingerprint");
  EXPECT_EQ(Project(gym["id"].get<int64_t>())["total_investment"], 300'000'000);
  // A fresh preview can be applied.
  auto [s3, p3] = PostJson("/api/imports/" + std::to_string(p2["id"].get<int64_t>()) + "/preview", json::object());
  ASSERT_EQ(s3, 200);
  ASSERT_EQ(Apply(p3).first, 200);
  EXPECT_EQ(Project(gym["id"].get<int64_t>())["total_investment"], 350'000'000);
}

TEST_P(ImportApiTest, UnknownHeadersAreMappedByTheUser) {
  std::string csv = "工程,钱,甲方,类\n城关停车场,88.5,城关建设公司,基础设施\n";
  auto [status, preview] = Upload(csv, "odd.csv");
  ASSERT_EQ(status, 201) << preview.dump();
  EXPECT_EQ(preview["missing_required"], json::array({"name"}));
  EXPECT_FALSE(preview["header_found"].get<bool>());
  EXPECT_TRUE(preview["rows"].empty());
  auto [applied, body] = Apply(preview);
  EXPECT_EQ(applied, 400);
  EXPECT_EQ(body["error"]["reason"], "import_missing_columns");

  std::string path = "/api/imports/" + std::to_string(preview["id"].get<int64_t>()) + "/preview";
  auto [bad, err] = PostJson(path, {{"mapping", {{"0", "no_such_field"}}}});
  EXPECT_EQ(bad, 400);
  EXPECT_EQ(err["error"]["field"], "mapping");
  auto [ok, mapped] = PostJson(path, {{"header_row", 1},
                                      {"mapping", {{"0", "name"}, {"1", "total_investment"}, {"2", "owner_org"}, {"3", "category"}}}});
  ASSERT_EQ(ok, 200) << mapped.dump();
  EXPECT_TRUE(mapped["missing_required"].empty());
  EXPECT_EQ(mapped["counts"]["create"], 1) << mapped.dump();
  // The choices are kept: reading the import again gives the same preview.
  auto again = client_->Get(("/api/imports/" + std::to_string(preview["id"].get<int64_t>())).c_str(), office_.Headers());
  ASSERT_TRUE(again && again->status == 200);
  EXPECT_EQ(json::parse(again->body)["fingerprint"], mapped["fingerprint"]);
  ASSERT_EQ(Apply(mapped).first, 200);
  EXPECT_EQ(ByName("城关停车场")["total_investment"], 88'500'000);
}

TEST_P(ImportApiTest, BadFilesGetClearErrorsAndChangeNothing) {
  std::string xlsx = io::HandXlsx({{.rows = {{"项目名称", "总投资"}, {"甲", "n:1"}}}});
  const std::pair<std::string, std::string> cases[] = {
      {"PK\x03\x04 this is not really a zip", "xlsx_not_zip"},
      {xlsx.substr(0, xlsx.size() / 2), "xlsx_not_zip"},
      {std::string("\xff\xfe\x00\x41\x00\x42", 6), "csv_encoding"},
      {"项目名称,总投资\n\"未闭合,1\n", "csv_malformed"},
      {"\n\n ,\n", "table_empty"},
  };
  for (const auto& [bytes, reason] : cases) {
    auto [status, body] = Upload(bytes, "bad.xlsx");
    EXPECT_EQ(status, 400) << reason;
    EXPECT_EQ(body["error"]["reason"], reason) << body.dump();
    EXPECT_EQ(body["error"]["field"], "file");
  }
  // A package of 1,001 entries (the reader stops at 1,000: a zip bomb of many small parts).
  std::vector<std::pair<std::string, std::string>> parts;
  for (int i = 0; i < 1001; ++i) parts.emplace_back("x/" + std::to_string(i), "0");
  auto [bomb, bomb_body] = Upload(io::HandZip(parts), "bomb.xlsx");
  EXPECT_EQ(bomb, 400);
  EXPECT_EQ(bomb_body["error"]["reason"], "xlsx_too_many_entries") << bomb_body.dump();
  // A sheet whose rows run past two million.
  io::HandSheetSpec tall;
  tall.rows = {{"项目名称"}, {"甲"}};
  tall.first_row = 1'999'999;
  auto [status, body] = Upload(io::HandXlsx({tall}), "tall.xlsx");
  EXPECT_EQ(status, 400);
  EXPECT_EQ(body["error"]["reason"], "xlsx_too_many_rows") << body.dump();
  EXPECT_EQ(CountImports(), 0);
  EXPECT_TRUE(Projects().empty());
}

TEST_P(ImportApiTest, ScopeAndRolesAreEnforced) {
  // A project of 柳河镇, outside the town user's scope.
  auto [s1, p1] = Upload(TemplateCsv({"2026-330100-48-01-000009,柳河码头,一般,基础设施,新建,备案,国有,柳河镇,100,2026-03-01,2027-03-01,柳河实业公司,,"}),
                         "a.csv");
  ASSERT_EQ(Apply(p1).first, 200);
  auto [s2, p2] = Upload(TemplateCsv({"2026-330100-48-01-000009,柳河码头改,一般,基础设施,新建,备案,国有,柳河镇,100,2026-03-01,2027-03-01,柳河实业公司,,"}),
                         "b.csv", &unit_a_);
  ASSERT_EQ(s2, 201) << p2.dump();
  EXPECT_EQ(p2["counts"]["error"], 1);
  EXPECT_NE(p2["rows"][0]["errors"][0]["message"].get<std::string>().find("不在您管理范围"), std::string::npos);
  // Another user cannot see the office's import; a read-only leader cannot import.
  auto r = client_->Get(("/api/imports/" + std::to_string(p1["id"].get<int64_t>())).c_str(), unit_a_.Headers());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  auto [s3, body] = Upload(TemplateCsv({}), "c.csv", &leader_);
  EXPECT_EQ(s3, 403) << body.dump();
}

TEST_P(ImportApiTest, TemplateDownloadsAndReadsBackAsItsOwnHeader) {
  auto r = client_->Get("/api/imports/templates/projects", office_.Headers());
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  auto [status, preview] = Upload(r->body, "模板.xlsx");
  ASSERT_EQ(status, 201) << preview.dump();
  EXPECT_EQ(preview["header_row"], 2);  // below the title row
  int mapped = 0;
  for (const auto& c : preview["columns"]) mapped += c["field"].is_null() ? 0 : 1;
  EXPECT_EQ(mapped, 22);
  EXPECT_EQ(preview["sheets"], json::array({"项目清单", "填写说明"}));
  auto missing = client_->Get("/api/imports/templates/nothing", office_.Headers());
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
}

// The project list exported (GET /api/projects/export, every column) and uploaded back: every
// row matches its project and nothing would change.
TEST_P(ImportApiTest, ExportedProjectListImportsBackUnchanged) {
  auto [s1, p1] = Upload(TemplateCsv({
                             "2026-330100-48-01-000051,城关标准厂房,区重点,产业,新建,备案,民营,城关街道,12345.67,2026-03-01,2027-12-31,城关建设公司,区住房和城乡建设局、城关街道,攻坚、两重",
                             ",柳河污水厂,市重点,生态环保,改建,审批,政府,柳河镇,0.01,2026-05-01,2028-06-30,柳河实业公司,,",
                             ",柳河农贸市场,一般,民生,新建,备案,民营,,800,,,柳河实业公司,,",
                         }),
                         "a.csv");
  ASSERT_EQ(Apply(p1).first, 200);
  auto exported = client_->Get("/api/projects/export", office_.Headers());
  ASSERT_TRUE(exported);
  ASSERT_EQ(exported->status, 200) << exported->body.substr(0, 300);
  auto [status, preview] = Upload(exported->body, "export.xlsx");
  ASSERT_EQ(status, 201) << preview.dump();
  EXPECT_EQ(preview["counts"]["unchanged"], 3) << preview.dump();
  EXPECT_EQ(preview["counts"]["update"], 0);
  EXPECT_EQ(preview["counts"]["create"], 0);
  EXPECT_EQ(preview["counts"]["error"], 0);
  auto [applied, result] = Apply(preview);
  ASSERT_EQ(applied, 200) << result.dump();
  EXPECT_EQ(result["unchanged"], 3);
  EXPECT_EQ(ByName("城关标准厂房")["version"], 1);
}

// A workbook LibreOffice made from a csv (`libreoffice --headless --convert-to xlsx`): its shared
// strings, number cells and date cells import to the 分 and the day.
TEST_P(ImportApiTest, ImportsAWorkbookLibreOfficeConverted) {
  if (std::system("command -v libreoffice >/dev/null 2>&1") != 0) GTEST_SKIP() << "libreoffice is not installed";
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("gj-lo-" + std::to_string(::getpid()) + "-" +
                                                                             std::to_string(GetParam() == Engine::kSqlite));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "list.csv") << TemplateCsv({
      "2026-330100-48-01-000031,城关综合管廊一期,区重点,基础设施,新建,审批,国有,城关街道,12345.6789,2026-03-01,2027-06-30,城关建设公司,,",
      ",柳河人民医院迁建,市重点,社会事业,迁建,审批,政府,柳河镇,800.05,2026-04-15,2028-12-31,柳河实业公司,,",
  });
  const std::string command = "libreoffice -env:UserInstallation=file://" + (dir / "profile").string() +
                              " --headless --infilter=CSV:44,34,76 --convert-to xlsx --outdir " + dir.string() + " " +
                              (dir / "list.csv").string() + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  std::ifstream in(dir / "list.xlsx", std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(bytes.starts_with("PK"));
  auto [status, preview] = Upload(bytes, "lo.xlsx");
  ASSERT_EQ(status, 201) << preview.dump();
  ASSERT_EQ(preview["counts"]["create"], 2) << preview.dump();
  ASSERT_EQ(Apply(preview).first, 200);
  json a = ByName("城关综合管廊一期");
  EXPECT_EQ(a["total_investment"], 123'456'789'00);  // 12,345.6789 万元 = 123,456,789.00 元
  EXPECT_EQ(a["national_code"], "2026-330100-48-01-000031");
  EXPECT_EQ(a["planned_start"], "2026-03-01");
  EXPECT_EQ(a["planned_completion"], "2027-06-30");
  EXPECT_EQ(a["regime"], "approval");
  json b = ByName("柳河人民医院迁建");
  EXPECT_EQ(b["total_investment"], 800'050'000);  // 800.05 万元
  EXPECT_EQ(b["planned_start"], "2026-04-15");
  EXPECT_EQ(b["nature"], "relocation");
}

// Monthly reports: one sheet for a month, rows matched by code or name, drafts created or updated
// to the 分, a submitted report left alone, a unit outside the reporting window refused.
TEST_P(ImportApiTest, MonthlyReportsBecomeTheMonthsDrafts) {
  auto [s1, p1] = Upload(TemplateCsv({
                             "2026-330100-48-01-000041,城关一号路,一般,基础设施,新建,备案,国有,城关街道,5000,2026-01-01,2027-12-31,城关建设公司,,",
                             ",城关二号路,一般,基础设施,新建,备案,国有,城关街道,3000,2026-01-01,2027-12-31,城关建设公司,,",
                             ",城关三号路,一般,基础设施,新建,备案,国有,城关街道,3000,2026-01-01,2027-12-31,城关建设公司,,",
                         }),
                         "p.csv");
  ASSERT_EQ(Apply(p1).first, 200);
  const int64_t road1 = ByName("城关一号路")["id"], road2 = ByName("城关二号路")["id"], road3 = ByName("城关三号路")["id"];
  // 三号路's October report is already submitted.
  std::string reports3 = "/api/projects/" + std::to_string(road3) + "/reports/2026-10";
  auto put = client_->Put(reports3.c_str(), office_.Headers(), json{{"investment", 100}}.dump(), "application/json");
  ASSERT_TRUE(put && put->status == 201) << (put ? put->body : "");
  json draft3 = json::parse(put->body);
  auto submit = client_->Post(("/api/reports/" + std::to_string(draft3["id"].get<int64_t>()) + "/actions").c_str(),
                              office_.Headers({{"If-Match", "\"" + std::to_string(draft3["version"].get<int64_t>()) + "\""}}),
                              json{{"action", "submit"}}.dump(), "application/json");
  ASSERT_TRUE(submit && submit->status == 200) << (submit ? submit->body : "");

  std::string sheet =
      "2026年10月重大项目进展情况表\n"
      "项目代码,项目名称,本月完成投资（万元）,形象进度,形象进度（%）,在岗人数,施工状态,存在问题,下月计划\n"
      "2026-330100-48-01-000041,,1234.56,路基施工,35%,86人,已开工,征地尚未完成,完成路基\n"
      ",城关二号路,0.5,前期准备,0.2,,未开工,,\n"
      ",城关三号路,10,,,,,,\n"
      "合计,,1245.06,,,,,,\n";
  auto upload = client_->Post("/api/imports?kind=reports&period=2026-10&filename=r.csv", office_.Headers(), sheet,
                              "application/octet-stream");
  ASSERT_TRUE(upload);
  ASSERT_EQ(upload->status, 201) << upload->body;
  json preview = json::parse(upload->body);
  EXPECT_EQ(preview["period"], "2026-10");
  EXPECT_EQ(preview["header_row"], 2);
  EXPECT_EQ(preview["counts"]["create"], 2) << preview.dump();
  EXPECT_EQ(preview["counts"]["error"], 1);
  EXPECT_EQ(preview["counts"]["skipped"], 1);
  EXPECT_NE((*Row(preview, 5))["errors"][0]["message"].get<std::string>().find("已提交或已审核通过"), std::string::npos);
  auto [refused, why] = Apply(preview);
  EXPECT_EQ(refused, 400);
  EXPECT_EQ(why["error"]["reason"], "import_has_errors");

  // Without the submitted project's row the rest applies.
  sheet.erase(sheet.find(",城关三号路"), std::string(",城关三号路,10,,,,,,\n").size());
  upload = client_->Post("/api/imports?kind=reports&period=2026-10&filename=r2.csv", office_.Headers(), sheet,
                         "application/octet-stream");
  ASSERT_TRUE(upload && upload->status == 201);
  preview = json::parse(upload->body);
  ASSERT_EQ(preview["counts"]["error"], 0) << preview.dump();
  auto [applied, result] = Apply(preview);
  ASSERT_EQ(applied, 200) << result.dump();
  EXPECT_EQ(result["created"], 2);
  auto report = [&](int64_t project) {
    auto r = client_->Get(("/api/projects/" + std::to_string(project) + "/reports/2026-10").c_str(), office_.Headers());
    EXPECT_TRUE(r && r->status == 200) << (r ? r->body : "");
    return r ? json::parse(r->body) : json::object();
  };
  json r1 = report(road1);
  json current1 = r1["versions"][0];
  EXPECT_EQ(current1["investment"], 1'234'560'000) << r1.dump();  // 1,234.56 万元
  EXPECT_EQ(current1["progress"], 3500);
  EXPECT_EQ(current1["workers_on_site"], 86);
  EXPECT_EQ(current1["site_status"], "started");
  EXPECT_EQ(current1["status"], "draft");
  EXPECT_EQ(current1["problems"], "征地尚未完成");
  json r2 = report(road2);
  json current2 = r2["versions"][0];
  EXPECT_EQ(current2["investment"], 500'000);  // 0.5 万元
  EXPECT_EQ(current2["progress"], 2000);        // 0.2 is a fraction: 20%

  // A unit outside an open dispatch round cannot import its month.
  auto unit = client_->Post("/api/imports?kind=reports&period=2026-10&filename=u.csv", unit_a_.Headers(),
                            "项目名称,本月完成投资（万元）\n城关二号路,1\n", "application/octet-stream");
  ASSERT_TRUE(unit && unit->status == 201) << (unit ? unit->body : "");
  json unit_preview = json::parse(unit->body);
  EXPECT_EQ(unit_preview["counts"]["error"], 1) << unit_preview.dump();
  EXPECT_NE(unit_preview.dump().find("填报窗口未开放"), std::string::npos);
  // The month is required and checked.
  auto no_period = client_->Post("/api/imports?kind=reports&filename=r.csv", office_.Headers(), sheet, "application/octet-stream");
  ASSERT_TRUE(no_period);
  EXPECT_EQ(no_period->status, 400);
  EXPECT_EQ(json::parse(no_period->body)["error"]["field"], "period");
}

INSTANTIATE_TEST_SUITE_P(Engines, ImportApiTest, ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const auto& info) { return info.param == Engine::kSqlite ? "Sqlite" : "Postgres"; });

}  // namespace
}  // namespace gongjian::api
