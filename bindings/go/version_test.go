package vpostcode

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The library loaded is the one compiled against, of the version in the
// source tree's VERSION file.
func TestVersion(t *testing.T) {
	if VersionNumber() != HeaderVersionNumber {
		t.Errorf("library %d, header %d", VersionNumber(), HeaderVersionNumber)
	}
	path := filepath.Join("..", "..", "VERSION")
	if dir := os.Getenv("VPC_SRCDIR"); dir != "" {
		path = filepath.Join(dir, "VERSION")
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := Version(); got != strings.TrimSpace(string(want)) {
		t.Errorf("Version() = %q, %s says %q", got, path, want)
	}
}
