package vpostcode

/*
#include <vpostcode.h>
*/
import "C"

// UnitType is the kind of a ward-level unit (since 1 July 2025).
type UnitType int

// The unit types of the ward level.
const (
	UnitWard        UnitType = C.VPC_UNIT_WARD         // phường
	UnitCommune     UnitType = C.VPC_UNIT_COMMUNE      // xã
	UnitSpecialZone UnitType = C.VPC_UNIT_SPECIAL_ZONE // đặc khu
)

// Province is a province or centrally governed city.
type Province struct {
	Code           string   // GSO code, "01"
	Name           string   // "Thành phố Hà Nội"
	NameASCII      string   // "Thanh pho Ha Noi"
	PostalPrefixes []string // the first two digits of its postal codes: "10", "11", ...
}

// Ward is a ward, commune or special zone, with its province.
type Ward struct {
	Code       string   // GSO code, "00070"
	PostalCode string   // "11024" (Decision 2334/QĐ-BKHCN)
	Name       string   // "Phường Hoàn Kiếm"
	NameASCII  string   // "Phuong Hoan Kiem"
	UnitType   UnitType // UnitWard, UnitCommune or UnitSpecialZone
	LongForm   bool     // its codes use the 16-character long form
	// RefLat and RefLon are the reference point from which the first four
	// digits of a standard-form location are recovered.
	RefLat, RefLon float64
	// South, West, North and East bound the ward, in degrees.
	South, West, North, East float64
	// Province is the province or city the ward belongs to.
	Province Province
}

// Cell is the area an Open Location Code or a Vpostcode stands for: the
// south-west corner inclusive, the north-east corner exclusive, and its
// centre.
type Cell struct {
	// South, West, North and East are the cell's edges, in degrees.
	South, West, North, East float64
	Lat, Lon                 float64 // the centre
	Length                   int     // significant OLC digits it was decoded from (at most 15)
}

// Contains reports whether the point is in the cell, the south and west
// edges included, the north and east edges excluded.
func (c Cell) Contains(lat, lon float64) bool {
	return lat >= c.South && lat < c.North && lon >= c.West && lon < c.East
}

func cellFromC(c *C.vpc_cell) Cell {
	return Cell{
		South: float64(c.south), West: float64(c.west),
		North: float64(c.north), East: float64(c.east),
		Lat: float64(c.lat), Lon: float64(c.lon),
		Length: int(c.length),
	}
}

func wardFromC(w *C.vpc_ward) Ward {
	return Ward{
		Code:       goString(&w.code[0], len(w.code)),
		PostalCode: goString(&w.postal_code[0], len(w.postal_code)),
		Name:       goString(&w.name[0], len(w.name)),
		NameASCII:  goString(&w.name_ascii[0], len(w.name_ascii)),
		UnitType:   UnitType(w.unit_type),
		LongForm:   w.long_form != 0,
		RefLat:     float64(w.ref_lat),
		RefLon:     float64(w.ref_lon),
		South:      float64(w.south),
		West:       float64(w.west),
		North:      float64(w.north),
		East:       float64(w.east),
		Province:   provinceFromC(&w.province),
	}
}
