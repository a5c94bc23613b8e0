/* ca-basemap-cache.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ca-basemap-cache"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ca-basemap-private.h"

/* The processed basemap, saved so that later starts skip netCDF, HDF5
 * and the simplification.  The file is mapped, not read: the geometry's
 * pages are shared with the page cache and only those a view touches are
 * ever loaded.  It is a private cache of this machine, so it is written
 * in native byte order (the header records which) and is rebuilt
 * whenever the source file, this format or the simplification changes.
 *
 *   header | item records | arrays, each 8-byte aligned
 */

#define CACHE_MAGIC "CADCWGMT"
/* Bump whenever the format or the processing changes. */
#define CACHE_VERSION 1
#define BYTE_ORDER_MARK 0x01020304u

typedef struct
{
  char    magic[8];
  guint32 version;
  guint32 byte_order;
  guint64 source_size;
  gint64  source_mtime;
  guint32 n_items;
  guint32 n_levels;
  guint32 chunk_edges;
  guint32 item_size;
} CacheHeader;

typedef struct
{
  guint64 points;
  guint64 chunks;
  guint64 rings;
  guint32 n_points;
  guint32 n_chunks;
  guint32 n_rings;
  guint32 padding;
} CacheLevel;

typedef struct
{
  char       tag[8];
  guint32    kind;
  guint32    n_holes;
  double     bbox[4];
  double     area;
  double     label_x;
  double     label_y;
  CacheLevel levels[CA_BASEMAP_N_LEVELS];
} CacheItem;

G_STATIC_ASSERT (sizeof (CacheHeader) % 8 == 0);
G_STATIC_ASSERT (sizeof (CacheItem) % 8 == 0);

/**
 * _ca_basemap_cache_path:
 *
 * Returns: the cache file for @source_path in @cache_dir: one per source
 *   path, so switching between files does not thrash the cache
 */
char *
_ca_basemap_cache_path (const char *cache_dir,
                        const char *source_path)
{
  g_autofree char *checksum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, source_path, -1);
  g_autofree char *name = g_strdup_printf ("basemap-%.16s.bin", checksum);

  return g_build_filename (cache_dir, name, NULL);
}

static gboolean
stat_source (const char  *source_path,
             guint64     *size,
             gint64      *mtime,
             GError     **error)
{
  GStatBuf st;

  if (g_stat (source_path, &st) != 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   "%s: %s", source_path, g_strerror (errsv));
      return FALSE;
    }

  *size = st.st_size;
  *mtime = st.st_mtime;
  return TRUE;
}

static gboolean
corrupt (GError     **error,
         const char  *reason)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, reason);
  return FALSE;
}

/* Points a shape into the mapped file after checking that every array,
 * every ring's chunks and every chunk's points lie inside it, so that a
 * damaged cache can never make the renderer read out of bounds. */
static gboolean
map_shape (CaShape          *shape,
           const CacheLevel *level,
           const char       *data,
           gsize             size,
           GError          **error)
{
  if (level->points % 8 != 0 || level->chunks % 8 != 0 || level->rings % 8 != 0 ||
      level->points > size || (size - level->points) / sizeof (CaPointQ) < level->n_points ||
      level->chunks > size || (size - level->chunks) / sizeof (CaChunk) < level->n_chunks ||
      level->rings > size || (size - level->rings) / sizeof (CaRing) < level->n_rings)
    return corrupt (error, "an array lies outside the file");

  shape->n_points = level->n_points;
  shape->n_chunks = level->n_chunks;
  shape->n_rings = level->n_rings;
  shape->points = (CaPointQ *)(gpointer)(data + level->points);
  shape->chunks = (CaChunk *)(gpointer)(data + level->chunks);
  shape->rings = (CaRing *)(gpointer)(data + level->rings);

  for (guint r = 0; r < shape->n_rings; r++)
    {
      const CaRing *ring = &shape->rings[r];

      if (ring->n_chunks == 0 || ring->first_chunk > shape->n_chunks ||
          shape->n_chunks - ring->first_chunk < ring->n_chunks)
        return corrupt (error, "a ring's chunks lie outside its level");
    }

  for (guint c = 0; c < shape->n_chunks; c++)
    {
      const CaChunk *chunk = &shape->chunks[c];

      if (chunk->n_points < 2 || chunk->first > shape->n_points ||
          shape->n_points - chunk->first < chunk->n_points)
        return corrupt (error, "a chunk's points lie outside its level");
    }

  return TRUE;
}

/**
 * _ca_basemap_cache_load:
 *
 * Returns: (transfer full) (nullable): the basemap saved in @cache_path
 *   for @source_path as it is now, or %NULL with @error saying why not
 */
CaBasemap *
_ca_basemap_cache_load (const char  *cache_path,
                        const char  *source_path,
                        GError     **error)
{
  g_autoptr(GMappedFile) mapping = NULL;
  g_autoptr(GPtrArray) items = NULL;
  const CacheHeader *header;
  const CacheItem *records;
  const char *data;
  guint64 source_size;
  gint64 source_mtime;
  gsize size;

  if (!stat_source (source_path, &source_size, &source_mtime, error))
    return NULL;

  mapping = g_mapped_file_new (cache_path, FALSE, error);
  if (mapping == NULL)
    return NULL;

  data = g_mapped_file_get_contents (mapping);
  size = g_mapped_file_get_length (mapping);
  header = (const CacheHeader *)(gconstpointer)data;

  if (size < sizeof *header || memcmp (header->magic, CACHE_MAGIC, 8) != 0)
    return corrupt (error, "not a basemap cache"), NULL;

  if (header->version != CACHE_VERSION || header->byte_order != BYTE_ORDER_MARK ||
      header->n_levels != CA_BASEMAP_N_LEVELS || header->chunk_edges != CA_BASEMAP_CHUNK_EDGES ||
      header->item_size != sizeof (CacheItem))
    return corrupt (error, "made by another version"), NULL;

  if (header->source_size != source_size || header->source_mtime != source_mtime)
    return corrupt (error, "the DCW-GMT file has changed since"), NULL;

  if ((size - sizeof *header) / sizeof (CacheItem) < header->n_items || header->n_items == 0)
    return corrupt (error, "truncated"), NULL;

  records = (const CacheItem *)(gconstpointer)(data + sizeof *header);
  items = g_ptr_array_new_with_free_func (_ca_basemap_item_free);

  for (guint i = 0; i < header->n_items; i++)
    {
      const CacheItem *record = &records[i];
      CaBasemapItem *item;
      char tag[sizeof record->tag + 1] = { 0 };

      memcpy (tag, record->tag, sizeof record->tag);
      if ((strlen (tag) != 2 && strlen (tag) != 4) || record->kind > CA_PLACE_PROVINCE)
        return corrupt (error, "a damaged item record"), NULL;

      item = _ca_basemap_item_new (tag);
      item->mapped = TRUE;
      g_ptr_array_add (items, item);

      item->n_holes = record->n_holes;
      item->bbox = (CaBBox) { record->bbox[0], record->bbox[1], record->bbox[2], record->bbox[3] };
      item->area = record->area;
      item->label_x = record->label_x;
      item->label_y = record->label_y;

      for (guint l = 0; l < CA_BASEMAP_N_LEVELS; l++)
        if (!map_shape (&item->levels[l], &record->levels[l], data, size, error))
          return NULL;
    }

  return _ca_basemap_new (source_path, g_steal_pointer (&items), mapping);
}

static gboolean
write_padded (GOutputStream  *stream,
              const void     *data,
              gsize           size,
              guint64        *offset,
              GError        **error)
{
  static const char zeros[8] = { 0 };
  gsize padding = (8 - size % 8) % 8;

  if (!g_output_stream_write_all (stream, data, size, NULL, NULL, error) ||
      !g_output_stream_write_all (stream, zeros, padding, NULL, NULL, error))
    return FALSE;

  *offset += size + padding;
  return TRUE;
}

static guint64
padded (gsize size)
{
  return size + (8 - size % 8) % 8;
}

/**
 * _ca_basemap_cache_save:
 *
 * Saves @basemap to @cache_path, atomically: readers see the old file or
 * the new one, never a part.
 */
gboolean
_ca_basemap_cache_save (CaBasemap   *basemap,
                        const char  *cache_path,
                        GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (cache_path);
  g_autoptr(GFile) dir = g_file_get_parent (file);
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autofree CacheItem *records = NULL;
  GPtrArray *items = _ca_basemap_get_items (basemap);
  CacheHeader header = { 0 };
  guint64 offset;

  memcpy (header.magic, CACHE_MAGIC, 8);
  header.version = CACHE_VERSION;
  header.byte_order = BYTE_ORDER_MARK;
  header.n_items = items->len;
  header.n_levels = CA_BASEMAP_N_LEVELS;
  header.chunk_edges = CA_BASEMAP_CHUNK_EDGES;
  header.item_size = sizeof (CacheItem);
  if (!stat_source (ca_basemap_get_path (basemap), &header.source_size, &header.source_mtime, error))
    return FALSE;

  /* Lay the arrays out first, so the records can say where they are. */
  records = g_new0 (CacheItem, items->len);
  offset = sizeof header + (guint64)items->len * sizeof (CacheItem);
  for (guint i = 0; i < items->len; i++)
    {
      const CaBasemapItem *item = g_ptr_array_index (items, i);
      CacheItem *record = &records[i];

      memcpy (record->tag, item->tag, MIN (strlen (item->tag), sizeof record->tag));
      record->kind = item->kind;
      record->n_holes = item->n_holes;
      record->bbox[0] = item->bbox.x_min;
      record->bbox[1] = item->bbox.y_min;
      record->bbox[2] = item->bbox.x_max;
      record->bbox[3] = item->bbox.y_max;
      record->area = item->area;
      record->label_x = item->label_x;
      record->label_y = item->label_y;

      for (guint l = 0; l < CA_BASEMAP_N_LEVELS; l++)
        {
          const CaShape *shape = &item->levels[l];
          CacheLevel *level = &record->levels[l];

          level->n_points = shape->n_points;
          level->n_chunks = shape->n_chunks;
          level->n_rings = shape->n_rings;
          level->points = offset;
          offset += padded (shape->n_points * sizeof (CaPointQ));
          level->chunks = offset;
          offset += padded (shape->n_chunks * sizeof (CaChunk));
          level->rings = offset;
          offset += padded (shape->n_rings * sizeof (CaRing));
        }
    }

  if (!g_file_make_directory_with_parents (dir, NULL, error))
    {
      if (!g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        return FALSE;
      g_clear_error (error);
    }

  /* g_file_replace() writes a temporary file and renames it into place. */
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, error);
  if (stream == NULL)
    return FALSE;

  offset = 0;
  if (!write_padded (G_OUTPUT_STREAM (stream), &header, sizeof header, &offset, error) ||
      !write_padded (G_OUTPUT_STREAM (stream), records, items->len * sizeof (CacheItem), &offset, error))
    goto failed;

  for (guint i = 0; i < items->len; i++)
    {
      const CaBasemapItem *item = g_ptr_array_index (items, i);

      for (guint l = 0; l < CA_BASEMAP_N_LEVELS; l++)
        {
          const CaShape *shape = &item->levels[l];

          g_assert (offset == records[i].levels[l].points);
          if (!write_padded (G_OUTPUT_STREAM (stream), shape->points,
                             shape->n_points * sizeof (CaPointQ), &offset, error) ||
              !write_padded (G_OUTPUT_STREAM (stream), shape->chunks,
                             shape->n_chunks * sizeof (CaChunk), &offset, error) ||
              !write_padded (G_OUTPUT_STREAM (stream), shape->rings,
                             shape->n_rings * sizeof (CaRing), &offset, error))
            goto failed;
        }
    }

  return g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, error);

failed:
  {
    /* Closing after a cancelled replace leaves the old file in place. */
    g_autoptr(GCancellable) cancelled = g_cancellable_new ();

    g_cancellable_cancel (cancelled);
    g_output_stream_close (G_OUTPUT_STREAM (stream), cancelled, NULL);
    return FALSE;
  }
}
