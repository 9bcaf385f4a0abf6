#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "io/content_type.h"

namespace gongjian::io {

// Images whose header claims more pixels than this, or a side longer than kMaxImageSide, are
// refused before any pixel is decoded (decompression bombs).
inline constexpr long long kMaxImagePixels = 40'000'000;
inline constexpr int kMaxImageSide = 20'000;

// Decodes the JPEG or PNG in `bytes` and returns a baseline JPEG (quality 80) of it whose longer
// side is at most `max_side`, keeping the aspect ratio and never enlarging. Transparent PNG pixels
// are composited on white; a JPEG's EXIF orientation is applied, so the thumbnail is upright.
// Failures (all kInvalidArgument, field "file"):
//   "thumbnail_unsupported": `type` is not kJpeg or kPng;
//   "image_too_large": the header claims more than kMaxImagePixels or a side over kMaxImageSide;
//   "image_corrupt": the data is not a decodable image of `type`, or is truncated.
// A `max_side` below 1 is a programmer error and yields kInternal. Never crashes or exits on any
// input. Thread-safe; CPU- and memory-bound (at most about 3 bytes per source pixel for PNG).
core::Result<std::string> MakeThumbnail(std::string_view bytes, FileType type, int max_side = 320);

}  // namespace gongjian::io
