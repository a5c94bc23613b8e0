#!/usr/bin/python3
# check-potfiles.py: po/POTFILES.in lists every file with translatable strings
#
# Copyright 2026 The Corridor Atlas developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Scans the C sources for gettext calls (_(), N_(), C_(), NC_()), the
# GtkBuilder files for translatable="yes", and data/ for the files that
# gettext extracts (.in templates, the GSettings schema, the MIME type).
# A file that has strings but is not listed fails, and so does a listed
# file that no longer exists.
#
# Usage: check-potfiles.py SOURCE-ROOT

import os
import re
import sys

C_CALL = re.compile(r"(?<![A-Za-z0-9_])(?:N|C|NC)?_\s*\(")
UI_MARK = re.compile(r'translatable\s*=\s*"yes"')
SCHEMA_MARK = re.compile(r"<(?:summary|description)>")
MIME_MARK = re.compile(r"<comment>")

# Folders whose sources reach the user.  tests/ and bench/ are not
# translated.
SCAN = {
    "app": (".c", ".h"),
    "ui": (".ui",),
    "data": (".in", ".gschema.xml", ".mime.xml"),
}


def strip_c_comments(text):
    return re.sub(r"/\*.*?\*/|//[^\n]*", "", text, flags=re.S)


def has_strings(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if path.endswith((".c", ".h")):
        return C_CALL.search(strip_c_comments(text)) is not None
    if path.endswith(".ui"):
        return UI_MARK.search(text) is not None
    if path.endswith(".gschema.xml"):
        return SCHEMA_MARK.search(text) is not None
    if path.endswith(".mime.xml"):
        return MIME_MARK.search(text) is not None
    # .desktop.in and .metainfo.xml.in are translated as a whole.
    return path.endswith((".desktop.in", ".metainfo.xml.in"))


def main():
    root = sys.argv[1]
    with open(os.path.join(root, "po", "POTFILES.in"), encoding="utf-8") as f:
        listed = {line.strip() for line in f
                  if line.strip() and not line.lstrip().startswith("#")}

    needed = set()
    for top, suffixes in SCAN.items():
        for dirpath, _dirs, files in os.walk(os.path.join(root, top)):
            for name in files:
                if not name.endswith(suffixes):
                    continue
                path = os.path.join(dirpath, name)
                if has_strings(path):
                    needed.add(os.path.relpath(path, root))

    missing = sorted(needed - listed)
    gone = sorted(p for p in listed if not os.path.exists(os.path.join(root, p)))

    n = 0
    for path in sorted(needed):
        n += 1
        if path in listed:
            print(f"ok {n} - {path} is listed")
        else:
            print(f"not ok {n} - {path} has translatable strings but is not in po/POTFILES.in")
    for path in gone:
        n += 1
        print(f"not ok {n} - {path} is listed in po/POTFILES.in but does not exist")
    print(f"1..{n}")
    sys.exit(1 if missing or gone else 0)


if __name__ == "__main__":
    main()
