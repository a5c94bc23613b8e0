/* ca-project.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CA_PROJECT_ERROR (ca_project_error_quark ())

/* The version written in the file's "format" field.  Readers ignore
 * fields they do not know, so a newer file still opens. */
#define CA_PROJECT_FORMAT 1

/* Sources that name the data shipped with the application, wherever it is
 * installed, rather than a file: "corridor-atlas:routes" and so on. */
#define CA_PROJECT_SHIPPED_PREFIX "corridor-atlas:"

typedef enum
{
  CA_PROJECT_ERROR_FAILED,
  CA_PROJECT_ERROR_PARSE,
  CA_PROJECT_ERROR_NOT_PROJECT,
  CA_PROJECT_ERROR_WRITE,
} CaProjectError;

/* One layer of the layers panel, as saved. */
typedef struct
{
  char     *source;      /* absolute path, or a connection string without password */
  char     *title;
  gboolean  visible;
  gboolean  thematic;
  double    color[4];    /* red, green, blue, alpha in 0…1 */
  double    width;
  double    opacity;
} CaProjectLayer;

/* The statistics panel's filter and flow style. */
typedef struct
{
  int      month_from;   /* 0 when unset */
  int      month_to;
  guint    modes;        /* bit masks, as in CaTradeFilter; 0 means all */
  guint    directions;
  guint32  regions;
  guint64  provinces;
  int      direction;    /* the panel's direction choice */
  guint    top_n;
  gboolean show_flows;
  int      layout;       /* CaFlowLayout */
  int      coloring;     /* CaFlowColoring */
  gboolean arcs;
  gboolean choropleth;
  gboolean circles;
} CaProjectStats;

#define CA_TYPE_PROJECT (ca_project_get_type ())

G_DECLARE_FINAL_TYPE (CaProject, ca_project, CA, PROJECT, GObject)

GQuark                ca_project_error_quark       (void);
char                 *ca_project_strip_password    (const char      *source);

CaProject            *ca_project_new               (void);
CaProject            *ca_project_load              (GFile           *file,
                                                    GPtrArray       *warnings,
                                                    GError         **error);
CaProject            *ca_project_load_from_bytes   (GBytes          *bytes,
                                                    GFile           *file,
                                                    GPtrArray       *warnings,
                                                    GError         **error);
gboolean              ca_project_save              (CaProject       *self,
                                                    GFile           *file,
                                                    GError         **error);
GBytes               *ca_project_to_bytes          (CaProject       *self,
                                                    GFile           *file);
gboolean              ca_project_equal             (CaProject       *a,
                                                    CaProject       *b);

guint                 ca_project_get_n_layers      (CaProject       *self);
const CaProjectLayer *ca_project_get_layer         (CaProject       *self,
                                                    guint            index);
void                  ca_project_add_layer         (CaProject       *self,
                                                    const CaProjectLayer *layer);

const char * const   *ca_project_get_trade_sources (CaProject       *self);
void                  ca_project_add_trade_source  (CaProject       *self,
                                                    const char      *source);
gboolean              ca_project_get_trade_illustrative (CaProject  *self);
void                  ca_project_set_trade_illustrative (CaProject  *self,
                                                         gboolean    illustrative);
const CaProjectStats *ca_project_get_stats         (CaProject       *self);
void                  ca_project_set_stats         (CaProject       *self,
                                                    const CaProjectStats *stats);

void                  ca_project_get_view          (CaProject       *self,
                                                    double          *latitude,
                                                    double          *longitude,
                                                    double          *zoom);
void                  ca_project_set_view          (CaProject       *self,
                                                    double           latitude,
                                                    double           longitude,
                                                    double           zoom);
gboolean              ca_project_has_view          (CaProject       *self);
const char           *ca_project_get_basemap       (CaProject       *self);
void                  ca_project_set_basemap       (CaProject       *self,
                                                    const char      *basemap);

GVariant             *ca_project_get_export        (CaProject       *self);
void                  ca_project_set_export        (CaProject       *self,
                                                    GVariant        *settings);

G_END_DECLS
