#!/bin/sh
# address.sh - the address resolver over a quick subset of the generated
# evaluation set (tests/address/make-set.py, from the source data) and the
# hand-written set, through tests/bench/bench_address: nothing crashes,
# no divided pre-2025 commune is answered with one of its wards without
# saying so, and the clean current-form rows and the hand-written
# current-form rows stay above stable floors. Speed is not tested.
# Skipped (77) without python3, without the source directory, or when the
# database has no address lexicon; the pre-2025 rows are scored only when
# the database has the pre-2025 names.
set -u
b=${VPC_BUILDDIR:?}
s=${VPC_SRCDIR:?}
db=${VPOSTCODE_DB:?}
bench=$b/tests/bench/bench_address
src=${VPOSTCODE_GEODATA_SRC:-$s/../shared/geodata-src}

command -v python3 >/dev/null 2>&1 || { echo "no python3: skipped"; exit 77; }
[ -d "$src" ] || { echo "no source directory $src: skipped"; exit 77; }
[ -x "$bench" ] || { echo "FAIL: $bench is not built"; exit 1; }

mkdir -p "$b/tests/address"
set_file=$b/tests/address/quick.tsv
VPOSTCODE_GEODATA_SRC=$src python3 "$s/tests/address/make-set.py" --quick "$set_file" ||
    { echo "FAIL: make-set.py"; exit 1; }
python3 "$s/tests/address/lookup.py" --check "$s/tests/address/handwritten.tsv" ||
    { echo "FAIL: handwritten.tsv disagrees with the source data"; exit 1; }

out=$("$bench" --db "$db" --no-speed --failures 3 "$set_file" "$s/tests/address/handwritten.tsv")
rc=$?
case $out in
*"lexicon: none"*) echo "$out"; echo "the database has no address lexicon: skipped"; exit 77 ;;
esac
[ $rc -eq 0 ] || { echo "$out"; echo "FAIL: bench_address exited with $rc"; exit 1; }
floors="--floor quick:new+clean=99 --floor handwritten:new=90"
case $out in
*"current and pre-2025 names"*)
    floors="$floors --floor quick:old+clean=95 --floor handwritten:all=85" ;;
esac
# shellcheck disable=SC2086
"$bench" --db "$db" --no-speed --failures 5 --max-silent-splits 0 $floors \
    "$set_file" "$s/tests/address/handwritten.tsv"
rc=$?
[ $rc -eq 0 ] && echo "ok: address floors met" || echo "FAIL: address floors (exit $rc)"
exit $rc
