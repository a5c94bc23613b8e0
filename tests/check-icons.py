#!/usr/bin/python3
# check-icons.py: every icon the interface names can be found
#
# Copyright 2026 The Corridor Atlas developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The app's own symbolic icons live in the gresource under
# icons/scalable/actions; the rest come from the Adwaita icon theme.  A
# name that is in neither shows as a missing-image icon, so each
# "*-symbolic" name used by ui/*.ui and app/**/*.c must be found in one of
# them.  The app icons are checked too: a square scalable icon and a
# 16 × 16 symbolic one.
#
# Usage: check-icons.py SOURCE-ROOT APP-ID

import os
import re
import sys
import xml.etree.ElementTree as ET

THEME = "/usr/share/icons/Adwaita"
NAME = re.compile(r"[\"'>]([a-z0-9]+(?:-[a-z0-9]+)*-symbolic)[\"'<]")


def svg_size(path):
    root = ET.parse(path).getroot()
    box = root.get("viewBox", "").split()
    if len(box) == 4:
        return float(box[2]), float(box[3])
    return float(root.get("width", "0")), float(root.get("height", "0"))


def main():
    root, app_id = sys.argv[1], sys.argv[2]
    results = []

    used = set()
    for top, suffix in (("ui", ".ui"), ("app", ".c")):
        for dirpath, _dirs, files in os.walk(os.path.join(root, top)):
            for name in files:
                if name.endswith(suffix):
                    with open(os.path.join(dirpath, name), encoding="utf-8") as f:
                        used.update(NAME.findall(f.read()))

    manifest = ET.parse(os.path.join(root, "ui", "ca.gresource.xml")).getroot()
    bundled = {}
    for item in manifest.iter("file"):
        alias = item.get("alias", "")
        if alias.startswith("icons/") and alias.endswith(".svg"):
            bundled[os.path.basename(alias)[:-4]] = os.path.join(root, item.text)

    theme = set()
    if os.path.isdir(THEME):
        for _dirpath, _dirs, files in os.walk(THEME):
            for name in files:
                theme.add(re.sub(r"(-rtl|-ltr)?\.(svg|png)$", "", name))

    for name in sorted(used):
        if name in bundled:
            results.append((os.path.isfile(bundled[name]), f"{name} is in the gresource", None))
        elif theme:
            results.append((name in theme, f"{name} is in the Adwaita icon theme", None))
        else:
            results.append((True, name, "the Adwaita icon theme is not installed"))

    for name, path in sorted(bundled.items()):
        w, h = svg_size(path)
        results.append((w == h == 16, f"{name} is a 16 × 16 symbolic icon", None))

    icons = os.path.join(root, "icons", "hicolor")
    w, h = svg_size(os.path.join(icons, "scalable", "apps", app_id + ".svg"))
    results.append((w == h and w >= 48, "the app icon is a square scalable SVG", None))
    w, h = svg_size(os.path.join(icons, "symbolic", "apps", app_id + "-symbolic.svg"))
    results.append((w == h == 16, "the symbolic app icon is 16 × 16", None))

    failed = 0
    for n, (ok, what, skip) in enumerate(results, 1):
        if skip:
            print(f"ok {n} - {what} # SKIP {skip}")
            continue
        print(f"{'ok' if ok else 'not ok'} {n} - {what}")
        failed += not ok
    print(f"1..{len(results)}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
