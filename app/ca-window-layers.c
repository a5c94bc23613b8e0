/* ca-window-layers.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ca-window-layers"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ca-application.h"
#include "ca-connection.h"
#include "ca-password-store.h"
#include "ca-progress-relay.h"
#include "ca-search.h"
#include "ca-vsi-cancel.h"
#include "ca-worker-priority.h"
#include "ca-window-private.h"

/* The window's vector layers: the shipped corridor layers, the planner's
 * own (opened, dropped, or read from a database), the layers panel, the
 * feature popover and the place search.  Loading always happens in a
 * worker thread, with progress and Cancel.
 */

#define SHIPPED_ROUTES "corridor-routes"
#define SHIPPED_NODES  "corridor-nodes"
#define SHIPPED_PORTS  "corridor-ports"

/* A source to load: a file or a connection string, and the titles. */
typedef struct
{
  char       *source;
  char       *title;
  gboolean    thematic;
  const char *shipped_id;
} SourceRequest;

typedef struct
{
  GPtrArray *requests;  /* SourceRequest */
  GPtrArray *layers;    /* CaVectorLayer, one or more per request */
  GPtrArray *titles;    /* char *, parallel to layers */
  GArray    *thematic;  /* gboolean, parallel to layers */
  GMainContext *context;
  CaProgressRelay *progress;
} LoadJob;

static void
source_request_free (gpointer data)
{
  SourceRequest *request = data;

  g_free (request->source);
  g_free (request->title);
  g_free (request);
}

static void
load_job_free (gpointer data)
{
  LoadJob *job = data;

  g_ptr_array_unref (job->requests);
  g_ptr_array_unref (job->layers);
  g_ptr_array_unref (job->titles);
  g_array_unref (job->thematic);
  /* The thread has returned: the last reference to the task goes
   * there, or on the main thread when it was waited for. */
  ca_application_worker_finished_on (job->context);
  g_main_context_unref (job->context);
  ca_progress_relay_free (job->progress);
  g_free (job);
}

static char *
data_dir (void)
{
  const char *dir = g_getenv ("CORRIDOR_ATLAS_DATADIR");

  return g_strdup (dir != NULL && dir[0] != '\0' ? dir : PKGDATADIR);
}

GListModel *
_ca_window_get_layers (CaWindow *self)
{
  return G_LIST_MODEL (self->layers);
}

CaVectorOverlay *
_ca_window_get_vector_overlay (CaWindow *self)
{
  return self->vector_overlay;
}

/**
 * _ca_window_find_layer:
 *
 * Returns: (transfer none) (nullable): the layer with @title
 */
CaMapLayer *
_ca_window_find_layer (CaWindow   *self,
                       const char *title)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->layers)); i++)
    {
      g_autoptr(CaMapLayer) layer = g_list_model_get_item (G_LIST_MODEL (self->layers), i);

      if (g_str_equal (ca_map_layer_get_title (layer), title))
        return layer;
    }

  return NULL;
}

static CaMapLayer *
find_shipped (CaWindow   *self,
              const char *id)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->layers)); i++)
    {
      g_autoptr(CaMapLayer) layer = g_list_model_get_item (G_LIST_MODEL (self->layers), i);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (layer), "shipped-id"), id) == 0)
        return layer;
    }

  return NULL;
}

/**
 * _ca_window_get_shipped_vector:
 * @id: "corridor-routes", "corridor-nodes" or "corridor-ports"
 *
 * Returns: (transfer none) (nullable): the data of a shipped layer, once loaded
 */
CaVectorLayer *
_ca_window_get_shipped_vector (CaWindow   *self,
                               const char *id)
{
  CaMapLayer *layer = find_shipped (self, id);

  return layer != NULL ? ca_map_layer_get_vector (layer) : NULL;
}

static void load_requests (GTask        *task,
                           LoadJob      *job,
                           GCancellable *cancellable);

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadJob *job = task_data;
  int priority = ca_worker_priority_lower ();
  /* GDAL reads local files on this thread through a handler that looks
   * at the load's cancellable: opening a layer ends as soon as it is
   * cancelled, listing a file's layers too. */
  GCancellable *previous = ca_vsi_cancel_set (cancellable);

  load_requests (task, job, cancellable);
  ca_vsi_cancel_set (previous);
  ca_worker_priority_restore (priority);
}

static void
load_requests (GTask        *task,
               LoadJob      *job,
               GCancellable *cancellable)
{
  for (guint r = 0; r < job->requests->len; r++)
    {
      SourceRequest *request = g_ptr_array_index (job->requests, r);
      g_auto(GStrv) names = NULL;
      GError *error = NULL;

      names = ca_vector_source_list_layers (request->source, &error);
      if (names == NULL)
        {
          g_task_return_error (task, error);
          return;
        }

      for (guint i = 0; names[i] != NULL; i++)
        {
          CaVectorLayer *layer = ca_vector_layer_load (request->source, names[i], ca_progress_relay_report,
                                                       job->progress, cancellable, &error);

          if (layer == NULL)
            {
              g_task_return_error (task, error);
              return;
            }

          g_ptr_array_add (job->layers, layer);
          g_ptr_array_add (job->titles, names[1] == NULL ? g_strdup (request->title)
                                                         : g_strdup_printf ("%s — %s", request->title, names[i]));
          g_array_append_val (job->thematic, request->thematic);
          if (request->shipped_id != NULL)
            g_object_set_data (G_OBJECT (layer), "shipped-id", (gpointer)request->shipped_id);
        }
    }

  g_task_return_boolean (task, TRUE);
}

static void start_next_load (CaWindow *self);
static gboolean complete_password   (CaWindow     *self,
                                     GPtrArray    *requests);
static gboolean retry_with_password (CaWindow     *self,
                                     GPtrArray    *requests,
                                     const GError *error);

/* The shipped layers' visibility is kept in GSettings as the list of
 * those hidden, saved as it changes. */
static void
on_shipped_visible_changed_cb (CaWindow   *self,
                               GParamSpec *pspec,
                               CaMapLayer *layer)
{
  const char *id = g_object_get_data (G_OBJECT (layer), "shipped-id");
  g_auto(GStrv) hidden = g_settings_get_strv (self->settings, "hidden-layers");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;

  g_assert (CA_IS_WINDOW (self));

  for (guint i = 0; hidden[i] != NULL; i++)
    if (!g_str_equal (hidden[i], id))
      g_strv_builder_add (builder, hidden[i]);
  if (!ca_map_layer_get_visible (layer))
    g_strv_builder_add (builder, id);

  updated = g_strv_builder_end (builder);
  if (!g_strv_equal ((const char * const *)hidden, (const char * const *)updated))
    g_settings_set_strv (self->settings, "hidden-layers", (const char * const *)updated);
}

static void
restore_shipped_visibility (CaWindow   *self,
                            CaMapLayer *layer)
{
  const char *id = g_object_get_data (G_OBJECT (layer), "shipped-id");
  g_auto(GStrv) hidden = g_settings_get_strv (self->settings, "hidden-layers");

  if (g_strv_contains ((const char * const *)hidden, id))
    ca_map_layer_set_visible (layer, FALSE);
  g_signal_connect_object (layer, "notify::visible", G_CALLBACK (on_shipped_visible_changed_cb),
                           self, G_CONNECT_SWAPPED);
}

static void
report_issues (CaWindow      *self,
               const char    *title,
               CaVectorLayer *layer)
{
  g_autofree char *message = NULL;
  guint n_issues = ca_vector_layer_get_n_issues (layer);
  guint n = 0;

  /* Notes on the whole layer (a missing .dbf or .prj) have no feature. */
  for (guint i = 0; i < n_issues; i++)
    n += ca_vector_layer_get_issue (layer, i)->index != G_MAXUINT;

  if (n_issues == 0)
    return;

  if (n == 0)
    /* translators: "“routes.shp”: " and a note on the whole layer */
    message = g_strdup_printf (_("“%s”: %s"), title, ca_vector_layer_get_issue (layer, 0)->reason);
  else
    /* translators: "“routes.shp”: 3 features left out or repaired. Feature 7 has no geometry" */
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "“%s”: %u feature left out or repaired. %s",
                                            "“%s”: %u features left out or repaired. First: %s",
                                            n),
                               title, n, ca_vector_layer_get_issue (layer, 0)->reason);
  _ca_window_show_toast (self, message);
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CaWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  LoadJob *job = g_task_get_task_data (G_TASK (result));
  gboolean shipped_added = FALSE;

  g_clear_object (&self->load_cancellable);
  g_clear_pointer (&self->loading_layer_title, g_free);
  _ca_window_sync_loading (self);

  /* A password marked to be remembered is kept once a server took it. */
  for (guint r = 0; r < job->requests->len; r++)
    {
      SourceRequest *request = g_ptr_array_index (job->requests, r);

      if (ca_connection_is_postgres (request->source))
        {
          if (!g_task_had_error (G_TASK (result)))
            ca_password_store_accepted (request->source);
          else
            ca_password_store_refused (request->source);
        }
    }

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* A server that wants a password is asked for it, then read again. */
      if (retry_with_password (self, job->requests, error))
        g_debug ("Asking for a database password");
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _ca_window_show_toast (self, error->message);
      else
        _ca_window_show_toast (self, _("Loading cancelled; the map is as it was."));
      start_next_load (self);
      return;
    }

  for (guint i = 0; i < job->layers->len; i++)
    {
      CaVectorLayer *vector = g_ptr_array_index (job->layers, i);
      const char *title = g_ptr_array_index (job->titles, i);
      /* Data with the corridor's columns is styled as corridor data. */
      gboolean thematic = g_array_index (job->thematic, gboolean, i) ||
                          ca_vector_layer_find_field (vector, "mode") >= 0 ||
                          ca_vector_layer_find_field (vector, "kind") >= 0;
      g_autoptr(CaMapLayer) layer = ca_map_layer_new (title, vector, thematic);
      const char *shipped = g_object_get_data (G_OBJECT (vector), "shipped-id");

      if (shipped != NULL)
        {
          g_object_set_data (G_OBJECT (layer), "shipped-id", (gpointer)shipped);
          restore_shipped_visibility (self, layer);
          shipped_added = TRUE;
        }

      g_list_store_append (self->layers, layer);
      report_issues (self, title, vector);
    }

  /* Flows start from the corridor's nodes and follow its routes; the
   * planner's own layers leave them as they are. */
  if (shipped_added)
    _ca_window_update_flows (self);
  start_next_load (self);
}

static void
start_next_load (CaWindow *self)
{
  g_autoptr(GTask) task = NULL;
  LoadJob *job;
  SourceRequest *first;

  if (self->load_cancellable != NULL || g_queue_is_empty (&self->pending_sources))
    return;
  /* A database without its password waits for the keyring or the user. */
  if (complete_password (self, g_queue_peek_head (&self->pending_sources)))
    return;

  job = g_new0 (LoadJob, 1);
  job->requests = g_queue_pop_head (&self->pending_sources);
  job->layers = g_ptr_array_new_with_free_func (g_object_unref);
  job->titles = g_ptr_array_new_with_free_func (g_free);
  job->thematic = g_array_new (FALSE, FALSE, sizeof (gboolean));
  job->context = g_main_context_ref_thread_default ();

  self->load_cancellable = g_cancellable_new ();
  g_signal_connect_object (self->cancellable, "cancelled", G_CALLBACK (g_cancellable_cancel),
                           self->load_cancellable, G_CONNECT_SWAPPED);
  job->progress = ca_progress_relay_new (self->loading_progress, self->load_cancellable);

  first = g_ptr_array_index (job->requests, 0);
  g_free (self->loading_layer_title);
  self->loading_layer_title = g_strdup (first->title);
  gtk_progress_bar_set_fraction (self->loading_progress, 0);
  _ca_window_sync_loading (self);

  /* GDAL opens a file in one call that cannot be interrupted: on Cancel
   * the window stops waiting at once, and the thread's layers, when it
   * returns, are dropped. */
  task = g_task_new (NULL, self->load_cancellable, load_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, start_next_load);
  g_task_set_task_data (task, job, load_job_free);
  g_task_set_return_on_cancel (task, TRUE);
  ca_application_worker_started ();
  g_task_run_in_thread (task, load_thread);
}

static void
queue_sources (CaWindow  *self,
               GPtrArray *requests)
{
  g_queue_push_tail (&self->pending_sources, requests);
  start_next_load (self);
}

/**
 * _ca_window_open_source:
 * @source: a file, or a GDAL connection string
 * @title: (nullable): the layer's title; the file's name by default
 *
 * Loads every layer of @source in a worker thread and adds it to the map.
 */
void
_ca_window_open_source (CaWindow   *self,
                        const char *source,
                        const char *title)
{
  GPtrArray *requests = g_ptr_array_new_with_free_func (source_request_free);
  SourceRequest *request = g_new0 (SourceRequest, 1);

  request->source = g_strdup (source);
  /* A database is named by its account and server, never its password. */
  if (title != NULL)
    request->title = g_strdup (title);
  else if (ca_connection_is_postgres (source))
    request->title = ca_connection_describe (source);
  else
    request->title = g_path_get_basename (source);
  request->thematic = FALSE;
  g_ptr_array_add (requests, request);

  queue_sources (self, requests);
}

static void
load_shipped_layers (CaWindow *self)
{
  static const struct { const char *file; const char *title; const char *id; } shipped[] = {
    { "routes.geojson", N_("Corridor routes"), SHIPPED_ROUTES },
    { "nodes.geojson", N_("Corridor nodes"), SHIPPED_NODES },
    { "ports.geojson", N_("Seaports"), SHIPPED_PORTS },
  };
  GPtrArray *requests = g_ptr_array_new_with_free_func (source_request_free);
  g_autofree char *dir = data_dir ();

  for (guint i = 0; i < G_N_ELEMENTS (shipped); i++)
    {
      SourceRequest *request = g_new0 (SourceRequest, 1);

      request->source = g_build_filename (dir, "corridor", shipped[i].file, NULL);
      request->title = g_strdup (_(shipped[i].title));
      request->thematic = TRUE;
      request->shipped_id = shipped[i].id;
      g_ptr_array_add (requests, request);
    }

  queue_sources (self, requests);
}

/* Layers panel ---------------------------------------------------------- */

static void
zoom_to_bbox (CaWindow     *self,
              const CaBBox *bbox)
{
  ShumateViewport *viewport = shumate_map_get_viewport (self->map);
  double width = MAX (gtk_widget_get_width (GTK_WIDGET (self->map)), 100);
  double height = MAX (gtk_widget_get_height (GTK_WIDGET (self->map)), 100);
  double span_x = MAX (bbox->x_max - bbox->x_min, 1e-7);
  double span_y = MAX (bbox->y_max - bbox->y_min, 1e-7);
  /* Leave a tenth of the map free on each side. */
  double zoom = log2 (MIN (width / (span_x * CA_TILE_SIZE), height / (span_y * CA_TILE_SIZE)) * 0.8);

  zoom = CLAMP (zoom, shumate_viewport_get_min_zoom_level (viewport),
                MIN (shumate_viewport_get_max_zoom_level (viewport), 10));
  shumate_map_go_to_full (self->map,
                          ca_mercator_latitude_from_y ((bbox->y_min + bbox->y_max) / 2),
                          ca_mercator_longitude_from_x ((bbox->x_min + bbox->x_max) / 2),
                          zoom);
}

static void
on_zoom_to_layer_cb (GtkButton  *button,
                     CaMapLayer *layer)
{
  CaWindow *self = CA_WINDOW (gtk_widget_get_root (GTK_WIDGET (button)));
  CaBBox bbox;

  ca_vector_layer_get_bbox (ca_map_layer_get_vector (layer), &bbox);
  if (bbox.x_min <= bbox.x_max)
    zoom_to_bbox (self, &bbox);
}

static void
on_remove_layer_cb (GtkButton  *button,
                    CaMapLayer *layer)
{
  CaWindow *self = CA_WINDOW (gtk_widget_get_root (GTK_WIDGET (button)));
  guint position;

  if (g_list_store_find (self->layers, layer, &position))
    g_list_store_remove (self->layers, position);
}

static gboolean
rgba_to_color (GBinding     *binding,
               const GValue *from,
               GValue       *to,
               gpointer      data)
{
  g_value_set_boxed (to, g_value_get_boxed (from));
  return TRUE;
}

static GtkWidget *
create_layer_row (gpointer item,
                  gpointer user_data)
{
  CaMapLayer *layer = item;
  g_autofree char *summary = ca_map_layer_dup_summary (layer);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *visible = gtk_check_button_new ();
  GtkWidget *menu = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *opacity = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, 0, 1, 0.05);
  GtkWidget *color = gtk_color_button_new ();
  GtkWidget *width = gtk_spin_button_new_with_range (0.5, 12, 0.5);
  GtkWidget *zoom = gtk_button_new_with_mnemonic (_("_Zoom to Layer"));
  GtkWidget *remove = gtk_button_new_with_mnemonic (_("_Remove"));
  int y = 0;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ca_map_layer_get_title (layer));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), summary);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);

  gtk_widget_set_valign (visible, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (visible, _("Show on the map"));
  g_object_bind_property (layer, "visible", visible, "active", G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), visible);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), visible);

  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);

  gtk_grid_attach (GTK_GRID (grid), gtk_label_new (_("Opacity")), 0, y, 1, 1);
  gtk_widget_set_size_request (opacity, 140, -1);
  gtk_range_set_value (GTK_RANGE (opacity), ca_map_layer_get_opacity (layer));
  g_object_bind_property (gtk_range_get_adjustment (GTK_RANGE (opacity)), "value", layer, "opacity",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  gtk_grid_attach (GTK_GRID (grid), opacity, 1, y++, 1, 1);

  if (!ca_map_layer_get_thematic (layer))
    {
      gtk_grid_attach (GTK_GRID (grid), gtk_label_new (_("Colour")), 0, y, 1, 1);
      g_object_bind_property_full (layer, "color", color, "rgba",
                                   G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL,
                                   rgba_to_color, rgba_to_color, NULL, NULL);
      gtk_grid_attach (GTK_GRID (grid), color, 1, y++, 1, 1);

      gtk_grid_attach (GTK_GRID (grid), gtk_label_new (_("Width")), 0, y, 1, 1);
      g_object_bind_property (layer, "width", width, "value",
                              G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
      gtk_grid_attach (GTK_GRID (grid), width, 1, y++, 1, 1);
    }

  gtk_grid_attach (GTK_GRID (grid), zoom, 0, y++, 2, 1);
  gtk_grid_attach (GTK_GRID (grid), remove, 0, y++, 2, 1);
  gtk_widget_add_css_class (remove, "destructive-action");
  g_signal_connect_object (zoom, "clicked", G_CALLBACK (on_zoom_to_layer_cb), layer, 0);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (on_remove_layer_cb), layer, 0);

  gtk_popover_set_child (GTK_POPOVER (popover), grid);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (menu), popover);
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu), "view-more-symbolic");
  gtk_widget_set_tooltip_text (menu, _("Layer Style"));
  gtk_widget_set_valign (menu, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (menu, "flat");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), menu);

  return row;
}

/* Feature popover -------------------------------------------------------- */

static void
add_detail (GtkGrid    *grid,
            int        *row,
            const char *label,
            const char *value)
{
  GtkWidget *name;
  GtkWidget *text;

  if (value == NULL || value[0] == '\0')
    return;

  name = gtk_label_new (label);
  text = gtk_label_new (value);
  gtk_label_set_xalign (GTK_LABEL (name), 1);
  gtk_label_set_yalign (GTK_LABEL (name), 0);
  gtk_widget_add_css_class (name, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (text), 40);
  gtk_grid_attach (grid, name, 0, *row, 1, 1);
  gtk_grid_attach (grid, text, 1, (*row)++, 1, 1);
}

static char *
place_label (const char *code)
{
  const CaPlaceName *name = code != NULL ? ca_place_names_lookup (code) : NULL;

  if (name == NULL)
    return g_strdup (code);

  return g_strdup_printf ("%s · %s", name->name_zh, name->name_en);
}

static char *
routes_serving (CaWindow        *self,
                CaVectorLayer   *layer,
                const CaFeature *feature)
{
  CaMapLayer *routes = find_shipped (self, SHIPPED_ROUTES);
  CaVectorLayer *vector;
  g_autoptr(GArray) near = NULL;
  g_autoptr(GString) names = g_string_new (NULL);
  CaLanguage language = ca_language_from_locale ();

  if (routes == NULL || feature->kind != CA_GEOMETRY_POINT)
    return NULL;

  vector = ca_map_layer_get_vector (routes);
  near = ca_vector_layer_find_lines_near (vector, feature->lonlat[0], feature->lonlat[1], 5000);
  for (guint i = 0; i < near->len; i++)
    {
      const CaFeature *route = ca_vector_layer_get_feature (vector, g_array_index (near, guint, i));
      const char *name = ca_vector_layer_get_string (vector, route,
                                                     language == CA_LANGUAGE_CHINESE ? "name_zh" : "name_en");

      if (name == NULL)
        continue;
      if (names->len > 0)
        g_string_append (names, "\n");
      g_string_append (names, name);
    }

  return names->len > 0 ? g_strdup (names->str) : NULL;
}

static GtkWidget *
build_feature_details (CaWindow   *self,
                       CaMapLayer *layer,
                       int         index)
{
  CaVectorLayer *vector = ca_map_layer_get_vector (layer);
  const CaFeature *feature = ca_vector_layer_get_feature (vector, index);
  GtkWidget *grid = gtk_grid_new ();
  const char *zh = ca_vector_layer_get_string (vector, feature, "name_zh");
  const char *en = ca_vector_layer_get_string (vector, feature, "name_en");
  const char *published = NULL;
  g_autofree char *province = place_label (ca_vector_layer_get_string (vector, feature, "province"));
  g_autofree char *country = place_label (ca_vector_layer_get_string (vector, feature, "country"));
  g_autofree char *served = routes_serving (self, vector, feature);
  g_autofree char *length = NULL;
  int published_field = ca_vector_layer_find_field (vector, "length_km_published");
  int row = 0;

  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_widget_set_margin_start (grid, 6);
  gtk_widget_set_margin_end (grid, 6);
  gtk_widget_set_margin_top (grid, 6);
  gtk_widget_set_margin_bottom (grid, 6);

  add_detail (GTK_GRID (grid), &row, _("Name"), zh);
  add_detail (GTK_GRID (grid), &row, _("English name"), en);
  add_detail (GTK_GRID (grid), &row, _("Kind"), ca_vector_layer_get_string (vector, feature, "kind"));
  add_detail (GTK_GRID (grid), &row, _("Mode"), ca_vector_layer_get_string (vector, feature, "mode"));
  add_detail (GTK_GRID (grid), &row, _("Province"), province);
  add_detail (GTK_GRID (grid), &row, _("Country"), country);
  add_detail (GTK_GRID (grid), &row, _("Routes served"), served);

  if (feature->kind == CA_GEOMETRY_LINE)
    {
      if (published_field >= 0 && feature->values[published_field] != NULL)
        published = g_variant_print (feature->values[published_field], FALSE);
      /* translators: a route's length along its line, then its published length */
      length = published != NULL
        ? g_strdup_printf (_("%.0f km along the line (published: %s km)"),
                           ca_feature_get_length (feature) / 1000, published)
        : g_strdup_printf (_("%.0f km along the line"), ca_feature_get_length (feature) / 1000);
      add_detail (GTK_GRID (grid), &row, _("Length"), length);
      g_free ((char *)published);
    }

  add_detail (GTK_GRID (grid), &row, _("Source"), ca_vector_layer_get_string (vector, feature, "source"));

  /* Layers without our columns: show their own attributes. */
  if (zh == NULL && en == NULL)
    for (guint f = 0; f < ca_vector_layer_get_n_fields (vector) && row < 12; f++)
      {
        g_autofree char *value = NULL;
        GVariant *variant = feature->values[f];

        if (variant == NULL)
          continue;
        value = g_variant_is_of_type (variant, G_VARIANT_TYPE_STRING)
          ? g_variant_dup_string (variant, NULL) : g_variant_print (variant, FALSE);
        add_detail (GTK_GRID (grid), &row, ca_vector_layer_get_field (vector, f)->name, value);
      }

  add_detail (GTK_GRID (grid), &row, _("Layer"), ca_map_layer_get_title (layer));

  return grid;
}

static void
on_feature_activated_cb (CaWindow        *self,
                         CaMapLayer      *layer,
                         int              index,
                         double           x,
                         double           y,
                         CaVectorOverlay *overlay)
{
  GdkRectangle rect = { (int)x, (int)y, 1, 1 };

  g_clear_pointer (&self->feature_popover, gtk_widget_unparent);

  self->feature_popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (self->feature_popover),
                         build_feature_details (self, layer, index));
  /* The overlay lays out with a layout manager, which places popovers;
   * the map is its main child, at the same coordinates. */
  gtk_widget_set_parent (self->feature_popover, GTK_WIDGET (self->map_overlay));
  gtk_popover_set_pointing_to (GTK_POPOVER (self->feature_popover), &rect);
  gtk_popover_popup (GTK_POPOVER (self->feature_popover));
}

/* Search ---------------------------------------------------------------- */

static void
go_to_result (CaWindow             *self,
              const CaSearchResult *result)
{
  ca_vector_overlay_set_highlight (self->vector_overlay, NULL, -1);
  ca_vector_overlay_set_province (self->vector_overlay, NULL, NULL);

  if (result->kind == CA_SEARCH_FEATURE)
    {
      CaMapLayer *target = g_ptr_array_index (self->search_layers, result->layer);

      ca_map_layer_set_visible (target, TRUE);
      ca_vector_overlay_set_highlight (self->vector_overlay, target, result->feature);
      shumate_map_go_to_full (self->map, result->latitude, result->longitude, 8);
    }
  else
    {
      ca_vector_overlay_set_province (self->vector_overlay, self->basemap, result->code);
      if (result->bbox.x_min <= result->bbox.x_max)
        zoom_to_bbox (self, &result->bbox);
      else
        shumate_map_go_to_full (self->map, result->latitude, result->longitude, 6);
    }
}

static void
on_search_result_activated_cb (CaWindow      *self,
                               GtkListBoxRow *row,
                               GtkListBox    *list)
{
  int index = gtk_list_box_row_get_index (row);

  if (self->search_hits == NULL || index < 0 || (guint)index >= self->search_hits->len)
    return;

  go_to_result (self, g_ptr_array_index (self->search_hits, index));
  gtk_widget_set_visible (self->search_results_box, FALSE);
}

static void
on_search_changed_cb (CaWindow       *self,
                      GtkSearchEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  const char *searched[] = { SHIPPED_NODES, SHIPPED_PORTS };
  CaVectorLayer *layers[G_N_ELEMENTS (searched)];
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->search_results))) != NULL)
    gtk_list_box_remove (self->search_results, child);
  g_clear_pointer (&self->search_hits, g_ptr_array_unref);

  if (text[0] == '\0')
    {
      gtk_widget_set_visible (self->search_results_box, FALSE);
      return;
    }

  /* The layers searched, in the order results refer to them. */
  g_ptr_array_set_size (self->search_layers, 0);
  for (guint i = 0; i < G_N_ELEMENTS (searched); i++)
    {
      CaMapLayer *layer = find_shipped (self, searched[i]);

      if (layer == NULL)
        continue;
      layers[self->search_layers->len] = ca_map_layer_get_vector (layer);
      g_ptr_array_add (self->search_layers, g_object_ref (layer));
    }

  self->search_hits = ca_search (text, layers, self->search_layers->len, self->basemap,
                                 ca_language_from_locale (), 12);

  for (guint i = 0; i < self->search_hits->len; i++)
    {
      const CaSearchResult *result = g_ptr_array_index (self->search_hits, i);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), result->title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), result->subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_list_box_append (self->search_results, row);
    }

  if (self->search_hits->len == 0)
    {
      GtkWidget *none = gtk_label_new (_("No places found"));

      gtk_widget_add_css_class (none, "dim-label");
      gtk_widget_set_margin_top (none, 12);
      gtk_widget_set_margin_bottom (none, 12);
      gtk_list_box_append (self->search_results, none);
    }

  gtk_widget_set_visible (self->search_results_box, TRUE);
}

static void
on_search_activate_cb (CaWindow       *self,
                       GtkSearchEntry *entry)
{
  if (self->search_hits != NULL && self->search_hits->len > 0)
    {
      go_to_result (self, g_ptr_array_index (self->search_hits, 0));
      gtk_widget_set_visible (self->search_results_box, FALSE);
    }
}

static void
on_stop_search_cb (CaWindow       *self,
                   GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_widget_set_visible (self->search_results_box, FALSE);
}

/* Open, drop, database --------------------------------------------------- */

static void
on_open_response_cb (CaWindow             *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          g_autofree char *path = g_file_get_path (file);

          if (path != NULL)
            _ca_window_open_source (self, path, NULL);
        }
    }

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_object_unref (chooser);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  CaWindow *self = (CaWindow *)widget;
  GtkFileChooserNative *chooser;
  GtkFileFilter *vector = gtk_file_filter_new ();
  GtkFileFilter *all = gtk_file_filter_new ();
  static const char *patterns[] = {
    "*.geojson", "*.json", "*.gpkg", "*.shp", "*.kml", "*.kmz", "*.gpx", "*.fgb",
    "*.csv", "*.gml", "*.sqlite", "*.tab", "*.mif", "*.zip",
  };

  chooser = gtk_file_chooser_native_new (_("Open Vector Data"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);

  gtk_file_filter_set_name (vector, _("Vector data"));
  for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
    gtk_file_filter_add_pattern (vector, patterns[i]);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), vector);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);

  g_signal_connect_object (chooser, "response", G_CALLBACK (on_open_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
cancel_load_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  CaWindow *self = (CaWindow *)widget;

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  if (self->trade_cancellable != NULL)
    g_cancellable_cancel (self->trade_cancellable);
}

/* Database passwords ----------------------------------------------------- */

/* A group of sources waits at the head of the queue while its database
 * password is completed; these mark, by the group, that the keyring was
 * already asked (so it loads as it is now), or that the server refused and
 * the user is to be asked. */
#define PASSWORD_DONE_KEY "ca-password-done"
#define PASSWORD_ASK_KEY  "ca-password-ask"

typedef struct
{
  CaWindow      *self;
  GPtrArray     *requests;
  SourceRequest *request;   /* in requests */
} PasswordWait;

static void
password_completed_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  PasswordWait *wait = user_data;
  g_autoptr(CaWindow) self = wait->self;
  g_autoptr(GPtrArray) requests = wait->requests;
  SourceRequest *request = wait->request;
  g_autoptr(GError) error = NULL;
  g_autofree char *source = ca_password_store_complete_finish (result, &error);
  gboolean at_head = g_queue_peek_head (&self->pending_sources) == requests;

  g_free (wait);
  g_clear_object (&self->load_cancellable);

  if (source != NULL && at_head)
    {
      g_free (request->source);
      request->source = g_steal_pointer (&source);
      g_object_set_data (G_OBJECT (self), PASSWORD_DONE_KEY, requests);
    }
  else if (source == NULL)
    {
      if (at_head)
        g_ptr_array_unref (g_queue_pop_head (&self->pending_sources));
      /* A declined password leaves the layer out, like any unreadable one. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _ca_window_show_toast (self, _("Loading cancelled; the map is as it was."));
      else
        _ca_window_show_toast (self, error->message);
    }

  start_next_load (self);
}

/* Looks up, or asks for, the password of the first database in @requests
 * that needs one.  Returns whether the queue is to wait for it. */
static gboolean
complete_password (CaWindow  *self,
                   GPtrArray *requests)
{
  gboolean ask = g_object_get_data (G_OBJECT (self), PASSWORD_ASK_KEY) == requests;
  PasswordWait *wait;

  if (g_object_get_data (G_OBJECT (self), PASSWORD_DONE_KEY) == requests)
    {
      g_object_set_data (G_OBJECT (self), PASSWORD_DONE_KEY, NULL);
      return FALSE;
    }
  g_object_set_data (G_OBJECT (self), PASSWORD_ASK_KEY, NULL);

  for (guint i = 0; i < requests->len; i++)
    {
      SourceRequest *request = g_ptr_array_index (requests, i);

      if (!ca_connection_is_postgres (request->source) ||
          (!ask && ca_connection_has_password (request->source)))
        continue;

      /* Cancel, or closing the window, stops the wait as it stops a load. */
      self->load_cancellable = g_cancellable_new ();
      g_signal_connect_object (self->cancellable, "cancelled", G_CALLBACK (g_cancellable_cancel),
                               self->load_cancellable, G_CONNECT_SWAPPED);
      wait = g_new0 (PasswordWait, 1);
      wait->self = g_object_ref (self);
      wait->requests = g_ptr_array_ref (requests);
      wait->request = request;
      ca_password_store_complete_async (GTK_WINDOW (self), request->source, ask, self->load_cancellable,
                                        password_completed_cb, wait);
      return TRUE;
    }

  return FALSE;
}

/* When the server refused the password (or wanted one), the same sources
 * go back to the head of the queue, to ask the user. */
static gboolean
retry_with_password (CaWindow     *self,
                     GPtrArray    *requests,
                     const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      !ca_connection_is_auth_error (error->message))
    return FALSE;

  for (guint i = 0; i < requests->len; i++)
    {
      SourceRequest *request = g_ptr_array_index (requests, i);

      if (ca_connection_is_postgres (request->source))
        {
          g_queue_push_head (&self->pending_sources, g_ptr_array_ref (requests));
          g_object_set_data (G_OBJECT (self), PASSWORD_ASK_KEY, requests);
          return TRUE;
        }
    }

  return FALSE;
}

static char *
quote_value (const char *value)
{
  GString *quoted = g_string_new ("'");

  /* libpq reads a backslash as an escape, inside quotes too. */
  for (const char *c = value; *c != '\0'; c++)
    {
      if (*c == '\'' || *c == '\\')
        g_string_append_c (quoted, '\\');
      g_string_append_c (quoted, *c);
    }
  g_string_append_c (quoted, '\'');

  return g_string_free (quoted, FALSE);
}

static void
on_database_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         CaWindow         *self)
{
  GtkWidget *box = adw_message_dialog_get_extra_child (dialog);
  AdwEntryRow *host = g_object_get_data (G_OBJECT (box), "host");
  AdwEntryRow *port = g_object_get_data (G_OBJECT (box), "port");
  AdwEntryRow *database = g_object_get_data (G_OBJECT (box), "database");
  AdwEntryRow *user = g_object_get_data (G_OBJECT (box), "user");
  AdwEntryRow *password = g_object_get_data (G_OBJECT (box), "password");
  AdwEntryRow *table = g_object_get_data (G_OBJECT (box), "table");
  GtkSwitch *remember = g_object_get_data (G_OBJECT (box), "remember");
  g_autoptr(GString) connection = NULL;
  g_autofree char *with_password = NULL;
  const char *password_text = gtk_editable_get_text (GTK_EDITABLE (password));
  const char *table_name;

  if (!g_str_equal (response, "open"))
    return;

  /* Each value is quoted, so spaces and quotes in it stay inside it. */
  connection = g_string_new ("PG:");
  {
    const struct { const char *key; AdwEntryRow *row; } parts[] = {
      { "host", host }, { "port", port }, { "dbname", database }, { "user", user },
    };

    for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
      {
        const char *value = gtk_editable_get_text (GTK_EDITABLE (parts[i].row));
        g_autofree char *quoted = NULL;

        if (value[0] == '\0')
          continue;
        quoted = quote_value (value);
        g_string_append_printf (connection, "%s%s=%s", connection->len > 3 ? " " : "", parts[i].key, quoted);
      }
  }

  /* No password: the keyring's, or the user is asked if the server wants
   * one.  A password typed with Remember on goes to the keyring. */
  if (password_text[0] != '\0')
    {
      with_password = ca_connection_set_password (connection->str, password_text);
      g_string_assign (connection, with_password);
      if (gtk_switch_get_active (remember))
        ca_password_store_remember (connection->str);
    }

  table_name = gtk_editable_get_text (GTK_EDITABLE (table));
  if (table_name[0] != '\0')
    g_string_append_printf (connection, " tables=%s", table_name);

  if (g_object_get_data (G_OBJECT (dialog), "for-trade") != NULL)
    _ca_window_open_trade (self, connection->str, FALSE);
  else
    _ca_window_open_source (self, connection->str,
                            table_name[0] != '\0' ? table_name : gtk_editable_get_text (GTK_EDITABLE (database)));
}

static AdwEntryRow *
add_entry_row (GtkWidget  *list,
               const char *title,
               const char *text,
               gboolean    secret)
{
  GtkWidget *row = secret ? adw_password_entry_row_new () : adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  gtk_list_box_append (GTK_LIST_BOX (list), row);

  return ADW_ENTRY_ROW (row);
}

/**
 * _ca_window_show_database_dialog:
 * @for_trade: whether the table holds trade records (else a map layer)
 *
 * Asks for a PostgreSQL connection and a table, then loads it.
 */
void
_ca_window_show_database_dialog (CaWindow *self,
                                 gboolean  for_trade)
{
  GtkWidget *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *remember = NULL;

  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   for_trade ? _("Open Trade Records from PostgreSQL") : _("Add a PostGIS Table"),
                                   _("With Remember Password on, the password is kept in your keyring. "
                                     "It is never written into projects. Leave it empty to use the one "
                                     "in your keyring."));
  if (for_trade)
    g_object_set_data (G_OBJECT (dialog), "for-trade", GINT_TO_POINTER (TRUE));
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_box_append (GTK_BOX (box), list);

  g_object_set_data (G_OBJECT (box), "host", add_entry_row (list, _("Host"), "localhost", FALSE));
  g_object_set_data (G_OBJECT (box), "port", add_entry_row (list, _("Port"), "5432", FALSE));
  g_object_set_data (G_OBJECT (box), "database", add_entry_row (list, _("Database"), "", FALSE));
  g_object_set_data (G_OBJECT (box), "user", add_entry_row (list, _("User"), g_get_user_name (), FALSE));
  g_object_set_data (G_OBJECT (box), "password", add_entry_row (list, _("Password"), "", TRUE));
  ca_password_store_add_remember_row (list, &remember);
  g_object_set_data (G_OBJECT (box), "remember", remember);
  g_object_set_data (G_OBJECT (box), "table", add_entry_row (list, _("Table"), "", FALSE));

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "open", _("_Add Layer"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "open", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "open");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_database_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_database_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  _ca_window_show_database_dialog (CA_WINDOW (widget), FALSE);
}

static gboolean
on_drop_cb (GtkDropTarget *target,
            const GValue  *value,
            double         x,
            double         y,
            CaWindow      *self)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  files = g_value_get_boxed (value);
  for (GSList *l = files; l != NULL; l = l->next)
    {
      g_autofree char *path = g_file_get_path (l->data);

      if (path != NULL)
        _ca_window_open_source (self, path, NULL);
    }

  return files != NULL;
}

static void
toggle_layers_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  CaWindow *self = (CaWindow *)widget;

  adw_flap_set_reveal_flap (self->flap, !adw_flap_get_reveal_flap (self->flap));
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  CaWindow *self = (CaWindow *)widget;

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
_ca_window_class_layers_init (CaWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-database", NULL, open_database_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-load", NULL, cancel_load_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-layers", NULL, toggle_layers_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, focus_search_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-layers", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
}

void
_ca_window_layers_init (CaWindow *self)
{
  GtkDropTarget *drop;

  self->layers = g_list_store_new (CA_TYPE_MAP_LAYER);
  self->search_layers = g_ptr_array_new_with_free_func (g_object_unref);
  g_queue_init (&self->pending_sources);

  self->vector_overlay = ca_vector_overlay_new (shumate_map_get_viewport (self->map),
                                                G_LIST_MODEL (self->layers));
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->vector_overlay));
  ca_vector_overlay_track_pointer (self->vector_overlay, GTK_WIDGET (self->map));
  g_signal_connect_object (self->vector_overlay, "feature-activated",
                           G_CALLBACK (on_feature_activated_cb), self, G_CONNECT_SWAPPED);

  gtk_list_box_bind_model (self->layers_list, G_LIST_MODEL (self->layers),
                           create_layer_row, self, NULL);

  g_signal_connect_object (self->search_results, "row-activated",
                           G_CALLBACK (on_search_result_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "search-changed",
                           G_CALLBACK (on_search_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "activate",
                           G_CALLBACK (on_search_activate_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "stop-search",
                           G_CALLBACK (on_stop_search_cb), self, G_CONNECT_SWAPPED);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (drop, "drop", G_CALLBACK (on_drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->map), GTK_EVENT_CONTROLLER (drop));

  load_shipped_layers (self);
}

void
_ca_window_layers_dispose (CaWindow *self)
{
  GPtrArray *requests;

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  while ((requests = g_queue_pop_head (&self->pending_sources)) != NULL)
    g_ptr_array_unref (requests);

  g_clear_pointer (&self->feature_popover, gtk_widget_unparent);
  g_clear_pointer (&self->search_hits, g_ptr_array_unref);
  g_clear_pointer (&self->search_layers, g_ptr_array_unref);
  g_clear_object (&self->layers);
  self->vector_overlay = NULL;
}
