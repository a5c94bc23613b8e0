/* ca-stats-row.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ca-stats-row"

#include "config.h"

#include <math.h>

#include "ca-stats-row.h"

/* One line of the statistics table: a province, a partner region, and
 * their trade in the chosen months.  Immutable; the panel makes new rows
 * whenever the filters change. */

struct _CaStatsRow
{
  GObject  parent_instance;

  char    *province;
  char    *region;
  double   value;
  double   growth;
  double   share;
};

G_DEFINE_FINAL_TYPE (CaStatsRow, ca_stats_row, G_TYPE_OBJECT)

static void
ca_stats_row_finalize (GObject *object)
{
  CaStatsRow *self = (CaStatsRow *)object;

  g_free (self->province);
  g_free (self->region);

  G_OBJECT_CLASS (ca_stats_row_parent_class)->finalize (object);
}

static void
ca_stats_row_class_init (CaStatsRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ca_stats_row_finalize;
}

static void
ca_stats_row_init (CaStatsRow *self)
{
  self->growth = NAN;
}

/**
 * ca_stats_row_new:
 * @province: the province's name as shown
 * @region: the partner region's name as shown
 * @growth: year-on-year growth, or NAN
 */
CaStatsRow *
ca_stats_row_new (const char *province,
                  const char *region,
                  double      value,
                  double      growth,
                  double      share)
{
  CaStatsRow *self = g_object_new (CA_TYPE_STATS_ROW, NULL);

  self->province = g_strdup (province);
  self->region = g_strdup (region);
  self->value = value;
  self->growth = growth;
  self->share = share;

  return self;
}

const char *
ca_stats_row_get_province (CaStatsRow *self)
{
  g_return_val_if_fail (CA_IS_STATS_ROW (self), NULL);

  return self->province;
}

const char *
ca_stats_row_get_region (CaStatsRow *self)
{
  g_return_val_if_fail (CA_IS_STATS_ROW (self), NULL);

  return self->region;
}

double
ca_stats_row_get_value (CaStatsRow *self)
{
  g_return_val_if_fail (CA_IS_STATS_ROW (self), 0);

  return self->value;
}

double
ca_stats_row_get_growth (CaStatsRow *self)
{
  g_return_val_if_fail (CA_IS_STATS_ROW (self), NAN);

  return self->growth;
}

double
ca_stats_row_get_share (CaStatsRow *self)
{
  g_return_val_if_fail (CA_IS_STATS_ROW (self), 0);

  return self->share;
}
