/* fuzz-project.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* libFuzzer target for the project-file loader: the input is read as the
 * contents of a .corridor file, and what loads is written out again. */

#include "config.h"

#include <stdint.h>

#include "ca-project.h"

static int
fuzz_project_one (const uint8_t *data,
                  size_t         size)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent/fuzz/work.corridor");
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(CaProject) project = NULL;
  g_autoptr(GError) error = NULL;

  project = ca_project_load_from_bytes (bytes, file, warnings, &error);
  if (project != NULL)
    {
      g_autoptr(GBytes) saved = ca_project_to_bytes (project, file);
      g_autoptr(CaProject) again = NULL;

      /* What was read is written, and reads back the same. */
      g_assert_nonnull (saved);
      again = ca_project_load_from_bytes (saved, file, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (again);
    }
  else
    g_assert_nonnull (error);

  return 0;
}

/* The regression tests include this file for fuzz_project_one (), and
 * define CA_FUZZ_REGRESSION to leave out libFuzzer's entry points. */
#ifndef CA_FUZZ_REGRESSION
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  return fuzz_project_one (data, size);
}
#endif
