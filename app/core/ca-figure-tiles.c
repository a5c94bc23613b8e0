/* ca-figure-tiles.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ca-figure-tiles"

#include "config.h"

#include <cpl_error.h>
#include <gdal.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "ca-figure-export.h"
#include "ca-figure-private.h"

/* Online tiles for a figure, through GDAL's WMS driver in its TMS mode:
 * GDAL fetches (on several connections) and decodes the OpenStreetMap
 * tiles that cover the map at the zoom the figure's resolution needs, and
 * returns them as one image, which the figure composites over the offline
 * basemap.  No tile server is a requirement: when the tiles cannot be
 * fetched the export fails with the reason, and the planner can choose
 * the offline basemap instead.
 */

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (GDALDatasetH, GDALClose, NULL)

/* A figure needs at most this many tile pixels (about 6000 × 4000). */
#define MAX_TILE_PIXELS (24.0 * 1000 * 1000)

/**
 * ca_figure_dup_tile_url:
 *
 * Returns: the tile URL template, on the host the
 *   CORRIDOR_ATLAS_TILE_HOST environment variable names, else
 *   OpenStreetMap's
 */
char *
ca_figure_dup_tile_url (void)
{
  const char *host = g_getenv ("CORRIDOR_ATLAS_TILE_HOST");

  if (host == NULL || host[0] == '\0')
    host = "tile.openstreetmap.org";

  /* A whole URL prefix, such as file:///tmp/tiles, serves tests. */
  if (strstr (host, "://") != NULL)
    return g_strdup_printf ("%s/${z}/${x}/${y}.png", host);

  return g_strdup_printf ("https://%s/${z}/${x}/${y}.png", host);
}

/* GDAL's WMS messages hold the request, the driver's block offsets and
 * advice on its XML; a planner needs only curl's reason. */
static char *
dup_gdal_reason (void)
{
  const char *message = CPLGetLastErrorMsg ();
  const char *reason = strstr (message, "error: ");
  g_autofree char *line = NULL;

  if (message[0] == '\0')
    return g_strdup (_("GDAL gave no reason"));

  reason = reason != NULL ? reason + strlen ("error: ") : message;
  line = g_strndup (reason, strcspn (reason, "\n"));
  g_strstrip (line);
  if (g_str_has_suffix (line, "."))
    line[strlen (line) - 1] = '\0';

  return g_steal_pointer (&line);
}

typedef struct
{
  GCancellable *cancellable;
  CaFigure     *figure;
} Fetch;

static int CPL_STDCALL
progress_cb (double      complete,
             const char *message,
             void       *data)
{
  Fetch *fetch = data;

  _ca_figure_report_progress (fetch->figure, CA_FIGURE_STAGE_TILES, complete);

  return !g_cancellable_is_cancelled (fetch->cancellable);
}

/* Reads tile pixels [x0, x0 + width) × [y0, y0 + height) of the zoom the
 * dataset serves, and adds them to the figure @offset worlds east. */
static gboolean
fetch_piece (CaFigure      *figure,
             GDALDatasetH   dataset,
             const char    *url,
             int            zoom,
             int            x0,
             int            y0,
             int            width,
             int            height,
             int            offset,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autofree guint8 *rgb = NULL;
  cairo_surface_t *image;
  GDALRasterIOExtraArg extra;
  Fetch fetch = { cancellable, figure };
  int bands[3] = { 1, 2, 3 };
  double world = CA_TILE_SIZE * (1 << zoom);
  CaView view;
  CPLErr status;

  if (width <= 0 || height <= 0)
    return TRUE;

  rgb = g_try_malloc ((gsize)width * height * 3);
  if (rgb == NULL)
    {
      g_set_error (error, CA_FIGURE_ERROR, CA_FIGURE_ERROR_TILES,
                   _("Not enough memory for %d × %d tile pixels"), width, height);
      return FALSE;
    }

  INIT_RASTERIO_EXTRA_ARG (extra);
  extra.pfnProgress = progress_cb;
  extra.pProgressData = &fetch;
  CPLErrorReset ();
  status = GDALDatasetRasterIOEx (dataset, GF_Read, x0, y0, width, height, rgb, width, height,
                                  GDT_Byte, 3, bands, 3, (GSpacing)width * 3, 1, &extra);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (status != CE_None)
    {
      g_autofree char *reason = dup_gdal_reason ();

      g_set_error (error, CA_FIGURE_ERROR, CA_FIGURE_ERROR_TILES,
                   _("OpenStreetMap tiles could not be fetched from %s: %s"), url, reason);
      return FALSE;
    }

  image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  {
    guint8 *data = cairo_image_surface_get_data (image);
    int stride = cairo_image_surface_get_stride (image);

    for (int y = 0; y < height; y++)
      {
        guint32 *row = (guint32 *)(gpointer)(data + (gsize)y * stride);
        const guint8 *src = rgb + (gsize)y * width * 3;

        for (int x = 0; x < width; x++)
          row[x] = 0xff000000u | (guint32)src[3 * x] << 16 | (guint32)src[3 * x + 1] << 8 | src[3 * x + 2];
      }
    cairo_surface_mark_dirty (image);
  }

  /* The image's view: its top-left pixel is tile pixel (x0, y0). */
  view.zoom = zoom;
  view.width = width;
  view.height = height;
  view.center_x = (x0 + width / 2.0) / world + offset;
  view.center_y = (y0 + height / 2.0) / world;
  ca_figure_add_tiles (figure, image, &view);
  cairo_surface_destroy (image);

  return TRUE;
}

/**
 * ca_figure_fetch_tiles:
 * @cancellable: (nullable): cancels the download
 *
 * Fetches the online tiles that cover @figure's map at its resolution
 * and gives them to it (ca_figure_add_tiles()).  A map across the
 * antimeridian gets the tiles of both sides.
 *
 * Returns: whether the tiles came, else %FALSE with @error set
 */
gboolean
ca_figure_fetch_tiles (CaFigure      *figure,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autofree char *url = ca_figure_dup_tile_url ();
  g_autofree char *xml = NULL;
  g_auto(GDALDatasetH) dataset = NULL;
  CaView view;
  CaBBox bbox;
  double world, west, east;
  int zoom, y0, y1;
  gboolean ok;

  g_return_val_if_fail (CA_IS_FIGURE (figure), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);

  ca_figure_clear_tiles (figure);
  ca_figure_get_map_view (figure, &view);
  zoom = ca_figure_get_tile_zoom (figure);
  ca_view_get_world_bbox (&view, &bbox);
  /* At most the whole world across. */
  west = MAX (bbox.x_min, view.center_x - 0.5);
  east = MIN (bbox.x_max, view.center_x + 0.5);

  /* Fewer, coarser tiles rather than an image no printer needs. */
  while (zoom > 0 && (east - west) * (bbox.y_max - bbox.y_min) * pow (4, zoom) * 65536 > MAX_TILE_PIXELS)
    zoom--;

  world = CA_TILE_SIZE * (1 << zoom);
  y0 = (int)floor (CLAMP (bbox.y_min, 0, 1) * world);
  y1 = (int)ceil (CLAMP (bbox.y_max, 0, 1) * world);

  xml = g_strdup_printf ("<GDAL_WMS>"
                         "<Service name=\"TMS\"><ServerUrl>%s</ServerUrl></Service>"
                         "<DataWindow>"
                         "<UpperLeftX>-20037508.34</UpperLeftX><UpperLeftY>20037508.34</UpperLeftY>"
                         "<LowerRightX>20037508.34</LowerRightX><LowerRightY>-20037508.34</LowerRightY>"
                         "<TileLevel>%d</TileLevel><TileCountX>1</TileCountX><TileCountY>1</TileCountY>"
                         "<YOrigin>top</YOrigin>"
                         "</DataWindow>"
                         "<Projection>EPSG:3857</Projection>"
                         "<BlockSizeX>256</BlockSizeX><BlockSizeY>256</BlockSizeY>"
                         "<BandsCount>3</BandsCount>"
                         "<UserAgent>%s/%s (figure export)</UserAgent>"
                         "<MaxConnections>2</MaxConnections>"
                         "<Timeout>20</Timeout>"
                         "<ZeroBlockHttpCodes>204,404</ZeroBlockHttpCodes>"
                         "</GDAL_WMS>",
                         url, zoom, PACKAGE_NAME, PACKAGE_VERSION);

  GDALAllRegister ();
  CPLErrorReset ();
  CPLPushErrorHandler (CPLQuietErrorHandler);
  dataset = GDALOpen (xml, GA_ReadOnly);
  if (dataset == NULL)
    {
      g_autofree char *reason = dup_gdal_reason ();

      CPLPopErrorHandler ();
      g_set_error (error, CA_FIGURE_ERROR, CA_FIGURE_ERROR_TILES,
                   _("Cannot use the tile server at %s: %s"), url, reason);
      return FALSE;
    }

  /* The world itself, then what lies beyond the antimeridian on either
   * side, taken from the other end of the world. */
  {
    int x0 = (int)floor (CLAMP (west, 0, 1) * world), x1 = (int)ceil (CLAMP (east, 0, 1) * world);

    ok = fetch_piece (figure, dataset, url, zoom, x0, y0, x1 - x0, y1 - y0, 0, cancellable, error);
  }
  if (ok && west < 0)
    {
      int x0 = (int)floor ((west + 1) * world), x1 = (int)world;

      ok = fetch_piece (figure, dataset, url, zoom, x0, y0, x1 - x0, y1 - y0, -1, cancellable, error);
    }
  if (ok && east > 1)
    {
      int x1 = (int)ceil ((east - 1) * world);

      ok = fetch_piece (figure, dataset, url, zoom, 0, y0, x1, y1 - y0, 1, cancellable, error);
    }
  CPLPopErrorHandler ();

  if (!ok)
    ca_figure_clear_tiles (figure);

  return ok;
}
