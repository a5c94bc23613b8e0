/* ca-vsi-cancel.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Local files read through GDAL in a way a Cancel can interrupt: GDAL
 * parses some formats (GeoJSON among them) in one call that takes a
 * second for tens of megabytes and cannot be stopped.  Opened through
 * the path ca_vsi_cancel_wrap() gives, every read first looks at the
 * calling thread's cancellable, and once it is cancelled reads nothing,
 * so GDAL's parser ends at once as if the file had ended. */
char          *ca_vsi_cancel_wrap     (const char   *path);
const char    *ca_vsi_cancel_unwrap   (const char   *path);
GCancellable  *ca_vsi_cancel_set      (GCancellable *cancellable);
gboolean       ca_vsi_cancel_is_cancelled (void);
char          *ca_vsi_cancel_clean_message (const char *message);

G_END_DECLS
