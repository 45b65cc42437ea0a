#!/bin/sh
# python.sh - the Python binding (bindings/python), installed and tested as a
# user would: for each Python interpreter, pip installs the package into a
# virtual environment (offline: the package has its own build backend and no
# build dependencies), then its unittest suite runs from outside the source
# tree, so that the installed copy is what is tested.
#
# Interpreters: /usr/bin/python3 (with --system-site-packages, for Debian's
# numpy, pandas and Dask; the Dask test must run there) and the python3 found
# on PATH when it is another interpreter. Virtual environments are kept in
# $VPC_BUILDDIR/tests/python-venv-N and reused; the package is reinstalled
# every time.
#
# Environment: VPC_SRCDIR, VPC_BUILDDIR (required); VPOSTCODE_DB,
# VPC_OLC_TEST_DATA (passed on to the tests); VPOSTCODE_LIBRARY and VPC_CLI
# (default: the build tree's library and tool).
# Exit status: 0 pass, 1 fail, 77 skip (no usable interpreter).
set -u
src=${VPC_SRCDIR:?} build=${VPC_BUILDDIR:?}
VPOSTCODE_LIBRARY=${VPOSTCODE_LIBRARY:-$build/libvpostcode/.libs/libvpostcode.so.0}
VPC_CLI=${VPC_CLI:-$build/tools/vpostcode}
export VPC_SRCDIR VPOSTCODE_LIBRARY VPC_CLI
export PYTHONDONTWRITEBYTECODE=1 VPC_TEST_INSTALLED=1
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PIP_ROOT_USER_ACTION=ignore
unset PYTHONPATH PYTHONHOME PIP_INDEX_URL PIP_EXTRA_INDEX_URL
. "$src/tests/hostenv.sh"

if [ ! -f "$VPOSTCODE_LIBRARY" ]; then
    echo "python.sh: no library at $VPOSTCODE_LIBRARY"
    exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$build/tests" || exit 1

# The interpreters, each once (python3 on PATH may be /usr/bin/python3).
real() { "$1" -c 'import os, sys; print(os.path.realpath(sys.executable))' 2>/dev/null; }
pythons=
seen=
for py in /usr/bin/python3 $(command -v python3 2>/dev/null); do
    r=$(real "$py") || continue
    [ -n "$r" ] || continue
    case " $seen " in *" $r "*) continue ;; esac
    seen="$seen $r"
    pythons="$pythons $py"
done
[ -n "$pythons" ] || { echo "python.sh: no python3 interpreter: skipped"; exit 77; }

run() { echo "+ $*"; "$@"; }
n=0 pass=0 fail=0 skip=0
for py in $pythons; do
    n=$((n + 1))
    venv=$build/tests/python-venv-$n
    echo "== $py ($("$py" --version 2>&1)) in $venv"
    options= dask=0
    if [ "$py" = /usr/bin/python3 ]; then options=--system-site-packages dask=1; fi
    want="$(real "$py") $options"
    if ! "$venv/bin/python" -c '' 2>/dev/null || [ "$(cat "$venv/.made-by" 2>/dev/null)" != "$want" ]; then
        rm -rf "$venv"
        if ! run "$py" -m venv $options "$venv"; then
            echo "SKIP $py: cannot make a virtual environment (python3-venv missing?)"
            skip=$((skip + 1))
            continue
        fi
        echo "$want" > "$venv/.made-by"
    fi
    if ! run "$venv/bin/python" -m pip install --quiet --no-index --no-deps --force-reinstall \
            "$src/bindings/python"; then
        echo "FAIL $py: pip install"
        fail=$((fail + 1))
        continue
    fi
    start=$(date +%s)
    if (cd "$work" && VPC_REQUIRE_DASK=$dask \
            run host "$venv/bin/python" -m unittest discover -v -s "$src/bindings/python/tests"); then
        echo "PASS $py ($(($(date +%s) - start)) s)"
        pass=$((pass + 1))
    else
        echo "FAIL $py"
        fail=$((fail + 1))
    fi
done
echo "python.sh: $skip interpreters skipped"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] || exit 1
[ "$pass" -gt 0 ] || exit 77
exit 0
