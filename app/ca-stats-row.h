/* ca-stats-row.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CA_TYPE_STATS_ROW (ca_stats_row_get_type ())

G_DECLARE_FINAL_TYPE (CaStatsRow, ca_stats_row, CA, STATS_ROW, GObject)

CaStatsRow *ca_stats_row_new          (const char *province,
                                       const char *region,
                                       double      value,
                                       double      growth,
                                       double      share);
const char *ca_stats_row_get_province (CaStatsRow *self);
const char *ca_stats_row_get_region   (CaStatsRow *self);
double      ca_stats_row_get_value    (CaStatsRow *self);
double      ca_stats_row_get_growth   (CaStatsRow *self);
double      ca_stats_row_get_share    (CaStatsRow *self);

G_END_DECLS
