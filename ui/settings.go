package ui

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/xpostdev/xpost/ui/draft"
	"github.com/xpostdev/xpost/xapi/rules"
)

// What the first post of a thread refers to.
const (
	refNone = iota
	refReply
	refQuote
	refKinds
)

var refLabels = [refKinds]string{"nothing", "reply to", "quote"}

// The rows of the settings form.
const (
	rowRef = iota
	rowID
	rowWho
	rowPaid
	rowNumbering
	settingsRows
)

// settingsKeys are the settings form's bindings.
type settingsKeys struct {
	Next, Prev, Left, Right, Toggle, Pick, Save, Back key.Binding
}

func newSettingsKeys(km KeyMap) settingsKeys {
	next, prev, back := km.formNav("next", "previous")
	return settingsKeys{
		Next:   next,
		Prev:   prev,
		Left:   key.NewBinding(key.WithKeys("left"), key.WithHelp("←/→", "change")),
		Right:  key.NewBinding(key.WithKeys("right")),
		Toggle: key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "toggle")),
		Pick:   key.NewBinding(key.WithKeys("ctrl+l"), key.WithHelp("ctrl+l", "pick from my posts")),
		Save:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "save")),
		Back:   back,
	}
}

// settingsScreen sets what applies to the whole thread: the post the first
// part replies to or quotes (typed, pasted as a link, or picked from the
// account's recent posts), who may reply, the paid-partnership label and
// 1/n numbering. A reply and a quote exclude each other, as X wants.
type settingsScreen struct {
	// caret is the text field's insertion point, as View last drew it.
	caret     caret
	env       *env
	keys      settingsKeys
	focus     int
	ref       int
	id        textinput.Model
	who       int // index into draft.ReplySettings
	paid      bool
	numbering bool
	err       string
	// picker is the account's posts while one is being picked.
	picker *postList
	// picked is the post last picked there, shown beside its id so the
	// id says something; editing the id leaves it behind.
	picked Post
	// now is the picker's clock; tests fix it.
	now func() time.Time
}

func newSettingsScreenFor(e *env, req openRequest) (screen, tea.Cmd) {
	d := req.Draft
	if d == nil {
		d = draft.New()
	}
	s := newSettingsScreen(e, d)
	return s, s.setFocus(rowRef)
}

func newSettingsScreen(e *env, d *draft.Draft) *settingsScreen {
	s := &settingsScreen{env: e, keys: newSettingsKeys(e.keys), paid: d.PaidPartnership, numbering: d.Numbering, now: time.Now}
	s.id = textinput.New()
	s.id.Prompt = ""
	s.id.SetVirtualCursor(false)
	s.id.Placeholder = "post id or link"
	s.id.CharLimit = 200
	s.id.SetWidth(40)
	switch {
	case d.ReplyTo != "":
		s.ref = refReply
		s.id.SetValue(d.ReplyTo)
	case d.Quote != "":
		s.ref = refQuote
		s.id.SetValue(d.Quote)
	}
	for i, v := range draft.ReplySettings {
		if v == d.ReplySettings {
			s.who = i
		}
	}
	s.syncKeys()
	return s
}

func (s *settingsScreen) rowShown(r int) bool { return r != rowID || s.ref != refNone }

func (s *settingsScreen) setFocus(r int) tea.Cmd {
	s.focus = r
	s.id.Blur()
	s.syncKeys()
	if r == rowID {
		return s.id.Focus()
	}
	return nil
}

func (s *settingsScreen) move(delta int) tea.Cmd {
	r := s.focus
	for {
		r = (r + delta + settingsRows) % settingsRows
		if s.rowShown(r) {
			return s.setFocus(r)
		}
	}
}

func (s *settingsScreen) syncKeys() {
	chooser := s.focus == rowRef || s.focus == rowWho
	s.keys.Left.SetEnabled(chooser)
	s.keys.Right.SetEnabled(chooser)
	s.keys.Toggle.SetEnabled(s.focus == rowPaid || s.focus == rowNumbering)
	s.keys.Pick.SetEnabled(s.ref != refNone)
	if s.picker != nil {
		s.picker.syncNav(true, false)
	}
}

// Title names the screen in the header.
func (s *settingsScreen) Title() string {
	if s.picker != nil {
		return "pick a post"
	}
	return "reply & quote"
}

// Cursor is the id field's insertion point, or the end of the picker's
// filter while it is typed.
func (s *settingsScreen) Cursor() (x, y int, ok bool) {
	if s.picker != nil {
		return s.picker.list.filterCursor()
	}
	return s.caret.x, s.caret.y, s.caret.ok
}

// Typing is true while the id field has the keys.
func (s *settingsScreen) Typing() bool {
	if s.picker != nil {
		return s.picker.list.filtering
	}
	return s.focus == rowID
}

// Keys lists the bindings that apply now.
func (s *settingsScreen) Keys() []key.Binding {
	if p := s.picker; p != nil {
		l := p.list.keys
		return []key.Binding{l.Keep, l.Cancel, l.Open, l.Filter, l.Clear, p.nav.NextPage, p.nav.Refresh}
	}
	k := s.keys
	return []key.Binding{k.Save, k.Next, k.Left, k.Toggle, k.Pick, k.Back}
}

// HelpGroups groups the bindings for the full help: the form's, or the
// picker's while a post is picked.
func (s *settingsScreen) HelpGroups() []helpGroup {
	if p := s.picker; p != nil {
		return []helpGroup{
			{"pick a post", []key.Binding{p.list.keys.Open, p.nav.NextPage, p.nav.Refresh}},
			{"list", p.list.moveKeys()},
		}
	}
	k := s.keys
	return []helpGroup{{"reply & quote", []key.Binding{k.Save, k.Next, k.Prev, k.Left, k.Toggle, k.Pick, k.Back}}}
}

// Update handles one message.
func (s *settingsScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	if s.picker != nil {
		cmd := s.updatePicker(msg)
		s.syncKeys()
		return s, cmd
	}
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		var cmd tea.Cmd
		s.id, cmd = s.id.Update(msg)
		return s, cmd
	}
	k := s.keys
	switch {
	case key.Matches(km, k.Back):
		return s, goBack
	case key.Matches(km, k.Save):
		return s, s.save()
	case key.Matches(km, k.Next):
		return s, s.move(1)
	case key.Matches(km, k.Prev):
		return s, s.move(-1)
	case key.Matches(km, k.Pick):
		p := newPostList(s.env, "pick")
		p.now = s.now
		s.picker = &p
		cmd := s.picker.load(false)
		s.syncKeys()
		return s, cmd
	case key.Matches(km, k.Left), key.Matches(km, k.Right):
		d := 1
		if key.Matches(km, k.Left) {
			d = -1
		}
		s.err = ""
		if s.focus == rowRef {
			s.ref = (s.ref + d + refKinds) % refKinds
		} else {
			s.who = (s.who + d + len(draft.ReplySettings)) % len(draft.ReplySettings)
		}
		s.syncKeys()
		return s, nil
	case key.Matches(km, k.Toggle):
		if s.focus == rowPaid {
			s.paid = !s.paid
		} else {
			s.numbering = !s.numbering
		}
		return s, nil
	}
	if s.focus == rowID {
		var cmd tea.Cmd
		s.id, cmd = s.id.Update(msg)
		s.err = ""
		return s, cmd
	}
	if km.Text != "" && km.Mod&(tea.ModCtrl|tea.ModAlt) == 0 {
		return s, s.typedOnChoice()
	}
	return s, nil
}

// typedOnChoice says how the focused line changes when a character is
// typed on it: nothing is typed there, and a key that does nothing
// without a word looks broken.
func (s *settingsScreen) typedOnChoice() tea.Cmd {
	k := s.keys
	switch s.focus {
	case rowRef:
		return status("Choose with "+k.Left.Help().Key+": reply to or quote, then type the post's id or link on the line below.", levelInfo)
	case rowWho:
		return status("Choose who can reply with "+k.Left.Help().Key+".", levelInfo)
	}
	return status("Press "+k.Toggle.Help().Key+" to switch this on or off.", levelInfo)
}

// updatePicker hands msg to the post list; esc there comes back here
// instead of leaving the settings.
func (s *settingsScreen) updatePicker(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case recentPageMsg:
		return s.picker.gotPage(msg)
	case tea.KeyPressMsg:
		cmd, act := s.picker.navKey(msg)
		switch act {
		case listOpen:
			if p, ok := s.picker.selected(); ok {
				return s.takePicked(p)
			}
			return nil
		case listIgnored:
			if key.Matches(msg, s.keys.Back) {
				s.picker = nil
				return s.setFocus(rowID)
			}
			return nil
		}
		return cmd
	}
	return nil
}

// takePicked takes the post chosen in the picker.
func (s *settingsScreen) takePicked(p Post) tea.Cmd {
	s.picker = nil
	s.picked = p
	s.id.SetValue(p.ID)
	s.id.CursorEnd()
	s.err = ""
	return s.setFocus(rowID)
}

func (s *settingsScreen) save() tea.Cmd {
	var id string
	if s.ref != refNone {
		v, err := rules.ParsePostRef(s.id.Value())
		if err != nil {
			s.err = err.Error()
			return s.setFocus(rowID)
		}
		id = v
	}
	ref, who, paid, numbering := s.ref, draft.ReplySettings[s.who], s.paid, s.numbering
	return emit(editDraftMsg{
		Status: "Settings saved.",
		Apply: func(d *draft.Draft) error {
			d.ReplyTo, d.Quote = "", ""
			switch ref {
			case refReply:
				d.ReplyTo = id
			case refQuote:
				d.Quote = id
			}
			d.ReplySettings, d.PaidPartnership, d.Numbering = who, paid, numbering
			return nil
		},
	})
}

// View draws the form, or the picker while a post is being picked.
func (s *settingsScreen) View(width, height int) string {
	s.caret = caret{}
	if p := s.picker; p != nil {
		var b strings.Builder
		p.list.writeFilterLine(&b, &s.env.styles, width, s.env.method)
		if b.Len() > 0 {
			return b.String() + p.view(width, max(1, height-1))
		}
		return p.view(width, height)
	}
	st := &s.env.styles
	const labelW = 18
	var b strings.Builder
	indent := strings.Repeat(" ", labelW+2)
	note := func(style lipgloss.Style, text string) {
		wrapped := wrapText(text, width-len(indent), s.env.method)
		for _, l := range strings.Split(wrapped, "\n") {
			b.WriteString(indent + style.Render(l) + "\n")
		}
	}
	s.id.SetWidth(max(10, min(40, width-labelW-4)))
	row := func(r int, label, value string) {
		marker := "  "
		if r == s.focus {
			marker = st.Accent.Render("▌ ")
		}
		b.WriteString(marker + lipgloss.NewStyle().Width(labelW).Render(label) + value + "\n")
	}
	chips := func(labels []string, on int) string {
		var parts []string
		for i, l := range labels {
			if i == on {
				parts = append(parts, st.Accent.Render("["+l+"]"))
			} else {
				parts = append(parts, st.Subtle.Render(" "+l+" "))
			}
		}
		return strings.Join(parts, "")
	}
	row(rowRef, "First post", chips(refLabels[:], s.ref))
	if s.ref != refNone {
		if x, ok := inputColumn(&s.id, s.env.method); ok {
			s.caret = fieldCaret(&b, 2+labelW+x, s.env.method)
		}
		row(rowID, "Post", fitView(s.id.View(), s.env.method))
		if s.err != "" {
			note(st.Error, s.err)
		} else if s.picked.ID != "" && strings.TrimSpace(s.id.Value()) == s.picked.ID {
			text := truncate("“"+firstLine(s.picked.Text)+"”", max(10, width-len(indent)), "…”", s.env.method)
			note(st.Subtle, text)
		}
		if s.err == "" && s.ref == refQuote {
			note(st.Subtle, "a quote cannot go with media or a poll on the first post")
		}
	}
	b.WriteString("\n")
	row(rowWho, "Who can reply", "◂ "+replyLabels[draft.ReplySettings[s.who]]+" ▸")
	row(rowPaid, "Paid partnership", checkbox(s.paid)+st.Subtle.Render("  labels every post as a paid promotion"))
	row(rowNumbering, "Numbering", checkbox(s.numbering)+st.Subtle.Render("  adds 1/n to each post"))
	return fitWidth(b.String(), width, s.env.method)
}

func checkbox(on bool) string {
	if on {
		return "[x]"
	}
	return "[ ]"
}
