/* ca-stats-command.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ca-stats-command"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ca-connection.h"
#include "ca-stats-command.h"
#include "ca-trade-cube.h"

/* corridor-atlas --stats FILE|PG:… [--period 2025-01:2025-10]
 *   [--by total|province|region|pair|month] [--mode LIST]
 *   [--direction export|import|both] [--yoy] [--format csv|table]
 *
 * The statistics core on the command line, with no display: it prints
 * the aggregated table on stdout and the validation summary on stderr,
 * so planners can script reports and check the core against a
 * spreadsheet or SQL on the same file.
 */

typedef struct
{
  char    **cells;   /* one row of text cells */
  double    sort;
} Row;

static void
row_free (gpointer data)
{
  Row *row = data;

  g_strfreev (row->cells);
  g_free (row);
}

gboolean
ca_stats_command_wanted (int    argc,
                         char **argv)
{
  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--stats") || g_str_has_prefix (argv[i], "--stats="))
      return TRUE;

  return FALSE;
}

static char *
format_number (double value)
{
  return g_strdup_printf ("%.0f", value);
}

static char *
format_growth (double growth)
{
  return isnan (growth) ? g_strdup ("n/a") : g_strdup_printf ("%.4f", growth);
}

static char *
format_share (double value,
              double total)
{
  return total > 0 ? g_strdup_printf ("%.4f", value / total) : g_strdup ("n/a");
}

static void
add_row (GPtrArray *rows,
         double     sort,
         ...)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  Row *row = g_new0 (Row, 1);
  const char *cell;
  va_list args;

  va_start (args, sort);
  while ((cell = va_arg (args, const char *)) != NULL)
    g_strv_builder_add (builder, cell);
  va_end (args);

  row->cells = g_strv_builder_end (builder);
  row->sort = sort;
  g_ptr_array_add (rows, row);
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const Row *ra = *(const Row * const *)a;
  const Row *rb = *(const Row * const *)b;

  return ra->sort < rb->sort ? 1 : ra->sort > rb->sort ? -1 : 0;
}

/* Quotes a CSV cell when it needs it. */
static void
print_csv_cell (GString    *out,
                const char *cell)
{
  if (strpbrk (cell, ",\"\n") == NULL)
    {
      g_string_append (out, cell);
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = cell; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
print_rows (char      **header,
            GPtrArray  *rows,
            gboolean    table)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint n_columns = g_strv_length (header);
  g_autofree guint *widths = g_new0 (guint, n_columns);

  if (table)
    {
      for (guint c = 0; c < n_columns; c++)
        widths[c] = g_utf8_strlen (header[c], -1);
      for (guint r = 0; r < rows->len; r++)
        for (guint c = 0; c < n_columns; c++)
          widths[c] = MAX (widths[c], (guint)g_utf8_strlen (((Row *)g_ptr_array_index (rows, r))->cells[c], -1));
    }

  for (guint r = 0; r <= rows->len; r++)
    {
      char **cells = r == 0 ? header : ((Row *)g_ptr_array_index (rows, r - 1))->cells;

      for (guint c = 0; c < n_columns; c++)
        {
          if (!table)
            {
              if (c > 0)
                g_string_append_c (out, ',');
              print_csv_cell (out, cells[c]);
              continue;
            }

          if (c > 0)
            g_string_append (out, "  ");
          /* Names to the left, numbers to the right. */
          if (c > 0 && r > 0 && (g_ascii_isdigit (cells[c][0]) || cells[c][0] == '-' || g_str_equal (cells[c], "n/a")))
            g_string_append_printf (out, "%*s%s", (int)(widths[c] - g_utf8_strlen (cells[c], -1)), "", cells[c]);
          else
            g_string_append_printf (out, "%s%*s", cells[c], (int)(widths[c] - g_utf8_strlen (cells[c], -1)), "");
        }
      g_strchomp (out->str);
      out->len = strlen (out->str);
      g_string_append_c (out, '\n');
    }

  fputs (out->str, stdout);
}

static void
print_summary (CaTradeCube *cube,
               const char  *source)
{
  g_autofree char *shown = ca_vector_source_redact (source);
  guint n = MIN (ca_trade_cube_get_n_issues (cube), 5);

  g_autofree char *summary = ca_trade_cube_dup_summary (cube, shown);

  g_printerr ("%s (%s)\n", summary, ca_trade_cube_get_encoding (cube));
  for (guint i = 0; i < n; i++)
    g_printerr ("  %s\n", ca_trade_cube_get_issue (cube, i)->reason);
  if (ca_trade_cube_get_n_rejected (cube) > n)
    {
      g_autofree char *more = g_strdup_printf ("%" G_GUINT64_FORMAT, ca_trade_cube_get_n_rejected (cube) - n);

      /* translators: the number of rejected rows not listed */
      g_printerr (_("  … and %s more\n"), more);
    }
}

static gboolean
parse_modes (const char  *list,
             guint       *mask,
             GError     **error)
{
  g_auto(GStrv) names = g_strsplit (list, ",", -1);

  *mask = 0;
  for (guint i = 0; names[i] != NULL; i++)
    {
      int mode = ca_trade_match_mode (g_strstrip (names[i]));

      if (mode < 0)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("Unknown mode “%s”: use rail-sea, cross-border-rail, cross-border-road, air or other"),
                       names[i]);
          return FALSE;
        }
      *mask |= 1u << mode;
    }

  return TRUE;
}

int
ca_stats_command_run (int    argc,
                      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CaTradeCube) cube = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (row_free);
  g_autoptr(GStrvBuilder) header_builder = g_strv_builder_new ();
  g_auto(GStrv) header = NULL;
  g_autofree char *source = NULL;
  g_autofree char *period = NULL;
  g_autofree char *by = NULL;
  g_autofree char *modes = NULL;
  g_autofree char *direction = NULL;
  g_autofree char *format = NULL;
  gboolean yoy = FALSE;
  int direction_id = -1;
  CaTradeFilter filter, base;
  CaLanguage language = ca_language_from_locale ();
  int first, last;
  const GOptionEntry entries[] = {
    { "stats", 0, 0, G_OPTION_ARG_FILENAME, &source, N_("Trade records to aggregate: CSV, XLSX, ODS or PG:…"), N_("FILE") },
    { "period", 0, 0, G_OPTION_ARG_STRING, &period, N_("Months to add up, such as 2025-01:2025-10 (default: all)"), N_("FROM:TO") },
    { "by", 0, 0, G_OPTION_ARG_STRING, &by, N_("Group by total, province, region, pair or month (default: total)"), N_("GROUP") },
    { "mode", 0, 0, G_OPTION_ARG_STRING, &modes, N_("Only these modes, separated by commas"), N_("LIST") },
    { "direction", 0, 0, G_OPTION_ARG_STRING, &direction, N_("Only exports or only imports (default: both)"), N_("export|import|both") },
    { "yoy", 0, 0, G_OPTION_ARG_NONE, &yoy, N_("Add the same months a year earlier and the growth"), NULL },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("csv (default) or table"), N_("FORMAT") },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Aggregate trade records by province, partner region, month "
                                           "and mode, without opening a window."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  if (source == NULL || source[0] == '\0')
    {
      g_printerr (_("--stats needs a file or a PG: connection string\n"));
      return 2;
    }
  if (by == NULL)
    by = g_strdup ("total");
  if (!g_strv_contains ((const char *[]) { "total", "province", "region", "pair", "month", NULL }, by))
    {
      g_printerr (_("Unknown grouping “%s”: use total, province, region, pair or month\n"), by);
      return 2;
    }
  if (format != NULL && !g_str_equal (format, "csv") && !g_str_equal (format, "table"))
    {
      g_printerr (_("Unknown format “%s”: use csv or table\n"), format);
      return 2;
    }

  if (direction != NULL && !g_str_equal (direction, "both"))
    {
      direction_id = ca_trade_match_direction (direction);
      if (direction_id != CA_DIRECTION_EXPORT && direction_id != CA_DIRECTION_IMPORT)
        {
          g_printerr (_("Unknown direction “%s”: use export, import or both\n"), direction);
          return 2;
        }
    }

  cube = ca_trade_cube_load (source, NULL, NULL, NULL, &error);
  if (cube == NULL)
    {
      /* Whatever GDAL or libpq said, never with the password. */
      g_autofree char *shown = ca_connection_redact_message (error->message, source);

      g_printerr ("%s\n", shown);
      return 1;
    }
  print_summary (cube, source);

  if (!ca_trade_cube_get_months (cube, &first, &last))
    {
      g_printerr (_("No record could be used.\n"));
      return 1;
    }

  ca_trade_filter_init (&filter, first, last);
  if (period != NULL && !ca_trade_parse_period (period, &filter.month_from, &filter.month_to))
    {
      g_printerr (_("Bad period “%s”: use YYYY-MM:YYYY-MM\n"), period);
      return 2;
    }
  if (modes != NULL && !parse_modes (modes, &filter.modes, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (direction_id >= 0)
    {
      if (!ca_trade_cube_has_directions (cube))
        {
          g_autofree char *name = ca_vector_source_redact (source);

          g_printerr (_("%s does not say which records are exports and which imports: it has no "
                        "direction column\n"), name);
          return 2;
        }
      filter.directions = 1u << direction_id;
    }
  base = filter;
  base.month_from -= 12;
  base.month_to -= 12;

#define ADD_YOY_HEADER() G_STMT_START { if (yoy) { g_strv_builder_add (header_builder, "base_value_cny"); g_strv_builder_add (header_builder, "yoy"); } } G_STMT_END

  if (g_str_equal (by, "total"))
    {
      double total = ca_trade_cube_total (cube, &filter);
      double base_total = ca_trade_cube_total (cube, &base);
      double growth = base.month_from < first ? NAN : ca_trade_growth (total, base_total);
      g_autofree char *from = ca_trade_format_month (filter.month_from);
      g_autofree char *to = ca_trade_format_month (filter.month_to);
      g_autofree char *value = format_number (total);
      g_autofree char *base_value = base.month_from < first ? g_strdup ("n/a") : format_number (base_total);
      g_autofree char *change = format_growth (growth);

      g_strv_builder_add_many (header_builder, "from", "to", "value_cny", NULL);
      ADD_YOY_HEADER ();
      if (yoy)
        add_row (rows, 0, from, to, value, base_value, change, NULL);
      else
        add_row (rows, 0, from, to, value, NULL);
    }
  else if (g_str_equal (by, "month"))
    {
      int n = filter.month_to - filter.month_from + 1;
      g_autofree double *totals = g_new0 (double, n);
      g_autofree double *bases = g_new0 (double, n);

      ca_trade_cube_by_month (cube, &filter, totals);
      ca_trade_cube_by_month (cube, &base, bases);
      g_strv_builder_add_many (header_builder, "month", "value_cny", NULL);
      ADD_YOY_HEADER ();
      for (int i = 0; i < n; i++)
        {
          g_autofree char *month = ca_trade_format_month (filter.month_from + i);
          g_autofree char *value = format_number (totals[i]);
          gboolean known = base.month_from + i >= first;
          g_autofree char *base_value = known ? format_number (bases[i]) : g_strdup ("n/a");
          g_autofree char *change = format_growth (known ? ca_trade_growth (totals[i], bases[i]) : NAN);

          if (yoy)
            add_row (rows, -i, month, value, base_value, change, NULL);
          else
            add_row (rows, -i, month, value, NULL);
        }
    }
  else
    {
      gboolean by_province = g_str_equal (by, "province");
      gboolean by_region = g_str_equal (by, "region");
      guint n = by_province ? CA_N_PROVINCES : by_region ? CA_N_REGIONS : CA_N_PROVINCES * CA_N_REGIONS;
      g_autofree double *totals = g_new0 (double, n);
      g_autofree double *bases = g_new0 (double, n);
      double grand = ca_trade_cube_total (cube, &filter);
      gboolean known = base.month_from >= first;

      if (by_province)
        {
          ca_trade_cube_by_province (cube, &filter, totals);
          ca_trade_cube_by_province (cube, &base, bases);
          g_strv_builder_add_many (header_builder, "province", "name", "value_cny", NULL);
        }
      else if (by_region)
        {
          ca_trade_cube_by_region (cube, &filter, totals);
          ca_trade_cube_by_region (cube, &base, bases);
          g_strv_builder_add_many (header_builder, "region", "name", "value_cny", NULL);
        }
      else
        {
          ca_trade_cube_by_pair (cube, &filter, totals);
          ca_trade_cube_by_pair (cube, &base, bases);
          g_strv_builder_add_many (header_builder, "province", "region", "value_cny", NULL);
        }
      ADD_YOY_HEADER ();
      g_strv_builder_add (header_builder, "share");

      for (guint i = 0; i < n; i++)
        {
          g_autofree char *value = NULL;
          g_autofree char *base_value = NULL;
          g_autofree char *change = NULL;
          g_autofree char *share = NULL;
          const char *key, *name;

          if (totals[i] == 0 && (!yoy || bases[i] == 0))
            continue;

          if (by_province)
            {
              key = ca_trade_province_code (i);
              name = ca_place_name_get_label (ca_place_names_lookup (key), language);
            }
          else if (by_region)
            {
              key = ca_trade_get_region (i)->id;
              name = language == CA_LANGUAGE_CHINESE ? ca_trade_get_region (i)->name_zh
                                                      : ca_trade_get_region (i)->name_en;
            }
          else
            {
              key = ca_trade_province_code (i / CA_N_REGIONS);
              name = ca_trade_get_region (i % CA_N_REGIONS)->id;
            }

          value = format_number (totals[i]);
          base_value = known ? format_number (bases[i]) : g_strdup ("n/a");
          change = format_growth (known ? ca_trade_growth (totals[i], bases[i]) : NAN);
          share = format_share (totals[i], grand);
          if (yoy)
            add_row (rows, totals[i], key, name, value, base_value, change, share, NULL);
          else
            add_row (rows, totals[i], key, name, value, share, NULL);
        }
    }

#undef ADD_YOY_HEADER

  g_ptr_array_sort (rows, compare_rows);
  header = g_strv_builder_end (header_builder);
  print_rows (header, rows, format != NULL && g_str_equal (format, "table"));

  return 0;
}
