/* test-util.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "ca-basemap.h"

G_BEGIN_DECLS

/* Channels are ints, so differences between pixels need no casts. */
typedef struct
{
  int red;
  int green;
  int blue;
} Pixel;

/* A pixel of an ARGB32 image surface, which must lie inside it. */
static inline Pixel
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 value;

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (y, <, cairo_image_surface_get_height (surface));

  value = *(const guint32 *)(gconstpointer)(data + y * stride + 4 * x);
  return (Pixel) { (int)(value >> 16 & 0xff), (int)(value >> 8 & 0xff), (int)(value & 0xff) };
}

/* The basemap every test reads: the DCW-GMT file the app would use. */
static inline CaBasemap *
test_load_basemap (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = ca_basemap_dup_default_path ();
  CaBasemap *basemap = ca_basemap_load (path, NULL, &error);

  g_assert_no_error (error);
  return basemap;
}

/* Removes a temporary folder the test made, with everything in it. */
static inline void
test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

G_END_DECLS
