#include "api/map_points.h"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <cmath>
#include <iterator>
#include <string_view>
#include <utility>

namespace gongjian::api {
namespace {

// Appends `s` as a JSON string (the names are validated UTF-8 text): runs without anything to
// escape are copied whole.
void AppendString(std::string& out, std::string_view s) {
  out += '"';
  size_t from = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char ch = static_cast<unsigned char>(s[i]);
    if (ch >= 0x20 && ch != '"' && ch != '\\') continue;
    out.append(s, from, i - from);
    from = i + 1;
    switch (ch) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: fmt::format_to(std::back_inserter(out), "\\u{:04x}", ch);
    }
  }
  out.append(s, from, std::string_view::npos);
  out += '"';
}

// Writes `v` rounded to 6 decimals (0.1 m on the ground), trailing zeros dropped: integer
// arithmetic instead of the shortest round trip of the stored double, and fewer bytes.
void AppendCoordinate(std::string& out, double v) {
  const long long micro = std::llround(v * 1e6);
  const unsigned long long a = micro < 0 ? 0ULL - static_cast<unsigned long long>(micro) : micro;
  char buf[32];
  char* end = fmt::format_to(buf, FMT_COMPILE("{}{}.{:06}"), micro < 0 ? "-" : "", a / 1'000'000, a % 1'000'000);
  while (end[-1] == '0') --end;
  if (end[-1] == '.') --end;
  out.append(buf, end);
}

uint8_t ColourIndex(std::string_view colour) {
  return static_cast<uint8_t>(colour == "red" ? 2 : colour == "yellow" ? 1 : 0);
}

void AppendPoint(std::string& out, int64_t id, std::string_view name, double longitude, double latitude,
                 uint8_t colour) {
  out += '[';
  fmt::format_to(std::back_inserter(out), FMT_COMPILE("{}"), id);
  out += ',';
  AppendString(out, name);
  out += ',';
  AppendCoordinate(out, longitude);
  out += ',';
  AppendCoordinate(out, latitude);
  out += colour == 2 ? ",2]" : colour == 1 ? ",1]" : ",0]";
}

}  // namespace

void AppendMapPoint(std::string& out, const store::CockpitPoint& p) {
  AppendPoint(out, p.id, p.name, p.longitude, p.latitude, ColourIndex(p.colour));
}

MapPointWriter::MapPointWriter(std::string& out, size_t batch)
    : MapPointWriter([&out](int64_t) -> std::string& { return out; }, batch) {}

MapPointWriter::MapPointWriter(Target target, size_t batch)
    : target_(std::move(target)), batch_size_(batch == 0 ? 1 : batch), thread_([this] { Run(); }) {
  batch_.points.reserve(batch_size_);
}

MapPointWriter::~MapPointWriter() { Stop(); }

void MapPointWriter::Add(const store::CockpitPoint& p) {
  batch_.points.push_back({p.id, batch_.names.size(), p.name.size(), p.longitude, p.latitude, ColourIndex(p.colour)});
  batch_.names.append(p.name);
  if (batch_.points.size() >= batch_size_) HandOver();
}

void MapPointWriter::Finish() {
  HandOver();
  Stop();
  if (failure_) std::rethrow_exception(std::exchange(failure_, nullptr));
}

void MapPointWriter::Stop() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(mu_);
    done_ = true;
  }
  ready_.notify_one();
  thread_.join();
}

void MapPointWriter::HandOver() {
  if (batch_.points.empty()) return;
  {
    std::lock_guard lock(mu_);
    queue_.push_back(std::move(batch_));
  }
  ready_.notify_one();
  batch_ = Batch();
  batch_.points.reserve(batch_size_);
}

void MapPointWriter::Run() {
  try {
    for (;;) {
      Batch b;
      {
        std::unique_lock lock(mu_);
        ready_.wait(lock, [&] { return done_ || !queue_.empty(); });
        if (queue_.empty()) return;
        b = std::move(queue_.front());
        queue_.pop_front();
      }
      Write(b);
    }
  } catch (...) {
    failure_ = std::current_exception();  // read after join
  }
}

void MapPointWriter::Write(const Batch& b) {
  const std::string_view names = b.names;
  const std::string* last = nullptr;
  for (const Point& p : b.points) {
    std::string& out = target_(p.id);
    if (&out == last || !started_.insert(&out).second) out += ',';
    last = &out;
    AppendPoint(out, p.id, names.substr(p.name_at, p.name_size), p.longitude, p.latitude, p.colour);
  }
}

// ---- MapBuckets ----

namespace {

// The buckets whose counter differs from the one kept with them (a bucket not kept: counter 0).
template <typename Kept>
std::vector<int64_t> Moved(const std::map<int64_t, int64_t>& counters, const Kept& kept) {
  std::vector<int64_t> out;
  for (const auto& [bucket, generation] : counters) {
    auto it = kept.find(bucket);
    if (generation != (it == kept.end() ? 0 : it->second.generation)) out.push_back(bucket);
  }
  for (const auto& [bucket, b] : kept) {
    if (!counters.contains(bucket) && b.generation != 0) out.push_back(bucket);
  }
  return out;
}

}  // namespace

core::Status MapBuckets::Append(store::Connection& c, const store::CockpitScope& scope, std::string& out) {
  auto listed = store::CockpitMapBuckets(c);
  if (!listed) return listed.error();
  std::map<int64_t, int64_t> counters;
  for (const auto& b : *listed) counters[b.bucket] = b.generation;

  std::map<int64_t, Bucket> kept;
  bool filled;
  {
    std::lock_guard lock(mu_);
    if (stages_ != scope.stages) {
      stages_ = scope.stages;
      filled_ = false;
      kept_.clear();
    }
    filled = filled_;
    kept = kept_;
  }
  // Many buckets moved (a district's lights recomputed): one walk of every point costs less than
  // a read per bucket.
  constexpr size_t kMostReadAlone = 8;
  const std::vector<int64_t> moved = filled ? Moved(counters, kept) : std::vector<int64_t>{};
  size_t reads = 0;
  if (!filled || moved.size() > kMostReadAlone) {
    auto all = ReadAll(c, scope, counters);
    if (!all) return all.error();
    kept = std::move(*all);
    reads = 1;
  } else {
    for (int64_t bucket : moved) {
      auto found = counters.find(bucket);
      auto b = ReadOne(c, scope, bucket, found == counters.end() ? 0 : found->second);
      if (!b) return b.error();
      kept[bucket] = std::move(*b);
      ++reads;
    }
  }
  {
    std::lock_guard lock(mu_);
    last_reads_ = reads;
  }
  bool first = true;
  for (const auto& [bucket, b] : kept) {
    if (!b.text || b.text->empty()) continue;
    if (!first) out += ',';
    first = false;
    out += *b.text;
  }
  return core::Status::Ok();
}

core::Result<MapBuckets::Bucket> MapBuckets::ReadOne(store::Connection& c, const store::CockpitScope& scope,
                                                     int64_t bucket, int64_t generation) {
  auto text = std::make_shared<std::string>();
  auto read = store::CockpitBucketPoints(c, scope, bucket, [&](const store::CockpitPoint& p) {
    if (!text->empty()) *text += ',';
    AppendMapPoint(*text, p);
  });
  if (!read) return core::Fail(std::move(read.error()));
  Bucket b{generation, std::move(text)};
  std::lock_guard lock(mu_);
  if (stages_ == scope.stages) KeepLocked(bucket, b);
  return b;
}

core::Result<std::map<int64_t, MapBuckets::Bucket>> MapBuckets::ReadAll(store::Connection& c,
                                                                        const store::CockpitScope& scope,
                                                                        const std::map<int64_t, int64_t>& counters) {
  std::map<int64_t, std::string> texts;
  MapPointWriter writer([&texts](int64_t id) -> std::string& { return texts[id / store::kMapBucketIds]; }, 2048);
  auto read = store::CockpitPoints(c, scope, [&](const store::CockpitPoint& p) { writer.Add(p); });
  writer.Finish();
  if (!read) return core::Fail(std::move(read.error()));
  std::map<int64_t, Bucket> all;
  for (const auto& [bucket, generation] : counters) all[bucket].generation = generation;
  for (auto& [bucket, text] : texts) all[bucket].text = std::make_shared<const std::string>(std::move(text));
  std::lock_guard lock(mu_);
  if (stages_ != scope.stages) return all;  // another list asked for meanwhile
  for (const auto& [bucket, b] : all) KeepLocked(bucket, b);
  filled_ = true;
  return all;
}

void MapBuckets::KeepLocked(int64_t bucket, const Bucket& b) {
  auto it = kept_.find(bucket);
  if (it == kept_.end() || it->second.generation < b.generation) kept_[bucket] = b;
}

size_t MapBuckets::last_reads() const {
  std::lock_guard lock(mu_);
  return last_reads_;
}

}  // namespace gongjian::api
