#include "io/sheet_table.h"

#include <gtest/gtest.h>

#include "io/xlsx_hand.h"

namespace gongjian::io {
namespace {

const std::vector<ImportFieldSpec> kFields = {
    {"name", "项目名称", true, {"名称"}},
    {"total_investment", "总投资（万元）", false, {"总投资"}},
    {"planned_start", "计划开工时间", false, {"开工时间"}},
    {"planned_completion", "计划竣工时间", false, {"竣工时间"}},
    {"progress_text", "形象进度", false, {}},
    {"progress", "形象进度百分比", false, {"形象进度%"}},
};

std::vector<std::string> Texts(const Table& t, size_t row) {
  std::vector<std::string> out;
  for (const auto& c : t.rows[row].cells) out.push_back(c.text);
  return out;
}

TEST(ReadTable, CsvDialectsAndEncodings) {
  struct Case {
    std::string bytes;
    std::vector<std::string> second_row;
  };
  const Case cases[] = {
      {"名称,总投资\n甲,\"1,200\"\n", {"甲", "1,200"}},
      {"\xEF\xBB\xBF名称,总投资\r\n乙,3\r\n", {"乙", "3"}},
      {"名称\t总投资\n丙\t4\n", {"丙", "4"}},
      {"名称;总投资\n丁;5\n", {"丁", "5"}},
      {"名称,备注\n戊,\"第一行\n第二行，含\"\"引号\"\"\"\n", {"戊", "第一行\n第二行，含\"引号\""}},
      {"\xC3\xFB\xB3\xC6,\xD7\xDC\xCD\xB6\xD7\xCA\n\xBC\xBA,6\n", {"己", "6"}},  // GBK: 名称,总投资 / 己,6
  };
  for (const auto& c : cases) {
    auto t = ReadTable(c.bytes, 0);
    ASSERT_TRUE(t) << t.error().ToString();
    ASSERT_EQ(t->rows.size(), 2u);
    EXPECT_EQ(Texts(*t, 1), c.second_row);
    EXPECT_EQ(t->rows[1].line, 2);
  }
}

TEST(ReadTable, RefusesWhatItCannotRead) {
  EXPECT_EQ(ReadTable("a,\"b\n", 0).error().key(), "csv_malformed");
  EXPECT_EQ(ReadTable(" , \n\n", 0).error().key(), "table_empty");
  EXPECT_EQ(ReadTable(std::string("\xFF\xFE\x00\x41", 4), 0).error().key(), "csv_encoding");
  TableLimits small;
  small.max_rows = 2;
  EXPECT_EQ(ReadTable("a\nb\nc\n", 0, small).error().key(), "table_too_many_rows");
  small.max_columns = 2;
  EXPECT_EQ(ReadTable("a,b,c\n", 0, small).error().key(), "table_too_many_columns");
  auto missing = ReadTable(HandXlsx({{.rows = {{"a"}}}}), 3);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().key(), "xlsx_sheet_not_found");
  EXPECT_EQ(missing.error().field(), "sheet");
}

TEST(DetectLayout, FindsAOneRowHeaderBelowTitles) {
  auto t = ReadTable("2026年项目表\n单位：万元\n序号,项目名称,总投资（万元）,开工时间\n1,甲,5,2026-01-01\n", 0);
  ASSERT_TRUE(t);
  TableLayout l = DetectLayout(*t, kFields);
  EXPECT_TRUE(l.found);
  EXPECT_EQ(t->rows[l.header_last].line, 3);
  EXPECT_EQ(l.header_first, l.header_last);
  ASSERT_NE(l.ColumnOf("name"), nullptr);
  EXPECT_EQ(l.ColumnOf("name")->index, 1);
  EXPECT_EQ(l.ColumnOf("total_investment")->index, 2);
  EXPECT_EQ(l.ColumnOf("planned_start")->index, 3);
  EXPECT_EQ(l.ColumnOf("planned_completion"), nullptr);
}

TEST(DetectLayout, ReadsTwoRowMergedHeadersAndPerCentColumns) {
  HandSheetSpec s;
  s.rows = {{"项目名称", "计划工期", "", "形象进度", "形象进度（%）"}, {"", "开工时间", "竣工时间"}, {"甲", "2026.1", "2027.1", "x", "n:0.5"}};
  s.merges = {"A1:A2", "B1:C1", "D1:D2", "E1:E2"};
  auto t = ReadTable(HandXlsx({s}), 0);
  ASSERT_TRUE(t) << t.error().ToString();
  TableLayout l = DetectLayout(*t, kFields);
  EXPECT_EQ(l.header_first, 0u);
  EXPECT_EQ(l.header_last, 1u);
  EXPECT_EQ(l.ColumnOf("name")->index, 0);
  EXPECT_EQ(l.ColumnOf("planned_start")->header, "计划工期/开工时间");
  EXPECT_EQ(l.ColumnOf("planned_completion")->index, 2);
  EXPECT_EQ(l.ColumnOf("progress_text")->index, 3);
  EXPECT_EQ(l.ColumnOf("progress")->index, 4);
}

TEST(DetectLayout, WithoutKnownHeadersTakesTheFirstRowUnmapped) {
  auto t = ReadTable("工程,钱\n甲,1\n", 0);
  TableLayout l = DetectLayout(*t, kFields);
  EXPECT_FALSE(l.found);
  EXPECT_EQ(l.header_last, 0u);
  EXPECT_EQ(l.columns.size(), 2u);
  EXPECT_EQ(l.ColumnOf("name"), nullptr);
  // The user's header row is taken as given.
  auto u = ReadTable("说明\n名称,总投资\n甲,1\n", 0);
  TableLayout chosen = DetectLayout(*u, kFields, 2);
  EXPECT_EQ(u->rows[chosen.header_last].line, 2);
  EXPECT_EQ(chosen.ColumnOf("name")->index, 0);
}

TEST(SkipReason, KnowsTotalsHeadingsAndNotes) {
  auto reason = [](std::vector<std::string> texts) {
    TableRow row;
    for (auto& t : texts) row.cells.push_back({t.empty() ? TableCellKind::kEmpty : TableCellKind::kText, t});
    return SkipReason(row);
  };
  EXPECT_EQ(reason({"", "合 计", "", "100"}), "合计行");
  EXPECT_EQ(reason({"其中：小计", "5"}), "合计行");
  EXPECT_EQ(reason({"一、产业项目"}), "分组标题行");
  EXPECT_EQ(reason({"（二）基础设施", "3个"}), "分组标题行");
  EXPECT_EQ(reason({"填报人：张三"}), "说明行");
  EXPECT_EQ(reason({"1", "城关合计供热管网改造工程项目", "5"}), "");  // a long name that contains 合计
  EXPECT_EQ(reason({"1", "甲", "5"}), "");
}

TEST(ColumnLetter, CountsLikeExcel) {
  EXPECT_EQ(ColumnLetter(0), "A");
  EXPECT_EQ(ColumnLetter(25), "Z");
  EXPECT_EQ(ColumnLetter(26), "AA");
  EXPECT_EQ(ColumnLetter(701), "ZZ");
  EXPECT_EQ(ColumnLetter(702), "AAA");
}

}  // namespace
}  // namespace gongjian::io
