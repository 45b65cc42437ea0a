#!/bin/sh
# quickstart.sh - the demo of scripts/quickstart, run as a user would (from
# another directory, with no VPOSTCODE_DB) against this build's tool and
# database, prints exactly the README's block of quickstart output ("What
# the first command ends with"), with this build directory shown as the
# README's _build/gcc. A line "..." of the block stands for any number of
# lines (tests/outmatch.sh); every other line must be equal. Then the
# commands that the demo says to run next work.
set -u
b=${VPC_BUILDDIR:?} s=${VPC_SRCDIR:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
. "$s/tests/outmatch.sh"
unset VPOSTCODE_DB

# The README's block: the first bare ``` block after the line that runs
# ./scripts/quickstart.
awk 'want && /^```/ { exit }
     want { print; next }
     /^```/ { if (!fence && seen && $0 == "```") want = 1; fence = !fence; next }
     /\.\/scripts\/quickstart/ { seen = 1 }' "$s/README.md" > "$tmp/want"
if [ ! -s "$tmp/want" ]; then
    echo "FAIL README.md has no block of quickstart output"
    exit 1
fi

bd=$(cd "$b" && pwd)
prefix=$(sed -n 's/^prefix = //p' "$b/Makefile")
(cd / && sh "$s/scripts/quickstart" --demo-only "$bd") > "$tmp/out" 2>&1
st=$?
sed -e "s|$bd|_build/gcc|g" -e "s|to $prefix:|to /usr/local:|" "$tmp/out" > "$tmp/got"
if [ "$st" -ne 0 ]; then
    echo "FAIL scripts/quickstart --demo-only exited with status $st:"
    sed 's/^/    /' "$tmp/out"
    fail=$((fail + 1))
elif outmatch "$tmp/want" "$tmp/got" > "$tmp/report"; then
    echo "ok   the README's block is what quickstart prints ($(wc -l < "$tmp/want") lines shown, $(wc -l < "$tmp/got") printed)"
    pass=$((pass + 1))
else
    echo "FAIL the README's block differs from what quickstart prints:"
    cat "$tmp/report"
    echo "  what quickstart printed (this build directory shown as _build/gcc):"
    sed 's/^/    /' "$tmp/got"
    fail=$((fail + 1))
fi

# What it says to run next, as printed (indented lines naming the tool),
# from the directory it was run in, without VPOSTCODE_DB: the tool finds the
# database of its build.
grep "^  $bd/tools/vpostcode " "$tmp/out" | sed 's/^  //' > "$tmp/next"
if [ ! -s "$tmp/next" ]; then
    echo "FAIL quickstart does not say how to run the tool"
    fail=$((fail + 1))
fi
while read -r cmd; do
    case $cmd in
    *" serve")
        # The server: started on a free port instead of 8080, asked once,
        # stopped with SIGTERM (exit status 0).
        rm -f "$tmp/port"
        (cd / && exec $cmd --port 0 --port-file "$tmp/port" --quiet) > "$tmp/cmd.out" 2>&1 &
        spid=$!
        n=0
        while [ ! -s "$tmp/port" ] && [ "$n" -lt 600 ] && kill -0 "$spid" 2> /dev/null; do
            sleep 0.1
            n=$((n + 1))
        done
        answer=
        if [ -s "$tmp/port" ]; then
            answer=$(python3 -c 'import sys, urllib.request
print(urllib.request.urlopen("http://127.0.0.1:%s/healthz" % sys.argv[1], timeout=30).read().decode())' \
                "$(cat "$tmp/port")" 2>&1)
        fi
        kill -TERM "$spid" 2> /dev/null
        wait "$spid"
        st=$?
        if printf '%s' "$answer" | grep -q '"status":"ok"' && [ "$st" -eq 0 ]; then
            echo "ok   $cmd (answered /healthz, stopped by SIGTERM)"
            pass=$((pass + 1))
        else
            echo "FAIL $cmd: /healthz answered '$answer', exit status $st after SIGTERM:"
            sed 's/^/    /' "$tmp/cmd.out"
            fail=$((fail + 1))
        fi
        continue
        ;;
    esac
    # shellcheck disable=SC2086 # the printed command line, split as the shell would
    if (cd / && $cmd) > "$tmp/cmd.out" 2>&1; then
        echo "ok   $cmd"
        pass=$((pass + 1))
    else
        echo "FAIL $cmd (exit status $?):"
        sed 's/^/    /' "$tmp/cmd.out"
        fail=$((fail + 1))
    fi
done < "$tmp/next"
# Unless a database is installed, info names this build's database.
if (cd / && "$bd/tools/vpostcode" info) > "$tmp/info" 2>&1 &&
    ! grep -q "^path  *$bd/geodata/vpostcode.vpc\$" "$tmp/info" &&
    ! grep -q "^path  *$prefix/share/" "$tmp/info"; then
    echo "FAIL info without --db or VPOSTCODE_DB uses neither the build's nor the installed database:"
    sed 's/^/    /' "$tmp/info"
    fail=$((fail + 1))
fi

# Usage errors.
sh "$s/scripts/quickstart" --demo-only > "$tmp/usage" 2>&1
st=$?
if [ "$st" -eq 2 ] && grep -q '^usage: ' "$tmp/usage"; then
    echo "ok   --demo-only without a directory is a usage error"
    pass=$((pass + 1))
else
    echo "FAIL --demo-only without a directory: exit status $st"
    fail=$((fail + 1))
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
