/* ca-export-dialog.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ca-export-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "ca-application.h"
#include "ca-export-dialog-private.h"
#include "ca-figure-export.h"
#include "ca-window-private.h"
#include "ca-worker-priority.h"

/* The Export dialog: the figure the planner composed on screen (its
 * layers and styles, the statistics panel's filters and flows, the
 * basemap and palette) on a page, with a live preview drawn small in a
 * worker thread, and the export itself in another, with progress and
 * Cancel.  The figure is built on the main thread from the window's
 * state; the threads only draw it.  The last settings live in GSettings.
 */

/* The preview's longer side, in pixels, and how long the settings must
 * stay still before it is drawn. */
#define PREVIEW_SIZE       720
#define PREVIEW_DELAY_MS   200

G_DEFINE_FINAL_TYPE (CaExportDialog, ca_export_dialog, ADW_TYPE_WINDOW)

static const char *const format_ids[] = { "png", "pdf", "svg" };
static const char *const page_ids[] = { "a4", "a3", "slide", "custom" };
static const char *const unit_ids[] = { "mm", "px" };
static const char *const extent_ids[] = { "view", "layers" };

static guint
index_of (const char *const *ids,
          guint              n,
          const char        *id)
{
  for (guint i = 0; i < n; i++)
    if (g_str_equal (ids[i], id))
      return i;

  return 0;
}

static CaFigureFormat
get_format (CaExportDialog *self)
{
  return (CaFigureFormat)MIN (adw_combo_row_get_selected (self->format_row), 2);
}

static char *
dup_entry_text (AdwEntryRow *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  return text[0] != '\0' ? g_steal_pointer (&text) : NULL;
}

/* Settings */

static void
restore_settings (CaExportDialog *self)
{
  GSettings *s = self->settings;
  g_autofree char *format = g_settings_get_string (s, "export-format");
  g_autofree char *page = g_settings_get_string (s, "export-page");
  g_autofree char *unit = g_settings_get_string (s, "export-size-unit");
  g_autofree char *extent = g_settings_get_string (s, "export-extent");
  g_autofree char *title = g_settings_get_string (s, "export-title");
  g_autofree char *subtitle = g_settings_get_string (s, "export-subtitle");
  g_autofree char *source = g_settings_get_string (s, "export-source");
  g_autofree char *basemap = g_settings_get_string (self->window->settings, "basemap");

  self->restoring = TRUE;
  adw_combo_row_set_selected (self->format_row, index_of (format_ids, G_N_ELEMENTS (format_ids), format));
  adw_combo_row_set_selected (self->page_row, index_of (page_ids, G_N_ELEMENTS (page_ids), page));
  adw_combo_row_set_selected (self->unit_row, index_of (unit_ids, G_N_ELEMENTS (unit_ids), unit));
  adw_combo_row_set_selected (self->extent_row, index_of (extent_ids, G_N_ELEMENTS (extent_ids), extent));
  /* The basemap is the window's, not remembered: the figure shows what
   * the screen shows. */
  adw_combo_row_set_selected (self->basemap_row, g_str_equal (basemap, "osm") ? 1 : 0);
  gtk_switch_set_active (self->landscape_switch, g_settings_get_boolean (s, "export-landscape"));
  gtk_spin_button_set_value (self->width_spin, g_settings_get_double (s, "export-width"));
  gtk_spin_button_set_value (self->height_spin, g_settings_get_double (s, "export-height"));
  gtk_spin_button_set_value (self->dpi_spin, g_settings_get_int (s, "export-dpi"));

  if (title[0] == '\0')
    {
      /* The figure's own default: the corridor's name, in the figure's
       * language. */
      g_autoptr(CaFigure) figure = ca_figure_new (NULL);

      g_free (title);
      title = ca_figure_dup_title (figure);
    }
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), title);
  gtk_editable_set_text (GTK_EDITABLE (self->subtitle_row), subtitle);
  gtk_editable_set_text (GTK_EDITABLE (self->source_row), source);

  gtk_switch_set_active (self->legend_switch, g_settings_get_boolean (s, "export-legend"));
  gtk_switch_set_active (self->scale_bar_switch, g_settings_get_boolean (s, "export-scale-bar"));
  gtk_switch_set_active (self->north_arrow_switch, g_settings_get_boolean (s, "export-north-arrow"));
  gtk_switch_set_active (self->attribution_switch, g_settings_get_boolean (s, "export-attribution"));
  self->restoring = FALSE;
}

static void
save_settings (CaExportDialog *self)
{
  GSettings *s = self->settings;
  g_autofree char *title = dup_entry_text (self->title_row);
  g_autofree char *subtitle = dup_entry_text (self->subtitle_row);
  g_autofree char *source = dup_entry_text (self->source_row);

  g_settings_delay (s);
  g_settings_set_string (s, "export-format", format_ids[get_format (self)]);
  g_settings_set_string (s, "export-page", page_ids[MIN (adw_combo_row_get_selected (self->page_row), 3)]);
  g_settings_set_string (s, "export-size-unit",
                         unit_ids[MIN (adw_combo_row_get_selected (self->unit_row), 1)]);
  g_settings_set_string (s, "export-extent",
                         extent_ids[MIN (adw_combo_row_get_selected (self->extent_row), 1)]);
  g_settings_set_boolean (s, "export-landscape", gtk_switch_get_active (self->landscape_switch));
  g_settings_set_double (s, "export-width", gtk_spin_button_get_value (self->width_spin));
  g_settings_set_double (s, "export-height", gtk_spin_button_get_value (self->height_spin));
  g_settings_set_int (s, "export-dpi", gtk_spin_button_get_value_as_int (self->dpi_spin));
  g_settings_set_string (s, "export-title", title != NULL ? title : "");
  g_settings_set_string (s, "export-subtitle", subtitle != NULL ? subtitle : "");
  g_settings_set_string (s, "export-source", source != NULL ? source : "");
  g_settings_set_boolean (s, "export-legend", gtk_switch_get_active (self->legend_switch));
  g_settings_set_boolean (s, "export-scale-bar", gtk_switch_get_active (self->scale_bar_switch));
  g_settings_set_boolean (s, "export-north-arrow", gtk_switch_get_active (self->north_arrow_switch));
  g_settings_set_boolean (s, "export-attribution", gtk_switch_get_active (self->attribution_switch));
  g_settings_apply (s);
}

/* The figure */

/* The map's visible box, in degrees; FALSE before it has a size. */
static gboolean
get_view_bbox (CaExportDialog *self,
               double         *west,
               double         *south,
               double         *east,
               double         *north)
{
  GtkWidget *map = GTK_WIDGET (self->window->map);
  ShumateViewport *viewport = shumate_map_get_viewport (self->window->map);
  int width = gtk_widget_get_width (map), height = gtk_widget_get_height (map);

  if (width <= 1 || height <= 1)
    return FALSE;

  shumate_viewport_widget_coords_to_location (viewport, map, 0, 0, north, west);
  shumate_viewport_widget_coords_to_location (viewport, map, width, height, south, east);

  return *north > *south;
}

/* The box of the visible layers, in degrees. */
static gboolean
get_layers_bbox (CaExportDialog *self,
                 double         *west,
                 double         *south,
                 double         *east,
                 double         *north)
{
  GListModel *layers = _ca_window_get_layers (self->window);
  CaBBox all = { 1, 1, 0, 0 };

  for (guint i = 0; i < g_list_model_get_n_items (layers); i++)
    {
      g_autoptr(CaMapLayer) layer = g_list_model_get_item (layers, i);
      CaBBox bbox;

      if (!ca_map_layer_get_visible (layer))
        continue;
      ca_vector_layer_get_bbox (ca_map_layer_get_vector (layer), &bbox);
      if (bbox.x_min > bbox.x_max)
        continue;
      if (all.x_min > all.x_max)
        all = bbox;
      else
        {
          all.x_min = MIN (all.x_min, bbox.x_min);
          all.y_min = MIN (all.y_min, bbox.y_min);
          all.x_max = MAX (all.x_max, bbox.x_max);
          all.y_max = MAX (all.y_max, bbox.y_max);
        }
    }

  if (all.x_min > all.x_max)
    return FALSE;

  *west = ca_mercator_longitude_from_x (all.x_min);
  *east = ca_mercator_longitude_from_x (all.x_max);
  *north = ca_mercator_latitude_from_y (all.y_min);
  *south = ca_mercator_latitude_from_y (all.y_max);

  return *east > *west && *north > *south;
}

static void
fill_options (CaExportDialog  *self,
              CaFigureOptions *options)
{
  CaWindow *window = self->window;
  ShumateViewport *viewport = shumate_map_get_viewport (window->map);
  guint page = adw_combo_row_get_selected (self->page_row);
  gboolean px = adw_combo_row_get_selected (self->unit_row) == 1;
  CaFlowStyle style;
  double w, s, e, n;

  ca_figure_options_init (options);

  switch (page)
    {
    case 1:
      options->page = CA_PAGE_A3;
      break;
    case 2:
      options->page = CA_PAGE_SLIDE;
      break;
    case 3:
      options->page = px ? CA_PAGE_CUSTOM_PX : CA_PAGE_CUSTOM_MM;
      break;
    case 0:
    default:
      options->page = CA_PAGE_A4;
      break;
    }
  /* Orientation is for ISO pages; the slide and custom sizes are as
   * given (a landscape flag would turn a tall custom page). */
  options->landscape = page <= 1 && gtk_switch_get_active (self->landscape_switch);
  options->page_width = gtk_spin_button_get_value (self->width_spin);
  options->page_height = gtk_spin_button_get_value (self->height_spin);
  options->dpi = CLAMP (gtk_spin_button_get_value (self->dpi_spin), CA_FIGURE_MIN_DPI, CA_FIGURE_MAX_DPI);

  options->longitude = shumate_location_get_longitude (SHUMATE_LOCATION (viewport));
  options->latitude = shumate_location_get_latitude (SHUMATE_LOCATION (viewport));
  options->zoom = shumate_viewport_get_zoom_level (viewport);
  options->fit_bbox = FALSE;
  if ((adw_combo_row_get_selected (self->extent_row) == 1 && get_layers_bbox (self, &w, &s, &e, &n)) ||
      get_view_bbox (self, &w, &s, &e, &n))
    {
      options->fit_bbox = TRUE;
      options->west = w;
      options->south = s;
      options->east = e;
      options->north = n;
    }

  options->title = dup_entry_text (self->title_row);
  options->subtitle = dup_entry_text (self->subtitle_row);
  options->source_note = dup_entry_text (self->source_row);
  options->legend = gtk_switch_get_active (self->legend_switch);
  options->scale_bar = gtk_switch_get_active (self->scale_bar_switch);
  options->imperial = g_settings_get_enum (self->settings, "units") == 1;
  options->north_arrow = gtk_switch_get_active (self->north_arrow_switch);
  options->attribution = gtk_switch_get_active (self->attribution_switch);
  options->basemap = adw_combo_row_get_selected (self->basemap_row) == 1 ? CA_FIGURE_BASEMAP_OSM
                                                                          : CA_FIGURE_BASEMAP_OFFLINE;
  options->palette = ca_basemap_source_get_style (window->offline_source);

  /* Which layers draw comes from the layers panel (ca_figure_add_layer);
   * the flows from the statistics panel. */
  options->layers = CA_FIGURE_LAYER_BASEMAP;
  ca_flow_style_init (&style);
  if (ca_stats_panel_get_flow_style (window->stats_panel, &style))
    options->layers |= CA_FIGURE_LAYER_FLOWS;
}

/**
 * _ca_export_dialog_build_figure:
 *
 * Returns: (transfer full): the figure the settings and the window give
 */
CaFigure *
_ca_export_dialog_build_figure (CaExportDialog *self)
{
  CaWindow *window = self->window;
  GListModel *layers = _ca_window_get_layers (window);
  CaTradeCube *cube = ca_stats_panel_get_cube (window->stats_panel);
  CaFigureOptions options;
  CaTradeFilter filter;
  CaFlowStyle style;
  CaFigure *figure;

  fill_options (self, &options);
  figure = ca_figure_new (&options);
  ca_figure_options_clear (&options);

  if (window->basemap != NULL)
    ca_figure_set_basemap (figure, window->basemap);
  ca_figure_set_corridor (figure,
                          _ca_window_get_shipped_vector (window, "corridor-routes"),
                          _ca_window_get_shipped_vector (window, "corridor-nodes"),
                          _ca_window_get_shipped_vector (window, "corridor-ports"));

  if (cube != NULL && ca_stats_panel_get_filter (window->stats_panel, &filter))
    {
      ca_figure_set_trade (figure, cube, window->trade_illustrative);
      ca_figure_set_trade_filter (figure, &filter);
      /* The overlay's style holds the panel's choices and the province
       * clicked on the map. */
      ca_flow_overlay_get_style (window->flow_overlay, &style);
      ca_figure_set_flow_style (figure, &style);
    }

  /* Every visible layer, bottom to top, as the layers panel stacks them. */
  for (guint i = 0; i < g_list_model_get_n_items (layers); i++)
    {
      g_autoptr(CaMapLayer) layer = g_list_model_get_item (layers, i);
      const GdkRGBA *color = ca_map_layer_get_color (layer);
      CaVectorStyle vector_style;

      if (!ca_map_layer_get_visible (layer))
        continue;

      ca_vector_style_init (&vector_style);
      vector_style.color = (CaRgb) { color->red, color->green, color->blue };
      vector_style.width = ca_map_layer_get_width (layer);
      vector_style.opacity = ca_map_layer_get_opacity (layer);
      vector_style.thematic = ca_map_layer_get_thematic (layer);
      vector_style.show_labels = TRUE;
      ca_figure_add_layer (figure, ca_map_layer_get_vector (layer), &vector_style,
                           ca_map_layer_get_title (layer));
    }

  return figure;
}

static void
update_size_label (CaExportDialog *self,
                   CaFigure       *figure)
{
  g_autofree char *text = NULL;
  double w, h;
  int width, height;

  ca_figure_get_page_size (figure, &w, &h);
  ca_figure_get_pixel_size (figure, &width, &height);

  if (get_format (self) == CA_FIGURE_FORMAT_PNG)
    /* translators: the size of a PNG: pixels and resolution */
    text = g_strdup_printf (_("%d × %d px at %.0f dpi"), width, height,
                            ca_figure_get_options (figure)->dpi);
  else
    /* translators: the page of a PDF or SVG, in millimetres */
    text = g_strdup_printf (_("%.0f × %.0f mm, vector"), w * 25.4 / 72, h * 25.4 / 72);

  if (ca_figure_get_options (figure)->basemap == CA_FIGURE_BASEMAP_OSM)
    {
      g_autofree char *with = g_strdup_printf ("%s · %s", text,
                                               _("OpenStreetMap tiles are fetched on export"));

      g_free (text);
      text = g_steal_pointer (&with);
    }

  gtk_label_set_label (self->size_label, text);
}

/* Preview */

typedef struct
{
  CaFigure *figure;
  int       width;
  int       height;
  double    scale;
  guint     generation;
  double    seconds;
} PreviewJob;

static void
preview_job_free (gpointer data)
{
  PreviewJob *job = data;

  g_clear_object (&job->figure);
  g_free (job);
}

static void
preview_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  PreviewJob *job = task_data;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, job->width, job->height);
  cairo_t *cr = cairo_create (surface);
  gboolean ok;

  cairo_scale (cr, job->scale, job->scale);
  ok = ca_figure_draw (job->figure, cr, cancellable, &error);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  job->seconds = (g_get_monotonic_time () - start) / 1e6;

  if (!ok)
    {
      cairo_surface_destroy (surface);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  {
    int stride = cairo_image_surface_get_stride (surface);
    GBytes *bytes = g_bytes_new (cairo_image_surface_get_data (surface), (gsize)stride * job->height);

    cairo_surface_destroy (surface);
    g_task_return_pointer (task, bytes, (GDestroyNotify)g_bytes_unref);
  }
}

static void
preview_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CaExportDialog *self = CA_EXPORT_DIALOG (object);
  PreviewJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr(GdkTexture) texture = NULL;

  ca_application_worker_finished ();
  if (self->window == NULL || job->generation != self->preview_generation)
    return;

  gtk_spinner_set_spinning (self->preview_spinner, FALSE);
  if (bytes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Preview failed: %s", error->message);
      return;
    }

  self->preview_seconds = job->seconds;
  g_debug ("Preview of %d × %d px drawn in %.0f ms", job->width, job->height, job->seconds * 1000);
  texture = gdk_memory_texture_new (job->width, job->height, GDK_MEMORY_DEFAULT, bytes,
                                    (gsize)cairo_format_stride_for_width (CAIRO_FORMAT_ARGB32, job->width));
  gtk_picture_set_paintable (self->preview_picture, GDK_PAINTABLE (texture));
}

static void
start_preview (CaExportDialog *self)
{
  g_autoptr(GTask) task = NULL;
  PreviewJob *job;
  double w, h;

  if (self->preview_cancellable != NULL)
    g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);
  self->preview_cancellable = g_cancellable_new ();

  job = g_new0 (PreviewJob, 1);
  job->figure = _ca_export_dialog_build_figure (self);
  job->generation = ++self->preview_generation;
  update_size_label (self, job->figure);

  /* The same page in points, drawn small: the layout is the export's. */
  ca_figure_get_page_size (job->figure, &w, &h);
  job->scale = PREVIEW_SIZE * gtk_widget_get_scale_factor (GTK_WIDGET (self)) / MAX (w, h);
  job->width = MAX (1, (int)ceil (w * job->scale));
  job->height = MAX (1, (int)ceil (h * job->scale));

  gtk_spinner_set_spinning (self->preview_spinner, TRUE);
  task = g_task_new (self, self->preview_cancellable, preview_done_cb, NULL);
  g_task_set_source_tag (task, start_preview);
  g_task_set_task_data (task, job, preview_job_free);
  ca_application_worker_started ();
  g_task_run_in_thread (task, preview_thread);
}

static gboolean
preview_timeout_cb (gpointer user_data)
{
  CaExportDialog *self = user_data;

  self->preview_timeout = 0;
  if (self->window != NULL)
    start_preview (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_preview (CaExportDialog *self)
{
  if (self->restoring || self->window == NULL)
    return;

  g_clear_handle_id (&self->preview_timeout, g_source_remove);
  self->preview_timeout = g_timeout_add (PREVIEW_DELAY_MS, preview_timeout_cb, self);
}

static void
sync_rows (CaExportDialog *self)
{
  guint page = adw_combo_row_get_selected (self->page_row);

  gtk_widget_set_visible (self->landscape_row, page <= 1);
  gtk_widget_set_visible (GTK_WIDGET (self->unit_row), page == 3);
  gtk_widget_set_visible (self->width_row, page == 3);
  gtk_widget_set_visible (self->height_row, page == 3);
}

static void
on_setting_changed_cb (CaExportDialog *self)
{
  sync_rows (self);
  schedule_preview (self);
}

/* A custom size keeps its physical size when its unit changes. */
static void
on_unit_changed_cb (CaExportDialog *self)
{
  double dpi = gtk_spin_button_get_value (self->dpi_spin);
  double factor = adw_combo_row_get_selected (self->unit_row) == 1 ? dpi / 25.4 : 25.4 / dpi;

  if (!self->restoring)
    {
      double width = gtk_spin_button_get_value (self->width_spin);
      double height = gtk_spin_button_get_value (self->height_spin);

      gtk_spin_button_set_value (self->width_spin, round (width * factor));
      gtk_spin_button_set_value (self->height_spin, round (height * factor));
    }
  on_setting_changed_cb (self);
}

/* Export */

typedef struct
{
  CaExportDialog *dialog;     /* owned, released on the main thread */
  GCancellable   *cancellable;
  CaFigure       *figure;
  char           *path;
  CaFigureFormat  format;
  gboolean        fetch_tiles;
  double          base;       /* where the export starts on the bar, after any tiles */
  double          span;
  double          shown;      /* the last fraction sent to the bar */
  int             stage;      /* the last stage sent, or -1 */
  gint64          start;
} ExportJob;

static gboolean
unref_cb (gpointer object)
{
  g_object_unref (object);
  return G_SOURCE_REMOVE;
}

/* Called once the export thread has returned, on whichever thread let
 * go of the task last: after a cancel, the worker's. */
static void
export_job_free (gpointer data)
{
  ExportJob *job = data;

  /* A window's last reference goes on the main thread only. */
  g_main_context_invoke (NULL, unref_cb, job->dialog);
  ca_application_worker_finished_on (NULL);
  g_clear_object (&job->cancellable);
  g_clear_object (&job->figure);
  g_free (job->path);
  g_free (job);
}

typedef struct
{
  CaExportDialog *dialog;
  GCancellable   *cancellable;
  CaFigureStage   stage;
  double          fraction;
  char           *name;
} ProgressUpdate;

static void
progress_update_free (gpointer data)
{
  ProgressUpdate *update = data;

  g_object_unref (update->dialog);
  g_object_unref (update->cancellable);
  g_free (update->name);
  g_free (update);
}

static gboolean
apply_progress_cb (gpointer data)
{
  ProgressUpdate *update = data;
  CaExportDialog *self = update->dialog;

  /* Nor from an export cancelled since, whose thread is still ending. */
  if (self->window == NULL || update->cancellable != self->export_cancellable ||
      g_cancellable_is_cancelled (self->export_cancellable))
    return G_SOURCE_REMOVE;

  gtk_progress_bar_set_fraction (self->progress_bar, update->fraction);
  if (update->name != NULL)
    {
      g_autofree char *label = NULL;

      switch (update->stage)
        {
        case CA_FIGURE_STAGE_TILES:
          /* translators: %s is the file being written */
          label = g_strdup_printf (_("Fetching OpenStreetMap tiles for “%s”…"), update->name);
          break;
        case CA_FIGURE_STAGE_ENCODE:
          /* translators: %s is the file being written */
          label = g_strdup_printf (_("Writing “%s”…"), update->name);
          break;
        case CA_FIGURE_STAGE_DRAW:
        default:
          /* translators: %s is the file being written */
          label = g_strdup_printf (_("Drawing “%s”…"), update->name);
          break;
        }
      gtk_label_set_label (self->progress_label, label);
    }

  return G_SOURCE_REMOVE;
}

/* Called in the export thread: the bar moves on the main thread. */
static void
export_progress_cb (CaFigureStage stage,
                    double        fraction,
                    gpointer      user_data)
{
  ExportJob *job = user_data;
  double overall = stage == CA_FIGURE_STAGE_TILES ? (1.0 - job->span) * fraction
                                                  : job->base + job->span * fraction;
  ProgressUpdate *update;

  if (overall - job->shown < 0.01 && fraction < 1.0 && (int)stage == job->stage)
    return;

  update = g_new0 (ProgressUpdate, 1);
  if ((int)stage != job->stage)
    update->name = g_filename_display_basename (job->path);
  job->shown = overall;
  job->stage = stage;
  update->dialog = g_object_ref (job->dialog);
  update->cancellable = g_object_ref (job->cancellable);
  update->stage = stage;
  update->fraction = overall;
  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, apply_progress_cb, update, progress_update_free);
}

static void export_figure (GTask        *task,
                           ExportJob    *job,
                           GCancellable *cancellable);

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  int priority = ca_worker_priority_lower ();

  ca_figure_set_progress_func (job->figure, export_progress_cb, job);
  export_figure (task, job, cancellable);
  ca_worker_priority_restore (priority);
}

static void
export_figure (GTask        *task,
               ExportJob    *job,
               GCancellable *cancellable)
{
  GError *error = NULL;

  if (job->fetch_tiles)
    {
      /* Tiles take the first third of the bar. */
      export_progress_cb (CA_FIGURE_STAGE_TILES, 0.0, job);
      if (!ca_figure_fetch_tiles (job->figure, cancellable, &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }

  if (!ca_figure_export (job->figure, job->path, job->format, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
set_busy (CaExportDialog *self,
          gboolean        busy)
{
  gtk_widget_set_visible (self->progress_box, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), !busy);
  if (busy)
    gtk_progress_bar_set_fraction (self->progress_bar, 0);
}

static void
show_message (CaExportDialog *self,
              const char     *message,
              gboolean        is_error)
{
  gtk_label_set_label (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CaExportDialog) self = user_data;
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_filename_display_basename (job->path);

  g_clear_object (&self->export_cancellable);
  self->export_seconds = (g_get_monotonic_time () - job->start) / 1e6;

  if (self->window == NULL)
    return;

  set_busy (self, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        message = g_strdup_printf (_("Export cancelled. “%s” was not written."), name);
      else if (g_error_matches (error, CA_FIGURE_ERROR, CA_FIGURE_ERROR_WRITE))
        message = g_strdup (error->message);
      else if (g_error_matches (error, CA_FIGURE_ERROR, CA_FIGURE_ERROR_TILES))
        /* translators: the file, and why the tiles could not be fetched */
        message = g_strdup_printf (_("“%s” was not written: %s. Choose the offline basemap to export "
                                     "without the network."), name, error->message);
      else
        /* translators: the file, and why it could not be made */
        message = g_strdup_printf (_("“%s” was not written: %s"), name, error->message);

      show_message (self, message, !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
      return;
    }

  g_debug ("Exported %s in %.2f s", job->path, self->export_seconds);
  {
    g_autoptr(GFile) file = g_file_new_for_path (job->path);
    /* translators: %s is the file's name */
    g_autofree char *message = g_strdup_printf (_("Exported “%s”"), name);

    _ca_window_show_file_toast (self->window, message, file);
  }
  gtk_window_close (GTK_WINDOW (self));
}

/**
 * _ca_export_dialog_export_to:
 * @path: the file to write, in the format the dialog shows
 *
 * Exports the figure to @path in a worker thread, with progress.  The
 * file chooser ends here; tests call it directly.
 */
void
_ca_export_dialog_export_to (CaExportDialog *self,
                             const char     *path)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = NULL;
  g_autofree char *label = NULL;
  ExportJob *job;

  g_return_if_fail (CA_IS_EXPORT_DIALOG (self));
  g_return_if_fail (path != NULL);

  if (self->export_cancellable != NULL)
    return;

  save_settings (self);

  job = g_new0 (ExportJob, 1);
  job->dialog = g_object_ref (self);
  job->figure = _ca_export_dialog_build_figure (self);
  job->path = g_strdup (path);
  job->format = get_format (self);
  job->fetch_tiles = ca_figure_get_options (job->figure)->basemap == CA_FIGURE_BASEMAP_OSM;
  job->base = job->fetch_tiles ? 0.3 : 0.0;
  job->span = job->fetch_tiles ? 0.7 : 1.0;
  job->stage = -1;
  job->start = g_get_monotonic_time ();

  name = g_filename_display_basename (path);
  /* translators: %s is the file being written */
  label = g_strdup_printf (_("Exporting “%s”…"), name);
  gtk_label_set_label (self->progress_label, label);
  show_message (self, NULL, FALSE);
  set_busy (self, TRUE);

  self->export_cancellable = g_cancellable_new ();
  job->cancellable = g_object_ref (self->export_cancellable);
  /* Cancel answers at once: drawing stops at the next layer, and the
   * atomic writer then removes its temporary file, the old file never
   * touched.  The task holds no widget, as its last reference may go
   * on the worker's thread. */
  task = g_task_new (NULL, self->export_cancellable, export_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, _ca_export_dialog_export_to);
  g_task_set_task_data (task, job, export_job_free);
  g_task_set_return_on_cancel (task, TRUE);
  ca_application_worker_started ();
  g_task_run_in_thread (task, export_thread);
}

gboolean
_ca_export_dialog_get_busy (CaExportDialog *self)
{
  g_return_val_if_fail (CA_IS_EXPORT_DIALOG (self), FALSE);

  return self->export_cancellable != NULL;
}

void
_ca_export_dialog_cancel_export (CaExportDialog *self)
{
  g_return_if_fail (CA_IS_EXPORT_DIALOG (self));

  if (self->export_cancellable != NULL)
    g_cancellable_cancel (self->export_cancellable);
}

/* The file's extension follows the format, and a name typed with another
 * figure extension chooses that format. */
static char *
dup_path_for_format (CaExportDialog *self,
                     const char     *path)
{
  g_autofree char *base = g_path_get_basename (path);
  const char *dot = strrchr (base, '.');
  CaFigureFormat format;

  if (dot != NULL && dot != base && ca_figure_format_from_name (dot + 1, &format))
    {
      adw_combo_row_set_selected (self->format_row, format);
      return g_strdup (path);
    }

  return g_strdup_printf ("%s.%s", path, format_ids[get_format (self)]);
}

static void
on_chooser_response_cb (CaExportDialog       *self,
                        int                   response,
                        GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        {
          g_autofree char *target = dup_path_for_format (self, path);

          _ca_export_dialog_export_to (self, target);
        }
      else
        show_message (self, _("Figures can only be saved to local files."), TRUE);
    }

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_object_unref (chooser);
}

/* A file name from the title: letters, digits and dashes. */
static char *
dup_suggested_name (CaExportDialog *self)
{
  g_autofree char *title = dup_entry_text (self->title_row);
  g_autoptr(GString) name = g_string_new (NULL);

  for (const char *p = title; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        g_string_append_unichar (name, g_unichar_tolower (c));
      else if (name->len > 0 && name->str[name->len - 1] != '-')
        g_string_append_c (name, '-');
      if (name->len >= 60)
        break;
    }
  while (name->len > 0 && name->str[name->len - 1] == '-')
    g_string_truncate (name, name->len - 1);
  if (name->len == 0)
    g_string_append (name, "corridor-atlas");

  g_string_append_printf (name, ".%s", format_ids[get_format (self)]);

  return g_string_free (g_steal_pointer (&name), FALSE);
}

static void
on_export_button_clicked_cb (CaExportDialog *self)
{
  static const char *const names[] = { N_("PNG images"), N_("PDF documents"), N_("SVG drawings") };
  static const char *const types[] = { "image/png", "application/pdf", "image/svg+xml" };
  CaFigureFormat format = get_format (self);
  g_autofree char *suggested = dup_suggested_name (self);
  g_autofree char *pattern = g_strdup_printf ("*.%s", format_ids[format]);
  GtkFileChooserNative *chooser;
  GtkFileFilter *filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Export Figure"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _(names[format]));
  gtk_file_filter_add_mime_type (filter, types[format]);
  gtk_file_filter_add_pattern (filter, pattern);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested);

  g_signal_connect_object (chooser, "response", G_CALLBACK (on_chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_stop_button_clicked_cb (CaExportDialog *self)
{
  _ca_export_dialog_cancel_export (self);
}

static void
on_cancel_button_clicked_cb (CaExportDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
ca_export_dialog_close_request (GtkWindow *window)
{
  CaExportDialog *self = CA_EXPORT_DIALOG (window);

  /* Closing stops the work: an export in flight leaves no file. */
  g_clear_handle_id (&self->preview_timeout, g_source_remove);
  _ca_export_dialog_cancel_export (self);
  if (self->preview_cancellable != NULL)
    g_cancellable_cancel (self->preview_cancellable);

  return GTK_WINDOW_CLASS (ca_export_dialog_parent_class)->close_request (window);
}

/* The figure reads the window: without it there is nothing to show. */
static void
on_window_destroy_cb (CaExportDialog *self)
{
  g_clear_handle_id (&self->preview_timeout, g_source_remove);
  _ca_export_dialog_cancel_export (self);
  if (self->preview_cancellable != NULL)
    g_cancellable_cancel (self->preview_cancellable);
  self->window = NULL;
}

static void
ca_export_dialog_dispose (GObject *object)
{
  CaExportDialog *self = (CaExportDialog *)object;

  g_clear_handle_id (&self->preview_timeout, g_source_remove);
  if (self->preview_cancellable != NULL)
    g_cancellable_cancel (self->preview_cancellable);
  if (self->export_cancellable != NULL)
    g_cancellable_cancel (self->export_cancellable);
  g_clear_object (&self->preview_cancellable);
  g_clear_object (&self->export_cancellable);
  g_clear_object (&self->settings);
  self->window = NULL;

  gtk_widget_dispose_template (GTK_WIDGET (self), CA_TYPE_EXPORT_DIALOG);

  G_OBJECT_CLASS (ca_export_dialog_parent_class)->dispose (object);
}

static void
ca_export_dialog_class_init (CaExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ca_export_dialog_dispose;
  window_class->close_request = ca_export_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/ca-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CaExportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, CaExportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, CaExportDialog, preview_picture);
  gtk_widget_class_bind_template_child (widget_class, CaExportDialog, preview_spinner);
  gtk_widget_class_bind_template_child (widget_class, CaExportDialog, size_label);
  gtk_widget_class_bind_template_child (widget_class, CaExportDialog, progress_box);
  gtk_widget_class_bind_template_child (widget_class, CaExportDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, CaExportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CaExportDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, CaExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, CaExportDialog, page_row);
  gtk_widget_class_bind_template_child (widget_class, CaExportDialog, landscape_row);
  gtk_widget_class_bind_template_child (widget_class, CaExportDialog, landscape_switch);
  gtk_widget_class_bind_template_child (widget_class, CaExportDialog, unit_row);
  gtk_widget_class_bind_template_child (widget_class, CaExportDialog, width_row);
  gtk_widget_class_bind_template_child (widget_class, CaExportDialog, height_row);
  gtk_widget_class_bind_template_child (widget_class, CaExportDialog, width_spin);
  gtk_widget_class_bind_template_child (widget_class, CaExportDialog, height_spin);
  gtk_widget_class_bind_template_child (widget_class, CaExportDialog, dpi_spin);
  gtk_widget_class_bind_template_child (widget_class, CaExportDialog, extent_row);
  gtk_widget_class_bind_template_child (widget_class, CaExportDialog, basemap_row);
  gtk_widget_class_bind_template_child (widget_class, CaExportDialog, title_row);
  gtk_widget_class_bind_template_child (widget_class, CaExportDialog, subtitle_row);
  gtk_widget_class_bind_template_child (widget_class, CaExportDialog, source_row);
  gtk_widget_class_bind_template_child (widget_class, CaExportDialog, legend_switch);
  gtk_widget_class_bind_template_child (widget_class, CaExportDialog, scale_bar_switch);
  gtk_widget_class_bind_template_child (widget_class, CaExportDialog, north_arrow_switch);
  gtk_widget_class_bind_template_child (widget_class, CaExportDialog, attribution_switch);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_export_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_button_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ca_export_dialog_init (CaExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
connect_changes (CaExportDialog *self)
{
  GObject *combos[] = { G_OBJECT (self->format_row), G_OBJECT (self->page_row), G_OBJECT (self->extent_row),
                        G_OBJECT (self->basemap_row) };
  GObject *switches[] = { G_OBJECT (self->landscape_switch), G_OBJECT (self->legend_switch),
                          G_OBJECT (self->scale_bar_switch), G_OBJECT (self->north_arrow_switch),
                          G_OBJECT (self->attribution_switch) };
  GObject *texts[] = { G_OBJECT (self->title_row), G_OBJECT (self->subtitle_row), G_OBJECT (self->source_row) };
  GObject *spins[] = { G_OBJECT (self->width_spin), G_OBJECT (self->height_spin), G_OBJECT (self->dpi_spin) };

  for (guint i = 0; i < G_N_ELEMENTS (combos); i++)
    g_signal_connect_swapped (combos[i], "notify::selected", G_CALLBACK (on_setting_changed_cb), self);
  for (guint i = 0; i < G_N_ELEMENTS (switches); i++)
    g_signal_connect_swapped (switches[i], "notify::active", G_CALLBACK (on_setting_changed_cb), self);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    g_signal_connect_swapped (texts[i], "changed", G_CALLBACK (on_setting_changed_cb), self);
  for (guint i = 0; i < G_N_ELEMENTS (spins); i++)
    g_signal_connect_swapped (spins[i], "value-changed", G_CALLBACK (on_setting_changed_cb), self);
  g_signal_connect_swapped (self->unit_row, "notify::selected", G_CALLBACK (on_unit_changed_cb), self);
}

/**
 * ca_export_dialog_new:
 * @window: the window whose map the figure shows
 *
 * Returns: (transfer full): a modal dialog over @window, its settings
 *   restored from the last export
 */
CaExportDialog *
ca_export_dialog_new (CaWindow *window)
{
  CaExportDialog *self;

  g_return_val_if_fail (CA_IS_WINDOW (window), NULL);

  self = g_object_new (CA_TYPE_EXPORT_DIALOG,
                       "transient-for", window,
                       "destroy-with-parent", TRUE,
                       "application", gtk_window_get_application (GTK_WINDOW (window)),
                       NULL);
  self->window = window;
  self->settings = g_object_ref (window->settings);
  g_signal_connect_object (window, "destroy", G_CALLBACK (on_window_destroy_cb), self, G_CONNECT_SWAPPED);

  restore_settings (self);
  sync_rows (self);
  connect_changes (self);
  start_preview (self);

  return self;
}
