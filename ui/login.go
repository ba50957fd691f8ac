package ui

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// loginURLMsg carries the address the user must open, as soon as Services
// knows it.
type loginURLMsg struct {
	run int
	url string
}

// loginReadyMsg is Services.LoginReady's answer, asked when the screen
// opens.
type loginReadyMsg struct{ err error }

// loginPastedMsg is Services' answer to an address pasted into the
// login screen: nil when it completes the login (whose result follows),
// else why it does not.
type loginPastedMsg struct {
	run int
	err error
}

// loginResultMsg ends one login attempt.
type loginResultMsg struct {
	run     int
	account Account
	err     error
}

// loginKeys are the login screen's bindings.
type loginKeys struct {
	Login, Cancel, Back key.Binding
	// Copy puts the address on the clipboard (OSC 52, through SSH);
	// Submit sends the address pasted into the field.
	Copy, Submit key.Binding
}

// loginScreen explains that xpost needs an X account and runs the browser
// login from inside the composer, so a user never has to leave it.
type loginScreen struct {
	env     *env
	keys    loginKeys
	spin    spinner.Model
	run     int // counts attempts so late messages of a cancelled one are dropped
	waiting bool
	url     string
	cancel  context.CancelFunc
	err     error
	// notReady says what to set up before a login can work (no client
	// id, say); the screen says so at once instead of after enter.
	notReady error
	// paste is where the address the browser ended on is pasted, when the
	// browser runs on another machine (SSH) and cannot reach xpost's
	// callback; shown while a login waits, when Services take it.
	paste    textinput.Model
	pasteErr string
	// checking is true while a pasted address is with Services.
	checking bool
	caret    caret
}

// LoginPaster is what Services may also do: complete the login that is
// waiting with the address the browser ended on, pasted by the user, as
// `xpost login --no-browser` does. The composer then offers a field for
// it, so a login over SSH works from inside the composer.
type LoginPaster interface {
	// SubmitLoginURL hands pasted to the waiting login: nil when it is
	// the browser's answer (Login then returns), else an error that says
	// why not, and the login goes on waiting.
	SubmitLoginURL(pasted string) error
}

func newLoginScreenFor(e *env, _ openRequest) (screen, tea.Cmd) {
	s := newLoginScreen(e)
	return s, s.checkReady()
}

// checkReady asks Services whether a login can run at all.
func (s *loginScreen) checkReady() tea.Cmd {
	svc := s.env.svc
	return func() tea.Msg { return loginReadyMsg{err: svc.LoginReady()} }
}

func newLoginScreen(e *env) *loginScreen {
	login := withDesc(e.keys.Select, "log in with the browser")
	cancel := withDesc(e.keys.Back, "cancel login")
	back := withDesc(e.keys.Back, "later")
	s := &loginScreen{
		env:  e,
		spin: spinner.New(spinner.WithSpinner(spinner.Line)),
		keys: loginKeys{Login: login, Cancel: cancel, Back: back,
			Copy:   key.NewBinding(key.WithKeys("alt+c"), key.WithHelp("alt+c", "copy the address")),
			Submit: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "send the pasted address")),
		},
	}
	s.paste = textinput.New()
	s.paste.Prompt = "› "
	s.paste.Placeholder = "http://127.0.0.1:…/callback?state=…&code=…"
	s.paste.SetVirtualCursor(false)
	s.syncKeys()
	return s
}

func (s *loginScreen) syncKeys() {
	s.keys.Login.SetEnabled(!s.waiting && s.notReady == nil)
	s.keys.Cancel.SetEnabled(s.waiting)
	s.keys.Back.SetEnabled(!s.waiting)
	s.keys.Copy.SetEnabled(s.waiting && s.url != "")
	s.keys.Submit.SetEnabled(s.pasting() && !s.checking)
}

// pasting reports whether the field for a pasted address is offered: a
// login waits with its address shown, and Services take a pasted one.
func (s *loginScreen) pasting() bool {
	_, ok := s.env.svc.(LoginPaster)
	return ok && s.waiting && s.url != ""
}

// Typing is true while the pasted address has the keys.
func (s *loginScreen) Typing() bool { return s.pasting() }

// Cursor is the insertion point of the pasted address.
func (s *loginScreen) Cursor() (x, y int, ok bool) { return s.caret.x, s.caret.y, s.caret.ok }

// Title names the screen in the header.
func (s *loginScreen) Title() string { return "login" }

// Keys lists the bindings that apply now.
func (s *loginScreen) Keys() []key.Binding {
	return []key.Binding{s.keys.Login, s.keys.Submit, s.keys.Copy, s.keys.Cancel, s.keys.Back}
}

// Update handles one message.
func (s *loginScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	cmd := s.update(msg)
	s.syncKeys()
	return s, cmd
}

func (s *loginScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, s.keys.Login):
			return s.start()
		case key.Matches(msg, s.keys.Cancel):
			s.stop()
			s.err = nil
			return nil
		case key.Matches(msg, s.keys.Back):
			return goBack
		case key.Matches(msg, s.keys.Copy):
			return tea.Batch(tea.SetClipboard(s.url), status("Copied the login address (if the terminal allows it).", levelInfo))
		case key.Matches(msg, s.keys.Submit):
			return s.submit()
		case s.pasting():
			s.pasteErr = ""
			var cmd tea.Cmd
			s.paste, cmd = s.paste.Update(msg)
			return cmd
		}
	case tea.PasteMsg:
		if s.pasting() {
			s.pasteErr = ""
			var cmd tea.Cmd
			s.paste, cmd = s.paste.Update(msg)
			return cmd
		}
	case loginPastedMsg:
		if msg.run == s.run && s.waiting {
			s.checking = false
			if msg.err != nil {
				s.pasteErr = userMessage(msg.err)
			}
		}
	case loginReadyMsg:
		if !s.waiting {
			s.notReady = msg.err
			s.syncKeys()
		}
	case loginURLMsg:
		if msg.run == s.run && s.waiting {
			s.url = msg.url
			if s.pasting() {
				return s.paste.Focus()
			}
		}
	case loginResultMsg:
		if msg.run != s.run || !s.waiting {
			return nil
		}
		s.stop()
		if msg.err != nil {
			s.err = msg.err
			return nil
		}
		// The root takes the account as it does at start; then this
		// screen closes.
		return tea.Sequence(emit(accountMsg{Account: msg.account}), goBack,
			status("Logged in as @"+msg.account.Username+".", levelInfo))
	case spinner.TickMsg:
		if s.waiting {
			var cmd tea.Cmd
			s.spin, cmd = s.spin.Update(msg)
			return cmd
		}
	}
	return nil
}

// start runs Services.Login in a command; the URL comes back on its own
// message as soon as the login knows it, before the login ends.
func (s *loginScreen) start() tea.Cmd {
	s.stop()
	s.run++
	s.waiting, s.url, s.err = true, "", nil
	s.syncKeys()
	ctx, cancel := context.WithCancel(s.env.ctx)
	s.cancel = cancel
	run, svc := s.run, s.env.svc
	// urls is never closed: a Services that calls open late must not
	// panic. done tells the URL command that no address is coming.
	urls := make(chan string, 1)
	done := make(chan struct{})
	login := func() tea.Msg {
		acct, err := svc.Login(ctx, func(u string) {
			select {
			case urls <- u:
			default:
			}
		})
		close(done)
		return loginResultMsg{run: run, account: acct, err: err}
	}
	url := func() tea.Msg {
		select {
		case u := <-urls:
			return loginURLMsg{run: run, url: u}
		case <-done:
			select {
			case u := <-urls:
				return loginURLMsg{run: run, url: u}
			default:
				return nil
			}
		}
	}
	if s.env.accessible {
		return tea.Batch(login, url) // no animation: the wait is said in words
	}
	return tea.Batch(login, url, s.spin.Tick)
}

// submit hands the pasted address to Services in a command.
func (s *loginScreen) submit() tea.Cmd {
	v := strings.TrimSpace(s.paste.Value())
	lp, ok := s.env.svc.(LoginPaster)
	if !ok {
		return nil
	}
	if v == "" {
		s.pasteErr = "paste the address the browser ended on first"
		return nil
	}
	s.checking, s.pasteErr = true, ""
	run := s.run
	return func() tea.Msg { return loginPastedMsg{run: run, err: lp.SubmitLoginURL(v)} }
}

func (s *loginScreen) stop() {
	if s.cancel != nil {
		s.cancel()
		s.cancel = nil
	}
	s.waiting = false
	s.url = ""
	s.checking, s.pasteErr = false, ""
	s.paste.SetValue("")
	s.paste.Blur()
	s.caret = caret{}
	s.syncKeys()
}

// spinner is the spinner and a space before a line saying what is awaited;
// nothing in accessible mode, where the line says it alone.
func (s *loginScreen) spinner() string {
	if s.env.accessible {
		return ""
	}
	return s.spin.View() + " "
}

// View explains the situation and what to do about it.
func (s *loginScreen) View(width, _ int) string {
	st := &s.env.styles
	w := max(20, min(width, 76))
	para := lipgloss.NewStyle().Width(w)
	var b strings.Builder
	b.WriteString(st.Title.Render("Log in to X") + "\n\n")
	switch {
	case s.waiting:
		if s.url == "" {
			b.WriteString(s.spinner() + "Starting the login…\n")
		} else {
			b.WriteString(para.Render("Open this address in a browser and approve xpost ("+s.keys.Copy.Help().Key+" copies it):") + "\n\n")
			b.WriteString(linkLines(s.url, max(20, width), st.Accent) + "\n\n")
			b.WriteString(s.spinner() + "Waiting for X to send you back…\n")
			if s.pasting() {
				b.WriteString("\n" + para.Render("Browser on another machine? When it ends on a page that does not load, paste that page's address here and press "+s.keys.Submit.Help().Key+":") + "\n")
				s.paste.SetWidth(max(10, width-4))
				s.caret = caret{}
				if x, ok := inputColumn(&s.paste, s.env.method); ok {
					s.caret = fieldCaret(&b, x, s.env.method)
				}
				b.WriteString(fitView(s.paste.View(), s.env.method) + "\n")
				switch {
				case s.checking:
					b.WriteString(st.Subtle.Render("Checking the address…") + "\n")
				case s.pasteErr != "":
					b.WriteString(st.Error.Render(para.Render(s.pasteErr)) + "\n")
				}
			}
		}
		b.WriteString("\n" + st.Subtle.Render(s.keys.Cancel.Help().Key+" cancels") + "\n")
	case s.notReady != nil:
		b.WriteString(para.Render("xpost is not logged in, so it cannot publish or list your posts. Your drafts stay on this machine either way.") + "\n\n")
		// Wrapped at spaces only, so that a command such as
		// `xpost login --client-id ID` is never broken at its hyphens.
		b.WriteString(st.Warning.Render(wrapAtSpaces("Before the first login: "+userMessage(s.notReady)+".", w, s.env.method)) + "\n\n")
		b.WriteString(para.Render("Press "+s.keys.Back.Help().Key+" to keep writing meanwhile; quitting saves the draft.") + "\n")
	default:
		b.WriteString(para.Render("xpost is not logged in, so it cannot publish or list your posts. Your drafts stay on this machine either way.") + "\n\n")
		b.WriteString(para.Render("Press "+s.keys.Login.Help().Key+" to log in with your browser from here, or quit and run `xpost login` in a shell (add --no-browser on a machine without one).") + "\n")
		if s.err != nil {
			b.WriteString("\n" + st.Error.Render(para.Render("Login failed: "+userMessage(s.err))) + "\n")
		}
	}
	return b.String()
}

// linkLines draws url across lines of width cells, every piece a
// hyperlink (OSC 8) to the whole address with one id, so that a terminal
// that supports links opens or copies all of it from any line; the
// pieces have no spaces or hyphens added, so a selection across them
// pastes whole in terminals that join wrapped lines.
func linkLines(url string, width int, style lipgloss.Style) string {
	lines := strings.Split(ansi.Hardwrap(url, width, false), "\n")
	for i, l := range lines {
		lines[i] = ansi.SetHyperlink(url, "id=xpost-login") + style.Render(l) + ansi.ResetHyperlink()
	}
	return strings.Join(lines, "\n")
}

// wrapAtSpaces wraps s to width cells at spaces only, and not inside a
// `command` in backticks unless it is wider than the line (a word wider
// than the line is broken where it must). Lip Gloss breaks at hyphens
// too, and would split `--client-id` from its dashes.
func wrapAtSpaces(s string, width int, m ansi.Method) string {
	var b strings.Builder
	lineW := 0
	var units []string
	for _, u := range wrapUnits(s) {
		if strings.Contains(u, " ") && cellWidth(u, m) > width {
			units = append(units, strings.Fields(u)...) // too wide to keep whole
		} else {
			units = append(units, u)
		}
	}
	for i, word := range units {
		ww := cellWidth(word, m)
		if i > 0 {
			if lineW+1+ww <= width {
				b.WriteByte(' ')
				lineW++
			} else {
				b.WriteByte('\n')
				lineW = 0
			}
		}
		if ww > width {
			// Only ever at the start of a line: it is broken into lines of
			// the full width.
			word = ansi.Hardwrap(word, width, false)
			ww = cellWidth(word[strings.LastIndexByte(word, '\n')+1:], m)
		}
		b.WriteString(word)
		lineW += ww
	}
	return b.String()
}

// wrapUnits splits s at spaces, keeping a span in backticks whole.
func wrapUnits(s string) []string {
	var out []string
	quoted := false
	for _, w := range strings.Fields(s) {
		if quoted {
			out[len(out)-1] += " " + w
		} else {
			out = append(out, w)
		}
		if strings.Count(w, "`")%2 == 1 {
			quoted = !quoted
		}
	}
	return out
}
