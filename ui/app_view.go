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
	v.SetContent(m.render())
	return v
}

// render lays the frame out in exactly width×height cells.
func (m Model) render() string {
	w, h := max(m.width, 20), max(m.height, 6)
	defer m.env.widths.nextFrame()
	header := m.header(w)
	statusLine := m.status.view(&m.env.styles, w, m.env.Limit())
	helpView := m.helpView(w)
	bodyH := h - 1 - 1 - lipgloss.Height(helpView)
	body := ""
	if bodyH > 0 {
		body = m.env.widths.fitBlock(m.top().View(w, bodyH), w, bodyH)
	}
	// The header, status and help lines are built to the width already.
	if bodyH <= 0 {
		return m.env.widths.fitBlock(strings.Join([]string{header, statusLine, helpView}, "\n"), w, h)
	}
	return m.env.widths.fitBlock(header, w, 1) + "\n" + body + "\n" + m.env.widths.fitBlock(statusLine, w, 1) + "\n" +
		m.env.widths.fitBlock(helpView, w, lipgloss.Height(helpView))
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
