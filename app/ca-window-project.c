/* ca-window-project.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ca-window-project"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <unistd.h>

#include "ca-project.h"
#include "ca-window-private.h"

/* Projects: Open, Save, Save As, recent projects, the title's modified
 * marker, autosave and recovery.
 *
 * Whether the work is modified is found by comparing a snapshot of the
 * window (a CaProject) with the one last saved or opened, or with the
 * window as it was once its start-up loads were done; so a change undone
 * is no change.  While modified, the work is autosaved to the user's
 * state folder shortly after each change and every 30 s; closing the
 * window removes the autosave, so one that is there at the next start was
 * left by a crash, and the planner is offered to recover it.
 *
 * For tests, CORRIDOR_ATLAS_AUTOSAVE_SECONDS sets the autosave interval
 * (0 turns autosave and the recovery offer off), and
 * CORRIDOR_ATLAS_RECOVER=recover|discard answers the offer. */

#define PROJECT_MIME_TYPE  "application/x-corridor-atlas-project"
#define CHECK_DELAY_MS     300
#define CHANGE_DELAY_S     2
#define AUTOSAVE_NAME      "autosave.corridor"
#define MARKER_NAME        "autosave.marker"

struct _CaWindowProject
{
  GFile         *file;          /* NULL until saved or opened */
  CaProject     *baseline;      /* what "not modified" means */
  CaProject     *autosaved;     /* what the autosave holds */
  CaProject     *pending;       /* styles and order awaiting their layers */
  GPtrArray     *pending_layers;   /* const CaProjectLayer *, in pending */
  GMenu         *recent_menu;   /* borrowed from the template */
  AdwWindowTitle *window_title; /* borrowed from the template */
  guint          check_source;
  guint          change_source;
  guint          autosave_source;
  guint          interval;      /* autosave interval in seconds, 0 when off */
  GtkWidget     *close_dialog;  /* "Save changes?", while it is up */
  guint          modified : 1;
  guint          force_modified : 1;
  guint          close_confirmed : 1;
  guint          close_after_save : 1;
  guint          pending_stats : 1;
  CaProjectStats stats;         /* the panel's choices, once its data is in */
};

static gboolean recovery_checked;
/* Until the recovery offer is answered, the autosave on disk is the
 * crash's: it is neither written over nor removed. */
static gboolean recovery_pending;

static void schedule_check (CaWindow *self);
static void close_when_idle (CaWindow *self);
static void settle_pending (CaWindow *self);

/* State folder ----------------------------------------------------------- */

static char *
autosave_dir (void)
{
  return g_build_filename (g_get_user_state_dir (), "corridor-atlas", NULL);
}

static char *
autosave_path (const char *name)
{
  g_autofree char *dir = autosave_dir ();

  return g_build_filename (dir, name, NULL);
}

static guint
autosave_interval (void)
{
  const char *env = g_getenv ("CORRIDOR_ATLAS_AUTOSAVE_SECONDS");

  if (env != NULL && env[0] != '\0')
    return (guint)g_ascii_strtoull (env, NULL, 10);

  return 30;
}

static void
remove_autosave (void)
{
  g_autofree char *project = autosave_path (AUTOSAVE_NAME);
  g_autofree char *marker = autosave_path (MARKER_NAME);

  g_remove (marker);
  g_remove (project);
}

/* Snapshots -------------------------------------------------------------- */

static char *
layer_key (CaMapLayer *layer)
{
  const char *shipped = g_object_get_data (G_OBJECT (layer), "shipped-id");

  if (shipped != NULL)
    return g_strconcat (CA_PROJECT_SHIPPED_PREFIX, shipped, NULL);

  /* A database layer is known by its connection without the password,
   * which is never saved: the keyring gives it back. */
  return ca_project_strip_password (ca_vector_layer_get_source (ca_map_layer_get_vector (layer)));
}

static CaProject *
snapshot (CaWindow *self)
{
  g_autoptr(CaProject) project = ca_project_new ();
  ShumateViewport *viewport = shumate_map_get_viewport (self->map);
  GListModel *layers = G_LIST_MODEL (self->layers);
  CaTradeCube *cube = ca_stats_panel_get_cube (self->stats_panel);
  g_auto(GVariantBuilder) export = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;
  g_autofree char *basemap = g_settings_get_string (self->settings, "basemap");

  for (guint i = 0; i < g_list_model_get_n_items (layers); i++)
    {
      g_autoptr(CaMapLayer) layer = g_list_model_get_item (layers, i);
      g_autofree char *source = layer_key (layer);
      const GdkRGBA *color = ca_map_layer_get_color (layer);
      CaProjectLayer saved = {
        .source = source,
        .title = (char *)ca_map_layer_get_title (layer),
        .visible = ca_map_layer_get_visible (layer),
        .thematic = ca_map_layer_get_thematic (layer),
        .color = { color->red, color->green, color->blue, color->alpha },
        .width = ca_map_layer_get_width (layer),
        .opacity = ca_map_layer_get_opacity (layer),
      };

      ca_project_add_layer (project, &saved);
    }

  if (cube != NULL)
    {
      CaProjectStats stats = *ca_project_get_stats (project);

      ca_project_add_trade_source (project, ca_trade_cube_get_source (cube));
      ca_project_set_trade_illustrative (project, self->trade_illustrative);
      if (ca_stats_panel_get_state (self->stats_panel, &stats))
        ca_project_set_stats (project, &stats);
    }

  ca_project_set_view (project,
                       shumate_location_get_latitude (SHUMATE_LOCATION (viewport)),
                       shumate_location_get_longitude (SHUMATE_LOCATION (viewport)),
                       shumate_viewport_get_zoom_level (viewport));
  ca_project_set_basemap (project, basemap);

  g_object_get (self->settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    if (g_str_has_prefix (keys[i], "export-"))
      g_variant_builder_add (&export, "{sv}", keys[i],
                             g_settings_get_value (self->settings, keys[i]));
  ca_project_set_export (project, g_variant_builder_end (&export));

  return g_steal_pointer (&project);
}

/* The title ------------------------------------------------------------- */

static void
update_title (CaWindow *self)
{
  CaWindowProject *p = self->project;
  g_autofree char *name = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *title = NULL;

  if (p->file != NULL)
    {
      g_autofree char *basename = g_file_get_basename (p->file);

      name = g_str_has_suffix (basename, ".corridor")
        ? g_strndup (basename, strlen (basename) - strlen (".corridor"))
        : g_strdup (basename);
    }
  else if (p->modified)
    {
      name = g_strdup (_("Unsaved Project"));
    }

  if (name != NULL)
    /* translators: the project's name, and a mark when it has unsaved changes */
    subtitle = p->modified ? g_strdup_printf (_("• %s"), name) : g_strdup (name);

  if (p->window_title != NULL)
    adw_window_title_set_subtitle (p->window_title, subtitle != NULL ? subtitle : "");

  title = subtitle != NULL ? g_strdup_printf ("%s — %s", subtitle, _("Corridor Atlas"))
                           : g_strdup (_("Corridor Atlas"));
  gtk_window_set_title (GTK_WINDOW (self), title);
}

/* Autosave --------------------------------------------------------------- */

static gboolean
write_autosave (CaWindow *self)
{
  CaWindowProject *p = self->project;
  g_autoptr(CaProject) project = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = autosave_dir ();
  g_autofree char *path = autosave_path (AUTOSAVE_NAME);
  g_autofree char *marker = autosave_path (MARKER_NAME);
  g_autofree char *contents = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);

  if (!p->modified || p->interval == 0 || recovery_pending)
    return FALSE;

  project = snapshot (self);
  if (p->autosaved != NULL && ca_project_equal (project, p->autosaved))
    return TRUE;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_warning ("Could not make %s: %s", dir, g_strerror (errno));
      return FALSE;
    }

  /* The marker says whose autosave it is, so a running instance's is not
   * taken for a crash's, and which project it belongs to. */
  uri = p->file != NULL ? g_file_get_uri (p->file) : g_strdup ("");
  contents = g_strdup_printf ("[Autosave]\nPid=%d\nProject=%s\n", (int)getpid (), uri);

  if (!ca_project_save (project, file, &error) ||
      !g_file_set_contents_full (marker, contents, -1, G_FILE_SET_CONTENTS_CONSISTENT,
                                 0600, &error))
    {
      g_warning ("Autosave failed: %s", error->message);
      return FALSE;
    }

  g_debug ("Autosaved %u layers to %s", ca_project_get_n_layers (project), path);
  g_set_object (&p->autosaved, project);

  return TRUE;
}

static gboolean
autosave_tick_cb (gpointer user_data)
{
  CaWindow *self = user_data;

  write_autosave (self);

  return G_SOURCE_CONTINUE;
}

static gboolean
change_autosave_cb (gpointer user_data)
{
  CaWindow *self = user_data;

  self->project->change_source = 0;
  write_autosave (self);

  return G_SOURCE_REMOVE;
}

static void
set_modified (CaWindow *self,
              gboolean  modified)
{
  CaWindowProject *p = self->project;
  gboolean was_modified = p->modified;

  if (p->modified != !!modified)
    {
      p->modified = !!modified;
      update_title (self);
    }

  if (p->interval == 0)
    return;

  if (modified)
    {
      if (p->autosave_source == 0)
        p->autosave_source = g_timeout_add_seconds (p->interval, autosave_tick_cb, self);
      g_clear_handle_id (&p->change_source, g_source_remove);
      p->change_source = g_timeout_add_seconds (MIN (CHANGE_DELAY_S, p->interval),
                                                change_autosave_cb, self);
    }
  else
    {
      g_clear_handle_id (&p->autosave_source, g_source_remove);
      g_clear_handle_id (&p->change_source, g_source_remove);
      /* Only an autosave of this work is removed, never a crash's. */
      if ((was_modified || p->autosaved != NULL) && !recovery_pending)
        remove_autosave ();
      g_clear_object (&p->autosaved);
    }
}

/* Change tracking -------------------------------------------------------- */

static gboolean
loads_done (CaWindow *self)
{
  return self->load_cancellable == NULL && g_queue_is_empty (&self->pending_sources) &&
         self->project->pending == NULL && !self->project->pending_stats;
}

static gboolean
check_cb (gpointer user_data)
{
  CaWindow *self = user_data;
  CaWindowProject *p = self->project;
  g_autoptr(CaProject) now = NULL;

  p->check_source = 0;
  settle_pending (self);

  /* Layers still loading are neither a change nor a baseline. */
  if (!loads_done (self))
    {
      schedule_check (self);
      return G_SOURCE_REMOVE;
    }

  now = snapshot (self);
  if (p->baseline == NULL)
    {
      /* The window as it started, with the shipped layers and the sample. */
      if (ca_stats_panel_get_cube (self->stats_panel) == NULL)
        {
          schedule_check (self);
          return G_SOURCE_REMOVE;
        }
      p->baseline = g_steal_pointer (&now);
      set_modified (self, p->force_modified);
      return G_SOURCE_REMOVE;
    }

  set_modified (self, p->force_modified || !ca_project_equal (now, p->baseline));

  return G_SOURCE_REMOVE;
}

static void
schedule_check (CaWindow *self)
{
  CaWindowProject *p = self->project;

  if (p->check_source == 0)
    p->check_source = g_timeout_add (CHECK_DELAY_MS, check_cb, self);
}

static void
apply_pending_layer (CaWindow   *self,
                     CaMapLayer *layer);

static void
on_layers_changed_cb (CaWindow   *self,
                      guint       position,
                      guint       removed,
                      guint       added,
                      GListModel *model)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(CaMapLayer) layer = g_list_model_get_item (model, i);

      g_signal_connect_object (layer, "notify", G_CALLBACK (schedule_check), self,
                               G_CONNECT_SWAPPED);
      apply_pending_layer (self, layer);
    }

  schedule_check (self);
}

static void
on_settings_changed_cb (CaWindow   *self,
                        const char *key,
                        GSettings  *settings)
{
  if (g_str_equal (key, "basemap") || g_str_has_prefix (key, "export-"))
    schedule_check (self);
}

/* Applying a project ----------------------------------------------------- */

static char *
sample_trade_path (void)
{
  const char *dir = g_getenv ("CORRIDOR_ATLAS_DATADIR");

  return g_build_filename (dir != NULL && dir[0] != '\0' ? dir : PKGDATADIR,
                           "trade", "sample-trade.csv", NULL);
}

static void
apply_style (CaMapLayer           *layer,
             const CaProjectLayer *saved)
{
  GdkRGBA color = { saved->color[0], saved->color[1], saved->color[2], saved->color[3] };

  ca_map_layer_set_color (layer, &color);
  ca_map_layer_set_width (layer, saved->width);
  ca_map_layer_set_opacity (layer, saved->opacity);
  ca_map_layer_set_visible (layer, saved->visible);
}

static guint
saved_index (CaWindow             *self,
             const CaProjectLayer *saved)
{
  for (guint i = 0; i < ca_project_get_n_layers (self->project->pending); i++)
    if (ca_project_get_layer (self->project->pending, i) == saved)
      return i;

  return G_MAXUINT;
}

/* Puts the layers in the project's order, once all of them are in. */
static void
finish_pending (CaWindow *self)
{
  CaWindowProject *p = self->project;
  GListModel *model = G_LIST_MODEL (self->layers);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (sorted, g_list_model_get_item (model, i));

  /* Insertion sort by the saved position; layers not in the project last. */
  for (guint i = 1; i < sorted->len; i++)
    for (guint j = i; j > 0; j--)
      {
        guint a = GPOINTER_TO_UINT (g_object_get_data (sorted->pdata[j - 1], "project-index"));
        guint b = GPOINTER_TO_UINT (g_object_get_data (sorted->pdata[j], "project-index"));
        gpointer swap;

        if (a <= b)
          break;
        swap = sorted->pdata[j];
        sorted->pdata[j] = sorted->pdata[j - 1];
        sorted->pdata[j - 1] = swap;
      }

  g_clear_pointer (&p->pending_layers, g_ptr_array_unref);
  g_clear_object (&p->pending);

  g_signal_handlers_block_by_func (self->layers, on_layers_changed_cb, self);
  g_list_store_splice (self->layers, 0, n, sorted->pdata, sorted->len);
  g_signal_handlers_unblock_by_func (self->layers, on_layers_changed_cb, self);

  schedule_check (self);
}

static void
apply_pending_layer (CaWindow   *self,
                     CaMapLayer *layer)
{
  CaWindowProject *p = self->project;
  g_autofree char *key = NULL;
  const CaProjectLayer *match = NULL;
  guint match_at = 0;

  if (p->pending_layers == NULL)
    return;

  /* The same source and title; else the same source (a file's several
   * layers take their titles from it). */
  key = layer_key (layer);
  for (guint pass = 0; pass < 2 && match == NULL; pass++)
    for (guint i = 0; i < p->pending_layers->len && match == NULL; i++)
      {
        const CaProjectLayer *saved = g_ptr_array_index (p->pending_layers, i);

        if (g_strcmp0 (saved->source, key) == 0 &&
            (pass == 1 || g_strcmp0 (saved->title, ca_map_layer_get_title (layer)) == 0))
          {
            match = saved;
            match_at = i;
          }
      }

  if (match == NULL)
    return;

  apply_style (layer, match);
  g_object_set_data (G_OBJECT (layer), "project-index",
                     GUINT_TO_POINTER (saved_index (self, match) + 1));
  g_debug ("Restored layer “%s”", ca_map_layer_get_title (layer));
  g_ptr_array_remove_index (p->pending_layers, match_at);

  if (p->pending_layers->len == 0)
    finish_pending (self);
}

/* When the pending layers cannot all come (a source failed to load), the
 * wait ends once the loads are done. */
static void
settle_pending (CaWindow *self)
{
  if (self->project->pending != NULL && self->load_cancellable == NULL &&
      g_queue_is_empty (&self->pending_sources))
    finish_pending (self);
}

void
_ca_window_project_trade_loaded (CaWindow *self)
{
  CaWindowProject *p;

  g_return_if_fail (CA_IS_WINDOW (self));

  p = self->project;
  if (p->pending_stats)
    {
      ca_stats_panel_set_state (self->stats_panel, &p->stats);
      _ca_window_update_flows (self);
    }
  p->pending_stats = FALSE;
  schedule_check (self);
}

static void
show_warnings (CaWindow  *self,
               GPtrArray *warnings)
{
  g_autoptr(GString) body = g_string_new (NULL);
  GtkWidget *dialog;

  if (warnings->len == 0)
    return;

  for (guint i = 0; i < warnings->len; i++)
    {
      g_debug ("%s", (const char *)g_ptr_array_index (warnings, i));
      if (i > 0)
        g_string_append (body, "\n\n");
      g_string_append (body, g_ptr_array_index (warnings, i));
    }
  _ca_window_show_toast (self, g_ptr_array_index (warnings, warnings->len - 1));

  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   _("Parts of the Project Could Not Be Opened"), body->str);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Replaces the window's work with @project.  The layers load in the
 * background; each takes its saved style as it comes. */
static void
apply_project (CaWindow  *self,
               CaProject *project)
{
  CaWindowProject *p = self->project;
  GListModel *model = G_LIST_MODEL (self->layers);
  g_autoptr(GPtrArray) sources = g_ptr_array_new ();
  const char * const *trade = ca_project_get_trade_sources (project);
  GVariant *export = ca_project_get_export (project);
  GPtrArray *queued;

  /* Loads still queued are replaced by the project's. */
  while ((queued = g_queue_pop_head (&self->pending_sources)) != NULL)
    g_ptr_array_unref (queued);

  g_clear_pointer (&p->pending_layers, g_ptr_array_unref);
  g_set_object (&p->pending, project);
  p->pending_layers = g_ptr_array_new ();
  for (guint i = 0; i < ca_project_get_n_layers (project); i++)
    g_ptr_array_add (p->pending_layers, (gpointer)ca_project_get_layer (project, i));

  /* Shipped layers stay (flows follow the corridor's routes) and take
   * their saved style; the others are the project's. */
  for (guint i = g_list_model_get_n_items (model); i > 0; i--)
    {
      g_autoptr(CaMapLayer) layer = g_list_model_get_item (model, i - 1);
      g_autofree char *key = layer_key (layer);
      gboolean shipped = g_object_get_data (G_OBJECT (layer), "shipped-id") != NULL;
      gboolean wanted = FALSE;

      for (guint j = 0; j < ca_project_get_n_layers (project) && !wanted; j++)
        wanted = g_str_equal (ca_project_get_layer (project, j)->source, key);

      if (!shipped || !wanted)
        g_list_store_remove (self->layers, i - 1);
    }
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CaMapLayer) layer = g_list_model_get_item (model, i);

      apply_pending_layer (self, layer);
    }

  for (guint i = 0; p->pending_layers != NULL && i < p->pending_layers->len; i++)
    {
      const CaProjectLayer *saved = g_ptr_array_index (p->pending_layers, i);
      gboolean seen = g_str_has_prefix (saved->source, CA_PROJECT_SHIPPED_PREFIX);

      for (guint j = 0; j < sources->len && !seen; j++)
        seen = g_str_equal (sources->pdata[j], saved->source);
      if (seen)
        continue;

      g_ptr_array_add (sources, saved->source);
      _ca_window_open_source (self, saved->source, saved->title);
    }
  if (p->pending_layers != NULL && p->pending_layers->len == 0)
    finish_pending (self);

  if (trade[0] != NULL)
    {
      CaTradeCube *cube = ca_stats_panel_get_cube (self->stats_panel);
      gboolean illustrative = ca_project_get_trade_illustrative (project);
      g_autofree char *sample = sample_trade_path ();
      g_autofree char *wanted = g_canonicalize_filename (illustrative ? sample : trade[0], NULL);
      g_autofree char *shown = cube != NULL
        ? g_canonicalize_filename (ca_trade_cube_get_source (cube), NULL) : NULL;

      p->pending_stats = TRUE;
      p->stats = *ca_project_get_stats (project);

      /* The same data already in the panel only takes the choices. */
      if (shown != NULL && g_str_equal (shown, wanted) &&
          illustrative == self->trade_illustrative)
        _ca_window_project_trade_loaded (self);
      else
        _ca_window_open_trade (self, illustrative ? sample : trade[0], illustrative);
    }

  if (ca_project_has_view (project))
    {
      double latitude, longitude, zoom;

      ca_project_get_view (project, &latitude, &longitude, &zoom);
      shumate_map_center_on (self->map, latitude, longitude);
      shumate_viewport_set_zoom_level (shumate_map_get_viewport (self->map), zoom);
    }
  if (ca_project_get_basemap (project) != NULL)
    g_settings_set_string (self->settings, "basemap", ca_project_get_basemap (project));

  if (export != NULL)
    {
      g_autoptr(GSettingsSchema) schema = NULL;
      GVariantIter iter;
      const char *key;
      GVariant *value;

      g_object_get (self->settings, "settings-schema", &schema, NULL);
      g_variant_iter_init (&iter, export);
      while (g_variant_iter_loop (&iter, "{&sv}", &key, &value))
        {
          g_autoptr(GSettingsSchemaKey) schema_key = NULL;
          g_autoptr(GVariant) typed = NULL;
          const GVariantType *type;

          if (!g_str_has_prefix (key, "export-") || !g_settings_schema_has_key (schema, key))
            continue;
          schema_key = g_settings_schema_get_key (schema, key);
          type = g_settings_schema_key_get_value_type (schema_key);

          /* Numbers come back from JSON as int64 or double. */
          if (g_variant_type_equal (type, G_VARIANT_TYPE_INT32) &&
              g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
            typed = g_variant_new_int32 ((gint32)g_variant_get_int64 (value));
          else if (g_variant_type_equal (type, G_VARIANT_TYPE_DOUBLE) &&
                   g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
            typed = g_variant_new_double ((double)g_variant_get_int64 (value));
          else
            typed = g_variant_ref (value);
          g_variant_ref_sink (typed);

          if (g_variant_is_of_type (typed, type) &&
              g_settings_schema_key_range_check (schema_key, typed))
            g_settings_set_value (self->settings, key, typed);
        }
    }

  /* The project as it comes out in the window, once its layers and trade
   * data are in, is what "not modified" means: a missing layer or a
   * shipped layer it did not list is no change. */
  g_clear_object (&p->baseline);
  p->force_modified = FALSE;
  settle_pending (self);
  schedule_check (self);
}

/* Opening ---------------------------------------------------------------- */

static void
add_recent (GFile *file)
{
  g_autofree char *uri = g_file_get_uri (file);
  GtkRecentData data = {
    .mime_type = (char *)PROJECT_MIME_TYPE,
    .app_name = (char *)g_get_application_name (),
    .app_exec = (char *)"corridor-atlas %u",
  };

  gtk_recent_manager_add_full (gtk_recent_manager_get_default (), uri, &data);
}

/**
 * _ca_window_open_project:
 *
 * Opens a .corridor project in this window, in place of its work.  What
 * cannot be read is listed in a dialog naming the project and the reason.
 */
gboolean
_ca_window_open_project (CaWindow *self,
                         GFile    *file)
{
  CaWindowProject *p;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(CaProject) project = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (CA_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  p = self->project;
  project = ca_project_load (file, warnings, &error);
  if (project == NULL)
    {
      GtkWidget *dialog;

      _ca_window_show_toast (self, error->message);
      dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Could Not Open the Project"),
                                       error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  gtk_window_present (GTK_WINDOW (dialog));
      return FALSE;
    }

  g_set_object (&p->file, file);
  apply_project (self, project);
  set_modified (self, FALSE);
  update_title (self);
  add_recent (file);
  show_warnings (self, warnings);

  return TRUE;
}

static gboolean
is_project_file (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);
  g_autoptr(GFileInfo) info = NULL;

  if (basename != NULL && g_str_has_suffix (basename, ".corridor"))
    return TRUE;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE,
                            G_FILE_QUERY_INFO_NONE, NULL, NULL);

  return info != NULL && g_strcmp0 (g_file_info_get_content_type (info), PROJECT_MIME_TYPE) == 0;
}

/**
 * _ca_window_open_files:
 *
 * Opens files from the command line or the desktop: projects as
 * projects, anything else as layers.
 */
void
_ca_window_open_files (CaWindow  *self,
                       GFile    **files,
                       int        n_files)
{
  g_return_if_fail (CA_IS_WINDOW (self));

  for (int i = 0; i < n_files; i++)
    {
      if (is_project_file (files[i]))
        {
          _ca_window_open_project (self, files[i]);
        }
      else
        {
          g_autofree char *path = g_file_get_path (files[i]);
          g_autofree char *uri = path == NULL ? g_file_get_uri (files[i]) : NULL;

          /* A layer opened at start is a change to the work. */
          self->project->force_modified = TRUE;
          _ca_window_open_source (self, path != NULL ? path : uri, NULL);
          schedule_check (self);
        }
    }
}

static GtkFileFilter *
project_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Corridor Atlas projects"));
  gtk_file_filter_add_mime_type (filter, PROJECT_MIME_TYPE);
  gtk_file_filter_add_pattern (filter, "*.corridor");

  return filter;
}

static void
on_open_response_cb (CaWindow             *self,
                     int                   response,
                     GtkFileChooserNative *native)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      _ca_window_open_project (self, file);
    }

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (native));
  g_object_unref (native);
}

static void
open_project_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CaWindow *self = CA_WINDOW (widget);
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) filter = project_filter ();

  native = gtk_file_chooser_native_new (_("Open Project"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_signal_connect_object (native, "response", G_CALLBACK (on_open_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
open_recent_project_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  CaWindow *self = CA_WINDOW (widget);
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  _ca_window_open_project (self, file);
}

/* Saving ----------------------------------------------------------------- */

/**
 * _ca_window_save_project:
 *
 * Saves the work to @file atomically.  On failure the file that was there
 * is kept, and a dialog says why.
 */
gboolean
_ca_window_save_project (CaWindow *self,
                         GFile    *file,
                         GError  **error)
{
  CaWindowProject *p;
  g_autoptr(CaProject) project = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (CA_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  p = self->project;
  project = snapshot (self);
  if (!ca_project_save (project, file, &local_error))
    {
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                                  _("Could Not Save the Project"),
                                                  local_error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  gtk_window_present (GTK_WINDOW (dialog));
      _ca_window_show_toast (self, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_set_object (&p->file, file);
  g_set_object (&p->baseline, project);
  p->force_modified = FALSE;
  set_modified (self, FALSE);
  update_title (self);
  add_recent (file);

  return TRUE;
}

static void
on_save_response_cb (CaWindow             *self,
                     int                   response,
                     GtkFileChooserNative *native)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) chosen = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *basename = g_file_get_basename (chosen);
      g_autoptr(GFile) file = NULL;

      /* The type is known by its extension. */
      if (!g_str_has_suffix (basename, ".corridor"))
        {
          g_autoptr(GFile) parent = g_file_get_parent (chosen);
          g_autofree char *named = g_strconcat (basename, ".corridor", NULL);

          file = g_file_get_child (parent, named);
        }
      else
        file = g_object_ref (chosen);

      if (_ca_window_save_project (self, file, NULL) && self->project->close_after_save)
        close_when_idle (self);
    }
  self->project->close_after_save = FALSE;

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (native));
  g_object_unref (native);
}

static void
save_project_as_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  CaWindow *self = CA_WINDOW (widget);
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) filter = project_filter ();

  native = gtk_file_chooser_native_new (_("Save Project"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  if (self->project->file != NULL)
    gtk_file_chooser_set_file (GTK_FILE_CHOOSER (native), self->project->file, NULL);
  else
    /* translators: the file name a new project is saved under */
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), _("Corridor Project.corridor"));
  g_signal_connect_object (native, "response", G_CALLBACK (on_save_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
save_project_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CaWindow *self = CA_WINDOW (widget);

  if (self->project->file == NULL)
    save_project_as_action (widget, action_name, parameter);
  else
    _ca_window_save_project (self, self->project->file, NULL);
}

/* Closing with unsaved work -------------------------------------------- */

static gboolean
close_cb (gpointer user_data)
{
  gtk_window_close (GTK_WINDOW (user_data));

  return G_SOURCE_REMOVE;
}

/* Closes the window once the dialog answering has finished: the dialog
 * closes itself after its response, and must not lose its parent first. */
static void
close_when_idle (CaWindow *self)
{
  self->project->close_confirmed = TRUE;
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, close_cb, g_object_ref (self), g_object_unref);
}

static void
on_close_response_cb (CaWindow         *self,
                      const char       *response,
                      AdwMessageDialog *dialog)
{
  CaWindowProject *p = self->project;

  p->close_dialog = NULL;

  if (g_str_equal (response, "discard"))
    close_when_idle (self);
  else if (g_str_equal (response, "save"))
    {
      if (p->file == NULL)
        {
          /* The window closes once the chooser's file is saved. */
          p->close_after_save = TRUE;
          gtk_widget_activate_action (GTK_WIDGET (self), "win.save-project-as", NULL);
        }
      else if (_ca_window_save_project (self, p->file, NULL))
        close_when_idle (self);
    }
}

/**
 * _ca_window_project_confirm_close:
 *
 * Asks, as GNOME applications do, whether unsaved work should be saved
 * before the window closes.  The autosave keeps it meanwhile.
 *
 * Returns: whether the window may close now
 */
gboolean
_ca_window_project_confirm_close (CaWindow *self)
{
  CaWindowProject *p = self->project;
  g_autofree char *name = NULL;
  g_autofree char *body = NULL;

  if (p->close_confirmed || !p->modified)
    return TRUE;

  if (p->close_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (p->close_dialog));
      return FALSE;
    }

  name = p->file != NULL ? g_file_get_basename (p->file) : g_strdup (_("Unsaved Project"));
  /* translators: %s is the project's file name */
  body = g_strdup_printf (_("“%s” has unsaved changes. Changes which are not saved will be lost."), name);
  p->close_dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Save Changes?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (p->close_dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (p->close_dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (p->close_dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (p->close_dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (p->close_dialog), "cancel");
  g_signal_connect_object (p->close_dialog, "response", G_CALLBACK (on_close_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (p->close_dialog));

  return FALSE;
}

/**
 * _ca_window_project_get_close_dialog:
 *
 * Returns: (nullable) (transfer none): the "Save changes?" dialog, while
 *   it is up
 */
GtkWidget *
_ca_window_project_get_close_dialog (CaWindow *self)
{
  return self->project->close_dialog;
}

/* Recent projects -------------------------------------------------------- */

static void
update_recent_menu (CaWindow *self)
{
  CaWindowProject *p = self->project;
  GList *items;
  guint n = 0;

  if (p->recent_menu == NULL)
    return;

  g_menu_remove_all (p->recent_menu);
  items = gtk_recent_manager_get_items (gtk_recent_manager_get_default ());
  for (const GList *l = items; l != NULL && n < 10; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      const char *uri = gtk_recent_info_get_uri (info);
      g_autoptr(GMenuItem) item = NULL;

      if (g_strcmp0 (gtk_recent_info_get_mime_type (info), PROJECT_MIME_TYPE) != 0 &&
          !g_str_has_suffix (uri, ".corridor"))
        continue;
      if (!gtk_recent_info_exists (info))
        continue;

      item = g_menu_item_new (gtk_recent_info_get_display_name (info), NULL);
      g_menu_item_set_action_and_target_value (item, "win.open-recent-project",
                                               g_variant_new_string (uri));
      g_menu_append_item (p->recent_menu, item);
      n++;
    }
  g_list_free_full (items, (GDestroyNotify)gtk_recent_info_unref);
}

/* Recovery --------------------------------------------------------------- */

static void
recover (CaWindow *self)
{
  g_autofree char *path = autosave_path (AUTOSAVE_NAME);
  g_autofree char *marker = autosave_path (MARKER_NAME);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(CaProject) project = NULL;
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;

  project = ca_project_load (file, warnings, &error);
  if (project == NULL)
    {
      _ca_window_show_toast (self, error->message);
      return;
    }

  if (g_key_file_load_from_file (keys, marker, G_KEY_FILE_NONE, NULL))
    uri = g_key_file_get_string (keys, "Autosave", "Project", NULL);
  if (uri != NULL && uri[0] != '\0')
    {
      g_autoptr(GFile) project_file = g_file_new_for_uri (uri);

      g_set_object (&self->project->file, project_file);
    }

  g_debug ("Recovering %u layers", ca_project_get_n_layers (project));
  apply_project (self, project);
  /* Recovered work is unsaved work. */
  g_clear_object (&self->project->baseline);
  self->project->force_modified = TRUE;
  set_modified (self, TRUE);
  show_warnings (self, warnings);
}

static void
on_recover_response_cb (CaWindow         *self,
                        const char       *response,
                        AdwMessageDialog *dialog)
{
  recovery_pending = FALSE;

  if (g_str_equal (response, "recover"))
    {
      recover (self);
    }
  else
    {
      remove_autosave ();
      /* Changes made meanwhile are autosaved now. */
      write_autosave (self);
    }
}

static gboolean
autosave_owner_alive (void)
{
  g_autofree char *marker = autosave_path (MARKER_NAME);
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  int pid;

  if (!g_key_file_load_from_file (keys, marker, G_KEY_FILE_NONE, NULL))
    return FALSE;
  pid = g_key_file_get_integer (keys, "Autosave", "Pid", NULL);

  return pid > 0 && pid != (int)getpid () && kill (pid, 0) == 0;
}

static void
offer_recovery (CaWindow *self)
{
  g_autofree char *path = autosave_path (AUTOSAVE_NAME);
  const char *answer = g_getenv ("CORRIDOR_ATLAS_RECOVER");
  GtkWidget *dialog;

  if (!g_file_test (path, G_FILE_TEST_EXISTS) || autosave_owner_alive ())
    {
      recovery_pending = FALSE;
      /* Changes made meanwhile are autosaved now. */
      write_autosave (self);
      return;
    }

  g_debug ("Offering to recover %s", path);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Recover Unsaved Work?"),
                                   _("Corridor Atlas did not close properly last time. "
                                     "The work it autosaved can be restored."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "discard", _("_Discard"),
                                    "recover", _("_Recover"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "recover",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "recover");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "recover");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_recover_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  gtk_window_present (GTK_WINDOW (dialog));

  if (answer != NULL && (g_str_equal (answer, "recover") || g_str_equal (answer, "discard")))
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), answer);
}

static gboolean
offer_recovery_cb (gpointer user_data)
{
  CaWindow *self = user_data;

  /* The offer is a dialog over the window: wait until the window shows. */
  if (gtk_widget_in_destruction (GTK_WIDGET (self)) || self->project == NULL)
    {
      recovery_pending = FALSE;
      return G_SOURCE_REMOVE;
    }
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return G_SOURCE_CONTINUE;

  offer_recovery (self);

  return G_SOURCE_REMOVE;
}

/* Setup ------------------------------------------------------------------ */

void
_ca_window_class_project_init (CaWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_bind_template_child_full (widget_class, "window_title", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "recent_projects_menu", FALSE, 0);

  gtk_widget_class_install_action (widget_class, "win.open-project", NULL, open_project_action);
  gtk_widget_class_install_action (widget_class, "win.save-project", NULL, save_project_action);
  gtk_widget_class_install_action (widget_class, "win.save-project-as", NULL,
                                   save_project_as_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent-project", "s",
                                   open_recent_project_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.open-project", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "win.save-project", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.save-project-as",
                                       NULL);
}

void
_ca_window_project_init (CaWindow *self)
{
  CaWindowProject *p = g_new0 (CaWindowProject, 1);
  GObject *menu;

  self->project = p;
  p->interval = autosave_interval ();
  p->window_title = ADW_WINDOW_TITLE (gtk_widget_get_template_child (GTK_WIDGET (self),
                                                                     CA_TYPE_WINDOW,
                                                                     "window_title"));
  menu = gtk_widget_get_template_child (GTK_WIDGET (self), CA_TYPE_WINDOW, "recent_projects_menu");
  p->recent_menu = G_IS_MENU (menu) ? G_MENU (menu) : NULL;

  g_signal_connect_object (self->layers, "items-changed", G_CALLBACK (on_layers_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stats_panel, "changed", G_CALLBACK (schedule_check), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (shumate_map_get_viewport (self->map), "notify",
                           G_CALLBACK (schedule_check), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (on_settings_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_recent_manager_get_default (), "changed",
                           G_CALLBACK (update_recent_menu), self, G_CONNECT_SWAPPED);
  update_recent_menu (self);
  schedule_check (self);

  /* The first window of a run offers what a crash left, once it shows. */
  if (p->interval > 0 && !recovery_checked)
    {
      recovery_checked = TRUE;
      recovery_pending = TRUE;
      g_timeout_add_full (G_PRIORITY_DEFAULT, 200, offer_recovery_cb, g_object_ref (self),
                          g_object_unref);
    }
}

/* Called when the window closes: a clean close leaves no autosave. */
void
_ca_window_project_dispose (CaWindow *self)
{
  CaWindowProject *p = self->project;

  if (p == NULL)
    return;

  g_clear_handle_id (&p->check_source, g_source_remove);
  g_clear_handle_id (&p->change_source, g_source_remove);
  g_clear_handle_id (&p->autosave_source, g_source_remove);
  if (p->interval > 0 && (p->modified || p->autosaved != NULL))
    remove_autosave ();

  g_clear_object (&p->file);
  g_clear_object (&p->baseline);
  g_clear_object (&p->autosaved);
  g_clear_pointer (&p->pending_layers, g_ptr_array_unref);
  g_clear_object (&p->pending);
  g_clear_pointer (&self->project, g_free);
}

/**
 * _ca_window_get_project_file:
 *
 * Returns: (transfer none) (nullable): the project the window shows
 */
GFile *
_ca_window_get_project_file (CaWindow *self)
{
  g_return_val_if_fail (CA_IS_WINDOW (self), NULL);

  return self->project->file;
}

gboolean
_ca_window_get_project_modified (CaWindow *self)
{
  g_return_val_if_fail (CA_IS_WINDOW (self), FALSE);

  return self->project->modified;
}

/**
 * _ca_window_dup_project:
 *
 * Returns: (transfer full): the window's work as a project, as Save
 *   would write it
 */
CaProject *
_ca_window_dup_project (CaWindow *self)
{
  g_return_val_if_fail (CA_IS_WINDOW (self), NULL);

  return snapshot (self);
}

/**
 * _ca_window_get_project_loading:
 *
 * Returns: whether layers of an opened project are still on their way
 */
gboolean
_ca_window_get_project_loading (CaWindow *self)
{
  g_return_val_if_fail (CA_IS_WINDOW (self), FALSE);

  return self->project->pending != NULL || self->project->pending_stats;
}
