#include "io/thumbnail.h"

// clang-format off
#include <stdio.h>   // jpeglib.h uses FILE and size_t without declaring them
#include <jpeglib.h>
#include <jerror.h>  // the JWRN_* message codes; needs jpeglib.h first
// clang-format on
#include <png.h>

#include <algorithm>
#include <csetjmp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <utility>
#include <vector>

namespace gongjian::io {
namespace {

constexpr int kThumbnailQuality = 80;
// Progressive JPEGs with thousands of scans make decoding arbitrarily slow; real encoders emit
// around ten.
constexpr int kMaxJpegScans = 100;

struct RgbImage {
  int width = 0;
  int height = 0;
  std::vector<unsigned char> pixels;  // width * height * 3, row-major, no padding
};

enum class Outcome { kOk, kCorrupt, kTooLarge, kOutOfMemory };

core::Status Corrupt() { return core::Status::Invalid("file", "image_corrupt"); }
core::Status TooLarge() { return core::Status::Invalid("file", "image_too_large"); }

core::Status StatusFor(Outcome outcome) {
  switch (outcome) {
    case Outcome::kTooLarge: return TooLarge();
    case Outcome::kOutOfMemory: return core::Status::Internal("out of memory while making a thumbnail");
    default: return Corrupt();
  }
}

bool DimensionsAllowed(long long width, long long height) {
  return width <= kMaxImageSide && height <= kMaxImageSide && width * height <= kMaxImagePixels;
}

// libjpeg reports fatal errors through error_exit, whose default calls exit(); ours longjmps
// back to the setjmp in the function that owns the codec object. Those functions construct
// every C++ object before calling setjmp, so the jump skips no destructor.

struct JpegErrorManager {
  jpeg_error_mgr pub;  // first, so the library's pointer to it is also a pointer to this
  std::jmp_buf jump;
};

[[noreturn]] void JpegErrorExit(j_common_ptr cinfo) {
  std::longjmp(reinterpret_cast<JpegErrorManager*>(cinfo->err)->jump, 1);
}

// Warnings go nowhere, except those meaning the image data is cut short: libjpeg would fill the
// rest with grey, we call it corrupt.
void JpegEmitMessage(j_common_ptr cinfo, int msg_level) {
  if (msg_level < 0 && (cinfo->err->msg_code == JWRN_JPEG_EOF || cinfo->err->msg_code == JWRN_HIT_MARKER)) {
    JpegErrorExit(cinfo);
  }
}

void JpegOutputMessage(j_common_ptr) {}

void JpegProgress(j_common_ptr cinfo) {
  if (cinfo->is_decompressor && reinterpret_cast<j_decompress_ptr>(cinfo)->input_scan_number > kMaxJpegScans) {
    JpegErrorExit(cinfo);
  }
}

void InstallErrorManager(JpegErrorManager* err) {
  jpeg_std_error(&err->pub);
  err->pub.error_exit = JpegErrorExit;
  err->pub.emit_message = JpegEmitMessage;
  err->pub.output_message = JpegOutputMessage;
}

// Reads the EXIF orientation (1..8) from an APP1 marker's data; 1 (upright) when absent or
// malformed.
int ExifOrientation(const unsigned char* data, std::size_t size) {
  constexpr std::size_t kTiff = 6;  // after "Exif\0\0"
  if (size < kTiff + 8 ||
      std::string_view(reinterpret_cast<const char*>(data), kTiff) != std::string_view("Exif\0\0", 6)) {
    return 1;
  }
  const unsigned char* tiff = data + kTiff;
  const std::size_t len = size - kTiff;
  bool little;
  if (tiff[0] == 'I' && tiff[1] == 'I') {
    little = true;
  } else if (tiff[0] == 'M' && tiff[1] == 'M') {
    little = false;
  } else {
    return 1;
  }
  auto u16 = [&](std::size_t at) -> std::uint32_t {
    return little ? tiff[at] | tiff[at + 1] << 8 : tiff[at] << 8 | tiff[at + 1];
  };
  auto u32 = [&](std::size_t at) -> std::uint32_t {
    return little ? u16(at) | u16(at + 2) << 16 : u16(at) << 16 | u16(at + 2);
  };
  if (u16(2) != 42) return 1;
  const std::size_t ifd = u32(4);
  if (ifd > len || len - ifd < 2) return 1;
  const std::size_t count = u16(ifd);
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t entry = ifd + 2 + i * 12;
    if (entry > len || len - entry < 12) return 1;
    if (u16(entry) != 0x0112) continue;
    if (u16(entry + 2) != 3 /* SHORT */ || u32(entry + 4) != 1) return 1;
    const std::uint32_t value = u16(entry + 8);
    return value >= 1 && value <= 8 ? static_cast<int>(value) : 1;
  }
  return 1;
}

// Decodes a JPEG as RGB, at the smallest libjpeg scale (n/8) whose longer side is still at least
// `max_side`. Sets the original dimensions and the EXIF orientation.
Outcome DecodeJpeg(std::string_view bytes, int max_side, RgbImage* out, int* original_width, int* original_height,
                   int* orientation) {
  jpeg_decompress_struct cinfo{};
  JpegErrorManager err;
  jpeg_progress_mgr progress{};
  std::vector<unsigned char> cmyk_row;
  cinfo.err = &err.pub;
  InstallErrorManager(&err);
  progress.progress_monitor = JpegProgress;
  if (setjmp(err.jump)) {
    // libjpeg itself refuses sides over 65500 before we get to look.
    const bool too_big = err.pub.msg_code == JERR_IMAGE_TOO_BIG;
    jpeg_destroy_decompress(&cinfo);
    return too_big ? Outcome::kTooLarge : Outcome::kCorrupt;
  }
  jpeg_create_decompress(&cinfo);
  cinfo.progress = &progress;
  jpeg_mem_src(&cinfo, reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<unsigned long>(bytes.size()));
  jpeg_save_markers(&cinfo, JPEG_APP0 + 1, 0xFFFF);
  jpeg_read_header(&cinfo, TRUE);

  if (!DimensionsAllowed(cinfo.image_width, cinfo.image_height)) {
    jpeg_destroy_decompress(&cinfo);
    return Outcome::kTooLarge;
  }
  *original_width = static_cast<int>(cinfo.image_width);
  *original_height = static_cast<int>(cinfo.image_height);
  *orientation = 1;
  for (jpeg_saved_marker_ptr m = cinfo.marker_list; m != nullptr; m = m->next) {
    if (m->marker == JPEG_APP0 + 1) {
      const int o = ExifOrientation(m->data, m->data_length);
      if (o != 1) {
        *orientation = o;
        break;
      }
    }
  }

  const bool cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
  cinfo.out_color_space = cmyk ? JCS_CMYK : JCS_RGB;
  cinfo.scale_denom = 8;
  for (unsigned int n = 1; n <= 8; ++n) {
    cinfo.scale_num = n;
    jpeg_calc_output_dimensions(&cinfo);
    if (std::max(cinfo.output_width, cinfo.output_height) >= static_cast<JDIMENSION>(max_side)) break;
  }
  jpeg_start_decompress(&cinfo);

  const std::size_t width = cinfo.output_width;
  const std::size_t height = cinfo.output_height;
  try {
    out->pixels.resize(width * height * 3);
    if (cmyk) cmyk_row.resize(width * 4);
  } catch (const std::bad_alloc&) {
    jpeg_destroy_decompress(&cinfo);
    return Outcome::kOutOfMemory;
  }
  out->width = static_cast<int>(width);
  out->height = static_cast<int>(height);
  // Photoshop writes CMYK inverted and says so with an Adobe marker.
  const bool inverted = cinfo.saw_Adobe_marker;
  while (cinfo.output_scanline < cinfo.output_height) {
    unsigned char* dest = out->pixels.data() + cinfo.output_scanline * width * 3;
    JSAMPROW row = cmyk ? cmyk_row.data() : dest;
    if (jpeg_read_scanlines(&cinfo, &row, 1) != 1) {
      jpeg_destroy_decompress(&cinfo);
      return Outcome::kCorrupt;
    }
    if (!cmyk) continue;
    for (std::size_t x = 0; x < width; ++x) {
      unsigned int c = cmyk_row[x * 4], m = cmyk_row[x * 4 + 1], y = cmyk_row[x * 4 + 2], k = cmyk_row[x * 4 + 3];
      if (!inverted) c = 255 - c, m = 255 - m, y = 255 - y, k = 255 - k;
      dest[x * 3] = static_cast<unsigned char>(c * k / 255);
      dest[x * 3 + 1] = static_cast<unsigned char>(m * k / 255);
      dest[x * 3 + 2] = static_cast<unsigned char>(y * k / 255);
    }
  }
  // No jpeg_finish_decompress: a file missing only its EOI marker is still a whole picture.
  jpeg_destroy_decompress(&cinfo);
  return Outcome::kOk;
}

// Reads the dimensions from the IHDR chunk, which the PNG format requires to come first.
bool PngHeaderDimensions(std::string_view bytes, long long* width, long long* height) {
  if (bytes.size() < 24 || bytes.substr(0, 8) != "\x89PNG\r\n\x1A\n" || bytes.substr(12, 4) != "IHDR") return false;
  auto be32 = [&](std::size_t at) {
    long long v = 0;
    for (std::size_t i = 0; i < 4; ++i) v = v << 8 | static_cast<unsigned char>(bytes[at + i]);
    return v;
  };
  *width = be32(16);
  *height = be32(20);
  return true;
}

// Decodes a PNG as RGB composited on white. libpng's simplified API catches its own errors.
Outcome DecodePng(std::string_view bytes, RgbImage* out) {
  long long header_width = 0;
  long long header_height = 0;
  if (!PngHeaderDimensions(bytes, &header_width, &header_height)) return Outcome::kCorrupt;
  if (!DimensionsAllowed(header_width, header_height)) return Outcome::kTooLarge;

  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&image, bytes.data(), bytes.size())) return Outcome::kCorrupt;
  if (image.width == 0 || image.height == 0 || !DimensionsAllowed(image.width, image.height)) {
    png_image_free(&image);
    return image.width == 0 || image.height == 0 ? Outcome::kCorrupt : Outcome::kTooLarge;
  }
  image.format = PNG_FORMAT_RGB;
  try {
    out->pixels.resize(PNG_IMAGE_SIZE(image));
  } catch (const std::bad_alloc&) {
    png_image_free(&image);
    return Outcome::kOutOfMemory;
  }
  const png_color white{255, 255, 255};
  // On failure png_image_finish_read frees the image itself.
  if (!png_image_finish_read(&image, &white, out->pixels.data(), 0, nullptr)) return Outcome::kCorrupt;
  out->width = static_cast<int>(image.width);
  out->height = static_cast<int>(image.height);
  return Outcome::kOk;
}

// Area-averages `src` down to `width` x `height` (each no larger than the source's).
RgbImage Downscale(RgbImage src, int width, int height) {
  if (src.width == width && src.height == height) return src;
  RgbImage dst{width, height, std::vector<unsigned char>(static_cast<std::size_t>(width) * height * 3)};
  std::vector<int> x_begin(width + 1);
  for (int x = 0; x <= width; ++x) x_begin[x] = static_cast<int>(static_cast<long long>(x) * src.width / width);
  std::vector<std::uint64_t> sums(static_cast<std::size_t>(width) * 3);
  for (int y = 0; y < height; ++y) {
    const int y0 = static_cast<int>(static_cast<long long>(y) * src.height / height);
    const int y1 = std::max(y0 + 1, static_cast<int>(static_cast<long long>(y + 1) * src.height / height));
    std::fill(sums.begin(), sums.end(), 0);
    for (int sy = y0; sy < y1; ++sy) {
      const unsigned char* row = src.pixels.data() + static_cast<std::size_t>(sy) * src.width * 3;
      for (int x = 0; x < width; ++x) {
        const int x1 = std::max(x_begin[x] + 1, x_begin[x + 1]);
        for (int sx = x_begin[x]; sx < x1; ++sx) {
          for (int c = 0; c < 3; ++c) sums[x * 3 + c] += row[sx * 3 + c];
        }
      }
    }
    unsigned char* out = dst.pixels.data() + static_cast<std::size_t>(y) * width * 3;
    for (int x = 0; x < width; ++x) {
      const std::uint64_t area = static_cast<std::uint64_t>(y1 - y0) *
                                 static_cast<std::uint64_t>(std::max(x_begin[x] + 1, x_begin[x + 1]) - x_begin[x]);
      for (int c = 0; c < 3; ++c) out[x * 3 + c] = static_cast<unsigned char>((sums[x * 3 + c] + area / 2) / area);
    }
  }
  return dst;
}

// Applies an EXIF orientation (1..8) so that the result is upright.
RgbImage Orient(RgbImage src, int orientation) {
  if (orientation <= 1 || orientation > 8) return src;
  const bool swap = orientation >= 5;
  const int w = src.width;
  const int h = src.height;
  RgbImage dst{swap ? h : w, swap ? w : h, std::vector<unsigned char>(src.pixels.size())};
  for (int sy = 0; sy < h; ++sy) {
    for (int sx = 0; sx < w; ++sx) {
      int dx = sx;
      int dy = sy;
      switch (orientation) {
        case 2: dx = w - 1 - sx; break;                   // mirrored
        case 3: dx = w - 1 - sx, dy = h - 1 - sy; break;  // upside down
        case 4: dy = h - 1 - sy; break;                   // mirrored upside down
        case 5: dx = sy, dy = sx; break;                  // transposed
        case 6: dx = h - 1 - sy, dy = sx; break;          // needs a quarter turn clockwise
        case 7: dx = h - 1 - sy, dy = w - 1 - sx; break;  // transversed
        case 8: dx = sy, dy = w - 1 - sx; break;          // needs a quarter turn anticlockwise
      }
      const unsigned char* p = src.pixels.data() + (static_cast<std::size_t>(sy) * w + sx) * 3;
      std::copy(p, p + 3, dst.pixels.data() + (static_cast<std::size_t>(dy) * dst.width + dx) * 3);
    }
  }
  return dst;
}

struct JpegOutput {
  unsigned char* buffer = nullptr;  // malloc'ed by libjpeg
  unsigned long size = 0;
};

Outcome EncodeJpeg(const RgbImage& image, std::string* out) {
  jpeg_compress_struct cinfo{};
  JpegErrorManager err;
  JpegOutput output;
  cinfo.err = &err.pub;
  InstallErrorManager(&err);
  if (setjmp(err.jump)) {
    jpeg_destroy_compress(&cinfo);
    std::free(output.buffer);
    return Outcome::kOutOfMemory;  // the input is ours, so only memory can run out
  }
  jpeg_create_compress(&cinfo);
  jpeg_mem_dest(&cinfo, &output.buffer, &output.size);
  cinfo.image_width = static_cast<JDIMENSION>(image.width);
  cinfo.image_height = static_cast<JDIMENSION>(image.height);
  cinfo.input_components = 3;
  cinfo.in_color_space = JCS_RGB;
  jpeg_set_defaults(&cinfo);
  jpeg_set_quality(&cinfo, kThumbnailQuality, TRUE);
  jpeg_start_compress(&cinfo, TRUE);
  while (cinfo.next_scanline < cinfo.image_height) {
    auto row =
        const_cast<JSAMPROW>(image.pixels.data() + static_cast<std::size_t>(cinfo.next_scanline) * image.width * 3);
    jpeg_write_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_compress(&cinfo);
  jpeg_destroy_compress(&cinfo);
  try {
    out->assign(reinterpret_cast<const char*>(output.buffer), output.size);
  } catch (const std::bad_alloc&) {
    std::free(output.buffer);
    return Outcome::kOutOfMemory;
  }
  std::free(output.buffer);
  return Outcome::kOk;
}

// The thumbnail size for a `width` x `height` image: longer side `max_side`, never enlarged.
void TargetSize(int width, int height, int max_side, int* target_width, int* target_height) {
  const long long longer = std::max(width, height);
  if (longer <= max_side) {
    *target_width = width;
    *target_height = height;
    return;
  }
  *target_width = static_cast<int>(std::max(1LL, (width * static_cast<long long>(max_side) + longer / 2) / longer));
  *target_height = static_cast<int>(std::max(1LL, (height * static_cast<long long>(max_side) + longer / 2) / longer));
}

}  // namespace

core::Result<std::string> MakeThumbnail(std::string_view bytes, FileType type, int max_side) {
  if (max_side < 1) return core::Fail(core::Status::Internal("MakeThumbnail: max_side must be positive"));
  if (type != FileType::kJpeg && type != FileType::kPng) {
    return core::Fail(core::Status::Invalid("file", "thumbnail_unsupported"));
  }
  try {
    RgbImage decoded;
    int width = 0;
    int height = 0;
    int orientation = 1;
    Outcome outcome;
    if (type == FileType::kJpeg) {
      outcome = DecodeJpeg(bytes, max_side, &decoded, &width, &height, &orientation);
    } else {
      outcome = DecodePng(bytes, &decoded);
      width = decoded.width;
      height = decoded.height;
    }
    if (outcome != Outcome::kOk) return core::Fail(StatusFor(outcome));

    int target_width = 0;
    int target_height = 0;
    TargetSize(width, height, max_side, &target_width, &target_height);
    // A JPEG decoded at a reduced scale is at least as large as the target, rounding aside.
    target_width = std::min(target_width, decoded.width);
    target_height = std::min(target_height, decoded.height);
    RgbImage thumbnail = Orient(Downscale(std::move(decoded), target_width, target_height), orientation);

    std::string jpeg;
    outcome = EncodeJpeg(thumbnail, &jpeg);
    if (outcome != Outcome::kOk) return core::Fail(StatusFor(outcome));
    return jpeg;
  } catch (const std::bad_alloc&) {
    return core::Fail(StatusFor(Outcome::kOutOfMemory));
  }
}

}  // namespace gongjian::io
