/* test-window-reliability.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The window never freezes: while a layer of a million vertices, five
 * million trade records or a large figure is being made, a probe on the
 * main loop sees no stall over 50 ms, and Cancel stops the work within
 * 200 ms, leaving what was there before.
 *
 * The loads are probed with the main window hidden, so that the probe
 * measures what the application does on the main thread, and not how
 * long Xvfb's software renderer takes to draw a frame of the whole
 * window (25 to 75 ms on a two-core machine, whatever is loading).  The
 * window is shown again afterwards and must show the result.  The export
 * dialog stays on screen throughout, with its preview. */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "test-window-util.h"

#include "ca-export-dialog-private.h"

#define MAX_STALL_MS  50
#define MAX_CANCEL_MS 200

/* A timeout source ticking every millisecond: the longest gap between
 * two ticks is the longest the main loop was kept from running. */
typedef struct
{
  gint64 last;
  gint64 worst;
  guint  id;
} Probe;

static gboolean
probe_tick_cb (gpointer user_data)
{
  Probe *probe = user_data;
  gint64 now = g_get_monotonic_time ();

  if (probe->last != 0)
    probe->worst = MAX (probe->worst, now - probe->last);
  probe->last = now;

  return G_SOURCE_CONTINUE;
}

static void
probe_start (Probe *probe)
{
  probe->last = 0;
  probe->worst = 0;
  probe->id = g_timeout_add (1, probe_tick_cb, probe);
}

/* Returns the worst stall in milliseconds. */
static double
probe_stop (Probe *probe)
{
  g_clear_handle_id (&probe->id, g_source_remove);
  return probe->worst / 1000.0;
}

/* Lines of @n_vertices each, wandering over the corridor's region, in
 * a GeoJSON file. */
static char *
write_large_layer (const char *dir,
                   guint       n_lines,
                   guint       n_vertices)
{
  g_autofree char *path = g_build_filename (dir, "large.geojson", NULL);
  FILE *file = fopen (path, "w");
  guint32 state = 2026;

  g_assert_nonnull (file);
  fputs ("{\"type\":\"FeatureCollection\",\"features\":[\n", file);
  for (guint i = 0; i < n_lines; i++)
    {
      double longitude = 100 + (i % 40) * 0.4;
      double latitude = 20 + (i / 40) * 0.5;

      fprintf (file, "%s{\"type\":\"Feature\",\"properties\":{\"id\":%u},"
               "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[",
               i == 0 ? "" : ",\n", i);
      for (guint v = 0; v < n_vertices; v++)
        {
          state = state * 1664525u + 1013904223u;
          longitude += ((int)((state >> 8) % 1001) - 500) / 1e5;
          latitude += ((int)((state >> 18) % 1001) - 500) / 1e5;
          fprintf (file, "%s[%.5f,%.5f]", v == 0 ? "" : ",", longitude, latitude);
        }
      fputs ("]}}", file);
    }
  fputs ("\n]}\n", file);
  g_assert_cmpint (fclose (file), ==, 0);

  return g_steal_pointer (&path);
}

/* @n_rows trade records, all valid; their values add up to @total. */
static char *
write_large_trade (const char *dir,
                   guint       n_rows,
                   double     *total)
{
  static const char *provinces[] = { "CN-CQ", "CN-SC", "CN-GX", "CN-GZ", "CN-YN", "CN-GS" };
  static const char *partners[] = { "VN", "TH", "SG", "MY", "DE", "AE", "JP" };
  static const char *modes[] = { "rail-sea", "cross-border-rail", "cross-border-road" };
  g_autofree char *path = g_build_filename (dir, "large.csv", NULL);
  FILE *file = fopen (path, "w");
  guint64 sum = 0;

  g_assert_nonnull (file);
  fputs ("period,province,partner,mode,direction,value_cny\n", file);
  for (guint i = 0; i < n_rows; i++)
    {
      guint value = 1000 + i % 9973;

      fprintf (file, "%d-%02d,%s,%s,%s,%s,%u\n", 2023 + (int)(i % 3), 1 + (int)(i / 3 % 12),
               provinces[i % G_N_ELEMENTS (provinces)], partners[i / 7 % G_N_ELEMENTS (partners)],
               modes[i / 11 % G_N_ELEMENTS (modes)], i % 2 ? "export" : "import", value);
      sum += value;
    }
  g_assert_cmpint (fclose (file), ==, 0);
  *total = (double)sum;

  return g_steal_pointer (&path);
}

/* Hides the main window: no more frames are drawn for it. */
static void
hide_window (CaWindow *window)
{
  gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
  settle (200);
}

static void
show_window (CaWindow *window)
{
  gtk_window_present (GTK_WINDOW (window));
  wait_for_paint (GTK_WIDGET (ca_window_get_map (window)));
  settle (300);
}

static gboolean
layer_count_is (gpointer data)
{
  CaWindow *window = data;
  guint wanted = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (window), "wanted-layers"));

  return g_list_model_get_n_items (_ca_window_get_layers (window)) == wanted;
}

static gboolean
not_loading (gpointer data)
{
  return !_ca_window_get_loading (CA_WINDOW (data));
}

/* Cancels the load under way through the loading bar's button, as a
 * planner would, with @probe running: the window is idle again within
 * MAX_CANCEL_MS, the main loop never stalled, and the worker threads
 * end within MAX_CANCEL_MS too. */
static void
cancel_load (CaWindow *window,
             Probe    *probe)
{
  gint64 start = g_get_monotonic_time ();
  double cancel_ms, stall;

  g_assert_true (_ca_window_get_loading (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-load", NULL));
  wait_until (not_loading, window, "the cancelled load");
  cancel_ms = (g_get_monotonic_time () - start) / 1000.0;
  stall = probe_stop (probe);
  g_test_message ("cancel took %.1f ms; worst stall %.1f ms", cancel_ms, stall);
  g_assert_cmpfloat (cancel_ms, <, MAX_CANCEL_MS);
  g_assert_cmpfloat (stall, <, MAX_STALL_MS);

  wait_for_workers ();
  cancel_ms = (g_get_monotonic_time () - start) / 1000.0;
  g_test_message ("the worker threads returned %.1f ms after Cancel", cancel_ms);
  g_assert_cmpfloat (cancel_ms, <, MAX_CANCEL_MS);
}

static void
test_reliability_large_layer (void)
{
  CaWindow *window = open_window ();
  GListModel *layers = _ca_window_get_layers (window);
  g_autofree char *dir = g_dir_make_tmp ("ca-reliability-XXXXXX", NULL);
  g_autofree char *path = write_large_layer (dir, 1000, 1000);
  Probe probe;
  double stall;
  gint64 start;

  g_assert_cmpuint (g_list_model_get_n_items (layers), ==, 3);
  hide_window (window);

  /* The whole load, and the layer handed to the map. */
  probe_start (&probe);
  start = g_get_monotonic_time ();
  _ca_window_open_source (window, path, NULL);
  g_assert_true (_ca_window_get_loading (window));
  g_object_set_data (G_OBJECT (window), "wanted-layers", GUINT_TO_POINTER (4));
  wait_until (layer_count_is, window, "the large layer");
  g_test_message ("1,000,000 vertices loaded in %.2f s", (g_get_monotonic_time () - start) / 1e6);
  settle (500);
  stall = probe_stop (&probe);
  g_test_message ("worst main-loop stall while loading 1,000,000 vertices: %.1f ms", stall);
  g_assert_cmpfloat (stall, <, MAX_STALL_MS);

  {
    g_autoptr(CaMapLayer) layer = g_list_model_get_item (layers, 3);

    CaVectorLayer *vector = ca_map_layer_get_vector (layer);

    g_assert_cmpuint (ca_vector_layer_get_n_features (vector), ==, 1000);
    g_assert_cmpuint (ca_vector_layer_get_n_vertices (vector), ==, 1000000);
    g_assert_cmpuint (ca_vector_layer_get_n_issues (vector), ==, 0);
  }

  /* The same again, cancelled: the map keeps its four layers. */
  probe_start (&probe);
  _ca_window_open_source (window, path, "second copy");
  settle (150);
  /* The thread ends too: GDAL reads through a handler that stops
   * reading once the load is cancelled, so even its parse of the whole
   * GeoJSON ends at once. */
  cancel_load (window, &probe);
  settle (100);
  g_assert_cmpuint (g_list_model_get_n_items (layers), ==, 4);
  g_assert_nonnull (strstr (_ca_window_get_last_toast (window), "cancelled"));

  /* On screen again, the layer is drawn: its ink covers the box the
   * lines wander in, where the basemap has none of its colour. */
  show_window (window);
  {
    g_auto(Snapshot) snapshot = { 0 };
    g_autoptr(CaMapLayer) layer = g_list_model_get_item (layers, 3);
    const GdkRGBA *color = ca_map_layer_get_color (layer);
    CaRgb rgb = { color->red, color->green, color->blue };
    int x0, y0, x1, y1, n = 0;

    take_snapshot (GTK_WIDGET (ca_window_get_map (window)), &snapshot);
    location_to_pixel (window, 100, 32, &x0, &y0);
    location_to_pixel (window, 116, 20, &x1, &y1);
    for (int y = MAX (y0, 0); y < MIN (y1, snapshot.height); y++)
      for (int x = MAX (x0, 0); x < MIN (x1, snapshot.width); x++)
        n += matches (snapshot_pixel (&snapshot, x, y), &rgb);
    g_test_message ("%d pixels of the layer's colour", n);
    g_assert_cmpint (n, >, 1000);
  }

  close_window (window);
  test_remove_tree (dir);
}

static gboolean
cube_replaced (gpointer data)
{
  CaWindow *window = data;
  gpointer before = g_object_get_data (G_OBJECT (window), "cube-before");

  return ca_stats_panel_get_cube (window->stats_panel) != NULL &&
         ca_stats_panel_get_cube (window->stats_panel) != before;
}

static gboolean
trade_ready (gpointer data)
{
  CaWindow *window = data;

  return ca_stats_panel_get_cube (window->stats_panel) != NULL && !_ca_window_get_loading (window);
}

static void
test_reliability_large_trade (void)
{
  CaWindow *window = open_window ();
  g_autofree char *dir = g_dir_make_tmp ("ca-reliability-XXXXXX", NULL);
  g_autofree char *path = NULL;
  CaTradeCube *cube;
  CaTradeCube *sample;
  Probe probe;
  double total, stall;
  gint64 start;

  path = write_large_trade (dir, 5000000, &total);
  wait_until (trade_ready, window, "the trade sample");
  sample = ca_stats_panel_get_cube (window->stats_panel);
  hide_window (window);

  probe_start (&probe);
  start = g_get_monotonic_time ();
  g_object_set_data (G_OBJECT (window), "cube-before", sample);
  _ca_window_open_trade (window, path, FALSE);
  g_assert_true (_ca_window_get_loading (window));
  wait_until (cube_replaced, window, "five million trade records");
  g_test_message ("5,000,000 records loaded in %.2f s", (g_get_monotonic_time () - start) / 1e6);
  settle (500);
  stall = probe_stop (&probe);
  g_test_message ("worst main-loop stall while loading 5,000,000 records: %.1f ms", stall);
  g_assert_cmpfloat (stall, <, MAX_STALL_MS);

  cube = ca_stats_panel_get_cube (window->stats_panel);
  {
    CaTradeFilter filter;

    ca_trade_filter_init (&filter, CA_MONTH (2023, 1), CA_MONTH (2025, 12));
    g_assert_cmpfloat (ca_trade_cube_total (cube, &filter), ==, total);
    g_assert_cmpuint (ca_trade_cube_get_n_accepted (cube), ==, 5000000);
  }

  /* Loaded again and cancelled: the panel keeps the records it had. */
  probe_start (&probe);
  _ca_window_open_trade (window, path, FALSE);
  settle (100);
  /* The parser looks at the cancellable as it goes: its threads end
   * soon after, and change nothing. */
  cancel_load (window, &probe);
  settle (300);
  g_assert_true (ca_stats_panel_get_cube (window->stats_panel) == cube);
  g_assert_nonnull (strstr (_ca_window_get_last_toast (window), "cancelled"));
  show_window (window);

  close_window (window);
  test_remove_tree (dir);
}

static gboolean
export_finished (gpointer data)
{
  return !_ca_export_dialog_get_busy (CA_EXPORT_DIALOG (data));
}

static gboolean
export_drawing (gpointer data)
{
  CaExportDialog *dialog = data;

  return g_str_has_prefix (gtk_label_get_label (dialog->progress_label), "Drawing");
}

static void
test_reliability_large_export (void)
{
  CaWindow *window = open_window ();
  g_autoptr(CaExportDialog) dialog = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ca-reliability-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "large.png", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_length, after_length;
  Probe probe;
  double stall, cancel_ms;
  gint64 start;

  wait_until (trade_ready, window, "the trade sample");
  g_assert_true (g_file_set_contents (path, "the previous figure", -1, NULL));
  g_assert_true (g_file_get_contents (path, &before, &before_length, NULL));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL));
  dialog = g_object_ref (CA_EXPORT_DIALOG (_ca_window_get_export_dialog (window)));
  adw_combo_row_set_selected (dialog->format_row, CA_FIGURE_FORMAT_PNG);
  adw_combo_row_set_selected (dialog->page_row, 1);
  gtk_switch_set_active (dialog->landscape_switch, TRUE);
  gtk_spin_button_set_value (dialog->dpi_spin, 600);
  settle (500);

  /* An A3 page at 600 dpi, 9921 × 7016 px, made and then cancelled
   * while drawing: the old file stays as it was. */
  probe_start (&probe);
  start = g_get_monotonic_time ();
  _ca_export_dialog_export_to (dialog, path);
  wait_until (export_drawing, dialog, "the drawing stage");
  settle (200);
  g_assert_true (_ca_export_dialog_get_busy (dialog));
  start = g_get_monotonic_time ();
  _ca_export_dialog_cancel_export (dialog);
  wait_until (export_finished, dialog, "the cancelled export");
  cancel_ms = (g_get_monotonic_time () - start) / 1000.0;
  stall = probe_stop (&probe);
  g_test_message ("export cancelled in %.1f ms; worst stall %.1f ms", cancel_ms, stall);
  g_assert_cmpfloat (cancel_ms, <, MAX_CANCEL_MS);
  g_assert_cmpfloat (stall, <, MAX_STALL_MS);
  /* The drawing thread stops within a few milliseconds too, checking
   * between countries, bands of borders, arcs and features, and removes
   * its temporary file; the old file was never touched. */
  wait_for_workers ();
  cancel_ms = (g_get_monotonic_time () - start) / 1000.0;
  g_test_message ("the drawing thread returned %.1f ms after Cancel", cancel_ms);
  g_assert_cmpfloat (cancel_ms, <, MAX_CANCEL_MS);
  g_assert_true (g_file_get_contents (path, &after, &after_length, NULL));
  g_assert_cmpmem (before, before_length, after, after_length);
  {
    g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);

    g_assert_cmpstr (g_dir_read_name (listing), ==, "large.png");
    g_assert_null (g_dir_read_name (listing));
  }

  /* And made to the end. */
  probe_start (&probe);
  start = g_get_monotonic_time ();
  _ca_export_dialog_export_to (dialog, path);
  wait_until (export_finished, dialog, "the export");
  g_test_message ("A3 at 600 dpi exported in %.2f s", (g_get_monotonic_time () - start) / 1e6);
  stall = probe_stop (&probe);
  g_test_message ("worst main-loop stall while exporting: %.1f ms", stall);
  g_assert_cmpfloat (stall, <, MAX_STALL_MS);
  {
    cairo_surface_t *image = cairo_image_surface_create_from_png (path);

    g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
    g_assert_cmpint (cairo_image_surface_get_width (image), ==, 9921);
    g_assert_cmpint (cairo_image_surface_get_height (image), ==, 7016);
    cairo_surface_destroy (image);
  }

  /* A finished export closes the dialog. */
  settle (100);
  g_assert_null (_ca_window_get_export_dialog (window));
  g_clear_object (&dialog);
  close_window (window);
  test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  TestWindowSetup setup;
  int status;

  test_window_init (&argc, &argv, &setup);

  g_test_add_func ("/reliability/large-layer", test_reliability_large_layer);
  g_test_add_func ("/reliability/large-trade", test_reliability_large_trade);
  g_test_add_func ("/reliability/large-export", test_reliability_large_export);

  status = g_test_run ();
  test_window_finish (&setup);

  return status;
}
