package ui

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/xpostdev/xpost/internal/human"
	"github.com/xpostdev/xpost/ui/draft"
)

// pollKeys are the poll builder's bindings; add and remove switch off at
// the option limits, the duration arrows off the duration chooser.
type pollKeys struct {
	Next, Prev   key.Binding
	Left, Right  key.Binding
	Add, Remove  key.Binding
	Save, Delete key.Binding
	Back         key.Binding
}

func newPollKeys(km KeyMap) pollKeys {
	next, prev, back := km.formNav("next field", "previous field")
	return pollKeys{
		Next:   next,
		Prev:   prev,
		Left:   key.NewBinding(key.WithKeys("left"), key.WithHelp("←/→", "duration")),
		Right:  key.NewBinding(key.WithKeys("right"), key.WithHelp("→", "longer")),
		Add:    key.NewBinding(key.WithKeys("ctrl+n"), key.WithHelp("ctrl+n", "add option")),
		Remove: key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "remove option")),
		Save:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "save poll")),
		Delete: key.NewBinding(key.WithKeys("ctrl+x"), key.WithHelp("ctrl+x", "remove poll")),
		Back:   back,
	}
}

// pollScreen builds or edits the poll of one post: 2 to 4 options checked
// as they are typed, and a duration from presets or free entry.
type pollScreen struct {
	env     *env
	post    int
	had     bool // the post had a poll: ctrl+x removes it
	options []textinput.Model
	// focus is an option index, or len(options) for the duration chooser,
	// or len(options)+1 for the free duration entry.
	focus  int
	preset int // index into pollPresets, or len(pollPresets) for free entry
	custom textinput.Model
	err    string
	keys   pollKeys
	width  int
	// caret is the focused field's insertion point, as View drew it.
	caret caret
}

func newPollScreenFor(e *env, req openRequest) (screen, tea.Cmd) {
	var p *draft.Poll
	if req.Draft != nil && req.Post >= 0 && req.Post < len(req.Draft.Posts) {
		p = req.Draft.Posts[req.Post].Poll
	}
	s := newPollScreen(e, req.Post, p)
	return s, s.setFocus(0)
}

func newPollScreen(e *env, post int, p *draft.Poll) *pollScreen {
	s := &pollScreen{env: e, post: post, keys: newPollKeys(e.keys), width: 80, preset: 2}
	s.custom = textinput.New()
	s.custom.Prompt = ""
	s.custom.Placeholder = "90m, 36h, 2d"
	s.custom.CharLimit = 12
	s.custom.SetWidth(14)
	s.custom.SetVirtualCursor(false)
	opts := []string{"", ""}
	if p != nil {
		s.had = true
		opts = append([]string(nil), p.Options...)
		for len(opts) < draft.MinPollOptions {
			opts = append(opts, "")
		}
		s.preset = len(pollPresets)
		for i, d := range pollPresets {
			if d == p.Duration {
				s.preset = i
			}
		}
		if s.preset == len(pollPresets) {
			s.custom.SetValue(formatPollDuration(p.Duration))
		}
	}
	for _, o := range opts {
		s.options = append(s.options, s.newOption(o))
	}
	s.setFocus(0)
	return s
}

func (s *pollScreen) newOption(v string) textinput.Model {
	in := textinput.New()
	in.Prompt = ""
	in.Placeholder = "option"
	in.CharLimit = 200 // room to see how far over 25 a paste went
	in.SetValue(v)
	in.SetWidth(s.optionWidth())
	in.SetVirtualCursor(false)
	return in
}

// setWidth fits the inputs to the screen width.
func (s *pollScreen) setWidth(w int) {
	if w == s.width {
		return
	}
	s.width = w
	for i := range s.options {
		s.options[i].SetWidth(s.optionWidth())
	}
}

func (s *pollScreen) optionWidth() int { return max(10, min(40, s.width-22)) }

func (s *pollScreen) durationField() int { return len(s.options) }
func (s *pollScreen) customField() int   { return len(s.options) + 1 }
func (s *pollScreen) fields() int {
	if s.preset == len(pollPresets) {
		return len(s.options) + 2
	}
	return len(s.options) + 1
}

func (s *pollScreen) setFocus(i int) tea.Cmd {
	s.focus = (i + s.fields()) % s.fields()
	for j := range s.options {
		s.options[j].Blur()
	}
	s.custom.Blur()
	s.syncKeys()
	switch {
	case s.focus < len(s.options):
		return s.options[s.focus].Focus()
	case s.focus == s.customField():
		return s.custom.Focus()
	}
	return nil
}

func (s *pollScreen) syncKeys() {
	s.keys.Add.SetEnabled(len(s.options) < draft.MaxPollOptions)
	s.keys.Remove.SetEnabled(len(s.options) > draft.MinPollOptions && s.focus < len(s.options))
	s.keys.Delete.SetEnabled(s.had)
	onChooser := s.focus == s.durationField()
	s.keys.Left.SetEnabled(onChooser)
	s.keys.Right.SetEnabled(onChooser)
}

// Title names the screen in the header.
func (s *pollScreen) Title() string { return "poll" }

// Cursor is the insertion point of the focused option or length.
func (s *pollScreen) Cursor() (x, y int, ok bool) { return s.caret.x, s.caret.y, s.caret.ok }

// Typing is true while a text field has the keys.
func (s *pollScreen) Typing() bool { return s.focus != s.durationField() }

// Keys lists the bindings that matter most right now.
func (s *pollScreen) Keys() []key.Binding {
	k := s.keys
	return []key.Binding{k.Save, k.Next, k.Left, k.Add, k.Remove, k.Delete, k.Back}
}

// FullKeys lists every binding of the poll builder.
func (s *pollScreen) FullKeys() [][]key.Binding {
	k := s.keys
	return [][]key.Binding{{k.Next, k.Prev, k.Left}, {k.Add, k.Remove}, {k.Save, k.Delete, k.Back}}
}

// Update handles one message; the poll leaves as an editDraftMsg.
func (s *pollScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return s, s.updateFocused(msg)
	}
	switch {
	case key.Matches(km, s.keys.Back):
		return s, goBack
	case key.Matches(km, s.keys.Save):
		return s, s.save()
	case key.Matches(km, s.keys.Delete):
		return s, emit(setPoll(s.post, nil))
	case key.Matches(km, s.keys.Next):
		return s, s.setFocus(s.focus + 1)
	case key.Matches(km, s.keys.Prev):
		return s, s.setFocus(s.focus - 1)
	case key.Matches(km, s.keys.Add):
		s.options = append(s.options, s.newOption(""))
		s.err = ""
		return s, s.setFocus(len(s.options) - 1)
	case key.Matches(km, s.keys.Remove):
		s.options = append(s.options[:s.focus], s.options[s.focus+1:]...)
		s.err = ""
		return s, s.setFocus(min(s.focus, len(s.options)-1))
	case key.Matches(km, s.keys.Left):
		s.preset = (s.preset + len(pollPresets)) % (len(pollPresets) + 1)
		s.err = ""
		s.syncKeys()
		return s, nil
	case key.Matches(km, s.keys.Right):
		s.preset = (s.preset + 1) % (len(pollPresets) + 1)
		s.err = ""
		s.syncKeys()
		return s, nil
	}
	if s.focus == s.durationField() && km.Text != "" && km.Mod&(tea.ModCtrl|tea.ModAlt) == 0 {
		return s, s.typedOnDuration(km)
	}
	return s, s.updateFocused(msg)
}

// typedOnDuration answers a character typed on the duration row, where
// ←/→ choose: a digit starts a length of its own in "other" (so 10080m
// typed there is not lost), anything else says how to choose.
func (s *pollScreen) typedOnDuration(km tea.KeyPressMsg) tea.Cmd {
	if c := km.Text[0]; c < '0' || c > '9' {
		return status("Choose the length with "+s.keys.Left.Help().Key+", or type a number for another one, such as 90m.", levelInfo)
	}
	s.preset = len(pollPresets)
	s.custom.SetValue("")
	focus := s.setFocus(s.customField())
	return tea.Batch(focus, s.updateFocused(km))
}

// setPoll is the result of the builder: post i gets poll p, or loses its
// poll when p is nil.
func setPoll(i int, p *draft.Poll) editDraftMsg {
	status := "Poll removed."
	if p != nil {
		status = fmt.Sprintf("Poll set: %d options, %s.", len(p.Options), human.Duration(p.Duration))
	}
	return editDraftMsg{
		Status: status,
		Apply: func(d *draft.Draft) error {
			if i < 0 || i >= len(d.Posts) {
				return fmt.Errorf("post %d is gone: the poll was not set", i+1)
			}
			d.Posts[i].Poll = p
			return nil
		},
	}
}

func (s *pollScreen) updateFocused(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	switch {
	case s.focus < len(s.options):
		s.options[s.focus], cmd = s.options[s.focus].Update(msg)
	case s.focus == s.customField():
		s.custom, cmd = s.custom.Update(msg)
	}
	return cmd
}

// duration is the chosen length, or why the free entry is not one.
func (s *pollScreen) duration() (time.Duration, error) {
	if s.preset < len(pollPresets) {
		return pollPresets[s.preset], nil
	}
	return parsePollDuration(s.custom.Value())
}

// result is the poll as entered, or the first problem with it.
func (s *pollScreen) result() (*draft.Poll, string) {
	p := &draft.Poll{}
	for i, in := range s.options {
		if err := pollOptionError(in.Value()); err != nil {
			return nil, fmt.Sprintf("option %d: %v", i+1, err)
		}
		p.Options = append(p.Options, strings.TrimSpace(in.Value()))
	}
	d, err := s.duration()
	if err != nil {
		return nil, "duration: " + err.Error()
	}
	p.Duration = d
	return p, ""
}

func (s *pollScreen) save() tea.Cmd {
	p, problem := s.result()
	if problem != "" {
		s.err = problem
		return nil
	}
	return emit(setPoll(s.post, p))
}

// View draws the builder: one line per option with its counter and
// problem, the duration chooser, and the first blocking problem.
func (s *pollScreen) View(width, height int) string {
	s.setWidth(width)
	st := &s.env.styles
	var b strings.Builder
	s.caret = caret{}
	title := "New poll"
	if s.had {
		title = "Edit poll"
	}
	fmt.Fprintf(&b, "%s\n\n", st.Title.Render(fmt.Sprintf("%s · post %d", title, s.post+1)))
	for i, in := range s.options {
		marker := "  "
		if i == s.focus {
			marker = st.Accent.Render("▌ ")
		}
		n := utf8.RuneCountInString(strings.TrimSpace(in.Value()))
		counter := s.env.counter(n, draft.MaxPollOption, true)
		switch {
		case n > draft.MaxPollOption:
			counter = st.Error.Render(counter)
		case n == 0:
			counter = st.Subtle.Render(counter)
		}
		fmt.Fprintf(&b, "%sOption %d  ", marker, i+1)
		if x, ok := inputColumn(&s.options[i], s.env.method); ok {
			s.caret = fieldCaret(&b, x, s.env.method)
		}
		fmt.Fprintf(&b, "%s  %s\n", fitView(in.View(), s.env.method), counter)
		if n > draft.MaxPollOption {
			fmt.Fprintf(&b, "    %s\n", st.Error.Render(pollOptionError(in.Value()).Error()))
		}
	}
	b.WriteString("\n")
	marker := "  "
	if s.focus == s.durationField() {
		marker = st.Accent.Render("▌ ")
	}
	b.WriteString(marker + "Duration  ")
	for i, d := range pollPresets {
		b.WriteString(s.chip(formatPollDuration(d), i == s.preset) + " ")
	}
	b.WriteString(s.chip("other", s.preset == len(pollPresets)) + "\n")
	if s.preset == len(pollPresets) {
		marker := "  "
		if s.focus == s.customField() {
			marker = st.Accent.Render("▌ ")
		}
		line := marker + "Length    "
		if x, ok := inputColumn(&s.custom, s.env.method); ok {
			s.caret = fieldCaret(&b, cellWidth(line, s.env.method)+x, s.env.method)
		}
		line += fitView(s.custom.View(), s.env.method)
		if s.custom.Value() != "" {
			if d, err := parsePollDuration(s.custom.Value()); err != nil {
				line += "  " + st.Error.Render(err.Error())
			} else {
				line += "  " + st.Subtle.Render(human.Duration(d))
			}
		}
		b.WriteString(line + "\n")
	}
	if s.err != "" {
		b.WriteString("\n" + st.Error.Render(s.err) + "\n")
	}
	return fitWidth(b.String(), width, s.env.method)
}

func (s *pollScreen) chip(label string, on bool) string {
	st := &s.env.styles
	if on {
		return st.Accent.Render("[" + label + "]")
	}
	return st.Subtle.Render(" " + label + " ")
}
