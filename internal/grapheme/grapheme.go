// Package grapheme steps through text by grapheme cluster, the unit a
// person sees as one character: an emoji sequence, a flag, a letter with
// its combining marks. Offsets are byte offsets into a string; a boundary
// is an offset between two clusters or at either end.
//
// It is the one definition of cursor movement for xpost: the draft's
// splits and the composer's editor both step with it, so neither can cut
// a cluster in two. It is not for measuring width (see ui's width rule)
// or for counting a post's length (see textcount).
//
// Scanning starts near the offset instead of at the start of the text or
// the line: between two ASCII characters other than CR LF, and after a
// line feed, there is always a cluster boundary, so a scan starts at the
// nearest such place before the offset. In a 25,000-character paragraph
// that is the difference between a few bytes and the whole paragraph per
// keystroke.
package grapheme

import (
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// Len returns the length in bytes of the grapheme cluster that starts s,
// or 0 for an empty s, with a fast path for ASCII.
func Len(s string) int {
	if s == "" {
		return 0
	}
	if c := s[0]; c < utf8.RuneSelf && c != '\r' && (len(s) == 1 || s[1] < utf8.RuneSelf) {
		return 1
	}
	cluster, _, _, _ := uniseg.FirstGraphemeClusterInString(s, -1)
	return len(cluster)
}

// safeStart returns a cluster boundary at or before off, near it.
func safeStart(text string, off int) int {
	for p := off; p > 0; p-- {
		if p < len(text) && text[p-1] < utf8.RuneSelf && text[p] < utf8.RuneSelf &&
			!(text[p-1] == '\r' && text[p] == '\n') {
			return p
		}
		if text[p-1] == '\n' {
			return p
		}
	}
	return 0
}

// clamp keeps off within text.
func clamp(text string, off int) int {
	return max(0, min(off, len(text)))
}

// Snap returns the boundary at or before off: the start of the cluster
// that holds the byte at off. Offsets outside the text are clamped to it.
func Snap(text string, off int) int {
	off = clamp(text, off)
	if off == len(text) {
		return off
	}
	pos := safeStart(text, off)
	for pos < off {
		n := Len(text[pos:])
		if pos+n > off {
			return pos
		}
		pos += n
	}
	return pos
}

// IsBoundary reports whether off lies between two clusters (or at either
// end of the text).
func IsBoundary(text string, off int) bool {
	return off >= 0 && off <= len(text) && Snap(text, off) == off
}

// Next returns the first boundary after off, or len(text): where the
// cursor goes when it moves one character right.
func Next(text string, off int) int {
	off = clamp(text, off)
	if off == len(text) {
		return off
	}
	start := Snap(text, off)
	return start + Len(text[start:])
}

// Prev returns the last boundary before off, or 0: where the cursor goes
// when it moves one character left.
func Prev(text string, off int) int {
	off = clamp(text, off)
	if off == 0 {
		return 0
	}
	return Snap(text, off-1)
}
