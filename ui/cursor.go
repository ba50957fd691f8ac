package ui

// The terminal's cursor at the insertion point of the field with the
// focus. Input methods (CJK composition windows) and screen readers follow
// the terminal's cursor, not a cell drawn in reverse, so every text field
// reports where its insertion point is (cursorer) and the root puts the
// cursor there (Model.cursor). Columns are measured with the frame's rule
// (cellWidth with env.method), whatever the field counts with itself.

import (
	"strings"

	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	"github.com/charmbracelet/x/ansi"
)

// caret is where a field's insertion point was in a screen's last View:
// cell column x, line y. ok is false when no field has the focus.
type caret struct {
	x, y int
	ok   bool
}

// inputColumn is the cell column of a focused text input's insertion
// point within its own View (the prompt included), measured with m; false
// when the input does not have the focus. The input scrolls sideways when
// its text is wider than its width: the part shown is found in its View.
func inputColumn(in *textinput.Model, m ansi.Method) (int, bool) {
	if !in.Focused() {
		return 0, false
	}
	prompt := cellWidth(in.Prompt, m)
	value := []rune(in.Value())
	pos := min(max(0, in.Position()), len(value))
	shown := []rune(strings.TrimPrefix(ansi.Strip(in.View()), ansi.Strip(in.Prompt)))
	from := 0
	if len(value) > 0 && !hasRunesAt(value, 0, shown) {
		// Scrolled: the shown runes start at the first offset that
		// holds them and keeps the insertion point in sight.
		for o := max(0, pos-len(shown)); o <= pos; o++ {
			if hasRunesAt(value, o, trimTrailingSpace(shown)) {
				from = o
				break
			}
		}
	}
	return prompt + cellWidth(string(value[from:pos]), m), true
}

// hasRunesAt reports whether value holds want at offset o (want may run
// past the end of value only with spaces: the input pads its View).
func hasRunesAt(value []rune, o int, want []rune) bool {
	want = trimTrailingSpace(want)
	if o+len(want) > len(value) {
		return false
	}
	for i, r := range want {
		if value[o+i] != r {
			return false
		}
	}
	return true
}

func trimTrailingSpace(r []rune) []rune {
	for len(r) > 0 && r[len(r)-1] == ' ' {
		r = r[:len(r)-1]
	}
	return r
}

// areaCursor is where a focused text area's insertion point is within its
// own View: the row from the area's own cursor, the column measured with
// m over the wrapped row's text before it. False when it has no focus.
func areaCursor(ta *textarea.Model, m ansi.Method) (x, y int, ok bool) {
	c := ta.Cursor()
	if c == nil {
		return 0, 0, false
	}
	info := ta.LineInfo()
	lines := strings.Split(ta.Value(), "\n")
	row := min(max(0, ta.Line()), len(lines)-1)
	line := []rune(lines[row])
	from := min(info.StartColumn, len(line))
	to := min(from+info.ColumnOffset, len(line))
	prompt := cellWidth(ta.Prompt, m)
	return prompt + cellWidth(string(line[from:to]), m), c.Y, true
}

// fieldCaret is the caret of a field drawn next in b, col cells into the
// field: on b's current line, after what that line already holds.
func fieldCaret(b *strings.Builder, col int, m ansi.Method) caret {
	s := b.String()
	line := s[strings.LastIndexByte(s, '\n')+1:]
	return caret{x: cellWidth(line, m) + col, y: strings.Count(s, "\n"), ok: true}
}
