package ui

import (
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

// draftScheduledMsg is the schedule screen's result: the composer gives
// the draft this schedule, points its media at the queue's copies, saves
// it and starts a new draft, so the runner can take it.
type draftScheduledMsg struct {
	Schedule draft.Schedule
	// Media maps an attachment's path to the queue's copy of it.
	Media map[string]string
}

// scheduleCopiedMsg reports the copies made for the queue, or why not.
type scheduleCopiedMsg struct {
	at    when.Result
	media map[string]string
	err   error
}

// scheduleKeys are the bindings of the schedule screen.
type scheduleKeys struct{ Queue, Back key.Binding }

// scheduleScreen asks when to post the draft instead of now: a time typed
// as `xpost post --at` takes it, echoed resolved (date, time, zone) as it
// is typed. The draft's checks run first; a draft with problems cannot be
// queued, as it could not be published. It is opened from the publish
// confirmation (s) or from the composer (alt+l).
type scheduleScreen struct {
	// caret is the text field's insertion point, as View last drew it.
	caret    caret
	env      *env
	d        *draft.Draft
	problems []draft.Problem
	field    textinput.Model
	keys     scheduleKeys
	busy     bool
	err      error
	now      func() time.Time
	loc      *time.Location
}

func newScheduleScreenFor(e *env, req openRequest) (screen, tea.Cmd) {
	d := req.Draft
	if d == nil {
		d = draft.New()
	}
	s := &scheduleScreen{env: e, d: d, now: time.Now, loc: time.Local}
	s.problems = d.Validate(draft.LimitConfig(e.Limit()))
	s.keys = scheduleKeys{
		Queue: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "queue for this time")),
		Back:  e.keys.Back,
	}
	s.field = textinput.New()
	s.field.Prompt = "Post at: "
	s.field.SetVirtualCursor(false)
	s.field.Placeholder = "fri 18:30, tomorrow 9am, +2h, 2026-12-24 09:00"
	s.syncKeys()
	return s, s.field.Focus()
}

func (s *scheduleScreen) syncKeys() {
	s.keys.Queue.SetEnabled(!s.busy && len(s.problems) == 0 && draftStore(s.env) != nil)
}

// Title names the screen in the header.
func (s *scheduleScreen) Title() string { return "post later" }

// Cursor is the time field's insertion point.
func (s *scheduleScreen) Cursor() (x, y int, ok bool) { return s.caret.x, s.caret.y, s.caret.ok }

// Typing reports that the time field has the keys.
func (s *scheduleScreen) Typing() bool { return true }

// Keys lists the bindings that apply now.
func (s *scheduleScreen) Keys() []key.Binding { return []key.Binding{s.keys.Queue, s.keys.Back} }

// Update handles one message.
func (s *scheduleScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	cmd := s.update(msg)
	s.syncKeys()
	return s, cmd
}

func (s *scheduleScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case scheduleCopiedMsg:
		s.busy = false
		if msg.err != nil {
			s.err = msg.err
			return nil
		}
		sc := draft.Schedule{At: msg.at.Time, State: draft.StateWaiting, Late: draft.LateHold}
		if n := msg.at.Time.Location().String(); n != "Local" {
			sc.Zone = n
		}
		return emit(draftScheduledMsg{Schedule: sc, Media: msg.media})
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, s.keys.Back):
			return goBack
		case key.Matches(msg, s.keys.Queue):
			r, err := s.resolve()
			if err != nil {
				s.err = err
				return nil
			}
			s.busy, s.err = true, nil
			return s.copyMedia(r)
		}
	}
	s.err = nil
	var cmd tea.Cmd
	s.field, cmd = s.field.Update(msg)
	return cmd
}

// copyMedia copies the draft's files into the queue's media folder, so
// the files posted are the ones queued.
func (s *scheduleScreen) copyMedia(r when.Result) tea.Cmd {
	q := &outbox.Queue{Store: &draft.Store{Dir: draftStore(s.env).Dir}}
	d := s.d.Clone()
	return func() tea.Msg {
		media, err := q.CopyMedia(d)
		return scheduleCopiedMsg{at: r, media: media, err: err}
	}
}

// resolve reads the time field as `xpost post --at` does.
func (s *scheduleScreen) resolve() (when.Result, error) {
	return when.ParseFuture(s.field.Value(), s.now(), s.loc)
}

// View draws the draft in one line, the time field and its echo.
func (s *scheduleScreen) View(width, height int) string {
	st := &s.env.styles
	wrap := lipgloss.NewStyle().Width(max(1, width))
	var b strings.Builder
	s.caret = caret{}
	title := titleOr(s.d.Summary().Title)
	b.WriteString(truncate(title, max(1, width), "…", s.env.method) + "\n")
	b.WriteString(st.Subtle.Render(truncate(human.Count(len(s.d.Posts), "post", "posts"), max(1, width), "…", s.env.method)) + "\n\n")
	switch {
	case draftStore(s.env) == nil:
		b.WriteString(st.Warning.Render(wrap.Render("Drafts are not kept in this session, so nothing can be queued.")))
		return b.String()
	case len(s.problems) > 0:
		b.WriteString(st.Error.Render(wrap.Render(fmt.Sprintf("%s to fix before this can be queued:", human.Count(len(s.problems), "problem", "problems")))) + "\n")
		for _, p := range s.problems {
			b.WriteString(bulleted(p.String(), width, s.env.method) + "\n")
		}
		return strings.TrimRight(b.String(), "\n")
	}
	s.field.SetWidth(max(10, width-12))
	if x, ok := inputColumn(&s.field, s.env.method); ok {
		s.caret = fieldCaret(&b, x, s.env.method)
	}
	b.WriteString(fitView(s.field.View(), s.env.method) + "\n")
	switch {
	case s.err != nil:
		b.WriteString(st.Error.Render(wrap.Render(s.err.Error())) + "\n")
	case s.busy:
		b.WriteString(st.Subtle.Render("Queueing…") + "\n")
	case strings.TrimSpace(s.field.Value()) != "":
		r, err := s.resolve()
		if err != nil {
			b.WriteString(st.Error.Render(wrap.Render(err.Error())) + "\n")
		} else {
			b.WriteString(st.Accent.Render(truncate("→ "+when.Format(r.Time), max(1, width), "…", s.env.method)) + "\n")
			if r.Note != "" {
				b.WriteString(st.Subtle.Render(wrap.Render(r.Note)) + "\n")
			}
		}
	}
	b.WriteString("\n" + st.Subtle.Render(wrap.Render("A runner posts it at its time (xpost queue install sets one up); alt+q lists the queue.")))
	return b.String()
}
