package vpostcode

/*
#include <vpostcode.h>
*/
import "C"

// HeaderVersionNumber is VPC_VERSION_NUMBER of the header this package
// was compiled against: MAJOR*1000000 + MINOR*1000 + PATCH.
const HeaderVersionNumber = int(C.VPC_VERSION_NUMBER)

// Version is the version of the library actually loaded, "0.1.0".
func Version() string {
	return C.GoString(C.vpc_version())
}

// VersionNumber is the loaded library's version as a number comparable
// with HeaderVersionNumber; they differ when the shared library found at
// run time is not the one compiled against.
func VersionNumber() int {
	return int(C.vpc_version_number())
}
