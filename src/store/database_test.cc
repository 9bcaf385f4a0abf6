#include <cstring>
#include <optional>
#include <thread>

#include "store/database.h"
#include "store_test_util.h"

namespace gongjian::store {
namespace {

class DatabaseTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped()) return;
    ASSERT_TRUE(db().Write([](Connection& c) {
                      return c.ExecScript("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE, amount BIGINT,"
                                          " ratio DOUBLE PRECISION)");
                    }).ok());
  }
  bool Migrated() const override { return false; }

  // Rows 1..n of t: name "n<id>", amount id * 10.
  void InsertRows(int64_t n) {
    ASSERT_TRUE(db().Write([n](Connection& c) -> Status {
                      auto r = c.Query("INSERT INTO t (id, name, amount) WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL"
                                       " SELECT i + 1 FROM s WHERE i < $1) SELECT i, 'n' || i, i * 10 FROM s",
                                       {n});
                      return r ? Status::Ok() : r.error();
                    }).ok());
  }

  int64_t Count() {
    auto n = db().ReadValue<int64_t>([](Connection& c) -> Result<int64_t> {
      auto r = c.Query("SELECT COUNT(*) AS n FROM t");
      if (!r) return core::Fail(r.error());
      return r->First().Int("n");
    });
    EXPECT_TRUE(n.has_value());
    return n.value_or(-1);
  }
};

TEST_P(DatabaseTest, ValuesRoundTripExactly) {
  const int64_t big = 9'007'199'254'740'993;  // not representable as a double
  ASSERT_TRUE(db().Write([&](Connection& c) -> Status {
                    auto r = c.Query("INSERT INTO t (id, name, amount, ratio) VALUES ($1, $2, $3, $4)",
                                     {int64_t{1}, std::string("重大项目'\"; --"), big, 0.125});
                    return r ? Status::Ok() : r.error();
                  }).ok());
  auto row = db().ReadValue<ResultSet>([](Connection& c) { return c.Query("SELECT * FROM t WHERE id = $1", {int64_t{1}}); });
  ASSERT_TRUE(row.has_value()) << row.error().ToString();
  ASSERT_EQ(row->size(), 1u);
  EXPECT_EQ(row->First().Text("name"), "重大项目'\"; --");
  EXPECT_EQ(row->First().Int("amount"), big);
  EXPECT_DOUBLE_EQ(row->First().Real("ratio"), 0.125);
}

TEST_P(DatabaseTest, DoublesComeBackBitForBitThroughQueryAndQueryEach) {
  const std::vector<double> ratios = {0.1 + 0.2, 116.39712800000001, -1e-300, 1.7976931348623157e308, 5e-324};
  ASSERT_TRUE(db().Write([&](Connection& c) -> Status {
                    for (size_t i = 0; i < ratios.size(); ++i) {
                      auto r = c.Query("INSERT INTO t (id, name, amount, ratio) VALUES ($1, NULL, 0, $2)",
                                       {static_cast<int64_t>(i + 1), ratios[i]});
                      if (!r) return r.error();
                    }
                    return Status::Ok();
                  }).ok());
  auto rows = db().ReadValue<ResultSet>([](Connection& c) { return c.Query("SELECT ratio FROM t ORDER BY id"); });
  ASSERT_TRUE(rows) << rows.error().ToString();
  std::vector<double> streamed;
  auto n = db().ReadValue<size_t>([&](Connection& c) {
    return c.QueryEach("SELECT ratio FROM t ORDER BY id", {},
                       [&](const std::vector<Value>& row) { streamed.push_back(std::get<double>(row[0])); });
  });
  ASSERT_TRUE(n) << n.error().ToString();
  ASSERT_EQ(rows->size(), ratios.size());
  for (size_t i = 0; i < ratios.size(); ++i) {
    EXPECT_EQ(rows->Row(i).Real("ratio"), ratios[i]) << i;
    EXPECT_EQ(streamed[i], ratios[i]) << i;
  }
}

TEST_P(DatabaseTest, QueryEachReadsEveryTypeAsQueryDoesInEveryBatch) {
  // 5,000 rows: PostgreSQL sends the batches after the first in binary; each value must read
  // the same as Query's text. Every fourth name and ratio is NULL.
  const std::vector<double> odd = {0.1 + 0.2, -0.0, 5e-324, 1.7976931348623157e308, -116.39712800000001};
  const int64_t big = 9'007'199'254'740'993;
  ASSERT_TRUE(db().Write([&](Connection& c) -> Status {
                    for (int64_t i = 1; i <= 5000; ++i) {
                      const bool null = i % 4 == 0;
                      Value name = null ? Value() : Value("项目 \"" + std::to_string(i) + "\"\n");
                      Value ratio = null ? Value() : Value(odd[i % odd.size()] * static_cast<double>(i % 7 + 1));
                      auto r = c.Query("INSERT INTO t (id, name, amount, ratio) VALUES ($1, $2, $3, $4)",
                                       {i, name, (i % 2 ? -1 : 1) * (big - i), ratio});
                      if (!r) return r.error();
                    }
                    return Status::Ok();
                  }).ok());
  // Columns of each type read in binary; then the same with a numeric column, which keeps the
  // whole answer in text.
  const std::string readable =
      "SELECT id, name, amount, ratio, CAST(id AS INTEGER) AS i4, CAST(id % 100 - 50 AS SMALLINT) AS i2,"
      " id % 3 = 0 AS flag, CAST(name AS VARCHAR(40)) AS v";
  std::optional<ResultSet> rows;
  for (const std::string sql : {readable + " FROM t ORDER BY id", readable + ", CAST(amount AS NUMERIC) * 2 AS n FROM t ORDER BY id"}) {
    rows = db().ReadValue<ResultSet>([&](Connection& c) { return c.Query(sql); }).value_or(ResultSet());
    ASSERT_EQ(rows->size(), 5000u) << sql;
    size_t i = 0, differ = 0;
    auto n = db().ReadValue<size_t>([&](Connection& c) {
      return c.QueryEach(sql, {}, [&](const std::vector<Value>& row) {
        const auto& want = rows->rows[i++];
        bool same = row.size() == want.size();
        for (size_t k = 0; same && k < row.size(); ++k) {
          const auto* a = std::get_if<double>(&row[k]);
          const auto* b = std::get_if<double>(&want[k]);
          same = a && b ? std::memcmp(a, b, sizeof(double)) == 0 : row[k] == want[k];  // -0.0 too
        }
        differ += !same;
      });
    });
    ASSERT_TRUE(n) << n.error().ToString();
    EXPECT_EQ(*n, 5000u) << sql;
    EXPECT_EQ(differ, 0u) << sql;
  }
  EXPECT_EQ(rows->Row(59).Int("i2"), 10);  // id 60
  EXPECT_EQ(rows->Row(4).Int("amount"), -(big - 5));  // id 5
  EXPECT_EQ(rows->Row(2).Int("flag"), 1);
  EXPECT_EQ(rows->Row(0).Text("v"), "项目 \"1\"\n");
}

TEST_P(DatabaseTest, QueryEachStreamsTheRowsAsQueryReadsThem) {
  // Names of different lengths and a null between them: a reused buffer must not leak one
  // row's text into the next.
  ASSERT_TRUE(db().Write([](Connection& c) -> Status {
                    auto r = c.Query("INSERT INTO t (id, name, amount, ratio) VALUES (1, '城关智能制造产业园区二期', 10, 0.5),"
                                     " (2, NULL, 20, 1.5), (3, 'ab', 30, NULL)");
                    return r ? Status::Ok() : r.error();
                  }).ok());
  std::vector<std::string> seen;
  auto n = db().ReadValue<size_t>([&](Connection& c) {
    return c.QueryEach("SELECT id, name, amount FROM t WHERE amount >= $1 ORDER BY id", {int64_t{10}},
                       [&](const std::vector<Value>& row) {
                         const auto* name = std::get_if<std::string>(&row[1]);
                         seen.push_back(std::to_string(std::get<int64_t>(row[0])) + ":" + (name ? *name : "null") + ":" +
                                        std::to_string(std::get<int64_t>(row[2])));
                       });
  });
  ASSERT_TRUE(n) << n.error().ToString();
  EXPECT_EQ(*n, 3u);
  EXPECT_EQ(seen, (std::vector<std::string>{"1:城关智能制造产业园区二期:10", "2:null:20", "3:ab:30"}));
  // A failing statement reports its error and calls nothing.
  int calls = 0;
  auto bad = db().ReadValue<size_t>([&](Connection& c) {
    return c.QueryEach("SELECT nope FROM t", {}, [&](const std::vector<Value>&) { ++calls; });
  });
  EXPECT_FALSE(bad);
  EXPECT_EQ(calls, 0);
}

TEST_P(DatabaseTest, QueryEachReadsEveryRowAcrossBatchesWhileTheCallbackQueries) {
  // 5,001 rows: two full batches of PostgreSQL's cursor (2,048 rows), a part batch, and the
  // callback's statements while the next batch is on the wire.
  constexpr int64_t kRows = 5001;
  InsertRows(kRows);
  int64_t sum = 0, expected_id = 1, nested = 0, open_cursors = -1;
  bool in_order = true;
  auto n = db().ReadValue<size_t>([&](Connection& c) -> Result<size_t> {
    auto outer = c.QueryEach("SELECT id, amount FROM t WHERE amount > $1 ORDER BY id", {int64_t{0}},
                             [&](const std::vector<Value>& row) {
                               const int64_t id = std::get<int64_t>(row[0]);
                               in_order = in_order && id == expected_id++;
                               sum += std::get<int64_t>(row[1]);
                               if (id % 500 != 0) return;
                               // Other statements on the same connection between rows, a nested
                               // QueryEach among them.
                               auto one = c.Query("SELECT name FROM t WHERE id = $1", {id});
                               if (one && one->First().Text("name") == "n" + std::to_string(id)) ++nested;
                               auto inner = c.QueryEach("SELECT id FROM t WHERE id <= $1", {int64_t{3}},
                                                        [&](const std::vector<Value>&) { ++nested; });
                               if (inner && c.engine() == Engine::kPostgres && open_cursors < 0) {
                                 auto cursors = c.Query("SELECT COUNT(*) AS n FROM pg_cursors WHERE name LIKE 'gj%'");
                                 if (cursors) open_cursors = cursors->First().Int("n");
                               }
                             });
    if (!outer) return outer;
    // A second cursor in the same transaction.
    size_t again = 0;
    auto second = c.QueryEach("SELECT id FROM t", {}, [&](const std::vector<Value>&) { ++again; });
    if (!second) return second;
    return *outer + again;
  });
  ASSERT_TRUE(n) << n.error().ToString();
  EXPECT_EQ(*n, 2u * kRows);
  EXPECT_TRUE(in_order);
  EXPECT_EQ(sum, int64_t{10} * kRows * (kRows + 1) / 2);
  EXPECT_EQ(nested, 10 * (1 + 3));
  if (GetParam() == Engine::kPostgres) {
    EXPECT_EQ(open_cursors, 1) << "the outer rows stream from a cursor; the nested one is closed";
  }
}

TEST_P(DatabaseTest, QueryEachReportsAnErrorOfALaterBatchAndLeavesTheConnectionUsable) {
  InsertRows(5000);
  // A division by zero at the 4,500th row: PostgreSQL raises it in a later batch than the first.
  // SQLite does not fail on it (NULL), so there it is a plain full walk.
  int64_t rows = 0;
  auto n = db().ReadValue<size_t>([&](Connection& c) {
    return c.QueryEach("SELECT 100 / (id - 4500) AS q FROM t ORDER BY id", {},
                       [&](const std::vector<Value>&) { ++rows; });
  });
  if (GetParam() == Engine::kPostgres) {
    ASSERT_FALSE(n);
    EXPECT_GE(rows, 2048);  // the first batch was handed out before the failing one came
    EXPECT_LT(rows, 4500);
  } else {
    ASSERT_TRUE(n) << n.error().ToString();
    EXPECT_EQ(*n, 5000u);
  }
  // The pooled connection answers the next transaction.
  auto count = db().ReadValue<int64_t>([](Connection& c) -> Result<int64_t> {
    auto r = c.Query("SELECT COUNT(*) AS n FROM t");
    if (!r) return core::Fail(r.error());
    return r->First().Int("n");
  });
  ASSERT_TRUE(count) << count.error().ToString();
  EXPECT_EQ(*count, 5000);
}

TEST_P(DatabaseTest, NullsReadAsNull) {
  ASSERT_TRUE(db().Write([](Connection& c) -> Status {
                    auto r = c.Query("INSERT INTO t (id, name, amount) VALUES ($1, $2, $3)", {int64_t{1}, Null(), Null()});
                    return r ? Status::Ok() : r.error();
                  }).ok());
  auto rows = db().ReadValue<ResultSet>([](Connection& c) { return c.Query("SELECT name, amount FROM t"); });
  ASSERT_TRUE(rows.has_value());
  EXPECT_TRUE(rows->First().IsNull("name"));
  EXPECT_EQ(rows->First().OptInt("amount"), std::nullopt);
}

TEST_P(DatabaseTest, ParametersBindByNumberNotPosition) {
  // $2 appears before $1 and $1 twice: SQLite numbers by first appearance, so a
  // positional bind would swap them.
  auto r = db().ReadValue<ResultSet>([](Connection& c) {
    return c.Query("SELECT CAST($2 AS TEXT) AS a, CAST($1 AS TEXT) AS b, CAST($1 AS TEXT) AS c",
                   {std::string("one"), std::string("two")});
  });
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ(r->First().Text("a"), "two");
  EXPECT_EQ(r->First().Text("b"), "one");
  EXPECT_EQ(r->First().Text("c"), "one");
}

TEST_P(DatabaseTest, ParametersInsideLiteralsAreNotParameters) {
  // '$1' and "$3" are a string and a column alias, not parameters: $2 is the first.
  auto r = db().ReadValue<ResultSet>([](Connection& c) {
    return c.Query("SELECT CAST($2 AS TEXT) AS \"$3\", '$1' AS lit, 'it''s $2' AS quoted, CAST($1 AS TEXT) AS b",
                   {std::string("one"), std::string("two")});
  });
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ(r->First().Text("$3"), "two");
  EXPECT_EQ(r->First().Text("lit"), "$1");
  EXPECT_EQ(r->First().Text("quoted"), "it's $2");
  EXPECT_EQ(r->First().Text("b"), "one");
}

TEST_P(DatabaseTest, AThousandParametersBindInTheirPlaces) {
  // Named in reverse: SQLite's first parameter is $1000.
  std::string sql = "SELECT ";
  Params params;
  for (int i = 1000; i >= 1; --i) sql += (i == 1000 ? "CAST($" : ", CAST($") + std::to_string(i) + " AS BIGINT) AS c" + std::to_string(i);
  for (int64_t i = 1; i <= 1000; ++i) params.push_back(i * 7);
  auto r = db().ReadValue<ResultSet>([&](Connection& c) { return c.Query(sql, params); });
  ASSERT_TRUE(r.has_value()) << r.error().ToString().substr(0, 200);
  for (int i : {1, 2, 500, 999, 1000}) EXPECT_EQ(r->First().Int("c" + std::to_string(i)), i * 7) << i;
}

TEST_P(DatabaseTest, FailedWriteLeavesNothingBehind) {
  Status s = db().Write([](Connection& c) -> Status {
    auto r = c.Query("INSERT INTO t (id, name) VALUES ($1, $2)", {int64_t{1}, std::string("a")});
    if (!r) return r.error();
    return Status::Invalid("name", "required");  // a later validation fails
  });
  EXPECT_EQ(s.code(), core::Code::kInvalidArgument);
  EXPECT_EQ(Count(), 0);
}

TEST_P(DatabaseTest, ExceptionInsideWriteRollsBackAndPropagates) {
  EXPECT_THROW(db().Write([](Connection& c) -> Status {
                 c.Query("INSERT INTO t (id, name) VALUES ($1, $2)", {int64_t{1}, std::string("a")});
                 throw std::runtime_error("boom");
               }),
               std::runtime_error);
  EXPECT_EQ(Count(), 0);
  // The connection is usable afterwards.
  EXPECT_TRUE(db().Write([](Connection& c) -> Status {
                    auto r = c.Query("INSERT INTO t (id, name) VALUES ($1, $2)", {int64_t{2}, std::string("b")});
                    return r ? Status::Ok() : r.error();
                  }).ok());
  EXPECT_EQ(Count(), 1);
}

TEST_P(DatabaseTest, UniqueViolationIsConflict) {
  auto insert = [&](int64_t id) {
    return db().Write([&](Connection& c) -> Status {
      auto r = c.Query("INSERT INTO t (id, name) VALUES ($1, $2)", {id, std::string("same")});
      return r ? Status::Ok() : r.error();
    });
  };
  ASSERT_TRUE(insert(1).ok());
  Status s = insert(2);
  EXPECT_EQ(s.code(), core::Code::kConflict);
  EXPECT_EQ(s.key(), "duplicate");
}

TEST_P(DatabaseTest, ReadTransactionCannotWrite) {
  Status s = db().Read([](Connection& c) -> Status {
    auto r = c.Query("INSERT INTO t (id, name) VALUES ($1, $2)", {int64_t{1}, std::string("a")});
    return r ? Status::Ok() : r.error();
  });
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(Count(), 0);
}

TEST_P(DatabaseTest, SyntaxErrorIsInternalWithDetail) {
  auto r = db().ReadValue<ResultSet>([](Connection& c) { return c.Query("SELEC 1"); });
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), core::Code::kInternal);
  EXPECT_FALSE(r.error().detail().empty());
}

TEST_P(DatabaseTest, ConcurrentWritersAllLand) {
  constexpr int kThreads = 6, kEach = 25;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        Status s = db().Write([&](Connection& c) -> Status {
          auto r = c.Query("INSERT INTO t (id, name) VALUES ($1, $2)",
                           {int64_t{t * 1000 + i}, "n" + std::to_string(t * 1000 + i)});
          return r ? Status::Ok() : r.error();
        });
        if (!s.ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Count(), kThreads * kEach);
}

TEST_P(DatabaseTest, CommittedDataSurvivesReopen) {
  ASSERT_TRUE(db().Write([](Connection& c) -> Status {
                    auto r = c.Query("INSERT INTO t (id, name) VALUES ($1, $2)", {int64_t{7}, std::string("kept")});
                    return r ? Status::Ok() : r.error();
                  }).ok());
  test_db_->Close();
  test_db_->Reopen();
  EXPECT_EQ(Count(), 1);
}

TEST_P(DatabaseTest, PingAnswers) { EXPECT_TRUE(db().Ping().ok()); }

GJ_INSTANTIATE_ENGINES(DatabaseTest);

TEST(DatabaseOpenTest, RejectsUnknownScheme) {
  auto db = Database::Open("mysql://localhost/x");
  ASSERT_FALSE(db.has_value());
  EXPECT_EQ(db.error().field(), "db");
}

TEST(DatabaseOpenTest, UnreachablePostgresIsUnavailable) {
  auto db = Database::Open("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2");
  ASSERT_FALSE(db.has_value());
  EXPECT_EQ(db.error().code(), core::Code::kUnavailable);
}

TEST(DatabaseOpenTest, RedactUrlHidesOnlyThePassword) {
  EXPECT_EQ(RedactUrl("postgresql://gj:s3cret@db.local:5432/gongjian"), "postgresql://gj@db.local:5432/gongjian");
  EXPECT_EQ(RedactUrl("postgresql://gj@db.local/gongjian"), "postgresql://gj@db.local/gongjian");
  EXPECT_EQ(RedactUrl("sqlite:data/gongjian.db"), "sqlite:data/gongjian.db");
}

}  // namespace
}  // namespace gongjian::store
