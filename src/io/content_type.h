#pragma once

#include <optional>
#include <string_view>

#include "core/status.h"

namespace gongjian::io {

// The file types an upload may have. kDoc and kXls share one container format (OLE2).
enum class FileType { kJpeg, kPng, kWebp, kPdf, kOfd, kDocx, kXlsx, kPptx, kDoc, kXls, kDwg };

// Identifies `bytes` by their content alone (magic numbers; for ZIP containers, the names in
// the local file headers). OLE2 content is reported as kDoc, since .doc and .xls cannot be told
// apart cheaply. Returns nullopt for anything else, including executables, scripts, ZIP files
// that are not Office or OFD documents, and empty input. Never reads past `bytes`.
std::optional<FileType> SniffFileType(std::string_view bytes);

// Decides whether an upload named `filename` with content `bytes` is accepted, and as what.
// The name's extension (case-insensitive: jpg/jpeg, png, webp, pdf, ofd, docx, xlsx, pptx, doc,
// xls, dwg) must be accepted and must agree with the sniffed content; OLE2 content is returned
// as kDoc or kXls according to the extension. Failures (all kInvalidArgument):
//   field "filename", key "filename_invalid": name empty, longer than 200 bytes, not UTF-8, or
//     containing '/', '\\', NUL or another control character;
//   field "file", key "file_empty": no bytes;
//   field "file", key "file_type_unsupported": extension not accepted, or content not recognised;
//   field "file", key "file_type_mismatch", args {extension as given (lower case), extension of
//     the detected type}: both accepted but they disagree, e.g. a PNG named .jpg.
core::Result<FileType> CheckUpload(std::string_view filename, std::string_view bytes);

// The MIME type to serve a file of `type` with, e.g. "image/jpeg". Static storage.
std::string_view MimeType(FileType type);

// The canonical lower-case extension without the dot, e.g. "jpg". Static storage.
std::string_view Extension(FileType type);

// True for the raster image types browsers show inline: JPEG, PNG and WebP. (MakeThumbnail
// handles only JPEG and PNG.)
bool IsImage(FileType type);

}  // namespace gongjian::io
