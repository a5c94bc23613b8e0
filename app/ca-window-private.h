/* ca-window-private.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ca-basemap-source.h"
#include "ca-window.h"

G_BEGIN_DECLS

struct _CaWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template Widgets */
  AdwToastOverlay      *toast_overlay;
  ShumateMap           *map;
  ShumateScale         *scale;
  ShumateLicense       *license;
  GtkWidget            *status_box;
  GtkSpinner           *status_spinner;
  GtkLabel             *status_label;

  /* Owned References */
  GSettings            *settings;
  GCancellable         *cancellable;
  CaBasemap            *basemap;
  CaBasemapSource      *offline_source;
  ShumateMapLayer      *offline_layer;
  ShumateMapSource     *online_source;
  ShumateMapLayer      *online_layer;
  char                 *last_toast;

  /* Borrowed References */
  GNetworkMonitor      *network_monitor;

  guint                 basemap_failed : 1;
};

void             _ca_window_class_actions_init (CaWindowClass *klass);
void             _ca_window_actions_init       (CaWindow      *self);
void             _ca_window_show_toast         (CaWindow      *self,
                                                const char    *message);
void             _ca_window_apply_basemap      (CaWindow      *self);
const char      *_ca_window_get_last_toast     (CaWindow      *self);
CaBasemapSource *_ca_window_get_offline_source (CaWindow      *self);
ShumateMapLayer *_ca_window_get_online_layer   (CaWindow      *self);

G_END_DECLS
