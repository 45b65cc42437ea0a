package vpostcode

import (
	"errors"
	"strings"
	"testing"
)

// Worked examples: the code of Nhà thờ Lớn Hà Nội, 11024 2RHX+FJJ, with
// check character 2 (README); its long form 11024 7PH72RHX+FJJ with check
// character 0 (vpostcode encode --long --check-char).
func TestParseAndNormalize(t *testing.T) {
	for _, text := range []string{"110242RHXFJJ", "11024 2RHX+FJJ", "11024 2rhx+fjj", " 11024-2RHX.FJJ\t"} {
		c, err := Parse(text)
		if err != nil || c != (Code{Postal: "11024", Location: "2RHXFJJ"}) {
			t.Errorf("Parse(%q) = %+v, %v", text, c, err)
		}
		if !Valid(text) {
			t.Errorf("Valid(%q) is false", text)
		}
		if got, err := Normalize(text, false); err != nil || got != "110242RHXFJJ" {
			t.Errorf("Normalize(%q) = %q, %v", text, got, err)
		}
		if got, err := Normalize(text, true); err != nil || got != "11024 2RHX+FJJ" {
			t.Errorf("Normalize(%q, display) = %q, %v", text, got, err)
		}
		if got, err := CheckChar(text); err != nil || got != '2' {
			t.Errorf("CheckChar(%q) = %q, %v", text, got, err)
		}
	}
	if got, err := Normalize("110242rhxfjj2", true); err != nil || got != "11024 2RHX+FJJ-2" {
		t.Errorf("with check character: %q, %v", got, err)
	}
	c, err := Parse("11024 7PH72RHX+FJJ-0")
	if err != nil || c != (Code{Postal: "11024", Location: "7PH72RHXFJJ", Check: '0', Long: true}) {
		t.Errorf("long form: %+v, %v", c, err)
	}
	if got, err := CheckChar("110247PH72RHXFJJ"); err != nil || got != '0' {
		t.Errorf("long-form check character %q, %v", got, err)
	}
	if got, err := c.Format(true); err != nil || got != "11024 7PH72RHX+FJJ-0" {
		t.Errorf("Format(display) = %q, %v", got, err)
	}
	if got := c.String(); got != "110247PH72RHXFJJ0" {
		t.Errorf("String() = %q", got)
	}
}

// Malformed input: the named error and the byte position the header
// documents (the offending character, or the end of the text).
func TestParseErrors(t *testing.T) {
	cases := []struct {
		text string
		want error
		pos  int
	}{
		{"", ErrEmpty, 0},
		{"  -", ErrEmpty, 3},
		{"1102A 2RHX+FJJ", ErrBadCharacter, 4},
		{"11024 2RHX+FJJ-3", ErrCheckCharacter, 15},
		{"11024 2RHX+FJ", ErrCodeLength, 13},
		{"11024 2RHX+FJA", ErrBadCharacter, 13},
		{"11024 2RHX+FJJ22", ErrCodeLength, 16},
		{"11024 F2222222+222", ErrLocationRange, 6},
		{"1102\x004 2RHX+FJJ", ErrBadCharacter, 4},
		{"110242RHXFJJ\x00", ErrBadCharacter, 12},
	}
	for _, c := range cases {
		for _, err := range []error{
			second(Parse(c.text)), second(Normalize(c.text, false)), second(Normalize(c.text, true)),
			second(CheckChar(c.text)),
		} {
			var e *Error
			if !errors.Is(err, c.want) || !errors.As(err, &e) || e.Offset != c.pos || e.Position != c.pos+1 {
				t.Errorf("%q: got %v (offset %d), expected %v at byte %d", c.text, err, e.Offset, c.want, c.pos)
			}
		}
		if Valid(c.text) {
			t.Errorf("Valid(%q) is true", c.text)
		}
	}
	// A megabyte of text is refused, not read into a fixed buffer.
	long := "11024" + strings.Repeat("2", 1<<20)
	if err := second(Parse(long)); !errors.Is(err, ErrCodeLength) {
		t.Errorf("a megabyte: %v", err)
	}
}

func TestFormatRefusesBadParts(t *testing.T) {
	cases := []struct {
		code Code
		want error
	}{
		{Code{Postal: "110245", Location: "2RHXFJJ"}, ErrPostalCode},
		{Code{Postal: "1102", Location: "2RHXFJJ"}, ErrPostalCode},
		{Code{Postal: "11024", Location: "7PH72RHXFJJ22"}, ErrCodeLength},
		{Code{Postal: "11024", Location: "2RH\x00FJJ"}, ErrBadCharacter},
		{Code{Postal: "11024", Location: "2RHXFJJ", Check: '3'}, ErrCheckCharacter},
	}
	for _, c := range cases {
		if _, err := c.code.Format(false); !errors.Is(err, c.want) {
			t.Errorf("%+v: got %v, expected %v", c.code, err, c.want)
		}
		if s := c.code.String(); s != "" {
			t.Errorf("%+v: String() = %q", c.code, s)
		}
	}
}
