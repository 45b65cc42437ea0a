#!/bin/sh
# go.sh - the Go binding (bindings/go): formatting, go vet, its tests and
# examples against the library and the tool of this build tree, the same
# tests under the race detector, and each benchmark run once.
#
# Inputs (from `make check`): VPC_SRCDIR, VPC_BUILDDIR, VPOSTCODE_DB,
# VPC_OLC_TEST_DATA. Exit status 0 pass, 1 fail, 77 skip (only when `go`
# is not installed). Nothing is written to the source tree, which may be
# read-only (make distcheck): the module has no dependencies, hence no
# go.sum, and every cache lives under $VPC_BUILDDIR/tests.
set -u
b=${VPC_BUILDDIR:?} s=${VPC_SRCDIR:?}

if ! command -v go > /dev/null 2>&1; then
    echo "SKIP: go is not installed"
    exit 77
fi

PKG_CONFIG_PATH=$b/libvpostcode
LD_LIBRARY_PATH=$b/libvpostcode/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
GOCACHE=$b/tests/go-cache
GOPATH=$b/tests/go-path
GOPROXY=off
GOTOOLCHAIN=local
GOFLAGS=
GOENV=off
GOWORK=off
CGO_ENABLED=1
VPC_CLI=$b/tools/vpostcode
export PKG_CONFIG_PATH LD_LIBRARY_PATH GOCACHE GOPATH GOPROXY GOTOOLCHAIN GOFLAGS \
    GOENV GOWORK CGO_ENABLED VPC_CLI VPC_SRCDIR
mkdir -p "$GOCACHE" "$GOPATH" || exit 1

cd "$s/bindings/go" || exit 1
gofmt=$(command -v gofmt || echo "$(go env GOROOT)/bin/gofmt")
pass=0 fail=0

step() {
    echo "== $*"
    if "$@"; then
        pass=$((pass + 1))
    else
        echo "FAIL: $*"
        fail=$((fail + 1))
    fi
}

unformatted() {
    out=$("$gofmt" -l .) || return 1
    [ -z "$out" ] && return 0
    echo "not gofmt-formatted:"
    echo "$out"
    return 1
}

go version
step unformatted
step go vet ./...
# -count=1: the library and the tool may have changed while the test
# binary did not, so a cached result proves nothing.
# With the library built with AddressSanitizer (configure
# --enable-sanitizers) the test binary links the same runtime (go -asan);
# the race detector is a sanitizer of its own and cannot join it.
asan=
[ "${VPC_SANITIZE:-}" = address ] && asan=-asan
step go test -count=1 $asan ./...

# The race detector needs its runtime for this platform (and cgo).
race=$(go env GOROOT)/src/runtime/race/race_$(go env GOOS)_$(go env GOARCH).syso
if [ -n "${VPC_SANITIZE:-}" ]; then
    echo "== go test -race: not with the library built with a sanitizer"
elif [ -f "$race" ]; then
    step go test -count=1 -race ./...
else
    echo "== go test -race: not available here (no $race), not run"
fi

# Each benchmark once, so that they keep running; one iteration says
# nothing of speed (for figures: go test -bench . in bindings/go).
step go test -count=1 $asan -run '^$' -bench . -benchtime 1x ./...

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
