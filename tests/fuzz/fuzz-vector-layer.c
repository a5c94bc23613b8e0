/* fuzz-vector-layer.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* libFuzzer target for the vector loader: the input is a GeoJSON file
 * in GDAL's memory file system (/vsimem/), loaded as a dropped file is. */

#include "config.h"

#include <cpl_error.h>
#include <cpl_vsi.h>
#include <stdint.h>

#include "ca-vector-layer.h"

#define FUZZ_PATH "/vsimem/fuzz.geojson"

static int
fuzz_vector_layer_one (const uint8_t *data,
                       size_t         size)
{
  g_autoptr(CaVectorLayer) layer = NULL;
  g_autoptr(GError) error = NULL;
  VSILFILE *fp;

  /* GDAL does not take ownership, and reads the data in place: an exact
   * copy is not needed, libFuzzer's buffer lives through the call. */
  fp = VSIFileFromMemBuffer (FUZZ_PATH, (GByte *) data, size, FALSE);
  g_assert_nonnull (fp);
  VSIFCloseL (fp);

  layer = ca_vector_layer_load (FUZZ_PATH, NULL, NULL, NULL, NULL, &error);
  if (layer != NULL)
    {
      for (guint i = 0; i < ca_vector_layer_get_n_features (layer); i++)
        g_assert_nonnull (ca_vector_layer_get_feature (layer, i));
    }
  else
    g_assert_nonnull (error);

  VSIUnlink (FUZZ_PATH);
  return 0;
}

/* The regression tests include this file for fuzz_vector_layer_one (), and
 * define CA_FUZZ_REGRESSION to leave out libFuzzer's entry points. */
#ifndef CA_FUZZ_REGRESSION
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int LLVMFuzzerInitialize (int    *argc,
                          char ***argv);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  /* GDAL's complaints about broken input are expected by the thousand. */
  CPLSetErrorHandler (CPLQuietErrorHandler);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  return fuzz_vector_layer_one (data, size);
}
#endif
