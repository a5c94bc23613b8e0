/* test-postgis.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Run by postgis-test.sh, which starts a real PostgreSQL with PostGIS,
 * loads the shipped routes into the table "routes" with ogr2ogr and sets
 * CA_TEST_PG.  The loader must read back through "PG:" the same features
 * and attributes it reads from the GeoJSON. */

#include "config.h"

#include <string.h>

#include "ca-vector-layer.h"

static void
test_postgis_same_as_geojson (void)
{
  const char *connection = g_getenv ("CA_TEST_PG");
  g_autofree char *routes = g_test_build_filename (G_TEST_DIST, "..", "data", "corridor",
                                                   "routes.geojson", NULL);
  g_autoptr(CaVectorLayer) expected = NULL;
  g_autoptr(CaVectorLayer) actual = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (connection);

  expected = ca_vector_layer_load (routes, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  actual = ca_vector_layer_load (connection, "routes", NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (ca_vector_layer_get_name (actual), ==, "routes");
  g_assert_cmpuint (ca_vector_layer_get_n_issues (actual), ==, 0);
  g_assert_cmpuint (ca_vector_layer_get_n_features (actual), ==,
                    ca_vector_layer_get_n_features (expected));

  for (guint i = 0; i < ca_vector_layer_get_n_features (expected); i++)
    {
      const CaFeature *e = ca_vector_layer_get_feature (expected, i);
      const char *id = ca_vector_layer_get_string (expected, e, "id");
      int index = ca_vector_layer_find_feature (actual, "id", id);
      const CaFeature *a;

      g_assert_cmpint (index, >=, 0);
      a = ca_vector_layer_get_feature (actual, index);
      g_assert_cmpint (a->kind, ==, e->kind);
      g_assert_cmpuint (a->n_parts, ==, e->n_parts);
      g_assert_cmpuint (a->n_points, ==, e->n_points);
      for (guint k = 0; k < 2 * e->n_points; k++)
        g_assert_cmpfloat_with_epsilon (a->lonlat[k], e->lonlat[k], 1e-9);

      for (guint f = 0; f < ca_vector_layer_get_n_fields (expected); f++)
        {
          const char *name = ca_vector_layer_get_field (expected, f)->name;
          int field = ca_vector_layer_find_field (actual, name);
          g_autofree char *ev = NULL;
          g_autofree char *av = NULL;

          g_assert_cmpint (field, >=, 0);
          ev = e->values[f] != NULL ? g_variant_print (e->values[f], FALSE) : g_strdup ("null");
          av = a->values[field] != NULL ? g_variant_print (a->values[field], FALSE) : g_strdup ("null");
          g_assert_cmpstr (av, ==, ev);
        }
    }
}

static void
test_postgis_errors (void)
{
  const char *connection = g_getenv ("CA_TEST_PG");
  g_autofree char *with_password = g_strdup_printf ("%s password=hunter2", connection);
  g_autofree char *wrong_db = NULL;
  g_autoptr(CaVectorLayer) layer = NULL;
  g_autoptr(GError) error = NULL;

  /* A missing table names the source and the table. */
  layer = ca_vector_layer_load (connection, "no_such_table", NULL, NULL, NULL, &error);
  g_assert_null (layer);
  g_assert_error (error, CA_VECTOR_ERROR, CA_VECTOR_ERROR_NO_LAYER);
  g_assert_nonnull (strstr (error->message, "no_such_table"));
  g_clear_error (&error);

  /* A database that does not exist: the reason, and never the password. */
  wrong_db = g_strdup_printf ("PG:host=127.0.0.1 port=1 dbname=nowhere password=hunter2");
  layer = ca_vector_layer_load (wrong_db, NULL, NULL, NULL, NULL, &error);
  g_assert_null (layer);
  g_assert_error (error, CA_VECTOR_ERROR, CA_VECTOR_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, "dbname=nowhere"));
  g_assert_null (strstr (error->message, "hunter2"));
  g_assert_nonnull (strstr (error->message, "password=***"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/postgis/same-as-geojson", test_postgis_same_as_geojson);
  g_test_add_func ("/postgis/errors", test_postgis_errors);

  return g_test_run ();
}
