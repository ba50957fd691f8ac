//go:build !unix

package fsx

// SyncDir does nothing where directories cannot be opened for fsync
// (Windows): there a rename is made durable by the file system itself.
func SyncDir(dir string) error { return nil }
