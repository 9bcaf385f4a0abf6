// The cockpit map's points as JSON rows, written on a thread of their own while the store walks
// them (api/cockpit's map answer).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/cockpit_repository.h"

namespace gongjian::api {

// Appends points as `[id,"name",lng,lat,colour]`, comma-separated, to a string: the coordinates
// rounded to 6 decimals (0.1 m on the ground) without trailing zeros, the colour as an index into
// ["green","yellow","red"] (anything but "red" and "yellow" is green). The walk and the
// formatting of a province's 49,000 points take about as long each, so the writer formats on its
// own thread while the caller adds: a cold map takes the longer of the two rather than their sum.
// Points are handed over in batches, their names copied (the store's text lives only during its
// callback). One caller thread; `out` is the writer's until Finish() returns.
class MapPointWriter {
 public:
  explicit MapPointWriter(std::string& out, size_t batch = 2048);
  MapPointWriter(const MapPointWriter&) = delete;
  MapPointWriter& operator=(const MapPointWriter&) = delete;
  // Waits for the writer (without Finish(), what it was handed may be left unwritten).
  ~MapPointWriter();

  void Add(const store::CockpitPoint& p);
  // Hands over the last batch and waits until every point is written, in the order added;
  // rethrows what the writer threw (std::bad_alloc).
  void Finish();

 private:
  struct Point {
    int64_t id;
    size_t name_at, name_size;
    double longitude, latitude;
    uint8_t colour;
  };
  struct Batch {
    std::vector<Point> points;
    std::string names;
  };

  void Stop();
  void HandOver();
  void Run();
  void Write(const Batch& b);

  std::string& out_;
  const size_t batch_size_;
  Batch batch_;
  bool first_ = true;  // the writer thread's
  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<Batch> queue_;
  bool done_ = false;
  std::exception_ptr failure_;
  std::thread thread_;  // last: starts once the rest is built
};

}  // namespace gongjian::api
