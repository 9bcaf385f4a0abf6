#include "api/map_points.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <map>
#include <string>

namespace gongjian::api {
namespace {

using nlohmann::json;

std::string Written(const std::vector<store::CockpitPoint>& points, size_t batch) {
  std::string out = "[";
  MapPointWriter writer(out, batch);
  for (const auto& p : points) writer.Add(p);
  writer.Finish();
  return out + "]";
}

TEST(MapPointWriterTest, EveryPointOnceInTheOrderAddedWhateverTheBatch) {
  std::vector<std::string> names;
  for (int i = 0; i < 5000; ++i) names.push_back("项目" + std::to_string(i));
  std::vector<store::CockpitPoint> points;
  for (int i = 0; i < 5000; ++i) {
    points.push_back({i + 1, names[i], 100 + i / 1000.0, 30 - i / 1000.0, i % 3 == 0 ? "red" : i % 3 == 1 ? "yellow" : "green"});
  }
  const std::string one_batch = Written(points, 100'000);
  EXPECT_EQ(Written(points, 7), one_batch);
  EXPECT_EQ(Written(points, 1), one_batch);
  const json rows = json::parse(one_batch);
  ASSERT_EQ(rows.size(), 5000u);
  for (int i = 0; i < 5000; i += 499) {
    EXPECT_EQ(rows[i][0], i + 1);
    EXPECT_EQ(rows[i][1], names[i]);
    EXPECT_NEAR(rows[i][2].get<double>(), 100 + i / 1000.0, 1e-9);
    EXPECT_NEAR(rows[i][3].get<double>(), 30 - i / 1000.0, 1e-9);
    EXPECT_EQ(rows[i][4], i % 3 == 0 ? 2 : i % 3 == 1 ? 1 : 0);
  }
}

TEST(MapPointWriterTest, NamesAreEscapedAndCoordinatesRoundedToSixDecimals) {
  const std::string name = "甲\"乙\\丙\n丁\x01";
  EXPECT_EQ(Written({{7, name, 116.3971285001, -0.5, "yellow"}}, 2048),
            "[[7,\"甲\\\"乙\\\\丙\\n丁\\u0001\",116.397129,-0.5,1]]");
  EXPECT_EQ(json::parse(Written({{7, name, 0, 0, ""}}, 2048))[0][1], name);
  EXPECT_EQ(Written({{1, "x", 117.0, 0.0000004, "green"}, {2, "y", -12.3400001, 39.9, "red"}}, 1),
            "[[1,\"x\",117,0,0],[2,\"y\",-12.34,39.9,2]]");
}

TEST(MapPointWriterTest, KeepsItsOwnCopyOfTheNames) {
  std::string out;
  std::string name = "第一个";
  MapPointWriter writer(out, 2048);
  writer.Add({1, name, 1, 2, "red"});
  name = "已经改写";  // the store's text is valid during its callback only
  writer.Finish();
  EXPECT_EQ(out, "[1,\"第一个\",1,2,2]");
}

TEST(MapPointWriterTest, EachPointGoesToItsTargetCommaSeparatedInTheOrderAdded) {
  std::vector<store::CockpitPoint> points;
  for (int64_t id : {5, 1030, 6, 2050, 1025, 7}) points.push_back({id, "p", 1, 2, "green"});
  std::map<int64_t, std::string> texts;
  MapPointWriter writer([&](int64_t id) -> std::string& { return texts[id / 1024]; }, 2);
  for (const auto& p : points) writer.Add(p);
  writer.Finish();
  EXPECT_EQ(texts, (std::map<int64_t, std::string>{{0, R"([5,"p",1,2,0],[6,"p",1,2,0],[7,"p",1,2,0])"},
                                                    {1, R"([1030,"p",1,2,0],[1025,"p",1,2,0])"},
                                                    {2, R"([2050,"p",1,2,0])"}}));
}

TEST(MapPointWriterTest, NoPointsWriteNothing) {
  std::string out = "before";
  MapPointWriter writer(out);
  writer.Finish();
  EXPECT_EQ(out, "before");
}

}  // namespace
}  // namespace gongjian::api
