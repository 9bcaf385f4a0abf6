#include "io/content_type.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace gongjian::io {
namespace {

using namespace std::string_literals;

const std::string kJpeg = "\xFF\xD8\xFF\xE0\x00\x10JFIF\x00"s;
const std::string kPng = "\x89PNG\r\n\x1A\n\x00\x00\x00\x0DIHDR"s;
const std::string kWebp = "RIFF\x24\x00\x00\x00WEBPVP8 "s;
const std::string kPdf = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"s;
const std::string kOle2 = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00\x00\x00"s;
const std::string kDwg = "AC1032\x00\x00\x00\x00\x00"s;

void PutLe16(std::string* out, std::uint16_t v) {
  out->push_back(static_cast<char>(v & 0xFF));
  out->push_back(static_cast<char>(v >> 8));
}

void PutLe32(std::string* out, std::uint32_t v) {
  PutLe16(out, static_cast<std::uint16_t>(v & 0xFFFF));
  PutLe16(out, static_cast<std::uint16_t>(v >> 16));
}

struct ZipEntry {
  std::string name;
  std::string data;
  bool streamed = false;  // sizes left out of the local header, as streaming writers do
};

// A ZIP archive with stored entries and a (minimal) central directory, enough for the sniffer.
std::string Zip(const std::vector<ZipEntry>& entries) {
  std::string out;
  for (const auto& e : entries) {
    out += "PK\x03\x04"s;
    PutLe16(&out, 20);                       // version needed
    PutLe16(&out, e.streamed ? 0x0008 : 0);  // flags: data descriptor follows
    PutLe16(&out, 0);                        // stored
    PutLe32(&out, 0);                        // time, date
    PutLe32(&out, 0);                        // crc (not checked by the sniffer)
    PutLe32(&out, e.streamed ? 0 : static_cast<std::uint32_t>(e.data.size()));
    PutLe32(&out, e.streamed ? 0 : static_cast<std::uint32_t>(e.data.size()));
    PutLe16(&out, static_cast<std::uint16_t>(e.name.size()));
    PutLe16(&out, 0);
    out += e.name;
    out += e.data;
    if (e.streamed) {
      out += "PK\x07\x08"s;
      PutLe32(&out, 0);
      PutLe32(&out, static_cast<std::uint32_t>(e.data.size()));
      PutLe32(&out, static_cast<std::uint32_t>(e.data.size()));
    }
  }
  out += "PK\x01\x02"s + std::string(42, '\0');
  out += "PK\x05\x06"s + std::string(18, '\0');
  return out;
}

std::string Docx() {
  return Zip({{"[Content_Types].xml", "<Types/>"}, {"_rels/.rels", "<Relationships/>"}, {"word/document.xml", "<w/>"}});
}
std::string Xlsx() { return Zip({{"[Content_Types].xml", "<Types/>"}, {"xl/workbook.xml", "<x/>"}}); }
std::string Pptx() { return Zip({{"[Content_Types].xml", "<Types/>"}, {"ppt/presentation.xml", "<p/>"}}); }
std::string Ofd() { return Zip({{"OFD.xml", "<ofd:OFD/>"}, {"Doc_0/Document.xml", "<d/>"}}); }

TEST(SniffFileTypeTest, RecognisesEachTypeByItsMagicNumber) {
  EXPECT_EQ(SniffFileType(kJpeg), FileType::kJpeg);
  EXPECT_EQ(SniffFileType(kPng), FileType::kPng);
  EXPECT_EQ(SniffFileType(kWebp), FileType::kWebp);
  EXPECT_EQ(SniffFileType(kPdf), FileType::kPdf);
  EXPECT_EQ(SniffFileType(kOle2), FileType::kDoc);
  EXPECT_EQ(SniffFileType(kDwg), FileType::kDwg);
  EXPECT_EQ(SniffFileType("AC1015"), FileType::kDwg);
}

TEST(SniffFileTypeTest, TellsOfficeAndOfdContainersApartByEntryNames) {
  EXPECT_EQ(SniffFileType(Docx()), FileType::kDocx);
  EXPECT_EQ(SniffFileType(Xlsx()), FileType::kXlsx);
  EXPECT_EQ(SniffFileType(Pptx()), FileType::kPptx);
  EXPECT_EQ(SniffFileType(Ofd()), FileType::kOfd);
  EXPECT_EQ(SniffFileType(Zip({{"Doc_0/Document.xml", "<d/>"}})), FileType::kOfd);
}

TEST(SniffFileTypeTest, FindsEntriesAfterStreamedEntriesWithoutSizes) {
  EXPECT_EQ(SniffFileType(Zip({{"[Content_Types].xml", "<Types/>", true}, {"xl/workbook.xml", "<x/>", true}})),
            FileType::kXlsx);
}

TEST(SniffFileTypeTest, PlainZipArchivesAreNotDocuments) {
  EXPECT_EQ(SniffFileType(Zip({{"readme.txt", "hello"}, {"src/main.c", "int main;"}})), std::nullopt);
  // "word/" inside the data of an entry is not an entry name.
  EXPECT_EQ(SniffFileType(Zip({{"notes.txt", "see word/document.xml"}})), std::nullopt);
  EXPECT_EQ(SniffFileType("PK\x03\x04"s), std::nullopt);
}

TEST(SniffFileTypeTest, EntryNameRunningPastTheEndIsNotRead) {
  std::string zip = Zip({{"word/document.xml", ""}});
  zip.resize(30 + 4);  // header claims a 17-byte name, only 4 bytes present
  EXPECT_EQ(SniffFileType(zip), std::nullopt);
}

TEST(SniffFileTypeTest, RejectsExecutablesScriptsAndOtherContent) {
  const std::string rejected[] = {
      "MZ\x90\x00\x03\x00\x00\x00"s,        // Windows PE
      "\x7F\x45LF\x02\x01\x01\x00"s,        // ELF
      "\xCF\xFA\xED\xFE\x07\x00\x00\x01"s,  // Mach-O 64-bit
      "\xCA\xFE\xBA\xBE\x00\x00\x00\x02"s,  // Mach-O universal
      "#!/bin/sh\nrm -rf /\n",
      "<html><script>alert(1)</script></html>",
      "GIF89a\x01\x00\x01\x00"s,
      "RIFF\x24\x00\x00\x00WAVEfmt "s,  // RIFF, but not WebP
      "AC",
      "ACAD",
      "",
      "\xFF\xD8"s,  // too short for JPEG
  };
  for (const auto& bytes : rejected) EXPECT_EQ(SniffFileType(bytes), std::nullopt) << bytes;
}

TEST(CheckUploadTest, AcceptsMatchingNameAndContent) {
  EXPECT_EQ(CheckUpload("photo.jpg", kJpeg), FileType::kJpeg);
  EXPECT_EQ(CheckUpload("photo.jpeg", kJpeg), FileType::kJpeg);
  EXPECT_EQ(CheckUpload("现场照片.PNG", kPng), FileType::kPng);
  EXPECT_EQ(CheckUpload("a.WebP", kWebp), FileType::kWebp);
  EXPECT_EQ(CheckUpload("批复.pdf", kPdf), FileType::kPdf);
  EXPECT_EQ(CheckUpload("invoice.ofd", Ofd()), FileType::kOfd);
  EXPECT_EQ(CheckUpload("plan.v2.docx", Docx()), FileType::kDocx);
  EXPECT_EQ(CheckUpload("budget.xlsx", Xlsx()), FileType::kXlsx);
  EXPECT_EQ(CheckUpload("brief.pptx", Pptx()), FileType::kPptx);
  EXPECT_EQ(CheckUpload("site.dwg", kDwg), FileType::kDwg);
}

TEST(CheckUploadTest, Ole2ContentIsWordOrExcelAccordingToTheExtension) {
  EXPECT_EQ(CheckUpload("old.doc", kOle2), FileType::kDoc);
  EXPECT_EQ(CheckUpload("old.XLS", kOle2), FileType::kXls);
  auto as_docx = CheckUpload("old.docx", kOle2);
  ASSERT_FALSE(as_docx.has_value());
  EXPECT_EQ(as_docx.error().key(), "file_type_mismatch");
  EXPECT_EQ(as_docx.error().args(), (std::vector<std::string>{"docx", "doc"}));
}

TEST(CheckUploadTest, EmptyContentIsRefused) {
  auto r = CheckUpload("photo.jpg", "");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), core::Code::kInvalidArgument);
  EXPECT_EQ(r.error().field(), "file");
  EXPECT_EQ(r.error().key(), "file_empty");
}

TEST(CheckUploadTest, ExecutableRenamedAsImageIsUnsupported) {
  auto r = CheckUpload("photo.jpg", "MZ\x90\x00\x03\x00\x00\x00"s);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field(), "file");
  EXPECT_EQ(r.error().key(), "file_type_unsupported");
}

TEST(CheckUploadTest, ExtensionsWeDoNotAcceptAreUnsupportedWhateverTheContent) {
  for (const char* name : {"setup.exe", "photo.gif", "archive.zip", "noextension", "trailingdot.", "x.jpg.exe"}) {
    auto r = CheckUpload(name, kJpeg);
    ASSERT_FALSE(r.has_value()) << name;
    EXPECT_EQ(r.error().field(), "file") << name;
    EXPECT_EQ(r.error().key(), "file_type_unsupported") << name;
  }
}

TEST(CheckUploadTest, AcceptedTypeUnderAnotherAcceptedNameIsAMismatch) {
  auto r = CheckUpload("photo.JPEG", kPng);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field(), "file");
  EXPECT_EQ(r.error().key(), "file_type_mismatch");
  EXPECT_EQ(r.error().args(), (std::vector<std::string>{"jpeg", "png"}));

  auto doc = CheckUpload("report.pdf", Docx());
  ASSERT_FALSE(doc.has_value());
  EXPECT_EQ(doc.error().args(), (std::vector<std::string>{"pdf", "docx"}));
}

TEST(CheckUploadTest, MalformedFilenamesAreRefusedBeforeTheContentIsLookedAt) {
  const std::string bad[] = {
      "",
      std::string(197, 'a') + ".jpg",  // 201 bytes
      "../photo.jpg",
      "dir/photo.jpg",
      "dir\\photo.jpg",
      "photo\0.jpg"s,
      "photo\n.jpg",
      "photo\x7F.jpg",
      "photo\xFF.jpg",  // not UTF-8
  };
  for (const auto& name : bad) {
    auto r = CheckUpload(name, "");
    ASSERT_FALSE(r.has_value()) << name;
    EXPECT_EQ(r.error().field(), "filename") << name;
    EXPECT_EQ(r.error().key(), "filename_invalid") << name;
  }
  EXPECT_EQ(CheckUpload(std::string(196, 'a') + ".jpg", kJpeg), FileType::kJpeg);  // 200 bytes
}

TEST(FileTypeTest, MimeTypesExtensionsAndImageKinds) {
  EXPECT_EQ(MimeType(FileType::kJpeg), "image/jpeg");
  EXPECT_EQ(MimeType(FileType::kPdf), "application/pdf");
  EXPECT_EQ(MimeType(FileType::kDocx), "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  EXPECT_EQ(MimeType(FileType::kOfd), "application/ofd");
  EXPECT_EQ(MimeType(FileType::kDoc), "application/msword");
  EXPECT_EQ(MimeType(FileType::kXls), "application/vnd.ms-excel");
  EXPECT_EQ(MimeType(FileType::kDwg), "image/vnd.dwg");
  EXPECT_EQ(Extension(FileType::kJpeg), "jpg");
  EXPECT_EQ(Extension(FileType::kPptx), "pptx");
  EXPECT_TRUE(IsImage(FileType::kJpeg));
  EXPECT_TRUE(IsImage(FileType::kPng));
  EXPECT_TRUE(IsImage(FileType::kWebp));
  EXPECT_FALSE(IsImage(FileType::kPdf));
  EXPECT_FALSE(IsImage(FileType::kDwg));
}

TEST(FileTypeTest, EveryTypeIsAcceptedUnderItsCanonicalExtension) {
  const std::pair<FileType, std::string> samples[] = {
      {FileType::kJpeg, kJpeg}, {FileType::kPng, kPng},    {FileType::kWebp, kWebp},  {FileType::kPdf, kPdf},
      {FileType::kOfd, Ofd()},  {FileType::kDocx, Docx()}, {FileType::kXlsx, Xlsx()}, {FileType::kPptx, Pptx()},
      {FileType::kDoc, kOle2},  {FileType::kXls, kOle2},   {FileType::kDwg, kDwg},
  };
  for (const auto& [type, bytes] : samples) {
    const std::string name = "f." + std::string(Extension(type));
    EXPECT_EQ(CheckUpload(name, bytes), type) << name;
    EXPECT_NE(MimeType(type), "application/octet-stream") << name;
  }
}

}  // namespace
}  // namespace gongjian::io
