/* test-bad-inputs.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/resource.h>

#include "ca-project.h"
#include "ca-trade-cube.h"
#include "ca-vector-layer.h"

/* Every file of tests/data/bad/ through the core loader that the window
 * and the command line use: the error, or what loads and what is left
 * out, with the reason, in a message that names the file.  The expected
 * outcome of each is in tests/data/bad/README.md. */

static char *tmp_dir;

static char *
bad_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "bad", name, NULL);
}

static void
assert_has (const char *message,
            const char *part)
{
  if (strstr (message, part) == NULL)
    g_error ("“%s” is not in “%s”", part, message);
}

/* Vector layers ------------------------------------------------------------ */

static void
assert_layer_fails (const char *name,
                    int         code,
                    const char *reason)
{
  g_autofree char *path = bad_path (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(CaVectorLayer) layer = ca_vector_layer_load (path, NULL, NULL, NULL, NULL, &error);

  g_assert_null (layer);
  g_assert_error (error, CA_VECTOR_ERROR, code);
  g_test_message ("%s: %s", name, error->message);
  assert_has (error->message, name);
  assert_has (error->message, reason);
}

static CaVectorLayer *
load_layer (const char *name)
{
  g_autofree char *path = bad_path (name);
  g_autoptr(GError) error = NULL;
  CaVectorLayer *layer = ca_vector_layer_load (path, NULL, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (layer);
  for (guint i = 0; i < ca_vector_layer_get_n_issues (layer); i++)
    g_test_message ("%s: %s", name, ca_vector_layer_get_issue (layer, i)->reason);

  return layer;
}

static void
assert_issue (CaVectorLayer *layer,
              guint          i,
              guint          index,
              const char    *reason)
{
  const CaLoadIssue *issue = ca_vector_layer_get_issue (layer, i);

  g_assert_cmpuint (issue->index, ==, index);
  assert_has (issue->reason, reason);
}

static void
test_unreadable_layers (void)
{
  assert_layer_fails ("empty.geojson", CA_VECTOR_ERROR_OPEN, "the file is empty");
  assert_layer_fails ("random-bytes.geojson", CA_VECTOR_ERROR_OPEN,
                      "not in a format Corridor Atlas reads");
  assert_layer_fails ("random-bytes.gpkg", CA_VECTOR_ERROR_OPEN,
                      "not in a format Corridor Atlas reads");
  assert_layer_fails ("truncated.geojson", CA_VECTOR_ERROR_OPEN,
                      "cannot be read as GeoJSON: the file ends in the middle of a feature");
}

static void
test_geojson_syntax_error (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "comma.geojson", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CaVectorLayer) layer = NULL;

  /* Complete, but not JSON: the line and column of the mistake. */
  g_assert_true (g_file_set_contents (path,
                                      "{ \"type\": \"FeatureCollection\",\n"
                                      "  \"features\": [ ,, ] }\n", -1, NULL));
  layer = ca_vector_layer_load (path, NULL, NULL, NULL, NULL, &error);
  g_assert_null (layer);
  g_assert_error (error, CA_VECTOR_ERROR, CA_VECTOR_ERROR_OPEN);
  g_test_message ("%s", error->message);
  assert_has (error->message, "comma.geojson");
  assert_has (error->message, "cannot be read as GeoJSON: 2:");
}

static void
test_nan_coordinates (void)
{
  g_autoptr(CaVectorLayer) layer = load_layer ("nan-coordinates.geojson");

  /* NaN and infinite points are left out with the reason, never drawn. */
  g_assert_cmpuint (ca_vector_layer_get_n_features (layer), ==, 2);
  g_assert_cmpstr (ca_vector_layer_get_string (layer, ca_vector_layer_get_feature (layer, 0), "id"),
                   ==, "fine");
  g_assert_cmpstr (ca_vector_layer_get_string (layer, ca_vector_layer_get_feature (layer, 1), "id"),
                   ==, "also-fine");
  for (guint i = 0; i < 2; i++)
    {
      const CaFeature *feature = ca_vector_layer_get_feature (layer, i);

      for (guint k = 0; k < 2 * feature->n_points; k++)
        g_assert_true (isfinite (feature->lonlat[k]) && isfinite (feature->world[k]));
    }

  g_assert_cmpuint (ca_vector_layer_get_n_issues (layer), ==, 3);
  assert_issue (layer, 0, 1, "feature 2 has no geometry: its coordinates are missing or are not "
                             "numbers (NaN)");
  assert_issue (layer, 1, 2, "feature 3 is left out: the point 106.55, inf has a coordinate that "
                             "is not a finite number");
  assert_issue (layer, 2, 3, "feature 4 is left out: the point inf, 21.95");
}

static void
test_out_of_range (void)
{
  g_autoptr(CaVectorLayer) layer = load_layer ("out-of-range.geojson");

  g_assert_cmpuint (ca_vector_layer_get_n_features (layer), ==, 2);
  g_assert_cmpuint (ca_vector_layer_get_n_issues (layer), ==, 4);
  assert_issue (layer, 0, 1, "feature 2 is left out: the point 106.55, 129.56 is not a longitude "
                             "and latitude");
}

static void
test_self_intersecting (void)
{
  g_autoptr(CaVectorLayer) layer = load_layer ("self-intersecting.geojson");
  const char *ids[] = { "square", "bow-tie", "hole-outside", "overlapping-parts", "spike" };

  /* Every polygon loads, the invalid ones repaired and said so. */
  g_assert_cmpuint (ca_vector_layer_get_n_features (layer), ==, G_N_ELEMENTS (ids));
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      const CaFeature *feature = ca_vector_layer_get_feature (layer, i);

      g_assert_cmpstr (ca_vector_layer_get_string (layer, feature, "id"), ==, ids[i]);
      g_assert_cmpint (feature->kind, ==, CA_GEOMETRY_POLYGON);
      g_assert_cmpuint (feature->n_parts, >=, 1);
    }

  /* A bow-tie becomes two triangles. */
  g_assert_cmpuint (ca_vector_layer_get_feature (layer, 1)->n_parts, ==, 2);
  /* The spike's stray line is dropped, its square kept. */
  g_assert_cmpuint (ca_vector_layer_get_feature (layer, 4)->n_parts, ==, 1);

  g_assert_cmpuint (ca_vector_layer_get_n_issues (layer), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *feature = g_strdup_printf ("feature %u ", i + 2);

      assert_issue (layer, i, i + 1, feature);
      assert_issue (layer, i, i + 1, "it crosses itself or its rings overlap); it was repaired");
    }
}

static void
test_shapefile_without_dbf (void)
{
  g_autoptr(CaVectorLayer) layer = load_layer ("routes-no-dbf.shp");

  /* The shapes load without attributes, and the layer says why. */
  g_assert_cmpuint (ca_vector_layer_get_n_features (layer), ==, 2);
  g_assert_cmpuint (ca_vector_layer_get_n_fields (layer), ==, 0);
  g_assert_cmpint (ca_vector_layer_get_feature (layer, 0)->kind, ==, CA_GEOMETRY_LINE);
  g_assert_cmpuint (ca_vector_layer_get_n_issues (layer), ==, 1);
  assert_issue (layer, 0, G_MAXUINT, "“routes-no-dbf.shp” has no .dbf file: its attributes are "
                                     "missing, so only its shapes are loaded");
}

static void
test_shapefile_without_prj (void)
{
  /* Metres read as degrees would land nowhere: refused, with the cause. */
  assert_layer_fails ("routes-no-prj.shp", CA_VECTOR_ERROR_PROJECTION,
                      "does not say which coordinate system it is in, and its coordinates "
                      "(650158, 2431713 to 873971, 3271034) are not longitudes and latitudes");
  assert_layer_fails ("routes-no-prj.shp", CA_VECTOR_ERROR_PROJECTION,
                      "(its .prj file is missing)");
}

static void
test_shapefile_without_prj_in_degrees (void)
{
  g_autofree char *source = bad_path ("routes-no-dbf.shp");
  g_autofree char *shp = g_build_filename (tmp_dir, "lonlat.shp", NULL);
  g_autofree char *shx = g_build_filename (tmp_dir, "lonlat.shx", NULL);
  g_autofree char *source_shx = bad_path ("routes-no-dbf.shx");
  g_autoptr(GError) error = NULL;
  g_autoptr(CaVectorLayer) layer = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  /* Without .prj nor .dbf, but in degrees: loaded, with both notes. */
  g_assert_true (g_file_get_contents (source, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (shp, contents, length, NULL));
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (source_shx, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (shx, contents, length, NULL));

  layer = ca_vector_layer_load (shp, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ca_vector_layer_get_n_features (layer), ==, 2);
  g_assert_cmpuint (ca_vector_layer_get_n_issues (layer), ==, 2);
  assert_issue (layer, 0, G_MAXUINT, "“lonlat.shp” has no .dbf file");
  assert_issue (layer, 1, G_MAXUINT, "“lonlat.shp” has no .prj file: its coordinates are taken "
                                     "as longitude and latitude (WGS 84)");
}

static void
test_local_crs (void)
{
  assert_layer_fails ("site-grid.shp", CA_VECTOR_ERROR_PROJECTION,
                      "is in Port site grid, a local coordinate system that is not tied to the "
                      "Earth, so it cannot be transformed to WGS 84");
}

/* Trade records ------------------------------------------------------------- */

static void
assert_trade_fails (const char *path,
                    int         code,
                    const char *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CaTradeCube) cube = ca_trade_cube_load (path, NULL, NULL, NULL, &error);
  g_autofree char *name = g_path_get_basename (path);

  g_assert_null (cube);
  g_assert_error (error, CA_TRADE_ERROR, code);
  g_test_message ("%s: %s", name, error->message);
  assert_has (error->message, name);
  assert_has (error->message, reason);
}

static CaTradeCube *
load_trade (const char *path,
            guint64     n_rows,
            guint64     n_accepted)
{
  g_autoptr(GError) error = NULL;
  CaTradeCube *cube = ca_trade_cube_load (path, NULL, NULL, NULL, &error);
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *summary = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (cube);
  for (guint i = 0; i < ca_trade_cube_get_n_issues (cube); i++)
    g_test_message ("%s: %s", name, ca_trade_cube_get_issue (cube, i)->reason);

  g_assert_cmpuint (ca_trade_cube_get_n_rows (cube), ==, n_rows);
  g_assert_cmpuint (ca_trade_cube_get_n_accepted (cube), ==, n_accepted);
  g_assert_cmpuint (ca_trade_cube_get_n_rejected (cube), ==, n_rows - n_accepted);
  g_assert_cmpuint (ca_trade_cube_get_n_issues (cube), ==, n_rows - n_accepted);

  /* The count of what was left out, naming the file. */
  summary = ca_trade_cube_dup_summary (cube, name);
  assert_has (summary, name);

  return cube;
}

static double
trade_total (CaTradeCube *cube)
{
  CaTradeFilter filter;
  int first, last;

  g_assert_true (ca_trade_cube_get_months (cube, &first, &last));
  ca_trade_filter_init (&filter, first, last);

  return ca_trade_cube_total (cube, &filter);
}

static void
assert_trade_issue (CaTradeCube *cube,
                    guint        i,
                    guint        line,
                    const char  *reason)
{
  const CaTradeIssue *issue = ca_trade_cube_get_issue (cube, i);

  g_assert_cmpuint (issue->line, ==, line);
  assert_has (issue->reason, reason);
}

static void
test_unreadable_trade (void)
{
  g_autofree char *empty = bad_path ("empty.csv");
  g_autofree char *garbage = bad_path ("random-bytes.csv");
  g_autofree char *columns = bad_path ("wrong-columns.csv");

  assert_trade_fails (empty, CA_TRADE_ERROR_EMPTY, "is empty: it has no header row");
  assert_trade_fails (garbage, CA_TRADE_ERROR_OPEN,
                      "is neither UTF-8 nor GBK text: line 1 cannot be read as either");
  assert_trade_fails (columns, CA_TRADE_ERROR_COLUMNS,
                      "has no “period”, “province”, “mode” column; trade records need period, "
                      "province, partner, mode and value_cny");
}

static void
test_mixed_encodings (void)
{
  g_autofree char *utf8 = bad_path ("mixed-encodings.csv");
  g_autofree char *gbk = bad_path ("mixed-encodings-gbk.csv");
  g_autoptr(CaTradeCube) mostly_utf8 = load_trade (utf8, 5, 5);
  g_autoptr(CaTradeCube) mostly_gbk = load_trade (gbk, 5, 5);

  /* Each line in its own encoding: every record is read, none garbled. */
  g_assert_cmpfloat (trade_total (mostly_utf8), ==, 1500);
  g_assert_cmpfloat (trade_total (mostly_gbk), ==, 1500);
  g_assert_cmpstr (ca_trade_cube_get_encoding (mostly_utf8), ==, "UTF-8, with 2 lines in GB18030");
  g_assert_cmpstr (ca_trade_cube_get_encoding (mostly_gbk), ==, "UTF-8, with 4 lines in GB18030");
}

static void
test_bad_values (void)
{
  g_autofree char *path = bad_path ("bad-values.csv");
  g_autoptr(CaTradeCube) cube = load_trade (path, 7, 3);

  /* "1,000" in quotes is a thousand; the rest is left out, line by line. */
  g_assert_cmpfloat (trade_total (cube), ==, 100 + 1000 + 300);
  assert_trade_issue (cube, 0, 3, "line 3: the value -250 is negative");
  assert_trade_issue (cube, 1, 4, "line 4: the value “abc” is not a number");
  assert_trade_issue (cube, 2, 5, "line 5: the value_cny is empty");
  assert_trade_issue (cube, 3, 7, "line 7: the value “NaN” is not a number");
}

static void
test_bad_periods (void)
{
  g_autofree char *path = bad_path ("bad-periods.csv");
  g_autoptr(CaTradeCube) cube = load_trade (path, 6, 2);

  g_assert_cmpfloat (trade_total (cube), ==, 200);
  assert_trade_issue (cube, 0, 3, "line 3: “2025-13” is not a month (YYYY-MM)");
  assert_trade_issue (cube, 1, 4, "line 4: “2025-00” is not a month");
  assert_trade_issue (cube, 2, 5, "line 5: “2025-1-1” is not a month");
  assert_trade_issue (cube, 3, 6, "line 6: “Q1 2025” is not a month");
}

static void
test_spreadsheet (void)
{
  g_autofree char *path = bad_path ("formulas-merged.xlsx");
  g_autoptr(CaTradeCube) cube = load_trade (path, 6, 3);

  /* The header below a blank row is found; blank rows are no records;
   * a formula's saved result is its value; rows are the sheet's rows. */
  g_assert_cmpfloat (trade_total (cube), ==, 100 + 400 + 500);
  assert_trade_issue (cube, 0, 4, "sheet “Trade”, row 4: the period cell is empty (of merged "
                                  "cells, only the first holds the value)");
  assert_trade_issue (cube, 1, 5, "sheet “Trade”, row 5: the period cell is empty");
  assert_trade_issue (cube, 2, 9, "sheet “Trade”, row 9: the value_cny cell is empty (a formula "
                                  "saved without its result reads as empty)");
}

static glong
peak_kib (void)
{
  struct rusage usage;

  g_assert_cmpint (getrusage (RUSAGE_SELF, &usage), ==, 0);
  return usage.ru_maxrss;
}

/* A header, a good record, @middle as line 3, and a good record. */
static char *
write_long_line (const char *name,
                 const char *start,
                 char        fill)
{
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  g_autoptr(GString) text = g_string_new ("period,province,partner,mode,value_cny\n"
                                          "2025-01,CN-CQ,VN,rail-sea,100\n");
  g_autoptr(GError) error = NULL;

  g_string_append (text, start);
  for (gsize i = 0; i < 10 * 1024 * 1024; i++)
    g_string_append_c (text, fill);
  g_string_append (text, "\n2025-02,CN-GX,TH,rail-sea,200\n");
  g_file_set_contents (path, text->str, text->len, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&path);
}

static void
test_long_line (void)
{
  g_autofree char *value = write_long_line ("long-value.csv", "2025-01,CN-CQ,VN,rail-sea,", 'x');
  g_autofree char *commas = write_long_line ("long-commas.csv", "2025-01", ',');
  g_autofree char *quoted = write_long_line ("long-quoted.csv", "2025-01,CN-CQ,VN,rail-sea,\"", '9');
  g_autoptr(GTimer) timer = g_timer_new ();
  glong before = peak_kib ();
  g_autoptr(CaTradeCube) long_value = load_trade (value, 3, 2);
  g_autoptr(CaTradeCube) long_commas = load_trade (commas, 3, 2);
  g_autoptr(CaTradeCube) long_quoted = NULL;
  g_autoptr(GError) error = NULL;

  /* A 10 MB line is one rejected record with its line number; the
   * records after it are read. */
  assert_trade_issue (long_value, 0, 3, "line 3: the value “xxxxxxxxxx");
  assert_trade_issue (long_commas, 0, 3, "line 3: more than 64 columns");
  g_assert_cmpfloat (trade_total (long_value), ==, 300);
  g_assert_cmpfloat (trade_total (long_commas), ==, 300);

  /* An unclosed quote swallows the rest of the file into one field. */
  long_quoted = ca_trade_cube_load (quoted, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ca_trade_cube_get_n_rows (long_quoted), ==, 2);
  g_assert_cmpuint (ca_trade_cube_get_n_accepted (long_quoted), ==, 1);
  assert_trade_issue (long_quoted, 0, 3, "line 3: the value “9999999999");

  /* Neither slow nor hungry: well under the time of a blink per MB, and
   * no copies of the line beyond a few. */
  g_test_message ("%.3f s, %ld KiB more at the peak", g_timer_elapsed (timer, NULL),
                  peak_kib () - before);
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 5.0);
  g_assert_cmpint (peak_kib () - before, <, 96 * 1024);
}

/* Projects ----------------------------------------------------------------- */

static void
assert_project_fails (const char *name,
                      int         code,
                      const char *reason)
{
  g_autofree char *path = bad_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(CaProject) project = ca_project_load (file, warnings, &error);

  g_assert_null (project);
  g_assert_error (error, CA_PROJECT_ERROR, code);
  g_test_message ("%s: %s", name, error->message);
  assert_has (error->message, name);
  assert_has (error->message, reason);
}

static void
test_unreadable_projects (void)
{
  assert_project_fails ("truncated.corridor", CA_PROJECT_ERROR_PARSE,
                        "is damaged and cannot be read: the file ends before the project does: "
                        "it was cut short");
  assert_project_fails ("damaged.corridor", CA_PROJECT_ERROR_PARSE,
                        "is damaged and cannot be read: line 7 holds bytes that are not text");
  assert_project_fails ("not-a-project.corridor", CA_PROJECT_ERROR_NOT_PROJECT,
                        "is not a Corridor Atlas project");
}

static void
test_project_syntax_error (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "typo.corridor", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(CaProject) project = NULL;

  g_assert_true (g_file_set_contents (path, "{\n  \"format\": 1,\n  \"layers\": [ 1 2 ]\n}\n",
                                      -1, NULL));
  project = ca_project_load (file, NULL, &error);
  g_assert_null (project);
  g_assert_error (error, CA_PROJECT_ERROR, CA_PROJECT_ERROR_PARSE);
  g_test_message ("%s", error->message);
  assert_has (error->message, "typo.corridor");
  assert_has (error->message, "is damaged and cannot be read: line 3, column ");
}

static void
test_project_missing_files (void)
{
  g_autofree char *path = bad_path ("missing-files.corridor");
  g_autofree char *sample = g_test_build_filename (G_TEST_DIST, "data", "sample.geojson", NULL);
  g_autofree char *expected = g_canonicalize_filename (sample, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(CaProject) project = ca_project_load (file, warnings, &error);

  /* The layer that is there loads, resolved against the project's
   * folder; the missing ones are named, each in a warning. */
  g_assert_no_error (error);
  g_assert_cmpuint (ca_project_get_n_layers (project), ==, 1);
  g_assert_cmpstr (ca_project_get_layer (project, 0)->source, ==, expected);
  g_assert_cmpstr (ca_project_get_layer (project, 0)->title, ==, "Sample");
  g_assert_true (ca_project_get_trade_sources (project) == NULL ||
                 ca_project_get_trade_sources (project)[0] == NULL);

  g_assert_cmpuint (warnings->len, ==, 2);
  assert_has (g_ptr_array_index (warnings, 0), "missing-files.corridor");
  assert_has (g_ptr_array_index (warnings, 0), "the layer “Planned routes” “missing/routes.geojson” "
                                               "is missing");
  assert_has (g_ptr_array_index (warnings, 1), "missing-files.corridor");
  assert_has (g_ptr_array_index (warnings, 1), "the trade data “missing-trade.csv” is missing");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("ca-bad-inputs-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);

  /* First, so that the peak memory it measures is its own. */
  g_test_add_func ("/bad-inputs/trade/long-line", test_long_line);
  g_test_add_func ("/bad-inputs/layer/unreadable", test_unreadable_layers);
  g_test_add_func ("/bad-inputs/layer/geojson-syntax", test_geojson_syntax_error);
  g_test_add_func ("/bad-inputs/layer/nan-coordinates", test_nan_coordinates);
  g_test_add_func ("/bad-inputs/layer/out-of-range", test_out_of_range);
  g_test_add_func ("/bad-inputs/layer/self-intersecting", test_self_intersecting);
  g_test_add_func ("/bad-inputs/layer/shapefile-without-dbf", test_shapefile_without_dbf);
  g_test_add_func ("/bad-inputs/layer/shapefile-without-prj", test_shapefile_without_prj);
  g_test_add_func ("/bad-inputs/layer/shapefile-without-prj-in-degrees",
                   test_shapefile_without_prj_in_degrees);
  g_test_add_func ("/bad-inputs/layer/local-crs", test_local_crs);
  g_test_add_func ("/bad-inputs/trade/unreadable", test_unreadable_trade);
  g_test_add_func ("/bad-inputs/trade/mixed-encodings", test_mixed_encodings);
  g_test_add_func ("/bad-inputs/trade/bad-values", test_bad_values);
  g_test_add_func ("/bad-inputs/trade/bad-periods", test_bad_periods);
  g_test_add_func ("/bad-inputs/trade/spreadsheet", test_spreadsheet);
  g_test_add_func ("/bad-inputs/project/unreadable", test_unreadable_projects);
  g_test_add_func ("/bad-inputs/project/syntax-error", test_project_syntax_error);
  g_test_add_func ("/bad-inputs/project/missing-files", test_project_missing_files);

  status = g_test_run ();

  {
    g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (tmp_dir, name, NULL);

        g_remove (path);
      }
    g_rmdir (tmp_dir);
    g_free (tmp_dir);
  }

  return status;
}
