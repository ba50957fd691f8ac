package ui

import (
	"bytes"
	"strconv"

	"charm.land/bubbles/v2/key"
)

// helpKeys is the screen on top's bindings plus the ones that work
// everywhere, as help.KeyMap wants them.
type helpKeys struct {
	short []key.Binding
	full  [][]key.Binding
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
	global := []key.Binding{helpKey, k.Quit}
	if len(m.stack) > 1 {
		global = append([]key.Binding{k.Back}, global...)
	}

	own := enabled(top.Keys())
	h := helpKeys{short: append(append([]key.Binding{}, own...), global...)}
	if f, ok := top.(fullHelper); ok {
		for _, col := range f.FullKeys() {
			if col = enabled(col); len(col) > 0 {
				h.full = append(h.full, col)
			}
		}
	} else {
		for i := 0; i < len(own); i += helpColumn {
			h.full = append(h.full, own[i:min(i+helpColumn, len(own))])
		}
	}
	h.full = append(h.full, global)
	return h
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
	h := m.help
	h.SetWidth(width)
	h.ShowAll = m.fullHelp
	c.view, c.valid = h.View(keys), true
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
