package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	_ "time/tzdata" // Europe/Berlin, whatever the machine has

	"github.com/xpostdev/xpost/outbox"
	"github.com/xpostdev/xpost/ui/draft"
	"github.com/xpostdev/xpost/xapi/xapitest"
)

// fakeClock is the queue's clock in tests: it moves only when told.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// queueEnv is a fake X, a logged-in runner and a clock that starts on
// Thursday 2026-12-03 10:15 in Berlin.
type queueEnv struct {
	srv   *xapitest.Server
	r     *runner
	clock *fakeClock
	loc   *time.Location
}

func newQueueEnv(t *testing.T, opts xapitest.Options) *queueEnv {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	e := &queueEnv{srv: fake(t, opts), loc: loc,
		clock: &fakeClock{t: time.Date(2026, 12, 3, 10, 15, 0, 0, loc)}}
	e.r = apiRunner(t, e.srv)
	base := e.r.configure
	e.r.configure = func(a *app) {
		base(a)
		a.clock, a.loc = e.clock.Now, e.loc
	}
	return e
}

// items returns `xpost queue --json`.
func (e *queueEnv) items(t *testing.T) []outbox.Item {
	t.Helper()
	got := e.r.run("", "queue", "--json")
	if got.code != 0 {
		t.Fatalf("queue --json: %d %s", got.code, got.stderr)
	}
	var items []outbox.Item
	if err := json.Unmarshal([]byte(got.stdout), &items); err != nil {
		t.Fatalf("queue --json: %v\n%s", err, got.stdout)
	}
	return items
}

// queueID runs a command that queues and returns the id it printed.
func (e *queueEnv) queueID(t *testing.T, args ...string) string {
	t.Helper()
	got := e.r.run("", args...)
	wantRun(t, got, 0, "queued for ")
	id := strings.TrimSpace(got.stdout)
	if id == "" || strings.Contains(id, "\n") {
		t.Fatalf("%v printed %q, want one id", args, got.stdout)
	}
	return id
}

func TestQueuePostAndThreadAt(t *testing.T) {
	t.Parallel()
	e := newQueueEnv(t, xapitest.Options{})
	src := t.TempDir()
	img := writePNG(t, filepath.Join(src, "cat.png"))
	file := filepath.Join(src, "t.md")
	if err := os.WriteFile(file, []byte("Queued thread, part one\n![A cat asleep](cat.png)\n---\nPart two\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	one := e.queueID(t, "post", "--at", "+1h", "A post for later")
	got := e.r.run("", "thread", "--at", "2026-12-03 12:00", file)
	wantRun(t, got, 0, "queued for Thu 2026-12-03 12:00 CET (+01:00, Europe/Berlin)", "(2 posts)")
	two := strings.TrimSpace(got.stdout)
	// The queued thread posts the file as queued, wherever it goes.
	if err := os.Remove(img); err != nil {
		t.Fatal(err)
	}

	items := e.items(t)
	if len(items) != 2 || items[0].ID != one || items[1].ID != two {
		t.Fatalf("queue = %+v, want %s then %s", items, one, two)
	}
	if it := items[1]; it.State != draft.StateWaiting || it.Posts != 2 || it.Media != 1 || it.Title != "Queued thread, part one" {
		t.Errorf("thread item = %+v", it)
	}
	list := e.r.run("", "queue")
	wantRun(t, list, 0)
	for _, w := range []string{one, "Thu 2026-12-03 11:15 CET", "waiting", "2 posts, 1 media", "Queued thread, part one"} {
		if !strings.Contains(list.stdout, w) {
			t.Errorf("queue lacks %q:\n%s", w, list.stdout)
		}
	}

	// Nothing is due yet.
	got = e.r.run("", "queue", "run")
	wantRun(t, got, 0, "nothing is due")
	if n := len(e.srv.State().Posts); n != 0 {
		t.Fatalf("%d posts before their time", n)
	}
	// At 11:15 the post is due, the thread is not.
	e.clock.Advance(time.Hour)
	got = e.r.run("", "queue", "run")
	wantRun(t, got, 0)
	if !strings.Contains(got.stdout, one+" posted: https://x.com/i/status/") {
		t.Errorf("run said %q", got.stdout)
	}
	if n := len(e.srv.State().Posts); n != 1 {
		t.Fatalf("%d posts at 11:15, want 1", n)
	}
	e.clock.Advance(45 * time.Minute)
	got = e.r.run("", "queue", "run")
	wantRun(t, got, 0)
	st := e.srv.State()
	if len(st.Posts) != 3 {
		t.Fatalf("%d posts at 12:00, want 3", len(st.Posts))
	}
	items = e.items(t)
	for _, it := range items {
		if it.State != draft.StatePosted || it.Link == "" || it.Posted != it.Posts {
			t.Errorf("after the runs: %+v", it)
		}
	}
	// The thread went out chained, with its picture and alt text.
	first, second := st.Posts[1], st.Posts[2]
	if second.InReplyToID != first.ID || len(first.MediaIDs) != 1 {
		t.Errorf("thread posts = %+v, %+v", first, second)
	}
	if m := mediaAlt(t, st, first); m != "A cat asleep" {
		t.Errorf("alt text on X = %q", m)
	}
	// A second run has nothing left to do.
	got = e.r.run("", "queue", "run")
	wantRun(t, got, 0, "nothing is due")
	if n := len(e.srv.State().Posts); n != 3 {
		t.Fatalf("%d posts after a second run", n)
	}
}

// mediaAlt is the alt text of the first media of p on the fake.
func mediaAlt(t *testing.T, st xapitest.State, p xapitest.StatePost) string {
	t.Helper()
	for _, m := range st.Media {
		if len(p.MediaIDs) > 0 && m.ID == p.MediaIDs[0] {
			return m.AltText
		}
	}
	t.Fatalf("no media %v on the fake", p.MediaIDs)
	return ""
}
