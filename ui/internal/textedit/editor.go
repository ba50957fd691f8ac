// Package textedit is the text field of xpost's composer: a multi-line
// editor that moves and deletes by grapheme cluster, wraps to a width as
// the terminal counts cells, and draws only the lines on screen.
//
// It holds text and a cursor and answers keys' meanings (Left, Backspace,
// WordRight, ...); it does not read keys, so the caller keeps its own key
// map and decides what a key does at the edges (Up on the first line,
// Left at the start). It knows nothing of drafts, posts or X's limits:
// the caller says where the text stops fitting (Render's overflowAt) and
// what follows it (the suffix). Every offset it takes or gives is a byte
// offset on a cluster boundary, as internal/grapheme defines them.
package textedit

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/rivo/uniseg"

	"github.com/xpostdev/xpost/internal/grapheme"
	"github.com/xpostdev/xpost/ui/internal/framememo"
)

// Editor is a text field: the text, a cursor in it and the visual lines
// it wraps into. The zero value is not ready: use New.
//
// It is xpost's own rather than bubbles/textarea for two reasons. The
// textarea moves and deletes by rune, which cuts emoji sequences, flags and
// combining marks in two; every offset here is a grapheme-cluster boundary
// (internal/grapheme). And the textarea
// re-wraps and restyles the whole text on every keystroke, over 10 ms for a
// 25,000-character post; this one wraps with an ASCII fast path and styles
// only the lines on screen.
//
// The cursor is a byte offset into text. Visual lines are computed lazily:
// from scratch after a width change or a new text, and after an edit only
// around it (see rewrap).
type Editor struct {
	text string
	cur  int
	// goal is the column up and down aim for, so that moving through a
	// short line does not lose the column; -1 when unset.
	goal int

	width int
	// method measures cells as the terminal does: ansi.WcWidth (code
	// point by code point) unless the terminal segments graphemes.
	method ansi.Method
	lines  []vline
	stale  bool // lines must be recomputed from scratch
	// spare is the other buffer of lines: an incremental wrap reads the
	// old lines while it writes the new ones.
	spare []vline
	// Edits since lines were computed, when not stale: the first keepHead
	// and the last keepTail bytes of text are those lines were computed
	// for, which was wrappedLen bytes long. A keystroke re-wraps only the
	// few lines around the edit and reuses the others (see rewrap).
	dirty              bool
	keepHead, keepTail int
	wrappedLen         int
	// top is the first visual line shown when the text is taller than the
	// space it gets; it follows the cursor.
	top int
	// drawn remembers lines drawn, for the focused post; nil for an
	// editor made to draw a card once. A keystroke changes the line with
	// the cursor; the others on screen are drawn again only when they
	// scroll in, not on every keystroke.
	drawn *framememo.Memo[drawnKey, string]

	// What changed since the last TakeChange: the text then and now
	// share their first chHead and last chTail bytes, or, with chAll,
	// nothing is known.
	chDirty, chAll bool
	chHead, chTail int
	// overflowStyle and cursorStyle are Styles.Overflow and Cursor as
	// escape sequences, until the styles change (Invalidate).
	overflowStyle, cursorStyle styleEnds

	// last is the last edit, for LastEdit, and edits counts them.
	last  Edit
	edits int
}

// vline is one visual line: text[start:end], with the line feed or the
// wrapping spaces that end it included in end, and its width in cells
// without them.
type vline struct {
	start, end int
	width      int
	// hard is true when the line ends with a line feed.
	hard bool
}

// New returns an editor holding text, wrapped at width cells, with the
// cursor at the end. It remembers the lines it draws between frames (see
// Render), as the field with the focus should.
func New(text string, width int) *Editor {
	e := &Editor{goal: -1, width: max(width, 1), drawn: &framememo.Memo[drawnKey, string]{}}
	e.SetText(text)
	e.cur = len(e.text)
	return e
}

// SetText replaces the text, keeping the cursor where it can be.
func (e *Editor) SetText(s string) {
	e.text = Sanitize(s)
	e.cur = grapheme.Snap(e.text, e.cur)
	e.stale = true
	e.chDirty, e.chAll = true, true
	e.goal = -1
}

// SetWidth sets the wrapping width in cells.
func (e *Editor) SetWidth(w int) {
	w = max(w, 1)
	if w != e.width {
		e.width = w
		e.stale = true
	}
}

// SetMethod sets how cells are measured, which changes the wrapping.
func (e *Editor) SetMethod(m ansi.Method) {
	if m != e.method {
		e.method = m
		e.stale = true
		if e.drawn != nil {
			e.drawn.Forget()
		}
	}
}

// SetCursor moves the cursor to off, snapped back to a cluster boundary.
func (e *Editor) SetCursor(off int) {
	e.cur = grapheme.Snap(e.text, off)
	e.goal = -1
}

// replace replaces text[from:to] with s and puts the cursor after s.
func (e *Editor) replace(from, to int, s string) {
	// Unless the lines are to be computed from scratch anyway, remember
	// what the edit kept so that they can be brought up to date cheaply.
	if !e.stale && e.lines != nil {
		head, tail := from, len(e.text)-to
		if e.dirty {
			head, tail = min(head, e.keepHead), min(tail, e.keepTail)
		}
		e.keepHead, e.keepTail, e.dirty = head, tail, true
	}
	head, tail := from, len(e.text)-to
	if e.chDirty {
		head, tail = min(head, e.chHead), min(tail, e.chTail)
	}
	e.chHead, e.chTail, e.chDirty = head, tail, true
	e.edits++
	e.last = Edit{At: from, Removed: strings.Clone(e.text[from:to]), Inserted: s, CursorBefore: e.cur}
	e.text = e.text[:from] + s + e.text[to:]
	e.cur = from + len(s)
	// Inserted text can join the cluster after it (a combining mark typed
	// before another one); keep the cursor out of the middle of it.
	if !grapheme.IsBoundary(e.text, e.cur) {
		e.cur = grapheme.Next(e.text, e.cur)
	}
	e.goal = -1
}

// Edit is one change of the text: Removed, which started at At, became
// Inserted. CursorBefore is where the cursor was before it.
type Edit struct {
	At                int
	Removed, Inserted string
	CursorBefore      int
}

// LastEdit is the last change of the text made through the editor's
// methods (not SetText), for an undo history to record.
func (e *Editor) LastEdit() Edit { return e.last }

// Edits counts the edits made through the editor's methods, so a caller
// can tell whether a method changed the text.
func (e *Editor) Edits() int { return e.edits }

// Replace replaces text[from:to] with s, offsets that must be cluster
// boundaries, as undo and redo put back a recorded Edit; the cursor ends
// after s.
func (e *Editor) Replace(from, to int, s string) {
	from = max(0, min(from, len(e.text)))
	to = max(from, min(to, len(e.text)))
	e.replace(from, to, Sanitize(s))
}

// TakeChange reports what changed in the text since the last call: when
// changed is set, the text differs from the text then only between its
// first head and its last tail bytes (both 0 when the whole text may have
// changed, as after SetText). A count kept up to date by the caller counts
// again only that part. There is one such reader per editor.
func (e *Editor) TakeChange() (head, tail int, changed bool) {
	if !e.chDirty {
		return len(e.text), 0, false
	}
	head, tail = e.chHead, e.chTail
	if e.chAll {
		head, tail = 0, 0
	}
	e.chDirty, e.chAll = false, false
	return head, tail, true
}

// Insert types s at the cursor.
func (e *Editor) Insert(s string) {
	s = Sanitize(s)
	if s == "" {
		return
	}
	e.replace(e.cur, e.cur, s)
}

// Sanitize keeps what a post can hold: line feeds, but no carriage returns,
// tabs (which have no width X and terminals agree on) or other controls.
func Sanitize(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 0x20 && c != '\n') || c == 0x7f {
			clean = false
			break
		}
	}
	if clean && utf8.ValidString(s) {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == '\r':
			return '\n'
		case r == '\t':
			return ' '
		case r == utf8.RuneError, unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
}

// Backspace deletes the cluster before the cursor.
func (e *Editor) Backspace() bool {
	if e.cur == 0 {
		return false
	}
	e.replace(grapheme.Prev(e.text, e.cur), e.cur, "")
	return true
}

// DeleteForward deletes the cluster after the cursor.
func (e *Editor) DeleteForward() bool {
	if e.cur == len(e.text) {
		return false
	}
	cur := e.cur
	e.replace(cur, grapheme.Next(e.text, cur), "")
	e.cur = cur
	return true
}

// Left moves the cursor one cluster back.
func (e *Editor) Left() {
	e.cur = grapheme.Prev(e.text, e.cur)
	e.goal = -1
}

// Right moves the cursor one cluster on.
func (e *Editor) Right() {
	e.cur = grapheme.Next(e.text, e.cur)
	e.goal = -1
}

// WordLeft moves to the start of the word before the cursor. Words end at
// white space, which is never inside a cluster.
func (e *Editor) WordLeft() {
	e.cur = wordStart(e.text, e.cur)
	e.goal = -1
}

func (e *Editor) WordRight() {
	e.cur = wordEnd(e.text, e.cur)
	e.goal = -1
}

func wordStart(s string, off int) int {
	i := off
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:i])
		if !unicode.IsSpace(r) {
			break
		}
		i -= n
	}
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:i])
		if unicode.IsSpace(r) {
			break
		}
		i -= n
	}
	return grapheme.Snap(s, i)
}

func wordEnd(s string, off int) int {
	i := off
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsSpace(r) {
			break
		}
		i += n
	}
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			break
		}
		i += n
	}
	if !grapheme.IsBoundary(s, i) {
		i = grapheme.Next(s, i)
	}
	return i
}

func (e *Editor) DeleteWordBackward() bool {
	from := wordStart(e.text, e.cur)
	if from == e.cur {
		return false
	}
	e.replace(from, e.cur, "")
	return true
}

func (e *Editor) DeleteWordForward() bool {
	to := wordEnd(e.text, e.cur)
	if to == e.cur {
		return false
	}
	cur := e.cur
	e.replace(cur, to, "")
	e.cur = cur
	return true
}

// lineStart and lineEnd are the bounds of the logical line (between line
// feeds) that holds the cursor.
func (e *Editor) lineStart() int { return strings.LastIndexByte(e.text[:e.cur], '\n') + 1 }

func (e *Editor) lineEnd() int {
	if i := strings.IndexByte(e.text[e.cur:], '\n'); i >= 0 {
		return e.cur + i
	}
	return len(e.text)
}

// Home moves the cursor to the start of its line (between line feeds).
func (e *Editor) Home() { e.cur, e.goal = e.lineStart(), -1 }

// End moves the cursor to the end of its line (between line feeds).
func (e *Editor) End() { e.cur, e.goal = e.lineEnd(), -1 }

// DocStart moves the cursor to the start of the text.
func (e *Editor) DocStart() { e.cur, e.goal = 0, -1 }

// DocEnd moves the cursor to the end of the text.
func (e *Editor) DocEnd() { e.cur, e.goal = len(e.text), -1 }

// DeleteToLineEnd deletes from the cursor to the end of its line, or joins
// the next line at the end of one; false when nothing changed.
func (e *Editor) DeleteToLineEnd() bool {
	end := e.lineEnd()
	if end == e.cur {
		return e.DeleteForward() // at the end of a line, join the next one
	}
	cur := e.cur
	e.replace(cur, end, "")
	e.cur = cur
	return true
}

// DeleteToLineStart deletes from the start of the cursor's line to the
// cursor, or joins the line before at the start of one; false when
// nothing changed.
func (e *Editor) DeleteToLineStart() bool {
	start := e.lineStart()
	if start == e.cur {
		return e.Backspace()
	}
	e.replace(start, e.cur, "")
	return true
}

// Up moves to the visual line above, keeping the column; it reports false
// on the first line, where the caller may move to what comes before.
func (e *Editor) Up() bool { return e.vertical(-1) }

// Down is up's mirror; false on the last line.
func (e *Editor) Down() bool { return e.vertical(1) }

func (e *Editor) vertical(delta int) bool {
	lines := e.wrapped()
	li := e.cursorLine()
	to := li + delta
	if to < 0 || to >= len(lines) {
		return false
	}
	if e.goal < 0 {
		e.goal = e.column(li)
	}
	goal := e.goal
	e.cur = e.offsetAtColumn(to, goal)
	e.goal = goal
	return true
}

// Page moves by n visual lines (negative is up), stopping at either end.
func (e *Editor) Page(n int) {
	lines := e.wrapped()
	li := e.cursorLine()
	to := max(0, min(li+n, len(lines)-1))
	if e.goal < 0 {
		e.goal = e.column(li)
	}
	goal := e.goal
	e.cur = e.offsetAtColumn(to, goal)
	e.goal = goal
}

// column is the cell column of the cursor on visual line li.
func (e *Editor) column(li int) int {
	l := e.wrapped()[li]
	return textWidth(e.text[l.start:min(e.cur, l.end)], e.method)
}

// offsetAtColumn is the last cluster boundary on visual line li whose
// column is at most col.
func (e *Editor) offsetAtColumn(li, col int) int {
	l := e.wrapped()[li]
	end := l.end
	if l.hard || li < len(e.lines)-1 && end > l.start {
		// Do not land after the line feed or the wrapping space, which
		// belong to the next line visually.
		end = lastBoundaryBefore(e.text, l.start, end)
	}
	pos, w := l.start, 0
	for pos < end {
		cw, n := clusterWidth(e.text[pos:end], e.method)
		if w+cw > col {
			break
		}
		w += cw
		pos += n
	}
	return pos
}

// lastBoundaryBefore is the start of the last cluster in text[start:end].
func lastBoundaryBefore(text string, start, end int) int {
	if end <= start {
		return start
	}
	return max(start, grapheme.Prev(text, end))
}

// cursorLine is the index of the visual line that shows the cursor.
func (e *Editor) cursorLine() int {
	lines := e.wrapped()
	// The first line whose end is after the cursor; the cursor at the
	// very end is on the last line.
	i := sort.Search(len(lines), func(i int) bool { return lines[i].end > e.cur })
	if i == len(lines) {
		return len(lines) - 1
	}
	return i
}

// wrapped returns the visual lines, wrapping if the text or width changed.
func (e *Editor) wrapped() []vline {
	switch {
	case e.stale || e.lines == nil:
		e.lines = wrapLines(e.lines[:0], e.text, e.width, e.method)
	case e.dirty:
		e.rewrap()
	default:
		return e.lines
	}
	e.stale, e.dirty, e.wrappedLen = false, false, len(e.text)
	return e.lines
}

// rewrap brings the lines up to date after edits that kept the first
// keepHead and the last keepTail bytes of the text. It wraps again from a
// line start safely before the edit and stops at the first new line that
// starts in the kept tail where an old line started: from there on the
// old lines hold, shifted. A keystroke so costs a few lines, not the post.
//
// Where the wrap starts again: a line's start is decided by the scan of
// the line before it, which reads up to the cluster that does not fit
// and one rune past it. That cluster either fits on the next line or
// starts the one after, so the start of line j depends on no byte at or
// after the start of line j+2 plus one rune; line j's start still holds
// if that is before keepHead.
func (e *Editor) rewrap() {
	old := e.lines
	head := e.keepHead
	// k lines start (with a rune after them) before the edit.
	k := sort.Search(len(old), func(i int) bool { return old[i].start+utf8.UTFMax > head })
	j := max(0, k-3)
	dst := append(e.spare[:0], old[:j]...)
	delta := len(e.text) - e.wrappedLen
	e.lines = wrapFrom(dst, e.text, old[j].start, e.width, e.method, old[j:], len(e.text)-e.keepTail, delta)
	e.spare = old
}

// wrapLines breaks text into visual lines at most width cells wide: at line
// feeds, else after the last space that fits, else (a word longer than the
// line) between clusters, measuring cells with m. It appends to dst.
func wrapLines(dst []vline, text string, width int, m ansi.Method) []vline {
	return wrapFrom(dst, text, 0, width, m, nil, 0, 0)
}

// wrapFrom appends the visual lines of text from start, which is the
// start of a line, on. Given old, the lines of an earlier text that
// differed from this one only before tailFrom (in this text) and was delta
// bytes shorter, it stops at the first line that starts at or after
// tailFrom where one of old started, and appends the rest of old shifted:
// a line's wrapping depends on nothing before its start.
func wrapFrom(dst []vline, text string, start, width int, method ansi.Method, old []vline, tailFrom, delta int) []vline {
	m := 0 // old[:m] start before the last line start looked up
	for {
		nl := strings.IndexByte(text[start:], '\n')
		para := len(text)
		if nl >= 0 {
			para = start + nl
		}
		for {
			end, w := wrapLine(text, start, para, width, method)
			l := vline{start: start, end: end, width: w}
			if end == para {
				if nl < 0 {
					return append(dst, l)
				}
				// The line feed ends the paragraph's last line.
				l.end, l.hard = para+1, true
			}
			dst = append(dst, l)
			start = l.end
			if old != nil && start >= tailFrom {
				was := start - delta
				for m < len(old) && old[m].start < was {
					m++
				}
				if m < len(old) && old[m].start == was {
					for _, o := range old[m:] {
						o.start += delta
						o.end += delta
						dst = append(dst, o)
					}
					return dst
				}
			}
			if end == para {
				break
			}
		}
	}
}

// wrapLine finds the end of the visual line that starts at start in the
// paragraph that ends at end (which holds no line feed), and its width.
// Spaces hang at the end of the line they follow, so the next word starts
// the next line; a word wider than the line is broken between two
// clusters. The line is the paragraph's last when it ends at end.
//
// Each line is scanned on its own from its start, so a wrap can start
// again at any line start and yield the same lines as one from the
// paragraph's start: what a line holds depends only on the text from its
// start on.
func wrapLine(text string, start, end, width int, m ansi.Method) (lineEnd, lineWidth int) {
	w := 0 // the width of text[start:pos]
	// lastBreak is where the line may end: after the last run of spaces;
	// breakW is the width before that run.
	lastBreak, breakW, runW := -1, 0, 0
	pos := start
	for pos < end {
		cw, n := clusterWidth(text[pos:end], m)
		if n == 1 && text[pos] == ' ' {
			if pos == start || text[pos-1] != ' ' {
				runW = w
			}
			w += cw
			pos += n
			lastBreak, breakW = pos, runW
			continue
		}
		if w+cw > width && pos > start {
			if lastBreak > start {
				return lastBreak, breakW
			}
			return pos, w
		}
		w += cw
		pos += n
	}
	return end, min(w, width)
}

// clusterAt returns the width in cells and the length in bytes of the
// grapheme cluster that starts s, with a fast path for ASCII.
func clusterAt(s string) (width, n int) {
	if c := s[0]; c < utf8.RuneSelf && c != '\r' && (len(s) == 1 || s[1] < utf8.RuneSelf) {
		if c < 0x20 || c == 0x7f {
			return 0, 1
		}
		return 1, 1
	}
	cluster, _, w, _ := uniseg.FirstGraphemeClusterInString(s, -1)
	return w, len(cluster)
}

// clusterWidth is clusterAt with the width measured by m: under
// ansi.WcWidth a cluster is as wide as its code points together (🧑‍💻 is
// four cells where the terminal does not join it), as the renderer and
// such a terminal count it.
func clusterWidth(s string, m ansi.Method) (width, n int) {
	if m == ansi.GraphemeWidth {
		return clusterAt(s)
	}
	if c := s[0]; c < utf8.RuneSelf && c != '\r' && (len(s) == 1 || s[1] < utf8.RuneSelf) {
		if c < 0x20 || c == 0x7f {
			return 0, 1
		}
		return 1, 1
	}
	cluster, _, _, _ := uniseg.FirstGraphemeClusterInString(s, -1)
	return ansi.StringWidthWc(cluster), len(cluster)
}

// textWidth is the width of s in cells measured by m, cluster by cluster,
// the way the wrapping measures it.
func textWidth(s string, m ansi.Method) int {
	w := 0
	for len(s) > 0 {
		cw, n := clusterWidth(s, m)
		w += cw
		s = s[n:]
	}
	return w
}

// Styles are what Render draws with: the cursor, the part of the text
// past the limit, and the suffix.
type Styles struct {
	Cursor, Overflow, Faint lipgloss.Style
}

// Text is the text being edited.
func (e *Editor) Text() string { return e.text }

// Cursor is the cursor's byte offset in Text, always a cluster boundary.
func (e *Editor) Cursor() int { return e.cur }

// CursorCell is where the cursor is in the lines the last Render with
// the cursor drew: row counts from the first line drawn, col is the cell
// column measured as the terminal counts (the editor's method), so the
// terminal's own cursor can be put there for input methods and screen
// readers to follow. col never passes the line's drawn end plus one.
func (e *Editor) CursorCell() (row, col int) {
	li := e.cursorLine()
	return li - e.top, min(e.column(li), e.width+1)
}

// LineCount is the number of visual lines the text wraps into.
func (e *Editor) LineCount() int { return len(e.wrapped()) }

// ScrollToTop shows the text from its first line again; the next Render
// with the cursor scrolls to it as needed.
func (e *Editor) ScrollToTop() { e.top = 0 }

// Invalidate drops every line remembered, wrapped or drawn, so the next
// Render computes all from scratch: when the styles change, whose output
// the memo cannot tell apart.
func (e *Editor) Invalidate() {
	e.stale = true
	e.overflowStyle, e.cursorStyle = styleEnds{}, styleEnds{}
	if e.drawn != nil {
		e.drawn.Forget()
	}
}

// Draw renders text as an unfocused field wrapped at width: every line,
// no cursor, nothing remembered. overflowAt and suffix are as in Render.
func Draw(st *Styles, text string, width int, m ansi.Method, overflowAt int, suffix string) []string {
	e := Editor{text: text, cur: -1, width: max(width, 1), goal: -1, method: m}
	return e.Render(st, len(e.wrapped()), overflowAt, suffix, false)
}

// Render draws height visual lines of the text. With cursor set, the lines
// scroll to keep the cursor in view and the cursor is drawn; the part of
// the text from overflowAt on (unless it is -1) is marked as not fitting
// the limit; suffix (the thread number) follows the text.
func (e *Editor) Render(st *Styles, height, overflowAt int, suffix string, cursor bool) []string {
	lines := e.wrapped()
	curLine := -1
	if cursor {
		curLine = e.cursorLine()
		if curLine < e.top {
			e.top = curLine
		}
		if curLine >= e.top+height {
			e.top = curLine - height + 1
		}
		e.top = max(0, min(e.top, len(lines)-height))
	} else {
		e.top = 0
	}
	from, to := e.top, min(len(lines), e.top+height)
	out := make([]string, 0, to-from+1)
	var b strings.Builder
	for li := from; li < to; li++ {
		l := lines[li]
		var key drawnKey
		if e.drawn != nil {
			key = e.drawnKey(l, overflowAt, li == curLine)
			if s, ok := e.drawn.Get(key); ok {
				out = append(out, s)
				continue
			}
		}
		b.Reset()
		e.renderLine(&b, st, l, overflowAt, li == curLine)
		out = append(out, b.String())
		if e.drawn != nil {
			e.drawn.Put(key, out[len(out)-1])
		}
	}
	if e.drawn != nil {
		e.drawn.NextFrame()
	}
	if suffix != "" && to == len(lines) {
		style := st.Faint
		if overflowAt >= 0 && overflowAt >= len(e.text) {
			style = st.Overflow
		}
		last := lines[len(lines)-1]
		used := last.width
		if curLine == len(lines)-1 {
			used++
		}
		if used+textWidth(suffix, e.method) <= e.width+1 {
			out[len(out)-1] += style.Render(suffix)
		} else {
			out = append(out, style.Render(strings.TrimLeft(suffix, " ")))
		}
	}
	return out
}

// drawnKey is all that renderLine's output for one line depends on but
// the styles, which drop the memo when they change: the line's text, the
// width, where in the line the overflow starts and where the cursor is
// (-1 for neither).
type drawnKey struct {
	text     string
	width    int
	overflow int
	cursor   int
}

func (e *Editor) drawnKey(l vline, overflowAt int, hasCursor bool) drawnKey {
	k := drawnKey{text: e.text[l.start:l.end], width: e.width, overflow: -1, cursor: -1}
	if overflowAt >= 0 && overflowAt < l.end {
		k.overflow = max(0, overflowAt-l.start)
	}
	if hasCursor {
		k.cursor = max(0, min(e.cur, l.end)-l.start)
	}
	return k
}

// renderLine writes visual line l, its overflow marked and, with
// hasCursor, the cursor drawn on the cluster it is before.
func (e *Editor) renderLine(b *strings.Builder, st *Styles, l vline, overflowAt int, hasCursor bool) {
	end := l.end
	if l.hard {
		end-- // the line feed
	}
	// Spaces hanging past the edge of a wrapped line are not drawn.
	if w := textWidth(e.text[l.start:end], e.method); w > e.width+1 {
		end = l.start + len(e.method.Truncate(e.text[l.start:end], e.width+1, ""))
	}
	seg := func(from, to int) {
		if from >= to {
			return
		}
		if overflowAt < 0 || to <= overflowAt {
			b.WriteString(e.text[from:to])
			return
		}
		if from < overflowAt {
			b.WriteString(e.text[from:overflowAt])
			from = overflowAt
		}
		e.styled(b, &e.overflowStyle, st.Overflow, e.text[from:to])
	}
	if !hasCursor {
		seg(l.start, end)
		return
	}
	cur := max(l.start, min(e.cur, end))
	seg(l.start, cur)
	if cur < end {
		_, n := clusterAt(e.text[cur:end])
		e.styled(b, &e.cursorStyle, st.Cursor, e.text[cur:cur+n])
		seg(cur+n, end)
		return
	}
	e.styled(b, &e.cursorStyle, st.Cursor, " ")
}

// styleEnds is a style as the escape sequences it puts around text,
// worked out once: Lip Gloss's Render measures and splits what it is
// given, which for one line of the editor cost more than everything else
// a keystroke does. The output is byte for byte Render's.
type styleEnds struct {
	known bool
	// plain is set when the style does more than colour and attributes
	// (padding, a width, …): such a style is rendered by Lip Gloss.
	plain bool
	// perRune is set when Render styles rune by rune, as it does with
	// underlining, spaces with their own sequences.
	perRune                 bool
	before, after           string
	spaceBefore, spaceAfter string
}

// styled writes s in style st, through ends.
func (e *Editor) styled(b *strings.Builder, ends *styleEnds, st lipgloss.Style, s string) {
	if !ends.known {
		*ends = learnStyle(st)
	}
	if ends.plain || strings.ContainsAny(s, "\n\t\r") {
		b.WriteString(st.Render(s))
		return
	}
	if !ends.perRune {
		b.WriteString(ends.before)
		b.WriteString(s)
		b.WriteString(ends.after)
		return
	}
	for _, r := range s {
		if unicode.IsSpace(r) {
			b.WriteString(ends.spaceBefore)
			b.WriteRune(r)
			b.WriteString(ends.spaceAfter)
			continue
		}
		b.WriteString(ends.before)
		b.WriteRune(r)
		b.WriteString(ends.after)
	}
}

// learnStyle renders probes in st to find the sequences it puts around
// text.
func learnStyle(st lipgloss.Style) styleEnds {
	ends := styleEnds{known: true, plain: true}
	split := func(probe string) (before, after string, ok bool) {
		out := st.Render(probe)
		i := strings.Index(out, probe)
		if i < 0 || ansi.Strip(out) != probe {
			return "", "", false
		}
		return out[:i], out[i+len(probe):], true
	}
	before, after, ok := split("x")
	if !ok {
		return ends
	}
	spaceBefore, spaceAfter, ok := split(" ")
	if !ok {
		return ends
	}
	ends = styleEnds{known: true, before: before, after: after, spaceBefore: spaceBefore, spaceAfter: spaceAfter}
	switch st.Render("x y") {
	case before + "x y" + after:
	case before + "x" + after + spaceBefore + " " + spaceAfter + before + "y" + after:
		ends.perRune = true
	default:
		ends.plain = true
	}
	return ends
}
