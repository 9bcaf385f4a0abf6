// libFuzzer target for the xlsx reader (io/xlsx_reader.h): built only with -DGONGJIAN_FUZZ=ON
// and clang; run by scripts/fuzz-xlsx.sh, seeded from fuzz/corpus/xlsx_reader (docs/fuzzing.md).
//
// Each input is an xlsx file, or a "parts" input (see xlsx_fuzz_support.h) zipped before
// reading. It is opened with modest limits, every sheet is read and looked up, and the results
// are checked against the reader's contract. Expected failures (a Status) are fine; a broken
// promise aborts, and so does anything ASan or UBSan catches.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "io/xlsx_fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto outcome =
      gongjian::io::fuzzing::RunOne(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!outcome.violations.empty()) {
    for (const auto& v : outcome.violations) std::fprintf(stderr, "xlsx_reader_fuzz: %s\n", v.c_str());
    std::abort();
  }
  return 0;
}
