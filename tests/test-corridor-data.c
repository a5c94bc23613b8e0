/* test-corridor-data.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Facts about the shipped corridor layers, checked against the published
 * figures and against the DCW-GMT basemap. */

#include "config.h"

#include <math.h>

#include "test-util.h"
#include "ca-basemap.h"
#include "ca-vector-layer.h"

static CaBasemap *basemap;
static CaVectorLayer *routes;
static CaVectorLayer *nodes;
static CaVectorLayer *ports;

static CaVectorLayer *
load_shipped (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "corridor", name, NULL);
  g_autoptr(GError) error = NULL;
  CaVectorLayer *layer = ca_vector_layer_load (path, NULL, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (ca_vector_layer_get_n_issues (layer), ==, 0);

  return layer;
}

static void
test_corridor_properties (void)
{
  CaVectorLayer *layers[] = { routes, nodes, ports };
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);

  /* Every feature says what it is, in both languages, and where its
   * facts come from; ids are unique across the three layers. */
  for (guint l = 0; l < G_N_ELEMENTS (layers); l++)
    for (guint i = 0; i < ca_vector_layer_get_n_features (layers[l]); i++)
      {
        const CaFeature *feature = ca_vector_layer_get_feature (layers[l], i);
        const char *id = ca_vector_layer_get_string (layers[l], feature, "id");
        const char *province = ca_vector_layer_get_string (layers[l], feature, "province");
        const char *country = ca_vector_layer_get_string (layers[l], feature, "country");

        g_assert_nonnull (id);
        g_assert_false (g_hash_table_contains (ids, id));
        g_hash_table_add (ids, (gpointer)id);
        g_assert_nonnull (ca_vector_layer_get_string (layers[l], feature, "name_en"));
        g_assert_nonnull (ca_vector_layer_get_string (layers[l], feature, "name_zh"));
        g_assert_nonnull (ca_vector_layer_get_string (layers[l], feature, "kind"));
        g_assert_nonnull (ca_vector_layer_get_string (layers[l], feature, "source"));
        g_assert_true (province != NULL || country != NULL);
        if (province != NULL)
          g_assert_nonnull (ca_place_names_lookup (province));
      }

  g_assert_cmpuint (ca_vector_layer_get_n_features (nodes), >=, 60);
  g_assert_cmpuint (ca_vector_layer_get_n_features (ports), >=, 60);
}

static void
test_corridor_published_lengths (void)
{
  int field = ca_vector_layer_find_field (routes, "length_km_published");
  guint checked = 0;

  g_assert_cmpint (field, >=, 0);

  /* Each route with a published length runs within 15 % of it: the
   * hydrogen truck route (1,150 km) and the China–Laos Railway (about
   * 1,035 km) among them. */
  for (guint i = 0; i < ca_vector_layer_get_n_features (routes); i++)
    {
      const CaFeature *route = ca_vector_layer_get_feature (routes, i);
      GVariant *published = route->values[field];
      double expected, measured;

      if (published == NULL)
        continue;

      expected = g_variant_is_of_type (published, G_VARIANT_TYPE_INT64)
        ? (double)g_variant_get_int64 (published) : g_variant_get_double (published);
      measured = ca_feature_get_length (route) / 1000.0;
      g_test_message ("%s: %.0f km, published %.0f km",
                      ca_vector_layer_get_string (routes, route, "id"), measured, expected);
      g_assert_cmpfloat (fabs (measured - expected) / expected, <=, 0.15);
      checked++;
    }

  g_assert_cmpint (ca_vector_layer_find_feature (routes, "corridor", "hydrogen-truck"), >=, 0);
  g_assert_cmpint (ca_vector_layer_find_feature (routes, "corridor", "china-laos-railway"), >=, 0);
  g_assert_cmpuint (checked, >=, 2);
}

static void
test_corridor_nodes_in_place (void)
{
  /* Each node lies in the province it names. */
  for (guint i = 0; i < ca_vector_layer_get_n_features (nodes); i++)
    {
      const CaFeature *node = ca_vector_layer_get_feature (nodes, i);
      const char *province = ca_vector_layer_get_string (nodes, node, "province");
      const CaBasemapItem *found;

      if (province == NULL)
        continue;

      found = ca_basemap_lookup (basemap, node->lonlat[0], node->lonlat[1], CA_PLACE_PROVINCE);
      g_test_message ("%s", ca_vector_layer_get_string (nodes, node, "id"));
      g_assert_nonnull (found);
      g_assert_cmpstr (ca_basemap_item_get_code (found), ==, province);
    }
}

static void
test_corridor_sea_lanes_at_sea (void)
{
  guint checked = 0;

  /* Sea lanes follow the sea: every point every 2 km, away from the
   * ports at their ends, lies outside every country. */
  for (guint i = 0; i < ca_vector_layer_get_n_features (routes); i++)
    {
      const CaFeature *lane = ca_vector_layer_get_feature (routes, i);

      if (g_strcmp0 (ca_vector_layer_get_string (routes, lane, "mode"), "sea") != 0)
        continue;

      for (guint p = 0; p < lane->n_parts; p++)
        {
          const CaGeometryPart *part = &lane->parts[p];
          const double *first = &lane->lonlat[2 * part->first];
          const double *last = &lane->lonlat[2 * (part->first + part->n_points - 1)];

          for (guint k = part->first + 1; k < part->first + part->n_points; k++)
            {
              const double *a = &lane->lonlat[2 * k - 2];
              const double *b = &lane->lonlat[2 * k];
              double length = ca_geodesic_distance (a[0], a[1], b[0], b[1]);
              guint steps = MAX (1, (guint)ceil (length / 2000));

              for (guint s = 0; s <= steps; s++)
                {
                  double lon = a[0] + (b[0] - a[0]) * s / steps;
                  double lat = a[1] + (b[1] - a[1]) * s / steps;
                  const CaBasemapItem *land;

                  if (ca_geodesic_distance (lon, lat, first[0], first[1]) < 8000 ||
                      ca_geodesic_distance (lon, lat, last[0], last[1]) < 8000)
                    continue;

                  land = ca_basemap_lookup (basemap, lon, lat, CA_PLACE_COUNTRY);
                  if (land != NULL)
                    g_error ("%s crosses %s at %.5f, %.5f (vertex %u)",
                             ca_vector_layer_get_string (routes, lane, "id"),
                             ca_basemap_item_get_code (land), lon, lat, k);
                  checked++;
                }
            }
        }
    }

  g_assert_cmpuint (checked, >, 1000);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  basemap = test_load_basemap ();
  routes = load_shipped ("routes.geojson");
  nodes = load_shipped ("nodes.geojson");
  ports = load_shipped ("ports.geojson");

  g_test_add_func ("/corridor-data/properties", test_corridor_properties);
  g_test_add_func ("/corridor-data/published-lengths", test_corridor_published_lengths);
  g_test_add_func ("/corridor-data/nodes-in-place", test_corridor_nodes_in_place);
  g_test_add_func ("/corridor-data/sea-lanes-at-sea", test_corridor_sea_lanes_at_sea);

  status = g_test_run ();
  g_clear_object (&routes);
  g_clear_object (&nodes);
  g_clear_object (&ports);
  g_clear_object (&basemap);

  return status;
}
