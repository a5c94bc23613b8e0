/* ca-figure.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ca-figure"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "ca-figure-private.h"
#include "ca-vector-draw.h"

/* A figure is a page laid out like a print layout: a title block, the
 * map in a frame with its scale bar and north arrow, a legend generated
 * from what the map shows, and a footer with the sources.  The map's
 * layers are drawn by the same core functions as the window's, onto
 * whatever cairo surface the writer gives: an image for PNG, vectors for
 * PDF and SVG.
 *
 * Units: the page is laid out in points (1/72 inch).  The map is drawn
 * in view units of 0.75 pt (a 96 dpi screen pixel) times the page's text
 * scale, so that an A4 figure looks like the window at its physical size
 * and an A3 one like the same figure enlarged.
 *
 * The figure's words follow its own language, chosen per figure (a
 * report in Chinese from an English desktop), not the process's locale:
 * they are written here in both languages.
 */

#define MM_TO_PT(mm) ((mm) * 72.0 / 25.4)
#define A4_SHORT_PT  MM_TO_PT (210.0)
#define FONT_FAMILY  "Noto Sans CJK SC, Noto Sans CJK TC, Source Han Sans SC, WenQuanYi Micro Hei, " \
                     "Droid Sans Fallback, Noto Sans, DejaVu Sans, Sans"

/* The window's home view at its default size: what the figure shows
 * when nothing else is asked for. */
#define HOME_LONGITUDE 106.0
#define HOME_LATITUDE  19.0
#define HOME_ZOOM      5.0
#define HOME_WIDTH     1200.0
#define HOME_HEIGHT    800.0

typedef struct
{
  double r, g, b;
} Ink;

static const Ink ink_text = { 0x24 / 255.0, 0x1f / 255.0, 0x31 / 255.0 };
static const Ink ink_muted = { 0x5e / 255.0, 0x5c / 255.0, 0x64 / 255.0 };
static const Ink ink_rule = { 0x9a / 255.0, 0x99 / 255.0, 0x96 / 255.0 };
static const Ink ink_frame = { 0x3d / 255.0, 0x38 / 255.0, 0x46 / 255.0 };
static const Ink ink_accent = { 0x1c / 255.0, 0x71 / 255.0, 0xd8 / 255.0 };

struct _CaFigure
{
  GObject          parent_instance;

  CaFigureOptions  options;

  /* Owned References */
  CaBasemap       *basemap;
  CaVectorLayer   *routes;
  CaVectorLayer   *nodes;
  CaVectorLayer   *ports;
  CaTradeCube     *cube;
  CaFlowModel     *flows;
  GPtrArray       *tiles;         /* Tiles: online basemap pieces */
  GPtrArray       *layers;        /* FigureLayer: drawn in order, or NULL */

  /* What the window's statistics panel chose, when it is set */
  CaTradeFilter    filter;
  CaFlowStyle      flow_style;
  gboolean         has_filter;
  gboolean         has_flow_style;

  CaFigureProgressFunc progress;
  gpointer         progress_data;
  double           progress_from;
  double           progress_to;

  gboolean         illustrative;
  gboolean         layout_valid;

  /* The layout, in points */
  double           page_width;
  double           page_height;
  double           text_scale;
  double           margin;
  double           map_x;
  double           map_y;
  double           map_width;
  double           map_height;
  double           unit;          /* points per view unit */
  double           legend_x;
  double           legend_y;
  double           legend_width;
  double           legend_height; /* of the band, on tall pages */
  int              legend_columns;
  double           legend_limit;  /* a column's height before the next */
  gboolean         legend_inside; /* a band under the map, on tall pages */
  gboolean         legend_shown;  /* asked for, and something to show */
  double           footer_y;
  CaView           view;
};

G_DEFINE_FINAL_TYPE (CaFigure, ca_figure, G_TYPE_OBJECT)

G_DEFINE_QUARK (ca-figure-error-quark, ca_figure_error)

/* The same message in either language, with arguments. */
#define TR_PRINTF(language, english, chinese, ...) \
  ((language) == CA_LANGUAGE_CHINESE ? g_strdup_printf (chinese, __VA_ARGS__) \
                                     : g_strdup_printf (english, __VA_ARGS__))

static const char *
tr (CaLanguage  language,
    const char *english,
    const char *chinese)
{
  return language == CA_LANGUAGE_CHINESE ? chinese : english;
}

/* Options */

/**
 * ca_figure_options_init:
 *
 * Sets @options to the defaults: an A4 landscape page at 300 dpi showing
 * the window's home view, with every piece of furniture, the basemap,
 * the corridor and trade arcs, in the locale's language.
 */
void
ca_figure_options_init (CaFigureOptions *options)
{
  CaView home;
  CaBBox bbox;

  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->page = CA_PAGE_A4;
  options->landscape = TRUE;
  options->dpi = 300;

  ca_view_init (&home, HOME_LONGITUDE, HOME_LATITUDE, HOME_ZOOM, HOME_WIDTH, HOME_HEIGHT);
  ca_view_get_world_bbox (&home, &bbox);
  options->fit_bbox = TRUE;
  options->west = ca_mercator_longitude_from_x (bbox.x_min);
  options->east = ca_mercator_longitude_from_x (bbox.x_max);
  options->north = ca_mercator_latitude_from_y (bbox.y_min);
  options->south = ca_mercator_latitude_from_y (bbox.y_max);
  options->longitude = HOME_LONGITUDE;
  options->latitude = HOME_LATITUDE;
  options->zoom = HOME_ZOOM;

  options->legend = TRUE;
  options->scale_bar = TRUE;
  options->north_arrow = TRUE;
  options->attribution = TRUE;
  options->layers = CA_FIGURE_LAYERS_DEFAULT;
  options->flows = CA_FIGURE_FLOWS_ARCS;
  options->coloring = CA_FLOW_COLOR_REGION;
  options->basemap = CA_FIGURE_BASEMAP_OFFLINE;
  options->month_from = -1;
  options->month_to = -1;
  options->language = ca_language_from_locale ();
  options->palette = CA_BASEMAP_STYLE_LIGHT;
}

void
ca_figure_options_clear (CaFigureOptions *options)
{
  g_return_if_fail (options != NULL);

  g_clear_pointer (&options->title, g_free);
  g_clear_pointer (&options->subtitle, g_free);
  g_clear_pointer (&options->source_note, g_free);
}

void
ca_figure_options_copy (CaFigureOptions       *dest,
                        const CaFigureOptions *src)
{
  g_return_if_fail (dest != NULL && src != NULL);

  *dest = *src;
  dest->title = g_strdup (src->title);
  dest->subtitle = g_strdup (src->subtitle);
  dest->source_note = g_strdup (src->source_note);
}

static gboolean
parse_size (const char *text,
            const char *suffix,
            double     *width,
            double     *height)
{
  g_autofree char *body = NULL;
  char *end = NULL;

  if (!g_str_has_suffix (text, suffix))
    return FALSE;

  body = g_strndup (text, strlen (text) - strlen (suffix));
  *width = g_ascii_strtod (body, &end);
  if (end == body || (*end != 'x' && *end != 'X'))
    return FALSE;
  body = (char *)memmove (body, end + 1, strlen (end + 1) + 1);
  *height = g_ascii_strtod (body, &end);

  return end != body && *end == '\0' && *width > 0 && *height > 0;
}

/**
 * ca_figure_parse_page:
 * @text: "A4", "A3", "slide", "WxHmm" or "WxHpx"
 *
 * Sets the page of @options from @text.  Custom pages keep the
 * orientation they are given in.
 */
gboolean
ca_figure_parse_page (const char       *text,
                      CaFigureOptions  *options,
                      GError          **error)
{
  double width, height;

  g_return_val_if_fail (text != NULL && options != NULL, FALSE);

  if (g_ascii_strcasecmp (text, "A4") == 0)
    options->page = CA_PAGE_A4;
  else if (g_ascii_strcasecmp (text, "A3") == 0)
    options->page = CA_PAGE_A3;
  else if (g_ascii_strcasecmp (text, "slide") == 0 || g_str_equal (text, "16:9"))
    options->page = CA_PAGE_SLIDE;
  else if (parse_size (text, "mm", &width, &height) && width <= 5000 && height <= 5000)
    {
      options->page = CA_PAGE_CUSTOM_MM;
      options->page_width = width;
      options->page_height = height;
    }
  else if (parse_size (text, "px", &width, &height) && width <= 30000 && height <= 30000)
    {
      options->page = CA_PAGE_CUSTOM_PX;
      options->page_width = width;
      options->page_height = height;
    }
  else
    {
      g_set_error (error, CA_FIGURE_ERROR, CA_FIGURE_ERROR_INVALID,
                   _("Unknown page “%s”: use A4, A3, slide, or a size such as 250x180mm or 1600x900px"),
                   text);
      return FALSE;
    }

  return TRUE;
}

/**
 * ca_figure_parse_layers:
 * @text: names separated by commas: basemap, routes, nodes, ports,
 *   flows, choropleth, circles; or "all" or "none"
 */
gboolean
ca_figure_parse_layers (const char  *text,
                        guint       *layers,
                        GError     **error)
{
  static const struct { const char *name; guint bit; } names[] = {
    { "basemap", CA_FIGURE_LAYER_BASEMAP },
    { "routes", CA_FIGURE_LAYER_ROUTES },
    { "nodes", CA_FIGURE_LAYER_NODES },
    { "ports", CA_FIGURE_LAYER_PORTS },
    { "flows", CA_FIGURE_LAYER_FLOWS },
    { "choropleth", CA_FIGURE_LAYER_CHOROPLETH },
    { "circles", CA_FIGURE_LAYER_CIRCLES },
  };
  g_auto(GStrv) parts = NULL;

  g_return_val_if_fail (text != NULL && layers != NULL, FALSE);

  parts = g_strsplit (text, ",", -1);
  *layers = 0;
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *part = g_strstrip (parts[i]);
      gboolean found = FALSE;

      if (part[0] == '\0' || g_str_equal (part, "none"))
        continue;
      if (g_str_equal (part, "all"))
        {
          *layers = CA_FIGURE_LAYERS_DEFAULT | CA_FIGURE_LAYER_CHOROPLETH | CA_FIGURE_LAYER_CIRCLES;
          continue;
        }
      for (guint n = 0; n < G_N_ELEMENTS (names); n++)
        if (g_str_equal (part, names[n].name))
          {
            *layers |= names[n].bit;
            found = TRUE;
          }
      if (!found)
        {
          g_set_error (error, CA_FIGURE_ERROR, CA_FIGURE_ERROR_INVALID,
                       _("Unknown layer “%s”: use basemap, routes, nodes, ports, flows, choropleth "
                         "or circles"), part);
          return FALSE;
        }
    }

  return TRUE;
}

gboolean
ca_figure_format_from_name (const char     *name,
                            CaFigureFormat *format)
{
  g_return_val_if_fail (name != NULL && format != NULL, FALSE);

  if (g_ascii_strcasecmp (name, "png") == 0)
    *format = CA_FIGURE_FORMAT_PNG;
  else if (g_ascii_strcasecmp (name, "pdf") == 0)
    *format = CA_FIGURE_FORMAT_PDF;
  else if (g_ascii_strcasecmp (name, "svg") == 0)
    *format = CA_FIGURE_FORMAT_SVG;
  else
    return FALSE;

  return TRUE;
}

/**
 * ca_figure_format_for_path:
 *
 * Returns: the format a file name's extension names, PNG when it names none
 */
CaFigureFormat
ca_figure_format_for_path (const char *path)
{
  const char *dot = path != NULL ? strrchr (path, '.') : NULL;
  CaFigureFormat format = CA_FIGURE_FORMAT_PNG;

  if (dot != NULL && strchr (dot, G_DIR_SEPARATOR) == NULL)
    ca_figure_format_from_name (dot + 1, &format);

  return format;
}

/* The object */

static void
ca_figure_finalize (GObject *object)
{
  CaFigure *self = (CaFigure *)object;

  ca_figure_options_clear (&self->options);
  g_clear_pointer (&self->tiles, g_ptr_array_unref);
  g_clear_pointer (&self->layers, g_ptr_array_unref);

  G_OBJECT_CLASS (ca_figure_parent_class)->finalize (object);
}

static void
ca_figure_dispose (GObject *object)
{
  CaFigure *self = (CaFigure *)object;

  g_clear_object (&self->basemap);
  g_clear_object (&self->routes);
  g_clear_object (&self->nodes);
  g_clear_object (&self->ports);
  g_clear_object (&self->cube);
  g_clear_object (&self->flows);

  G_OBJECT_CLASS (ca_figure_parent_class)->dispose (object);
}

static void
ca_figure_class_init (CaFigureClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ca_figure_dispose;
  object_class->finalize = ca_figure_finalize;
}

static void
ca_figure_init (CaFigure *self)
{
  ca_figure_options_init (&self->options);
  self->progress_from = 0.0;
  self->progress_to = 1.0;
}

/**
 * ca_figure_new:
 * @options: (nullable): the figure's options, copied; %NULL for the defaults
 */
CaFigure *
ca_figure_new (const CaFigureOptions *options)
{
  CaFigure *self = g_object_new (CA_TYPE_FIGURE, NULL);

  if (options != NULL)
    {
      ca_figure_options_clear (&self->options);
      ca_figure_options_copy (&self->options, options);
      self->options.dpi = CLAMP (self->options.dpi, CA_FIGURE_MIN_DPI, CA_FIGURE_MAX_DPI);
    }

  return self;
}

const CaFigureOptions *
ca_figure_get_options (CaFigure *self)
{
  g_return_val_if_fail (CA_IS_FIGURE (self), NULL);

  return &self->options;
}

void
ca_figure_set_basemap (CaFigure  *self,
                       CaBasemap *basemap)
{
  g_return_if_fail (CA_IS_FIGURE (self));

  g_set_object (&self->basemap, basemap);
  g_clear_object (&self->flows);
  self->layout_valid = FALSE;
}

/**
 * ca_figure_set_corridor:
 * @routes: (nullable): the corridor routes
 * @nodes: (nullable): the corridor nodes
 * @ports: (nullable): the seaports
 */
void
ca_figure_set_corridor (CaFigure      *self,
                        CaVectorLayer *routes,
                        CaVectorLayer *nodes,
                        CaVectorLayer *ports)
{
  g_return_if_fail (CA_IS_FIGURE (self));

  g_set_object (&self->routes, routes);
  g_set_object (&self->nodes, nodes);
  g_set_object (&self->ports, ports);
  g_clear_object (&self->flows);
  self->layout_valid = FALSE;
}

/**
 * ca_figure_set_trade:
 * @cube: (nullable): trade records
 * @illustrative: whether they are the shipped illustrative sample, which
 *   the figure then says wherever it shows them
 */
void
ca_figure_set_trade (CaFigure    *self,
                     CaTradeCube *cube,
                     gboolean     illustrative)
{
  g_return_if_fail (CA_IS_FIGURE (self));

  g_set_object (&self->cube, cube);
  self->illustrative = illustrative;
  g_clear_object (&self->flows);
  self->layout_valid = FALSE;
}

typedef struct
{
  cairo_surface_t *image;
  CaView           view;
} Tiles;

static void
tiles_free (gpointer data)
{
  Tiles *tiles = data;

  cairo_surface_destroy (tiles->image);
  g_free (tiles);
}

/**
 * ca_figure_add_tiles:
 * @image: online tiles for the map
 * @view: the view @image covers, in its own pixels; its centre may lie
 *   a world east or west of the world, for maps across the antimeridian
 *
 * Adds a piece of the online basemap, composited over the offline
 * basemap (see ca_figure_fetch_tiles()).
 */
void
ca_figure_add_tiles (CaFigure        *self,
                     cairo_surface_t *image,
                     const CaView    *view)
{
  Tiles *tiles;

  g_return_if_fail (CA_IS_FIGURE (self));
  g_return_if_fail (image != NULL && view != NULL);

  if (self->tiles == NULL)
    self->tiles = g_ptr_array_new_with_free_func (tiles_free);
  tiles = g_new0 (Tiles, 1);
  tiles->image = cairo_surface_reference (image);
  tiles->view = *view;
  g_ptr_array_add (self->tiles, tiles);
}

/**
 * ca_figure_clear_tiles:
 *
 * Goes back to the offline basemap alone.
 */
void
ca_figure_clear_tiles (CaFigure *self)
{
  g_return_if_fail (CA_IS_FIGURE (self));

  g_clear_pointer (&self->tiles, g_ptr_array_unref);
}

/**
 * ca_figure_set_trade_filter:
 * @filter: (nullable): the months, modes, regions, directions and
 *   provinces of trade to show, as the statistics panel chose them;
 *   %NULL for the options' months and everything else
 *
 * The filter's months take the place of the options' months.
 */
void
ca_figure_set_trade_filter (CaFigure            *self,
                            const CaTradeFilter *filter)
{
  g_return_if_fail (CA_IS_FIGURE (self));

  self->has_filter = filter != NULL;
  if (filter != NULL)
    self->filter = *filter;
  g_clear_object (&self->flows);
  self->layout_valid = FALSE;
}

/**
 * ca_figure_set_flow_style:
 * @style: (nullable): how the window draws its flows (layout, arcs,
 *   colouring, shading, circles, the selected province); %NULL to
 *   follow the options
 *
 * With a style, the options' @flows, @coloring and choropleth and
 * circles layers give way to it, and the flows layer bit alone says
 * whether trade is drawn at all.  The figure keeps its own palette and
 * draws no highlight.
 */
void
ca_figure_set_flow_style (CaFigure          *self,
                          const CaFlowStyle *style)
{
  g_return_if_fail (CA_IS_FIGURE (self));

  self->has_flow_style = style != NULL;
  if (style != NULL)
    self->flow_style = *style;
  g_clear_object (&self->flows);
  self->layout_valid = FALSE;
}

typedef struct
{
  CaVectorLayer *vector;
  CaVectorStyle  style;
  char          *title;
} FigureLayer;

static void
figure_layer_free (gpointer data)
{
  FigureLayer *layer = data;

  g_object_unref (layer->vector);
  g_free (layer->title);
  g_free (layer);
}

/**
 * ca_figure_add_layer:
 * @layer: vector data to draw
 * @style: how the window draws it (colour, width, opacity, thematic)
 * @title: (nullable): its name in the legend and the attribution
 *
 * Adds a layer above the flows, as the window's layers panel stacks
 * them.  Once a layer is added the figure draws its added layers, in
 * the order added, instead of the corridor layers the options name; an
 * added layer that is the corridor's routes, nodes or ports (see
 * ca_figure_set_corridor()) stands for it in the legend.  The figure's
 * language and palette apply to every layer.
 */
void
ca_figure_add_layer (CaFigure            *self,
                     CaVectorLayer       *layer,
                     const CaVectorStyle *style,
                     const char          *title)
{
  FigureLayer *item;

  g_return_if_fail (CA_IS_FIGURE (self));
  g_return_if_fail (CA_IS_VECTOR_LAYER (layer));
  g_return_if_fail (style != NULL);

  if (self->layers == NULL)
    self->layers = g_ptr_array_new_with_free_func (figure_layer_free);
  item = g_new0 (FigureLayer, 1);
  item->vector = g_object_ref (layer);
  item->style = *style;
  item->title = g_strdup (title);
  g_ptr_array_add (self->layers, item);
  self->layout_valid = FALSE;
}

guint
ca_figure_get_n_layers (CaFigure *self)
{
  g_return_val_if_fail (CA_IS_FIGURE (self), 0);

  return self->layers != NULL ? self->layers->len : 0;
}

/**
 * ca_figure_set_progress_func:
 * @func: (nullable): called with the stage and the fraction done, from
 *   the thread that fetches, draws or writes
 *
 * Reports progress while online tiles are fetched
 * (ca_figure_fetch_tiles()), and while the figure is drawn (per layer
 * of the map, then the furniture) and encoded (ca_figure_export()).
 */
void
ca_figure_set_progress_func (CaFigure             *self,
                             CaFigureProgressFunc  func,
                             gpointer              user_data)
{
  g_return_if_fail (CA_IS_FIGURE (self));

  self->progress = func;
  self->progress_data = user_data;
}

void
_ca_figure_set_progress_range (CaFigure *self,
                               double    from,
                               double    to)
{
  self->progress_from = from;
  self->progress_to = to;
}

void
_ca_figure_report_progress (CaFigure      *self,
                            CaFigureStage  stage,
                            double         fraction)
{
  if (self->progress != NULL)
    self->progress (stage, CLAMP (fraction, 0.0, 1.0), self->progress_data);
}

/* Progress within the drawing, mapped into the range the writer set. */
static void
report_draw (CaFigure *self,
             double    fraction)
{
  _ca_figure_report_progress (self, CA_FIGURE_STAGE_DRAW,
                              self->progress_from + (self->progress_to - self->progress_from) * fraction);
}

/* Whether the map draws a corridor layer: the added layers say, or else
 * the options' layer bits. */
static gboolean
corridor_drawn (CaFigure      *self,
                CaVectorLayer *vector,
                guint          bit)
{
  if (vector == NULL)
    return FALSE;

  if (self->layers == NULL)
    return (self->options.layers & bit) != 0;

  for (guint i = 0; i < self->layers->len; i++)
    if (((FigureLayer *)g_ptr_array_index (self->layers, i))->vector == vector)
      return TRUE;

  return FALSE;
}

static gboolean
is_corridor (CaFigure      *self,
             CaVectorLayer *vector)
{
  return vector != NULL && (vector == self->routes || vector == self->nodes || vector == self->ports);
}

/* Layout */

static void
page_size_pt (const CaFigureOptions *options,
              double                *width,
              double                *height)
{
  double w, h;
  gboolean orient = TRUE;

  switch (options->page)
    {
    case CA_PAGE_A3:
      w = MM_TO_PT (297.0);
      h = MM_TO_PT (420.0);
      break;
    case CA_PAGE_SLIDE:
      w = 1920 * 72.0 / options->dpi;
      h = 1080 * 72.0 / options->dpi;
      orient = FALSE;
      break;
    case CA_PAGE_CUSTOM_MM:
      w = MM_TO_PT (options->page_width);
      h = MM_TO_PT (options->page_height);
      orient = FALSE;
      break;
    case CA_PAGE_CUSTOM_PX:
      w = options->page_width * 72.0 / options->dpi;
      h = options->page_height * 72.0 / options->dpi;
      orient = FALSE;
      break;
    case CA_PAGE_A4:
    default:
      w = MM_TO_PT (210.0);
      h = MM_TO_PT (297.0);
      break;
    }

  /* ISO pages are portrait unless asked for landscape; custom pages are
   * as given, and --landscape turns them only when they are tall. */
  if (options->landscape && (orient || h > w))
    {
      double t = w;
      w = h;
      h = t;
    }

  *width = w;
  *height = h;
}

static PangoContext *
text_context (cairo_t    *cr,
              CaLanguage  language)
{
  PangoContext *context = pango_cairo_create_context (cr);
  cairo_font_options_t *font_options = cairo_font_options_create ();

  pango_context_set_language (context, ca_language_get_pango (language));

  /* Sizes in points are user units, and metrics are not hinted, so the
   * layout is the same on every surface and at every resolution. */
  pango_cairo_context_set_resolution (context, 72.0);
  /* Pango rounds advances to whole user units by default: whole points
   * here, which would wreck the spacing of small print. */
  pango_context_set_round_glyph_positions (context, FALSE);
  cairo_font_options_set_hint_metrics (font_options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (font_options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, font_options);
  cairo_font_options_destroy (font_options);

  return context;
}

static PangoLayout *
text_layout (PangoContext *context,
             const char   *text,
             double        size,
             PangoWeight   weight,
             double        width)
{
  PangoLayout *layout = pango_layout_new (context);
  PangoFontDescription *font = pango_font_description_from_string (FONT_FAMILY);

  pango_font_description_set_size (font, (int)(size * PANGO_SCALE));
  pango_font_description_set_weight (font, weight);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int)(width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_text (layout, text, -1);

  /* Without kerning and ligatures every glyph maps to one character at
   * its plain advance, which keeps the PDF's text searchable word by
   * word (pdftotext splits words at kerned pairs in small print). */
  {
    PangoAttrList *attrs = pango_attr_list_new ();

    pango_attr_list_insert (attrs, pango_attr_font_features_new ("kern 0, liga 0, clig 0"));
    pango_layout_set_attributes (layout, attrs);
    pango_attr_list_unref (attrs);
  }

  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return h / (double)PANGO_SCALE;
}

static double
layout_width (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return w / (double)PANGO_SCALE;
}

static void
show_layout (cairo_t     *cr,
             PangoLayout *layout,
             double       x,
             double       y,
             const Ink   *ink)
{
  cairo_move_to (cr, x, y);
  cairo_set_source_rgb (cr, ink->r, ink->g, ink->b);
  pango_cairo_show_layout (cr, layout);
}

/**
 * ca_figure_dup_title:
 *
 * Returns: the title the figure shows: the options' or the default one
 */
char *
ca_figure_dup_title (CaFigure *self)
{
  g_return_val_if_fail (CA_IS_FIGURE (self), NULL);

  if (self->options.title != NULL)
    return g_strdup (self->options.title);

  return g_strdup (tr (self->options.language, "New International Land-Sea Trade Corridor",
                       "西部陆海新通道"));
}

static gboolean
shows_flows (CaFigure *self)
{
  guint layers = self->options.layers;

  if (self->has_flow_style)
    return self->cube != NULL && (layers & CA_FIGURE_LAYER_FLOWS) &&
           (self->flow_style.arcs || self->flow_style.layout == CA_FLOW_ROUTED ||
            self->flow_style.choropleth || self->flow_style.circles);

  return self->cube != NULL &&
         (((layers & CA_FIGURE_LAYER_FLOWS) && self->options.flows != CA_FIGURE_FLOWS_NONE) ||
          (layers & (CA_FIGURE_LAYER_CHOROPLETH | CA_FIGURE_LAYER_CIRCLES)));
}

/**
 * ca_figure_get_months:
 *
 * The months the figure's trade covers: those of the options, else for
 * the illustrative sample the published figure (Jan–Oct 2025), else the
 * latest year of the data so far.
 *
 * Returns: whether there is trade to show
 */
gboolean
ca_figure_get_months (CaFigure *self,
                      int      *month_from,
                      int      *month_to)
{
  int first, last, to;

  g_return_val_if_fail (CA_IS_FIGURE (self), FALSE);

  if (self->cube == NULL || !ca_trade_cube_get_months (self->cube, &first, &last))
    return FALSE;

  if (self->has_filter)
    {
      *month_from = self->filter.month_from;
      *month_to = self->filter.month_to;
      return TRUE;
    }

  if (self->options.month_from >= 0 && self->options.month_to >= self->options.month_from)
    {
      *month_from = self->options.month_from;
      *month_to = self->options.month_to;
      return TRUE;
    }

  to = self->illustrative && last >= CA_MONTH (2025, 10) ? CA_MONTH (2025, 10) : last;
  *month_from = MAX ((to / 12) * 12, first);
  *month_to = to;

  return TRUE;
}

static char *
dup_subtitle (CaFigure *self)
{
  CaLanguage language = self->options.language;
  int from, to;

  if (self->options.subtitle != NULL)
    return g_strdup (self->options.subtitle);

  if (shows_flows (self) && ca_figure_get_months (self, &from, &to))
    {
      g_autofree char *period = ca_trade_format_period (from, to, language);
      g_autofree char *total = NULL;
      CaFlowModel *model = ca_figure_get_flow_model (self);

      total = ca_trade_format_yuan (model != NULL ? ca_flow_model_get_total (model) : 0, language);
      return TR_PRINTF (language, "Trade with partner regions, %s: %s", "%s与各伙伴地区贸易额：%s",
                        period, total);
    }

  return g_strdup (tr (language, "Routes, hubs and ports of the corridor", "通道线路、枢纽与港口"));
}

/* The legend's column on wide pages; on tall ones a band of columns
 * under the map. */
#define LEGEND_WIDTH      150.0
#define LEGEND_COLUMN_MIN 140.0
#define LEGEND_PAD        8.0
#define LEGEND_GAP        14.0

static double legend_content   (CaFigure     *self,
                                cairo_t      *cr,
                                PangoContext *context,
                                double        x,
                                double        y,
                                double        width,
                                double        column_limit,
                                gboolean      draw);
static char  *dup_attribution  (CaFigure     *self);
static gboolean legend_has_entries (CaFigure *self);
static double footer_height    (CaFigure     *self,
                                PangoContext *context);

/* The view the map frame shows, from its size and the extent asked for. */
static void
compute_view (CaFigure *self)
{
  double view_w = MAX (self->map_width, 10) / self->unit;
  double view_h = MAX (self->map_height, 10) / self->unit;

  if (self->options.fit_bbox)
    {
      double x0 = ca_mercator_x_from_longitude (self->options.west);
      double x1 = ca_mercator_x_from_longitude (self->options.east);
      double y0 = ca_mercator_y_from_latitude (MIN (self->options.north, CA_MERCATOR_MAX_LATITUDE));
      double y1 = ca_mercator_y_from_latitude (MAX (self->options.south, -CA_MERCATOR_MAX_LATITUDE));
      double span_x, span_y, zoom;

      if (x1 <= x0)
        x1 += 1.0;   /* across the antimeridian */
      span_x = MAX (x1 - x0, 1e-9);
      span_y = MAX (y1 - y0, 1e-9);
      zoom = log2 (MIN (view_w / (span_x * CA_TILE_SIZE), view_h / (span_y * CA_TILE_SIZE)));
      self->view.center_x = fmod ((x0 + x1) / 2, 1.0);
      self->view.center_y = (y0 + y1) / 2;
      self->view.zoom = CLAMP (zoom, 0, 18);
      self->view.width = view_w;
      self->view.height = view_h;
    }
  else
    ca_view_init (&self->view, self->options.longitude, self->options.latitude,
                  CLAMP (self->options.zoom, 0, 18), view_w, view_h);
}

static void
ensure_layout (CaFigure *self,
               cairo_t  *cr)
{
  PangoContext *context;
  double k, m, top, footer_h = 0;

  if (self->layout_valid)
    return;

  page_size_pt (&self->options, &self->page_width, &self->page_height);
  k = CLAMP (MIN (self->page_width, self->page_height) / A4_SHORT_PT, 0.4, 3.0);
  self->text_scale = k;
  self->margin = m = 24 * k;
  top = m;

  context = text_context (cr, self->options.language);
  {
    g_autofree char *title = ca_figure_dup_title (self);
    g_autofree char *subtitle = dup_subtitle (self);
    g_autoptr(PangoLayout) t = text_layout (context, title, 17 * k, PANGO_WEIGHT_BOLD, self->page_width - 2 * m);
    g_autoptr(PangoLayout) s = text_layout (context, subtitle, 10 * k, PANGO_WEIGHT_NORMAL, self->page_width - 2 * m);

    top += layout_height (t) + 2 * k + layout_height (s) + 10 * k;
  }

  if (self->options.attribution || self->options.source_note != NULL)
    footer_h = footer_height (self, context) + 6 * k;

  self->legend_inside = self->page_width < self->page_height * 1.15;
  self->map_x = m;
  self->map_y = top;
  self->map_width = self->page_width - 2 * m;
  self->map_height = self->page_height - top - m - footer_h;
  self->legend_height = 0;
  /* The legend lists what the map shows, so it needs the view; on tall
   * pages the view needs the legend's height in turn, so a first view
   * without the legend will do for that. */
  self->unit = 0.75 * k;
  compute_view (self);
  self->legend_shown = self->options.legend && legend_has_entries (self);

  if (self->legend_shown && !self->legend_inside)
    {
      self->legend_width = LEGEND_WIDTH * k;
      self->map_width -= self->legend_width + 10 * k;
      self->legend_x = self->map_x + self->map_width + 10 * k;
      self->legend_y = self->map_y;
      self->legend_columns = 1;
      self->legend_limit = 0;
    }
  else if (self->legend_shown)
    {
      /* A band under the map, its sections flowing over as many columns
       * as fit, balanced by height. */
      double inner = self->page_width - 2 * m - 2 * LEGEND_PAD * k;
      int columns = CLAMP ((int)((inner + LEGEND_GAP * k) / ((LEGEND_COLUMN_MIN + LEGEND_GAP) * k)), 1, 4);
      double column_w = (inner - (columns - 1) * LEGEND_GAP * k) / columns;
      double single = legend_content (self, cr, context, 0, 0, column_w, 0, FALSE);

      self->legend_columns = columns;
      self->legend_limit = columns > 1 ? single / columns : 0;
      self->legend_width = self->page_width - 2 * m;
      self->legend_height = legend_content (self, cr, context, 0, 0, column_w, self->legend_limit, FALSE) +
                            2 * LEGEND_PAD * k;
      self->map_height -= self->legend_height + 8 * k;
      self->legend_x = m;
      self->legend_y = self->map_y + MAX (self->map_height, 10) + 8 * k;
    }
  g_object_unref (context);

  self->map_width = MAX (self->map_width, 10);
  self->map_height = MAX (self->map_height, 10);
  self->footer_y = self->page_height - m - footer_h + 6 * k;

  self->unit = 0.75 * k;
  compute_view (self);

  self->layout_valid = TRUE;
}

/* Layout needs text metrics, which need a context: a scratch one will do,
 * since metrics are unhinted. */
static void
ensure_layout_scratch (CaFigure *self)
{
  cairo_surface_t *surface;
  cairo_t *cr;

  if (self->layout_valid)
    return;

  surface = cairo_image_surface_create (CAIRO_FORMAT_A8, 1, 1);
  cr = cairo_create (surface);
  ensure_layout (self, cr);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/**
 * ca_figure_get_page_size:
 *
 * The page's size in points, as PDF and SVG pages have it.
 */
void
ca_figure_get_page_size (CaFigure *self,
                         double   *width_pt,
                         double   *height_pt)
{
  g_return_if_fail (CA_IS_FIGURE (self));

  page_size_pt (&self->options, width_pt, height_pt);
}

/**
 * ca_figure_get_pixel_size:
 *
 * The size of the figure's PNG: the page at the figure's DPI, or the
 * pixels asked for.  A4 landscape at 300 dpi is 3508 × 2480.
 */
void
ca_figure_get_pixel_size (CaFigure *self,
                          int      *width,
                          int      *height)
{
  double w, h;

  g_return_if_fail (CA_IS_FIGURE (self));

  page_size_pt (&self->options, &w, &h);
  /* Rounded from the exact size: 297 mm at 300 dpi is 3507.87 px. */
  *width = MAX (1, (int)floor (w * self->options.dpi / 72.0 + 0.5));
  *height = MAX (1, (int)floor (h * self->options.dpi / 72.0 + 0.5));
}

/**
 * ca_figure_get_map_view:
 *
 * The view the map frame shows, in view units (see
 * ca_figure_get_map_frame() for where they lie on the page).
 */
void
ca_figure_get_map_view (CaFigure *self,
                        CaView   *view)
{
  g_return_if_fail (CA_IS_FIGURE (self));

  ensure_layout_scratch (self);
  *view = self->view;
}

/**
 * ca_figure_get_map_frame:
 * @unit: (out) (optional): points per view unit
 *
 * Where the map frame lies on the page, in points.
 */
void
ca_figure_get_map_frame (CaFigure *self,
                         double   *x,
                         double   *y,
                         double   *width,
                         double   *height,
                         double   *unit)
{
  g_return_if_fail (CA_IS_FIGURE (self));

  ensure_layout_scratch (self);
  if (x != NULL)
    *x = self->map_x;
  if (y != NULL)
    *y = self->map_y;
  if (width != NULL)
    *width = self->map_width;
  if (height != NULL)
    *height = self->map_height;
  if (unit != NULL)
    *unit = self->unit;
}

/**
 * ca_figure_get_tile_zoom:
 *
 * The zoom of online tiles that gives the figure's resolution: one tile
 * pixel per device pixel of the PNG, or less.
 */
int
ca_figure_get_tile_zoom (CaFigure *self)
{
  double device_per_unit;

  g_return_val_if_fail (CA_IS_FIGURE (self), 0);

  ensure_layout_scratch (self);
  device_per_unit = self->unit * self->options.dpi / 72.0;

  return CLAMP ((int)ceil (self->view.zoom + log2 (device_per_unit) - 0.25), 0, 19);
}

/**
 * ca_figure_get_flow_model:
 *
 * Returns: (transfer none) (nullable): the flows the figure shows
 */
CaFlowModel *
ca_figure_get_flow_model (CaFigure *self)
{
  CaTradeFilter filter;
  int from, to;

  g_return_val_if_fail (CA_IS_FIGURE (self), NULL);

  if (self->flows != NULL)
    return self->flows;
  if (!shows_flows (self) || !ca_figure_get_months (self, &from, &to))
    return NULL;

  if (self->has_filter)
    filter = self->filter;
  else
    ca_trade_filter_init (&filter, from, to);
  self->flows = ca_flow_model_new (self->cube, &filter, self->basemap, self->routes, self->nodes,
                                   self->ports);

  return self->flows;
}

/**
 * ca_figure_shows_sample:
 *
 * Returns: whether the figure shows the illustrative sample, and says so
 */
gboolean
ca_figure_shows_sample (CaFigure *self)
{
  g_return_val_if_fail (CA_IS_FIGURE (self), FALSE);

  return self->illustrative && shows_flows (self);
}

/* The map */

static gboolean
check_cancelled (GCancellable  *cancellable,
                 GError       **error)
{
  return g_cancellable_set_error_if_cancelled (cancellable, error);
}

static gboolean
is_vector_surface (cairo_t *cr)
{
  cairo_surface_type_t type = cairo_surface_get_type (cairo_get_target (cr));

  return type == CAIRO_SURFACE_TYPE_PDF || type == CAIRO_SURFACE_TYPE_SVG ||
         type == CAIRO_SURFACE_TYPE_PS;
}

static void
fill_vector_style (CaFigure      *self,
                   CaVectorStyle *style)
{
  ca_vector_style_init (style);
  style->thematic = TRUE;
  style->show_labels = TRUE;
  style->language = self->options.language;
  style->palette = self->options.palette;
  style->exact = TRUE;
}

static void
fill_flow_style (CaFigure    *self,
                 CaFlowStyle *style)
{
  guint layers = self->options.layers;
  gboolean flows = (layers & CA_FIGURE_LAYER_FLOWS) != 0 && self->options.flows != CA_FIGURE_FLOWS_NONE;

  if (self->has_flow_style)
    {
      *style = self->flow_style;
      if (!(layers & CA_FIGURE_LAYER_FLOWS))
        {
          style->layout = CA_FLOW_DIRECT;
          style->arcs = style->choropleth = style->circles = FALSE;
        }
      style->highlight = -1;
      style->palette = self->options.palette;
      style->exact = TRUE;
      return;
    }

  ca_flow_style_init (style);
  style->layout = flows && self->options.flows == CA_FIGURE_FLOWS_ROUTED ? CA_FLOW_ROUTED : CA_FLOW_DIRECT;
  style->arcs = flows && self->options.flows == CA_FIGURE_FLOWS_ARCS;
  style->coloring = self->options.coloring;
  style->choropleth = (layers & CA_FIGURE_LAYER_CHOROPLETH) != 0;
  style->circles = (layers & CA_FIGURE_LAYER_CIRCLES) != 0;
  style->palette = self->options.palette;
  style->exact = TRUE;
}

static gboolean
draw_map (CaFigure      *self,
          cairo_t       *cr,
          GCancellable  *cancellable,
          GError       **error)
{
  const CaView *view = &self->view;
  guint layers = self->options.layers;
  g_autoptr(CaLabelSet) labels = ca_label_set_new ();
  CaFlowModel *model;

  cairo_save (cr);
  cairo_rectangle (cr, self->map_x, self->map_y, self->map_width, self->map_height);
  cairo_clip (cr);
  cairo_translate (cr, self->map_x, self->map_y);
  cairo_scale (cr, self->unit, self->unit);

  if (layers & CA_FIGURE_LAYER_BASEMAP)
    {
      CaBasemapOptions options;

      ca_basemap_options_init (&options);
      options.style = self->options.palette;
      options.language = self->options.language;
      options.show_labels = TRUE;
      /* PDF and SVG have no pixels: keep the detail of a 2× screen, which
       * is finer than print can show and keeps files small. */
      if (is_vector_surface (cr))
        options.detail_scale = 2.0;
      options.cancellable = cancellable;
      ca_basemap_draw (self->basemap, cr, view, &options);
    }
  else
    {
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
    }
  report_draw (self, 0.4);
  if (check_cancelled (cancellable, error))
    goto out;

  for (guint i = 0; self->tiles != NULL && (layers & CA_FIGURE_LAYER_BASEMAP) && i < self->tiles->len; i++)
    {
      Tiles *tiles = g_ptr_array_index (self->tiles, i);
      double scale = ca_view_get_world_size (view) / ca_view_get_world_size (&tiles->view);
      double x, y;

      /* The tiles' top-left corner in the map's units. */
      ca_view_pixel_to_world (&tiles->view, 0, 0, &x, &y);
      ca_view_world_to_pixel (view, x, y, &x, &y);
      cairo_save (cr);
      cairo_translate (cr, x, y);
      cairo_scale (cr, scale, scale);
      cairo_rectangle (cr, 0, 0, cairo_image_surface_get_width (tiles->image),
                       cairo_image_surface_get_height (tiles->image));
      cairo_clip (cr);
      cairo_set_source_surface (cr, tiles->image, 0, 0);
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
      cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
      cairo_paint (cr);
      cairo_restore (cr);
      if (check_cancelled (cancellable, error))
        goto out;
    }

  model = ca_figure_get_flow_model (self);
  if (model != NULL)
    {
      CaFlowStyle style;

      fill_flow_style (self, &style);
      style.cancellable = cancellable;
      ca_flow_draw (model, self->basemap, cr, view, &style);
      if (check_cancelled (cancellable, error))
        goto out;
    }
  report_draw (self, 0.6);

  for (guint i = 0; self->layers != NULL && i < self->layers->len; i++)
    {
      FigureLayer *layer = g_ptr_array_index (self->layers, i);
      CaVectorStyle style = layer->style;

      style.language = self->options.language;
      style.palette = self->options.palette;
      style.highlight = -1;
      style.exact = TRUE;
      style.cancellable = cancellable;
      ca_vector_draw (layer->vector, cr, view, &style, labels);
      report_draw (self, 0.6 + 0.35 * (i + 1) / self->layers->len);
      if (check_cancelled (cancellable, error))
        goto out;
    }

  /* Without added layers, the corridor layers the options name. */
  if (self->layers == NULL)
  {
    CaVectorLayer *vectors[] = { self->routes, self->nodes, self->ports };
    guint bits[] = { CA_FIGURE_LAYER_ROUTES, CA_FIGURE_LAYER_NODES, CA_FIGURE_LAYER_PORTS };

    for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
      {
        CaVectorStyle style;

        if (vectors[i] == NULL || !(layers & bits[i]))
          continue;
        fill_vector_style (self, &style);
        style.cancellable = cancellable;
        ca_vector_draw (vectors[i], cr, view, &style, labels);
        report_draw (self, 0.6 + 0.35 * (i + 1) / G_N_ELEMENTS (vectors));
        if (check_cancelled (cancellable, error))
          goto out;
      }
  }

  cairo_restore (cr);
  return TRUE;

out:
  cairo_restore (cr);
  return FALSE;
}

/* Furniture */

#define METERS_PER_MILE 1609.344
#define METERS_PER_FOOT 0.3048

static char *
format_distance (double     meters,
                 gboolean   imperial,
                 CaLanguage language)
{
  if (imperial && meters >= METERS_PER_MILE - 1e-6)
    return g_strdup_printf ("%g %s", round (meters / METERS_PER_MILE * 1e6) / 1e6,
                            tr (language, "mi", "英里"));
  if (imperial)
    return g_strdup_printf ("%g %s", round (meters / METERS_PER_FOOT * 1e6) / 1e6,
                            tr (language, "ft", "英尺"));
  if (meters >= 1000)
    return g_strdup_printf ("%g %s", meters / 1000, tr (language, "km", "公里"));

  return g_strdup_printf ("%g %s", meters, tr (language, "m", "米"));
}

static void
draw_panel (cairo_t *cr,
            double   x,
            double   y,
            double   width,
            double   height,
            double   radius,
            double   alpha)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + width - radius, y + height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
  cairo_set_source_rgba (cr, 1, 1, 1, alpha);
  cairo_fill (cr);
}

/**
 * ca_figure_get_scale_bar:
 * @length: (out): the bar's length on the page, in points
 * @latitude: (out) (optional): the latitude where it is true
 *
 * The scale bar: the longest round distance (1, 2 or 5 × 10ⁿ m, or miles
 * and feet for an imperial bar) that fits a quarter of the map's width,
 * measured as geodesic distance along the parallel through the map's
 * centre.
 *
 * Returns: the distance in metres, 0 if the map has no scale
 */
double
ca_figure_get_scale_bar (CaFigure *self,
                         double   *length,
                         double   *latitude)
{
  const CaView *view;
  double lon0, lon1, lat, meters_per_unit, meters, width_units;

  g_return_val_if_fail (CA_IS_FIGURE (self), 0);
  g_return_val_if_fail (length != NULL, 0);

  ensure_layout_scratch (self);
  view = &self->view;
  ca_view_pixel_to_location (view, view->width / 2 - 50, view->height / 2, &lon0, &lat);
  ca_view_pixel_to_location (view, view->width / 2 + 50, view->height / 2, &lon1, &lat);
  meters_per_unit = ca_geodesic_distance (lon0, lat, lon1, lat) / 100.0;
  *length = 0;
  if (latitude != NULL)
    *latitude = lat;
  if (!(meters_per_unit > 0))
    return 0;

  if (self->options.imperial)
    {
      /* Whole miles when a mile fits, else feet. */
      double unit = meters_per_unit * view->width * 0.25 >= METERS_PER_MILE ? METERS_PER_MILE
                                                                            : METERS_PER_FOOT;

      meters = ca_scale_bar_choose (meters_per_unit / unit, view->width * 0.25, &width_units) * unit;
    }
  else
    meters = ca_scale_bar_choose (meters_per_unit, view->width * 0.25, &width_units);
  *length = width_units * self->unit;

  return meters;
}

/* A bar of four alternating boxes, labelled at its ends and middle, for
 * the round distance that fits a quarter of the map's width, measured
 * along the centre's parallel. */
static void
draw_scale_bar (CaFigure     *self,
                cairo_t      *cr,
                PangoContext *context)
{
  CaLanguage language = self->options.language;
  double k = self->text_scale;
  double lat, meters, bar_w, bar_h = 4 * k;
  double x, y, pad = 6 * k;
  g_autofree char *end_label = NULL;
  g_autofree char *mid_label = NULL;
  g_autofree char *note = NULL;
  g_autoptr(PangoLayout) end = NULL;
  g_autoptr(PangoLayout) mid = NULL;
  g_autoptr(PangoLayout) zero = NULL;
  g_autoptr(PangoLayout) at = NULL;
  double text_h, panel_w, panel_h;

  meters = ca_figure_get_scale_bar (self, &bar_w, &lat);
  if (!(meters > 0))
    return;

  end_label = format_distance (meters, self->options.imperial, language);
  if (self->options.imperial)
    mid_label = g_strdup_printf ("%g", meters >= METERS_PER_MILE - 1e-6
                                       ? round (meters / METERS_PER_MILE * 1e6) / 2e6
                                       : round (meters / METERS_PER_FOOT * 1e6) / 2e6);
  else
    mid_label = g_strdup_printf ("%g", meters >= 1000 ? meters / 2000 : meters / 2);
  note = TR_PRINTF (language, "Scale true at %.0f° %s", "比例尺适用于%2$s%1$.0f°",
                    fabs (lat), lat >= 0 ? tr (language, "N", "北纬") : tr (language, "S", "南纬"));

  zero = text_layout (context, "0", 6.5 * k, PANGO_WEIGHT_NORMAL, -1);
  mid = text_layout (context, mid_label, 6.5 * k, PANGO_WEIGHT_NORMAL, -1);
  end = text_layout (context, end_label, 6.5 * k, PANGO_WEIGHT_NORMAL, -1);
  at = text_layout (context, note, 5.5 * k, PANGO_WEIGHT_NORMAL, -1);
  text_h = layout_height (end);

  panel_w = bar_w + layout_width (end) / 2 + 2 * pad + layout_width (zero) / 2;
  panel_w = MAX (panel_w, layout_width (at) + 2 * pad);
  panel_h = text_h + 2 * k + bar_h + 3 * k + layout_height (at) + 2 * pad;
  x = self->map_x + 8 * k;
  y = self->map_y + self->map_height - 8 * k - panel_h;
  draw_panel (cr, x, y, panel_w, panel_h, 3 * k, 0.85);

  x += pad + layout_width (zero) / 2;
  y += pad;
  show_layout (cr, zero, x - layout_width (zero) / 2, y, &ink_text);
  show_layout (cr, mid, x + bar_w / 2 - layout_width (mid) / 2, y, &ink_text);
  show_layout (cr, end, x + bar_w - layout_width (end) / 2, y, &ink_text);
  y += text_h + 2 * k;

  for (int i = 0; i < 4; i++)
    {
      cairo_rectangle (cr, x + bar_w * i / 4, y, bar_w / 4, bar_h);
      if (i % 2 == 0)
        cairo_set_source_rgb (cr, ink_text.r, ink_text.g, ink_text.b);
      else
        cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_fill (cr);
    }
  cairo_rectangle (cr, x, y, bar_w, bar_h);
  cairo_set_source_rgb (cr, ink_text.r, ink_text.g, ink_text.b);
  cairo_set_line_width (cr, 0.6 * k);
  cairo_stroke (cr);
  y += bar_h + 3 * k;
  show_layout (cr, at, x - layout_width (zero) / 2, y, &ink_muted);
}

/* Web Mercator keeps north up everywhere: a split arrow, dark on its
 * right half, under an N. */
static void
draw_north_arrow (CaFigure     *self,
                  cairo_t      *cr,
                  PangoContext *context)
{
  double k = self->text_scale;
  double h = 22 * k, w = 9 * k;
  g_autoptr(PangoLayout) n = text_layout (context, tr (self->options.language, "N", "北"),
                                          8 * k, PANGO_WEIGHT_BOLD, -1);
  double text_h = layout_height (n);
  double panel_w = w * 2 + 8 * k, panel_h = h + text_h + 10 * k;
  double px = self->map_x + self->map_width - 8 * k - panel_w;
  double py = self->map_y + 8 * k;
  double cx = px + panel_w / 2, top;


  draw_panel (cr, px, py, panel_w, panel_h, 3 * k, 0.85);
  show_layout (cr, n, cx - layout_width (n) / 2, py + 3 * k, &ink_text);
  top = py + 4 * k + text_h;

  cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);
  cairo_move_to (cr, cx, top);
  cairo_line_to (cr, cx + w / 2, top + h);
  cairo_line_to (cr, cx, top + h * 0.75);
  cairo_close_path (cr);
  cairo_set_source_rgb (cr, ink_text.r, ink_text.g, ink_text.b);
  cairo_fill (cr);

  cairo_move_to (cr, cx, top);
  cairo_line_to (cr, cx - w / 2, top + h);
  cairo_line_to (cr, cx, top + h * 0.75);
  cairo_close_path (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, ink_text.r, ink_text.g, ink_text.b);
  cairo_set_line_width (cr, 0.6 * k);
  cairo_stroke (cr);
}

static void
draw_sample_tag (CaFigure     *self,
                 cairo_t      *cr,
                 PangoContext *context)
{
  double k = self->text_scale;
  g_autoptr(PangoLayout) tag = text_layout (context,
                                            tr (self->options.language, "Trade flows: illustrative sample data",
                                                "贸易流向：示意性样本数据"),
                                            7 * k, PANGO_WEIGHT_BOLD, -1);
  double w = layout_width (tag) + 12 * k, h = layout_height (tag) + 6 * k;
  double x = self->map_x + (self->map_width - w) / 2, y = self->map_y + 8 * k;

  draw_panel (cr, x, y, w, h, h / 2, 0.9);
  show_layout (cr, tag, x + 6 * k, y + 3 * k, &(Ink) { 0x9c / 255.0, 0x6e / 255.0, 0x03 / 255.0 });
}

/* Legend */

typedef struct
{
  CaFigure     *self;
  cairo_t      *cr;
  PangoContext *context;
  gboolean      draw;
  double        x;       /* the current column's left edge */
  double        y;       /* the next row's top */
  double        width;   /* of a column */
  double        k;
  double        top;     /* of the columns */
  double        limit;   /* a column's height before sections move on, or 0 */
  double        bottom;  /* the lowest row so far */
} Legend;

#define SYMBOL_W 24.0

static void
legend_heading (Legend     *legend,
                const char *text)
{
  double k = legend->k;
  g_autoptr(PangoLayout) layout = text_layout (legend->context, text, 7.5 * k, PANGO_WEIGHT_BOLD, legend->width);

  if (legend->limit > 0 && legend->y - legend->top >= legend->limit)
    {
      legend->x += legend->width + LEGEND_GAP * k;
      legend->y = legend->top - 5 * k;
    }
  legend->y += 5 * k;
  if (legend->draw)
    show_layout (legend->cr, layout, legend->x, legend->y, &ink_text);
  legend->y += layout_height (layout) + 2.5 * k;
}

/* A row: the symbol is drawn by the caller in the box that starts at
 * (x, y) and is SYMBOL_W × the returned height. */
static double
legend_row (Legend     *legend,
            const char *text,
            double     *symbol_y)
{
  double k = legend->k;
  g_autoptr(PangoLayout) layout = text_layout (legend->context, text, 7 * k, PANGO_WEIGHT_NORMAL,
                                               legend->width - (SYMBOL_W + 5) * k);
  double h = MAX (layout_height (layout), 9 * k);

  if (legend->draw)
    show_layout (legend->cr, layout, legend->x + (SYMBOL_W + 5) * k,
                 legend->y + (h - layout_height (layout)) / 2, &ink_text);
  *symbol_y = legend->y + h / 2;
  legend->y += h + 2 * k;
  legend->bottom = MAX (legend->bottom, legend->y);

  return h;
}

static void
legend_swatch (Legend      *legend,
               const CaRgb *rgb,
               double       alpha,
               const char  *text)
{
  double k = legend->k, cy;

  legend_row (legend, text, &cy);
  if (!legend->draw)
    return;
  cairo_rectangle (legend->cr, legend->x + 4 * k, cy - 4 * k, (SYMBOL_W - 8) * k, 8 * k);
  cairo_set_source_rgba (legend->cr, rgb->red, rgb->green, rgb->blue, alpha);
  cairo_fill_preserve (legend->cr);
  cairo_set_source_rgba (legend->cr, 0, 0, 0, 0.25);
  cairo_set_line_width (legend->cr, 0.4 * k);
  cairo_stroke (legend->cr);
}

/* Whether a feature reaches into the map (or the world's copies east
 * and west of it, as the drawing repeats them). */
static gboolean
feature_visible (CaFigure        *self,
                 const CaFeature *feature)
{
  CaBBox view;

  ca_view_get_world_bbox (&self->view, &view);
  for (int offset = -1; offset <= 1; offset++)
    {
      CaBBox bbox = feature->bbox;

      bbox.x_min += offset;
      bbox.x_max += offset;
      if (ca_bbox_intersects (&bbox, &view))
        return TRUE;
    }

  return FALSE;
}

/* Whether the map shows a feature of @layer whose @field is @value, or
 * any feature when @field is %NULL. */
static gboolean
layer_shows (CaFigure      *self,
             CaVectorLayer *layer,
             const char    *field,
             const char    *value)
{
  for (guint i = 0; layer != NULL && i < ca_vector_layer_get_n_features (layer); i++)
    {
      const CaFeature *feature = ca_vector_layer_get_feature (layer, i);

      if ((field == NULL || g_strcmp0 (ca_vector_layer_get_string (layer, feature, field), value) == 0) &&
          feature_visible (self, feature))
        return TRUE;
    }

  return FALSE;
}

/* Whether any part of a flow's arc lies on the map. */
static gboolean
arc_visible (CaFigure    *self,
             CaFlowModel *model,
             guint        flow)
{
  if (self->has_flow_style && self->flow_style.selected_province >= 0 &&
      ca_flow_model_get_flow (model, flow)->province != self->flow_style.selected_province)
    return FALSE;

  for (int step = 0; step <= 32; step++)
    {
      double x, y;

      if (ca_flow_get_arc_point (model, &self->view, flow, step / 32.0, &x, &y) &&
          x >= 0 && y >= 0 && x <= self->view.width && y <= self->view.height)
        return TRUE;
    }

  return FALSE;
}

static void
legend_corridor (Legend *legend)
{
  CaFigure *self = legend->self;
  CaLanguage language = self->options.language;
  double k = legend->k, cy;
  static const struct { const char *mode; const char *en; const char *zh; } modes[] = {
    { "rail", "Railway", "铁路" },
    { "road", "Road", "公路" },
    { "sea", "Sea lane", "海运航线" },
    { "multimodal", "Multimodal", "多式联运" },
  };
  static const struct { const char *kind; const char *en; const char *zh; } kinds[] = {
    { "logistics-hub", "Logistics hub", "物流枢纽" },
    { "rail-container-centre", "Rail container centre", "铁路集装箱中心站" },
    { "dry-port", "Dry port", "陆港" },
    { "border-crossing", "Border crossing", "边境口岸" },
    { "inland-port", "River port", "内河港口" },
    { "airport-hub", "Airport hub", "航空枢纽" },
    { "seaport", "Seaport", "海港" },
  };
  double line_w, radius;
  gboolean routes = corridor_drawn (self, self->routes, CA_FIGURE_LAYER_ROUTES) &&
                    layer_shows (self, self->routes, NULL, NULL);
  gboolean nodes = corridor_drawn (self, self->nodes, CA_FIGURE_LAYER_NODES) &&
                   layer_shows (self, self->nodes, NULL, NULL);
  gboolean ports = corridor_drawn (self, self->ports, CA_FIGURE_LAYER_PORTS) &&
                   layer_shows (self, self->ports, NULL, NULL);

  /* The sizes the map draws lines and markers at its zoom, in points. */
  ca_vector_get_thematic_sizes (self->view.zoom, &line_w, &radius);
  line_w *= self->unit;
  radius *= self->unit;

  if (routes)
    {
      legend_heading (legend, tr (language, "Corridor routes", "通道线路"));
      for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
        {
          if (!layer_shows (self, self->routes, "mode", modes[i].mode))
            continue;
          legend_row (legend, tr (language, modes[i].en, modes[i].zh), &cy);
          if (legend->draw)
            ca_vector_draw_line_symbol (legend->cr, modes[i].mode, self->options.palette,
                                        legend->x + 2 * k, cy, legend->x + (SYMBOL_W - 2) * k, cy, line_w);
        }
    }

  if (nodes || ports)
    {
      legend_heading (legend, tr (language, "Nodes and ports", "节点与港口"));
      for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
        {
          gboolean in_nodes = nodes && layer_shows (self, self->nodes, "kind", kinds[i].kind);
          gboolean in_ports = ports && layer_shows (self, self->ports, "kind", kinds[i].kind);

          if (!in_nodes && !in_ports)
            continue;
          legend_row (legend, tr (language, kinds[i].en, kinds[i].zh), &cy);
          if (legend->draw)
            ca_vector_draw_marker_symbol (legend->cr, kinds[i].kind, self->options.palette,
                                          legend->x + SYMBOL_W * k / 2, cy, radius);
        }
    }
}

/* The geometry kinds of a layer's features on the map, a bit each, and
 * the first feature of each kind. */
static guint
layer_kinds_shown (CaFigure        *self,
                   CaVectorLayer   *layer,
                   const CaFeature *first[3])
{
  guint kinds = 0;

  for (guint i = 0; i < ca_vector_layer_get_n_features (layer); i++)
    {
      const CaFeature *feature = ca_vector_layer_get_feature (layer, i);

      if ((kinds & (1u << feature->kind)) || !feature_visible (self, feature))
        continue;
      kinds |= 1u << feature->kind;
      if (feature->kind < 3)
        first[feature->kind] = feature;
    }

  return kinds;
}

/* The planner's own layers, by their titles, each with the symbol the
 * map draws it with. */
static void
legend_layers (Legend *legend)
{
  CaFigure *self = legend->self;
  double k = legend->k, cy;
  gboolean heading = FALSE;

  for (guint i = 0; self->layers != NULL && i < self->layers->len; i++)
    {
      FigureLayer *layer = g_ptr_array_index (self->layers, i);
      const CaFeature *first[3] = { NULL, NULL, NULL };
      const CaRgb *c = &layer->style.color;
      double x0 = legend->x + 2 * k, x1 = legend->x + (SYMBOL_W - 2) * k, cx = legend->x + SYMBOL_W * k / 2;
      guint kinds;

      if (is_corridor (self, layer->vector))
        continue;
      kinds = layer_kinds_shown (self, layer->vector, first);
      if (kinds == 0)
        continue;

      if (!heading)
        legend_heading (legend, tr (self->options.language, "Other layers", "其他图层"));
      heading = TRUE;
      legend_row (legend, layer->title != NULL ? layer->title : ca_vector_layer_get_name (layer->vector), &cy);
      if (!legend->draw)
        continue;

      cairo_save (legend->cr);
      if (layer->style.thematic)
        {
          const char *mode = first[CA_GEOMETRY_LINE] != NULL
            ? ca_vector_layer_get_string (layer->vector, first[CA_GEOMETRY_LINE], "mode") : NULL;
          const char *kind = first[CA_GEOMETRY_POINT] != NULL
            ? ca_vector_layer_get_string (layer->vector, first[CA_GEOMETRY_POINT], "kind") : NULL;
          double line_w, radius;

          ca_vector_get_thematic_sizes (self->view.zoom, &line_w, &radius);
          if (first[CA_GEOMETRY_LINE] != NULL)
            ca_vector_draw_line_symbol (legend->cr, mode, self->options.palette, x0, cy, x1, cy,
                                        line_w * self->unit);
          else
            ca_vector_draw_marker_symbol (legend->cr, kind, self->options.palette, cx, cy,
                                          radius * self->unit);
        }
      else if (kinds & (1u << CA_GEOMETRY_POLYGON))
        {
          cairo_rectangle (legend->cr, legend->x + 4 * k, cy - 4 * k, (SYMBOL_W - 8) * k, 8 * k);
          cairo_set_source_rgba (legend->cr, c->red, c->green, c->blue, 0.3 * layer->style.opacity);
          cairo_fill_preserve (legend->cr);
          cairo_set_source_rgba (legend->cr, c->red, c->green, c->blue, layer->style.opacity);
          cairo_set_line_width (legend->cr, MAX (layer->style.width, 0.5) * self->unit);
          cairo_stroke (legend->cr);
        }
      else if (kinds & (1u << CA_GEOMETRY_LINE))
        {
          cairo_move_to (legend->cr, x0, cy);
          cairo_line_to (legend->cr, x1, cy);
          cairo_set_source_rgba (legend->cr, c->red, c->green, c->blue, layer->style.opacity);
          cairo_set_line_width (legend->cr, MAX (layer->style.width, 0.5) * self->unit);
          cairo_set_line_cap (legend->cr, CAIRO_LINE_CAP_ROUND);
          cairo_stroke (legend->cr);
        }
      else
        {
          double r = CLAMP (1.5 + layer->style.width * 1.5, 3.0, 10.0) * self->unit;

          cairo_arc (legend->cr, cx, cy, MIN (r, 4.5 * k), 0, 2 * G_PI);
          cairo_set_source_rgba (legend->cr, c->red, c->green, c->blue, layer->style.opacity);
          cairo_fill_preserve (legend->cr);
          cairo_set_source_rgba (legend->cr, 1, 1, 1, layer->style.opacity);
          cairo_set_line_width (legend->cr, 0.6 * k);
          cairo_stroke (legend->cr);
        }
      cairo_restore (legend->cr);
    }
}

static int
compare_regions (gconstpointer a,
                 gconstpointer b,
                 gpointer      data)
{
  const double *totals = data;
  double ta = totals[*(const int *)a], tb = totals[*(const int *)b];

  return ta < tb ? 1 : ta > tb ? -1 : 0;
}

static void
legend_flows (Legend *legend)
{
  CaFigure *self = legend->self;
  CaLanguage language = self->options.language;
  CaFlowModel *model = ca_figure_get_flow_model (self);
  CaFlowStyle style;
  double k = legend->k, cy;
  int from, to;

  if (model == NULL || ca_flow_model_get_n_flows (model) == 0 || !ca_figure_get_months (self, &from, &to))
    return;

  fill_flow_style (self, &style);

  if (style.arcs || style.layout == CA_FLOW_ROUTED)
    {
      g_autofree char *period = ca_trade_format_period (from, to, language);
      g_autofree char *heading = style.arcs
        ? TR_PRINTF (language, "Trade flows, %s", "贸易流向（%s）", period)
        : TR_PRINTF (language, "Trade carried along the corridor, %s", "通道沿线运量（%s）", period);
      double values[3];
      CaRgb grey = { 0.45, 0.45, 0.47 }, color;

      legend_heading (legend, heading);
      ca_flow_legend_values (model, values);
      for (int i = 2; i >= 0; i--)
        {
          g_autofree char *text = NULL;
          double w;

          if (!(values[i] > 0) || (i < 2 && values[i] == values[i + 1]))
            continue;
          text = ca_trade_format_yuan (values[i], language);
          legend_row (legend, text, &cy);
          if (!legend->draw)
            continue;
          w = ca_flow_width_for_value (model, values[i]) * self->unit;
          color = grey;
          if (!style.arcs)
            ca_flow_load_color (model, self->options.palette, values[i], &color);
          cairo_move_to (legend->cr, legend->x + 2 * k, cy);
          cairo_line_to (legend->cr, legend->x + (SYMBOL_W - 2) * k, cy);
          cairo_set_line_cap (legend->cr, CAIRO_LINE_CAP_BUTT);
          cairo_set_line_width (legend->cr, w);
          cairo_set_source_rgb (legend->cr, color.red, color.green, color.blue);
          cairo_stroke (legend->cr);
        }
    }

  if (style.arcs && style.coloring == CA_FLOW_COLOR_GROWTH)
    {
      static const double growths[] = { 0.5, 0.25, 0.0, -0.25, -0.5 };

      legend_heading (legend, tr (language, "Year-on-year growth", "同比增长"));
      for (guint i = 0; i < G_N_ELEMENTS (growths); i++)
        {
          g_autofree char *text = ca_trade_format_growth (growths[i], language);
          CaRgb rgb;

          ca_flow_growth_color (growths[i], &rgb);
          legend_swatch (legend, &rgb, 1.0, text);
        }
    }
  else if (style.arcs)
    {
      double totals[CA_N_REGIONS] = { 0, };
      int order[CA_N_REGIONS];

      /* The regions of the arcs on the map, largest first. */
      for (guint i = 0; i < ca_flow_model_get_n_flows (model); i++)
        if (arc_visible (self, model, i))
          totals[ca_flow_model_get_flow (model, i)->region] += ca_flow_model_get_flow (model, i)->value;
      for (int r = 0; r < CA_N_REGIONS; r++)
        order[r] = r;
      g_qsort_with_data (order, CA_N_REGIONS, sizeof (int), compare_regions, totals);

      legend_heading (legend, tr (language, "Partner regions", "贸易伙伴地区"));
      for (int i = 0; i < CA_N_REGIONS; i++)
        {
          const CaRegion *region = ca_trade_get_region (order[i]);
          CaRgb rgb;

          if (!(totals[order[i]] > 0))
            continue;
          ca_flow_region_color (order[i], &rgb);
          legend_swatch (legend, &rgb, 1.0, language == CA_LANGUAGE_CHINESE ? region->name_zh : region->name_en);
        }
    }

  if (style.choropleth)
    {
      int classes[CA_N_PROVINCES];
      double bounds[CA_FLOW_N_CLASSES];

      legend_heading (legend, tr (language, "Province totals", "各省区贸易总额"));
      if (ca_flow_choropleth_classes (model, classes, bounds) > 0)
        for (int c = CA_FLOW_N_CLASSES - 1; c >= 0; c--)
          {
            g_autofree char *value = NULL;
            g_autofree char *text = NULL;
            CaRgb rgb;

            if (c < CA_FLOW_N_CLASSES - 1 && bounds[c] == bounds[c + 1])
              continue;
            value = ca_trade_format_yuan (bounds[c], language);
            text = g_strdup_printf ("≥ %s", value);
            ca_flow_choropleth_color (self->options.palette, c, &rgb);
            legend_swatch (legend, &rgb, 0.55, text);
          }
    }

  if (style.circles)
    {
      legend_heading (legend, tr (language, "Circles", "圆圈"));
      legend_row (legend, tr (language, "Area proportional to the province's total",
                              "面积与省区贸易总额成正比"), &cy);
      if (legend->draw)
        {
          CaRgb color;

          ca_flow_circle_color (self->options.palette, &color);
          cairo_arc (legend->cr, legend->x + SYMBOL_W * k / 2, cy, 4 * k, 0, 2 * G_PI);
          cairo_set_source_rgba (legend->cr, color.red, color.green, color.blue, 0.3);
          cairo_fill_preserve (legend->cr);
          cairo_set_source_rgba (legend->cr, color.red, color.green, color.blue, 0.85);
          cairo_set_line_width (legend->cr, 0.8 * k);
          cairo_stroke (legend->cr);
        }
    }
}

/* Lays out (and with @draw, draws) the legend from (@x, @y) in columns
 * @width wide that hold @column_limit of height before a section moves
 * to the next column (0: one column).  Returns its height. */
static double
legend_content (CaFigure     *self,
                cairo_t      *cr,
                PangoContext *context,
                double        x,
                double        y,
                double        width,
                double        column_limit,
                gboolean      draw)
{
  Legend legend = { self, cr, context, draw, x, y, width, self->text_scale, 0, column_limit, y };
  g_autoptr(PangoLayout) title = text_layout (context, tr (self->options.language, "Legend", "图例"),
                                              9 * self->text_scale, PANGO_WEIGHT_BOLD, width);

  if (draw)
    show_layout (cr, title, x, y, &ink_text);
  legend.y += layout_height (title) + 1 * self->text_scale;
  legend.top = legend.y;
  legend_corridor (&legend);
  legend_layers (&legend);
  legend_flows (&legend);

  return MAX (legend.bottom, legend.y) - y;
}

static void
draw_legend (CaFigure     *self,
             cairo_t      *cr,
             PangoContext *context)
{
  double k = self->text_scale, pad = LEGEND_PAD * k;
  double x = self->legend_x, y = self->legend_y, w = self->legend_width;
  int columns = MAX (self->legend_columns, 1);
  double column_w = (w - 2 * pad - (columns - 1) * LEGEND_GAP * k) / columns;
  double h = legend_content (self, cr, context, x + pad, y + pad, column_w, self->legend_limit, FALSE) + 2 * pad;

  cairo_rectangle (cr, x + 0.25 * k, y + 0.25 * k, w - 0.5 * k, h - 0.5 * k);
  cairo_set_source_rgb (cr, ink_rule.r, ink_rule.g, ink_rule.b);
  cairo_set_line_width (cr, 0.5 * k);
  cairo_stroke (cr);
  legend_content (self, cr, context, x + pad, y + pad, column_w, self->legend_limit, TRUE);
}

static gboolean
legend_has_entries (CaFigure *self)
{
  CaFlowModel *model;

  if ((corridor_drawn (self, self->routes, CA_FIGURE_LAYER_ROUTES) && layer_shows (self, self->routes, NULL, NULL)) ||
      (corridor_drawn (self, self->nodes, CA_FIGURE_LAYER_NODES) && layer_shows (self, self->nodes, NULL, NULL)) ||
      (corridor_drawn (self, self->ports, CA_FIGURE_LAYER_PORTS) && layer_shows (self, self->ports, NULL, NULL)))
    return TRUE;

  for (guint i = 0; self->layers != NULL && i < self->layers->len; i++)
    {
      FigureLayer *layer = g_ptr_array_index (self->layers, i);

      if (!is_corridor (self, layer->vector) && layer_shows (self, layer->vector, NULL, NULL))
        return TRUE;
    }

  model = ca_figure_get_flow_model (self);
  return model != NULL && ca_flow_model_get_n_flows (model) > 0;
}

static char *
dup_attribution (CaFigure *self)
{
  CaLanguage language = self->options.language;
  GString *text = g_string_new (NULL);
  guint layers = self->options.layers;

  if (layers & CA_FIGURE_LAYER_BASEMAP)
    g_string_append (text, tr (language, "Boundaries: DCW-GMT (LGPL-3.0), not an authoritative statement on any boundary.",
                               "边界：DCW-GMT（LGPL-3.0），不作为任何边界的权威表述。"));
  if ((self->tiles != NULL || self->options.basemap == CA_FIGURE_BASEMAP_OSM) &&
      (layers & CA_FIGURE_LAYER_BASEMAP))
    g_string_append_printf (text, " %s", tr (language, "Map tiles © OpenStreetMap contributors (ODbL).",
                                             "地图瓦片 © OpenStreetMap contributors（ODbL）。"));
  if (corridor_drawn (self, self->routes, CA_FIGURE_LAYER_ROUTES) ||
      corridor_drawn (self, self->nodes, CA_FIGURE_LAYER_NODES) ||
      corridor_drawn (self, self->ports, CA_FIGURE_LAYER_PORTS) ||
      (self->layers == NULL && self->routes == NULL && self->nodes == NULL && self->ports == NULL &&
       (layers & (CA_FIGURE_LAYER_ROUTES | CA_FIGURE_LAYER_NODES | CA_FIGURE_LAYER_PORTS))))
    g_string_append_printf (text, " %s", tr (language, "Corridor routes, nodes and ports: Corridor Atlas (CC BY 4.0), after Xinhua and the Global Times.",
                                             "通道线路、节点与港口：Corridor Atlas（CC BY 4.0），依据新华社与《环球时报》。"));
  if (shows_flows (self))
    {
      if (self->illustrative)
        g_string_append_printf (text, " %s", tr (language, "Trade: illustrative sample data; only the totals published by Xinhua (25 December 2025) are real.",
                                                 "贸易数据：示意性样本数据，仅新华社（2025年12月25日）公布的总额为真实数据。"));
      else if (ca_trade_cube_get_source (self->cube) != NULL)
        {
          g_autofree char *name = g_path_get_basename (ca_trade_cube_get_source (self->cube));
          g_autofree char *shown = ca_vector_source_redact (name);

          g_autofree char *line = TR_PRINTF (language, " Trade: %s.", " 贸易数据：%s。", shown);

          g_string_append (text, line);
        }
    }

  /* The planner's own layers are sources too. */
  {
    g_autoptr(GString) names = g_string_new (NULL);

    for (guint i = 0; self->layers != NULL && i < self->layers->len; i++)
      {
        FigureLayer *layer = g_ptr_array_index (self->layers, i);
        const char *name = layer->title != NULL ? layer->title : ca_vector_layer_get_name (layer->vector);

        if (is_corridor (self, layer->vector) || name == NULL)
          continue;
        if (names->len > 0)
          g_string_append (names, tr (language, ", ", "、"));
        g_string_append (names, name);
      }
    if (names->len > 0)
      {
        g_autofree char *line = TR_PRINTF (language, " Other layers: %s.", " 其他图层：%s。", names->str);

        g_string_append (text, line);
      }
  }

  return g_strstrip (g_string_free (text, FALSE));
}

static double
footer_height (CaFigure     *self,
               PangoContext *context)
{
  double k = self->text_scale, h = 0;
  double width = self->page_width - 2 * self->margin;

  if (self->options.source_note != NULL)
    {
      g_autofree char *text = TR_PRINTF (self->options.language, "Source: %s", "资料来源：%s",
                                         self->options.source_note);
      g_autoptr(PangoLayout) layout = text_layout (context, text, 6.5 * k, PANGO_WEIGHT_NORMAL, width);

      h += layout_height (layout) + 1.5 * k;
    }
  if (self->options.attribution)
    {
      g_autofree char *text = dup_attribution (self);
      g_autoptr(PangoLayout) layout = text_layout (context, text, 6 * k, PANGO_WEIGHT_NORMAL, width);

      h += layout_height (layout);
    }

  return h;
}

static void
draw_footer (CaFigure     *self,
             cairo_t      *cr,
             PangoContext *context)
{
  double k = self->text_scale, y = self->footer_y;
  double width = self->page_width - 2 * self->margin;

  if (self->options.source_note != NULL)
    {
      g_autofree char *text = TR_PRINTF (self->options.language, "Source: %s", "资料来源：%s",
                                         self->options.source_note);
      g_autoptr(PangoLayout) layout = text_layout (context, text, 6.5 * k, PANGO_WEIGHT_NORMAL, width);

      show_layout (cr, layout, self->margin, y, &ink_text);
      y += layout_height (layout) + 1.5 * k;
    }

  if (self->options.attribution)
    {
      g_autofree char *text = dup_attribution (self);
      g_autoptr(PangoLayout) layout = text_layout (context, text, 6 * k, PANGO_WEIGHT_NORMAL, width);

      show_layout (cr, layout, self->margin, y, &ink_muted);
    }
}

static void
draw_title (CaFigure     *self,
            cairo_t      *cr,
            PangoContext *context)
{
  double k = self->text_scale, m = self->margin, width = self->page_width - 2 * m;
  g_autofree char *title = ca_figure_dup_title (self);
  g_autofree char *subtitle = dup_subtitle (self);
  g_autoptr(PangoLayout) t = text_layout (context, title, 17 * k, PANGO_WEIGHT_BOLD, width);
  g_autoptr(PangoLayout) s = text_layout (context, subtitle, 10 * k, PANGO_WEIGHT_NORMAL, width);
  double y = m;

  /* An accent bar to the left of the title block, as report templates do. */
  cairo_rectangle (cr, 0, 0, self->page_width, 3 * k);
  cairo_set_source_rgb (cr, ink_accent.r, ink_accent.g, ink_accent.b);
  cairo_fill (cr);

  show_layout (cr, t, m, y - 4 * k, &ink_text);
  y += layout_height (t) - 4 * k + 2 * k;
  show_layout (cr, s, m, y, &ink_muted);
}

/**
 * ca_figure_draw:
 * @cr: a context whose user space is the page in points
 * @cancellable: (nullable): checked between layers
 *
 * Draws the whole page: the title block, the map with its layers, the
 * scale bar, north arrow, legend and footer.
 *
 * Returns: %FALSE if cancelled, with @error set
 */
gboolean
ca_figure_draw (CaFigure      *self,
                cairo_t       *cr,
                GCancellable  *cancellable,
                GError       **error)
{
  PangoContext *context;
  double k;

  g_return_val_if_fail (CA_IS_FIGURE (self), FALSE);
  g_return_val_if_fail (cr != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ensure_layout (self, cr);
  k = self->text_scale;
  report_draw (self, 0.0);

  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_restore (cr);

  if (!draw_map (self, cr, cancellable, error))
    return FALSE;

  cairo_save (cr);
  context = text_context (cr, self->options.language);

  if (ca_figure_shows_sample (self))
    draw_sample_tag (self, cr, context);
  if (self->options.scale_bar)
    draw_scale_bar (self, cr, context);
  if (self->options.north_arrow)
    draw_north_arrow (self, cr, context);

  cairo_rectangle (cr, self->map_x, self->map_y, self->map_width, self->map_height);
  cairo_set_source_rgb (cr, ink_frame.r, ink_frame.g, ink_frame.b);
  cairo_set_line_width (cr, 0.75 * k);
  cairo_stroke (cr);

  draw_title (self, cr, context);
  if (self->legend_shown)
    draw_legend (self, cr, context);
  draw_footer (self, cr, context);
  cairo_restore (cr);
  g_object_unref (context);
  report_draw (self, 1.0);

  return !check_cancelled (cancellable, error);
}
