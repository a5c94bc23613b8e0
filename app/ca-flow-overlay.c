/* ca-flow-overlay.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ca-flow-overlay"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ca-flow-overlay.h"
#include "ca-layer-view.h"
#include "ca-trade-cube.h"

/* Trade flows over the map, drawn by the core's ca_flow_draw(), the
 * function figure export uses too: arcs, the load along the corridor,
 * the province choropleth and circles, as the statistics panel chose. */

struct _CaFlowOverlay
{
  ShumateLayer  parent_instance;

  /* Owned References */
  CaFlowModel  *model;
  CaBasemap    *basemap;

  CaFlowStyle   style;
  gboolean      visible;
};

G_DEFINE_FINAL_TYPE (CaFlowOverlay, ca_flow_overlay, SHUMATE_TYPE_LAYER)

static void
ca_flow_overlay_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  CaFlowOverlay *self = (CaFlowOverlay *)widget;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;
  CaView view;

  if (self->model == NULL || !self->visible || width <= 0 || height <= 0)
    return;

  ca_layer_view_init (&view, SHUMATE_LAYER (self));
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  ca_flow_draw (self->model, self->basemap, cr, &view, &self->style);
  cairo_destroy (cr);
}

static void
queue_draw_cb (CaFlowOverlay *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
ca_flow_overlay_constructed (GObject *object)
{
  CaFlowOverlay *self = (CaFlowOverlay *)object;

  G_OBJECT_CLASS (ca_flow_overlay_parent_class)->constructed (object);

  g_signal_connect_object (shumate_layer_get_viewport (SHUMATE_LAYER (self)), "notify",
                           G_CALLBACK (queue_draw_cb), self, G_CONNECT_SWAPPED);
}

static void
ca_flow_overlay_dispose (GObject *object)
{
  CaFlowOverlay *self = (CaFlowOverlay *)object;

  g_clear_object (&self->model);
  g_clear_object (&self->basemap);

  G_OBJECT_CLASS (ca_flow_overlay_parent_class)->dispose (object);
}

static void
ca_flow_overlay_class_init (CaFlowOverlayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ca_flow_overlay_constructed;
  object_class->dispose = ca_flow_overlay_dispose;
  widget_class->snapshot = ca_flow_overlay_snapshot;
}

static void
ca_flow_overlay_init (CaFlowOverlay *self)
{
  ca_flow_style_init (&self->style);
  self->visible = TRUE;
}

CaFlowOverlay *
ca_flow_overlay_new (ShumateViewport *viewport)
{
  g_return_val_if_fail (SHUMATE_IS_VIEWPORT (viewport), NULL);

  return g_object_new (CA_TYPE_FLOW_OVERLAY, "viewport", viewport, NULL);
}

/**
 * ca_flow_overlay_set_model:
 * @basemap: (nullable): gives provinces their shapes for the choropleth
 */
void
ca_flow_overlay_set_model (CaFlowOverlay *self,
                           CaFlowModel   *model,
                           CaBasemap     *basemap)
{
  g_return_if_fail (CA_IS_FLOW_OVERLAY (self));

  g_set_object (&self->model, model);
  g_set_object (&self->basemap, basemap);
  self->style.highlight = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

CaFlowModel *
ca_flow_overlay_get_model (CaFlowOverlay *self)
{
  g_return_val_if_fail (CA_IS_FLOW_OVERLAY (self), NULL);

  return self->model;
}

void
ca_flow_overlay_set_style (CaFlowOverlay     *self,
                           const CaFlowStyle *style)
{
  int highlight, selected;

  g_return_if_fail (CA_IS_FLOW_OVERLAY (self));

  /* Highlight and selection belong to the pointer, not to the panel. */
  highlight = self->style.highlight;
  selected = self->style.selected_province;
  self->style = *style;
  self->style.highlight = highlight;
  self->style.selected_province = selected;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
ca_flow_overlay_get_style (CaFlowOverlay *self,
                           CaFlowStyle   *style)
{
  g_return_if_fail (CA_IS_FLOW_OVERLAY (self));

  *style = self->style;
}

void
ca_flow_overlay_set_visible (CaFlowOverlay *self,
                             gboolean       visible)
{
  g_return_if_fail (CA_IS_FLOW_OVERLAY (self));

  self->visible = visible;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * ca_flow_overlay_pick:
 *
 * Returns: the flow under (@x, @y), or -1
 */
int
ca_flow_overlay_pick (CaFlowOverlay *self,
                      double         x,
                      double         y)
{
  CaView view;

  g_return_val_if_fail (CA_IS_FLOW_OVERLAY (self), -1);

  if (self->model == NULL || !self->visible)
    return -1;

  ca_layer_view_init (&view, SHUMATE_LAYER (self));
  return ca_flow_hit_test (self->model, &view, &self->style, x, y);
}

void
ca_flow_overlay_set_highlight (CaFlowOverlay *self,
                               int            flow)
{
  g_return_if_fail (CA_IS_FLOW_OVERLAY (self));

  if (self->style.highlight == flow)
    return;

  self->style.highlight = flow;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * ca_flow_overlay_select_province:
 * @province: a province index, or -1 for all
 *
 * Shows only the flows of one province.
 */
void
ca_flow_overlay_select_province (CaFlowOverlay *self,
                                 int            province)
{
  g_return_if_fail (CA_IS_FLOW_OVERLAY (self));

  self->style.selected_province = province;
  self->style.highlight = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * ca_flow_overlay_dup_tooltip:
 *
 * Returns: the text a flow's tooltip shows: origin, partner, value,
 *   YoY and share
 */
char *
ca_flow_overlay_dup_tooltip (CaFlowOverlay *self,
                             int            index)
{
  CaLanguage language = ca_language_from_locale ();
  const CaFlow *flow;
  const CaRegion *region;
  const CaPlaceName *province;
  g_autofree char *value = NULL;
  g_autofree char *growth = NULL;
  g_autofree char *share = NULL;
  const char *origin, *partner;

  g_return_val_if_fail (CA_IS_FLOW_OVERLAY (self), NULL);
  g_return_val_if_fail (self->model != NULL, NULL);

  flow = ca_flow_model_get_flow (self->model, index);
  region = ca_trade_get_region (flow->region);
  province = ca_place_names_lookup (ca_trade_province_code (flow->province));
  value = ca_trade_format_yuan (flow->value, language);
  growth = ca_trade_format_growth (flow->growth, language);
  /* A thin flow's share is not nothing. */
  if (flow->share > 0 && flow->share < 0.001)
    share = g_strdup ("< 0.1 %");
  else
    share = g_strdup_printf ("%.1f %%", flow->share * 100);

  origin = ca_place_name_get_label (province, language);
  partner = language == CA_LANGUAGE_CHINESE ? region->name_zh : region->name_en;

  if (flow->direction == CA_DIRECTION_IMPORT)
    /* translators: "ASEAN → Chongqing, imports", then value, year-on-year change and share */
    return g_strdup_printf (_("%s → %s, imports\n%s, %s YoY, %s of the total"),
                            partner, origin, value, growth, share);

  if (flow->direction == CA_DIRECTION_EXPORT)
    /* translators: "Chongqing → ASEAN, exports", then value, year-on-year change and share */
    return g_strdup_printf (_("%s → %s, exports\n%s, %s YoY, %s of the total"),
                            origin, partner, value, growth, share);

  /* translators: "Chongqing → ASEAN", then value, year-on-year change and share */
  return g_strdup_printf (_("%s → %s\n%s, %s YoY, %s of the total"),
                          origin, partner, value, growth, share);
}
