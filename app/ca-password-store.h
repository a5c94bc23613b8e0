/* ca-password-store.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CA_PASSWORD_STORE_ERROR (ca_password_store_error_quark ())

typedef enum
{
  CA_PASSWORD_STORE_ERROR_FAILED,
  CA_PASSWORD_STORE_ERROR_UNAVAILABLE,
  CA_PASSWORD_STORE_ERROR_DECLINED,
} CaPasswordStoreError;

GQuark    ca_password_store_error_quark     (void);
gboolean  ca_password_store_is_available    (void);
void      ca_password_store_save_async      (const char           *source,
                                             const char           *password,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean  ca_password_store_save_finish     (GAsyncResult         *result,
                                             GError              **error);
void      ca_password_store_lookup_async    (const char           *source,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
char     *ca_password_store_lookup_finish   (GAsyncResult         *result,
                                             GError              **error);
void      ca_password_store_clear_async     (const char           *source,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean  ca_password_store_clear_finish    (GAsyncResult         *result,
                                             GError              **error);
void      ca_password_store_remember        (const char           *source);
void      ca_password_store_accepted        (const char           *source);
void      ca_password_store_refused         (const char           *source);
GtkWidget *ca_password_store_add_remember_row (GtkWidget          *list,
                                             GtkWidget           **out_switch);
void      ca_password_store_complete_async  (GtkWindow            *parent,
                                             const char           *source,
                                             gboolean              ask,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
char     *ca_password_store_complete_finish (GAsyncResult         *result,
                                             GError              **error);

G_END_DECLS
