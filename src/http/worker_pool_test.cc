#include "http/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>

namespace gongjian::http {
namespace {

TEST(WorkerPoolTest, RunsEveryPostedTaskBeforeStopReturns) {
  std::atomic<int> done{0};
  {
    WorkerPool pool(3, 1000);
    for (int i = 0; i < 200; ++i) ASSERT_TRUE(pool.Post([&] { ++done; }));
    pool.Stop();
    EXPECT_EQ(done.load(), 200);
  }
}

TEST(WorkerPoolTest, RefusesBeyondTheBacklogLimit) {
  WorkerPool pool(1, 2);
  std::promise<void> release;
  auto gate = release.get_future().share();
  std::atomic<bool> started{false};
  ASSERT_TRUE(pool.Post([&, gate] {
    started = true;
    gate.wait();
  }));
  while (!started) std::this_thread::yield();
  EXPECT_TRUE(pool.Post([] {}));
  EXPECT_TRUE(pool.Post([] {}));
  EXPECT_FALSE(pool.Post([] {}));  // third queued task exceeds the limit of two
  release.set_value();
  pool.Stop();
  EXPECT_FALSE(pool.Post([] {}));  // stopped pools take nothing
}

}  // namespace
}  // namespace gongjian::http
