package ui

import (
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/ansi/parser"
)

// cellWidth is m.StringWidth, the width in cells of a line that may hold
// escape sequences measured the way the terminal will (see env.method),
// with a fast path for printable ASCII. The frame measures
// every line it draws on every keystroke, and most of what it measures is
// ASCII text and the styles around it.
//
// It walks the line as ansi.StringWidth does, through the same parser
// table, and measures a cluster the same way, except that a printable
// ASCII byte followed by another ASCII byte (or nothing) is one cell: there
// is always a cluster boundary between two such bytes, and such a cluster
// is one cell wide. A test checks the two agree.
func cellWidth(s string, m ansi.Method) int {
	pstate := parser.GroundState
	width := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if pstate == parser.GroundState && c >= 0x20 && c < 0x7f && (i+1 == len(s) || s[i+1] < 0x80) {
			width++
			continue
		}
		state, action := parser.Table.Transition(pstate, c)
		if action == parser.PrintAction || state == parser.Utf8State {
			cluster, w := ansi.FirstGraphemeCluster(s[i:], m)
			width += w
			i += len(cluster) - 1
			pstate = parser.GroundState
			continue
		}
		pstate = state
	}
	return width
}

// widthMemo remembers the widths of the lines of the last two frames.
// Most of a frame's lines were in the frame before (the cards around the
// focused one, the lines of the focused post away from the cursor), and
// looking a line up costs a fraction of measuring it again.
type widthMemo struct {
	cur, prev map[string]int
	// method measures the lines; setMethod changes it.
	method ansi.Method
}

// setMethod measures with m from now on.
func (wm *widthMemo) setMethod(m ansi.Method) {
	if m != wm.method {
		wm.method = m
		clear(wm.cur)
		clear(wm.prev)
	}
}

// width is cellWidth(s, wm.method).
func (wm *widthMemo) width(s string) int {
	if n, ok := wm.cur[s]; ok {
		return n
	}
	n, ok := wm.prev[s]
	if !ok {
		n = cellWidth(s, wm.method)
	}
	if wm.cur == nil {
		wm.cur = make(map[string]int)
	}
	wm.cur[s] = n
	return n
}

// nextFrame forgets the lines of the frame before the one just drawn.
func (wm *widthMemo) nextFrame() {
	wm.prev, wm.cur = wm.cur, wm.prev
	clear(wm.cur)
}
