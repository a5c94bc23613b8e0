/* test-window.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The main window under a real display (Xvfb in CI): it opens on the
 * corridor region, the offline basemap fills the map, the map's actions
 * work, and a broken basemap or an unreachable tile server leaves a
 * working window with a message. */

#include "config.h"

#include <math.h>
#include <string.h>

#include "test-window-util.h"

#include "ca-preferences-window-private.h"
#include "ca-stats-row.h"

static void hide_flows (CaWindow *window);

static void
test_window_opens_on_corridor (void)
{
  const CaBasemapPalette *palette = ca_basemap_palette_get (CA_BASEMAP_STYLE_LIGHT);
  CaWindow *window = open_window ();
  ShumateMap *map = ca_window_get_map (window);
  ShumateViewport *viewport = shumate_map_get_viewport (map);
  g_auto(Snapshot) snapshot = { 0 };
  int x, y;

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Corridor Atlas");
  g_assert_cmpfloat_with_epsilon (shumate_viewport_get_zoom_level (viewport), CA_HOME_ZOOM, 1e-9);
  g_assert_cmpfloat_with_epsilon (shumate_location_get_latitude (SHUMATE_LOCATION (viewport)),
                                  CA_HOME_LATITUDE, 1e-6);
  g_assert_cmpfloat_with_epsilon (shumate_location_get_longitude (SHUMATE_LOCATION (viewport)),
                                  CA_HOME_LONGITUDE, 1e-6);
  g_assert_nonnull (ca_basemap_source_get_basemap (_ca_window_get_offline_source (window)));

  /* Chongqing, Nanning and Hanoi are in view. */
  location_to_pixel (window, 106.55, 29.56, &x, &y);
  g_assert_cmpint (x, >, 0);
  g_assert_cmpint (y, >, 0);
  location_to_pixel (window, 105.85, 21.03, &x, &y);
  g_assert_cmpint (x, <, gtk_widget_get_width (GTK_WIDGET (map)));
  g_assert_cmpint (y, <, gtk_widget_get_height (GTK_WIDGET (map)));

  /* The basemap is what is checked here: the sample's flows, drawn both
   * ways, would cover much of it. */
  hide_flows (window);
  take_snapshot (GTK_WIDGET (map), &snapshot);

  /* Not blank: sea and China's land both fill a good part of the map,
   * each where it belongs. */
  g_assert_cmpfloat (share_of (&snapshot, &palette->sea), >, 0.15);
  g_assert_cmpfloat (share_of (&snapshot, &palette->china), >, 0.10);
  g_assert_cmpfloat (share_of (&snapshot, &palette->land), >, 0.05);
  /* Around Chongqing the corridor's markers and routes cover much of
   * the land: look a little wider there. */
  g_assert_true (colour_near (&snapshot, window, 106.55, 29.56, &palette->china, 20));
  g_assert_true (colour_near (&snapshot, window, 115.9, 27.9, &palette->china, 6));
  g_assert_true (colour_near (&snapshot, window, 102.63, 17.97, &palette->land, 6));
  location_to_pixel (window, 114.0, 15.0, &x, &y);
  g_assert_true (matches (snapshot_pixel (&snapshot, x, y), &palette->sea));

  close_window (window);
}

typedef struct
{
  ShumateViewport *viewport;
  double           zoom;
} ZoomWait;

static gboolean
zoom_reached (gpointer data)
{
  ZoomWait *wait = data;

  return G_APPROX_VALUE (shumate_viewport_get_zoom_level (wait->viewport), wait->zoom, 1e-6);
}

static void
test_window_actions (void)
{
  CaWindow *window = open_window ();
  ShumateMap *map = ca_window_get_map (window);
  ZoomWait wait = { shumate_map_get_viewport (map), CA_HOME_ZOOM + 1 };
  double longitude, latitude;

  gtk_widget_activate_action (GTK_WIDGET (window), "map.zoom-in", NULL);
  wait_until (zoom_reached, &wait, "zoom in");

  wait.zoom = CA_HOME_ZOOM;
  gtk_widget_activate_action (GTK_WIDGET (window), "map.zoom-out", NULL);
  wait_until (zoom_reached, &wait, "zoom out");

  /* One step east, then one south, moves the centre that way. */
  longitude = shumate_location_get_longitude (SHUMATE_LOCATION (wait.viewport));
  latitude = shumate_location_get_latitude (SHUMATE_LOCATION (wait.viewport));
  gtk_widget_activate_action (GTK_WIDGET (window), "map.pan", "(ii)", 1, 0);
  g_assert_cmpfloat (shumate_location_get_longitude (SHUMATE_LOCATION (wait.viewport)), >, longitude + 1);
  g_assert_cmpfloat_with_epsilon (shumate_location_get_latitude (SHUMATE_LOCATION (wait.viewport)),
                                  latitude, 1e-6);
  gtk_widget_activate_action (GTK_WIDGET (window), "map.pan", "(ii)", 0, 1);
  g_assert_cmpfloat (shumate_location_get_latitude (SHUMATE_LOCATION (wait.viewport)), <, latitude - 1);

  close_window (window);
}

static gboolean
trade_ready (gpointer data)
{
  CaWindow *window = data;

  return ca_stats_panel_get_cube (window->stats_panel) != NULL;
}

/* The layer and basemap checks look at the map under the flows. */
static void
hide_flows (CaWindow *window)
{
  wait_until (trade_ready, window, "the trade sample");
  ca_stats_panel_show_flows (window->stats_panel, FALSE);
  settle (200);
}

/* A point halfway along the longest segment of a route, in the map's
 * pixels: on the line, and away from the markers at its vertices. */
static void
route_point (CaWindow   *window,
             const char *corridor,
             int        *x,
             int        *y)
{
  g_autoptr(CaMapLayer) routes = g_list_model_get_item (_ca_window_get_layers (window), 0);
  CaVectorLayer *vector = ca_map_layer_get_vector (routes);
  int index = ca_vector_layer_find_feature (vector, "corridor", corridor);
  const CaFeature *route;
  double best = 0, lon = 0, lat = 0;

  g_assert_cmpint (index, >=, 0);
  route = ca_vector_layer_get_feature (vector, index);
  for (guint k = 1; k < route->parts[0].n_points; k++)
    {
      const double *a = &route->lonlat[2 * k - 2];
      const double *b = &route->lonlat[2 * k];
      double length = ca_geodesic_distance (a[0], a[1], b[0], b[1]);

      if (length > best)
        {
          best = length;
          lon = (a[0] + b[0]) / 2;
          lat = (a[1] + b[1]) / 2;
        }
    }

  location_to_pixel (window, lon, lat, x, y);
}

static gboolean
is_basemap_colour (Pixel pixel)
{
  const CaBasemapPalette *palette = ca_basemap_palette_get (CA_BASEMAP_STYLE_LIGHT);

  return matches (pixel, &palette->china) || matches (pixel, &palette->land) ||
         matches (pixel, &palette->sea);
}

static void
test_window_corridor_layers (void)
{
  CaWindow *window = open_window ();
  g_autoptr(CaMapLayer) routes = g_list_model_get_item (_ca_window_get_layers (window), 0);
  g_auto(Snapshot) before = { 0 };
  g_auto(Snapshot) after = { 0 };
  GtkListBoxRow *row;
  int x, y;

  /* The panel lists the shipped layers, routes first. */
  g_assert_cmpstr (ca_map_layer_get_title (routes), ==, "Corridor routes");
  g_assert_true (ca_map_layer_get_visible (routes));
  row = gtk_list_box_get_row_at_index (window->layers_list, 0);
  g_assert_nonnull (row);
  g_assert_nonnull (gtk_list_box_get_row_at_index (window->layers_list, 2));

  /* The central channel's line shows in route colours over the land… */
  hide_flows (window);
  route_point (window, "central-channel", &x, &y);
  take_snapshot (GTK_WIDGET (window->map), &before);
  g_assert_false (is_basemap_colour (snapshot_pixel (&before, x, y)));

  /* …and unticking its row in the panel takes it off the map. */
  gtk_widget_activate (GTK_WIDGET (row));
  g_assert_false (ca_map_layer_get_visible (routes));
  settle (300);
  take_snapshot (GTK_WIDGET (window->map), &after);
  g_assert_true (is_basemap_colour (snapshot_pixel (&after, x, y)));

  gtk_widget_activate (GTK_WIDGET (row));
  g_assert_true (ca_map_layer_get_visible (routes));

  close_window (window);
}

static void
test_window_pick_and_search (void)
{
  CaWindow *window = open_window ();
  CaVectorOverlay *overlay = _ca_window_get_vector_overlay (window);
  CaMapLayer *layer = NULL;
  int index = -1, x, y;

  /* A click on the route picks it. */
  route_point (window, "central-channel", &x, &y);
  g_assert_true (ca_vector_overlay_pick (overlay, x, y, &layer, &index));
  g_assert_cmpstr (ca_map_layer_get_title (layer), ==, "Corridor routes");
  g_assert_cmpstr (ca_vector_layer_get_string (ca_map_layer_get_vector (layer),
                                               ca_vector_layer_get_feature (ca_map_layer_get_vector (layer), index),
                                               "corridor"), ==, "central-channel");

  /* Searching "Qinzhou" and taking the first result goes there. */
  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), "Qinzhou");
  g_signal_emit_by_name (window->search_entry, "search-changed");
  g_signal_emit_by_name (window->search_entry, "activate");
  settle (1500);
  g_assert_cmpfloat (fabs (shumate_location_get_longitude (SHUMATE_LOCATION (shumate_map_get_viewport (window->map))) - 108.6), <, 0.5);
  g_assert_cmpfloat (fabs (shumate_location_get_latitude (SHUMATE_LOCATION (shumate_map_get_viewport (window->map))) - 21.8), <, 0.5);

  close_window (window);
}

static gboolean
trade_loaded (gpointer data)
{
  CaWindow *window = data;

  return ca_stats_panel_get_cube (window->stats_panel) != NULL;
}

static void
test_window_statistics (void)
{
  CaWindow *window = open_window ();
  CaStatsPanel *panel = window->stats_panel;
  GListModel *rows;
  g_autofree char *before = NULL;
  g_auto(Snapshot) with_rail_sea = { 0 };
  g_auto(Snapshot) without_rail_sea = { 0 };
  double flows_before;
  CaTradeFilter filter;

  /* The sample loads at start and the panel opens on the published
   * figure, said plainly as illustrative. */
  wait_until (trade_loaded, window, "the trade sample");
  g_assert_cmpstr (ca_stats_panel_get_headline (panel), ==, "Jan–Oct 2025: ¥1.35 trillion, +17.9 % YoY");
  g_assert_true (ca_stats_panel_get_filter (panel, &filter));
  g_assert_cmpint (filter.month_from, ==, CA_MONTH (2025, 1));
  g_assert_cmpint (filter.month_to, ==, CA_MONTH (2025, 10));

  /* The table lists the top 15 pairs, largest first. */
  rows = ca_stats_panel_get_rows (panel);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 15);
  {
    g_autoptr(CaStatsRow) first = g_list_model_get_item (rows, 0);
    g_autoptr(CaStatsRow) second = g_list_model_get_item (rows, 1);

    g_assert_cmpfloat (ca_stats_row_get_value (first), >=, ca_stats_row_get_value (second));
  }

  /* The map says the flows are illustrative. */
  g_assert_true (gtk_widget_get_visible (window->sample_label));

  /* The flows on the map add up to the headline's total. */
  g_assert_nonnull (ca_flow_overlay_get_model (window->flow_overlay));
  flows_before = ca_flow_model_get_total (ca_flow_overlay_get_model (window->flow_overlay));
  g_assert_cmpfloat (fabs (flows_before / 1.35e12 - 1), <, 0.001);
  take_snapshot (GTK_WIDGET (window->map), &with_rail_sea);

  /* Unticking rail–sea takes its trade out of the total, the table and
   * the flows drawn on the map. */
  before = g_strdup (ca_stats_panel_get_headline (panel));
  ca_stats_panel_set_mode (panel, CA_MODE_RAIL_SEA, FALSE);
  g_assert_cmpstr (ca_stats_panel_get_headline (panel), !=, before);
  g_assert_cmpfloat (ca_flow_model_get_total (ca_flow_overlay_get_model (window->flow_overlay)), <,
                     0.5 * flows_before);
  settle (200);
  take_snapshot (GTK_WIDGET (window->map), &without_rail_sea);
  g_assert_cmpint (memcmp (g_bytes_get_data (with_rail_sea.bytes, NULL),
                           g_bytes_get_data (without_rail_sea.bytes, NULL),
                           MIN (g_bytes_get_size (with_rail_sea.bytes),
                                g_bytes_get_size (without_rail_sea.bytes))), !=, 0);
  g_assert_true (ca_stats_panel_get_filter (panel, &filter));
  g_assert_false (filter.modes & (1u << CA_MODE_RAIL_SEA));
  g_assert_cmpfloat (ca_trade_cube_total (ca_stats_panel_get_cube (panel), &filter), <,
                     0.5 * 1.35e12);
  ca_stats_panel_set_mode (panel, CA_MODE_RAIL_SEA, TRUE);

  /* Play steps the months on, keeping their length. */
  g_assert_true (ca_stats_panel_step (panel));
  g_assert_true (ca_stats_panel_get_filter (panel, &filter));
  g_assert_cmpint (filter.month_from, ==, CA_MONTH (2025, 2));
  g_assert_cmpint (filter.month_to, ==, CA_MONTH (2025, 11));
  g_assert_false (ca_stats_panel_step (panel));

  close_window (window);
}

/* Clicks the map where a planner would, through the window's own click
 * gesture. */
static void
click_map (CaWindow *window,
           double    longitude,
           double    latitude)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window->map));
  int x, y;

  location_to_pixel (window, longitude, latitude, &x, &y);
  g_test_message ("click at %d, %d", x, y);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (controller))
        g_signal_emit_by_name (controller, "released", 1, (double)x, (double)y);
    }
}

static void
test_window_province_selection (void)
{
  CaWindow *window = open_window ();
  CaStatsPanel *panel = window->stats_panel;
  CaTradeCube *cube;
  CaFlowModel *model;
  CaFlowStyle style;
  CaTradeFilter filter;
  g_autofree char *both_headline = NULL;
  g_auto(Snapshot) both = { 0 };
  g_auto(Snapshot) inbound = { 0 };
  int chongqing = ca_trade_match_province ("CN-CQ");
  double imports;

  wait_until (trade_loaded, window, "the trade sample");
  cube = ca_stats_panel_get_cube (panel);
  both_headline = g_strdup (ca_stats_panel_get_headline (panel));

  /* The sample says which way its trade goes, so the choice is open. */
  g_assert_true (ca_trade_cube_has_directions (cube));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "trade-direction"));
  g_assert_false (gtk_widget_get_visible (window->selection_bar));

  /* A click in eastern Chongqing, away from the corridor's own features
   * (a click on those opens their details), shows its flows alone and a
   * bar that names it. */
  click_map (window, 109.2, 31.0);
  ca_flow_overlay_get_style (window->flow_overlay, &style);
  g_assert_cmpint (style.selected_province, ==, chongqing);
  g_assert_true (gtk_widget_get_visible (window->selection_bar));
  g_assert_nonnull (strstr (gtk_label_get_label (window->selection_label), "Chongqing"));
  settle (200);
  take_snapshot (GTK_WIDGET (window->map), &both);

  /* Inbound: only imports, in the flows, the total and the headline. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.trade-direction", "s", "import");
  g_assert_true (ca_stats_panel_get_filter (panel, &filter));
  g_assert_cmpuint (filter.directions, ==, 1u << CA_DIRECTION_IMPORT);
  g_assert_true (g_str_has_prefix (ca_stats_panel_get_headline (panel), "Jan–Oct 2025, imports: "));
  imports = ca_trade_cube_total (cube, &filter);
  model = ca_flow_overlay_get_model (window->flow_overlay);
  g_assert_cmpfloat (fabs (ca_flow_model_get_total (model) / imports - 1), <, 1e-9);
  g_assert_cmpfloat (imports, <, 0.6 * 1.35e12);
  for (guint i = 0; i < ca_flow_model_get_n_flows (model); i++)
    g_assert_cmpint (ca_flow_model_get_flow (model, i)->direction, ==, CA_DIRECTION_IMPORT);
  ca_flow_overlay_get_style (window->flow_overlay, &style);
  g_assert_cmpint (style.selected_province, ==, chongqing);
  settle (200);
  take_snapshot (GTK_WIDGET (window->map), &inbound);
  g_assert_cmpint (memcmp (g_bytes_get_data (both.bytes, NULL), g_bytes_get_data (inbound.bytes, NULL),
                           MIN (g_bytes_get_size (both.bytes), g_bytes_get_size (inbound.bytes))), !=, 0);

  /* Outbound, then both ways again. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.trade-direction", "s", "export");
  g_assert_true (g_str_has_prefix (ca_stats_panel_get_headline (panel), "Jan–Oct 2025, exports: "));
  model = ca_flow_overlay_get_model (window->flow_overlay);
  g_assert_cmpfloat (fabs ((ca_flow_model_get_total (model) + imports) / 1.35e12 - 1), <, 0.001);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.trade-direction", "s", "both");
  g_assert_cmpstr (ca_stats_panel_get_headline (panel), ==, both_headline);

  /* The bar's close button shows every province again. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.clear-selection", NULL);
  ca_flow_overlay_get_style (window->flow_overlay, &style);
  g_assert_cmpint (style.selected_province, ==, -1);
  g_assert_false (gtk_widget_get_visible (window->selection_bar));

  close_window (window);
}

static gboolean
toast_shown (gpointer data)
{
  return _ca_window_get_last_toast (data) != NULL;
}

static void
test_window_online_unreachable (void)
{
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  CaWindow *window = open_window ();
  g_autofree char *basemap = NULL;

  g_assert_null (_ca_window_get_online_layer (window));

  /* Choosing OpenStreetMap adds its layer above the offline one… */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.basemap", "s", "osm");
  g_assert_nonnull (_ca_window_get_online_layer (window));

  /* …and when its server cannot be reached the window says so and goes
   * back to the offline basemap, which kept drawing all along. */
  wait_until (toast_shown, window, "the network toast");
  g_assert_nonnull (strstr (_ca_window_get_last_toast (window), "OpenStreetMap"));
  basemap = g_settings_get_string (settings, "basemap");
  g_assert_cmpstr (basemap, ==, "offline");
  g_assert_null (_ca_window_get_online_layer (window));
  g_assert_true (ca_basemap_source_get_ready (_ca_window_get_offline_source (window)));

  close_window (window);
}

static gboolean
source_ready (gpointer data)
{
  return ca_basemap_source_get_ready (_ca_window_get_offline_source (data));
}

static void
test_window_broken_basemap (void)
{
  const CaBasemapPalette *palette = ca_basemap_palette_get (CA_BASEMAP_STYLE_LIGHT);
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ca-window-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "broken.nc", NULL);
  g_auto(Snapshot) snapshot = { 0 };
  CaWindow *window;
  const char *status;

  g_assert_no_error (error);
  g_file_set_contents (path, "this is not netCDF", -1, &error);
  g_assert_no_error (error);
  g_settings_set_string (settings, "dcw-path", path);

  window = ca_window_new (application);
  gtk_window_present (GTK_WINDOW (window));
  wait_until (source_ready, window, "the basemap to fail");
  settle (1000);

  /* The window is up, says which file failed and why, and the map shows
   * the plain sea rather than nothing. */
  g_assert_null (ca_basemap_source_get_basemap (_ca_window_get_offline_source (window)));
  g_assert_true (gtk_widget_get_visible (window->status_box));
  status = gtk_label_get_label (window->status_label);
  g_assert_nonnull (strstr (status, path));
  g_assert_nonnull (strstr (status, "could not be read"));
  g_assert_nonnull (strstr (_ca_window_get_last_toast (window), path));

  hide_flows (window);
  take_snapshot (GTK_WIDGET (window->map), &snapshot);
  g_assert_cmpfloat (share_of (&snapshot, &palette->sea), >, 0.9);
  g_assert_cmpfloat (share_of (&snapshot, &palette->china), <, 0.01);

  close_window (window);
  g_settings_reset (settings, "dcw-path");
  g_unlink (path);
  g_rmdir (dir);
}

/* The Export dialog ------------------------------------------------------ */

static CaExportDialog *
open_export_dialog (CaWindow *window)
{
  CaExportDialog *dialog;

  g_assert_null (_ca_window_get_export_dialog (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL));
  g_assert_nonnull (_ca_window_get_export_dialog (window));
  dialog = CA_EXPORT_DIALOG (_ca_window_get_export_dialog (window));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));

  /* The same dialog comes back rather than a second one. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL));
  g_assert_true (_ca_window_get_export_dialog (window) == GTK_WINDOW (dialog));

  return g_object_ref (dialog);
}

static gboolean
has_preview (gpointer data)
{
  CaExportDialog *dialog = data;

  return gtk_picture_get_paintable (dialog->preview_picture) != NULL;
}

static gboolean
export_finished (gpointer data)
{
  return !_ca_export_dialog_get_busy (CA_EXPORT_DIALOG (data));
}

static char *
run_tool (const char *program,
          const char *path)
{
  const char *argv[] = { program, path, "-", NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  return out;
}

static gboolean
four_layers (gpointer data)
{
  return g_list_model_get_n_items (_ca_window_get_layers (CA_WINDOW (data))) == 4;
}

static void
test_window_export_dialog (void)
{
  CaWindow *window = open_window ();
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  g_autoptr(CaExportDialog) dialog = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ca-export-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "figure.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *text = NULL;
  g_autofree char *title = NULL;
  const char *toast;
  gsize length;

  wait_until (trade_loaded, window, "the trade sample");
  /* A layer of the planner's own goes into the figure and its legend. */
  {
    g_autofree char *source = g_test_build_filename (G_TEST_DIST, "data", "sample.geojson", NULL);

    _ca_window_open_source (window, source, "My stations");
    wait_until (four_layers, window, "the planner's layer");
  }
  settle (300);
  dialog = open_export_dialog (window);

  /* It opens on the last settings, with a title already there. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dialog->title_row)), !=, "");

  /* A live preview, drawn in a thread. */
  wait_until (has_preview, dialog, "the preview");

  adw_combo_row_set_selected (dialog->format_row, CA_FIGURE_FORMAT_PDF);
  adw_combo_row_set_selected (dialog->page_row, 1);   /* A3 */
  gtk_switch_set_active (dialog->landscape_switch, FALSE);
  gtk_spin_button_set_value (dialog->dpi_spin, 150);
  gtk_editable_set_text (GTK_EDITABLE (dialog->title_row), "西部陆海新通道 Export test");
  gtk_editable_set_text (GTK_EDITABLE (dialog->source_row), "Test source note");
  gtk_switch_set_active (dialog->north_arrow_switch, FALSE);

  /* The preview follows, debounced, and stays a picture meanwhile. */
  settle (600);
  wait_until (has_preview, dialog, "the preview again");
  g_assert_true (g_str_has_suffix (gtk_label_get_label (dialog->size_label), "mm, vector"));

  _ca_export_dialog_export_to (dialog, path);
  g_assert_true (_ca_export_dialog_get_busy (dialog));
  g_assert_true (gtk_widget_get_visible (dialog->progress_box));
  wait_until (export_finished, dialog, "the export");
  g_test_message ("exported in %.2f s; preview drawn in %.0f ms", dialog->export_seconds,
                  dialog->preview_seconds * 1000);

  /* A PDF whose text holds the title, in both scripts. */
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (memcmp (contents, "%PDF", 4) == 0);
  text = run_tool ("pdftotext", path);
  g_assert_nonnull (strstr (text, "西部陆海新通道"));
  g_assert_nonnull (strstr (text, "Export test"));
  g_assert_nonnull (strstr (text, "Test source note"));
  g_assert_nonnull (strstr (text, "DCW-GMT"));
  g_assert_nonnull (strstr (text, "My stations"));
  g_assert_nonnull (strstr (text, "illustrative"));

  /* The settings are kept for next time. */
  title = g_settings_get_string (settings, "export-title");
  g_assert_cmpstr (title, ==, "西部陆海新通道 Export test");
  {
    g_autofree char *format = g_settings_get_string (settings, "export-format");
    g_autofree char *page = g_settings_get_string (settings, "export-page");

    g_assert_cmpstr (format, ==, "pdf");
    g_assert_cmpstr (page, ==, "a3");
  }
  g_assert_false (g_settings_get_boolean (settings, "export-landscape"));
  g_assert_false (g_settings_get_boolean (settings, "export-north-arrow"));
  g_assert_cmpint (g_settings_get_int (settings, "export-dpi"), ==, 150);

  /* The window says where the figure went, and the dialog is gone. */
  toast = _ca_window_get_last_toast (window);
  g_assert_nonnull (toast);
  g_assert_nonnull (strstr (toast, "figure.pdf"));
  settle (100);
  g_assert_null (_ca_window_get_export_dialog (window));
  g_clear_object (&dialog);

  /* Opened again, it shows what was chosen. */
  {
    g_autoptr(CaExportDialog) again = open_export_dialog (window);

    g_assert_cmpuint (adw_combo_row_get_selected (again->format_row), ==, CA_FIGURE_FORMAT_PDF);
    g_assert_cmpuint (adw_combo_row_get_selected (again->page_row), ==, 1);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (again->title_row)), ==, "西部陆海新通道 Export test");
    g_assert_false (gtk_switch_get_active (again->north_arrow_switch));
    gtk_window_close (GTK_WINDOW (again));
    settle (100);
  }

  close_window (window);
  g_settings_reset (settings, "export-title");
  test_remove_tree (dir);
}

static gboolean
drawing_shown (gpointer data)
{
  CaExportDialog *dialog = data;

  return g_str_has_prefix (gtk_label_get_label (dialog->progress_label), "Drawing “big.png”");
}

static void
test_window_export_cancel (void)
{
  CaWindow *window = open_window ();
  g_autoptr(CaExportDialog) dialog = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ca-export-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "big.png", NULL);
  g_autoptr(GDir) listing = NULL;

  wait_until (trade_loaded, window, "the trade sample");
  dialog = open_export_dialog (window);

  /* First a whole A3 landscape PNG at 300 dpi: the size the benchmark
   * times, and the resolution in the file. */
  adw_combo_row_set_selected (dialog->format_row, CA_FIGURE_FORMAT_PNG);
  adw_combo_row_set_selected (dialog->page_row, 1);
  gtk_switch_set_active (dialog->landscape_switch, TRUE);
  gtk_spin_button_set_value (dialog->dpi_spin, 300);
  {
    g_autofree char *whole = g_build_filename (dir, "whole.png", NULL);
    cairo_surface_t *image;

    _ca_export_dialog_export_to (dialog, whole);
    wait_until (export_finished, dialog, "the PNG export");
    g_test_message ("A3 PNG at 300 dpi exported in %.2f s", dialog->export_seconds);
    image = cairo_image_surface_create_from_png (whole);
    g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
    g_assert_cmpint (cairo_image_surface_get_width (image), ==, 4961);
    g_assert_cmpint (cairo_image_surface_get_height (image), ==, 3508);
    cairo_surface_destroy (image);
    g_unlink (whole);
    g_clear_object (&dialog);
    settle (100);
    dialog = open_export_dialog (window);
  }

  /* A3 at 600 dpi is 9921 × 7016 px: seconds of work. */
  g_assert_cmpuint (adw_combo_row_get_selected (dialog->format_row), ==, CA_FIGURE_FORMAT_PNG);
  gtk_spin_button_set_value (dialog->dpi_spin, 600);

  _ca_export_dialog_export_to (dialog, path);
  g_assert_true (_ca_export_dialog_get_busy (dialog));
  /* The bar says what is being done. */
  wait_until (drawing_shown, dialog, "the drawing stage");
  _ca_export_dialog_cancel_export (dialog);
  wait_until (export_finished, dialog, "the cancelled export");
  /* The dialog answers at once; the drawing thread stops at its next
   * layer and removes its temporary file. */
  wait_for_workers ();

  /* Nothing written, nothing left behind, and the dialog stays with its
   * settings and says so. */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  listing = g_dir_open (dir, 0, NULL);
  g_assert_null (g_dir_read_name (listing));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog->message_label)));
  g_assert_nonnull (strstr (gtk_label_get_label (dialog->message_label), "big.png"));
  g_assert_nonnull (strstr (gtk_label_get_label (dialog->message_label), "cancelled"));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (dialog->dpi_spin), ==, 600);
  g_assert_false (gtk_widget_get_visible (dialog->progress_box));

  /* A failure names the file and the reason, and keeps the dialog. */
  gtk_spin_button_set_value (dialog->dpi_spin, 72);
  _ca_export_dialog_export_to (dialog, dir);
  wait_until (export_finished, dialog, "the failed export");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_nonnull (strstr (gtk_label_get_label (dialog->message_label), "folder"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (dialog->message_label), "error"));

  /* Online tiles that cannot be fetched: no file, and the reason. */
  {
    g_autofree char *online = g_build_filename (dir, "online.png", NULL);
    g_autoptr(GDir) empty = NULL;

    adw_combo_row_set_selected (dialog->basemap_row, 1);
    _ca_export_dialog_export_to (dialog, online);
    wait_until (export_finished, dialog, "the export with online tiles");
    g_test_message ("%s", gtk_label_get_label (dialog->message_label));
    g_assert_nonnull (strstr (gtk_label_get_label (dialog->message_label), "online.png"));
    g_assert_nonnull (strstr (gtk_label_get_label (dialog->message_label), "OpenStreetMap"));
    g_assert_false (g_file_test (online, G_FILE_TEST_EXISTS));
    empty = g_dir_open (dir, 0, NULL);
    g_assert_null (g_dir_read_name (empty));
    adw_combo_row_set_selected (dialog->basemap_row, 0);
  }

  /* Fitting the visible layers takes in the seaports around the world. */
  {
    g_autoptr(CaFigure) view_figure = NULL;
    g_autoptr(CaFigure) layers_figure = NULL;
    const CaFigureOptions *view_options, *layers_options;

    view_figure = _ca_export_dialog_build_figure (dialog);
    adw_combo_row_set_selected (dialog->extent_row, 1);
    layers_figure = _ca_export_dialog_build_figure (dialog);
    view_options = ca_figure_get_options (view_figure);
    layers_options = ca_figure_get_options (layers_figure);
    g_assert_true (view_options->fit_bbox && layers_options->fit_bbox);
    g_assert_cmpfloat (layers_options->east - layers_options->west, >, view_options->east - view_options->west);
    g_assert_cmpuint (ca_figure_get_n_layers (layers_figure), ==, 3);
  }

  gtk_window_close (GTK_WINDOW (dialog));
  settle (100);
  g_assert_null (_ca_window_get_export_dialog (window));
  g_clear_object (&dialog);
  close_window (window);
  test_remove_tree (dir);
}


/* Settings, Preferences, About and shortcuts ----------------------------- */

static CaMapLayer *
find_shipped_layer (CaWindow   *window,
                    const char *id)
{
  GListModel *layers = _ca_window_get_layers (window);

  for (guint i = 0; i < g_list_model_get_n_items (layers); i++)
    {
      g_autoptr(CaMapLayer) layer = g_list_model_get_item (layers, i);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (layer), "shipped-id"), id) == 0)
        return layer;
    }

  return NULL;
}

/* A toplevel of @type, other than the main window. */
static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }

  return NULL;
}

static gboolean
has_toplevel (gpointer data)
{
  return find_toplevel (GPOINTER_TO_SIZE (data)) != NULL;
}

static void
test_window_restore_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  const char *hidden[] = { "corridor-ports", NULL };
  g_auto(GStrv) saved = NULL;
  ShumateViewport *viewport;
  CaWindow *window;

  /* What an earlier session left. */
  g_settings_set_double (settings, "view-longitude", 100.5);
  g_settings_set_double (settings, "view-latitude", 25.25);
  g_settings_set_double (settings, "view-zoom", 7);
  g_settings_set_strv (settings, "hidden-layers", hidden);
  g_settings_set_string (settings, "units", "imperial");
  g_settings_set_int (settings, "window-width", 1000);
  g_settings_set_int (settings, "window-height", 700);

  window = open_window ();
  viewport = shumate_map_get_viewport (ca_window_get_map (window));
  g_assert_cmpfloat_with_epsilon (shumate_viewport_get_zoom_level (viewport), 7, 1e-9);
  g_assert_cmpfloat_with_epsilon (shumate_location_get_longitude (SHUMATE_LOCATION (viewport)), 100.5, 1e-6);
  g_assert_cmpfloat_with_epsilon (shumate_location_get_latitude (SHUMATE_LOCATION (viewport)), 25.25, 1e-6);
  g_assert_false (ca_map_layer_get_visible (find_shipped_layer (window, "corridor-ports")));
  g_assert_true (ca_map_layer_get_visible (find_shipped_layer (window, "corridor-nodes")));
  g_assert_true (ca_map_layer_get_visible (find_shipped_layer (window, "corridor-routes")));
  g_assert_cmpint (shumate_scale_get_unit (window->scale), ==, SHUMATE_UNIT_IMPERIAL);
  {
    int width, height;

    gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
    g_assert_cmpint (width, ==, 1000);
    g_assert_cmpint (height, ==, 700);
  }

  /* Visibility is saved as it changes. */
  ca_map_layer_set_visible (find_shipped_layer (window, "corridor-nodes"), FALSE);
  ca_map_layer_set_visible (find_shipped_layer (window, "corridor-ports"), TRUE);
  saved = g_settings_get_strv (settings, "hidden-layers");
  g_assert_cmpuint (g_strv_length (saved), ==, 1);
  g_assert_cmpstr (saved[0], ==, "corridor-nodes");

  /* Units follow the setting live. */
  g_settings_set_string (settings, "units", "metric");
  g_assert_cmpint (shumate_scale_get_unit (window->scale), ==, SHUMATE_UNIT_METRIC);

  /* Closing saves the view. */
  shumate_map_center_on (ca_window_get_map (window), 30.5, 104.0);
  shumate_viewport_set_zoom_level (viewport, 6);
  gtk_window_close (GTK_WINDOW (window));
  settle (100);
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "view-zoom"), 6, 1e-9);
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "view-longitude"), 104.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "view-latitude"), 30.5, 1e-6);

  g_settings_reset (settings, "view-longitude");
  g_settings_reset (settings, "view-latitude");
  g_settings_reset (settings, "view-zoom");
  g_settings_reset (settings, "hidden-layers");
  g_settings_reset (settings, "units");
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "window-maximized");
}

static gboolean
offline_source_changed (gpointer data)
{
  CaBasemapSource **sources = data;

  return sources[1] != NULL && _ca_window_get_offline_source ((CaWindow *)sources[1]) != sources[0];
}

static gboolean
toast_mentions (gpointer data)
{
  const char **what = data;
  const char *toast = _ca_window_get_last_toast ((CaWindow *)what[0]);

  return toast != NULL && strstr (toast, what[1]) != NULL;
}

static void
test_window_preferences (void)
{
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ca-window-XXXXXX", &error);
  g_autofree char *broken = g_build_filename (dir, "broken.nc", NULL);
  g_autofree char *system = ca_basemap_dup_default_path ();
  g_autofree char *value = NULL;
  CaWindow *window = open_window ();
  CaPreferencesWindow *preferences;
  CaBasemapSource *before;
  gpointer wait[2];
  const char *subtitle;

  g_assert_no_error (error);

  /* Ctrl+, and the main menu's item open it over the window. */
  g_action_group_activate_action (G_ACTION_GROUP (application), "preferences", NULL);
  preferences = CA_PREFERENCES_WINDOW (find_toplevel (CA_TYPE_PREFERENCES_WINDOW));
  g_assert_nonnull (preferences);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (preferences)) == GTK_WINDOW (window));
  {
    g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (application),
                                                                   "app.preferences");

    g_assert_cmpstr (accels[0], ==, "<Control>comma");
  }

  /* The rows show the settings, and the window follows them live. */
  g_assert_cmpuint (adw_combo_row_get_selected (preferences->basemap_row), ==, 0);
  g_assert_cmpuint (adw_combo_row_get_selected (preferences->units_row), ==, 0);
  adw_combo_row_set_selected (preferences->units_row, 1);
  value = g_settings_get_string (settings, "units");
  g_assert_cmpstr (value, ==, "imperial");
  g_assert_cmpint (shumate_scale_get_unit (window->scale), ==, SHUMATE_UNIT_IMPERIAL);
  adw_combo_row_set_selected (preferences->units_row, 0);
  g_assert_cmpint (shumate_scale_get_unit (window->scale), ==, SHUMATE_UNIT_METRIC);

  adw_combo_row_set_selected (preferences->basemap_row, 1);
  g_assert_nonnull (_ca_window_get_online_layer (window));
  adw_combo_row_set_selected (preferences->basemap_row, 0);
  g_assert_null (_ca_window_get_online_layer (window));
  g_clear_pointer (&value, g_free);
  value = g_settings_get_string (settings, "basemap");
  g_assert_cmpstr (value, ==, "offline");

  /* The DCW-GMT file: the system copy to start with. */
  subtitle = adw_action_row_get_subtitle (preferences->dcw_row);
  g_assert_nonnull (strstr (subtitle, system));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (preferences->dcw_reset_button)));

  /* A file that cannot be read leaves the basemap shown, and says so. */
  g_file_set_contents (broken, "this is not netCDF", -1, &error);
  g_assert_no_error (error);
  before = _ca_window_get_offline_source (window);
  g_settings_set_string (settings, "dcw-path", broken);
  g_assert_cmpstr (adw_action_row_get_subtitle (preferences->dcw_row), ==, broken);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (preferences->dcw_reset_button)));
  {
    const char *what[] = { (const char *)window, broken };

    wait_until (toast_mentions, what, "the toast about the broken file");
  }
  g_assert_true (_ca_window_get_offline_source (window) == before);
  g_assert_nonnull (ca_basemap_source_get_basemap (before));

  /* Resetting loads the system copy again, into a fresh source. */
  g_signal_emit_by_name (preferences->dcw_reset_button, "clicked");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (preferences->dcw_reset_button)));
  wait[0] = before;
  wait[1] = window;
  wait_until (offline_source_changed, wait, "the basemap to load again");
  g_assert_nonnull (ca_basemap_source_get_basemap (_ca_window_get_offline_source (window)));
  g_assert_cmpstr (ca_basemap_get_path (ca_basemap_source_get_basemap (_ca_window_get_offline_source (window))),
                   ==, system);

  gtk_window_destroy (GTK_WINDOW (preferences));
  settle (100);
  close_window (window);
  g_unlink (broken);
  g_rmdir (dir);
}

static gboolean
project_restored (gpointer data)
{
  CaWindow *window = data;

  return g_list_model_get_n_items (_ca_window_get_layers (window)) == 4 &&
         !_ca_window_get_project_loading (window) &&
         ca_stats_panel_get_cube (window->stats_panel) != NULL;
}

static gboolean
project_modified (gpointer data)
{
  return _ca_window_get_project_modified (data);
}

static gboolean
four_layers_loaded (gpointer data)
{
  return g_list_model_get_n_items (_ca_window_get_layers (data)) == 4;
}

/* Closing a window with unsaved work asks first: Cancel keeps it, Save
 * writes the project and closes, Discard closes. */
static void
test_window_close_unsaved (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ca-close-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "work.corridor", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  g_autoptr(GError) error = NULL;
  CaWindow *window = open_window ();
  GtkWidget *dialog;

  wait_until (trade_ready, window, "the trade sample");
  settle (800);

  /* Nothing changed: it closes at once. */
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&window);
  g_assert_false (_ca_window_get_project_modified (window));
  gtk_window_close (GTK_WINDOW (window));
  settle (100);
  g_assert_null (window);

  window = open_window ();
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&window);
  wait_until (trade_ready, window, "the trade sample");
  settle (800);
  g_assert_true (_ca_window_save_project (window, file, &error));
  g_assert_no_error (error);

  /* A change, then Close: the question, and Cancel keeps the window. */
  ca_map_layer_set_visible (find_shipped_layer (window, "corridor-ports"), FALSE);
  wait_until (project_modified, window, "the modified marker");
  gtk_window_close (GTK_WINDOW (window));
  settle (100);
  g_assert_nonnull (window);
  dialog = _ca_window_project_get_close_dialog (window);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  settle (100);
  g_assert_nonnull (window);
  g_assert_null (_ca_window_project_get_close_dialog (window));
  g_assert_true (_ca_window_get_project_modified (window));

  /* Save writes the change to the project, then the window closes. */
  gtk_window_close (GTK_WINDOW (window));
  settle (100);
  dialog = _ca_window_project_get_close_dialog (window);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "save");
  settle (200);
  g_assert_null (window);
  {
    g_autoptr(CaProject) saved = ca_project_load (file, NULL, &error);
    gboolean found = FALSE;

    g_assert_no_error (error);
    for (guint i = 0; i < ca_project_get_n_layers (saved); i++)
      {
        const CaProjectLayer *layer = ca_project_get_layer (saved, i);

        if (g_str_has_suffix (layer->source, "corridor-ports"))
          {
            g_assert_false (layer->visible);
            found = TRUE;
          }
      }
    g_assert_true (found);
  }

  /* Discard closes without writing. */
  window = open_window ();
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&window);
  wait_until (trade_ready, window, "the trade sample");
  settle (800);
  ca_map_layer_set_visible (find_shipped_layer (window, "corridor-routes"), FALSE);
  wait_until (project_modified, window, "the modified marker");
  gtk_window_close (GTK_WINDOW (window));
  settle (100);
  dialog = _ca_window_project_get_close_dialog (window);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "discard");
  settle (200);
  g_assert_null (window);

  g_settings_reset (settings, "hidden-layers");
  test_remove_tree (dir);
}

/* Changes the view, the layers, the statistics panel's filters and an
 * export setting; saves; opens the project in a fresh window, which then
 * holds the same work.  A damaged project and one whose layer is gone
 * are reported by name. */
static void
test_window_project (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ca-project-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "work.corridor", NULL);
  g_autofree char *broken = g_build_filename (dir, "broken.corridor", NULL);
  g_autofree char *partial = g_build_filename (dir, "partial.corridor", NULL);
  g_autofree char *layer_path = g_build_filename (dir, "sample.geojson", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) broken_file = g_file_new_for_path (broken);
  g_autoptr(GFile) partial_file = g_file_new_for_path (partial);
  g_autoptr(CaProject) before = NULL;
  g_autoptr(CaProject) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CaMapLayer) added = NULL;
  CaProjectStats stats;
  GdkRGBA red = { 0.8, 0.1, 0.2, 1 };
  CaWindow *window = open_window ();
  GtkWidget *title;

  wait_until (trade_ready, window, "the trade sample");
  settle (800);
  g_assert_false (_ca_window_get_project_modified (window));

  /* A layer from a file next to the project, styled. */
  g_assert_true (g_file_get_contents (g_test_get_filename (G_TEST_DIST, "data", "sample.geojson",
                                                           NULL), &contents, NULL, NULL));
  g_assert_true (g_file_set_contents (layer_path, contents, -1, NULL));
  _ca_window_open_source (window, layer_path, NULL);
  wait_until (four_layers_loaded, window, "the added layer");
  added = g_list_model_get_item (_ca_window_get_layers (window), 3);
  ca_map_layer_set_color (added, &red);
  ca_map_layer_set_width (added, 5.5);
  ca_map_layer_set_opacity (added, 0.5);
  ca_map_layer_set_visible (_ca_window_find_layer (window, _("Seaports")), FALSE);

  /* The view, the filters and an export setting. */
  shumate_map_center_on (window->map, 21.5, 107.25);
  shumate_viewport_set_zoom_level (shumate_map_get_viewport (window->map), 6.5);
  g_assert_true (ca_stats_panel_get_state (window->stats_panel, &stats));
  stats.modes = 0x3;
  stats.regions = 0x5;
  stats.top_n = 7;
  stats.coloring = CA_FLOW_COLOR_GROWTH;
  stats.circles = TRUE;
  stats.choropleth = TRUE;
  ca_stats_panel_set_state (window->stats_panel, &stats);
  g_settings_set_int (window->settings, "export-dpi", 450);
  g_settings_set_string (window->settings, "export-title", "Beibu Gulf");

  wait_until (project_modified, window, "the modified marker");
  title = (GtkWidget *)gtk_widget_get_template_child (GTK_WIDGET (window), CA_TYPE_WINDOW, "window_title");
  g_assert_true (g_str_has_prefix (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (title)), "•"));

  before = _ca_window_dup_project (window);
  g_assert_true (_ca_window_save_project (window, file, &error));
  g_assert_no_error (error);
  g_assert_false (_ca_window_get_project_modified (window));
  g_assert_cmpstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (title)), ==, "work");
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  /* A fresh window, with the settings back to their defaults. */
  close_window (window);
  window = open_window ();
  g_settings_reset (window->settings, "export-dpi");
  g_settings_reset (window->settings, "export-title");
  wait_until (trade_ready, window, "the trade sample");
  g_assert_true (_ca_window_open_project (window, file));
  wait_until (project_restored, window, "the project's layers");
  settle (500);

  after = _ca_window_dup_project (window);
  if (!ca_project_equal (before, after))
    {
      g_autoptr(GBytes) a = ca_project_to_bytes (before, file);
      g_autoptr(GBytes) b = ca_project_to_bytes (after, file);

      g_error ("The reopened project differs:\n%s\n---\n%s",
               (const char *)g_bytes_get_data (a, NULL), (const char *)g_bytes_get_data (b, NULL));
    }
  g_assert_cmpint (g_settings_get_int (window->settings, "export-dpi"), ==, 450);
  g_assert_cmpuint (ca_stats_panel_get_top_n (window->stats_panel), ==, 7);
  g_assert_false (_ca_window_get_project_modified (window));

  /* A damaged project: the window says so, naming it, and keeps its work. */
  g_assert_true (g_file_set_contents (broken, "{ \"format\": 1, \"layers\": [", -1, NULL));
  g_assert_false (_ca_window_open_project (window, broken_file));
  g_assert_nonnull (strstr (_ca_window_get_last_toast (window), "broken.corridor"));
  g_assert_cmpuint (g_list_model_get_n_items (_ca_window_get_layers (window)), ==, 4);

  /* A project whose layer is gone opens with the rest, and says which. */
  g_assert_true (g_file_set_contents (partial,
                                      "{ \"format\": 1, \"layers\": ["
                                      "{ \"source\": \"gone.gpkg\", \"title\": \"Gone\" } ],"
                                      "\"view\": { \"latitude\": 20, \"longitude\": 105, "
                                      "\"zoom\": 5 } }", -1, NULL));
  g_assert_true (_ca_window_open_project (window, partial_file));
  g_assert_nonnull (strstr (_ca_window_get_last_toast (window), "partial.corridor"));
  g_assert_nonnull (strstr (_ca_window_get_last_toast (window), "gone.gpkg"));
  g_assert_cmpfloat_with_epsilon (shumate_location_get_latitude (
                                    SHUMATE_LOCATION (shumate_map_get_viewport (window->map))),
                                  20, 1e-6);

  settle (200);
  close_window (window);
  g_unlink (path);
  g_unlink (broken);
  g_unlink (partial);
  g_unlink (layer_path);
  g_rmdir (dir);
}

static gboolean
path_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

/* Unsaved work is autosaved to the state folder shortly after a change;
 * saving the project, or closing the window, removes the autosave. */
static void
test_window_project_autosave (void)
{
  g_autofree char *state = g_dir_make_tmp ("ca-state-XXXXXX", NULL);
  g_autofree char *autosave = g_build_filename (state, "corridor-atlas", "autosave.corridor", NULL);
  g_autofree char *marker = g_build_filename (state, "corridor-atlas", "autosave.marker", NULL);
  g_autofree char *path = g_build_filename (state, "saved.corridor", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  CaWindow *window;

  /* Read once, by the first window: set before it opens. */
  g_setenv ("XDG_STATE_HOME", state, TRUE);
  g_setenv ("CORRIDOR_ATLAS_AUTOSAVE_SECONDS", "1", TRUE);
  g_assert_cmpstr (g_get_user_state_dir (), ==, state);

  window = open_window ();
  wait_until (trade_ready, window, "the trade sample");
  settle (800);
  g_assert_false (g_file_test (autosave, G_FILE_TEST_EXISTS));

  /* A change: autosaved, with its marker. */
  _ca_window_open_source (window, g_test_get_filename (G_TEST_DIST, "data", "sample.geojson", NULL),
                          NULL);
  wait_until (path_exists, autosave, "the autosave");
  g_assert_true (g_file_test (marker, G_FILE_TEST_EXISTS));

  /* Saved: nothing left to recover. */
  g_assert_true (_ca_window_save_project (window, file, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (autosave, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (marker, G_FILE_TEST_EXISTS));

  /* Changed again, then closed cleanly: the autosave goes with it. */
  shumate_viewport_set_zoom_level (shumate_map_get_viewport (window->map), 8);
  wait_until (path_exists, autosave, "the second autosave");
  close_window (window);
  g_assert_false (g_file_test (autosave, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (marker, G_FILE_TEST_EXISTS));

  g_unsetenv ("CORRIDOR_ATLAS_AUTOSAVE_SECONDS");
  test_remove_tree (state);
}

/* The accelerators a shortcuts window lists, each as GTK names it. */
static void
collect_shortcuts (GtkWidget  *widget,
                   GHashTable *accels)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    {
      g_autofree char *accelerator = NULL;
      g_auto(GStrv) parts = NULL;

      g_object_get (widget, "accelerator", &accelerator, NULL);
      parts = g_strsplit (accelerator != NULL ? accelerator : "", " ", -1);
      for (guint i = 0; parts[i] != NULL; i++)
        {
          guint key;
          GdkModifierType mods;

          if (gtk_accelerator_parse (parts[i], &key, &mods))
            g_hash_table_add (accels, gtk_accelerator_name (key, mods));
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_shortcuts (child, accels);
}

static void
test_window_about_and_shortcuts (void)
{
  g_autoptr(GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) actions = NULL;
  CaWindow *window = open_window ();
  GtkWindow *about;
  GtkWindow *shortcuts;

  g_action_group_activate_action (G_ACTION_GROUP (application), "about", NULL);
  about = find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (about)), ==, "Corridor Atlas");
  g_assert_cmpint (adw_about_window_get_license_type (ADW_ABOUT_WINDOW (about)), ==, GTK_LICENSE_GPL_3_0);
  gtk_window_destroy (about);

  /* GtkApplication loads the shortcuts window from the resource base. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
  wait_until (has_toplevel, GSIZE_TO_POINTER (GTK_TYPE_SHORTCUTS_WINDOW), "the shortcuts window");
  shortcuts = find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (shortcuts)));

  /* It lists every application accelerator, and the window's keys. */
  collect_shortcuts (GTK_WIDGET (shortcuts), listed);
  actions = gtk_application_list_action_descriptions (GTK_APPLICATION (application));
  g_assert_nonnull (actions[0]);
  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (application),
                                                                     actions[i]);

      for (guint j = 0; accels[j] != NULL; j++)
        {
          guint key;
          GdkModifierType mods;
          g_autofree char *name = NULL;

          g_assert_true (gtk_accelerator_parse (accels[j], &key, &mods));
          name = gtk_accelerator_name (key, mods);
          if (!g_hash_table_contains (listed, name))
            g_error ("%s (%s) is not in the shortcuts window", name, actions[i]);
        }
    }
  {
    const char *keys[] = { "<Control>e", "<Control>o", "<Control>f", "<Control>t", "F9",
                           "<Control>plus", "<Control>minus", "<Alt>Home", "plus", "minus",
                           "Left", "Up" };

    for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
      {
        guint key;
        GdkModifierType mods;
        g_autofree char *name = NULL;

        g_assert_true (gtk_accelerator_parse (keys[i], &key, &mods));
        name = gtk_accelerator_name (key, mods);
        if (!g_hash_table_contains (listed, name))
          g_error ("%s is not in the shortcuts window", name);
      }
  }
  gtk_window_close (shortcuts);

  settle (100);
  close_window (window);
}

/* The labels of a menu model's items, sections included. */
static void
collect_menu_labels (GMenuModel *model,
                     GPtrArray  *labels)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (model, i, G_MENU_LINK_SECTION);
      g_autoptr(GMenuModel) submenu = g_menu_model_get_item_link (model, i, G_MENU_LINK_SUBMENU);
      char *label = NULL;

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_LABEL, "s", &label))
        g_ptr_array_add (labels, label);
      if (section != NULL)
        collect_menu_labels (section, labels);
      if (submenu != NULL)
        collect_menu_labels (submenu, labels);
    }
}

static GtkMenuButton *
find_primary_menu_button (GtkWidget *widget)
{
  if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_primary (GTK_MENU_BUTTON (widget)))
    return GTK_MENU_BUTTON (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkMenuButton *found = find_primary_menu_button (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
has_han (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_HAN)
      return TRUE;

  return FALSE;
}

/* Run with LANGUAGE=zh_CN (see tests/meson.build): the window speaks
 * Chinese, and so do the map's place labels. */
static void
test_window_chinese (void)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  const char *language = g_getenv ("LANGUAGE");
  GtkMenuButton *primary;
  GListModel *layers;
  CaWindow *window;

  if (language == NULL || !g_str_has_prefix (language, "zh"))
    {
      g_test_skip ("Needs LANGUAGE=zh_CN");
      return;
    }

  window = open_window ();

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "通道地图集");

  primary = find_primary_menu_button (GTK_WIDGET (window));
  g_assert_nonnull (primary);
  collect_menu_labels (gtk_menu_button_get_menu_model (primary), labels);
  g_assert_cmpuint (labels->len, >=, 3);
  g_assert_true (g_ptr_array_find_with_equal_func (labels, "导出图件(_E)…", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (labels, "键盘快捷键(_K)", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (labels, "关于通道地图集(_A)", g_str_equal, NULL));

  /* The layers panel names the shipped layers in Chinese. */
  layers = _ca_window_get_layers (window);
  for (guint i = 0; i < g_list_model_get_n_items (layers); i++)
    {
      g_autoptr(CaMapLayer) layer = g_list_model_get_item (layers, i);

      g_assert_true (has_han (ca_map_layer_get_title (layer)));
    }

  /* Place labels: the basemap, the corridor layers and the figures take
   * their language from the locale. */
  g_assert_cmpint (ca_language_from_locale (), ==, CA_LANGUAGE_CHINESE);
  g_assert_cmpint (ca_basemap_source_get_language (_ca_window_get_offline_source (window)), ==,
                   CA_LANGUAGE_CHINESE);

  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  TestWindowSetup setup;
  int status;

  test_window_init (&argc, &argv, &setup);

  g_test_add_func ("/window/opens-on-corridor", test_window_opens_on_corridor);
  g_test_add_func ("/window/actions", test_window_actions);
  g_test_add_func ("/window/corridor-layers", test_window_corridor_layers);
  g_test_add_func ("/window/pick-and-search", test_window_pick_and_search);
  g_test_add_func ("/window/statistics", test_window_statistics);
  g_test_add_func ("/window/province-selection", test_window_province_selection);
  g_test_add_func ("/window/online-unreachable", test_window_online_unreachable);
  g_test_add_func ("/window/broken-basemap", test_window_broken_basemap);
  g_test_add_func ("/window/export-dialog", test_window_export_dialog);
  g_test_add_func ("/window/export-cancel", test_window_export_cancel);
  g_test_add_func ("/window/restore-settings", test_window_restore_settings);
  g_test_add_func ("/window/preferences", test_window_preferences);
  g_test_add_func ("/window/about-and-shortcuts", test_window_about_and_shortcuts);
  g_test_add_func ("/window/project", test_window_project);
  g_test_add_func ("/window/close-unsaved", test_window_close_unsaved);
  g_test_add_func ("/window/project-autosave", test_window_project_autosave);
  g_test_add_func ("/window/chinese", test_window_chinese);

  status = g_test_run ();
  test_window_finish (&setup);

  return status;
}
