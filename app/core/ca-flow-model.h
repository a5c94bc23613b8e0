/* ca-flow-model.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ca-basemap.h"
#include "ca-trade-cube.h"
#include "ca-vector-layer.h"

G_BEGIN_DECLS

typedef enum
{
  CA_FLOW_DIRECT,
  CA_FLOW_ROUTED,
} CaFlowLayout;

/* Trade between one province and one partner region in one direction,
 * all selected modes together: exports (and trade that gives no
 * direction) from the province's anchor to the region's, imports the
 * other way. */
typedef struct
{
  int         province;
  int         region;
  CaDirection direction;  /* imports run from the region to the province */
  double value;      /* yuan */
  double base;       /* the same months a year earlier */
  double growth;     /* year on year, as a fraction; NAN when there is no base */
  double share;      /* of the model's total */
  double from_lon;
  double from_lat;
  double to_lon;
  double to_lat;
} CaFlow;

/* One stretch of the corridor network between two junctions, and the
 * trade routed over it. */
typedef struct
{
  guint   n_points;
  double *lonlat;          /* 2 × n_points */
  double *world;           /* 2 × n_points, Web Mercator 0…1 */
  double  length;          /* metres, along the network */
  double  load;            /* yuan */
  int     route_feature;   /* index in the routes layer, or -1 for a transfer link */
} CaFlowSegment;

#define CA_TYPE_FLOW_MODEL (ca_flow_model_get_type ())

G_DECLARE_FINAL_TYPE (CaFlowModel, ca_flow_model, CA, FLOW_MODEL, GObject)

CaFlowModel         *ca_flow_model_new                 (CaTradeCube         *cube,
                                                        const CaTradeFilter *filter,
                                                        CaBasemap           *basemap,
                                                        CaVectorLayer       *routes,
                                                        CaVectorLayer       *nodes,
                                                        CaVectorLayer       *ports);

guint                ca_flow_model_get_n_flows         (CaFlowModel         *self);
const CaFlow        *ca_flow_model_get_flow            (CaFlowModel         *self,
                                                        guint                index);
double               ca_flow_model_get_total           (CaFlowModel         *self);
void                 ca_flow_model_get_province_totals (CaFlowModel         *self,
                                                        double              *totals);
gboolean             ca_flow_model_get_province_anchor (CaFlowModel         *self,
                                                        int                  province,
                                                        double              *longitude,
                                                        double              *latitude);

guint                ca_flow_model_get_n_segments      (CaFlowModel         *self);
const CaFlowSegment *ca_flow_model_get_segment         (CaFlowModel         *self,
                                                        guint                index);
gboolean             ca_flow_model_route_path          (CaFlowModel         *self,
                                                        guint                flow,
                                                        GArray             **segment_indices);
guint                ca_flow_model_get_n_unrouted      (CaFlowModel         *self);

G_END_DECLS
