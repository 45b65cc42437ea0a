package vpostcode

/*
#include <vpostcode.h>
#include "combined.h"
*/
import "C"

// EncodeOptions choose the form of the codes Encode and EncodeBatch make.
type EncodeOptions struct {
	// LongForm makes the 16-character long form (the wards that need it
	// always get it).
	LongForm bool
	// CheckChar appends the check character.
	CheckChar bool
}

func (o EncodeOptions) flags() C.uint {
	var f C.uint
	if o.LongForm {
		f |= C.VPC_FLAG_LONG_FORM
	}
	if o.CheckChar {
		f |= C.VPC_FLAG_CHECK_CHAR
	}
	return f
}

// encodeFlags gives the flags of at most one EncodeOptions.
func encodeFlags(opts []EncodeOptions) (C.uint, error) {
	switch len(opts) {
	case 0:
		return 0, nil
	case 1:
		return opts[0].flags(), nil
	}
	return 0, detailedError(ErrInvalidArgument, "at most one EncodeOptions", "", -1)
}

// Scheme is how the postal code of a code is read: as one of today's
// (Decision 2334/QĐ-BKHCN, since 1 July 2025) or as one of the communes of
// before the reform.
type Scheme int

// The schemes. SchemeAuto, the zero value, lets the library decide.
const (
	// SchemeAuto reads a code as current when it fits its ward, else as
	// pre-2025 when the database has those tables.
	SchemeAuto Scheme = 0
	// SchemeCurrent reads postal codes as current ones only.
	SchemeCurrent Scheme = C.VPC_SCHEME_CURRENT
	// SchemeLegacy reads postal codes as pre-2025 ones only; it needs the
	// pre-2025 tables (ErrNoLegacyData otherwise).
	SchemeLegacy Scheme = C.VPC_SCHEME_LEGACY
)

func (s Scheme) flags() (C.uint, error) {
	switch s {
	case SchemeAuto:
		return 0, nil
	case SchemeCurrent:
		return C.VPC_FLAG_SCHEME_CURRENT, nil
	case SchemeLegacy:
		return C.VPC_FLAG_SCHEME_LEGACY, nil
	}
	return 0, detailedError(ErrInvalidArgument, "unknown scheme", "", -1)
}

// DecodeOptions choose how Decode and DecodeBatch read codes.
type DecodeOptions struct {
	// Scheme forces the reading of the postal code; with SchemeCurrent or
	// SchemeLegacy the ward is the current ward holding the cell.
	Scheme Scheme
}

// decodeFlags gives the flags of at most one DecodeOptions.
func decodeFlags(opts []DecodeOptions) (C.uint, error) {
	switch len(opts) {
	case 0:
		return 0, nil
	case 1:
		return opts[0].Scheme.flags()
	}
	return 0, detailedError(ErrInvalidArgument, "at most one DecodeOptions", "", -1)
}

// Encoded is the Vpostcode of a point.
type Encoded struct {
	Code    string // canonical form, "110242RHXFJJ"
	Display string // display form, "11024 2RHX+FJJ"
	Ward    Ward   // the ward containing the point
}

// Decoded is what a code stands for.
type Decoded struct {
	Cell Cell // the location's cell
	// Ward is the ward the code's postal code names (for a pre-2025 code,
	// the current ward holding the cell).
	Ward Ward
	// OutsideWard is the library's warning VPC_W_OUTSIDE_WARD: the cell
	// does not even touch the ward the code names, as for a code made for
	// another ward or mistyped. Cell and Ward are set.
	OutsideWard bool
}

// Converted is the current code of a place, from a code of before or
// after the 2025 reform.
type Converted struct {
	Code    string // canonical form of the current code
	Display string // its display form
	// OutsideWard: the code's cell does not meet the unit its postal code
	// names in either scheme (VPC_W_OUTSIDE_WARD); Code is still set.
	OutsideWard bool
}

// Encode is the Vpostcode of a point (WGS84 degrees): its ward is looked
// up, then the code is made from the ward's postal code and reference
// point. opts: none, or one EncodeOptions (more: ErrInvalidArgument).
// Errors: ErrNotFinite, ErrLatitudeRange, ErrLongitudeRange,
// ErrNoWard (in no ward, but within 12 nautical miles of one),
// ErrOutsideVietnam (farther from every ward); never a nearest-ward guess
// (see EncodeNearest for the opt-in).
func (d *Database) Encode(lat, lon float64, opts ...EncodeOptions) (Encoded, error) {
	flags, err := encodeFlags(opts)
	if err != nil {
		return Encoded{}, err
	}
	h, err := d.acquire()
	if err != nil {
		return Encoded{}, err
	}
	defer d.release()
	var code, display [C.VPC_CODE_BUFSIZE]C.char
	var w C.int
	if st := C.vpcgo_encode(h, C.double(lat), C.double(lon), flags, &code[0], &display[0], &w); st != C.VPC_OK {
		return Encoded{}, newError(int(st))
	}
	ward, err := d.wardOf(w)
	if err != nil {
		return Encoded{}, err
	}
	return Encoded{
		Code:    goString(&code[0], len(code)),
		Display: goString(&display[0], len(display)),
		Ward:    ward,
	}, nil
}

// Decode reads a code as typed (see Parse) and gives its cell and ward;
// opts: none, or one DecodeOptions. Errors: those of Parse (with Position),
// ErrUnknownPostalCode, and with a Scheme ErrNoLegacyData,
// ErrUnknownLegacyCode, ErrNoWard. A cell outside the ward the code names
// is not an error: see Decoded.OutsideWard.
func (d *Database) Decode(code string, opts ...DecodeOptions) (Decoded, error) {
	flags, err := decodeFlags(opts)
	if err != nil {
		return Decoded{}, err
	}
	h, err := d.acquire()
	if err != nil {
		return Decoded{}, err
	}
	defer d.release()
	if i := nulIndex(code); i >= 0 {
		return Decoded{}, nulError(code, i)
	}
	c := cString(code)
	defer freeCString(c)
	var cell C.vpc_cell
	var w C.int
	var pos C.long
	st := C.vpcgo_decode(h, c, flags, &cell, &w, &pos)
	if err := textError(int(st), code, int(pos)); err != nil {
		return Decoded{}, err
	}
	ward, err := d.wardOf(w)
	if err != nil {
		return Decoded{}, err
	}
	return Decoded{Cell: cellFromC(&cell), Ward: ward, OutsideWard: st == statusWarning}, nil
}

// Lookup is the ward (with its province) containing a point: reverse
// geocoding. A point on a boundary belongs to exactly one ward. Errors as
// for Encode.
func (d *Database) Lookup(lat, lon float64) (Ward, error) {
	h, err := d.acquire()
	if err != nil {
		return Ward{}, err
	}
	defer d.release()
	var w C.int
	if st := C.vpcgo_lookup(h, C.double(lat), C.double(lon), &w); st != C.VPC_OK {
		return Ward{}, newError(int(st))
	}
	return d.wardOf(w)
}

// ConvertOptions choose how Convert reads a code and writes the result.
type ConvertOptions struct {
	Scheme    Scheme // how to read the code's postal code
	CheckChar bool   // give the current code with its check character
}

// Convert gives the current code of the place a code names, whether the
// code was issued before the 2025 reform (with the postal code of a
// commune of that time) or after (then it comes back as it is, in
// canonical form); opts: none, or one ConvertOptions. Codes of before
// 2025 need a database with the pre-2025 tables: without them an old
// postal code is ErrUnknownPostalCode, and SchemeLegacy ErrNoLegacyData.
// Other errors: those of Parse (with Position), ErrUnknownPostalCode,
// ErrUnknownLegacyCode, ErrAmbiguousScheme (choose a Scheme), ErrNoWard
// (the place is in no ward today).
func (d *Database) Convert(code string, opts ...ConvertOptions) (Converted, error) {
	var flags C.uint
	switch len(opts) {
	case 0:
	case 1:
		f, err := opts[0].Scheme.flags()
		if err != nil {
			return Converted{}, err
		}
		flags = f
		if opts[0].CheckChar {
			flags |= C.VPC_FLAG_CHECK_CHAR
		}
	default:
		return Converted{}, detailedError(ErrInvalidArgument, "at most one ConvertOptions", "", -1)
	}
	h, err := d.acquire()
	if err != nil {
		return Converted{}, err
	}
	defer d.release()
	if i := nulIndex(code); i >= 0 {
		return Converted{}, nulError(code, i)
	}
	c := cString(code)
	defer freeCString(c)
	var current, display [C.VPC_CODE_BUFSIZE]C.char
	var pos C.long
	st := C.vpcgo_convert(h, c, flags, &current[0], &display[0], &pos)
	if err := textError(int(st), code, int(pos)); err != nil {
		return Converted{}, err
	}
	return Converted{
		Code:        goString(&current[0], len(current)),
		Display:     goString(&display[0], len(display)),
		OutsideWard: st == statusWarning,
	}, nil
}
