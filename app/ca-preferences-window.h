/* ca-preferences-window.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CA_TYPE_PREFERENCES_WINDOW (ca_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (CaPreferencesWindow, ca_preferences_window, CA, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

CaPreferencesWindow *ca_preferences_window_new (GtkWindow *parent);

G_END_DECLS
