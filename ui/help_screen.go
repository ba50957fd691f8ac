package ui

// The full help: every binding of the screen on top, in titled groups,
// drawn in place of the screen (ctrl+g or f1 anywhere, ? where nothing is
// typed). It is generated from the same bindings the screen matches, so
// it can neither miss a key nor offer one that is switched off. It takes
// the keys while it is open: the list keys scroll it when it is taller
// than the window, esc (or the key that opened it) closes it, and any
// other key says how to close it.

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// helpGroup is a titled group of bindings in the full help.
type helpGroup struct {
	title string
	keys  []key.Binding
}

// helpGrouper is implemented by screens that title the groups of their
// full help; others get their FullKeys (or Keys) as untitled groups.
type helpGrouper interface {
	HelpGroups() []helpGroup
}

// helpGroups are the groups the full help shows now: the screen's enabled
// bindings, then those that work everywhere.
func (m Model) helpGroups() []helpGroup {
	hk := m.helpKeys()
	return append(m.screenHelpGroups(), helpGroup{title: "everywhere", keys: enabled(hk.global)})
}

// screenHelpGroups are the groups of the screen on top, without the
// bindings that are switched off: its HelpGroups, else its FullKeys, else
// its Keys, named after the screen.
func (m Model) screenHelpGroups() []helpGroup {
	top := m.top()
	name := screenCompose.String()
	if t, ok := top.(titler); ok {
		name = t.Title()
	}
	var groups []helpGroup
	switch s := top.(type) {
	case helpGrouper:
		groups = s.HelpGroups()
	case fullHelper:
		// Columns without titles make one group, named after the
		// screen.
		var all []key.Binding
		for _, col := range s.FullKeys() {
			all = append(all, col...)
		}
		groups = []helpGroup{{keys: all}}
	default:
		groups = []helpGroup{{keys: top.Keys()}}
	}
	out := make([]helpGroup, 0, len(groups))
	for _, g := range groups {
		if g.keys = enabled(g.keys); len(g.keys) > 0 {
			if g.title == "" {
				g.title = name
			}
			out = append(out, g)
		}
	}
	return out
}

// helpScroll is how far the full help is scrolled, shared by the copies
// of Model: View clamps it to what it drew.
type helpScroll struct {
	top     int  // first row shown
	page    int  // rows shown, the step of pgup/pgdown
	scrolls bool // the help is taller than the window
}

// helpScreenKeys are the keys of the open full help.
type helpScreenKeys struct {
	Close, Scroll key.Binding
}

func (m Model) helpScreenKeys() helpScreenKeys {
	k := &m.env.keys
	closeKeys := append(append(append([]string{}, k.Back.Keys()...), k.Help.Keys()...), k.HelpChar.Keys()...)
	return helpScreenKeys{
		Close:  key.NewBinding(key.WithKeys(closeKeys...), key.WithHelp(k.Back.Help().Key+"/"+k.HelpChar.Help().Key, "close help")),
		Scroll: key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "scroll")),
	}
}

// helpKey handles a key while the full help is open.
func (m Model) helpKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := &m.env.keys
	hk := m.helpScreenKeys()
	page := max(1, m.hs.page)
	switch {
	case key.Matches(msg, hk.Close):
		m.fullHelp, m.hs.top = false, 0
		return m, nil
	case key.Matches(msg, k.Up):
		m.hs.top--
	case key.Matches(msg, k.Down):
		m.hs.top++
	case key.Matches(msg, k.PageUp):
		m.hs.top -= page
	case key.Matches(msg, k.PageDown):
		m.hs.top += page
	case key.Matches(msg, k.First):
		m.hs.top = 0
	case key.Matches(msg, k.Last):
		m.hs.top = 1 << 20 // clamped when drawn
	default:
		return m, status(hk.Close.Help().Key+" closes the help", levelInfo)
	}
	m.hs.top = max(0, m.hs.top)
	return m, nil
}

// helpLine is the one-line help while the full help is open.
func (m Model) helpLine(width int) string {
	hk := m.helpScreenKeys()
	keys := []key.Binding{hk.Close}
	if m.hs.scrolls {
		keys = append(keys, hk.Scroll)
	}
	keys = append(keys, m.env.keys.Quit)
	h := *m.help
	h.SetWidth(width)
	return h.ShortHelpView(keys)
}

// helpGap is the room between two columns of the full help.
const helpGap = 3

// helpBlocks lays each group out as lines: a title, then one line a
// binding ("ctrl+n new post", keys aligned in the group). It returns the
// blocks and the widest line.
func (m Model) helpBlocks(groups []helpGroup) (blocks [][]string, widest int) {
	st := &m.env.styles
	meth := m.env.method
	for _, g := range groups {
		title := g.title
		lines := []string{st.Accent.Render(title)}
		widest = max(widest, cellWidth(title, meth))
		keyW := 0
		for _, b := range g.keys {
			keyW = max(keyW, cellWidth(b.Help().Key, meth))
		}
		for _, b := range g.keys {
			h := b.Help()
			pad := strings.Repeat(" ", keyW-cellWidth(h.Key, meth))
			line := st.Help.FullKey.Render(h.Key) + pad + " " + st.Help.FullDesc.Render(h.Desc)
			widest = max(widest, keyW+1+cellWidth(h.Desc, meth))
			lines = append(lines, line)
		}
		blocks = append(blocks, lines)
	}
	return blocks, widest
}

// packHelp stacks the blocks into at most cols columns, whole and in
// order, a blank line between two blocks of a column, as short as that
// allows; a block taller than any column fits stays whole in its own.
func packHelp(blocks [][]string, cols int) [][]string {
	total, tallest := 0, 0
	for _, b := range blocks {
		total += len(b) + 1
		tallest = max(tallest, len(b))
	}
	for rows := max(tallest, (total+cols-1)/cols); ; rows++ {
		var columns [][]string
		var col []string
		for _, b := range blocks {
			switch {
			case len(col) == 0:
				col = append(col, b...)
			case len(col)+1+len(b) <= rows:
				col = append(append(col, ""), b...)
			default:
				columns = append(columns, col)
				col = append([]string{}, b...)
			}
		}
		if len(col) > 0 {
			columns = append(columns, col)
		}
		if len(columns) <= cols {
			return columns
		}
	}
}

// helpScreen draws the full help into width×height cells: the lines in
// as many columns as fit, each as short as the columns allow; taller than
// height, it shows the rows from helpTop on, and its last line says how
// far it goes.
func (m Model) helpScreen(width, height int) string {
	blocks, colW := m.helpBlocks(m.helpGroups())
	colW = min(colW, width)
	columns := packHelp(blocks, max(1, (width+helpGap)/(colW+helpGap)))
	rows := 0
	for _, c := range columns {
		rows = max(rows, len(c))
	}
	grid := make([]string, rows)
	meth := m.env.method
	for r := range rows {
		var b strings.Builder
		for c, col := range columns {
			cell := ""
			if r < len(col) {
				cell = col[r]
			}
			if c < len(columns)-1 {
				cell = fitWidth(cell, colW, meth)
				cell += strings.Repeat(" ", max(0, colW-cellWidth(cell, meth))+helpGap)
			}
			b.WriteString(cell)
		}
		grid[r] = b.String()
	}
	m.hs.scrolls = rows > height
	if !m.hs.scrolls {
		m.hs.top = 0
		return strings.Join(grid, "\n")
	}
	room := max(1, height-1)
	m.hs.page = room
	top := min(m.hs.top, rows-room)
	m.hs.top = top
	shown := append(grid[top:top+room:top+room], m.env.styles.Subtle.Render(
		"lines "+strconv.Itoa(top+1)+"–"+strconv.Itoa(top+room)+" of "+strconv.Itoa(rows)+" · ↑/↓ pgup/pgdown scroll"))
	return strings.Join(shown, "\n")
}
