#include "io/content_type.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/utf8.h"

namespace gongjian::io {
namespace {

constexpr std::size_t kMaxFilenameBytes = 200;
// Bounds the work spent walking a hostile ZIP; real Office files name their parts early.
constexpr int kMaxZipEntries = 4096;

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

std::uint16_t Le16(std::string_view s, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(s[at]) | static_cast<unsigned char>(s[at + 1]) << 8);
}

std::uint32_t Le32(std::string_view s, std::size_t at) {
  return static_cast<std::uint32_t>(Le16(s, at)) | static_cast<std::uint32_t>(Le16(s, at + 2)) << 16;
}

std::optional<FileType> ZipEntryType(std::string_view name) {
  if (StartsWith(name, "word/")) return FileType::kDocx;
  if (StartsWith(name, "xl/")) return FileType::kXlsx;
  if (StartsWith(name, "ppt/")) return FileType::kPptx;
  if (StartsWith(name, "Doc_0/") || name == "OFD.xml") return FileType::kOfd;
  return std::nullopt;
}

// Walks the local file headers and classifies the archive by the first entry name that says
// which kind of document it is. When an entry's size is not in its header (streamed with a
// data descriptor, or ZIP64), searches forward for the next local header signature instead.
std::optional<FileType> SniffZip(std::string_view bytes) {
  constexpr std::string_view kLocalHeader("PK\x03\x04", 4);
  constexpr std::size_t kHeaderSize = 30;
  std::size_t pos = 0;
  for (int entries = 0; entries < kMaxZipEntries; ++entries) {
    if (pos > bytes.size() || bytes.size() - pos < kHeaderSize) return std::nullopt;
    if (bytes.substr(pos, 4) != kLocalHeader) return std::nullopt;
    const std::uint32_t compressed = Le32(bytes, pos + 18);
    const std::size_t name_len = Le16(bytes, pos + 26);
    const std::size_t extra_len = Le16(bytes, pos + 28);
    const std::size_t name_at = pos + kHeaderSize;
    if (bytes.size() - name_at < name_len) return std::nullopt;
    if (auto type = ZipEntryType(bytes.substr(name_at, name_len))) return type;

    const std::size_t data_at = name_at + name_len + extra_len;  // cannot overflow: < 2^17 added
    const std::size_t next = data_at + compressed;
    if (next <= bytes.size() && bytes.substr(next, 4) == kLocalHeader) {
      pos = next;
      continue;
    }
    // The size was wrong or absent, or this was the last entry (the central directory follows).
    const std::size_t found = bytes.find(kLocalHeader, name_at);
    if (found == std::string_view::npos) return std::nullopt;
    pos = found;
  }
  return std::nullopt;
}

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool FilenameValid(std::string_view name) {
  if (name.empty() || name.size() > kMaxFilenameBytes) return false;
  for (char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7F || c == '/' || c == '\\') return false;
  }
  return core::IsValidUtf8(name);
}

struct AcceptedExtension {
  std::string_view extension;
  FileType type;
};

constexpr std::array<AcceptedExtension, 12> kAccepted = {{
    {"jpg", FileType::kJpeg},
    {"jpeg", FileType::kJpeg},
    {"png", FileType::kPng},
    {"webp", FileType::kWebp},
    {"pdf", FileType::kPdf},
    {"ofd", FileType::kOfd},
    {"docx", FileType::kDocx},
    {"xlsx", FileType::kXlsx},
    {"pptx", FileType::kPptx},
    {"doc", FileType::kDoc},
    {"xls", FileType::kXls},
    {"dwg", FileType::kDwg},
}};

core::Status Unsupported() { return core::Status::Invalid("file", "file_type_unsupported"); }

}  // namespace

std::optional<FileType> SniffFileType(std::string_view bytes) {
  if (StartsWith(bytes, "\xFF\xD8\xFF")) return FileType::kJpeg;
  if (StartsWith(bytes, "\x89PNG\r\n\x1A\n")) return FileType::kPng;
  if (bytes.size() >= 12 && StartsWith(bytes, "RIFF") && bytes.substr(8, 4) == "WEBP") return FileType::kWebp;
  if (StartsWith(bytes, "%PDF-")) return FileType::kPdf;
  if (StartsWith(bytes, std::string_view("PK\x03\x04", 4))) return SniffZip(bytes);
  if (StartsWith(bytes, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) return FileType::kDoc;
  // AutoCAD drawings begin with a version string: "AC1009" (R12) up to "AC1032" (2018+).
  if (bytes.size() >= 6 && StartsWith(bytes, "AC10") && IsAsciiDigit(bytes[4]) && IsAsciiDigit(bytes[5])) {
    return FileType::kDwg;
  }
  return std::nullopt;
}

core::Result<FileType> CheckUpload(std::string_view filename, std::string_view bytes) {
  if (!FilenameValid(filename)) return core::Fail(core::Status::Invalid("filename", "filename_invalid"));
  if (bytes.empty()) return core::Fail(core::Status::Invalid("file", "file_empty"));

  const std::size_t dot = filename.rfind('.');
  if (dot == std::string_view::npos) return core::Fail(Unsupported());
  std::string extension(filename.substr(dot + 1));
  for (char& c : extension) c = AsciiLower(c);
  std::optional<FileType> claimed;
  for (const auto& accepted : kAccepted) {
    if (accepted.extension == extension) claimed = accepted.type;
  }
  if (!claimed) return core::Fail(Unsupported());

  const std::optional<FileType> detected = SniffFileType(bytes);
  if (!detected) return core::Fail(Unsupported());
  // OLE2 is sniffed as kDoc; the extension decides between Word and Excel.
  if (*detected == FileType::kDoc && (*claimed == FileType::kDoc || *claimed == FileType::kXls)) return *claimed;
  if (*detected != *claimed) {
    return core::Fail(
        core::Status::Invalid("file", "file_type_mismatch", {std::move(extension), std::string(Extension(*detected))}));
  }
  return *claimed;
}

std::string_view MimeType(FileType type) {
  switch (type) {
    case FileType::kJpeg: return "image/jpeg";
    case FileType::kPng: return "image/png";
    case FileType::kWebp: return "image/webp";
    case FileType::kPdf: return "application/pdf";
    case FileType::kOfd: return "application/ofd";
    case FileType::kDocx: return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    case FileType::kXlsx: return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    case FileType::kPptx: return "application/vnd.openxmlformats-officedocument.presentationml.presentation";
    case FileType::kDoc: return "application/msword";
    case FileType::kXls: return "application/vnd.ms-excel";
    case FileType::kDwg: return "image/vnd.dwg";
  }
  return "application/octet-stream";
}

std::string_view Extension(FileType type) {
  switch (type) {
    case FileType::kJpeg: return "jpg";
    case FileType::kPng: return "png";
    case FileType::kWebp: return "webp";
    case FileType::kPdf: return "pdf";
    case FileType::kOfd: return "ofd";
    case FileType::kDocx: return "docx";
    case FileType::kXlsx: return "xlsx";
    case FileType::kPptx: return "pptx";
    case FileType::kDoc: return "doc";
    case FileType::kXls: return "xls";
    case FileType::kDwg: return "dwg";
  }
  return "bin";
}

bool IsImage(FileType type) { return type == FileType::kJpeg || type == FileType::kPng || type == FileType::kWebp; }

}  // namespace gongjian::io
