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

  status = g_test_run ();
  test_remove_tree (tmp_dir);
  g_free (tmp_dir);

  return status;
}
