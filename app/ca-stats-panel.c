/* ca-stats-panel.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ca-stats-panel"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ca-connection.h"
#include "ca-stats-panel.h"
#include "ca-stats-row.h"

/* The statistics panel: the headline for the chosen months ("Jan–Oct
 * 2025: ¥1.35 trillion, +17.9 % YoY"), the filters (months with a play
 * button, modes, partner regions, top N), a bar chart of the leading
 * provinces, a monthly line against the year before, and a sortable
 * table of province × partner region.  It owns no data logic: it reads
 * the cube and says, through "changed", what the planner chose.
 */

#define PLAY_INTERVAL_MS 900

struct _CaStatsPanel
{
  GtkWidget       parent_instance;

  /* Template Widgets */
  GtkLabel       *illustrative_label;
  GtkLabel       *headline_label;
  GtkLabel       *source_label;
  GtkDropDown    *from_dropdown;
  GtkDropDown    *to_dropdown;
  GtkToggleButton *play_button;
  GtkWidget      *direction_box;
  GtkFlowBox     *modes_box;
  GtkFlowBox     *regions_box;
  GtkSpinButton  *top_spin;
  GtkDropDown    *flows_dropdown;
  GtkDropDown    *coloring_dropdown;
  GtkCheckButton *choropleth_check;
  GtkCheckButton *circles_check;
  GtkDrawingArea *bars_area;
  GtkDrawingArea *line_area;
  GtkColumnView  *table_view;

  /* Owned References */
  CaTradeCube    *cube;
  GListStore     *rows;
  GtkStringList  *months;
  char           *headline;

  GtkCheckButton *mode_checks[CA_N_MODES];
  GtkCheckButton *region_checks[CA_N_REGIONS];
  double          province_totals[CA_N_PROVINCES];
  double         *month_totals;
  double         *month_bases;
  int             first_month;
  int             n_months;
  int             direction;       /* a CaDirection, or -1 for both ways */
  guint           play_source;
  guint           updating : 1;
};

G_DEFINE_FINAL_TYPE (CaStatsPanel, ca_stats_panel, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static CaLanguage
language (void)
{
  return ca_language_from_locale ();
}

/**
 * ca_stats_panel_get_filter:
 *
 * Returns: whether there is data, with @filter set to what the panel
 *   shows
 */
gboolean
ca_stats_panel_get_filter (CaStatsPanel  *self,
                           CaTradeFilter *filter)
{
  g_return_val_if_fail (CA_IS_STATS_PANEL (self), FALSE);

  if (self->cube == NULL || self->n_months == 0)
    return FALSE;

  ca_trade_filter_init (filter,
                        self->first_month + (int)gtk_drop_down_get_selected (self->from_dropdown),
                        self->first_month + (int)gtk_drop_down_get_selected (self->to_dropdown));

  for (guint m = 0; m < CA_N_MODES; m++)
    if (gtk_check_button_get_active (self->mode_checks[m]))
      filter->modes |= 1u << m;
  for (guint r = 0; r < CA_N_REGIONS; r++)
    if (gtk_check_button_get_active (self->region_checks[r]))
      filter->regions |= 1u << r;

  if (self->direction >= 0)
    filter->directions = 1u << self->direction;

  /* Nothing ticked selects nothing, not everything. */
  if (filter->modes == 0)
    filter->modes = 1u << CA_N_MODES;
  if (filter->regions == 0)
    filter->regions = 1u << CA_N_REGIONS;

  return TRUE;
}

guint
ca_stats_panel_get_top_n (CaStatsPanel *self)
{
  g_return_val_if_fail (CA_IS_STATS_PANEL (self), 0);

  return (guint)gtk_spin_button_get_value_as_int (self->top_spin);
}

const char *
ca_stats_panel_get_headline (CaStatsPanel *self)
{
  g_return_val_if_fail (CA_IS_STATS_PANEL (self), NULL);

  return self->headline;
}

GListModel *
ca_stats_panel_get_rows (CaStatsPanel *self)
{
  g_return_val_if_fail (CA_IS_STATS_PANEL (self), NULL);

  return G_LIST_MODEL (self->rows);
}

CaTradeCube *
ca_stats_panel_get_cube (CaStatsPanel *self)
{
  g_return_val_if_fail (CA_IS_STATS_PANEL (self), NULL);

  return self->cube;
}

typedef struct
{
  int    province;
  int    region;
  double value;
} Pair;

static int
compare_pairs (gconstpointer a,
               gconstpointer b)
{
  const Pair *pa = a, *pb = b;

  return pa->value < pb->value ? 1 : pa->value > pb->value ? -1 : 0;
}

static void
refresh (CaStatsPanel *self)
{
  g_autofree char *period = NULL;
  g_autofree char *total_text = NULL;
  g_autofree char *growth_text = NULL;
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (Pair));
  double pair_totals[CA_N_PROVINCES * CA_N_REGIONS];
  double pair_bases[CA_N_PROVINCES * CA_N_REGIONS];
  CaTradeFilter filter, base;
  double total;
  guint top_n = ca_stats_panel_get_top_n (self);

  g_list_store_remove_all (self->rows);
  if (!ca_stats_panel_get_filter (self, &filter))
    {
      gtk_label_set_label (self->headline_label, _("No trade data"));
      g_clear_pointer (&self->headline, g_free);
      gtk_widget_queue_draw (GTK_WIDGET (self->bars_area));
      gtk_widget_queue_draw (GTK_WIDGET (self->line_area));
      return;
    }

  total = ca_trade_cube_total (self->cube, &filter);
  period = ca_trade_format_period (filter.month_from, filter.month_to, language ());
  total_text = ca_trade_format_yuan (total, language ());
  growth_text = ca_trade_format_growth (ca_trade_cube_growth (self->cube, &filter), language ());
  g_free (self->headline);
  if (self->direction == CA_DIRECTION_EXPORT)
    /* translators: "Jan–Oct 2025, exports: ¥812 billion, +15.2 % YoY" */
    self->headline = g_strdup_printf (_("%s, exports: %s, %s YoY"), period, total_text, growth_text);
  else if (self->direction == CA_DIRECTION_IMPORT)
    /* translators: "Jan–Oct 2025, imports: ¥538 billion, +22.0 % YoY" */
    self->headline = g_strdup_printf (_("%s, imports: %s, %s YoY"), period, total_text, growth_text);
  else
    /* translators: "Jan–Oct 2025: ¥1.35 trillion, +17.9 % YoY" */
    self->headline = g_strdup_printf (_("%s: %s, %s YoY"), period, total_text, growth_text);
  gtk_label_set_label (self->headline_label, self->headline);

  ca_trade_cube_by_province (self->cube, &filter, self->province_totals);

  g_free (self->month_totals);
  g_free (self->month_bases);
  self->month_totals = g_new0 (double, filter.month_to - filter.month_from + 1);
  self->month_bases = g_new0 (double, filter.month_to - filter.month_from + 1);
  ca_trade_cube_by_month (self->cube, &filter, self->month_totals);
  base = filter;
  base.month_from -= 12;
  base.month_to -= 12;
  ca_trade_cube_by_month (self->cube, &base, self->month_bases);
  g_object_set_data (G_OBJECT (self->line_area), "n-months",
                     GINT_TO_POINTER (filter.month_to - filter.month_from + 1));
  g_object_set_data (G_OBJECT (self->line_area), "first-month", GINT_TO_POINTER (filter.month_from));

  ca_trade_cube_by_pair (self->cube, &filter, pair_totals);
  ca_trade_cube_by_pair (self->cube, &base, pair_bases);
  for (int p = 0; p < CA_N_PROVINCES; p++)
    for (int r = 0; r < CA_N_REGIONS; r++)
      if (pair_totals[p * CA_N_REGIONS + r] > 0)
        {
          Pair pair = { p, r, pair_totals[p * CA_N_REGIONS + r] };

          g_array_append_val (pairs, pair);
        }
  g_array_sort (pairs, compare_pairs);

  for (guint i = 0; i < MIN (pairs->len, top_n); i++)
    {
      const Pair *pair = &g_array_index (pairs, Pair, i);
      const CaRegion *region = ca_trade_get_region (pair->region);
      const CaPlaceName *province = ca_place_names_lookup (ca_trade_province_code (pair->province));
      gboolean known = base.month_from >= self->first_month;
      g_autoptr(CaStatsRow) row = NULL;

      row = ca_stats_row_new (ca_place_name_get_label (province, language ()),
                              language () == CA_LANGUAGE_CHINESE ? region->name_zh : region->name_en,
                              pair->value,
                              known ? ca_trade_growth (pair->value, pair_bases[pair->province * CA_N_REGIONS + pair->region]) : NAN,
                              total > 0 ? pair->value / total : 0);
      g_list_store_append (self->rows, row);
    }

  gtk_widget_queue_draw (GTK_WIDGET (self->bars_area));
  gtk_widget_queue_draw (GTK_WIDGET (self->line_area));
}

static void
emit_changed (CaStatsPanel *self)
{
  if (self->updating)
    return;

  refresh (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_filter_changed_cb (CaStatsPanel *self)
{
  /* The panel is setting its own filters. */
  if (self->updating)
    return;

  /* Keep the range the right way round. */
  if (gtk_drop_down_get_selected (self->from_dropdown) > gtk_drop_down_get_selected (self->to_dropdown))
    {
      self->updating = TRUE;
      gtk_drop_down_set_selected (self->to_dropdown, gtk_drop_down_get_selected (self->from_dropdown));
      self->updating = FALSE;
    }

  emit_changed (self);
}

/**
 * ca_stats_panel_step:
 *
 * Moves the chosen months one month on, keeping their length.
 *
 * Returns: whether it moved (FALSE at the end of the data)
 */
gboolean
ca_stats_panel_step (CaStatsPanel *self)
{
  guint from, to;

  g_return_val_if_fail (CA_IS_STATS_PANEL (self), FALSE);

  from = gtk_drop_down_get_selected (self->from_dropdown);
  to = gtk_drop_down_get_selected (self->to_dropdown);
  if ((int)to + 1 >= self->n_months)
    return FALSE;

  self->updating = TRUE;
  gtk_drop_down_set_selected (self->to_dropdown, to + 1);
  gtk_drop_down_set_selected (self->from_dropdown, from + 1);
  self->updating = FALSE;
  emit_changed (self);

  return TRUE;
}

static gboolean
play_tick_cb (gpointer data)
{
  CaStatsPanel *self = data;

  if (ca_stats_panel_step (self))
    return G_SOURCE_CONTINUE;

  self->play_source = 0;
  gtk_toggle_button_set_active (self->play_button, FALSE);
  return G_SOURCE_REMOVE;
}

static void
on_play_toggled_cb (CaStatsPanel    *self,
                    GtkToggleButton *button)
{
  gboolean playing = gtk_toggle_button_get_active (button);

  gtk_button_set_icon_name (GTK_BUTTON (button),
                            playing ? "media-playback-pause-symbolic" : "media-playback-start-symbolic");
  g_clear_handle_id (&self->play_source, g_source_remove);
  if (playing)
    self->play_source = g_timeout_add (PLAY_INTERVAL_MS, play_tick_cb, self);
}

void
ca_stats_panel_set_months (CaStatsPanel *self,
                           int           month_from,
                           int           month_to)
{
  g_return_if_fail (CA_IS_STATS_PANEL (self));

  if (self->n_months == 0)
    return;

  self->updating = TRUE;
  gtk_drop_down_set_selected (self->from_dropdown, CLAMP (month_from - self->first_month, 0, self->n_months - 1));
  gtk_drop_down_set_selected (self->to_dropdown, CLAMP (month_to - self->first_month, 0, self->n_months - 1));
  self->updating = FALSE;
  emit_changed (self);
}

void
ca_stats_panel_set_mode (CaStatsPanel *self,
                         CaMode        mode,
                         gboolean      active)
{
  g_return_if_fail (CA_IS_STATS_PANEL (self));
  g_return_if_fail (mode < CA_N_MODES);

  gtk_check_button_set_active (self->mode_checks[mode], active);
}

/**
 * ca_stats_panel_set_direction:
 * @direction: %CA_DIRECTION_EXPORT, %CA_DIRECTION_IMPORT, or -1 for trade
 *   both ways
 *
 * Shows only exports or only imports.  The panel's direction buttons
 * drive the window's "win.trade-direction" action, which calls this.
 */
void
ca_stats_panel_set_direction (CaStatsPanel *self,
                              int           direction)
{
  g_return_if_fail (CA_IS_STATS_PANEL (self));
  g_return_if_fail (direction == -1 || direction == CA_DIRECTION_EXPORT || direction == CA_DIRECTION_IMPORT);

  if (self->direction == direction)
    return;

  self->direction = direction;
  emit_changed (self);
}

int
ca_stats_panel_get_direction (CaStatsPanel *self)
{
  g_return_val_if_fail (CA_IS_STATS_PANEL (self), -1);

  return self->direction;
}

/**
 * ca_stats_panel_set_cube:
 * @illustrative: whether the data is the illustrative sample, which the
 *   panel then says plainly
 */
void
ca_stats_panel_set_cube (CaStatsPanel *self,
                         CaTradeCube  *cube,
                         gboolean      illustrative)
{
  g_autofree char *name = NULL;
  g_autofree char *summary = NULL;
  int first, last;

  g_return_if_fail (CA_IS_STATS_PANEL (self));

  g_set_object (&self->cube, cube);
  gtk_widget_set_visible (GTK_WIDGET (self->illustrative_label), illustrative && cube != NULL);

  /* Records that do not say which way the goods go cannot be split. */
  if (cube == NULL || !ca_trade_cube_has_directions (cube))
    self->direction = -1;
  gtk_widget_set_visible (self->direction_box, cube != NULL && ca_trade_cube_has_directions (cube));

  /* The months change in one step: the drop-downs' selections follow a
   * list that grows one item at a time badly in GTK 4.8. */
  self->updating = TRUE;
  self->n_months = 0;

  if (cube != NULL && ca_trade_cube_get_months (cube, &first, &last))
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) months = NULL;
      int default_from, default_to;

      self->first_month = first;
      self->n_months = last - first + 1;
      for (int m = first; m <= last; m++)
        {
          g_autofree char *text = ca_trade_format_month (m);

          g_strv_builder_add (builder, text);
        }
      months = g_strv_builder_end (builder);
      gtk_string_list_splice (self->months, 0, g_list_model_get_n_items (G_LIST_MODEL (self->months)),
                              (const char * const *)months);

      /* The sample opens on the published figure (Jan–Oct 2025); other
       * data on the latest year so far. */
      default_to = illustrative && last >= CA_MONTH (2025, 10) ? CA_MONTH (2025, 10) : last;
      default_from = (default_to / 12) * 12;
      gtk_drop_down_set_selected (self->from_dropdown, MAX (default_from, first) - first);
      gtk_drop_down_set_selected (self->to_dropdown, default_to - first);
    }
  else
    {
      gtk_string_list_splice (self->months, 0, g_list_model_get_n_items (G_LIST_MODEL (self->months)), NULL);
    }

  if (cube != NULL)
    {
      const char *source = ca_trade_cube_get_source (cube);

      /* A database is named by its user, host and database; a password
       * is never shown. */
      name = ca_connection_is_postgres (source) ? ca_connection_describe (source)
                                                : g_path_get_basename (source);
      summary = ca_trade_cube_dup_summary (cube, name);
      if (ca_trade_cube_get_n_issues (cube) > 0)
        {
          g_autofree char *with_reason = g_strdup_printf ("%s. %s", summary,
                                                          ca_trade_cube_get_issue (cube, 0)->reason);

          g_free (summary);
          summary = g_steal_pointer (&with_reason);
        }
    }
  gtk_label_set_label (self->source_label, summary != NULL ? summary : "");
  self->updating = FALSE;

  emit_changed (self);
}

/* Charts ------------------------------------------------------------------ */

static void
set_ink (GtkWidget *widget,
         cairo_t   *cr,
         double     alpha)
{
  GdkRGBA color;

  /* gtk_widget_get_color() is GTK 4.10. */
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  cairo_set_source_rgba (cr, color.red, color.green, color.blue, color.alpha * alpha);
}

static void
draw_bars_cb (GtkDrawingArea *area,
              cairo_t        *cr,
              int             width,
              int             height,
              gpointer        data)
{
  CaStatsPanel *self = data;
  int order[CA_N_PROVINCES];
  guint n = 0, shown;
  double largest = 0, row_height;
  PangoLayout *layout;

  for (int p = 0; p < CA_N_PROVINCES; p++)
    if (self->province_totals[p] > 0)
      order[n++] = p;
  if (n == 0)
    return;

  /* Largest first. */
  for (guint i = 1; i < n; i++)
    for (guint j = i; j > 0 && self->province_totals[order[j]] > self->province_totals[order[j - 1]]; j--)
      {
        int swap = order[j];

        order[j] = order[j - 1];
        order[j - 1] = swap;
      }

  shown = MIN (n, 8);
  largest = self->province_totals[order[0]];
  row_height = (double)height / shown;
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (area), NULL);

  for (guint i = 0; i < shown; i++)
    {
      int p = order[i];
      const CaPlaceName *name = ca_place_names_lookup (ca_trade_province_code (p));
      g_autofree char *value = ca_trade_format_yuan (self->province_totals[p], language ());
      double bar = (width - 74) * self->province_totals[p] / largest;
      double y = i * row_height;
      int text_width;

      cairo_set_source_rgba (cr, 0x35 / 255.0, 0x84 / 255.0, 0xe4 / 255.0, 0.85);
      cairo_rectangle (cr, 70, y + row_height * 0.2, MAX (bar, 1), row_height * 0.6);
      cairo_fill (cr);

      set_ink (GTK_WIDGET (area), cr, 1.0);
      pango_layout_set_text (layout, ca_place_name_get_label (name, language ()), -1);
      cairo_move_to (cr, 0, y + row_height * 0.5 - 8);
      pango_cairo_show_layout (cr, layout);

      pango_layout_set_text (layout, value, -1);
      pango_layout_get_pixel_size (layout, &text_width, NULL);
      if (70 + bar + 4 + text_width <= width)
        {
          set_ink (GTK_WIDGET (area), cr, 0.7);
          cairo_move_to (cr, 70 + bar + 4, y + row_height * 0.5 - 8);
        }
      else
        {
          /* No room after the bar: write the value inside it. */
          cairo_set_source_rgb (cr, 1, 1, 1);
          cairo_move_to (cr, MAX (70 + bar - text_width - 4, 72), y + row_height * 0.5 - 8);
        }
      pango_cairo_show_layout (cr, layout);
    }

  g_object_unref (layout);
}

static void
draw_line_cb (GtkDrawingArea *area,
              cairo_t        *cr,
              int             width,
              int             height,
              gpointer        data)
{
  CaStatsPanel *self = data;
  int n = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (area), "n-months"));
  int first = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (area), "first-month"));
  double largest = 0;
  double left = 8, right = width - 8, top = 18, bottom = height - 18;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  PangoLayout *layout;

  if (self->month_totals == NULL || n <= 0)
    return;

  for (int i = 0; i < n; i++)
    largest = MAX (largest, MAX (self->month_totals[i], self->month_bases[i]));
  if (largest <= 0)
    return;

  /* The year before, dashed; the chosen months, solid. */
  for (int series = 0; series < 2; series++)
    {
      const double *values = series == 0 ? self->month_bases : self->month_totals;

      cairo_new_path (cr);
      for (int i = 0; i < n; i++)
        {
          double x = n > 1 ? left + (right - left) * i / (n - 1) : (left + right) / 2;
          double y = bottom - (bottom - top) * values[i] / largest;

          if (i == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
          if (n == 1)
            cairo_rectangle (cr, x - 2, y - 2, 4, 4);
        }

      if (series == 0)
        {
          static const double dash[] = { 4, 3 };

          set_ink (GTK_WIDGET (area), cr, 0.45);
          cairo_set_dash (cr, dash, 2, 0);
        }
      else
        {
          cairo_set_source_rgb (cr, 0x35 / 255.0, 0x84 / 255.0, 0xe4 / 255.0);
          cairo_set_dash (cr, NULL, 0, 0);
        }
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);
    }

  layout = gtk_widget_create_pango_layout (GTK_WIDGET (area), NULL);
  set_ink (GTK_WIDGET (area), cr, 0.7);
  from = ca_trade_format_month (first);
  to = ca_trade_format_month (first + n - 1);
  pango_layout_set_text (layout, from, -1);
  cairo_move_to (cr, left, bottom + 2);
  pango_cairo_show_layout (cr, layout);
  pango_layout_set_text (layout, to, -1);
  {
    int text_width;

    pango_layout_get_pixel_size (layout, &text_width, NULL);
    cairo_move_to (cr, right - text_width, bottom + 2);
  }
  pango_cairo_show_layout (cr, layout);
  pango_layout_set_text (layout, _("Monthly, against the year before (dashed)"), -1);
  cairo_move_to (cr, left, 0);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
}

/* Table ------------------------------------------------------------------- */

typedef enum
{
  COLUMN_PROVINCE,
  COLUMN_REGION,
  COLUMN_VALUE,
  COLUMN_GROWTH,
  COLUMN_SHARE,
} Column;

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  data)
{
  GtkWidget *label = gtk_label_new (NULL);
  Column column = GPOINTER_TO_INT (data);

  gtk_label_set_xalign (GTK_LABEL (label), column >= COLUMN_VALUE ? 1.0 : 0.0);
  gtk_list_item_set_child (item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  data)
{
  CaStatsRow *row = gtk_list_item_get_item (item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  g_autofree char *text = NULL;

  switch ((Column)GPOINTER_TO_INT (data))
    {
    case COLUMN_PROVINCE:
      gtk_label_set_label (label, ca_stats_row_get_province (row));
      return;
    case COLUMN_REGION:
      gtk_label_set_label (label, ca_stats_row_get_region (row));
      return;
    case COLUMN_VALUE:
      text = ca_trade_format_yuan (ca_stats_row_get_value (row), language ());
      break;
    case COLUMN_GROWTH:
      text = ca_trade_format_growth (ca_stats_row_get_growth (row), language ());
      break;
    case COLUMN_SHARE:
      text = g_strdup_printf ("%.1f %%", ca_stats_row_get_share (row) * 100);
      break;
    default:
      g_assert_not_reached ();
    }

  gtk_label_set_label (label, text);
}

static int
compare_rows_cb (gconstpointer a,
                 gconstpointer b,
                 gpointer      data)
{
  CaStatsRow *ra = (CaStatsRow *)a, *rb = (CaStatsRow *)b;
  double va, vb;

  switch ((Column)GPOINTER_TO_INT (data))
    {
    case COLUMN_PROVINCE:
      return g_utf8_collate (ca_stats_row_get_province (ra), ca_stats_row_get_province (rb));
    case COLUMN_REGION:
      return g_utf8_collate (ca_stats_row_get_region (ra), ca_stats_row_get_region (rb));
    case COLUMN_VALUE:
      va = ca_stats_row_get_value (ra);
      vb = ca_stats_row_get_value (rb);
      break;
    case COLUMN_GROWTH:
      /* "n/a" sorts below every figure. */
      va = isnan (ca_stats_row_get_growth (ra)) ? -G_MAXDOUBLE : ca_stats_row_get_growth (ra);
      vb = isnan (ca_stats_row_get_growth (rb)) ? -G_MAXDOUBLE : ca_stats_row_get_growth (rb);
      break;
    case COLUMN_SHARE:
      va = ca_stats_row_get_share (ra);
      vb = ca_stats_row_get_share (rb);
      break;
    default:
      g_assert_not_reached ();
    }

  return va < vb ? -1 : va > vb ? 1 : 0;
}

static void
add_column (CaStatsPanel *self,
            const char   *title,
            Column        column,
            gboolean      expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;
  GtkSorter *sorter;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GINT_TO_POINTER (column));
  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (view_column, expand);
  sorter = GTK_SORTER (gtk_custom_sorter_new (compare_rows_cb, GINT_TO_POINTER (column), NULL));
  gtk_column_view_column_set_sorter (view_column, sorter);
  g_object_unref (sorter);
  gtk_column_view_append_column (self->table_view, view_column);
  g_object_unref (view_column);
}

static void
build_filters (CaStatsPanel *self)
{
  for (guint m = 0; m < CA_N_MODES; m++)
    {
      GtkWidget *check = gtk_check_button_new_with_label (ca_trade_mode_label (m, language ()));

      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (emit_changed), self);
      gtk_flow_box_append (self->modes_box, check);
      self->mode_checks[m] = GTK_CHECK_BUTTON (check);
    }

  for (guint r = 0; r < CA_N_REGIONS; r++)
    {
      const CaRegion *region = ca_trade_get_region (r);
      GtkWidget *check = gtk_check_button_new_with_label (language () == CA_LANGUAGE_CHINESE
                                                           ? region->name_zh : region->name_en);

      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (emit_changed), self);
      gtk_flow_box_append (self->regions_box, check);
      self->region_checks[r] = GTK_CHECK_BUTTON (check);
    }
}

static void
ca_stats_panel_dispose (GObject *object)
{
  CaStatsPanel *self = (CaStatsPanel *)object;

  GtkWidget *child;

  g_clear_handle_id (&self->play_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), CA_TYPE_STATS_PANEL);
  /* The template's root has no id, so unparent it by hand. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->cube);
  g_clear_object (&self->rows);
  g_clear_object (&self->months);

  G_OBJECT_CLASS (ca_stats_panel_parent_class)->dispose (object);
}

static void
ca_stats_panel_finalize (GObject *object)
{
  CaStatsPanel *self = (CaStatsPanel *)object;

  g_free (self->headline);
  g_free (self->month_totals);
  g_free (self->month_bases);

  G_OBJECT_CLASS (ca_stats_panel_parent_class)->finalize (object);
}

static void
ca_stats_panel_class_init (CaStatsPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ca_stats_panel_dispose;
  object_class->finalize = ca_stats_panel_finalize;

  /**
   * CaStatsPanel::changed:
   *
   * The planner changed the months, modes, regions or top N.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/ca-stats-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, CaStatsPanel, illustrative_label);
  gtk_widget_class_bind_template_child (widget_class, CaStatsPanel, headline_label);
  gtk_widget_class_bind_template_child (widget_class, CaStatsPanel, source_label);
  gtk_widget_class_bind_template_child (widget_class, CaStatsPanel, from_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CaStatsPanel, to_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CaStatsPanel, play_button);
  gtk_widget_class_bind_template_child (widget_class, CaStatsPanel, direction_box);
  gtk_widget_class_bind_template_child (widget_class, CaStatsPanel, modes_box);
  gtk_widget_class_bind_template_child (widget_class, CaStatsPanel, regions_box);
  gtk_widget_class_bind_template_child (widget_class, CaStatsPanel, top_spin);
  gtk_widget_class_bind_template_child (widget_class, CaStatsPanel, flows_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CaStatsPanel, coloring_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CaStatsPanel, choropleth_check);
  gtk_widget_class_bind_template_child (widget_class, CaStatsPanel, circles_check);
  gtk_widget_class_bind_template_child (widget_class, CaStatsPanel, bars_area);
  gtk_widget_class_bind_template_child (widget_class, CaStatsPanel, line_area);
  gtk_widget_class_bind_template_child (widget_class, CaStatsPanel, table_view);
}

static void
ca_stats_panel_init (CaStatsPanel *self)
{
  g_autoptr(GtkSortListModel) sorted = NULL;
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->direction = -1;

  self->rows = g_list_store_new (CA_TYPE_STATS_ROW);
  self->months = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->from_dropdown, G_LIST_MODEL (self->months));
  gtk_drop_down_set_model (self->to_dropdown, G_LIST_MODEL (self->months));

  add_column (self, _("Province"), COLUMN_PROVINCE, TRUE);
  add_column (self, _("Partner region"), COLUMN_REGION, TRUE);
  add_column (self, _("Value"), COLUMN_VALUE, FALSE);
  add_column (self, _("YoY"), COLUMN_GROWTH, FALSE);
  add_column (self, _("Share"), COLUMN_SHARE, FALSE);

  sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->rows)),
                                    g_object_ref (gtk_column_view_get_sorter (self->table_view)));
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (sorted)));
  gtk_column_view_set_model (self->table_view, GTK_SELECTION_MODEL (selection));

  build_filters (self);

  gtk_drawing_area_set_draw_func (self->bars_area, draw_bars_cb, self, NULL);
  gtk_drawing_area_set_draw_func (self->line_area, draw_line_cb, self, NULL);

  g_signal_connect_swapped (self->from_dropdown, "notify::selected", G_CALLBACK (on_filter_changed_cb), self);
  g_signal_connect_swapped (self->to_dropdown, "notify::selected", G_CALLBACK (on_filter_changed_cb), self);
  g_signal_connect_swapped (self->top_spin, "value-changed", G_CALLBACK (emit_changed), self);
  g_signal_connect_swapped (self->flows_dropdown, "notify::selected", G_CALLBACK (emit_changed), self);
  g_signal_connect_swapped (self->coloring_dropdown, "notify::selected", G_CALLBACK (emit_changed), self);
  g_signal_connect_swapped (self->choropleth_check, "toggled", G_CALLBACK (emit_changed), self);
  g_signal_connect_swapped (self->circles_check, "toggled", G_CALLBACK (emit_changed), self);
  g_signal_connect_swapped (self->play_button, "toggled", G_CALLBACK (on_play_toggled_cb), self);

  refresh (self);
}

/**
 * ca_stats_panel_get_flow_style:
 *
 * Fills the parts of @style the panel chooses: layout, arcs, colouring,
 * shading and circles.
 *
 * Returns: whether flows are shown at all
 */
gboolean
ca_stats_panel_get_flow_style (CaStatsPanel *self,
                               CaFlowStyle  *style)
{
  guint flows;

  g_return_val_if_fail (CA_IS_STATS_PANEL (self), FALSE);

  flows = gtk_drop_down_get_selected (self->flows_dropdown);
  style->layout = flows == 1 || flows == 2 ? CA_FLOW_ROUTED : CA_FLOW_DIRECT;
  style->arcs = flows == 0 || flows == 2;
  style->coloring = gtk_drop_down_get_selected (self->coloring_dropdown) == 1
    ? CA_FLOW_COLOR_GROWTH : CA_FLOW_COLOR_REGION;
  style->choropleth = gtk_check_button_get_active (self->choropleth_check);
  style->circles = gtk_check_button_get_active (self->circles_check);

  return flows != 3 || style->choropleth || style->circles;
}

/**
 * ca_stats_panel_show_flows:
 *
 * Shows flows as arcs, or no flows at all.
 */
void
ca_stats_panel_show_flows (CaStatsPanel *self,
                           gboolean      shown)
{
  g_return_if_fail (CA_IS_STATS_PANEL (self));

  gtk_drop_down_set_selected (self->flows_dropdown, shown ? 0 : 3);
}

/**
 * ca_stats_panel_get_state:
 *
 * Reads every choice on the panel, for a project to keep.
 *
 * Returns: whether there is data (otherwise @state is left as it was)
 */
gboolean
ca_stats_panel_get_state (CaStatsPanel   *self,
                          CaProjectStats *state)
{
  CaFlowStyle style = { 0 };
  CaTradeFilter filter;

  g_return_val_if_fail (CA_IS_STATS_PANEL (self), FALSE);
  g_return_val_if_fail (state != NULL, FALSE);

  if (!ca_stats_panel_get_filter (self, &filter))
    return FALSE;

  ca_stats_panel_get_flow_style (self, &style);

  state->month_from = filter.month_from;
  state->month_to = filter.month_to;
  state->directions = filter.directions;
  state->provinces = filter.provinces;
  /* The boxes as ticked, not the filter: none ticked is kept as such. */
  state->modes = 0;
  for (guint m = 0; m < CA_N_MODES; m++)
    if (gtk_check_button_get_active (self->mode_checks[m]))
      state->modes |= 1u << m;
  state->regions = 0;
  for (guint r = 0; r < CA_N_REGIONS; r++)
    if (gtk_check_button_get_active (self->region_checks[r]))
      state->regions |= 1u << r;
  state->direction = self->direction;
  state->top_n = gtk_spin_button_get_value_as_int (self->top_spin);
  state->show_flows = gtk_drop_down_get_selected (self->flows_dropdown) != 3;
  state->layout = style.layout;
  state->arcs = style.arcs;
  state->coloring = style.coloring;
  state->choropleth = style.choropleth;
  state->circles = style.circles;

  return TRUE;
}

/**
 * ca_stats_panel_set_state:
 *
 * Restores the choices a project kept; the panel needs its data first.
 */
void
ca_stats_panel_set_state (CaStatsPanel         *self,
                          const CaProjectStats *state)
{
  guint flows;

  g_return_if_fail (CA_IS_STATS_PANEL (self));
  g_return_if_fail (state != NULL);

  if (!state->show_flows)
    flows = 3;
  else if (state->layout == CA_FLOW_ROUTED)
    flows = state->arcs ? 2 : 1;
  else
    flows = 0;

  self->updating = TRUE;
  if (self->n_months > 0 && state->month_from != 0)
    {
      gtk_drop_down_set_selected (self->from_dropdown,
                                  CLAMP (state->month_from - self->first_month, 0, self->n_months - 1));
      gtk_drop_down_set_selected (self->to_dropdown,
                                  CLAMP (state->month_to - self->first_month, 0, self->n_months - 1));
    }
  for (guint m = 0; m < CA_N_MODES; m++)
    gtk_check_button_set_active (self->mode_checks[m], (state->modes & (1u << m)) != 0);
  for (guint r = 0; r < CA_N_REGIONS; r++)
    gtk_check_button_set_active (self->region_checks[r], (state->regions & (1u << r)) != 0);
  if (state->direction == -1 || state->direction == CA_DIRECTION_EXPORT ||
      state->direction == CA_DIRECTION_IMPORT)
    self->direction = state->direction;
  if (state->top_n > 0)
    gtk_spin_button_set_value (self->top_spin, state->top_n);
  gtk_drop_down_set_selected (self->flows_dropdown, flows);
  gtk_drop_down_set_selected (self->coloring_dropdown,
                              state->coloring == CA_FLOW_COLOR_GROWTH ? 1 : 0);
  gtk_check_button_set_active (self->choropleth_check, state->choropleth);
  gtk_check_button_set_active (self->circles_check, state->circles);
  self->updating = FALSE;

  emit_changed (self);
}

GtkWidget *
ca_stats_panel_new (void)
{
  return g_object_new (CA_TYPE_STATS_PANEL, NULL);
}
