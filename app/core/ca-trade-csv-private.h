/* ca-trade-csv-private.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ca-trade-cube-private.h"

G_BEGIN_DECLS

/* The row loader of ca-trade-csv.c, for the table reader: a loader
 * checks each row against the columns of the header and adds it up, and
 * its tallies are then merged into the cube. */

#define MAX_FIELDS  64

enum {
  COLUMN_PERIOD,
  COLUMN_PROVINCE,
  COLUMN_PARTNER,
  COLUMN_MODE,
  COLUMN_VALUE,
  N_REQUIRED_COLUMNS,
  COLUMN_DIRECTION = N_REQUIRED_COLUMNS,   /* optional */
  N_COLUMNS
};

/* The columns, from the header; shared, read-only, by every loader. */
typedef struct
{
  const char *name;          /* for messages */
  const char *sheet;         /* the sheet or table of a spreadsheet, else NULL */
  int         columns[N_COLUMNS];   /* -1 for an optional column not there */
  guint       n_header;
  guint       min_fields;    /* fewer fields than this miss a column */
} Schema;

typedef struct _Loader Loader;

Loader   *_ca_trade_loader_new        (const Schema  *schema,
                                       guint          max_issues);
void      _ca_trade_loader_free       (Loader        *loader);
void      _ca_trade_loader_add_row    (Loader        *loader,
                                       const char   **fields,
                                       const gsize   *lengths,
                                       guint          n_fields,
                                       guint          line);
gboolean  _ca_trade_map_header        (Schema        *schema,
                                       const char   **fields,
                                       const gsize   *lengths,
                                       guint          n_fields,
                                       GError       **error);
void      _ca_trade_merge_tallies     (CaTradeCube   *self,
                                       const Schema  *schema,
                                       Loader       **loaders,
                                       const guint   *first_lines,
                                       guint          n_loaders);
gboolean  _ca_trade_parse_month       (const char    *text,
                                       gsize          length,
                                       int           *month);

G_END_DECLS
