package vpostcode

import (
	"reflect"
	"sync"
	"testing"
)

// Goroutines sharing one Database get exactly what one goroutine gets,
// through single calls and batches mixed.
func TestConcurrentUse(t *testing.T) {
	db := testDB(t)
	lats, lons := batchPoints(t, db, 1500)
	want, err := db.EncodeBatch(lats, lons, EncodeOptions{CheckChar: true})
	if err != nil {
		t.Fatal(err)
	}
	codes := make([]string, len(want))
	for i, r := range want {
		codes[i] = r.Code
	}
	wantDec, err := db.DecodeBatch(codes)
	if err != nil {
		t.Fatal(err)
	}

	const goroutines = 6
	var wg sync.WaitGroup
	errs := make(chan string, goroutines*4)
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			got, err := db.EncodeBatch(lats, lons, EncodeOptions{CheckChar: true})
			if err != nil || !reflect.DeepEqual(got, want) {
				errs <- "EncodeBatch differs"
			}
			dec, err := db.DecodeBatch(codes)
			if err != nil || !reflect.DeepEqual(dec, wantDec) {
				errs <- "DecodeBatch differs"
			}
			// Single calls, each goroutine starting elsewhere.
			for k := 0; k < len(lats); k++ {
				i := (k + g*len(lats)/goroutines) % len(lats)
				enc, err := db.Encode(lats[i], lons[i], EncodeOptions{CheckChar: true})
				if !sameError(err, want[i].Err) || enc.Code != want[i].Code {
					errs <- "Encode differs at " + codes[i]
					return
				}
				if err != nil {
					continue
				}
				d, err := db.Decode(enc.Display)
				if err != nil || d.Cell != wantDec[i].Cell {
					errs <- "Decode differs at " + codes[i]
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
