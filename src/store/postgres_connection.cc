#include <libpq-fe.h>

#include <bit>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "store/drivers.h"

namespace gongjian::store {
namespace {

// Type OIDs from pg_type.h (stable across PostgreSQL versions).
constexpr Oid kBool = 16, kInt8 = 20, kInt2 = 21, kInt4 = 23, kOid = 26, kFloat4 = 700, kFloat8 = 701;
constexpr Oid kText = 25, kBpchar = 1042, kVarchar = 1043;

// True when every column of `res` is of a type whose binary form CellInto reads into the same
// Value as its text form (numbers, booleans, text); anything else is read as text.
bool BinaryReadable(const PGresult* res) {
  for (int c = 0; c < PQnfields(res); ++c) {
    switch (PQftype(res, c)) {
      case kBool: case kInt2: case kInt4: case kInt8: case kOid: case kFloat8:
      case kText: case kBpchar: case kVarchar: break;
      // Not kFloat4: its text is the shortest decimal, read as the double nearest to it, while
      // its binary is the float itself; the two differ in the last digits.
      default: return false;
    }
  }
  return true;
}

// An unsigned big-endian integer of N bytes (PostgreSQL's binary format).
template <size_t N>
uint64_t BigEndian(const char* v) {
  uint64_t x = 0;
  for (size_t i = 0; i < N; ++i) x = (x << 8) | static_cast<unsigned char>(v[i]);
  return x;
}

Status TranslateResult(PGconn* conn, const PGresult* res, std::string_view what) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string sqlstate = state ? state : "";
  std::string detail = std::string(what) + ": " + (res ? PQresultErrorMessage(res) : PQerrorMessage(conn));
  if (const char* c = res ? PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME) : nullptr) {
    detail += " constraint=" + std::string(c);
  }
  if (sqlstate == "23505") return Status::Conflict("duplicate").WithDetail(detail);
  if (sqlstate == "23503") return Status::Conflict("reference_violation").WithDetail(detail);
  if (sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55P03" || sqlstate == "57014") {
    return Status::Unavailable("db_busy", detail);
  }
  if (sqlstate == "53100") return Status::Unavailable("disk_full", detail);
  if (sqlstate.empty() || sqlstate.rfind("08", 0) == 0 || sqlstate.rfind("57P", 0) == 0 ||
      sqlstate.rfind("53", 0) == 0) {
    return Status::Unavailable("db_unavailable", detail);
  }
  return Status::Internal(detail);
}

class PostgresConnection final : public Connection {
 public:
  explicit PostgresConnection(PGconn* conn) : conn_(conn) {}
  ~PostgresConnection() override { PQfinish(conn_); }

  Engine engine() const override { return Engine::kPostgres; }
  bool Healthy() override { return PQstatus(conn_) == CONNECTION_OK; }

  Result<ResultSet> Query(std::string_view sql, const Params& params) override {
    auto res = Exec(sql, params);
    if (!res) return core::Fail(std::move(res.error()));
    const PGresult* r = res->get();
    ResultSet out;
    int ncol = PQnfields(r), nrow = PQntuples(r);
    out.columns.reserve(ncol);
    for (int c = 0; c < ncol; ++c) out.columns.emplace_back(PQfname(r, c));
    out.rows.reserve(nrow);
    for (int i = 0; i < nrow; ++i) {
      std::vector<Value> row;
      row.reserve(ncol);
      for (int c = 0; c < ncol; ++c) row.push_back(Cell(r, i, c));
      out.rows.push_back(std::move(row));
    }
    return out;
  }

  // Inside a transaction (always, through Database) the rows come through a cursor, kFetch at a
  // time, so memory holds one batch whatever the answer's size. The next batch is asked for
  // before this one is handed out, so that the server reads and formats it while `row` works;
  // `row` may still run other statements on this connection (Settle takes that batch in first).
  // Outside a transaction, the whole answer is read first.
  Result<size_t> QueryEach(std::string_view sql, const Params& params,
                           const std::function<void(const std::vector<Value>&)>& row) override {
    if (PQtransactionStatus(conn_) != PQTRANS_INTRANS) return Connection::QueryEach(sql, params, row);
    constexpr int kFetch = 2048;
    const std::string cursor = "gj_each_" + std::to_string(++cursors_);
    // Every row will be read: plan for the whole answer, not for the first tenth (the default
    // favours fast-start plans, e.g. walking the primary key to filter 4,000 of 50,000 rows).
    GJ_FAIL_IF_ERROR(ExecScript("SET LOCAL cursor_tuple_fraction = 1"));
    std::string declare = "DECLARE " + cursor + " NO SCROLL CURSOR FOR ";
    declare.append(sql);
    auto opened = Query(declare, params);
    if (!opened) return core::Fail(std::move(opened.error()));
    const std::string fetch = "FETCH FORWARD " + std::to_string(kFetch) + " FROM " + cursor;
    Fetch ahead;
    Fetch* const outer = std::exchange(ahead_, &ahead);
    // Whatever way this returns, no batch is left on the wire and the outer walk's is restored.
    struct Restore {
      PostgresConnection& self;
      Fetch* outer;
      ~Restore() {
        self.Settle();
        self.ahead_ = outer;
      }
    } restore{*this, outer};
    GJ_FAIL_IF_ERROR(Ask(ahead, fetch, false));
    size_t n = 0;
    std::vector<Value> values;  // one row's, reused (as SQLite's): no allocation per value
    for (bool binary = false;;) {
      Settle();
      OwnedResult batch = std::move(ahead.result);
      if (PQresultStatus(batch.get()) != PGRES_TUPLES_OK) return core::Fail(TranslateResult(conn_, batch.get(), fetch));
      const PGresult* r = batch.get();
      const int ncol = PQnfields(r), nrow = PQntuples(r);
      // The first batch tells the columns' types; where binary reads the same, the rest come in
      // binary (a FETCH's own result format overrides the cursor's), which spares the server
      // printing numbers and this side parsing them.
      binary = binary || BinaryReadable(r);
      if (nrow == kFetch) GJ_FAIL_IF_ERROR(Ask(ahead, fetch, binary));
      values.resize(ncol);
      for (int i = 0; i < nrow; ++i) {
        for (int c = 0; c < ncol; ++c) CellInto(r, i, c, values[c]);
        row(values);
      }
      n += static_cast<size_t>(nrow);
      if (nrow < kFetch) break;
    }
    GJ_FAIL_IF_ERROR(ExecScript("CLOSE " + cursor));
    return n;
  }

  Status ExecScript(std::string_view sql) override {
    Settle();
    std::string text(sql);
    PGresult* res = PQexec(conn_, text.c_str());
    ExecStatusType st = PQresultStatus(res);
    Status out = (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) ? Status::Ok() : TranslateResult(conn_, res, "exec");
    PQclear(res);
    return out;
  }

  Status Begin(bool write) override { return ExecScript(write ? "BEGIN" : "BEGIN READ ONLY"); }
  Status Commit() override { return ExecScript("COMMIT"); }
  Status Rollback() override { return ExecScript("ROLLBACK"); }

 private:
  struct ResultDeleter {
    void operator()(PGresult* r) const { PQclear(r); }
  };
  using OwnedResult = std::unique_ptr<PGresult, ResultDeleter>;

  // A batch QueryEach has asked for: on the wire while `pending`, then its result.
  struct Fetch {
    bool pending = false;
    OwnedResult result;
  };

  // Sends `sql` without waiting for its answer (in binary when `binary`), which Settle takes in.
  Status Ask(Fetch& f, const std::string& sql, bool binary) {
    if (!PQsendQueryParams(conn_, sql.c_str(), 0, nullptr, nullptr, nullptr, nullptr, binary ? 1 : 0)) {
      return TranslateResult(conn_, nullptr, sql);
    }
    f.pending = true;
    return Status::Ok();
  }

  // Takes in the answer of the batch on the wire, if any, so the connection is free for the
  // next statement; the batch waits in its Fetch for the walk that asked for it.
  void Settle() {
    if (ahead_ == nullptr || !ahead_->pending) return;
    ahead_->pending = false;
    ahead_->result.reset(PQgetResult(conn_));
    while (PGresult* more = PQgetResult(conn_)) PQclear(more);
  }

  // Runs one statement; its result, or the error it raised.
  Result<OwnedResult> Exec(std::string_view sql, const Params& params) {
    Settle();
    std::string text(sql);
    std::vector<std::string> storage(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (size_t i = 0; i < params.size(); ++i) {
      const Value& v = params[i];
      if (auto* iv = std::get_if<int64_t>(&v)) {
        storage[i] = std::to_string(*iv);
      } else if (auto* dv = std::get_if<double>(&v)) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.17g", *dv);
        storage[i] = buf;
      } else if (auto* sv = std::get_if<std::string>(&v)) {
        storage[i] = *sv;
      } else {
        continue;  // NULL
      }
      values[i] = storage[i].c_str();
    }
    // Parameter types are left to the server to infer from context, as SQLite does;
    // write CAST($N AS …) where the context does not determine a type.
    OwnedResult res(PQexecParams(conn_, text.c_str(), static_cast<int>(params.size()), nullptr, values.data(),
                                 nullptr, nullptr, 0));
    ExecStatusType st = PQresultStatus(res.get());
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) return core::Fail(TranslateResult(conn_, res.get(), text));
    return res;
  }

  // The value at row r, column c into `into`, reusing a string's storage for text.
  static void CellInto(const PGresult* res, int r, int c, Value& into) {
    if (PQgetisnull(res, r, c)) {
      into = std::monostate{};
      return;
    }
    const char* v = PQgetvalue(res, r, c);
    const auto size = static_cast<size_t>(PQgetlength(res, r, c));
    if (PQfformat(res, c) == 1 && ReadBinary(PQftype(res, c), v, into)) return;
    switch (PQftype(res, c)) {
      case kBool: into = static_cast<int64_t>(v[0] == 't'); return;
      case kInt2:
      case kInt4:
      case kInt8:
      case kOid: into = static_cast<int64_t>(std::strtoll(v, nullptr, 10)); return;
      case kFloat4:
      case kFloat8: {
        // from_chars: strtod takes its slow exact path on the 17 digits PostgreSQL prints (a fifth
        // of a province map's time); it also reads NaN and Infinity.
        double d = 0;
        if (std::from_chars(v, v + size, d).ptr != v + size) d = std::strtod(v, nullptr);
        into = d;
        return;
      }
      default: break;
    }
    if (auto* s = std::get_if<std::string>(&into)) {
      s->assign(v, size);
    } else {
      into = std::string(v, size);
    }
  }

  // The binary form of a number or boolean (BinaryReadable's types) into `into`; false for text,
  // whose bytes are the same in both forms.
  static bool ReadBinary(Oid type, const char* v, Value& into) {
    switch (type) {
      case kBool: into = static_cast<int64_t>(v[0] != 0); return true;
      case kInt2: into = static_cast<int64_t>(static_cast<int16_t>(BigEndian<2>(v))); return true;
      case kInt4: into = static_cast<int64_t>(static_cast<int32_t>(BigEndian<4>(v))); return true;
      case kOid: into = static_cast<int64_t>(BigEndian<4>(v)); return true;
      case kInt8: into = static_cast<int64_t>(BigEndian<8>(v)); return true;
      case kFloat8: into = std::bit_cast<double>(BigEndian<8>(v)); return true;
      default: return false;
    }
  }

  static Value Cell(const PGresult* res, int r, int c) {
    Value v;
    CellInto(res, r, c, v);
    return v;
  }

  PGconn* conn_;
  uint64_t cursors_ = 0;  // names QueryEach's cursors uniquely on this connection
  Fetch* ahead_ = nullptr;  // the innermost QueryEach's batch on the wire, if any
};

}  // namespace

Result<std::unique_ptr<Connection>> OpenPostgres(const std::string& conninfo) {
  PGconn* conn = PQconnectdb(conninfo.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string detail = PQerrorMessage(conn);
    PQfinish(conn);
    return core::Fail(Status::Unavailable("db_unavailable", detail));
  }
  auto c = std::make_unique<PostgresConnection>(conn);
  GJ_FAIL_IF_ERROR(c->ExecScript("SET client_min_messages=warning; SET TIME ZONE 'UTC'"));
  return std::unique_ptr<Connection>(std::move(c));
}

}  // namespace gongjian::store
