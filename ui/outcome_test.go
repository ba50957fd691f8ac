package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/xpostdev/xpost/ui/draft"
)

func TestOutcomeString(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 12, 4, 18, 30, 0, 0, time.UTC)
	tests := []struct {
		name string
		o    Outcome
		want string
	}{
		{"nothing", Outcome{}, ""},
		{"a thread", Outcome{Published: []Published{{Posts: 5, Link: "https://x.com/i/status/1"}}}, "posted 5 posts: https://x.com/i/status/1"},
		{"one post", Outcome{Published: []Published{{Posts: 1, Link: "L"}}}, "posted 1 post: L"},
		{"an edit", Outcome{Published: []Published{{Posts: 1, Link: "L", Edit: true}}}, "edited the post: L"},
		{"two publishes", Outcome{Published: []Published{{Posts: 2, Link: "A"}, {Posts: 1, Link: "B"}}}, "published 2 times (3 posts); the last: B"},
		{"scheduled", Outcome{Scheduled: []time.Time{at}}, "scheduled for " + "Fri 2026-12-04 18:30 UTC"},
		{"a draft", Outcome{Draft: "20261203-101010-abcdef"}, "draft saved as 20261203-101010-abcdef"},
		{"posted and a new draft", Outcome{Published: []Published{{Posts: 1, Link: "L"}}, Draft: "D"}, "posted 1 post: L; draft saved as D"},
		{"the demo, nothing done", Outcome{Demo: true}, "demo ended: nothing was kept and nothing was sent to X"},
		{"the demo posted", Outcome{Demo: true, Published: []Published{{Posts: 2, Link: "A"}, {Posts: 1, Link: "B"}}},
			"demo ended: nothing was kept and nothing was sent to X; posted 3 posts to the demo's fake X"},
		{"the demo queued", Outcome{Demo: true, Scheduled: []time.Time{at}},
			"demo ended: nothing was kept and nothing was sent to X; queued 1 draft in the demo's queue"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := tt.o.String()
			if tt.name == "scheduled" {
				// when.Format's own layout; only its start is fixed here.
				if !strings.HasPrefix(got, "scheduled for Fri 2026-12-04 18:30") {
					t.Errorf("String() = %q", got)
				}
				return
			}
			if got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}

// The session's outcome, as the program prints it on leaving: a publish
// and the draft written after it.
func TestFlowOutcomePublishThenDraft(t *testing.T) {
	t.Parallel()
	svc := newFakeServices()
	dark := true
	tm, w := watch(t, New(svc, Options{DraftDir: t.TempDir(), Dark: &dark}))
	tm.Type("Hello from the terminal")
	tm.Send(press("ctrl+p"))
	w.wait(t, "the confirmation", "Publish this post?")
	tm.Send(press("enter"))
	w.wait(t, "the summary", "Published 1 post")
	tm.Send(press("enter"))
	w.wait(t, "a fresh draft", "a new draft is ready")
	tm.Type("Next idea")
	tm.Send(press("ctrl+c"))
	m := finalModel(t, tm)
	o := m.Outcome()
	if len(o.Published) != 1 || !strings.HasPrefix(o.Published[0].Link, "https://x.com/i/status/") || o.Published[0].Posts != 1 {
		t.Fatalf("published: %+v", o.Published)
	}
	if o.Draft == "" || o.Draft != m.compose.d.ID {
		t.Errorf("draft %q, want the new draft %q", o.Draft, m.compose.d.ID)
	}
	want := "posted 1 post: " + o.Published[0].Link + "; draft saved as " + o.Draft
	if got := o.String(); got != want {
		t.Errorf("line %q, want %q", got, want)
	}
}

// Nothing done, nothing said; a draft with text is named; a queued draft
// says when.
func TestOutcomeOfSession(t *testing.T) {
	t.Parallel()
	t.Run("nothing", func(t *testing.T) {
		t.Parallel()
		m := newTestModel(t, Options{DraftDir: t.TempDir()})
		if got := m.Outcome(); !cmp.Equal(got, Outcome{}) {
			t.Errorf("outcome of an untouched session: %+v", got)
		}
	})
	t.Run("a draft", func(t *testing.T) {
		t.Parallel()
		m := newTestModel(t, Options{DraftDir: t.TempDir()})
		m = run(m, []step{typed("keep me")})
		if got := m.Outcome().Draft; got != m.compose.d.ID {
			t.Errorf("draft %q, want %q", got, m.compose.d.ID)
		}
	})
	t.Run("the demo keeps no draft and says so", func(t *testing.T) {
		t.Parallel()
		m := newTestModel(t, Options{DraftDir: t.TempDir(), Demo: true})
		m = run(m, []step{typed("gone with the demo")})
		if got, want := m.Outcome().String(), "demo ended: nothing was kept and nothing was sent to X"; got != want {
			t.Errorf("demo outcome %q, want %q", got, want)
		}
	})
	t.Run("scheduled", func(t *testing.T) {
		t.Parallel()
		m := newTestModel(t, Options{DraftDir: t.TempDir()})
		m = run(m, []step{typed("later")})
		at := time.Date(2027, 1, 2, 9, 0, 0, 0, time.UTC)
		next, _ := m.Update(draftScheduledMsg{Schedule: draft.Schedule{At: at}})
		o := next.(Model).Outcome()
		if len(o.Scheduled) != 1 || !o.Scheduled[0].Equal(at) {
			t.Errorf("scheduled %v", o.Scheduled)
		}
		if !strings.HasPrefix(o.String(), "scheduled for Sat 2027-01-02 09:00") {
			t.Errorf("line %q", o.String())
		}
	})
}
