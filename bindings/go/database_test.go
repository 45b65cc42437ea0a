package vpostcode

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
)

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	junk := make([]byte, 4096)
	for i := range junk {
		junk[i] = byte(i*131 + 7)
	}
	cases := []struct {
		name, path string
		want       error
	}{
		{"missing file", filepath.Join(dir, "missing.sqlite"), ErrDbNotFound},
		{"missing directory", filepath.Join(dir, "no", "such", "dir.sqlite"), ErrDbNotFound},
		{"a directory", dir, ErrDbUnreadable},
		{"empty file", write("empty.sqlite", nil), ErrDbCorrupt},
		{"junk", write("junk.sqlite", junk), ErrDbCorrupt},
		{"text", write("text.sqlite", []byte("SQLite format 3\x00 but not really\n")), ErrDbCorrupt},
		{"NUL in the path", filepath.Join(dir, "x\x00y.sqlite"), ErrInvalidArgument},
	}
	for _, c := range cases {
		db, err := Open(c.path)
		if db != nil || !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, %v; expected %v", c.name, db, err, c.want)
			continue
		}
		var pe *os.PathError
		var e *Error
		if !errors.As(err, &pe) || pe.Path != c.path || !errors.As(err, &e) {
			t.Errorf("%s: %v does not carry the path and the status", c.name, err)
		}
	}
}

// A real runtime file cut short is corrupt, not a crash.
func TestOpenTruncated(t *testing.T) {
	db := testDB(t)
	src, err := os.Open(db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	path := filepath.Join(t.TempDir(), "truncated.vpc")
	dst, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.CopyN(dst, src, 1<<20); err != nil {
		t.Fatal(err)
	}
	dst.Close()
	if d, err := Open(path); !errors.Is(err, ErrDbCorrupt) {
		t.Errorf("truncated copy: %v, %v", d, err)
		d.Close()
	}
}

// An SQLite database opens through the runtime file next to it, which
// must have been built from it (the metadata key build_id): a runtime file
// of another build is ErrDbStale, a missing one ErrDbNotFound naming it.
// The SQLite side is a stand-in made with the sqlite3 shell: the metadata
// table is all that the pairing reads of it.
func TestOpenPairing(t *testing.T) {
	db := testDB(t)
	shell, err := exec.LookPath("sqlite3")
	if err != nil {
		t.Skip("no sqlite3 shell to make an SQLite database with")
	}
	meta, err := db.Metadata()
	if err != nil || meta["build_id"] == "" {
		t.Fatalf("the runtime file has no build_id: %v", err)
	}
	runtimeFile, err := filepath.Abs(db.Path())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	sqlitePath := filepath.Join(dir, "pair.sqlite")
	vpcPath := filepath.Join(dir, "pair.vpc")
	setBuildID := func(id string) {
		t.Helper()
		sql := "CREATE TABLE IF NOT EXISTS metadata (key TEXT PRIMARY KEY, value TEXT);" +
			"INSERT OR REPLACE INTO metadata VALUES ('schema_version', '1'), ('build_id', '" + id + "');"
		if out, err := exec.Command(shell, "-batch", sqlitePath, sql).CombinedOutput(); err != nil {
			t.Fatalf("sqlite3: %v: %s", err, out)
		}
	}
	if err := os.Symlink(runtimeFile, vpcPath); err != nil {
		t.Skipf("no symbolic link here: %v", err)
	}

	setBuildID(meta["build_id"])
	d, err := Open(sqlitePath)
	if err != nil {
		t.Fatalf("Open of a matching pair: %v", err)
	}
	if d.Path() != sqlitePath {
		t.Errorf("Path() = %q, expected the path given, %q", d.Path(), sqlitePath)
	}
	if n, err := d.WardCount(); err != nil || n != 3321 {
		t.Errorf("WardCount through the pair: %d, %v", n, err)
	}
	d.Close()

	setBuildID("0123456789abcdef0123456789abcdef")
	_, err = Open(sqlitePath)
	var pe *os.PathError
	if !errors.Is(err, ErrDbStale) || !errors.As(err, &pe) || pe.Path != sqlitePath {
		t.Fatalf("Open of a stale pair: %v, expected ErrDbStale naming %s", err, sqlitePath)
	}
	for _, want := range []string{vpcPath, "another database", "make", "VPC_E_DB_STALE"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q does not say %q", err.Error(), want)
		}
	}

	if err := os.Remove(vpcPath); err != nil {
		t.Fatal(err)
	}
	_, err = Open(sqlitePath)
	if !errors.Is(err, ErrDbNotFound) {
		t.Fatalf("Open without the runtime file: %v, expected ErrDbNotFound", err)
	}
	for _, want := range []string{vpcPath, "missing", "make"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q does not say %q", err.Error(), want)
		}
	}
}

func TestOpenDefault(t *testing.T) {
	db := testDB(t) // Open("")
	if db.Path() != DefaultPath() {
		t.Errorf("Open(\"\") opened %q, DefaultPath() is %q", db.Path(), DefaultPath())
	}
	if env := os.Getenv("VPOSTCODE_DB"); env != "" && DefaultPath() != env {
		t.Errorf("DefaultPath() = %q, VPOSTCODE_DB = %q", DefaultPath(), env)
	}
}

func TestWards(t *testing.T) {
	db := testDB(t)
	n, err := db.WardCount()
	if err != nil {
		t.Fatal(err)
	}
	meta, err := db.Metadata()
	if err != nil {
		t.Fatal(err)
	}
	// 3,321 wards since 1 July 2025 (README, and the build's validation report).
	if n != 3321 {
		t.Errorf("%d wards, expected 3321", n)
	}
	if meta["schema_version"] != "1" || meta["province_count"] != "34" {
		t.Errorf("metadata: schema %q, %q provinces", meta["schema_version"], meta["province_count"])
	}
	wards, err := db.Wards()
	if err != nil || len(wards) != n {
		t.Fatalf("Wards: %d, %v", len(wards), err)
	}
	for i, w := range wards {
		at, err := db.Ward(i)
		if err != nil || !sameWard(at, w) {
			t.Fatalf("Ward(%d) = %+v, %v; Wards()[%d] = %+v", i, at, err, i, w)
		}
		byCode, err := db.WardByCode(w.Code)
		if err != nil || !sameWard(byCode, w) {
			t.Fatalf("WardByCode(%s): %+v, %v", w.Code, byCode, err)
		}
		byPostal, err := db.WardByPostalCode(w.PostalCode)
		if err != nil || !sameWard(byPostal, w) {
			t.Fatalf("WardByPostalCode(%s): %+v, %v", w.PostalCode, byPostal, err)
		}
		if i > 0 && wards[i-1].Code >= w.Code {
			t.Fatalf("wards not in GSO code order at %d: %s, %s", i, wards[i-1].Code, w.Code)
		}
		if !(w.South < w.North && w.West < w.East) || w.Province.Code == "" || w.Name == "" ||
			w.UnitType < UnitWard || w.UnitType > UnitSpecialZone {
			t.Fatalf("ward %+v", w)
		}
	}
	for _, p := range places(t) {
		w, err := db.WardByPostalCode(p.postalCode)
		if err != nil || w.Code != p.wardCode || w.Name != p.wardName || w.Province.Code != p.province {
			t.Errorf("%s: postal code %s is %+v, %v", p.name, p.postalCode, w, err)
		}
	}
	errs := []struct {
		name string
		err  error
		want error
	}{
		{"Ward(-1)", second(db.Ward(-1)), ErrInvalidArgument},
		{"Ward(count)", second(db.Ward(n)), ErrInvalidArgument},
		{"unknown GSO code", second(db.WardByCode("99999")), ErrUnknownWard},
		{"malformed GSO code", second(db.WardByCode("7")), ErrUnknownWard},
		{"GSO code with a NUL", second(db.WardByCode("00070\x00")), ErrUnknownWard},
		{"unknown postal code", second(db.WardByPostalCode("99999")), ErrUnknownPostalCode},
		{"4-digit postal code", second(db.WardByPostalCode("1102")), ErrPostalCode},
		{"postal code with a NUL", second(db.WardByPostalCode("11024\x00")), ErrPostalCode},
		{"postal code with a NUL inside", second(db.WardByPostalCode("11\x00024")), ErrPostalCode},
	}
	for _, e := range errs {
		if !errors.Is(e.err, e.want) {
			t.Errorf("%s: got %v, expected %v", e.name, e.err, e.want)
		}
	}
}

// sameWard compares two wards field by field.
func sameWard(a, b Ward) bool {
	return reflect.DeepEqual(a, b)
}

func TestUseAfterClose(t *testing.T) {
	testDB(t) // skips when there is no database
	db, err := Open("")
	if err != nil {
		t.Fatal(err)
	}
	path := db.Path()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if db.Path() != path {
		t.Errorf("Path after Close: %q", db.Path())
	}
	var none *Database
	for _, d := range []*Database{db, none} {
		calls := map[string]error{
			"Encode":           second(d.Encode(21.0287, 105.849)),
			"Decode":           second(d.Decode("11024 2RHX+FJJ")),
			"Lookup":           second(d.Lookup(21.0287, 105.849)),
			"Convert":          second(d.Convert("11024 2RHX+FJJ")),
			"Metadata":         second(d.Metadata()),
			"HasLegacy":        second(d.HasLegacy()),
			"WardCount":        second(d.WardCount()),
			"Ward":             second(d.Ward(0)),
			"Wards":            second(d.Wards()),
			"WardByCode":       second(d.WardByCode("00070")),
			"WardByPostalCode": second(d.WardByPostalCode("11024")),
			"EncodeBatch":      second(d.EncodeBatch([]float64{21}, []float64{105})),
			"DecodeBatch":      second(d.DecodeBatch([]string{"11024 2RHX+FJJ"})),
			"LookupBatch":      second(d.LookupBatch([]float64{21}, []float64{105})),
		}
		for name, err := range calls {
			if err != ErrClosed {
				t.Errorf("%s on a closed (or nil) database: %v", name, err)
			}
		}
	}
	if err := none.Close(); err != nil {
		t.Errorf("Close of a nil *Database: %v", err)
	}
}

// Close while other goroutines are encoding: each call either succeeds
// or says ErrClosed; nothing crashes.
func TestCloseWhileInUse(t *testing.T) {
	want, err := testDB(t).Encode(21.0287, 105.849)
	if err != nil {
		t.Fatal(err)
	}
	db, err := Open("")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	started := make(chan struct{}, 4)
	failures := make(chan string, 4)
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				got, err := db.Encode(21.0287, 105.849)
				if i == 10 {
					started <- struct{}{}
				}
				if err == ErrClosed {
					return
				}
				if err != nil || got.Code != want.Code {
					failures <- got.Code + " " + err.Error()
					return
				}
			}
		}()
	}
	for g := 0; g < 4; g++ {
		<-started
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	close(failures)
	for f := range failures {
		t.Error(f)
	}
}
