/* ca-vsi-cancel.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ca-vsi-cancel"

#include "config.h"

#include <cpl_vsi.h>
#include <string.h>

#include "ca-vsi-cancel.h"

/* GDAL's virtual file system handler for the prefix below forwards
 * every call to the plain file system, the path without the prefix. */
#define PREFIX "/vsicorridorcancel/"

static GPrivate current_cancellable;

/**
 * ca_vsi_cancel_set:
 * @cancellable: (nullable): what reads on this thread look at from now on
 *
 * Returns: (nullable) (transfer none): the one set before, to set back
 */
GCancellable *
ca_vsi_cancel_set (GCancellable *cancellable)
{
  GCancellable *previous = g_private_get (&current_cancellable);

  g_private_set (&current_cancellable, cancellable);
  return previous;
}

/**
 * ca_vsi_cancel_is_cancelled:
 *
 * Returns: whether this thread's reads were cancelled
 */
gboolean
ca_vsi_cancel_is_cancelled (void)
{
  GCancellable *cancellable = g_private_get (&current_cancellable);

  return cancellable != NULL && g_cancellable_is_cancelled (cancellable);
}

/* The handler is given the name with or without its prefix, depending
 * on GDAL's version: either way, the local file's absolute path. */
static char *
real_path (const char *filename)
{
  if (g_str_has_prefix (filename, PREFIX))
    filename += strlen (PREFIX);
  while (filename[0] == '/')
    filename++;

  return g_strconcat ("/", filename, NULL);
}

static int
stat_cb (void        *user_data,
         const char  *filename,
         VSIStatBufL *buf,
         int          flags)
{
  g_autofree char *path = real_path (filename);

  return VSIStatExL (path, buf, flags);
}

static char **
read_dir_cb (void       *user_data,
             const char *dirname,
             int         max_files)
{
  g_autofree char *path = real_path (dirname);

  return VSIReadDirEx (path, max_files);
}

static void *
open_cb (void       *user_data,
         const char *filename,
         const char *access)
{
  g_autofree char *path = real_path (filename);

  /* Reading only: GDAL opens layers read-only. */
  if (strchr (access, 'w') != NULL || strchr (access, 'a') != NULL || strchr (access, '+') != NULL)
    return NULL;

  return VSIFOpenL (path, access);
}

static vsi_l_offset
tell_cb (void *file)
{
  return VSIFTellL (file);
}

static int
seek_cb (void         *file,
         vsi_l_offset  offset,
         int           whence)
{
  return VSIFSeekL (file, offset, whence);
}

static size_t
read_cb (void   *file,
         void   *buffer,
         size_t  size,
         size_t  count)
{
  if (ca_vsi_cancel_is_cancelled ())
    return 0;

  return VSIFReadL (buffer, size, count, file);
}

static int
eof_cb (void *file)
{
  return ca_vsi_cancel_is_cancelled () || VSIFEofL (file);
}

static int
close_cb (void *file)
{
  return VSIFCloseL (file);
}

static gpointer
install_handler (gpointer data)
{
  VSIFilesystemPluginCallbacksStruct *callbacks = VSIAllocFilesystemPluginCallbacksStruct ();

  callbacks->stat = stat_cb;
  callbacks->read_dir = read_dir_cb;
  callbacks->open = open_cb;
  callbacks->tell = tell_cb;
  callbacks->seek = seek_cb;
  callbacks->read = read_cb;
  callbacks->eof = eof_cb;
  callbacks->close = close_cb;
  if (VSIInstallPluginHandler (PREFIX, callbacks) != 0)
    g_warning ("GDAL refused the file system handler %s", PREFIX);
  VSIFreeFilesystemPluginCallbacksStruct (callbacks);

  return NULL;
}

/**
 * ca_vsi_cancel_wrap:
 * @path: a local file
 *
 * Returns: (transfer full): the name to give GDAL for @path, so that
 *   reading it looks at the thread's cancellable; any other source (a
 *   GDAL virtual file, a connection string) as it is
 */
char *
ca_vsi_cancel_wrap (const char *path)
{
  static GOnce once = G_ONCE_INIT;
  g_autofree char *absolute = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_str_has_prefix (path, "/vsi") || strchr (path, ':') != NULL ||
      !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return g_strdup (path);

  g_once (&once, install_handler, NULL);
  absolute = g_canonicalize_filename (path, NULL);

  return g_strconcat (PREFIX, absolute + 1, NULL);
}

/**
 * ca_vsi_cancel_unwrap:
 *
 * Returns: (transfer none): @path without the prefix ca_vsi_cancel_wrap()
 *   adds, for messages; a pointer into @path
 */
const char *
ca_vsi_cancel_unwrap (const char *path)
{
  g_return_val_if_fail (path != NULL, NULL);

  return g_str_has_prefix (path, PREFIX) ? path + strlen (PREFIX) - 1 : path;
}

/**
 * ca_vsi_cancel_clean_message:
 * @message: a message of GDAL's
 *
 * Returns: (transfer full): @message with every path as the planner
 *   gave it, without the prefix
 */
char *
ca_vsi_cancel_clean_message (const char *message)
{
  g_autoptr(GString) text = g_string_new (message);

  g_string_replace (text, PREFIX, "/", 0);
  return g_string_free (g_steal_pointer (&text), FALSE);
}
