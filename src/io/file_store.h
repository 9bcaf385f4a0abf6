#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/status.h"

namespace gongjian::io {

// Stores uploaded file contents on the local filesystem under opaque random keys.
//
// A key is 32 random lower-case hex characters; its file lives at root/<first two>/<key>.
// Directories are created as needed with mode 0700 and files with mode 0600. Thread-safe: the
// object holds no mutable state, and concurrent calls only meet in the filesystem. A crash in
// the middle of a Put can leave a ".tmp-<key>" file beside the keys; nothing reads those, and
// they may be deleted at any time.
class FileStore {
 public:
  // Does not touch the filesystem; `root` is created on the first Put if missing.
  explicit FileStore(std::filesystem::path root);

  // Stores `bytes` durably and returns the new key. The content is written to a temporary file
  // in the target directory, fsync'ed, renamed into place and the directory fsync'ed, so once
  // Put returns a key the file survives a crash or power loss, and readers never see a partial
  // file. Any write failure (disk full, I/O error, permissions) returns
  // Unavailable("storage_unavailable") with the system error in the detail, and leaves nothing
  // behind.
  core::Result<std::string> Put(std::string_view bytes);

  // Returns the content stored under `key`. A malformed key (anything but 32 lower-case hex
  // characters) or a missing file gives NotFound("file_not_found"), so no key can reach outside
  // the store. A read failure gives Unavailable("storage_unavailable").
  core::Result<std::string> Get(std::string_view key) const;

  // Deletes the content stored under `key`. Same key rules and errors as Get.
  core::Status Remove(std::string_view key);

  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;
};

// True when `key` has the form Put returns: exactly 32 lower-case hex characters.
bool IsValidFileKey(std::string_view key);

}  // namespace gongjian::io
