package vpostcode

/*
#include <vpostcode.h>
*/
import "C"

import "math"

// OLCEncode is the full Open Location Code of a point with length digits
// (2, 4, 6, 8 or 10 to 15; longer requests give 15), e.g. "7PH72RHX+FJJ"
// for (21.0287, 105.8490) at length 11. As the OLC specification requires,
// latitude is clipped to [-90, 90] and longitude normalised to
// [-180, 180). Errors: ErrNotFinite, ErrOLCLength.
func OLCEncode(lat, lon float64, length int) (string, error) {
	var buf [C.VPC_OLC_BUFSIZE]C.char
	if st := C.vpc_olc_encode(C.double(lat), C.double(lon), cInt(length), &buf[0], C.size_t(len(buf))); st != C.VPC_OK {
		return "", newError(int(st))
	}
	return goString(&buf[0], len(buf)), nil
}

// OLCDecode is the cell of a full Open Location Code (any case; digits
// past the 15th are ignored). Errors: ErrOLCNotFull for a short code,
// ErrOLCInvalid for anything else that is not a valid code.
func OLCDecode(code string) (Cell, error) {
	if nulIndex(code) >= 0 {
		return Cell{}, detailedError(ErrOLCInvalid, "an Open Location Code cannot contain a NUL byte", "", -1)
	}
	c := cString(code)
	defer freeCString(c)
	var cell C.vpc_cell
	if st := C.vpc_olc_decode(c, &cell); st != C.VPC_OK {
		return Cell{}, newError(int(st))
	}
	return cellFromC(&cell), nil
}

// OLCIsValid reports whether code is a valid Open Location Code, full or
// short.
func OLCIsValid(code string) bool {
	return olcTest(code, func(c *C.char) C.int { return C.vpc_olc_is_valid(c) })
}

// OLCIsShort reports whether code is a valid short Open Location Code
// (fewer than 8 digits before '+').
func OLCIsShort(code string) bool {
	return olcTest(code, func(c *C.char) C.int { return C.vpc_olc_is_short(c) })
}

// OLCIsFull reports whether code is a valid full Open Location Code whose
// first two digits are on Earth.
func OLCIsFull(code string) bool {
	return olcTest(code, func(c *C.char) C.int { return C.vpc_olc_is_full(c) })
}

// OLCShorten removes 4, 6 or 8 leading digits from a full, unpadded code
// when the reference point is close enough for OLCRecover to restore
// them; otherwise it returns the full code. Errors: ErrOLCInvalid,
// ErrOLCNotFull, ErrOLCPadded, ErrNotFinite.
func OLCShorten(code string, refLat, refLon float64) (string, error) {
	return olcTransform(code, refLat, refLon, false)
}

// OLCRecover is the full code nearest to the reference point that the
// short code stands for; a full code is returned upper-cased. Errors:
// ErrOLCInvalid, ErrNotFinite.
func OLCRecover(shortCode string, refLat, refLon float64) (string, error) {
	return olcTransform(shortCode, refLat, refLon, true)
}

// olcTest runs one of the validity tests; a text with a NUL byte is not a
// code.
func olcTest(code string, test func(*C.char) C.int) bool {
	if nulIndex(code) >= 0 {
		return false
	}
	c := cString(code)
	defer freeCString(c)
	return test(c) != 0
}

func olcTransform(code string, refLat, refLon float64, toFull bool) (string, error) {
	if nulIndex(code) >= 0 {
		return "", detailedError(ErrOLCInvalid, "an Open Location Code cannot contain a NUL byte", "", -1)
	}
	c := cString(code)
	defer freeCString(c)
	var buf [C.VPC_OLC_BUFSIZE]C.char
	var st C.vpc_status
	if toFull {
		st = C.vpc_olc_recover(c, C.double(refLat), C.double(refLon), &buf[0], C.size_t(len(buf)))
	} else {
		st = C.vpc_olc_shorten(c, C.double(refLat), C.double(refLon), &buf[0], C.size_t(len(buf)))
	}
	if st != C.VPC_OK {
		return "", newError(int(st))
	}
	return goString(&buf[0], len(buf)), nil
}

// cInt converts n to a C int, saturating rather than wrapping, so that a
// huge length stays huge and a negative one negative.
func cInt(n int) C.int {
	switch {
	case n > math.MaxInt32:
		return math.MaxInt32
	case n < math.MinInt32:
		return math.MinInt32
	}
	return C.int(n)
}
