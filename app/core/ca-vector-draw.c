/* ca-vector-draw.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ca-vector-draw"

#include "config.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "ca-tile-cache.h"
#include "ca-vector-draw.h"

/* One function draws a vector layer for every surface: the map widget's
 * frames, PNG, PDF and SVG exports.  Everything is in view pixels.
 *
 * Speed comes from doing little per frame: features and parts are culled
 * by bounding box, points closer than 0.7 px to the last one drawn are
 * skipped, runs of points off the view are cut short, and features of one
 * style share a path.  cairo still strokes about a microsecond per segment
 * and fills a marker in tens of them, so a layer of a million points cannot
 * be drawn at frame rate from its vectors.  Such a heavy layer is drawn on
 * image and recording surfaces from 256 px raster tiles of its geometry,
 * rendered (on every core) from the same code and cached on the layer per
 * zoom and style; panning then only composites them.  Labels and the
 * highlight are always drawn live, and vector surfaces always get vectors.
 */

#define RGB(hex) \
  { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0 }

#define SIMPLIFY_PX         0.7    /* skip points closer than this to the last one drawn */
#define FLUSH_SEGMENTS      1024   /* stroke a shared path once it holds this many */
#define FLUSH_MARKERS       256
#define HIT_SLOP            4.0
#define OUTLINE_WIDTH       1.0
#define POLYGON_FILL_ALPHA  0.3
#define GATEWAY_SCALE       1.4
#define HIGHLIGHT_SCALE     1.35
#define HIGHLIGHT_HALO      3.0

#define PRIORITY_LABEL_ZOOM 5.0
#define LABEL_ZOOM          6.5
#define LABEL_SIZE          12
#define LABEL_HALO          3.0
#define LABEL_GAP           3.0    /* between a marker and its label */
#define LABEL_PADDING       2.0    /* around a label's box */
#define CELL_SIZE           64.0

#define TILE_MIN_COST       15000  /* about 15 ms of cairo work */
#define TILE_CACHE_BYTES    (64 * 1024 * 1024)
#define MARKER_COST         16     /* a marker costs as much as this many segments */

typedef enum
{
  LINE_OTHER,
  LINE_SEA,
  LINE_ROAD,
  LINE_RAIL,
  LINE_MULTIMODAL,
  N_LINE_CLASSES
} LineClass;

/* In drawing order: later classes lie on top. */
typedef enum
{
  MARKER_OTHER,
  MARKER_SEAPORT,
  MARKER_AIRPORT,
  MARKER_INLAND_PORT,
  MARKER_DRY_PORT,
  MARKER_LOGISTICS_HUB,
  MARKER_RAIL_CONTAINER,
  MARKER_BORDER_CROSSING,
  N_MARKER_CLASSES
} MarkerClass;

typedef struct
{
  CaRgb lines[N_LINE_CLASSES];       /* LINE_OTHER takes the style's colour */
  CaRgb rail_dash;
  CaRgb markers[N_MARKER_CLASSES];   /* MARKER_OTHER takes the style's colour */
  CaRgb outline;                     /* round markers, and the bar of a rail container */
  CaRgb seaport_border;
  CaRgb highlight_halo;
  CaRgb accent;
} Theme;

/* GNOME palette colours.  On the dark basemap the railway symbol is
 * inverted (light line, dark dashes) and the lines take lighter tints. */
static const Theme themes[] = {
  [CA_BASEMAP_STYLE_LIGHT] = {
    .lines = {
      [LINE_OTHER] = RGB (0x3584e4),
      [LINE_SEA] = RGB (0x1c71d8),
      [LINE_ROAD] = RGB (0xe66100),
      [LINE_RAIL] = RGB (0x241f31),
      [LINE_MULTIMODAL] = RGB (0x9141ac),
    },
    .rail_dash = RGB (0xffffff),
    .markers = {
      [MARKER_OTHER] = RGB (0x3584e4),
      [MARKER_SEAPORT] = RGB (0x1c71d8),
      [MARKER_AIRPORT] = RGB (0xc061cb),
      [MARKER_INLAND_PORT] = RGB (0x26a269),
      [MARKER_DRY_PORT] = RGB (0x986a44),
      [MARKER_LOGISTICS_HUB] = RGB (0xc01c28),
      [MARKER_RAIL_CONTAINER] = RGB (0x3d3846),
      [MARKER_BORDER_CROSSING] = RGB (0xe5a50a),
    },
    .outline = RGB (0xffffff),
    .seaport_border = RGB (0xffffff),
    .highlight_halo = RGB (0xffffff),
    .accent = RGB (0x3584e4),
  },
  [CA_BASEMAP_STYLE_DARK] = {
    .lines = {
      [LINE_OTHER] = RGB (0x62a0ea),
      [LINE_SEA] = RGB (0x62a0ea),
      [LINE_ROAD] = RGB (0xff7800),
      [LINE_RAIL] = RGB (0xdeddda),
      [LINE_MULTIMODAL] = RGB (0xc061cb),
    },
    .rail_dash = RGB (0x241f31),
    .markers = {
      [MARKER_OTHER] = RGB (0x62a0ea),
      [MARKER_SEAPORT] = RGB (0x3584e4),
      [MARKER_AIRPORT] = RGB (0xdc8add),
      [MARKER_INLAND_PORT] = RGB (0x33d17a),
      [MARKER_DRY_PORT] = RGB (0xb5835a),
      [MARKER_LOGISTICS_HUB] = RGB (0xed333b),
      [MARKER_RAIL_CONTAINER] = RGB (0xdeddda),
      [MARKER_BORDER_CROSSING] = RGB (0xf6d32d),
    },
    .outline = RGB (0x241f31),
    .seaport_border = RGB (0xffffff),
    .highlight_halo = RGB (0xffffff),
    .accent = RGB (0x99c1f1),
  },
};

/* What the drawing needs to know of each feature, read once per layer:
 * layers never change after loading. */
enum
{
  FLAG_PRIORITY = 1 << 0,   /* labelled first, and from a lower zoom */
  FLAG_GATEWAY  = 1 << 1,
};

typedef struct
{
  guint8      klass;            /* LineClass or MarkerClass */
  guint8      flags;
  guint       first_part;       /* into LayerCache.part_bboxes */
  const char *label[2];         /* by CaLanguage; borrowed from the layer */
  float       label_width[2];   /* measured when first needed, < 0 before */
  float       label_height[2];
} FeatureInfo;

typedef struct
{
  FeatureInfo *info;
  CaBBox      *part_bboxes;     /* world units */
  GArray      *plain[3];        /* feature indices by CaGeometryKind, in layer order */
  GArray      *themed[3];       /* the same by class: the thematic drawing order */
  double       total_cost;

  GMutex       mutex;           /* guards the label sizes */
  CaTileCache *tiles;           /* raster tiles, when the layer is heavy */
} LayerCache;

typedef struct
{
  const CaView        *view;
  const CaVectorStyle *style;
  const Theme         *theme;
  double               world_size;
  double               tolerance;    /* px */
  double               line_width;
  double               radius;       /* of a marker */
  double               margin;       /* px round the view that ink may reach into */
  gboolean             raster;       /* drawing on an image or a recording */
  CaBBox               clip;         /* the view and margin, world units */
  double               x0;           /* … and in pixels */
  double               y0;
  double               x1;
  double               y1;
} Frame;

typedef struct
{
  double x;
  double y;
  double r;
} Marker;

typedef enum
{
  BOX_LABEL  = 1 << 0,
  BOX_MARKER = 1 << 1,
  BOX_ANCHOR = 1 << 2,   /* the marker of a labelled point */
} BoxKind;

typedef struct
{
  double  x0;
  double  y0;
  double  x1;
  double  y1;
  BoxKind kind;
} Box;

struct _CaLabelSet
{
  GArray     *boxes;   /* Box */
  GHashTable *cells;   /* grid cell → GArray of box indices */
  guint       n_labels;
};

static void
set_source (cairo_t     *cr,
            const CaRgb *rgb)
{
  cairo_set_source_rgb (cr, rgb->red, rgb->green, rgb->blue);
}

/**
 * ca_vector_style_init:
 *
 * Sets @style to a user layer's defaults: blue lines 1.5 px wide, opaque,
 * labelled in the locale's language on the light palette, nothing
 * highlighted.
 */
void
ca_vector_style_init (CaVectorStyle *style)
{
  static const CaRgb blue = RGB (0x3584e4);

  g_return_if_fail (style != NULL);

  memset (style, 0, sizeof *style);
  style->color = blue;
  style->width = 1.5;
  style->opacity = 1.0;
  style->thematic = FALSE;
  style->show_labels = TRUE;
  style->language = ca_language_from_locale ();
  style->palette = CA_BASEMAP_STYLE_LIGHT;
  style->highlight = -1;
  style->exact = FALSE;
}

/* Label sets */

static inline gpointer
cell_key (int cx,
          int cy)
{
  return GUINT_TO_POINTER (((guint)cx & 0xffff) << 16 | ((guint)cy & 0xffff));
}

CaLabelSet *
ca_label_set_new (void)
{
  CaLabelSet *set = g_new0 (CaLabelSet, 1);

  set->boxes = g_array_new (FALSE, FALSE, sizeof (Box));
  set->cells = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify)g_array_unref);

  return set;
}

void
ca_label_set_free (CaLabelSet *set)
{
  if (set == NULL)
    return;

  g_array_unref (set->boxes);
  g_hash_table_unref (set->cells);
  g_free (set);
}

/**
 * ca_label_set_get_n_labels:
 *
 * Returns: how many labels have been placed in @set
 */
guint
ca_label_set_get_n_labels (CaLabelSet *set)
{
  g_return_val_if_fail (set != NULL, 0);

  return set->n_labels;
}

static gboolean
label_set_collides (CaLabelSet *set,
                    const Box  *box,
                    guint       kinds)
{
  int cx0 = (int)floor (box->x0 / CELL_SIZE), cx1 = (int)floor (box->x1 / CELL_SIZE);
  int cy0 = (int)floor (box->y0 / CELL_SIZE), cy1 = (int)floor (box->y1 / CELL_SIZE);

  for (int cx = cx0; cx <= cx1; cx++)
    for (int cy = cy0; cy <= cy1; cy++)
      {
        GArray *cell = g_hash_table_lookup (set->cells, cell_key (cx, cy));

        for (guint k = 0; cell != NULL && k < cell->len; k++)
          {
            const Box *other = &g_array_index (set->boxes, Box, g_array_index (cell, guint, k));

            if ((other->kind & kinds) != 0 &&
                box->x0 < other->x1 && other->x0 < box->x1 &&
                box->y0 < other->y1 && other->y0 < box->y1)
              return TRUE;
          }
      }

  return FALSE;
}

static void
label_set_add (CaLabelSet *set,
               const Box  *box)
{
  guint id = set->boxes->len;
  int cx0 = (int)floor (box->x0 / CELL_SIZE), cx1 = (int)floor (box->x1 / CELL_SIZE);
  int cy0 = (int)floor (box->y0 / CELL_SIZE), cy1 = (int)floor (box->y1 / CELL_SIZE);

  g_array_append_val (set->boxes, *box);
  if (box->kind == BOX_LABEL)
    set->n_labels++;

  for (int cx = cx0; cx <= cx1; cx++)
    for (int cy = cy0; cy <= cy1; cy++)
      {
        GArray *cell = g_hash_table_lookup (set->cells, cell_key (cx, cy));

        if (cell == NULL)
          {
            cell = g_array_new (FALSE, FALSE, sizeof (guint));
            g_hash_table_insert (set->cells, cell_key (cx, cy), cell);
          }
        g_array_append_val (cell, id);
      }
}

/* The per-layer cache */

static void
layer_cache_free (gpointer data)
{
  LayerCache *cache = data;

  /* The layer's features are gone by now: touch none of the borrowed
   * strings. */
  for (guint k = 0; k < 3; k++)
    {
      g_array_unref (cache->plain[k]);
      g_array_unref (cache->themed[k]);
    }
  ca_tile_cache_free (cache->tiles);
  g_mutex_clear (&cache->mutex);
  g_free (cache->part_bboxes);
  g_free (cache->info);
  g_free (cache);
}

static const char *
string_value (const CaFeature *feature,
              int              field)
{
  GVariant *value;

  if (field < 0)
    return NULL;

  value = feature->values[field];
  if (value == NULL || !g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    return NULL;

  return g_variant_get_string (value, NULL);
}

static const char *
text_value (const CaFeature *feature,
            int              field)
{
  const char *text = string_value (feature, field);

  return text != NULL && text[0] != '\0' ? text : NULL;
}

static gboolean
boolean_value (const CaFeature *feature,
               int              field)
{
  GVariant *value;

  if (field < 0 || (value = feature->values[field]) == NULL)
    return FALSE;

  if (g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    return g_variant_get_boolean (value);
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    return g_variant_get_int64 (value) != 0;
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    {
      const char *text = g_variant_get_string (value, NULL);

      return g_ascii_strcasecmp (text, "true") == 0 || g_ascii_strcasecmp (text, "yes") == 0 ||
             g_str_equal (text, "1");
    }

  return FALSE;
}

static LineClass
line_class_from_mode (const char *mode)
{
  if (mode == NULL)
    return LINE_OTHER;
  if (g_str_equal (mode, "rail"))
    return LINE_RAIL;
  if (g_str_equal (mode, "road"))
    return LINE_ROAD;
  if (g_str_equal (mode, "sea"))
    return LINE_SEA;
  if (g_str_equal (mode, "multimodal"))
    return LINE_MULTIMODAL;

  return LINE_OTHER;
}

static MarkerClass
marker_class_from_kind (const char *kind)
{
  static const struct {
    const char  *kind;
    MarkerClass  klass;
  } kinds[] = {
    { "logistics-hub", MARKER_LOGISTICS_HUB },
    { "dry-port", MARKER_DRY_PORT },
    { "rail-container-centre", MARKER_RAIL_CONTAINER },
    { "border-crossing", MARKER_BORDER_CROSSING },
    { "inland-port", MARKER_INLAND_PORT },
    { "airport-hub", MARKER_AIRPORT },
    { "seaport", MARKER_SEAPORT },
  };

  for (guint i = 0; kind != NULL && i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kind, kinds[i].kind))
      return kinds[i].klass;

  return MARKER_OTHER;
}

static const char *
first_text (const char *a,
            const char *b,
            const char *c,
            const char *d)
{
  return a != NULL ? a : b != NULL ? b : c != NULL ? c : d;
}

static int
compare_by_class (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  const FeatureInfo *info = user_data;
  guint ia = *(const guint *)a;
  guint ib = *(const guint *)b;

  if (info[ia].klass != info[ib].klass)
    return info[ia].klass < info[ib].klass ? -1 : 1;

  return ia < ib ? -1 : ia > ib ? 1 : 0;
}

static LayerCache *
layer_cache_new (CaVectorLayer *layer)
{
  LayerCache *cache = g_new0 (LayerCache, 1);
  guint n_features = ca_vector_layer_get_n_features (layer);
  int mode = ca_vector_layer_find_field (layer, "mode");
  int kind = ca_vector_layer_find_field (layer, "kind");
  int role = ca_vector_layer_find_field (layer, "role");
  int main_for_province = ca_vector_layer_find_field (layer, "main_for_province");
  int name_en = ca_vector_layer_find_field (layer, "name_en");
  int name_zh = ca_vector_layer_find_field (layer, "name_zh");
  int name = ca_vector_layer_find_field (layer, "name");
  int id = ca_vector_layer_find_field (layer, "id");
  guint n_parts = 0, first_part = 0;

  for (guint i = 0; i < n_features; i++)
    n_parts += ca_vector_layer_get_feature (layer, i)->n_parts;

  cache->info = g_new0 (FeatureInfo, MAX (n_features, 1));
  cache->part_bboxes = g_new (CaBBox, MAX (n_parts, 1));
  for (guint k = 0; k < 3; k++)
    cache->plain[k] = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < n_features; i++)
    {
      const CaFeature *feature = ca_vector_layer_get_feature (layer, i);
      FeatureInfo *info = &cache->info[i];
      const char *en = text_value (feature, name_en);
      const char *zh = text_value (feature, name_zh);
      const char *plain_name = text_value (feature, name);
      const char *identifier = text_value (feature, id);

      info->first_part = first_part;
      for (guint p = 0; p < feature->n_parts; p++)
        {
          const CaGeometryPart *part = &feature->parts[p];
          CaBBox *bbox = &cache->part_bboxes[first_part + p];

          ca_bbox_init_empty (bbox);
          for (guint k = part->first; k < part->first + part->n_points; k++)
            ca_bbox_expand (bbox, feature->world[2 * k], feature->world[2 * k + 1]);
        }
      first_part += feature->n_parts;

      switch (feature->kind)
        {
        case CA_GEOMETRY_POINT:
          info->klass = marker_class_from_kind (string_value (feature, kind));
          cache->total_cost += (double)feature->n_points * MARKER_COST;
          break;
        case CA_GEOMETRY_LINE:
          info->klass = line_class_from_mode (string_value (feature, mode));
          cache->total_cost += feature->n_points;
          break;
        case CA_GEOMETRY_POLYGON:
        default:
          info->klass = 0;
          cache->total_cost += feature->n_points;
          break;
        }

      if (g_strcmp0 (string_value (feature, role), "gateway") == 0)
        info->flags |= FLAG_GATEWAY | FLAG_PRIORITY;
      if (boolean_value (feature, main_for_province))
        info->flags |= FLAG_PRIORITY;

      info->label[CA_LANGUAGE_ENGLISH] = first_text (en, zh, plain_name, identifier);
      info->label[CA_LANGUAGE_CHINESE] = first_text (zh, en, plain_name, identifier);
      info->label_width[0] = info->label_width[1] = -1;
      info->label_height[0] = info->label_height[1] = -1;

      g_array_append_val (cache->plain[MIN ((guint)feature->kind, 2)], i);
    }

  for (guint k = 0; k < 3; k++)
    {
      cache->themed[k] = g_array_copy (cache->plain[k]);
      g_array_sort_with_data (cache->themed[k], compare_by_class, cache->info);
    }

  g_mutex_init (&cache->mutex);
  cache->tiles = ca_tile_cache_new (TILE_CACHE_BYTES);

  return cache;
}

G_LOCK_DEFINE_STATIC (layer_cache);

static LayerCache *
get_layer_cache (CaVectorLayer *layer)
{
  static GQuark quark;
  LayerCache *cache;

  G_LOCK (layer_cache);
  if (quark == 0)
    quark = g_quark_from_static_string ("ca-vector-draw-cache");

  cache = g_object_get_qdata (G_OBJECT (layer), quark);
  if (cache == NULL)
    {
      cache = layer_cache_new (layer);
      g_object_set_qdata_full (G_OBJECT (layer), quark, cache, layer_cache_free);
    }
  G_UNLOCK (layer_cache);

  return cache;
}

/* Frames */

static double
thematic_line_width (double zoom)
{
  return CLAMP (1.0 + (zoom - 3) * 0.55, 1.2, 6.0);
}

static double
thematic_radius (double zoom)
{
  return CLAMP (2.5 + (zoom - 3) * 0.9, 3.0, 8.0);
}

static void
frame_init (Frame               *frame,
            const CaView        *view,
            const CaVectorStyle *style,
            double               detail_scale)
{
  double margin;

  frame->view = view;
  frame->style = style;
  frame->raster = TRUE;
  frame->theme = &themes[style->palette == CA_BASEMAP_STYLE_DARK ? CA_BASEMAP_STYLE_DARK
                                                                 : CA_BASEMAP_STYLE_LIGHT];
  frame->world_size = ca_view_get_world_size (view);
  frame->tolerance = SIMPLIFY_PX / MAX (detail_scale, 1e-3);

  if (style->thematic)
    {
      frame->line_width = thematic_line_width (view->zoom);
      frame->radius = thematic_radius (view->zoom);
    }
  else
    {
      frame->line_width = MAX (style->width, 0.0);
      frame->radius = CLAMP (1.5 + style->width * 1.5, 3.0, 10.0);
    }

  /* Wide enough for a highlighted gateway port with its halo. */
  margin = MAX (frame->line_width * HIGHLIGHT_SCALE + 1 + 2 * HIGHLIGHT_HALO,
                frame->radius * GATEWAY_SCALE * HIGHLIGHT_SCALE * 1.3 + 2 * HIGHLIGHT_HALO) + 4;
  frame->margin = margin;

  ca_view_get_world_bbox (view, &frame->clip);
  frame->clip.x_min -= margin / frame->world_size;
  frame->clip.y_min -= margin / frame->world_size;
  frame->clip.x_max += margin / frame->world_size;
  frame->clip.y_max += margin / frame->world_size;
  frame->x0 = -margin;
  frame->y0 = -margin;
  frame->x1 = view->width + margin;
  frame->y1 = view->height + margin;
}

/* The pixel position of world x = 0, y = 0, with the world repeated
 * @offset times eastwards. */
static inline void
frame_get_origin (const Frame *frame,
                  int          offset,
                  double      *ox,
                  double      *oy)
{
  *ox = (offset - frame->view->center_x) * frame->world_size + frame->view->width / 2;
  *oy = -frame->view->center_y * frame->world_size + frame->view->height / 2;
}

static inline gboolean
bbox_visible (const CaBBox *bbox,
              const CaBBox *clip,
              int           offset)
{
  return bbox->x_min + offset <= clip->x_max && clip->x_min <= bbox->x_max + offset &&
         bbox->y_min <= clip->y_max && clip->y_min <= bbox->y_max;
}

static inline guint
outcode (const Frame *frame,
         double       x,
         double       y)
{
  return (guint)(x < frame->x0) | (guint)(x > frame->x1) << 1 |
         (guint)(y < frame->y0) << 2 | (guint)(y > frame->y1) << 3;
}

/* Appends one line or ring in pixels and returns the number of segments.
 * Points closer than the tolerance to the last one kept are skipped (the
 * last point of the part always stays).  With @shortcut, a run of points
 * that all lie beyond one side of the margin is replaced by a straight line
 * to its end: both stay beyond that side, out of sight, so neither the ink
 * nor a fill's winding inside the view changes.  Dashed lines keep every
 * run, so that their dashes hold still while the map pans. */
static guint
append_polyline (cairo_t      *cr,
                 const Frame  *frame,
                 const double *world,
                 guint         n_points,
                 double        ox,
                 double        oy,
                 gboolean      shortcut,
                 gboolean      close)
{
  double ws = frame->world_size;
  double tolerance2 = frame->tolerance * frame->tolerance;
  double ax = world[0] * ws + ox;
  double ay = world[1] * ws + oy;
  double pending_x = 0, pending_y = 0;
  gboolean pending = FALSE;
  guint run = shortcut ? outcode (frame, ax, ay) : 0;
  guint n_segments = 0;

  cairo_move_to (cr, ax, ay);

  for (guint i = 1; i < n_points; i++)
    {
      double x = world[2 * i] * ws + ox;
      double y = world[2 * i + 1] * ws + oy;

      if ((x - ax) * (x - ax) + (y - ay) * (y - ay) < tolerance2 && i + 1 < n_points)
        continue;
      ax = x;
      ay = y;

      if (shortcut)
        {
          guint code = outcode (frame, x, y);

          run &= code;
          if (run != 0)
            {
              pending = TRUE;
              pending_x = x;
              pending_y = y;
              continue;
            }
          if (pending)
            {
              cairo_line_to (cr, pending_x, pending_y);
              n_segments++;
              pending = FALSE;
            }
          run = code;
        }

      cairo_line_to (cr, x, y);
      n_segments++;
    }

  if (pending)
    {
      cairo_line_to (cr, pending_x, pending_y);
      n_segments++;
    }
  if (close)
    cairo_close_path (cr);

  return n_segments;
}

/* Appends the parts of a line or polygon feature that meet the view, once
 * for each copy of the world they show in.  Returns 0 when none does. */
static guint
append_feature (cairo_t          *cr,
                const LayerCache *cache,
                const Frame      *frame,
                const CaFeature  *feature,
                guint             index,
                gboolean          shortcut)
{
  const CaBBox *part_bboxes = &cache->part_bboxes[cache->info[index].first_part];
  gboolean ring = feature->kind == CA_GEOMETRY_POLYGON;
  guint n = 0;

  for (int offset = -1; offset <= 1; offset++)
    {
      double ox, oy;

      if (!bbox_visible (&feature->bbox, &frame->clip, offset))
        continue;

      frame_get_origin (frame, offset, &ox, &oy);
      for (guint p = 0; p < feature->n_parts; p++)
        {
          const CaGeometryPart *part = &feature->parts[p];

          if (!bbox_visible (&part_bboxes[p], &frame->clip, offset))
            continue;

          n += 1 + append_polyline (cr, frame, &feature->world[2 * part->first], part->n_points,
                                    ox, oy, shortcut, ring);
        }
    }

  return n;
}

/* Lines */

static gboolean
line_class_is_dashed (int klass)
{
  return klass == LINE_RAIL || klass == LINE_SEA;
}

static void
stroke_lines (cairo_t     *cr,
              const Frame *frame,
              int          klass,
              double       width)
{
  const Theme *theme = frame->theme;

  cairo_set_line_width (cr, width);

  switch (klass)
    {
    case LINE_RAIL:
      {
        /* The railway symbol: a dark line with light dashes inside. */
        double dash = MAX (2.5, width * 2.5);

        set_source (cr, &theme->lines[LINE_RAIL]);
        cairo_stroke_preserve (cr);
        set_source (cr, &theme->rail_dash);
        cairo_set_line_width (cr, width * 0.45);
        cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
        cairo_set_dash (cr, &dash, 1, 0);
        cairo_stroke (cr);
        cairo_set_dash (cr, NULL, 0, 0);
        cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      }
      break;

    case LINE_SEA:
      {
        double dashes[] = { MAX (4.0, width * 4), MAX (3.0, width * 2.5) };

        set_source (cr, &theme->lines[LINE_SEA]);
        cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
        cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
        cairo_stroke (cr);
        cairo_set_dash (cr, NULL, 0, 0);
        cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      }
      break;

    case LINE_ROAD:
    case LINE_MULTIMODAL:
      set_source (cr, &theme->lines[klass]);
      cairo_stroke (cr);
      break;

    case LINE_OTHER:
    default:
      set_source (cr, &frame->style->color);
      cairo_stroke (cr);
      break;
    }
}

/* Whether the figure being drawn was cancelled: looked at every 256
 * features of a layer. */
static inline gboolean
is_cancelled (const Frame *frame,
              guint        k)
{
  return k % 256 == 0 && frame->style->cancellable != NULL &&
         g_cancellable_is_cancelled (frame->style->cancellable);
}

static guint
draw_lines (CaVectorLayer    *layer,
            const LayerCache *cache,
            cairo_t          *cr,
            const Frame      *frame)
{
  gboolean thematic = frame->style->thematic;
  const GArray *order = thematic ? cache->themed[CA_GEOMETRY_LINE] : cache->plain[CA_GEOMETRY_LINE];
  guint n_segments = 0, n_drawn = 0;
  int current = -1;

  if (frame->line_width <= 0)
    return 0;

  /* One path per class, stroked every FLUSH_SEGMENTS: a path of a million
   * segments costs cairo more than a thousand paths of a thousand. */
  for (guint k = 0; k < order->len; k++)
    {
      guint i = g_array_index (order, guint, k);
      int klass = thematic ? cache->info[i].klass : LINE_OTHER;
      guint n;

      if (is_cancelled (frame, k))
        break;
      if (klass != current)
        {
          if (n_segments > 0)
            stroke_lines (cr, frame, current, frame->line_width);
          cairo_new_path (cr);
          n_segments = 0;
          current = klass;
        }

      n = append_feature (cr, cache, frame, ca_vector_layer_get_feature (layer, i), i,
                          !line_class_is_dashed (klass));
      if (n == 0)
        continue;

      n_drawn++;
      n_segments += n;
      if (n_segments >= FLUSH_SEGMENTS)
        {
          stroke_lines (cr, frame, current, frame->line_width);
          n_segments = 0;
        }
    }

  if (n_segments > 0)
    stroke_lines (cr, frame, current, frame->line_width);
  cairo_new_path (cr);

  return n_drawn;
}

/* Polygons */

static guint
draw_polygons (CaVectorLayer    *layer,
               const LayerCache *cache,
               cairo_t          *cr,
               const Frame      *frame)
{
  const GArray *order = cache->plain[CA_GEOMETRY_POLYGON];
  const CaRgb *color = &frame->style->color;
  guint n_drawn = 0, n_segments = 0;

  if (order->len == 0)
    return 0;

  /* Fill one feature at a time, even-odd within it so that its holes stay
   * open, while overlapping features both show… */
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, POLYGON_FILL_ALPHA);
  for (guint k = 0; k < order->len; k++)
    {
      guint i = g_array_index (order, guint, k);

      if (is_cancelled (frame, k))
        return n_drawn;
      cairo_new_path (cr);
      if (append_feature (cr, cache, frame, ca_vector_layer_get_feature (layer, i), i, TRUE) == 0)
        continue;

      cairo_fill (cr);
      n_drawn++;
    }

  if (n_drawn == 0 || frame->line_width <= 0)
    return n_drawn;

  /* …and stroke their edges together. */
  cairo_new_path (cr);
  for (guint k = 0; k < order->len; k++)
    {
      guint i = g_array_index (order, guint, k);

      if (is_cancelled (frame, k))
        break;
      n_segments += append_feature (cr, cache, frame, ca_vector_layer_get_feature (layer, i), i,
                                    TRUE);
      if (n_segments >= FLUSH_SEGMENTS)
        {
          stroke_lines (cr, frame, LINE_OTHER, frame->line_width);
          n_segments = 0;
        }
    }
  if (n_segments > 0)
    stroke_lines (cr, frame, LINE_OTHER, frame->line_width);
  cairo_new_path (cr);

  return n_drawn;
}

/* Markers */

static double
feature_radius (const Frame       *frame,
                const FeatureInfo *info)
{
  if (frame->style->thematic && info->klass == MARKER_SEAPORT && (info->flags & FLAG_GATEWAY) != 0)
    return frame->radius * GATEWAY_SCALE;

  return frame->radius;
}

static double
inland_port_ring_width (double r)
{
  return MAX (1.2, r * 0.3);
}

static double
seaport_border_width (const Frame *frame)
{
  return CLAMP (frame->radius * 0.3, 1.0, 2.0);
}

/* Half the width of a marker's ink, outline included. */
static double
marker_extent (int    klass,
               double r)
{
  switch (klass)
    {
    case MARKER_LOGISTICS_HUB:
    case MARKER_DRY_PORT:
    case MARKER_RAIL_CONTAINER:
      return r * 0.9 + OUTLINE_WIDTH / 2;
    case MARKER_BORDER_CROSSING:
      return r * 1.2 + OUTLINE_WIDTH / 2;
    case MARKER_AIRPORT:
      return r * 1.25 + OUTLINE_WIDTH / 2;
    case MARKER_INLAND_PORT:
      return r + inland_port_ring_width (r) / 2 + OUTLINE_WIDTH;
    case MARKER_SEAPORT:
      return r + 1.0;
    case MARKER_OTHER:
    default:
      return r + OUTLINE_WIDTH / 2;
    }
}

static void
append_circle (cairo_t *cr,
               double   x,
               double   y,
               double   r)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x, y, r, 0, 2 * G_PI);
}

static void
append_marker (cairo_t *cr,
               int      klass,
               double   x,
               double   y,
               double   r)
{
  switch (klass)
    {
    case MARKER_LOGISTICS_HUB:
    case MARKER_DRY_PORT:
      {
        double s = r * 0.9, c = s * 0.4;

        cairo_new_sub_path (cr);
        cairo_arc (cr, x + s - c, y - s + c, c, -G_PI / 2, 0);
        cairo_arc (cr, x + s - c, y + s - c, c, 0, G_PI / 2);
        cairo_arc (cr, x - s + c, y + s - c, c, G_PI / 2, G_PI);
        cairo_arc (cr, x - s + c, y - s + c, c, G_PI, 3 * G_PI / 2);
        cairo_close_path (cr);
      }
      break;

    case MARKER_RAIL_CONTAINER:
      cairo_rectangle (cr, x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8);
      break;

    case MARKER_BORDER_CROSSING:
      cairo_move_to (cr, x, y - r * 1.2);
      cairo_line_to (cr, x + r * 1.2, y);
      cairo_line_to (cr, x, y + r * 1.2);
      cairo_line_to (cr, x - r * 1.2, y);
      cairo_close_path (cr);
      break;

    case MARKER_AIRPORT:
      cairo_move_to (cr, x, y - r * 1.25);
      cairo_line_to (cr, x + r * 1.2, y + r * 0.85);
      cairo_line_to (cr, x - r * 1.2, y + r * 0.85);
      cairo_close_path (cr);
      break;

    case MARKER_INLAND_PORT:
    case MARKER_SEAPORT:
    case MARKER_OTHER:
    default:
      append_circle (cr, x, y, r);
      break;
    }
}

static const CaRgb *
marker_color (const Frame *frame,
              int          klass)
{
  if (klass <= MARKER_OTHER || klass >= N_MARKER_CLASSES)
    return &frame->style->color;

  return &frame->theme->markers[klass];
}

static void
render_markers (cairo_t      *cr,
                const Frame  *frame,
                int           klass,
                const Marker *markers,
                guint         n_markers)
{
  const Theme *theme = frame->theme;
  const CaRgb *color = marker_color (frame, klass);

  if (n_markers == 0)
    return;

  cairo_new_path (cr);

  switch (klass)
    {
    case MARKER_INLAND_PORT:
      /* A ring round a dot, each outlined. */
      for (guint m = 0; m < n_markers; m++)
        append_circle (cr, markers[m].x, markers[m].y, markers[m].r * 0.95);
      cairo_set_line_width (cr, inland_port_ring_width (frame->radius) + 2 * OUTLINE_WIDTH);
      set_source (cr, &theme->outline);
      cairo_stroke_preserve (cr);
      cairo_set_line_width (cr, inland_port_ring_width (frame->radius));
      set_source (cr, color);
      cairo_stroke (cr);

      for (guint m = 0; m < n_markers; m++)
        append_circle (cr, markers[m].x, markers[m].y, markers[m].r * 0.42);
      cairo_fill_preserve (cr);
      cairo_set_line_width (cr, OUTLINE_WIDTH);
      set_source (cr, &theme->outline);
      cairo_stroke (cr);
      break;

    case MARKER_SEAPORT:
      for (guint m = 0; m < n_markers; m++)
        append_circle (cr, markers[m].x, markers[m].y, markers[m].r);
      set_source (cr, color);
      cairo_fill_preserve (cr);
      cairo_set_line_width (cr, seaport_border_width (frame));
      set_source (cr, &theme->seaport_border);
      cairo_stroke (cr);
      break;

    case MARKER_RAIL_CONTAINER:
    case MARKER_LOGISTICS_HUB:
    case MARKER_DRY_PORT:
    case MARKER_BORDER_CROSSING:
    case MARKER_AIRPORT:
    case MARKER_OTHER:
    default:
      for (guint m = 0; m < n_markers; m++)
        append_marker (cr, klass, markers[m].x, markers[m].y, markers[m].r);
      set_source (cr, color);
      cairo_fill_preserve (cr);
      cairo_set_line_width (cr, OUTLINE_WIDTH);
      set_source (cr, &theme->outline);
      cairo_stroke (cr);

      if (klass == MARKER_RAIL_CONTAINER)
        {
          /* The bar across a container. */
          for (guint m = 0; m < n_markers; m++)
            cairo_rectangle (cr, markers[m].x - markers[m].r * 0.6,
                             markers[m].y - markers[m].r * 0.17,
                             markers[m].r * 1.2, markers[m].r * 0.34);
          cairo_fill (cr);
        }
      break;
    }
}

/* Appends to @markers the points of @feature that meet the frame. */
static void
collect_markers (const Frame     *frame,
                 const CaFeature *feature,
                 double           r,
                 GArray          *markers)
{
  double ws = frame->world_size;

  for (int offset = -1; offset <= 1; offset++)
    {
      double ox, oy;

      if (!bbox_visible (&feature->bbox, &frame->clip, offset))
        continue;

      frame_get_origin (frame, offset, &ox, &oy);
      for (guint p = 0; p < feature->n_points; p++)
        {
          Marker marker = { feature->world[2 * p] * ws + ox,
                            feature->world[2 * p + 1] * ws + oy,
                            r };

          if (marker.x >= frame->x0 && marker.x <= frame->x1 &&
              marker.y >= frame->y0 && marker.y <= frame->y1)
            g_array_append_val (markers, marker);
        }
    }
}

static guint
draw_points (CaVectorLayer    *layer,
             const LayerCache *cache,
             cairo_t          *cr,
             const Frame      *frame)
{
  gboolean thematic = frame->style->thematic;
  const GArray *order = thematic ? cache->themed[CA_GEOMETRY_POINT]
                                 : cache->plain[CA_GEOMETRY_POINT];
  g_autoptr(GArray) markers = NULL;
  guint n_drawn = 0;
  int current = -1;

  if (order->len == 0)
    return 0;

  markers = g_array_sized_new (FALSE, FALSE, sizeof (Marker), FLUSH_MARKERS + 16);
  for (guint k = 0; k < order->len; k++)
    {
      guint i = g_array_index (order, guint, k);
      const FeatureInfo *info = &cache->info[i];
      int klass = thematic ? info->klass : MARKER_OTHER;
      guint before;

      if (is_cancelled (frame, k))
        break;
      if (klass != current)
        {
          render_markers (cr, frame, current, (Marker *)(gpointer)markers->data, markers->len);
          g_array_set_size (markers, 0);
          current = klass;
        }

      before = markers->len;
      collect_markers (frame, ca_vector_layer_get_feature (layer, i), feature_radius (frame, info),
                       markers);
      if (markers->len > before)
        n_drawn++;

      if (markers->len >= FLUSH_MARKERS)
        {
          render_markers (cr, frame, current, (Marker *)(gpointer)markers->data, markers->len);
          g_array_set_size (markers, 0);
        }
    }
  render_markers (cr, frame, current, (Marker *)(gpointer)markers->data, markers->len);

  return n_drawn;
}

/* Polygons, then lines, then points on top.  Returns how many features
 * were drawn. */
static guint
draw_geometry (CaVectorLayer    *layer,
               const LayerCache *cache,
               cairo_t          *cr,
               const Frame      *frame)
{
  guint n_drawn = 0;

  cairo_save (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  n_drawn += draw_polygons (layer, cache, cr, frame);
  n_drawn += draw_lines (layer, cache, cr, frame);
  n_drawn += draw_points (layer, cache, cr, frame);
  cairo_restore (cr);

  return n_drawn;
}

/* Raster tiles of heavy layers */

/* What the tiles depend on besides the zoom and scale: compared as
 * bytes, so zeroed first. */
typedef struct
{
  CaRgb  color;
  double width;
  int    thematic;
  int    palette;
} TileStyle;

typedef struct
{
  CaVectorLayer    *layer;
  const LayerCache *cache;
  const Frame      *frame;
} TileSource;

static gboolean
draw_tile_cb (cairo_t      *cr,
              const CaTile *tile,
              gpointer      user_data)
{
  const TileSource *source = user_data;
  Frame tile_frame;

  frame_init (&tile_frame, &tile->view, source->frame->style, tile->scale);

  return draw_geometry (source->layer, source->cache, cr, &tile_frame) > 0;
}

static double
context_scale (cairo_t *cr)
{
  double ax = 1, ay = 0, bx = 0, by = 1;

  cairo_user_to_device_distance (cr, &ax, &ay);
  cairo_user_to_device_distance (cr, &bx, &by);

  return MAX (sqrt (fabs (ax * by - ay * bx)), 1e-3);
}

static gboolean
should_use_tiles (CaVectorLayer    *layer,
                  const LayerCache *cache,
                  cairo_t          *cr,
                  const Frame      *frame)
{
  const GArray *order;
  double cost = 0;

  if (frame->style->exact || cache->total_cost < TILE_MIN_COST || !frame->raster)
    return FALSE;
  if (!ca_tile_cache_can_draw (cr, frame->view, NULL))
    return FALSE;

  for (guint kind = 0; kind < 3; kind++)
    {
      order = cache->plain[kind];
      for (guint k = 0; k < order->len; k++)
        {
          guint i = g_array_index (order, guint, k);
          const CaFeature *feature = ca_vector_layer_get_feature (layer, i);

          if (bbox_visible (&feature->bbox, &frame->clip, 0) ||
              bbox_visible (&feature->bbox, &frame->clip, -1) ||
              bbox_visible (&feature->bbox, &frame->clip, 1))
            {
              cost += kind == CA_GEOMETRY_POINT ? (double)feature->n_points * MARKER_COST
                                                : feature->n_points;
              if (cost >= TILE_MIN_COST)
                return TRUE;
            }
        }
    }

  return FALSE;
}

static void
draw_tiles (CaVectorLayer    *layer,
            const LayerCache *cache,
            cairo_t          *cr,
            const Frame      *frame,
            double            scale)
{
  const CaVectorStyle *style = frame->style;
  TileSource source = { layer, cache, frame };
  TileStyle key;

  memset (&key, 0, sizeof key);
  key.color = style->color;
  key.width = style->width;
  key.thematic = style->thematic != FALSE;
  key.palette = style->palette;

  ca_tile_cache_draw (cache->tiles, cr, frame->view, scale, &key, sizeof key, NULL, draw_tile_cb,
                      &source);
}

/* Highlight */

static void
draw_highlight (CaVectorLayer    *layer,
                const LayerCache *cache,
                cairo_t          *cr,
                const Frame      *frame,
                guint             index)
{
  const CaFeature *feature = ca_vector_layer_get_feature (layer, index);
  const FeatureInfo *info = &cache->info[index];
  const Theme *theme = frame->theme;
  gboolean thematic = frame->style->thematic;

  cairo_save (cr);
  cairo_new_path (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  switch (feature->kind)
    {
    case CA_GEOMETRY_POINT:
      {
        g_autoptr(GArray) markers = g_array_new (FALSE, FALSE, sizeof (Marker));
        int klass = thematic ? info->klass : MARKER_OTHER;
        double r = feature_radius (frame, info) * HIGHLIGHT_SCALE;
        double extent = marker_extent (klass, r);

        collect_markers (frame, feature, r, markers);
        for (guint m = 0; m < markers->len; m++)
          {
            const Marker *marker = &g_array_index (markers, Marker, m);

            append_circle (cr, marker->x, marker->y, extent + 1 + HIGHLIGHT_HALO);
          }
        set_source (cr, &theme->highlight_halo);
        cairo_fill (cr);

        for (guint m = 0; m < markers->len; m++)
          {
            const Marker *marker = &g_array_index (markers, Marker, m);

            append_circle (cr, marker->x, marker->y, extent + 1);
          }
        set_source (cr, &theme->accent);
        cairo_set_line_width (cr, 2.0);
        cairo_stroke (cr);

        render_markers (cr, frame, klass, (Marker *)(gpointer)markers->data, markers->len);
      }
      break;

    case CA_GEOMETRY_LINE:
      {
        int klass = thematic ? info->klass : LINE_OTHER;
        double width = MAX (frame->line_width, 1.0) * HIGHLIGHT_SCALE + 1;

        append_feature (cr, cache, frame, feature, index, FALSE);
        set_source (cr, &theme->highlight_halo);
        cairo_set_line_width (cr, width + 2 + 2 * HIGHLIGHT_HALO);
        cairo_stroke_preserve (cr);
        set_source (cr, &theme->accent);
        cairo_set_line_width (cr, width + 2);
        cairo_stroke_preserve (cr);
        stroke_lines (cr, frame, klass, width);
      }
      break;

    case CA_GEOMETRY_POLYGON:
    default:
      {
        double width = MAX (frame->line_width, 1.0);

        append_feature (cr, cache, frame, feature, index, TRUE);
        cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
        cairo_set_source_rgba (cr, theme->accent.red, theme->accent.green, theme->accent.blue, 0.3);
        cairo_fill_preserve (cr);
        set_source (cr, &theme->highlight_halo);
        cairo_set_line_width (cr, width + 2 + 2 * HIGHLIGHT_HALO);
        cairo_stroke_preserve (cr);
        set_source (cr, &theme->accent);
        cairo_set_line_width (cr, width + 2);
        cairo_stroke (cr);
      }
      break;
    }

  cairo_restore (cr);
}

/* Labels */

typedef struct
{
  guint    feature;
  gboolean priority;
  double   x;
  double   y;
  double   extent;
} Candidate;

typedef struct
{
  const char *text;
  gboolean    priority;
  double      left;
  double      top;
} PlacedLabel;

/* Unit directions round a label for its halo. */
static const double halo_offsets[8][2] = {
  { 1, 0 }, { -1, 0 }, { 0, 1 }, { 0, -1 },
  { G_SQRT2 / 2, G_SQRT2 / 2 }, { -G_SQRT2 / 2, G_SQRT2 / 2 },
  { G_SQRT2 / 2, -G_SQRT2 / 2 }, { -G_SQRT2 / 2, -G_SQRT2 / 2 },
};

/* Shows @layout with its top left corner at (x, y). */
static void
show_label (cairo_t     *cr,
            PangoLayout *layout,
            double       x,
            double       y)
{
  if (pango_layout_get_line_count (layout) == 1)
    {
      cairo_move_to (cr, x, y + pango_layout_get_baseline (layout) / (double)PANGO_SCALE);
      pango_cairo_show_layout_line (cr, pango_layout_get_line_readonly (layout, 0));
    }
  else
    {
      cairo_move_to (cr, x, y);
      pango_cairo_show_layout (cr, layout);
    }
}

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *ca = a;
  const Candidate *cb = b;

  if (ca->priority != cb->priority)
    return ca->priority ? -1 : 1;

  return ca->feature < cb->feature ? -1 : ca->feature > cb->feature ? 1 : 0;
}

static PangoFontDescription *
label_font (gboolean priority)
{
  PangoFontDescription *font = pango_font_description_from_string ("Sans");

  pango_font_description_set_absolute_size (font, LABEL_SIZE * PANGO_SCALE);
  if (priority)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);

  return font;
}

static void
draw_labels (CaVectorLayer *layer,
             LayerCache    *cache,
             cairo_t       *cr,
             const Frame   *frame,
             CaLabelSet    *set)
{
  const CaView *view = frame->view;
  const CaBasemapPalette *palette = ca_basemap_palette_get (frame->style->palette);
  gboolean thematic = frame->style->thematic;
  guint language = frame->style->language == CA_LANGUAGE_CHINESE ? CA_LANGUAGE_CHINESE
                                                                 : CA_LANGUAGE_ENGLISH;
  const GArray *order = cache->plain[CA_GEOMETRY_POINT];
  g_autoptr(GArray) candidates = NULL;
  g_autoptr(GArray) placed = NULL;
  g_autoptr(GArray) markers = NULL;
  PangoFontDescription *fonts[2] = { NULL, NULL };
  PangoLayout *layout = NULL;

  if (view->zoom < PRIORITY_LABEL_ZOOM || order->len == 0)
    return;

  candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  placed = g_array_new (FALSE, FALSE, sizeof (PlacedLabel));
  markers = g_array_new (FALSE, FALSE, sizeof (Marker));

  /* Every visible marker keeps labels off itself. */
  for (guint k = 0; k < order->len; k++)
    {
      guint i = g_array_index (order, guint, k);
      const FeatureInfo *info = &cache->info[i];
      int klass = thematic ? info->klass : MARKER_OTHER;
      double extent = marker_extent (klass, feature_radius (frame, info));
      Candidate candidate = { i, (info->flags & FLAG_PRIORITY) != 0, 0, 0, extent };
      gboolean anchored = FALSE;

      g_array_set_size (markers, 0);
      collect_markers (frame, ca_vector_layer_get_feature (layer, i), 0, markers);
      for (guint m = 0; m < markers->len; m++)
        {
          const Marker *marker = &g_array_index (markers, Marker, m);
          Box box = {
            marker->x - extent, marker->y - extent, marker->x + extent, marker->y + extent,
            BOX_MARKER
          };

          if (marker->x < 0 || marker->x > view->width || marker->y < 0 || marker->y > view->height)
            continue;

          label_set_add (set, &box);
          if (!anchored)
            {
              candidate.x = marker->x;
              candidate.y = marker->y;
              anchored = TRUE;
            }
        }

      if (!anchored || info->label[language] == NULL)
        continue;
      if (!candidate.priority && view->zoom < LABEL_ZOOM)
        continue;

      g_array_append_val (candidates, candidate);
    }

  g_array_sort (candidates, compare_candidates);

  for (guint c = 0; c < candidates->len; c++)
    {
      const Candidate *candidate = &g_array_index (candidates, Candidate, c);
      FeatureInfo *info = &cache->info[candidate->feature];
      double x = candidate->x, y = candidate->y, e = candidate->extent;
      Box anchor = { x - e, y - e, x + e, y + e, BOX_ANCHOR };
      double width, height;
      double positions[4][2];

      /* A point under a labelled one would have its label mistaken. */
      if (label_set_collides (set, &anchor, BOX_ANCHOR))
        continue;

      if (layout == NULL)
        {
          layout = pango_cairo_create_layout (cr);
          pango_context_set_language (pango_layout_get_context (layout), ca_language_get_pango (language));
          pango_layout_context_changed (layout);
          fonts[0] = label_font (FALSE);
          fonts[1] = label_font (TRUE);
        }

      g_mutex_lock (&cache->mutex);
      width = info->label_width[language];
      height = info->label_height[language];
      g_mutex_unlock (&cache->mutex);

      if (width < 0)
        {
          PangoRectangle logical;

          pango_layout_set_font_description (layout, fonts[candidate->priority ? 1 : 0]);
          pango_layout_set_text (layout, info->label[language], -1);
          pango_layout_get_pixel_extents (layout, NULL, &logical);
          width = logical.width;
          height = logical.height;

          g_mutex_lock (&cache->mutex);
          info->label_width[language] = width;
          info->label_height[language] = height;
          g_mutex_unlock (&cache->mutex);
        }

      /* Right of the marker, else left, above, below. */
      positions[0][0] = x + e + LABEL_GAP;
      positions[0][1] = y - height / 2;
      positions[1][0] = x - e - LABEL_GAP - width;
      positions[1][1] = y - height / 2;
      positions[2][0] = x - width / 2;
      positions[2][1] = y - e - LABEL_GAP - height;
      positions[3][0] = x - width / 2;
      positions[3][1] = y + e + LABEL_GAP;

      for (guint p = 0; p < G_N_ELEMENTS (positions); p++)
        {
          Box box = {
            positions[p][0] - LABEL_PADDING, positions[p][1] - LABEL_PADDING,
            positions[p][0] + width + LABEL_PADDING, positions[p][1] + height + LABEL_PADDING,
            BOX_LABEL
          };
          PlacedLabel label = {
            info->label[language], candidate->priority, positions[p][0], positions[p][1]
          };

          if (label_set_collides (set, &box, BOX_LABEL | BOX_MARKER | BOX_ANCHOR))
            continue;

          label_set_add (set, &box);
          label_set_add (set, &anchor);
          g_array_append_val (placed, label);
          break;
        }
    }

  if (placed->len > 0)
    {
      cairo_save (cr);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_set_line_width (cr, LABEL_HALO);

      for (guint l = 0; l < placed->len; l++)
        {
          const PlacedLabel *label = &g_array_index (placed, PlacedLabel, l);

          if (label->left > view->width || label->top > view->height)
            continue;

          pango_layout_set_font_description (layout, fonts[label->priority ? 1 : 0]);
          pango_layout_set_text (layout, label->text, -1);
          set_source (cr, &palette->halo);

          if (frame->raster)
            {
              /* Stroking the glyphs' outlines costs cairo half a
               * millisecond a label; eight offset copies of the glyphs
               * look the same for a twentieth of that, and stay glyphs,
               * sharp at whatever scale a recording is replayed. */
              for (guint k = 0; k < G_N_ELEMENTS (halo_offsets); k++)
                show_label (cr, layout, label->left + halo_offsets[k][0] * LABEL_HALO / 2,
                            label->top + halo_offsets[k][1] * LABEL_HALO / 2);
            }
          else
            {
              /* Vector output keeps the text once, as text. */
              cairo_move_to (cr, label->left, label->top);
              pango_cairo_layout_path (cr, layout);
              cairo_stroke (cr);
            }

          set_source (cr, &palette->country_label);
          show_label (cr, layout, label->left, label->top);
        }

      cairo_restore (cr);
    }

  g_clear_pointer (&fonts[0], pango_font_description_free);
  g_clear_pointer (&fonts[1], pango_font_description_free);
  g_clear_object (&layout);
}

/**
 * ca_vector_draw:
 * @layer: the features
 * @cr: a cairo context whose user space is @view's pixels
 * @view: the part of the world to draw
 * @style: how to draw them
 * @labels: (nullable): the labels already placed in this frame by other
 *   layers; this layer's labels avoid them and are added to it
 *
 * Draws @layer's polygons, lines and points, its highlighted feature and
 * its labels, within the view's rectangle.
 */
void
ca_vector_draw (CaVectorLayer       *layer,
                cairo_t             *cr,
                const CaView        *view,
                const CaVectorStyle *style,
                CaLabelSet          *labels)
{
  g_autoptr(CaLabelSet) own_labels = NULL;
  cairo_surface_type_t type;
  LayerCache *cache;
  gboolean tiled, group;
  double scale;
  Frame frame;

  g_return_if_fail (CA_IS_VECTOR_LAYER (layer));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (view != NULL);
  g_return_if_fail (style != NULL);

  if (style->opacity <= 0 || view->width <= 0 || view->height <= 0)
    return;

  cache = get_layer_cache (layer);
  scale = context_scale (cr);
  frame_init (&frame, view, style, scale);
  /* Asked before any group: inside one, a PDF surface draws to a
   * recording. */
  type = cairo_surface_get_type (cairo_get_group_target (cr));
  frame.raster = type == CAIRO_SURFACE_TYPE_IMAGE || type == CAIRO_SURFACE_TYPE_RECORDING;
  tiled = should_use_tiles (layer, cache, cr, &frame);
  group = style->opacity < 1.0;

  cairo_save (cr);
  cairo_new_path (cr);
  cairo_rectangle (cr, 0, 0, view->width, view->height);
  cairo_clip (cr);
  if (group)
    cairo_push_group (cr);

  if (tiled)
    draw_tiles (layer, cache, cr, &frame, scale);
  else
    draw_geometry (layer, cache, cr, &frame);

  if (style->highlight >= 0 && (guint)style->highlight < ca_vector_layer_get_n_features (layer))
    draw_highlight (layer, cache, cr, &frame, style->highlight);

  if (style->show_labels)
    {
      if (labels == NULL)
        labels = own_labels = ca_label_set_new ();
      draw_labels (layer, cache, cr, &frame, labels);
    }

  if (group)
    {
      cairo_pop_group_to_source (cr);
      cairo_paint_with_alpha (cr, style->opacity);
    }
  cairo_restore (cr);
}

/* Hit testing */

static double
distance2_to_segment (double px,
                      double py,
                      double ax,
                      double ay,
                      double bx,
                      double by)
{
  double dx = bx - ax, dy = by - ay;
  double length2 = dx * dx + dy * dy;
  double t = length2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / length2 : 0;

  t = CLAMP (t, 0.0, 1.0);
  dx = ax + t * dx - px;
  dy = ay + t * dy - py;

  return dx * dx + dy * dy;
}

/* Whether the feature is within @slop pixels of the world point (x, y),
 * in the feature's own copy of the world. */
static gboolean
hit_feature (const LayerCache *cache,
             const CaFeature  *feature,
             guint             index,
             double            x,
             double            y,
             double            world_size,
             double            slop)
{
  const CaBBox *part_bboxes = &cache->part_bboxes[cache->info[index].first_part];
  double slop2 = slop * slop;
  double world_slop = slop / world_size;
  gboolean inside = FALSE;

  for (guint p = 0; p < feature->n_parts; p++)
    {
      const CaGeometryPart *part = &feature->parts[p];
      const double *world = &feature->world[2 * part->first];
      const CaBBox *bbox = &part_bboxes[p];
      gboolean near = x >= bbox->x_min - world_slop && x <= bbox->x_max + world_slop &&
                      y >= bbox->y_min - world_slop && y <= bbox->y_max + world_slop;

      if (feature->kind == CA_GEOMETRY_POINT || part->n_points == 1)
        {
          double dx = (world[0] - x) * world_size, dy = (world[1] - y) * world_size;

          if (dx * dx + dy * dy <= slop2)
            return TRUE;
          continue;
        }

      if (feature->kind == CA_GEOMETRY_POLYGON)
        {
          /* Even-odd over all rings: a hole's inside is outside. */
          for (guint i = 0, j = part->n_points - 1; i < part->n_points; j = i++)
            {
              double yi = world[2 * i + 1], yj = world[2 * j + 1];

              if ((yi > y) != (yj > y) &&
                  x < (world[2 * j] - world[2 * i]) * (y - yi) / (yj - yi) + world[2 * i])
                inside = !inside;
            }
        }

      if (!near)
        continue;

      for (guint i = 1; i < part->n_points; i++)
        {
          double d2 = distance2_to_segment (x * world_size, y * world_size,
                                            world[2 * i - 2] * world_size,
                                            world[2 * i - 1] * world_size,
                                            world[2 * i] * world_size,
                                            world[2 * i + 1] * world_size);

          if (d2 <= slop2)
            return TRUE;
        }
    }

  return inside;
}

/**
 * ca_vector_hit_test:
 * @x: (in): a pixel of @view
 * @y: (in): a pixel of @view
 *
 * Finds the feature drawn at a pixel, or within a few pixels of it: the
 * topmost point, else the topmost line, else the topmost polygon.
 *
 * Returns: the feature's index, or -1
 */
int
ca_vector_hit_test (CaVectorLayer       *layer,
                    const CaView        *view,
                    const CaVectorStyle *style,
                    double               x,
                    double               y)
{
  static const CaGeometryKind kinds[] = {
    CA_GEOMETRY_POINT, CA_GEOMETRY_LINE, CA_GEOMETRY_POLYGON,
  };
  LayerCache *cache;
  double world_x, world_y;
  Frame frame;

  g_return_val_if_fail (CA_IS_VECTOR_LAYER (layer), -1);
  g_return_val_if_fail (view != NULL, -1);
  g_return_val_if_fail (style != NULL, -1);

  cache = get_layer_cache (layer);
  frame_init (&frame, view, style, 1.0);
  ca_view_pixel_to_world (view, x, y, &world_x, &world_y);

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      const GArray *order = style->thematic ? cache->themed[kinds[k]] : cache->plain[kinds[k]];

      for (guint n = order->len; n-- > 0;)
        {
          guint i = g_array_index (order, guint, n);
          const CaFeature *feature = ca_vector_layer_get_feature (layer, i);
          const FeatureInfo *info = &cache->info[i];
          double slop, world_slop;

          switch (kinds[k])
            {
            case CA_GEOMETRY_POINT:
              slop = marker_extent (style->thematic ? info->klass : MARKER_OTHER,
                                    feature_radius (&frame, info)) + HIT_SLOP;
              break;
            case CA_GEOMETRY_LINE:
              slop = frame.line_width / 2 + HIT_SLOP;
              break;
            case CA_GEOMETRY_POLYGON:
            default:
              slop = HIT_SLOP;
              break;
            }
          world_slop = slop / frame.world_size;

          for (int offset = -1; offset <= 1; offset++)
            {
              double fx = world_x - offset;

              const CaBBox *bbox = &feature->bbox;

              if (fx < bbox->x_min - world_slop || fx > bbox->x_max + world_slop ||
                  world_y < bbox->y_min - world_slop || world_y > bbox->y_max + world_slop)
                continue;

              if (hit_feature (cache, feature, i, fx, world_y, frame.world_size, slop))
                return i;
            }
        }
    }

  return -1;
}

/* Legend symbols */

/**
 * ca_vector_get_thematic_sizes:
 * @line_width: (out) (optional): the width of a route, in view pixels
 * @radius: (out) (optional): the radius of a marker, in view pixels
 *
 * The sizes the thematic corridor styling draws at @zoom, for legends
 * that show symbols as the map does.
 */
void
ca_vector_get_thematic_sizes (double  zoom,
                              double *line_width,
                              double *radius)
{
  if (line_width != NULL)
    *line_width = thematic_line_width (zoom);
  if (radius != NULL)
    *radius = thematic_radius (zoom);
}

static void
legend_frame_init (Frame         *frame,
                   CaVectorStyle *style,
                   CaBasemapStyle palette,
                   double         radius)
{
  ca_vector_style_init (style);
  style->thematic = TRUE;
  style->palette = palette;
  memset (frame, 0, sizeof *frame);
  frame->style = style;
  frame->theme = &themes[palette == CA_BASEMAP_STYLE_DARK ? CA_BASEMAP_STYLE_DARK
                                                          : CA_BASEMAP_STYLE_LIGHT];
  frame->radius = radius;
}

/**
 * ca_vector_draw_line_symbol:
 * @mode: a corridor route's mode: "rail", "road", "sea" or "multimodal"
 * @width: the line's width, in user units
 *
 * Strokes a line from (@x0, @y0) to (@x1, @y1) with the symbol the
 * thematic corridor styling gives routes of @mode, for legends.
 */
void
ca_vector_draw_line_symbol (cairo_t        *cr,
                            const char     *mode,
                            CaBasemapStyle  palette,
                            double          x0,
                            double          y0,
                            double          x1,
                            double          y1,
                            double          width)
{
  CaVectorStyle style;
  Frame frame;

  g_return_if_fail (cr != NULL);

  legend_frame_init (&frame, &style, palette, 0);
  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_new_path (cr);
  cairo_move_to (cr, x0, y0);
  cairo_line_to (cr, x1, y1);
  stroke_lines (cr, &frame, line_class_from_mode (mode), width);
  cairo_restore (cr);
}

/**
 * ca_vector_draw_marker_symbol:
 * @kind: a corridor node's kind, such as "dry-port" or "seaport"
 * @radius: the marker's radius, in user units
 *
 * Draws the marker the thematic corridor styling gives points of @kind,
 * centred on (@x, @y), for legends.
 */
void
ca_vector_draw_marker_symbol (cairo_t        *cr,
                              const char     *kind,
                              CaBasemapStyle  palette,
                              double          x,
                              double          y,
                              double          radius)
{
  CaVectorStyle style;
  Frame frame;
  Marker marker = { x, y, radius };

  g_return_if_fail (cr != NULL);

  legend_frame_init (&frame, &style, palette, radius);
  cairo_save (cr);
  render_markers (cr, &frame, marker_class_from_kind (kind), &marker, 1);
  cairo_restore (cr);
}
