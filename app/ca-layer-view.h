/* ca-layer-view.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <shumate/shumate.h>

#include "ca-view.h"

G_BEGIN_DECLS

/* Fills @view with what a map layer shows now, in the layer's own
 * pixels: the viewport's centre and zoom, the layer's size. Both
 * overlays draw through the core, which knows views, not viewports. */
static inline void
ca_layer_view_init (CaView       *view,
                    ShumateLayer *layer)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (layer);

  ca_view_init (view,
                shumate_location_get_longitude (SHUMATE_LOCATION (viewport)),
                shumate_location_get_latitude (SHUMATE_LOCATION (viewport)),
                shumate_viewport_get_zoom_level (viewport),
                gtk_widget_get_width (GTK_WIDGET (layer)),
                gtk_widget_get_height (GTK_WIDGET (layer)));
}

G_END_DECLS
