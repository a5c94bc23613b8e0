/* bench-basemap.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Measures the offline basemap: loading the DCW-GMT file, and drawing
 * every 256 px tile of zooms 0 to 8 over the corridor region
 * (95–125° E, 15–35° N) on one core.  Prints figures; asserts nothing.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "bench-util.h"
#include "ca-basemap.h"
#include "ca-basemap-draw.h"

static double
peak_rss_mib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CaBasemap) basemap = NULL;
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *path = NULL;
  const char *png_dir = NULL;
  CaBasemapOptions options;
  double start, load_ms;
  int max_zoom = 8;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--png") && i + 1 < argc)
        png_dir = argv[++i];
      else if (g_str_equal (argv[i], "--max-zoom") && i + 1 < argc)
        max_zoom = atoi (argv[++i]);
      else
        path = g_strdup (argv[i]);
    }

  if (path == NULL)
    path = ca_basemap_dup_default_path ();

  start = now_ms ();
  basemap = ca_basemap_load (path, NULL, &error);
  load_ms = now_ms () - start;
  if (basemap == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  g_print ("DCW file: %s\n", path);
  g_print ("load, decode, simplify and index: %.0f ms (%u items, %.1f MiB of geometry)\n",
           load_ms, ca_basemap_get_n_items (basemap),
           ca_basemap_get_memory_size (basemap) / 1048576.0);
  for (guint l = 0; l < CA_BASEMAP_N_LEVELS; l++)
    g_print ("  level %2u: %8" G_GSIZE_FORMAT " points\n", l, ca_basemap_get_n_points (basemap, l));
  g_print ("peak memory after load: %.1f MiB\n", peak_rss_mib ());

  /* The app keeps the processed basemap in a cache file: time saving it
   * and the next start's load from it, which the tiles below then use. */
  {
    g_autofree char *cache_dir = g_dir_make_tmp ("bench-basemap-XXXXXX", NULL);
    g_autoptr(GDir) dir = NULL;
    double save_ms, cached_ms;
    const char *name;

    g_clear_object (&basemap);
    start = now_ms ();
    basemap = ca_basemap_load_cached (path, cache_dir, NULL, &error);
    save_ms = now_ms () - start;
    g_clear_object (&basemap);

    start = now_ms ();
    basemap = ca_basemap_load_cached (path, cache_dir, NULL, &error);
    cached_ms = now_ms () - start;
    if (basemap == NULL)
      {
        g_printerr ("%s\n", error->message);
        return EXIT_FAILURE;
      }
    g_print ("first start (load and save the cache): %.0f ms; later starts (map the cache): %.1f ms\n",
             save_ms, cached_ms);

    /* The mapping stays valid once the file is gone. */
    dir = g_dir_open (cache_dir, 0, NULL);
    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *file = g_build_filename (cache_dir, name, NULL);

        g_remove (file);
      }
    g_rmdir (cache_dir);
  }

  ca_basemap_options_init (&options);

  g_print ("\nzoom  tiles  median ms  p95 ms   max ms\n");
  for (int z = 0; z <= max_zoom; z++)
    {
      g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
      double n = ldexp (1.0, z);
      guint x0 = floor (ca_mercator_x_from_longitude (95) * n);
      guint x1 = floor (ca_mercator_x_from_longitude (125) * n);
      guint y0 = floor (ca_mercator_y_from_latitude (35) * n);
      guint y1 = floor (ca_mercator_y_from_latitude (15) * n);

      for (guint x = x0; x <= x1; x++)
        for (guint y = y0; y <= y1; y++)
          {
            cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 256, 256);
            cairo_t *cr = cairo_create (surface);
            CaView view;
            double t0, ms;

            ca_view_init_tile (&view, z, x, y);
            t0 = now_ms ();
            ca_basemap_draw (basemap, cr, &view, &options);
            cairo_surface_flush (surface);
            ms = now_ms () - t0;
            cairo_destroy (cr);

            g_array_append_val (times, ms);
            g_array_append_val (all, ms);

            if (png_dir != NULL)
              {
                g_autofree char *name = g_strdup_printf ("%s/tile-%d-%u-%u.png", png_dir, z, x, y);
                cairo_surface_write_to_png (surface, name);
              }
            cairo_surface_destroy (surface);
          }

      g_array_sort (times, compare_doubles);
      g_print ("%4d  %5u  %9.2f  %6.2f  %7.2f\n", z, times->len,
               percentile (times, 0.5), percentile (times, 0.95),
               g_array_index (times, double, times->len - 1));
    }

  g_array_sort (all, compare_doubles);
  g_print ("\nall %u tiles: median %.2f ms, p95 %.2f ms\n", all->len,
           percentile (all, 0.5), percentile (all, 0.95));
  g_print ("peak memory: %.1f MiB\n", peak_rss_mib ());

  return EXIT_SUCCESS;
}
