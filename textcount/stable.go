package textcount

// Most text is in NFC already, and most of its code points are ones NFC
// leaves alone whatever surrounds them: starters that have no decomposition
// to undo and with which nothing before them can combine. appendNFC16
// copies runs of such code points as they are and normalizes only what lies
// between them.
//
// The tables of such code points, stableBMP and stableSMP, are generated
// into tables.go from golang.org/x/text's normalization data (see
// tables_test.go), so that looking one up is a load and a shift.

// stable reports whether NFC leaves r alone in any context: r is in NFC,
// has combining class 0, and cannot combine with what precedes it. Code
// points outside the tables are reported as not stable, which only sends
// text down the general path.
func stable(r rune) bool {
	if r < 0x10000 {
		return stableBMP[r>>6]&(1<<(r&63)) != 0
	}
	if r >= 0x1F000 && r < 0x1FB00 {
		return stableSMP[(r-0x1F000)>>6]&(1<<(r&63)) != 0
	}
	return false
}
