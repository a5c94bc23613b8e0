/* test-recovery.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Recovery after a crash, with the real program under a display: it
 * opens a layer given on the command line, autosaves, is killed with
 * SIGKILL; the next start offers to recover, and Recover brings the layer
 * back.  Discard removes the autosave.
 *
 * The program runs with CORRIDOR_ATLAS_AUTOSAVE_SECONDS=1, so it autosaves
 * a second after a change, and CORRIDOR_ATLAS_RECOVER answers the offer. */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "test-util.h"

#define TIMEOUT_SECONDS 90

typedef struct
{
  char *home;     /* XDG_STATE_HOME, XDG_CACHE_HOME, XDG_DATA_HOME below */
  char *autosave;
} Fixture;

static GSubprocess *
launch (Fixture     *fixture,
        const char  *log,
        const char  *answer,
        const char  *file)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *state = g_build_filename (fixture->home, "state", NULL);
  g_autofree char *cache = g_build_filename (fixture->home, "cache", NULL);
  g_autofree char *data = g_build_filename (fixture->home, "data", NULL);
  GSubprocess *process;

  /* GLib writes debug messages to stdout: the log takes both streams. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  /* No session bus: the program runs on its own, as GApplication does
   * without one, and no bus is autolaunched on the display and left
   * behind. */
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS",
                                "unix:path=/nonexistent/corridor-atlas-test-bus", TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_STATE_HOME", state, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", cache, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data, TRUE);
  g_subprocess_launcher_setenv (launcher, "CORRIDOR_ATLAS_AUTOSAVE_SECONDS", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "CORRIDOR_ATLAS_TILE_HOST",
                                "tiles.corridor-atlas.invalid", TRUE);
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "ca-window-project", TRUE);
  if (answer != NULL)
    g_subprocess_launcher_setenv (launcher, "CORRIDOR_ATLAS_RECOVER", answer, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "CORRIDOR_ATLAS_RECOVER");
  g_subprocess_launcher_set_stdout_file_path (launcher, log);

  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("CA_TEST_BINARY"),
                                         file, NULL);
  g_assert_no_error (error);

  return process;
}

static gboolean
file_contains (const char *path,
               const char *text)
{
  g_autofree char *contents = NULL;

  return g_file_get_contents (path, &contents, NULL, NULL) && strstr (contents, text) != NULL;
}

/* Polls every 100 ms, failing after a while or if the program died. */
static void
wait_for (GSubprocess *process,
          gboolean   (*done) (const char *, const char *),
          const char  *path,
          const char  *text,
          const char  *log)
{
  gint64 end = g_get_monotonic_time () + TIMEOUT_SECONDS * G_USEC_PER_SEC;

  while (!done (path, text))
    {
      if (g_get_monotonic_time () > end || g_subprocess_get_identifier (process) == NULL)
        {
          g_autofree char *contents = NULL;

          g_file_get_contents (log, &contents, NULL, NULL);
          g_error ("Gave up waiting for “%s” in %s; the program said:\n%s", text, path,
                   contents != NULL ? contents : "");
        }
      g_usleep (100 * 1000);
      /* Let GSubprocess notice the program's exit. */
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
}

static gboolean
file_missing (const char *path,
              const char *unused)
{
  return !g_file_test (path, G_FILE_TEST_EXISTS);
}

static void
crash (GSubprocess *process)
{
  g_subprocess_force_exit (process);   /* SIGKILL: nothing runs at exit */
  g_subprocess_wait (process, NULL, NULL);
}

static void
test_recovery (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GSubprocess) first = NULL;
  g_autoptr(GSubprocess) second = NULL;
  g_autoptr(GSubprocess) third = NULL;
  g_autofree char *layer = NULL;
  g_autofree char *log1 = NULL;
  g_autofree char *log2 = NULL;
  g_autofree char *log3 = NULL;
  g_autofree char *marker = NULL;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_skip ("No display; run under xvfb-run");
      return;
    }

  fixture.home = g_dir_make_tmp ("ca-recovery-XXXXXX", NULL);
  g_assert_nonnull (fixture.home);
  fixture.autosave = g_build_filename (fixture.home, "state", "corridor-atlas",
                                       "autosave.corridor", NULL);
  marker = g_build_filename (fixture.home, "state", "corridor-atlas", "autosave.marker", NULL);
  log1 = g_build_filename (fixture.home, "first.log", NULL);
  log2 = g_build_filename (fixture.home, "second.log", NULL);
  log3 = g_build_filename (fixture.home, "third.log", NULL);
  layer = g_test_build_filename (G_TEST_DIST, "data", "sample.geojson", NULL);

  /* A layer opened on the command line is unsaved work: it is autosaved. */
  first = launch (&fixture, log1, NULL, layer);
  wait_for (first, file_contains, fixture.autosave, "sample.geojson", log1);
  /* The marker is written just after the autosave. */
  wait_for (first, file_contains, marker, "", log1);
  crash (first);
  g_assert_true (g_file_test (fixture.autosave, G_FILE_TEST_EXISTS));

  /* The next start offers it, and Recover brings the layer back. */
  second = launch (&fixture, log2, "recover", NULL);
  wait_for (second, file_contains, log2, "Offering to recover", log2);
  wait_for (second, file_contains, log2, "Restored layer “sample.geojson”", log2);
  /* Recovered work is still unsaved work, autosaved again. */
  wait_for (second, file_contains, log2, "Autosaved 4 layers", log2);
  crash (second);

  /* Discard removes it. */
  third = launch (&fixture, log3, "discard", NULL);
  wait_for (third, file_contains, log3, "Offering to recover", log3);
  wait_for (third, file_missing, fixture.autosave, "(the autosave removed)", log3);
  g_assert_false (g_file_test (marker, G_FILE_TEST_EXISTS));
  g_assert_false (file_contains (log3, "Restored layer"));
  crash (third);

  test_remove_tree (fixture.home);
  g_free (fixture.home);
  g_free (fixture.autosave);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/recovery/after-crash", test_recovery);

  return g_test_run ();
}
