/* test-window-database.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Database passwords in the keyring, for real: libsecret's file backend
 * (SECRET_BACKEND=file, a keyring file in a fresh folder) stands in for
 * the desktop's secret service.  CA_TEST_PASSWORD_MODE picks the cases:
 *
 *   store       the store alone, headless: store, lookup, clear
 *   no-keyring  no secret service at all: the store says so
 *   display     the database dialog and a reopened project, in a window
 */

#include "test-window-util.h"

#include <string.h>

#include "ca-connection.h"
#include "ca-password-store.h"

static char *keyring_dir;

static gboolean
is_set (gpointer data)
{
  return *(gpointer *)data != NULL;
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for_result (GAsyncResult **slot)
{
  wait_until (is_set, slot, "the keyring to answer");
  return *slot;
}

static void
save (const char *source,
      const char *password)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ca_password_store_save_async (source, password, NULL, result_cb, &result);
  g_assert_true (ca_password_store_save_finish (wait_for_result (&result), &error));
  g_assert_no_error (error);
}

static char *
lookup (const char *source)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *password;

  ca_password_store_lookup_async (source, NULL, result_cb, &result);
  password = ca_password_store_lookup_finish (wait_for_result (&result), &error);
  g_assert_no_error (error);

  return password;
}

static gboolean
clear (const char *source)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean removed;

  ca_password_store_clear_async (source, NULL, result_cb, &result);
  removed = ca_password_store_clear_finish (wait_for_result (&result), &error);
  g_assert_no_error (error);

  return removed;
}

static char *
complete (const char  *source,
          GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ca_password_store_complete_async (NULL, source, FALSE, NULL, result_cb, &result);
  return ca_password_store_complete_finish (wait_for_result (&result), error);
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  return g_strstr_len (contents, length, needle) != NULL;
}

/* Store, lookup and clear through the file backend; a password is found
 * by the server and account, however the connection is spelt. */
static void
test_store_round_trip (void)
{
  const char *keywords = "PG:host=db.example port=5433 dbname=gis user=planner tables=roads";
  const char *uri = "PG:postgresql://planner@db.example:5433/gis";
  const char *password = "pa ss'wörd\\@:";
  g_autofree char *keyring = g_build_filename (keyring_dir, "keyrings", "default.keyring", NULL);
  g_autofree char *found = NULL;
  g_autofree char *other_port = NULL;
  g_autofree char *other_user = NULL;
  g_autofree char *replaced = NULL;
  g_autofree char *completed = NULL;
  g_autofree char *completed_password = NULL;
  g_autofree char *gone = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_null (lookup (keywords));

  save (keywords, password);
  g_assert_true (ca_password_store_is_available ());
  found = lookup (uri);
  g_assert_cmpstr (found, ==, password);
  other_port = lookup ("PG:host=db.example port=5432 dbname=gis user=planner");
  g_assert_null (other_port);
  other_user = lookup ("PG:host=db.example port=5433 dbname=gis user=someone");
  g_assert_null (other_user);

  /* The keyring is a file, encrypted: the password is not in it. */
  g_assert_true (g_file_test (keyring, G_FILE_TEST_EXISTS));
  g_assert_false (file_contains (keyring, "ss'w"));

  /* A new password takes the old one's place. */
  save (keywords, "second");
  replaced = lookup (keywords);
  g_assert_cmpstr (replaced, ==, "second");

  /* Completing a connection without password takes the keyring's. */
  completed = complete (keywords, &error);
  g_assert_no_error (error);
  completed_password = ca_connection_dup_value (completed, "password");
  g_assert_cmpstr (completed_password, ==, "second");
  g_assert_true (g_str_has_prefix (completed, keywords));

  g_assert_true (clear (uri));
  gone = lookup (keywords);
  g_assert_null (gone);
  g_assert_false (clear (keywords));
}

/* A connection that has its password, or a file, needs no keyring. */
static void
test_store_nothing_to_complete (void)
{
  static const char * const sources[] = {
    "PG:host=db dbname=gis password=given",
    "/data/routes.gpkg",
  };

  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *completed = complete (sources[i], &error);

      g_assert_no_error (error);
      g_assert_cmpstr (completed, ==, sources[i]);
    }
}

/* No secret service: lookup fails as unavailable, the store says so, and
 * completing leaves the connection without password (the app asks). */
static void
test_no_keyring (void)
{
  const char *source = "PG:host=db dbname=gis user=planner";
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) save_error = NULL;
  g_autoptr(GError) complete_error = NULL;
  g_autofree char *password = NULL;
  g_autofree char *completed = NULL;

  g_assert_true (ca_password_store_is_available ());

  ca_password_store_lookup_async (source, NULL, result_cb, &result);
  password = ca_password_store_lookup_finish (wait_for_result (&result), &error);
  g_assert_null (password);
  g_assert_error (error, CA_PASSWORD_STORE_ERROR, CA_PASSWORD_STORE_ERROR_UNAVAILABLE);
  g_assert_false (ca_password_store_is_available ());

  ca_password_store_save_async (source, "SECRETVALUE", NULL, result_cb, &saved);
  g_assert_false (ca_password_store_save_finish (wait_for_result (&saved), &save_error));
  g_assert_error (save_error, CA_PASSWORD_STORE_ERROR, CA_PASSWORD_STORE_ERROR_UNAVAILABLE);
  g_assert_null (strstr (save_error->message, "SECRETVALUE"));

  completed = complete (source, &complete_error);
  g_assert_no_error (complete_error);
  g_assert_cmpstr (completed, ==, source);
}

/* Display cases ----------------------------------------------------------- */

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

static gboolean
toast_mentions_source (gpointer data)
{
  const char *toast = _ca_window_get_last_toast (data);

  return toast != NULL && strstr (toast, "127.0.0.1") != NULL;
}

static void
set_row (GtkWidget  *box,
         const char *name,
         const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (g_object_get_data (G_OBJECT (box), name)), text);
}

/* The dialog with Remember on: a server that cannot be reached shows the
 * connection without the password, and the password, never accepted, is
 * not kept. */
static void
test_dialog_remembers (void)
{
  CaWindow *window = open_window ();
  AdwMessageDialog *dialog;
  GtkWidget *box;
  const char *body;
  const char *toast;
  g_autofree char *kept = NULL;

  _ca_window_show_database_dialog (window, FALSE);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  body = adw_message_dialog_get_body (dialog);
  g_assert_nonnull (strstr (body, "keyring"));
  g_assert_nonnull (strstr (body, "never written into projects"));

  box = adw_message_dialog_get_extra_child (dialog);
  g_assert_true (GTK_IS_SWITCH (g_object_get_data (G_OBJECT (box), "remember")));
  g_assert_false (gtk_switch_get_active (g_object_get_data (G_OBJECT (box), "remember")));
  set_row (box, "host", "127.0.0.1");
  set_row (box, "port", "1");
  set_row (box, "database", "x");
  set_row (box, "user", "u");
  set_row (box, "password", "SECRET value'\\");
  set_row (box, "table", "roads");
  gtk_switch_set_active (g_object_get_data (G_OBJECT (box), "remember"), TRUE);
  adw_message_dialog_response (dialog, "open");

  /* Nothing listens on port 1: the load fails, naming the connection. */
  wait_until (toast_mentions_source, window, "the load to fail");
  toast = _ca_window_get_last_toast (window);
  g_test_message ("%s", toast);
  g_assert_null (strstr (toast, "SECRET"));
  g_assert_nonnull (strstr (toast, "password=***"));

  kept = lookup ("PG:host=127.0.0.1 port=1 dbname=x user=u");
  g_assert_null (kept);

  close_window (window);
}

/* A project saved with a database layer comes back without the password,
 * and the window takes it from the keyring when it opens the project. */
static void
test_project_looks_up (void)
{
  const char *source = "PG:host=127.0.0.1 port=1 dbname=y user=v";
  g_autofree char *with_password = ca_connection_set_password (source, "SECRETVALUE");
  g_autofree char *dir = g_dir_make_tmp ("test-database-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "db.corridor", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CaProject) project = ca_project_new ();
  g_autoptr(GError) error = NULL;
  CaProjectLayer layer = {
    .source = with_password, .title = (char *)"roads", .visible = TRUE, .width = 1, .opacity = 1,
  };
  CaWindow *window;
  const char *toast;

  ca_project_add_layer (project, &layer);
  g_assert_true (ca_project_save (project, file, &error));
  g_assert_no_error (error);
  g_assert_false (file_contains (path, "SECRETVALUE"));
  g_assert_false (file_contains (path, "password"));

  save (source, "SECRETVALUE");

  window = open_window ();
  g_assert_true (_ca_window_open_project (window, file));
  wait_until (toast_mentions_source, window, "the project's layer to fail");
  toast = _ca_window_get_last_toast (window);
  g_test_message ("%s", toast);
  /* The keyring's password was used, and is not shown. */
  g_assert_nonnull (strstr (toast, "password=***"));
  g_assert_null (strstr (toast, "SECRETVALUE"));

  /* Saved again, the project still has no password. */
  g_assert_true (_ca_window_save_project (window, file, &error));
  g_assert_no_error (error);
  g_assert_false (file_contains (path, "SECRETVALUE"));

  close_window (window);
  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A PostgreSQL server that asks for a password and refuses every one:
 * enough of the protocol for libpq to report "no password supplied" or
 * "password authentication failed", with the passwords it was sent. */
typedef struct
{
  GSocketListener *listener;
  GCancellable    *cancellable;
  GThread         *thread;
  guint16          port;
  GMutex           lock;
  GPtrArray       *passwords;
  guint            n_connections;
} FakeServer;

static guint32
read_be32 (const guint8 *p)
{
  return (guint32)p[0] << 24 | (guint32)p[1] << 16 | (guint32)p[2] << 8 | (guint32)p[3];
}

static gboolean
read_exact (GInputStream *in,
            gpointer      buffer,
            gsize         size)
{
  gsize got = 0;

  return g_input_stream_read_all (in, buffer, size, &got, NULL, NULL) && got == size;
}

static void
serve_connection (FakeServer        *server,
                  GSocketConnection *connection)
{
  static const guint8 ask_cleartext[] = { 'R', 0, 0, 0, 8, 0, 0, 0, 3 };
  static const char refusal[] = "SFATAL\0VFATAL\0C28P01\0"
                                "Mpassword authentication failed for user \"v\"\0";
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  guint8 header[8];
  guint8 type;
  guint32 length;
  g_autofree char *password = NULL;
  guint8 error_header[5];

  g_mutex_lock (&server->lock);
  server->n_connections++;
  g_mutex_unlock (&server->lock);

  /* SSL or GSS encryption requests are declined; then the startup. */
  for (;;)
    {
      g_autofree guint8 *rest = NULL;

      if (!read_exact (in, header, sizeof header))
        return;
      length = read_be32 (header);
      if (length == 8 && (read_be32 (header + 4) == 80877103 || read_be32 (header + 4) == 80877104))
        {
          g_output_stream_write_all (out, "N", 1, NULL, NULL, NULL);
          continue;
        }
      if (length < 8 || length > 10000)
        return;
      rest = g_malloc (length - 8);
      if (!read_exact (in, rest, length - 8))
        return;
      break;
    }

  g_output_stream_write_all (out, ask_cleartext, sizeof ask_cleartext, NULL, NULL, NULL);
  /* A client with no password hangs up here. */
  if (!read_exact (in, &type, 1) || type != 'p' || !read_exact (in, header, 4))
    return;
  length = read_be32 (header);
  if (length < 5 || length > 10000)
    return;
  password = g_malloc0 (length - 4 + 1);
  if (!read_exact (in, password, length - 4))
    return;

  g_mutex_lock (&server->lock);
  g_ptr_array_add (server->passwords, g_strdup (password));
  g_mutex_unlock (&server->lock);

  error_header[0] = 'E';
  length = 4 + sizeof refusal;   /* the fields, and the final zero */
  error_header[1] = length >> 24;
  error_header[2] = length >> 16 & 0xff;
  error_header[3] = length >> 8 & 0xff;
  error_header[4] = length & 0xff;
  g_output_stream_write_all (out, error_header, sizeof error_header, NULL, NULL, NULL);
  g_output_stream_write_all (out, refusal, sizeof refusal, NULL, NULL, NULL);
}

static gpointer
fake_server_thread (gpointer data)
{
  FakeServer *server = data;

  for (;;)
    {
      g_autoptr(GSocketConnection) connection =
        g_socket_listener_accept (server->listener, NULL, server->cancellable, NULL);

      if (connection == NULL)
        return NULL;
      serve_connection (server, connection);
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
    }
}

static void
fake_server_start (FakeServer *server)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  server->listener = g_socket_listener_new ();
  g_socket_listener_add_address (server->listener, address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  server->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  server->cancellable = g_cancellable_new ();
  server->passwords = g_ptr_array_new_with_free_func (g_free);
  g_mutex_init (&server->lock);
  server->thread = g_thread_new ("fake-postgres", fake_server_thread, server);
}

static void
fake_server_stop (FakeServer *server)
{
  g_cancellable_cancel (server->cancellable);
  g_thread_join (server->thread);
  g_socket_listener_close (server->listener);
  g_clear_object (&server->listener);
  g_clear_object (&server->cancellable);
  g_clear_pointer (&server->passwords, g_ptr_array_unref);
  g_mutex_clear (&server->lock);
}

static gboolean
dialog_shown (gpointer data)
{
  return find_message_dialog () != NULL;
}

static gboolean
toast_left_out (gpointer data)
{
  const char *toast = _ca_window_get_last_toast (data);

  return toast != NULL && strstr (toast, "left out") != NULL;
}

static void
answer_password_dialog (const char *expected_name,
                        const char *password,
                        gboolean    remember)
{
  AdwMessageDialog *dialog;
  GtkWidget *list;
  GtkWidget *entry;
  GtkWidget *remember_row;

  wait_until (dialog_shown, NULL, "the password dialog");
  dialog = find_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Database Password");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), expected_name));

  list = adw_message_dialog_get_extra_child (dialog);
  entry = gtk_widget_get_first_child (list);
  remember_row = gtk_widget_get_next_sibling (entry);
  g_assert_true (ADW_IS_PASSWORD_ENTRY_ROW (entry));
  g_assert_true (ADW_IS_ACTION_ROW (remember_row));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");

  /* As the dialog's buttons do: respond, then close. */
  if (password == NULL)
    {
      adw_message_dialog_response (dialog, "cancel");
      gtk_window_close (GTK_WINDOW (dialog));
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (entry), password);
  gtk_switch_set_active (GTK_SWITCH (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (remember_row))),
                         remember);
  adw_message_dialog_response (dialog, "connect");
  gtk_window_close (GTK_WINDOW (dialog));
}

/* A server that wants a password, with none in the keyring: the user is
 * asked, naming the connection; a refused password asks again; Cancel
 * leaves the layer out.  The password typed with Remember on was refused,
 * so it is not kept. */
static void
test_asks_for_password (void)
{
  FakeServer server = { 0 };
  g_autofree char *source = NULL;
  g_autofree char *name = NULL;
  g_autofree char *kept = NULL;
  CaWindow *window;
  const char *toast;

  fake_server_start (&server);
  source = g_strdup_printf ("PG:host=127.0.0.1 port=%u dbname=y user=v", server.port);
  name = g_strdup_printf ("v@127.0.0.1:%u/y", server.port);

  window = open_window ();
  _ca_window_open_source (window, source, "asked");

  answer_password_dialog (name, "typed secret", TRUE);
  answer_password_dialog (name, NULL, FALSE);
  wait_until (toast_left_out, window, "the layer to be left out");
  toast = _ca_window_get_last_toast (window);
  g_test_message ("%s", toast);
  g_assert_nonnull (strstr (toast, name));
  g_assert_null (strstr (toast, "typed secret"));

  /* One try without a password, one with the typed one. */
  g_mutex_lock (&server.lock);
  g_assert_cmpuint (server.passwords->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (server.passwords, 0), ==, "typed secret");
  g_assert_cmpuint (server.n_connections, >=, 2);
  g_mutex_unlock (&server.lock);

  kept = lookup (source);
  g_assert_null (kept);
  g_assert_cmpuint (g_list_model_get_n_items (_ca_window_get_layers (window)), ==, 3);

  close_window (window);
  fake_server_stop (&server);
}

static gboolean
is_kept (gpointer data)
{
  g_autofree char *found = lookup (data);

  return found != NULL;
}

/* Remember keeps a password only once the server has accepted it: a
 * refused one, or one other than the one marked, is never kept. */
static void
test_store_remembers_accepted (void)
{
  const char *source = "PG:host=accept.example port=5432 dbname=gis user=planner";
  g_autofree char *right = ca_connection_set_password (source, "right one");
  g_autofree char *wrong = ca_connection_set_password (source, "wrong one");
  g_autofree char *kept = NULL;

  /* Marked, then refused: nothing kept. */
  ca_password_store_remember (wrong);
  ca_password_store_refused (wrong);
  ca_password_store_accepted (wrong);
  g_assert_null (lookup (source));

  /* Marked as one password, accepted as another: nothing kept. */
  ca_password_store_remember (wrong);
  ca_password_store_accepted (right);
  g_assert_null (lookup (source));

  /* Not marked, accepted: nothing kept. */
  ca_password_store_accepted (right);
  g_assert_null (lookup (source));

  /* Marked and accepted: kept, in the background. */
  ca_password_store_remember (right);
  ca_password_store_accepted (right);
  wait_until (is_kept, (gpointer)source, "the accepted password to be kept");
  kept = lookup (source);
  g_assert_cmpstr (kept, ==, "right one");
}

int
main (int   argc,
      char *argv[])
{
  const char *mode = g_getenv ("CA_TEST_PASSWORD_MODE");
  g_autofree char *keyring = NULL;
  int status;

  keyring_dir = g_dir_make_tmp ("ca-keyring-XXXXXX", NULL);
  g_assert_nonnull (keyring_dir);
  keyring = g_build_filename (keyring_dir, "keyrings", "default.keyring", NULL);
  g_assert_cmpint (g_mkdir_with_parents (keyring_dir, 0700), ==, 0);
  {
    g_autofree char *parent = g_path_get_dirname (keyring);

    g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  }

  if (g_strcmp0 (mode, "no-keyring") == 0)
    {
      /* The secret service over a session bus that is not there. */
      g_setenv ("SECRET_BACKEND", "service", TRUE);
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/ca-test-bus", TRUE);
    }
  else
    {
      g_setenv ("SECRET_BACKEND", "file", TRUE);
      g_setenv ("SECRET_FILE_TEST_PATH", keyring, TRUE);
      g_setenv ("SECRET_FILE_TEST_PASSWORD", "test keyring password", TRUE);
    }

  if (g_strcmp0 (mode, "display") == 0)
    {
      TestWindowSetup setup;
      /* libpq reads no password file and tries no Kerberos. */
      g_autofree char *no_file = g_build_filename (keyring_dir, "no-pgpass", NULL);

      g_setenv ("PGPASSFILE", no_file, TRUE);
      g_setenv ("PGGSSENCMODE", "disable", TRUE);

      test_window_init (&argc, &argv, &setup);
      g_test_add_func ("/database/dialog-remembers", test_dialog_remembers);
      g_test_add_func ("/database/project-looks-up", test_project_looks_up);
      g_test_add_func ("/database/asks-for-password", test_asks_for_password);
      status = g_test_run ();
      test_window_finish (&setup);
    }
  else
    {
      g_test_init (&argc, &argv, NULL);
      if (g_strcmp0 (mode, "no-keyring") == 0)
        g_test_add_func ("/password-store/no-keyring", test_no_keyring);
      else
        {
          g_test_add_func ("/password-store/round-trip", test_store_round_trip);
          g_test_add_func ("/password-store/remembers-accepted", test_store_remembers_accepted);
          g_test_add_func ("/password-store/nothing-to-complete", test_store_nothing_to_complete);
        }
      status = g_test_run ();
    }

  test_remove_tree (keyring_dir);
  g_free (keyring_dir);

  return status;
}
