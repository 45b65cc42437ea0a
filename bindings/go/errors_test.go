package vpostcode

import (
	"errors"
	"fmt"
	"testing"
)

// The sentinel of every status, written out independently of errors.go.
var sentinelOf = map[int]error{
	1: ErrNullArgument, 2: ErrInvalidArgument, 3: ErrBufferTooSmall,
	4: ErrNotFinite, 5: ErrLatitudeRange, 6: ErrLongitudeRange,
	7: ErrOLCLength, 8: ErrOLCInvalid, 9: ErrOLCNotFull, 10: ErrOLCPadded,
	11: ErrEmpty, 12: ErrBadCharacter, 13: ErrCodeLength, 14: ErrCheckCharacter,
	15: ErrLocationRange, 16: ErrPostalCode, 17: ErrNeedsLongForm, 18: ErrNoMemory,
	19: ErrDbNotFound, 20: ErrDbUnreadable, 21: ErrDbCorrupt, 22: ErrDbSchema,
	23: ErrOutsideVietnam, 24: ErrNoWard, 25: ErrUnknownPostalCode, 26: ErrUnknownWard,
	27: ErrCRS, 28: ErrTransform,
	29: ErrOutsideWard,
	30: ErrNoLegacyData, 31: ErrAmbiguousScheme, 32: ErrUnknownLegacyCode,
	33: ErrNearestWard, 34: ErrUnknownProvince, 35: ErrDbStale,
	36: ErrAddressEmpty, 37: ErrAddressTooLong, 38: ErrAddressEncoding,
	39: ErrAddressNotFound, 40: ErrAddressIncomplete, 41: ErrAddressAmbiguous,
	42: ErrAddressSplit, 43: ErrNoLexicon, 44: ErrAddressDefault,
}

func TestEverySentinelMatchesTheLibrary(t *testing.T) {
	if statusCount != 45 {
		t.Errorf("the library has %d statuses, the binding knows 45: new ones need sentinels", statusCount)
	}
	if got := statusName(statusNearest); got != "VPC_W_NEAREST_WARD" {
		t.Errorf("status 33 is %s, expected the warning VPC_W_NEAREST_WARD", got)
	}
	if StatusText(0) != "ok" || StatusText(24) != "VPC_E_NO_WARD" || StatusText(33) != "VPC_W_NEAREST_WARD" {
		t.Errorf("StatusText: %q %q %q", StatusText(0), StatusText(24), StatusText(33))
	}
	if got := statusName(statusWarning); got != "VPC_W_OUTSIDE_WARD" {
		t.Errorf("status 29 is %s, expected the warning VPC_W_OUTSIDE_WARD", got)
	}
	if newError(statusWarning) != nil || newError(statusNearest) != nil || newError(0) != nil {
		t.Error("VPC_OK and the warnings must not be errors")
	}
	for st := 1; st < statusCount; st++ {
		s, ok := sentinelOf[st].(*Error)
		if !ok || s == nil {
			t.Errorf("status %d (%s) has no sentinel", st, statusName(st))
			continue
		}
		if s.Status != st || s.Name != statusName(st) || s.Position != 0 || s.Offset != -1 {
			t.Errorf("sentinel of %d is {%d %s position %d offset %d}, the library calls it %s",
				st, s.Status, s.Name, s.Position, s.Offset, statusName(st))
		}
		if s.Message == "" || s.Message == "unknown status" {
			t.Errorf("%s has the message %q", s.Name, s.Message)
		}
		if isWarning(st) {
			continue
		}
		// A fresh error of the status, as the calls return them: byte
		// offset 4 of "ăb c" (ă is 2 bytes) is its 4th character.
		err := textError(st, "ăb c", 4)
		if !errors.Is(err, s) {
			t.Errorf("errors.Is(%v, %s) is false", err, s.Name)
		}
		if other := st%(statusCount-1) + 1; other != st && errors.Is(err, sentinelOf[other]) {
			t.Errorf("errors.Is(%v, %v) is true", err, sentinelOf[other])
		}
		if errors.Is(err, ErrClosed) {
			t.Errorf("%v is ErrClosed", err)
		}
		var e *Error
		if !errors.As(fmt.Errorf("wrapped: %w", err), &e) || e.Status != st || e.Offset != 4 || e.Position != 4 {
			t.Errorf("errors.As through a wrapper lost the details of %v", err)
		}
	}
	if errors.Is(ErrClosed, ErrInvalidArgument) {
		t.Error("ErrClosed is not a library status")
	}
}

func TestErrorText(t *testing.T) {
	_, err := Parse("11024 2RHX+FJJ-3")
	want := "vpostcode: check character does not match (VPC_E_CHECK_CHARACTER) at character 16"
	if err == nil || err.Error() != want {
		t.Errorf("got %v, expected %q", err, want)
	}
	if got := ErrNoWard.Error(); got != "vpostcode: "+statusTexts[24].message+" (VPC_E_NO_WARD)" {
		t.Errorf("ErrNoWard reads %q", got)
	}
	// A no-break space: the position counts characters, not bytes, and
	// the offset is the byte offset (finding 17).
	_, err = Parse("11024\u00a02RHX+FJJ")
	var e *Error
	if !errors.As(err, &e) || !errors.Is(err, ErrBadCharacter) || e.Offset != 5 || e.Position != 6 {
		t.Errorf("Parse with a no-break space: %v (offset %d, position %d), expected offset 5, position 6",
			err, e.Offset, e.Position)
	}
	for _, c := range []struct {
		text        string
		off, result int
	}{{"abc", -1, 0}, {"abc", 0, 1}, {"abc", 3, 4}, {"ăb c", 2, 2}, {"Hà Nội x", 10, 8}} {
		if got := positionOf(c.text, c.off); got != c.result {
			t.Errorf("positionOf(%q, %d) = %d, expected %d", c.text, c.off, got, c.result)
		}
	}
}
