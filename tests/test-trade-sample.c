/* test-trade-sample.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The shipped sample is calibrated to the published figures (Xinhua and
 * the Global Times, 25 December 2025); the aggregation core must give
 * them back to 0.1 %. */

#include "config.h"

#include <math.h>

#include "ca-trade-cube.h"

static CaTradeCube *cube;

static guint64
provinces_mask (const char * const *codes)
{
  guint64 mask = 0;

  for (guint i = 0; codes[i] != NULL; i++)
    {
      int province = ca_trade_match_province (codes[i]);

      g_assert_cmpint (province, >=, 0);
      mask |= (guint64)1 << province;
    }

  return mask;
}

static void
assert_figure (const CaTradeFilter *filter,
               double               expected_total,
               double               expected_growth)
{
  double total = ca_trade_cube_total (cube, filter);
  double growth = ca_trade_cube_growth (cube, filter);

  g_test_message ("%.1f bn yuan (expected %.1f), %+.2f %% (expected %+.2f %%)",
                  total / 1e9, expected_total / 1e9, growth * 100, expected_growth * 100);
  g_assert_cmpfloat (fabs (total / expected_total - 1), <=, 0.001);
  /* Growth to 0.1 % of the base: a tenth of a percentage point. */
  g_assert_cmpfloat (fabs (growth - expected_growth), <=, 0.001 * (1 + expected_growth));
}

static void
test_sample_all_provinces (void)
{
  CaTradeFilter filter;

  /* All trade via the corridor, Jan–Oct 2025: ¥1.35 trillion, +17.9 %. */
  ca_trade_filter_init (&filter, CA_MONTH (2025, 1), CA_MONTH (2025, 10));
  assert_figure (&filter, 1.35e12, 0.179);
}

static void
test_sample_western_regions (void)
{
  static const char *western[] = {
    "CN-CQ", "CN-SC", "CN-GZ", "CN-YN", "CN-XZ", "CN-SN", "CN-GS", "CN-QH", "CN-NX", "CN-XJ",
    "CN-NM", "CN-GX", NULL
  };
  CaTradeFilter filter;

  /* The twelve western provincial regions, Jan–Sep 2025: ¥611.5 billion, +19.3 %. */
  ca_trade_filter_init (&filter, CA_MONTH (2025, 1), CA_MONTH (2025, 9));
  filter.provinces = provinces_mask (western);
  assert_figure (&filter, 611.5e9, 0.193);
}

static void
test_sample_chongqing (void)
{
  static const char *chongqing[] = { "CN-CQ", NULL };
  CaTradeFilter filter;

  /* Chongqing, Jan–Nov 2025: ¥48.96 billion, "a 1.7-fold increase"
   * (增长1.7倍: +170 %, 2.7 times the year before). */
  ca_trade_filter_init (&filter, CA_MONTH (2025, 1), CA_MONTH (2025, 11));
  filter.provinces = provinces_mask (chongqing);
  assert_figure (&filter, 48.96e9, 1.70);
}

static void
test_sample_clean (void)
{
  int first, last;

  /* Every row of the sample is accepted, from 2023-01 to 2025-11. */
  g_assert_cmpuint (ca_trade_cube_get_n_rejected (cube), ==, 0);
  g_assert_cmpuint (ca_trade_cube_get_n_accepted (cube), >, 10000);
  g_assert_true (ca_trade_cube_get_months (cube, &first, &last));
  g_assert_cmpint (first, ==, CA_MONTH (2023, 1));
  g_assert_cmpint (last, ==, CA_MONTH (2025, 11));
}

static void
test_sample_directions (void)
{
  CaTradeFilter filter;
  double total, exports, imports;

  /* Every record says whether it is an export or an import, so the two
   * add up to the published total; the split itself is illustrative
   * (57 % exports). */
  g_assert_true (ca_trade_cube_has_directions (cube));
  ca_trade_filter_init (&filter, CA_MONTH (2025, 1), CA_MONTH (2025, 10));
  total = ca_trade_cube_total (cube, &filter);
  filter.directions = 1u << CA_DIRECTION_EXPORT;
  exports = ca_trade_cube_total (cube, &filter);
  filter.directions = 1u << CA_DIRECTION_IMPORT;
  imports = ca_trade_cube_total (cube, &filter);
  filter.directions = 1u << CA_DIRECTION_UNSPECIFIED;
  g_assert_cmpfloat (ca_trade_cube_total (cube, &filter), ==, 0);

  g_test_message ("exports %.1f bn, imports %.1f bn", exports / 1e9, imports / 1e9);
  g_assert_cmpfloat (exports + imports, ==, total);
  g_assert_cmpfloat (exports / total, >, 0.5);
  g_assert_cmpfloat (exports / total, <, 0.65);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  path = g_test_build_filename (G_TEST_DIST, "..", "data", "trade", "sample-trade.csv", NULL);
  cube = ca_trade_cube_load (path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/trade-sample/clean", test_sample_clean);
  g_test_add_func ("/trade-sample/all-provinces", test_sample_all_provinces);
  g_test_add_func ("/trade-sample/western-regions", test_sample_western_regions);
  g_test_add_func ("/trade-sample/chongqing", test_sample_chongqing);
  g_test_add_func ("/trade-sample/directions", test_sample_directions);

  status = g_test_run ();
  g_clear_object (&cube);

  return status;
}
