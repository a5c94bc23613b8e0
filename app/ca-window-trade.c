/* ca-window-trade.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ca-window-trade"

#include "config.h"

#include <glib/gi18n.h>

#include "ca-application.h"
#include "ca-connection.h"
#include "ca-password-store.h"
#include "ca-progress-relay.h"
#include "ca-worker-priority.h"
#include "ca-window-private.h"

/* Trade data for the window: the illustrative sample at start, or a file
 * the planner opens, loaded in a worker thread into the statistics
 * panel. */

typedef struct
{
  char            *source;
  gboolean         illustrative;
  GMainContext    *context;
  CaProgressRelay *progress;
} TradeLoad;

static void
trade_load_free (gpointer data)
{
  TradeLoad *load = data;

  /* The thread has returned (see _ca_window_open_trade()). */
  ca_application_worker_finished_on (load->context);
  g_main_context_unref (load->context);
  ca_progress_relay_free (load->progress);
  g_free (load->source);
  g_free (load);
}

static void
load_trade_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  TradeLoad *load = task_data;
  GError *error = NULL;
  int priority = ca_worker_priority_lower ();
  CaTradeCube *cube = ca_trade_cube_load (load->source, ca_progress_relay_report, load->progress,
                                          cancellable, &error);

  ca_worker_priority_restore (priority);

  if (cube == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, cube, g_object_unref);
}

/* Exports and imports can be told apart only when the records say which
 * they are; otherwise the direction buttons are greyed out on "both". */
static void
sync_direction (CaWindow *self)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "trade-direction");
  CaTradeCube *cube = ca_stats_panel_get_cube (self->stats_panel);
  gboolean has_directions = cube != NULL && ca_trade_cube_has_directions (cube);
  int direction = ca_stats_panel_get_direction (self->stats_panel);
  const char *state = direction < 0 ? "both" : ca_trade_direction_id (direction);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), has_directions);
  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (state));
  gtk_widget_set_visible (self->selection_direction_box, has_directions);
}

static void
trade_direction_change_state_cb (GSimpleAction *action,
                                 GVariant      *state,
                                 gpointer       user_data)
{
  CaWindow *self = user_data;
  const char *id = g_variant_get_string (state, NULL);
  int direction = -1;

  if (g_str_equal (id, "export"))
    direction = CA_DIRECTION_EXPORT;
  else if (g_str_equal (id, "import"))
    direction = CA_DIRECTION_IMPORT;
  else if (!g_str_equal (id, "both"))
    return;

  g_simple_action_set_state (action, state);
  ca_stats_panel_set_direction (self->stats_panel, direction);
}

static void complete_trade_password (CaWindow   *self,
                                     const char *source,
                                     gboolean    ask);

static void
trade_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CaWindow) self = user_data;
  g_autoptr(CaTradeCube) cube = NULL;
  g_autoptr(GError) error = NULL;
  TradeLoad *load = g_task_get_task_data (G_TASK (result));

  /* A load replaced by a newer one ends silently. */
  if (g_task_get_cancellable (G_TASK (result)) != self->trade_cancellable)
    return;
  g_clear_object (&self->trade_cancellable);
  g_clear_pointer (&self->loading_trade_title, g_free);
  _ca_window_sync_loading (self);

  cube = g_task_propagate_pointer (G_TASK (result), &error);

  /* A password marked to be remembered is kept once the server took it. */
  if (ca_connection_is_postgres (load->source))
    {
      if (cube != NULL)
        ca_password_store_accepted (load->source);
      else
        ca_password_store_refused (load->source);
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      _ca_window_show_toast (self, _("Loading cancelled; the trade data is as it was."));
      _ca_window_project_trade_loaded (self);
      return;
    }

  if (cube == NULL)
    {
      if (!load->illustrative && ca_connection_is_postgres (load->source) &&
          ca_connection_is_auth_error (error->message))
        {
          complete_trade_password (self, load->source, TRUE);
          return;
        }
      _ca_window_show_toast (self, error->message);
      _ca_window_project_trade_loaded (self);
      return;
    }

  self->trade_illustrative = load->illustrative;
  ca_stats_panel_set_cube (self->stats_panel, cube, load->illustrative);
  _ca_window_project_trade_loaded (self);
  sync_direction (self);
  _ca_window_update_flows (self);

  if (!load->illustrative)
    {
      g_autofree char *name = ca_connection_is_postgres (load->source)
        ? ca_connection_describe (load->source) : g_path_get_basename (load->source);
      g_autofree char *message = ca_trade_cube_dup_summary (cube, name);

      /* Rows left out are named with the first reason, as layers are. */
      if (ca_trade_cube_get_n_issues (cube) > 0)
        {
          g_autofree char *with_reason = g_strdup_printf ("%s. %s", message,
                                                          ca_trade_cube_get_issue (cube, 0)->reason);

          g_free (message);
          message = g_steal_pointer (&with_reason);
        }
      _ca_window_show_toast (self, message);
      adw_flap_set_reveal_flap (self->stats_flap, TRUE);
    }
}

/* Loads trade records, complete with any password, in a worker thread. */
static void
run_trade_load (CaWindow   *self,
                const char *source,
                gboolean    illustrative)
{
  g_autoptr(GTask) task = NULL;
  TradeLoad *load = g_new0 (TradeLoad, 1);

  if (self->trade_cancellable != NULL)
    g_cancellable_cancel (self->trade_cancellable);
  g_clear_object (&self->trade_cancellable);
  self->trade_cancellable = g_cancellable_new ();

  g_signal_connect_object (self->cancellable, "cancelled", G_CALLBACK (g_cancellable_cancel),
                           self->trade_cancellable, G_CONNECT_SWAPPED);

  load->source = g_strdup (source);
  load->illustrative = illustrative;
  load->context = g_main_context_ref_thread_default ();
  load->progress = ca_progress_relay_new (self->loading_progress, self->trade_cancellable);

  g_free (self->loading_trade_title);
  if (illustrative)
    self->loading_trade_title = g_strdup (_("Illustrative trade sample"));
  else if (g_str_has_prefix (source, "PG:"))
    /* translators: shown while trade records load from a database */
    self->loading_trade_title = g_strdup (_("Trade records from the database"));
  else
    self->loading_trade_title = g_path_get_basename (source);
  gtk_progress_bar_set_fraction (self->loading_progress, 0);
  _ca_window_sync_loading (self);

  /* Cancel answers at once; the parser, which looks at the cancellable
   * every few thousand rows, stops soon after, and its result is
   * dropped. */
  task = g_task_new (NULL, self->trade_cancellable, trade_loaded_cb, g_object_ref (self));
  g_task_set_source_tag (task, _ca_window_open_trade);
  g_task_set_task_data (task, load, trade_load_free);
  g_task_set_return_on_cancel (task, TRUE);
  ca_application_worker_started ();
  g_task_run_in_thread (task, load_trade_thread);
}

static void
trade_password_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CaWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *source = ca_password_store_complete_finish (result, &error);
  gboolean current = g_task_get_cancellable (G_TASK (result)) == self->trade_cancellable;

  /* A wait replaced by a newer load ends silently. */
  if (!current)
    return;

  if (source == NULL)
    {
      g_clear_object (&self->trade_cancellable);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _ca_window_show_toast (self, _("Loading cancelled; the trade data is as it was."));
      else
        _ca_window_show_toast (self, error->message);
      _ca_window_project_trade_loaded (self);
      return;
    }

  run_trade_load (self, source, FALSE);
}

/* A database without its password: the keyring's, or with @ask (the
 * server refused), the user's. */
static void
complete_trade_password (CaWindow   *self,
                         const char *source,
                         gboolean    ask)
{
  if (self->trade_cancellable != NULL)
    g_cancellable_cancel (self->trade_cancellable);
  g_clear_object (&self->trade_cancellable);
  self->trade_cancellable = g_cancellable_new ();
  g_signal_connect_object (self->cancellable, "cancelled", G_CALLBACK (g_cancellable_cancel),
                           self->trade_cancellable, G_CONNECT_SWAPPED);

  ca_password_store_complete_async (GTK_WINDOW (self), source, ask, self->trade_cancellable,
                                    trade_password_cb, g_object_ref (self));
}

/**
 * _ca_window_open_trade:
 * @illustrative: whether this is the shipped illustrative sample
 *
 * Loads trade records in a worker thread into the statistics panel.  A
 * database without its password takes the keyring's first.
 */
void
_ca_window_open_trade (CaWindow   *self,
                       const char *source,
                       gboolean    illustrative)
{
  if (!illustrative && ca_connection_is_postgres (source) && !ca_connection_has_password (source))
    complete_trade_password (self, source, FALSE);
  else
    run_trade_load (self, source, illustrative);
}

static void
on_open_trade_response_cb (CaWindow             *self,
                           int                   response,
                           GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        _ca_window_open_trade (self, path, FALSE);
    }

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_object_unref (chooser);
}

static void
open_trade_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  CaWindow *self = (CaWindow *)widget;
  GtkFileChooserNative *chooser;
  GtkFileFilter *filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Open Trade Data"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Trade records (CSV, XLSX, ODS)"));
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_filter_add_pattern (filter, "*.xlsx");
  gtk_file_filter_add_pattern (filter, "*.ods");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);

  g_signal_connect_object (chooser, "response", G_CALLBACK (on_open_trade_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
open_trade_database_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  _ca_window_show_database_dialog (CA_WINDOW (widget), TRUE);
}

static void
toggle_stats_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  CaWindow *self = (CaWindow *)widget;

  adw_flap_set_reveal_flap (self->stats_flap, !adw_flap_get_reveal_flap (self->stats_flap));
}

/**
 * _ca_window_update_flows:
 *
 * Rebuilds the flows from the panel's choices: after the filters change,
 * or when the trade data, the basemap or the corridor layers arrive.
 */
void
_ca_window_update_flows (CaWindow *self)
{
  g_autoptr(CaFlowModel) model = NULL;
  CaTradeCube *cube = ca_stats_panel_get_cube (self->stats_panel);
  CaTradeFilter filter;
  CaFlowStyle style;
  gboolean shown;
  gint64 start = g_get_monotonic_time ();

  if (self->flow_overlay == NULL)
    return;

  if (cube == NULL || !ca_stats_panel_get_filter (self->stats_panel, &filter))
    {
      ca_flow_overlay_set_model (self->flow_overlay, NULL, NULL);
      gtk_widget_set_visible (self->sample_label, FALSE);
      return;
    }

  ca_flow_overlay_get_style (self->flow_overlay, &style);
  shown = ca_stats_panel_get_flow_style (self->stats_panel, &style);
  style.palette = ca_basemap_source_get_style (self->offline_source);
  ca_flow_overlay_set_style (self->flow_overlay, &style);
  ca_flow_overlay_set_visible (self->flow_overlay, shown);
  /* Sample figures are labelled wherever they show, the map included. */
  gtk_widget_set_visible (self->sample_label, shown && self->trade_illustrative);

  model = ca_flow_model_new (cube, &filter, self->basemap,
                             _ca_window_get_shipped_vector (self, "corridor-routes"),
                             _ca_window_get_shipped_vector (self, "corridor-nodes"),
                             _ca_window_get_shipped_vector (self, "corridor-ports"));
  ca_flow_overlay_set_model (self->flow_overlay, model, self->basemap);
  g_debug ("Flows rebuilt in %.1f ms", (g_get_monotonic_time () - start) / 1000.0);
}

static gboolean
on_query_tooltip_cb (CaWindow   *self,
                     int         x,
                     int         y,
                     gboolean    keyboard,
                     GtkTooltip *tooltip,
                     GtkWidget  *map)
{
  g_autofree char *text = NULL;
  int flow;

  if (keyboard)
    return FALSE;

  flow = ca_flow_overlay_pick (self->flow_overlay, x, y);
  if (flow < 0)
    return FALSE;

  text = ca_flow_overlay_dup_tooltip (self->flow_overlay, flow);
  if (self->trade_illustrative)
    {
      g_autofree char *labelled = g_strdup_printf ("%s\n%s", text, _("Illustrative sample data"));

      gtk_tooltip_set_text (tooltip, labelled);
    }
  else
    gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
on_flow_motion_cb (CaWindow                 *self,
                   double                    x,
                   double                    y,
                   GtkEventControllerMotion *controller)
{
  ca_flow_overlay_set_highlight (self->flow_overlay, ca_flow_overlay_pick (self->flow_overlay, x, y));
}

/* A click on a province shows only its flows; a click elsewhere shows
 * them all again.  Clicks on corridor features open their details
 * instead (the vector overlay handles those). */
static void
on_map_released_cb (CaWindow        *self,
                    int              n_press,
                    double           x,
                    double           y,
                    GtkGestureClick *gesture)
{
  CaMapLayer *layer = NULL;
  const CaBasemapItem *item = NULL;
  int index = -1, province = -1;
  double latitude, longitude;

  if (n_press != 1 || self->basemap == NULL ||
      ca_vector_overlay_pick (self->vector_overlay, x, y, &layer, &index))
    return;

  shumate_viewport_widget_coords_to_location (shumate_map_get_viewport (self->map), GTK_WIDGET (self->map),
                                              x, y, &latitude, &longitude);
  item = ca_basemap_lookup (self->basemap, longitude, latitude, CA_PLACE_PROVINCE);
  if (item != NULL)
    province = ca_trade_match_province (ca_basemap_item_get_code (item));

  _ca_window_select_province (self, province);
}

/**
 * _ca_window_select_province:
 * @province: a province index, or -1 for all
 *
 * Shows only one province's flows, with a bar over the map that names
 * it and chooses its outbound or inbound trade, or both.
 */
void
_ca_window_select_province (CaWindow *self,
                            int       province)
{
  self->selected_province = province;
  ca_flow_overlay_select_province (self->flow_overlay, province);

  if (province >= 0)
    {
      const CaPlaceName *name = ca_place_names_lookup (ca_trade_province_code (province));
      gtk_label_set_label (self->selection_label, ca_place_name_get_label (name, ca_language_from_locale ()));
    }
  gtk_widget_set_visible (self->selection_bar, province >= 0);
}

static void
clear_selection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  _ca_window_select_province (CA_WINDOW (widget), -1);
}

void
_ca_window_class_trade_init (CaWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.open-trade", NULL, open_trade_action);
  gtk_widget_class_install_action (widget_class, "win.open-trade-database", NULL, open_trade_database_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-statistics", NULL, toggle_stats_action);
  gtk_widget_class_install_action (widget_class, "win.clear-selection", NULL, clear_selection_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, GDK_CONTROL_MASK, "win.toggle-statistics", NULL);
}

void
_ca_window_trade_init (CaWindow *self)
{
  const char *dir = g_getenv ("CORRIDOR_ATLAS_DATADIR");
  g_autofree char *sample = g_build_filename (dir != NULL && dir[0] != '\0' ? dir : PKGDATADIR,
                                              "trade", "sample-trade.csv", NULL);
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  g_autoptr(GSimpleAction) direction = NULL;

  self->selected_province = -1;
  direction = g_simple_action_new_stateful ("trade-direction", G_VARIANT_TYPE_STRING,
                                            g_variant_new_string ("both"));
  g_signal_connect (direction, "change-state", G_CALLBACK (trade_direction_change_state_cb), self);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (direction));
  g_simple_action_set_enabled (direction, FALSE);

  /* Flows lie over the basemap and under the corridor's markers. */
  self->flow_overlay = ca_flow_overlay_new (shumate_map_get_viewport (self->map));
  shumate_map_insert_layer_behind (self->map, SHUMATE_LAYER (self->flow_overlay),
                                   SHUMATE_LAYER (self->vector_overlay));

  gtk_widget_set_has_tooltip (GTK_WIDGET (self->map), TRUE);
  g_signal_connect_object (self->map, "query-tooltip", G_CALLBACK (on_query_tooltip_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (motion, "motion", G_CALLBACK (on_flow_motion_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->map), motion);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect_object (click, "released", G_CALLBACK (on_map_released_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->map), GTK_EVENT_CONTROLLER (click));

  g_signal_connect_object (self->stats_panel, "changed", G_CALLBACK (_ca_window_update_flows),
                           self, G_CONNECT_SWAPPED);

  _ca_window_open_trade (self, sample, TRUE);
}
