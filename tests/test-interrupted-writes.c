/* test-interrupted-writes.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A process killed while it writes never leaves a half-written file:
 * projects being saved and figures being exported are killed at many
 * moments, and afterwards the file is always either the one that was
 * there before or the complete new one, byte for byte. */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test-util.h"

#include "ca-project.h"

#define N_KILLS 16

/* Two projects, different and large enough that writing one takes a
 * while: many layers, each with its own long path. */
static CaProject *
make_project (const char *dir,
              guint       variant)
{
  CaProject *project = ca_project_new ();

  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *name = g_strdup_printf ("layer-%u-variant-%u-%s.geojson", i, variant,
                                               "with-a-long-name-to-make-the-file-larger");
      g_autofree char *source = g_build_filename (dir, "data", name, NULL);
      CaProjectLayer layer = {
        .source = source,
        .title = name,
        .visible = (i + variant) % 3 != 0,
        .color = { 0.1 * variant, 0.5, 0.25, 1 },
        .width = 1 + variant,
        .opacity = 1,
      };

      ca_project_add_layer (project, &layer);
    }
  ca_project_set_view (project, 25 + variant, 105, 5);

  return project;
}

/* The child's side: saves the two projects over @path in turn until it
 * is killed. */
static int
save_forever (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CaProject) a = make_project (dir, 0);
  g_autoptr(CaProject) b = make_project (dir, 1);

  /* Ready: the parent starts its clock now. */
  g_print ("ready\n");
  for (guint i = 0;; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!ca_project_save (i % 2 == 0 ? b : a, file, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
    }
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents;
  gsize length;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

/* Removes what a killed writer left beside @path: its temporary file,
 * named after @path, if the kill came before the rename.  Returns how
 * many there were. */
static guint
remove_leftovers (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) leftovers = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while ((name = g_dir_read_name (listing)) != NULL)
    {
      if (g_str_equal (name, base))
        continue;
      /* Anything else is a temporary file of the target's. */
      g_assert_true (strstr (name, base) != NULL);
      g_ptr_array_add (leftovers, g_build_filename (dir, name, NULL));
    }

  for (guint i = 0; i < leftovers->len; i++)
    g_unlink (g_ptr_array_index (leftovers, i));

  return leftovers->len;
}

/* Whether @path holds exactly one of @a and @b. */
static gboolean
holds_one_of (const char *path,
              GBytes     *a,
              GBytes     *b,
              gboolean   *is_a)
{
  g_autoptr(GBytes) now = read_bytes (path);

  *is_a = g_bytes_equal (now, a);
  return *is_a || g_bytes_equal (now, b);
}

/* Waits for the child's first line, so kills land while it writes. */
static void
wait_ready (int out_fd)
{
  char line[8] = "";
  gssize n = read (out_fd, line, sizeof line - 1);

  g_assert_cmpint (n, >, 0);
  g_assert_true (g_str_has_prefix (line, "ready"));
}

static void
test_interrupted_project_save (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ca-interrupted-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "plan.corridor", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CaProject) a = make_project (dir, 0);
  g_autoptr(CaProject) b = make_project (dir, 1);
  g_autoptr(GBytes) a_bytes = NULL;
  g_autoptr(GBytes) b_bytes = NULL;
  g_autoptr(CaProject) a_read = NULL;
  g_autoptr(CaProject) b_read = NULL;
  g_autoptr(GError) error = NULL;
  guint n_old = 0, n_new = 0;
  gint64 start;
  double seconds;

  start = g_get_monotonic_time ();
  g_assert_true (ca_project_save (b, file, &error));
  g_assert_no_error (error);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  b_bytes = read_bytes (path);
  g_assert_true (ca_project_save (a, file, &error));
  a_bytes = read_bytes (path);
  g_assert_false (g_bytes_equal (a_bytes, b_bytes));
  g_test_message ("the two projects are %zu and %zu bytes; a save takes %.0f ms",
                  g_bytes_get_size (a_bytes), g_bytes_get_size (b_bytes), seconds * 1000);
  /* What each reads back as. */
  a_read = ca_project_load_from_bytes (a_bytes, file, NULL, &error);
  g_assert_no_error (error);
  b_read = ca_project_load_from_bytes (b_bytes, file, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (ca_project_equal (a_read, b_read));

  for (guint k = 0; k < N_KILLS; k++)
    {
      const char *argv[] = { g_test_get_filename (G_TEST_BUILT, "test-interrupted-writes", NULL),
                             "--save-forever", path, NULL };
      GPid pid;
      int out_fd, status;
      gboolean is_a;

      g_spawn_async_with_pipes (NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                &pid, NULL, &out_fd, NULL, &error);
      g_assert_no_error (error);
      wait_ready (out_fd);
      /* Somewhere in the first three saves, a different moment each
       * time. */
      g_usleep ((gulong)(seconds * 1e6 * (0.1 + 3.0 * k / N_KILLS)));
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFSIGNALED (status));
      close (out_fd);

      /* Never a mixture or a part: one of the two, whole; the one that
       * was there or the one being written.  A temporary file may be
       * left beside it, never in its place. */
      g_assert_true (holds_one_of (path, a_bytes, b_bytes, &is_a));
      is_a ? n_old++ : n_new++;
      g_assert_cmpuint (remove_leftovers (path), <=, 1);

      /* And it still opens. */
      {
        g_autoptr(CaProject) loaded = ca_project_load (file, NULL, &error);

        g_assert_no_error (error);
        g_assert_true (ca_project_equal (loaded, is_a ? a_read : b_read));
      }
    }

  g_test_message ("%u kills: the file held the first project %u times, the second %u times",
                  N_KILLS, n_old, n_new);
  /* The kills landed at different stages, not all before or after. */
  g_assert_cmpuint (n_old, >, 0);
  g_assert_cmpuint (n_new, >, 0);

  test_remove_tree (dir);
}

static void
test_interrupted_export (void)
{
  const char *binary = g_getenv ("CA_TEST_BINARY");
  g_autofree char *dir = g_dir_make_tmp ("ca-interrupted-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "figure.png", NULL);
  const char *argv[] = { binary, "--export", path, "--page", "A4", "--dpi", "200",
                         "--title", "Interrupted", NULL };
  g_autoptr(GBytes) old_bytes = g_bytes_new_static ("the previous figure", 19);
  g_autoptr(GBytes) new_bytes = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;
  double seconds;
  guint n_old = 0, n_new = 0;
  int status;

  g_assert_nonnull (binary);

  /* The complete figure, once, and how long it takes. */
  start = g_get_monotonic_time ();
  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  seconds = (g_get_monotonic_time () - start) / 1e6;
  new_bytes = read_bytes (path);
  g_test_message ("the A4 figure takes %.2f s and is %zu bytes", seconds, g_bytes_get_size (new_bytes));

  for (guint k = 0; k < N_KILLS; k++)
    {
      GPid pid;
      gboolean is_old;

      g_assert_true (g_file_set_contents (path, g_bytes_get_data (old_bytes, NULL),
                                          g_bytes_get_size (old_bytes), NULL));
      g_spawn_async (NULL, (char **)argv, NULL,
                     G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &pid, &error);
      g_assert_no_error (error);
      /* From early on to just past the end: the kills land while it
       * reads, draws, encodes and writes. */
      g_usleep ((gulong)(seconds * 1e6 * (k + 1) / N_KILLS * 1.1));
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);

      g_assert_true (holds_one_of (path, old_bytes, new_bytes, &is_old));
      is_old ? n_old++ : n_new++;
      g_assert_cmpuint (remove_leftovers (path), <=, 1);
    }

  g_test_message ("%u kills: the old figure stayed %u times, the new one was complete %u times",
                  N_KILLS, n_old, n_new);
  g_assert_cmpuint (n_old, >, N_KILLS / 2);

  test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], "--save-forever"))
    return save_forever (argv[2]);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/interrupted/project-save", test_interrupted_project_save);
  g_test_add_func ("/interrupted/export", test_interrupted_export);

  return g_test_run ();
}
