/* ca-flow-model-private.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ca-flow-model.h"

G_BEGIN_DECLS

/* The part of one flow that travels by one mode, and the segments of the
 * network it is routed over (in order, from the province). */
typedef struct
{
  guint  flow;         /* index of the flow, in the model's sorted order */
  CaMode mode;
  double value;
  guint  first;        /* into the model's list of path segments */
  guint  n_segments;
} CaRoutedFlow;

CaFlowModel        *_ca_flow_model_new_for_flows      (const CaFlow *flows,
                                                       guint         n_flows);
guint               _ca_flow_model_get_n_routed       (CaFlowModel  *self);
const CaRoutedFlow *_ca_flow_model_get_routed         (CaFlowModel  *self,
                                                       guint         index);
const guint        *_ca_flow_model_get_path_segments  (CaFlowModel  *self);
double              _ca_flow_model_get_max_value      (CaFlowModel  *self);
double              _ca_flow_model_get_max_load       (CaFlowModel  *self);

G_END_DECLS
