package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xpostdev/xpost/xapi/billing"
	"github.com/xpostdev/xpost/xapi/rules"
	"github.com/xpostdev/xpost/xapi/xapitest"
)

// TestDryRunCostIsCharged: the cost the dry run shows for a thread (a
// post, a post with a link, an image with alt text) is what the fake X on
// pay-per-use charges for publishing it.
func TestDryRunCostIsCharged(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{Plan: xapitest.PlanPayPerUse, MeterCredits: true, Credits: 10 * xapitest.Dollar})
	r := apiRunner(t, srv)
	dir := t.TempDir()
	writePNG(t, filepath.Join(dir, "cat.png"))
	thread := filepath.Join(dir, "thread.txt")
	text := "A thread about cats\n![A cat asleep](cat.png)\n---\nMore at https://example.com/cats\n---\nThe end\n"
	if err := os.WriteFile(thread, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	got := r.run("", "thread", "--dry-run", thread)
	wantRun(t, got, 0)
	for _, want := range []string{
		"post 1: $0.015 (post)",
		"post 2: $0.20 (post with a link: a link makes a post cost about 13 times more)",
		"post 3: $0.015 (post)",
		"alt text: $0.005 (1 × media metadata)",
		"total: $0.235 on pay-per-use",
	} {
		if !strings.Contains(got.stdout, want) {
			t.Errorf("dry run lacks %q:\n%s", want, got.stdout)
		}
	}
	m := regexp.MustCompile(`total: (\$[0-9.]+)`).FindStringSubmatch(got.stdout)
	if m == nil {
		t.Fatalf("no total in the dry run:\n%s", got.stdout)
	}
	shown, err := billing.ParseCost(m[1])
	if err != nil {
		t.Fatal(err)
	}
	if n := srv.Requests(); n != 0 {
		t.Fatalf("the dry run made %d requests", n)
	}

	wantRun(t, r.run("", "thread", thread), 0)
	charged := 0
	for _, c := range srv.State().Charges {
		charged += c.Credits
	}
	if billing.Cost(charged) != shown {
		t.Errorf("the dry run showed %s, X charged %s: %+v", shown, billing.Cost(charged), srv.State().Charges)
	}
}

// TestPlanRulesBeforeSending: on a self-serve plan a quote post is
// refused without a request, saying what to do instead; more than one
// cashtag is flagged; an enterprise plan checks neither; and when X
// refuses anyway, its answer is explained in the same words.
func TestPlanRulesBeforeSending(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{Plan: xapitest.PlanSelfServeLegacy, DemoPosts: true})
	r := apiRunner(t, srv)
	target := srv.State().Posts[0].ID
	writeConfig(t, r, `{"plan":"self-serve-legacy"}`)

	before := srv.Requests()
	got := r.run("", "post", "--quote", target, "Look at this")
	wantRun(t, got, exitRefused, rules.MsgQuoteRefused, "https://x.com/i/status/"+target, "nothing was sent")
	if n := srv.Requests() - before; n != 0 {
		t.Errorf("the refused quote made %d requests", n)
	}
	got = r.run("", "post", "--dry-run", "--quote", target, "Look at this")
	wantRun(t, got, exitRefused)
	if !strings.Contains(got.stdout, "cost: self-serve-legacy is not billed per request") ||
		!strings.Contains(got.stdout, "refused: post 1: "+rules.MsgQuoteRefused) {
		t.Errorf("dry run of a quote:\n%s", got.stdout)
	}

	got = r.run("", "post", "--dry-run", "$AAPL or $MSFT?")
	wantRun(t, got, 0)
	if !strings.Contains(got.stdout, "likely refused: post 1: "+rules.MsgManyCashtags) {
		t.Errorf("dry run with two cashtags:\n%s", got.stdout)
	}
	// Sent anyway (flagged, not refused): X's 403 reads as the check does.
	got = r.run("", "post", "$AAPL or $MSFT?")
	wantRun(t, got, exitRefused, "warning: post 1: "+rules.MsgManyCashtags, rules.MsgManyCashtags+" (X said:")

	// Told the plan is enterprise, xpost sends the quote; X's refusal is
	// worded as xpost's own.
	writeConfig(t, r, `{"plan":"enterprise"}`)
	got = r.run("", "post", "--quote", target, "Look at this")
	wantRun(t, got, exitRefused, rules.MsgQuoteRefused+" (X said:")
}

// TestLedgerAndCap: what a publish spends is recorded by kind (xpost
// usage, --json too), and a spending cap stops a publish that would pass
// it before any request, saying which cap and what to do.
func TestLedgerAndCap(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{Plan: xapitest.PlanPayPerUse, MeterCredits: true, Credits: 10 * xapitest.Dollar})
	r := apiRunner(t, srv)
	writeConfig(t, r, `{"spending_cap":{"daily":"0.25","monthly":5}}`)
	wantRun(t, r.run("", "post", "hello"), 0)
	wantRun(t, r.run("", "post", "see https://example.com"), 0)
	got := r.run("", "usage")
	wantRun(t, got, 0)
	for _, want := range []string{"$0.215 of a $0.25 cap", "post with a link", "$0.20", "$5.00 cap"} {
		if !strings.Contains(got.stdout, want) {
			t.Errorf("usage lacks %q:\n%s", want, got.stdout)
		}
	}
	got = r.run("", "usage", "--json")
	wantRun(t, got, 0)
	if !strings.Contains(got.stdout, `"today_usd":"$0.215"`) || !strings.Contains(got.stdout, `{"kind":"post_url","requests":1,"resources":1,"usd":"$0.20"}`) {
		t.Errorf("usage --json:\n%s", got.stdout)
	}
	// X charged what the ledger says.
	charged := 0
	for _, c := range srv.State().Charges {
		charged += c.Credits
	}
	if charged != 215 {
		t.Errorf("X charged %d credits, the ledger says $0.215", charged)
	}

	before := srv.Requests()
	got = r.run("", "post", "another https://example.com/2")
	wantRun(t, got, exitRefused, "nothing was sent: this costs $0.20 and would bring this day's spending to $0.415, over the daily cap of $0.25",
		"spending_cap.daily in config.json")
	if n := srv.Requests() - before; n != 0 {
		t.Errorf("the capped publish made %d requests", n)
	}
	wantRun(t, r.run("", "post", "cheap"), 0) // $0.015 still fits
}
