/* ca-trade-table.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Part of the cube's implementation, so in its log domain. */
#define G_LOG_DOMAIN "ca-trade-cube"

#include "config.h"

#include <cpl_error.h>
#include <gdal.h>
#include <glib/gi18n-lib.h>
#include <ogr_api.h>
#include <string.h>

#include "ca-trade-csv-private.h"
#include "ca-vsi-cancel.h"

/* Reads trade records from a table GDAL reads (XLSX, ODS, a PostgreSQL
 * table…) into a CaTradeCube through OGR, a row at a time, with the row
 * loader of ca-trade-csv.c.  Rows are numbered from the sheet's header
 * row.
 */

/* Rows searched for the header when it is not the sheet's first. */
#define HEADER_SEARCH_ROWS 20

/* Finds the header row below a title or blank rows, where GDAL does not
 * look: the first row whose cells name the columns.  On success the
 * layer reads on from the row after it, and @row is the header's row. */
static gboolean
find_header_row (OGRLayerH  layer,
                 Schema    *schema,
                 guint      n_fields,
                 guint     *row)
{
  const char *fields[MAX_FIELDS];
  gsize lengths[MAX_FIELDS];
  OGRFeatureH feature;

  OGR_L_ResetReading (layer);
  for (guint r = 1; r <= HEADER_SEARCH_ROWS && (feature = OGR_L_GetNextFeature (layer)) != NULL; r++)
    {
      gboolean found;

      for (guint f = 0; f < n_fields; f++)
        {
          fields[f] = OGR_F_IsFieldSetAndNotNull (feature, f) ? OGR_F_GetFieldAsString (feature, f) : "";
          lengths[f] = strlen (fields[f]);
        }
      found = _ca_trade_map_header (schema, fields, lengths, n_fields, NULL);
      OGR_F_Destroy (feature);

      if (found)
        {
          *row = r;
          return TRUE;
        }
    }

  return FALSE;
}

gboolean
_ca_trade_cube_load_table (CaTradeCube     *self,
                           const char      *source,
                           CaProgressFunc   progress,
                           gpointer         progress_data,
                           GCancellable    *cancellable,
                           GError         **error)
{
  static const char * const sheet_options[] = { "HEADERS=FORCE", "FIELD_TYPES=STRING", NULL };
  g_autofree char *name = ca_vector_source_redact (source);
  g_autofree char *wrapped = NULL;
  Schema schema = { name, NULL, { 0 }, 0, 0 };
  GCancellable *previous;
  GDALDatasetH dataset;
  OGRLayerH layer;
  OGRFeatureDefnH definition;
  OGRFeatureH feature;
  Loader *loader;
  const char *fields[MAX_FIELDS];
  gsize lengths[MAX_FIELDS];
  guint n_fields, row = 1;
  guint first_line = 0;
  gboolean ok = TRUE;
  GIntBig n_total;

  GDALAllRegister ();
  CPLPushErrorHandler (CPLQuietErrorHandler);
  CPLErrorReset ();
  /* A spreadsheet is unzipped and parsed whole on opening: through the
   * handler that stops reading on Cancel, that ends at once. */
  wrapped = ca_vsi_cancel_wrap (source);
  previous = ca_vsi_cancel_set (cancellable);
  dataset = GDALOpenEx (wrapped, GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR,
                        NULL, sheet_options, NULL);
  ca_vsi_cancel_set (previous);
  CPLPopErrorHandler ();
  if (dataset == NULL && g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (dataset == NULL)
    {
      g_autofree char *reason = ca_vsi_cancel_clean_message (CPLGetLastErrorMsg ());

      g_set_error (error, CA_TRADE_ERROR, CA_TRADE_ERROR_OPEN, _("Could not open “%s”: %s"),
                   name, reason[0] != '\0' ? reason : _("GDAL gave no reason"));
      return FALSE;
    }

  layer = GDALDatasetGetLayerCount (dataset) > 0 ? GDALDatasetGetLayer (dataset, 0) : NULL;
  if (layer == NULL)
    {
      g_set_error (error, CA_TRADE_ERROR, CA_TRADE_ERROR_EMPTY, _("“%s” has no table"), name);
      GDALClose (dataset);
      return FALSE;
    }

  schema.sheet = OGR_L_GetName (layer);
  loader = _ca_trade_loader_new (&schema, MAX_ISSUES - MIN (self->issues->len, MAX_ISSUES));
  definition = OGR_L_GetLayerDefn (layer);
  n_fields = MIN (OGR_FD_GetFieldCount (definition), MAX_FIELDS);
  for (guint f = 0; f < n_fields; f++)
    {
      fields[f] = OGR_Fld_GetNameRef (OGR_FD_GetFieldDefn (definition, f));
      lengths[f] = strlen (fields[f]);
    }

  n_total = OGR_L_GetFeatureCount (layer, FALSE);
  if (_ca_trade_map_header (&schema, fields, lengths, n_fields, NULL))
    OGR_L_ResetReading (layer);
  else if (!find_header_row (layer, &schema, n_fields, &row))
    {
      /* Once more, for the message about the first row. */
      for (guint f = 0; f < n_fields; f++)
        {
          fields[f] = OGR_Fld_GetNameRef (OGR_FD_GetFieldDefn (definition, f));
          lengths[f] = strlen (fields[f]);
        }
      _ca_trade_map_header (&schema, fields, lengths, n_fields, error);
      _ca_trade_loader_free (loader);
      GDALClose (dataset);
      return FALSE;
    }
  while ((feature = OGR_L_GetNextFeature (layer)) != NULL)
    {
      row++;
      for (guint f = 0; f < n_fields; f++)
        {
          fields[f] = OGR_F_IsFieldSetAndNotNull (feature, f) ? OGR_F_GetFieldAsString (feature, f) : "";
          lengths[f] = strlen (fields[f]);
        }

      /* A row left blank in the sheet is no record. */
      {
        gboolean blank = TRUE;

        for (guint f = 0; f < n_fields && blank; f++)
          blank = lengths[f] == 0;
        if (!blank)
          _ca_trade_loader_add_row (loader, fields, lengths, n_fields, row);
      }
      OGR_F_Destroy (feature);

      if (row % 4096 == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            {
              ok = FALSE;
              break;
            }
          if (progress != NULL && n_total > 0)
            progress ((double)row / n_total, progress_data);
        }
    }

  /* Rows are numbered as they are, from the sheet's header row. */
  if (ok)
    _ca_trade_merge_tallies (self, &schema, &loader, &first_line, 1);
  _ca_trade_loader_free (loader);
  GDALClose (dataset);

  return ok;
}
