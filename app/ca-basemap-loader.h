/* ca-basemap-loader.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ca-basemap.h"

G_BEGIN_DECLS

typedef enum
{
  CA_BASEMAP_ROUTE_CACHE,       /* mapped from the cache */
  CA_BASEMAP_ROUTE_HELPER,      /* processed by the helper process, then mapped */
  CA_BASEMAP_ROUTE_IN_PROCESS,  /* processed in this process */
} CaBasemapRoute;

char      *ca_basemap_loader_dup_helper_path (void);
void       ca_basemap_loader_load_async      (const char          *path,
                                              const char          *cache_dir,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
CaBasemap *ca_basemap_loader_load_finish     (GAsyncResult        *result,
                                              CaBasemapRoute      *route,
                                              GError             **error);

G_END_DECLS
