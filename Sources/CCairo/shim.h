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
#include <zlib.h>
#endif
