/* ca-basemap-source.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ca-basemap-source"

#include "config.h"

#include <glib/gi18n.h>

#include "ca-basemap-source.h"

/* The offline basemap as a libshumate tile source.  Tiles are drawn by the
 * core's ca_basemap_draw() in GTask worker threads into cairo image
 * surfaces; the GdkTexture is made on the main thread in
 * fill_tile_finish().  Until the basemap has loaded, requests wait in a
 * queue, so the window can appear at once and the map fills in when the
 * data is ready; if loading fails the tiles show the plain sea.
 */

#define MAX_ZOOM 14

struct _CaBasemapSource
{
  ShumateMapSource  parent_instance;

  /* Owned References */
  CaBasemap        *basemap;
  GQueue            pending;

  CaBasemapStyle    style;
  CaLanguage        language;
  int               scale_factor;
  gboolean          ready;
  guint             n_rendered;
};

G_DEFINE_FINAL_TYPE (CaBasemapSource, ca_basemap_source, SHUMATE_TYPE_MAP_SOURCE)

enum {
  PROP_0,
  PROP_BASEMAP,
  PROP_READY,
  PROP_SCALE_FACTOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  ShumateTile      *tile;
  CaBasemap        *basemap;
  CaBasemapOptions  options;
  guint             zoom;
  guint             x;
  guint             y;
  int               scale_factor;
} TileJob;

typedef struct
{
  GBytes *bytes;
  int     size;
  int     stride;
} TileImage;

static void
tile_job_free (gpointer data)
{
  TileJob *job = data;

  g_clear_object (&job->tile);
  g_clear_object (&job->basemap);
  g_free (job);
}

static void
tile_image_free (gpointer data)
{
  TileImage *image = data;

  g_bytes_unref (image->bytes);
  g_free (image);
}

static void
render_tile_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  TileJob *job = task_data;
  TileImage *image;
  cairo_surface_t *surface;
  cairo_t *cr;
  CaView view;
  int size = (int)CA_TILE_SIZE * job->scale_factor;

  if (g_task_return_error_if_cancelled (task))
    return;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, size, size);
  cr = cairo_create (surface);
  cairo_scale (cr, job->scale_factor, job->scale_factor);

  ca_view_init_tile (&view, job->zoom, job->x, job->y);
  ca_basemap_draw (job->basemap, cr, &view, &job->options);

  cairo_destroy (cr);
  cairo_surface_flush (surface);

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               "Drawing tile %u/%u/%u failed: %s",
                               job->zoom, job->x, job->y,
                               cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return;
    }

  image = g_new0 (TileImage, 1);
  image->size = size;
  image->stride = cairo_image_surface_get_stride (surface);
  image->bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                             (gsize)image->stride * size,
                                             (GDestroyNotify)cairo_surface_destroy,
                                             surface);

  g_task_return_pointer (task, image, tile_image_free);
}

static void
dispatch (CaBasemapSource *self,
          GTask           *task)
{
  TileJob *job = g_task_get_task_data (task);

  if (g_task_return_error_if_cancelled (task))
    return;

  g_set_object (&job->basemap, self->basemap);
  g_task_run_in_thread (task, render_tile_thread);
}

static void
ca_basemap_source_fill_tile_async (ShumateMapSource    *source,
                                   ShumateTile         *tile,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  CaBasemapSource *self = (CaBasemapSource *)source;
  g_autoptr(GTask) task = NULL;
  TileJob *job;

  g_assert (CA_IS_BASEMAP_SOURCE (self));
  g_assert (SHUMATE_IS_TILE (tile));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ca_basemap_source_fill_tile_async);

  job = g_new0 (TileJob, 1);
  job->tile = g_object_ref (tile);
  job->zoom = shumate_tile_get_zoom_level (tile);
  job->x = shumate_tile_get_x (tile);
  job->y = shumate_tile_get_y (tile);
  job->scale_factor = self->scale_factor;
  ca_basemap_options_init (&job->options);
  job->options.style = self->style;
  job->options.language = self->language;
  g_task_set_task_data (task, job, tile_job_free);

  shumate_tile_set_state (tile, SHUMATE_STATE_LOADING);

  if (!self->ready)
    g_queue_push_tail (&self->pending, g_steal_pointer (&task));
  else
    dispatch (self, task);
}

static gboolean
ca_basemap_source_fill_tile_finish (ShumateMapSource  *source,
                                    GAsyncResult      *result,
                                    GError           **error)
{
  CaBasemapSource *self = (CaBasemapSource *)source;
  g_autoptr(GdkTexture) texture = NULL;
  TileImage *image;
  TileJob *job;

  g_assert (CA_IS_BASEMAP_SOURCE (self));
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  job = g_task_get_task_data (G_TASK (result));
  image = g_task_propagate_pointer (G_TASK (result), error);
  if (image == NULL)
    return FALSE;

  texture = gdk_memory_texture_new (image->size, image->size, GDK_MEMORY_DEFAULT,
                                    image->bytes, image->stride);
  shumate_tile_set_paintable (job->tile, GDK_PAINTABLE (texture));
  shumate_tile_set_state (job->tile, SHUMATE_STATE_DONE);
  tile_image_free (image);
  self->n_rendered++;

  return TRUE;
}

static void
flush_pending (CaBasemapSource *self)
{
  GTask *task;

  while ((task = g_queue_pop_head (&self->pending)) != NULL)
    {
      dispatch (self, task);
      g_object_unref (task);
    }
}

static void
ca_basemap_source_dispose (GObject *object)
{
  CaBasemapSource *self = (CaBasemapSource *)object;
  GTask *task;

  while ((task = g_queue_pop_head (&self->pending)) != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               "The basemap source was closed");
      g_object_unref (task);
    }

  g_clear_object (&self->basemap);

  G_OBJECT_CLASS (ca_basemap_source_parent_class)->dispose (object);
}

static void
ca_basemap_source_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CaBasemapSource *self = CA_BASEMAP_SOURCE (object);

  switch (prop_id)
    {
    case PROP_BASEMAP:
      g_value_set_object (value, ca_basemap_source_get_basemap (self));
      break;

    case PROP_READY:
      g_value_set_boolean (value, ca_basemap_source_get_ready (self));
      break;

    case PROP_SCALE_FACTOR:
      g_value_set_int (value, ca_basemap_source_get_scale_factor (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_basemap_source_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CaBasemapSource *self = CA_BASEMAP_SOURCE (object);

  switch (prop_id)
    {
    case PROP_BASEMAP:
      ca_basemap_source_set_basemap (self, g_value_get_object (value));
      break;

    case PROP_SCALE_FACTOR:
      ca_basemap_source_set_scale_factor (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_basemap_source_class_init (CaBasemapSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ShumateMapSourceClass *source_class = SHUMATE_MAP_SOURCE_CLASS (klass);

  object_class->dispose = ca_basemap_source_dispose;
  object_class->get_property = ca_basemap_source_get_property;
  object_class->set_property = ca_basemap_source_set_property;

  source_class->fill_tile_async = ca_basemap_source_fill_tile_async;
  source_class->fill_tile_finish = ca_basemap_source_fill_tile_finish;

  properties[PROP_BASEMAP] =
    g_param_spec_object ("basemap", NULL, NULL,
                         CA_TYPE_BASEMAP,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_SCALE_FACTOR] =
    g_param_spec_int ("scale-factor", NULL, NULL,
                      1, 4, 1,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ca_basemap_source_init (CaBasemapSource *self)
{
  g_queue_init (&self->pending);
  self->scale_factor = 1;
}

/**
 * ca_basemap_source_new:
 *
 * Creates a source whose tiles wait until ca_basemap_source_set_basemap()
 * or ca_basemap_source_set_unavailable() is called.
 */
CaBasemapSource *
ca_basemap_source_new (CaBasemapStyle style,
                       CaLanguage     language)
{
  CaBasemapSource *self;
  g_autofree char *id = NULL;

  /* The tile cache keys on the id: each palette and language is its own. */
  id = g_strdup_printf ("corridor-atlas-offline-%s-%s",
                        style == CA_BASEMAP_STYLE_DARK ? "dark" : "light",
                        language == CA_LANGUAGE_CHINESE ? "zh" : "en");

  self = g_object_new (CA_TYPE_BASEMAP_SOURCE,
                       "id", id,
                       "name", _("Offline basemap"),
                       "license", _("Basemap: DCW-GMT (LGPL-3.0)"),
                       "license-uri", "https://github.com/GenericMappingTools/dcw-gmt",
                       "min-zoom-level", 0,
                       "max-zoom-level", MAX_ZOOM,
                       "tile-size", (guint)CA_TILE_SIZE,
                       "projection", SHUMATE_MAP_PROJECTION_MERCATOR,
                       NULL);
  self->style = style;
  self->language = language;

  return self;
}

CaBasemap *
ca_basemap_source_get_basemap (CaBasemapSource *self)
{
  g_return_val_if_fail (CA_IS_BASEMAP_SOURCE (self), NULL);

  return self->basemap;
}

/**
 * ca_basemap_source_set_basemap:
 *
 * Gives the source its data and renders every tile that was waiting.
 */
void
ca_basemap_source_set_basemap (CaBasemapSource *self,
                               CaBasemap       *basemap)
{
  g_return_if_fail (CA_IS_BASEMAP_SOURCE (self));
  g_return_if_fail (!basemap || CA_IS_BASEMAP (basemap));

  if (!g_set_object (&self->basemap, basemap))
    return;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASEMAP]);

  if (!self->ready)
    {
      self->ready = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
    }

  flush_pending (self);
}

/**
 * ca_basemap_source_set_unavailable:
 *
 * Tells the source that no basemap is coming: tiles show the plain sea.
 */
void
ca_basemap_source_set_unavailable (CaBasemapSource *self)
{
  g_return_if_fail (CA_IS_BASEMAP_SOURCE (self));

  if (self->ready)
    return;

  self->ready = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
  flush_pending (self);
}

gboolean
ca_basemap_source_get_ready (CaBasemapSource *self)
{
  g_return_val_if_fail (CA_IS_BASEMAP_SOURCE (self), FALSE);

  return self->ready;
}

CaBasemapStyle
ca_basemap_source_get_style (CaBasemapSource *self)
{
  g_return_val_if_fail (CA_IS_BASEMAP_SOURCE (self), CA_BASEMAP_STYLE_LIGHT);

  return self->style;
}

/**
 * ca_basemap_source_get_language:
 *
 * Returns: the language of the source's place labels
 */
CaLanguage
ca_basemap_source_get_language (CaBasemapSource *self)
{
  g_return_val_if_fail (CA_IS_BASEMAP_SOURCE (self), CA_LANGUAGE_ENGLISH);

  return self->language;
}

int
ca_basemap_source_get_scale_factor (CaBasemapSource *self)
{
  g_return_val_if_fail (CA_IS_BASEMAP_SOURCE (self), 1);

  return self->scale_factor;
}

/**
 * ca_basemap_source_set_scale_factor:
 *
 * Sets how many device pixels a tile pixel covers, so tiles stay sharp on
 * high-density screens.  Tiles already drawn keep their resolution.
 */
void
ca_basemap_source_set_scale_factor (CaBasemapSource *self,
                                    int              scale_factor)
{
  g_return_if_fail (CA_IS_BASEMAP_SOURCE (self));
  g_return_if_fail (scale_factor >= 1 && scale_factor <= 4);

  if (self->scale_factor == scale_factor)
    return;

  self->scale_factor = scale_factor;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCALE_FACTOR]);
}

/**
 * ca_basemap_source_get_n_rendered:
 *
 * Returns: how many tiles the source has handed to the map so far
 */
guint
ca_basemap_source_get_n_rendered (CaBasemapSource *self)
{
  g_return_val_if_fail (CA_IS_BASEMAP_SOURCE (self), 0);

  return self->n_rendered;
}
