package ui

import (
	"bytes"
	"slices"
	"strconv"

	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
)

// helpKeys is the screen on top's bindings plus the ones that work
// everywhere, for the one-line help; the full help groups them
// (help_screen.go).
type helpKeys struct {
	short []key.Binding
	// global is the tail of short that works on every screen: help
	// itself, quit, and esc where the screen does not bind esc itself.
	global []key.Binding
}

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
	// The lists are built in the cache's buffers: the help line asks for
	// them on every frame, and building them anew was a third of the
	// garbage a keystroke left. They are valid until the next call.
	c := &m.env.help
	own := appendEnabled(c.own[:0], top.Keys())
	global := append(c.global[:0], helpKey, k.Quit)
	// A screen where esc cancels or stops something says so itself; a
	// second "esc back" would only contradict it. (The composer, alone
	// on the stack, has no back: its groups are not needed then.)
	if len(m.stack) > 1 {
		var cols [][]key.Binding
		for _, g := range m.screenHelpGroups() {
			cols = append(cols, g.keys)
		}
		if !bindsKey(own, cols, k.Back.Keys()) {
			global = slices.Insert(global, 0, k.Back)
		}
	}
	short := append(append(c.short[:0], own...), global...)
	c.own, c.global, c.short = own, global, short
	return helpKeys{short: short, global: global}
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
	return appendEnabled(make([]key.Binding, 0, len(bs)), bs)
}

// appendEnabled appends to dst the bindings of bs that are switched on.
func appendEnabled(dst, bs []key.Binding) []key.Binding {
	for _, b := range bs {
		if b.Enabled() {
			dst = append(dst, b)
		}
	}
	return dst
}

// helpView is the one-line help (the full help is help_screen.go). It is
// drawn again only when what it shows changed: on a keystroke it rarely
// does, and drawing it costs more than the rest of the frame but the post.
func (m Model) helpView(width int) string {
	keys := m.helpKeys()
	c := &m.env.help
	id := c.spare[:0]
	id = strconv.AppendInt(id, int64(width), 10)
	id = appendBindings(id, keys.short)
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
	// own, global and short are helpKeys' buffers.
	own, global, short []key.Binding
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

// drawHelp draws the one-line help for keys in width cells. The keys that
// work everywhere stay in view: it drops the screen's least useful
// bindings to make room for help (and esc back), then for quit. Help that
// cannot be found is no help.
func (m Model) drawHelp(keys helpKeys, width int) string {
	h := *m.help
	h.SetWidth(0) // measured here, never cut with "…"
	// Quit (last) gives way to the screen's own keys; it is in the full
	// help.
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
