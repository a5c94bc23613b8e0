/* ca-vector-overlay.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <shumate/shumate.h>

#include "ca-basemap-draw.h"
#include "ca-map-layer.h"

G_BEGIN_DECLS

#define CA_TYPE_VECTOR_OVERLAY (ca_vector_overlay_get_type ())

G_DECLARE_FINAL_TYPE (CaVectorOverlay, ca_vector_overlay, CA, VECTOR_OVERLAY, ShumateLayer)

CaVectorOverlay *ca_vector_overlay_new           (ShumateViewport *viewport,
                                                  GListModel      *layers);
void             ca_vector_overlay_set_palette   (CaVectorOverlay *self,
                                                  CaBasemapStyle   palette);
void             ca_vector_overlay_set_highlight (CaVectorOverlay *self,
                                                  CaMapLayer      *layer,
                                                  int              index);
gboolean         ca_vector_overlay_pick          (CaVectorOverlay *self,
                                                  double           x,
                                                  double           y,
                                                  CaMapLayer     **layer,
                                                  int             *index);
void             ca_vector_overlay_set_province  (CaVectorOverlay *self,
                                                  CaBasemap       *basemap,
                                                  const char      *code);
void             ca_vector_overlay_track_pointer (CaVectorOverlay *self,
                                                  GtkWidget       *map);

G_END_DECLS
