#include "api/test_server.h"

#include <spdlog/spdlog.h>

#include <future>

#include "api/errors.h"
#include "api/routes.h"

namespace gongjian::api {

std::unique_ptr<TestServer> TestServer::Start(store::Engine engine, const std::string& static_root,
                                              http::ServerOptions options) {
  spdlog::set_level(spdlog::level::warn);
  std::unique_ptr<TestServer> s(new TestServer());
  s->test_db_ = store::TestDatabase::Create(engine);
  if (!s->test_db_) return nullptr;
  s->monitor_ = std::make_unique<DbMonitor>(s->test_db_->db(), std::chrono::seconds(1));
  s->ctx_ = std::unique_ptr<ApiContext>(new ApiContext{s->test_db_->db(), s->clock_, "test", s->monitor_.get()});
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
}

std::unique_ptr<httplib::Client> TestServer::Client() const {
  auto c = std::make_unique<httplib::Client>("127.0.0.1", port_);
  c->set_tcp_nodelay(true);
  c->set_read_timeout(10, 0);
  return c;
}

}  // namespace gongjian::api
