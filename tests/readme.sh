#!/bin/sh
# readme.sh - the examples of README.md (C, Python, Go, SQL) run against the
# built library and print what their "prints ..." comments say.
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
    printf 'module readme\n\ngo 1.19\n\nrequire vpostcode v0.0.0\n\nreplace vpostcode => %s/bindings/go\n' \
        "$s" > "$tmp/gomod/go.mod"
    {
        printf 'package main\n\nimport (\n\t"fmt"\n\t"log"\n\n\t"vpostcode"\n)\n\nfunc main() {\n'
        cat "$tmp/go.snippet"
        printf '}\n'
    } > "$tmp/gomod/main.go"
    # With AddressSanitizer the program links its runtime itself (go -asan).
    asan=
    [ "${VPC_SANITIZE:-}" = address ] && asan=-asan
    if (cd "$tmp/gomod" && PKG_CONFIG_PATH=$b/libvpostcode GOCACHE=$b/tests/go-cache GOPATH=$b/tests/go-path \
            GOPROXY=off GOFLAGS= CGO_ENABLED=1 go build $asan -o example . > "$tmp/go.build" 2>&1); then
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

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
