#!/bin/sh
# manpage.sh - run the examples of the man page (tools/vpostcode.1) and
# compare their output with what the page shows, so that it cannot drift.
#
# The convention in the roff: an example is a block between .EX and .EE
# whose lines starting with "$ " are commands (a line ending in "|" or "\"
# goes on in the next one) and whose other lines are the expected output:
# standard output, then standard error. "$ cat FILE" does not run: its
# output block becomes FILE, for the commands after it. Commands run with
# /bin/sh in an empty directory, with the tool first in PATH and
# VPOSTCODE_DB as `make check` sets it. Escapes are read as groff does for
# the few the page uses: \- \e \(aq \(lq \(rq \~ \[uXXXX].
set -u
b=${VPC_BUILDDIR:?} s=${VPC_SRCDIR:?}
page=$s/tools/vpostcode.1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/bin" "$tmp/run"
printf '#!/bin/sh\nexec %s "$@"\n' "$b/tools/vpostcode" > "$tmp/bin/vpostcode"
chmod +x "$tmp/bin/vpostcode"

# The examples show the fields of a database with its pre-2025 tables.
if ! "$b/tools/vpostcode" info 2>/dev/null | grep -q '^pre-2025 tables *present'; then
    echo "SKIP: the database has no pre-2025 tables"
    exit 77
fi

# The examples as records, one per line: "C<command>", "K<the command's next
# line>", "O<output line>", and "E" at the end of a block.
LC_ALL=C awk '
function utf8(cp) {
    if (cp < 128) return sprintf("%c", cp)
    if (cp < 2048) return sprintf("%c%c", 192 + int(cp / 64), 128 + cp % 64)
    if (cp < 65536) return sprintf("%c%c%c", 224 + int(cp / 4096), 128 + int(cp / 64) % 64, 128 + cp % 64)
    return sprintf("%c%c%c%c", 240 + int(cp / 262144), 128 + int(cp / 4096) % 64,
                   128 + int(cp / 64) % 64, 128 + cp % 64)
}
function hex(h,   i, v) {
    v = 0
    for (i = 1; i <= length(h); i++) v = v * 16 + index("0123456789ABCDEF", toupper(substr(h, i, 1))) - 1
    return v
}
function unescape(line,   out, m) {
    out = ""
    while (match(line, /\\\[u[0-9A-Fa-f]+\]/)) {
        out = out substr(line, 1, RSTART - 1) utf8(hex(substr(line, RSTART + 3, RLENGTH - 4)))
        line = substr(line, RSTART + RLENGTH)
    }
    line = out line
    gsub(/\\-/, "-", line); gsub(/\\\(aq/, "\047", line); gsub(/\\\(lq/, "\"", line)
    gsub(/\\\(rq/, "\"", line); gsub(/\\~/, " ", line); gsub(/\\e/, "\\", line)
    return line
}
/^\.EX/ { inex = 1; cont = 0; next }
/^\.EE/ { if (inex) print "E"; inex = 0; next }
!inex { next }
{
    line = unescape($0)
    if (cont) { print "K" line; cont = (line ~ /[|\\]$/); next }
    if (substr(line, 1, 2) == "$ ") { print "C" substr(line, 3); cont = (line ~ /[|\\]$/); next }
    print "O" line
}' "$page" > "$tmp/examples"

pass=0 fail=0
# Run the pending command (if any) and compare with the pending output.
flush() {
    [ -n "$cmd" ] || return 0
    case $cmd in
    "cat "*[!\ ]*)
        if [ "$(printf '%s' "$cmd" | wc -w)" -eq 2 ]; then
            cp "$tmp/want" "$tmp/run/${cmd#cat }"
            cmd=
            return 0
        fi ;;
    esac
    (cd "$tmp/run" && PATH="$tmp/bin:$PATH" sh -c "$cmd" > "$tmp/out" 2> "$tmp/err")
    cat "$tmp/out" "$tmp/err" > "$tmp/got"
    if cmp -s "$tmp/want" "$tmp/got"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL \$ $cmd"
        diff -u "$tmp/want" "$tmp/got" | sed 's/^/    /' | head -n 30
    fi
    cmd=
}
cmd=
: > "$tmp/want"
while IFS= read -r rec; do
    case $rec in
    C*) flush; : > "$tmp/want"; cmd=${rec#C} ;;
    K*) cmd="$cmd
${rec#K}" ;;
    O*) printf '%s\n' "${rec#O}" >> "$tmp/want" ;;
    E) flush; : > "$tmp/want" ;;
    esac
done < "$tmp/examples"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
