/* ca-trade-csv.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Part of the cube's implementation, so in its log domain. */
#define G_LOG_DOMAIN "ca-trade-cube"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#if defined(__SSE2__)
# include <emmintrin.h>
#endif

#include "ca-trade-csv-private.h"

/* Reads trade records from CSV text into a CaTradeCube.  This file also
 * holds the row loader that the table reader (ca-trade-table.c) feeds:
 * the columns from the header, the match caches, the parsing of fields,
 * the tallies and their merge, and the words for a rejected row.  Both
 * are in one file because the parser inlines the loader into its loop
 * over the records.
 *
 * CSV is read by a parser of our own (RFC 4180: quotes, doubled quotes,
 * newlines inside quotes, a BOM, CRLF) straight from the mapped file.  A
 * file that is not UTF-8 is taken as GB18030, the superset of GBK that
 * Chinese spreadsheets save.  Every row is accepted or rejected with its
 * line and the reason.
 *
 * A large CSV is parsed on every core.  The text after the header is cut
 * into one slice per thread, each starting after a newline, and each
 * thread adds its slice up on its own (match caches, sums, counts,
 * rejected rows with lines counted from the slice's start).  A cut may
 * fall inside a quoted field that holds newlines; that is found out
 * afterwards, without a second pass over the file: the parse is a
 * function of the position alone, so a slice was read right exactly
 * when the slice before it ended where it starts.  A slice that was not
 * is parsed again from where the one before ended.  The slices are then
 * merged in order, which gives the counts, the rejected rows and their
 * lines that one thread reading the file from the start gives.  Each
 * cell is summed with its rounding error, so the totals do not depend
 * on the cuts either.  Another thread touches the pages of a mapped file
 * ahead of the parse, so that a cold file streams from the disk.
 *
 * On each thread, a record without quotes (nearly all of them) is split
 * from bit masks of its commas and newlines, 64 bytes at a time; fields
 * are matched through caches keyed on their first and last eight bytes,
 * and plain decimals are read eight digits at a time, all without a
 * branch that depends on the length of a field.  Other records go
 * through a parser that steps from one comma, newline or quote to the
 * next.
 */

#define PADDING     24    /* bytes past a field's start that may be read: see key_words () */
#define PLAIN_BYTES 256   /* the longest record read_plain_record () reads */

/* Room for the fields of a record: read_plain_record () keeps them all
 * (a record of PLAIN_BYTES has at most as many), read_any_record () the
 * first MAX_FIELDS. */
#define FIELDS_ROOM (MAX_FIELDS + PLAIN_BYTES)

/* Entries in each match cache; up to half of them are used. */
#define CACHE_BITS  12
#define CACHE_SIZE  (1 << CACHE_BITS)

/* A CSV text shorter than this is parsed on the calling thread alone;
 * longer ones get a thread for every SLICE_MIN_BYTES, up to one per
 * core and MAX_THREADS.  CA_TRADE_THREADS, when set, gives the number
 * of slices (and threads) for a text of any size, for tests and
 * benchmarks; 1 parses on the calling thread. */
#define PARALLEL_MIN_BYTES (4 * 1024 * 1024)
#define SLICE_MIN_BYTES    (2 * 1024 * 1024)
#define MAX_THREADS        8
#define MAX_SLICES         64

/* A CSV text up to this size is checked line by line for lines in
 * another encoding (see to_utf8 ()). */
#define MIXED_ENCODING_MAX_BYTES (256 * 1024 * 1024)

/* Records between two checks for cancellation and progress reports. */
#define CHECK_EVERY 65536

/* The pages of a mapped file are touched ahead of the parse in pieces
 * of this size (see touch_pages ()). */
#define TOUCH_PIECE (1024 * 1024)

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

/* Raw field text → id, so each distinct spelling is matched once.  A key
 * is compared by its length and its first and last eight bytes, which
 * for a key of up to 16 bytes are the whole key.  Two entries to a cache
 * line. */
typedef struct
{
  guint64  head;
  guint64  tail;
  char    *key;      /* NULL in an empty slot */
  guint32  length;
  int      id;
} CacheEntry;

typedef struct
{
  _Alignas (64) CacheEntry entries[CACHE_SIZE];
  guint n_entries;
} MatchCache;

typedef enum
{
  ISSUE_COLUMNS,
  ISSUE_TOO_MANY_COLUMNS,
  ISSUE_MONTH,
  ISSUE_PROVINCE,
  ISSUE_PARTNER,
  ISSUE_MODE,
  ISSUE_DIRECTION,
  ISSUE_NUMBER,
  ISSUE_NEGATIVE,
} IssueKind;

/* A rejected row, put into words once its line is known: a slice counts
 * its lines from its own start. */
typedef struct
{
  IssueKind  kind;
  guint      line;
  guint      n_fields;
  double     value;
  char      *text;
} PendingIssue;

/* What one loader adds up, merged into the cube at the end.  A cell is a
 * sum and the rounding error of that sum (Knuth's TwoSum), so the totals
 * are the same however the records were shared between threads. */
typedef struct
{
  double  *slabs[N_MONTHS];   /* 2 × SLAB_CELLS: each cell's sum, then its error */
  int      first_month;
  int      last_month;
  guint    directions;
  guint64  n_rows;
  guint64  n_accepted;
  GArray  *issues;            /* PendingIssue */
  guint    max_issues;
  double  *pending;           /* a cell the last row adds to, with its value: */
  double   pending_value;     /* added by the next row, once it is in the cache */
} Tally;

/* The state of one thread's parse. */
struct _Loader
{
  const Schema *schema;
  MatchCache    provinces;
  MatchCache    partners;
  MatchCache    modes;
  MatchCache    directions;
  GString      *scratch;
  Tally         tally;
};

/* Adds @value to @sum, and the rounding error of that to @error. */
static inline void
add_exactly (double *sum,
             double *error,
             double  value)
{
  double s = *sum + value;
  double v = s - *sum;

  *error += (*sum - (s - v)) + (value - v);
  *sum = s;
}

static void
tally_init (Tally *tally,
            guint  max_issues)
{
  memset (tally, 0, sizeof *tally);
  tally->first_month = G_MAXINT;
  tally->last_month = G_MININT;
  tally->issues = g_array_new (FALSE, FALSE, sizeof (PendingIssue));
  tally->max_issues = max_issues;
}

static void
tally_clear (Tally *tally)
{
  for (guint m = 0; m < N_MONTHS; m++)
    g_free (tally->slabs[m]);

  for (guint i = 0; i < tally->issues->len; i++)
    g_free (g_array_index (tally->issues, PendingIssue, i).text);
  g_array_unref (tally->issues);
}

static inline void
tally_flush (Tally *tally)
{
  if (tally->pending != NULL)
    add_exactly (&tally->pending[0], &tally->pending[1], tally->pending_value);
  tally->pending = NULL;
}

/* The cells of a month are more than the processor's nearest caches
 * hold, and records come in no order: each cell is fetched while the
 * next row is parsed, and added to then. */
static inline void
tally_add (Tally       *tally,
           int          month,
           int          province,
           int          region,
           CaDirection  direction,
           CaMode       mode,
           double       value)
{
  double *slab = tally->slabs[month - FIRST_MONTH];
  double *cell;

  if (G_UNLIKELY (slab == NULL))
    slab = tally->slabs[month - FIRST_MONTH] = g_new0 (double, 2 * SLAB_CELLS);

  cell = slab + 2 * cell_index (province, region, direction, mode);
  __builtin_prefetch (cell, 1);
  tally_flush (tally);
  tally->pending = cell;
  tally->pending_value = value;

  tally->directions |= 1u << direction;
  tally->first_month = MIN (tally->first_month, month);
  tally->last_month = MAX (tally->last_month, month);
}

/* Where a row is: "line 12" in a CSV, "sheet “Trade”, row 12" in a
 * spreadsheet or table. */
static char *
location (const Schema *schema,
          guint         line)
{
  if (schema->sheet != NULL)
    return g_strdup_printf (_("sheet “%s”, row %u"), schema->sheet, line);

  return g_strdup_printf (_("line %u"), line);
}

/* The column a kind of issue is about, or -1. */
static int
issue_column (IssueKind kind)
{
  switch (kind)
    {
    case ISSUE_MONTH:
      return COLUMN_PERIOD;
    case ISSUE_PROVINCE:
      return COLUMN_PROVINCE;
    case ISSUE_PARTNER:
      return COLUMN_PARTNER;
    case ISSUE_MODE:
      return COLUMN_MODE;
    case ISSUE_DIRECTION:
      return COLUMN_DIRECTION;
    case ISSUE_NUMBER:
      return COLUMN_VALUE;
    case ISSUE_COLUMNS:
    case ISSUE_TOO_MANY_COLUMNS:
    case ISSUE_NEGATIVE:
    default:
      return -1;
    }
}

static char *
format_issue (const Schema       *schema,
              const PendingIssue *issue,
              guint               line)
{
  g_autofree char *where = location (schema, line);
  int column = issue_column (issue->kind);

  /* An empty cell: in a spreadsheet, most often the rows under a merged
   * cell, or a formula saved without its result. */
  if (column >= 0 && issue->text != NULL && issue->text[0] == '\0')
    {
      if (schema->sheet != NULL && column == COLUMN_VALUE)
        return g_strdup_printf (_("%s: the %s cell is empty (a formula saved without its result "
                                  "reads as empty)"), where, column_ids[column]);
      if (schema->sheet != NULL)
        return g_strdup_printf (_("%s: the %s cell is empty (of merged cells, only the first "
                                  "holds the value)"), where, column_ids[column]);
      return g_strdup_printf (_("%s: the %s is empty"), where, column_ids[column]);
    }

  switch (issue->kind)
    {
    case ISSUE_COLUMNS:
      return g_strdup_printf (_("%s: %u columns, the header has %u"), where, issue->n_fields,
                              schema->n_header);
    case ISSUE_TOO_MANY_COLUMNS:
      return g_strdup_printf (_("%s: more than %u columns"), where, MAX_FIELDS);
    case ISSUE_MONTH:
      return g_strdup_printf (_("%s: “%s” is not a month (YYYY-MM)"), where, issue->text);
    case ISSUE_PROVINCE:
      return g_strdup_printf (_("%s: unknown province “%s”"), where, issue->text);
    case ISSUE_PARTNER:
      return g_strdup_printf (_("%s: unknown partner “%s”"), where, issue->text);
    case ISSUE_MODE:
      return g_strdup_printf (_("%s: unknown mode “%s”"), where, issue->text);
    case ISSUE_DIRECTION:
      return g_strdup_printf (_("%s: unknown direction “%s” (export or import)"), where, issue->text);
    case ISSUE_NUMBER:
      return g_strdup_printf (_("%s: the value “%s” is not a number"), where, issue->text);
    case ISSUE_NEGATIVE:
      return g_strdup_printf (_("%s: the value %.15g is negative"), where, issue->value);
    default:
      g_assert_not_reached ();
    }
}

static char *
shown (const char *text,
       gsize       length)
{
  g_autofree char *raw = g_strndup (text, MIN (length, 60));

  return g_utf8_make_valid (raw, -1);
}

/* Kept out of line: rejected rows are rare, and the row loop stays small. */
static G_GNUC_NO_INLINE void
add_issue (Tally      *tally,
           IssueKind   kind,
           guint       line,
           const char *text,
           gsize       length,
           guint       n_fields,
           double      value)
{
  PendingIssue issue = { kind, line, n_fields, value, NULL };

  if (tally->issues->len >= tally->max_issues)
    return;

  if (text != NULL)
    issue.text = shown (text, length);
  g_array_append_val (tally->issues, issue);
}

/* Adds each tally to the cube, in the order of the text; @first_lines
 * gives the line that each one's line 0 is. */
void
_ca_trade_merge_tallies (CaTradeCube   *self,
                         const Schema  *schema,
                         Loader       **loaders,
                         const guint   *first_lines,
                         guint          n_loaders)
{
  for (guint k = 0; k < n_loaders; k++)
    tally_flush (&loaders[k]->tally);

  for (guint m = 0; m < N_MONTHS; m++)
    {
      gboolean any = FALSE;
      double *slab;

      for (guint k = 0; k < n_loaders; k++)
        any |= loaders[k]->tally.slabs[m] != NULL;
      if (!any)
        continue;

      slab = self->slabs[m];
      if (slab == NULL)
        slab = self->slabs[m] = g_new0 (double, SLAB_CELLS);

      for (guint i = 0; i < SLAB_CELLS; i++)
        {
          double sum = slab[i], error = 0;

          for (guint k = 0; k < n_loaders; k++)
            {
              const double *cells = loaders[k]->tally.slabs[m];

              if (cells != NULL)
                {
                  add_exactly (&sum, &error, cells[2 * i]);
                  error += cells[2 * i + 1];
                }
            }

          /* An infinite sum has no error to add. */
          slab[i] = isfinite (sum) ? sum + error : sum;
        }
    }

  for (guint k = 0; k < n_loaders; k++)
    {
      const Tally *tally = &loaders[k]->tally;

      self->n_rows += tally->n_rows;
      self->n_accepted += tally->n_accepted;
      self->directions |= tally->directions;
      self->first_month = MIN (self->first_month, tally->first_month);
      self->last_month = MAX (self->last_month, tally->last_month);

      for (guint i = 0; i < tally->issues->len && self->issues->len < MAX_ISSUES; i++)
        {
          const PendingIssue *pending = &g_array_index (tally->issues, PendingIssue, i);
          CaTradeIssue issue = { first_lines[k] + pending->line, NULL };

          issue.reason = format_issue (schema, pending, issue.line);
          g_array_append_val (self->issues, issue);
        }
    }
}

static inline guint64
load_64 (const char *p)
{
  guint64 word;

  memcpy (&word, p, sizeof word);
  return word;
}

/* Eight bytes, the first lowest. */
static inline guint64
load_le64 (const char *p)
{
  return GUINT64_FROM_LE (load_64 (p));
}

/* 0x80 in each byte of @word that is @c, else 0. */
static inline guint64
bytes_equal (guint64 word,
             guint8  c)
{
  guint64 x = word ^ (0x0101010101010101ull * c);

  return ~(((x & 0x7f7f7f7f7f7f7f7full) + 0x7f7f7f7f7f7f7f7full) | x) & 0x8080808080808080ull;
}

/* 0x80 in each byte of @word that is not an ASCII digit, else 0. */
static inline guint64
bytes_not_digits (guint64 word)
{
  guint64 x = word ^ 0x3030303030303030ull;

  return (((x & 0x7f7f7f7f7f7f7f7full) + 0x7676767676767676ull) | x) & 0x8080808080808080ull;
}

/* All ones in the first @n bytes (0 to 8) of a word. */
static inline guint64
first_bytes (guint n)
{
  guint half = 4 * n;

  return ((guint64)1 << half << half) - 1;
}

/* The first and the last eight bytes of a key, the first byte lowest:
 * with the length, the whole key when it is no longer than 16 bytes.  A
 * shorter key is all in @head, and @tail is 0.  Reads only the key,
 * unless @padded says that the text has eight bytes to read before the
 * key's end and PADDING bytes from its start: then it reads them whatever the
 * length, with no branch to mispredict. */
static inline G_ALWAYS_INLINE void
key_words (const char *text,
           gsize       length,
           gboolean    padded,
           guint64    *head,
           guint64    *tail)
{
  guint64 first, last;

  if (padded)
    {
      first = load_le64 (text);
      last = load_le64 (text + length - 8);
      *head = first & first_bytes (MIN (length, 8));
      *tail = last & -(guint64)(length >= 8);
    }
  else if (length >= 8)
    {
      *head = load_le64 (text);
      *tail = load_le64 (text + length - 8);
    }
  else
    {
      first = 0;
      for (gsize i = 0; i < length; i++)
        first |= (guint64)(guint8)text[i] << (8 * i);
      *head = first;
      *tail = 0;
    }
}

static inline G_ALWAYS_INLINE guint
key_slot (const char *text,
          gsize       length,
          guint64     head,
          guint64     tail)
{
  guint64 hash = (head * 0x9e3779b97f4a7c15ull ^ (tail + length)) * 0xc2b2ae3d27d4eb4full;

  /* The middle of a long key. */
  if (G_UNLIKELY (length > 16))
    for (gsize i = 8; i + 8 < length; i += 8)
      hash = (hash ^ load_64 (text + i)) * 0x9e3779b97f4a7c15ull;

  /* The top bits are the best mixed. */
  return hash >> (64 - CACHE_BITS);
}

static G_GNUC_NO_INLINE int
cache_miss (MatchCache *cache,
            CacheEntry *entry,
            const char *text,
            gsize       length,
            guint64     head,
            guint64     tail,
            int       (*match) (char *text))
{
  /* The matchers trim their argument in place: give them a copy. */
  g_autofree char *copy = g_strndup (text, length);
  int id = match (copy);

  /* Keep the table at most half full; beyond that, match uncached. */
  if (cache->n_entries < CACHE_SIZE / 2 && length <= G_MAXUINT32)
    {
      entry->head = head;
      entry->tail = tail;
      entry->length = length;
      entry->key = g_malloc (length + 1);
      memcpy (entry->key, text, length);
      entry->key[length] = '\0';
      entry->id = id;
      cache->n_entries++;
    }

  return id;
}

/* Looks @text up in @cache; on a miss, @match decides and is remembered.
 * Returns the id (or -1 for text that matches nothing). */
static inline G_ALWAYS_INLINE int
cached_match (MatchCache *cache,
              const char *text,
              gsize       length,
              gboolean    padded,
              int       (*match) (char *text))
{
  guint64 head, tail;
  guint slot;

  key_words (text, length, padded, &head, &tail);
  slot = key_slot (text, length, head, tail);

  for (;;)
    {
      CacheEntry *entry = &cache->entries[slot];

      /* Up to 24 bytes, the bytes in the middle are one word more. */
      if (G_LIKELY (entry->head == head && entry->tail == tail && entry->length == length &&
                    entry->key != NULL &&
                    (length <= 16 ||
                     (length <= 24 ? load_64 (entry->key + 8) == load_64 (text + 8)
                                   : memcmp (entry->key, text, length) == 0))))
        return entry->id;

      if (entry->key == NULL)
        return cache_miss (cache, entry, text, length, head, tail, match);

      slot = (slot + 1) & (CACHE_SIZE - 1);
    }
}

static void
match_cache_clear (MatchCache *cache)
{
  for (guint i = 0; i < G_N_ELEMENTS (cache->entries); i++)
    g_free (cache->entries[i].key);
}

static int
match_direction (char *text)
{
  return ca_trade_match_direction (g_strstrip (text));
}

static int
match_province (char *text)
{
  return ca_trade_match_province (g_strstrip (text));
}

/* Returns the region. */
static int
match_partner (char *text)
{
  int region, country;

  if (!ca_trade_match_partner (g_strstrip (text), &region, &country))
    return -1;

  return region;
}

static int
match_mode (char *text)
{
  return ca_trade_match_mode (g_strstrip (text));
}

static inline gboolean
is_digit (char c)
{
  return (guint)(c - '0') < 10;
}

static gboolean
parse_any_month (const char *text,
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

static inline G_ALWAYS_INLINE gboolean
parse_month (const char *text,
             gsize       length,
             int        *month)
{
  int year, value;

  /* 2025-03, as nearly every record has it. */
  if (G_UNLIKELY (!(length == 7 && text[4] == '-' &&
                    is_digit (text[0]) && is_digit (text[1]) && is_digit (text[2]) &&
                    is_digit (text[3]) && is_digit (text[5]) && is_digit (text[6]))))
    return parse_any_month (text, length, month);

  year = ((text[0] - '0') * 10 + (text[1] - '0')) * 100 + (text[2] - '0') * 10 + (text[3] - '0');
  value = (text[5] - '0') * 10 + (text[6] - '0');
  if (value < 1 || value > 12 || year < 1990 || year >= 1990 + 120)
    return FALSE;

  *month = CA_MONTH (year, value);
  return TRUE;
}

/* Numbers with thousands separators, exponents and the like. */
static G_GNUC_NO_INLINE gboolean
parse_number_slowly (const char *text,
                     gsize       length,
                     double     *number)
{
  char buffer[64];
  gsize n = 0, i;
  char *end;

  for (i = 0; i < length && n + 1 < sizeof buffer; i++)
    if (text[i] != ',' && text[i] != ' ' && text[i] != '\r')
      buffer[n++] = text[i];
  buffer[n] = '\0';
  /* Too long to be a value: not the number its first digits make. */
  if (n == 0 || i < length)
    return FALSE;

  *number = g_ascii_strtod (buffer, &end);
  return *end == '\0' && isfinite (*number);
}

/* n / 10 and n / 100 for n below 10 and 100, folded by the compiler
 * exactly as the division rounds at run time. */
#define TEN_OVER(b, d) \
  (b + 0) / d, (b + 1) / d, (b + 2) / d, (b + 3) / d, (b + 4) / d, \
  (b + 5) / d, (b + 6) / d, (b + 7) / d, (b + 8) / d, (b + 9) / d

static const double tenths[10] = { TEN_OVER (0.0, 10.0) };
static const double hundredths[100] = {
  TEN_OVER (0.0, 100.0), TEN_OVER (10.0, 100.0), TEN_OVER (20.0, 100.0), TEN_OVER (30.0, 100.0),
  TEN_OVER (40.0, 100.0), TEN_OVER (50.0, 100.0), TEN_OVER (60.0, 100.0), TEN_OVER (70.0, 100.0),
  TEN_OVER (80.0, 100.0), TEN_OVER (90.0, 100.0),
};

#undef TEN_OVER

/* The number that @n digits (0 to 8) at @text make, eight bytes of
 * which are read. */
static inline guint64
some_digits (const char *text,
             guint       n)
{
  guint half = 4 * (8 - n);
  guint64 x = (load_le64 (text) & 0x0f0f0f0f0f0f0f0full) << half << half;

  /* Pairs of digits, then fours, then the eight. */
  x = x * 10 + (x >> 8);
  return (((x & 0x000000ff000000ffull) * (100 + (1000000ull << 32))) +
          (((x >> 16) & 0x000000ff000000ffull) * (1 + (10000ull << 32)))) >> 32;
}

/* Digits with a decimal point or none, up to 16 characters and eight
 * decimals, as nearly all values are: checked and added up eight at a
 * time, with no branch for each digit.  Reads PADDING bytes from @text
 * whatever the length.  Returns FALSE for anything else. */
static inline G_ALWAYS_INLINE gboolean
parse_plain_number (const char *text,
                    gsize       length,
                    guint64    *whole,
                    guint64    *fraction,
                    guint      *n_fraction)
{
  static const guint64 powers[] = { 1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000 };
  guint64 first, second, in_first, in_second, dots_first, dots_second;
  guint n_whole;

  if (length == 0 || length > 16)
    return FALSE;

  first = load_le64 (text);
  second = load_le64 (text + 8);
  in_first = first_bytes (MIN (length, 8)) & 0x8080808080808080ull;
  in_second = first_bytes (length - MIN (length, 8)) & 0x8080808080808080ull;
  dots_first = bytes_equal (first, '.') & in_first;
  dots_second = bytes_equal (second, '.') & in_second;

  if (((bytes_not_digits (first) & in_first & ~dots_first) |
       (bytes_not_digits (second) & in_second & ~dots_second)) != 0)
    return FALSE;

  if ((dots_first | dots_second) == 0)
    {
      n_whole = length;
      *n_fraction = 0;
      *fraction = 0;
    }
  else
    {
      /* One point, at most eight decimals, and a digit somewhere. */
      if ((dots_first & (dots_first - 1)) != 0 || (dots_second & (dots_second - 1)) != 0 ||
          (dots_first != 0 && dots_second != 0) || length == 1)
        return FALSE;

      n_whole = dots_first != 0 ? __builtin_ctzll (dots_first) / 8 : 8 + __builtin_ctzll (dots_second) / 8;
      *n_fraction = length - n_whole - 1;
      if (*n_fraction > 8)
        return FALSE;
      *fraction = some_digits (text + n_whole + 1, *n_fraction);
    }

  if (n_whole <= 8)
    *whole = some_digits (text, n_whole);
  else
    *whole = some_digits (text, 8) * powers[n_whole - 8] + some_digits (text + 8, n_whole - 8);

  return TRUE;
}

/* whole + fraction / 10^n_fraction, in doubles, in that order. */
static inline double
decimal_value (guint64 whole,
               guint64 fraction,
               guint   n_fraction)
{
  static const double powers[] = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9 };
  double value = (double)whole;

  if (n_fraction == 2)
    value += hundredths[fraction];
  else if (n_fraction == 1)
    value += tenths[fraction];
  else if (n_fraction > 0)
    value += (double)fraction / powers[n_fraction];

  return value;
}

/* A number: plain digits with an optional sign and decimals on the fast
 * path, anything else (thousands separators, exponents) through
 * g_ascii_strtod.  @padded: whether PADDING bytes can be read from
 * @text. */
static inline G_ALWAYS_INLINE gboolean
parse_number (const char *text,
              gsize       length,
              gboolean    padded,
              double     *number)
{
  const char *s = text, *end = text + length, *digits;
  guint64 whole = 0, fraction = 0;
  gsize n_whole, n_fraction = 0;
  gboolean negative = FALSE;
  guint n_decimals;

  if (padded && parse_plain_number (text, length, &whole, &fraction, &n_decimals))
    {
      *number = decimal_value (whole, fraction, n_decimals);
      return TRUE;
    }

  while (s < end && *s == ' ')
    s++;
  if (s < end && (*s == '-' || *s == '+'))
    negative = *s++ == '-';
  for (digits = s; s < end && is_digit (*s); s++)
    whole = whole * 10 + (guint64)(*s - '0');
  n_whole = s - digits;
  if (s < end && *s == '.')
    {
      for (digits = ++s; s < end && is_digit (*s); s++)
        fraction = fraction * 10 + (guint64)(*s - '0');
      n_fraction = s - digits;
    }
  while (s < end && (*s == ' ' || *s == '\r'))
    s++;

  /* Plain decimals, the usual case, in integers: exact and quick.  (Up
   * to 18 digits and 9 decimals, which cannot overflow.) */
  if (G_LIKELY (s == end && n_whole <= 18 && n_fraction <= 9 && n_whole + n_fraction > 0))
    {
      double value = decimal_value (whole, fraction, n_fraction);

      *number = negative ? -value : value;
      return TRUE;
    }

  return parse_number_slowly (text, length, number);
}

/* @padded: whether the text has eight bytes to read before the end of
 * each field and PADDING bytes from its start (see key_words ()). */
static inline G_ALWAYS_INLINE void
process_row (Loader      *loader,
             const char **fields,
             const gsize *lengths,
             guint        n_fields,
             gboolean     padded,
             guint        line)
{
  const Schema *schema = loader->schema;
  Tally *tally = &loader->tally;
  int month, province, region, mode, direction = CA_DIRECTION_UNSPECIFIED;
  double value;

  tally->n_rows++;

  if (G_UNLIKELY (n_fields < schema->min_fields))
    {
      add_issue (tally, ISSUE_COLUMNS, line, NULL, 0, n_fields, 0);
      return;
    }

#define FIELD(c) fields[schema->columns[c]], lengths[schema->columns[c]]

  if (G_UNLIKELY (!parse_month (FIELD (COLUMN_PERIOD), &month)))
    {
      add_issue (tally, ISSUE_MONTH, line, FIELD (COLUMN_PERIOD), 0, 0);
      return;
    }

  province = cached_match (&loader->provinces, FIELD (COLUMN_PROVINCE), padded, match_province);
  if (G_UNLIKELY (province < 0))
    {
      add_issue (tally, ISSUE_PROVINCE, line, FIELD (COLUMN_PROVINCE), 0, 0);
      return;
    }

  region = cached_match (&loader->partners, FIELD (COLUMN_PARTNER), padded, match_partner);
  if (G_UNLIKELY (region < 0))
    {
      add_issue (tally, ISSUE_PARTNER, line, FIELD (COLUMN_PARTNER), 0, 0);
      return;
    }

  mode = cached_match (&loader->modes, FIELD (COLUMN_MODE), padded, match_mode);
  if (G_UNLIKELY (mode < 0))
    {
      add_issue (tally, ISSUE_MODE, line, FIELD (COLUMN_MODE), 0, 0);
      return;
    }

  if (schema->columns[COLUMN_DIRECTION] >= 0)
    {
      direction = cached_match (&loader->directions, FIELD (COLUMN_DIRECTION), padded, match_direction);
      if (G_UNLIKELY (direction < 0))
        {
          add_issue (tally, ISSUE_DIRECTION, line, FIELD (COLUMN_DIRECTION), 0, 0);
          return;
        }
    }

  if (G_UNLIKELY (!parse_number (FIELD (COLUMN_VALUE), padded, &value)))
    {
      add_issue (tally, ISSUE_NUMBER, line, FIELD (COLUMN_VALUE), 0, 0);
      return;
    }
  if (G_UNLIKELY (value < 0))
    {
      add_issue (tally, ISSUE_NEGATIVE, line, NULL, 0, 0, value);
      return;
    }

#undef FIELD

  tally_add (tally, month, province, region, direction, mode, value);
  tally->n_accepted++;
}

gboolean
_ca_trade_map_header (Schema      *schema,
                      const char **fields,
                      const gsize *lengths,
                      guint        n_fields,
                      GError     **error)
{
  g_autoptr(GString) missing = g_string_new (NULL);

  schema->n_header = n_fields;
  schema->min_fields = 0;
  for (guint c = 0; c < N_COLUMNS; c++)
    {
      schema->columns[c] = -1;

      for (guint f = 0; f < n_fields && schema->columns[c] < 0; f++)
        {
          g_autofree char *raw = g_strndup (fields[f], lengths[f]);
          const char *name = g_strstrip (raw);

          for (guint k = 0; column_names[c][k] != NULL; k++)
            if (g_ascii_strcasecmp (name, column_names[c][k]) == 0)
              schema->columns[c] = f;
        }

      if (schema->columns[c] < 0 && c < N_REQUIRED_COLUMNS)
        g_string_append_printf (missing, "%s“%s”", missing->len > 0 ? ", " : "", column_ids[c]);
      schema->min_fields = MAX (schema->min_fields, (guint)(schema->columns[c] + 1));
    }

  if (missing->len > 0)
    {
      g_set_error (error, CA_TRADE_ERROR, CA_TRADE_ERROR_COLUMNS,
                   _("“%s” has no %s column; trade records need period, province, partner, "
                     "mode and value_cny"),
                   schema->name, missing->str);
      return FALSE;
    }

  return TRUE;
}

Loader *
_ca_trade_loader_new (const Schema *schema,
                      guint         max_issues)
{
  /* Large (four match caches), so on the heap, with the caches' entries
   * on cache lines. */
  Loader *loader = g_aligned_alloc0 (1, sizeof (Loader), 64);

  loader->schema = schema;
  loader->scratch = g_string_new (NULL);
  tally_init (&loader->tally, max_issues);

  return loader;
}

void
_ca_trade_loader_free (Loader *loader)
{
  match_cache_clear (&loader->provinces);
  match_cache_clear (&loader->partners);
  match_cache_clear (&loader->modes);
  match_cache_clear (&loader->directions);
  g_string_free (loader->scratch, TRUE);
  tally_clear (&loader->tally);
  g_aligned_free (loader);
}

/* Forgets what the loader added up (its caches stay). */
static void
loader_reset (Loader *loader)
{
  guint max_issues = loader->tally.max_issues;

  tally_clear (&loader->tally);
  tally_init (&loader->tally, max_issues);
}

/* For the table reader, whose fields are not padded. */
void
_ca_trade_loader_add_row (Loader      *loader,
                          const char **fields,
                          const gsize *lengths,
                          guint        n_fields,
                          guint        line)
{
  process_row (loader, fields, lengths, n_fields, FALSE, line);
}

/* For ca_trade_parse_period (). */
gboolean
_ca_trade_parse_month (const char *text,
                       gsize       length,
                       int        *month)
{
  return parse_month (text, length, month);
}

#if !defined(__SSE2__)
/* The top bit of each byte of @word, as the eight bits of a byte. */
static inline guint64
gather_bytes (guint64 word)
{
  return ((word >> 7) * 0x0102040810204080ull) >> 56;
}
#endif

/* Reads records.  Its position is all the state there is: the same text
 * from the same position always gives the same records. */
typedef struct
{
  const char *text;      /* the start of the whole text */
  const char *p;         /* where the next record starts */
  const char *end;
  guint       line;      /* the newlines passed */
  GString    *scratch;

  /* Within read_any_record (): 64 bytes of the text, and a bit for each
   * ',', '\n' and '"' in them not yet passed. */
  const char *block;
  guint64     bits;
} Reader;

static inline void
reader_init (Reader     *reader,
             const char *text,
             const char *start,
             const char *end,
             GString    *scratch)
{
  memset (reader, 0, sizeof *reader);
  reader->text = text;
  reader->p = start;
  reader->end = end;
  reader->scratch = scratch;
}

/* The ',', '\n' and '"' among the 64 bytes at @p, a bit for each byte,
 * the first byte in the lowest bit. */
static inline G_ALWAYS_INLINE void
find_specials (const char *p,
               guint64    *commas,
               guint64    *newlines,
               guint64    *quotes)
{
#if defined(__SSE2__)
  const __m128i comma = _mm_set1_epi8 (','), newline = _mm_set1_epi8 ('\n'), quote = _mm_set1_epi8 ('"');
  __m128i bytes[4];

  for (guint i = 0; i < 4; i++)
    bytes[i] = _mm_loadu_si128 ((const __m128i *)(const void *)(p + 16 * i));

  *commas = 0;
  *newlines = 0;
  for (guint i = 0; i < 4; i++)
    {
      *commas |= (guint64)(guint)_mm_movemask_epi8 (_mm_cmpeq_epi8 (bytes[i], comma)) << (16 * i);
      *newlines |= (guint64)(guint)_mm_movemask_epi8 (_mm_cmpeq_epi8 (bytes[i], newline)) << (16 * i);
    }

  /* Quotes are rare: one test for all 64 bytes first. */
  *quotes = 0;
  if (_mm_movemask_epi8 (_mm_or_si128 (_mm_or_si128 (_mm_cmpeq_epi8 (bytes[0], quote),
                                                     _mm_cmpeq_epi8 (bytes[1], quote)),
                                       _mm_or_si128 (_mm_cmpeq_epi8 (bytes[2], quote),
                                                     _mm_cmpeq_epi8 (bytes[3], quote)))) != 0)
    for (guint i = 0; i < 4; i++)
      *quotes |= (guint64)(guint)_mm_movemask_epi8 (_mm_cmpeq_epi8 (bytes[i], quote)) << (16 * i);
#else
  /* Eight bytes at a time, in the bits of a word. */
  *commas = 0;
  *newlines = 0;
  *quotes = 0;
  for (guint i = 0; i < 8; i++)
    {
      guint64 word = load_le64 (p + 8 * i);

      *commas |= gather_bytes (bytes_equal (word, ',')) << (8 * i);
      *newlines |= gather_bytes (bytes_equal (word, '\n')) << (8 * i);
      *quotes |= gather_bytes (bytes_equal (word, '"')) << (8 * i);
    }
#endif
}

/* A bit for each ',', '\n' and '"' in the 64 bytes at @p (the bytes up
 * to @end, if fewer). */
static inline guint64
special_bits (const char *p,
              const char *end)
{
  char padded[64];
  guint64 commas, newlines, quotes;

  if (end - p < 64)
    {
      memset (padded, 0, sizeof padded);
      memcpy (padded, p, end - p);
      p = padded;
    }

  find_specials (p, &commas, &newlines, &quotes);
  return commas | newlines | quotes;
}

/* Reads a record without quotes that ends within the next 256 bytes of
 * the text, as nearly all do: from the commas and newlines of 64 bytes
 * at a time, with no branch for each byte.  Returns FALSE, having read
 * nothing, for any other record. */
static inline G_ALWAYS_INLINE gboolean
read_plain_record (Reader      *reader,
                   const char **fields,
                   gsize       *lengths,
                   guint       *n_fields)
{
  const char *p = reader->p;
  gsize start = 0;
  guint n = 0;

  /* Where the next records start depends on this one: without a hint,
   * the processor would wait for each one's text in turn. */
  __builtin_prefetch (p + 2048);

  for (gsize base = 0; base < PLAIN_BYTES; base += 64)
    {
      guint64 commas, newlines, quotes, before;

      /* PADDING bytes more, so that fields can be read past their end
       * (see key_words ()). */
      if (reader->end - (p + base) < 64 + PADDING)
        return FALSE;

      find_specials (p + base, &commas, &newlines, &quotes);
      before = newlines != 0 ? (newlines & -newlines) - 1 : G_MAXUINT64;
      if (G_UNLIKELY ((quotes & before) != 0))
        return FALSE;

      commas &= before;
      while (commas != 0)
        {
          gsize at = base + __builtin_ctzll (commas);

          fields[n] = p + start;
          lengths[n] = at - start - (at > start && p[at - 1] == '\r');
          n++;
          start = at + 1;
          commas &= commas - 1;
        }

      if (newlines != 0)
        {
          gsize at = base + __builtin_ctzll (newlines);

          fields[n] = p + start;
          lengths[n] = at - start - (at > start && p[at - 1] == '\r');
          *n_fields = n + 1;

          reader->p = p + at + 1;
          reader->line++;
          return TRUE;
        }
    }

  return FALSE;
}

/* The next ',', '\n' or '"', or the end of the text. */
static inline G_ALWAYS_INLINE const char *
next_special (Reader *reader)
{
  const char *at;

  while (reader->bits == 0)
    {
      if (reader->end - reader->block <= 64)
        return reader->end;
      reader->block += 64;
      reader->bits = special_bits (reader->block, reader->end);
    }

  at = reader->block + __builtin_ctzll (reader->bits);
  reader->bits &= reader->bits - 1;
  return at;
}

/* Appends a quoted field to @scratch: its text with doubled quotes made
 * single, then any text after the closing quote but carriage returns.
 * Returns where it starts in @scratch. */
static gsize
unquote (GString    *scratch,
         const char *text,
         const char *text_end,
         const char *after,
         const char *after_end)
{
  gsize offset = scratch->len;

  for (const char *s = text; s < text_end; s++)
    {
      g_string_append_c (scratch, *s);
      if (*s == '"')
        s++;
    }
  for (const char *s = after; s < after_end; s++)
    if (*s != '\r')
      g_string_append_c (scratch, *s);

  return offset;
}

/* Reads any record, going from one ',', '\n' or '"' to the next.
 * Quoted fields point into the text, or into the scratch buffer when
 * they have doubled quotes or text after the closing quote. */
static G_GNUC_NO_INLINE void
read_any_record (Reader      *reader,
                 const char **fields,
                 gsize       *lengths,
                 guint       *n_fields)
{
  const char *end = reader->end;
  const char *field = reader->p, *at;
  guint64 copied = 0;
  gboolean scratch_used = FALSE;
  guint n = 0;

  reader->block = reader->p;
  reader->bits = special_bits (reader->p, end);

  for (;;)
    {
      const char *text;
      gsize length;

      at = next_special (reader);

      if (at < end && at == field && *at == '"')
        {
          const char *open = at, *close = NULL;
          gboolean doubled = FALSE;
          guint lines = 0;

          for (;;)
            {
              at = next_special (reader);
              if (at == end)
                break;
              if (*at == '\n')
                lines++;
              else if (*at == '"')
                {
                  if (at + 1 < end && at[1] == '"')
                    {
                      doubled = TRUE;
                      next_special (reader);
                      continue;
                    }
                  close = at;
                  break;
                }
            }

          if (close == NULL)
            {
              /* No closing quote: the field is the rest of the text. */
              text = open + 1;
              length = end - text;
              if (doubled)
                {
                  if (!scratch_used)
                    g_string_truncate (reader->scratch, 0);
                  scratch_used = TRUE;
                  text = GSIZE_TO_POINTER (unquote (reader->scratch, open + 1, end, end, end));
                  length = reader->scratch->len - GPOINTER_TO_SIZE (text);
                  if (n < MAX_FIELDS)
                    copied |= (guint64)1 << n;
                }
            }
          else
            {
              const char *after = close + 1;
              gboolean plain = !doubled;

              reader->line += lines;

              /* Text after the closing quote belongs to the field too,
               * quotes and all. */
              do
                at = next_special (reader);
              while (at < end && *at == '"');

              for (const char *s = after; s < at && plain; s++)
                plain = *s == '\r';

              text = open + 1;
              length = close - text;
              if (!plain)
                {
                  if (!scratch_used)
                    g_string_truncate (reader->scratch, 0);
                  scratch_used = TRUE;
                  text = GSIZE_TO_POINTER (unquote (reader->scratch, open + 1, close, after, at));
                  length = reader->scratch->len - GPOINTER_TO_SIZE (text);
                  if (n < MAX_FIELDS)
                    copied |= (guint64)1 << n;
                }
            }
        }
      else
        {
          /* A quote inside an unquoted field is text. */
          while (at < end && *at == '"')
            at = next_special (reader);

          text = field;
          length = at - field;
          if (length > 0 && text[length - 1] == '\r')
            length--;
        }

      if (n < MAX_FIELDS)
        {
          fields[n] = text;
          lengths[n] = length;
        }
      n++;

      if (at < end && *at == ',')
        {
          field = at + 1;
          continue;
        }
      break;
    }

  reader->p = at < end ? at + 1 : end;
  reader->line++;

  /* The scratch buffer is complete: point into it. */
  while (copied != 0)
    {
      guint f = __builtin_ctzll (copied);

      fields[f] = reader->scratch->str + GPOINTER_TO_SIZE (fields[f]);
      copied &= copied - 1;
    }

  *n_fields = n;
}

/* Reads the next record that starts before @limit, past blank lines (as
 * spreadsheets leave).  @n_fields may be more than MAX_FIELDS: only the
 * first MAX_FIELDS count.  @padded tells whether the text has eight bytes
 * to read before the end of each field and PADDING bytes from its start.
 * @record_line counts the newlines before the record.  Returns FALSE when
 * no record starts before @limit. */
static inline G_ALWAYS_INLINE gboolean
read_record (Reader      *reader,
             const char  *limit,
             const char **fields,
             gsize       *lengths,
             guint       *n_fields,
             gboolean    *padded,
             guint       *record_line)
{
  const char *p;

  for (;;)
    {
      p = reader->p;
      if (p >= limit)
        return FALSE;

      if (G_LIKELY (*p != '\n' && *p != '\r'))
        break;
      if (*p == '\n')
        reader->p = p + 1;
      else if (p + 1 < reader->end && p[1] == '\n')
        reader->p = p + 2;
      else
        break;

      /* A blank line. */
      reader->line++;
    }

  *record_line = reader->line;

  *padded = p - reader->text >= 8 && read_plain_record (reader, fields, lengths, n_fields);
  if (!*padded)
    read_any_record (reader, fields, lengths, n_fields);

  return TRUE;
}

typedef struct _Parse Parse;

/* A part of the text that one thread parses: the records that start in
 * [start, limit). */
typedef struct
{
  Parse       *parse;
  Loader      *loader;
  const char  *start;
  const char  *limit;
  const char  *stop;      /* where its last record ends */
  guint        n_lines;   /* the newlines from start to stop */
  gint         done;      /* KiB parsed, set atomically */
  gboolean     cancelled;
  GThread     *thread;
} Slice;

struct _Parse
{
  const char    *data;
  const char    *end;
  gsize          header_length;
  Slice          slices[MAX_SLICES];
  guint          n_slices;
  GCancellable  *cancellable;
  GMutex         mutex;
  GCond          cond;
  guint          n_running;
  gint           stop_touching;
};

/* Called on the loading thread only. */
static void
report_progress (Parse          *parse,
                 CaProgressFunc  progress,
                 gpointer        progress_data)
{
  gsize done = parse->header_length;

  for (guint k = 0; k < parse->n_slices; k++)
    done += (gsize)g_atomic_int_get (&parse->slices[k].done) * 1024;

  progress (MIN ((double)done / (parse->end - parse->data), 1.0), progress_data);
}

/* Only the slice's own thread sets it; a slice parsed again does not
 * take the progress back. */
static void
slice_set_done (Slice      *slice,
                const char *at)
{
  gint done = MIN ((gsize)(MAX (at, slice->start) - slice->start) / 1024, G_MAXINT);

  if (done > g_atomic_int_get (&slice->done))
    g_atomic_int_set (&slice->done, done);
}

/* @progress is only given on the loading thread. */
static void
parse_slice (Slice          *slice,
             CaProgressFunc  progress,
             gpointer        progress_data)
{
  Parse *parse = slice->parse;
  Loader *loader = slice->loader;
  const char *fields[FIELDS_ROOM];
  gsize lengths[FIELDS_ROOM];
  guint n_fields, line, records = 0;
  gboolean padded;
  Reader reader;

  reader_init (&reader, parse->data, slice->start, parse->end, loader->scratch);

  if (g_cancellable_is_cancelled (parse->cancellable))
    {
      slice->cancelled = TRUE;
      slice->stop = slice->start;
      slice->n_lines = 0;
      return;
    }

  while (read_record (&reader, slice->limit, fields, lengths, &n_fields, &padded, &line))
    {
      if (G_UNLIKELY (n_fields > MAX_FIELDS))
        {
          loader->tally.n_rows++;
          add_issue (&loader->tally, ISSUE_TOO_MANY_COLUMNS, line, NULL, 0, 0, 0);
        }
      else
        process_row (loader, fields, lengths, n_fields, padded, line);

      if (G_UNLIKELY (++records % CHECK_EVERY == 0))
        {
          slice_set_done (slice, reader.p);
          if (g_cancellable_is_cancelled (parse->cancellable))
            {
              slice->cancelled = TRUE;
              break;
            }
          if (progress != NULL)
            report_progress (parse, progress, progress_data);
        }
    }

  slice->stop = reader.p;
  slice->n_lines = reader.line;
  slice_set_done (slice, reader.p);
}

static gpointer
parse_slice_thread (gpointer data)
{
  Slice *slice = data;
  Parse *parse = slice->parse;

  parse_slice (slice, NULL, NULL);

  g_mutex_lock (&parse->mutex);
  parse->n_running--;
  g_cond_signal (&parse->cond);
  g_mutex_unlock (&parse->mutex);

  return NULL;
}

/* A file read through its map comes from the disk a page fault at a
 * time, and the thread that faults waits for the disk, then parses
 * while the disk waits.  This thread only touches the pages ahead of
 * where each slice's parse is, so that the disk reads the file without
 * a break.  (On a file in the page cache, it only maps the pages a
 * little earlier.) */
static gpointer
touch_pages (gpointer data)
{
  Parse *parse = data;
  guint sum = 0;

  for (gsize offset = 0; !g_atomic_int_get (&parse->stop_touching); offset += TOUCH_PIECE)
    {
      gboolean more = FALSE;

      for (guint k = 0; k < parse->n_slices; k++)
        {
          Slice *slice = &parse->slices[k];
          const char *parsed = slice->start + (gsize)g_atomic_int_get (&slice->done) * 1024;
          const char *from = MAX (slice->start + MIN (offset, (gsize)(slice->limit - slice->start)), parsed);
          const char *to = MIN (from + TOUCH_PIECE, slice->limit);

          more |= from < slice->limit;
          for (const char *p = from; p < to; p += 4096)
            sum += *(volatile const char *)p;
        }

      if (!more)
        break;
    }

  return GUINT_TO_POINTER (sum);
}

static guint
count_slices (gsize length)
{
  const char *forced = g_getenv ("CA_TRADE_THREADS");

  if (forced != NULL && forced[0] != '\0')
    return CLAMP (g_ascii_strtoull (forced, NULL, 10), 1, MAX_SLICES);

  if (length < PARALLEL_MIN_BYTES)
    return 1;

  return CLAMP (length / SLICE_MIN_BYTES, 1, MIN (g_get_num_processors (), MAX_THREADS));
}

/* Parses CSV text into the cube: the header on this thread, then the
 * records in slices, on as many threads.  @mapped: whether the text is a
 * mapped file, which may not be in memory yet. */
static gboolean
parse_csv (CaTradeCube     *self,
           const char      *data,
           gsize            length,
           const char      *name,
           gboolean         mapped,
           CaProgressFunc   progress,
           gpointer         progress_data,
           GCancellable    *cancellable,
           GError         **error)
{
  GThread *toucher = NULL;
  const char *end = data + length, *body, *at;
  Schema schema = { name, NULL, { 0 }, 0, 0 };
  Loader *loaders[MAX_SLICES];
  guint first_lines[MAX_SLICES];
  guint max_issues = MAX_ISSUES - MIN (self->issues->len, MAX_ISSUES);
  guint first_line, n;
  gboolean cancelled = FALSE, ok = FALSE;
  g_autofree Parse *parse = g_new0 (Parse, 1);

  parse->data = data;
  parse->end = end;
  parse->cancellable = cancellable;
  g_mutex_init (&parse->mutex);
  g_cond_init (&parse->cond);

  loaders[0] = _ca_trade_loader_new (&schema, max_issues);
  parse->n_slices = 1;
  parse->slices[0].parse = parse;
  parse->slices[0].loader = loaders[0];

  /* The header: the first record that is not blank. */
  {
    const char *fields[FIELDS_ROOM];
    gsize lengths[FIELDS_ROOM];
    guint n_fields, line;
    gboolean padded;
    Reader reader;

    at = data;
    if (length >= 3 && memcmp (at, "\xef\xbb\xbf", 3) == 0)
      at += 3;

    reader_init (&reader, data, at, end, loaders[0]->scratch);
    if (!read_record (&reader, end, fields, lengths, &n_fields, &padded, &line))
      {
        g_set_error (error, CA_TRADE_ERROR, CA_TRADE_ERROR_EMPTY,
                     _("“%s” is empty: it has no header row"), name);
        goto out;
      }
    if (!_ca_trade_map_header (&schema, fields, lengths, MIN (n_fields, MAX_FIELDS), error))
      goto out;

    body = reader.p;
    first_line = 1 + reader.line;
    parse->header_length = body - data;
  }

  /* Cut the rest after a newline near each share of it.  The newline may
   * be inside quotes: that is checked below. */
  n = count_slices (end - body);
  parse->n_slices = n;
  for (guint k = 0; k < n; k++)
    {
      Slice *slice = &parse->slices[k];

      if (k == 0)
        slice->start = body;
      else
        {
          const char *cut = body + (gsize)((guint64)(end - body) * k / n);
          const char *newline = memchr (cut, '\n', end - cut);

          slice->start = MAX (newline != NULL ? newline + 1 : end, parse->slices[k - 1].start);
          parse->slices[k - 1].limit = slice->start;
          slice->parse = parse;
          slice->loader = loaders[k] = _ca_trade_loader_new (&schema, max_issues);
        }
      slice->limit = end;
    }

  if (mapped && end - body >= PARALLEL_MIN_BYTES)
    toucher = g_thread_try_new ("ca-trade-pages", touch_pages, parse, NULL);

  /* Counted before any thread starts, as one may end at once. */
  parse->n_running = n - 1;
  for (guint k = 1; k < n; k++)
    {
      parse->slices[k].thread = g_thread_try_new ("ca-trade-csv", parse_slice_thread,
                                                  &parse->slices[k], NULL);
      if (parse->slices[k].thread == NULL)
        {
          g_mutex_lock (&parse->mutex);
          parse->n_running--;
          g_mutex_unlock (&parse->mutex);
        }
    }

  parse_slice (&parse->slices[0], progress, progress_data);

  /* Slices that got no thread, then wait for the others. */
  for (guint k = 1; k < n; k++)
    if (parse->slices[k].thread == NULL)
      parse_slice (&parse->slices[k], progress, progress_data);

  g_mutex_lock (&parse->mutex);
  while (parse->n_running > 0)
    {
      if (progress == NULL)
        g_cond_wait (&parse->cond, &parse->mutex);
      else if (!g_cond_wait_until (&parse->cond, &parse->mutex,
                                   g_get_monotonic_time () + 100 * G_TIME_SPAN_MILLISECOND))
        {
          g_mutex_unlock (&parse->mutex);
          report_progress (parse, progress, progress_data);
          g_mutex_lock (&parse->mutex);
        }
    }
  g_mutex_unlock (&parse->mutex);

  for (guint k = 1; k < n; k++)
    if (parse->slices[k].thread != NULL)
      g_thread_join (parse->slices[k].thread);

  if (toucher != NULL)
    {
      g_atomic_int_set (&parse->stop_touching, TRUE);
      g_thread_join (toucher);
    }

  /* A slice was read right when the one before ended where it starts;
   * one that started inside a quoted field is read again, here, from
   * where the one before ended.  Lines are numbered in the same pass. */
  at = body;
  for (guint k = 0; k < n && !cancelled; k++)
    {
      Slice *slice = &parse->slices[k];

      cancelled |= slice->cancelled;
      if (!cancelled && slice->start != at)
        {
          loader_reset (slice->loader);
          slice->start = at;
          parse_slice (slice, progress, progress_data);
          cancelled |= slice->cancelled;
        }

      first_lines[k] = first_line;
      first_line += slice->n_lines;
      at = slice->stop;
    }

  if (cancelled)
    {
      if (!g_cancellable_set_error_if_cancelled (cancellable, error))
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");
      goto out;
    }

  _ca_trade_merge_tallies (self, &schema, loaders, first_lines, n);
  ok = TRUE;

out:
  for (guint k = 0; k < parse->n_slices; k++)
    _ca_trade_loader_free (loaders[k]);
  g_mutex_clear (&parse->mutex);
  g_cond_clear (&parse->cond);

  return ok;
}

/* g_utf8_validate(), eight bytes at a time through runs of ASCII: trade
 * records are mostly codes and digits, and a byte at a time would cost
 * more than parsing them.  A NUL byte is not text, as for GLib. */
static gboolean
is_valid_utf8 (const char *data,
               gsize       length)
{
  const guint64 high = G_GUINT64_CONSTANT (0x8080808080808080);
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  const char *p = data, *end = data + length;

  while (p < end)
    {
      gunichar c;

      while (end - p >= 8)
        {
          guint64 word;

          memcpy (&word, p, sizeof word);
          /* A byte with its high bit set, or a zero byte. */
          if ((word & high) != 0 || ((word - ones) & ~word & high) != 0)
            break;
          p += 8;
        }
      if (p == end)
        break;
      if ((guchar)*p < 0x80)
        {
          if (*p == '\0')
            return FALSE;
          p++;
          continue;
        }

      c = g_utf8_get_char_validated (p, end - p);
      if (c == (gunichar)-1 || c == (gunichar)-2)
        return FALSE;
      p = g_utf8_next_char (p);
    }

  return TRUE;
}

/* Whether a line holds non-ASCII text that is valid UTF-8: such a line
 * is UTF-8, while GBK text is almost never valid UTF-8. */
static gboolean
is_utf8_line (const char *line,
              gsize       length,
              gboolean   *ascii)
{
  const char *end = line + length;

  *ascii = TRUE;
  for (const char *p = line; p < end; p++)
    if ((guchar)*p >= 0x80)
      {
        *ascii = FALSE;
        break;
      }

  return !*ascii && g_utf8_validate (line, length, NULL);
}

/* Converts the run of lines @from…@to from GB18030, or says which line
 * cannot be read in either encoding. */
static gboolean
convert_run (GString     *out,
             const char  *data,
             const char  *from,
             const char  *to,
             const char  *name,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *converted = NULL;
  gsize converted_length = 0, read = 0;

  if (from == to)
    return TRUE;

  converted = g_convert (from, to - from, "UTF-8", "GB18030", &read, &converted_length,
                         &local_error);
  if (converted == NULL)
    {
      guint line = 1;

      for (const char *p = data; p < from + read; p++)
        line += *p == '\n';
      g_set_error (error, CA_TRADE_ERROR, CA_TRADE_ERROR_OPEN,
                   _("“%s” is neither UTF-8 nor GBK text: line %u cannot be read as either"),
                   name, line);
      return FALSE;
    }

  g_string_append_len (out, converted, converted_length);
  return TRUE;
}

/* Chinese spreadsheets saved as CSV are often GBK: when the text is not
 * UTF-8, convert it from GB18030, which contains GBK.  Two exports pasted
 * together may mix the two, so the encoding is decided line by line: a
 * line of valid UTF-8 stays as it is, the runs of lines between are
 * converted from GB18030. */
static char *
to_utf8 (const char  *data,
         gsize        length,
         gsize       *out_length,
         char       **encoding,
         const char  *name,
         GError     **error)
{
  g_autoptr(GString) out = NULL;
  const char *end = data + length, *line, *run;
  guint n_utf8 = 0, n_converted = 0;

  /* Past a size, validating all of it costs more than the parse: decide
   * from the first MiB, where a spreadsheet's GBK shows (a multi-byte
   * character cut at the sample's end is still UTF-8); rows further on in
   * another encoding are then rejected one by one, by line. */
  if (length > MIXED_ENCODING_MAX_BYTES)
    {
      gsize sample = MIN (length, 1024 * 1024);
      const char *invalid;

      if (g_utf8_validate (data, sample, &invalid) || (gsize)(invalid - data) + 4 > sample)
        return NULL;
    }
  else if (is_valid_utf8 (data, length))
    return NULL;

  out = g_string_sized_new (length + length / 2);
  run = data;
  for (line = data; line < end;)
    {
      const char *newline = memchr (line, '\n', end - line);
      const char *next = newline != NULL ? newline + 1 : end;
      gboolean ascii;

      if (is_utf8_line (line, next - line, &ascii))
        {
          if (!convert_run (out, data, run, line, name, error))
            return NULL;
          g_string_append_len (out, line, next - line);
          run = next;
          n_utf8++;
        }
      else if (!ascii)
        n_converted++;
      line = next;
    }
  if (!convert_run (out, data, run, end, name, error))
    return NULL;

  g_free (*encoding);
  if (n_utf8 == 0)
    *encoding = g_strdup ("GB18030");
  else
    /* translators: the encoding of a CSV file that mixes two, by line */
    *encoding = g_strdup_printf (_("UTF-8, with %u lines in GB18030"), n_converted);

  *out_length = out->len;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * ca_trade_cube_add_csv:
 * @data: CSV text, UTF-8 or GBK
 * @name: what to call it in messages
 *
 * Adds the records of a CSV text to the cube.  A large text is parsed on
 * several threads.
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

  g_return_val_if_fail (CA_IS_TRADE_CUBE (self), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  /* Empty text may come as NULL (an empty GBytes has no data), and the
   * parser does pointer arithmetic on it. */
  if (data == NULL)
    data = "";

  converted = to_utf8 (data, length, &converted_length, &self->encoding, name, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return parse_csv (self, converted != NULL ? converted : data,
                    converted != NULL ? converted_length : length,
                    name, FALSE, NULL, NULL, NULL, error);
}

gboolean
_ca_trade_cube_load_csv (CaTradeCube     *self,
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

  /* Through a local error: the caller's may be NULL. */
  converted = to_utf8 (data, length, &converted_length, &self->encoding, path, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return parse_csv (self, converted != NULL ? converted : data,
                    converted != NULL ? converted_length : length,
                    path, converted == NULL, progress, progress_data, cancellable, error);
}
