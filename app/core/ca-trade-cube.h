/* ca-trade-cube.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ca-trade-names.h"
#include "ca-vector-layer.h"

G_BEGIN_DECLS

#define CA_TRADE_ERROR (ca_trade_error_quark ())

typedef enum
{
  CA_TRADE_ERROR_FAILED,
  CA_TRADE_ERROR_OPEN,
  CA_TRADE_ERROR_COLUMNS,
  CA_TRADE_ERROR_EMPTY,
} CaTradeError;

/* A row the loader rejected: where (line of a CSV, or sheet row) and why. */
typedef struct
{
  guint  line;
  char  *reason;
} CaTradeIssue;

/* Months are counted as year × 12 + (month − 1): 2025-01 is 24300. */
#define CA_MONTH(year, month) ((year) * 12 + (month) - 1)

typedef struct
{
  int     month_from;   /* inclusive */
  int     month_to;     /* inclusive */
  guint   modes;        /* a bit per CaMode; 0 means all */
  guint   directions;   /* a bit per CaDirection; 0 means all */
  guint32 regions;      /* a bit per region; 0 means all */
  guint64 provinces;    /* a bit per province; 0 means all */
} CaTradeFilter;

#define CA_TYPE_TRADE_CUBE (ca_trade_cube_get_type ())

G_DECLARE_FINAL_TYPE (CaTradeCube, ca_trade_cube, CA, TRADE_CUBE, GObject)

GQuark              ca_trade_error_quark         (void);

CaTradeCube        *ca_trade_cube_new            (void);
CaTradeCube        *ca_trade_cube_load           (const char          *source,
                                                  CaProgressFunc       progress,
                                                  gpointer             progress_data,
                                                  GCancellable        *cancellable,
                                                  GError             **error);
gboolean            ca_trade_cube_add_csv        (CaTradeCube         *self,
                                                  const char          *data,
                                                  gsize                length,
                                                  const char          *name,
                                                  GError             **error);
void                ca_trade_cube_add            (CaTradeCube         *self,
                                                  int                  month,
                                                  int                  province,
                                                  int                  region,
                                                  CaDirection          direction,
                                                  CaMode               mode,
                                                  double               value);

const char         *ca_trade_cube_get_source     (CaTradeCube         *self);
guint64             ca_trade_cube_get_n_rows     (CaTradeCube         *self);
guint64             ca_trade_cube_get_n_accepted (CaTradeCube         *self);
guint64             ca_trade_cube_get_n_rejected (CaTradeCube         *self);
guint               ca_trade_cube_get_n_issues   (CaTradeCube         *self);
const CaTradeIssue *ca_trade_cube_get_issue      (CaTradeCube         *self,
                                                  guint                index);
const char         *ca_trade_cube_get_encoding   (CaTradeCube         *self);
char               *ca_trade_cube_dup_summary    (CaTradeCube         *self,
                                                  const char          *name);
gboolean            ca_trade_cube_has_directions (CaTradeCube         *self);
gboolean            ca_trade_cube_get_months     (CaTradeCube         *self,
                                                  int                 *first,
                                                  int                 *last);

void                ca_trade_filter_init         (CaTradeFilter       *filter,
                                                  int                  month_from,
                                                  int                  month_to);
double              ca_trade_cube_total          (CaTradeCube         *self,
                                                  const CaTradeFilter *filter);
void                ca_trade_cube_by_province    (CaTradeCube         *self,
                                                  const CaTradeFilter *filter,
                                                  double              *totals);
void                ca_trade_cube_by_region      (CaTradeCube         *self,
                                                  const CaTradeFilter *filter,
                                                  double              *totals);
void                ca_trade_cube_by_pair        (CaTradeCube         *self,
                                                  const CaTradeFilter *filter,
                                                  double              *totals);
void                ca_trade_cube_by_month       (CaTradeCube         *self,
                                                  const CaTradeFilter *filter,
                                                  double              *totals);
double              ca_trade_cube_growth         (CaTradeCube         *self,
                                                  const CaTradeFilter *filter);
double              ca_trade_growth              (double               current,
                                                  double               base);
gboolean            ca_trade_parse_period        (const char          *text,
                                                  int                 *month_from,
                                                  int                 *month_to);
char               *ca_trade_format_month        (int                  month);
char               *ca_trade_format_yuan         (double               value,
                                                  CaLanguage           language);
char               *ca_trade_format_growth       (double               growth,
                                                  CaLanguage           language);
char               *ca_trade_format_period       (int                  month_from,
                                                  int                  month_to,
                                                  CaLanguage           language);

G_END_DECLS
