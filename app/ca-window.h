/* ca-window.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include <shumate/shumate.h>

#include "ca-application.h"

G_BEGIN_DECLS

#define CA_TYPE_WINDOW (ca_window_get_type ())

G_DECLARE_FINAL_TYPE (CaWindow, ca_window, CA, WINDOW, AdwApplicationWindow)

/* The corridor region: Chongqing and Guizhou to the Beibu Gulf and
 * mainland South-East Asia. */
#define CA_HOME_LONGITUDE 106.0
#define CA_HOME_LATITUDE  19.0
#define CA_HOME_ZOOM      5.0

CaWindow   *ca_window_new (CaApplication *application);
ShumateMap *ca_window_get_map (CaWindow *self);

G_END_DECLS
