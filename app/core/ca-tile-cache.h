/* ca-tile-cache.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>

#include "ca-view.h"

G_BEGIN_DECLS

/* Raster tiles of a drawing too heavy to redraw at frame rate: 256 px
 * tiles in the world's pixels, kept per zoom, device scale and style,
 * rendered on every core and composited onto each frame.  The style is
 * whatever else the pixels depend on, given by the caller as a block of
 * bytes that is hashed and compared as bytes: zero it (padding included)
 * before filling it in.  A cache may be drawn from several threads. */
typedef struct _CaTileCache CaTileCache;

/* Called once a frame, on the drawing thread and before any tile is
 * rendered, when some tile is missing: the place to lay out what the
 * tiles share. */
typedef void     (*CaTilePrepareFunc) (gpointer      user_data);

/* A tile being rendered. */
typedef struct
{
  CaView view;    /* the tile's own, whose pixels are the user space it is drawn in */
  double x;       /* its corner in the frame's view pixels */
  double y;
  double scale;   /* device pixels to a pixel of the view */
} CaTile;

/* Draws @tile on @cr.  Called on several threads at once, so it may only
 * read what it shares.  Returns whether anything was drawn. */
typedef gboolean (*CaTileDrawFunc)    (cairo_t      *cr,
                                       const CaTile *tile,
                                       gpointer      user_data);

CaTileCache *ca_tile_cache_new      (gsize              max_bytes);
void         ca_tile_cache_free     (CaTileCache       *cache);

gboolean     ca_tile_cache_can_draw (cairo_t           *cr,
                                     const CaView      *view,
                                     double            *scale);
void         ca_tile_cache_draw     (CaTileCache       *cache,
                                     cairo_t           *cr,
                                     const CaView      *view,
                                     double             scale,
                                     gconstpointer      style,
                                     gsize              style_size,
                                     CaTilePrepareFunc  prepare,
                                     CaTileDrawFunc     draw,
                                     gpointer           user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaTileCache, ca_tile_cache_free)

G_END_DECLS
