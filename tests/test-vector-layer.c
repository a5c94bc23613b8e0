/* test-vector-layer.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gdal.h>
#include <gdal_utils.h>
#include <math.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <string.h>

#include "ca-vector-layer.h"
#include "test-util.h"

/* The fuzz target's entry point, for the inputs it found. */
#define CA_FUZZ_REGRESSION
#include "fuzz/fuzz-regressions.h"
#include "fuzz/fuzz-vector-layer.c"

static char *tmp_dir;

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

static CaVectorLayer *
load_ok (const char *source)
{
  g_autoptr(GError) error = NULL;
  CaVectorLayer *layer = ca_vector_layer_load (source, NULL, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (layer);

  return layer;
}

static void
test_vector_geometries (void)
{
  g_autofree char *path = data_path ("sample.geojson");
  g_autoptr(CaVectorLayer) layer = load_ok (path);
  const CaFeature *feature;

  g_assert_cmpuint (ca_vector_layer_get_n_features (layer), ==, 6);
  g_assert_cmpuint (ca_vector_layer_get_n_issues (layer), ==, 0);
  g_assert_cmpstr (ca_vector_layer_get_name (layer), ==, "sample");

  /* A point, in lon/lat and in world units. */
  feature = ca_vector_layer_get_feature (layer, 0);
  g_assert_cmpint (feature->kind, ==, CA_GEOMETRY_POINT);
  g_assert_false (feature->is_multi);
  g_assert_cmpfloat_with_epsilon (feature->lonlat[0], 106.55, 1e-12);
  g_assert_cmpfloat_with_epsilon (feature->lonlat[1], 29.56, 1e-12);
  g_assert_cmpfloat_with_epsilon (feature->world[0], ca_mercator_x_from_longitude (106.55), 1e-15);
  g_assert_cmpfloat_with_epsilon (feature->world[1], ca_mercator_y_from_latitude (29.56), 1e-15);

  /* Multi-geometries keep every part. */
  feature = ca_vector_layer_get_feature (layer, 1);
  g_assert_cmpint (feature->kind, ==, CA_GEOMETRY_POINT);
  g_assert_true (feature->is_multi);
  g_assert_cmpuint (feature->n_parts, ==, 2);

  /* Z is dropped, the points stay. */
  feature = ca_vector_layer_get_feature (layer, 2);
  g_assert_cmpint (feature->kind, ==, CA_GEOMETRY_LINE);
  g_assert_cmpuint (feature->n_points, ==, 3);
  g_assert_cmpfloat_with_epsilon (feature->lonlat[2], 106.71, 1e-12);
  g_assert_cmpfloat_with_epsilon (feature->lonlat[3], 26.58, 1e-12);

  feature = ca_vector_layer_get_feature (layer, 3);
  g_assert_true (feature->is_multi);
  g_assert_cmpuint (feature->n_parts, ==, 2);
  g_assert_cmpuint (feature->parts[1].first, ==, 2);

  /* A polygon's rings share its number; a multipolygon numbers each. */
  feature = ca_vector_layer_get_feature (layer, 4);
  g_assert_cmpint (feature->kind, ==, CA_GEOMETRY_POLYGON);
  g_assert_cmpuint (feature->n_parts, ==, 2);
  g_assert_cmpuint (feature->parts[0].polygon, ==, 0);
  g_assert_cmpuint (feature->parts[1].polygon, ==, 0);
  feature = ca_vector_layer_get_feature (layer, 5);
  g_assert_cmpuint (feature->n_parts, ==, 2);
  g_assert_cmpuint (feature->parts[1].polygon, ==, 1);

  g_assert_cmpuint (ca_vector_layer_get_n_vertices (layer), ==, 1 + 2 + 3 + 4 + 10 + 8);
}

static void
test_vector_attributes (void)
{
  g_autofree char *path = data_path ("sample.geojson");
  g_autoptr(CaVectorLayer) layer = load_ok (path);
  const CaFeature *feature = ca_vector_layer_get_feature (layer, 0);
  int rank = ca_vector_layer_find_field (layer, "rank");
  int share = ca_vector_layer_find_field (layer, "SHARE");
  int hub = ca_vector_layer_find_field (layer, "hub");

  /* Attributes keep their types. */
  g_assert_cmpint (rank, >=, 0);
  g_assert_cmpint (share, >=, 0);
  g_assert_cmpint (hub, >=, 0);
  g_assert_cmpint (ca_vector_layer_get_field (layer, rank)->type, ==, CA_FIELD_INTEGER);
  g_assert_cmpint (ca_vector_layer_get_field (layer, share)->type, ==, CA_FIELD_REAL);
  g_assert_cmpint (ca_vector_layer_get_field (layer, hub)->type, ==, CA_FIELD_BOOLEAN);
  g_assert_cmpint (g_variant_get_int64 (feature->values[rank]), ==, 1);
  g_assert_cmpfloat (g_variant_get_double (feature->values[share]), ==, 0.25);
  g_assert_true (g_variant_get_boolean (feature->values[hub]));
  g_assert_cmpstr (ca_vector_layer_get_string (layer, feature, "name_zh"), ==, "重庆");

  /* A null stays null. */
  g_assert_null (ca_vector_layer_get_feature (layer, 3)->values[share]);

  g_assert_cmpint (ca_vector_layer_find_feature (layer, "id", "square"), ==, 4);
  g_assert_cmpint (ca_vector_layer_find_feature (layer, "id", "nowhere"), ==, -1);
}

static void
test_vector_length (void)
{
  g_autofree char *path = data_path ("sample.geojson");
  g_autoptr(CaVectorLayer) layer = load_ok (path);
  const CaFeature *line = ca_vector_layer_get_feature (layer, 2);
  double expected = ca_geodesic_distance (106.55, 29.56, 106.71, 26.58) +
                    ca_geodesic_distance (106.71, 26.58, 108.37, 22.82);

  g_assert_cmpfloat_with_epsilon (ca_feature_get_length (line), expected, 1e-6);
  g_assert_cmpfloat (ca_feature_get_length (ca_vector_layer_get_feature (layer, 0)), ==, 0);
}

static char *
translate (const char *source,
           const char *format,
           const char *name,
           const char *creation_option)
{
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  const char *arguments[] = { "-f", format, creation_option != NULL ? "-lco" : NULL, creation_option, NULL };
  GDALVectorTranslateOptions *options = GDALVectorTranslateOptionsNew ((char **)arguments, NULL);
  GDALDatasetH input = GDALOpenEx (source, GDAL_OF_VECTOR, NULL, NULL, NULL);
  GDALDatasetH output;
  int failed = 0;

  g_assert_nonnull (input);
  output = GDALVectorTranslate (path, NULL, 1, &input, options, &failed);
  g_assert_false (failed);
  g_assert_nonnull (output);
  GDALClose (output);
  GDALClose (input);
  GDALVectorTranslateOptionsFree (options);

  return g_steal_pointer (&path);
}

/* Compares two attribute values.  A Shapefile keeps at most 254 bytes of
 * text, so with @text_limited a long string may come back cut short. */
static void
assert_same_value (GVariant *expected,
                   GVariant *actual,
                   gboolean  text_limited)
{
  g_autofree char *ev = NULL;
  g_autofree char *av = NULL;

  if (expected != NULL && actual != NULL &&
      g_variant_is_of_type (expected, G_VARIANT_TYPE_STRING) &&
      g_variant_is_of_type (actual, G_VARIANT_TYPE_STRING))
    {
      const char *e = g_variant_get_string (expected, NULL);
      const char *a = g_variant_get_string (actual, NULL);

      if (text_limited && strlen (e) > 254)
        {
          g_assert_true (g_str_has_prefix (e, a));
          g_assert_cmpuint (strlen (a), >=, 240);
        }
      else
        g_assert_cmpstr (a, ==, e);
      return;
    }

  ev = expected != NULL ? g_variant_print (expected, FALSE) : g_strdup ("null");
  av = actual != NULL ? g_variant_print (actual, FALSE) : g_strdup ("null");
  g_assert_cmpstr (av, ==, ev);
}

static void
assert_same_features (CaVectorLayer *expected,
                      CaVectorLayer *actual,
                      gboolean       text_limited)
{
  g_assert_cmpuint (ca_vector_layer_get_n_features (actual), ==,
                    ca_vector_layer_get_n_features (expected));
  g_assert_cmpuint (ca_vector_layer_get_n_fields (actual), >=,
                    ca_vector_layer_get_n_fields (expected));

  for (guint i = 0; i < ca_vector_layer_get_n_features (expected); i++)
    {
      const CaFeature *e = ca_vector_layer_get_feature (expected, i);
      /* FlatGeobuf stores features in spatial order: match them by id. */
      int match = ca_vector_layer_find_feature (actual, "id", ca_vector_layer_get_string (expected, e, "id"));
      const CaFeature *a;

      g_assert_cmpint (match, >=, 0);
      a = ca_vector_layer_get_feature (actual, match);
      g_assert_cmpint (a->kind, ==, e->kind);
      g_assert_cmpuint (a->n_points, ==, e->n_points);
      for (guint k = 0; k < 2 * e->n_points; k++)
        g_assert_cmpfloat_with_epsilon (a->lonlat[k], e->lonlat[k], 1e-9);

      /* Shapefiles shorten field names, so compare by position. */
      for (guint f = 0; f < ca_vector_layer_get_n_fields (expected); f++)
        {
          const char *name = ca_vector_layer_get_field (expected, f)->name;
          int index = ca_vector_layer_find_field (actual, name);

          assert_same_value (e->values[f], a->values[index >= 0 ? index : (int)f], text_limited);
        }
    }
}

static void
test_vector_format_parity (void)
{
  g_autofree char *routes = g_test_build_filename (G_TEST_DIST, "..", "data", "corridor",
                                                   "routes.geojson", NULL);
  g_autoptr(CaVectorLayer) original = load_ok (routes);
  /* A Shapefile's text is Latin-1 unless it is told otherwise. */
  static const struct { const char *format; const char *name; const char *option; } formats[] = {
    { "GPKG", "routes.gpkg", NULL },
    { "ESRI Shapefile", "routes.shp", "ENCODING=UTF-8" },
    { "FlatGeobuf", "routes.fgb", NULL },
  };

  /* The shipped routes, converted by GDAL, load to the same features. */
  g_assert_cmpuint (ca_vector_layer_get_n_features (original), >=, 10);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *path = translate (routes, formats[i].format, formats[i].name, formats[i].option);
      g_autoptr(CaVectorLayer) copy = load_ok (path);

      g_test_message ("%s", formats[i].format);
      assert_same_features (original, copy, g_str_equal (formats[i].format, "ESRI Shapefile"));
    }
}

/* Writes one point in @epsg at @x, @y to a GeoPackage of its own. */
static char *
write_point (int         epsg,
             double      x,
             double      y,
             const char *name)
{
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  GDALDriverH driver = GDALGetDriverByName ("GPKG");
  GDALDatasetH dataset = GDALCreate (driver, path, 0, 0, 0, GDT_Unknown, NULL);
  OGRSpatialReferenceH crs = OSRNewSpatialReference (NULL);
  OGRLayerH layer;
  OGRFeatureH feature;
  OGRGeometryH point;

  g_assert_nonnull (dataset);
  g_assert_cmpint (OSRImportFromEPSG (crs, epsg), ==, OGRERR_NONE);
  OSRSetAxisMappingStrategy (crs, OAMS_TRADITIONAL_GIS_ORDER);
  layer = GDALDatasetCreateLayer (dataset, "point", crs, wkbPoint, NULL);
  feature = OGR_F_Create (OGR_L_GetLayerDefn (layer));
  point = OGR_G_CreateGeometry (wkbPoint);
  OGR_G_SetPoint_2D (point, 0, x, y);
  OGR_F_SetGeometryDirectly (feature, point);
  g_assert_cmpint (OGR_L_CreateFeature (layer, feature), ==, OGRERR_NONE);
  OGR_F_Destroy (feature);
  OSRDestroySpatialReference (crs);
  GDALClose (dataset);

  return g_steal_pointer (&path);
}

static void
assert_lands_at (const char *path,
                 double      longitude,
                 double      latitude)
{
  g_autoptr(CaVectorLayer) layer = load_ok (path);
  const CaFeature *feature = ca_vector_layer_get_feature (layer, 0);

  g_assert_cmpfloat (ca_geodesic_distance (feature->lonlat[0], feature->lonlat[1],
                                           longitude, latitude), <, 1.0);
}

static void
test_vector_reprojection (void)
{
  g_autofree char *mercator = NULL;
  g_autofree char *cgcs2000 = NULL;
  g_autofree char *utm48 = NULL;
  g_autofree char *utm49 = NULL;

  /* Chongqing (106.55° E, 29.56° N) and Qinzhou (108.62° E, 21.95° N),
   * with their coordinates in each CRS worked out beforehand:
   * Web Mercator x = R·λ, y = R·ln tan(π/4 + φ/2) with R = 6 378 137 m;
   * UTM from PROJ; CGCS2000 matches WGS 84 to well under a metre. */
  mercator = write_point (3857, 11861091.7440, 3447116.4051, "mercator.gpkg");
  assert_lands_at (mercator, 106.55, 29.56);
  cgcs2000 = write_point (4490, 106.55, 29.56, "cgcs2000.gpkg");
  assert_lands_at (cgcs2000, 106.55, 29.56);
  utm48 = write_point (32648, 650158.4512, 3271033.5755, "utm48.gpkg");
  assert_lands_at (utm48, 106.55, 29.56);
  utm49 = write_point (32649, 254197.0800, 2429201.7359, "utm49.gpkg");
  assert_lands_at (utm49, 108.62, 21.95);
}

static void
assert_open_fails (const char *name,
                   const char *reason)
{
  g_autofree char *path = data_path (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(CaVectorLayer) layer = ca_vector_layer_load (path, NULL, NULL, NULL, NULL, &error);

  g_assert_null (layer);
  g_assert_error (error, CA_VECTOR_ERROR, CA_VECTOR_ERROR_OPEN);
  g_test_message ("%s: %s", name, error->message);
  /* The message names the file and gives GDAL's reason. */
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, reason));
}

static void
test_vector_bad_files (void)
{
  assert_open_fails ("bad/empty.geojson", "Could not open");
  assert_open_fails ("bad/random-bytes.geojson", "not in a format Corridor Atlas reads");
  assert_open_fails ("bad/truncated.geojson", "Could not open");
  assert_open_fails ("bad/does-not-exist.geojson", "No such file");
}

static void
test_vector_bad_features (void)
{
  g_autofree char *path = data_path ("bad/out-of-range.geojson");
  g_autoptr(CaVectorLayer) layer = load_ok (path);
  const CaLoadIssue *issue;

  /* What is usable loads; every feature left out or changed is listed
   * with its index and the reason. */
  g_assert_cmpuint (ca_vector_layer_get_n_features (layer), ==, 2);
  g_assert_cmpstr (ca_vector_layer_get_string (layer, ca_vector_layer_get_feature (layer, 0), "id"),
                   ==, "fine");
  g_assert_cmpstr (ca_vector_layer_get_string (layer, ca_vector_layer_get_feature (layer, 1), "id"),
                   ==, "bow-tie");
  g_assert_cmpuint (ca_vector_layer_get_n_issues (layer), ==, 4);

  issue = ca_vector_layer_get_issue (layer, 0);
  g_assert_cmpuint (issue->index, ==, 1);
  g_assert_nonnull (strstr (issue->reason, "feature 2"));
  g_assert_nonnull (strstr (issue->reason, "129.56"));

  issue = ca_vector_layer_get_issue (layer, 1);
  g_assert_cmpuint (issue->index, ==, 2);
  g_assert_nonnull (strstr (issue->reason, "no geometry"));

  issue = ca_vector_layer_get_issue (layer, 2);
  g_assert_cmpuint (issue->index, ==, 3);
  g_assert_nonnull (strstr (issue->reason, "fewer than the 2"));

  issue = ca_vector_layer_get_issue (layer, 3);
  g_assert_cmpuint (issue->index, ==, 4);
  g_assert_nonnull (strstr (issue->reason, "repaired"));
}

static void
test_vector_no_crs_transform (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "mars.gpkg", NULL);
  const char *wkt = "GEOGCS[\"Mars 2000\",DATUM[\"D_Mars_2000\",SPHEROID[\"Mars_2000_IAU_IAG\","
                    "3396190.0,169.89444722361179]],PRIMEM[\"Greenwich\",0],UNIT[\"Decimal_Degree\","
                    "0.0174532925199433]]";
  GDALDatasetH dataset = GDALCreate (GDALGetDriverByName ("GPKG"), path, 0, 0, 0, GDT_Unknown, NULL);
  OGRSpatialReferenceH crs = OSRNewSpatialReference (wkt);
  g_autoptr(GError) error = NULL;
  g_autoptr(CaVectorLayer) layer = NULL;

  /* A CRS PROJ cannot take to WGS 84 (another planet) is refused whole. */
  GDALDatasetCreateLayer (dataset, "mars", crs, wkbPoint, NULL);
  GDALClose (dataset);
  OSRDestroySpatialReference (crs);

  layer = ca_vector_layer_load (path, NULL, NULL, NULL, NULL, &error);
  g_assert_null (layer);
  g_assert_error (error, CA_VECTOR_ERROR, CA_VECTOR_ERROR_PROJECTION);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "cannot be transformed to WGS 84"));
}

static void
count_progress (double   fraction,
                gpointer user_data)
{
  double *last = user_data;

  g_assert_cmpfloat (fraction, >=, *last);
  *last = fraction;
}

static void
test_vector_progress_and_cancel (void)
{
  g_autofree char *path = data_path ("sample.geojson");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(CaVectorLayer) layer = NULL;
  g_autoptr(GError) error = NULL;
  double last = 0;

  layer = ca_vector_layer_load (path, NULL, count_progress, &last, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (last, ==, 1.0);
  g_clear_object (&layer);

  g_cancellable_cancel (cancellable);
  layer = ca_vector_layer_load (path, NULL, NULL, NULL, cancellable, &error);
  g_assert_null (layer);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_vector_csv_coordinates (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "hubs.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CaVectorLayer) layer = NULL;
  const CaFeature *feature;

  /* A spreadsheet export with longitude and latitude columns becomes
   * points, and its other columns stay attributes. */
  g_file_set_contents (path,
                       "name,lon,lat,teu\n"
                       "Chongqing,106.55,29.56,120000\n"
                       "\"Qinzhou, port\",108.62,21.95,900000\n",
                       -1, &error);
  g_assert_no_error (error);

  layer = load_ok (path);
  g_assert_cmpuint (ca_vector_layer_get_n_features (layer), ==, 2);
  feature = ca_vector_layer_get_feature (layer, 1);
  g_assert_cmpint (feature->kind, ==, CA_GEOMETRY_POINT);
  g_assert_cmpfloat_with_epsilon (feature->lonlat[0], 108.62, 1e-12);
  g_assert_cmpfloat_with_epsilon (feature->lonlat[1], 21.95, 1e-12);
  g_assert_cmpstr (ca_vector_layer_get_string (layer, feature, "name"), ==, "Qinzhou, port");
  g_assert_cmpint (ca_vector_layer_get_field (layer, ca_vector_layer_find_field (layer, "teu"))->type,
                   ==, CA_FIELD_INTEGER);
}

static void
test_vector_redact (void)
{
  g_autofree char *a = ca_vector_source_redact ("PG:host=localhost dbname=corridor user=planner password=s3cret");
  g_autofree char *b = ca_vector_source_redact ("PG:dbname=corridor password='two words'");
  g_autofree char *c = ca_vector_source_redact ("PG:postgresql://planner:s3cret@db.example/corridor");
  g_autofree char *d = ca_vector_source_redact ("/home/planner/routes.gpkg");

  g_assert_cmpstr (a, ==, "PG:host=localhost dbname=corridor user=planner password=***");
  g_assert_cmpstr (b, ==, "PG:dbname=corridor password=***");
  g_assert_cmpstr (c, ==, "PG:postgresql://planner:***@db.example/corridor");
  g_assert_cmpstr (d, ==, "/home/planner/routes.gpkg");
}

/* Every input that once crashed the GeoJSON fuzz target, and its seeds,
 * read from GDAL's memory file system as the target reads them. */
static void
test_vector_fuzz (void)
{
  fuzz_run_regressions ("vector-layer", fuzz_vector_layer_one);
}

typedef struct
{
  GCancellable *cancellable;
  guint         delay_ms;
} Canceller;

static gpointer
cancel_later (gpointer data)
{
  Canceller *canceller = data;

  g_usleep (canceller->delay_ms * 1000);
  g_cancellable_cancel (canceller->cancellable);
  return NULL;
}

/* GDAL parses a GeoJSON file whole when it opens it, in one call; a
 * cancel in the middle of that call ends it at once, through the file
 * handler that stops reading. */
static void
test_vector_cancel_while_parsing (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "cancel.geojson", NULL);
  g_autoptr(GString) text = g_string_new ("{\"type\":\"FeatureCollection\",\"features\":[");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(CaVectorLayer) whole = NULL;
  g_autoptr(CaVectorLayer) layer = NULL;
  g_autoptr(GError) error = NULL;
  Canceller canceller = { cancellable, 0 };
  GThread *thread;
  gint64 start;
  double whole_ms, cancelled_ms;

  for (guint i = 0; i < 100; i++)
    {
      g_string_append_printf (text, "%s{\"type\":\"Feature\",\"properties\":{\"id\":%u},"
                              "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[",
                              i == 0 ? "" : ",", i);
      for (guint v = 0; v < 1000; v++)
        g_string_append_printf (text, "%s[%.5f,%.5f]", v == 0 ? "" : ",",
                                100 + i * 0.01 + v * 1e-5, 25 + v * 1e-5);
      g_string_append (text, "]}}");
    }
  g_string_append (text, "]}");
  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));

  /* Whole, through the same handler. */
  start = g_get_monotonic_time ();
  whole = ca_vector_layer_load (path, NULL, NULL, NULL, NULL, &error);
  whole_ms = (g_get_monotonic_time () - start) / 1000.0;
  g_assert_no_error (error);
  g_assert_cmpuint (ca_vector_layer_get_n_features (whole), ==, 100);
  g_assert_cmpuint (ca_vector_layer_get_n_vertices (whole), ==, 100000);

  /* Cancelled a fifth of the way in. */
  canceller.delay_ms = MAX ((guint)(whole_ms / 5), 1);
  start = g_get_monotonic_time ();
  thread = g_thread_new ("canceller", cancel_later, &canceller);
  layer = ca_vector_layer_load (path, NULL, NULL, NULL, cancellable, &error);
  cancelled_ms = (g_get_monotonic_time () - start) / 1000.0;
  g_thread_join (thread);
  g_test_message ("%.1f MB read whole in %.0f ms; cancelled after %u ms, returned after %.0f ms",
                  text->len / 1e6, whole_ms, canceller.delay_ms, cancelled_ms);
  g_assert_null (layer);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpfloat (cancelled_ms, <, canceller.delay_ms + 200);
  g_assert_cmpfloat (cancelled_ms, <, whole_ms);

  /* The handler holds nothing for the next read of the same file. */
  g_clear_error (&error);
  g_clear_object (&whole);
  whole = ca_vector_layer_load (path, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ca_vector_layer_get_n_features (whole), ==, 100);
  g_unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  GDALAllRegister ();

  tmp_dir = g_dir_make_tmp ("ca-vector-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/vector-layer/geometries", test_vector_geometries);
  g_test_add_func ("/vector-layer/attributes", test_vector_attributes);
  g_test_add_func ("/vector-layer/length", test_vector_length);
  g_test_add_func ("/vector-layer/format-parity", test_vector_format_parity);
  g_test_add_func ("/vector-layer/reprojection", test_vector_reprojection);
  g_test_add_func ("/vector-layer/bad-files", test_vector_bad_files);
  g_test_add_func ("/vector-layer/bad-features", test_vector_bad_features);
  g_test_add_func ("/vector-layer/untransformable-crs", test_vector_no_crs_transform);
  g_test_add_func ("/vector-layer/progress-and-cancel", test_vector_progress_and_cancel);
  g_test_add_func ("/vector-layer/csv-coordinates", test_vector_csv_coordinates);
  g_test_add_func ("/vector-layer/redact", test_vector_redact);
  g_test_add_func ("/vector-layer/fuzz", test_vector_fuzz);
  g_test_add_func ("/vector-layer/cancel-while-parsing", test_vector_cancel_while_parsing);

  status = g_test_run ();
  test_remove_tree (tmp_dir);
  g_free (tmp_dir);

  return status;
}
