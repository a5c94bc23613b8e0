/* bench-util.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <math.h>

G_BEGIN_DECLS

/* Timing and statistics shared by the benchmarks. */

static inline double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static inline int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *)a, db = *(const double *)b;

  return da < db ? -1 : da > db ? 1 : 0;
}

/* The @p quantile (0…1] of an array of doubles sorted ascending. */
static inline double
percentile (GArray *sorted,
            double  p)
{
  guint index = (guint)ceil (p * sorted->len) - 1;

  return g_array_index (sorted, double, MIN (index, sorted->len - 1));
}

G_END_DECLS
