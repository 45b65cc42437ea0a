package vpostcode

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// batchPoints are the sample points plus every refused point.
func batchPoints(t testing.TB, db *Database, n int) (lats, lons []float64) {
	t.Helper()
	lats, lons = samplePoints(t, db, n)
	for _, p := range badPoints {
		lats = append(lats, p.lat)
		lons = append(lons, p.lon)
	}
	return lats, lons
}

// sameError: both nil, or the same status, name and position.
func sameError(a, b error) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	var ea, eb *Error
	return errors.As(a, &ea) && errors.As(b, &eb) && *ea == *eb
}

func wardCodeAt(t *testing.T, db *Database, i int) string {
	if i < 0 {
		return ""
	}
	w, err := db.Ward(i)
	if err != nil {
		t.Fatalf("Ward(%d): %v", i, err)
	}
	return w.Code
}

func TestEncodeBatchEqualsEncode(t *testing.T) {
	db := testDB(t)
	lats, lons := batchPoints(t, db, 3000)
	failed := 0
	for _, opts := range []EncodeOptions{{}, {CheckChar: true}, {LongForm: true, CheckChar: true}} {
		res, err := db.EncodeBatch(lats, lons, opts)
		if err != nil || len(res) != len(lats) {
			t.Fatalf("EncodeBatch: %d results, %v", len(res), err)
		}
		for i, r := range res {
			one, err := db.Encode(lats[i], lons[i], opts)
			if !sameError(r.Err, err) || r.Code != one.Code || wardCodeAt(t, db, r.WardIndex) != one.Ward.Code {
				t.Errorf("point %d (%v, %v) %+v: batch %q ward %d %v, single %q %s %v", i, lats[i], lons[i],
					opts, r.Code, r.WardIndex, r.Err, one.Code, one.Ward.Code, err)
			}
			if r.Err != nil {
				failed++
				if r.Code != "" || r.WardIndex != -1 {
					t.Errorf("point %d failed but has %q, ward %d", i, r.Code, r.WardIndex)
				}
			}
		}
	}
	if failed < 3*len(badPoints) {
		t.Errorf("only %d failures: the refused points were not all refused", failed)
	}
}

func TestLookupBatchEqualsLookup(t *testing.T) {
	db := testDB(t)
	lats, lons := batchPoints(t, db, 3000)
	res, err := db.LookupBatch(lats, lons)
	if err != nil || len(res) != len(lats) {
		t.Fatalf("LookupBatch: %d results, %v", len(res), err)
	}
	for i, r := range res {
		w, err := db.Lookup(lats[i], lons[i])
		if !sameError(r.Err, err) || wardCodeAt(t, db, r.WardIndex) != w.Code {
			t.Errorf("point %d: batch ward %d %v, single %s %v", i, r.WardIndex, r.Err, w.Code, err)
		}
	}
}

// decodeInputs are codes of the sample points in every form, and texts
// that fail in every way.
func decodeInputs(t testing.TB, db *Database, n int) []string {
	t.Helper()
	lats, lons := samplePoints(t, db, n)
	var codes []string
	for i := range lats {
		for _, opts := range []EncodeOptions{{}, {CheckChar: true}, {LongForm: true}} {
			enc, err := db.Encode(lats[i], lons[i], opts)
			if err == nil {
				codes = append(codes, enc.Code, strings.ToLower(enc.Display))
			}
		}
	}
	// Văn Miếu's location under Hoàn Kiếm's postal code: outside its ward
	// (see TestDecodeOutsideWard).
	olc, err := OLCEncode(21.0293, 105.8355, 11)
	if err != nil {
		t.Fatal(err)
	}
	outside := "11024 " + olc[4:]
	return append(codes, outside,
		"", "  ", "11024 2RHX+FJJ-3", "11024 2RHX+FJ", "1102A 2RHX+FJJ", "99999 2RHX+FJJ",
		"1102\x004 2RHX+FJJ", "\x00", "110242RHXFJJ\x00", "11024 F2222222+222",
		"11006 2RHX+FJJ", "11024"+strings.Repeat("2", 1000))
}

func TestDecodeBatchEqualsDecode(t *testing.T) {
	db := testDB(t)
	codes := decodeInputs(t, db, 500)
	for _, opts := range []DecodeOptions{{}, {Scheme: SchemeCurrent}, {Scheme: SchemeLegacy}} {
		res, err := db.DecodeBatch(codes, opts)
		if err != nil || len(res) != len(codes) {
			t.Fatalf("DecodeBatch: %d results, %v", len(res), err)
		}
		outside := 0
		for i, r := range res {
			one, err := db.Decode(codes[i], opts)
			if !sameError(r.Err, err) {
				t.Errorf("%q %+v: batch %v, single %v", codes[i], opts, r.Err, err)
				continue
			}
			if err != nil {
				if r.WardIndex != -1 || r.Cell != (Cell{}) {
					t.Errorf("%q failed but has ward %d, cell %+v", codes[i], r.WardIndex, r.Cell)
				}
				continue
			}
			if r.Cell != one.Cell || r.OutsideWard != one.OutsideWard || wardCodeAt(t, db, r.WardIndex) != one.Ward.Code {
				t.Errorf("%q %+v: batch %+v %d, single %+v", codes[i], opts, r, r.WardIndex, one)
			}
			if r.OutsideWard {
				outside++
			}
		}
		if outside == 0 && opts.Scheme != SchemeLegacy {
			t.Errorf("%+v: no code decoded outside its ward", opts)
		}
	}
}

// Batches longer than one chunk, in items and in bytes.
func TestBatchChunks(t *testing.T) {
	db := testDB(t)
	n := batchItems + 123
	lats, lons := samplePoints(t, db, n)
	res, err := db.EncodeBatch(lats, lons)
	if err != nil || len(res) != n {
		t.Fatalf("EncodeBatch: %d, %v", len(res), err)
	}
	look, err := db.LookupBatch(lats, lons)
	if err != nil || len(look) != n {
		t.Fatalf("LookupBatch: %d, %v", len(look), err)
	}
	codes := make([]string, n)
	for _, i := range []int{0, 1, batchItems - 1, batchItems, batchItems + 1, n - 1} {
		one, err := db.Encode(lats[i], lons[i])
		if !sameError(res[i].Err, err) || res[i].Code != one.Code {
			t.Errorf("point %d: batch %q %v, single %q %v", i, res[i].Code, res[i].Err, one.Code, err)
		}
		if look[i].WardIndex != res[i].WardIndex {
			t.Errorf("point %d: lookup ward %d, encode ward %d", i, look[i].WardIndex, res[i].WardIndex)
		}
	}
	for i := range res {
		codes[i] = res[i].Code
	}
	dec, err := db.DecodeBatch(codes)
	if err != nil || len(dec) != n {
		t.Fatalf("DecodeBatch: %d, %v", len(dec), err)
	}
	for i := range dec {
		if (res[i].Err == nil) != (dec[i].Err == nil) ||
			(res[i].Err == nil && !dec[i].Cell.Contains(lats[i], lons[i])) {
			t.Fatalf("point %d: encoded %q %v, decoded %+v", i, codes[i], res[i].Err, dec[i])
		}
	}
	// Texts of 1.5 MB each: spaces are ignored, so each is still a code,
	// and three of them do not fit in one chunk of text.
	pad := strings.Repeat(" ", 3*batchBytes/8)
	big := []string{pad + "11024 2RHX+FJJ", "11024 2RHX+FJJ" + pad, pad + "11024" + pad + "2RHXFJJ" + pad, "110242RHXFJJ"}
	out, err := db.DecodeBatch(big)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range out {
		if r.Err != nil || !r.Cell.Contains(21.0287, 105.849) {
			t.Errorf("text %d of %d bytes: %+v", i, len(big[i]), r)
		}
	}
}

func TestBatchArguments(t *testing.T) {
	db := testDB(t)
	if _, err := db.EncodeBatch([]float64{21, 22}, []float64{105}); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("EncodeBatch lengths 2 and 1: %v", err)
	}
	if _, err := db.LookupBatch(nil, []float64{105}); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("LookupBatch lengths 0 and 1: %v", err)
	}
	if _, err := db.EncodeBatch([]float64{21}, []float64{105}, EncodeOptions{}, EncodeOptions{}); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("EncodeBatch with two options: %v", err)
	}
	if _, err := db.DecodeBatch([]string{"x"}, DecodeOptions{Scheme: -1}); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("DecodeBatch with an unknown scheme: %v", err)
	}
	if r, err := db.EncodeBatch(nil, nil); err != nil || len(r) != 0 {
		t.Errorf("empty EncodeBatch: %v, %v", r, err)
	}
	if r, err := db.LookupBatch([]float64{}, []float64{}); err != nil || len(r) != 0 {
		t.Errorf("empty LookupBatch: %v, %v", r, err)
	}
	if r, err := db.DecodeBatch(nil); err != nil || len(r) != 0 {
		t.Errorf("empty DecodeBatch: %v, %v", r, err)
	}
}

// The cost of the cgo crossing: Encode point by point against EncodeBatch,
// both on the same 10,000 points, reported in ns/point.
func BenchmarkEncode(b *testing.B) {
	db := testDB(b)
	lats, lons := samplePoints(b, db, 10000)
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		j := i % len(lats)
		db.Encode(lats[j], lons[j])
	}
	b.ReportMetric(float64(time.Since(start).Nanoseconds())/float64(b.N), "ns/point")
}

func BenchmarkEncodeBatch(b *testing.B) {
	db := testDB(b)
	lats, lons := samplePoints(b, db, 10000)
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		if _, err := db.EncodeBatch(lats, lons); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(time.Since(start).Nanoseconds())/float64(b.N*len(lats)), "ns/point")
}

func BenchmarkLookup(b *testing.B) {
	db := testDB(b)
	lats, lons := samplePoints(b, db, 10000)
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		j := i % len(lats)
		db.Lookup(lats[j], lons[j])
	}
	b.ReportMetric(float64(time.Since(start).Nanoseconds())/float64(b.N), "ns/point")
}

func BenchmarkLookupBatch(b *testing.B) {
	db := testDB(b)
	lats, lons := samplePoints(b, db, 10000)
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		if _, err := db.LookupBatch(lats, lons); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(time.Since(start).Nanoseconds())/float64(b.N*len(lats)), "ns/point")
}

func BenchmarkDecode(b *testing.B) {
	db := testDB(b)
	codes := benchCodes(b, db)
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		db.Decode(codes[i%len(codes)])
	}
	b.ReportMetric(float64(time.Since(start).Nanoseconds())/float64(b.N), "ns/code")
}

func BenchmarkDecodeBatch(b *testing.B) {
	db := testDB(b)
	codes := benchCodes(b, db)
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		if _, err := db.DecodeBatch(codes); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(time.Since(start).Nanoseconds())/float64(b.N*len(codes)), "ns/code")
}

func benchCodes(b *testing.B, db *Database) []string {
	lats, lons := samplePoints(b, db, 10000)
	res, err := db.EncodeBatch(lats, lons)
	if err != nil {
		b.Fatal(err)
	}
	var codes []string
	for _, r := range res {
		if r.Err == nil {
			codes = append(codes, r.Code)
		}
	}
	return codes
}
