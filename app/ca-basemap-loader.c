/* ca-basemap-loader.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ca-basemap-loader"

#include "config.h"

#include <glib/gi18n.h>

#include "ca-basemap-loader.h"

/* How the window gets its basemap without ever blocking:
 *
 *  1. map the cache of an earlier start, in a worker thread (milliseconds);
 *  2. else have corridor-atlas-basemap-cache process the DCW file in its
 *     own process and save the cache, then map it; netCDF, HDF5 and their
 *     memory never enter the window's process, and a crash on a damaged
 *     file takes down only the helper;
 *  3. else (no helper installed, or the cache could not be saved) process
 *     the file in a worker thread here.
 */

#define HELPER_NAME "corridor-atlas-basemap-cache"

typedef struct
{
  char           *path;
  char           *cache_dir;
  CaBasemapRoute  route;
} LoadData;

static void
load_data_free (gpointer data)
{
  LoadData *load = data;

  g_free (load->path);
  g_free (load->cache_dir);
  g_free (load);
}

static void
return_basemap (GTask     *task,
                CaBasemap *basemap)
{
  g_task_return_pointer (task, basemap, g_object_unref);
}

/**
 * ca_basemap_loader_dup_helper_path:
 *
 * Returns: (nullable): the helper program, from CORRIDOR_ATLAS_LIBEXECDIR
 *   (set for uninstalled runs and tests) or the configured libexecdir, or
 *   %NULL if it is not there
 */
char *
ca_basemap_loader_dup_helper_path (void)
{
  const char *dir = g_getenv ("CORRIDOR_ATLAS_LIBEXECDIR");
  g_autofree char *path = g_build_filename (dir != NULL && dir[0] != '\0' ? dir : LIBEXECDIR,
                                            HELPER_NAME, NULL);

  if (!g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    return NULL;

  return g_steal_pointer (&path);
}

static void
load_in_process_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  LoadData *load = task_data;
  GError *error = NULL;
  CaBasemap *basemap;

  load->route = CA_BASEMAP_ROUTE_IN_PROCESS;
  basemap = ca_basemap_load_cached (load->path, load->cache_dir, cancellable, &error);
  if (basemap == NULL)
    g_task_return_error (task, error);
  else
    return_basemap (task, basemap);
}

/* Runs after the helper succeeded: the cache should be there now. */
static void
map_after_helper_thread (GTask        *task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  LoadData *load = task_data;
  g_autoptr(GError) error = NULL;
  CaBasemap *basemap;

  basemap = ca_basemap_load_from_cache (load->path, load->cache_dir, &error);
  if (basemap != NULL)
    {
      load->route = CA_BASEMAP_ROUTE_HELPER;
      return_basemap (task, basemap);
      return;
    }

  g_debug ("The helper left no usable cache (%s); loading here", error->message);
  load_in_process_thread (task, source_object, task_data, cancellable);
}

static void
helper_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GSubprocess *subprocess = G_SUBPROCESS (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *errors = NULL;
  int status;

  if (!g_subprocess_communicate_utf8_finish (subprocess, result, NULL, &errors, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_subprocess_force_exit (subprocess);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      g_debug ("Talking to the basemap helper failed (%s); loading here", error->message);
      g_task_run_in_thread (task, load_in_process_thread);
      return;
    }

  if (!g_subprocess_get_if_exited (subprocess))
    {
      /* The helper crashed: say so rather than risk the same here. */
      LoadData *load = g_task_get_task_data (task);

      g_task_return_new_error (task, CA_BASEMAP_ERROR, CA_BASEMAP_ERROR_CORRUPT,
                               _("The basemap file “%s” could not be read: "
                                 "reading it crashed the basemap helper"),
                               load->path);
      return;
    }

  status = g_subprocess_get_exit_status (subprocess);
  if (status == 0)
    {
      g_task_run_in_thread (task, map_after_helper_thread);
      return;
    }

  g_strstrip (errors);
  g_task_return_new_error (task, CA_BASEMAP_ERROR,
                           status == 2 ? CA_BASEMAP_ERROR_NOT_FOUND :
                           status == 3 ? CA_BASEMAP_ERROR_CORRUPT : CA_BASEMAP_ERROR_FAILED,
                           "%s", errors[0] != '\0' ? errors : _("The basemap helper failed"));
}

static void
start_helper (GTask *task)
{
  LoadData *load = g_task_get_task_data (task);
  g_autofree char *helper = ca_basemap_loader_dup_helper_path ();
  g_autoptr(GSubprocess) subprocess = NULL;
  g_autoptr(GError) error = NULL;

  if (helper == NULL)
    {
      g_debug ("No %s installed; loading the basemap here", HELPER_NAME);
      g_task_run_in_thread (task, load_in_process_thread);
      return;
    }

  /* Arguments go straight to the program: no shell ever sees the path. */
  subprocess = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                 &error, helper, load->path, load->cache_dir, NULL);
  if (subprocess == NULL)
    {
      g_debug ("Could not start %s (%s); loading the basemap here", helper, error->message);
      g_task_run_in_thread (task, load_in_process_thread);
      return;
    }

  g_subprocess_communicate_utf8_async (subprocess, NULL, g_task_get_cancellable (task),
                                       helper_done_cb, g_object_ref (task));
}

static void
map_cache_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  LoadData *load = task_data;

  load->route = CA_BASEMAP_ROUTE_CACHE;
  g_task_return_pointer (task,
                         ca_basemap_load_from_cache (load->path, load->cache_dir, NULL),
                         g_object_unref);
}

static void
cache_mapped_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CaBasemap *basemap = g_task_propagate_pointer (G_TASK (result), NULL);

  if (basemap != NULL)
    {
      return_basemap (task, basemap);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  start_helper (task);
}

/**
 * ca_basemap_loader_load_async:
 * @path: a DCW-GMT netCDF file
 * @cache_dir: the folder for the processed basemap
 *
 * Loads the basemap without blocking the calling thread's main loop.
 */
void
ca_basemap_loader_load_async (const char          *path,
                              const char          *cache_dir,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) mapping = NULL;
  LoadData *load;

  g_return_if_fail (path != NULL);
  g_return_if_fail (cache_dir != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  load = g_new0 (LoadData, 1);
  load->path = g_strdup (path);
  load->cache_dir = g_strdup (cache_dir);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ca_basemap_loader_load_async);
  g_task_set_task_data (task, load, load_data_free);

  /* The first step shares the task data; its result feeds the outer task. */
  mapping = g_task_new (NULL, cancellable, cache_mapped_cb, g_object_ref (task));
  g_task_set_task_data (mapping, load, NULL);
  g_task_run_in_thread (mapping, map_cache_thread);
}

/**
 * ca_basemap_loader_load_finish:
 * @route: (out) (optional): how the basemap was loaded
 *
 * Returns: (transfer full): the basemap, or %NULL with @error set
 */
CaBasemap *
ca_basemap_loader_load_finish (GAsyncResult    *result,
                               CaBasemapRoute  *route,
                               GError         **error)
{
  LoadData *load;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  load = g_task_get_task_data (G_TASK (result));
  if (route != NULL)
    *route = load->route;

  return g_task_propagate_pointer (G_TASK (result), error);
}
