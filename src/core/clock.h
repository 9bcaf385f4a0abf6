#pragma once

#include <atomic>
#include <chrono>
#include <string>

namespace gongjian::core {

using TimePoint = std::chrono::system_clock::time_point;

// The source of "now". Production uses SystemClock; tests inject a FakeClock and move it.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint Now() const override { return std::chrono::system_clock::now(); }
};

// A clock that stands still until told to move. Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimePoint start) : now_(start.time_since_epoch().count()) {}
  TimePoint Now() const override { return TimePoint(TimePoint::duration(now_.load())); }
  void Advance(std::chrono::system_clock::duration d) { now_ += d.count(); }

 private:
  std::atomic<TimePoint::rep> now_;
};

// UTC timestamp as stored in the database: "2026-11-29T02:03:04.123Z".
std::string FormatTimestamp(TimePoint t);

}  // namespace gongjian::core
