/* ca-window-actions.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ca-window-actions"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ca-export-dialog.h"
#include "ca-window-private.h"

/* How far one arrow key press moves the map, in pixels. */
#define PAN_STEP 96
#define OFFLINE_MAX_ZOOM 14
#define ONLINE_MAX_ZOOM 18

/* The zoom buttons and keys step to whole zoom levels, where tiles are
 * drawn for the screen pixel for pixel. */
static void
zoom_to (CaWindow *self,
         double    zoom)
{
  ShumateViewport *viewport = shumate_map_get_viewport (self->map);

  zoom = CLAMP (zoom,
                shumate_viewport_get_min_zoom_level (viewport),
                shumate_viewport_get_max_zoom_level (viewport));
  shumate_map_go_to_full (self->map,
                          shumate_location_get_latitude (SHUMATE_LOCATION (viewport)),
                          shumate_location_get_longitude (SHUMATE_LOCATION (viewport)),
                          zoom);
}

static void
map_zoom_in_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  CaWindow *self = (CaWindow *)widget;

  g_assert (CA_IS_WINDOW (self));

  zoom_to (self, floor (shumate_viewport_get_zoom_level (shumate_map_get_viewport (self->map)) + 1e-3) + 1);
}

static void
map_zoom_out_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  CaWindow *self = (CaWindow *)widget;

  g_assert (CA_IS_WINDOW (self));

  zoom_to (self, ceil (shumate_viewport_get_zoom_level (shumate_map_get_viewport (self->map)) - 1e-3) - 1);
}

static void
map_home_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  CaWindow *self = (CaWindow *)widget;

  g_assert (CA_IS_WINDOW (self));

  shumate_map_go_to_full (self->map, CA_HOME_LATITUDE, CA_HOME_LONGITUDE, CA_HOME_ZOOM);
}

static void
map_pan_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  CaWindow *self = (CaWindow *)widget;
  ShumateViewport *viewport = shumate_map_get_viewport (self->map);
  double latitude, longitude;
  int dx, dy;

  g_assert (CA_IS_WINDOW (self));

  g_variant_get (param, "(ii)", &dx, &dy);
  shumate_viewport_widget_coords_to_location (viewport, GTK_WIDGET (self->map),
                                              gtk_widget_get_width (GTK_WIDGET (self->map)) / 2.0 + dx * PAN_STEP,
                                              gtk_widget_get_height (GTK_WIDGET (self->map)) / 2.0 + dy * PAN_STEP,
                                              &latitude, &longitude);
  shumate_map_center_on (self->map, latitude, longitude);
}

static void
can_reach_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CaWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (g_network_monitor_can_reach_finish (G_NETWORK_MONITOR (object), result, &error))
    return;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* translators: %s is the network error */
  message = g_strdup_printf (_("OpenStreetMap cannot be reached (%s). Showing the offline basemap."),
                             error->message);
  _ca_window_show_toast (self, message);
  g_settings_set_string (self->settings, "basemap", "offline");
}

/* The host whose reachability decides whether online tiles can work.
 * The tests point it at a name that can never resolve. */
static const char *
online_tile_host (void)
{
  const char *host = g_getenv ("CORRIDOR_ATLAS_TILE_HOST");

  return host != NULL && host[0] != '\0' ? host : "tile.openstreetmap.org";
}

/* Online tiles go above the offline basemap, which keeps showing
 * wherever a tile has not arrived. */
void
_ca_window_apply_basemap (CaWindow *self)
{
  ShumateViewport *viewport = shumate_map_get_viewport (self->map);
  g_autofree char *basemap = g_settings_get_string (self->settings, "basemap");
  gboolean online = g_str_equal (basemap, "osm");

  g_assert (CA_IS_WINDOW (self));

  if (online && self->online_layer == NULL)
    {
      g_autoptr(ShumateMapSourceRegistry) registry = shumate_map_source_registry_new_with_defaults ();
      g_autoptr(GSocketConnectable) address = NULL;

      g_set_object (&self->online_source,
                    shumate_map_source_registry_get_by_id (registry, SHUMATE_MAP_SOURCE_OSM_MAPNIK));
      self->online_layer = shumate_map_layer_new (self->online_source, viewport);
      shumate_map_insert_layer_above (self->map, SHUMATE_LAYER (self->online_layer),
                                      SHUMATE_LAYER (self->offline_layer));
      shumate_license_append_map_source (self->license, self->online_source);
      shumate_viewport_set_reference_map_source (viewport, self->online_source);
      shumate_viewport_set_max_zoom_level (viewport, ONLINE_MAX_ZOOM);

      address = g_network_address_new (online_tile_host (), 443);
      g_network_monitor_can_reach_async (self->network_monitor, address, self->cancellable,
                                         can_reach_cb, g_object_ref (self));
    }
  else if (!online && self->online_layer != NULL)
    {
      shumate_map_remove_layer (self->map, SHUMATE_LAYER (self->online_layer));
      shumate_license_remove_map_source (self->license, self->online_source);
      self->online_layer = NULL;
      g_clear_object (&self->online_source);
      shumate_viewport_set_reference_map_source (viewport,
                                                 SHUMATE_MAP_SOURCE (self->offline_source));
      shumate_viewport_set_max_zoom_level (viewport, OFFLINE_MAX_ZOOM);
    }
}

static void
on_basemap_changed_cb (CaWindow   *self,
                       const char *key,
                       GSettings  *settings)
{
  _ca_window_apply_basemap (self);
}

static void
on_network_available_cb (CaWindow        *self,
                         GParamSpec      *pspec,
                         GNetworkMonitor *monitor)
{
  g_assert (CA_IS_WINDOW (self));

  if (self->online_layer != NULL && !g_network_monitor_get_network_available (monitor))
    _ca_window_show_toast (self, _("The network is unavailable. The offline basemap is still shown."));
}

static void
on_export_dialog_unrealize_cb (CaWindow *self)
{
  self->export_dialog = NULL;
}

static void
win_export_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  CaWindow *self = (CaWindow *)widget;

  g_assert (CA_IS_WINDOW (self));

  if (self->export_dialog == NULL)
    {
      self->export_dialog = GTK_WINDOW (ca_export_dialog_new (self));
      /* gtk_window_destroy() unrealizes the dialog; it is disposed only
       * when its last reference goes. */
      g_signal_connect_object (self->export_dialog, "unrealize", G_CALLBACK (on_export_dialog_unrealize_cb),
                               self, G_CONNECT_SWAPPED);
    }

  gtk_window_present (self->export_dialog);
}

void
_ca_window_class_actions_init (CaWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.export", NULL, win_export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export", NULL);

  gtk_widget_class_install_action (widget_class, "map.zoom-in", NULL, map_zoom_in_action);
  gtk_widget_class_install_action (widget_class, "map.zoom-out", NULL, map_zoom_out_action);
  gtk_widget_class_install_action (widget_class, "map.home", NULL, map_home_action);
  gtk_widget_class_install_action (widget_class, "map.pan", "(ii)", map_pan_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "map.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "map.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "map.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "map.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "map.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, GDK_ALT_MASK, "map.home", NULL);
}

/* Keys that only make sense while the map has the focus, so they never
 * steal a "+" or an arrow from a text field. */
static void
add_map_shortcuts (CaWindow *self)
{
  static const struct {
    guint       keyval;
    const char *action;
    const char *target;
  } keys[] = {
    { GDK_KEY_plus, "map.zoom-in", NULL },
    { GDK_KEY_equal, "map.zoom-in", NULL },
    { GDK_KEY_KP_Add, "map.zoom-in", NULL },
    { GDK_KEY_minus, "map.zoom-out", NULL },
    { GDK_KEY_KP_Subtract, "map.zoom-out", NULL },
    { GDK_KEY_Left, "map.pan", "(-1,0)" },
    { GDK_KEY_Right, "map.pan", "(1,0)" },
    { GDK_KEY_Up, "map.pan", "(0,-1)" },
    { GDK_KEY_Down, "map.pan", "(0,1)" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      GtkShortcutAction *action = gtk_named_action_new (keys[i].action);
      GtkShortcut *shortcut;

      shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].keyval, 0), action);
      if (keys[i].target != NULL)
        gtk_shortcut_set_arguments (shortcut, g_variant_new_parsed (keys[i].target));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
    }

  gtk_widget_add_controller (GTK_WIDGET (self->map), controller);
}

void
_ca_window_actions_init (CaWindow *self)
{
  g_autoptr(GAction) basemap_action = NULL;

  basemap_action = g_settings_create_action (self->settings, "basemap");
  g_action_map_add_action (G_ACTION_MAP (self), basemap_action);

  g_signal_connect_object (self->settings, "changed::basemap",
                           G_CALLBACK (on_basemap_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->network_monitor, "notify::network-available",
                           G_CALLBACK (on_network_available_cb), self, G_CONNECT_SWAPPED);

  add_map_shortcuts (self);
  _ca_window_apply_basemap (self);
}
