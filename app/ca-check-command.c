/* ca-check-command.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ca-check-command"

#include "config.h"

#include <gdal.h>
#include <glib/gi18n.h>
#include <ogr_api.h>
#include <stdio.h>

#include "ca-check-command.h"
#include "ca-project.h"
#include "ca-trade-cube.h"
#include "ca-vector-layer.h"

/* corridor-atlas --check FILE…
 *
 * Reads each file as the window would (a .corridor file as a project,
 * a spreadsheet as trade records, a CSV as trade records or else as
 * points, anything else as a map layer) and says what loads.  What
 * loads goes to stdout, one line a file; why something could not be read
 * or was left out goes to stderr, each line naming the file.  A project
 * is checked with the layers and trade files it names.
 *
 * Exit status: 0 when every file could be read, even if parts of it were
 * left out; 1 when a file cannot be read or nothing in it can be used;
 * 2 for bad arguments.
 */

#define MAX_SHOWN 5

gboolean
ca_check_command_wanted (int    argc,
                         char **argv)
{
  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--check"))
      return TRUE;

  return FALSE;
}

static char *
display_name (const char *source)
{
  g_autofree char *shown = ca_vector_source_redact (source);

  if (g_str_has_prefix (shown, "PG:") || g_str_has_prefix (shown, "/vsi"))
    return g_steal_pointer (&shown);

  return g_path_get_basename (shown);
}

static gboolean
has_suffix (const char *source,
            const char *suffix)
{
  g_autofree char *lower = g_ascii_strdown (source, -1);

  return g_str_has_suffix (lower, suffix);
}

/* How many features the layer has in its source, to tell the features
 * left out from those repaired. */
static gint64
count_source_features (const char *source,
                       const char *layer_name)
{
  GDALDatasetH dataset = GDALOpenEx (source, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
  OGRLayerH layer;
  gint64 n = -1;

  if (dataset == NULL)
    return -1;

  layer = GDALDatasetGetLayerByName (dataset, layer_name);
  if (layer != NULL)
    n = OGR_L_GetFeatureCount (layer, TRUE);
  GDALClose (dataset);

  return n;
}

static void
print_more (const char *name,
            guint       n_more)
{
  if (n_more > 0)
    /* translators: the number of problems not listed */
    g_printerr (g_dngettext (GETTEXT_PACKAGE, "%s: … and %u more\n", "%s: … and %u more\n", n_more),
                name, n_more);
}

/* Returns whether anything in the layer can be used. */
static gboolean
report_layer (CaVectorLayer *layer,
              const char    *indent,
              const char    *name)
{
  guint n_features = ca_vector_layer_get_n_features (layer);
  guint n_issues = ca_vector_layer_get_n_issues (layer);
  gint64 n_source = count_source_features (ca_vector_layer_get_source (layer),
                                           ca_vector_layer_get_name (layer));
  guint n_notes = 0;
  guint left_out, repaired;

  /* Issues about the whole layer come first, with no feature's index. */
  while (n_notes < n_issues && ca_vector_layer_get_issue (layer, n_notes)->index == G_MAXUINT)
    n_notes++;
  left_out = n_source >= n_features ? (guint)(n_source - n_features) : n_issues - n_notes;
  repaired = n_issues - n_notes >= left_out ? n_issues - n_notes - left_out : 0;

  g_print (g_dngettext (GETTEXT_PACKAGE,
                        "%s%s: %u feature loaded (%u left out, %u repaired)\n",
                        "%s%s: %u features loaded (%u left out, %u repaired)\n",
                        n_features),
           indent, name, n_features, left_out, repaired);
  fflush (stdout);

  for (guint i = 0; i < MIN (n_issues, MAX_SHOWN); i++)
    g_printerr ("%s%s: %s\n", indent, name, ca_vector_layer_get_issue (layer, i)->reason);
  print_more (name, n_issues - MIN (n_issues, MAX_SHOWN));

  return n_features > 0 || n_issues == 0;
}

static gboolean
report_trade (CaTradeCube *cube,
              const char  *indent,
              const char  *name)
{
  g_autofree char *summary = ca_trade_cube_dup_summary (cube, name);
  guint n_issues = ca_trade_cube_get_n_issues (cube);
  guint64 n_rejected = ca_trade_cube_get_n_rejected (cube);
  g_autofree char *lower = g_ascii_strdown (name, -1);

  /* Only text has an encoding; a spreadsheet's cells are Unicode. */
  if (g_str_has_suffix (lower, ".csv"))
    g_print ("%s%s (%s)\n", indent, summary, ca_trade_cube_get_encoding (cube));
  else
    g_print ("%s%s\n", indent, summary);
  fflush (stdout);

  for (guint i = 0; i < MIN (n_issues, MAX_SHOWN); i++)
    g_printerr ("%s%s: %s\n", indent, name, ca_trade_cube_get_issue (cube, i)->reason);
  print_more (name, (guint)MIN (n_rejected - MIN (n_issues, MAX_SHOWN), G_MAXUINT));

  if (ca_trade_cube_get_n_rows (cube) > 0 && ca_trade_cube_get_n_accepted (cube) == 0)
    {
      g_printerr (_("%s%s: no record can be used\n"), indent, name);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_layer (const char *source,
             const char *indent)
{
  g_autofree char *name = display_name (source);
  g_autoptr(CaVectorLayer) layer = NULL;
  g_autoptr(GError) error = NULL;

  layer = ca_vector_layer_load (source, NULL, NULL, NULL, NULL, &error);
  if (layer == NULL)
    {
      g_printerr ("%s%s\n", indent, error->message);
      return FALSE;
    }

  return report_layer (layer, indent, name);
}

static gboolean
check_trade (const char *source,
             const char *indent,
             gboolean    may_be_layer)
{
  g_autofree char *name = display_name (source);
  g_autoptr(CaTradeCube) cube = NULL;
  g_autoptr(GError) error = NULL;

  cube = ca_trade_cube_load (source, NULL, NULL, NULL, &error);
  if (cube != NULL)
    return report_trade (cube, indent, name);

  /* A CSV without the trade columns may be points with coordinates. */
  if (may_be_layer && g_error_matches (error, CA_TRADE_ERROR, CA_TRADE_ERROR_COLUMNS))
    {
      g_autoptr(CaVectorLayer) layer = ca_vector_layer_load (source, NULL, NULL, NULL, NULL, NULL);

      if (layer != NULL && ca_vector_layer_get_n_features (layer) > 0)
        return report_layer (layer, indent, name);
    }

  g_printerr ("%s%s\n", indent, error->message);
  return FALSE;
}

static gboolean
is_trade_table (const char *source)
{
  return has_suffix (source, ".xlsx") || has_suffix (source, ".xls") || has_suffix (source, ".ods");
}

static gboolean
is_csv (const char *source)
{
  return has_suffix (source, ".csv") || has_suffix (source, ".txt");
}

static gboolean
check_project (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(CaProject) project = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_path_get_basename (path);
  const char * const *trade;

  project = ca_project_load (file, warnings, &error);
  if (project == NULL)
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }

  g_print (_("%s: project read\n"), name);
  fflush (stdout);
  for (guint i = 0; i < warnings->len; i++)
    g_printerr ("%s\n", (const char *)g_ptr_array_index (warnings, i));

  /* The parts that are there: what the window would load.  A part that
   * cannot be read is left out of the project, as in the window. */
  for (guint i = 0; i < ca_project_get_n_layers (project); i++)
    {
      const char *source = ca_project_get_layer (project, i)->source;

      if (!g_str_has_prefix (source, CA_PROJECT_SHIPPED_PREFIX))
        check_layer (source, "  ");
    }
  trade = ca_project_get_trade_sources (project);
  for (guint i = 0; trade != NULL && trade[i] != NULL; i++)
    check_trade (trade[i], "  ", FALSE);

  return TRUE;
}

int
ca_check_command_run (int    argc,
                      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) files = NULL;
  gboolean check = FALSE;
  gboolean all_read = TRUE;
  const GOptionEntry entries[] = {
    { "check", 0, 0, G_OPTION_ARG_NONE, &check,
      N_("Check layers, trade records and projects: say what loads and what is left out, and why"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, N_("FILE…") },
    { NULL }
  };

  context = g_option_context_new (_("FILE…"));
  g_option_context_set_summary (context, _("Read each file as the window would and report, without "
                                           "opening a window, what loads and what is left out. "
                                           "The exit status is 1 when a file cannot be read."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  if (files == NULL || files[0] == NULL)
    {
      g_printerr (_("--check needs one or more files\n"));
      return 2;
    }

  for (guint i = 0; files[i] != NULL; i++)
    {
      const char *source = files[i];
      gboolean ok;

      if (has_suffix (source, ".corridor"))
        ok = check_project (source);
      else if (is_trade_table (source))
        ok = check_trade (source, "", FALSE);
      else if (is_csv (source))
        ok = check_trade (source, "", TRUE);
      else
        ok = check_layer (source, "");

      all_read &= ok;
    }

  return all_read ? 0 : 1;
}
