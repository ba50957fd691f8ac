package ui

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/xpostdev/xpost/ui/draft"
)

// bindingsIn are the key.Binding fields of the structs vs.
func bindingsIn(vs ...any) []key.Binding {
	var out []key.Binding
	for _, v := range vs {
		rv := reflect.ValueOf(v)
		for i := range rv.NumField() {
			if f := rv.Field(i); f.Type() == reflect.TypeFor[key.Binding]() && rv.Type().Field(i).IsExported() {
				out = append(out, f.Interface().(key.Binding))
			}
		}
	}
	return out
}

// notCompose are the fields of the KeyMap the compose screen does not
// answer: the keys of lists and forms, and those of every screen, which
// the help lists under "everywhere".
var notCompose = []string{"Quit", "Help", "HelpChar", "Back", "Up", "Down", "Select", "Confirm", "Deny",
	"Remove", "Retry", "NextTab", "PrevTab", "First", "Last", "Filter"}

// screenBindings are all the bindings of the screen s: those of its key
// structs, or for the compose screen those of the KeyMap it answers.
func screenBindings(t *testing.T, s screen) []key.Binding {
	t.Helper()
	switch s := s.(type) {
	case *composeScreen:
		km := s.env.keys
		rv, rt := reflect.ValueOf(km), reflect.TypeOf(km)
		var out []key.Binding
		for i := range rt.NumField() {
			if !slices.Contains(notCompose, rt.Field(i).Name) {
				out = append(out, rv.Field(i).Interface().(key.Binding))
			}
		}
		return out
	case *draftsScreen:
		return bindingsIn(s.keys, s.nav.keys)
	case *recentScreen:
		return bindingsIn(s.keys, s.list.keys, s.nav)
	case *queueScreen:
		return bindingsIn(s.keys, s.nav.keys)
	case *mediaScreen:
		if s.stage == mediaPick {
			return append(bindingsIn(s.keys), bindingsIn(s.fp.KeyMap)...)
		}
		return bindingsIn(s.keys, s.nav.keys)
	case *settingsScreen:
		if p := s.picker; p != nil {
			return bindingsIn(p.list.keys, p.nav)
		}
		return bindingsIn(s.keys)
	case *pollScreen:
		return bindingsIn(s.keys)
	case *publishScreen:
		return bindingsIn(s.keys)
	case *loginScreen:
		return bindingsIn(s.keys)
	case *scheduleScreen:
		return bindingsIn(s.keys)
	case *accountsScreen:
		return bindingsIn(s.keys, s.nav.keys)
	}
	t.Fatalf("no bindings known for %T: add it to screenBindings", s)
	return nil
}

// TestHelpListsEveryBinding: the full help of every screen, in each of
// its states, lists every binding that screen answers then, and nothing
// it does not.
func TestHelpListsEveryBinding(t *testing.T) {
	t.Parallel()
	thread := func() *draft.Draft {
		d := draft.New()
		d.ReplyTo = "1"
		d.Posts = []draft.Post{{Text: "one"}, {Text: "two"}, {Text: "three"}}
		return d
	}
	tests := []struct {
		name  string
		build func(t *testing.T) screen
	}{
		{"compose", nil},
		{"drafts", func(t *testing.T) screen {
			e := testEnv(t, newFakeServices())
			seedDrafts(t, e.store)
			return newTestDrafts(t, e, "")
		}},
		{"drafts asking", func(t *testing.T) screen {
			e := testEnv(t, newFakeServices())
			seedDrafts(t, e.store)
			s := newTestDrafts(t, e, "")
			send(s, press("d"))
			return s
		}},
		{"drafts filtering", func(t *testing.T) screen {
			e := testEnv(t, newFakeServices())
			seedDrafts(t, e.store)
			s := newTestDrafts(t, e, "")
			send(s, press("/"))
			return s
		}},
		{"recent", func(t *testing.T) screen { s, _ := newTestRecent(t, newFakeServices().addPosts(3)); return s }},
		{"recent filtered", func(t *testing.T) screen {
			s, _ := newTestRecent(t, newFakeServices().addPosts(3))
			send(s, press("/"), press("p"), press("enter"))
			return s
		}},
		{"recent reading", func(t *testing.T) screen {
			s, _ := newTestRecent(t, newFakeServices().addPosts(3))
			send(s, press("enter"))
			return s
		}},
		{"queue", func(t *testing.T) screen { return newTestQueue(t, testEnv(t, newFakeServices()), "queued") }},
		{"media list", func(t *testing.T) screen {
			d := draft.New()
			d.Posts[0].Media = []draft.Media{{Path: "/tmp/a.png", Kind: draft.KindImage}, {Path: "/tmp/b.png", Kind: draft.KindImage}}
			return newTestMedia(t, mediaFake(), d)
		}},
		{"media browser", func(t *testing.T) screen { return newTestMedia(t, mediaFake(), draft.New()) }},
		{"settings", func(t *testing.T) screen { return newSettingsScreen(testEnv(t, newFakeServices()), thread()) }},
		{"post picker", func(t *testing.T) screen {
			s := newSettingsScreen(testEnv(t, newFakeServices().addPosts(3)), thread())
			send(s, expectMsg[recentPageMsg](t, send(s, press("ctrl+l"))))
			return s
		}},
		{"poll", func(t *testing.T) screen { return newPollScreen(testEnv(t, newFakeServices()), 0, nil) }},
		{"publish", func(t *testing.T) screen {
			s, _ := newPublishScreenFor(testEnv(t, newFakeServices()), openRequest{Draft: thread()})
			return s
		}},
		{"login", func(t *testing.T) screen { return newLoginScreen(testEnv(t, newFakeServices())) }},
		{"accounts", func(t *testing.T) screen {
			sc, cmd := newAccountsScreenFor(testEnv(t, newSwitchingServices()), openRequest{})
			send(sc, cmd())
			return sc
		}},
		{"schedule", func(t *testing.T) screen {
			s, _ := newScheduleScreenFor(testEnv(t, newFakeServices()), openRequest{Draft: thread()})
			return s
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			bubble(t, func(t *testing.T) {
				m := newTestModel(t, Options{Draft: thread(), Editor: []string{"vi"}})
				if tt.build != nil {
					m.stack = append(m.stack, tt.build(t))
				}
				var listed []key.Binding
				for _, g := range m.helpGroups() {
					if g.title == "" {
						t.Errorf("a group without a title: %v", g.keys)
					}
					listed = append(listed, g.keys...)
				}
				same := func(a, b key.Binding) bool { return a.Help() == b.Help() && slices.Equal(a.Keys(), b.Keys()) }
				drawn := ansi.Strip(m.helpScreen(200, 200))
				for _, b := range screenBindings(t, m.top()) {
					h := b.Help()
					if !b.Enabled() || h.Key == "" {
						continue // switched off now, or the other half of a pair ("←/→")
					}
					if !slices.ContainsFunc(listed, func(l key.Binding) bool { return same(l, b) }) {
						t.Errorf("the help does not list %q %q (keys %v)", h.Key, h.Desc, b.Keys())
					}
					if !strings.Contains(drawn, h.Key+" ") || !strings.Contains(drawn, h.Desc) {
						t.Errorf("the help screen does not show %q %q:\n%s", h.Key, h.Desc, drawn)
					}
				}
				for _, l := range listed {
					if !l.Enabled() {
						t.Errorf("the help lists %q, which is switched off", l.Help().Key)
					}
				}
			})
		})
	}
}

// TestHelpScreenKeys: ? opens the help where nothing is typed (ctrl+g and
// f1 everywhere), the list keys scroll it when it is taller than the
// window, esc or ? closes it, and other keys say how to close it.
func TestHelpScreenKeys(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		m := newTestModel(t, Options{})
		m = run(m, keys("f1"))
		if !m.fullHelp {
			t.Fatal("f1 does not open the help")
		}
		if f := screenText(m); !strings.Contains(f, "edit text") || !strings.Contains(f, "lines 1–") {
			t.Errorf("the help at 80x24 does not show its groups and how far it goes:\n%s", f)
		}
		var tm tea.Model = m
		tm, cmd := tm.Update(press("x"))
		if msg := firstStatus(cmd); !strings.Contains(msg, "closes the help") {
			t.Errorf("x in the help says %q", msg)
		}
		m = run(tm.(Model), keys("pgdown"))
		if m.hs.top == 0 {
			t.Error("pgdown does not scroll the help")
		}
		m = run(m, keys("g"))
		if m.hs.top != 0 {
			t.Error("g does not go back to the top of the help")
		}
		m = run(m, keys("?"))
		if m.fullHelp {
			t.Error("? does not close the help")
		}
		// In the composer ? is text; in a list it is the help.
		m = run(m, []step{typed("?")})
		if m.fullHelp || texts(m)[0] != "?" {
			t.Error("? in the composer did not type")
		}
		tm, _ = m.open(screenDrafts, m.compose.request())
		m = run(tm.(Model), keys("?"))
		if !m.fullHelp || !strings.Contains(screenText(m), "drafts") {
			t.Errorf("? in the drafts does not open their help:\n%s", screenText(m))
		}
		m = run(m, keys("esc"))
		if m.fullHelp || len(m.stack) != 2 {
			t.Errorf("esc closes the help and stays on the drafts: help %v, %d screens", m.fullHelp, len(m.stack))
		}
	})
}

// firstStatus is the text of the first status message cmd delivers.
func firstStatus(cmd tea.Cmd) string {
	for _, msg := range drainMsgs(cmd) {
		if s, ok := msg.(statusMsg); ok {
			return s.Text
		}
	}
	return ""
}
