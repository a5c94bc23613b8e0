/* test-search.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ca-search.h"

static CaVectorLayer *layers[2];

static const CaSearchResult *
first_hit (GPtrArray *hits)
{
  g_assert_nonnull (hits);
  g_assert_cmpuint (hits->len, >, 0);

  return g_ptr_array_index (hits, 0);
}

static void
assert_finds_province (const char *query,
                       const char *code)
{
  g_autoptr(GPtrArray) hits = ca_search (query, layers, 2, NULL, CA_LANGUAGE_ENGLISH, 10);
  gboolean found = FALSE;

  for (guint i = 0; i < hits->len; i++)
    {
      const CaSearchResult *hit = g_ptr_array_index (hits, i);

      found |= hit->kind == CA_SEARCH_PROVINCE && g_str_equal (hit->code, code);
    }

  g_test_message ("%s → %s", query, code);
  g_assert_true (found);
}

static void
test_search_normalize (void)
{
  g_autofree char *a = ca_search_normalize ("Chong qing");
  g_autofree char *b = ca_search_normalize ("CHONGQING");
  g_autofree char *c = ca_search_normalize ("Nèi Ménggǔ");
  g_autofree char *d = ca_search_normalize ("重庆市");
  g_autofree char *e = ca_search_normalize ("Xi'an");

  g_assert_cmpstr (a, ==, "chongqing");
  g_assert_cmpstr (b, ==, "chongqing");
  g_assert_cmpstr (c, ==, "neimenggu");
  g_assert_cmpstr (d, ==, "重庆市");
  g_assert_cmpstr (e, ==, "xian");
}

static void
test_search_provinces (void)
{
  /* English, pinyin, Chinese full and short names, and codes. */
  assert_finds_province ("Guangxi", "CN-GX");
  assert_finds_province ("广西", "CN-GX");
  assert_finds_province ("广西壮族自治区", "CN-GX");
  assert_finds_province ("Inner Mongolia", "CN-NM");
  assert_finds_province ("nei menggu", "CN-NM");
  assert_finds_province ("内蒙古", "CN-NM");
  assert_finds_province ("Xianggang", "CN-HK");
  assert_finds_province ("CN-YN", "CN-YN");
}

static void
test_search_places (void)
{
  g_autoptr(GPtrArray) hits = NULL;
  const CaSearchResult *hit;

  /* The corridor's ports and nodes, by English or Chinese name; an
   * exact name ranks first. */
  hits = ca_search ("钦州", layers, 2, NULL, CA_LANGUAGE_CHINESE, 10);
  hit = first_hit (hits);
  g_assert_cmpint (hit->kind, ==, CA_SEARCH_FEATURE);
  g_assert_true (g_str_has_prefix (hit->title, "钦州"));
  g_assert_cmpfloat (hit->longitude, >, 108.3);
  g_assert_cmpfloat (hit->longitude, <, 108.9);
  g_assert_cmpfloat (hit->latitude, >, 21.5);
  g_assert_cmpfloat (hit->latitude, <, 22.2);
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = ca_search ("singapore", layers, 2, NULL, CA_LANGUAGE_ENGLISH, 10);
  hit = first_hit (hits);
  g_assert_cmpuint (hit->layer, ==, 1);
  g_assert_cmpstr (ca_vector_layer_get_string (layers[1], ca_vector_layer_get_feature (layers[1], hit->feature),
                                               "country"), ==, "SG");
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Results are capped, and nothing matches nonsense. */
  hits = ca_search ("a", layers, 2, NULL, CA_LANGUAGE_ENGLISH, 5);
  g_assert_cmpuint (hits->len, ==, 5);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = ca_search ("zzzzqqq", layers, 2, NULL, CA_LANGUAGE_ENGLISH, 5);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = ca_search ("  ", layers, 2, NULL, CA_LANGUAGE_ENGLISH, 5);
  g_assert_cmpuint (hits->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  const char *files[] = { "nodes.geojson", "ports.geojson" };
  int status;

  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "corridor", files[i], NULL);
      g_autoptr(GError) error = NULL;

      layers[i] = ca_vector_layer_load (path, NULL, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
    }

  g_test_add_func ("/search/normalize", test_search_normalize);
  g_test_add_func ("/search/provinces", test_search_provinces);
  g_test_add_func ("/search/places", test_search_places);

  status = g_test_run ();
  g_clear_object (&layers[0]);
  g_clear_object (&layers[1]);

  return status;
}
