/* ca-search.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ca-search"

#include "config.h"

#include <string.h>

#include "ca-search.h"

/* Finds places by name in English, pinyin or Chinese: the points of the
 * given layers (nodes, ports) and China's provinces.  Names are compared
 * case-folded, with spaces, hyphens and apostrophes removed, so "Chong
 * qing", "chongqing" and "Nei Menggu" find what they mean. */

void
ca_search_result_free (CaSearchResult *result)
{
  if (result == NULL)
    return;

  g_free (result->title);
  g_free (result->subtitle);
  g_free (result);
}

/**
 * ca_search_normalize:
 *
 * Returns: @text case-folded and decomposed, keeping only letters and
 *   digits (Chinese characters included)
 */
char *
ca_search_normalize (const char *text)
{
  g_autofree char *folded = NULL;
  g_autofree char *decomposed = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");

  folded = g_utf8_casefold (text, -1);
  decomposed = g_utf8_normalize (folded, -1, G_NORMALIZE_ALL);
  out = g_string_new (NULL);

  for (const char *p = decomposed; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* Decomposition splits tone marks off pinyin: drop them too. */
      if (g_unichar_isalnum (c))
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

static int
match_score (const char *normalized_query,
             const char *name)
{
  g_autofree char *normalized = NULL;

  if (name == NULL || name[0] == '\0')
    return 0;

  normalized = ca_search_normalize (name);
  if (normalized[0] == '\0')
    return 0;
  if (g_str_equal (normalized, normalized_query))
    return 100;
  if (g_str_has_prefix (normalized, normalized_query))
    return 80;
  if (strstr (normalized, normalized_query) != NULL)
    return 50;

  return 0;
}

static int
best_score (const char         *normalized_query,
            const char * const *names)
{
  int best = 0;

  for (guint i = 0; names[i] != NULL; i++)
    best = MAX (best, match_score (normalized_query, names[i]));

  return best;
}

static int
compare_results (gconstpointer a,
                 gconstpointer b)
{
  const CaSearchResult *ra = *(const CaSearchResult * const *)a;
  const CaSearchResult *rb = *(const CaSearchResult * const *)b;

  if (ra->score != rb->score)
    return rb->score - ra->score;

  return g_utf8_collate (ra->title, rb->title);
}

static void
search_layer (GPtrArray     *results,
              const char    *query,
              CaVectorLayer *layer,
              guint          layer_index,
              CaLanguage     language)
{
  for (guint i = 0; i < ca_vector_layer_get_n_features (layer); i++)
    {
      const CaFeature *feature = ca_vector_layer_get_feature (layer, i);
      const char *en = ca_vector_layer_get_string (layer, feature, "name_en");
      const char *zh = ca_vector_layer_get_string (layer, feature, "name_zh");
      const char *name = ca_vector_layer_get_string (layer, feature, "name");
      const char *names[] = { en, zh, name, ca_vector_layer_get_string (layer, feature, "id"), NULL };
      const char *names_present[G_N_ELEMENTS (names)] = { NULL };
      CaSearchResult *result;
      guint n = 0;
      int score;

      for (guint k = 0; k < G_N_ELEMENTS (names) - 1; k++)
        if (names[k] != NULL)
          names_present[n++] = names[k];

      score = best_score (query, names_present);
      if (score == 0)
        continue;

      result = g_new0 (CaSearchResult, 1);
      result->kind = CA_SEARCH_FEATURE;
      result->layer = layer_index;
      result->feature = i;
      result->score = score;
      if (language == CA_LANGUAGE_CHINESE && zh != NULL)
        {
          result->title = g_strdup (zh);
          result->subtitle = g_strdup (en != NULL ? en : "");
        }
      else
        {
          result->title = g_strdup (en != NULL ? en : zh != NULL ? zh : name != NULL ? name : "");
          result->subtitle = g_strdup (zh != NULL && en != NULL ? zh : "");
        }
      result->bbox = feature->bbox;
      result->longitude = ca_mercator_longitude_from_x ((feature->bbox.x_min + feature->bbox.x_max) / 2);
      result->latitude = ca_mercator_latitude_from_y ((feature->bbox.y_min + feature->bbox.y_max) / 2);
      if (feature->kind == CA_GEOMETRY_POINT && feature->n_points > 0)
        {
          result->longitude = feature->lonlat[0];
          result->latitude = feature->lonlat[1];
        }
      g_ptr_array_add (results, result);
    }
}

static void
search_provinces (GPtrArray  *results,
                  const char *query,
                  CaBasemap  *basemap,
                  CaLanguage  language)
{
  const char * const *codes = ca_place_names_get_province_codes ();

  for (guint i = 0; codes[i] != NULL; i++)
    {
      const CaPlaceName *name = ca_place_names_lookup (codes[i]);
      const char *names[] = { name->name_en, name->name_zh, name->short_zh, name->pinyin, name->code, NULL };
      const CaBasemapItem *item = basemap != NULL ? ca_basemap_find_item (basemap, codes[i]) : NULL;
      CaSearchResult *result;
      int score = best_score (query, names);

      if (score == 0)
        continue;

      result = g_new0 (CaSearchResult, 1);
      result->kind = CA_SEARCH_PROVINCE;
      result->code = name->code;
      result->score = score;
      result->title = g_strdup (language == CA_LANGUAGE_CHINESE ? name->name_zh : name->name_en);
      result->subtitle = g_strdup (language == CA_LANGUAGE_CHINESE ? name->name_en : name->name_zh);
      ca_bbox_init_empty (&result->bbox);

      if (item != NULL)
        {
          double west, south, east, north;

          ca_basemap_item_get_label_point (item, &result->longitude, &result->latitude);
          ca_basemap_item_get_bounds (item, &west, &south, &east, &north);
          ca_bbox_expand (&result->bbox, ca_mercator_x_from_longitude (west),
                          ca_mercator_y_from_latitude (north));
          ca_bbox_expand (&result->bbox, ca_mercator_x_from_longitude (east),
                          ca_mercator_y_from_latitude (south));
        }

      g_ptr_array_add (results, result);
    }
}

/**
 * ca_search:
 * @layers: (array length=n_layers): layers whose features to search
 * @basemap: (nullable): gives provinces their extent
 * @limit: the most results to return
 *
 * Returns: (transfer full) (element-type CaSearchResult): the best
 *   matches, best first
 */
GPtrArray *
ca_search (const char           *query,
           CaVectorLayer * const *layers,
           guint                 n_layers,
           CaBasemap            *basemap,
           CaLanguage            language,
           guint                 limit)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify)ca_search_result_free);
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (query != NULL, NULL);

  normalized = ca_search_normalize (query);
  if (normalized[0] == '\0')
    return g_steal_pointer (&results);

  for (guint i = 0; i < n_layers; i++)
    search_layer (results, normalized, layers[i], i, language);
  search_provinces (results, normalized, basemap, language);

  g_ptr_array_sort (results, compare_results);
  if (results->len > limit)
    g_ptr_array_set_size (results, limit);

  return g_steal_pointer (&results);
}
