package main

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/xpostdev/xpost/ui"
	"github.com/xpostdev/xpost/xapi/xapitest"
)

// TestComposerLoginPastedOverSSH logs in from inside the composer as over
// SSH: the browser runs on another machine, so X's redirect to xpost's
// callback never arrives; the user copies the address the browser ended
// on and pastes it into the login screen. Against the fake X's OAuth
// endpoints, at 80 and 120 columns.
func TestComposerLoginPastedOverSSH(t *testing.T) {
	t.Parallel()
	for _, width := range []int{80, 120} {
		t.Run(strings.Repeat("w", width/40), func(t *testing.T) {
			t.Parallel()
			srv := fake(t, xapitest.Options{AutoApprove: true})
			r := newRunner(t)
			r.env["XPOST_API_BASE"] = srv.URL
			r.env["XPOST_CLIENT_ID"] = xapitest.DemoClientID
			svc := adapter(t, r)
			svc.cfg.RedirectPort = freePort(t)
			landed := make(chan string, 1)
			// The other machine's browser: X approves and redirects to
			// 127.0.0.1 there, where nothing answers; its address bar
			// holds the code.
			svc.browse = func(u string) error {
				c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
				resp, err := c.Get(u)
				if err != nil {
					return err
				}
				resp.Body.Close()
				landed <- resp.Header.Get("Location")
				return nil
			}
			tm := teatest.NewTestModel(t, ui.New(svc, ui.Options{Context: t.Context()}), teatest.WithInitialTermSize(width, 30))
			wait := func(what ...string) {
				t.Helper()
				teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
					for _, w := range what {
						if !bytes.Contains(b, []byte(w)) {
							return false
						}
					}
					return true
				}, teatest.WithDuration(10*time.Second))
			}
			wait("log in with your browser from here")
			tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
			// (The address is also a link, OSC 8, which a test terminal
			// without colours does not get: ui tests the bytes.)
			wait(srv.URL+"/i/oauth2/authorize?", "Browser on another machine?")
			loc := <-landed
			if !strings.Contains(loc, "code=") {
				t.Fatalf("X redirected to %q", loc)
			}
			tm.Send(tea.PasteMsg{Content: "https://example.com/not-it"})
			tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
			wait("not the address the browser ended on")
			for range len("https://example.com/not-it") {
				tm.Send(tea.KeyPressMsg{Code: tea.KeyBackspace})
			}
			tm.Send(tea.PasteMsg{Content: loc})
			tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
			wait("Logged in as @" + srv.DemoUser().Username)
			if err := tm.Quit(); err != nil {
				t.Fatal(err)
			}
			if _, err := svc.Account(t.Context()); err != nil {
				t.Errorf("after the pasted login: %v", err)
			}
		})
	}
}
