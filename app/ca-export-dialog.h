/* ca-export-dialog.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ca-window.h"

G_BEGIN_DECLS

#define CA_TYPE_EXPORT_DIALOG (ca_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CaExportDialog, ca_export_dialog, CA, EXPORT_DIALOG, AdwWindow)

CaExportDialog *ca_export_dialog_new (CaWindow *window);

G_END_DECLS
