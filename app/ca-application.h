/* ca-application.h
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CA_TYPE_APPLICATION (ca_application_get_type ())

G_DECLARE_FINAL_TYPE (CaApplication, ca_application, CA, APPLICATION, AdwApplication)

CaApplication *ca_application_new                (void);
void           ca_application_worker_started     (void);
void           ca_application_worker_finished    (void);
void           ca_application_worker_finished_on (GMainContext *context);
guint          ca_application_get_n_workers      (void);

G_END_DECLS
