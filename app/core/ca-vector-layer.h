/* ca-vector-layer.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ca-view.h"

G_BEGIN_DECLS

#define CA_VECTOR_ERROR (ca_vector_error_quark ())

typedef enum
{
  CA_VECTOR_ERROR_FAILED,
  CA_VECTOR_ERROR_OPEN,
  CA_VECTOR_ERROR_NO_LAYER,
  CA_VECTOR_ERROR_PROJECTION,
} CaVectorError;

typedef enum
{
  CA_GEOMETRY_POINT,
  CA_GEOMETRY_LINE,
  CA_GEOMETRY_POLYGON,
} CaGeometryKind;

/* One part of a geometry: a point, a line, or a polygon ring.  Rings of
 * one polygon share its @polygon number; the first is the outer ring. */
typedef struct
{
  guint first;      /* index of the first point in the feature's points */
  guint n_points;
  guint polygon;
} CaGeometryPart;

/* A feature, in WGS 84 longitude/latitude and in Web Mercator world
 * units for drawing.  Multi-geometries keep all their parts; Z and M
 * are dropped. */
typedef struct
{
  gint64          fid;
  CaGeometryKind  kind;
  gboolean        is_multi;
  guint           n_parts;
  CaGeometryPart *parts;
  guint           n_points;
  double         *lonlat;   /* 2 × n_points */
  double         *world;    /* 2 × n_points, Web Mercator 0…1 */
  CaBBox          bbox;     /* world units */
  GVariant      **values;   /* one per field, NULL when unset */
} CaFeature;

typedef enum
{
  CA_FIELD_STRING,
  CA_FIELD_INTEGER,
  CA_FIELD_REAL,
  CA_FIELD_BOOLEAN,
  CA_FIELD_DATE,
} CaFieldType;

typedef struct
{
  char        *name;
  CaFieldType  type;
} CaField;

/* A feature the loader left out, and why. */
typedef struct
{
  guint  index;    /* 0-based position in the source layer */
  gint64 fid;
  char  *reason;
} CaLoadIssue;

typedef void (*CaProgressFunc) (double   fraction,
                                gpointer user_data);

#define CA_TYPE_VECTOR_LAYER (ca_vector_layer_get_type ())

G_DECLARE_FINAL_TYPE (CaVectorLayer, ca_vector_layer, CA, VECTOR_LAYER, GObject)

GQuark            ca_vector_error_quark              (void);
char            **ca_vector_source_list_layers       (const char      *source,
                                                      GError         **error);
char             *ca_vector_source_redact            (const char      *source);
CaVectorLayer    *ca_vector_layer_load               (const char      *source,
                                                      const char      *layer_name,
                                                      CaProgressFunc   progress,
                                                      gpointer         progress_data,
                                                      GCancellable    *cancellable,
                                                      GError         **error);

const char       *ca_vector_layer_get_source         (CaVectorLayer   *self);
const char       *ca_vector_layer_get_name           (CaVectorLayer   *self);
const char       *ca_vector_layer_get_crs_name       (CaVectorLayer   *self);
guint             ca_vector_layer_get_n_features     (CaVectorLayer   *self);
const CaFeature  *ca_vector_layer_get_feature        (CaVectorLayer   *self,
                                                      guint            index);
guint             ca_vector_layer_get_n_fields       (CaVectorLayer   *self);
const CaField    *ca_vector_layer_get_field          (CaVectorLayer   *self,
                                                      guint            index);
int               ca_vector_layer_find_field         (CaVectorLayer   *self,
                                                      const char      *name);
const char       *ca_vector_layer_get_string         (CaVectorLayer   *self,
                                                      const CaFeature *feature,
                                                      const char      *field);
int               ca_vector_layer_find_feature       (CaVectorLayer   *self,
                                                      const char      *field,
                                                      const char      *value);
guint             ca_vector_layer_get_n_issues       (CaVectorLayer   *self);
const CaLoadIssue *ca_vector_layer_get_issue         (CaVectorLayer   *self,
                                                      guint            index);
void              ca_vector_layer_get_bbox           (CaVectorLayer   *self,
                                                      CaBBox          *bbox);
gsize             ca_vector_layer_get_n_vertices     (CaVectorLayer   *self);

GArray           *ca_vector_layer_find_lines_near    (CaVectorLayer   *self,
                                                      double           longitude,
                                                      double           latitude,
                                                      double           meters);

double            ca_feature_get_length              (const CaFeature *feature);

G_END_DECLS
