#!/bin/sh
# sharing.sh - processes that open the same runtime file share its pages.
# One tests/holddb process opens a copy of $VPOSTCODE_DB and encodes
# 100,000 points, and its proportional set size (Pss,
# /proc/PID/smaps_rollup) is measured alone; then eight such processes at
# once on the same file: the sum of their Pss stays within 1.3 times the
# one process's, and in each of them the file's mapping (/proc/PID/smaps)
# is there, read-only and shared, its pages clean and shared with the
# others. A property of mmap, with a wide margin, not a timing. The copy is
# this test's own, so that other tests mapping the build's file meanwhile
# do not take their share of its pages. Skipped (77) without
# /proc/PID/smaps_rollup. In a sanitizer build each process's private
# memory (the sanitizer's shadow) dwarfs the file, so there only the
# mapping's figures are compared.
set -u
b=${VPC_BUILDDIR:?}
db=${VPOSTCODE_DB:?}
holddb=$b/tests/holddb
points=100000
procs=8

[ -r /proc/self/smaps_rollup ] || { echo "no /proc/PID/smaps_rollup: skipped"; exit 77; }
[ -x "$holddb" ] || { echo "FAIL: $holddb is not built"; exit 1; }

# Next to the build's file, on the same kind of file system.
work=$(mktemp -d "$b/tests/sharing.XXXXXX")
work=$(cd "$work" && pwd -P)
pids=""
fail=0

# Every holder reads the same FIFO, which this shell keeps open on fd 3:
# closing it is end-of-file for all of them. After a failure or a signal
# they are ended at once, by their process ids.
aborted=0
release() {
    exec 3>&-
    [ $aborted -eq 1 ] && for p in $pids; do kill "$p" 2>/dev/null; done
    for p in $pids; do
        i=0
        while kill -0 "$p" 2>/dev/null && [ $i -lt 100 ]; do
            sleep 0.1
            i=$((i + 1))
        done
        kill "$p" 2>/dev/null && echo "FAIL: holder $p did not end on end-of-file: killed" &&
            fail=1
        wait "$p" 2>/dev/null
    done
    pids=""
}
cleanup() {
    release
    rm -rf "$work"
}
trap cleanup EXIT
trap 'aborted=1; exit 1' HUP INT TERM

mkfifo "$work/hold"
file=$work/vpostcode.vpc
cp "$db" "$file" || exit 1
sync "$file" 2>/dev/null || sync # written back: its pages in the cache clean
# On tmpfs a file's pages are never clean (they have no disk to be
# written back to): there only their being shared is checked.
fs=$(stat -f -c %T "$file" 2>/dev/null || echo unknown)

# start N: N holders, each waited for until it says ready
start() {
    exec 3<>"$work/hold"
    k=0
    while [ $k -lt "$1" ]; do
        "$holddb" "$file" "$points" < "$work/hold" > "$work/out.$k" 2>&1 3>&- &
        pids="$pids $!"
        k=$((k + 1))
    done
    k=0
    for p in $pids; do
        i=0
        until grep -q '^ready' "$work/out.$k" 2>/dev/null; do
            if ! kill -0 "$p" 2>/dev/null || [ $i -ge 3000 ]; then
                echo "FAIL: holder $p did not get ready:"
                cat "$work/out.$k"
                aborted=1
                exit 1
            fi
            sleep 0.1
            i=$((i + 1))
        done
        k=$((k + 1))
    done
}

# rollup PID FIELD: kB from /proc/PID/smaps_rollup
rollup() {
    awk -v f="$2:" '$1 == f { print $2; exit }' "/proc/$1/smaps_rollup"
}

# mapping PID: "Rss Pss Shared_Clean Shared_Dirty Private_Dirty perms
# count" of the file's mappings in /proc/PID/smaps (kB)
mapping() {
    awk -v path="$file" '
        /^[0-9a-f]+-[0-9a-f]+ / {
            inmap = substr($0, length($0) - length(path) + 1) == path
            if (inmap) { n++; perms = $2 }
            next
        }
        inmap && $1 == "Rss:" { rss += $2 }
        inmap && $1 == "Pss:" { pss += $2 }
        inmap && $1 == "Shared_Clean:" { sc += $2 }
        inmap && $1 == "Shared_Dirty:" { sd += $2 }
        inmap && $1 == "Private_Dirty:" { pd += $2 }
        END { printf "%d %d %d %d %d %s %d\n", rss, pss, sc, sd, pd, perms == "" ? "-" : perms, n }
    ' "/proc/$1/smaps"
}

# One holder alone.
start 1
p=$(echo $pids)
single_pss=$(rollup "$p" Pss)
single_rss=$(rollup "$p" Rss)
set -- $(mapping "$p")
single_map_rss=$1 single_map_pss=$2
echo "alone: $(cat "$work/out.0")"
echo "alone: Pss $single_pss kB, Rss $single_rss kB; the file's mapping: Rss $1 kB, Pss $2 kB"
[ "$7" -ge 1 ] || { echo "FAIL: $file is not mapped in the holder"; fail=1; }
release

# Eight at once.
start $procs
sum_pss=0 sum_map_pss=0
printf '%8s %10s %10s %14s %12s %12s %16s %6s\n' \
    process Pss Rss Shared_Clean map_Rss map_Pss map_Shared_Clean perms
for p in $pids; do
    pss=$(rollup "$p" Pss) rss=$(rollup "$p" Rss) shared=$(rollup "$p" Shared_Clean)
    set -- $(mapping "$p")
    printf '%8s %7s kB %7s kB %11s kB %9s kB %9s kB %13s kB %6s\n' "$p" "$pss" "$rss" "$shared" \
        "$1" "$2" "$3" "$6"
    sum_pss=$((sum_pss + pss))
    sum_map_pss=$((sum_map_pss + $2))
    if [ "$7" -lt 1 ]; then
        echo "FAIL: $file is not mapped in process $p"
        fail=1
    elif [ "$6" != r--s ]; then
        echo "FAIL: process $p maps $file as $6, not r--s (read-only, shared)"
        fail=1
    elif [ "$fs" != tmpfs ] && [ $(($4 + $5)) -ne 0 ]; then
        echo "FAIL: process $p has $(($4 + $5)) kB of the file's pages dirty"
        fail=1
    elif [ "$1" -eq 0 ] || [ $((10 * ($3 + $4))) -lt $((9 * $1)) ]; then
        echo "FAIL: process $p: of the mapping's $1 kB, $(($3 + $4)) kB are shared (less than 90 %)"
        fail=1
    fi
done
echo "$procs processes: sum of Pss $sum_pss kB ($(awk -v a="$sum_pss" -v b="$single_pss" \
    'BEGIN { printf "%.2f", a / b }') x one process alone, $single_pss kB);" \
    "the file's mapping: sum of Pss $sum_map_pss kB" \
    "(alone: $single_map_pss kB, Rss $single_map_rss kB)"
# The mapping's pages are counted once between them all.
if [ $((10 * sum_map_pss)) -gt $((13 * single_map_pss)) ]; then
    echo "FAIL: the mapping's Pss adds up to more than 1.3 x one process's"
    fail=1
fi
if [ -n "${VPC_SANITIZE:-}" ]; then
    echo "sanitizer build ($VPC_SANITIZE): the whole processes' Pss is not compared"
elif [ $((10 * sum_pss)) -gt $((13 * single_pss)) ]; then
    echo "FAIL: $procs processes' Pss adds up to more than 1.3 x one process's"
    fail=1
fi
[ $fail -eq 0 ] && echo "pass: $procs processes share $file"
exit $fail
