#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "io/xlsx_reader.h"

// Test and fuzzing support for the xlsx reader (linked into io_test, the libFuzzer target
// xlsx_reader_fuzz and the corpus generator, never into the product): one fuzz input run
// through the reader with its results checked against the contract in xlsx_reader.h. The fuzz
// target and the corpus test (xlsx_corpus_test.cc) share it, so the normal build replays the
// seed corpus exactly as the fuzzer runs it. See docs/fuzzing.md.

namespace gongjian::io::fuzzing {

using XlsxParts = std::vector<std::pair<std::string, std::string>>;  // (entry name, bytes)

// The limits the fuzz target opens workbooks with: a few MB per part, so that no input makes
// the reader hold more than a few hundred MB (under ASan) and one input runs well under a second.
XlsxLimits FuzzLimits();

// A "parts" input starts with this line and holds a package's parts as text instead of a zip:
// "@@ <entry name>\n<bytes>" repeated (the bytes run to the next "\n@@ " or the end). It is
// zipped (stored) before reading, so that the fuzzer mutates the XML itself: most mutations of
// a real zip only break its offsets or its CRCs. Anything else is read as the xlsx file itself.
inline constexpr std::string_view kPartsMagic = "GJ-XLSX-PARTS\n";

// Zips `parts` in memory with libzip, stored or deflated, every entry dated 2025-01-01 so the
// output depends on the parts alone. Later parts replace earlier ones of the same name; a part
// libzip refuses (an empty name) is left out.
std::string ZipParts(const XlsxParts& parts, bool store);

// `parts` as a parts input (the inverse of the parsing in PackageOf).
std::string PartsInput(const XlsxParts& parts);

// The xlsx bytes an input stands for: a parts input zipped (stored, at most 64 parts), any
// other input as is.
std::string PackageOf(std::string_view input);

// What one input did.
struct Outcome {
  core::Status failure;  // the first failure (Open's, else a sheet's); ok when every sheet read
  int sheets = 0;        // sheets in the workbook (0 when Open failed)
  int sheets_read = 0;   // sheets read whole without failure
  int64_t cells = 0;     // cells read in those sheets
  // Each a broken promise of xlsx_reader.h (a bug in the reader): a failure that is not an
  // xlsx_ key on field "file", rows or cells out of order or past the limits, a lookup that
  // does not find what was read, a date that is not its serial's, StreamSheet disagreeing with
  // ReadSheet, a status from on_row not returned as is.
  std::vector<std::string> violations;
};

// Opens PackageOf(input) with FuzzLimits(); reads every sheet with ReadSheet, looks every
// cell and merged range up again (At, MergeAt, Ref, XlsxSerialToDate on numbers); streams the
// first sheet with StreamSheet, whole and stopped after its first row; and checks all of it.
// Never aborts: expected failures land in `failure`, bugs in `violations`.
Outcome RunOne(std::string_view input);

}  // namespace gongjian::io::fuzzing
