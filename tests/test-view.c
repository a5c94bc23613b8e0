/* test-view.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "ca-view.h"

static void
test_view_mercator_known_values (void)
{
  /* The Web Mercator square: 180° W is x = 0, the equator y = 0.5, and
   * the square's edge is the latitude where y reaches 0. */
  g_assert_cmpfloat_with_epsilon (ca_mercator_x_from_longitude (-180), 0.0, 1e-15);
  g_assert_cmpfloat_with_epsilon (ca_mercator_x_from_longitude (0), 0.5, 1e-15);
  g_assert_cmpfloat_with_epsilon (ca_mercator_x_from_longitude (90), 0.75, 1e-15);
  g_assert_cmpfloat_with_epsilon (ca_mercator_y_from_latitude (0), 0.5, 1e-15);
  g_assert_cmpfloat_with_epsilon (ca_mercator_y_from_latitude (CA_MERCATOR_MAX_LATITUDE), 0.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (ca_mercator_y_from_latitude (-CA_MERCATOR_MAX_LATITUDE), 1.0, 1e-12);
  /* 45° N: y = (1 - ln(tan 67.5°) / π) / 2 = 0.359725036915 */
  g_assert_cmpfloat_with_epsilon (ca_mercator_y_from_latitude (45), 0.359725036915, 1e-11);
}

static void
test_view_mercator_round_trip (void)
{
  for (double lat = -85; lat <= 85; lat += 0.37)
    for (double lon = -180; lon <= 180; lon += 0.53)
      {
        double lon2 = ca_mercator_longitude_from_x (ca_mercator_x_from_longitude (lon));
        double lat2 = ca_mercator_latitude_from_y (ca_mercator_y_from_latitude (lat));

        g_assert_cmpfloat_with_epsilon (lon2, lon, 1e-9);
        g_assert_cmpfloat_with_epsilon (lat2, lat, 1e-9);
      }
}

static void
test_view_pixel_round_trip (void)
{
  const double zooms[] = { 0, 3.5, 5, 8, 12.25, 18 };
  const double scales[] = { 256, 1920 };

  for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
    for (guint s = 0; s < G_N_ELEMENTS (scales); s++)
      {
        CaView view;

        ca_view_init (&view, 106.55, 29.56, zooms[z], scales[s], scales[s] * 0.75);

        for (double px = -100; px <= scales[s] + 100; px += 77.7)
          for (double py = -100; py <= scales[s] + 100; py += 55.5)
            {
              double lon, lat, px2, py2, wx, wy;

              /* Only pixels on the Mercator square have a location. */
              ca_view_pixel_to_world (&view, px, py, &wx, &wy);
              if (wy < 0 || wy > 1)
                continue;

              ca_view_pixel_to_location (&view, px, py, &lon, &lat);
              ca_view_location_to_pixel (&view, lon, lat, &px2, &py2);
              g_assert_cmpfloat_with_epsilon (px2, px, 1e-6);
              g_assert_cmpfloat_with_epsilon (py2, py, 1e-6);
            }
      }
}

static void
test_view_centre_and_tiles (void)
{
  CaView view;
  double px, py, lon, lat;

  /* The centre of the view is the location it was made for. */
  ca_view_init (&view, 106.55, 29.56, 5, 800, 600);
  ca_view_location_to_pixel (&view, 106.55, 29.56, &px, &py);
  g_assert_cmpfloat_with_epsilon (px, 400, 1e-9);
  g_assert_cmpfloat_with_epsilon (py, 300, 1e-9);

  /* One degree of longitude is 256 · 2^5 / 360 pixels at zoom 5. */
  ca_view_location_to_pixel (&view, 107.55, 29.56, &px, &py);
  g_assert_cmpfloat_with_epsilon (px - 400, 8192.0 / 360.0, 1e-9);

  /* Chongqing lies in tile 5/25/13 (the standard slippy-map numbering). */
  ca_view_init_tile (&view, 5, 25, 13);
  ca_view_location_to_pixel (&view, 106.55, 29.56, &px, &py);
  g_assert_cmpfloat (px, >=, 0);
  g_assert_cmpfloat (px, <, 256);
  g_assert_cmpfloat (py, >=, 0);
  g_assert_cmpfloat (py, <, 256);

  /* The tile's top-left corner is x = 25 / 32 of the world. */
  ca_view_pixel_to_location (&view, 0, 0, &lon, &lat);
  g_assert_cmpfloat_with_epsilon (lon, 25.0 / 32.0 * 360.0 - 180.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (lat, ca_mercator_latitude_from_y (13.0 / 32.0), 1e-9);
}

static void
test_view_bbox (void)
{
  CaBBox a = { 0.1, 0.1, 0.2, 0.2 };
  CaBBox b = { 0.15, 0.19, 0.3, 0.4 };
  CaBBox c = { 0.21, 0.1, 0.3, 0.2 };
  CaBBox box;
  CaView view;

  g_assert_true (ca_bbox_intersects (&a, &b));
  g_assert_true (ca_bbox_intersects (&b, &a));
  g_assert_false (ca_bbox_intersects (&a, &c));

  ca_bbox_init_empty (&box);
  ca_bbox_expand (&box, 0.3, 0.6);
  ca_bbox_expand (&box, 0.1, 0.7);
  g_assert_cmpfloat (box.x_min, ==, 0.1);
  g_assert_cmpfloat (box.x_max, ==, 0.3);
  g_assert_cmpfloat (box.y_min, ==, 0.6);
  g_assert_cmpfloat (box.y_max, ==, 0.7);

  ca_view_init_tile (&view, 1, 1, 0);
  ca_view_get_world_bbox (&view, &box);
  g_assert_cmpfloat_with_epsilon (box.x_min, 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (box.x_max, 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (box.y_min, 0.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (box.y_max, 0.5, 1e-12);
}

static void
test_view_geodesic (void)
{
  /* Known geodesics on WGS 84: one degree along the equator is
   * 111 319.4908 m, one degree of latitude from the equator 110 574.3886 m. */
  g_assert_cmpfloat_with_epsilon (ca_geodesic_distance (0, 0, 1, 0), 111319.4908, 1e-3);
  g_assert_cmpfloat_with_epsilon (ca_geodesic_distance (0, 0, 0, 1), 110574.3886, 1e-3);
  /* Pole to pole along a meridian: twice the quarter meridian, 10 001 965.729 m. */
  g_assert_cmpfloat_with_epsilon (ca_geodesic_distance (0, -90, 0, 90), 2 * 10001965.729, 1e-2);
  /* Symmetric, and zero for a point with itself. */
  g_assert_cmpfloat_with_epsilon (ca_geodesic_distance (106.55, 29.56, 108.62, 21.95),
                                  ca_geodesic_distance (108.62, 21.95, 106.55, 29.56), 1e-6);
  g_assert_cmpfloat (ca_geodesic_distance (106.55, 29.56, 106.55, 29.56), ==, 0.0);
  /* Chongqing to Qinzhou is about 870 km as the crow flies. */
  g_assert_cmpfloat (ca_geodesic_distance (106.55, 29.56, 108.62, 21.95), >, 850000);
  g_assert_cmpfloat (ca_geodesic_distance (106.55, 29.56, 108.62, 21.95), <, 890000);
}

static void
test_view_scale_bar (void)
{
  CaView view;
  double mpp, width, meters;

  /* At zoom 0 a pixel spans 2π · 6 378 137 / 256 = 156 543.03 m on the equator. */
  ca_view_init (&view, 0, 0, 0, 256, 256);
  g_assert_cmpfloat_with_epsilon (ca_view_get_meters_per_pixel (&view, 0), 156543.0339, 1e-3);
  /* …and half that at 60°. */
  g_assert_cmpfloat_with_epsilon (ca_view_get_meters_per_pixel (&view, 60), 78271.5170, 1e-3);

  /* Zoom 5 at Chongqing's latitude: 4 258 m a pixel, so 150 px hold
   * 638 km and the longest round distance that fits is 500 km. */
  ca_view_init (&view, 106.55, 29.56, 5, 800, 600);
  mpp = ca_view_get_meters_per_pixel (&view, 29.56);
  g_assert_cmpfloat_with_epsilon (mpp, 156543.0339 * cos (29.56 * G_PI / 180) / 32, 1e-6);
  meters = ca_scale_bar_choose (mpp, 150, &width);
  g_assert_cmpfloat (meters, ==, 500000);
  g_assert_cmpfloat_with_epsilon (width, 500000 / mpp, 1e-9);
  g_assert_cmpfloat (width, <=, 150);

  /* Every choice is 1, 2 or 5 × 10ⁿ and fills more than 40 % of the room. */
  for (double m = 0.37; m < 2e5; m *= 1.7)
    {
      double lead;

      meters = ca_scale_bar_choose (m, 120, &width);
      lead = meters / pow (10, floor (log10 (meters)));
      g_assert_true (fabs (lead - 1) < 1e-9 || fabs (lead - 2) < 1e-9 || fabs (lead - 5) < 1e-9);
      g_assert_cmpfloat (width, <=, 120 + 1e-9);
      g_assert_cmpfloat (width, >, 120 * 0.4);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/view/mercator/known-values", test_view_mercator_known_values);
  g_test_add_func ("/view/mercator/round-trip", test_view_mercator_round_trip);
  g_test_add_func ("/view/pixel/round-trip", test_view_pixel_round_trip);
  g_test_add_func ("/view/centre-and-tiles", test_view_centre_and_tiles);
  g_test_add_func ("/view/bbox", test_view_bbox);
  g_test_add_func ("/view/geodesic", test_view_geodesic);
  g_test_add_func ("/view/scale-bar", test_view_scale_bar);

  return g_test_run ();
}
