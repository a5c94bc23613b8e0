/* test-figure.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Figures: page sizes, known pixels in a fixed view, and the writers'
 * safety (the PNG's resolution, atomic replacement, cancelling, a full
 * disk and a read-only folder). */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "ca-figure-export.h"
#include "test-util.h"

static CaBasemap *basemap;
static char *tmp_dir;

static int
region (const char *id)
{
  for (int r = 0; r < CA_N_REGIONS; r++)
    if (g_str_equal (ca_trade_get_region (r)->id, id))
      return r;

  g_assert_not_reached ();
}

static CaFigure *
small_figure (guint layers)
{
  CaFigureOptions options;
  CaFigure *figure;

  ca_figure_options_init (&options);
  options.page = CA_PAGE_CUSTOM_PX;
  options.page_width = 900;
  options.page_height = 600;
  options.dpi = 96;
  options.fit_bbox = FALSE;
  options.longitude = 106.0;
  options.latitude = 24.0;
  options.zoom = 5.0;
  options.layers = layers;
  options.language = CA_LANGUAGE_ENGLISH;
  options.title = g_strdup ("Test figure");
  figure = ca_figure_new (&options);
  ca_figure_options_clear (&options);
  ca_figure_set_basemap (figure, basemap);

  return figure;
}

/* Where a place or a map pixel lands on the figure's image. */
static void
map_to_image (CaFigure *figure,
              double    x,
              double    y,
              int      *ix,
              int      *iy)
{
  double fx, fy, unit, scale = ca_figure_get_options (figure)->dpi / 72.0;

  ca_figure_get_map_frame (figure, &fx, &fy, NULL, NULL, &unit);
  *ix = (int)floor ((fx + x * unit) * scale);
  *iy = (int)floor ((fy + y * unit) * scale);
}

static void
assert_near (Pixel        pixel,
             const CaRgb *rgb,
             int          tolerance)
{
  g_test_message ("pixel %d,%d,%d, expected %.0f,%.0f,%.0f", pixel.red, pixel.green, pixel.blue,
                  rgb->red * 255, rgb->green * 255, rgb->blue * 255);
  g_assert_cmpint (ABS (pixel.red - (int)lround (rgb->red * 255)), <=, tolerance);
  g_assert_cmpint (ABS (pixel.green - (int)lround (rgb->green * 255)), <=, tolerance);
  g_assert_cmpint (ABS (pixel.blue - (int)lround (rgb->blue * 255)), <=, tolerance);
}

static void
test_sizes (void)
{
  static const struct {
    const char *page;
    gboolean    landscape;
    double      dpi;
    int         width;
    int         height;
  } cases[] = {
    { "A4", TRUE, 300, 3508, 2480 },
    { "A4", FALSE, 300, 2480, 3508 },
    { "A3", TRUE, 300, 4961, 3508 },
    { "A4", TRUE, 72, 842, 595 },
    { "slide", TRUE, 96, 1920, 1080 },
    { "1600x900px", FALSE, 150, 1600, 900 },
    { "100x50mm", FALSE, 254, 1000, 500 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CaFigure) figure = NULL;
      CaFigureOptions options;
      int width, height;

      ca_figure_options_init (&options);
      g_assert_true (ca_figure_parse_page (cases[i].page, &options, &error));
      g_assert_no_error (error);
      options.landscape = cases[i].landscape;
      options.dpi = cases[i].dpi;
      figure = ca_figure_new (&options);
      ca_figure_get_pixel_size (figure, &width, &height);
      g_test_message ("%s: %d × %d", cases[i].page, width, height);
      g_assert_cmpint (width, ==, cases[i].width);
      g_assert_cmpint (height, ==, cases[i].height);
    }
}

static void
test_parse (void)
{
  g_autoptr(GError) error = NULL;
  CaFigureOptions options;
  guint layers;

  ca_figure_options_init (&options);
  g_assert_false (ca_figure_parse_page ("B5", &options, &error));
  g_assert_error (error, CA_FIGURE_ERROR, CA_FIGURE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ca_figure_parse_page ("0x10mm", &options, NULL));
  g_assert_false (ca_figure_parse_page ("10x10", &options, NULL));

  g_assert_true (ca_figure_parse_layers ("basemap, routes,flows", &layers, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (layers, ==, CA_FIGURE_LAYER_BASEMAP | CA_FIGURE_LAYER_ROUTES | CA_FIGURE_LAYER_FLOWS);
  g_assert_false (ca_figure_parse_layers ("basemap,rivers", &layers, &error));
  g_assert_error (error, CA_FIGURE_ERROR, CA_FIGURE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "rivers"));

  g_assert_cmpint (ca_figure_format_for_path ("a/b.PDF"), ==, CA_FIGURE_FORMAT_PDF);
  g_assert_cmpint (ca_figure_format_for_path ("b.svg"), ==, CA_FIGURE_FORMAT_SVG);
  g_assert_cmpint (ca_figure_format_for_path ("dir.pdf/figure"), ==, CA_FIGURE_FORMAT_PNG);
}

/* Chongqing is China's land colour on the figure, and the map keeps
 * north up and east right. */
static void
test_known_pixels (void)
{
  g_autoptr(CaFigure) figure = small_figure (CA_FIGURE_LAYER_BASEMAP);
  g_autoptr(GError) error = NULL;
  const CaBasemapPalette *palette = ca_basemap_palette_get (CA_BASEMAP_STYLE_LIGHT);
  cairo_surface_t *surface;
  CaView view;
  double x, y;
  int ix, iy;

  surface = ca_figure_render_image (figure, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 900);

  /* Chongqing, east of the city, where no label lies at this zoom. */
  ca_figure_get_map_view (figure, &view);
  g_assert_cmpstr (ca_basemap_item_get_code (ca_basemap_lookup (basemap, 108.0, 29.9, CA_PLACE_PROVINCE)),
                   ==, "CN-CQ");
  ca_view_location_to_pixel (&view, 108.0, 29.9, &x, &y);
  map_to_image (figure, x, y, &ix, &iy);
  assert_near (pixel_at (surface, ix, iy), &palette->china, 2);

  /* The South China Sea, south of Hainan. */
  ca_view_location_to_pixel (&view, 111.0, 16.5, &x, &y);
  map_to_image (figure, x, y, &ix, &iy);
  assert_near (pixel_at (surface, ix, iy), &palette->sea, 2);

  /* The page's margin is white. */
  assert_near (pixel_at (surface, 2, 300), &(CaRgb) { 1, 1, 1 }, 0);

  cairo_surface_destroy (surface);
}

/* Drawing that can be cancelled is drawn the same: the borders, stroked
 * in bands of pixel rows then, meet without a seam, byte for byte. */
static void
test_cancellable_same_pixels (void)
{
  g_autoptr(CaFigure) figure = small_figure (CA_FIGURE_LAYER_BASEMAP | CA_FIGURE_LAYER_FLOWS);
  g_autoptr(CaFigure) tall = NULL;
  g_autoptr(CaTradeCube) cube = ca_trade_cube_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  CaFigureOptions options;
  cairo_surface_t *plain, *banded;
  gsize size;

  /* Taller than two bands of 512 rows. */
  ca_figure_options_init (&options);
  ca_figure_options_copy (&options, ca_figure_get_options (figure));
  options.page_width = 1400;
  options.page_height = 1300;
  tall = ca_figure_new (&options);
  ca_figure_options_clear (&options);
  ca_figure_set_basemap (tall, basemap);
  for (int m = 1; m <= 12; m++)
    ca_trade_cube_add (cube, CA_MONTH (2025, m), ca_trade_match_province ("CN-CQ"), region ("asean"),
                       CA_DIRECTION_EXPORT, CA_MODE_RAIL_SEA, 1e9);
  ca_figure_set_trade (tall, cube, FALSE);

  plain = ca_figure_render_image (tall, NULL, &error);
  g_assert_no_error (error);
  banded = ca_figure_render_image (tall, cancellable, &error);
  g_assert_no_error (error);

  g_assert_cmpint (cairo_image_surface_get_height (plain), ==, 1300);
  g_assert_cmpint (cairo_image_surface_get_stride (plain), ==, cairo_image_surface_get_stride (banded));
  size = (gsize)cairo_image_surface_get_stride (plain) * cairo_image_surface_get_height (plain);
  g_assert_cmpmem (cairo_image_surface_get_data (plain), size, cairo_image_surface_get_data (banded), size);

  cairo_surface_destroy (plain);
  cairo_surface_destroy (banded);
}

/* A single Chongqing–ASEAN flow: its arc is the region's colour along
 * its middle, and the legend reads the scale off the model. */
static void
test_flow_colour (void)
{
  g_autoptr(CaFigure) figure = small_figure (CA_FIGURE_LAYER_BASEMAP | CA_FIGURE_LAYER_FLOWS);
  g_autoptr(CaTradeCube) cube = ca_trade_cube_new ();
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface;
  CaFlowModel *model;
  CaView view;
  CaRgb asean;
  int ix, iy;

  for (int m = 1; m <= 12; m++)
    ca_trade_cube_add (cube, CA_MONTH (2025, m), ca_trade_match_province ("CN-CQ"), region ("asean"),
                       CA_DIRECTION_EXPORT, CA_MODE_RAIL_SEA, 1e9);
  ca_figure_set_trade (figure, cube, FALSE);
  g_assert_false (ca_figure_shows_sample (figure));

  model = ca_figure_get_flow_model (figure);
  g_assert_nonnull (model);
  g_assert_cmpuint (ca_flow_model_get_n_flows (model), ==, 1);

  surface = ca_figure_render_image (figure, NULL, &error);
  g_assert_no_error (error);
  ca_figure_get_map_view (figure, &view);
  ca_flow_region_color (region ("asean"), &asean);

  for (double t = 0.3; t <= 0.71; t += 0.2)
    {
      double x, y;

      g_assert_true (ca_flow_get_arc_point (model, &view, 0, t, &x, &y));
      map_to_image (figure, x, y, &ix, &iy);
      assert_near (pixel_at (surface, ix, iy), &asean, 12);
    }

  cairo_surface_destroy (surface);
}

/* The scale bar is a round distance, and as long on the page as that
 * distance is on the ground along the centre's parallel. */
static void
test_scale_bar (void)
{
  static const double centres[][2] = { { 106.0, 24.0 }, { 106.0, 60.0 }, { 10.0, -35.0 } };

  for (guint i = 0; i < G_N_ELEMENTS (centres); i++)
    {
      g_autoptr(CaFigure) figure = NULL;
      CaFigureOptions options;
      CaView view;
      double meters, length, latitude, unit, magnitude, lon0, lon1, lat;

      ca_figure_options_init (&options);
      options.fit_bbox = FALSE;
      options.longitude = centres[i][0];
      options.latitude = centres[i][1];
      options.zoom = 6;
      figure = ca_figure_new (&options);

      meters = ca_figure_get_scale_bar (figure, &length, &latitude);
      g_test_message ("at %.0f°: %.0f m, %.1f pt", latitude, meters, length);
      g_assert_cmpfloat (fabs (latitude - centres[i][1]), <, 0.01);
      magnitude = pow (10, floor (log10 (meters)));
      g_assert_true (meters / magnitude == 1 || meters / magnitude == 2 || meters / magnitude == 5);
      g_assert_cmpfloat (meters, >=, 1000);

      /* Measure the bar on the ground, from the map's centre. */
      ca_figure_get_map_view (figure, &view);
      ca_figure_get_map_frame (figure, NULL, NULL, NULL, NULL, &unit);
      ca_view_pixel_to_location (&view, view.width / 2, view.height / 2, &lon0, &lat);
      ca_view_pixel_to_location (&view, view.width / 2 + length / unit, view.height / 2, &lon1, &lat);
      g_assert_cmpfloat (fabs (ca_geodesic_distance (lon0, lat, lon1, lat) - meters) / meters, <, 0.002);

      /* It takes up to a quarter of the map, and more than a tenth. */
      g_assert_cmpfloat (length / unit, <=, view.width / 4 + 1e-6);
      g_assert_cmpfloat (length / unit, >, view.width / 10);
    }
}

/* An imperial bar is a round number of miles, or of feet when a mile does
 * not fit, and as long as that on the ground. */
static void
test_scale_bar_imperial (void)
{
  static const struct { double zoom; double unit; } cases[] = {
    { 6, 1609.344 }, { 12, 1609.344 }, { 18, 0.3048 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CaFigure) figure = NULL;
      CaFigureOptions options;
      CaView view;
      double meters, length, latitude, unit, count, magnitude, lon0, lon1, lat;

      ca_figure_options_init (&options);
      options.fit_bbox = FALSE;
      options.longitude = 106.0;
      options.latitude = 24.0;
      options.zoom = cases[i].zoom;
      options.imperial = TRUE;
      figure = ca_figure_new (&options);

      meters = ca_figure_get_scale_bar (figure, &length, &latitude);
      count = meters / cases[i].unit;
      g_test_message ("zoom %.0f: %.0f m, %g units, %.1f pt", cases[i].zoom, meters, count, length);
      magnitude = pow (10, floor (log10 (count) + 1e-9));
      g_assert_cmpfloat (fabs (count / magnitude - round (count / magnitude)), <, 1e-6);
      g_assert_true (round (count / magnitude) == 1 || round (count / magnitude) == 2 ||
                     round (count / magnitude) == 5);

      ca_figure_get_map_view (figure, &view);
      ca_figure_get_map_frame (figure, NULL, NULL, NULL, NULL, &unit);
      ca_view_pixel_to_location (&view, view.width / 2, view.height / 2, &lon0, &lat);
      ca_view_pixel_to_location (&view, view.width / 2 + length / unit, view.height / 2, &lon1, &lat);
      g_assert_cmpfloat (fabs (ca_geodesic_distance (lon0, lat, lon1, lat) - meters) / meters, <, 0.002);
      g_assert_cmpfloat (length / unit, <=, view.width / 4 + 1e-6);
    }
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize length;

  g_file_get_contents (path, &data, &length, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (data, length);
}

/* The CRC-32 of PNG (ISO 3309), bit by bit: slow and obviously right. */
static guint32
png_crc (const guint8 *data,
         gsize         length)
{
  guint32 crc = 0xffffffffu;

  for (gsize i = 0; i < length; i++)
    {
      crc ^= data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc & 1) ? 0xedb88320u ^ (crc >> 1) : crc >> 1;
    }

  return crc ^ 0xffffffffu;
}

static guint32
be32 (const guint8 *p)
{
  return (guint32)p[0] << 24 | (guint32)p[1] << 16 | (guint32)p[2] << 8 | p[3];
}

/* The chunks of a PNG file: its size in IHDR and its resolution in pHYs,
 * whose CRC must be right for viewers to trust it. */
static void
read_png_header (const char *path,
                 int        *width,
                 int        *height,
                 double     *dpi)
{
  g_autoptr(GBytes) bytes = read_bytes (path);
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  gsize offset = 8;

  *dpi = 0;
  g_assert_cmpuint (length, >, 8);
  g_assert_cmpmem (data, 8, "\x89PNG\r\n\x1a\n", 8);

  while (offset + 12 <= length)
    {
      guint32 chunk_length = be32 (data + offset);
      const guint8 *type = data + offset + 4;
      const guint8 *body = data + offset + 8;

      g_assert_cmpuint (offset + 12 + chunk_length, <=, length);
      if (memcmp (type, "IHDR", 4) == 0)
        {
          *width = be32 (body);
          *height = be32 (body + 4);
        }
      else if (memcmp (type, "pHYs", 4) == 0)
        {
          guint32 crc = png_crc (type, 4 + chunk_length);

          g_assert_cmpuint (chunk_length, ==, 9);
          g_assert_cmpuint (be32 (body), ==, be32 (body + 4));
          g_assert_cmpuint (body[8], ==, 1);
          g_assert_cmpuint (be32 (body + 9), ==, crc);
          *dpi = be32 (body) * 0.0254;
        }
      else if (memcmp (type, "IEND", 4) == 0)
        return;
      offset += 12 + chunk_length;
    }

  g_assert_not_reached ();
}

static void
test_png_resolution (void)
{
  g_autoptr(CaFigure) figure = small_figure (CA_FIGURE_LAYER_BASEMAP);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, "figure.png", NULL);
  cairo_surface_t *surface;
  int width = 0, height = 0;
  double dpi;

  g_assert_true (ca_figure_export (figure, path, CA_FIGURE_FORMAT_PNG, NULL, &error));
  g_assert_no_error (error);
  read_png_header (path, &width, &height, &dpi);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 600);
  g_assert_cmpfloat (fabs (dpi - 96), <, 0.05);

  /* cairo (through libpng) still reads it. */
  surface = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 900);
  cairo_surface_destroy (surface);
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (handle);
  while (g_dir_read_name (handle) != NULL)
    n++;

  return n;
}

static char *
write_existing (const char *dir)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, "existing.pdf", NULL);

  g_file_set_contents (path, "the figure of last week\n", -1, &error);
  g_assert_no_error (error);

  return path;
}

static void
assert_unchanged (const char *path)
{
  g_autoptr(GBytes) bytes = read_bytes (path);

  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   "the figure of last week\n", strlen ("the figure of last week\n"));
}

/* Cancelling leaves the old file and no temporary one. */
static void
test_cancel (void)
{
  g_autoptr(CaFigure) figure = small_figure (CA_FIGURE_LAYER_BASEMAP);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (tmp_dir, "cancel", NULL);
  g_autofree char *path = NULL;

  g_mkdir (dir, 0755);
  path = write_existing (dir);
  g_cancellable_cancel (cancellable);

  for (CaFigureFormat format = CA_FIGURE_FORMAT_PNG; format <= CA_FIGURE_FORMAT_SVG; format++)
    {
      g_assert_false (ca_figure_export (figure, path, format, cancellable, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_error (&error);
      assert_unchanged (path);
      g_assert_cmpuint (count_files (dir), ==, 1);
    }

  /* A folder as the target is refused, by name. */
  g_assert_false (ca_figure_export (figure, dir, CA_FIGURE_FORMAT_PDF, NULL, &error));
  g_assert_error (error, CA_FIGURE_ERROR, CA_FIGURE_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, dir));
  g_assert_nonnull (strstr (error->message, "folder"));
}

/* A tiny tmpfs stands for a full disk, and a read-only one for a
 * read-only folder.  Only root can mount them (and, as root, the
 * permission bits of a folder would not stop the write). */
static char *
mount_tmpfs (const char *name,
             const char *size)
{
  g_autofree char *options = g_strdup_printf ("size=%s,mode=0755", size);
  char *dir = g_build_filename (tmp_dir, name, NULL);

  g_mkdir (dir, 0755);
  if (mount ("tmpfs", dir, "tmpfs", 0, options) != 0)
    {
      g_autofree char *message = g_strdup_printf ("cannot mount a tmpfs here (%s): run as root in a "
                                                  "namespace that allows mounts", g_strerror (errno));

      g_test_skip (message);
      g_free (dir);
      return NULL;
    }

  return dir;
}

static void
test_full_disk (void)
{
  g_autoptr(CaFigure) figure = small_figure (CA_FIGURE_LAYER_BASEMAP);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = mount_tmpfs ("full", "16k");
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;

  path = write_existing (dir);
  for (CaFigureFormat format = CA_FIGURE_FORMAT_PNG; format <= CA_FIGURE_FORMAT_SVG; format++)
    {
      g_assert_false (ca_figure_export (figure, path, format, NULL, &error));
      g_test_message ("%s", error->message);
      g_assert_error (error, CA_FIGURE_ERROR, CA_FIGURE_ERROR_WRITE);
      g_assert_nonnull (strstr (error->message, path));
      g_assert_nonnull (strstr (error->message, g_strerror (ENOSPC)));
      g_clear_error (&error);
      assert_unchanged (path);
      g_assert_cmpuint (count_files (dir), ==, 1);
    }

  umount2 (dir, MNT_DETACH);
}

static void
test_read_only (void)
{
  g_autoptr(CaFigure) figure = small_figure (CA_FIGURE_LAYER_BASEMAP);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = mount_tmpfs ("read-only", "1m");
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;

  path = write_existing (dir);
  g_assert_cmpint (mount ("tmpfs", dir, "tmpfs", MS_REMOUNT | MS_RDONLY, NULL), ==, 0);

  g_assert_false (ca_figure_export (figure, path, CA_FIGURE_FORMAT_PDF, NULL, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, CA_FIGURE_ERROR, CA_FIGURE_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, g_strerror (EROFS)));
  assert_unchanged (path);

  umount2 (dir, MNT_DETACH);
}

/* A successful export replaces the old file whole and keeps its mode. */
static void
test_replace (void)
{
  g_autoptr(CaFigure) figure = small_figure (CA_FIGURE_LAYER_BASEMAP);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (tmp_dir, "replace", NULL);
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GStatBuf st;

  g_mkdir (dir, 0755);
  path = write_existing (dir);
  g_chmod (path, 0640);
  g_assert_true (ca_figure_export (figure, path, CA_FIGURE_FORMAT_SVG, NULL, &error));
  g_assert_no_error (error);
  bytes = read_bytes (path);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (bytes, NULL), 200, "<svg"));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0640);
  g_assert_cmpuint (count_files (dir), ==, 1);
}

/* The window's composition: a layer the planner opened, drawn in its
 * colour, named in the legend and the attribution. */
static void
test_window_layers (void)
{
  g_autoptr(CaFigure) figure = small_figure (CA_FIGURE_LAYER_BASEMAP);
  g_autoptr(GError) error = NULL;
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "data", "sample.geojson", NULL);
  g_autofree char *path = g_build_filename (tmp_dir, "layers.pdf", NULL);
  g_autoptr(CaVectorLayer) layer = ca_vector_layer_load (source, NULL, NULL, NULL, NULL, &error);
  const char *argv[] = { "pdftotext", path, "-", NULL };
  g_autofree char *text = NULL;
  CaRgb red = { 0.9, 0.1, 0.1 };
  cairo_surface_t *surface;
  CaVectorStyle style;
  CaView view;
  double x, y;
  int ix, iy, status = 0;

  g_assert_no_error (error);
  ca_vector_style_init (&style);
  style.color = red;
  style.width = 4;
  ca_figure_add_layer (figure, layer, &style, "My stations");
  g_assert_cmpuint (ca_figure_get_n_layers (figure), ==, 1);

  /* Chongqing's point, in the layer's colour. */
  surface = ca_figure_render_image (figure, NULL, &error);
  g_assert_no_error (error);
  ca_figure_get_map_view (figure, &view);
  ca_view_location_to_pixel (&view, 106.55, 29.56, &x, &y);
  map_to_image (figure, x, y, &ix, &iy);
  assert_near (pixel_at (surface, ix, iy), &red, 40);
  cairo_surface_destroy (surface);

  g_assert_true (ca_figure_export (figure, path, CA_FIGURE_FORMAT_PDF, NULL, &error));
  g_assert_no_error (error);
  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                &text, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "Other layers"));
  g_assert_nonnull (strstr (text, "My stations"));
  g_unlink (path);
}

/* The statistics panel's filter and flow style take the place of the
 * options' months and flows. */
static void
test_trade_filter (void)
{
  g_autoptr(CaFigure) figure = small_figure (CA_FIGURE_LAYER_BASEMAP | CA_FIGURE_LAYER_FLOWS);
  g_autoptr(CaTradeCube) cube = ca_trade_cube_new ();
  int chongqing = ca_trade_match_province ("CN-CQ"), guangxi = ca_trade_match_province ("CN-GX");
  CaTradeFilter filter;
  CaFlowStyle style;
  CaFlowModel *model;
  int from, to;

  for (int m = 1; m <= 12; m++)
    {
      ca_trade_cube_add (cube, CA_MONTH (2024, m), chongqing, region ("asean"), CA_DIRECTION_EXPORT,
                         CA_MODE_RAIL_SEA, 1e9);
      ca_trade_cube_add (cube, CA_MONTH (2024, m), guangxi, region ("europe"), CA_DIRECTION_EXPORT,
                         CA_MODE_CROSS_BORDER_RAIL, 2e9);
    }
  ca_figure_set_trade (figure, cube, FALSE);

  ca_trade_filter_init (&filter, CA_MONTH (2024, 2), CA_MONTH (2024, 4));
  filter.regions = 1u << region ("europe");
  ca_figure_set_trade_filter (figure, &filter);
  g_assert_true (ca_figure_get_months (figure, &from, &to));
  g_assert_cmpint (from, ==, CA_MONTH (2024, 2));
  g_assert_cmpint (to, ==, CA_MONTH (2024, 4));
  model = ca_figure_get_flow_model (figure);
  g_assert_nonnull (model);
  g_assert_cmpuint (ca_flow_model_get_n_flows (model), ==, 1);
  g_assert_cmpfloat (ca_flow_model_get_total (model), ==, 6e9);

  /* Shading alone still shows trade; without the flows bit nothing does. */
  ca_flow_style_init (&style);
  style.arcs = FALSE;
  style.layout = CA_FLOW_DIRECT;
  style.choropleth = TRUE;
  ca_figure_set_flow_style (figure, &style);
  g_assert_nonnull (ca_figure_get_flow_model (figure));

  style.choropleth = FALSE;
  ca_figure_set_flow_style (figure, &style);
  g_assert_null (ca_figure_get_flow_model (figure));
}

typedef struct
{
  GArray        *fractions;
  GCancellable  *cancel_after_half;
  CaFigureStage  last_stage;
} Progress;

static void
progress_cb (CaFigureStage stage,
             double        fraction,
             gpointer      user_data)
{
  Progress *progress = user_data;

  /* Drawing comes before encoding, and no tiles are fetched here. */
  g_assert_cmpint (stage, !=, CA_FIGURE_STAGE_TILES);
  if (progress->fractions->len > 0 && stage == CA_FIGURE_STAGE_DRAW)
    g_assert_cmpint (progress->last_stage, ==, CA_FIGURE_STAGE_DRAW);
  progress->last_stage = stage;

  g_array_append_val (progress->fractions, fraction);
  if (progress->cancel_after_half != NULL && fraction > 0.5)
    g_cancellable_cancel (progress->cancel_after_half);
}

/* Progress climbs to 1 in every format, and cancelling while a PNG is
 * compressed leaves no file. */
static void
test_progress (void)
{
  g_autoptr(CaFigure) figure = small_figure (CA_FIGURE_LAYER_BASEMAP);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (tmp_dir, "progress", NULL);
  g_autofree char *path = g_build_filename (dir, "figure", NULL);
  Progress progress = { g_array_new (FALSE, FALSE, sizeof (double)), NULL, CA_FIGURE_STAGE_DRAW };

  g_mkdir (dir, 0755);
  ca_figure_set_progress_func (figure, progress_cb, &progress);

  for (CaFigureFormat format = CA_FIGURE_FORMAT_PNG; format <= CA_FIGURE_FORMAT_SVG; format++)
    {
      g_array_set_size (progress.fractions, 0);
      g_assert_true (ca_figure_export (figure, path, format, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (progress.fractions->len, >=, 5);
      for (guint i = 1; i < progress.fractions->len; i++)
        g_assert_cmpfloat (g_array_index (progress.fractions, double, i), >=,
                           g_array_index (progress.fractions, double, i - 1));
      g_assert_cmpfloat (g_array_index (progress.fractions, double, progress.fractions->len - 1), ==, 1.0);
      g_assert_cmpint (progress.last_stage, ==, CA_FIGURE_STAGE_ENCODE);
      g_unlink (path);
    }

  g_array_set_size (progress.fractions, 0);
  progress.cancel_after_half = g_cancellable_new ();
  g_assert_false (ca_figure_export (figure, path, CA_FIGURE_FORMAT_PNG, progress.cancel_after_half, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count_files (dir), ==, 0);

  g_clear_object (&progress.cancel_after_half);
  g_array_unref (progress.fractions);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("test-figure-XXXXXX", &error);
  g_assert_no_error (error);
  basemap = test_load_basemap ();

  g_test_add_func ("/figure/sizes", test_sizes);
  g_test_add_func ("/figure/parse", test_parse);
  g_test_add_func ("/figure/known-pixels", test_known_pixels);
  g_test_add_func ("/figure/flow-colour", test_flow_colour);
  g_test_add_func ("/figure/cancellable-same-pixels", test_cancellable_same_pixels);
  g_test_add_func ("/figure/scale-bar", test_scale_bar);
  g_test_add_func ("/figure/scale-bar-imperial", test_scale_bar_imperial);
  g_test_add_func ("/figure/png-resolution", test_png_resolution);
  g_test_add_func ("/figure/cancel", test_cancel);
  g_test_add_func ("/figure/full-disk", test_full_disk);
  g_test_add_func ("/figure/read-only", test_read_only);
  g_test_add_func ("/figure/replace", test_replace);
  g_test_add_func ("/figure/window-layers", test_window_layers);
  g_test_add_func ("/figure/trade-filter", test_trade_filter);
  g_test_add_func ("/figure/progress", test_progress);

  status = g_test_run ();

  g_object_unref (basemap);
  test_remove_tree (tmp_dir);
  g_free (tmp_dir);

  return status;
}
