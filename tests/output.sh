#!/bin/sh
# output.sh - the batch output as a process sees it, where golden cases of
# cli.sh cannot reach: output that cannot be written (a full device, a file
# size limit reached mid-run, a closed pipe), and every row of a CSV/TSV
# output as wide as its header, every JSON Lines row valid JSON and UTF-8
# (checked with Python's csv and json modules when python3 is there).
set -u
b=${VPC_BUILDDIR:?}
vpc=$b/tools/vpostcode
LC_ALL=C
export LC_ALL
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
check() { # name expected actual
    if [ "$2" = "$3" ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        printf 'FAIL %s\n  expected: %s\n  actual:   %s\n' "$1" "$2" "$3"
    fi
}

# 300,000 rows of a valid point: many slots of 256 KiB.
awk 'BEGIN { print "id,lat,lon"; for (i = 1; i <= 300000; i++) print i ",21.0287,105.849" }' > "$tmp/big.csv"
awk 'BEGIN { for (i = 1; i <= 300000; i++) print "{\"id\":" i ",\"lat\":21.0287,\"lon\":105.849}" }' > "$tmp/big.jsonl"

# A full device: nothing can be written, not even the header. Exit 5, one
# message, no summary claiming rows.
if [ -w /dev/full ]; then
    for input in big.csv big.jsonl; do
        got=$(cd "$tmp" && "$vpc" encode --input "$input" 2>&1 > /dev/full; echo "exit $?")
        check "encode --input $input > /dev/full" "vpostcode: cannot write the output: No space left on device (after 0 rows)
exit 5" "$got"
    done
    got=$(cd "$tmp" && "$vpc" encode --input big.csv --json --threads 2 2>&1 > /dev/full; echo "exit $?")
    check "encode --input big.csv --json --threads 2 > /dev/full" "vpostcode: cannot write the output: No space left on device (after 0 rows)
exit 5" "$got"
else
    echo "SKIP /dev/full: not writable here"
fi

# A file size limit reached mid-run (SIGXFSZ ignored, so write fails with
# EFBIG): exit 5, and the rows the message claims are all in the file.
for threads in 1 2; do
    (cd "$tmp" && trap '' XFSZ && ulimit -f 64 &&
     "$vpc" encode --input big.csv --threads $threads > out.csv 2> err.txt; echo $? > code.txt)
    code=$(cat "$tmp/code.txt")
    msg=$(cat "$tmp/err.txt")
    claimed=$(printf '%s\n' "$msg" | sed -n 's/^vpostcode: cannot write the output: .* (after \([0-9]*\) rows*)$/\1/p')
    rows=$(awk 'END { print NR - 1 }' "$tmp/out.csv")
    check "ulimit -f 64, --threads $threads: exit status" 5 "$code"
    check "ulimit -f 64, --threads $threads: one message, no summary" "1 0" \
        "$(printf '%s\n' "$msg" | grep -c 'cannot write the output: File too large (after [0-9]* rows*)$') $(printf '%s\n' "$msg" | grep -c 'rows, .* ok')"
    ok=no
    [ -n "$claimed" ] && [ "$rows" -ge "$claimed" ] && [ "$claimed" -lt 300000 ] && [ "$claimed" -gt 0 ] && ok=yes
    check "ulimit -f 64, --threads $threads: claimed ($claimed) <= rows in the file ($rows) < 300000" yes "$ok"
done

# A closed pipe with SIGPIPE ignored (as some parents leave it): EPIPE,
# exit 5. (With SIGPIPE at its default the process ends by the signal, as
# any Unix filter does.)
(cd "$tmp" && trap '' PIPE &&
 { "$vpc" encode --input big.csv 2> pipe-err.txt; echo $? > pipe-code.txt; } | head -n 1 > /dev/null)
check "a closed pipe, SIGPIPE ignored: exit 5" 5 "$(cat "$tmp/pipe-code.txt")"
check "a closed pipe, SIGPIPE ignored: the message" 1 \
    "$(grep -c '^vpostcode: cannot write the output: Broken pipe (after [0-9]* rows*)$' "$tmp/pipe-err.txt")"

# The whole run written: the summary counts every row.
got=$(cd "$tmp" && "$vpc" encode --input big.csv --threads 2 2>&1 > out.csv; echo "exit $?")
check "300000 rows written" "vpostcode: encode: 300000 rows, 300000 ok, 0 failed
exit 0" "$got"
check "300000 rows in the file" 300001 "$(awk 'END { print NR }' "$tmp/out.csv")"

# Every row as wide as the header; JSON Lines valid JSON; all UTF-8.
if command -v python3 > /dev/null 2>&1; then
    cat > "$tmp/shape.py" << 'EOF'
import csv, io, json, sys
kind, sep = sys.argv[1], sys.argv[2]
data = sys.stdin.buffer.read()
if not data:
    print("no output"); sys.exit(0)
try:
    text = data.decode("utf-8")
except UnicodeDecodeError as e:
    print("not UTF-8:", e); sys.exit(0)
if kind == "json":
    for n, line in enumerate(text.splitlines(), 1):
        try:
            if not isinstance(json.loads(line), dict):
                print("line", n, "not an object"); sys.exit(0)
        except ValueError as e:
            print("line", n, "not JSON:", e); sys.exit(0)
    print("ok"); sys.exit(0)
sep = "\t" if sep == "tab" else sep
rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep,
                       quoting=csv.QUOTE_NONE if sep == "\t" else csv.QUOTE_MINIMAL))
width = len(rows[0])
bad = [i for i, r in enumerate(rows, 1) if len(r) != width]
print("ok" if not bad else "rows %s not %d fields wide" % (bad, width))
EOF
    shape() { # name kind sep input-text vpostcode-args...
        name=$1 kind=$2 sep=$3 text=$4
        shift 4
        got=$(printf "$text" | "$vpc" "$@" 2> /dev/null | python3 "$tmp/shape.py" "$kind" "$sep")
        check "$name" ok "$got"
    }
    rows='id,lat,lon\n1,21.0287,105.849,\n2,21.0287\n3,21.0287,105.849,x\n4,10.7725,106.6980,,,\n5,"a,b",1\n6,"21.0287","105.849"\n'
    shape "CSV: trailing comma, short, extra field" csv , "$rows" encode --input - --format csv
    shape "CSV, decode" csv , 'id,code\n1,11024 2RHX+FJJ,\n2\n3,x,y\n' decode --input - --format csv
    shape "CSV, lookup --threads 2" csv , "$rows" lookup --input - --format csv --threads 2
    shape "CSV -> JSON" json - "$rows" encode --input - --format csv --json
    tsv='id\tlat\tlon\n1\t21.0287\t105.849\t\n2\t21.0287\n3\t21.0287\t105.849\tx\n4\t10.7725\t106.6980\t\t\n'
    shape "TSV: trailing tab, short, extra field" csv tab "$tsv" encode --input - --format tsv
    shape "TSV -> CSV" csv , "$tsv" encode --input - --format tsv --csv
    semi='id;lat;lon\n1;21.0287;105.849;\n2;21.0287\n3;21.0287;105.849;x\n4;"a;b";1\n'
    shape "--delimiter ';'" csv ';' "$semi" encode --input - --delimiter ';'
    shape "--delimiter ';' --csv" csv , "$semi" encode --input - --delimiter ';' --csv
    shape "--no-header" csv , '21.0287,105.849\n21.0287\n1,2,3\n21.0287,105.849,,\n' encode --input - --no-header
    jsonl='{"lat":21.0287,"lon":105.849,"n":"caf\351"}\n{"LAT":1,"Lon":2}\nnot json \377\n{"lat":"1\303","lon":2}\n[1]\n{}\n'
    shape "JSONL -> JSONL, invalid UTF-8 and malformed lines" json - "$jsonl" encode --input - --format jsonl
    shape "JSONL -> CSV" csv , "$jsonl" encode --input - --format jsonl --csv
    shape "CSV with invalid UTF-8 -> JSON" json - 'id,lat,lon\n\377,21.0287,105.849\n"\303",1,2\n' encode --input - --format csv --json
    shape "CSV with invalid UTF-8 -> CSV" csv , 'id,lat,lon\n\377,21.0287,105.849\n"\303",1,2\n' encode --input - --format csv
else
    echo "SKIP the width and JSON checks: no python3"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
