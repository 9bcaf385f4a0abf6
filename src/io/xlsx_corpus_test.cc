// Replays the xlsx reader's fuzz seed corpus (fuzz/corpus/xlsx_reader) through the fuzz
// target's own checks in the normal build, so a corpus file that once crashed the reader (and
// was added there) keeps being read, with or without clang. See docs/fuzzing.md.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "io/xlsx_fuzz_support.h"

namespace gongjian::io {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> CorpusFiles() {
  std::vector<fs::path> files;
  const fs::path dir = fs::path(GJ_SOURCE_DIR) / "fuzz" / "corpus" / "xlsx_reader";
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

TEST(XlsxCorpusTest, EveryCorpusFileReadsOrFailsWithAnXlsxError) {
  const std::vector<fs::path> files = CorpusFiles();
  ASSERT_GE(files.size(), 15u) << "the seed corpus is missing or thin: " << GJ_SOURCE_DIR << "/fuzz/corpus/xlsx_reader";
  int read = 0, refused = 0;
  int64_t cells = 0;
  for (const fs::path& path : files) {
    SCOPED_TRACE(path.filename().string());
    const std::string bytes = ReadAll(path);
    const fuzzing::Outcome out = fuzzing::RunOne(bytes);
    for (const auto& v : out.violations) ADD_FAILURE() << v;
    if (out.failure.ok()) {
      ++read;
      EXPECT_GE(out.sheets, 1);
      EXPECT_EQ(out.sheets_read, out.sheets);
    } else {
      ++refused;
      EXPECT_EQ(out.failure.field(), "file") << out.failure.ToString();
      EXPECT_TRUE(out.failure.key().starts_with("xlsx_")) << out.failure.ToString();
    }
    cells += out.cells;
  }
  std::printf("[ figure ] xlsx corpus: %zu files, %d read whole, %d refused, %lld cells\n", files.size(), read,
              refused, static_cast<long long>(cells));
  // The corpus holds good workbooks and broken ones; both must be there.
  EXPECT_GE(read, 10);
  EXPECT_GE(refused, 3);
}

// The parts format the corpus and the fuzzer use: a parts input is zipped before reading.
TEST(XlsxCorpusTest, PartsInputsRoundTrip) {
  const fuzzing::XlsxParts parts = {{"a.xml", "<a/>"}, {"empty", ""}, {"b/c.xml", "line\n@ not a header\n"}};
  const std::string input = fuzzing::PartsInput(parts);
  ASSERT_TRUE(input.starts_with(fuzzing::kPartsMagic));
  EXPECT_EQ(fuzzing::PackageOf(input), fuzzing::ZipParts(parts, /*store=*/true));
  EXPECT_EQ(fuzzing::PackageOf("PK\x03\x04 whatever"), "PK\x03\x04 whatever");
}

}  // namespace
}  // namespace gongjian::io
