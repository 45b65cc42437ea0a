#!/bin/sh
# run.sh TARGET_BINARY CORPUS_DIR SECONDS [LIBFUZZER_FLAG...]
#
# Run one libFuzzer target for SECONDS seconds (0: no time limit, for a run
# bounded by -runs=N given as an extra flag). Everything it writes goes
# under the build directory, next to the binary (or under $FUZZ_OUT):
#   out/NAME/corpus     the working corpus: a copy of the seeds, then what
#                       the fuzzer adds (kept between runs)
#   out/NAME/artifacts  crash-*, leak-*, timeout-*, oom-* inputs
#   out/NAME/log        the fuzzer's output
# CORPUS_DIR (the seeds in the source tree) is only read, so this works
# with a read-only source directory (make distcheck).
#
# Exit status 0 only if the run ended without a finding (crash, sanitizer
# report, broken invariant, leak, timeout, out of memory). The last line
# says how many inputs ran:
#   fuzz_code: 1234567 runs in 30 s (41152 exec/s), no finding
set -u

if [ $# -lt 3 ]; then
    echo "usage: $0 TARGET_BINARY CORPUS_DIR SECONDS [LIBFUZZER_FLAG...]" >&2
    exit 2
fi
bin=$1 seeds=$2 seconds=$3
shift 3
name=`basename "$bin"`
if [ ! -x "$bin" ]; then
    echo "$name: no such program: $bin (configure with --enable-fuzzers and run make)" >&2
    exit 2
fi
out=${FUZZ_OUT:-`dirname "$bin"`/out}/$name
mkdir -p "$out/corpus" "$out/artifacts" || exit 2

# The seeds, copied once into the working corpus (writable whatever their
# mode in the source tree), and also read as they are: a seed added to the
# source tree later is picked up even when the working corpus exists.
seed_dirs=
if [ -d "$seeds" ]; then
    for f in "$seeds"/*; do
        [ -f "$f" ] || continue
        [ -f "$out/corpus/seed-`basename "$f"`" ] || cp "$f" "$out/corpus/seed-`basename "$f"`"
    done
    chmod -R u+w "$out/corpus"
    seed_dirs=$seeds
fi

# Sanitizer reports are fatal; leaks are looked for after every input that
# allocated more than it freed (libFuzzer's -detect_leaks, default 1).
ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:symbolize=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
export ASAN_OPTIONS UBSAN_OPTIONS

start=`date +%s`
"$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -detect_leaks=1 -artifact_prefix="$out/artifacts/" "$@" \
    "$out/corpus" $seed_dirs > "$out/log" 2>&1
status=$?
elapsed=$((`date +%s` - start))

runs=`sed -n 's/^stat::number_of_executed_units: *//p' "$out/log" | tail -n 1`
rate=`sed -n 's/^stat::average_exec_per_sec: *//p' "$out/log" | tail -n 1`
if [ -z "$runs" ]; then
    # -fork=N prints no final statistics: its progress lines count the runs.
    runs=`sed -n 's/^#\([0-9]*\): cov:.*/\1/p' "$out/log" | tail -n 1`
fi
if [ -z "$rate" ] && [ -n "$runs" ] && [ "$elapsed" -gt 0 ]; then
    rate=$((runs / elapsed))
fi
finding=
if [ $status -ne 0 ] || grep -q -e '^==[0-9]*==ERROR:' -e 'runtime error:' -e 'invariant broken' \
        -e '^SUMMARY: ' "$out/log"; then
    finding=yes
fi
if [ -n "$finding" ]; then
    echo "---- $name: the end of $out/log" >&2
    tail -n 60 "$out/log" >&2
    count=`ls "$out/artifacts" 2>/dev/null | wc -l`
    first=`ls -t "$out/artifacts" 2>/dev/null | tail -n 1`
    echo "$name: FINDING after ${runs:-?} runs in $elapsed s (exit status $status); inputs kept: $count in $out/artifacts/ (first: ${first:-none})"
    exit 1
fi
if [ -z "$runs" ]; then
    echo "---- $name: the end of $out/log" >&2
    tail -n 30 "$out/log" >&2
    echo "$name: no statistics in $out/log: the fuzzer did not run (exit status $status)"
    exit 1
fi
echo "$name: $runs runs in $elapsed s (${rate:-?} exec/s), no finding"
