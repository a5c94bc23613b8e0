/* fuzz-trade-csv.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* libFuzzer target for the trade CSV parser.  The first byte chooses how
 * many slices the text is cut into (its value modulo 8, plus one: "0" is
 * one slice on the calling thread, "3" four slices on four threads); the
 * rest is the CSV text, UTF-8 or, when it is not, taken as GBK. */

#include "config.h"

#include <stdint.h>

#include "ca-trade-cube.h"

static int
fuzz_trade_csv_one (const uint8_t *data,
                    size_t         size)
{
  g_autoptr(CaTradeCube) cube = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  char slices[4];

  if (size < 1)
    return 0;

  g_snprintf (slices, sizeof slices, "%u", 1 + data[0] % 8);
  g_setenv ("CA_TRADE_THREADS", slices, TRUE);

  /* An exact copy, so that a read past the text's end is caught. */
  text = g_memdup2 (data + 1, size - 1);
  cube = ca_trade_cube_new ();
  if (ca_trade_cube_add_csv (cube, text, size - 1, "fuzz.csv", &error))
    {
      CaTradeFilter filter;
      int first, last;

      g_assert_cmpuint (ca_trade_cube_get_n_accepted (cube) + ca_trade_cube_get_n_rejected (cube),
                        ==, ca_trade_cube_get_n_rows (cube));
      for (guint i = 0; i < ca_trade_cube_get_n_issues (cube); i++)
        g_assert_nonnull (ca_trade_cube_get_issue (cube, i)->reason);
      if (ca_trade_cube_get_months (cube, &first, &last))
        {
          ca_trade_filter_init (&filter, first, last);
          (void) ca_trade_cube_total (cube, &filter);
          (void) ca_trade_cube_growth (cube, &filter);
        }
      g_free (ca_trade_cube_dup_summary (cube, "fuzz.csv"));
    }
  else
    g_assert_nonnull (error);

  g_unsetenv ("CA_TRADE_THREADS");
  return 0;
}

/* The regression tests include this file for fuzz_trade_csv_one (), and
 * define CA_FUZZ_REGRESSION to leave out libFuzzer's entry points. */
#ifndef CA_FUZZ_REGRESSION
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  return fuzz_trade_csv_one (data, size);
}
#endif
