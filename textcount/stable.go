package textcount

import (
	"sync"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Most text is in NFC already, and most of its code points are ones NFC
// leaves alone whatever surrounds them: starters that have no decomposition
// to undo and with which nothing before them can combine. A text made only
// of such code points is its own NFC, which appendStableUTF16 establishes
// while converting it to UTF-16, in the same pass.

var (
	stableOnce sync.Once
	stableBMP  [0x10000 / 64]uint64 // U+0000–U+FFFF
	stableSMP  [0xB00 / 64]uint64   // U+1F000–U+1FAFF: emoji and symbols
)

// isStable reports whether NFC leaves r alone in any context: r is in NFC,
// has combining class 0, and cannot combine with what precedes it.
func isStable(r rune) bool {
	p := norm.NFC.PropertiesString(string(r))
	return p.BoundaryBefore() && p.CCC() == 0 && norm.NFC.IsNormalString(string(r))
}

func initStable() {
	for r := rune(0); r < 0x10000; r++ {
		if (r < 0xD800 || r > 0xDFFF) && isStable(r) {
			stableBMP[r>>6] |= 1 << (r & 63)
		}
	}
	for r := rune(0x1F000); r < 0x1FB00; r++ {
		if isStable(r) {
			stableSMP[(r-0x1F000)>>6] |= 1 << ((r - 0x1F000) & 63)
		}
	}
}

// stable is isStable from the tables; code points outside them are
// reported as not stable, which only sends text down the general path.
func stable(r rune) bool {
	switch {
	case r < 0x300:
		return true // verified by TestStableTables
	case r < 0x10000:
		return stableBMP[r>>6]&(1<<(r&63)) != 0
	case r >= 0x1F000 && r < 0x1FB00:
		return stableSMP[(r-0x1F000)>>6]&(1<<((r-0x1F000)&63)) != 0
	}
	return false
}

// appendStableUTF16 appends s to dst in UTF-16 and reports whether s is
// valid UTF-8 made only of stable code points, and so is its own NFC. When
// ok is false, dst holds a partial conversion and must be discarded.
func appendStableUTF16(dst []uint16, s string) (out []uint16, ok bool) {
	stableOnce.Do(initStable)
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			dst = append(dst, uint16(c))
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if size == 1 || !stable(r) {
			return dst, false
		}
		i += size
		if r >= 0x10000 {
			r -= 0x10000
			dst = append(dst, uint16(0xD800+r>>10), uint16(0xDC00+r&0x3FF))
			continue
		}
		dst = append(dst, uint16(r))
	}
	return dst, true
}
