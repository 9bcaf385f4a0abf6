#include "http/static_files.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace gongjian::http {
namespace {

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() / ("gj_static_" + std::to_string(getpid()));
    std::filesystem::create_directories(root_ / "assets");
    std::ofstream(root_ / "index.html") << "<html>app</html>";
    std::ofstream(root_ / "assets" / "index-abc123.js") << "console.log(1)";
    std::ofstream(root_ / "logo.svg") << "<svg/>";
    auto loaded = StaticFiles::Load(root_.string());
    ASSERT_TRUE(loaded);
    files_ = std::move(*loaded);
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  static std::string HeaderOf(const Response& r, std::string_view name) {
    for (const auto& [k, v] : r.headers) {
      if (k == name) return v;
    }
    return {};
  }
  std::filesystem::path root_;
  StaticFiles files_;
};

TEST_F(StaticFilesTest, ServesFilesWithTypeAndCaching) {
  auto js = files_.Serve("/assets/index-abc123.js", std::nullopt);
  ASSERT_TRUE(js);
  EXPECT_EQ(js->content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(HeaderOf(*js, "Cache-Control"), "public, max-age=31536000, immutable");
  auto index = files_.Serve("/", std::nullopt);
  ASSERT_TRUE(index);
  EXPECT_EQ(index->body, "<html>app</html>");
  EXPECT_EQ(HeaderOf(*index, "Cache-Control"), "no-cache");
  EXPECT_EQ(files_.Serve("/logo.svg", std::nullopt)->content_type, "image/svg+xml");
}

TEST_F(StaticFilesTest, UiRoutesFallBackToIndexButMissingAssetsDoNot) {
  auto deep = files_.Serve("/projects/12", std::nullopt);
  ASSERT_TRUE(deep);
  EXPECT_EQ(deep->body, "<html>app</html>");
  EXPECT_FALSE(files_.Serve("/assets/missing.js", std::nullopt));
  EXPECT_FALSE(files_.Serve("/../../etc/passwd.txt", std::nullopt));
}

TEST_F(StaticFilesTest, MatchingEtagGivesNotModified) {
  auto first = files_.Serve("/logo.svg", std::nullopt);
  std::string etag = HeaderOf(*first, "ETag");
  ASSERT_FALSE(etag.empty());
  auto again = files_.Serve("/logo.svg", etag);
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());
}

TEST(StaticFilesLoadTest, MissingRootIsEmptyNotAnError) {
  auto loaded = StaticFiles::Load("/nonexistent/dist");
  ASSERT_TRUE(loaded);
  EXPECT_TRUE(loaded->empty());
}

}  // namespace
}  // namespace gongjian::http
