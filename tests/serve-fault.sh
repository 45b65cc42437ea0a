#!/bin/sh
# serve-fault.sh - `vpostcode serve` under load through faults: eight
# client threads of tests/serve_fault.py send keep-alive GET /v1/encode
# requests to a real server process and check every answer (200, the code
# of the point) while the server is
#   A  sent SIGHUP five times, a new copy of the database moved over its
#      file before each: no request may fail, /v1/info "reloads" grows by 5;
#   B  killed (SIGKILL) and a new server started on the same port: only the
#      requests in flight at the kill may fail, at most one a client thread;
#   C  sent SIGTERM: exit status 0, every answer a 200, at most one failed
#      request a client thread.
# The server's database is this test's own file (a hard link to the build's
# database, else a copy) in a directory next to the build's, so that the
# copies moved over it are renamed within one file system. Under 60 s.
set -u
b=${VPC_BUILDDIR:?}
s=${VPC_SRCDIR:?}
db=${VPOSTCODE_DB:-$b/geodata/vpostcode.vpc}
py=/usr/bin/python3
[ -x "$py" ] || py=$(command -v python3) || { echo "python3 not installed: skipped"; exit 77; }
[ -r "$db" ] || { echo "FAIL: no database $db"; exit 1; }
[ -x "$b/tools/vpostcode" ] || { echo "FAIL: $b/tools/vpostcode is not built"; exit 1; }

work=$(mktemp -d "$b/tests/serve-fault.XXXXXX" 2> /dev/null || mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
ln "$db" "$work/vpostcode.vpc" 2> /dev/null || cp "$db" "$work/vpostcode.vpc" || exit 1

"$py" "$s/tests/serve_fault.py" "$b/tools/vpostcode" "$db" "$work"
