package vpostcode

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Finding 9: the database-not-found error names the path tried and says
// how to point at a database.
func TestOpenNotFoundSaysWhatToDo(t *testing.T) {
	p := filepath.Join(t.TempDir(), "missing.sqlite")
	_, err := Open(p)
	if !errors.Is(err, ErrDbNotFound) {
		t.Fatalf("Open(%q): %v", p, err)
	}
	msg := err.Error()
	for _, want := range []string{p, "Open(path)", "VPOSTCODE_DB", "make install"} {
		if !strings.Contains(msg, want) {
			t.Errorf("%q does not say %q", msg, want)
		}
	}
	var pe *os.PathError
	if !errors.As(err, &pe) || pe.Path != p {
		t.Errorf("not an *os.PathError naming the path: %#v", err)
	}
}

// Finding 7 in nearest mode too: off Đà Nẵng is no ward, Phnom Penh is
// abroad, whatever the distance allowed.
func TestNearestErrors(t *testing.T) {
	db := testDB(t)
	for _, c := range badPoints {
		if _, err := db.LookupNearest(c.lat, c.lon, 0); !errors.Is(err, c.want) {
			t.Errorf("LookupNearest %s (%v, %v, 0): got %v, expected %v", c.name, c.lat, c.lon, err, c.want)
		}
	}
	if _, err := db.LookupNearest(11.5564, 104.9282, MaxNearestMetres); !errors.Is(err, ErrOutsideVietnam) {
		t.Errorf("Phnom Penh at the largest distance: %v", err)
	}
	for _, m := range []float64{-1, math.NaN(), math.Inf(1), MaxNearestMetres + 1} {
		if _, err := db.LookupNearest(16.0544, 108.25, m); !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("LookupNearest with %v metres: %v", m, err)
		}
		if _, err := db.EncodeNearest(16.0544, 108.25, m); !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("EncodeNearest with %v metres: %v", m, err)
		}
	}
}

func TestNearest(t *testing.T) {
	db := testDB(t)
	// In a ward: the ward, 0 m, no warning; the same code as Encode.
	n, err := db.LookupNearest(21.0287, 105.8490, 500)
	if err != nil || n.Ward.Code != "00070" || n.Metres != 0 || n.Nearest {
		t.Errorf("LookupNearest in Hoàn Kiếm: %+v, %v", n, err)
	}
	en, err := db.EncodeNearest(21.0287, 105.8490, 500)
	if err != nil || en.Code != "110242RHXFJJ" || en.Display != "11024 2RHX+FJJ" || en.Nearest || en.Metres != 0 {
		t.Errorf("EncodeNearest in Hoàn Kiếm: %+v, %v", en, err)
	}
	cases := []struct {
		name              string
		lat, lon, max     float64
		ward              string
		metres, tolerance float64
		exactErr          error
	}{
		{"Đà Nẵng beach", 16.0544, 108.2500, 500, "Phường Ngũ Hành Sơn", 144, 5, ErrNoWard},
		{"Woody Island", 16.8344, 112.3389, 2000, "Đặc khu Hoàng Sa", 1816, 5, ErrNoWard},
	}
	for _, c := range cases {
		if _, err := db.Lookup(c.lat, c.lon); !errors.Is(err, c.exactErr) {
			t.Errorf("Lookup %s: %v, expected %v (the default stays exact)", c.name, err, c.exactErr)
		}
		n, err := db.LookupNearest(c.lat, c.lon, c.max)
		if err != nil || !n.Nearest || n.Ward.Name != c.ward || math.Abs(n.Metres-c.metres) > c.tolerance {
			t.Errorf("LookupNearest %s at %v m: %+v, %v; expected %s ~%v m", c.name, c.max, n, err, c.ward, c.metres)
		}
		en, err := db.EncodeNearest(c.lat, c.lon, c.max, EncodeOptions{CheckChar: true})
		if err != nil || !en.Nearest || en.Ward.Name != c.ward || en.Metres != n.Metres ||
			en.Code[:5] != n.Ward.PostalCode {
			t.Errorf("EncodeNearest %s: %+v, %v", c.name, en, err)
			continue
		}
		// The code carries the point's own location: it decodes to a cell
		// holding the point, outside its ward (the warning travels).
		dec, err := db.Decode(en.Code)
		if err != nil || !dec.OutsideWard || !dec.Cell.Contains(c.lat, c.lon) || dec.Ward.Code != en.Ward.Code {
			t.Errorf("Decode(%s) of %s: %+v, %v", en.Code, c.name, dec, err)
		}
	}
	// Woody Island is 1.8 km from its polygon: 1 km is not enough.
	if _, err := db.LookupNearest(16.8344, 112.3389, 1000); !errors.Is(err, ErrNoWard) {
		t.Errorf("Woody Island at 1000 m: %v, expected ErrNoWard", err)
	}
	if _, err := db.EncodeNearest(16.8344, 112.3389, 1000); !errors.Is(err, ErrNoWard) {
		t.Errorf("EncodeNearest Woody Island at 1000 m: %v, expected ErrNoWard", err)
	}
}

func TestProvinces(t *testing.T) {
	db := testDB(t)
	ps, err := db.Provinces()
	if err != nil || len(ps) != 34 {
		t.Fatalf("Provinces: %d, %v", len(ps), err)
	}
	if ps[0].Code != "01" || ps[0].Name != "Thành phố Hà Nội" {
		t.Errorf("first province: %+v", ps[0])
	}
	all, _ := db.Wards()
	total := 0
	for i, p := range ps {
		if i > 0 && ps[i-1].Code >= p.Code {
			t.Errorf("provinces not in GSO code order: %s then %s", ps[i-1].Code, p.Code)
		}
		if q, err := db.Province(p.Code); err != nil || q.Name != p.Name {
			t.Errorf("Province(%s): %+v, %v", p.Code, q, err)
		}
		ws, err := db.WardsOfProvince(p.Code)
		if err != nil || len(ws) == 0 {
			t.Errorf("WardsOfProvince(%s): %d, %v", p.Code, len(ws), err)
		}
		for _, w := range ws {
			if w.Province.Code != p.Code {
				t.Errorf("WardsOfProvince(%s) has %s of %s", p.Code, w.Code, w.Province.Code)
			}
		}
		total += len(ws)
	}
	if total != len(all) {
		t.Errorf("the provinces' wards add up to %d, the database has %d", total, len(all))
	}
	for _, code := range []string{"00", "1", "99", "", "0\x001"} {
		if _, err := db.WardsOfProvince(code); !errors.Is(err, ErrUnknownProvince) {
			t.Errorf("WardsOfProvince(%q): %v", code, err)
		}
		if _, err := db.ProvinceGeoJSON(code); !errors.Is(err, ErrUnknownProvince) {
			t.Errorf("ProvinceGeoJSON(%q): %v", code, err)
		}
	}
}

func TestGeoJSON(t *testing.T) {
	db := testDB(t)
	b, err := db.WardGeoJSON("00070")
	var f struct {
		Type       string
		Properties map[string]interface{}
		Geometry   struct{ Type string }
	}
	if err != nil || json.Unmarshal(b, &f) != nil || f.Type != "Feature" || f.Geometry.Type != "MultiPolygon" ||
		f.Properties["code"] != "00070" || f.Properties["name"] != "Phường Hoàn Kiếm" {
		t.Errorf("WardGeoJSON(00070): %.200s, %v", b, err)
	}
	if _, err := db.WardGeoJSON("99999"); !errors.Is(err, ErrUnknownWard) {
		t.Errorf("WardGeoJSON(99999): %v", err)
	}
	ws, _ := db.WardsOfProvince("01")
	b, err = db.ProvinceGeoJSON("01")
	var fc struct {
		Type     string
		Features []struct {
			Properties map[string]interface{}
		}
	}
	if err != nil || json.Unmarshal(b, &fc) != nil || fc.Type != "FeatureCollection" || len(fc.Features) != len(ws) {
		t.Fatalf("ProvinceGeoJSON(01): %d features for %d wards, %v", len(fc.Features), len(ws), err)
	}
	for i, w := range ws {
		if fc.Features[i].Properties["code"] != w.Code {
			t.Errorf("feature %d is %v, expected %s", i, fc.Features[i].Properties["code"], w.Code)
		}
	}
}
