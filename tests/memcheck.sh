#!/usr/bin/env bash
# Valgrind memcheck over the headless command line: a PDF export, a small
# PNG export and --stats, with the build tree's program.  Fails on any
# invalid access, any use of uninitialised memory, or any block
# "definitely lost" that tests/valgrind.supp does not name.
#
#   tests/memcheck.sh BUILD_DIR
set -euo pipefail

src=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
build=$(cd "${1:?usage: memcheck.sh BUILD_DIR}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

export GSETTINGS_BACKEND=memory
export GSETTINGS_SCHEMA_DIR="$build/data"
export CORRIDOR_ATLAS_LIBEXECDIR="$build/app"
export CORRIDOR_ATLAS_DATADIR="$src/data"
export XDG_CACHE_HOME="$work/cache"
export LC_ALL=C.UTF-8

status=0
run () {
  local name=$1; shift
  local log="$work/$name.log"
  if ! valgrind --tool=memcheck --error-exitcode=99 \
         --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite \
         --num-callers=40 --suppressions="$src/tests/valgrind.supp" \
         --log-file="$log" "$build/app/corridor-atlas" "$@" >/dev/null 2>"$work/$name.err"; then
    status=1
    cat "$work/$name.err" "$log"
  fi
  echo "memcheck $name: $(grep -o 'ERROR SUMMARY: [0-9]* errors' "$log");" \
       "$(grep -o 'definitely lost: [0-9,]* bytes in [0-9,]* blocks' "$log" || echo 'definitely lost: 0 bytes');" \
       "$(grep -o 'indirectly lost: [0-9,]* bytes in [0-9,]* blocks' "$log" || echo 'indirectly lost: 0 bytes')"
}

run export-pdf --export "$work/out.pdf"
run export-png --export "$work/out.png" --dpi 72
run stats --stats "$src/data/trade/sample-trade.csv" --yoy
exit "$status"
