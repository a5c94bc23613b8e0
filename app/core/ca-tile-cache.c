/* ca-tile-cache.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ca-tile-cache"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ca-tile-cache.h"

/* The heavy flows and the heavy vector layers are drawn on image and
 * recording surfaces from raster tiles: a frame looks its tiles up, has
 * the missing ones rendered on every core (the drawing thread helps, so
 * a frame waits for no one else's), then composites them on whole device
 * pixels.  Over its budget, a cache drops the tiles used longest ago
 * down to three quarters of it, but never those of the frame at hand.
 */

#define TILE_SIZE     256
#define TILE_MAX_ZOOM 22.0

/* A tile is its own key: the bytes from zoom to the end of the style.
 * Tiles are zeroed when allocated, so the padding compares too. */
typedef struct
{
  cairo_surface_t *surface;     /* NULL when nothing falls in the tile */
  guint64          stamp;       /* the frame that last used it */

  double           zoom;
  double           scale;
  int              tx;
  int              ty;
  gsize            style_size;
  guint8           style[];
} Tile;

struct _CaTileCache
{
  GMutex      mutex;            /* held from a frame's look-ups to its eviction */
  GHashTable *tiles;            /* Tile → itself */
  gsize       max_bytes;
  gsize       bytes;
  guint64     stamp;            /* the frame at hand */
};

typedef struct
{
  const CaView   *view;         /* the frame's */
  double          left;         /* its corner in world pixels */
  double          top;
  double          scale;
  CaTileDrawFunc  draw;
  gpointer        user_data;
  Tile          **tiles;
  guint           n_tiles;
  int             next;         /* atomic: the next tile to render */
  GMutex          mutex;
  GCond           cond;
  guint           n_helpers;    /* still running */
} TileJob;

static inline const guint8 *
tile_key (const Tile *tile)
{
  return (const guint8 *)tile + G_STRUCT_OFFSET (Tile, zoom);
}

static inline gsize
tile_key_size (const Tile *tile)
{
  return G_STRUCT_OFFSET (Tile, style) - G_STRUCT_OFFSET (Tile, zoom) + tile->style_size;
}

static guint
tile_hash (gconstpointer data)
{
  const guint8 *bytes = tile_key (data);
  gsize size = tile_key_size (data);
  guint hash = 2166136261u;

  for (gsize i = 0; i < size; i++)
    hash = (hash ^ bytes[i]) * 16777619u;

  return hash;
}

static gboolean
tile_equal (gconstpointer a,
            gconstpointer b)
{
  const Tile *ta = a;
  const Tile *tb = b;

  return ta->style_size == tb->style_size &&
         memcmp (tile_key (ta), tile_key (tb), tile_key_size (ta)) == 0;
}

static void
tile_free (gpointer data)
{
  Tile *tile = data;

  g_clear_pointer (&tile->surface, cairo_surface_destroy);
  g_free (tile);
}

static gsize
tile_get_bytes (const Tile *tile)
{
  gsize bytes = sizeof (Tile) + tile->style_size + 64;

  if (tile->surface != NULL)
    bytes += (gsize)cairo_image_surface_get_stride (tile->surface) *
             cairo_image_surface_get_height (tile->surface);

  return bytes;
}

/**
 * ca_tile_cache_new:
 * @max_bytes: the budget of the tiles, in bytes
 *
 * Returns: (transfer full): an empty cache
 */
CaTileCache *
ca_tile_cache_new (gsize max_bytes)
{
  CaTileCache *cache = g_new0 (CaTileCache, 1);

  g_mutex_init (&cache->mutex);
  cache->tiles = g_hash_table_new_full (tile_hash, tile_equal, NULL, tile_free);
  cache->max_bytes = max_bytes;

  return cache;
}

void
ca_tile_cache_free (CaTileCache *cache)
{
  if (cache == NULL)
    return;

  g_hash_table_unref (cache->tiles);
  g_mutex_clear (&cache->mutex);
  g_free (cache);
}

/**
 * ca_tile_cache_can_draw:
 * @cr: the context a frame is drawn on
 * @view: the frame's view
 * @scale: (out) (optional): the device pixels to a user unit of @cr
 *
 * Whether tiles can stand in for the drawing on @cr: an image or a
 * recording (PDF, SVG and PS get vectors) at a screen scale, on which a
 * tile lands on whole device pixels (a print-resolution export is drawn
 * once anyway), and not zoomed in too far.
 */
gboolean
ca_tile_cache_can_draw (cairo_t      *cr,
                        const CaView *view,
                        double       *scale)
{
  cairo_surface_type_t type;
  double ax = 1, ay = 0, bx = 0, by = 1;

  g_return_val_if_fail (cr != NULL, FALSE);
  g_return_val_if_fail (view != NULL, FALSE);

  if (view->zoom > TILE_MAX_ZOOM)
    return FALSE;

  type = cairo_surface_get_type (cairo_get_group_target (cr));
  if (type != CAIRO_SURFACE_TYPE_IMAGE && type != CAIRO_SURFACE_TYPE_RECORDING)
    return FALSE;

  cairo_user_to_device_distance (cr, &ax, &ay);
  cairo_user_to_device_distance (cr, &bx, &by);
  if (ay != 0 || bx != 0 || ax != by || ax < 0.5 || ax > 2.0 ||
      fabs (TILE_SIZE * ax - round (TILE_SIZE * ax)) >= 1e-9)
    return FALSE;

  if (scale != NULL)
    *scale = ax;
  return TRUE;
}

static cairo_surface_t *
render_tile (const TileJob *job,
             const Tile    *tile)
{
  double world_size = ca_view_get_world_size (job->view);
  CaTile info = {
    .view = {
      .center_x = (tile->tx + 0.5) * TILE_SIZE / world_size,
      .center_y = (tile->ty + 0.5) * TILE_SIZE / world_size,
      .zoom = job->view->zoom,
      .width = TILE_SIZE,
      .height = TILE_SIZE,
    },
    .x = (double)tile->tx * TILE_SIZE - job->left,
    .y = (double)tile->ty * TILE_SIZE - job->top,
    .scale = job->scale,
  };
  int size = (int)lround (TILE_SIZE * job->scale);
  cairo_surface_t *surface;
  gboolean drawn;
  cairo_t *cr;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, size, size);
  cairo_surface_set_device_scale (surface, job->scale, job->scale);
  cr = cairo_create (surface);
  drawn = job->draw (cr, &info, job->user_data);
  cairo_destroy (cr);

  if (!drawn)
    g_clear_pointer (&surface, cairo_surface_destroy);

  return surface;
}

static void
render_pending_tiles (TileJob *job)
{
  int i;

  while ((i = g_atomic_int_add (&job->next, 1)) < (int)job->n_tiles)
    job->tiles[i]->surface = render_tile (job, job->tiles[i]);
}

static void
tile_helper_cb (gpointer data,
                gpointer user_data)
{
  TileJob *job = data;

  render_pending_tiles (job);

  g_mutex_lock (&job->mutex);
  job->n_helpers--;
  g_cond_signal (&job->cond);
  g_mutex_unlock (&job->mutex);
}

/* Helper threads, one per core beyond the drawing thread's own, shared
 * by every cache. */
static GThreadPool *
get_tile_pool (guint *n_threads)
{
  static gsize initialized = 0;
  static GThreadPool *pool = NULL;
  static guint n_helpers = 0;

  if (g_once_init_enter (&initialized))
    {
      n_helpers = MIN (g_get_num_processors (), 8) - 1;
      if (n_helpers > 0)
        pool = g_thread_pool_new (tile_helper_cb, NULL, n_helpers, FALSE, NULL);
      g_once_init_leave (&initialized, 1);
    }

  *n_threads = pool != NULL ? n_helpers : 0;
  return pool;
}

/* Renders @job's tiles on every core; returns once all are done. */
static void
render_tiles (TileJob *job)
{
  GThreadPool *pool;
  guint n_threads;

  if (job->n_tiles == 0)
    return;

  pool = get_tile_pool (&n_threads);
  g_mutex_init (&job->mutex);
  g_cond_init (&job->cond);

  job->n_helpers = pool != NULL ? MIN (n_threads, job->n_tiles - 1) : 0;
  for (guint h = 0; h < job->n_helpers; h++)
    g_thread_pool_push (pool, job, NULL);

  render_pending_tiles (job);

  g_mutex_lock (&job->mutex);
  while (job->n_helpers > 0)
    g_cond_wait (&job->cond, &job->mutex);
  g_mutex_unlock (&job->mutex);

  g_mutex_clear (&job->mutex);
  g_cond_clear (&job->cond);
}

static int
compare_stamps (gconstpointer a,
                gconstpointer b)
{
  const Tile *ta = *(Tile * const *)a;
  const Tile *tb = *(Tile * const *)b;

  return ta->stamp < tb->stamp ? -1 : ta->stamp > tb->stamp;
}

/* Over budget, drops the tiles used longest ago, down to three quarters
 * of it; the tiles of this frame stay. */
static void
evict_tiles (CaTileCache *cache)
{
  g_autoptr(GPtrArray) tiles = NULL;
  GHashTableIter iter;
  gpointer value;

  if (cache->bytes <= cache->max_bytes)
    return;

  tiles = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, cache->tiles);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (tiles, value);
  g_ptr_array_sort (tiles, compare_stamps);

  for (guint i = 0; i < tiles->len && cache->bytes > cache->max_bytes / 4 * 3; i++)
    {
      Tile *tile = g_ptr_array_index (tiles, i);

      if (tile->stamp == cache->stamp)
        break;

      cache->bytes -= tile_get_bytes (tile);
      g_hash_table_remove (cache->tiles, tile);
    }
}

/**
 * ca_tile_cache_draw:
 * @cache: the tiles
 * @cr: a context whose user space is @view's pixels, for which
 *   ca_tile_cache_can_draw() gave @scale
 * @view: the frame's view
 * @scale: the device pixels to a user unit of @cr
 * @style: (array length=style_size): what else the tiles depend on
 * @style_size: its size in bytes
 * @prepare: (nullable): called before the frame's missing tiles are drawn
 * @draw: draws a tile
 * @user_data: for @prepare and @draw
 *
 * Paints the tiles of @view on @cr, having @draw render those not in
 * @cache on every core first.
 */
void
ca_tile_cache_draw (CaTileCache       *cache,
                    cairo_t           *cr,
                    const CaView      *view,
                    double             scale,
                    gconstpointer      style,
                    gsize              style_size,
                    CaTilePrepareFunc  prepare,
                    CaTileDrawFunc     draw,
                    gpointer           user_data)
{
  double world_size, left, top;
  int tx0, tx1, ty0, ty1;
  g_autofree Tile *probe = NULL;
  g_autoptr(GPtrArray) needed = NULL;
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(GPtrArray) surfaces = NULL;
  g_autoptr(GArray) origins = NULL;
  TileJob job = { 0 };

  g_return_if_fail (cache != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (view != NULL);
  g_return_if_fail (style != NULL || style_size == 0);
  g_return_if_fail (draw != NULL);

  world_size = ca_view_get_world_size (view);
  left = view->center_x * world_size - view->width / 2;
  top = view->center_y * world_size - view->height / 2;
  tx0 = (int)floor (left / TILE_SIZE);
  tx1 = (int)floor ((left + view->width) / TILE_SIZE);
  ty0 = (int)floor (top / TILE_SIZE);
  ty1 = (int)floor ((top + view->height) / TILE_SIZE);

  probe = g_malloc0 (sizeof (Tile) + style_size);
  probe->zoom = view->zoom;
  probe->scale = scale;
  probe->style_size = style_size;
  if (style_size > 0)
    memcpy (probe->style, style, style_size);

  needed = g_ptr_array_new ();
  missing = g_ptr_array_new ();
  surfaces = g_ptr_array_new_with_free_func ((GDestroyNotify)cairo_surface_destroy);
  origins = g_array_new (FALSE, FALSE, sizeof (int) * 2);

  g_mutex_lock (&cache->mutex);
  cache->stamp++;

  for (int ty = ty0; ty <= ty1; ty++)
    for (int tx = tx0; tx <= tx1; tx++)
      {
        Tile *tile;

        probe->tx = tx;
        probe->ty = ty;
        tile = g_hash_table_lookup (cache->tiles, probe);
        if (tile == NULL)
          {
            tile = g_memdup2 (probe, sizeof (Tile) + style_size);
            g_ptr_array_add (missing, tile);
          }
        g_ptr_array_add (needed, tile);
      }

  /* Before the threads share what the tiles are drawn from. */
  if (missing->len > 0 && prepare != NULL)
    prepare (user_data);

  job.view = view;
  job.left = left;
  job.top = top;
  job.scale = scale;
  job.draw = draw;
  job.user_data = user_data;
  job.tiles = (Tile **)missing->pdata;
  job.n_tiles = missing->len;
  render_tiles (&job);

  for (guint i = 0; i < missing->len; i++)
    {
      Tile *tile = g_ptr_array_index (missing, i);

      g_hash_table_insert (cache->tiles, tile, tile);
      cache->bytes += tile_get_bytes (tile);
    }

  for (guint i = 0; i < needed->len; i++)
    {
      Tile *tile = g_ptr_array_index (needed, i);
      int origin[2] = { tile->tx, tile->ty };

      tile->stamp = cache->stamp;
      if (tile->surface == NULL)
        continue;

      g_ptr_array_add (surfaces, cairo_surface_reference (tile->surface));
      g_array_append_val (origins, origin);
    }

  evict_tiles (cache);
  g_mutex_unlock (&cache->mutex);

  for (guint i = 0; i < surfaces->len; i++)
    {
      const int *origin = &g_array_index (origins, int, 2 * i);
      double x = origin[0] * (double)TILE_SIZE - left;
      double y = origin[1] * (double)TILE_SIZE - top;

      /* On whole device pixels, so that compositing is a plain copy. */
      cairo_user_to_device (cr, &x, &y);
      x = round (x);
      y = round (y);
      cairo_device_to_user (cr, &x, &y);

      cairo_set_source_surface (cr, g_ptr_array_index (surfaces, i), x, y);
      cairo_paint (cr);
    }
}
