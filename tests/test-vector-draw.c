/* test-vector-draw.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cairo-pdf.h>
#include <math.h>

#include "ca-vector-draw.h"
#include "test-util.h"

/* Odd, so that the centre of the view is the centre of a pixel. */
#define SIZE 801
#define MIDDLE 400

/* A pale green that no style uses. */
static const CaRgb background = { 200 / 255.0, 230 / 255.0, 200 / 255.0 };

static CaVectorLayer *
load_layer (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  CaVectorLayer *layer;

  layer = ca_vector_layer_load (path, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (layer);

  return layer;
}

static void
view_at (CaView *view,
         double  longitude,
         double  latitude,
         double  zoom)
{
  ca_view_init (view, longitude, latitude, zoom, SIZE, SIZE);
}

static void
thematic_style (CaVectorStyle *style)
{
  ca_vector_style_init (style);
  style->thematic = TRUE;
  style->show_labels = FALSE;
  style->language = CA_LANGUAGE_ENGLISH;
}

static void
user_style (CaVectorStyle *style)
{
  ca_vector_style_init (style);
  style->show_labels = FALSE;
  style->language = CA_LANGUAGE_ENGLISH;
}

static void
paint_background (cairo_t *cr)
{
  cairo_set_source_rgb (cr, background.red, background.green, background.blue);
  cairo_paint (cr);
}

static cairo_surface_t *
render (CaVectorLayer       *layer,
        const CaView        *view,
        const CaVectorStyle *style,
        CaLabelSet          *labels)
{
  cairo_surface_t *surface;
  cairo_t *cr;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int)view->width, (int)view->height);
  cr = cairo_create (surface);
  paint_background (cr);
  ca_vector_draw (layer, cr, view, style, labels);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

static Pixel
pixel_at_location (cairo_surface_t *surface,
                   const CaView    *view,
                   double           longitude,
                   double           latitude)
{
  double x, y;

  ca_view_location_to_pixel (view, longitude, latitude, &x, &y);
  return pixel_at (surface, (int)floor (x), (int)floor (y));
}

static gboolean
pixel_near (Pixel        pixel,
            const CaRgb *rgb,
            int          tolerance)
{
  return ABS (pixel.red - (int)lround (rgb->red * 255)) <= tolerance &&
         ABS (pixel.green - (int)lround (rgb->green * 255)) <= tolerance &&
         ABS (pixel.blue - (int)lround (rgb->blue * 255)) <= tolerance;
}

static gboolean
is_background (Pixel pixel)
{
  return pixel_near (pixel, &background, 1);
}

static gboolean
is_dark (Pixel pixel)
{
  return pixel.red < 70 && pixel.green < 70 && pixel.blue < 90;
}

static gboolean
is_white (Pixel pixel)
{
  return pixel.red > 240 && pixel.green > 240 && pixel.blue > 240;
}

/* Dark, white, or an antialiased mix of the two. */
static gboolean
is_rail_ink (Pixel pixel)
{
  int high = MAX (MAX (pixel.red, pixel.green), pixel.blue);
  int low = MIN (MIN (pixel.red, pixel.green), pixel.blue);

  return !is_background (pixel) && high - low < 30;
}

static gboolean
is_orange (Pixel pixel)
{
  return pixel.red > 190 && pixel.green > 60 && pixel.green < 160 && pixel.blue < 60;
}

static gboolean
is_blue (Pixel pixel)
{
  return pixel.blue > 170 && pixel.red < 100 && pixel.blue > pixel.green + 60;
}

static gboolean
is_purple (Pixel pixel)
{
  return pixel.red > 110 && pixel.blue > 130 && pixel.green < 100;
}

static guint
count_differences (cairo_surface_t *a,
                   cairo_surface_t *b,
                   int              tolerance)
{
  int width = cairo_image_surface_get_width (a);
  int height = cairo_image_surface_get_height (a);
  guint n = 0;

  g_assert_cmpint (width, ==, cairo_image_surface_get_width (b));
  g_assert_cmpint (height, ==, cairo_image_surface_get_height (b));

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        Pixel pa = pixel_at (a, x, y), pb = pixel_at (b, x, y);

        if (ABS (pa.red - pb.red) > tolerance || ABS (pa.green - pb.green) > tolerance ||
            ABS (pa.blue - pb.blue) > tolerance)
          n++;
      }

  return n;
}

static void
test_rail (void)
{
  g_autoptr(CaVectorLayer) layer = load_layer ("modes.geojson");
  cairo_surface_t *surface;
  CaVectorStyle style;
  gboolean dark = FALSE, white = FALSE;
  CaView view;

  thematic_style (&style);

  /* The rail line runs from 100° to 104° E along 30° N: its middle is the
   * middle of the view. */
  view_at (&view, 102, 30, 7);
  surface = render (layer, &view, &style, NULL);

  g_assert_true (is_rail_ink (pixel_at (surface, MIDDLE, MIDDLE)));
  g_assert_true (is_dark (pixel_at (surface, MIDDLE, MIDDLE)) ||
                 is_white (pixel_at (surface, MIDDLE, MIDDLE)));

  /* Along the line: both the dark line and the white dashes in it. */
  for (int x = MIDDLE - 40; x <= MIDDLE + 40; x++)
    {
      Pixel pixel = pixel_at (surface, x, MIDDLE);

      g_assert_true (is_rail_ink (pixel));
      dark |= is_dark (pixel);
      white |= is_white (pixel);
    }
  g_assert_true (dark);
  g_assert_true (white);

  /* 20 px off the line, the background is untouched. */
  g_assert_true (is_background (pixel_at (surface, MIDDLE, MIDDLE - 20)));
  g_assert_true (is_background (pixel_at (surface, MIDDLE, MIDDLE + 20)));

  cairo_surface_destroy (surface);
}

static void
test_modes (void)
{
  g_autoptr(CaVectorLayer) layer = load_layer ("modes.geojson");
  static const CaRgb green = { 0.0, 0.5, 0.0 };
  cairo_surface_t *surface;
  CaVectorStyle style;
  guint n_blue = 0, n_background = 0;
  CaView view;

  thematic_style (&style);
  style.color = green;

  view_at (&view, 102, 29, 7);
  surface = render (layer, &view, &style, NULL);
  g_assert_true (is_orange (pixel_at (surface, MIDDLE, MIDDLE)));
  g_assert_true (is_background (pixel_at (surface, MIDDLE, MIDDLE - 20)));
  cairo_surface_destroy (surface);

  /* Sea lanes are dashed: over two dash periods some pixels are blue and
   * some are gaps. */
  view_at (&view, 102, 28, 7);
  surface = render (layer, &view, &style, NULL);
  for (int x = MIDDLE; x < MIDDLE + 50; x++)
    {
      Pixel pixel = pixel_at (surface, x, MIDDLE);

      n_blue += is_blue (pixel);
      n_background += is_background (pixel);
    }
  g_assert_cmpuint (n_blue, >, 10);
  g_assert_cmpuint (n_background, >, 5);
  cairo_surface_destroy (surface);

  view_at (&view, 102, 27, 7);
  surface = render (layer, &view, &style, NULL);
  g_assert_true (is_purple (pixel_at (surface, MIDDLE, MIDDLE)));
  cairo_surface_destroy (surface);

  /* An unknown mode takes the style's colour. */
  view_at (&view, 102, 26, 7);
  surface = render (layer, &view, &style, NULL);
  g_assert_true (pixel_near (pixel_at (surface, MIDDLE, MIDDLE), &green, 2));
  cairo_surface_destroy (surface);

  /* The dark palette inverts the railway symbol: its line is light. */
  style.palette = CA_BASEMAP_STYLE_DARK;
  view_at (&view, 102, 30, 7);
  surface = render (layer, &view, &style, NULL);
  g_assert_true (is_rail_ink (pixel_at (surface, MIDDLE, MIDDLE)));
  g_assert_false (is_dark (pixel_at (surface, MIDDLE, MIDDLE - 1)));
  cairo_surface_destroy (surface);
}

static guint
count_column_ink (cairo_surface_t *surface,
                  int              x,
                  int              y0,
                  int              y1)
{
  guint n = 0;

  for (int y = y0; y <= y1; y++)
    n += !is_background (pixel_at (surface, x, y));

  return n;
}

static void
test_width_grows_with_zoom (void)
{
  g_autoptr(CaVectorLayer) layer = load_layer ("modes.geojson");
  cairo_surface_t *surface;
  CaVectorStyle style;
  guint at_4, at_8;
  CaView view;

  thematic_style (&style);

  view_at (&view, 102, 29, 4);
  surface = render (layer, &view, &style, NULL);
  at_4 = count_column_ink (surface, MIDDLE, MIDDLE - 5, MIDDLE + 5);
  cairo_surface_destroy (surface);

  view_at (&view, 102, 29, 8);
  surface = render (layer, &view, &style, NULL);
  at_8 = count_column_ink (surface, MIDDLE, MIDDLE - 5, MIDDLE + 5);
  cairo_surface_destroy (surface);

  g_assert_cmpuint (at_4, >=, 1);
  g_assert_cmpuint (at_8, >, at_4);
}

static guint
count_row_ink (cairo_surface_t *surface,
               int              y,
               int              x0,
               int              x1)
{
  guint n = 0;

  for (int x = x0; x <= x1; x++)
    n += !is_background (pixel_at (surface, x, y));

  return n;
}

static void
test_seaports (void)
{
  g_autoptr(CaVectorLayer) layer = load_layer ("modes.geojson");
  cairo_surface_t *surface;
  CaVectorStyle style;
  guint partner, gateway;
  CaView view;

  thematic_style (&style);

  view_at (&view, 106, 24, 7);
  surface = render (layer, &view, &style, NULL);
  g_assert_true (is_blue (pixel_at (surface, MIDDLE, MIDDLE)));
  partner = count_row_ink (surface, MIDDLE, MIDDLE - 30, MIDDLE + 30);
  cairo_surface_destroy (surface);

  view_at (&view, 107, 24, 7);
  surface = render (layer, &view, &style, NULL);
  g_assert_true (is_blue (pixel_at (surface, MIDDLE, MIDDLE)));
  gateway = count_row_ink (surface, MIDDLE, MIDDLE - 30, MIDDLE + 30);
  cairo_surface_destroy (surface);

  g_assert_cmpuint (partner, >=, 6);
  g_assert_cmpuint (gateway, >, partner);

  /* Markers grow with zoom (counted across, as markers stand 11 px apart
   * at zoom 4). */
  view_at (&view, 106, 24, 4);
  surface = render (layer, &view, &style, NULL);
  g_assert_true (is_blue (pixel_at (surface, MIDDLE, MIDDLE)));
  g_assert_cmpuint (count_column_ink (surface, MIDDLE, MIDDLE - 20, MIDDLE + 20), <, partner);
  cairo_surface_destroy (surface);
}

static void
test_hit_test (void)
{
  g_autoptr(CaVectorLayer) sample = load_layer ("sample.geojson");
  g_autoptr(CaVectorLayer) modes = load_layer ("modes.geojson");
  const CaFeature *line;
  CaVectorStyle style;
  double ax, ay, bx, by, mx, my, length, nx, ny;
  CaView view;

  user_style (&style);

  /* Feature 2 runs from Chongqing (feature 0) to Guiyang. */
  view_at (&view, 106.63, 28.07, 6);
  line = ca_vector_layer_get_feature (sample, 2);
  g_assert_cmpint (line->kind, ==, CA_GEOMETRY_LINE);
  ca_view_world_to_pixel (&view, line->world[0], line->world[1], &ax, &ay);
  ca_view_world_to_pixel (&view, line->world[2], line->world[3], &bx, &by);
  mx = (ax + bx) / 2;
  my = (ay + by) / 2;
  length = hypot (bx - ax, by - ay);
  nx = -(by - ay) / length;
  ny = (bx - ax) / length;

  g_assert_cmpint (ca_vector_hit_test (sample, &view, &style, mx, my), ==, 2);
  g_assert_cmpint (ca_vector_hit_test (sample, &view, &style, mx + 3 * nx, my + 3 * ny), ==, 2);
  g_assert_cmpint (ca_vector_hit_test (sample, &view, &style, mx + 30 * nx, my + 30 * ny), ==, -1);
  g_assert_cmpint (ca_vector_hit_test (sample, &view, &style, mx - 30 * nx, my - 30 * ny), ==, -1);

  /* Chongqing is a point on the line's first vertex: the point wins. */
  g_assert_cmpint (ca_vector_hit_test (sample, &view, &style, ax, ay), ==, 0);
  g_assert_cmpint (ca_vector_hit_test (sample, &view, &style, ax + 2, ay - 2), ==, 0);
  g_assert_cmpint (ca_vector_hit_test (sample, &view, &style, ax + 30, ay), ==, -1);

  /* Inside the square, not inside its hole. */
  view_at (&view, 100.5, 20.5, 8);
  ca_view_location_to_pixel (&view, 100.1, 20.1, &ax, &ay);
  g_assert_cmpint (ca_vector_hit_test (sample, &view, &style, ax, ay), ==, 4);
  ca_view_location_to_pixel (&view, 100.5, 20.5, &ax, &ay);
  g_assert_cmpint (ca_vector_hit_test (sample, &view, &style, ax, ay), ==, -1);
  /* Near an edge from outside. */
  ca_view_location_to_pixel (&view, 99.0, 20.5, &ax, &ay);
  g_assert_cmpint (ca_vector_hit_test (sample, &view, &style, ax, ay), ==, -1);
  ca_view_location_to_pixel (&view, 100.0, 20.5, &ax, &ay);
  g_assert_cmpint (ca_vector_hit_test (sample, &view, &style, ax - 3, ay), ==, 4);

  /* Thematic: the hub on the road is found before the road. */
  thematic_style (&style);
  view_at (&view, 101, 29, 7);
  ca_view_location_to_pixel (&view, 100.5, 29, &ax, &ay);
  g_assert_cmpint (ca_vector_hit_test (modes, &view, &style, ax, ay), ==, 13);
  ca_view_location_to_pixel (&view, 101.5, 29, &ax, &ay);
  g_assert_cmpint (ca_vector_hit_test (modes, &view, &style, ax, ay + 2), ==, 1);
  g_assert_cmpint (ca_vector_hit_test (modes, &view, &style, ax, ay + 30), ==, -1);
}

static void
test_antimeridian (void)
{
  g_autoptr(CaVectorLayer) layer = load_layer ("antimeridian.geojson");
  cairo_surface_t *surface;
  CaVectorStyle style;
  double x, y;
  CaView view;

  user_style (&style);
  style.width = 3;

  /* Centred on 180°: the line runs on from 170° E to 190° E. */
  view_at (&view, 180, 10, 5);
  surface = render (layer, &view, &style, NULL);
  for (double longitude = 172; longitude <= 188; longitude += 0.5)
    g_assert_false (is_background (pixel_at_location (surface, &view, longitude, 10)));
  g_assert_true (is_background (pixel_at_location (surface, &view, 180, 12)));
  cairo_surface_destroy (surface);

  ca_view_location_to_pixel (&view, 180, 10, &x, &y);
  g_assert_cmpint (ca_vector_hit_test (layer, &view, &style, x, y), ==, 0);

  /* Centred on 180° W: the line is drawn one world west. */
  view_at (&view, -180, 10, 5);
  surface = render (layer, &view, &style, NULL);
  for (double longitude = -188; longitude <= -172; longitude += 0.5)
    g_assert_false (is_background (pixel_at_location (surface, &view, longitude, 10)));
  cairo_surface_destroy (surface);

  ca_view_location_to_pixel (&view, -175, 10, &x, &y);
  g_assert_cmpint (ca_vector_hit_test (layer, &view, &style, x, y), ==, 0);
  ca_view_location_to_pixel (&view, 175, 10, &x, &y);
  g_assert_cmpint (ca_vector_hit_test (layer, &view, &style, x, y), ==, 0);
}

static void
test_labels (void)
{
  g_autoptr(CaVectorLayer) modes = load_layer ("modes.geojson");
  g_autoptr(CaVectorLayer) labels = load_layer ("labels.geojson");
  cairo_surface_t *english, *chinese, *plain;
  CaVectorStyle style;
  CaLabelSet *set;
  CaView view;

  thematic_style (&style);
  view_at (&view, 103.5, 24, 7);

  plain = render (modes, &view, &style, NULL);

  style.show_labels = TRUE;
  style.language = CA_LANGUAGE_ENGLISH;
  set = ca_label_set_new ();
  english = render (modes, &view, &style, set);
  g_assert_cmpuint (ca_label_set_get_n_labels (set), >=, 4);
  ca_label_set_free (set);

  style.language = CA_LANGUAGE_CHINESE;
  chinese = render (modes, &view, &style, NULL);

  g_assert_cmpuint (count_differences (plain, english, 8), >, 200);
  g_assert_cmpuint (count_differences (english, chinese, 8), >, 200);
  cairo_surface_destroy (plain);
  cairo_surface_destroy (english);
  cairo_surface_destroy (chinese);

  /* Two points at one place get one label; the other two points have
   * theirs (one of them by its plain "name"). */
  view_at (&view, 105, 25.5, 7);
  set = ca_label_set_new ();
  cairo_surface_destroy (render (labels, &view, &style, set));
  g_assert_cmpuint (ca_label_set_get_n_labels (set), ==, 3);

  /* Drawn again into the same set, the labels find no room. */
  cairo_surface_destroy (render (labels, &view, &style, set));
  g_assert_cmpuint (ca_label_set_get_n_labels (set), ==, 3);
  ca_label_set_free (set);

  /* At zoom 5.5 only the main node is labelled; below 5, none. */
  view.zoom = 5.5;
  set = ca_label_set_new ();
  cairo_surface_destroy (render (labels, &view, &style, set));
  g_assert_cmpuint (ca_label_set_get_n_labels (set), ==, 1);
  ca_label_set_free (set);

  view.zoom = 4.5;
  set = ca_label_set_new ();
  cairo_surface_destroy (render (labels, &view, &style, set));
  g_assert_cmpuint (ca_label_set_get_n_labels (set), ==, 0);
  ca_label_set_free (set);
}

static void
test_opacity (void)
{
  g_autoptr(CaVectorLayer) layer = load_layer ("modes.geojson");
  cairo_surface_t *surface;
  CaVectorStyle style;
  Pixel opaque, half;
  CaView view;

  thematic_style (&style);
  view_at (&view, 102, 29, 7);

  surface = render (layer, &view, &style, NULL);
  opaque = pixel_at (surface, MIDDLE, MIDDLE);
  cairo_surface_destroy (surface);

  style.opacity = 0.5;
  surface = render (layer, &view, &style, NULL);
  half = pixel_at (surface, MIDDLE, MIDDLE);
  cairo_surface_destroy (surface);

  g_assert_true (is_orange (opaque));
  g_assert_cmpint (ABS (half.red - (opaque.red + (int)lround (background.red * 255)) / 2),
                   <=, 2);
  g_assert_cmpint (ABS (half.green - (opaque.green + (int)lround (background.green * 255)) / 2),
                   <=, 2);
  g_assert_cmpint (ABS (half.blue - (opaque.blue + (int)lround (background.blue * 255)) / 2),
                   <=, 2);

  /* Nothing is drawn at opacity 0. */
  style.opacity = 0;
  surface = render (layer, &view, &style, NULL);
  g_assert_true (is_background (pixel_at (surface, MIDDLE, MIDDLE)));
  cairo_surface_destroy (surface);
}

static void
test_highlight (void)
{
  g_autoptr(CaVectorLayer) layer = load_layer ("modes.geojson");
  cairo_surface_t *plain, *highlighted;
  CaVectorStyle style;
  CaView view;
  guint near = 0;

  thematic_style (&style);
  view_at (&view, 102, 29, 7);

  plain = render (layer, &view, &style, NULL);
  style.highlight = 1;
  highlighted = render (layer, &view, &style, NULL);

  /* Around the road, the highlight shows; 40 px away nothing changed. */
  for (int x = MIDDLE - 50; x <= MIDDLE + 50; x++)
    for (int y = MIDDLE - 6; y <= MIDDLE + 6; y++)
      {
        Pixel a = pixel_at (plain, x, y), b = pixel_at (highlighted, x, y);

        near += a.red != b.red || a.green != b.green || a.blue != b.blue;
      }
  g_assert_cmpuint (near, >, 500);
  for (int x = MIDDLE - 50; x <= MIDDLE + 50; x++)
    g_assert_true (is_background (pixel_at (highlighted, x, MIDDLE + 40)));

  cairo_surface_destroy (plain);
  cairo_surface_destroy (highlighted);

  /* A highlighted point. */
  view_at (&view, 106, 24, 7);
  style.highlight = -1;
  plain = render (layer, &view, &style, NULL);
  style.highlight = 11;
  highlighted = render (layer, &view, &style, NULL);
  g_assert_cmpuint (count_row_ink (highlighted, MIDDLE, MIDDLE - 30, MIDDLE + 30), >,
                    count_row_ink (plain, MIDDLE, MIDDLE - 30, MIDDLE + 30));
  cairo_surface_destroy (plain);
  cairo_surface_destroy (highlighted);
}

static void
test_user_polygons (void)
{
  g_autoptr(CaVectorLayer) layer = load_layer ("sample.geojson");
  static const CaRgb red = { 1.0, 0.0, 0.0 };
  cairo_surface_t *surface;
  CaVectorStyle style;
  Pixel inside;
  CaView view;

  user_style (&style);
  style.color = red;
  view_at (&view, 100.5, 20.5, 8);
  surface = render (layer, &view, &style, NULL);

  /* 30 % of the colour over the background inside, nothing in the hole. */
  inside = pixel_at_location (surface, &view, 100.1, 20.1);
  g_assert_cmpint (ABS (inside.red - (int)lround (0.3 * 255 + 0.7 * background.red * 255)), <=, 2);
  g_assert_cmpint (ABS (inside.green - (int)lround (0.7 * background.green * 255)), <=, 2);
  g_assert_true (is_background (pixel_at_location (surface, &view, 100.5, 20.5)));
  g_assert_true (is_background (pixel_at_location (surface, &view, 99.5, 20.5)));

  /* The edge is stroked in the colour. */
  g_assert_true (pixel_near (pixel_at_location (surface, &view, 100.0, 20.5), &red, 60));
  cairo_surface_destroy (surface);
}

/* A layer too heavy to stroke at frame rate: drawn from cached tiles, it
 * matches the layer drawn from its vectors. */
static char *
write_heavy_layer (const char *dir)
{
  g_autoptr(GString) json = g_string_new ("{ \"type\": \"FeatureCollection\", \"features\": [\n");
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, "heavy.geojson", NULL);

  for (guint i = 0; i < 400; i++)
    {
      double longitude = g_rand_double_range (rand, 100, 104);
      double latitude = g_rand_double_range (rand, 20, 24);

      g_string_append_printf (json,
                              "%s{ \"type\": \"Feature\", \"properties\": { \"name\": \"L%u\" }, "
                              "\"geometry\": { \"type\": \"LineString\", \"coordinates\": [",
                              i == 0 ? "" : ",\n", i);
      for (guint k = 0; k < 60; k++)
        {
          double angle = g_rand_double_range (rand, 0, 2 * G_PI);

          longitude += 0.02 * cos (angle);
          latitude += 0.02 * sin (angle);
          g_string_append_printf (json, "%s[%.6f, %.6f]", k == 0 ? "" : ", ", longitude, latitude);
        }
      g_string_append (json, "] } }");
    }
  g_string_append (json, "\n] }\n");

  g_file_set_contents (path, json->str, json->len, &error);
  g_assert_no_error (error);

  return path;
}

static void
test_tiles_match_vectors (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-vector-draw-XXXXXX", NULL);
  g_autofree char *path = NULL;
  g_autoptr(CaVectorLayer) layer = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *exact, *tiled, *again, *replayed, *recording;
  CaVectorStyle style;
  double world_size;
  cairo_t *cr;
  CaView view;

  g_assert_nonnull (dir);
  path = write_heavy_layer (dir);
  layer = ca_vector_layer_load (path, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ca_vector_layer_get_n_vertices (layer), ==, 400 * 60);

  user_style (&style);

  for (guint pan = 0; pan < 2; pan++)
    {
      /* A view whose corner is on a whole pixel of the world, so the tiles
       * need no rounding; the second one pans by 300 px. */
      ca_view_init (&view, 102, 22, 7, 640, 480);
      world_size = ca_view_get_world_size (&view);
      view.center_x = (round (view.center_x * world_size - 320) + 320 + 300 * pan) / world_size;
      view.center_y = (round (view.center_y * world_size - 240) + 240 + 100 * pan) / world_size;

      style.exact = TRUE;
      exact = render (layer, &view, &style, NULL);
      style.exact = FALSE;
      tiled = render (layer, &view, &style, NULL);
      again = render (layer, &view, &style, NULL);

      /* Batching differs where lines cross, which moves a few edge pixels
       * by a level or two. */
      g_assert_cmpuint (count_differences (exact, tiled, 24), <, 640 * 480 / 500);
      g_assert_cmpuint (count_differences (tiled, again, 0), ==, 0);
      g_assert_cmpuint (count_row_ink (tiled, 240, 0, 639), >, 20);

      /* A recording surface, as GTK gives, replays to the same image (but
       * for rounding: cairo composites the replay through an image). */
      recording = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
      cr = cairo_create (recording);
      ca_vector_draw (layer, cr, &view, &style, NULL);
      cairo_destroy (cr);
      replayed = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 640, 480);
      cr = cairo_create (replayed);
      paint_background (cr);
      cairo_set_source_surface (cr, recording, 0, 0);
      cairo_paint (cr);
      cairo_destroy (cr);
      cairo_surface_flush (replayed);
      g_assert_cmpuint (count_differences (tiled, replayed, 4), ==, 0);

      cairo_surface_destroy (recording);
      cairo_surface_destroy (replayed);
      cairo_surface_destroy (exact);
      cairo_surface_destroy (tiled);
      cairo_surface_destroy (again);
    }

  test_remove_tree (dir);
}

static void
test_pdf (void)
{
  g_autoptr(CaVectorLayer) layer = load_layer ("modes.geojson");
  g_autofree char *dir = g_dir_make_tmp ("test-vector-draw-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "modes.pdf", NULL);
  cairo_surface_t *surface;
  CaVectorStyle style;
  GStatBuf info;
  cairo_t *cr;
  CaView view;

  thematic_style (&style);
  style.show_labels = TRUE;
  style.highlight = 12;
  style.opacity = 0.8;
  view_at (&view, 103.5, 26, 6);

  surface = cairo_pdf_surface_create (path, view.width, view.height);
  cr = cairo_create (surface);
  ca_vector_draw (layer, cr, &view, &style, NULL);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  g_assert_cmpint (g_stat (path, &info), ==, 0);
  g_assert_cmpint (info.st_size, >, 1000);

  test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vector-draw/rail", test_rail);
  g_test_add_func ("/vector-draw/modes", test_modes);
  g_test_add_func ("/vector-draw/width-grows-with-zoom", test_width_grows_with_zoom);
  g_test_add_func ("/vector-draw/seaports", test_seaports);
  g_test_add_func ("/vector-draw/hit-test", test_hit_test);
  g_test_add_func ("/vector-draw/antimeridian", test_antimeridian);
  g_test_add_func ("/vector-draw/labels", test_labels);
  g_test_add_func ("/vector-draw/opacity", test_opacity);
  g_test_add_func ("/vector-draw/highlight", test_highlight);
  g_test_add_func ("/vector-draw/user-polygons", test_user_polygons);
  g_test_add_func ("/vector-draw/tiles-match-vectors", test_tiles_match_vectors);
  g_test_add_func ("/vector-draw/pdf", test_pdf);

  return g_test_run ();
}
