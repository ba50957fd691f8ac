package ui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/rivo/uniseg"
)

// The one list behaviour. Every list of the composer (drafts, recent
// posts, the post picker, the queue, the attachments of a post) moves and
// filters with the same keys, through a listNav, so a key learnt in one
// list does the same in all the others:
//
//	↑/k ↓/j       one item
//	home/g end/G  first, last
//	pgup pgdown   one page
//	/             filter: type, enter keeps it, esc clears it
//	esc           clears a kept filter (then leaves, as the screen does)
//	enter         opens the item
//
// A screen owns its items and how they are drawn; the listNav owns the
// cursor, the page size last drawn and the filter text. After a key the
// screen looks at what the listNav reports (listAct): a changed filter
// asks it to recompute the items shown and call setLen.

// listKeys are the keys of a list, from the KeyMap.
type listKeys struct {
	Up, Down, First, Last, PageUp, PageDown key.Binding
	// Filter starts typing the filter; Clear drops a kept one.
	Filter, Clear key.Binding
	// Open acts on the item under the cursor (its help says how).
	Open key.Binding
	// While the filter is typed: enter keeps it, esc clears it, the
	// arrows still move and backspace deletes.
	Keep, Cancel, FilterUp, FilterDown, Backspace key.Binding
}

// listKeys returns the list bindings, with open described as openDesc
// ("open", "read", "edit").
func (km KeyMap) listKeys(openDesc string) listKeys {
	clear := withDesc(km.Back, "clear filter")
	keep := withDesc(km.Select, "keep filter")
	cancel := withDesc(km.Back, "clear filter")
	up, down := km.LineUp, km.LineDown
	up.SetHelp("↑", "up")
	down.SetHelp("↓", "down")
	return listKeys{
		Up: km.Up, Down: km.Down, First: km.First, Last: km.Last,
		PageUp: km.PageUp, PageDown: km.PageDown,
		Filter: km.Filter, Clear: clear,
		Open: withDesc(km.Select, openDesc),
		Keep: keep, Cancel: cancel, FilterUp: up, FilterDown: down,
		Backspace: km.Backspace,
	}
}

// listAct is what a key did to a list.
type listAct int

const (
	listIgnored  listAct = iota // not a list key: the screen may use it
	listMoved                   // the cursor moved (or stayed at an end)
	listOpen                    // enter on an item: the screen opens it
	listFiltered                // the filter changed: recompute, setLen
	listTyping                  // the filter was opened or closed unchanged
	listEmpty                   // the filter key on an empty list: the screen says so (emptyListNote)
)

// listNav is a list's cursor, page and filter.
type listNav struct {
	keys      listKeys
	cursor    int
	n         int // items shown
	page      int // items one page showed when last drawn
	filter    string
	filtering bool
	// empty is whether the list has the keys and no items at all, as
	// sync last saw it: the filter key then gets emptyListNote.
	empty bool
	// caret is where the terminal's cursor goes while the filter is
	// typed (its end), as writeFilterLine last drew it.
	caret caret
}

func newListNav(km KeyMap, openDesc string) listNav {
	return listNav{keys: km.listKeys(openDesc), page: 1}
}

// key handles msg and reports what it did.
func (l *listNav) key(msg tea.KeyPressMsg) listAct {
	if l.filtering {
		return l.filterKey(msg)
	}
	k := &l.keys
	switch {
	case key.Matches(msg, k.Up):
		l.moveTo(l.cursor - 1)
	case key.Matches(msg, k.Down):
		l.moveTo(l.cursor + 1)
	case key.Matches(msg, k.First):
		l.moveTo(0)
	case key.Matches(msg, k.Last):
		l.moveTo(l.n - 1)
	case key.Matches(msg, k.PageUp):
		l.moveTo(l.cursor - max(1, l.page))
	case key.Matches(msg, k.PageDown):
		l.moveTo(l.cursor + max(1, l.page))
	case key.Matches(msg, k.Filter):
		l.filtering = true
		return listTyping
	case l.empty && slices.Contains(k.Filter.Keys(), msg.String()):
		// The filter is off on an empty list; the key still answers.
		return listEmpty
	case key.Matches(msg, k.Clear):
		l.filter = ""
		return listFiltered
	case key.Matches(msg, k.Open):
		if l.n == 0 {
			return listIgnored
		}
		return listOpen
	default:
		return listIgnored
	}
	return listMoved
}

// emptyListNote is what the filter key says on an empty list (listEmpty),
// where the filter is off.
func emptyListNote() tea.Cmd {
	return status("nothing to filter: the list is empty", levelInfo)
}

// filterKey edits the filter as it is typed.
func (l *listNav) filterKey(msg tea.KeyPressMsg) listAct {
	k := &l.keys
	switch {
	case key.Matches(msg, k.Keep):
		l.filtering = false
		return listTyping
	case key.Matches(msg, k.Cancel):
		l.filtering, l.filter = false, ""
		return listFiltered
	case key.Matches(msg, k.FilterUp):
		l.moveTo(l.cursor - 1)
		return listMoved
	case key.Matches(msg, k.FilterDown):
		l.moveTo(l.cursor + 1)
		return listMoved
	case key.Matches(msg, k.Backspace):
		if l.filter == "" {
			return listTyping
		}
		l.filter = dropLastGrapheme(l.filter)
		return listFiltered
	}
	if msg.Text == "" {
		return listTyping
	}
	l.filter += msg.Text
	return listFiltered
}

// dropLastGrapheme is s without its last grapheme cluster, so a
// backspace takes away a whole 👩‍👩‍👧 or é, as it was typed.
func dropLastGrapheme(s string) string {
	last := 0
	g := uniseg.NewGraphemes(s)
	for g.Next() {
		last, _ = g.Positions()
	}
	return s[:last]
}

func (l *listNav) moveTo(i int) {
	l.cursor = max(0, min(i, l.n-1))
}

// setLen says how many items are shown now; the cursor stays in range.
func (l *listNav) setLen(n int) {
	l.n = n
	l.moveTo(l.cursor)
}

// setPage records how many items the last drawing showed, the step of
// page up and page down.
func (l *listNav) setPage(n int) { l.page = max(1, n) }

// matches reports whether text holds the filter, ignoring case.
func (l *listNav) matches(text string) bool {
	return l.filter == "" || strings.Contains(strings.ToLower(text), strings.ToLower(l.filter))
}

// sync enables the bindings that can act now: active is whether the list
// has the keys at all, total how many items there are before filtering.
func (l *listNav) sync(active bool, total int) {
	k := &l.keys
	nav := active && !l.filtering && l.n > 0
	for _, b := range []*key.Binding{&k.Up, &k.Down, &k.First, &k.Last, &k.PageUp, &k.PageDown, &k.Open} {
		b.SetEnabled(nav)
	}
	k.Filter.SetEnabled(active && !l.filtering && total > 0)
	l.empty = active && !l.filtering && total == 0 && l.n == 0
	k.Clear.SetEnabled(active && !l.filtering && l.filter != "")
	typing := active && l.filtering
	for _, b := range []*key.Binding{&k.Keep, &k.Cancel, &k.FilterUp, &k.FilterDown} {
		b.SetEnabled(typing)
	}
	k.Backspace.SetEnabled(false) // never offered in the help: it is typing
}

// moveKeys are the bindings that move and filter, for a help column.
func (l *listNav) moveKeys() []key.Binding {
	k := l.keys
	return []key.Binding{k.Up, k.Down, k.First, k.Last, k.PageUp, k.PageDown, k.Filter, k.Clear, k.Keep, k.Cancel, k.FilterUp, k.FilterDown}
}

// writeFilterLine writes the line above a list while its filter is typed
// or kept, "/word  enter keeps · esc clears", and notes where the
// terminal's cursor goes (the end of the filter, see cursorer); it writes
// nothing when there is no filter.
func (l *listNav) writeFilterLine(b *strings.Builder, st *Styles, width int, m ansi.Method) {
	l.caret = caret{}
	switch {
	case l.filtering:
		text := printable(l.filter)
		line := st.Accent.Render("/") + text + " " +
			st.Subtle.Render(" "+l.keys.Keep.Help().Key+" keeps · "+l.keys.Cancel.Help().Key+" clears")
		l.caret = fieldCaret(b, 1+cellWidth(text, m), m)
		l.caret.x = min(l.caret.x, max(0, width-1))
		b.WriteString(fitWidth(line, width, m) + "\n")
	case l.filter != "":
		line := st.Accent.Render("/") + printable(l.filter) +
			st.Subtle.Render("  "+l.keys.Clear.Help().Key+" clears · "+l.keys.Filter.Help().Key+" changes")
		b.WriteString(fitWidth(line, width, m) + "\n")
	}
}

// filterCursor is the filter's insertion point while it is typed.
func (l *listNav) filterCursor() (x, y int, ok bool) {
	if !l.filtering {
		return 0, 0, false
	}
	return l.caret.x, l.caret.y, l.caret.ok
}

// window is the first item to draw so that the cursor shows, given the
// first item drawn before and how many items fit; it records the page.
func (l *listNav) window(top, visible int) int {
	visible = max(1, visible)
	l.setPage(visible)
	top = min(top, l.cursor)
	if l.cursor >= top+visible {
		top = l.cursor - visible + 1
	}
	return max(0, top)
}

// shownItems are the items of all whose text holds the list's filter,
// with the list's length set to theirs and its cursor on the item whose
// id is selID while that one is shown: what drafts and the queue show.
func shownItems[T any](l *listNav, all []T, text, id func(T) string, selID string) []T {
	var out []T
	for _, it := range all {
		if l.matches(text(it)) {
			out = append(out, it)
		}
	}
	l.setLen(len(out))
	for i, it := range out {
		if id(it) == selID {
			l.cursor = i
		}
	}
	return out
}
