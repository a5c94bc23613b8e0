#!/usr/bin/python3
# check-install.py: `meson install` puts every file where desktops and Flatpak look
#
# Copyright 2026 The Corridor Atlas developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs the build into a temporary DESTDIR and checks the tree against
# the freedesktop conventions that GNOME Software, the desktop and
# flatpak-builder rely on: the binary and its helper, the desktop file,
# metainfo, both icons, the GSettings schema, the MIME type, the Chinese
# message catalogue, and the shipped data.  The installed desktop file
# and metainfo are validated again, as installed.
#
# Usage: check-install.py BUILD-DIR PREFIX LIBEXECDIR APP-ID SCHEMA-ID

import configparser
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

results = []


def check(ok, what):
    results.append((bool(ok), what))
    return ok


def main():
    build, prefix, libexecdir, app_id, schema_id = sys.argv[1:6]
    with tempfile.TemporaryDirectory(prefix="ca-install-") as destdir:
        proc = subprocess.run(["meson", "install", "-C", build, "--destdir", destdir,
                               "--no-rebuild", "--quiet"],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            print(proc.stdout + proc.stderr)
            print("not ok 1 - meson install")
            print("1..1")
            sys.exit(1)
        check(True, "meson install --destdir")

        root = destdir + prefix
        share = os.path.join(root, "share")
        libexec = destdir + libexecdir

        def exists(rel, base=share, executable=False):
            path = os.path.join(base, rel)
            ok = os.path.isfile(path) and (not executable or os.access(path, os.X_OK))
            check(ok, os.path.relpath(path, destdir))
            return path

        binary = exists("bin/corridor-atlas", root, executable=True)
        exists("corridor-atlas-basemap-cache", libexec, executable=True)

        desktop = exists(f"applications/{app_id}.desktop")
        metainfo = exists(f"metainfo/{app_id}.metainfo.xml")
        icon = exists(f"icons/hicolor/scalable/apps/{app_id}.svg")
        exists(f"icons/hicolor/symbolic/apps/{app_id}-symbolic.svg")
        exists(f"glib-2.0/schemas/{schema_id}.gschema.xml")
        mime = exists(f"mime/packages/{app_id}.mime.xml")
        exists("locale/zh_CN/LC_MESSAGES/corridor-atlas.mo")
        for rel in ("corridor/routes.geojson", "corridor/nodes.geojson",
                    "corridor/ports.geojson", "trade/sample-trade.csv"):
            exists(os.path.join("corridor-atlas", rel))

        # The gazetteer tables are compiled into the binary.
        if shutil.which("gresource") and os.path.isfile(binary):
            listing = subprocess.run(["gresource", "list", binary],
                                     capture_output=True, text=True).stdout.split()
            base = "/" + schema_id.replace(".", "/") + "/data/"
            for table in ("cn-provinces.tsv", "countries.tsv", "partner-regions.tsv",
                          "regions.tsv"):
                check(base + table in listing, f"{table} in the binary's resources")

        # The desktop file names what was installed.
        if os.path.isfile(desktop):
            entry = configparser.RawConfigParser(strict=False, interpolation=None)
            entry.optionxform = str
            entry.read(desktop, encoding="utf-8")
            de = entry["Desktop Entry"]
            check(de.get("Icon") == app_id, "Icon= is the app id")
            check(de.get("Exec", "").split()[0] == "corridor-atlas", "Exec= runs corridor-atlas")
            check("application/x-corridor-atlas-project" in de.get("MimeType", ""),
                  "MimeType= has the project type")
            check(any(k.startswith("Keywords[zh_CN]") for k in de),
                  "Keywords are translated to zh_CN")
            if shutil.which("desktop-file-validate"):
                proc = subprocess.run(["desktop-file-validate", desktop],
                                      capture_output=True, text=True)
                for line in (proc.stdout + proc.stderr).splitlines():
                    print("#", line)
                check(proc.returncode == 0 and not proc.stdout.strip(),
                      "installed desktop file validates with no hints")

        if os.path.isfile(metainfo):
            component = ET.parse(metainfo).getroot()
            launchable = component.find("launchable")
            check(launchable is not None and launchable.text == f"{app_id}.desktop",
                  "metainfo launchable names the installed desktop file")
            if shutil.which("appstreamcli"):
                rc = subprocess.run(["appstreamcli", "validate", "--no-net", "--strict",
                                     "--override=unknown-tag=pedantic", metainfo],
                                    stdout=subprocess.DEVNULL).returncode
                check(rc == 0, "installed metainfo validates")

        if os.path.isfile(icon):
            svg = ET.parse(icon).getroot()
            check(svg.tag.endswith("svg"), "the app icon is an SVG")

        if os.path.isfile(mime):
            check("*.corridor" in open(mime, encoding="utf-8").read(),
                  "the MIME type owns *.corridor")

        # Nothing lands outside the prefix (Flatpak installs only /app).
        strays = []
        for dirpath, _dirs, files in os.walk(destdir):
            for name in files:
                path = os.path.join(dirpath, name)
                if not path.startswith(root + os.sep) and not path.startswith(libexec + os.sep):
                    strays.append(os.path.relpath(path, destdir))
        check(not strays, "nothing outside the prefix" + (": " + ", ".join(strays) if strays else ""))

    failed = 0
    for n, (ok, what) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {n} - {what}")
        failed += not ok
    print(f"1..{len(results)}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
