package main

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xpostdev/xpost/outbox"
	"github.com/xpostdev/xpost/ui/draft"
	"github.com/xpostdev/xpost/xapi/billing"
	"github.com/xpostdev/xpost/xapi/rules"
	"github.com/xpostdev/xpost/xapi/xapitest"
)

// TestQueueRulesAtBothTimes: the plan's rules are checked when an item
// is queued and again when the runner posts it, so a quote queued while
// the plan allowed it fails with the plan's reason once the plan says
// otherwise, without a request.
func TestQueueRulesAtBothTimes(t *testing.T) {
	t.Parallel()
	e := newQueueEnv(t, xapitest.Options{Plan: xapitest.PlanSelfServeLegacy, DemoPosts: true})
	target := e.srv.State().Posts[0].ID
	demo := len(e.srv.State().Posts)
	writeConfig(t, e.r, `{"plan":"self-serve-legacy"}`)

	// Queued on a self-serve plan: refused at once, nothing queued.
	got := e.r.run("", "post", "--at", "+1h", "--quote", target, "Look at this")
	wantRun(t, got, exitRefused, rules.MsgQuoteRefused)
	if items := e.items(t); len(items) != 0 {
		t.Fatalf("a refused quote was queued: %+v", items)
	}

	// Queued while the plan allowed it, posted after it changed.
	writeConfig(t, e.r, `{"plan":"enterprise"}`)
	id := e.queueID(t, "post", "--at", "+1h", "--quote", target, "Look at this")
	writeConfig(t, e.r, `{"plan":"self-serve-legacy"}`)
	e.clock.Advance(time.Hour)
	before := e.srv.Requests()
	got = e.r.run("", "queue", "run")
	if got.code == 0 {
		t.Errorf("queue run with a refused item exited 0:\n%s%s", got.stdout, got.stderr)
	}
	if n := e.srv.Requests() - before; n > 1 { // at most the account
		t.Errorf("the refused queued quote made %d requests", n)
	}
	items := e.items(t)
	if len(items) != 1 || items[0].ID != id || items[0].State != draft.StateFailed ||
		!strings.Contains(items[0].Reason, rules.MsgQuoteRefused) {
		t.Errorf("after the run: %+v", items)
	}
	if n := len(e.srv.State().Posts); n != demo {
		t.Errorf("%d posts on X, want the %d it had", n, demo)
	}
}

// TestQueueCostAndCap: a queued item is priced and recorded in the
// ledger as xpost post is (xpost usage shows what the dry run said), and
// one that would pass the spending cap fails with the cap's message
// before any request.
func TestQueueCostAndCap(t *testing.T) {
	t.Parallel()
	e := newQueueEnv(t, xapitest.Options{Plan: xapitest.PlanPayPerUse, MeterCredits: true, Credits: 10 * xapitest.Dollar})
	writeConfig(t, e.r, `{"spending_cap":{"daily":"0.25"}}`)

	dry := e.r.run("", "post", "--dry-run", "see https://example.com")
	wantRun(t, dry, 0, "")
	m := regexp.MustCompile(`total: (\$[0-9.]+)`).FindStringSubmatch(dry.stdout)
	if m == nil {
		t.Fatalf("no total in the dry run:\n%s", dry.stdout)
	}
	shown, err := billing.ParseCost(m[1])
	if err != nil {
		t.Fatal(err)
	}
	// Queueing shows the same cost.
	got := e.r.run("", "post", "--at", "+1h", "--dry-run", "see https://example.com")
	wantRun(t, got, 0)
	if !strings.Contains(got.stdout, "total: "+m[1]) {
		t.Errorf("queue dry run lacks the cost %s:\n%s", m[1], got.stdout)
	}
	e.queueID(t, "post", "--at", "+1h", "see https://example.com")
	e.clock.Advance(time.Hour)
	wantRun(t, e.r.run("", "queue", "run"), 0)
	got = e.r.run("", "usage", "--json")
	wantRun(t, got, 0)
	if !strings.Contains(got.stdout, `"today_usd":"`+shown.String()+`"`) {
		t.Errorf("usage after the queued post (dry run said %s):\n%s", shown, got.stdout)
	}

}

// TestQueueHeldByTheCap: an item the spending cap stops is held, not
// failed, until the cap's period ends (the next UTC day for the daily cap,
// the next month for the monthly one), without a request and without
// counting as a try; the runner posts it by itself once that time comes.
func TestQueueHeldByTheCap(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		period, config string
		until          time.Time
	}{
		{"daily", `{"spending_cap":{"daily":"0.25"}}`, time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)},
		{"monthly", `{"spending_cap":{"monthly":"0.25"}}`, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)},
	} {
		t.Run(tc.period, func(t *testing.T) {
			t.Parallel()
			e := newQueueEnv(t, xapitest.Options{Plan: xapitest.PlanPayPerUse, MeterCredits: true, Credits: 10 * xapitest.Dollar})
			writeConfig(t, e.r, tc.config)
			e.queueID(t, "post", "--at", "+1h", "see https://example.com")
			// $0.20 + $0.20 passes the cap of $0.25: the second item the
			// runner takes is held.
			e.queueID(t, "post", "--at", "+1h", "again https://example.com/2")
			e.clock.Advance(time.Hour)
			before := e.srv.RequestsTo("POST /2/tweets")
			got := e.r.run("", "queue", "run")
			if got.code == 0 {
				t.Errorf("queue run over the cap exited 0:\n%s%s", got.stdout, got.stderr)
			}
			if n := e.srv.RequestsTo("POST /2/tweets") - before; n != 1 {
				t.Errorf("%d posts sent, want 1 (the item under the cap)", n)
			}
			var capped string
			for _, it := range e.items(t) {
				if it.State != draft.StatePosted {
					capped = it.ID
				}
			}
			item := func() outbox.Item {
				for _, it := range e.items(t) {
					if it.ID == capped {
						return it
					}
				}
				t.Fatalf("item %s is gone", capped)
				return outbox.Item{}
			}
			it := item()
			if it.State != draft.StateHeld || !it.NextTry.Equal(tc.until) || it.Attempts != 0 ||
				!strings.Contains(it.Reason, "over the "+tc.period+" cap of $0.25") || !strings.Contains(it.Reason, "tried again at") {
				t.Errorf("capped item: %+v", it)
			}
			list := e.r.run("", "queue")
			if !strings.Contains(list.stdout, "held until ") {
				t.Errorf("queue does not say until when it is held:\n%s", list.stdout)
			}
			// Not before its time...
			e.clock.Advance(tc.until.Sub(e.clock.Now()) - time.Minute)
			wantRun(t, e.r.run("", "queue", "run"), 0, "nothing is due")
			// ...and then by itself.
			e.clock.Advance(2 * time.Minute)
			wantRun(t, e.r.run("", "queue", "run"), 0)
			if it := item(); it.State != draft.StatePosted {
				t.Errorf("after the cap's period: %+v", it)
			}
			if n := len(e.srv.State().Posts); n != 2 {
				t.Errorf("%d posts on X, want 2", n)
			}
		})
	}
}
