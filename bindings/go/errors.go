package vpostcode

/*
#include <vpostcode.h>
*/
import "C"

import (
	"errors"
	"strconv"
	"unicode/utf8"
)

// Error is a failure reported by libvpostcode: one of its vpc_status codes
// with the library's name and sentence for it. Use errors.Is with the
// sentinel of the same status (ErrNoWard, ErrCheckCharacter, ...) to test
// for a kind of failure, and errors.As to read the details:
//
//	var e *vpostcode.Error
//	if errors.As(err, &e) && e.Position > 0 {
//		fmt.Printf("%s at character %d\n", e.Name, e.Position)
//	}
type Error struct {
	// Status is the vpc_status value, 1 to 35 (VPC_STATUS_COUNT - 1).
	Status int
	// Name is the status's C name, as vpc_status_name gives it
	// ("VPC_E_CHECK_CHARACTER").
	Name string
	// Message is the library's sentence for the status (vpc_strerror), or
	// a more precise one where the binding itself detected the problem.
	Message string
	// Position is where in the input text a code failed to parse: the
	// 1-based position of the offending character counted in characters
	// (Unicode code points) of the text as given, or one past the last
	// character when characters are missing. It is 0 for errors that are
	// not about a position in a text. The command-line tool, Python and
	// SQL report the same number.
	Position int
	// Offset is the same place as a 0-based byte offset into the text (the
	// C library's err_pos), for slicing the Go string; -1 when Position
	// is 0.
	Offset int
}

// Error returns the message, the status name and, for parse errors, the
// character position: "vpostcode: check character does not match
// (VPC_E_CHECK_CHARACTER) at character 16".
func (e *Error) Error() string {
	s := "vpostcode: " + e.Message + " (" + e.Name + ")"
	if e.Position > 0 {
		s += " at character " + strconv.Itoa(e.Position)
	}
	return s
}

// StatusText is the status text every face of the library uses for a
// status: "ok" for success (0), otherwise the library's status name
// ("VPC_E_NO_WARD", "VPC_W_NEAREST_WARD", ...).
func StatusText(status int) string {
	if status == 0 {
		return "ok"
	}
	return statusName(status)
}

// positionOf is the 1-based character position of byte offset off in
// text (0 when off < 0). Bytes of invalid UTF-8 count as one character
// each, as utf8.RuneCountInString counts them.
func positionOf(text string, off int) int {
	if off < 0 {
		return 0
	}
	if off > len(text) {
		off = len(text)
	}
	return utf8.RuneCountInString(text[:off]) + 1
}

// Is reports whether target is an *Error with the same Status, which makes
// errors.Is(err, ErrNoWard) true for every VPC_E_NO_WARD failure.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t != nil && t.Status == e.Status
}

// ErrClosed is returned by the methods of a Database after Close.
var ErrClosed = errors.New("vpostcode: database is closed")

// Sentinel errors, one for each error status of the C library and one for
// each warning (ErrOutsideWard, ErrNearestWard: never returned as errors,
// see Decoded.OutsideWard and Nearest.Nearest). They are *Error values
// without a position; compare with errors.Is, not ==.
var (
	// ErrNullArgument: a required argument is missing (VPC_E_NULL_ARGUMENT).
	ErrNullArgument = sentinel(1, "VPC_E_NULL_ARGUMENT")
	// ErrInvalidArgument: an argument is out of its documented set, e.g. an
	// unknown flag, a ward position out of range, or batch inputs of
	// different lengths (VPC_E_INVALID_ARGUMENT).
	ErrInvalidArgument = sentinel(2, "VPC_E_INVALID_ARGUMENT")
	// ErrBufferTooSmall: an output buffer is too small
	// (VPC_E_BUFFER_TOO_SMALL); the binding sizes its buffers so that this
	// does not happen.
	ErrBufferTooSmall = sentinel(3, "VPC_E_BUFFER_TOO_SMALL")
	// ErrNotFinite: a coordinate is NaN or infinite (VPC_E_NOT_FINITE).
	ErrNotFinite = sentinel(4, "VPC_E_NOT_FINITE")
	// ErrLatitudeRange: latitude outside [-90, 90] (VPC_E_LATITUDE_RANGE).
	ErrLatitudeRange = sentinel(5, "VPC_E_LATITUDE_RANGE")
	// ErrLongitudeRange: longitude outside [-180, 180]
	// (VPC_E_LONGITUDE_RANGE).
	ErrLongitudeRange = sentinel(6, "VPC_E_LONGITUDE_RANGE")
	// ErrOLCLength: the requested Open Location Code length is below 2, or
	// odd and below 10 (VPC_E_OLC_LENGTH).
	ErrOLCLength = sentinel(7, "VPC_E_OLC_LENGTH")
	// ErrOLCInvalid: the text is not a valid Open Location Code
	// (VPC_E_OLC_INVALID).
	ErrOLCInvalid = sentinel(8, "VPC_E_OLC_INVALID")
	// ErrOLCNotFull: a full Open Location Code is required, the text is a
	// short one (VPC_E_OLC_NOT_FULL).
	ErrOLCNotFull = sentinel(9, "VPC_E_OLC_NOT_FULL")
	// ErrOLCPadded: a padded Open Location Code cannot be shortened
	// (VPC_E_OLC_PADDED).
	ErrOLCPadded = sentinel(10, "VPC_E_OLC_PADDED")
	// ErrEmpty: the code text has no significant characters (VPC_E_EMPTY).
	ErrEmpty = sentinel(11, "VPC_E_EMPTY")
	// ErrBadCharacter: a character is not allowed where it stands; Position
	// says where (VPC_E_BAD_CHARACTER). A NUL byte in a Go string is
	// reported this way too.
	ErrBadCharacter = sentinel(12, "VPC_E_BAD_CHARACTER")
	// ErrCodeLength: not 12, 13, 16 or 17 significant characters
	// (VPC_E_CODE_LENGTH).
	ErrCodeLength = sentinel(13, "VPC_E_CODE_LENGTH")
	// ErrCheckCharacter: the check character does not match the code
	// (VPC_E_CHECK_CHARACTER).
	ErrCheckCharacter = sentinel(14, "VPC_E_CHECK_CHARACTER")
	// ErrLocationRange: a long-form location is not a full Open Location
	// Code on Earth (VPC_E_LOCATION_RANGE).
	ErrLocationRange = sentinel(15, "VPC_E_LOCATION_RANGE")
	// ErrPostalCode: a postal code argument is not exactly 5 ASCII digits
	// (VPC_E_POSTAL_CODE).
	ErrPostalCode = sentinel(16, "VPC_E_POSTAL_CODE")
	// ErrNeedsLongForm: the point is too far from the reference point for
	// the standard form (VPC_E_NEEDS_LONG_FORM).
	ErrNeedsLongForm = sentinel(17, "VPC_E_NEEDS_LONG_FORM")
	// ErrNoMemory: memory allocation failed (VPC_E_NO_MEMORY).
	ErrNoMemory = sentinel(18, "VPC_E_NO_MEMORY")
	// ErrDbNotFound: the database file does not exist (VPC_E_DB_NOT_FOUND).
	ErrDbNotFound = sentinel(19, "VPC_E_DB_NOT_FOUND")
	// ErrDbUnreadable: the database file cannot be opened for reading
	// (VPC_E_DB_UNREADABLE).
	ErrDbUnreadable = sentinel(20, "VPC_E_DB_UNREADABLE")
	// ErrDbCorrupt: the file is not a valid vpostcode database: damaged,
	// truncated or foreign (VPC_E_DB_CORRUPT).
	ErrDbCorrupt = sentinel(21, "VPC_E_DB_CORRUPT")
	// ErrDbSchema: a vpostcode database of a format version the library
	// does not read, or an SQLite database that is not a vpostcode one
	// (VPC_E_DB_SCHEMA).
	ErrDbSchema = sentinel(22, "VPC_E_DB_SCHEMA")
	// ErrOutsideVietnam: the point is in no ward and more than 12 nautical
	// miles (22,224 m) from every ward: abroad (Phnom Penh, Vientiane,
	// Bangkok) or out at sea (VPC_E_OUTSIDE_VIETNAM).
	ErrOutsideVietnam = sentinel(23, "VPC_E_OUTSIDE_VIETNAM")
	// ErrNoWard: the point is in no ward but within 12 nautical miles
	// (22,224 m) of one: off the coast, in a gap between wards, or just
	// across a border (VPC_E_NO_WARD). LookupNearest and EncodeNearest
	// may take the nearest ward instead.
	ErrNoWard = sentinel(24, "VPC_E_NO_WARD")
	// ErrUnknownPostalCode: no ward has this postal code
	// (VPC_E_UNKNOWN_POSTAL_CODE).
	ErrUnknownPostalCode = sentinel(25, "VPC_E_UNKNOWN_POSTAL_CODE")
	// ErrUnknownWard: no ward has this GSO code (VPC_E_UNKNOWN_WARD).
	ErrUnknownWard = sentinel(26, "VPC_E_UNKNOWN_WARD")
	// ErrCRS: the coordinate reference system is unknown or unusable
	// (VPC_E_CRS).
	ErrCRS = sentinel(27, "VPC_E_CRS")
	// ErrTransform: the coordinates cannot be transformed
	// (VPC_E_TRANSFORM).
	ErrTransform = sentinel(28, "VPC_E_TRANSFORM")
	// ErrNoLegacyData: the database has no pre-2025 tables
	// (VPC_E_NO_LEGACY_DATA).
	ErrNoLegacyData = sentinel(30, "VPC_E_NO_LEGACY_DATA")
	// ErrAmbiguousScheme: the postal code is valid before and after 2025
	// and both readings fit; choose a Scheme (VPC_E_AMBIGUOUS_SCHEME).
	ErrAmbiguousScheme = sentinel(31, "VPC_E_AMBIGUOUS_SCHEME")
	// ErrUnknownLegacyCode: no pre-2025 commune has this postal code
	// (VPC_E_UNKNOWN_LEGACY_CODE).
	ErrUnknownLegacyCode = sentinel(32, "VPC_E_UNKNOWN_LEGACY_CODE")
	// ErrUnknownProvince: no province has this GSO code
	// (VPC_E_UNKNOWN_PROVINCE).
	ErrUnknownProvince = sentinel(34, "VPC_E_UNKNOWN_PROVINCE")
	// ErrDbStale: Open was given an SQLite database, and the runtime file
	// next to it (the same name ending in .vpc) was built from another
	// database: run make again to rebuild it (VPC_E_DB_STALE).
	ErrDbStale = sentinel(35, "VPC_E_DB_STALE")
	// ErrAddressEmpty: the address text has no letter or digit
	// (VPC_E_ADDRESS_EMPTY).
	ErrAddressEmpty = sentinel(36, "VPC_E_ADDRESS_EMPTY")
	// ErrAddressTooLong: the address text is longer than 4,096 bytes
	// (VPC_E_ADDRESS_TOO_LONG).
	ErrAddressTooLong = sentinel(37, "VPC_E_ADDRESS_TOO_LONG")
	// ErrAddressEncoding: the address text is not valid UTF-8; the error's
	// Offset is the byte of the bad sequence (VPC_E_ADDRESS_ENCODING).
	ErrAddressEncoding = sentinel(38, "VPC_E_ADDRESS_ENCODING")
	// ErrAddressNotFound: no province, district or ward of Vietnam is
	// named in the text (VPC_E_ADDRESS_NOT_FOUND).
	ErrAddressNotFound = sentinel(39, "VPC_E_ADDRESS_NOT_FOUND")
	// ErrAddressIncomplete: a province (or pre-2025 district) is named, but
	// no ward of it; the Address returned with it has the province
	// (VPC_E_ADDRESS_INCOMPLETE).
	ErrAddressIncomplete = sentinel(40, "VPC_E_ADDRESS_INCOMPLETE")
	// ErrAddressAmbiguous: the text fits several wards equally well; the
	// Address returned with it lists them (VPC_E_ADDRESS_AMBIGUOUS).
	ErrAddressAmbiguous = sentinel(41, "VPC_E_ADDRESS_AMBIGUOUS")
	// ErrAddressSplit: a pre-2025 commune now divided between several
	// wards, and no point to choose; the Address returned with it lists
	// them (VPC_E_ADDRESS_SPLIT).
	ErrAddressSplit = sentinel(42, "VPC_E_ADDRESS_SPLIT")
	// ErrNoLexicon: the database was built without the address lexicon
	// (VPC_E_NO_LEXICON).
	ErrNoLexicon = sentinel(43, "VPC_E_NO_LEXICON")

	// ErrOutsideWard is the warning VPC_W_OUTSIDE_WARD (status 29). It is
	// never returned as an error: Decoded.OutsideWard and
	// Converted.OutsideWard report it.
	ErrOutsideWard = sentinel(29, "VPC_W_OUTSIDE_WARD")
	// ErrNearestWard is the warning VPC_W_NEAREST_WARD (status 33): a point
	// in no ward was given the nearest ward within the distance allowed.
	// It is never returned as an error: Nearest.Nearest reports it.
	ErrNearestWard = sentinel(33, "VPC_W_NEAREST_WARD")
	// ErrAddressDefault is the warning VPC_W_ADDRESS_DEFAULT (status 44): a
	// divided pre-2025 commune was answered with a default ward, as asked.
	// It is never returned as an error: Address.Defaulted reports it.
	ErrAddressDefault = sentinel(44, "VPC_W_ADDRESS_DEFAULT")
)

// statusWarning is VPC_W_OUTSIDE_WARD, a status that is not an error:
// the outputs are written and Decoded.OutsideWard says so.
const statusWarning = C.VPC_W_OUTSIDE_WARD

// statusNearest is VPC_W_NEAREST_WARD, the other warning: the outputs are
// written and Nearest.Nearest says so.
const statusNearest = C.VPC_W_NEAREST_WARD

// statusAddressDefault is VPC_W_ADDRESS_DEFAULT, the third warning.
const statusAddressDefault = C.VPC_W_ADDRESS_DEFAULT

// isWarning reports whether a status is a warning (vpc_is_warning).
func isWarning(status int) bool {
	return status == statusWarning || status == statusNearest || status == statusAddressDefault
}

// sentinel makes the sentinel error of a status. The name is written out
// here rather than read from the library so that a test can compare the
// two; the sentence comes from the library.
func sentinel(status int, name string) *Error {
	return &Error{
		Status:  status,
		Name:    name,
		Message: statusTexts[status].message,
		Offset:  -1,
	}
}

// statusTexts are vpc_status_name and vpc_strerror of every status, read
// once so that making an error costs no call into C.
var statusTexts = func() (t [statusCount]struct{ name, message string }) {
	for st := range t {
		t[st].name = C.GoString(C.vpc_status_name(C.vpc_status(st)))
		t[st].message = C.GoString(C.vpc_strerror(C.vpc_status(st)))
	}
	return t
}()

// statusName is vpc_status_name.
func statusName(status int) string {
	if status >= 0 && status < statusCount {
		return statusTexts[status].name
	}
	return C.GoString(C.vpc_status_name(C.vpc_status(status)))
}

// statusCount is VPC_STATUS_COUNT, the number of status codes.
const statusCount = int(C.VPC_STATUS_COUNT)

// newError is the error of a failed call: nil for VPC_OK and the warnings,
// otherwise a fresh *Error with the library's name and sentence, without
// a position.
func newError(status int) error {
	return textError(status, "", -1)
}

// textError is newError for a call on text, with the byte offset off in
// it where the text failed to parse (-1 for none).
func textError(status int, text string, off int) error {
	if status == 0 || isWarning(status) {
		return nil
	}
	e := &Error{Status: status, Offset: off, Position: positionOf(text, off)}
	if off < 0 {
		e.Offset = -1
	}
	if status > 0 && status < statusCount {
		e.Name, e.Message = statusTexts[status].name, statusTexts[status].message
	} else {
		e.Name = C.GoString(C.vpc_status_name(C.vpc_status(status)))
		e.Message = C.GoString(C.vpc_strerror(C.vpc_status(status)))
	}
	return e
}

// detailedError is an *Error of the sentinel's status with a message of
// the binding's own, for problems found before calling the library; off
// is the byte offset in text of the problem, -1 for none.
func detailedError(s *Error, message string, text string, off int) error {
	e := &Error{Status: s.Status, Name: s.Name, Message: message, Offset: -1}
	if off >= 0 {
		e.Offset, e.Position = off, positionOf(text, off)
	}
	return e
}
