/* test-project.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sys/resource.h>

#include "ca-project.h"

/* The fuzz target's entry point, for the inputs it found. */
#define CA_FUZZ_REGRESSION
#include "fuzz/fuzz-project.c"
#include "fuzz/fuzz-regressions.h"

typedef struct
{
  char *dir;
  char *data;   /* a file the project names */
} Fixture;

static void
write_file (const char *path,
            const char *contents)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *sub = NULL;
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("test-project-XXXXXX", &error);
  g_assert_no_error (error);
  sub = g_build_filename (fixture->dir, "data", NULL);
  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  fixture->data = g_build_filename (sub, "roads.geojson", NULL);
  write_file (fixture->data, "{\"type\": \"FeatureCollection\", \"features\": []}");
}

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_remove (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      remove_tree (child);
    }
  g_dir_close (dir);
  g_rmdir (path);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->data);
}

static CaProject *
full_project (Fixture *fixture)
{
  CaProject *project = ca_project_new ();
  CaProjectLayer layer = {
    .source = fixture->data, .title = (char *)"Roads", .visible = FALSE, .thematic = TRUE,
    .color = { 0.25, 0.5, 0.125, 0.75 }, .width = 3.5, .opacity = 0.625,
  };
  CaProjectLayer database = {
    .source = (char *)"PG:host=db dbname=gis user=planner password='s3cret' port=5432",
    .title = (char *)"Rail", .visible = TRUE, .color = { 1, 0, 0, 1 }, .width = 2, .opacity = 1,
  };
  CaProjectStats stats = {
    .month_from = 24300, .month_to = 24311, .modes = 5, .directions = 2,
    .regions = 0x13, .provinces = G_GUINT64_CONSTANT (0x4000000000000001),
    .direction = 1, .top_n = 25, .show_flows = FALSE, .layout = 1, .coloring = 1,
    .arcs = TRUE, .choropleth = TRUE, .circles = TRUE,
  };
  g_auto(GVariantBuilder) export = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  ca_project_add_layer (project, &layer);
  ca_project_add_layer (project, &database);
  ca_project_add_trade_source (project, fixture->data);
  ca_project_set_trade_illustrative (project, TRUE);
  ca_project_set_stats (project, &stats);
  ca_project_set_view (project, 22.8167, 108.3669, 7.25);
  ca_project_set_basemap (project, "online");
  g_variant_builder_add (&export, "{sv}", "export-format", g_variant_new_string ("pdf"));
  g_variant_builder_add (&export, "{sv}", "export-dpi", g_variant_new_int32 (300));
  g_variant_builder_add (&export, "{sv}", "export-width", g_variant_new_double (210.5));
  g_variant_builder_add (&export, "{sv}", "export-legend", g_variant_new_boolean (FALSE));
  g_variant_builder_add (&export, "{sv}", "export-title", g_variant_new_string ("北部湾 “corridor”"));
  ca_project_set_export (project, g_variant_builder_end (&export));

  return project;
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(CaProject) project = full_project (fixture);
  g_autoptr(CaProject) loaded = NULL;
  g_autoptr(CaProject) expected = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *path = g_build_filename (fixture->dir, "work.corridor", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const CaProjectLayer *layer;
  double lat, lon, zoom;

  g_assert_true (ca_project_save (project, file, &error));
  g_assert_no_error (error);

  loaded = ca_project_load (file, warnings, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (warnings->len, ==, 0);

  /* The database source comes back without its password; all else is the same. */
  g_assert_cmpuint (ca_project_get_n_layers (loaded), ==, 2);
  layer = ca_project_get_layer (loaded, 0);
  g_assert_cmpstr (layer->source, ==, fixture->data);
  g_assert_cmpstr (layer->title, ==, "Roads");
  g_assert_false (layer->visible);
  g_assert_true (layer->thematic);
  g_assert_cmpfloat (layer->color[0], ==, 0.25);
  g_assert_cmpfloat (layer->color[3], ==, 0.75);
  g_assert_cmpfloat (layer->width, ==, 3.5);
  g_assert_cmpfloat (layer->opacity, ==, 0.625);
  layer = ca_project_get_layer (loaded, 1);
  g_assert_cmpstr (layer->source, ==, "PG:host=db dbname=gis user=planner port=5432");
  g_assert_cmpstr (ca_project_get_trade_sources (loaded)[0], ==, fixture->data);
  g_assert_null (ca_project_get_trade_sources (loaded)[1]);
  g_assert_true (ca_project_get_trade_illustrative (loaded));
  g_assert_cmpuint (ca_project_get_stats (loaded)->provinces, ==,
                    G_GUINT64_CONSTANT (0x4000000000000001));
  ca_project_get_view (loaded, &lat, &lon, &zoom);
  g_assert_cmpfloat (lat, ==, 22.8167);
  g_assert_cmpfloat (lon, ==, 108.3669);
  g_assert_cmpfloat (zoom, ==, 7.25);
  g_assert_cmpstr (ca_project_get_basemap (loaded), ==, "online");

  /* Every field: the original, with the password gone, equals what was read. */
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_null (strstr (text, "s3cret"));
  g_assert_nonnull (strstr (text, "\"format\" : 1"));
  expected = ca_project_load (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ca_project_equal (loaded, expected));
  g_assert_true (ca_project_save (loaded, file, &error));
  g_clear_object (&expected);
  expected = ca_project_load (file, NULL, &error);
  g_assert_true (ca_project_equal (loaded, expected));
  g_assert_false (ca_project_equal (loaded, project));
}

static void
test_relative (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(CaProject) project = full_project (fixture);
  g_autoptr(CaProject) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sub = g_build_filename (fixture->dir, "projects", NULL);
  g_autofree char *path = g_build_filename (sub, "work.corridor", NULL);
  g_autofree char *text = NULL;
  g_autofree char *moved = g_strconcat (fixture->dir, "-moved", NULL);
  g_autofree char *moved_path = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) moved_file = NULL;

  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  g_assert_true (ca_project_save (project, file, &error));
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "\"source\" : \"../data/roads.geojson\""));
  g_assert_null (strstr (text, fixture->dir));

  /* The project and its data move together: the paths follow. */
  g_assert_cmpint (g_rename (fixture->dir, moved), ==, 0);
  moved_path = g_build_filename (moved, "projects", "work.corridor", NULL);
  moved_file = g_file_new_for_path (moved_path);
  loaded = ca_project_load (moved_file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ca_project_get_n_layers (loaded), ==, 2);
  g_assert_true (g_str_has_prefix (ca_project_get_layer (loaded, 0)->source, moved));
  g_assert_true (g_str_has_suffix (ca_project_get_layer (loaded, 0)->source,
                                   "/data/roads.geojson"));
  g_assert_cmpint (g_rename (moved, fixture->dir), ==, 0);
}

static void
test_password (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "PG:dbname=gis password=abc", "PG:dbname=gis" },
    { "PG:password='a b\\'c' host=x", "PG: host=x" },
    { "PG:host=x PASSWORD = y user=z", "PG:host=x user=z" },
    { "postgresql://me:secret@db/gis", "postgresql://me@db/gis" },
    { "/data/roads.gpkg", "/data/roads.gpkg" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = ca_project_strip_password (cases[i].in);

      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

static void
test_damaged (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "broken.corridor", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  CaProject *project;

  write_file (path, "this is not JSON");
  project = ca_project_load (file, NULL, &error);
  g_assert_null (project);
  g_assert_error (error, CA_PROJECT_ERROR, CA_PROJECT_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "broken.corridor"));
  g_clear_error (&error);

  write_file (path, "[1, 2, 3]");
  project = ca_project_load (file, NULL, &error);
  g_assert_null (project);
  g_assert_error (error, CA_PROJECT_ERROR, CA_PROJECT_ERROR_NOT_PROJECT);
  g_assert_nonnull (strstr (error->message, "broken.corridor"));
  g_clear_error (&error);

  g_remove (path);
  project = ca_project_load (file, NULL, &error);
  g_assert_null (project);
  g_assert_error (error, CA_PROJECT_ERROR, CA_PROJECT_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "broken.corridor"));
}

static void
test_truncated (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(CaProject) project = full_project (fixture);
  g_autofree char *path = g_build_filename (fixture->dir, "cut.corridor", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gsize length;

  g_assert_true (ca_project_save (project, file, &error));
  g_assert_true (g_file_get_contents (path, &text, &length, NULL));

  /* Cut anywhere, the file is reported as damaged, never half-read. */
  for (gsize cut = 0; cut < length - 2; cut += 37)
    {
      g_autoptr(CaProject) loaded = NULL;

      g_assert_true (g_file_set_contents (path, text, cut, NULL));
      loaded = ca_project_load (file, NULL, &error);
      g_assert_null (loaded);
      g_assert_true (error->domain == CA_PROJECT_ERROR);
      g_assert_nonnull (strstr (error->message, "cut.corridor"));
      g_clear_error (&error);
    }
}

static void
test_missing (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "partial.corridor", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(CaProject) project = NULL;
  double lat;

  write_file (path,
              "{ \"format\": 1, \"future-field\": {\"x\": 1},\n"
              "  \"layers\": [\n"
              "    { \"source\": \"data/gone.gpkg\", \"title\": \"Gone\" },\n"
              "    42,\n"
              "    { \"source\": \"data/roads.geojson\", \"title\": \"Roads\", \"width\": 4 },\n"
              "    { \"title\": \"No source\" }\n"
              "  ],\n"
              "  \"trade\": { \"sources\": [\"trade/missing.csv\"], \"filters\": { \"top-n\": 7 } },\n"
              "  \"view\": { \"latitude\": 20, \"longitude\": 100, \"zoom\": 5 }\n"
              "}\n");
  project = ca_project_load (file, warnings, &error);
  g_assert_no_error (error);

  /* What could be read is kept. */
  g_assert_cmpuint (ca_project_get_n_layers (project), ==, 1);
  g_assert_cmpstr (ca_project_get_layer (project, 0)->title, ==, "Roads");
  g_assert_cmpfloat (ca_project_get_layer (project, 0)->width, ==, 4);
  g_assert_null (ca_project_get_trade_sources (project)[0]);
  g_assert_cmpuint (ca_project_get_stats (project)->top_n, ==, 7);
  g_assert_true (ca_project_has_view (project));
  ca_project_get_view (project, &lat, NULL, NULL);
  g_assert_cmpfloat (lat, ==, 20);

  /* Each missing piece has its own message, naming the project and the file. */
  g_assert_cmpuint (warnings->len, ==, 4);
  for (guint i = 0; i < warnings->len; i++)
    g_assert_nonnull (strstr (g_ptr_array_index (warnings, i), "partial.corridor"));
  g_assert_nonnull (strstr (g_ptr_array_index (warnings, 0), "Gone"));
  g_assert_nonnull (strstr (g_ptr_array_index (warnings, 0), "data/gone.gpkg"));
  g_assert_nonnull (strstr (g_ptr_array_index (warnings, 3), "trade/missing.csv"));
}

static void
test_atomic_subprocess (const char *path)
{
  g_autoptr(CaProject) project = ca_project_new ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) title = g_string_new (NULL);
  struct rlimit limit = { 4096, 4096 };
  CaProjectLayer layer = { .source = (char *)"PG:dbname=x", .visible = TRUE, .width = 1, .opacity = 1 };

  /* Larger than the file size limit: the write fails half-way. */
  for (guint i = 0; i < 1000; i++)
    g_string_append (title, "ten chars ");
  layer.title = title->str;
  ca_project_add_layer (project, &layer);

  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);

  g_assert_false (ca_project_save (project, file, &error));
  g_assert_error (error, CA_PROJECT_ERROR, CA_PROJECT_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "atomic.corridor"));
}

static void
test_atomic (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(CaProject) project = full_project (fixture);
  g_autofree char *path = g_build_filename (fixture->dir, "atomic.corridor", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint n_files = 0;

  if (g_test_subprocess ())
    {
      test_atomic_subprocess (g_getenv ("CA_TEST_ATOMIC_PATH"));
      return;
    }

  g_assert_true (ca_project_save (project, file, &error));
  g_assert_true (g_file_get_contents (path, &before, NULL, NULL));

  g_setenv ("CA_TEST_ATOMIC_PATH", path, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();

  /* The old project is whole, and no temporary file is left beside it. */
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (before, ==, after);
  dir = g_dir_open (fixture->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    n_files++;
  g_assert_cmpuint (n_files, ==, 2);   /* data/ and atomic.corridor */

  /* A folder that does not exist is an error naming the file, too. */
  g_clear_object (&file);
  file = g_file_new_for_path ("/nonexistent-folder/work.corridor");
  g_assert_false (ca_project_save (project, file, &error));
  g_assert_error (error, CA_PROJECT_ERROR, CA_PROJECT_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "work.corridor"));
}

/* Every input that once crashed the project fuzz target, and its seeds. */
static void
test_fuzz (void)
{
  fuzz_run_regressions ("project", fuzz_project_one);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/project/round-trip", test_round_trip);
  ADD ("/project/relative", test_relative);
  g_test_add_func ("/project/password", test_password);
  ADD ("/project/damaged", test_damaged);
  ADD ("/project/truncated", test_truncated);
  ADD ("/project/missing", test_missing);
  ADD ("/project/atomic", test_atomic);
#undef ADD
  g_test_add_func ("/project/fuzz", test_fuzz);

  return g_test_run ();
}
