package ui

import (
	"os"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/xpostdev/xpost/ui/draft"
)

// Starting the composer continues the draft edited last when it holds
// something not yet on X, and starts fresh otherwise.
func TestContinueDraftAtStart(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// last is the draft edited last; older is saved before it.
		last, older func() *draft.Draft
		opts        Options
		want        string // the text continued; "" starts fresh
	}{
		{
			name: "an unpublished draft is continued",
			last: func() *draft.Draft { return textDraft("where I left off") },
			want: "where I left off",
		},
		{
			name: "a thread half on X is continued",
			last: func() *draft.Draft {
				d := textDraft("one")
				d.Posts = append(d.Posts, draft.Post{Text: "two"})
				d.RecordPost(0, "1000")
				return d
			},
			want: "one",
		},
		{
			name: "a published draft is not",
			last: func() *draft.Draft {
				d := textDraft("all out")
				d.RecordPost(0, "1000")
				return d
			},
			older: func() *draft.Draft { return textDraft("an older draft") },
		},
		{
			name: "an empty draft is not",
			last: func() *draft.Draft { return draft.New() },
		},
		{
			name: "nor in the demo",
			last: func() *draft.Draft { return textDraft("a demo draft") },
			opts: Options{Demo: true},
		},
		{
			name: "nor when a draft is asked for",
			last: func() *draft.Draft { return textDraft("the last one") },
			opts: Options{Draft: textDraft("given")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			bubble(t, func(t *testing.T) {
				dir := t.TempDir()
				store := &draft.Store{Dir: dir}
				for _, mk := range []func() *draft.Draft{tt.older, tt.last} {
					if mk == nil {
						continue
					}
					if err := store.Save(mk()); err != nil {
						t.Fatal(err)
					}
					time.Sleep(2 * time.Millisecond) // the last one is the newest
				}
				tt.opts.DraftDir = dir
				m := newTestModel(t, tt.opts)
				msg, found := firstMsg[unfinishedDraftMsg](m.Init())
				if found != (tt.want != "") {
					t.Fatalf("found an unfinished draft: %v, want %v", found, tt.want != "")
				}
				if !found {
					return
				}
				tm, cmd := m.Update(msg)
				if got := texts(tm.(Model)); got[0] != tt.want {
					t.Errorf("continued %q, want %q", got, tt.want)
				}
				st := expectMsg[statusMsg](t, cmd)
				for _, w := range []string{"Continuing your draft from just now", "ctrl+t new draft", "alt+d all drafts"} {
					if !strings.Contains(st.Text, w) {
						t.Errorf("status %q lacks %q", st.Text, w)
					}
				}
			})
		})
	}
}

func textDraft(text string) *draft.Draft {
	d := draft.New()
	d.Posts[0].Text = text
	return d
}

// A draft found at start does not replace one the user began meanwhile.
func TestContinueDraftTooLate(t *testing.T) {
	t.Parallel()
	m := newTestModel(t, Options{DraftDir: t.TempDir()})
	t.Cleanup(func() { closeCompose(t, m) })
	m = run(m, []step{typed("new words")})
	tm, _ := m.Update(unfinishedDraftMsg{d: textDraft("old words")})
	if got := texts(tm.(Model)); got[0] != "new words" {
		t.Errorf("texts %q, want the words typed", got)
	}
}

func TestContinueDraftWhen(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 5, 6, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		updated time.Time
		want    string
	}{
		{name: "minutes", updated: now.Add(-5 * time.Minute), want: "from 5m ago ·"},
		{name: "hours", updated: now.Add(-3 * time.Hour), want: "from 3h ago ·"},
		{name: "weeks", updated: now.Add(-30 * 24 * time.Hour), want: "from Apr 6 ·"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			bubble(t, func(t *testing.T) {
				c := newComposeScreen(testEnv(t, newFakeServices()), Options{})
				t.Cleanup(func() { c.closer()() }) // stops the autosaver's goroutine
				c.now = func() time.Time { return now }
				d := textDraft("kept")
				d.Updated = tt.updated
				st := expectMsg[statusMsg](t, c.continueDraft(d))
				if !strings.Contains(st.Text, tt.want) {
					t.Errorf("status %q lacks %q", st.Text, tt.want)
				}
			})
		})
	}
}

// Only drafts that had content get a file, and a draft emptied again
// loses its file when the composer is left.
func TestEmptyDraftsAreNotKept(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		steps []step
		kept  bool
	}{
		{name: "untouched"},
		{name: "numbering toggled", steps: keys("alt+n")},
		{name: "typed and erased", steps: append([]step{typed("x")}, keys("backspace")...)},
		{name: "typed", steps: []step{typed("hello")}, kept: true},
		{name: "blank lines only", steps: keys("enter", "enter")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			m := run(newTestModel(t, Options{DraftDir: dir}), tt.steps)
			if err := m.compose.closer()(); err != nil {
				t.Fatal(err)
			}
			list, err := (&draft.Store{Dir: dir}).List()
			if err != nil {
				t.Fatal(err)
			}
			if kept := len(list) > 0; kept != tt.kept {
				t.Errorf("drafts on disk %+v, want kept %v", list, tt.kept)
			}
		})
	}
}

func TestNewDraftKey(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		dir := t.TempDir()
		m := newTestModel(t, Options{DraftDir: dir})
		t.Cleanup(func() { closeCompose(t, m) })
		store := &draft.Store{Dir: dir}

		// On a fresh draft there is nothing to leave.
		tm, cmd := m.Update(press("ctrl+t"))
		if st := expectMsg[statusMsg](t, cmd); !strings.Contains(st.Text, "new draft already") {
			t.Errorf("status %q", st.Text)
		}

		m = run(tm.(Model), []step{typed("keep me")})
		old := m.compose.d.ID
		tm, cmd = m.Update(press("ctrl+t"))
		msgs := inOrder(cmd)
		if st, ok := msgs[len(msgs)-1].(statusMsg); !ok || !strings.Contains(st.Text, "New draft") {
			t.Errorf("messages %+v, want the new draft's status last", msgs)
		}
		m = tm.(Model)
		if got := texts(m); len(got) != 1 || got[0] != "" || m.compose.d.ID == old {
			t.Errorf("after ctrl+t: draft %s with %q", m.compose.d.ID, got)
		}
		d, err := store.Load(old)
		if err != nil || d.Posts[0].Text != "keep me" {
			t.Fatalf("the draft left: %+v, %v", d, err)
		}

		// Leaving a draft emptied by hand removes its file.
		m = run(m, []step{typed("z")})
		emptied := m.compose.d.ID
		m = run(m, keys("backspace"))
		if err := m.compose.flush()().(saveStateMsg).Err; err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(dir + "/" + emptied + ".json"); err != nil {
			t.Fatalf("the draft typed in was not saved: %v", err)
		}
		_, cmd = m.Update(press("ctrl+t"))
		inOrder(cmd)
		if _, err := store.Load(emptied); err == nil {
			t.Error("the emptied draft is still stored")
		}
	})
}

// inOrder runs cmd and what it batches or sequences one after another on
// this goroutine, and returns their messages; only for commands that do
// not wait.
func inOrder(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if cmds, ok := subCmds(msg); ok {
		var out []tea.Msg
		for _, c := range cmds {
			out = append(out, inOrder(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

// The compose screen's own answers reach it under another screen: the
// draft to continue is found while the login screen is up, and a save
// lands after a screen opened (else the save state stops updating).
func TestComposeAnswersUnderAnotherScreen(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		m := newTestModel(t, Options{DraftDir: t.TempDir()})
		t.Cleanup(func() { closeCompose(t, m) })
		tm, _ := m.Update(accountMsg{Err: ErrNotLoggedIn})
		if _, ok := tm.(Model).top().(*loginScreen); !ok {
			t.Fatalf("top screen %T, want the login screen", tm.(Model).top())
		}
		tm, _ = tm.Update(unfinishedDraftMsg{d: textDraft("left off")})
		if got := texts(tm.(Model)); got[0] != "left off" {
			t.Errorf("texts %q, want the draft continued", got)
		}
		if _, ok := tm.(Model).top().(*loginScreen); !ok {
			t.Errorf("top screen %T, want the login screen still", tm.(Model).top())
		}
		_, cmd := tm.Update(draftSavedMsg{state: saveSaved})
		if st := expectMsg[saveStateMsg](t, cmd); st.State != saveSaved {
			t.Errorf("save state %v", st.State)
		}
	})
}
