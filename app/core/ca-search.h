/* ca-search.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ca-basemap.h"
#include "ca-vector-layer.h"

G_BEGIN_DECLS

typedef enum
{
  CA_SEARCH_FEATURE,
  CA_SEARCH_PROVINCE,
} CaSearchKind;

typedef struct
{
  CaSearchKind  kind;
  guint         layer;      /* CA_SEARCH_FEATURE: index into the layers searched */
  guint         feature;    /* …and the feature's index in that layer */
  const char   *code;       /* CA_SEARCH_PROVINCE: "CN-GX" */
  char         *title;      /* the name in the chosen language */
  char         *subtitle;   /* the other name */
  double        longitude;  /* where to go */
  double        latitude;
  CaBBox        bbox;       /* what to show, in world units */
  int           score;
} CaSearchResult;

void       ca_search_result_free (CaSearchResult       *result);
char      *ca_search_normalize   (const char           *text);
GPtrArray *ca_search             (const char           *query,
                                  CaVectorLayer * const *layers,
                                  guint                 n_layers,
                                  CaBasemap            *basemap,
                                  CaLanguage            language,
                                  guint                 limit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaSearchResult, ca_search_result_free)

G_END_DECLS
