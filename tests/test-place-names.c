/* test-place-names.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ca-place-names.h"

static void
test_place_names_provinces (void)
{
  static const struct {
    const char *code;
    const char *name_en;
    const char *name_zh;
    const char *short_zh;
  } known[] = {
    { "CN-CQ", "Chongqing", "重庆市", "重庆" },
    { "CN-GX", "Guangxi", "广西壮族自治区", "广西" },
    { "CN-GZ", "Guizhou", "贵州省", "贵州" },
    { "CN-SC", "Sichuan", "四川省", "四川" },
    { "CN-YN", "Yunnan", "云南省", "云南" },
    { "CN-NM", "Inner Mongolia", "内蒙古自治区", "内蒙古" },
    { "CN-XJ", "Xinjiang", "新疆维吾尔自治区", "新疆" },
    { "CN-XZ", "Xizang", "西藏自治区", "西藏" },
    { "CN-NX", "Ningxia", "宁夏回族自治区", "宁夏" },
    { "CN-HK", "Hong Kong", "香港特别行政区", "香港" },
    { "CN-MO", "Macao", "澳门特别行政区", "澳门" },
    { "CN-TW", "Taiwan", "台湾省", "台湾" },
    { "CN-SN", "Shaanxi", "陕西省", "陕西" },
    { "CN-SX", "Shanxi", "山西省", "山西" },
  };

  /* Every province-level division: 23 provinces, 5 autonomous regions,
   * 4 municipalities and 2 special administrative regions. */
  g_assert_cmpuint (ca_place_names_get_n_provinces (), ==, 34);

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    {
      const CaPlaceName *name = ca_place_names_lookup (known[i].code);

      g_assert_nonnull (name);
      g_assert_cmpstr (name->code, ==, known[i].code);
      g_assert_cmpstr (name->name_en, ==, known[i].name_en);
      g_assert_cmpstr (name->name_zh, ==, known[i].name_zh);
      g_assert_cmpstr (name->short_zh, ==, known[i].short_zh);
      g_assert_cmpstr (ca_place_name_get_label (name, CA_LANGUAGE_CHINESE), ==, known[i].short_zh);
      g_assert_cmpstr (ca_place_name_get_label (name, CA_LANGUAGE_ENGLISH), ==, known[i].name_en);
    }
}

static void
test_place_names_countries (void)
{
  const CaPlaceName *vietnam = ca_place_names_lookup ("VN");
  const CaPlaceName *laos = ca_place_names_lookup ("LA");

  g_assert_nonnull (vietnam);
  g_assert_cmpstr (vietnam->name_en, ==, "Vietnam");
  g_assert_cmpstr (vietnam->name_zh, ==, "越南");
  g_assert_null (vietnam->short_zh);
  g_assert_cmpstr (ca_place_name_get_label (vietnam, CA_LANGUAGE_CHINESE), ==, "越南");

  g_assert_nonnull (laos);
  g_assert_cmpstr (laos->name_zh, ==, "老挝");

  g_assert_null (ca_place_names_lookup ("ZZ"));
  g_assert_null (ca_place_names_lookup ("CN-ZZ"));
}

static void
test_place_names_language (void)
{
  g_assert_cmpint (ca_language_from_string ("zh_CN.UTF-8"), ==, CA_LANGUAGE_CHINESE);
  g_assert_cmpint (ca_language_from_string ("zh_TW"), ==, CA_LANGUAGE_CHINESE);
  g_assert_cmpint (ca_language_from_string ("en_GB.UTF-8"), ==, CA_LANGUAGE_ENGLISH);
  g_assert_cmpint (ca_language_from_string ("C"), ==, CA_LANGUAGE_ENGLISH);
  g_assert_cmpint (ca_language_from_string (NULL), ==, CA_LANGUAGE_ENGLISH);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/place-names/provinces", test_place_names_provinces);
  g_test_add_func ("/place-names/countries", test_place_names_countries);
  g_test_add_func ("/place-names/language", test_place_names_language);

  return g_test_run ();
}
