/* ca-export-command.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ca-export-command"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "ca-connection.h"
#include "ca-export-command.h"
#include "ca-figure-export.h"

/* corridor-atlas --export FILE [options]
 *
 * The figure the window exports, written with no display: the same
 * composition and the same drawing, from the core alone, so that a
 * script can make a report's figures (one per year, say) unattended.
 *
 * The basemap comes from the CORRIDOR_ATLAS_DCW environment variable or
 * the default path; the GSettings key the window also reads is not
 * consulted, so no schema needs to be installed.
 *
 * Exit status: 0 when the file was written, 2 for bad arguments, 1 when
 * an input cannot be read or the file cannot be written.
 */

gboolean
ca_export_command_wanted (int    argc,
                          char **argv)
{
  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--export") || g_str_has_prefix (argv[i], "--export="))
      return TRUE;

  return FALSE;
}

static char *
data_dir (void)
{
  const char *dir = g_getenv ("CORRIDOR_ATLAS_DATADIR");

  return g_strdup (dir != NULL && dir[0] != '\0' ? dir : PKGDATADIR);
}

static gboolean
parse_numbers (const char *text,
               double     *values,
               guint       n)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);

  if (g_strv_length (parts) != n)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      char *end = NULL;

      values[i] = g_ascii_strtod (g_strstrip (parts[i]), &end);
      if (end == parts[i] || *end != '\0' || !isfinite (values[i]))
        return FALSE;
    }

  return TRUE;
}

static CaVectorLayer *
load_layer (const char  *dir,
            const char  *file,
            GError     **error)
{
  g_autofree char *path = g_build_filename (dir, "corridor", file, NULL);

  return ca_vector_layer_load (path, NULL, NULL, NULL, NULL, error);
}

/* The planner's layers go above the corridor's: once a figure has added
 * layers it draws only those, so the corridor layers the options name
 * come first, styled as the figure would style them. */
static gboolean
add_user_layers (CaFigure            *figure,
                 CaVectorLayer       *routes,
                 CaVectorLayer       *nodes,
                 CaVectorLayer       *ports,
                 const char * const  *paths)
{
  const CaFigureOptions *options = ca_figure_get_options (figure);
  CaVectorLayer *corridor[] = { routes, nodes, ports };
  const guint bits[] = { CA_FIGURE_LAYER_ROUTES, CA_FIGURE_LAYER_NODES, CA_FIGURE_LAYER_PORTS };

  for (guint i = 0; i < G_N_ELEMENTS (corridor); i++)
    {
      CaVectorStyle style;

      if (corridor[i] == NULL || !(options->layers & bits[i]))
        continue;
      ca_vector_style_init (&style);
      style.thematic = TRUE;
      ca_figure_add_layer (figure, corridor[i], &style, NULL);
    }

  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr(CaVectorLayer) layer = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_filename_display_basename (paths[i]);
      guint n_issues;
      CaVectorStyle style;

      layer = ca_vector_layer_load (paths[i], NULL, NULL, NULL, NULL, &error);
      if (layer == NULL)
        {
          g_printerr (_("%s\nNo figure was written.\n"), error->message);
          return FALSE;
        }

      /* What was left out is said, as the window says it; the rest is drawn. */
      n_issues = ca_vector_layer_get_n_issues (layer);
      for (guint k = 0; k < n_issues; k++)
        g_printerr ("%s: %s\n", name, ca_vector_layer_get_issue (layer, k)->reason);

      ca_vector_style_init (&style);
      /* Data with the corridor's columns is styled as corridor data. */
      style.thematic = ca_vector_layer_find_field (layer, "mode") >= 0 ||
                       ca_vector_layer_find_field (layer, "kind") >= 0;
      ca_figure_add_layer (figure, layer, &style, name);
    }

  return TRUE;
}

static const char *
format_name (CaFigureFormat format)
{
  switch (format)
    {
    case CA_FIGURE_FORMAT_PDF:
      return "PDF";
    case CA_FIGURE_FORMAT_SVG:
      return "SVG";
    case CA_FIGURE_FORMAT_PNG:
    default:
      return "PNG";
    }
}

int
ca_export_command_run (int    argc,
                       char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CaFigure) figure = NULL;
  g_autoptr(CaBasemap) basemap = NULL;
  g_autoptr(CaVectorLayer) routes = NULL;
  g_autoptr(CaVectorLayer) nodes = NULL;
  g_autoptr(CaVectorLayer) ports = NULL;
  g_autoptr(CaTradeCube) cube = NULL;
  g_autofree char *target = NULL;
  g_autofree char *format_text = NULL;
  g_autofree char *page = NULL;
  g_autofree char *center = NULL;
  g_autofree char *bbox = NULL;
  g_autofree char *layers = NULL;
  g_auto(GStrv) user_layers = NULL;
  g_autofree char *trade = NULL;
  g_autofree char *period = NULL;
  g_autofree char *flows = NULL;
  g_autofree char *coloring = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *source = NULL;
  g_autofree char *basemap_text = NULL;
  g_autofree char *locale = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *size_text = NULL;
  gboolean landscape = FALSE, portrait = FALSE;
  gboolean no_legend = FALSE, no_scale_bar = FALSE, no_north_arrow = FALSE, no_attribution = FALSE;
  double dpi = 0, zoom = NAN;
  CaFigureOptions options;
  CaFigureFormat format;
  gboolean need_trade, need_corridor, need_basemap;
  GStatBuf st;
  int width, height;
  const GOptionEntry entries[] = {
    { "export", 0, 0, G_OPTION_ARG_FILENAME, &target, N_("Write the figure to FILE"), N_("FILE") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, N_("png, pdf or svg (default: from the file name, else png)"), N_("FORMAT") },
    { "page", 0, 0, G_OPTION_ARG_STRING, &page, N_("A4 (default), A3, slide (1920×1080 px), or a size such as 250x180mm or 1600x900px"), N_("PAGE") },
    { "landscape", 0, 0, G_OPTION_ARG_NONE, &landscape, N_("Landscape (the default for A4 and A3)"), NULL },
    { "portrait", 0, 0, G_OPTION_ARG_NONE, &portrait, N_("Portrait A4 or A3"), NULL },
    { "dpi", 0, 0, G_OPTION_ARG_DOUBLE, &dpi, N_("Resolution, 72 to 600 (default: 300; 96 for sizes in px)"), N_("N") },
    { "center", 0, 0, G_OPTION_ARG_STRING, &center, N_("Centre of the map (default: the window's home view)"), N_("LON,LAT") },
    { "zoom", 0, 0, G_OPTION_ARG_DOUBLE, &zoom, N_("Zoom level of the map at the centre, 0 to 18 (default: 5)"), N_("Z") },
    { "bbox", 0, 0, G_OPTION_ARG_STRING, &bbox, N_("Fit the map to this box in degrees, instead of --center and --zoom"), N_("W,S,E,N") },
    { "layers", 0, 0, G_OPTION_ARG_STRING, &layers, N_("Layers to show, separated by commas: basemap, routes, nodes, ports, flows, choropleth, circles, all (default: basemap,routes,nodes,ports,flows)"), N_("LIST") },
    { "layer", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &user_layers, N_("Draw your own layer (any vector file GDAL reads) above the corridor's; repeat for more"), N_("FILE") },
    { "trade", 0, 0, G_OPTION_ARG_FILENAME, &trade, N_("Trade records for the flows: CSV, XLSX, ODS or PG:… (default: the illustrative sample)"), N_("FILE") },
    { "period", 0, 0, G_OPTION_ARG_STRING, &period, N_("Months of trade to show, such as 2025-01:2025-10 (default: the latest year so far)"), N_("FROM:TO") },
    { "flows", 0, 0, G_OPTION_ARG_STRING, &flows, N_("Flows as arcs (default), routed over the corridor, or none"), N_("arcs|routed|none") },
    { "coloring", 0, 0, G_OPTION_ARG_STRING, &coloring, N_("Colour arcs by partner region (default) or by year-on-year growth"), N_("region|growth") },
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_("The figure's title"), N_("TEXT") },
    { "subtitle", 0, 0, G_OPTION_ARG_STRING, &subtitle, N_("The figure's subtitle (default: the period and its total)"), N_("TEXT") },
    { "source", 0, 0, G_OPTION_ARG_STRING, &source, N_("A source note under the map"), N_("TEXT") },
    { "basemap", 0, 0, G_OPTION_ARG_STRING, &basemap_text, N_("offline (default, drawn from DCW-GMT) or osm (OpenStreetMap tiles, needs the network)"), N_("offline|osm") },
    { "locale", 0, 0, G_OPTION_ARG_STRING, &locale, N_("Language of the figure's text and labels (default: the locale's)"), N_("zh_CN|en") },
    { "no-legend", 0, 0, G_OPTION_ARG_NONE, &no_legend, N_("Leave out the legend"), NULL },
    { "no-scale-bar", 0, 0, G_OPTION_ARG_NONE, &no_scale_bar, N_("Leave out the scale bar"), NULL },
    { "no-north-arrow", 0, 0, G_OPTION_ARG_NONE, &no_north_arrow, N_("Leave out the north arrow"), NULL },
    { "no-attribution", 0, 0, G_OPTION_ARG_NONE, &no_attribution, N_("Leave out the attribution"), NULL },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Export a figure of the corridor map as PNG, PDF or SVG, "
                                           "without opening a window."));
  g_option_context_set_description (context, _("Examples:\n"
                                               "  corridor-atlas --export corridor.pdf --page A3 --title \"Trade via the corridor\"\n"
                                               "  corridor-atlas --export 2024.png --period 2024-01:2024-12 --flows routed\n"
                                               "  corridor-atlas --export beibu.svg --bbox 105,19,112,24 --locale zh_CN\n"
                                               "  corridor-atlas --export plan.pdf --layer planned-routes.geojson --layer sites.gpkg\n"
                                               "\n"
                                               "Exit status: 0 when the figure was written, 1 when an input cannot be read "
                                               "or the file cannot be written, 2 for bad arguments."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  if (argc > 1)
    {
      g_printerr (_("Unexpected argument “%s”\n"), argv[1]);
      return 2;
    }
  if (target == NULL || target[0] == '\0')
    {
      g_printerr (_("--export needs a file name\n"));
      return 2;
    }

  ca_figure_options_init (&options);

  if (format_text != NULL)
    {
      if (!ca_figure_format_from_name (format_text, &format))
        {
          g_printerr (_("Unknown format “%s”: use png, pdf or svg\n"), format_text);
          return 2;
        }
    }
  else
    format = ca_figure_format_for_path (target);

  if (page != NULL && !ca_figure_parse_page (page, &options, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (landscape && portrait)
    {
      g_printerr (_("--landscape and --portrait cannot be used together\n"));
      return 2;
    }
  options.landscape = !portrait;

  if (dpi != 0)
    {
      if (!(dpi >= CA_FIGURE_MIN_DPI && dpi <= CA_FIGURE_MAX_DPI))
        {
          g_printerr (_("Bad resolution %g: use 72 to 600 dpi\n"), dpi);
          return 2;
        }
      options.dpi = dpi;
    }
  else if (options.page == CA_PAGE_CUSTOM_PX || options.page == CA_PAGE_SLIDE)
    options.dpi = 96;

  if (bbox != NULL && (center != NULL || !isnan (zoom)))
    {
      g_printerr (_("--bbox cannot be used with --center or --zoom\n"));
      return 2;
    }
  if (bbox != NULL)
    {
      double v[4];

      if (!parse_numbers (bbox, v, 4) || v[0] < -180 || v[2] > 180 || v[0] >= v[2] ||
          v[1] < -90 || v[3] > 90 || v[1] >= v[3])
        {
          g_printerr (_("Bad box “%s”: use W,S,E,N in degrees, such as 100,15,115,30\n"), bbox);
          return 2;
        }
      options.fit_bbox = TRUE;
      options.west = v[0];
      options.south = v[1];
      options.east = v[2];
      options.north = v[3];
    }
  if (center != NULL || !isnan (zoom))
    {
      options.fit_bbox = FALSE;
      if (center != NULL)
        {
          double v[2];

          if (!parse_numbers (center, v, 2) || fabs (v[0]) > 180 || fabs (v[1]) > 85)
            {
              g_printerr (_("Bad centre “%s”: use LON,LAT in degrees, such as 106.5,29.5\n"), center);
              return 2;
            }
          options.longitude = v[0];
          options.latitude = v[1];
        }
      if (!isnan (zoom))
        {
          if (!(zoom >= 0 && zoom <= 18))
            {
              g_printerr (_("Bad zoom %g: use 0 to 18\n"), zoom);
              return 2;
            }
          options.zoom = zoom;
        }
    }

  if (layers != NULL && !ca_figure_parse_layers (layers, &options.layers, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  if (flows != NULL)
    {
      if (g_str_equal (flows, "arcs"))
        options.flows = CA_FIGURE_FLOWS_ARCS;
      else if (g_str_equal (flows, "routed"))
        options.flows = CA_FIGURE_FLOWS_ROUTED;
      else if (g_str_equal (flows, "none"))
        options.flows = CA_FIGURE_FLOWS_NONE;
      else
        {
          g_printerr (_("Unknown flows “%s”: use arcs, routed or none\n"), flows);
          return 2;
        }
    }
  if (coloring != NULL)
    {
      if (g_str_equal (coloring, "region"))
        options.coloring = CA_FLOW_COLOR_REGION;
      else if (g_str_equal (coloring, "growth"))
        options.coloring = CA_FLOW_COLOR_GROWTH;
      else
        {
          g_printerr (_("Unknown colouring “%s”: use region or growth\n"), coloring);
          return 2;
        }
    }

  if (basemap_text != NULL)
    {
      if (g_str_equal (basemap_text, "offline"))
        options.basemap = CA_FIGURE_BASEMAP_OFFLINE;
      else if (g_str_equal (basemap_text, "osm"))
        options.basemap = CA_FIGURE_BASEMAP_OSM;
      else
        {
          g_printerr (_("Unknown basemap “%s”: use offline or osm\n"), basemap_text);
          return 2;
        }
    }

  if (locale != NULL)
    {
      if (g_ascii_strncasecmp (locale, "zh", 2) == 0)
        options.language = CA_LANGUAGE_CHINESE;
      else if (g_ascii_strncasecmp (locale, "en", 2) == 0 || g_str_equal (locale, "C"))
        options.language = CA_LANGUAGE_ENGLISH;
      else
        {
          g_printerr (_("Unknown locale “%s”: use zh_CN or en\n"), locale);
          return 2;
        }
    }

  if (period != NULL && !ca_trade_parse_period (period, &options.month_from, &options.month_to))
    {
      g_printerr (_("Bad period “%s”: use YYYY-MM:YYYY-MM\n"), period);
      return 2;
    }

  options.legend = !no_legend;
  options.scale_bar = !no_scale_bar;
  options.north_arrow = !no_north_arrow;
  options.attribution = !no_attribution;
  options.title = g_steal_pointer (&title);
  options.subtitle = g_steal_pointer (&subtitle);
  options.source_note = g_steal_pointer (&source);

  /* A folder as the target is a mistake in the arguments, found before
   * any input is read. */
  if (g_stat (target, &st) == 0 && S_ISDIR (st.st_mode))
    {
      g_printerr (_("Could not write “%s”: it is a folder; give a file name\n"), target);
      ca_figure_options_clear (&options);
      return 1;
    }

  need_trade = ((options.layers & CA_FIGURE_LAYER_FLOWS) && options.flows != CA_FIGURE_FLOWS_NONE) ||
               (options.layers & (CA_FIGURE_LAYER_CHOROPLETH | CA_FIGURE_LAYER_CIRCLES));
  need_corridor = need_trade ||
                  (options.layers & (CA_FIGURE_LAYER_ROUTES | CA_FIGURE_LAYER_NODES | CA_FIGURE_LAYER_PORTS));
  need_basemap = need_trade || (options.layers & CA_FIGURE_LAYER_BASEMAP);

  figure = ca_figure_new (&options);
  ca_figure_options_clear (&options);
  dir = data_dir ();

  if (need_trade)
    {
      g_autofree char *sample = g_build_filename (dir, "trade", "sample-trade.csv", NULL);

      cube = ca_trade_cube_load (trade != NULL ? trade : sample, NULL, NULL, NULL, &error);
      if (cube == NULL)
        {
          /* Whatever GDAL or libpq said, never with the password. */
          g_autofree char *shown = ca_connection_redact_message (error->message,
                                                                 trade != NULL ? trade : sample);

          g_printerr ("%s\n", shown);
          return 1;
        }
      if (trade != NULL && ca_trade_cube_get_n_rejected (cube) > 0)
        {
          g_autofree char *name = ca_vector_source_redact (trade);
          g_autofree char *summary = ca_trade_cube_dup_summary (cube, name);

          g_printerr ("%s\n", summary);
        }
      ca_figure_set_trade (figure, cube, trade == NULL);
    }

  if (need_basemap)
    {
      g_autofree char *path = ca_basemap_dup_default_path ();
      g_autofree char *cache_dir = g_build_filename (g_get_user_cache_dir (), "corridor-atlas", NULL);

      basemap = ca_basemap_load_cached (path, cache_dir, NULL, &error);
      if (basemap == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      ca_figure_set_basemap (figure, basemap);
    }

  if (need_corridor)
    {
      routes = load_layer (dir, "routes.geojson", &error);
      if (routes != NULL)
        nodes = load_layer (dir, "nodes.geojson", &error);
      if (nodes != NULL)
        ports = load_layer (dir, "ports.geojson", &error);
      if (ports == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      ca_figure_set_corridor (figure, routes, nodes, ports);
    }

  if (user_layers != NULL && !add_user_layers (figure, routes, nodes, ports,
                                               (const char * const *)user_layers))
    return 1;

  if (ca_figure_get_options (figure)->basemap == CA_FIGURE_BASEMAP_OSM &&
      (ca_figure_get_options (figure)->layers & CA_FIGURE_LAYER_BASEMAP) &&
      !ca_figure_fetch_tiles (figure, NULL, &error))
    {
      g_printerr (_("%s\nNo figure was written; use --basemap offline to draw the basemap without the network.\n"),
                  error->message);
      return 1;
    }

  if (cube != NULL)
    {
      CaFlowModel *model = ca_figure_get_flow_model (figure);
      int from, to;

      if ((model == NULL || ca_flow_model_get_n_flows (model) == 0) &&
          ca_figure_get_months (figure, &from, &to))
        {
          g_autofree char *first = ca_trade_format_month (from);
          g_autofree char *last = ca_trade_format_month (to);

          g_printerr (_("No trade falls in %s to %s: the figure shows no flows\n"), first, last);
        }
    }

  if (!ca_figure_export (figure, target, format, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  ca_figure_get_pixel_size (figure, &width, &height);
  size_text = g_stat (target, &st) == 0 ? g_format_size (st.st_size) : g_strdup ("?");
  if (format == CA_FIGURE_FORMAT_PNG)
    /* translators: file, format, pixel size, resolution, file size */
    g_print (_("Wrote %s (%s, %d × %d px at %g dpi, %s)\n"), target, format_name (format), width, height,
             ca_figure_get_options (figure)->dpi, size_text);
  else
    {
      double w, h;

      ca_figure_get_page_size (figure, &w, &h);
      /* translators: file, format, page size in millimetres, file size */
      g_print (_("Wrote %s (%s, %.0f × %.0f mm, %s)\n"), target, format_name (format),
               w * 25.4 / 72, h * 25.4 / 72, size_text);
    }

  return 0;
}
