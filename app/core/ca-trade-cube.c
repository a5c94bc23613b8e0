/* ca-trade-cube.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ca-trade-cube"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "ca-trade-csv-private.h"

/* Trade records aggregated as they are read into a dense cube of
 * province × partner region × direction × mode for each month.  Records are not kept:
 * a query sums over ranges of the cube, so it takes microseconds whatever
 * the size of the file, and loading five million rows needs no more
 * memory than the file itself.
 *
 * ca_trade_cube_load () reads a CSV with the parser of ca-trade-csv.c,
 * and anything else (XLSX, ODS, a PostgreSQL table, any table GDAL
 * reads) through OGR, in ca-trade-table.c.  This file holds the cube,
 * its queries and the formatting of months, yuan, growth and periods.
 */

G_DEFINE_FINAL_TYPE (CaTradeCube, ca_trade_cube, G_TYPE_OBJECT)

G_DEFINE_QUARK (ca-trade-error-quark, ca_trade_error)

static void
ca_trade_cube_finalize (GObject *object)
{
  CaTradeCube *self = (CaTradeCube *)object;

  for (guint m = 0; m < N_MONTHS; m++)
    g_free (self->slabs[m]);

  for (guint i = 0; i < self->issues->len; i++)
    g_free (g_array_index (self->issues, CaTradeIssue, i).reason);
  g_clear_pointer (&self->issues, g_array_unref);
  g_clear_pointer (&self->source, g_free);
  g_clear_pointer (&self->encoding, g_free);

  G_OBJECT_CLASS (ca_trade_cube_parent_class)->finalize (object);
}

static void
ca_trade_cube_class_init (CaTradeCubeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ca_trade_cube_finalize;
}

static void
ca_trade_cube_init (CaTradeCube *self)
{
  self->issues = g_array_new (FALSE, FALSE, sizeof (CaTradeIssue));
  self->first_month = G_MAXINT;
  self->last_month = G_MININT;
  self->encoding = g_strdup ("UTF-8");
}

CaTradeCube *
ca_trade_cube_new (void)
{
  return g_object_new (CA_TYPE_TRADE_CUBE, NULL);
}

/**
 * ca_trade_cube_add:
 *
 * Adds @value yuan to one cell of the cube.
 */
void
ca_trade_cube_add (CaTradeCube *self,
                   int          month,
                   int          province,
                   int          region,
                   CaDirection  direction,
                   CaMode       mode,
                   double       value)
{
  int index = month - FIRST_MONTH;
  double *slab;

  g_return_if_fail (CA_IS_TRADE_CUBE (self));
  g_return_if_fail (index >= 0 && index < N_MONTHS);
  g_return_if_fail (province >= 0 && province < CA_N_PROVINCES);
  g_return_if_fail (region >= 0 && region < CA_N_REGIONS);
  g_return_if_fail (direction < CA_N_DIRECTIONS);
  g_return_if_fail (mode < CA_N_MODES);

  slab = self->slabs[index];
  if (G_UNLIKELY (slab == NULL))
    slab = self->slabs[index] = g_new0 (double, SLAB_CELLS);

  slab[cell_index (province, region, direction, mode)] += value;
  self->directions |= 1u << direction;
  self->first_month = MIN (self->first_month, month);
  self->last_month = MAX (self->last_month, month);
}

/**
 * ca_trade_cube_load:
 * @source: a CSV, XLSX or ODS file, a "PG:…" connection string, or any
 *   table GDAL reads
 *
 * Reads trade records and aggregates them.  Rows that cannot be used are
 * counted and listed (the first thousand) with their line and the reason.
 * Blocks: call it from a worker thread.  A large CSV is parsed on threads
 * of its own as well; @progress is only called on the calling thread.
 *
 * Returns: (transfer full): the cube, or %NULL with @error set when the
 *   source cannot be read at all
 */
CaTradeCube *
ca_trade_cube_load (const char      *source,
                    CaProgressFunc   progress,
                    gpointer         progress_data,
                    GCancellable    *cancellable,
                    GError         **error)
{
  g_autoptr(CaTradeCube) self = NULL;
  gboolean ok;

  g_return_val_if_fail (source != NULL, NULL);

  self = ca_trade_cube_new ();
  self->source = g_strdup (source);

  if (g_str_has_suffix (source, ".csv") || g_str_has_suffix (source, ".CSV") ||
      g_str_has_suffix (source, ".txt"))
    ok = _ca_trade_cube_load_csv (self, source, progress, progress_data, cancellable, error);
  else
    ok = _ca_trade_cube_load_table (self, source, progress, progress_data, cancellable, error);

  if (!ok)
    return NULL;

  if (progress != NULL)
    progress (1.0, progress_data);

  return g_steal_pointer (&self);
}

const char *
ca_trade_cube_get_source (CaTradeCube *self)
{
  g_return_val_if_fail (CA_IS_TRADE_CUBE (self), NULL);

  return self->source;
}

guint64
ca_trade_cube_get_n_rows (CaTradeCube *self)
{
  g_return_val_if_fail (CA_IS_TRADE_CUBE (self), 0);

  return self->n_rows;
}

guint64
ca_trade_cube_get_n_accepted (CaTradeCube *self)
{
  g_return_val_if_fail (CA_IS_TRADE_CUBE (self), 0);

  return self->n_accepted;
}

guint64
ca_trade_cube_get_n_rejected (CaTradeCube *self)
{
  g_return_val_if_fail (CA_IS_TRADE_CUBE (self), 0);

  return self->n_rows - self->n_accepted;
}

guint
ca_trade_cube_get_n_issues (CaTradeCube *self)
{
  g_return_val_if_fail (CA_IS_TRADE_CUBE (self), 0);

  return self->issues->len;
}

const CaTradeIssue *
ca_trade_cube_get_issue (CaTradeCube *self,
                         guint        index)
{
  g_return_val_if_fail (CA_IS_TRADE_CUBE (self), NULL);
  g_return_val_if_fail (index < self->issues->len, NULL);

  return &g_array_index (self->issues, CaTradeIssue, index);
}

const char *
ca_trade_cube_get_encoding (CaTradeCube *self)
{
  g_return_val_if_fail (CA_IS_TRADE_CUBE (self), NULL);

  return self->encoding;
}

/**
 * ca_trade_cube_has_directions:
 *
 * Returns: whether any record says whether it is an export or an import
 */
gboolean
ca_trade_cube_has_directions (CaTradeCube *self)
{
  g_return_val_if_fail (CA_IS_TRADE_CUBE (self), FALSE);

  return (self->directions & ((1u << CA_DIRECTION_EXPORT) | (1u << CA_DIRECTION_IMPORT))) != 0;
}

/**
 * ca_trade_cube_get_months:
 *
 * Returns: whether the cube has any record, with the first and last month
 */
gboolean
ca_trade_cube_get_months (CaTradeCube *self,
                          int         *first,
                          int         *last)
{
  g_return_val_if_fail (CA_IS_TRADE_CUBE (self), FALSE);

  if (self->first_month > self->last_month)
    return FALSE;

  *first = self->first_month;
  *last = self->last_month;
  return TRUE;
}

void
ca_trade_filter_init (CaTradeFilter *filter,
                      int            month_from,
                      int            month_to)
{
  g_return_if_fail (filter != NULL);

  memset (filter, 0, sizeof *filter);
  filter->month_from = month_from;
  filter->month_to = month_to;
}

/* Calls @visit for each selected cell with its province, region and
 * value. */
static inline void
for_each_cell (CaTradeCube         *self,
               const CaTradeFilter *filter,
               void               (*visit) (int month, int province, int region, double value, gpointer data),
               gpointer             data)
{
  int from = MAX (filter->month_from, FIRST_MONTH) - FIRST_MONTH;
  int to = MIN (filter->month_to, FIRST_MONTH + N_MONTHS - 1) - FIRST_MONTH;

  for (int m = from; m <= to; m++)
    {
      const double *slab = self->slabs[m];

      if (slab == NULL)
        continue;

      for (int p = 0; p < CA_N_PROVINCES; p++)
        {
          if (filter->provinces != 0 && !(filter->provinces & ((guint64)1 << p)))
            continue;

          for (int r = 0; r < CA_N_REGIONS; r++)
            {
              const double *cell = &slab[(p * CA_N_REGIONS + r) * CA_N_DIRECTIONS * CA_N_MODES];
              double sum = 0;

              if (filter->regions != 0 && !(filter->regions & ((guint32)1 << r)))
                continue;

              for (int d = 0; d < CA_N_DIRECTIONS; d++, cell += CA_N_MODES)
                if (filter->directions == 0 || (filter->directions & (1u << d)))
                  for (int k = 0; k < CA_N_MODES; k++)
                    if (filter->modes == 0 || (filter->modes & (1u << k)))
                      sum += cell[k];

              if (sum != 0)
                visit (m + FIRST_MONTH, p, r, sum, data);
            }
        }
    }
}

static void
add_total (int      month,
           int      province,
           int      region,
           double   value,
           gpointer data)
{
  *(double *)data += value;
}

double
ca_trade_cube_total (CaTradeCube         *self,
                     const CaTradeFilter *filter)
{
  double total = 0;

  g_return_val_if_fail (CA_IS_TRADE_CUBE (self), 0);
  g_return_val_if_fail (filter != NULL, 0);

  for_each_cell (self, filter, add_total, &total);
  return total;
}

static void
add_by_province (int      month,
                 int      province,
                 int      region,
                 double   value,
                 gpointer data)
{
  ((double *)data)[province] += value;
}

/**
 * ca_trade_cube_by_province:
 * @totals: (array fixed-size=34) (out caller-allocates): one total per province
 */
void
ca_trade_cube_by_province (CaTradeCube         *self,
                           const CaTradeFilter *filter,
                           double              *totals)
{
  g_return_if_fail (CA_IS_TRADE_CUBE (self));

  memset (totals, 0, CA_N_PROVINCES * sizeof (double));
  for_each_cell (self, filter, add_by_province, totals);
}

static void
add_by_region (int      month,
               int      province,
               int      region,
               double   value,
               gpointer data)
{
  ((double *)data)[region] += value;
}

/**
 * ca_trade_cube_by_region:
 * @totals: (array fixed-size=11) (out caller-allocates): one total per region
 */
void
ca_trade_cube_by_region (CaTradeCube         *self,
                         const CaTradeFilter *filter,
                         double              *totals)
{
  g_return_if_fail (CA_IS_TRADE_CUBE (self));

  memset (totals, 0, CA_N_REGIONS * sizeof (double));
  for_each_cell (self, filter, add_by_region, totals);
}

static void
add_by_pair (int      month,
             int      province,
             int      region,
             double   value,
             gpointer data)
{
  ((double *)data)[province * CA_N_REGIONS + region] += value;
}

/**
 * ca_trade_cube_by_pair:
 * @totals: (out caller-allocates): 34 × 11 totals, province-major
 */
void
ca_trade_cube_by_pair (CaTradeCube         *self,
                       const CaTradeFilter *filter,
                       double              *totals)
{
  g_return_if_fail (CA_IS_TRADE_CUBE (self));

  memset (totals, 0, CA_N_PROVINCES * CA_N_REGIONS * sizeof (double));
  for_each_cell (self, filter, add_by_pair, totals);
}

typedef struct
{
  double *totals;
  int     first;
} MonthTotals;

static void
add_by_month (int      month,
              int      province,
              int      region,
              double   value,
              gpointer data)
{
  MonthTotals *months = data;

  months->totals[month - months->first] += value;
}

/**
 * ca_trade_cube_by_month:
 * @totals: (out caller-allocates): one total per month of the filter's range
 */
void
ca_trade_cube_by_month (CaTradeCube         *self,
                        const CaTradeFilter *filter,
                        double              *totals)
{
  MonthTotals months = { totals, filter->month_from };

  g_return_if_fail (CA_IS_TRADE_CUBE (self));
  g_return_if_fail (filter->month_to >= filter->month_from);

  memset (totals, 0, (filter->month_to - filter->month_from + 1) * sizeof (double));
  for_each_cell (self, filter, add_by_month, &months);
}

/**
 * ca_trade_growth:
 *
 * Returns: the change from @base to @current as a fraction (0.179 for
 *   +17.9 %), or NAN ("n/a") when there is no base to compare with
 */
double
ca_trade_growth (double current,
                 double base)
{
  if (!(base > 0) || !isfinite (current))
    return NAN;

  return current / base - 1.0;
}

/**
 * ca_trade_cube_growth:
 *
 * Returns: year-on-year growth of the filter's total against the same
 *   months a year earlier; NAN when those months are not all in the data
 *   or add up to nothing
 */
double
ca_trade_cube_growth (CaTradeCube         *self,
                      const CaTradeFilter *filter)
{
  CaTradeFilter base = *filter;

  g_return_val_if_fail (CA_IS_TRADE_CUBE (self), NAN);

  base.month_from -= 12;
  base.month_to -= 12;
  if (base.month_from < self->first_month)
    return NAN;

  return ca_trade_growth (ca_trade_cube_total (self, filter), ca_trade_cube_total (self, &base));
}

/**
 * ca_trade_parse_period:
 *
 * Parses "2025-01:2025-10" (or one month, "2025-03").
 */
gboolean
ca_trade_parse_period (const char *text,
                       int        *month_from,
                       int        *month_to)
{
  const char *colon;

  g_return_val_if_fail (text != NULL, FALSE);

  colon = strchr (text, ':');
  if (colon == NULL)
    {
      if (!_ca_trade_parse_month (text, strlen (text), month_from))
        return FALSE;
      *month_to = *month_from;
      return TRUE;
    }

  return _ca_trade_parse_month (text, colon - text, month_from) &&
         _ca_trade_parse_month (colon + 1, strlen (colon + 1), month_to) &&
         *month_from <= *month_to;
}

char *
ca_trade_format_month (int month)
{
  return g_strdup_printf ("%04d-%02d", month / 12, month % 12 + 1);
}

/**
 * ca_trade_format_yuan:
 *
 * Returns: an amount of yuan for people: "¥1.35 trillion", "¥611.5
 *   billion"; in Chinese with the units Chinese figures use, 万亿 and 亿:
 *   "1.35万亿元", "611.5亿元"
 */
char *
ca_trade_format_yuan (double     value,
                      CaLanguage language)
{
  double magnitude = fabs (value);

  if (language == CA_LANGUAGE_CHINESE)
    {
      if (magnitude >= 1e12)
        return g_strdup_printf ("%.2f万亿元", value / 1e12);
      if (magnitude >= 1e8)
        return g_strdup_printf ("%.1f亿元", value / 1e8);
      if (magnitude >= 1e4)
        return g_strdup_printf ("%.1f万元", value / 1e4);
      return g_strdup_printf ("%.0f元", value);
    }

  if (magnitude >= 1e12)
    return g_strdup_printf ("¥%.2f trillion", value / 1e12);
  if (magnitude >= 1e9)
    return g_strdup_printf ("¥%.1f billion", value / 1e9);
  if (magnitude >= 1e6)
    return g_strdup_printf ("¥%.1f million", value / 1e6);
  return g_strdup_printf ("¥%.0f", value);
}

/**
 * ca_trade_format_growth:
 *
 * Returns: "+17.9 %" (Chinese: "+17.9%"), or "n/a" (不适用) without a base
 */
char *
ca_trade_format_growth (double     growth,
                        CaLanguage language)
{
  if (isnan (growth))
    return g_strdup (language == CA_LANGUAGE_CHINESE ? "不适用" : "n/a");

  return g_strdup_printf (language == CA_LANGUAGE_CHINESE ? "%+.1f%%" : "%+.1f %%", growth * 100);
}

/**
 * ca_trade_format_period:
 *
 * Returns: "Jan–Oct 2025", "Dec 2024–Feb 2025"; in Chinese "2025年1—10月"
 */
char *
ca_trade_format_period (int        month_from,
                        int        month_to,
                        CaLanguage language)
{
  static const char *months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  int year_from = month_from / 12, year_to = month_to / 12;
  int m_from = month_from % 12, m_to = month_to % 12;

  if (language == CA_LANGUAGE_CHINESE)
    {
      if (month_from == month_to)
        return g_strdup_printf ("%d年%d月", year_from, m_from + 1);
      if (year_from == year_to)
        return g_strdup_printf ("%d年%d—%d月", year_from, m_from + 1, m_to + 1);
      return g_strdup_printf ("%d年%d月—%d年%d月", year_from, m_from + 1, year_to, m_to + 1);
    }

  if (month_from == month_to)
    return g_strdup_printf ("%s %d", months[m_from], year_from);
  if (year_from == year_to)
    return g_strdup_printf ("%s–%s %d", months[m_from], months[m_to], year_from);
  return g_strdup_printf ("%s %d–%s %d", months[m_from], year_from, months[m_to], year_to);
}

/**
 * ca_trade_cube_dup_summary:
 * @name: what to call the source
 *
 * Returns: "trade.csv: 5 rows, 4 accepted, 1 rejected", the validation
 *   summary the panel and the command line show
 */
char *
ca_trade_cube_dup_summary (CaTradeCube *self,
                           const char  *name)
{
  g_autofree char *rows = NULL;
  g_autofree char *accepted = NULL;
  g_autofree char *rejected = NULL;

  g_return_val_if_fail (CA_IS_TRADE_CUBE (self), NULL);

  rows = g_strdup_printf ("%" G_GUINT64_FORMAT, self->n_rows);
  accepted = g_strdup_printf ("%" G_GUINT64_FORMAT, self->n_accepted);
  rejected = g_strdup_printf ("%" G_GUINT64_FORMAT, self->n_rows - self->n_accepted);

  /* translators: "trade.csv: 5 rows, 4 accepted, 1 rejected" */
  return g_strdup_printf (_("%s: %s rows, %s accepted, %s rejected"), name, rows, accepted, rejected);
}
