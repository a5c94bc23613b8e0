/* ca-place-names.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ca-place-names"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "ca-place-names.h"

/* The tables live in data/ and are compiled into the core's GResource, so
 * the application, the command line and the tests all see the same names
 * without looking for files.
 */
#define TABLES_PATH RESOURCE_PATH "/data/"

static GHashTable *place_names;
static GPtrArray *province_codes;
static guint n_provinces;

static void
ca_place_name_free (gpointer data)
{
  CaPlaceName *name = data;

  g_free (name->code);
  g_free (name->name_en);
  g_free (name->name_zh);
  g_free (name->short_zh);
  g_free (name->pinyin);
  g_free (name);
}

/* Reads a tab-separated table with a header row and hands each row, split
 * into columns, to @add_row.  Rows with too few columns are a packaging
 * error, so they abort loudly in development and are skipped otherwise. */
static guint
load_table (const char  *resource,
            guint        n_columns,
            void       (*add_row) (char **columns))
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *text = NULL;
  guint n_rows = 0;

  bytes = g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    {
      g_critical ("Missing place-name table %s: %s", resource, error->message);
      return 0;
    }

  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  lines = g_strsplit (text, "\n", -1);

  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) columns = NULL;

      g_strchomp (lines[i]);
      if (lines[i][0] == '\0')
        continue;

      columns = g_strsplit (lines[i], "\t", -1);
      if (g_strv_length (columns) < n_columns)
        {
          g_critical ("%s:%u: expected %u columns", resource, i + 1, n_columns);
          continue;
        }

      add_row (columns);
      n_rows++;
    }

  return n_rows;
}

static void
add_country (char **columns)
{
  CaPlaceName *name = g_new0 (CaPlaceName, 1);

  name->code = g_strdup (columns[0]);
  name->name_en = g_strdup (columns[1]);
  name->name_zh = g_strdup (columns[2]);
  g_hash_table_replace (place_names, name->code, name);
}

static void
add_province (char **columns)
{
  CaPlaceName *name = g_new0 (CaPlaceName, 1);

  /* code dcw name_en name_zh short_zh pinyin kind */
  name->code = g_strdup (columns[0]);
  name->name_en = g_strdup (columns[2]);
  name->name_zh = g_strdup (columns[3]);
  name->short_zh = g_strdup (columns[4]);
  name->pinyin = g_strdup (columns[5]);
  g_hash_table_replace (place_names, name->code, name);
  g_ptr_array_add (province_codes, name->code);
}

static gpointer
load_tables (gpointer data)
{
  place_names = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, ca_place_name_free);
  province_codes = g_ptr_array_new ();
  load_table (TABLES_PATH "countries.tsv", 3, add_country);
  n_provinces = load_table (TABLES_PATH "cn-provinces.tsv", 7, add_province);
  g_ptr_array_add (province_codes, NULL);

  return NULL;
}

static void
ensure_tables (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, load_tables, NULL);
}

/**
 * ca_place_names_lookup:
 * @code: an ISO 3166-1 alpha-2 code ("VN") or an ISO 3166-2:CN code ("CN-CQ")
 *
 * Returns: (nullable): the names of the place, or %NULL if it is unknown
 */
const CaPlaceName *
ca_place_names_lookup (const char *code)
{
  g_return_val_if_fail (code != NULL, NULL);

  ensure_tables ();

  return g_hash_table_lookup (place_names, code);
}

/**
 * ca_place_names_get_province_codes:
 *
 * Returns: (transfer none): the codes of China's 34 province-level
 *   divisions, "CN-AH" to "CN-ZJ"
 */
const char * const *
ca_place_names_get_province_codes (void)
{
  ensure_tables ();

  return (const char * const *)province_codes->pdata;
}

guint
ca_place_names_get_n_provinces (void)
{
  ensure_tables ();

  return n_provinces;
}

/**
 * ca_place_name_get_label:
 *
 * Returns: the name to print on a map in @language: the short Chinese
 *   name for provinces (广西, not 广西壮族自治区), the English name otherwise.
 */
const char *
ca_place_name_get_label (const CaPlaceName *name,
                         CaLanguage         language)
{
  g_return_val_if_fail (name != NULL, NULL);

  if (language == CA_LANGUAGE_CHINESE)
    return name->short_zh != NULL ? name->short_zh : name->name_zh;

  return name->name_en;
}

/**
 * ca_language_get_pango:
 *
 * Returns: the language to lay text out in: Simplified Chinese, so that
 *   fonts covering all of CJK (Noto Sans CJK, Source Han Sans) draw the
 *   mainland's glyph forms whatever the desktop's locale, or English
 */
PangoLanguage *
ca_language_get_pango (CaLanguage language)
{
  return pango_language_from_string (language == CA_LANGUAGE_CHINESE ? "zh-cn" : "en");
}

CaLanguage
ca_language_from_string (const char *locale)
{
  if (locale != NULL && g_str_has_prefix (locale, "zh"))
    return CA_LANGUAGE_CHINESE;

  return CA_LANGUAGE_ENGLISH;
}

/**
 * ca_language_from_locale:
 *
 * Returns: the language of place labels for the user's locale: Chinese when
 *   the first language the user asks for (LANGUAGE, LC_ALL, LC_MESSAGES,
 *   LANG) is Chinese, English otherwise.
 */
CaLanguage
ca_language_from_locale (void)
{
  const char * const *names = g_get_language_names ();

  return ca_language_from_string (names[0]);
}
