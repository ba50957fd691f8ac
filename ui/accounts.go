package ui

// The accounts screen: which saved account the draft is written for, and
// so which one the composer uses and publishes as.

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// Messages of the accounts screen.
type (
	// accountsListMsg is the saved accounts, as Switcher.Accounts gave
	// them.
	accountsListMsg struct {
		list []AccountChoice
		err  error
	}
	// accountChosenMsg is the screen's result: the draft is for account
	// Name from now on, and the composer switches to it.
	accountChosenMsg struct{ Name string }
)

// accountsKeys are the bindings of the accounts screen.
type accountsKeys struct {
	Up, Down, Choose, Back key.Binding
}

// accountsScreen lists the saved accounts; enter makes the chosen one the
// draft's account and the composer's.
type accountsScreen struct {
	env     *env
	keys    accountsKeys
	list    []AccountChoice
	err     error
	loaded  bool
	cursor  int
	current string // the draft's account
}

func newAccountsScreenFor(e *env, req openRequest) (screen, tea.Cmd) {
	s := &accountsScreen{env: e, keys: accountsKeys{Up: e.keys.Up, Down: e.keys.Down,
		Choose: withDesc(e.keys.Select, "post as this account"), Back: e.keys.Back}}
	if req.Draft != nil {
		s.current = req.Draft.Account
	}
	if s.current == "" && e.account != nil {
		s.current = e.account.Login
	}
	sw, ok := e.svc.(Switcher)
	if !ok {
		s.loaded = true
		return s, nil
	}
	return s, func() tea.Msg {
		list, err := sw.Accounts()
		return accountsListMsg{list: list, err: err}
	}
}

// Title names the screen in the header.
func (s *accountsScreen) Title() string { return "accounts" }

// Keys lists the bindings that apply now.
func (s *accountsScreen) Keys() []key.Binding {
	s.keys.Choose.SetEnabled(len(s.list) > 0)
	return []key.Binding{s.keys.Choose, s.keys.Up, s.keys.Down, s.keys.Back}
}

// Update handles one message.
func (s *accountsScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case accountsListMsg:
		s.list, s.err, s.loaded = msg.list, msg.err, true
		for i, a := range s.list {
			if a.Name == s.current {
				s.cursor = i
			}
		}
		return s, nil
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, s.keys.Back):
			return s, goBack
		case key.Matches(msg, s.keys.Up):
			s.cursor = max(0, s.cursor-1)
		case key.Matches(msg, s.keys.Down):
			s.cursor = max(0, min(len(s.list)-1, s.cursor+1))
		case key.Matches(msg, s.keys.Choose) && len(s.list) > 0:
			return s, emit(accountChosenMsg{Name: s.list[s.cursor].Name})
		}
	}
	return s, nil
}

// View draws the list: one line per account, the cursor's marked, the
// draft's account and the default named.
func (s *accountsScreen) View(width, height int) string {
	st := &s.env.styles
	m := s.env.method
	switch {
	case s.err != nil:
		return st.Error.Render(m.Wrap("could not list the accounts: "+userMessage(s.err), width, ""))
	case !s.loaded:
		return st.Subtle.Render("Reading accounts…")
	case len(s.list) == 0:
		return st.Subtle.Render(m.Wrap("This session has one account. Log in to another with xpost login --account NAME, then choose it here.", width, ""))
	}
	var b strings.Builder
	b.WriteString(st.Subtle.Render(m.Wrap("The draft is published as the account chosen here; the composer switches to it.", width, "")) + "\n\n")
	for i, a := range s.list {
		if i >= max(1, height-2) {
			break
		}
		marker := "  "
		if i == s.cursor {
			marker = st.Accent.Render("▌ ")
		}
		line := a.Name
		if a.Username != "" {
			line += "  @" + a.Username
		}
		var notes []string
		if a.Name == s.current {
			notes = append(notes, "this draft's")
		}
		if a.Default {
			notes = append(notes, "default")
		}
		if len(notes) > 0 {
			line += "  (" + strings.Join(notes, ", ") + ")"
		}
		b.WriteString(marker + truncate(printable(line), max(1, width-2), "…", m) + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}
