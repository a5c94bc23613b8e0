/* ca-window-private.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ca-basemap-source.h"
#include "ca-flow-overlay.h"
#include "ca-map-layer.h"
#include "ca-project.h"
#include "ca-stats-panel.h"
#include "ca-vector-overlay.h"
#include "ca-window.h"

G_BEGIN_DECLS

typedef struct _CaWindowProject CaWindowProject;

struct _CaWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template Widgets */
  AdwToastOverlay      *toast_overlay;
  GtkOverlay           *map_overlay;
  ShumateMap           *map;
  ShumateScale         *scale;
  ShumateLicense       *license;
  GtkWidget            *status_box;
  GtkSpinner           *status_spinner;
  GtkLabel             *status_label;
  AdwFlap              *flap;
  GtkListBox           *layers_list;
  GtkWidget            *loading_box;
  GtkLabel             *loading_label;
  GtkProgressBar       *loading_progress;
  GtkSearchEntry       *search_entry;
  GtkWidget            *search_results_box;
  GtkWidget            *sample_label;
  AdwFlap              *stats_flap;
  CaStatsPanel         *stats_panel;
  GtkListBox           *search_results;
  GtkWidget            *selection_bar;
  GtkLabel             *selection_label;
  GtkWidget            *selection_direction_box;

  /* Owned References */
  GSettings            *settings;
  GCancellable         *cancellable;
  CaBasemap            *basemap;
  CaBasemapSource      *offline_source;
  ShumateMapLayer      *offline_layer;
  ShumateMapSource     *online_source;
  ShumateMapLayer      *online_layer;
  char                 *last_toast;
  GListStore           *layers;
  CaVectorOverlay      *vector_overlay;
  GCancellable         *load_cancellable;
  GCancellable         *trade_cancellable;
  char                 *loading_layer_title;
  char                 *loading_trade_title;
  CaFlowOverlay        *flow_overlay;
  gboolean              trade_illustrative;
  int                   selected_province;
  GQueue                pending_sources;
  GPtrArray            *search_hits;
  GPtrArray            *search_layers;
  GtkWidget            *feature_popover;

  /* Borrowed References */
  GNetworkMonitor      *network_monitor;
  GtkWindow            *export_dialog;

  CaWindowProject      *project;   /* ca-window-project.c */

  guint                 basemap_failed : 1;
};

void             _ca_window_class_actions_init (CaWindowClass *klass);
void             _ca_window_class_layers_init  (CaWindowClass *klass);
void             _ca_window_layers_init        (CaWindow      *self);
void             _ca_window_layers_dispose     (CaWindow      *self);
void             _ca_window_open_source        (CaWindow      *self,
                                                const char    *source,
                                                const char    *title);
CaMapLayer      *_ca_window_find_layer         (CaWindow      *self,
                                                const char    *title);
GListModel      *_ca_window_get_layers         (CaWindow      *self);
CaVectorOverlay *_ca_window_get_vector_overlay (CaWindow      *self);
CaVectorLayer   *_ca_window_get_shipped_vector (CaWindow      *self,
                                                const char    *id);
void             _ca_window_update_flows       (CaWindow      *self);
void             _ca_window_show_database_dialog (CaWindow    *self,
                                                  gboolean     for_trade);
void             _ca_window_class_trade_init   (CaWindowClass *klass);
void             _ca_window_trade_init         (CaWindow      *self);
void             _ca_window_select_province    (CaWindow      *self,
                                                int            province);
void             _ca_window_open_trade         (CaWindow      *self,
                                                const char    *source,
                                                gboolean       illustrative);
void             _ca_window_actions_init       (CaWindow      *self);
void             _ca_window_save_state         (CaWindow      *self);
void             _ca_window_show_toast         (CaWindow      *self,
                                                const char    *message);
void             _ca_window_apply_basemap      (CaWindow      *self);
void             _ca_window_show_file_toast    (CaWindow      *self,
                                                const char    *message,
                                                GFile         *file);
GtkWindow       *_ca_window_get_export_dialog  (CaWindow      *self);
const char      *_ca_window_get_last_toast     (CaWindow      *self);
void             _ca_window_sync_loading       (CaWindow      *self);
gboolean         _ca_window_get_loading        (CaWindow      *self);
CaBasemapSource *_ca_window_get_offline_source (CaWindow      *self);
ShumateMapLayer *_ca_window_get_online_layer   (CaWindow      *self);

void             _ca_window_class_project_init (CaWindowClass *klass);
void             _ca_window_project_init       (CaWindow      *self);
void             _ca_window_project_dispose    (CaWindow      *self);
void             _ca_window_project_trade_loaded (CaWindow    *self);
gboolean         _ca_window_project_confirm_close (CaWindow   *self);
GtkWidget       *_ca_window_project_get_close_dialog (CaWindow *self);
gboolean         _ca_window_open_project       (CaWindow      *self,
                                                GFile         *file);
void             _ca_window_open_files         (CaWindow      *self,
                                                GFile        **files,
                                                int            n_files);
gboolean         _ca_window_save_project       (CaWindow      *self,
                                                GFile         *file,
                                                GError       **error);
GFile           *_ca_window_get_project_file   (CaWindow      *self);
gboolean         _ca_window_get_project_modified (CaWindow    *self);
CaProject       *_ca_window_dup_project        (CaWindow      *self);
gboolean         _ca_window_get_project_loading (CaWindow     *self);

G_END_DECLS
