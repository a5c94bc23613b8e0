#!/usr/bin/python3
# check-flatpak-manifest.py: validate the Flatpak manifest without a network
#
# Copyright 2026 The Corridor Atlas developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Flathub cannot be reached here, so the manifest is checked offline:
#  - its JSON is well formed, with no key given twice;
#  - it follows flatpak/flatpak-manifest.schema.json (python3-jsonschema);
#  - `flatpak-builder --show-manifest` reads it with no warning;
#  - every source is pinned: archives and files by sha256, git by tag and
#    commit; only the app itself comes from a local folder;
#  - the sandbox and build match what the app needs: the runtime, no home
#    or host access, PROJ and GDAL data paths, the DCW-GMT path, and the
#    GDAL drivers the app opens.
#
# Usage: check-flatpak-manifest.py MANIFEST SCHEMA APP-ID

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

results = []


def check(ok, what, skip=None):
    results.append((bool(ok), what, skip))


def no_duplicates(pairs):
    keys = [k for k, _v in pairs]
    dups = sorted({k for k in keys if keys.count(k) > 1})
    if dups:
        raise ValueError("duplicate keys: " + ", ".join(dups))
    return dict(pairs)


def walk_modules(modules):
    for module in modules:
        yield module
        yield from walk_modules(module.get("modules", []))


def main():
    manifest_path, schema_path, app_id = sys.argv[1:4]

    try:
        with open(manifest_path, encoding="utf-8") as f:
            manifest = json.load(f, object_pairs_hook=no_duplicates)
        check(True, "JSON syntax")
    except ValueError as e:
        check(False, f"JSON syntax: {e}")
        return report()

    try:
        import jsonschema
        with open(schema_path, encoding="utf-8") as f:
            schema = json.load(f)
        jsonschema.Draft7Validator.check_schema(schema)
        errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(manifest),
                        key=lambda e: list(e.path))
        for e in errors:
            print("# schema:", "/".join(str(p) for p in e.path), e.message)
        check(not errors, "follows the manifest schema")
    except ImportError:
        check(False, "follows the manifest schema: python3-jsonschema is not installed")

    builder = shutil.which("flatpak-builder")
    if builder:
        # flatpak-builder leaves a .flatpak-builder state folder in its
        # working directory: keep it out of the source tree.
        with tempfile.TemporaryDirectory(prefix="ca-flatpak-") as tmp:
            proc = subprocess.run([builder, "--show-manifest",
                                   os.path.abspath(manifest_path)],
                                  capture_output=True, text=True, cwd=tmp)
        for line in proc.stderr.splitlines():
            print("# flatpak-builder:", line)
        shown = {}
        try:
            shown = json.loads(proc.stdout)
        except ValueError:
            pass
        check(proc.returncode == 0 and not proc.stderr.strip() and shown.get("id") == app_id,
              "flatpak-builder --show-manifest reads it with no warning")
    else:
        check(True, "flatpak-builder --show-manifest", skip="flatpak-builder is not installed")

    # Every source pinned.
    modules = list(walk_modules(manifest.get("modules", [])))
    for module in modules:
        for source in module.get("sources", []):
            kind = source.get("type")
            where = f"{module['name']}: {kind} {source.get('url', source.get('path', ''))}"
            if kind in ("archive", "file") and "url" in source:
                ok = re.fullmatch(r"[0-9a-f]{64}", source.get("sha256", "")) is not None
                ok = ok and source["url"].startswith("https://")
                check(ok, f"pinned by sha256: {where}")
            elif kind == "git":
                ok = bool(source.get("tag")) and re.fullmatch(
                    r"[0-9a-f]{40}", source.get("commit", "")) is not None
                check(ok and "branch" not in source, f"pinned by tag and commit: {where}")
            elif kind == "dir":
                check(module["name"] == "corridor-atlas",
                      f"only the app is built from a local folder: {where}")
            else:
                check(kind in ("patch", "script", "shell") or (kind == "file" and "path" in source),
                      f"local source: {where}")

    # The sandbox.
    args = manifest.get("finish-args", [])
    check(manifest.get("id") == app_id, "the id is the app id")
    check(manifest.get("runtime") == "org.gnome.Platform" and manifest.get("sdk") == "org.gnome.Sdk"
          and manifest.get("runtime-version") == "50", "targets org.gnome.Platform 50")
    check(manifest.get("command") == "corridor-atlas", "runs corridor-atlas")
    for arg in ("--share=ipc", "--socket=wayland", "--socket=fallback-x11", "--device=dri",
                "--share=network"):
        check(arg in args, f"finish-args has {arg}")
    broad = [a for a in args if a.startswith("--filesystem=") or a in
             ("--socket=x11", "--device=all", "--talk-name=org.freedesktop.Flatpak")]
    check(not broad, "no home or host access (files come through portals)"
          + (": " + ", ".join(broad) if broad else ""))
    check("--env=PROJ_DATA=/app/share/proj" in args, "PROJ_DATA is set in the sandbox")
    check("--env=GDAL_DATA=/app/share/gdal" in args, "GDAL_DATA is set in the sandbox")

    by_name = {m["name"]: m for m in modules}
    names = [m["name"] for m in modules]
    for needed in ("proj", "hdf5", "netcdf", "gdal", "protobuf-c", "libshumate", "dcw-gmt",
                   "corridor-atlas"):
        check(needed in by_name, f"builds the {needed} module")
    check(names and names[-1] == "corridor-atlas", "the app is the last module")
    if "gdal" in by_name and "proj" in by_name and "netcdf" in by_name and "hdf5" in by_name:
        check(names.index("hdf5") < names.index("netcdf") < names.index("gdal")
              and names.index("proj") < names.index("gdal"),
              "PROJ, HDF5 and netCDF are built before GDAL")
    proj = by_name.get("proj", {})
    check(proj.get("buildsystem", "").startswith("cmake")
          and "-DBUILD_TESTING=OFF" in proj.get("config-opts", []),
          "PROJ builds with cmake and -DBUILD_TESTING=OFF")

    gdal_opts = by_name.get("gdal", {}).get("config-opts", [])
    check("-DGDAL_BUILD_OPTIONAL_DRIVERS=OFF" in gdal_opts
          and "-DOGR_BUILD_OPTIONAL_DRIVERS=OFF" in gdal_opts,
          "GDAL builds only the drivers asked for")
    # The drivers the app opens: the basemap (netCDF on HDF5), online tiles
    # for figures (WMS), PNG export, and the vector and table formats a
    # planner opens.  GeoJSON, Shapefile and MEM are built unconditionally.
    for driver in ("GDAL_ENABLE_DRIVER_NETCDF", "GDAL_ENABLE_DRIVER_HDF5",
                   "GDAL_ENABLE_DRIVER_WMS", "GDAL_ENABLE_DRIVER_PNG",
                   "OGR_ENABLE_DRIVER_GPKG", "OGR_ENABLE_DRIVER_FLATGEOBUF",
                   "OGR_ENABLE_DRIVER_CSV", "OGR_ENABLE_DRIVER_XLSX", "OGR_ENABLE_DRIVER_ODS",
                   "OGR_ENABLE_DRIVER_PG", "OGR_ENABLE_DRIVER_KML", "OGR_ENABLE_DRIVER_GPX"):
        check(f"-D{driver}=ON" in gdal_opts, f"GDAL has {driver}")

    app_opts = by_name.get("corridor-atlas", {}).get("config-opts", [])
    check("-Ddcw_path=/app/share/dcw-gmt/dcw-gmt.nc" in app_opts,
          "the app reads DCW-GMT from /app/share/dcw-gmt")
    dcw = " ".join(by_name.get("dcw-gmt", {}).get("build-commands", []))
    check("/app/share/dcw-gmt/dcw-gmt.nc" in dcw, "dcw-gmt installs to /app/share/dcw-gmt")

    return report()


def report():
    failed = 0
    for n, (ok, what, skip) in enumerate(results, 1):
        if skip:
            print(f"ok {n} - {what} # SKIP {skip}")
        else:
            print(f"{'ok' if ok else 'not ok'} {n} - {what}")
            failed += not ok
    print(f"1..{len(results)}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
