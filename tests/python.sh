#!/bin/sh
# python.sh - the Python binding (bindings/python), installed and tested as a
# user would: for each Python interpreter, pip installs the package into a
# virtual environment (offline: the package has its own build backend and no
# build dependencies), then its unittest suite runs from outside the source
# tree, so that the installed copy is what is tested.
#
# Interpreters: /usr/bin/python3 and the python3 found on PATH when it is
# another interpreter.
#
# For /usr/bin/python3 (Debian's, with its numpy, pandas and Dask; the Dask
# tests must run there) the install is exactly the command that
# bindings/python/README.md documents (the ```sh block after its
# "tests/python.sh runs" comment; the top README.md must show the same line):
#     python3 -m venv --system-site-packages .venv && .venv/bin/pip install bindings/python
# run as written, with python3 = /usr/bin/python3, in a fresh directory
# $VPC_BUILDDIR/tests/python-readme whose bindings/ is the source tree's, and
# offline (PIP_NO_INDEX=1 in the environment: the package has no build
# dependencies). For the other interpreter the virtual environment is kept in
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

# The documented install command (see the top of this file).
readme=$src/bindings/python/README.md
install_cmd=$(awk '/<!-- tests\/python.sh runs/ { f = 1; next }
                   f && /^```sh$/ { g = 1; next }
                   g && /^```$/ { exit }
                   g { print }' "$readme")
case $install_cmd in
    "python3 -m venv --system-site-packages .venv && .venv/bin/pip install bindings/python") ;;
    *) echo "python.sh: the install command of $readme is not the one this test knows:"
       echo "    $install_cmd"
       echo "(update tests/python.sh and the top README.md with it)"
       exit 1 ;;
esac
if ! grep -qF "$install_cmd" "$src/README.md"; then
    echo "python.sh: README.md does not show the install command of $readme: $install_cmd"
    exit 1
fi
n=0 pass=0 fail=0 skip=0
for py in $pythons; do
    n=$((n + 1))
    venv=$build/tests/python-venv-$n
    options= dask=0
    if [ "$py" = /usr/bin/python3 ]; then
        # As bindings/python/README.md says, word for word, in a fresh directory.
        dir=$build/tests/python-readme
        venv=$dir/.venv
        echo "== $py ($("$py" --version 2>&1)) in $venv, installed as the README says"
        rm -rf "$dir" && mkdir -p "$dir" && ln -s "$src/bindings" "$dir/bindings" || exit 1
        cmd="/usr/bin/$install_cmd"
        echo "+ (cd $dir && $cmd)"
        if ! (cd "$dir" && PIP_NO_INDEX=1 sh -c "$cmd"); then
            if ! /usr/bin/python3 -c 'import ensurepip' 2>/dev/null; then
                echo "SKIP $py: cannot make a virtual environment (python3-venv missing?)"
                skip=$((skip + 1))
                continue
            fi
            echo "FAIL $py: the README's install command failed"
            fail=$((fail + 1))
            continue
        fi
        "$venv/bin/python" -c 'import numpy, pandas, dask' 2>/dev/null \
            || echo "note: Debian's numpy/pandas/dask are not all visible in $venv"
        dask=1
    else
        echo "== $py ($("$py" --version 2>&1)) in $venv"
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
