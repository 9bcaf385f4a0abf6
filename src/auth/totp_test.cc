#include "auth/totp.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace gongjian::auth {
namespace {

constexpr std::string_view kRfcSecret = "12345678901234567890";

// RFC 6238 appendix B, SHA1 column.
TEST(TotpTest, MatchesRfc6238Vectors) {
  struct Case {
    int64_t time;
    std::string_view code;
  };
  const Totp totp(8, 30, 1);
  for (const Case& c : {Case{59, "94287082"}, Case{1111111109, "07081804"},
                        Case{1111111111, "14050471"}, Case{1234567890, "89005924"},
                        Case{2000000000, "69279037"}, Case{20000000000, "65353130"}}) {
    EXPECT_EQ(totp.Code(kRfcSecret, c.time), c.code) << c.time;
    EXPECT_EQ(totp.Verify(kRfcSecret, c.code, c.time), c.time / 30) << c.time;
  }
}

// RFC 4226 appendix D: HOTP for counters 0-9, which a 1-second step turns into times 0-9.
TEST(TotpTest, MatchesRfc4226HotpVectors) {
  const std::string_view expected[] = {"755224", "287082", "359152", "969429", "338314",
                                       "254676", "287922", "162583", "399871", "520489"};
  const Totp hotp(6, 1, 0);
  for (int counter = 0; counter < 10; ++counter) {
    EXPECT_EQ(hotp.Code(kRfcSecret, counter), expected[counter]) << counter;
  }
}

TEST(TotpTest, AcceptsCodesWithinTheWindowAndReportsTheirStep) {
  const Totp totp;               // 6 digits, 30 s, ±1 step
  const int64_t t = 1111111111;  // step 37037037
  std::string code = totp.Code(kRfcSecret, t);
  EXPECT_EQ(totp.Verify(kRfcSecret, code, t), 37037037);
  EXPECT_EQ(totp.Verify(kRfcSecret, code, t + 30), 37037037);  // typed late
  EXPECT_EQ(totp.Verify(kRfcSecret, code, t - 30), 37037037);  // server clock behind
  EXPECT_EQ(totp.Verify(kRfcSecret, totp.Code(kRfcSecret, t - 30), t), 37037036);
  EXPECT_EQ(totp.Verify(kRfcSecret, totp.Code(kRfcSecret, t + 30), t), 37037038);
}

TEST(TotpTest, RejectsCodesOutsideTheWindow) {
  const Totp totp;
  const int64_t t = 1111111111;
  std::string code = totp.Code(kRfcSecret, t);
  EXPECT_EQ(totp.Verify(kRfcSecret, code, t + 60), std::nullopt);
  EXPECT_EQ(totp.Verify(kRfcSecret, code, t - 60), std::nullopt);
  const Totp strict(6, 30, 0);
  EXPECT_EQ(strict.Verify(kRfcSecret, code, t + 30), std::nullopt);
  EXPECT_EQ(strict.Verify(kRfcSecret, code, t), 37037037);
}

TEST(TotpTest, RejectsWrongSecretOrCode) {
  const Totp totp;
  const int64_t t = 1234567890;
  std::string code = totp.Code(kRfcSecret, t);
  EXPECT_EQ(totp.Verify("another secret value", code, t), std::nullopt);
  EXPECT_EQ(totp.Verify("", code, t), std::nullopt);
  std::string wrong = code;
  wrong[5] = wrong[5] == '9' ? '0' : static_cast<char>(wrong[5] + 1);
  EXPECT_EQ(totp.Verify(kRfcSecret, wrong, t), std::nullopt);
}

TEST(TotpTest, RejectsMalformedCodes) {
  const Totp totp;
  const int64_t t = 1234567890;
  std::string valid = totp.Code(kRfcSecret, t);
  ASSERT_TRUE(totp.Verify(kRfcSecret, valid, t));
  for (const std::string& bad : {std::string("12a456"), std::string(), std::string("1234567"),
                                 std::string("12345"), " " + valid, valid + " ", valid + "0",
                                 "+" + valid.substr(1), std::string("１２３４５６")}) {
    EXPECT_EQ(totp.Verify(kRfcSecret, bad, t), std::nullopt) << bad;
  }
}

TEST(TotpTest, KeepsLeadingZeros) {
  EXPECT_EQ(Totp(8).Code(kRfcSecret, 1111111109), "07081804");
  EXPECT_EQ(Totp(8).Verify(kRfcSecret, "7081804", 1111111109), std::nullopt);
}

TEST(TotpTest, HandlesTheFirstStepsAfterTheEpoch) {
  const Totp totp;
  EXPECT_EQ(totp.Verify(kRfcSecret, totp.Code(kRfcSecret, 0), 0), 0);
  EXPECT_EQ(totp.Verify(kRfcSecret, totp.Code(kRfcSecret, 0), 45), 0);
}

TEST(TotpTest, RejectsInvalidConfiguration) {
  EXPECT_THROW(Totp(5), std::invalid_argument);
  EXPECT_THROW(Totp(9), std::invalid_argument);
  EXPECT_THROW(Totp(6, 0), std::invalid_argument);
  EXPECT_THROW(Totp(6, 30, -1), std::invalid_argument);
}

TEST(TotpTest, WorksThroughTheSecondFactorInterface) {
  const Totp totp;
  const SecondFactor& factor = totp;
  EXPECT_EQ(factor.Name(), "totp");
  EXPECT_EQ(factor.Verify(kRfcSecret, totp.Code(kRfcSecret, 1234567890), 1234567890),
            1234567890 / 30);
}

// RFC 4648 §10, without padding on output.
struct Base32Case {
  std::string_view plain;
  std::string_view encoded;
  std::string_view padded;
};
constexpr Base32Case kBase32Vectors[] = {
    {"", "", ""},
    {"f", "MY", "MY======"},
    {"fo", "MZXQ", "MZXQ===="},
    {"foo", "MZXW6", "MZXW6==="},
    {"foob", "MZXW6YQ", "MZXW6YQ="},
    {"fooba", "MZXW6YTB", "MZXW6YTB"},
    {"foobar", "MZXW6YTBOI", "MZXW6YTBOI======"},
};

TEST(Base32Test, MatchesRfc4648Vectors) {
  for (const Base32Case& c : kBase32Vectors) {
    EXPECT_EQ(Base32Encode(c.plain), c.encoded);
    EXPECT_EQ(Base32Decode(c.encoded), std::string(c.plain)) << c.encoded;
    EXPECT_EQ(Base32Decode(c.padded), std::string(c.plain)) << c.padded;
  }
}

TEST(Base32Test, DecodesIgnoringCaseAndSpaces) {
  EXPECT_EQ(Base32Decode("gezd gnbv gy3t qojq gezd gnbv gy3t qojq"), std::string(kRfcSecret));
  EXPECT_EQ(Base32Decode("mZxW6ytBoI"), "foobar");
}

TEST(Base32Test, RoundTripsBinary) {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  for (size_t n = 0; n <= 40; ++n) {
    EXPECT_EQ(Base32Decode(Base32Encode(all.substr(200, n))), all.substr(200, n)) << n;
  }
}

TEST(Base32Test, RejectsInvalidCharactersAndLengths) {
  for (std::string_view bad :
       {"M", "MZX", "MZXW6Y", "MZXW6YTBO", "MY1", "MY8=", "MY0", "MY-", "MY\n", "MY\t"}) {
    EXPECT_EQ(Base32Decode(bad), std::nullopt) << bad;
  }
}

TEST(OtpAuthUriTest, PercentEncodesChineseIssuerAndAccount) {
  EXPECT_EQ(
      OtpAuthUri("重大项目攻坚平台", "zhang.san@district.gov.cn", kRfcSecret),
      "otpauth://totp/%E9%87%8D%E5%A4%A7%E9%A1%B9%E7%9B%AE%E6%94%BB%E5%9D%9A%E5%B9%B3%E5%8F%B0:"
      "zhang.san%40district.gov.cn?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
      "&issuer=%E9%87%8D%E5%A4%A7%E9%A1%B9%E7%9B%AE%E6%94%BB%E5%9D%9A%E5%B9%B3%E5%8F%B0"
      "&algorithm=SHA1&digits=6&period=30");
}

TEST(OtpAuthUriTest, EscapesSeparatorsInNames) {
  EXPECT_EQ(OtpAuthUri("A&B:C", "张 三?x=1", "f"),
            "otpauth://totp/A%26B%3AC:%E5%BC%A0%20%E4%B8%89%3Fx%3D1?secret=MY&issuer=A%26B%3AC"
            "&algorithm=SHA1&digits=6&period=30");
}

TEST(NewTotpSecretTest, IsTwentyRandomBytes) {
  std::string a = NewTotpSecret();
  EXPECT_EQ(a.size(), 20u);
  EXPECT_NE(a, NewTotpSecret());
  EXPECT_EQ(Base32Encode(a).size(), 32u);
}

}  // namespace
}  // namespace gongjian::auth
