package ui

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/ansi/parser"
)

// Every width in the composer is measured by cellWidth and every cut is
// made by truncate, both with the terminal's rule (env.method, see
// widthRule): a line measured one way and cut another is how a frame ends
// up a few cells too wide, or a padding count negative. The frame's last
// step, fitLine, makes each line exactly as wide as the window whatever it
// holds, so a component that counts differently (the Bubbles text fields
// count grapheme widths) can misplace its own text but never break the
// frame.

// cellWidth is m.StringWidth, the width in cells of a line that may hold
// escape sequences measured the way the terminal will (see env.method),
// with a fast path for printable ASCII. The frame measures
// every line it draws on every keystroke, and most of what it measures is
// ASCII text and the styles around it.
//
// It walks the line as ansi.StringWidth does, through the same parser
// table, and measures a unit the same way: a grapheme cluster with
// ansi.GraphemeWidth, a code point with ansi.WcWidth (where invalid UTF-8
// is one byte at a time). A printable ASCII byte followed by another
// ASCII byte (or nothing) is one cell under both: there is always a
// cluster boundary between two such bytes. A fuzz test checks the two
// agree.
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
			n, w := unitAt(s[i:], m)
			width += w
			i += n - 1
			pstate = parser.GroundState
			continue
		}
		pstate = state
	}
	return width
}

// unitAt is the length and width of the printable unit s starts with: the
// grapheme cluster with ansi.GraphemeWidth, the code point with
// ansi.WcWidth, which is how the terminal advances over it.
func unitAt(s string, m ansi.Method) (n, width int) {
	if m == ansi.GraphemeWidth {
		cluster, w := ansi.FirstGraphemeCluster(s, m)
		return len(cluster), w
	}
	_, size := utf8.DecodeRuneInString(s)
	return size, ansi.StringWidthWc(s[:size])
}

// truncate cuts s to at most n cells as cellWidth measures them with m,
// ending it with tail (when tail fits) if anything was cut. Escape
// sequences are kept whole, so styles opened before the cut are still
// closed after it. It is what ansi.Truncate would be if it measured with
// m throughout: ansi's version checks the length with grapheme widths
// first and returns a line unchanged that is too wide by code points.
func truncate(s string, n int, tail string, m ansi.Method) string {
	if cellWidth(s, m) <= n {
		return s
	}
	n = max(0, n)
	tw := cellWidth(tail, m)
	if tw > n {
		tail, tw = "", 0
	}
	room := n - tw
	var b strings.Builder
	b.Grow(len(s))
	pstate := parser.GroundState
	used, cut := 0, false
	for i := 0; i < len(s); {
		state, action := parser.Table.Transition(pstate, s[i])
		if action == parser.PrintAction || state == parser.Utf8State {
			size, w := unitAt(s[i:], m)
			if !cut && used+w <= room {
				b.WriteString(s[i : i+size])
				used += w
			} else if !cut {
				cut = true
				b.WriteString(tail)
			}
			i += size
			pstate = parser.GroundState
			continue
		}
		if action != parser.ExecuteAction || !cut {
			// Escape sequences are kept after the cut; controls are not.
			b.WriteByte(s[i])
		}
		pstate = state
		i++
	}
	if !cut {
		b.WriteString(tail)
	}
	return b.String()
}

// fitLine makes a clean line (see cleanLine) exactly width cells wide:
// cut if longer, padded with spaces if shorter. w is its width.
func fitLine(line string, w, width int, m ansi.Method) string {
	if w > width {
		line = trimPadding(line)
		line = truncate(line, width, "", m)
		w = cellWidth(line, m)
	}
	return line + strings.Repeat(" ", max(0, width-w))
}

// fitView makes each line of a Bubbles component's view (a text field,
// a viewport) as wide, counted with m, as the component meant it to be:
// the components pad with grapheme widths, which in a terminal that
// counts code points pushes whatever follows out of its column. A line
// that is wider by m loses its end.
func fitView(view string, m ansi.Method) string {
	if m == ansi.GraphemeWidth {
		return view
	}
	lines := strings.Split(view, "\n")
	for i, l := range lines {
		if want, got := ansi.GraphemeWidth.StringWidth(l), cellWidth(l, m); got != want {
			lines[i] = fitLine(l, got, want, m)
		}
	}
	return strings.Join(lines, "\n")
}

// cleanLine makes one line of a frame safe to send as it is measured: it
// keeps text and SGR styles and replaces or drops everything that would
// move the cursor in a way the measure does not count — control
// characters (a tab becomes a space, the others U+FFFD), invalid UTF-8
// (U+FFFD), C1 controls (U+FFFD), and every escape sequence other than
// CSI … m. A sequence left unfinished at the end of the line is dropped,
// so it cannot swallow the next line. With rule.splitJoins the zero width
// joiners are left out (and with rule.splitVS16 the emoji variation
// selectors), so that a terminal that would draw a sequence narrower than
// the sum of its parts draws each part instead, as the rule counts it.
func cleanLine(s string, rule widthRule) string {
	if isPlainASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == 0x1b:
			n, keep := escapeAt(s[i:])
			if keep {
				b.WriteString(s[i : i+n])
			}
			i += n
		case c == '\t':
			b.WriteByte(' ')
			i++
		case c < 0x20 || c == 0x7f:
			b.WriteString("\uFFFD")
			i++
		case c < utf8.RuneSelf:
			b.WriteByte(c)
			i++
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			switch {
			case r == utf8.RuneError && size == 1, r >= 0x80 && r < 0xa0:
				b.WriteString("\uFFFD")
			case r == 0x200d && rule.splitJoins, r == 0xfe0f && rule.splitVS16:
			default:
				b.WriteString(s[i : i+size])
			}
			i += size
		}
	}
	return b.String()
}

// isPlainASCII reports whether s is printable ASCII and nothing else.
func isPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

// escapeAt is the length of the escape sequence s starts with (s[0] is
// ESC) and whether a frame may keep it: only a complete CSI … m (a style)
// is kept. A string sequence (OSC, DCS, SOS, PM, APC) runs to its
// terminator; an unfinished one runs to the end of s.
func escapeAt(s string) (n int, keep bool) {
	if len(s) < 2 {
		return len(s), false
	}
	switch s[1] {
	case '[':
		for i := 2; i < len(s); i++ {
			c := s[i]
			switch {
			case c >= 0x20 && c <= 0x3f:
				continue
			case c >= 0x40 && c <= 0x7e:
				return i + 1, c == 'm'
			default:
				// Not part of a sequence: the sequence ends broken
				// before it, and c is read as text again.
				return i, false
			}
		}
		return len(s), false
	case ']', 'P', 'X', '^', '_':
		for i := 2; i < len(s); i++ {
			switch s[i] {
			case 0x07:
				return i + 1, false
			case 0x1b:
				if i+1 < len(s) && s[i+1] == '\\' {
					return i + 2, false
				}
			}
		}
		return len(s), false
	}
	// ESC, any intermediates, a final byte.
	i := 1
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
		i++
	}
	if i < len(s) && s[i] >= 0x30 && s[i] <= 0x7e {
		i++
	}
	return i, false
}

// printable makes user text safe to lay out: control characters other
// than newlines become U+FFFD, a tab becomes a space, and invalid UTF-8
// becomes U+FFFD, so that text from a draft file or from X cannot move
// the cursor or start an escape sequence. Wrapping and measuring then see
// what the frame will show.
func printable(s string) string {
	ok := true
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\n') || c == 0x7f {
				ok = false
				break
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || (r >= 0x80 && r < 0xa0) {
			ok = false
			break
		}
		i += size
	}
	if ok {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '\t':
				b.WriteByte(' ')
			case (c < 0x20 && c != '\n') || c == 0x7f:
				b.WriteString("\uFFFD")
			default:
				b.WriteByte(c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || (r >= 0x80 && r < 0xa0) {
			b.WriteString("\uFFFD")
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// widthMemo remembers the lines of the last two frames, cleaned and
// measured. Most of a frame's lines were in the frame before (the cards
// around the focused one, the lines of the focused post away from the
// cursor), and looking a line up costs a fraction of measuring it again.
type widthMemo struct {
	cur, prev map[string]memoLine
	// rule measures the lines; setRule changes it.
	rule widthRule
}

// memoLine is a frame line made safe by cleanLine, and its width.
type memoLine struct {
	clean string
	width int
}

// setRule measures with r from now on.
func (wm *widthMemo) setRule(r widthRule) {
	if r != wm.rule {
		wm.rule = r
		clear(wm.cur)
		clear(wm.prev)
	}
}

// line is s cleaned with cleanLine, and its width with wm.rule.
func (wm *widthMemo) line(s string) memoLine {
	if l, ok := wm.cur[s]; ok {
		return l
	}
	l, ok := wm.prev[s]
	if !ok {
		l.clean = cleanLine(s, wm.rule)
		l.width = cellWidth(l.clean, wm.rule.method)
	}
	if wm.cur == nil {
		wm.cur = make(map[string]memoLine)
	}
	wm.cur[s] = l
	return l
}

// nextFrame forgets the lines of the frame before the one just drawn.
func (wm *widthMemo) nextFrame() {
	wm.prev, wm.cur = wm.cur, wm.prev
	clear(wm.cur)
}

// fitBlock makes s exactly width×height cells: every line cleaned
// (cleanLine), longer lines cut, shorter ones padded, missing lines added
// and extra ones dropped. Unlike a Lip Gloss style with Width and Height,
// it never re-wraps, which keeps the frame cheap to draw on every
// keystroke; and it takes any string, however it was measured.
func (wm *widthMemo) fitBlock(s string, width, height int) string {
	width, height = max(0, width), max(0, height)
	var b strings.Builder
	b.Grow(len(s) + height)
	n := 0
	for line := range strings.Lines(s) {
		if n == height {
			break
		}
		line = strings.TrimSuffix(line, "\n")
		if n > 0 {
			b.WriteByte('\n')
		}
		l := wm.line(line)
		b.WriteString(fitLine(l.clean, l.width, width, wm.rule.method))
		n++
	}
	for ; n < height; n++ {
		if n > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(strings.Repeat(" ", width))
	}
	return b.String()
}

// fitWidth cuts every line of s to width cells, so that a narrow terminal
// loses the ends of lines rather than getting them wrapped by the
// terminal, which would push the frame out of place.
func fitWidth(s string, width int, m ansi.Method) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if cellWidth(l, m) > width {
			lines[i] = truncate(trimPadding(l), max(1, width), "…", m)
		}
	}
	return strings.Join(lines, "\n")
}

// trimPadding drops the spaces that end s's text, keeping every escape
// sequence after them (a style's reset, a link's end). A line too wide
// for the frame is often one that Lip Gloss padded: a style rendered over
// several lines pads each to the widest, measured by grapheme clusters,
// so in a terminal that counts code points a line holding 👩‍👩‍👧‍👦 gains
// six cells of spaces it does not need. Cutting the padding first keeps
// the text whole where it fits; the frame pads the line again anyway.
func trimPadding(s string) string {
	end := 0 // just past the last character that is not a space
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == 0x1b:
			n, _ := escapeAt(s[i:])
			i += n
		case c == ' ':
			i++
		default:
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
			end = i
		}
	}
	if end == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:end])
	for i := end; i < len(s); {
		if s[i] != 0x1b {
			i++
			continue
		}
		n, _ := escapeAt(s[i:])
		b.WriteString(s[i : i+n])
		i += n
	}
	return b.String()
}

// wrapText wraps s to width cells as the terminal counts them (m). Lines
// are not padded: Lip Gloss would pad them with grapheme widths, too far
// in a terminal that counts code points, and the frame pads anyway.
//
// The wrapper can leave a hyphen one cell past the width (a "-" right
// after a word that ends at the edge), which the frame would then cut
// off: such text is wrapped a cell narrower, and a line still too wide is
// broken hard, so nothing is lost.
func wrapText(s string, width int, m ansi.Method) string {
	width = max(10, width)
	out := m.Wrap(s, width, "")
	if fitsWidth(out, width, m) {
		return out
	}
	if narrower := m.Wrap(s, width-1, ""); fitsWidth(narrower, width, m) {
		return narrower
	}
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		if cellWidth(l, m) > width {
			lines[i] = m.Hardwrap(l, width, true)
		}
	}
	return strings.Join(lines, "\n")
}

// bulleted wraps s as one item of a list, "  • " in front of its first
// line and its other lines hanging under its text, so that a wrapped item
// never continues at the left edge where it would read as a new one.
func bulleted(s string, width int, m ansi.Method) string {
	const mark, hang = "  • ", "    "
	return mark + strings.ReplaceAll(wrapText(s, width-len(hang), m), "\n", "\n"+hang)
}

// fitsWidth reports whether no line of s is wider than width.
func fitsWidth(s string, width int, m ansi.Method) bool {
	for l := range strings.SplitSeq(s, "\n") {
		if cellWidth(l, m) > width {
			return false
		}
	}
	return true
}

// indentLines puts prefix before every line of s, for text set off from
// what surrounds it (a quoted post) by more than colour.
func indentLines(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}
