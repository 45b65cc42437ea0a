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
	30: ErrNoLegacyData, 31: ErrAmbiguousScheme, 32: ErrUnknownLegacyCode,
}

func TestEverySentinelMatchesTheLibrary(t *testing.T) {
	if statusCount != 33 {
		t.Errorf("the library has %d statuses, the binding knows 33: new ones need sentinels", statusCount)
	}
	if got := statusName(statusWarning); got != "VPC_W_OUTSIDE_WARD" {
		t.Errorf("status 29 is %s, expected the warning VPC_W_OUTSIDE_WARD", got)
	}
	if newError(statusWarning, -1) != nil || newError(0, -1) != nil {
		t.Error("VPC_OK and the warning must not be errors")
	}
	for st := 1; st < statusCount; st++ {
		if st == statusWarning {
			continue
		}
		s, ok := sentinelOf[st].(*Error)
		if !ok || s == nil {
			t.Errorf("status %d (%s) has no sentinel", st, statusName(st))
			continue
		}
		if s.Status != st || s.Name != statusName(st) || s.Pos != -1 {
			t.Errorf("sentinel of %d is {%d %s pos %d}, the library calls it %s",
				st, s.Status, s.Name, s.Pos, statusName(st))
		}
		if s.Message == "" || s.Message == "unknown status" {
			t.Errorf("%s has the message %q", s.Name, s.Message)
		}
		// A fresh error of the status, as the calls return them.
		err := newError(st, 3)
		if !errors.Is(err, s) {
			t.Errorf("errors.Is(%v, %s) is false", err, s.Name)
		}
		if errors.Is(err, sentinelOf[st%32+1]) && st%32+1 != st {
			t.Errorf("errors.Is(%v, %v) is true", err, sentinelOf[st%32+1])
		}
		if errors.Is(err, ErrClosed) {
			t.Errorf("%v is ErrClosed", err)
		}
		var e *Error
		if !errors.As(fmt.Errorf("wrapped: %w", err), &e) || e.Status != st || e.Pos != 3 {
			t.Errorf("errors.As through a wrapper lost the details of %v", err)
		}
	}
	if errors.Is(ErrClosed, ErrInvalidArgument) {
		t.Error("ErrClosed is not a library status")
	}
}

func TestErrorText(t *testing.T) {
	_, err := Parse("11024 2RHX+FJJ-3")
	want := "vpostcode: check character does not match (VPC_E_CHECK_CHARACTER) at byte 15"
	if err == nil || err.Error() != want {
		t.Errorf("got %v, expected %q", err, want)
	}
	if got := ErrNoWard.Error(); got != "vpostcode: point is in no ward (at sea, abroad, or between ward boundaries) (VPC_E_NO_WARD)" {
		t.Errorf("ErrNoWard reads %q", got)
	}
}
