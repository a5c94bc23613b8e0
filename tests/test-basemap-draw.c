/* test-basemap-draw.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cairo-pdf.h>
#include <math.h>

#include "test-util.h"
#include "ca-basemap-draw.h"

static CaBasemap *basemap;

static cairo_surface_t *
render (const CaView           *view,
        const CaBasemapOptions *options)
{
  cairo_surface_t *surface;
  cairo_t *cr;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int)view->width, (int)view->height);
  cr = cairo_create (surface);
  ca_basemap_draw (basemap, cr, view, options);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

static void
assert_colour (Pixel        pixel,
               const CaRgb *rgb)
{
  g_assert_cmpint (ABS (pixel.red - (int)lround (rgb->red * 255)), <=, 1);
  g_assert_cmpint (ABS (pixel.green - (int)lround (rgb->green * 255)), <=, 1);
  g_assert_cmpint (ABS (pixel.blue - (int)lround (rgb->blue * 255)), <=, 1);
}

static Pixel
pixel_at_location (cairo_surface_t *surface,
                   const CaView    *view,
                   double           longitude,
                   double           latitude)
{
  double x, y;

  ca_view_location_to_pixel (view, longitude, latitude, &x, &y);
  g_assert_cmpfloat (x, >=, 0);
  g_assert_cmpfloat (x, <, view->width);
  g_assert_cmpfloat (y, >=, 0);
  g_assert_cmpfloat (y, <, view->height);

  return pixel_at (surface, x, y);
}

static void
test_draw_tile_colours (void)
{
  const CaBasemapPalette *palette;
  cairo_surface_t *surface;
  CaBasemapOptions options;
  CaView view;

  ca_basemap_options_init (&options);
  options.show_labels = FALSE;

  for (CaBasemapStyle style = CA_BASEMAP_STYLE_LIGHT; style <= CA_BASEMAP_STYLE_DARK; style++)
    {
      options.style = style;
      palette = ca_basemap_palette_get (style);

      /* Zoom 5, tile 25/13 holds Chongqing: China's land colour there. */
      ca_view_init_tile (&view, 5, 25, 13);
      surface = render (&view, &options);
      assert_colour (pixel_at_location (surface, &view, 106.55, 29.56), &palette->china);
      cairo_surface_destroy (surface);

      /* Tile 26/14 holds the South China Sea at 114° E, 15° N. */
      ca_view_init_tile (&view, 5, 26, 14);
      surface = render (&view, &options);
      assert_colour (pixel_at_location (surface, &view, 114.0, 15.0), &palette->sea);
      cairo_surface_destroy (surface);

      /* Tile 25/14 holds Hanoi: another country's land colour. */
      ca_view_init_tile (&view, 5, 25, 14);
      surface = render (&view, &options);
      assert_colour (pixel_at_location (surface, &view, 105.85, 21.03), &palette->land);
      cairo_surface_destroy (surface);
    }

  /* The two palettes really differ. */
  g_assert_true (ca_basemap_palette_get (CA_BASEMAP_STYLE_LIGHT)->sea.blue !=
                 ca_basemap_palette_get (CA_BASEMAP_STYLE_DARK)->sea.blue);
}

static void
test_draw_pole_and_antimeridian (void)
{
  const CaBasemapPalette *palette = ca_basemap_palette_get (CA_BASEMAP_STYLE_LIGHT);
  cairo_surface_t *surface;
  CaBasemapOptions options;
  CaView view;

  ca_basemap_options_init (&options);
  options.show_labels = FALSE;

  /* The whole world: Antarctica fills down to the bottom edge, and the
   * Pacific is sea. */
  ca_view_init_tile (&view, 0, 0, 0);
  surface = render (&view, &options);
  assert_colour (pixel_at (surface, 128, 254), &palette->land);
  assert_colour (pixel_at (surface, 10, 254), &palette->land);
  assert_colour (pixel_at_location (surface, &view, -150.0, 10.0), &palette->sea);
  cairo_surface_destroy (surface);

  /* A view centred on the antimeridian shows Chukotka on both sides
   * (east of it, longitudes run on past 180°). */
  ca_view_init (&view, 180.0, 66.0, 4, 600, 300);
  surface = render (&view, &options);
  assert_colour (pixel_at_location (surface, &view, 175.0, 67.5), &palette->land);
  assert_colour (pixel_at_location (surface, &view, 360 - 175.0, 67.0), &palette->land);
  assert_colour (pixel_at_location (surface, &view, 360 - 176.0, 62.0), &palette->sea);
  cairo_surface_destroy (surface);
}

static double
mean_difference (cairo_surface_t *a,
                 cairo_surface_t *b,
                 int              ax,
                 int              ay,
                 int              width,
                 int              height,
                 int             *max_difference)
{
  double sum = 0;

  *max_difference = 0;
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        Pixel pa = pixel_at (a, ax + x, ay + y);
        Pixel pb = pixel_at (b, x, y);
        int d = ABS (pa.red - pb.red) + ABS (pa.green - pb.green) + ABS (pa.blue - pb.blue);

        sum += d;
        *max_difference = MAX (*max_difference, d);
      }

  return sum / (width * height);
}

static void
test_draw_tiles_match_window (void)
{
  cairo_surface_t *window;
  CaBasemapOptions options;
  CaView view;

  ca_basemap_options_init (&options);
  options.language = CA_LANGUAGE_ENGLISH;

  /* One 512 px view and the four tiles it covers agree pixel for pixel,
   * labels included: a label that straddles tiles is drawn in each. */
  view.center_x = 26.0 / 32.0;
  view.center_y = 14.0 / 32.0;
  view.zoom = 5;
  view.width = view.height = 512;
  window = render (&view, &options);

  for (guint tx = 0; tx < 2; tx++)
    for (guint ty = 0; ty < 2; ty++)
      {
        cairo_surface_t *tile;
        CaView tile_view;
        int max_difference;
        double mean;

        ca_view_init_tile (&tile_view, 5, 25 + tx, 13 + ty);
        tile = render (&tile_view, &options);
        mean = mean_difference (window, tile, 256 * tx, 256 * ty, 256, 256, &max_difference);
        g_assert_cmpfloat (mean, <, 0.05);
        g_assert_cmpint (max_difference, <=, 12);
        cairo_surface_destroy (tile);
      }

  cairo_surface_destroy (window);
}

static guint
count_differences (cairo_surface_t *a,
                   cairo_surface_t *b)
{
  int width = cairo_image_surface_get_width (a);
  int height = cairo_image_surface_get_height (a);
  guint n = 0;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        Pixel pa = pixel_at (a, x, y), pb = pixel_at (b, x, y);

        n += pa.red != pb.red || pa.green != pb.green || pa.blue != pb.blue;
      }

  return n;
}

static void
test_draw_labels (void)
{
  cairo_surface_t *plain, *english, *chinese;
  CaBasemapOptions options;
  CaView view;

  ca_basemap_options_init (&options);
  ca_view_init (&view, 106.0, 24.0, 5.0, 640, 480);

  options.show_labels = FALSE;
  plain = render (&view, &options);
  options.show_labels = TRUE;
  options.language = CA_LANGUAGE_ENGLISH;
  english = render (&view, &options);
  options.language = CA_LANGUAGE_CHINESE;
  chinese = render (&view, &options);

  /* Labels add ink, and the Chinese labels are other ink than the
   * English ones. */
  g_assert_cmpuint (count_differences (plain, english), >, 2000);
  g_assert_cmpuint (count_differences (plain, chinese), >, 2000);
  g_assert_cmpuint (count_differences (english, chinese), >, 2000);

  cairo_surface_destroy (plain);
  cairo_surface_destroy (english);
  cairo_surface_destroy (chinese);
}

static void
test_draw_deterministic (void)
{
  cairo_surface_t *a, *b;
  CaBasemapOptions options;
  CaView view;

  ca_basemap_options_init (&options);
  ca_view_init_tile (&view, 6, 51, 27);
  a = render (&view, &options);
  b = render (&view, &options);
  g_assert_cmpuint (count_differences (a, b), ==, 0);
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
}

static void
test_draw_hidpi (void)
{
  const CaBasemapPalette *palette = ca_basemap_palette_get (CA_BASEMAP_STYLE_LIGHT);
  cairo_surface_t *surface;
  CaBasemapOptions options;
  CaView view;
  cairo_t *cr;
  double x, y;

  /* A tile drawn at scale 2 is 512 device pixels with the same layout. */
  ca_basemap_options_init (&options);
  options.show_labels = FALSE;
  ca_view_init_tile (&view, 5, 25, 13);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 512, 512);
  cr = cairo_create (surface);
  cairo_scale (cr, 2, 2);
  ca_basemap_draw (basemap, cr, &view, &options);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  ca_view_location_to_pixel (&view, 106.55, 29.56, &x, &y);
  assert_colour (pixel_at (surface, 2 * x, 2 * y), &palette->china);
  cairo_surface_destroy (surface);
}

static cairo_status_t
count_bytes (void                *closure,
             const unsigned char *data,
             unsigned int         length)
{
  *(gsize *)closure += length;
  return CAIRO_STATUS_SUCCESS;
}

static void
test_draw_pdf (void)
{
  cairo_surface_t *surface;
  CaBasemapOptions options;
  CaView view;
  gsize size = 0;
  cairo_t *cr;

  /* The same function draws onto a vector surface. */
  ca_basemap_options_init (&options);
  ca_view_init (&view, 106.0, 22.0, 5.0, 842, 595);
  surface = cairo_pdf_surface_create_for_stream (count_bytes, &size, view.width, view.height);
  cr = cairo_create (surface);
  ca_basemap_draw (basemap, cr, &view, &options);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  g_assert_cmpuint (size, >, 10000);
  g_assert_cmpuint (size, <, 5 * 1024 * 1024);
}

static void
test_draw_without_basemap (void)
{
  const CaBasemapPalette *palette = ca_basemap_palette_get (CA_BASEMAP_STYLE_DARK);
  CaBasemap *saved = basemap;
  cairo_surface_t *surface;
  CaBasemapOptions options;
  CaView view;

  /* No basemap: the plain sea, everywhere. */
  ca_basemap_options_init (&options);
  options.style = CA_BASEMAP_STYLE_DARK;
  basemap = NULL;
  ca_view_init_tile (&view, 5, 25, 13);
  surface = render (&view, &options);
  basemap = saved;

  assert_colour (pixel_at (surface, 0, 0), &palette->sea);
  assert_colour (pixel_at (surface, 128, 128), &palette->sea);
  assert_colour (pixel_at (surface, 255, 255), &palette->sea);
  cairo_surface_destroy (surface);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  basemap = test_load_basemap ();

  g_test_add_func ("/basemap-draw/tile-colours", test_draw_tile_colours);
  g_test_add_func ("/basemap-draw/pole-and-antimeridian", test_draw_pole_and_antimeridian);
  g_test_add_func ("/basemap-draw/tiles-match-window", test_draw_tiles_match_window);
  g_test_add_func ("/basemap-draw/labels", test_draw_labels);
  g_test_add_func ("/basemap-draw/deterministic", test_draw_deterministic);
  g_test_add_func ("/basemap-draw/hidpi", test_draw_hidpi);
  g_test_add_func ("/basemap-draw/pdf", test_draw_pdf);
  g_test_add_func ("/basemap-draw/without-basemap", test_draw_without_basemap);

  status = g_test_run ();
  g_clear_object (&basemap);

  return status;
}
