#include "io/file_store.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace gongjian::io {
namespace {

namespace fs = std::filesystem;

class FileStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = fs::temp_directory_path() / ("gj_io_test_" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(dir_, ec);
  }

  fs::path dir_;
};

mode_t Mode(const fs::path& p) {
  struct stat st {};
  EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
  return st.st_mode & 07777;
}

// Every regular file below `root`, as paths relative to it.
std::vector<std::string> FilesBelow(const fs::path& root) {
  std::vector<std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.is_regular_file()) files.push_back(fs::relative(e.path(), root).string());
  }
  return files;
}

TEST_F(FileStoreTest, PutThenGetReturnsTheSameBytes) {
  FileStore store(dir_ / "files");
  std::string content("binary\0content\xFF", 15);
  content += std::string(200000, 'x');  // more than one read buffer
  auto key = store.Put(content);
  ASSERT_TRUE(key.has_value()) << key.error().ToString();
  auto got = store.Get(*key);
  ASSERT_TRUE(got.has_value()) << got.error().ToString();
  EXPECT_EQ(*got, content);
  EXPECT_EQ(store.root(), dir_ / "files");
}

TEST_F(FileStoreTest, EmptyContentIsStoredToo) {
  FileStore store(dir_);
  auto key = store.Put("");
  ASSERT_TRUE(key.has_value()) << key.error().ToString();
  EXPECT_EQ(store.Get(*key), std::string());
}

TEST_F(FileStoreTest, KeysAreRandomLowerCaseHexAndNameTheFileLayout) {
  FileStore store(dir_);
  std::set<std::string> keys;
  for (int i = 0; i < 50; ++i) {
    auto key = store.Put("same content");
    ASSERT_TRUE(key.has_value()) << key.error().ToString();
    EXPECT_TRUE(IsValidFileKey(*key)) << *key;
    EXPECT_TRUE(fs::is_regular_file(dir_ / key->substr(0, 2) / *key)) << *key;
    keys.insert(*key);
  }
  EXPECT_EQ(keys.size(), 50u);
  EXPECT_EQ(FilesBelow(dir_).size(), 50u);  // no temporary files left behind
}

TEST_F(FileStoreTest, CreatesPrivateDirectoriesAndFiles) {
  const fs::path root = dir_ / "a" / "b";
  FileStore store(root);
  auto key = store.Put("secret");
  ASSERT_TRUE(key.has_value()) << key.error().ToString();
  EXPECT_EQ(Mode(dir_ / "a"), 0700u);
  EXPECT_EQ(Mode(root), 0700u);
  EXPECT_EQ(Mode(root / key->substr(0, 2)), 0700u);
  EXPECT_EQ(Mode(root / key->substr(0, 2) / *key), 0600u);
}

TEST_F(FileStoreTest, RemoveDeletesAndLaterAccessIsNotFound) {
  FileStore store(dir_);
  auto key = store.Put("to be removed");
  ASSERT_TRUE(key.has_value());
  EXPECT_TRUE(store.Remove(*key).ok());
  auto got = store.Get(*key);
  ASSERT_FALSE(got.has_value());
  EXPECT_EQ(got.error().code(), core::Code::kNotFound);
  EXPECT_EQ(got.error().key(), "file_not_found");
  const core::Status again = store.Remove(*key);
  EXPECT_EQ(again.code(), core::Code::kNotFound);
  EXPECT_EQ(again.key(), "file_not_found");
}

TEST_F(FileStoreTest, MissingKeyIsNotFoundEvenBeforeAnythingWasStored) {
  FileStore store(dir_ / "never-created");
  auto got = store.Get("0123456789abcdef0123456789abcdef");
  ASSERT_FALSE(got.has_value());
  EXPECT_EQ(got.error().key(), "file_not_found");
}

TEST_F(FileStoreTest, MalformedKeysAreNotFoundAndCannotEscapeTheRoot) {
  FileStore store(dir_ / "store");
  // A file outside the store that a traversal would reach.
  std::ofstream(dir_ / "secret") << "outside";
  const std::string bad[] = {
      "",
      "../secret",
      "../../etc/passwd",
      "0123456789ABCDEF0123456789ABCDEF",   // upper case
      "0123456789abcdef0123456789abcde",    // 31
      "0123456789abcdef0123456789abcdef0",  // 33
      "0123456789abcdef0123456789abcdeg",
      "/123456789abcdef0123456789abcdef",
      "..3456789abcdef0123456789abcdef/",
      std::string("0123456789abcdef0123456789abcde\0", 32),
      ".tmp-0123456789abcdef0123456789abcdef",
  };
  for (const auto& key : bad) {
    EXPECT_FALSE(IsValidFileKey(key)) << key;
    auto got = store.Get(key);
    ASSERT_FALSE(got.has_value()) << key;
    EXPECT_EQ(got.error().key(), "file_not_found") << key;
    EXPECT_EQ(store.Remove(key).key(), "file_not_found") << key;
  }
  EXPECT_TRUE(fs::exists(dir_ / "secret"));
}

TEST_F(FileStoreTest, ADirectoryWhereTheFileShouldBeIsNotFound) {
  FileStore store(dir_);
  const std::string key = "ab3456789abcdef0123456789abcdef0";
  fs::create_directories(dir_ / "ab" / key);
  EXPECT_EQ(store.Get(key).error().key(), "file_not_found");
}

TEST_F(FileStoreTest, UnwritableRootIsUnavailableNotAnException) {
  // The root is a regular file, so no directory can be made below it.
  std::ofstream(dir_ / "not-a-dir") << "x";
  FileStore store(dir_ / "not-a-dir");
  auto key = store.Put("content");
  ASSERT_FALSE(key.has_value());
  EXPECT_EQ(key.error().code(), core::Code::kUnavailable);
  EXPECT_EQ(key.error().key(), "storage_unavailable");
  EXPECT_NE(key.error().detail().find("not-a-dir"), std::string::npos) << key.error().detail();
}

TEST_F(FileStoreTest, WriteFailureMidFileIsUnavailableAndLeavesNothingBehind) {
  // A file size limit makes write() fail part-way, as a full disk would.
  FileStore store(dir_);
  auto previous_handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit previous{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &previous), 0);
  rlimit limited = previous;
  limited.rlim_cur = 4096;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &limited), 0);
  auto key = store.Put(std::string(100000, 'x'));
  ::setrlimit(RLIMIT_FSIZE, &previous);
  std::signal(SIGXFSZ, previous_handler);

  ASSERT_FALSE(key.has_value());
  EXPECT_EQ(key.error().code(), core::Code::kUnavailable);
  EXPECT_EQ(key.error().key(), "storage_unavailable");
  EXPECT_TRUE(FilesBelow(dir_).empty());
  auto after = store.Put("fits");  // the store still works once space is back
  ASSERT_TRUE(after.has_value()) << after.error().ToString();
}

TEST_F(FileStoreTest, ConcurrentPutsAndGetsFromManyThreads) {
  FileStore store(dir_);
  constexpr int kThreads = 8;
  constexpr int kPerThread = 25;
  std::vector<std::vector<std::string>> keys(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&store, &keys, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const std::string content = "thread " + std::to_string(t) + " item " + std::to_string(i);
        auto key = store.Put(content);
        if (!key.has_value()) {
          ADD_FAILURE() << key.error().ToString();
          continue;
        }
        auto got = store.Get(*key);
        if (!got.has_value() || *got != content) ADD_FAILURE() << "round trip failed for " << *key;
        keys[t].push_back(*key);
      }
    });
  }
  for (auto& th : threads) th.join();
  std::set<std::string> all;
  for (const auto& k : keys) all.insert(k.begin(), k.end());
  EXPECT_EQ(all.size(), static_cast<std::size_t>(kThreads * kPerThread));
}

}  // namespace
}  // namespace gongjian::io
