package ui

// Drawing the frame: the header, the screen on top, the status bar and the
// help line, in exactly the terminal's size.

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// View draws the header, the screen on top, the status bar and the help.
func (m Model) View() (v tea.View) {
	if m.crashedNow() {
		return crashView()
	}
	defer func() {
		if r := recover(); r != nil {
			m.rescue(r)
			v = crashView()
		}
	}()
	v.AltScreen = true
	v.WindowTitle = "xpost"
	if m.quitting {
		return v
	}
	content, cur := m.render()
	v.SetContent(content)
	v.Cursor = cur
	return v
}

// render lays the frame out in exactly width×height cells, and says where
// the terminal's cursor goes (nil hides it: no field has focus).
func (m Model) render() (string, *tea.Cursor) {
	w, h := max(m.width, 20), max(m.height, 6)
	defer m.env.widths.nextFrame()
	statusLine := m.status.lines(&m.env.styles, w, m.env.Limit())
	statusH := lipgloss.Height(statusLine)
	var helpView, body string
	var bodyH int
	if m.fullHelp {
		// The full help takes the screen's place (the screen keeps its
		// state under it) and the help line says how to close it, and to
		// scroll when the help drawn is taller than the room.
		bodyH = h - 1 - statusH - 1
		if bodyH > 0 {
			body = m.helpScreen(w, bodyH)
		}
		helpView = m.helpLine(w)
	} else {
		helpView = m.helpView(w)
		if m.comp.active() {
			// The suggestions take the help line: their keys are
			// the ones that matter now.
			helpView = m.completeLine(w)
		}
		bodyH = h - 1 - statusH - lipgloss.Height(helpView)
		if bodyH > 0 {
			body = m.top().View(w, bodyH)
		}
	}
	// The header comes after the body: the thread map in it says what
	// the body shows.
	header := m.header(w)
	chosen := -1
	if m.env.accessible {
		chosen = chosenRow(body)
		header, statusLine, helpView, body = plainFrame(header), plainFrame(statusLine), plainFrame(helpView), plainFrame(body)
	}
	if bodyH > 0 {
		body = m.env.widths.fitBlock(body, w, bodyH)
	}
	// The header, status and help lines are built to the width already.
	if bodyH <= 0 {
		return m.env.widths.fitBlock(strings.Join([]string{header, statusLine, helpView}, "\n"), w, h), nil
	}
	cur := m.cursorUnlessHelp(w, bodyH)
	if cur == nil && !m.fullHelp && chosen >= 0 && chosen < bodyH {
		// Accessible mode: with no field to type in, the cursor stands
		// on the chosen row of the list, for a screen reader to read.
		cur = tea.NewCursor(0, chosen+1)
		cur.Blink = false
	}
	return m.env.widths.fitBlock(header, w, 1) + "\n" + body + "\n" + m.env.widths.fitBlock(statusLine, w, statusH) + "\n" +
		m.env.widths.fitBlock(helpView, w, lipgloss.Height(helpView)), cur
}

// cursorUnlessHelp is cursor, or none while the full help hides the
// screen.
func (m Model) cursorUnlessHelp(w, bodyH int) *tea.Cursor {
	if m.fullHelp {
		return nil
	}
	return m.cursor(w, bodyH)
}

// cursor is the terminal's cursor at the insertion point of the field with
// the focus on the screen on top, in the frame (the body starts under the
// header), or nil when no field has the focus or it is out of sight.
func (m Model) cursor(w, bodyH int) *tea.Cursor {
	c, ok := m.top().(cursorer)
	if !ok {
		return nil
	}
	x, y, ok := c.Cursor()
	if !ok || y < 0 || y >= bodyH || x < 0 {
		return nil
	}
	cur := tea.NewCursor(min(x, w-1), y+1)
	cur.Blink = !m.env.accessible
	return cur
}

func (m Model) header(w int) string {
	st := &m.env.styles
	parts := []string{st.Title.Render("xpost")}
	title := screenCompose.String()
	if t, ok := m.top().(titler); ok {
		title = t.Title()
	}
	parts = append(parts, st.Subtle.Render(title))
	if m.env.demo {
		parts = append(parts, st.Badge.Render("demo"))
	}
	line := lipgloss.JoinHorizontal(lipgloss.Top, joinSpaced(parts)...)
	// In the composer, the thread map on the right (minimap.go).
	if m.top() == screen(m.compose) {
		used := cellWidth(line, m.env.method)
		if mp := m.compose.threadMap(w - used - 2); mp != "" {
			line += strings.Repeat(" ", max(2, w-used-cellWidth(mp, m.env.method))) + mp
		}
	}
	return lipgloss.NewStyle().MaxWidth(w).Render(line)
}

func joinSpaced(parts []string) []string {
	out := make([]string, 0, 2*len(parts))
	for i, p := range parts {
		if i > 0 {
			out = append(out, " ")
		}
		out = append(out, p)
	}
	return out
}
