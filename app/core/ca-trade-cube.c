/* ca-trade-cube.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ca-trade-cube"

#include "config.h"

#include <cpl_error.h>
#include <gdal.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <ogr_api.h>
#include <string.h>

#include "ca-trade-cube.h"

/* Trade records aggregated as they are read into a dense cube of
 * province × partner region × direction × mode for each month.  Records are not kept:
 * a query sums over ranges of the cube, so it takes microseconds whatever
 * the size of the file, and loading five million rows needs no more
 * memory than the file itself.
 *
 * CSV is read by a parser of our own (RFC 4180: quotes, doubled quotes,
 * newlines inside quotes, a BOM, CRLF) straight from the mapped file.  A
 * file that is not UTF-8 is taken as GB18030, the superset of GBK that
 * Chinese spreadsheets save.  Anything else (XLSX, ODS, a PostgreSQL
 * table, any table GDAL reads) comes through OGR.  Every row is accepted
 * or rejected with its line and the reason.
 */

#define FIRST_MONTH CA_MONTH (1990, 1)
#define N_MONTHS    (12 * 120)
#define SLAB_CELLS  (CA_N_PROVINCES * CA_N_REGIONS * CA_N_DIRECTIONS * CA_N_MODES)
#define MAX_ISSUES  1000
#define MAX_FIELDS  64

struct _CaTradeCube
{
  GObject   parent_instance;

  char     *source;
  char     *encoding;
  double   *slabs[N_MONTHS];   /* [province][region][direction][mode], allocated on demand */
  int       first_month;
  int       last_month;
  guint64   n_rows;
  guint64   n_accepted;
  guint     directions;        /* a bit for each direction the records give */
  GArray   *issues;
};

G_DEFINE_FINAL_TYPE (CaTradeCube, ca_trade_cube, G_TYPE_OBJECT)

G_DEFINE_QUARK (ca-trade-error-quark, ca_trade_error)

enum {
  COLUMN_PERIOD,
  COLUMN_PROVINCE,
  COLUMN_PARTNER,
  COLUMN_MODE,
  COLUMN_VALUE,
  N_REQUIRED_COLUMNS,
  COLUMN_DIRECTION = N_REQUIRED_COLUMNS,   /* optional */
  N_COLUMNS
};

static const char *column_ids[N_COLUMNS] = {
  "period", "province", "partner", "mode", "value_cny", "direction",
};

/* Header names accepted for each column, compared case-insensitively
 * after trimming; Chinese spreadsheets use the second group. */
static const char *column_names[N_COLUMNS][10] = {
  { "period", "month", "期间", "月份", "日期", "时间", NULL },
  { "province", "province_code", "省份", "省", "省区市", "地区", NULL },
  { "partner", "partner_country", "country", "贸易伙伴", "伙伴", "国家", "国家或地区", NULL },
  { "mode", "transport_mode", "运输方式", "方式", NULL },
  { "value_cny", "value", "amount", "金额", "贸易额", "金额(元)", "金额（元）", "进出口额", NULL },
  { "direction", "flow", "trade_flow", "进出口", "进出口方向", "贸易方向", "方向", "进出口标志", NULL },
};

typedef struct
{
  guint32 hash;
  guint32 length;
  char   *key;
  int     id;
  int     extra;
} CacheEntry;

/* Raw field text → id, so each distinct spelling is matched once. */
typedef struct
{
  CacheEntry entries[4096];
  guint      n_entries;
} MatchCache;

typedef struct
{
  CaTradeCube  *cube;
  const char   *name;        /* for messages */
  const char   *sheet;       /* the sheet or table of a spreadsheet, else NULL */
  int           columns[N_COLUMNS];   /* -1 for an optional column not there */
  guint         n_header;
  MatchCache    provinces;
  MatchCache    partners;
  MatchCache    modes;
  MatchCache    directions;
  GString      *scratch;
} Loader;

static void
ca_trade_cube_finalize (GObject *object)
{
  CaTradeCube *self = (CaTradeCube *)object;

  for (guint m = 0; m < N_MONTHS; m++)
    g_free (self->slabs[m]);

  for (guint i = 0; i < self->issues->len; i++)
    g_free (g_array_index (self->issues, CaTradeIssue, i).reason);
  g_clear_pointer (&self->issues, g_array_unref);
  g_clear_pointer (&self->source, g_free);
  g_clear_pointer (&self->encoding, g_free);

  G_OBJECT_CLASS (ca_trade_cube_parent_class)->finalize (object);
}

static void
ca_trade_cube_class_init (CaTradeCubeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ca_trade_cube_finalize;
}

static void
ca_trade_cube_init (CaTradeCube *self)
{
  self->issues = g_array_new (FALSE, FALSE, sizeof (CaTradeIssue));
  self->first_month = G_MAXINT;
  self->last_month = G_MININT;
  self->encoding = g_strdup ("UTF-8");
}

CaTradeCube *
ca_trade_cube_new (void)
{
  return g_object_new (CA_TYPE_TRADE_CUBE, NULL);
}

/**
 * ca_trade_cube_add:
 *
 * Adds @value yuan to one cell of the cube.
 */
void
ca_trade_cube_add (CaTradeCube *self,
                   int          month,
                   int          province,
                   int          region,
                   CaDirection  direction,
                   CaMode       mode,
                   double       value)
{
  int index = month - FIRST_MONTH;
  double *slab;

  g_return_if_fail (CA_IS_TRADE_CUBE (self));
  g_return_if_fail (index >= 0 && index < N_MONTHS);
  g_return_if_fail (province >= 0 && province < CA_N_PROVINCES);
  g_return_if_fail (region >= 0 && region < CA_N_REGIONS);
  g_return_if_fail (direction < CA_N_DIRECTIONS);
  g_return_if_fail (mode < CA_N_MODES);

  slab = self->slabs[index];
  if (G_UNLIKELY (slab == NULL))
    slab = self->slabs[index] = g_new0 (double, SLAB_CELLS);

  slab[((province * CA_N_REGIONS + region) * CA_N_DIRECTIONS + direction) * CA_N_MODES + mode] += value;
  self->directions |= 1u << direction;
  self->first_month = MIN (self->first_month, month);
  self->last_month = MAX (self->last_month, month);
}

/* Where a row is: "line 12" in a CSV, "sheet “Trade”, row 12" in a
 * spreadsheet or table. */
static char *
location (Loader *loader,
          guint   line)
{
  if (loader->sheet != NULL)
    return g_strdup_printf (_("sheet “%s”, row %u"), loader->sheet, line);

  return g_strdup_printf (_("line %u"), line);
}

static void
add_issue (Loader     *loader,
           guint       line,
           const char *format,
           ...) G_GNUC_PRINTF (3, 4);

static void
add_issue (Loader     *loader,
           guint       line,
           const char *format,
           ...)
{
  CaTradeIssue issue = { line, NULL };
  va_list args;

  if (loader->cube->issues->len >= MAX_ISSUES)
    return;

  va_start (args, format);
  issue.reason = g_strdup_vprintf (format, args);
  va_end (args);
  g_array_append_val (loader->cube->issues, issue);
}

static guint32
hash_bytes (const char *text,
            gsize       length)
{
  guint32 hash = 2166136261u;

  for (gsize i = 0; i < length; i++)
    hash = (hash ^ (guint8)text[i]) * 16777619u;

  return hash;
}

/* Looks @text up in @cache; on a miss, @match decides and is remembered.
 * Returns the id (or -1 for text that matches nothing). */
static int
cached_match (MatchCache *cache,
              const char *text,
              gsize       length,
              int        *extra,
              int       (*match) (const char *text, int *extra))
{
  guint32 hash = hash_bytes (text, length);
  guint mask = G_N_ELEMENTS (cache->entries) - 1;
  guint slot = hash & mask;
  g_autofree char *key = NULL;
  int id, found_extra = -1;

  for (;;)
    {
      CacheEntry *entry = &cache->entries[slot];

      if (entry->key == NULL)
        break;
      if (entry->hash == hash && entry->length == length && memcmp (entry->key, text, length) == 0)
        {
          if (extra != NULL)
            *extra = entry->extra;
          return entry->id;
        }
      slot = (slot + 1) & mask;
    }

  key = g_strndup (text, length);
  id = match (key, &found_extra);

  /* Keep the table at most half full; beyond that, match uncached. */
  if (cache->n_entries < G_N_ELEMENTS (cache->entries) / 2)
    {
      CacheEntry *entry = &cache->entries[slot];

      entry->hash = hash;
      entry->length = length;
      entry->key = g_steal_pointer (&key);
      entry->id = id;
      entry->extra = found_extra;
      cache->n_entries++;
    }

  if (extra != NULL)
    *extra = found_extra;
  return id;
}

static void
match_cache_clear (MatchCache *cache)
{
  for (guint i = 0; i < G_N_ELEMENTS (cache->entries); i++)
    g_free (cache->entries[i].key);
}

static int
match_direction (const char *text,
                 int        *extra)
{
  return ca_trade_match_direction (g_strstrip ((char *)text));
}

static int
match_province (const char *text,
                int        *extra)
{
  return ca_trade_match_province (g_strstrip ((char *)text));
}

/* Returns the region, with the country in @extra. */
static int
match_partner (const char *text,
               int        *extra)
{
  int region, country;

  if (!ca_trade_match_partner (g_strstrip ((char *)text), &region, &country))
    return -1;

  *extra = country;
  return region;
}

static int
match_mode (const char *text,
            int        *extra)
{
  return ca_trade_match_mode (g_strstrip ((char *)text));
}

static gboolean
parse_month (const char *text,
             gsize       length,
             int        *month)
{
  int year = 0, value = 0, digits = 0;
  gsize i = 0;

  while (i < length && (text[i] == ' ' || text[i] == '\t'))
    i++;
  for (; i < length && g_ascii_isdigit (text[i]) && digits < 4; i++, digits++)
    year = year * 10 + (text[i] - '0');
  if (digits != 4)
    return FALSE;

  /* 2025-03, 2025/03, 2025.03, 202503, 2025年3月 */
  if (i < length && (text[i] == '-' || text[i] == '/' || text[i] == '.'))
    i++;
  else if (i + 3 <= length && memcmp (text + i, "年", 3) == 0)
    i += 3;

  for (digits = 0; i < length && g_ascii_isdigit (text[i]) && digits < 2; i++, digits++)
    value = value * 10 + (text[i] - '0');
  if (digits == 0)
    return FALSE;
  if (i + 3 <= length && memcmp (text + i, "月", 3) == 0)
    i += 3;
  while (i < length && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r'))
    i++;

  if (i != length || value < 1 || value > 12 || year < 1990 || year >= 1990 + 120)
    return FALSE;

  *month = CA_MONTH (year, value);
  return TRUE;
}

/* A number: plain digits with an optional sign and decimals on the fast
 * path, anything else (thousands separators, exponents) through
 * g_ascii_strtod. */
static gboolean
parse_number (const char *text,
              gsize       length,
              double     *number)
{
  static const double powers[] = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9 };
  gsize i = 0;
  guint64 whole = 0, fraction = 0;
  guint n_whole = 0, n_fraction = 0;
  gboolean negative = FALSE;
  char buffer[64];
  gsize n = 0;
  char *end;

  while (i < length && text[i] == ' ')
    i++;
  if (i < length && (text[i] == '-' || text[i] == '+'))
    negative = text[i++] == '-';
  for (; i < length && g_ascii_isdigit (text[i]) && n_whole < 18; i++, n_whole++)
    whole = whole * 10 + (guint64)(text[i] - '0');
  if (i < length && text[i] == '.')
    for (i++; i < length && g_ascii_isdigit (text[i]) && n_fraction < 9; i++, n_fraction++)
      fraction = fraction * 10 + (guint64)(text[i] - '0');
  while (i < length && (text[i] == ' ' || text[i] == '\r'))
    i++;

  /* Plain decimals, the usual case, in integers: exact and quick. */
  if (i == length && n_whole + n_fraction > 0)
    {
      double value = (double)whole + (double)fraction / powers[n_fraction];

      *number = negative ? -value : value;
      return TRUE;
    }

  for (i = 0; i < length && n + 1 < sizeof buffer; i++)
    if (text[i] != ',' && text[i] != ' ' && text[i] != '\r')
      buffer[n++] = text[i];
  buffer[n] = '\0';
  if (n == 0)
    return FALSE;

  *number = g_ascii_strtod (buffer, &end);
  return *end == '\0' && isfinite (*number);
}

static char *
shown (const char *text,
       gsize       length)
{
  g_autofree char *raw = g_strndup (text, MIN (length, 60));

  return g_utf8_make_valid (raw, -1);
}

static void
process_row (Loader      *loader,
             const char **fields,
             const gsize *lengths,
             guint        n_fields,
             guint        line)
{
  int month, province, region, country, mode, direction = CA_DIRECTION_UNSPECIFIED;
  g_autofree char *where = NULL;
  double value;

  loader->cube->n_rows++;

  for (guint c = 0; c < N_COLUMNS; c++)
    if ((guint)loader->columns[c] >= n_fields && (c < N_REQUIRED_COLUMNS || loader->columns[c] >= 0))
      {
        where = location (loader, line);
        add_issue (loader, line, _("%s: %u columns, the header has %u"), where, n_fields,
                   loader->n_header);
        return;
      }

#define FIELD(c) fields[loader->columns[c]], lengths[loader->columns[c]]

  if (!parse_month (FIELD (COLUMN_PERIOD), &month))
    {
      g_autofree char *text = shown (FIELD (COLUMN_PERIOD));

      where = location (loader, line);
      add_issue (loader, line, _("%s: “%s” is not a month (YYYY-MM)"), where, text);
      return;
    }

  province = cached_match (&loader->provinces, FIELD (COLUMN_PROVINCE), NULL, match_province);
  if (province < 0)
    {
      g_autofree char *text = shown (FIELD (COLUMN_PROVINCE));

      where = location (loader, line);
      add_issue (loader, line, _("%s: unknown province “%s”"), where, text);
      return;
    }

  region = cached_match (&loader->partners, FIELD (COLUMN_PARTNER), &country, match_partner);
  if (region < 0)
    {
      g_autofree char *text = shown (FIELD (COLUMN_PARTNER));

      where = location (loader, line);
      add_issue (loader, line, _("%s: unknown partner “%s”"), where, text);
      return;
    }

  mode = cached_match (&loader->modes, FIELD (COLUMN_MODE), NULL, match_mode);
  if (mode < 0)
    {
      g_autofree char *text = shown (FIELD (COLUMN_MODE));

      where = location (loader, line);
      add_issue (loader, line, _("%s: unknown mode “%s”"), where, text);
      return;
    }

  if (loader->columns[COLUMN_DIRECTION] >= 0)
    {
      direction = cached_match (&loader->directions, FIELD (COLUMN_DIRECTION), NULL, match_direction);
      if (direction < 0)
        {
          g_autofree char *text = shown (FIELD (COLUMN_DIRECTION));

          where = location (loader, line);
          add_issue (loader, line, _("%s: unknown direction “%s” (export or import)"), where, text);
          return;
        }
    }

  if (!parse_number (FIELD (COLUMN_VALUE), &value))
    {
      g_autofree char *text = shown (FIELD (COLUMN_VALUE));

      where = location (loader, line);
      add_issue (loader, line, _("%s: the value “%s” is not a number"), where, text);
      return;
    }
  if (value < 0)
    {
      where = location (loader, line);
      add_issue (loader, line, _("%s: the value %.15g is negative"), where, value);
      return;
    }

#undef FIELD

  ca_trade_cube_add (loader->cube, month, province, region, direction, mode, value);
  loader->cube->n_accepted++;
}

static gboolean
map_header (Loader      *loader,
            const char **fields,
            const gsize *lengths,
            guint        n_fields,
            GError     **error)
{
  g_autoptr(GString) missing = g_string_new (NULL);

  loader->n_header = n_fields;
  for (guint c = 0; c < N_COLUMNS; c++)
    {
      loader->columns[c] = -1;

      for (guint f = 0; f < n_fields && loader->columns[c] < 0; f++)
        {
          g_autofree char *raw = g_strndup (fields[f], lengths[f]);
          const char *name = g_strstrip (raw);

          for (guint k = 0; column_names[c][k] != NULL; k++)
            if (g_ascii_strcasecmp (name, column_names[c][k]) == 0)
              loader->columns[c] = f;
        }

      if (loader->columns[c] < 0 && c < N_REQUIRED_COLUMNS)
        g_string_append_printf (missing, "%s“%s”", missing->len > 0 ? ", " : "", column_ids[c]);
    }

  if (missing->len > 0)
    {
      g_set_error (error, CA_TRADE_ERROR, CA_TRADE_ERROR_COLUMNS,
                   _("“%s” has no %s column; trade records need period, province, partner, "
                     "mode and value_cny"),
                   loader->name, missing->str);
      return FALSE;
    }

  return TRUE;
}

static void
loader_init (Loader      *loader,
             CaTradeCube *cube,
             const char  *name)
{
  memset (loader, 0, sizeof *loader);
  loader->cube = cube;
  loader->name = name;
  loader->scratch = g_string_new (NULL);
}

static void
loader_clear (Loader *loader)
{
  match_cache_clear (&loader->provinces);
  match_cache_clear (&loader->partners);
  match_cache_clear (&loader->modes);
  match_cache_clear (&loader->directions);
  g_string_free (loader->scratch, TRUE);
}

/* Parses CSV text; each record goes to the header mapping, then to
 * process_row().  Quoted fields with doubled quotes are unescaped into
 * the scratch buffer. */
static gboolean
parse_csv (Loader          *loader,
           const char      *data,
           gsize            length,
           CaProgressFunc   progress,
           gpointer         progress_data,
           GCancellable    *cancellable,
           GError         **error)
{
  const char *p = data, *end = data + length;
  const char *line_end = NULL;
  const char *fields[MAX_FIELDS];
  gsize lengths[MAX_FIELDS];
  gboolean header = TRUE;
  guint line = 1;
  guint64 records = 0;

  if (length >= 3 && memcmp (p, "\xef\xbb\xbf", 3) == 0)
    p += 3;

  while (p < end)
    {
      guint n = 0, record_line = line;
      gboolean truncated = FALSE;

      g_string_truncate (loader->scratch, 0);

      /* Empty lines (blank spreadsheet rows) are skipped. */
      if (*p == '\n' || (*p == '\r' && p + 1 < end && p[1] == '\n'))
        {
          p += *p == '\r' ? 2 : 1;
          line++;
          continue;
        }

      for (;;)
        {
          const char *start;
          gsize field_length;

          if (p < end && *p == '"')
            {
              /* Quoted: copy into the scratch buffer, undoubling quotes. */
              gsize offset = loader->scratch->len;

              p++;
              for (;;)
                {
                  const char *quote = memchr (p, '"', end - p);

                  if (quote == NULL)
                    {
                      g_string_append_len (loader->scratch, p, end - p);
                      p = end;
                      break;
                    }
                  for (const char *q = p; q < quote; q++)
                    line += *q == '\n';
                  g_string_append_len (loader->scratch, p, quote - p);
                  p = quote + 1;
                  if (p < end && *p == '"')
                    {
                      g_string_append_c (loader->scratch, '"');
                      p++;
                      continue;
                    }
                  break;
                }
              /* Text after the closing quote belongs to the field too. */
              while (p < end && *p != ',' && *p != '\n')
                {
                  if (*p != '\r')
                    g_string_append_c (loader->scratch, *p);
                  p++;
                }
              start = NULL;
              field_length = loader->scratch->len - offset;
              if (n < MAX_FIELDS)
                {
                  /* Point at the scratch buffer once it stops moving. */
                  fields[n] = GSIZE_TO_POINTER (offset + 1);
                  lengths[n] = field_length;
                }
            }
          else
            {
              const char *comma;

              /* memchr is vectorized: find the line's end once, then each
               * comma within it. */
              if (line_end < p)
                {
                  line_end = memchr (p, '\n', end - p);
                  if (line_end == NULL)
                    line_end = end;
                }
              start = p;
              comma = memchr (p, ',', line_end - p);
              p = comma != NULL ? comma : line_end;
              field_length = p - start;
              if (field_length > 0 && start[field_length - 1] == '\r')
                field_length--;
              if (n < MAX_FIELDS)
                {
                  fields[n] = start;
                  lengths[n] = field_length;
                }
            }

          if (n < MAX_FIELDS)
            {
              if (start == NULL)
                lengths[n] |= (gsize)1 << (sizeof (gsize) * 8 - 1);
              n++;
            }
          else
            truncated = TRUE;

          if (p < end && *p == ',')
            {
              p++;
              continue;
            }
          break;
        }

      if (p < end && *p == '\n')
        p++;
      line++;

      /* Resolve quoted fields now that the scratch buffer is complete. */
      for (guint f = 0; f < n; f++)
        if (lengths[f] & ((gsize)1 << (sizeof (gsize) * 8 - 1)))
          {
            lengths[f] &= ~((gsize)1 << (sizeof (gsize) * 8 - 1));
            fields[f] = loader->scratch->str + (GPOINTER_TO_SIZE (fields[f]) - 1);
          }

      if (header)
        {
          if (!map_header (loader, fields, lengths, n, error))
            return FALSE;
          header = FALSE;
          continue;
        }

      if (truncated)
        {
          g_autofree char *where = location (loader, record_line);

          loader->cube->n_rows++;
          add_issue (loader, record_line, _("%s: more than %u columns"), where, MAX_FIELDS);
          continue;
        }

      process_row (loader, fields, lengths, n, record_line);

      if (++records % 65536 == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          if (progress != NULL)
            progress ((double)(p - data) / length, progress_data);
        }
    }

  if (header)
    {
      g_set_error (error, CA_TRADE_ERROR, CA_TRADE_ERROR_EMPTY,
                   _("“%s” is empty: it has no header row"), loader->name);
      return FALSE;
    }

  return TRUE;
}

/* Chinese spreadsheets saved as CSV are often GBK: when the text is not
 * UTF-8, convert it from GB18030, which contains GBK. */
static char *
to_utf8 (const char  *data,
         gsize        length,
         gsize       *out_length,
         char       **encoding,
         const char  *name,
         GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *invalid;
  char *converted;

  /* Decide from the first MiB: a Chinese spreadsheet's GBK shows within
   * its header and first rows.  (A cut multi-byte character at the end
   * of the sample is still UTF-8.)  Rows further on in another encoding
   * are rejected one by one, by name. */
  gsize sample = MIN (length, 1024 * 1024);

  if (g_utf8_validate (data, sample, &invalid) || (gsize)(invalid - data) + 4 > sample)
    return NULL;

  converted = g_convert (data, length, "UTF-8", "GB18030", NULL, out_length, &local_error);
  if (converted == NULL)
    {
      g_set_error (error, CA_TRADE_ERROR, CA_TRADE_ERROR_OPEN,
                   _("“%s” is neither UTF-8 nor GBK text: %s"), name, local_error->message);
      return NULL;
    }

  g_free (*encoding);
  *encoding = g_strdup ("GB18030");
  return converted;
}

/**
 * ca_trade_cube_add_csv:
 * @data: CSV text, UTF-8 or GBK
 * @name: what to call it in messages
 *
 * Adds the records of a CSV text to the cube.
 */
gboolean
ca_trade_cube_add_csv (CaTradeCube  *self,
                       const char   *data,
                       gsize         length,
                       const char   *name,
                       GError      **error)
{
  g_autofree char *converted = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize converted_length = 0;
  Loader loader;
  gboolean ok;

  g_return_val_if_fail (CA_IS_TRADE_CUBE (self), FALSE);

  converted = to_utf8 (data, length, &converted_length, &self->encoding, name, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  loader_init (&loader, self, name);
  ok = parse_csv (&loader, converted != NULL ? converted : data,
                  converted != NULL ? converted_length : length,
                  NULL, NULL, NULL, error);
  loader_clear (&loader);

  return ok;
}

static gboolean
load_csv (CaTradeCube     *self,
          const char      *path,
          CaProgressFunc   progress,
          gpointer         progress_data,
          GCancellable    *cancellable,
          GError         **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *converted = NULL;
  gsize converted_length = 0;
  const char *data;
  gsize length;
  Loader loader;
  gboolean ok;

  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error (error, CA_TRADE_ERROR, CA_TRADE_ERROR_OPEN,
                   _("Could not open “%s”: %s"), path, local_error->message);
      return FALSE;
    }

  data = g_mapped_file_get_contents (mapped);
  length = g_mapped_file_get_length (mapped);
  if (length == 0 || data == NULL)
    {
      g_set_error (error, CA_TRADE_ERROR, CA_TRADE_ERROR_EMPTY,
                   _("“%s” is empty: it has no header row"), path);
      return FALSE;
    }

  converted = to_utf8 (data, length, &converted_length, &self->encoding, path, error);
  if (converted == NULL && error != NULL && *error != NULL)
    return FALSE;

  loader_init (&loader, self, path);
  ok = parse_csv (&loader, converted != NULL ? converted : data,
                  converted != NULL ? converted_length : length,
                  progress, progress_data, cancellable, error);
  loader_clear (&loader);

  return ok;
}

static gboolean
load_table (CaTradeCube     *self,
            const char      *source,
            CaProgressFunc   progress,
            gpointer         progress_data,
            GCancellable    *cancellable,
            GError         **error)
{
  static const char * const sheet_options[] = { "HEADERS=FORCE", "FIELD_TYPES=STRING", NULL };
  g_autofree char *name = ca_vector_source_redact (source);
  GDALDatasetH dataset;
  OGRLayerH layer;
  OGRFeatureDefnH definition;
  OGRFeatureH feature;
  Loader loader;
  const char *fields[MAX_FIELDS];
  gsize lengths[MAX_FIELDS];
  guint n_fields, row = 1;
  gboolean ok = TRUE;
  GIntBig n_total;

  GDALAllRegister ();
  CPLPushErrorHandler (CPLQuietErrorHandler);
  CPLErrorReset ();
  dataset = GDALOpenEx (source, GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR,
                        NULL, sheet_options, NULL);
  CPLPopErrorHandler ();
  if (dataset == NULL)
    {
      g_set_error (error, CA_TRADE_ERROR, CA_TRADE_ERROR_OPEN, _("Could not open “%s”: %s"),
                   name, CPLGetLastErrorMsg ()[0] != '\0' ? CPLGetLastErrorMsg () : _("GDAL gave no reason"));
      return FALSE;
    }

  layer = GDALDatasetGetLayerCount (dataset) > 0 ? GDALDatasetGetLayer (dataset, 0) : NULL;
  if (layer == NULL)
    {
      g_set_error (error, CA_TRADE_ERROR, CA_TRADE_ERROR_EMPTY, _("“%s” has no table"), name);
      GDALClose (dataset);
      return FALSE;
    }

  loader_init (&loader, self, name);
  loader.sheet = OGR_L_GetName (layer);
  definition = OGR_L_GetLayerDefn (layer);
  n_fields = MIN (OGR_FD_GetFieldCount (definition), MAX_FIELDS);
  for (guint f = 0; f < n_fields; f++)
    {
      fields[f] = OGR_Fld_GetNameRef (OGR_FD_GetFieldDefn (definition, f));
      lengths[f] = strlen (fields[f]);
    }

  if (!map_header (&loader, fields, lengths, n_fields, error))
    {
      loader_clear (&loader);
      GDALClose (dataset);
      return FALSE;
    }

  n_total = OGR_L_GetFeatureCount (layer, FALSE);
  OGR_L_ResetReading (layer);
  while ((feature = OGR_L_GetNextFeature (layer)) != NULL)
    {
      row++;
      for (guint f = 0; f < n_fields; f++)
        {
          fields[f] = OGR_F_IsFieldSetAndNotNull (feature, f) ? OGR_F_GetFieldAsString (feature, f) : "";
          lengths[f] = strlen (fields[f]);
        }

      /* A row left blank in the sheet is no record. */
      {
        gboolean blank = TRUE;

        for (guint f = 0; f < n_fields && blank; f++)
          blank = lengths[f] == 0;
        if (!blank)
          process_row (&loader, fields, lengths, n_fields, row);
      }
      OGR_F_Destroy (feature);

      if (row % 4096 == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            {
              ok = FALSE;
              break;
            }
          if (progress != NULL && n_total > 0)
            progress ((double)row / n_total, progress_data);
        }
    }

  loader_clear (&loader);
  GDALClose (dataset);

  return ok;
}

/**
 * ca_trade_cube_load:
 * @source: a CSV, XLSX or ODS file, a "PG:…" connection string, or any
 *   table GDAL reads
 *
 * Reads trade records and aggregates them.  Rows that cannot be used are
 * counted and listed (the first thousand) with their line and the reason.
 * Blocks: call it from a worker thread.
 *
 * Returns: (transfer full): the cube, or %NULL with @error set when the
 *   source cannot be read at all
 */
CaTradeCube *
ca_trade_cube_load (const char      *source,
                    CaProgressFunc   progress,
                    gpointer         progress_data,
                    GCancellable    *cancellable,
                    GError         **error)
{
  g_autoptr(CaTradeCube) self = NULL;
  gboolean ok;

  g_return_val_if_fail (source != NULL, NULL);

  self = ca_trade_cube_new ();
  self->source = g_strdup (source);

  if (g_str_has_suffix (source, ".csv") || g_str_has_suffix (source, ".CSV") ||
      g_str_has_suffix (source, ".txt"))
    ok = load_csv (self, source, progress, progress_data, cancellable, error);
  else
    ok = load_table (self, source, progress, progress_data, cancellable, error);

  if (!ok)
    return NULL;

  if (progress != NULL)
    progress (1.0, progress_data);

  return g_steal_pointer (&self);
}

const char *
ca_trade_cube_get_source (CaTradeCube *self)
{
  g_return_val_if_fail (CA_IS_TRADE_CUBE (self), NULL);

  return self->source;
}

guint64
ca_trade_cube_get_n_rows (CaTradeCube *self)
{
  g_return_val_if_fail (CA_IS_TRADE_CUBE (self), 0);

  return self->n_rows;
}

guint64
ca_trade_cube_get_n_accepted (CaTradeCube *self)
{
  g_return_val_if_fail (CA_IS_TRADE_CUBE (self), 0);

  return self->n_accepted;
}

guint64
ca_trade_cube_get_n_rejected (CaTradeCube *self)
{
  g_return_val_if_fail (CA_IS_TRADE_CUBE (self), 0);

  return self->n_rows - self->n_accepted;
}

guint
ca_trade_cube_get_n_issues (CaTradeCube *self)
{
  g_return_val_if_fail (CA_IS_TRADE_CUBE (self), 0);

  return self->issues->len;
}

const CaTradeIssue *
ca_trade_cube_get_issue (CaTradeCube *self,
                         guint        index)
{
  g_return_val_if_fail (CA_IS_TRADE_CUBE (self), NULL);
  g_return_val_if_fail (index < self->issues->len, NULL);

  return &g_array_index (self->issues, CaTradeIssue, index);
}

const char *
ca_trade_cube_get_encoding (CaTradeCube *self)
{
  g_return_val_if_fail (CA_IS_TRADE_CUBE (self), NULL);

  return self->encoding;
}

/**
 * ca_trade_cube_has_directions:
 *
 * Returns: whether any record says whether it is an export or an import
 */
gboolean
ca_trade_cube_has_directions (CaTradeCube *self)
{
  g_return_val_if_fail (CA_IS_TRADE_CUBE (self), FALSE);

  return (self->directions & ((1u << CA_DIRECTION_EXPORT) | (1u << CA_DIRECTION_IMPORT))) != 0;
}

/**
 * ca_trade_cube_get_months:
 *
 * Returns: whether the cube has any record, with the first and last month
 */
gboolean
ca_trade_cube_get_months (CaTradeCube *self,
                          int         *first,
                          int         *last)
{
  g_return_val_if_fail (CA_IS_TRADE_CUBE (self), FALSE);

  if (self->first_month > self->last_month)
    return FALSE;

  *first = self->first_month;
  *last = self->last_month;
  return TRUE;
}

void
ca_trade_filter_init (CaTradeFilter *filter,
                      int            month_from,
                      int            month_to)
{
  g_return_if_fail (filter != NULL);

  memset (filter, 0, sizeof *filter);
  filter->month_from = month_from;
  filter->month_to = month_to;
}

/* Calls @visit for each selected cell with its province, region and
 * value. */
static inline void
for_each_cell (CaTradeCube         *self,
               const CaTradeFilter *filter,
               void               (*visit) (int month, int province, int region, double value, gpointer data),
               gpointer             data)
{
  int from = MAX (filter->month_from, FIRST_MONTH) - FIRST_MONTH;
  int to = MIN (filter->month_to, FIRST_MONTH + N_MONTHS - 1) - FIRST_MONTH;

  for (int m = from; m <= to; m++)
    {
      const double *slab = self->slabs[m];

      if (slab == NULL)
        continue;

      for (int p = 0; p < CA_N_PROVINCES; p++)
        {
          if (filter->provinces != 0 && !(filter->provinces & ((guint64)1 << p)))
            continue;

          for (int r = 0; r < CA_N_REGIONS; r++)
            {
              const double *cell = &slab[(p * CA_N_REGIONS + r) * CA_N_DIRECTIONS * CA_N_MODES];
              double sum = 0;

              if (filter->regions != 0 && !(filter->regions & ((guint32)1 << r)))
                continue;

              for (int d = 0; d < CA_N_DIRECTIONS; d++, cell += CA_N_MODES)
                if (filter->directions == 0 || (filter->directions & (1u << d)))
                  for (int k = 0; k < CA_N_MODES; k++)
                    if (filter->modes == 0 || (filter->modes & (1u << k)))
                      sum += cell[k];

              if (sum != 0)
                visit (m + FIRST_MONTH, p, r, sum, data);
            }
        }
    }
}

static void
add_total (int      month,
           int      province,
           int      region,
           double   value,
           gpointer data)
{
  *(double *)data += value;
}

double
ca_trade_cube_total (CaTradeCube         *self,
                     const CaTradeFilter *filter)
{
  double total = 0;

  g_return_val_if_fail (CA_IS_TRADE_CUBE (self), 0);
  g_return_val_if_fail (filter != NULL, 0);

  for_each_cell (self, filter, add_total, &total);
  return total;
}

static void
add_by_province (int      month,
                 int      province,
                 int      region,
                 double   value,
                 gpointer data)
{
  ((double *)data)[province] += value;
}

/**
 * ca_trade_cube_by_province:
 * @totals: (array fixed-size=34) (out caller-allocates): one total per province
 */
void
ca_trade_cube_by_province (CaTradeCube         *self,
                           const CaTradeFilter *filter,
                           double              *totals)
{
  g_return_if_fail (CA_IS_TRADE_CUBE (self));

  memset (totals, 0, CA_N_PROVINCES * sizeof (double));
  for_each_cell (self, filter, add_by_province, totals);
}

static void
add_by_region (int      month,
               int      province,
               int      region,
               double   value,
               gpointer data)
{
  ((double *)data)[region] += value;
}

/**
 * ca_trade_cube_by_region:
 * @totals: (array fixed-size=11) (out caller-allocates): one total per region
 */
void
ca_trade_cube_by_region (CaTradeCube         *self,
                         const CaTradeFilter *filter,
                         double              *totals)
{
  g_return_if_fail (CA_IS_TRADE_CUBE (self));

  memset (totals, 0, CA_N_REGIONS * sizeof (double));
  for_each_cell (self, filter, add_by_region, totals);
}

static void
add_by_pair (int      month,
             int      province,
             int      region,
             double   value,
             gpointer data)
{
  ((double *)data)[province * CA_N_REGIONS + region] += value;
}

/**
 * ca_trade_cube_by_pair:
 * @totals: (out caller-allocates): 34 × 11 totals, province-major
 */
void
ca_trade_cube_by_pair (CaTradeCube         *self,
                       const CaTradeFilter *filter,
                       double              *totals)
{
  g_return_if_fail (CA_IS_TRADE_CUBE (self));

  memset (totals, 0, CA_N_PROVINCES * CA_N_REGIONS * sizeof (double));
  for_each_cell (self, filter, add_by_pair, totals);
}

typedef struct
{
  double *totals;
  int     first;
} MonthTotals;

static void
add_by_month (int      month,
              int      province,
              int      region,
              double   value,
              gpointer data)
{
  MonthTotals *months = data;

  months->totals[month - months->first] += value;
}

/**
 * ca_trade_cube_by_month:
 * @totals: (out caller-allocates): one total per month of the filter's range
 */
void
ca_trade_cube_by_month (CaTradeCube         *self,
                        const CaTradeFilter *filter,
                        double              *totals)
{
  MonthTotals months = { totals, filter->month_from };

  g_return_if_fail (CA_IS_TRADE_CUBE (self));
  g_return_if_fail (filter->month_to >= filter->month_from);

  memset (totals, 0, (filter->month_to - filter->month_from + 1) * sizeof (double));
  for_each_cell (self, filter, add_by_month, &months);
}

/**
 * ca_trade_growth:
 *
 * Returns: the change from @base to @current as a fraction (0.179 for
 *   +17.9 %), or NAN ("n/a") when there is no base to compare with
 */
double
ca_trade_growth (double current,
                 double base)
{
  if (!(base > 0) || !isfinite (current))
    return NAN;

  return current / base - 1.0;
}

/**
 * ca_trade_cube_growth:
 *
 * Returns: year-on-year growth of the filter's total against the same
 *   months a year earlier; NAN when those months are not all in the data
 *   or add up to nothing
 */
double
ca_trade_cube_growth (CaTradeCube         *self,
                      const CaTradeFilter *filter)
{
  CaTradeFilter base = *filter;

  g_return_val_if_fail (CA_IS_TRADE_CUBE (self), NAN);

  base.month_from -= 12;
  base.month_to -= 12;
  if (base.month_from < self->first_month)
    return NAN;

  return ca_trade_growth (ca_trade_cube_total (self, filter), ca_trade_cube_total (self, &base));
}

/**
 * ca_trade_parse_period:
 *
 * Parses "2025-01:2025-10" (or one month, "2025-03").
 */
gboolean
ca_trade_parse_period (const char *text,
                       int        *month_from,
                       int        *month_to)
{
  const char *colon;

  g_return_val_if_fail (text != NULL, FALSE);

  colon = strchr (text, ':');
  if (colon == NULL)
    {
      if (!parse_month (text, strlen (text), month_from))
        return FALSE;
      *month_to = *month_from;
      return TRUE;
    }

  return parse_month (text, colon - text, month_from) &&
         parse_month (colon + 1, strlen (colon + 1), month_to) &&
         *month_from <= *month_to;
}

char *
ca_trade_format_month (int month)
{
  return g_strdup_printf ("%04d-%02d", month / 12, month % 12 + 1);
}

/**
 * ca_trade_format_yuan:
 *
 * Returns: an amount of yuan for people: "¥1.35 trillion", "¥611.5
 *   billion"; in Chinese with the units Chinese figures use, 万亿 and 亿:
 *   "1.35万亿元", "611.5亿元"
 */
char *
ca_trade_format_yuan (double     value,
                      CaLanguage language)
{
  double magnitude = fabs (value);

  if (language == CA_LANGUAGE_CHINESE)
    {
      if (magnitude >= 1e12)
        return g_strdup_printf ("%.2f万亿元", value / 1e12);
      if (magnitude >= 1e8)
        return g_strdup_printf ("%.1f亿元", value / 1e8);
      if (magnitude >= 1e4)
        return g_strdup_printf ("%.1f万元", value / 1e4);
      return g_strdup_printf ("%.0f元", value);
    }

  if (magnitude >= 1e12)
    return g_strdup_printf ("¥%.2f trillion", value / 1e12);
  if (magnitude >= 1e9)
    return g_strdup_printf ("¥%.1f billion", value / 1e9);
  if (magnitude >= 1e6)
    return g_strdup_printf ("¥%.1f million", value / 1e6);
  return g_strdup_printf ("¥%.0f", value);
}

/**
 * ca_trade_format_growth:
 *
 * Returns: "+17.9 %" (Chinese: "+17.9%"), or "n/a" (不适用) without a base
 */
char *
ca_trade_format_growth (double     growth,
                        CaLanguage language)
{
  if (isnan (growth))
    return g_strdup (language == CA_LANGUAGE_CHINESE ? "不适用" : "n/a");

  return g_strdup_printf (language == CA_LANGUAGE_CHINESE ? "%+.1f%%" : "%+.1f %%", growth * 100);
}

/**
 * ca_trade_format_period:
 *
 * Returns: "Jan–Oct 2025", "Dec 2024–Feb 2025"; in Chinese "2025年1—10月"
 */
char *
ca_trade_format_period (int        month_from,
                        int        month_to,
                        CaLanguage language)
{
  static const char *months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  int year_from = month_from / 12, year_to = month_to / 12;
  int m_from = month_from % 12, m_to = month_to % 12;

  if (language == CA_LANGUAGE_CHINESE)
    {
      if (month_from == month_to)
        return g_strdup_printf ("%d年%d月", year_from, m_from + 1);
      if (year_from == year_to)
        return g_strdup_printf ("%d年%d—%d月", year_from, m_from + 1, m_to + 1);
      return g_strdup_printf ("%d年%d月—%d年%d月", year_from, m_from + 1, year_to, m_to + 1);
    }

  if (month_from == month_to)
    return g_strdup_printf ("%s %d", months[m_from], year_from);
  if (year_from == year_to)
    return g_strdup_printf ("%s–%s %d", months[m_from], months[m_to], year_from);
  return g_strdup_printf ("%s %d–%s %d", months[m_from], year_from, months[m_to], year_to);
}

/**
 * ca_trade_cube_dup_summary:
 * @name: what to call the source
 *
 * Returns: "trade.csv: 5 rows, 4 accepted, 1 rejected", the validation
 *   summary the panel and the command line show
 */
char *
ca_trade_cube_dup_summary (CaTradeCube *self,
                           const char  *name)
{
  g_autofree char *rows = NULL;
  g_autofree char *accepted = NULL;
  g_autofree char *rejected = NULL;

  g_return_val_if_fail (CA_IS_TRADE_CUBE (self), NULL);

  rows = g_strdup_printf ("%" G_GUINT64_FORMAT, self->n_rows);
  accepted = g_strdup_printf ("%" G_GUINT64_FORMAT, self->n_accepted);
  rejected = g_strdup_printf ("%" G_GUINT64_FORMAT, self->n_rows - self->n_accepted);

  /* translators: "trade.csv: 5 rows, 4 accepted, 1 rejected" */
  return g_strdup_printf (_("%s: %s rows, %s accepted, %s rejected"), name, rows, accepted, rejected);
}
