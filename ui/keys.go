package ui

import (
	"charm.land/bubbles/v2/key"
)

// KeyMap is the composer's one key map. Help is generated from it, and
// bindings are switched on and off by state (Join is off on the last post,
// Undo is off until something was deleted), so help never offers a key that
// would do nothing. Keys are only ever matched through these bindings.
//
// The compose keys leave what a text field needs: printable keys always
// type, and the usual editing keys (emacs-style ctrl+a/k/u/w, alt+b/f)
// edit the focused post.
type KeyMap struct {
	// Everywhere.
	Quit     key.Binding
	Help     key.Binding // works while typing
	HelpChar key.Binding // "?" where nothing is typed
	Back     key.Binding

	// Compose: the thread.
	AddPost   key.Binding
	Split     key.Binding
	Join      key.Binding
	MoveUp    key.Binding
	MoveDown  key.Binding
	Delete    key.Binding
	Undo      key.Binding // text and thread changes alike
	Redo      key.Binding
	Threadify key.Binding // splits a long post into as many as it needs
	NextPost  key.Binding
	PrevPost  key.Binding
	Editor    key.Binding
	Numbering key.Binding

	// Compose: the other screens.
	Publish  key.Binding
	Media    key.Binding
	Poll     key.Binding
	Settings key.Binding
	Recent   key.Binding
	Drafts   key.Binding
	Queue    key.Binding
	Later    key.Binding // queue the draft to be posted later
	NewDraft key.Binding // leaves the draft among the drafts
	Accounts key.Binding // which saved account the draft posts as

	// Lists and forms on the other screens.
	Up      key.Binding
	Down    key.Binding
	Select  key.Binding
	Confirm key.Binding
	Deny    key.Binding
	Remove  key.Binding
	Retry   key.Binding
	NextTab key.Binding
	PrevTab key.Binding
	// Every list also answers these (listnav.go), and PageUp/PageDown.
	First  key.Binding
	Last   key.Binding
	Filter key.Binding

	// Text editing inside the focused post, by grapheme cluster.
	Left           key.Binding
	Right          key.Binding
	Backspace      key.Binding
	DeleteFwd      key.Binding
	LineUp         key.Binding
	LineDown       key.Binding
	WordLeft       key.Binding
	WordRight      key.Binding
	DeleteWordBack key.Binding
	DeleteWordFwd  key.Binding
	Home           key.Binding
	End            key.Binding
	DocStart       key.Binding
	DocEnd         key.Binding
	PageUp         key.Binding
	PageDown       key.Binding
	KillToEnd      key.Binding
	KillToStart    key.Binding
	Newline        key.Binding
}

// DefaultKeyMap returns xpost's key map.
func DefaultKeyMap() KeyMap {
	b := func(keys []string, helpKey, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(helpKey, desc))
	}
	k := func(keys ...string) []string { return keys }
	return KeyMap{
		Quit:     b(k("ctrl+c", "ctrl+q"), "ctrl+c", "save & quit"),
		Help:     b(k("ctrl+g", "f1"), "ctrl+g", "help"),
		HelpChar: b(k("?"), "?", "help"),
		Back:     b(k("esc"), "esc", "back"),

		AddPost:   b(k("ctrl+n"), "ctrl+n", "new post"),
		Split:     b(k("ctrl+o", "alt+enter"), "ctrl+o", "split here"),
		Join:      b(k("alt+j"), "alt+j", "join next"),
		MoveUp:    b(k("alt+up"), "alt+↑", "move up"),
		MoveDown:  b(k("alt+down"), "alt+↓", "move down"),
		Delete:    b(k("ctrl+x"), "ctrl+x", "delete post"),
		Undo:      b(k("ctrl+z"), "ctrl+z", "undo"),
		Redo:      b(k("ctrl+y", "ctrl+shift+z"), "ctrl+y", "redo"),
		Threadify: b(k("alt+t"), "alt+t", "split into thread"),
		NextPost:  b(k("tab", "ctrl+down"), "tab", "next post"),
		PrevPost:  b(k("shift+tab", "ctrl+up"), "shift+tab", "prev post"),
		Editor:    b(k("alt+e"), "alt+e", "thread in $EDITOR"),
		Numbering: b(k("alt+n"), "alt+n", "1/n numbering"),

		Publish:  b(k("ctrl+p"), "ctrl+p", "publish"),
		Media:    b(k("alt+m"), "alt+m", "media"),
		Poll:     b(k("alt+p"), "alt+p", "poll"),
		Settings: b(k("alt+s"), "alt+s", "reply/quote"),
		Recent:   b(k("alt+r"), "alt+r", "recent posts"),
		Drafts:   b(k("alt+d"), "alt+d", "drafts"),
		Queue:    b(k("alt+q"), "alt+q", "queue"),
		Later:    b(k("alt+l"), "alt+l", "post later"),
		NewDraft: b(k("ctrl+t"), "ctrl+t", "new draft"),
		Accounts: b(k("alt+a"), "alt+a", "accounts"),

		Up:      b(k("up", "k"), "↑/k", "up"),
		Down:    b(k("down", "j"), "↓/j", "down"),
		Select:  b(k("enter"), "enter", "select"),
		Confirm: b(k("y"), "y", "yes"),
		Deny:    b(k("n"), "n", "no"),
		Remove:  b(k("d", "delete"), "d", "delete"),
		Retry:   b(k("r"), "r", "retry"),
		NextTab: b(k("tab"), "tab", "next field"),
		PrevTab: b(k("shift+tab"), "shift+tab", "previous field"),
		First:   b(k("home", "g"), "home/g", "first"),
		Last:    b(k("end", "G"), "end/G", "last"),
		Filter:  b(k("/"), "/", "filter"),

		Left:      b(k("left", "ctrl+b"), "←", "character back"),
		Right:     b(k("right", "ctrl+f"), "→", "character forward"),
		Backspace: b(k("backspace", "ctrl+h"), "backspace", "delete back"),
		DeleteFwd: b(k("delete", "ctrl+d"), "delete", "delete forward"),
		LineUp:    b(k("up"), "↑", "line up"),
		LineDown:  b(k("down"), "↓", "line down"),

		WordLeft:       b(k("alt+left", "ctrl+left", "alt+b"), "alt+←", "word back"),
		WordRight:      b(k("alt+right", "ctrl+right", "alt+f"), "alt+→", "word forward"),
		DeleteWordBack: b(k("alt+backspace", "ctrl+w", "ctrl+backspace"), "ctrl+w", "delete word"),
		DeleteWordFwd:  b(k("alt+delete", "ctrl+delete"), "alt+delete", "delete word forward"),
		Home:           b(k("home", "ctrl+a"), "home", "line start"),
		End:            b(k("end", "ctrl+e"), "end", "line end"),
		DocStart:       b(k("ctrl+home", "alt+<"), "ctrl+home", "post start"),
		DocEnd:         b(k("ctrl+end", "alt+>"), "ctrl+end", "post end"),
		PageUp:         b(k("pgup"), "pgup", "page up"),
		PageDown:       b(k("pgdown"), "pgdown", "page down"),
		KillToEnd:      b(k("ctrl+k"), "ctrl+k", "delete to line end"),
		KillToStart:    b(k("ctrl+u"), "ctrl+u", "delete to line start"),
		Newline:        b(k("enter"), "enter", "new line"),
	}
}

// confirmDelete returns the answers to a "delete this?" question, where
// only y deletes and everything else, enter included, keeps: the safe
// answer is the default.
func (km KeyMap) confirmDelete() (yes, no key.Binding) {
	yes = withDesc(km.Confirm, "yes, delete")
	no = km.Deny
	no.SetKeys("n", "N", "esc", "enter")
	no.SetHelp("N/esc", "no, keep it")
	return yes, no
}

// formNav returns the bindings that move between a form's fields (tab or
// ↓, shift+tab or ↑) and leave it without saving (esc cancels), with the
// given help words for moving on and back.
func (km KeyMap) formNav(nextHelp, prevHelp string) (next, prev, back key.Binding) {
	next = km.NextTab
	next.SetKeys("tab", "down")
	next.SetHelp("tab/↓", nextHelp)
	prev = km.PrevTab
	prev.SetKeys("shift+tab", "up")
	prev.SetHelp("shift+tab/↑", prevHelp)
	back = withDesc(km.Back, "cancel")
	return next, prev, back
}

// withDesc is b with another description in the help, for a screen where
// the key means something more precise; the key shown stays b's own, so
// the help cannot name a key the binding does not have.
func withDesc(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}
