/* test-stats-cli.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* corridor-atlas --stats, run as a planner's script would run it. */

#include "config.h"

#include <string.h>

#include "test-cli-util.h"
#include "test-util.h"

static char *tmp_dir;

static char *
fixture (void)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (tmp_dir, "trade.csv", NULL);

  g_file_set_contents (path,
                       "period,province,partner,mode,value_cny\n"
                       "2024-01,CN-CQ,VN,rail-sea,100\n"
                       "2024-01,CN-GX,TH,rail-sea,300\n"
                       "2025-01,CN-CQ,VN,rail-sea,150\n"
                       "2025-01,CN-GX,DE,cross-border-rail,50\n"
                       "2025-01,Atlantis,VN,rail-sea,1\n",
                       -1, &error);
  g_assert_no_error (error);

  return path;
}

static void
test_cli_total (void)
{
  g_autofree char *path = fixture ();
  g_auto(Result) result = { 0 };

  test_cli_run (&result, "--stats", path, "--period", "2025-01", "--yoy", NULL);
  g_assert_cmpint (result.status, ==, 0);
  /* 200 against 400 a year before: −50 %. */
  g_assert_cmpstr (result.out, ==, "from,to,value_cny,base_value_cny,yoy\n2025-01,2025-01,200,400,-0.5000\n");
  /* The validation summary goes to stderr, with the reason. */
  g_assert_nonnull (strstr (result.err, "5 rows, 4 accepted, 1 rejected"));
  g_assert_nonnull (strstr (result.err, "line 6: unknown province “Atlantis”"));
}

static void
test_cli_groups (void)
{
  g_autofree char *path = fixture ();
  g_auto(Result) provinces = { 0 };
  g_auto(Result) regions = { 0 };
  g_auto(Result) modes = { 0 };
  g_auto(Result) months = { 0 };

  test_cli_run (&provinces, "--stats", path, "--period", "2025-01:2025-01", "--by", "province", NULL);
  g_assert_cmpint (provinces.status, ==, 0);
  g_assert_cmpstr (provinces.out, ==,
                   "province,name,value_cny,share\nCN-CQ,Chongqing,150,0.7500\nCN-GX,Guangxi,50,0.2500\n");

  test_cli_run (&regions, "--stats", path, "--period", "2025-01:2025-01", "--by", "region", "--yoy", NULL);
  g_assert_cmpint (regions.status, ==, 0);
  g_assert_cmpstr (regions.out, ==,
                   "region,name,value_cny,base_value_cny,yoy,share\n"
                   "asean,ASEAN,150,400,-0.6250,0.7500\n"
                   "europe,Europe,50,0,n/a,0.2500\n");

  test_cli_run (&modes, "--stats", path, "--mode", "cross-border-rail", NULL);
  g_assert_cmpint (modes.status, ==, 0);
  g_assert_cmpstr (modes.out, ==, "from,to,value_cny\n2024-01,2025-01,50\n");

  test_cli_run (&months, "--stats", path, "--by", "month", "--period", "2024-12:2025-01", "--format", "table", NULL);
  g_assert_cmpint (months.status, ==, 0);
  g_assert_cmpstr (months.out, ==, "month    value_cny\n2024-12          0\n2025-01        200\n");
}

static void
test_cli_directions (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *plain = fixture ();
  g_autofree char *path = g_build_filename (tmp_dir, "directed.csv", NULL);
  g_auto(Result) exports = { 0 };
  g_auto(Result) imports = { 0 };
  g_auto(Result) both = { 0 };
  g_auto(Result) bogus = { 0 };
  g_auto(Result) undirected = { 0 };

  g_file_set_contents (path,
                       "period,province,partner,mode,direction,value_cny\n"
                       "2024-01,CN-CQ,VN,rail-sea,export,100\n"
                       "2025-01,CN-CQ,VN,rail-sea,export,150\n"
                       "2025-01,CN-CQ,VN,rail-sea,import,60\n"
                       "2025-01,CN-GX,TH,rail-sea,进口,40\n",
                       -1, &error);
  g_assert_no_error (error);

  test_cli_run (&exports, "--stats", path, "--period", "2025-01", "--direction", "export", "--yoy", NULL);
  g_assert_cmpint (exports.status, ==, 0);
  g_assert_cmpstr (exports.out, ==, "from,to,value_cny,base_value_cny,yoy\n2025-01,2025-01,150,100,0.5000\n");

  test_cli_run (&imports, "--stats", path, "--period", "2025-01", "--direction", "import", "--by", "province", NULL);
  g_assert_cmpint (imports.status, ==, 0);
  g_assert_cmpstr (imports.out, ==,
                   "province,name,value_cny,share\nCN-CQ,Chongqing,60,0.6000\nCN-GX,Guangxi,40,0.4000\n");

  test_cli_run (&both, "--stats", path, "--period", "2025-01", "--direction", "both", NULL);
  g_assert_cmpint (both.status, ==, 0);
  g_assert_cmpstr (both.out, ==, "from,to,value_cny\n2025-01,2025-01,250\n");

  /* A direction that is neither, and records that do not say, are
   * usage errors. */
  test_cli_run (&bogus, "--stats", path, "--direction", "sideways", NULL);
  g_assert_cmpint (bogus.status, ==, 2);
  g_assert_nonnull (strstr (bogus.err, "sideways"));
  g_assert_cmpstr (bogus.out, ==, "");

  test_cli_run (&undirected, "--stats", plain, "--direction", "import", NULL);
  g_assert_cmpint (undirected.status, ==, 2);
  g_assert_nonnull (strstr (undirected.err, "no direction column"));
  g_assert_cmpstr (undirected.out, ==, "");
}

static void
test_cli_errors (void)
{
  g_autofree char *path = fixture ();
  g_auto(Result) missing = { 0 };
  g_auto(Result) grouping = { 0 };
  g_auto(Result) period = { 0 };
  g_auto(Result) mode = { 0 };

  /* An unreadable input is a failure (1), bad arguments a usage error (2). */
  test_cli_run (&missing, "--stats", "/nonexistent/trade.csv", NULL);
  g_assert_cmpint (missing.status, ==, 1);
  g_assert_nonnull (strstr (missing.err, "/nonexistent/trade.csv"));
  g_assert_cmpstr (missing.out, ==, "");

  test_cli_run (&grouping, "--stats", path, "--by", "planet", NULL);
  g_assert_cmpint (grouping.status, ==, 2);
  g_assert_nonnull (strstr (grouping.err, "planet"));

  test_cli_run (&period, "--stats", path, "--period", "2025-13", NULL);
  g_assert_cmpint (period.status, ==, 2);
  g_assert_nonnull (strstr (period.err, "2025-13"));

  test_cli_run (&mode, "--stats", path, "--mode", "teleport", NULL);
  g_assert_cmpint (mode.status, ==, 2);
  g_assert_nonnull (strstr (mode.err, "teleport"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("ca-stats-cli-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/stats-cli/total", test_cli_total);
  g_test_add_func ("/stats-cli/groups", test_cli_groups);
  g_test_add_func ("/stats-cli/directions", test_cli_directions);
  g_test_add_func ("/stats-cli/errors", test_cli_errors);

  status = g_test_run ();
  test_remove_tree (tmp_dir);
  g_free (tmp_dir);

  return status;
}
