/* ca-trade-names.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ca-trade-names"

#include "config.h"

#include <gio/gio.h>
#include <stdlib.h>
#include <string.h>

#include "ca-search.h"
#include "ca-trade-names.h"

/* What trade records say, matched to small integer ids: provinces as an
 * ISO code, an English or pinyin name, or a Chinese name with or without
 * its suffix (重庆 / 重庆市, 广西 / 广西壮族自治区); partners as an ISO
 * code, an English or Chinese country name, or a partner region; modes
 * by their ids or Chinese names.  Every name is compared normalized
 * (case-folded, spaces and punctuation removed). */

#define TABLES_PATH RESOURCE_PATH "/data/"

typedef struct
{
  GHashTable *provinces;   /* normalized name → province index + 1 */
  GHashTable *countries;   /* normalized name → country index + 1 */
  GHashTable *regions;     /* normalized name → region index + 1 */
  GPtrArray  *country_codes;
  GArray     *country_regions;  /* int per country */
  CaRegion    region_table[CA_N_REGIONS];
  GStrv       region_rows;
} Tables;

static const char *mode_ids[CA_N_MODES] = {
  "rail-sea", "cross-border-rail", "cross-border-road", "air", "other",
};

static const struct { const char *name; CaMode mode; } mode_aliases[] = {
  { "railsea", CA_MODE_RAIL_SEA },
  { "searail", CA_MODE_RAIL_SEA },
  { "铁海联运", CA_MODE_RAIL_SEA },
  { "海铁联运", CA_MODE_RAIL_SEA },
  { "crossborderrail", CA_MODE_CROSS_BORDER_RAIL },
  { "跨境铁路", CA_MODE_CROSS_BORDER_RAIL },
  { "国际铁路联运", CA_MODE_CROSS_BORDER_RAIL },
  { "crossborderroad", CA_MODE_CROSS_BORDER_ROAD },
  { "跨境公路", CA_MODE_CROSS_BORDER_ROAD },
  { "跨境公路运输", CA_MODE_CROSS_BORDER_ROAD },
  { "air", CA_MODE_AIR },
  { "航空", CA_MODE_AIR },
  { "空运", CA_MODE_AIR },
  { "other", CA_MODE_OTHER },
  { "其他", CA_MODE_OTHER },
};

static const char *direction_ids[CA_N_DIRECTIONS] = {
  "export", "import", "",
};

/* Spellings of a direction field, normalized: customs tables say
 * 出口/进口, trade databases "X"/"M" or "exports"/"imports". */
static const struct { const char *name; CaDirection direction; } direction_aliases[] = {
  { "export", CA_DIRECTION_EXPORT },
  { "exports", CA_DIRECTION_EXPORT },
  { "outbound", CA_DIRECTION_EXPORT },
  { "out", CA_DIRECTION_EXPORT },
  { "x", CA_DIRECTION_EXPORT },
  { "e", CA_DIRECTION_EXPORT },
  { "出口", CA_DIRECTION_EXPORT },
  { "出", CA_DIRECTION_EXPORT },
  { "import", CA_DIRECTION_IMPORT },
  { "imports", CA_DIRECTION_IMPORT },
  { "inbound", CA_DIRECTION_IMPORT },
  { "in", CA_DIRECTION_IMPORT },
  { "m", CA_DIRECTION_IMPORT },
  { "i", CA_DIRECTION_IMPORT },
  { "进口", CA_DIRECTION_IMPORT },
  { "进", CA_DIRECTION_IMPORT },
  { "", CA_DIRECTION_UNSPECIFIED },
  { "total", CA_DIRECTION_UNSPECIFIED },
  { "both", CA_DIRECTION_UNSPECIFIED },
  { "进出口", CA_DIRECTION_UNSPECIFIED },
};

/* Suffixes a province's name may carry in Chinese and in English. */
static const char *province_suffixes[] = {
  "壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区", "自治区", "省", "市",
  "zhuangautonomousregion", "huiautonomousregion", "uyghurautonomousregion", "uygurautonomousregion",
  "autonomousregion", "specialadministrativeregion", "province", "municipality", "sar",
};

static void
add_name (GHashTable *table,
          const char *name,
          int         index)
{
  g_autofree char *key = NULL;

  if (name == NULL || name[0] == '\0')
    return;

  key = ca_search_normalize (name);
  if (key[0] != '\0' && !g_hash_table_contains (table, key))
    g_hash_table_insert (table, g_steal_pointer (&key), GINT_TO_POINTER (index + 1));
}

static GStrv
read_rows (const char *name)
{
  g_autofree char *path = g_strconcat (TABLES_PATH, name, NULL);
  g_autoptr(GBytes) bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autofree char *text = NULL;

  if (bytes == NULL)
    {
      g_critical ("Missing table %s", path);
      return g_new0 (char *, 1);
    }

  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  return g_strsplit (text, "\n", -1);
}

static double
hex_channel (const char *hex,
             int         offset)
{
  char pair[3] = { hex[offset], hex[offset + 1], '\0' };

  return strtol (pair, NULL, 16) / 255.0;
}

static gpointer
load_tables (gpointer data)
{
  Tables *tables = g_new0 (Tables, 1);
  const char * const *codes = ca_place_names_get_province_codes ();
  g_auto(GStrv) countries = read_rows ("countries.tsv");
  g_auto(GStrv) partners = read_rows ("partner-regions.tsv");
  guint n_regions = 0;

  tables->provinces = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  tables->countries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  tables->regions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  tables->country_codes = g_ptr_array_new_with_free_func (g_free);
  tables->country_regions = g_array_new (FALSE, FALSE, sizeof (int));

  for (int p = 0; codes[p] != NULL && p < CA_N_PROVINCES; p++)
    {
      const CaPlaceName *name = ca_place_names_lookup (codes[p]);

      add_name (tables->provinces, name->code, p);
      add_name (tables->provinces, name->name_en, p);
      add_name (tables->provinces, name->name_zh, p);
      add_name (tables->provinces, name->short_zh, p);
      add_name (tables->provinces, name->pinyin, p);
      /* The code without its country: "CQ". */
      add_name (tables->provinces, name->code + 3, p);
    }
  /* The name DCW-GMT and older data use for Inner Mongolia. */
  for (int p = 0; codes[p] != NULL; p++)
    if (g_str_equal (codes[p], "CN-NM"))
      add_name (tables->provinces, "Nei Mongol", p);

  tables->region_rows = read_rows ("regions.tsv");
  for (guint i = 1; tables->region_rows[i] != NULL && n_regions < CA_N_REGIONS; i++)
    {
      g_auto(GStrv) columns = g_strsplit (g_strchomp (tables->region_rows[i]), "\t", -1);
      CaRegion *region = &tables->region_table[n_regions];

      if (g_strv_length (columns) < 6)
        continue;

      region->id = g_intern_string (columns[0]);
      region->name_en = g_intern_string (columns[1]);
      region->name_zh = g_intern_string (columns[2]);
      region->anchor_longitude = g_ascii_strtod (columns[3], NULL);
      region->anchor_latitude = g_ascii_strtod (columns[4], NULL);
      if (strlen (columns[5]) == 7 && columns[5][0] == '#')
        {
          region->red = hex_channel (columns[5], 1);
          region->green = hex_channel (columns[5], 3);
          region->blue = hex_channel (columns[5], 5);
        }
      add_name (tables->regions, region->id, n_regions);
      add_name (tables->regions, region->name_en, n_regions);
      add_name (tables->regions, region->name_zh, n_regions);
      n_regions++;
    }
  for (guint r = 0; r < n_regions; r++)
    if (g_str_equal (tables->region_table[r].id, "russia-cis"))
      {
        add_name (tables->regions, "Russia and CIS", r);
        add_name (tables->regions, "CIS", r);
      }

  for (guint i = 1; partners[i] != NULL; i++)
    {
      g_auto(GStrv) columns = g_strsplit (g_strchomp (partners[i]), "\t", -1);
      int index = tables->country_codes->len;

      if (g_strv_length (columns) < 2)
        continue;

      g_ptr_array_add (tables->country_codes, g_strdup (columns[0]));
      {
        int region = -1;

        for (guint r = 0; r < n_regions; r++)
          if (g_str_equal (tables->region_table[r].id, columns[1]))
            region = r;
        g_array_append_val (tables->country_regions, region);
      }
      add_name (tables->countries, columns[0], index);
    }

  /* Country names in both languages, from the place-name table. */
  for (guint i = 1; countries[i] != NULL; i++)
    {
      g_auto(GStrv) columns = g_strsplit (g_strchomp (countries[i]), "\t", -1);
      g_autofree char *key = NULL;
      gpointer index;

      if (g_strv_length (columns) < 3)
        continue;

      key = ca_search_normalize (columns[0]);
      index = g_hash_table_lookup (tables->countries, key);
      if (index == NULL)
        continue;

      add_name (tables->countries, columns[1], GPOINTER_TO_INT (index) - 1);
      add_name (tables->countries, columns[2], GPOINTER_TO_INT (index) - 1);
    }

  /* Hong Kong and Macao trade as customs territories of their own; DCW
   * lists them as provinces, so their names come from that table. */
  {
    static const char *territories[][2] = { { "HK", "CN-HK" }, { "MO", "CN-MO" } };

    for (guint i = 0; i < G_N_ELEMENTS (territories); i++)
      {
        g_autofree char *key = ca_search_normalize (territories[i][0]);
        int index = GPOINTER_TO_INT (g_hash_table_lookup (tables->countries, key)) - 1;
        const CaPlaceName *name = ca_place_names_lookup (territories[i][1]);
        g_autofree char *prefixed = NULL;

        if (index < 0 || name == NULL)
          continue;

        prefixed = g_strconcat ("中国", name->short_zh, NULL);
        add_name (tables->countries, name->name_en, index);
        add_name (tables->countries, name->short_zh, index);
        add_name (tables->countries, name->name_zh, index);
        add_name (tables->countries, prefixed, index);
      }
    add_name (tables->countries, "Macau", GPOINTER_TO_INT (g_hash_table_lookup (tables->countries, "mo")) - 1);
  }

  return tables;
}

static Tables *
get_tables (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, load_tables, NULL);
}

static int
lookup (GHashTable *table,
        const char *text)
{
  g_autofree char *key = ca_search_normalize (text);

  return GPOINTER_TO_INT (g_hash_table_lookup (table, key)) - 1;
}

/**
 * ca_trade_match_province:
 *
 * Returns: the index of the province @text names (0 … 33, in the order
 *   of ca_place_names_get_province_codes()), or -1
 */
int
ca_trade_match_province (const char *text)
{
  Tables *tables;
  g_autofree char *key = NULL;
  int found;

  g_return_val_if_fail (text != NULL, -1);

  tables = get_tables ();
  key = ca_search_normalize (text);
  found = GPOINTER_TO_INT (g_hash_table_lookup (tables->provinces, key)) - 1;
  if (found >= 0)
    return found;

  /* Strip one suffix and try again: 重庆市 → 重庆, "Sichuan Province". */
  for (guint i = 0; i < G_N_ELEMENTS (province_suffixes); i++)
    {
      g_autofree char *suffix = ca_search_normalize (province_suffixes[i]);

      if (g_str_has_suffix (key, suffix) && strlen (key) > strlen (suffix))
        {
          key[strlen (key) - strlen (suffix)] = '\0';
          return GPOINTER_TO_INT (g_hash_table_lookup (tables->provinces, key)) - 1;
        }
    }

  return -1;
}

/**
 * ca_trade_match_partner:
 * @region: (out): the partner region's index
 * @country: (out): the country's index, or %CA_NO_COUNTRY for a region
 *
 * Returns: whether @text names a country or a partner region
 */
gboolean
ca_trade_match_partner (const char *text,
                        int        *region,
                        int        *country)
{
  Tables *tables = get_tables ();
  int found;

  g_return_val_if_fail (text != NULL, FALSE);

  found = lookup (tables->countries, text);
  if (found >= 0 && g_array_index (tables->country_regions, int, found) >= 0)
    {
      *country = found;
      *region = g_array_index (tables->country_regions, int, found);
      return TRUE;
    }

  found = lookup (tables->regions, text);
  if (found >= 0)
    {
      *country = CA_NO_COUNTRY;
      *region = found;
      return TRUE;
    }

  return FALSE;
}

/**
 * ca_trade_match_mode:
 *
 * Returns: the #CaMode @text names, or -1
 */
int
ca_trade_match_mode (const char *text)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (text != NULL, -1);

  key = ca_search_normalize (text);
  for (guint m = 0; m < CA_N_MODES; m++)
    {
      g_autofree char *id = ca_search_normalize (mode_ids[m]);

      if (g_str_equal (key, id))
        return m;
    }

  for (guint i = 0; i < G_N_ELEMENTS (mode_aliases); i++)
    {
      g_autofree char *alias = ca_search_normalize (mode_aliases[i].name);

      if (g_str_equal (key, alias))
        return mode_aliases[i].mode;
    }

  return -1;
}

/**
 * ca_trade_match_direction:
 *
 * Returns: the #CaDirection @text names (an empty @text is
 *   %CA_DIRECTION_UNSPECIFIED), or -1
 */
int
ca_trade_match_direction (const char *text)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (text != NULL, -1);

  key = ca_search_normalize (text);
  for (guint i = 0; i < G_N_ELEMENTS (direction_aliases); i++)
    if (g_str_equal (key, direction_aliases[i].name))
      return direction_aliases[i].direction;

  return -1;
}

const char *
ca_trade_province_code (int province)
{
  g_return_val_if_fail (province >= 0 && province < CA_N_PROVINCES, NULL);

  return ca_place_names_get_province_codes ()[province];
}

const CaRegion *
ca_trade_get_region (int region)
{
  g_return_val_if_fail (region >= 0 && region < CA_N_REGIONS, NULL);

  return &get_tables ()->region_table[region];
}

int
ca_trade_find_region (const char *id)
{
  Tables *tables = get_tables ();

  for (int r = 0; r < CA_N_REGIONS; r++)
    if (g_strcmp0 (tables->region_table[r].id, id) == 0)
      return r;

  return -1;
}

const char *
ca_trade_country_code (int country)
{
  Tables *tables = get_tables ();

  g_return_val_if_fail (country >= 0 && (guint)country < tables->country_codes->len, NULL);

  return g_ptr_array_index (tables->country_codes, country);
}

const char *
ca_trade_mode_id (CaMode mode)
{
  g_return_val_if_fail (mode < CA_N_MODES, NULL);

  return mode_ids[mode];
}

const char *
ca_trade_mode_label (CaMode     mode,
                     CaLanguage language)
{
  static const char *zh[CA_N_MODES] = { "铁海联运", "跨境铁路", "跨境公路", "航空", "其他" };
  static const char *en[CA_N_MODES] = { "Rail–sea", "Cross-border rail", "Cross-border road", "Air", "Other" };

  g_return_val_if_fail (mode < CA_N_MODES, NULL);

  return language == CA_LANGUAGE_CHINESE ? zh[mode] : en[mode];
}

/**
 * ca_trade_direction_id:
 *
 * Returns: "export", "import", or "" for an unspecified direction
 */
const char *
ca_trade_direction_id (CaDirection direction)
{
  g_return_val_if_fail (direction < CA_N_DIRECTIONS, NULL);

  return direction_ids[direction];
}

const char *
ca_trade_direction_label (CaDirection direction,
                          CaLanguage  language)
{
  static const char *zh[CA_N_DIRECTIONS] = { "出口", "进口", "进出口" };
  static const char *en[CA_N_DIRECTIONS] = { "Exports", "Imports", "Imports and exports" };

  g_return_val_if_fail (direction < CA_N_DIRECTIONS, NULL);

  return language == CA_LANGUAGE_CHINESE ? zh[direction] : en[direction];
}
