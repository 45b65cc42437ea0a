package vpostcode

/*
#include <stdlib.h>
#include <vpostcode.h>
#include "combined.h"
*/
import "C"

import (
	"strconv"
	"unsafe"
)

// A batch crosses from Go to C once per chunk of at most batchItems items
// (and, for texts, about batchBytes bytes of them), so that the scratch
// memory stays bounded however long the input is.
const (
	batchItems = 1 << 16
	batchBytes = 4 << 20
)

// EncodeResult is one point of EncodeBatch.
type EncodeResult struct {
	Code      string // canonical form, "" when Err is set
	WardIndex int    // the ward's position for Database.Ward, -1 when Err is set
	Err       error  // nil, or what Encode would have returned for this point
}

// LookupResult is one point of LookupBatch.
type LookupResult struct {
	WardIndex int   // the ward's position for Database.Ward, -1 when Err is set
	Err       error // nil, or what Lookup would have returned for this point
}

// DecodeResult is one code of DecodeBatch.
type DecodeResult struct {
	Cell        Cell  // the location's cell; zero when Err is set
	WardIndex   int   // the ward's position for Database.Ward (as Decoded.Ward), -1 when Err is set
	OutsideWard bool  // as Decoded.OutsideWard
	Err         error // nil, or what Decode would have returned for this code
}

// EncodeBatch encodes the points (lats[i], lons[i]) as Encode does, in one
// call into the library per 65,536 points. Each item carries its own
// error; the returned error concerns the arguments as a whole (lats and
// lons of different lengths: ErrInvalidArgument; ErrClosed). Wards come
// as positions: look them up with Ward or Wards.
func (d *Database) EncodeBatch(lats, lons []float64, opts ...EncodeOptions) ([]EncodeResult, error) {
	flags, err := encodeFlags(opts)
	if err != nil {
		return nil, err
	}
	if len(lats) != len(lons) {
		return nil, lengthError(len(lats), len(lons))
	}
	h, err := d.acquire()
	if err != nil {
		return nil, err
	}
	defer d.release()

	n := len(lats)
	res := make([]EncodeResult, n)
	if n == 0 {
		return res, nil
	}
	chunk := minInt(n, batchItems)
	const size = C.VPC_CODE_BUFSIZE
	codes := make([]C.char, chunk*size)
	ward := make([]C.int, chunk)
	status := make([]C.int, chunk)
	ends := make([]int, chunk)
	text := make([]byte, 0, chunk*C.VPC_CODE_MAX_LEN)
	for off := 0; off < n; off += chunk {
		m := minInt(chunk, n-off)
		st := C.vpc_encode_batch(h, C.size_t(m),
			(*C.double)(unsafe.Pointer(&lats[off])), (*C.double)(unsafe.Pointer(&lons[off])),
			flags, &codes[0], &ward[0], &status[0])
		if st != C.VPC_OK {
			return nil, newError(int(st))
		}
		// All the chunk's codes go into one string, which each result
		// slices: one allocation instead of one per code.
		text = text[:0]
		for i := 0; i < m; i++ {
			text = append(text, goBytes(&codes[i*size], size)...)
			ends[i] = len(text)
		}
		all := string(text)
		start := 0
		for i := 0; i < m; i++ {
			r := &res[off+i]
			r.Code = all[start:ends[i]]
			start = ends[i]
			r.WardIndex = int(ward[i])
			r.Err = newError(int(status[i]))
		}
	}
	return res, nil
}

// LookupBatch finds the wards of the points (lats[i], lons[i]) as Lookup
// does, in one call into the library per 65,536 points. Errors as for
// EncodeBatch.
func (d *Database) LookupBatch(lats, lons []float64) ([]LookupResult, error) {
	if len(lats) != len(lons) {
		return nil, lengthError(len(lats), len(lons))
	}
	h, err := d.acquire()
	if err != nil {
		return nil, err
	}
	defer d.release()

	n := len(lats)
	res := make([]LookupResult, n)
	if n == 0 {
		return res, nil
	}
	chunk := minInt(n, batchItems)
	ward := make([]C.int, chunk)
	status := make([]C.int, chunk)
	for off := 0; off < n; off += chunk {
		m := minInt(chunk, n-off)
		st := C.vpc_lookup_batch(h, C.size_t(m),
			(*C.double)(unsafe.Pointer(&lats[off])), (*C.double)(unsafe.Pointer(&lons[off])),
			&ward[0], &status[0])
		if st != C.VPC_OK {
			return nil, newError(int(st))
		}
		for i := 0; i < m; i++ {
			res[off+i] = LookupResult{WardIndex: int(ward[i]), Err: newError(int(status[i]))}
		}
	}
	return res, nil
}

// DecodeBatch decodes the codes as Decode does, in one call into the
// library per chunk of up to 65,536 codes (and about 4 MiB of text). Each
// item carries its own error, with Position and Offset for parse errors; the returned
// error concerns the arguments as a whole (more than one DecodeOptions or
// an unknown Scheme: ErrInvalidArgument; ErrClosed).
func (d *Database) DecodeBatch(codes []string, opts ...DecodeOptions) ([]DecodeResult, error) {
	flags, err := decodeFlags(opts)
	if err != nil {
		return nil, err
	}
	h, err := d.acquire()
	if err != nil {
		return nil, err
	}
	defer d.release()

	n := len(codes)
	res := make([]DecodeResult, n)
	if n == 0 {
		return res, nil
	}
	chunk := minInt(n, batchItems)
	cells := make([]C.vpc_cell, chunk)
	ward := make([]C.int, chunk)
	status := make([]C.int, chunk)
	pos := make([]C.long, chunk)
	// (cgo's C.malloc never returns nil: it aborts when memory runs out.)
	ptrs := C.malloc(C.size_t(chunk) * C.size_t(unsafe.Sizeof((*C.char)(nil))))
	defer C.free(ptrs)
	texts := unsafe.Slice((**C.char)(ptrs), chunk)

	for off := 0; off < n; {
		// The chunk: as many codes as fit, at least one.
		m, total := 0, 0
		for off+m < n && m < chunk && (m == 0 || total+len(codes[off+m])+1 <= batchBytes) {
			total += len(codes[off+m]) + 1
			m++
		}
		buf := C.malloc(C.size_t(total))
		b := unsafe.Slice((*byte)(buf), total)
		at := 0
		for i := 0; i < m; i++ {
			s := codes[off+i]
			copy(b[at:], s)
			b[at+len(s)] = 0
			texts[i] = (*C.char)(unsafe.Pointer(&b[at]))
			if nulIndex(s) >= 0 {
				texts[i] = nil // answered below, without the library
			}
			at += len(s) + 1
		}
		st := C.vpcgo_decode_batch(h, C.size_t(m), &texts[0], flags, &cells[0], &ward[0], &status[0], &pos[0])
		C.free(buf)
		if st != C.VPC_OK {
			return nil, newError(int(st))
		}
		for i := 0; i < m; i++ {
			r := &res[off+i]
			if j := nulIndex(codes[off+i]); j >= 0 {
				*r = DecodeResult{WardIndex: -1, Err: nulError(codes[off+i], j)}
				continue
			}
			item := C.vpc_status(status[i])
			r.Err = textError(int(item), codes[off+i], int(pos[i]))
			r.WardIndex = int(ward[i])
			if r.Err == nil {
				r.Cell = cellFromC(&cells[i])
				r.OutsideWard = item == statusWarning
			}
		}
		off += m
	}
	return res, nil
}

// lengthError is the error for batch inputs of different lengths.
func lengthError(nlat, nlon int) error {
	return detailedError(ErrInvalidArgument,
		"lats and lons differ in length ("+strconv.Itoa(nlat)+" and "+strconv.Itoa(nlon)+")", "", -1)
}

func minInt(a, b int) int {
	if a < b {
		return a
	}
	return b
}
