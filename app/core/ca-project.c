/* ca-project.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ca-project"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ca-connection.h"
#include "ca-project.h"

/* A .corridor project: the planner's work as a JSON object.
 *
 *   { "format": 1,
 *     "layers": [ { "source", "title", "visible", "thematic",
 *                   "color": [r, g, b, a], "width", "opacity" } … ],
 *     "trade": { "sources": [ … ], "illustrative", "filters": { … } },
 *     "view": { "latitude", "longitude", "zoom", "basemap" },
 *     "export": { "<settings key>": value … } }
 *
 * Files are written relative to the project's folder, so a project and its
 * data move together.  Database connection strings lose their password.
 * Readers ignore what they do not know and keep what they can read. */

struct _CaProject
{
  GObject         parent_instance;

  GArray         *layers;          /* CaProjectLayer */
  GPtrArray      *trade_sources;   /* NULL-terminated */
  gboolean        trade_illustrative;
  CaProjectStats  stats;
  gboolean        has_view;
  double          latitude;
  double          longitude;
  double          zoom;
  char           *basemap;
  GVariant       *export_settings; /* a{sv} */
};

G_DEFINE_FINAL_TYPE (CaProject, ca_project, G_TYPE_OBJECT)

G_DEFINE_QUARK (ca-project-error-quark, ca_project_error)

static void
clear_layer (gpointer data)
{
  CaProjectLayer *layer = data;

  g_clear_pointer (&layer->source, g_free);
  g_clear_pointer (&layer->title, g_free);
}

static void
ca_project_finalize (GObject *object)
{
  CaProject *self = (CaProject *)object;

  g_clear_pointer (&self->layers, g_array_unref);
  g_clear_pointer (&self->trade_sources, g_ptr_array_unref);
  g_clear_pointer (&self->basemap, g_free);
  g_clear_pointer (&self->export_settings, g_variant_unref);

  G_OBJECT_CLASS (ca_project_parent_class)->finalize (object);
}

static void
ca_project_class_init (CaProjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ca_project_finalize;
}

static void
ca_project_init (CaProject *self)
{
  self->layers = g_array_new (FALSE, TRUE, sizeof (CaProjectLayer));
  g_array_set_clear_func (self->layers, clear_layer);
  self->trade_sources = g_ptr_array_new_null_terminated (0, g_free, TRUE);
  self->stats.top_n = 10;
  self->stats.show_flows = TRUE;
}

CaProject *
ca_project_new (void)
{
  return g_object_new (CA_TYPE_PROJECT, NULL);
}

/**
 * ca_project_strip_password:
 *
 * Returns: @source without any password: a `password=` keyword is
 *   dropped, and a `postgresql://user:secret@host` URI loses `:secret`
 */
char *
ca_project_strip_password (const char *source)
{
  g_return_val_if_fail (source != NULL, NULL);

  return ca_connection_strip_password (source);
}

/* Local files are saved relative to the project; anything else (GDAL's
 * /vsi paths, connection strings, URLs) as it is. */
static gboolean
is_local_path (const char *source)
{
  return g_path_is_absolute (source) && !g_str_has_prefix (source, "/vsi");
}

static char *
relative_path (const char *path,
               const char *dir)
{
  g_auto(GStrv) from = g_strsplit (dir, G_DIR_SEPARATOR_S, -1);
  g_auto(GStrv) to = g_strsplit (path, G_DIR_SEPARATOR_S, -1);
  g_autoptr(GString) out = g_string_new (NULL);
  guint common = 0;

  while (from[common] != NULL && to[common] != NULL && g_str_equal (from[common], to[common]))
    common++;

  for (guint i = common; from[i] != NULL; i++)
    if (from[i][0] != '\0')
      g_string_append (out, ".." G_DIR_SEPARATOR_S);
  for (guint i = common; to[i] != NULL; i++)
    {
      g_string_append (out, to[i]);
      if (to[i + 1] != NULL)
        g_string_append_c (out, G_DIR_SEPARATOR);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
project_dir (GFile *file)
{
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autofree char *path = parent != NULL ? g_file_get_path (parent) : NULL;

  return path != NULL ? g_canonicalize_filename (path, NULL) : g_get_current_dir ();
}

/* json-glib 1.6 writes a double as %.17g and appends ".0" when that has
 * no point, so a value such as 1e+62 or 1e-07 comes out as "1e+62.0",
 * which is not JSON, and the project could not be read again.  Such a
 * value is moved one ulp towards zero, which %.17g prints in full, with a
 * point.  An infinite or NaN value, which would come out as "inf.0" or
 * "nan.0", is written as 0. */
static double
writable_double (double value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    return 0;

  g_ascii_dtostr (text, sizeof text, value);
  if (strchr (text, '.') == NULL && strpbrk (text, "eE") != NULL)
    return nextafter (value, 0);

  return value;
}

static void
add_double (JsonBuilder *builder,
            double       value)
{
  json_builder_add_double_value (builder, writable_double (value));
}

static void
add_double_array (JsonBuilder  *builder,
                  const double *values,
                  guint         n)
{
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    add_double (builder, values[i]);
  json_builder_end_array (builder);
}

static void
add_export (JsonBuilder *builder,
            GVariant    *settings)
{
  GVariantIter iter;
  const char *key;
  GVariant *value;

  json_builder_begin_object (builder);
  if (settings != NULL)
    {
      g_variant_iter_init (&iter, settings);
      while (g_variant_iter_loop (&iter, "{&sv}", &key, &value))
        {
          JsonNode *node = json_node_new (JSON_NODE_VALUE);

          if (g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
            json_node_set_boolean (node, g_variant_get_boolean (value));
          else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT32))
            json_node_set_int (node, g_variant_get_int32 (value));
          else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
            json_node_set_int (node, g_variant_get_int64 (value));
          else if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
            json_node_set_double (node, writable_double (g_variant_get_double (value)));
          else if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
            json_node_set_string (node, g_variant_get_string (value, NULL));
          else
            {
              json_node_unref (node);
              continue;
            }

          json_builder_set_member_name (builder, key);
          json_builder_add_value (builder, node);
        }
    }
  json_builder_end_object (builder);
}

/**
 * ca_project_to_bytes:
 * @file: where the project will be written; local paths are made relative
 *   to its folder
 *
 * Returns: (transfer full): the project as JSON text
 */
GBytes *
ca_project_to_bytes (CaProject *self,
                     GFile     *file)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *dir = NULL;
  const CaProjectStats *s = &self->stats;
  char *text;
  gsize length;

  g_return_val_if_fail (CA_IS_PROJECT (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  dir = project_dir (file);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_int_value (builder, CA_PROJECT_FORMAT);
  json_builder_set_member_name (builder, "generator");
  json_builder_add_string_value (builder, "Corridor Atlas " PACKAGE_VERSION);

  json_builder_set_member_name (builder, "layers");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->layers->len; i++)
    {
      const CaProjectLayer *layer = &g_array_index (self->layers, CaProjectLayer, i);
      g_autofree char *source = NULL;

      if (is_local_path (layer->source))
        source = relative_path (layer->source, dir);
      else
        source = ca_project_strip_password (layer->source);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "source");
      json_builder_add_string_value (builder, source);
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, layer->title);
      json_builder_set_member_name (builder, "visible");
      json_builder_add_boolean_value (builder, layer->visible);
      json_builder_set_member_name (builder, "thematic");
      json_builder_add_boolean_value (builder, layer->thematic);
      json_builder_set_member_name (builder, "color");
      add_double_array (builder, layer->color, 4);
      json_builder_set_member_name (builder, "width");
      add_double (builder, layer->width);
      json_builder_set_member_name (builder, "opacity");
      add_double (builder, layer->opacity);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "trade");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "sources");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->trade_sources->len; i++)
    {
      const char *source = g_ptr_array_index (self->trade_sources, i);
      g_autofree char *saved = is_local_path (source) ? relative_path (source, dir)
                                                      : ca_project_strip_password (source);

      json_builder_add_string_value (builder, saved);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "illustrative");
  json_builder_add_boolean_value (builder, self->trade_illustrative);
  json_builder_set_member_name (builder, "filters");
  json_builder_begin_object (builder);
#define INT_MEMBER(name, value) \
  json_builder_set_member_name (builder, name); \
  json_builder_add_int_value (builder, (gint64)(value));
#define BOOL_MEMBER(name, value) \
  json_builder_set_member_name (builder, name); \
  json_builder_add_boolean_value (builder, (value));
  INT_MEMBER ("month-from", s->month_from);
  INT_MEMBER ("month-to", s->month_to);
  INT_MEMBER ("modes", s->modes);
  INT_MEMBER ("directions", s->directions);
  INT_MEMBER ("regions", s->regions);
  INT_MEMBER ("provinces", s->provinces);
  INT_MEMBER ("direction", s->direction);
  INT_MEMBER ("top-n", s->top_n);
  BOOL_MEMBER ("show-flows", s->show_flows);
  INT_MEMBER ("layout", s->layout);
  INT_MEMBER ("coloring", s->coloring);
  BOOL_MEMBER ("arcs", s->arcs);
  BOOL_MEMBER ("choropleth", s->choropleth);
  BOOL_MEMBER ("circles", s->circles);
#undef INT_MEMBER
#undef BOOL_MEMBER
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  if (self->has_view || self->basemap != NULL)
    {
      json_builder_set_member_name (builder, "view");
      json_builder_begin_object (builder);
      if (self->has_view)
        {
          json_builder_set_member_name (builder, "latitude");
          add_double (builder, self->latitude);
          json_builder_set_member_name (builder, "longitude");
          add_double (builder, self->longitude);
          json_builder_set_member_name (builder, "zoom");
          add_double (builder, self->zoom);
        }
      if (self->basemap != NULL)
        {
          json_builder_set_member_name (builder, "basemap");
          json_builder_add_string_value (builder, self->basemap);
        }
      json_builder_end_object (builder);
    }

  json_builder_set_member_name (builder, "export");
  add_export (builder, self->export_settings);

  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, &length);
  text = g_realloc (text, length + 2);
  text[length++] = '\n';
  text[length] = '\0';

  return g_bytes_new_take (text, length);
}

/**
 * ca_project_save:
 *
 * Writes the project atomically: a temporary file in the same folder,
 * flushed, then renamed over @file.  If anything fails, the file that was
 * there is left as it was.
 */
gboolean
ca_project_save (CaProject  *self,
                 GFile      *file,
                 GError    **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (CA_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  bytes = ca_project_to_bytes (self, file);

  path = g_file_get_path (file);

  /* g_file_replace_contents() may write over the old file in place (it
   * does when the temporary file cannot keep the owner), so local files
   * go through a temporary file, fsync and rename ourselves. */
  if (path != NULL
      ? !g_file_set_contents_full (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0644, &local_error)
      : !g_file_replace_contents (file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                  NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, &local_error))
    {
      g_autofree char *name = g_file_get_parse_name (file);

      g_set_error (error, CA_PROJECT_ERROR, CA_PROJECT_ERROR_WRITE,
                   _("Could not save the project “%s”: %s"), name, local_error->message);
      return FALSE;
    }

  return TRUE;
}

/* Reading ---------------------------------------------------------------- */

static void
warn (GPtrArray  *warnings,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

static void
warn (GPtrArray  *warnings,
      const char *format,
      ...)
{
  va_list args;
  char *message;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_debug ("%s", message);
  if (warnings != NULL)
    g_ptr_array_add (warnings, message);
  else
    g_free (message);
}

static JsonNode *
member (JsonObject   *object,
        const char   *name,
        JsonNodeType  type)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, name)) == NULL)
    return NULL;
  if (JSON_NODE_TYPE (node) != type)
    return NULL;

  return node;
}

static gboolean
get_number (JsonObject *object,
            const char *name,
            double     *value)
{
  JsonNode *node = member (object, name, JSON_NODE_VALUE);

  if (node == NULL)
    return FALSE;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
    case G_TYPE_DOUBLE:
      *value = json_node_get_double (node);
      return TRUE;
    default:
      return FALSE;
    }
}

static gint64
get_int (JsonObject *object,
         const char *name,
         gint64      fallback)
{
  JsonNode *node = member (object, name, JSON_NODE_VALUE);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;

  return json_node_get_int (node);
}

static gboolean
get_bool (JsonObject *object,
          const char *name,
          gboolean    fallback)
{
  JsonNode *node = member (object, name, JSON_NODE_VALUE);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fallback;

  return json_node_get_boolean (node);
}

static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = member (object, name, JSON_NODE_VALUE);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* Resolves a saved source: a relative path against the project's folder.
 * Returns NULL, with a warning, for a local file that is not there. */
static char *
resolve_source (const char *saved,
                const char *dir,
                const char *project_name,
                const char *what,
                GPtrArray  *warnings)
{
  g_autofree char *path = NULL;

  if (saved[0] == '\0')
    return NULL;

  if (g_path_is_absolute (saved) || g_str_has_prefix (saved, "/vsi") ||
      g_str_has_prefix (saved, CA_PROJECT_SHIPPED_PREFIX) ||
      g_str_has_prefix (saved, "PG:") || strstr (saved, "://") != NULL)
    path = g_strdup (saved);
  else
    path = g_canonicalize_filename (saved, dir);

  if (is_local_path (path) && !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      warn (warnings, _("%s: %s “%s” is missing (%s was not found)"),
            project_name, what, saved, path);
      return NULL;
    }

  return g_steal_pointer (&path);
}

static void
read_layers (CaProject  *self,
             JsonObject *root,
             const char *dir,
             const char *name,
             GPtrArray  *warnings)
{
  JsonNode *node = member (root, "layers", JSON_NODE_ARRAY);
  JsonArray *array;

  if (node == NULL)
    {
      if (json_object_has_member (root, "layers"))
        warn (warnings, _("%s: the list of layers could not be read"), name);
      return;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (item) ? json_node_get_object (item) : NULL;
      const char *source = get_string (object, "source");
      const char *title = get_string (object, "title");
      JsonNode *color = member (object, "color", JSON_NODE_ARRAY);
      CaProjectLayer layer = { 0 };
      g_autofree char *what = NULL;

      if (source == NULL)
        {
          warn (warnings, _("%s: layer %u could not be read: it is damaged or names no source"),
                name, i + 1);
          continue;
        }

      what = g_strdup_printf (_("the layer “%s”"), title != NULL ? title : source);
      layer.source = resolve_source (source, dir, name, what, warnings);
      if (layer.source == NULL)
        continue;

      layer.title = title != NULL ? g_strdup (title) : g_path_get_basename (source);
      layer.visible = get_bool (object, "visible", TRUE);
      layer.thematic = get_bool (object, "thematic", FALSE);
      layer.width = 2;
      layer.opacity = 1;
      get_number (object, "width", &layer.width);
      get_number (object, "opacity", &layer.opacity);
      layer.color[3] = 1;
      if (color != NULL && json_array_get_length (json_node_get_array (color)) == 4)
        for (guint c = 0; c < 4; c++)
          layer.color[c] = json_array_get_double_element (json_node_get_array (color), c);

      g_array_append_val (self->layers, layer);
    }
}

static void
read_trade (CaProject  *self,
            JsonObject *root,
            const char *dir,
            const char *name,
            GPtrArray  *warnings)
{
  JsonNode *node = member (root, "trade", JSON_NODE_OBJECT);
  JsonObject *trade = node != NULL ? json_node_get_object (node) : NULL;
  JsonNode *sources = member (trade, "sources", JSON_NODE_ARRAY);
  JsonNode *filters_node = member (trade, "filters", JSON_NODE_OBJECT);
  JsonObject *filters = filters_node != NULL ? json_node_get_object (filters_node) : NULL;
  CaProjectStats *s = &self->stats;

  if (trade == NULL)
    return;

  if (sources != NULL)
    {
      JsonArray *array = json_node_get_array (sources);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);
          char *source;

          if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
            continue;
          source = resolve_source (json_node_get_string (item), dir, name,
                                   _("the trade data"), warnings);
          if (source != NULL)
            g_ptr_array_add (self->trade_sources, source);
        }
    }

  self->trade_illustrative = get_bool (trade, "illustrative", FALSE);

  if (filters == NULL)
    return;

  s->month_from = get_int (filters, "month-from", s->month_from);
  s->month_to = get_int (filters, "month-to", s->month_to);
  s->modes = get_int (filters, "modes", s->modes);
  s->directions = get_int (filters, "directions", s->directions);
  s->regions = get_int (filters, "regions", s->regions);
  s->provinces = get_int (filters, "provinces", s->provinces);
  s->direction = get_int (filters, "direction", s->direction);
  s->top_n = get_int (filters, "top-n", s->top_n);
  s->show_flows = get_bool (filters, "show-flows", s->show_flows);
  s->layout = get_int (filters, "layout", s->layout);
  s->coloring = get_int (filters, "coloring", s->coloring);
  s->arcs = get_bool (filters, "arcs", s->arcs);
  s->choropleth = get_bool (filters, "choropleth", s->choropleth);
  s->circles = get_bool (filters, "circles", s->circles);
}

static void
read_view (CaProject  *self,
           JsonObject *root)
{
  JsonNode *node = member (root, "view", JSON_NODE_OBJECT);
  JsonObject *view = node != NULL ? json_node_get_object (node) : NULL;
  const char *basemap = get_string (view, "basemap");

  self->has_view = get_number (view, "latitude", &self->latitude) &&
                   get_number (view, "longitude", &self->longitude) &&
                   get_number (view, "zoom", &self->zoom);
  ca_project_set_basemap (self, basemap);
}

static void
read_export (CaProject  *self,
             JsonObject *root)
{
  JsonNode *node = member (root, "export", JSON_NODE_OBJECT);
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autoptr(GList) names = NULL;
  JsonObject *object;

  if (node == NULL)
    return;

  object = json_node_get_object (node);
  names = json_object_get_members (object);
  for (const GList *l = names; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (object, l->data);

      if (!JSON_NODE_HOLDS_VALUE (value))
        continue;
      switch (json_node_get_value_type (value))
        {
        case G_TYPE_BOOLEAN:
          g_variant_builder_add (&builder, "{sv}", l->data,
                                 g_variant_new_boolean (json_node_get_boolean (value)));
          break;
        case G_TYPE_INT64:
          g_variant_builder_add (&builder, "{sv}", l->data,
                                 g_variant_new_int64 (json_node_get_int (value)));
          break;
        case G_TYPE_DOUBLE:
          g_variant_builder_add (&builder, "{sv}", l->data,
                                 g_variant_new_double (json_node_get_double (value)));
          break;
        case G_TYPE_STRING:
          g_variant_builder_add (&builder, "{sv}", l->data,
                                 g_variant_new_string (json_node_get_string (value)));
          break;
        default:
          break;
        }
    }

  ca_project_set_export (self, g_variant_builder_end (&builder));
}

/* Why a project's text cannot be parsed, in a planner's words: bytes
 * that are not text, a file cut short, or where the JSON goes wrong. */
static char *
describe_parse_error (const char *contents,
                      gsize       length,
                      GError     *parse_error)
{
  const char *invalid = NULL;
  const char *message;
  gboolean in_string = FALSE;
  int depth = 0;

  if (!g_utf8_validate (contents, length, &invalid))
    {
      guint line = 1;

      for (const char *p = contents; p < invalid; p++)
        line += *p == '\n';
      return g_strdup_printf (_("line %u holds bytes that are not text"), line);
    }

  for (gsize i = 0; i < length; i++)
    {
      char c = contents[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        depth++;
      else if (c == '}' || c == ']')
        depth--;
    }
  if (in_string || depth > 0)
    return g_strdup (_("the file ends before the project does: it was cut short"));

  /* json-glib names the text "<data>": keep the line and column. */
  message = parse_error->message;
  if (g_str_has_prefix (message, "<data>:"))
    {
      guint line = 0, column = 0;
      int used = 0;

      message += strlen ("<data>:");
      if (sscanf (message, "%u:%u: %n", &line, &column, &used) == 2 && used > 0)
        return g_strdup_printf (_("line %u, column %u: %s"), line, column, message + used);
    }
  return g_strdup (message);
}

/**
 * ca_project_load:
 * @warnings: (nullable) (element-type utf8): collects a message for each
 *   piece that could not be read or is missing, naming the project file
 *
 * Reads a project.  A file that is not a project, or cannot be parsed at
 * all, is an error; a damaged or missing part is left out with a warning
 * and the rest is kept.
 *
 * Returns: (transfer full): the project, or %NULL with @error set
 */
CaProject *
ca_project_load (GFile      *file,
                 GPtrArray  *warnings,
                 GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  gsize length;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, &local_error))
    {
      name = g_file_get_parse_name (file);
      g_set_error (error, CA_PROJECT_ERROR, CA_PROJECT_ERROR_FAILED,
                   _("Could not open the project “%s”: %s"), name, local_error->message);
      return NULL;
    }

  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  return ca_project_load_from_bytes (bytes, file, warnings, error);
}

/**
 * ca_project_load_from_bytes:
 * @bytes: the project file's contents
 * @file: where the project is: names it in messages, and relative paths
 *   are resolved against its folder
 *
 * Reads a project from memory, as ca_project_load() reads it from @file.
 */
CaProject *
ca_project_load_from_bytes (GBytes     *bytes,
                            GFile      *file,
                            GPtrArray  *warnings,
                            GError    **error)
{
  g_autoptr(CaProject) self = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *dir = NULL;
  JsonObject *root;
  const char *contents;
  gsize length;
  gint64 format;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  name = g_file_get_parse_name (file);
  contents = g_bytes_get_data (bytes, &length);

  if (!json_parser_load_from_data (parser, contents != NULL ? contents : "", length,
                                   &local_error))
    {
      g_autofree char *reason = describe_parse_error (contents != NULL ? contents : "", length,
                                                      local_error);

      g_set_error (error, CA_PROJECT_ERROR, CA_PROJECT_ERROR_PARSE,
                   _("The project “%s” is damaged and cannot be read: %s"), name, reason);
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)) ||
      (format = get_int (json_node_get_object (json_parser_get_root (parser)), "format", -1)) < 1)
    {
      g_set_error (error, CA_PROJECT_ERROR, CA_PROJECT_ERROR_NOT_PROJECT,
                   _("“%s” is not a Corridor Atlas project"), name);
      return NULL;
    }

  if (format > CA_PROJECT_FORMAT)
    warn (warnings, _("%s was saved by a newer Corridor Atlas; what this version does not "
                      "know is left out"), name);

  root = json_node_get_object (json_parser_get_root (parser));
  dir = project_dir (file);
  self = ca_project_new ();

  read_layers (self, root, dir, name, warnings);
  read_trade (self, root, dir, name, warnings);
  read_view (self, root);
  read_export (self, root);

  return g_steal_pointer (&self);
}

/* Accessors -------------------------------------------------------------- */

guint
ca_project_get_n_layers (CaProject *self)
{
  g_return_val_if_fail (CA_IS_PROJECT (self), 0);

  return self->layers->len;
}

const CaProjectLayer *
ca_project_get_layer (CaProject *self,
                      guint      index)
{
  g_return_val_if_fail (CA_IS_PROJECT (self), NULL);
  g_return_val_if_fail (index < self->layers->len, NULL);

  return &g_array_index (self->layers, CaProjectLayer, index);
}

void
ca_project_add_layer (CaProject            *self,
                      const CaProjectLayer *layer)
{
  CaProjectLayer copy;

  g_return_if_fail (CA_IS_PROJECT (self));
  g_return_if_fail (layer != NULL && layer->source != NULL);

  copy = *layer;
  copy.source = g_strdup (layer->source);
  copy.title = g_strdup (layer->title != NULL ? layer->title : layer->source);
  g_array_append_val (self->layers, copy);
}

const char * const *
ca_project_get_trade_sources (CaProject *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (CA_IS_PROJECT (self), NULL);

  /* An empty array may not have its terminator allocated yet. */
  if (self->trade_sources->pdata == NULL)
    return none;

  return (const char * const *)self->trade_sources->pdata;
}

void
ca_project_add_trade_source (CaProject  *self,
                             const char *source)
{
  g_return_if_fail (CA_IS_PROJECT (self));
  g_return_if_fail (source != NULL);

  g_ptr_array_add (self->trade_sources, g_strdup (source));
}

gboolean
ca_project_get_trade_illustrative (CaProject *self)
{
  g_return_val_if_fail (CA_IS_PROJECT (self), FALSE);

  return self->trade_illustrative;
}

void
ca_project_set_trade_illustrative (CaProject *self,
                                   gboolean   illustrative)
{
  g_return_if_fail (CA_IS_PROJECT (self));

  self->trade_illustrative = !!illustrative;
}

const CaProjectStats *
ca_project_get_stats (CaProject *self)
{
  g_return_val_if_fail (CA_IS_PROJECT (self), NULL);

  return &self->stats;
}

void
ca_project_set_stats (CaProject            *self,
                      const CaProjectStats *stats)
{
  g_return_if_fail (CA_IS_PROJECT (self));
  g_return_if_fail (stats != NULL);

  self->stats = *stats;
}

void
ca_project_get_view (CaProject *self,
                     double    *latitude,
                     double    *longitude,
                     double    *zoom)
{
  g_return_if_fail (CA_IS_PROJECT (self));

  if (latitude != NULL)
    *latitude = self->latitude;
  if (longitude != NULL)
    *longitude = self->longitude;
  if (zoom != NULL)
    *zoom = self->zoom;
}

void
ca_project_set_view (CaProject *self,
                     double     latitude,
                     double     longitude,
                     double     zoom)
{
  g_return_if_fail (CA_IS_PROJECT (self));

  self->has_view = TRUE;
  self->latitude = latitude;
  self->longitude = longitude;
  self->zoom = zoom;
}

gboolean
ca_project_has_view (CaProject *self)
{
  g_return_val_if_fail (CA_IS_PROJECT (self), FALSE);

  return self->has_view;
}

const char *
ca_project_get_basemap (CaProject *self)
{
  g_return_val_if_fail (CA_IS_PROJECT (self), NULL);

  return self->basemap;
}

void
ca_project_set_basemap (CaProject  *self,
                        const char *basemap)
{
  g_return_if_fail (CA_IS_PROJECT (self));

  if (basemap != self->basemap)
    {
      g_free (self->basemap);
      self->basemap = g_strdup (basemap);
    }
}

/**
 * ca_project_get_export:
 *
 * Returns: (transfer none) (nullable): the export settings as a{sv},
 *   keyed by their settings key; integers read back as int64
 */
GVariant *
ca_project_get_export (CaProject *self)
{
  g_return_val_if_fail (CA_IS_PROJECT (self), NULL);

  return self->export_settings;
}

void
ca_project_set_export (CaProject *self,
                       GVariant  *settings)
{
  g_return_if_fail (CA_IS_PROJECT (self));
  g_return_if_fail (settings == NULL || g_variant_is_of_type (settings, G_VARIANT_TYPE_VARDICT));

  if (settings != NULL)
    g_variant_ref_sink (settings);
  g_clear_pointer (&self->export_settings, g_variant_unref);
  self->export_settings = settings;
}

static gboolean
export_value_equal (GVariant *a,
                    GVariant *b)
{
  if (g_variant_equal (a, b))
    return TRUE;

  /* Integers come back as int64, whatever they were saved as. */
  if (g_variant_is_of_type (a, G_VARIANT_TYPE_INT32))
    return g_variant_is_of_type (b, G_VARIANT_TYPE_INT64) &&
           g_variant_get_int32 (a) == g_variant_get_int64 (b);
  if (g_variant_is_of_type (b, G_VARIANT_TYPE_INT32))
    return export_value_equal (b, a);

  return g_variant_equal (a, b);
}

static gboolean
stats_equal (const CaProjectStats *a,
             const CaProjectStats *b)
{
  return a->month_from == b->month_from && a->month_to == b->month_to &&
         a->modes == b->modes && a->directions == b->directions &&
         a->regions == b->regions && a->provinces == b->provinces &&
         a->direction == b->direction && a->top_n == b->top_n &&
         a->show_flows == b->show_flows && a->layout == b->layout &&
         a->coloring == b->coloring && a->arcs == b->arcs &&
         a->choropleth == b->choropleth && a->circles == b->circles;
}

/**
 * ca_project_equal:
 *
 * Returns: whether @a and @b hold the same work
 */
gboolean
ca_project_equal (CaProject *a,
                  CaProject *b)
{
  GVariantIter iter;
  const char *key;
  GVariant *value;

  g_return_val_if_fail (CA_IS_PROJECT (a), FALSE);
  g_return_val_if_fail (CA_IS_PROJECT (b), FALSE);

  if (a->layers->len != b->layers->len ||
      a->trade_sources->len != b->trade_sources->len ||
      a->trade_illustrative != b->trade_illustrative ||
      !stats_equal (&a->stats, &b->stats) ||
      a->has_view != b->has_view ||
      (a->has_view && (a->latitude != b->latitude || a->longitude != b->longitude ||
                       a->zoom != b->zoom)) ||
      g_strcmp0 (a->basemap, b->basemap) != 0)
    return FALSE;

  for (guint i = 0; i < a->layers->len; i++)
    {
      const CaProjectLayer *la = &g_array_index (a->layers, CaProjectLayer, i);
      const CaProjectLayer *lb = &g_array_index (b->layers, CaProjectLayer, i);

      if (g_strcmp0 (la->source, lb->source) != 0 || g_strcmp0 (la->title, lb->title) != 0 ||
          la->visible != lb->visible || la->thematic != lb->thematic ||
          la->width != lb->width || la->opacity != lb->opacity ||
          memcmp (la->color, lb->color, sizeof la->color) != 0)
        return FALSE;
    }

  for (guint i = 0; i < a->trade_sources->len; i++)
    if (g_strcmp0 (a->trade_sources->pdata[i], b->trade_sources->pdata[i]) != 0)
      return FALSE;

  if ((a->export_settings == NULL) != (b->export_settings == NULL))
    return FALSE;
  if (a->export_settings == NULL)
    return TRUE;
  if (g_variant_n_children (a->export_settings) != g_variant_n_children (b->export_settings))
    return FALSE;

  g_variant_iter_init (&iter, a->export_settings);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
    {
      g_autoptr(GVariant) owned = value;
      g_autoptr(GVariant) other = g_variant_lookup_value (b->export_settings, key, NULL);

      if (other == NULL || !export_value_equal (owned, other))
        return FALSE;
    }

  return TRUE;
}
