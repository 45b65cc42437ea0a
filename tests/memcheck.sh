#!/bin/sh
# memcheck.sh - valgrind memcheck over the C test programs and the golden
# tests of the tool: any invalid read or write, use of uninitialised
# memory, or leak (definite, indirect or possible) fails. Run by
# `make memcheck`; the loops of the randomised tests are cut by
# VPC_TEST_SCALE (default 10 here), since valgrind is 20-50 times slower.
#   memcheck.sh PROGRAM...   each a check_* program of the build tree
set -u
b=${VPC_BUILDDIR:?} s=${VPC_SRCDIR:?}
command -v valgrind > /dev/null || { echo "valgrind is not installed"; exit 1; }
VPC_TEST_SCALE=${VPC_TEST_SCALE:-10}
CK_FORK=no # one process, so that valgrind follows every test
export VPC_TEST_SCALE CK_FORK
vg="$b/libtool --mode=execute valgrind -q --error-exitcode=99 --leak-check=full \
--show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible \
--track-origins=yes"
# The tool's golden tests in the background (about as long as the
# programs together), the programs one after the other.
(VPC_CLI_WRAPPER=$vg sh "$s/tests/cli.sh" > "$b/tests/cli.memcheck.log" 2>&1
 echo $? > "$b/tests/cli.memcheck.status") &
cli_start=$(date +%s)
pass=0 fail=0
for prog in "$@"; do
    start=$(date +%s)
    if $vg "$prog" > "$prog.memcheck.log" 2>&1; then
        pass=$((pass + 1))
        echo "memcheck $(basename "$prog"): clean ($(($(date +%s) - start)) s)"
    else
        fail=$((fail + 1))
        echo "FAIL memcheck $(basename "$prog"): see $prog.memcheck.log"
        grep -E '==[0-9]+==|Failures|:F:|:E:' "$prog.memcheck.log" | head -n 30
    fi
done
wait
if [ "$(cat "$b/tests/cli.memcheck.status")" = 0 ]; then
    pass=$((pass + 1))
    echo "memcheck cli.sh: clean, $(tail -n 1 "$b/tests/cli.memcheck.log") ($(($(date +%s) - cli_start)) s)"
else
    fail=$((fail + 1))
    echo "FAIL memcheck cli.sh: see $b/tests/cli.memcheck.log"
    grep -E '^FAIL|==[0-9]+==' "$b/tests/cli.memcheck.log" | head -n 30
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
