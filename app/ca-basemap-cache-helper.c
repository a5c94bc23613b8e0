/* ca-basemap-cache-helper.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* corridor-atlas-basemap-cache DCW-FILE CACHE-DIR
 *
 * Reads a DCW-GMT file and saves the processed basemap in CACHE-DIR, for
 * the app to map.  The app runs this in a separate process the first
 * time it meets a DCW file, so netCDF and HDF5, their memory (HDF5 alone
 * holds some 70 MB of metadata while the file is open) and any crash on
 * a damaged file stay out of the window's process.
 *
 * Exit status: 0 when the cache is ready, 2 when the file does not exist,
 * 3 when it is damaged, 1 otherwise, with the reason on stderr.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdlib.h>

#include "ca-basemap.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CaBasemap) basemap = NULL;
  const char *localedir = g_getenv ("CORRIDOR_ATLAS_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc != 3)
    {
      g_printerr ("usage: %s DCW-FILE CACHE-DIR\n", argv[0]);
      return 1;
    }

  basemap = ca_basemap_load_from_cache (argv[1], argv[2], NULL);
  if (basemap != NULL)
    return EXIT_SUCCESS;

  basemap = ca_basemap_load_cached (argv[1], argv[2], NULL, &error);
  if (basemap == NULL)
    {
      g_printerr ("%s\n", error->message);

      if (g_error_matches (error, CA_BASEMAP_ERROR, CA_BASEMAP_ERROR_NOT_FOUND))
        return 2;
      if (g_error_matches (error, CA_BASEMAP_ERROR, CA_BASEMAP_ERROR_CORRUPT))
        return 3;
      return 1;
    }

  return EXIT_SUCCESS;
}
