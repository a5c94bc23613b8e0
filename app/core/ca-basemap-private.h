/* ca-basemap-private.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ca-basemap.h"

G_BEGIN_DECLS

/* The geometry is kept in Web Mercator world units (0…1) as floats: eight
 * bytes a point, precise to 0.004 px at zoom 8 and 1 px at zoom 16. */
typedef struct
{
  float x;
  float y;
} CaPointF;

/* A run of at most CA_BASEMAP_CHUNK_EDGES edges of a ring.  Consecutive
 * chunks share their end point, so every edge lies inside exactly one
 * chunk's bounding box: that is what lets the renderer and the
 * point-in-polygon test skip whole chunks. */
typedef struct
{
  CaBBox  bbox;
  guint32 first;
  guint32 n_points;
} CaChunk;

typedef struct
{
  CaBBox  bbox;
  guint32 first_chunk;
  guint32 n_chunks;
} CaRing;

/* One item at one level of detail. */
typedef struct
{
  CaPointF *points;
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
  CaShape      levels[CA_BASEMAP_N_LEVELS];
};

#define CA_BASEMAP_CHUNK_EDGES 64

typedef struct _CaLabelCache CaLabelCache;

CaLabelCache *_ca_basemap_get_label_cache   (CaBasemap   *self);
void          _ca_label_cache_free          (CaLabelCache *cache);
guint         _ca_basemap_level_for_zoom    (double       zoom);

G_END_DECLS
