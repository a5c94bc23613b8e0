/* ca-worker-priority.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ca-worker-priority"

#include "config.h"

#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ca-worker-priority.h"

/* Linux gives each thread its own nice value: PRIO_PROCESS with a
 * thread's id sets that thread's alone. */
#define BACKGROUND_NICE 10

#ifdef __linux__
static pid_t
thread_id (void)
{
  return (pid_t)syscall (SYS_gettid);
}
#endif

/**
 * ca_worker_priority_lower:
 *
 * Lowers the calling thread's scheduling priority for background work.
 *
 * Returns: the previous nice value, for ca_worker_priority_restore()
 */
int
ca_worker_priority_lower (void)
{
#ifdef __linux__
  pid_t thread = thread_id ();
  int previous;

  errno = 0;
  previous = getpriority (PRIO_PROCESS, (id_t)thread);
  if (errno != 0)
    return 0;
  if (previous < BACKGROUND_NICE && setpriority (PRIO_PROCESS, (id_t)thread, BACKGROUND_NICE) != 0)
    g_debug ("Could not lower a worker's priority: %s", g_strerror (errno));

  return previous;
#else
  return 0;
#endif
}

/**
 * ca_worker_priority_restore:
 * @previous: what ca_worker_priority_lower() returned
 *
 * Gives the calling thread its priority back, which an unprivileged
 * process may not be allowed to do: the pool's thread then stays a
 * background thread, which is what it is for.
 */
void
ca_worker_priority_restore (int previous)
{
#ifdef __linux__
  if (setpriority (PRIO_PROCESS, (id_t)thread_id (), previous) != 0)
    g_debug ("A worker keeps its lower priority: %s", g_strerror (errno));
#endif
}
