/* bench-export.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Measures figure export: the default view with the corridor's routes,
 * nodes and ports and the illustrative sample's flows, as an A3
 * landscape PNG at 300 dpi (4961 × 3508) and as an A3 PDF.  Each export
 * runs in a child process, so that its peak memory is its own; the data
 * are loaded once, before the children fork.  Prints the median time of
 * several runs, the peak memory and the file size; asserts nothing.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench-util.h"
#include "ca-figure-export.h"

#define N_RUNS 5

static double
rss_mib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

static void
measure (CaFigure       *figure,
         CaFigureFormat  format,
         const char     *path,
         const char     *what)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  double peak = 0;
  GStatBuf st;

  for (guint run = 0; run < N_RUNS; run++)
    {
      double start = now_ms (), elapsed;
      struct rusage usage;
      int status;
      pid_t pid;

      fflush (stdout);
      pid = fork ();
      if (pid == 0)
        {
          g_autoptr(GError) error = NULL;

          if (!ca_figure_export (figure, path, format, NULL, &error))
            {
              g_printerr ("%s\n", error->message);
              _exit (1);
            }
          _exit (0);
        }

      if (wait4 (pid, &status, 0, &usage) < 0 || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
        {
          g_printerr ("export failed\n");
          exit (1);
        }
      elapsed = now_ms () - start;
      g_array_append_val (times, elapsed);
      peak = MAX (peak, usage.ru_maxrss / 1024.0);
    }

  g_array_sort (times, compare_doubles);
  g_stat (path, &st);
  printf ("%-34s median %6.0f ms  (min %4.0f, max %4.0f)  peak %5.0f MiB  %6.2f MB\n", what,
          percentile (times, 0.5), g_array_index (times, double, 0),
          g_array_index (times, double, times->len - 1), peak, st.st_size / 1e6);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CaBasemap) basemap = NULL;
  g_autoptr(CaVectorLayer) routes = NULL;
  g_autoptr(CaVectorLayer) nodes = NULL;
  g_autoptr(CaVectorLayer) ports = NULL;
  g_autoptr(CaTradeCube) cube = NULL;
  g_autoptr(CaFigure) figure = NULL;
  g_autofree char *path = ca_basemap_dup_default_path ();
  g_autofree char *cache_dir = g_build_filename (g_get_user_cache_dir (), "corridor-atlas", NULL);
  g_autofree char *dir = g_dir_make_tmp ("bench-export-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "figure.png", NULL);
  g_autofree char *pdf = g_build_filename (dir, "figure.pdf", NULL);
  g_autofree char *svg = g_build_filename (dir, "figure.svg", NULL);
  const char *data = CA_BENCH_DATADIR;
  CaFigureOptions options;
  int width, height;

  basemap = ca_basemap_load_cached (path, cache_dir, NULL, &error);
  if (basemap == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
#define LOAD(var, name) \
  G_STMT_START { \
    g_autofree char *file = g_build_filename (data, "corridor", name, NULL); \
    var = ca_vector_layer_load (file, NULL, NULL, NULL, NULL, &error); \
    if (var == NULL) { g_printerr ("%s\n", error->message); return 1; } \
  } G_STMT_END
  LOAD (routes, "routes.geojson");
  LOAD (nodes, "nodes.geojson");
  LOAD (ports, "ports.geojson");
#undef LOAD
  {
    g_autofree char *sample = g_build_filename (data, "trade", "sample-trade.csv", NULL);

    cube = ca_trade_cube_load (sample, NULL, NULL, NULL, &error);
    if (cube == NULL)
      {
        g_printerr ("%s\n", error->message);
        return 1;
      }
  }

  ca_figure_options_init (&options);
  options.page = CA_PAGE_A3;
  options.landscape = TRUE;
  options.dpi = 300;
  options.language = CA_LANGUAGE_ENGLISH;
  figure = ca_figure_new (&options);
  ca_figure_options_clear (&options);
  ca_figure_set_basemap (figure, basemap);
  ca_figure_set_corridor (figure, routes, nodes, ports);
  ca_figure_set_trade (figure, cube, TRUE);
  /* The flow model is built once, as the window has it already. */
  ca_figure_get_flow_model (figure);

  ca_figure_get_pixel_size (figure, &width, &height);
  printf ("Figure export, the default view with routes, markers and sample flows "
          "(%d flows); data loaded, %.0f MiB resident\n",
          ca_flow_model_get_n_flows (ca_figure_get_flow_model (figure)), rss_mib ());

  {
    g_autofree char *what = g_strdup_printf ("A3 landscape PNG, 300 dpi, %d×%d", width, height);

    measure (figure, CA_FIGURE_FORMAT_PNG, png, what);
  }
  {
    g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));

    /* Of which drawing the image, without encoding and writing it. */
    for (guint run = 0; run < N_RUNS; run++)
      {
        double start = now_ms (), elapsed;
        cairo_surface_t *image = ca_figure_render_image (figure, NULL, NULL);

        elapsed = now_ms () - start;
        g_array_append_val (times, elapsed);
        cairo_surface_destroy (image);
      }
    g_array_sort (times, compare_doubles);
    printf ("  of which drawing the image      median %6.0f ms\n", percentile (times, 0.5));
  }
  measure (figure, CA_FIGURE_FORMAT_PDF, pdf, "A3 landscape PDF");
  measure (figure, CA_FIGURE_FORMAT_SVG, svg, "A3 landscape SVG");

  g_unlink (png);
  g_unlink (pdf);
  g_unlink (svg);
  g_rmdir (dir);

  return 0;
}
