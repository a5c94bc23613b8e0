#!/usr/bin/env bash
# Builds the libFuzzer targets in a clang build directory and runs each for
# a bounded time, from its seed corpus and the inputs that once crashed.
#
#   tests/fuzz/run-fuzzers.sh [target…]
#
# CA_FUZZ_SECONDS (default 30) is the time per target; FUZZ_BUILD_DIR
# (default _build-fuzz) the build directory.  New inputs libFuzzer finds
# are kept in $FUZZ_BUILD_DIR/fuzz-corpus/<target>/, so a later run starts
# from them; a crash leaves its input in $FUZZ_BUILD_DIR/fuzz-artifacts/
# and fails the run.
set -euo pipefail

cd "$(dirname "$(readlink -f "$0")")/../.."

SECONDS_EACH=${CA_FUZZ_SECONDS:-30}
DIR=${FUZZ_BUILD_DIR:-_build-fuzz}
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  TARGETS=(trade-csv trade-names project vector-layer)
fi

if [ -f "$DIR/build.ninja" ]; then
  meson setup --reconfigure "$DIR" -Dfuzzing=true >/dev/null
else
  CC=clang meson setup "$DIR" -Dfuzzing=true --buildtype=debugoptimized >/dev/null
fi
meson compile -C "$DIR" "${TARGETS[@]/#/fuzz-}"

# The parser's threads and GDAL's drivers keep memory for the process,
# which is no leak; leaks in our code show in the ASan test build.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export G_DEBUG=gc-friendly LC_ALL=C.UTF-8

status=0
for target in "${TARGETS[@]}"; do
  corpus="$DIR/fuzz-corpus/$target"
  artifacts="$DIR/fuzz-artifacts/$target"
  mkdir -p "$corpus" "$artifacts"
  echo "fuzz-$target: ${SECONDS_EACH} s"
  log="$DIR/fuzz-artifacts/$target.log"
  # Seeds, and the inputs of crashes fixed so far (git keeps no empty
  # folder, so a target may have none yet).
  inputs=("tests/fuzz/$target")
  [ -d "tests/fuzz/regressions/$target" ] && inputs+=("tests/fuzz/regressions/$target")
  if "$DIR/tests/fuzz/fuzz-$target" \
       -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
       -print_final_stats=1 -artifact_prefix="$artifacts/" \
       "$corpus" "${inputs[@]}" >"$log" 2>&1; then
    grep -E 'stat::number_of_executed_units|stat::new_units_added' "$log" | sed "s/^/  /"
  else
    status=1
    tail -n 60 "$log"
    echo "fuzz-$target FAILED: the input is in $artifacts/"
  fi
done
exit "$status"
