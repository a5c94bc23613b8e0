/* ca-flow-model.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ca-flow-model"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ca-flow-model-private.h"

/* Trade flows from provinces to partner regions, for the map.
 *
 * A flow runs from its province's anchor (the province's main corridor
 * node, else a point inside the province) to its region's anchor.  Drawn
 * directly, that is all it needs.  Routed, each mode's share of a flow
 * travels over the corridor network instead:
 *
 *  - the network is the routes layer split at every vertex, with vertices
 *    of different lines less than SNAP_KM apart merged into one node, so
 *    lines join at the cities they share.  A line end that stops short of
 *    another line (a terminal a few kilometres from the other line's
 *    station) gets a transfer link to it, and the parts of one multi-part
 *    route (the Suez Canal gap) are joined in order;
 *  - rail-sea goes by rail to the Beibu Gulf gateway port that gives the
 *    shortest journey, then along the sea lanes.  A gateway is linked to
 *    every line within LINK_KM, since railways end at their own terminal
 *    a few kilometres from the quays;
 *  - cross-border rail goes by rail through Pingxiang or Mohan,
 *    cross-border road by road or rail through the Friendship Pass or
 *    Hekou, then along that crossing's line to its far end;
 *  - the network ends at ports and terminals, while a region's anchor is
 *    somewhere in the middle of it.  A sea route ends at a port of the
 *    partner region on the network (Singapore for ASEAN, Rotterdam for
 *    Europe), else at any port or end of a sea lane; of those it takes the
 *    one that minimises the network length plus ONWARD_WEIGHT times the
 *    remaining distance as the crow flies, so it follows the network as
 *    far toward the partner as the network goes (North America is reached
 *    across the Pacific, not round the Cape);
 *  - paths are shortest by geodesic length (Dijkstra on a binary heap);
 *    the shortest-path trees are cached per source, and routes per origin
 *    node, mode and region.  Land legs may not pass through a border
 *    crossing other than their own: a path that leaves China and comes
 *    back is no route.  Trade joins the network at the node nearest its
 *    province's anchor, if that is within MAX_ACCESS_KM.
 *
 * Each flow's value is added to every edge it uses; edges are then merged
 * into segments between junctions (and wherever the load or the route
 * changes), so that every segment carries one load and every path is a
 * list of whole segments.  Air and other modes do not travel on the
 * network and are not routed.
 */

#define SNAP_KM          2.5      /* vertices of different lines closer than this are one node */
#define LINK_KM          15.0     /* a line end is linked to another line this close */
#define POINT_SNAP_KM    20.0     /* gateways and crossings lie this close to the network */
#define MAX_ACCESS_KM    600.0    /* an anchor farther from the network is not routed */
#define CROSSING_NEAR_KM 50.0     /* crossings this close count as the same place */
#define ONWARD_WEIGHT    4.0
#define GRID_DEGREES     0.1
#define EARTH_RADIUS_M   6371008.8

typedef enum
{
  EDGE_RAIL = 1 << 0,   /* rail, multimodal, and lines of no known mode */
  EDGE_ROAD = 1 << 1,
  EDGE_SEA  = 1 << 2,
  EDGE_LINK = 1 << 3,   /* a transfer between lines */
} EdgeClass;

/* What each leg may use: rail-sea and cross-border rail keep to the
 * railways, cross-border road takes roads or, where there are none, the
 * railway corridors. */
#define MASK_RAIL (EDGE_RAIL | EDGE_LINK)
#define MASK_ROAD (EDGE_RAIL | EDGE_ROAD | EDGE_LINK)
#define MASK_SEA  (EDGE_SEA | EDGE_LINK)

typedef struct
{
  double lon;
  double lat;
  guint  line;      /* a part of a route */
  int    route;     /* feature index */
} Vertex;

typedef struct
{
  double lon;
  double lat;
} Node;

typedef struct
{
  guint  a;
  guint  b;
  double length;    /* metres */
  int    route;     /* feature index, -1 for a transfer link */
  guint8 klass;     /* EdgeClass */
  double load;
  int    segment;
} Edge;

typedef struct
{
  double *dist;
  int    *prev;     /* edge into each node, -1 at the source or unreached */
} Tree;

typedef struct
{
  guint    node;
  double   lon;
  double   lat;
  guint    foreign_end;   /* node at the far end of the crossing's line */
  gboolean rail;
  gboolean road;
  gboolean *blocked;      /* crossings that are elsewhere, for paths to this one */
} Crossing;

typedef struct
{
  gboolean found;
  guint    destination;
  double   cost;          /* network length plus weighted remainder */
} Onward;

typedef struct
{
  GArray     *nodes;      /* Node */
  GArray     *edges;      /* Edge */
  guint      *adj_start;  /* n_nodes + 1 */
  guint      *adj;        /* edge indices */
  gboolean   *has_rail;
  gboolean   *has_land;   /* rail or road */
  gboolean   *has_sea;
  gboolean   *port;       /* a port, or the end of a sea lane */
  guint32    *port_regions;

  GArray     *gateways;   /* guint node */
  GArray     *crossings;  /* Crossing */
  gboolean   *blocked_all;

  GHashTable *pairs;      /* node pairs that have an edge */
  GHashTable *trees;      /* key → Tree */
  GHashTable *routes;     /* key → GArray of edges, or NULL when unroutable */
  Onward      sea_onward[CA_N_REGIONS][8];
  gboolean    sea_onward_done[CA_N_REGIONS][8];
} Router;

struct _CaFlowModel
{
  GObject  parent_instance;

  GArray  *flows;             /* CaFlow, by value, largest first */
  double   total;
  double   province_totals[CA_N_PROVINCES];
  gboolean has_anchor[CA_N_PROVINCES];
  double   anchor_lon[CA_N_PROVINCES];
  double   anchor_lat[CA_N_PROVINCES];
  double   max_value;
  double   max_load;

  GArray  *segments;          /* CaFlowSegment */
  GArray  *routed;            /* CaRoutedFlow */
  GArray  *path_segments;     /* guint */
  guint    n_unrouted;
};

G_DEFINE_FINAL_TYPE (CaFlowModel, ca_flow_model, G_TYPE_OBJECT)

static void
ca_flow_model_finalize (GObject *object)
{
  CaFlowModel *self = (CaFlowModel *)object;

  for (guint i = 0; i < self->segments->len; i++)
    {
      CaFlowSegment *segment = &g_array_index (self->segments, CaFlowSegment, i);

      g_free (segment->lonlat);
      g_free (segment->world);
    }

  g_clear_pointer (&self->flows, g_array_unref);
  g_clear_pointer (&self->segments, g_array_unref);
  g_clear_pointer (&self->routed, g_array_unref);
  g_clear_pointer (&self->path_segments, g_array_unref);

  G_OBJECT_CLASS (ca_flow_model_parent_class)->finalize (object);
}

static void
ca_flow_model_class_init (CaFlowModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ca_flow_model_finalize;
}

static void
ca_flow_model_init (CaFlowModel *self)
{
  self->flows = g_array_new (FALSE, FALSE, sizeof (CaFlow));
  self->segments = g_array_new (FALSE, FALSE, sizeof (CaFlowSegment));
  self->routed = g_array_new (FALSE, FALSE, sizeof (CaRoutedFlow));
  self->path_segments = g_array_new (FALSE, FALSE, sizeof (guint));
}

/* Distances */

/* Great-circle distance on the mean sphere: for searches, where a few
 * tenths of a percent do not matter. */
static double
sphere_distance (double lon1,
                 double lat1,
                 double lon2,
                 double lat2)
{
  double phi1 = lat1 * G_PI / 180, phi2 = lat2 * G_PI / 180;
  double dphi = phi2 - phi1, dlambda = (lon2 - lon1) * G_PI / 180;
  double h = sin (dphi / 2) * sin (dphi / 2) +
             cos (phi1) * cos (phi2) * sin (dlambda / 2) * sin (dlambda / 2);

  return 2 * EARTH_RADIUS_M * asin (MIN (1.0, sqrt (h)));
}

/* Anchors */

static int
province_from_code (const char *code)
{
  if (code == NULL)
    return -1;

  for (int p = 0; p < CA_N_PROVINCES; p++)
    if (g_ascii_strcasecmp (ca_trade_province_code (p), code) == 0)
      return p;

  return -1;
}

static gboolean
variant_is_true (GVariant *value)
{
  if (value == NULL)
    return FALSE;
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    return g_variant_get_boolean (value);
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    return g_variant_get_int64 (value) != 0;
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT32))
    return g_variant_get_int32 (value) != 0;
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    {
      const char *text = g_variant_get_string (value, NULL);

      return g_ascii_strcasecmp (text, "true") == 0 || g_ascii_strcasecmp (text, "yes") == 0 ||
             g_str_equal (text, "1");
    }

  return FALSE;
}

/* Each province's anchor: its main corridor node, else the basemap's
 * label point, which lies inside the province. */
static void
find_anchors (CaFlowModel   *self,
              CaBasemap     *basemap,
              CaVectorLayer *nodes)
{
  int main_field = nodes != NULL ? ca_vector_layer_find_field (nodes, "main_for_province") : -1;

  if (main_field >= 0)
    {
      guint n = ca_vector_layer_get_n_features (nodes);

      for (guint i = 0; i < n; i++)
        {
          const CaFeature *feature = ca_vector_layer_get_feature (nodes, i);
          int province;

          if (feature->kind != CA_GEOMETRY_POINT || feature->n_points == 0 ||
              !variant_is_true (feature->values[main_field]))
            continue;

          province = province_from_code (ca_vector_layer_get_string (nodes, feature, "province"));
          if (province < 0 || self->has_anchor[province])
            continue;

          self->has_anchor[province] = TRUE;
          self->anchor_lon[province] = feature->lonlat[0];
          self->anchor_lat[province] = feature->lonlat[1];
        }
    }

  if (basemap == NULL)
    return;

  for (int p = 0; p < CA_N_PROVINCES; p++)
    {
      const CaBasemapItem *item;

      if (self->has_anchor[p])
        continue;

      item = ca_basemap_find_item (basemap, ca_trade_province_code (p));
      if (item == NULL)
        continue;

      ca_basemap_item_get_label_point (item, &self->anchor_lon[p], &self->anchor_lat[p]);
      self->has_anchor[p] = TRUE;
    }
}

/* The network */

static guint
find_root (guint *parent,
           guint  i)
{
  while (parent[i] != i)
    {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }

  return i;
}

static gint64
grid_key (int cx,
          int cy)
{
  return ((gint64)(cx + 4096) << 16) | (gint64)(cy + 2048);
}

typedef struct
{
  gint64 key;
  guint  index;
} Cell;

static int
compare_cells (gconstpointer a,
               gconstpointer b)
{
  const Cell *ca = a, *cb = b;

  if (ca->key != cb->key)
    return ca->key < cb->key ? -1 : 1;
  return ca->index < cb->index ? -1 : ca->index > cb->index;
}

static guint
lower_bound (const Cell *cells,
             guint       n,
             gint64      key)
{
  guint lo = 0, hi = n;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (cells[mid].key < key)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

/* Merges vertices of different lines that lie within SNAP_KM of each
 * other; returns each vertex's node in @vertex_node. */
static void
snap_vertices (const Vertex *vertices,
               guint         n_vertices,
               GArray       *nodes,
               guint        *vertex_node)
{
  g_autofree guint *parent = g_new (guint, MAX (n_vertices, 1));
  g_autofree Cell *cells = g_new (Cell, MAX (n_vertices, 1));
  g_autofree int *root_node = g_new (int, MAX (n_vertices, 1));

  for (guint i = 0; i < n_vertices; i++)
    {
      parent[i] = i;
      cells[i].key = grid_key ((int)floor (vertices[i].lon / GRID_DEGREES),
                               (int)floor (vertices[i].lat / GRID_DEGREES));
      cells[i].index = i;
    }
  qsort (cells, n_vertices, sizeof (Cell), compare_cells);

  for (guint i = 0; i < n_vertices; i++)
    {
      const Vertex *v = &vertices[i];
      int cx = (int)floor (v->lon / GRID_DEGREES), cy = (int)floor (v->lat / GRID_DEGREES);

      for (int dx = -1; dx <= 1; dx++)
        for (int dy = -1; dy <= 1; dy++)
          {
            gint64 key = grid_key (cx + dx, cy + dy);

            for (guint k = lower_bound (cells, n_vertices, key);
                 k < n_vertices && cells[k].key == key; k++)
              {
                guint j = cells[k].index;
                const Vertex *w = &vertices[j];

                if (j <= i || w->line == v->line)
                  continue;
                if (sphere_distance (v->lon, v->lat, w->lon, w->lat) <= SNAP_KM * 1000)
                  {
                    guint ri = find_root (parent, i), rj = find_root (parent, j);

                    /* The lower index is the root: a node sits where the
                     * first line to reach it puts it. */
                    if (ri < rj)
                      parent[rj] = ri;
                    else if (rj < ri)
                      parent[ri] = rj;
                  }
              }
          }
    }

  for (guint i = 0; i < n_vertices; i++)
    root_node[i] = -1;

  for (guint i = 0; i < n_vertices; i++)
    {
      guint root = find_root (parent, i);

      if (root_node[root] < 0)
        {
          Node node = { vertices[root].lon, vertices[root].lat };

          root_node[root] = nodes->len;
          g_array_append_val (nodes, node);
        }
      vertex_node[i] = root_node[root];
    }
}

static guint64
pair_key (guint a,
          guint b)
{
  return a < b ? ((guint64)a << 32 | b) : ((guint64)b << 32 | a);
}

static void
add_edge (Router     *router,
          guint       a,
          guint       b,
          int         route,
          guint8      klass)
{
  const Node *na, *nb;
  guint64 key;
  Edge edge;

  if (a == b)
    return;

  /* Lines that share a stretch share its edges: the first line keeps it. */
  key = pair_key (a, b);
  if (g_hash_table_contains (router->pairs, &key))
    return;

  na = &g_array_index (router->nodes, Node, a);
  nb = &g_array_index (router->nodes, Node, b);
  edge.a = a;
  edge.b = b;
  edge.length = ca_geodesic_distance (na->lon, na->lat, nb->lon, nb->lat);
  edge.route = route;
  edge.klass = klass;
  edge.load = 0;
  edge.segment = -1;

  g_hash_table_add (router->pairs, g_memdup2 (&key, sizeof key));
  g_array_append_val (router->edges, edge);
}

static void
build_adjacency (Router *router)
{
  guint n_nodes = router->nodes->len;
  g_autofree guint *fill = g_new0 (guint, n_nodes + 1);

  g_free (router->adj_start);
  g_free (router->adj);
  g_free (router->has_rail);
  g_free (router->has_land);
  g_free (router->has_sea);

  router->adj_start = g_new0 (guint, n_nodes + 1);
  router->adj = g_new (guint, MAX (router->edges->len * 2, 1));
  router->has_rail = g_new0 (gboolean, MAX (n_nodes, 1));
  router->has_land = g_new0 (gboolean, MAX (n_nodes, 1));
  router->has_sea = g_new0 (gboolean, MAX (n_nodes, 1));

  for (guint e = 0; e < router->edges->len; e++)
    {
      const Edge *edge = &g_array_index (router->edges, Edge, e);

      router->adj_start[edge->a + 1]++;
      router->adj_start[edge->b + 1]++;
    }
  for (guint n = 0; n < n_nodes; n++)
    router->adj_start[n + 1] += router->adj_start[n];

  for (guint e = 0; e < router->edges->len; e++)
    {
      const Edge *edge = &g_array_index (router->edges, Edge, e);

      router->adj[router->adj_start[edge->a] + fill[edge->a]++] = e;
      router->adj[router->adj_start[edge->b] + fill[edge->b]++] = e;
      if (edge->klass == EDGE_RAIL)
        router->has_rail[edge->a] = router->has_rail[edge->b] = TRUE;
      if (edge->klass == EDGE_RAIL || edge->klass == EDGE_ROAD)
        router->has_land[edge->a] = router->has_land[edge->b] = TRUE;
      else if (edge->klass == EDGE_SEA)
        router->has_sea[edge->a] = router->has_sea[edge->b] = TRUE;
    }
}

static inline guint
degree (const Router *router,
        guint         node)
{
  return router->adj_start[node + 1] - router->adj_start[node];
}

static inline guint
other_end (const Edge *edge,
           guint       node)
{
  return edge->a == node ? edge->b : edge->a;
}

static gboolean
shares_route (const Router *router,
              guint         a,
              guint         b)
{
  for (guint i = router->adj_start[a]; i < router->adj_start[a + 1]; i++)
    {
      const Edge *ea = &g_array_index (router->edges, Edge, router->adj[i]);

      if (other_end (ea, a) == b)
        return TRUE;

      for (guint j = router->adj_start[b]; j < router->adj_start[b + 1]; j++)
        {
          const Edge *eb = &g_array_index (router->edges, Edge, router->adj[j]);

          if (ea->route >= 0 && ea->route == eb->route)
            return TRUE;
        }
    }

  return FALSE;
}

/* The node nearest to a point among those @accept allows, or -1 when none
 * lies within @max_metres. */
static int
nearest_node (const Router   *router,
              double          lon,
              double          lat,
              double          max_metres,
              const gboolean *accept)
{
  double best = max_metres;
  int found = -1;

  for (guint n = 0; n < router->nodes->len; n++)
    {
      const Node *node = &g_array_index (router->nodes, Node, n);
      double d;

      if (accept != NULL && !accept[n])
        continue;

      /* A degree of latitude is 111 km: skip the far ones cheaply. */
      if (fabs (node->lat - lat) * 111000.0 > best)
        continue;

      d = sphere_distance (lon, lat, node->lon, node->lat);
      if (d <= best)
        {
          best = d;
          found = n;
        }
    }

  return found;
}

static EdgeClass
route_class (CaVectorLayer   *routes,
             const CaFeature *feature)
{
  const char *mode = ca_vector_layer_get_string (routes, feature, "mode");

  if (g_strcmp0 (mode, "sea") == 0)
    return EDGE_SEA;
  if (g_strcmp0 (mode, "road") == 0)
    return EDGE_ROAD;
  return EDGE_RAIL;
}

/* Links each line end that stops short of other lines to the nearest node
 * of every one of them within LINK_KM: a terminal a few kilometres from
 * the station of a railway and of a road that pass by joins both. */
static void
link_line_ends (Router *router)
{
  g_autoptr(GArray) dangling = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GHashTable) nearest = g_hash_table_new (NULL, NULL);   /* route + 1 → node + 1 */
  g_autofree double *distance = g_new (double, MAX (router->nodes->len, 1));

  for (guint n = 0; n < router->nodes->len; n++)
    if (degree (router, n) == 1)
      g_array_append_val (dangling, n);

  for (guint i = 0; i < dangling->len; i++)
    {
      guint n = g_array_index (dangling, guint, i);
      const Node *node = &g_array_index (router->nodes, Node, n);
      GHashTableIter iter;
      gpointer value;

      g_hash_table_remove_all (nearest);
      for (guint m = 0; m < router->nodes->len; m++)
        {
          const Node *other = &g_array_index (router->nodes, Node, m);

          distance[m] = INFINITY;
          if (m == n || fabs (other->lat - node->lat) * 111000.0 > LINK_KM * 1000)
            continue;

          distance[m] = sphere_distance (node->lon, node->lat, other->lon, other->lat);
          if (distance[m] > LINK_KM * 1000 || shares_route (router, n, m))
            continue;

          for (guint k = router->adj_start[m]; k < router->adj_start[m + 1]; k++)
            {
              const Edge *edge = &g_array_index (router->edges, Edge, router->adj[k]);
              gpointer key = GINT_TO_POINTER (edge->route + 2);
              gpointer best = g_hash_table_lookup (nearest, key);

              if (edge->route < 0)
                continue;
              if (best == NULL || distance[m] < distance[GPOINTER_TO_UINT (best) - 1])
                g_hash_table_insert (nearest, key, GUINT_TO_POINTER (m + 1));
            }
        }

      g_hash_table_iter_init (&iter, nearest);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        add_edge (router, n, GPOINTER_TO_UINT (value) - 1, -1, EDGE_LINK);
    }

  if (dangling->len > 0)
    build_adjacency (router);
}

/* Builds the graph of the routes layer; returns the node of each route's
 * first and last vertex in @ends (2 per feature, -1 for non-lines). */
static void
build_graph (Router        *router,
             CaVectorLayer *routes,
             int          **ends)
{
  guint n_features = ca_vector_layer_get_n_features (routes);
  g_autoptr(GArray) vertices = g_array_new (FALSE, FALSE, sizeof (Vertex));
  g_autoptr(GArray) line_first = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree guint *vertex_node = NULL;
  g_autofree int *feature_first_line = g_new (int, MAX (n_features, 1));
  g_autofree guint *feature_n_lines = g_new0 (guint, MAX (n_features, 1));
  guint n_lines = 0;

  *ends = g_new (int, 2 * MAX (n_features, 1));

  for (guint f = 0; f < n_features; f++)
    {
      const CaFeature *feature = ca_vector_layer_get_feature (routes, f);

      feature_first_line[f] = -1;
      (*ends)[2 * f] = (*ends)[2 * f + 1] = -1;
      if (feature->kind != CA_GEOMETRY_LINE)
        continue;

      feature_first_line[f] = n_lines;
      for (guint p = 0; p < feature->n_parts; p++)
        {
          const CaGeometryPart *part = &feature->parts[p];
          guint first = vertices->len;

          g_array_append_val (line_first, first);
          for (guint k = 0; k < part->n_points; k++)
            {
              Vertex vertex;

              vertex.lon = feature->lonlat[2 * (part->first + k)];
              vertex.lat = feature->lonlat[2 * (part->first + k) + 1];
              vertex.line = n_lines;
              vertex.route = f;
              g_array_append_val (vertices, vertex);
            }
          n_lines++;
          feature_n_lines[f]++;
        }
    }
  g_array_append_val (line_first, vertices->len);

  vertex_node = g_new (guint, MAX (vertices->len, 1));
  snap_vertices ((const Vertex *)(gpointer)vertices->data, vertices->len, router->nodes,
                 vertex_node);

  /* Each line's consecutive vertices, then the gaps between the parts of
   * one route. */
  for (guint l = 0; l < n_lines; l++)
    {
      guint first = g_array_index (line_first, guint, l);
      guint last = g_array_index (line_first, guint, l + 1);
      int route = g_array_index (vertices, Vertex, first).route;
      guint8 klass = route_class (routes, ca_vector_layer_get_feature (routes, route));

      for (guint k = first + 1; k < last; k++)
        add_edge (router, vertex_node[k - 1], vertex_node[k], route, klass);
    }

  for (guint f = 0; f < n_features; f++)
    {
      guint8 klass;
      guint first_line, last_line;

      if (feature_first_line[f] < 0 || feature_n_lines[f] == 0)
        continue;

      klass = route_class (routes, ca_vector_layer_get_feature (routes, f));
      first_line = feature_first_line[f];
      last_line = first_line + feature_n_lines[f] - 1;

      for (guint l = first_line; l < last_line; l++)
        {
          guint start = g_array_index (line_first, guint, l + 1);

          /* The last vertex of this part to the first of the next. */
          add_edge (router, vertex_node[start - 1], vertex_node[start], f, klass);
        }

      (*ends)[2 * f] = vertex_node[g_array_index (line_first, guint, first_line)];
      (*ends)[2 * f + 1] = vertex_node[g_array_index (line_first, guint, last_line + 1) - 1];
    }

  build_adjacency (router);

  link_line_ends (router);
}

/* Shortest paths */

typedef struct
{
  double dist;
  guint  node;
} HeapItem;

static void
heap_push (GArray *heap,
           double  dist,
           guint   node)
{
  HeapItem item = { dist, node };
  HeapItem *items;
  guint i;

  g_array_append_val (heap, item);
  items = (HeapItem *)(gpointer)heap->data;
  i = heap->len - 1;
  while (i > 0)
    {
      guint up = (i - 1) / 2;
      HeapItem swap;

      if (items[up].dist <= items[i].dist)
        break;
      swap = items[up];
      items[up] = items[i];
      items[i] = swap;
      i = up;
    }
}

static HeapItem
heap_pop (GArray *heap)
{
  HeapItem *items = (HeapItem *)(gpointer)heap->data;
  HeapItem top = items[0];
  guint i = 0, n;

  items[0] = items[heap->len - 1];
  g_array_set_size (heap, heap->len - 1);
  n = heap->len;

  for (;;)
    {
      guint left = 2 * i + 1, right = left + 1, smallest = i;
      HeapItem swap;

      if (left < n && items[left].dist < items[smallest].dist)
        smallest = left;
      if (right < n && items[right].dist < items[smallest].dist)
        smallest = right;
      if (smallest == i)
        break;
      swap = items[smallest];
      items[smallest] = items[i];
      items[i] = swap;
      i = smallest;
    }

  return top;
}

static void
tree_free (gpointer data)
{
  Tree *tree = data;

  g_free (tree->dist);
  g_free (tree->prev);
  g_free (tree);
}

static Tree *
dijkstra (const Router   *router,
          guint           source,
          guint           mask,
          const gboolean *blocked)
{
  guint n_nodes = router->nodes->len;
  Tree *tree = g_new (Tree, 1);
  g_autoptr(GArray) heap = g_array_new (FALSE, FALSE, sizeof (HeapItem));

  tree->dist = g_new (double, n_nodes);
  tree->prev = g_new (int, n_nodes);
  for (guint n = 0; n < n_nodes; n++)
    {
      tree->dist[n] = INFINITY;
      tree->prev[n] = -1;
    }

  tree->dist[source] = 0;
  heap_push (heap, 0, source);

  while (heap->len > 0)
    {
      HeapItem item = heap_pop (heap);

      if (item.dist > tree->dist[item.node])
        continue;

      for (guint i = router->adj_start[item.node]; i < router->adj_start[item.node + 1]; i++)
        {
          const Edge *edge = &g_array_index (router->edges, Edge, router->adj[i]);
          guint next = other_end (edge, item.node);
          double dist = item.dist + edge->length;

          if (!(edge->klass & mask) || (blocked != NULL && blocked[next]))
            continue;

          if (dist < tree->dist[next])
            {
              tree->dist[next] = dist;
              tree->prev[next] = router->adj[i];
              heap_push (heap, dist, next);
            }
        }
    }

  return tree;
}

/* @block: 0 for none, 1 for every crossing, 2 + c for crossings far from
 * crossing c. */
static const Tree *
get_tree (Router *router,
          guint   source,
          guint   mask,
          guint   block)
{
  gint64 key = (gint64)source | (gint64)mask << 32 | (gint64)block << 40;
  Tree *tree = g_hash_table_lookup (router->trees, &key);
  const gboolean *blocked = NULL;

  if (tree != NULL)
    return tree;

  if (block == 1)
    blocked = router->blocked_all;
  else if (block >= 2)
    blocked = g_array_index (router->crossings, Crossing, block - 2).blocked;

  tree = dijkstra (router, source, mask, blocked);
  g_hash_table_insert (router->trees, g_memdup2 (&key, sizeof key), tree);

  return tree;
}

/* Appends the edges from the tree's source to @target, in order. */
static void
append_path (const Router *router,
             const Tree   *tree,
             guint         target,
             GArray       *edges)
{
  guint start = edges->len;
  guint node = target;

  while (tree->prev[node] >= 0)
    {
      guint e = tree->prev[node];

      g_array_append_val (edges, e);
      node = other_end (&g_array_index (router->edges, Edge, e), node);
    }

  /* Collected from the target back: turn them round. */
  for (guint i = start, j = edges->len; i + 1 < j; i++, j--)
    {
      guint swap = g_array_index (edges, guint, i);

      g_array_index (edges, guint, i) = g_array_index (edges, guint, j - 1);
      g_array_index (edges, guint, j - 1) = swap;
    }
}

/* Where sea routes may end: at level 0 the partner region's own ports, at
 * level 1 any port or lane end, at level 2 anywhere at sea. */
static gboolean
accept (const Router *router,
        guint         node,
        guint         gateway,
        int           region,
        guint         level)
{
  if (level == 0)
    return (router->port_regions[node] & (1u << region)) != 0;
  if (level == 1)
    return router->port[node];
  return router->has_sea[node] || node == gateway;
}

static const Onward *
sea_onward (Router *router,
            guint   gateway_index,
            int     region)
{
  const CaRegion *info = ca_trade_get_region (region);
  guint gateway = g_array_index (router->gateways, guint, gateway_index);
  Onward *onward = &router->sea_onward[region][gateway_index];
  const Tree *tree;

  if (router->sea_onward_done[region][gateway_index])
    return onward;

  router->sea_onward_done[region][gateway_index] = TRUE;
  onward->found = FALSE;
  onward->cost = INFINITY;

  tree = get_tree (router, gateway, MASK_SEA, 0);
  for (guint level = 0; level < 3 && !onward->found; level++)
    {
      for (guint n = 0; n < router->nodes->len; n++)
        {
          const Node *node = &g_array_index (router->nodes, Node, n);
          double cost;

          if (!isfinite (tree->dist[n]) || !accept (router, n, gateway, region, level))
            continue;

          cost = tree->dist[n] + ONWARD_WEIGHT * sphere_distance (node->lon, node->lat,
                                                                  info->anchor_longitude,
                                                                  info->anchor_latitude);
          if (cost < onward->cost)
            {
              onward->cost = cost;
              onward->destination = n;
              onward->found = TRUE;
            }
        }
    }

  return onward;
}

static gboolean
route_rail_sea (Router *router,
                guint   origin,
                int     region,
                GArray *edges)
{
  const Tree *land = get_tree (router, origin, MASK_RAIL, 1);
  double best = INFINITY;
  int best_gateway = -1;
  guint destination = 0, gateway;

  for (guint g = 0; g < router->gateways->len && g < 8; g++)
    {
      double to_port = land->dist[g_array_index (router->gateways, guint, g)];
      const Onward *onward;

      if (!isfinite (to_port))
        continue;

      onward = sea_onward (router, g, region);
      if (onward->found && to_port + onward->cost < best)
        {
          best = to_port + onward->cost;
          best_gateway = g;
          destination = onward->destination;
        }
    }

  if (best_gateway < 0)
    return FALSE;

  gateway = g_array_index (router->gateways, guint, best_gateway);
  append_path (router, land, gateway, edges);
  append_path (router, get_tree (router, gateway, MASK_SEA, 0), destination, edges);
  return TRUE;
}

static gboolean
route_cross_border (Router *router,
                    guint   origin,
                    CaMode  mode,
                    int     region,
                    GArray *edges)
{
  const CaRegion *info = ca_trade_get_region (region);
  guint mask = mode == CA_MODE_CROSS_BORDER_ROAD ? MASK_ROAD : MASK_RAIL;
  gboolean any_named = FALSE;
  double best = INFINITY;
  int best_crossing = -1;

  for (guint c = 0; c < router->crossings->len; c++)
    {
      const Crossing *crossing = &g_array_index (router->crossings, Crossing, c);

      any_named |= mode == CA_MODE_CROSS_BORDER_RAIL ? crossing->rail : crossing->road;
    }

  for (guint c = 0; c < router->crossings->len; c++)
    {
      const Crossing *crossing = &g_array_index (router->crossings, Crossing, c);
      const Node *end = &g_array_index (router->nodes, Node, crossing->foreign_end);
      gboolean named = mode == CA_MODE_CROSS_BORDER_RAIL ? crossing->rail : crossing->road;
      const Tree *land;
      double leg, cost;

      /* Without the named crossings in the data, any crossing will do. */
      if (any_named && !named)
        continue;

      leg = get_tree (router, crossing->node, mask, 0)->dist[crossing->foreign_end];
      land = get_tree (router, origin, mask, 2 + c);
      if (!isfinite (leg) || !isfinite (land->dist[crossing->node]))
        continue;

      cost = land->dist[crossing->node] + leg +
             ONWARD_WEIGHT * sphere_distance (end->lon, end->lat,
                                              info->anchor_longitude, info->anchor_latitude);
      if (cost < best)
        {
          best = cost;
          best_crossing = c;
        }
    }

  if (best_crossing < 0)
    return FALSE;

  {
    const Crossing *crossing = &g_array_index (router->crossings, Crossing, best_crossing);

    append_path (router, get_tree (router, origin, mask, 2 + best_crossing),
                 crossing->node, edges);
    append_path (router, get_tree (router, crossing->node, mask, 0),
                 crossing->foreign_end, edges);
  }

  return TRUE;
}

/* Returns the route's edges (cached), or NULL when there is none. */
static GArray *
route (Router *router,
       guint   origin,
       CaMode  mode,
       int     region)
{
  gint64 key = (gint64)origin << 16 | (gint64)mode << 8 | region;
  gpointer cached;
  GArray *edges;
  gboolean found;

  if (g_hash_table_lookup_extended (router->routes, &key, NULL, &cached))
    return cached;

  edges = g_array_new (FALSE, FALSE, sizeof (guint));
  if (mode == CA_MODE_RAIL_SEA)
    found = route_rail_sea (router, origin, region, edges);
  else
    found = route_cross_border (router, origin, mode, region, edges);

  if (!found)
    g_clear_pointer (&edges, g_array_unref);

  g_hash_table_insert (router->routes, g_memdup2 (&key, sizeof key), edges);
  return edges;
}

static gboolean
name_matches (CaVectorLayer   *layer,
              const CaFeature *feature,
              const char      *word)
{
  static const char *fields[] = { "id", "name_en", "name" };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const char *text = ca_vector_layer_get_string (layer, feature, fields[i]);
      g_autofree char *folded = text != NULL ? g_ascii_strdown (text, -1) : NULL;

      if (folded != NULL && strstr (folded, word) != NULL)
        return TRUE;
    }

  return FALSE;
}

/* Is the point in China?  Without a basemap nobody knows. */
static int
in_china (CaBasemap *basemap,
          double     lon,
          double     lat)
{
  const CaBasemapItem *item;

  if (basemap == NULL)
    return -1;

  item = ca_basemap_lookup (basemap, lon, lat, CA_PLACE_COUNTRY);
  return item != NULL && g_str_equal (ca_basemap_item_get_code (item), "CN");
}

static int
region_from_name (const char *name)
{
  if (name == NULL)
    return -1;

  for (int r = 0; r < CA_N_REGIONS; r++)
    {
      const CaRegion *region = ca_trade_get_region (r);

      if (g_ascii_strcasecmp (name, region->id) == 0 ||
          g_ascii_strcasecmp (name, region->name_en) == 0 ||
          g_strcmp0 (name, region->name_zh) == 0)
        return r;
    }

  return -1;
}

static void
find_places (Router        *router,
             CaBasemap     *basemap,
             CaVectorLayer *routes,
             const int     *ends,
             CaVectorLayer *nodes,
             CaVectorLayer *ports)
{
  guint n_nodes = router->nodes->len;

  router->blocked_all = g_new0 (gboolean, MAX (n_nodes, 1));
  router->port = g_new0 (gboolean, MAX (n_nodes, 1));
  router->port_regions = g_new0 (guint32, MAX (n_nodes, 1));

  for (guint f = 0; f < ca_vector_layer_get_n_features (routes); f++)
    if (ends[2 * f] >= 0 &&
        route_class (routes, ca_vector_layer_get_feature (routes, f)) == EDGE_SEA)
      router->port[ends[2 * f]] = router->port[ends[2 * f + 1]] = TRUE;

  if (ports != NULL)
    {
      for (guint i = 0; i < ca_vector_layer_get_n_features (ports); i++)
        {
          const CaFeature *feature = ca_vector_layer_get_feature (ports, i);
          int node, region;

          if (feature->kind != CA_GEOMETRY_POINT || feature->n_points == 0)
            continue;

          /* Ports on the sea lanes, and the regions they serve. */
          node = nearest_node (router, feature->lonlat[0], feature->lonlat[1],
                               POINT_SNAP_KM * 1000, router->has_sea);
          if (node >= 0)
            {
              router->port[node] = TRUE;
              region = region_from_name (ca_vector_layer_get_string (ports, feature, "region"));
              if (region >= 0)
                router->port_regions[node] |= 1u << region;
            }

          if (g_strcmp0 (ca_vector_layer_get_string (ports, feature, "role"), "gateway") != 0)
            continue;

          node = nearest_node (router, feature->lonlat[0], feature->lonlat[1],
                               POINT_SNAP_KM * 1000, NULL);
          if (node < 0)
            {
              g_debug ("Gateway %s is off the network",
                       ca_vector_layer_get_string (ports, feature, "id"));
              continue;
            }
          g_array_append_val (router->gateways, node);
        }
    }

  /* A gateway port is where the railways meet the sea lanes, even when
   * the lines stop a few kilometres apart. */
  for (guint g = 0; g < router->gateways->len; g++)
    {
      guint gateway = g_array_index (router->gateways, guint, g);
      const Node *port = &g_array_index (router->nodes, Node, gateway);

      for (guint n = 0; n < n_nodes; n++)
        {
          const Node *node = &g_array_index (router->nodes, Node, n);

          if (n != gateway && router->has_land[n] &&
              sphere_distance (port->lon, port->lat, node->lon, node->lat) <= LINK_KM * 1000)
            add_edge (router, gateway, n, -1, EDGE_LINK);
        }
    }
  build_adjacency (router);

  if (nodes != NULL)
    {
      for (guint i = 0; i < ca_vector_layer_get_n_features (nodes); i++)
        {
          const CaFeature *feature = ca_vector_layer_get_feature (nodes, i);
          Crossing crossing = { 0, };
          int node, route_index = -1;

          if (feature->kind != CA_GEOMETRY_POINT || feature->n_points == 0 ||
              g_strcmp0 (ca_vector_layer_get_string (nodes, feature, "kind"),
                         "border-crossing") != 0)
            continue;

          node = nearest_node (router, feature->lonlat[0], feature->lonlat[1],
                               POINT_SNAP_KM * 1000, router->has_land);
          if (node < 0)
            continue;

          /* The line through the crossing, and its end abroad: lines that
           * cross a border run from China outward, which the basemap
           * confirms when there is one. */
          for (guint k = router->adj_start[node]; k < router->adj_start[node + 1]; k++)
            {
              const Edge *edge = &g_array_index (router->edges, Edge, router->adj[k]);

              if ((edge->klass == EDGE_RAIL || edge->klass == EDGE_ROAD) && edge->route >= 0)
                {
                  route_index = edge->route;
                  break;
                }
            }
          if (route_index < 0 || ends[2 * route_index] < 0)
            continue;

          crossing.node = node;
          crossing.lon = feature->lonlat[0];
          crossing.lat = feature->lonlat[1];
          crossing.foreign_end = ends[2 * route_index + 1];
          {
            const Node *first = &g_array_index (router->nodes, Node, ends[2 * route_index]);
            const Node *last = &g_array_index (router->nodes, Node, ends[2 * route_index + 1]);

            if (in_china (basemap, last->lon, last->lat) == 1 &&
                in_china (basemap, first->lon, first->lat) == 0)
              crossing.foreign_end = ends[2 * route_index];
          }
          crossing.rail = name_matches (nodes, feature, "pingxiang") ||
                          name_matches (nodes, feature, "mohan");
          crossing.road = name_matches (nodes, feature, "youyiguan") ||
                          name_matches (nodes, feature, "friendship") ||
                          name_matches (nodes, feature, "hekou");
          router->blocked_all[node] = TRUE;
          g_array_append_val (router->crossings, crossing);
        }
    }

  for (guint c = 0; c < router->crossings->len; c++)
    {
      Crossing *crossing = &g_array_index (router->crossings, Crossing, c);

      crossing->blocked = g_new0 (gboolean, MAX (n_nodes, 1));
      for (guint d = 0; d < router->crossings->len; d++)
        {
          const Crossing *other = &g_array_index (router->crossings, Crossing, d);

          if (sphere_distance (crossing->lon, crossing->lat, other->lon, other->lat) >
              CROSSING_NEAR_KM * 1000)
            crossing->blocked[other->node] = TRUE;
        }
      crossing->blocked[crossing->node] = FALSE;
    }
}

static void
router_free (Router *router)
{
  for (guint c = 0; c < router->crossings->len; c++)
    g_free (g_array_index (router->crossings, Crossing, c).blocked);

  g_array_unref (router->nodes);
  g_array_unref (router->edges);
  g_free (router->adj_start);
  g_free (router->adj);
  g_free (router->has_rail);
  g_free (router->has_land);
  g_free (router->has_sea);
  g_free (router->port);
  g_free (router->port_regions);
  g_array_unref (router->gateways);
  g_array_unref (router->crossings);
  g_free (router->blocked_all);
  g_hash_table_unref (router->pairs);
  g_hash_table_unref (router->trees);
  g_hash_table_unref (router->routes);
  g_free (router);
}

static void
route_free (gpointer data)
{
  if (data != NULL)
    g_array_unref (data);
}

static Router *
router_new (void)
{
  Router *router = g_new0 (Router, 1);

  router->nodes = g_array_new (FALSE, FALSE, sizeof (Node));
  router->edges = g_array_new (FALSE, FALSE, sizeof (Edge));
  router->gateways = g_array_new (FALSE, FALSE, sizeof (guint));
  router->crossings = g_array_new (FALSE, FALSE, sizeof (Crossing));
  router->pairs = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  router->trees = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, tree_free);
  router->routes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, route_free);

  return router;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Router, router_free)

/* Segments */

static gboolean
continues_through (const Router   *router,
                   guint           node,
                   const gboolean *endpoint)
{
  const Edge *e1, *e2;

  if (degree (router, node) != 2 || endpoint[node])
    return FALSE;

  e1 = &g_array_index (router->edges, Edge, router->adj[router->adj_start[node]]);
  e2 = &g_array_index (router->edges, Edge, router->adj[router->adj_start[node] + 1]);

  return e1->route == e2->route && e1->load == e2->load;
}

static void
add_segment (CaFlowModel  *self,
             Router       *router,
             GArray       *walk_nodes,
             GArray       *walk_edges)
{
  CaFlowSegment segment;
  guint index = self->segments->len;
  const Edge *first = &g_array_index (router->edges, Edge, g_array_index (walk_edges, guint, 0));

  segment.n_points = walk_nodes->len;
  segment.lonlat = g_new (double, 2 * walk_nodes->len);
  segment.world = g_new (double, 2 * walk_nodes->len);
  segment.length = 0;
  segment.load = first->load;
  segment.route_feature = first->route;

  for (guint i = 0; i < walk_nodes->len; i++)
    {
      const Node *node = &g_array_index (router->nodes, Node, g_array_index (walk_nodes, guint, i));

      segment.lonlat[2 * i] = node->lon;
      segment.lonlat[2 * i + 1] = node->lat;
      segment.world[2 * i] = ca_mercator_x_from_longitude (node->lon);
      segment.world[2 * i + 1] = ca_mercator_y_from_latitude (node->lat);
    }

  for (guint i = 0; i < walk_edges->len; i++)
    {
      Edge *edge = &g_array_index (router->edges, Edge, g_array_index (walk_edges, guint, i));

      edge->segment = index;
      segment.length += edge->length;
    }

  self->max_load = MAX (self->max_load, segment.load);
  g_array_append_val (self->segments, segment);
}

/* Walks from @start along @edge through nodes the segment continues
 * through, and records the segment. */
static void
walk_segment (CaFlowModel    *self,
              Router         *router,
              guint           start,
              guint           e,
              const gboolean *endpoint,
              GArray         *walk_nodes,
              GArray         *walk_edges)
{
  guint node = start;

  g_array_set_size (walk_nodes, 0);
  g_array_set_size (walk_edges, 0);
  g_array_append_val (walk_nodes, node);

  for (;;)
    {
      Edge *edge = &g_array_index (router->edges, Edge, e);
      guint next = other_end (edge, node);

      edge->segment = -2;   /* taken */
      g_array_append_val (walk_edges, e);
      g_array_append_val (walk_nodes, next);
      node = next;

      if (node == start || !continues_through (router, node, endpoint))
        break;

      {
        guint e1 = router->adj[router->adj_start[node]];
        guint e2 = router->adj[router->adj_start[node] + 1];

        e = e1 == e ? e2 : e1;
        if (g_array_index (router->edges, Edge, e).segment != -1)
          break;
      }
    }

  add_segment (self, router, walk_nodes, walk_edges);
}

static void
build_segments (CaFlowModel    *self,
                Router         *router,
                const gboolean *endpoint)
{
  g_autoptr(GArray) walk_nodes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) walk_edges = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint n = 0; n < router->nodes->len; n++)
    {
      if (degree (router, n) == 0 || continues_through (router, n, endpoint))
        continue;

      for (guint k = router->adj_start[n]; k < router->adj_start[n + 1]; k++)
        if (g_array_index (router->edges, Edge, router->adj[k]).segment == -1)
          walk_segment (self, router, n, router->adj[k], endpoint, walk_nodes, walk_edges);
    }

  /* What is left are loops without a junction. */
  for (guint e = 0; e < router->edges->len; e++)
    if (g_array_index (router->edges, Edge, e).segment == -1)
      walk_segment (self, router, g_array_index (router->edges, Edge, e).a, e, endpoint,
                    walk_nodes, walk_edges);
}

/* Flows */

static int
compare_flows (gconstpointer a,
               gconstpointer b)
{
  const CaFlow *fa = a, *fb = b;

  if (fa->value != fb->value)
    return fa->value > fb->value ? -1 : 1;
  if (fa->province != fb->province)
    return fa->province - fb->province;
  return fa->region - fb->region;
}

static void
finish_flows (CaFlowModel *self)
{
  g_array_sort (self->flows, compare_flows);

  self->total = 0;
  for (guint i = 0; i < self->flows->len; i++)
    self->total += g_array_index (self->flows, CaFlow, i).value;

  for (guint i = 0; i < self->flows->len; i++)
    {
      CaFlow *flow = &g_array_index (self->flows, CaFlow, i);

      flow->share = self->total > 0 ? flow->value / self->total : 0;
    }

  self->max_value = self->flows->len > 0 ? g_array_index (self->flows, CaFlow, 0).value : 0;
}

typedef struct
{
  guint  flow;
  CaMode mode;
  double value;
  GArray *edges;       /* borrowed from the router */
  guint  origin;
  guint  destination;
} PendingRoute;

static void
route_flows (CaFlowModel         *self,
             CaTradeCube         *cube,
             const CaTradeFilter *filter,
             CaBasemap           *basemap,
             CaVectorLayer       *routes,
             CaVectorLayer       *nodes,
             CaVectorLayer       *ports)
{
  static const CaMode routed_modes[] = {
    CA_MODE_RAIL_SEA, CA_MODE_CROSS_BORDER_RAIL, CA_MODE_CROSS_BORDER_ROAD,
  };
  g_autoptr(Router) router = router_new ();
  g_autofree int *ends = NULL;
  g_autofree double *values = g_new (double, CA_N_PROVINCES * CA_N_REGIONS);
  g_autofree int *flow_index = g_new (int, CA_N_DIRECTIONS * CA_N_PROVINCES * CA_N_REGIONS);
  g_autofree gboolean *endpoint = NULL;
  g_autoptr(GArray) pending = g_array_new (FALSE, FALSE, sizeof (PendingRoute));
  int origin_rail[CA_N_PROVINCES];
  int origin_land[CA_N_PROVINCES];

  build_graph (router, routes, &ends);
  if (router->edges->len == 0)
    return;

  find_places (router, basemap, routes, ends, nodes, ports);

  for (guint i = 0; i < CA_N_DIRECTIONS * CA_N_PROVINCES * CA_N_REGIONS; i++)
    flow_index[i] = -1;
  for (guint i = 0; i < self->flows->len; i++)
    {
      const CaFlow *flow = &g_array_index (self->flows, CaFlow, i);

      flow_index[(flow->direction * CA_N_PROVINCES + flow->province) * CA_N_REGIONS + flow->region] = i;
    }

  /* Trade joins the network at the node nearest to its province's
   * anchor: a railway's for rail modes. */
  for (int p = 0; p < CA_N_PROVINCES; p++)
    {
      origin_rail[p] = origin_land[p] = -1;
      if (!self->has_anchor[p])
        continue;

      origin_rail[p] = nearest_node (router, self->anchor_lon[p], self->anchor_lat[p],
                                     MAX_ACCESS_KM * 1000, router->has_rail);
      origin_land[p] = nearest_node (router, self->anchor_lon[p], self->anchor_lat[p],
                                     MAX_ACCESS_KM * 1000, router->has_land);
    }

  /* Imports take the same path as exports, the other way: the load on
   * a stretch counts both. */
  for (guint m = 0; m < G_N_ELEMENTS (routed_modes) * CA_N_DIRECTIONS; m++)
    {
      CaMode mode = routed_modes[m / CA_N_DIRECTIONS];
      CaDirection direction = m % CA_N_DIRECTIONS;
      CaTradeFilter by_mode = *filter;

      if (filter->modes != 0 && !(filter->modes & (1u << mode)))
        continue;
      if (filter->directions != 0 && !(filter->directions & (1u << direction)))
        continue;

      by_mode.modes = 1u << mode;
      by_mode.directions = 1u << direction;
      ca_trade_cube_by_pair (cube, &by_mode, values);

      for (int p = 0; p < CA_N_PROVINCES; p++)
        for (int r = 0; r < CA_N_REGIONS; r++)
          {
            double value = values[p * CA_N_REGIONS + r];
            int index = flow_index[(direction * CA_N_PROVINCES + p) * CA_N_REGIONS + r];
            int origin = mode == CA_MODE_CROSS_BORDER_ROAD ? origin_land[p] : origin_rail[p];
            GArray *edges;
            PendingRoute item;

            if (!(value > 0) || index < 0)
              continue;

            edges = origin >= 0 ? route (router, origin, mode, r) : NULL;
            if (edges == NULL)
              {
                g_debug ("No %s route from %s to %s", ca_trade_mode_id (mode),
                         ca_trade_province_code (p), ca_trade_get_region (r)->id);
                self->n_unrouted++;
                continue;
              }

            item.flow = index;
            item.mode = mode;
            item.value = value;
            item.edges = edges;
            item.origin = origin;
            item.destination = origin;
            for (guint k = 0; k < edges->len; k++)
              {
                Edge *edge = &g_array_index (router->edges, Edge, g_array_index (edges, guint, k));

                edge->load += value;
                item.destination = other_end (edge, item.destination);
              }
            g_array_append_val (pending, item);
          }
    }

  /* Segments break where paths begin and end, so that every path is made
   * of whole segments. */
  endpoint = g_new0 (gboolean, MAX (router->nodes->len, 1));
  for (guint i = 0; i < pending->len; i++)
    {
      const PendingRoute *item = &g_array_index (pending, PendingRoute, i);

      endpoint[item->origin] = endpoint[item->destination] = TRUE;
    }

  build_segments (self, router, endpoint);

  for (guint i = 0; i < pending->len; i++)
    {
      const PendingRoute *item = &g_array_index (pending, PendingRoute, i);
      CaRoutedFlow routed;
      int last = -1;

      routed.flow = item->flow;
      routed.mode = item->mode;
      routed.value = item->value;
      routed.first = self->path_segments->len;
      for (guint k = 0; k < item->edges->len; k++)
        {
          guint e = g_array_index (item->edges, guint, k);
          const Edge *edge = &g_array_index (router->edges, Edge, e);

          if (edge->segment != last)
            {
              guint segment = edge->segment;

              g_array_append_val (self->path_segments, segment);
              last = edge->segment;
            }
        }
      routed.n_segments = self->path_segments->len - routed.first;
      g_array_append_val (self->routed, routed);
    }
}

/**
 * ca_flow_model_new:
 * @cube: the trade statistics
 * @filter: (nullable): the months, modes, regions and provinces to show;
 *   %NULL for everything
 * @basemap: (nullable): for the anchors of provinces without a main node
 * @routes: (nullable): the corridor's routes, to route flows over
 * @nodes: (nullable): the corridor's nodes: main nodes and border crossings
 * @ports: (nullable): the corridor's ports: the gateways
 *
 * Gathers the flows of @cube that @filter selects, one per province,
 * partner region and direction, and routes them over the corridor
 * network.
 *
 * Returns: (transfer full): a new model
 */
CaFlowModel *
ca_flow_model_new (CaTradeCube         *cube,
                   const CaTradeFilter *filter,
                   CaBasemap           *basemap,
                   CaVectorLayer       *routes,
                   CaVectorLayer       *nodes,
                   CaVectorLayer       *ports)
{
  g_autoptr(CaFlowModel) self = NULL;
  g_autofree double *values = g_new0 (double, CA_N_PROVINCES * CA_N_REGIONS);
  g_autofree double *bases = g_new0 (double, CA_N_PROVINCES * CA_N_REGIONS);
  CaTradeFilter all;
  gboolean has_base;
  int first, last;

  g_return_val_if_fail (CA_IS_TRADE_CUBE (cube), NULL);
  g_return_val_if_fail (!basemap || CA_IS_BASEMAP (basemap), NULL);
  g_return_val_if_fail (!routes || CA_IS_VECTOR_LAYER (routes), NULL);
  g_return_val_if_fail (!nodes || CA_IS_VECTOR_LAYER (nodes), NULL);
  g_return_val_if_fail (!ports || CA_IS_VECTOR_LAYER (ports), NULL);

  self = g_object_new (CA_TYPE_FLOW_MODEL, NULL);

  if (!ca_trade_cube_get_months (cube, &first, &last))
    return g_steal_pointer (&self);

  if (filter == NULL)
    {
      ca_trade_filter_init (&all, first, last);
      filter = &all;
    }

  find_anchors (self, basemap, nodes);

  has_base = filter->month_from - 12 >= first;

  for (int d = 0; d < CA_N_DIRECTIONS; d++)
    {
      CaTradeFilter current = *filter, base;

      if (filter->directions != 0 && !(filter->directions & (1u << d)))
        continue;

      current.directions = 1u << d;
      ca_trade_cube_by_pair (cube, &current, values);
      base = current;
      base.month_from -= 12;
      base.month_to -= 12;
      if (has_base)
        ca_trade_cube_by_pair (cube, &base, bases);

      for (int p = 0; p < CA_N_PROVINCES; p++)
        for (int r = 0; r < CA_N_REGIONS; r++)
          {
            double value = values[p * CA_N_REGIONS + r];
            const CaRegion *region = ca_trade_get_region (r);
            CaFlow flow;

            self->province_totals[p] += value;
            if (!(value > 0))
              continue;

            if (!self->has_anchor[p])
              {
                g_debug ("%s has no anchor: its flows are left out", ca_trade_province_code (p));
                continue;
              }

            flow.province = p;
            flow.region = r;
            flow.direction = d;
            flow.value = value;
            flow.base = bases[p * CA_N_REGIONS + r];
            flow.growth = has_base ? ca_trade_growth (value, flow.base) : NAN;
            flow.share = 0;
            flow.from_lon = self->anchor_lon[p];
            flow.from_lat = self->anchor_lat[p];
            flow.to_lon = region->anchor_longitude;
            flow.to_lat = region->anchor_latitude;
            if (d == CA_DIRECTION_IMPORT)
              {
                flow.from_lon = region->anchor_longitude;
                flow.from_lat = region->anchor_latitude;
                flow.to_lon = self->anchor_lon[p];
                flow.to_lat = self->anchor_lat[p];
              }
            g_array_append_val (self->flows, flow);
          }
    }

  finish_flows (self);

  if (routes != NULL && self->flows->len > 0)
    route_flows (self, cube, filter, basemap, routes, nodes, ports);

  if (self->n_unrouted > 0)
    g_debug ("%u province, region and mode combinations could not be routed", self->n_unrouted);

  return g_steal_pointer (&self);
}

/* For the benchmark: a model of given flows, with no network. */
CaFlowModel *
_ca_flow_model_new_for_flows (const CaFlow *flows,
                              guint         n_flows)
{
  CaFlowModel *self = g_object_new (CA_TYPE_FLOW_MODEL, NULL);

  g_array_append_vals (self->flows, flows, n_flows);
  for (guint i = 0; i < n_flows; i++)
    {
      const CaFlow *flow = &flows[i];

      if (flow->province < 0 || flow->province >= CA_N_PROVINCES)
        continue;

      self->province_totals[flow->province] += flow->value;
      if (!self->has_anchor[flow->province])
        {
          self->has_anchor[flow->province] = TRUE;
          self->anchor_lon[flow->province] = flow->from_lon;
          self->anchor_lat[flow->province] = flow->from_lat;
        }
    }
  finish_flows (self);

  return self;
}

guint
ca_flow_model_get_n_flows (CaFlowModel *self)
{
  g_return_val_if_fail (CA_IS_FLOW_MODEL (self), 0);

  return self->flows->len;
}

/**
 * ca_flow_model_get_flow:
 *
 * Flows are sorted by value, largest first.
 *
 * Returns: (transfer none): the flow at @index
 */
const CaFlow *
ca_flow_model_get_flow (CaFlowModel *self,
                        guint        index)
{
  g_return_val_if_fail (CA_IS_FLOW_MODEL (self), NULL);
  g_return_val_if_fail (index < self->flows->len, NULL);

  return &g_array_index (self->flows, CaFlow, index);
}

/**
 * ca_flow_model_get_total:
 *
 * Returns: the sum of the flows' values
 */
double
ca_flow_model_get_total (CaFlowModel *self)
{
  g_return_val_if_fail (CA_IS_FLOW_MODEL (self), 0);

  return self->total;
}

/**
 * ca_flow_model_get_province_totals:
 * @totals: (array fixed-size=34) (out caller-allocates): one total per province
 *
 * The trade of each province under the filter, with every partner region,
 * whether or not the province has an anchor to draw its flows from.
 */
void
ca_flow_model_get_province_totals (CaFlowModel *self,
                                   double      *totals)
{
  g_return_if_fail (CA_IS_FLOW_MODEL (self));
  g_return_if_fail (totals != NULL);

  memcpy (totals, self->province_totals, sizeof self->province_totals);
}

/**
 * ca_flow_model_get_province_anchor:
 *
 * Returns: whether @province has an anchor, where its flows start
 */
gboolean
ca_flow_model_get_province_anchor (CaFlowModel *self,
                                   int          province,
                                   double      *longitude,
                                   double      *latitude)
{
  g_return_val_if_fail (CA_IS_FLOW_MODEL (self), FALSE);
  g_return_val_if_fail (province >= 0 && province < CA_N_PROVINCES, FALSE);

  if (!self->has_anchor[province])
    return FALSE;

  if (longitude != NULL)
    *longitude = self->anchor_lon[province];
  if (latitude != NULL)
    *latitude = self->anchor_lat[province];
  return TRUE;
}

/**
 * ca_flow_model_get_n_segments:
 *
 * Returns: the number of segments of the corridor network, loaded or not;
 *   0 without a routes layer
 */
guint
ca_flow_model_get_n_segments (CaFlowModel *self)
{
  g_return_val_if_fail (CA_IS_FLOW_MODEL (self), 0);

  return self->segments->len;
}

const CaFlowSegment *
ca_flow_model_get_segment (CaFlowModel *self,
                           guint        index)
{
  g_return_val_if_fail (CA_IS_FLOW_MODEL (self), NULL);
  g_return_val_if_fail (index < self->segments->len, NULL);

  return &g_array_index (self->segments, CaFlowSegment, index);
}

static int
compare_guints (gconstpointer a,
                gconstpointer b)
{
  guint ua = *(const guint *)a, ub = *(const guint *)b;

  return ua < ub ? -1 : ua > ub;
}

/**
 * ca_flow_model_route_path:
 * @flow: index of a flow
 * @segment_indices: (out) (optional) (transfer full) (element-type guint):
 *   the segments the flow's modes travel over, in increasing order
 *
 * Returns: whether any part of the flow was routed over the network
 */
gboolean
ca_flow_model_route_path (CaFlowModel  *self,
                          guint         flow,
                          GArray      **segment_indices)
{
  g_autoptr(GArray) indices = NULL;
  gboolean found = FALSE;

  g_return_val_if_fail (CA_IS_FLOW_MODEL (self), FALSE);
  g_return_val_if_fail (flow < self->flows->len, FALSE);

  indices = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < self->routed->len; i++)
    {
      const CaRoutedFlow *routed = &g_array_index (self->routed, CaRoutedFlow, i);

      if (routed->flow != flow)
        continue;

      found = TRUE;
      g_array_append_vals (indices, &g_array_index (self->path_segments, guint, routed->first),
                           routed->n_segments);
    }

  g_array_sort (indices, compare_guints);
  for (guint i = 1; i < indices->len;)
    if (g_array_index (indices, guint, i) == g_array_index (indices, guint, i - 1))
      g_array_remove_index (indices, i);
    else
      i++;

  if (segment_indices != NULL)
    *segment_indices = g_steal_pointer (&indices);

  return found;
}

/**
 * ca_flow_model_get_n_unrouted:
 *
 * Returns: how many combinations of province, partner region and mode
 *   (rail-sea, cross-border rail or road) with trade found no route over
 *   the network
 */
guint
ca_flow_model_get_n_unrouted (CaFlowModel *self)
{
  g_return_val_if_fail (CA_IS_FLOW_MODEL (self), 0);

  return self->n_unrouted;
}

guint
_ca_flow_model_get_n_routed (CaFlowModel *self)
{
  return self->routed->len;
}

const CaRoutedFlow *
_ca_flow_model_get_routed (CaFlowModel *self,
                           guint        index)
{
  return &g_array_index (self->routed, CaRoutedFlow, index);
}

const guint *
_ca_flow_model_get_path_segments (CaFlowModel *self)
{
  return (const guint *)(gconstpointer)self->path_segments->data;
}

double
_ca_flow_model_get_max_value (CaFlowModel *self)
{
  return self->max_value;
}

double
_ca_flow_model_get_max_load (CaFlowModel *self)
{
  return self->max_load;
}
