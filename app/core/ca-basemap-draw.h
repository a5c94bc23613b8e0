/* ca-basemap-draw.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "ca-basemap.h"
#include "ca-view.h"

G_BEGIN_DECLS

typedef enum
{
  CA_BASEMAP_STYLE_LIGHT,
  CA_BASEMAP_STYLE_DARK,
} CaBasemapStyle;

typedef struct
{
  double red;
  double green;
  double blue;
} CaRgb;

typedef struct
{
  CaRgb sea;
  CaRgb land;
  CaRgb china;
  CaRgb border;
  CaRgb province_border;
  CaRgb country_label;
  CaRgb province_label;
  CaRgb halo;
} CaBasemapPalette;

typedef struct
{
  CaBasemapStyle style;
  CaLanguage     language;
  gboolean       show_labels;
  /* Device pixels per view unit, to pick the level of detail; 0 reads it
   * from the cairo context's transformation. */
  double         detail_scale;
  /* Checked while drawing: a cancelled figure stops within a few
   * milliseconds, its drawing left unfinished.  NULL on screen. */
  GCancellable  *cancellable;
} CaBasemapOptions;

const CaBasemapPalette *ca_basemap_palette_get  (CaBasemapStyle          style);
void                    ca_basemap_options_init (CaBasemapOptions       *options);
void                    ca_basemap_draw         (CaBasemap              *basemap,
                                                 cairo_t                *cr,
                                                 const CaView           *view,
                                                 const CaBasemapOptions *options);
void                    ca_basemap_draw_outline (const CaBasemapItem    *item,
                                                 cairo_t                *cr,
                                                 const CaView           *view,
                                                 const CaRgb            *color,
                                                 double                  width);

G_END_DECLS
