/* test-window-bad-inputs.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Files of tests/data/bad/ opened in the window, through the entry
 * points the file choosers and drag and drop use: a toast (and for a
 * project, a dialog) names the file and gives the reason; the window
 * keeps its layers and its trade data, and still opens the next file. */

#include "test-window-util.h"

#include "ca-map-layer.h"
#include "ca-stats-panel.h"
#include "ca-trade-cube.h"

static char *
bad_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "bad", name, NULL);
}

static void
assert_has (const char *text,
            const char *part)
{
  if (text == NULL || strstr (text, part) == NULL)
    g_error ("“%s” is not in “%s”", part, text != NULL ? text : "(nothing)");
}

static gboolean
trade_ready (gpointer data)
{
  CaWindow *window = data;

  return ca_stats_panel_get_cube (window->stats_panel) != NULL;
}

typedef struct
{
  CaWindow   *window;
  const char *part;
} ToastWait;

static gboolean
toast_says (gpointer data)
{
  ToastWait *wait = data;
  const char *toast = _ca_window_get_last_toast (wait->window);

  return toast != NULL && strstr (toast, wait->part) != NULL;
}

/* Waits for a toast that names @part. */
static void
wait_for_toast (CaWindow   *window,
                const char *part)
{
  ToastWait wait = { window, part };

  wait_until (toast_says, &wait, part);
  g_test_message ("toast: %s", _ca_window_get_last_toast (window));
}

static gboolean
four_layers (gpointer data)
{
  return g_list_model_get_n_items (_ca_window_get_layers (data)) == 4;
}

static gboolean
five_layers (gpointer data)
{
  return g_list_model_get_n_items (_ca_window_get_layers (data)) == 5;
}

static char **
layer_titles (CaWindow *window)
{
  GListModel *layers = _ca_window_get_layers (window);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < g_list_model_get_n_items (layers); i++)
    {
      g_autoptr(CaMapLayer) layer = g_list_model_get_item (layers, i);

      g_strv_builder_add (builder, ca_map_layer_get_title (layer));
    }

  return g_strv_builder_end (builder);
}

/* The window still works: a good layer opens after the bad file. */
static void
assert_still_opens (CaWindow *window,
                    guint     n_layers)
{
  g_autofree char *sample = g_test_build_filename (G_TEST_DIST, "data", "sample.geojson", NULL);

  g_assert_cmpuint (g_list_model_get_n_items (_ca_window_get_layers (window)), ==, n_layers);
  _ca_window_open_source (window, sample, "Good sample");
  wait_until (n_layers == 3 ? four_layers : five_layers, window, "the good layer");
  g_assert_nonnull (_ca_window_find_layer (window, "Good sample"));
}

/* A message dialog over the window whose body holds @part. */
static AdwMessageDialog *
find_dialog (const char *part)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) &&
          strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (toplevel)), part) != NULL)
        return ADW_MESSAGE_DIALOG (toplevel);
    }

  return NULL;
}

static void
close_dialog (AdwMessageDialog *dialog)
{
  adw_message_dialog_response (dialog, "close");
  settle (100);
}

/* Unreadable layers: nothing is added, the toast says why. */
static void
test_bad_layer (void)
{
  static const struct { const char *file; const char *reason; } cases[] = {
    { "truncated.geojson", "it cannot be read as GeoJSON: the file ends in the middle of a feature" },
    { "random-bytes.gpkg", "it is not in a format Corridor Atlas reads" },
    { "site-grid.shp", "a local coordinate system that is not tied to the Earth" },
    { "routes-no-prj.shp", "(its .prj file is missing)" },
  };
  CaWindow *window = open_window ();
  g_auto(GStrv) before = layer_titles (window);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = bad_path (cases[i].file);
      g_auto(GStrv) after = NULL;

      _ca_window_open_source (window, path, NULL);
      wait_for_toast (window, cases[i].reason);
      assert_has (_ca_window_get_last_toast (window), cases[i].file);

      /* The layers are as they were. */
      after = layer_titles (window);
      g_assert_true (g_strv_equal ((const char * const *)before, (const char * const *)after));
    }

  assert_still_opens (window, 3);
  close_window (window);
}

/* A partly bad layer: what is valid is added, the toast counts the rest
 * and gives the first reason. */
static void
test_partly_bad_layer (void)
{
  g_autofree char *path = bad_path ("nan-coordinates.geojson");
  CaWindow *window = open_window ();
  CaMapLayer *layer;

  _ca_window_open_source (window, path, NULL);
  wait_until (four_layers, window, "the partly bad layer");
  wait_for_toast (window, "nan-coordinates.geojson");
  assert_has (_ca_window_get_last_toast (window), "3 features left out or repaired");
  assert_has (_ca_window_get_last_toast (window),
              "feature 2 has no geometry: its coordinates are missing or are not numbers (NaN)");

  layer = _ca_window_find_layer (window, "nan-coordinates.geojson");
  g_assert_nonnull (layer);
  g_assert_cmpuint (ca_vector_layer_get_n_features (ca_map_layer_get_vector (layer)), ==, 2);
  /* The corridor's layers are still there. */
  g_assert_nonnull (_ca_window_find_layer (window, _("Corridor routes")));

  assert_still_opens (window, 4);
  close_window (window);
}

/* Unreadable trade records: the statistics keep the data they had. */
static void
test_bad_trade (void)
{
  static const struct { const char *file; const char *reason; } cases[] = {
    { "wrong-columns.csv", "has no “period”, “province”, “mode” column" },
    { "random-bytes.csv", "is neither UTF-8 nor GBK text: line 1 cannot be read as either" },
    { "empty.csv", "is empty: it has no header row" },
  };
  CaWindow *window = open_window ();
  CaTradeCube *before;

  wait_until (trade_ready, window, "the trade sample");
  before = ca_stats_panel_get_cube (window->stats_panel);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = bad_path (cases[i].file);

      _ca_window_open_trade (window, path, FALSE);
      wait_for_toast (window, cases[i].reason);
      assert_has (_ca_window_get_last_toast (window), cases[i].file);
      g_assert_true (ca_stats_panel_get_cube (window->stats_panel) == before);
    }

  assert_still_opens (window, 3);
  close_window (window);
}

typedef struct
{
  CaWindow    *window;
  CaTradeCube *before;
} CubeWait;

static gboolean
cube_replaced (gpointer data)
{
  CubeWait *wait = data;
  CaTradeCube *cube = ca_stats_panel_get_cube (wait->window->stats_panel);

  return cube != NULL && cube != wait->before;
}

/* Partly bad trade records: the valid rows are the statistics, and the
 * toast counts the rows left out. */
static void
test_partly_bad_trade (void)
{
  g_autofree char *path = bad_path ("formulas-merged.xlsx");
  CaWindow *window = open_window ();
  CubeWait wait = { window, NULL };
  CaTradeCube *cube;

  wait_until (trade_ready, window, "the trade sample");
  wait.before = ca_stats_panel_get_cube (window->stats_panel);

  _ca_window_open_trade (window, path, FALSE);
  wait_until (cube_replaced, &wait, "the spreadsheet's records");
  wait_for_toast (window, "formulas-merged.xlsx: 6 rows, 3 accepted, 3 rejected");

  cube = ca_stats_panel_get_cube (window->stats_panel);
  g_assert_cmpuint (ca_trade_cube_get_n_accepted (cube), ==, 3);
  g_assert_cmpuint (ca_trade_cube_get_n_issues (cube), ==, 3);
  assert_has (ca_trade_cube_get_issue (cube, 0)->reason, "sheet “Trade”, row 4: the period cell is empty");

  assert_still_opens (window, 3);
  close_window (window);
}

/* Unreadable projects: a toast and a dialog, and the work kept. */
static void
test_bad_project (void)
{
  static const struct { const char *file; const char *reason; } cases[] = {
    { "truncated.corridor", "the file ends before the project does: it was cut short" },
    { "damaged.corridor", "line 7 holds bytes that are not text" },
    { "not-a-project.corridor", "is not a Corridor Atlas project" },
  };
  g_autofree char *sample = g_test_build_filename (G_TEST_DIST, "data", "sample.geojson", NULL);
  CaWindow *window = open_window ();
  CaTradeCube *cube;

  /* Work to keep: a layer of the planner's. */
  _ca_window_open_source (window, sample, "My layer");
  wait_until (four_layers, window, "the planner's layer");
  wait_until (trade_ready, window, "the trade sample");
  cube = ca_stats_panel_get_cube (window->stats_panel);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = bad_path (cases[i].file);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      AdwMessageDialog *dialog;

      g_assert_false (_ca_window_open_project (window, file));
      assert_has (_ca_window_get_last_toast (window), cases[i].file);
      assert_has (_ca_window_get_last_toast (window), cases[i].reason);

      dialog = find_dialog (cases[i].reason);
      g_assert_nonnull (dialog);
      assert_has (adw_message_dialog_get_body (dialog), cases[i].file);
      close_dialog (dialog);

      g_assert_nonnull (_ca_window_find_layer (window, "My layer"));
      g_assert_true (ca_stats_panel_get_cube (window->stats_panel) == cube);
    }

  assert_still_opens (window, 4);
  close_window (window);
}

static gboolean
project_opened (gpointer data)
{
  CaWindow *window = data;

  return _ca_window_find_layer (window, "Sample") != NULL && !_ca_window_get_project_loading (window);
}

/* A project pointing at missing files: it opens with what is there, and
 * a dialog lists each missing file. */
static void
test_project_missing_files (void)
{
  g_autofree char *path = bad_path ("missing-files.corridor");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  CaWindow *window = open_window ();
  AdwMessageDialog *dialog;
  const char *body;

  wait_until (trade_ready, window, "the trade sample");
  g_assert_true (_ca_window_open_project (window, file));
  assert_has (_ca_window_get_last_toast (window), "missing-files.corridor");
  assert_has (_ca_window_get_last_toast (window), "is missing");

  dialog = find_dialog ("missing/routes.geojson");
  g_assert_nonnull (dialog);
  body = adw_message_dialog_get_body (dialog);
  assert_has (body, "the layer “Planned routes” “missing/routes.geojson” is missing");
  assert_has (body, "the trade data “missing-trade.csv” is missing");
  close_dialog (dialog);

  /* The layer that is there, resolved next to the project, loads. */
  wait_until (project_opened, window, "the project's layer");
  g_assert_null (_ca_window_find_layer (window, "Planned routes"));
  g_assert_cmpuint (ca_vector_layer_get_n_features (
                      ca_map_layer_get_vector (_ca_window_find_layer (window, "Sample"))), ==, 6);

  settle (200);
  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  TestWindowSetup setup;
  int status;

  test_window_init (&argc, &argv, &setup);

  g_test_add_func ("/window-bad-inputs/layer", test_bad_layer);
  g_test_add_func ("/window-bad-inputs/partly-bad-layer", test_partly_bad_layer);
  g_test_add_func ("/window-bad-inputs/trade", test_bad_trade);
  g_test_add_func ("/window-bad-inputs/partly-bad-trade", test_partly_bad_trade);
  g_test_add_func ("/window-bad-inputs/project", test_bad_project);
  g_test_add_func ("/window-bad-inputs/project-missing-files", test_project_missing_files);

  status = g_test_run ();
  test_window_finish (&setup);

  return status;
}
