#include "store/audit_repository.h"

namespace gongjian::store {
namespace {

constexpr std::string_view kColumns =
    "id, ts_utc, actor_user_id, actor_login, actor_roles, session_hash, source_ip, user_agent, request_id,"
    " event_type, object_type, object_id, outcome, reason_code, changes, prev_hmac, hmac";

AuditEntry FromRow(const RowRef& r) {
  AuditEntry e;
  e.id = r.Int("id");
  e.ts_utc = r.Text("ts_utc");
  e.actor_user_id = r.OptInt("actor_user_id");
  e.actor_login = r.Text("actor_login");
  e.actor_roles = r.Text("actor_roles");
  e.session_hash = r.Text("session_hash");
  e.source_ip = r.Text("source_ip");
  e.user_agent = r.Text("user_agent");
  e.request_id = r.Text("request_id");
  e.event_type = r.Text("event_type");
  e.object_type = r.Text("object_type");
  e.object_id = r.Text("object_id");
  e.outcome = r.Text("outcome");
  e.reason_code = r.Text("reason_code");
  e.changes = r.Text("changes");
  e.prev_hmac = r.Text("prev_hmac");
  e.hmac = r.Text("hmac");
  return e;
}

}  // namespace

std::string AuditCanonical(const AuditEntry& e) {
  // Unit separators cannot appear in any field we write (user agents are sanitised).
  std::string out;
  for (const std::string& f :
       {std::to_string(e.id), e.ts_utc, e.actor_user_id ? std::to_string(*e.actor_user_id) : std::string(),
        e.actor_login, e.actor_roles, e.session_hash, e.source_ip, e.user_agent, e.request_id, e.event_type,
        e.object_type, e.object_id, e.outcome, e.reason_code, e.changes, e.prev_hmac}) {
    out += f;
    out += '\x1f';
  }
  return out;
}

Status AppendAudit(Connection& c, AuditEntry e, const AuditSigner& sign) {
  if (c.engine() == Engine::kPostgres) {
    auto lock = c.Query("SELECT pg_advisory_xact_lock(727275) AS locked");
    if (!lock) return lock.error();
  }
  auto last = c.Query("SELECT id, hmac FROM audit_log ORDER BY id DESC LIMIT 1");
  if (!last) return last.error();
  e.id = last->empty() ? 1 : last->First().Int("id") + 1;
  e.prev_hmac = last->empty() ? std::string() : last->First().Text("hmac");
  e.hmac = sign(AuditCanonical(e));
  auto r = c.Query("INSERT INTO audit_log (" + std::string(kColumns) +
                       ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
                   {e.id, e.ts_utc, Opt(e.actor_user_id), e.actor_login, e.actor_roles, e.session_hash, e.source_ip,
                    e.user_agent, e.request_id, e.event_type, e.object_type, e.object_id, e.outcome, e.reason_code,
                    e.changes, e.prev_hmac, e.hmac});
  return r ? Status::Ok() : r.error();
}

Result<Page<AuditEntry>> ListAudit(Connection& c, const AuditFilter& f, const PageRequest& page) {
  auto text_or_null = [](const std::string& s) { return s.empty() ? Null() : Value(s); };
  bool prefix = !f.event_type.empty() && f.event_type.back() == '.';
  Params where = {text_or_null(f.from), text_or_null(f.to), text_or_null(f.actor_login),
                  prefix ? Null() : text_or_null(f.event_type), prefix ? Value(f.event_type + "%") : Null(),
                  text_or_null(f.outcome)};
  const std::string kWhere =
      " WHERE (CAST($1 AS TEXT) IS NULL OR ts_utc >= $1) AND (CAST($2 AS TEXT) IS NULL OR ts_utc < $2)"
      " AND (CAST($3 AS TEXT) IS NULL OR actor_login = $3) AND (CAST($4 AS TEXT) IS NULL OR event_type = $4)"
      " AND (CAST($5 AS TEXT) IS NULL OR event_type LIKE $5) AND (CAST($6 AS TEXT) IS NULL OR outcome = $6)";
  auto count = c.Query("SELECT COUNT(*) AS n FROM audit_log" + kWhere, where);
  if (!count) return core::Fail(count.error());
  Params params = where;
  params.push_back(page.page_size);
  params.push_back(page.Offset());
  auto rows = c.Query("SELECT " + std::string(kColumns) + " FROM audit_log" + kWhere +
                          " ORDER BY id DESC LIMIT $7 OFFSET $8",
                      params);
  if (!rows) return core::Fail(rows.error());
  Page<AuditEntry> out;
  out.total = count->First().Int("n");
  for (size_t i = 0; i < rows->size(); ++i) out.items.push_back(FromRow(rows->Row(i)));
  return out;
}

Result<AuditVerification> VerifyAuditChain(Connection& c, const AuditSigner& sign) {
  AuditVerification v;
  int64_t expected_id = 1;
  std::string prev_hmac;
  constexpr int64_t kBatch = 1000;
  for (;;) {
    auto rows = c.Query("SELECT " + std::string(kColumns) + " FROM audit_log WHERE id >= $1 ORDER BY id LIMIT $2",
                        {expected_id, kBatch});
    if (!rows) return core::Fail(rows.error());
    for (size_t i = 0; i < rows->size(); ++i) {
      AuditEntry e = FromRow(rows->Row(i));
      ++v.rows;
      if (e.id != expected_id) {
        v.first_bad_id = e.id;
        v.problem = "gap before id";
      } else if (e.prev_hmac != prev_hmac) {
        v.first_bad_id = e.id;
        v.problem = "prev_hmac mismatch";
      } else if (sign(AuditCanonical(e)) != e.hmac) {
        v.first_bad_id = e.id;
        v.problem = "hmac mismatch";
      }
      if (v.first_bad_id) return v;
      prev_hmac = e.hmac;
      ++expected_id;
    }
    if (rows->size() < static_cast<size_t>(kBatch)) return v;
  }
}

}  // namespace gongjian::store
