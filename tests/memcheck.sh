#!/usr/bin/env bash
# Valgrind memcheck over the headless command line: a PDF export, a small
# PNG export, --stats, and --check over the whole bad-input corpus, with
# the build tree's program.  Fails on any
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
# run NAME EXPECTED-STATUS ARGUMENTS…
run () {
  local name=$1 expected=$2; shift 2
  local log="$work/$name.log"
  local rc=0
  valgrind --tool=memcheck --error-exitcode=99 \
    --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite \
    --num-callers=40 --suppressions="$src/tests/valgrind.supp" \
    --log-file="$log" "$build/app/corridor-atlas" "$@" >/dev/null 2>"$work/$name.err" || rc=$?
  if [ "$rc" -ne "$expected" ]; then
    status=1
    echo "memcheck $name: exit status $rc, expected $expected"
    cat "$work/$name.err" "$log"
  fi
  echo "memcheck $name: $(grep -o 'ERROR SUMMARY: [0-9]* errors' "$log");" \
       "$(grep -o 'definitely lost: [0-9,]* bytes in [0-9,]* blocks' "$log" || echo 'definitely lost: 0 bytes');" \
       "$(grep -o 'indirectly lost: [0-9,]* bytes in [0-9,]* blocks' "$log" || echo 'indirectly lost: 0 bytes')"
}

run export-pdf 0 --export "$work/out.pdf"
run export-png 0 --export "$work/out.png" --dpi 72
run stats 0 --stats "$src/data/trade/sample-trade.csv" --yoy
# Every broken file at once: several cannot be read, so the status is 1.
bad=()
for file in "$src"/tests/data/bad/*; do
  case $file in
    *.md|*.py|*.shx|*.dbf|*.prj) ;;
    *) bad+=("$file") ;;
  esac
done
run check-bad-inputs 1 --check "${bad[@]}"
exit "$status"
