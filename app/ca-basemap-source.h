/* ca-basemap-source.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <shumate/shumate.h>

#include "ca-basemap.h"
#include "ca-basemap-draw.h"

G_BEGIN_DECLS

#define CA_TYPE_BASEMAP_SOURCE (ca_basemap_source_get_type ())

G_DECLARE_FINAL_TYPE (CaBasemapSource, ca_basemap_source, CA, BASEMAP_SOURCE, ShumateMapSource)

CaBasemapSource *ca_basemap_source_new              (CaBasemapStyle   style,
                                                     CaLanguage       language);
CaBasemap       *ca_basemap_source_get_basemap      (CaBasemapSource *self);
void             ca_basemap_source_set_basemap      (CaBasemapSource *self,
                                                     CaBasemap       *basemap);
void             ca_basemap_source_set_unavailable  (CaBasemapSource *self);
gboolean         ca_basemap_source_get_ready        (CaBasemapSource *self);
CaBasemapStyle   ca_basemap_source_get_style        (CaBasemapSource *self);
CaLanguage       ca_basemap_source_get_language     (CaBasemapSource *self);
int              ca_basemap_source_get_scale_factor (CaBasemapSource *self);
void             ca_basemap_source_set_scale_factor (CaBasemapSource *self,
                                                     int              scale_factor);
guint            ca_basemap_source_get_n_rendered   (CaBasemapSource *self);

G_END_DECLS
