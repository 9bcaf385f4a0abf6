#include "io/file_store.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <string>
#include <system_error>
#include <utility>

namespace gongjian::io {
namespace {

constexpr std::size_t kKeyBytes = 16;  // 128 random bits, 32 hex characters
constexpr std::size_t kKeyLength = kKeyBytes * 2;

core::Status StorageError(std::string_view what, const std::filesystem::path& path, int err) {
  return core::Status::Unavailable("storage_unavailable", std::string(what) + " " + path.string() + ": " +
                                                              std::error_code(err, std::generic_category()).message());
}

core::Status NotFound() { return core::Status::NotFound("file_not_found"); }

bool SodiumReady() {
  static const bool ready = sodium_init() >= 0;  // sodium_init is idempotent; this runs it once
  return ready;
}

std::string NewKey() {
  unsigned char random[kKeyBytes];
  randombytes_buf(random, sizeof random);
  char hex[kKeyLength + 1];
  sodium_bin2hex(hex, sizeof hex, random, sizeof random);  // lower case
  return std::string(hex, kKeyLength);
}

// Closes `fd` and returns 0 or the errno. Never retried: on Linux the descriptor is released even
// when close fails.
int Close(int fd) { return ::close(fd) == 0 ? 0 : errno; }

core::Status FsyncDirectory(const std::filesystem::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return StorageError("open directory", dir, errno);
  const int err = ::fsync(fd) == 0 ? 0 : errno;
  Close(fd);
  if (err != 0) return StorageError("fsync directory", dir, err);
  return core::Status::Ok();
}

// Creates `dir` and any missing parents with mode 0700. A directory it creates is made durable
// by fsync'ing its parent, so a file acknowledged later cannot lose its path in a crash.
core::Status MakeDirectories(const std::filesystem::path& dir) {
  if (::mkdir(dir.c_str(), 0700) == 0) return FsyncDirectory(dir.parent_path().empty() ? "." : dir.parent_path());
  const int err = errno;
  if (err == EEXIST) return core::Status::Ok();  // if it is not a directory, the open below fails
  if (err != ENOENT || !dir.has_parent_path() || dir.parent_path() == dir) return StorageError("mkdir", dir, err);
  GJ_RETURN_IF_ERROR(MakeDirectories(dir.parent_path()));
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return StorageError("mkdir", dir, errno);
  return FsyncDirectory(dir.parent_path());
}

int WriteAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return 0;
}

}  // namespace

bool IsValidFileKey(std::string_view key) {
  if (key.size() != kKeyLength) return false;
  for (char c : key) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

FileStore::FileStore(std::filesystem::path root) : root_(std::move(root)) {}

core::Result<std::string> FileStore::Put(std::string_view bytes) {
  if (!SodiumReady()) return core::Fail(core::Status::Internal("sodium_init failed"));
  std::string key = NewKey();
  const std::filesystem::path dir = root_ / key.substr(0, 2);
  const std::filesystem::path final_path = dir / key;
  const std::filesystem::path temp_path = dir / (".tmp-" + key);  // never a valid key
  GJ_FAIL_IF_ERROR(MakeDirectories(dir));

  const int fd = ::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return core::Fail(StorageError("create", temp_path, errno));
  int err = WriteAll(fd, bytes);
  const char* failed = "write";
  if (err == 0 && ::fsync(fd) != 0) err = errno, failed = "fsync";
  const int close_err = Close(fd);
  if (err == 0 && close_err != 0) err = close_err, failed = "close";
  if (err == 0 && ::rename(temp_path.c_str(), final_path.c_str()) != 0) err = errno, failed = "rename";
  if (err != 0) {
    ::unlink(temp_path.c_str());
    return core::Fail(StorageError(failed, temp_path, err));
  }
  if (core::Status synced = FsyncDirectory(dir); !synced.ok()) {
    ::unlink(final_path.c_str());  // not acknowledged, so not kept
    return core::Fail(std::move(synced));
  }
  return key;
}

core::Result<std::string> FileStore::Get(std::string_view key) const {
  if (!IsValidFileKey(key)) return core::Fail(NotFound());
  const std::filesystem::path path = root_ / std::string(key.substr(0, 2)) / std::string(key);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    const int err = errno;
    if (err == ENOENT || err == ENOTDIR || err == ELOOP) return core::Fail(NotFound());
    return core::Fail(StorageError("open", path, err));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    Close(fd);
    return core::Fail(NotFound());
  }
  std::string content;
  content.reserve(static_cast<std::size_t>(st.st_size));
  char buffer[64 * 1024];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      Close(fd);
      return core::Fail(StorageError("read", path, err));
    }
    content.append(buffer, static_cast<std::size_t>(n));
  }
  Close(fd);
  return content;
}

core::Status FileStore::Remove(std::string_view key) {
  if (!IsValidFileKey(key)) return NotFound();
  const std::filesystem::path dir = root_ / std::string(key.substr(0, 2));
  const std::filesystem::path path = dir / std::string(key);
  if (::unlink(path.c_str()) != 0) {
    const int err = errno;
    if (err == ENOENT || err == ENOTDIR) return NotFound();
    return StorageError("unlink", path, err);
  }
  // Best effort: if the removal is lost in a crash, the file is merely an orphan.
  static_cast<void>(FsyncDirectory(dir));
  return core::Status::Ok();
}

}  // namespace gongjian::io
