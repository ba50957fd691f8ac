package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
	_ "time/tzdata" // Europe/Berlin, whatever the machine has

	"github.com/xpostdev/xpost/internal/fsx"
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

// dir is the config directory.
func (e *queueEnv) dir() string { return e.r.env["XPOST_CONFIG_DIR"] }

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

func TestQueueAtEchoAndErrors(t *testing.T) {
	t.Parallel()
	e := newQueueEnv(t, xapitest.Options{})
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr []string
	}{
		{name: "absolute", args: []string{"post", "--at", "2026-12-24 09:00", "x"},
			stderr: []string{"queued for Thu 2026-12-24 09:00 CET (+01:00, Europe/Berlin)"}},
		{name: "RFC 3339 shown locally", args: []string{"post", "--at", "2026-12-24T09:00:00Z", "y"},
			stderr: []string{"queued for Thu 2026-12-24 10:00 CET (+01:00, Europe/Berlin)"}},
		{name: "weekday", args: []string{"post", "--at", "fri 18:30", "z"},
			stderr: []string{"queued for Fri 2026-12-04 18:30 CET"}},
		{name: "repeated hour says which", args: []string{"post", "--at", "2027-10-31 02:30", "w"},
			stderr: []string{"queued for Sun 2027-10-31 02:30 CEST (+02:00, Europe/Berlin)", "happens twice"}},
		{name: "skipped hour", args: []string{"post", "--at", "2027-03-28 02:30", "v"}, code: 1,
			stderr: []string{"02:30 does not exist on 2027-03-28 in Europe/Berlin"}},
		{name: "past", args: []string{"post", "--at", "2026-12-01 09:00", "u"}, code: 1,
			stderr: []string{"is in the past"}},
		{name: "unreadable", args: []string{"post", "--at", "soonish", "t"}, code: 1,
			stderr: []string{`cannot read "soonish" as a time`}},
		{name: "too long is refused when queued", args: []string{"post", "--at", "+1h", strings.Repeat("a", 281)}, code: exitRefused,
			stderr: []string{"281"}},
		{name: "late without at", args: []string{"post", "--late", "post", "s"}, code: 2,
			stderr: []string{"--late needs --at"}},
		{name: "bad late", args: []string{"post", "--at", "+1h", "--late", "maybe", "r"}, code: 2,
			stderr: []string{"--late must be hold or post"}},
		{name: "dry run queues nothing", args: []string{"post", "--dry-run", "--at", "+1h", "q"},
			stderr: []string{"would be queued for Thu 2026-12-03 11:15 CET"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := e.r.run("", tt.args...)
			wantRun(t, got, tt.code, tt.stderr...)
		})
	}
	if n := len(e.items(t)); n != 4 {
		t.Errorf("%d items queued, want the 4 accepted", n)
	}
	if n := len(e.srv.State().Posts); n != 0 {
		t.Errorf("%d posts sent while queueing", n)
	}
}

func TestQueueLatePolicy(t *testing.T) {
	t.Parallel()
	e := newQueueEnv(t, xapitest.Options{})
	held := e.queueID(t, "post", "--at", "+1h", "held when late")
	late := e.queueID(t, "post", "--at", "+1h", "--late", "post", "posted however late")
	within := e.queueID(t, "post", "--at", "+3h", "--grace", "3h", "posted within its grace")
	// The machine was off from 10:15 to 15:15.
	e.clock.Advance(5 * time.Hour)
	got := e.r.run("", "queue", "run")
	wantRun(t, got, 1)
	for _, w := range []string{held + " held: its time passed 4h0m ago, more than the 1h0m allowed", "`xpost queue move " + held + " now` posts it",
		late + " posted", within + " posted"} {
		if !strings.Contains(got.stdout, w) {
			t.Errorf("run lacks %q:\n%s", w, got.stdout)
		}
	}
	items := e.items(t)
	states := map[string]draft.ScheduleState{}
	for _, it := range items {
		states[it.ID] = it.State
	}
	if states[held] != draft.StateHeld || states[late] != draft.StatePosted || states[within] != draft.StatePosted {
		t.Fatalf("states = %v", states)
	}
	// A held item is never dropped: it stays, and a later run leaves it.
	wantRun(t, e.r.run("", "queue", "run"), 0)
	list := e.r.run("", "queue")
	if !strings.Contains(list.stdout, "held") || !strings.Contains(list.stdout, "its time passed") {
		t.Errorf("queue does not show the held item:\n%s", list.stdout)
	}
	// Moved to now, it is posted.
	got = e.r.run("", "queue", "move", held, "now")
	wantRun(t, got, 0, held+" is queued for Thu 2026-12-03 15:15 CET")
	got = e.r.run("", "queue", "run")
	wantRun(t, got, 0)
	if n := len(e.srv.State().Posts); n != 3 {
		t.Errorf("%d posts, want 3", n)
	}
}

func TestQueueCancelAndMove(t *testing.T) {
	t.Parallel()
	e := newQueueEnv(t, xapitest.Options{})
	a := e.queueID(t, "post", "--at", "+1h", "cancelled")
	b := e.queueID(t, "post", "--at", "+1h", "moved")
	wantRun(t, e.r.run("", "queue", "cancel", a), 0, "stays among the drafts")
	wantRun(t, e.r.run("", "queue", "move", b, "+3h"), 0, "queued for Thu 2026-12-03 13:15 CET")
	wantRun(t, e.r.run("", "queue", "cancel", "20200101-000000-abcdef"), 1, "no such draft")
	wantRun(t, e.r.run("", "queue", "move", b, "yesterday 9am"), 1, `"yesterday" is not a day`)
	wantRun(t, e.r.run("", "queue", "edit", b), 1, "the composer needs a terminal")
	e.clock.Advance(2 * time.Hour)
	wantRun(t, e.r.run("", "queue", "run"), 0, "nothing is due")
	e.clock.Advance(time.Hour)
	wantRun(t, e.r.run("", "queue", "run"), 0)
	st := e.srv.State()
	if len(st.Posts) != 1 || st.Posts[0].Text != "moved" {
		t.Fatalf("posts = %+v, want only the moved one", st.Posts)
	}
	// The cancelled one is a draft still, out of the queue.
	if _, err := (&draft.Store{Dir: filepath.Join(e.dir(), "drafts")}).Load(a); err != nil {
		t.Errorf("the cancelled draft: %v", err)
	}
	if items := e.items(t); len(items) != 1 || items[0].ID != b {
		t.Errorf("queue = %+v", items)
	}
	wantRun(t, e.r.run("", "queue", "move", b, "+1h"), 1, "already posted")
	wantRun(t, e.r.run("", "queue", "edit", b), 1, "already posted")
}

// Cancelling a thread that is partly on X says how much of it is, in words
// that agree with the count.
func TestQueueCancelPartlyPosted(t *testing.T) {
	t.Parallel()
	e := newQueueEnv(t, xapitest.Options{})
	file := filepath.Join(t.TempDir(), "t.md")
	if err := os.WriteFile(file, []byte("First of three\n---\nSecond of three\n---\nThird of three\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	id := e.queueID(t, "thread", "--at", "+1h", file)
	store := &draft.Store{Dir: filepath.Join(e.dir(), "drafts")}
	d, err := store.Load(id)
	if err != nil {
		t.Fatal(err)
	}
	d.RecordPost(0, "1000")
	if err := store.Save(d); err != nil {
		t.Fatal(err)
	}
	wantRun(t, e.r.run("", "queue", "cancel", id), 0, "1 of 3 posts is on X already")
}

func TestQueueCorruptFile(t *testing.T) {
	t.Parallel()
	e := newQueueEnv(t, xapitest.Options{})
	bad := e.queueID(t, "post", "--at", "+1h", "damaged on disk")
	good := e.queueID(t, "post", "--at", "+1h", "still posts")
	path := filepath.Join(e.dir(), "drafts", bad+".json")
	if err := os.WriteFile(path, []byte(`{"id": "`+bad+`", "posts": [{"te`), 0o600); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(time.Hour)
	got := e.r.run("", "queue", "run")
	wantRun(t, got, 1, "draft "+bad+" could not be read", "moved to "+path+".corrupt-")
	if !strings.Contains(got.stdout, good+" posted") {
		t.Errorf("the good item was not posted:\n%s", got.stdout)
	}
	if st := e.srv.State(); len(st.Posts) != 1 || st.Posts[0].Text != "still posts" {
		t.Errorf("posts = %+v", st.Posts)
	}
}

func TestQueueRetryAndStop(t *testing.T) {
	t.Parallel()
	t.Run("retries what may pass", func(t *testing.T) {
		t.Parallel()
		e := newQueueEnv(t, xapitest.Options{})
		id := e.queueID(t, "post", "--at", "+1m", "after the outage")
		e.clock.Advance(time.Minute)
		e.srv.SetFaults(xapitest.Faults{FailRate: 1})
		got := e.r.run("", "queue", "run")
		wantRun(t, got, 1)
		if !strings.Contains(got.stdout, id+" not posted yet, next try Thu 2026-12-03 10:17 CET") {
			t.Errorf("run said:\n%s", got.stdout)
		}
		items := e.items(t)
		if items[0].State != draft.StateRetrying || items[0].Reason == "" {
			t.Errorf("item = %+v", items[0])
		}
		// Not due again before its next try.
		e.srv.SetFaults(xapitest.Faults{})
		wantRun(t, e.r.run("", "queue", "run"), 0, "nothing is due")
		e.clock.Advance(time.Minute)
		wantRun(t, e.r.run("", "queue", "run"), 0)
		if n := len(e.srv.State().Posts); n != 1 {
			t.Errorf("%d posts, want 1", n)
		}
	})
	t.Run("stops on what cannot", func(t *testing.T) {
		t.Parallel()
		e := newQueueEnv(t, xapitest.Options{MeterCredits: true, Credits: 0})
		id := e.queueID(t, "post", "--at", "+1m", "no credits left")
		e.clock.Advance(time.Minute)
		got := e.r.run("", "queue", "run")
		wantRun(t, got, 1)
		if !strings.Contains(got.stdout, id+" failed: ") || !strings.Contains(got.stdout, "credits") {
			t.Errorf("run said:\n%s", got.stdout)
		}
		items := e.items(t)
		if items[0].State != draft.StateFailed || !strings.Contains(items[0].Reason, "credits") {
			t.Errorf("item = %+v", items[0])
		}
		// A failed item waits for the user: later runs leave it.
		e.clock.Advance(2 * time.Hour)
		wantRun(t, e.r.run("", "queue", "run"), 0, "nothing is due")
	})
}

// newApp is an app as e.r.run makes one, for tests that drive the
// runner themselves.
func (e *queueEnv) newApp(t *testing.T) *app {
	t.Helper()
	a := newApp(strings.NewReader(""), io.Discard, io.Discard, func(k string) string { return e.r.env[k] })
	e.r.configure(a)
	t.Cleanup(a.closeLog)
	return a
}

// dyingPublisher publishes through the real path and dies, as a killed
// process does, right after post `after` is recorded: nothing more of
// the runner runs (runtime.Goexit runs only deferred calls, such as the
// lock's release, which the system does for a killed process).
type dyingPublisher struct {
	inner outbox.Publisher
	after int
}

type dyingJournal struct {
	outbox.Journal
	after, n int
}

func (j *dyingJournal) RecordPost(i int, id string) error {
	if err := j.Journal.RecordPost(i, id); err != nil {
		return err
	}
	if j.n++; j.n == j.after {
		runtime.Goexit()
	}
	return nil
}

func (p dyingPublisher) Publish(ctx context.Context, d *draft.Draft, j outbox.Journal) ([]string, error) {
	return p.inner.Publish(ctx, d, &dyingJournal{Journal: j, after: p.after})
}

func (p dyingPublisher) Judge(err error) outbox.Verdict { return p.inner.Judge(err) }

func TestQueueRunnerKilledMidThread(t *testing.T) {
	t.Parallel()
	e := newQueueEnv(t, xapitest.Options{})
	src := t.TempDir()
	writePNG(t, filepath.Join(src, "a.png"))
	file := filepath.Join(src, "t.md")
	if err := os.WriteFile(file, []byte("Part 1\n![one](a.png)\n---\nPart 2\n---\nPart 3\n![three](a.png)\n---\nPart 4\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	id := e.queueID(t, "thread", "--at", "+1m", file)
	e.clock.Advance(time.Minute)

	a := e.newApp(t)
	q, _, err := a.queue()
	if err != nil {
		t.Fatal(err)
	}
	r := &outbox.Runner{Queue: q, Publisher: dyingPublisher{inner: queuePublisher{a: a}, after: 2}, Now: a.now, Name: "doomed"}
	done := make(chan struct{})
	go func() {
		defer close(done)
		r.RunDue(t.Context())
		t.Error("the runner lived on")
	}()
	<-done
	if n := len(e.srv.State().Posts); n != 2 {
		t.Fatalf("%d posts when the runner died, want 2", n)
	}
	items := e.items(t)
	if it := items[0]; it.State != draft.StatePosting || it.Posted != 2 {
		t.Fatalf("after the kill: %+v", it)
	}
	got := e.r.run("", "queue")
	if !strings.Contains(got.stdout, "posting") || !strings.Contains(got.stdout, "2 of 4 posted") {
		t.Errorf("queue:\n%s", got.stdout)
	}

	// The next run resumes at part 3.
	got = e.r.run("", "queue", "run")
	wantRun(t, got, 0)
	if !strings.Contains(got.stdout, id+" posted") {
		t.Errorf("run said:\n%s", got.stdout)
	}
	st := e.srv.State()
	if len(st.Posts) != 4 {
		t.Fatalf("%d posts, want 4", len(st.Posts))
	}
	for i, p := range st.Posts {
		if want := fmt.Sprintf("Part %d", i+1); p.Text != want {
			t.Errorf("post %d is %q, want %q", i, p.Text, want)
		}
		if i > 0 && p.InReplyToID != st.Posts[i-1].ID {
			t.Errorf("post %d replies to %s, want %s", i+1, p.InReplyToID, st.Posts[i-1].ID)
		}
	}
	if len(st.Posts[0].MediaIDs) != 1 || len(st.Posts[2].MediaIDs) != 1 {
		t.Errorf("media lost: %+v", st.Posts)
	}
}

// TestQueueRunnersAtOnce is the exactly-once proof: two runners start
// together, round after round, against a fake X that fails 20% of requests
// and drops the connection after acting on 10% of the mutating ones.
// Every item must end on X once, threads in order, with their media.
func TestQueueRunnersAtOnce(t *testing.T) {
	t.Parallel()
	tests := []struct {
		seed                    int64
		failRate, failAfterRate float64
	}{
		{seed: 1, failRate: 0.2, failAfterRate: 0.1},
		{seed: 2, failRate: 0.2, failAfterRate: 0.1},
		{seed: 3, failRate: 0.2, failAfterRate: 0.1},
		{seed: 4, failRate: 0.5, failAfterRate: 0.3},
		{seed: 5, failRate: 0.5, failAfterRate: 0.3},
	}
	for _, tt := range tests {
		seed := tt.seed
		t.Run(fmt.Sprintf("seed %d, faults %.0f%%+%.0f%%", seed, 100*tt.failRate, 100*tt.failAfterRate), func(t *testing.T) {
			t.Parallel()
			e := newQueueEnv(t, xapitest.Options{Seed: seed})
			src := t.TempDir()
			writePNG(t, filepath.Join(src, "a.png"))
			const items = 10
			want := map[string][]string{} // item id -> its texts
			for i := range items {
				var id string
				var texts []string
				if i%2 == 0 {
					text := fmt.Sprintf("item %d, a single post", i)
					texts = []string{text}
					id = e.queueID(t, "post", "--at", fmt.Sprintf("+%dm", 1+i%3), "--media", filepath.Join(src, "a.png")+"=alt", text)
				} else {
					file := filepath.Join(src, fmt.Sprintf("t%d.md", i))
					var parts []string
					for k := range 3 {
						texts = append(texts, fmt.Sprintf("item %d, part %d", i, k+1))
						part := texts[k]
						if k == 1 {
							part += "\n![a picture](a.png)"
						}
						parts = append(parts, part)
					}
					if err := os.WriteFile(file, []byte(strings.Join(parts, "\n---\n")), 0o644); err != nil {
						t.Fatal(err)
					}
					id = e.queueID(t, "thread", "--at", fmt.Sprintf("+%dm", 1+i%3), file)
				}
				want[id] = texts
			}
			e.srv.SetFaults(xapitest.Faults{FailRate: tt.failRate, FailAfterRate: tt.failAfterRate})
			runs, rounds := 0, 0
			outcomes := map[string]int{}
			for rounds < 12 {
				rounds++
				e.clock.Advance(time.Hour + time.Minute) // past every back-off
				var wg sync.WaitGroup
				res := make([]result, 2)
				for k := range res {
					wg.Go(func() { res[k] = e.r.run("", "queue", "run", "--json") })
				}
				wg.Wait()
				runs += len(res)
				for _, r := range res {
					for line := range strings.Lines(r.stdout) {
						var out outbox.Result
						if json.Unmarshal([]byte(line), &out) == nil {
							outcomes[string(out.Outcome)]++
						}
					}
				}
				done := 0
				for _, it := range e.items(t) {
					if it.State == draft.StatePosted || it.State == draft.StateFailed {
						done++
					}
				}
				if done == items {
					break
				}
			}
			e.srv.SetFaults(xapitest.Faults{})
			st := e.srv.State()
			byText := map[string][]xapitest.StatePost{}
			for _, p := range st.Posts {
				byText[p.Text] = append(byText[p.Text], p)
			}
			duplicates, misses, disorder, noMedia := 0, 0, 0, 0
			for id, texts := range want {
				prev := ""
				for k, text := range texts {
					ps := byText[text]
					if len(ps) == 0 {
						misses++
						t.Errorf("item %s part %d never posted", id, k+1)
						continue
					}
					duplicates += len(ps) - 1
					if k > 0 && ps[0].InReplyToID != prev {
						disorder++
					}
					prev = ps[0].ID
					withMedia := len(texts) == 1 || k == 1
					if withMedia && len(ps[0].MediaIDs) != 1 {
						noMedia++
					}
				}
			}
			failed := 0
			for _, it := range e.items(t) {
				if it.State != draft.StatePosted {
					failed++
					t.Errorf("item %s ended %s: %s", it.ID, it.State, it.Reason)
				}
			}
			t.Logf("seed %d: %d items (%d posts), %d rounds, %d runs, outcomes %v, faults injected %d: %d duplicates, %d misses, %d out of order, %d without media, %d not posted",
				seed, items, len(byText), rounds, runs, outcomes, st.Counters.FaultsInjected, duplicates, misses, disorder, noMedia, failed)
			if duplicates+misses+disorder+noMedia > 0 {
				t.Errorf("%d duplicates, %d misses, %d out of order, %d without media", duplicates, misses, disorder, noMedia)
			}
		})
	}
}

// TestQueueWatch runs the watching runner with a clock that moves only
// when the runner sleeps: it posts each item at its second.
func TestQueueWatch(t *testing.T) {
	t.Parallel()
	e := newQueueEnv(t, xapitest.Options{})
	first := e.queueID(t, "post", "--at", "+90s", "first")
	second := e.queueID(t, "post", "--at", "+2h", "second")
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	start := e.clock.Now()
	var slept []time.Duration
	base := e.r.configure
	configure := func(a *app) {
		base(a)
		a.sleep = func(ctx context.Context, d time.Duration) error {
			if len(e.srv.State().Posts) == 2 {
				cancel() // as ctrl+c would
				return ctx.Err()
			}
			slept = append(slept, d)
			e.clock.Advance(d)
			return nil
		}
	}
	var out, errb strings.Builder
	a := newApp(strings.NewReader(""), &out, &errb, func(k string) string { return e.r.env[k] })
	configure(a)
	code := a.run(ctx, []string{"queue", "run", "--watch"})
	wantRun(t, result{stdout: out.String(), stderr: errb.String(), code: code}, 0, "watching the queue")
	st := e.srv.State()
	if len(st.Posts) != 2 {
		t.Fatalf("%d posts, want 2\n%s", len(st.Posts), out.String())
	}
	wantAt := map[string]time.Time{first: start.Add(90 * time.Second), second: start.Add(2 * time.Hour)}
	for _, it := range e.items(t) {
		if it.State != draft.StatePosted || !it.PostedAt.Equal(wantAt[it.ID]) {
			t.Errorf("%s posted at %v (%s), want at %v", it.ID, it.PostedAt, it.State, wantAt[it.ID])
		}
	}
	// It slept to each item's second, never past it, looking at most
	// every PollInterval.
	var total time.Duration
	for _, d := range slept {
		if d > outbox.PollInterval {
			t.Errorf("slept %v, more than %v", d, outbox.PollInterval)
		}
		total += d
	}
	if total != 2*time.Hour {
		t.Errorf("slept %v in all, want exactly 2h (the second item's time)", total)
	}
	// The status says when it last ran; no watcher is left.
	got2 := e.r.run("", "queue", "status")
	wantRun(t, got2, 0)
	if !strings.Contains(got2.stdout, "no runner is watching") || !strings.Contains(got2.stdout, "last run 0s ago (watch") {
		t.Errorf("status:\n%s", got2.stdout)
	}
}

func TestQueueItemOpenInWindow(t *testing.T) {
	t.Parallel()
	e := newQueueEnv(t, xapitest.Options{})
	id := e.queueID(t, "post", "--at", "+1m", "edited at its time")
	e.clock.Advance(time.Minute)
	window := &draft.Store{Dir: filepath.Join(e.dir(), "drafts")}
	if err := window.Lock(id); err != nil {
		t.Fatal(err)
	}
	got := e.r.run("", "queue", "run")
	wantRun(t, got, 1)
	if !strings.Contains(got.stdout, id+" blocked: draft "+id+" is open in an xpost window") {
		t.Errorf("run said:\n%s", got.stdout)
	}
	wantRun(t, e.r.run("", "queue", "move", id, "+1h"), 1, "open in an xpost window: close it there first")
	if n := len(e.srv.State().Posts); n != 0 {
		t.Fatalf("posted while open in a window")
	}
	window.ReleaseAll()
	wantRun(t, e.r.run("", "queue", "run"), 0)
	if n := len(e.srv.State().Posts); n != 1 {
		t.Fatalf("%d posts once the window closed, want 1", n)
	}
}

func TestQueueInstall(t *testing.T) {
	t.Parallel()
	e := newQueueEnv(t, xapitest.Options{})
	tests := []struct {
		kind string
		want []string
	}{
		{kind: "systemd", want: []string{"xpost-queue.service", "xpost-queue.timer", "OnCalendar=*-*-* *:*:00", "Persistent=true", "queue run\n", "--config-dir " + e.dir()}},
		{kind: "launchd", want: []string{"Library/LaunchAgents/dev.xpost.queue.plist", "<string>queue</string>", "<string>run</string>", "StartCalendarInterval"}},
		{kind: "cron", want: []string{"* * * * * ", "queue run >/dev/null 2>&1"}},
	}
	for _, tt := range tests {
		t.Run(tt.kind, func(t *testing.T) {
			got := e.r.run("", "queue", "install", "--kind", tt.kind)
			wantRun(t, got, 0, "then: ")
			for _, w := range tt.want {
				if !strings.Contains(got.stdout, w) {
					t.Errorf("install --kind %s lacks %q:\n%s", tt.kind, w, got.stdout)
				}
			}
		})
	}
	wantRun(t, e.r.run("", "queue", "install", "--kind", "at"), 2, "--kind must be systemd, launchd or cron")
}

func TestQueueStatus(t *testing.T) {
	t.Parallel()
	e := newQueueEnv(t, xapitest.Options{})
	got := e.r.run("", "queue", "status")
	wantRun(t, got, 0)
	if !strings.Contains(got.stdout, "no runner is watching") || !strings.Contains(got.stdout, "no runner has run yet") {
		t.Errorf("status:\n%s", got.stdout)
	}
	e.queueID(t, "post", "--at", "+1m", "one")
	e.queueID(t, "post", "--at", "+2h", "two")
	e.clock.Advance(time.Minute)
	wantRun(t, e.r.run("", "queue", "run"), 0)
	e.clock.Advance(5 * time.Minute)
	got = e.r.run("", "queue", "status")
	for _, w := range []string{"last run 5m0s ago (run, process", "1 posted, everything due was posted", "1 waiting, the next at Thu 2026-12-03 12:15 CET"} {
		if !strings.Contains(got.stdout, w) {
			t.Errorf("status lacks %q:\n%s", w, got.stdout)
		}
	}
	// A watcher holds its lock: status sees it, and a second watcher is refused.
	l, err := fsx.TryLock(filepath.Join(e.dir(), "queue-watch.lock"))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Unlock()
	got = e.r.run("", "queue", "status", "--json")
	if !strings.Contains(got.stdout, `"watching":true`) {
		t.Errorf("status --json: %s", got.stdout)
	}
	wantRun(t, e.r.run("", "queue", "run", "--watch"), 1, "another xpost runner is already watching the queue")
}

func TestQueueConfigPolicy(t *testing.T) {
	t.Parallel()
	e := newQueueEnv(t, xapitest.Options{})
	writeConfig := func(s string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(e.dir(), "config.json"), []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	writeConfig(`{"queue_late": "post", "queue_grace": "30m"}`)
	follows := e.queueID(t, "post", "--at", "+1h", "follows the config: posted late")
	own := e.queueID(t, "post", "--at", "+1h", "--late", "hold", "its own policy: held")
	within := e.queueID(t, "post", "--at", "+2h", "--late", "hold", "--grace", "2h", "held only past two hours")
	e.clock.Advance(3 * time.Hour)
	got := e.r.run("", "queue", "run")
	wantRun(t, got, 1)
	for _, w := range []string{follows + " posted", own + " held: its time passed 2h0m ago, more than the 30m allowed", within + " posted"} {
		if !strings.Contains(got.stdout, w) {
			t.Errorf("run lacks %q:\n%s", w, got.stdout)
		}
	}
	for _, bad := range []struct{ config, want string }{
		{`{"queue_late": "maybe"}`, `queue_late "maybe" must be "hold" or "post"`},
		{`{"queue_grace": "soon"}`, `queue_grace "soon" must be a positive duration`},
		{`{"queue_notify": "loud"}`, `queue_notify "loud" must be "failures", "all" or "off"`},
	} {
		writeConfig(bad.config)
		wantRun(t, e.r.run("", "queue"), 1, bad.want)
	}
}

// TestQueueRunPrunesMedia: once an item is posted, its copy of a picture
// goes at the next run; a cancelled item's copy stays, for it is still
// a draft.
func TestQueueRunPrunesMedia(t *testing.T) {
	t.Parallel()
	e := newQueueEnv(t, xapitest.Options{})
	src := t.TempDir()
	a := writePNG(t, filepath.Join(src, "a.png"))
	b := filepath.Join(src, "b.png")
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(b, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	posted := e.queueID(t, "post", "--at", "+1h", "--media", a+"=a", "posted with a picture")
	cancelled := e.queueID(t, "post", "--at", "+1h", "--media", b+"=b", "cancelled with a picture")
	media := filepath.Join(e.dir(), "drafts", "media")
	copies := func() []string {
		t.Helper()
		es, err := os.ReadDir(media)
		if err != nil {
			t.Fatal(err)
		}
		var contents []string
		for _, e := range es {
			p := filepath.Join(media, e.Name())
			c, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			contents = append(contents, string(c))
			// Older than the hour a fresh copy is kept.
			old := time.Now().Add(-2 * time.Hour)
			if err := os.Chtimes(p, old, old); err != nil {
				t.Fatal(err)
			}
		}
		return contents
	}
	if got := copies(); len(got) != 2 {
		t.Fatalf("%d copies", len(got))
	}
	wantRun(t, e.r.run("", "queue", "cancel", cancelled), 0)
	if got := copies(); len(got) != 2 {
		t.Fatalf("after the cancel, %d copies", len(got))
	}
	e.clock.Advance(time.Hour)
	got := e.r.run("", "queue", "run")
	wantRun(t, got, 0)
	if !strings.Contains(got.stdout, posted+" posted") {
		t.Fatalf("run said %q", got.stdout)
	}
	if got := copies(); len(got) != 1 || got[0] != buf.String() {
		t.Errorf("after the run, %d copies, want only the cancelled draft's", len(got))
	}
}

// TestThreadPaceFlags: --pace is kept with the item it queues, bounded,
// and thread_pacing in config.json is checked when read. (The waits
// themselves are xapi's, tested there with an injected clock.)
func TestThreadPaceFlags(t *testing.T) {
	t.Parallel()
	e := newQueueEnv(t, xapitest.Options{})
	file := filepath.Join(t.TempDir(), "t.md")
	if err := os.WriteFile(file, []byte("Paced one\n---\nPaced two\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	wantRun(t, e.r.run("", "thread", "--pace", "2h", "--at", "+1h", file), 2, "--pace must be between 0 (at once) and 1 hour")
	wantRun(t, e.r.run("", "thread", "--pace", "-1s", file), 2, "--pace must be between")
	wantRun(t, e.r.run("", "queue", "run", "--pace", "3h"), 2, "--pace must be between")
	own := e.queueID(t, "thread", "--at", "+1h", "--pace", "30s", file)
	none := e.queueID(t, "thread", "--at", "+1h", file)
	store := &draft.Store{Dir: filepath.Join(e.dir(), "drafts")}
	for id, want := range map[string]string{own: "30", none: "nil"} {
		d, err := store.Load(id)
		if err != nil {
			t.Fatal(err)
		}
		got := "nil"
		if p := d.Schedule.Pace; p != nil {
			got = fmt.Sprint(*p)
		}
		if got != want {
			t.Errorf("%s: pace %s, want %s", id, got, want)
		}
	}
	if err := os.WriteFile(filepath.Join(e.dir(), "config.json"), []byte(`{"thread_pacing": "2h"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	wantRun(t, e.r.run("", "queue"), 1, `thread_pacing "2h" must be a duration from "0s" (at once) to "1h"`)
}
