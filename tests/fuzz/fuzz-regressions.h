/* fuzz-regressions.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <stdint.h>
#include <string.h>

G_BEGIN_DECLS

typedef int (*FuzzOneFunc) (const uint8_t *data,
                            size_t         size);

static inline int
fuzz_compare_names (gconstpointer a,
                    gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Runs every file of tests/fuzz/<folder>/ through a fuzz target's entry
 * point, as libFuzzer would.  A folder git has no file in may be absent.
 * Returns the number of files run. */
static inline guint
fuzz_run_folder (const char  *folder,
                 FuzzOneFunc  one)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fuzz", folder, NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return 0;

  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, fuzz_compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *file = g_build_filename (path, g_ptr_array_index (names, i), NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GError) error = NULL;
      gsize length;

      g_test_message ("%s/%s", folder, (const char *) g_ptr_array_index (names, i));
      g_file_get_contents (file, &contents, &length, &error);
      g_assert_no_error (error);
      one ((const uint8_t *) contents, length);
    }

  return names->len;
}

/* The inputs that once crashed a target, then its seeds. */
static inline void
fuzz_run_regressions (const char  *target,
                      FuzzOneFunc  one)
{
  g_autofree char *regressions = g_build_filename ("regressions", target, NULL);

  fuzz_run_folder (regressions, one);
  g_assert_cmpuint (fuzz_run_folder (target, one), >, 0);
}

G_END_DECLS
