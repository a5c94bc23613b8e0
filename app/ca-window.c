/* ca-window.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ca-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ca-basemap-loader.h"
#include "ca-window-private.h"

G_DEFINE_FINAL_TYPE (CaWindow, ca_window, ADW_TYPE_APPLICATION_WINDOW)

static void
set_status (CaWindow   *self,
            const char *message,
            gboolean    busy)
{
  g_assert (CA_IS_WINDOW (self));

  gtk_widget_set_visible (self->status_box, message != NULL);
  gtk_label_set_label (self->status_label, message != NULL ? message : "");
  gtk_spinner_set_spinning (self->status_spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->status_spinner), busy);
}

void
_ca_window_show_toast (CaWindow   *self,
                       const char *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  AdwToast *toast;

  g_assert (CA_IS_WINDOW (self));

  g_free (self->last_toast);
  self->last_toast = g_strdup (message);

  /* A toast's title is markup; messages are plain text (a parser's
   * "<data>", a file named "a&b"). */
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * _ca_window_sync_loading:
 *
 * Shows the loading bar, named after what is being read, while a layer
 * or trade records load; its Cancel stops both.
 */
void
_ca_window_sync_loading (CaWindow *self)
{
  g_autofree char *label = NULL;

  g_assert (CA_IS_WINDOW (self));

  if (self->loading_layer_title != NULL && self->loading_trade_title != NULL)
    label = g_strdup_printf ("%s, %s", self->loading_layer_title, self->loading_trade_title);
  else if (self->loading_layer_title != NULL)
    label = g_strdup (self->loading_layer_title);
  else if (self->loading_trade_title != NULL)
    label = g_strdup (self->loading_trade_title);

  gtk_widget_set_visible (self->loading_box, label != NULL);
  gtk_label_set_label (self->loading_label, label != NULL ? label : "");
}

/**
 * _ca_window_get_loading:
 *
 * Returns: whether a layer or trade records are being loaded
 */
gboolean
_ca_window_get_loading (CaWindow *self)
{
  g_return_val_if_fail (CA_IS_WINDOW (self), FALSE);

  return self->load_cancellable != NULL || self->trade_cancellable != NULL;
}

static void
on_open_file_clicked_cb (AdwToast *toast,
                         gpointer  user_data)
{
  GtkWindow *window = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (g_object_get_data (G_OBJECT (toast), "window"))));
  const char *uri = g_object_get_data (G_OBJECT (toast), "uri");

  gtk_show_uri (window, uri, GDK_CURRENT_TIME);
}

/**
 * _ca_window_show_file_toast:
 * @file: a file just written, which the toast's Open button shows
 */
void
_ca_window_show_file_toast (CaWindow   *self,
                            const char *message,
                            GFile      *file)
{
  AdwToast *toast;

  g_assert (CA_IS_WINDOW (self));

  g_free (self->last_toast);
  self->last_toast = g_strdup (message);

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 8);
  adw_toast_set_button_label (toast, _("_Open"));
  g_object_set_data (G_OBJECT (toast), "window", self);
  g_object_set_data_full (G_OBJECT (toast), "uri", g_file_get_uri (file), g_free);
  g_signal_connect (toast, "button-clicked", G_CALLBACK (on_open_file_clicked_cb), NULL);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

GtkWindow *
_ca_window_get_export_dialog (CaWindow *self)
{
  return self->export_dialog;
}

const char *
_ca_window_get_last_toast (CaWindow *self)
{
  return self->last_toast;
}

CaBasemapSource *
_ca_window_get_offline_source (CaWindow *self)
{
  return self->offline_source;
}

ShumateMapLayer *
_ca_window_get_online_layer (CaWindow *self)
{
  return self->online_layer;
}

static CaBasemapStyle
current_style (void)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();

  return adw_style_manager_get_dark (style_manager) ? CA_BASEMAP_STYLE_DARK
                                                    : CA_BASEMAP_STYLE_LIGHT;
}

/* Puts a fresh offline source for the current palette at the bottom of
 * the map.  Each palette is its own source, so tiles already drawn in the
 * other palette are never shown. */
static void
install_offline_source (CaWindow *self)
{
  ShumateViewport *viewport = shumate_map_get_viewport (self->map);
  g_autoptr(CaBasemapSource) source = NULL;
  ShumateMapLayer *layer;

  source = ca_basemap_source_new (current_style (), ca_language_from_locale ());
  ca_basemap_source_set_scale_factor (source, gtk_widget_get_scale_factor (GTK_WIDGET (self)));

  if (self->basemap != NULL)
    ca_basemap_source_set_basemap (source, self->basemap);
  else if (self->basemap_failed)
    ca_basemap_source_set_unavailable (source);

  layer = shumate_map_layer_new (SHUMATE_MAP_SOURCE (source), viewport);

  if (self->offline_layer != NULL)
    {
      shumate_map_insert_layer_above (self->map, SHUMATE_LAYER (layer),
                                      SHUMATE_LAYER (self->offline_layer));
      shumate_map_remove_layer (self->map, SHUMATE_LAYER (self->offline_layer));
      shumate_license_remove_map_source (self->license, SHUMATE_MAP_SOURCE (self->offline_source));
    }
  else if (self->online_layer != NULL)
    {
      shumate_map_insert_layer_behind (self->map, SHUMATE_LAYER (layer),
                                       SHUMATE_LAYER (self->online_layer));
    }
  else
    {
      shumate_map_add_layer (self->map, SHUMATE_LAYER (layer));
    }

  shumate_license_prepend_map_source (self->license, SHUMATE_MAP_SOURCE (source));

  self->offline_layer = layer;
  g_set_object (&self->offline_source, source);

  if (self->online_source == NULL)
    shumate_viewport_set_reference_map_source (viewport, SHUMATE_MAP_SOURCE (source));
}

static void
on_dark_changed_cb (CaWindow        *self,
                    GParamSpec      *pspec,
                    AdwStyleManager *style_manager)
{
  g_assert (CA_IS_WINDOW (self));

  if (ca_basemap_source_get_style (self->offline_source) != current_style ())
    install_offline_source (self);
  ca_vector_overlay_set_palette (self->vector_overlay, current_style ());
  _ca_window_update_flows (self);
}

static void
on_scale_factor_changed_cb (CaWindow   *self,
                            GParamSpec *pspec,
                            gpointer    user_data)
{
  g_assert (CA_IS_WINDOW (self));

  if (ca_basemap_source_get_scale_factor (self->offline_source) !=
      gtk_widget_get_scale_factor (GTK_WIDGET (self)))
    install_offline_source (self);
}

static void
basemap_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CaWindow) self = user_data;
  g_autoptr(CaBasemap) basemap = NULL;
  g_autoptr(GError) error = NULL;

  basemap = ca_basemap_loader_load_finish (result, NULL, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (basemap == NULL)
    {
      g_autofree char *message = NULL;

      g_message ("%s", error->message);
      self->basemap_failed = TRUE;
      ca_basemap_source_set_unavailable (self->offline_source);

      message = g_strdup_printf (_("Offline basemap unavailable. %s"), error->message);
      set_status (self, message, FALSE);
      _ca_window_show_toast (self, message);
      return;
    }

  g_debug ("Basemap %s: %u items, %" G_GSIZE_FORMAT " KiB",
           ca_basemap_get_path (basemap), ca_basemap_get_n_items (basemap),
           ca_basemap_get_memory_size (basemap) / 1024);

  g_set_object (&self->basemap, basemap);
  ca_basemap_source_set_basemap (self->offline_source, basemap);
  set_status (self, NULL, FALSE);
  _ca_window_update_flows (self);
}

static char *
dup_basemap_path (CaWindow *self)
{
  g_autofree char *configured = g_settings_get_string (self->settings, "dcw-path");
  const char *env = g_getenv ("CORRIDOR_ATLAS_DCW");

  if ((env == NULL || env[0] == '\0') && configured[0] != '\0')
    return g_steal_pointer (&configured);

  return ca_basemap_dup_default_path ();
}

/**
 * _ca_window_save_state:
 *
 * Saves the window's size and the map's view, for the next start.  Layer
 * visibility is saved as it changes.
 */
void
_ca_window_save_state (CaWindow *self)
{
  GtkWindow *window = GTK_WINDOW (self);
  ShumateViewport *viewport = shumate_map_get_viewport (self->map);
  double latitude = shumate_location_get_latitude (SHUMATE_LOCATION (viewport));
  int width, height;

  g_return_if_fail (CA_IS_WINDOW (self));

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  if (!gtk_window_is_maximized (window))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }

  g_settings_set_double (self->settings, "view-longitude",
                         CLAMP (shumate_location_get_longitude (SHUMATE_LOCATION (viewport)), -180, 180));
  g_settings_set_double (self->settings, "view-latitude", CLAMP (latitude, -85, 85));
  g_settings_set_double (self->settings, "view-zoom",
                         CLAMP (shumate_viewport_get_zoom_level (viewport), 2, 18));
}

static void
basemap_reloaded_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(CaWindow) self = user_data;
  g_autoptr(CaBasemap) basemap = NULL;
  g_autoptr(GError) error = NULL;

  basemap = ca_basemap_loader_load_finish (result, NULL, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (basemap == NULL)
    {
      g_autofree char *message = NULL;

      /* What was shown stays shown. */
      message = g_strdup_printf (_("Offline basemap unavailable. %s"), error->message);
      set_status (self, self->basemap_failed ? message : NULL, FALSE);
      _ca_window_show_toast (self, message);
      return;
    }

  g_set_object (&self->basemap, basemap);
  self->basemap_failed = FALSE;
  set_status (self, NULL, FALSE);
  /* Tiles already drawn are final: a fresh source draws them again. */
  install_offline_source (self);
  _ca_window_update_flows (self);
}

/* The Preferences window chose another DCW-GMT file, or the system copy
 * again. */
static void
on_dcw_path_changed_cb (CaWindow   *self,
                        const char *key,
                        GSettings  *settings)
{
  g_autofree char *path = dup_basemap_path (self);
  g_autofree char *cache_dir = g_build_filename (g_get_user_cache_dir (), "corridor-atlas", NULL);

  g_assert (CA_IS_WINDOW (self));

  set_status (self, _("Loading the offline basemap…"), TRUE);
  ca_basemap_loader_load_async (path, cache_dir, self->cancellable,
                                basemap_reloaded_cb, g_object_ref (self));
}

static gboolean
ca_window_close_request (GtkWindow *window)
{
  _ca_window_save_state (CA_WINDOW (window));

  /* Unsaved work: ask first. */
  if (!_ca_window_project_confirm_close (CA_WINDOW (window)))
    return TRUE;

  return GTK_WINDOW_CLASS (ca_window_parent_class)->close_request (window);
}

static gboolean
units_get_mapping (GValue   *value,
                   GVariant *variant,
                   gpointer  user_data)
{
  const char *units = g_variant_get_string (variant, NULL);

  g_value_set_enum (value, g_str_equal (units, "imperial") ? SHUMATE_UNIT_IMPERIAL
                                                           : SHUMATE_UNIT_METRIC);
  return TRUE;
}

/* The view the window was last closed on; the corridor region by
 * default.  It is set after the basemap, whose online tiles allow deeper
 * zooms than the offline basemap. */
static void
restore_view (CaWindow *self)
{
  ShumateViewport *viewport = shumate_map_get_viewport (self->map);

  shumate_map_center_on (self->map,
                         g_settings_get_double (self->settings, "view-latitude"),
                         g_settings_get_double (self->settings, "view-longitude"));
  shumate_viewport_set_zoom_level (viewport, g_settings_get_double (self->settings, "view-zoom"));
}

static void
ca_window_constructed (GObject *object)
{
  CaWindow *self = (CaWindow *)object;
  g_autofree char *path = dup_basemap_path (self);
  g_autofree char *cache_dir = g_build_filename (g_get_user_cache_dir (), "corridor-atlas", NULL);
  g_autofree char *loading = NULL;

  G_OBJECT_CLASS (ca_window_parent_class)->constructed (object);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  /* The map takes the keys from the start: arrows pan, +/- zoom. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->map));

  loading = g_strdup (_("Loading the offline basemap…"));
  set_status (self, loading, TRUE);
  ca_basemap_loader_load_async (path, cache_dir, self->cancellable,
                                basemap_loaded_cb, g_object_ref (self));
}

static void
ca_window_dispose (GObject *object)
{
  CaWindow *self = (CaWindow *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->trade_cancellable != NULL)
    g_cancellable_cancel (self->trade_cancellable);
  g_clear_object (&self->trade_cancellable);
  g_clear_pointer (&self->loading_layer_title, g_free);
  g_clear_pointer (&self->loading_trade_title, g_free);
  _ca_window_project_dispose (self);
  _ca_window_layers_dispose (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), CA_TYPE_WINDOW);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->offline_source);
  g_clear_object (&self->online_source);
  g_clear_object (&self->basemap);
  g_clear_object (&self->settings);
  self->offline_layer = NULL;
  self->online_layer = NULL;
  self->flow_overlay = NULL;

  G_OBJECT_CLASS (ca_window_parent_class)->dispose (object);
}

static void
ca_window_finalize (GObject *object)
{
  CaWindow *self = (CaWindow *)object;

  g_clear_pointer (&self->last_toast, g_free);

  G_OBJECT_CLASS (ca_window_parent_class)->finalize (object);
}

static void
ca_window_class_init (CaWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = ca_window_constructed;
  object_class->dispose = ca_window_dispose;
  object_class->finalize = ca_window_finalize;

  window_class->close_request = ca_window_close_request;

  g_type_ensure (SHUMATE_TYPE_MAP);
  g_type_ensure (SHUMATE_TYPE_SCALE);
  g_type_ensure (SHUMATE_TYPE_LICENSE);
  g_type_ensure (CA_TYPE_STATS_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/ca-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CaWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, map_overlay);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, map);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, scale);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, license);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, status_box);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, status_spinner);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, layers_list);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, loading_box);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, loading_label);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, loading_progress);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, search_results_box);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, search_results);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, selection_bar);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, selection_label);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, selection_direction_box);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, sample_label);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, stats_flap);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, stats_panel);

  _ca_window_class_actions_init (klass);
  _ca_window_class_layers_init (klass);
  _ca_window_class_trade_init (klass);
  _ca_window_class_project_init (klass);
}

static void
ca_window_init (CaWindow *self)
{
  ShumateViewport *viewport;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (SCHEMA_ID);
  self->cancellable = g_cancellable_new ();
  self->network_monitor = g_network_monitor_get_default ();

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  viewport = shumate_map_get_viewport (self->map);
  shumate_scale_set_viewport (self->scale, viewport);
  g_settings_bind_with_mapping (self->settings, "units", self->scale, "unit", G_SETTINGS_BIND_GET,
                                units_get_mapping, NULL, NULL, NULL);

  install_offline_source (self);

  shumate_viewport_set_min_zoom_level (viewport, 2);
  shumate_viewport_set_max_zoom_level (viewport, 14);

  _ca_window_layers_init (self);
  _ca_window_trade_init (self);
  ca_vector_overlay_set_palette (self->vector_overlay, current_style ());

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (on_dark_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::scale-factor", G_CALLBACK (on_scale_factor_changed_cb), NULL);
  g_signal_connect_object (self->settings, "changed::dcw-path",
                           G_CALLBACK (on_dcw_path_changed_cb), self, G_CONNECT_SWAPPED);

  _ca_window_actions_init (self);
  restore_view (self);
  _ca_window_project_init (self);
}

CaWindow *
ca_window_new (CaApplication *application)
{
  g_return_val_if_fail (CA_IS_APPLICATION (application), NULL);

  return g_object_new (CA_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/**
 * ca_window_get_map:
 *
 * Returns: (transfer none): the window's map widget
 */
ShumateMap *
ca_window_get_map (CaWindow *self)
{
  g_return_val_if_fail (CA_IS_WINDOW (self), NULL);

  return self->map;
}
