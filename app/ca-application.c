/* ca-application.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ca-application"

#include "config.h"

#include <glib/gi18n.h>

#include "ca-application.h"
#include "ca-preferences-window.h"
#include "ca-window-private.h"

/* Work in worker threads in this process: previews, exports and loads.
 * Each holds the application, so that it does not quit, and leave the
 * process, while a thread still draws or reads: a cancelled one may
 * still be inside GDAL for a moment after its window stopped waiting. */
static guint n_workers;

/**
 * ca_application_worker_started:
 *
 * Counts a worker thread that is starting; called on the main thread.
 */
void
ca_application_worker_started (void)
{
  GApplication *application = g_application_get_default ();

  n_workers++;
  if (application != NULL)
    g_application_hold (application);
}

/**
 * ca_application_worker_finished:
 *
 * Counts a worker thread that has returned; called on the main thread.
 */
void
ca_application_worker_finished (void)
{
  GApplication *application = g_application_get_default ();

  g_return_if_fail (n_workers > 0);

  n_workers--;
  if (application != NULL)
    g_application_release (application);
}

static gboolean
worker_finished_cb (gpointer user_data)
{
  ca_application_worker_finished ();
  return G_SOURCE_REMOVE;
}

/**
 * ca_application_worker_finished_on:
 * @context: the main context the worker was started on
 *
 * As ca_application_worker_finished(), from any thread: the count
 * changes on @context.
 */
void
ca_application_worker_finished_on (GMainContext *context)
{
  g_main_context_invoke (context, worker_finished_cb, NULL);
}

/**
 * ca_application_get_n_workers:
 *
 * Returns: how many previews, exports and loads are running in worker
 *   threads
 */
guint
ca_application_get_n_workers (void)
{
  return n_workers;
}

struct _CaApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (CaApplication, ca_application, ADW_TYPE_APPLICATION)

static void
ca_application_activate (GApplication *application)
{
  CaApplication *self = (CaApplication *)application;
  GtkWindow *window;

  g_assert (CA_IS_APPLICATION (self));

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window == NULL)
    window = GTK_WINDOW (ca_window_new (self));

  gtk_window_present (window);
}

/* Files from the command line or the desktop: .corridor projects open as
 * projects, anything else as layers. */
static void
ca_application_open (GApplication  *application,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  CaApplication *self = (CaApplication *)application;
  GtkWindow *window;

  g_assert (CA_IS_APPLICATION (self));

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window == NULL)
    window = GTK_WINDOW (ca_window_new (self));

  _ca_window_open_files (CA_WINDOW (window), files, n_files);
  gtk_window_present (window);
}

static void
ca_application_about_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  CaApplication *self = user_data;
  static const char *developers[] = { "The Corridor Atlas developers", NULL };
  static const char *data_credits[] = {
    "The GMT team (DCW-GMT) https://github.com/GenericMappingTools/dcw-gmt",
    "OpenStreetMap contributors https://www.openstreetmap.org/copyright",
    "Xinhua News Agency",
    "Global Times",
    NULL
  };
  AdwAboutWindow *about;

  g_assert (CA_IS_APPLICATION (self));

  about = ADW_ABOUT_WINDOW (adw_about_window_new ());
  gtk_window_set_transient_for (GTK_WINDOW (about),
                                gtk_application_get_active_window (GTK_APPLICATION (self)));
  g_object_set (about,
                "application-name", _("Corridor Atlas"),
                "application-icon", APP_ID,
                "developer-name", _("The Corridor Atlas developers"),
                "developers", developers,
                "version", PACKAGE_VERSION,
                "website", "https://github.com/corridoratlas/corridor-atlas",
                "comments", _("Plan trade corridors on a map: the New International "
                              "Land-Sea Trade Corridor and its links to ASEAN and the world."),
                "license-type", GTK_LICENSE_GPL_3_0,
                "copyright", "© 2026 The Corridor Atlas developers",
                "translator-credits", _("translator-credits"),
                NULL);

  /* Every data source the map shows, with its own licence. */
  adw_about_window_add_legal_section (about, "DCW-GMT",
                                      _("The Digital Chart of the World for GMT, by the GMT team: "
                                        "the offline basemap's countries and provinces."),
                                      GTK_LICENSE_LGPL_3_0, NULL);
  adw_about_window_add_legal_section (about, "OpenStreetMap",
                                      _("Online map tiles © OpenStreetMap contributors, "
                                        "when you choose them."),
                                      GTK_LICENSE_CUSTOM,
                                      _("The data is available under the Open Database License."));
  adw_about_window_add_legal_section (about, _("Corridor dataset"),
                                      _("The corridor's routes, nodes and seaports (data/corridor), "
                                        "by the Corridor Atlas developers. Please credit it as "
                                        "“Corridor Atlas corridor dataset, the Corridor Atlas "
                                        "developers”."),
                                      GTK_LICENSE_CUSTOM,
                                      _("Licensed under the <a href=\"https://creativecommons.org/"
                                        "licenses/by/4.0/\">Creative Commons Attribution 4.0 "
                                        "International licence</a> (CC-BY-4.0)."));
  adw_about_window_add_legal_section (about, _("Trade figures"),
                                      _("The published totals are the figures of Xinhua and the "
                                        "Global Times, 25 December 2025. The trade sample built "
                                        "around them is illustrative: only those totals are real."),
                                      GTK_LICENSE_CUSTOM,
                                      _("The sample is licensed under the <a href=\"https://"
                                        "creativecommons.org/licenses/by/4.0/\">Creative Commons "
                                        "Attribution 4.0 International licence</a> (CC-BY-4.0)."));
  adw_about_window_add_legal_section (about, _("Place names"),
                                      _("The names of China's province-level divisions (ISO "
                                        "3166-2:CN codes, official names of the Ministry of Civil "
                                        "Affairs of the PRC), countries (ISO 3166-1 codes, names "
                                        "in common PRC usage) and partner regions are facts, "
                                        "tabled by the Corridor Atlas developers."),
                                      GTK_LICENSE_GPL_3_0, NULL);
  adw_about_window_add_legal_section (about, "Noto Sans CJK",
                                      _("Chinese labels are drawn with Noto Sans CJK by Google and "
                                        "Adobe, from the system's fonts."),
                                      GTK_LICENSE_CUSTOM,
                                      _("The fonts are licensed under the <a href=\"https://"
                                        "openfontlicense.org\">SIL Open Font License 1.1</a>."));
  adw_about_window_add_credit_section (about, _("Data"), data_credits);
  gtk_window_present (GTK_WINDOW (about));
}

static void
ca_application_quit_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  CaApplication *self = user_data;
  GList *windows;

  g_assert (CA_IS_APPLICATION (self));

  /* Close windows rather than quitting outright, so each saves its state
   * and asks about unsaved work; the application ends with the last. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);
}

static void
ca_application_preferences_action (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
  CaApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  g_assert (CA_IS_APPLICATION (self));

  gtk_window_present (GTK_WINDOW (ca_preferences_window_new (parent)));
}

static const GActionEntry app_actions[] = {
  { "about", ca_application_about_action },
  { "preferences", ca_application_preferences_action },
  { "quit", ca_application_quit_action },
};

static void
ca_application_startup (GApplication *application)
{
  CaApplication *self = (CaApplication *)application;

  G_APPLICATION_CLASS (ca_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         (const char *[]) { "<Control>comma", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay",
                                         (const char *[]) { "<Control>question", NULL });
}

static void
ca_application_class_init (CaApplicationClass *klass)
{
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  application_class->activate = ca_application_activate;
  application_class->open = ca_application_open;
  application_class->startup = ca_application_startup;
}

static void
ca_application_init (CaApplication *self)
{
  /* The window's --help also names the commands that need no window. */
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FILE…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Open the map, with any layers, trade records or "
                                              "project given."));
  g_application_set_option_context_description (G_APPLICATION (self),
                                                _("Commands that need no window, each with its own "
                                                  "--help:\n"
                                                  "  --stats FILE     add up trade records\n"
                                                  "  --export FILE    draw a figure as PNG, PDF or SVG\n"
                                                  "  --check FILE…    say what in layers, trade records "
                                                  "and projects loads, and what is left out"));
}

CaApplication *
ca_application_new (void)
{
  return g_object_new (CA_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", RESOURCE_PATH,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       NULL);
}
