/* bench-trade.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Measures loading trade records: writes a CSV of five million rows
 * (about 270 MB) in the record schema, loads it into a CaTradeCube with
 * the file out of the page cache and then in it (and once more on one
 * thread), times the province × region × year queries with year-on-year
 * growth, and compares the load with reading the file, with `wc -l` and,
 * when CA_BENCH_DUCKDB names a node script, with DuckDB.  Prints
 * figures; asserts nothing.
 */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include "bench-util.h"
#include "ca-trade-cube.h"

#define N_ROWS      5000000
#define FIRST_YEAR  2023
#define N_YEARS     3
#define READ_CHUNK  (1024 * 1024)
#define WRITE_CHUNK (8 * 1024 * 1024)
#define N_QUERIES   1000

/* Provinces with a weight: the corridor's eighteen carry most rows. */
static const struct { const char *code; guint weight; } provinces[] = {
  { "CN-CQ", 120 }, { "CN-GX", 110 }, { "CN-SC", 90 }, { "CN-YN", 80 },
  { "CN-GZ", 50 },  { "CN-SN", 45 },  { "CN-XJ", 45 }, { "CN-NM", 30 },
  { "CN-GS", 25 },  { "CN-NX", 12 },  { "CN-QH", 10 }, { "CN-XZ", 6 },
  { "CN-HN", 40 },  { "CN-HB", 40 },  { "CN-GD", 60 }, { "CN-HI", 20 },
  { "CN-HA", 35 },  { "CN-JX", 25 },
  { "CN-AH", 8 },   { "CN-BJ", 8 },   { "CN-FJ", 8 },  { "CN-HE", 6 },
  { "CN-HL", 5 },   { "CN-JL", 4 },   { "CN-JS", 10 }, { "CN-LN", 5 },
  { "CN-SD", 8 },   { "CN-SH", 10 },  { "CN-SX", 4 },  { "CN-TJ", 5 },
  { "CN-ZJ", 10 },
};

static const struct { const char *code; guint weight; } partners[] = {
  { "VN", 120 }, { "TH", 70 }, { "MY", 60 }, { "SG", 50 }, { "ID", 55 },
  { "LA", 45 },  { "MM", 35 }, { "KH", 25 }, { "PH", 30 }, { "BN", 5 },
  { "JP", 30 },  { "KR", 30 }, { "MN", 8 },  { "IN", 25 }, { "BD", 12 },
  { "PK", 15 },  { "KZ", 30 }, { "UZ", 20 }, { "KG", 8 },  { "TJ", 6 },
  { "AE", 15 },  { "SA", 15 }, { "IR", 8 },  { "TR", 10 }, { "DE", 25 },
  { "NL", 15 },  { "IT", 10 }, { "GB", 10 }, { "RU", 40 }, { "BY", 8 },
  { "ZA", 8 },   { "NG", 6 },  { "KE", 5 },  { "US", 20 }, { "CA", 6 },
  { "BR", 12 },  { "CL", 8 },  { "MX", 8 },  { "AU", 15 }, { "NZ", 5 },
};

/* Modes by their share of rows; rail-sea carries most. */
static const struct { const char *id; guint weight; } modes[] = {
  { "rail-sea", 66 }, { "cross-border-rail", 16 }, { "cross-border-road", 14 },
  { "air", 2 }, { "other", 2 },
};

static const char *commodities[] = {
  "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI",
  "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX", "XXI",
};

typedef struct
{
  const char *text;
  gsize       length;
} Text;

/* splitmix64: fast, and the file is the same on every run. */
static guint64 random_state = 0x5eed2026c0441d05ull;

static inline guint64
next_random (void)
{
  guint64 z = (random_state += 0x9e3779b97f4a7c15ull);

  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

static inline double
next_uniform (void)
{
  return (next_random () >> 11) * 0x1.0p-53;
}

/* A 4096-entry table of indices in proportion to @weights. */
static void
fill_pick_table (guint8      *table,
                 const guint *weights,
                 guint        n)
{
  guint total = 0, at = 0, sum = 0;

  for (guint i = 0; i < n; i++)
    total += weights[i];
  for (guint i = 0; i < n; i++)
    {
      guint end;

      sum += weights[i];
      end = i + 1 == n ? 4096 : (guint)((guint64)sum * 4096 / total);
      for (; at < end; at++)
        table[at] = i;
    }
}

static inline char *
put_text (char       *p,
          const Text *text)
{
  memcpy (p, text->text, text->length);
  return p + text->length;
}

static inline char *
put_uint (char    *p,
          guint64  value)
{
  char digits[24];
  int n = 0;

  do
    digits[n++] = '0' + value % 10;
  while ((value /= 10) != 0);
  while (n > 0)
    *p++ = digits[--n];

  return p;
}

/* @scaled / 10^@decimals with exactly @decimals decimals. */
static inline char *
put_fixed (char    *p,
           guint64  scaled,
           int      decimals)
{
  guint64 divisor = 1;

  for (int i = 0; i < decimals; i++)
    divisor *= 10;

  p = put_uint (p, scaled / divisor);
  if (decimals > 0)
    {
      guint64 fraction = scaled % divisor;

      *p++ = '.';
      for (int i = decimals - 1; i >= 0; i--)
        {
          p[i] = '0' + fraction % 10;
          fraction /= 10;
        }
      p += decimals;
    }

  return p;
}

static Text
dup_text (GPtrArray  *keep,
          const char *text)
{
  char *copy = g_strdup (text);

  g_ptr_array_add (keep, copy);
  return (Text) { copy, strlen (copy) };
}

/* Writes the CSV; adds each year's value in fen (0.01 yuan) to
 * @year_fen so the loaded cube can be checked against it. */
static gboolean
write_records (const char  *path,
               guint64     *year_fen,
               GError     **error)
{
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func (g_free);
  Text province_forms[G_N_ELEMENTS (provinces)][4];
  Text partner_forms[G_N_ELEMENTS (partners)][3];
  Text mode_texts[G_N_ELEMENTS (modes)];
  Text commodity_texts[G_N_ELEMENTS (commodities)];
  Text periods[N_YEARS * 12];
  double month_factor[N_YEARS * 12];
  guint weights[64];
  guint8 pick_province[4096], pick_partner[4096], pick_mode[4096];
  g_autofree char *buffer = g_malloc (WRITE_CHUNK);
  FILE *file;
  char line[512];

  /* Provinces: ISO code 30 %, English 30 %, Chinese 20 % short (重庆) and
   * 20 % official (重庆市, 广西壮族自治区). */
  for (guint i = 0; i < G_N_ELEMENTS (provinces); i++)
    {
      const CaPlaceName *name = ca_place_names_lookup (provinces[i].code);

      province_forms[i][0] = dup_text (keep, provinces[i].code);
      province_forms[i][1] = dup_text (keep, name != NULL ? name->name_en : provinces[i].code);
      province_forms[i][2] = dup_text (keep, name != NULL ? name->short_zh : provinces[i].code);
      province_forms[i][3] = dup_text (keep, name != NULL ? name->name_zh : provinces[i].code);
      weights[i] = provinces[i].weight;
    }
  fill_pick_table (pick_province, weights, G_N_ELEMENTS (provinces));

  /* Partners: ISO code 50 %, English 25 %, Chinese 25 %. */
  for (guint i = 0; i < G_N_ELEMENTS (partners); i++)
    {
      const CaPlaceName *name = ca_place_names_lookup (partners[i].code);

      partner_forms[i][0] = dup_text (keep, partners[i].code);
      partner_forms[i][1] = dup_text (keep, name != NULL ? name->name_en : partners[i].code);
      partner_forms[i][2] = dup_text (keep, name != NULL ? name->name_zh : partners[i].code);
      weights[i] = partners[i].weight;
    }
  fill_pick_table (pick_partner, weights, G_N_ELEMENTS (partners));

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      mode_texts[i] = dup_text (keep, modes[i].id);
      weights[i] = modes[i].weight;
    }
  fill_pick_table (pick_mode, weights, G_N_ELEMENTS (modes));

  for (guint i = 0; i < G_N_ELEMENTS (commodities); i++)
    commodity_texts[i] = dup_text (keep, commodities[i]);

  /* Growth of about 12 % a year, a Chinese New Year dip and a year-end
   * rush. */
  for (int m = 0; m < N_YEARS * 12; m++)
    {
      g_autofree char *period = ca_trade_format_month (CA_MONTH (FIRST_YEAR + m / 12, m % 12 + 1));

      periods[m] = dup_text (keep, period);
      month_factor[m] = pow (1.12, m / 12.0) * (m % 12 == 1 ? 0.75 : m % 12 == 11 ? 1.2 : 1.0);
    }

  file = g_fopen (path, "wb");
  if (file == NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "Could not write %s", path);
      return FALSE;
    }
  setvbuf (file, buffer, _IOFBF, WRITE_CHUNK);

  fputs ("period,province,partner,mode,value_cny,tonnes,teu,commodity\n", file);

  for (guint row = 0; row < N_ROWS; row++)
    {
      guint64 r = next_random ();
      int month = r % (N_YEARS * 12);
      guint province = pick_province[(r >> 8) & 4095];
      guint partner = pick_partner[(r >> 20) & 4095];
      guint mode = pick_mode[(r >> 32) & 4095];
      guint commodity = (r >> 44) % G_N_ELEMENTS (commodities);
      guint province_form = (r >> 52) % 10;
      guint partner_form = (r >> 56) % 4;
      /* Log-uniform between 2,000 and 2,000,000 yuan. */
      double value = 2000.0 * exp (next_uniform () * 6.907755) * month_factor[month];
      guint64 fen = (guint64)(value * 100 + 0.5);
      guint64 tonnes_tenths = fen / (6000 * 10);
      char *p = line;

      year_fen[month / 12] += fen;

      p = put_text (p, &periods[month]);
      *p++ = ',';
      p = put_text (p, &province_forms[province][province_form < 3 ? 0 : province_form < 6 ? 1 :
                                                 province_form < 8 ? 2 : 3]);
      *p++ = ',';
      p = put_text (p, &partner_forms[partner][partner_form < 2 ? 0 : partner_form < 3 ? 1 : 2]);
      *p++ = ',';
      p = put_text (p, &mode_texts[mode]);
      *p++ = ',';
      p = put_fixed (p, fen, 2);
      *p++ = ',';
      p = put_fixed (p, tonnes_tenths, 1);
      *p++ = ',';
      /* Whole containers: 12 t a TEU by rail and sea, 20 t by road, none
       * by air. */
      p = put_uint (p, mode <= 1 ? tonnes_tenths / 120 : mode == 2 ? tonnes_tenths / 200 : 0);
      *p++ = ',';
      p = put_text (p, &commodity_texts[commodity]);
      *p++ = '\n';

      fwrite (line, 1, p - line, file);
    }

  if (fclose (file) != 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "Could not finish writing %s", path);
      return FALSE;
    }

  return TRUE;
}

static double
peak_rss_mib (int who)
{
  struct rusage usage;

  getrusage (who, &usage);
  return usage.ru_maxrss / 1024.0;
}

/* Writes the file's dirty pages back, then asks the kernel to drop them
 * from the page cache, so the next read comes from the disk. */
static void
drop_from_cache (const char *path)
{
  int fd = g_open (path, O_RDONLY, 0);

  if (fd < 0)
    return;
  fdatasync (fd);
  posix_fadvise (fd, 0, 0, POSIX_FADV_DONTNEED);
  close (fd);
}

/* The share of the file's pages in the page cache, in percent. */
static double
cached_percent (const char *path,
                gsize       size)
{
  long page = sysconf (_SC_PAGESIZE);
  gsize n_pages = (size + page - 1) / page, resident = 0;
  g_autofree unsigned char *vector = g_malloc (n_pages);
  void *map;
  int fd = g_open (path, O_RDONLY, 0);

  if (fd < 0)
    return NAN;
  map = mmap (NULL, size, PROT_READ, MAP_SHARED, fd, 0);
  close (fd);
  if (map == MAP_FAILED)
    return NAN;

  if (mincore (map, size, vector) == 0)
    for (gsize i = 0; i < n_pages; i++)
      resident += vector[i] & 1;
  munmap (map, size);

  return 100.0 * resident / n_pages;
}

/* Reads the file in 1 MiB chunks and sums the bytes, so nothing is
 * skipped. */
static double
time_read (const char *path,
           guint64    *sum)
{
  g_autofree guint8 *chunk = g_malloc (READ_CHUNK);
  double start = now_ms ();
  int fd = g_open (path, O_RDONLY, 0);
  gssize got;

  *sum = 0;
  if (fd < 0)
    return NAN;
  while ((got = read (fd, chunk, READ_CHUNK)) > 0)
    for (gssize i = 0; i < got; i++)
      *sum += chunk[i];
  close (fd);

  return now_ms () - start;
}

/* Runs @argv; returns the wall milliseconds, or NAN if it failed.  Its
 * standard output goes to @out. */
static double
time_spawn (const char * const *argv,
            char              **out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  double start = now_ms ();
  int status;

  if (!g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, out, &err,
                     &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("%s: %s\n%s", argv[0], error->message, err != NULL ? err : "");
      return NAN;
    }

  return now_ms () - start;
}

/* ca_trade_cube_by_pair() for each year's twelve months and its growth
 * on the year before, as a planner's province × region × year view
 * does. */
static void
query_years (CaTradeCube *cube,
             double       pairs[2][CA_N_PROVINCES * CA_N_REGIONS],
             double       growth[2])
{
  for (int y = 0; y < 2; y++)
    {
      CaTradeFilter filter;

      ca_trade_filter_init (&filter, CA_MONTH (2024 + y, 1), CA_MONTH (2024 + y, 12));
      ca_trade_cube_by_pair (cube, &filter, pairs[y]);
      growth[y] = ca_trade_cube_growth (cube, &filter);
    }
}

/* The records are a quarter of a gigabyte: remove them when the run is
 * interrupted too. */
static char *cleanup_file;
static char *cleanup_dir;

static void
remove_records (void)
{
  g_remove (cleanup_file);
  g_rmdir (cleanup_dir);
}

static void
on_signal (int signum)
{
  /* unlink() and rmdir() are async-signal-safe. */
  unlink (cleanup_file);
  rmdir (cleanup_dir);
  signal (signum, SIG_DFL);
  raise (signum);
}

typedef struct
{
  double load_ms;
  double read_ms;
  double wc_ms;
  double duck_ms;
  double cached;
} Run;

static void
run_duckdb (const char *script,
            const char *path,
            Run        *run)
{
  const char *argv[] = { "node", script, path, NULL };
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  double wall;

  wall = time_spawn (argv, &out);
  if (isnan (wall))
    return;

  /* The script prints "<milliseconds> <what>" lines; the first is the
   * query to compare. */
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *end;
      double ms = g_ascii_strtod (lines[i], &end);

      if (lines[i][0] == '\0')
        continue;
      if (end == lines[i])
        {
          g_print ("  DuckDB: %s\n", lines[i]);
          continue;
        }
      if (isnan (run->duck_ms))
        run->duck_ms = ms;
      g_print ("  DuckDB%s: %.0f ms (%.2fx ours)\n", end, ms, ms / run->load_ms);
    }
  g_print ("  the whole node process (start, every query): %.0f ms\n", wall);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  guint64 year_fen[N_YEARS] = { 0 };
  const char *duck_script = g_getenv ("CA_BENCH_DUCKDB");
  const char *names[2] = { "cold", "warm" };
  Run runs[2];
  double start, write_ms, file_mb, peak_load = 0, one_thread_ms = NAN;
  GStatBuf info;

  dir = g_dir_make_tmp ("bench-trade-XXXXXX", &error);
  if (dir == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  path = g_build_filename (dir, "trade.csv", NULL);
  cleanup_file = path;
  cleanup_dir = dir;
  {
    struct sigaction action = { .sa_handler = on_signal };
    const int signals[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };

    sigemptyset (&action.sa_mask);
    for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
      sigaction (signals[i], &action, NULL);
  }

  start = now_ms ();
  if (!write_records (path, year_fen, &error) || g_stat (path, &info) != 0)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "Could not write the records");
      remove_records ();
      return EXIT_FAILURE;
    }
  write_ms = now_ms () - start;
  file_mb = info.st_size / 1e6;

  g_print ("records: %d rows, %.1f MB (%.1f MiB), %.1f bytes a row; written in %.0f ms (%.0f MB/s)\n",
           N_ROWS, file_mb, info.st_size / 1048576.0, (double)info.st_size / N_ROWS, write_ms,
           file_mb / (write_ms / 1000));
  g_print ("peak memory after writing: %.1f MiB\n", peak_rss_mib (RUSAGE_SELF));
  if (g_getenv ("CA_TRADE_THREADS") != NULL)
    g_print ("loading on CA_TRADE_THREADS=%s threads (%u cores)\n", g_getenv ("CA_TRADE_THREADS"),
             g_get_num_processors ());
  else
    g_print ("loading on a thread per core (%u cores)\n", g_get_num_processors ());

  for (int r = 0; r < 2; r++)
    {
      g_autoptr(CaTradeCube) cube = NULL;
      double pairs[2][CA_N_PROVINCES * CA_N_REGIONS], growth[2];
      g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
      double first_us;

      runs[r] = (Run) { NAN, NAN, NAN, NAN, NAN };
      if (r == 0)
        drop_from_cache (path);
      runs[r].cached = cached_percent (path, info.st_size);

      g_print ("\n%s run (%.0f %% of the file in the page cache before it)\n", names[r],
               runs[r].cached);

      start = now_ms ();
      cube = ca_trade_cube_load (path, NULL, NULL, NULL, &error);
      runs[r].load_ms = now_ms () - start;
      if (cube == NULL)
        {
          g_printerr ("%s\n", error->message);
          remove_records ();
          return EXIT_FAILURE;
        }

      g_print ("  ca_trade_cube_load: %.0f ms, %.2f M rows/s, %.0f MB/s "
               "(%" G_GUINT64_FORMAT " rows, %" G_GUINT64_FORMAT " accepted, %" G_GUINT64_FORMAT " rejected)\n",
               runs[r].load_ms, N_ROWS / (runs[r].load_ms * 1000), file_mb / (runs[r].load_ms / 1000),
               ca_trade_cube_get_n_rows (cube), ca_trade_cube_get_n_accepted (cube),
               ca_trade_cube_get_n_rejected (cube));

      start = now_ms ();
      query_years (cube, pairs, growth);
      first_us = (now_ms () - start) * 1000;
      for (int i = 0; i < N_QUERIES; i++)
        {
          double t0 = now_ms (), us;

          query_years (cube, pairs, growth);
          us = (now_ms () - t0) * 1000;
          g_array_append_val (times, us);
        }
      g_array_sort (times, compare_doubles);
      g_print ("  province x region x year, 2024 and 2025 with YoY: first %.1f us, "
               "then median %.1f us, p95 %.1f us (%d runs)\n",
               first_us, percentile (times, 0.5), percentile (times, 0.95), N_QUERIES);

      for (int y = 0; y < 2; y++)
        {
          double total = 0;

          for (guint i = 0; i < CA_N_PROVINCES * CA_N_REGIONS; i++)
            total += pairs[y][i];
          g_print ("    %d: %.6f bn yuan (written: %.6f), YoY %+.2f %%\n", 2024 + y, total / 1e9,
                   year_fen[1 + y] / 1e11, growth[y] * 100);
        }

      peak_load = peak_rss_mib (RUSAGE_SELF);
      g_print ("  peak memory: %.1f MiB, %.2fx the file\n", peak_load,
               peak_load * 1048576.0 / info.st_size);
    }

  /* The warm load once more on one thread, unless CA_TRADE_THREADS
   * chose the threads. */
  if (g_getenv ("CA_TRADE_THREADS") == NULL)
    {
      g_autoptr(CaTradeCube) cube = NULL;

      g_setenv ("CA_TRADE_THREADS", "1", TRUE);
      start = now_ms ();
      cube = ca_trade_cube_load (path, NULL, NULL, NULL, &error);
      one_thread_ms = now_ms () - start;
      g_unsetenv ("CA_TRADE_THREADS");
      if (cube == NULL)
        {
          g_printerr ("%s\n", error->message);
          remove_records ();
          return EXIT_FAILURE;
        }

      g_print ("\nwarm run on one thread\n  ca_trade_cube_load: %.0f ms, %.2f M rows/s, %.0f MB/s\n",
               one_thread_ms, N_ROWS / (one_thread_ms * 1000), file_mb / (one_thread_ms / 1000));
    }

  /* What reading the file costs, cold and warm, in the same order. */
  for (int r = 0; r < 2; r++)
    {
      const char *wc[] = { "wc", "-l", path, NULL };
      g_autofree char *out = NULL;
      guint64 sum;

      if (r == 0)
        drop_from_cache (path);
      runs[r].read_ms = time_read (path, &sum);
      if (r == 0)
        drop_from_cache (path);
      runs[r].wc_ms = time_spawn (wc, &out);
      if (out != NULL && strchr (out, ' ') != NULL)
        *strchr (out, ' ') = '\0';
      g_print ("\n%s read() in 1 MiB chunks, summing the bytes: %.0f ms (%.0f MB/s, sum %" G_GUINT64_FORMAT ")\n",
               names[r], runs[r].read_ms, file_mb / (runs[r].read_ms / 1000), sum);
      g_print ("%s wc -l: %.0f ms (%s lines)\n", names[r], runs[r].wc_ms,
               out != NULL ? g_strstrip (out) : "?");
    }

  if (duck_script != NULL && duck_script[0] != '\0')
    for (int r = 0; r < 2; r++)
      {
        if (r == 0)
          drop_from_cache (path);
        g_print ("\n%s DuckDB (%s):\n", names[r], duck_script);
        run_duckdb (duck_script, path, &runs[r]);
      }
  else
    g_print ("\nDuckDB: set CA_BENCH_DUCKDB to a node script to compare (see bench/README.md)\n");

  g_print ("\nsummary, ms      cold     warm\n");
  g_print ("cube load     %8.0f %8.0f\n", runs[0].load_ms, runs[1].load_ms);
  if (!isnan (one_thread_ms))
    g_print ("  one thread           %8.0f\n", one_thread_ms);
  g_print ("read()        %8.0f %8.0f\n", runs[0].read_ms, runs[1].read_ms);
  g_print ("wc -l         %8.0f %8.0f\n", runs[0].wc_ms, runs[1].wc_ms);
  if (duck_script != NULL && duck_script[0] != '\0')
    g_print ("DuckDB        %8.0f %8.0f\n", runs[0].duck_ms, runs[1].duck_ms);
  g_print ("load / read   %8.2f %8.2f\n", runs[0].load_ms / runs[0].read_ms,
           runs[1].load_ms / runs[1].read_ms);
  g_print ("peak memory of the load: %.1f MiB, %.2fx the file (target under 1.5x)\n",
           peak_load, peak_load * 1048576.0 / info.st_size);
  if (duck_script != NULL && duck_script[0] != '\0')
    g_print ("peak memory of the largest child (DuckDB): %.1f MiB\n", peak_rss_mib (RUSAGE_CHILDREN));

  remove_records ();

  return EXIT_SUCCESS;
}
