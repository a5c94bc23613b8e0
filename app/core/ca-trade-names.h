/* ca-trade-names.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "ca-place-names.h"

G_BEGIN_DECLS

typedef enum
{
  CA_MODE_RAIL_SEA,
  CA_MODE_CROSS_BORDER_RAIL,
  CA_MODE_CROSS_BORDER_ROAD,
  CA_MODE_AIR,
  CA_MODE_OTHER,
  CA_N_MODES
} CaMode;

/* Which way the goods go, seen from the province.  Records that do not
 * say (no direction column, or an empty field) count as unspecified. */
typedef enum
{
  CA_DIRECTION_EXPORT,        /* outbound: from the province to the partner */
  CA_DIRECTION_IMPORT,        /* inbound: from the partner to the province */
  CA_DIRECTION_UNSPECIFIED,
  CA_N_DIRECTIONS
} CaDirection;

#define CA_N_PROVINCES 34
#define CA_N_REGIONS   11
#define CA_NO_COUNTRY  0xffff

typedef struct
{
  const char *id;        /* "asean" */
  const char *name_en;
  const char *name_zh;
  double      anchor_longitude;
  double      anchor_latitude;
  double      red;
  double      green;
  double      blue;
} CaRegion;

int             ca_trade_match_province   (const char *text);
gboolean        ca_trade_match_partner    (const char *text,
                                           int        *region,
                                           int        *country);
int             ca_trade_match_mode       (const char *text);
int             ca_trade_match_direction  (const char *text);

const char     *ca_trade_province_code    (int         province);
const CaRegion *ca_trade_get_region       (int         region);
int             ca_trade_find_region      (const char *id);
const char     *ca_trade_country_code     (int         country);
const char     *ca_trade_mode_id          (CaMode      mode);
const char     *ca_trade_mode_label       (CaMode      mode,
                                           CaLanguage  language);
const char     *ca_trade_direction_id     (CaDirection direction);
const char     *ca_trade_direction_label  (CaDirection direction,
                                           CaLanguage  language);

G_END_DECLS
