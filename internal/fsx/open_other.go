//go:build !unix

package fsx

import "os"

// openNoBlock opens path read-only. Systems without O_NONBLOCK have no
// named pipes that block an open in the file system (Windows pipes live in
// their own namespace), so the check before the open is enough there.
func openNoBlock(path string) (*os.File, error) { return os.Open(path) }
