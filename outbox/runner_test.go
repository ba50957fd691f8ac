package outbox

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xpostdev/xpost/ui/draft"
)

func TestBackoff(t *testing.T) {
	t.Parallel()
	tests := []struct {
		n    int
		want time.Duration
	}{
		{1, time.Minute}, {2, 2 * time.Minute}, {3, 4 * time.Minute}, {6, 32 * time.Minute},
		{7, time.Hour}, {8, time.Hour}, {50, time.Hour},
	}
	for _, tt := range tests {
		if got := backoff(tt.n); got != tt.want {
			t.Errorf("backoff(%d) = %v, want %v", tt.n, got, tt.want)
		}
	}
}

func TestScheduleDue(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 12, 24, 9, 0, 0, 0, time.UTC)
	later := at.Add(time.Hour)
	tests := []struct {
		name string
		s    *draft.Schedule
		want time.Time
	}{
		{name: "none", s: nil},
		{name: "waiting", s: &draft.Schedule{At: at, State: draft.StateWaiting}, want: at},
		{name: "posting (a runner died)", s: &draft.Schedule{At: at, State: draft.StatePosting}, want: at},
		{name: "retrying", s: &draft.Schedule{At: at, State: draft.StateRetrying, NextTry: later}, want: later},
		{name: "moved after a retry was set", s: &draft.Schedule{At: later, State: draft.StateRetrying, NextTry: at}, want: later},
		{name: "posted", s: &draft.Schedule{At: at, State: draft.StatePosted}},
		{name: "failed", s: &draft.Schedule{At: at, State: draft.StateFailed}},
		{name: "held", s: &draft.Schedule{At: at, State: draft.StateHeld}},
		{name: "held until a time (a spending cap)", s: &draft.Schedule{At: at, State: draft.StateHeld, NextTry: later}, want: later},
	}
	for _, tt := range tests {
		if got := tt.s.Due(); !got.Equal(tt.want) {
			t.Errorf("%s: Due = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// scripted is a Publisher whose answers the test decides; it stands for
// the publish path, which cmd/xpost's tests exercise against the fake X.
type scripted struct {
	errs  []error // one per call; nil posts every part
	calls int
	v     Verdict
}

func (p *scripted) Publish(ctx context.Context, d *draft.Draft, j Journal) ([]string, error) {
	p.calls++
	if len(p.errs) > 0 {
		err := p.errs[0]
		p.errs = p.errs[1:]
		if err != nil {
			return nil, err
		}
	}
	var ids []string
	for i := range d.Posts {
		id := "100" + string(rune('0'+i))
		if err := j.RecordPost(i, id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

func (p *scripted) Judge(err error) Verdict { v := p.v; v.Message = err.Error(); return v }

func queueWith(t *testing.T, at time.Time, texts ...string) (*Queue, []string) {
	t.Helper()
	q := &Queue{Store: &draft.Store{Dir: filepath.Join(t.TempDir(), "drafts")}}
	var ids []string
	for _, text := range texts {
		d := draft.New()
		d.Posts[0].Text = text
		if err := q.Add(d, draft.Schedule{At: at}); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	return q, ids
}

func TestRunnerRetriesThenGivesUp(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 24, 9, 0, 0, 0, time.UTC)
	q, ids := queueWith(t, now, "flaky")
	p := &scripted{errs: []error{errors.New("503"), errors.New("503"), errors.New("503")}, v: Verdict{Retry: true}}
	r := &Runner{Queue: q, Publisher: p, Now: func() time.Time { return now }, MaxAttempts: 3}
	var outcomes []Outcome
	for range 5 {
		rep := r.RunDue(t.Context())
		for _, res := range rep.Results {
			outcomes = append(outcomes, res.Outcome)
		}
		now = now.Add(time.Hour)
	}
	want := []Outcome{OutcomeRetrying, OutcomeRetrying, OutcomeFailed}
	if strings.Join(toStrings(outcomes), ",") != strings.Join(toStrings(want), ",") {
		t.Fatalf("outcomes = %v, want %v", outcomes, want)
	}
	it, err := q.Get(ids[0])
	if err != nil {
		t.Fatal(err)
	}
	if it.State != draft.StateFailed || !strings.Contains(it.Reason, "gave up after 3 tries") || p.calls != 3 {
		t.Errorf("item = %+v after %d calls", it, p.calls)
	}
}

func TestRunnerRateLimitReset(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 24, 9, 0, 0, 0, time.UTC)
	reset := now.Add(14 * time.Minute)
	q, ids := queueWith(t, now, "limited")
	p := &scripted{errs: []error{errors.New("429")}, v: Verdict{Retry: true, At: reset}}
	r := &Runner{Queue: q, Publisher: p, Now: func() time.Time { return now }}
	rep := r.RunDue(t.Context())
	if rep.OK() || len(rep.Results) != 1 || !rep.Results[0].NextTry.Equal(reset) {
		t.Fatalf("report = %+v", rep)
	}
	now = reset.Add(-time.Second)
	if rep := r.RunDue(t.Context()); len(rep.Results) != 0 {
		t.Fatalf("tried before the reset: %+v", rep)
	}
	now = reset
	if rep := r.RunDue(t.Context()); !rep.OK() || rep.Count(OutcomePosted) != 1 {
		t.Fatalf("at the reset: %+v", rep)
	}
	it, _ := q.Get(ids[0])
	if it.Link != PostLink("1000") || !it.PostedAt.Equal(reset) {
		t.Errorf("item = %+v", it)
	}
}

func TestQueueAddCopiesMedia(t *testing.T) {
	t.Parallel()
	q := &Queue{Store: &draft.Store{Dir: filepath.Join(t.TempDir(), "drafts")}}
	src := filepath.Join(t.TempDir(), "Pic.PNG")
	if err := os.WriteFile(src, []byte("\x89PNG\r\n\x1a\nbytes"), 0o644); err != nil {
		t.Fatal(err)
	}
	d := draft.New()
	d.Posts[0].Media = []draft.Media{{Path: src, Alt: "a"}}
	d.Posts = append(d.Posts, draft.Post{Text: "two", Media: []draft.Media{{Path: src, Alt: "b"}}})
	if err := q.Add(d, draft.Schedule{At: time.Now()}); err != nil {
		t.Fatal(err)
	}
	p0, p1 := d.Posts[0].Media[0].Path, d.Posts[1].Media[0].Path
	if p0 != p1 || filepath.Dir(p0) != q.MediaDir() || !strings.HasSuffix(p0, ".png") {
		t.Fatalf("copies = %s, %s", p0, p1)
	}
	if err := os.Remove(src); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(p0)
	if err != nil || string(b) != "\x89PNG\r\n\x1a\nbytes" {
		t.Fatalf("copy = %q, %v", b, err)
	}
	// Alt texts stay each with its post.
	got, err := q.Store.Load(d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Posts[0].Media[0].Alt != "a" || got.Posts[1].Media[0].Alt != "b" || got.Schedule.State != draft.StateWaiting {
		t.Errorf("stored = %+v", got)
	}
}

func toStrings(os []Outcome) []string {
	s := make([]string, len(os))
	for i, o := range os {
		s[i] = string(o)
	}
	return s
}

// TestRunnerHoldsUntilTheVerdictSays: a verdict to hold (a spending cap)
// holds the item until its time without counting a try, even past the
// runner's limit of tries; it is posted then, and was never failed.
func TestRunnerHoldsUntilTheVerdictSays(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 24, 9, 0, 0, 0, time.UTC)
	midnight := time.Date(2026, 12, 25, 0, 0, 0, 0, time.UTC)
	q, ids := queueWith(t, now, "capped")
	p := &scripted{errs: []error{errors.New("over the daily cap")}, v: Verdict{Hold: true, At: midnight}}
	r := &Runner{Queue: q, Publisher: p, Now: func() time.Time { return now }, MaxAttempts: 1}
	rep := r.RunDue(t.Context())
	if len(rep.Results) != 1 || rep.Results[0].Outcome != OutcomeHeld || !rep.Results[0].NextTry.Equal(midnight) {
		t.Fatalf("report = %+v", rep)
	}
	it, _ := q.Get(ids[0])
	if it.State != draft.StateHeld || it.Attempts != 0 || !it.NextTry.Equal(midnight) || it.Reason != "over the daily cap" {
		t.Errorf("held item = %+v", it)
	}
	now = midnight.Add(-time.Second)
	if rep := r.RunDue(t.Context()); len(rep.Results) != 0 {
		t.Fatalf("tried before its time: %+v", rep)
	}
	now = midnight
	if rep := r.RunDue(t.Context()); !rep.OK() || rep.Count(OutcomePosted) != 1 {
		t.Fatalf("at its time: %+v", rep)
	}
}
