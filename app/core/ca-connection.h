/* ca-connection.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean  ca_connection_is_postgres     (const char  *source);
gboolean  ca_connection_has_password    (const char  *source);
char     *ca_connection_dup_value       (const char  *source,
                                         const char  *key);
void      ca_connection_get_identity    (const char  *source,
                                         char       **host,
                                         char       **port,
                                         char       **dbname,
                                         char       **user);
char     *ca_connection_describe        (const char  *source);
char     *ca_connection_redact          (const char  *source);
char     *ca_connection_strip_password  (const char  *source);
char     *ca_connection_set_password    (const char  *source,
                                         const char  *password);
char     *ca_connection_redact_message  (const char  *message,
                                         const char  *source);
gboolean  ca_connection_is_auth_error   (const char  *message);

G_END_DECLS
