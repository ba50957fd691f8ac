package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/xpostdev/xpost/ui/draft"
)

// openElsewhere saves a draft holding text and keeps it open in another
// window: a store of its own, as another xpost process would have.
func openElsewhere(t *testing.T, dir, text string) *draft.Draft {
	t.Helper()
	other := &draft.Store{Dir: dir}
	d := textDraft(text)
	if err := other.Save(d); err != nil {
		t.Fatal(err)
	}
	if _, readOnly, err := other.Open(d.ID); err != nil || readOnly {
		t.Fatalf("the other window could not open its draft: %v %v", readOnly, err)
	}
	t.Cleanup(func() { other.ReleaseAll() })
	return d
}

// TestDraftOpenInAnotherWindow opens, in this window, a draft another
// window has open: it shows read-only, says so, does not publish, and the
// first keystroke makes it a copy that is saved, while the other window's
// draft stays as it was.
func TestDraftOpenInAnotherWindow(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		dir := t.TempDir()
		d := openElsewhere(t, dir, "written in the other window")
		m := newTestModel(t, Options{DraftDir: dir})
		t.Cleanup(func() { m.compose.closer()() })

		var tm tea.Model = m
		tm, cmd := tm.Update(openDraftMsg{ID: d.ID})
		loaded := expectMsg[draftLoadedMsg](t, cmd)
		tm, cmd = tm.Update(loaded)
		st := expectMsg[statusMsg](t, cmd)
		if !strings.Contains(st.Text, "is open in another xpost window: read-only here · typing makes a copy") {
			t.Errorf("status %q", st.Text)
		}
		tm, _ = tm.Update(expectMsg[saveStateMsg](t, cmd))
		if out := screenText(tm); !strings.Contains(out, "written in the other window") || !strings.Contains(out, "read-only") {
			t.Errorf("the draft is not shown read-only:\n%s", out)
		}

		tm, cmd = tm.Update(press("ctrl+p"))
		if st := expectMsg[statusMsg](t, cmd); !strings.Contains(st.Text, "publish it there") {
			t.Errorf("ctrl+p on a read-only draft: status %q", st.Text)
		}

		tm, cmd = tm.Update(tea.KeyPressMsg(tea.Key{Text: "!", Code: '!'}))
		if st := expectMsg[statusMsg](t, cmd); !strings.Contains(st.Text, "Editing a copy") {
			t.Errorf("first keystroke: status %q", st.Text)
		}
		c := tm.(Model).compose
		if c.d.ID == d.ID || c.readOnly {
			t.Fatalf("after typing, the composer edits %s (read-only %v), want a copy", c.d.ID, c.readOnly)
		}
		if err := c.saver.Flush(); err != nil {
			t.Fatal(err)
		}
		store := &draft.Store{Dir: dir}
		orig, err := store.Load(d.ID)
		if err != nil || orig.Posts[0].Text != "written in the other window" {
			t.Errorf("the other window's draft: %+v, %v", orig, err)
		}
		cp, err := store.Load(c.d.ID)
		if err != nil || !strings.Contains(cp.Posts[0].Text, "written in the other window") || !strings.Contains(cp.Posts[0].Text, "!") {
			t.Errorf("the copy: %+v, %v", cp, err)
		}
	})
}

// TestContinueSkipsADraftOpenElsewhere: a second window does not continue
// the draft the first has open; it starts a new one and says why.
func TestContinueSkipsADraftOpenElsewhere(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		dir := t.TempDir()
		openElsewhere(t, dir, "being written in the first window")
		m := newTestModel(t, Options{DraftDir: dir}) // closes the compose screen at cleanup
		st := expectMsg[statusMsg](t, m.Init())
		if !strings.Contains(st.Text, "Your last draft is open in another xpost window, so this is a new one") {
			t.Errorf("status %q", st.Text)
		}
		if got := texts(m); got[0] != "" {
			t.Errorf("the composer holds %q, want a new draft", got)
		}
	})
}

// TestComposerLetsGoOfTheDraftItLeaves: once the composer moves to
// another draft, the one it left may be opened elsewhere.
func TestComposerLetsGoOfTheDraftItLeaves(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	m := newTestModel(t, Options{DraftDir: dir})
	t.Cleanup(func() { m.compose.closer()() })
	m = run(m, []step{typed("first draft")})
	first := m.compose.d.ID
	if err := m.compose.saver.Flush(); err != nil {
		t.Fatal(err)
	}
	other := &draft.Store{Dir: dir}
	if _, readOnly, _ := other.Open(first); !readOnly {
		t.Fatal("a draft the composer has open is not read-only elsewhere")
	}
	_, cmd := m.Update(press("ctrl+t"))
	inOrder(cmd) // the new draft, after the old one is saved and let go
	if _, readOnly, err := other.Open(first); err != nil || readOnly {
		t.Errorf("the draft left behind: read-only %v, %v; want it free", readOnly, err)
	}
	other.ReleaseAll()
}
