#!/bin/sh
# bench_serve.sh - `vpostcode serve` under load, over loopback: a real
# server process (--port 0 --port-file, --quiet) and Debian's wrk (2
# threads, 64 keep-alive connections) on
#   encode   GET /v1/encode, a few hundred points inside Vietnam (each
#            ward reference point of one ward in eleven, and one point
#            jittered near it; only points the tool encodes with status ok)
#   decode   GET /v1/decode, the codes the tool made of those points
#   address  GET /v1/address, a few dozen address texts made from ward
#            names (with diacritics; and house number, street, abbreviated
#            ward without them), percent-encoded, only texts the tool
#            resolves with status ok
# each for $VPC_BENCH_SECONDS (10) seconds: requests/s, p50, p99, non-2xx
# answers and socket errors, against the targets (encode: 20,000 requests/s
# or more with p99 at most 5 ms, on 2 cores). Then a batch: a generated
# 1,000,000-row CSV of points posted to /v1/batch/encode by curl and
# encoded by the tool (vpostcode encode --input), both timed, the outputs
# compared byte for byte (target: the server within 2x of the tool). Then
# the server's resident size (VmRSS), sampled every second during a wrk
# encode run of $VPC_BENCH_MEMORY_SECONDS (60) seconds. Last, SIGTERM: the
# server exits 0. About 2 minutes with the defaults. Prints figures; passes
# or fails nothing.
#   bench_serve.sh BUILDDIR      (default: $VPC_BUILDDIR)
set -eu
b=${1:-${VPC_BUILDDIR:?usage: bench_serve.sh BUILDDIR}}
b=$(cd "$b" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
vpc=$b/tools/vpostcode
db=$b/geodata/vpostcode.vpc
secs=${VPC_BENCH_SECONDS:-10}
memsecs=${VPC_BENCH_MEMORY_SECONDS:-60}
wrk=/usr/bin/wrk
rows=1000000

[ -x "$wrk" ] || { echo "bench-serve: $wrk not installed (Debian package wrk): no figures"; exit 0; }
command -v curl > /dev/null 2>&1 || { echo "bench-serve: curl not installed: no figures"; exit 0; }
[ -x "$vpc" ] || { echo "bench-serve: $vpc is not built"; exit 1; }
[ -r "$db" ] || { echo "bench-serve: no database $db"; exit 1; }

tmp=$(mktemp -d)
pid='' wpid='' pid2=''
cleanup() {
    if [ -n "$wpid" ] && kill -0 "$wpid" 2> /dev/null; then kill "$wpid" 2> /dev/null || true; fi
    if [ -n "$pid2" ] && kill -0 "$pid2" 2> /dev/null; then kill "$pid2" 2> /dev/null || true; fi
    if [ -n "$pid" ] && kill -0 "$pid" 2> /dev/null; then
        kill -TERM "$pid" 2> /dev/null || true
        i=0
        while alive "$pid" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
        alive "$pid" && kill -KILL "$pid" 2> /dev/null
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# alive PID: the process runs (not gone, not a zombie waiting for `wait`).
alive() {
    [ -r "/proc/$1/stat" ] || return 1
    state=$(sed 's/^.*) \(.\).*$/\1/' "/proc/$1/stat" 2> /dev/null) || return 1
    [ -n "$state" ] && [ "$state" != Z ]
}
now() { date +%s.%N; }
rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2> /dev/null || true; }

# --- The requests: points, codes and address texts, from the tool. -------
t0=$(now)
"$vpc" --db "$db" provinces --csv | awk -F, 'NR > 1 { print $1 }' > "$tmp/provinces"
: > "$tmp/wards"
for p in $(cat "$tmp/provinces"); do
    "$vpc" --db "$db" wards --province "$p" --csv | awk -F, 'NR > 1 { print $1 }' >> "$tmp/wards"
done
# One ward in eleven, the whole country: about 300.
awk 'BEGIN { print "code" } NR % 11 == 1' "$tmp/wards" > "$tmp/chosen.tsv"
"$vpc" --db "$db" ward --gso --input "$tmp/chosen.tsv" > "$tmp/ward.tsv" 2> /dev/null || true
"$vpc" --db "$db" ward --gso --ascii --input "$tmp/chosen.tsv" > "$tmp/ward-ascii.tsv" 2> /dev/null || true

# Each reference point and one point within about 300 m of it (fixed seed);
# kept only where the tool says ok, so that every answer is a 200.
awk -F '\t' 'BEGIN { srand(14014); OFS = "\t"; print "lat", "lon" }
    NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    $c["status"] == "ok" {
        print $c["ref_lat"], $c["ref_lon"]
        printf "%.6f\t%.6f\n", $c["ref_lat"] + (rand() - 0.5) * 0.006, $c["ref_lon"] + (rand() - 0.5) * 0.006 }' \
    "$tmp/ward.tsv" > "$tmp/candidates.tsv"
"$vpc" --db "$db" encode --input "$tmp/candidates.tsv" > "$tmp/encoded.tsv" 2> /dev/null || true
awk -F '\t' -v points="$tmp/points" -v codes="$tmp/codes" '
    NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    $c["status"] == "ok" { print $c["lat"], $c["lon"] > points; print $c["code"] > codes }' \
    "$tmp/encoded.tsv"

# Address texts of one chosen ward in six: "Phường Hoàn Kiếm, Hà Nội" and
# "12 le loi, p hoan kiem, ha noi"; kept where the tool says ok.
paste "$tmp/ward.tsv" "$tmp/ward-ascii.tsv" | awk -F '\t' '
    BEGIN { OFS = "\t"; print "address"
        split("le loi|tran hung dao|nguyen hue|hai ba trung|ly thuong kiet|quang trung|le duan|hung vuong", street, "|") }
    NR == 1 { n = NF / 2; for (i = 1; i <= n; i++) c[$i] = i; next }
    $c["status"] == "ok" && ++k % 6 == 1 {
        ward = $c["ward"]; prov = $c["province"]
        sub(/^Thành phố /, "", prov); sub(/^Tỉnh /, "", prov)
        award = tolower($(n + c["ward"])); aprov = tolower($(n + c["province"]))
        sub(/^phuong /, "p ", award); sub(/^xa /, "x ", award)
        sub(/^thanh pho /, "", aprov); sub(/^tinh /, "", aprov)
        print ward ", " prov
        print (k % 97 + 3) " " street[k % 8 + 1] ", " award ", " aprov }' > "$tmp/texts.tsv"
"$vpc" --db "$db" address --input "$tmp/texts.tsv" > "$tmp/resolved.tsv" 2> /dev/null || true
# Percent-encoded byte by byte (UTF-8 included): all but A-Z a-z 0-9 . _ ~ -.
LC_ALL=C awk -F '\t' 'BEGIN { for (i = 1; i < 256; i++) ord[sprintf("%c", i)] = i }
    NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    $c["status"] == "ok" && ++k <= 60 {
        s = $c["address"]; out = ""
        for (i = 1; i <= length(s); i++) {
            ch = substr(s, i, 1)
            if (ch ~ /[A-Za-z0-9._~-]/) out = out ch; else out = out sprintf("%%%02X", ord[ch])
        }
        print out }' "$tmp/resolved.tsv" > "$tmp/addresses"

npoints=$(wc -l < "$tmp/points") ncodes=$(wc -l < "$tmp/codes") naddr=$(wc -l < "$tmp/addresses")
nchosen=$(($(wc -l < "$tmp/chosen.tsv") - 1))
echo "$t0 $(now)" | awk '{ printf "requests   made by the tool in %.1f s: ", $2 - $1 }'
echo "$npoints points of $nchosen wards, $ncodes codes, $naddr address texts"
if [ "$npoints" -eq 0 ] || [ "$naddr" -eq 0 ]; then
    echo "bench-serve: the tool made no points or no address texts: no figures"; exit 1
fi

# --- The server. ---------------------------------------------------------
"$vpc" serve --db "$db" --port 0 --port-file "$tmp/port" --quiet 2> "$tmp/server.err" &
pid=$!
i=0
until [ -s "$tmp/port" ]; do
    if ! alive "$pid" || [ $i -ge 600 ]; then
        echo "bench-serve: the server did not start:"; cat "$tmp/server.err"; exit 1
    fi
    sleep 0.1; i=$((i + 1))
done
sleep 0.1
port=$(cat "$tmp/port")
url=http://127.0.0.1:$port
echo "server     pid $pid, $url, $(nproc) cores shared with wrk; RSS $(rss) kB after start"
# Two requests with one curl: on one connection if the server keeps it.
if curl -sv -o /dev/null -o /dev/null "$url/healthz" "$url/healthz" 2>&1 | grep -q 'Re-using existing connection'; then
    echo "keep-alive yes (two requests on one connection)"
else
    echo "keep-alive NO: the server closed the connection after a request (wrk connects again each time)"
fi

# wrk_figures NAME FILE: one line of figures from wrk's output FILE; sets
# rps and p99 (ms) for the target lines.
wrk_figures() {
    line=$(grep '^vpc-bench ' "$2" || true)
    if [ -z "$line" ]; then
        echo "$1: wrk gave no figures:"; sed 's/^/    /' "$2"; rps=0 p99=0; return 0
    fi
    echo "$line" | awk -v name="$1" '{
        for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        rps = v["requests"] / (v["duration_us"] / 1e6)
        sock = v["connect"] + v["read"] + v["write"] + v["timeout"]
        printf "%-10s %.0f requests/s (%d in %.1f s), p50 %.2f ms, p99 %.2f ms, non-2xx %d, socket errors %d (connect %d, read %d, write %d, timeout %d)\n",
            name, rps, v["requests"], v["duration_us"] / 1e6, v["p50_us"] / 1000, v["p99_us"] / 1000,
            v["non2xx"], sock, v["connect"], v["read"], v["write"], v["timeout"] }'
    rps=$(echo "$line" | awk '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        printf "%.0f", v["requests"] / (v["duration_us"] / 1e6) }')
    p99=$(echo "$line" | awk '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        printf "%.3f", v["p99_us"] / 1000 }')
}
# run_wrk NAME SCRIPT FILE SECONDS
run_wrk() {
    "$wrk" -t2 -c64 -d"$4"s --latency -s "$here/$2" "$url" -- "$3" > "$tmp/wrk-$1.out" 2>&1 || true
    wrk_figures "$1" "$tmp/wrk-$1.out"
}

echo "wrk        2 threads, 64 keep-alive connections, ${secs} s a run"
run_wrk encode serve-encode.lua "$tmp/points" "$secs"
echo "$rps $p99" | awk '{
    printf "target     encode: 20000 requests/s or more: %.2fx (%s); p99 at most 5 ms: %.2fx of it (%s)\n",
        $1 / 20000, ($1 >= 20000) ? "met" : "NOT met", $2 / 5, ($2 <= 5) ? "met" : "NOT met" }'
run_wrk decode serve-decode.lua "$tmp/codes" "$secs"
run_wrk address serve-address.lua "$tmp/addresses" "$secs"

# The same encode run on a second server with one thread a core (the
# default is one a core but one): what the other thread gives here, where
# wrk takes the same cores.
cores=$(nproc)
"$vpc" serve --db "$db" --port 0 --port-file "$tmp/port2" --quiet --threads "$cores" \
    2> "$tmp/server2.err" &
pid2=$!
i=0
while [ ! -s "$tmp/port2" ] && alive "$pid2" && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
if [ -s "$tmp/port2" ]; then
    url1=$url
    url=http://127.0.0.1:$(cat "$tmp/port2")
    run_wrk "encode-$cores" serve-encode.lua "$tmp/points" "$secs"
    echo "           (encode-$cores: the server with --threads $cores)"
    url=$url1
fi
kill -TERM "$pid2" 2> /dev/null; wait "$pid2" 2> /dev/null || true

# --- A batch of 1,000,000 rows: the server and the tool. ------------------
# Points within about 50 m of the points above (fixed seed), a few more than
# needed; those in no ward (the tool says so) are left out.
awk -v n="$((rows + rows / 50))" 'BEGIN { srand(20250701) } { lat[NR] = $1; lon[NR] = $2 }
    END { print "lat,lon"
        for (i = 1; i <= n; i++) { k = 1 + int(rand() * NR)
            printf "%.6f,%.6f\n", lat[k] + (rand() - 0.5) * 0.001, lon[k] + (rand() - 0.5) * 0.001 } }' \
    "$tmp/points" > "$tmp/near.csv"
"$vpc" --db "$db" encode --input "$tmp/near.csv" 2> /dev/null |
    awk -F, -v n="$rows" 'NR == 1 { print "lat,lon"; next } $NF == "ok" && ++k <= n { print $1 "," $2 }' \
    > "$tmp/batch.csv" || true
rm -f "$tmp/near.csv"
echo "batch      $(($(wc -l < "$tmp/batch.csv") - 1)) rows, $(wc -c < "$tmp/batch.csv") bytes (CSV), near the points above, all in a ward"
t0=$(now)
http=$(curl -sS --data-binary @"$tmp/batch.csv" -H 'Content-Type: text/csv' -D "$tmp/batch.headers" \
    -o "$tmp/batch-server.csv" -w '%{http_code}' "$url/v1/batch/encode" 2> "$tmp/curl.err") || http="curl failed: $(cat "$tmp/curl.err")"
t1=$(now)
"$vpc" --db "$db" encode --input "$tmp/batch.csv" > "$tmp/batch-cli.csv" 2> "$tmp/cli.err" || true
t2=$(now)
hrows=$(tr -d '\r' < "$tmp/batch.headers" | awk -F ': *' 'tolower($1) == "x-vpostcode-rows" { print $2 }')
hfailed=$(tr -d '\r' < "$tmp/batch.headers" | awk -F ': *' 'tolower($1) == "x-vpostcode-failed" { print $2 }')
nrows=$(($(wc -l < "$tmp/batch.csv") - 1))
echo "$nrows $t0 $t1 $t2" | awk -v http="$http" -v r="${hrows:-?}" -v f="${hfailed:-?}" '{
    s = $3 - $2; c = $4 - $3
    printf "server     %.2f s, %.0f rows/s (HTTP %s, X-Vpostcode-Rows %s, X-Vpostcode-Failed %s)\n", s, $1 / s, http, r, f
    printf "tool       %.2f s, %.0f rows/s (vpostcode encode --input)\n", c, $1 / c
    printf "target     the server within 2x of the tool: %.2fx (%s)\n", s / c, (s <= 2 * c) ? "met" : "NOT met" }'
echo "           tool: $(tail -n 1 "$tmp/cli.err")"
if cmp -s "$tmp/batch-server.csv" "$tmp/batch-cli.csv"; then same=identical; else same=DIFFERENT; fi
echo "outputs    server and tool: $same ($(wc -l < "$tmp/batch-server.csv") and $(wc -l < "$tmp/batch-cli.csv") lines)"
rm -f "$tmp/batch.csv" "$tmp/batch-server.csv" "$tmp/batch-cli.csv"

# --- Memory: VmRSS every second during a long encode run. ----------------
"$wrk" -t2 -c64 -d"$memsecs"s --latency -s "$here/serve-encode.lua" "$url" -- "$tmp/points" \
    > "$tmp/wrk-memory.out" 2>&1 &
wpid=$!
: > "$tmp/rss"
i=0
while alive "$wpid" && [ $i -le $((memsecs + 30)) ]; do
    rss >> "$tmp/rss"
    sleep 1; i=$((i + 1))
done
alive "$wpid" && kill "$wpid" 2> /dev/null
wait "$wpid" 2> /dev/null || true
wpid=
rss >> "$tmp/rss"
wrk_figures memory "$tmp/wrk-memory.out"
awk 'NF { v[++n] = $1; if ($1 > max) max = $1 }
    END { if (!n) { print "memory     no samples"; exit }
        printf "memory     VmRSS over %d samples, 1 a second: first %.1f MiB, max %.1f MiB, last %.1f MiB; growth %+d kB, first to last (%+d kB to the max)\n",
            n, v[1] / 1024, max / 1024, v[n] / 1024, v[n] - v[1], max - v[1] }' "$tmp/rss"

# --- SIGTERM: a graceful stop, exit status 0. -----------------------------
kill -TERM "$pid"
i=0
while alive "$pid" && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
if alive "$pid"; then
    echo "stop       the server did not exit within 30 s of SIGTERM: killed"
    kill -KILL "$pid" 2> /dev/null || true
fi
rc=0
wait "$pid" || rc=$?
pid=
if [ $rc -eq 0 ]; then echo "stop       SIGTERM: exit status 0"; else echo "stop       SIGTERM: exit status $rc (NOT 0)"; fi
