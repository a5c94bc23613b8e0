/* test-trade.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gdal.h>
#include <math.h>
#include <ogr_api.h>
#include <string.h>

#include "ca-trade-cube.h"
#include "test-util.h"

/* The fuzz targets' entry points, for the inputs they found. */
#define CA_FUZZ_REGRESSION
#include "fuzz/fuzz-regressions.h"
#include "fuzz/fuzz-trade-csv.c"
#include "fuzz/fuzz-trade-names.c"

static char *tmp_dir;

static int
province (const char *code)
{
  int index = ca_trade_match_province (code);

  g_assert_cmpint (index, >=, 0);
  return index;
}

static void
test_trade_province_names (void)
{
  static const char *chongqing[] = { "CN-CQ", "cn-cq", "CQ", "Chongqing", "chong qing", "重庆", "重庆市",
                                     " Chongqing Municipality " };
  static const char *guangxi[] = { "CN-GX", "Guangxi", "广西", "广西壮族自治区",
                                   "Guangxi Zhuang Autonomous Region" };
  static const char *inner_mongolia[] = { "CN-NM", "Inner Mongolia", "Nei Menggu", "Nei Mongol",
                                          "内蒙古", "内蒙古自治区" };

  for (guint i = 0; i < G_N_ELEMENTS (chongqing); i++)
    g_assert_cmpstr (ca_trade_province_code (ca_trade_match_province (chongqing[i])), ==, "CN-CQ");
  for (guint i = 0; i < G_N_ELEMENTS (guangxi); i++)
    g_assert_cmpstr (ca_trade_province_code (ca_trade_match_province (guangxi[i])), ==, "CN-GX");
  for (guint i = 0; i < G_N_ELEMENTS (inner_mongolia); i++)
    g_assert_cmpstr (ca_trade_province_code (ca_trade_match_province (inner_mongolia[i])), ==, "CN-NM");

  g_assert_cmpstr (ca_trade_province_code (ca_trade_match_province ("陕西省")), ==, "CN-SN");
  g_assert_cmpstr (ca_trade_province_code (ca_trade_match_province ("Shanxi")), ==, "CN-SX");
  g_assert_cmpint (ca_trade_match_province ("Atlantis"), ==, -1);
  g_assert_cmpint (ca_trade_match_province (""), ==, -1);
  g_assert_cmpint (ca_trade_match_province ("市"), ==, -1);
}

static void
assert_partner (const char *text,
                const char *region,
                const char *country)
{
  int r = -1, c = -1;

  g_test_message ("%s", text);
  g_assert_true (ca_trade_match_partner (text, &r, &c));
  g_assert_cmpstr (ca_trade_get_region (r)->id, ==, region);
  if (country == NULL)
    g_assert_cmpint (c, ==, CA_NO_COUNTRY);
  else
    g_assert_cmpstr (ca_trade_country_code (c), ==, country);
}

static void
test_trade_partner_names (void)
{
  int r, c;

  assert_partner ("VN", "asean", "VN");
  assert_partner ("vn", "asean", "VN");
  assert_partner ("Vietnam", "asean", "VN");
  assert_partner ("越南", "asean", "VN");
  assert_partner ("Laos", "asean", "LA");
  assert_partner ("老挝", "asean", "LA");
  assert_partner ("Germany", "europe", "DE");
  assert_partner ("俄罗斯", "russia-cis", "RU");
  assert_partner ("Kazakhstan", "central-asia", "KZ");
  assert_partner ("Hong Kong", "east-asia", "HK");
  assert_partner ("香港", "east-asia", "HK");
  assert_partner ("中国香港", "east-asia", "HK");
  assert_partner ("Macau", "east-asia", "MO");
  assert_partner ("ASEAN", "asean", NULL);
  assert_partner ("东盟", "asean", NULL);
  assert_partner ("Middle East", "middle-east", NULL);
  assert_partner ("中东", "middle-east", NULL);
  g_assert_false (ca_trade_match_partner ("Narnia", &r, &c));

  /* Exactly the ten members make up ASEAN. */
  {
    guint members = 0;

    for (guint i = 0; i < 300; i++)
      {
        const char *codes[] = { "BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN" };

        if (i < G_N_ELEMENTS (codes) && ca_trade_match_partner (codes[i], &r, &c) &&
            g_str_equal (ca_trade_get_region (r)->id, "asean"))
          members++;
      }
    g_assert_cmpuint (members, ==, 10);
    g_assert_true (ca_trade_match_partner ("TL", &r, &c));
    g_assert_cmpstr (ca_trade_get_region (r)->id, !=, "asean");
  }
}

static void
test_trade_modes (void)
{
  g_assert_cmpint (ca_trade_match_mode ("rail-sea"), ==, CA_MODE_RAIL_SEA);
  g_assert_cmpint (ca_trade_match_mode ("Rail Sea"), ==, CA_MODE_RAIL_SEA);
  g_assert_cmpint (ca_trade_match_mode ("铁海联运"), ==, CA_MODE_RAIL_SEA);
  g_assert_cmpint (ca_trade_match_mode ("cross-border-rail"), ==, CA_MODE_CROSS_BORDER_RAIL);
  g_assert_cmpint (ca_trade_match_mode ("跨境公路"), ==, CA_MODE_CROSS_BORDER_ROAD);
  g_assert_cmpint (ca_trade_match_mode ("AIR"), ==, CA_MODE_AIR);
  g_assert_cmpint (ca_trade_match_mode ("other"), ==, CA_MODE_OTHER);
  g_assert_cmpint (ca_trade_match_mode ("teleport"), ==, -1);
}

static CaTradeCube *
cube_from_csv (const char *text)
{
  g_autoptr(GError) error = NULL;
  CaTradeCube *cube = ca_trade_cube_new ();

  g_assert_true (ca_trade_cube_add_csv (cube, text, strlen (text), "fixture.csv", &error));
  g_assert_no_error (error);

  return cube;
}

static void
test_trade_aggregation (void)
{
  /* Hand-made: Chongqing and Guangxi, 2024 and 2025, two regions, two
   * modes; every sum and growth below is worked out by hand. */
  g_autoptr(CaTradeCube) cube = cube_from_csv (
    "period,province,partner,mode,value_cny\n"
    "2024-01,CN-CQ,VN,rail-sea,100\n"
    "2024-02,CN-CQ,DE,cross-border-rail,50\n"
    "2024-02,CN-GX,TH,rail-sea,200\n"
    "2025-01,CN-CQ,VN,rail-sea,130\n"
    "2025-01,CN-CQ,LA,cross-border-rail,20\n"
    "2025-02,CN-CQ,DE,cross-border-rail,70\n"
    "2025-02,CN-GX,TH,rail-sea,150\n"
    "2025-03,CN-GX,VN,cross-border-road,40\n");
  double by_province[CA_N_PROVINCES];
  double by_region[CA_N_REGIONS];
  double by_pair[CA_N_PROVINCES * CA_N_REGIONS];
  double by_month[3];
  CaTradeFilter filter;
  int first, last;

  g_assert_cmpuint (ca_trade_cube_get_n_rows (cube), ==, 8);
  g_assert_cmpuint (ca_trade_cube_get_n_accepted (cube), ==, 8);
  g_assert_true (ca_trade_cube_get_months (cube, &first, &last));
  g_assert_cmpint (first, ==, CA_MONTH (2024, 1));
  g_assert_cmpint (last, ==, CA_MONTH (2025, 3));

  /* Jan–Feb 2025: 130 + 20 + 70 + 150 = 370, against 350 a year before. */
  ca_trade_filter_init (&filter, CA_MONTH (2025, 1), CA_MONTH (2025, 2));
  g_assert_cmpfloat (ca_trade_cube_total (cube, &filter), ==, 370);
  g_assert_cmpfloat_with_epsilon (ca_trade_cube_growth (cube, &filter), 370.0 / 350.0 - 1, 1e-12);

  ca_trade_cube_by_province (cube, &filter, by_province);
  g_assert_cmpfloat (by_province[province ("CN-CQ")], ==, 220);
  g_assert_cmpfloat (by_province[province ("CN-GX")], ==, 150);

  ca_trade_cube_by_region (cube, &filter, by_region);
  g_assert_cmpfloat (by_region[ca_trade_find_region ("asean")], ==, 300);
  g_assert_cmpfloat (by_region[ca_trade_find_region ("europe")], ==, 70);

  ca_trade_cube_by_pair (cube, &filter, by_pair);
  g_assert_cmpfloat (by_pair[province ("CN-CQ") * CA_N_REGIONS + ca_trade_find_region ("asean")], ==, 150);

  /* Modes filter: rail-sea alone, 130 + 150 = 280 against 300 (−6.67 %). */
  filter.modes = 1u << CA_MODE_RAIL_SEA;
  g_assert_cmpfloat (ca_trade_cube_total (cube, &filter), ==, 280);
  g_assert_cmpfloat_with_epsilon (ca_trade_cube_growth (cube, &filter), 280.0 / 300.0 - 1, 1e-12);

  /* Regions and provinces filter too. */
  filter.modes = 0;
  filter.regions = 1u << ca_trade_find_region ("europe");
  g_assert_cmpfloat (ca_trade_cube_total (cube, &filter), ==, 70);
  filter.regions = 0;
  filter.provinces = (guint64)1 << province ("CN-GX");
  g_assert_cmpfloat (ca_trade_cube_total (cube, &filter), ==, 150);

  /* March 2025 had no base: growth is n/a, never infinity. */
  ca_trade_filter_init (&filter, CA_MONTH (2025, 3), CA_MONTH (2025, 3));
  g_assert_cmpfloat (ca_trade_cube_total (cube, &filter), ==, 40);
  g_assert_true (isnan (ca_trade_cube_growth (cube, &filter)));

  /* 2024 has no year before it in the data: n/a too. */
  ca_trade_filter_init (&filter, CA_MONTH (2024, 1), CA_MONTH (2024, 2));
  g_assert_true (isnan (ca_trade_cube_growth (cube, &filter)));
  g_assert_true (isnan (ca_trade_growth (10, 0)));
  g_assert_cmpfloat_with_epsilon (ca_trade_growth (270, 100), 1.7, 1e-12);

  ca_trade_filter_init (&filter, CA_MONTH (2025, 1), CA_MONTH (2025, 3));
  ca_trade_cube_by_month (cube, &filter, by_month);
  g_assert_cmpfloat (by_month[0], ==, 150);
  g_assert_cmpfloat (by_month[1], ==, 220);
  g_assert_cmpfloat (by_month[2], ==, 40);
}

static void
test_trade_directions (void)
{
  /* Chinese headers, with 进出口 as the direction column: exports and
   * imports of Chongqing with ASEAN, and one row that does not say. */
  g_autoptr(CaTradeCube) cube = cube_from_csv (
    "期间,省份,贸易伙伴,运输方式,进出口,金额\n"
    "2024-03,重庆,越南,铁海联运,出口,60\n"
    "2024-03,重庆,越南,铁海联运,进口,40\n"
    "2025-03,重庆,泰国,铁海联运,出口,90\n"
    "2025-03,CN-CQ,TH,rail-sea,Import,30\n"
    "2025-03,CN-CQ,TH,rail-sea,M,20\n"
    "2025-03,CN-CQ,TH,rail-sea,,7\n"
    "2025-03,CN-CQ,TH,rail-sea,re-export,5\n");
  g_autoptr(CaTradeCube) plain = cube_from_csv ("period,province,partner,mode,value_cny\n"
                                                "2025-03,CN-CQ,TH,rail-sea,10\n");
  CaTradeFilter filter;

  g_assert_cmpint (ca_trade_match_direction ("export"), ==, CA_DIRECTION_EXPORT);
  g_assert_cmpint (ca_trade_match_direction ("Exports"), ==, CA_DIRECTION_EXPORT);
  g_assert_cmpint (ca_trade_match_direction ("X"), ==, CA_DIRECTION_EXPORT);
  g_assert_cmpint (ca_trade_match_direction ("出口"), ==, CA_DIRECTION_EXPORT);
  g_assert_cmpint (ca_trade_match_direction ("inbound"), ==, CA_DIRECTION_IMPORT);
  g_assert_cmpint (ca_trade_match_direction ("进口"), ==, CA_DIRECTION_IMPORT);
  g_assert_cmpint (ca_trade_match_direction (" "), ==, CA_DIRECTION_UNSPECIFIED);
  g_assert_cmpint (ca_trade_match_direction ("进出口"), ==, CA_DIRECTION_UNSPECIFIED);
  g_assert_cmpint (ca_trade_match_direction ("sideways"), ==, -1);
  g_assert_cmpstr (ca_trade_direction_id (CA_DIRECTION_IMPORT), ==, "import");

  /* The unknown direction is rejected with its line; the empty one is
   * kept as unspecified. */
  g_assert_cmpuint (ca_trade_cube_get_n_accepted (cube), ==, 6);
  g_assert_cmpuint (ca_trade_cube_get_n_issues (cube), ==, 1);
  g_assert_cmpuint (ca_trade_cube_get_issue (cube, 0)->line, ==, 8);
  g_assert_nonnull (strstr (ca_trade_cube_get_issue (cube, 0)->reason, "unknown direction “re-export”"));
  g_assert_true (ca_trade_cube_has_directions (cube));
  g_assert_false (ca_trade_cube_has_directions (plain));

  /* March 2025: 90 out, 30 + 20 in, 7 either way; against 60 out and 40
   * in a year before. */
  ca_trade_filter_init (&filter, CA_MONTH (2025, 3), CA_MONTH (2025, 3));
  g_assert_cmpfloat (ca_trade_cube_total (cube, &filter), ==, 147);
  filter.directions = 1u << CA_DIRECTION_EXPORT;
  g_assert_cmpfloat (ca_trade_cube_total (cube, &filter), ==, 90);
  g_assert_cmpfloat_with_epsilon (ca_trade_cube_growth (cube, &filter), 90.0 / 60.0 - 1, 1e-12);
  filter.directions = 1u << CA_DIRECTION_IMPORT;
  g_assert_cmpfloat (ca_trade_cube_total (cube, &filter), ==, 50);
  g_assert_cmpfloat_with_epsilon (ca_trade_cube_growth (cube, &filter), 50.0 / 40.0 - 1, 1e-12);
  filter.directions = (1u << CA_DIRECTION_EXPORT) | (1u << CA_DIRECTION_IMPORT);
  g_assert_cmpfloat (ca_trade_cube_total (cube, &filter), ==, 140);
  filter.directions = 1u << CA_DIRECTION_UNSPECIFIED;
  g_assert_cmpfloat (ca_trade_cube_total (cube, &filter), ==, 7);
}

static void
test_trade_csv_syntax (void)
{
  /* A BOM, CRLF, quoted fields with commas, doubled quotes and a newline
   * inside quotes, and a blank row; the line numbers still count
   * physical lines. */
  g_autoptr(CaTradeCube) cube = cube_from_csv (
    "\xef\xbb\xbf" "Period,PROVINCE,Partner,Mode,Value_CNY,commodity\r\n"
    "2025-01,\"Chongqing\",\"Viet Nam, or \"\"VN\"\"\",rail-sea,\"1,000\",\"XVI\"\r\n"
    "\r\n"
    "2025-01,CN-GX,VN,rail-sea,500,\"machinery\nand parts\"\r\n"
    "2025-13,CN-GX,VN,rail-sea,1,II\r\n");
  CaTradeFilter filter;

  /* "Viet Nam, or "VN"" is no partner: rejected on line 2. */
  g_assert_cmpuint (ca_trade_cube_get_n_rows (cube), ==, 3);
  g_assert_cmpuint (ca_trade_cube_get_n_accepted (cube), ==, 1);
  g_assert_cmpuint (ca_trade_cube_get_issue (cube, 0)->line, ==, 2);
  g_assert_nonnull (strstr (ca_trade_cube_get_issue (cube, 0)->reason, "Viet Nam, or \"VN\""));
  g_assert_cmpuint (ca_trade_cube_get_issue (cube, 1)->line, ==, 6);
  g_assert_nonnull (strstr (ca_trade_cube_get_issue (cube, 1)->reason, "2025-13"));

  ca_trade_filter_init (&filter, CA_MONTH (2025, 1), CA_MONTH (2025, 1));
  g_assert_cmpfloat (ca_trade_cube_total (cube, &filter), ==, 500);
}

static void
test_trade_rejections (void)
{
  g_autoptr(CaTradeCube) cube = cube_from_csv (
    "period,province,partner,mode,value_cny\n"
    "2025-01,CN-CQ,VN,rail-sea,10\n"
    "2025-1x,CN-CQ,VN,rail-sea,10\n"
    "2025-01,Atlantis,VN,rail-sea,10\n"
    "2025-01,CN-CQ,Narnia,rail-sea,10\n"
    "2025-01,CN-CQ,VN,teleport,10\n"
    "2025-01,CN-CQ,VN,rail-sea,ten\n"
    "2025-01,CN-CQ,VN,rail-sea,-10\n"
    "2025-01,CN-CQ,VN\n");
  static const struct { guint line; const char *reason; } expected[] = {
    { 3, "is not a month" },
    { 4, "unknown province “Atlantis”" },
    { 5, "unknown partner “Narnia”" },
    { 6, "unknown mode “teleport”" },
    { 7, "“ten” is not a number" },
    { 8, "is negative" },
    { 9, "3 columns, the header has 5" },
  };

  /* Nothing is dropped silently: each rejected row has its line and why. */
  g_assert_cmpuint (ca_trade_cube_get_n_rows (cube), ==, 8);
  g_assert_cmpuint (ca_trade_cube_get_n_accepted (cube), ==, 1);
  g_assert_cmpuint (ca_trade_cube_get_n_rejected (cube), ==, 7);
  g_assert_cmpuint (ca_trade_cube_get_n_issues (cube), ==, G_N_ELEMENTS (expected));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const CaTradeIssue *issue = ca_trade_cube_get_issue (cube, i);

      g_test_message ("%s", issue->reason);
      g_assert_cmpuint (issue->line, ==, expected[i].line);
      g_assert_nonnull (strstr (issue->reason, expected[i].reason));
    }
}

static void
test_trade_missing_columns (void)
{
  g_autoptr(CaTradeCube) cube = ca_trade_cube_new ();
  g_autoptr(GError) error = NULL;
  const char *text = "period,province,amount_usd\n2025-01,CN-CQ,5\n";

  g_assert_false (ca_trade_cube_add_csv (cube, text, strlen (text), "usd.csv", &error));
  g_assert_error (error, CA_TRADE_ERROR, CA_TRADE_ERROR_COLUMNS);
  g_assert_nonnull (strstr (error->message, "usd.csv"));
  g_assert_nonnull (strstr (error->message, "“partner”"));
  g_assert_nonnull (strstr (error->message, "“value_cny”"));
}

static char *
write_file (const char *name,
            const char *data,
            gssize      length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (tmp_dir, name, NULL);

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);

  return path;
}

static const char *chinese_csv =
  "期间,省份,贸易伙伴,运输方式,金额\n"
  "2025-01,重庆市,越南,铁海联运,300\n"
  "2025-01,广西壮族自治区,老挝,跨境铁路,200\n"
  "2025-02,四川,德国,跨境铁路,100\n";

static void
assert_chinese_totals (CaTradeCube *cube)
{
  CaTradeFilter filter;
  double by_province[CA_N_PROVINCES];

  g_assert_cmpuint (ca_trade_cube_get_n_rows (cube), ==, 3);
  g_assert_cmpuint (ca_trade_cube_get_n_accepted (cube), ==, 3);
  ca_trade_filter_init (&filter, CA_MONTH (2025, 1), CA_MONTH (2025, 2));
  g_assert_cmpfloat (ca_trade_cube_total (cube, &filter), ==, 600);
  ca_trade_cube_by_province (cube, &filter, by_province);
  g_assert_cmpfloat (by_province[province ("CN-CQ")], ==, 300);
  g_assert_cmpfloat (by_province[province ("CN-GX")], ==, 200);
  g_assert_cmpfloat (by_province[province ("CN-SC")], ==, 100);
}

static void
test_trade_gbk (void)
{
  g_autoptr(GError) error = NULL;
  gsize length;
  g_autofree char *gbk = g_convert (chinese_csv, -1, "GB18030", "UTF-8", NULL, &length, &error);
  g_autofree char *path = NULL;
  g_autoptr(CaTradeCube) cube = NULL;

  /* A CSV saved by a Chinese spreadsheet: GBK, with Chinese headers. */
  g_assert_no_error (error);
  g_assert_false (g_utf8_validate (gbk, length, NULL));
  path = write_file ("gbk.csv", gbk, length);

  cube = ca_trade_cube_load (path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ca_trade_cube_get_encoding (cube), ==, "GB18030");
  assert_chinese_totals (cube);
}

/* Writes the Chinese records as a spreadsheet through GDAL. */
static char *
write_sheet (const char *driver_name,
             const char *name,
             const char *csv)
{
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  g_auto(GStrv) lines = g_strsplit (csv, "\n", -1);
  g_auto(GStrv) header = g_strsplit (lines[0], ",", -1);
  GDALDatasetH dataset;
  OGRLayerH layer;

  dataset = GDALCreate (GDALGetDriverByName (driver_name), path, 0, 0, 0, GDT_Unknown, NULL);
  g_assert_nonnull (dataset);
  layer = GDALDatasetCreateLayer (dataset, "records", NULL, wkbNone, NULL);

  for (guint f = 0; header[f] != NULL; f++)
    {
      OGRFieldDefnH field = OGR_Fld_Create (header[f], f == 4 ? OFTReal : OFTString);

      OGR_L_CreateField (layer, field, TRUE);
      OGR_Fld_Destroy (field);
    }

  /* A blank row in the middle, as spreadsheets have. */
  for (guint l = 1; lines[l] != NULL && lines[l][0] != '\0'; l++)
    {
      g_auto(GStrv) cells = g_strsplit (lines[l], ",", -1);
      OGRFeatureH feature = OGR_F_Create (OGR_L_GetLayerDefn (layer));

      for (guint f = 0; cells[f] != NULL; f++)
        {
          if (f == 4)
            OGR_F_SetFieldDouble (feature, f, g_ascii_strtod (cells[f], NULL));
          else
            OGR_F_SetFieldString (feature, f, cells[f]);
        }
      g_assert_cmpint (OGR_L_CreateFeature (layer, feature), ==, OGRERR_NONE);
      OGR_F_Destroy (feature);
    }

  GDALClose (dataset);
  return g_steal_pointer (&path);
}

static void
test_trade_spreadsheets (void)
{
  const char *drivers[][2] = { { "XLSX", "records.xlsx" }, { "ODS", "records.ods" } };

  for (guint i = 0; i < G_N_ELEMENTS (drivers); i++)
    {
      g_autofree char *path = write_sheet (drivers[i][0], drivers[i][1], chinese_csv);
      g_autoptr(GError) error = NULL;
      g_autoptr(CaTradeCube) cube = ca_trade_cube_load (path, NULL, NULL, NULL, &error);

      g_test_message ("%s", drivers[i][0]);
      g_assert_no_error (error);
      assert_chinese_totals (cube);
    }

  /* A bad row in a sheet is reported by sheet and row. */
  {
    g_autofree char *path = write_sheet ("XLSX", "bad.xlsx",
                                         "期间,省份,贸易伙伴,运输方式,金额\n"
                                         "2025-01,重庆,越南,铁海联运,300\n"
                                         "2025-01,亚特兰蒂斯,越南,铁海联运,5\n");
    g_autoptr(GError) error = NULL;
    g_autoptr(CaTradeCube) cube = ca_trade_cube_load (path, NULL, NULL, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (ca_trade_cube_get_n_rejected (cube), ==, 1);
    g_assert_cmpuint (ca_trade_cube_get_issue (cube, 0)->line, ==, 3);
    g_assert_cmpstr (ca_trade_cube_get_issue (cube, 0)->reason, ==,
                     "sheet “records”, row 3: unknown province “亚特兰蒂斯”");
  }
}

static void
test_trade_unreadable (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *empty = write_file ("empty.csv", "", 0);
  g_autoptr(CaTradeCube) cube = ca_trade_cube_load ("/nonexistent/trade.csv", NULL, NULL, NULL, &error);

  g_assert_null (cube);
  g_assert_error (error, CA_TRADE_ERROR, CA_TRADE_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, "/nonexistent/trade.csv"));
  g_clear_error (&error);

  cube = ca_trade_cube_load (empty, NULL, NULL, NULL, &error);
  g_assert_null (cube);
  g_assert_error (error, CA_TRADE_ERROR, CA_TRADE_ERROR_EMPTY);
  g_assert_nonnull (strstr (error->message, empty));
}

static void
test_trade_periods (void)
{
  int from, to;
  g_autofree char *text = NULL;

  g_assert_true (ca_trade_parse_period ("2025-01:2025-10", &from, &to));
  g_assert_cmpint (from, ==, CA_MONTH (2025, 1));
  g_assert_cmpint (to, ==, CA_MONTH (2025, 10));
  g_assert_true (ca_trade_parse_period ("2025-03", &from, &to));
  g_assert_cmpint (from, ==, to);
  g_assert_false (ca_trade_parse_period ("2025-10:2025-01", &from, &to));
  g_assert_false (ca_trade_parse_period ("2025-13", &from, &to));
  g_assert_false (ca_trade_parse_period ("soon", &from, &to));
  text = ca_trade_format_month (CA_MONTH (2025, 11));
  g_assert_cmpstr (text, ==, "2025-11");
}

static void
test_trade_format (void)
{
  g_autofree char *a = ca_trade_format_yuan (1.35e12, CA_LANGUAGE_ENGLISH);
  g_autofree char *b = ca_trade_format_yuan (1.35e12, CA_LANGUAGE_CHINESE);
  g_autofree char *c = ca_trade_format_yuan (611.5e9, CA_LANGUAGE_CHINESE);
  g_autofree char *d = ca_trade_format_yuan (48.96e9, CA_LANGUAGE_ENGLISH);
  g_autofree char *e = ca_trade_format_growth (0.179, CA_LANGUAGE_ENGLISH);
  g_autofree char *f = ca_trade_format_growth (NAN, CA_LANGUAGE_ENGLISH);
  g_autofree char *g = ca_trade_format_period (CA_MONTH (2025, 1), CA_MONTH (2025, 10), CA_LANGUAGE_ENGLISH);
  g_autofree char *h = ca_trade_format_period (CA_MONTH (2025, 1), CA_MONTH (2025, 10), CA_LANGUAGE_CHINESE);
  g_autofree char *i = ca_trade_format_period (CA_MONTH (2024, 12), CA_MONTH (2025, 2), CA_LANGUAGE_ENGLISH);

  g_assert_cmpstr (a, ==, "¥1.35 trillion");
  g_assert_cmpstr (b, ==, "1.35万亿元");
  g_assert_cmpstr (c, ==, "6115.0亿元");
  g_assert_cmpstr (d, ==, "¥49.0 billion");
  g_assert_cmpstr (e, ==, "+17.9 %");
  g_assert_cmpstr (f, ==, "n/a");
  g_assert_cmpstr (g, ==, "Jan–Oct 2025");
  g_assert_cmpstr (h, ==, "2025年1—10月");
  g_assert_cmpstr (i, ==, "Dec 2024–Feb 2025");
}

/* Spellings are matched once, then found again by their bytes: ones
 * that differ only in the middle, or only in spaces, are not taken for
 * one another. */
static void
test_trade_name_cache (void)
{
  static const char *block =
    "2024-01,新疆维吾尔自治区,VN,air,1\n"
    "2024-01,新疆维哈哈自治区,VN,air,2\n"
    "2024-01,Xinjiang Uygur Autonomous Region,VN,air,4\n"
    "2024-01,Xinjiang Uygur AutonomouX Region,VN,air,8\n"
    "2024-01,CN-XJ,VN,air,16\n"
    "2024-01,CN-XX,VN,air,32\n"
    "2024-01, CN-XJ ,VN,air,64\n";
  g_autoptr(GString) text = g_string_new ("period,province,partner,mode,value_cny\n");
  g_autoptr(CaTradeCube) cube = NULL;
  CaTradeFilter filter;

  /* Twice, the second time from the cache; then enough records for the
   * first ones to be read as most records are, far from the end. */
  g_string_append (text, block);
  g_string_append (text, block);
  for (guint i = 0; i < 10; i++)
    g_string_append (text, "2024-02,CN-CQ,VN,air,1\n");
  cube = cube_from_csv (text->str);

  g_assert_cmpuint (ca_trade_cube_get_n_rows (cube), ==, 24);
  g_assert_cmpuint (ca_trade_cube_get_n_accepted (cube), ==, 18);
  g_assert_cmpuint (ca_trade_cube_get_n_issues (cube), ==, 6);
  for (guint i = 0; i < 6; i++)
    g_assert_cmpuint (ca_trade_cube_get_issue (cube, i)->line, ==, 3 + 2 * (i % 3) + 7 * (i / 3));
  g_assert_nonnull (strstr (ca_trade_cube_get_issue (cube, 3)->reason, "unknown province “新疆维哈哈自治区”"));

  ca_trade_filter_init (&filter, CA_MONTH (2024, 1), CA_MONTH (2024, 1));
  filter.provinces = (guint64)1 << province ("CN-XJ");
  g_assert_cmpfloat (ca_trade_cube_total (cube, &filter), ==, 2 * (1 + 4 + 16 + 64));
}

/* A CSV large enough to be parsed on several threads, and what loading
 * it must give, worked out as it is written.  It is made of stretches
 * of plain records and of records with quoted fields that hold commas,
 * doubled quotes, newlines and whole fake records, so that a slice
 * boundary falls among each kind whatever the number of slices.  Some
 * stretches end their lines with CRLF; there are blank lines and bad
 * records throughout, and the last record is a bad one with no newline
 * after it. */
typedef struct
{
  guint       line;
  const char *reason;    /* a part of the reason */
} ExpectedIssue;

typedef struct
{
  GString *text;
  guint    line;         /* the line that the end of the text is on */
  guint64  n_rows;
  guint64  n_accepted;
  guint64  fen[12];      /* accepted yuan, in fen, for each month of 2024 */
  GArray  *issues;       /* ExpectedIssue, every one */
} BigCsv;

static void
big_csv_append (BigCsv     *csv,
                const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    csv->line += *p == '\n';
  g_string_append (csv->text, text);
}

static void
big_csv_reject (BigCsv     *csv,
                guint       line,
                const char *reason)
{
  ExpectedIssue issue = { line, reason };

  g_array_append_val (csv->issues, issue);
}

static void
big_csv_add_record (BigCsv     *csv,
                    GRand      *rand,
                    gboolean    quoted,
                    const char *newline,
                    guint       bad_per_mille)
{
  static const char *provinces[] = { "CN-CQ", "重庆", "Sichuan", "云南省", " CN-GZ ", "广西壮族自治区" };
  static const char *quoted_provinces[] = { "\"CN-CQ\"", "\"广西壮族自治区\"", "\"Guangxi\"" };
  static const char *partners[] = { "VN", "越南", "LA", "Germany", "哈萨克斯坦", "Thailand" };
  static const char *quoted_partners[] = { "\"VN\"", "\"Laos\"", "\"越南\"" };
  static const char *modes[] = { "rail-sea", "cross-border-rail", "铁海联运", "air" };
  static const char *notes[] = { "", "ok", "XVI" };
  static const char *quoted_notes[] = {
    "\"first line\nsecond line, with a comma\"",
    "\"a fake record in quotes:\n2024-01,CN-CQ,VN,rail-sea,99999999,x\n\"",
    "\"\"\"quoted\"\", and\r\nmore\"",
    "\"\n\n\n\"",
    "\"\"",
  };
  guint line = csv->line, month = g_rand_int_range (rand, 0, 12);
  guint fen = g_rand_int_range (rand, 1, 100000000);
  guint kind = g_rand_int_range (rand, 0, 1000);
  const char *province = quoted ? quoted_provinces[g_rand_int_range (rand, 0, G_N_ELEMENTS (quoted_provinces))]
                                : provinces[g_rand_int_range (rand, 0, G_N_ELEMENTS (provinces))];
  const char *partner = quoted ? quoted_partners[g_rand_int_range (rand, 0, G_N_ELEMENTS (quoted_partners))]
                               : partners[g_rand_int_range (rand, 0, G_N_ELEMENTS (partners))];
  const char *mode = modes[g_rand_int_range (rand, 0, G_N_ELEMENTS (modes))];
  const char *note = quoted ? quoted_notes[g_rand_int_range (rand, 0, G_N_ELEMENTS (quoted_notes))]
                            : notes[g_rand_int_range (rand, 0, G_N_ELEMENTS (notes))];
  g_autofree char *month_text = g_strdup_printf ("2024-%02u", month + 1);
  g_autofree char *value_text = g_strdup_printf ("%u.%02u", fen / 100, fen % 100);
  const char *period = month_text, *value = value_text;
  g_autofree char *record = NULL;

  if (kind < 15)
    {
      big_csv_append (csv, newline);   /* a blank line */
      return;
    }

  csv->n_rows++;
  if (kind < 15 + 6 * bad_per_mille)
    {
      /* One of six mistakes. */
      switch ((kind - 15) % 6)
        {
        case 0:
          period = "2024-13";
          big_csv_reject (csv, line, "“2024-13” is not a month");
          break;
        case 1:
          province = quoted ? "\"Atlantis\"" : "Atlantis";
          big_csv_reject (csv, line, "unknown province “Atlantis”");
          break;
        case 2:
          partner = quoted ? "\"Narnia, the land\"" : "Narnia";
          big_csv_reject (csv, line, quoted ? "unknown partner “Narnia, the land”" : "unknown partner “Narnia”");
          break;
        case 3:
          value = "ten";
          big_csv_reject (csv, line, "the value “ten” is not a number");
          break;
        case 4:
          value = "-5.5";
          big_csv_reject (csv, line, "the value -5.5 is negative");
          break;
        default:
          record = g_strdup_printf ("%s,%s%s", period, province, newline);
          big_csv_reject (csv, line, "2 columns, the header has 6");
          break;
        }
    }
  else
    {
      csv->n_accepted++;
      csv->fen[month] += fen;
    }

  if (record == NULL)
    record = g_strdup_printf ("%s,%s,%s,%s,%s,%s%s", period, province, partner, mode, value, note, newline);
  big_csv_append (csv, record);
}

static void
big_csv_init (BigCsv *csv,
              gsize   size,
              guint   bad_per_mille,
              guint   seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  memset (csv, 0, sizeof *csv);
  csv->text = g_string_new (NULL);
  csv->issues = g_array_new (FALSE, FALSE, sizeof (ExpectedIssue));
  csv->line = 1;

  /* Chinese headers, so that the text converted to GBK is taken as GBK. */
  big_csv_append (csv, "期间,省份,贸易伙伴,运输方式,金额,备注\n");

  while (csv->text->len < size)
    {
      gsize stretch_end = csv->text->len + g_rand_int_range (rand, 1024, 256 * 1024);
      gboolean quoted = g_rand_boolean (rand);
      const char *newline = g_rand_int_range (rand, 0, 3) == 0 ? "\r\n" : "\n";

      while (csv->text->len < stretch_end)
        big_csv_add_record (csv, rand, quoted, newline, bad_per_mille);
    }

  /* The last record is rejected, and has no newline. */
  csv->n_rows++;
  big_csv_reject (csv, csv->line, "unknown mode “teleport”");
  big_csv_append (csv, "2024-06,CN-CQ,VN,teleport,1.00,");
}

static void
big_csv_clear (BigCsv *csv)
{
  g_string_free (csv->text, TRUE);
  g_array_unref (csv->issues);
}

/* Checks @cube against what @csv must give, and its totals against
 * @reference's to the last bit. */
static void
assert_big_cube (CaTradeCube  *cube,
                 const BigCsv *csv,
                 CaTradeCube  *reference)
{
  guint n_issues = MIN (csv->issues->len, 1000);
  int first, last;

  g_assert_cmpuint (ca_trade_cube_get_n_rows (cube), ==, csv->n_rows);
  g_assert_cmpuint (ca_trade_cube_get_n_accepted (cube), ==, csv->n_accepted);
  g_assert_cmpuint (ca_trade_cube_get_n_issues (cube), ==, n_issues);

  /* The first thousand rejected rows, in the order of the file, each
   * with its line. */
  for (guint i = 0; i < n_issues; i++)
    {
      const CaTradeIssue *issue = ca_trade_cube_get_issue (cube, i);
      const ExpectedIssue *expected = &g_array_index (csv->issues, ExpectedIssue, i);
      g_autofree char *where = g_strdup_printf ("line %u: ", expected->line);

      if (issue->line != expected->line || !g_str_has_prefix (issue->reason, where) ||
          strstr (issue->reason, expected->reason) == NULL)
        g_error ("issue %u: %u “%s”, expected %u “%s”", i, issue->line, issue->reason,
                 expected->line, expected->reason);
    }

  g_assert_true (ca_trade_cube_get_months (cube, &first, &last));
  g_assert_cmpint (first, ==, CA_MONTH (2024, 1));
  g_assert_cmpint (last, ==, CA_MONTH (2024, 12));

  for (int m = 0; m < 12; m++)
    {
      CaTradeFilter filter;
      double total;

      ca_trade_filter_init (&filter, CA_MONTH (2024, m + 1), CA_MONTH (2024, m + 1));
      total = ca_trade_cube_total (cube, &filter);
      g_assert_cmpfloat_with_epsilon (total, csv->fen[m] / 100.0, csv->fen[m] / 100.0 * 1e-12);
      if (reference != NULL)
        g_assert_cmpfloat (total, ==, ca_trade_cube_total (reference, &filter));
    }
}

static CaTradeCube *
cube_from_text (const char *text,
                gsize       length,
                const char *slices)
{
  g_autoptr(GError) error = NULL;
  CaTradeCube *cube = ca_trade_cube_new ();

  g_test_message ("%s slices", slices != NULL ? slices : "default");
  if (slices != NULL)
    g_setenv ("CA_TRADE_THREADS", slices, TRUE);
  else
    g_unsetenv ("CA_TRADE_THREADS");

  g_assert_true (ca_trade_cube_add_csv (cube, text, length, "big.csv", &error));
  g_assert_no_error (error);

  return cube;
}

typedef struct
{
  GThread *thread;
  guint    n_calls;
  double   last;
} ProgressCheck;

static void
check_progress (double   fraction,
                gpointer data)
{
  ProgressCheck *check = data;

  /* Only ever called on the thread that loads. */
  g_assert_true (g_thread_self () == check->thread);
  g_assert_cmpfloat (fraction, >=, 0);
  g_assert_cmpfloat (fraction, <=, 1);
  check->n_calls++;
  check->last = fraction;
}

static void
test_trade_parallel (void)
{
  static const char *slices[] = { "1", "2", "3", "4", "5", "7", "8", "13" };
  g_autofree char *saved = g_strdup (g_getenv ("CA_TRADE_THREADS"));
  g_autoptr(CaTradeCube) reference = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  BigCsv csv;

  /* 6 MiB, past the size that is parsed on one thread, with some
   * hundred bad rows: all of them are listed. */
  big_csv_init (&csv, 6 * 1024 * 1024, 1, 2026);
  g_assert_cmpuint (csv.issues->len, >, 500);
  g_assert_cmpuint (csv.issues->len, <, 1000);

  /* Loaded from a file on as many threads as there are cores. */
  g_unsetenv ("CA_TRADE_THREADS");
  path = write_file ("big.csv", csv.text->str, csv.text->len);
  {
    ProgressCheck check = { g_thread_self (), 0, -1 };

    reference = ca_trade_cube_load (path, check_progress, &check, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (check.n_calls, >, 0);
    g_assert_cmpfloat (check.last, ==, 1.0);
  }
  assert_big_cube (reference, &csv, NULL);

  /* Cut into any number of slices, one being the single-threaded parse,
   * it gives the same to the last bit. */
  for (guint i = 0; i < G_N_ELEMENTS (slices); i++)
    {
      g_autoptr(CaTradeCube) cube = cube_from_text (csv.text->str, csv.text->len, slices[i]);

      assert_big_cube (cube, &csv, reference);
    }

  /* The same text in GBK is converted, then parsed the same way. */
  {
    gsize length;
    g_autofree char *gbk = g_convert (csv.text->str, csv.text->len, "GB18030", "UTF-8", NULL, &length, &error);
    g_autoptr(CaTradeCube) cube = NULL;

    g_assert_no_error (error);
    cube = cube_from_text (gbk, length, "3");
    g_assert_cmpstr (ca_trade_cube_get_encoding (cube), ==, "GB18030");
    assert_big_cube (cube, &csv, reference);
  }

  /* Cancelled, on any number of threads. */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(CaTradeCube) cube = NULL;

      g_setenv ("CA_TRADE_THREADS", slices[i], TRUE);
      g_cancellable_cancel (cancellable);
      cube = ca_trade_cube_load (path, NULL, NULL, cancellable, &error);
      g_assert_null (cube);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_error (&error);
    }

  big_csv_clear (&csv);

  /* More bad rows than are listed: the first thousand in the file are,
   * from however many slices they come. */
  big_csv_init (&csv, 5 * 1024 * 1024, 3, 7);
  g_assert_cmpuint (csv.issues->len, >, 1500);
  {
    g_autoptr(CaTradeCube) first = cube_from_text (csv.text->str, csv.text->len, "1");

    assert_big_cube (first, &csv, NULL);
    for (guint i = 1; i < 5; i++)
      {
        g_autoptr(CaTradeCube) cube = cube_from_text (csv.text->str, csv.text->len, slices[i]);

        assert_big_cube (cube, &csv, first);
        g_assert_cmpuint (ca_trade_cube_get_n_rejected (cube), ==, csv.issues->len);
      }
  }
  big_csv_clear (&csv);

  if (saved != NULL)
    g_setenv ("CA_TRADE_THREADS", saved, TRUE);
  else
    g_unsetenv ("CA_TRADE_THREADS");
}

/* A small text cut into more slices than it has records parses as it
 * does whole: slices that start inside quotes, or hold nothing. */
static void
test_trade_slices (void)
{
  static const char *text =
    "\xef\xbb\xbf" "Period,PROVINCE,Partner,Mode,Value_CNY,commodity\r\n"
    "2025-01,\"Chongqing\",\"Viet Nam, or \"\"VN\"\"\",rail-sea,\"1,000\",\"XVI\"\r\n"
    "\r\n"
    "2025-01,CN-GX,VN,rail-sea,500,\"machinery\nand parts\n2025-01,CN-GX,VN,rail-sea,7,x\n\"\r\n"
    "\n"
    "2025-13,CN-GX,VN,rail-sea,1,II\r\n"
    "2025-02,CN-CQ,\"VN\"x,air,2.5,\"\"\r\n"
    "2025-02,CN-CQ,VN,air,12.25,\"a \"\"b\"\"\"\r\n"
    "2025-02,CN-CQ,LA,air,3\n"
    "2025-03,CN-CQ,LA,air,\"4\n";
  g_autofree char *saved = g_strdup (g_getenv ("CA_TRADE_THREADS"));
  g_autoptr(CaTradeCube) whole = cube_from_text (text, strlen (text), "1");
  CaTradeFilter filter;

  g_assert_cmpuint (ca_trade_cube_get_n_rows (whole), ==, 7);
  g_assert_cmpuint (ca_trade_cube_get_n_accepted (whole), ==, 3);
  g_assert_cmpuint (ca_trade_cube_get_n_issues (whole), ==, 4);
  g_assert_cmpuint (ca_trade_cube_get_issue (whole, 0)->line, ==, 2);
  g_assert_cmpuint (ca_trade_cube_get_issue (whole, 1)->line, ==, 9);
  g_assert_cmpuint (ca_trade_cube_get_issue (whole, 2)->line, ==, 10);
  g_assert_nonnull (strstr (ca_trade_cube_get_issue (whole, 2)->reason, "unknown partner “VNx”"));
  g_assert_cmpuint (ca_trade_cube_get_issue (whole, 3)->line, ==, 13);
  g_assert_nonnull (strstr (ca_trade_cube_get_issue (whole, 3)->reason, "“4\n”"));
  ca_trade_filter_init (&filter, CA_MONTH (2025, 1), CA_MONTH (2025, 3));
  g_assert_cmpfloat (ca_trade_cube_total (whole, &filter), ==, 515.25);

  for (guint n = 2; n <= 40; n++)
    {
      g_autofree char *slices = g_strdup_printf ("%u", n);
      g_autoptr(CaTradeCube) cube = cube_from_text (text, strlen (text), slices);

      g_assert_cmpuint (ca_trade_cube_get_n_rows (cube), ==, 7);
      g_assert_cmpuint (ca_trade_cube_get_n_accepted (cube), ==, 3);
      g_assert_cmpuint (ca_trade_cube_get_n_issues (cube), ==, 4);
      for (guint i = 0; i < 4; i++)
        {
          g_assert_cmpuint (ca_trade_cube_get_issue (cube, i)->line, ==, ca_trade_cube_get_issue (whole, i)->line);
          g_assert_cmpstr (ca_trade_cube_get_issue (cube, i)->reason, ==, ca_trade_cube_get_issue (whole, i)->reason);
        }
      g_assert_cmpfloat (ca_trade_cube_total (cube, &filter), ==, 515.25);
    }

  if (saved != NULL)
    g_setenv ("CA_TRADE_THREADS", saved, TRUE);
  else
    g_unsetenv ("CA_TRADE_THREADS");
}

/* Every input that once crashed the CSV fuzz target, and its seeds. */
static void
test_trade_fuzz_csv (void)
{
  fuzz_run_regressions ("trade-csv", fuzz_trade_csv_one);
}

/* The same for the name matchers. */
static void
test_trade_fuzz_names (void)
{
  fuzz_run_regressions ("trade-names", fuzz_trade_names_one);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  GDALAllRegister ();
  tmp_dir = g_dir_make_tmp ("ca-trade-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/trade/province-names", test_trade_province_names);
  g_test_add_func ("/trade/partner-names", test_trade_partner_names);
  g_test_add_func ("/trade/modes", test_trade_modes);
  g_test_add_func ("/trade/aggregation", test_trade_aggregation);
  g_test_add_func ("/trade/directions", test_trade_directions);
  g_test_add_func ("/trade/csv-syntax", test_trade_csv_syntax);
  g_test_add_func ("/trade/rejections", test_trade_rejections);
  g_test_add_func ("/trade/missing-columns", test_trade_missing_columns);
  g_test_add_func ("/trade/gbk", test_trade_gbk);
  g_test_add_func ("/trade/spreadsheets", test_trade_spreadsheets);
  g_test_add_func ("/trade/unreadable", test_trade_unreadable);
  g_test_add_func ("/trade/periods", test_trade_periods);
  g_test_add_func ("/trade/format", test_trade_format);
  g_test_add_func ("/trade/name-cache", test_trade_name_cache);
  g_test_add_func ("/trade/parallel", test_trade_parallel);
  g_test_add_func ("/trade/slices", test_trade_slices);
  g_test_add_func ("/trade/fuzz-csv", test_trade_fuzz_csv);
  g_test_add_func ("/trade/fuzz-names", test_trade_fuzz_names);

  status = g_test_run ();
  test_remove_tree (tmp_dir);
  g_free (tmp_dir);

  return status;
}
