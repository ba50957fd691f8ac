package draft

import (
	"crypto/rand"
	"encoding/hex"
	"time"
)

// idTimeLayout makes ids sort by creation time as plain strings, in UTC so
// that drafts made before and after a time-zone change still sort right.
const idTimeLayout = "20060102-150405"

// NewID returns a fresh draft id such as "20261123-021500-3fa9c2": the
// creation time to the second, then 24 random bits so that drafts created
// within the same second, even by two processes, do not collide.
func NewID(now time.Time) string {
	var b [3]byte
	if _, err := rand.Read(b[:]); err != nil {
		// crypto/rand does not fail on supported platforms; fall back to
		// the clock's nanoseconds rather than give up on saving a draft.
		n := now.Nanosecond()
		b = [3]byte{byte(n >> 16), byte(n >> 8), byte(n)}
	}
	return now.UTC().Format(idTimeLayout) + "-" + hex.EncodeToString(b[:])
}

// validID reports whether id can name a file in the store: it must not be
// able to reach outside the drafts directory or hide as a dot file.
func validID(id string) bool {
	if id == "" || len(id) > 128 || id[0] == '.' || id[0] == '-' {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case c >= '0' && c <= '9', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '-', c == '_':
		default:
			return false
		}
	}
	return true
}
