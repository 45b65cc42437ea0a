#!/bin/sh
# cli.sh - golden tests of the vpostcode tool, run as a process.
#
# Each case in tests/cli/ is NAME.args (the arguments, as shell words) with
# optional NAME.in (standard input) and NAME.sed (a sed script applied to
# stdout first, for lines that change between builds), and the expected
# NAME.out (stdout), NAME.err (stderr) and NAME.code (exit status). Cases
# run in tests/cli/, so they can name the input files kept there.
#   cli.sh            run every case
#   cli.sh --update   write the expected files from the tool's current
#                     output (review the diff before committing it)
# $VPC_CLI_WRAPPER, if set, is put before the tool (tests/memcheck.sh runs
# every case under valgrind this way).
set -u
b=${VPC_BUILDDIR:?} s=${VPC_SRCDIR:?}
vpc=$b/tools/vpostcode
dir=$s/tests/cli
update=0
[ "${1:-}" = --update ] && update=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

for args in "$dir"/*.args; do
    name=$(basename "$args" .args)
    input=/dev/null
    [ -f "$dir/$name.in" ] && input=$dir/$name.in
    (cd "$dir" && eval "set -- $(cat "$args")" && ${VPC_CLI_WRAPPER:-} "$vpc" "$@" < "$input" > "$tmp/out" 2> "$tmp/err")
    echo $? > "$tmp/code"
    [ -f "$dir/$name.sed" ] && sed -f "$dir/$name.sed" "$tmp/out" > "$tmp/out.f" && mv "$tmp/out.f" "$tmp/out"
    if [ "$update" = 1 ]; then
        cp "$tmp/out" "$dir/$name.out"
        cp "$tmp/err" "$dir/$name.err"
        cp "$tmp/code" "$dir/$name.code"
        continue
    fi
    ok=1
    for part in out err code; do
        if ! cmp -s "$tmp/$part" "$dir/$name.$part"; then
            [ "$ok" = 1 ] && echo "FAIL $name: vpostcode $(cat "$args")"
            ok=0
            diff -u "$dir/$name.$part" "$tmp/$part" | sed 's/^/    /' | head -n 20
        fi
    done
    if [ "$ok" = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
[ "$update" = 1 ] && { echo "updated the expected files in $dir"; exit 0; }

# A quoted field longer than the reader's slot (256 KiB), with a line end
# inside it: one RECORD_TOO_LONG row, and the next row read as it is.
awk 'BEGIN { print "lat,lon,note"; printf "10.7725,106.6980,\"";
             for (i = 0; i < 30000; i++) printf "0123456789";
             print "\n10.7725,106.6980,inside the quoted note\n\"";
             print "21.0287,105.8490,after" }' > "$tmp/long.csv"
got=$(cd "$tmp" && ${VPC_CLI_WRAPPER:-} "$vpc" encode --input long.csv 2> /dev/null |
      awk -F, '{ print $1 "," $4 "," $NF }' | tr '\n' ' ')
want="lat,code,status ,,RECORD_TOO_LONG 21.0287,110242RHXFJJ,ok "
if [ "$got" = "$want" ]; then
    pass=$((pass + 1))
else
    fail=$((fail + 1))
    printf 'FAIL a quoted field longer than a slot\n  expected: %s\n  actual:   %s\n' "$want" "$got"
fi
# A record longer than a slot with a quote inside a field (not at its
# start, so not a quoting one): the rows after it are read as they are.
awk 'BEGIN { print "lat,lon,note"; printf "10.7725,106.6980,x\"";
             for (i = 0; i < 30000; i++) printf "0123456789";
             print ""; print "21.0287,105.8490,next"; print "21.0287,105.8490,last" }' > "$tmp/stray.csv"
got=$(cd "$tmp" && ${VPC_CLI_WRAPPER:-} "$vpc" encode --input stray.csv 2> /dev/null |
      awk -F, '{ print $1 "," $4 "," $NF }' | tr '\n' ' ')
want="lat,code,status ,,RECORD_TOO_LONG 21.0287,110242RHXFJJ,ok 21.0287,110242RHXFJJ,ok "
if [ "$got" = "$want" ]; then
    pass=$((pass + 1))
else
    fail=$((fail + 1))
    printf 'FAIL a stray quote in a record longer than a slot\n  expected: %s\n  actual:   %s\n' "$want" "$got"
fi
# An address line of 1 MB (CSV, then JSON Lines): RECORD_TOO_LONG, never
# held whole, and the rows around it read as they are.
awk 'BEGIN { print "id,address"; print "1,\"Phường Hoàn Kiếm, Hà Nội\"";
             printf "2,\""; for (i = 0; i < 100000; i++) printf "Hà Nội, "; print "\"";
             print "3,\"P. Bến Nghé, Q.1, TP.HCM\"" }' > "$tmp/long-address.csv"
awk 'BEGIN { print "{\"address\":\"Phường Hoàn Kiếm, Hà Nội\"}";
             printf "{\"address\":\""; for (i = 0; i < 100000; i++) printf "Hà Nội, "; print "\"}";
             print "{\"address\":\"P. Bến Nghé, Q.1, TP.HCM\"}" }' > "$tmp/long-address.jsonl"
got=$(cd "$tmp" && ${VPC_CLI_WRAPPER:-} "$vpc" address --input long-address.csv --csv 2> /dev/null |
      awk -F, '{ print $1 "," $NF }' | tr '\n' ' ')$(cd "$tmp" &&
      ${VPC_CLI_WRAPPER:-} "$vpc" address --input long-address.jsonl --csv 2> /dev/null |
      awk -F, '{ print $NF }' | tr '\n' ' ')
want="id,status 1,ok ,RECORD_TOO_LONG 3,ok status ok RECORD_TOO_LONG ok "
if [ "$got" = "$want" ]; then
    pass=$((pass + 1))
else
    fail=$((fail + 1))
    printf 'FAIL an address line of 1 MB\n  expected: %s\n  actual:   %s\n' "$want" "$got"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
