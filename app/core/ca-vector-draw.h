/* ca-vector-draw.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>

#include "ca-basemap-draw.h"
#include "ca-place-names.h"
#include "ca-vector-layer.h"
#include "ca-view.h"

G_BEGIN_DECLS

typedef struct
{
  CaRgb          color;        /* user layers: lines, points, polygon fill and edges */
  double         width;        /* user layers: base line width in px */
  double         opacity;      /* 0…1, the whole layer */
  gboolean       thematic;     /* corridor styling from the features' properties */
  gboolean       show_labels;
  CaLanguage     language;
  CaBasemapStyle palette;      /* light or dark: halo, ink and outline colours follow it */
  int            highlight;    /* index of the feature drawn highlighted, or -1 */
  /* Draw from the vectors on every call.  Otherwise a layer too heavy to
   * stroke at frame rate is drawn on image and recording surfaces from
   * raster tiles cached on the layer (PDF, SVG and PS always get vectors). */
  gboolean       exact;
  /* Checked while drawing: a cancelled figure stops within a few
   * milliseconds, its drawing left unfinished.  NULL on screen. */
  GCancellable  *cancellable;
} CaVectorStyle;

/* Boxes of the labels (and markers) already placed in one frame, so that
 * the labels of several layers never overlap. */
typedef struct _CaLabelSet CaLabelSet;

void        ca_vector_style_init     (CaVectorStyle       *style);

CaLabelSet *ca_label_set_new         (void);
void        ca_label_set_free        (CaLabelSet          *set);
guint       ca_label_set_get_n_labels (CaLabelSet         *set);

void        ca_vector_draw           (CaVectorLayer       *layer,
                                      cairo_t             *cr,
                                      const CaView        *view,
                                      const CaVectorStyle *style,
                                      CaLabelSet          *labels);
int         ca_vector_hit_test       (CaVectorLayer       *layer,
                                      const CaView        *view,
                                      const CaVectorStyle *style,
                                      double               x,
                                      double               y);

void        ca_vector_get_thematic_sizes (double          zoom,
                                          double         *line_width,
                                          double         *radius);
void        ca_vector_draw_line_symbol   (cairo_t        *cr,
                                          const char     *mode,
                                          CaBasemapStyle  palette,
                                          double          x0,
                                          double          y0,
                                          double          x1,
                                          double          y1,
                                          double          width);
void        ca_vector_draw_marker_symbol (cairo_t        *cr,
                                          const char     *kind,
                                          CaBasemapStyle  palette,
                                          double          x,
                                          double          y,
                                          double          radius);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaLabelSet, ca_label_set_free)

G_END_DECLS
