package ui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/xpostdev/xpost/internal/human"
	"github.com/xpostdev/xpost/ui/draft"
)

// Messages of the drafts screen's commands.
type (
	draftsListMsg struct {
		list    []draft.Summary
		corrupt []draft.CorruptFile
		err     error
	}
	draftDeletedMsg struct {
		id  string
		err error
	}
)

// draftsKeys are the bindings of the drafts screen.
type draftsKeys struct {
	Up, Down, Open, New, Delete key.Binding
	Yes, No, Back               key.Binding
}

func newDraftsKeys(km KeyMap) draftsKeys {
	open := withDesc(km.Select, "open")
	del := withDesc(km.Remove, "delete")
	yes, no := km.confirmDelete()
	return draftsKeys{
		Up: km.Up, Down: km.Down, Open: open, Delete: del, Yes: yes, No: no, Back: km.Back,
		New: key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new draft")),
	}
}

// draftsScreen lists the drafts on disk: open one, start a new one, or
// delete one after a y/N. Files that could not be read are listed with a
// warning and where they were moved, so their text can be recovered.
type draftsScreen struct {
	env        *env
	store      *draft.Store
	keys       draftsKeys
	current    string // the draft open in the composer
	list       []draft.Summary
	corrupt    []draft.CorruptFile
	err        error
	loaded     bool
	cursor     int
	top        int
	confirming bool
	now        func() time.Time
}

func newDraftsScreenFor(e *env, req openRequest) (screen, tea.Cmd) {
	s := newDraftsScreen(e, draftStore(e))
	if req.Draft != nil {
		s.current = req.Draft.ID
	}
	return s, s.load()
}

func newDraftsScreen(e *env, store *draft.Store) *draftsScreen {
	s := &draftsScreen{env: e, store: store, keys: newDraftsKeys(e.keys), now: time.Now}
	s.syncKeys()
	return s
}

func (s *draftsScreen) load() tea.Cmd {
	store := s.store
	return func() tea.Msg {
		if store == nil {
			return draftsListMsg{err: errors.New("drafts are not kept in this session")}
		}
		list, err := store.List()
		var ce *draft.CorruptError
		if errors.As(err, &ce) {
			return draftsListMsg{list: list, corrupt: ce.Files}
		}
		return draftsListMsg{list: list, err: err}
	}
}

func (s *draftsScreen) syncKeys() {
	has := len(s.list) > 0
	s.keys.Up.SetEnabled(!s.confirming && has)
	s.keys.Down.SetEnabled(!s.confirming && has)
	s.keys.Open.SetEnabled(!s.confirming && has)
	sel, ok := s.selected()
	s.keys.Delete.SetEnabled(!s.confirming && ok && sel.ID != s.current)
	s.keys.New.SetEnabled(!s.confirming)
	s.keys.Back.SetEnabled(!s.confirming)
	s.keys.Yes.SetEnabled(s.confirming)
	s.keys.No.SetEnabled(s.confirming)
}

func (s *draftsScreen) selected() (draft.Summary, bool) {
	if s.cursor < 0 || s.cursor >= len(s.list) {
		return draft.Summary{}, false
	}
	return s.list[s.cursor], true
}

// Title names the screen in the header.
func (s *draftsScreen) Title() string { return "drafts" }

// Keys lists the bindings that apply now.
func (s *draftsScreen) Keys() []key.Binding {
	k := s.keys
	if s.confirming {
		return []key.Binding{k.Yes, k.No}
	}
	return []key.Binding{k.Open, k.New, k.Delete, k.Up, k.Down}
}

// Update handles one message.
func (s *draftsScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	cmd := s.update(msg)
	s.syncKeys()
	return s, cmd
}

func (s *draftsScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case draftsListMsg:
		s.loaded = true
		s.list, s.corrupt, s.err = msg.list, msg.corrupt, msg.err
		s.cursor = min(s.cursor, max(0, len(s.list)-1))
		for i, d := range s.list {
			if d.ID == s.current && s.cursor == 0 {
				s.cursor = i
			}
		}
	case draftDeletedMsg:
		if msg.err != nil {
			return status("could not delete the draft: "+msg.err.Error(), levelError)
		}
		for i, d := range s.list {
			if d.ID == msg.id {
				s.list = append(s.list[:i], s.list[i+1:]...)
				break
			}
		}
		s.cursor = min(s.cursor, max(0, len(s.list)-1))
		return status("Draft deleted.", levelInfo)
	case tea.KeyPressMsg:
		if s.confirming {
			s.confirming = false
			if key.Matches(msg, s.keys.Yes) {
				sel, _ := s.selected()
				store := s.store
				return func() tea.Msg { return draftDeletedMsg{id: sel.ID, err: store.Delete(sel.ID)} }
			}
			return status("Kept.", levelInfo)
		}
		k := s.keys
		switch {
		case key.Matches(msg, k.Back):
			return goBack
		case key.Matches(msg, k.Up):
			s.cursor = max(0, s.cursor-1)
		case key.Matches(msg, k.Down):
			s.cursor = min(len(s.list)-1, s.cursor+1)
		case key.Matches(msg, k.Open):
			if sel, ok := s.selected(); ok {
				if sel.ID == s.current {
					return goBack
				}
				return emit(openDraftMsg{ID: sel.ID})
			}
		case key.Matches(msg, k.New):
			return openNewDraft(s.env, draft.New(), "New draft.")
		case key.Matches(msg, k.Delete):
			s.confirming = true
		}
	}
	return nil
}

// View draws the list of drafts, newest first.
func (s *draftsScreen) View(width, height int) string {
	st := &s.env.styles
	var b strings.Builder
	for _, c := range s.corrupt {
		warn := fmt.Sprintf(iconProblem+" draft %s could not be read (%s); moved to %s", c.ID, c.Reason, c.MovedTo)
		b.WriteString(st.Warning.Render(lipgloss.NewStyle().Width(width).Render(warn)) + "\n")
	}
	if len(s.corrupt) > 0 {
		b.WriteString("\n")
	}
	switch {
	case s.err != nil:
		b.WriteString(st.Error.Render("could not list drafts: " + s.err.Error()))
		return b.String()
	case !s.loaded:
		b.WriteString(st.Subtle.Render("Reading drafts…"))
		return b.String()
	case len(s.list) == 0:
		b.WriteString(st.Subtle.Render("No drafts yet. n starts one."))
		return b.String()
	}
	if s.confirming {
		sel, _ := s.selected()
		b.WriteString(st.Error.Render("Delete this draft? It cannot be undone.") + "\n\n")
		b.WriteString("  " + truncate(titleOr(sel.Title), max(1, width-2), "…", s.env.method) + "\n")
		b.WriteString("  " + st.Subtle.Render(draftFacts(sel, s.now())) + "\n\n")
		b.WriteString(s.keys.Yes.Help().Key + " deletes · any other key keeps it")
		return b.String()
	}
	used := lipgloss.Height(b.String()) - 1
	visible := max(1, (height-used+1)/3)
	if s.cursor < s.top {
		s.top = s.cursor
	}
	if s.cursor >= s.top+visible {
		s.top = s.cursor - visible + 1
	}
	for i := s.top; i < len(s.list) && i < s.top+visible; i++ {
		d := s.list[i]
		marker := "  "
		if i == s.cursor {
			marker = st.Accent.Render("▌ ")
		}
		title := truncate(titleOr(d.Title), max(1, width-4), "…", s.env.method)
		if d.ID == s.current {
			title += st.Accent.Render(" (open)")
		}
		b.WriteString(marker + title + "\n")
		b.WriteString("  " + st.Subtle.Render(truncate(draftFacts(d, s.now()), max(1, width-2), "…", s.env.method)) + "\n\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// draftFacts is the second line of a draft in the list: size, state, age.
func draftFacts(d draft.Summary, now time.Time) string {
	posts := human.Count(d.Posts, "post", "posts")
	state := "draft"
	switch {
	case d.Schedule.Open():
		state = "queued for " + d.Schedule.At.Local().Format("Mon 2006-01-02 15:04") + " (alt+q)"
	case d.Posts > 0 && d.Posted == d.Posts:
		state = "published"
	case d.Posted > 0:
		state = fmt.Sprintf("%d of %d published: publish again to finish", d.Posted, d.Posts)
	}
	return fmt.Sprintf("%s · %s · edited %s", posts, state, relativeTime(d.Updated, now))
}
