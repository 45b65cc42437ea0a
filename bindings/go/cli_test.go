package vpostcode

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// The binding against the command-line tool ($VPC_CLI) run as a separate
// process on the same database: ~200 points in wards' bounding boxes and
// the refused points, their codes in several forms and broken codes.

// cli runs the tool in batch mode on JSON Lines and returns one record
// per input line. Exit status 1 means some rows failed, which is expected.
func cli(t *testing.T, db *Database, input []map[string]interface{}, args ...string) []map[string]string {
	t.Helper()
	tool := os.Getenv("VPC_CLI")
	if tool == "" {
		t.Skip("VPC_CLI is not set: skipping the comparison with the command-line tool")
	}
	var in bytes.Buffer
	enc := json.NewEncoder(&in)
	for _, rec := range input {
		if err := enc.Encode(rec); err != nil {
			t.Fatal(err)
		}
	}
	args = append(args, "--input", "-", "--format", "jsonl", "--db", db.Path())
	cmd := exec.Command(tool, args...)
	cmd.Stdin = &in
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) {
		t.Fatalf("%s %s: %v\n%s", tool, strings.Join(args, " "), err, stderr.String())
	}
	var recs []map[string]string
	sc := bufio.NewScanner(&out)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var raw map[string]interface{}
		if err := json.Unmarshal(sc.Bytes(), &raw); err != nil {
			t.Fatalf("%s: output %q: %v", args[0], sc.Text(), err)
		}
		rec := map[string]string{}
		for k, v := range raw {
			switch v := v.(type) {
			case string:
				rec[k] = v
			case float64:
				rec[k] = strconv.FormatFloat(v, 'f', -1, 64)
			}
		}
		recs = append(recs, rec)
	}
	if len(recs) != len(input) {
		t.Fatalf("%s: %d records for %d inputs\n%s", args[0], len(recs), len(input), stderr.String())
	}
	return recs
}

// status is the tool's name for a result: "ok", or the status name.
func status(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Name
	}
	if err != nil {
		return err.Error()
	}
	return "ok"
}

func cliPoints(t *testing.T, db *Database) (lats, lons []float64) {
	t.Helper()
	lats, lons = samplePoints(t, db, 200)
	for _, p := range badPoints {
		if !math.IsNaN(p.lat) && !math.IsNaN(p.lon) && !math.IsInf(p.lat, 0) && !math.IsInf(p.lon, 0) {
			lats = append(lats, p.lat)
			lons = append(lons, p.lon)
		}
	}
	return lats, lons
}

func TestAgainstCLIEncodeLookup(t *testing.T) {
	db := testDB(t)
	lats, lons := cliPoints(t, db)
	input := make([]map[string]interface{}, len(lats))
	for i := range lats {
		// Shortest text that reads back as the same float64.
		input[i] = map[string]interface{}{
			"lat": json.Number(strconv.FormatFloat(lats[i], 'f', -1, 64)),
			"lon": json.Number(strconv.FormatFloat(lons[i], 'f', -1, 64)),
		}
	}
	forms := []struct {
		args []string
		opts EncodeOptions
	}{
		{nil, EncodeOptions{}},
		{[]string{"--check-char"}, EncodeOptions{CheckChar: true}},
		{[]string{"--long", "--check-char"}, EncodeOptions{LongForm: true, CheckChar: true}},
	}
	inWard := 0
	for _, f := range forms {
		recs := cli(t, db, input, append([]string{"encode"}, f.args...)...)
		batch, err := db.EncodeBatch(lats, lons, f.opts)
		if err != nil {
			t.Fatal(err)
		}
		for i, rec := range recs {
			enc, err := db.Encode(lats[i], lons[i], f.opts)
			if status(err) != rec["status"] || status(batch[i].Err) != rec["status"] {
				t.Errorf("encode %v %v %v: CLI %s, Encode %v, EncodeBatch %v", lats[i], lons[i], f.args,
					rec["status"], err, batch[i].Err)
				continue
			}
			if err != nil {
				continue
			}
			inWard++
			if enc.Code != rec["code"] || batch[i].Code != rec["code"] || enc.Display != rec["display"] ||
				enc.Ward.Code != rec["ward_code"] || enc.Ward.PostalCode != rec["postal_code"] ||
				enc.Ward.Name != rec["ward"] || enc.Ward.Province.Code != rec["province_code"] ||
				enc.Ward.Province.Name != rec["province"] {
				t.Errorf("encode %v %v %v: CLI %v, Go %+v", lats[i], lons[i], f.args, rec, enc)
			}
		}
	}
	if inWard < 3*150 {
		t.Errorf("only %d of %d encodings in a ward", inWard, 3*len(lats))
	}

	recs := cli(t, db, input, "lookup")
	batch, err := db.LookupBatch(lats, lons)
	if err != nil {
		t.Fatal(err)
	}
	for i, rec := range recs {
		w, err := db.Lookup(lats[i], lons[i])
		if status(err) != rec["status"] || status(batch[i].Err) != rec["status"] ||
			w.Code != rec["ward_code"] || wardCodeAt(t, db, batch[i].WardIndex) != rec["ward_code"] ||
			w.Name != rec["ward"] || w.Province.Name != rec["province"] {
			t.Errorf("lookup %v %v: CLI %v, Lookup %s %v, LookupBatch %d %v", lats[i], lons[i], rec,
				w.Code, err, batch[i].WardIndex, batch[i].Err)
		}
	}
}

func TestAgainstCLIDecode(t *testing.T) {
	db := testDB(t)
	lats, lons := cliPoints(t, db)
	var codes []string
	for i := range lats {
		for _, opts := range []EncodeOptions{{}, {CheckChar: true}, {LongForm: true}} {
			if enc, err := db.Encode(lats[i], lons[i], opts); err == nil {
				codes = append(codes, enc.Code, strings.ToLower(enc.Display))
			}
		}
	}
	olc, err := OLCEncode(21.0293, 105.8355, 11) // Văn Miếu, under Hoàn Kiếm's postal code below
	if err != nil {
		t.Fatal(err)
	}
	codes = append(codes, "", "  -", "11024 2RHX+FJJ-3", "11024 2RHX+FJ", "1102A 2RHX+FJJ",
		"99999 2RHX+FJJ", "11024 F2222222+222", "11024 2RHX+FJA", "11024 2RHX+FJJ22",
		"11006 2RHX+FJJ", "11024 "+olc[4:], "11024"+strings.Repeat("2", 100))
	input := make([]map[string]interface{}, len(codes))
	for i, c := range codes {
		input[i] = map[string]interface{}{"code": c}
	}

	recs := cli(t, db, input, "decode")
	batch, err := db.DecodeBatch(codes)
	if err != nil {
		t.Fatal(err)
	}
	outside := 0
	for i, rec := range recs {
		dec, err := db.Decode(codes[i])
		want := rec["status"]
		got := status(err)
		if dec.OutsideWard {
			got = "VPC_W_OUTSIDE_WARD"
			outside++
		}
		if got != want || status(batch[i].Err) != status(err) || batch[i].OutsideWard != dec.OutsideWard {
			t.Errorf("decode %q: CLI %s, Decode %s, DecodeBatch %v", codes[i], want, got, batch[i].Err)
			continue
		}
		if err != nil {
			continue
		}
		c := dec.Cell
		for _, v := range []struct {
			field string
			value float64
		}{{"lat", c.Lat}, {"lon", c.Lon}, {"south", c.South}, {"west", c.West}, {"north", c.North}, {"east", c.East}} {
			// The tool prints 9 decimals.
			x, perr := strconv.ParseFloat(rec[v.field], 64)
			if perr != nil || math.Abs(x-v.value) > 1e-9 {
				t.Errorf("decode %q: %s is %v, the CLI says %s", codes[i], v.field, v.value, rec[v.field])
			}
		}
		if dec.Ward.Code != rec["ward_code"] || wardCodeAt(t, db, batch[i].WardIndex) != rec["ward_code"] ||
			batch[i].Cell != dec.Cell {
			t.Errorf("decode %q: ward %s (batch %d), the CLI says %s", codes[i], dec.Ward.Code,
				batch[i].WardIndex, rec["ward_code"])
		}
	}
	if outside == 0 {
		t.Error("no code decoded outside its ward")
	}

	// validate: the same checks as decoding (a well-formed code whose cell
	// is not in its ward is VPC_W_OUTSIDE_WARD, a standard-form code of a
	// long-form ward VPC_E_NEEDS_LONG_FORM), the same position (1-based,
	// in characters, as Error.Position) and the canonical form.
	recs = cli(t, db, input, "validate")
	for i, rec := range recs {
		dec, err := db.Decode(codes[i])
		got := status(err)
		if err == nil && dec.OutsideWard {
			got = "VPC_W_OUTSIDE_WARD"
		}
		if got != rec["status"] {
			t.Errorf("validate %q: CLI %s, Decode %s", codes[i], rec["status"], got)
			continue
		}
		var e *Error
		if errors.As(err, &e) {
			// (The tool also points at an unknown postal code; the
			// binding's Position is for parse errors only.)
			if e.Position > 0 && rec["position"] != strconv.Itoa(e.Position) {
				t.Errorf("validate %q: position %s, Position %d", codes[i], rec["position"], e.Position)
			}
		} else if canonical, _ := Normalize(codes[i], false); canonical != rec["vpc_code"] {
			t.Errorf("validate %q: CLI %v, Normalize %s", codes[i], rec, canonical)
		}
	}

	recs = cli(t, db, input, "convert")
	for i, rec := range recs {
		conv, err := db.Convert(codes[i])
		got := status(err)
		if conv.OutsideWard {
			got = "VPC_W_OUTSIDE_WARD"
		}
		if got != rec["status"] || conv.Code != rec["vpc_code"] || conv.Display != rec["display"] {
			t.Errorf("convert %q: CLI %v, Convert %+v %v", codes[i], rec, conv, err)
		}
	}
}

// A few points through the tool's single-point command too.
func TestAgainstCLISingle(t *testing.T) {
	db := testDB(t)
	tool := os.Getenv("VPC_CLI")
	if tool == "" {
		t.Skip("VPC_CLI is not set")
	}
	for _, p := range places(t)[:4] {
		lat, lon := strconv.FormatFloat(p.lat, 'f', -1, 64), strconv.FormatFloat(p.lon, 'f', -1, 64)
		out, err := exec.Command(tool, "encode", lat, lon, "--check-char", "--json", "--db", db.Path()).Output()
		if err != nil {
			t.Fatalf("%s encode %s %s: %v", tool, lat, lon, err)
		}
		var rec map[string]string
		if err := json.Unmarshal(out, &rec); err != nil {
			t.Fatalf("%q: %v", out, err)
		}
		enc, err := db.Encode(p.lat, p.lon, EncodeOptions{CheckChar: true})
		if err != nil || rec["status"] != "ok" || enc.Code != rec["code"] || enc.Display != rec["display"] ||
			rec["ward_code"] != p.wardCode {
			t.Errorf("%s: CLI %v, Go %+v %v", p.name, rec, enc, err)
		}
	}
}
