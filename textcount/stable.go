package textcount

import (
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Most text is in NFC already, and most of its code points are ones NFC
// leaves alone whatever surrounds them: starters that have no decomposition
// to undo and with which nothing before them can combine. appendNFC16
// copies runs of such code points as they are and normalizes only what lies
// between them.

// The tables are filled block by block (64 code points) on first use, so
// that a program pays only for the scripts its texts use, a few
// microseconds each.
var (
	stableBMP   [0x10000 / 64]uint64 // U+0000–U+FFFF
	stableSMP   [0xB00 / 64]uint64   // U+1F000–U+1FAFF: emoji and symbols
	stableReady [len(stableBMP) + len(stableSMP)]atomic.Bool
	stableMu    sync.Mutex
)

// isStable reports whether NFC leaves r alone in any context: r is in NFC,
// has combining class 0, and cannot combine with what precedes it.
func isStable(r rune) bool {
	var buf [utf8.UTFMax]byte
	b := utf8.AppendRune(buf[:0], r)
	p := norm.NFC.Properties(b)
	return p.BoundaryBefore() && p.CCC() == 0 && norm.NFC.QuickSpan(b) == len(b)
}

// fillStable computes block i of the tables (BMP blocks first, then the
// U+1F000 ones).
func fillStable(i int) {
	stableMu.Lock()
	defer stableMu.Unlock()
	if stableReady[i].Load() {
		return
	}
	var bits uint64
	base := rune(i) * 64
	if i >= len(stableBMP) {
		base = 0x1F000 + rune(i-len(stableBMP))*64
	}
	for k := range rune(64) {
		if r := base + k; (r < 0xD800 || r > 0xDFFF) && isStable(r) {
			bits |= 1 << k
		}
	}
	if i < len(stableBMP) {
		stableBMP[i] = bits
	} else {
		stableSMP[i-len(stableBMP)] = bits
	}
	stableReady[i].Store(true)
}

// stable is isStable from the tables; code points outside them are
// reported as not stable, which only sends text down the general path.
func stable(r rune) bool {
	var i int
	switch {
	case r < 0x300:
		return true // verified by TestStableTables
	case r < 0x10000:
		i = int(r >> 6)
	case r >= 0x1F000 && r < 0x1FB00:
		i = len(stableBMP) + int((r-0x1F000)>>6)
	default:
		return false
	}
	if !stableReady[i].Load() {
		fillStable(i)
	}
	if i < len(stableBMP) {
		return stableBMP[i]&(1<<(r&63)) != 0
	}
	return stableSMP[i-len(stableBMP)]&(1<<(r&63)) != 0
}

// stableKnown is stable for a BMP code point whose block of the table is
// filled (ok is false for the others, which need stable). It is small
// enough to be inlined in the normalization loop.
func stableKnown(r rune) (st, ok bool) {
	if i := uint16(r) >> 6; r < 0x10000 && stableReady[i].Load() {
		return stableBMP[i]&(1<<(r&63)) != 0, true
	}
	return false, false
}
