/* test-bad-inputs-cli.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Every file of tests/data/bad/ through corridor-atlas --check (and the
 * trade files through --stats), run as a planner's script would run it:
 * the exit status, what loads on stdout, and on stderr the reasons,
 * each naming the file. */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "test-cli-util.h"

static char *tmp_dir;

static char *
bad_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "bad", name, NULL);
}

static void
assert_has (const char *text,
            const char *part)
{
  if (part != NULL && strstr (text, part) == NULL)
    g_error ("“%s” is not in “%s”", part, text);
}

typedef struct
{
  const char *file;
  int         status;
  const char *out;      /* on stdout, or NULL for nothing */
  const char *err[3];   /* each on stderr */
} Expected;

static const Expected check_cases[] = {
  /* Empty or garbage */
  { "empty.geojson", 1, NULL, { "empty.geojson”: the file is empty" } },
  { "random-bytes.geojson", 1, NULL,
    { "random-bytes.geojson”: it is not in a format Corridor Atlas reads" } },
  { "random-bytes.gpkg", 1, NULL, { "random-bytes.gpkg”: it is not in a format Corridor Atlas reads" } },
  { "empty.csv", 1, NULL, { "empty.csv” is empty: it has no header row" } },
  { "random-bytes.csv", 1, NULL,
    { "random-bytes.csv” is neither UTF-8 nor GBK text: line 1 cannot be read as either" } },
  /* GeoJSON */
  { "truncated.geojson", 1, NULL,
    { "truncated.geojson”: it cannot be read as GeoJSON: the file ends in the middle of a feature" } },
  { "nan-coordinates.geojson", 0, "nan-coordinates.geojson: 2 features loaded (3 left out, 0 repaired)\n",
    { "nan-coordinates.geojson: feature 2 has no geometry: its coordinates are missing or are not "
      "numbers (NaN)",
      "nan-coordinates.geojson: feature 3 is left out: the point 106.55, inf has a coordinate that "
      "is not a finite number" } },
  { "out-of-range.geojson", 0, "out-of-range.geojson: 2 features loaded (3 left out, 1 repaired)\n",
    { "out-of-range.geojson: feature 2 is left out: the point 106.55, 129.56 is not a longitude "
      "and latitude" } },
  /* Shapefile */
  { "routes-no-dbf.shp", 0, "routes-no-dbf.shp: 2 features loaded (0 left out, 0 repaired)\n",
    { "routes-no-dbf.shp: “routes-no-dbf.shp” has no .dbf file: its attributes are missing" } },
  { "routes-no-prj.shp", 1, NULL,
    { "routes-no-prj.shp” does not say which coordinate system it is in",
      "(its .prj file is missing)" } },
  /* Geometry */
  { "self-intersecting.geojson", 0,
    "self-intersecting.geojson: 5 features loaded (0 left out, 4 repaired)\n",
    { "self-intersecting.geojson: feature 2 is an invalid polygon (it crosses itself or its rings "
      "overlap); it was repaired" } },
  /* Projection */
  { "site-grid.shp", 1, NULL,
    { "site-grid.shp” is in Port site grid, a local coordinate system that is not tied to the Earth" } },
  /* CSV trade records */
  { "wrong-columns.csv", 1, NULL,
    { "wrong-columns.csv” has no “period”, “province”, “mode” column" } },
  { "mixed-encodings.csv", 0,
    "mixed-encodings.csv: 5 rows, 5 accepted, 0 rejected (UTF-8, with 2 lines in GB18030)\n",
    { NULL } },
  { "mixed-encodings-gbk.csv", 0,
    "mixed-encodings-gbk.csv: 5 rows, 5 accepted, 0 rejected (UTF-8, with 4 lines in GB18030)\n",
    { NULL } },
  { "bad-values.csv", 0, "bad-values.csv: 7 rows, 3 accepted, 4 rejected (UTF-8)\n",
    { "bad-values.csv: line 3: the value -250 is negative",
      "bad-values.csv: line 4: the value “abc” is not a number",
      "bad-values.csv: line 5: the value_cny is empty" } },
  { "bad-periods.csv", 0, "bad-periods.csv: 6 rows, 2 accepted, 4 rejected (UTF-8)\n",
    { "bad-periods.csv: line 3: “2025-13” is not a month (YYYY-MM)",
      "bad-periods.csv: line 4: “2025-00” is not a month" } },
  /* Spreadsheet */
  { "formulas-merged.xlsx", 0, "formulas-merged.xlsx: 6 rows, 3 accepted, 3 rejected\n",
    { "formulas-merged.xlsx: sheet “Trade”, row 4: the period cell is empty",
      "formulas-merged.xlsx: sheet “Trade”, row 9: the value_cny cell is empty (a formula saved "
      "without its result reads as empty)" } },
  /* Project file */
  { "truncated.corridor", 1, NULL,
    { "truncated.corridor” is damaged and cannot be read: the file ends before the project does" } },
  { "damaged.corridor", 1, NULL,
    { "damaged.corridor” is damaged and cannot be read: line 7 holds bytes that are not text" } },
  { "not-a-project.corridor", 1, NULL, { "not-a-project.corridor” is not a Corridor Atlas project" } },
  { "missing-files.corridor", 0, "missing-files.corridor: project read\n"
                                 "  sample.geojson: 6 features loaded (0 left out, 0 repaired)\n",
    { "missing-files.corridor: the layer “Planned routes” “missing/routes.geojson” is missing",
      "missing-files.corridor: the trade data “missing-trade.csv” is missing" } },
};

static void
test_check_corpus (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (check_cases); i++)
    {
      const Expected *expected = &check_cases[i];
      g_autofree char *path = bad_path (expected->file);
      g_auto(Result) result = { 0 };

      g_test_message ("--check %s", expected->file);
      test_cli_run_args (&result, (const char *[]) { "--check", path, NULL });
      g_assert_cmpint (result.status, ==, expected->status);
      g_assert_cmpstr (result.out, ==, expected->out != NULL ? expected->out : "");
      /* Something on stderr always, when there is something wrong. */
      if (expected->err[0] != NULL)
        g_assert_cmpstr (result.err, !=, "");
      else
        g_assert_cmpstr (result.err, ==, "");
      for (guint k = 0; k < G_N_ELEMENTS (expected->err); k++)
        assert_has (result.err, expected->err[k]);
    }
}

static void
test_check_several (void)
{
  g_autofree char *good = bad_path ("bad-periods.csv");
  g_autofree char *bad = bad_path ("truncated.geojson");
  g_autofree char *partial = bad_path ("self-intersecting.geojson");
  g_auto(Result) result = { 0 };
  g_auto(Result) usage = { 0 };

  /* Every file is reported; one that cannot be read makes the status 1. */
  test_cli_run_args (&result, (const char *[]) { "--check", good, bad, partial, NULL });
  g_assert_cmpint (result.status, ==, 1);
  assert_has (result.out, "bad-periods.csv: 6 rows, 2 accepted, 4 rejected");
  assert_has (result.out, "self-intersecting.geojson: 5 features loaded");
  assert_has (result.err, "truncated.geojson");

  test_cli_run_args (&usage, (const char *[]) { "--check", NULL });
  g_assert_cmpint (usage.status, ==, 2);
  assert_has (usage.err, "--check needs one or more files");
}

static void
test_check_long_line (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "long-line.csv", NULL);
  g_autoptr(GString) text = g_string_new ("period,province,partner,mode,value_cny\n"
                                          "2025-01,CN-CQ,VN,rail-sea,100\n"
                                          "2025-01,CN-CQ,VN,rail-sea,");
  g_autoptr(GError) error = NULL;
  g_auto(Result) result = { 0 };

  /* A 10 MB single line, made here rather than kept in the tree. */
  for (guint i = 0; i < 10 * 1024 * 1024; i++)
    g_string_append_c (text, (char)('0' + i % 7));
  g_string_append (text, "x\n2025-02,CN-GX,TH,rail-sea,200\n");
  g_file_set_contents (path, text->str, text->len, &error);
  g_assert_no_error (error);

  test_cli_run_args (&result, (const char *[]) { "--check", path, NULL });
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.out, ==, "long-line.csv: 3 rows, 2 accepted, 1 rejected (UTF-8)\n");
  assert_has (result.err, "long-line.csv: line 3: the value “012345601234560123");
  /* The line is not copied out whole. */
  g_assert_cmpuint (strlen (result.err), <, 400);
  g_remove (path);
}

static void
test_stats_corpus (void)
{
  g_autofree char *periods = bad_path ("bad-periods.csv");
  g_autofree char *sheet = bad_path ("formulas-merged.xlsx");
  g_autofree char *empty = bad_path ("empty.csv");
  g_autofree char *columns = bad_path ("wrong-columns.csv");
  g_auto(Result) partly = { 0 };
  g_auto(Result) spreadsheet = { 0 };
  g_auto(Result) unreadable = { 0 };
  g_auto(Result) wrong = { 0 };

  /* --stats aggregates what is valid and reports what it left out. */
  test_cli_run_args (&partly, (const char *[]) { "--stats", periods, NULL });
  g_assert_cmpint (partly.status, ==, 0);
  g_assert_cmpstr (partly.out, ==, "from,to,value_cny\n2025-01,2025-12,200\n");
  assert_has (partly.err, "bad-periods.csv: 6 rows, 2 accepted, 4 rejected");
  assert_has (partly.err, "line 3: “2025-13” is not a month (YYYY-MM)");

  test_cli_run_args (&spreadsheet, (const char *[]) { "--stats", sheet, NULL });
  g_assert_cmpint (spreadsheet.status, ==, 0);
  g_assert_cmpstr (spreadsheet.out, ==, "from,to,value_cny\n2025-01,2025-03,1000\n");
  assert_has (spreadsheet.err, "sheet “Trade”, row 4: the period cell is empty");

  test_cli_run_args (&unreadable, (const char *[]) { "--stats", empty, NULL });
  g_assert_cmpint (unreadable.status, ==, 1);
  g_assert_cmpstr (unreadable.out, ==, "");
  assert_has (unreadable.err, "empty.csv” is empty: it has no header row");

  test_cli_run_args (&wrong, (const char *[]) { "--stats", columns, NULL });
  g_assert_cmpint (wrong.status, ==, 1);
  assert_has (wrong.err, "wrong-columns.csv” has no “period”");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("ca-bad-inputs-cli-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/bad-inputs-cli/check-corpus", test_check_corpus);
  g_test_add_func ("/bad-inputs-cli/check-several", test_check_several);
  g_test_add_func ("/bad-inputs-cli/check-long-line", test_check_long_line);
  g_test_add_func ("/bad-inputs-cli/stats-corpus", test_stats_corpus);

  status = g_test_run ();
  g_rmdir (tmp_dir);
  g_free (tmp_dir);

  return status;
}
