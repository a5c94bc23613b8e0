/* fuzz-trade-names.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* libFuzzer target for the matchers of province, partner, mode and
 * direction names: the input, as a NUL-terminated string, goes through
 * each of them, and what they return must be in range. */

#include "config.h"

#include <stdint.h>

#include "ca-trade-names.h"

static int
fuzz_trade_names_one (const uint8_t *data,
                      size_t         size)
{
  g_autofree char *text = g_malloc (size + 1);
  int province, region = -1, country = -1, mode, direction;

  memcpy (text, data, size);
  text[size] = '\0';

  province = ca_trade_match_province (text);
  g_assert_true (province == -1 || (province >= 0 && province < CA_N_PROVINCES));
  if (province >= 0)
    g_assert_nonnull (ca_trade_province_code (province));

  if (ca_trade_match_partner (text, &region, &country))
    {
      g_assert_true (region >= 0 && region < CA_N_REGIONS);
      g_assert_nonnull (ca_trade_get_region (region));
      if (country != CA_NO_COUNTRY)
        g_assert_nonnull (ca_trade_country_code (country));
    }

  mode = ca_trade_match_mode (text);
  g_assert_true (mode == -1 || (mode >= 0 && mode < CA_N_MODES));

  direction = ca_trade_match_direction (text);
  g_assert_true (direction == -1 || (direction >= 0 && direction < CA_N_DIRECTIONS));

  return 0;
}

/* The regression tests include this file for fuzz_trade_names_one (), and
 * define CA_FUZZ_REGRESSION to leave out libFuzzer's entry points. */
#ifndef CA_FUZZ_REGRESSION
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  return fuzz_trade_names_one (data, size);
}
#endif
