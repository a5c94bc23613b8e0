/* ca-check-command.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean ca_check_command_wanted (int    argc,
                                  char **argv);
int      ca_check_command_run    (int    argc,
                                  char **argv);

G_END_DECLS
