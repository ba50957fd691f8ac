package draft

import (
	"strings"

	"github.com/rivo/uniseg"
)

// Cursor offsets in this package are byte offsets into a post's text that
// lie on grapheme-cluster boundaries, so that no emoji sequence, flag or
// combining mark is ever cut in two by a split or a cursor move.
//
// Scanning starts after the last line feed before the offset: a line feed
// always ends a cluster, so the cost of a snap is the length of one line,
// not of the whole 25,000-character post.

// lineStart returns the offset just after the last '\n' before off, which
// is always a cluster boundary.
func lineStart(text string, off int) int {
	return strings.LastIndexByte(text[:off], '\n') + 1
}

// clamp keeps off within text.
func clamp(text string, off int) int {
	return max(0, min(off, len(text)))
}

// SnapOffset returns the cluster boundary at or before off: the start of
// the grapheme cluster that holds the byte at off. Offsets outside the text
// are clamped to it.
func SnapOffset(text string, off int) int {
	off = clamp(text, off)
	if off == len(text) {
		return off
	}
	pos := lineStart(text, off)
	rest := text[pos:]
	state := -1
	for rest != "" {
		var cluster string
		cluster, rest, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
		if pos+len(cluster) > off {
			return pos
		}
		pos += len(cluster)
	}
	return pos
}

// IsBoundary reports whether off lies between two grapheme clusters (or at
// either end of the text).
func IsBoundary(text string, off int) bool {
	return off >= 0 && off <= len(text) && SnapOffset(text, off) == off
}

// NextBoundary returns the first cluster boundary after off, or len(text):
// where the cursor goes when it moves one character right.
func NextBoundary(text string, off int) int {
	off = clamp(text, off)
	if off == len(text) {
		return off
	}
	start := SnapOffset(text, off)
	cluster, _, _, _ := uniseg.FirstGraphemeClusterInString(text[start:], -1)
	return start + len(cluster)
}

// PrevBoundary returns the last cluster boundary before off, or 0: where
// the cursor goes when it moves one character left.
func PrevBoundary(text string, off int) int {
	off = clamp(text, off)
	if off == 0 {
		return 0
	}
	return SnapOffset(text, off-1)
}
