/* ca-vector-layer.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ca-vector-layer"

#include "config.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <string.h>

#include "ca-connection.h"
#include "ca-vector-layer.h"
#include "ca-vsi-cancel.h"

/* Any vector source GDAL can open (GeoJSON, GeoPackage, Shapefile, KML,
 * GPX, FlatGeobuf, CSV with coordinates, PostGIS through "PG:…"), read
 * into memory in WGS 84 longitude/latitude, with the Web Mercator
 * coordinates the renderer draws from.  Features that cannot be used are
 * left out and listed with their index and the reason; nothing is
 * dropped silently.
 */

#define PROGRESS_EVERY 512

struct _CaVectorLayer
{
  GObject    parent_instance;

  char      *source;
  char      *name;
  char      *crs_name;
  GArray    *fields;     /* CaField */
  GArray    *features;   /* CaFeature */
  GArray    *issues;     /* CaLoadIssue */
  CaBBox     bbox;
  gsize      n_vertices;
};

G_DEFINE_FINAL_TYPE (CaVectorLayer, ca_vector_layer, G_TYPE_OBJECT)

G_DEFINE_QUARK (ca-vector-error-quark, ca_vector_error)

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (GDALDatasetH, GDALClose, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (OGRFeatureH, OGR_F_Destroy, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (OGRSpatialReferenceH, OSRDestroySpatialReference, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (OGRCoordinateTransformationH, OCTDestroyCoordinateTransformation, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (OGRGeometryH, OGR_G_DestroyGeometry, NULL)

static void
clear_feature (gpointer data)
{
  CaFeature *feature = data;

  g_free (feature->parts);
  g_free (feature->lonlat);
  g_free (feature->world);
  g_free (feature->values);
}

static void
clear_field (gpointer data)
{
  g_free (((CaField *)data)->name);
}

static void
clear_issue (gpointer data)
{
  g_free (((CaLoadIssue *)data)->reason);
}

static void
ca_vector_layer_finalize (GObject *object)
{
  CaVectorLayer *self = (CaVectorLayer *)object;

  for (guint i = 0; i < self->features->len; i++)
    {
      CaFeature *feature = &g_array_index (self->features, CaFeature, i);

      for (guint f = 0; f < self->fields->len; f++)
        g_clear_pointer (&feature->values[f], g_variant_unref);
    }

  g_clear_pointer (&self->features, g_array_unref);
  g_clear_pointer (&self->fields, g_array_unref);
  g_clear_pointer (&self->issues, g_array_unref);
  g_clear_pointer (&self->source, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->crs_name, g_free);

  G_OBJECT_CLASS (ca_vector_layer_parent_class)->finalize (object);
}

static void
ca_vector_layer_class_init (CaVectorLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ca_vector_layer_finalize;
}

static void
ca_vector_layer_init (CaVectorLayer *self)
{
  self->fields = g_array_new (FALSE, TRUE, sizeof (CaField));
  g_array_set_clear_func (self->fields, clear_field);
  self->features = g_array_new (FALSE, TRUE, sizeof (CaFeature));
  g_array_set_clear_func (self->features, clear_feature);
  self->issues = g_array_new (FALSE, TRUE, sizeof (CaLoadIssue));
  g_array_set_clear_func (self->issues, clear_issue);
  ca_bbox_init_empty (&self->bbox);
}

static gpointer
register_drivers (gpointer data)
{
  GDALAllRegister ();
  return NULL;
}

static void
ensure_gdal (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, register_drivers, NULL);
}

/**
 * ca_vector_source_redact:
 *
 * Returns: @source fit to show or log: a database connection string
 *   loses its password
 */
char *
ca_vector_source_redact (const char *source)
{
  g_return_val_if_fail (source != NULL, NULL);

  return ca_connection_redact (source);
}

/* GDAL's last message, naming files as the planner gave them: without
 * the prefix that lets a Cancel interrupt GDAL's reading.  Valid until
 * the next call on the same thread. */
static const char *
last_gdal_error (void)
{
  static GPrivate cleaned = G_PRIVATE_INIT (g_free);
  const char *message = CPLGetLastErrorMsg ();
  char *text;

  if (message == NULL || message[0] == '\0')
    return _("GDAL gave no reason");

  text = ca_vsi_cancel_clean_message (message);
  g_private_replace (&cleaned, text);
  return text;
}

/* Where a GeoJSON text goes wrong, when GDAL says only that it could
 * not read it: cut short, or the line and column of a syntax error. */
static char *
describe_bad_geojson (const char *source)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  const char *message;
  gboolean in_string = FALSE;
  int depth = 0;
  gsize length;

  if (!g_file_get_contents (source, &contents, &length, NULL))
    return NULL;

  /* Count the brackets still open at the end, outside strings. */
  for (gsize i = 0; i < length; i++)
    {
      char c = contents[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        depth++;
      else if (c == '}' || c == ']')
        depth--;
    }

  if (in_string || depth >= 3)
    return g_strdup (_("it cannot be read as GeoJSON: the file ends in the middle of a feature"));
  if (depth > 0)
    return g_strdup (_("it cannot be read as GeoJSON: the file is cut short"));

  parser = json_parser_new ();
  if (json_parser_load_from_data (parser, contents, length, &local_error))
    return NULL;

  /* json-glib names the text "<data>": keep the line and column. */
  message = local_error->message;
  if (g_str_has_prefix (message, "<data>:"))
    message += strlen ("<data>:");

  return g_strdup_printf (_("it cannot be read as GeoJSON: %s"), message);
}

static gboolean
is_empty_file (const char *source)
{
  GStatBuf buf;

  return g_stat (source, &buf) == 0 && S_ISREG (buf.st_mode) && buf.st_size == 0;
}

static GDALDatasetH
open_source (const char  *source,
             GError     **error)
{
  static const char * const csv_options[] = {
    "X_POSSIBLE_NAMES=lon,lng,long,longitude,x,easting,经度",
    "Y_POSSIBLE_NAMES=lat,latitude,y,northing,纬度",
    "AUTODETECT_TYPE=YES",
    "KEEP_GEOM_COLUMNS=NO",
    NULL
  };
  gboolean is_csv = g_str_has_suffix (source, ".csv") || g_str_has_suffix (source, ".CSV");
  g_autofree char *wrapped = NULL;
  GDALDatasetH dataset;

  ensure_gdal ();
  CPLErrorReset ();

  if (is_empty_file (source))
    {
      g_set_error (error, CA_VECTOR_ERROR, CA_VECTOR_ERROR_OPEN,
                   _("Could not open “%s”: the file is empty"), source);
      return NULL;
    }

  /* Local files are read through a handler that a Cancel interrupts. */
  wrapped = ca_vsi_cancel_wrap (source);
  dataset = GDALOpenEx (wrapped, GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR, NULL,
                        is_csv ? csv_options : NULL, NULL);
  if (dataset == NULL && ca_vsi_cancel_is_cancelled ())
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Loading was cancelled"));
    }
  else if (dataset == NULL)
    {
      g_autofree char *shown = ca_vector_source_redact (source);
      g_autofree char *reason = NULL;
      const char *gdal_reason = last_gdal_error ();

      /* GDAL's words for the common cases say little to a planner. */
      if (strstr (gdal_reason, "not recognized as a supported file format") != NULL)
        reason = g_strdup (_("it is not in a format Corridor Atlas reads (GeoJSON, GeoPackage, "
                             "Shapefile, KML, GPX, FlatGeobuf or CSV), or it is damaged"));
      else if (strstr (gdal_reason, "Failed to read GeoJSON data") != NULL)
        reason = describe_bad_geojson (source);

      g_set_error (error, CA_VECTOR_ERROR, CA_VECTOR_ERROR_OPEN,
                   _("Could not open “%s”: %s"), shown, reason != NULL ? reason : gdal_reason);
    }

  return dataset;
}

/**
 * ca_vector_source_list_layers:
 *
 * Returns: (transfer full): the names of the vector layers in @source
 */
char **
ca_vector_source_list_layers (const char  *source,
                              GError     **error)
{
  g_auto(GDALDatasetH) dataset = NULL;
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  int n;

  g_return_val_if_fail (source != NULL, NULL);

  CPLPushErrorHandler (CPLQuietErrorHandler);
  dataset = open_source (source, error);
  CPLPopErrorHandler ();
  if (dataset == NULL)
    return NULL;

  n = GDALDatasetGetLayerCount (dataset);
  for (int i = 0; i < n; i++)
    g_strv_builder_add (names, OGR_L_GetName (GDALDatasetGetLayer (dataset, i)));

  return g_strv_builder_end (names);
}

static void
add_issue (CaVectorLayer *self,
           guint          index,
           gint64         fid,
           const char    *format,
           ...) G_GNUC_PRINTF (4, 5);

static void
add_issue (CaVectorLayer *self,
           guint          index,
           gint64         fid,
           const char    *format,
           ...)
{
  CaLoadIssue issue = { index, fid, NULL };
  va_list args;

  va_start (args, format);
  issue.reason = g_strdup_vprintf (format, args);
  va_end (args);

  g_array_append_val (self->issues, issue);
}

static CaFieldType
field_type (OGRFieldDefnH definition)
{
  switch ((int)OGR_Fld_GetType (definition))
    {
    case OFTInteger:
      return OGR_Fld_GetSubType (definition) == OFSTBoolean ? CA_FIELD_BOOLEAN : CA_FIELD_INTEGER;
    case OFTInteger64:
      return CA_FIELD_INTEGER;
    case OFTReal:
      return CA_FIELD_REAL;
    case OFTDate:
    case OFTTime:
    case OFTDateTime:
      return CA_FIELD_DATE;
    default:
      return CA_FIELD_STRING;
    }
}

static GVariant *
read_value (OGRFeatureH  feature,
            int          index,
            CaFieldType  type)
{
  if (!OGR_F_IsFieldSetAndNotNull (feature, index))
    return NULL;

  switch (type)
    {
    case CA_FIELD_INTEGER:
      return g_variant_ref_sink (g_variant_new_int64 (OGR_F_GetFieldAsInteger64 (feature, index)));
    case CA_FIELD_REAL:
      return g_variant_ref_sink (g_variant_new_double (OGR_F_GetFieldAsDouble (feature, index)));
    case CA_FIELD_BOOLEAN:
      return g_variant_ref_sink (g_variant_new_boolean (OGR_F_GetFieldAsInteger (feature, index) != 0));
    case CA_FIELD_DATE:
    case CA_FIELD_STRING:
    default:
      {
        const char *text = OGR_F_GetFieldAsString (feature, index);

        /* GDAL hands over bytes; keep only text that is valid UTF-8. */
        if (!g_utf8_validate (text, -1, NULL))
          return g_variant_ref_sink (g_variant_new_take_string (g_utf8_make_valid (text, -1)));
        return g_variant_ref_sink (g_variant_new_string (text));
      }
    }
}

typedef struct
{
  GArray *parts;    /* CaGeometryPart */
  GArray *lonlat;   /* double pairs */
} GeometryBuilder;

static gboolean
add_part (GeometryBuilder  *builder,
          OGRGeometryH      geometry,
          guint             polygon,
          guint             min_points,
          char            **reason)
{
  int n = OGR_G_GetPointCount (geometry);
  CaGeometryPart part = { builder->lonlat->len / 2, (guint)MAX (n, 0), polygon };
  double *lonlat;

  if (n < (int)min_points)
    {
      *reason = g_strdup_printf (_("a part has %d points, fewer than the %u it needs"), n, min_points);
      return FALSE;
    }

  /* Read the points in one call, straight into place: Z and M stay behind. */
  g_array_set_size (builder->lonlat, builder->lonlat->len + 2 * (guint)n);
  lonlat = &g_array_index (builder->lonlat, double, 2 * part.first);
  if (n > 0)
    OGR_G_GetPoints (geometry, lonlat, 2 * sizeof (double), lonlat + 1, 2 * sizeof (double), NULL, 0);

  for (int i = 0; i < n; i++)
    {
      double lon = lonlat[2 * i];
      double lat = lonlat[2 * i + 1];

      if (!isfinite (lon) || !isfinite (lat))
        {
          *reason = g_strdup_printf (_("the point %g, %g has a coordinate that is not a finite "
                                       "number"), lon, lat);
          return FALSE;
        }
      if (lat < -90.0 || lat > 90.0 || lon < -540.0 || lon > 540.0)
        {
          *reason = g_strdup_printf (_("the point %g, %g is not a longitude and latitude"), lon, lat);
          return FALSE;
        }
    }

  g_array_append_val (builder->parts, part);
  return TRUE;
}

static gboolean
add_polygon (GeometryBuilder  *builder,
             OGRGeometryH      polygon,
             guint             number,
             char            **reason)
{
  int n_rings = OGR_G_GetGeometryCount (polygon);

  for (int r = 0; r < n_rings; r++)
    if (!add_part (builder, OGR_G_GetGeometryRef (polygon, r), number, 4, reason))
      return FALSE;

  return n_rings > 0 || (*reason = g_strdup (_("the polygon has no rings")), FALSE);
}

/* Fills @feature's parts and points from an OGR geometry already in
 * WGS 84.  Returns FALSE with @reason when the geometry is unusable. */
static gboolean
read_geometry (CaFeature     *feature,
               OGRGeometryH   geometry,
               char         **reason)
{
  GeometryBuilder builder;
  OGRwkbGeometryType type = wkbFlatten (OGR_G_GetGeometryType (geometry));
  int n = OGR_G_GetGeometryCount (geometry);
  gboolean ok = TRUE;

  builder.parts = g_array_new (FALSE, FALSE, sizeof (CaGeometryPart));
  builder.lonlat = g_array_new (FALSE, FALSE, sizeof (double));

  switch ((int)type)
    {
    case wkbPoint:
      feature->kind = CA_GEOMETRY_POINT;
      ok = add_part (&builder, geometry, 0, 1, reason);
      break;

    case wkbMultiPoint:
      feature->kind = CA_GEOMETRY_POINT;
      feature->is_multi = TRUE;
      for (int i = 0; i < n && ok; i++)
        ok = add_part (&builder, OGR_G_GetGeometryRef (geometry, i), i, 1, reason);
      break;

    case wkbLineString:
      feature->kind = CA_GEOMETRY_LINE;
      ok = add_part (&builder, geometry, 0, 2, reason);
      break;

    case wkbMultiLineString:
      feature->kind = CA_GEOMETRY_LINE;
      feature->is_multi = TRUE;
      for (int i = 0; i < n && ok; i++)
        ok = add_part (&builder, OGR_G_GetGeometryRef (geometry, i), i, 2, reason);
      break;

    case wkbPolygon:
      feature->kind = CA_GEOMETRY_POLYGON;
      ok = add_polygon (&builder, geometry, 0, reason);
      break;

    case wkbMultiPolygon:
      feature->kind = CA_GEOMETRY_POLYGON;
      feature->is_multi = TRUE;
      for (int i = 0; i < n && ok; i++)
        ok = add_polygon (&builder, OGR_G_GetGeometryRef (geometry, i), i, reason);
      break;

    default:
      *reason = g_strdup_printf (_("%s geometries are not supported"),
                                 OGRGeometryTypeToName (type));
      ok = FALSE;
      break;
    }

  if (ok && builder.parts->len == 0)
    {
      *reason = g_strdup (_("the geometry is empty"));
      ok = FALSE;
    }

  feature->n_parts = builder.parts->len;
  feature->n_points = builder.lonlat->len / 2;
  feature->parts = (CaGeometryPart *)(gpointer)g_array_free (builder.parts, FALSE);
  feature->lonlat = (double *)(gpointer)g_array_free (builder.lonlat, FALSE);

  return ok;
}

/* Projects to Web Mercator world units.  Within a part, longitudes are
 * unwrapped, so a line across the Pacific runs on past x = 1 instead of
 * jumping back across the map; the renderer repeats it a world over. */
static void
project_feature (CaFeature *feature)
{
  feature->world = g_new (double, 2 * feature->n_points);
  ca_bbox_init_empty (&feature->bbox);

  for (guint p = 0; p < feature->n_parts; p++)
    {
      const CaGeometryPart *part = &feature->parts[p];
      double previous = 0;

      for (guint i = part->first; i < part->first + part->n_points; i++)
        {
          double lon = feature->lonlat[2 * i];

          if (i > part->first)
            {
              while (lon - previous > 180)
                lon -= 360;
              while (lon - previous < -180)
                lon += 360;
            }
          previous = lon;

          feature->world[2 * i] = ca_mercator_x_from_longitude (lon);
          feature->world[2 * i + 1] = ca_mercator_y_from_latitude (feature->lonlat[2 * i + 1]);
          ca_bbox_expand (&feature->bbox, feature->world[2 * i], feature->world[2 * i + 1]);
        }
    }
}

static OGRSpatialReferenceH
new_wgs84 (void)
{
  OGRSpatialReferenceH wgs84 = OSRNewSpatialReference (NULL);

  OSRImportFromEPSG (wgs84, 4326);
  OSRSetAxisMappingStrategy (wgs84, OAMS_TRADITIONAL_GIS_ORDER);

  return wgs84;
}

/* Makes a polygon valid if GEOS can; returns the geometry to use. */
static OGRGeometryH
repair_polygon (OGRGeometryH   geometry,
                gboolean      *repaired)
{
  OGRGeometryH valid;

  *repaired = FALSE;
  if (OGR_G_IsValid (geometry))
    return NULL;

  valid = OGR_G_MakeValid (geometry);
  if (valid != NULL)
    {
      OGRwkbGeometryType type = wkbFlatten (OGR_G_GetGeometryType (valid));

      /* MakeValid may return a collection with stray lines: keep its
       * polygons. */
      if (type == wkbGeometryCollection)
        {
          OGRGeometryH polygons = OGR_G_CreateGeometry (wkbMultiPolygon);

          for (int i = 0; i < OGR_G_GetGeometryCount (valid); i++)
            {
              OGRGeometryH part = OGR_G_GetGeometryRef (valid, i);
              OGRwkbGeometryType part_type = wkbFlatten (OGR_G_GetGeometryType (part));

              if (part_type == wkbPolygon)
                OGR_G_AddGeometry (polygons, part);
              else if (part_type == wkbMultiPolygon)
                for (int k = 0; k < OGR_G_GetGeometryCount (part); k++)
                  OGR_G_AddGeometry (polygons, OGR_G_GetGeometryRef (part, k));
            }
          OGR_G_DestroyGeometry (valid);
          valid = polygons;
        }
      *repaired = TRUE;
    }

  return valid;
}

/* A shapefile's part next to it: "routes.dbf" for "routes.shp". */
static gboolean
has_sidecar (const char *source,
             const char *extension)
{
  g_autofree char *stem = g_strndup (source, strlen (source) - strlen (".shp"));
  g_autofree char *lower = g_strconcat (stem, ".", extension, NULL);
  g_autofree char *upper_extension = g_ascii_strup (extension, -1);
  g_autofree char *upper = g_strconcat (stem, ".", upper_extension, NULL);

  return g_file_test (lower, G_FILE_TEST_EXISTS) || g_file_test (upper, G_FILE_TEST_EXISTS);
}

static gboolean
is_shapefile (const char *source)
{
  g_autofree char *lower = g_ascii_strdown (source, -1);

  return g_str_has_suffix (lower, ".shp") && g_file_test (source, G_FILE_TEST_EXISTS);
}

/**
 * ca_vector_layer_load:
 * @source: a file name, or a GDAL connection string such as "PG:dbname=…"
 * @layer_name: (nullable): the layer to read, or %NULL for the first
 * @progress: (nullable) (scope call): called now and then with the share
 *   read so far, in the calling thread
 *
 * Reads a vector layer into memory, reprojected to WGS 84 longitude and
 * latitude.  Features that cannot be used are left out and listed in the
 * layer's issues.  An issue about the whole layer (a shapefile without
 * its .dbf or .prj) comes first, with the index %G_MAXUINT.  Blocks: call it from a worker thread.
 *
 * Returns: (transfer full): the layer, or %NULL with @error set
 */
static CaVectorLayer *load_layer (const char      *source,
                                  const char      *layer_name,
                                  CaProgressFunc   progress,
                                  gpointer         progress_data,
                                  GCancellable    *cancellable,
                                  GError         **error);

CaVectorLayer *
ca_vector_layer_load (const char      *source,
                      const char      *layer_name,
                      CaProgressFunc   progress,
                      gpointer         progress_data,
                      GCancellable    *cancellable,
                      GError         **error)
{
  GCancellable *previous;
  CaVectorLayer *layer;

  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), NULL);

  /* GDAL's reads on this thread look at @cancellable. */
  previous = ca_vsi_cancel_set (cancellable);
  layer = load_layer (source, layer_name, progress, progress_data, cancellable, error);
  ca_vsi_cancel_set (previous);

  return layer;
}

static CaVectorLayer *
load_layer (const char      *source,
            const char      *layer_name,
            CaProgressFunc   progress,
            gpointer         progress_data,
            GCancellable    *cancellable,
            GError         **error)
{
  g_autoptr(CaVectorLayer) self = NULL;
  g_auto(GDALDatasetH) dataset = NULL;
  g_auto(OGRSpatialReferenceH) source_crs = NULL;
  g_auto(OGRSpatialReferenceH) wgs84 = NULL;
  g_auto(OGRCoordinateTransformationH) transform = NULL;
  g_autofree char *shown = NULL;
  g_autoptr(GError) local_error = NULL;
  OGRFeatureDefnH definition;
  OGRLayerH layer;
  GIntBig n_total;
  OGRFeatureH raw;
  guint index = 0;

  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), NULL);

  shown = ca_vector_source_redact (source);

  CPLPushErrorHandler (CPLQuietErrorHandler);

  dataset = open_source (source, error);
  if (dataset == NULL)
    goto failed;

  layer = layer_name != NULL ? GDALDatasetGetLayerByName (dataset, layer_name)
                             : GDALDatasetGetLayerCount (dataset) > 0 ? GDALDatasetGetLayer (dataset, 0)
                                                                      : NULL;
  if (layer == NULL)
    {
      if (layer_name != NULL)
        g_set_error (error, CA_VECTOR_ERROR, CA_VECTOR_ERROR_NO_LAYER,
                     _("“%s” has no layer called “%s”"), shown, layer_name);
      else
        g_set_error (error, CA_VECTOR_ERROR, CA_VECTOR_ERROR_NO_LAYER,
                     _("“%s” has no vector layers"), shown);
      goto failed;
    }

  self = g_object_new (CA_TYPE_VECTOR_LAYER, NULL);
  self->source = g_strdup (source);
  self->name = g_strdup (OGR_L_GetName (layer));

  wgs84 = new_wgs84 ();
  if (OGR_L_GetSpatialRef (layer) != NULL)
    {
      source_crs = OSRClone (OGR_L_GetSpatialRef (layer));
      OSRSetAxisMappingStrategy (source_crs, OAMS_TRADITIONAL_GIS_ORDER);
      self->crs_name = g_strdup (OSRGetName (source_crs));

      if (!OSRIsSame (source_crs, wgs84))
        {
          CPLErrorReset ();
          transform = OCTNewCoordinateTransformation (source_crs, wgs84);
          if (transform == NULL && OSRIsLocal (source_crs))
            {
              g_set_error (error, CA_VECTOR_ERROR, CA_VECTOR_ERROR_PROJECTION,
                           _("“%s” is in %s, a local coordinate system that is not tied to the "
                             "Earth, so it cannot be transformed to WGS 84"),
                           shown, self->crs_name != NULL ? self->crs_name : _("an unknown CRS"));
              goto failed;
            }
          if (transform == NULL)
            {
              g_set_error (error, CA_VECTOR_ERROR, CA_VECTOR_ERROR_PROJECTION,
                           _("“%s” is in %s, which cannot be transformed to WGS 84: %s"),
                           shown, self->crs_name != NULL ? self->crs_name : _("an unknown CRS"),
                           last_gdal_error ());
              goto failed;
            }
        }
    }
  else
    {
      /* No CRS: take it as longitude and latitude, as GeoJSON is. */
      self->crs_name = g_strdup ("WGS 84");
    }

  /* A shapefile copied without all its parts still has its shapes. */
  if (is_shapefile (source))
    {
      g_autofree char *base = g_path_get_basename (source);

      if (!has_sidecar (source, "dbf"))
        add_issue (self, G_MAXUINT, OGRNullFID,
                   _("“%s” has no .dbf file: its attributes are missing, so only its shapes "
                     "are loaded"), base);
      if (source_crs == NULL && !has_sidecar (source, "prj"))
        add_issue (self, G_MAXUINT, OGRNullFID,
                   _("“%s” has no .prj file: its coordinates are taken as longitude and "
                     "latitude (WGS 84)"), base);
    }

  definition = OGR_L_GetLayerDefn (layer);
  for (int f = 0; f < OGR_FD_GetFieldCount (definition); f++)
    {
      OGRFieldDefnH field_definition = OGR_FD_GetFieldDefn (definition, f);
      CaField field = { g_strdup (OGR_Fld_GetNameRef (field_definition)), field_type (field_definition) };

      g_array_append_val (self->fields, field);
    }

  n_total = OGR_L_GetFeatureCount (layer, FALSE);
  OGR_L_ResetReading (layer);

  for (; (raw = OGR_L_GetNextFeature (layer)) != NULL; index++)
    {
      g_auto(OGRFeatureH) ogr_feature = raw;
      g_auto(OGRGeometryH) repaired_geometry = NULL;
      g_autofree char *reason = NULL;
      CaFeature feature = { 0 };
      OGRGeometryH geometry;
      gboolean repaired = FALSE;

      if (index % PROGRESS_EVERY == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, &local_error))
            break;
          if (progress != NULL && n_total > 0)
            progress (MIN (1.0, (double)index / n_total), progress_data);
        }

      feature.fid = OGR_F_GetFID (ogr_feature);
      geometry = OGR_F_GetGeometryRef (ogr_feature);

      if (geometry == NULL)
        {
          add_issue (self, index, feature.fid, _("feature %u has no geometry"), index + 1);
          continue;
        }
      if (OGR_G_IsEmpty (geometry))
        {
          /* GDAL reads a point whose coordinates are NaN as an empty one. */
          add_issue (self, index, feature.fid,
                     _("feature %u has no geometry: its coordinates are missing or are not "
                       "numbers (NaN)"), index + 1);
          continue;
        }

      if (OGR_G_HasCurveGeometry (geometry, FALSE))
        {
          repaired_geometry = OGR_G_GetLinearGeometry (geometry, 0, NULL);
          geometry = repaired_geometry;
        }

      if (transform != NULL)
        {
          CPLErrorReset ();
          if (OGR_G_Transform (geometry, transform) != OGRERR_NONE)
            {
              add_issue (self, index, feature.fid,
                         _("feature %u cannot be transformed to WGS 84: %s"),
                         index + 1, last_gdal_error ());
              continue;
            }
        }

      if (wkbFlatten (OGR_G_GetGeometryType (geometry)) == wkbPolygon ||
          wkbFlatten (OGR_G_GetGeometryType (geometry)) == wkbMultiPolygon)
        {
          OGRGeometryH valid = repair_polygon (geometry, &repaired);

          if (valid != NULL)
            {
              g_clear_pointer (&repaired_geometry, OGR_G_DestroyGeometry);
              repaired_geometry = valid;
              geometry = valid;
            }
        }

      if (!read_geometry (&feature, geometry, &reason))
        {
          add_issue (self, index, feature.fid, _("feature %u is left out: %s"), index + 1, reason);
          clear_feature (&feature);
          continue;
        }

      if (repaired)
        add_issue (self, index, feature.fid,
                   _("feature %u is an invalid polygon (it crosses itself or its rings overlap); "
                     "it was repaired"), index + 1);

      project_feature (&feature);
      ca_bbox_expand (&self->bbox, feature.bbox.x_min, feature.bbox.y_min);
      ca_bbox_expand (&self->bbox, feature.bbox.x_max, feature.bbox.y_max);
      self->n_vertices += feature.n_points;

      feature.values = g_new0 (GVariant *, MAX (self->fields->len, 1));
      for (guint f = 0; f < self->fields->len; f++)
        feature.values[f] = read_value (ogr_feature, f,
                                        g_array_index (self->fields, CaField, f).type);

      g_array_append_val (self->features, feature);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      goto failed;
    }

  /* Coordinates in metres read as degrees: every feature is out of range.
   * Without a CRS that is not a few bad features but the wrong system. */
  if (source_crs == NULL && self->features->len == 0 && self->issues->len > 0)
    {
      OGREnvelope extent;

      if (OGR_L_GetExtent (layer, &extent, TRUE) == OGRERR_NONE &&
          (extent.MinY < -90 || extent.MaxY > 90 || extent.MinX < -540 || extent.MaxX > 540))
        {
          g_set_error (error, CA_VECTOR_ERROR, CA_VECTOR_ERROR_PROJECTION,
                       _("“%s” does not say which coordinate system it is in, and its coordinates "
                         "(%.0f, %.0f to %.0f, %.0f) are not longitudes and latitudes: it cannot "
                         "be placed on the map%s"),
                       shown, extent.MinX, extent.MinY, extent.MaxX, extent.MaxY,
                       is_shapefile (source) && !has_sidecar (source, "prj")
                         ? _(" (its .prj file is missing)") : "");
          goto failed;
        }
    }

  if (progress != NULL)
    progress (1.0, progress_data);

  CPLPopErrorHandler ();
  return g_steal_pointer (&self);

failed:
  CPLPopErrorHandler ();
  return NULL;
}

const char *
ca_vector_layer_get_source (CaVectorLayer *self)
{
  g_return_val_if_fail (CA_IS_VECTOR_LAYER (self), NULL);

  return self->source;
}

const char *
ca_vector_layer_get_name (CaVectorLayer *self)
{
  g_return_val_if_fail (CA_IS_VECTOR_LAYER (self), NULL);

  return self->name;
}

const char *
ca_vector_layer_get_crs_name (CaVectorLayer *self)
{
  g_return_val_if_fail (CA_IS_VECTOR_LAYER (self), NULL);

  return self->crs_name;
}

guint
ca_vector_layer_get_n_features (CaVectorLayer *self)
{
  g_return_val_if_fail (CA_IS_VECTOR_LAYER (self), 0);

  return self->features->len;
}

const CaFeature *
ca_vector_layer_get_feature (CaVectorLayer *self,
                             guint          index)
{
  g_return_val_if_fail (CA_IS_VECTOR_LAYER (self), NULL);
  g_return_val_if_fail (index < self->features->len, NULL);

  return &g_array_index (self->features, CaFeature, index);
}

guint
ca_vector_layer_get_n_fields (CaVectorLayer *self)
{
  g_return_val_if_fail (CA_IS_VECTOR_LAYER (self), 0);

  return self->fields->len;
}

const CaField *
ca_vector_layer_get_field (CaVectorLayer *self,
                           guint          index)
{
  g_return_val_if_fail (CA_IS_VECTOR_LAYER (self), NULL);
  g_return_val_if_fail (index < self->fields->len, NULL);

  return &g_array_index (self->fields, CaField, index);
}

/**
 * ca_vector_layer_find_field:
 *
 * Returns: the index of the field called @name (ignoring case), or -1
 */
int
ca_vector_layer_find_field (CaVectorLayer *self,
                            const char    *name)
{
  g_return_val_if_fail (CA_IS_VECTOR_LAYER (self), -1);
  g_return_val_if_fail (name != NULL, -1);

  for (guint f = 0; f < self->fields->len; f++)
    if (g_ascii_strcasecmp (g_array_index (self->fields, CaField, f).name, name) == 0)
      return f;

  return -1;
}

/**
 * ca_vector_layer_get_string:
 *
 * Returns: (nullable): the value of a string field of @feature, or %NULL
 *   when the layer has no such field or the feature no value
 */
const char *
ca_vector_layer_get_string (CaVectorLayer   *self,
                            const CaFeature *feature,
                            const char      *field)
{
  int index = ca_vector_layer_find_field (self, field);
  GVariant *value;

  if (index < 0)
    return NULL;

  value = feature->values[index];
  if (value == NULL || !g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    return NULL;

  return g_variant_get_string (value, NULL);
}

/**
 * ca_vector_layer_find_feature:
 *
 * Returns: the index of the first feature whose string @field is @value,
 *   or -1
 */
int
ca_vector_layer_find_feature (CaVectorLayer *self,
                              const char    *field,
                              const char    *value)
{
  g_return_val_if_fail (CA_IS_VECTOR_LAYER (self), -1);

  for (guint i = 0; i < self->features->len; i++)
    if (g_strcmp0 (ca_vector_layer_get_string (self, &g_array_index (self->features, CaFeature, i),
                                               field), value) == 0)
      return i;

  return -1;
}

guint
ca_vector_layer_get_n_issues (CaVectorLayer *self)
{
  g_return_val_if_fail (CA_IS_VECTOR_LAYER (self), 0);

  return self->issues->len;
}

const CaLoadIssue *
ca_vector_layer_get_issue (CaVectorLayer *self,
                           guint          index)
{
  g_return_val_if_fail (CA_IS_VECTOR_LAYER (self), NULL);
  g_return_val_if_fail (index < self->issues->len, NULL);

  return &g_array_index (self->issues, CaLoadIssue, index);
}

void
ca_vector_layer_get_bbox (CaVectorLayer *self,
                          CaBBox        *bbox)
{
  g_return_if_fail (CA_IS_VECTOR_LAYER (self));

  *bbox = self->bbox;
}

gsize
ca_vector_layer_get_n_vertices (CaVectorLayer *self)
{
  g_return_val_if_fail (CA_IS_VECTOR_LAYER (self), 0);

  return self->n_vertices;
}

/**
 * ca_feature_get_length:
 *
 * Returns: the geodesic length in metres of a line feature's parts, or
 *   of a polygon's rings; 0 for points
 */
double
ca_feature_get_length (const CaFeature *feature)
{
  double length = 0;

  g_return_val_if_fail (feature != NULL, 0);

  for (guint p = 0; p < feature->n_parts; p++)
    {
      const CaGeometryPart *part = &feature->parts[p];

      for (guint i = part->first + 1; i < part->first + part->n_points; i++)
        length += ca_geodesic_distance (feature->lonlat[2 * i - 2], feature->lonlat[2 * i - 1],
                                        feature->lonlat[2 * i], feature->lonlat[2 * i + 1]);
    }

  return length;
}

/* Distance in metres from (0, 0) to the segment a–b, in a local plane. */
static double
segment_distance (double ax,
                  double ay,
                  double bx,
                  double by)
{
  double dx = bx - ax, dy = by - ay;
  double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? CLAMP (-(ax * dx + ay * dy) / len2, 0.0, 1.0) : 0.0;
  double ex = ax + t * dx, ey = ay + t * dy;

  return sqrt (ex * ex + ey * ey);
}

/**
 * ca_vector_layer_find_lines_near:
 * @meters: how close a line must pass
 *
 * Finds the line features passing within @meters of a place, such as the
 * routes that serve a node.  Distances use a local equirectangular plane,
 * which is exact enough at the scale of a few kilometres.
 *
 * Returns: (transfer full) (element-type guint): the features' indices
 */
GArray *
ca_vector_layer_find_lines_near (CaVectorLayer *self,
                                 double         longitude,
                                 double         latitude,
                                 double         meters)
{
  GArray *found = g_array_new (FALSE, FALSE, sizeof (guint));
  double kx = 111320.0 * cos (latitude * G_PI / 180.0);
  double ky = 110540.0;
  double margin_lon = meters / MAX (kx, 1.0);
  double margin_lat = meters / ky;

  g_return_val_if_fail (CA_IS_VECTOR_LAYER (self), found);

  for (guint i = 0; i < self->features->len; i++)
    {
      const CaFeature *feature = &g_array_index (self->features, CaFeature, i);
      gboolean near = FALSE;

      if (feature->kind != CA_GEOMETRY_LINE)
        continue;

      for (guint p = 0; p < feature->n_parts && !near; p++)
        {
          const CaGeometryPart *part = &feature->parts[p];

          for (guint k = part->first + 1; k < part->first + part->n_points && !near; k++)
            {
              const double *a = &feature->lonlat[2 * k - 2];
              const double *b = &feature->lonlat[2 * k];

              if (MAX (a[0], b[0]) < longitude - margin_lon || MIN (a[0], b[0]) > longitude + margin_lon ||
                  MAX (a[1], b[1]) < latitude - margin_lat || MIN (a[1], b[1]) > latitude + margin_lat)
                continue;

              near = segment_distance ((a[0] - longitude) * kx, (a[1] - latitude) * ky,
                                       (b[0] - longitude) * kx, (b[1] - latitude) * ky) <= meters;
            }
        }

      if (near)
        g_array_append_val (found, i);
    }

  return found;
}
