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

// accountsKeys are the bindings of the accounts screen; the list's own
// (moving, filtering, enter to choose) are its listNav's.
type accountsKeys struct {
	Back key.Binding
}

// accountsScreen lists the saved accounts; enter makes the chosen one the
// draft's account and the composer's.
type accountsScreen struct {
	env     *env
	keys    accountsKeys
	nav     listNav
	all     []AccountChoice
	list    []AccountChoice // those shown: all, filtered
	err     error
	loaded  bool
	top     int
	current string // the draft's account
}

func newAccountsScreenFor(e *env, req openRequest) (screen, tea.Cmd) {
	s := &accountsScreen{env: e, keys: accountsKeys{Back: e.keys.Back}, nav: newListNav(e.keys, "post as this account")}
	if req.Draft != nil {
		s.current = req.Draft.Account
	}
	if s.current == "" && e.account != nil {
		s.current = e.account.Login
	}
	s.syncKeys()
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
	l := s.nav.keys
	return []key.Binding{l.Keep, l.Cancel, l.Open, l.Up, l.Down, l.Filter, l.Clear, s.keys.Back}
}

// HelpGroups groups the bindings for the full help.
func (s *accountsScreen) HelpGroups() []helpGroup {
	return []helpGroup{{"accounts", []key.Binding{s.nav.keys.Open, s.keys.Back}}, {"list", s.nav.moveKeys()}}
}

// Typing reports that keys are text for the filter, not commands.
func (s *accountsScreen) Typing() bool { return s.nav.filtering }

// Cursor is the end of the filter while it is typed.
func (s *accountsScreen) Cursor() (x, y int, ok bool) { return s.nav.filterCursor() }

func (s *accountsScreen) syncKeys() {
	s.nav.setLen(len(s.list))
	s.nav.sync(true, len(s.all))
	s.keys.Back.SetEnabled(!s.nav.filtering && s.nav.filter == "")
}

// reshape recomputes the accounts shown: those whose name or handle holds
// the filter.
func (s *accountsScreen) reshape() {
	sel := ""
	if s.nav.cursor < len(s.list) {
		sel = choiceKey(s.list[s.nav.cursor])
	}
	s.list = shownItems(&s.nav, s.all, func(a AccountChoice) string { return a.Name + " @" + a.Username },
		choiceKey, sel)
}

// choiceKey tells logins apart: an account may be logged in at more than
// one API base.
func choiceKey(a AccountChoice) string { return a.Name + " " + a.APIBase }

// Update handles one message.
func (s *accountsScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	cmd := s.update(msg)
	s.syncKeys()
	return s, cmd
}

func (s *accountsScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case accountsListMsg:
		s.all, s.err, s.loaded = msg.list, msg.err, true
		s.reshape()
		for i, a := range s.list {
			if a.Name == s.current && a.APIBase == "" {
				s.nav.cursor = i
			}
		}
	case tea.KeyPressMsg:
		switch s.nav.key(msg) {
		case listFiltered:
			s.reshape()
		case listEmpty:
			return emptyListNote()
		case listOpen:
			a := s.list[s.nav.cursor]
			if a.Unavailable != "" {
				// A login at another API base: the list stays, and says
				// why it cannot switch and what to run.
				return status(a.Unavailable, levelWarn)
			}
			return emit(accountChosenMsg{Name: a.Name})
		case listIgnored:
			if key.Matches(msg, s.keys.Back) {
				return goBack
			}
		}
	}
	return nil
}

// View draws the list: one line per account, the cursor's marked, the
// draft's account and the default named.
func (s *accountsScreen) View(width, height int) string {
	st := &s.env.styles
	m := s.env.method
	switch {
	case s.err != nil:
		return st.Error.Render(wrapText("could not list the accounts: "+userMessage(s.err), width, m))
	case !s.loaded:
		return st.Subtle.Render("Reading accounts…")
	case len(s.all) == 0:
		return st.Subtle.Render(wrapText("This session has one account. Log in to another with xpost login --account NAME, then choose it here.", width, m))
	}
	var b strings.Builder
	b.WriteString(st.Subtle.Render(wrapText("The draft is published as the account chosen here; the composer switches to it.", width, m)) + "\n\n")
	s.nav.writeFilterLine(&b, st, width, m)
	if len(s.list) == 0 {
		b.WriteString(st.Subtle.Render("No account holds “" + printable(s.nav.filter) + "”."))
		return b.String()
	}
	// The handles stand in one column after the widest name.
	nameW := 0
	for _, a := range s.list {
		nameW = max(nameW, cellWidth(printable(a.Name), m))
	}
	used := strings.Count(b.String(), "\n")
	s.top = s.nav.window(s.top, max(1, height-used))
	for i := s.top; i < len(s.list) && i < s.top+max(1, height-used); i++ {
		a := s.list[i]
		marker := "  "
		if i == s.nav.cursor {
			marker = st.Accent.Render("▌ ")
		}
		line := printable(a.Name)
		if a.Username != "" {
			line += strings.Repeat(" ", nameW-cellWidth(line, m)) + "  @" + a.Username
		}
		var notes []string
		if a.Name == s.current && a.APIBase == "" {
			notes = append(notes, "this draft's")
		}
		if a.Default {
			notes = append(notes, "default")
		}
		if a.APIBase != "" {
			notes = append(notes, "at "+a.APIBase)
		}
		if len(notes) > 0 {
			line += "  (" + strings.Join(notes, ", ") + ")"
		}
		b.WriteString(marker + truncate(printable(line), max(1, width-2), "…", m) + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}
