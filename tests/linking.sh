#!/bin/sh
# linking.sh - an outside C program (the README's C example) built against
# an installed copy of the library the ways README.md ("Building by hand")
# says, and run: shared, found at run time through its rpath or
# LD_LIBRARY_PATH; static, with `pkg-config --static` (what an install
# configured with --disable-shared holds). Each command below must appear
# in README.md word for word, so the two cannot drift apart.
#
# The library, header and vpostcode.pc are installed with DESTDIR into a
# temporary directory; PKG_CONFIG_SYSROOT_DIR makes pkg-config give its
# paths there, as for a real `make install` to that prefix.
set -u
b=${VPC_BUILDDIR:?} s=${VPC_SRCDIR:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { echo "ok   $1"; pass=$((pass + 1)); }
no() { echo "FAIL $1"; [ -f "$tmp/log" ] && sed 's/^/    /' "$tmp/log"; fail=$((fail + 1)); }
unset LD_LIBRARY_PATH PKG_CONFIG_PATH PKG_CONFIG_LIBDIR

# The README's commands, run by eval as written there.
link_shared='cc app.c $(pkg-config --cflags --libs vpostcode) -o app'
run_ld_path='LD_LIBRARY_PATH=$(pkg-config --variable=libdir vpostcode) ./app'
link_rpath='cc app.c $(pkg-config --cflags --libs vpostcode) -Wl,-rpath,$(pkg-config --variable=libdir vpostcode) -o app'
link_static='cc app.c $(pkg-config --cflags --libs --static vpostcode) -o app'
for c in "$link_shared" "$run_ld_path" "$link_rpath" "$link_static"; do
    if grep -qF -- "$c" "$s/README.md"; then
        ok "README.md shows: $c"
    else
        rm -f "$tmp/log"
        no "README.md does not show: $c"
    fi
done

# cc: the compiler of this build (with its sanitizer flags, if any), warnings
# as errors.
cc() {
    # shellcheck disable=SC2086
    ${CC:-cc} -std=c11 -Wall -Wextra -Werror ${VPC_SANITIZER_FLAGS:-} "$@"
}

# Install into $dest (prefix as configured, e.g. /usr/local).
dest=$tmp/dest
if ! make -s -C "$b" install-libLTLIBRARIES install-nodist_includeHEADERS install-nodist_pkgconfigDATA \
        DESTDIR="$dest" > "$tmp/log" 2>&1; then
    no "make install DESTDIR=..."
    echo "$pass passed, $fail failed"
    exit 1
fi
prefix=$(sed -n 's/^prefix = //p' "$b/Makefile")
pc=$(find "$dest" -name vpostcode.pc)
export PKG_CONFIG_SYSROOT_DIR=$dest
PKG_CONFIG_PATH=$(dirname "$pc")
export PKG_CONFIG_PATH
libdir=$(pkg-config --variable=libdir vpostcode)
case $libdir in
"$dest$prefix"/*) ok "installed vpostcode.pc: libdir $libdir" ;;
*) rm -f "$tmp/log"; no "installed vpostcode.pc: libdir '$libdir', not under $dest$prefix" ;;
esac

# The README's C example, as tests/readme.sh builds it.
awk '$0 == "```c" { f = 1; next } /^```$/ { f = 0 } f' "$s/README.md" > "$tmp/snippet"
want=$(sed -n 's|.*/\* prints \(.*\) \*/$|\1|p' "$tmp/snippet")
{
    echo '#include <stdio.h>'
    grep '^#include' "$tmp/snippet"
    echo 'int main(void) {'
    grep -v '^#include' "$tmp/snippet"
    echo 'return 0; }'
} > "$tmp/app.c"
cd "$tmp" || exit 1

# check NAME: ./app ran (output in $tmp/log) and printed what the README says.
check_run() {
    if [ "$(cat "$tmp/log")" = "$want" ]; then
        ok "$1 prints: $want"
    else
        no "$1 prints something else than '$want'"
    fi
}

# Shared, with no run path: the dynamic linker does not look in the prefix
# (unless the library is also installed in a system directory).
if eval "$link_shared" > "$tmp/log" 2>&1; then
    ok "$link_shared"
    if ! ldconfig -p 2> /dev/null | grep -q 'libvpostcode\.so\.0 '; then
        if ./app > "$tmp/log" 2>&1; then
            no "./app ran without a run path or LD_LIBRARY_PATH"
        elif grep -q 'libvpostcode.so.0: cannot open shared object file' "$tmp/log"; then
            ok "./app alone: libvpostcode.so.0: cannot open shared object file (as README.md says)"
        else
            no "./app alone failed otherwise"
        fi
    fi
    eval "$run_ld_path" > "$tmp/log" 2>&1
    check_run "$run_ld_path"
else
    no "$link_shared"
fi

# Shared, with the library's directory as run path.
rm -f app
if eval "$link_rpath" > "$tmp/log" 2>&1; then
    ok "$link_rpath"
    readelf -d app | grep -q "R.*PATH.*\[$libdir\]" && ok "app's run path is $libdir" ||
        { readelf -d app > "$tmp/log"; no "app has no run path $libdir"; }
    ./app > "$tmp/log" 2>&1
    check_run "./app (rpath)"
else
    no "$link_rpath"
fi

# Static: an install without the shared library (configure --disable-shared).
# Without --static, pkg-config leaves out the libraries libvpostcode.a needs.
rm -f app "$libdir"/libvpostcode.so*
# shellcheck disable=SC2046
if cc app.c $(pkg-config --cflags --libs vpostcode) -o app > "$tmp/log" 2>&1; then
    rm -f "$tmp/log"
    no "the static library linked without pkg-config --static (private libraries not needed?)"
elif grep -q 'undefined reference to' "$tmp/log"; then
    ok "without --static the link fails: $(grep -o "undefined reference to \(symbol \)\{0,1\}[\`'][a-z_0-9]*" "$tmp/log" | sed 's/^.*[`'"'"']//' | sort -u | head -n 3 | tr '\n' ' ')"
else
    no "without --static the link fails, but not for want of a library"
fi
rm -f app
if eval "$link_static" > "$tmp/log" 2>&1; then
    ok "$link_static"
    if readelf -d app | grep -q 'NEEDED.*libvpostcode'; then
        readelf -d app > "$tmp/log"
        no "the static app still needs libvpostcode.so"
    else
        ok "app does not need libvpostcode.so"
    fi
    ./app > "$tmp/log" 2>&1
    check_run "./app (static)"
else
    no "$link_static"
fi

# The uninstalled vpostcode.pc of the build tree (used by the bindings'
# tests) names the private libraries too.
if PKG_CONFIG_SYSROOT_DIR= PKG_CONFIG_PATH=$b/libvpostcode pkg-config --static --libs vpostcode > "$tmp/log" 2>&1 &&
    grep -q -- '-lproj' "$tmp/log" && grep -q -- '-lsqlite3' "$tmp/log"; then
    ok "vpostcode-uninstalled.pc: --static gives -lproj and -lsqlite3"
else
    no "vpostcode-uninstalled.pc: --static lacks the private libraries"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
