#include "core/sm3.h"

#include <gtest/gtest.h>

namespace gongjian::core {
namespace {

// Known answers from GB/T 32905-2016, appendix A.
TEST(Sm3Test, MatchesStandardExamples) {
  EXPECT_EQ(Sm3Hex("abc"), "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
  std::string sixty_four;
  for (int i = 0; i < 16; ++i) sixty_four += "abcd";
  EXPECT_EQ(Sm3Hex(sixty_four), "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
}

}  // namespace
}  // namespace gongjian::core
