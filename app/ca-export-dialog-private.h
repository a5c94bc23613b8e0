/* ca-export-dialog-private.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ca-export-dialog.h"
#include "ca-figure.h"

G_BEGIN_DECLS

struct _CaExportDialog
{
  AdwWindow          parent_instance;

  /* Template Widgets */
  GtkButton         *cancel_button;
  GtkButton         *export_button;
  GtkPicture        *preview_picture;
  GtkSpinner        *preview_spinner;
  GtkLabel          *size_label;
  GtkWidget         *progress_box;
  GtkLabel          *progress_label;
  GtkProgressBar    *progress_bar;
  GtkLabel          *message_label;
  AdwComboRow       *format_row;
  AdwComboRow       *page_row;
  GtkWidget         *landscape_row;
  GtkSwitch         *landscape_switch;
  AdwComboRow       *unit_row;
  GtkWidget         *width_row;
  GtkWidget         *height_row;
  GtkSpinButton     *width_spin;
  GtkSpinButton     *height_spin;
  GtkSpinButton     *dpi_spin;
  AdwComboRow       *extent_row;
  AdwComboRow       *basemap_row;
  AdwEntryRow       *title_row;
  AdwEntryRow       *subtitle_row;
  AdwEntryRow       *source_row;
  GtkSwitch         *legend_switch;
  GtkSwitch         *scale_bar_switch;
  GtkSwitch         *north_arrow_switch;
  GtkSwitch         *attribution_switch;

  /* Owned References */
  GSettings         *settings;
  GCancellable      *preview_cancellable;
  GCancellable      *export_cancellable;

  /* Borrowed References */
  CaWindow          *window;

  guint              preview_timeout;
  guint              preview_generation;
  double             preview_seconds;   /* the last preview's drawing time */
  double             export_seconds;    /* the last export's time */
  guint              restoring : 1;
};

void            _ca_export_dialog_export_to     (CaExportDialog *self,
                                                 const char     *path);
gboolean        _ca_export_dialog_get_busy      (CaExportDialog *self);
void            _ca_export_dialog_cancel_export (CaExportDialog *self);
CaFigure       *_ca_export_dialog_build_figure  (CaExportDialog *self);

G_END_DECLS
