package vpostcode

import (
	"bufio"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// olcRows reads one file of the OLC project's conformance vectors from
// $VPC_OLC_TEST_DATA as tests/csvrows.c does: blank lines and '#' comments
// skipped, fields split at every ','. Skipped when the variable is unset;
// a file that cannot be read is a failure.
func olcRows(t *testing.T, name string, nfields int) [][]string {
	t.Helper()
	dir := os.Getenv("VPC_OLC_TEST_DATA")
	if dir == "" {
		t.Skip("VPC_OLC_TEST_DATA is not set: skipping the OLC vectors")
	}
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		t.Fatalf("the OLC vectors: %v", err)
	}
	defer f.Close()
	var rows [][]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r\n")
		if line == "" || line[0] == '#' {
			continue
		}
		fields := strings.Split(line, ",")
		if len(fields) != nfields {
			t.Fatalf("%s: row %q has %d fields, expected %d", name, line, len(fields), nfields)
		}
		rows = append(rows, fields)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(rows) == 0 {
		t.Fatalf("%s has no rows", name)
	}
	return rows
}

func number(t *testing.T, row []string, i int) float64 {
	t.Helper()
	x, err := strconv.ParseFloat(row[i], 64)
	if err != nil {
		t.Fatalf("row %v: field %d: %v", row, i, err)
	}
	return x
}

// The vectors give bounds with up to 11 decimals; the reference
// implementations, and tests/check_olc.c, compare to this tolerance.
const olcEps = 1e-9

func TestOLCEncodingVectors(t *testing.T) {
	rows := olcRows(t, "encoding.csv", 6)
	for _, r := range rows {
		length, err := strconv.Atoi(r[4])
		if err != nil {
			t.Fatalf("row %v: %v", r, err)
		}
		got, err := OLCEncode(number(t, r, 0), number(t, r, 1), length)
		if r[5] == "" {
			if err == nil {
				t.Errorf("row %v must be rejected, got %s", r, got)
			}
			continue
		}
		if err != nil || got != r[5] {
			t.Errorf("row %v: got %q, %v", r, got, err)
		}
	}
	t.Logf("%d encoding rows", len(rows))
}

func TestOLCDecodingVectors(t *testing.T) {
	rows := olcRows(t, "decoding.csv", 6)
	for _, r := range rows {
		c, err := OLCDecode(r[0])
		if err != nil {
			t.Errorf("row %v: %v", r, err)
			continue
		}
		length, err := strconv.Atoi(r[1])
		if err != nil {
			t.Fatalf("row %v: %v", r, err)
		}
		if c.Length != length ||
			math.Abs(c.South-number(t, r, 2)) >= olcEps || math.Abs(c.West-number(t, r, 3)) >= olcEps ||
			math.Abs(c.North-number(t, r, 4)) >= olcEps || math.Abs(c.East-number(t, r, 5)) >= olcEps {
			t.Errorf("row %v: got %+v", r, c)
		}
		if !(c.Lat > c.South && c.Lat < c.North && c.Lon > c.West && c.Lon < c.East) {
			t.Errorf("row %v: centre (%v, %v) not inside", r, c.Lat, c.Lon)
		}
	}
	t.Logf("%d decoding rows", len(rows))
}

func TestOLCShortCodeVectors(t *testing.T) {
	rows := olcRows(t, "shortCodeTests.csv", 5)
	for _, r := range rows {
		full, lat, lon, short, kind := r[0], number(t, r, 1), number(t, r, 2), r[3], r[4]
		checked := 0
		if kind == "S" || kind == "B" {
			got, err := OLCShorten(full, lat, lon)
			if err != nil || got != short {
				t.Errorf("row %v: shortened to %q, %v", r, got, err)
			}
			checked++
		}
		if kind == "R" || kind == "B" {
			got, err := OLCRecover(short, lat, lon)
			if err != nil || got != full {
				t.Errorf("row %v: recovered %q, %v", r, got, err)
			}
			checked++
		}
		if checked == 0 {
			t.Errorf("row %v has an unknown test type", r)
		}
	}
	t.Logf("%d short-code rows", len(rows))
}

func TestOLCValidityVectors(t *testing.T) {
	rows := olcRows(t, "validityTests.csv", 4)
	for _, r := range rows {
		code := r[0]
		if OLCIsValid(code) != (r[1] == "true") || OLCIsShort(code) != (r[2] == "true") ||
			OLCIsFull(code) != (r[3] == "true") {
			t.Errorf("row %v: valid %v short %v full %v", r, OLCIsValid(code), OLCIsShort(code), OLCIsFull(code))
		}
	}
	t.Logf("%d validity rows", len(rows))
}

// The codec's errors, as tests/check_olc.c checks them.
func TestOLCErrors(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want error
	}{
		{"encode NaN", second(OLCEncode(math.NaN(), 105, 10)), ErrNotFinite},
		{"encode +Inf", second(OLCEncode(21, math.Inf(1), 10)), ErrNotFinite},
		{"encode length 0", second(OLCEncode(21, 105, 0)), ErrOLCLength},
		{"encode length 9", second(OLCEncode(21, 105, 9)), ErrOLCLength},
		{"encode length -1", second(OLCEncode(21, 105, -1)), ErrOLCLength},
		{"encode length below MinInt32", second(OLCEncode(21, 105, math.MinInt32-10)), ErrOLCLength},
		{"decode a short code", second(OLCDecode("9QCJ+2VX")), ErrOLCNotFull},
		{"decode a bad code", second(OLCDecode("8FWC2345+G")), ErrOLCInvalid},
		{"decode empty", second(OLCDecode("")), ErrOLCInvalid},
		{"decode beyond 90N", second(OLCDecode("F2222222+22")), ErrOLCInvalid},
		{"decode with a NUL", second(OLCDecode("8FWC2345+G6\x00")), ErrOLCInvalid},
		{"shorten padded", second(OLCShorten("8FWC0000+", 47, 8)), ErrOLCPadded},
		{"shorten short", second(OLCShorten("9QCJ+2VX", 47, 8)), ErrOLCNotFull},
		{"shorten junk", second(OLCShorten("not a code", 47, 8)), ErrOLCInvalid},
		{"shorten NaN", second(OLCShorten("8FWC2345+G6", math.NaN(), 8)), ErrNotFinite},
		{"shorten with a NUL", second(OLCShorten("8FWC2345+G6\x00", 47, 8)), ErrOLCInvalid},
		{"recover invalid", second(OLCRecover("9QCJ+2", 47, 8)), ErrOLCInvalid},
		{"recover NaN", second(OLCRecover("9QCJ+2VX", 47, math.NaN())), ErrNotFinite},
		{"recover with a NUL", second(OLCRecover("9QCJ+2VX\x00", 47, 8)), ErrOLCInvalid},
	}
	for _, c := range cases {
		if !errors.Is(c.err, c.want) {
			t.Errorf("%s: got %v, expected %v", c.name, c.err, c.want)
		}
	}
	// A length beyond int32 is a long request (15 digits), not a wrapped one.
	if got, err := OLCEncode(21.0287, 105.849, math.MaxInt32+1); err != nil || len(got) != 16 {
		t.Errorf("huge length: %q, %v", got, err)
	}
	for _, code := range []string{"8FWC2345+G6\x00", "\x008FWC2345+G6", "9QCJ+2VX\x00"} {
		if OLCIsValid(code) || OLCIsShort(code) || OLCIsFull(code) {
			t.Errorf("%q passes a validity test", code)
		}
	}
	// README: "7PH72RHX+FJJ" is the OLC of Nhà thờ Lớn (21.0287, 105.8490).
	if got, err := OLCEncode(21.0287, 105.849, 11); err != nil || got != "7PH72RHX+FJJ" {
		t.Errorf("Nhà thờ Lớn: %q, %v", got, err)
	}
}

func second[T any](_ T, err error) error { return err }
