#!/bin/sh
# readme.sh - the examples of README.md (C, Python, Go, SQL) run against the
# built library and print what their "prints ..." comments say; the
# README's "$ vpostcode ..." command lines run as documented (below).
set -u
b=${VPC_BUILDDIR:?} s=${VPC_SRCDIR:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
. "$s/tests/hostenv.sh"
LD_LIBRARY_PATH=$b/libvpostcode/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export LD_LIBRARY_PATH

# block LANG: the README's ```LANG block
block() {
    awk -v lang="$1" '$0 == "```" lang { f = 1; next } /^```$/ { f = 0 } f' "$s/README.md"
}
# wanted FILE COMMENT-MARK: what the "MARK prints ..." comments say, in order
wanted() {
    sed -n "s|.*$2 prints \\(.*\\)\$|\\1|p" "$1" | sed 's| \*/$||'
}
# check LANG OUTPUT-FILE: compare with the block's comments
check() {
    if [ ! -s "$tmp/$1.want" ]; then
        echo "FAIL $1: the example has no 'prints' comment"
        fail=$((fail + 1))
    elif cmp -s "$tmp/$1.want" "$2"; then
        echo "$1 example prints: $(tr '\n' ' ' < "$2")"
        pass=$((pass + 1))
    else
        echo "FAIL $1 example"
        diff "$tmp/$1.want" "$2" | sed 's/^/    /'
        fail=$((fail + 1))
    fi
}

# C
block c > "$tmp/c.snippet"
wanted "$tmp/c.snippet" '/\*' > "$tmp/c.want"
{
    echo '#include <stdio.h>'
    grep '^#include' "$tmp/c.snippet"
    echo 'int main(void) {'
    grep -v '^#include' "$tmp/c.snippet"
    echo 'return 0; }'
} > "$tmp/example.c"
# shellcheck disable=SC2086 # the sanitizer flags of the build, if any
if ${CC:-cc} -std=c11 -Wall -Wextra -Werror ${VPC_SANITIZER_FLAGS:-} -I"$b/libvpostcode/include" "$tmp/example.c" \
    -L"$b/libvpostcode/.libs" -lvpostcode -o "$tmp/example"; then
    host "$tmp/example" > "$tmp/c.out" 2>&1
fi
check c "$tmp/c.out"

# Python: the package from the source tree, over the built library
block python > "$tmp/example.py"
wanted "$tmp/example.py" '#' > "$tmp/python.want"
(cd "$tmp" && PYTHONPATH=$s/bindings/python/src VPOSTCODE_LIBRARY=$b/libvpostcode/.libs/libvpostcode.so.0 \
    host python3 example.py > "$tmp/python.out" 2>&1)
check python "$tmp/python.out"

# Go: a module of its own that uses bindings/go
if command -v go > /dev/null; then
    block go > "$tmp/go.snippet"
    wanted "$tmp/go.snippet" '//' > "$tmp/go.want"
    mkdir "$tmp/gomod"
    # The documented way (bindings/go/README.md): a Go workspace using the
    # clone's bindings/go, no replace line.
    printf 'module readme\n\ngo 1.19\n\nrequire github.com/libvpostcode/libvpostcode/bindings/go v0.0.0\n' \
        > "$tmp/gomod/go.mod"
    (cd "$tmp/gomod" && GOWORK= GOENV=off GOTOOLCHAIN=local go work init && \
        GOWORK= GOENV=off GOTOOLCHAIN=local go work use . "$s/bindings/go")
    {
        printf 'package main\n\nimport (\n\t"fmt"\n\t"log"\n\n\tvpostcode "github.com/libvpostcode/libvpostcode/bindings/go"\n)\n\nfunc main() {\n'
        cat "$tmp/go.snippet"
        printf '}\n'
    } > "$tmp/gomod/main.go"
    # With AddressSanitizer the program links its runtime itself (go -asan).
    asan=
    [ "${VPC_SANITIZE:-}" = address ] && asan=-asan
    if (cd "$tmp/gomod" && PKG_CONFIG_PATH=$b/libvpostcode GOCACHE=$b/tests/go-cache GOPATH=$b/tests/go-path \
            GOPROXY=off GOFLAGS= GOWORK= CGO_ENABLED=1 go build $asan -o example . > "$tmp/go.build" 2>&1); then
        "$tmp/gomod/example" > "$tmp/go.out" 2>&1
    else
        cat "$tmp/go.build" > "$tmp/go.out"
    fi
    check go "$tmp/go.out"
else
    echo "go is not installed: the Go example is not checked"
fi

# SQL: the sqlite3 shell with the built extension
block sql | sed "s|^\\.load .*|.load $b/bindings/sqlite/.libs/vpostcode|" > "$tmp/example.sql"
wanted "$tmp/example.sql" '--' > "$tmp/sql.want"
host sqlite3 -bail :memory: < "$tmp/example.sql" > "$tmp/sql.out" 2>&1
check sql "$tmp/sql.out"

# CLI: every "$ vpostcode ..." and "$ curl ..." line of the README's blocks
# runs, as written
# with its optional [--parts] and "# comment" left out: exit status 0, or 1
# for the commands listed in fails_ok (they show a failure on purpose), never
# 2 (usage error) or more. The lines shown after a command, up to the next
# "$ " line or the end of the block, are its output, stdout and stderr
# (tests/outmatch.sh: a line "..." stands for any lines); a comment ending
# in "-> TEXT" means that the output has TEXT. The batch example reads
# points.csv, made here to give the README's figures. With a database
# built without the pre-2025 tables on purpose (configure
# --disable-legacy-data, or such a database given with --with-database), a
# command whose comment says "pre-2025" or "before 2025" must instead fail
# (exit status 1) saying that those tables are missing; the default build
# has them. "$ vpostcode serve" starts the server in the background, on a
# free port that replaces 8080 in the "$ curl" lines after it (and in its
# own "-> TEXT"); at the end it must stop on SIGTERM with exit status 0.
. "$s/tests/outmatch.sh"
legacy_off=0
if [ "$(sqlite3 -batch "${VPOSTCODE_SQLITE:?}" "SELECT value FROM metadata WHERE key = 'legacy'" 2> /dev/null)" != 1 ]; then
    case " $("$b/config.status" --config 2> /dev/null) " in
    *[\ \']--disable-legacy-data[\ \']* | *--enable-legacy-data=no*) legacy_off=1 ;;
    esac
    [ -n "${VPC_PREBUILT_DB:-}" ] && legacy_off=1
fi
fails_ok='vpostcode validate "1102A 2RHX+FJJ"
vpostcode encode --input points.csv --threads 2 > coded.csv'
vpostcode() { "$b/tools/vpostcode" "$@"; }
mkdir "$tmp/cli"
printf 'id,lat,lon\n1,21.0287,105.8490\n2,16.0544,108.2500\n3,10.7725,106.6980\n4,21.02x,105.849\n5,21.0287\n6,13.7563,100.5018\n7,10.7725,106.6980\n8,16.4637,107.5909\n' \
    > "$tmp/cli/points.csv"
# Each command with its shown output: "C command", then "O line"s.
awk '/^```/ { fence = !fence; cmd = 0; next }
     fence && /^\$ (vpostcode|curl) / { print "C " substr($0, 3); cmd = 1; next }
     fence && /^\$ / { cmd = 0; next }
     fence && cmd { print "O " $0 }' "$s/README.md" > "$tmp/cli.list"
ncli=0
while IFS= read -r entry; do
    case $entry in "O "*) continue ;; esac
    line=${entry#C }
    ncli=$((ncli + 1))
    printf '%s\n' "$line" > "$tmp/cli/cmd$ncli"
done < "$tmp/cli.list"
# the shown output of command N goes to want$N
awk '/^C / { n++; next } { sub(/^O /, ""); print > (dir "/want" n) }' dir="$tmp/cli" "$tmp/cli.list"
server= port=
i=0
while [ "$i" -lt "$ncli" ]; do
    i=$((i + 1))
    line=$(cat "$tmp/cli/cmd$i")
    arrow=$(printf '%s\n' "$line" | sed -n 's/.*[[:space:]]#.*-> \(.*\)$/\1/p')
    cmd=$(printf '%s\n' "$line" | sed -e 's/[[:space:]]#.*$//' -e 's/ \[[^]]*\]//g' -e 's/[[:space:]]*$//')
    case $cmd in
    "vpostcode serve"*)
        rm -f "$tmp/port"
        # exec: $! is the server itself, for the SIGTERM at the end
        (cd "$tmp/cli" && eval "exec \"\$b/tools/\"$cmd --port 0 --port-file '$tmp/port' --quiet" \
            2> "$tmp/serve.err") &
        server=$!
        n=0
        while [ ! -s "$tmp/port" ] && [ "$n" -lt 600 ] && kill -0 "$server" 2> /dev/null; do
            sleep 0.1
            n=$((n + 1))
        done
        port=$(cat "$tmp/port" 2> /dev/null)
        arrow=$(printf '%s' "$arrow" | sed "s/:8080/:$port/")
        if [ -n "$port" ] && grep -qF -- "$arrow" "$tmp/serve.err"; then
            echo "\$ $cmd: listening on port $port, -> $arrow"
            pass=$((pass + 1))
        else
            echo "FAIL \$ $cmd: did not start ($(head -c 300 "$tmp/serve.err"))"
            fail=$((fail + 1))
        fi
        continue
        ;;
    curl*)
        if [ -z "$port" ]; then
            echo "FAIL \$ $cmd: no '\$ vpostcode serve' line before it"
            fail=$((fail + 1))
            continue
        fi
        cmd=$(printf '%s\n' "$cmd" | sed "s/127\.0\.0\.1:8080/127.0.0.1:$port/g")
        ;;
    esac
    want_st=0
    printf '%s\n' "$fails_ok" | grep -qxF -- "$cmd" && want_st=1
    needs_legacy=0
    if [ "$legacy_off" = 1 ] && printf '%s\n' "$line" | grep -q '#.*\(pre-2025\|before 2025\)'; then
        needs_legacy=1 want_st=1 arrow=
    fi
    (cd "$tmp/cli" && eval "$cmd") > "$tmp/cli/out" 2>&1
    st=$?
    problem=
    if [ "$needs_legacy" = 1 ]; then
        if [ "$st" -ne 1 ] || ! grep -q 'pre-2025\|legacy' "$tmp/cli/out"; then
            problem="exit status $st without the pre-2025 tables, and no word of them"
        fi
    elif [ "$st" -ne "$want_st" ]; then
        problem="exit status $st, not $want_st"
    elif [ -s "$tmp/cli/want$i" ] && ! outmatch "$tmp/cli/want$i" "$tmp/cli/out" > "$tmp/cli/report"; then
        problem="its output is not what the README shows: $(cat "$tmp/cli/report")"
    elif [ -n "$arrow" ] && ! grep -qF -- "$arrow" "$tmp/cli/out"; then
        problem="its output has no '$arrow'"
    fi
    if [ -z "$problem" ]; then
        echo "\$ $cmd: exit status $st${arrow:+, -> $arrow}$( [ -s "$tmp/cli/want$i" ] && echo ', output as shown')$( [ "$needs_legacy" = 1 ] && echo ' (no pre-2025 tables: refused)')"
        pass=$((pass + 1))
    else
        echo "FAIL \$ $cmd: $problem"
        sed 's/^/    /' "$tmp/cli/out" | head -n 20
        fail=$((fail + 1))
    fi
done
if [ -n "$server" ]; then
    kill -TERM "$server"
    wait "$server"
    st=$?
    if [ "$st" -eq 0 ]; then
        echo "vpostcode serve: stopped by SIGTERM, exit status 0"
        pass=$((pass + 1))
    else
        echo "FAIL vpostcode serve: exit status $st after SIGTERM"
        fail=$((fail + 1))
    fi
fi
if [ "$ncli" -eq 0 ]; then
    echo "FAIL no \$ vpostcode command found in README.md"
    fail=$((fail + 1))
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
