/* ca-flow-draw.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>

#include "ca-basemap-draw.h"
#include "ca-flow-model.h"
#include "ca-view.h"

G_BEGIN_DECLS

#define CA_FLOW_N_CLASSES 5

typedef enum
{
  CA_FLOW_COLOR_REGION,
  CA_FLOW_COLOR_GROWTH,
} CaFlowColoring;

typedef struct
{
  CaFlowLayout   layout;             /* ROUTED draws the load on the network */
  CaFlowColoring coloring;
  gboolean       arcs;               /* direct arcs, in either layout */
  gboolean       choropleth;         /* province totals in quantile classes */
  gboolean       circles;            /* proportional circles at province anchors */
  double         fade_below;         /* flows under this share of the largest are faded */
  int            highlight;          /* flow drawn highlighted, or -1 */
  int            selected_province;  /* only this province's flows, or -1 */
  CaBasemapStyle palette;
  /* Draw from the vectors on every call.  Otherwise a frame too heavy to
   * draw at frame rate is drawn on image and recording surfaces from
   * raster tiles cached on the model (PDF, SVG and PS always get vectors). */
  gboolean       exact;
  /* Checked while drawing: a cancelled figure stops within a few
   * milliseconds, its drawing left unfinished.  NULL on screen. */
  GCancellable  *cancellable;
} CaFlowStyle;

void     ca_flow_style_init        (CaFlowStyle         *style);

void     ca_flow_draw              (CaFlowModel         *model,
                                    CaBasemap           *basemap,
                                    cairo_t             *cr,
                                    const CaView        *view,
                                    const CaFlowStyle   *style);
int      ca_flow_hit_test          (CaFlowModel         *model,
                                    const CaView        *view,
                                    const CaFlowStyle   *style,
                                    double               x,
                                    double               y);
gboolean ca_flow_get_arc_point     (CaFlowModel         *model,
                                    const CaView        *view,
                                    guint                flow,
                                    double               t,
                                    double              *x,
                                    double              *y);

double   ca_flow_width_for_value   (CaFlowModel         *model,
                                    double               value);
void     ca_flow_legend_values     (CaFlowModel         *model,
                                    double              *values);
void     ca_flow_load_color        (CaFlowModel         *model,
                                    CaBasemapStyle       palette,
                                    double               value,
                                    CaRgb               *rgb);
void     ca_flow_circle_color      (CaBasemapStyle       palette,
                                    CaRgb               *rgb);
void     ca_flow_growth_color      (double               growth,
                                    CaRgb               *rgb);
void     ca_flow_region_color      (int                  region,
                                    CaRgb               *rgb);

guint    ca_flow_choropleth_classes (CaFlowModel        *model,
                                     int                *classes,
                                     double             *lower_bounds);
void     ca_flow_choropleth_color   (CaBasemapStyle      palette,
                                     guint               klass,
                                     CaRgb              *rgb);

void     ca_flow_append_item_path  (cairo_t             *cr,
                                    const CaView        *view,
                                    const CaBasemapItem *item);

G_END_DECLS
