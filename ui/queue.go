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

// queueKeys are the bindings of the queue screen.
type queueKeys struct {
	Up, Down, Open, Cancel, Move key.Binding
	Apply, Back                  key.Binding
}

func newQueueKeys(km KeyMap) queueKeys {
	open := km.Select
	open.SetHelp("enter", "edit")
	apply := km.Select
	apply.SetHelp("enter", "queue for this time")
	return queueKeys{
		Up: km.Up, Down: km.Down, Open: open, Back: km.Back, Apply: apply,
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
	items  []outbox.Item
	err    error
	loaded bool
	cursor int
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
	s := &queueScreen{env: e, queue: q, keys: newQueueKeys(e.keys), now: time.Now, loc: time.Local}
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
	s.keys.Up.SetEnabled(!s.moving && len(s.items) > 0)
	s.keys.Down.SetEnabled(!s.moving && len(s.items) > 0)
	s.keys.Open.SetEnabled(!s.moving && open)
	s.keys.Cancel.SetEnabled(!s.moving && open)
	s.keys.Move.SetEnabled(!s.moving && open)
	s.keys.Apply.SetEnabled(s.moving)
	s.keys.Back.SetEnabled(true)
}

func (s *queueScreen) selected() (outbox.Item, bool) {
	if s.cursor < 0 || s.cursor >= len(s.items) {
		return outbox.Item{}, false
	}
	return s.items[s.cursor], true
}

// Title names the screen in the header.
func (s *queueScreen) Title() string { return "queue" }

// Cursor is the time field's insertion point while an item is moved.
func (s *queueScreen) Cursor() (x, y int, ok bool) { return s.caret.x, s.caret.y, s.caret.ok }

// Typing reports the time field's focus, so that "?" types.
func (s *queueScreen) Typing() bool { return s.moving }

// Keys lists the bindings that apply now.
func (s *queueScreen) Keys() []key.Binding {
	k := s.keys
	if s.moving {
		return []key.Binding{k.Apply, k.Back}
	}
	return []key.Binding{k.Open, k.Move, k.Cancel, k.Up, k.Down}
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
		s.items, s.err = msg.items, msg.err
		s.cursor = min(s.cursor, max(0, len(s.items)-1))
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
		switch {
		case key.Matches(msg, k.Back):
			return goBack
		case key.Matches(msg, k.Up):
			s.cursor = max(0, s.cursor-1)
		case key.Matches(msg, k.Down):
			s.cursor = min(len(s.items)-1, s.cursor+1)
		case key.Matches(msg, k.Open) && ok:
			return emit(openDraftMsg{ID: sel.ID, Note: "Editing a queued draft: it keeps its time (alt+q to move it)."})
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
	case len(s.items) == 0:
		b.WriteString(st.Subtle.Render(lipgloss.NewStyle().Width(max(1, width)).Render("Nothing is queued. xpost post --at TIME or thread FILE --at TIME queue a post or a thread.")))
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
	visible := max(1, (height-1)/3)
	top := max(0, s.cursor-visible+1)
	for i := top; i < len(s.items) && i < top+visible; i++ {
		it := s.items[i]
		marker := "  "
		if i == s.cursor {
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
	case it.Reason != "":
		s += " · " + it.Reason
	}
	return s
}
