/* ca-trade-cube-private.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ca-trade-cube.h"

G_BEGIN_DECLS

/* The cube's internals, for the readers that fill it: ca-trade-csv.c
 * and ca-trade-table.c. */

#define FIRST_MONTH CA_MONTH (1990, 1)
#define N_MONTHS    (12 * 120)
#define SLAB_CELLS  (CA_N_PROVINCES * CA_N_REGIONS * CA_N_DIRECTIONS * CA_N_MODES)
#define MAX_ISSUES  1000

struct _CaTradeCube
{
  GObject   parent_instance;

  char     *source;
  char     *encoding;
  double   *slabs[N_MONTHS];   /* [province][region][direction][mode], allocated on demand */
  int       first_month;
  int       last_month;
  guint64   n_rows;
  guint64   n_accepted;
  guint     directions;        /* a bit for each direction the records give */
  GArray   *issues;
};

static inline gsize
cell_index (int         province,
            int         region,
            CaDirection direction,
            CaMode      mode)
{
  return ((province * CA_N_REGIONS + region) * CA_N_DIRECTIONS + direction) * CA_N_MODES + mode;
}

gboolean _ca_trade_cube_load_csv   (CaTradeCube     *self,
                                    const char      *path,
                                    CaProgressFunc   progress,
                                    gpointer         progress_data,
                                    GCancellable    *cancellable,
                                    GError         **error);
gboolean _ca_trade_cube_load_table (CaTradeCube     *self,
                                    const char      *source,
                                    CaProgressFunc   progress,
                                    gpointer         progress_data,
                                    GCancellable    *cancellable,
                                    GError         **error);

G_END_DECLS
