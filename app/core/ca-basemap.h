/* ca-basemap.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ca-place-names.h"
#include "ca-view.h"

G_BEGIN_DECLS

#define CA_BASEMAP_ERROR (ca_basemap_error_quark ())

typedef enum
{
  CA_BASEMAP_ERROR_FAILED,
  CA_BASEMAP_ERROR_NOT_FOUND,
  CA_BASEMAP_ERROR_CORRUPT,
} CaBasemapError;

typedef enum
{
  CA_PLACE_COUNTRY,
  CA_PLACE_PROVINCE,
} CaPlaceKind;

/* Simplified copies of every ring are kept for zoom 0 to 10; level N keeps
 * the detail that matters at zoom N (half a pixel), and zooms beyond the
 * last level draw the last one, which is about as fine as DCW itself. */
#define CA_BASEMAP_N_LEVELS 11

typedef struct _CaBasemapItem CaBasemapItem;

#define CA_TYPE_BASEMAP (ca_basemap_get_type ())

G_DECLARE_FINAL_TYPE (CaBasemap, ca_basemap, CA, BASEMAP, GObject)

GQuark               ca_basemap_error_quark          (void);
char                *ca_basemap_dup_default_path     (void);

CaBasemap           *ca_basemap_load                 (const char          *path,
                                                      GCancellable        *cancellable,
                                                      GError             **error);
CaBasemap           *ca_basemap_load_from_cache      (const char          *path,
                                                      const char          *cache_dir,
                                                      GError             **error);
CaBasemap           *ca_basemap_load_cached          (const char          *path,
                                                      const char          *cache_dir,
                                                      GCancellable        *cancellable,
                                                      GError             **error);

const char          *ca_basemap_get_path             (CaBasemap           *self);
guint                ca_basemap_get_n_items          (CaBasemap           *self);
const CaBasemapItem *ca_basemap_get_item             (CaBasemap           *self,
                                                      guint                index);
const CaBasemapItem *ca_basemap_find_item            (CaBasemap           *self,
                                                      const char          *code);
const CaBasemapItem *ca_basemap_lookup               (CaBasemap           *self,
                                                      double               longitude,
                                                      double               latitude,
                                                      CaPlaceKind          kind);
gsize                ca_basemap_get_n_points         (CaBasemap           *self,
                                                      guint                level);
gsize                ca_basemap_get_memory_size      (CaBasemap           *self);

const char          *ca_basemap_item_get_code        (const CaBasemapItem *item);
CaPlaceKind          ca_basemap_item_get_kind        (const CaBasemapItem *item);
const char          *ca_basemap_item_get_label       (const CaBasemapItem *item,
                                                      CaLanguage           language);
void                 ca_basemap_item_get_bounds      (const CaBasemapItem *item,
                                                      double              *west,
                                                      double              *south,
                                                      double              *east,
                                                      double              *north);
void                 ca_basemap_item_get_label_point (const CaBasemapItem *item,
                                                      double              *longitude,
                                                      double              *latitude);
guint                ca_basemap_item_get_n_rings     (const CaBasemapItem *item,
                                                      guint                level);
guint                ca_basemap_item_get_n_holes     (const CaBasemapItem *item);
gboolean             ca_basemap_item_contains        (const CaBasemapItem *item,
                                                      double               longitude,
                                                      double               latitude);

G_END_DECLS
