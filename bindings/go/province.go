package vpostcode

/*
#include <stdlib.h>
#include <vpostcode.h>
#include "combined.h"
*/
import "C"

import (
	"math"
	"strings"
)

// Provinces is every province and centrally governed city (34 since
// 1 July 2025), in GSO code order.
func (d *Database) Provinces() ([]Province, error) {
	h, err := d.acquire()
	if err != nil {
		return nil, err
	}
	defer d.release()
	n := int(C.vpc_province_count(h))
	ps := make([]Province, n)
	var p C.vpc_province
	for i := range ps {
		if st := C.vpc_province_at(h, C.size_t(i), &p); st != C.VPC_OK {
			return nil, newError(int(st))
		}
		ps[i] = provinceFromC(&p)
	}
	return ps, nil
}

// Province is the province with a GSO code ("01"); ErrUnknownProvince if
// none has it.
func (d *Database) Province(code string) (Province, error) {
	h, err := d.acquire()
	if err != nil {
		return Province{}, err
	}
	defer d.release()
	if nulIndex(code) >= 0 {
		return Province{}, detailedError(ErrUnknownProvince, "a GSO province code cannot contain a NUL byte", "", -1)
	}
	c := cString(code)
	defer freeCString(c)
	var p C.vpc_province
	if st := C.vpc_province_by_code(h, c, &p); st != C.VPC_OK {
		return Province{}, newError(int(st))
	}
	return provinceFromC(&p), nil
}

// WardsOfProvince is the wards of the province with a GSO code ("01"), in
// GSO code order, for a checkout form's list; ErrUnknownProvince if no
// province has the code.
func (d *Database) WardsOfProvince(code string) ([]Ward, error) {
	if _, err := d.Province(code); err != nil {
		return nil, err
	}
	if _, err := d.acquire(); err != nil {
		return nil, err
	}
	defer d.release()
	var ws []Ward
	for _, w := range d.wards {
		if w.Province.Code == code {
			ws = append(ws, w)
		}
	}
	return ws, nil
}

// WardGeoJSON is a ward's boundary as a GeoJSON Feature (MultiPolygon,
// full resolution; properties code, postal_code, name), by GSO code;
// ErrUnknownWard if none has it. Large wards take a few megabytes.
func (d *Database) WardGeoJSON(code string) ([]byte, error) {
	return d.geojson(code, ErrUnknownWard, func(h *C.vpc_db, c *C.char, buf *C.char, size C.size_t, needed *C.size_t) C.vpc_status {
		return C.vpc_ward_geojson(h, c, buf, size, needed)
	})
}

// ProvinceGeoJSON is a province's wards as a GeoJSON FeatureCollection,
// one Feature per ward as WardGeoJSON gives it, in GSO code order, by
// the province's GSO code ("01"); ErrUnknownProvince if none has it.
// Tens of megabytes for a large province.
func (d *Database) ProvinceGeoJSON(code string) ([]byte, error) {
	return d.geojson(code, ErrUnknownProvince, func(h *C.vpc_db, c *C.char, buf *C.char, size C.size_t, needed *C.size_t) C.vpc_status {
		return C.vpc_province_geojson(h, c, buf, size, needed)
	})
}

// geojson calls one of the GeoJSON functions twice: for the size, then
// into a buffer of that size.
func (d *Database) geojson(code string, unknown *Error,
	call func(*C.vpc_db, *C.char, *C.char, C.size_t, *C.size_t) C.vpc_status) ([]byte, error) {
	h, err := d.acquire()
	if err != nil {
		return nil, err
	}
	defer d.release()
	if nulIndex(code) >= 0 {
		return nil, detailedError(unknown, "a GSO code cannot contain a NUL byte", "", -1)
	}
	c := cString(code)
	defer freeCString(c)
	var needed C.size_t
	st := call(h, c, nil, 0, &needed)
	if st != C.VPC_OK && st != C.VPC_E_BUFFER_TOO_SMALL {
		return nil, newError(int(st))
	}
	buf := C.malloc(needed)
	if buf == nil {
		return nil, newError(C.VPC_E_NO_MEMORY)
	}
	defer C.free(buf)
	if st := call(h, c, (*C.char)(buf), needed, &needed); st != C.VPC_OK {
		return nil, newError(int(st))
	}
	return C.GoBytes(buf, C.int(needed-1)), nil // without the NUL
}

// MaxNearestMetres is the largest distance LookupNearest and
// EncodeNearest accept: 12 nautical miles (VPC_TERRITORY_METRES), the
// distance beyond which a point in no ward is ErrOutsideVietnam.
const MaxNearestMetres = float64(C.VPC_TERRITORY_METRES)

// Nearest is the result of nearest-ward mode.
type Nearest struct {
	// Ward is the ward containing the point, or with Nearest the nearest
	// ward within the distance allowed.
	Ward Ward
	// Metres is the distance from the point to Ward's boundary, on the
	// sphere of radius 6,371,008.8 m; 0 for a point inside Ward.
	Metres float64
	// Nearest is the warning VPC_W_NEAREST_WARD (ErrNearestWard): the
	// point is in no ward and Ward is the nearest one. It is not an
	// error, as Decoded.OutsideWard is not: the result is set.
	Nearest bool
}

// EncodedNearest is the result of EncodeNearest: the code and the
// nearest-ward details.
type EncodedNearest struct {
	Encoded
	Metres  float64 // as Nearest.Metres
	Nearest bool    // as Nearest.Nearest (VPC_W_NEAREST_WARD)
}

// LookupNearest is Lookup in opt-in nearest-ward mode: a point in no ward
// whose nearest ward is at most maxMetres away (0 to MaxNearestMetres;
// other values, NaN included, are ErrInvalidArgument) gets that ward,
// the distance and Nearest set; a point in a ward gets it with Metres 0.
// Otherwise the errors of Lookup: ErrNoWard (no ward within maxMetres,
// but one within 12 nautical miles), ErrOutsideVietnam, ErrNotFinite,
// ErrLatitudeRange, ErrLongitudeRange. Never a ward farther than
// maxMetres: Lookup and Encode stay exact.
func (d *Database) LookupNearest(lat, lon, maxMetres float64) (Nearest, error) {
	if math.IsNaN(maxMetres) || maxMetres < 0 || maxMetres > MaxNearestMetres {
		return Nearest{}, detailedError(ErrInvalidArgument,
			"the nearest-ward distance must be 0 to 22224 metres", "", -1)
	}
	h, err := d.acquire()
	if err != nil {
		return Nearest{}, err
	}
	defer d.release()
	var w C.vpc_ward
	var metres C.double
	st := C.vpc_lookup_nearest(h, C.double(lat), C.double(lon), C.double(maxMetres), &w, &metres)
	if err := newError(int(st)); err != nil {
		return Nearest{}, err
	}
	return Nearest{Ward: wardFromC(&w), Metres: float64(metres), Nearest: st == statusNearest}, nil
}

// EncodeNearest is Encode in nearest-ward mode (see LookupNearest): a
// point in no ward within maxMetres of one gets a code made of that
// ward's postal code and the point's own location, with Nearest set and
// the distance. Such a code's cell lies outside its ward, so it decodes
// with Decoded.OutsideWard set: the warning travels with the code.
// opts: none, or one EncodeOptions.
func (d *Database) EncodeNearest(lat, lon, maxMetres float64, opts ...EncodeOptions) (EncodedNearest, error) {
	flags, err := encodeFlags(opts)
	if err != nil {
		return EncodedNearest{}, err
	}
	if math.IsNaN(maxMetres) || maxMetres < 0 || maxMetres > MaxNearestMetres {
		return EncodedNearest{}, detailedError(ErrInvalidArgument,
			"the nearest-ward distance must be 0 to 22224 metres", "", -1)
	}
	h, err := d.acquire()
	if err != nil {
		return EncodedNearest{}, err
	}
	defer d.release()
	var code C.vpc_code
	var w C.vpc_ward
	var metres C.double
	st := C.vpc_encode_nearest(h, C.double(lat), C.double(lon), C.double(maxMetres), flags, &code, &w, &metres)
	if err := newError(int(st)); err != nil {
		return EncodedNearest{}, err
	}
	var canonical, display [C.VPC_CODE_BUFSIZE]C.char
	if fs := C.vpcgo_format(&code, &canonical[0], &display[0]); fs != C.VPC_OK {
		return EncodedNearest{}, newError(int(fs))
	}
	return EncodedNearest{
		Encoded: Encoded{
			Code:    goString(&canonical[0], len(canonical)),
			Display: goString(&display[0], len(display)),
			Ward:    wardFromC(&w),
		},
		Metres:  float64(metres),
		Nearest: st == statusNearest,
	}, nil
}

func provinceFromC(p *C.vpc_province) Province {
	return Province{
		Code:           goString(&p.code[0], len(p.code)),
		Name:           goString(&p.name[0], len(p.name)),
		NameASCII:      goString(&p.name_ascii[0], len(p.name_ascii)),
		PostalPrefixes: strings.Fields(goString(&p.postal_prefixes[0], len(p.postal_prefixes))),
	}
}
