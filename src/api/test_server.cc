#include "api/test_server.h"

#include <cstdio>
#include <cstdlib>
#include <vector>

#include <jpeglib.h>

#include <spdlog/spdlog.h>

#include <future>

#include "api/errors.h"
#include "api/routes.h"
#include "api/session.h"
#include "auth/crypto.h"
#include "auth/password.h"
#include "store/org_repository.h"
#include "store/user_repository.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace gongjian::api {

std::string TestJpeg(int width, int height) {
  jpeg_compress_struct cinfo;
  jpeg_error_mgr jerr;
  cinfo.err = jpeg_std_error(&jerr);
  jpeg_create_compress(&cinfo);
  unsigned char* out = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&cinfo, &out, &size);
  cinfo.image_width = width;
  cinfo.image_height = height;
  cinfo.input_components = 3;
  cinfo.in_color_space = JCS_RGB;
  jpeg_set_defaults(&cinfo);
  jpeg_start_compress(&cinfo, TRUE);
  std::vector<unsigned char> row(width * 3);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      row[x * 3] = static_cast<unsigned char>(x);
      row[x * 3 + 1] = static_cast<unsigned char>(y);
      row[x * 3 + 2] = 128;
    }
    JSAMPROW p = row.data();
    jpeg_write_scanlines(&cinfo, &p, 1);
  }
  jpeg_finish_compress(&cinfo);
  std::string bytes(reinterpret_cast<char*>(out), size);
  jpeg_destroy_compress(&cinfo);
  std::free(out);
  return bytes;
}

std::unique_ptr<TestServer> TestServer::Start(store::Engine engine, const std::string& static_root,
                                              http::ServerOptions options) {
  spdlog::set_level(spdlog::level::warn);
  std::unique_ptr<TestServer> s(new TestServer());
  s->test_db_ = store::TestDatabase::Create(engine);
  if (!s->test_db_) return nullptr;
  s->monitor_ = std::make_unique<DbMonitor>(s->test_db_->db(), std::chrono::seconds(1));
  s->keys_ = auth::KeyRing::Derive(auth::RandomBytes(32));
  // Cheaper password hashing keeps the suite fast; the default is tested in auth_test.
  auth::SecurityPolicy fast;
  fast.password.iterations = 10000;
  std::string now = core::FormatTimestamp(s->clock_.Now());
  core::Status put = s->test_db_->db().Write([&](store::Connection& c) -> core::Status {
    auto r = store::PutSetting(c, kPolicySettingKey, PolicyToJson(fast).dump(), 0, now);
    return r ? core::Status::Ok() : r.error();
  });
  if (!put.ok()) throw std::runtime_error(put.ToString());
  s->ctx_ = std::unique_ptr<ApiContext>(new ApiContext{s->test_db_->db(), s->clock_, "test", s->monitor_.get(),
                                                       &s->keys_, &s->guard_, &s->policy_});
  s->files_dir_ = std::filesystem::temp_directory_path() / ("gj-files-" + auth::HexEncode(auth::RandomBytes(8)));
  s->files_ = std::make_unique<io::FileStore>(s->files_dir_);
  s->ctx_->files = s->files_.get();
  s->router_ = BuildRouter(*s->ctx_);
  auto files = http::StaticFiles::Load(static_root);
  if (!files) throw std::runtime_error(files.error().ToString());
  options.address = "127.0.0.1";
  options.port = 0;
  s->server_ = std::make_unique<http::Server>(options, s->router_, std::move(*files), ErrorResponse);
  std::promise<uint16_t> listening;
  auto port = listening.get_future();
  s->thread_ = std::thread([srv = s->server_.get(), &listening] {
    core::Status st = srv->Run([&](uint16_t p) { listening.set_value(p); });
    if (!st.ok()) listening.set_value(0);
  });
  s->port_ = port.get();
  if (s->port_ == 0) throw std::runtime_error("test server did not start");
  return s;
}

TestServer::~TestServer() {
  if (server_) server_->Stop();
  if (thread_.joinable()) thread_.join();
  std::error_code ignored;
  if (!files_dir_.empty()) std::filesystem::remove_all(files_dir_, ignored);
}

httplib::Headers TestSession::Headers(httplib::Headers extra) const {
  extra.emplace("Cookie", cookie);
  extra.emplace("X-CSRF-Token", csrf);
  return extra;
}

int64_t TestServer::RootOrg() {
  if (!root_org_) root_org_ = AddOrg("测试区", domain::OrgKind::kDistrict, std::nullopt);
  return root_org_;
}

int64_t TestServer::AddOrg(const std::string& name, domain::OrgKind kind, std::optional<int64_t> parent) {
  auto org = db().WriteValue<domain::Org>([&](store::Connection& c) {
    domain::Org o;
    o.name = name;
    o.kind = kind;
    o.parent_id = parent;
    return store::CreateOrg(c, o, core::FormatTimestamp(clock_.Now()));
  });
  if (!org) throw std::runtime_error(org.error().ToString());
  return org->id;
}

std::string TestServer::AddUser(const std::string& username, std::vector<domain::Role> roles,
                                std::optional<int64_t> org, bool must_change, domain::ScopeKind scope) {
  std::string password = "Test-Pass-" + std::to_string(++users_) + "-Xy";
  domain::User u;
  u.username = username;
  u.display_name = "用户" + username;
  u.org_id = org ? *org : RootOrg();
  u.roles = std::move(roles);
  u.scope = scope;
  u.must_change_password = must_change;
  u.password_hash = auth::HashPassword(password, keys_.pepper, 10000);
  auto created = db().WriteValue<domain::User>(
      [&](store::Connection& c) { return store::CreateUser(c, u, core::FormatTimestamp(clock_.Now())); });
  if (!created) throw std::runtime_error(created.error().ToString());
  return password;
}

TestSession TestServer::Login(const std::string& username, const std::string& password) {
  auto client = Client();
  auto r = client->Post("/api/auth/login", nlohmann::json{{"username", username}, {"password", password}}.dump(),
                        "application/json");
  EXPECT_TRUE(r && r->status == 200) << username << ": " << (r ? r->body : "no response");
  if (!r || r->status != 200) return {};
  std::string set_cookie = r->get_header_value("Set-Cookie");
  return {set_cookie.substr(0, set_cookie.find(';')), nlohmann::json::parse(r->body)["csrf_token"]};
}

TestSession TestServer::SignedIn(domain::Role role) {
  std::string name = std::string(domain::RoleName(role)) + std::to_string(users_ + 1);
  for (auto& ch : name) ch = ch == '_' ? '-' : ch;
  return Login(name, AddUser(name, {role}));
}

std::unique_ptr<httplib::Client> TestServer::Client() const {
  auto c = std::make_unique<httplib::Client>("127.0.0.1", port_);
  c->set_tcp_nodelay(true);
  c->set_read_timeout(10, 0);
  return c;
}

}  // namespace gongjian::api
