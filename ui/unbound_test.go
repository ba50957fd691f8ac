package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/xpostdev/xpost/ui/draft"
)

// noteOf is the status note cmd sets, or "" when it sets none.
func noteOf(cmd tea.Cmd) string {
	if cmd == nil {
		return ""
	}
	switch msg := cmd().(type) {
	case statusMsg:
		return msg.Text
	case tea.BatchMsg:
		for _, c := range msg {
			if n := noteOf(c); n != "" {
				return n
			}
		}
	}
	return ""
}

// Every key acts or says why it cannot: an unbound printable key on a
// screen where nothing is typed gets a note, once, from the root.
func TestUnboundKeySaysSo(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		open       screenID // screenCompose: the full help over the composer
		accessible bool
		prep       []string // keys pressed before the one tried
		key        string
		want       string // "" : no "does nothing" note
	}{
		{name: "drafts", open: screenDrafts, key: "x", want: "x does nothing here · ? lists this screen's keys"},
		{name: "drafts accessible", open: screenDrafts, accessible: true, key: "x", want: "x does nothing here. Press ? to list this screen's keys."},
		{name: "recent posts", open: screenRecent, key: "x", want: "x does nothing here · ? lists this screen's keys"},
		{name: "queue", open: screenQueue, key: "x", want: "x does nothing here · ? lists this screen's keys"},
		{name: "accounts", open: screenAccounts, key: "x", want: "x does nothing here · ? lists this screen's keys"},
		{name: "publish confirmation", open: screenPublish, key: "x", want: "x does nothing here · ? lists this screen's keys"},
		{name: "media picker", open: screenMedia, key: "x", want: "x does nothing here · ? lists this screen's keys"},
		{name: "login", open: screenLogin, key: "x", want: "x does nothing here · ? lists this screen's keys"},
		// Settings says itself why x cannot act on its choice row.
		{name: "settings says why itself", open: screenSettings, key: "x"},
		{name: "space is named", open: screenDrafts, key: "space", want: "space does nothing here · ? lists this screen's keys"},
		{name: "shifted letter", open: screenQueue, key: "X", want: "X does nothing here · ? lists this screen's keys"},
		// Not while a filter is typed: x goes into it.
		{name: "drafts filter typed", open: screenDrafts, prep: []string{"/"}, key: "x"},
		{name: "recent filter typed", open: screenRecent, prep: []string{"/"}, key: "x"},
		// Not for keys with a modifier, nor for keys the screen binds.
		{name: "ctrl key", open: screenDrafts, key: "ctrl+y"},
		{name: "alt key", open: screenDrafts, key: "alt+x"},
		{name: "bound key moves", open: screenDrafts, key: "j"},
		// Not in the composer, where keys are text.
		{name: "composer types", open: screenCompose, key: "x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			bubble(t, func(t *testing.T) { checkUnbound(t, tt.open, tt.accessible, tt.prep, tt.key, tt.want) })
		})
	}
}

func checkUnbound(t *testing.T, open screenID, accessible bool, prep []string, k, want string) {
	m := newTestModel(t, Options{Accessible: accessible, DraftDir: t.TempDir()})
	m = run(m, []step{typed("hello")})
	// Something in every list, so that its filter can be typed.
	m.env.svc.(*fakeServices).addPosts(3)
	for i := range 3 {
		d := draft.New()
		d.Posts[0].Text = listText(i)
		if err := m.env.store.Save(d); err != nil {
			t.Fatal(err)
		}
	}
	if open != screenCompose {
		tm, cmd := m.open(open, m.compose.request())
		m = drain(t, tm, cmd).(Model)
	}
	m = run(m, keys(prep...))
	msg := press(k)
	if k == "space" {
		msg = tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	}
	tm, cmd := m.Update(msg)
	got := noteOf(cmd)
	if want == "" {
		if strings.Contains(got, "does nothing") {
			t.Errorf("%s: note %q, want none", k, got)
		}
		return
	}
	if got != want {
		t.Fatalf("%s: note %q, want %q", k, got, want)
	}
	// The note clears on the next key, as notes do.
	tm, _ = tm.Update(statusMsg{Text: got, Level: levelInfo})
	tm, _ = tm.Update(press("j"))
	if s := tm.(Model).status.text; s != "" {
		t.Errorf("after the next key the status is %q", s)
	}
}

// Only key presses get the note: a paste, a mouse click or focus on a
// list screen does not.
func TestUnboundNoteOnlyForKeys(t *testing.T) {
	t.Parallel()
	m := newTestModel(t, Options{})
	tm, _ := m.open(screenDrafts, m.compose.request())
	for _, msg := range []tea.Msg{
		tea.PasteMsg{Content: "x"},
		tea.MouseClickMsg{X: 1, Y: 1},
		tea.FocusMsg{},
		tea.KeyPressMsg{Code: tea.KeyLeftShift, Mod: tea.ModShift},
	} {
		_, cmd := tm.Update(msg)
		if n := noteOf(cmd); strings.Contains(n, "does nothing") {
			t.Errorf("%T: note %q", msg, n)
		}
	}
}

// The filter key on an empty list, where the filter is off, says why
// instead of nothing; on a list with items it opens the filter.
func TestFilterOnEmptyListSaysSo(t *testing.T) {
	t.Parallel()
	const note = "nothing to filter: the list is empty"
	tests := []struct {
		name  string
		open  screenID
		items bool
		want  string
	}{
		{"drafts", screenDrafts, false, note},
		{"queue", screenQueue, false, note},
		{"recent posts", screenRecent, false, note},
		{"accounts", screenAccounts, false, note},
		{"drafts with items", screenDrafts, true, ""},
		{"recent posts with items", screenRecent, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			bubble(t, func(t *testing.T) {
				svc := manyAccounts{fakeServices: newFakeServices()}
				m := newTestModel(t, Options{DraftDir: t.TempDir()})
				m.env.svc = svc
				if tt.items {
					svc.addPosts(3)
					d := draft.New()
					d.Posts[0].Text = listText(0)
					if err := m.env.store.Save(d); err != nil {
						t.Fatal(err)
					}
				}
				tm, cmd := m.open(tt.open, m.compose.request())
				m = drain(t, tm, cmd).(Model)
				tm, cmd = m.Update(press("/"))
				if got := noteOf(cmd); got != tt.want {
					t.Errorf("/ says %q, want %q", got, tt.want)
				}
				if tt.items && !tm.(Model).top().(typer).Typing() {
					t.Error("/ on a list with items did not open the filter")
				}
			})
		})
	}
}
