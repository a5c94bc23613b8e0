/* ca-view.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Web Mercator "world" coordinates run from 0 to 1 on both axes: x grows
 * eastwards from 180° W, y grows southwards from the northern limit.  A
 * view maps them onto a surface of width × height user units, where the
 * whole world is CA_TILE_SIZE × 2^zoom units wide.
 */
#define CA_TILE_SIZE 256.0
#define CA_MERCATOR_MAX_LATITUDE 85.05112877980659

typedef struct
{
  double x_min;
  double y_min;
  double x_max;
  double y_max;
} CaBBox;

typedef struct
{
  double center_x;
  double center_y;
  double zoom;
  double width;
  double height;
} CaView;

double   ca_mercator_x_from_longitude   (double        longitude);
double   ca_mercator_y_from_latitude    (double        latitude);
double   ca_mercator_longitude_from_x   (double        x);
double   ca_mercator_latitude_from_y    (double        y);

void     ca_view_init                   (CaView       *view,
                                         double        longitude,
                                         double        latitude,
                                         double        zoom,
                                         double        width,
                                         double        height);
void     ca_view_init_tile              (CaView       *view,
                                         guint         zoom,
                                         guint         tile_x,
                                         guint         tile_y);
double   ca_view_get_world_size         (const CaView *view);
void     ca_view_world_to_pixel         (const CaView *view,
                                         double        world_x,
                                         double        world_y,
                                         double       *pixel_x,
                                         double       *pixel_y);
void     ca_view_pixel_to_world         (const CaView *view,
                                         double        pixel_x,
                                         double        pixel_y,
                                         double       *world_x,
                                         double       *world_y);
void     ca_view_location_to_pixel      (const CaView *view,
                                         double        longitude,
                                         double        latitude,
                                         double       *pixel_x,
                                         double       *pixel_y);
void     ca_view_pixel_to_location      (const CaView *view,
                                         double        pixel_x,
                                         double        pixel_y,
                                         double       *longitude,
                                         double       *latitude);
void     ca_view_get_world_bbox         (const CaView *view,
                                         CaBBox       *bbox);
double   ca_view_get_meters_per_pixel   (const CaView *view,
                                         double        latitude);

gboolean ca_bbox_intersects             (const CaBBox *a,
                                         const CaBBox *b);
void     ca_bbox_expand                 (CaBBox       *bbox,
                                         double        x,
                                         double        y);
void     ca_bbox_init_empty             (CaBBox       *bbox);

double   ca_geodesic_distance           (double        longitude1,
                                         double        latitude1,
                                         double        longitude2,
                                         double        latitude2);
double   ca_scale_bar_choose            (double        meters_per_pixel,
                                         double        max_width,
                                         double       *width);

G_END_DECLS
