/* bench-flows.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Measures ca_flow_draw() on a 1920 × 1080 image at the default corridor
 * view: 5,000 synthetic arcs (every province to every partner region,
 * with jittered ends and values spread over four orders of magnitude),
 * then the illustrative sample trade routed over the shipped corridor
 * network.  Prints figures; asserts nothing.
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench-util.h"
#include "ca-flow-draw.h"
#include "ca-flow-model-private.h"

#define WIDTH    1920
#define HEIGHT   1080
#define N_ARCS   5000

typedef struct
{
  double first;
  double median;
  double p95;
  double max;
} Figures;

static Figures
time_frames (CaFlowModel       *model,
             CaBasemap         *basemap,
             const CaView      *view,
             const CaFlowStyle *style,
             guint              n_frames,
             gboolean           pan)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  CaView frame_view = *view;
  Figures figures;

  for (guint i = 0; i < n_frames; i++)
    {
      cairo_t *cr = cairo_create (surface);
      double start;

      /* Clearing is not timed. */
      cairo_set_source_rgb (cr, 0.76, 0.85, 0.89);
      cairo_paint (cr);

      if (pan)
        frame_view.center_x = view->center_x + i * 7.3 / ca_view_get_world_size (view);

      start = now_ms ();
      ca_flow_draw (model, basemap, cr, &frame_view, style);
      cairo_surface_flush (surface);
      g_array_append_val (times, (double) { now_ms () - start });

      cairo_destroy (cr);
    }

  if (g_getenv ("CA_BENCH_PNG") != NULL)
    {
      g_autofree char *name = g_strdup_printf ("%s/flows-%d-%d.png", g_getenv ("CA_BENCH_PNG"),
                                               style->layout, style->coloring);

      cairo_surface_write_to_png (surface, name);
    }

  cairo_surface_destroy (surface);

  figures.first = g_array_index (times, double, 0);
  g_array_sort (times, compare_doubles);
  figures.median = percentile (times, 0.5);
  figures.p95 = percentile (times, 0.95);
  figures.max = percentile (times, 1.0);

  return figures;
}

static void
print_figures (const char *what,
               Figures     figures)
{
  printf ("  %-34s first %7.1f   median %6.2f   p95 %6.2f   max %7.2f ms\n", what, figures.first,
          figures.median, figures.p95, figures.max);
}

/* The same style drawn from the vectors every time, as exports are. */
static void
print_exact (const char        *what,
             CaFlowModel       *model,
             CaBasemap         *basemap,
             const CaView      *view,
             const CaFlowStyle *style,
             guint              n_frames)
{
  CaFlowStyle exact = *style;

  exact.exact = TRUE;
  print_figures (what, time_frames (model, basemap, view, &exact, MAX (n_frames / 10, 3), FALSE));
}

/* Every province to every region, round and round: 34 × 11 pairs, each
 * drawn about 13 times with its ends moved a little. */
static CaFlowModel *
synthetic_model (CaBasemap *basemap)
{
  g_autofree CaFlow *flows = g_new0 (CaFlow, N_ARCS);
  g_autoptr(GRand) rand = g_rand_new_with_seed (2026);

  for (guint i = 0; i < N_ARCS; i++)
    {
      CaFlow *flow = &flows[i];
      const CaRegion *region;
      const CaBasemapItem *item = NULL;
      double lon = 95 + g_rand_double (rand) * 27, lat = 22 + g_rand_double (rand) * 20;

      flow->province = i % CA_N_PROVINCES;
      flow->region = (i / CA_N_PROVINCES) % CA_N_REGIONS;
      region = ca_trade_get_region (flow->region);

      if (basemap != NULL)
        item = ca_basemap_find_item (basemap, ca_trade_province_code (flow->province));
      if (item != NULL)
        ca_basemap_item_get_label_point (item, &lon, &lat);

      flow->from_lon = lon + g_rand_double_range (rand, -1.5, 1.5);
      flow->from_lat = lat + g_rand_double_range (rand, -1.5, 1.5);
      flow->to_lon = region->anchor_longitude + g_rand_double_range (rand, -6, 6);
      flow->to_lat = region->anchor_latitude + g_rand_double_range (rand, -6, 6);
      flow->value = pow (10.0, g_rand_double_range (rand, 6, 10));
      /* One in ten has no base year. */
      flow->growth = g_rand_int_range (rand, 0, 10) == 0 ? NAN
                                                         : g_rand_double_range (rand, -0.6, 0.8);
      flow->base = isnan (flow->growth) ? 0 : flow->value / (1 + flow->growth);
    }

  return _ca_flow_model_new_for_flows (flows, N_ARCS);
}

static CaVectorLayer *
load_layer (const char *dir,
            const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "corridor", name, NULL);
  CaVectorLayer *layer = ca_vector_layer_load (path, NULL, NULL, NULL, NULL, &error);

  if (layer == NULL)
    {
      g_printerr ("Cannot load %s: %s\n", path, error->message);
      exit (EXIT_FAILURE);
    }

  return layer;
}

int
main (int   argc,
      char *argv[])
{
  const char *data_dir = CA_BENCH_DATADIR;
  g_autoptr(CaBasemap) basemap = NULL;
  g_autoptr(CaFlowModel) synthetic = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *basemap_path = ca_basemap_dup_default_path ();
  guint n_frames = 100;
  CaFlowStyle style;
  CaView view;
  double start;
  guint n_faded = 0;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--data") && i + 1 < argc)
        data_dir = argv[++i];
      else if (g_str_equal (argv[i], "--frames") && i + 1 < argc)
        {
          /* Not inside MAX (), which would read the argument twice. */
          int frames = atoi (argv[++i]);

          n_frames = MAX (1, frames);
        }
      else
        {
          g_printerr ("Usage: %s [--data DIR] [--frames N]\n", argv[0]);
          return EXIT_FAILURE;
        }
    }

  start = now_ms ();
  basemap = ca_basemap_load (basemap_path, NULL, &error);
  if (basemap == NULL)
    g_printerr ("No basemap (%s): arcs start at random points, no choropleth\n", error->message);
  else
    printf ("Basemap loaded in %.0f ms\n", now_ms () - start);

  ca_view_init (&view, 106.0, 19.0, 5.0, WIDTH, HEIGHT);

  /* Synthetic arcs */
  synthetic = synthetic_model (basemap);
  ca_flow_style_init (&style);
  for (guint i = 0; i < ca_flow_model_get_n_flows (synthetic); i++)
    n_faded += ca_flow_model_get_flow (synthetic, i)->value <
               style.fade_below * ca_flow_model_get_flow (synthetic, 0)->value;

  printf ("\n%u synthetic arcs (%u faded below 2 %% of the largest), %u × %u, %u frames\n",
          ca_flow_model_get_n_flows (synthetic), n_faded, WIDTH, HEIGHT, n_frames);

  print_figures ("by region", time_frames (synthetic, basemap, &view, &style, n_frames, FALSE));
  print_figures ("by region, panning 7.3 px a frame",
                 time_frames (synthetic, basemap, &view, &style, n_frames, TRUE));
  print_exact ("by region, from vectors", synthetic, basemap, &view, &style, n_frames);
  style.coloring = CA_FLOW_COLOR_GROWTH;
  print_figures ("by growth", time_frames (synthetic, basemap, &view, &style, n_frames, FALSE));
  style.coloring = CA_FLOW_COLOR_REGION;
  style.highlight = 17;
  print_figures ("one highlighted",
                 time_frames (synthetic, basemap, &view, &style, n_frames, FALSE));
  style.highlight = -1;
  style.choropleth = TRUE;
  style.circles = TRUE;
  print_figures ("with choropleth and circles",
                 time_frames (synthetic, basemap, &view, &style, n_frames, FALSE));
  style.choropleth = FALSE;
  style.circles = FALSE;
  style.fade_below = 0;
  print_figures ("none faded (all cased)",
                 time_frames (synthetic, basemap, &view, &style, n_frames, FALSE));
  print_exact ("none faded, from vectors", synthetic, basemap, &view, &style, n_frames);

  /* Hit testing the whole map, a pixel every 64. */
  ca_flow_style_init (&style);
  {
    g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));

    for (double y = 0; y < HEIGHT; y += 64)
      for (double x = 0; x < WIDTH; x += 64)
        {
          double t0 = now_ms ();

          ca_flow_hit_test (synthetic, &view, &style, x, y);
          g_array_append_val (times, (double) { now_ms () - t0 });
        }
    g_array_sort (times, compare_doubles);
    printf ("  %-34s               median %6.2f   p95 %6.2f   max %7.2f ms\n",
            "hit test, every 64 px", percentile (times, 0.5), percentile (times, 0.95),
            percentile (times, 1.0));
  }

  /* The sample, routed */
  {
    g_autoptr(CaVectorLayer) routes = load_layer (data_dir, "routes.geojson");
    g_autoptr(CaVectorLayer) nodes = load_layer (data_dir, "nodes.geojson");
    g_autoptr(CaVectorLayer) ports = load_layer (data_dir, "ports.geojson");
    g_autofree char *csv = g_build_filename (data_dir, "trade", "sample-trade.csv", NULL);
    g_autoptr(CaTradeCube) cube = NULL;
    g_autoptr(CaFlowModel) model = NULL;
    g_autoptr(GArray) builds = g_array_new (FALSE, FALSE, sizeof (double));

    g_clear_error (&error);
    cube = ca_trade_cube_load (csv, NULL, NULL, NULL, &error);
    if (cube == NULL)
      {
        g_printerr ("Cannot load %s: %s\n", csv, error->message);
        return EXIT_FAILURE;
      }

    for (guint i = 0; i < 20; i++)
      {
        double t0 = now_ms ();

        g_clear_object (&model);
        model = ca_flow_model_new (cube, NULL, basemap, routes, nodes, ports);
        g_array_append_val (builds, (double) { now_ms () - t0 });
      }
    g_array_sort (builds, compare_doubles);

    printf ("\nSample trade (%" G_GUINT64_FORMAT " rows): %u flows, %u segments, %u unrouted;"
            " model built in %.2f ms (median of 20)\n",
            ca_trade_cube_get_n_accepted (cube), ca_flow_model_get_n_flows (model),
            ca_flow_model_get_n_segments (model), ca_flow_model_get_n_unrouted (model),
            percentile (builds, 0.5));

    ca_flow_style_init (&style);
    print_figures ("direct arcs", time_frames (model, basemap, &view, &style, n_frames, FALSE));
    print_exact ("direct arcs, from vectors", model, basemap, &view, &style, n_frames);
    style.layout = CA_FLOW_ROUTED;
    style.arcs = FALSE;
    print_figures ("routed load", time_frames (model, basemap, &view, &style, n_frames, FALSE));
    style.arcs = TRUE;
    style.circles = TRUE;
    print_figures ("routed load, arcs and circles",
                   time_frames (model, basemap, &view, &style, n_frames, FALSE));
    print_exact ("routed load, arcs, circles, vectors", model, basemap, &view, &style, n_frames);
  }

  return EXIT_SUCCESS;
}
