#!/bin/sh
# buildindex.sh - vpc-buildindex (the tile index step of the database
# pipeline) on small synthetic databases: wards that touch, overlap, have a
# hole, or a second polygon; the pre-2025 district index; the refusals. In a
# build with --enable-sanitizers the program runs under AddressSanitizer and
# UndefinedBehaviorSanitizer, any report fatal (issue 11, finding 8: a qsort
# of an empty array with a NULL pointer).
set -u
b=${VPC_BUILDDIR:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
bi=$b/geodata/vpc-buildindex

if ! sqlite3 :memory: '.load mod_spatialite' > /dev/null 2>&1; then
    echo "SpatiaLite does not load into sqlite3: skipped"
    exit 77
fi

ok() { echo "ok   $1"; pass=$((pass + 1)); }
no() { echo "FAIL $1"; sed 's/^/    /' "$tmp/out"; fail=$((fail + 1)); }

# run NAME WANT-STATUS GREP-PATTERN ARGS...: vpc-buildindex ARGS exits with
# WANT-STATUS and its stdout + stderr has a line matching the pattern.
run() {
    name=$1 want=$2 pattern=$3
    shift 3
    "$bi" "$@" > "$tmp/out" 2>&1
    got=$?
    if [ "$got" -ne "$want" ]; then
        echo "  exit status $got, wanted $want" >> "$tmp/out"
        no "$name"
    elif ! grep -q -- "$pattern" "$tmp/out"; then
        echo "  no line matches: $pattern" >> "$tmp/out"
        no "$name"
    else
        ok "$name"
    fi
}

# mkdb FILE TABLE ROWS: a database with TABLE(code, geom) holding ROWS,
# each "code|WKT".
mkdb() {
    {
        echo ".load mod_spatialite"
        echo "CREATE TABLE $2 (code TEXT PRIMARY KEY, name TEXT, geom BLOB);"
        printf '%s\n' "$3" | while IFS='|' read -r code wkt; do
            [ -n "$code" ] && echo "INSERT INTO $2 VALUES ('$code', 'x', ST_GeomFromText('$wkt', 4326));"
        done
    } | sqlite3 -bail "$1" > "$tmp/mkdb.out" 2>&1 || { cat "$tmp/mkdb.out"; exit 1; }
}

# Four wards near Hà Nội: two squares sharing an edge, a square with a hole
# overlapping the second one, and a two-polygon ward with a tiny triangle.
wards='00001|MULTIPOLYGON(((105.80 21.00, 105.84 21.00, 105.84 21.04, 105.80 21.04, 105.80 21.00)))
00002|MULTIPOLYGON(((105.84 21.00, 105.88 21.00, 105.88 21.04, 105.84 21.04, 105.84 21.00)))
00003|MULTIPOLYGON(((105.86 21.02, 105.92 21.02, 105.92 21.07, 105.86 21.07, 105.86 21.02), (105.88 21.04, 105.90 21.04, 105.90 21.05, 105.88 21.05, 105.88 21.04)))
00004|MULTIPOLYGON(((105.70 20.90, 105.75 20.90, 105.75 20.95, 105.70 20.95, 105.70 20.90)), ((105.760001 20.960001, 105.7600015 20.960001, 105.7600015 20.9600012, 105.760001 20.960001)))'
mkdb "$tmp/wards.sqlite" wards "$wards"
run "index of 4 wards" 0 '^tile_index: 4 wards, 6 rings, ' "$tmp/wards.sqlite"
n=$(sqlite3 "$tmp/wards.sqlite" "SELECT count(*) FROM tile_index WHERE length(data) > 0")
[ "$n" -ge 9 ] && ok "tile_index rows stored ($n)" || { echo "$n rows" > "$tmp/out"; no "tile_index rows stored"; }
run "index built again, replacing the first" 0 '^tile_index: 4 wards' "$tmp/wards.sqlite"
run "other zooms and leaf sizes" 0 'max zoom 20; at most 4 edges a leaf' "$tmp/wards.sqlite" 12 20 4

# The pre-2025 districts: none in this database, then some.
run "--districts without legacy_districts" 0 'no table legacy_districts, nothing to do' \
    --districts "$tmp/wards.sqlite"
mkdb "$tmp/districts.sqlite" legacy_districts "$wards"
run "--districts" 0 '^legacy_tile_index: 4 districts' --districts "$tmp/districts.sqlite"

# Refusals.
mkdb "$tmp/empty.sqlite" wards ''
run "no wards" 1 'no wards' "$tmp/empty.sqlite"
mkdb "$tmp/point.sqlite" wards '00001|POINT(105.8 21.0)'
run "a geometry that is not a MultiPolygon" 1 'wards 00001: unreadable geometry' "$tmp/point.sqlite"
run "bad zooms" 2 'need 4 <= BASE_ZOOM' "$tmp/wards.sqlite" 15 14
run "no database" 2 '^usage: ' 
run "a database that does not exist" 1 'vpc-buildindex: ' "$tmp/none/x.sqlite"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
