#!/usr/bin/python3
# validate-mime.py: check the shared-mime-info XML of Corridor Atlas
#
# Copyright 2026 The Corridor Atlas developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Debian ships no schema for shared-mime-info, so this checks the
# structure we rely on, then has update-mime-database build a database
# from the file alone and reads the result: the type must be known, be a
# kind of JSON, and own the *.corridor glob.  Any warning from
# update-mime-database fails the test.
#
# Usage: validate-mime.py MIME-XML APP-ID

import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

NS = "{http://www.freedesktop.org/standards/shared-mime-info}"
TYPE = "application/x-corridor-atlas-project"
GLOB = "*.corridor"


def fail(msg):
    print("not ok -", msg)
    sys.exit(1)


def main():
    path, app_id = sys.argv[1], sys.argv[2]
    root = ET.parse(path).getroot()
    if root.tag != NS + "mime-info":
        fail(f"root element is {root.tag}, not mime-info in the shared-mime-info namespace")
    types = root.findall(NS + "mime-type")
    if [t.get("type") for t in types] != [TYPE]:
        fail(f"the file must define exactly {TYPE}")
    mt = types[0]
    comments = mt.findall(NS + "comment")
    if not any(c.get("{http://www.w3.org/XML/1998/namespace}lang") is None for c in comments):
        fail("no untranslated <comment>")
    if not any(c.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh_CN" for c in comments):
        fail("the comment has no zh_CN translation (is the type merged with po/?)")
    if [g.get("pattern") for g in mt.findall(NS + "glob")] != [GLOB]:
        fail(f"the glob must be {GLOB}")
    if "application/json" not in [s.get("type") for s in mt.findall(NS + "sub-class-of")]:
        fail("the type must be a sub-class of application/json")
    print("ok 1 - structure")

    with tempfile.TemporaryDirectory() as tmp:
        packages = os.path.join(tmp, "mime", "packages")
        os.makedirs(packages)
        shutil.copy(path, os.path.join(packages, app_id + ".mime.xml"))
        proc = subprocess.run(["update-mime-database", "-V", os.path.join(tmp, "mime")],
                              capture_output=True, text=True)
        noise = [line for line in (proc.stdout + proc.stderr).splitlines()
                 if "warning" in line.lower() or "error" in line.lower()]
        if proc.returncode != 0 or noise:
            fail("update-mime-database: " + (proc.stderr or proc.stdout))
        with open(os.path.join(tmp, "mime", "globs2")) as f:
            globs = f.read()
        if f":{TYPE}:{GLOB}" not in globs:
            fail(f"globs2 does not map {GLOB} to {TYPE}")
        with open(os.path.join(tmp, "mime", "subclasses")) as f:
            if f"{TYPE} application/json" not in f.read():
                fail("subclasses does not record application/json")
        if not os.path.exists(os.path.join(tmp, "mime", "application",
                                           "x-corridor-atlas-project.xml")):
            fail("no per-type file was written")
    print("ok 2 - update-mime-database")
    print("1..2")


if __name__ == "__main__":
    main()
