/* ca-vector-overlay.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ca-vector-overlay"

#include "config.h"

#include "ca-vector-draw.h"
#include "ca-layer-view.h"
#include "ca-vector-overlay.h"

/* Draws the corridor and the planner's vector layers over the basemap
 * with the core's ca_vector_draw(), the function exports use too.  It
 * redraws whenever the viewport moves or a layer changes, highlights the
 * feature under the pointer, and reports clicks on features.
 */

struct _CaVectorOverlay
{
  ShumateLayer    parent_instance;

  /* Owned References */
  GListModel     *layers;
  CaMapLayer     *highlight_layer;
  CaBasemap      *province_basemap;
  char           *province_code;

  int             highlight_index;
  CaBasemapStyle  palette;
  CaLanguage      language;
};

G_DEFINE_FINAL_TYPE (CaVectorOverlay, ca_vector_overlay, SHUMATE_TYPE_LAYER)

enum {
  FEATURE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
fill_style (CaVectorOverlay *self,
            CaMapLayer      *layer,
            CaVectorStyle   *style)
{
  const GdkRGBA *color = ca_map_layer_get_color (layer);

  ca_vector_style_init (style);
  style->color = (CaRgb) { color->red, color->green, color->blue };
  style->width = ca_map_layer_get_width (layer);
  style->opacity = ca_map_layer_get_opacity (layer);
  style->thematic = ca_map_layer_get_thematic (layer);
  style->show_labels = TRUE;
  style->language = self->language;
  style->palette = self->palette;
  style->highlight = layer == self->highlight_layer ? self->highlight_index : -1;
}

static void
ca_vector_overlay_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  CaVectorOverlay *self = (CaVectorOverlay *)widget;
  g_autoptr(CaLabelSet) labels = NULL;
  guint n = g_list_model_get_n_items (self->layers);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;
  CaView view;

  if (width <= 0 || height <= 0)
    return;

  ca_layer_view_init (&view, SHUMATE_LAYER (self));
  labels = ca_label_set_new ();
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CaMapLayer) layer = g_list_model_get_item (self->layers, i);
      CaVectorStyle style;

      if (!ca_map_layer_get_visible (layer))
        continue;

      fill_style (self, layer, &style);
      ca_vector_draw (ca_map_layer_get_vector (layer), cr, &view, &style, labels);
    }

  if (self->province_basemap != NULL)
    {
      const CaBasemapItem *item = ca_basemap_find_item (self->province_basemap, self->province_code);
      /* The accent blue of the GNOME palette. */
      const CaRgb accent = { 0x35 / 255.0, 0x84 / 255.0, 0xe4 / 255.0 };

      if (item != NULL)
        ca_basemap_draw_outline (item, cr, &view, &accent, 3.0);
    }

  cairo_destroy (cr);
}

/**
 * ca_vector_overlay_set_province:
 * @basemap: (nullable): the basemap the province is in, or %NULL to clear
 * @code: (nullable): the province, such as "CN-GX"
 *
 * Outlines a province, as when search has gone to it.
 */
void
ca_vector_overlay_set_province (CaVectorOverlay *self,
                                CaBasemap       *basemap,
                                const char      *code)
{
  g_return_if_fail (CA_IS_VECTOR_OVERLAY (self));

  if (code == NULL)
    basemap = NULL;
  g_set_object (&self->province_basemap, basemap);
  g_free (self->province_code);
  self->province_code = g_strdup (code);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * ca_vector_overlay_pick:
 * @layer: (out) (transfer none): the layer of the feature found
 * @index: (out): the feature's index in its layer
 *
 * Returns: whether a feature of a visible layer lies under (@x, @y)
 */
gboolean
ca_vector_overlay_pick (CaVectorOverlay  *self,
                        double            x,
                        double            y,
                        CaMapLayer      **layer,
                        int              *index)
{
  guint n;
  CaView view;

  g_return_val_if_fail (CA_IS_VECTOR_OVERLAY (self), FALSE);

  ca_layer_view_init (&view, SHUMATE_LAYER (self));
  n = g_list_model_get_n_items (self->layers);

  /* The topmost layer wins. */
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(CaMapLayer) candidate = g_list_model_get_item (self->layers, i - 1);
      CaVectorStyle style;
      int found;

      if (!ca_map_layer_get_visible (candidate))
        continue;

      fill_style (self, candidate, &style);
      found = ca_vector_hit_test (ca_map_layer_get_vector (candidate), &view, &style, x, y);
      if (found >= 0)
        {
          *layer = candidate;
          *index = found;
          return TRUE;
        }
    }

  return FALSE;
}

void
ca_vector_overlay_set_highlight (CaVectorOverlay *self,
                                 CaMapLayer      *layer,
                                 int              index)
{
  g_return_if_fail (CA_IS_VECTOR_OVERLAY (self));

  if (self->highlight_layer == layer && self->highlight_index == index)
    return;

  g_set_object (&self->highlight_layer, layer);
  self->highlight_index = layer != NULL ? index : -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
ca_vector_overlay_set_palette (CaVectorOverlay *self,
                               CaBasemapStyle   palette)
{
  g_return_if_fail (CA_IS_VECTOR_OVERLAY (self));

  if (self->palette == palette)
    return;

  self->palette = palette;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_motion_cb (CaVectorOverlay          *self,
              double                    x,
              double                    y,
              GtkEventController       *controller)
{
  GtkWidget *widget = gtk_event_controller_get_widget (controller);
  CaMapLayer *layer = NULL;
  int index = -1;

  if (ca_vector_overlay_pick (self, x, y, &layer, &index))
    gtk_widget_set_cursor_from_name (widget, "pointer");
  else
    gtk_widget_set_cursor (widget, NULL);

  ca_vector_overlay_set_highlight (self, layer, index);
}

static void
on_leave_cb (CaVectorOverlay    *self,
             GtkEventController *controller)
{
  ca_vector_overlay_set_highlight (self, NULL, -1);
}

static void
on_released_cb (CaVectorOverlay *self,
                int              n_press,
                double           x,
                double           y,
                GtkGestureClick *gesture)
{
  CaMapLayer *layer = NULL;
  int index = -1;

  if (n_press != 1 || !ca_vector_overlay_pick (self, x, y, &layer, &index))
    return;

  g_signal_emit (self, signals[FEATURE_ACTIVATED], 0, layer, index, x, y);
}

/**
 * ca_vector_overlay_track_pointer:
 * @map: the map the overlay covers
 *
 * Highlights the feature under the pointer and reports clicks on
 * features.  The map's own children do not take pointer events, so the
 * controllers go on the map, whose coordinates are the overlay's.
 */
void
ca_vector_overlay_track_pointer (CaVectorOverlay *self,
                                 GtkWidget       *map)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  g_return_if_fail (CA_IS_VECTOR_OVERLAY (self));
  g_return_if_fail (GTK_IS_WIDGET (map));

  g_signal_connect_object (motion, "motion", G_CALLBACK (on_motion_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (motion, "leave", G_CALLBACK (on_leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (map, motion);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect_object (click, "released", G_CALLBACK (on_released_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (map, GTK_EVENT_CONTROLLER (click));
}

static void
queue_draw_cb (CaVectorOverlay *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_items_changed_cb (CaVectorOverlay *self,
                     guint            position,
                     guint            removed,
                     guint            added,
                     GListModel      *model)
{
  /* Follow every property of every layer, and forget a highlighted
   * layer that has gone. */
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(CaMapLayer) layer = g_list_model_get_item (model, i);

      g_signal_connect_object (layer, "notify", G_CALLBACK (queue_draw_cb), self, G_CONNECT_SWAPPED);
    }

  if (removed > 0)
    ca_vector_overlay_set_highlight (self, NULL, -1);

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
ca_vector_overlay_constructed (GObject *object)
{
  CaVectorOverlay *self = (CaVectorOverlay *)object;
  ShumateViewport *viewport;

  G_OBJECT_CLASS (ca_vector_overlay_parent_class)->constructed (object);

  viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  g_signal_connect_object (viewport, "notify", G_CALLBACK (queue_draw_cb), self, G_CONNECT_SWAPPED);
}

static void
ca_vector_overlay_dispose (GObject *object)
{
  CaVectorOverlay *self = (CaVectorOverlay *)object;

  if (self->layers != NULL)
    g_signal_handlers_disconnect_by_data (self->layers, self);
  g_clear_object (&self->layers);
  g_clear_object (&self->highlight_layer);
  g_clear_object (&self->province_basemap);
  g_clear_pointer (&self->province_code, g_free);

  G_OBJECT_CLASS (ca_vector_overlay_parent_class)->dispose (object);
}

static void
ca_vector_overlay_class_init (CaVectorOverlayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ca_vector_overlay_constructed;
  object_class->dispose = ca_vector_overlay_dispose;

  widget_class->snapshot = ca_vector_overlay_snapshot;

  /**
   * CaVectorOverlay::feature-activated:
   * @layer: the layer of the feature clicked
   * @index: the feature's index in it
   * @x: where, in the overlay's pixels
   * @y:
   */
  signals[FEATURE_ACTIVATED] =
    g_signal_new ("feature-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4,
                  CA_TYPE_MAP_LAYER, G_TYPE_INT, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
}

static void
ca_vector_overlay_init (CaVectorOverlay *self)
{
  self->highlight_index = -1;
  self->language = ca_language_from_locale ();
}

/**
 * ca_vector_overlay_new:
 * @layers: a list of #CaMapLayer, bottom first
 */
CaVectorOverlay *
ca_vector_overlay_new (ShumateViewport *viewport,
                       GListModel      *layers)
{
  CaVectorOverlay *self;

  g_return_val_if_fail (SHUMATE_IS_VIEWPORT (viewport), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (layers), NULL);

  self = g_object_new (CA_TYPE_VECTOR_OVERLAY, "viewport", viewport, NULL);
  self->layers = g_object_ref (layers);
  g_signal_connect_object (layers, "items-changed", G_CALLBACK (on_items_changed_cb),
                           self, G_CONNECT_SWAPPED);
  on_items_changed_cb (self, 0, 0, g_list_model_get_n_items (layers), layers);

  return self;
}
