package vpostcode

/*
#include <stdlib.h>
#include <vpostcode.h>
*/
import "C"

import (
	"math"
	"unsafe"
)

// Address is address text read by ParseAddress (docs/ADDRESS.md).
type Address struct {
	// Status is "ok", "VPC_W_ADDRESS_DEFAULT", or the C name of the error
	// returned with the Address (docs/CONVENTIONS.md).
	Status string
	// Decided is true when Ward is set: for "ok" and the default warning.
	Decided bool
	Ward    Ward
	// HasProvince is true when Province is set (also for
	// ErrAddressIncomplete).
	HasProvince bool
	Province    Province
	// Scheme is the form the text was read in: SchemeCurrent or
	// SchemeLegacy (SchemeAuto when nothing was read).
	Scheme Scheme
	// Legacy holds the pre-2025 commune, district and province the text
	// named, when read in that form (empty codes for the levels not named).
	Legacy LegacyUnit
	// Split: a pre-2025 commune now divided between several wards (all of
	// them in Candidates).
	Split bool
	// Defaulted: Ward is a default among them (AddressOptions.Default).
	Defaulted bool
	// PointUsed: a point decided between the candidates; PointConflict: the
	// point lies in none of them.
	PointUsed, PointConflict bool
	// Score is a confidence in [0, 1], not a probability.
	Score float64
	// Candidates are the GSO codes of the wards the text may mean, best
	// first; CandidateCount may exceed len(Candidates) (32 are listed).
	Candidates     []string
	CandidateCount int
	// The parts of the text as byte offsets [start, end) into it, {-1, -1}
	// when absent: text[s[0]:s[1]].
	WardSpan, DistrictSpan, ProvinceSpan, StreetSpan, PointSpan [2]int
	// Formatted is the address in the current form ("40 Nhà Chung, Phường
	// Hoàn Kiếm, Thành phố Hà Nội"), FormattedASCII without diacritics; ""
	// when no ward was decided.
	Formatted, FormattedASCII string
}

// LegacyUnit is a commune of before 1 July 2025, its district and
// province.
type LegacyUnit struct {
	PostalCode, CommuneCode, CommuneName string
	DistrictCode, DistrictName           string
	ProvinceCode, ProvinceName           string
}

// AddressOptions choose how ParseAddress reads text. The zero value reads
// both forms and never picks a default ward.
type AddressOptions struct {
	// Scheme reads the text in one form only (SchemeAuto: both).
	Scheme Scheme
	// Default answers a divided pre-2025 commune with a default ward.
	Default bool
	// HasPoint: Lat, Lon is a point known to lie at the address; it
	// decides between candidates.
	HasPoint bool
	Lat, Lon float64
}

// SearchHit is a ward or province found by SearchWards.
type SearchHit struct {
	// Kind is "ward" or "province".
	Kind, Code, PostalCode, Name, ProvinceCode, ProvinceName string
	// Matched is the former name that matched, "" for the current one.
	Matched string
	Score   float64
}

func (o AddressOptions) flags() (C.uint, error) {
	f, err := o.Scheme.flags()
	if err != nil {
		return 0, err
	}
	if o.Default {
		f |= C.VPC_FLAG_ADDRESS_DEFAULT
	}
	return f, nil
}

func spanOf(s C.vpc_span) [2]int {
	return [2]int{int(s.start), int(s.end)}
}

func formatAddress(a *C.vpc_address, text *C.char, flags C.uint) string {
	var buf [2*4096 + 256]C.char
	if C.vpc_address_format(a, text, flags, &buf[0], C.size_t(len(buf))) != C.VPC_OK {
		return ""
	}
	return C.GoString(&buf[0])
}

func addressFromC(a *C.vpc_address, text *C.char, st int) Address {
	out := Address{
		Status:         StatusText(st),
		Decided:        a.ward.code[0] != 0,
		HasProvince:    a.province.code[0] != 0,
		Scheme:         Scheme(a.scheme),
		Split:          a.split != 0,
		Defaulted:      a.defaulted != 0,
		PointUsed:      a.point_used != 0,
		PointConflict:  a.point_conflict != 0,
		Score:          float64(a.score),
		CandidateCount: int(a.candidate_count),
		WardSpan:       spanOf(a.ward_span),
		DistrictSpan:   spanOf(a.district_span),
		ProvinceSpan:   spanOf(a.province_span),
		StreetSpan:     spanOf(a.street_span),
		PointSpan:      spanOf(a.point_span),
	}
	if out.Decided {
		out.Ward = wardFromC(&a.ward)
		out.Formatted = formatAddress(a, text, 0)
		out.FormattedASCII = formatAddress(a, text, C.VPC_FLAG_ASCII)
	}
	if out.HasProvince {
		out.Province = provinceFromC(&a.province)
	}
	l := &a.legacy
	out.Legacy = LegacyUnit{
		PostalCode:   goString(&l.postal_code[0], len(l.postal_code)),
		CommuneCode:  goString(&l.commune_code[0], len(l.commune_code)),
		CommuneName:  goString(&l.commune_name[0], len(l.commune_name)),
		DistrictCode: goString(&l.district_code[0], len(l.district_code)),
		DistrictName: goString(&l.district_name[0], len(l.district_name)),
		ProvinceCode: goString(&l.province_code[0], len(l.province_code)),
		ProvinceName: goString(&l.province_name[0], len(l.province_name)),
	}
	n := out.CandidateCount
	if n > C.VPC_ADDRESS_MAX_CANDIDATES {
		n = C.VPC_ADDRESS_MAX_CANDIDATES
	}
	out.Candidates = make([]string, n)
	for i := 0; i < n; i++ {
		out.Candidates[i] = goString(&a.candidates[i][0], len(a.candidates[i]))
	}
	return out
}

// addressRead reports whether a status still gives an Address: the text
// was read, in part.
func addressRead(st int) bool {
	return st == C.VPC_OK || st == C.VPC_W_ADDRESS_DEFAULT || st == C.VPC_E_ADDRESS_AMBIGUOUS ||
		st == C.VPC_E_ADDRESS_SPLIT || st == C.VPC_E_ADDRESS_INCOMPLETE
}

// ParseAddress reads Vietnamese address text, in the current two-tier form
// or the pre-2025 three-tier one, with or without diacritics, abbreviated,
// in English, with any separators, into its current ward. The Address is
// returned with a nil error for a decided ward (also the default warning);
// with ErrAddressAmbiguous, ErrAddressSplit (Candidates lists the wards) or
// ErrAddressIncomplete (the province only) when the text was read in part.
// Text that cannot be read gives an empty Address and ErrAddressEmpty,
// ErrAddressTooLong, ErrAddressEncoding, ErrAddressNotFound or
// ErrNoLexicon.
func (d *Database) ParseAddress(text string, opts AddressOptions) (Address, error) {
	flags, err := opts.flags()
	if err != nil {
		return Address{}, err
	}
	if nulIndex(text) >= 0 {
		return Address{}, detailedError(ErrAddressEncoding, "address text cannot contain a NUL byte",
			text, nulIndex(text))
	}
	h, err := d.acquire()
	if err != nil {
		return Address{}, err
	}
	defer d.release()
	c := cString(text)
	defer freeCString(c)
	var a C.vpc_address
	var pos C.size_t
	var st C.vpc_status
	if opts.HasPoint {
		st = C.vpc_address_parse_at(h, c, C.double(opts.Lat), C.double(opts.Lon), flags, &a, &pos)
	} else {
		st = C.vpc_address_parse(h, c, flags, &a, &pos)
	}
	s := int(st)
	if !addressRead(s) {
		off := -1
		if s == C.VPC_E_ADDRESS_ENCODING {
			off = int(pos)
		}
		return Address{}, textError(s, text, off)
	}
	return addressFromC(&a, c, s), newError(s)
}

// AddressMany reads many texts in one call (vpc_address_batch): one Address
// per text, each with its Status ("ok" or the C name); never an error for an
// item. lats and lons are nil, or points per text (NaN where there is none).
func (d *Database) AddressMany(texts []string, lats, lons []float64, opts AddressOptions) ([]Address, error) {
	flags, err := opts.flags()
	if err != nil {
		return nil, err
	}
	n := len(texts)
	if (lats == nil) != (lons == nil) || (lats != nil && (len(lats) != n || len(lons) != n)) {
		return nil, detailedError(ErrInvalidArgument, "lats and lons must both be nil or have one value per text", "", -1)
	}
	out := make([]Address, n)
	if n == 0 {
		return out, nil
	}
	h, err := d.acquire()
	if err != nil {
		return nil, err
	}
	defer d.release()
	ptrSize := C.size_t(unsafe.Sizeof(uintptr(0)))
	cs := (*[1 << 28]*C.char)(C.malloc(C.size_t(n) * ptrSize))[:n:n]
	for i, t := range texts {
		if nulIndex(t) >= 0 {
			cs[i] = nil
		} else {
			cs[i] = cString(t)
		}
	}
	defer func() {
		for i := range cs {
			if cs[i] != nil {
				freeCString(cs[i])
			}
		}
		C.free(unsafe.Pointer(&cs[0]))
	}()
	res := (*[1 << 20]C.vpc_address)(C.malloc(C.size_t(n) * C.size_t(unsafe.Sizeof(C.vpc_address{}))))[:n:n]
	defer C.free(unsafe.Pointer(&res[0]))
	status := make([]C.int, n)
	var pl, pn *C.double
	var clat, clon []C.double
	if lats != nil {
		clat, clon = make([]C.double, n), make([]C.double, n)
		for i := range lats {
			clat[i], clon[i] = C.double(lats[i]), C.double(lons[i])
			if math.IsNaN(lats[i]) || math.IsNaN(lons[i]) {
				clat[i], clon[i] = C.double(math.NaN()), C.double(math.NaN())
			}
		}
		pl, pn = &clat[0], &clon[0]
	}
	st := C.vpc_address_batch(h, C.size_t(n), &cs[0], pl, pn, flags, &res[0], &status[0])
	if st != C.VPC_OK {
		return nil, newError(int(st))
	}
	for i := range out {
		out[i] = addressFromC(&res[i], cs[i], int(status[i]))
	}
	return out, nil
}

// SearchWards ranks current wards and provinces by name for a query typed
// into a form (prefix, any word order, diacritics optional, small typos):
// at most limit hits, best first. province ("01", or "") keeps one
// province's wards (ErrUnknownProvince if there is no such province);
// ascii gives names without diacritics.
func (d *Database) SearchWards(query, province string, limit int, ascii bool) ([]SearchHit, error) {
	if limit < 0 {
		return nil, detailedError(ErrInvalidArgument, "limit must be 0 or more", "", -1)
	}
	if nulIndex(query) >= 0 || nulIndex(province) >= 0 {
		return nil, detailedError(ErrAddressEncoding, "a query cannot contain a NUL byte", query, nulIndex(query))
	}
	h, err := d.acquire()
	if err != nil {
		return nil, err
	}
	defer d.release()
	q := cString(query)
	defer freeCString(q)
	var p *C.char
	if province != "" {
		p = cString(province)
		defer freeCString(p)
	}
	var flags C.uint
	if ascii {
		flags = C.VPC_FLAG_ASCII
	}
	hits := make([]C.vpc_search_hit, limit+1)
	var count C.size_t
	if st := C.vpc_ward_search(h, q, p, flags, &hits[0], C.size_t(limit), &count); st != C.VPC_OK {
		return nil, textError(int(st), query, -1)
	}
	n := int(count)
	if n > limit {
		n = limit
	}
	out := make([]SearchHit, n)
	for i := 0; i < n; i++ {
		x := &hits[i]
		kind := "ward"
		if x.kind == C.VPC_SEARCH_PROVINCE {
			kind = "province"
		}
		out[i] = SearchHit{
			Kind:         kind,
			Code:         goString(&x.code[0], len(x.code)),
			PostalCode:   goString(&x.postal_code[0], len(x.postal_code)),
			Name:         goString(&x.name[0], len(x.name)),
			ProvinceCode: goString(&x.province_code[0], len(x.province_code)),
			ProvinceName: goString(&x.province_name[0], len(x.province_name)),
			Matched:      goString(&x.matched[0], len(x.matched)),
			Score:        float64(x.score),
		}
	}
	return out, nil
}

// HasLexicon reports the database's address lexicon: 0 none, 1 the current
// units, 2 also the pre-2025 ones (so the three-tier form is read).
func (d *Database) HasLexicon() (int, error) {
	h, err := d.acquire()
	if err != nil {
		return 0, err
	}
	defer d.release()
	return int(C.vpc_has_lexicon(h)), nil
}
