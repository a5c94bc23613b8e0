/* ca-figure-export.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ca-figure.h"

G_BEGIN_DECLS

gboolean         ca_figure_export        (CaFigure        *figure,
                                          const char      *path,
                                          CaFigureFormat   format,
                                          GCancellable    *cancellable,
                                          GError         **error);
cairo_surface_t *ca_figure_render_image  (CaFigure        *figure,
                                          GCancellable    *cancellable,
                                          GError         **error);

char            *ca_figure_dup_tile_url  (void);
gboolean         ca_figure_fetch_tiles   (CaFigure        *figure,
                                          GCancellable    *cancellable,
                                          GError         **error);

G_END_DECLS
