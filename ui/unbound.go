package ui

import (
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// Every key acts or says why it cannot. A screen answers its own keys,
// and says itself why a key it binds cannot act now; a printable key that
// no binding of the screen on top names, pressed where nothing is typed,
// gets one note from the root (unboundNote), so no screen has to repeat
// the rule.

// printableKey reports whether msg types a character: not a key with
// ctrl, alt, super, hyper or meta held, and not a modifier alone (which
// has no text).
func printableKey(msg tea.KeyPressMsg) bool {
	if msg.Text == "" {
		return false
	}
	return msg.Mod&(tea.ModCtrl|tea.ModAlt|tea.ModSuper|tea.ModHyper|tea.ModMeta) == 0
}

// screenBindings are every binding screen s may answer to, enabled or
// not: its help line, its full help groups and the keys of every screen.
// A disabled binding counts as bound: the screen says why it cannot act.
func (m Model) screenBindings(s screen) []key.Binding {
	k := &m.env.keys
	bs := append([]key.Binding{k.Quit, k.Help, k.HelpChar, k.Back}, s.Keys()...)
	switch g := s.(type) {
	case helpGrouper:
		for _, grp := range g.HelpGroups() {
			bs = append(bs, grp.keys...)
		}
	case fullHelper:
		for _, col := range g.FullKeys() {
			bs = append(bs, col...)
		}
	}
	return bs
}

// boundKey reports whether one of bs, enabled or not, answers to msg.
func boundKey(bs []key.Binding, msg tea.KeyPressMsg) bool {
	name := msg.String()
	return slices.ContainsFunc(bs, func(b key.Binding) bool { return slices.Contains(b.Keys(), name) })
}

// unboundNote is the note for key name, which does nothing on this
// screen: what to press to see the keys that do something. In accessible
// mode it is said in words, without the separator mark.
func (m Model) unboundNote(name string) tea.Cmd {
	if name == " " {
		name = "space"
	}
	help := m.env.keys.HelpChar.Help().Key
	text := name + " does nothing here · " + help + " lists this screen's keys"
	if m.env.accessible {
		text = name + " does nothing here. Press " + help + " to list this screen's keys."
	}
	return status(text, levelInfo)
}
