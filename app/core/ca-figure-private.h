/* ca-figure-private.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ca-figure.h"

G_BEGIN_DECLS

/* The writers share the progress callback with the drawing: the drawing
 * reports within [from, to], the writers the stages around it. */
void _ca_figure_set_progress_range (CaFigure *self,
                                    double    from,
                                    double    to);
void _ca_figure_report_progress    (CaFigure      *self,
                                    CaFigureStage  stage,
                                    double         fraction);

G_END_DECLS
