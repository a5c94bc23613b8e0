/* ca-map-layer.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ca-vector-layer.h"

G_BEGIN_DECLS

#define CA_TYPE_MAP_LAYER (ca_map_layer_get_type ())

G_DECLARE_FINAL_TYPE (CaMapLayer, ca_map_layer, CA, MAP_LAYER, GObject)

CaMapLayer    *ca_map_layer_new           (const char    *title,
                                           CaVectorLayer *vector,
                                           gboolean       thematic);
const char    *ca_map_layer_get_title     (CaMapLayer    *self);
CaVectorLayer *ca_map_layer_get_vector    (CaMapLayer    *self);
gboolean       ca_map_layer_get_thematic  (CaMapLayer    *self);
gboolean       ca_map_layer_get_visible   (CaMapLayer    *self);
void           ca_map_layer_set_visible   (CaMapLayer    *self,
                                           gboolean       visible);
double         ca_map_layer_get_opacity   (CaMapLayer    *self);
void           ca_map_layer_set_opacity   (CaMapLayer    *self,
                                           double         opacity);
const GdkRGBA *ca_map_layer_get_color     (CaMapLayer    *self);
void           ca_map_layer_set_color     (CaMapLayer    *self,
                                           const GdkRGBA *color);
double         ca_map_layer_get_width     (CaMapLayer    *self);
void           ca_map_layer_set_width     (CaMapLayer    *self,
                                           double         width);
char          *ca_map_layer_dup_summary   (CaMapLayer    *self);

G_END_DECLS
