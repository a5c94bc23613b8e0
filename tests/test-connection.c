/* test-connection.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ca-connection.h"
#include "ca-project.h"
#include "ca-trade-cube.h"
#include "ca-vector-layer.h"

/* GDAL PostgreSQL connection strings: reading them, and keeping their
 * password out of everything that is shown or saved. */

static void
test_keywords (void)
{
  const char *source = "PG:host=db.example port = 5433 dbname='my data' user=planner "
                       "password='it\\'s a \\\\ secret' tables=roads";
  g_autofree char *host = ca_connection_dup_value (source, "host");
  g_autofree char *port = ca_connection_dup_value (source, "port");
  g_autofree char *dbname = ca_connection_dup_value (source, "dbname");
  g_autofree char *user = ca_connection_dup_value (source, "user");
  g_autofree char *password = ca_connection_dup_value (source, "password");
  g_autofree char *tables = ca_connection_dup_value (source, "tables");
  g_autofree char *missing = ca_connection_dup_value (source, "sslmode");
  g_autofree char *redacted = ca_connection_redact (source);
  g_autofree char *stripped = ca_connection_strip_password (source);
  g_autofree char *described = ca_connection_describe (source);

  g_assert_true (ca_connection_is_postgres (source));
  g_assert_true (ca_connection_has_password (source));
  g_assert_cmpstr (host, ==, "db.example");
  g_assert_cmpstr (port, ==, "5433");
  g_assert_cmpstr (dbname, ==, "my data");
  g_assert_cmpstr (user, ==, "planner");
  g_assert_cmpstr (password, ==, "it's a \\ secret");
  g_assert_cmpstr (tables, ==, "roads");
  g_assert_null (missing);
  g_assert_cmpstr (redacted, ==, "PG:host=db.example port = 5433 dbname='my data' user=planner "
                                 "password=*** tables=roads");
  g_assert_cmpstr (stripped, ==, "PG:host=db.example port = 5433 dbname='my data' user=planner "
                                 "tables=roads");
  g_assert_cmpstr (described, ==, "planner@db.example:5433/my data");
}

static void
test_keyword_forms (void)
{
  static const struct { const char *in; const char *redacted; const char *stripped; const char *password; } cases[] = {
    { "PG:dbname=gis password=abc", "PG:dbname=gis password=***", "PG:dbname=gis", "abc" },
    { "PG:password=abc dbname=gis", "PG:password=*** dbname=gis", "PG: dbname=gis", "abc" },
    { "PG:host=x PASSWORD = y user=z", "PG:host=x PASSWORD = *** user=z", "PG:host=x user=z", "y" },
    { "PG:dbname=gis password='two words'", "PG:dbname=gis password=***", "PG:dbname=gis", "two words" },
    { "PG:dbname=gis password=back\\ slash", "PG:dbname=gis password=***", "PG:dbname=gis", "back slash" },
    { "PG:dbname=gis password=''", "PG:dbname=gis password=***", "PG:dbname=gis", "" },
    /* An unterminated quote runs to the end, and all of it is hidden. */
    { "PG:dbname=gis password='open quote host=x", "PG:dbname=gis password=***", "PG:dbname=gis",
      "open quote host=x" },
    { "pg:dbname=gis\tpassword=tab", "pg:dbname=gis\tpassword=***", "pg:dbname=gis", "tab" },
    { "PG:dbname=gis", "PG:dbname=gis", "PG:dbname=gis", NULL },
    { "PG:", "PG:", "PG:", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *redacted = ca_connection_redact (cases[i].in);
      g_autofree char *stripped = ca_connection_strip_password (cases[i].in);
      g_autofree char *password = ca_connection_dup_value (cases[i].in, "password");

      g_test_message ("%s", cases[i].redacted);
      g_assert_cmpstr (redacted, ==, cases[i].redacted);
      g_assert_cmpstr (stripped, ==, cases[i].stripped);
      g_assert_cmpstr (password, ==, cases[i].password);
      g_assert_cmpint (ca_connection_has_password (cases[i].in), ==, cases[i].password != NULL);
    }
}

static void
test_uri (void)
{
  static const struct {
    const char *in, *redacted, *stripped, *password, *described;
  } cases[] = {
    { "PG:postgresql://planner:s3cret@db.example/corridor",
      "PG:postgresql://planner:***@db.example/corridor",
      "PG:postgresql://planner@db.example/corridor", "s3cret", "planner@db.example:5432/corridor" },
    { "postgresql://me:secret@db/gis", "postgresql://me:***@db/gis", "postgresql://me@db/gis",
      "secret", "me@db:5432/gis" },
    { "PG:postgres://me:p%40ss%3Aw%2Frd@[::1]:6543/gis?sslmode=require",
      "PG:postgres://me:***@[::1]:6543/gis?sslmode=require",
      "PG:postgres://me@[::1]:6543/gis?sslmode=require", "p@ss:w/rd", "me@::1:6543/gis" },
    /* A literal ':' after the first belongs to the password. */
    { "PG:postgresql://me:a:b@db:5000/gis", "PG:postgresql://me:***@db:5000/gis",
      "PG:postgresql://me@db:5000/gis", "a:b", "me@db:5000/gis" },
    { "PG:postgresql://db/gis?user=me&password=x%20y&sslmode=disable",
      "PG:postgresql://db/gis?user=me&password=***&sslmode=disable",
      "PG:postgresql://db/gis?user=me&sslmode=disable", "x y", "me@db:5432/gis" },
    { "PG:postgresql://db/gis?password=only", "PG:postgresql://db/gis?password=***",
      "PG:postgresql://db/gis", "only", NULL },
    { "PG:postgresql://db/gis?password=first&port=7000", "PG:postgresql://db/gis?password=***&port=7000",
      "PG:postgresql://db/gis?port=7000", "first", NULL },
    { "PG:POSTGRESQL://me@db:5433/gis", "PG:POSTGRESQL://me@db:5433/gis",
      "PG:POSTGRESQL://me@db:5433/gis", NULL, "me@db:5433/gis" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *redacted = ca_connection_redact (cases[i].in);
      g_autofree char *stripped = ca_connection_strip_password (cases[i].in);
      g_autofree char *password = ca_connection_dup_value (cases[i].in, "password");

      g_test_message ("%s", cases[i].redacted);
      g_assert_true (ca_connection_is_postgres (cases[i].in));
      g_assert_cmpstr (redacted, ==, cases[i].redacted);
      g_assert_cmpstr (stripped, ==, cases[i].stripped);
      g_assert_cmpstr (password, ==, cases[i].password);
      if (cases[i].described != NULL)
        {
          g_autofree char *described = ca_connection_describe (cases[i].in);

          g_assert_cmpstr (described, ==, cases[i].described);
        }
    }
}

static void
test_defaults (void)
{
  g_autofree char *host = NULL;
  g_autofree char *port = NULL;
  g_autofree char *dbname = NULL;
  g_autofree char *user = NULL;

  ca_connection_get_identity ("PG:dbname=gis", &host, &port, &dbname, &user);
  g_assert_cmpstr (host, ==, "localhost");
  g_assert_cmpstr (port, ==, "5432");
  g_assert_cmpstr (dbname, ==, "gis");
  g_assert_cmpstr (user, ==, g_get_user_name ());

  g_clear_pointer (&dbname, g_free);
  ca_connection_get_identity ("PG:user=ann", NULL, NULL, &dbname, NULL);
  g_assert_cmpstr (dbname, ==, "ann");
}

static void
test_other_sources (void)
{
  static const struct { const char *in; const char *redacted; const char *stripped; } cases[] = {
    { "/home/planner/routes.gpkg", "/home/planner/routes.gpkg", "/home/planner/routes.gpkg" },
    { "MYSQL:gis,user=me,password=abc,tables=roads", "MYSQL:gis,user=me,password=***,tables=roads",
      "MYSQL:gis,user=me,tables=roads" },
    { "/vsicurl/https://me:pw@example.org/roads.geojson", "/vsicurl/https://me:***@example.org/roads.geojson",
      "/vsicurl/https://me@example.org/roads.geojson" },
    { "/data/passwords.csv", "/data/passwords.csv", "/data/passwords.csv" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *redacted = ca_connection_redact (cases[i].in);
      g_autofree char *stripped = ca_connection_strip_password (cases[i].in);
      g_autofree char *set = ca_connection_set_password (cases[i].in, "new");

      g_assert_false (ca_connection_is_postgres (cases[i].in));
      g_assert_cmpstr (redacted, ==, cases[i].redacted);
      g_assert_cmpstr (stripped, ==, cases[i].stripped);
      g_assert_cmpstr (set, ==, cases[i].in);
    }
}

/* Passwords that need quoting go in, come back out exactly, and vanish
 * from the redacted and stripped forms. */
static void
test_round_trip (void)
{
  static const char * const sources[] = {
    "PG:host=db port=5432 dbname=gis user=planner",
    "PG:host=db dbname='my data' tables=roads,ports",
    "PG:dbname=gis",
    "PG:",
    "PG:postgresql://planner@db:5432/gis",
    "PG:postgresql://db/gis",
    "PG:postgresql://db/gis?sslmode=require",
    "postgres://planner@db/gis",
  };
  static const char * const passwords[] = {
    "s3cret", "two words", "it's", "back\\slash", "p@ss:word/?&=#%", "'", " ", "密码 ü",
  };

  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    for (guint j = 0; j < G_N_ELEMENTS (passwords); j++)
      {
        g_autofree char *with = ca_connection_set_password (sources[i], passwords[j]);
        g_autofree char *again = ca_connection_set_password (with, "other");
        g_autofree char *back = ca_connection_dup_value (with, "password");
        g_autofree char *back_again = ca_connection_dup_value (again, "password");
        g_autofree char *stripped = ca_connection_strip_password (with);
        g_autofree char *redacted = ca_connection_redact (with);
        g_autofree char *stripped_again = ca_connection_strip_password (again);
        g_autofree char *dbname = ca_connection_dup_value (sources[i], "dbname");
        g_autofree char *dbname_with = ca_connection_dup_value (with, "dbname");

        g_test_message ("%s + %s", sources[i], passwords[j]);
        g_assert_cmpstr (back, ==, passwords[j]);
        g_assert_cmpstr (back_again, ==, "other");
        g_assert_cmpstr (stripped, ==, sources[i]);
        g_assert_cmpstr (stripped_again, ==, sources[i]);
        g_assert_cmpstr (dbname_with, ==, dbname);
        /* Single characters like "'" or " " appear in the source anyway. */
        if (strlen (passwords[j]) > 1)
          g_assert_null (strstr (redacted, passwords[j]));
        g_assert_nonnull (strstr (redacted, "***"));
      }
}

static void
test_auth_error (void)
{
  g_assert_true (ca_connection_is_auth_error ("connection to server at \"127.0.0.1\", port 5432 failed: "
                                              "FATAL:  password authentication failed for user \"u\""));
  g_assert_true (ca_connection_is_auth_error ("fe_sendauth: no password supplied"));
  g_assert_true (ca_connection_is_auth_error ("Could not open “PG:dbname=x”: No password supplied"));
  g_assert_false (ca_connection_is_auth_error ("could not connect to server: Connection refused"));
  g_assert_false (ca_connection_is_auth_error ("FATAL:  database \"x\" does not exist"));
  g_assert_false (ca_connection_is_auth_error (NULL));
}

/* The two older entry points now say the same as the unit. */
static void
test_wrappers (void)
{
  const char *source = "PG:host=db user=u password='a b' dbname=gis";
  g_autofree char *stripped = ca_project_strip_password (source);
  g_autofree char *redacted = ca_vector_source_redact (source);

  g_assert_cmpstr (stripped, ==, "PG:host=db user=u dbname=gis");
  g_assert_cmpstr (redacted, ==, "PG:host=db user=u password=*** dbname=gis");
}

/* A saved project holds no password in any form, anywhere in its bytes. */
static void
test_project_bytes (void)
{
  g_autoptr(CaProject) project = ca_project_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-connection-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  CaProjectLayer keywords = {
    .source = (char *)"PG:host=db dbname=gis user=planner password='SECRET one' tables=roads",
    .title = (char *)"roads", .visible = TRUE, .width = 1, .opacity = 1,
  };
  CaProjectLayer uri = {
    .source = (char *)"PG:postgresql://planner:SECRETtwo@db/gis?password=SECRETthree",
    .title = (char *)"ports", .visible = TRUE, .width = 1, .opacity = 1,
  };

  g_assert_no_error (error);
  path = g_build_filename (dir, "secret.corridor", NULL);
  file = g_file_new_for_path (path);

  ca_project_add_layer (project, &keywords);
  ca_project_add_layer (project, &uri);
  ca_project_add_trade_source (project, "PG:dbname=trade user=planner password=SECRETfour tables=trade");
  g_assert_true (ca_project_save (project, file, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 0);
  g_assert_null (g_strstr_len (contents, length, "SECRET"));
  g_assert_null (g_strstr_len (contents, length, "password"));
  /* What is left still names the tables. */
  g_assert_nonnull (g_strstr_len (contents, length, "PG:host=db dbname=gis user=planner tables=roads"));
  g_assert_nonnull (g_strstr_len (contents, length, "PG:postgresql://planner@db/gis"));

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A server that cannot be reached: the error names the source without its
 * password. */
static void
test_error_messages (void)
{
  const char *source = "PG:host=127.0.0.1 port=1 dbname=x user=u password=SECRETVALUE";
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) trade_error = NULL;
  g_auto(GStrv) names = ca_vector_source_list_layers (source, &error);
  g_autoptr(CaVectorLayer) layer = NULL;
  g_autoptr(CaTradeCube) cube = NULL;

  g_assert_null (names);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_null (strstr (error->message, "SECRETVALUE"));
  g_assert_nonnull (strstr (error->message, "password=***"));
  g_clear_error (&error);

  layer = ca_vector_layer_load (source, "roads", NULL, NULL, NULL, &error);
  g_assert_null (layer);
  g_assert_nonnull (error);
  g_assert_null (strstr (error->message, "SECRETVALUE"));

  cube = ca_trade_cube_load (source, NULL, NULL, NULL, &trade_error);
  g_assert_null (cube);
  g_assert_nonnull (trade_error);
  g_test_message ("%s", trade_error->message);
  g_assert_null (strstr (trade_error->message, "SECRETVALUE"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/connection/keywords", test_keywords);
  g_test_add_func ("/connection/keyword-forms", test_keyword_forms);
  g_test_add_func ("/connection/uri", test_uri);
  g_test_add_func ("/connection/defaults", test_defaults);
  g_test_add_func ("/connection/other-sources", test_other_sources);
  g_test_add_func ("/connection/round-trip", test_round_trip);
  g_test_add_func ("/connection/auth-error", test_auth_error);
  g_test_add_func ("/connection/wrappers", test_wrappers);
  g_test_add_func ("/connection/project-bytes", test_project_bytes);
  g_test_add_func ("/connection/error-messages", test_error_messages);

  return g_test_run ();
}
