/* test-cli-util.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdarg.h>
#include <sys/wait.h>

#include <glib.h>

G_BEGIN_DECLS

/* What the command-line tests share: running corridor-atlas, or another
 * program, as a planner's script would, and what it said. */

typedef struct
{
  char *out;
  char *err;
  int   status;
} Result;

static inline void
result_clear (Result *result)
{
  g_free (result->out);
  g_free (result->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

/* Runs @argv, a program (found on the PATH) and its arguments, in @envp
 * or the test's environment.  Never a crash: the program must end by
 * itself. */
static inline void
test_spawn (Result     *result,
            char      **envp,
            GPtrArray  *argv)
{
  g_autoptr(GError) error = NULL;
  int wait_status;

  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **)argv->pdata, envp, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &result->out, &result->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  result->status = WEXITSTATUS (wait_status);
  g_test_message ("status %d\nstdout: %s\nstderr: %s", result->status, result->out, result->err);
}

/* Runs corridor-atlas (CA_TEST_BINARY) with the arguments in @args, up
 * to NULL. */
static inline void
test_cli_run_args (Result             *result,
                   const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *binary = g_getenv ("CA_TEST_BINARY");

  g_assert_nonnull (binary);
  g_ptr_array_add (argv, (char *)binary);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *)args[i]);

  test_spawn (result, NULL, argv);
}

/* Runs corridor-atlas with the arguments, up to NULL. */
static inline void G_GNUC_NULL_TERMINATED
test_cli_run (Result     *result,
              const char *first,
              ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, (char *)first);
  va_start (ap, first);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (char *)arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  test_cli_run_args (result, (const char * const *)args->pdata);
}

G_END_DECLS
