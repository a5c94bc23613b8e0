/* test-export-cli.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* corridor-atlas --export, run as a planner's script would run it, with
 * the results checked by poppler's tools as a reader's viewer would see
 * them. */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/mount.h>

#include "test-cli-util.h"
#include "test-util.h"

static char *tmp_dir;

static void
tool (Result     *result,
      const char *first,
      ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *)first);
  va_start (args, first);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *)arg);
  va_end (args);

  test_spawn (result, NULL, argv);
  g_assert_cmpint (result->status, ==, 0);
}

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static guint32
be32 (const guint8 *p)
{
  return (guint32)p[0] << 24 | (guint32)p[1] << 16 | (guint32)p[2] << 8 | p[3];
}

/* The default figure: A4 landscape at 300 dpi, carrying its DPI. */
static void
test_default_png (void)
{
  g_auto(Result) result = { 0, };
  g_autofree char *path = tmp_path ("default.png");
  g_autofree char *data = NULL;
  gsize length, offset = 8;
  gboolean found = FALSE;

  test_cli_run (&result, "--export", path, NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, path));
  g_assert_nonnull (strstr (result.out, "3508"));

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  g_assert_cmpuint (length, >, 33);
  g_assert_cmpmem (data + 12, 4, "IHDR", 4);
  g_assert_cmpuint (be32 ((guint8 *)data + 16), ==, 3508);
  g_assert_cmpuint (be32 ((guint8 *)data + 20), ==, 2480);

  while (offset + 12 <= length)
    {
      guint32 chunk_length = be32 ((guint8 *)data + offset);

      if (memcmp (data + offset + 4, "pHYs", 4) == 0)
        {
          const guint8 *body = (guint8 *)data + offset + 8;

          /* 300 dpi is 11811 pixels a metre. */
          g_assert_cmpuint (be32 (body), ==, 11811);
          g_assert_cmpuint (be32 (body + 4), ==, 11811);
          g_assert_cmpuint (body[8], ==, 1);
          g_assert_cmpfloat (fabs (be32 (body) * 0.0254 - 300), <, 0.01);
          found = TRUE;
        }
      offset += 12 + chunk_length;
    }
  g_assert_true (found);
}

/* Text stays text, in both scripts, with the fonts embedded. */
static void
test_pdf_text (void)
{
  g_auto(Result) result = { 0, };
  g_auto(Result) text = { 0, };
  g_auto(Result) fonts = { 0, };
  g_autofree char *path = tmp_path ("text.pdf");
  g_auto(GStrv) lines = NULL;
  guint n_fonts = 0;

  test_cli_run (&result, "--export", path, "--title", "Corridor figure 2025", "--locale", "zh_CN",
       "--page", "A4", NULL);
  g_assert_cmpint (result.status, ==, 0);

  tool (&text, "pdftotext", path, "-", NULL);
  g_assert_nonnull (strstr (text.out, "Corridor figure 2025"));
  /* A province on the basemap, the legend's title, and a region. */
  g_assert_nonnull (strstr (text.out, "广西"));
  g_assert_nonnull (strstr (text.out, "图例"));
  g_assert_nonnull (strstr (text.out, "东盟"));
  /* The attribution and the sample's note. */
  g_assert_nonnull (strstr (text.out, "DCW-GMT"));
  g_assert_nonnull (strstr (text.out, "示意性样本数据"));

  tool (&fonts, "pdffonts", path, NULL);
  lines = g_strsplit (fonts.out, "\n", -1);
  for (guint i = 2; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = NULL;
      g_autoptr(GPtrArray) columns = g_ptr_array_new ();
      guint n;

      if (lines[i][0] == '\0')
        continue;
      words = g_strsplit_set (lines[i], " ", -1);
      for (guint c = 0; words[c] != NULL; c++)
        if (words[c][0] != '\0')
          g_ptr_array_add (columns, words[c]);
      n = columns->len;
      /* name, type…, encoding, emb, sub, uni, object, id: emb is the
       * fifth column from the end. */
      g_assert_cmpuint (n, >=, 7);
      g_assert_cmpstr (g_ptr_array_index (columns, n - 5), ==, "yes");
      n_fonts++;
    }
  g_assert_cmpuint (n_fonts, >, 0);
  g_assert_nonnull (strstr (fonts.out, "CJK"));
}

static void
test_pdf_metadata (void)
{
  g_auto(Result) result = { 0, };
  g_auto(Result) info = { 0, };
  g_autofree char *path = tmp_path ("metadata.pdf");

  test_cli_run (&result, "--export", path, "--title", "Beibu Gulf ports", "--layers", "basemap,ports", NULL);
  g_assert_cmpint (result.status, ==, 0);
  tool (&info, "pdfinfo", path, NULL);
  g_assert_nonnull (strstr (info.out, "Beibu Gulf ports"));
  g_assert_nonnull (strstr (info.out, "Corridor Atlas"));
}

/* The planner's own layers go on the figure, above the corridor's, and
 * are named in its legend; one that cannot be read writes no figure. */
static void
test_user_layers (void)
{
  g_auto(Result) result = { 0, };
  g_auto(Result) text = { 0, };
  g_autofree char *path = tmp_path ("layers.pdf");
  g_autofree char *sample = g_test_build_filename (G_TEST_DIST, "data", "sample.geojson", NULL);
  g_autofree char *partly = g_test_build_filename (G_TEST_DIST, "data", "bad", "out-of-range.geojson", NULL);
  g_autofree char *empty = g_test_build_filename (G_TEST_DIST, "data", "bad", "empty.geojson", NULL);
  g_autofree char *kept = tmp_path ("kept.pdf");

  test_cli_run (&result, "--export", path, "--locale", "en", "--layer", sample, "--layer", partly, NULL);
  g_assert_cmpint (result.status, ==, 0);
  /* What the partly bad layer left out is said, naming it. */
  g_assert_nonnull (strstr (result.err, "out-of-range.geojson: "));
  g_assert_nonnull (strstr (result.err, "129.56"));
  tool (&text, "pdftotext", path, "-", NULL);
  g_assert_nonnull (strstr (text.out, "sample.geojson"));
  g_assert_nonnull (strstr (text.out, "out-of-range.geojson"));
  /* The corridor's layers are still there. */
  g_assert_nonnull (strstr (text.out, "Railway"));
  g_assert_nonnull (strstr (text.out, "Seaport"));

  /* An empty file: the reason, and no figure over the one there. */
  g_assert_true (g_file_set_contents (kept, "the previous figure", -1, NULL));
  g_clear_pointer (&result.out, g_free);
  g_clear_pointer (&result.err, g_free);
  test_cli_run (&result, "--export", kept, "--layer", empty, NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_nonnull (strstr (result.err, "empty.geojson"));
  g_assert_nonnull (strstr (result.err, "the file is empty"));
  g_assert_nonnull (strstr (result.err, "No figure was written"));
  {
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (kept, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "the previous figure");
  }
}

/* The legend shows what the map shows, and only that. */
static void
test_legend (void)
{
  g_auto(Result) result = { 0, };
  g_auto(Result) ports = { 0, };
  g_auto(Result) all = { 0, };
  g_autofree char *path = tmp_path ("legend.pdf");

  test_cli_run (&result, "--export", path, "--layers", "basemap,ports", "--locale", "en", NULL);
  g_assert_cmpint (result.status, ==, 0);
  tool (&ports, "pdftotext", path, "-", NULL);
  g_assert_nonnull (strstr (ports.out, "Legend"));
  g_assert_nonnull (strstr (ports.out, "Seaport"));
  g_assert_null (strstr (ports.out, "Railway"));
  g_assert_null (strstr (ports.out, "Partner regions"));
  g_assert_null (strstr (ports.out, "illustrative sample"));

  g_clear_pointer (&result.out, g_free);
  g_clear_pointer (&result.err, g_free);
  test_cli_run (&result, "--export", path, "--layers", "all", "--locale", "en", NULL);
  g_assert_cmpint (result.status, ==, 0);
  tool (&all, "pdftotext", path, "-", NULL);
  g_assert_nonnull (strstr (all.out, "Railway"));
  g_assert_nonnull (strstr (all.out, "Sea lane"));
  g_assert_nonnull (strstr (all.out, "Border crossing"));
  g_assert_nonnull (strstr (all.out, "Dry port"));
  g_assert_nonnull (strstr (all.out, "Trade flows, Jan–Oct 2025"));
  g_assert_nonnull (strstr (all.out, "billion"));
  g_assert_nonnull (strstr (all.out, "ASEAN"));
  g_assert_nonnull (strstr (all.out, "Province totals"));
  g_assert_nonnull (strstr (all.out, "illustrative sample data"));
  g_assert_nonnull (strstr (all.out, "Scale true at"));
  g_assert_nonnull (strstr (all.out, "km"));

  /* Over the Beibu Gulf there are seaports but no dry port. */
  g_clear_pointer (&result.out, g_free);
  g_clear_pointer (&result.err, g_free);
  test_cli_run (&result, "--export", path, "--bbox", "105,19.5,111,23.5", "--locale", "en", NULL);
  g_assert_cmpint (result.status, ==, 0);
  {
    g_auto(Result) gulf = { 0, };

    tool (&gulf, "pdftotext", path, "-", NULL);
    g_assert_nonnull (strstr (gulf.out, "Seaport"));
    g_assert_null (strstr (gulf.out, "Dry port"));
  }
}

static cairo_surface_t *
load_png (const char *path)
{
  cairo_surface_t *surface = cairo_image_surface_create_from_png (path);

  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  return surface;
}

#define BLOCK 4

/* The PDF, rasterised by poppler, and the PNG of the same figure agree:
 * one renderer for every format. */
static void
test_pdf_matches_png (void)
{
  g_auto(Result) result = { 0, };
  g_auto(Result) raster = { 0, };
  g_autofree char *pdf = tmp_path ("same.pdf");
  g_autofree char *png = tmp_path ("same.png");
  g_autofree char *prefix = tmp_path ("same-poppler");
  g_autofree char *poppler = tmp_path ("same-poppler.png");
  cairo_surface_t *a, *b;
  int width, height, n_blocks = 0;
  double total = 0;

  test_cli_run (&result, "--export", pdf, "--page", "A4", "--dpi", "100", "--center", "106,24",
       "--zoom", "5", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_clear_pointer (&result.out, g_free);
  g_clear_pointer (&result.err, g_free);
  test_cli_run (&result, "--export", png, "--page", "A4", "--dpi", "100", "--center", "106,24",
       "--zoom", "5", NULL);
  g_assert_cmpint (result.status, ==, 0);

  tool (&raster, "pdftoppm", "-png", "-r", "100", "-singlefile", pdf, prefix, NULL);
  a = load_png (png);
  b = load_png (poppler);
  width = MIN (cairo_image_surface_get_width (a), cairo_image_surface_get_width (b));
  height = MIN (cairo_image_surface_get_height (a), cairo_image_surface_get_height (b));
  g_assert_cmpint (ABS (cairo_image_surface_get_width (a) - cairo_image_surface_get_width (b)), <=, 1);
  g_assert_cmpint (ABS (cairo_image_surface_get_height (a) - cairo_image_surface_get_height (b)), <=, 1);

  /* Two rasterisers smooth edges differently, so compare 4 × 4 blocks:
   * what a reader sees, not how each edge pixel was antialiased. */
  for (int y = 0; y + BLOCK <= height; y += BLOCK)
    for (int x = 0; x + BLOCK <= width; x += BLOCK)
      {
        int sum[2][3] = { { 0, } };

        for (int dy = 0; dy < BLOCK; dy++)
          for (int dx = 0; dx < BLOCK; dx++)
            {
              Pixel p = pixel_at (a, x + dx, y + dy), q = pixel_at (b, x + dx, y + dy);

              sum[0][0] += p.red, sum[0][1] += p.green, sum[0][2] += p.blue;
              sum[1][0] += q.red, sum[1][1] += q.green, sum[1][2] += q.blue;
            }
        for (int c = 0; c < 3; c++)
          total += ABS (sum[0][c] - sum[1][c]) / (double)(BLOCK * BLOCK);
        n_blocks++;
      }
  total /= 3.0 * n_blocks;
  g_test_message ("mean difference per channel over %d px blocks: %.2f of 255", BLOCK, total);
  g_assert_cmpfloat (total, <, 3.0);

  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
}

static void
test_svg (void)
{
  g_auto(Result) result = { 0, };
  g_autofree char *path = tmp_path ("figure.svg");
  g_autofree char *data = NULL;

  test_cli_run (&result, "--export", path, "--page", "slide", "--flows", "routed", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_true (g_file_get_contents (path, &data, NULL, NULL));
  g_assert_nonnull (strstr (data, "<svg"));
  g_assert_nonnull (strstr (data, "1440pt"));
}

static void
test_help (void)
{
  g_auto(Result) result = { 0, };
  static const char *options[] = {
    "--export", "--format", "--page", "--landscape", "--dpi", "--center", "--zoom", "--bbox",
    "--layers", "--trade", "--period", "--flows", "--title", "--subtitle", "--basemap", "--locale",
  };

  test_cli_run (&result, "--export", "x.png", "--help", NULL);
  g_assert_cmpint (result.status, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    g_assert_nonnull (strstr (result.out, options[i]));
}

static void
assert_fails (int         status,
              const char *message,
              const char *first,
              ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(Result) result = { 0, };
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *)g_getenv ("CA_TEST_BINARY"));
  g_ptr_array_add (argv, (char *)first);
  va_start (args, first);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *)arg);
  va_end (args);

  test_spawn (&result, NULL, argv);
  g_assert_cmpint (result.status, ==, status);
  g_assert_nonnull (strstr (result.err, message));
  g_assert_cmpstr (result.out, ==, "");
}

static void
test_bad_arguments (void)
{
  g_autofree char *path = tmp_path ("never.png");

  assert_fails (2, "--export", "--export", "", NULL);
  assert_fails (2, "Unknown option", "--export", path, "--colour", "red", NULL);
  assert_fails (2, "72 to 600", "--export", path, "--dpi", "1200", NULL);
  assert_fails (2, "B5", "--export", path, "--page", "B5", NULL);
  assert_fails (2, "W,S,E,N", "--export", path, "--bbox", "100,20,90", NULL);
  assert_fails (2, "--bbox", "--export", path, "--bbox", "100,15,115,30", "--center", "106,29", NULL);
  assert_fails (2, "LON,LAT", "--export", path, "--center", "north", NULL);
  assert_fails (2, "0 to 18", "--export", path, "--zoom", "25", NULL);
  assert_fails (2, "rivers", "--export", path, "--layers", "basemap,rivers", NULL);
  assert_fails (2, "arcs, routed or none", "--export", path, "--flows", "sideways", NULL);
  assert_fails (2, "png, pdf or svg", "--export", path, "--format", "tiff", NULL);
  assert_fails (2, "offline or osm", "--export", path, "--basemap", "google", NULL);
  assert_fails (2, "zh_CN or en", "--export", path, "--locale", "fr", NULL);
  assert_fails (2, "YYYY-MM", "--export", path, "--period", "2025", NULL);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_unusable_target (void)
{
  g_autofree char *trade = tmp_path ("no-such-trade.csv");
  g_autofree char *path = tmp_path ("never.png");

  assert_fails (1, "no-such-trade.csv", "--export", path, "--trade", trade, NULL);
  assert_fails (1, "folder", "--export", tmp_dir, NULL);
  assert_fails (1, "/dev/full", "--export", "/dev/full", "--format", "pdf", NULL);
  assert_fails (1, "/dev/null/figure.pdf", "--export", "/dev/null/figure.pdf", NULL);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* A basemap file that is not there is named. */
  {
    g_autoptr(GPtrArray) argv = g_ptr_array_new ();
    g_auto(Result) result = { 0, };
    g_auto(GStrv) envp = g_get_environ ();
    g_autofree char *dcw = tmp_path ("no-such-dcw.nc");

    envp = g_environ_setenv (g_steal_pointer (&envp), "CORRIDOR_ATLAS_DCW", dcw, TRUE);
    g_ptr_array_add (argv, (char *)g_getenv ("CA_TEST_BINARY"));
    g_ptr_array_add (argv, (char *)"--export");
    g_ptr_array_add (argv, path);
    test_spawn (&result, envp, argv);
    g_assert_cmpint (result.status, ==, 1);
    g_assert_nonnull (strstr (result.err, dcw));
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  }
}

/* A full disk and a read-only folder, as tmpfs mounts (root only), with
 * last week's figure in place that must survive byte for byte. */
static void
test_full_and_read_only (void)
{
  g_autofree char *full = tmp_path ("full");
  g_autofree char *ro = tmp_path ("read-only");
  g_autofree char *full_target = g_build_filename (full, "figure.pdf", NULL);
  g_autofree char *ro_target = g_build_filename (ro, "figure.png", NULL);
  const char *old = "last week's figure\n";
  g_autofree char *data = NULL;
  g_autoptr(GDir) dir = NULL;
  guint n = 0;

  g_mkdir (full, 0755);
  g_mkdir (ro, 0755);
  if (mount ("tmpfs", full, "tmpfs", 0, "size=32k") != 0)
    {
      g_autofree char *message = g_strdup_printf ("cannot mount a tmpfs (%s): needs root", g_strerror (errno));

      g_test_skip (message);
      return;
    }
  g_assert_cmpint (mount ("tmpfs", ro, "tmpfs", 0, "size=1m"), ==, 0);
  g_assert_true (g_file_set_contents (full_target, old, -1, NULL));
  g_assert_true (g_file_set_contents (ro_target, old, -1, NULL));
  g_assert_cmpint (mount ("tmpfs", ro, "tmpfs", MS_REMOUNT | MS_RDONLY, NULL), ==, 0);

  assert_fails (1, g_strerror (ENOSPC), "--export", full_target, NULL);
  g_assert_true (g_file_get_contents (full_target, &data, NULL, NULL));
  g_assert_cmpstr (data, ==, old);
  g_clear_pointer (&data, g_free);
  dir = g_dir_open (full, 0, NULL);
  while (g_dir_read_name (dir) != NULL)
    n++;
  g_assert_cmpuint (n, ==, 1);

  assert_fails (1, g_strerror (EROFS), "--export", ro_target, NULL);
  g_assert_true (g_file_get_contents (ro_target, &data, NULL, NULL));
  g_assert_cmpstr (data, ==, old);

  umount2 (full, MNT_DETACH);
  umount2 (ro, MNT_DETACH);
}

/* Online tiles from a host that can never resolve: a clear error that
 * names the host, and no file. */
static void
test_osm_unreachable (void)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(Result) result = { 0, };
  g_auto(GStrv) envp = g_get_environ ();
  g_autofree char *path = tmp_path ("osm.png");

  envp = g_environ_setenv (g_steal_pointer (&envp), "CORRIDOR_ATLAS_TILE_HOST", "tiles.corridor-atlas.invalid", TRUE);
  g_ptr_array_add (argv, (char *)g_getenv ("CA_TEST_BINARY"));
  g_ptr_array_add (argv, (char *)"--export");
  g_ptr_array_add (argv, path);
  g_ptr_array_add (argv, (char *)"--basemap");
  g_ptr_array_add (argv, (char *)"osm");
  g_ptr_array_add (argv, (char *)"--page");
  g_ptr_array_add (argv, (char *)"800x600px");
  test_spawn (&result, envp, argv);

  g_assert_cmpint (result.status, ==, 1);
  g_assert_nonnull (strstr (result.err, "tiles.corridor-atlas.invalid"));
  g_assert_nonnull (strstr (result.err, "--basemap offline"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* Online tiles from a local tile tree (file://, as a tile server would
 * serve them): composited over the map, and attributed. */
static void
test_osm_tiles (void)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(Result) result = { 0, };
  g_auto(Result) text = { 0, };
  g_auto(GStrv) envp = g_get_environ ();
  g_autofree char *root = tmp_path ("tiles");
  g_autofree char *url = g_strconcat ("file://", root, NULL);
  g_autofree char *png = tmp_path ("tiles.png");
  g_autofree char *pdf = tmp_path ("tiles.pdf");
  cairo_surface_t *tile = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 256, 256);
  cairo_surface_t *surface;
  cairo_t *cr = cairo_create (tile);
  Pixel pixel;

  /* Every tile of zooms 0 to 3 is plain red. */
  cairo_set_source_rgb (cr, 200 / 255.0, 30 / 255.0, 30 / 255.0);
  cairo_paint (cr);
  cairo_destroy (cr);
  for (int z = 0; z <= 3; z++)
    for (int x = 0; x < (1 << z); x++)
      {
        g_autofree char *dir = g_strdup_printf ("%s/%d/%d", root, z, x);

        g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
        for (int y = 0; y < (1 << z); y++)
          {
            g_autofree char *file = g_strdup_printf ("%s/%d.png", dir, y);

            g_assert_cmpint (cairo_surface_write_to_png (tile, file), ==, CAIRO_STATUS_SUCCESS);
          }
      }
  cairo_surface_destroy (tile);

  envp = g_environ_setenv (g_steal_pointer (&envp), "CORRIDOR_ATLAS_TILE_HOST", url, TRUE);
  for (guint i = 0; i < 2; i++)
    {
      g_ptr_array_set_size (argv, 0);
      g_ptr_array_add (argv, (char *)g_getenv ("CA_TEST_BINARY"));
      g_ptr_array_add (argv, (char *)"--export");
      g_ptr_array_add (argv, i == 0 ? png : pdf);
      g_ptr_array_add (argv, (char *)"--basemap");
      g_ptr_array_add (argv, (char *)"osm");
      g_ptr_array_add (argv, (char *)"--page");
      /* Small print on a tiny page splits words in pdftotext. */
      g_ptr_array_add (argv, i == 0 ? (char *)"600x400px" : (char *)"1200x800px");
      g_ptr_array_add (argv, (char *)"--center");
      g_ptr_array_add (argv, (char *)"106,20");
      g_ptr_array_add (argv, (char *)"--zoom");
      g_ptr_array_add (argv, (char *)"3");
      g_ptr_array_add (argv, (char *)"--layers");
      g_ptr_array_add (argv, (char *)"basemap");
      g_clear_pointer (&result.out, g_free);
      g_clear_pointer (&result.err, g_free);
      test_spawn (&result, envp, argv);
      g_assert_cmpint (result.status, ==, 0);
    }

  /* The middle of the map, and a point past the antimeridian, are the
   * tiles' red. */
  surface = load_png (png);
  pixel = pixel_at (surface, 250, 200);
  g_assert_cmpint (pixel.red, ==, 200);
  g_assert_cmpint (pixel.green, ==, 30);
  pixel = pixel_at (surface, 470, 300);
  g_assert_cmpint (pixel.red, ==, 200);
  g_assert_cmpint (pixel.green, ==, 30);
  cairo_surface_destroy (surface);

  tool (&text, "pdftotext", pdf, "-", NULL);
  g_assert_nonnull (strstr (text.out, "© OpenStreetMap contributors"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("test-export-cli-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/export-cli/default-png", test_default_png);
  g_test_add_func ("/export-cli/pdf-text", test_pdf_text);
  g_test_add_func ("/export-cli/pdf-metadata", test_pdf_metadata);
  g_test_add_func ("/export-cli/legend", test_legend);
  g_test_add_func ("/export-cli/user-layers", test_user_layers);
  g_test_add_func ("/export-cli/pdf-matches-png", test_pdf_matches_png);
  g_test_add_func ("/export-cli/svg", test_svg);
  g_test_add_func ("/export-cli/help", test_help);
  g_test_add_func ("/export-cli/bad-arguments", test_bad_arguments);
  g_test_add_func ("/export-cli/unusable-target", test_unusable_target);
  g_test_add_func ("/export-cli/full-and-read-only", test_full_and_read_only);
  g_test_add_func ("/export-cli/osm-unreachable", test_osm_unreachable);
  g_test_add_func ("/export-cli/osm-tiles", test_osm_tiles);

  status = g_test_run ();

  test_remove_tree (tmp_dir);
  g_free (tmp_dir);

  return status;
}
