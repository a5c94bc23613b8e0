/* test-window-util.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What the display tests share: the application, waiting on the main
 * loop, opening and closing a window, and snapshots of what it drew. */

#pragma once

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "test-util.h"

#include "ca-application.h"
#include "ca-export-dialog-private.h"
#include "ca-window-private.h"

G_BEGIN_DECLS

#define TIMEOUT_SECONDS 60

static CaApplication *application;

typedef struct
{
  GBytes *bytes;
  int     width;
  int     height;
  gsize   stride;
} Snapshot;

static inline void
snapshot_clear (Snapshot *snapshot)
{
  g_clear_pointer (&snapshot->bytes, g_bytes_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Snapshot, snapshot_clear)

static inline gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main loop until @done says so, failing after a minute. */
static inline void
wait_until (gboolean (*done) (gpointer),
            gpointer   data,
            const char *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (TIMEOUT_SECONDS, timeout_cb, &timed_out);

  while (!done (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("Timed out waiting for %s", what);

  g_source_remove (id);
}

/* Runs the main loop for a while, so frames are drawn and idles run. */
static inline void
settle (guint milliseconds)
{
  gboolean elapsed = FALSE;

  g_timeout_add (milliseconds, timeout_cb, &elapsed);
  while (!elapsed)
    g_main_context_iteration (NULL, TRUE);
}

static inline gboolean
basemap_ready (gpointer data)
{
  CaWindow *window = data;
  CaBasemapSource *source = _ca_window_get_offline_source (window);

  /* The basemap's first tiles, and the three corridor layers. */
  return ca_basemap_source_get_ready (source) &&
         ca_basemap_source_get_n_rendered (source) >= 6 &&
         g_list_model_get_n_items (_ca_window_get_layers (window)) == 3;
}

static inline CaWindow *
open_window (void)
{
  CaWindow *window = ca_window_new (application);

  gtk_window_present (GTK_WINDOW (window));
  wait_until (basemap_ready, window, "the basemap and its first tiles");
  /* Let every visible tile arrive and be laid out. */
  settle (1500);

  return window;
}

static inline void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

static inline gboolean
is_true (gpointer data)
{
  return *(gboolean *)data;
}

static inline void
wait_for_paint (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gboolean painted = FALSE;
  gulong handler;

  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  gtk_widget_queue_draw (widget);
  wait_until (is_true, &painted, "a frame to be painted");
  g_signal_handler_disconnect (clock, handler);
}

static inline void
take_snapshot (GtkWidget *widget,
               Snapshot  *out)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  guint8 *data;

  out->width = gtk_widget_get_width (widget);
  out->height = gtk_widget_get_height (widget);
  g_assert_cmpint (out->width, >, 100);
  g_assert_cmpint (out->height, >, 100);

  /* A widget that has not painted since it changed snapshots empty:
   * draw a frame first. */
  wait_for_paint (widget);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), out->width, out->height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node,
                                        &GRAPHENE_RECT_INIT (0, 0, out->width, out->height));

  out->stride = (gsize)out->width * 4;
  data = g_malloc (out->stride * out->height);
  gdk_texture_download (texture, data, out->stride);
  out->bytes = g_bytes_new_take (data, out->stride * out->height);
}

static inline Pixel
snapshot_pixel (const Snapshot *snapshot,
                int             x,
                int             y)
{
  const guint8 *data = g_bytes_get_data (snapshot->bytes, NULL);
  guint32 value;

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, snapshot->width);
  g_assert_cmpint (y, <, snapshot->height);

  /* gdk_texture_download() writes CAIRO_FORMAT_ARGB32. */
  value = *(const guint32 *)(gconstpointer)(data + y * snapshot->stride + 4 * x);
  return (Pixel) { value >> 16 & 0xff, value >> 8 & 0xff, value & 0xff };
}

static inline gboolean
matches (Pixel        pixel,
         const CaRgb *rgb)
{
  return ABS (pixel.red - (int)(rgb->red * 255 + 0.5)) <= 2 &&
         ABS (pixel.green - (int)(rgb->green * 255 + 0.5)) <= 2 &&
         ABS (pixel.blue - (int)(rgb->blue * 255 + 0.5)) <= 2;
}

static inline double
share_of (const Snapshot *snapshot,
          const CaRgb    *rgb)
{
  guint n = 0;

  for (int y = 0; y < snapshot->height; y++)
    for (int x = 0; x < snapshot->width; x++)
      n += matches (snapshot_pixel (snapshot, x, y), rgb);

  return (double)n / (snapshot->width * snapshot->height);
}

static inline void
location_to_pixel (CaWindow *window,
                   double    longitude,
                   double    latitude,
                   int      *x,
                   int      *y)
{
  ShumateMap *map = ca_window_get_map (window);
  double wx, wy;

  shumate_viewport_location_to_widget_coords (shumate_map_get_viewport (map), GTK_WIDGET (map),
                                              latitude, longitude, &wx, &wy);
  *x = (int)wx;
  *y = (int)wy;
}

/* Whether a pixel of the given colour lies within @radius of a place;
 * a label or a border may cover the place itself. */
static inline gboolean
colour_near (const Snapshot *snapshot,
             CaWindow       *window,
             double          longitude,
             double          latitude,
             const CaRgb    *rgb,
             int             radius)
{
  int cx, cy;

  location_to_pixel (window, longitude, latitude, &cx, &cy);
  for (int y = cy - radius; y <= cy + radius; y++)
    for (int x = cx - radius; x <= cx + radius; x++)
      if (x >= 0 && y >= 0 && x < snapshot->width && y < snapshot->height &&
          matches (snapshot_pixel (snapshot, x, y), rgb))
        return TRUE;

  return FALSE;
}

static inline gboolean
no_workers (gpointer data)
{
  return ca_application_get_n_workers () == 0;
}

/* Waits until every worker thread has returned, cancelled ones too. */
static inline void
wait_for_workers (void)
{
  wait_until (no_workers, NULL, "the worker threads to return");
}

static inline void
close_window (CaWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  settle (100);
  /* A figure still drawing, or a layer still being read, in a worker
   * thread when the process exits would be using fonts, caches and
   * drivers being torn down. */
  while (ca_application_get_n_workers () > 0)
    g_main_context_iteration (NULL, TRUE);
}

typedef struct
{
  char *cache_home;
  char *data_home;
} TestWindowSetup;

/* Sets up the process for display tests: no tile server, fresh cache
 * and data folders, the build tree's translations, GTK and the
 * application. */
static inline void
test_window_init (int             *argc,
                  char          ***argv,
                  TestWindowSetup *setup)
{
  g_setenv ("CORRIDOR_ATLAS_TILE_HOST", "tiles.corridor-atlas.invalid", TRUE);
  g_unsetenv ("CORRIDOR_ATLAS_DCW");

  /* The window keeps its basemap cache in the user cache folder: use a
   * fresh one, so the first window builds it and the others map it. */
  setup->cache_home = g_dir_make_tmp ("ca-window-cache-XXXXXX", NULL);
  g_assert_nonnull (setup->cache_home);
  g_setenv ("XDG_CACHE_HOME", setup->cache_home, TRUE);
  /* Recent projects go to the user data folder: a fresh one, too. */
  setup->data_home = g_dir_make_tmp ("ca-window-data-XXXXXX", NULL);
  g_assert_nonnull (setup->data_home);
  g_setenv ("XDG_DATA_HOME", setup->data_home, TRUE);

  /* As main.c does: the zh_CN case runs with LANGUAGE=zh_CN and the
   * build tree's translations. */
  setlocale (LC_ALL, "");
  if (g_getenv ("CORRIDOR_ATLAS_LOCALEDIR") != NULL)
    {
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("CORRIDOR_ATLAS_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }

  gtk_test_init (argc, argv, NULL);
  adw_init ();

  application = ca_application_new ();
  g_application_set_flags (G_APPLICATION (application), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (application), NULL, NULL);
}

static inline void
test_window_finish (TestWindowSetup *setup)
{
  g_clear_object (&application);
  test_remove_tree (setup->cache_home);
  test_remove_tree (setup->data_home);
  g_free (setup->cache_home);
  g_free (setup->data_home);
}

G_END_DECLS
