/* test-basemap.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <netcdf.h>
#include <string.h>

#include "test-util.h"
#include "ca-basemap.h"

/* Loaded once: every case reads the real DCW-GMT file from gmt-dcw. */
static CaBasemap *basemap;

static char *
dcw_sibling (const char *name)
{
  g_autofree char *dir = g_path_get_dirname (ca_basemap_get_path (basemap));

  return g_build_filename (dir, name, NULL);
}

static guint
count_items (CaPlaceKind kind)
{
  guint n = 0;

  for (guint i = 0; i < ca_basemap_get_n_items (basemap); i++)
    n += ca_basemap_item_get_kind (ca_basemap_get_item (basemap, i)) == kind;

  return n;
}

static void
test_basemap_countries (void)
{
  g_autofree char *list_path = dcw_sibling ("dcw-countries.txt");
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  guint n_listed = 0;

  /* dcw-countries.txt lists "continent code name" for every country. */
  g_file_get_contents (list_path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      const CaBasemapItem *item;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;

      fields = g_strsplit (lines[i], " ", 3);
      g_assert_cmpuint (g_strv_length (fields), ==, 3);
      n_listed++;

      item = ca_basemap_find_item (basemap, fields[1]);
      g_assert_nonnull (item);
      g_assert_cmpint (ca_basemap_item_get_kind (item), ==, CA_PLACE_COUNTRY);
      /* Our name tables know every country in both languages. */
      g_assert_cmpstr (ca_basemap_item_get_label (item, CA_LANGUAGE_ENGLISH), !=, fields[1]);
      g_assert_cmpstr (ca_basemap_item_get_label (item, CA_LANGUAGE_CHINESE), !=,
                       ca_basemap_item_get_label (item, CA_LANGUAGE_ENGLISH));
    }

  g_assert_cmpuint (n_listed, ==, 248);
  g_assert_cmpuint (count_items (CA_PLACE_COUNTRY), ==, n_listed);
  g_assert_cmpstr (ca_basemap_item_get_label (ca_basemap_find_item (basemap, "VN"),
                                              CA_LANGUAGE_CHINESE), ==, "越南");
}

static void
test_basemap_provinces (void)
{
  g_autofree char *list_path = dcw_sibling ("dcw-states.txt");
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  guint n_listed = 0;

  g_file_get_contents (list_path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);

  /* Every CN line of dcw-states.txt decodes to at least one ring, with a
   * name in both languages. */
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *code = NULL;
      const CaBasemapItem *item;

      if (!g_str_has_prefix (lines[i], "CN "))
        continue;

      code = g_strdup_printf ("CN-%.2s", lines[i] + 3);
      item = ca_basemap_find_item (basemap, code);
      g_assert_nonnull (item);
      g_assert_cmpint (ca_basemap_item_get_kind (item), ==, CA_PLACE_PROVINCE);
      g_assert_cmpuint (ca_basemap_item_get_n_rings (item, CA_BASEMAP_N_LEVELS - 1), >=, 1);
      g_assert_nonnull (ca_basemap_item_get_label (item, CA_LANGUAGE_CHINESE));
      n_listed++;
    }

  g_assert_cmpuint (n_listed, ==, 34);
  g_assert_cmpuint (count_items (CA_PLACE_PROVINCE), ==, 34);
  g_assert_cmpstr (ca_basemap_item_get_label (ca_basemap_find_item (basemap, "CN-GX"),
                                              CA_LANGUAGE_CHINESE), ==, "广西");
  g_assert_cmpstr (ca_basemap_item_get_label (ca_basemap_find_item (basemap, "CN-GX"),
                                              CA_LANGUAGE_ENGLISH), ==, "Guangxi");
}

static void
assert_place (double      longitude,
              double      latitude,
              const char *country,
              const char *province)
{
  const CaBasemapItem *found;

  found = ca_basemap_lookup (basemap, longitude, latitude, CA_PLACE_COUNTRY);
  if (country == NULL)
    g_assert_null (found);
  else
    g_assert_cmpstr (found != NULL ? ca_basemap_item_get_code (found) : "(sea)", ==, country);

  found = ca_basemap_lookup (basemap, longitude, latitude, CA_PLACE_PROVINCE);
  if (province == NULL)
    g_assert_null (found);
  else
    g_assert_cmpstr (found != NULL ? ca_basemap_item_get_code (found) : "(none)", ==, province);
}

static void
test_basemap_lookup (void)
{
  assert_place (106.55, 29.56, "CN", "CN-CQ");   /* Chongqing */
  assert_place (108.37, 22.82, "CN", "CN-GX");   /* Nanning */
  assert_place (106.71, 26.58, "CN", "CN-GZ");   /* Guiyang */
  assert_place (104.07, 30.67, "CN", "CN-SC");   /* Chengdu */
  assert_place (102.71, 25.04, "CN", "CN-YN");   /* Kunming */
  assert_place (105.85, 21.03, "VN", NULL);      /* Hanoi: Vietnam, no province of China */
  assert_place (102.63, 17.97, "LA", NULL);      /* Vientiane */
  assert_place (100.50, 13.75, "TH", NULL);      /* Bangkok */
  assert_place (114.00, 15.00, NULL, NULL);      /* the South China Sea */
  assert_place (108.00, 20.50, NULL, NULL);      /* the Beibu Gulf */

  /* Holes: Lesotho inside South Africa, San Marino and the Vatican
   * inside Italy. */
  assert_place (28.20, -29.60, "LS", NULL);
  assert_place (12.45, 43.94, "SM", NULL);
  assert_place (12.453, 41.903, "VA", NULL);
  assert_place (26.00, -29.00, "ZA", NULL);

  /* Russia's rings cross the antimeridian, Antarctica's circles the pole. */
  assert_place (177.50, 64.70, "RU", NULL);
  assert_place (-175.00, 67.00, "RU", NULL);
  assert_place (0.00, -80.00, "AQ", NULL);
  assert_place (120.00, -89.00, "AQ", NULL);
}

static void
test_basemap_holes (void)
{
  g_assert_cmpuint (ca_basemap_item_get_n_holes (ca_basemap_find_item (basemap, "ZA")), ==, 1);
  g_assert_cmpuint (ca_basemap_item_get_n_holes (ca_basemap_find_item (basemap, "IT")), ==, 2);
  g_assert_cmpuint (ca_basemap_item_get_n_holes (ca_basemap_find_item (basemap, "CN")), ==, 0);
}

static void
test_basemap_bounds (void)
{
  const CaBasemapItem *hainan = ca_basemap_find_item (basemap, "CN-HI");
  const CaBasemapItem *russia = ca_basemap_find_item (basemap, "RU");
  double west, south, east, north, lon, lat;

  /* Hainan Island: 108.6–111.1° E, 18.1–20.2° N (Sanya to Haikou). */
  ca_basemap_item_get_bounds (hainan, &west, &south, &east, &north);
  g_assert_cmpfloat (west, >, 108.3);
  g_assert_cmpfloat (west, <, 108.8);
  g_assert_cmpfloat (east, >, 111.0);
  g_assert_cmpfloat (east, <, 111.5);
  g_assert_cmpfloat (south, >, 17.9);
  g_assert_cmpfloat (south, <, 18.3);
  g_assert_cmpfloat (north, >, 20.0);
  g_assert_cmpfloat (north, <, 20.3);
  g_assert_true (ca_basemap_item_contains (hainan, 110.33, 20.03));  /* Haikou */
  g_assert_true (ca_basemap_item_contains (hainan, 109.51, 18.25));  /* Sanya */

  /* Russia runs east past 180°, as one piece. */
  ca_basemap_item_get_bounds (russia, &west, &south, &east, &north);
  g_assert_cmpfloat (east, >, 185);
  g_assert_cmpfloat (north, >, 81);

  /* Label points sit inside their province. */
  ca_basemap_item_get_label_point (ca_basemap_find_item (basemap, "CN-CQ"), &lon, &lat);
  g_assert_true (ca_basemap_item_contains (ca_basemap_find_item (basemap, "CN-CQ"), lon, lat));
  ca_basemap_item_get_label_point (ca_basemap_find_item (basemap, "CN-GX"), &lon, &lat);
  g_assert_true (ca_basemap_item_contains (ca_basemap_find_item (basemap, "CN-GX"), lon, lat));
}

static void
test_basemap_levels (void)
{
  gsize previous = 0;

  /* Each level keeps more of the detail than the one before; the finest
   * is at most what the file holds for countries and provinces, and the
   * coarsest small enough to draw the world in one tile. */
  for (guint l = 0; l < CA_BASEMAP_N_LEVELS; l++)
    {
      gsize n = ca_basemap_get_n_points (basemap, l);

      g_assert_cmpuint (n, >, previous);
      previous = n;
    }

  g_assert_cmpuint (ca_basemap_get_n_points (basemap, 0), <, 20000);
  g_assert_cmpuint (ca_basemap_get_n_points (basemap, CA_BASEMAP_N_LEVELS - 1), <, 10273865);

  /* China's mainland, its islands and Hainan: one or two rings on a world
   * map, thousands at full detail. */
  g_assert_cmpuint (ca_basemap_item_get_n_rings (ca_basemap_find_item (basemap, "CN"), 0), <=, 3);
  g_assert_cmpuint (ca_basemap_item_get_n_rings (ca_basemap_find_item (basemap, "CN"),
                                                 CA_BASEMAP_N_LEVELS - 1), >, 1000);

  /* The compact store: well under the 275 MiB the file takes as doubles. */
  g_assert_cmpuint (ca_basemap_get_memory_size (basemap), <, 64 * 1024 * 1024);
}

static char *
write_temp (const char *name,
            const void *data,
            gsize       size)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ca-basemap-XXXXXX", &error);
  char *path;

  g_assert_no_error (error);
  path = g_build_filename (dir, name, NULL);
  g_file_set_contents (path, data, size, &error);
  g_assert_no_error (error);

  return path;
}

static void
remove_temp (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_unlink (path);
  g_rmdir (dir);
}

static void
assert_load_fails (const char *path,
                   int         code,
                   const char *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CaBasemap) bad = ca_basemap_load (path, NULL, &error);

  g_assert_null (bad);
  g_assert_error (error, CA_BASEMAP_ERROR, code);
  /* The message names the file and says what is wrong with it. */
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, reason));
}

static void
test_basemap_missing_file (void)
{
  assert_load_fails ("/nonexistent/dcw-gmt.nc", CA_BASEMAP_ERROR_NOT_FOUND, "does not exist");
}

static void
test_basemap_empty_file (void)
{
  g_autofree char *path = write_temp ("empty.nc", "", 0);

  assert_load_fails (path, CA_BASEMAP_ERROR_CORRUPT, "could not be read");
  remove_temp (path);
}

static void
test_basemap_garbage_file (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  guint8 bytes[4096];
  g_autofree char *path = NULL;

  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = g_rand_int_range (rand, 0, 256);
  path = write_temp ("garbage.nc", bytes, sizeof bytes);

  assert_load_fails (path, CA_BASEMAP_ERROR_CORRUPT, "could not be read");
  remove_temp (path);
}

static void
test_basemap_truncated_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) real = g_mapped_file_new (ca_basemap_get_path (basemap), FALSE, &error);
  g_autofree char *path = NULL;

  g_assert_no_error (error);
  /* The header survives, the arrays do not. */
  path = write_temp ("truncated.nc", g_mapped_file_get_contents (real),
                     MIN (g_mapped_file_get_length (real), 4 * 1024 * 1024));

  assert_load_fails (path, CA_BASEMAP_ERROR_CORRUPT, "");
  remove_temp (path);
}

static void
test_basemap_not_dcw (void)
{
  g_autofree char *path = write_temp ("other.nc", "", 0);
  int ncid, dimid, varid;
  guint16 values[3] = { 1, 2, 3 };

  /* A valid netCDF-4 file that is not DCW-GMT. */
  g_assert_cmpint (nc_create (path, NC_NETCDF4 | NC_CLOBBER, &ncid), ==, NC_NOERR);
  g_assert_cmpint (nc_def_dim (ncid, "n", 3, &dimid), ==, NC_NOERR);
  g_assert_cmpint (nc_def_var (ncid, "temperature", NC_USHORT, 1, &dimid, &varid), ==, NC_NOERR);
  g_assert_cmpint (nc_enddef (ncid), ==, NC_NOERR);
  g_assert_cmpint (nc_put_var_ushort (ncid, varid, values), ==, NC_NOERR);
  g_assert_cmpint (nc_close (ncid), ==, NC_NOERR);

  assert_load_fails (path, CA_BASEMAP_ERROR_CORRUPT, "no provinces of China");
  remove_temp (path);
}

static void
test_basemap_bad_array (void)
{
  g_autofree char *path = write_temp ("bad-array.nc", "", 0);
  int ncid, dimid, lon_id, lat_id;
  /* A country whose array does not start with a ring separator. */
  guint16 lon[4] = { 1, 2, 3, 4 };
  guint16 lat[4] = { 1, 2, 3, 4 };
  double min = 0, scale = 1000;

  g_assert_cmpint (nc_create (path, NC_NETCDF4 | NC_CLOBBER, &ncid), ==, NC_NOERR);
  g_assert_cmpint (nc_def_dim (ncid, "XX_length", 4, &dimid), ==, NC_NOERR);
  g_assert_cmpint (nc_def_var (ncid, "XX_lon", NC_USHORT, 1, &dimid, &lon_id), ==, NC_NOERR);
  g_assert_cmpint (nc_def_var (ncid, "XX_lat", NC_USHORT, 1, &dimid, &lat_id), ==, NC_NOERR);
  for (int id = lon_id; id <= lat_id; id++)
    {
      g_assert_cmpint (nc_put_att_double (ncid, id, "min", NC_DOUBLE, 1, &min), ==, NC_NOERR);
      g_assert_cmpint (nc_put_att_double (ncid, id, "scale", NC_DOUBLE, 1, &scale), ==, NC_NOERR);
    }
  g_assert_cmpint (nc_enddef (ncid), ==, NC_NOERR);
  g_assert_cmpint (nc_put_var_ushort (ncid, lon_id, lon), ==, NC_NOERR);
  g_assert_cmpint (nc_put_var_ushort (ncid, lat_id, lat), ==, NC_NOERR);
  g_assert_cmpint (nc_close (ncid), ==, NC_NOERR);

  assert_load_fails (path, CA_BASEMAP_ERROR_CORRUPT, "XX does not start with a ring separator");
  remove_temp (path);
}

static void
test_basemap_cancelled (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(CaBasemap) loaded = NULL;
  g_autoptr(GError) error = NULL;

  /* A cancelled load ends with G_IO_ERROR_CANCELLED and no basemap. */
  g_cancellable_cancel (cancellable);
  loaded = ca_basemap_load (ca_basemap_get_path (basemap), cancellable, &error);
  g_assert_null (loaded);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
assert_same_basemap (CaBasemap *a,
                     CaBasemap *b)
{
  g_assert_cmpuint (ca_basemap_get_n_items (a), ==, ca_basemap_get_n_items (b));
  g_assert_cmpuint (ca_basemap_get_memory_size (a), ==, ca_basemap_get_memory_size (b));
  for (guint l = 0; l < CA_BASEMAP_N_LEVELS; l++)
    g_assert_cmpuint (ca_basemap_get_n_points (a, l), ==, ca_basemap_get_n_points (b, l));

  for (guint i = 0; i < ca_basemap_get_n_items (a); i++)
    {
      const CaBasemapItem *ia = ca_basemap_get_item (a, i);
      const CaBasemapItem *ib = ca_basemap_get_item (b, i);
      double wa, sa, ea, na, wb, sb, eb, nb, lxa, lya, lxb, lyb;

      g_assert_cmpstr (ca_basemap_item_get_code (ia), ==, ca_basemap_item_get_code (ib));
      g_assert_cmpstr (ca_basemap_item_get_label (ia, CA_LANGUAGE_CHINESE), ==,
                       ca_basemap_item_get_label (ib, CA_LANGUAGE_CHINESE));
      g_assert_cmpuint (ca_basemap_item_get_n_holes (ia), ==, ca_basemap_item_get_n_holes (ib));
      ca_basemap_item_get_bounds (ia, &wa, &sa, &ea, &na);
      ca_basemap_item_get_bounds (ib, &wb, &sb, &eb, &nb);
      g_assert_cmpfloat (wa, ==, wb);
      g_assert_cmpfloat (na, ==, nb);
      ca_basemap_item_get_label_point (ia, &lxa, &lya);
      ca_basemap_item_get_label_point (ib, &lxb, &lyb);
      g_assert_cmpfloat (lxa, ==, lxb);
      g_assert_cmpfloat (lya, ==, lyb);
    }

  g_assert_cmpstr (ca_basemap_item_get_code (ca_basemap_lookup (b, 106.55, 29.56, CA_PLACE_PROVINCE)),
                   ==, "CN-CQ");
  g_assert_cmpstr (ca_basemap_item_get_code (ca_basemap_lookup (b, 28.20, -29.60, CA_PLACE_COUNTRY)),
                   ==, "LS");
}

static char *
only_file_in (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  char *found = NULL;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_assert_null (found);
      found = g_build_filename (dir, name, NULL);
    }
  g_assert_nonnull (found);

  return found;
}

static void
test_basemap_cache (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ca-basemap-cache-XXXXXX", &error);
  g_autofree char *cache_dir = g_build_filename (dir, "cache", NULL);
  g_autofree char *cache_file = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(CaBasemap) first = NULL;
  g_autoptr(CaBasemap) second = NULL;
  g_autoptr(CaBasemap) third = NULL;
  gsize length;

  g_assert_no_error (error);

  /* The first load reads netCDF and saves the cache, making the folder. */
  first = ca_basemap_load_cached (ca_basemap_get_path (basemap), cache_dir, NULL, &error);
  g_assert_no_error (error);
  assert_same_basemap (basemap, first);
  cache_file = only_file_in (cache_dir);

  /* The second reads the cache and gives the same basemap. */
  second = ca_basemap_load_cached (ca_basemap_get_path (basemap), cache_dir, NULL, &error);
  g_assert_no_error (error);
  assert_same_basemap (basemap, second);

  /* A damaged cache (here: the item table cut short, then every record
   * scrambled) is rebuilt, never trusted. */
  g_file_get_contents (cache_file, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (cache_file, contents, 100, &error);
  g_assert_no_error (error);
  third = ca_basemap_load_cached (ca_basemap_get_path (basemap), cache_dir, NULL, &error);
  g_assert_no_error (error);
  assert_same_basemap (basemap, third);
  g_clear_object (&third);

  for (gsize i = 64; i < MIN (length, 200000); i += 7)
    contents[i] = (char)0xff;
  g_file_set_contents (cache_file, contents, length, &error);
  g_assert_no_error (error);
  third = ca_basemap_load_cached (ca_basemap_get_path (basemap), cache_dir, NULL, &error);
  g_assert_no_error (error);
  assert_same_basemap (basemap, third);

  /* Each rebuild rewrote the cache whole. */
  g_clear_pointer (&contents, g_free);
  g_file_get_contents (cache_file, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (memcmp (contents, "CADCWGMT", 8), ==, 0);

  g_unlink (cache_file);
  g_rmdir (cache_dir);
  g_rmdir (dir);
}

static void
test_basemap_default_path (void)
{
  g_autofree char *path = NULL;

  g_setenv ("CORRIDOR_ATLAS_DCW", "/elsewhere/dcw.nc", TRUE);
  path = ca_basemap_dup_default_path ();
  g_assert_cmpstr (path, ==, "/elsewhere/dcw.nc");
  g_clear_pointer (&path, g_free);

  g_unsetenv ("CORRIDOR_ATLAS_DCW");
  path = ca_basemap_dup_default_path ();
  g_assert_cmpstr (path, ==, CA_DEFAULT_DCW_PATH);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  basemap = test_load_basemap ();

  g_test_add_func ("/basemap/countries", test_basemap_countries);
  g_test_add_func ("/basemap/provinces", test_basemap_provinces);
  g_test_add_func ("/basemap/lookup", test_basemap_lookup);
  g_test_add_func ("/basemap/holes", test_basemap_holes);
  g_test_add_func ("/basemap/bounds", test_basemap_bounds);
  g_test_add_func ("/basemap/levels", test_basemap_levels);
  g_test_add_func ("/basemap/errors/missing-file", test_basemap_missing_file);
  g_test_add_func ("/basemap/errors/empty-file", test_basemap_empty_file);
  g_test_add_func ("/basemap/errors/garbage-file", test_basemap_garbage_file);
  g_test_add_func ("/basemap/errors/truncated-file", test_basemap_truncated_file);
  g_test_add_func ("/basemap/errors/not-dcw", test_basemap_not_dcw);
  g_test_add_func ("/basemap/errors/bad-array", test_basemap_bad_array);
  g_test_add_func ("/basemap/cancelled", test_basemap_cancelled);
  g_test_add_func ("/basemap/cache", test_basemap_cache);
  g_test_add_func ("/basemap/default-path", test_basemap_default_path);

  status = g_test_run ();
  g_clear_object (&basemap);

  return status;
}
