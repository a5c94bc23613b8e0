/* ca-flow-overlay.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <shumate/shumate.h>

#include "ca-flow-draw.h"
#include "ca-flow-model.h"

G_BEGIN_DECLS

#define CA_TYPE_FLOW_OVERLAY (ca_flow_overlay_get_type ())

G_DECLARE_FINAL_TYPE (CaFlowOverlay, ca_flow_overlay, CA, FLOW_OVERLAY, ShumateLayer)

CaFlowOverlay *ca_flow_overlay_new           (ShumateViewport   *viewport);
void           ca_flow_overlay_set_model     (CaFlowOverlay     *self,
                                              CaFlowModel       *model,
                                              CaBasemap         *basemap);
CaFlowModel   *ca_flow_overlay_get_model     (CaFlowOverlay     *self);
void           ca_flow_overlay_set_style     (CaFlowOverlay     *self,
                                              const CaFlowStyle *style);
void           ca_flow_overlay_get_style     (CaFlowOverlay     *self,
                                              CaFlowStyle       *style);
void           ca_flow_overlay_set_visible   (CaFlowOverlay     *self,
                                              gboolean           visible);
int            ca_flow_overlay_pick          (CaFlowOverlay     *self,
                                              double             x,
                                              double             y);
char          *ca_flow_overlay_dup_tooltip   (CaFlowOverlay     *self,
                                              int                flow);
void           ca_flow_overlay_set_highlight (CaFlowOverlay     *self,
                                              int                flow);
void           ca_flow_overlay_select_province (CaFlowOverlay   *self,
                                                int              province);

G_END_DECLS
