package vpostcode

/*
#include <stdlib.h>
*/
import "C"

import (
	"bytes"
	"strings"
	"unsafe"
)

// cString copies s into C memory for one call; the caller frees it with
// freeCString. It must not hold a NUL byte (see nulIndex): C would see the
// string end there.
func cString(s string) *C.char {
	return C.CString(s)
}

// freeCString frees what cString allocated.
func freeCString(p *C.char) {
	C.free(unsafe.Pointer(p))
}

// nulIndex is the position of the first NUL byte in s, or -1. A Go string
// may hold NUL bytes, a C string cannot: every text passed to the library
// is checked first, so that "11024\x00junk" is an error rather than the
// code "11024".
func nulIndex(s string) int {
	return strings.IndexByte(s, 0)
}

// goBytes is the text of a fixed-size C char array, up to its first NUL
// and never beyond the array.
func goBytes(p *C.char, size int) []byte {
	b := unsafe.Slice((*byte)(unsafe.Pointer(p)), size)
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return b[:i]
	}
	return b
}

// goString is goBytes as a Go string.
func goString(p *C.char, size int) string {
	return string(goBytes(p, size))
}
