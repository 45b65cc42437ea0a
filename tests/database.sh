#!/bin/sh
# database.sh - the build's database says whether it holds the pre-2025
# tables and under which licence (metadata keys `legacy` and `license`,
# shown by `vpostcode info`), in agreement with its tables and with what
# configure was asked for (the pre-2025 tables by default,
# --disable-legacy-data for an MIT-only database); a code issued before
# 2025 converts when they are present, and fails saying why when not. The
# runtime file the tool reads carries the SQLite database's metadata,
# build_id included, and opens through the SQLite database's path.
set -u
b=${VPC_BUILDDIR:?}
db=${VPOSTCODE_SQLITE:?}   # the SQLite database, for its tables
rt=${VPOSTCODE_DB:?}       # the runtime file built from it, for the tool
vpc=$b/tools/vpostcode
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { echo "ok   $1"; pass=$((pass + 1)); }
no() { echo "FAIL $1"; fail=$((fail + 1)); }

meta() { sqlite3 -batch "$db" "SELECT value FROM metadata WHERE key = '$1'"; }
legacy=$(meta legacy)
license=$(meta license)
tables=$(sqlite3 -batch "$db" "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN
    ('legacy_units', 'legacy_communes', 'legacy_postal', 'legacy_map', 'legacy_ambiguous')")
echo "database $db: legacy = ${legacy:-(none)}, $tables of the 5 pre-2025 tables, license = ${license:-(none)}"

case $legacy in
1) [ "$tables" -eq 5 ] && ok "legacy = 1 and the pre-2025 tables are there" ||
    no "legacy = 1 but $tables of the 5 pre-2025 tables" ;;
0) [ "$tables" -eq 0 ] && ok "legacy = 0 and no pre-2025 table" ||
    no "legacy = 0 but $tables pre-2025 tables" ;;
*) no "metadata key legacy is '${legacy}', not 0 or 1" ;;
esac
case $legacy:$license in
1:GPL-3.0*) ok "with the pre-2025 tables the database is GPL-3.0" ;;
0:MIT) ok "without them it is MIT" ;;
*) no "license '$license' does not fit legacy = '$legacy'" ;;
esac

# What configure was asked for (unless the database was given with
# --with-database, when it is whatever that file is).
if [ -z "${VPC_PREBUILT_DB:-}" ]; then
    want=0
    [ -n "${VPC_LEGACY:-}" ] && want=1
    [ "$legacy" = "$want" ] && ok "configure asked for legacy = $want" ||
        no "configure asked for legacy = $want, the database has '$legacy'"
fi

# The default (configure without --enable/--disable-legacy-data) has them.
if [ -z "${VPC_PREBUILT_DB:-}" ]; then
    case " $("$b/config.status" --config 2> /dev/null) " in
    *legacy-data*) ;;
    *) [ "$legacy" = 1 ] && ok "the default build has the pre-2025 tables" ||
        no "the default build (configure without --disable-legacy-data) has no pre-2025 tables" ;;
    esac
fi

# The runtime file holds every metadata entry of the SQLite database, and
# runtime_format = 1 (the entries of one line, as info's text shows them).
sqlite3 -batch "$db" "SELECT printf('%-28s %s', key, value) FROM metadata WHERE instr(value, char(10)) = 0
                      UNION ALL SELECT printf('%-28s %s', 'runtime_format', '1')" |
    LC_ALL=C sort > "$tmp/meta.sqlite"
"$vpc" --db "$rt" info 2> /dev/null | sed '1,/^address lexicon/d' | LC_ALL=C sort > "$tmp/meta.vpc"
if [ -s "$tmp/meta.vpc" ] && cmp -s "$tmp/meta.sqlite" "$tmp/meta.vpc"; then
    ok "the runtime file carries the SQLite metadata ($(wc -l < "$tmp/meta.vpc") entries of one line), runtime_format = 1"
else
    no "the runtime file's metadata differs from the SQLite database's (< SQLite, > runtime file)"
    diff "$tmp/meta.sqlite" "$tmp/meta.vpc" | head -n 10 | sed 's/^/    /'
fi
# The SQLite database's path opens the runtime file next to it, built from
# it: the same build_id.
id=$(meta build_id)
got=$("$vpc" --db "$db" info 2> "$tmp/pair.err" | sed -n 's/^build_id  *//p')
if [ -n "$id" ] && [ "$got" = "$id" ]; then
    ok "vpostcode --db $(basename "$db") opens the runtime file built from it (build_id $id)"
else
    no "vpostcode --db $db: build_id '$got', the SQLite database has '$id'"
    sed 's/^/    /' "$tmp/pair.err"
fi

# vpostcode info shows both keys.
if "$vpc" info > "$tmp/info" 2> "$tmp/info.err"; then
    if grep -q "^legacy  *$legacy\$" "$tmp/info" && grep -qF "$license" "$tmp/info" &&
        grep -q '^license ' "$tmp/info"; then
        ok "vpostcode info shows legacy and license"
    else
        no "vpostcode info does not show legacy = $legacy and license = $license"
        sed 's/^/    /' "$tmp/info"
    fi
else
    no "vpostcode info failed"
    sed 's/^/    /' "$tmp/info.err"
fi

# The README's pre-2025 example.
"$vpc" convert "11006 2RHX+FJJ" > "$tmp/conv" 2> "$tmp/conv.err"
st=$?
if [ "$legacy" = 1 ]; then
    if [ "$st" -eq 0 ] && grep -q '11024 2RHX+FJJ' "$tmp/conv"; then
        ok "convert 11006 2RHX+FJJ gives 11024 2RHX+FJJ"
    else
        no "convert 11006 2RHX+FJJ (exit status $st)"
        sed 's/^/    /' "$tmp/conv" "$tmp/conv.err"
    fi
else
    if [ "$st" -eq 1 ] && grep -qi 'legacy\|pre-2025\|before' "$tmp/conv.err"; then
        ok "convert 11006 2RHX+FJJ fails and says why: $(head -n 1 "$tmp/conv.err")"
    else
        no "convert 11006 2RHX+FJJ without the pre-2025 tables (exit status $st)"
        sed 's/^/    /' "$tmp/conv" "$tmp/conv.err"
    fi
fi

# A second writer of the runtime file (tests/fuzz/mkseeds.py, Python, from
# docs/FORMAT.md alone): the library opens what it writes, the whole file
# verifies, and its made-up wards answer lookups.
if command -v python3 > /dev/null 2>&1; then
    mkdir -p "$tmp/seeds"
    if python3 "${VPC_SRCDIR:?}/tests/fuzz/mkseeds.py" "$tmp/seeds" > /dev/null 2>&1; then
        for f in rt-full rt-current rt-no-districts; do
            tail -c +2 "$tmp/seeds/$f" > "$tmp/$f.vpc" # the fuzzer's options byte off
            if "$vpc" --db "$tmp/$f.vpc" info --verify > "$tmp/seed.out" 2>&1 &&
               grep -q 'verified' "$tmp/seed.out" &&
               "$vpc" --db "$tmp/$f.vpc" provinces > "$tmp/seed.wards" 2>&1 &&
               [ "$(grep -c . "$tmp/seed.wards")" -eq 2 ]; then
                ok "a runtime file written by mkseeds.py ($f) opens and verifies"
            else
                no "the runtime file $f written by mkseeds.py"
                sed 's/^/    /' "$tmp/seed.out" "$tmp/seed.wards" 2> /dev/null
            fi
        done
    else
        no "tests/fuzz/mkseeds.py failed"
    fi
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
