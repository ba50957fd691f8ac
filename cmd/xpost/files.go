package main

import (
	"errors"
	"fmt"

	"github.com/xpostdev/xpost/internal/fsx"
)

// readFailure explains why path could not be read: a path that is not a
// regular file says what it is and what to pass instead, a file over its
// limit says how large it may be and then tooLarge (what to do), and other
// failures keep the system's reason.
func readFailure(path string, err error, tooLarge string) error {
	if nr, ok := errors.AsType[*fsx.NotRegularError](err); ok {
		return nr
	}
	if tl, ok := errors.AsType[*fsx.TooLargeError](err); ok {
		return fmt.Errorf("%w: %s", tl, tooLarge)
	}
	return fmt.Errorf("cannot read %s: %w", path, unwrapPathError(err))
}
