#!/bin/sh
# cli.sh - the vpostcode tool as a process: its output, its exit status and
# its messages for good and bad input.
set -u
b=${VPC_BUILDDIR:?}
vpc=$b/tools/vpostcode
pass=0 fail=0

# expect NAME STATUS PATTERN -- ARGS: run the tool, check the exit status and
# that stdout+stderr contain PATTERN (a fixed string).
expect() {
    name=$1 want=$2 pattern=$3
    shift 4
    out=$("$vpc" "$@" 2>&1)
    got=$?
    if [ "$got" -eq "$want" ] && printf '%s\n' "$out" | grep -qF -- "$pattern"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL $name: exit $got (want $want), output:"
        printf '%s\n' "$out" | sed 's/^/    /'
        echo "    (wanted to contain: $pattern)"
    fi
}

expect help 0 "Usage: vpostcode" -- --help
expect version 0 "vpostcode " -- version
expect olc-encode 0 "7PH72VH3+CM4" -- olc-encode 21.0285 105.8542
expect olc-encode-len 0 "7PH72V00+" -- olc-encode 21.0285 105.8542 6
expect olc-decode 0 "south   21.028500000" -- olc-decode 7PH72VH3+CM4
expect make 0 "code    110242VH3CM4P" -- make 11024 21.0285 105.8542 21.03 105.85 --check-char
expect make-display 0 "display 11024 2VH3+CM4-P" -- make 11024 21.0285 105.8542 21.03 105.85 --check-char
expect make-long 0 "code    110247PH72VH3CM4" -- make 11024 21.0285 105.8542 21.03 105.85 --long
expect locate 0 "olc     7PH72VH3+CM4" -- locate "11024 2vh3+cm4" 21.03 105.85
expect normalize 0 "11024 2VH3+CM4-P" -- normalize 110242vh3cm4 --display --check-char
expect validate 0 "valid   110242VH3CM4P (standard form, check character verified)" -- validate "11024 2VH3+CM4-P"

expect bad-check 1 "check character does not match (VPC_E_CHECK_CHARACTER) at position 16" -- validate "11024 2VH3+CM4-Q"
expect bad-char 1 "(VPC_E_BAD_CHARACTER) at position 5" -- validate "1102A2VH3CM4"
expect bad-length 1 "(VPC_E_CODE_LENGTH)" -- validate "11024 2VH3"
expect empty 1 "(VPC_E_EMPTY)" -- validate ""
expect far 1 "(VPC_E_NEEDS_LONG_FORM)" -- make 11024 21.0285 105.8542 22 105.85
expect bad-postal 1 "(VPC_E_POSTAL_CODE)" -- make 1102 21.0285 105.8542 21.03 105.85
expect nan 1 "(VPC_E_NOT_FINITE)" -- make 11024 nan 105.8542 21.03 105.85
expect lat-range 1 "(VPC_E_LATITUDE_RANGE)" -- make 11024 91 105.8542 21.03 105.85
expect short-olc 1 "(VPC_E_OLC_NOT_FULL)" -- olc-decode 2VH3+CM4
expect bad-olc-length 1 "(VPC_E_OLC_LENGTH)" -- olc-encode 21 105 7

# With the database ($VPOSTCODE_DB, set by the test harness).
expect encode 0 "code     110242RHXFJJ" -- encode 21.0287 105.8490
expect encode-ward 0 "ward     Phường Hoàn Kiếm (GSO 00070, postal code 11024)" -- encode 21.0287 105.8490
expect encode-province 0 "province Thành phố Hà Nội (GSO 01)" -- encode 21.0287 105.8490
expect encode-check 0 "display  11024 2RHX+FJJ-2" -- encode 21.0287 105.8490 --check-char
expect encode-long 0 "code     110247PH72RHXFJJ" -- encode 21.0287 105.8490 --long
expect encode-utm 0 "ward     Phường Hoàn Kiếm" -- encode 588584.75 2325571.5128 --crs EPSG:32648
expect decode 0 "olc      7PH72RHX+FJJ" -- decode "11024 2rhx+fjj"
expect decode-ward 0 "ward     Phường Hoàn Kiếm" -- decode "11024 2RHX+FJJ-2"
expect lookup 0 "ward     Phường Bến Thành (GSO 26743, postal code 71009)" -- lookup 10.7725 106.6980
expect ward-postal 0 "ward     Phường Hoàn Kiếm (GSO 00070" -- ward 11024
expect ward-gso 0 "postal code 11024" -- ward 00070
expect ward-long 0 "form     long" -- ward 22736
expect info 0 "ward_count 3321" -- info
expect at-sea 1 "(VPC_E_NO_WARD)" -- encode 18.5 107.5
expect abroad 1 "(VPC_E_OUTSIDE_VIETNAM)" -- lookup 13.7563 100.5018
expect unknown-postal 1 "(VPC_E_UNKNOWN_POSTAL_CODE)" -- decode "00000 2RHX+FJJ"
expect unknown-ward 1 "(VPC_E_UNKNOWN_WARD)" -- ward 99999
expect other-ward 0 "(VPC_W_OUTSIDE_WARD)" -- decode "71009 2RHX+FJJ"
expect no-db 3 "(VPC_E_DB_NOT_FOUND)" -- encode 21.0287 105.8490 --db /nonexistent/vpostcode.sqlite
expect bad-crs 2 "unknown coordinate reference system EPSG:0" -- encode 1 2 --crs EPSG:0
expect db-missing-value 2 "missing value after --db" -- encode 21 105 --db

expect no-command 2 "a command is required" --
expect unknown-command 2 "unknown command frobnicate" -- frobnicate
expect not-a-number 2 "latitude: '21,03' is not a number" -- make 11024 21,03 105.85 21 105
expect trailing-junk 2 "is not a number" -- olc-encode 21.0x 105
expect unknown-option 2 "unknown option --fast" -- make 11024 21 105 21 105 --fast
expect missing-args 2 "make takes POSTAL LAT LON REF_LAT REF_LON" -- make 11024 21
expect both-check-flags 2 "exclude each other" -- normalize 110242VH3CM4 --check-char --no-check-char

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
