/* ca-place-names.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <pango/pango.h>

G_BEGIN_DECLS

typedef enum
{
  CA_LANGUAGE_ENGLISH,
  CA_LANGUAGE_CHINESE,
} CaLanguage;

typedef struct _CaPlaceName
{
  char *code;      /* "VN", or "CN-CQ" for a province */
  char *name_en;
  char *name_zh;   /* the official name: 重庆市 */
  char *short_zh;  /* the name maps print: 重庆 (NULL for countries) */
  char *pinyin;    /* Hanyu pinyin without tones (NULL for countries) */
} CaPlaceName;

CaLanguage         ca_language_from_locale        (void);
CaLanguage         ca_language_from_string        (const char *locale);
PangoLanguage     *ca_language_get_pango          (CaLanguage  language);

const CaPlaceName *ca_place_names_lookup          (const char *code);
const char        *ca_place_name_get_label        (const CaPlaceName *name,
                                                   CaLanguage         language);
guint              ca_place_names_get_n_provinces (void);
const char * const *ca_place_names_get_province_codes (void);

G_END_DECLS
