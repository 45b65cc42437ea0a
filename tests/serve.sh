#!/bin/sh
# serve.sh - `vpostcode serve` over HTTP: tests/serve_http.py starts real
# server processes on loopback ports and asks them with real sockets (the
# golden cases of tests/serve/, the answers compared with the tool's, the
# malformed requests, batches, the access log, CORS, SIGHUP, SIGTERM).
# --update rewrites tests/serve/golden.txt.
set -u
b=${VPC_BUILDDIR:?} s=${VPC_SRCDIR:?}
py=/usr/bin/python3
[ -x "$py" ] || py=$(command -v python3) || { echo "python3 not installed"; exit 77; }
# python3 only starts the tool (instrumented itself in a sanitizer build):
# nothing of the library is loaded into it, no runtime to preload
exec "$py" "$s/tests/serve_http.py" "$b/tools/vpostcode" "$s" "$@"
