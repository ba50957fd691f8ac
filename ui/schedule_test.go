package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/xpostdev/xpost/ui/draft"
)

// TestScheduleFromPublishConfirmation queues the draft from the publish
// confirmation: s opens the time field, the typed time is echoed resolved,
// enter saves the draft with its schedule and media copies and lets it go
// (the composer starts a new draft), so a runner can claim it.
func TestScheduleFromPublishConfirmation(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		dir := t.TempDir()
		src := filepath.Join(t.TempDir(), "cat.png")
		if err := os.WriteFile(src, []byte("\x89PNG\r\n\x1a\npicture"), 0o644); err != nil {
			t.Fatal(err)
		}
		d := draft.New()
		d.Posts[0].Text = "Later, please"
		d.Posts[0].Media = []draft.Media{{Path: src, Alt: "a cat", Kind: draft.KindImage, MIME: "image/png", Size: 15}}
		m := newTestModel(t, Options{DraftDir: dir, Draft: d})
		var tm tea.Model = m
		tm, cmd := tm.Update(press("ctrl+p"))
		tm = drain(t, tm, cmd)
		if _, ok := tm.(Model).top().(*publishScreen); !ok {
			t.Fatalf("ctrl+p opened %T", tm.(Model).top())
		}
		tm, _ = tm.Update(press("s"))
		if _, ok := tm.(Model).top().(*scheduleScreen); !ok {
			t.Fatalf("s on the confirmation opened %T", tm.(Model).top())
		}
		start := time.Now()
		tm = typeText(tm, "+2h")
		want := start.Add(2 * time.Hour)
		if out := screenText(tm); !strings.Contains(out, "→ "+want.Format("Mon 2006-01-02 15:04")) {
			t.Errorf("the time is not echoed:\n%s", out)
		}
		tm, cmd = tm.Update(press("enter"))
		tm = drain(t, tm, cmd)

		c := tm.(Model).compose
		if c.d.ID == d.ID || len(tm.(Model).stack) != 1 {
			t.Fatalf("after queueing, the composer edits %s with %d screens open", c.d.ID, len(tm.(Model).stack))
		}
		store := &draft.Store{Dir: dir}
		got, err := store.Load(d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Schedule == nil || got.Schedule.State != draft.StateWaiting || !got.Schedule.At.Equal(want) {
			t.Fatalf("stored schedule = %+v, want waiting at %v", got.Schedule, want)
		}
		if m := got.Posts[0].Media[0]; filepath.Dir(m.Path) != filepath.Join(dir, "media") || m.Alt != "a cat" {
			t.Errorf("stored media = %+v, want the queue's copy", m)
		}
		// Let go: a runner can take it.
		if err := store.Lock(d.ID); err != nil {
			t.Errorf("the queued draft is still held: %v", err)
		}
		store.ReleaseAll()
	})
}

// TestScheduleRefusesProblems: a draft that could not be published cannot
// be queued either.
func TestScheduleRefusesProblems(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		e := testEnv(t, newFakeServices())
		d := draft.New()
		d.Posts[0].Text = strings.Repeat("x", 300)
		sc, _ := newScheduleScreenFor(e, openRequest{Draft: d})
		s := sc.(*scheduleScreen)
		if s.keys.Queue.Enabled() {
			t.Error("a draft too long can be queued")
		}
		if out := frame(s, screenW, screenH); !strings.Contains(out, "1 problem to fix before this can be queued") {
			t.Errorf("no problems shown:\n%s", out)
		}
		noMsg[scheduleCopiedMsg](t, send(s, press("enter")))
	})
}

// TestScheduleProblemsGolden: problems too long for one line wrap with
// their continuation lines under the text, not at the left edge.
func TestScheduleProblemsGolden(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		e := testEnv(t, newFakeServices())
		d := draft.New()
		d.Posts[0].Text = strings.Repeat("x", 300)
		d.Posts = append(d.Posts, draft.Post{Text: strings.Repeat("y ", 200)})
		sc, _ := newScheduleScreenFor(e, openRequest{Draft: d})
		goldenFrame(t, "schedule_problems_80x24", sc)
	})
}
