package xapi

import (
	"os"
	"time"
)

// SetStepHook sets the hook called at each step of a refresh.
func SetStepHook(f func(step string)) { stepHook = f }

// SetLockWait changes the bound on waiting for the token lock.
func SetLockWait(d time.Duration) { lockWait = d }

// FailStoreWrites makes s fail to create temporary files with createErr
// and to rename them with renameErr (nil: work as usual), as a full disk
// or a read-only directory would.
func FailStoreWrites(s *Store, createErr, renameErr error) {
	s.createTemp, s.rename = os.CreateTemp, os.Rename
	if createErr != nil {
		s.createTemp = func(string, string) (*os.File, error) { return nil, createErr }
	}
	if renameErr != nil {
		s.rename = func(string, string) error { return renameErr }
	}
}
