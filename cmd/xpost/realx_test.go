package main

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xpostdev/xpost/xapi"
	"github.com/xpostdev/xpost/xapi/xapitest"
)

// countSleeps makes r's client count its sleeps (which return at once).
func countSleeps(r *runner) *atomic.Int32 {
	var n atomic.Int32
	r.configure = func(a *app) {
		a.clientOptions = func(o *xapi.Options) {
			o.Sleep = func(ctx context.Context, _ time.Duration) error {
				n.Add(1)
				return ctx.Err()
			}
		}
	}
	return &n
}

// writeThread writes a thread file of the given parts and returns its
// path.
func writeThread(t *testing.T, parts ...string) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "thread.md")
	if err := os.WriteFile(file, []byte(strings.Join(parts, "\n---\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

func TestPostOutOfCredits(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{MeterCredits: true, Credits: 0})
	r := apiRunner(t, srv)
	sleeps := countSleeps(r)
	wantRun(t, r.run("", "post", "hello"), exitRetry, "out of API credits", xapi.ConsoleURL)
	st := srv.State()
	if len(st.Posts) != 0 || st.Counters.CreditsRefused != 1 || sleeps.Load() != 0 {
		t.Errorf("%d posts, %d refused requests, %d sleeps: want 0, 1 (no retry), 0", len(st.Posts), st.Counters.CreditsRefused, sleeps.Load())
	}
}

// TestThreadOutOfCreditsResumes runs out of credits after the first part
// of a thread: the command fails saying so and how to resume, and once
// credits are added the resume posts the rest, nothing twice.
func TestThreadOutOfCreditsResumes(t *testing.T) {
	t.Parallel()
	// What a one-part thread costs is what the two-part thread may spend
	// before its second part.
	probe := fake(t, xapitest.Options{MeterCredits: true, Credits: 1000})
	wantRun(t, apiRunner(t, probe).run("", "thread", writeThread(t, "only part")), 0)
	cost := 1000 - *probe.State().Credits

	srv := fake(t, xapitest.Options{MeterCredits: true, Credits: cost})
	r := apiRunner(t, srv)
	file := writeThread(t, "part one", "part two")
	got := r.run("", "thread", file)
	wantRun(t, got, exitPartial, "out of API credits", xapi.ConsoleURL, "--resume")
	if st := srv.State(); len(st.Posts) != 1 || st.Counters.CreditsRefused != 1 {
		t.Fatalf("%d posts, %d refused requests: want 1, 1", len(st.Posts), st.Counters.CreditsRefused)
	}
	srv.SetCredits(-1)
	got = r.run("", "thread", "--resume", file)
	wantRun(t, got, 0)
	st := srv.State()
	if len(st.Posts) != 2 || st.Posts[1].InReplyToID != st.Posts[0].ID || st.Posts[1].Text != "part two" {
		t.Errorf("posts after resume = %+v", st.Posts)
	}
}

// TestUsageCapStopsAtOnce: a used-up monthly cap is reported as such, with
// no wait, and a thread stopped by it can be resumed later.
func TestUsageCapStopsAtOnce(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{UsageCap: 1})
	r := apiRunner(t, srv)
	sleeps := countSleeps(r)
	wantRun(t, r.run("", "post", "one"), 0)
	wantRun(t, r.run("", "post", "two"), exitRetry, "monthly usage cap", "does not help", xapi.ConsoleURL)
	file := writeThread(t, "three", "four")
	wantRun(t, r.run("", "thread", file), exitRetry, "monthly usage cap")
	if _, err := os.Stat(file + ".journal.json"); err != nil {
		t.Errorf("the stopped thread left no journal to resume from: %v", err)
	}
	if st := srv.State(); sleeps.Load() != 0 || len(st.Posts) != 1 || st.Counters.UsageCapped != 2 {
		t.Errorf("%d sleeps, %d posts, %d capped answers: want 0, 1, 2", sleeps.Load(), len(st.Posts), st.Counters.UsageCapped)
	}
}

// TestServicesRecentTextAsTyped: the composer's recent list gets post
// text as typed, unescaped and without the media link X appends.
func TestServicesRecentTextAsTyped(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{})
	r := apiRunner(t, srv)
	img := writePNG(t, filepath.Join(t.TempDir(), "dot.png"))
	wantRun(t, r.run("", "post", "fish & chips <3"), 0)
	wantRun(t, r.run("", "post", "--media", img+"=a dot", "a dot & more"), 0)
	wantRun(t, r.run("", "post", "--media", img+"=only a dot"), 0)
	page, err := adapter(t, r).Recent(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, p := range page.Posts {
		texts = append(texts, p.Text)
	}
	if want := []string{"", "a dot & more", "fish & chips <3"}; !slices.Equal(texts, want) {
		t.Errorf("recent texts = %q, want %q", texts, want)
	}
}
