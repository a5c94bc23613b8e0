/* ca-map-layer.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ca-map-layer"

#include "config.h"

#include <glib/gi18n.h>

#include "ca-map-layer.h"

/* A vector layer as the map shows it: its data plus what the planner
 * chose in the layers panel.  The overlay redraws on any change. */

struct _CaMapLayer
{
  GObject        parent_instance;

  char          *title;
  CaVectorLayer *vector;
  GdkRGBA        color;
  double         opacity;
  double         width;
  guint          visible : 1;
  guint          thematic : 1;
};

G_DEFINE_FINAL_TYPE (CaMapLayer, ca_map_layer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_VISIBLE,
  PROP_OPACITY,
  PROP_COLOR,
  PROP_WIDTH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* User layers take the next colour of a small qualitative palette. */
static const char *user_colors[] = {
  "#e01b24", "#2ec27e", "#9141ac", "#c64600", "#1a5fb4", "#a51d2d", "#26a269",
};

static void
ca_map_layer_finalize (GObject *object)
{
  CaMapLayer *self = (CaMapLayer *)object;

  g_clear_pointer (&self->title, g_free);
  g_clear_object (&self->vector);

  G_OBJECT_CLASS (ca_map_layer_parent_class)->finalize (object);
}

static void
ca_map_layer_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CaMapLayer *self = CA_MAP_LAYER (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, ca_map_layer_get_title (self));
      break;

    case PROP_VISIBLE:
      g_value_set_boolean (value, ca_map_layer_get_visible (self));
      break;

    case PROP_OPACITY:
      g_value_set_double (value, ca_map_layer_get_opacity (self));
      break;

    case PROP_COLOR:
      g_value_set_boxed (value, ca_map_layer_get_color (self));
      break;

    case PROP_WIDTH:
      g_value_set_double (value, ca_map_layer_get_width (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_map_layer_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  CaMapLayer *self = CA_MAP_LAYER (object);

  switch (prop_id)
    {
    case PROP_VISIBLE:
      ca_map_layer_set_visible (self, g_value_get_boolean (value));
      break;

    case PROP_OPACITY:
      ca_map_layer_set_opacity (self, g_value_get_double (value));
      break;

    case PROP_COLOR:
      ca_map_layer_set_color (self, g_value_get_boxed (value));
      break;

    case PROP_WIDTH:
      ca_map_layer_set_width (self, g_value_get_double (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_map_layer_class_init (CaMapLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ca_map_layer_finalize;
  object_class->get_property = ca_map_layer_get_property;
  object_class->set_property = ca_map_layer_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_VISIBLE] =
    g_param_spec_boolean ("visible", NULL, NULL, TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_OPACITY] =
    g_param_spec_double ("opacity", NULL, NULL, 0.0, 1.0, 1.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_COLOR] =
    g_param_spec_boxed ("color", NULL, NULL, GDK_TYPE_RGBA,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_WIDTH] =
    g_param_spec_double ("width", NULL, NULL, 0.5, 12.0, 2.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ca_map_layer_init (CaMapLayer *self)
{
  static guint next_color;

  self->visible = TRUE;
  self->opacity = 1.0;
  self->width = 2.0;
  gdk_rgba_parse (&self->color, user_colors[next_color++ % G_N_ELEMENTS (user_colors)]);
}

/**
 * ca_map_layer_new:
 * @thematic: whether to style it as corridor data (by mode and kind)
 */
CaMapLayer *
ca_map_layer_new (const char    *title,
                  CaVectorLayer *vector,
                  gboolean       thematic)
{
  CaMapLayer *self;

  g_return_val_if_fail (title != NULL, NULL);
  g_return_val_if_fail (CA_IS_VECTOR_LAYER (vector), NULL);

  self = g_object_new (CA_TYPE_MAP_LAYER, NULL);
  self->title = g_strdup (title);
  self->vector = g_object_ref (vector);
  self->thematic = !!thematic;

  return self;
}

const char *
ca_map_layer_get_title (CaMapLayer *self)
{
  g_return_val_if_fail (CA_IS_MAP_LAYER (self), NULL);

  return self->title;
}

CaVectorLayer *
ca_map_layer_get_vector (CaMapLayer *self)
{
  g_return_val_if_fail (CA_IS_MAP_LAYER (self), NULL);

  return self->vector;
}

gboolean
ca_map_layer_get_thematic (CaMapLayer *self)
{
  g_return_val_if_fail (CA_IS_MAP_LAYER (self), FALSE);

  return self->thematic;
}

gboolean
ca_map_layer_get_visible (CaMapLayer *self)
{
  g_return_val_if_fail (CA_IS_MAP_LAYER (self), FALSE);

  return self->visible;
}

void
ca_map_layer_set_visible (CaMapLayer *self,
                          gboolean    visible)
{
  g_return_if_fail (CA_IS_MAP_LAYER (self));

  visible = !!visible;
  if (self->visible == visible)
    return;

  self->visible = visible;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE]);
}

double
ca_map_layer_get_opacity (CaMapLayer *self)
{
  g_return_val_if_fail (CA_IS_MAP_LAYER (self), 1.0);

  return self->opacity;
}

void
ca_map_layer_set_opacity (CaMapLayer *self,
                          double      opacity)
{
  g_return_if_fail (CA_IS_MAP_LAYER (self));

  opacity = CLAMP (opacity, 0.0, 1.0);
  if (self->opacity == opacity)
    return;

  self->opacity = opacity;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPACITY]);
}

const GdkRGBA *
ca_map_layer_get_color (CaMapLayer *self)
{
  g_return_val_if_fail (CA_IS_MAP_LAYER (self), NULL);

  return &self->color;
}

void
ca_map_layer_set_color (CaMapLayer    *self,
                        const GdkRGBA *color)
{
  g_return_if_fail (CA_IS_MAP_LAYER (self));
  g_return_if_fail (color != NULL);

  if (gdk_rgba_equal (&self->color, color))
    return;

  self->color = *color;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLOR]);
}

double
ca_map_layer_get_width (CaMapLayer *self)
{
  g_return_val_if_fail (CA_IS_MAP_LAYER (self), 2.0);

  return self->width;
}

void
ca_map_layer_set_width (CaMapLayer *self,
                        double      width)
{
  g_return_if_fail (CA_IS_MAP_LAYER (self));

  width = CLAMP (width, 0.5, 12.0);
  if (self->width == width)
    return;

  self->width = width;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WIDTH]);
}

/**
 * ca_map_layer_dup_summary:
 *
 * Returns: a line for the layers panel: how many features, and how many
 *   were left out when loading
 */
char *
ca_map_layer_dup_summary (CaMapLayer *self)
{
  guint n = ca_vector_layer_get_n_features (self->vector);
  guint issues = ca_vector_layer_get_n_issues (self->vector);
  g_autofree char *features = NULL;

  g_return_val_if_fail (CA_IS_MAP_LAYER (self), NULL);

  features = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u feature", "%u features", n), n);
  if (issues == 0)
    return g_steal_pointer (&features);

  /* translators: "12 features, 3 with problems" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %u with problems", "%s, %u with problems",
                                       issues),
                          features, issues);
}
