/* ca-progress-relay.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Carries the progress of work in a worker thread to a progress bar on
 * the main thread: in steps of 1 %, at most ten times a second, and not
 * after the work was cancelled. */
typedef struct _CaProgressRelay CaProgressRelay;

CaProgressRelay *ca_progress_relay_new    (GtkProgressBar  *bar,
                                           GCancellable    *cancellable);
void             ca_progress_relay_report (double           fraction,
                                           gpointer         relay);
void             ca_progress_relay_free   (CaProgressRelay *relay);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaProgressRelay, ca_progress_relay_free)

G_END_DECLS
