/* ca-basemap.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ca-basemap"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <hdf5.h>
#include <math.h>
#include <netcdf.h>
#include <string.h>

#include "ca-basemap-private.h"

/* DCW-GMT stores each country as two UInt16 arrays, <TAG>_lon and
 * <TAG>_lat, decoded as value / scale + min.  A lon of 65535 starts a
 * ring; the lat beside it is 0 for an outer ring and 1 for a hole.
 *
 * We read it with libnetcdf rather than GDAL's multidimensional API:
 * GDAL resolves the dimensions of every array first, which costs about
 * 4 ms an array and makes loading take seconds, while libnetcdf reads the
 * whole file in about a third of a second.  Reading is serial (libnetcdf
 * is not thread-safe) and feeds a thread pool that decodes, projects,
 * simplifies and indexes each item while the next one is read.
 */
#define DCW_SEPARATOR 65535

/* libnetcdf is not thread-safe: one load reads at a time. */
G_LOCK_DEFINE_STATIC (netcdf);

struct _CaBasemap
{
  GObject       parent_instance;

  char         *path;
  GPtrArray    *items;
  GHashTable   *items_by_code;
  CaLabelCache *label_cache;
  /* The cache file the geometry lives in, when it was read from one. */
  GMappedFile  *mapping;
};

G_DEFINE_FINAL_TYPE (CaBasemap, ca_basemap, G_TYPE_OBJECT)

G_DEFINE_QUARK (ca-basemap-error-quark, ca_basemap_error)

/* Bounds the raw arrays waiting for a worker, so reading cannot run far
 * ahead of processing and hold the whole file in memory. */
typedef struct
{
  GMutex mutex;
  GCond  cond;
  guint  in_flight;
} Throttle;

typedef struct
{
  Throttle      *throttle;
  CaBasemapItem *item;
  guint16       *lon;
  guint16       *lat;
  gsize          n_values;
  double         lon_min;
  double         lon_scale;
  double         lat_min;
  double         lat_scale;
  GError        *error;
} ItemJob;

/* Growing arrays for one level of one item while it is built. */
typedef struct
{
  GArray *points;
  GArray *chunks;
  GArray *rings;
} ShapeBuilder;

void
_ca_basemap_item_free (gpointer data)
{
  CaBasemapItem *item = data;

  for (guint l = 0; l < CA_BASEMAP_N_LEVELS && !item->mapped; l++)
    {
      g_free (item->levels[l].points);
      g_free (item->levels[l].chunks);
      g_free (item->levels[l].rings);
    }

  g_free (item->code);
  g_free (item->tag);
  g_free (item);
}

static void
ca_basemap_finalize (GObject *object)
{
  CaBasemap *self = (CaBasemap *)object;

  g_clear_pointer (&self->label_cache, _ca_label_cache_free);
  g_clear_pointer (&self->items_by_code, g_hash_table_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->mapping, g_mapped_file_unref);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (ca_basemap_parent_class)->finalize (object);
}

static void
ca_basemap_class_init (CaBasemapClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ca_basemap_finalize;
}

static void
ca_basemap_init (CaBasemap *self)
{
  self->items_by_code = g_hash_table_new (g_str_hash, g_str_equal);
  self->label_cache = _ca_label_cache_new ();
}

/**
 * ca_basemap_dup_default_path:
 *
 * Returns: the DCW-GMT file to read when the user has chosen none: the
 *   CORRIDOR_ATLAS_DCW environment variable if set, else the location the
 *   build was configured with (Debian's gmt-dcw package by default).
 */
char *
ca_basemap_dup_default_path (void)
{
  const char *env = g_getenv ("CORRIDOR_ATLAS_DCW");

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);

  return g_strdup (CA_DEFAULT_DCW_PATH);
}

guint
_ca_basemap_level_for_zoom (double zoom)
{
  if (!(zoom > 0))
    return 0;

  return MIN ((guint)ceil (zoom - 1e-6), CA_BASEMAP_N_LEVELS - 1);
}

static double
level_tolerance (guint level)
{
  return 0.5 / (CA_TILE_SIZE * ldexp (1.0, level));
}

/* Keeps a point only when it lies at least @tolerance from the last one
 * kept, in place.  @x/@y describe a closed ring (last point == first); the
 * result is closed too.  Returns the number of points kept. */
static guint
simplify_radial (double *x,
                 double *y,
                 guint   n,
                 double  tolerance)
{
  double tolerance2 = tolerance * tolerance;
  guint n_out = 1;

  for (guint i = 1; i + 1 < n; i++)
    {
      double dx = x[i] - x[n_out - 1];
      double dy = y[i] - y[n_out - 1];

      if (dx * dx + dy * dy >= tolerance2)
        {
          x[n_out] = x[i];
          y[n_out] = y[i];
          n_out++;
        }
    }

  x[n_out] = x[n - 1];
  y[n_out] = y[n - 1];

  return n_out + 1;
}

/* A stretch of a ring still to simplify, and its parent's significance. */
typedef struct
{
  guint  first;
  guint  last;
  double parent;
} Span;

/* Douglas–Peucker once for every level: each point gets the tolerance
 * below which it must be kept, its "significance", capped by its parent's
 * so that the points of a coarser level are always a subset of a finer
 * one's.  Level N then keeps the points more significant than its own
 * tolerance, which is what running Douglas–Peucker at that tolerance
 * keeps, for the cost of one run.  Recursion stops at @min_tolerance, the
 * finest level's.  The ring is closed, so the first split is at the
 * point farthest from its first point. */
static void
rank_douglas_peucker (const double *x,
                      const double *y,
                      guint         n,
                      double        min_tolerance,
                      double       *significance,
                      GArray       *stack)
{
  double min2 = min_tolerance * min_tolerance;

  for (guint i = 0; i < n; i++)
    significance[i] = 0;
  significance[0] = significance[n - 1] = G_MAXDOUBLE;

  g_array_set_size (stack, 0);
  g_array_append_val (stack, ((Span) { 0, n - 1, G_MAXDOUBLE }));

  while (stack->len > 0)
    {
      Span span = g_array_index (stack, Span, stack->len - 1);
      double ax = x[span.first], ay = y[span.first];
      double dx = x[span.last] - ax, dy = y[span.last] - ay;
      double len2 = dx * dx + dy * dy;
      double worst = -1;
      guint worst_index = 0;

      g_array_set_size (stack, stack->len - 1);

      if (len2 > 0)
        {
          /* Distance to the chord's line, compared without dividing. */
          for (guint i = span.first + 1; i < span.last; i++)
            {
              double cross = (x[i] - ax) * dy - (y[i] - ay) * dx;
              double c2 = cross * cross;

              if (c2 > worst)
                {
                  worst = c2;
                  worst_index = i;
                }
            }
          worst /= len2;
        }
      else
        {
          for (guint i = span.first + 1; i < span.last; i++)
            {
              double px = x[i] - ax, py = y[i] - ay;
              double d2 = px * px + py * py;

              if (d2 > worst)
                {
                  worst = d2;
                  worst_index = i;
                }
            }
        }

      if (worst > min2)
        {
          double rank = MIN (sqrt (worst), span.parent);

          significance[worst_index] = rank;
          g_array_append_val (stack, ((Span) { span.first, worst_index, rank }));
          g_array_append_val (stack, ((Span) { worst_index, span.last, rank }));
        }
    }
}

/* Appends the points of a ring more significant than @tolerance, split
 * into chunks.  Returns FALSE if fewer than three distinct points remain. */
static void
bbox_f_from_points (CaBBoxF      *bbox,
                    const double *x,
                    const double *y,
                    const guint  *index,
                    guint         n)
{
  double x_min = G_MAXDOUBLE, y_min = G_MAXDOUBLE, x_max = -G_MAXDOUBLE, y_max = -G_MAXDOUBLE;

  for (guint i = 0; i < n; i++)
    {
      x_min = MIN (x_min, x[index[i]]);
      y_min = MIN (y_min, y[index[i]]);
      x_max = MAX (x_max, x[index[i]]);
      y_max = MAX (y_max, y[index[i]]);
    }

  /* Round outwards, so the float box still holds every point. */
  bbox->x_min = nextafterf ((float)x_min, -G_MAXFLOAT);
  bbox->y_min = nextafterf ((float)y_min, -G_MAXFLOAT);
  bbox->x_max = nextafterf ((float)x_max, G_MAXFLOAT);
  bbox->y_max = nextafterf ((float)y_max, G_MAXFLOAT);
}

static guint16
quantize (double value,
          double origin,
          double extent)
{
  double q = extent > 0 ? (value - origin) / extent * CA_POINT_Q_MAX : 0;

  return (guint16)CLAMP (lround (q), 0, (long)CA_POINT_Q_MAX);
}

/* Appends the points of a ring more significant than @tolerance, split
 * into chunks.  Returns FALSE if fewer than three distinct points remain.
 * @kept is scratch space for @n indices. */
static gboolean
shape_builder_add_ring (ShapeBuilder *builder,
                        const double *x,
                        const double *y,
                        const double *significance,
                        guint         n,
                        double        tolerance,
                        guint        *kept)
{
  CaRing ring;
  guint n_kept = 0;

  for (guint i = 0; i < n; i++)
    if (significance[i] > tolerance)
      kept[n_kept++] = i;

  if (n_kept < 4)
    return FALSE;

  ring.first_chunk = builder->chunks->len;
  ring.n_chunks = 0;
  bbox_f_from_points (&ring.bbox, x, y, kept, n_kept);

  for (guint start = 0; start + 1 < n_kept; start += CA_BASEMAP_CHUNK_EDGES)
    {
      guint end = MIN (start + CA_BASEMAP_CHUNK_EDGES, n_kept - 1);
      guint base = builder->points->len;
      double x0, y0, sx, sy;
      CaPointQ *points;
      CaChunk chunk;

      chunk.first = base;
      chunk.n_points = end - start + 1;
      bbox_f_from_points (&chunk.bbox, x, y, kept + start, chunk.n_points);
      ca_chunk_get_transform (&chunk, &x0, &y0, &sx, &sy);

      g_array_set_size (builder->points, base + chunk.n_points);
      points = &g_array_index (builder->points, CaPointQ, base);
      for (guint i = 0; i < chunk.n_points; i++)
        {
          points[i].x = quantize (x[kept[start + i]], x0, sx * CA_POINT_Q_MAX);
          points[i].y = quantize (y[kept[start + i]], y0, sy * CA_POINT_Q_MAX);
        }

      g_array_append_val (builder->chunks, chunk);
      ring.n_chunks++;
    }

  g_array_append_val (builder->rings, ring);

  return TRUE;
}

static double
ring_signed_area (const double *x,
                  const double *y,
                  guint         n)
{
  double sum = 0.0;

  for (guint i = 0; i + 1 < n; i++)
    sum += x[i] * y[i + 1] - x[i + 1] * y[i];

  return sum / 2.0;
}

/* Decodes one ring into lon/lat, unwraps it across the antimeridian,
 * routes a ring that goes round a pole (Antarctica) through the pole,
 * closes it, shifts it so it starts west of 180° E, and projects it.
 * Returns the number of points, or 0 after setting @error. */
static guint
decode_ring (const ItemJob  *job,
             gsize           start,
             gsize           end,
             GArray         *x,
             GArray         *y,
             GError        **error)
{
  double lon_prev = 0.0;
  double lon_min = G_MAXDOUBLE;
  double *xs, *ys;
  double shift;
  guint n;

  /* Room for the ring, a polar detour and the closing point. */
  g_array_set_size (x, end - start + 3);
  g_array_set_size (y, end - start + 3);
  xs = (double *)(gpointer)x->data;
  ys = (double *)(gpointer)y->data;

  for (gsize i = start; i < end; i++)
    {
      double lon = job->lon[i] / job->lon_scale + job->lon_min;
      double lat = job->lat[i] / job->lat_scale + job->lat_min;

      if (!(lat >= -90.001 && lat <= 90.001) || !isfinite (lon))
        {
          g_set_error (error, CA_BASEMAP_ERROR, CA_BASEMAP_ERROR_CORRUPT,
                       "point %" G_GSIZE_FORMAT " of %s has latitude %g",
                       i, job->item->tag, lat);
          return 0;
        }

      if (i > start)
        {
          while (lon - lon_prev > 180.0)
            lon -= 360.0;
          while (lon - lon_prev < -180.0)
            lon += 360.0;
        }

      xs[i - start] = lon;
      ys[i - start] = lat;
      lon_prev = lon;
    }

  g_array_set_size (x, end - start);
  g_array_set_size (y, end - start);
  n = x->len;

  if (fabs (g_array_index (x, double, n - 1) - g_array_index (x, double, 0)) > 180.0)
    {
      /* The ring circles a pole: close it along the pole's parallel. */
      double pole = g_array_index (y, double, 0) < 0 ? -90.0 : 90.0;
      double lon_last = g_array_index (x, double, n - 1);
      double lon_first = g_array_index (x, double, 0);

      g_array_append_val (x, lon_last);
      g_array_append_val (y, pole);
      g_array_append_val (x, lon_first);
      g_array_append_val (y, pole);
    }

  if (g_array_index (x, double, x->len - 1) != g_array_index (x, double, 0) ||
      g_array_index (y, double, y->len - 1) != g_array_index (y, double, 0))
    {
      double lon_first = g_array_index (x, double, 0);
      double lat_first = g_array_index (y, double, 0);

      g_array_append_val (x, lon_first);
      g_array_append_val (y, lat_first);
    }

  n = x->len;
  for (guint i = 0; i < n; i++)
    lon_min = MIN (lon_min, g_array_index (x, double, i));
  shift = floor ((lon_min + 180.0) / 360.0) * 360.0;

  for (guint i = 0; i < n; i++)
    {
      double *lon = &g_array_index (x, double, i);
      double *lat = &g_array_index (y, double, i);

      *lon = ca_mercator_x_from_longitude (*lon - shift);
      *lat = ca_mercator_y_from_latitude (*lat);
    }

  return n;
}

static gboolean
build_item (ItemJob  *job,
            GError  **error)
{
  CaBasemapItem *item = job->item;
  ShapeBuilder builders[CA_BASEMAP_N_LEVELS];
  g_autoptr(GArray) x = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) y = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) significance = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (Span));
  g_autoptr(GArray) kept = g_array_new (FALSE, FALSE, sizeof (guint));
  gboolean ok = TRUE;
  gsize i = 0;

  if (job->n_values == 0 || job->lon[0] != DCW_SEPARATOR)
    {
      g_set_error (error, CA_BASEMAP_ERROR, CA_BASEMAP_ERROR_CORRUPT,
                   "%s does not start with a ring separator", item->tag);
      return FALSE;
    }

  for (guint l = 0; l < CA_BASEMAP_N_LEVELS; l++)
    {
      builders[l].points = g_array_new (FALSE, FALSE, sizeof (CaPointQ));
      builders[l].chunks = g_array_new (FALSE, FALSE, sizeof (CaChunk));
      builders[l].rings = g_array_new (FALSE, FALSE, sizeof (CaRing));
    }

  ca_bbox_init_empty (&item->bbox);

  while (i < job->n_values)
    {
      gboolean is_hole = job->lat[i] == 1;
      gsize start = ++i;
      double *cur_x, *cur_y;
      CaBBox bbox;
      guint n;

      while (i < job->n_values && job->lon[i] != DCW_SEPARATOR)
        i++;

      if (i - start < 3)
        continue;

      n = decode_ring (job, start, i, x, y, error);
      if (n == 0)
        {
          ok = FALSE;
          break;
        }

      if (is_hole)
        item->n_holes++;

      cur_x = (double *)(gpointer)x->data;
      cur_y = (double *)(gpointer)y->data;
      item->area += (is_hole ? -1 : 1) * fabs (ring_signed_area (cur_x, cur_y, n));

      ca_bbox_init_empty (&bbox);
      for (guint k = 0; k < n; k++)
        ca_bbox_expand (&bbox, cur_x[k], cur_y[k]);
      ca_bbox_expand (&item->bbox, bbox.x_min, bbox.y_min);
      ca_bbox_expand (&item->bbox, bbox.x_max, bbox.y_max);

      /* The radial pass is cheap and thins the densest runs; ranking
       * then decides which points each level keeps. */
      n = simplify_radial (cur_x, cur_y, n, level_tolerance (CA_BASEMAP_N_LEVELS - 1));
      if (n < 4)
        continue;

      g_array_set_size (significance, n);
      g_array_set_size (kept, n);
      rank_douglas_peucker (cur_x, cur_y, n, level_tolerance (CA_BASEMAP_N_LEVELS - 1),
                            (double *)(gpointer)significance->data, stack);

      for (int l = CA_BASEMAP_N_LEVELS - 1; l >= 0; l--)
        {
          double tolerance = level_tolerance (l);

          /* A ring smaller than a pixel vanishes at this zoom and below. */
          if (bbox.x_max - bbox.x_min < 2 * tolerance && bbox.y_max - bbox.y_min < 2 * tolerance)
            break;

          if (!shape_builder_add_ring (&builders[l], cur_x, cur_y,
                                       (const double *)(gpointer)significance->data, n, tolerance,
                                       (guint *)(gpointer)kept->data))
            break;
        }
    }

  for (guint l = 0; l < CA_BASEMAP_N_LEVELS; l++)
    {
      CaShape *shape = &item->levels[l];

      shape->n_points = builders[l].points->len;
      shape->n_chunks = builders[l].chunks->len;
      shape->n_rings = builders[l].rings->len;
      /* GArray keeps spare capacity; trim it, it would be a third more. */
      shape->points = g_realloc (g_array_free (builders[l].points, FALSE),
                                 shape->n_points * sizeof (CaPointQ));
      shape->chunks = g_realloc (g_array_free (builders[l].chunks, FALSE),
                                 shape->n_chunks * sizeof (CaChunk));
      shape->rings = g_realloc (g_array_free (builders[l].rings, FALSE),
                                shape->n_rings * sizeof (CaRing));
    }

  return ok;
}

static gboolean
shape_ring_contains (const CaShape *shape,
                     const CaRing  *ring,
                     double         x,
                     double         y)
{
  gboolean inside = FALSE;

  /* Even-odd ray casting towards +x; a chunk that the ray cannot cross is
   * skipped whole. */
  for (guint c = 0; c < ring->n_chunks; c++)
    {
      const CaChunk *chunk = &shape->chunks[ring->first_chunk + c];
      const CaPointQ *p = &shape->points[chunk->first];
      double ox, oy, sx, sy;

      if (chunk->bbox.y_min > y || chunk->bbox.y_max < y || chunk->bbox.x_max < x)
        continue;

      ca_chunk_get_transform (chunk, &ox, &oy, &sx, &sy);
      for (guint k = 0; k + 1 < chunk->n_points; k++)
        {
          double x0 = ox + p[k].x * sx, y0 = oy + p[k].y * sy;
          double x1 = ox + p[k + 1].x * sx, y1 = oy + p[k + 1].y * sy;

          if ((y0 > y) != (y1 > y) && x < x0 + (y - y0) * (x1 - x0) / (y1 - y0))
            inside = !inside;
        }
    }

  return inside;
}

static gboolean
shape_contains (const CaShape *shape,
                double         x,
                double         y)
{
  gboolean inside = FALSE;

  for (guint r = 0; r < shape->n_rings; r++)
    {
      const CaRing *ring = &shape->rings[r];

      if (x < ring->bbox.x_min || x > ring->bbox.x_max ||
          y < ring->bbox.y_min || y > ring->bbox.y_max)
        continue;

      if (shape_ring_contains (shape, ring, x, y))
        inside = !inside;
    }

  return inside;
}

/* Distance from (x, y) to the nearest edge of @ring. */
static double
ring_distance (const CaShape *shape,
               const CaRing  *ring,
               double         x,
               double         y)
{
  double best = G_MAXDOUBLE;

  for (guint c = 0; c < ring->n_chunks; c++)
    {
      const CaChunk *chunk = &shape->chunks[ring->first_chunk + c];
      const CaPointQ *p = &shape->points[chunk->first];
      double ox, oy, sx, sy;

      ca_chunk_get_transform (chunk, &ox, &oy, &sx, &sy);
      for (guint k = 0; k + 1 < chunk->n_points; k++)
        {
          double ax = ox + p[k].x * sx, ay = oy + p[k].y * sy;
          double dx = ox + p[k + 1].x * sx - ax, dy = oy + p[k + 1].y * sy - ay;
          double len2 = dx * dx + dy * dy;
          double t = len2 > 0 ? ((x - ax) * dx + (y - ay) * dy) / len2 : 0;
          double ex, ey;

          t = CLAMP (t, 0.0, 1.0);
          ex = ax + t * dx - x;
          ey = ay + t * dy - y;
          best = MIN (best, ex * ex + ey * ey);
        }
    }

  return sqrt (best);
}

/* Finds where a label sits best: the point of the item's largest ring
 * farthest from its edges, by a coarse grid search refined once. */
static void
place_label_point (CaBasemapItem *item)
{
  const CaShape *shape = NULL;
  const CaRing *ring = NULL;
  double best_area = -1, best_x, best_y, best_d = -1;
  double cell_w, cell_h;
  guint n = 16;

  item->label_x = (item->bbox.x_min + item->bbox.x_max) / 2;
  item->label_y = (item->bbox.y_min + item->bbox.y_max) / 2;

  for (guint l = 3; l < CA_BASEMAP_N_LEVELS && shape == NULL; l++)
    if (item->levels[l].n_rings > 0)
      shape = &item->levels[l];

  if (shape == NULL)
    return;

  for (guint r = 0; r < shape->n_rings; r++)
    {
      const CaRing *candidate = &shape->rings[r];
      double area = (candidate->bbox.x_max - candidate->bbox.x_min) *
                    (candidate->bbox.y_max - candidate->bbox.y_min);

      if (area > best_area)
        {
          best_area = area;
          ring = candidate;
        }
    }

  best_x = item->label_x;
  best_y = item->label_y;
  cell_w = (ring->bbox.x_max - ring->bbox.x_min) / n;
  cell_h = (ring->bbox.y_max - ring->bbox.y_min) / n;

  for (guint pass = 0; pass < 2; pass++)
    {
      double x0 = pass == 0 ? ring->bbox.x_min : best_x - cell_w;
      double y0 = pass == 0 ? ring->bbox.y_min : best_y - cell_h;
      double step_x = pass == 0 ? cell_w : 2 * cell_w / n;
      double step_y = pass == 0 ? cell_h : 2 * cell_h / n;

      for (guint i = 0; i < n; i++)
        for (guint j = 0; j < n; j++)
          {
            double x = x0 + (i + 0.5) * step_x;
            double y = y0 + (j + 0.5) * step_y;
            double d;

            if (!shape_ring_contains (shape, ring, x, y))
              continue;

            d = ring_distance (shape, ring, x, y);
            if (d > best_d)
              {
                best_d = d;
                best_x = x;
                best_y = y;
              }
          }
    }

  item->label_x = best_x;
  item->label_y = best_y;
}

static void
process_item_cb (gpointer data,
                 gpointer user_data)
{
  ItemJob *job = data;

  if (build_item (job, &job->error))
    place_label_point (job->item);

  g_clear_pointer (&job->lon, g_free);
  g_clear_pointer (&job->lat, g_free);

  g_mutex_lock (&job->throttle->mutex);
  job->throttle->in_flight--;
  g_cond_signal (&job->throttle->cond);
  g_mutex_unlock (&job->throttle->mutex);
}

static gboolean
read_attribute (int          ncid,
                int          varid,
                const char  *name,
                double      *value,
                const char  *var_name,
                const char  *path,
                GError     **error)
{
  int status = nc_get_att_double (ncid, varid, name, value);

  if (status != NC_NOERR || !isfinite (*value) || (g_str_equal (name, "scale") && *value <= 0))
    {
      g_set_error (error, CA_BASEMAP_ERROR, CA_BASEMAP_ERROR_CORRUPT,
                   _("The basemap file “%s” is damaged: %s has no valid “%s” attribute"),
                   path, var_name, name);
      return FALSE;
    }

  return TRUE;
}

static ItemJob *
read_item (int           ncid,
           int           lon_varid,
           const char   *tag,
           const char   *path,
           GError      **error)
{
  g_autofree char *lat_name = g_strdup_printf ("%s_lat", tag);
  g_autofree char *lon_name = g_strdup_printf ("%s_lon", tag);
  ItemJob *job;
  int lat_varid, dimid, ndims, status;
  size_t len;

  if (nc_inq_varid (ncid, lat_name, &lat_varid) != NC_NOERR)
    {
      g_set_error (error, CA_BASEMAP_ERROR, CA_BASEMAP_ERROR_CORRUPT,
                   _("The basemap file “%s” is damaged: %s has no %s"),
                   path, lon_name, lat_name);
      return NULL;
    }

  if (nc_inq_varndims (ncid, lon_varid, &ndims) != NC_NOERR || ndims != 1 ||
      nc_inq_vardimid (ncid, lon_varid, &dimid) != NC_NOERR ||
      nc_inq_dimlen (ncid, dimid, &len) != NC_NOERR)
    {
      g_set_error (error, CA_BASEMAP_ERROR, CA_BASEMAP_ERROR_CORRUPT,
                   _("The basemap file “%s” is damaged: %s is not a one-dimensional array"),
                   path, lon_name);
      return NULL;
    }

  job = g_new0 (ItemJob, 1);
  job->n_values = len;
  job->lon = g_new (guint16, MAX (len, 1));
  job->lat = g_new (guint16, MAX (len, 1));

  if (!read_attribute (ncid, lon_varid, "min", &job->lon_min, lon_name, path, error) ||
      !read_attribute (ncid, lon_varid, "scale", &job->lon_scale, lon_name, path, error) ||
      !read_attribute (ncid, lat_varid, "min", &job->lat_min, lat_name, path, error) ||
      !read_attribute (ncid, lat_varid, "scale", &job->lat_scale, lat_name, path, error))
    goto failed;

  /* Each array is one DEFLATE chunk that we read once: without this the
   * HDF5 chunk cache keeps a decompressed copy of every array until the
   * file is closed, doubling the memory that loading needs. */
  nc_set_var_chunk_cache (ncid, lon_varid, 0, 0, 0.0f);
  nc_set_var_chunk_cache (ncid, lat_varid, 0, 0, 0.0f);

  if ((status = nc_get_var_ushort (ncid, lon_varid, job->lon)) != NC_NOERR ||
      (status = nc_get_var_ushort (ncid, lat_varid, job->lat)) != NC_NOERR)
    {
      g_set_error (error, CA_BASEMAP_ERROR, CA_BASEMAP_ERROR_CORRUPT,
                   _("The basemap file “%s” is damaged: reading %s failed: %s"),
                   path, tag, nc_strerror (status));
      goto failed;
    }

  return job;

failed:
  g_free (job->lon);
  g_free (job->lat);
  g_free (job);
  return NULL;
}

CaBasemapItem *
_ca_basemap_item_new (const char *tag)
{
  CaBasemapItem *item = g_new0 (CaBasemapItem, 1);
  const CaPlaceName *name;

  item->tag = g_strdup (tag);
  if (strlen (tag) == 2)
    {
      item->kind = CA_PLACE_COUNTRY;
      item->code = g_strdup (tag);
    }
  else
    {
      item->kind = CA_PLACE_PROVINCE;
      item->code = g_strdup_printf ("%.2s-%s", tag, tag + 2);
    }

  name = ca_place_names_lookup (item->code);
  if (name != NULL)
    {
      item->name_en = name->name_en;
      item->label_zh = ca_place_name_get_label (name, CA_LANGUAGE_CHINESE);
    }

  return item;
}

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const CaBasemapItem *item_a = *(const CaBasemapItem * const *)a;
  const CaBasemapItem *item_b = *(const CaBasemapItem * const *)b;

  if (item_a->kind != item_b->kind)
    return item_a->kind - item_b->kind;

  return strcmp (item_a->code, item_b->code);
}

/* Reads every country and China's provinces; other countries' states
 * are not part of our basemap. */
static gboolean
wanted_tag (const char *tag)
{
  gsize len = strlen (tag);

  if (len == 2)
    return g_ascii_isupper (tag[0]) && g_ascii_isupper (tag[1]);

  return len == 4 && g_str_has_prefix (tag, "CN");
}

/**
 * ca_basemap_load:
 * @path: a DCW-GMT netCDF file
 *
 * Reads, decodes, simplifies and indexes the countries and China's
 * provinces.  This blocks for a fraction of a second: call it from a
 * thread.
 *
 * Returns: (transfer full): the basemap, or %NULL with @error set
 */
CaBasemap *
ca_basemap_load (const char    *path,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) local_error = NULL;
  GThreadPool *pool;
  Throttle throttle = { 0 };
  guint max_in_flight;
  guint n_provinces = 0;
  int ncid, nvars, status;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, CA_BASEMAP_ERROR, CA_BASEMAP_ERROR_NOT_FOUND,
                   _("The basemap file “%s” does not exist. Install the gmt-dcw package, "
                     "or point the CORRIDOR_ATLAS_DCW environment variable or the "
                     "dcw-path setting at a DCW-GMT file."),
                   path);
      return NULL;
    }

  G_LOCK (netcdf);

  /* HDF5 keeps its error printing per thread, and libnetcdf only turns
   * it off in the thread that first used it: probing for optional
   * attributes would otherwise fill stderr with traces. */
  H5Eset_auto2 (H5E_DEFAULT, NULL, NULL);

  if ((status = nc_open (path, NC_NOWRITE, &ncid)) != NC_NOERR)
    {
      G_UNLOCK (netcdf);
      g_set_error (error, CA_BASEMAP_ERROR, CA_BASEMAP_ERROR_CORRUPT,
                   _("The basemap file “%s” could not be read: %s"),
                   path, nc_strerror (status));
      return NULL;
    }

  items = g_ptr_array_new_with_free_func (_ca_basemap_item_free);
  jobs = g_ptr_array_new_with_free_func (g_free);
  pool = g_thread_pool_new (process_item_cb, NULL, MAX (1, (int)g_get_num_processors ()),
                            FALSE, NULL);
  max_in_flight = 2 * MAX (1, g_get_num_processors ());
  g_mutex_init (&throttle.mutex);
  g_cond_init (&throttle.cond);

  if ((status = nc_inq_nvars (ncid, &nvars)) != NC_NOERR)
    {
      g_set_error (&local_error, CA_BASEMAP_ERROR, CA_BASEMAP_ERROR_CORRUPT,
                   _("The basemap file “%s” could not be read: %s"),
                   path, nc_strerror (status));
      nvars = 0;
    }

  for (int varid = 0; varid < nvars && local_error == NULL; varid++)
    {
      char name[NC_MAX_NAME + 1];
      ItemJob *job;
      gsize len;

      if (g_cancellable_set_error_if_cancelled (cancellable, &local_error))
        break;

      if (nc_inq_varname (ncid, varid, name) != NC_NOERR || !g_str_has_suffix (name, "_lon"))
        continue;

      len = strlen (name) - 4;
      name[len] = '\0';
      if (!wanted_tag (name))
        continue;

      g_mutex_lock (&throttle.mutex);
      while (throttle.in_flight >= max_in_flight)
        g_cond_wait (&throttle.cond, &throttle.mutex);
      g_mutex_unlock (&throttle.mutex);

      job = read_item (ncid, varid, name, path, &local_error);
      if (job == NULL)
        break;

      g_mutex_lock (&throttle.mutex);
      throttle.in_flight++;
      g_mutex_unlock (&throttle.mutex);

      job->throttle = &throttle;
      job->item = _ca_basemap_item_new (name);
      g_ptr_array_add (jobs, job);
      g_thread_pool_push (pool, job, NULL);
    }

  /* Wait for the workers before anything they point at goes away. */
  g_thread_pool_free (pool, FALSE, TRUE);
  nc_close (ncid);
  G_UNLOCK (netcdf);
  g_mutex_clear (&throttle.mutex);
  g_cond_clear (&throttle.cond);

  for (guint i = 0; i < jobs->len; i++)
    {
      ItemJob *job = g_ptr_array_index (jobs, i);

      if (job->error != NULL && local_error == NULL)
        {
          g_set_error (&local_error, CA_BASEMAP_ERROR, CA_BASEMAP_ERROR_CORRUPT,
                       _("The basemap file “%s” is damaged: %s"),
                       path, job->error->message);
        }
      g_clear_error (&job->error);

      g_ptr_array_add (items, job->item);
      if (job->item->kind == CA_PLACE_PROVINCE)
        n_provinces++;
    }

  if (local_error == NULL && n_provinces == 0)
    g_set_error (&local_error, CA_BASEMAP_ERROR, CA_BASEMAP_ERROR_CORRUPT,
                 _("The basemap file “%s” has no provinces of China: it is not a DCW-GMT file"),
                 path);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return _ca_basemap_new (path, g_steal_pointer (&items), NULL);
}

/**
 * _ca_basemap_new:
 * @items: (transfer full): the items
 * @mapping: (nullable): the cache file the items' geometry points into
 */
CaBasemap *
_ca_basemap_new (const char  *path,
                 GPtrArray   *items,
                 GMappedFile *mapping)
{
  CaBasemap *self = g_object_new (CA_TYPE_BASEMAP, NULL);

  self->path = g_strdup (path);
  self->mapping = mapping != NULL ? g_mapped_file_ref (mapping) : NULL;
  self->items = items;

  g_ptr_array_sort (self->items, compare_items);
  for (guint i = 0; i < self->items->len; i++)
    {
      CaBasemapItem *item = g_ptr_array_index (self->items, i);

      g_hash_table_insert (self->items_by_code, item->code, item);
    }

  return self;
}

GPtrArray *
_ca_basemap_get_items (CaBasemap *self)
{
  return self->items;
}

/**
 * ca_basemap_load_from_cache:
 * @path: a DCW-GMT netCDF file
 * @cache_dir: the folder ca_basemap_load_cached() saves to
 *
 * Maps the processed basemap saved for @path, without ever reading
 * netCDF: a few milliseconds.
 *
 * Returns: (transfer full): the basemap, or %NULL with @error set when
 *   there is no cache for @path as it is now
 */
CaBasemap *
ca_basemap_load_from_cache (const char  *path,
                            const char  *cache_dir,
                            GError     **error)
{
  g_autofree char *cache_path = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (cache_dir != NULL, NULL);

  cache_path = _ca_basemap_cache_path (cache_dir, path);

  return _ca_basemap_cache_load (cache_path, path, error);
}

/**
 * ca_basemap_load_cached:
 * @path: a DCW-GMT netCDF file
 * @cache_dir: (nullable): a folder for the processed basemap, or %NULL
 *
 * Like ca_basemap_load(), but first looks in @cache_dir for the result of
 * an earlier load of the same file (same path, size and modification
 * time), which opens in milliseconds and shares its pages with the file
 * cache.  After a fresh load it saves the result there.  A cache that is
 * missing, stale or damaged is rebuilt; failing to save it is not an
 * error.
 *
 * Returns: (transfer full): the basemap, or %NULL with @error set
 */
CaBasemap *
ca_basemap_load_cached (const char    *path,
                        const char    *cache_dir,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GError) cache_error = NULL;
  g_autofree char *cache_path = NULL;
  CaBasemap *self;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), NULL);

  if (cache_dir == NULL)
    return ca_basemap_load (path, cancellable, error);

  cache_path = _ca_basemap_cache_path (cache_dir, path);
  self = _ca_basemap_cache_load (cache_path, path, &cache_error);
  if (self != NULL)
    return self;

  g_debug ("Rebuilding the basemap cache %s: %s", cache_path, cache_error->message);
  g_clear_error (&cache_error);

  self = ca_basemap_load (path, cancellable, error);
  if (self != NULL && !_ca_basemap_cache_save (self, cache_path, &cache_error))
    g_debug ("Could not save the basemap cache %s: %s", cache_path, cache_error->message);

  return self;
}

CaLabelCache *
_ca_basemap_get_label_cache (CaBasemap *self)
{
  return self->label_cache;
}

const char *
ca_basemap_get_path (CaBasemap *self)
{
  g_return_val_if_fail (CA_IS_BASEMAP (self), NULL);

  return self->path;
}

guint
ca_basemap_get_n_items (CaBasemap *self)
{
  g_return_val_if_fail (CA_IS_BASEMAP (self), 0);

  return self->items->len;
}

const CaBasemapItem *
ca_basemap_get_item (CaBasemap *self,
                     guint      index)
{
  g_return_val_if_fail (CA_IS_BASEMAP (self), NULL);
  g_return_val_if_fail (index < self->items->len, NULL);

  return g_ptr_array_index (self->items, index);
}

const CaBasemapItem *
ca_basemap_find_item (CaBasemap  *self,
                      const char *code)
{
  g_return_val_if_fail (CA_IS_BASEMAP (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  return g_hash_table_lookup (self->items_by_code, code);
}

/**
 * ca_basemap_lookup:
 *
 * Finds the country or province that contains a point, at the finest
 * level of detail.
 *
 * Returns: (nullable): the item, or %NULL over the sea
 */
const CaBasemapItem *
ca_basemap_lookup (CaBasemap   *self,
                   double       longitude,
                   double       latitude,
                   CaPlaceKind  kind)
{
  g_return_val_if_fail (CA_IS_BASEMAP (self), NULL);

  for (guint i = 0; i < self->items->len; i++)
    {
      const CaBasemapItem *item = g_ptr_array_index (self->items, i);

      if (item->kind == kind && ca_basemap_item_contains (item, longitude, latitude))
        return item;
    }

  return NULL;
}

gsize
ca_basemap_get_n_points (CaBasemap *self,
                         guint      level)
{
  gsize n = 0;

  g_return_val_if_fail (CA_IS_BASEMAP (self), 0);
  g_return_val_if_fail (level < CA_BASEMAP_N_LEVELS, 0);

  for (guint i = 0; i < self->items->len; i++)
    n += ((CaBasemapItem *)g_ptr_array_index (self->items, i))->levels[level].n_points;

  return n;
}

gsize
ca_basemap_get_memory_size (CaBasemap *self)
{
  gsize size = 0;

  g_return_val_if_fail (CA_IS_BASEMAP (self), 0);

  for (guint i = 0; i < self->items->len; i++)
    {
      const CaBasemapItem *item = g_ptr_array_index (self->items, i);

      size += sizeof *item;
      for (guint l = 0; l < CA_BASEMAP_N_LEVELS; l++)
        size += item->levels[l].n_points * sizeof (CaPointQ) +
                item->levels[l].n_chunks * sizeof (CaChunk) +
                item->levels[l].n_rings * sizeof (CaRing);
    }

  return size;
}

const char *
ca_basemap_item_get_code (const CaBasemapItem *item)
{
  g_return_val_if_fail (item != NULL, NULL);

  return item->code;
}

CaPlaceKind
ca_basemap_item_get_kind (const CaBasemapItem *item)
{
  g_return_val_if_fail (item != NULL, CA_PLACE_COUNTRY);

  return item->kind;
}

/**
 * ca_basemap_item_get_label:
 *
 * Returns: the item's name in @language, falling back to English and then
 *   to its code when the name tables do not know it
 */
const char *
ca_basemap_item_get_label (const CaBasemapItem *item,
                           CaLanguage           language)
{
  g_return_val_if_fail (item != NULL, NULL);

  if (language == CA_LANGUAGE_CHINESE && item->label_zh != NULL)
    return item->label_zh;

  return item->name_en != NULL ? item->name_en : item->code;
}

void
ca_basemap_item_get_bounds (const CaBasemapItem *item,
                            double              *west,
                            double              *south,
                            double              *east,
                            double              *north)
{
  g_return_if_fail (item != NULL);

  *west = ca_mercator_longitude_from_x (item->bbox.x_min);
  *east = ca_mercator_longitude_from_x (item->bbox.x_max);
  *north = ca_mercator_latitude_from_y (item->bbox.y_min);
  *south = ca_mercator_latitude_from_y (item->bbox.y_max);
}

void
ca_basemap_item_get_label_point (const CaBasemapItem *item,
                                 double              *longitude,
                                 double              *latitude)
{
  g_return_if_fail (item != NULL);

  *longitude = ca_mercator_longitude_from_x (item->label_x);
  *latitude = ca_mercator_latitude_from_y (item->label_y);
}

guint
ca_basemap_item_get_n_rings (const CaBasemapItem *item,
                             guint                level)
{
  g_return_val_if_fail (item != NULL, 0);
  g_return_val_if_fail (level < CA_BASEMAP_N_LEVELS, 0);

  return item->levels[level].n_rings;
}

guint
ca_basemap_item_get_n_holes (const CaBasemapItem *item)
{
  g_return_val_if_fail (item != NULL, 0);

  return item->n_holes;
}

/**
 * ca_basemap_item_contains:
 *
 * Returns: whether the point lies inside the item at the finest level of
 *   detail, holes excluded
 */
gboolean
ca_basemap_item_contains (const CaBasemapItem *item,
                          double               longitude,
                          double               latitude)
{
  double x = ca_mercator_x_from_longitude (longitude);
  double y = ca_mercator_y_from_latitude (latitude);
  const CaShape *shape;

  g_return_val_if_fail (item != NULL, FALSE);

  shape = &item->levels[CA_BASEMAP_N_LEVELS - 1];

  if (y < item->bbox.y_min || y > item->bbox.y_max)
    return FALSE;

  /* Rings that cross the antimeridian run past x = 1, so a point is also
   * looked for one world east and west. */
  for (guint i = 0; i < 3; i++)
    {
      double shifted = x + (int[]) { 0, 1, -1 }[i];

      if (shifted >= item->bbox.x_min && shifted <= item->bbox.x_max &&
          shape_contains (shape, shifted, y))
        return TRUE;
    }

  return FALSE;
}
