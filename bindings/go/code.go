package vpostcode

/*
#include <vpostcode.h>
#include "combined.h"
*/
import "C"

// Code is a Vpostcode split into its parts, in canonical (upper-case)
// form.
type Code struct {
	Postal   string // the ward's postal code, "11024"
	Location string // "2RHXFJJ": 7 characters, or 11 (a full OLC without '+') in the long form
	Check    byte   // the check character, or 0 when the code has none
	Long     bool   // the 16-character long form
}

// Parse reads a code as a person typed it: any case; spaces, tabs, '-',
// '.' and '+' ignored anywhere; a check character, when present, must
// match. Errors: ErrEmpty, ErrBadCharacter, ErrCodeLength,
// ErrLocationRange, ErrCheckCharacter, as an *Error whose Position is
// the 1-based character position of the problem and Offset its byte
// offset.
func Parse(text string) (Code, error) {
	if i := nulIndex(text); i >= 0 {
		return Code{}, nulError(text, i)
	}
	c := cString(text)
	defer freeCString(c)
	var code C.vpc_code
	var pos C.long
	if st := C.vpcgo_parse(c, &code, &pos); st != C.VPC_OK {
		return Code{}, textError(int(st), text, int(pos))
	}
	return codeFromC(&code), nil
}

// Valid reports whether text parses as a Vpostcode (see Parse). It says
// nothing of whether a ward has its postal code.
func Valid(text string) bool {
	_, err := Parse(text)
	return err == nil
}

// Normalize is the canonical form of typed text ("110242RHXFJJ"), or with
// display its display form ("11024 2RHX+FJJ"); a check character is kept
// when the text has one ("11024 2RHX+FJJ-2"). Errors as for Parse.
func Normalize(text string, display bool) (string, error) {
	if i := nulIndex(text); i >= 0 {
		return "", nulError(text, i)
	}
	c := cString(text)
	defer freeCString(c)
	var flags C.uint
	if display {
		flags = C.VPC_FLAG_DISPLAY
	}
	var buf [C.VPC_CODE_BUFSIZE]C.char
	var pos C.long
	if st := C.vpcgo_normalize(c, flags, &buf[0], &pos); st != C.VPC_OK {
		return "", textError(int(st), text, int(pos))
	}
	return goString(&buf[0], len(buf)), nil
}

// CheckChar is the check character of the code in text (which may carry
// one already; it must then be right). It catches every single-character
// substitution and every transposition of adjacent characters.
func CheckChar(text string) (byte, error) {
	if i := nulIndex(text); i >= 0 {
		return 0, nulError(text, i)
	}
	c := cString(text)
	defer freeCString(c)
	var check C.char
	var pos C.long
	if st := C.vpcgo_check_char(c, &check, &pos); st != C.VPC_OK {
		return 0, textError(int(st), text, int(pos))
	}
	return byte(check), nil
}

// Format writes the code in canonical form ("110242RHXFJJ") or, with
// display, in display form ("11024 2RHX+FJJ", "11024 7PH72RHX+FJJ" in the
// long form), with its check character if Check is set. The parts are
// validated as Parse would.
func (c Code) Format(display bool) (string, error) {
	var code C.vpc_code
	if err := c.toC(&code); err != nil {
		return "", err
	}
	var canonical, disp [C.VPC_CODE_BUFSIZE]C.char
	if st := C.vpcgo_format(&code, &canonical[0], &disp[0]); st != C.VPC_OK {
		return "", newError(int(st))
	}
	if display {
		return goString(&disp[0], len(disp)), nil
	}
	return goString(&canonical[0], len(canonical)), nil
}

// String is the canonical form (Format(false)), or "" when the parts do
// not make a valid code.
func (c Code) String() string {
	s, err := c.Format(false)
	if err != nil {
		return ""
	}
	return s
}

func codeFromC(c *C.vpc_code) Code {
	return Code{
		Postal:   goString(&c.postal[0], len(c.postal)),
		Location: goString(&c.location[0], len(c.location)),
		Check:    byte(c.check),
		Long:     c.form == C.VPC_FORM_LONG,
	}
}

// toC fills a vpc_code, refusing parts that its fixed-size fields cannot
// hold rather than cutting them short.
func (c Code) toC(code *C.vpc_code) error {
	if len(c.Postal) != C.VPC_POSTAL_LEN || nulIndex(c.Postal) >= 0 {
		return newError(C.VPC_E_POSTAL_CODE)
	}
	if len(c.Location) > C.VPC_LOCATION_LONG_LEN {
		return newError(C.VPC_E_CODE_LENGTH)
	}
	if i := nulIndex(c.Location); i >= 0 {
		return nulError(c.Postal+c.Location, C.VPC_POSTAL_LEN+i)
	}
	for i := 0; i < len(c.Postal); i++ {
		code.postal[i] = C.char(c.Postal[i])
	}
	code.postal[len(c.Postal)] = 0
	for i := 0; i < len(c.Location); i++ {
		code.location[i] = C.char(c.Location[i])
	}
	code.location[len(c.Location)] = 0
	code.check = C.char(c.Check)
	code.form = C.VPC_FORM_STANDARD
	if c.Long {
		code.form = C.VPC_FORM_LONG
	}
	return nil
}

// nulError is the error for a NUL byte at byte i of a code's text: a
// character that is allowed nowhere.
func nulError(text string, i int) error {
	return detailedError(ErrBadCharacter, "character not allowed at this position: NUL", text, i)
}
