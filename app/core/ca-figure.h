/* ca-figure.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "ca-basemap-draw.h"
#include "ca-flow-draw.h"
#include "ca-trade-cube.h"
#include "ca-vector-draw.h"
#include "ca-vector-layer.h"
#include "ca-view.h"

G_BEGIN_DECLS

#define CA_FIGURE_ERROR (ca_figure_error_quark ())

typedef enum
{
  CA_FIGURE_ERROR_FAILED,
  CA_FIGURE_ERROR_WRITE,     /* the target cannot be written */
  CA_FIGURE_ERROR_TILES,     /* online tiles cannot be fetched */
  CA_FIGURE_ERROR_INVALID,   /* the options make no figure */
} CaFigureError;

typedef enum
{
  CA_PAGE_A4,
  CA_PAGE_A3,
  CA_PAGE_SLIDE,       /* 16:9, 1920 × 1080 px */
  CA_PAGE_CUSTOM_MM,
  CA_PAGE_CUSTOM_PX,
} CaPageKind;

typedef enum
{
  CA_FIGURE_FORMAT_PNG,
  CA_FIGURE_FORMAT_PDF,
  CA_FIGURE_FORMAT_SVG,
} CaFigureFormat;

typedef enum
{
  CA_FIGURE_FLOWS_NONE,
  CA_FIGURE_FLOWS_ARCS,
  CA_FIGURE_FLOWS_ROUTED,
} CaFigureFlows;

typedef enum
{
  CA_FIGURE_BASEMAP_OFFLINE,
  CA_FIGURE_BASEMAP_OSM,
} CaFigureBasemap;

/* What the map shows, a bit each. */
typedef enum
{
  CA_FIGURE_LAYER_BASEMAP    = 1 << 0,
  CA_FIGURE_LAYER_ROUTES     = 1 << 1,
  CA_FIGURE_LAYER_NODES      = 1 << 2,
  CA_FIGURE_LAYER_PORTS      = 1 << 3,
  CA_FIGURE_LAYER_FLOWS      = 1 << 4,   /* arcs or corridor load, as @flows says */
  CA_FIGURE_LAYER_CHOROPLETH = 1 << 5,
  CA_FIGURE_LAYER_CIRCLES    = 1 << 6,
} CaFigureLayers;

#define CA_FIGURE_LAYERS_DEFAULT (CA_FIGURE_LAYER_BASEMAP | CA_FIGURE_LAYER_ROUTES | \
                                  CA_FIGURE_LAYER_NODES | CA_FIGURE_LAYER_PORTS |     \
                                  CA_FIGURE_LAYER_FLOWS)

/* What an export is doing, for its progress. */
typedef enum
{
  CA_FIGURE_STAGE_TILES,    /* fetching online tiles */
  CA_FIGURE_STAGE_DRAW,     /* drawing the page: basemap, flows, each layer, furniture */
  CA_FIGURE_STAGE_ENCODE,   /* compressing the PNG, or embedding the PDF's and SVG's fonts */
} CaFigureStage;

/* @fraction is of the export (drawing and encoding together), or of
 * the tiles while they are fetched. */
typedef void (*CaFigureProgressFunc) (CaFigureStage stage,
                                      double        fraction,
                                      gpointer      user_data);

#define CA_FIGURE_MIN_DPI 72
#define CA_FIGURE_MAX_DPI 600

/* Everything a planner chooses about a figure.  Strings are owned:
 * ca_figure_options_clear() frees them. */
typedef struct
{
  CaPageKind      page;
  gboolean        landscape;
  double          page_width;    /* custom pages: mm or px */
  double          page_height;
  double          dpi;

  /* The extent: a centre and zoom, or a box to fit (lon/lat). */
  gboolean        fit_bbox;
  double          longitude;
  double          latitude;
  double          zoom;
  double          west;
  double          south;
  double          east;
  double          north;

  char           *title;
  char           *subtitle;
  char           *source_note;

  gboolean        legend;
  gboolean        scale_bar;
  gboolean        imperial;      /* the scale bar in miles and feet */
  gboolean        north_arrow;
  gboolean        attribution;

  guint           layers;        /* CaFigureLayers */
  CaFigureFlows   flows;
  CaFlowColoring  coloring;
  CaFigureBasemap basemap;
  int             month_from;    /* < 0: the default months of the data */
  int             month_to;
  CaLanguage      language;
  CaBasemapStyle  palette;
} CaFigureOptions;

#define CA_TYPE_FIGURE (ca_figure_get_type ())

G_DECLARE_FINAL_TYPE (CaFigure, ca_figure, CA, FIGURE, GObject)

GQuark           ca_figure_error_quark        (void);

void             ca_figure_options_init       (CaFigureOptions       *options);
void             ca_figure_options_clear      (CaFigureOptions       *options);
void             ca_figure_options_copy       (CaFigureOptions       *dest,
                                               const CaFigureOptions *src);
gboolean         ca_figure_parse_page         (const char            *text,
                                               CaFigureOptions       *options,
                                               GError               **error);
gboolean         ca_figure_parse_layers       (const char            *text,
                                               guint                 *layers,
                                               GError               **error);
gboolean         ca_figure_format_from_name   (const char            *name,
                                               CaFigureFormat        *format);
CaFigureFormat   ca_figure_format_for_path    (const char            *path);

CaFigure        *ca_figure_new                (const CaFigureOptions *options);
const CaFigureOptions *ca_figure_get_options  (CaFigure              *self);
void             ca_figure_set_basemap        (CaFigure              *self,
                                               CaBasemap             *basemap);
void             ca_figure_set_corridor       (CaFigure              *self,
                                               CaVectorLayer         *routes,
                                               CaVectorLayer         *nodes,
                                               CaVectorLayer         *ports);
void             ca_figure_set_trade          (CaFigure              *self,
                                               CaTradeCube           *cube,
                                               gboolean               illustrative);
void             ca_figure_add_tiles          (CaFigure              *self,
                                               cairo_surface_t       *image,
                                               const CaView          *view);
void             ca_figure_clear_tiles        (CaFigure              *self);
void             ca_figure_set_trade_filter   (CaFigure              *self,
                                               const CaTradeFilter   *filter);
void             ca_figure_set_flow_style     (CaFigure              *self,
                                               const CaFlowStyle     *style);
void             ca_figure_add_layer          (CaFigure              *self,
                                               CaVectorLayer         *layer,
                                               const CaVectorStyle   *style,
                                               const char            *title);
guint            ca_figure_get_n_layers       (CaFigure              *self);
void             ca_figure_set_progress_func  (CaFigure              *self,
                                               CaFigureProgressFunc   func,
                                               gpointer               user_data);

void             ca_figure_get_page_size      (CaFigure              *self,
                                               double                *width_pt,
                                               double                *height_pt);
void             ca_figure_get_pixel_size     (CaFigure              *self,
                                               int                   *width,
                                               int                   *height);
void             ca_figure_get_map_view       (CaFigure              *self,
                                               CaView                *view);
void             ca_figure_get_map_frame      (CaFigure              *self,
                                               double                *x,
                                               double                *y,
                                               double                *width,
                                               double                *height,
                                               double                *unit);
gboolean         ca_figure_get_months         (CaFigure              *self,
                                               int                   *month_from,
                                               int                   *month_to);
CaFlowModel     *ca_figure_get_flow_model     (CaFigure              *self);
gboolean         ca_figure_shows_sample       (CaFigure              *self);
char            *ca_figure_dup_title          (CaFigure              *self);
double           ca_figure_get_scale_bar      (CaFigure              *self,
                                               double                *length,
                                               double                *latitude);
int              ca_figure_get_tile_zoom      (CaFigure              *self);

gboolean         ca_figure_draw               (CaFigure              *self,
                                               cairo_t               *cr,
                                               GCancellable          *cancellable,
                                               GError               **error);

G_END_DECLS
