package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
)

// Under NO_COLOR the terminal gets no colors, only attributes: every state
// the composer shows by color must keep a mark of another kind. The text
// past the limit is underlined (the cursor is the terminal's own); a counter past or
// near the limit is bold (and past it also says "N over").
func TestNoColorKeepsMarks(t *testing.T) {
	t.Parallel()
	for _, dark := range []bool{true, false} {
		st := NewStyles(dark)
		tests := []struct {
			name  string
			text  string
			attrs []string // SGR parameters that must survive
		}{
			{"overflow", st.Overflow.Render("past the limit"), []string{"4"}},
			{"counter past the limit", st.CounterBad.Render("300/280 · 20 over"), []string{"1"}},
			{"counter near the limit", st.CounterWarn.Render("270/280"), []string{"1"}},
			{"error message", st.StatusError.Render("failed"), []string{"1"}},
			{"the focused post's place in the thread", st.CardTitleFocused.Render("2/3"), []string{"1"}},
		}
		for _, tt := range tests {
			var b strings.Builder
			w := &colorprofile.Writer{Forward: &b, Profile: colorprofile.Ascii}
			if _, err := w.WriteString(tt.text); err != nil {
				t.Fatal(err)
			}
			got := b.String()
			if strings.Contains(got, "38;") || strings.Contains(got, "48;") {
				t.Errorf("%s (dark %v): colors left under NO_COLOR: %q", tt.name, dark, got)
			}
			for _, a := range tt.attrs {
				if !hasSGR(got, a) {
					t.Errorf("%s (dark %v): no SGR %s under NO_COLOR: %q", tt.name, dark, a, got)
				}
			}
		}
	}
}

// hasSGR reports whether s sets SGR parameter p in any of its sequences.
func hasSGR(s, p string) bool {
	for _, seq := range strings.Split(s, "\x1b[")[1:] {
		end := strings.IndexByte(seq, 'm')
		if end < 0 {
			continue
		}
		for _, q := range strings.Split(seq[:end], ";") {
			if q == p {
				return true
			}
		}
	}
	return false
}
