#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "store/database.h"
#include "store/page.h"

namespace gongjian::store {

// One audit record (security-research.md §1.5). `changes` is JSON text with personal data
// masked and never a password, token or session id.
struct AuditEntry {
  int64_t id = 0;
  std::string ts_utc;
  std::optional<int64_t> actor_user_id;
  std::string actor_login;
  std::string actor_roles;   // comma-separated snapshot
  std::string session_hash;  // SM3 of the session token, or empty
  std::string source_ip;
  std::string user_agent;
  std::string request_id;
  std::string event_type;  // "auth.login", "user.create", "org.update", …
  std::string object_type;
  std::string object_id;
  std::string outcome = "success";  // or "failure"
  std::string reason_code;
  std::string changes = "{}";
  std::string prev_hmac;
  std::string hmac;
};

// Computes a row's chain value from its canonical text: HMAC-SM3 under the audit key, hex.
using AuditSigner = std::function<std::string(std::string_view canonical)>;

// The text a row's HMAC covers: every field but hmac itself, prev_hmac included.
std::string AuditCanonical(const AuditEntry& entry);

// Appends `entry` in the caller's transaction: assigns id (previous + 1), prev_hmac and
// hmac. Call it inside the same Database::Write as the change it records, so that if the
// audit write fails the change fails too. Serialises concurrent writers (advisory lock on
// PostgreSQL; SQLite has one writer).
Status AppendAudit(Connection& c, AuditEntry entry, const AuditSigner& sign);

struct AuditFilter {
  std::string from;  // ts_utc >= from (ISO text), empty for no bound
  std::string to;    // ts_utc < to
  std::string actor_login;
  std::string event_type;  // exact, or a prefix ending in '.' ("auth.")
  std::string outcome;
};

// Newest first.
Result<Page<AuditEntry>> ListAudit(Connection& c, const AuditFilter& filter, const PageRequest& page);

struct AuditVerification {
  int64_t rows = 0;
  std::optional<int64_t> first_bad_id;  // the first row whose chain does not hold
  std::string problem;                  // "hmac mismatch", "gap before id", "prev_hmac mismatch"
};

// Walks the whole chain in id order, in batches, and reports the first row that was
// changed, inserted or preceded by a deleted row.
Result<AuditVerification> VerifyAuditChain(Connection& c, const AuditSigner& sign);

}  // namespace gongjian::store
