#include "auth/crypto.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace gongjian::auth {
namespace {

TEST(CryptoSelfTestTest, PassesOnThisOpenSsl) {
  core::Status status = CryptoSelfTest();
  EXPECT_TRUE(status.ok()) << status.ToString();
}

TEST(RandomBytesTest, ReturnsRequestedSizeAndDiffersBetweenCalls) {
  EXPECT_EQ(RandomBytes(0), "");
  std::string a = RandomBytes(32);
  std::string b = RandomBytes(32);
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a, b);
}

TEST(HexTest, EncodesLowercaseAndRoundTripsEveryByte) {
  EXPECT_EQ(HexEncode(std::string("\x00\x7f\x80\xff\xab", 5)), "007f80ffab");
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  EXPECT_EQ(HexDecode(HexEncode(all)), all);
}

TEST(HexTest, DecodesEitherCase) {
  EXPECT_EQ(HexDecode("ABcd"), std::string("\xab\xcd"));
  EXPECT_EQ(HexDecode(""), "");
}

TEST(HexTest, RejectsOddLengthAndNonHexCharacters) {
  for (std::string_view bad : {"a", "abc", "zz", "0g", " 0", "0x00", "-1"}) {
    EXPECT_EQ(HexDecode(bad), std::nullopt) << bad;
  }
}

// RFC 4648 §10.
struct Base64Case {
  std::string_view plain;
  std::string_view encoded;
};
constexpr Base64Case kBase64Vectors[] = {
    {"", ""},
    {"f", "Zg=="},
    {"fo", "Zm8="},
    {"foo", "Zm9v"},
    {"foob", "Zm9vYg=="},
    {"fooba", "Zm9vYmE="},
    {"foobar", "Zm9vYmFy"},
};

TEST(Base64Test, MatchesRfc4648Vectors) {
  for (const Base64Case& c : kBase64Vectors) {
    EXPECT_EQ(Base64Encode(c.plain), c.encoded);
    EXPECT_EQ(Base64Decode(c.encoded), std::string(c.plain)) << c.encoded;
  }
}

TEST(Base64Test, RoundTripsBinary) {
  std::string all;
  for (int i = 255; i >= 0; --i) all += static_cast<char>(i);
  for (size_t n = 0; n <= all.size(); n += 17) {
    EXPECT_EQ(Base64Decode(Base64Encode(all.substr(0, n))), all.substr(0, n)) << n;
  }
}

TEST(Base64Test, RejectsAnythingNotCanonical) {
  for (std::string_view bad : {
           "Zg",          // missing padding
           "Zg=",         // short padding
           "Z===",        // too much padding
           "====",        // padding only
           "Zg==Zg==",    // padding in the middle
           "Zh==",        // unused bits set
           "Zm9=",        // unused bits set
           " Zg==",       // whitespace
           "Zg==\n",      // newline
           "Zm9v-_8=",    // URL-safe alphabet
           "Zm9v\nYg==",  // newline inside
       }) {
    EXPECT_EQ(Base64Decode(bad), std::nullopt) << bad;
  }
}

TEST(HmacSm3Test, MatchesOpenSslCommandLine) {
  // openssl mac -digest SM3 -macopt hexkey:000102…1f -in fox.txt HMAC
  std::string key = *HexDecode("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  EXPECT_EQ(HexEncode(HmacSm3(key, "The quick brown fox jumps over the lazy dog")),
            "be1c9ca286f325f95cf8d9020e4242747d60faa7069d1e9758a28597c712eb46");
}

TEST(HmacSm3Test, AcceptsEmptyKey) {
  // openssl dgst -sm3 -hmac "" fox.txt
  EXPECT_EQ(HexEncode(HmacSm3("", "The quick brown fox jumps over the lazy dog")),
            "036f951fa665e2e2e8eb3d4ad3667b18ed986ef0adc052bf29735fa9ef1d745a");
}

TEST(Pbkdf2HmacSm3Test, MatchesOpenSslCommandLine) {
  // openssl kdf -keylen 32 -kdfopt digest:SM3 -kdfopt pass:password
  //   -kdfopt salt:saltsaltsaltsalt -kdfopt iter:1000 PBKDF2
  EXPECT_EQ(HexEncode(Pbkdf2HmacSm3("password", "saltsaltsaltsalt", 1000, 32)),
            "46e6ed70c267ca135d1560f8ded5465aa370f041539a744f75dba9c0e91ae4af");
}

TEST(Pbkdf2HmacSm3Test, DependsOnEveryInput) {
  std::string base = Pbkdf2HmacSm3("password", "salt", 1000, 32);
  EXPECT_NE(Pbkdf2HmacSm3("Password", "salt", 1000, 32), base);
  EXPECT_NE(Pbkdf2HmacSm3("password", "Salt", 1000, 32), base);
  EXPECT_NE(Pbkdf2HmacSm3("password", "salt", 1001, 32), base);
  EXPECT_EQ(Pbkdf2HmacSm3("password", "salt", 1000, 16), base.substr(0, 16));
}

TEST(ConstantTimeEqualsTest, TrueOnlyForIdenticalBytes) {
  struct Case {
    std::string_view a, b;
    bool equal;
  };
  for (const Case& c : {Case{"", "", true}, Case{"abc", "abc", true}, Case{"abc", "abd", false},
                        Case{"abc", "ab", false}, Case{"", "a", false},
                        Case{std::string_view("a\0b", 3), std::string_view("a\0c", 3), false}}) {
    EXPECT_EQ(ConstantTimeEquals(c.a, c.b), c.equal) << c.a << " vs " << c.b;
  }
}

TEST(CleanseTest, LeavesTheStringEmpty) {
  std::string secret = "a secret longer than the small-string buffer";
  Cleanse(secret);
  EXPECT_TRUE(secret.empty());
}

TEST(DeriveSealKeysTest, GivesSizedDeterministicKeysPerPurpose) {
  SealKeys a = DeriveSealKeys("master", "totp_secret");
  EXPECT_EQ(a.enc_key.size(), 16u);
  EXPECT_EQ(a.mac_key.size(), 32u);
  EXPECT_EQ(a.enc_key, HmacSm3("master", "totp_secret/enc").substr(0, 16));
  EXPECT_EQ(a.mac_key, HmacSm3("master", "totp_secret/mac"));
  SealKeys b = DeriveSealKeys("master", "phone");
  EXPECT_NE(a.enc_key, b.enc_key);
  EXPECT_NE(a.mac_key, b.mac_key);
  EXPECT_NE(DeriveSealKeys("other master", "totp_secret").mac_key, a.mac_key);
}

class SealTest : public ::testing::Test {
 protected:
  SealKeys keys_ = DeriveSealKeys("test master secret", "field");
};

TEST_F(SealTest, RoundTripsPlaintextsOfAnySize) {
  for (const std::string& plain :
       {std::string(), std::string("x"), std::string("联系电话 13800138000"),
        std::string(1000, '\xa5')}) {
    std::string sealed = Seal(keys_, plain, "user/42/phone");
    EXPECT_EQ(sealed.size(), 1 + 16 + plain.size() + 32);
    EXPECT_EQ(sealed[0], 1);
    core::Result<std::string> opened = Open(keys_, sealed, "user/42/phone");
    ASSERT_TRUE(opened) << opened.error().ToString();
    EXPECT_EQ(*opened, plain);
  }
}

TEST_F(SealTest, UsesAFreshIvEachTime) {
  std::string a = Seal(keys_, "same plaintext", "");
  std::string b = Seal(keys_, "same plaintext", "");
  EXPECT_NE(a.substr(1, 16), b.substr(1, 16));
  EXPECT_NE(a.substr(17, 14), b.substr(17, 14));
  EXPECT_EQ(a.find("same plaintext"), std::string::npos);
}

// The tag as crypto.h documents it, so a test can forge blobs that only the format checks stop.
std::string DocumentedTag(const SealKeys& keys, std::string_view aad, std::string_view body) {
  std::string aad_length(8, '\0');
  aad_length[7] = static_cast<char>(aad.size());  // the test aads are shorter than 256 bytes
  return HmacSm3(keys.mac_key, aad_length + std::string(aad) + std::string(body));
}

TEST_F(SealTest, TagFollowsTheDocumentedLayout) {
  std::string sealed = Seal(keys_, "secret", "user/42/totp");
  std::string_view body = std::string_view(sealed).substr(0, sealed.size() - 32);
  EXPECT_EQ(sealed.substr(body.size()), DocumentedTag(keys_, "user/42/totp", body));
}

TEST_F(SealTest, RejectsUnknownVersionEvenWithAValidTag) {
  std::string body = Seal(keys_, "secret", "aad").substr(0, 1 + 16 + 6);
  body[0] = 2;
  EXPECT_FALSE(Open(keys_, body + DocumentedTag(keys_, "aad", body), "aad"));
  body[0] = 1;
  EXPECT_TRUE(Open(keys_, body + DocumentedTag(keys_, "aad", body), "aad"));
}

TEST_F(SealTest, RejectsAFlippedBitInEveryRegion) {
  const std::string plain = "0123456789";
  const std::string sealed = Seal(keys_, plain, "aad");
  const size_t tag_start = 1 + 16 + plain.size();
  for (size_t i = 0; i < sealed.size(); ++i) {
    const char* region = i == 0 ? "version" : i < 17 ? "iv" : i < tag_start ? "ciphertext" : "tag";
    for (int bit = 0; bit < 8; ++bit) {
      std::string tampered = sealed;
      tampered[i] ^= static_cast<char>(1 << bit);
      core::Result<std::string> opened = Open(keys_, tampered, "aad");
      ASSERT_FALSE(opened) << region << " byte " << i << " bit " << bit;
      EXPECT_EQ(opened.error().code(), core::Code::kInvalidArgument);
      EXPECT_EQ(opened.error().key(), "sealed_data_invalid");
    }
  }
}

TEST_F(SealTest, RejectsWrongAad) {
  std::string sealed = Seal(keys_, "secret", "user/42/totp");
  EXPECT_FALSE(Open(keys_, sealed, "user/43/totp"));
  EXPECT_FALSE(Open(keys_, sealed, ""));
  EXPECT_TRUE(Open(keys_, Seal(keys_, "secret", ""), ""));
  EXPECT_FALSE(Open(keys_, Seal(keys_, "secret", ""), "x"));
}

// Without the length prefix, aad "x\x01" with blob B and aad "x" with blob "\x01" + B would
// feed the MAC the same bytes.
TEST_F(SealTest, RejectsBytesMovedAcrossTheAadBoundary) {
  std::string sealed = Seal(keys_, "secret", std::string("x\x01"));
  EXPECT_FALSE(Open(keys_, "\x01" + sealed, "x"));
}

TEST_F(SealTest, RejectsWrongKeys) {
  std::string sealed = Seal(keys_, "secret", "aad");
  SealKeys other = DeriveSealKeys("test master secret", "other_field");
  EXPECT_FALSE(Open(other, sealed, "aad"));
  EXPECT_FALSE(Open(DeriveSealKeys("another master", "field"), sealed, "aad"));
}

TEST_F(SealTest, RejectsTruncatedOrExtendedBlobs) {
  std::string sealed = Seal(keys_, "secret", "aad");
  for (size_t n = 0; n < sealed.size(); ++n) {
    EXPECT_FALSE(Open(keys_, sealed.substr(0, n), "aad")) << "length " << n;
  }
  EXPECT_FALSE(Open(keys_, sealed + '\0', "aad"));
  EXPECT_FALSE(Open(keys_, sealed.substr(1), "aad"));
}

TEST_F(SealTest, ThrowsOnMissizedKeys) {
  SealKeys short_key{"too short", keys_.mac_key};
  EXPECT_THROW(Seal(short_key, "x", ""), std::invalid_argument);
  EXPECT_THROW((void)Open(short_key, Seal(keys_, "x", ""), ""), std::invalid_argument);
}

}  // namespace
}  // namespace gongjian::auth
