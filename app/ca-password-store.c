/* ca-password-store.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ca-password-store"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "ca-connection.h"
#include "ca-password-store.h"

/* Database passwords in the desktop's secret store (GNOME Keyring, KWallet
 * or, inside a sandbox, the Secret portal), found again by the server and
 * account they are for: host, port, database and user.  Only this file
 * ever holds a password apart from the connection string that is handed to
 * GDAL; nothing here logs one.
 *
 * Every call is asynchronous: the secret service may need to be started,
 * or to ask the user to unlock the keyring.  When there is no secret
 * service at all the first failure says so, the store calls itself
 * unavailable, and the app asks for the password each time. */

G_DEFINE_QUARK (ca-password-store-error-quark, ca_password_store_error)

static gboolean unavailable;

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    SCHEMA_ID ".DatabasePassword", SECRET_SCHEMA_NONE,
    {
      { "host", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "port", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "dbname", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };

  return &schema;
}

static GHashTable *
attributes_for (const char *source)
{
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  char *host, *port, *dbname, *user;

  ca_connection_get_identity (source, &host, &port, &dbname, &user);
  g_hash_table_insert (attributes, (gpointer)"host", host);
  g_hash_table_insert (attributes, (gpointer)"port", port);
  g_hash_table_insert (attributes, (gpointer)"dbname", dbname);
  g_hash_table_insert (attributes, (gpointer)"user", user);

  return attributes;
}

/* A failure other than a cancel means there is no usable secret service. */
static void
return_failure (GTask  *task,
                GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, error);
      return;
    }

  g_debug ("No secret service: %s", error->message);
  unavailable = TRUE;
  g_task_return_new_error (task, CA_PASSWORD_STORE_ERROR, CA_PASSWORD_STORE_ERROR_UNAVAILABLE,
                           _("No keyring is available: %s"), error->message);
  g_error_free (error);
}

/**
 * ca_password_store_is_available:
 *
 * Returns: %FALSE once the secret service has failed, so that the app
 *   stops offering to remember passwords; %TRUE until then
 */
gboolean
ca_password_store_is_available (void)
{
  return !unavailable;
}

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      if (error == NULL)
        error = g_error_new_literal (CA_PASSWORD_STORE_ERROR, CA_PASSWORD_STORE_ERROR_FAILED,
                                     _("The keyring did not keep the password"));
      return_failure (task, error);
      return;
    }

  unavailable = FALSE;
  g_task_return_boolean (task, TRUE);
}

/**
 * ca_password_store_save_async:
 * @source: the PostgreSQL connection the password is for
 * @password: the password
 *
 * Keeps @password in the keyring for @source's server, database and user,
 * in place of any kept before.
 */
void
ca_password_store_save_async (const char          *source,
                              const char          *password,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autofree char *name = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (source != NULL);
  g_return_if_fail (password != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ca_password_store_save_async);

  attributes = attributes_for (source);
  name = ca_connection_describe (source);
  /* translators: the keyring item's label; %s is user@host:port/database */
  label = g_strdup_printf (_("Corridor Atlas database password for %s"), name);
  secret_password_storev (get_schema (), attributes, SECRET_COLLECTION_DEFAULT, label, password,
                          cancellable, stored_cb, g_steal_pointer (&task));
}

gboolean
ca_password_store_save_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
looked_up_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *password = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    {
      return_failure (task, error);
      return;
    }

  unavailable = FALSE;
  g_task_return_pointer (task, password, (GDestroyNotify)secret_password_free);
}

/**
 * ca_password_store_lookup_async:
 * @source: a PostgreSQL connection
 *
 * Looks up the password kept for @source's server, database and user.
 */
void
ca_password_store_lookup_async (const char          *source,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  g_return_if_fail (source != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ca_password_store_lookup_async);

  attributes = attributes_for (source);
  secret_password_lookupv (get_schema (), attributes, cancellable, looked_up_cb, g_steal_pointer (&task));
}

/**
 * ca_password_store_lookup_finish:
 *
 * Returns: (nullable): the password, to free with secret_password_free()
 *   (or g_free()), or %NULL with no error when none is kept
 */
char *
ca_password_store_lookup_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
cleared_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  gboolean removed = secret_password_clear_finish (result, &error);

  if (error != NULL)
    {
      return_failure (task, error);
      return;
    }

  g_task_return_boolean (task, removed);
}

/**
 * ca_password_store_clear_async:
 *
 * Forgets the password kept for @source's server, database and user.
 */
void
ca_password_store_clear_async (const char          *source,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  g_return_if_fail (source != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ca_password_store_clear_async);

  attributes = attributes_for (source);
  secret_password_clearv (get_schema (), attributes, cancellable, cleared_cb, g_steal_pointer (&task));
}

/**
 * ca_password_store_clear_finish:
 *
 * Returns: whether a password was kept and is now gone; %FALSE with no
 *   error when there was none
 */
gboolean
ca_password_store_clear_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
remembered_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!ca_password_store_save_finish (result, &error))
    g_message ("The password was not remembered: %s", error->message);
}

/* Passwords to remember once a server has accepted them: the connection
 * without its password → the password.  Main thread only. */
static GHashTable *
get_pending (void)
{
  static GHashTable *pending;

  if (pending == NULL)
    pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  return pending;
}

/**
 * ca_password_store_remember:
 * @source: a PostgreSQL connection with its password
 *
 * Marks the password in @source to be kept in the keyring once the
 * server accepts it (see ca_password_store_accepted()): a mistyped one
 * is never kept.
 */
void
ca_password_store_remember (const char *source)
{
  char *password;

  g_return_if_fail (source != NULL);

  password = ca_connection_dup_value (source, "password");
  if (password != NULL)
    g_hash_table_insert (get_pending (), ca_connection_strip_password (source), password);
}

/**
 * ca_password_store_accepted:
 * @source: a connection, with its password, that the server accepted
 *
 * Keeps the password in the keyring, in the background, if it was
 * marked to be remembered.
 */
void
ca_password_store_accepted (const char *source)
{
  g_autofree char *key = NULL;
  g_autofree char *password = NULL;
  const char *pending;

  g_return_if_fail (source != NULL);

  key = ca_connection_strip_password (source);
  password = ca_connection_dup_value (source, "password");
  pending = g_hash_table_lookup (get_pending (), key);
  if (pending != NULL && g_strcmp0 (pending, password) == 0)
    ca_password_store_save_async (source, password, NULL, remembered_cb, NULL);
  g_hash_table_remove (get_pending (), key);
}

/**
 * ca_password_store_refused:
 * @source: a connection that could not be made
 *
 * Forgets a password marked to be remembered: the server refused it, or
 * was not reached to say.
 */
void
ca_password_store_refused (const char *source)
{
  g_autofree char *key = NULL;

  g_return_if_fail (source != NULL);

  key = ca_connection_strip_password (source);
  g_hash_table_remove (get_pending (), key);
}

/* Completing a connection ------------------------------------------------ */

typedef struct
{
  char      *source;       /* without a password */
  GtkWidget *dialog;
  GtkWidget *entry;
  GtkWidget *remember;
  gulong     response_id;
  gulong     cancelled_id;
} Completion;

static void
completion_free (gpointer data)
{
  Completion *completion = data;

  g_free (completion->source);
  g_clear_object (&completion->dialog);
  g_free (completion);
}

static void
completion_looked_up_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Completion *completion = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *password = ca_password_store_lookup_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* No password kept, or no keyring: the server may not want one (trust,
   * peer, ~/.pgpass); if it does, the caller asks. */
  if (password == NULL)
    {
      g_task_return_pointer (task, g_strdup (completion->source), g_free);
      return;
    }

  g_task_return_pointer (task, ca_connection_set_password (completion->source, password), g_free);
  secret_password_free (password);
}

static void
on_password_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         GTask            *task)
{
  Completion *completion = g_task_get_task_data (task);
  g_autoptr(GTask) owned = task;

  /* Closing the dialog after a response responds again, with "cancel". */
  g_signal_handler_disconnect (dialog, completion->response_id);
  completion->response_id = 0;
  g_cancellable_disconnect (g_task_get_cancellable (task), completion->cancelled_id);
  completion->cancelled_id = 0;

  if (g_str_equal (response, "connect"))
    {
      const char *password = gtk_editable_get_text (GTK_EDITABLE (completion->entry));
      char *completed = ca_connection_set_password (completion->source, password);

      if (gtk_switch_get_active (GTK_SWITCH (completion->remember)))
        ca_password_store_remember (completed);
      g_task_return_pointer (task, completed, g_free);
    }
  else
    {
      g_autofree char *name = ca_connection_describe (completion->source);

      /* translators: %s is user@host:port/database */
      g_task_return_new_error (task, CA_PASSWORD_STORE_ERROR, CA_PASSWORD_STORE_ERROR_DECLINED,
                               _("“%s” was left out: no password was given"), name);
    }
}

/* A dialog destroyed unanswered, with the window it belonged to:
 * answered "cancel", so the load waiting on it ends and lets go. */
static void
on_password_dialog_destroy_cb (GtkWidget *dialog,
                               GTask     *task)
{
  Completion *completion = g_task_get_task_data (task);

  if (completion->response_id != 0)
    on_password_response_cb (ADW_MESSAGE_DIALOG (dialog), "cancel", task);
}

static void
on_completion_cancelled_cb (GCancellable *cancellable,
                            GtkWidget    *dialog)
{
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_close (GTK_WINDOW (dialog));
}

/**
 * ca_password_store_add_remember_row:
 * @list: the boxed list to add the row to
 * @out_switch: (out): the row's switch
 *
 * Adds a "Remember Password" row with a switch, off, and insensitive with
 * the reason when there is no keyring.
 *
 * Returns: (transfer none): the row
 */
GtkWidget *
ca_password_store_add_remember_row (GtkWidget  *list,
                                    GtkWidget **out_switch)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("_Remember Password"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  if (!ca_password_store_is_available ())
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("No keyring is available"));
      gtk_widget_set_sensitive (row, FALSE);
    }
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  *out_switch = toggle;

  return row;
}

static void
show_password_dialog (GtkWindow *parent,
                      GTask     *task)
{
  Completion *completion = g_task_get_task_data (task);
  g_autofree char *name = ca_connection_describe (completion->source);
  g_autofree char *body = NULL;
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *dialog;

  /* translators: %s is user@host:port/database */
  body = g_strdup_printf (_("Enter the password for %s. With Remember on, it is kept in your "
                            "keyring; it is never written into projects."), name);
  dialog = adw_message_dialog_new (parent, _("Database Password"), body);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);

  completion->entry = adw_password_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (completion->entry), _("Password"));
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (completion->entry), TRUE);
  gtk_list_box_append (GTK_LIST_BOX (list), completion->entry);
  ca_password_store_add_remember_row (list, &completion->remember);

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "connect", _("C_onnect"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "connect",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "connect");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  completion->dialog = g_object_ref (dialog);

  /* The task's reference goes to the response handler. */
  completion->response_id = g_signal_connect (dialog, "response", G_CALLBACK (on_password_response_cb),
                                              g_object_ref (task));
  g_signal_connect_data (dialog, "destroy", G_CALLBACK (on_password_dialog_destroy_cb),
                         g_object_ref (task), (GClosureNotify)(void (*) (void))g_object_unref, 0);
  if (g_task_get_cancellable (task) != NULL)
    completion->cancelled_id = g_cancellable_connect (g_task_get_cancellable (task),
                                                      G_CALLBACK (on_completion_cancelled_cb),
                                                      dialog, NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (completion->entry);
}

/**
 * ca_password_store_complete_async:
 * @parent: (nullable): the window a password dialog belongs to
 * @source: a file or a connection string
 * @ask: whether to ask the user (the server refused the password it had,
 *   or wanted one); else the keyring is looked up
 *
 * Completes a PostgreSQL connection that has no password: from the
 * keyring, or with @ask, by asking in a small dialog that names the
 * connection (never its password) and offers to remember it.  Other
 * sources, and connections that have a password and need no asking,
 * complete at once as they are.
 */
void
ca_password_store_complete_async (GtkWindow           *parent,
                                  const char          *source,
                                  gboolean             ask,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Completion *completion;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (source != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ca_password_store_complete_async);

  if (!ca_connection_is_postgres (source) || (!ask && ca_connection_has_password (source)))
    {
      g_task_return_pointer (task, g_strdup (source), g_free);
      return;
    }

  completion = g_new0 (Completion, 1);
  completion->source = ca_connection_strip_password (source);
  g_task_set_task_data (task, completion, completion_free);

  if (ask)
    show_password_dialog (parent, task);
  else
    ca_password_store_lookup_async (completion->source, cancellable, completion_looked_up_cb,
                                    g_steal_pointer (&task));
}

/**
 * ca_password_store_complete_finish:
 *
 * Returns: the connection string to open, with its password when one was
 *   found or given; %NULL with %CA_PASSWORD_STORE_ERROR_DECLINED when the
 *   user cancelled the dialog
 */
char *
ca_password_store_complete_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
