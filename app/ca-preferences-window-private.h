/* ca-preferences-window-private.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ca-preferences-window.h"

G_BEGIN_DECLS

struct _CaPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template Widgets */
  AdwComboRow          *basemap_row;
  AdwComboRow          *units_row;
  AdwActionRow         *dcw_row;
  GtkButton            *dcw_reset_button;

  /* Owned References */
  GSettings            *settings;
  GtkFileChooserNative *chooser;
};

G_END_DECLS
