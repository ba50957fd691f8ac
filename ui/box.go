package ui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// boxed draws body in a rounded frame width cells wide, its lines wrapped
// and padded with m, the terminal's way of counting cells. A Lip Gloss
// border pads with grapheme widths, which puts the right edge out of place
// on a line holding 🧑‍💻 in a terminal that counts code points; user text
// in a frame goes through here instead.
func boxed(body string, width int, m ansi.Method, edge lipgloss.Style) string {
	inner := max(1, width-4)
	var b strings.Builder
	b.WriteString(edge.Render("╭" + strings.Repeat("─", inner+2) + "╮"))
	left, right := edge.Render("│")+" ", " "+edge.Render("│")
	for _, l := range strings.Split(wrapText(body, inner, m), "\n") {
		w := cellWidth(l, m)
		if w > inner {
			l = truncate(l, inner, "…", m)
			w = cellWidth(l, m)
		}
		b.WriteString("\n" + left + l + strings.Repeat(" ", max(0, inner-w)) + right)
	}
	b.WriteString("\n" + edge.Render("╰"+strings.Repeat("─", inner+2)+"╯"))
	return b.String()
}
