package xapi_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/xpostdev/xpost/xapi"
	"github.com/xpostdev/xpost/xapi/xapitest"
)

// pacedClient is a client of e's fake X whose waits are recorded with
// how many posts X had when each began, and end at once (or as stop
// says).
type pacedClient struct {
	mu      sync.Mutex
	waits   []time.Duration
	postsAt []int
	stop    func(n int) error // the n-th wait's result (from 1); nil: none
}

func (p *pacedClient) client(t *testing.T, e *env) *xapi.Client {
	t.Helper()
	c, err := xapi.NewClient(e.auth.TokenSource(e.store), xapi.Options{BaseURL: e.srv.URL,
		Sleep: func(ctx context.Context, d time.Duration) error {
			p.mu.Lock()
			defer p.mu.Unlock()
			p.waits = append(p.waits, d)
			p.postsAt = append(p.postsAt, len(e.srv.State().Posts))
			if p.stop != nil {
				if err := p.stop(len(p.waits)); err != nil {
					return err
				}
			}
			return ctx.Err()
		}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func threeParts() *xapi.Thread {
	return &xapi.Thread{Posts: []xapi.ThreadPost{{Text: "paced one"}, {Text: "paced two"}, {Text: "paced three"}}}
}

func TestPublishPace(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		pace      time.Duration
		wantWaits []time.Duration
		wantAt    []int // posts on X when each wait began
	}{
		{"off", 0, nil, nil},
		{"30s", 30 * time.Second, []time.Duration{30 * time.Second, 30 * time.Second}, []int{1, 2}},
		{"bounded", 5 * time.Hour, []time.Duration{xapi.MaxPace, xapi.MaxPace}, []int{1, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, xapitest.Options{})
			p := &pacedClient{}
			c := p.client(t, e)
			var mu sync.Mutex
			var pacing []int
			ids, err := c.PublishThread(t.Context(), threeParts(), &xapi.MemoryJournal{}, xapi.PublishOptions{Pace: tt.pace,
				OnEvent: func(ev xapi.Event) {
					if ev.Kind == xapi.EventPacing {
						mu.Lock()
						pacing = append(pacing, ev.Post)
						mu.Unlock()
						if ev.Wait != min(tt.pace, xapi.MaxPace) || ev.Until.IsZero() {
							t.Errorf("pacing event %+v", ev)
						}
					}
				}})
			if err != nil || len(ids) != 3 {
				t.Fatalf("publish = %v, %v", ids, err)
			}
			if !slices.Equal(p.waits, tt.wantWaits) || !slices.Equal(p.postsAt, tt.wantAt) {
				t.Errorf("waits %v with %v posts on X, want %v with %v", p.waits, p.postsAt, tt.wantWaits, tt.wantAt)
			}
			if want := len(tt.wantWaits); len(pacing) != want || (want > 0 && !slices.Equal(pacing, []int{1, 2})) {
				t.Errorf("pacing events before parts %v", pacing)
			}
		})
	}
}

// TestPublishPaceCancelled stops a paced thread during its wait: the
// part posted is in the journal, the next is not even attempted, and a
// resumed publish posts the rest once, waiting only between its own
// parts.
func TestPublishPaceCancelled(t *testing.T) {
	t.Parallel()
	e := newEnv(t, xapitest.Options{})
	p := &pacedClient{stop: func(n int) error {
		if n == 1 {
			return context.Canceled
		}
		return nil
	}}
	c := p.client(t, e)
	j := &xapi.MemoryJournal{}
	th := threeParts()
	opts := xapi.PublishOptions{Pace: time.Minute}
	if _, err := c.PublishThread(t.Context(), th, j, opts); err == nil {
		t.Fatal("publish went on after its wait was cancelled")
	}
	if _, ok := j.Posted(0); !ok || len(e.srv.State().Posts) != 1 {
		t.Fatalf("after the cancel: %d posts on X", len(e.srv.State().Posts))
	}
	if _, ok := j.Posted(1); ok || j.Attempted(1) {
		t.Fatal("part 2 was recorded as sent or attempted though its wait was cancelled")
	}

	p.waits, p.postsAt, p.stop = nil, nil, nil
	opts.Resume = true
	ids, err := c.PublishThread(t.Context(), th, j, opts)
	if err != nil {
		t.Fatal(err)
	}
	st := e.srv.State()
	if len(st.Posts) != 3 || st.Posts[1].InReplyToID != ids[0] || st.Posts[2].InReplyToID != ids[1] {
		t.Fatalf("posts on X = %+v", st.Posts)
	}
	if !slices.Equal(p.waits, []time.Duration{time.Minute}) || !slices.Equal(p.postsAt, []int{2}) {
		t.Errorf("resumed waits %v with %v posts on X, want one, before part 3", p.waits, p.postsAt)
	}
}
