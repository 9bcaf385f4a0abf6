// The cockpit map's points as JSON rows, written on a thread of their own while the store walks
// them (api/cockpit's map answer).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "store/cockpit_repository.h"

namespace gongjian::api {

// Appends one point as `[id,"name",lng,lat,colour]` in MapPointWriter's form.
void AppendMapPoint(std::string& out, const store::CockpitPoint& p);

// Appends points as `[id,"name",lng,lat,colour]`, comma-separated, to a string: the coordinates
// rounded to 6 decimals (0.1 m on the ground) without trailing zeros, the colour as an index into
// ["green","yellow","red"] (anything but "red" and "yellow" is green). The walk and the
// formatting of a province's 49,000 points take about as long each, so the writer formats on its
// own thread while the caller adds: a cold map takes the longer of the two rather than their sum.
// Points are handed over in batches, their names copied (the store's text lives only during its
// callback). One caller thread; the strings written are the writer's until Finish() returns.
class MapPointWriter {
 public:
  // Where a point goes, by its id; called on the writer's thread only. Within each string the
  // points are comma-separated.
  using Target = std::function<std::string&(int64_t id)>;

  // Every point to `out`.
  explicit MapPointWriter(std::string& out, size_t batch = 2048);
  MapPointWriter(Target target, size_t batch);
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

  const Target target_;
  const size_t batch_size_;
  Batch batch_;
  std::unordered_set<const std::string*> started_;  // the strings written to (the writer thread's)
  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<Batch> queue_;
  bool done_ = false;
  std::exception_ptr failure_;
  std::thread thread_;  // last: starts once the rest is built
};

// The whole district's map points, formatted, kept between requests in buckets of project ids
// (store::kMapBucketIds) with the counter each bucket was read at (migration 0025). A map after a
// write reads again only the buckets whose counter moved: a project renamed re-reads its bucket's
// 1,024 ids rather than a province's 49,000 points. The counters are read before the points, so
// a bucket's points are never older than the counter kept with them. A bucket kept is replaced
// only by a read at a later counter, so a request that saw an older counter never hands its
// points to one that saw a newer; it reads its own. Safe to share between request threads.
class MapBuckets {
 public:
  // Appends the points of `scope` to `out` as MapPointWriter does (comma-separated, by bucket and
  // within a bucket in no particular order). `scope` must be one seeing every project (kAll): a
  // bucket's points are kept for the stage list asked, and a different list starts again. Call
  // within one read transaction.
  core::Status Append(store::Connection& c, const store::CockpitScope& scope, std::string& out);

  // How many buckets the last Append read from the store (for the tests): all of them counted as
  // one when it read every point.
  size_t last_reads() const;

 private:
  using Text = std::shared_ptr<const std::string>;
  struct Bucket {
    int64_t generation = 0;
    Text text;
  };
  // Reads every point and keeps each bucket read at `counters`' value; returns the buckets.
  core::Result<std::map<int64_t, Bucket>> ReadAll(store::Connection& c, const store::CockpitScope& scope,
                                            const std::map<int64_t, int64_t>& counters);
  // Reads one bucket, whose counter is `generation`, and keeps it.
  core::Result<Bucket> ReadOne(store::Connection& c, const store::CockpitScope& scope, int64_t bucket,
                               int64_t generation);
  // Keeps `b` for `bucket` unless a read at a later counter is kept.
  void KeepLocked(int64_t bucket, const Bucket& b);

  mutable std::mutex mu_;
  std::vector<std::string> stages_;  // the stage list the kept buckets are for
  bool filled_ = false;              // every point was read once: a bucket not kept is empty at counter 0
  std::map<int64_t, Bucket> kept_;
  size_t last_reads_ = 0;
};

}  // namespace gongjian::api
