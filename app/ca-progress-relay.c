/* ca-progress-relay.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ca-progress-relay"

#include "config.h"

#include "ca-progress-relay.h"

struct _CaProgressRelay
{
  GWeakRef      bar;
  GMainContext *context;
  GCancellable *cancellable;
  GMutex        mutex;       /* for the two below */
  int           permille;    /* the last fraction sent */
  gint64        sent_at;     /* and when */
};

/* The bar moves at most ten times a second: each move is a frame. */
#define MIN_INTERVAL_USEC (G_USEC_PER_SEC / 10)

typedef struct
{
  GtkProgressBar *bar;
  GCancellable   *cancellable;
  double          fraction;
} ProgressUpdate;

/**
 * ca_progress_relay_new:
 * @bar: the bar to move, on the thread-default main context
 * @cancellable: (nullable): the work's; once cancelled, the bar stays
 *
 * Called on the main thread.  The relay holds only a weak reference to
 * @bar, so it may be freed on any thread.
 */
CaProgressRelay *
ca_progress_relay_new (GtkProgressBar *bar,
                       GCancellable   *cancellable)
{
  CaProgressRelay *self = g_new0 (CaProgressRelay, 1);

  g_return_val_if_fail (GTK_IS_PROGRESS_BAR (bar), NULL);

  g_weak_ref_init (&self->bar, bar);
  self->context = g_main_context_ref_thread_default ();
  self->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  g_mutex_init (&self->mutex);
  self->permille = -1;

  return self;
}

void
ca_progress_relay_free (CaProgressRelay *self)
{
  if (self == NULL)
    return;

  g_weak_ref_clear (&self->bar);
  g_mutex_clear (&self->mutex);
  g_main_context_unref (self->context);
  g_clear_object (&self->cancellable);
  g_free (self);
}

static gboolean
apply_update_cb (gpointer data)
{
  ProgressUpdate *update = data;

  if (update->cancellable == NULL || !g_cancellable_is_cancelled (update->cancellable))
    gtk_progress_bar_set_fraction (update->bar, update->fraction);

  /* The last reference to the bar may only go on the main thread. */
  g_object_unref (update->bar);
  g_clear_object (&update->cancellable);
  g_free (update);

  return G_SOURCE_REMOVE;
}

/**
 * ca_progress_relay_report:
 * @relay: (type CaProgressRelay): the relay
 *
 * A #CaProgressFunc, safe to call from any thread.
 */
void
ca_progress_relay_report (double   fraction,
                          gpointer relay)
{
  CaProgressRelay *self = relay;
  int permille = (int)(CLAMP (fraction, 0.0, 1.0) * 1000);
  gint64 now = g_get_monotonic_time ();
  ProgressUpdate *update;
  GtkProgressBar *bar;

  g_mutex_lock (&self->mutex);
  if (permille == self->permille ||
      (permille != 1000 && (permille - self->permille < 10 || now - self->sent_at < MIN_INTERVAL_USEC)))
    {
      g_mutex_unlock (&self->mutex);
      return;
    }
  self->permille = permille;
  self->sent_at = now;
  g_mutex_unlock (&self->mutex);

  if (self->cancellable != NULL && g_cancellable_is_cancelled (self->cancellable))
    return;
  bar = g_weak_ref_get (&self->bar);
  if (bar == NULL)
    return;

  update = g_new0 (ProgressUpdate, 1);
  update->bar = bar;
  update->cancellable = self->cancellable != NULL ? g_object_ref (self->cancellable) : NULL;
  update->fraction = permille / 1000.0;
  g_main_context_invoke (self->context, apply_update_cb, update);
}
