package ui

import (
	"bytes"
	"slices"
	"strconv"

	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
)

// helpKeys is the screen on top's bindings plus the ones that work
// everywhere, as help.KeyMap wants them.
type helpKeys struct {
	short []key.Binding
	full  [][]key.Binding
	// global is the tail of short that works on every screen: help
	// itself, quit, and esc where the screen does not bind esc itself.
	global []key.Binding
}

// ShortHelp is the one-line help.
func (h helpKeys) ShortHelp() []key.Binding { return h.short }

// FullHelp is the help "?" or ctrl+g opens, in columns.
func (h helpKeys) FullHelp() [][]key.Binding { return h.full }

// helpColumn is how many bindings go in one column of the full help.
const helpColumn = 6

func (m Model) helpKeys() helpKeys {
	k := &m.env.keys
	top := m.top()
	typing := false
	if t, ok := top.(typer); ok {
		typing = t.Typing()
	}
	helpKey := k.Help
	if !typing {
		helpKey = k.HelpChar
	}
	own := enabled(top.Keys())
	var cols [][]key.Binding
	if f, ok := top.(fullHelper); ok {
		for _, col := range f.FullKeys() {
			if col = enabled(col); len(col) > 0 {
				cols = append(cols, col)
			}
		}
	} else {
		for i := 0; i < len(own); i += helpColumn {
			cols = append(cols, own[i:min(i+helpColumn, len(own))])
		}
	}

	global := []key.Binding{helpKey, k.Quit}
	// A screen where esc cancels or stops something says so itself; a
	// second "esc back" would only contradict it.
	if len(m.stack) > 1 && !bindsKey(own, cols, k.Back.Keys()) {
		global = append([]key.Binding{k.Back}, global...)
	}
	h := helpKeys{short: append(append([]key.Binding{}, own...), global...), global: global}
	h.full = append(cols, global)
	return h
}

// bindsKey reports whether one of the enabled bindings answers to one of
// keys.
func bindsKey(own []key.Binding, cols [][]key.Binding, keys []string) bool {
	for _, bs := range append([][]key.Binding{own}, cols...) {
		for _, b := range bs {
			if b.Enabled() && slices.ContainsFunc(b.Keys(), func(k string) bool { return slices.Contains(keys, k) }) {
				return true
			}
		}
	}
	return false
}

// enabled drops the bindings that are switched off.
func enabled(bs []key.Binding) []key.Binding {
	out := make([]key.Binding, 0, len(bs))
	for _, b := range bs {
		if b.Enabled() {
			out = append(out, b)
		}
	}
	return out
}

// helpView is the one-line help, or the full help when it is open. It is
// drawn again only when what it shows changed: on a keystroke it rarely
// does, and drawing it costs more than the rest of the frame but the post.
func (m Model) helpView(width int) string {
	keys := m.helpKeys()
	c := &m.env.help
	id := c.spare[:0]
	id = strconv.AppendInt(id, int64(width), 10)
	id = strconv.AppendBool(id, m.fullHelp)
	id = appendBindings(id, keys.short)
	for _, col := range keys.full {
		id = append(id, 1)
		id = appendBindings(id, col)
	}
	if c.valid && bytes.Equal(id, c.id) {
		c.spare = id
		return c.view
	}
	c.view, c.valid = m.drawHelp(keys, width), true
	c.id, c.spare = id, c.id
	return c.view
}

// helpCache is the help last drawn and what it was drawn for. The Help
// styles are not part of id: setStyles drops the cache instead.
type helpCache struct {
	valid     bool
	id, spare []byte
	view      string
}

// appendBindings appends to id what the help shows of bs.
func appendBindings(id []byte, bs []key.Binding) []byte {
	for _, b := range bs {
		h := b.Help()
		id = append(id, 0)
		id = strconv.AppendBool(id, b.Enabled())
		id = append(id, h.Key...)
		id = append(id, 0)
		id = append(id, h.Desc...)
	}
	return id
}

// drawHelp draws the help for keys in width cells. The keys that work
// everywhere stay in view: the one-line help drops the screen's least
// useful bindings to make room for help (and esc back), then for quit; the
// full help moves them under another column when a column of their own
// does not fit. Help that cannot be found is no help.
func (m Model) drawHelp(keys helpKeys, width int) string {
	h := m.help
	h.SetWidth(0) // measured here, never cut with "…"
	if !m.fullHelp {
		// Quit (last) gives way to the screen's own keys; it is in the
		// full help.
		required := keys.global[:len(keys.global)-1]
		for n := len(keys.short) - len(keys.global); n > 0; n-- {
			for _, tail := range [][]key.Binding{keys.global, required} {
				short := append(keys.short[:n:n], tail...)
				if v := h.ShortHelpView(short); lipgloss.Width(v) <= width {
					return v
				}
			}
		}
		h.SetWidth(width)
		return h.ShortHelpView(keys.global)
	}
	if v := h.FullHelpView(keys.full); lipgloss.Width(v) <= width || len(keys.full) < 2 {
		h.SetWidth(width)
		return h.FullHelpView(keys.full)
	}
	// Try the global keys under each other column, shortest first.
	cols := keys.full[:len(keys.full)-1]
	order := make([]int, len(cols))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return len(cols[a]) - len(cols[b]) })
	for _, i := range order {
		merged := slices.Clone(cols)
		merged[i] = append(slices.Clone(cols[i]), keys.global...)
		if v := h.FullHelpView(merged); lipgloss.Width(v) <= width {
			return v
		}
	}
	h.SetWidth(width)
	return h.FullHelpView(keys.full)
}
