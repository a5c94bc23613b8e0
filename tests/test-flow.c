/* test-flow.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cairo-pdf.h>
#include <math.h>

#include "ca-flow-draw.h"
#include "ca-flow-model.h"
#include "test-util.h"

#define SIZE 801

/* A pale green that no style uses. */
static const CaRgb background = { 200 / 255.0, 230 / 255.0, 200 / 255.0 };

static CaBasemap *basemap;
static CaVectorLayer *routes;
static CaVectorLayer *nodes;
static CaVectorLayer *ports;

static CaVectorLayer *
load_layer (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "corridor", name, NULL);
  CaVectorLayer *layer = ca_vector_layer_load (path, NULL, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (layer);
  return layer;
}

static int
province (const char *code)
{
  int index = ca_trade_match_province (code);

  g_assert_cmpint (index, >=, 0);
  return index;
}

static int
region (const char *id)
{
  int index = ca_trade_find_region (id);

  g_assert_cmpint (index, >=, 0);
  return index;
}

/* Adds @value yuan for every month of 2025. */
static void
add_year (CaTradeCube *cube,
          const char  *province_code,
          const char  *region_id,
          CaMode       mode,
          double       value)
{
  for (int m = 1; m <= 12; m++)
    ca_trade_cube_add (cube, CA_MONTH (2025, m), province (province_code), region (region_id), CA_DIRECTION_UNSPECIFIED, mode,
                       value / 12);
}

static void
filter_2025 (CaTradeFilter *filter)
{
  ca_trade_filter_init (filter, CA_MONTH (2025, 1), CA_MONTH (2025, 12));
}

static int
find_flow (CaFlowModel *model,
           const char  *province_code,
           const char  *region_id)
{
  for (guint i = 0; i < ca_flow_model_get_n_flows (model); i++)
    {
      const CaFlow *flow = ca_flow_model_get_flow (model, i);

      if (flow->province == province (province_code) && flow->region == region (region_id))
        return i;
    }

  g_assert_not_reached ();
  return -1;
}

/* Drawing */

static void
arcs_only (CaFlowStyle *style)
{
  ca_flow_style_init (style);
  style->fade_below = 0;
}

static cairo_surface_t *
render (CaFlowModel       *model,
        const CaView      *view,
        const CaFlowStyle *style)
{
  cairo_surface_t *surface;
  cairo_t *cr;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int)view->width, (int)view->height);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, background.red, background.green, background.blue);
  cairo_paint (cr);
  ca_flow_draw (model, basemap, cr, view, style);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

static gboolean
pixel_near (Pixel        pixel,
            const CaRgb *rgb,
            int          tolerance)
{
  return ABS (pixel.red - (int)lround (rgb->red * 255)) +
         ABS (pixel.green - (int)lround (rgb->green * 255)) +
         ABS (pixel.blue - (int)lround (rgb->blue * 255)) <= tolerance;
}

static gboolean
inside (cairo_surface_t *surface,
        int              x,
        int              y)
{
  return x >= 0 && y >= 0 && x < cairo_image_surface_get_width (surface) &&
         y < cairo_image_surface_get_height (surface);
}

/* Pixels of @rgb in the square of side 2 × @half + 1 around a point. */
static guint
count_ink (cairo_surface_t *surface,
           double           cx,
           double           cy,
           int              half,
           const CaRgb     *rgb)
{
  guint count = 0;

  for (int y = (int)floor (cy) - half; y <= (int)floor (cy) + half; y++)
    for (int x = (int)floor (cx) - half; x <= (int)floor (cx) + half; x++)
      if (inside (surface, x, y) && pixel_near (pixel_at (surface, x, y), rgb, 60))
        count++;

  return count;
}

/* Pixels of @rgb on a line across the arc at @t, within @reach of it. */
static guint
count_across (cairo_surface_t *surface,
              CaFlowModel     *model,
              const CaView    *view,
              guint            flow,
              double           t,
              double           reach,
              const CaRgb     *rgb)
{
  double x, y, xa, ya, xb, yb, nx, ny, length;
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  guint count = 0;

  g_assert_true (ca_flow_get_arc_point (model, view, flow, t, &x, &y));
  g_assert_true (ca_flow_get_arc_point (model, view, flow, t - 0.01, &xa, &ya));
  g_assert_true (ca_flow_get_arc_point (model, view, flow, t + 0.01, &xb, &yb));
  length = hypot (xb - xa, yb - ya);
  nx = -(yb - ya) / length;
  ny = (xb - xa) / length;

  for (double s = -reach; s <= reach; s += 0.25)
    {
      int px = (int)floor (x + nx * s), py = (int)floor (y + ny * s);
      gpointer key = GINT_TO_POINTER (py * 100000 + px + 1);

      if (!inside (surface, px, py) || g_hash_table_contains (seen, key))
        continue;
      g_hash_table_add (seen, key);
      if (pixel_near (pixel_at (surface, px, py), rgb, 60))
        count++;
    }

  return count;
}

/* The point of the arc @distance pixels along it from one end. */
static void
point_from_end (CaFlowModel  *model,
                const CaView *view,
                guint         flow,
                gboolean      from_destination,
                double        distance,
                double       *x,
                double       *y)
{
  double ex, ey, lo = 0, hi = 0.5;

  g_assert_true (ca_flow_get_arc_point (model, view, flow, from_destination ? 1 : 0, &ex, &ey));
  for (guint i = 0; i < 40; i++)
    {
      double mid = (lo + hi) / 2;

      g_assert_true (ca_flow_get_arc_point (model, view, flow, from_destination ? 1 - mid : mid,
                                            x, y));
      if (hypot (*x - ex, *y - ey) < distance)
        lo = mid;
      else
        hi = mid;
    }
}

static void
region_color (const char *id,
              CaRgb      *rgb)
{
  ca_flow_region_color (region (id), rgb);
}

/* Tests */

static void
test_model (void)
{
  g_autoptr(CaTradeCube) cube = ca_trade_cube_new ();
  g_autoptr(CaFlowModel) model = NULL;
  CaTradeFilter filter;
  double totals[CA_N_PROVINCES], lon, lat;
  const CaRegion *asean;
  const CaFlow *flow;
  int cq;

  add_year (cube, "CN-CQ", "asean", CA_MODE_RAIL_SEA, 1200);
  add_year (cube, "CN-CQ", "asean", CA_MODE_CROSS_BORDER_RAIL, 600);
  add_year (cube, "CN-GX", "east-asia", CA_MODE_RAIL_SEA, 300);
  add_year (cube, "CN-SC", "europe", CA_MODE_RAIL_SEA, 900);
  /* A year earlier, for growth: Chongqing had 1500, Sichuan nothing. */
  for (int m = 1; m <= 12; m++)
    ca_trade_cube_add (cube, CA_MONTH (2024, m), province ("CN-CQ"), region ("asean"), CA_DIRECTION_UNSPECIFIED,
                       CA_MODE_RAIL_SEA, 125);

  filter_2025 (&filter);
  model = ca_flow_model_new (cube, &filter, basemap, NULL, nodes, NULL);

  g_assert_cmpuint (ca_flow_model_get_n_flows (model), ==, 3);
  g_assert_cmpfloat_with_epsilon (ca_flow_model_get_total (model), 3000, 1e-6);

  /* Largest first. */
  flow = ca_flow_model_get_flow (model, 0);
  g_assert_cmpint (flow->province, ==, province ("CN-CQ"));
  g_assert_cmpint (flow->region, ==, region ("asean"));
  g_assert_cmpfloat_with_epsilon (flow->value, 1800, 1e-6);
  g_assert_cmpfloat_with_epsilon (flow->base, 1500, 1e-6);
  g_assert_cmpfloat_with_epsilon (flow->growth, 0.2, 1e-9);
  g_assert_cmpfloat_with_epsilon (flow->share, 0.6, 1e-9);
  g_assert_cmpint (ca_flow_model_get_flow (model, 1)->province, ==, province ("CN-SC"));
  g_assert_true (isnan (ca_flow_model_get_flow (model, 1)->growth));
  g_assert_cmpint (ca_flow_model_get_flow (model, 2)->province, ==, province ("CN-GX"));

  /* From Chongqing's main node to ASEAN's anchor. */
  cq = find_flow (model, "CN-CQ", "asean");
  flow = ca_flow_model_get_flow (model, cq);
  g_assert_cmpfloat_with_epsilon (flow->from_lon, 106.405, 1e-9);
  g_assert_cmpfloat_with_epsilon (flow->from_lat, 29.64, 1e-9);
  asean = ca_trade_get_region (region ("asean"));
  g_assert_cmpfloat_with_epsilon (flow->to_lon, asean->anchor_longitude, 1e-9);
  g_assert_cmpfloat_with_epsilon (flow->to_lat, asean->anchor_latitude, 1e-9);

  ca_flow_model_get_province_totals (model, totals);
  g_assert_cmpfloat_with_epsilon (totals[province ("CN-CQ")], 1800, 1e-6);
  g_assert_cmpfloat_with_epsilon (totals[province ("CN-SC")], 900, 1e-6);
  g_assert_cmpfloat (totals[province ("CN-YN")], ==, 0);

  /* Provinces without a main node start at their label point. */
  g_assert_true (ca_flow_model_get_province_anchor (model, province ("CN-GD"), &lon, &lat));
  g_assert_true (ca_basemap_item_contains (ca_basemap_find_item (basemap, "CN-GD"), lon, lat));

  /* Without routes there is no network. */
  g_assert_cmpuint (ca_flow_model_get_n_segments (model), ==, 0);
  g_assert_false (ca_flow_model_route_path (model, cq, NULL));
}

static void
test_arc_direction (void)
{
  g_autoptr(CaTradeCube) cube = ca_trade_cube_new ();
  g_autoptr(CaFlowModel) model = NULL;
  cairo_surface_t *surface;
  CaFlowStyle style;
  CaView view;
  CaRgb asean;
  CaTradeFilter filter;
  double x, y, mx, my, ox, oy, dx, dy, nx, ny, length;
  guint near_destination, near_origin;
  int cq;

  /* A thin Chongqing–ASEAN arc beside a flow 25 times bigger. */
  add_year (cube, "CN-CQ", "asean", CA_MODE_RAIL_SEA, 40);
  add_year (cube, "CN-SC", "europe", CA_MODE_RAIL_SEA, 1000);
  filter_2025 (&filter);
  model = ca_flow_model_new (cube, &filter, NULL, NULL, nodes, NULL);
  cq = find_flow (model, "CN-CQ", "asean");

  ca_view_init (&view, 105.0, 17.5, 5.0, SIZE, SIZE);
  arcs_only (&style);
  surface = render (model, &view, &style);
  region_color ("asean", &asean);

  /* The ends are where the anchors are. */
  g_assert_true (ca_flow_get_arc_point (model, &view, cq, 0, &x, &y));
  ca_view_location_to_pixel (&view, 106.405, 29.64, &ox, &oy);
  g_assert_cmpfloat (hypot (x - ox, y - oy), <, 0.01);
  g_assert_true (ca_flow_get_arc_point (model, &view, cq, 1, &x, &y));
  ca_view_location_to_pixel (&view, 104.0, 5.0, &dx, &dy);
  g_assert_cmpfloat (hypot (x - dx, y - dy), <, 0.01);

  /* The arrowhead puts far more ink just before the destination than
   * the line has just after the origin. */
  point_from_end (model, &view, cq, TRUE, 8, &x, &y);
  near_destination = count_ink (surface, x, y, 8, &asean);
  point_from_end (model, &view, cq, FALSE, 8, &x, &y);
  near_origin = count_ink (surface, x, y, 8, &asean);
  g_test_message ("ink near the destination %u, near the origin %u", near_destination, near_origin);
  g_assert_cmpuint (near_origin, >, 0);
  g_assert_cmpuint (near_destination, >, near_origin * 3 / 2);

  /* The arc bulges to the left of its direction: heading south, east. */
  g_assert_true (ca_flow_get_arc_point (model, &view, cq, 0.5, &mx, &my));
  g_assert_cmpfloat (mx, >, (ox + dx) / 2 + 20);

  /* Hit-testing the middle of the arc finds it; 30 px aside, nothing. */
  g_assert_cmpint (ca_flow_hit_test (model, &view, &style, mx, my), ==, cq);
  length = hypot (dx - ox, dy - oy);
  nx = -(dy - oy) / length;
  ny = (dx - ox) / length;
  g_assert_cmpint (ca_flow_hit_test (model, &view, &style, mx + 30 * nx, my + 30 * ny), ==, -1);
  g_assert_cmpint (ca_flow_hit_test (model, &view, &style, mx - 30 * nx, my - 30 * ny), ==, -1);

  /* Hidden arcs are not hit. */
  style.arcs = FALSE;
  g_assert_cmpint (ca_flow_hit_test (model, &view, &style, mx, my), ==, -1);

  cairo_surface_destroy (surface);
}

static int
find_directed_flow (CaFlowModel *model,
                    const char  *province_code,
                    const char  *region_id,
                    CaDirection  direction)
{
  for (guint i = 0; i < ca_flow_model_get_n_flows (model); i++)
    {
      const CaFlow *flow = ca_flow_model_get_flow (model, i);

      if (flow->province == province (province_code) && flow->region == region (region_id) &&
          flow->direction == direction)
        return i;
    }

  return -1;
}

static void
test_directions (void)
{
  g_autoptr(CaTradeCube) cube = ca_trade_cube_new ();
  g_autoptr(CaFlowModel) model = NULL;
  g_autoptr(CaFlowModel) inbound = NULL;
  g_autoptr(GArray) out_path = NULL;
  g_autoptr(GArray) in_path = NULL;
  cairo_surface_t *surface;
  const CaRegion *asean = ca_trade_get_region (region ("asean"));
  const CaFlow *flow;
  CaTradeFilter filter;
  CaFlowStyle style;
  CaView view;
  CaRgb ink;
  double x, y, ox, oy, ix, iy;
  guint near_province, near_partner;
  int out, in;

  /* Chongqing sends 600 to ASEAN and takes in 300 from it, by rail-sea. */
  for (int m = 1; m <= 12; m++)
    {
      ca_trade_cube_add (cube, CA_MONTH (2025, m), province ("CN-CQ"), region ("asean"), CA_DIRECTION_EXPORT,
                         CA_MODE_RAIL_SEA, 50);
      ca_trade_cube_add (cube, CA_MONTH (2025, m), province ("CN-CQ"), region ("asean"), CA_DIRECTION_IMPORT,
                         CA_MODE_RAIL_SEA, 25);
    }
  filter_2025 (&filter);
  model = ca_flow_model_new (cube, &filter, basemap, routes, nodes, ports);

  /* One flow each way: exports out of the province, imports into it. */
  g_assert_cmpuint (ca_flow_model_get_n_flows (model), ==, 2);
  out = find_directed_flow (model, "CN-CQ", "asean", CA_DIRECTION_EXPORT);
  in = find_directed_flow (model, "CN-CQ", "asean", CA_DIRECTION_IMPORT);
  g_assert_cmpint (out, >=, 0);
  g_assert_cmpint (in, >=, 0);
  flow = ca_flow_model_get_flow (model, out);
  g_assert_cmpfloat_with_epsilon (flow->value, 600, 1e-9);
  g_assert_cmpfloat_with_epsilon (flow->from_lon, 106.405, 1e-9);
  g_assert_cmpfloat_with_epsilon (flow->to_lon, asean->anchor_longitude, 1e-9);
  flow = ca_flow_model_get_flow (model, in);
  g_assert_cmpfloat_with_epsilon (flow->value, 300, 1e-9);
  g_assert_cmpfloat_with_epsilon (flow->from_lon, asean->anchor_longitude, 1e-9);
  g_assert_cmpfloat_with_epsilon (flow->to_lon, 106.405, 1e-9);
  g_assert_cmpfloat_with_epsilon (flow->share, 1.0 / 3, 1e-9);

  /* Both go the same way over the network, and every stretch of it
   * carries both: 900. */
  g_assert_true (ca_flow_model_route_path (model, out, &out_path));
  g_assert_true (ca_flow_model_route_path (model, in, &in_path));
  g_assert_cmpuint (out_path->len, ==, in_path->len);
  for (guint i = 0; i < out_path->len; i++)
    {
      guint s = g_array_index (out_path, guint, i);

      g_assert_cmpuint (s, ==, g_array_index (in_path, guint, i));
      g_assert_cmpfloat_with_epsilon (ca_flow_model_get_segment (model, s)->load, 900, 1e-9);
    }

  /* The two arcs bulge to opposite sides, so both stay visible. */
  ca_view_init (&view, 105.0, 17.5, 5.0, SIZE, SIZE);
  g_assert_true (ca_flow_get_arc_point (model, &view, out, 0.5, &ox, &oy));
  g_assert_true (ca_flow_get_arc_point (model, &view, in, 0.5, &ix, &iy));
  g_test_message ("the arcs' middles are %.0f px apart", hypot (ox - ix, oy - iy));
  g_assert_cmpfloat (hypot (ox - ix, oy - iy), >, 40);

  /* Imports alone, beside a big Sichuan import that keeps Chongqing's
   * arc thin: its arrowhead is at the province. */
  for (int m = 1; m <= 12; m++)
    ca_trade_cube_add (cube, CA_MONTH (2025, m), province ("CN-SC"), region ("europe"), CA_DIRECTION_IMPORT,
                       CA_MODE_RAIL_SEA, 1000);
  filter.directions = 1u << CA_DIRECTION_IMPORT;
  inbound = ca_flow_model_new (cube, &filter, basemap, NULL, nodes, NULL);
  g_assert_cmpuint (ca_flow_model_get_n_flows (inbound), ==, 2);
  in = find_directed_flow (inbound, "CN-CQ", "asean", CA_DIRECTION_IMPORT);
  g_assert_cmpint (in, >=, 0);
  g_assert_cmpfloat_with_epsilon (ca_flow_model_get_total (inbound), 12300, 1e-9);

  arcs_only (&style);
  surface = render (inbound, &view, &style);
  region_color ("asean", &ink);
  g_assert_true (ca_flow_get_arc_point (inbound, &view, in, 1, &x, &y));
  ca_view_location_to_pixel (&view, 106.405, 29.64, &ox, &oy);
  g_assert_cmpfloat (hypot (x - ox, y - oy), <, 0.01);
  point_from_end (inbound, &view, in, TRUE, 8, &x, &y);
  near_province = count_ink (surface, x, y, 8, &ink);
  point_from_end (inbound, &view, in, FALSE, 8, &x, &y);
  near_partner = count_ink (surface, x, y, 8, &ink);
  g_test_message ("ink near the province %u, near the partner %u", near_province, near_partner);
  g_assert_cmpuint (near_partner, >, 0);
  g_assert_cmpuint (near_province, >, near_partner * 3 / 2);

  cairo_surface_destroy (surface);
}

static gboolean
is_round (double value)
{
  double magnitude = pow (10.0, floor (log10 (value)));
  double mantissa = value / magnitude;

  return fabs (mantissa - 1) < 1e-9 || fabs (mantissa - 2) < 1e-9 || fabs (mantissa - 5) < 1e-9 ||
         fabs (mantissa - 10) < 1e-9;
}

static void
test_width (void)
{
  g_autoptr(CaTradeCube) cube = ca_trade_cube_new ();
  g_autoptr(CaFlowModel) model = NULL;
  cairo_surface_t *surface;
  CaFlowStyle style;
  CaView view;
  CaRgb asean, europe;
  CaTradeFilter filter;
  double values[3], last = 0;
  guint big, small;
  int cq, sc;

  add_year (cube, "CN-CQ", "asean", CA_MODE_RAIL_SEA, 100);
  add_year (cube, "CN-SC", "europe", CA_MODE_RAIL_SEA, 1);
  filter_2025 (&filter);
  model = ca_flow_model_new (cube, &filter, NULL, NULL, nodes, NULL);
  cq = find_flow (model, "CN-CQ", "asean");
  sc = find_flow (model, "CN-SC", "europe");

  ca_view_init (&view, 70.0, 35.0, 3, SIZE, SIZE);
  arcs_only (&style);
  surface = render (model, &view, &style);
  region_color ("asean", &asean);
  region_color ("europe", &europe);

  big = count_across (surface, model, &view, cq, 0.5, 20, &asean);
  small = count_across (surface, model, &view, sc, 0.5, 20, &europe);
  g_test_message ("ink across the arcs: %u for 100, %u for 1", big, small);
  g_assert_cmpuint (small, >=, 1);
  g_assert_cmpuint (big, >=, small + 6);
  cairo_surface_destroy (surface);

  /* The scale: 14 px at the largest value, rising all the way. */
  g_assert_cmpfloat_with_epsilon (ca_flow_width_for_value (model, 100), 14, 1e-9);
  g_assert_cmpfloat (ca_flow_width_for_value (model, 0), ==, 0);
  for (double v = 0.01; v <= 100; v *= 1.3)
    {
      double width = ca_flow_width_for_value (model, v);

      g_assert_cmpfloat (width, >, last);
      g_assert_cmpfloat (width, >=, 1);
      last = width;
    }

  /* Legend values: round, increasing, and on the scale. */
  ca_flow_legend_values (model, values);
  g_test_message ("legend %g %g %g", values[0], values[1], values[2]);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_true (is_round (values[i]));
      g_assert_cmpfloat (values[i], <=, 100);
      if (i > 0)
        g_assert_cmpfloat (values[i], >, values[i - 1]);
    }
  g_assert_cmpfloat (values[2], ==, 100);
  g_assert_cmpfloat (values[1], ==, 20);
  g_assert_cmpfloat (values[0], ==, 5);
}

/* The shortest distance in metres from a point to the polylines of a
 * flow's path. */
static double
path_distance (CaFlowModel *model,
               GArray      *path,
               double       lon,
               double       lat)
{
  double best = INFINITY;

  for (guint i = 0; i < path->len; i++)
    {
      guint index = g_array_index (path, guint, i);
      const CaFlowSegment *segment = ca_flow_model_get_segment (model, index);

      for (guint k = 0; k < segment->n_points; k++)
        best = MIN (best, ca_geodesic_distance (lon, lat, segment->lonlat[2 * k],
                                                segment->lonlat[2 * k + 1]));
    }

  return best;
}

static const char *
segment_route_string (CaFlowModel *model,
                      guint        index,
                      const char  *field)
{
  const CaFlowSegment *segment = ca_flow_model_get_segment (model, index);
  const CaFeature *route;

  if (segment->route_feature < 0)
    return NULL;
  route = ca_vector_layer_get_feature (routes, segment->route_feature);
  return ca_vector_layer_get_string (routes, route, field);
}

static gboolean
path_contains (GArray *path,
               guint   segment)
{
  for (guint i = 0; i < path->len; i++)
    if (g_array_index (path, guint, i) == segment)
      return TRUE;

  return FALSE;
}

static void
test_routing (void)
{
  g_autoptr(CaTradeCube) cube = ca_trade_cube_new ();
  g_autoptr(CaFlowModel) model = NULL;
  g_autoptr(CaFlowModel) bare = NULL;
  g_autoptr(GArray) cq_path = NULL;
  g_autoptr(GArray) sc_path = NULL;
  g_autoptr(GArray) yn_path = NULL;
  CaTradeFilter filter;
  double gateway_distance = INFINITY, laos_length = 0, yn_length = 0;
  gboolean at_sea = FALSE, checked_shared = FALSE, checked_own = FALSE;
  guint n_flows;
  int cq, sc, yn;

  add_year (cube, "CN-CQ", "asean", CA_MODE_RAIL_SEA, 100);
  add_year (cube, "CN-SC", "asean", CA_MODE_RAIL_SEA, 50);
  add_year (cube, "CN-YN", "asean", CA_MODE_CROSS_BORDER_RAIL, 30);
  /* Heilongjiang is too far from the network for a route. */
  add_year (cube, "CN-HL", "south-asia", CA_MODE_RAIL_SEA, 5);
  filter_2025 (&filter);
  model = ca_flow_model_new (cube, &filter, basemap, routes, nodes, ports);
  n_flows = ca_flow_model_get_n_flows (model);
  g_assert_cmpuint (n_flows, ==, 4);
  g_assert_cmpuint (ca_flow_model_get_n_segments (model), >, 10);
  g_assert_cmpuint (ca_flow_model_get_n_unrouted (model), ==, 1);
  g_assert_false (ca_flow_model_route_path (model, find_flow (model, "CN-HL", "south-asia"), NULL));

  /* Chongqing by rail-sea: through a Beibu Gulf gateway, then by sea. */
  cq = find_flow (model, "CN-CQ", "asean");
  g_assert_true (ca_flow_model_route_path (model, cq, &cq_path));
  g_assert_cmpuint (cq_path->len, >, 0);
  for (guint i = 0; i < ca_vector_layer_get_n_features (ports); i++)
    {
      const CaFeature *port = ca_vector_layer_get_feature (ports, i);

      if (g_strcmp0 (ca_vector_layer_get_string (ports, port, "role"), "gateway") == 0)
        gateway_distance = MIN (gateway_distance,
                                path_distance (model, cq_path, port->lonlat[0], port->lonlat[1]));
    }
  g_test_message ("Chongqing's path passes %.1f km from a gateway", gateway_distance / 1000);
  g_assert_cmpfloat (gateway_distance, <, 20000);
  for (guint i = 0; i < cq_path->len; i++)
    at_sea |= g_strcmp0 (segment_route_string (model, g_array_index (cq_path, guint, i), "mode"),
                         "sea") == 0;
  g_assert_true (at_sea);
  /* It starts at Chongqing's main node. */
  g_assert_cmpfloat (path_distance (model, cq_path, 106.405, 29.64), <, 5000);

  /* Kunming to Laos by cross-border rail: the China–Laos Railway, through
   * Mohan. */
  yn = find_flow (model, "CN-YN", "asean");
  g_assert_true (ca_flow_model_route_path (model, yn, &yn_path));
  for (guint i = 0; i < yn_path->len; i++)
    {
      guint s = g_array_index (yn_path, guint, i);
      double length = ca_flow_model_get_segment (model, s)->length;

      yn_length += length;
      if (g_strcmp0 (segment_route_string (model, s, "corridor"), "china-laos-railway") == 0)
        laos_length += length;
      /* Nothing by sea. */
      g_assert_cmpstr (segment_route_string (model, s, "mode"), !=, "sea");
    }
  g_test_message ("Kunming–Laos: %.0f of %.0f km on the China–Laos Railway",
                  laos_length / 1000, yn_length / 1000);
  g_assert_cmpfloat (laos_length, >, 0.8 * yn_length);
  g_assert_cmpfloat (path_distance (model, yn_path, 101.685, 21.205), <, 10000);
  /* … to Vientiane. */
  g_assert_cmpfloat (path_distance (model, yn_path, 102.67, 18.05), <, 1000);

  /* Loads: each segment carries the flows routed over it.  Chongqing and
   * Chengdu share the run down to Qinzhou and the sea lane: 150 there;
   * Chongqing alone has 100 on its own stretch. */
  sc = find_flow (model, "CN-SC", "asean");
  g_assert_true (ca_flow_model_route_path (model, sc, &sc_path));
  for (guint s = 0; s < ca_flow_model_get_n_segments (model); s++)
    {
      const CaFlowSegment *segment = ca_flow_model_get_segment (model, s);
      double expected = 0;

      for (guint f = 0; f < n_flows; f++)
        {
          g_autoptr(GArray) path = NULL;

          if (ca_flow_model_route_path (model, f, &path) && path_contains (path, s))
            expected += ca_flow_model_get_flow (model, f)->value;
        }
      g_assert_cmpfloat_with_epsilon (segment->load, expected, 1e-9);

      if (path_contains (cq_path, s) && path_contains (sc_path, s) && !path_contains (yn_path, s))
        {
          g_assert_cmpfloat_with_epsilon (segment->load, 150, 1e-9);
          checked_shared = TRUE;
        }
      if (path_contains (cq_path, s) && !path_contains (sc_path, s))
        {
          g_assert_cmpfloat_with_epsilon (segment->load, 100, 1e-9);
          checked_own = TRUE;
        }
    }
  g_assert_true (checked_shared);
  g_assert_true (checked_own);

  /* By hand: the Nanning–Qinzhou stretch (22.16° N on the east channel),
   * which both channels use. */
  {
    gboolean found = FALSE;

    for (guint s = 0; s < ca_flow_model_get_n_segments (model); s++)
      {
        const CaFlowSegment *segment = ca_flow_model_get_segment (model, s);

        for (guint k = 0; k < segment->n_points; k++)
          if (fabs (segment->lonlat[2 * k] - 108.54) < 1e-6 &&
              fabs (segment->lonlat[2 * k + 1] - 22.16) < 1e-6 && segment->load > 0)
            {
              g_assert_cmpfloat_with_epsilon (segment->load, 150, 1e-9);
              found = TRUE;
            }
      }
    g_assert_true (found);
  }

  /* Without routes, or with routes alone, nothing breaks. */
  bare = ca_flow_model_new (cube, &filter, NULL, routes, NULL, NULL);
  g_assert_cmpuint (ca_flow_model_get_n_flows (bare), ==, 0);
  g_clear_object (&bare);
  bare = ca_flow_model_new (cube, &filter, basemap, routes, NULL, NULL);
  g_assert_cmpuint (ca_flow_model_get_n_flows (bare), ==, 4);
  g_assert_cmpuint (ca_flow_model_get_n_unrouted (bare), ==, 4);
  g_clear_object (&bare);
  bare = ca_flow_model_new (cube, &filter, basemap, NULL, nodes, ports);
  g_assert_cmpuint (ca_flow_model_get_n_segments (bare), ==, 0);
}

static void
test_routing_from_lhasa (void)
{
  g_autoptr(CaTradeCube) cube = ca_trade_cube_new ();
  g_autoptr(CaFlowModel) model = NULL;
  g_autoptr(GArray) path = NULL;
  CaTradeFilter filter;

  /* Xizang reaches the corridor over the Qinghai–Tibet Railway: through
   * Golmud and Xining, then on by Lanzhou to the Beibu Gulf. */
  add_year (cube, "CN-XZ", "south-asia", CA_MODE_RAIL_SEA, 5);
  filter_2025 (&filter);
  model = ca_flow_model_new (cube, &filter, basemap, routes, nodes, ports);
  g_assert_cmpuint (ca_flow_model_get_n_unrouted (model), ==, 0);
  g_assert_true (ca_flow_model_route_path (model, find_flow (model, "CN-XZ", "south-asia"), &path));
  g_assert_cmpfloat (path_distance (model, path, 91.12, 29.65), <, 10000);
  g_assert_cmpfloat (path_distance (model, path, 94.9, 36.4), <, 1000);
  g_assert_cmpfloat (path_distance (model, path, 101.78, 36.62), <, 1000);
  g_assert_cmpfloat (path_distance (model, path, 108.6, 21.66), <, 20000);
}

static void
test_routed_draw (void)
{
  g_autoptr(CaTradeCube) cube = ca_trade_cube_new ();
  g_autoptr(CaFlowModel) model = NULL;
  cairo_surface_t *surface;
  CaFlowStyle style;
  CaTradeFilter filter;
  CaView view;
  Pixel pixel;

  add_year (cube, "CN-CQ", "asean", CA_MODE_RAIL_SEA, 100);
  add_year (cube, "CN-YN", "asean", CA_MODE_CROSS_BORDER_RAIL, 30);
  filter_2025 (&filter);
  model = ca_flow_model_new (cube, &filter, basemap, routes, nodes, ports);

  /* The east channel's stretch at 108.54° E, 22.16° N carries Chongqing's
   * trade: drawn in the routed layout, not in the direct one. */
  ca_view_init (&view, 108.54, 22.16, 7, SIZE, SIZE);
  ca_flow_style_init (&style);
  style.arcs = FALSE;
  surface = render (model, &view, &style);
  g_assert_true (pixel_near (pixel_at (surface, SIZE / 2, SIZE / 2), &background, 3));
  cairo_surface_destroy (surface);

  style.layout = CA_FLOW_ROUTED;
  surface = render (model, &view, &style);
  pixel = pixel_at (surface, SIZE / 2, SIZE / 2);
  g_assert_false (pixel_near (pixel, &background, 30));
  /* A warm corridor colour. */
  g_assert_cmpint (pixel.red, >, pixel.blue + 60);
  cairo_surface_destroy (surface);

  /* Only Yunnan's trade: the stretch carries none of it. */
  style.selected_province = province ("CN-YN");
  surface = render (model, &view, &style);
  g_assert_true (pixel_near (pixel_at (surface, SIZE / 2, SIZE / 2), &background, 3));
  cairo_surface_destroy (surface);
}

static void
test_growth_color (void)
{
  CaRgb unknown, rise, decline, flat, big_rise, huge_rise;

  ca_flow_growth_color (NAN, &unknown);
  g_assert_cmpfloat (unknown.red, ==, unknown.green);
  g_assert_cmpfloat (unknown.green, ==, unknown.blue);

  ca_flow_growth_color (0.3, &rise);
  ca_flow_growth_color (-0.3, &decline);
  ca_flow_growth_color (0.0, &flat);
  g_assert_cmpfloat (rise.blue, >, rise.red + 0.2);
  g_assert_cmpfloat (decline.red, >, decline.blue + 0.2);
  /* On either side of no change. */
  g_assert_cmpfloat (rise.blue, >, flat.blue);
  g_assert_cmpfloat (rise.red, <, flat.red);
  g_assert_cmpfloat (decline.red, >, flat.red);
  g_assert_cmpfloat (decline.blue, <, flat.blue);

  /* Saturated at ±50 %. */
  ca_flow_growth_color (0.5, &big_rise);
  ca_flow_growth_color (3.0, &huge_rise);
  g_assert_cmpfloat (big_rise.blue, ==, huge_rise.blue);
  g_assert_cmpfloat (big_rise.red, ==, huge_rise.red);
  g_assert_cmpfloat (big_rise.blue, >, rise.blue);
}

static void
test_colors (void)
{
  g_autoptr(CaTradeCube) cube = ca_trade_cube_new ();
  g_autoptr(CaFlowModel) model = NULL;
  cairo_surface_t *surface;
  CaFlowStyle style;
  CaTradeFilter filter;
  CaView view;
  CaRgb expected;
  double x, y;
  int cq, gx;

  add_year (cube, "CN-CQ", "asean", CA_MODE_RAIL_SEA, 100);
  add_year (cube, "CN-GX", "east-asia", CA_MODE_RAIL_SEA, 60);
  for (int m = 1; m <= 12; m++)
    {
      /* Chongqing grew 25 %, Guangxi shrank 40 %. */
      ca_trade_cube_add (cube, CA_MONTH (2024, m), province ("CN-CQ"), region ("asean"), CA_DIRECTION_UNSPECIFIED,
                         CA_MODE_RAIL_SEA, 80.0 / 12);
      ca_trade_cube_add (cube, CA_MONTH (2024, m), province ("CN-GX"), region ("east-asia"), CA_DIRECTION_UNSPECIFIED,
                         CA_MODE_RAIL_SEA, 100.0 / 12);
    }
  filter_2025 (&filter);
  model = ca_flow_model_new (cube, &filter, NULL, NULL, nodes, NULL);
  cq = find_flow (model, "CN-CQ", "asean");
  gx = find_flow (model, "CN-GX", "east-asia");

  ca_view_init (&view, 112.0, 20.0, 4.5, SIZE, SIZE);
  arcs_only (&style);

  /* By region: each arc's ink is its region's colour. */
  surface = render (model, &view, &style);
  g_assert_true (ca_flow_get_arc_point (model, &view, cq, 0.5, &x, &y));
  region_color ("asean", &expected);
  g_assert_true (pixel_near (pixel_at (surface, (int)floor (x), (int)floor (y)), &expected, 6));
  g_assert_true (ca_flow_get_arc_point (model, &view, gx, 0.5, &x, &y));
  region_color ("east-asia", &expected);
  g_assert_true (pixel_near (pixel_at (surface, (int)floor (x), (int)floor (y)), &expected, 6));
  cairo_surface_destroy (surface);

  /* By growth: blue for Chongqing, red for Guangxi. */
  style.coloring = CA_FLOW_COLOR_GROWTH;
  surface = render (model, &view, &style);
  g_assert_true (ca_flow_get_arc_point (model, &view, cq, 0.5, &x, &y));
  ca_flow_growth_color (0.25, &expected);
  g_assert_true (pixel_near (pixel_at (surface, (int)floor (x), (int)floor (y)), &expected, 6));
  g_assert_true (ca_flow_get_arc_point (model, &view, gx, 0.5, &x, &y));
  ca_flow_growth_color (-0.4, &expected);
  g_assert_true (pixel_near (pixel_at (surface, (int)floor (x), (int)floor (y)), &expected, 6));
  cairo_surface_destroy (surface);
}

static void
test_choropleth (void)
{
  g_autoptr(CaTradeCube) cube = ca_trade_cube_new ();
  g_autoptr(CaFlowModel) model = NULL;
  cairo_surface_t *with, *without;
  const CaBasemapItem *guangxi;
  int classes[CA_N_PROVINCES];
  double bounds[CA_FLOW_N_CLASSES];
  CaFlowStyle style;
  CaTradeFilter filter;
  CaView view;
  double lon, lat, x, y;
  Pixel on, off;

  add_year (cube, "CN-GX", "asean", CA_MODE_RAIL_SEA, 500);
  add_year (cube, "CN-CQ", "asean", CA_MODE_RAIL_SEA, 200);
  add_year (cube, "CN-SC", "europe", CA_MODE_RAIL_SEA, 100);
  add_year (cube, "CN-YN", "asean", CA_MODE_CROSS_BORDER_ROAD, 50);
  add_year (cube, "CN-GZ", "asean", CA_MODE_RAIL_SEA, 20);
  filter_2025 (&filter);
  model = ca_flow_model_new (cube, &filter, basemap, NULL, nodes, NULL);

  g_assert_cmpuint (ca_flow_choropleth_classes (model, classes, bounds), ==, 5);
  g_assert_cmpint (classes[province ("CN-GX")], ==, 4);
  g_assert_cmpint (classes[province ("CN-GZ")], ==, 0);
  g_assert_cmpint (classes[province ("CN-XZ")], ==, -1);
  for (guint k = 1; k < CA_FLOW_N_CLASSES; k++)
    g_assert_cmpfloat (bounds[k], >, bounds[k - 1]);

  /* A point inside Guangxi, away from the arcs. */
  guangxi = ca_basemap_find_item (basemap, "CN-GX");
  lon = 110.6;
  lat = 25.0;
  g_assert_true (ca_basemap_item_contains (guangxi, lon, lat));

  ca_view_init (&view, 108.0, 24.0, 6, SIZE, SIZE);
  ca_flow_style_init (&style);
  style.arcs = FALSE;
  without = render (model, &view, &style);
  style.choropleth = TRUE;
  with = render (model, &view, &style);

  ca_view_location_to_pixel (&view, lon, lat, &x, &y);
  off = pixel_at (without, (int)x, (int)y);
  on = pixel_at (with, (int)x, (int)y);
  g_assert_true (pixel_near (off, &background, 3));
  g_assert_false (pixel_near (on, &background, 30));
  /* The top class is the darkest. */
  g_assert_cmpint (on.red + on.green + on.blue, <, off.red + off.green + off.blue - 100);

  /* Outside the provinces that trade, nothing changes. */
  ca_view_location_to_pixel (&view, 113.0, 23.0, &x, &y);   /* Guangdong */
  g_assert_true (pixel_near (pixel_at (with, (int)x, (int)y), &background, 3));

  cairo_surface_destroy (with);
  cairo_surface_destroy (without);

  /* Circles sit on the anchors. */
  style.choropleth = FALSE;
  style.circles = TRUE;
  with = render (model, &view, &style);
  g_assert_true (ca_flow_model_get_province_anchor (model, province ("CN-GX"), &lon, &lat));
  ca_view_location_to_pixel (&view, lon, lat, &x, &y);
  g_assert_false (pixel_near (pixel_at (with, (int)x, (int)y), &background, 20));
  /* … as large as their total: Guangxi's reaches 25 px, Guizhou's not. */
  g_assert_false (pixel_near (pixel_at (with, (int)x + 25, (int)y), &background, 20));
  g_assert_true (ca_flow_model_get_province_anchor (model, province ("CN-GZ"), &lon, &lat));
  ca_view_location_to_pixel (&view, lon, lat, &x, &y);
  g_assert_true (pixel_near (pixel_at (with, (int)x + 25, (int)y), &background, 3));
  cairo_surface_destroy (with);
}

static void
test_selected_province (void)
{
  g_autoptr(CaTradeCube) cube = ca_trade_cube_new ();
  g_autoptr(CaFlowModel) model = NULL;
  cairo_surface_t *surface;
  CaFlowStyle style;
  CaTradeFilter filter;
  CaView view;
  CaRgb asean, east_asia;
  double cx, cy, gx_x, gx_y;
  int cq, gx;

  add_year (cube, "CN-CQ", "asean", CA_MODE_RAIL_SEA, 100);
  add_year (cube, "CN-GX", "east-asia", CA_MODE_RAIL_SEA, 80);
  filter_2025 (&filter);
  model = ca_flow_model_new (cube, &filter, NULL, NULL, nodes, NULL);
  cq = find_flow (model, "CN-CQ", "asean");
  gx = find_flow (model, "CN-GX", "east-asia");
  region_color ("asean", &asean);
  region_color ("east-asia", &east_asia);

  ca_view_init (&view, 112.0, 20.0, 4.5, SIZE, SIZE);
  arcs_only (&style);
  g_assert_true (ca_flow_get_arc_point (model, &view, cq, 0.5, &cx, &cy));
  g_assert_true (ca_flow_get_arc_point (model, &view, gx, 0.5, &gx_x, &gx_y));

  surface = render (model, &view, &style);
  g_assert_true (pixel_near (pixel_at (surface, (int)cx, (int)cy), &asean, 6));
  g_assert_true (pixel_near (pixel_at (surface, (int)gx_x, (int)gx_y), &east_asia, 6));
  g_assert_cmpint (ca_flow_hit_test (model, &view, &style, gx_x, gx_y), ==, gx);
  cairo_surface_destroy (surface);

  style.selected_province = province ("CN-CQ");
  surface = render (model, &view, &style);
  g_assert_true (pixel_near (pixel_at (surface, (int)cx, (int)cy), &asean, 6));
  g_assert_true (pixel_near (pixel_at (surface, (int)gx_x, (int)gx_y), &background, 3));
  g_assert_cmpint (count_ink (surface, gx_x, gx_y, 10, &east_asia), ==, 0);
  g_assert_cmpint (ca_flow_hit_test (model, &view, &style, gx_x, gx_y), ==, -1);
  g_assert_cmpint (ca_flow_hit_test (model, &view, &style, cx, cy), ==, cq);
  cairo_surface_destroy (surface);
}

static void
test_fade_and_highlight (void)
{
  g_autoptr(CaTradeCube) cube = ca_trade_cube_new ();
  g_autoptr(CaFlowModel) model = NULL;
  cairo_surface_t *surface;
  CaFlowStyle style;
  CaTradeFilter filter;
  CaView view;
  CaRgb europe;
  double x, y;
  Pixel faded, highlighted;
  int sc;

  add_year (cube, "CN-CQ", "asean", CA_MODE_RAIL_SEA, 1000);
  add_year (cube, "CN-SC", "europe", CA_MODE_RAIL_SEA, 100);
  filter_2025 (&filter);
  model = ca_flow_model_new (cube, &filter, NULL, NULL, nodes, NULL);
  sc = find_flow (model, "CN-SC", "europe");
  region_color ("europe", &europe);

  ca_view_init (&view, 70.0, 35.0, 3, SIZE, SIZE);
  ca_flow_style_init (&style);
  style.fade_below = 0.2;
  g_assert_true (ca_flow_get_arc_point (model, &view, sc, 0.5, &x, &y));

  /* 10 % of the largest, under 20 %: faded, so only a tint of its colour. */
  surface = render (model, &view, &style);
  faded = pixel_at (surface, (int)x, (int)y);
  g_assert_false (pixel_near (faded, &background, 10));
  g_assert_false (pixel_near (faded, &europe, 60));
  g_assert_cmpint (ca_flow_hit_test (model, &view, &style, x, y), ==, sc);
  cairo_surface_destroy (surface);

  /* Highlighted, it is drawn in full. */
  style.highlight = sc;
  surface = render (model, &view, &style);
  highlighted = pixel_at (surface, (int)x, (int)y);
  g_assert_true (pixel_near (highlighted, &europe, 6));
  g_assert_cmpint (ca_flow_hit_test (model, &view, &style, x, y), ==, sc);
  cairo_surface_destroy (surface);

  /* Every layer on a dark basemap and on a PDF page draws without error. */
  style.palette = CA_BASEMAP_STYLE_DARK;
  style.choropleth = TRUE;
  style.circles = TRUE;
  style.coloring = CA_FLOW_COLOR_GROWTH;
  {
    cairo_surface_t *pdf = cairo_pdf_surface_create_for_stream (NULL, NULL, SIZE, SIZE);
    cairo_t *cr = cairo_create (pdf);

    ca_flow_draw (model, basemap, cr, &view, &style);
    g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
    cairo_destroy (cr);
    cairo_surface_finish (pdf);
    g_assert_cmpint (cairo_surface_status (pdf), ==, CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy (pdf);
  }
}

/* Where arcs overlap, the one drawn on top is hit: the smaller flow, or
 * the highlighted one. */
static void
test_hit_order (void)
{
  g_autoptr(CaTradeCube) cube = ca_trade_cube_new ();
  g_autoptr(CaFlowModel) model = NULL;
  CaTradeFilter filter;
  CaFlowStyle style;
  CaView view;
  double x, y;
  int big, small;

  add_year (cube, "CN-CQ", "asean", CA_MODE_RAIL_SEA, 100);
  add_year (cube, "CN-CQ", "south-asia", CA_MODE_RAIL_SEA, 30);
  filter_2025 (&filter);
  model = ca_flow_model_new (cube, &filter, NULL, NULL, nodes, NULL);
  big = find_flow (model, "CN-CQ", "asean");
  small = find_flow (model, "CN-CQ", "south-asia");

  ca_view_init (&view, 95.0, 20.0, 4, SIZE, SIZE);
  arcs_only (&style);

  /* Both start at Chongqing's anchor. */
  g_assert_true (ca_flow_get_arc_point (model, &view, big, 0, &x, &y));
  g_assert_cmpint (ca_flow_hit_test (model, &view, &style, x, y), ==, small);
  style.highlight = big;
  g_assert_cmpint (ca_flow_hit_test (model, &view, &style, x, y), ==, big);
}

/* Every province trades with every region: a frame too heavy to draw at
 * frame rate, so it is drawn from cached tiles, which must look the same
 * as the vectors. */
static void
test_tiles_match_vectors (void)
{
  g_autoptr(CaTradeCube) cube = ca_trade_cube_new ();
  g_autoptr(CaFlowModel) model = NULL;
  cairo_surface_t *exact, *tiled, *again;
  CaTradeFilter filter;
  CaFlowStyle style;
  CaView view;
  double world_size;
  guint n_ink = 0, n_different = 0, n_changed = 0;

  for (int p = 0; p < CA_N_PROVINCES; p++)
    for (int r = 0; r < CA_N_REGIONS; r++)
      ca_trade_cube_add (cube, CA_MONTH (2025, 1 + (p + r) % 12), p, r, CA_DIRECTION_UNSPECIFIED, CA_MODE_RAIL_SEA,
                         1 + (p * 7 + r * 13) % 29);
  ca_trade_filter_init (&filter, CA_MONTH (2025, 1), CA_MONTH (2025, 12));
  model = ca_flow_model_new (cube, &filter, basemap, routes, nodes, ports);
  g_assert_cmpuint (ca_flow_model_get_n_flows (model), >, 300);

  /* A view whose pixels are whole world pixels, so tiles land exactly. */
  ca_view_init (&view, 106.0, 19.0, 4, 800, 600);
  world_size = ca_view_get_world_size (&view);
  view.center_x = round (view.center_x * world_size) / world_size;
  view.center_y = round (view.center_y * world_size) / world_size;

  ca_flow_style_init (&style);
  style.choropleth = TRUE;
  style.circles = TRUE;
  style.layout = CA_FLOW_ROUTED;
  style.exact = TRUE;
  exact = render (model, &view, &style);
  style.exact = FALSE;
  tiled = render (model, &view, &style);
  /* From the cache this time, with a highlight drawn live on top. */
  style.highlight = 0;
  again = render (model, &view, &style);

  for (int y = 0; y < 600; y++)
    for (int x = 0; x < 800; x++)
      {
        Pixel a = pixel_at (exact, x, y), b = pixel_at (tiled, x, y), c = pixel_at (again, x, y);
        int difference = ABS (a.red - b.red) + ABS (a.green - b.green) + ABS (a.blue - b.blue);

        n_ink += !pixel_near (a, &background, 3);
        n_different += difference > 24;
        n_changed += ABS (b.red - c.red) + ABS (b.green - c.green) + ABS (b.blue - c.blue) > 24;
      }

  g_test_message ("%u pixels of ink, %u differ between vectors and tiles, the highlight changed %u",
                  n_ink, n_different, n_changed);
  g_assert_cmpuint (n_ink, >, 800 * 600 / 4);
  g_assert_cmpuint (n_different, <, n_ink / 500);
  g_assert_cmpuint (n_changed, >, 100);

  cairo_surface_destroy (again);
  cairo_surface_destroy (tiled);
  cairo_surface_destroy (exact);
}

static void
test_antimeridian (void)
{
  g_autoptr(CaTradeCube) cube = ca_trade_cube_new ();
  g_autoptr(CaFlowModel) model = NULL;
  CaTradeFilter filter;
  CaView view;
  double x0, y0, x1, y1;

  add_year (cube, "CN-CQ", "north-america", CA_MODE_RAIL_SEA, 100);
  filter_2025 (&filter);
  model = ca_flow_model_new (cube, &filter, NULL, NULL, nodes, NULL);

  /* North America lies east, across the Pacific: the short way. */
  ca_view_init (&view, 180.0, 30.0, 2, SIZE, SIZE);
  g_assert_true (ca_flow_get_arc_point (model, &view, 0, 0, &x0, &y0));
  g_assert_true (ca_flow_get_arc_point (model, &view, 0, 1, &x1, &y1));
  g_assert_cmpfloat (x1, >, x0);
  /* 154° of longitude, not 206°. */
  g_assert_cmpfloat_with_epsilon ((x1 - x0) / ca_view_get_world_size (&view) * 360,
                                  360 - (106.405 + 100), 1e-6);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  basemap = test_load_basemap ();
  routes = load_layer ("routes.geojson");
  nodes = load_layer ("nodes.geojson");
  ports = load_layer ("ports.geojson");

  g_test_add_func ("/flow/model", test_model);
  g_test_add_func ("/flow/arc-direction", test_arc_direction);
  g_test_add_func ("/flow/directions", test_directions);
  g_test_add_func ("/flow/width", test_width);
  g_test_add_func ("/flow/routing", test_routing);
  g_test_add_func ("/flow/routing-from-lhasa", test_routing_from_lhasa);
  g_test_add_func ("/flow/routed-draw", test_routed_draw);
  g_test_add_func ("/flow/growth-color", test_growth_color);
  g_test_add_func ("/flow/colors", test_colors);
  g_test_add_func ("/flow/choropleth", test_choropleth);
  g_test_add_func ("/flow/selected-province", test_selected_province);
  g_test_add_func ("/flow/fade-and-highlight", test_fade_and_highlight);
  g_test_add_func ("/flow/hit-order", test_hit_order);
  g_test_add_func ("/flow/tiles-match-vectors", test_tiles_match_vectors);
  g_test_add_func ("/flow/antimeridian", test_antimeridian);

  status = g_test_run ();

  g_object_unref (ports);
  g_object_unref (nodes);
  g_object_unref (routes);
  g_object_unref (basemap);

  return status;
}
