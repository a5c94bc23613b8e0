/* ca-basemap-private.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>

#include "ca-basemap.h"

G_BEGIN_DECLS

/* Bounding boxes of rings and chunks, in world units.  Floats resolve
 * 0.004 px at zoom 8, which is all a bounding box needs. */
typedef struct
{
  float x_min;
  float y_min;
  float x_max;
  float y_max;
} CaBBoxF;

/* A point, quantized to 16 bits across its chunk's bounding box: four
 * bytes a point instead of sixteen, and finer than a hundredth of a pixel
 * at the zoom each level is drawn at. */
typedef struct
{
  guint16 x;
  guint16 y;
} CaPointQ;

/* A run of at most CA_BASEMAP_CHUNK_EDGES edges of a ring.  Consecutive
 * chunks share their end point, so every edge lies inside exactly one
 * chunk's bounding box: that is what lets the renderer and the
 * point-in-polygon test skip whole chunks. */
typedef struct
{
  CaBBoxF bbox;
  guint32 first;
  guint32 n_points;
} CaChunk;

typedef struct
{
  CaBBoxF bbox;
  guint32 first_chunk;
  guint32 n_chunks;
} CaRing;

#define CA_POINT_Q_MAX 65535.0

/* Unpacks the points of a chunk: x = x0 + q.x * sx, y = y0 + q.y * sy. */
static inline void
ca_chunk_get_transform (const CaChunk *chunk,
                        double        *x0,
                        double        *y0,
                        double        *sx,
                        double        *sy)
{
  *x0 = chunk->bbox.x_min;
  *y0 = chunk->bbox.y_min;
  *sx = ((double)chunk->bbox.x_max - chunk->bbox.x_min) / CA_POINT_Q_MAX;
  *sy = ((double)chunk->bbox.y_max - chunk->bbox.y_min) / CA_POINT_Q_MAX;
}

static inline gboolean
ca_bbox_f_intersects (const CaBBoxF *a,
                      const CaBBox  *b)
{
  return a->x_min <= b->x_max && b->x_min <= a->x_max &&
         a->y_min <= b->y_max && b->y_min <= a->y_max;
}

/* One item at one level of detail. */
typedef struct
{
  CaPointQ *points;
  CaChunk  *chunks;
  CaRing   *rings;
  guint     n_points;
  guint     n_chunks;
  guint     n_rings;
} CaShape;

struct _CaBasemapItem
{
  char        *code;      /* "VN", "CN-CQ" */
  char        *tag;       /* "VN", "CNCQ": the DCW variable prefix */
  CaPlaceKind  kind;
  const char  *name_en;   /* borrowed from the place-name tables */
  const char  *label_zh;
  CaBBox       bbox;      /* world units, whole item */
  double       area;      /* world units², outer rings minus holes */
  double       label_x;   /* world units */
  double       label_y;
  guint        n_holes;
  gboolean     mapped;    /* levels point into a cache file */
  CaShape      levels[CA_BASEMAP_N_LEVELS];
};

#define CA_BASEMAP_CHUNK_EDGES 64

typedef struct _CaLabelCache CaLabelCache;

CaLabelCache  *_ca_basemap_get_label_cache (CaBasemap    *self);
CaBasemap     *_ca_basemap_new             (const char   *path,
                                            GPtrArray    *items,
                                            GMappedFile  *mapping);
GPtrArray     *_ca_basemap_get_items       (CaBasemap    *self);
CaBasemapItem *_ca_basemap_item_new        (const char   *tag);
void           _ca_basemap_item_free       (gpointer      item);

char          *_ca_basemap_cache_path      (const char   *cache_dir,
                                            const char   *source_path);
CaBasemap     *_ca_basemap_cache_load      (const char   *cache_path,
                                            const char   *source_path,
                                            GError      **error);
gboolean       _ca_basemap_cache_save      (CaBasemap    *basemap,
                                            const char   *cache_path,
                                            GError      **error);
CaLabelCache  *_ca_label_cache_new         (void);
void           _ca_label_cache_free        (CaLabelCache *cache);
guint          _ca_basemap_level_for_zoom  (double        zoom);
double         _ca_basemap_detail_scale_from_context (cairo_t *cr);

G_END_DECLS
