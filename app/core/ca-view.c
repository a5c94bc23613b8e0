/* ca-view.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ca-view"

#include "config.h"

#include <geodesic.h>
#include <math.h>

#include "ca-view.h"

/* WGS 84, the datum of every coordinate the application handles. */
#define WGS84_A 6378137.0
#define WGS84_F (1.0 / 298.257223563)

double
ca_mercator_x_from_longitude (double longitude)
{
  return (longitude + 180.0) / 360.0;
}

double
ca_mercator_y_from_latitude (double latitude)
{
  double phi;
  double sine;

  /* Beyond ±89.9° the projection runs off to infinity; such points only
   * ever appear as the polar detour of a ring and lie far off any view. */
  latitude = CLAMP (latitude, -89.9, 89.9);
  phi = latitude * G_PI / 180.0;
  sine = sin (phi);

  /* ln tan (π/4 + φ/2) = atanh (sin φ) = ½ ln ((1 + sin φ) / (1 − sin φ)),
   * which costs one sine and one logarithm. */
  return 0.5 - log ((1.0 + sine) / (1.0 - sine)) / (4.0 * G_PI);
}

double
ca_mercator_longitude_from_x (double x)
{
  return x * 360.0 - 180.0;
}

double
ca_mercator_latitude_from_y (double y)
{
  return atan (sinh (G_PI * (1.0 - 2.0 * y))) * 180.0 / G_PI;
}

void
ca_view_init (CaView *view,
              double  longitude,
              double  latitude,
              double  zoom,
              double  width,
              double  height)
{
  g_return_if_fail (view != NULL);

  view->center_x = ca_mercator_x_from_longitude (longitude);
  view->center_y = ca_mercator_y_from_latitude (latitude);
  view->zoom = zoom;
  view->width = width;
  view->height = height;
}

void
ca_view_init_tile (CaView *view,
                   guint   zoom,
                   guint   tile_x,
                   guint   tile_y)
{
  double n = ldexp (1.0, zoom);

  g_return_if_fail (view != NULL);

  view->center_x = (tile_x + 0.5) / n;
  view->center_y = (tile_y + 0.5) / n;
  view->zoom = zoom;
  view->width = CA_TILE_SIZE;
  view->height = CA_TILE_SIZE;
}

double
ca_view_get_world_size (const CaView *view)
{
  return CA_TILE_SIZE * exp2 (view->zoom);
}

void
ca_view_world_to_pixel (const CaView *view,
                        double        world_x,
                        double        world_y,
                        double       *pixel_x,
                        double       *pixel_y)
{
  double size = ca_view_get_world_size (view);

  *pixel_x = (world_x - view->center_x) * size + view->width / 2.0;
  *pixel_y = (world_y - view->center_y) * size + view->height / 2.0;
}

void
ca_view_pixel_to_world (const CaView *view,
                        double        pixel_x,
                        double        pixel_y,
                        double       *world_x,
                        double       *world_y)
{
  double size = ca_view_get_world_size (view);

  *world_x = (pixel_x - view->width / 2.0) / size + view->center_x;
  *world_y = (pixel_y - view->height / 2.0) / size + view->center_y;
}

void
ca_view_location_to_pixel (const CaView *view,
                           double        longitude,
                           double        latitude,
                           double       *pixel_x,
                           double       *pixel_y)
{
  ca_view_world_to_pixel (view,
                          ca_mercator_x_from_longitude (longitude),
                          ca_mercator_y_from_latitude (latitude),
                          pixel_x, pixel_y);
}

void
ca_view_pixel_to_location (const CaView *view,
                           double        pixel_x,
                           double        pixel_y,
                           double       *longitude,
                           double       *latitude)
{
  double world_x, world_y;

  ca_view_pixel_to_world (view, pixel_x, pixel_y, &world_x, &world_y);
  *longitude = ca_mercator_longitude_from_x (world_x);
  *latitude = ca_mercator_latitude_from_y (world_y);
}

void
ca_view_get_world_bbox (const CaView *view,
                        CaBBox       *bbox)
{
  ca_view_pixel_to_world (view, 0, 0, &bbox->x_min, &bbox->y_min);
  ca_view_pixel_to_world (view, view->width, view->height, &bbox->x_max, &bbox->y_max);
}

double
ca_view_get_meters_per_pixel (const CaView *view,
                              double        latitude)
{
  /* Web Mercator is conformal: at latitude φ one unit of the spherical
   * equator stretches by 1/cos φ. */
  return 2.0 * G_PI * WGS84_A * cos (latitude * G_PI / 180.0) / ca_view_get_world_size (view);
}

void
ca_bbox_init_empty (CaBBox *bbox)
{
  bbox->x_min = bbox->y_min = G_MAXDOUBLE;
  bbox->x_max = bbox->y_max = -G_MAXDOUBLE;
}

void
ca_bbox_expand (CaBBox *bbox,
                double  x,
                double  y)
{
  bbox->x_min = MIN (bbox->x_min, x);
  bbox->y_min = MIN (bbox->y_min, y);
  bbox->x_max = MAX (bbox->x_max, x);
  bbox->y_max = MAX (bbox->y_max, y);
}

gboolean
ca_bbox_intersects (const CaBBox *a,
                    const CaBBox *b)
{
  return a->x_min <= b->x_max && b->x_min <= a->x_max &&
         a->y_min <= b->y_max && b->y_min <= a->y_max;
}

/**
 * ca_geodesic_distance:
 *
 * Returns: the length in metres of the shortest path on the WGS 84
 *   ellipsoid between two points, solved by PROJ's geodesic routines
 *   (Karney's algorithm, accurate to nanometres).
 */
double
ca_geodesic_distance (double longitude1,
                      double latitude1,
                      double longitude2,
                      double latitude2)
{
  struct geod_geodesic geod;
  double distance = 0.0;

  geod_init (&geod, WGS84_A, WGS84_F);
  geod_inverse (&geod, latitude1, longitude1, latitude2, longitude2, &distance, NULL, NULL);

  return distance;
}

/**
 * ca_scale_bar_choose:
 * @meters_per_pixel: the map scale where the bar stands
 * @max_width: the widest the bar may be, in pixels
 * @width: (out): the bar's width in pixels
 *
 * Picks the longest round distance (1, 2 or 5 × 10ⁿ metres) whose bar fits
 * in @max_width.
 *
 * Returns: the distance in metres
 */
double
ca_scale_bar_choose (double  meters_per_pixel,
                     double  max_width,
                     double *width)
{
  static const double steps[] = { 5.0, 2.0, 1.0 };
  double max_meters = meters_per_pixel * max_width;
  double magnitude;

  g_return_val_if_fail (meters_per_pixel > 0 && max_width > 0, 0.0);

  magnitude = pow (10.0, floor (log10 (max_meters)));

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      double meters = steps[i] * magnitude;

      if (meters <= max_meters)
        {
          if (width != NULL)
            *width = meters / meters_per_pixel;
          return meters;
        }
    }

  /* Unreachable for positive input: 1 × 10ⁿ never exceeds max_meters. */
  if (width != NULL)
    *width = magnitude / meters_per_pixel;
  return magnitude;
}
