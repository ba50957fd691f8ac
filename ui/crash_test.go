package ui

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/xpostdev/xpost/ui/draft"
)

// buggyScreen panics on purpose: in Update when "x" is pressed, in View
// once "v" was pressed.
type buggyScreen struct{ broken *bool }

func (s buggyScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch k.String() {
		case "x":
			var m map[string]int
			//lint:ignore SA5000 the panic is the point: the test checks how a bug is recovered
			m["boom"]++ // a nil map: the kind of bug that slips through
		case "v":
			*s.broken = true
		}
	}
	return s, nil
}

func (s buggyScreen) View(width, height int) string {
	if *s.broken {
		panic("a view that cannot draw")
	}
	return "buggy screen"
}

func (s buggyScreen) Keys() []key.Binding { return nil }

func TestCrashEndsTheProgramAndKeepsTheDraft(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, key, where string
	}{
		{name: "in Update", key: "x", where: "buggyScreen.Update"},
		{name: "in View", key: "v", where: "buggyScreen.View"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			dark := true
			d := draft.New()
			d.Posts[0].Text = "words worth keeping 🧑‍💻"
			var tm *teatest.TestModel
			m := New(newFakeServices(), Options{DraftDir: dir, Dark: &dark, Draft: d, Stop: func() { tm.Quit() }})
			m.stack = append(m.stack, buggyScreen{broken: new(bool)})
			tm = teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24))
			teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("buggy screen")) },
				teatest.WithDuration(5*time.Second))
			tm.Send(press(tt.key))
			tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))

			c := m.Crash()
			if c == nil {
				t.Fatal("the program ended without a crash report")
			}
			if !strings.Contains(string(c.Stack), tt.where) {
				t.Errorf("the stack does not point at %s:\n%s", tt.where, c.Stack)
			}
			if c.DraftErr != nil || c.DraftID != d.ID {
				t.Errorf("draft saved as %q, err %v; want %q", c.DraftID, c.DraftErr, d.ID)
			}
			saved, err := (&draft.Store{Dir: dir}).Load(d.ID)
			if err != nil {
				t.Fatal(err)
			}
			if saved.Posts[0].Text != d.Posts[0].Text {
				t.Errorf("saved text %q, want %q", saved.Posts[0].Text, d.Posts[0].Text)
			}
		})
	}
}
