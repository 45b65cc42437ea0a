#!/bin/sh
# clirun.sh - what the golden cases of cli.sh cannot express: output that
# cannot be written (exit status 5), the database an uninstalled tool
# finds by itself, and databases made for the test: without the pre-2025
# tables, an SQLite database with a stale or missing runtime file, a
# damaged runtime file.
set -u
b=${VPC_BUILDDIR:?}
vpc=$b/tools/vpostcode
LC_ALL=C
export LC_ALL
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
check() { # name expected actual
    if [ "$2" = "$3" ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        printf 'FAIL %s\n  expected: %s\n  actual:   %s\n' "$1" "$2" "$3"
    fi
}

# A write that fails (here /dev/full: ENOSPC at the final flush, or in the
# middle of a large output) is never a success.
if [ -w /dev/full ]; then
    for cmd in "encode 21.0287 105.8490" "--json decode 110242RHXFJJ" "normalize 110242rhxfjj" \
               "validate 1102A2RHXFJJ" "provinces" "wards --province 01 --csv" "info" "info --verify" \
               "geojson --ward 00070" "encode --help" "--version"; do
        # shellcheck disable=SC2086
        got=$("$vpc" $cmd 2>&1 > /dev/full; echo "exit $?")
        check "vpostcode $cmd > /dev/full" "vpostcode: cannot write the output: No space left on device
exit 5" "$got"
    done
else
    echo "SKIP /dev/full: not writable here"
fi

# With neither --db nor VPOSTCODE_DB: the installed database, else (only
# for a tool run from its build tree) the build's; a copy of the program
# outside the build tree counts as installed.
real=$b/tools/.libs/vpostcode
[ -f "$real" ] || real=$b/tools/vpostcode
cp "$real" "$tmp/vpostcode"
installed=$(env -u VPOSTCODE_DB LD_LIBRARY_PATH="$b/libvpostcode/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
            "$tmp/vpostcode" info 2>&1)
case $installed in
*"database file not found (VPC_E_DB_NOT_FOUND)"*)
    path=${installed#vpostcode: database }
    path=${path%%: database file not found*}
    check "an installed tool without a database" "vpostcode: database $path: database file not found (VPC_E_DB_NOT_FOUND)
Use --db PATH or set VPOSTCODE_DB, or install one with 'make install'." "$installed"
    got=$(env -u VPOSTCODE_DB "$vpc" info 2>&1 | sed -n 's/^path  *//p')
    check "the uninstalled tool finds its build's database" "$b/geodata/vpostcode.vpc" "$got"
    got=$(env -u VPOSTCODE_DB "$vpc" encode 21.0287 105.8490 2>&1 | head -n 1)
    check "the uninstalled tool encodes" "code           110242RHXFJJ" "$got"
    got=$(VPOSTCODE_DB=$tmp/none.sqlite "$vpc" info 2>&1; echo "exit $?")
    check "VPOSTCODE_DB is used as given" "vpostcode: database $tmp/none.sqlite: database file not found (VPC_E_DB_NOT_FOUND)
Use --db PATH or set VPOSTCODE_DB, or install one with 'make install'.
exit 3" "$got"
    ;;
*)
    echo "SKIP the uninstalled tool's database: a database is installed"
    ;;
esac
# Without the pre-2025 tables, an unknown postal code says that codes of
# before July 2025 cannot be read with this database, and how to get them;
# info says the tables are absent. (A copy of the SQLite database, its
# pre-2025 tables renamed away, and its runtime file made by vpc-pack; the
# tool is given the SQLite database, and opens the runtime file next to it.)
sqldb=${VPOSTCODE_SQLITE:-}
if [ -n "$sqldb" ] && [ -f "$sqldb" ] && [ -x "${VPC_PACK:-}" ] && command -v sqlite3 > /dev/null &&
   cp "$sqldb" "$tmp/nolegacy.sqlite" 2> /dev/null; then
    for t in $(sqlite3 -batch "$tmp/nolegacy.sqlite" \
               "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'legacy%'"); do
        sqlite3 -batch "$tmp/nolegacy.sqlite" "ALTER TABLE $t RENAME TO gone_$t"
    done
    "$VPC_PACK" "$tmp/nolegacy.sqlite" "$tmp/nolegacy.vpc" > "$tmp/pack.out" 2>&1 || cat "$tmp/pack.out"
    got=$("$vpc" --db "$tmp/nolegacy.sqlite" info 2>&1 | grep '^runtime file  ')
    check "info of an SQLite database names the runtime file next to it" \
        "runtime file                 $tmp/nolegacy.vpc" "$got"
    got=$("$vpc" --db "$tmp/nolegacy.sqlite" info 2>&1 | grep '^pre-2025 tables')
    check "info without the pre-2025 tables" "pre-2025 tables              absent" "$got"
    got=$("$vpc" --db "$tmp/nolegacy.sqlite" convert "11006 2RHX+FJJ" 2>&1; echo "exit $?")
    check "a pre-2025 code without the pre-2025 tables" "vpostcode: convert: no ward has this postal code: 11006; this database has no pre-2025 tables, so codes issued before July 2025 cannot be read (use a database built without --disable-legacy-data) (VPC_E_UNKNOWN_POSTAL_CODE)
exit 1" "$got"
    got=$("$vpc" --db "$tmp/nolegacy.sqlite" validate "11006 2RHX+FJJ" 2>&1 | grep '^message')
    check "validate a pre-2025 code without the pre-2025 tables" "message        no ward has this postal code: 11006; this database has no pre-2025 tables, so codes issued before July 2025 cannot be read (use a database built without --disable-legacy-data)" "$got"

    # The same SQLite database given another build_id: its runtime file is
    # stale, and says so (exit status 3, as for every database problem).
    sqlite3 -batch "$tmp/nolegacy.sqlite" \
        "UPDATE metadata SET value = '0123456789abcdef0123456789abcdef' WHERE key = 'build_id'"
    got=$("$vpc" --db "$tmp/nolegacy.sqlite" encode 21.0287 105.8490 2>&1; echo "exit $?")
    check "an SQLite database whose runtime file is stale" "vpostcode: database $tmp/nolegacy.sqlite: the runtime file $tmp/nolegacy.vpc is stale: it was built from another database (VPC_E_DB_STALE)
Build it again with 'make' (vpc-pack).
exit 3" "$got"
    got=$("$vpc" --db "$tmp/nolegacy.vpc" info 2>&1 | grep '^pre-2025 tables'; echo "exit $?")
    check "the stale runtime file given itself still opens" "pre-2025 tables              absent
exit 0" "$got"
    # Without its runtime file: the message names the file missing.
    rm -f "$tmp/nolegacy.vpc"
    got=$("$vpc" --db "$tmp/nolegacy.sqlite" info 2>&1; echo "exit $?")
    check "an SQLite database without its runtime file" "vpostcode: database $tmp/nolegacy.sqlite: the runtime file $tmp/nolegacy.vpc next to it is missing (VPC_E_DB_NOT_FOUND)
Build it with 'make' (vpc-pack), or give a runtime file (.vpc) with --db.
exit 3" "$got"
    rm -f "$tmp/nolegacy.sqlite"
else
    echo "SKIP the messages without pre-2025 tables and of stale pairs: no sqlite3 or vpc-pack, or no room for a copy"
fi

# A runtime file damaged past its header and section table (one byte in the
# middle flipped): vpc_open checks only those, so info works; info --verify
# reads the whole file and fails with exit status 3.
db=${VPOSTCODE_DB:-}
if [ -n "$db" ] && [ -f "$db" ] && cp "$db" "$tmp/damaged.vpc" 2> /dev/null; then
    size=$(wc -c < "$tmp/damaged.vpc")
    mid=$((size / 2))
    byte=$(od -An -tu1 -j "$mid" -N1 "$tmp/damaged.vpc" | tr -d ' ')
    printf "\\$(printf '%03o' $(( (byte + 1) % 256 )))" |
        dd of="$tmp/damaged.vpc" bs=1 seek="$mid" conv=notrunc 2> /dev/null
    got=$("$vpc" --db "$tmp/damaged.vpc" info > /dev/null 2>&1; echo "exit $?")
    check "info of a runtime file damaged in the middle" "exit 0" "$got"
    got=$("$vpc" --db "$tmp/damaged.vpc" info --verify 2>&1; echo "exit $?")
    check "info --verify of a runtime file damaged in the middle" "vpostcode: database $tmp/damaged.vpc: the check of the whole file failed: database file is corrupt or not a vpostcode database (VPC_E_DB_CORRUPT)
exit 3" "$got"
    got=$("$vpc" --db "$db" info --verify 2>&1 | grep '^verified'; echo "exit $?")
    check "info --verify of the build's runtime file" "verified                     ok (every section's checksum and reference)
exit 0" "$got"
    rm -f "$tmp/damaged.vpc"
else
    echo "SKIP the damaged runtime file: no database, or no room for a copy"
fi
# Nearest-ward mode (--nearest): opt-in, a warning that does not fail, the
# distance in a distance_m field that only --nearest adds.
field() { # CSV text, field name: the field's value in the first row
    printf '%s\n' "$1" | awk -F, -v name="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) k = i }
                                                 NR == 2 && k { print $k }'
}
within() { # value, low, high: "yes" if low < value <= high
    awk -v v="$1" -v lo="$2" -v hi="$3" 'BEGIN { print (v != "" && v + 0 > lo && v + 0 <= hi) ? "yes" : "no: " v }'
}
out=$("$vpc" encode 16.0544 108.2500 --csv 2> /dev/null; echo "exit $?")
check "a beach point without --nearest" "VPC_E_NO_WARD exit 1 no distance_m" \
    "$(field "$out" status) $(printf '%s' "$out" | tail -n 1) $(printf '%s' "$out" | head -n 1 | grep -q distance_m && echo distance_m || echo no distance_m)"
out=$("$vpc" encode 16.0544 108.2500 --nearest 500m --csv 2> /dev/null; echo "exit $?")
check "a beach point with --nearest 500m" "VPC_W_NEAREST_WARD 48 exit 0 yes" \
    "$(field "$out" status) $(field "$out" province_code) $(printf '%s' "$out" | tail -n 1) $(within "$(field "$out" distance_m)" 0 500)"
out=$("$vpc" lookup 16.8344 112.3389 --nearest 2km --csv 2> /dev/null; echo "exit $?")
check "Woody Island with --nearest 2km" "VPC_W_NEAREST_WARD Đặc khu Hoàng Sa exit 0 yes" \
    "$(field "$out" status) $(field "$out" ward) $(printf '%s' "$out" | tail -n 1) $(within "$(field "$out" distance_m)" 0 2000)"
out=$("$vpc" --nearest 200m encode 21.0287 105.8490 --csv 2> /dev/null; echo "exit $?")
check "a point in a ward with --nearest" "ok 0.0 exit 0" \
    "$(field "$out" status) $(field "$out" distance_m) $(printf '%s' "$out" | tail -n 1)"
out=$(printf 'lat,lon\n16.0544,108.2500\n' | "$vpc" encode --input - --nearest 1.5km 2> /dev/null; echo "exit $?")
check "batch with --nearest" "VPC_W_NEAREST_WARD exit 0" "$(field "$out" status) $(printf '%s' "$out" | tail -n 1)"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
