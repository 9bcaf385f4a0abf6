#pragma once

// What the PDF renderers (letter_pdf.cc, briefing_pdf.cc) share: owning pointers for the
// pango/glib objects, and Canvas, an A4-sized cairo PDF surface drawing into a string with a
// pango context set up for Chinese. Internal to report/: it includes the pango and cairo headers.

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <memory>
#include <string>

#include "core/status.h"

namespace gongjian::report::pdf {

struct Rgb {
  double r, g, b;
};

struct GObjectUnref {
  void operator()(void* p) const {
    if (p != nullptr) g_object_unref(p);
  }
};
template <typename T>
using GPtr = std::unique_ptr<T, GObjectUnref>;
struct FontUnref {
  void operator()(PangoFontDescription* p) const { pango_font_description_free(p); }
};
struct IterUnref {
  void operator()(PangoLayoutIter* p) const { pango_layout_iter_free(p); }
};

// Pango units in points.
inline double Points(int pango_units) { return static_cast<double>(pango_units) / PANGO_SCALE; }

// A PDF document being drawn: the surface writes into the canvas's own string, 1 point per
// unit, metadata title `title` and creator "Gongjian"; the pango context has 72 dpi (1 pt = 1
// unit) and the language zh-cn. Errors are kInternal "<document> pdf: …".
class Canvas {
 public:
  static core::Result<std::unique_ptr<Canvas>> Open(const char* document, double width, double height,
                                                    const std::string& title);
  ~Canvas();
  Canvas(const Canvas&) = delete;
  Canvas& operator=(const Canvas&) = delete;

  cairo_t* cr() const { return cr_; }
  PangoContext* pango() const { return context_.get(); }

  // Ends the document (after the last cairo_show_page) and hands over its bytes; kInternal when
  // cairo failed anywhere while drawing. Call once.
  core::Result<std::string> Finish();

 private:
  explicit Canvas(const char* document) : document_(document) {}
  core::Status Error(cairo_status_t status, const char* where) const;

  const char* document_;
  std::string bytes_;
  cairo_surface_t* surface_ = nullptr;
  cairo_t* cr_ = nullptr;
  GPtr<PangoContext> context_;
};

// Whether some character of `layout` has no glyph in any installed font (it would print as a box).
inline bool MissingGlyphs(PangoLayout* layout) { return pango_layout_get_unknown_glyphs_count(layout) > 0; }

// Runs `render`, turning any exception into kInternal "<document> pdf: …": the renderers
// promise never to throw.
template <typename F>
core::Result<std::string> Guarded(const char* document, F&& render) {
  try {
    return render();
  } catch (const std::exception& e) {
    return core::Fail(core::Status::Internal(std::string(document) + " pdf: " + e.what()));
  } catch (...) {
    return core::Fail(core::Status::Internal(std::string(document) + " pdf: unknown exception"));
  }
}

}  // namespace gongjian::report::pdf
