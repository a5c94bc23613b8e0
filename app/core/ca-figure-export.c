/* ca-figure-export.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ca-figure-export"

#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <math.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ca-figure-export.h"
#include "ca-figure-private.h"

/* The writers.  A figure is never written in place: it goes to a
 * temporary file beside the target, which is flushed to disk and then
 * renamed over the target.  Whatever fails on the way (a full disk, a
 * read-only folder, cancelling), the temporary file is removed and any
 * file already at the target is left as it was.
 *
 * cairo writes PNG without the resolution, so the PNG stream gets a pHYs
 * chunk with the figure's DPI inserted after its header as it passes.
 */

typedef struct
{
  int         fd;
  int         errsv;       /* the first write error */
  guint64     written;
  /* PNG only: bytes of the stream seen, and the pixels per metre to
   * insert in a pHYs chunk after the IHDR chunk, or 0 */
  guint64     seen;
  guint32     pixels_per_meter;
  /* Cancelling stops the stream too; progress follows the bytes */
  GCancellable *cancellable;
  CaFigure   *figure;
  double      progress_from;
  double      expected;    /* bytes, estimated; 0 for no progress */
} Sink;

/* The signature (8 bytes) and the IHDR chunk (4 + 4 + 13 + 4). */
#define PNG_HEADER_LENGTH 33

static gboolean
write_all (Sink         *sink,
           const guint8 *data,
           gsize         length)
{
  while (length > 0)
    {
      gssize n = write (sink->fd, data, length);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          sink->errsv = errno;
          return FALSE;
        }
      data += n;
      length -= n;
      sink->written += n;
    }

  return TRUE;
}

static guint32
crc32_png (const guint8 *data,
           gsize         length)
{
  static guint32 table[256];
  static gsize initialized = 0;
  guint32 crc = 0xffffffffu;

  if (g_once_init_enter (&initialized))
    {
      for (guint32 n = 0; n < 256; n++)
        {
          guint32 c = n;

          for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
          table[n] = c;
        }
      g_once_init_leave (&initialized, 1);
    }

  for (gsize i = 0; i < length; i++)
    crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);

  return crc ^ 0xffffffffu;
}

static void
put_be32 (guint8  *p,
          guint32  value)
{
  p[0] = value >> 24;
  p[1] = value >> 16;
  p[2] = value >> 8;
  p[3] = value;
}

static gboolean
write_phys (Sink *sink)
{
  guint8 chunk[4 + 4 + 9 + 4];

  put_be32 (chunk, 9);
  memcpy (chunk + 4, "pHYs", 4);
  put_be32 (chunk + 8, sink->pixels_per_meter);
  put_be32 (chunk + 12, sink->pixels_per_meter);
  chunk[16] = 1;   /* the unit is the metre */
  put_be32 (chunk + 17, crc32_png (chunk + 4, 4 + 9));

  return write_all (sink, chunk, sizeof chunk);
}

static cairo_status_t
sink_write_cb (void                *closure,
               const unsigned char *data,
               unsigned int         length)
{
  Sink *sink = closure;

  if (sink->errsv != 0)
    return CAIRO_STATUS_WRITE_ERROR;
  if (g_cancellable_is_cancelled (sink->cancellable))
    return CAIRO_STATUS_WRITE_ERROR;
  /* A compressed size is known only at the end: the estimate never
   * quite reaches it. */
  if (sink->expected > 0)
    _ca_figure_report_progress (sink->figure, CA_FIGURE_STAGE_ENCODE, sink->progress_from + (0.99 - sink->progress_from) *
                                (1.0 - exp (-(double)(sink->written + length) / sink->expected)));

  if (sink->pixels_per_meter > 0 && sink->seen < PNG_HEADER_LENGTH &&
      sink->seen + length >= PNG_HEADER_LENGTH)
    {
      gsize head = PNG_HEADER_LENGTH - sink->seen;

      sink->seen += length;
      if (!write_all (sink, data, head) || !write_phys (sink) ||
          !write_all (sink, data + head, length - head))
        return CAIRO_STATUS_WRITE_ERROR;
      return CAIRO_STATUS_SUCCESS;
    }

  sink->seen += length;
  return write_all (sink, data, length) ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static void
set_write_error (GError     **error,
                 const char  *path,
                 int          errsv)
{
  g_autofree char *shown = g_filename_display_name (path);

  g_set_error (error, CA_FIGURE_ERROR, CA_FIGURE_ERROR_WRITE,
               /* translators: the file, and the system's reason */
               _("Could not write “%s”: %s"), shown, g_strerror (errsv));
}

/**
 * ca_figure_render_image:
 *
 * Draws the figure onto an image at its pixel size and DPI.
 *
 * Returns: (transfer full) (nullable): an RGB24 image surface, or %NULL
 *   with @error set when cancelled or out of memory
 */
cairo_surface_t *
ca_figure_render_image (CaFigure      *figure,
                        GCancellable  *cancellable,
                        GError       **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  int width, height;
  double dpi;

  g_return_val_if_fail (CA_IS_FIGURE (figure), NULL);

  ca_figure_get_pixel_size (figure, &width, &height);
  dpi = ca_figure_get_options (figure)->dpi;
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, CA_FIGURE_ERROR, CA_FIGURE_ERROR_FAILED,
                   _("Cannot make an image of %d × %d pixels: %s"), width, height,
                   cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return NULL;
    }

  cr = cairo_create (surface);
  cairo_scale (cr, dpi / 72.0, dpi / 72.0);
  if (!ca_figure_draw (figure, cr, cancellable, error))
    {
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
      return NULL;
    }
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

static gboolean
write_png (CaFigure      *figure,
           Sink          *sink,
           GCancellable  *cancellable,
           GError       **error)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  int width, height;

  /* Compression takes longer than drawing (0.6 s of 1 s for an A3 at
   * 300 dpi); a map compresses to about a third of a byte a pixel. */
  _ca_figure_set_progress_range (figure, 0.0, 0.4);
  surface = ca_figure_render_image (figure, cancellable, error);
  _ca_figure_set_progress_range (figure, 0.0, 1.0);
  if (surface == NULL)
    return FALSE;

  ca_figure_get_pixel_size (figure, &width, &height);
  sink->progress_from = 0.4;
  sink->expected = (double)width * height / 3.0;
  sink->pixels_per_meter = (guint32)(ca_figure_get_options (figure)->dpi / 0.0254 + 0.5);
  status = cairo_surface_write_to_png_stream (surface, sink_write_cb, sink);
  cairo_surface_destroy (surface);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (status != CAIRO_STATUS_SUCCESS && sink->errsv == 0)
    sink->errsv = EIO;
  _ca_figure_report_progress (figure, CA_FIGURE_STAGE_ENCODE, 1.0);

  return TRUE;
}

static gboolean
write_vector (CaFigure        *figure,
              CaFigureFormat   format,
              Sink            *sink,
              GCancellable    *cancellable,
              GError         **error)
{
  const CaFigureOptions *options = ca_figure_get_options (figure);
  cairo_surface_t *surface;
  cairo_t *cr;
  double width, height;
  gboolean ok;

  ca_figure_get_page_size (figure, &width, &height);

  if (format == CA_FIGURE_FORMAT_PDF)
    {
      g_autofree char *creator = g_strdup_printf ("%s %s", PACKAGE_NAME, PACKAGE_VERSION);
      g_autofree char *title = ca_figure_dup_title (figure);

      surface = cairo_pdf_surface_create_for_stream (sink_write_cb, sink, width, height);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
      if (options->subtitle != NULL)
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, options->subtitle);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, creator);
    }
  else
    {
      surface = cairo_svg_surface_create_for_stream (sink_write_cb, sink, width, height);
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PT);
    }

  /* Finishing the surface subsets and embeds the fonts. */
  _ca_figure_set_progress_range (figure, 0.0, 0.85);
  cr = cairo_create (surface);
  ok = ca_figure_draw (figure, cr, cancellable, error);
  cairo_destroy (cr);
  _ca_figure_set_progress_range (figure, 0.0, 1.0);
  if (ok)
    _ca_figure_report_progress (figure, CA_FIGURE_STAGE_ENCODE, 0.85);
  cairo_surface_finish (surface);
  if (ok && g_cancellable_set_error_if_cancelled (cancellable, error))
    ok = FALSE;
  if (ok)
    _ca_figure_report_progress (figure, CA_FIGURE_STAGE_ENCODE, 1.0);
  if (ok && cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS && sink->errsv == 0)
    {
      g_set_error (error, CA_FIGURE_ERROR, CA_FIGURE_ERROR_FAILED, "%s",
                   cairo_status_to_string (cairo_surface_status (surface)));
      ok = FALSE;
    }
  cairo_surface_destroy (surface);

  return ok;
}

/* The target must be a regular file or not exist yet: a folder, a
 * device or a pipe is never replaced. */
static gboolean
check_target (const char  *path,
              struct stat *st,
              gboolean    *exists,
              GError     **error)
{
  g_autofree char *shown = g_filename_display_name (path);

  *exists = FALSE;
  if (g_stat (path, st) != 0)
    {
      if (errno == ENOENT)
        return TRUE;
      set_write_error (error, path, errno);
      return FALSE;
    }

  if (S_ISDIR (st->st_mode))
    {
      g_set_error (error, CA_FIGURE_ERROR, CA_FIGURE_ERROR_WRITE,
                   _("Could not write “%s”: it is a folder; give a file name"), shown);
      return FALSE;
    }
  if (!S_ISREG (st->st_mode))
    {
      g_set_error (error, CA_FIGURE_ERROR, CA_FIGURE_ERROR_WRITE,
                   _("Could not write “%s”: it is not a regular file"), shown);
      return FALSE;
    }

  *exists = TRUE;
  return TRUE;
}

/**
 * ca_figure_export:
 * @path: the file to write
 * @format: PNG, PDF or SVG
 * @cancellable: (nullable): checked between layers
 *
 * Writes the figure atomically: through a temporary file in the same
 * folder that is renamed over @path once complete and on disk.  On any
 * failure or cancellation @path is left as it was and nothing else is
 * left behind.
 */
gboolean
ca_figure_export (CaFigure        *figure,
                  const char      *path,
                  CaFigureFormat   format,
                  GCancellable    *cancellable,
                  GError         **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp_path = NULL;
  struct stat st;
  gboolean exists, ok;
  Sink sink = { -1, 0, 0, 0, 0, NULL, NULL, 0, 0 };

  g_return_val_if_fail (CA_IS_FIGURE (figure), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_target (path, &st, &exists, error))
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp_path = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);
  sink.cancellable = cancellable;
  sink.figure = figure;
  sink.fd = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, 0666);
  if (sink.fd < 0)
    {
      set_write_error (error, path, errno);
      return FALSE;
    }
  /* mkstemp makes the file private; give it the old file's mode, or the
   * mode a new file gets. */
  if (exists)
    fchmod (sink.fd, st.st_mode & 07777);
  else
    {
      mode_t mask = umask (0);

      umask (mask);
      fchmod (sink.fd, 0666 & ~mask);
    }

  if (format == CA_FIGURE_FORMAT_PNG)
    ok = write_png (figure, &sink, cancellable, error);
  else
    ok = write_vector (figure, format, &sink, cancellable, error);

  if (ok && sink.errsv == 0 && fsync (sink.fd) != 0)
    sink.errsv = errno;
  if (close (sink.fd) != 0 && ok && sink.errsv == 0)
    sink.errsv = errno;

  if (ok && sink.errsv == 0 && g_rename (tmp_path, path) != 0)
    sink.errsv = errno;

  if (!ok || sink.errsv != 0)
    {
      if (ok)
        set_write_error (error, path, sink.errsv);
      g_unlink (tmp_path);
      return FALSE;
    }

  return TRUE;
}
