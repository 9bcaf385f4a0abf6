#pragma once

#include <string>

#include "auth/crypto.h"
#include "core/status.h"

namespace gongjian::auth {

// The server's secrets, all derived from one 32-byte master key kept in a file outside the
// database (mode 0600): whoever copies the database alone can neither forge the audit
// chain, test passwords offline against the pepper, nor read the TOTP secrets.
struct KeyRing {
  std::string audit_key;  // HMAC-SM3 key of the audit chain
  std::string pepper;     // mixed into every password hash
  SealKeys totp;          // seals TOTP secrets at rest

  static KeyRing Derive(std::string_view master);
  // hex(HMAC-SM3(audit_key, canonical)): the audit chain's signer.
  std::string SignAudit(std::string_view canonical) const;
};

// Reads the master key from `path` (64 hex characters). When the file does not exist,
// creates it with a fresh random key and mode 0600. Fails when the file exists but is
// malformed or readable by others.
core::Result<std::string> LoadOrCreateMasterKey(const std::string& path);

}  // namespace gongjian::auth
