package vpostcode_test

import (
	"errors"
	"fmt"

	vpostcode "github.com/libvpostcode/libvpostcode/bindings/go"
)

// Nhà thờ Lớn Hà Nội (21.0287, 105.8490): its code, and back.
func Example() {
	db, err := vpostcode.Open("") // $VPOSTCODE_DB, else the installed database
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()

	enc, err := db.Encode(21.0287, 105.8490)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(enc.Code, "|", enc.Display, "|", enc.Ward.Code, enc.Ward.Name)

	dec, err := db.Decode("11024 2rhx+fjj")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%.6f %.6f %s\n", dec.Cell.Lat, dec.Cell.Lon, dec.Ward.Province.Name)

	_, err = db.Encode(16.06, 108.27) // at sea, 2 km off Đà Nẵng
	fmt.Println(errors.Is(err, vpostcode.ErrNoWard))
	// Output:
	// 110242RHXFJJ | 11024 2RHX+FJJ | 00070 Phường Hoàn Kiếm
	// 21.028713 105.849016 Thành phố Hà Nội
	// true
}

// A mistyped code: the error names the problem and where it is.
func ExampleParse() {
	_, err := vpostcode.Parse("11024 2RHX+FJJ-3")
	var e *vpostcode.Error
	if errors.As(err, &e) {
		fmt.Println(e.Name, "at character", e.Position, "(byte offset", e.Offset, "of the text)")
	}
	fmt.Println(errors.Is(err, vpostcode.ErrCheckCharacter))
	// Output:
	// VPC_E_CHECK_CHARACTER at character 16 (byte offset 15 of the text)
	// true
}

// The display form of a code typed in lower case, with its check
// character.
func ExampleNormalize() {
	s, err := vpostcode.Normalize("110242rhxfjj2", true)
	fmt.Println(s, err)
	// Output: 11024 2RHX+FJJ-2 <nil>
}

// Three points in one call: Nhà thờ Lớn, Chợ Bến Thành (codes as the
// command-line tool gives them) and a point at sea.
func ExampleDatabase_EncodeBatch() {
	db, err := vpostcode.Open("")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()

	lats := []float64{21.0287, 10.7725, 16.06}
	lons := []float64{105.8490, 106.6980, 108.27}
	results, err := db.EncodeBatch(lats, lons)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range results {
		if r.Err != nil {
			fmt.Println(r.Err)
			continue
		}
		w, _ := db.Ward(r.WardIndex)
		fmt.Println(r.Code, w.Name)
	}
	// Output:
	// 110242RHXFJJ Phường Hoàn Kiếm
	// 71009QMFX262 Phường Bến Thành
	// vpostcode: point is in no ward (off the coast, between ward boundaries, or just across a border) (VPC_E_NO_WARD)
}
