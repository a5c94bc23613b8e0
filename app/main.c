/* main.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "ca-application.h"
#include "ca-check-command.h"
#include "ca-export-command.h"
#include "ca-stats-command.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CaApplication) application = NULL;
  const char *localedir = g_getenv ("CORRIDOR_ATLAS_LOCALEDIR");

  setlocale (LC_ALL, "");
  /* `./dev run` points this at the build tree's translations. */
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Corridor Atlas"));

  /* Headless commands need no display. */
  if (ca_stats_command_wanted (argc, argv))
    return ca_stats_command_run (argc, argv);
  if (ca_export_command_wanted (argc, argv))
    return ca_export_command_run (argc, argv);
  if (ca_check_command_wanted (argc, argv))
    return ca_check_command_run (argc, argv);

  application = ca_application_new ();

  return g_application_run (G_APPLICATION (application), argc, argv);
}
