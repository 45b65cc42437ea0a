package vpostcode

import (
	"errors"
	"reflect"
	"testing"
)

// Facts of the source data: ward 00070 is Phường Hoàn Kiếm (postal code
// 11024); the pre-2025 Phường Dịch Vọng went into 00160 and 00166, and the
// point below lies in 00166 (Phường Cầu Giấy).
const hoanKiem = "00070"

func lexicon(t *testing.T, want int) *Database {
	db := testDB(t)
	n, err := db.HasLexicon()
	if err != nil {
		t.Fatal(err)
	}
	if n < want {
		t.Skipf("the database's lexicon is %d, %d needed", n, want)
	}
	return db
}

func TestParseAddressCurrent(t *testing.T) {
	db := lexicon(t, 1)
	text := "40 Nhà Chung, Phường Hoàn Kiếm, Hà Nội"
	a, err := db.ParseAddress(text, AddressOptions{})
	if err != nil || !a.Decided || a.Ward.Code != hoanKiem || a.Ward.PostalCode != "11024" {
		t.Fatalf("%q: %+v, %v", text, a.Ward, err)
	}
	if a.Status != "ok" || a.Scheme != SchemeCurrent || a.Province.Code != "01" {
		t.Errorf("status %q scheme %d province %q", a.Status, a.Scheme, a.Province.Code)
	}
	if got := text[a.WardSpan[0]:a.WardSpan[1]]; got != "Phường Hoàn Kiếm" {
		t.Errorf("ward span %v is %q", a.WardSpan, got)
	}
	if a.Formatted != "40 Nhà Chung, Phường Hoàn Kiếm, Thành phố Hà Nội" ||
		a.FormattedASCII != "40 Nha Chung, Phuong Hoan Kiem, Thanh pho Ha Noi" {
		t.Errorf("formatted %q / %q", a.Formatted, a.FormattedASCII)
	}
}

func TestParseAddressSplitAndPoint(t *testing.T) {
	db := lexicon(t, 2)
	text := "Phường Dịch Vọng, Quận Cầu Giấy, Hà Nội"
	a, err := db.ParseAddress(text, AddressOptions{})
	if !errors.Is(err, ErrAddressSplit) || a.Decided || !a.Split ||
		!reflect.DeepEqual(a.Candidates, []string{"00160", "00166"}) {
		t.Fatalf("%q: %+v, %v", text, a, err)
	}
	if a.Legacy.CommuneName != "Phường Dịch Vọng" || a.Scheme != SchemeLegacy {
		t.Errorf("legacy %+v scheme %d", a.Legacy, a.Scheme)
	}
	a, err = db.ParseAddress(text, AddressOptions{HasPoint: true, Lat: 21.0365, Lon: 105.7935})
	if err != nil || a.Ward.Code != "00166" || !a.PointUsed {
		t.Errorf("with a point: %s %v %v", a.Ward.Code, a.PointUsed, err)
	}
	a, err = db.ParseAddress(text, AddressOptions{Default: true})
	if err != nil || !a.Defaulted || a.Status != "VPC_W_ADDRESS_DEFAULT" {
		t.Errorf("default: %+v %v", a.Status, err)
	}
}

func TestParseAddressErrors(t *testing.T) {
	db := lexicon(t, 1)
	for text, want := range map[string]error{
		" ,;":                       ErrAddressEmpty,
		"221B Baker Street, London": ErrAddressNotFound,
		"Hà Nội":                    ErrAddressIncomplete,
		"ab\xffcd":                  ErrAddressEncoding,
	} {
		a, err := db.ParseAddress(text, AddressOptions{})
		if !errors.Is(err, want) {
			t.Errorf("%q: %v, want %v", text, err, want)
		}
		if want == ErrAddressIncomplete && (!a.HasProvince || a.Province.Code != "01") {
			t.Errorf("%q: province %+v", text, a.Province)
		}
	}
	var e *Error
	_, err := db.ParseAddress("ab\xffcd", AddressOptions{})
	if !errors.As(err, &e) || e.Offset != 2 {
		t.Errorf("the bad byte's offset: %v", err)
	}
}

func TestAddressManyEqualsSingle(t *testing.T) {
	db := lexicon(t, 1)
	texts := []string{"40 Nhà Chung, Phường Hoàn Kiếm, Hà Nội", "Hà Nội", "", "P.06 Q4 TPHCM"}
	many, err := db.AddressMany(texts, nil, nil, AddressOptions{})
	if err != nil || len(many) != len(texts) {
		t.Fatal(err)
	}
	for i, text := range texts {
		one, err := db.ParseAddress(text, AddressOptions{})
		if err != nil && one.Status == "" {
			// Text not read at all: the single call gives an empty Address
			// and the error, the batch item the status.
			if many[i].Status != StatusText(err.(*Error).Status) || many[i].Decided {
				t.Errorf("%q: %v, batch %q", text, err, many[i].Status)
			}
			continue
		}
		if !reflect.DeepEqual(one, many[i]) {
			t.Errorf("%q: single %+v, batch %+v", text, one, many[i])
		}
	}
}

func TestSearchWards(t *testing.T) {
	db := lexicon(t, 1)
	hits, err := db.SearchWards("hoan kiem", "", 3, false)
	if err != nil || len(hits) == 0 || hits[0].Code != hoanKiem || hits[0].Kind != "ward" {
		t.Fatalf("%+v %v", hits, err)
	}
	if _, err := db.SearchWards("hoan kiem", "00", 3, false); !errors.Is(err, ErrUnknownProvince) {
		t.Errorf("unknown province: %v", err)
	}
	hits, err = db.SearchWards("hoan kiem", "01", 3, true)
	if err != nil || hits[0].Name != "Phuong Hoan Kiem" {
		t.Errorf("ascii: %+v %v", hits, err)
	}
}
