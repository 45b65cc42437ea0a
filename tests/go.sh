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

# An outside program, built the way bindings/go/README.md documents for a
# clone: its own module requiring the module path, a Go workspace that
# uses the clone's bindings/go (no replace line), nothing downloaded
# (GOPROXY=off). It must build, run and print what the README says.
outside() {
    dir=$b/tests/go-outside
    rm -rf "$dir" && mkdir -p "$dir" || return 1
    cat > "$dir/go.mod" <<'EOF_MOD' || return 1
module example.com/outside

go 1.19

require github.com/libvpostcode/libvpostcode/bindings/go v0.0.0
EOF_MOD
    cat > "$dir/main.go" <<'EOF_GO' || return 1
package main

import (
	"errors"
	"fmt"
	"log"

	vpostcode "github.com/libvpostcode/libvpostcode/bindings/go"
)

func main() {
	db, err := vpostcode.Open("")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	enc, err := db.Encode(21.0287, 105.8490)
	fmt.Println(enc.Display, enc.Ward.Name, err)
	_, err = db.Lookup(11.5564, 104.9282) // Phnom Penh
	fmt.Println(errors.Is(err, vpostcode.ErrOutsideVietnam))
	n, err := db.LookupNearest(16.0544, 108.2500, 500)
	fmt.Println(n.Ward.Name, n.Nearest, err)
}
EOF_GO
    (
        cd "$dir" && unset GOWORK &&
            go work init && go work use . "$s/bindings/go" &&
            go build $asan -o outside . &&
            ./outside > out.txt
    ) || return 1
    printf '%s\n' '11024 2RHX+FJJ Phường Hoàn Kiếm <nil>' 'true' 'Phường Ngũ Hành Sơn true <nil>' > "$dir/want.txt"
    if ! cmp -s "$dir/want.txt" "$dir/out.txt"; then
        echo "the outside program printed:"
        cat "$dir/out.txt"
        return 1
    fi
    # It really used the workspace: go.work names the clone's module.
    grep -q "bindings/go" "$dir/go.work"
}
step outside

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
