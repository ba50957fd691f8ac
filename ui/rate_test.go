package ui

import (
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/google/go-cmp/cmp"
)

func TestRecentReportsRate(t *testing.T) {
	t.Parallel()
	reads := Rate{Of: RateReads, Remaining: 899, Limit: 900, Reset: time.Now().Add(15 * time.Minute)}
	tests := []struct {
		name string
		rate Rate
	}{
		{name: "X said", rate: reads},
		{name: "X said nothing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			bubble(t, func(t *testing.T) {
				svc := newFakeServices().addPosts(3)
				svc.readRate = tt.rate
				s := newRecentScreen(testEnv(t, svc))
				cmd := send(s, expectMsg[recentPageMsg](t, s.load(false)))
				got, ok := firstMsg[rateLimitMsg](cmd)
				if ok != tt.rate.Known() || (ok && got.Rate != tt.rate) {
					t.Errorf("rate message %+v (sent %v), want %+v", got, ok, tt.rate)
				}
			})
		})
	}
}

// pumpRates publishes on s against its services and returns the rate
// limits the screen reported, in order.
func pumpRates(t *testing.T, s *publishScreen) []Rate {
	t.Helper()
	inBubble()
	p := newCmdPump(send(s, press("enter")))
	var rates []Rate
	timeout := time.After(5 * time.Second)
	var settle <-chan time.Time // runs once publishing is done
	for {
		select {
		case m := <-p.out:
			switch m := m.(type) {
			case rateLimitMsg:
				rates = append(rates, m.Rate)
			case publishEventMsg, publishDoneMsg:
				_, next := s.Update(m)
				p.run(next)
				if _, ok := m.(publishDoneMsg); ok {
					settle = time.After(200 * time.Millisecond)
				}
			}
		case <-settle:
			return rates
		case <-timeout:
			t.Fatal("publishing did not finish")
		}
	}
}

func TestPublishReportsRate(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		reset := time.Now().Add(10 * time.Minute)
		svc := newFakeServices()
		svc.postRate = Rate{Of: RatePosts, Remaining: 10, Limit: 17, Reset: reset}
		s, _ := newTestPublish(t, svc, testThread())
		got := pumpRates(t, s)
		if s.stage != publishDone {
			t.Fatalf("stage %v, err %v", s.stage, s.err)
		}
		var left []int
		for _, r := range got {
			if r.Of != RatePosts || r.Limit != 17 || !r.Reset.Equal(reset) {
				t.Errorf("reported %+v", r)
			}
			left = append(left, r.Remaining)
		}
		// Events still buffered when publishing ends are reported as one, the
		// last; so the counts are some of 9, 8, 7 and always the final 7.
		if !slices.Contains(left, 7) {
			t.Errorf("remaining reported %v, want the last count, 7", left)
		}
		for _, n := range left {
			if n < 7 || n > 9 {
				t.Errorf("remaining reported %v, want counts from 9 to 7", left)
			}
		}
	})
}

func TestPublishDrainedEventReportsRate(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		svc := newFakeServices()
		s, _ := newTestPublish(t, svc, testThread())
		rate := Rate{Of: RatePosts, Remaining: 4, Limit: 100, Reset: time.Now().Add(time.Minute)}
		s.stage, s.run, s.events = publishRunning, 1, make(chan tea.Msg, 4)
		// The last post's event is still buffered when the run ends.
		s.events <- publishEventMsg{run: 1, ev: PublishEvent{Kind: EventPosted, Index: 0, ID: "7", Rate: rate}}
		cmd := send(s, publishDoneMsg{run: 1})
		if got := expectMsg[rateLimitMsg](t, cmd); got.Rate != rate {
			t.Errorf("rate %+v, want %+v", got.Rate, rate)
		}
	})
}

func TestStatusBarRates(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 4, 13, 50, 0, 0, time.Local)
	reset := time.Date(2026, 3, 4, 14, 5, 0, 0, time.Local)
	posts := func(left, limit int) Rate { return Rate{Of: RatePosts, Remaining: left, Limit: limit, Reset: reset} }
	reads := func(left int) Rate { return Rate{Of: RateReads, Remaining: left, Limit: 900, Reset: reset} }
	st := NewStyles(true)
	tests := []struct {
		name  string
		rates []Rate
		want  string // the right side after the save state; "" shows none
		style string // "warn" or "error" when drawn in that color
	}{
		{name: "nothing known"},
		{name: "posts", rates: []Rate{posts(97, 100)}, want: "posts left 97/100 · resets 14:05"},
		{name: "the latest count wins", rates: []Rate{posts(97, 100), posts(96, 100)}, want: "posts left 96/100 · resets 14:05"},
		{name: "few posts left", rates: []Rate{posts(3, 17)}, want: "posts left 3/17 · resets 14:05", style: "warn"},
		{name: "none left", rates: []Rate{posts(0, 100)}, want: "posts left 0/100 · resets 14:05", style: "error"},
		{name: "reads are shown only when low", rates: []Rate{reads(850)}},
		{name: "low reads beside posts", rates: []Rate{posts(97, 100), reads(5)}, want: "posts left 97/100 · resets 14:05 · reads left 5/900 · resets 14:05", style: "warn"},
		{name: "a window over already is ignored", rates: []Rate{{Of: RatePosts, Remaining: 1, Limit: 100, Reset: now.Add(-time.Second)}}},
		{name: "without a reset time", rates: []Rate{{Of: RatePosts, Remaining: 50, Limit: 100}}, want: "posts left 50/100"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newStatusBar()
			s.now = func() time.Time { return now }
			s.account = "ada"
			for _, r := range tt.rates {
				s.update(rateLimitMsg{Rate: r})
			}
			raw := s.view(&st, 100, 280)
			line := strings.TrimSpace(ansi.Strip(raw))
			_, after, _ := strings.Cut(line, "limit 280")
			after = strings.TrimPrefix(after, " · ")
			if after != tt.want {
				t.Errorf("status %q, want %q after the limit", line, tt.want)
			}
			if w := ansi.StringWidth(ansi.Strip(raw)); w != 100 {
				t.Errorf("the line is %d cells wide, want 100", w)
			}
			switch tt.style {
			case "warn":
				if !strings.Contains(raw, st.StatusWarn.Render("reads left 5/900 · resets 14:05")) && !strings.Contains(raw, st.StatusWarn.Render(tt.want)) {
					t.Errorf("%q is not in the warning color", tt.want)
				}
			case "error":
				if !strings.Contains(raw, st.StatusError.Render(tt.want)) {
					t.Errorf("%q is not in the error color", tt.want)
				}
			default:
				if tt.want != "" && !strings.Contains(raw, st.StatusBar.Render(tt.want)) {
					t.Errorf("%q is not in the calm color", tt.want)
				}
			}
		})
	}
}

func TestStatusBarForgetsRateAtReset(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		s := newStatusBar()
		r := Rate{Of: RatePosts, Remaining: 5, Limit: 100, Reset: time.Now().Add(20 * time.Millisecond)}
		tick := s.update(rateLimitMsg{Rate: r})
		newer := r
		newer.Remaining = 4
		// A reset tick for an older count leaves a newer one alone.
		s.update(rateLimitMsg{Rate: newer})
		s.update(expectMsg[rateResetMsg](t, tick))
		if diff := cmp.Diff(map[string]Rate{RatePosts: newer}, s.rates); diff != "" {
			t.Errorf("after the old count's reset (-want +got):\n%s", diff)
		}
		s.update(rateResetMsg{Rate: newer})
		if len(s.rates) != 0 {
			t.Errorf("rates after the reset: %+v", s.rates)
		}
	})
}

func TestRootShowsRate(t *testing.T) {
	t.Parallel()
	m := newTestModel(t, Options{})
	reset := time.Now().Add(10 * time.Minute)
	tm, _ := m.Update(rateLimitMsg{Rate: Rate{Of: RatePosts, Remaining: 97, Limit: 100, Reset: reset}})
	want := "posts left 97/100 · resets " + reset.Format("15:04")
	if got := screenText(tm); !strings.Contains(got, want) {
		t.Errorf("the frame lacks %q:\n%s", want, got)
	}
}
