#!/bin/sh
# sqlite.sh - the SQL functions, through the sqlite3 shell as a user runs
# them: the extension loaded into plain sqlite3 and next to SpatiaLite,
# UPDATE over a real table of orders, and the answers compared with the
# vpostcode tool (a separate process), with the well-known places of
# tests/places.inc, and with SpatiaLite's own geometry functions. Loading
# into a connection to the vpostcode SQLite database checks that the
# runtime file was built from it.
set -u
b=${VPC_BUILDDIR:?} s=${VPC_SRCDIR:?} db=${VPOSTCODE_DB:?}
sqldb=${VPOSTCODE_SQLITE:?} # the SQLite database $db was built from: its tables, for comparisons
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
ATTACH 'file:$sqldb?mode=ro&immutable=1' AS w;
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
              AND vpc_is_valid(vpostcode) AND vpc_status(vpostcode) = 'ok'")
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
out=$(spatial "ATTACH 'file:$sqldb?mode=ro&immutable=1' AS w;
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
# addresses: facts of the source data (00070 Phường Hoàn Kiếm, postal code
# 11024; the pre-2025 Phường Dịch Vọng went into 00160 and 00166; the point
# lies in 00166)
lexicon=$(sqlx "SELECT vpc_address_status('Phường Hoàn Kiếm, Hà Nội');")
case $lexicon in *VPC_E_NO_LEXICON*) lexicon= ;; esac
if [ -n "$lexicon" ]; then
    out=$(sqlx "SELECT vpc_address_ward('40 Nhà Chung, Phường Hoàn Kiếm, Hà Nội'),
                      vpc_address_postal_code('40 nha chung p hoan kiem hn'),
                      vpc_address_format('40 nha chung, phuong hoan kiem, ha noi'),
                      vpc_address_format('40 Nhà Chung, Phường Hoàn Kiếm, Hà Nội', 'ascii'),
                      vpc_address_status(''), vpc_address_ward('London') IS NULL,
                      vpc_address_status('221B Baker Street, London');")
    expect "vpc_address_ward, _postal_code, _format, _status" \
        "00070|11024|40 nha chung, Phường Hoàn Kiếm, Thành phố Hà Nội|40 Nha Chung, Phuong Hoan Kiem, Thanh pho Ha Noi|VPC_E_ADDRESS_EMPTY|1|VPC_E_ADDRESS_NOT_FOUND" "$out"
    if [ "$(sqlx "SELECT vpc_address_status('Phường Dịch Vọng, Quận Cầu Giấy, Hà Nội');")" = VPC_E_ADDRESS_SPLIT ]; then
        out=$(sqlx "SELECT vpc_address_candidates('Phường Dịch Vọng, Quận Cầu Giấy, Hà Nội'),
                          vpc_address_ward('Phường Dịch Vọng, Quận Cầu Giấy, Hà Nội') IS NULL,
                          vpc_address_ward('Phường Dịch Vọng, Quận Cầu Giấy, Hà Nội', 21.0365, 105.7935);")
        expect "a divided pre-2025 commune: every ward, or the point's" "00160|00166|1|00166" "$out"
    else
        echo "SKIP the pre-2025 address: the database has no pre-2025 names"
    fi
    out=$(sqlx "SELECT json_extract(vpc_ward_search('hoan kiem'), '\$[0].code'),
                      json_array_length(vpc_ward_search('hoan kiem', '79')),
                      vpc_ward_search('hoan kiem', '00') IS NULL;")
    expect "vpc_ward_search" "00070|0|1" "$out"
else
    echo "SKIP the address functions: the database has no address lexicon ($lexicon)"
fi

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

# ---- status text: 'ok' for success, never 'VPC_OK' (docs/CONVENTIONS.md)
out=$(sqlx "SELECT vpc_status('11024 2RHX+FJJ'), vpc_status(21.0287, 105.849), vpc_status('11024 2RHX+FJJ-3'),
                   count(*) FROM orders WHERE vpc_status(lat, lon) = 'VPC_OK'")
expect "vpc_status says ok for success" "ok|ok|VPC_E_CHECK_CHARACTER|0" "$out"

# ---- points in no ward: VPC_E_NO_WARD within 12 nautical miles (22,224 m)
# ---- of a ward, VPC_E_OUTSIDE_VIETNAM farther (abroad, open sea)
for p in "Phnom Penh:11.5564, 104.9282" "Vientiane:17.9757, 102.6331" "Bangkok:13.7563, 100.5018" \
         "open sea east of Hoàng Sa:18.0, 116.0"; do
    out=$(sqlx "SELECT vpc_status(${p#*:}), quote(vpc_encode(${p#*:})), quote(vpc_ward(${p#*:}))")
    expect "vpc_status of ${p%%:*}" "VPC_E_OUTSIDE_VIETNAM|NULL|NULL" "$out"
done
for p in "a Đà Nẵng beach:16.0544, 108.2500" "Woody Island (Hoàng Sa):16.8344, 112.3389"; do
    out=$(sqlx "SELECT vpc_status(${p#*:}), quote(vpc_encode(${p#*:})), quote(vpc_postal_code(${p#*:}))")
    expect "vpc_status of ${p%%:*}" "VPC_E_NO_WARD|NULL|NULL" "$out"
done

# ---- GSO codes, province codes and codes are text: a number is refused,
# ---- never padded (70 is not '00070')
err "vpc_ward_name of an integer" \
    "vpc_ward_name: a GSO code is text of 5 digits, e.g. '00070', not the number 70 (VPC_E_INVALID_ARGUMENT)" \
    "vpc_ward_name(70)"
err "vpc_province_name of a real" \
    "vpc_province_name: a GSO code is text of 5 digits, e.g. '00070', not the number 70.0 (VPC_E_INVALID_ARGUMENT)" \
    "vpc_province_name(70.0)"
err "vpc_ward_geojson of an integer" \
    "vpc_ward_geojson: a GSO code is text of 5 digits, e.g. '00070', not the number 70 (VPC_E_INVALID_ARGUMENT)" \
    "vpc_ward_geojson(70)"
err "vpc_wards of an integer" \
    "vpc_wards: a province code is text of 2 digits, e.g. '01', not the number 1 (VPC_E_INVALID_ARGUMENT)" \
    "vpc_wards(1)"
err "vpc_province_geojson of an integer" \
    "vpc_province_geojson: a province code is text of 2 digits, e.g. '01', not the number 1 (VPC_E_INVALID_ARGUMENT)" \
    "vpc_province_geojson(1)"
# a code whose postal code begins with 0 (Quảng Ninh) loses it as a number
for f in vpc_decode_lat vpc_decode_lon vpc_cell vpc_cell_wkt vpc_ward vpc_postal_code vpc_convert vpc_normalize; do
    err "$f of an integer" \
        "$f: a code is text, e.g. '11024 2RHX+FJJ', not the number 11142222222 (VPC_E_INVALID_ARGUMENT)" \
        "$f(11142222222)"
done
out=$(sqlx "SELECT vpc_status(11142222222), vpc_is_valid(11142222222), vpc_status('011142222222') <> 'VPC_E_INVALID_ARGUMENT',
                   vpc_ward_name('00070'), quote(vpc_ward_name('70')), quote(vpc_ward_name('99999')),
                   quote(vpc_ward_name(NULL))")
expect "numbers in vpc_status and vpc_is_valid; text as before" \
    "VPC_E_INVALID_ARGUMENT|0|1|Phường Hoàn Kiếm|NULL|NULL|NULL" "$out"
out=$(sqlx "SELECT count(*) FROM orders WHERE vpostcode IS NOT NULL AND vpc_ward_name(vpc_ward(vpostcode)) IS NULL")
expect "vpc_ward_name of every ward" "0" "$out"

# ---- lists as JSON, for json_each
nward=$(sql "ATTACH 'file:$sqldb?mode=ro&immutable=1' AS w; SELECT count(*) FROM w.wards")
nprov=$(sql "ATTACH 'file:$sqldb?mode=ro&immutable=1' AS w; SELECT count(*) FROM w.provinces")
out=$(sqlx "SELECT json_valid(vpc_provinces()), json_array_length(vpc_provinces()),
                   (SELECT sum(value->>'wards') FROM json_each(vpc_provinces()))")
expect "vpc_provinces(): every province, every ward counted" "1|$nprov|$nward" "$out"
out=$(sqlx "SELECT value->>'code', value->>'name', value->>'name_ascii', value->'postal_prefixes', value->>'wards'
            FROM json_each(vpc_provinces()) WHERE value->>'code' = '01'")
expect "vpc_provinces(): Hà Nội" \
    "01|Thành phố Hà Nội|Thanh pho Ha Noi|[\"10\",\"11\",\"12\",\"13\",\"14\"]|$(sql "ATTACH 'file:$sqldb?mode=ro&immutable=1' AS w; SELECT count(*) FROM w.wards WHERE province_code = '01'")" \
    "$out"
out=$(sqlx "SELECT value->>'code', value->>'postal_code', value->>'name', value->>'name_ascii', value->>'type'
            FROM json_each(vpc_wards('01')) WHERE value->>'name' = 'Phường Hoàn Kiếm'")
expect "vpc_wards('01'): Hoàn Kiếm" "00070|11024|Phường Hoàn Kiếm|Phuong Hoan Kiem|phường" "$out"
sql -separator '|' "ATTACH 'file:$sqldb?mode=ro&immutable=1' AS w;
    SELECT code, postal_code, name, name_ascii, unit_type FROM w.wards ORDER BY province_code, code" > "$tmp/wards-db.txt"
sqlx -separator '|' "SELECT w.value->>'code', w.value->>'postal_code', w.value->>'name', w.value->>'name_ascii', w.value->>'type'
    FROM json_each(vpc_provinces()) p, json_each(vpc_wards(p.value->>'code')) w" > "$tmp/wards-sql.txt"
if [ "$(wc -l < "$tmp/wards-db.txt")" -eq "$nward" ] && cmp -s "$tmp/wards-db.txt" "$tmp/wards-sql.txt"; then
    pass=$((pass + 1))
else
    fail=$((fail + 1))
    echo "FAIL: vpc_wards() of every province differs from the database's wards"
    diff "$tmp/wards-db.txt" "$tmp/wards-sql.txt" | head -n 5
fi
out=$(sqlx "SELECT quote(vpc_wards('99')), quote(vpc_wards('1')), quote(vpc_wards(NULL))")
expect "vpc_wards of an unknown province" "NULL|NULL|NULL" "$out"

# ---- GeoJSON of a ward and of a province
out=$(sqlx "SELECT json_valid(g), g->>'type', g->>'\$.properties.code', g->>'\$.properties.postal_code',
                   g->>'\$.geometry.type'
            FROM (SELECT vpc_ward_geojson('00070') AS g)")
expect "vpc_ward_geojson('00070')" "1|Feature|00070|11024|MultiPolygon" "$out"
out=$(sqlx "SELECT json_valid(g), g->>'type', json_array_length(g, '\$.features') = json_array_length(vpc_wards('01')),
                   g->>'\$.features[0].properties.code' = vpc_wards('01')->>'\$[0].code'
            FROM (SELECT vpc_province_geojson('01') AS g)")
expect "vpc_province_geojson('01')" "1|FeatureCollection|1|1" "$out"
out=$(sqlx "SELECT quote(vpc_ward_geojson('99999')), quote(vpc_province_geojson('99')), quote(vpc_ward_geojson(NULL))")
expect "GeoJSON of unknown codes" "NULL|NULL|NULL" "$out"
out=$(spatial "SELECT ST_Contains(g, MakePoint(105.849, 21.0287, 4326)), ST_Contains(g, MakePoint(105.0, 21.0287, 4326)),
                      GeometryType(g)
               FROM (SELECT SetSRID(GeomFromGeoJSON(vpc_ward_geojson('00070')->'geometry'), 4326) AS g)")
expect "vpc_ward_geojson reads in SpatiaLite and holds Nhà thờ Lớn" "1|0|MULTIPOLYGON" "$out"

# ---- nearest-ward mode (opt-in, with a maximum distance in metres)
err "nearest: a negative distance" \
    "vpc_encode_nearest: max_metres is a distance in metres from 0 to 22224 (VPC_E_INVALID_ARGUMENT)" \
    "vpc_encode_nearest(16.0544, 108.25, -1)"
err "nearest: more than 12 nautical miles" \
    "vpc_nearest_distance: max_metres is a distance in metres from 0 to 22224 (VPC_E_INVALID_ARGUMENT)" \
    "vpc_nearest_distance(16.0544, 108.25, 30000)"
err "nearest: a distance that is not a number" "vpc_encode_nearest: max_metres is not a number" \
    "vpc_encode_nearest(16.0544, 108.25, '500 m')"
err "nearest: an unknown option" 'vpc_encode_nearest: unknown option "short" (long, check, display)' \
    "vpc_encode_nearest(16.0544, 108.25, 500, 'short')"
out=$(sqlx "SELECT quote(vpc_encode_nearest(NULL, 108.25, 500)), quote(vpc_nearest_distance(16.0544, 108.25, NULL)),
                   vpc_status(16.0544, 108.25, -1), vpc_status(16.0544, 108.25, 'x')")
expect "nearest: NULLs; vpc_status of a bad distance" "NULL|NULL|VPC_E_INVALID_ARGUMENT|VPC_E_INVALID_ARGUMENT" "$out"
if [ "$(sqlx "SELECT vpc_status(21.0287, 105.849, 0)")" = VPC_E_INVALID_ARGUMENT ]; then
    # vpc_lookup_nearest / vpc_encode_nearest are not implemented in this
    # library yet: say so loudly rather than pass quietly
    fail=$((fail + 1))
    echo "FAIL: nearest-ward mode: the library's vpc_encode_nearest is not implemented (VPC_E_INVALID_ARGUMENT for a valid call)"
else
    out=$(sqlx "SELECT count(*) FROM orders WHERE vpostcode IS NOT NULL
                  AND vpc_encode_nearest(lat, lon, 0) = vpostcode AND vpc_nearest_distance(lat, lon, 100) = 0
                  AND vpc_status(lat, lon, 100) = 'ok' AND vpc_encode_nearest(lat, lon, 100, 'display check')
                      = vpc_encode(lat, lon, 'display check')")
    expect "nearest: a point in a ward is its ward, distance 0" "$coded" "$out"
    out=$(sqlx "SELECT vpc_status(16.0544, 108.25, 500), vpc_nearest_distance(16.0544, 108.25, 500) BETWEEN 0.001 AND 500,
                       vpc_ward(vpc_encode_nearest(16.0544, 108.25, 500)) IS NOT NULL,
                       vpc_status(vpc_encode_nearest(16.0544, 108.25, 500)),
                       quote(vpc_encode_nearest(16.0544, 108.25, 0)), quote(vpc_nearest_distance(16.0544, 108.25, 0)),
                       vpc_status(16.0544, 108.25, 0)")
    expect "nearest: a Đà Nẵng beach at 500 m" \
        "VPC_W_NEAREST_WARD|1|1|VPC_W_OUTSIDE_WARD|NULL|NULL|VPC_E_NO_WARD" "$out"
    out=$(sqlx "SELECT vpc_status(16.8344, 112.3389, 2000), vpc_nearest_distance(16.8344, 112.3389, 2000) BETWEEN 1000 AND 2000,
                       vpc_ward(vpc_encode_nearest(16.8344, 112.3389, 2000)),
                       vpc_ward_name(vpc_ward(vpc_encode_nearest(16.8344, 112.3389, 2000))),
                       length(vpc_encode_nearest(16.8344, 112.3389, 2000)),
                       quote(vpc_encode_nearest(16.8344, 112.3389, 500)), vpc_status(16.8344, 112.3389, 500)")
    expect "nearest: Woody Island at 2000 m is Hoàng Sa" \
        "VPC_W_NEAREST_WARD|1|20333|Đặc khu Hoàng Sa|16|NULL|VPC_E_NO_WARD" "$out"
    out=$(sqlx "SELECT quote(vpc_encode_nearest(11.5564, 104.9282, 22224)), vpc_status(11.5564, 104.9282, 22224)")
    expect "nearest: Phnom Penh is outside Vietnam at any distance" "NULL|VPC_E_OUTSIDE_VIETNAM" "$out"
fi

# ---- codes of before 2025 (with a database that has the pre-2025 tables)
if [ "$(sql "ATTACH 'file:$sqldb?mode=ro&immutable=1' AS w; SELECT count(*) FROM w.sqlite_master WHERE name = 'legacy_postal'")" = 1 ]; then
    # old codes: the postal code of a commune a ward was made from, with the
    # location of a point in that ward; the tool must convert them alike
    sqlx "ATTACH 'file:$sqldb?mode=ro&immutable=1' AS w;
          CREATE TABLE old AS SELECT o.id, lp.postal_code || substr(o.vpostcode, 6) AS code
          FROM orders o JOIN w.legacy_map m ON m.new_code = vpc_ward(o.vpostcode)
          JOIN w.legacy_postal lp ON lp.commune_code = m.old_code
          WHERE o.vpostcode IS NOT NULL AND length(o.vpostcode) = 12 AND o.id % 7 = 0
          GROUP BY o.id;" > /dev/null
    sql -csv -header "SELECT id, code FROM old ORDER BY id" > "$tmp/old.csv"
    "$vpc" convert --db "$db" --input "$tmp/old.csv" 2> /dev/null |
        awk -F, 'NR > 1 { print $1 "," $3 }' > "$tmp/cli-old.txt"
    printf ".load %s\nSELECT id, CASE WHEN vpc_status(code) IN ('ok', 'VPC_W_OUTSIDE_WARD') THEN vpc_convert(code) ELSE '' END FROM old ORDER BY id;\n" \
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
hint="set VPOSTCODE_DB to the path of a database before loading the extension, or install one with 'make install'"
out=$(printf ".load %s\nSELECT 1;\n" "$ext" | host env VPOSTCODE_DB=$tmp/missing.sqlite sqlite3 -bail :memory: 2>&1 | message)
expect "a missing database fails the load, saying how to point at one" \
    "vpostcode: cannot open $tmp/missing.sqlite: database file not found (VPC_E_DB_NOT_FOUND); $hint" "$out"
out=$(printf ".load %s\nSELECT 1;\n" "$ext" | host env -u VPOSTCODE_DB sqlite3 -bail :memory: 2>&1 | message)
case $out in
1) ;; # a database is installed where the library looks by default
"vpostcode: cannot open /"*".vpc: database file not found (VPC_E_DB_NOT_FOUND); $hint")
    pass=$((pass + 1)) ;;
*) fail=$((fail + 1)); printf 'FAIL no VPOSTCODE_DB and no database installed\n  actual: %s\n' "$out" ;;
esac
head -c 4096 /dev/urandom > "$tmp/random.vpc"
out=$(printf ".load %s\nSELECT 1;\n" "$ext" | host env VPOSTCODE_DB=$tmp/random.vpc sqlite3 -bail :memory: 2>&1 | message)
expect "a corrupt runtime file fails the load" \
    "vpostcode: cannot open $tmp/random.vpc: database file is corrupt or not a vpostcode database (VPC_E_DB_CORRUPT); $hint" \
    "$out"

# ---- loading into a connection to the vpostcode SQLite database: its
# ---- build_id must be the runtime file's (the tables and the functions
# ---- answer from the same build)
in_db() { # DATABASE SQL: run with the extension loaded, in a connection to DATABASE
    printf '.load %s\n%s\n' "$ext" "$2" | host sqlite3 -bail -batch "file:$1?mode=ro&immutable=1" 2>&1
}
out=$(in_db "$sqldb" "SELECT vpc_encode(21.0287, 105.8490), vpc_ward_name('00070') = (SELECT name FROM wards WHERE code = '00070');")
expect "loaded into the SQLite database the runtime file was built from" "110242RHXFJJ|1" "$out"
out=$(printf '.load %s\nSELECT vpc_ward(21.0287, 105.8490);\n' "$ext" |
      host env VPOSTCODE_DB="$sqldb" sqlite3 -bail -batch "file:$sqldb?mode=ro&immutable=1" 2>&1)
expect "the same, with VPOSTCODE_DB naming the SQLite database" "00070" "$out"
if cp "$sqldb" "$tmp/stale.sqlite" 2> /dev/null; then
    id=$(sql "ATTACH 'file:$sqldb?mode=ro&immutable=1' AS w; SELECT value FROM w.metadata WHERE key = 'build_id'")
    host sqlite3 -bail -batch "$tmp/stale.sqlite" \
        "UPDATE metadata SET value = '0123456789abcdef0123456789abcdef' WHERE key = 'build_id'"
    out=$(in_db "$tmp/stale.sqlite" "SELECT 1;" | message)
    expect "a copy of the SQLite database with another build_id refuses the load" \
        "vpostcode: the runtime file $db was not built from this connection's database $tmp/stale.sqlite (build_id $id in the runtime file, 0123456789abcdef0123456789abcdef in the database): the SQL functions would answer from other data than its tables; build the runtime file again with 'make' (vpc-pack), or set VPOSTCODE_DB to the runtime file built from this database (VPC_E_DB_STALE)" \
        "$out"
    out=$(printf "SELECT load_extension('%s');\n" "$ext" |
          host sqlite3 -bail -cmd ".dbconfig load_extension on" "$tmp/stale.sqlite" 2>&1 | message)
    case $out in
    *"vpostcode: the runtime file $db was not built from this connection's database $tmp/stale.sqlite "*)
        pass=$((pass + 1)) ;;
    *) fail=$((fail + 1)); printf 'FAIL load_extension() into the stale copy\n  actual: %s\n' "$out" ;;
    esac
    rm -f "$tmp/stale.sqlite"
else
    echo "SKIP the stale pairing: no room for a copy of the SQLite database"
fi
# any other database loads as before, a table named metadata without a
# build_id included
host sqlite3 -bail -batch "$tmp/other.sqlite" \
    "CREATE TABLE metadata (key TEXT, value TEXT); INSERT INTO metadata VALUES ('schema_version', '1');"
out=$(in_db "$tmp/other.sqlite" "SELECT vpc_encode(21.0287, 105.8490);")
expect "loaded into a database whose metadata has no build_id" "110242RHXFJJ" "$out"
out=$(printf "SELECT load_extension('%s');\nSELECT vpc_encode(21.0287, 105.849);\n" "$ext" |
          host sqlite3 -bail -cmd ".dbconfig load_extension on" :memory: 2>&1 | tail -n 1)
expect "load_extension() from SQL" "110242RHXFJJ" "$out"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
