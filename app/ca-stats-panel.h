/* ca-stats-panel.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ca-flow-draw.h"
#include "ca-project.h"
#include "ca-trade-cube.h"

G_BEGIN_DECLS

#define CA_TYPE_STATS_PANEL (ca_stats_panel_get_type ())

G_DECLARE_FINAL_TYPE (CaStatsPanel, ca_stats_panel, CA, STATS_PANEL, GtkWidget)

GtkWidget   *ca_stats_panel_new          (void);
void         ca_stats_panel_set_cube     (CaStatsPanel  *self,
                                          CaTradeCube   *cube,
                                          gboolean       illustrative);
CaTradeCube *ca_stats_panel_get_cube     (CaStatsPanel  *self);
gboolean     ca_stats_panel_get_filter   (CaStatsPanel  *self,
                                          CaTradeFilter *filter);
guint        ca_stats_panel_get_top_n    (CaStatsPanel  *self);
const char  *ca_stats_panel_get_headline (CaStatsPanel  *self);
GListModel  *ca_stats_panel_get_rows     (CaStatsPanel  *self);
void         ca_stats_panel_set_months   (CaStatsPanel  *self,
                                          int            month_from,
                                          int            month_to);
void         ca_stats_panel_set_direction (CaStatsPanel *self,
                                          int           direction);
int          ca_stats_panel_get_direction (CaStatsPanel *self);
void         ca_stats_panel_set_mode     (CaStatsPanel  *self,
                                          CaMode         mode,
                                          gboolean       active);
gboolean     ca_stats_panel_step         (CaStatsPanel  *self);
void         ca_stats_panel_show_flows   (CaStatsPanel  *self,
                                          gboolean       shown);
gboolean     ca_stats_panel_get_flow_style (CaStatsPanel *self,
                                            CaFlowStyle  *style);
gboolean     ca_stats_panel_get_state    (CaStatsPanel  *self,
                                          CaProjectStats *state);
void         ca_stats_panel_set_state    (CaStatsPanel  *self,
                                          const CaProjectStats *state);

G_END_DECLS
