package vpostcode

/*
#cgo pkg-config: vpostcode
#include <vpostcode.h>
*/
import "C"

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
)

// Database is an open ward database: the runtime file, mapped into memory
// by Open and read in place (every process that opens the file shares its
// pages).
//
// A Database is safe for concurrent use by any number of goroutines: the
// C handle is read-only after opening, and a read-write lock keeps Close
// from freeing it while a call is using it. After Close every method
// returns ErrClosed.
type Database struct {
	mu    sync.RWMutex
	db    *C.vpc_db // nil once closed
	path  string
	wards []Ward // every ward, converted once by Open; read-only
}

// DefaultPath is the database that Open("") opens: $VPOSTCODE_DB if set
// and not empty, else the one installed with the library.
func DefaultPath() string {
	return C.GoString(C.vpc_default_db_path())
}

// Open opens a database; "" opens DefaultPath(). The path names the
// runtime file (vpostcode.vpc), or the SQLite database it was built from
// (vpostcode.sqlite): then the runtime file next to it, the same name
// ending in .vpc, is opened after checking that it was built from that
// database (ErrDbStale if not). The file is opened read-only and never
// written or locked. Errors are *os.PathError values wrapping
// ErrDbNotFound, ErrDbUnreadable, ErrDbCorrupt, ErrDbSchema, ErrDbStale or
// ErrNoMemory, so errors.Is(err, ErrDbNotFound) works.
//
// A Database that is no longer referenced is closed when the garbage
// collector finds it, but it keeps the file mapped until then: call Close.
func Open(path string) (*Database, error) {
	var cpath *C.char
	if path != "" {
		if i := nulIndex(path); i >= 0 {
			return nil, &os.PathError{Op: "open", Path: path,
				Err: detailedError(ErrInvalidArgument, "database path contains a NUL byte", path, i)}
		}
		cpath = cString(path)
		defer freeCString(cpath)
	}
	var h *C.vpc_db
	if st := C.vpc_open(cpath, &h); st != C.VPC_OK {
		name := path
		if name == "" {
			name = DefaultPath()
		}
		return nil, &os.PathError{Op: "open", Path: name, Err: openError(st, name)}
	}
	d := &Database{db: h, path: C.GoString(C.vpc_db_path(h))}
	d.wards = make([]Ward, int(C.vpc_ward_count(h)))
	var w C.vpc_ward
	for i := range d.wards {
		if st := C.vpc_ward_at(h, C.size_t(i), &w); st != C.VPC_OK {
			C.vpc_close(h)
			return nil, &os.PathError{Op: "open", Path: d.path, Err: newError(int(st))}
		}
		d.wards[i] = wardFromC(&w)
	}
	runtime.SetFinalizer(d, (*Database).Close)
	return d, nil
}

// openError is the error of vpc_open for path, saying what to do.
func openError(st C.vpc_status, path string) error {
	runtimeFile := strings.TrimSuffix(path, ".sqlite") + ".vpc"
	switch st {
	case C.VPC_E_DB_NOT_FOUND:
		// The path exists: it is an SQLite database, and the runtime file
		// next to it is what is missing.
		if _, err := os.Stat(path); err == nil {
			return detailedError(ErrDbNotFound, "the runtime file "+runtimeFile+
				" next to this SQLite database is missing; `make` builds it", "", -1)
		}
		// Say how to point at a database (decisions rule 7); the
		// *os.PathError names the path tried.
		return detailedError(ErrDbNotFound, statusTexts[st].message+
			"; give its path to Open(path) or set VPOSTCODE_DB, or install one with `make install`", "", -1)
	case C.VPC_E_DB_STALE:
		return detailedError(ErrDbStale, "the runtime file "+runtimeFile+
			" was built from another database than this one; `make` builds it again", "", -1)
	}
	return newError(int(st))
}

// Close frees the database. It waits for calls in progress on other
// goroutines to finish; later calls return ErrClosed. Closing a closed
// Database does nothing and returns nil.
func (d *Database) Close() error {
	if d == nil {
		return nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.db != nil {
		C.vpc_close(d.db)
		d.db = nil
		d.wards = nil
		runtime.SetFinalizer(d, nil)
	}
	return nil
}

// acquire returns the C handle for one call, holding the read lock until
// release; ErrClosed after Close (or for a nil *Database).
func (d *Database) acquire() (*C.vpc_db, error) {
	if d == nil {
		return nil, ErrClosed
	}
	d.mu.RLock()
	if d.db == nil {
		d.mu.RUnlock()
		return nil, ErrClosed
	}
	return d.db, nil
}

func (d *Database) release() {
	d.mu.RUnlock()
}

// Path is the file the database was read from; it stays available after
// Close.
func (d *Database) Path() string {
	if d == nil {
		return ""
	}
	return d.path
}

// Metadata is the database's metadata table: schema version, build time,
// sources, licences, counts ("wards": "3321", "legacy": "1", ...).
func (d *Database) Metadata() (map[string]string, error) {
	h, err := d.acquire()
	if err != nil {
		return nil, err
	}
	defer d.release()
	n := C.vpc_db_metadata_count(h)
	meta := make(map[string]string, int(n))
	for i := C.size_t(0); i < n; i++ {
		var key, value *C.char
		if st := C.vpc_db_metadata(h, i, &key, &value); st != C.VPC_OK {
			return nil, newError(int(st))
		}
		meta[C.GoString(key)] = C.GoString(value)
	}
	return meta, nil
}

// HasLegacy reports whether the database has the pre-2025 tables that
// Convert and the legacy Scheme need.
func (d *Database) HasLegacy() (bool, error) {
	h, err := d.acquire()
	if err != nil {
		return false, err
	}
	defer d.release()
	return C.vpc_has_legacy(h) != 0, nil
}

// WardCount is the number of wards (3,321 for the whole country since
// 1 July 2025).
func (d *Database) WardCount() (int, error) {
	if _, err := d.acquire(); err != nil {
		return 0, err
	}
	defer d.release()
	return len(d.wards), nil
}

// Ward is the ward at position i, 0 to WardCount()-1, in GSO code order;
// the batch functions give wards as such positions. It makes no call into
// C: the wards are read once by Open. Out of range: ErrInvalidArgument.
func (d *Database) Ward(i int) (Ward, error) {
	if _, err := d.acquire(); err != nil {
		return Ward{}, err
	}
	defer d.release()
	if i < 0 || i >= len(d.wards) {
		return Ward{}, detailedError(ErrInvalidArgument,
			"ward position "+strconv.Itoa(i)+" is not in [0, "+strconv.Itoa(len(d.wards))+")", "", -1)
	}
	return d.wardAt(i), nil
}

// Wards is every ward, in GSO code order: Wards()[i] is Ward(i).
func (d *Database) Wards() ([]Ward, error) {
	if _, err := d.acquire(); err != nil {
		return nil, err
	}
	defer d.release()
	wards := make([]Ward, len(d.wards))
	for i := range wards {
		wards[i] = d.wardAt(i)
	}
	return wards, nil
}

// wardAt is a copy of ward i that shares nothing mutable with the table;
// the caller holds the read lock and has checked i.
func (d *Database) wardAt(i int) Ward {
	w := d.wards[i]
	w.Province.PostalPrefixes = append([]string(nil), w.Province.PostalPrefixes...)
	return w
}

// wardOf is the ward at a position the library returned, or an error if
// the position is not one of a ward (which the library does not do).
func (d *Database) wardOf(i C.int) (Ward, error) {
	if i < 0 || int(i) >= len(d.wards) {
		return Ward{}, detailedError(ErrInvalidArgument, "the library gave no ward", "", -1)
	}
	return d.wardAt(int(i)), nil
}

// WardByCode is the ward with this GSO code ("00070"); ErrUnknownWard if
// there is none (or the text is not five digits).
func (d *Database) WardByCode(gsoCode string) (Ward, error) {
	h, err := d.acquire()
	if err != nil {
		return Ward{}, err
	}
	defer d.release()
	if nulIndex(gsoCode) >= 0 {
		return Ward{}, detailedError(ErrUnknownWard, "a GSO ward code cannot contain a NUL byte", "", -1)
	}
	c := cString(gsoCode)
	defer freeCString(c)
	var w C.vpc_ward
	if st := C.vpc_ward_by_code(h, c, &w); st != C.VPC_OK {
		return Ward{}, newError(int(st))
	}
	return wardFromC(&w), nil
}

// WardByPostalCode is the ward with this postal code ("11024");
// ErrPostalCode if the text is not exactly five ASCII digits,
// ErrUnknownPostalCode if no ward has it.
func (d *Database) WardByPostalCode(postalCode string) (Ward, error) {
	h, err := d.acquire()
	if err != nil {
		return Ward{}, err
	}
	defer d.release()
	if nulIndex(postalCode) >= 0 {
		return Ward{}, detailedError(ErrPostalCode, "a postal code cannot contain a NUL byte", "", -1)
	}
	c := cString(postalCode)
	defer freeCString(c)
	var w C.vpc_ward
	if st := C.vpc_ward_by_postal_code(h, c, &w); st != C.VPC_OK {
		return Ward{}, newError(int(st))
	}
	return wardFromC(&w), nil
}
