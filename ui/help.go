package ui

import (
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

// helpView is the one-line help, or the full help when it is open.
func (m Model) helpView(width int) string {
	h := m.help
	h.SetWidth(width)
	h.ShowAll = m.fullHelp
	return h.View(m.helpKeys())
}
