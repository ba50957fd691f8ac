package ui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/xpostdev/xpost/internal/human"
	"github.com/xpostdev/xpost/internal/when"
	"github.com/xpostdev/xpost/outbox"
	"github.com/xpostdev/xpost/ui/draft"
)

// Messages of the queue screen's commands.
type (
	queueListMsg struct {
		items []outbox.Item
		err   error
	}
	queueChangedMsg struct {
		note string
		err  error
	}
)

// queueKeys are the bindings of the queue screen; the list's own
// (moving, filtering, enter to edit) are its listNav's.
type queueKeys struct {
	Cancel, Move key.Binding
	Apply, Back  key.Binding
}

func newQueueKeys(km KeyMap) queueKeys {
	apply := withDesc(km.Select, "queue for this time")
	return queueKeys{
		Back: km.Back, Apply: apply,
		Cancel: key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "out of the queue")),
		Move:   key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "move")),
	}
}

// queueScreen lists what is queued to be posted later (the outbox): edit
// an item in the composer, take it out of the queue (it stays a draft),
// or move it to another time, typed as `xpost post --at` takes it and
// echoed resolved before it is saved.
type queueScreen struct {
	// caret is the text field's insertion point, as View last drew it.
	caret  caret
	env    *env
	queue  *outbox.Queue
	keys   queueKeys
	nav    listNav
	all    []outbox.Item
	items  []outbox.Item // those shown: all, filtered
	err    error
	loaded bool
	top    int // first item drawn
	// moving is set while the time field is open.
	moving bool
	field  textinput.Model
	now    func() time.Time
	loc    *time.Location
}

func newQueueScreenFor(e *env, req openRequest) (screen, tea.Cmd) {
	var q *outbox.Queue
	if st := draftStore(e); st != nil {
		// A store of its own: the composer's holds the lock of the draft
		// it has open, which this screen must respect, not share.
		q = &outbox.Queue{Store: &draft.Store{Dir: st.Dir}}
	}
	s := &queueScreen{env: e, queue: q, keys: newQueueKeys(e.keys), nav: newListNav(e.keys, "edit"), now: time.Now, loc: time.Local}
	s.field = textinput.New()
	s.field.Prompt = "Post at: "
	s.field.SetVirtualCursor(false)
	s.field.Placeholder = "fri 18:30, tomorrow 9am, +2h, 2026-12-24 09:00"
	s.syncKeys()
	return s, s.load()
}

func (s *queueScreen) load() tea.Cmd {
	q := s.queue
	return func() tea.Msg {
		if q == nil {
			return queueListMsg{err: errors.New("drafts are not kept in this session, so nothing can be queued")}
		}
		items, err := q.List()
		return queueListMsg{items: items, err: err}
	}
}

func (s *queueScreen) syncKeys() {
	sel, ok := s.selected()
	open := ok && sel.State != draft.StatePosted && sel.State != draft.StatePosting
	s.nav.setLen(len(s.items))
	s.nav.sync(!s.moving, len(s.all))
	idle := !s.moving && !s.nav.filtering
	s.keys.Cancel.SetEnabled(idle && open)
	s.keys.Move.SetEnabled(idle && open)
	s.keys.Apply.SetEnabled(s.moving)
	s.keys.Back.SetEnabled(s.moving || !s.nav.filtering && s.nav.filter == "")
}

// reshape recomputes the items shown: those whose title holds the
// filter, keeping the selected one selected while it is shown.
func (s *queueScreen) reshape() {
	sel, _ := s.selected()
	s.items = shownItems(&s.nav, s.all, func(it outbox.Item) string { return it.Title },
		func(it outbox.Item) string { return it.ID }, sel.ID)
}

func (s *queueScreen) selected() (outbox.Item, bool) {
	if s.nav.cursor < 0 || s.nav.cursor >= len(s.items) {
		return outbox.Item{}, false
	}
	return s.items[s.nav.cursor], true
}

// Title names the screen in the header.
func (s *queueScreen) Title() string { return "queue" }

// Cursor is the time field's insertion point while an item is moved, or
// the end of the filter while it is typed.
func (s *queueScreen) Cursor() (x, y int, ok bool) {
	if s.nav.filtering {
		return s.nav.filterCursor()
	}
	return s.caret.x, s.caret.y, s.caret.ok
}

// Typing reports the time field's focus or the filter's, so that "?"
// types.
func (s *queueScreen) Typing() bool { return s.moving || s.nav.filtering }

// Keys lists the bindings that apply now.
func (s *queueScreen) Keys() []key.Binding {
	k := s.keys
	if s.moving {
		return []key.Binding{k.Apply, k.Back}
	}
	l := s.nav.keys
	return []key.Binding{l.Keep, l.Cancel, l.Open, k.Move, k.Cancel, l.Filter, l.Clear, l.Up, l.Down}
}

// HelpGroups groups the bindings for the full help.
func (s *queueScreen) HelpGroups() []helpGroup {
	k := s.keys
	return []helpGroup{
		{"list", s.nav.moveKeys()},
		{"queue", []key.Binding{s.nav.keys.Open, k.Move, k.Cancel}},
		{"move to a time", []key.Binding{k.Apply}},
	}
}

// Update handles one message.
func (s *queueScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	cmd := s.update(msg)
	s.syncKeys()
	return s, cmd
}

func (s *queueScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case queueListMsg:
		s.loaded = true
		s.all, s.err = msg.items, msg.err
		s.reshape()
	case queueChangedMsg:
		if msg.err != nil {
			return status(msg.err.Error(), levelError)
		}
		return tea.Batch(status(msg.note, levelInfo), s.load())
	case tea.KeyPressMsg:
		if s.moving {
			return s.updateMove(msg)
		}
		k := s.keys
		sel, ok := s.selected()
		switch s.nav.key(msg) {
		case listFiltered:
			s.reshape()
			return nil
		case listEmpty:
			return emptyListNote()
		case listOpen:
			switch {
			case !ok:
				return nil
			case sel.State == draft.StatePosted:
				return status("This one is on X already: recent posts ("+s.env.keys.Recent.Help().Key+" in the composer) show it.", levelWarn)
			case sel.State == draft.StatePosting:
				return status("This one is being posted now: it can be edited once it is out.", levelWarn)
			}
			return emit(openDraftMsg{ID: sel.ID, Note: "Editing a queued draft: it keeps its time (alt+q to move it)."})
		case listIgnored:
		default:
			return nil
		}
		switch {
		case key.Matches(msg, k.Back):
			return goBack
		case key.Matches(msg, k.Cancel) && ok:
			q := s.queue
			return func() tea.Msg {
				_, err := q.Cancel(sel.ID)
				return queueChangedMsg{note: "Out of the queue; it stays among the drafts (alt+d).", err: err}
			}
		case key.Matches(msg, k.Move) && ok:
			s.moving = true
			s.field.SetValue("")
			return s.field.Focus()
		}
	}
	return nil
}

func (s *queueScreen) updateMove(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, s.keys.Back):
		s.moving = false
		s.field.Blur()
		return nil
	case key.Matches(msg, s.keys.Apply):
		r, err := s.resolve()
		if err != nil {
			return status(err.Error(), levelError)
		}
		sel, _ := s.selected()
		s.moving = false
		s.field.Blur()
		q := s.queue
		zone := ""
		if n := r.Time.Location().String(); n != "Local" {
			zone = n
		}
		return func() tea.Msg {
			_, err := q.Move(sel.ID, r.Time, zone)
			return queueChangedMsg{note: "Queued for " + when.Format(r.Time) + ".", err: err}
		}
	}
	var cmd tea.Cmd
	s.field, cmd = s.field.Update(msg)
	return cmd
}

// resolve reads the time field as `xpost post --at` does.
func (s *queueScreen) resolve() (when.Result, error) {
	return when.ParseFuture(s.field.Value(), s.now(), s.loc)
}

// View draws the queue, by time.
func (s *queueScreen) View(width, height int) string {
	st := &s.env.styles
	var b strings.Builder
	s.caret = caret{}
	if s.err != nil {
		b.WriteString(st.Warning.Render(truncate(s.err.Error(), max(1, width), "…", s.env.method)) + "\n\n")
	}
	switch {
	case !s.loaded:
		return st.Subtle.Render("Reading the queue…")
	case len(s.all) == 0:
		b.WriteString(st.Subtle.Render(lipgloss.NewStyle().Width(max(1, width)).Render("Nothing is queued. " + s.env.keys.Later.Help().Key + " in the composer queues the draft for a time; in a shell, xpost post --at TIME or thread FILE --at TIME.")))
		return b.String()
	}
	if s.moving {
		sel, _ := s.selected()
		b.WriteString("  " + truncate(titleOr(sel.Title), max(1, width-2), "…", s.env.method) + "\n\n")
		s.field.SetWidth(max(10, width-12))
		if x, ok := inputColumn(&s.field, s.env.method); ok {
			s.caret = fieldCaret(&b, x, s.env.method)
		}
		b.WriteString(fitView(s.field.View(), s.env.method) + "\n")
		if strings.TrimSpace(s.field.Value()) != "" {
			r, err := s.resolve()
			line := ""
			switch {
			case err != nil:
				line = st.Error.Render(truncate(err.Error(), max(1, width-2), "…", s.env.method))
			default:
				line = st.Accent.Render("→ " + when.Format(r.Time))
				if r.Note != "" {
					line += "\n" + st.Subtle.Render(truncate(r.Note, max(1, width-2), "…", s.env.method))
				}
			}
			b.WriteString("  " + line + "\n")
		}
		return b.String()
	}
	s.nav.writeFilterLine(&b, st, width, s.env.method)
	if len(s.items) == 0 {
		b.WriteString(st.Subtle.Render(fmt.Sprintf("Nothing of the %d queued holds “%s”.", len(s.all), printable(s.nav.filter))))
		return b.String()
	}
	used := lipgloss.Height(b.String()) - 1
	visible := max(1, (height-used)/3)
	s.top = s.nav.window(s.top, visible)
	for i := s.top; i < len(s.items) && i < s.top+visible; i++ {
		it := s.items[i]
		marker := "  "
		if i == s.nav.cursor {
			marker = st.Accent.Render("▌ ")
		}
		head := it.At.In(s.loc).Format("Mon 2006-01-02 15:04 MST") + " · " + string(it.State) + " · " + titleOr(it.Title)
		b.WriteString(marker + truncate(head, max(1, width-2), "…", s.env.method) + "\n")
		b.WriteString("  " + st.Subtle.Render(truncate(queueFacts(it, s.loc), max(1, width-2), "…", s.env.method)) + "\n\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// queueFacts is the second line of an item: size, then its link or why
// it waits.
func queueFacts(it outbox.Item, loc *time.Location) string {
	s := human.Count(it.Posts, "post", "posts")
	if it.Media > 0 {
		s += fmt.Sprintf(", %d media", it.Media)
	}
	switch {
	case it.State == draft.StatePosted:
		s += " · " + it.Link
	case it.State == draft.StateRetrying:
		s += " · next try " + it.NextTry.In(loc).Format("15:04") + ": " + it.Reason
	case it.State == draft.StateHeld && !it.NextTry.IsZero():
		s += " · held until " + it.NextTry.In(loc).Format("Mon 15:04") + ": " + it.Reason
	case it.Reason != "":
		s += " · " + it.Reason
	}
	return s
}
