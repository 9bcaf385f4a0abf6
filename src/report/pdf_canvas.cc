#include "report/pdf_canvas.h"

#include <fmt/format.h>

namespace gongjian::report::pdf {
namespace {

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  try {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
  } catch (...) {
    return CAIRO_STATUS_WRITE_ERROR;
  }
}

}  // namespace

core::Status Canvas::Error(cairo_status_t status, const char* where) const {
  return core::Status::Internal(fmt::format("{} pdf: {}: {}", document_, where, cairo_status_to_string(status)));
}

core::Result<std::unique_ptr<Canvas>> Canvas::Open(const char* document, double width, double height,
                                                   const std::string& title) {
  std::unique_ptr<Canvas> c(new Canvas(document));
  c->surface_ = cairo_pdf_surface_create_for_stream(AppendToString, &c->bytes_, width, height);
  if (cairo_status_t s = cairo_surface_status(c->surface_); s != CAIRO_STATUS_SUCCESS) {
    return core::Fail(c->Error(s, "surface"));
  }
  cairo_pdf_surface_set_metadata(c->surface_, CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(c->surface_, CAIRO_PDF_METADATA_CREATOR, "Gongjian");
  c->cr_ = cairo_create(c->surface_);
  if (cairo_status_t s = cairo_status(c->cr_); s != CAIRO_STATUS_SUCCESS) return core::Fail(c->Error(s, "context"));
  c->context_.reset(pango_cairo_create_context(c->cr_));
  if (!c->context_) return core::Fail(core::Status::Internal(fmt::format("{} pdf: no pango context", document)));
  pango_cairo_context_set_resolution(c->context_.get(), 72);  // 1 pt = 1 PDF unit
  pango_context_set_language(c->context_.get(), pango_language_from_string("zh-cn"));
  return c;
}

Canvas::~Canvas() {
  context_.reset();
  if (cr_ != nullptr) cairo_destroy(cr_);
  if (surface_ != nullptr) cairo_surface_destroy(surface_);
}

core::Result<std::string> Canvas::Finish() {
  if (cairo_status_t s = cairo_status(cr_); s != CAIRO_STATUS_SUCCESS) return core::Fail(Error(s, "draw"));
  context_.reset();
  cairo_destroy(cr_);
  cr_ = nullptr;
  cairo_surface_finish(surface_);
  if (cairo_status_t s = cairo_surface_status(surface_); s != CAIRO_STATUS_SUCCESS) {
    return core::Fail(Error(s, "finish"));
  }
  return std::move(bytes_);
}

}  // namespace gongjian::report::pdf
