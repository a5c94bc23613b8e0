/* test-cli-chinese.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The command line's --help in Chinese under LANGUAGE=zh_CN, with the
 * build tree's translations, and in English without it. */

#include "config.h"

#include <string.h>

#include <glib.h>

static char *
run_help (const char *command,
          const char *language)
{
  const char *binary = g_getenv ("CA_TEST_BINARY");
  const char *argv[] = { binary, command != NULL ? command : "--help",
                         command != NULL ? "x" : NULL, "--help", NULL };
  g_auto(GStrv) envp = g_get_environ ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_assert_nonnull (binary);
  g_assert_nonnull (g_getenv ("CORRIDOR_ATLAS_LOCALEDIR"));

  /* gettext ignores LANGUAGE under the plain C locale, not under C.UTF-8. */
  envp = g_environ_setenv (envp, "LC_ALL", "C.UTF-8", TRUE);
  if (language != NULL)
    envp = g_environ_setenv (envp, "LANGUAGE", language, TRUE);
  else
    envp = g_environ_unsetenv (envp, "LANGUAGE");

  g_spawn_sync (NULL, (char **)argv, envp, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_utf8_validate (out, -1, NULL));

  return g_steal_pointer (&out);
}

static void
test_cli_chinese_stats (void)
{
  g_autofree char *zh = run_help ("--stats", "zh_CN");
  g_autofree char *en = run_help ("--stats", NULL);

  g_assert_nonnull (strstr (zh, "用法"));
  g_assert_nonnull (strstr (zh, "按省份、伙伴区域、月份和运输方式汇总贸易记录"));
  g_assert_null (strstr (zh, "Aggregate trade records"));

  g_assert_nonnull (strstr (en, "Usage:"));
  g_assert_nonnull (strstr (en, "Aggregate trade records"));
}

static void
test_cli_chinese_export (void)
{
  g_autofree char *zh = run_help ("--export", "zh_CN");
  g_autofree char *en = run_help ("--export", NULL);

  g_assert_nonnull (strstr (zh, "用法"));
  g_assert_nonnull (strstr (zh, "导出为 PNG、PDF 或 SVG 图件"));
  g_assert_nonnull (strstr (en, "Usage:"));
  g_assert_null (strstr (en, "图件"));
}

/* The window's own --help names the commands that need no window. */
static void
test_cli_chinese_window (void)
{
  g_autofree char *zh = run_help (NULL, "zh_CN");
  g_autofree char *en = run_help (NULL, NULL);

  g_assert_nonnull (strstr (zh, "无需窗口的命令"));
  g_assert_nonnull (strstr (zh, "--check 文件…"));
  g_assert_nonnull (strstr (en, "Commands that need no window"));
  for (guint i = 0; i < 3; i++)
    g_assert_nonnull (strstr (en, (const char *[]) { "--stats FILE", "--export FILE", "--check FILE…" }[i]));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli-chinese/stats-help", test_cli_chinese_stats);
  g_test_add_func ("/cli-chinese/export-help", test_cli_chinese_export);
  g_test_add_func ("/cli-chinese/window-help", test_cli_chinese_window);

  return g_test_run ();
}
