/* test-basemap-loader.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The window's way to a basemap: the cache, else the helper process,
 * else in process; and the helper's errors, passed on intact. */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "test-util.h"

#include "ca-basemap-loader.h"

typedef struct
{
  char *dir;
  char *cache_dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("ca-loader-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->cache_dir = g_build_filename (fixture->dir, "cache", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->cache_dir);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static CaBasemap *
load (const char      *path,
      const char      *cache_dir,
      CaBasemapRoute  *route,
      GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ca_basemap_loader_load_async (path, cache_dir, NULL, loaded_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return ca_basemap_loader_load_finish (result, route, error);
}

static void
assert_corridor_basemap (CaBasemap *basemap)
{
  g_assert_nonnull (basemap);
  g_assert_cmpuint (ca_basemap_get_n_items (basemap), ==, 248 + 34);
  g_assert_cmpstr (ca_basemap_item_get_code (ca_basemap_lookup (basemap, 106.55, 29.56,
                                                                CA_PLACE_PROVINCE)), ==, "CN-CQ");
}

static void
test_loader_helper_then_cache (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *path = ca_basemap_dup_default_path ();
  g_autoptr(CaBasemap) first = NULL;
  g_autoptr(CaBasemap) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *helper = ca_basemap_loader_dup_helper_path ();
  CaBasemapRoute route;

  g_assert_nonnull (helper);

  /* No cache yet: the helper process builds it, then it is mapped. */
  first = load (path, fixture->cache_dir, &route, &error);
  g_assert_no_error (error);
  g_assert_cmpint (route, ==, CA_BASEMAP_ROUTE_HELPER);
  assert_corridor_basemap (first);

  /* The next start maps it straight away. */
  second = load (path, fixture->cache_dir, &route, &error);
  g_assert_no_error (error);
  g_assert_cmpint (route, ==, CA_BASEMAP_ROUTE_CACHE);
  assert_corridor_basemap (second);
}

static void
test_loader_without_helper (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *path = ca_basemap_dup_default_path ();
  g_autofree char *saved = g_strdup (g_getenv ("CORRIDOR_ATLAS_LIBEXECDIR"));
  g_autoptr(CaBasemap) basemap = NULL;
  g_autoptr(GError) error = NULL;
  CaBasemapRoute route;

  /* An installation without the helper still loads, in process. */
  g_setenv ("CORRIDOR_ATLAS_LIBEXECDIR", fixture->dir, TRUE);
  g_assert_null (ca_basemap_loader_dup_helper_path ());
  basemap = load (path, fixture->cache_dir, &route, &error);
  g_setenv ("CORRIDOR_ATLAS_LIBEXECDIR", saved, TRUE);

  g_assert_no_error (error);
  g_assert_cmpint (route, ==, CA_BASEMAP_ROUTE_IN_PROCESS);
  assert_corridor_basemap (basemap);
}

static void
test_loader_helper_errors (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *broken = g_build_filename (fixture->dir, "broken.nc", NULL);
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.nc", NULL);
  g_autoptr(CaBasemap) basemap = NULL;
  g_autoptr(GError) error = NULL;

  /* The helper's message reaches the window with the file named. */
  g_file_set_contents (broken, "not netCDF at all", -1, &error);
  g_assert_no_error (error);
  basemap = load (broken, fixture->cache_dir, NULL, &error);
  g_assert_null (basemap);
  g_assert_error (error, CA_BASEMAP_ERROR, CA_BASEMAP_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, broken));
  g_assert_nonnull (strstr (error->message, "could not be read"));
  g_clear_error (&error);

  basemap = load (missing, fixture->cache_dir, NULL, &error);
  g_assert_null (basemap);
  g_assert_error (error, CA_BASEMAP_ERROR, CA_BASEMAP_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, missing));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/basemap-loader/helper-then-cache", Fixture, NULL,
              fixture_set_up, test_loader_helper_then_cache, fixture_tear_down);
  g_test_add ("/basemap-loader/without-helper", Fixture, NULL,
              fixture_set_up, test_loader_without_helper, fixture_tear_down);
  g_test_add ("/basemap-loader/helper-errors", Fixture, NULL,
              fixture_set_up, test_loader_helper_errors, fixture_tear_down);

  return g_test_run ();
}
