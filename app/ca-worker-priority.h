/* ca-worker-priority.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Work in a worker thread runs below the main thread, so that on a
 * machine with few cores the window keeps drawing while a file loads or
 * a figure is drawn.  Threads the worker starts inherit its priority. */
int      ca_worker_priority_lower   (void);
void     ca_worker_priority_restore (int previous);

G_END_DECLS
