/* ca-basemap-draw.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ca-basemap-draw"

#include "config.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "ca-basemap-draw.h"
#include "ca-basemap-private.h"

/* One function draws the basemap for every surface: a 256 px tile in a
 * worker thread, a window-sized image, or a PDF page.  It only reads the
 * basemap, so any number of threads may draw at once; the label placement
 * cache is the only shared state and has its own lock.
 */

#define RGB(hex) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0 }

static const CaBasemapPalette palettes[] = {
  [CA_BASEMAP_STYLE_LIGHT] = {
    .sea = RGB (0xc3d9e4),
    .land = RGB (0xe8e4da),
    .china = RGB (0xf7f3e8),
    .border = RGB (0x8c8579),
    .province_border = RGB (0xb9ae9c),
    .country_label = RGB (0x4d463c),
    .province_label = RGB (0x6f6453),
    .halo = RGB (0xfbf9f4),
  },
  [CA_BASEMAP_STYLE_DARK] = {
    .sea = RGB (0x17252f),
    .land = RGB (0x2f3337),
    .china = RGB (0x3a3e42),
    .border = RGB (0x7b8289),
    .province_border = RGB (0x575e65),
    .country_label = RGB (0xd6d1c8),
    .province_label = RGB (0xaca69b),
    .halo = RGB (0x1e2226),
  },
};

/* Labels are placed once per zoom (in quarter steps) and language, in
 * world pixels, so that every tile of a zoom agrees on them and a label
 * that straddles two tiles is drawn half in each. */
#define ZOOM_STEPS 4
#define LABEL_PADDING 6.0
#define HALO_WIDTH 3.0

typedef struct
{
  const CaBasemapItem *item;
  const char          *text;
  gboolean             is_country;
  double               x;       /* world units, centre */
  double               y;
  double               width;   /* pixels */
  double               height;
} PlacedLabel;

typedef struct
{
  PlacedLabel *labels;
  guint        n_labels;
} Placement;

struct _CaLabelCache
{
  GMutex      mutex;
  GHashTable *placements;
};

static void
placement_free (gpointer data)
{
  Placement *placement = data;

  g_free (placement->labels);
  g_free (placement);
}

CaLabelCache *
_ca_label_cache_new (void)
{
  CaLabelCache *cache = g_new0 (CaLabelCache, 1);

  g_mutex_init (&cache->mutex);
  cache->placements = g_hash_table_new_full (NULL, NULL, NULL, placement_free);

  return cache;
}

void
_ca_label_cache_free (CaLabelCache *cache)
{
  g_hash_table_unref (cache->placements);
  g_mutex_clear (&cache->mutex);
  g_free (cache);
}

const CaBasemapPalette *
ca_basemap_palette_get (CaBasemapStyle style)
{
  g_return_val_if_fail (style <= CA_BASEMAP_STYLE_DARK, &palettes[0]);

  return &palettes[style];
}

void
ca_basemap_options_init (CaBasemapOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->style = CA_BASEMAP_STYLE_LIGHT;
  options->language = ca_language_from_locale ();
  options->show_labels = TRUE;
  options->detail_scale = 0;
}

static void
set_source_rgb (cairo_t     *cr,
                const CaRgb *rgb)
{
  cairo_set_source_rgb (cr, rgb->red, rgb->green, rgb->blue);
}

static PangoFontDescription *
label_font (gboolean is_country,
            double   zoom)
{
  PangoFontDescription *font = pango_font_description_from_string ("Sans");

  if (is_country)
    {
      pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
      pango_font_description_set_absolute_size (font, (zoom < 4 ? 11 : 13) * PANGO_SCALE);
    }
  else
    {
      pango_font_description_set_absolute_size (font, 12 * PANGO_SCALE);
    }

  return font;
}

static gboolean
wants_label (const CaBasemapItem *item,
             double               zoom)
{
  if (item->kind == CA_PLACE_PROVINCE)
    return zoom >= 4;

  /* Taiwan is labelled as a province of China; China's own label gives
   * way to its provinces once they are readable. */
  if (g_str_equal (item->code, "TW"))
    return FALSE;
  if (g_str_equal (item->code, "CN"))
    return zoom < 5;

  return TRUE;
}

static int
compare_by_priority (gconstpointer a,
                     gconstpointer b)
{
  const PlacedLabel *la = a;
  const PlacedLabel *lb = b;
  double pa = la->item->area;
  double pb = lb->item->area;

  return pa < pb ? 1 : pa > pb ? -1 : strcmp (la->item->code, lb->item->code);
}

static gboolean
collides (const PlacedLabel *a,
          const PlacedLabel *b,
          double             world_size)
{
  double dx = fabs (a->x - b->x) * world_size;
  double dy = fabs (a->y - b->y) * world_size;

  return dx < (a->width + b->width) / 2 + LABEL_PADDING &&
         dy < (a->height + b->height) / 2 + LABEL_PADDING;
}

static Placement *
place_labels (CaBasemap  *basemap,
              double      zoom,
              CaLanguage  language)
{
  PangoContext *context;
  PangoLayout *layout;
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (PlacedLabel));
  double world_size = CA_TILE_SIZE * exp2 (zoom);
  Placement *placement = g_new0 (Placement, 1);
  guint n_items = ca_basemap_get_n_items (basemap);

  context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  pango_context_set_language (context, ca_language_get_pango (language));
  layout = pango_layout_new (context);

  for (guint i = 0; i < n_items; i++)
    {
      const CaBasemapItem *item = ca_basemap_get_item (basemap, i);
      PangoFontDescription *font;
      PangoRectangle logical;
      PlacedLabel label;
      double bbox_width;

      if (!wants_label (item, zoom))
        continue;

      label.item = item;
      label.text = ca_basemap_item_get_label (item, language);
      label.is_country = item->kind == CA_PLACE_COUNTRY;
      label.x = item->label_x;
      label.y = item->label_y;

      font = label_font (label.is_country, zoom);
      pango_layout_set_font_description (layout, font);
      pango_font_description_free (font);
      pango_layout_set_text (layout, label.text, -1);
      pango_layout_get_pixel_extents (layout, NULL, &logical);
      label.width = logical.width;
      label.height = logical.height;

      /* A label shows only when its place is big enough to hold it. */
      bbox_width = (item->bbox.x_max - item->bbox.x_min) * world_size;
      if (bbox_width < label.width * 0.8 ||
          item->area * world_size * world_size < label.width * label.height * 1.5)
        continue;

      g_array_append_val (candidates, label);
    }

  g_object_unref (layout);
  g_object_unref (context);

  g_array_sort (candidates, compare_by_priority);

  placement->labels = g_new (PlacedLabel, MAX (candidates->len, 1));
  for (guint i = 0; i < candidates->len; i++)
    {
      const PlacedLabel *label = &g_array_index (candidates, PlacedLabel, i);
      gboolean free_spot = TRUE;

      for (guint j = 0; j < placement->n_labels && free_spot; j++)
        free_spot = !collides (label, &placement->labels[j], world_size);

      if (free_spot)
        placement->labels[placement->n_labels++] = *label;
    }

  return placement;
}

static const Placement *
get_placement (CaBasemap  *basemap,
               double      zoom,
               CaLanguage  language)
{
  CaLabelCache *cache = _ca_basemap_get_label_cache (basemap);
  int zoom_key = (int)lround (zoom * ZOOM_STEPS);
  gpointer key = GINT_TO_POINTER ((zoom_key << 1 | (language == CA_LANGUAGE_CHINESE)) + 1);
  Placement *placement;

  g_mutex_lock (&cache->mutex);
  placement = g_hash_table_lookup (cache->placements, key);
  if (placement == NULL)
    {
      placement = place_labels (basemap, (double)zoom_key / ZOOM_STEPS, language);
      g_hash_table_insert (cache->placements, key, placement);
    }
  g_mutex_unlock (&cache->mutex);

  /* Placements are never removed before the basemap is finalized. */
  return placement;
}

static void
draw_labels (CaBasemap              *basemap,
             cairo_t                *cr,
             const CaView           *view,
             const CaBasemapOptions *options,
             const CaBasemapPalette *palette)
{
  const Placement *placement = get_placement (basemap, view->zoom, options->language);
  double zoom = (double)lround (view->zoom * ZOOM_STEPS) / ZOOM_STEPS;
  PangoLayout *layout = NULL;

  for (guint i = 0; i < placement->n_labels; i++)
    {
      const PlacedLabel *label = &placement->labels[i];
      PangoFontDescription *font;
      double px, py, left, top;

      ca_view_world_to_pixel (view, label->x, label->y, &px, &py);

      /* Placement happened at the quantized zoom: keep the label's centre
       * where the item is, and its size as measured. */
      left = px - label->width / 2;
      top = py - label->height / 2;
      if (left > view->width + HALO_WIDTH || top > view->height + HALO_WIDTH ||
          left + label->width < -HALO_WIDTH || top + label->height < -HALO_WIDTH)
        continue;

      if (layout == NULL)
        {
          layout = pango_cairo_create_layout (cr);
          pango_context_set_language (pango_layout_get_context (layout), ca_language_get_pango (options->language));
          pango_layout_context_changed (layout);
        }

      font = label_font (label->is_country, zoom);
      pango_layout_set_font_description (layout, font);
      pango_font_description_free (font);
      pango_layout_set_text (layout, label->text, -1);

      cairo_move_to (cr, left, top);
      pango_cairo_layout_path (cr, layout);
      set_source_rgb (cr, &palette->halo);
      cairo_set_line_width (cr, HALO_WIDTH);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_stroke (cr);

      cairo_move_to (cr, left, top);
      set_source_rgb (cr, label->is_country ? &palette->country_label : &palette->province_label);
      pango_cairo_show_layout (cr, layout);
    }

  g_clear_object (&layout);
}

/* Appends a closed ring for filling.  A chunk that lies wholly beyond one
 * edge of @clip is replaced by the straight line to its last point: both
 * paths stay in that outside half-plane, so the winding number of every
 * point inside @clip is unchanged, and a ring with a hundred thousand
 * points costs only its chunk count away from the view. */
static void
append_ring_fill (cairo_t       *cr,
                  const CaShape *shape,
                  const CaRing  *ring,
                  const CaBBox  *clip)
{
  const CaChunk *chunk = &shape->chunks[ring->first_chunk];
  const CaPointQ *first = &shape->points[chunk->first];
  double ox, oy, sx, sy;

  ca_chunk_get_transform (chunk, &ox, &oy, &sx, &sy);
  cairo_move_to (cr, ox + first->x * sx, oy + first->y * sy);

  for (guint c = 0; c < ring->n_chunks; c++, chunk++)
    {
      const CaPointQ *p = &shape->points[chunk->first];

      ca_chunk_get_transform (chunk, &ox, &oy, &sx, &sy);

      if (!ca_bbox_f_intersects (&chunk->bbox, clip))
        {
          const CaPointQ *last = &p[chunk->n_points - 1];

          cairo_line_to (cr, ox + last->x * sx, oy + last->y * sy);
          continue;
        }

      for (guint k = 1; k < chunk->n_points; k++)
        cairo_line_to (cr, ox + p[k].x * sx, oy + p[k].y * sy);
    }

  cairo_close_path (cr);
}

/* Appends the parts of a ring's outline that may be visible in @clip. */
static void
append_ring_stroke (cairo_t       *cr,
                    const CaShape *shape,
                    const CaRing  *ring,
                    const CaBBox  *clip)
{
  gboolean drawing = FALSE;

  for (guint c = 0; c < ring->n_chunks; c++)
    {
      const CaChunk *chunk = &shape->chunks[ring->first_chunk + c];
      const CaPointQ *p = &shape->points[chunk->first];
      double ox, oy, sx, sy;

      if (!ca_bbox_f_intersects (&chunk->bbox, clip))
        {
          drawing = FALSE;
          continue;
        }

      ca_chunk_get_transform (chunk, &ox, &oy, &sx, &sy);
      for (guint k = drawing ? 1 : 0; k < chunk->n_points; k++)
        {
          double x = ox + p[k].x * sx;
          double y = oy + p[k].y * sy;

          /* Points off the Mercator square belong to the detour that closes
           * a ring round a pole: it fills, but it is not a coast. */
          if (y < 0.0 || y > 1.0)
            drawing = FALSE;
          else if (drawing)
            cairo_line_to (cr, x, y);
          else
            {
              cairo_move_to (cr, x, y);
              drawing = TRUE;
            }
        }
    }
}

typedef enum
{
  APPEND_FILL,
  APPEND_STROKE,
} AppendMode;

/* Appends an item's rings that meet @clip (world units) in user space,
 * repeated one world east or west when the item crosses the antimeridian
 * or the view does.  Returns whether anything was appended. */
static gboolean
append_item (cairo_t             *cr,
             const CaView        *view,
             const CaBasemapItem *item,
             guint                level,
             const CaBBox        *clip,
             AppendMode           mode)
{
  const CaShape *shape = &item->levels[level];
  double world_size = ca_view_get_world_size (view);
  gboolean appended = FALSE;

  for (int offset = -1; offset <= 1; offset++)
    {
      CaBBox shifted = { clip->x_min - offset, clip->y_min, clip->x_max - offset, clip->y_max };

      if (!ca_bbox_intersects (&item->bbox, &shifted))
        continue;

      cairo_save (cr);
      cairo_translate (cr, view->width / 2, view->height / 2);
      cairo_scale (cr, world_size, world_size);
      cairo_translate (cr, offset - view->center_x, -view->center_y);

      for (guint r = 0; r < shape->n_rings; r++)
        {
          const CaRing *ring = &shape->rings[r];

          if (!ca_bbox_f_intersects (&ring->bbox, &shifted))
            continue;

          if (mode == APPEND_FILL)
            append_ring_fill (cr, shape, ring, &shifted);
          else
            append_ring_stroke (cr, shape, ring, &shifted);
          appended = TRUE;
        }

      /* The path keeps device coordinates; only the matrix is restored. */
      cairo_restore (cr);
    }

  return appended;
}

/* How many device pixels one user-space pixel covers, for choosing detail. */
double
_ca_basemap_detail_scale_from_context (cairo_t *cr)
{
  double dx = 1.0, dy = 0.0;

  cairo_user_to_device_distance (cr, &dx, &dy);

  return MAX (hypot (dx, dy), 1e-3);
}

/* Rows of device pixels stroked at a time when drawing may be cancelled. */
#define BAND_ROWS 512

/* Strokes the current path, and clears it.  With a cancellable, as
 * bands of whole device rows: the stroke of every border in the world
 * at 600 dpi is a third of a second, which a Cancel should not wait for.
 * The bands are pixel-aligned, so they meet without seams or overlaps.
 * Returns %FALSE if cancelled, the stroke unfinished. */
static gboolean
stroke_in_bands (cairo_t      *cr,
                 GCancellable *cancellable)
{
  cairo_matrix_t matrix;
  cairo_path_t *path;
  double x1, y1, x2, y2;
  gboolean done = TRUE;

  if (cancellable == NULL)
    {
      cairo_stroke (cr);
      return TRUE;
    }

  path = cairo_copy_path (cr);
  cairo_new_path (cr);
  cairo_get_matrix (cr, &matrix);
  cairo_save (cr);
  cairo_identity_matrix (cr);
  cairo_clip_extents (cr, &x1, &y1, &x2, &y2);
  cairo_restore (cr);

  for (double top = floor (y1); top < y2; top += BAND_ROWS)
    {
      if (g_cancellable_is_cancelled (cancellable))
        {
          done = FALSE;
          break;
        }
      cairo_save (cr);
      cairo_identity_matrix (cr);
      cairo_rectangle (cr, floor (x1), top, ceil (x2) - floor (x1), BAND_ROWS);
      cairo_clip (cr);
      cairo_set_matrix (cr, &matrix);
      cairo_append_path (cr, path);
      cairo_stroke (cr);
      cairo_restore (cr);
    }
  cairo_path_destroy (path);

  return done;
}

/**
 * ca_basemap_draw:
 * @basemap: (nullable): the basemap, or %NULL to draw only the sea
 * @cr: a cairo context whose user space is @view's pixels
 * @view: the part of the world to draw
 * @options: style, language and labels
 *
 * Draws sea, land, China's provinces, borders and labels.
 */
void
ca_basemap_draw (CaBasemap              *basemap,
                 cairo_t                *cr,
                 const CaView           *view,
                 const CaBasemapOptions *options)
{
  const CaBasemapPalette *palette;
  double detail_scale, margin, world_size, line_scale;
  CaBBox clip;
  guint level, n_items;

  g_return_if_fail (!basemap || CA_IS_BASEMAP (basemap));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (view != NULL);
  g_return_if_fail (options != NULL);

  palette = ca_basemap_palette_get (options->style);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, view->width, view->height);
  cairo_clip (cr);
  set_source_rgb (cr, &palette->sea);
  cairo_paint (cr);

  if (basemap == NULL)
    {
      cairo_restore (cr);
      return;
    }

  detail_scale = options->detail_scale > 0 ? options->detail_scale : _ca_basemap_detail_scale_from_context (cr);
  level = _ca_basemap_level_for_zoom (view->zoom + log2 (detail_scale));
  world_size = ca_view_get_world_size (view);
  margin = 4.0 / world_size;
  ca_view_get_world_bbox (view, &clip);
  clip.x_min -= margin;
  clip.y_min -= margin;
  clip.x_max += margin;
  clip.y_max += margin;

  n_items = ca_basemap_get_n_items (basemap);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);

  /* Land, one country at a time: rings of one country may nest (holes,
   * enclaves), rings of different countries do not. */
  for (guint i = 0; i < n_items; i++)
    {
      const CaBasemapItem *item = ca_basemap_get_item (basemap, i);

      if (item->kind != CA_PLACE_COUNTRY)
        continue;
      if (options->cancellable != NULL && g_cancellable_is_cancelled (options->cancellable))
        goto out;

      cairo_new_path (cr);
      if (!append_item (cr, view, item, level, &clip, APPEND_FILL))
        continue;

      set_source_rgb (cr, g_str_equal (item->code, "CN") || g_str_equal (item->code, "TW")
                          ? &palette->china : &palette->land);
      cairo_fill (cr);
    }

  /* Lines thicken a little as the map zooms in. */
  line_scale = CLAMP (0.6 + view->zoom * 0.08, 0.6, 1.4);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  if (view->zoom >= 3)
    {
      cairo_new_path (cr);
      for (guint i = 0; i < n_items; i++)
        {
          const CaBasemapItem *item = ca_basemap_get_item (basemap, i);

          if (item->kind == CA_PLACE_PROVINCE)
            append_item (cr, view, item, level, &clip, APPEND_STROKE);
        }
      set_source_rgb (cr, &palette->province_border);
      cairo_set_line_width (cr, 0.8 * line_scale);
      if (!stroke_in_bands (cr, options->cancellable))
        goto out;
    }

  cairo_new_path (cr);
  for (guint i = 0; i < n_items; i++)
    {
      const CaBasemapItem *item = ca_basemap_get_item (basemap, i);

      if (item->kind == CA_PLACE_COUNTRY)
        append_item (cr, view, item, level, &clip, APPEND_STROKE);
    }
  set_source_rgb (cr, &palette->border);
  cairo_set_line_width (cr, line_scale);
  if (!stroke_in_bands (cr, options->cancellable))
    goto out;

  if (options->show_labels)
    draw_labels (basemap, cr, view, options, palette);

out:
  cairo_new_path (cr);
  cairo_restore (cr);
}

/**
 * ca_basemap_draw_outline:
 * @color: the line's colour
 * @width: the line's width, in view pixels
 *
 * Strokes the outline of one country or province, to highlight it: a
 * light casing under a line of @color.
 */
void
ca_basemap_draw_outline (const CaBasemapItem *item,
                         cairo_t             *cr,
                         const CaView        *view,
                         const CaRgb         *color,
                         double               width)
{
  double margin = (width + 4.0) / ca_view_get_world_size (view);
  double dx = 1.0, dy = 0.0;
  CaBBox clip;
  guint level;

  g_return_if_fail (item != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (view != NULL);

  cairo_user_to_device_distance (cr, &dx, &dy);
  level = _ca_basemap_level_for_zoom (view->zoom + log2 (MAX (hypot (dx, dy), 1e-3)));
  ca_view_get_world_bbox (view, &clip);
  clip.x_min -= margin;
  clip.y_min -= margin;
  clip.x_max += margin;
  clip.y_max += margin;

  cairo_save (cr);
  cairo_new_path (cr);
  if (append_item (cr, view, item, level, &clip, APPEND_STROKE))
    {
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      cairo_set_source_rgba (cr, 1, 1, 1, 0.85);
      cairo_set_line_width (cr, width + 3);
      cairo_stroke_preserve (cr);
      set_source_rgb (cr, color);
      cairo_set_line_width (cr, width);
      cairo_stroke (cr);
    }
  cairo_new_path (cr);
  cairo_restore (cr);
}
