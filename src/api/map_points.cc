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

}  // namespace

MapPointWriter::MapPointWriter(std::string& out, size_t batch)
    : out_(out), batch_size_(batch == 0 ? 1 : batch), thread_([this] { Run(); }) {
  batch_.points.reserve(batch_size_);
}

MapPointWriter::~MapPointWriter() { Stop(); }

void MapPointWriter::Add(const store::CockpitPoint& p) {
  const auto colour = static_cast<uint8_t>(p.colour == "red" ? 2 : p.colour == "yellow" ? 1 : 0);
  batch_.points.push_back({p.id, batch_.names.size(), p.name.size(), p.longitude, p.latitude, colour});
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
  auto to = std::back_inserter(out_);
  const std::string_view names = b.names;
  for (const Point& p : b.points) {
    out_ += first_ ? "[" : ",[";
    first_ = false;
    fmt::format_to(to, FMT_COMPILE("{}"), p.id);
    out_ += ',';
    AppendString(out_, names.substr(p.name_at, p.name_size));
    out_ += ',';
    AppendCoordinate(out_, p.longitude);
    out_ += ',';
    AppendCoordinate(out_, p.latitude);
    out_ += p.colour == 2 ? ",2]" : p.colour == 1 ? ",1]" : ",0]";
  }
}

}  // namespace gongjian::api
