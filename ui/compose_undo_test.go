package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/google/go-cmp/cmp"

	"github.com/xpostdev/xpost/ui/draft"
)

// pasted is a step that pastes s, as a terminal's bracketed paste does.
func pasted(s string) []step { return []step{{paste: s}} }

// TestUndoGroups types, deletes and changes the thread, then undoes one
// step at a time: each row lists the thread after each ctrl+z.
func TestUndoGroups(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		steps [][]step
		undos [][]string // the posts after the first ctrl+z, the second, …
	}{
		{
			name:  "typing goes back a word at a time",
			steps: [][]step{{typed("hello world")}},
			undos: [][]string{{"hello "}, {""}},
		},
		{
			name:  "punctuation and spaces stay with the word before",
			steps: [][]step{{typed("Hi, there. Bye")}},
			undos: [][]string{{"Hi, there. "}, {"Hi, "}, {""}},
		},
		{
			name:  "a new line ends a word like a space",
			steps: [][]step{{typed("one")}, keys("enter"), {typed("two")}},
			undos: [][]string{{"one\n"}, {""}},
		},
		{
			name:  "backspaces group by word",
			steps: [][]step{{typed("one two")}, keys("backspace", "backspace", "backspace", "backspace", "backspace", "backspace")},
			undos: [][]string{{"one"}, {"one two"}, {"one "}, {""}},
		},
		{
			name:  "forward deletes group",
			steps: [][]step{{typed("abc")}, keys("home", "delete", "delete")},
			undos: [][]string{{"abc"}, {""}},
		},
		{
			name:  "a cursor move ends the group",
			steps: [][]step{{typed("ab")}, keys("left", "right"), {typed("cd")}},
			undos: [][]string{{"ab"}, {""}},
		},
		{
			name:  "a paste is a step of its own",
			steps: [][]step{{typed("a ")}, pasted("pasted text"), {typed("b")}},
			undos: [][]string{{"a pasted text"}, {"a "}, {""}},
		},
		{
			name:  "a word deletion is a step of its own",
			steps: [][]step{{typed("keep drop")}, keys("ctrl+w")},
			undos: [][]string{{"keep drop"}, {"keep "}},
		},
		{
			name:  "new post and typing in it, in order",
			steps: [][]step{{typed("a")}, keys("ctrl+n"), {typed("b")}},
			undos: [][]string{{"a", ""}, {"a"}, {""}},
		},
		{
			name:  "split and join",
			steps: [][]step{{typed("ab")}, keys("left", "ctrl+o", "shift+tab", "alt+j")},
			undos: [][]string{{"a", "b"}, {"ab"}, {""}},
		},
		{
			name:  "move",
			steps: [][]step{{typed("a")}, keys("ctrl+n"), {typed("b")}, keys("alt+up")},
			undos: [][]string{{"a", "b"}, {"a", ""}},
		},
		{
			name: "a deleted post comes back after the edits made since are undone",
			steps: [][]step{{typed("a")}, keys("ctrl+n"), {typed("b")}, keys("ctrl+n"), {typed("c")},
				keys("shift+tab", "ctrl+x"), {typed("X")}},
			undos: [][]string{{"a", "c"}, {"a", "b", "c"}, {"a", "b", ""}},
		},
		{
			name:  "typing in another post after a focus change",
			steps: [][]step{{typed("a")}, keys("ctrl+n"), {typed("b")}, keys("shift+tab"), {typed("c")}},
			undos: [][]string{{"a", "b"}, {"a", ""}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := run(newTestModel(t, Options{}), tt.steps...)
			done := texts(m)
			for i, want := range tt.undos {
				m = run(m, keys("ctrl+z"))
				if diff := cmp.Diff(want, texts(m)); diff != "" {
					t.Fatalf("after undo %d (-want +got):\n%s", i+1, diff)
				}
				checkEditorMatchesDraft(t, m)
			}
			// Redo walks the same steps forward to where typing ended.
			for range tt.undos {
				m = run(m, keys("ctrl+y"))
			}
			if diff := cmp.Diff(done, texts(m)); diff != "" {
				t.Errorf("after redoing all (-want +got):\n%s", diff)
			}
			checkEditorMatchesDraft(t, m)
		})
	}
}

func checkEditorMatchesDraft(t *testing.T, m Model) {
	t.Helper()
	c := m.compose
	if c.ed.Text() != c.d.Posts[c.focus].Text {
		t.Fatalf("editor holds %q, the draft %q", c.ed.Text(), c.d.Posts[c.focus].Text)
	}
}

func TestUndoRedoKeys(t *testing.T) {
	t.Parallel()
	m := run(newTestModel(t, Options{}), []step{typed("hello world")})
	if !m.env.keys.Undo.Enabled() || m.env.keys.Redo.Enabled() {
		t.Fatalf("after typing: undo %v, redo %v; want on, off", m.env.keys.Undo.Enabled(), m.env.keys.Redo.Enabled())
	}
	m = run(m, keys("ctrl+z"))
	if !m.env.keys.Redo.Enabled() {
		t.Errorf("redo is off after an undo")
	}
	if c := m.compose.ed.Cursor(); c != len("hello ") {
		t.Errorf("cursor after undo = %d, want %d (where the word was)", c, len("hello "))
	}
	m = run(m, keys("ctrl+shift+z"))
	if diff := cmp.Diff([]string{"hello world"}, texts(m)); diff != "" {
		t.Errorf("ctrl+shift+z does not redo (-want +got):\n%s", diff)
	}
	// Typing after an undo drops what could be redone.
	m = run(m, keys("ctrl+z"), []step{typed("there")}, keys("ctrl+y"))
	if diff := cmp.Diff([]string{"hello there"}, texts(m)); diff != "" {
		t.Errorf("redo after new typing (-want +got):\n%s", diff)
	}
}

// With nothing to undo or redo, the keys say so.
func TestUndoRedoNothing(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		m := newTestModel(t, Options{})
		for _, k := range []string{"ctrl+z", "ctrl+y"} {
			_, cmd := tea.Model(m).Update(press(k))
			if st := expectMsg[statusMsg](t, cmd); !strings.Contains(st.Text, "nothing to") {
				t.Errorf("%s with an empty history says %q", k, st.Text)
			}
		}
	})
}

// The thread read back from $EDITOR and the split into a thread are steps
// of the same history: undoing them after typing undoes the typing first.
func TestUndoThreadifyInHistory(t *testing.T) {
	t.Parallel()
	m := newTestModel(t, Options{})
	long := strings.Repeat("A sentence that goes on. ", 20)
	m = run(m, pasted(long), keys("alt+t"))
	split := texts(m)
	if len(split) < 2 {
		t.Fatalf("alt+t left %d posts", len(split))
	}
	m = run(m, []step{typed("!")}, keys("ctrl+z"))
	if diff := cmp.Diff(split, texts(m)); diff != "" {
		t.Fatalf("the first undo does not take back the typing (-want +got):\n%s", diff)
	}
	m = run(m, keys("ctrl+z"))
	if diff := cmp.Diff([]string{long}, texts(m)); diff != "" {
		t.Errorf("the second undo (-want +got):\n%s", diff)
	}
}

// The history is bounded by steps and by bytes; the oldest steps go.
func TestUndoHistoryBounded(t *testing.T) {
	t.Parallel()
	var h history
	for i := range maxUndoSteps + 50 {
		h.push(undoStep{post: 0, at: i, inserted: "x", kind: editAlone, sealed: true})
	}
	if len(h.undo) != maxUndoSteps {
		t.Errorf("%d steps kept, want %d", len(h.undo), maxUndoSteps)
	}
	if h.undo[0].at != 50 {
		t.Errorf("the oldest step kept is %d, want 50", h.undo[0].at)
	}
	big := strings.Repeat("y", maxUndoBytes/4)
	for range 10 {
		h.push(undoStep{inserted: big, kind: editAlone, sealed: true})
	}
	if h.bytes > maxUndoBytes {
		t.Errorf("%d bytes kept, more than %d", h.bytes, maxUndoBytes)
	}
	sum := 0
	for i := range h.undo {
		sum += h.undo[i].size()
	}
	if sum != h.bytes {
		t.Errorf("bytes = %d, the steps hold %d", h.bytes, sum)
	}
	// A thread change's size counts its posts.
	s := undoStep{before: []draft.Post{{Text: "abc"}}, after: []draft.Post{{Text: "abcdef"}}}
	if s.size() < 9 {
		t.Errorf("size of a thread change = %d", s.size())
	}
}

// The whole program: type, delete a word, split; undo and redo through
// the real program's key handling.
func TestFlowUndoRedo(t *testing.T) {
	t.Parallel()
	dark := true
	m := New(newFakeServices(), Options{DraftDir: t.TempDir(), Dark: &dark})
	tm, w := watch(t, m)
	tm.Type("hello brave world")
	tm.Send(press("ctrl+w"))
	w.wait(t, "the word deleted", "hello brave ", "12/280")
	tm.Send(press("ctrl+z"))
	w.wait(t, "the word back", "hello brave world", "17/280")
	tm.Send(press("ctrl+z"))
	w.wait(t, "the typing undone by a word", "hello brave ", "12/280")
	tm.Send(press("ctrl+y"))
	w.wait(t, "redone", "hello brave world", "17/280")
	tm.Send(press("ctrl+c"))
	final := finalModel(t, tm)
	if got := final.compose.d.Posts[0].Text; got != "hello brave world" {
		t.Errorf("post = %q", got)
	}
}
