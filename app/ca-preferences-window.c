/* ca-preferences-window.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ca-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ca-basemap.h"
#include "ca-preferences-window-private.h"

/* The Preferences window edits GSettings only.  The main window follows
 * the keys as they change: the basemap, the scale bar's units, and the
 * DCW-GMT file, which it loads again. */

G_DEFINE_FINAL_TYPE (CaPreferencesWindow, ca_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* A combo row's position and an enum key's nick, in the order of the
 * row's model. */
static gboolean
nick_to_selected (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  const char * const *nicks = user_data;
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; nicks[i] != NULL; i++)
    if (g_str_equal (nicks[i], nick))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }

  return FALSE;
}

static GVariant *
selected_to_nick (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  const char * const *nicks = user_data;
  guint selected = g_value_get_uint (value);

  if (selected >= g_strv_length ((char **)nicks))
    return NULL;

  return g_variant_new_string (nicks[selected]);
}

static void
update_dcw_row (CaPreferencesWindow *self)
{
  g_autofree char *configured = g_settings_get_string (self->settings, "dcw-path");
  g_autofree char *system = ca_basemap_dup_default_path ();
  const char *env = g_getenv ("CORRIDOR_ATLAS_DCW");
  g_autofree char *subtitle = NULL;

  g_assert (CA_IS_PREFERENCES_WINDOW (self));

  if (env != NULL && env[0] != '\0')
    /* translators: %s is a file path */
    subtitle = g_strdup_printf (_("%s (set by CORRIDOR_ATLAS_DCW)"), env);
  else if (configured[0] != '\0')
    subtitle = g_strdup (configured);
  else
    /* translators: %s is a file path */
    subtitle = g_strdup_printf (_("%s (the system copy)"), system);

  adw_action_row_set_subtitle (self->dcw_row, subtitle);
  gtk_widget_set_sensitive (GTK_WIDGET (self->dcw_reset_button), configured[0] != '\0');
}

static void
on_chooser_response_cb (CaPreferencesWindow  *self,
                        int                   response,
                        GtkFileChooserNative *chooser)
{
  g_assert (CA_IS_PREFERENCES_WINDOW (self));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        g_settings_set_string (self->settings, "dcw-path", path);
    }

  g_clear_object (&self->chooser);
}

static void
on_dcw_choose_clicked_cb (CaPreferencesWindow *self,
                          GtkButton           *button)
{
  GtkFileFilter *netcdf = gtk_file_filter_new ();
  GtkFileFilter *all = gtk_file_filter_new ();

  g_assert (CA_IS_PREFERENCES_WINDOW (self));

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Choose the DCW-GMT File"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);

  gtk_file_filter_set_name (netcdf, _("netCDF files"));
  gtk_file_filter_add_pattern (netcdf, "*.nc");
  gtk_file_filter_add_mime_type (netcdf, "application/x-netcdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), netcdf);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);

  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_dcw_reset_clicked_cb (CaPreferencesWindow *self,
                         GtkButton           *button)
{
  g_assert (CA_IS_PREFERENCES_WINDOW (self));

  g_settings_reset (self->settings, "dcw-path");
}

static void
ca_preferences_window_dispose (GObject *object)
{
  CaPreferencesWindow *self = (CaPreferencesWindow *)object;

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ca_preferences_window_parent_class)->dispose (object);
}

static void
ca_preferences_window_class_init (CaPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ca_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/ca-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CaPreferencesWindow, basemap_row);
  gtk_widget_class_bind_template_child (widget_class, CaPreferencesWindow, units_row);
  gtk_widget_class_bind_template_child (widget_class, CaPreferencesWindow, dcw_row);
  gtk_widget_class_bind_template_child (widget_class, CaPreferencesWindow, dcw_reset_button);
  gtk_widget_class_bind_template_callback (widget_class, on_dcw_choose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_dcw_reset_clicked_cb);
}

static void
ca_preferences_window_init (CaPreferencesWindow *self)
{
  /* In the order of the rows' models in the .ui file. */
  static const char *basemaps[] = { "offline", "osm", NULL };
  static const char *units[] = { "metric", "imperial", NULL };

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (SCHEMA_ID);

  g_settings_bind_with_mapping (self->settings, "basemap", self->basemap_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, nick_to_selected, selected_to_nick,
                                basemaps, NULL);
  g_settings_bind_with_mapping (self->settings, "units", self->units_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, nick_to_selected, selected_to_nick,
                                units, NULL);

  g_signal_connect_object (self->settings, "changed::dcw-path", G_CALLBACK (update_dcw_row), self,
                           G_CONNECT_SWAPPED);
  update_dcw_row (self);
}

CaPreferencesWindow *
ca_preferences_window_new (GtkWindow *parent)
{
  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (CA_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       "destroy-with-parent", TRUE,
                       NULL);
}
