/* ca-flow-draw.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ca-flow-draw"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ca-basemap-private.h"
#include "ca-flow-draw.h"
#include "ca-flow-model-private.h"
#include "ca-tile-cache.h"

/* One function draws the trade flows for every surface: the map's frames
 * and the exports.  Everything is in view pixels.
 *
 * From the bottom up: province totals as a choropleth, the load on the
 * corridor network, proportional circles, then the arcs, largest first so
 * that small flows stay visible on top of big ones, and the highlighted
 * arc last.  Arcs are quadratic Bézier curves that bulge to the left of
 * their direction, so that the two directions between two places never
 * overlap, and end in an arrowhead at the destination.
 *
 * Speed: each arc is stroked on its own, as chords within a fifth of a
 * pixel of the curve, and the chords off the view are left out.  (One
 * path of many crossing arcs is ten times slower to stroke in cairo 1.16
 * than the same arcs one by one.)  Even so a long arc costs tens of
 * microseconds, and thousands of them a second a frame, so a heavy frame
 * is drawn on image and recording surfaces from 256 px raster tiles
 * rendered on every core with this same code and kept on the model per
 * zoom and style.  Panning and hovering then only composite them; the
 * highlight is always drawn live, and vector surfaces always get vectors.
 */

#define RGB(hex) \
  { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0 }

#define MIN_WIDTH          1.0     /* px, of the smallest flow */
#define MAX_WIDTH          14.0    /* px, of the largest flow or load */
#define BULGE              0.2     /* control point offset, as a share of the chord */
#define ARROW_LENGTH       6.0     /* px, plus ARROW_LENGTH_SCALE × width */
#define ARROW_LENGTH_SCALE 2.0
#define ARROW_HALF         3.5     /* px, plus ARROW_HALF_SCALE × width */
#define ARROW_HALF_SCALE   1.0
#define ARROW_MAX_SHARE    0.4     /* of the chord */
#define HALO               1.25    /* px each side of an arc */
#define ROUTE_HALO         1.5
#define FADED_ALPHA        0.3
#define HIT_SLOP           4.0
#define HIT_SAMPLES        32
#define GROWTH_LIMIT       0.5     /* growth colours saturate at ±50 % */
#define CIRCLE_MAX_RADIUS  30.0
#define CIRCLE_MIN_RADIUS  2.0
#define CHOROPLETH_ALPHA   0.55
#define FLATTEN_TOLERANCE  0.2     /* px between an arc and its chords */

/* Costs, in pixels of line drawn: a guess of the work of a frame. */
#define ARC_COST           200.0   /* on top of its length */
#define SEGMENT_COST       100.0
#define CHOROPLETH_COST    10000.0

#define TILE_MIN_COST      40000.0 /* about 6 ms of cairo work */
#define TILE_CACHE_BYTES   (48 * 1024 * 1024)

typedef struct
{
  double x0, y0;      /* origin */
  double qx, qy;      /* control point */
  double x1, y1;      /* destination: the arrow's tip */
  double t_end;       /* where the line stops and the arrowhead takes over */
  double bx, by;      /* the arrowhead's base, at its centre */
  double nx, ny;      /* unit normal of the base */
  double arrow_half;
  double width;
  CaBBox bbox;        /* pixels, ink included */
} Arc;

typedef struct
{
  Arc      arc;
  guint    flow;
  gboolean faded;
  CaRgb    color;
} ArcItem;

/* What one call of ca_flow_draw() draws, worked out once and shared by
 * every tile it renders. */
typedef struct
{
  CaFlowModel       *model;
  CaBasemap         *basemap;
  const CaView      *view;
  const CaFlowStyle *style;
  GArray            *arcs;    /* ArcItem, in drawing order, in view pixels; NULL until laid out */
  double             cost;    /* a guess of the work, in pixels of line */
} Frame;

typedef struct
{
  CaRgb halo;
  CaRgb route_low;
  CaRgb route_high;
  CaRgb circle;
} Theme;

static const Theme themes[] = {
  [CA_BASEMAP_STYLE_LIGHT] = {
    .halo = RGB (0xffffff),
    .route_low = RGB (0xe5a50a),
    .route_high = RGB (0xa51d2d),
    .circle = RGB (0x3d3846),
  },
  [CA_BASEMAP_STYLE_DARK] = {
    .halo = RGB (0x1e2226),
    .route_low = RGB (0xf6d32d),
    .route_high = RGB (0xed333b),
    .circle = RGB (0xdeddda),
  },
};

/* Sequential, five classes: more trade is darker on the light basemap
 * (YlGnBu) and brighter on the dark one (magma). */
static const CaRgb class_colors[][CA_FLOW_N_CLASSES] = {
  [CA_BASEMAP_STYLE_LIGHT] = {
    RGB (0xffffcc), RGB (0xa1dab4), RGB (0x41b6c4), RGB (0x2c7fb8), RGB (0x253494),
  },
  [CA_BASEMAP_STYLE_DARK] = {
    RGB (0x3b0f70), RGB (0x8c2981), RGB (0xde4968), RGB (0xfe9f6d), RGB (0xfcfdbf),
  },
};

static const CaRgb growth_decline = RGB (0xc01c28);
static const CaRgb growth_neutral = RGB (0xa6a29a);
static const CaRgb growth_rise = RGB (0x1a5fb4);
static const CaRgb growth_unknown = { 0.58, 0.58, 0.58 };

static const Theme *
get_theme (CaBasemapStyle palette)
{
  return &themes[palette == CA_BASEMAP_STYLE_DARK ? CA_BASEMAP_STYLE_DARK : CA_BASEMAP_STYLE_LIGHT];
}

static void
mix (const CaRgb *a,
     const CaRgb *b,
     double       t,
     CaRgb       *out)
{
  out->red = a->red + (b->red - a->red) * t;
  out->green = a->green + (b->green - a->green) * t;
  out->blue = a->blue + (b->blue - a->blue) * t;
}

static void
set_source (cairo_t     *cr,
            const CaRgb *rgb,
            double       alpha)
{
  if (alpha >= 1.0)
    cairo_set_source_rgb (cr, rgb->red, rgb->green, rgb->blue);
  else
    cairo_set_source_rgba (cr, rgb->red, rgb->green, rgb->blue, alpha);
}

/**
 * ca_flow_style_init:
 *
 * Sets @style to the defaults: direct arcs coloured by region, flows
 * under 2 % of the largest faded, no choropleth or circles, nothing
 * highlighted or selected, on the light palette.
 */
void
ca_flow_style_init (CaFlowStyle *style)
{
  g_return_if_fail (style != NULL);

  memset (style, 0, sizeof *style);
  style->layout = CA_FLOW_DIRECT;
  style->coloring = CA_FLOW_COLOR_REGION;
  style->arcs = TRUE;
  style->choropleth = FALSE;
  style->circles = FALSE;
  style->fade_below = 0.02;
  style->highlight = -1;
  style->selected_province = -1;
  style->palette = CA_BASEMAP_STYLE_LIGHT;
}

/* Colours and scales */

/**
 * ca_flow_growth_color:
 * @growth: year-on-year growth as a fraction, or NAN
 *
 * A diverging palette: decline in red, no change in a neutral stone,
 * growth in blue, saturating at ±50 %.  Unknown growth is a plain grey.
 */
void
ca_flow_growth_color (double  growth,
                      CaRgb  *rgb)
{
  double t;

  g_return_if_fail (rgb != NULL);

  if (isnan (growth))
    {
      *rgb = growth_unknown;
      return;
    }

  t = CLAMP (growth / GROWTH_LIMIT, -1.0, 1.0);
  if (t < 0)
    mix (&growth_neutral, &growth_decline, -t, rgb);
  else
    mix (&growth_neutral, &growth_rise, t, rgb);
}

/**
 * ca_flow_region_color:
 *
 * The colour of a partner region, as its arcs are drawn.
 */
void
ca_flow_region_color (int    region,
                      CaRgb *rgb)
{
  const CaRegion *info;

  g_return_if_fail (region >= 0 && region < CA_N_REGIONS);
  g_return_if_fail (rgb != NULL);

  info = ca_trade_get_region (region);
  rgb->red = info->red;
  rgb->green = info->green;
  rgb->blue = info->blue;
}

static double
scale_max (CaFlowModel *model)
{
  return MAX (_ca_flow_model_get_max_value (model), _ca_flow_model_get_max_load (model));
}

/**
 * ca_flow_load_color:
 * @palette: the basemap's palette
 *
 * The colour the corridor load is drawn in for a stretch carrying
 * @value, from amber for little to dark red for the most.  Legends draw
 * their samples with it.
 */
void
ca_flow_load_color (CaFlowModel    *model,
                    CaBasemapStyle  palette,
                    double          value,
                    CaRgb          *rgb)
{
  const Theme *theme = &themes[palette == CA_BASEMAP_STYLE_DARK];
  double max_load;

  g_return_if_fail (CA_IS_FLOW_MODEL (model));
  g_return_if_fail (rgb != NULL);

  max_load = _ca_flow_model_get_max_load (model);
  mix (&theme->route_low, &theme->route_high,
       max_load > 0 && value > 0 ? sqrt (MIN (value / max_load, 1.0)) : 0, rgb);
}

/**
 * ca_flow_circle_color:
 * @palette: the basemap's palette
 *
 * The colour of proportional circles (drawn 30 % opaque, edged at 85 %).
 */
void
ca_flow_circle_color (CaBasemapStyle  palette,
                      CaRgb          *rgb)
{
  g_return_if_fail (rgb != NULL);

  *rgb = themes[palette == CA_BASEMAP_STYLE_DARK].circle;
}

/**
 * ca_flow_width_for_value:
 *
 * The width of an arc or a routed segment carrying @value: from 1 px for
 * the smallest value to 14 px for the largest flow or load of @model,
 * with the area of a stretch of line (its width) growing as the square
 * root of the value.  Legends draw their samples with it.
 *
 * Returns: the width in pixels, 0 for values of 0 or less
 */
double
ca_flow_width_for_value (CaFlowModel *model,
                         double       value)
{
  double max;

  g_return_val_if_fail (CA_IS_FLOW_MODEL (model), 0);

  if (!(value > 0))
    return 0;

  max = scale_max (model);
  if (!(max > 0))
    return MIN_WIDTH;

  return MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) * sqrt (MIN (value / max, 1.0));
}

/* The largest 1, 2 or 5 × 10ⁿ not above @value. */
static double
round_down (double value)
{
  double magnitude;

  if (!(value > 0))
    return 0;

  magnitude = pow (10.0, floor (log10 (value)));
  /* log10 may land a hair under an exact power of ten. */
  if (magnitude * 10 <= value)
    magnitude *= 10;

  if (value >= 5 * magnitude)
    return 5 * magnitude;
  if (value >= 2 * magnitude)
    return 2 * magnitude;
  return magnitude;
}

/**
 * ca_flow_legend_values:
 * @values: (array fixed-size=3) (out caller-allocates): increasing values
 *
 * Three round values (1, 2 or 5 × 10ⁿ yuan) that span the width scale:
 * the largest round value it reaches, and two smaller ones a factor of
 * about 4 and 16 below.  All three are 0 when the model is empty.
 */
void
ca_flow_legend_values (CaFlowModel *model,
                       double      *values)
{
  double max;

  g_return_if_fail (CA_IS_FLOW_MODEL (model));
  g_return_if_fail (values != NULL);

  max = scale_max (model);
  values[2] = round_down (max);
  values[1] = round_down (values[2] / 3.5);
  values[0] = round_down (values[2] / 15.0);
}

static double
arc_width (CaFlowModel *model,
           double       value)
{
  return MAX (ca_flow_width_for_value (model, value), MIN_WIDTH);
}

/* Arcs */

static inline void
quad_point (const Arc *arc,
            double     t,
            double    *x,
            double    *y)
{
  double u = 1 - t;

  *x = u * u * arc->x0 + 2 * u * t * arc->qx + t * t * arc->x1;
  *y = u * u * arc->y0 + 2 * u * t * arc->qy + t * t * arc->y1;
}

/* The flow's ends in pixels, its destination taken the short way round
 * the world and both moved by whole worlds toward the view. */
static gboolean
arc_ends (const CaFlow *flow,
          const CaView *view,
          double       *x0,
          double       *y0,
          double       *x1,
          double       *y1)
{
  double wx0 = ca_mercator_x_from_longitude (flow->from_lon);
  double wy0 = ca_mercator_y_from_latitude (flow->from_lat);
  double wx1 = ca_mercator_x_from_longitude (flow->to_lon);
  double wy1 = ca_mercator_y_from_latitude (flow->to_lat);
  double shift;

  if (wx1 - wx0 > 0.5)
    wx1 -= 1.0;
  else if (wx1 - wx0 < -0.5)
    wx1 += 1.0;

  shift = round (view->center_x - (wx0 + wx1) / 2);
  ca_view_world_to_pixel (view, wx0 + shift, wy0, x0, y0);
  ca_view_world_to_pixel (view, wx1 + shift, wy1, x1, y1);

  return isfinite (*x0) && isfinite (*y0) && isfinite (*x1) && isfinite (*y1);
}

/* Lays out a flow's arc of @width.  Returns FALSE for one too short to
 * draw. */
static gboolean
arc_layout (const CaFlow *flow,
            const CaView *view,
            double        width,
            Arc          *arc)
{
  double dx, dy, chord, arrow_length, lo, hi, ex, ey, ux, uy, d, margin;

  if (!arc_ends (flow, view, &arc->x0, &arc->y0, &arc->x1, &arc->y1))
    return FALSE;

  dx = arc->x1 - arc->x0;
  dy = arc->y1 - arc->y0;
  chord = hypot (dx, dy);
  if (chord < 2.0)
    return FALSE;

  /* Bulge to the left of the direction of travel. */
  arc->qx = (arc->x0 + arc->x1) / 2 + dy * BULGE;
  arc->qy = (arc->y0 + arc->y1) / 2 - dx * BULGE;
  arc->width = width;

  arrow_length = ARROW_LENGTH + ARROW_LENGTH_SCALE * width;
  arc->arrow_half = ARROW_HALF + ARROW_HALF_SCALE * width;
  if (arrow_length > ARROW_MAX_SHARE * chord)
    {
      double shrink = ARROW_MAX_SHARE * chord / arrow_length;

      arrow_length *= shrink;
      arc->arrow_half *= shrink;
    }

  /* Where the curve comes within the arrow's length of the tip; the line
   * stops half a pixel inside the arrowhead. */
  lo = 0.5;
  hi = 1.0;
  for (guint i = 0; i < 24; i++)
    {
      double t = (lo + hi) / 2, x, y;

      quad_point (arc, t, &x, &y);
      if (hypot (arc->x1 - x, arc->y1 - y) > arrow_length - 0.5)
        lo = t;
      else
        hi = t;
    }
  arc->t_end = lo;
  quad_point (arc, lo, &ex, &ey);

  ux = arc->x1 - ex;
  uy = arc->y1 - ey;
  d = MAX (hypot (ux, uy), 1e-9);
  ux /= d;
  uy /= d;
  arc->bx = arc->x1 - ux * arrow_length;
  arc->by = arc->y1 - uy * arrow_length;
  arc->nx = -uy;
  arc->ny = ux;

  /* The curve lies inside the triangle of its control points. */
  margin = MAX (width / 2, arc->arrow_half) + HALO + 1;
  ca_bbox_init_empty (&arc->bbox);
  ca_bbox_expand (&arc->bbox, arc->x0, arc->y0);
  ca_bbox_expand (&arc->bbox, arc->qx, arc->qy);
  ca_bbox_expand (&arc->bbox, arc->x1, arc->y1);
  arc->bbox.x_min -= margin;
  arc->bbox.y_min -= margin;
  arc->bbox.x_max += margin;
  arc->bbox.y_max += margin;

  return TRUE;
}

/* Appends the line of an arc, up to its arrowhead, as chords within
 * FLATTEN_TOLERANCE of the curve, leaving out the runs of chords that
 * miss @clip (which must allow for the line's width).  Returns whether
 * anything was appended. */
static gboolean
append_arc_line (cairo_t      *cr,
                 const Arc    *arc,
                 const CaBBox *clip)
{
  /* A quadratic's chords stray from it by |P0 − 2Q + P1| / (8 n²). */
  double bend = hypot (arc->x0 - 2 * arc->qx + arc->x1, arc->y0 - 2 * arc->qy + arc->y1) *
                arc->t_end * arc->t_end;
  guint n = (guint)CLAMP (ceil (sqrt (bend / (8 * FLATTEN_TOLERANCE))), 2, 1024);
  double px = arc->x0, py = arc->y0;
  gboolean drawing = FALSE, appended = FALSE;

  for (guint i = 1; i <= n; i++)
    {
      double x, y;

      quad_point (arc, arc->t_end * i / n, &x, &y);
      if (MAX (px, x) >= clip->x_min && MIN (px, x) <= clip->x_max &&
          MAX (py, y) >= clip->y_min && MIN (py, y) <= clip->y_max)
        {
          if (!drawing)
            cairo_move_to (cr, px, py);
          cairo_line_to (cr, x, y);
          drawing = appended = TRUE;
        }
      else
        drawing = FALSE;

      px = x;
      py = y;
    }

  return appended;
}

static gboolean
arrowhead_visible (const Arc    *arc,
                   const CaBBox *clip)
{
  double reach = arc->arrow_half + HALO + 1;
  double x0 = MIN (arc->x1, arc->bx) - reach, x1 = MAX (arc->x1, arc->bx) + reach;
  double y0 = MIN (arc->y1, arc->by) - reach, y1 = MAX (arc->y1, arc->by) + reach;

  return x1 >= clip->x_min && x0 <= clip->x_max && y1 >= clip->y_min && y0 <= clip->y_max;
}

static void
append_arrowhead (cairo_t   *cr,
                  const Arc *arc)
{
  cairo_move_to (cr, arc->x1, arc->y1);
  cairo_line_to (cr, arc->bx + arc->nx * arc->arrow_half, arc->by + arc->ny * arc->arrow_half);
  cairo_line_to (cr, arc->bx - arc->nx * arc->arrow_half, arc->by - arc->ny * arc->arrow_half);
  cairo_close_path (cr);
}

static gboolean
flow_is_shown (const CaFlow      *flow,
               const CaFlowStyle *style)
{
  return style->selected_province < 0 || flow->province == style->selected_province;
}

static gboolean
flow_is_faded (CaFlowModel       *model,
               const CaFlow      *flow,
               const CaFlowStyle *style)
{
  return flow->value < style->fade_below * _ca_flow_model_get_max_value (model);
}

static void
flow_color (const CaFlow      *flow,
            const CaFlowStyle *style,
            CaRgb             *rgb)
{
  if (style->coloring == CA_FLOW_COLOR_GROWTH)
    ca_flow_growth_color (flow->growth, rgb);
  else
    ca_flow_region_color (flow->region, rgb);
}

/* Draws one arc: its casing under it, then the line and the arrowhead.
 * The arrowhead's casing goes under the line, which ends inside it. */
static void
draw_arc (cairo_t      *cr,
          const Arc    *arc,
          const CaRgb  *color,
          double        alpha,
          const CaRgb  *halo,
          double        halo_width,
          const CaBBox *area)
{
  double reach = arc->width / 2 + halo_width + 1;
  CaBBox clip = {
    area->x_min - reach, area->y_min - reach, area->x_max + reach, area->y_max + reach
  };
  gboolean arrowhead = arrowhead_visible (arc, area);

  if (halo_width > 0)
    {
      cairo_new_path (cr);
      if (append_arc_line (cr, arc, &clip))
        {
          set_source (cr, halo, 0.9);
          cairo_set_line_width (cr, arc->width + 2 * halo_width);
          cairo_stroke (cr);
        }
      if (arrowhead)
        {
          append_arrowhead (cr, arc);
          set_source (cr, halo, 0.9);
          cairo_set_line_width (cr, 2 * halo_width);
          cairo_stroke (cr);
        }
    }

  cairo_new_path (cr);
  if (append_arc_line (cr, arc, &clip))
    {
      set_source (cr, color, alpha);
      cairo_set_line_width (cr, arc->width);
      cairo_stroke (cr);
    }
  if (arrowhead)
    {
      append_arrowhead (cr, arc);
      set_source (cr, color, alpha);
      cairo_fill (cr);
    }
}

/* Draws the frame's arcs that meet @area (view pixels). */
static gboolean
draw_arcs (const Frame  *frame,
           cairo_t      *cr,
           const CaBBox *area)
{
  const Theme *theme = get_theme (frame->style->palette);
  gboolean drawn = FALSE;

  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  for (guint i = 0; i < frame->arcs->len; i++)
    {
      const ArcItem *item = &g_array_index (frame->arcs, ArcItem, i);

      if (frame->style->cancellable != NULL && g_cancellable_is_cancelled (frame->style->cancellable))
        break;
      if (!ca_bbox_intersects (&item->arc.bbox, area))
        continue;

      if (item->faded)
        draw_arc (cr, &item->arc, &item->color, FADED_ALPHA, NULL, 0, area);
      else
        draw_arc (cr, &item->arc, &item->color, 1.0, &theme->halo, HALO, area);
      drawn = TRUE;
    }

  return drawn;
}

static void
draw_highlight (const Frame *frame,
                cairo_t     *cr)
{
  const CaFlowStyle *style = frame->style;
  const Theme *theme = get_theme (style->palette);
  CaBBox area = { 0, 0, frame->view->width, frame->view->height };
  const CaFlow *flow;
  CaRgb color;
  Arc arc;

  if (!style->arcs || style->highlight < 0 ||
      (guint)style->highlight >= ca_flow_model_get_n_flows (frame->model))
    return;

  flow = ca_flow_model_get_flow (frame->model, style->highlight);
  if (!flow_is_shown (flow, style) ||
      !arc_layout (flow, frame->view, MAX (arc_width (frame->model, flow->value), 2.0), &arc) ||
      !ca_bbox_intersects (&arc.bbox, &area))
    return;

  flow_color (flow, style, &color);

  /* A soft glow of its own colour round a solid casing. */
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_new_path (cr);
  {
    CaBBox clip = { -arc.width - 12, -arc.width - 12,
                    area.x_max + arc.width + 12, area.y_max + arc.width + 12 };

    if (append_arc_line (cr, &arc, &clip))
      {
        set_source (cr, &color, 0.3);
        cairo_set_line_width (cr, arc.width + 10);
        cairo_stroke (cr);
      }
  }
  draw_arc (cr, &arc, &color, 1.0, &theme->halo, 2.0, &area);
}

/* Guesses the work of a frame, in pixels of line, without laying out
 * its arcs: a frame drawn from cached tiles never needs them. */
static void
frame_init (Frame             *frame,
            CaFlowModel       *model,
            CaBasemap         *basemap,
            const CaView      *view,
            const CaFlowStyle *style)
{
  guint n_flows = ca_flow_model_get_n_flows (model);

  frame->model = model;
  frame->basemap = basemap;
  frame->view = view;
  frame->style = style;
  frame->arcs = NULL;
  frame->cost = 0;

  for (guint i = 0; style->arcs && i < n_flows; i++)
    {
      const CaFlow *flow = ca_flow_model_get_flow (model, i);
      double x0, y0, x1, y1, chord, bulge;

      if (!flow_is_shown (flow, style) || !arc_ends (flow, view, &x0, &y0, &x1, &y1))
        continue;

      /* The curve lies within its bulge of the chord. */
      chord = hypot (x1 - x0, y1 - y0);
      bulge = BULGE * chord + MAX_WIDTH;
      if (MAX (x0, x1) + bulge < 0 || MIN (x0, x1) - bulge > view->width ||
          MAX (y0, y1) + bulge < 0 || MIN (y0, y1) - bulge > view->height)
        continue;

      frame->cost += ARC_COST + MIN (chord, view->width + view->height) *
                                (flow_is_faded (model, flow, style) ? 1 : 2);
    }

  if (style->layout == CA_FLOW_ROUTED)
    frame->cost += ca_flow_model_get_n_segments (model) * SEGMENT_COST;
  if (style->choropleth && basemap != NULL)
    frame->cost += CHOROPLETH_COST;
}

/* Lays out the arcs to draw: faded ones first, then the others from the
 * largest down, so that small flows lie on top. */
static void
frame_layout_arcs (Frame *frame)
{
  const CaFlowStyle *style = frame->style;
  guint n_flows = ca_flow_model_get_n_flows (frame->model);
  CaBBox screen = { 0, 0, frame->view->width, frame->view->height };

  if (frame->arcs != NULL)
    return;

  frame->arcs = g_array_new (FALSE, FALSE, sizeof (ArcItem));
  if (!style->arcs)
    return;

  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < n_flows; i++)
      {
        const CaFlow *flow = ca_flow_model_get_flow (frame->model, i);
        ArcItem item;

        if (!flow_is_shown (flow, style) || (int)i == style->highlight)
          continue;

        item.faded = flow_is_faded (frame->model, flow, style);
        if (item.faded != (pass == 0))
          continue;

        if (!arc_layout (flow, frame->view, arc_width (frame->model, flow->value), &item.arc) ||
            !ca_bbox_intersects (&item.arc.bbox, &screen))
          continue;

        item.flow = i;
        flow_color (flow, style, &item.color);
        g_array_append_val (frame->arcs, item);
      }
}

static void
frame_clear (Frame *frame)
{
  g_clear_pointer (&frame->arcs, g_array_unref);
}

/* The routed load */

typedef struct
{
  guint  index;
  double load;
} LoadedSegment;

static int
compare_loads (gconstpointer a,
               gconstpointer b)
{
  const LoadedSegment *la = a, *lb = b;

  if (la->load != lb->load)
    return la->load > lb->load ? -1 : 1;
  return la->index < lb->index ? -1 : la->index > lb->index;
}

/* Whole worlds to move a segment by, to bring it nearest the view. */
static double
segment_shift (const CaFlowSegment *segment,
               const CaView        *view)
{
  double middle = (segment->world[0] + segment->world[2 * segment->n_points - 2]) / 2;

  return round (view->center_x - middle);
}

static void
append_segment (cairo_t             *cr,
                const CaView        *view,
                const CaFlowSegment *segment)
{
  double world_size = ca_view_get_world_size (view);
  double shift = segment_shift (segment, view);
  double last_x = 0, last_y = 0;

  for (guint k = 0; k < segment->n_points; k++)
    {
      double x = (segment->world[2 * k] + shift - view->center_x) * world_size + view->width / 2;
      double y = (segment->world[2 * k + 1] - view->center_y) * world_size + view->height / 2;

      /* Points closer than half a pixel add nothing but work. */
      if (k == 0)
        cairo_move_to (cr, x, y);
      else if (k == segment->n_points - 1 || fabs (x - last_x) + fabs (y - last_y) >= 0.5)
        cairo_line_to (cr, x, y);
      else
        continue;

      last_x = x;
      last_y = y;
    }
}

static gboolean
segment_visible (const CaFlowSegment *segment,
                 const CaView        *view,
                 double               margin)
{
  double world_size = ca_view_get_world_size (view);
  double shift = segment_shift (segment, view);
  CaBBox bbox, screen;

  ca_bbox_init_empty (&bbox);
  for (guint k = 0; k < segment->n_points; k++)
    ca_bbox_expand (&bbox,
                    (segment->world[2 * k] + shift - view->center_x) * world_size + view->width / 2,
                    (segment->world[2 * k + 1] - view->center_y) * world_size + view->height / 2);

  screen.x_min = -margin;
  screen.y_min = -margin;
  screen.x_max = view->width + margin;
  screen.y_max = view->height + margin;

  return ca_bbox_intersects (&bbox, &screen);
}

static gboolean
draw_routed (CaFlowModel       *model,
             cairo_t           *cr,
             const CaView      *view,
             const CaFlowStyle *style)
{
  const Theme *theme = get_theme (style->palette);
  guint n_segments = ca_flow_model_get_n_segments (model);
  g_autofree double *loads = NULL;
  g_autoptr(GArray) shown = g_array_new (FALSE, FALSE, sizeof (LoadedSegment));
  double max_load = _ca_flow_model_get_max_load (model);
  double fade = style->fade_below * max_load;

  if (n_segments == 0 || !(max_load > 0))
    return FALSE;

  /* One province's share of the load, from its flows' paths. */
  if (style->selected_province >= 0)
    {
      const guint *path = _ca_flow_model_get_path_segments (model);

      loads = g_new0 (double, n_segments);
      for (guint i = 0; i < _ca_flow_model_get_n_routed (model); i++)
        {
          const CaRoutedFlow *routed = _ca_flow_model_get_routed (model, i);

          if (ca_flow_model_get_flow (model, routed->flow)->province != style->selected_province)
            continue;
          for (guint k = 0; k < routed->n_segments; k++)
            loads[path[routed->first + k]] += routed->value;
        }
    }

  for (guint i = 0; i < n_segments; i++)
    {
      const CaFlowSegment *segment = ca_flow_model_get_segment (model, i);
      LoadedSegment item = { i, loads != NULL ? loads[i] : segment->load };

      if (item.load > 0 && segment->n_points >= 2 &&
          segment_visible (segment, view, MAX_WIDTH + ROUTE_HALO))
        g_array_append_val (shown, item);
    }
  g_array_sort (shown, compare_loads);

  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  /* All the casings under all the lines, so that the network reads as one
   * piece where its segments meet. */
  for (guint i = 0; i < shown->len; i++)
    {
      const LoadedSegment *item = &g_array_index (shown, LoadedSegment, i);

      if (item->load < fade)
        continue;
      cairo_new_path (cr);
      append_segment (cr, view, ca_flow_model_get_segment (model, item->index));
      set_source (cr, &theme->halo, 0.9);
      cairo_set_line_width (cr, ca_flow_width_for_value (model, item->load) + 2 * ROUTE_HALO);
      cairo_stroke (cr);
    }

  for (guint i = 0; i < shown->len; i++)
    {
      const LoadedSegment *item = &g_array_index (shown, LoadedSegment, i);
      CaRgb color;

      /* Heavier stretches run from amber to a deep red. */
      mix (&theme->route_low, &theme->route_high, sqrt (MIN (item->load / max_load, 1.0)), &color);

      cairo_new_path (cr);
      append_segment (cr, view, ca_flow_model_get_segment (model, item->index));
      set_source (cr, &color, item->load < fade ? FADED_ALPHA * 1.5 : 1.0);
      cairo_set_line_width (cr, ca_flow_width_for_value (model, item->load));
      cairo_stroke (cr);
    }

  return shown->len > 0;
}

/* Province totals */

static int
compare_doubles (const void *a,
                 const void *b)
{
  double da = *(const double *)a, db = *(const double *)b;

  return da < db ? -1 : da > db;
}

typedef struct
{
  int    province;
  double total;
} ProvinceTotal;

static int
compare_totals (gconstpointer a,
                gconstpointer b)
{
  const ProvinceTotal *ta = a, *tb = b;

  if (ta->total != tb->total)
    return ta->total > tb->total ? -1 : 1;
  return ta->province - tb->province;
}

static gboolean
draw_circles (CaFlowModel       *model,
              cairo_t           *cr,
              const CaView      *view,
              const CaFlowStyle *style)
{
  const Theme *theme = get_theme (style->palette);
  double totals[CA_N_PROVINCES];
  ProvinceTotal sorted[CA_N_PROVINCES];
  gboolean drawn = FALSE;
  guint n = 0;

  ca_flow_model_get_province_totals (model, totals);
  for (int p = 0; p < CA_N_PROVINCES; p++)
    if (totals[p] > 0 && ca_flow_model_get_province_anchor (model, p, NULL, NULL))
      {
        sorted[n].province = p;
        sorted[n].total = totals[p];
        n++;
      }
  if (n == 0)
    return FALSE;

  qsort (sorted, n, sizeof (ProvinceTotal), compare_totals);

  /* Largest first, so that small circles stay on top. */
  for (guint i = 0; i < n; i++)
    {
      double lon, lat, x, y;
      double r = MAX (CIRCLE_MAX_RADIUS * sqrt (sorted[i].total / sorted[0].total),
                      CIRCLE_MIN_RADIUS);

      ca_flow_model_get_province_anchor (model, sorted[i].province, &lon, &lat);
      ca_view_location_to_pixel (view, lon, lat, &x, &y);
      if (x + r < 0 || y + r < 0 || x - r > view->width || y - r > view->height)
        continue;

      cairo_new_path (cr);
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      set_source (cr, &theme->circle, 0.3);
      cairo_fill_preserve (cr);
      set_source (cr, &theme->circle, 0.85);
      cairo_set_line_width (cr, 1.25);
      cairo_stroke (cr);
      drawn = TRUE;
    }

  return drawn;
}

/**
 * ca_flow_choropleth_classes:
 * @classes: (array fixed-size=34) (out caller-allocates): each province's
 *   class, 0 (least) to 4 (most), or -1 for no trade
 * @lower_bounds: (array fixed-size=5) (out caller-allocates) (optional):
 *   the smallest total of each class
 *
 * Puts the provinces that trade into five quantile classes of their
 * totals.  With fewer than five provinces, or ties, some classes stay
 * empty: their lower bound equals the next one's.
 *
 * Returns: how many classes have provinces in them
 */
guint
ca_flow_choropleth_classes (CaFlowModel *model,
                            int         *classes,
                            double      *lower_bounds)
{
  double totals[CA_N_PROVINCES], sorted[CA_N_PROVINCES], bounds[CA_FLOW_N_CLASSES];
  gboolean used[CA_FLOW_N_CLASSES] = { FALSE, };
  guint n = 0, n_used = 0;

  g_return_val_if_fail (CA_IS_FLOW_MODEL (model), 0);
  g_return_val_if_fail (classes != NULL, 0);

  ca_flow_model_get_province_totals (model, totals);
  for (int p = 0; p < CA_N_PROVINCES; p++)
    if (totals[p] > 0)
      sorted[n++] = totals[p];

  qsort (sorted, n, sizeof (double), compare_doubles);
  for (guint k = 0; k < CA_FLOW_N_CLASSES; k++)
    bounds[k] = n > 0 ? sorted[k * n / CA_FLOW_N_CLASSES] : 0;

  for (int p = 0; p < CA_N_PROVINCES; p++)
    {
      classes[p] = -1;
      if (!(totals[p] > 0))
        continue;

      /* The highest class whose lower bound the total reaches: equal
       * totals always share a class. */
      for (int k = CA_FLOW_N_CLASSES - 1; k >= 0; k--)
        if (totals[p] >= bounds[k])
          {
            classes[p] = k;
            break;
          }

      if (!used[classes[p]])
        {
          used[classes[p]] = TRUE;
          n_used++;
        }
    }

  if (lower_bounds != NULL)
    memcpy (lower_bounds, bounds, sizeof bounds);

  return n_used;
}

/**
 * ca_flow_choropleth_color:
 * @palette: the basemap's palette
 * @klass: a class, 0 to 4
 *
 * The fill of a choropleth class: yellow to green to blue on the light
 * basemap, purple to pale yellow on the dark one.  It is drawn half
 * transparent over the basemap.
 */
void
ca_flow_choropleth_color (CaBasemapStyle  palette,
                          guint           klass,
                          CaRgb          *rgb)
{
  g_return_if_fail (rgb != NULL);

  *rgb = class_colors[palette == CA_BASEMAP_STYLE_DARK][MIN (klass, CA_FLOW_N_CLASSES - 1)];
}

/**
 * ca_flow_append_item_path:
 * @cr: a cairo context whose user space is @view's pixels
 * @item: a province or country of the basemap
 *
 * Appends the rings of @item that meet the view to the current path, at
 * the level of detail the view's zoom (and the context's scale) calls for.
 * Fill the path with %CAIRO_FILL_RULE_EVEN_ODD, so holes stay open.
 * Items that cross the antimeridian are appended as they lie, not
 * repeated a world east or west.
 */
void
ca_flow_append_item_path (cairo_t             *cr,
                          const CaView        *view,
                          const CaBasemapItem *item)
{
  double world_size, margin, cx, cy, half_w, half_h;
  guint level;
  const CaShape *shape;
  CaBBox clip;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (view != NULL);
  g_return_if_fail (item != NULL);

  world_size = ca_view_get_world_size (view);
  level = _ca_basemap_level_for_zoom (view->zoom + log2 (_ca_basemap_detail_scale_from_context (cr)));
  shape = &item->levels[level];
  margin = 4.0 / world_size;
  ca_view_get_world_bbox (view, &clip);
  clip.x_min -= margin;
  clip.y_min -= margin;
  clip.x_max += margin;
  clip.y_max += margin;

  if (!ca_bbox_intersects (&item->bbox, &clip))
    return;

  cx = view->center_x;
  cy = view->center_y;
  half_w = view->width / 2;
  half_h = view->height / 2;

#define TO_PIXEL_X(wx) (((wx) - cx) * world_size + half_w)
#define TO_PIXEL_Y(wy) (((wy) - cy) * world_size + half_h)

  for (guint r = 0; r < shape->n_rings; r++)
    {
      const CaRing *ring = &shape->rings[r];
      const CaChunk *chunk;
      double ox, oy, sx, sy;

      if (ring->n_chunks == 0 || !ca_bbox_f_intersects (&ring->bbox, &clip))
        continue;

      chunk = &shape->chunks[ring->first_chunk];
      ca_chunk_get_transform (chunk, &ox, &oy, &sx, &sy);
      cairo_move_to (cr, TO_PIXEL_X (ox + shape->points[chunk->first].x * sx),
                     TO_PIXEL_Y (oy + shape->points[chunk->first].y * sy));

      for (guint c = 0; c < ring->n_chunks; c++, chunk++)
        {
          const CaPointQ *points = &shape->points[chunk->first];

          ca_chunk_get_transform (chunk, &ox, &oy, &sx, &sy);

          /* A run of the ring wholly off the view is replaced by a jump to
           * its end: both stay on the far side of one edge of the view, so
           * nothing inside changes winding. */
          if (!ca_bbox_f_intersects (&chunk->bbox, &clip))
            {
              const CaPointQ *last = &points[chunk->n_points - 1];

              cairo_line_to (cr, TO_PIXEL_X (ox + last->x * sx), TO_PIXEL_Y (oy + last->y * sy));
              continue;
            }

          for (guint k = 1; k < chunk->n_points; k++)
            cairo_line_to (cr, TO_PIXEL_X (ox + points[k].x * sx),
                           TO_PIXEL_Y (oy + points[k].y * sy));
        }

      cairo_close_path (cr);
    }

#undef TO_PIXEL_X
#undef TO_PIXEL_Y
}

static gboolean
draw_choropleth (CaFlowModel       *model,
                 CaBasemap         *basemap,
                 cairo_t           *cr,
                 const CaView      *view,
                 const CaFlowStyle *style)
{
  int classes[CA_N_PROVINCES];
  gboolean drawn = FALSE;

  if (ca_flow_choropleth_classes (model, classes, NULL) == 0)
    return FALSE;

  cairo_save (cr);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);

  /* Provinces do not overlap, so one class fills in one go. */
  for (guint k = 0; k < CA_FLOW_N_CLASSES; k++)
    {
      gboolean any = FALSE;
      CaRgb color;

      cairo_new_path (cr);
      for (int p = 0; p < CA_N_PROVINCES; p++)
        {
          const CaBasemapItem *item;

          if (classes[p] != (int)k)
            continue;

          item = ca_basemap_find_item (basemap, ca_trade_province_code (p));
          if (item == NULL)
            continue;

          ca_flow_append_item_path (cr, view, item);
        }

      /* Nothing was appended when no province of the class is in view. */
      any = cairo_has_current_point (cr);
      if (!any)
        continue;

      ca_flow_choropleth_color (style->palette, k, &color);
      set_source (cr, &color, style->palette == CA_BASEMAP_STYLE_DARK ? CHOROPLETH_ALPHA - 0.1
                                                                      : CHOROPLETH_ALPHA);
      cairo_fill (cr);
      drawn = TRUE;
    }

  cairo_restore (cr);
  return drawn;
}

/* Draws every layer but the highlight on a surface whose user space is
 * @view's pixels: the frame's own, or a tile's.  The frame's arcs are laid
 * out in the frame's pixels, which are @view's moved by (@dx, @dy).
 * Returns whether anything was drawn. */
static gboolean
draw_layers (const Frame  *frame,
             cairo_t      *cr,
             const CaView *view,
             double        dx,
             double        dy)
{
  const CaFlowStyle *style = frame->style;
  gboolean drawn = FALSE;

  if (style->choropleth && frame->basemap != NULL)
    drawn |= draw_choropleth (frame->model, frame->basemap, cr, view, style);

  if (style->layout == CA_FLOW_ROUTED)
    drawn |= draw_routed (frame->model, cr, view, style);

  if (style->circles)
    drawn |= draw_circles (frame->model, cr, view, style);

  if (frame->arcs->len > 0)
    {
      CaBBox area = { dx, dy, dx + view->width, dy + view->height };

      cairo_save (cr);
      cairo_translate (cr, -dx, -dy);
      drawn |= draw_arcs (frame, cr, &area);
      cairo_restore (cr);
    }

  return drawn;
}

/* Raster tiles
 *
 * A frame of thousands of long arcs takes cairo a second, so when a frame
 * would cost more than TILE_MIN_COST it is drawn from 256 px tiles of
 * everything but the highlight, rendered on every core and kept on the
 * model per zoom and style; panning and hovering then only composite
 * them.  PDF, SVG and PS always get vectors, and so does an exact style. */

/* What the tiles depend on besides the zoom and scale: compared as
 * bytes, so zeroed first. */
typedef struct
{
  gpointer basemap;
  double   fade_below;
  int      layout;
  int      coloring;
  int      arcs;
  int      choropleth;
  int      circles;
  int      selected_province;
  int      palette;
} TileStyle;

/* The model's tiles: they go with the model. */
static CaTileCache *
get_tile_cache (CaFlowModel *model)
{
  static GMutex lock;
  static GQuark quark;
  CaTileCache *cache;

  g_mutex_lock (&lock);
  if (quark == 0)
    quark = g_quark_from_static_string ("ca-flow-tile-cache");

  cache = g_object_get_qdata (G_OBJECT (model), quark);
  if (cache == NULL)
    {
      cache = ca_tile_cache_new (TILE_CACHE_BYTES);
      g_object_set_qdata_full (G_OBJECT (model), quark, cache,
                               (GDestroyNotify)ca_tile_cache_free);
    }
  g_mutex_unlock (&lock);

  return cache;
}

/* Laid out once a frame that misses tiles, before the threads share it. */
static void
prepare_tiles_cb (gpointer user_data)
{
  frame_layout_arcs (user_data);
}

static gboolean
draw_tile_cb (cairo_t      *cr,
              const CaTile *tile,
              gpointer      user_data)
{
  return draw_layers (user_data, cr, &tile->view, tile->x, tile->y);
}

static gboolean
should_use_tiles (const Frame *frame,
                  cairo_t     *cr,
                  double      *scale)
{
  if (frame->style->exact || frame->cost < TILE_MIN_COST)
    return FALSE;

  return ca_tile_cache_can_draw (cr, frame->view, scale);
}

static void
draw_tiles (Frame   *frame,
            cairo_t *cr,
            double   scale)
{
  const CaFlowStyle *style = frame->style;
  TileStyle key;

  memset (&key, 0, sizeof key);
  key.basemap = frame->basemap;
  key.fade_below = style->fade_below;
  key.layout = style->layout;
  key.coloring = style->coloring;
  key.arcs = style->arcs != FALSE;
  key.choropleth = style->choropleth != FALSE;
  key.circles = style->circles != FALSE;
  key.selected_province = style->selected_province;
  key.palette = style->palette;

  ca_tile_cache_draw (get_tile_cache (frame->model), cr, frame->view, scale, &key, sizeof key,
                      prepare_tiles_cb, draw_tile_cb, frame);
}

/**
 * ca_flow_draw:
 * @model: the flows
 * @basemap: (nullable): the basemap, for the choropleth's provinces
 * @cr: a cairo context whose user space is @view's pixels
 * @view: the part of the world to draw
 * @style: what to draw, and how
 *
 * Draws the choropleth, the routed load, the circles and the arcs that
 * @style asks for, clipped to the view.
 */
void
ca_flow_draw (CaFlowModel       *model,
              CaBasemap         *basemap,
              cairo_t           *cr,
              const CaView      *view,
              const CaFlowStyle *style)
{
  Frame frame;
  double scale;

  g_return_if_fail (CA_IS_FLOW_MODEL (model));
  g_return_if_fail (!basemap || CA_IS_BASEMAP (basemap));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (view != NULL);
  g_return_if_fail (style != NULL);

  frame_init (&frame, model, basemap, view, style);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, view->width, view->height);
  cairo_clip (cr);
  cairo_new_path (cr);

  if (should_use_tiles (&frame, cr, &scale))
    draw_tiles (&frame, cr, scale);
  else
    {
      frame_layout_arcs (&frame);
      draw_layers (&frame, cr, view, 0, 0);
    }

  draw_highlight (&frame, cr);

  cairo_new_path (cr);
  cairo_restore (cr);

  frame_clear (&frame);
}

/* Hit testing */

static double
distance_to_segment (double px,
                     double py,
                     double ax,
                     double ay,
                     double bx,
                     double by)
{
  double dx = bx - ax, dy = by - ay;
  double length2 = dx * dx + dy * dy;
  double t = length2 > 0 ? CLAMP (((px - ax) * dx + (py - ay) * dy) / length2, 0.0, 1.0) : 0.0;

  return hypot (px - (ax + t * dx), py - (ay + t * dy));
}

static gboolean
arc_hit (const Arc *arc,
         double     x,
         double     y)
{
  double slop = arc->width / 2 + HIT_SLOP;
  double last_x = arc->x0, last_y = arc->y0;

  if (x < arc->bbox.x_min - HIT_SLOP || x > arc->bbox.x_max + HIT_SLOP ||
      y < arc->bbox.y_min - HIT_SLOP || y > arc->bbox.y_max + HIT_SLOP)
    return FALSE;

  for (guint i = 1; i <= HIT_SAMPLES; i++)
    {
      double px, py;

      quad_point (arc, (double)i / HIT_SAMPLES, &px, &py);
      if (distance_to_segment (x, y, last_x, last_y, px, py) <= slop)
        return TRUE;
      last_x = px;
      last_y = py;
    }

  /* The arrowhead, wider than the line. */
  return distance_to_segment (x, y, arc->bx, arc->by, arc->x1, arc->y1) <=
         arc->arrow_half * 0.6 + HIT_SLOP;
}

/**
 * ca_flow_hit_test:
 * @x: a point in view pixels
 * @y: a point in view pixels
 *
 * Finds the arc drawn at a point (within 4 px of its ink), looking from
 * the top down as ca_flow_draw() stacks them.
 *
 * Returns: the index of the flow, or -1
 */
int
ca_flow_hit_test (CaFlowModel       *model,
                  const CaView      *view,
                  const CaFlowStyle *style,
                  double             x,
                  double             y)
{
  guint n_flows;
  Arc arc;

  g_return_val_if_fail (CA_IS_FLOW_MODEL (model), -1);
  g_return_val_if_fail (view != NULL, -1);
  g_return_val_if_fail (style != NULL, -1);

  if (!style->arcs)
    return -1;

  n_flows = ca_flow_model_get_n_flows (model);

  if (style->highlight >= 0 && (guint)style->highlight < n_flows)
    {
      const CaFlow *flow = ca_flow_model_get_flow (model, style->highlight);

      if (flow_is_shown (flow, style) &&
          arc_layout (flow, view, MAX (arc_width (model, flow->value), 2.0), &arc) &&
          arc_hit (&arc, x, y))
        return style->highlight;
    }

  /* Smaller flows lie on top; faded ones lie under all the others. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = n_flows; i-- > 0;)
      {
        const CaFlow *flow = ca_flow_model_get_flow (model, i);

        double x0, y0, x1, y1, reach;

        if (!flow_is_shown (flow, style) || flow_is_faded (model, flow, style) != (pass == 1))
          continue;

        /* Most arcs pass nowhere near: skip them before laying them out. */
        if (!arc_ends (flow, view, &x0, &y0, &x1, &y1))
          continue;
        reach = BULGE * hypot (x1 - x0, y1 - y0) + 2 * MAX_WIDTH + HIT_SLOP;
        if (x < MIN (x0, x1) - reach || x > MAX (x0, x1) + reach ||
            y < MIN (y0, y1) - reach || y > MAX (y0, y1) + reach)
          continue;

        if (arc_layout (flow, view, arc_width (model, flow->value), &arc) && arc_hit (&arc, x, y))
          return i;
      }

  return -1;
}

/**
 * ca_flow_get_arc_point:
 * @flow: index of a flow
 * @t: 0 at the origin, 1 at the destination
 * @x: (out): the point's position in view pixels
 * @y: (out): the point's position in view pixels
 *
 * A point along the arc's centre line, as ca_flow_draw() curves it: for
 * tooltips and labels.
 *
 * Returns: whether the arc is long enough to be drawn
 */
gboolean
ca_flow_get_arc_point (CaFlowModel  *model,
                       const CaView *view,
                       guint         flow,
                       double        t,
                       double       *x,
                       double       *y)
{
  Arc arc;

  g_return_val_if_fail (CA_IS_FLOW_MODEL (model), FALSE);
  g_return_val_if_fail (view != NULL, FALSE);
  g_return_val_if_fail (flow < ca_flow_model_get_n_flows (model), FALSE);

  if (!arc_layout (ca_flow_model_get_flow (model, flow), view, MIN_WIDTH, &arc))
    return FALSE;

  quad_point (&arc, CLAMP (t, 0.0, 1.0), x, y);
  return TRUE;
}
