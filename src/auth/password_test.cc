#include "auth/password.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "auth/crypto.h"

namespace gongjian::auth {
namespace {

constexpr int kTestIterations = 1000;
constexpr std::string_view kPepper = "test pepper kept outside the database";

std::string Repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

TEST(PasswordPolicyTest, DefaultsMatchTheSecurityBaseline) {
  PasswordPolicy policy;
  EXPECT_EQ(policy.min_length, 12);
  EXPECT_EQ(policy.min_classes, 3);
  EXPECT_EQ(policy.max_length, 128);
  EXPECT_EQ(policy.expiry_days, 90);
  EXPECT_EQ(policy.history, 5);
  EXPECT_EQ(policy.iterations, 100000);
}

TEST(CheckPasswordStrengthTest, AcceptsStrongPasswords) {
  for (std::string_view password : {"Kx7#mPq2vL9!", "重大项目攻坚Kx7#mPq2", "重大项目abcdefgh12",
                                    "correct Horse battery staple", "Zhangsan is 12 chars"}) {
    core::Status status = CheckPasswordStrength(PasswordPolicy{}, password, "lisi");
    EXPECT_TRUE(status.ok()) << password << ": " << status.ToString();
  }
}

struct RejectCase {
  std::string password;
  std::string username;
  std::string key;
  std::vector<std::string> args;
};

TEST(CheckPasswordStrengthTest, RejectsEachBrokenRuleWithItsKey) {
  const RejectCase cases[] = {
      {"Ab1!", "", "password_too_short", {"12"}},
      {"重大项目攻坚平台Ab1", "", "password_too_short", {"12"}},  // 27 bytes, 11 code points
      {"Kx7#" + Repeat("a", 125), "", "password_too_long", {"128"}},
      {"alllowercaseletters", "", "password_classes", {"3"}},
      {"abcdefgh12345", "", "password_classes", {"3"}},
      {"ABCDEFGH!!!!!", "", "password_classes", {"3"}},
      {"Zhangsan@2024x", "zhangsan", "password_contains_username", {}},
      {"x9#ZHANGSANyy", "ZhangSan", "password_contains_username", {}},
      {"Password1234!", "", "password_common", {}},
      {"P@ssw0rd1234", "", "password_common", {}},
      {"Admin@123456", "", "password_common", {}},
      {"Woaini1314520!", "", "password_common", {}},
      {"Qwer1234!@#$", "", "password_common", {}},
      {"Zhang123456!", "", "password_common", {}},
      {"Huawei@123456", "", "password_common", {}},
      {"pass\tWord1234", "", "password_control_characters", {}},
      {"passWord1234\x7f", "", "password_control_characters", {}},
      {"passWord1234\xc2\x85", "", "password_control_characters", {}},  // U+0085 NEL
      {std::string("passWord1234\0x", 14), "", "password_control_characters", {}},
      {"passWord1234\xff", "", "password_invalid_utf8", {}},
      {"passWord1234\xe9\x87", "", "password_invalid_utf8", {}},  // truncated 重
  };
  for (const RejectCase& c : cases) {
    core::Status status = CheckPasswordStrength(PasswordPolicy{}, c.password, c.username);
    EXPECT_EQ(status.code(), core::Code::kInvalidArgument) << c.password;
    EXPECT_EQ(status.field(), "new_password") << c.password;
    EXPECT_EQ(status.key(), c.key) << c.password;
    EXPECT_EQ(status.args(), c.args) << c.password;
  }
}

TEST(CheckPasswordStrengthTest, CountsLengthInCodePoints) {
  PasswordPolicy policy;
  policy.min_classes = 1;
  EXPECT_TRUE(CheckPasswordStrength(policy, "重大项目攻坚平台安全可靠", "").ok());  // 12
  EXPECT_EQ(CheckPasswordStrength(policy, "重大项目攻坚平台安全可", "").key(),
            "password_too_short");
  EXPECT_TRUE(CheckPasswordStrength(policy, Repeat("攻", 128), "").ok());
  EXPECT_EQ(CheckPasswordStrength(policy, Repeat("攻", 129), "").key(), "password_too_long");
}

TEST(CheckPasswordStrengthTest, ReportsThePolicyLimitsInArgs) {
  PasswordPolicy policy;
  policy.min_length = 16;
  policy.max_length = 20;
  policy.min_classes = 4;
  EXPECT_EQ(CheckPasswordStrength(policy, "Kx7#mPq2vL9!", "").args(),
            std::vector<std::string>{"16"});
  EXPECT_EQ(CheckPasswordStrength(policy, "Kx7#mPq2vL9!Kx7#mPq2vL9!", "").args(),
            std::vector<std::string>{"20"});
  EXPECT_EQ(CheckPasswordStrength(policy, "Kx7mPq2vL9aabbcc", "").args(),
            std::vector<std::string>{"4"});
}

TEST(CheckPasswordStrengthTest, SkipsUsernameRuleWhenUsernameEmpty) {
  EXPECT_TRUE(CheckPasswordStrength(PasswordPolicy{}, "Kx7#mPq2vL9!", "").ok());
}

TEST(CheckPasswordStrengthTest, FindsCommonPasswordsIgnoringCaseAndTrailingNoise) {
  PasswordPolicy lax;
  lax.min_length = 1;
  lax.min_classes = 1;
  for (std::string_view common :
       {"123456", "a123456", "5201314", "woaini1314", "QQ123456", "abc123456", "Aa123456",
        "zhang123", "password", "PASSWORD", "P@ssw0rd", "Admin@123", "Qwer1234", "iloveyou2024",
        "Password!!", "zhangwei 1990", "1qaz2wsx"}) {
    EXPECT_EQ(CheckPasswordStrength(lax, common, "").key(), "password_common") << common;
  }
  for (std::string_view uncommon : {"Kx7#mPq2vL9!", "zhangsanfeng", "123456x", "password x", "!"}) {
    EXPECT_TRUE(CheckPasswordStrength(lax, uncommon, "").ok()) << uncommon;
  }
}

TEST(HashPasswordTest, EncodesAlgorithmIterationsSaltAndKey) {
  std::string encoded = HashPassword("Kx7#mPq2vL9!", kPepper, kTestIterations);
  ASSERT_EQ(encoded.rfind("pbkdf2-sm3$1000$", 0), 0u) << encoded;
  std::string_view rest = std::string_view(encoded).substr(16);
  size_t dollar = rest.find('$');
  ASSERT_NE(dollar, std::string_view::npos);
  EXPECT_EQ(Base64Decode(rest.substr(0, dollar)).value_or("").size(), 16u);
  EXPECT_EQ(Base64Decode(rest.substr(dollar + 1)).value_or("").size(), 32u);
}

TEST(HashPasswordTest, FollowsTheDocumentedScheme) {
  std::string salt(16, '\x5a');
  std::string key = Pbkdf2HmacSm3(HmacSm3(kPepper, "Kx7#mPq2vL9!"), salt, kTestIterations, 32);
  std::string encoded = "pbkdf2-sm3$1000$" + Base64Encode(salt) + "$" + Base64Encode(key);
  EXPECT_TRUE(VerifyPassword("Kx7#mPq2vL9!", kPepper, encoded));
}

TEST(HashPasswordTest, SaltsEachHash) {
  std::string a = HashPassword("Kx7#mPq2vL9!", kPepper, kTestIterations);
  std::string b = HashPassword("Kx7#mPq2vL9!", kPepper, kTestIterations);
  EXPECT_NE(a, b);
  EXPECT_TRUE(VerifyPassword("Kx7#mPq2vL9!", kPepper, a));
  EXPECT_TRUE(VerifyPassword("Kx7#mPq2vL9!", kPepper, b));
}

TEST(HashPasswordTest, RejectsIterationsOutOfRange) {
  EXPECT_THROW(HashPassword("x", kPepper, 999), std::invalid_argument);
  EXPECT_THROW(HashPassword("x", kPepper, 10'000'001), std::invalid_argument);
}

TEST(HashPasswordTest, DefaultPolicyIterationsRoundTrip) {
  std::string encoded = HashPassword("Kx7#mPq2vL9!", kPepper, PasswordPolicy{}.iterations);
  EXPECT_EQ(encoded.rfind("pbkdf2-sm3$100000$", 0), 0u) << encoded;
  EXPECT_TRUE(VerifyPassword("Kx7#mPq2vL9!", kPepper, encoded));
}

TEST(VerifyPasswordTest, AcceptsOnlyTheSamePasswordAndPepper) {
  std::string encoded = HashPassword("重大项目攻坚Kx7#", kPepper, kTestIterations);
  EXPECT_TRUE(VerifyPassword("重大项目攻坚Kx7#", kPepper, encoded));
  EXPECT_FALSE(VerifyPassword("重大项目攻坚Kx7$", kPepper, encoded));
  EXPECT_FALSE(VerifyPassword("重大项目攻坚kx7#", kPepper, encoded));
  EXPECT_FALSE(VerifyPassword("", kPepper, encoded));
  EXPECT_FALSE(VerifyPassword("重大项目攻坚Kx7#", "another pepper", encoded));
}

TEST(VerifyPasswordTest, RejectsMalformedEncodings) {
  const std::string salt = Base64Encode(std::string(16, 's'));
  const std::string key =
      Base64Encode(Pbkdf2HmacSm3(HmacSm3(kPepper, "pw"), std::string(16, 's'), 1000, 32));
  ASSERT_TRUE(VerifyPassword("pw", kPepper, "pbkdf2-sm3$1000$" + salt + "$" + key));
  for (const std::string& bad : {
           std::string(),
           std::string("pbkdf2-sm3"),
           "pbkdf2-sha256$1000$" + salt + "$" + key,
           "PBKDF2-SM3$1000$" + salt + "$" + key,
           "pbkdf2-sm3$999$" + salt + "$" + key,
           "pbkdf2-sm3$10000001$" + salt + "$" + key,
           "pbkdf2-sm3$99999999999$" + salt + "$" + key,
           "pbkdf2-sm3$-1000$" + salt + "$" + key,
           "pbkdf2-sm3$+1000$" + salt + "$" + key,
           "pbkdf2-sm3$1000x$" + salt + "$" + key,
           "pbkdf2-sm3$$" + salt + "$" + key,
           "pbkdf2-sm3$1000$" + Base64Encode(std::string(15, 's')) + "$" + key,
           "pbkdf2-sm3$1000$" + salt + "$" + Base64Encode(std::string(31, 'k')),
           "pbkdf2-sm3$1000$" + salt + "$" + key.substr(1),
           "pbkdf2-sm3$1000$" + salt + "$" + key + "$",
           "pbkdf2-sm3$1000$" + salt,
           "pbkdf2-sm3$1000$" + salt + key,
       }) {
    EXPECT_FALSE(VerifyPassword("pw", kPepper, bad)) << bad;
  }
}

TEST(NeedsRehashTest, TrueWhenIterationsDifferOrHashUnreadable) {
  std::string encoded = HashPassword("pw", kPepper, kTestIterations);
  EXPECT_FALSE(NeedsRehash(encoded, kTestIterations));
  EXPECT_TRUE(NeedsRehash(encoded, 100000));
  EXPECT_TRUE(NeedsRehash(encoded, 999));
  EXPECT_TRUE(NeedsRehash("", kTestIterations));
  EXPECT_TRUE(NeedsRehash("bcrypt$2b$10$abc", kTestIterations));
}

TEST(BurnPasswordCheckTest, RejectsIterationsOutOfRange) {
  EXPECT_THROW(BurnPasswordCheck(kPepper, 0), std::invalid_argument);
}

}  // namespace
}  // namespace gongjian::auth
