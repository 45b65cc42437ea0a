// Package vpostcode is the Go binding of libvpostcode, Vietnam's postal
// address codes:
//
//	import vpostcode "github.com/libvpostcode/libvpostcode/bindings/go"
//
// A Vpostcode is the 5-digit postal code of the ward that contains an
// address followed by a 7-character location on a ~3 m grid: the point's
// 11-digit Open Location Code without its first four characters, which
// are recovered from the ward's reference point. "11024 2RHX+FJJ" is Nhà
// thờ Lớn in Phường Hoàn Kiếm, Hà Nội. A long form (16 characters) keeps
// the whole OLC for the two wards too large for recovery, and either form
// may carry a check character.
//
// Functions that need no database (Parse, Normalize, Valid, CheckChar and
// the Open Location Code codec OLCEncode, OLCDecode, ...) are package
// functions. Encoding, decoding and looking up wards need a Database,
// the runtime file vpostcode.vpc mapped into memory by Open (or given the
// SQLite database vpostcode.sqlite, the .vpc next to it):
//
//	db, err := vpostcode.Open("") // $VPOSTCODE_DB, else the installed database
//	if err != nil {
//		log.Fatal(err)
//	}
//	defer db.Close()
//	enc, err := db.Encode(21.0287, 105.8490)
//	fmt.Println(enc.Display, enc.Ward.Name) // 11024 2RHX+FJJ Phường Hoàn Kiếm
//
// Every failure of the C library is an *Error carrying its status, name,
// sentence and, for text that does not parse, the 1-based character
// Position and 0-based byte Offset; each status has a sentinel
// (ErrNoWard, ErrCheckCharacter, ...) for errors.Is. A point in no ward is
// ErrNoWard within 12 nautical miles (22,224 m) of a ward, else
// ErrOutsideVietnam; LookupNearest and EncodeNearest opt in to the
// nearest ward within a given distance.
//
// A Database is safe for concurrent use by any number of goroutines. Each
// call into C costs roughly as much as an encoding; EncodeBatch,
// DecodeBatch and LookupBatch do a whole slice in one call.
//
// Strings holding a NUL byte are rejected with an error (for codes,
// ErrBadCharacter at the NUL), never cut short at the NUL.
package vpostcode
