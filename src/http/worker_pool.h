#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace gongjian::http {

// A fixed set of threads running queued tasks in order. Thread-safe.
class WorkerPool {
 public:
  // `max_queued` bounds the backlog: beyond it Post refuses, so overload sheds load
  // with a quick 503 instead of growing latency without bound.
  WorkerPool(size_t threads, size_t max_queued);
  ~WorkerPool();  // runs what is queued, then joins

  // False when the queue is full or the pool is stopping; the task is then not run.
  bool Post(std::function<void()> task);
  // Stops taking tasks, runs the ones already queued and joins the threads. Idempotent.
  void Stop();
  size_t size() const { return threads_.size(); }

 private:
  void Loop();

  size_t max_queued_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace gongjian::http
