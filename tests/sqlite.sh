#!/bin/sh
# sqlite.sh - the SQL functions, through the sqlite3 shell as a user runs
# them: the extension loaded into plain sqlite3 and next to SpatiaLite,
# UPDATE over a real table of orders, and the answers compared with the
# vpostcode tool (a separate process), with the well-known places of
# tests/places.inc, and with SpatiaLite's own geometry functions.
set -u
b=${VPC_BUILDDIR:?} s=${VPC_SRCDIR:?} db=${VPOSTCODE_DB:?}
ext=$b/bindings/sqlite/.libs/vpostcode
vpc=$b/tools/vpostcode
command -v sqlite3 > /dev/null || { echo "sqlite3 shell not installed"; exit 77; }
. "$s/tests/hostenv.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
orders=$tmp/orders.sqlite
pass=0 fail=0

# sql [sqlite3 options] SQL: run in the orders database; sqlx: the same
# with the extension loaded
sql() {
    opts=
    while [ $# -gt 1 ]; do opts="$opts $1"; shift; done
    host sqlite3 -bail -batch $opts "$orders" "$1" < /dev/null 2>&1
}
sqlx() {
    opts=
    while [ $# -gt 1 ]; do opts="$opts $1"; shift; done
    printf '.load %s\n%s\n' "$ext" "$1" | host sqlite3 -bail -batch $opts "$orders" 2>&1
}
spatial() {
    printf '.load mod_spatialite\n.load %s\n%s\n' "$ext" "$1" | host sqlite3 -bail -batch "$orders" 2>&1
}
expect() { # NAME EXPECTED ACTUAL
    if [ "$2" = "$3" ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        printf 'FAIL %s\n  expected: %s\n  actual:   %s\n' "$1" "$2" "$3"
    fi
}

# ---- a table of orders: the well-known places, and points spread over
# ---- every ward's bounding box (some at sea, some in a neighbour)
sed -n "s/^{\"\([^\"]*\)\", \([0-9.]*\), \([0-9.]*\), \"\([0-9]*\)\", \"\([0-9]*\)\".*/INSERT INTO places VALUES('\1', \2, \3, '\4', '\5');/p" \
    "$s/tests/places.inc" > "$tmp/places.sql"
nplaces=$(wc -l < "$tmp/places.sql")
{
    echo "CREATE TABLE places (name TEXT, lat REAL, lon REAL, ward TEXT, postal TEXT);"
    cat "$tmp/places.sql"
    cat <<EOF
ATTACH 'file:$db?mode=ro&immutable=1' AS w;
CREATE TABLE orders (id INTEGER PRIMARY KEY, lat REAL, lon REAL, vpostcode TEXT);
INSERT INTO orders (lat, lon) SELECT lat, lon FROM places;
INSERT INTO orders (lat, lon)
  SELECT round(min_lat + (max_lat - min_lat) * ((x.rowid * 7919 + k * 104729) % 997) / 997.0, 7),
         round(min_lon + (max_lon - min_lon) * ((x.rowid * 6007 + k * 15485863) % 991) / 991.0, 7)
  FROM w.wards AS x, (SELECT 1 AS k UNION ALL SELECT 2) ORDER BY x.rowid, k;
INSERT INTO orders (lat, lon) VALUES (12.0, 112.0), (10.0, 100.0), (30.0, 130.0);
EOF
} | host sqlite3 -bail "$orders" || { echo "FAIL: cannot create the orders table"; exit 1; }
norders=$(sql "SELECT count(*) FROM orders")
echo "orders: $norders rows ($nplaces well-known places)"

# ---- UPDATE over the real table
out=$(sqlx "UPDATE orders SET vpostcode = vpc_encode(lat, lon); SELECT changes();")
expect "UPDATE orders SET vpostcode = vpc_encode(lat, lon)" "$norders" "$out"

# the well-known places: their ward, postal code and code prefix
out=$(sqlx "SELECT count(*) FROM places p JOIN orders o ON o.lat = p.lat AND o.lon = p.lon
            WHERE vpc_ward(o.lat, o.lon) = p.ward AND vpc_postal_code(o.lat, o.lon) = p.postal
              AND substr(o.vpostcode, 1, 5) = p.postal AND vpc_ward(o.vpostcode) = p.ward")
expect "well-known places: ward, postal code, code" "$nplaces" "$out"
out=$(sqlx "SELECT vpc_ward_name(vpc_ward(21.0287, 105.8490)) || ', ' || vpc_province_name('00070')")
expect "vpc_ward_name, vpc_province_name" "Phường Hoàn Kiếm, Thành phố Hà Nội" "$out"

# ---- the same rows through the vpostcode tool
sql -csv -header "SELECT id, lat, lon FROM orders ORDER BY id" > "$tmp/points.csv"
"$vpc" encode --db "$db" --input "$tmp/points.csv" 2> /dev/null |
    awk -F, 'NR > 1 { print $1 "," $4 "," $NF }' > "$tmp/cli.txt"
printf '.load %s\nSELECT id, vpostcode, CASE WHEN vpostcode IS NULL THEN vpc_status(lat, lon) ELSE %s END FROM orders ORDER BY id;\n' \
    "$ext" "'ok'" | host sqlite3 -bail -csv "$orders" > "$tmp/sql.txt" 2>&1
if cmp -s "$tmp/cli.txt" "$tmp/sql.txt" && [ "$(wc -l < "$tmp/cli.txt")" -eq "$norders" ]; then
    pass=$((pass + 1))
else
    fail=$((fail + 1))
    echo "FAIL: vpc_encode and 'vpostcode encode --input' differ"
    diff "$tmp/cli.txt" "$tmp/sql.txt" | head -n 10
fi
coded=$(sql "SELECT count(*) FROM orders WHERE vpostcode IS NOT NULL")
out=$(sqlx "SELECT count(*) FROM orders WHERE vpostcode IS NULL
              AND vpc_status(lat, lon) IN ('VPC_E_NO_WARD', 'VPC_E_OUTSIDE_VIETNAM')")
expect "NULL exactly for points in no ward" "$((norders - coded))" "$out"
echo "encoded: $coded of $norders"

# ---- decoding: the cell holds the point, the ward is the point's
out=$(sqlx "SELECT count(*) FROM orders WHERE vpostcode IS NOT NULL
              AND abs(vpc_decode_lat(vpostcode) - lat) <= 0.000125 / 5 / 2 + 1e-9
              AND abs(vpc_decode_lon(vpostcode) - lon) <= 0.000125 / 4 / 2 + 1e-9
              AND vpc_ward(vpostcode) = vpc_ward(lat, lon)
              AND vpc_postal_code(vpostcode) = vpc_postal_code(lat, lon)
              AND vpc_convert(vpostcode) = vpostcode
              AND vpc_is_valid(vpostcode) AND vpc_status(vpostcode) = 'VPC_OK'")
expect "decode, ward and convert of every code" "$coded" "$out"
out=$(sqlx "SELECT count(*) FROM orders WHERE vpostcode IS NOT NULL
              AND vpc_normalize(vpc_encode(lat, lon, 'display check')) = vpc_encode(lat, lon, 'check')
              AND substr(vpc_encode(lat, lon, 'check'), 1, 12) = vpostcode
              AND length(vpc_encode(lat, lon, 'long')) = 16")
expect "encode options: display, check, long" "$coded" "$out"

# deterministic functions serve in indexes and generated columns
out=$(sqlx "CREATE INDEX orders_ward ON orders (vpc_ward(vpostcode));
            ALTER TABLE orders ADD COLUMN postal TEXT GENERATED ALWAYS AS (vpc_postal_code(lat, lon));
            SELECT count(*) FROM orders WHERE postal = substr(vpostcode, 1, 5);")
expect "index on an expression, generated column" "$coded" "$out"

# ---- SpatiaLite: the cell as a geometry
out=$(spatial "SELECT count(*) FROM orders WHERE vpostcode IS NOT NULL
                 AND IsValid(vpc_cell(vpostcode)) AND ST_SRID(vpc_cell(vpostcode)) = 4326
                 AND GeometryType(vpc_cell(vpostcode)) = 'POLYGON'
                 AND ST_Intersects(MakePoint(lon, lat, 4326), vpc_cell(vpostcode))
                 AND ST_Equals(vpc_cell(vpostcode), GeomFromText(vpc_cell_wkt(vpostcode), 4326))
                 AND MbrMinY(vpc_cell(vpostcode)) <= lat AND MbrMaxY(vpc_cell(vpostcode)) >= lat;")
expect "vpc_cell is a valid SpatiaLite polygon holding the point" "$coded" "$out"
# the cell of 7PH72RHX+FJJ: 21.0287..21.028725 N, 105.849..105.84903125 E
out=$(spatial "SELECT MbrMinX(g) = 105.849, MbrMaxX(g) = 105.84903125, MbrMinY(g) = 21.0287,
                      MbrMaxY(g) = 21.028725, ST_NumPoints(ST_ExteriorRing(g)), ST_Area(g) > 0
               FROM (SELECT vpc_cell('11024 2RHX+FJJ') AS g)")
expect "vpc_cell of Nhà thờ Lớn" "1|1|1|1|5|1" "$out"
out=$(sqlx "SELECT vpc_cell_wkt('11024 2RHX+FJJ')")
expect "vpc_cell_wkt of Nhà thờ Lớn" \
    "POLYGON((105.849 21.0287, 105.84903125 21.0287, 105.84903125 21.028725, 105.849 21.028725, 105.849 21.0287))" \
    "$out"
# the ward polygons of the database agree with vpc_ward (ST_Contains)
out=$(spatial "ATTACH 'file:$db?mode=ro&immutable=1' AS w;
    SELECT count(*), sum(vpc_ward(o.lat, o.lon) IS (
        SELECT x.code FROM w.wards x WHERE x.rowid IN (
            SELECT pkid FROM w.idx_wards_geom
            WHERE xmin <= o.lon AND xmax >= o.lon AND ymin <= o.lat AND ymax >= o.lat)
          AND ST_Contains(x.geom, MakePoint(o.lon, o.lat, 4326)) ORDER BY x.code LIMIT 1))
    FROM orders o WHERE o.id % 3 = 0;")
n=${out%%|*}
expect "vpc_ward agrees with SpatiaLite ST_Contains on the ward polygons ($n points)" "$n|$n" "$out"

# ---- NULLs, and errors as SQL errors with the library's message
out=$(sqlx "SELECT quote(vpc_encode(NULL, 1)), quote(vpc_decode_lat(NULL)), quote(vpc_ward(NULL)),
                   quote(vpc_convert(NULL)), quote(vpc_encode(10.0, 100.0)), quote(vpc_ward(12.0, 112.0)),
                   quote(vpc_postal_code(12.0, 112.0)), quote(vpc_ward_name('99999')),
                   vpc_is_valid('11024 2RHX+FJJ-3'), vpc_status('11024 2RHX+FJJ-3'),
                   vpc_status('99999 2RHX+FJJ'), vpc_status(10.0, 100.0), vpc_status('x', 1)")
expect "NULL results and vpc_status" \
    "NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|0|VPC_E_CHECK_CHARACTER|VPC_E_UNKNOWN_POSTAL_CODE|VPC_E_OUTSIDE_VIETNAM|VPC_E_INVALID_ARGUMENT" \
    "$out"
# the message alone, without the shell's "Runtime error near line 2: "
message() {
    sed 's/^Runtime error near line [0-9]*: //; s/^Error: stepping, //; s/^Error: error during initialization: //; s/^Error: //'
}
err() { # NAME EXPECTED-ERROR SQL
    out=$(sqlx "SELECT $3;" | message)
    expect "$1" "$2" "$out"
}
err "latitude out of range" "vpc_encode: latitude outside [-90, 90] (VPC_E_LATITUDE_RANGE)" "vpc_encode(91, 105)"
err "longitude out of range" "vpc_encode: longitude outside [-180, 180] (VPC_E_LONGITUDE_RANGE)" "vpc_encode(21, 181)"
err "infinite latitude" "vpc_encode: coordinate is NaN or infinite (VPC_E_NOT_FINITE)" "vpc_encode(1e999, 105)"
err "text latitude" "vpc_encode: latitude is not a number" "vpc_encode('21 N', 105)"
err "BLOB longitude" "vpc_ward: longitude is not a number" "vpc_ward(21, x'00')"
err "unknown option" 'vpc_encode: unknown option "short" (long, check, display)' "vpc_encode(21.0287, 105.849, 'short')"
err "wrong check character" "vpc_decode_lat: check character does not match (VPC_E_CHECK_CHARACTER)" \
    "vpc_decode_lat('11024 2RHX+FJJ-3')"
err "code too short" "vpc_decode_lon: wrong code length (12, 13, 16 or 17 characters) (VPC_E_CODE_LENGTH)" "vpc_decode_lon('11024 2RHX')"
err "unknown postal code" "vpc_ward: no ward has this postal code (VPC_E_UNKNOWN_POSTAL_CODE)" "vpc_ward('99999 2RHX+FJJ')"
err "NUL inside the text" "vpc_cell: the text holds a NUL character (VPC_E_BAD_CHARACTER)" \
    "vpc_cell('110242RHXFJJ' || char(0) || 'X')"
err "BLOB code" "vpc_normalize: a code must be text, not a BLOB" "vpc_normalize(x'3131303234')"
err "normalize a bad code" "vpc_normalize: character not allowed at this position (VPC_E_BAD_CHARACTER)" \
    "vpc_normalize('11024 2RHX+FJA')"
err "unknown scheme" 'vpc_convert: the scheme is "current" or "legacy"' "vpc_convert('110242RHXFJJ', 'old')"
err "1 MB of text" "vpc_decode_lat: wrong code length (12, 13, 16 or 17 characters) (VPC_E_CODE_LENGTH)" \
    "vpc_decode_lat(printf('%.*c', 1000000, '2'))"
out=$(sqlx "SELECT vpc_normalize(' 11024-2rhx+fjj '), vpc_normalize('110242RHXFJJ', 'display'), vpc_encode(' 21.0287 ', 105.849)")
expect "vpc_normalize; numbers given as text" "110242RHXFJJ|11024 2RHX+FJJ|110242RHXFJJ" "$out"

# ---- codes of before 2025 (with a database that has the pre-2025 tables)
if [ "$(sql "ATTACH 'file:$db?mode=ro&immutable=1' AS w; SELECT count(*) FROM w.sqlite_master WHERE name = 'legacy_postal'")" = 1 ]; then
    # old codes: the postal code of a commune a ward was made from, with the
    # location of a point in that ward; the tool must convert them alike
    sqlx "ATTACH 'file:$db?mode=ro&immutable=1' AS w;
          CREATE TABLE old AS SELECT o.id, lp.postal_code || substr(o.vpostcode, 6) AS code
          FROM orders o JOIN w.legacy_map m ON m.new_code = vpc_ward(o.vpostcode)
          JOIN w.legacy_postal lp ON lp.commune_code = m.old_code
          WHERE o.vpostcode IS NOT NULL AND length(o.vpostcode) = 12 AND o.id % 7 = 0
          GROUP BY o.id;" > /dev/null
    sql -csv -header "SELECT id, code FROM old ORDER BY id" > "$tmp/old.csv"
    "$vpc" convert --db "$db" --input "$tmp/old.csv" 2> /dev/null |
        awk -F, 'NR > 1 { print $1 "," $3 }' > "$tmp/cli-old.txt"
    printf ".load %s\nSELECT id, CASE WHEN vpc_status(code) IN ('VPC_OK', 'VPC_W_OUTSIDE_WARD') THEN vpc_convert(code) ELSE '' END FROM old ORDER BY id;\n" \
        "$ext" | host sqlite3 -bail -csv "$orders" > "$tmp/sql-old.txt" 2>&1
    nold=$(wc -l < "$tmp/old.csv")
    if [ "$nold" -gt 100 ] && cmp -s "$tmp/cli-old.txt" "$tmp/sql-old.txt"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL: vpc_convert and 'vpostcode convert --input' differ ($nold old codes)"
        diff "$tmp/cli-old.txt" "$tmp/sql-old.txt" | head -n 10
    fi
    out=$(sqlx "SELECT vpc_convert('11006 2RHX+FJJ'), vpc_ward('11006 2RHX+FJJ'), vpc_convert('110062RHXFJJ', 'legacy')")
    expect "vpc_convert of Hàng Trống (11006)" "110242RHXFJJ|00070|110242RHXFJJ" "$out"
    echo "pre-2025 codes converted: $((nold - 1))"
else
    out=$(sqlx "SELECT vpc_convert('11006 2RHX+FJJ');" | message)
    expect "vpc_convert without the pre-2025 tables" \
        "vpc_convert: no ward has this postal code (VPC_E_UNKNOWN_POSTAL_CODE)" "$out"
fi

# ---- loading
out=$(printf '.load %s\n.load %s\nSELECT vpc_encode(21.0287, 105.849), vpc_database() = %s;\n' \
          "$ext" "$ext" "'$db'" | host sqlite3 -bail "$orders" 2>&1)
expect "loaded twice in one connection" "110242RHXFJJ|1" "$out"
out=$(printf ".load %s\nSELECT 1;\n" "$ext" | host env VPOSTCODE_DB=$tmp/missing.sqlite sqlite3 -bail :memory: 2>&1 | message)
expect "a missing database fails the load" \
    "vpostcode: cannot open $tmp/missing.sqlite: database file not found (VPC_E_DB_NOT_FOUND)" "$out"
head -c 4096 /dev/urandom > "$tmp/random.sqlite"
out=$(printf ".load %s\nSELECT 1;\n" "$ext" | host env VPOSTCODE_DB=$tmp/random.sqlite sqlite3 -bail :memory: 2>&1 | message)
expect "a corrupt database fails the load" \
    "vpostcode: cannot open $tmp/random.sqlite: database file is corrupt or not a vpostcode database (VPC_E_DB_CORRUPT)" \
    "$out"
out=$(printf "SELECT load_extension('%s');\nSELECT vpc_encode(21.0287, 105.849);\n" "$ext" |
          host sqlite3 -bail -cmd ".dbconfig load_extension on" :memory: 2>&1 | tail -n 1)
expect "load_extension() from SQL" "110242RHXFJJ" "$out"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
