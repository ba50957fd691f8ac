package ui

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/xpostdev/xpost/ui/draft"
)

// blockingLogin is a Services whose Login shows its URL and then waits
// until it is cancelled or released.
type blockingLogin struct {
	*fakeServices
	release chan struct{}
}

func (b blockingLogin) Login(ctx context.Context, open func(string)) (Account, error) {
	open("http://127.0.0.1:8765/i/oauth2/authorize?client_id=xpost")
	select {
	case <-ctx.Done():
		return Account{}, ctx.Err()
	case <-b.release:
		return b.fakeServices.account, nil
	}
}

// userErr is an error with a message written for people.
type userErr struct{}

func (userErr) Error() string { return "oauth2: invalid_grant" }
func (userErr) UserMessage() string {
	return "X refused the login: try again, and approve xpost in the browser"
}

func TestLoginFlow(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		svc := blockingLogin{newFakeServices(), make(chan struct{})}
		e := testEnv(t, svc)
		sc, _ := newLoginScreenFor(e, openRequest{Draft: draft.New()})
		s := sc.(*loginScreen)
		goldenFrame(t, "login", s)

		msgs := cmdMsgs(send(s, press("enter")))
		if !s.waiting || s.keys.Login.Enabled() || !s.keys.Cancel.Enabled() {
			t.Fatal("enter did not start the login")
		}
		send(s, expectFrom[loginURLMsg](t, msgs))
		goldenFrame(t, "login_waiting", s)

		close(svc.release)
		done := expectFrom[loginResultMsg](t, msgs)
		acct := expectMsg[accountMsg](t, send(s, done))
		if acct.Account.Username != "ada" || acct.Err != nil {
			t.Errorf("account %+v", acct)
		}
	})
}

func TestLoginCancel(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		svc := blockingLogin{newFakeServices(), make(chan struct{})}
		s := newLoginScreen(testEnv(t, svc))
		cmd := send(s, press("enter"))
		noMsg[backMsg](t, send(s, press("esc")))
		if s.waiting {
			t.Fatal("esc did not stop waiting")
		}
		// The cancelled login ends, and its late answer changes nothing.
		res := expectMsg[loginResultMsg](t, cmd)
		if !errors.Is(res.err, context.Canceled) {
			t.Errorf("the login was not cancelled: %v", res.err)
		}
		noMsg[accountMsg](t, send(s, res))
		if s.err != nil {
			t.Errorf("a cancelled login shows %v", s.err)
		}
		// esc again leaves the screen.
		expectMsg[backMsg](t, send(s, press("esc")))
	})
}

func TestLoginFails(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		svc := newFakeServices()
		svc.failWith("Login", userErr{}, true)
		s := newLoginScreen(testEnv(t, svc))
		send(s, expectMsg[loginResultMsg](t, send(s, press("enter"))))
		view := frame(s, screenW, screenH)
		if !strings.Contains(view, "X refused the login") || strings.Contains(view, "invalid_grant") {
			t.Errorf("the error is not the user message:\n%s", view)
		}
		// Trying again works.
		cmd := send(s, press("enter"))
		res := expectMsg[loginResultMsg](t, cmd)
		if res.err != nil {
			t.Fatalf("second try: %v", res.err)
		}
		expectMsg[accountMsg](t, send(s, res))
	})
}

func TestLoginResize(t *testing.T) {
	t.Parallel()
	s := newLoginScreen(testEnv(t, newFakeServices()))
	for _, w := range []int{30, 50, 80, 132} {
		checkFrame(t, frame(s, w, 10), w, 10)
	}
}

func TestLoginShowsTheWholeAddress(t *testing.T) {
	t.Parallel()
	s := newLoginScreen(testEnv(t, newFakeServices()))
	s.waiting, s.run = true, 1
	long := "http://127.0.0.1:8765/i/oauth2/authorize?client_id=xpost&code_challenge=" + strings.Repeat("abcdefghij", 12) + "&state=end"
	send(s, loginURLMsg{run: 1, url: long})
	// Drawn as it is: the frame cuts what is wider than the terminal.
	out := frameRaw(s, 60, 20)
	for _, l := range strings.Split(out, "\n") {
		if w := ansi.StringWidth(l); w > 60 {
			t.Errorf("a line is %d cells wide at 60 columns: %q", w, l)
		}
	}
	if joined := strings.Join(strings.Fields(out), ""); !strings.Contains(joined, long) {
		t.Errorf("the address is not all on screen at 60 columns:\n%s", out)
	}
}

// noClientID is LoginReady's answer when no X app is configured.
type noClientID struct{}

func (noClientID) Error() string { return "no client id" }
func (noClientID) UserMessage() string {
	return "xpost has no X client id yet: run `xpost login --client-id ID` once"
}

// Without what a login needs, the screen says what to set up as soon as
// it opens, and enter does not start a login bound to fail.
func TestLoginNotReady(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		ready     error
		want, not string
	}{
		{name: "no client id", ready: noClientID{}, want: "Before the first login: xpost has no X client id yet: run `xpost login --client-id ID` once.", not: "Press enter"},
		{name: "ready", want: "Press enter to log in", not: "Before the first login"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			bubble(t, func(t *testing.T) {
				svc := newFakeServices()
				if tt.ready != nil {
					svc.failWith("LoginReady", tt.ready, false)
				}
				sc, cmd := newLoginScreenFor(testEnv(t, svc), openRequest{Draft: draft.New()})
				s := sc.(*loginScreen)
				send(s, expectMsg[loginReadyMsg](t, cmd))
				view := strings.Join(strings.Fields(frame(s, screenW, screenH)), " ")
				if !strings.Contains(view, tt.want) || strings.Contains(view, tt.not) {
					t.Errorf("the screen lacks %q or has %q:\n%s", tt.want, tt.not, view)
				}
				if tt.ready == nil {
					return
				}
				goldenFrame(t, "login_not_ready", s)
				if s.keys.Login.Enabled() {
					t.Error("enter is offered although a login cannot work")
				}
				noMsg[loginResultMsg](t, send(s, press("enter")))
				if slices.Contains(svc.Calls(), "Login") {
					t.Error("enter started a login")
				}
				expectMsg[backMsg](t, send(s, press("esc")))
			})
		})
	}
}

func TestWrapAtSpaces(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		text  string
		width int
		want  string
	}{
		{name: "a command keeps its dashes", text: "then run xpost login --client-id ID once", width: 20, want: "then run xpost login\n--client-id ID once"},
		{name: "a word wider than the line", text: "put it in /home/ada/.config/xpost/config.json now", width: 12, want: "put it in\n/home/ada/.c\nonfig/xpost/\nconfig.json\nnow"},
		{name: "fits", text: "short", width: 10, want: "short"},
		{name: "a command in backticks stays whole", text: "then quit and run `xpost login --client-id ID` once", width: 40, want: "then quit and run\n`xpost login --client-id ID` once"},
		{name: "one wider than the line is broken", text: "run `xpost login --client-id ID`", width: 12, want: "run `xpost\nlogin\n--client-id\nID`"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := wrapAtSpaces(tt.text, tt.width, ansi.WcWidth); got != tt.want {
				t.Errorf("wrapAtSpaces = %q, want %q", got, tt.want)
			}
		})
	}
}

// pastingLogin is a blockingLogin that also takes the address the
// browser ended on: the right one releases the login.
type pastingLogin struct {
	blockingLogin
}

func (p pastingLogin) SubmitLoginURL(pasted string) error {
	if !strings.Contains(pasted, "code=") {
		return errors.New("that is not the address the browser ended on: copy the whole URL from the address bar (it contains code= and state=)")
	}
	close(p.release)
	return nil
}

func TestLoginPastedAddress(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		svc := pastingLogin{blockingLogin{newFakeServices(), make(chan struct{})}}
		s := newLoginScreen(testEnv(t, svc))
		msgs := cmdMsgs(send(s, press("enter")))
		send(s, expectFrom[loginURLMsg](t, msgs))
		if !s.Typing() || !s.keys.Submit.Enabled() || !s.keys.Copy.Enabled() {
			t.Fatal("no field for the pasted address while the login waits")
		}
		if _, _, ok := s.Cursor(); ok {
			t.Error("a cursor before the field is drawn")
		}
		frame(s, screenW, screenH)
		if _, _, ok := s.Cursor(); !ok {
			t.Error("no terminal cursor in the field")
		}

		// c is typed into the field, not a copy; alt+c copies.
		send(s, tea.PasteMsg{Content: "not a url"})
		wrong := expectMsg[loginPastedMsg](t, send(s, press("enter")))
		send(s, wrong)
		if !strings.Contains(s.pasteErr, "not the address the browser ended on") || !s.waiting {
			t.Fatalf("a wrong paste: err %q waiting %v", s.pasteErr, s.waiting)
		}
		goldenFrame(t, "login_paste_error", s)
		golden(t, "login_paste_error_120", frame(s, 120, 30))
		if cmd := send(s, press("alt+c")); cmd == nil {
			t.Error("alt+c does nothing")
		}

		s.paste.SetValue("")
		send(s, tea.PasteMsg{Content: "http://127.0.0.1:8765/callback?state=s&code=c"})
		send(s, expectMsg[loginPastedMsg](t, send(s, press("enter"))))
		if s.pasteErr != "" {
			t.Fatalf("the right paste: %q", s.pasteErr)
		}
		done := expectFrom[loginResultMsg](t, msgs)
		expectMsg[accountMsg](t, send(s, done))
	})
}

func TestLoginLinkLines(t *testing.T) {
	t.Parallel()
	url := "https://x.com/i/oauth2/authorize?response_type=code&client_id=abc&redirect_uri=http%3A%2F%2F127.0.0.1%3A8765%2Fcallback&scope=tweet.read"
	got := linkLines(url, 40, lipgloss.NewStyle())
	lines := strings.Split(got, "\n")
	if len(lines) < 3 {
		t.Fatalf("%d lines", len(lines))
	}
	var joined strings.Builder
	for _, l := range lines {
		if w := ansi.StringWidth(l); w > 40 {
			t.Errorf("line %q is %d cells wide", l, w)
		}
		if !strings.HasPrefix(l, "\x1b]8;id=xpost-login;"+url+"\x07") || !strings.HasSuffix(l, "\x1b]8;;\x07") {
			t.Errorf("line %q is not one link to the whole address", l)
		}
		joined.WriteString(ansi.Strip(l))
	}
	if joined.String() != url {
		t.Errorf("the pieces join to %q, want the address", joined.String())
	}
}
