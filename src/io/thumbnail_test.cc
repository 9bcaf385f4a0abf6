#include "io/thumbnail.h"

#include <gtest/gtest.h>
// clang-format off
#include <stdio.h>  // jpeglib.h uses FILE and size_t without declaring them
#include <jpeglib.h>
// clang-format on
#include <png.h>

#include <csetjmp>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <random>
#include <string>
#include <vector>

namespace gongjian::io {
namespace {

struct Rgb {
  unsigned char r, g, b;
};

using PixelFn = std::function<Rgb(int x, int y)>;

Rgb Gradient(int x, int y) { return {static_cast<unsigned char>(x), static_cast<unsigned char>(y), 128}; }

struct TestJpegError {
  jpeg_error_mgr pub;
  std::jmp_buf jump;
};

[[noreturn]] void TestJpegErrorExit(j_common_ptr cinfo) {
  std::longjmp(reinterpret_cast<TestJpegError*>(cinfo->err)->jump, 1);
}

struct JpegOptions {
  bool progressive = false;
  bool cmyk = false;  // the pixel function's r, g, b become C, M, Y with K = 255 (Adobe, inverted)
  std::string app1;   // written as an APP1 marker when not empty
};

std::string EncodeJpeg(int width, int height, const PixelFn& pixel, const JpegOptions& options = {}) {
  jpeg_compress_struct cinfo{};
  jpeg_error_mgr err;
  cinfo.err = jpeg_std_error(&err);  // the inputs are ours; an error here is a broken test
  jpeg_create_compress(&cinfo);
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&cinfo, &buffer, &size);
  cinfo.image_width = width;
  cinfo.image_height = height;
  cinfo.input_components = options.cmyk ? 4 : 3;
  cinfo.in_color_space = options.cmyk ? JCS_CMYK : JCS_RGB;
  jpeg_set_defaults(&cinfo);
  jpeg_set_quality(&cinfo, 95, TRUE);
  if (options.progressive) jpeg_simple_progression(&cinfo);
  jpeg_start_compress(&cinfo, TRUE);
  if (!options.app1.empty()) {
    jpeg_write_marker(&cinfo, JPEG_APP0 + 1, reinterpret_cast<const JOCTET*>(options.app1.data()),
                      static_cast<unsigned int>(options.app1.size()));
  }
  std::vector<unsigned char> row(static_cast<std::size_t>(width) * cinfo.input_components);
  while (cinfo.next_scanline < cinfo.image_height) {
    for (int x = 0; x < width; ++x) {
      const Rgb p = pixel(x, static_cast<int>(cinfo.next_scanline));
      unsigned char* out = &row[static_cast<std::size_t>(x) * cinfo.input_components];
      out[0] = p.r, out[1] = p.g, out[2] = p.b;
      if (options.cmyk) out[3] = 255;
    }
    JSAMPROW rows[] = {row.data()};
    jpeg_write_scanlines(&cinfo, rows, 1);
  }
  jpeg_finish_compress(&cinfo);
  jpeg_destroy_compress(&cinfo);
  std::string out(reinterpret_cast<char*>(buffer), size);
  std::free(buffer);
  return out;
}

struct Decoded {
  bool ok = false;
  int width = 0;
  int height = 0;
  bool progressive = false;
  std::vector<unsigned char> rgb;
  Rgb At(int x, int y) const {
    const unsigned char* p = &rgb[(static_cast<std::size_t>(y) * width + x) * 3];
    return {p[0], p[1], p[2]};
  }
};

Decoded DecodeJpeg(const std::string& bytes) {
  Decoded d;
  jpeg_decompress_struct cinfo{};
  TestJpegError err;
  cinfo.err = jpeg_std_error(&err.pub);
  err.pub.error_exit = TestJpegErrorExit;
  if (setjmp(err.jump)) {
    jpeg_destroy_decompress(&cinfo);
    d.ok = false;
    return d;
  }
  jpeg_create_decompress(&cinfo);
  jpeg_mem_src(&cinfo, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  jpeg_read_header(&cinfo, TRUE);
  cinfo.out_color_space = JCS_RGB;
  jpeg_start_decompress(&cinfo);
  d.width = static_cast<int>(cinfo.output_width);
  d.height = static_cast<int>(cinfo.output_height);
  d.progressive = cinfo.progressive_mode;
  d.rgb.resize(static_cast<std::size_t>(d.width) * d.height * 3);
  while (cinfo.output_scanline < cinfo.output_height) {
    JSAMPROW rows[] = {&d.rgb[static_cast<std::size_t>(cinfo.output_scanline) * d.width * 3]};
    jpeg_read_scanlines(&cinfo, rows, 1);
  }
  jpeg_finish_decompress(&cinfo);
  jpeg_destroy_decompress(&cinfo);
  d.ok = true;
  return d;
}

// Encodes raw pixels in a libpng simplified-API format (PNG_FORMAT_*).
std::string EncodePng(int width, int height, png_uint_32 format, const std::vector<unsigned char>& pixels,
                      const std::vector<unsigned char>& colormap = {}) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  image.width = width;
  image.height = height;
  image.format = format;
  image.colormap_entries = static_cast<png_uint_32>(colormap.size() / PNG_IMAGE_SAMPLE_CHANNELS(format));
  png_alloc_size_t size = 0;
  const void* map = colormap.empty() ? nullptr : colormap.data();
  EXPECT_TRUE(png_image_write_to_memory(&image, nullptr, &size, 0, pixels.data(), 0, map)) << image.message;
  std::string out(size, '\0');
  EXPECT_TRUE(png_image_write_to_memory(&image, out.data(), &size, 0, pixels.data(), 0, map)) << image.message;
  out.resize(size);
  return out;
}

std::string EncodeRgbPng(int width, int height, const PixelFn& pixel) {
  std::vector<unsigned char> rgb;
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const Rgb p = pixel(x, y);
      rgb.insert(rgb.end(), {p.r, p.g, p.b});
    }
  }
  return EncodePng(width, height, PNG_FORMAT_RGB, rgb);
}

std::uint32_t Crc32(const std::string& bytes) {
  std::uint32_t crc = 0xFFFFFFFF;
  for (unsigned char b : bytes) {
    crc ^= b;
    for (int i = 0; i < 8; ++i) crc = (crc >> 1) ^ (0xEDB88320 & (0 - (crc & 1)));
  }
  return ~crc;
}

std::string Be32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}

// A PNG signature and a well-formed IHDR chunk claiming `width` x `height`, and nothing else.
std::string PngHeader(std::uint32_t width, std::uint32_t height) {
  const std::string ihdr = "IHDR" + Be32(width) + Be32(height) + std::string("\x08\x02\x00\x00\x00", 5);
  return std::string("\x89PNG\r\n\x1A\n", 8) + Be32(13) + ihdr + Be32(Crc32(ihdr));
}

// Rewrites the dimensions in a JPEG's SOF0 frame header.
std::string WithJpegDimensions(std::string jpeg, std::uint16_t width, std::uint16_t height) {
  const std::size_t sof = jpeg.find("\xFF\xC0");
  EXPECT_NE(sof, std::string::npos);
  jpeg[sof + 5] = static_cast<char>(height >> 8), jpeg[sof + 6] = static_cast<char>(height);
  jpeg[sof + 7] = static_cast<char>(width >> 8), jpeg[sof + 8] = static_cast<char>(width);
  return jpeg;
}

// An EXIF APP1 payload (big-endian TIFF) holding only an orientation tag.
std::string ExifOrientation(int orientation) {
  std::string s("Exif\0\0MM\0\x2A\0\0\0\x08", 14);
  s += std::string("\0\x01", 2);                    // one IFD entry
  s += std::string("\x01\x12\0\x03\0\0\0\x01", 8);  // Orientation, SHORT, count 1
  s += std::string(1, '\0') + static_cast<char>(orientation) + std::string(2, '\0');
  s += std::string(4, '\0');  // no next IFD
  return s;
}

void ExpectNear(Rgb actual, Rgb expected, int tolerance, const char* what) {
  EXPECT_NEAR(actual.r, expected.r, tolerance) << what;
  EXPECT_NEAR(actual.g, expected.g, tolerance) << what;
  EXPECT_NEAR(actual.b, expected.b, tolerance) << what;
}

void ExpectError(const core::Result<std::string>& r, const std::string& key) {
  ASSERT_FALSE(r.has_value()) << "expected " << key;
  EXPECT_EQ(r.error().code(), core::Code::kInvalidArgument);
  EXPECT_EQ(r.error().field(), "file");
  EXPECT_EQ(r.error().key(), key);
}

TEST(MakeThumbnailTest, JpegShrinksToMaxSideKeepingAspectRatio) {
  auto thumb = MakeThumbnail(EncodeJpeg(1000, 500, Gradient), FileType::kJpeg);
  ASSERT_TRUE(thumb.has_value()) << thumb.error().ToString();
  const Decoded d = DecodeJpeg(*thumb);
  ASSERT_TRUE(d.ok);
  EXPECT_EQ(d.width, 320);
  EXPECT_EQ(d.height, 160);
  EXPECT_FALSE(d.progressive);
}

TEST(MakeThumbnailTest, PngShrinksToMaxSideKeepingAspectRatio) {
  auto thumb = MakeThumbnail(EncodeRgbPng(300, 900, Gradient), FileType::kPng);
  ASSERT_TRUE(thumb.has_value()) << thumb.error().ToString();
  const Decoded d = DecodeJpeg(*thumb);
  ASSERT_TRUE(d.ok);
  EXPECT_EQ(d.width, 107);  // 300 * 320 / 900 = 106.7
  EXPECT_EQ(d.height, 320);
}

TEST(MakeThumbnailTest, LargeJpegIsDecodedAtReducedScaleAndStillExact) {
  const auto quadrants = [](int x, int y) {
    return x < 2000 ? (y < 1500 ? Rgb{255, 0, 0} : Rgb{0, 0, 255}) : (y < 1500 ? Rgb{0, 255, 0} : Rgb{255, 255, 255});
  };
  auto thumb = MakeThumbnail(EncodeJpeg(4000, 3000, quadrants), FileType::kJpeg, 200);
  ASSERT_TRUE(thumb.has_value()) << thumb.error().ToString();
  const Decoded d = DecodeJpeg(*thumb);
  ASSERT_TRUE(d.ok);
  EXPECT_EQ(d.width, 200);
  EXPECT_EQ(d.height, 150);
  ExpectNear(d.At(50, 37), {255, 0, 0}, 12, "top left");
  ExpectNear(d.At(150, 37), {0, 255, 0}, 12, "top right");
  ExpectNear(d.At(50, 112), {0, 0, 255}, 12, "bottom left");
  ExpectNear(d.At(150, 112), {255, 255, 255}, 12, "bottom right");
}

TEST(MakeThumbnailTest, SmallImagesAreNotEnlarged) {
  auto thumb = MakeThumbnail(EncodeJpeg(100, 40, Gradient), FileType::kJpeg);
  ASSERT_TRUE(thumb.has_value()) << thumb.error().ToString();
  const Decoded d = DecodeJpeg(*thumb);
  EXPECT_EQ(d.width, 100);
  EXPECT_EQ(d.height, 40);
}

TEST(MakeThumbnailTest, ProgressiveAndCmykJpegsAreDecoded) {
  auto progressive = MakeThumbnail(EncodeJpeg(640, 480, Gradient, {.progressive = true}), FileType::kJpeg);
  ASSERT_TRUE(progressive.has_value()) << progressive.error().ToString();
  EXPECT_EQ(DecodeJpeg(*progressive).width, 320);

  // Adobe CMYK is stored inverted: C=255 M=0 Y=0 K=255 means full magenta and yellow, i.e. red.
  const auto red = [](int, int) { return Rgb{255, 0, 0}; };
  auto cmyk = MakeThumbnail(EncodeJpeg(64, 64, red, {.cmyk = true}), FileType::kJpeg);
  ASSERT_TRUE(cmyk.has_value()) << cmyk.error().ToString();
  const Decoded d = DecodeJpeg(*cmyk);
  ASSERT_TRUE(d.ok);
  ExpectNear(d.At(32, 32), {255, 0, 0}, 12, "cmyk red");
}

TEST(MakeThumbnailTest, ExifOrientationIsAppliedSoTheThumbnailIsUpright) {
  // Stored sideways: left half red, right half blue; orientation 6 asks for a clockwise turn.
  const auto halves = [](int x, int) { return x < 100 ? Rgb{255, 0, 0} : Rgb{0, 0, 255}; };
  auto thumb = MakeThumbnail(EncodeJpeg(200, 100, halves, {.app1 = ExifOrientation(6)}), FileType::kJpeg);
  ASSERT_TRUE(thumb.has_value()) << thumb.error().ToString();
  const Decoded d = DecodeJpeg(*thumb);
  ASSERT_TRUE(d.ok);
  EXPECT_EQ(d.width, 100);
  EXPECT_EQ(d.height, 200);
  ExpectNear(d.At(50, 40), {255, 0, 0}, 12, "top");
  ExpectNear(d.At(50, 160), {0, 0, 255}, 12, "bottom");
}

TEST(MakeThumbnailTest, TransparentPngIsCompositedOnWhite) {
  // Left half fully transparent black, right half opaque black.
  std::vector<unsigned char> rgba;
  for (int y = 0; y < 50; ++y) {
    for (int x = 0; x < 100; ++x) rgba.insert(rgba.end(), {0, 0, 0, static_cast<unsigned char>(x < 50 ? 0 : 255)});
  }
  auto thumb = MakeThumbnail(EncodePng(100, 50, PNG_FORMAT_RGBA, rgba), FileType::kPng);
  ASSERT_TRUE(thumb.has_value()) << thumb.error().ToString();
  const Decoded d = DecodeJpeg(*thumb);
  ASSERT_TRUE(d.ok);
  ExpectNear(d.At(20, 25), {255, 255, 255}, 8, "transparent");
  ExpectNear(d.At(80, 25), {0, 0, 0}, 8, "opaque");
}

TEST(MakeThumbnailTest, PalettedAndGreyPngsAreDecoded) {
  // Palette: entry 0 transparent, entry 1 opaque green.
  const std::vector<unsigned char> colormap = {0, 0, 0, 0, 0, 255, 0, 255};
  std::vector<unsigned char> indices(400 * 100);
  for (std::size_t i = 0; i < indices.size(); ++i) indices[i] = (i % 400) < 200 ? 0 : 1;
  auto paletted = MakeThumbnail(EncodePng(400, 100, PNG_FORMAT_RGBA_COLORMAP, indices, colormap), FileType::kPng);
  ASSERT_TRUE(paletted.has_value()) << paletted.error().ToString();
  const Decoded p = DecodeJpeg(*paletted);
  EXPECT_EQ(p.width, 320);
  EXPECT_EQ(p.height, 80);
  ExpectNear(p.At(60, 40), {255, 255, 255}, 8, "transparent entry");
  ExpectNear(p.At(260, 40), {0, 255, 0}, 12, "green entry");

  std::vector<unsigned char> grey(50 * 50, 100);
  auto grey_thumb = MakeThumbnail(EncodePng(50, 50, PNG_FORMAT_GRAY, grey), FileType::kPng);
  ASSERT_TRUE(grey_thumb.has_value()) << grey_thumb.error().ToString();
  const Decoded g = DecodeJpeg(*grey_thumb);
  ExpectNear(g.At(25, 25), {100, 100, 100}, 4, "grey");
}

TEST(MakeThumbnailTest, TruncatedImagesAreCorrupt) {
  const std::string jpeg = EncodeJpeg(1000, 500, Gradient);
  ExpectError(MakeThumbnail(jpeg.substr(0, jpeg.size() / 2), FileType::kJpeg), "image_corrupt");
  ExpectError(MakeThumbnail(jpeg.substr(0, 200), FileType::kJpeg), "image_corrupt");
  const std::string progressive = EncodeJpeg(640, 480, Gradient, {.progressive = true});
  ExpectError(MakeThumbnail(progressive.substr(0, progressive.size() * 3 / 4), FileType::kJpeg), "image_corrupt");
  const std::string png = EncodeRgbPng(300, 200, Gradient);
  ExpectError(MakeThumbnail(png.substr(0, png.size() / 2), FileType::kPng), "image_corrupt");
  ExpectError(MakeThumbnail(png.substr(0, 20), FileType::kPng), "image_corrupt");
}

TEST(MakeThumbnailTest, ContentOfTheWrongTypeIsCorrupt) {
  ExpectError(MakeThumbnail(EncodeRgbPng(10, 10, Gradient), FileType::kJpeg), "image_corrupt");
  ExpectError(MakeThumbnail(EncodeJpeg(10, 10, Gradient), FileType::kPng), "image_corrupt");
  ExpectError(MakeThumbnail("", FileType::kJpeg), "image_corrupt");
  ExpectError(MakeThumbnail("", FileType::kPng), "image_corrupt");
}

TEST(MakeThumbnailTest, ProgressiveJpegWithEndlessScansIsRefused) {
  // Repeating the first scan (DC, first pass) is legal enough to decode, and each repeat costs a
  // pass over the image.
  const std::string jpeg = EncodeJpeg(64, 64, Gradient, {.progressive = true});
  const std::size_t first_scan = jpeg.find("\xFF\xDA");
  const std::size_t second_scan = jpeg.find("\xFF\xDA", first_scan + 2);
  ASSERT_NE(second_scan, std::string::npos);
  const std::string scan = jpeg.substr(first_scan, second_scan - first_scan);
  const auto with_repeats = [&](int n) {
    std::string out = jpeg.substr(0, second_scan);
    for (int i = 0; i < n; ++i) out += scan;
    return out + jpeg.substr(second_scan);
  };
  EXPECT_TRUE(MakeThumbnail(with_repeats(20), FileType::kJpeg).has_value());
  ExpectError(MakeThumbnail(with_repeats(200), FileType::kJpeg), "image_corrupt");
}

TEST(MakeThumbnailTest, OversizedHeadersAreRefusedBeforeDecoding) {
  ExpectError(MakeThumbnail(PngHeader(30000, 30000), FileType::kPng), "image_too_large");
  ExpectError(MakeThumbnail(PngHeader(20001, 10), FileType::kPng), "image_too_large");
  ExpectError(MakeThumbnail(PngHeader(8000, 8000), FileType::kPng), "image_too_large");  // 64 megapixels
  const std::string jpeg = EncodeJpeg(16, 16, Gradient);
  ExpectError(MakeThumbnail(WithJpegDimensions(jpeg, 30000, 30000), FileType::kJpeg), "image_too_large");
  ExpectError(MakeThumbnail(WithJpegDimensions(jpeg, 8000, 8000), FileType::kJpeg), "image_too_large");
  ExpectError(MakeThumbnail(WithJpegDimensions(jpeg, 65535, 1), FileType::kJpeg), "image_too_large");
}

TEST(MakeThumbnailTest, OnlyJpegAndPngAreSupported) {
  for (FileType type : {FileType::kWebp, FileType::kPdf, FileType::kDocx, FileType::kDwg}) {
    ExpectError(MakeThumbnail("RIFF\x10\x00\x00\x00WEBPVP8 ", type), "thumbnail_unsupported");
  }
}

TEST(MakeThumbnailTest, NonPositiveMaxSideIsAProgrammerError) {
  auto r = MakeThumbnail(EncodeJpeg(10, 10, Gradient), FileType::kJpeg, 0);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), core::Code::kInternal);
}

TEST(MakeThumbnailTest, ArbitraryAndMutatedInputNeverCrashes) {
  std::mt19937 rng(20240611);
  const std::string jpeg = EncodeJpeg(48, 32, Gradient);
  const std::string progressive = EncodeJpeg(48, 32, Gradient, {.progressive = true});
  const std::string png = EncodeRgbPng(48, 32, Gradient);
  const std::string seeds[] = {jpeg, progressive, png};
  int decoded = 0;
  for (int i = 0; i < 1500; ++i) {
    std::string bytes;
    if (i % 4 == 0) {
      bytes.resize(rng() % 2048);
      for (char& c : bytes) c = static_cast<char>(rng());
      if (i % 8 == 0 && bytes.size() >= 8) bytes.replace(0, 3, "\xFF\xD8\xFF");
    } else {
      bytes = seeds[i % 3];
      const int flips = 1 + static_cast<int>(rng() % 8);
      for (int f = 0; f < flips; ++f) bytes[rng() % bytes.size()] = static_cast<char>(rng());
      if (rng() % 4 == 0) bytes.resize(rng() % bytes.size());
    }
    for (FileType type : {FileType::kJpeg, FileType::kPng}) {
      auto r = MakeThumbnail(bytes, type, 1 + static_cast<int>(rng() % 64));
      if (r.has_value()) {
        ++decoded;
        EXPECT_TRUE(DecodeJpeg(*r).ok);
      } else {
        EXPECT_TRUE(r.error().key() == "image_corrupt" || r.error().key() == "image_too_large") << r.error().ToString();
      }
    }
  }
  EXPECT_GT(decoded, 0);  // the mutations are not so harsh that nothing decodes
}

}  // namespace
}  // namespace gongjian::io
