#ifndef HINDSIGHT_CCAIRO_SHIM_H
#define HINDSIGHT_CCAIRO_SHIM_H
#include <cairo.h>
#include <cairo-svg.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-font.h>
#include <hb-ot.h>
#include <fontconfig/fontconfig.h>
#include <fontconfig/fcfreetype.h>
#include <cairo-ft.h>
#include <zlib.h>

/* Exported by libpangocairo, though no public header declares it. */
GType pango_cairo_fc_font_get_type (void);

/* pangocairo's private PangoCairoFontIface (pangocairo-private.h, unchanged since pango 1.44).
   Used only after FontFaces.hook has checked, at run time, that the class's interface has
   this shape (see there). */
typedef struct {
  GTypeInterface g_iface;
  cairo_font_face_t *(*create_font_face) (void *cfont);
  void *(*create_base_metrics_for_context) (void *cfont, PangoContext *context);
  gssize cf_priv_offset;
} HindsightPangoCairoFontIface;
#endif
