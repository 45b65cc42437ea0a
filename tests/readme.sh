#!/bin/sh
# readme.sh - the C example in README.md compiles against the built library
# and prints what its "/* prints ... */" comment says it prints.
set -eu
b=${VPC_BUILDDIR:?} s=${VPC_SRCDIR:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

awk '/^```c$/ { f = 1; next } /^```$/ { f = 0 } f' "$s/README.md" > "$tmp/snippet"
[ -s "$tmp/snippet" ] || { echo "FAIL: no C example in README.md"; exit 1; }
want=$(sed -n 's|.*/\* prints \(.*\) \*/$|\1|p' "$tmp/snippet")
[ -n "$want" ] || { echo "FAIL: the example has no /* prints ... */ comment"; exit 1; }
{
    echo '#include <stdio.h>'
    grep '^#include' "$tmp/snippet"
    echo 'int main(void) {'
    grep -v '^#include' "$tmp/snippet"
    echo 'return 0; }'
} > "$tmp/example.c"
${CC:-cc} -std=c11 -Wall -Wextra -Werror -I"$b/libvpostcode/include" "$tmp/example.c" \
    -L"$b/libvpostcode/.libs" -lvpostcode -o "$tmp/example"
got=$(LD_LIBRARY_PATH="$b/libvpostcode/.libs" "$tmp/example")
if [ "$got" != "$want" ]; then
    echo "FAIL: README example printed '$got', its comment says '$want'"
    echo "0 passed, 1 failed"
    exit 1
fi
echo "README example prints: $got"
echo "1 passed, 0 failed"
