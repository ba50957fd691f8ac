package xapi_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/xpostdev/xpost/xapi"
	"github.com/xpostdev/xpost/xapi/xapitest"
)

// lossyTransport stands between the client and the fake X and loses what
// a real network loses after X has acted on a create (POST /2/tweets):
// the run is interrupted (as by ctrl+c) once the request went through, or
// the 2xx answer arrives unreadable (cut mid-body, or a proxy's HTML
// page). The fake itself drops answers too (Faults.FailAfterRate).
type lossyTransport struct {
	mu     sync.Mutex
	rng    *rand.Rand
	cancel context.CancelFunc // interrupts the current run
	stats  map[string]int
	// holdPolls, when set, holds the status polls of a processing upload
	// until holdPolls says they may go (or the run ends): so an upload
	// of a later part fails after earlier parts are live.
	holdPolls func() bool
	created   chan struct{} // closed and renewed after every create
}

// hold waits until l.holdPolls allows a status poll, rechecking after
// every create, or until the run ends.
func (l *lossyTransport) hold(r *http.Request) error {
	for {
		l.mu.Lock()
		if l.created == nil {
			l.created = make(chan struct{})
		}
		next := l.created
		l.mu.Unlock()
		if l.holdPolls() {
			return nil
		}
		select {
		case <-next:
		case <-r.Context().Done():
			return r.Context().Err()
		}
	}
}

// createDone wakes the held status polls.
func (l *lossyTransport) createDone() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.created != nil {
		close(l.created)
		l.created = nil
	}
}

func (l *lossyTransport) roll() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch x := l.rng.Float64(); {
	case x < 0.15:
		l.stats["interrupt"]++
		return "interrupt"
	case x < 0.25:
		l.stats["cut"]++
		return "cut"
	case x < 0.32:
		l.stats["html"]++
		return "html"
	}
	return ""
}

func (l *lossyTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	create := r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/2/tweets")
	if l.holdPolls != nil && r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/2/media/upload") {
		if err := l.hold(r); err != nil {
			return nil, err
		}
	}
	resp, err := http.DefaultTransport.RoundTrip(r)
	if create && l.holdPolls != nil {
		defer l.createDone()
	}
	if err != nil || !create || resp.StatusCode/100 != 2 {
		return resp, err
	}
	switch l.roll() {
	case "interrupt":
		resp.Body.Close()
		l.mu.Lock()
		l.cancel()
		l.mu.Unlock()
		return nil, context.Canceled
	case "cut":
		resp.Body = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(strings.NewReader(`{"data":{"id":`), errReader{}), resp.Body}
	case "html":
		resp.Body = struct {
			io.Reader
			io.Closer
		}{strings.NewReader("<html><body>502 Bad Gateway</body></html>"), resp.Body}
	}
	return resp, nil
}

// chainDepth is the length of the longest reply chain among the posts.
func chainDepth(st xapitest.State) int {
	children := map[string][]string{}
	for _, p := range st.Posts {
		children[p.InReplyToID] = append(children[p.InReplyToID], p.ID)
	}
	var longest func(id string) int
	longest = func(id string) int {
		d := 0
		for _, k := range children[id] {
			d = max(d, 1+longest(k))
		}
		return d
	}
	return longest("")
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("connection reset by peer") }

// TestPublishNeverTwice publishes a thread of media-only, text-and-media
// and text parts (one image attached twice with different alt texts,
// once with none) through answers lost after X acted: dropped by the
// server, interrupted runs, cut and unreadable 2xx bodies. It resumes
// with the same journal until the thread is complete, over many seeds,
// and counts on the server what a user would see: duplicates and gaps.
// In the last seeds X also fails to process the GIF of part 5 once parts
// 1 to 4 are live, until a run stops on that failure: the publish says
// so, and the next runs finish the thread.
func TestPublishNeverTwice(t *testing.T) {
	t.Parallel()
	const seeds, failingUpload = 32, 24 // seeds from failingUpload on fail the GIF
	dir := t.TempDir()
	img := writeFile(t, dir, "a.png", pngHead, 3000)
	gif := writeFile(t, dir, "c.gif", animGIF, 0)
	th := &xapi.Thread{Posts: []xapi.ThreadPost{
		{Media: []xapi.Attachment{{Path: img, Alt: "a dot"}}},
		{Text: "Look at this & that <3", Media: []xapi.Attachment{{Path: img, Alt: "the same dot, described again"}}},
		{Text: "A plain part in the middle"},
		{Media: []xapi.Attachment{{Path: img}}},
		{Text: "moving picture", Media: []xapi.Attachment{{Path: gif, Alt: "it moves"}}},
		{Text: "The last part, with a link https://example.com/x"},
	}}
	n := len(th.Posts)
	var mu sync.Mutex
	totalDup, totalGap, failedSeeds := 0, 0, 0
	for seed := range seeds {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, xapitest.Options{Seed: int64(seed)})
			srv := e.srv
			lt := &lossyTransport{rng: rand.New(rand.NewPCG(uint64(seed), 99)), stats: map[string]int{}}
			c, err := xapi.NewClient(e.auth.TokenSource(e.store), xapi.Options{BaseURL: srv.URL,
				HTTPClient: &http.Client{Transport: lt}, Sleep: noSleep})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.CurrentUser(t.Context()); err != nil {
				t.Fatal(err)
			}
			failUpload := seed >= failingUpload
			srv.SetFaults(xapitest.Faults{FailAfterRate: 0.2, FailProcessing: failUpload})
			if failUpload {
				lt.holdPolls = func() bool { return chainDepth(srv.State()) >= 4 }
			}
			var uploadErr *xapi.UploadError
			j := &xapi.MemoryJournal{}
			var runErr error
			runs := 0
			for runs < 15 {
				runs++
				ctx, cancel := context.WithCancel(t.Context())
				lt.mu.Lock()
				lt.cancel = cancel
				lt.mu.Unlock()
				_, runErr = c.PublishThread(ctx, th, j, xapi.PublishOptions{Resume: runs > 1})
				cancel()
				if runErr == nil {
					break
				}
				if ue, ok := errors.AsType[*xapi.UploadError](runErr); ok && uploadErr == nil {
					uploadErr = ue
					t.Logf("run %d: %v", runs, runErr)
					srv.SetFaults(xapitest.Faults{FailAfterRate: 0.2})
				}
			}
			if failUpload {
				if uploadErr == nil {
					t.Errorf("no run stopped on the GIF's failed upload")
				} else if uploadErr.Part != 4 || uploadErr.Posted < 4 || uploadErr.Next != uploadErr.Posted ||
					!strings.Contains(uploadErr.Error(), fmt.Sprintf("on X already: publishing again resumes at post %d", uploadErr.Next+1)) {
					t.Errorf("upload error %+v: %v", uploadErr, uploadErr)
				}
			}
			srv.SetFaults(xapitest.Faults{})
			st := srv.State()
			// Chain the server's posts from the root: a duplicate is a
			// second post replying to the same parent, a gap a part
			// that never made it.
			children := map[string][]xapitest.StatePost{}
			for _, p := range st.Posts {
				children[p.InReplyToID] = append(children[p.InReplyToID], p)
			}
			dup := 0
			for _, kids := range children {
				dup += len(kids) - 1
			}
			depth := chainDepth(st)
			gap := max(0, n-depth)
			if depth > n {
				dup += depth - n
			}
			mu.Lock()
			totalDup += dup
			totalGap += gap
			if dup+gap > 0 || runErr != nil {
				failedSeeds++
			}
			mu.Unlock()
			t.Logf("%d run(s), last error %v; faults %d, transport %v; %d posts: %d duplicate(s), %d gap(s)",
				runs, runErr, st.Counters.FaultsInjected, lt.stats, len(st.Posts), dup, gap)
			if runErr != nil {
				t.Errorf("not published after %d runs: %v", runs, runErr)
			}
			if dup > 0 || gap > 0 {
				for _, p := range st.Posts {
					t.Logf("  %s -> %s %q media %v", p.ID, p.InReplyToID, p.Text, p.MediaIDs)
				}
				t.Errorf("%d duplicate(s), %d gap(s)", dup, gap)
			}
			// Each attachment went out with its own description.
			alts := map[string]string{}
			for _, m := range st.Media {
				alts[m.ID] = m.AltText
			}
			for k, kid := 0, ""; k < n; k++ {
				kids := children[kid]
				if len(kids) == 0 {
					break
				}
				p := kids[0]
				for i, id := range p.MediaIDs {
					if i < len(th.Posts[k].Media) && alts[id] != th.Posts[k].Media[i].Alt {
						t.Errorf("part %d carries media %s described %q, want %q", k+1, id, alts[id], th.Posts[k].Media[i].Alt)
					}
				}
				kid = p.ID
			}
		})
	}
	t.Cleanup(func() {
		t.Logf("over %d seeds: %d duplicate(s), %d gap(s), %d seed(s) failing", seeds, totalDup, totalGap, failedSeeds)
	})
}

// TestAttemptRecordedSurvivesWithoutResume interrupts a publish right
// after X created its first part (as a killed process would), then
// publishes again with the same journal but without saying it resumes and
// with nothing else recorded: the journal's note of the attempt alone
// makes the publish find the part on X instead of sending it again (which
// X would refuse as a duplicate, failing the publish).
func TestAttemptRecordedSurvivesWithoutResume(t *testing.T) {
	t.Parallel()
	e := newEnv(t, xapitest.Options{})
	th := &xapi.Thread{Posts: []xapi.ThreadPost{{Text: "the first words & more"}, {Text: "and then the rest"}}}
	interrupting := &interruptFirstCreate{}
	c, err := xapi.NewClient(e.auth.TokenSource(e.store), xapi.Options{BaseURL: e.srv.URL,
		HTTPClient: &http.Client{Transport: interrupting}, Sleep: noSleep})
	if err != nil {
		t.Fatal(err)
	}
	j := &xapi.MemoryJournal{}
	ctx, cancel := context.WithCancel(t.Context())
	interrupting.cancel = cancel
	if _, err := c.PublishThread(ctx, th, j, xapi.PublishOptions{}); !xapi.MaybeSent(err) {
		t.Fatalf("interrupted publish = %v, want an unknown outcome", err)
	}
	if n := len(e.srv.State().Posts); n != 1 {
		t.Fatalf("%d posts after the interruption, want the 1 X made", n)
	}
	var checked bool
	ids, err := c.PublishThread(t.Context(), th, j, xapi.PublishOptions{OnEvent: func(ev xapi.Event) {
		checked = checked || ev.Kind == xapi.EventChecking
	}})
	if err != nil {
		t.Fatal(err)
	}
	st := e.srv.State()
	if len(st.Posts) != 2 || ids[0] != st.Posts[0].ID || st.Posts[1].InReplyToID != ids[0] || !checked {
		t.Errorf("ids %v, posts %+v, checked %v", ids, st.Posts, checked)
	}
}

// interruptFirstCreate lets the first POST /2/tweets reach X, then
// cancels the run before the answer is read.
type interruptFirstCreate struct {
	mu     sync.Mutex
	done   bool
	cancel context.CancelFunc
}

func (f *interruptFirstCreate) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	f.mu.Lock()
	defer f.mu.Unlock()
	if err == nil && !f.done && r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/2/tweets") {
		f.done = true
		resp.Body.Close()
		f.cancel()
		return nil, context.Canceled
	}
	return resp, err
}
