package xapitest

import (
	"os"
	"path/filepath"
	"testing"
)

// referenceData returns the path of a file of the reference data kept
// beside the repository: $XPOST_SHARED, or ../shared next to the module
// root. When the file is absent the test skips, saying what it did not
// check and how to make it run; with XPOST_REQUIRE_SHARED=1 (CI sets it
// when the folder is there) it fails instead, so a moved file cannot turn
// a conformance test into a silent skip.
func referenceData(t *testing.T, elem ...string) string {
	t.Helper()
	root := os.Getenv("XPOST_SHARED")
	if root == "" {
		root = filepath.Join("..", "..", "..", "shared")
	}
	path := filepath.Join(append([]string{root}, elem...)...)
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("XPOST_REQUIRE_SHARED") == "1" {
			t.Fatalf("reference data required (XPOST_REQUIRE_SHARED=1) but not readable: %v", err)
		}
		t.Skipf("SKIPPED, NOT CHECKED: reference data %s is not here (%v); put the shared/ folder beside the repository or set XPOST_SHARED to it", path, err)
	}
	return path
}
