package vpostcode

import (
	"bufio"
	"errors"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"testing"
)

// The database shared by the tests: $VPOSTCODE_DB, else the installed one.
var shared struct {
	once sync.Once
	db   *Database
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.db != nil {
		shared.db.Close()
	}
	os.Exit(code)
}

// testDB opens the shared database once. The test is skipped only when no
// database was asked for ($VPOSTCODE_DB unset) and none is installed.
func testDB(tb testing.TB) *Database {
	tb.Helper()
	shared.once.Do(func() { shared.db, shared.err = Open("") })
	if shared.err != nil {
		if os.Getenv("VPOSTCODE_DB") == "" && errors.Is(shared.err, ErrDbNotFound) {
			tb.Skipf("no database (VPOSTCODE_DB is not set): %v", shared.err)
		}
		tb.Fatalf("opening the test database: %v", shared.err)
	}
	return shared.db
}

// place is one row of tests/places.inc: a well-known place and its ward.
type place struct {
	name       string
	lat, lon   float64
	wardCode   string
	postalCode string
	wardName   string
	province   string
}

var placeRow = regexp.MustCompile(`^\{"([^"]+)", (-?[0-9.]+), (-?[0-9.]+), "([0-9]{5})", "([0-9]{5})", "([^"]+)", "([0-9]{2})"\},?$`)

// places reads the facts the C suite checks too, from the source tree:
// $VPC_SRCDIR/tests/places.inc, else ../../tests/places.inc.
func places(tb testing.TB) []place {
	tb.Helper()
	path := filepath.Join("..", "..", "tests", "places.inc")
	if dir := os.Getenv("VPC_SRCDIR"); dir != "" {
		path = filepath.Join(dir, "tests", "places.inc")
	}
	f, err := os.Open(path)
	if err != nil {
		tb.Fatalf("the well-known places: %v", err)
	}
	defer f.Close()
	var rows []place
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if len(line) == 0 || line[0] != '{' {
			continue
		}
		m := placeRow.FindStringSubmatch(line)
		if m == nil {
			tb.Fatalf("%s: cannot read the row %q", path, line)
		}
		lat, err1 := strconv.ParseFloat(m[2], 64)
		lon, err2 := strconv.ParseFloat(m[3], 64)
		if err1 != nil || err2 != nil {
			tb.Fatalf("%s: bad coordinates in %q", path, line)
		}
		rows = append(rows, place{m[1], lat, lon, m[4], m[5], m[6], m[7]})
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	if len(rows) < 12 {
		tb.Fatalf("%s: %d places, expected at least 12", path, len(rows))
	}
	return rows
}

// samplePoints are n deterministic points spread over the wards' bounding
// boxes (most in a ward, some in a neighbour or at sea), for comparing
// two ways of computing the same results.
func samplePoints(tb testing.TB, db *Database, n int) (lats, lons []float64) {
	tb.Helper()
	wards, err := db.Wards()
	if err != nil {
		tb.Fatal(err)
	}
	for i := 0; i < n; i++ {
		w := wards[(i*7919)%len(wards)]
		// Additive recurrences with irrational steps: well spread, no
		// random state.
		fy := math.Mod(0.5+float64(i)*0.6180339887498949, 1)
		fx := math.Mod(0.5+float64(i)*0.7548776662466927, 1)
		lats = append(lats, w.South+fy*(w.North-w.South))
		lons = append(lons, w.West+fx*(w.East-w.West))
	}
	return lats, lons
}

// badPoints are points every call must refuse, each with its error.
var badPoints = []struct {
	name     string
	lat, lon float64
	want     error
}{
	{"NaN latitude", math.NaN(), 105.849, ErrNotFinite},
	{"NaN longitude", 21.0287, math.NaN(), ErrNotFinite},
	{"+Inf latitude", math.Inf(1), 105.849, ErrNotFinite},
	{"-Inf longitude", 21.0287, math.Inf(-1), ErrNotFinite},
	{"latitude 91", 91, 105.849, ErrLatitudeRange},
	{"latitude -90.5", -90.5, 105.849, ErrLatitudeRange},
	{"longitude 181", 21.0287, 181, ErrLongitudeRange},
	{"longitude -200", 21.0287, -200, ErrLongitudeRange},
	// In no ward: within 12 nautical miles (22,224 m) of a ward is
	// ErrNoWard, farther ErrOutsideVietnam (finding 7, docs/SPEC.md).
	{"off Đà Nẵng", 16.06, 108.27, ErrNoWard},
	{"gap between wards", 20.691106, 106.793325, ErrNoWard},
	{"Phnom Penh", 11.5564, 104.9282, ErrOutsideVietnam},
	{"Vientiane", 17.9757, 102.6331, ErrOutsideVietnam},
	{"Bangkok", 13.7563, 100.5018, ErrOutsideVietnam},
	{"open sea", 12.0, 110.6, ErrOutsideVietnam},
	{"South China Sea", 15.0, 112.0, ErrOutsideVietnam},
	{"Gulf of Tonkin", 20.0, 107.5, ErrOutsideVietnam},
	{"Paris", 48.8566, 2.3522, ErrOutsideVietnam},
	{"Null Island", 0, 0, ErrOutsideVietnam},
}
