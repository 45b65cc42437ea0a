package vpostcode

import (
	"errors"
	"os"
	"strings"
	"testing"
)

// locationOf is the location part the specification defines: the point's
// 11-digit OLC without its first four characters (and without '+').
func locationOf(t *testing.T, lat, lon float64) (standard, long string) {
	t.Helper()
	olc, err := OLCEncode(lat, lon, 11)
	if err != nil {
		t.Fatal(err)
	}
	full := strings.Replace(olc, "+", "", 1)
	return full[4:], full
}

func TestPlaces(t *testing.T) {
	db := testDB(t)
	for _, p := range places(t) {
		w, err := db.Lookup(p.lat, p.lon)
		if err != nil || w.Code != p.wardCode || w.PostalCode != p.postalCode ||
			w.Name != p.wardName || w.Province.Code != p.province {
			t.Errorf("%s: Lookup gives %s %s %s (province %s), %v", p.name,
				w.Code, w.PostalCode, w.Name, w.Province.Code, err)
			continue
		}
		std, long := locationOf(t, p.lat, p.lon)
		// The forms as docs/SPEC.md writes them: canonical, and display
		// with '+' before the last three location characters and the check
		// character after '-'.
		forms := []struct {
			opts     EncodeOptions
			location string
		}{
			{EncodeOptions{}, std},
			{EncodeOptions{CheckChar: true}, std},
			{EncodeOptions{LongForm: true}, long},
			{EncodeOptions{LongForm: true, CheckChar: true}, long},
		}
		for _, f := range forms {
			enc, err := db.Encode(p.lat, p.lon, f.opts)
			if err != nil {
				t.Errorf("%s %+v: %v", p.name, f.opts, err)
				continue
			}
			loc := f.location
			want := p.postalCode + loc
			display := p.postalCode + " " + loc[:len(loc)-3] + "+" + loc[len(loc)-3:]
			if f.opts.CheckChar {
				// The check character itself is checked against the CLI
				// (cli_test.go) and the README (code_test.go).
				if len(enc.Code) != len(want)+1 {
					t.Errorf("%s %+v: %s has no check character", p.name, f.opts, enc.Code)
					continue
				}
				check := enc.Code[len(want):]
				want += check
				display += "-" + check
			}
			if enc.Code != want || enc.Display != display || enc.Ward.Code != p.wardCode {
				t.Errorf("%s %+v: %s / %s in %s, expected %s / %s in %s", p.name, f.opts,
					enc.Code, enc.Display, enc.Ward.Code, want, display, p.wardCode)
			}
			for _, text := range []string{enc.Code, enc.Display, strings.ToLower(enc.Display)} {
				dec, err := db.Decode(text)
				if err != nil || dec.OutsideWard || dec.Ward.Code != p.wardCode || !dec.Cell.Contains(p.lat, p.lon) {
					t.Errorf("%s: Decode(%q) = %+v, %v", p.name, text, dec, err)
				}
			}
		}
	}
}

// Nhà thờ Lớn encodes to 110242RHXFJJ in ward 00070 (README, and the CLI).
func TestEncodeNhaThoLon(t *testing.T) {
	enc, err := testDB(t).Encode(21.0287, 105.8490)
	if err != nil || enc.Code != "110242RHXFJJ" || enc.Display != "11024 2RHX+FJJ" ||
		enc.Ward.Code != "00070" || enc.Ward.Name != "Phường Hoàn Kiếm" ||
		enc.Ward.Province.Name != "Thành phố Hà Nội" {
		t.Errorf("got %+v, %v", enc, err)
	}
}

func TestLocateErrors(t *testing.T) {
	db := testDB(t)
	for _, p := range badPoints {
		for name, err := range map[string]error{
			"Encode": second(db.Encode(p.lat, p.lon)),
			"Lookup": second(db.Lookup(p.lat, p.lon)),
		} {
			if !errors.Is(err, p.want) {
				t.Errorf("%s %s (%v, %v): got %v, expected %v", name, p.name, p.lat, p.lon, err, p.want)
			}
		}
	}
	codes := []struct {
		text string
		want error
		pos  int
	}{
		{"11024 2RHX+FJJ-3", ErrCheckCharacter, 15},
		{"11024 2RHX+FJ", ErrCodeLength, 13},
		{"1102A 2RHX+FJJ", ErrBadCharacter, 4},
		{"", ErrEmpty, 0},
		{"1102\x004 2RHX+FJJ", ErrBadCharacter, 4},
		{"99999 2RHX+FJJ", ErrUnknownPostalCode, -1},
	}
	for _, c := range codes {
		_, err := db.Decode(c.text)
		var e *Error
		if !errors.Is(err, c.want) || !errors.As(err, &e) || e.Offset != c.pos || e.Position != c.pos+1 {
			t.Errorf("Decode(%q): got %v, expected %v at %d", c.text, err, c.want, c.pos)
		}
	}
	if _, err := db.Encode(21, 105, EncodeOptions{}, EncodeOptions{}); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("two EncodeOptions: %v", err)
	}
	if _, err := db.Decode("11024 2RHX+FJJ", DecodeOptions{Scheme: 7}); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("unknown scheme: %v", err)
	}
}

// A code made of Văn Miếu's location and Hoàn Kiếm's postal code decodes
// to Văn Miếu, outside the ward it names: a warning, not an error.
func TestDecodeOutsideWard(t *testing.T) {
	db := testDB(t)
	var vanMieu place
	for _, p := range places(t) {
		if strings.HasPrefix(p.name, "Văn Miếu") {
			vanMieu = p
		}
	}
	if vanMieu.wardCode == "" {
		t.Fatal("Văn Miếu is not in places.inc")
	}
	std, _ := locationOf(t, vanMieu.lat, vanMieu.lon)
	dec, err := db.Decode("11024" + std)
	if err != nil || !dec.OutsideWard || dec.Ward.Code != "00070" || !dec.Cell.Contains(vanMieu.lat, vanMieu.lon) {
		t.Errorf("got %+v, %v", dec, err)
	}
	w, err := db.Lookup(dec.Cell.Lat, dec.Cell.Lon)
	if err != nil || w.Code != vanMieu.wardCode {
		t.Errorf("the cell is in %s, %v", w.Code, err)
	}
}

// Codes issued before 2025: README, "vpostcode convert "11006 2RHX+FJJ"
// -> 11024 2RHX+FJJ" (11006 was Phường Hàng Trống).
func TestLegacy(t *testing.T) {
	checkLegacy(t, testDB(t))
	// A second database built without the pre-2025 tables, if given.
	if path := os.Getenv("VPOSTCODE_DB_NO_LEGACY"); path != "" {
		db, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if has, _ := db.HasLegacy(); has {
			t.Fatalf("%s has the pre-2025 tables", path)
		}
		checkLegacy(t, db)
	}
}

func checkLegacy(t *testing.T, db *Database) {
	has, err := db.HasLegacy()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: pre-2025 tables: %v", db.Path(), has)
	if !has {
		if _, err := db.Convert("11006 2RHX+FJJ"); !errors.Is(err, ErrUnknownPostalCode) {
			t.Errorf("Convert of a pre-2025 code without the tables: %v", err)
		}
		if conv, err := db.Convert("11024 2rhx fjj"); err != nil || conv.Code != "110242RHXFJJ" {
			t.Errorf("Convert of a current code without the tables: %+v, %v", conv, err)
		}
		if _, err := db.Convert("11024 2RHX+FJJ", ConvertOptions{Scheme: SchemeLegacy}); !errors.Is(err, ErrNoLegacyData) {
			t.Errorf("Convert with SchemeLegacy without the tables: %v", err)
		}
		if _, err := db.Decode("11006 2RHX+FJJ", DecodeOptions{Scheme: SchemeLegacy}); !errors.Is(err, ErrNoLegacyData) {
			t.Errorf("Decode with SchemeLegacy without the tables: %v", err)
		}
		return
	}
	for _, code := range []string{"11006 2RHX+FJJ", "110062rhxfjj", "11024 2RHX+FJJ"} {
		conv, err := db.Convert(code)
		if err != nil || conv.Code != "110242RHXFJJ" || conv.Display != "11024 2RHX+FJJ" || conv.OutsideWard {
			t.Errorf("Convert(%q) = %+v, %v", code, conv, err)
		}
	}
	if conv, err := db.Convert("11006 2RHX+FJJ", ConvertOptions{CheckChar: true}); err != nil || conv.Code != "110242RHXFJJ2" {
		t.Errorf("Convert with check character: %+v, %v", conv, err)
	}
	dec, err := db.Decode("11006 2RHX+FJJ", DecodeOptions{Scheme: SchemeLegacy})
	if err != nil || dec.Ward.Code != "00070" || !dec.Cell.Contains(21.0287, 105.849) {
		t.Errorf("Decode with SchemeLegacy: %+v, %v", dec, err)
	}
	var e *Error
	if _, err := db.Convert("11006 2RHX+FJJ-3"); !errors.As(err, &e) || !errors.Is(err, ErrCheckCharacter) || e.Position != 16 || e.Offset != 15 {
		t.Errorf("Convert of a mistyped code: %v", err)
	}
	if _, err := db.Convert("11024\x00 2RHX+FJJ"); !errors.Is(err, ErrBadCharacter) {
		t.Errorf("Convert with a NUL: %v", err)
	}
}
