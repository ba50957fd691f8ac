package ui

import (
	"strings"
	"testing"

	"github.com/xpostdev/xpost/textcount"
	"github.com/xpostdev/xpost/ui/draft"
)

// Turning numbering on re-cuts the posts its " i/n" pushes over the limit,
// as one undo step, or says which post is over and by how much.
func TestNumberingRecutsFullPosts(t *testing.T) {
	t.Parallel()
	exact := strings.Repeat("word ", 56)[:279] + "." // 280 characters: fits exactly
	if n := textcount.Parse(exact).WeightedLength; n != 280 {
		t.Fatalf("exact is %d characters", n)
	}
	tests := []struct {
		name  string
		steps [][]step
		// wantNote must be in the status note; recut whether the posts
		// changed (and undo puts them back).
		wantNote string
		recut    bool
	}{
		{
			// Word cuts fill each post to the limit: " i/n" pushes them over.
			name:     "threadified text cut at words",
			steps:    [][]step{{{paste: strings.TrimSpace(strings.Repeat("word ", 150))}}, keys("alt+t")},
			wantNote: "cut again", recut: true,
		},
		{
			// Sentence cuts leave room: nothing to cut again.
			name:     "threadified essay with room",
			steps:    [][]step{{{paste: essay()}}, keys("alt+t")},
			wantNote: "numbering on: each post ends with 1/n",
		},
		{
			name:     "a post that fits exactly before numbering",
			steps:    [][]step{{{paste: exact}}, keys("ctrl+n"), {typed("last one")}},
			wantNote: "cut again", recut: true,
		},
		{
			name:     "the last post full",
			steps:    [][]step{{typed("first")}, keys("ctrl+n"), {{paste: exact}}},
			wantNote: "now 3 posts", recut: true,
		},
		{
			name:     "nothing over",
			steps:    [][]step{{typed("first")}, keys("ctrl+n"), {typed("second")}},
			wantNote: "numbering on: each post ends with 1/n",
		},
		{
			name:     "a full post with nowhere to cut",
			steps:    [][]step{{{paste: "#" + strings.Repeat("a", 279)}}, keys("ctrl+n"), {typed("b")}},
			wantNote: "puts post 1 by 4 characters over the limit",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := newTestModel(t, Options{})
			m = run(m, tt.steps...)
			before := texts(m)
			words := strings.Fields(strings.Join(before, " "))
			tm, cmd := m.Update(press("alt+n"))
			m = tm.(Model)
			if !m.compose.d.Numbering {
				t.Fatal("numbering is off")
			}
			if note := noteOf(cmd); !strings.Contains(note, tt.wantNote) {
				t.Errorf("note %q, want %q in it", note, tt.wantNote)
			}
			after := texts(m)
			if got := strings.Fields(strings.Join(after, " ")); strings.Join(got, " ") != strings.Join(words, " ") {
				t.Errorf("the words changed:\n%q\n%q", words, got)
			}
			if !tt.recut {
				if strings.Join(after, "\x00") != strings.Join(before, "\x00") {
					t.Errorf("posts changed: %q", after)
				}
				return
			}
			d := m.compose.d
			for i := range d.Posts {
				if n := textcount.Parse(d.TextForPublish(i)).WeightedLength; n > 280 {
					t.Errorf("post %d is %d characters with its number: %q", i+1, n, d.TextForPublish(i))
				}
			}
			// One undo step puts the posts back.
			m = run(m, keys("ctrl+z"))
			if got := texts(m); strings.Join(got, "\x00") != strings.Join(before, "\x00") {
				t.Errorf("after undo:\n%q\nwant\n%q", got, before)
			}
		})
	}
}

// Numbering turned on in the settings cuts again as alt+n does.
func TestSettingsNumberingRecuts(t *testing.T) {
	t.Parallel()
	m := newTestModel(t, Options{})
	m = run(m, [][]step{{{paste: strings.TrimSpace(strings.Repeat("word ", 150))}}, keys("alt+t")}...)
	tm, cmd := m.Update(editDraftMsg{Status: "Settings saved.", Apply: func(d *draft.Draft) error {
		d.Numbering = true
		return nil
	}})
	m = tm.(Model)
	if note := noteOf(cmd); !strings.Contains(note, "cut again") {
		t.Errorf("note %q", note)
	}
	d := m.compose.d
	for i := range d.Posts {
		if n := textcount.Parse(d.TextForPublish(i)).WeightedLength; n > 280 {
			t.Errorf("post %d is %d characters with its number", i+1, n)
		}
	}
}
