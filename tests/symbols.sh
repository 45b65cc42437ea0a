#!/bin/sh
# symbols.sh - the shared library exports exactly the functions that
# vpostcode.h declares with VPC_API: nothing without the vpc_ prefix, nothing
# private, nothing missing.
set -eu
b=${VPC_BUILDDIR:?}
lib=$b/libvpostcode/.libs/libvpostcode.so
header=$b/libvpostcode/include/vpostcode.h
[ -f "$lib" ] || { echo "no shared library at $lib"; exit 1; }
command -v nm >/dev/null || { echo "nm not found (Debian package binutils)"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBR]$/ { print $3 }' | sort > "$tmp/exported"
# Declarations look like "VPC_API type name(" or "VPC_API type *name(".
sed -n 's/^VPC_API[^(]*[ *]\(vpc_[a-z_0-9]*\)(.*/\1/p' "$header" | sort > "$tmp/declared"

echo "exported: $(wc -l < "$tmp/exported") symbols; declared: $(wc -l < "$tmp/declared") functions"
if grep -v '^vpc_' "$tmp/exported"; then
    echo "FAIL: symbols above are exported without the vpc_ prefix"
    exit 1
fi
if ! diff -u "$tmp/declared" "$tmp/exported"; then
    echo "FAIL: exported symbols differ from the header's declarations"
    exit 1
fi
# Guard the guard: the header scan must have found the API.
for f in vpc_version vpc_strerror vpc_olc_encode vpc_code_parse vpc_code_make; do
    grep -qx "$f" "$tmp/declared" || { echo "FAIL: $f not found in the header scan"; exit 1; }
done
echo "1 passed, 0 failed"
