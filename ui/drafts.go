package ui

import (
	"errors"
	"fmt"
	"slices"
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

// draftsKeys are the bindings of the drafts screen; the list's own
// (moving, filtering, enter to open) are its listNav's.
type draftsKeys struct {
	New, Delete   key.Binding
	Yes, No, Back key.Binding
}

func newDraftsKeys(km KeyMap) draftsKeys {
	del := withDesc(km.Remove, "delete")
	yes, no := km.confirmDelete()
	return draftsKeys{
		Delete: del, Yes: yes, No: no, Back: km.Back,
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
	nav        listNav
	current    string // the draft open in the composer
	all        []draft.Summary
	list       []draft.Summary // those shown: all, filtered
	corrupt    []draft.CorruptFile
	err        error
	loaded     bool
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
	s := &draftsScreen{env: e, store: store, keys: newDraftsKeys(e.keys), nav: newListNav(e.keys, "open"), now: time.Now}
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
	s.nav.setLen(len(s.list))
	s.nav.sync(!s.confirming, len(s.all))
	idle := !s.confirming && !s.nav.filtering
	sel, ok := s.selected()
	s.keys.Delete.SetEnabled(idle && ok && sel.ID != s.current)
	s.keys.New.SetEnabled(idle)
	s.keys.Back.SetEnabled(idle && s.nav.filter == "")
	s.keys.Yes.SetEnabled(s.confirming)
	s.keys.No.SetEnabled(s.confirming)
}

func (s *draftsScreen) selected() (draft.Summary, bool) {
	if s.nav.cursor < 0 || s.nav.cursor >= len(s.list) {
		return draft.Summary{}, false
	}
	return s.list[s.nav.cursor], true
}

// reshape recomputes the drafts shown: those whose title holds the
// filter, keeping the selected one selected while it is shown.
func (s *draftsScreen) reshape() {
	sel, _ := s.selected()
	s.list = shownItems(&s.nav, s.all, func(d draft.Summary) string { return d.Title },
		func(d draft.Summary) string { return d.ID }, sel.ID)
}

// Typing reports that keys are text for the filter, not commands.
func (s *draftsScreen) Typing() bool { return s.nav.filtering }

// Cursor is the end of the filter while it is typed.
func (s *draftsScreen) Cursor() (x, y int, ok bool) { return s.nav.filterCursor() }

// Title names the screen in the header.
func (s *draftsScreen) Title() string { return "drafts" }

// Keys lists the bindings that apply now.
func (s *draftsScreen) Keys() []key.Binding {
	k := s.keys
	if s.confirming {
		return []key.Binding{k.Yes, k.No}
	}
	l := s.nav.keys
	return []key.Binding{l.Keep, l.Cancel, l.Open, k.New, k.Delete, l.Filter, l.Clear, l.Up, l.Down}
}

// HelpGroups groups the bindings for the full help.
func (s *draftsScreen) HelpGroups() []helpGroup {
	k := s.keys
	return []helpGroup{
		{"list", s.nav.moveKeys()},
		{"drafts", []key.Binding{s.nav.keys.Open, k.New, k.Delete}},
		{"delete?", []key.Binding{k.Yes, k.No}},
	}
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
		first := !s.loaded
		s.loaded = true
		s.all, s.corrupt, s.err = msg.list, msg.corrupt, msg.err
		s.reshape()
		for i, d := range s.list {
			if first && d.ID == s.current {
				s.nav.cursor = i
			}
		}
	case draftDeletedMsg:
		if msg.err != nil {
			return status("could not delete the draft: "+msg.err.Error(), levelError)
		}
		for i, d := range s.all {
			if d.ID == msg.id {
				s.all = append(s.all[:i:i], s.all[i+1:]...)
				break
			}
		}
		s.reshape()
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
		switch s.nav.key(msg) {
		case listFiltered:
			s.reshape()
			return nil
		case listEmpty:
			return emptyListNote()
		case listOpen:
			if sel, ok := s.selected(); ok {
				if sel.ID == s.current {
					return goBack
				}
				return emit(openDraftMsg{ID: sel.ID})
			}
			return nil
		case listIgnored:
		default:
			return nil
		}
		k := s.keys
		switch {
		case key.Matches(msg, k.Back):
			return goBack
		case key.Matches(msg, k.New):
			return openNewDraft(s.env, draft.New(), "New draft.")
		case key.Matches(msg, k.Delete):
			s.confirming = true
		case slices.Contains(k.Delete.Keys(), msg.String()):
			if sel, ok := s.selected(); ok && sel.ID == s.current {
				return status("This draft is open in the composer, so it is not deleted here: start another ("+k.New.Help().Key+"), then delete this one.", levelInfo)
			}
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
	case len(s.all) == 0:
		b.WriteString(st.Subtle.Render("No drafts yet. " + s.keys.New.Help().Key + " starts one."))
		return b.String()
	}
	if !s.confirming {
		s.nav.writeFilterLine(&b, st, width, s.env.method)
	}
	if len(s.list) == 0 {
		b.WriteString(st.Subtle.Render(fmt.Sprintf("No draft of the %d holds “%s”.", len(s.all), printable(s.nav.filter))))
		return b.String()
	}
	if s.confirming {
		sel, _ := s.selected()
		q, hint := s.env.yesNo("Delete this draft? It cannot be undone.", s.keys.Yes, "deletes")
		b.WriteString(st.Error.Render(q) + "\n\n")
		b.WriteString("  " + truncate(titleOr(sel.Title), max(1, width-2), "…", s.env.method) + "\n")
		b.WriteString("  " + st.Subtle.Render(draftFacts(sel, s.now())) + "\n\n")
		b.WriteString(hint)
		return b.String()
	}
	used := lipgloss.Height(b.String()) - 1
	visible := max(1, (height-used+1)/3)
	s.top = s.nav.window(s.top, visible)
	for i := s.top; i < len(s.list) && i < s.top+visible; i++ {
		d := s.list[i]
		marker := "  "
		if i == s.nav.cursor {
			marker = st.Accent.Render("▌ ")
		}
		// The mark on the open draft keeps its room: the title gives way.
		mark := ""
		if d.ID == s.current {
			mark = " (open)"
		}
		title := truncate(titleOr(d.Title), max(1, width-2-len(mark)), "…", s.env.method)
		if mark != "" {
			title += st.Accent.Render(mark)
		}
		b.WriteString(marker + title + "\n")
		facts := draftFacts(d, s.now())
		if a := s.env.account; a != nil && d.Account != "" && d.Account != a.Login {
			// Opening it switches the composer to that account.
			facts = "for " + d.Account + " · " + facts
		}
		b.WriteString("  " + st.Subtle.Render(truncate(facts, max(1, width-2), "…", s.env.method)) + "\n\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// draftFacts is the second line of a draft in the list: who wrote it
// when it was not the user (an AI assistant, through xpost mcp: first, so
// a narrow window keeps it), size, state, age.
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
	facts := fmt.Sprintf("%s · %s · edited %s", posts, state, relativeTime(d.Updated, now))
	if d.Origin == draft.OriginAssistant {
		facts = "from the assistant · " + facts
	}
	return facts
}
